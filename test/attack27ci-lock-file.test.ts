/**
 * Attack on the per-environment lock (backups_dir/.locks/<env>.lock): a lock that is already there is
 * read to name its owner. The checkout can carry it — a symbolic link to /dev/zero committed as
 * backups/.locks/dev.lock, or to a FIFO on the runner — and a plain read then grew to gigabytes or
 * hung forever, so no sync and no rollback of the environment could run or say why. The CLI runs
 * in its own process (tsx on this checkout's sources) so a hang is a timeout, not a stuck test.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { REPO_ROOT } from './support/paths.js';
import { writeFiles } from './support/terraform.js';

const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const CLI_SOURCE = join(REPO_ROOT, 'packages', 'cli', 'src', 'index.ts');

describe('a lock file that is not a regular file', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack27ci-lock-'));
    writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  fifo:\n    terraform: { dir: infra }\n  zero:\n    terraform: { dir: infra }\n' });
    writeFiles(join(root, 'infra'), { 'main.tf': '' });
    mkdirSync(join(root, 'backups/.locks'), { recursive: true });
    spawnSync('mkfifo', [join(root, 'pipe')]);
    symlinkSync('../../pipe', join(root, 'backups/.locks/fifo.lock'));
    symlinkSync('/dev/zero', join(root, 'backups/.locks/zero.lock'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test.each(['fifo', 'zero'])('a rollback of %s says the environment is locked, exit 1, at once', (environment) => {
    const run = spawnSync(TSX, [CLI_SOURCE, 'rollback', environment, '--mode', 'terraform-state', '--state-file', 'none.tfstate'], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect({ timedOut: (run.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT', status: run.status }).toEqual({ timedOut: false, status: 1 });
    expect(run.stderr).toBe(`gitops-sync: Another sync of ${environment} holds ${join(root, 'backups/.locks', `${environment}.lock`)}; wait for it to finish, or delete the file if that sync is gone.\n`);
  }, 30_000);
});

test('a file where the backups folder should be: the lock cannot be taken, said in one sentence, exit 1', () => {
  const root = mkdtempSync(join(tmpdir(), 'gitops-sync-lock-file-'));
  try {
    writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  dev:\n    terraform: { dir: infra }\n', backups: 'not a folder\n' });
    writeFiles(join(root, 'infra'), { 'main.tf': '' });
    const run = spawnSync(TSX, [CLI_SOURCE, 'rollback', 'dev', '--mode', 'terraform-state', '--state-file', 'none.tfstate'], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `gitops-sync: Could not take the lock ${join(root, 'backups/.locks/dev.lock')} for dev (ENOTDIR); check that sync.backups_dir in gitops-sync.yaml names a writable folder, not a file.\n`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}, 30_000);

/**
 * Attack on "inputs are regular files only, with limits counted on bytes read" for the encrypted
 * backup rollback restores: a `.tfstate` goes through the guarded reader, but a `.tfstate.age` was
 * read with a plain readFileSync. A FIFO or a symlink to /dev/zero named `*.tfstate.age` (in a
 * checkout, or a workflow_dispatch input) then hangs the rollback forever or grows it to gigabytes.
 * The CLI runs in its own process (tsx on this checkout's sources) so a hang is a timeout, not a stuck test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { generateX25519Identity } from 'age-encryption';
import { REPO_ROOT } from './support/paths.js';
import { writeFiles } from './support/terraform.js';

const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const CLI_SOURCE = join(REPO_ROOT, 'packages', 'cli', 'src', 'index.ts');

describe('rollback from a .tfstate.age that is not a regular file', () => {
  let root: string;
  let identity: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack2-age-input-'));
    writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  dev:\n    terraform: { dir: infra }\n' });
    writeFiles(join(root, 'infra'), { 'main.tf': '' });
    spawnSync('mkfifo', [join(root, 'pipe.tfstate.age')]);
    symlinkSync('/dev/zero', join(root, 'zero.tfstate.age'));
    identity = await generateX25519Identity();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const rollback = (stateFile: string) =>
    spawnSync(TSX, [CLI_SOURCE, 'rollback', 'dev', '--mode', 'terraform-state', '--state-file', stateFile, '--force'], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '', GITOPS_SYNC_AGE_IDENTITY: identity },
      encoding: 'utf8',
      timeout: 20_000,
    });

  test.each(['pipe.tfstate.age', 'zero.tfstate.age'])('%s is refused in one sentence, exit 1, at once', (stateFile) => {
    const run = rollback(stateFile);
    expect({ timedOut: run.signal === 'SIGTERM', status: run.status }).toEqual({ timedOut: false, status: 1 });
    expect(run.stderr).toBe(`gitops-sync: ${join(root, stateFile)} is a device, FIFO or socket, not a regular file; pass the path of a Terraform state backup (.tfstate or .tfstate.age).\n`);
  }, 30_000);
});

/**
 * Attacks on the per-environment lock (backups_dir/.locks/<env>.lock). A refusal says to delete the
 * file when the sync holding it is gone; when that sync was only slow, its release then deleted the
 * lock of the sync that came next, and a third ran beside it. And the checkout can carry the lock
 * file: one holding JSON `null` crashed sync and rollback with a TypeError instead of a sentence.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { acquireLock } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { writeFiles } from './support/terraform.js';

const root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack31sync-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const now = new Date('2026-12-06T12:00:00Z');

test("a sync whose lock was deleted by hand and taken by the next one does not release that one's lock", () => {
  const path = join(root, 'taken/.locks/prod.lock');
  const releaseSlow = acquireLock(path, 'prod', now);
  // The slow sync looked gone: its lock is deleted, as the refusal says, and the next sync takes it.
  rmSync(path);
  const releaseNext = acquireLock(path, 'prod', now);
  releaseSlow();
  expect(() => acquireLock(path, 'prod', now)).toThrow(`Another sync of prod holds ${path} (process ${process.pid} on `);
  releaseNext();
  expect(existsSync(path)).toBe(false);
});

test('a lock file the checkout carries holding null: the environment is locked, one sentence, exit 1', async () => {
  const dir = join(root, 'null');
  writeFiles(dir, { 'gitops-sync.yaml': 'environments:\n  dev:\n    terraform: { dir: infra }\n' });
  writeFiles(join(dir, 'infra'), { 'main.tf': '' });
  mkdirSync(join(dir, 'backups/.locks'), { recursive: true });
  writeFileSync(join(dir, 'backups/.locks/dev.lock'), 'null');
  const run = await cli(['rollback', 'dev', '--mode', 'terraform-state', '--state-file', 'none.tfstate'], { cwd: dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
  expect(run).toEqual({
    code: 1,
    stdout: '',
    stderr: `gitops-sync: Another sync of dev holds ${join(dir, 'backups/.locks/dev.lock')}; wait for it to finish, or delete the file if that sync is gone.\n`,
  });
});

/**
 * Attacks on the per-environment lock (backups_dir/.locks/<env>.lock). A refusal says to delete the
 * file when the sync holding it is gone; when that sync was only slow, its release then deleted the
 * lock of the sync that came next, and a third ran beside it. And the checkout can carry the lock
 * file: one holding JSON `null` crashed sync and rollback with a TypeError instead of a sentence. Two syncs
 * finding the same stale lock both took it over: the later one deleted the lock the first had just taken.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { acquireLock, removeStaleLock } from '@gitops-sync/engine';
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

/** A lock left by a process of this host that no longer runs: the text a crashed sync leaves. */
function staleLock(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const text = JSON.stringify({ pid: Number(dead.stdout), host: hostname(), since: '2026-12-06T11:00:00.000Z', token: 'crashed' });
  writeFileSync(path, text);
  return text;
}

test('two syncs that found the same stale lock: the later takeover leaves the lock the earlier one took', () => {
  const path = join(root, 'race/.locks/prod.lock');
  const stale = staleLock(path);
  // Both judged it stale; the first takes over...
  const releaseFirst = acquireLock(path, 'prod', now);
  const taken = readFileSync(path, 'utf8');
  // ...and the second, a moment late, removes what it judged stale: only if it is still that lock.
  expect(removeStaleLock(path, stale)).toBe(false);
  expect(readFileSync(path, 'utf8')).toBe(taken);
  expect(() => acquireLock(path, 'prod', now)).toThrow(`Another sync of prod holds ${path} (process ${process.pid} on `);
  releaseFirst();
  expect(existsSync(path)).toBe(false);
});

test('while another sync is taking over a stale lock, this one does not take it too', () => {
  const path = join(root, 'takeover/.locks/prod.lock');
  staleLock(path);
  writeFileSync(`${path}.takeover`, '');
  expect(() => acquireLock(path, 'prod', now)).toThrow(`Another sync of prod holds ${path} (process `);
  rmSync(`${path}.takeover`);
  // The takeover gone (finished, or deleted by hand), the stale lock is taken over as before.
  const release = acquireLock(path, 'prod', now);
  expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
  release();
  expect(existsSync(`${path}.takeover`)).toBe(false);
});

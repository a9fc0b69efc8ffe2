/**
 * Attack on the stale-lock takeover through a crash: a sync killed while taking over a stale lock leaves
 * `<lock>.takeover` behind. Every later sync then found the stale lock, could not take it over, and was told
 * "wait for it to finish, or delete the file" about a process long gone; deleting the lock let one sync run,
 * but the takeover file stayed, unnamed by any message, and no stale lock was ever taken over again. The
 * refusal now names the takeover file when it stands in the way of a stale lock's takeover.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { acquireLock } from '@gitops-sync/engine';

const root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack32-takeover-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const now = new Date('2026-12-06T12:00:00Z');

/** The text a crashed sync leaves: a process of this host that no longer runs. */
function staleLock(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  writeFileSync(path, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), since: '2026-12-06T11:00:00.000Z', token: 'crashed' }));
}

test('a takeover file left by a crash is named in the refusal, and deleting both files as told frees the environment for good', () => {
  const path = join(root, '.locks/prod.lock');
  staleLock(path);
  writeFileSync(`${path}.takeover`, '');
  let message = '';
  try {
    acquireLock(path, 'prod', now);
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toMatch(new RegExp(`^Another sync of prod holds ${path} \\(process \\d+ on `));
  expect(message).toContain(`${path}.takeover`);
  expect(message).toContain('delete both files');
  rmSync(path);
  rmSync(`${path}.takeover`);
  // The next crash's stale lock is taken over again.
  staleLock(path);
  const release = acquireLock(path, 'prod', now);
  expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
  release();
});

test('a lock held by a live process says nothing of a takeover file', () => {
  const path = join(root, 'live/.locks/prod.lock');
  const release = acquireLock(path, 'prod', now);
  writeFileSync(`${path}.takeover`, '');
  expect(() => acquireLock(path, 'prod', now)).toThrow(`Another sync of prod holds ${path} (process ${process.pid} on ${hostname()} since 2026-12-06T12:00:00.000Z); wait for it to finish, or delete the file if that sync is gone.`);
  release();
  rmSync(`${path}.takeover`);
});

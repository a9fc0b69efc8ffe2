import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { UserError } from '@gitops-sync/core';
import { mkdirKeptOutOfGit } from '../files.js';
import { processAlive } from '../processes.js';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export interface LogLockOptions {
  /** How long to wait for another appender before giving up (ms). */
  waitMs?: number;
  /** A lock of another host (or unreadable) older than this was left by a crashed process (ms): appenders hold it for milliseconds. */
  staleMs?: number;
}

function readOwner(path: string): Partial<LockOwner> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return {};
  }
}

/** Left behind: by a process of this host that no longer runs, or (another host's) too long ago for a live appender. */
function isStale(path: string, staleMs: number): string | undefined {
  let modified: number;
  try {
    modified = statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  const text = (() => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  })();
  const owner = readOwner(path);
  const here = owner.host === hostname() && typeof owner.pid === 'number';
  // A live appender of this host is waited for, however long it takes (a checkpoint over a large log);
  // age decides only for a lock we cannot check: another host's, or one whose content is unreadable.
  const stale = here ? !processAlive(owner.pid!) : Date.now() - modified > staleMs;
  return stale ? (text ?? '') : undefined;
}

/**
 * Moves a stale lock aside. Renaming (atomic) rather than deleting: if another appender took the
 * stale lock over in between and made its own, what we moved is that fresh lock, and it is put back
 * (`link` fails if yet another lock exists, so nothing is overwritten).
 */
function breakStaleLock(path: string, staleText: string): void {
  const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  let movedText: string | undefined;
  try {
    movedText = readFileSync(aside, 'utf8');
  } catch {
    movedText = undefined;
  }
  if (movedText !== staleText) {
    try {
      linkSync(aside, path);
    } catch {
      // Someone else holds a newer lock: theirs stands.
    }
  }
  rmSync(aside, { force: true });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Holds `<log>.lock` (created with O_EXCL) while `work` runs, so that appenders on this machine take
 * turns and each chains onto the event the previous one wrote. Waits for a held lock up to `waitMs`,
 * takes over a stale one, and refuses in one sentence after that.
 */
export async function withLogLock<T>(logPath: string, work: () => T | Promise<T>, options: LogLockOptions = {}): Promise<T> {
  const path = `${logPath}.lock`;
  const waitMs = options.waitMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + waitMs;
  mkdirKeptOutOfGit(dirname(path));
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() } satisfies LockOwner));
      } finally {
        closeSync(fd);
      }
      try {
        return await work();
      } finally {
        rmSync(path, { force: true });
      }
    }
    const staleText = isStale(path, staleMs);
    if (staleText !== undefined) {
      breakStaleLock(path, staleText);
      continue;
    }
    if (Date.now() >= deadline) {
      const owner = readOwner(path);
      throw new UserError(
        `the audit log ${logPath} stayed locked by ${path}${owner.pid ? ` (process ${owner.pid} on ${owner.host} since ${owner.since})` : ''} for ${waitMs / 1000} s; if no gitops-sync is running, delete that lock file and run again`,
      );
    }
    await sleep(5 + Math.random() * 20);
  }
}

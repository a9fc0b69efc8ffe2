import { randomUUID } from 'node:crypto';
import { closeSync, lstatSync, openSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { UserError } from '@gitops-sync/core';
import { mkdirKeptOutOfGit, readInputFile } from '../files.js';
import { processAlive } from '../processes.js';
import { SyncFailure } from './sync-types.js';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  /** Tells this lock from the next one at the same path, when the owner releases it. */
  token: string;
}

/** The lock file's text; undefined when it cannot be read (gone, or a link to /dev/zero or a FIFO the checkout carries). */
function lockText(path: string): string | undefined {
  try {
    return readInputFile(path, 'a lock file', { maxBytes: 4096, fixed: true }).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * Removes the lock at `path` if it still holds `stale`, the text of a lock judged stale, and says
 * whether it did. Two syncs can judge the same lock stale: the takeover goes through an exclusive
 * `<lock>.takeover` file, so the later one never deletes the lock the earlier one took meanwhile.
 */
export function removeStaleLock(path: string, stale: string): boolean {
  const takeover = `${path}.takeover`;
  try {
    closeSync(openSync(takeover, 'wx'));
  } catch {
    // Another takeover is under way (or one died in it): this sync does not take over.
    return false;
  }
  try {
    if (lockText(path) !== stale) return false;
    rmSync(path, { force: true });
    return true;
  } finally {
    rmSync(takeover, { force: true });
  }
}

/**
 * One sync per environment at a time on this machine: a lock file created exclusively (`wx`).
 * A lock left by a process of this host that no longer runs is taken over; any other is refused.
 * CI runners are separate machines: there GitHub `concurrency:` / GitLab `resource_group:` do this.
 */
export function acquireLock(path: string, environment: string, now: Date): () => void {
  const cannot = (error: unknown) =>
    new UserError(`Could not take the lock ${path} for ${environment} (${(error as NodeJS.ErrnoException).code ?? 'error'}); check that sync.backups_dir in gitops-sync.yaml names a writable folder, not a file.`);
  try {
    mkdirKeptOutOfGit(dirname(path));
  } catch (error) {
    throw cannot(error);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      const owned = JSON.stringify({ pid: process.pid, host: hostname(), since: now.toISOString(), token: randomUUID() } satisfies LockOwner);
      writeSync(fd, owned);
      closeSync(fd);
      // Only its own: a lock deleted by hand (as the refusal says to) and taken since is the next sync's.
      return () => {
        if (lockText(path) === owned) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannot(error);
      const text = lockText(path);
      let owner: Partial<LockOwner> = {};
      try {
        const parsed: unknown = JSON.parse(text ?? '{}');
        // Anything but an object (`null` committed as the lock, too) names no owner: held.
        if (typeof parsed === 'object' && parsed !== null) owner = parsed;
      } catch {
        // Unreadable: treat as held.
      }
      const stale = text !== undefined && owner.host === hostname() && typeof owner.pid === 'number' && !processAlive(owner.pid);
      if (attempt === 0 && stale) {
        removeStaleLock(path, text);
        continue;
      }
      const held = `Another sync of ${environment} holds ${path}${owner.pid ? ` (process ${owner.pid} on ${owner.host} since ${owner.since})` : ''}`;
      // A takeover that died part-way leaves its file, which no message would name: every stale lock after it stayed.
      if (stale && lstatSync(`${path}.takeover`, { throwIfNoEntry: false })) {
        throw new SyncFailure('locked', `${held}, which no longer runs, and ${path}.takeover is there: another sync is taking the lock over, or one died doing so; if no sync of ${environment} runs, delete both files.`);
      }
      throw new SyncFailure('locked', `${held}; wait for it to finish, or delete the file if that sync is gone.`);
    }
  }
  throw new SyncFailure('locked', `Could not take the lock ${path} for ${environment}; try again.`);
}

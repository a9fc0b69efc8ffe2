import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { UserError } from '@gitops-sync/core';
import { readInputFile } from '../files.js';
import { SyncFailure } from './sync-types.js';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
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
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw cannot(error);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: now.toISOString() } satisfies LockOwner));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannot(error);
      let owner: Partial<LockOwner> = {};
      try {
        owner = JSON.parse(readInputFile(path, 'a lock file', { maxBytes: 4096 }).toString('utf8')) as LockOwner;
      } catch {
        // Unreadable (a link to /dev/zero or a FIFO the checkout carries, too): treat as held.
      }
      if (attempt === 0 && owner.host === hostname() && typeof owner.pid === 'number' && !alive(owner.pid)) {
        rmSync(path, { force: true });
        continue;
      }
      throw new SyncFailure(
        'locked',
        `Another sync of ${environment} holds ${path}${owner.pid ? ` (process ${owner.pid} on ${owner.host} since ${owner.since})` : ''}; wait for it to finish, or delete the file if that sync is gone.`,
      );
    }
  }
  throw new SyncFailure('locked', `Could not take the lock ${path} for ${environment}; try again.`);
}

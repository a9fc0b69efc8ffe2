import { spawnSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { UserError } from '@gitops-sync/core';

const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';

/**
 * Refuses audit files (all in one folder) that git tracks in the checkout: a commit could write them, so
 * a run on a pull request's head (drift-detect, approve-safe, the gate) would chain its events onto a
 * history the pull request forged, or record nothing behind a broken line it committed. Files that do not
 * exist need no look; without git, or outside a repository, nothing can have committed them.
 */
export function refuseTrackedByGit(paths: readonly string[], env: NodeJS.ProcessEnv): void {
  const present = paths.filter((path) => {
    try {
      lstatSync(path);
      return true;
    } catch {
      return false;
    }
  });
  if (!present.length) return;
  const folder = dirname(present[0]!);
  const run = spawnSync('git', ['ls-files', '-z', '--', ...present.map((path) => basename(path))], { cwd: folder, env, encoding: 'utf8', timeout: 30_000 });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return;
  if (run.status === 128 && /not a git repository/i.test(run.stderr)) return;
  if (run.error || run.status !== 0) {
    const why = run.error ? run.error.message : firstLine(run.stderr) || `git exited with ${run.status ?? run.signal}`;
    throw new UserError(`could not tell whether git tracks ${present[0]} (${why}), and a log a commit can write is never appended to; make git usable there (git config --global --add safe.directory with the checkout's path) and run again`);
  }
  const tracked = run.stdout.split('\0').find(Boolean);
  if (tracked) {
    throw new UserError(`${folder}/${tracked} is a file git tracks, so a commit (a pull request's head) can write what this run would append to; remove it from the repository (git rm --cached) and add .gitops-sync/ to .gitignore`);
  }
}

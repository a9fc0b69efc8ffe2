import { spawnSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { UserError } from '@gitops-sync/core';
import { gitEnvironment, toolEnvironment } from '../node-exec.js';

const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';

/** Variables that tell git where the repository, its index or its work tree is: the checkout's own is meant, found from `cwd`. */
const REPOSITORY_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM'];

function fileId(path: string): string | undefined {
  try {
    const stat = lstatSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Refuses audit files that git tracks in the checkout: a commit could write them, so a run on a pull
 * request's head (drift-detect, approve-safe, the gate) would chain its events onto a history the pull
 * request forged, or record nothing behind a broken line it committed. git runs in `cwd` (the run's
 * working directory, not a folder below it the pull request fills), finds no repository in the
 * checkout's files (gitEnvironment), and reads the names literally and in any case; a file git lists
 * counts when it is the same file (device and inode), so a case-insensitive file system's other
 * spelling of a committed name is caught too, as are files of a submodule and a folder of tracked files at the log's path. Files that do not exist need no look; without git, or
 * outside a repository, nothing can have committed them.
 */
export function refuseTrackedByGit(paths: readonly string[], cwd: string, env: NodeJS.ProcessEnv): void {
  const present = new Map<string, string>();
  for (const path of paths) {
    const id = fileId(path);
    if (id !== undefined) present.set(id, path);
  }
  if (!present.size) return;
  const clean = Object.fromEntries(Object.entries(env).filter(([name]) => !REPOSITORY_VARIABLES.includes(name.toUpperCase())));
  const pathspecs = [...present.values()].map((path) => `:(literal,icase)${relative(cwd, path)}`);
  const run = spawnSync('git', ['ls-files', '--recurse-submodules', '-z', '--', ...pathspecs], { cwd, env: { ...gitEnvironment(toolEnvironment(clean)), LC_ALL: 'C', LANGUAGE: 'C' }, encoding: 'utf8', timeout: 30_000 });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return;
  if (run.status === 128 && /^fatal: not a git repository/m.test(run.stderr)) return;
  const first = [...present.values()][0];
  if (run.error || run.status !== 0) {
    const why = run.error ? run.error.message : firstLine(run.stderr) || `git exited with ${run.status ?? run.signal}`;
    throw new UserError(`could not tell whether git tracks ${first} (${why}), and a log a commit can write is never appended to; make git usable in ${cwd} (safe.directory) and run again`);
  }
  for (const listed of run.stdout.split('\0').filter(Boolean)) {
    // The file itself, or a folder at its path holding tracked files.
    let path: string | undefined;
    for (let at = resolve(cwd, listed); !path && at.length > cwd.length; at = dirname(at)) path = present.get(fileId(at) ?? '');
    if (path) throw new UserError(`${path} is a file git tracks, so a commit (a pull request's head) can write what this run would append to; remove it from the repository (git rm --cached) and add .gitops-sync/ to .gitignore`);
  }
}

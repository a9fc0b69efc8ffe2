import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UserError } from '@gitops-sync/core';
import { gitEnvironment, toolEnvironment } from '../node-exec.js';

const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';

/**
 * Variables that tell git where the repository, its index or its work tree is (the checkout's own is
 * meant, found from `cwd`), or how to read a pathspec (the magic below must stay magic).
 */
const IGNORED_VARIABLES = new Set([
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_LITERAL_PATHSPECS',
  'GIT_GLOB_PATHSPECS',
  'GIT_NOGLOB_PATHSPECS',
  'GIT_ICASE_PATHSPECS',
]);

function fileId(path: string): string | undefined {
  try {
    const stat = lstatSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/** A name as a case- and normalization-insensitive file system (APFS, NTFS) may take it. */
const folded = (name: string) => name.normalize('NFC').toLowerCase();

/** The leading folders of `path` (relative, `/`-separated) that are ASCII: git's `icase` folds only those letters. */
function asciiFolders(path: string): string {
  const parts = path.split('/');
  const ascii = parts.findIndex((part) => /[^\x20-\x7e]/.test(part));
  return parts.slice(0, ascii === -1 ? parts.length : ascii).join('/');
}

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync('git', args, { cwd, env, encoding: 'utf8', timeout: 30_000, maxBuffer: 256 * 1024 * 1024 });
}

/**
 * Refuses audit files that git tracks in the checkout: a commit could write them, so a run on a pull
 * request's head (drift-detect, approve-safe, the gate) would chain its events onto a history the pull
 * request forged, or record nothing behind a broken line it committed. git runs in `cwd` (the run's
 * working directory, not a folder below it the pull request fills) and finds no repository in the
 * checkout's files (gitEnvironment). The tracked files are listed from the repository's top, by the
 * names' ASCII folders in any case (and into submodules), and one counts when its name folds to the
 * same as a file's (case, Unicode normalization) and it is that file (device and inode) — or a folder
 * at the file's path: a case-insensitive file system's other spelling of a committed name is caught.
 * Files that do not exist need no look; without git, or outside a repository, nothing can have committed them.
 */
export function refuseTrackedByGit(paths: readonly string[], cwd: string, env: NodeJS.ProcessEnv): void {
  const present = paths.filter((path) => fileId(path) !== undefined);
  if (!present.length) return;
  const gitEnv = { ...gitEnvironment(toolEnvironment(Object.fromEntries(Object.entries(env).filter(([name]) => !IGNORED_VARIABLES.has(name.toUpperCase()))))), LC_ALL: 'C', LANGUAGE: 'C' };
  const failed = (run: SpawnSyncReturns<string>) => {
    const why = run.error ? run.error.message : firstLine(run.stderr) || `git exited with ${run.status ?? run.signal}`;
    return new UserError(`could not tell whether git tracks ${present[0]} (${why}), and a log a commit can write is never appended to; make git usable in ${cwd} (safe.directory) and run again`);
  };
  const top = git(['rev-parse', '--show-toplevel'], cwd, gitEnv);
  if ((top.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return;
  if (top.status === 128 && /^fatal: not a git repository/m.test(top.stderr)) return;
  if (top.error || top.status !== 0) throw failed(top);
  const root = top.stdout.replace(/\n$/, '');
  const inRepository = new Map<string, string>();
  for (const path of present) {
    const name = relative(root, join(realpathSync(dirname(path)), basename(path))).split(sep).join('/');
    if (name && !name.startsWith('../')) inRepository.set(name, path);
  }
  if (!inRepository.size) return;
  const pathspecs = [...new Set([...inRepository.keys()].map((name) => `:(top,literal,icase)${asciiFolders(name)}`))];
  const listing = git(['ls-files', '--recurse-submodules', '--full-name', '-z', '--', ...pathspecs], cwd, gitEnv);
  if (listing.error || listing.status !== 0) throw failed(listing);
  const wanted = [...inRepository].map(([name, path]) => ({ name: folded(name), path, id: fileId(path) }));
  for (const listed of listing.stdout.split('\0').filter(Boolean)) {
    const name = folded(listed);
    // The file itself, or a folder at its path holding tracked files.
    const match = wanted.find((file) => (name === file.name || name.startsWith(`${file.name}/`)) && fileId(resolve(root, ...listed.split('/').slice(0, file.name.split('/').length))) === file.id);
    if (match) throw new UserError(`${match.path} is a file git tracks, so a commit (a pull request's head) can write what this run would append to; remove it from the repository (git rm --cached) and add .gitops-sync/ to .gitignore`);
  }
}

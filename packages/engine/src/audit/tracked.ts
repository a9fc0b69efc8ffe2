import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { UserError } from '@gitops-sync/core';
import { firstLine, gitToolEnvironment, warnOfOldGit } from '../node-exec.js';

/**
 * Variables that tell git where the repository, its index or its work tree is (the one holding the files
 * is meant, found from their folder), or how to read a pathspec.
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

/** What git says in a folder no repository holds (not a `.git` file naming a repository that is not there). */
const NO_REPOSITORY = /^fatal: not a git repository \(or any (of the )?parent/m;

/** A file's device and inode; undefined when there is none (a tracked file a sparse checkout left out: no exception per name). */
function fileId(path: string | Buffer): string | undefined {
  try {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    return stat && `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/** The byte length of a `/`-separated name's first `depth` parts, or -1 when it has fewer. */
function partsLength(name: Buffer, depth: number): number {
  let end = -1;
  for (let part = 0; part < depth; part++) {
    if (end === name.length) return -1;
    const slash = name.indexOf(0x2f, end + 1);
    end = slash === -1 ? name.length : slash;
  }
  return end;
}

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<Buffer> {
  warnOfOldGit(env);
  return spawnSync('git', args, { cwd, env, timeout: 30_000, maxBuffer: 1024 * 1024 * 1024 });
}

/**
 * Refuses audit files (all in one folder) that git tracks: a commit could write them, so a run on a pull
 * request's head (drift-detect, approve-safe, the gate) would chain its events onto a history the pull
 * request forged, or record nothing behind a broken line it committed.
 *
 * git is asked from the files' folder, so the repository holding them answers (a pull request checked
 * out into a subfolder is its own clone), and finds no repository in the checkout's own files
 * (gitEnvironment: no commit can carry a `.git`). Names are not compared: a case-insensitive file system
 * folds more than git's `icase` (APFS: `ſ` is `s`, the Kelvin sign is `k`), and git may list bytes that
 * are no UTF-8. Instead every tracked path (submodules' too), whole and cut to the files' depth, is one
 * of them when it is the same file (device and inode): the file itself under any spelling, or at another
 * depth than git lists it (a folder of the checkout bind-mounted in another, which realpath does not
 * see), or a folder at its path holding tracked files.
 *
 * Outside CI, files no repository holds (or with no git) are the user's own. In CI they may have come
 * with the checkout (a pull request's files fetched without git): never vouched for, never appended to.
 */
export function refuseTrackedByGit(paths: readonly string[], env: NodeJS.ProcessEnv): void {
  const present = new Map<string, string>();
  for (const path of paths) {
    const id = fileId(path);
    if (id !== undefined) present.set(id, path);
  }
  if (!present.size) return;
  const first = [...present.values()][0]!;
  const folder = dirname(first);
  const inCi = env.GITHUB_ACTIONS === 'true' || env.GITLAB_CI === 'true';
  const cannotTell = (why: string) =>
    new UserError(`could not tell whether git tracks ${first} (${why}), and a log a commit can write is never appended to; run where git can see the checkout's repository (or, outside CI, where no repository holds the log)`);
  const gitEnv = { ...gitToolEnvironment(Object.fromEntries(Object.entries(env).filter(([name]) => !IGNORED_VARIABLES.has(name.toUpperCase())))), LC_ALL: 'C', LANGUAGE: 'C' };
  const failure = (run: SpawnSyncReturns<Buffer>) => (run.error ? run.error.message : firstLine(run.stderr.toString('utf8')) || `git exited with ${run.status ?? run.signal}`);

  const top = git(['rev-parse', '--show-toplevel'], folder, gitEnv);
  const noGit = (top.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  if (noGit || (top.status === 128 && NO_REPOSITORY.test(top.stderr.toString('utf8')))) {
    if (!inCi) return;
    throw cannotTell(noGit ? 'git is not installed' : 'no git repository holds it');
  }
  if (top.error || top.status !== 0) {
    const why = failure(top);
    // A checkout another user owns (a container job's user): git refuses it, and so does this check.
    if (/dubious ownership/.test(why)) throw cannotTell(`${why}; git config --global --add safe.directory <the checkout> lets git read it`);
    throw cannotTell(why);
  }
  const root = top.stdout.toString('utf8').replace(/\n$/, '');
  const inside = relative(root, realpathSync(folder));
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) throw cannotTell(`its folder is not under the repository's top ${root}`);
  const depth = (inside ? inside.split(sep).length : 0) + 1;

  const listing = git(['ls-files', '--recurse-submodules', '--full-name', '-z', '--', ':(top)'], folder, gitEnv);
  if (listing.error || listing.status !== 0) throw cannotTell(failure(listing));
  const seen = new Set<string>();
  const rootBytes = Buffer.from(`${root}/`);
  const names = listing.stdout;
  for (let start = 0; start < names.length; ) {
    const end = names.indexOf(0, start);
    const name = names.subarray(start, end === -1 ? names.length : end);
    start = end === -1 ? names.length : end + 1;
    // The name itself (the file under another spelling, or at another depth through a mount realpath does
    // not see), then cut to the files' depth: a folder at their path holding tracked files.
    let path = present.get(fileId(Buffer.concat([rootBytes, name])) ?? '');
    const length = partsLength(name, depth);
    if (!path && length >= 0 && length < name.length) {
      const key = name.toString('latin1', 0, length);
      if (!seen.has(key)) {
        seen.add(key);
        path = present.get(fileId(Buffer.concat([rootBytes, name.subarray(0, length)])) ?? '');
      }
    }
    if (path) throw new UserError(`${path} is a file git tracks, so a commit (a pull request's head) can write what this run would append to; remove it from the repository (git rm --cached) and add .gitops-sync/ to .gitignore`);
  }
}

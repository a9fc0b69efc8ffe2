import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { terraformDataApp, writeFiles } from './terraform.js';

/** A file's new content, a symlink target, an executable file, or null to delete it. */
export type FileChange = string | { symlink: string } | { executable: string } | null;

export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.quotePath=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout.trim();
}

/** Makes `dir` a git repository on `branch` whose committed gitops-sync.yaml names one Terraform environment, in infra/. */
export function commitTerraformEnvironment(dir: string, environment: string, branch: string): void {
  git(dir, 'init', '-q', '-b', branch);
  writeFiles(dir, { 'gitops-sync.yaml': `environments:\n  ${environment}:\n    terraform:\n      dir: infra\n` });
  writeFiles(join(dir, 'infra'), { 'main.tf': terraformDataApp('v1') });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'infra');
}

function apply(dir: string, changes: Record<string, FileChange>) {
  for (const [path, change] of Object.entries(changes)) {
    const target = join(dir, path);
    if (change === null) {
      git(dir, 'rm', '-q', '--', path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    rmSync(target, { force: true });
    if (typeof change === 'string') writeFileSync(target, change);
    else if ('symlink' in change) symlinkSync(change.symlink, target);
    else {
      writeFileSync(target, change.executable);
      chmodSync(target, 0o755);
    }
    git(dir, 'add', '--', path);
  }
}

export interface PullRequestRepo {
  dir: string;
  baseSha: string;
  headSha: string;
  /** The change as GitHub's pull request files API lists it (rename detection like GitHub's). */
  files: { filename: string; status: string; previous_filename?: string; sha?: string }[];
}

const STATUS: Record<string, string> = { A: 'added', M: 'modified', D: 'removed', R: 'renamed', T: 'changed', C: 'copied' };

/** A real repository: a base commit on main, then one head commit on a branch. Removed by `cleanup`. */
export function pullRequestRepo(base: Record<string, FileChange>, head: Record<string, FileChange>, renames: Record<string, string> = {}): PullRequestRepo {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-pr-'));
  git(dir, 'init', '-q', '-b', 'main');
  apply(dir, base);
  git(dir, 'commit', '-q', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'change');
  for (const [from, to] of Object.entries(renames)) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    git(dir, 'mv', from, to);
  }
  apply(dir, head);
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'change');
  const headSha = git(dir, 'rev-parse', 'HEAD');
  const blobs = new Map(gitTree(dir, headSha).map((entry) => [entry.path, entry.sha]));
  const files = git(dir, 'diff', '--name-status', '-M', `${baseSha}...${headSha}`)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [status, first, second] = line.split('\t');
      const kind = STATUS[status[0]] ?? 'unknown';
      const filename = kind === 'renamed' ? second : first;
      // The file's blob at the head, as GitHub names it (a removed file has none there).
      const sha = blobs.has(filename) ? { sha: blobs.get(filename) } : {};
      return kind === 'renamed' ? { filename, status: kind, previous_filename: first, ...sha } : { filename, status: kind, ...sha };
    });
  return { dir, baseSha, headSha, files };
}

/** One entry of a commit's tree, as GitHub's git trees API lists it with `recursive=1`. */
export interface GitTreeEntry {
  path: string;
  mode: string;
  type: string;
  sha: string;
  /** Blobs only. */
  size?: number;
}

/** The whole tree of a commit in a real repository (`git ls-tree -r -t -l`): what GitHub's trees API serves for it. */
export function gitTree(dir: string, sha: string): GitTreeEntry[] {
  return git(dir, 'ls-tree', '-r', '-t', '-l', '-z', '--full-tree', sha)
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, type, object, size] = line.slice(0, tab).split(/ +/);
      return { path: line.slice(tab + 1), mode, type, sha: object, ...(size === '-' ? {} : { size: Number(size) }) };
    });
}

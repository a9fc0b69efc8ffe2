/**
 * rollback --mode git with real git: a temporary clone with a bare remote (that refuses non-fast-forward
 * pushes, so any history rewrite would fail loudly), and the two ChangeRequestOpener adapters against the
 * loopback GitHub and GitLab fakes.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { UserError } from '@gitops-sync/core';
import { nodeExec } from '@gitops-sync/engine';
import { rollbackGit, type ChangeRequestDraft, type ChangeRequestOpener, type RollbackGitRequest } from '@gitops-sync/engine';
import { GitHubPullOpener, GitLabMergeRequestOpener } from '@gitops-sync/platforms';
import { cli } from './support/cli.js';
import { git } from './support/git-repo.js';
import { useFakeGitHub } from './support/fake-github.js';
import { useFakeGitLab } from './support/fake-gitlab.js';

const NO_RETRY = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 };
const AUTHOR = { name: 'Rollback Bot', email: 'rollback@example.com' };

interface Fixture {
  root: string;
  remote: string;
  work: string;
  /** c1: the known-good state; c2, c3 change the environment; c4 only touches README. */
  c1: string;
  c2: string;
  c3: string;
  c4: string;
}

function write(dir: string, files: Record<string, string | null>): void {
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    if (text === null) {
      git(dir, 'rm', '-q', '--', path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    git(dir, 'add', '--', path);
  }
}

function commit(dir: string, message: string, files: Record<string, string | null>): string {
  write(dir, files);
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

let fx: Fixture;
const steps: string[] = [];
const ctx = () => ({ exec: nodeExec, progress: { step: (message: string) => steps.push(message) }, clock: { now: () => new Date('2026-03-01T12:00:00Z') } });

beforeEach(() => {
  steps.length = 0;
  const root = mkdtempSync(join(tmpdir(), 'gitops-sync-rollback-'));
  const remote = join(root, 'remote.git');
  const work = join(root, 'work');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(remote, 'config', 'receive.denyNonFastForwards', 'true');
  git(remote, 'config', 'receive.denyDeletes', 'true');
  git(root, 'clone', '-q', remote, work);
  git(work, 'checkout', '-q', '-b', 'main');
  const c1 = commit(work, 'good state', {
    'envs/prod/app.yaml': 'replicas: 3\nimage: app:1.0\n',
    'envs/prod/db.yaml': 'size: large\n',
    'envs/dev/app.yaml': 'replicas: 1\nimage: app:1.0\n',
    'README.md': 'v1\n',
  });
  const c2 = commit(work, 'bad release', {
    'envs/prod/app.yaml': 'replicas: 3\nimage: app:2.0\n',
    'envs/prod/new.yaml': 'added: later\n',
    'envs/dev/app.yaml': 'replicas: 1\nimage: app:2.0\n',
  });
  const c3 = commit(work, 'more changes', {
    'envs/prod/db.yaml': null,
    'envs/prod/sub/extra.yaml': 'nested: true\n',
    'README.md': 'v2\n',
  });
  const c4 = commit(work, 'docs only', { 'README.md': 'v3\n' });
  git(work, 'push', '-q', 'origin', 'main');
  fx = { root, remote, work, c1, c2, c3, c4 };
});

afterEach(() => rmSync(fx.root, { recursive: true, force: true }));

function request(overrides: Partial<RollbackGitRequest> = {}): RollbackGitRequest {
  return { environment: 'prod', repoDir: fx.work, toCommit: fx.c1, paths: ['envs/prod'], baseBranch: 'main', push: 'pull-request', author: AUTHOR, ...overrides };
}

class RecordingOpener implements ChangeRequestOpener {
  readonly drafts: ChangeRequestDraft[] = [];
  async open(draft: ChangeRequestDraft) {
    this.drafts.push(draft);
    return { url: `https://example.test/pulls/${this.drafts.length}`, number: this.drafts.length };
  }
}

const remoteRef = (ref: string) => git(fx.remote, 'rev-parse', '--verify', '--quiet', ref);
const remoteRefs = () => git(fx.remote, 'for-each-ref', '--format=%(refname) %(objectname)');
const fileAt = (rev: string, path: string) => git(fx.work, 'show', `${rev}:${path}`);
const filesAt = (rev: string, path: string) => git(fx.work, 'ls-tree', '-r', '--name-only', rev, '--', path).split('\n').filter(Boolean);
const isAncestor = (dir: string, a: string, b: string) => {
  try {
    git(dir, 'merge-base', '--is-ancestor', a, b);
    return true;
  } catch {
    return false;
  }
};

/** The rejection is one UserError sentence (no newline, ends with a full stop) matching `patterns`. */
async function refusal(run: Promise<unknown>, ...patterns: RegExp[]): Promise<string> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  expect(message).toMatch(/\.$/);
  for (const pattern of patterns) expect(message).toMatch(pattern);
  return message;
}

function expectUnchanged(headBefore: string, refsBefore: string): void {
  expect(git(fx.work, 'rev-parse', 'HEAD')).toBe(headBefore);
  expect(git(fx.work, 'symbolic-ref', '--short', 'HEAD')).toBe('main');
  expect(git(fx.work, 'status', '--porcelain')).toBe('');
  expect(git(fx.work, 'branch', '--list', 'gitops-sync/*')).toBe('');
  expect(remoteRefs()).toBe(refsBefore);
}

describe('rollbackGit (real git)', () => {
  test('pull-request mode: a new commit on a branch restores exactly the paths; the branch is pushed and the opener called', async () => {
    const opener = new RecordingOpener();
    const short = git(fx.work, 'rev-parse', '--short', fx.c1);
    const result = await rollbackGit(request(), ctx(), opener);

    const branch = `gitops-sync/rollback-prod-${short}`;
    expect(result).toMatchObject({ rolledBack: true, dryRun: false, from: fx.c4, to: fx.c1, branch, pullRequestUrl: 'https://example.test/pulls/1', pullRequestNumber: 1 });
    expect(result.changedPaths).toEqual(['envs/prod/app.yaml', 'envs/prod/db.yaml', 'envs/prod/new.yaml', 'envs/prod/sub/extra.yaml']);
    expect(result.removedPaths).toEqual(['envs/prod/new.yaml', 'envs/prod/sub/extra.yaml']);

    const rollback = result.commit!;
    // A new commit whose only parent is the old head: nothing rewritten.
    expect(git(fx.work, 'rev-parse', `${rollback}^@`)).toBe(fx.c4);
    // The paths are exactly as at c1: changed files restored, the deleted one back, files added since removed.
    expect(filesAt(rollback, 'envs/prod')).toEqual(filesAt(fx.c1, 'envs/prod'));
    expect(fileAt(rollback, 'envs/prod/app.yaml')).toBe(fileAt(fx.c1, 'envs/prod/app.yaml'));
    expect(fileAt(rollback, 'envs/prod/db.yaml')).toBe('size: large');
    expect(git(fx.work, 'diff', '--name-only', fx.c1, rollback, '--', 'envs/prod')).toBe('');
    // Everything else untouched.
    expect(git(fx.work, 'diff', '--name-only', fx.c4, rollback, '--', '.', ':(exclude)envs/prod')).toBe('');
    expect(fileAt(rollback, 'envs/dev/app.yaml')).toContain('app:2.0');
    expect(fileAt(rollback, 'README.md')).toBe('v3');

    // The message names the environment, the paths and the original commit.
    const message = git(fx.work, 'log', '-1', '--format=%B', rollback);
    expect(message.split('\n')[0]).toBe(`Roll back prod to ${short}`);
    expect(message).toContain('- envs/prod');
    expect(message).toContain(`Original commit: ${fx.c1}`);
    expect(git(fx.work, 'log', '-1', '--format=%an <%ae>', rollback)).toBe('Rollback Bot <rollback@example.com>');

    // Pushed as a branch; main on the remote is untouched and every old commit still reachable.
    expect(remoteRef(`refs/heads/${branch}`)).toBe(rollback);
    expect(remoteRef('refs/heads/main')).toBe(fx.c4);
    for (const old of [fx.c1, fx.c2, fx.c3, fx.c4]) expect(isAncestor(fx.remote, old, rollback)).toBe(true);

    // The opener got the branch, the base and a body listing the paths.
    expect(opener.drafts).toHaveLength(1);
    expect(opener.drafts[0]).toMatchObject({ head: branch, base: 'main', title: `Roll back prod to ${short}` });
    expect(opener.drafts[0].body).toContain('`envs/prod`');
    expect(opener.drafts[0].body).toContain(fx.c1);

    // The checkout is back where it was, clean, with the working files of main.
    expect(git(fx.work, 'symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(git(fx.work, 'rev-parse', 'HEAD')).toBe(fx.c4);
    expect(git(fx.work, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(fx.work, 'envs/prod/new.yaml'))).toBe(true);
  });

  test('the pull request body shows the target commit\'s subject and the file names as text: no mention, image or code block they end', async () => {
    const hostile = commit(fx.work, 'Release for @org/security-team ![p](https://evil.test/p.png)', { 'envs/prod/a```b.yaml': 'x: 1\n' });
    commit(fx.work, 'later', { 'envs/prod/a```b.yaml': 'x: 2\n' });
    git(fx.work, 'push', '-q', 'origin', 'main');
    const opener = new RecordingOpener();
    await rollbackGit(request({ toCommit: hostile }), ctx(), opener);
    const body = opener.drafts[0].body;
    const outsideCode = body.replace(/(`{3,})\n[\s\S]*?\n\1/g, '');
    expect(outsideCode).not.toMatch(/@org|!\[|\]\(|https:\/\//);
    // The diff stat, file name and all, is inside one code block.
    expect(body).toMatch(/````\n[^`]*a```b\.yaml[^\n]*\n[\s\S]*?\n````/);
  });

  test('direct mode: commits on main and the remote fast-forwards', async () => {
    const opener = new RecordingOpener();
    const result = await rollbackGit(request({ push: 'direct', toCommit: 'HEAD~2' }), ctx(), opener);

    expect(result).toMatchObject({ rolledBack: true, from: fx.c4, to: fx.c2, branch: 'main' });
    expect(result.pullRequestUrl).toBeUndefined();
    expect(opener.drafts).toHaveLength(0);
    const rollback = result.commit!;
    expect(remoteRef('refs/heads/main')).toBe(rollback);
    expect(git(fx.work, 'rev-parse', 'main')).toBe(rollback);
    expect(git(fx.work, 'rev-parse', `${rollback}^@`)).toBe(fx.c4);
    expect(isAncestor(fx.remote, fx.c4, rollback)).toBe(true);
    // At c2: db.yaml existed, sub/extra.yaml did not, new.yaml did.
    expect(filesAt(rollback, 'envs/prod')).toEqual(['envs/prod/app.yaml', 'envs/prod/db.yaml', 'envs/prod/new.yaml']);
    expect(result.changedPaths).toEqual(['envs/prod/db.yaml', 'envs/prod/sub/extra.yaml']);
    expect(readFileSync(join(fx.work, 'envs/prod/db.yaml'), 'utf8')).toBe('size: large\n');
    expect(existsSync(join(fx.work, 'envs/prod/sub/extra.yaml'))).toBe(false);
    expect(git(fx.work, 'status', '--porcelain')).toBe('');
  });

  test('several paths, one of them a single file; paths are relative to repoDir', async () => {
    const result = await rollbackGit(request({ repoDir: join(fx.work, 'envs'), paths: ['prod/app.yaml', 'dev'], push: 'direct' }), ctx());
    expect(result.changedPaths).toEqual(['envs/dev/app.yaml', 'envs/prod/app.yaml']);
    const rollback = result.commit!;
    expect(fileAt(rollback, 'envs/dev/app.yaml')).toContain('app:1.0');
    expect(fileAt(rollback, 'envs/prod/app.yaml')).toContain('app:1.0');
    // Not listed: stays as on main.
    expect(filesAt(rollback, 'envs/prod/new.yaml')).toEqual(['envs/prod/new.yaml']);
    expect(filesAt(rollback, 'envs/prod/db.yaml')).toEqual([]);
  });

  test('a commit that is not an ancestor of the branch is refused', async () => {
    git(fx.work, 'checkout', '-q', '-b', 'side', fx.c2);
    const side = commit(fx.work, 'side change', { 'envs/prod/app.yaml': 'side\n' });
    git(fx.work, 'checkout', '-q', 'main');
    const before = remoteRefs();
    const short = git(fx.work, 'rev-parse', '--short', side);
    await refusal(rollbackGit(request({ toCommit: side }), ctx(), new RecordingOpener()), new RegExp(`^Commit ${short} is not an ancestor of main; `));
    await refusal(rollbackGit(request({ toCommit: 'side', dryRun: true }), ctx()), /is not an ancestor of main/);
    expectUnchanged(fx.c4, before);
  });

  test('an unknown commit, a missing branch and a bad path are refused in one sentence', async () => {
    await refusal(rollbackGit(request({ toCommit: 'f'.repeat(40) }), ctx()), /^Commit "f+" is not in the clone at .*; pass a commit sha or ref/);
    await refusal(rollbackGit(request({ toCommit: '--all' }), ctx()), /is not a commit/);
    await refusal(rollbackGit(request({ baseBranch: 'release' }), ctx()), /^Branch release is not in the clone at .*, neither locally nor as origin\/release; /);
    await refusal(rollbackGit(request({ paths: ['../elsewhere'] }), ctx()), /^Path "..\/elsewhere" of environment prod is outside the repository; /);
    await refusal(rollbackGit(request({ paths: ['envs/nowhere'] }), ctx()), /^None of the paths of environment prod \(envs\/nowhere\) exist at /);
    await refusal(rollbackGit(request({ remote: 'upstream' }), ctx()), /^Remote upstream is not configured in the clone at /);
    await refusal(rollbackGit(request({ repoDir: fx.root }), ctx()), /is not a Git working tree; /);
  });

  test('a dirty working tree is refused, whether the change is tracked or an untracked file under the paths', async () => {
    const before = remoteRefs();
    writeFileSync(join(fx.work, 'README.md'), 'edited\n');
    await refusal(rollbackGit(request(), ctx()), /^The working tree at .* has uncommitted changes \(README\.md\); commit or stash them before rolling back\.$/);
    git(fx.work, 'checkout', '--', 'README.md');

    writeFileSync(join(fx.work, 'envs/prod/stray.yaml'), 'x\n');
    await refusal(rollbackGit(request({ push: 'direct' }), ctx()), /uncommitted changes \(envs\/prod\/stray\.yaml\)/);
    rmSync(join(fx.work, 'envs/prod/stray.yaml'));

    git(fx.work, 'rm', '-q', '--cached', 'envs/dev/app.yaml');
    await refusal(rollbackGit(request(), ctx()), /uncommitted changes \(envs\/dev\/app\.yaml/);
    git(fx.work, 'reset', '-q');
    expectUnchanged(fx.c4, before);
  });

  test('nothing to do is reported and nothing is changed', async () => {
    const before = remoteRefs();
    const opener = new RecordingOpener();
    const result = await rollbackGit(request({ toCommit: fx.c3 }), ctx(), opener);
    expect(result).toMatchObject({ rolledBack: false, from: fx.c4, to: fx.c3, changedPaths: [], diffStat: '' });
    expect(result.commit).toBeUndefined();
    expect(steps.some((s) => /^Nothing to roll back: the paths of prod on main .* are already as they were at /.test(s))).toBe(true);
    expect(opener.drafts).toHaveLength(0);
    expectUnchanged(fx.c4, before);

    const same = await rollbackGit(request({ toCommit: 'main', push: 'direct' }), ctx());
    expect(same.rolledBack).toBe(false);
    expectUnchanged(fx.c4, before);
  });

  test('dry run says what would be done (the diff stat) and changes nothing: no commit, no branch, no push', async () => {
    const before = remoteRefs();
    const opener = new RecordingOpener();
    for (const push of ['pull-request', 'direct'] as const) {
      const result = await rollbackGit(request({ dryRun: true, push }), ctx(), opener);
      expect(result).toMatchObject({ rolledBack: false, dryRun: true, from: fx.c4, to: fx.c1 });
      expect(result.commit).toBeUndefined();
      expect(result.changedPaths).toHaveLength(4);
      expect(result.diffStat).toMatch(/envs\/prod\/app\.yaml/);
      expect(result.diffStat).toMatch(/4 files changed/);
      expectUnchanged(fx.c4, before);
    }
    expect(opener.drafts).toHaveLength(0);
    expect(steps.filter((s) => s.startsWith('Dry run: would commit "Roll back prod to'))).toHaveLength(2);
    expect(steps.some((s) => s.includes('4 files changed'))).toBe(true);
  });

  test('a push the remote refuses (main moved on) is reported; nothing is forced and the remote keeps its commit', async () => {
    const other = join(fx.root, 'other');
    git(fx.root, 'clone', '-q', fx.remote, other);
    const theirs = commit(other, 'someone else', { 'docs/notes.md': 'hi\n' });
    git(other, 'push', '-q', 'origin', 'main');

    await refusal(rollbackGit(request({ push: 'direct' }), ctx()), /^Pushing main to origin failed \(not a fast-forward\); nothing was force-pushed/);
    expect(remoteRef('refs/heads/main')).toBe(theirs);
  });

  test('a rollback branch that already exists locally is refused', async () => {
    const short = git(fx.work, 'rev-parse', '--short', fx.c1);
    git(fx.work, 'branch', `gitops-sync/rollback-prod-${short}`);
    await refusal(rollbackGit(request(), ctx(), new RecordingOpener()), new RegExp(`^Branch gitops-sync/rollback-prod-${short} already exists in the clone at `));
  });

  test('direct mode from another checkout: commits on main, pushes, and comes back', async () => {
    git(fx.work, 'checkout', '-q', '-b', 'feature');
    const result = await rollbackGit(request({ push: 'direct' }), ctx());
    expect(remoteRef('refs/heads/main')).toBe(result.commit);
    expect(git(fx.work, 'rev-parse', 'main')).toBe(result.commit);
    expect(git(fx.work, 'symbolic-ref', '--short', 'HEAD')).toBe('feature');
    expect(git(fx.work, 'rev-parse', 'HEAD')).toBe(fx.c4);

    // Detached, with no local main at all: the base comes from origin/main.
    git(fx.work, 'fetch', '-q', 'origin');
    git(fx.work, 'checkout', '-q', '--detach', 'origin/main');
    git(fx.work, 'branch', '-q', '-D', 'main');
    const second = await rollbackGit(request({ push: 'direct', toCommit: fx.c2 }), ctx());
    expect(second.from).toBe(result.commit);
    expect(remoteRef('refs/heads/main')).toBe(second.commit);
    expect(git(fx.work, 'rev-parse', 'HEAD')).toBe(result.commit);
  });

  test('without a configured git identity the commit is made as gitops-sync', async () => {
    const home = join(fx.root, 'home');
    mkdirSync(home);
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(home, 'none') };
    for (const key of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL']) delete env[key];
    const result = await rollbackGit(request({ author: undefined, push: 'direct' }), { ...ctx(), env });
    expect(git(fx.work, 'log', '-1', '--format=%an <%ae> / %cn <%ce>', result.commit!)).toBe(
      'gitops-sync <gitops-sync@users.noreply.invalid> / gitops-sync <gitops-sync@users.noreply.invalid>',
    );
  });

  test('a commit that fails (a refusing pre-commit hook) leaves the checkout as it was, with no branch and no push', async () => {
    const before = remoteRefs();
    writeFileSync(join(fx.work, '.git/hooks/pre-commit'), '#!/bin/sh\necho "policy says no" >&2\nexit 1\n', { mode: 0o755 });
    await refusal(rollbackGit(request(), ctx(), new RecordingOpener()), /^Could not commit the rollback in .* \(git .*policy says no\); /);
    expectUnchanged(fx.c4, before);
    expect(existsSync(join(fx.work, 'envs/prod/new.yaml'))).toBe(true);
  });

  test('without an opener the branch is still pushed and the step says to open one', async () => {
    const result = await rollbackGit(request(), ctx());
    expect(result.rolledBack).toBe(true);
    expect(result.pullRequestUrl).toBeUndefined();
    expect(remoteRef(`refs/heads/${result.branch}`)).toBe(result.commit);
    expect(steps.some((s) => s.startsWith('No pull request was opened'))).toBe(true);
  });
});

describe('gitops-sync rollback on the command line (real git)', () => {
  /** A terminal: no CI platform, no tokens, the clone's own git identity. */
  const terminal = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, GIT_AUTHOR_NAME: 'Ops', GIT_AUTHOR_EMAIL: 'ops@example.com', GIT_COMMITTER_NAME: 'Ops', GIT_COMMITTER_EMAIL: 'ops@example.com' };
    for (const name of ['GITHUB_ACTIONS', 'GITLAB_CI', 'GITHUB_TOKEN', 'GITLAB_TOKEN']) delete env[name];
    return env;
  };
  /** The configuration sits in the clone untracked (and ignored), as a user's local file would. */
  const configure = () => {
    writeFileSync(join(fx.work, 'gitops-sync.yaml'), 'environments:\n  prod:\n    paths: [envs/prod]\n');
    writeFileSync(join(fx.work, '.git/info/exclude'), 'gitops-sync.yaml\n');
  };
  const rollback = (...args: string[]) => {
    configure();
    return cli(['rollback', 'prod', ...args], { cwd: fx.work, env: terminal() });
  };
  const occurrences = (text: string, line: string) => text.split('\n').filter((l) => l.includes(line)).length;

  test('--mode defaults to git: --to-commit alone rolls the environment back, and each progress line is printed once', async () => {
    const run = await rollback('--to-commit', fx.c1, '--direct');
    expect(run.stderr).not.toMatch(/--mode/);
    expect(run.code).toBe(0);
    const newHead = remoteRef('refs/heads/main');
    expect(fileAt(newHead, 'envs/prod/app.yaml')).toBe('replicas: 3\nimage: app:1.0');
    const shown = run.stdout + run.stderr;
    expect(occurrences(shown, 'Rolling back prod on main from')).toBe(1);
    expect(occurrences(shown, `Pushed ${newHead.slice(0, 7)} to origin/main.`)).toBe(1);
    expect(occurrences(shown, 'Committed ')).toBe(1);
    expect(run.stdout).toContain('prod (git): rolled back');
  });

  test('--dry-run needs no remote: it names the branch it would push and the pull request it would open, and changes nothing', async () => {
    git(fx.work, 'remote', 'remove', 'origin');
    const before = remoteRefs();
    const run = await rollback('--to-commit', fx.c1, '--dry-run');
    expect(run.code).toBe(0);
    const short = git(fx.work, 'rev-parse', '--short', fx.c1);
    const shown = run.stdout + run.stderr;
    expect(occurrences(shown, `Dry run: would commit "Roll back prod to ${short}" (4 files: 2 restored, 2 removed) and push it to branch gitops-sync/rollback-prod-${short} on origin, with a pull request into main; nothing was changed.`)).toBe(1);
    expect(occurrences(shown, 'Remote origin is not configured in this clone; add it with git remote add origin URL before the real rollback.')).toBe(1);
    expect(occurrences(shown, '4 files changed')).toBe(1);
    expectUnchanged(fx.c4, before);
  });

  test('--dry-run in CI needs no platform token: it opens nothing', async () => {
    configure();
    const run = await cli(['rollback', 'prod', '--to-commit', fx.c1, '--dry-run'], { cwd: fx.work, env: { ...terminal(), GITHUB_ACTIONS: 'true' } });
    expect(run.stderr).not.toMatch(/GITHUB_TOKEN/);
    expect(run.code).toBe(0);
    // Not "nothing rolled back … nothing to roll back", which read as if the paths already matched.
    expect(run.stdout).toContain('prod (git): dry run, nothing changed');
    expect(run.stdout).toMatch(/verification: dry run: would restore 4 file\(s\) on gitops-sync\/rollback-prod-[0-9a-f]{7}\n/);
  });

  test('without --dry-run a missing remote is still refused in one sentence', async () => {
    git(fx.work, 'remote', 'remove', 'origin');
    const run = await rollback('--to-commit', fx.c1, '--direct');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gitops-sync: Remote origin is not configured in the clone at .*; add it with git remote add origin URL and run the rollback again\.\n$/);
  });
});

describe('GitHubPullOpener (loopback GitHub)', () => {
  const github = useFakeGitHub();
  const opener = () => new GitHubPullOpener({ token: github.state.token, repository: 'owner/repo', baseUrl: github.url, retry: NO_RETRY });
  const draft = { head: 'gitops-sync/rollback-prod-abc1234', base: 'main', title: 'Roll back prod to abc1234', body: 'Paths: envs/prod' };

  test('opens a pull request with POST /repos/{owner}/{repo}/pulls', async () => {
    const opened = await opener().open(draft);
    expect(opened).toEqual({ url: 'https://github.com/owner/repo/pull/1', number: 1 });
    const post = github.requests.find((r) => r.method === 'POST');
    expect(post).toMatchObject({ path: '/repos/owner/repo/pulls', body: { title: draft.title, head: draft.head, base: 'main', body: draft.body } });
    expect(github.state.pulls.get(1)).toMatchObject({ state: 'open', title: draft.title, head: { ref: draft.head }, base: { ref: 'main' } });
  });

  test('422 "A pull request already exists" returns the open one, found by head=owner:branch', async () => {
    const first = await opener().open(draft);
    await opener().open({ ...draft, head: 'other-branch' });
    const again = await opener().open(draft);
    expect(again).toEqual(first);
    expect(github.state.pulls.size).toBe(2);
    const list = github.requests.filter((r) => r.method === 'GET' && r.path === '/repos/owner/repo/pulls');
    expect(list).toHaveLength(1);
    expect(list[0].query.get('head')).toBe(`owner:${draft.head}`);
    expect(list[0].query.get('state')).toBe('open');
  });

  test('another 422 is one sentence saying what to check', async () => {
    await refusal(opener().open({ ...draft, head: 'main' }), /^GitHub refused to open a pull request from main into main in owner\/repo \(HTTP 422\); check that main was pushed/);
  });

  test('403 names the permission', async () => {
    github.faults.push({ method: 'POST', path: /\/pulls$/, status: 403, times: 1, body: { message: 'Resource not accessible by integration' } });
    await refusal(opener().open(draft), /^GitHub refused to open a pull request .* \(403\); the token needs the "Pull requests: write" permission/);
  });

  test('end to end: rollbackGit in pull-request mode returns the pull request URL', async () => {
    const result = await rollbackGit(request(), ctx(), opener());
    expect(result.pullRequestUrl).toBe('https://github.com/owner/repo/pull/1');
    expect(github.state.pulls.get(1)?.head.ref).toBe(result.branch);
    expect(github.state.pulls.get(1)?.body).toContain(fx.c1);
  });
});

describe('GitLabMergeRequestOpener (loopback GitLab)', () => {
  const gitlab = useFakeGitLab();
  const opener = () => new GitLabMergeRequestOpener({ token: gitlab.state.token, project: 'group/project', baseUrl: `${gitlab.url}/api/v4`, retry: NO_RETRY });
  const draft = { head: 'gitops-sync/rollback-prod-abc1234', base: 'main', title: 'Roll back prod to abc1234', body: 'Paths: envs/prod' };

  test('opens a merge request with POST /projects/:id/merge_requests, removing the source branch on merge', async () => {
    const opened = await opener().open(draft);
    expect(opened).toEqual({ url: `${gitlab.url}/group/project/-/merge_requests/1`, number: 1 });
    const post = gitlab.requests.find((r) => r.method === 'POST');
    expect(post).toMatchObject({
      path: '/api/v4/projects/group%2Fproject/merge_requests',
      body: { source_branch: draft.head, target_branch: 'main', title: draft.title, description: draft.body, remove_source_branch: true },
    });
  });

  test('409 "already exists" returns the open merge request for the branch', async () => {
    const first = await opener().open(draft);
    await opener().open({ ...draft, head: 'other-branch' });
    const again = await opener().open(draft);
    expect(again).toEqual(first);
    expect(gitlab.state.mrs.size).toBe(2);
    const list = gitlab.requests.filter((r) => r.method === 'GET');
    expect(list).toHaveLength(1);
    expect(list[0].query.get('source_branch')).toBe(draft.head);
    expect(list[0].query.get('state')).toBe('opened');
  });

  test('end to end: rollbackGit in pull-request mode returns the merge request URL', async () => {
    const result = await rollbackGit(request(), ctx(), opener());
    expect(result.pullRequestUrl).toBe(`${gitlab.url}/group/project/-/merge_requests/1`);
    expect(gitlab.state.mrs.get(1)?.source_branch).toBe(result.branch);
  });
});

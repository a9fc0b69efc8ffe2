import { posix } from 'node:path';
import { checkEnvironmentName, codeBlock, markdownCell, markdownCodeName, UserError } from '@gitops-sync/core';
import type { Clock, Exec, ExecResult, Progress } from '../ports.js';
import { signingArgs, SIGNING_FIX } from '../signatures/sign-commit.js';

// ---------------------------------------------------------------------------------------------
// The ChangeRequestOpener port: opens a GitHub pull request or a GitLab merge request.
// ---------------------------------------------------------------------------------------------

/** What to open: a change request from `head` (a pushed branch) into `base`. */
export interface ChangeRequestDraft {
  head: string;
  base: string;
  title: string;
  /** Markdown. */
  body: string;
}

export interface OpenedChangeRequest {
  url: string;
  number: number;
}

/**
 * Opens a pull request (GitHub) or merge request (GitLab). When one is already open for the same
 * head branch, adapters return that one instead of failing. Failures are one-sentence UserErrors.
 */
export interface ChangeRequestOpener {
  open(draft: ChangeRequestDraft): Promise<OpenedChangeRequest>;
}

// ---------------------------------------------------------------------------------------------
// rollback --mode git
// ---------------------------------------------------------------------------------------------

export interface RollbackGitRequest {
  environment: string;
  /** A clone (working tree) of the repository; `paths` are relative to it. */
  repoDir: string;
  /** The known-good commit: a sha or any ref `git rev-parse` understands. */
  toCommit: string;
  /** The environment's paths (files or folders, taken literally: no globs). */
  paths: string[];
  /** The branch to roll back, e.g. `main`. */
  baseBranch: string;
  /** `pull-request`: commit on a new branch and open a PR/MR; `direct`: commit on baseBranch and push it. */
  push: 'pull-request' | 'direct';
  /** Default `origin`. */
  remote?: string;
  /** Say what would be done (the diff stat) and change nothing; needs no remote. */
  dryRun?: boolean;
  /** Commit identity; default: git's own configuration, else `gitops-sync <gitops-sync@users.noreply.invalid>`. */
  author?: { name: string; email: string };
}

export interface RollbackGitContext {
  exec: Exec;
  progress: Progress;
  clock: Clock;
  /** Environment of the git processes; default process.env (GIT_TERMINAL_PROMPT=0 is always added). */
  env?: NodeJS.ProcessEnv;
}

export interface RollbackGitResult {
  /** True when a rollback commit was made and pushed. */
  rolledBack: boolean;
  dryRun: boolean;
  environment: string;
  /** The head of baseBranch before the rollback (full sha). */
  from: string;
  /** The commit rolled back to (full sha). */
  to: string;
  /** The new rollback commit; absent for a dry run or when nothing differed. */
  commit?: string;
  /** The branch that carries (or would carry) the commit: the rollback branch, or baseBranch for push 'direct'. */
  branch: string;
  pullRequestUrl?: string;
  pullRequestNumber?: number;
  /** Files (repository-relative, sorted) the rollback changes, adds back or removes. */
  changedPaths: string[];
  /** Of changedPaths, those removed because they did not exist at `to`. */
  removedPaths: string[];
  /** `git diff --stat` from `from` to `to` over the paths; empty when nothing differs. */
  diffStat: string;
  /** What was (or with dry-run would be) done, one line each. */
  steps: string[];
}

const DEFAULT_IDENTITY = { name: 'gitops-sync', email: 'gitops-sync@users.noreply.invalid' };

/** First non-empty line of a tool's stderr, trimmed of trailing full stops, for use inside a sentence. */
function firstLine(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !/^hint:/.test(l));
  return (line ?? 'no message').replace(/^(fatal|error):\s*/, '').replace(/[.\s]+$/, '');
}

const short = (sha: string): string => sha.slice(0, 7);

/** Repository-relative, literal path (no leading "./", no trailing "/"); refuses paths outside the repository. */
function repoPath(environment: string, prefix: string, path: string): string {
  const raw = path.replace(/\\/g, '/');
  const joined = posix.normalize(posix.join(prefix, raw)).replace(/\/+$/, '');
  if (posix.isAbsolute(raw) || joined === '..' || joined.startsWith('../') || raw.trim() === '') {
    throw new UserError(`Path ${JSON.stringify(path)} of environment ${environment} is outside the repository; list paths relative to the repository root.`);
  }
  return joined === '' ? '.' : joined;
}

/** A git runner bound to one working tree: literal pathspecs, no prompts, no pager. */
class Git {
  constructor(
    private readonly exec: Exec,
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  run(args: string[]): Promise<ExecResult> {
    return this.exec.run('git', ['--no-pager', '--literal-pathspecs', '-c', 'core.quotePath=false', ...args], { cwd: this.dir, env: this.env });
  }

  /** stdout of a command that must succeed; otherwise a UserError naming the command. */
  async text(args: string[], what: string): Promise<string> {
    const result = await this.run(args);
    if (result.exitCode !== 0) throw new UserError(`Could not ${what} in ${this.dir} (git ${args[0]}: ${firstLine(result.stderr)}); fix the clone and run the rollback again.`);
    return result.stdout.toString('utf8');
  }

  /** The same runner in another folder (the repository root). */
  at(dir: string): Git {
    return new Git(this.exec, dir, this.env);
  }

  async ok(args: string[]): Promise<boolean> {
    return (await this.run(args)).exitCode === 0;
  }

  /** The commit `rev` names, or undefined. */
  async commit(rev: string): Promise<string | undefined> {
    const result = await this.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : undefined;
  }
}

interface Changed {
  status: string;
  path: string;
}

function parseNameStatus(output: string): Changed[] {
  const fields = output.split('\0');
  const changed: Changed[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === '') break;
    changed.push({ status: fields[i], path: fields[i + 1] });
  }
  return changed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Files with tracked changes (anywhere) or untracked files under `paths`: `git status --porcelain -z`. */
async function uncommitted(git: Git, paths: string[]): Promise<string[]> {
  const tracked = await git.text(['status', '--porcelain=v1', '-z', '--untracked-files=no'], 'read the working tree status');
  const untracked = await git.text(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...paths], 'read the working tree status');
  const files = new Set<string>();
  for (const output of [tracked, untracked]) {
    const entries = output.split('\0');
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry.length < 4) continue;
      files.add(entry.slice(3));
      // Renames and copies carry the original path as the next field.
      if (/^[RC]/.test(entry)) i++;
    }
  }
  return [...files].sort();
}

/** What a rollback restores, from where to where: worked out before anything changes. */
interface RollbackPlan {
  environment: string;
  /** The branch rolled back, and the remote it is pushed to. */
  base: string;
  remote: string;
  push: 'pull-request' | 'direct';
  /** The head of `base` (full sha); `localBase` too when the branch exists locally (else `from` is the remote-tracking branch). */
  from: string;
  localBase?: string;
  /** The commit rolled back to, full and as git abbreviates it. */
  to: string;
  toShort: string;
  /** The environment's paths that exist at `from` or `to`. */
  paths: string[];
  /** The branch that carries the commit: a new rollback branch, or `base` for push 'direct'. */
  branch: string;
  changedPaths: string[];
  removedPaths: string[];
  diffStat: string;
}

/** Where the checkout was before the rollback, to come back to it. */
type Checkout = { branch: string } | { sha: string };

/**
 * Rolls an environment back the GitOps way: the environment's paths are restored to their state at
 * `toCommit` as a NEW commit on top of `baseBranch` (files changed since are restored, files added
 * since are removed, everything else is untouched), pushed to a branch with a pull/merge request
 * opened for it (or, for push 'direct', pushed to baseBranch as a fast-forward). History is never
 * rewritten and nothing is ever force-pushed. The checkout is left on the branch it was on.
 */
export async function rollbackGit(request: RollbackGitRequest, ctx: RollbackGitContext, opener?: ChangeRequestOpener): Promise<RollbackGitResult> {
  const environment = checkEnvironmentName(request.environment);
  const remote = request.remote ?? 'origin';
  const dryRun = request.dryRun ?? false;
  const steps: string[] = [];
  const step = (message: string) => {
    steps.push(message);
    ctx.progress.step(message);
  };
  checkRequest(request, environment, remote);

  const env: NodeJS.ProcessEnv = { ...(ctx.env ?? process.env), GIT_TERMINAL_PROMPT: '0' };
  const { repo, paths } = await openRepository(request, environment, new Git(ctx.exec, request.repoDir, env));
  const remoteConfigured = await checkBranchAndRemote(repo, request.baseBranch, remote, dryRun);
  const plan = await planRollback(repo, request, environment, remote, paths, step);
  const { base, from, to, toShort, branch, changedPaths, removedPaths, diffStat } = plan;
  const result: RollbackGitResult = { rolledBack: false, dryRun, environment, from, to, branch, changedPaths, removedPaths, diffStat, steps };

  if (changedPaths.length === 0) {
    step(`Nothing to roll back: the paths of ${environment} on ${base} (${short(from)}) are already as they were at ${toShort}.`);
    return result;
  }
  if (plan.push === 'pull-request' && (await repo.commit(`refs/heads/${branch}`))) {
    throw new UserError(`Branch ${branch} already exists in the clone at ${repo.dir}; delete it, or finish the pull request it belongs to, and run again.`);
  }

  const subject = `Roll back ${environment} to ${toShort}`;
  const toSubject = (await repo.text(['log', '-1', '--format=%s', to], 'read the commit')).trim();
  if (dryRun) {
    describeDryRun(plan, subject, remoteConfigured, step, ctx.progress);
    return result;
  }

  const original = await currentCheckout(repo);
  const commit = await commitRollback(repo, plan, original, { message: commitMessage(plan, subject, toSubject, ctx.clock), author: request.author, env }, step);
  step(`Committed ${short(commit)} "${subject}": ${changedPaths.length - removedPaths.length} restored, ${removedPaths.length} removed.`);
  await pushRollback(repo, plan, commit, original);
  step(`Pushed ${short(commit)} to ${remote}/${branch}.`);
  result.rolledBack = true;
  result.commit = commit;

  if (plan.push === 'pull-request') {
    if (!opener) {
      step(`No pull request was opened (no platform token); open one from ${branch} into ${base}.`);
      return result;
    }
    const opened = await opener.open({ head: branch, base, title: subject, body: changeRequestBody(plan, toSubject) });
    result.pullRequestUrl = opened.url;
    result.pullRequestNumber = opened.number;
    step(`Opened ${opened.url} from ${branch} into ${base}.`);
  }
  return result;
}

/** Refuses a request that cannot be right whatever the clone holds. */
function checkRequest(request: RollbackGitRequest, environment: string, remote: string): void {
  if (request.push !== 'pull-request' && request.push !== 'direct') {
    throw new UserError(`Push mode ${JSON.stringify(request.push)} is not known; use pull-request or direct.`);
  }
  if (request.paths.length === 0) throw new UserError(`Environment ${environment} has no paths to roll back; set environments.${environment}.paths in gitops-sync.yaml.`);
  if (request.toCommit.trim() === '' || request.toCommit.startsWith('-')) {
    throw new UserError(`${JSON.stringify(request.toCommit)} is not a commit; pass --to-commit with a commit sha or ref.`);
  }
  if (remote === '' || remote.startsWith('-')) throw new UserError(`${JSON.stringify(remote)} is not a remote name; pass the name of a configured remote such as origin.`);
}

/** The clone's root, and the environment's paths relative to it (they are given relative to repoDir). */
async function openRepository(request: RollbackGitRequest, environment: string, git: Git): Promise<{ repo: Git; paths: string[] }> {
  const inside = await git.run(['rev-parse', '--is-inside-work-tree', '--show-prefix']);
  if (inside.exitCode !== 0 || !inside.stdout.toString('utf8').startsWith('true')) {
    throw new UserError(`${request.repoDir} is not a Git working tree; run the rollback inside a clone of the repository.`);
  }
  const prefix = inside.stdout.toString('utf8').split('\n')[1] ?? '';
  const top = (await git.text(['rev-parse', '--show-toplevel'], 'find the repository root')).trim();
  const paths = [...new Set(request.paths.map((path) => repoPath(environment, prefix, path)))];
  return { repo: git.at(top), paths };
}

/** Whether the remote is configured: a real rollback pushes to it, a dry run only names it. */
async function checkBranchAndRemote(repo: Git, base: string, remote: string, dryRun: boolean): Promise<boolean> {
  if (!(await repo.ok(['check-ref-format', '--branch', base])) || base.startsWith('-')) {
    throw new UserError(`${JSON.stringify(base)} is not a valid branch name; pass the branch to roll back, such as main.`);
  }
  const configured = await repo.ok(['remote', 'get-url', '--', remote]);
  if (!configured && !dryRun) {
    throw new UserError(`Remote ${remote} is not configured in the clone at ${repo.dir}; add it with git remote add ${remote} URL and run the rollback again.`);
  }
  return configured;
}

/** From where to where, over which paths, and what that changes: everything the commit will do, read from the clone. */
async function planRollback(
  repo: Git,
  request: RollbackGitRequest,
  environment: string,
  remote: string,
  paths: string[],
  step: (message: string) => void,
): Promise<RollbackPlan> {
  const base = request.baseBranch;
  const localBase = await repo.commit(`refs/heads/${base}`);
  const from = localBase ?? (await repo.commit(`refs/remotes/${remote}/${base}`));
  if (!from) throw new UserError(`Branch ${base} is not in the clone at ${repo.dir}, neither locally nor as ${remote}/${base}; fetch it and run again.`);
  const to = await repo.commit(request.toCommit);
  if (!to) {
    throw new UserError(`Commit ${JSON.stringify(request.toCommit)} is not in the clone at ${repo.dir}; pass a commit sha or ref that exists there (in CI, check out with fetch-depth: 0).`);
  }
  const toShort = (await repo.text(['rev-parse', '--short', to], 'abbreviate the commit')).trim() || short(to);
  await refuseUnrelated(repo, to, toShort, from, base);
  step(`Rolling back ${environment} on ${base} from ${short(from)} to ${toShort} (paths: ${paths.join(', ')}).`);
  await refuseUncommittedChanges(repo, paths);

  const existing = await pathsAtEitherEnd(repo, paths, { from, to, toShort, base }, step);
  if (existing.length === 0) {
    throw new UserError(`None of the paths of environment ${environment} (${paths.join(', ')}) exist at ${toShort} or on ${base}; check environments.${environment}.paths in gitops-sync.yaml.`);
  }
  // From `from` to `to` over the paths: exactly what the rollback commit will change.
  const changed = parseNameStatus(await repo.text(['diff', '--name-status', '-z', '--no-renames', '--no-ext-diff', from, to, '--', ...existing], 'compare the paths'));
  const diffStat = changed.length
    ? (await repo.text(['diff', '--stat=200', '--no-renames', '--no-ext-diff', '--no-color', from, to, '--', ...existing], 'compare the paths')).replace(/\s+$/, '')
    : '';
  return {
    environment,
    base,
    remote,
    push: request.push,
    from,
    localBase,
    to,
    toShort,
    paths: existing,
    branch: request.push === 'direct' ? base : `gitops-sync/rollback-${environment}-${toShort}`,
    changedPaths: changed.map((c) => c.path),
    removedPaths: changed.filter((c) => c.status === 'D').map((c) => c.path),
    diffStat,
  };
}

/** Only a commit in the branch's own history is a state the environment was in. */
async function refuseUnrelated(repo: Git, to: string, toShort: string, from: string, base: string): Promise<void> {
  const ancestry = await repo.run(['merge-base', '--is-ancestor', to, from]);
  if (ancestry.exitCode === 1) {
    throw new UserError(`Commit ${toShort} is not an ancestor of ${base}; roll back only to a commit in the branch's own history.`);
  }
  if (ancestry.exitCode !== 0) throw new UserError(`Could not tell whether ${toShort} is an ancestor of ${base} (git merge-base: ${firstLine(ancestry.stderr)}); fetch the full history and run again.`);
}

async function refuseUncommittedChanges(repo: Git, paths: string[]): Promise<void> {
  const dirty = await uncommitted(repo, paths);
  if (dirty.length) {
    const more = dirty.length > 1 ? ` and ${dirty.length - 1} more` : '';
    throw new UserError(`The working tree at ${repo.dir} has uncommitted changes (${dirty[0]}${more}); commit or stash them before rolling back.`);
  }
}

/** The paths that exist at `to` or on the branch; the others are skipped with a step saying so. */
async function pathsAtEitherEnd(
  repo: Git,
  paths: string[],
  range: { from: string; to: string; toShort: string; base: string },
  step: (message: string) => void,
): Promise<string[]> {
  const existing: string[] = [];
  for (const path of paths) {
    const atTo = (await repo.text(['ls-tree', '--name-only', range.to, '--', path], 'list the paths')).trim();
    const atFrom = (await repo.text(['ls-tree', '--name-only', range.from, '--', path], 'list the paths')).trim();
    if (atTo || atFrom || path === '.') existing.push(path);
    else step(`Path ${path} exists neither at ${range.toShort} nor on ${range.base}; skipped.`);
  }
  return existing;
}

/** What the real rollback would commit, push and open; a dry run contacts no remote. */
function describeDryRun(plan: RollbackPlan, subject: string, remoteConfigured: boolean, step: (message: string) => void, progress: Progress): void {
  const { changedPaths, removedPaths } = plan;
  const target = plan.push === 'direct' ? `${plan.base} on ${plan.remote}` : `branch ${plan.branch} on ${plan.remote}, with a pull request into ${plan.base}`;
  step(
    `Dry run: would commit "${subject}" (${changedPaths.length} file${changedPaths.length === 1 ? '' : 's'}: ${changedPaths.length - removedPaths.length} restored, ${removedPaths.length} removed) and push it to ${target}; nothing was changed.`,
  );
  if (!remoteConfigured) step(`Remote ${plan.remote} is not configured in this clone; add it with git remote add ${plan.remote} URL before the real rollback.`);
  for (const line of plan.diffStat.split('\n')) progress.step(`  ${line}`);
}

function commitMessage(plan: RollbackPlan, subject: string, toSubject: string, clock: Clock): string {
  return [
    subject,
    '',
    `Restores the paths of environment ${plan.environment} to their state at commit ${plan.to}`,
    `(${toSubject}), as a new commit on top of ${plan.base} at ${plan.from}. History is not rewritten.`,
    '',
    'Paths:',
    ...plan.paths.map((path) => `- ${path}`),
    '',
    `Original commit: ${plan.to}`,
    `Rolled back from: ${plan.from}`,
    `Requested at: ${clock.now().toISOString()}`,
  ].join('\n');
}

/** `-c user.name/-c user.email` for the commit: the request's author, else git's own identity, else gitops-sync's. */
async function commitIdentity(repo: Git, author: RollbackGitRequest['author'], env: NodeJS.ProcessEnv): Promise<string[]> {
  const hasIdentity = author === undefined && ((await repo.ok(['config', '--get', 'user.email'])) || Boolean(env.GIT_COMMITTER_EMAIL ?? env.EMAIL));
  const identity = author ?? (hasIdentity ? undefined : DEFAULT_IDENTITY);
  return identity ? ['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`] : [];
}

async function currentCheckout(repo: Git): Promise<Checkout> {
  const symbolic = await repo.run(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return symbolic.exitCode === 0 ? { branch: symbolic.stdout.toString('utf8').trim() } : { sha: (await repo.text(['rev-parse', 'HEAD'], 'read HEAD')).trim() };
}

/**
 * On the branch that carries it (created from `from`, or `base` itself), restores the paths to `to`
 * and commits: files changed since are restored, files added since are removed. When anything fails,
 * the checkout is put back as it was and nothing is left behind.
 */
async function commitRollback(
  repo: Git,
  plan: RollbackPlan,
  original: Checkout,
  commit: { message: string; author: RollbackGitRequest['author']; env: NodeJS.ProcessEnv },
  step: (message: string) => void,
): Promise<string> {
  const { base, branch, toShort } = plan;
  let created = false;
  try {
    if (plan.push === 'pull-request') {
      await repo.text(['switch', '--quiet', '--no-track', '--create', branch, plan.from], `create branch ${branch}`);
      created = true;
    } else if (!('branch' in original && original.branch === base)) {
      await repo.text(plan.localBase ? ['switch', '--quiet', base] : ['switch', '--quiet', '--create', base, '--track', `${plan.remote}/${base}`], `check out ${base}`);
    }
    step(plan.push === 'pull-request' ? `Created branch ${branch} from ${base} (${short(plan.from)}).` : `Committing on ${base} (${short(plan.from)}).`);
    // restore removes what the source lacks: files added since `to` go.
    await repo.text(['restore', `--source=${plan.to}`, '--staged', '--worktree', '--', ...plan.changedPaths], `restore the paths to ${toShort}`);
    const left = await repo.text(['diff', '--cached', '--name-only', '-z', '--no-renames', plan.to, '--', ...plan.paths], 'verify the restored paths');
    if (left.replace(/\0/g, '') !== '') throw new UserError(`The paths of ${plan.environment} still differ from ${toShort} after restoring them (${left.split('\0')[0]}); check the clone and run again.`);
    const identity = await commitIdentity(repo, commit.author, commit.env);
    const signing = await signingArgs((args) => repo.run(args));
    const made = await repo.run([...identity, 'commit', '--quiet', '--no-edit', '--cleanup=verbatim', ...signing, '-m', commit.message]);
    if (made.exitCode !== 0) {
      const why = firstLine(made.stderr);
      throw new UserError(signing.length ? `git could not sign the rollback commit in ${repo.dir} (${why}); ${SIGNING_FIX}, or unset user.signingkey.` : `Could not commit the rollback in ${repo.dir} (git commit: ${why}); fix the clone and run the rollback again.`);
    }
    return (await repo.text(['rev-parse', 'HEAD'], 'read the new commit')).trim();
  } catch (error) {
    // Nothing was committed: put the checkout back as it was (the tree was clean before we started).
    await repo.run(['reset', '--quiet', '--hard', 'HEAD']);
    await backTo(repo, original);
    if (created) await repo.run(['branch', '--quiet', '-D', branch]);
    throw error;
  }
}

/** A plain push is a fast-forward or nothing; never --force. The checkout goes back where it was either way. */
async function pushRollback(repo: Git, plan: RollbackPlan, commit: string, original: Checkout): Promise<void> {
  const { base, branch, remote } = plan;
  const pushed = await repo.run(['push', '--porcelain', '--quiet', remote, `refs/heads/${branch}:refs/heads/${branch}`]);
  await backTo(repo, original);
  if (pushed.exitCode === 0) return;
  const rejected = /\[rejected\]|non-fast-forward|fetch first/i.test(pushed.stderr + pushed.stdout.toString('utf8')) ? 'not a fast-forward' : firstLine(pushed.stderr);
  const fix =
    plan.push === 'direct'
      ? `update ${base} from ${remote} and run the rollback again`
      : `if ${remote} already has ${branch} from an earlier rollback, merge or close its pull request and delete that branch, then run again`;
  throw new UserError(`Pushing ${branch} to ${remote} failed (${rejected}); nothing was force-pushed and the rollback commit ${short(commit)} is only in the local ${branch}, so ${fix}.`);
}

function changeRequestBody(plan: RollbackPlan, toSubject: string): string {
  const { environment, to, from, base } = plan;
  return [
    `Rolls back the paths of environment **${environment}** to commit \`${to}\` (${markdownCell(toSubject)}) as a new commit on top of \`${base}\` (\`${from}\`). History is not rewritten; merging this applies the rollback.`,
    '',
    '**Paths:**',
    ...plan.paths.map((path) => `- ${markdownCodeName(path)}`),
    '',
    codeBlock(plan.diffStat),
    '',
    `Opened by gitops-sync rollback --mode git (original commit \`${to}\`, rolled back from \`${from}\`).`,
  ].join('\n');
}

async function backTo(git: Git, original: Checkout): Promise<void> {
  await git.run('branch' in original ? ['switch', '--quiet', original.branch] : ['switch', '--quiet', '--detach', original.sha]);
}

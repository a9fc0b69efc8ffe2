/**
 * The `git` audit store: the log lives on a dedicated branch of the run's own repository, one commit
 * per run appending that run's events to `events.jsonl` (and a checkpoint line to `checkpoints.jsonl`).
 * The commit is built with plumbing (hash-object, mktree, commit-tree) and pushed as
 * `<commit>:refs/heads/<branch>`, so the user's checkout, index and current branch are never touched.
 * Concurrent runs: a push that is not a fast-forward is retried on top of the new tip, never forced.
 */
import { randomUUID } from 'node:crypto';
import { chainAuditEvent, checkpointOf, isUserError, MerkleTree, UserError, type AuditEvent, type AuditEventDraft, type AuditLogHead } from '@gitops-sync/core';
import { systemClock, type AuditTrail, type Clock, type Exec, type ExecResult } from '../ports.js';
import { GIT_STORE_CHECKPOINTS, GIT_STORE_EVENTS, verifyLogToCheckpoint, type LogToCheckpoint } from './verify-log.js';
import { signingArgs, SIGNING_FIX } from '../signatures/sign-commit.js';


export interface GitAuditTrailOptions {
  /** A folder inside the repository's working tree. */
  cwd: string;
  exec: Exec;
  env: NodeJS.ProcessEnv;
  /** The audit branch on `origin` (config `audit.branch`). */
  branch: string;
  /** Sign the commit even without a configured `user.signingkey` (it is signed whenever one is configured). */
  signCommits: boolean;
  /** Where the run's events go when they cannot be pushed (the `file` store's log), and its path for the message. */
  fallback: { trail: AuditTrail; path: string };
  /** Signs the checkpoints (Ed25519, PEM) when set. */
  signingKeyPem?: string;
  /** A checkpoint every this many events (config `audit.checkpoint_every`), besides the one at the end of the run. */
  checkpointEvery?: number;
  clock?: Clock;
  /** Push attempts before giving up (default 5). */
  attempts?: number;
  /** The wait before retry number `retry` (from 1); default a jittered, growing wait of a few hundred milliseconds. */
  retryDelayMs?: (retry: number) => number;
}

const REMOTE = 'origin';
const DEFAULT_ATTEMPTS = 5;
const DEFAULT_IDENTITY = { name: 'gitops-sync', email: 'gitops-sync@users.noreply.invalid' };
const WRITE_ACCESS =
  'give the job write access to the repository (GitHub: `permissions: contents: write`; GitLab: a token with the write_repository scope, or a CI/CD job token allowed to push to this project) and allow it to push to';

const jitteredDelay = (retry: number) => Math.min(2000, 150 * 2 ** (retry - 1)) * (0.5 + Math.random());

/** Why the events could not be put on the branch, and what the user does about it; one clause each. */
class NotRecorded extends Error {
  constructor(
    readonly why: string,
    readonly fix: string,
  ) {
    super(why);
  }
}

/** First meaningful line of git's stderr, without "fatal:" and credentials a URL may carry. */
function firstLine(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !/^hint:/.test(l));
  return withoutCredentials((line ?? 'no message').replace(/^(fatal|error|remote):\s*/, '').replace(/[.\s]+$/, ''));
}

const withoutCredentials = (text: string) => text.replace(/(\w+:\/\/)[^\s/@]+@/g, '$1***@');

/** A push refused outright (no write access, protected branch, a hook), as opposed to one that lost a race. */
const REFUSED = /\[remote rejected\]|permission|denied|not allowed|forbidden|returned error: 40[13]|authentication failed|could not read username/i;
/** A push that lost a race: not a fast-forward (another run pushed first), or the remote's ref moved while it was updated. */
const OUTRUN = /non-fast-forward|fetch first|stale info|cannot lock ref|failed to update ref|failed to lock|but expected|incorrect old value|reference already exists/i;

/** The reason a refused push gives: the hook's or server's own line, else git's. */
function refusal(output: string): string {
  const remote = output.split('\n').find((line) => /^remote:\s*\S/.test(line.trim()) && !/^remote:\s*(error:\s*)?$/.test(line.trim()));
  const rejected = /\[remote rejected\][^(]*\(([^)]+)\)/.exec(output)?.[1];
  return firstLine(remote ?? (rejected ? `${rejected}` : output));
}

class Git {
  constructor(
    private readonly exec: Exec,
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  run(args: string[], input?: Uint8Array): Promise<ExecResult> {
    return this.exec.run('git', ['--no-pager', '-c', 'core.quotePath=false', ...args], { cwd: this.dir, env: this.env, input });
  }

  /** stdout of a command that must succeed; otherwise NotRecorded naming what failed. */
  async bytes(args: string[], what: string, input?: Uint8Array): Promise<Buffer> {
    const result = await this.run(args, input);
    if (result.exitCode !== 0) throw new NotRecorded(`git could not ${what}: ${firstLine(result.stderr)}`, 'fix the clone and run again');
    return result.stdout;
  }

  /** The same, decoded. */
  async text(args: string[], what: string, input?: Uint8Array): Promise<string> {
    return (await this.bytes(args, what, input)).toString('utf8');
  }
}

/** The branch's tip on the remote and the files we append to, or nothing when the branch does not exist yet. */
interface Tip {
  commit: string;
  /** As git has it: a long log is only decoded where it must be parsed. */
  events: Buffer;
  checkpoints: string;
  /** The tip's tree entries other than ours, kept as they are (`ls-tree -z` lines). */
  others: string[];
}

/** The lines of a text from the last to the first. */
function* linesNewestFirst(text: string): Generator<string> {
  for (let end = text.length; ; ) {
    const newline = end > 0 ? text.lastIndexOf('\n', end - 1) : -1;
    yield text.slice(newline + 1, end);
    if (newline < 0) return;
    end = newline;
  }
}

/**
 * The branch's log, refused unless it is intact and still matches every checkpoint on the branch (or
 * has a line that is not an event): the run's events are never chained after, nor a checkpoint signed
 * over, a log rewritten since. Verified as verifyLogToCheckpoint does: in full only after the newest
 * checkpoint the store's key signed.
 */
function intactHead(tip: Tip, branch: string, signingKeyPem: string | undefined): AuditLogHead {
  const log: LogToCheckpoint = {
    read: (feed) => void feed(tip.events),
    source: `${GIT_STORE_EVENTS} on branch ${branch}`,
    checkpointsNewestFirst: () => linesNewestFirst(tip.checkpoints),
    checkpointsText: () => tip.checkpoints,
    checkpointsSource: `${GIT_STORE_CHECKPOINTS} on branch ${branch}`,
    signingKeyPem,
  };
  const fix = `run gitops-sync audit verify --git-ref ${REMOTE}/${branch} to see what changed and restore the branch from its history`;
  let checked: ReturnType<typeof verifyLogToCheckpoint>;
  try {
    checked = verifyLogToCheckpoint(log);
  } catch (error) {
    // A line that is not an event or not a checkpoint: it would be extended past the damage.
    if (!isUserError(error)) throw error;
    throw new NotRecorded(`${error.message.split('; ')[0]}, so no new event is chained after it`, fix);
  }
  if (!checked.verdict.intact) throw new NotRecorded(`${GIT_STORE_EVENTS} on branch ${branch} is not intact (${checked.verdict.reason}), so no new event is chained after it`, fix);
  return checked.head;
}

/**
 * The lines appended to checkpoints.jsonl: one at every multiple of `checkpointEvery` this run's
 * events reach, and one over the whole log as it stands after the run.
 */
function checkpointLines(head: AuditLogHead, events: AuditEvent[], options: GitAuditTrailOptions): string[] {
  const time = (options.clock ?? systemClock).now().toISOString();
  const tree = head.tree.clone();
  const lines: string[] = [];
  try {
    for (const [index, event] of events.entries()) {
      tree.append(event.hash);
      const every = options.checkpointEvery && tree.size % options.checkpointEvery === 0;
      if (every || index === events.length - 1) lines.push(JSON.stringify(checkpointOf({ tree, last: event }, { time, signingKeyPem: options.signingKeyPem })));
    }
  } catch (error) {
    throw new NotRecorded(firstLine((error as Error).message), 'put the Ed25519 private key (PEM) in the variable audit.signing_key_env names, or unset it');
  }
  return lines;
}

const withNewline = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);

/**
 * The `git` store. Events are buffered by `record`; `close` commits them on the audit branch and
 * pushes. When that fails, the events go to the fallback log and `close` throws one sentence saying so.
 */
export function gitAuditTrail(options: GitAuditTrailOptions): AuditTrail {
  const drafts: AuditEventDraft[] = [];
  return {
    async record(draft) {
      drafts.push(draft);
    },
    async close() {
      if (drafts.length === 0) return [];
      try {
        return await appendToBranch(drafts, options);
      } catch (error) {
        // Whatever went wrong, the events are kept; a failure that is not a user's to fix (a bug) is rethrown as it is.
        const reason = error instanceof NotRecorded ? error : isUserError(error) ? new NotRecorded(error.message.split('; ')[0].replace(/[.\s]+$/, ''), 'fix that and run again') : undefined;
        const count = drafts.length === 1 ? 'The audit event of this run was' : `The ${drafts.length} audit events of this run were`;
        const where = `branch ${options.branch} of ${REMOTE}`;
        let kept: string;
        try {
          for (const draft of drafts) await options.fallback.trail.record(draft);
          await options.fallback.trail.close();
          kept = `were kept in ${options.fallback.path} instead`;
        } catch (fallbackError) {
          kept = `could not be kept in ${options.fallback.path} either (${firstLine((fallbackError as Error).message)})`;
        }
        if (!reason) throw error;
        throw new UserError(`${count} not recorded on ${where} (${reason.why}) and ${kept}; ${reason.fix}.`);
      }
    },
  };
}

async function appendToBranch(drafts: AuditEventDraft[], options: GitAuditTrailOptions): Promise<AuditEvent[]> {
  const { branch } = options;
  // LC_ALL=C: git's messages are matched below; no prompt may wait for a password in CI.
  const env: NodeJS.ProcessEnv = { ...options.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' };
  const git = new Git(options.exec, options.cwd, env);
  await checkRepository(git, options);
  const identity = await commitIdentity(git);
  const commitEnv = { ...env, ...identity };
  const committer = new Git(options.exec, options.cwd, commitEnv);
  const scratchRef = `refs/gitops-sync/audit-fetch/${randomUUID()}`;
  const attempts = Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS);
  // On GitLab a push starts a pipeline for the audit branch unless it says not to (GitHub starts none for GITHUB_TOKEN pushes).
  let skipPipeline = options.env.GITLAB_CI === 'true' ? ['--push-option=ci.skip'] : [];
  try {
    for (let attempt = 1; ; attempt++) {
      const tip = await fetchTip(git, branch, scratchRef);
      const head = tip ? intactHead(tip, branch, options.signingKeyPem) : { tree: new MerkleTree(), last: undefined };
      const events: AuditEvent[] = [];
      for (const draft of drafts) events.push(chainAuditEvent(draft, events.at(-1) ?? head.last));
      const commit = await commitEvents(git, committer, tip, head, events, options);
      const pushed = await git.run(['push', '--porcelain', '--no-verify', ...skipPipeline, REMOTE, `${commit}:refs/heads/${branch}`]);
      if (pushed.exitCode === 0) return events;
      const output = `${pushed.stdout.toString('utf8')}\n${pushed.stderr}`;
      if (skipPipeline.length && /does not support push options/i.test(output)) {
        skipPipeline = [];
        attempt -= 1;
        continue;
      }
      if (OUTRUN.test(output)) {
        if (attempt >= attempts) {
          throw new NotRecorded(
            `${attempts === 1 ? 'the push was' : `${attempts} pushes were`} rejected as not fast-forward because other runs kept appending to the branch; nothing was force-pushed`,
            `append them with a later run, or run again when fewer jobs run at once`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? jitteredDelay)(attempt)));
        continue;
      }
      if (REFUSED.test(output)) throw new NotRecorded(`${REMOTE} refused the push: ${refusal(output)}`, `${WRITE_ACCESS} ${branch}`);
      throw new NotRecorded(`the push failed: ${firstLine(pushed.stderr)}`, `check that ${REMOTE} is reachable and run again`);
    }
  } finally {
    await git.run(['update-ref', '-d', scratchRef]).catch(() => undefined);
  }
}

/** A working tree with an `origin` remote, and a branch name git accepts. */
async function checkRepository(git: Git, options: GitAuditTrailOptions): Promise<void> {
  const inside = await git.run(['rev-parse', '--is-inside-work-tree']);
  if (inside.exitCode !== 0 || !inside.stdout.toString('utf8').startsWith('true')) {
    throw new NotRecorded(`${options.cwd} is not inside a Git working tree`, 'run inside a clone of the repository, or set audit.store: file in gitops-sync.yaml');
  }
  if ((await git.run(['check-ref-format', '--branch', options.branch])).exitCode !== 0 || options.branch.startsWith('-')) {
    throw new NotRecorded(`${JSON.stringify(options.branch)} is not a valid branch name`, 'set audit.branch in gitops-sync.yaml to a branch name such as gitops-sync/audit');
  }
  if ((await git.run(['remote', 'get-url', '--', REMOTE])).exitCode !== 0) {
    throw new NotRecorded(
      `the repository at ${options.cwd} has no remote named ${REMOTE}`,
      `add it with git remote add ${REMOTE} URL, or set audit.store: file in gitops-sync.yaml`,
    );
  }
}

/** The committer: git's configured identity, else gitops-sync's (a CI checkout usually has none). */
async function commitIdentity(git: Git): Promise<NodeJS.ProcessEnv> {
  const configured = async (key: string) => (await git.run(['config', '--get', key])).stdout.toString('utf8').trim();
  const name = (await configured('user.name')) || DEFAULT_IDENTITY.name;
  const email = (await configured('user.email')) || DEFAULT_IDENTITY.email;
  return { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email };
}

/** Fetches the branch into a ref of our own (never the user's branches) and reads our files at its tip. */
async function fetchTip(git: Git, branch: string, scratchRef: string): Promise<Tip | undefined> {
  const listed = await git.run(['ls-remote', '--exit-code', REMOTE, `refs/heads/${branch}`]);
  if (listed.exitCode === 2) return undefined;
  const unreadable = (stderr: string) =>
    new NotRecorded(`reading the branch from ${REMOTE} failed: ${firstLine(stderr)}`, `check that the job can read the repository and that ${REMOTE} is reachable`);
  if (listed.exitCode !== 0) throw unreadable(listed.stderr);
  const fetched = await git.run(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--no-recurse-submodules', REMOTE, `+refs/heads/${branch}:${scratchRef}`]);
  if (fetched.exitCode !== 0) throw unreadable(fetched.stderr);
  const commit = (await git.text(['rev-parse', '--verify', `${scratchRef}^{commit}`], 'read the fetched branch')).trim();
  const entries = (await git.text(['ls-tree', '-z', commit], 'list the branch tip')).split('\0').filter(Boolean);
  const read = async (file: string) => {
    const entry = entries.find((line) => line.endsWith(`\t${file}`));
    if (!entry) return Buffer.alloc(0);
    if (!entry.startsWith('100644 blob ')) {
      throw new NotRecorded(`${file} on branch ${branch} is not a regular file`, `restore ${file} on the branch from its history`);
    }
    return git.bytes(['cat-file', 'blob', entry.split(/\s/)[2]], `read ${file}`);
  };
  if (!entries.some((line) => line.endsWith(`\t${GIT_STORE_EVENTS}`))) {
    // Fail closed: audit.branch pointed at a code branch (main…) must not get commits from us.
    throw new NotRecorded(
      `branch ${branch} exists on ${REMOTE} but holds no ${GIT_STORE_EVENTS}, so it is not an audit log and gitops-sync does not commit to it`,
      'set audit.branch in gitops-sync.yaml to a branch used only for the audit log (the default gitops-sync/audit is created on first use)',
    );
  }
  const others = entries.filter((line) => !line.endsWith(`\t${GIT_STORE_EVENTS}`) && !line.endsWith(`\t${GIT_STORE_CHECKPOINTS}`));
  return { commit, events: await read(GIT_STORE_EVENTS), checkpoints: (await read(GIT_STORE_CHECKPOINTS)).toString('utf8'), others };
}

/** The run's commit: the tip's files with the events (and a checkpoint) appended, on top of the tip or as a root commit. */
async function commitEvents(git: Git, committer: Git, tip: Tip | undefined, head: AuditLogHead, events: AuditEvent[], options: GitAuditTrailOptions): Promise<string> {
  const blob = async (bytes: Uint8Array) => (await git.text(['hash-object', '-w', '--stdin'], 'store the log', bytes)).trim();
  const before = tip?.events ?? Buffer.alloc(0);
  const separator = before.length && before[before.length - 1] !== 0x0a ? '\n' : '';
  const eventsText = Buffer.concat([before, Buffer.from(separator + events.map((event) => `${JSON.stringify(event)}\n`).join(''))]);
  const checkpoints = checkpointLines(head, events, options);
  const checkpointsText = Buffer.from(withNewline(tip?.checkpoints ?? '') + checkpoints.map((line) => `${line}\n`).join(''));
  const entries = [
    ...(tip?.others ?? []),
    `100644 blob ${await blob(eventsText)}\t${GIT_STORE_EVENTS}`,
    `100644 blob ${await blob(checkpointsText)}\t${GIT_STORE_CHECKPOINTS}`,
  ];
  const tree = (await git.text(['mktree', '-z'], 'build the log tree', Buffer.from(entries.map((entry) => `${entry}\0`).join('')))).trim();

  const first = events[0];
  const last = events[events.length - 1];
  const run = first.run.id ? ` (${first.run.platform} run ${first.run.id}${first.run.attempt ? ` attempt ${first.run.attempt}` : ''})` : '';
  const message = `Audit: events ${first.seq}–${last.seq}${run}\n\n${first.run.url ?? ''}`.trim();
  const signing = await signingArgs((args) => committer.run(args), options.signCommits);
  const args = ['commit-tree', tree, ...(tip ? ['-p', tip.commit] : []), '-m', message, ...signing];
  const made = await committer.run(args);
  if (made.exitCode !== 0) {
    if (signing.length) {
      throw new NotRecorded(`git could not sign the commit: ${firstLine(made.stderr)}`, `${SIGNING_FIX}${options.signCommits ? ', or set audit.sign_commits: false' : ''}`);
    }
    throw new NotRecorded(`git could not make the commit: ${firstLine(made.stderr)}`, 'fix the clone and run again');
  }
  return made.stdout.toString('utf8').trim();
}

/**
 * `audit export`, the collecting half: every change that reached an environment's paths on its
 * branch in the period (git history, `--first-parent`), with the platform's word on its PR/MR,
 * reviews, CI and signatures, the local signature check, and what the audit log recorded about it
 * (gate, deployments, rollbacks); plus the period's drift incidents. Judging is not done here.
 */
import { dirname, resolve } from 'node:path';
import {
  appendAll,
  maxOf,
  environmentPaths,
  resolveEnvironmentName,
  UserError,
  type AuditChange,
  type AuditEvent,
  type AuditPopulation,
  type ChangeApproval,
  type ChangeDeployment,
  type CommitEvidence,
  type DriftIncident,
  type GitopsSyncConfig,
  type LocalSignatureStatus,
} from '@gitops-sync/core';
import { commitVerifier, readSignatureKeys, type CommitVerifier } from '../signatures/verify-commit.js';
import type { Clock, Exec } from '../ports.js';
import { firstLine } from '../node-exec.js';
import { environmentBranch } from '../review/base-policy.js';

type Person = { id: string | null; login: string | null };

/** A merged PR/MR as the platform reports it, with every approval it was given. */
export interface PlatformChangeRequest {
  number: number;
  url: string | null;
  author: Person;
  opened_at: string;
  /** The head commit that was merged (the SHA the reviewers should have approved). */
  merged_head_sha: string;
  labels: string[];
  /** Every approval, in the order given: who, when, and on which commit. */
  approvals: (Person & { time: string; sha: string })[];
}

/** What the platform says about one commit. */
export interface PlatformCommit {
  /** GitHub `commit.verification`, GitLab's commit signature; null when the platform was not asked. */
  verification: { verified: boolean; reason: string } | null;
  authorLogin: string | null;
  committerLogin: string | null;
}

/** The platform's read-only history (GitHub via Octokit, GitLab REST v4): the `audit export` reader port. */
export interface ChangeHistoryPlatform {
  readonly name: 'github' | 'gitlab';
  /** The repository's default branch. */
  defaultBranch(): Promise<string | undefined>;
  /** The merged PR/MR that brought `sha` onto `branch` (its merge, squash or fast-forwarded head commit), or null: a direct push. */
  changeRequestFor(sha: string, branch: string): Promise<PlatformChangeRequest | null>;
  /** The CI result of a commit (GitHub combined status + check runs; GitLab its latest pipeline). */
  ciStatus(sha: string): Promise<AuditChange['ci_status']>;
  commit(sha: string): Promise<PlatformCommit>;
}

export interface CollectAuditOptions {
  /** The repository (a clone with the environments' branches and their history). */
  cwd: string;
  config: GitopsSyncConfig;
  /** The config file: `paths` and the signature keys are relative to its folder. */
  configPath: string;
  since: Date;
  until: Date;
  /** Default: every environment in the config. */
  environments?: string[];
  /** The audit log, already read (and verified) by the caller. */
  events: AuditEvent[];
  /** Without one, the population has git and the audit log only (no PR/MR, reviews, CI). */
  platform?: ChangeHistoryPlatform;
  /** The repository's default branch; default: the platform's, else `origin/HEAD`, else main. */
  defaultBranch?: string;
  /** The audit-log checkpoint the events were read from, when the caller has one. */
  log?: AuditPopulation['log'];
  exec: Exec;
  clock: Clock;
}

/**
 * What git itself computes (hash, parents, committer date): nothing a commit's author writes, so a
 * subject holding separators cannot forge another commit's record.
 */
const COMMIT_FORMAT = ['%H', '%P', '%cI'].join('%x1f') + '%x1e';
/** What the commit's author wrote, read per commit: author name/email, committer name/email, subject (last, so it may hold anything). */
const PEOPLE_FORMAT = ['%an', '%ae', '%cn', '%ce', '%s'].join('%x00');

interface LoggedCommit {
  sha: string;
  parents: string[];
  author: { name: string; email: string };
  committer: { name: string; email: string };
  time: string;
  subject: string;
}

/** The shared check's status as the export's evidence names it (`missing` cannot happen: the commit was just logged). */
const EVIDENCE_STATUS: Record<LocalSignatureStatus, CommitEvidence['signature']['local']> = { good: 'good', bad: 'bad', revoked: 'bad', expired: 'unknown-key', 'unknown-key': 'unknown-key', missing: 'unknown-key', unsigned: 'unsigned' };

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** Gathers the population `audit export` judges. */
export async function collectAuditPopulation(options: CollectAuditOptions): Promise<AuditPopulation> {
  const { config } = options;
  const names = [...new Set(options.environments?.length ? options.environments.map((name) => resolveEnvironmentName(config, name).name) : Object.keys(config.environments))];
  for (const name of names) {
    if (!Object.hasOwn(config.environments, name)) throw new UserError(`Environment "${name}" is not in the configuration; add it under environments: or leave it out of --environments.`);
  }
  const defaultBranch = options.defaultBranch ?? (await options.platform?.defaultBranch()) ?? (await originHead(options)) ?? 'main';
  const git = await commitVerifier({ cwd: options.cwd, exec: options.exec, keys: readSignatureKeys(options.config, options.configPath) });
  try {
    const changes: AuditChange[] = [];
    for (const environment of names) appendAll(changes, await environmentChanges(options, git, environment, environmentBranch({ defaultBranch, config }, environment)));
    return {
      since: options.since.toISOString(),
      until: options.until.toISOString(),
      environments: names,
      changes,
      incidents: names.flatMap((environment) => driftIncidents(options.events, environment, options.since, options.until)),
      log: options.log ?? null,
    };
  } finally {
    git.dispose();
  }
}

async function originHead(options: CollectAuditOptions): Promise<string | undefined> {
  const result = await options.exec.run('git', ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], { cwd: options.cwd }).catch(() => undefined);
  return result?.exitCode === 0 ? result.stdout.toString('utf8').trim().replace(/^origin\//, '') || undefined : undefined;
}

/** The branch as the remote has it (`origin/<branch>`), else the local branch. */
async function branchRef(git: CommitVerifier, environment: string, branch: string, cwd: string): Promise<string> {
  for (const ref of [`refs/remotes/origin/${branch}`, `refs/heads/${branch}`]) {
    if ((await git.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).exitCode === 0) return ref;
  }
  throw new UserError(`The branch ${branch} of environment ${environment} is not in the repository at ${cwd}; fetch it (git fetch origin ${branch}, or actions/checkout with fetch-depth: 0) so its history can be exported.`);
}

async function loggedCommits(git: CommitVerifier, args: string[], doing: string): Promise<LoggedCommit[]> {
  const records = (await gitOrFail(git, ['log', `--format=${COMMIT_FORMAT}`, ...args], doing))
    .split('\x1e')
    .map((record) => record.replace(/^\n/, ''))
    .filter(Boolean);
  const commits: LoggedCommit[] = [];
  for (const record of records) {
    const [sha, parents, time] = record.split('\x1f');
    const [authorName, authorEmail, committerName, committerEmail, ...subject] = (await gitOrFail(git, ['log', '-1', `--format=${PEOPLE_FORMAT}`, sha], `read commit ${sha.slice(0, 12)}`)).replace(/\n$/, '').split('\0');
    commits.push({
      sha,
      parents: parents ? parents.split(' ') : [],
      author: { name: authorName ?? '', email: authorEmail ?? '' },
      committer: { name: committerName ?? '', email: committerEmail ?? '' },
      time,
      subject: subject.join(' '),
    });
  }
  return commits;
}

async function gitOrFail(git: CommitVerifier, args: string[], doing: string) {
  const result = await git.run(args);
  if (result.exitCode !== 0) throw new UserError(`git could not ${doing} (${firstLine(result.stderr)}); fetch the full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0).`);
  return result.stdout;
}

/**
 * The stretch of the branch's first-parent history that reached it in the period, as `git log`
 * revisions (`last ^before`; undefined when none did), and where each commit of that history stands on
 * it. A commit's committer date is whatever its author set, so it is never trusted alone (`git log --since` also stops at the first older commit,
 * so one backdated push would hide itself and everything before it): a commit reached the branch no
 * earlier than any commit before it, and not in the future, so its time is the latest of those dates, capped at now.
 */
async function periodRange(git: CommitVerifier, ref: string, options: CollectAuditOptions): Promise<{ range: string[] | undefined; positions: Map<string, number> }> {
  const now = options.clock.now().getTime();
  const lines = (await gitOrFail(git, ['log', '--first-parent', '--reverse', '--format=%H %ct', ref], `read the history of ${ref}`)).split('\n').filter(Boolean);
  let reached = Number.NEGATIVE_INFINITY;
  let before: string | undefined;
  let last: string | undefined;
  const positions = new Map<string, number>();
  for (const line of lines) {
    const [sha, seconds] = line.split(' ');
    positions.set(sha, positions.size);
    reached = Math.max(reached, Math.min(Number(seconds) * 1000, now));
    if (reached < options.since.getTime()) before = sha;
    else if (reached <= options.until.getTime()) last = sha;
  }
  return { range: last ? [last, ...(before ? [`^${before}`] : [])] : undefined, positions };
}

async function environmentChanges(options: CollectAuditOptions, git: CommitVerifier, environment: string, branch: string): Promise<AuditChange[]> {
  const settings = options.config.environments[environment];
  const configured = environmentPaths(settings);
  if (!configured.length) throw new UserError(`Environment ${environment} names no paths to follow; set environments.${environment}.paths in the config.`);
  const base = dirname(resolve(options.configPath));
  const pathspecs = configured.map((path) => resolve(base, path));
  const ref = await branchRef(git, environment, branch, options.cwd);
  const { range, positions } = await periodRange(git, ref, options);
  const logged = range ? await loggedCommits(git, ['--first-parent', ...range, '--', ...pathspecs], `read the history of ${branch}`) : [];
  const events = forEnvironment(options.events, environment);
  const deployments = new Deployments(events, git, positions, range?.slice(1) ?? []);
  const changes: AuditChange[] = [];
  // Oldest first, as they reached the environment.
  for (const commit of logged.reverse()) {
    const touched = await gitOrFail(git, ['diff-tree', '-r', '--root', '--no-commit-id', '--name-only', '-m', '--first-parent', commit.sha, '--', ...pathspecs], `list what ${commit.sha.slice(0, 12)} changed`);
    const brought = commit.parents.length > 1 ? await loggedCommits(git, [commit.sha, `^${commit.parents[0]}`], `list the commits ${commit.sha.slice(0, 12)} merged`) : [commit];
    const request = (await options.platform?.changeRequestFor(commit.sha, branch)) ?? null;
    const reviewedSha = request?.merged_head_sha ?? commit.sha;
    const approvals: ChangeApproval[] = (request?.approvals ?? []).map((approval) => ({ ...approval, on_merged_head: approval.sha === reviewedSha }));
    changes.push({
      id: `${environment}@${commit.sha}`,
      environment,
      branch,
      sha: commit.sha,
      time: commit.time,
      paths: [...new Set(touched.split('\n').filter(Boolean))],
      commits: await Promise.all(brought.map((each) => commitEvidence(options, git, each))),
      change_request: request && { number: request.number, url: request.url, author: request.author, opened_at: request.opened_at, merged_head_sha: request.merged_head_sha, labels: request.labels },
      approvals,
      ci_status: options.platform ? await options.platform.ciStatus(reviewedSha) : 'none',
      gate: gateFor(events, reviewedSha),
      deployments: await deployments.of(commit.sha),
      emergency: emergencyOf(options, events, commit, request, approvals),
    });
  }
  return changes;
}

async function commitEvidence(options: CollectAuditOptions, git: CommitVerifier, commit: LoggedCommit): Promise<CommitEvidence> {
  const [platform, checked] = await Promise.all([options.platform?.commit(commit.sha), git.verify(commit.sha)]);
  return {
    sha: commit.sha,
    subject: commit.subject,
    author: { ...commit.author, login: platform?.authorLogin ?? null },
    committer: { ...commit.committer, login: platform?.committerLogin ?? null },
    time: commit.time,
    signature: { local: EVIDENCE_STATUS[checked.status], format: checked.format, signer: checked.signer, platform: platform?.verification ?? null },
  };
}

const forEnvironment = (events: AuditEvent[], environment: string) => events.filter((event) => event.environment === environment);

/** The last gate decision the log holds for the reviewed commit, among the environment's events. */
function gateFor(events: AuditEvent[], sha: string): AuditChange['gate'] {
  const gate = events.filter((event) => event.details.type === 'gate' && event.commits.head === sha).at(-1);
  if (!gate || gate.details.type !== 'gate') return null;
  return { seq: gate.seq, time: gate.time, outcome: gate.details.outcome, plan_fingerprint: gate.details.plan_fingerprint };
}

/**
 * The first successful sync whose deployed commit contains a change: the deployment that put it on the
 * environment. The changes are commits of the branch's first-parent history, where an earlier commit is an
 * ancestor of a later one and never a descendant: a deployed commit on that history contains the changes up to
 * its place. A deployed commit off it (a pull request's head, another branch) contains those up to the latest
 * one among its ancestors, found once with `git rev-list` (not one `git merge-base` per change and sync).
 */
class Deployments {
  private readonly syncs: AuditEvent[];
  /** For each deployed commit off the first-parent history: the place of the latest commit of it that it contains (-1: none). */
  private readonly reach = new Map<string, Promise<number>>();

  constructor(
    events: AuditEvent[],
    private readonly git: CommitVerifier,
    private readonly positions: ReadonlyMap<string, number>,
    /** `^<the commit before the period>`, when there is one: the changes are all after it. */
    private readonly boundary: string[],
  ) {
    this.syncs = events.filter((event) => event.details.type === 'sync' && event.details.outcome === 'succeeded');
  }

  async of(sha: string): Promise<ChangeDeployment[]> {
    const change = this.positions.get(sha) ?? Number.POSITIVE_INFINITY;
    for (const event of this.syncs) {
      const deployed = event.commits.deployed ?? event.commits.head;
      if (!deployed || event.details.type !== 'sync' || (deployed !== sha && change > (await this.reachOf(deployed)))) continue;
      return [{ seq: event.seq, time: event.time, actor: { id: event.actor.id, login: event.actor.login }, deployed_sha: deployed, plan_fingerprint: event.details.plan_fingerprint, outcome: event.details.outcome }];
    }
    return [];
  }

  private reachOf(deployed: string): Promise<number> | number {
    const at = this.positions.get(deployed);
    if (at !== undefined) return at;
    let reach = this.reach.get(deployed);
    if (!reach) {
      // A commit git does not know contains nothing.
      reach = this.git.run(['rev-list', deployed, ...this.boundary]).then((result) =>
        result.exitCode !== 0 ? -1 : maxOf(result.stdout.split('\n').map((line) => this.positions.get(line) ?? -1), -1),
      );
      this.reach.set(deployed, reach);
    }
    return reach;
  }
}

/**
 * A rollback (recorded in the log for this commit or its PR/MR) or a change labelled break-glass,
 * with its follow-up review: the first approval of the reviewed commit by someone other than the
 * author, after the change landed and within `audit.follow_up_hours`.
 */
function emergencyOf(options: CollectAuditOptions, events: AuditEvent[], commit: LoggedCommit, request: PlatformChangeRequest | null, approvals: ChangeApproval[]): AuditChange['emergency'] {
  const rollback = events.some(
    (event) =>
      event.details.type === 'rollback' &&
      event.details.outcome !== 'dry-run' &&
      (event.commits.head === commit.sha || event.commits.deployed === commit.sha || (request !== null && event.change_request?.number === request.number)),
  );
  const label = options.config.audit.break_glass_label;
  const kind = rollback ? 'rollback' : request?.labels.some((name) => name.toLowerCase() === label.toLowerCase()) ? 'break-glass' : undefined;
  if (!kind) return null;
  const landed = Date.parse(commit.time);
  const deadline = landed + options.config.audit.follow_up_hours * 3_600_000;
  const author = request?.author;
  const follow_up =
    approvals.find((approval) => {
      const at = Date.parse(approval.time);
      const byAuthor = author !== undefined && ((author.id !== null && approval.id === author.id) || (author.login !== null && approval.login?.toLowerCase() === author.login.toLowerCase()));
      return approval.on_merged_head && at >= landed && at <= deadline && !byAuthor;
    }) ?? null;
  return { kind, follow_up };
}

/**
 * Drift incidents from the log: opened by a drift event that found drift (or an alert that
 * triggered), closed by the next clean drift event (or resolved alert). How it was resolved: a
 * successful sync in between → sync, a rollback → revert, else the drift was accepted into Git.
 */
export function driftIncidents(events: AuditEvent[], environment: string, since: Date, until: Date): DriftIncident[] {
  const incidents: DriftIncident[] = [];
  // The first successful sync and rollback after the event that opened the incident (by seq): one before the event
  // that closes it resolved it (a sync), else reverted it (a rollback).
  let open: { first_seen: string; severity: DriftIncident['severity']; from: number; synced?: number; reverted?: number } | undefined;
  const mine = forEnvironment(events, environment).sort((a, b) => a.seq - b.seq);
  for (const event of mine) {
    const details = event.details;
    const opens = (details.type === 'drift' && details.outcome === 'drift') || (details.type === 'alert' && details.outcome !== 'resolve');
    const closes = (details.type === 'drift' && details.outcome === 'clean') || (details.type === 'alert' && details.outcome === 'resolve');
    if (opens) {
      const severity = details.type === 'drift' ? (SEVERITIES.find((level) => details.counts[level] > 0) ?? 'low') : alertSeverity(details.severity);
      if (!open) open = { first_seen: (details.type === 'drift' && details.first_seen) || event.time, severity, from: event.seq };
      else if (SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(open.severity)) open.severity = severity;
    } else if (closes && open) {
      const before = (seq: number | undefined) => seq !== undefined && seq < event.seq;
      const resolution = before(open.synced) ? 'sync' : before(open.reverted) ? 'revert' : 'accepted';
      incidents.push({ environment, first_seen: open.first_seen, severity: open.severity, resolved_at: event.time, resolution, seconds_to_resolve: (Date.parse(event.time) - Date.parse(open.first_seen)) / 1000 });
      open = undefined;
    } else if (open && details.outcome === 'succeeded' && event.seq > open.from) {
      if (details.type === 'sync') open.synced ??= event.seq;
      else if (details.type === 'rollback') open.reverted ??= event.seq;
    }
  }
  if (open) incidents.push({ environment, first_seen: open.first_seen, severity: open.severity, resolved_at: null, resolution: null, seconds_to_resolve: null });
  return incidents.filter((incident) => Date.parse(incident.first_seen) <= until.getTime() && (incident.resolved_at === null || Date.parse(incident.resolved_at) >= since.getTime()));
}

/** An alert's severity as the monitor names it; an unknown word counts as high rather than vanish. */
function alertSeverity(severity: string | null): DriftIncident['severity'] {
  const word = severity?.toLowerCase();
  return (SEVERITIES as readonly string[]).includes(word ?? '') ? (word as DriftIncident['severity']) : 'high';
}

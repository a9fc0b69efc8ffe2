import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  AUDIT_EVENT_SCHEMA,
  AuditEvent,
  describeFailure,
  type AuditActor,
  type AuditDetails,
  type AuditEventDraft,
  type AuditRun,
  type DriftReport,
  type GateDecision,
  GitopsSyncConfig,
} from '@gitops-sync/core';
import { loadConfig } from '../config-file.js';
import { isInside } from '../files.js';
import { reportFingerprint } from '../report-file.js';
import { noAuditTrail, systemClock, type AuditTrail, type Clock, type Exec } from '../ports.js';
import { openAuditTrail } from './trail.js';
import { readConfiguredAuditLog } from './read-log.js';

/** Who runs and where, as `runIdentity(env)` (platforms) reads it from the CI platform's variables. */
export interface AuditIdentity {
  actor: AuditActor;
  run: AuditRun;
  repository: string | null;
}

/** What a use case needs to record an event: the run's trail, its clock, identity and redaction. */
export interface AuditContext {
  trail: AuditTrail;
  clock: Clock;
  identity: AuditIdentity;
  /** The run's redaction (the reports' own): applied to every string of an event. */
  redact: (text: string) => string;
}

/** What an event is about, beside its details. */
export interface AuditSubject {
  environment?: string | null;
  commits?: { base?: string | null; head?: string | null; deployed?: string | null };
  changeRequest?: { number: number; url?: string | null } | null;
}

const LOCAL: AuditIdentity = { actor: { id: null, login: null, token: null }, run: { platform: 'local', id: null, attempt: null, url: null }, repository: null };

/** For callers that keep no trail (unit tests of a use case). */
export const noAudit: AuditContext = { trail: noAuditTrail, clock: systemClock, identity: LOCAL, redact: (text) => text };

const COMMIT = /^[0-9a-f]{7,64}$/;
const commit = (sha: string | null | undefined) => (sha && COMMIT.test(sha) ? sha : null);

function redactStrings<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)])) as T;
  return value;
}

/** The event a use case records; the store chains it. */
export function auditDraft(audit: AuditContext, subject: AuditSubject, details: AuditDetails): AuditEventDraft {
  const draft: AuditEventDraft = {
    schema: AUDIT_EVENT_SCHEMA,
    time: audit.clock.now().toISOString(),
    environment: subject.environment ?? null,
    actor: audit.identity.actor,
    run: audit.identity.run,
    repository: audit.identity.repository,
    commits: { base: commit(subject.commits?.base), head: commit(subject.commits?.head), deployed: commit(subject.commits?.deployed) },
    change_request: subject.changeRequest ? { number: subject.changeRequest.number, url: subject.changeRequest.url ?? null } : null,
    details: redactStrings(details, audit.redact),
  };
  return draft;
}

/** Records one event; never throws for the use case's sake (the trail says so when it is closed). */
export async function recordAudit(audit: AuditContext | undefined, subject: AuditSubject, details: AuditDetails): Promise<void> {
  if (!audit) return;
  await audit.trail.record(auditDraft(audit, subject, details));
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The `drift` event of a report (first_seen: the oldest drift the drift state remembers, when known). */
export function driftDetails(report: DriftReport, firstSeen?: Record<string, string>): AuditDetails {
  const times = Object.values(firstSeen ?? {}).sort();
  return {
    type: 'drift',
    outcome: report.drift_detected ? 'drift' : 'clean',
    report_fingerprint: reportFingerprint(report),
    plan_fingerprint: report.plan_fingerprint ?? null,
    counts: { ...report.changes_by_severity },
    ...(firstSeen ? { first_seen: times[0] ?? null } : {}),
  };
}

export const driftSubject = (report: DriftReport): AuditSubject => ({ environment: report.environment, commits: { head: report.head_sha ?? null } });

/** A check that failed before it had a report. */
export function driftFailed(): AuditDetails {
  return { type: 'drift', outcome: 'failed', report_fingerprint: null, plan_fingerprint: null, counts: { critical: 0, high: 0, medium: 0, low: 0 } };
}

/** Backups as the events list them: each file's path and sha256 (a backup that cannot be read is listed with the hash of nothing). */
export function backupEntries(paths: readonly string[], baseDir: string): { path: string; sha256: string }[] {
  return paths.map((path) => {
    let content: Buffer;
    try {
      content = readFileSync(resolve(baseDir, path));
    } catch {
      content = Buffer.alloc(0);
    }
    return { path, sha256: sha256(content) };
  });
}

/** The `gate` event: who counted, who was rejected and why, and the approval wait. */
export function gateDetails(decision: GateDecision, timing: { requestedAt?: string; approvals: ReadonlyMap<number, string | undefined> }, planFingerprint: string | null): AuditDetails {
  const voter = (approval: GateDecision['approvals_counted'][number]) => ({
    id: String(approval.id),
    login: approval.user,
    reason: approval.reason,
    approved_at: timing.approvals.get(approval.id) ?? null,
  });
  // The approval that satisfied the gate: the required_approvals-th counted one, in time order.
  const times = decision.approvals_counted.map((approval) => timing.approvals.get(approval.id)).filter((time): time is string => Boolean(time)).sort();
  const satisfying = decision.allowed ? (times[Math.max(0, decision.required_approvals - 1)] ?? times.at(-1) ?? null) : null;
  return {
    type: 'gate',
    outcome: decision.allowed ? 'allowed' : 'denied',
    reason: decision.allowed ? `${decision.approvals_counted.length} of ${decision.required_approvals} required approvals counted` : decision.missing.join('; '),
    counted: decision.approvals_counted.map(voter),
    rejected: decision.approvals_rejected.map(voter),
    plan_fingerprint: planFingerprint,
    requested_at: timing.requestedAt ?? null,
    approved_at: satisfying,
  };
}

/**
 * The approval waits (approved_at − requested_at, in seconds) of the gate events that allowed a
 * change to `environment` after `since` (exclusive) up to `until`: `gitops_approval_time_seconds`.
 */
export function approvalWaits(events: readonly AuditEvent[], environment: string, since: Date | undefined, until: Date): number[] {
  return events.flatMap((event) => {
    const { details } = event;
    if (details.type !== 'gate' || details.outcome !== 'allowed' || event.environment !== environment) return [];
    const at = Date.parse(event.time);
    if ((since && at <= since.getTime()) || at > until.getTime()) return [];
    if (!details.requested_at || !details.approved_at) return [];
    const seconds = (Date.parse(details.approved_at) - Date.parse(details.requested_at)) / 1000;
    return Number.isFinite(seconds) ? [Math.max(0, seconds)] : [];
  });
}

/**
 * The events of the configured store's log (the `git` store's branch in CI), up to the first that
 * does not verify; none when it cannot be read: a damaged log is `audit verify`'s business, not the metric's.
 */
export async function readAuditLogEvents(config: GitopsSyncConfig, configPath: string, cwd: string, context: { env: NodeJS.ProcessEnv; exec: Exec }): Promise<AuditEvent[]> {
  try {
    return (await readConfiguredAuditLog(config, configPath, cwd, context)).events;
  } catch {
    return [];
  }
}

/** A trail whose failures are kept for `close` rather than thrown at a use case. */
function guarded(trail: AuditTrail): AuditTrail & { failure(): unknown } {
  let failure: unknown;
  return {
    async record(draft) {
      if (failure !== undefined) return;
      try {
        await trail.record(draft);
      } catch (error) {
        failure = error;
      }
    },
    close: () => trail.close(),
    failure: () => failure,
  };
}

export interface RunAuditOptions {
  identity: AuditIdentity;
  redact: (text: string) => string;
  /** One warning line: a failure of the store never hides the command's own result. */
  warn: (line: string) => void;
  clock?: Clock;
  /** The folder the run works in (the checkout): the config's folder must not be reached from it through a symbolic link. */
  cwd?: string;
}

/**
 * The audit trail of one run, for an entry point: opened once the config is known, closed when the
 * run ends (also when it fails). A store that fails is one warning, never a different exit code.
 */
export class RunAudit {
  private opened: { context: AuditContext; trail: ReturnType<typeof guarded> } | undefined;

  constructor(private readonly options: RunAuditOptions) {}

  /** The run's audit context; the first call opens the trail the config chooses. */
  open(config: GitopsSyncConfig, configPath: string, env: NodeJS.ProcessEnv): AuditContext {
    return this.start(() => openAuditTrail({ config, configPath, env, root: this.options.cwd }));
  }

  private start(openTrail: () => AuditTrail): AuditContext {
    if (!this.opened) {
      let trail: AuditTrail;
      try {
        trail = openTrail();
      } catch (error) {
        this.options.warn(`the audit trail could not be opened (${this.options.redact(describeFailure(error))}); this run records no events.`);
        trail = noAuditTrail;
      }
      const safe = guarded(trail);
      this.opened = { trail: safe, context: { trail: safe, clock: this.options.clock ?? systemClock, identity: this.options.identity, redact: this.options.redact } };
    }
    return this.opened.context;
  }

  /**
   * For approve-safe and gate, which read the policy from the repository, not the change: opens, once
   * that is read, the trail the trusted config names (`configPath`, the working copy's, places its file store).
   */
  openByPolicy(configPath: string, env: NodeJS.ProcessEnv): (policy: GitopsSyncConfig) => AuditContext {
    return (policy) => this.open(policy, configPath, env);
  }

  /** For a command that failed before its config was read: the trail the config at `configPath` names, or the default one when it does not parse. */
  openBeside(configPath: string, env: NodeJS.ProcessEnv): AuditContext {
    let config: GitopsSyncConfig;
    try {
      config = loadConfig(configPath, false);
    } catch {
      // A config that does not load names no store: the default one beside it, but only inside the run's folder
      // (an action's `config: ../../../etc/passwd` must not make a folder in /etc).
      const { cwd } = this.options;
      if (cwd !== undefined) {
        if (!isInside(resolve(dirname(configPath)), resolve(cwd))) {
          this.options.warn(`the config ${configPath} could not be read and is outside ${cwd}, so this run records no events.`);
          return this.start(() => noAuditTrail);
        }
      }
      config = GitopsSyncConfig.parse({});
    }
    return this.open(config, configPath, env);
  }

  /** Ends the run's recording; returns the events stored (none when nothing was opened or the store failed). */
  async close(): Promise<AuditEvent[]> {
    const opened = this.opened;
    this.opened = undefined;
    if (!opened) return [];
    let problem = opened.trail.failure();
    let events: AuditEvent[] = [];
    try {
      events = await opened.trail.close();
    } catch (error) {
      problem ??= error;
    }
    // The store's own sentence may begin as this warning does: said once.
    const why = () => describeFailure(problem).replace(/^The audit trail could not be written: /, '').replace(/[.\s]+$/, '');
    if (problem !== undefined) this.options.warn(`the audit trail could not be written (${this.options.redact(why())}); this run's events may be missing from it.`);
    return events;
  }
}

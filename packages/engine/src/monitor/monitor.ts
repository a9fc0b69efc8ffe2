import { existsSync, readFileSync } from 'node:fs';
import {
  appendAll,
  advanceDriftState,
  describeFailure,
  DriftState,
  mergeMetricsState,
  recoverDriftState,
  recoverStateBlock,
  renderMarkdown,
  SEVERITIES,
  stateBlock,
  stateOfUnknownAlert,
  trendChart,
  type AlertEvent,
  type AuditEvent,
  type DriftReport,
  type Monitoring,
  UserError,
} from '@gitops-sync/core';
import type { DriftIssues } from './drift-issues.js';
import { readInputFile, writeFileAtomic } from '../files.js';
import type { Notifier } from './notifier.js';
import type { Progress } from '../ports.js';
import { approvalWaits, driftDetails, driftSubject, recordAudit, type AuditContext } from '../audit/record.js';

export interface MonitorRequest {
  report: DriftReport;
  monitoring: Monitoring;
  now: Date;
  runUrl?: string;
  /** Memory between runs for the CLI; with issues on, the issue's hidden block is the memory. */
  stateFile?: string;
  /** How long the drift check took, for gitops_sync_duration_seconds. */
  durationSeconds: number;
  /** The audit log's events: its gate decisions since the last run feed gitops_approval_time_seconds. */
  auditEvents?: readonly AuditEvent[];
}

export interface MonitorChannels {
  notifiers: Notifier[];
  issues?: DriftIssues;
  progress: Progress;
  /** Where the drift check (a `drift` event with its first-seen time) and each alert (an `alert` event with every channel's result) are recorded. */
  audit?: AuditContext;
}

export interface MonitorResult {
  event: AlertEvent | undefined;
  state: DriftState;
  driftAgeSeconds: number;
  issue?: { number: number; url?: string; action: 'created' | 'updated' | 'closed' };
  /** Channels that took the event. */
  delivered: string[];
  /** One sentence per channel (or the issue, or the state file) that failed; the drift result stands. */
  failures: string[];
}

const issueMarker = (environment: string) => `<!-- gitops-sync:drift-issue environment=${environment} -->`;

/** Room left in an issue body (65,536 characters) for the report once the chart and state block are in. */
const ISSUE_REPORT_LIMIT = 40_000;

const mostSevereOf = (report: DriftReport) => SEVERITIES.find((severity) => report.changes_by_severity[severity] > 0) ?? 'none';

function issueTitle(report: DriftReport): string {
  const counts = SEVERITIES.filter((severity) => report.changes_by_severity[severity]).map((severity) => `${report.changes_by_severity[severity]} ${severity}`);
  return `Drift in ${report.environment}: ${counts.join(', ')}`;
}

function issueBody(report: DriftReport, state: DriftState, runUrl: string | undefined): string {
  return [
    issueMarker(report.environment),
    `gitops-sync keeps this issue up to date while \`${report.environment}\` drifts and closes it when the drift is gone.${runUrl ? ` Last run: ${runUrl}` : ''}`,
    '',
    trendChart(state),
    '',
    renderMarkdown(report, ISSUE_REPORT_LIMIT),
    '',
    stateBlock(state),
  ].join('\n');
}

/**
 * Alerts need memory between runs (the drift issue's hidden state, or a state file): without it every
 * run is a first run, so the same drift alerts at every run and its resolve is never sent. A run with
 * channels and no memory is refused before anything is checked or sent.
 */
export function checkAlertMemory(monitoring: Monitoring, given: { driftIssue: boolean; stateFile?: string }): void {
  const channels = Object.values(monitoring.notifications).some(Boolean);
  if (channels && !given.driftIssue && !monitoring.drift_issue.enabled && !given.stateFile) {
    throw new UserError(
      'Alerts need memory between runs, or every run would alert again and none would ever be resolved: set monitoring.drift_issue.enabled: true (or --drift-issue, the drift-issue input) or keep a --state-file (the state-file input) between runs.',
    );
  }
}

const GITHUB_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment']);
const GITLAB_REQUEST_EVENTS = new Set(['merge_request_event', 'external_pull_request_event']);

/**
 * A pull/merge request's run checks the request's own code, so its author would decide what the
 * channels are told and when the environment's alert resolves (a plan showing nothing closes the
 * incident). Alerts and the drift memory are kept by scheduled (or hand-started) runs only.
 */
export function checkMonitoringRun(env: NodeJS.ProcessEnv): void {
  const event =
    env.GITHUB_ACTIONS === 'true' && GITHUB_REQUEST_EVENTS.has(githubEvent(env))
      ? `GITHUB_EVENT_NAME=${env.GITHUB_EVENT_NAME}${env.GITHUB_EVENT_NAME === 'workflow_run' ? ` started by ${githubEvent(env)}` : ''}`
      : env.GITLAB_CI === 'true' && GITLAB_REQUEST_EVENTS.has(env.CI_PIPELINE_SOURCE ?? '')
        ? `CI_PIPELINE_SOURCE=${env.CI_PIPELINE_SOURCE}`
        : undefined;
  if (event) {
    throw new UserError(`notify keeps an environment's alerts and drift memory, which a pull/merge request's own code must not decide (this run is for ${event}): run notify on a schedule, and pr-comment on pull/merge requests.`);
  }
}

/** The run's event; for a workflow_run, the event of the run whose completion started it (which may hand over a pull request's plan as an artifact). */
function githubEvent(env: NodeJS.ProcessEnv): string {
  if (env.GITHUB_EVENT_NAME !== 'workflow_run') return env.GITHUB_EVENT_NAME ?? '';
  try {
    const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH ?? '', 'utf8')) as { workflow_run?: { event?: unknown } };
    return String(payload.workflow_run?.event ?? '');
  } catch {
    return '';
  }
}

/** The state a previous run left in `path`; what is wrong in it (or a file that is not one) is reported and left out. */
function readStateFile(path: string, environment: string, now: Date, failures: string[]): DriftState | undefined {
  if (!existsSync(path)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readInputFile(path, 'a drift state file').toString('utf8'));
  } catch {
    data = undefined;
  }
  const { state, problems } = recoverDriftState(data, environment, now);
  appendAll(failures, problems.map((problem) => `state file: ${path} ${problem}`));
  return state;
}

/**
 * A scheduled drift check's follow-up: remembers how long each resource has drifted, keeps the
 * environment's drift issue in step, and tells the channels once when a threshold is crossed (or
 * severity rises) and once when the drift is gone. A failing channel never stops the others.
 */
export async function runMonitor(request: MonitorRequest, channels: MonitorChannels): Promise<MonitorResult> {
  const { report } = request;
  const failures: string[] = [];
  const attempt = async <T>(what: string, action: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await action();
    } catch (error) {
      failures.push(`${what}: ${describeFailure(error)}`);
      return undefined;
    }
  };

  const marker = issueMarker(report.environment);
  const existing = channels.issues ? await attempt('drift issue', () => channels.issues!.find(marker)) : undefined;
  // Nothing has failed before the lookup, so any failure now is the lookup's.
  const lookupFailed = failures.length > 0;
  let previous: DriftState | undefined;
  // Someone else last edited the issue: what it says was alerted is not taken on its word.
  const editedBy = request.stateFile ? undefined : existing?.editedBy;
  /** The warning about an edited issue: the run still did its work, so it does not count against the success rate. */
  let untrustedNotice: string | undefined;
  if (request.stateFile) previous = readStateFile(request.stateFile, report.environment, request.now, failures);
  else if (existing && editedBy !== undefined) {
    failures.push((untrustedNotice = `drift issue: issue #${existing.number} was last edited by ${editedBy}, not by gitops-sync, so the drift state in it is not trusted (it decides which alerts are sent); this run alerts or resolves as if it did not know what was sent before, and writes the state again`));
    previous = stateOfUnknownAlert(report.environment, report.affected_resources, existing.createdAt, request.now);
  } else if (existing) {
    const { state, problems } = recoverStateBlock(existing.body, report.environment, request.now);
    appendAll(failures, problems.map((problem) => `drift issue: the drift state in issue #${existing.number} ${problem}`));
    previous = state;
  }
  const step = advanceDriftState(previous, report, request.monitoring.alert_thresholds, request.now, request.runUrl);
  const result: MonitorResult = { event: step.event, state: step.state, driftAgeSeconds: step.driftAgeSeconds, delivered: [], failures };
  // The drift check's event, with when its oldest drift was first seen (unknown without the memory).
  const withoutMemory = lookupFailed && !request.stateFile;
  await recordAudit(channels.audit, driftSubject(report), driftDetails(report, withoutMemory ? undefined : step.state.first_seen));
  // The issue holds the memory: without it this run cannot tell a new drift from a known one. It opens
  // no second issue and sends no resolve, but it does send a trigger the thresholds call for without the
  // drift's age (PagerDuty keeps one incident per dedup key): a lookup that keeps failing must not keep
  // the pager quiet for good.
  if (withoutMemory) {
    if (step.event?.kind !== 'trigger') {
      result.event = undefined;
      return result;
    }
    step.event.summary += ' (the drift issue could not be read, so this may repeat an alert already sent)';
  }
  if (editedBy !== undefined && step.event) step.event.summary += ` (the drift issue was edited by ${editedBy}, so gitops-sync cannot tell which alerts it sent before)`;

  // An event some channels missed at the last run goes to those alone (any still configured).
  const targets = step.only ? channels.notifiers.filter((notifier) => step.only!.includes(notifier.name)) : channels.notifiers;
  if (step.only && !targets.length) result.event = undefined;
  else if (step.event) {
    const event = step.event;
    const sent = await Promise.all(
      targets.map(async (notifier) => {
        try {
          await notifier.send(event);
          result.delivered.push(notifier.name);
          return { channel: notifier.name, ok: true, error: null };
        } catch (error) {
          failures.push(`${notifier.name}: ${describeFailure(error)}`);
          return { channel: notifier.name, ok: false, error: describeFailure(error) };
        }
      }),
    );
    await recordAudit(
      channels.audit,
      { environment: report.environment, commits: { head: report.head_sha } },
      { type: 'alert', outcome: event.kind === 'resolve' ? 'resolve' : step.escalated ? 'escalate' : 'trigger', severity: event.kind === 'resolve' ? null : mostSevereOf(report), channels: sent },
    );
    const what = event.kind === 'trigger' ? 'Alert' : 'Resolved';
    const missed = targets.filter((notifier) => !result.delivered.includes(notifier.name)).map((notifier) => notifier.name);
    if (result.delivered.length) {
      // Those that missed it get it at the next run: one channel's outage must not keep the pager quiet for good.
      if (missed.length) step.state.undelivered = missed;
      channels.progress.step(`${what} sent to ${result.delivered.join(', ')}${missed.length ? `; ${missed.join(', ')} get it at the next run` : ''}`);
    } else if (targets.length) {
      if (step.only) step.state.undelivered = missed;
      else {
        // Nobody was told: remember the alert as it was, so the next run sends this event again rather than stay quiet for good.
        step.state.alerting = previous?.alerting ?? false;
        step.state.alerted_severity = previous?.alerted_severity ?? null;
        step.state.undelivered = previous?.undelivered;
      }
      channels.progress.step(`${what} not delivered: every channel failed (see the warnings); it is tried again at the next run`);
    }
    else channels.progress.step(`${what} not sent: no channel configured (monitoring.notifications in gitops-sync.yaml)`);
  }
  if (withoutMemory) return result;
  const lastRun = previous?.history.at(-1)?.at;
  const approvalSeconds = approvalWaits(request.auditEvents ?? [], report.environment, lastRun ? new Date(lastRun) : undefined, request.now);
  step.state.metrics = mergeMetricsState(previous?.metrics, { report, durationSeconds: request.durationSeconds, driftAgeSeconds: step.driftAgeSeconds, succeeded: failures.every((failure) => failure === untrustedNotice), approvalSeconds });

  if (channels.issues && !lookupFailed) {
    const issues = channels.issues;
    await attempt('drift issue', async () => {
      if (report.drift_detected) {
        const body = issueBody(report, step.state, request.runUrl);
        if (existing) {
          await issues.update(existing.number, issueTitle(report), body);
          if (step.severityRose) await issues.comment(existing.number, `Severity rose to ${mostSevereOf(report)}: ${report.environment} has ${issueTitle(report).replace(/^Drift in [^:]+: /, '')} change(s).`);
          result.issue = { number: existing.number, url: existing.url, action: 'updated' };
        } else {
          const created = await issues.create(issueTitle(report), body);
          result.issue = { number: created.number, url: created.url, action: 'created' };
        }
      } else if (existing && (step.state.alerting || step.state.undelivered?.length)) {
        // A resolve some channel has not taken yet: the issue, the memory, stays open so the next run sends it again.
        await issues.update(existing.number, `Drift in ${report.environment}: resolved, alert not yet delivered`, issueBody(report, step.state, request.runUrl));
        result.issue = { number: existing.number, url: existing.url, action: 'updated' };
      } else if (existing) {
        await issues.comment(existing.number, `The drift in \`${report.environment}\` is gone as of ${request.now.toISOString()}; closing.`);
        // Closed with the state it ends on (no alert open): reopened, it must not stand for one that was resolved.
        await issues.close(existing.number, `Drift in ${report.environment}: resolved`, issueBody(report, step.state, request.runUrl));
        result.issue = { number: existing.number, url: existing.url, action: 'closed' };
      }
    });
    if (result.issue) channels.progress.step(`Drift issue #${result.issue.number} ${result.issue.action}`);
  }
  if (request.stateFile) await attempt('state file', async () => writeFileAtomic(request.stateFile!, `${JSON.stringify(step.state, null, 2)}\n`));
  return result;
}

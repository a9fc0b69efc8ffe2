import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { clip } from '../errors.js';
import type { DriftReport, Severity } from '../model/report.js';
import { SEVERITIES } from '../model/report.js';
import { mostSevereFirst } from '../report/build.js';
import { MetricsState } from '../report/prometheus.js';
import type { AlertEvent } from './alert-event.js';
import { maxOf } from '../arrays.js';

export const AlertThresholds = z
  .object({
    /** Alert when more critical changes than this. */
    critical_changes: z.number().int().min(0).default(0),
    /** Alert when more high changes than this. */
    high_priority_changes: z.number().int().min(0).default(3),
    /** Alert when any drift is older than this. */
    drift_age_hours: z.number().min(0).default(1),
  })
  .strict();
export type AlertThresholds = z.infer<typeof AlertThresholds>;

const HISTORY_LENGTH = 20;

const IsoTime = z.iso.datetime({ offset: true });
const Count = z.number().int().nonnegative();
const HistoryEntry = z.object({ at: IsoTime, critical: Count, high: Count, medium: Count, low: Count });

/** What a monitoring run remembers for the next one: when each drifted resource was first seen. */
export const DriftState = z.object({
  schema: z.literal('gitops-sync/drift-state@1'),
  environment: z.string(),
  /** A threshold was crossed at the last run (an alert is open). */
  alerting: z.boolean(),
  /** The most severe change when it last alerted, to tell when severity rises. */
  alerted_severity: z.enum(SEVERITIES).nullable(),
  /** Drifted resource address → ISO time it was first seen drifted (without a break). */
  first_seen: z.record(z.string(), IsoTime),
  /** Changes by severity at each recent run, oldest first. */
  history: z.array(HistoryEntry),
  /** Counters and histograms carried across runs, for the Prometheus metrics. */
  metrics: MetricsState.optional(),
  /** Channels that did not take the last event (the trigger while alerting, else the resolve) when others did: the next run sends it to them again. */
  undelivered: z.array(z.string()).optional(),
});
export type DriftState = z.infer<typeof DriftState>;

export interface MonitorStep {
  state: DriftState;
  /** What channels are told, or undefined when nothing changed for them. */
  event: AlertEvent | undefined;
  /** Severity rose since the last alert (a new trigger). */
  escalated: boolean;
  /** The most severe change is worse than at the last run, alerting or not (the drift issue gets a comment). */
  severityRose: boolean;
  /** The event is the one some channels missed at the last run (`undelivered`): it goes to these alone. */
  only?: string[];
  driftAgeSeconds: number;
}

/**
 * A name is someone else's choice, at any length: ten of these stay far inside what every channel takes
 * (PagerDuty's 512 KB event, a relay's 10 MB mail, a receiver's 100 KB JSON body).
 */
const ALERT_ADDRESS_LIMIT = 1024;

const RANK: Record<Severity, number> = { critical: 3, high: 2, medium: 1, low: 0 };

function mostSevere(report: DriftReport): Severity | null {
  return SEVERITIES.find((severity) => report.changes_by_severity[severity] > 0) ?? null;
}

const hours = (seconds: number) => (seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`);

function thresholdReasons(report: DriftReport, ageSeconds: number, thresholds: AlertThresholds): string[] {
  const reasons: string[] = [];
  const { critical, high } = report.changes_by_severity;
  if (critical > thresholds.critical_changes) reasons.push(`${critical} critical change(s), more than ${thresholds.critical_changes}`);
  if (high > thresholds.high_priority_changes) reasons.push(`${high} high change(s), more than ${thresholds.high_priority_changes}`);
  if (report.drift_detected && ageSeconds > thresholds.drift_age_hours * 3600) reasons.push(`drift for ${hours(ageSeconds)}, longer than ${thresholds.drift_age_hours} h`);
  return reasons;
}

/**
 * The dedup key of an environment's alert: one per alerted severity, so a rise in severity opens an
 * incident of its own (PagerDuty appends a trigger with an open incident's key to that incident's
 * log: an escalation would page nobody).
 */
export const alertKey = (environment: string, severity: Severity): string => `gitops-sync/${environment}/${severity}`;

/** Every key an environment's alert may have had. */
const alertKeys = (environment: string): string[] => SEVERITIES.map((severity) => alertKey(environment, severity));

/** Every key an environment's alert may have had, the one it has (`alerted`, when known) last. */
const resolveOrder = (environment: string, alerted: Severity | null | undefined): string[] => {
  const own = alerted ? alertKey(environment, alerted) : undefined;
  return [...alertKeys(environment).filter((key) => key !== own), ...(own ? [own] : [])];
};

/**
 * What a run starts from when the last run's memory cannot be trusted (the drift issue's body was edited by
 * someone else, who may have rewritten its state to keep an alert quiet): an alert of unknown severity may be
 * open. So a drift over the thresholds is alerted again (and every other key resolved), a drift under them
 * resolves every key the environment's alert may have had. The drifted resources (`addresses`) are taken to
 * have drifted since `since` (when the issue was opened, which no one can edit), so an edit does not make an
 * old drift young; without it their ages start again. History starts again.
 */
export function stateOfUnknownAlert(environment: string, addresses: readonly string[], since: string | undefined, now: Date): DriftState {
  const time = since !== undefined && IsoTime.safeParse(since).success && Date.parse(since) <= now.getTime() ? since : undefined;
  return { schema: 'gitops-sync/drift-state@1', environment, alerting: true, alerted_severity: null, first_seen: time ? Object.fromEntries(addresses.map((address) => [address, time])) : {}, history: [] };
}

/**
 * One monitoring run: carries `first_seen` forward for resources still drifted (a resource whose
 * drift went away and came back starts again), decides whether a threshold is crossed, and turns
 * the difference from the last run into at most one event — trigger on the first crossing or when
 * severity rises, resolve when an alert's drift is gone, nothing while nothing changes.
 */
export function advanceDriftState(previous: DriftState | undefined, report: DriftReport, thresholds: AlertThresholds, now: Date, runUrl?: string): MonitorStep {
  const at = now.toISOString();
  // Own keys only, set as data: an address may be `constructor` or `__proto__`, which a plain lookup reads from Object.prototype.
  const firstSeen: Record<string, string> = Object.fromEntries(report.affected_resources.map((address) => [address, (previous && Object.hasOwn(previous.first_seen, address) ? previous.first_seen[address] : undefined) ?? at]));
  // A loop, not Math.min(...times): past about 120,000 arguments V8 runs out of stack.
  let oldest = now.getTime();
  for (const time of Object.values(firstSeen)) oldest = Math.min(oldest, Date.parse(time));
  const driftAgeSeconds = Math.max(0, Math.round((now.getTime() - oldest) / 1000));
  const reasons = thresholdReasons(report, driftAgeSeconds, thresholds);
  const severity = mostSevere(report);
  const alerting = reasons.length > 0;
  const escalated = alerting && previous?.alerting === true && severity !== null && (previous.alerted_severity === null || RANK[severity] > RANK[previous.alerted_severity]);
  const counts = { ...report.changes_by_severity };
  const state: DriftState = {
    schema: 'gitops-sync/drift-state@1',
    environment: report.environment,
    alerting,
    alerted_severity: alerting ? (escalated || !previous?.alerting ? severity : previous.alerted_severity) : null,
    first_seen: firstSeen,
    history: [...(previous?.history ?? []), { at, ...counts }].slice(-HISTORY_LENGTH),
    metrics: previous?.metrics,
  };
  const last = previous?.history.at(-1);
  const before = last ? (SEVERITIES.find((s) => last[s] > 0) ?? null) : null;
  const severityRose = before !== null && severity !== null && RANK[severity] > RANK[before];
  const transition = alerting && (!previous?.alerting || escalated) ? 'trigger' : !alerting && previous?.alerting ? 'resolve' : undefined;
  const only = !transition && previous?.undelivered?.length ? previous.undelivered : undefined;
  const kind = transition ?? (only && (alerting ? 'trigger' : 'resolve'));
  if (!kind) return { state, event: undefined, escalated, severityRose, driftAgeSeconds };
  const countText = SEVERITIES.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`).join(', ');
  // Alerting always has a severity (a threshold is crossed by changes); `low` only guards the type.
  const ownKey = alertKey(report.environment, state.alerted_severity ?? 'low');
  // A resolve closes whichever key the alert had; an escalation closes the alert it supersedes, and so does a
  // trigger sent again to channels that missed it (it may be an escalation whose resolves failed).
  // A resolve's last key is the alert's own: when a request fails part-way, its incident stays open, as the state then says.
  const resolves = kind === 'resolve' ? resolveOrder(report.environment, previous?.alerted_severity) : escalated || only ? alertKeys(report.environment).filter((key) => key !== ownKey) : [];
  const event: AlertEvent = {
    kind,
    environment: report.environment,
    dedupKey: kind === 'trigger' ? ownKey : resolves.at(-1)!,
    resolves,
    // A resolve is "under the thresholds", which is not always "gone": it never says resolved while changes remain.
    summary:
      kind === 'trigger'
        ? `${report.environment}: ${countText} change(s); ${reasons.join('; ')}`
        : report.total_changes
          ? `${report.environment}: back under the alert thresholds; ${countText} change(s) still drift`
          : `${report.environment}: drift resolved`,
    reasons,
    counts,
    totalChanges: report.total_changes,
    driftAgeSeconds,
    topChanges: mostSevereFirst(report.changes, 10).map(({ address, severity: s, action, origin, rule }) => ({ address: clip(address, ALERT_ADDRESS_LIMIT), severity: s, action, origin, rule })),
    runUrl,
    at,
  };
  return { state, event, escalated, severityRose, driftAgeSeconds, only };
}

const STATE_MARKER = /<!-- gitops-sync:drift-state ([A-Za-z0-9+/=]+) -->/;
/** The hidden block stays well inside the 65,536 characters an issue body may have. */
const STATE_BLOCK_LIMIT = 16_000;

/** What a block read back may be: a body someone edited can hold a gzip bomb (a megabyte inflating to a gigabyte). */
const STATE_BLOCK_READ_LIMIT = 65_536;
const STATE_JSON_READ_LIMIT = 4 * 1024 * 1024;

const encodeState = (state: DriftState) => gzipSync(JSON.stringify(state)).toString('base64');

/**
 * The state as a hidden block in an issue body: gzipped base64 JSON inside an HTML comment. With
 * very many drifted resources the newest first-seen times are dropped first (by time: the times may
 * carry different offsets): the age comes from the oldest, and a dropped resource only restarts its own clock.
 */
export function stateBlock(state: DriftState): string {
  let encoded = encodeState(state);
  if (encoded.length > STATE_BLOCK_LIMIT) {
    const entries = Object.entries(state.first_seen)
      .map(([address, time]) => ({ address, time, at: Date.parse(time) }))
      .sort((a, b) => (Number.isNaN(a.at) ? Infinity : a.at) - (Number.isNaN(b.at) ? Infinity : b.at));
    // Kept as many as when each round kept 80% of the last, until the block fit: the first of those rounds whose
    // block fits (fewer entries make no longer a block), found by halving rather than by 25 rounds of gzip for 250,000.
    const rounds: number[] = [];
    for (let kept = Math.floor(entries.length * 0.8); ; kept = Math.floor(kept * 0.8)) {
      rounds.push(kept);
      if (kept === 0) break;
    }
    const blockOf = (kept: number) => encodeState({ ...state, first_seen: Object.fromEntries(entries.slice(0, kept).map(({ address, time }) => [address, time])) });
    let low = 0;
    let high = rounds.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (blockOf(rounds[middle]).length <= STATE_BLOCK_LIMIT) high = middle;
      else low = middle + 1;
    }
    encoded = blockOf(rounds[low]);
  }
  return `<!-- gitops-sync:drift-state ${encoded} -->`;
}

/** A state read back, with what was wrong in it: each problem a sentence to follow its source ("state.json has …"). */
export interface RecoveredDriftState {
  state: DriftState | undefined;
  problems: string[];
}

const StateEnvelope = DriftState.extend({ first_seen: z.record(z.string(), z.unknown()), history: z.array(z.unknown()), metrics: z.unknown().optional() });

const someOf = (items: string[]) => (items.length > 3 ? `${items.slice(0, 3).join(', ')} and ${items.length - 3} more` : items.join(', '));

/**
 * A previous run's state, whatever it holds: bad first-seen times (not ISO, or later than `now`,
 * which would hold a drift's age at zero) and bad history entries are dropped, unreadable metrics
 * start again, and anything else wrong means a fresh start. Never an error: a state that crashed a
 * run would make every later run alert again.
 */
export function recoverDriftState(data: unknown, environment: string, now?: Date): RecoveredDriftState {
  const envelope = StateEnvelope.safeParse(data);
  if (!envelope.success || envelope.data.environment !== environment) return { state: undefined, problems: [`is not a drift state of ${environment}; it is replaced and drift ages start now.`] };
  const { first_seen: _checked, history, metrics, ...rest } = envelope.data;
  const problems: string[] = [];
  const goodTimes: [string, string][] = [];
  const badTimes: string[] = [];
  // From the data itself: zod's record leaves out a `__proto__` key, which JSON.parse keeps as an address like any other.
  for (const [address, time] of Object.entries((data as { first_seen: Record<string, unknown> }).first_seen)) {
    const parsed = IsoTime.safeParse(time);
    if (parsed.success && (now === undefined || Date.parse(parsed.data) <= now.getTime())) goodTimes.push([address, parsed.data]);
    else badTimes.push(address);
  }
  if (badTimes.length) problems.push(`has ${badTimes.length} first-seen time(s) that are not ISO times in the past (${someOf(badTimes)}); they start again now.`);
  const goodHistory = history.flatMap((entry) => {
    const parsed = HistoryEntry.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
  if (goodHistory.length < history.length) problems.push(`has ${history.length - goodHistory.length} history entry(ies) that are not a time and counts; they are dropped.`);
  const goodMetrics = metrics === undefined ? undefined : MetricsState.safeParse(metrics);
  if (goodMetrics && !(goodMetrics.success && goodMetrics.data.environment === environment)) problems.push('has metrics that do not parse; the counters start again.');
  const state: DriftState = {
    ...rest,
    first_seen: Object.fromEntries(goodTimes),
    history: goodHistory.slice(-HISTORY_LENGTH),
    metrics: goodMetrics?.success && goodMetrics.data.environment === environment ? goodMetrics.data : undefined,
  };
  return { state, problems };
}

/** The state hidden in an issue body, with its problems; none when the body has no block. */
export function recoverStateBlock(body: string, environment: string, now?: Date): RecoveredDriftState {
  const found = STATE_MARKER.exec(body);
  if (!found) return { state: undefined, problems: [] };
  const tooLarge = { state: undefined, problems: ['has a drift state larger than gitops-sync writes; it is replaced and drift ages start now.'] };
  if (found[1].length > STATE_BLOCK_READ_LIMIT) return tooLarge;
  let data: unknown;
  try {
    data = JSON.parse(gunzipSync(Buffer.from(found[1], 'base64'), { maxOutputLength: STATE_JSON_READ_LIMIT }).toString('utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge;
    return { state: undefined, problems: [`has a drift state that cannot be decoded; drift ages start now.`] };
  }
  return recoverDriftState(data, environment, now);
}

/** The state hidden in an issue body, its bad values dropped; undefined when there is none or it is not one (a fresh start, never an error). */
export function readStateBlock(body: string, environment: string, now?: Date): DriftState | undefined {
  return recoverStateBlock(body, environment, now).state;
}

/** Changes by severity over the recent runs, as a Mermaid `xychart-beta` GitHub and GitLab render. */
export function trendChart(state: DriftState): string {
  const runs = state.history;
  const labels = runs.map((run) => `"${run.at.slice(5, 16).replace('T', ' ')}"`);
  const top = maxOf(runs.map((run) => run.critical + run.high + run.medium + run.low), 1);
  const lines = ['```mermaid', 'xychart-beta', `  title "Changes by severity, last ${runs.length} run(s)"`, `  x-axis [${labels.join(', ')}]`, `  y-axis "changes" 0 --> ${top}`];
  for (const severity of SEVERITIES) lines.push(`  line [${runs.map((run) => run[severity]).join(', ')}]`);
  lines.push('```', '', 'Lines, top to bottom in the legend order: critical, high, medium, low.');
  return lines.join('\n');
}

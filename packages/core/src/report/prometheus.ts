import { z } from 'zod';
import { DriftReport, SEVERITIES, type Severity } from '../model/report.js';

/**
 * Prometheus metrics for scheduled gitops-sync runs, in the text exposition format 0.0.4.
 *
 * A node_exporter textfile is rewritten at every run and a Pushgateway PUT replaces its whole group,
 * so counters and histograms must arrive cumulative. They are kept in a small JSON state
 * (`MetricsState`, about 1 KB) that each run folds its observations into with `mergeMetricsState`
 * and stores for the next; the state after the run is all `renderMetrics` needs.
 */

export const METRICS_STATE_SCHEMA = 'gitops-sync/metrics-state@1';
/** The media type of the text exposition format (UTF-8 is implied). */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4';

/** How many recent runs `gitops_sync_success_rate` is the share of (25 h of 15-minute runs). */
export const SUCCESS_WINDOW = 100;

/** Upper bounds of `gitops_sync_duration_seconds`: a second to an hour. */
export const SYNC_DURATION_BUCKETS: readonly number[] = [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600];
/** Upper bounds of `gitops_approval_time_seconds`: a minute to a week. */
export const APPROVAL_TIME_BUCKETS: readonly number[] = [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800];

const ascending = (bounds: number[]) => bounds.every((bound, i) => i === 0 || bound > bounds[i - 1]);

export const HistogramState = z
  .object({
    /** Finite upper bounds, ascending; the +Inf bucket is `count`. */
    bounds: z.array(z.number().finite()).refine(ascending, 'bounds must ascend'),
    /** Cumulative: `counts[i]` observations were ≤ `bounds[i]`. */
    counts: z.array(z.number().int().nonnegative()),
    count: z.number().int().nonnegative(),
    sum: z.number().finite().nonnegative(),
  })
  .refine((h) => h.counts.length === h.bounds.length && h.counts.every((c, i) => c <= h.count && (i === 0 || c >= h.counts[i - 1])), 'counts must be cumulative, one per bound');
export type HistogramState = z.infer<typeof HistogramState>;

/** Everything the metrics of one environment are rendered from: the gauges of the last run and the cumulative series. */
export const MetricsState = z.object({
  schema: z.literal(METRICS_STATE_SCHEMA),
  environment: z.string(),
  /** Last run: drifted resources by severity. */
  changes_by_severity: DriftReport.shape.changes_by_severity,
  /** Last run: age of the oldest drift still present, 0 when in sync. */
  drift_age_seconds: z.number().finite().nonnegative(),
  /** Runs that found drift. */
  drift_detected_total: z.number().int().nonnegative(),
  /** Outcome of the recent runs, oldest first: `1` succeeded, `0` failed. */
  recent_runs: z.string().regex(/^[01]+$/).max(SUCCESS_WINDOW),
  sync_duration_seconds: HistogramState,
  approval_time_seconds: HistogramState,
});
export type MetricsState = z.infer<typeof MetricsState>;

/** What `renderMetrics` takes: the state after the run (see `mergeMetricsState`). */
export type MetricsInput = MetricsState;

/** What one run observed. */
export interface MetricsRun {
  /** Gives the environment, the counts by severity and whether drift was found. */
  report: DriftReport;
  /** How long the run took. */
  durationSeconds: number;
  /** Age of the oldest drift still present (`MonitorResult.driftAgeSeconds`), 0 when in sync. */
  driftAgeSeconds: number;
  /** The run did all it had to (for monitoring: no channel, issue or state failure). Default true. */
  succeeded?: boolean;
  /** Approval waits completed in this run (change request opened → approved). */
  approvalSeconds?: readonly number[];
}

function emptyHistogram(bounds: readonly number[]): HistogramState {
  return { bounds: [...bounds], counts: bounds.map(() => 0), count: 0, sum: 0 };
}

function observation(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number of seconds, not ${value}`);
  // A clock step can make a measured span negative; it counts as 0.
  return Math.max(0, value);
}

function observe(previous: HistogramState | undefined, defaults: readonly number[], values: readonly number[], what: string): HistogramState {
  // A state kept with other bounds cannot be re-bucketed: the histogram starts again (a reset Prometheus handles).
  const sameBounds = previous && previous.bounds.length === defaults.length && previous.bounds.every((bound, i) => bound === defaults[i]);
  const histogram = sameBounds ? { ...previous, counts: [...previous.counts] } : emptyHistogram(defaults);
  for (const raw of values) {
    const value = observation(raw, what);
    histogram.bounds.forEach((bound, i) => {
      if (value <= bound) histogram.counts[i]++;
    });
    histogram.count++;
    histogram.sum += value;
  }
  return histogram;
}

/**
 * Folds one run into the state the previous run left (undefined, or another environment's, starts
 * afresh: counters restart at 0, which Prometheus treats as a reset). Pure; store the result for the
 * next run and render it.
 */
export function mergeMetricsState(previous: MetricsState | undefined, run: MetricsRun): MetricsState {
  const { report } = run;
  const carried = previous?.environment === report.environment ? previous : undefined;
  return {
    schema: METRICS_STATE_SCHEMA,
    environment: report.environment,
    changes_by_severity: { ...report.changes_by_severity },
    drift_age_seconds: observation(run.driftAgeSeconds, 'driftAgeSeconds'),
    drift_detected_total: (carried?.drift_detected_total ?? 0) + (report.drift_detected ? 1 : 0),
    recent_runs: ((carried?.recent_runs ?? '') + (run.succeeded === false ? '0' : '1')).slice(-SUCCESS_WINDOW),
    sync_duration_seconds: observe(carried?.sync_duration_seconds, SYNC_DURATION_BUCKETS, [run.durationSeconds], 'durationSeconds'),
    approval_time_seconds: observe(carried?.approval_time_seconds, APPROVAL_TIME_BUCKETS, run.approvalSeconds ?? [], 'approvalSeconds'),
  };
}

/** The state a previous run stored (parsed JSON), or undefined when there is none, it does not parse, or it is another environment's. */
export function parseMetricsState(data: unknown, environment: string): MetricsState | undefined {
  const parsed = MetricsState.safeParse(data);
  return parsed.success && parsed.data.environment === environment ? parsed.data : undefined;
}

/** A label value in the exposition format: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** A sample value as Prometheus (Go's ParseFloat) reads it. */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

type Labels = [name: string, value: string][];

function sample(name: string, labels: Labels, value: number): string {
  const rendered = labels.map(([label, text]) => `${label}="${escapeLabelValue(text)}"`).join(',');
  return `${name}${rendered ? `{${rendered}}` : ''} ${formatValue(value)}`;
}

function family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string, samples: string[]): string[] {
  return [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`, ...samples];
}

function histogramSamples(name: string, labels: Labels, histogram: HistogramState): string[] {
  return [
    ...histogram.bounds.map((bound, i) => sample(`${name}_bucket`, [...labels, ['le', formatValue(bound)]], histogram.counts[i])),
    sample(`${name}_bucket`, [...labels, ['le', '+Inf']], histogram.count),
    sample(`${name}_sum`, labels, histogram.sum),
    sample(`${name}_count`, labels, histogram.count),
  ];
}

const successRate = (runs: string) => (runs.length ? [...runs].filter((run) => run === '1').length / runs.length : NaN);

/**
 * The metrics of one environment in the Prometheus text exposition format 0.0.4, every family with
 * HELP and TYPE, all four severities always present; ends with a line feed. Valid for
 * `promtool check metrics`, a node_exporter textfile and a Pushgateway push.
 */
export function renderMetrics(samples: MetricsInput): string {
  const env: Labels = [['environment', samples.environment]];
  const severity = (level: Severity): Labels => [...env, ['severity', level]];
  const lines = [
    ...family('gitops_sync_duration_seconds', 'histogram', 'Duration of gitops-sync runs in seconds.', histogramSamples('gitops_sync_duration_seconds', env, samples.sync_duration_seconds)),
    ...family('gitops_drift_detected_total', 'counter', 'gitops-sync runs that found drift between Git and the live environment.', [sample('gitops_drift_detected_total', env, samples.drift_detected_total)]),
    ...family('gitops_sync_success_rate', 'gauge', `Share of the last ${SUCCESS_WINDOW} gitops-sync runs that succeeded, from 0 to 1.`, [sample('gitops_sync_success_rate', env, successRate(samples.recent_runs))]),
    ...family('gitops_approval_time_seconds', 'histogram', 'Time from a change request opening to its approval in seconds.', histogramSamples('gitops_approval_time_seconds', env, samples.approval_time_seconds)),
    ...family('gitops_drift_changes', 'gauge', 'Drifted resources by severity at the last gitops-sync run.', SEVERITIES.map((level) => sample('gitops_drift_changes', severity(level), samples.changes_by_severity[level]))),
    ...family('gitops_drift_age_seconds', 'gauge', 'Seconds since the oldest drift still present was first seen; 0 when in sync.', [sample('gitops_drift_age_seconds', env, samples.drift_age_seconds)]),
  ];
  return `${lines.join('\n')}\n`;
}

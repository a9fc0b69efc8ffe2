/**
 * Prometheus metrics of scheduled drift checks: the text exposition renderer and its cumulative
 * state (pure), the node_exporter textfile, and pushes to a Pushgateway.
 *
 * Real programs: `promtool check metrics` (Debian package `prometheus`) judges every rendered text,
 * and a real Pushgateway (Debian package `prometheus-pushgateway`) is started on 127.0.0.1 with a
 * free port and no persistence file, then stopped. Retries, credentials and time-outs are checked
 * against loopback servers. A missing program fails its tests with the reason; nothing is skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  APPROVAL_TIME_BUCKETS,
  escapeLabelValue,
  mergeMetricsState,
  MetricsState,
  parseMetricsState,
  renderMetrics,
  SUCCESS_WINDOW,
  SYNC_DURATION_BUCKETS,
  UserError,
  type DriftReport,
  type MetricsRun,
  type Severity,
} from '@gitops-sync/core';
import { isOnPath } from '@gitops-sync/engine';
import { writeMetricsFile } from '@gitops-sync/engine/monitor/metrics';
import { groupingSegment, pushMetrics } from '@gitops-sync/platforms';
import { freePort, PUSHGATEWAY, startPushgateway, type RunningPushgateway } from './support/pushgateway.js';

// ── helpers ────────────────────────────────────────────────────────────────────────────────────

type Counts = Record<Severity, number>;

function report(environment: string, counts: Partial<Counts> = {}): DriftReport {
  const changes_by_severity = { critical: 0, high: 0, medium: 0, low: 0, ...counts };
  const total = Object.values(changes_by_severity).reduce((sum, n) => sum + n, 0);
  return {
    schema: 'gitops-sync/drift-report@1',
    environment,
    generated_at: '2026-11-25T12:00:00.000Z',
    sources: ['terraform-plan'],
    drift_detected: total > 0,
    total_changes: total,
    changes_by_severity,
    changes_by_action: { create: 0, update: total, delete: 0, replace: 0, forget: 0, import: 0 },
    affected_resources: [],
    output_changes: [],
    changes: [],
    remediation_plan: [],
  };
}

/** Runs folded one after another, as scheduled runs would, each starting from the state the last one stored (through JSON). */
function runs(...observed: MetricsRun[]): MetricsState {
  let state: MetricsState | undefined;
  for (const run of observed) {
    state = mergeMetricsState(state, run);
    state = parseMetricsState(JSON.parse(JSON.stringify(state)), run.report.environment);
    if (!state) throw new Error('the merged state did not survive a JSON round trip');
  }
  return state!;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const unescape = (value: string) => value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** The samples of an exposition text (comments skipped), label values unescaped. */
function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, name, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[name] = unescape(value);
      return { name: match[1], labels, value: Number(match[3].replace('+Inf', 'Infinity')) };
    });
}

const pick = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = pick(samples, name, labels);
  if (found.length !== 1) throw new Error(`expected one ${name}${JSON.stringify(labels)}, found ${found.length}`);
  return found[0].value;
}

/** The UserError a promise rejects with, checked to be one sentence. */
async function userError(promise: Promise<unknown>): Promise<string> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(UserError);
  const message = (caught as Error).message;
  expect(message).not.toContain('\n');
  expect(message).toMatch(/\.$/);
  return message;
}

// ── prerequisites ──────────────────────────────────────────────────────────────────────────────

const PROMTOOL = 'promtool';

/** Throws with why a real program is not here (Debian: apt-get install -y prometheus prometheus-pushgateway). */
function assertPrerequisites(needs: ('promtool' | 'pushgateway')[]): void {
  const missing: string[] = [];
  if (needs.includes('promtool') && !isOnPath(PROMTOOL)) missing.push('promtool is not on PATH (Debian package `prometheus`)');
  if (needs.includes('pushgateway') && !PUSHGATEWAY) missing.push('prometheus-pushgateway is not on PATH (Debian package `prometheus-pushgateway`)');
  if (missing.length) throw new Error(`the metrics tests cannot run here: ${missing.join('; ')}; install them with apt-get install -y prometheus prometheus-pushgateway.`);
}

function promtool(text: string): { ok: boolean; output: string } {
  const result = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

/** A loopback HTTP server answering with `handle`; every request (with its body) is recorded. */
async function loopback(handle: (request: IncomingMessage, response: ServerResponse, body: string) => void) {
  const requests: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({ method: request.method, url: request.url, headers: request.headers, body });
      handle(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

// A state with everything in it: drift, a failed run, an approval, a nasty environment name.
const NASTY = 'eu "west"\\prod\nline two';
const stateFor = (environment: string, counts: Partial<Counts>, extra: Partial<MetricsRun> = {}) =>
  runs(
    { report: report(environment, { high: 1 }), durationSeconds: 4.2, driftAgeSeconds: 0, approvalSeconds: [240, 7000] },
    { report: report(environment, counts), durationSeconds: 75, driftAgeSeconds: 900, succeeded: false, ...extra },
  );

// ── pure: rendering and cumulative state ───────────────────────────────────────────────────────

describe('renderMetrics', () => {
  test('every family has HELP and TYPE, histograms have buckets up to +Inf, _sum and _count, and the text ends with a line feed', () => {
    const text = renderMetrics(stateFor('production', { critical: 2, low: 1 }));
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    const families = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => [name, type]);
    expect(families).toEqual([
      ['gitops_sync_duration_seconds', 'histogram'],
      ['gitops_drift_detected_total', 'counter'],
      ['gitops_sync_success_rate', 'gauge'],
      ['gitops_approval_time_seconds', 'histogram'],
      ['gitops_drift_changes', 'gauge'],
      ['gitops_drift_age_seconds', 'gauge'],
    ]);
    for (const [name] of families) expect(text).toMatch(new RegExp(`^# HELP ${name} \\S.*\\n# TYPE ${name} `, 'm'));
    const samples = parseSamples(text);
    const buckets = pick(samples, 'gitops_sync_duration_seconds_bucket');
    expect(buckets.map((b) => b.labels.le)).toEqual([...SYNC_DURATION_BUCKETS.map(String), '+Inf']);
    expect(buckets.every((b) => b.labels.environment === 'production')).toBe(true);
    expect(pick(samples, 'gitops_approval_time_seconds_bucket').map((b) => b.labels.le)).toEqual([...APPROVAL_TIME_BUCKETS.map(String), '+Inf']);
  });

  test('the numbers: cumulative buckets, sum and count, runs with drift, success share, severities, age', () => {
    const samples = parseSamples(renderMetrics(stateFor('production', { critical: 2, low: 1 })));
    const env = { environment: 'production' };
    expect(value(samples, 'gitops_sync_duration_seconds_bucket', { ...env, le: '1' })).toBe(0);
    expect(value(samples, 'gitops_sync_duration_seconds_bucket', { ...env, le: '5' })).toBe(1);
    expect(value(samples, 'gitops_sync_duration_seconds_bucket', { ...env, le: '60' })).toBe(1);
    expect(value(samples, 'gitops_sync_duration_seconds_bucket', { ...env, le: '120' })).toBe(2);
    expect(value(samples, 'gitops_sync_duration_seconds_bucket', { ...env, le: '+Inf' })).toBe(2);
    expect(value(samples, 'gitops_sync_duration_seconds_sum', env)).toBeCloseTo(79.2);
    expect(value(samples, 'gitops_sync_duration_seconds_count', env)).toBe(2);
    expect(value(samples, 'gitops_approval_time_seconds_bucket', { ...env, le: '300' })).toBe(1);
    expect(value(samples, 'gitops_approval_time_seconds_bucket', { ...env, le: '7200' })).toBe(2);
    expect(value(samples, 'gitops_approval_time_seconds_sum', env)).toBe(7240);
    expect(value(samples, 'gitops_drift_detected_total', env)).toBe(2);
    expect(value(samples, 'gitops_sync_success_rate', env)).toBe(0.5);
    expect(pick(samples, 'gitops_drift_changes').map((s) => [s.labels.severity, s.value])).toEqual([
      ['critical', 2],
      ['high', 0],
      ['medium', 0],
      ['low', 1],
    ]);
    expect(value(samples, 'gitops_drift_age_seconds', env)).toBe(900);
  });

  test('no drift still lists all four severities at 0, and an approval histogram with no observation is all zeros', () => {
    const samples = parseSamples(renderMetrics(runs({ report: report('staging'), durationSeconds: 2, driftAgeSeconds: 0 })));
    expect(pick(samples, 'gitops_drift_changes').map((s) => [s.labels.severity, s.value])).toEqual([
      ['critical', 0],
      ['high', 0],
      ['medium', 0],
      ['low', 0],
    ]);
    expect(pick(samples, 'gitops_approval_time_seconds_bucket').every((s) => s.value === 0)).toBe(true);
    expect(value(samples, 'gitops_approval_time_seconds_count')).toBe(0);
    expect(value(samples, 'gitops_drift_detected_total')).toBe(0);
    expect(value(samples, 'gitops_sync_success_rate')).toBe(1);
  });

  test('label values escape backslash, double quote and line feed, and nothing else', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeLabelValue('prod-eu/1 ünïcode {x=y},')).toBe('prod-eu/1 ünïcode {x=y},');
    const text = renderMetrics(stateFor(NASTY, { high: 1 }));
    expect(text).toContain('gitops_drift_age_seconds{environment="eu \\"west\\"\\\\prod\\nline two"} 900\n');
    // One sample per line: the line feed in the name never breaks a line.
    expect(text.split('\n').filter((line) => line.startsWith('gitops_drift_changes{'))).toHaveLength(4);
    expect(parseSamples(text).every((sample) => sample.labels.environment === NASTY)).toBe(true);
  });
});

describe('mergeMetricsState', () => {
  test('counters and histograms add up across runs; gauges are the last run', () => {
    const state = runs(
      { report: report('production', { critical: 1 }), durationSeconds: 3, driftAgeSeconds: 0 },
      { report: report('production'), durationSeconds: 3, driftAgeSeconds: 0 },
      { report: report('production', { medium: 4 }), durationSeconds: 30, driftAgeSeconds: 60, approvalSeconds: [100] },
    );
    expect(state.drift_detected_total).toBe(2);
    expect(state.sync_duration_seconds).toMatchObject({ count: 3, sum: 36 });
    expect(state.approval_time_seconds).toMatchObject({ count: 1, sum: 100 });
    expect(state.changes_by_severity).toEqual({ critical: 0, high: 0, medium: 4, low: 0 });
    expect(state.drift_age_seconds).toBe(60);
    expect(JSON.stringify(state).length).toBeLessThan(1500);
  });

  test('the success rate is the share of the last runs, and the window stays bounded', () => {
    const run = (succeeded: boolean): MetricsRun => ({ report: report('production'), durationSeconds: 1, driftAgeSeconds: 0, succeeded });
    let state = runs(run(false), run(true), run(true), run(true));
    expect(parseSamples(renderMetrics(state)).find((s) => s.name === 'gitops_sync_success_rate')?.value).toBe(0.75);
    for (let i = 0; i < SUCCESS_WINDOW; i++) state = mergeMetricsState(state, run(true));
    expect(state.recent_runs).toHaveLength(SUCCESS_WINDOW);
    expect(parseSamples(renderMetrics(state)).find((s) => s.name === 'gitops_sync_success_rate')?.value).toBe(1);
  });

  test("another environment's state, or a state with other bucket bounds, starts afresh; garbage does not parse", () => {
    const production = runs({ report: report('production', { high: 1 }), durationSeconds: 3, driftAgeSeconds: 0 });
    expect(mergeMetricsState(production, { report: report('staging', { high: 1 }), durationSeconds: 3, driftAgeSeconds: 0 })).toMatchObject({ environment: 'staging', drift_detected_total: 1, sync_duration_seconds: { count: 1 } });
    const rebucketed = { ...production, sync_duration_seconds: { bounds: [1, 2], counts: [0, 1], count: 1, sum: 2 } };
    expect(mergeMetricsState(rebucketed, { report: report('production'), durationSeconds: 3, driftAgeSeconds: 0 }).sync_duration_seconds).toMatchObject({ count: 1, sum: 3, bounds: SYNC_DURATION_BUCKETS });
    expect(parseMetricsState(production, 'staging')).toBeUndefined();
    expect(parseMetricsState({ ...production, drift_detected_total: -1 }, 'production')).toBeUndefined();
    expect(parseMetricsState({ ...production, sync_duration_seconds: { ...production.sync_duration_seconds, counts: [5] } }, 'production')).toBeUndefined();
    expect(parseMetricsState('not json at all', 'production')).toBeUndefined();
  });

  test('a negative span (a clock step) counts as 0; a non-finite one is a bug and throws', () => {
    expect(runs({ report: report('p'), durationSeconds: -2, driftAgeSeconds: 0 }).sync_duration_seconds).toMatchObject({ count: 1, sum: 0 });
    expect(() => mergeMetricsState(undefined, { report: report('p'), durationSeconds: NaN, driftAgeSeconds: 0 })).toThrow(/durationSeconds must be a finite number/);
  });
});

// ── promtool and the textfile ──────────────────────────────────────────────────────────────────

describe('promtool check metrics', () => {
  let dir: string;
  beforeAll(() => {
    assertPrerequisites(['promtool']);
    dir = mkdtempSync(join(tmpdir(), 'gitops-metrics-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('promtool is a real judge: it rejects an unescaped quote and a missing HELP', () => {
    expect(promtool('# HELP a_total x\n# TYPE a_total counter\na_total{environment="a"b"} 1\n').ok).toBe(false);
    expect(promtool('# TYPE a gauge\na 1\n')).toMatchObject({ ok: false, output: expect.stringContaining('no help text') });
  });

  test.each([
    ['drift with an approval and a failed run', stateFor('production', { critical: 2, high: 5, low: 1 })],
    ['no drift at all', runs({ report: report('staging'), durationSeconds: 0.25, driftAgeSeconds: 0 })],
    ['an environment with a backslash, quotes and a line feed', stateFor(NASTY, { medium: 3 })],
    ['an environment with slashes and non-ASCII', stateFor('eu/west/prød', { low: 1 }, { durationSeconds: 123456.789 })],
  ])('the rendered text passes: %s', (_, state) => {
    const result = promtool(renderMetrics(state));
    expect(result).toEqual({ ok: true, output: '' });
  });

  test('writeMetricsFile leaves one complete .prom file, ending with a line feed, that promtool accepts', () => {
    const path = join(dir, 'textfile', 'gitops_sync_production.prom');
    const text = renderMetrics(stateFor('production', { high: 1 }));
    writeMetricsFile(path, text);
    writeMetricsFile(path, text.trimEnd());
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(join(dir, 'textfile'))).toEqual(['gitops_sync_production.prom']);
    expect(promtool(readFileSync(path, 'utf8'))).toEqual({ ok: true, output: '' });
  });

  test('an unwritable metrics path is one sentence naming it, and nothing is left behind', () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const write = () => writeMetricsFile(join(blocker, 'm.prom'), 'a 1\n');
    expect(write).toThrow(UserError);
    expect(write).toThrow(/^Could not write .*not-a-dir\/m\.prom: .*; check the output path is writable\.$/);
    expect(readFileSync(blocker, 'utf8')).toBe('x');
  });
});

// ── a real Pushgateway ─────────────────────────────────────────────────────────────────────────

describe('Pushgateway', () => {
  let gateway: RunningPushgateway | undefined;
  let base = '';

  beforeAll(async () => {
    assertPrerequisites(['pushgateway', 'promtool']);
    gateway = await startPushgateway();
    base = gateway.base;
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  async function gatewaySamples(): Promise<Sample[]> {
    const answer = await fetch(`${base}/metrics`);
    expect(answer.ok).toBe(true);
    const text = await answer.text();
    return parseSamples(text).filter((sample) => sample.name.startsWith('gitops_') || sample.name === 'push_time_seconds');
  }

  test('a push lands with the job and environment grouping labels, every sample as rendered', async () => {
    const state = stateFor('production', { critical: 1, high: 2 });
    const text = renderMetrics(state);
    await pushMetrics(base, { job: 'gitops-sync-drift', groupingLabels: { environment: 'production' } }, text);
    const group = { job: 'gitops-sync-drift', environment: 'production' };
    const samples = (await gatewaySamples()).filter((s) => s.labels.job === group.job && s.labels.environment === group.environment);
    expect(value(samples, 'push_time_seconds', group)).toBeGreaterThan(0);
    // Every sample we pushed is there, with the grouping labels (and the gateway's empty instance).
    for (const sent of parseSamples(text)) {
      const labels: Record<string, string> = { ...sent.labels, ...group, instance: '' };
      const le = labels.le;
      const found = samples.filter((s) => s.name === sent.name && Object.keys(labels).length === Object.keys(s.labels).length && Object.entries(labels).every(([k, v]) => (k === 'le' ? Number(s.labels.le.replace('+Inf', 'Infinity')) === Number(le.replace('+Inf', 'Infinity')) : s.labels[k] === v)));
      expect([sent.name, sent.labels, found.map((s) => s.value)]).toEqual([sent.name, sent.labels, [sent.value]]);
    }
    expect(pick(samples, 'gitops_drift_changes').map((s) => [s.labels.severity, s.value])).toEqual(expect.arrayContaining([['critical', 1], ['high', 2], ['medium', 0], ['low', 0]]));
  });

  test('a second push replaces the whole group (PUT), and leaves other groups alone', async () => {
    const job = 'gitops-sync-replace';
    const staging = { job, environment: 'staging' };
    const production = { job, environment: 'production' };
    await pushMetrics(base, { job, groupingLabels: { environment: 'staging' } }, renderMetrics(stateFor('staging', { low: 7 })));
    const first = stateFor('production', { critical: 3 });
    await pushMetrics(base, { job, groupingLabels: { environment: 'production' } }, renderMetrics(first));
    // The next run: counters moved on, drift gone; and this push leaves out the approval histogram altogether.
    const second = mergeMetricsState(first, { report: report('production'), durationSeconds: 2, driftAgeSeconds: 0 });
    const withoutApprovals = renderMetrics(second)
      .split('\n')
      .filter((line) => !line.includes('gitops_approval_time_seconds'))
      .join('\n');
    await pushMetrics(base, { job, groupingLabels: { environment: 'production' } }, withoutApprovals);

    const samples = await gatewaySamples();
    expect(value(samples, 'gitops_drift_detected_total', production)).toBe(2);
    expect(value(samples, 'gitops_drift_changes', { ...production, severity: 'critical' })).toBe(0);
    expect(value(samples, 'gitops_sync_duration_seconds_count', production)).toBe(3);
    expect(value(samples, 'gitops_drift_age_seconds', production)).toBe(0);
    expect(pick(samples, 'gitops_approval_time_seconds_count', production)).toEqual([]);
    expect(pick(samples, 'gitops_approval_time_seconds_bucket', production)).toEqual([]);
    // The staging group is untouched, approvals included.
    expect(value(samples, 'gitops_drift_changes', { ...staging, severity: 'low' })).toBe(7);
    expect(value(samples, 'gitops_approval_time_seconds_count', staging)).toBe(2);
  });

  test('an environment with a slash goes base64 in the URL; quotes, backslashes and line feeds survive the round trip', async () => {
    expect(groupingSegment('environment', 'eu/west')).toBe(`environment@base64/${Buffer.from('eu/west').toString('base64url')}`);
    expect(groupingSegment('environment', 'prod eu')).toBe('environment/prod%20eu');
    expect(groupingSegment('environment', '..')).toBe('environment@base64/Li4');
    const job = 'gitops-sync-escaping';
    for (const environment of ['eu/west/prød', NASTY, '..']) {
      await pushMetrics(base, { job, groupingLabels: { environment } }, renderMetrics(stateFor(environment, { medium: 2 })));
    }
    const samples = await gatewaySamples();
    for (const environment of ['eu/west/prød', NASTY, '..']) {
      expect(value(samples, 'gitops_drift_changes', { job, environment, severity: 'medium' })).toBe(2);
      expect(value(samples, 'gitops_drift_age_seconds', { job, environment })).toBe(900);
    }
    // What the gateway serves, our escaped labels included, is still valid exposition text.
    const served = await (await fetch(`${base}/metrics`)).text();
    expect(served).toContain('environment="eu \\"west\\"\\\\prod\\nline two"');
    expect(promtool(served).output).not.toMatch(/parsing error/);
  });

  test('metrics the gateway rejects (another type for the same name) are one sentence with its reason, not retried', async () => {
    const job = 'gitops-sync-clash';
    await pushMetrics(base, { job, groupingLabels: { environment: 'staging' } }, renderMetrics(stateFor('staging', {})));
    const clash = '# HELP gitops_drift_changes Clash.\n# TYPE gitops_drift_changes counter\ngitops_drift_changes{severity="high"} 1\n';
    const message = await userError(pushMetrics(base, { job, groupingLabels: { environment: 'production' } }, clash, { retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 1000 } }));
    expect(message).toMatch(new RegExp(`^Could not push metrics for job "gitops-sync-clash", environment "production" to the Pushgateway at ${base.replace(/\./g, '\\.')} \\(HTTP 400: .*inconsistent.*\\); the gateway rejected the metrics`));
    expect(message).not.toMatch(/attempts/);
  });
});

// ── retries, credentials, time-outs (loopback servers) ─────────────────────────────────────────

describe('pushMetrics over HTTP', () => {
  const fast = { attempts: 3, baseDelayMs: 10, maxDelayMs: 1000 };
  const text = renderMetrics(stateFor('production', { high: 1 }));

  test('the PUT: path, content type, body ending with a line feed, basic auth from the URL (never in the URL sent)', async () => {
    const server = await loopback((_, response) => response.writeHead(200).end());
    try {
      const base = server.url.replace('http://', 'http://ops%40corp:s3cr%3Aet@');
      await pushMetrics(`${base}/gateway/`, { job: 'drift', groupingLabels: { environment: 'eu/west' } }, text.trimEnd());
      expect(server.requests).toHaveLength(1);
      const [request] = server.requests;
      expect(request.method).toBe('PUT');
      expect(request.url).toBe(`/gateway/metrics/job/drift/environment@base64/${Buffer.from('eu/west').toString('base64url')}`);
      expect(request.headers['content-type']).toBe('text/plain; version=0.0.4');
      expect(request.headers.authorization).toBe(`Basic ${Buffer.from('ops@corp:s3cr:et').toString('base64')}`);
      expect(request.body).toBe(text);
    } finally {
      await server.close();
    }
  });

  test('5xx answers are retried until one succeeds', async () => {
    let calls = 0;
    const server = await loopback((_, response) => (++calls < 3 ? response.writeHead(503).end('busy') : response.writeHead(200).end()));
    try {
      await pushMetrics(server.url, { job: 'drift', groupingLabels: { environment: 'production' } }, text, { retry: fast });
      expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'PUT', 'PUT']);
    } finally {
      await server.close();
    }
  });

  test('giving up on 5xx is one sentence with the attempts, and the credentials never appear', async () => {
    const server = await loopback((_, response) => response.writeHead(502).end('bad gateway for ops:hunter22\n'));
    try {
      const message = await userError(pushMetrics(server.url.replace('http://', 'http://ops:hunter22@'), { job: 'drift', groupingLabels: { environment: 'production' } }, text, { retry: fast }));
      expect(message).toBe(`Could not push metrics for job "drift", environment "production" to the Pushgateway at ${server.url} (HTTP 502: bad gateway for ***:*** after 3 attempts); check the URL and that the gateway is up, then run it again.`);
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  test('a gateway that does not answer times out; a closed port is a network error; neither prints the password', async () => {
    const silent = await loopback(() => undefined);
    try {
      const message = await userError(pushMetrics(silent.url.replace('http://', 'http://u:topsecret@'), { job: 'drift', groupingLabels: { environment: 'p' } }, text, { retry: { ...fast, attempts: 2 }, timeoutMs: 200 }));
      expect(message).toMatch(/\(no answer within 0\.2 s after 2 attempts\)/);
      expect(message).not.toContain('topsecret');
    } finally {
      await silent.close();
    }
    const closed = `http://u:topsecret@127.0.0.1:${await freePort()}`;
    const message = await userError(pushMetrics(closed, { job: 'drift', groupingLabels: { environment: 'p' } }, text, { retry: fast }));
    expect(message).toMatch(/^Could not push metrics for job "drift", environment "p" to the Pushgateway at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED after 3 attempts\); check the URL/);
    expect(message).not.toContain('topsecret');
  });

  test('a redirect is not followed (the credentials stay here)', async () => {
    const server = await loopback((_, response) => response.writeHead(307, { location: 'http://elsewhere.invalid/' }).end());
    try {
      const message = await userError(pushMetrics(server.url, { job: 'drift', groupingLabels: { environment: 'p' } }, text, { retry: fast }));
      expect(message).toMatch(/\(HTTP 307\); redirects are not followed/);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  test('a bad URL or grouping is refused before any request, without echoing the URL', async () => {
    expect(await userError(pushMetrics('not a url :secret@', { job: 'drift', groupingLabels: { environment: 'p' } }, text))).toBe('The Pushgateway URL is not a valid URL; pass one like http://pushgateway:9091.');
    expect(await userError(pushMetrics('ftp://gw', { job: 'drift', groupingLabels: { environment: 'p' } }, text))).toMatch(/must start with http:\/\/ or https:\/\//);
    expect(await userError(pushMetrics('http://gw', { job: '', groupingLabels: { environment: 'p' } }, text))).toMatch(/job name is empty/);
  });
});

/** Drift memory across monitoring runs: first-seen times, thresholds, one event per change of state. */
import { describe, expect, test } from '@jest/globals';
import { advanceDriftState, AlertThresholds, readStateBlock, recoverDriftState, stateBlock, trendChart, type DriftReport, type DriftState, type Severity } from '@gitops-sync/core';
import { driftReportOf } from './support/drift-reports.js';

const thresholds = AlertThresholds.parse({});
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 25, 12, minutes));

const report = (changes: [string, Severity][]) => driftReportOf(changes, at(0));

/** Runs the given reports at 15-minute intervals, returning every step. */
function runs(...reports: DriftReport[]) {
  let state: DriftState | undefined;
  return reports.map((r, i) => {
    const step = advanceDriftState(state, r, thresholds, at(i * 15), 'https://ci.example/run/1');
    state = step.state;
    return step;
  });
}

describe('thresholds', () => {
  test('one critical change alerts at once; three high do not, four do', () => {
    expect(runs(report([['a', 'critical']]))[0].event).toMatchObject({ kind: 'trigger', dedupKey: 'gitops-sync/production/critical', reasons: ['1 critical change(s), more than 0'] });
    expect(runs(report([['a', 'high'], ['b', 'high'], ['c', 'high']]))[0].event).toBeUndefined();
    expect(runs(report([['a', 'high'], ['b', 'high'], ['c', 'high'], ['d', 'high']]))[0].event?.reasons).toEqual(['4 high change(s), more than 3']);
  });

  test('medium drift alerts once it is older than an hour', () => {
    const medium = report([['a', 'medium']]);
    const steps = runs(medium, medium, medium, medium, medium, medium, medium);
    expect(steps.map((step) => step.event?.kind)).toEqual([undefined, undefined, undefined, undefined, undefined, 'trigger', undefined]);
    expect(steps[4].driftAgeSeconds).toBe(3600);
    expect(steps[5].event?.reasons).toEqual(['drift for 75 min, longer than 1 h']);
  });
});

describe('drift age and events', () => {
  test('a full cycle: drift appears (trigger), stays (quiet, age grows), goes (resolve), stays gone (quiet)', () => {
    const drift = report([['aws_iam_role.deploy', 'critical']]);
    const steps = runs(drift, drift, report([]), report([]));
    expect(steps.map((step) => step.event?.kind)).toEqual(['trigger', undefined, 'resolve', undefined]);
    expect(steps.map((step) => step.driftAgeSeconds)).toEqual([0, 900, 0, 0]);
    expect(steps[1].state.first_seen).toEqual({ 'aws_iam_role.deploy': at(0).toISOString() });
    expect(steps[2].event).toMatchObject({ kind: 'resolve', summary: 'production: drift resolved', dedupKey: 'gitops-sync/production/critical' });
  });

  test('a resource whose drift disappears and returns starts a new age', () => {
    const drift = report([['a', 'medium']]);
    const steps = runs(drift, report([]), drift);
    expect(steps[2].state.first_seen).toEqual({ a: at(30).toISOString() });
    expect(steps[2].driftAgeSeconds).toBe(0);
  });

  test('severity rising while alerting triggers again (escalated); falling does not', () => {
    const high = report([['a', 'high'], ['b', 'high'], ['c', 'high'], ['d', 'high']]);
    const critical = report([['a', 'critical'], ['b', 'high'], ['c', 'high'], ['d', 'high']]);
    const steps = runs(high, critical, critical, high);
    expect(steps.map((step) => [step.event?.kind, step.escalated])).toEqual([['trigger', false], ['trigger', true], [undefined, false], [undefined, false]]);
    expect(steps[1].event?.topChanges[0]).toEqual({ address: 'a', severity: 'critical', action: 'update', origin: 'outside', rule: 'r.critical' });
  });

  test('an escalation opens an alert of its own and closes the one it supersedes; the resolve closes every key', () => {
    // PagerDuty appends a trigger with an open incident's dedup_key to that incident's log: with one key
    // per environment, drift turning critical under a high incident paged nobody.
    const high = report([['a', 'high'], ['b', 'high'], ['c', 'high'], ['d', 'high']]);
    const critical = report([['a', 'critical'], ['b', 'high'], ['c', 'high'], ['d', 'high']]);
    const steps = runs(high, critical, report([]));
    expect(steps[0].event).toMatchObject({ kind: 'trigger', dedupKey: 'gitops-sync/production/high', resolves: [] });
    expect(steps[1].event).toMatchObject({
      kind: 'trigger',
      dedupKey: 'gitops-sync/production/critical',
      resolves: ['gitops-sync/production/high', 'gitops-sync/production/medium', 'gitops-sync/production/low'],
    });
    expect(steps[2].event).toMatchObject({
      kind: 'resolve',
      dedupKey: 'gitops-sync/production/critical',
      // The alert's own key last: a send failing part-way leaves it open, as the state kept then says.
      resolves: ['gitops-sync/production/high', 'gitops-sync/production/medium', 'gitops-sync/production/low', 'gitops-sync/production/critical'],
    });
  });
});

describe('the hidden state block and the trend chart', () => {
  test('round-trips through an issue body, only for its own environment', () => {
    const { state } = runs(report([['a', 'critical']]))[0];
    const body = `# Drift\n\nsomething\n${stateBlock(state)}\n`;
    expect(readStateBlock(body, 'production')).toEqual(state);
    expect(readStateBlock(body, 'staging')).toBeUndefined();
    expect(readStateBlock('<!-- gitops-sync:drift-state bm9wZQ== -->', 'production')).toBeUndefined();
  });

  test('stays small with 20,000 drifted resources, keeping the oldest first-seen times', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => [`module.fleet.aws_instance.node[${i}]`, 'medium'] as [string, Severity]);
    const first = runs(report(many.slice(0, 1)))[0].state;
    const { state } = advanceDriftState(first, report(many), thresholds, at(15));
    const block = stateBlock(state);
    expect(block.length).toBeLessThan(17_000);
    const read = readStateBlock(block, 'production')!;
    expect(read.first_seen['module.fleet.aws_instance.node[0]']).toBe(at(0).toISOString());
  });

  test('the trend chart is a Mermaid xychart-beta with one line per severity', () => {
    const steps = runs(report([['a', 'critical']]), report([['a', 'critical'], ['b', 'high']]));
    expect(trendChart(steps[1].state)).toBe(
      [
        '```mermaid',
        'xychart-beta',
        '  title "Changes by severity, last 2 run(s)"',
        '  x-axis ["11-25 12:00", "11-25 12:15"]',
        '  y-axis "changes" 0 --> 2',
        '  line [1, 1]',
        '  line [0, 1]',
        '  line [0, 0]',
        '  line [0, 0]',
        '```',
        '',
        'Lines, top to bottom in the legend order: critical, high, medium, low.',
      ].join('\n'),
    );
  });
});

describe('a state with bad values is recovered, never an error', () => {
  const good = () => runs(report([['a', 'critical'], ['b', 'high']]))[0].state;

  test('a first-seen time that is not an ISO time, or is in the future, is dropped and its clock starts again', () => {
    const state = { ...good(), first_seen: { a: 'x', b: '2099-01-01T00:00:00Z', c: at(0).toISOString() } };
    const recovered = recoverDriftState(state, 'production', at(30));
    expect(recovered.state?.first_seen).toEqual({ c: at(0).toISOString() });
    expect(recovered.problems).toEqual(['has 2 first-seen time(s) that are not ISO times in the past (a, b); they start again now.']);
    // A future time would have held the drift age at zero, and so the age alert off.
    const step = advanceDriftState(recovered.state, report([['b', 'medium']]), thresholds, at(30));
    expect(step.state.first_seen.b).toBe(at(30).toISOString());
  });

  test('bad history entries and unreadable metrics are dropped; the rest is kept', () => {
    const state = { ...good(), history: [{ at: 'x', critical: 1, high: 0, medium: 0, low: 0 }, { at: at(0).toISOString(), critical: 1, high: 1, medium: 0, low: 0 }], metrics: { schema: 'nope' } };
    const recovered = recoverDriftState(state, 'production', at(30));
    expect(recovered.state).toMatchObject({ alerting: true, alerted_severity: 'critical', history: [{ critical: 1, high: 1 }] });
    expect(recovered.state?.metrics).toBeUndefined();
    expect(recovered.problems).toEqual(['has 1 history entry(ies) that are not a time and counts; they are dropped.', 'has metrics that do not parse; the counters start again.']);
  });

  test('a state whose alerting flags are not ours to read starts fresh', () => {
    for (const broken of [{ ...good(), alerting: 'yes' }, { ...good(), alerted_severity: 'catastrophic' }, { ...good(), environment: 'staging' }, 'x', null]) {
      expect(recoverDriftState(broken, 'production', at(30))).toEqual({ state: undefined, problems: ['is not a drift state of production; it is replaced and drift ages start now.'] });
    }
  });
});

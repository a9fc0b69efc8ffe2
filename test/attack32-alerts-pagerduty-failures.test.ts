/**
 * Attacks on the per-severity PagerDuty keys through a flaky network.
 *
 * A resolve is one request per severity key. With PagerDuty the only channel, the resolve of the alert's own
 * key went through and a later one failed: nobody counted as told, so the state went back to alerting — while
 * PagerDuty had closed the incident. When the drift crossed the thresholds again, the runs stayed quiet: the
 * pager never went off. Now the alert's own key is resolved last: when any request fails, its incident is still
 * open, as the state says.
 *
 * An escalation is a trigger of the new key and a resolve of each key it supersedes. PagerDuty took the
 * critical trigger, then failed on the resolves; Slack had the escalation, so PagerDuty alone got the event
 * again at the next run (its `undelivered`). That re-sent trigger resolved nothing: the high incident stayed
 * open beside the critical one until the drift was gone. Now a trigger sent again closes the keys it
 * supersedes, as the first did.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { Monitoring, type AlertEvent, type DriftReport, type Severity } from '@gitops-sync/core';
import { runMonitor, silentProgress, type Notifier } from '@gitops-sync/engine';
import { PagerDutyNotifier } from '@gitops-sync/platforms';
import { driftReportOf } from './support/drift-reports.js';
import { pagerDutyServer, type VendorServer } from './support/vendor-servers.js';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-attack32-pagerduty-'));
let pagerDuty: VendorServer;
beforeAll(async () => {
  pagerDuty = await pagerDutyServer();
});
afterAll(async () => {
  await pagerDuty.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 6, 12, minutes));
const report = (changes: [string, Severity][]) => driftReportOf(changes, at(0));

/** A PagerDuty that keeps incidents by dedup_key, as the Events API does: open on a trigger, closed on a resolve. */
const incidents = () => {
  const open = new Map<string, number>();
  let pages = 0;
  pagerDuty.received.forEach((request, i) => {
    if (failed.includes(i)) return;
    const { event_action, dedup_key } = request.json as { event_action: string; dedup_key: string };
    if (event_action === 'trigger' && !open.has(dedup_key)) open.set(dedup_key, ++pages);
    if (event_action === 'resolve') open.delete(dedup_key);
  });
  return { open: [...open.keys()], pages };
};
const failed: number[] = [];

test('a resolve PagerDuty took only in part leaves the alert open in PagerDuty and in the state alike', async () => {
  const notifier = new PagerDutyNotifier({ routingKey: 'R0UT1NGKEY0123456789abcdefABCDEF', url: `${pagerDuty.url}/v2/enqueue`, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, timeoutMs: 2000 });
  const run = (r: DriftReport, minutes: number) =>
    runMonitor({ report: r, monitoring: Monitoring.parse({}), now: at(minutes), durationSeconds: 1, stateFile: join(dir, 'partial-resolve.json') }, { notifiers: [notifier], progress: silentProgress });
  const critical = report([['a', 'critical']]);

  await run(critical, 0);
  expect(incidents()).toEqual({ open: ['gitops-sync/production/critical'], pages: 1 });

  // The drift is gone; PagerDuty takes two of the resolve's requests, then answers 503.
  const from = pagerDuty.received.length;
  pagerDuty.script.push({ status: 202, body: '{"status":"success"}' }, { status: 202, body: '{"status":"success"}' }, { status: 503, body: 'upstream unavailable' });
  failed.push(from + 2);
  const resolve = await run(report([]), 15);
  expect(resolve.delivered).toEqual([]);
  expect(resolve.state.alerting).toBe(true);
  // The state still says alerting: so must PagerDuty.
  expect(incidents().open).toEqual(['gitops-sync/production/critical']);

  // The next run resolves it for good.
  await run(report([]), 30);
  expect(incidents()).toEqual({ open: [], pages: 1 });
  // And drift crossing the thresholds again pages.
  await run(critical, 45);
  expect(incidents()).toEqual({ open: ['gitops-sync/production/critical'], pages: 2 });
});

test('PagerDuty gets a resolve\'s keys in the order the event gives them, the plain key of an alert without a severity last', async () => {
  const notifier = new PagerDutyNotifier({ routingKey: 'R0UT1NGKEY0123456789abcdefABCDEF', url: `${pagerDuty.url}/v2/enqueue`, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, timeoutMs: 2000 });
  const resolves = ['gitops-sync/production/critical', 'gitops-sync/production/high', 'gitops-sync/production/medium', 'gitops-sync/production/low', 'gitops-sync/production'];
  const event: AlertEvent = { kind: 'resolve', environment: 'production', dedupKey: 'gitops-sync/production', resolves, summary: 'production: drift resolved', reasons: [], counts: { critical: 0, high: 0, medium: 0, low: 0 }, totalChanges: 0, driftAgeSeconds: 0, topChanges: [], at: at(0).toISOString() };
  const from = pagerDuty.received.length;
  await notifier.send(event);
  expect(pagerDuty.received.slice(from).map((request) => (request.json as { dedup_key: string }).dedup_key)).toEqual(resolves);
});

class Slack implements Notifier {
  readonly name = 'slack';
  sent: AlertEvent[] = [];
  async send(event: AlertEvent) {
    this.sent.push(event);
  }
}

test('an escalation PagerDuty got only partly is sent to it again with the resolve of the key it supersedes', async () => {
  const slack = new Slack();
  const notifier = new PagerDutyNotifier({ routingKey: 'R0UT1NGKEY0123456789abcdefABCDEF', url: `${pagerDuty.url}/v2/enqueue`, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, timeoutMs: 2000 });
  const run = (r: DriftReport, minutes: number) =>
    runMonitor({ report: r, monitoring: Monitoring.parse({}), now: at(minutes), durationSeconds: 1, stateFile: join(dir, 'resend.json') }, { notifiers: [slack, notifier], progress: silentProgress });
  const high = report([['a', 'high'], ['b', 'high'], ['c', 'high'], ['d', 'high']]);
  const critical = report([['a', 'critical'], ['b', 'high'], ['c', 'high'], ['d', 'high']]);

  await run(high, 0);
  // The escalation: PagerDuty takes the critical trigger, then answers 503 to the first resolve.
  pagerDuty.script.push({ status: 202, body: '{"status":"success"}' }, { status: 503, body: 'upstream unavailable' });
  const escalation = await run(critical, 15);
  expect(escalation.delivered).toEqual(['slack']);
  expect(escalation.state.undelivered).toEqual(['pagerduty']);

  const from = pagerDuty.received.length;
  const again = await run(critical, 30);
  expect(again.delivered).toEqual(['pagerduty']);
  const resent = pagerDuty.received.slice(from).map((request) => {
    const { event_action, dedup_key } = request.json as { event_action: string; dedup_key: string };
    return `${event_action} ${dedup_key}`;
  });
  expect(resent).toEqual([
    'trigger gitops-sync/production/critical',
    'resolve gitops-sync/production/high',
    'resolve gitops-sync/production/medium',
    'resolve gitops-sync/production/low',
  ]);
  // Then quiet.
  const quiet = await run(critical, 45);
  expect(quiet.event).toBeUndefined();
});

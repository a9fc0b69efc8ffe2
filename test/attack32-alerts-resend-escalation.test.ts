/**
 * Attack on the per-severity PagerDuty keys through one channel's outage: an escalation is a trigger of
 * the new key and a resolve of each key it supersedes. PagerDuty took the critical trigger, then failed
 * on the resolves; Slack had the escalation, so PagerDuty alone got the event again at the next run (its
 * `undelivered`). That re-sent trigger resolved nothing: the high incident stayed open beside the critical
 * one until the drift was gone. Now a trigger sent again closes the keys it supersedes, as the first did.
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

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-attack32-resend-'));
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
    runMonitor({ report: r, monitoring: Monitoring.parse({}), now: at(minutes), durationSeconds: 1, stateFile: join(dir, 'state.json') }, { notifiers: [slack, notifier], progress: silentProgress });
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

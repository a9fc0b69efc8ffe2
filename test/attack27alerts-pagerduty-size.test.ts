/**
 * Attack on the PagerDuty page through a resource name: the name is someone else's choice (a
 * Kubernetes manifest in Git may name an object anything, at any length), and the top changes went
 * into `custom_details` whole. A 600 KB name pushed the event over the 512 KB PagerDuty accepts
 * (Events API v2 overview, "Size Limits"): the event was refused, so the critical drift beside it
 * paged nobody. The validating PagerDuty fake.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { advanceDriftState, AlertThresholds, type AlertEvent } from '@gitops-sync/core';
import { PagerDutyNotifier } from '@gitops-sync/platforms';
import { driftReportOf } from './support/drift-reports.js';
import { pagerDutyServer, type VendorServer } from './support/vendor-servers.js';

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const HUGE_NAME = `v1/ConfigMap/default/${'x'.repeat(600 * 1024)}`;

// The alert as a monitoring run makes it (names are clipped there, for every channel).
const now = new Date('2026-11-25T12:00:00.000Z');
const trigger = advanceDriftState(undefined, driftReportOf([['aws_iam_role.deploy', 'critical'], [HUGE_NAME, 'medium']], now), AlertThresholds.parse({}), now).event as AlertEvent;

let pagerDuty: VendorServer;
beforeAll(async () => {
  pagerDuty = await pagerDutyServer();
});
afterAll(() => pagerDuty.close());

test('a resource name of 600 KB does not push the event past what PagerDuty accepts: the critical change still pages', async () => {
  await new PagerDutyNotifier({ routingKey: ROUTING_KEY, url: `${pagerDuty.url}/v2/enqueue`, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }).send(trigger);
  expect(pagerDuty.received.map((request) => request.problems)).toEqual([[]]);
  const details = (pagerDuty.received[0].json as { payload: { custom_details: { top_changes: { address: string }[] } } }).payload.custom_details;
  expect(details.top_changes[0].address).toBe('aws_iam_role.deploy');
  expect(details.top_changes[1].address).toMatch(/^v1\/ConfigMap\/default\/x+…$/);
});

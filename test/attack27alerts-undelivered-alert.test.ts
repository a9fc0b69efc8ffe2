/**
 * Attack on the monitor's memory through a channel outage: PagerDuty refuses (or cannot be reached
 * for) the one run that crosses a threshold. The state still recorded "alerting", so the next runs
 * stayed quiet and the drift never paged anyone; likewise a resolve that did not go out left the
 * incident open for good, since the state already said "not alerting". Now an event no channel took
 * is tried again at the next run. The real CLI with a state file, the validating PagerDuty fake.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tofuFixture } from './support/paths.js';
import { pagerDutyServer, type VendorServer } from './support/vendor-servers.js';

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-undelivered-'));
let pagerDuty: VendorServer;
beforeAll(async () => {
  pagerDuty = await pagerDutyServer();
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'monitoring:\n  alert_thresholds: { critical_changes: 0, high_priority_changes: 2 }\n  notifications:\n    pagerduty: { routing_key_env: PAGERDUTY_ROUTING_KEY }\n');
  copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
  writeFileSync(join(dir, 'in-sync.json'), JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [], output_changes: {} }));
});
afterAll(async () => {
  await pagerDuty.close();
  rmSync(dir, { recursive: true, force: true });
});

const check = (plan: string) =>
  cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', plan, '--fail-on', 'never', '--output-directory', 'reports', '--notify', '--state-file', 'state.json'], {
    cwd: dir,
    env: { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, GITOPS_SYNC_PAGERDUTY_URL: `${pagerDuty.url}/v2/enqueue`, GITHUB_ACTIONS: '' },
  });
/** PagerDuty's event_action of each request it accepted (a resolve's resolves of the per-severity keys counted once). */
const accepted = () =>
  pagerDuty.received
    .filter((request, i) => i !== refused[0] && i !== refused[1] && !/^resolve gitops-sync\/production\/(critical|medium|low)$/.test(`${(request.json as { event_action: string }).event_action} ${(request.json as { dedup_key: string }).dedup_key}`))
    .map((request) => (request.json as { event_action: string }).event_action);
const refused: number[] = [];

test('a trigger and a resolve that no channel took are sent again at the next run, then the runs are quiet', async () => {
  pagerDuty.script.push({ status: 400, body: '{"status":"invalid event"}' });
  refused.push(0);
  const first = await check('drift.json');
  expect(first.stderr).toContain('gitops-sync: warning: pagerduty: PagerDuty did not take the alert (HTTP 400)');
  expect(first.stderr).toContain('Alert not delivered: every channel failed (see the warnings); it is tried again at the next run');

  const second = await check('drift.json');
  expect(second.stdout).toContain('Alert: trigger');
  expect(accepted()).toEqual(['trigger']);
  expect((await check('drift.json')).stdout).not.toContain('Alert:');

  pagerDuty.script.push({ status: 400, body: '{"status":"invalid event"}' });
  refused.push(pagerDuty.received.length);
  expect((await check('in-sync.json')).stdout).toContain('Alert: resolve');
  const again = await check('in-sync.json');
  expect(again.stdout).toContain('Alert: resolve');
  expect(accepted()).toEqual(['trigger', 'resolve']);
  expect((await check('in-sync.json')).stdout).not.toContain('Alert:');
  // 2 refused, the trigger, and the resolve of each key the alert may have had (4).
  expect(pagerDuty.received).toHaveLength(7);
});

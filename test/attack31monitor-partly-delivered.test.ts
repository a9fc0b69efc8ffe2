/**
 * Attack on the monitor's memory through one channel's outage: Slack took the trigger, but
 * PagerDuty answered 503 through every retry of the one run that crossed a threshold. Since one
 * channel had taken it, the state said "alerting" and the next runs stayed quiet: the pager never
 * went off for that drift (and a resolve PagerDuty missed left its incident open for good). Now the
 * channels that did not take an event are remembered, and it is sent again to them, and only them,
 * at the next run. The real CLI with a state file, the validating Slack and PagerDuty fakes.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tofuFixture } from './support/paths.js';
import { pagerDutyServer, slackServer, type VendorServer } from './support/vendor-servers.js';

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-partly-delivered-'));
let slack: VendorServer;
let pagerDuty: VendorServer;

beforeAll(async () => {
  [slack, pagerDuty] = await Promise.all([slackServer(), pagerDutyServer()]);
  writeFileSync(
    join(dir, 'gitops-sync.yaml'),
    'monitoring:\n  alert_thresholds: { critical_changes: 0, high_priority_changes: 2 }\n  notifications:\n    slack: { webhook_url_env: SLACK_WEBHOOK_URL }\n    pagerduty: { routing_key_env: PAGERDUTY_ROUTING_KEY }\n',
  );
  copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
  writeFileSync(join(dir, 'in-sync.json'), JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [], output_changes: {} }));
});
afterAll(async () => {
  await Promise.all([slack.close(), pagerDuty.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const check = (plan: string) =>
  cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', plan, '--fail-on', 'never', '--output-directory', 'reports', '--notify', '--state-file', 'state.json'], {
    cwd: dir,
    env: { SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/X`, PAGERDUTY_ROUTING_KEY: ROUTING_KEY, GITOPS_SYNC_PAGERDUTY_URL: `${pagerDuty.url}/v2/enqueue`, GITHUB_ACTIONS: '' },
  });
/** What each channel took, in order: Slack's header, PagerDuty's event_action (503s left out; the resolves of other keys an event closes counted with it). */
const taken = () => ({
  slack: slack.received.map((request) => ((request.json as { blocks: { text: { text: string } }[] }).blocks[0].text.text.startsWith('Drift resolved') ? 'resolve' : 'trigger')),
  pagerDuty: pagerDuty.received
    .filter((request, i) => !outage.includes(i) && !severityKeyResolve(request.json) && !(i > 0 && !outage.includes(i - 1) && (pagerDuty.received[i - 1].json as { event_action: string }).event_action === 'trigger'))
    .map((request) => (request.json as { event_action: string }).event_action),
});
const outage: number[] = [];
/** A resolve of a key other than the alert's own (the drift here is high): sent beside the resolve of its own. */
const severityKeyResolve = (json: unknown) => {
  const { event_action, dedup_key } = json as { event_action: string; dedup_key: string };
  return event_action === 'resolve' && /\/(critical|medium|low)$/.test(dedup_key);
};
const down = () => {
  const from = pagerDuty.received.length;
  for (let i = 0; i < 4; i++) {
    pagerDuty.script.push({ status: 503, body: 'upstream unavailable' });
    outage.push(from + i);
  }
};

test('a trigger and a resolve PagerDuty missed while Slack took them go to PagerDuty alone at the next run', async () => {
  down();
  const crossing = await check('drift.json');
  expect(crossing.code).toBe(0);
  expect(crossing.stderr).toContain('gitops-sync: warning: pagerduty: PagerDuty did not take the alert (HTTP 503: upstream unavailable, after 4 attempts)');
  expect(taken()).toEqual({ slack: ['trigger'], pagerDuty: [] });

  const next = await check('drift.json');
  expect(next.stderr).not.toContain('warning');
  expect(taken()).toEqual({ slack: ['trigger'], pagerDuty: ['trigger'] });
  await check('drift.json');
  expect(taken()).toEqual({ slack: ['trigger'], pagerDuty: ['trigger'] });

  down();
  await check('in-sync.json');
  expect(taken()).toEqual({ slack: ['trigger', 'resolve'], pagerDuty: ['trigger'] });
  const after = await check('in-sync.json');
  expect(after.stderr).not.toContain('warning');
  expect(taken()).toEqual({ slack: ['trigger', 'resolve'], pagerDuty: ['trigger', 'resolve'] });
  await check('in-sync.json');
  expect(taken()).toEqual({ slack: ['trigger', 'resolve'], pagerDuty: ['trigger', 'resolve'] });
});

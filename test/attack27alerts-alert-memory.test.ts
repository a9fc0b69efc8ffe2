/**
 * Attack on the monitor's quietness through a sloppy config: alert channels and `--notify`
 * (`notify: true`), but no memory between runs — no drift issue and no state file, which is what the
 * GitLab drift-monitor component runs by default. Every run was a first run: the same drift alerted
 * again at every scheduled run, and when it went, no resolve was ever sent (PagerDuty's incident
 * stayed open). Now such a run is refused with one sentence before anything is sent.
 * The real CLI and the drift-detect action against the validating Slack and PagerDuty fakes.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { run as driftDetectAction } from '../actions/drift-detect/main.js';
import { RecordingIO } from './support/action-io.js';
import { cli } from './support/cli.js';
import { tofuFixture } from './support/paths.js';
import { pagerDutyServer, slackServer, type VendorServer } from './support/vendor-servers.js';

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const REFUSAL =
  'Alerts need memory between runs, or every run would alert again and none would ever be resolved: set monitoring.drift_issue.enabled: true (or --drift-issue, the drift-issue input) or keep a --state-file (the state-file input) between runs.';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-alert-memory-'));
let slack: VendorServer;
let pagerDuty: VendorServer;
let env: Record<string, string>;
beforeAll(async () => {
  [slack, pagerDuty] = await Promise.all([slackServer(), pagerDutyServer()]);
  env = { SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/X`, PAGERDUTY_ROUTING_KEY: ROUTING_KEY, GITOPS_SYNC_PAGERDUTY_URL: `${pagerDuty.url}/v2/enqueue`, GITHUB_ACTIONS: '' };
  writeFileSync(
    join(dir, 'gitops-sync.yaml'),
    `monitoring:
  alert_thresholds: { critical_changes: 0, high_priority_changes: 2 }
  notifications:
    slack: { webhook_url_env: SLACK_WEBHOOK_URL }
    pagerduty: { routing_key_env: PAGERDUTY_ROUTING_KEY }
`,
  );
  copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
});
afterAll(async () => {
  await Promise.all([slack.close(), pagerDuty.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const check = () => cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'drift.json', '--fail-on', 'never', '--output-directory', 'reports', '--notify'], { cwd: dir, env });

test('the CLI: --notify with channels but no drift issue or state file is refused, not an alert at every run', async () => {
  for (const run of [await check(), await check()]) {
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`gitops-sync: ${REFUSAL}\n`);
  }
  expect(slack.received).toHaveLength(0);
  expect(pagerDuty.received).toHaveLength(0);
});

test('the action: notify without drift-issue or state-file fails the step with the same sentence', async () => {
  const io = new RecordingIO({ 'terraform-plan-json': 'drift.json', environment: 'production', 'fail-on': 'never', notify: 'true' }, dir, { ...process.env, ...env });
  await driftDetectAction(io);
  expect(io.failure).toBe(REFUSAL);
  expect(slack.received).toHaveLength(0);
});

test('with a state file the same config alerts once and stays quiet on the next run', async () => {
  slack.received.splice(0);
  pagerDuty.received.splice(0);
  for (let i = 0; i < 2; i++) {
    const run = await cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'drift.json', '--fail-on', 'never', '--output-directory', 'reports', '--notify', '--state-file', 'state.json'], { cwd: dir, env });
    expect(run.code).toBe(0);
  }
  expect(slack.received).toHaveLength(1);
  expect(pagerDuty.received.map((request) => (request.json as { event_action: string }).event_action)).toEqual(['trigger']);
});

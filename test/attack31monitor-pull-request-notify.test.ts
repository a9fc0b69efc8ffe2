/**
 * Attack on the monitor's memory from a pull request: `notify` in a workflow that also runs on
 * `pull_request_target` (or a workflow_run handed its plan, or a GitLab merge request pipeline) checks
 * the request's own code, so its author decides what the drift check sees. A request whose plan shows nothing resolved production's
 * PagerDuty incident and cleared the drift memory while production still drifted (the next
 * scheduled run alerts again, from nothing); one with invented drift paged on-call under
 * gitops-sync's name. Now `notify` refuses to run for a pull/merge request, in one sentence, before
 * anything is checked or sent. The drift-detect action and the real CLI against the validating
 * PagerDuty fake.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { run as driftDetectAction } from '../actions/drift-detect/main.js';
import { RecordingIO } from './support/action-io.js';
import { cli } from './support/cli.js';
import { tofuFixture } from './support/paths.js';
import { pagerDutyServer, type VendorServer } from './support/vendor-servers.js';

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-pr-notify-'));
let pagerDuty: VendorServer;
let env: Record<string, string>;

beforeAll(async () => {
  pagerDuty = await pagerDutyServer();
  env = { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, GITOPS_SYNC_PAGERDUTY_URL: `${pagerDuty.url}/v2/enqueue` };
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'monitoring:\n  alert_thresholds: { critical_changes: 0, high_priority_changes: 2 }\n  notifications:\n    pagerduty: { routing_key_env: PAGERDUTY_ROUTING_KEY }\n');
  copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
  writeFileSync(join(dir, 'in-sync.json'), JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [], output_changes: {} }));
});
afterAll(async () => {
  await pagerDuty.close();
  rmSync(dir, { recursive: true, force: true });
});

const action = (event: string, plan: string, eventPath = '') => {
  const io = new RecordingIO({ 'terraform-plan-json': plan, environment: 'production', 'fail-on': 'never', notify: 'true', 'state-file': 'state.json' }, dir, {
    ...process.env,
    ...env,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventPath,
  });
  return driftDetectAction(io).then(() => io);
};
const alerting = () => (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { alerting: boolean }).alerting;
const REFUSAL = /^notify keeps an environment's alerts and drift memory, which a pull\/merge request's own code must not decide \(this run is for (GITHUB_EVENT_NAME=pull_request_target|GITHUB_EVENT_NAME=workflow_run started by pull_request|CI_PIPELINE_SOURCE=merge_request_event)\): run notify on a schedule, and pr-comment on pull\/merge requests\.$/;

test('the action: a scheduled run pages; a pull_request_target run whose plan shows nothing is refused, and the incident stays open', async () => {
  const scheduled = await action('schedule', 'drift.json');
  expect(scheduled.failure).toBeUndefined();
  expect(pagerDuty.received.map((request) => (request.json as { event_action: string }).event_action)).toEqual(['trigger']);

  const pullRequest = await action('pull_request_target', 'in-sync.json');
  expect(pullRequest.failure).toMatch(REFUSAL);
  expect(pagerDuty.received.map((request) => (request.json as { event_action: string }).event_action)).toEqual(['trigger']);
  expect(alerting()).toBe(true);

  // A workflow_run after a pull request's workflow, handed the request's plan as an artifact: the same.
  writeFileSync(join(dir, 'event.json'), JSON.stringify({ action: 'completed', workflow_run: { event: 'pull_request', head_branch: 'feature' } }));
  const afterPullRequest = await action('workflow_run', 'in-sync.json', join(dir, 'event.json'));
  expect(afterPullRequest.failure).toMatch(REFUSAL);
  expect(afterPullRequest.failure).toContain('workflow_run started by pull_request');
  expect(pagerDuty.received).toHaveLength(1);
  expect(alerting()).toBe(true);
});

test('the CLI in a GitLab merge request pipeline is refused with the same sentence, exit 1', async () => {
  const run = await cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'in-sync.json', '--fail-on', 'never', '--output', 'reports', '--notify', '--state-file', 'state.json'], {
    cwd: dir,
    env: { ...env, GITHUB_ACTIONS: '', GITLAB_CI: 'true', CI_PIPELINE_SOURCE: 'merge_request_event' },
  });
  expect(run.code).toBe(1);
  expect(run.stderr.trim().replace(/^gitops-sync: /, '')).toMatch(REFUSAL);
  expect(run.stdout).toBe('');
  expect(pagerDuty.received).toHaveLength(1);
  expect(alerting()).toBe(true);
});

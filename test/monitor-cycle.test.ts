/**
 * Scheduled monitoring over several runs of `gitops-sync drift-detect --notify`, as a cron pipeline
 * runs it: drift appears (issue opened, one PagerDuty trigger, one Slack message), stays (nothing
 * new is sent, the drift keeps its first-seen time), goes (issue closed, PagerDuty resolve). The
 * drift issue lives in the loopback GitHub (real Octokit); Slack and PagerDuty are validating fakes.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, expect, test } from '@jest/globals';
import { readStateBlock, stateBlock, type DriftState } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { GITHUB_ACTIONS_BOT, ghUser, useFakeGitHub, type GhUser } from './support/fake-github.js';
import { tofuFixture } from './support/paths.js';
import { monitoredFolder, pagerDutyServer, slackServer, type VendorServer } from './support/vendor-servers.js';

const github = useFakeGitHub();
const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-monitor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

monitoredFolder(dir);

let slack: VendorServer;
let pagerDuty: VendorServer;
beforeEach(async () => {
  [slack, pagerDuty] = await Promise.all([slackServer(), pagerDutyServer()]);
});
afterEach(async () => {
  await Promise.all([slack.close(), pagerDuty.close()]);
});

function check(plan: string, extraEnv: Record<string, string> = {}) {
  return cli(
    ['drift-detect', '--environment', 'production', '--terraform-plan-json', plan, '--fail-on', 'never', '--output-directory', 'reports', '--notify', '--platform', 'github', '--repo', 'owner/repo', '--run-url', 'https://ci.example/runs/7'],
    {
      cwd: dir,
      env: {
        SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/X`,
        PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
        GITOPS_SYNC_PAGERDUTY_URL: `${pagerDuty.url}/v2/enqueue`,
        GITHUB_TOKEN: github.state.token,
        GITHUB_API_URL: github.url,
        GITHUB_ACTIONS: '',
        ...extraEnv,
      },
    },
  );
}

const openIssues = () => github.state.issues.filter((issue) => issue.state === 'open');

test('drift appears, stays, goes: one alert, quiet runs, one resolve; the issue follows it', async () => {
  const first = await check('drift.json');
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('Alert: trigger — production: 3 high change(s); 3 high change(s), more than 2');
  expect(first.stderr).not.toContain('warning');
  expect(slack.received).toHaveLength(1);
  expect(slack.received[0].problems).toEqual([]);
  expect(pagerDuty.received.map((request) => request.json)).toMatchObject([{ event_action: 'trigger', dedup_key: 'gitops-sync/production/high' }]);
  expect(openIssues()).toHaveLength(1);
  const issue = openIssues()[0];
  expect(issue.title).toBe('Drift in production: 3 high');
  expect(issue.labels).toEqual(['gitops-sync:drift']);
  expect(issue.body).toContain('xychart-beta');
  const firstState = readStateBlock(issue.body ?? '', 'production')!;
  expect(Object.keys(firstState.first_seen).sort()).toEqual(['test_instance.no_refresh', 'test_instance.should_refresh']);

  const second = await check('drift.json');
  expect(second.stdout).not.toContain('Alert:');
  expect(slack.received).toHaveLength(1);
  expect(pagerDuty.received).toHaveLength(1);
  expect(github.state.issues).toHaveLength(1);
  const secondState = readStateBlock(github.state.issues[0].body ?? '', 'production')!;
  expect(secondState.first_seen).toEqual(firstState.first_seen);
  expect(secondState.history).toHaveLength(2);

  const third = await check('in-sync.json');
  expect(third.stdout).toContain('Alert: resolve — production: drift resolved');
  // The resolve closes whichever key the alert had (one per alerted severity), its own last.
  expect(pagerDuty.received.map((request) => { const { event_action, dedup_key } = request.json as { event_action: string; dedup_key: string }; return `${event_action} ${dedup_key}`; })).toEqual([
    'trigger gitops-sync/production/high',
    'resolve gitops-sync/production/critical',
    'resolve gitops-sync/production/medium',
    'resolve gitops-sync/production/low',
    'resolve gitops-sync/production/high',
  ]);
  expect(slack.received).toHaveLength(2);
  expect(github.state.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
  expect(github.state.comments.filter((comment) => comment.issue_number === issue.number).map((comment) => comment.body)).toEqual([
    expect.stringMatching(/^The drift in `production` is gone as of .*; closing\.$/),
  ]);

  const fourth = await check('in-sync.json');
  expect(fourth.stdout).not.toContain('Alert:');
  expect(pagerDuty.received).toHaveLength(5);
});

test('a failing channel is reported once and stops neither the others nor the report', async () => {
  github.reset();
  slack.script.push({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
  const run = await check('drift.json', { PAGERDUTY_ROUTING_KEY: '' });
  expect(run.code).toBe(0);
  const warnings = run.stderr.split('\n').filter((line) => line.startsWith('gitops-sync: warning:'));
  // Channels are told side by side, so their failures come in any order.
  expect(warnings.sort()).toEqual([
    'gitops-sync: warning: pagerduty: PAGERDUTY_ROUTING_KEY is not set, so pagerduty was not told; set it as a secret of the job.',
    expect.stringMatching(/^gitops-sync: warning: slack: Slack did not take the alert \(HTTP 500, after 4 attempts\)/),
  ]);
  expect(run.stderr).not.toContain(slack.url);
  expect(JSON.parse(readFileSync(join(dir, 'reports/drift-report-production.json'), 'utf8')).drift_detected).toBe(true);
  expect(openIssues()).toHaveLength(1);
}, 30000);

test('an alert with no channel configured says so, and a failed channel is not called a delivery', async () => {
  github.reset();
  const quiet = mkdtempSync(join(tmpdir(), 'gitops-sync-monitor-quiet-'));
  try {
    writeFileSync(join(quiet, 'gitops-sync.yaml'), 'monitoring:\n  alert_thresholds: { critical_changes: 0, high_priority_changes: 2 }\n  drift_issue: { enabled: true }\n');
    copyFileSync(tofuFixture('drift'), join(quiet, 'drift.json'));
    const run = await cli(
      ['drift-detect', '--environment', 'production', '--terraform-plan-json', 'drift.json', '--fail-on', 'never', '--output-directory', 'reports', '--notify', '--platform', 'github', '--repo', 'owner/repo'],
      { cwd: quiet, env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' } },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('gitops-sync: Alert not sent: no channel configured (monitoring.notifications in gitops-sync.yaml)\n');
    expect(run.stderr).not.toContain('no channel\n');
  } finally {
    rmSync(quiet, { recursive: true, force: true });
  }
  github.reset();
  slack.script.push({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
  const failed = await check('drift.json', { PAGERDUTY_ROUTING_KEY: '' });
  expect(failed.stderr).toContain('gitops-sync: Alert not delivered: every channel failed (see the warnings); it is tried again at the next run\n');
}, 30000);

test('metrics: a textfile promtool-style exposition with the drift gauges', async () => {
  github.reset();
  const run = await cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'drift.json', '--fail-on', 'never', '--output-directory', 'reports', '--metrics-file', 'metrics/drift.prom', '--state-file', 'state.json'], {
    cwd: dir,
    env: { GITHUB_ACTIONS: '' },
  });
  expect(run.code).toBe(0);
  const metrics = readFileSync(join(dir, 'metrics/drift.prom'), 'utf8');
  expect(metrics).toContain('gitops_drift_changes{environment="production",severity="high"} 3');
  expect(metrics).toContain('# TYPE gitops_sync_duration_seconds histogram');
  expect(metrics).toMatch(/gitops_drift_detected_total\{environment="production"\} 1\n/);
  const again = await cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'drift.json', '--fail-on', 'never', '--output-directory', 'reports', '--metrics-file', 'metrics/drift.prom', '--state-file', 'state.json'], {
    cwd: dir,
    env: { GITHUB_ACTIONS: '' },
  });
  expect(again.code).toBe(0);
  expect(readFileSync(join(dir, 'metrics/drift.prom'), 'utf8')).toMatch(/gitops_drift_detected_total\{environment="production"\} 2\n/);
  // No notify: no alerts, even though the thresholds are crossed.
  expect(slack.received).toHaveLength(0);
});

const plantedState = (overrides: Partial<DriftState>): DriftState => ({
  schema: 'gitops-sync/drift-state@1',
  environment: 'production',
  alerting: false,
  alerted_severity: null,
  first_seen: {},
  history: [],
  ...overrides,
});

function plantIssue(user: GhUser, state: DriftState) {
  github.state.issues.push({
    number: 50,
    title: 'Drift in production: 1 critical',
    body: `<!-- gitops-sync:drift-issue environment=production -->\nAll under control.\n${stateBlock(state)}`,
    labels: ['gitops-sync:drift'],
    state: 'open',
    user,
    created_at: '2026-11-25T08:00:00Z',
    updated_at: '2026-11-25T08:00:00Z',
    closed_at: null,
  });
}

/** An hour before the run: first-seen times must be in the past. */
const anHourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

const triggers = () => pagerDuty.received.filter((request) => (request.json as { event_action: string }).event_action === 'trigger');

test('an issue someone else opened with our label, marker and an "already alerting, critical" state does not silence the alert', async () => {
  plantIssue(ghUser('mallory'), plantedState({ alerting: true, alerted_severity: 'critical', first_seen: { 'test_instance.no_refresh': anHourAgo() } }));
  const planted = github.state.issues[0].body;
  const run = await check('drift.json');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Alert: trigger');
  expect(triggers()).toHaveLength(1);
  // Ours is a new issue; the planted one is neither used nor touched.
  expect(github.state.issues.map((issue) => [issue.number, issue.user.login, issue.state])).toEqual([
    [50, 'mallory', 'open'],
    [51, 'github-actions[bot]', 'open'],
  ]);
  expect(github.state.issues[0].body).toBe(planted);
});

test('bad values in the drift issue\'s state are dropped with a warning, and the run after the alert stays quiet', async () => {
  plantIssue(GITHUB_ACTIONS_BOT, plantedState({ first_seen: { 'test_instance.no_refresh': 'x', 'test_instance.should_refresh': anHourAgo() } }));
  const first = await check('drift.json');
  expect(first.code).toBe(0);
  expect(first.stderr).toContain('gitops-sync: warning: drift issue: the drift state in issue #50 has 1 first-seen time(s) that are not ISO times in the past (test_instance.no_refresh); they start again now.');
  expect(first.stderr).not.toMatch(/\n\s+at |TypeError|RangeError/);
  expect(triggers()).toHaveLength(1);
  const state = readStateBlock(github.state.issues[0].body ?? '', 'production')!;
  for (const time of Object.values(state.first_seen)) expect(Number.isNaN(Date.parse(time))).toBe(false);

  const second = await check('drift.json');
  expect(second.code).toBe(0);
  expect(second.stderr).not.toContain('warning');
  expect(triggers()).toHaveLength(1);
});

test('--state-file: a state whose values are wrong is recovered with a warning, not a crash and an alert on every run', async () => {
  const stateFile = join(dir, 'bad-state.json');
  writeFileSync(stateFile, JSON.stringify(plantedState({ first_seen: { 'test_instance.no_refresh': 'x' }, history: [{ at: 'yesterday', critical: -1, high: 0, medium: 0, low: 0 }] })));
  const run = () =>
    cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'drift.json', '--fail-on', 'never', '--output-directory', 'reports', '--notify', '--state-file', 'bad-state.json'], {
      cwd: dir,
      env: { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, GITOPS_SYNC_PAGERDUTY_URL: `${pagerDuty.url}/v2/enqueue`, SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/X`, GITHUB_ACTIONS: '' },
    });
  const first = await run();
  expect(first.code).toBe(0);
  expect(first.stderr).toContain(`gitops-sync: warning: state file: ${stateFile} has 1 first-seen time(s) that are not ISO times in the past (test_instance.no_refresh); they start again now.`);
  expect(first.stderr).toContain(`gitops-sync: warning: state file: ${stateFile} has 1 history entry(ies) that are not a time and counts; they are dropped.`);
  expect(triggers()).toHaveLength(1);
  const second = await run();
  expect(second.code).toBe(0);
  expect(second.stderr).not.toContain('state file');
  expect(triggers()).toHaveLength(1);
});

/**
 * Anyone with write access can edit our drift issue's body, and with it the state that decides which alerts
 * are sent: an issue last edited by someone else is not trusted (GraphQL's `editor`), the run alerts or
 * resolves as if it did not know what was sent, and writes the state again.
 */
function editIssue(editor: GhUser, state: DriftState) {
  const issue = github.state.issues[0];
  Object.assign(issue, { body: `<!-- gitops-sync:drift-issue environment=production -->\nAll under control.\n${stateBlock(state)}`, editor, last_edited_at: new Date().toISOString() });
}

test('our drift issue rewritten by someone else to say "already alerting, critical" does not keep the pager quiet; the issue is written again and trusted after', async () => {
  plantIssue(GITHUB_ACTIONS_BOT, plantedState({}));
  editIssue(ghUser('mallory'), plantedState({ alerting: true, alerted_severity: 'critical', first_seen: { 'test_instance.no_refresh': anHourAgo() } }));
  const run = await check('drift.json');
  expect(run.code).toBe(0);
  expect(run.stderr).toContain(
    'gitops-sync: warning: drift issue: issue #50 was last edited by mallory, not by gitops-sync, so the drift state in it is not trusted (it decides which alerts are sent); this run alerts or resolves as if it did not know what was sent before, and writes the state again',
  );
  // The drift is taken to be as old as the issue (opened 2026-11-25, which no one can edit), not as young as the edit says.
  expect(run.stdout).toMatch(/Alert: trigger — production: 3 high change\(s\); 3 high change\(s\), more than 2; drift for [\d.]+ h, longer than 1 h \(the drift issue was edited by mallory, so gitops-sync cannot tell which alerts it sent before\)/);
  expect(triggers().map((request) => (request.json as { dedup_key: string }).dedup_key)).toEqual(['gitops-sync/production/high']);
  const issue = github.state.issues[0];
  expect(issue.editor?.login).toBe('github-actions[bot]');
  expect(readStateBlock(issue.body ?? '', 'production')).toMatchObject({ alerting: true, alerted_severity: 'high' });

  const again = await check('drift.json');
  expect(again.stderr).not.toContain('warning');
  expect(again.stdout).not.toContain('Alert:');
  expect(triggers()).toHaveLength(1);
});

test('an edited drift issue when the drift is gone: every key the alert may have had is resolved, the issue closed', async () => {
  plantIssue(GITHUB_ACTIONS_BOT, plantedState({}));
  editIssue(ghUser('mallory'), plantedState({ alerting: false }));
  const run = await check('in-sync.json');
  expect(run.code).toBe(0);
  expect(run.stderr).toContain('issue #50 was last edited by mallory');
  expect(pagerDuty.received.map((request) => `${(request.json as { event_action: string }).event_action} ${(request.json as { dedup_key: string }).dedup_key}`)).toEqual([
    'resolve gitops-sync/production/critical',
    'resolve gitops-sync/production/high',
    'resolve gitops-sync/production/medium',
    'resolve gitops-sync/production/low',
  ]);
  expect(github.state.issues[0]).toMatchObject({ state: 'closed' });
});

test('withstood: a drift issue last edited by gitops-sync itself is trusted (no warning, no second alert)', async () => {
  plantIssue(GITHUB_ACTIONS_BOT, plantedState({}));
  editIssue(GITHUB_ACTIONS_BOT, plantedState({ alerting: true, alerted_severity: 'high', first_seen: { 'test_instance.no_refresh': anHourAgo() } }));
  const run = await check('drift.json');
  expect(run.code).toBe(0);
  expect(run.stderr).not.toContain('warning');
  expect(triggers()).toHaveLength(0);
});

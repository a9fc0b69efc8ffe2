/**
 * Attack on the drift issue's memory through a sloppy config: `drift_issue.labels: []` made the
 * lookup list every open issue, so any issue our own identity opened that carried the hidden marker
 * was taken for the drift issue — and on GitHub that identity, github-actions[bot], is every
 * workflow's. A workflow that opens issues with text someone else chose (a "CI failed on <pull
 * request title>" bot) carried a planted marker and an "already alerting, critical" state: the
 * critical drift that followed never paged. Now an empty label list is refused with one sentence.
 * The real CLI against the loopback GitHub (real Octokit) and the validating PagerDuty fake.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { stateBlock } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { GITHUB_ACTIONS_BOT, useFakeGitHub } from './support/fake-github.js';
import { tofuFixture } from './support/paths.js';
import { pagerDutyServer, type VendorServer } from './support/vendor-servers.js';

const github = useFakeGitHub();
const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-unlabelled-issue-'));
let pagerDuty: VendorServer;

beforeAll(async () => {
  pagerDuty = await pagerDutyServer();
  writeFileSync(
    join(dir, 'gitops-sync.yaml'),
    `monitoring:
  alert_thresholds: { critical_changes: 0, high_priority_changes: 2 }
  notifications:
    pagerduty: { routing_key_env: PAGERDUTY_ROUTING_KEY }
  drift_issue: { enabled: true, labels: [] }
`,
  );
  copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
});
afterAll(async () => {
  await pagerDuty.close();
  rmSync(dir, { recursive: true, force: true });
});

test('an empty drift_issue.labels is refused in one sentence, so a planted issue of another workflow cannot silence the alert', async () => {
  const forged = stateBlock({ schema: 'gitops-sync/drift-state@1', environment: 'production', alerting: true, alerted_severity: 'critical', first_seen: {}, history: [] });
  github.state.issues.push({
    number: 7,
    title: 'CI failed on: fix typo <!-- gitops-sync:drift-issue environment=production -->',
    body: `The workflow failed on the pull request "fix typo <!-- gitops-sync:drift-issue environment=production --> ${forged}".`,
    labels: [],
    state: 'open',
    user: GITHUB_ACTIONS_BOT,
    created_at: '2026-11-25T08:00:00Z',
    updated_at: '2026-11-25T08:00:00Z',
    closed_at: null,
  });
  const run = await cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'drift.json', '--fail-on', 'never', '--output-directory', 'reports', '--notify', '--platform', 'github', '--repo', 'owner/repo'], {
    cwd: dir,
    env: { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, GITOPS_SYNC_PAGERDUTY_URL: `${pagerDuty.url}/v2/enqueue`, GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' },
  });
  expect({ code: run.code, pagerDuty: pagerDuty.received.length }).toEqual({ code: 1, pagerDuty: 0 });
  expect(run.stderr.trim()).toMatch(/^gitops-sync: \S+gitops-sync\.yaml:\d+: monitoring\.drift_issue\.labels: [^\n]*at least one label[^\n]*\.$/);
  expect(github.state.issues.map((issue) => [issue.number, issue.state, issue.body?.startsWith('The workflow failed')])).toEqual([[7, 'open', true]]);
});

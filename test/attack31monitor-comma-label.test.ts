/**
 * Attack on the drift issue's memory through a sloppy config: a label with a comma in it
 * (`labels: ["drift,production"]`). GitHub keeps it as one label on the issue, but the issue list's
 * `labels` filter is comma-separated, so the lookup asked for two labels the issue does not have: it
 * never found the drift issue again, and every scheduled run opened one more issue and alerted again.
 * Now a label with a comma is refused with one sentence. The real CLI against the loopback GitHub
 * (real Octokit) and the validating PagerDuty fake.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { useFakeGitHub } from './support/fake-github.js';
import { tofuFixture } from './support/paths.js';
import { pagerDutyServer, type VendorServer } from './support/vendor-servers.js';

const github = useFakeGitHub();
const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-comma-label-'));
let pagerDuty: VendorServer;

beforeAll(async () => {
  pagerDuty = await pagerDutyServer();
  writeFileSync(
    join(dir, 'gitops-sync.yaml'),
    'monitoring:\n  alert_thresholds: { critical_changes: 0, high_priority_changes: 2 }\n  notifications:\n    pagerduty: { routing_key_env: PAGERDUTY_ROUTING_KEY }\n  drift_issue: { enabled: true, labels: ["drift,production"] }\n',
  );
  copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
});
afterAll(async () => {
  await pagerDuty.close();
  rmSync(dir, { recursive: true, force: true });
});

const check = () =>
  cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'drift.json', '--fail-on', 'never', '--output-directory', 'reports', '--notify', '--platform', 'github', '--repo', 'owner/repo'], {
    cwd: dir,
    env: { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, GITOPS_SYNC_PAGERDUTY_URL: `${pagerDuty.url}/v2/enqueue`, GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' },
  });

test('a drift issue label with a comma is refused in one sentence, not a new issue and a new page at every run', async () => {
  const runs = [await check(), await check()];
  expect({ codes: runs.map((run) => run.code), issues: github.state.issues.length, pages: pagerDuty.received.length }).toEqual({ codes: [1, 1], issues: 0, pages: 0 });
  expect(runs[0].stderr.trim()).toMatch(/^gitops-sync: \S+gitops-sync\.yaml:\d+: monitoring\.drift_issue\.labels\.0: [^\n]*comma[^\n]*\.$/);
});

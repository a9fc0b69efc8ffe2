/**
 * Attack on the drift issue (the monitor's memory on GitHub) through the size of a plan: the report in
 * the issue body is held to 40,000 characters by dropping changes, but its summary listed every
 * output change, however many. A root module with a few thousand outputs drifting made the body
 * longer than the 65,536 characters GitHub accepts: the issue was never opened, so its hidden state
 * never saved, and every scheduled run was a first run that alerted again. Real Octokit against the
 * loopback GitHub (which refuses a longer body as GitHub does), the validating Slack fake.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { useFakeGitHub } from './support/fake-github.js';
import { slackServer, type VendorServer } from './support/vendor-servers.js';

const github = useFakeGitHub();
const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-issue-limit-'));
let slack: VendorServer;

const OUTPUTS = 4000;
beforeAll(async () => {
  slack = await slackServer();
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'monitoring:\n  alert_thresholds: { critical_changes: 0, high_priority_changes: 0 }\n  notifications:\n    slack: { webhook_url_env: SLACK_WEBHOOK_URL }\n  drift_issue: { enabled: true }\n');
  const resource = {
    address: 'aws_security_group.web',
    mode: 'managed',
    type: 'aws_security_group',
    name: 'web',
    change: { actions: ['update'], before: { ingress: [] }, after: { ingress: [{ cidr_blocks: ['0.0.0.0/0'] }] }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
  };
  const outputs = Object.fromEntries(Array.from({ length: OUTPUTS }, (_, i) => [`service_endpoint_${String(i).padStart(4, '0')}`, { actions: ['update'], before: 'a', after: 'b', after_unknown: false, before_sensitive: false, after_sensitive: false }]));
  writeFileSync(join(dir, 'plan.json'), JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [resource], output_changes: outputs }));
});
afterAll(async () => {
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
});

const check = () =>
  cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'plan.json', '--fail-on', 'never', '--output-directory', 'reports', '--notify', '--platform', 'github', '--repo', 'owner/repo'], {
    cwd: dir,
    env: { SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/X`, GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' },
  });

test('thousands of output changes still fit the drift issue, so the second run remembers the first and stays quiet', async () => {
  const first = await check();
  expect(first.stderr).not.toContain('warning');
  expect(github.state.issues).toHaveLength(1);
  const body = github.state.issues[0].body ?? '';
  expect(body.length).toBeLessThanOrEqual(65_536);
  expect(body).toMatch(new RegExp(`\\*\\*Output changes\\*\\* \\(${OUTPUTS}\\): \`service_endpoint_0000\` update, .*, and \\d+ more \\(the JSON report has them all\\)\n`));
  const second = await check();
  expect(second.stderr).not.toContain('warning');
  expect(second.stdout).not.toContain('Alert:');
  expect(slack.received).toHaveLength(1);
});

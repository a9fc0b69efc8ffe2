/**
 * Attack on the drift-age memory through a resource's name: first-seen times were looked up as
 * `first_seen[address]`, so an address that is also the name of something every object inherits
 * (`constructor`, `toString`, `__proto__`) read a function, or nothing, instead of a time. A plan JSON
 * from a hostile or broken server (Terraform Cloud answers health assessments with one; Azure Policy
 * names resources as it likes) with a resource so named made the drift's age NaN: the run ended in
 * "this is a bug", at every run, and the drift that had lasted five hours never alerted.
 * The real CLI with a state file, against the validating Slack fake.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { DriftState } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { tofuFixture } from './support/paths.js';
import { slackServer, type VendorServer } from './support/vendor-servers.js';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-inherited-address-'));
let slack: VendorServer;
const fiveHoursAgo = new Date(Date.now() - 5 * 3_600_000).toISOString();

beforeAll(async () => {
  slack = await slackServer();
  writeFileSync(
    join(dir, 'gitops-sync.yaml'),
    'monitoring:\n  alert_thresholds: { critical_changes: 0, high_priority_changes: 5, drift_age_hours: 1 }\n  notifications:\n    slack: { webhook_url_env: SLACK_WEBHOOK_URL }\n',
  );
  copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
  const plan = JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8')) as { resource_changes: { address: string }[] };
  plan.resource_changes[1].address = 'constructor';
  plan.resource_changes.push({ ...plan.resource_changes[1], address: '__proto__' });
  writeFileSync(join(dir, 'named.json'), JSON.stringify(plan));
  // What the runs before this one remembered: one resource drifting for five hours.
  const state: DriftState = {
    schema: 'gitops-sync/drift-state@1',
    environment: 'production',
    alerting: false,
    alerted_severity: null,
    first_seen: { 'test_instance.no_refresh': fiveHoursAgo },
    history: [{ at: fiveHoursAgo, critical: 0, high: 1, medium: 0, low: 0 }],
  };
  writeFileSync(join(dir, 'state.json'), JSON.stringify(state));
});
afterAll(async () => {
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
});

const check = () =>
  cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'named.json', '--fail-on', 'never', '--output', 'reports', '--notify', '--state-file', 'state.json'], {
    cwd: dir,
    env: { SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/X`, GITHUB_ACTIONS: '' },
  });

test('resources named constructor and __proto__ keep their own first-seen times, and the five-hour drift alerts once', async () => {
  const first = await check();
  expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: 'gitops-sync: Alert sent to slack\n' });
  expect(first.stdout).toContain('Alert: trigger — production: 4 high change(s); drift for 5.0 h, longer than 1 h');
  expect(slack.received).toHaveLength(1);
  const remembered = (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as DriftState).first_seen;
  expect(Object.keys(remembered).sort()).toEqual(['__proto__', 'constructor', 'test_instance.no_refresh', 'test_instance.should_refresh']);
  expect(remembered['test_instance.no_refresh']).toBe(fiveHoursAgo);

  // The next run reads them back as times of their own: quiet, nothing restarted.
  const second = await check();
  expect({ code: second.code, stderr: second.stderr }).toEqual({ code: 0, stderr: '' });
  expect(slack.received).toHaveLength(1);
  expect((JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as DriftState).first_seen).toEqual(remembered);
});

/**
 * Attack on what the channels are told: a resolve is sent when the drift no longer crosses a
 * threshold, which is not always when it is gone. Someone who made a change outside Git and undid
 * only the part that crossed a threshold got "Drift resolved in production" in Slack, "drift resolved"
 * from PagerDuty and in the e-mail subject — on-call stood down while the rest of the change stayed.
 * Now such a resolve says the drift is back under the alert thresholds and how much still drifts.
 * The real CLI with a state file, the validating Slack fake and a real SMTP server (smtp-server).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { cli } from './support/cli.js';
import { tofuFixture } from './support/paths.js';
import { slackServer, type VendorServer } from './support/vendor-servers.js';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-resolve-wording-'));
let slack: VendorServer;
let smtp: SMTPServer;
const subjects: string[] = [];

beforeAll(async () => {
  slack = await slackServer();
  smtp = new SMTPServer({
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData: (stream, _session, done) => {
      simpleParser(stream)
        .then((mail) => done(void subjects.push(mail.subject ?? '')))
        .catch(done);
    },
  });
  await new Promise<void>((ready) => smtp.listen(0, '127.0.0.1', ready));
  const port = (smtp.server.address() as AddressInfo).port;
  writeFileSync(
    join(dir, 'gitops-sync.yaml'),
    `monitoring:
  alert_thresholds: { critical_changes: 0, high_priority_changes: 2, drift_age_hours: 1 }
  notifications:
    slack: { webhook_url_env: SLACK_WEBHOOK_URL }
    email: { host: 127.0.0.1, port: ${port}, from: drift@acme.test, to: [sre@acme.test] }
`,
  );
  copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
  const plan = JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8')) as { resource_changes: unknown[]; resource_drift?: unknown[] };
  plan.resource_changes = plan.resource_changes.slice(0, 1);
  delete plan.resource_drift;
  writeFileSync(join(dir, 'partly-undone.json'), JSON.stringify(plan));
  writeFileSync(join(dir, 'in-sync.json'), JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [], output_changes: {} }));
});
afterAll(async () => {
  await slack.close();
  await new Promise<void>((done) => smtp.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

const check = (plan: string) =>
  cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', plan, '--fail-on', 'never', '--output', 'reports', '--notify', '--state-file', 'state.json'], {
    cwd: dir,
    env: { SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/X`, GITHUB_ACTIONS: '' },
  });
const headers = () => slack.received.map((request) => (request.json as { blocks: { text: { text: string } }[] }).blocks[0].text.text);

test('a resolve while drift remains under the thresholds never says the drift is resolved; the one when it is gone does', async () => {
  await check('drift.json');
  const under = await check('partly-undone.json');
  expect(under.stdout).toContain('Alert: resolve — production: back under the alert thresholds; 1 high change(s) still drift');
  expect(headers()).toEqual(['Drift in production', 'Drift in production is back under the alert thresholds']);
  expect(subjects).toEqual(['[gitops-sync] production: 3 high', '[gitops-sync] production: back under the alert thresholds, 1 high still drift']);

  // It crosses again, then is gone for real.
  await check('drift.json');
  const gone = await check('in-sync.json');
  expect(gone.stdout).toContain('Alert: resolve — production: drift resolved');
  expect(headers().at(-1)).toBe('Drift resolved in production');
  expect(subjects.at(-1)).toBe('[gitops-sync] production: drift resolved');
  expect(slack.received.every((request) => request.problems.length === 0)).toBe(true);
});

/**
 * Attack on the e-mail channel through a sloppy config: `to` and `from` took any string, and
 * nodemailer reads an entry as an address list. A recipient with a line break in it (a YAML block
 * scalar, a pasted header) was dropped without a word while the run said "Alert sent to email" —
 * on-call never got the alert; an entry with a comma mailed whoever came after it, and a broken
 * `from` put another sender on the envelope. A real SMTP server (smtp-server), the real CLI.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals';
import { SMTPServer } from 'smtp-server';
import { cli } from './support/cli.js';
import { tofuFixture } from './support/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-email-addresses-'));
const envelope: string[] = [];
let smtp: SMTPServer;
let port = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onMailFrom: (address, _session, done) => done(void envelope.push(`from ${address.address}`)),
    onRcptTo: (address, _session, done) => done(void envelope.push(`to ${address.address}`)),
    onData: (stream, _session, done) => {
      stream.resume();
      stream.on('end', () => done());
    },
  });
  await new Promise<void>((ready) => smtp.listen(0, '127.0.0.1', ready));
  port = (smtp.server.address() as AddressInfo).port;
  copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
});
beforeEach(() => {
  envelope.length = 0;
});
afterAll(async () => {
  await new Promise<void>((done) => smtp.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

const alert = (from: string, to: string[], stateFile: string) => {
  writeFileSync(
    join(dir, 'gitops-sync.yaml'),
    `monitoring:
  alert_thresholds: { critical_changes: 0, high_priority_changes: 0 }
  notifications:
    email: { host: 127.0.0.1, port: ${port}, from: ${JSON.stringify(from)}, to: ${JSON.stringify(to)} }
`,
  );
  return cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'drift.json', '--fail-on', 'never', '--output', 'reports', '--notify', '--state-file', stateFile], { cwd: dir, env: { GITHUB_ACTIONS: '' } });
};
const REFUSAL = (where: string) => new RegExp(`^gitops-sync: \\S+gitops-sync\\.yaml:\\d+: monitoring\\.notifications\\.email\\.${where}: one e-mail address \\(name@example\\.com or Name <name@example\\.com>\\) per entry, [^\\n]*\\.$`);

test('a recipient with a line break in it is refused in one sentence, not dropped while the run says the alert went out', async () => {
  const run = await alert('drift@acme.test', ['sre@acme.test\nX-Priority: 1', 'oncall@acme.test'], 'a.json');
  expect({ code: run.code, envelope }).toEqual({ code: 1, envelope: [] });
  expect(run.stderr.trim()).toMatch(REFUSAL('to\\.0'));
});

test('a recipient entry holding two addresses, and a sender with a line break, are refused the same way', async () => {
  const list = await alert('drift@acme.test', ['sre@acme.test, someone@elsewhere.test'], 'b.json');
  expect({ code: list.code, envelope }).toEqual({ code: 1, envelope: [] });
  expect(list.stderr.trim()).toMatch(REFUSAL('to\\.0'));
  const sender = await alert('drift@acme.test\nBcc: someone@elsewhere.test', ['sre@acme.test'], 'c.json');
  expect({ code: sender.code, envelope }).toEqual({ code: 1, envelope: [] });
  expect(sender.stderr.trim()).toMatch(REFUSAL('from'));
});

test('plain and named addresses still go out, to each recipient', async () => {
  const run = await alert('gitops-sync <drift@acme.test>', ['sre@acme.test', 'On-call <oncall@acme.test>', '"Ops, EU" <ops@acme.test>'], 'd.json');
  expect(run.stderr).not.toContain('warning');
  expect(envelope).toEqual(['from drift@acme.test', 'to sre@acme.test', 'to oncall@acme.test', 'to ops@acme.test']);
});

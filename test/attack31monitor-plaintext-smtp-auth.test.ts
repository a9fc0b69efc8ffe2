/**
 * Attack on the e-mail channel through a sloppy config: `allow_plaintext_auth: true` is documented
 * for a relay on loopback only, but nothing held it there. Copied into a config whose host is a relay
 * across the network (or left there when the host changed), the SMTP user and password went over the
 * wire in the clear to whatever answered on that address — a relay without STARTTLS, or a middlebox
 * that strips it. A real SMTP server (smtp-server) on this machine's external address, the real CLI.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { SMTPServer } from 'smtp-server';
import { cli } from './support/cli.js';
import { outsideAddress } from './support/outside-address.js';
import { tofuFixture } from './support/paths.js';

const PASSWORD = 'smtp-Pa55word-kept-secret';
const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-plaintext-auth-'));
const logins: string[] = [];
let smtp: SMTPServer;
let port = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth: (auth, _session, done) => {
      logins.push(`${auth.username}:${auth.password}`);
      done(null, { user: auth.username });
    },
    onData: (stream, _session, done) => {
      stream.resume();
      stream.on('end', () => done());
    },
  });
  await new Promise<void>((ready) => smtp.listen(0, '0.0.0.0', ready));
  port = (smtp.server.address() as AddressInfo).port;
  copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
});
afterAll(async () => {
  await new Promise<void>((done) => smtp.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

const config = (host: string) =>
  writeFileSync(
    join(dir, 'gitops-sync.yaml'),
    `monitoring:
  alert_thresholds: { critical_changes: 0, high_priority_changes: 0 }
  notifications:
    email: { host: ${JSON.stringify(host)}, port: ${port}, from: drift@acme.test, to: [sre@acme.test], user_env: SMTP_USER, password_env: SMTP_PASSWORD, allow_plaintext_auth: true }
`,
  );
const run = (stateFile: string) =>
  cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'drift.json', '--fail-on', 'never', '--output', 'reports', '--notify', '--state-file', stateFile], {
    cwd: dir,
    env: { SMTP_USER: 'drift-bot', SMTP_PASSWORD: PASSWORD, GITHUB_ACTIONS: '' },
  });

test('allow_plaintext_auth with a relay across the network is refused in one sentence, before the password goes anywhere', async () => {
  config(outsideAddress());
  const refused = await run('outside.json');
  expect({ code: refused.code, logins }).toMatchObject({ code: 1, logins: [] });
  expect(refused.stderr.trim()).toMatch(/^gitops-sync: \S+gitops-sync\.yaml:\d+: monitoring\.notifications\.email\.allow_plaintext_auth: [^\n]*loopback[^\n]*\.$/);
  expect(refused.stdout + refused.stderr).not.toContain(PASSWORD);
  expect(logins).toEqual([]);
});

test('on loopback it still sends the password without STARTTLS, as documented', async () => {
  config('127.0.0.1');
  logins.length = 0;
  const sent = await run('loopback.json');
  expect(sent.stderr).not.toContain('warning');
  expect(sent.stdout).toContain('Alert: trigger');
  expect(logins).toEqual([`drift-bot:${PASSWORD}`]);
});

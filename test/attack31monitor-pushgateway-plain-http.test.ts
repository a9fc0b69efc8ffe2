/**
 * Attack on the Pushgateway push through a sloppy URL: credentials in it (`http://user:password@host`)
 * go as basic auth, and the push took plain http to any host, so the password crossed the network in
 * the clear to whoever was on the path — where every channel URL (Slack, PagerDuty, webhook) is
 * refused over plain http unless it points at loopback. The real Pushgateway asking for basic auth
 * (`--web.config.file`), on this machine's external address; the real CLI.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { outsideAddress } from './support/outside-address.js';
import { tofuFixture } from './support/paths.js';
import { startPushgateway, type RunningPushgateway } from './support/pushgateway.js';

const PASSWORD = 'gw-Pa55word-kept-secret';
/** bcrypt (cost 4) of PASSWORD, as the Pushgateway's web config takes it. */
const PASSWORD_BCRYPT = '$2b$04$emesCAanDhqhAbe.j2U7HuM7zYDVc6RK2hxPPQ5VJGcAE5uYQ4Yvy';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-pushgateway-http-'));
let gateway: RunningPushgateway;

beforeAll(async () => {
  gateway = await startPushgateway({ host: '0.0.0.0', user: { name: 'metrics', password: PASSWORD, bcrypt: PASSWORD_BCRYPT }, dir });
  copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'monitoring: {}\n');
});
afterAll(async () => {
  await gateway.stop();
  rmSync(dir, { recursive: true, force: true });
});

const push = (environment: string, host: string) =>
  cli(['drift-detect', '--environment', environment, '--terraform-plan-json', 'drift.json', '--fail-on', 'never', '--output', 'reports', '--pushgateway-url', `http://metrics:${PASSWORD}@${host}:${gateway.port}`], {
    cwd: dir,
    env: { GITHUB_ACTIONS: '' },
  });
const groups = async () => {
  const text = await (await fetch(`${gateway.base}/metrics`, { headers: gateway.headers })).text();
  return [...new Set([...text.matchAll(/^push_time_seconds\{.*environment="([^"]+)"/gm)].map(([, environment]) => environment))];
};

test('credentials over plain http to a host that is not loopback are refused in one sentence; nothing is pushed', async () => {
  const run = await push('production', outsideAddress());
  expect(await groups()).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.stderr.trim()).toBe(
    'gitops-sync: warning: metrics: The Pushgateway URL carries credentials over plain http to a host that is not loopback, which would send them in the clear; use its https:// address.',
  );
  expect(run.stdout + run.stderr).not.toContain(PASSWORD);
});

test('to loopback the same credentials still go, and the gateway takes the push', async () => {
  const run = await push('staging', '127.0.0.1');
  expect(run.stderr).not.toContain('warning');
  expect(await groups()).toEqual(['staging']);
});

import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, expect, test } from '@jest/globals';
import { parseTerraformPlan, UserError } from '@gitops-sync/core';
import { networkWaits, secondsFromEnv } from '@gitops-sync/core/network-waits';
import { apiLimitsFromEnv } from '@gitops-sync/platforms';
import { cli } from './support/cli.js';
import { checkRunEvents, fakeAwx, type FakeAwx } from './support/fake-awx.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

/*
 * Review of the one reading of GITOPS_SYNC_API_TIMEOUT_SECONDS / _DEADLINE_SECONDS (core/network-waits.ts)
 * and of the add-then-size duplicate check of a plan's instances.
 */

const NAME = 'GITOPS_SYNC_API_TIMEOUT_SECONDS';
const MAX_TIMER_MS = 2 ** 31 - 1;
const read = (text: string) => secondsFromEnv({ [NAME]: text }, NAME);
const refusal = (text: string) => {
  try {
    read(text);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  return 'accepted';
};

test('a number of seconds written to the millisecond is that many milliseconds, not one more (2.007 is 2007.0000000000002 in binary)', () => {
  for (const text of ['2.007', '2.011', '2.035', '2147480.001', '2147482.999']) {
    expect(read(text)).toBe(Math.round(Number(text) * 1000));
  }
  // Over a millisecond's digits still rounds up, never down to a shorter wait.
  expect(read('2.0071')).toBe(2008);
  expect(read('1.0000001')).toBe(1001);
  for (const [text, ms] of [['0.0004', 1], ['0.0000001', 1], ['5e-324', 1], ['1e3', 1_000_000], ['+5', 5000], [' 5 ', 5000], ['\t5\n', 5000], ['.5', 500], ['2E1', 20_000]] as const) {
    expect(read(text)).toBe(ms);
  }
});

test('every accepted value is a timer Node holds: at least 1 ms (never 0) and at most 2^31-1 ms (never fired at once)', () => {
  expect(read('2147483')).toBe(2_147_483_000);
  for (const text of ['2147483', '2147482.9999999', '2147482.999999999999', '1e-300', '4.9e-324', '0.0000000001']) {
    const ms = read(text)!;
    expect(ms).toBeGreaterThanOrEqual(1);
    expect(ms).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(Number.isInteger(ms)).toBe(true);
  }
  for (const text of ['2147483.6', '2147483.0000001', '2147483.647', '2147484', '1e300']) {
    expect(refusal(text)).toBe(`${NAME} must be at most 2147483 seconds (about 24 days), not ${JSON.stringify(text)}; lower it or unset it to use the default.`);
  }
  for (const text of ['5s', '1_000', '-0', '0', '0.0', '1e-400', '-1', 'Infinity', '-Infinity', 'NaN', '5 5', '٥', '0x10', '0b11', '0o7', '1e', 'e3', '5.5.5']) {
    expect(refusal(text)).toBe(`${NAME} must be a positive number of seconds, not ${JSON.stringify(text)}; unset it to use the default.`);
  }
});

test('the engine and the platform clients still agree on the edge values', () => {
  for (const text of ['2.007', '2147483', '0.0000001', '1e3']) {
    const env = { GITOPS_SYNC_API_TIMEOUT_SECONDS: text, GITOPS_SYNC_API_DEADLINE_SECONDS: text };
    const limits = apiLimitsFromEnv(env);
    expect([limits.requestTimeoutMs, limits.deadlineMs]).toEqual(Object.values(networkWaits(env)));
  }
});

const TOKEN = 'awx-T0ken-do-not-print';
let awx: FakeAwx | undefined;
afterEach(async () => {
  await awx?.close();
  awx = undefined;
});

test('drift on AWX (which has no deadline of its own) refuses a broken GITOPS_SYNC_API_DEADLINE_SECONDS in one sentence before launching a job', async () => {
  const dir = tempDir('gitops-sync-review-waits-');
  awx = await fakeAwx({ token: TOKEN, templates: [{ id: 7, name: 'site check', ask_job_type_on_launch: true, ask_diff_mode_on_launch: true, events: checkRunEvents(10) }] });
  writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    awx:\n      url: "${awx.url}"\n      job_template: 7\n      poll_seconds: 0.02\n`);
  const run = await cli(['drift', 'production', '--format', 'json', '--output', join(dir, 'out', 'report.json')], {
    cwd: dir,
    env: { AWX_TOKEN: TOKEN, CONTROLLER_HOST: awx.url, GITOPS_SYNC_API_DEADLINE_SECONDS: '10m' },
  });
  expect(run.code).toBe(1);
  expect(run.stderr.split('\n').filter((line) => line.startsWith('gitops-sync: '))).toEqual([
    'gitops-sync: GITOPS_SYNC_API_DEADLINE_SECONDS must be a positive number of seconds, not "10m"; unset it to use the default.',
  ]);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(awx.jobs).toHaveLength(0);
});

test('audit verify --git-ref with an origin refuses a broken wait in one sentence before asking origin', async () => {
  const repo = tempDir('gitops-sync-review-audit-');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'commit', '-q', '--allow-empty', '-m', 'main');
  git(repo, 'remote', 'add', 'origin', 'http://127.0.0.1:9/never.git');
  const run = await cli(['audit', 'verify', '--git-ref', 'gitops-sync/audit'], { cwd: repo, env: { GITOPS_SYNC_API_TIMEOUT_SECONDS: '2147483.6' } });
  expect(run).toEqual({
    code: 1,
    stdout: '',
    stderr: 'gitops-sync: GITOPS_SYNC_API_TIMEOUT_SECONDS must be at most 2147483 seconds (about 24 days), not "2147483.6"; lower it or unset it to use the default.\n',
  });
});

const plan = (body: object) => JSON.stringify({ format_version: '1.2', planned_values: {}, ...body });
const resource = (address: string, change: object, extra: object = {}) => ({
  address,
  mode: 'managed',
  type: address.split('.').at(-2),
  name: address.split('.').at(-1),
  change: { before_sensitive: {}, after_sensitive: {}, after_unknown: {}, ...change },
  ...extra,
});

test('the add-then-size duplicate check still refuses an instance listed twice, in resource_changes and in resource_drift, with and without deposed', () => {
  const update = resource('aws_instance.web', { actions: ['update'], before: { a: 1 }, after: { a: 2 } });
  const remove = resource('aws_instance.web', { actions: ['delete'], before: { a: 1 }, after: null });
  const deposed = resource('aws_instance.web', { actions: ['delete'], before: { a: 0 }, after: null }, { deposed: '00000001' });
  const otherDeposed = resource('aws_instance.web', { actions: ['delete'], before: { a: 0 }, after: null }, { deposed: '00000002' });
  for (const key of ['resource_changes', 'resource_drift']) {
    const refused = (instance: string) => new UserError(`plan.json lists ${instance} twice in ${key}, which no plan Terraform writes does; pass the output of \`terraform show -json <planfile>\` as it wrote it.`);
    expect(() => parseTerraformPlan(plan({ [key]: [update, remove] }), { label: 'plan.json' })).toThrow(refused('aws_instance.web'));
    expect(() => parseTerraformPlan(plan({ [key]: [deposed, update, deposed] }), { label: 'plan.json' })).toThrow(refused('aws_instance.web (deposed 00000001)'));
    // The current object, two deposed ones, and the same in the other origin: all distinct.
    const other = key === 'resource_changes' ? 'resource_drift' : 'resource_changes';
    expect(parseTerraformPlan(plan({ [key]: [update, deposed, otherDeposed], [other]: [update, deposed] }), { label: 'plan.json' }).changes).toHaveLength(5);
  }
});

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { fakeTfc, type FakeTfc, type FakeTfcState } from './support/fake-tfc.js';
import { silentServer, type HostileServer } from './support/hostile-servers.js';
import { tempDir } from './support/temp-dir.js';

/** A refresh-only plan as `terraform show -json` writes it: two resources changed outside Terraform. */
const ASSESSMENT_PLAN = JSON.stringify({
  format_version: '1.2',
  terraform_version: '1.9.8',
  planned_values: { root_module: {} },
  resource_drift: [
    {
      address: 'aws_security_group.web',
      mode: 'managed',
      type: 'aws_security_group',
      name: 'web',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['update'],
        before: { name: 'web', ingress: [{ from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/8'] }] },
        after: { name: 'web', ingress: [{ from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0'] }] },
        after_unknown: {},
        before_sensitive: {},
        after_sensitive: {},
      },
    },
    {
      address: 'aws_db_instance.main',
      mode: 'managed',
      type: 'aws_db_instance',
      name: 'main',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['update'],
        before: { instance_class: 'db.t3.small', password: 'hunter2-live-db-password' },
        after: { instance_class: 'db.t3.large', password: 'rotated-db-password-9f8e' },
        after_unknown: {},
        before_sensitive: { password: true },
        after_sensitive: { password: true },
      },
    },
  ],
  resource_changes: [],
});

const EMPTY_PLAN = JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', planned_values: { root_module: {} }, resource_changes: [] });

let tfc: FakeTfc | undefined;
let hostile: HostileServer | undefined;
afterEach(async () => {
  await tfc?.close();
  await hostile?.close();
  tfc = hostile = undefined;
});

async function scene(state: Partial<FakeTfcState> = {}, settings: (fake: FakeTfc) => string = (fake) => `{ organization: acme, workspace: networking-prod, hostname: "${fake.url}" }`) {
  tfc = await fakeTfc({ plan: ASSESSMENT_PLAN, ...state });
  const dir = tempDir('gitops-sync-tfc-');
  writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    terraform_cloud: ${settings(tfc)}\n`);
  const token = tfc.state.token;
  // The CI names the host the config names (the token goes nowhere else).
  const host = /hostname: "([^"]+)"/.exec(settings(tfc))?.[1];
  const TFE_HOSTNAME = host ? new URL(/^[a-z]+:\/\//.test(host) ? host : `https://${host}`).host : '';
  const run = (args: string[] = [], env: Record<string, string> = {}) => cli(['drift', 'production', ...args], { cwd: dir, env: { TFE_TOKEN: token, TFE_HOSTNAME, GITOPS_SYNC_API_TIMEOUT_SECONDS: '2', ...env } });
  return { dir, fake: tfc, token, run };
}

/** One sentence on stderr, exit 1, the token nowhere, no report written. */
function expectOneSentence(result: { code: number; stdout: string; stderr: string }, token: string, dir: string, pattern: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines.at(-1)).toMatch(/^gitops-sync: .*\.$/);
  expect(lines.at(-1)).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr + result.stdout).not.toContain(token);
  // .gitops-sync holds the audit trail, which records the failed check.
  expect(readdirSync(dir).filter((name) => name !== '.gitops-sync')).toEqual(['gitops-sync.yaml']);
}

describe('drift <env> with a Terraform Cloud health assessment', () => {
  test('judges the assessment plan with the Terraform rules, reports it as from terraform-cloud, and keeps the token on the API host', async () => {
    const { dir, fake, token, run } = await scene();
    const result = await run(['--format', 'json', '--output', 'report.json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.sources).toEqual(['terraform-cloud']);
    expect(report.drift_detected).toBe(true);
    const byAddress = Object.fromEntries(report.changes.map((change: { address: string }) => [change.address, change]));
    expect(Object.keys(byAddress).sort()).toEqual(['aws_db_instance.main', 'aws_security_group.web']);
    expect(byAddress['aws_security_group.web']).toMatchObject({ source: 'terraform-plan', origin: 'outside', action: 'update', severity: 'critical' });
    expect(byAddress['aws_db_instance.main'].source).toBe('terraform-plan');
    // The sensitive password is masked, never shown.
    const everything = readFileSync(join(dir, 'report.json'), 'utf8') + result.stdout + result.stderr;
    for (const secret of ['hunter2-live-db-password', 'rotated-db-password-9f8e', token]) expect(everything).not.toContain(secret);
    // The token went to the API, and not to the archive host the json-output redirected to.
    expect(fake.requests.map((request) => `${request.host} ${request.path.split('?')[0]}`)).toEqual([
      'api /api/v2/organizations/acme/workspaces/networking-prod',
      'api /api/v2/workspaces/ws-SihZTyXKfNXUWuUa/current-assessment-result',
      'api /api/v2/assessment-results/asmtres-UG5rE9L1373hMYMA/json-output',
      'archivist /v1/object/dmF1bHQ6djE6assessment-plan',
    ]);
    expect(fake.requests.filter((request) => request.host === 'api').every((request) => request.authorization === `Bearer ${token}`)).toBe(true);
    expect(fake.requests.find((request) => request.host === 'archivist')?.authorization).toBeUndefined();
  });

  test('a workspace given by its ws- id is read without a lookup, and a clean assessment is no drift', async () => {
    const { fake, run } = await scene({ assessment: 'clean', plan: EMPTY_PLAN }, (fake) => `{ workspace: ws-SihZTyXKfNXUWuUa, hostname: "${fake.url}" }`);
    const result = await run();
    expect(result.code).toBe(0);
    expect(fake.requests[0].path).toBe('/api/v2/workspaces/ws-SihZTyXKfNXUWuUa/current-assessment-result');
  });

  test('takes the token from token_env, or from Terraform CLI\'s TF_TOKEN_<host> when TFE_TOKEN is unset', async () => {
    const { token, run } = await scene({}, (fake) => `{ organization: acme, workspace: networking-prod, hostname: "${fake.url}", token_env: TFC_TEAM_TOKEN }`);
    expect((await run([], { TFE_TOKEN: '', TFC_TEAM_TOKEN: token })).code).toBe(2);
    await tfc?.close();
    const other = await scene({}, (fake) => `{ organization: acme, workspace: networking-prod, hostname: "${fake.url.replace('127.0.0.1', 'localhost')}" }`);
    expect((await other.run([], { TFE_TOKEN: '', TF_TOKEN_localhost: other.token })).code).toBe(2);
  });

  test("drift-detect's environment input reads the assessment too", async () => {
    const { dir, token, fake } = await scene();
    const result = await cli(['drift-detect', '--environment', 'production', '--output', 'reports', '--fail-on', 'never'], { cwd: dir, env: { TFE_TOKEN: token, TFE_HOSTNAME: new URL(fake.url).host } });
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'reports', readdirSync(join(dir, 'reports')).find((name) => name.endsWith('.json'))!), 'utf8'));
    expect(report).toMatchObject({ sources: ['terraform-cloud'], drift_detected: true, total_changes: 2 });
    expect(result.stdout + result.stderr + JSON.stringify(report)).not.toContain(token);
  });

  test('--dry-run lists the requests it would make', async () => {
    const { fake, run } = await scene();
    const result = await run(['--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`GET ${fake.url}/api/v2/organizations/acme/workspaces/networking-prod`);
    expect(result.stdout).toContain('current-assessment-result');
    expect(fake.requests).toEqual([]);
  });

  test('retries a rate-limited answer after its Retry-After and then reads the assessment', async () => {
    const { fake, run } = await scene({ rateLimited: 2 });
    const started = Date.now();
    const result = await run();
    expect(result.code).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(fake.requests.filter((request) => request.path.endsWith('/networking-prod'))).toHaveLength(3);
  });
});

describe('bad answers from Terraform Cloud: one sentence, exit 1, nothing written', () => {
  test('a missing token names the variables to set', async () => {
    const { dir, token, run } = await scene();
    expectOneSentence(await run([], { TFE_TOKEN: '' }), token, dir, /No Terraform Cloud token for 127\.0\.0\.1:\d+: set TFE_TOKEN or TF_TOKEN_/);
  });

  test('a refused token (401)', async () => {
    const { dir, token, run } = await scene();
    const wrong = 'wrong-token-aaaaaaaaaaaaaaaaaaaaaaaa';
    const result = await run([], { TFE_TOKEN: wrong });
    expectOneSentence(result, token, dir, /refused the token in TFE_TOKEN .*HTTP 401: unauthorized.*valid, unexpired/);
    expect(result.stderr).not.toContain(wrong);
  });

  test('an unknown workspace (404)', async () => {
    const { dir, token, run } = await scene({}, (fake) => `{ organization: acme, workspace: no-such-ws, hostname: "${fake.url}" }`);
    expectOneSentence(await run(), token, dir, /found no workspace acme\/no-such-ws \(HTTP 404: not found\); check the organization and workspace names/);
  });

  test('health assessments turned off for the workspace', async () => {
    const { dir, token, run } = await scene({ workspace: { id: 'ws-SihZTyXKfNXUWuUa', name: 'networking-prod', assessmentsEnabled: false } });
    expectOneSentence(await run(), token, dir, /Health assessments are off for workspace acme\/networking-prod .*turn them on/);
  });

  test.each([['none'], ['null']] as const)('no current assessment (%s)', async (assessment) => {
    const { dir, token, run } = await scene({ assessment });
    expectOneSentence(await run(), token, dir, /no current health assessment .*turn on health assessments/);
  });

  test('an assessment that did not succeed fails closed with its error message', async () => {
    const { dir, token, run } = await scene({ assessment: 'failed' });
    expectOneSentence(await run(), token, dir, /health assessment asmtres-UG5rE9L1373hMYMA of workspace acme\/networking-prod did not succeed: Error: error configuring Terraform AWS Provider: no valid credential sources found; fix/);
  });

  test('drifted: false with a plan that has changes is refused, not guessed', async () => {
    const { dir, token, run } = await scene({ assessment: 'clean' });
    expectOneSentence(await run(), token, dir, /found no drift \(drifted: false\), but its plan has 2 change\(s\)/);
  });

  test('a truncated json-output', async () => {
    const { dir, token, run } = await scene({ plan: ASSESSMENT_PLAN.slice(0, 700) });
    expectOneSentence(await run(), token, dir, /the plan of health assessment asmtres-UG5rE9L1373hMYMA .* is not (valid|complete) JSON .*served an incomplete or wrong document/);
  });

  test('a json-output that is not a plan', async () => {
    const { dir, token, run } = await scene({ plan: JSON.stringify({ version: 4, terraform_version: '1.9.8', resources: [] }) });
    expectOneSentence(await run(), token, dir, /is not a Terraform plan|is a Terraform state file/);
  });

  test('a json-output whose connection closes halfway', async () => {
    const { dir, token, run } = await scene({ archive: 'cut' });
    expectOneSentence(await run(), token, dir, /the plan of health assessment .* could not be read from 127\.0\.0\.1:\d+ \(.*\); check the hostname/);
  });

  test('a json-output redirected to plain http elsewhere is not followed', async () => {
    const { dir, fake, token, run } = await scene({ archive: 'plain-http' });
    expectOneSentence(await run(), token, dir, /redirected the plan of health assessment .* to a location that is not https/);
    expect(fake.requests.some((request) => request.host === 'archivist')).toBe(false);
  });

  test('a workspace named without its organization is a configuration error', async () => {
    const { dir, token, run } = await scene({}, (fake) => `{ workspace: networking-prod, hostname: "${fake.url}" }`);
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/terraform_cloud.*a workspace given by name needs organization/);
    expect(result.stderr).not.toContain(token);
    expect(readdirSync(dir).filter((name) => name !== '.gitops-sync')).toEqual(['gitops-sync.yaml']);
  });

  test('a server that never answers times out', async () => {
    hostile = await silentServer();
    const { dir, token, run } = await scene({}, () => `{ organization: acme, workspace: networking-prod, hostname: "${hostile!.url}" }`);
    const started = Date.now();
    const result = await run([], { GITOPS_SYNC_API_TIMEOUT_SECONDS: '1' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expectOneSentence(result, token, dir, /did not answer for 1 s while gitops-sync read workspace acme\/networking-prod/);
  });

  test('a plain-http hostname that is not loopback is refused before any request', async () => {
    const { dir, token, run } = await scene({}, () => '{ organization: acme, workspace: networking-prod, hostname: "http://tfe.example.com" }');
    expectOneSentence(await run(), token, dir, /is not https \(plain http would send the token in the clear\)/);
  });
});

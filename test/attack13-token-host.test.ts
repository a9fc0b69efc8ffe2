import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { fakeAwx, type FakeAwx } from './support/fake-awx.js';
import { fakeTfc, type FakeTfc } from './support/fake-tfc.js';
import { tempDir } from './support/temp-dir.js';

/*
 * The config may come from the pull request under review: a host it names must not receive a CI
 * secret unless the CI environment names that host too. Here the config points at a server the
 * "attacker" runs and names a variable holding another secret as the token.
 */
const STOLEN = 'aws-secret-access-key-0123456789abcdef';

let tfc: FakeTfc | undefined;
let awx: FakeAwx | undefined;
afterEach(async () => {
  await tfc?.close();
  await awx?.close();
  tfc = awx = undefined;
});

describe('attack: a config that sends a CI secret to a host of its choosing', () => {
  test('terraform_cloud: token_env naming another secret and a hostname the CI does not name: refused, nothing sent', async () => {
    tfc = await fakeTfc({ plan: JSON.stringify({ format_version: '1.2', resource_changes: [] }) });
    const dir = tempDir('gitops-attack13-token-');
    writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    terraform_cloud: { organization: acme, workspace: w, hostname: "${tfc.url}", token_env: AWS_SECRET_ACCESS_KEY }\n`);
    const run = await cli(['drift', 'production'], { cwd: dir, env: { AWS_SECRET_ACCESS_KEY: STOLEN, TFE_HOSTNAME: '' } });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^gitops-sync: terraform_cloud\.hostname names 127\.0\.0\.1:\d+, which the CI environment does not: set TFE_HOSTNAME=127\.0\.0\.1:\d+ beside the token, .*\.$/);
    expect(run.stderr).not.toContain(STOLEN);
    expect(tfc.requests).toEqual([]);
  });

  test('terraform_cloud: the same host named by TFE_HOSTNAME is trusted', async () => {
    tfc = await fakeTfc({ plan: JSON.stringify({ format_version: '1.2', resource_changes: [] }) });
    const dir = tempDir('gitops-attack13-token-');
    writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    terraform_cloud: { organization: acme, workspace: networking-prod, hostname: "${tfc.url}" }\n`);
    const run = await cli(['drift', 'production'], { cwd: dir, env: { TFE_TOKEN: tfc.state.token, TFE_HOSTNAME: new URL(tfc.url).host } });
    expect(tfc.requests.length).toBeGreaterThan(0);
    expect(run.stderr).not.toMatch(/which the CI environment does not/);
  });

  test('awx: a url the CI does not name gets no token, whatever token_env says', async () => {
    awx = await fakeAwx({ token: STOLEN, templates: [] });
    const dir = tempDir('gitops-attack13-token-');
    writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    awx: { url: "${awx.url}", job_template: 7, token_env: AWS_SECRET_ACCESS_KEY }\n`);
    const run = await cli(['drift', 'production'], { cwd: dir, env: { AWS_SECRET_ACCESS_KEY: STOLEN, CONTROLLER_HOST: 'https://awx.example.com', TOWER_HOST: '' } });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^gitops-sync: environments\.production\.awx\.url names 127\.0\.0\.1:\d+, which the CI environment does not: set CONTROLLER_HOST=http:\/\/127\.0\.0\.1:\d+ beside AWS_SECRET_ACCESS_KEY .*\.$/);
    expect(run.stderr).not.toContain(STOLEN);
    expect(awx.requests).toEqual([]);
  });
});

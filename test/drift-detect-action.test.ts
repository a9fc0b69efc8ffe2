import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename, join, resolve } from 'node:path';
import { beforeEach, describe, expect, test } from '@jest/globals';
import { run } from '../actions/drift-detect/main.js';
import { RecordingIO } from './support/action-io.js';
import { REPO_ROOT, tofuFixture } from './support/paths.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';
import { tempDir } from './support/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-action-');
});

const SECRET = 'sup3r-secret-db-password';
/** A plan with a critical IAM change and a sensitive attribute. */
function writeCriticalPlan(): string {
  const plan = {
    format_version: '1.2',
    planned_values: {},
    resource_changes: [
      {
        address: 'aws_iam_role.deploy',
        mode: 'managed',
        type: 'aws_iam_role',
        name: 'deploy',
        change: { actions: ['update'], before: { assume_role_policy: '{}' }, after: { assume_role_policy: '{"Statement":[]}' }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
      },
      {
        address: 'aws_db_instance.main',
        mode: 'managed',
        type: 'aws_db_instance',
        name: 'main',
        change: { actions: ['update'], before: { password: 'old-password-1' }, after: { password: SECRET }, after_unknown: {}, before_sensitive: { password: true }, after_sensitive: { password: true } },
      },
    ],
  };
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
  return 'plan.json';
}

describe('drift-detect action', () => {
  test('sets outputs, writes both reports and the job summary, annotates critical changes and masks secrets', async () => {
    const io = new RecordingIO({ 'terraform-plan-json': writeCriticalPlan(), environment: 'production', 'fail-on': 'never' }, dir);
    await run(io);
    expect(io.failure).toBeUndefined();
    const reportPath = join(dir, 'gitops-sync-reports', 'drift-report-production.json');
    // Relative to the workspace, as the GitLab component's REPORT_PATH is.
    expect(io.outputs).toEqual({
      'drift-detected': 'true',
      'total-changes': '2',
      critical: '2',
      high: '0',
      medium: '0',
      low: '0',
      'report-path': join('gitops-sync-reports', 'drift-report-production.json'),
      'markdown-path': join('gitops-sync-reports', 'drift-report-production.md'),
      'plan-fingerprint': expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(JSON.parse(readFileSync(reportPath, 'utf8')).schema).toBe('gitops-sync/drift-report@1');
    expect(io.summary).toContain('Drift detected in `production`');
    expect(io.annotations).toEqual([
      { title: 'Critical drift', message: 'aws_iam_role.deploy: update (planned), critical by rule tf.identity.iam.' },
      { title: 'Critical drift', message: 'aws_db_instance.main: update (planned), critical by rule tf.secrets.attribute.' },
    ]);
    expect(io.secrets).toEqual(expect.arrayContaining([SECRET, 'old-password-1']));
    expect(io.everything()).not.toContain(SECRET);
    expect(readFileSync(reportPath, 'utf8')).not.toContain(SECRET);
  });

  test.each([
    ['never', undefined],
    ['drift', 'Failing because drift detected in production (2 change(s)) and fail-on is "drift".'],
    ['high', 'Failing because 2 critical or high change(s) in production and fail-on is "high".'],
    ['critical', 'Failing because 2 critical change(s) in production and fail-on is "critical".'],
  ])('fail-on %s', async (failOn, failure) => {
    const io = new RecordingIO({ 'terraform-plan-json': writeCriticalPlan(), environment: 'production', 'fail-on': failOn }, dir);
    await run(io);
    expect(io.failure).toBe(failure);
  });

  test('fail-on defaults to critical and passes a plan with only medium changes', async () => {
    copyFileSync(tofuFixture('multi-resource-update'), join(dir, 'plan.json'));
    const io = new RecordingIO({ 'terraform-plan-json': 'plan.json' }, dir);
    await run(io);
    expect(io.failure).toBeUndefined();
    expect(io.outputs['drift-detected']).toBe('true');
    expect(io.outputs['report-path']).toBe(join('gitops-sync-reports', 'drift-report-default.json'));
  });

  test('report-path is relative to the workspace, and absolute for an output-directory outside it', async () => {
    copyFileSync(tofuFixture('multi-resource-update'), join(dir, 'plan.json'));
    const inside = new RecordingIO({ 'terraform-plan-json': 'plan.json', 'output-directory': './reports/drift' }, dir);
    await run(inside);
    expect(inside.outputs['report-path']).toBe(join('reports', 'drift', 'drift-report-default.json'));
    expect(inside.outputs['markdown-path']).toBe(join('reports', 'drift', 'drift-report-default.md'));
    const outsideDir = join(dir, '..', `${basename(dir)}-outside`);
    try {
      const outside = new RecordingIO({ 'terraform-plan-json': 'plan.json', 'output-directory': outsideDir }, dir);
      await run(outside);
      expect(outside.outputs['report-path']).toBe(join(outsideDir, 'drift-report-default.json'));
      expect(existsSync(outside.outputs['report-path'])).toBe(true);
    } finally {
      rmSync(outsideDir, { recursive: true, force: true });
    }
  });

  test('a misspelt fail-on is refused with the allowed values', async () => {
    const io = new RecordingIO({ 'terraform-plan-json': 'plan.json', 'fail-on': 'criticl' }, dir);
    await run(io);
    expect(io.failure).toBe('Input fail-on is "criticl"; use one of never, drift, high, critical, or leave it empty for the config file\'s fail_on.');
    expect(io.outputs).toEqual({});
  });

  test('a bad plan fails with one sentence and writes no report', async () => {
    writeFileSync(join(dir, 'plan.json'), '{"format_version":"1.0","resource_changes":[');
    const io = new RecordingIO({ 'terraform-plan-json': 'plan.json' }, dir);
    await run(io);
    expect(io.failure).toMatch(/^\S+plan\.json is not complete JSON .*truncated.*\.$/);
    expect(existsSync(join(dir, 'gitops-sync-reports'))).toBe(false);
  });

  test('needs an environment when it reads the config file', async () => {
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  prod:\n    terraform: { dir: infra }\n');
    const io = new RecordingIO({}, dir);
    await run(io);
    expect(io.failure).toBe('Input environment is required with a config file; set it to one of the environments in gitops-sync.yaml.');
  });

  test('installs the requested terraform when it is not on PATH, and says so when no version is given', async () => {
    const fakeBin = join(dir, 'bin');
    mkdirSync(fakeBin);
    mkdirSync(join(dir, 'infra'));
    const io = new RecordingIO({ 'terraform-directory': 'infra', 'terraform-version': '1.11.4', 'terraform-download-url': 'http://127.0.0.1:9/terraform' }, dir, { PATH: '/nonexistent' }, async () => {
      writeFileSync(join(fakeBin, 'terraform'), '#!/bin/sh\necho "terraform $1 failed on purpose" >&2\nexit 1\n');
      chmodSync(join(fakeBin, 'terraform'), 0o755);
      return fakeBin;
    });
    await run(io);
    expect(io.installs).toEqual([{ version: '1.11.4', baseUrl: 'http://127.0.0.1:9/terraform' }]);
    expect(io.failure).toBe(`terraform init failed in ${join(dir, 'infra')} (exit 1): terraform init failed on purpose`);

    const missing = new RecordingIO({ 'terraform-directory': 'infra' }, dir, { PATH: '/nonexistent' });
    await run(missing);
    expect(missing.failure).toBe('terraform is not on PATH; add hashicorp/setup-terraform before this step or set the terraform-version input.');

    const noDir = new RecordingIO({ 'terraform-directory': 'infar' }, dir, { PATH: fakeBin });
    await run(noDir);
    expect(noDir.failure).toBe(`Terraform directory ${join(dir, 'infar')} does not exist; check terraform.dir in the config or the terraform-directory input.`);
  });
});

describeWithTerraform('drift-detect action with real terraform', () => {
  test('terraform-directory runs a real plan', async () => {
    const env = offlineTerraformEnv(dir);
    writeFiles(join(dir, 'infra'), { 'main.tf': 'resource "terraform_data" "x" { input = "a" }\n' });
    terraform(join(dir, 'infra'), env, 'init', '-input=false');
    const io = new RecordingIO({ 'terraform-directory': 'infra', environment: 'ci', 'fail-on': 'drift' }, dir, { ...process.env, ...env });
    await run(io);
    expect(io.outputs).toMatchObject({ 'drift-detected': 'true', 'total-changes': '1', medium: '1' });
    expect(io.failure).toBe('Failing because drift detected in ci (1 change(s)) and fail-on is "drift".');
    expect(io.logs).toEqual(expect.arrayContaining([`terraform plan in ${join(dir, 'infra')}`]));
  });
});

describe('the built action bundle', () => {
  test('reads INPUT_* and writes GITHUB_OUTPUT and GITHUB_STEP_SUMMARY', () => {
    copyFileSync(tofuFixture('drift'), join(dir, 'plan.json'));
    const outputFile = join(dir, 'github_output');
    const summaryFile = join(dir, 'step_summary');
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const result = spawnSync(process.execPath, [resolve(REPO_ROOT, 'dist/drift-detect/index.js')], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, GITHUB_WORKSPACE: dir, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, 'INPUT_TERRAFORM-PLAN-JSON': 'plan.json', 'INPUT_FAIL-ON': 'drift', INPUT_ENVIRONMENT: 'staging' },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('::error::Failing because drift detected in staging (3 change(s)) and fail-on is "drift".');
    const outputs = readFileSync(outputFile, 'utf8');
    expect(outputs).toMatch(/drift-detected<<ghadelimiter_[\w-]+\ntrue\n/);
    expect(outputs).toMatch(/total-changes<<ghadelimiter_[\w-]+\n3\n/);
    expect(readFileSync(summaryFile, 'utf8')).toContain('Drift detected in `staging`');
  });
});

describe('OpenTofu', () => {
  test('binary: tofu checks for tofu, not terraform, and never installs terraform for it', async () => {
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  prod:\n    terraform: { dir: infra, binary: tofu }\n');
    const io = new RecordingIO({ environment: 'prod', 'terraform-version': '1.11.4' }, dir, { PATH: '/nonexistent' });
    await run(io);
    expect(io.failure).toBe('tofu is not on PATH; add opentofu/setup-opentofu before this step.');
    expect(io.installs).toEqual([]);
  });
});

describe('fail-on from the config file', () => {
  test('without the input, the config file\'s fail_on decides', async () => {
    copyFileSync(tofuFixture('drift'), join(dir, 'plan.json'));
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'fail_on: drift\n');
    const io = new RecordingIO({ 'terraform-plan-json': 'plan.json' }, dir);
    await run(io);
    expect(io.failure).toBe('Failing because drift detected in default (3 change(s)) and fail-on is "drift".');
    const explicit = new RecordingIO({ 'terraform-plan-json': 'plan.json', 'fail-on': 'never' }, dir);
    await run(explicit);
    expect(explicit.failure).toBeUndefined();
  });
});

describe('Kubernetes inputs', () => {
  const deployment = (image: string, extra = '') =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop${extra}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;

  test('kubernetes-manifests against kubernetes-live-export', async () => {
    writeFileSync(join(dir, 'web.yaml'), deployment('web:1.1'));
    writeFileSync(join(dir, 'live.yaml'), deployment('web:1.0', '\n  uid: 1a2b\n  resourceVersion: "9"'));
    const io = new RecordingIO({ 'kubernetes-manifests': 'web.yaml', 'kubernetes-live-export': 'live.yaml', environment: 'cluster', 'fail-on': 'high' }, dir);
    await run(io);
    expect(io.outputs).toMatchObject({ 'drift-detected': 'true', 'total-changes': '1', high: '1' });
    expect(io.failure).toBe('Failing because 1 critical or high change(s) in cluster and fail-on is "high".');
    expect(io.summary).toContain('apps/v1/Deployment/shop/web');
  });

  test('flux-diff-file, and two direct inputs at once are refused', async () => {
    const golden = resolve(tofuFixture('drift'), '..', '..', '..', 'kubernetes', 'flux-diff-kustomization', 'diff-with-drifted-service.golden');
    const flux = new RecordingIO({ 'flux-diff-file': golden, 'fail-on': 'never' }, dir);
    await run(flux);
    expect(flux.failure).toBeUndefined();
    expect(Number(flux.outputs['total-changes'])).toBeGreaterThan(0);
    const both = new RecordingIO({ 'flux-diff-file': golden, 'terraform-plan-json': 'plan.json' }, dir);
    await run(both);
    expect(both.failure).toBe('Inputs terraform-plan-json and flux-diff-file were both set; set one of them, or describe the environment in the config file to check several sources together.');
  });

  test('a Kubernetes-only environment in the config never asks for terraform', async () => {
    writeFileSync(join(dir, 'web.yaml'), deployment('web:1.0'));
    writeFileSync(join(dir, 'live.yaml'), deployment('web:1.0'));
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  cluster:\n    kubernetes:\n      manifests: [web.yaml]\n      live: { export: live.yaml }\n');
    const io = new RecordingIO({ environment: 'cluster' }, dir, { PATH: '/nonexistent' });
    await run(io);
    expect(io.failure).toBeUndefined();
    expect(io.outputs['drift-detected']).toBe('false');
  });
});

describe('argocd-app', () => {
  test('needs ARGOCD_SERVER and ARGOCD_AUTH_TOKEN', async () => {
    const io = new RecordingIO({ 'argocd-app': 'shop' }, dir, { PATH: process.env.PATH });
    await run(io);
    expect(io.failure).toBe('Input argocd-app needs ARGOCD_SERVER and ARGOCD_AUTH_TOKEN in the environment (a secret for the token).');
  });

  test('masks the token and reports what the Argo CD API says', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_request, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}'));
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const { port } = server.address() as { port: number };
    try {
      const io = new RecordingIO({ 'argocd-app': 'shop' }, dir, { PATH: process.env.PATH, ARGOCD_SERVER: `http://127.0.0.1:${port}`, ARGOCD_AUTH_TOKEN: 'tok-secret-value' });
      await run(io);
      expect(io.failure).toBeUndefined();
      expect(io.secrets).toContain('tok-secret-value');
      expect(io.outputs['drift-detected']).toBe('false');
    } finally {
      server.close();
    }
  });
});

describe('Helm', () => {
  test('an environment that renders a chart asks for helm when it is missing', async () => {
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  shop:\n    kubernetes:\n      helm: { chart: chart, release: web }\n      live: { export: live.yaml }\n');
    const io = new RecordingIO({ environment: 'shop' }, dir, { PATH: '/nonexistent' });
    await run(io);
    expect(io.failure).toBe('helm is not on PATH; add azure/setup-helm before this step or set the helm-version input.');
    const withVersion = new RecordingIO({ environment: 'shop', 'helm-version': '3.16.2' }, dir, { PATH: '/nonexistent' });
    await run(withVersion);
    expect(withVersion.helmInstalls).toEqual([{ version: '3.16.2' }]);
  });
});

describe('drift-detect action: monitoring inputs', () => {
  test('notify with a state file: the first run alerts on the critical change, the next stays quiet and the drift ages', async () => {
    const plan = writeCriticalPlan();
    const inputs = { 'terraform-plan-json': plan, environment: 'production', 'fail-on': 'never', notify: 'true', 'state-file': 'state.json', 'metrics-file': 'drift.prom' };
    const first = new RecordingIO(inputs, dir, { ...process.env, GITHUB_ACTIONS: '' });
    await run(first);
    expect(first.failure).toBeUndefined();
    expect(first.outputs).toMatchObject({ alert: 'trigger', 'drift-age-seconds': '0' });
    expect(first.warnings).toEqual([]);
    const second = new RecordingIO(inputs, dir, { ...process.env, GITHUB_ACTIONS: '' });
    await run(second);
    expect(second.outputs.alert).toBe('none');
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).history).toHaveLength(2);
    expect(readFileSync(join(dir, 'drift.prom'), 'utf8')).toContain('gitops_drift_changes{environment="production",severity="critical"} 2');
  });

  test('a bad pr-comment or notify value fails the step with one sentence naming the input', async () => {
    const io = new RecordingIO({ 'terraform-plan-json': writeCriticalPlan(), 'pr-comment': 'sometimes' }, dir);
    await run(io);
    expect(io.failure).toMatch(/^Input pr-comment is invalid \("sometimes"\)/);
    const notify = new RecordingIO({ 'terraform-plan-json': writeCriticalPlan(), notify: 'yes' }, dir);
    await run(notify);
    expect(notify.failure).toMatch(/^Input notify is invalid \("yes"\)/);
  });

  test('a URL input that does not parse is named, not quoted: the password in it stays out of the log', async () => {
    const io = new RecordingIO({ 'terraform-plan-json': writeCriticalPlan(), 'pushgateway-url': 'https://bot:s3cret@[push.example.com' }, dir);
    await run(io);
    expect(io.failure).toMatch(/^Input pushgateway-url is invalid: /);
    expect(JSON.stringify([io.failure, io.logs, io.summary, io.outputs])).not.toContain('s3cret');
  });
});

/**
 * gitops-sync drift against the real terraform binary, offline with the local backend: planned
 * changes on built-in terraform_data resources, and real out-of-band drift through the test-only
 * jsonfile provider (test/tf-provider/).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';
import { installJsonFileProvider } from './tf-provider/install.js';

const SECRET = 'pa55-hunter2-do-not-leak';
const NEW_SECRET = 'rotated-s3cret-value-xyz';

const CONFIG = `environments:
  test:
    terraform:
      dir: infra
`;

const variables = `
variable "db_password" {
  type      = string
  sensitive = true
}
variable "db_version" { default = "15" }
variable "replicas" { default = 2 }
`;

const v1 = `${variables}
resource "terraform_data" "app" {
  input = { replicas = var.replicas, image = "registry.example.com/app:1.0" }
}
resource "terraform_data" "db" {
  input            = { password = var.db_password, engine = "postgres" }
  triggers_replace = [var.db_version]
}
resource "terraform_data" "cache" {
  input = "redis"
}
output "endpoint" { value = "https://app.example.com" }
output "db_password" {
  value     = var.db_password
  sensitive = true
}
`;

/** v2: app updated, db replaced (new version) with a rotated password, cache removed, queue created. */
const v2 = `${variables}
resource "terraform_data" "app" {
  input = { replicas = 5, image = "registry.example.com/app:1.1" }
}
resource "terraform_data" "db" {
  input            = { password = var.db_password, engine = "postgres" }
  triggers_replace = ["16"]
}
resource "terraform_data" "queue" {
  input = "sqs"
}
output "endpoint" { value = "https://app.example.com" }
output "db_password" {
  value     = var.db_password
  sensitive = true
}
`;

describeWithTerraform('drift with real terraform (terraform_data)', () => {
  let root: string;
  let env: Record<string, string>;
  const infra = () => join(root, 'infra');

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gitops-sync-tf-'));
    env = { ...offlineTerraformEnv(root), TF_VAR_db_password: SECRET };
    writeFiles(root, { 'gitops-sync.yaml': CONFIG });
    writeFiles(infra(), { 'main.tf': v1 });
    terraform(infra(), env, 'init', '-input=false');
    terraform(infra(), env, 'apply', '-auto-approve', '-input=false');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('no changes: exit 0 and "No drift"', async () => {
    const run = await cli(['drift', 'test'], { cwd: root, env });
    expect(run.stderr).toContain('gitops-sync: terraform plan in');
    expect(run).toMatchObject({ code: 0, stdout: 'No drift in test (terraform-plan).\n' });
  });

  test('create, update, replace and delete are reported with fields, and no secret appears anywhere', async () => {
    writeFiles(infra(), { 'main.tf': v2 });
    const changedEnv = { ...env, TF_VAR_db_password: NEW_SECRET };
    const json = await cli(['drift', 'test', '--format', 'json'], { cwd: root, env: changedEnv });
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as DriftReport;
    const byAddress = Object.fromEntries(report.changes.map((change) => [change.address, change]));
    expect(Object.fromEntries(report.changes.map((c) => [c.address, c.action]))).toEqual({
      'terraform_data.app': 'update',
      'terraform_data.db': 'replace',
      'terraform_data.cache': 'delete',
      'terraform_data.queue': 'create',
    });
    expect(byAddress['terraform_data.app'].fields).toEqual(
      expect.arrayContaining([
        { path: '/input/replicas', before: 2, after: 5, sensitive: false },
        { path: '/input/image', before: 'registry.example.com/app:1.0', after: 'registry.example.com/app:1.1', sensitive: false },
      ]),
    );
    expect(byAddress['terraform_data.db'].fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '/triggers_replace/0', before: '15', after: '16', forces_replacement: true })]),
    );
    expect(byAddress['terraform_data.db'].fields).toEqual(expect.arrayContaining([expect.objectContaining({ sensitive: true, after: '(sensitive)' })]));
    expect(report.changes.every((change) => change.origin === 'planned')).toBe(true);
    // By priority; the deletion comes after the other changes of its priority.
    const order = ['immediate', 'high', 'normal', 'low'];
    expect(report.remediation_plan.map((step) => order.indexOf(step.priority))).toEqual(report.remediation_plan.map((step) => order.indexOf(step.priority)).sort());
    const deletion = report.remediation_plan.findIndex((step) => step.changes.includes('terraform_data.cache'));
    expect(report.remediation_plan.slice(deletion + 1).every((step) => step.priority !== report.remediation_plan[deletion].priority)).toBe(true);

    const markdownFile = join(root, 'out', 'report.md');
    const markdown = await cli(['drift', 'test', '--format', 'markdown', '--output', markdownFile, '--verbose'], { cwd: root, env: changedEnv });
    const table = await cli(['drift', 'test'], { cwd: root, env: changedEnv });
    for (const text of [json.stdout, json.stderr, markdown.stdout, markdown.stderr, readFileSync(markdownFile, 'utf8'), table.stdout, table.stderr]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(NEW_SECRET);
    }
    expect(readFileSync(markdownFile, 'utf8')).toContain('## 🔴 Drift detected in `test`');
    expect(byAddress['terraform_data.db']).toMatchObject({ severity: 'critical', rule: 'tf.secrets.attribute' });
  });

  test('--drift-check-only ignores changes that are only in the code', async () => {
    const run = await cli(['drift', 'test', '--drift-check-only', '--format', 'json'], { cwd: root, env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).total_changes).toBe(0);
  });

  test('--dry-run prints the terraform commands and runs nothing', async () => {
    const run = await cli(['drift', 'test', '--dry-run'], { cwd: root, env: { PATH: '/nonexistent' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('terraform plan -input=false -lock=false -detailed-exitcode -no-color -out=<plan file>');
  });

  test('--environments runs several and writes one report each plus a summary', async () => {
    writeFiles(root, { 'gitops-sync.yaml': `${CONFIG}  copy:\n    terraform:\n      dir: infra\n` });
    const run = await cli(['drift', '--environments', 'test,copy', '--parallel', '--output-dir', 'reports'], { cwd: root, env });
    expect(run.code).toBe(2);
    for (const name of ['drift-report-test.json', 'drift-report-copy.json', 'drift-report-test.md', 'summary.md']) expect(existsSync(join(root, 'reports', name))).toBe(true);
    expect(readFileSync(join(root, 'reports', 'summary.md'), 'utf8')).toMatch(/\| copy \| drift \| 4 \|/);
    writeFiles(root, { 'gitops-sync.yaml': CONFIG });
  });

  test('terraform exiting 1 is one sentence naming the step and folder, exit 1, no report written', async () => {
    writeFiles(infra(), { 'broken.tf': 'resource "terraform_data" "x" { input = undefined_thing }\n' });
    const output = join(root, 'broken-report.json');
    const run = await cli(['drift', 'test', '--output', output], { cwd: root, env });
    unlinkSync(join(infra(), 'broken.tf'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^gitops-sync: terraform plan failed in ${infra()} \\(exit 1\\): .*\\n$`, 'm'));
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(output)).toBe(false);
  });

  test('terraform missing from PATH', async () => {
    const run = await cli(['drift', 'test'], { cwd: root, env: { ...env, PATH: '/nonexistent' } });
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr.split('\n').at(-2)).toBe('gitops-sync: terraform is not installed or not on PATH; install it (or, in the drift-detect action, set terraform-version) and run again.');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describeWithTerraform('output-only changes with real terraform', () => {
  test('a changed output is reported but is not drift by default', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gitops-sync-out-'));
    const env = offlineTerraformEnv(root);
    writeFiles(root, { 'gitops-sync.yaml': CONFIG });
    writeFiles(join(root, 'infra'), { 'main.tf': 'output "endpoint" { value = "v1" }\nresource "terraform_data" "x" { input = 1 }\n' });
    terraform(join(root, 'infra'), env, 'init', '-input=false');
    terraform(join(root, 'infra'), env, 'apply', '-auto-approve', '-input=false');
    writeFiles(join(root, 'infra'), { 'main.tf': 'output "endpoint" { value = "v2" }\nresource "terraform_data" "x" { input = 1 }\n' });
    const run = await cli(['drift', 'test', '--format', 'json'], { cwd: root, env });
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(run.code).toBe(0);
    expect(report).toMatchObject({ drift_detected: false, total_changes: 0, output_changes: [{ name: 'endpoint', action: 'update', before: 'v1', after: 'v2', sensitive: false }] });
    writeFiles(root, { 'gitops-sync.yaml': `${CONFIG}report:\n  output_changes_are_drift: true\n` });
    expect((await cli(['drift', 'test'], { cwd: root, env })).code).toBe(2);
    rmSync(root, { recursive: true, force: true });
  });
});

describeWithTerraform('out-of-band drift with real terraform (jsonfile test provider)', () => {
  test('a file edited or deleted behind Terraform\'s back is drift with origin "outside"', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gitops-sync-oob-'));
    const objects = join(root, 'objects');
    const env = installJsonFileProvider(root).env;
    writeFiles(root, { 'gitops-sync.yaml': CONFIG });
    writeFiles(join(root, 'infra'), {
      'main.tf': `terraform {
  required_providers {
    jsonfile = { source = "gitops-sync/jsonfile", version = "0.1.0" }
  }
}
provider "jsonfile" { directory = ${JSON.stringify(objects)} }
resource "jsonfile_object" "app" {
  name    = "app"
  content = { replicas = "2", log_level = "info" }
}
resource "jsonfile_object" "db" {
  name   = "db"
  secret = "${SECRET}"
}
`,
    });
    terraform(join(root, 'infra'), env, 'init', '-input=false');
    terraform(join(root, 'infra'), env, 'apply', '-auto-approve', '-input=false');
    expect((await cli(['drift', 'test'], { cwd: root, env })).code).toBe(0);

    const appFile = join(objects, 'app.json');
    const app = JSON.parse(readFileSync(appFile, 'utf8'));
    writeFileSync(appFile, JSON.stringify({ ...app, content: { ...app.content, replicas: '7' } }));
    unlinkSync(join(objects, 'db.json'));

    const run = await cli(['drift', 'test', '--format', 'json', '--drift-check-only'], { cwd: root, env });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.changes.map((c) => [c.origin, c.address, c.action])).toEqual([
      ['outside', 'jsonfile_object.app', 'update'],
      ['outside', 'jsonfile_object.db', 'delete'],
    ]);
    expect(report.changes[0].fields).toEqual([{ path: '/content/replicas', before: '2', after: '7', sensitive: false }]);
    expect(report.changes[1].fields).toContainEqual({ path: '/secret', before: '(sensitive)', after: null, sensitive: true });
    expect(run.stdout).not.toContain(SECRET);

    const full = JSON.parse((await cli(['drift', 'test', '--format', 'json'], { cwd: root, env })).stdout) as DriftReport;
    expect(full.changes.map((c) => `${c.origin} ${c.address} ${c.action}`)).toEqual([
      'outside jsonfile_object.app update',
      'outside jsonfile_object.db delete',
      'planned jsonfile_object.app update',
      'planned jsonfile_object.db create',
    ]);
    expect(full.total_changes).toBe(4);
    rmSync(root, { recursive: true, force: true });
  });
});

describeWithTerraform('an unchanged secret in a replaced resource (real terraform)', () => {
  test('the unmarked copy Terraform writes into terraform_data.output is masked', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gitops-sync-same-secret-'));
    const env = { ...offlineTerraformEnv(root), TF_VAR_secret: SECRET };
    const main = (trigger: string) =>
      `variable "secret" {\n  type      = string\n  sensitive = true\n}\nresource "terraform_data" "db" {\n  input            = var.secret\n  triggers_replace = ["${trigger}"]\n}\n`;
    writeFiles(root, { 'gitops-sync.yaml': CONFIG });
    writeFiles(join(root, 'infra'), { 'main.tf': main('a') });
    terraform(join(root, 'infra'), env, 'init', '-input=false');
    terraform(join(root, 'infra'), env, 'apply', '-auto-approve', '-input=false');
    writeFiles(join(root, 'infra'), { 'main.tf': main('b') });
    for (const format of ['json', 'markdown', 'table']) {
      const run = await cli(['drift', 'test', '--format', format], { cwd: root, env });
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).not.toContain(SECRET);
    }
    rmSync(root, { recursive: true, force: true });
  });
});

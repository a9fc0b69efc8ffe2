/**
 * Two environments on one Terraform folder, told apart by their workspace and tfvars, checked in
 * parallel with the real terraform (local backend, offline). Each must plan in its own workspace:
 * a shared `.terraform` (the selected workspace lives there) made them plan in each other's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { TerraformEnvironment, type DriftReport } from '@gitops-sync/core';
import { nodeExec, silentProgress, syncTerraform } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';

const CONFIG = `environments:
  a:
    terraform: { dir: infra, workspace: a, var_files: [a.tfvars] }
  b:
    terraform: { dir: infra, workspace: b, var_files: [b.tfvars] }
`;

const MAIN = `
variable "name" {}
resource "terraform_data" "app" { input = var.name }
resource "terraform_data" "only_in_b" {
  count = terraform.workspace == "b" ? 1 : 0
  input = terraform.workspace
}
`;

describeWithTerraform('environments sharing a Terraform folder', () => {
  let root: string;
  let env: Record<string, string>;
  const infra = () => join(root, 'infra');

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gitops-sync-tf-ws-'));
    env = offlineTerraformEnv(root);
    writeFiles(root, { 'gitops-sync.yaml': CONFIG });
    writeFiles(infra(), { 'main.tf': MAIN, 'a.tfvars': 'name = "a-old"\n', 'b.tfvars': 'name = "b-new"\n' });
    // Workspace a has state (app = a-old) and will plan an update; b has none and plans two creates.
    terraform(infra(), env, 'init', '-input=false');
    terraform(infra(), env, 'workspace', 'new', 'a');
    terraform(infra(), env, 'apply', '-auto-approve', '-input=false', '-var-file=a.tfvars');
    terraform(infra(), env, 'workspace', 'new', 'b');
    writeFiles(infra(), { 'a.tfvars': 'name = "a-new"\n' });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('drift --environments a,b --parallel: each report has its own workspace\'s changes, every time', async () => {
    for (let round = 1; round <= 4; round++) {
      const run = await cli(['drift', '--environments', 'a,b', '--parallel', '--output-dir', `reports-${round}`], { cwd: root, env });
      expect(run.code).toBe(2);
      const report = (name: string) => JSON.parse(readFileSync(join(root, `reports-${round}`, `drift-report-${name}.json`), 'utf8')) as DriftReport;
      const a = report('a');
      const b = report('b');
      expect(a.changes.map((change) => [change.address, change.action])).toEqual([['terraform_data.app', 'update']]);
      expect(a.changes[0].fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/input', before: 'a-old', after: 'a-new' })]));
      expect(b.changes.map((change) => [change.address, change.action]).sort()).toEqual([
        ['terraform_data.app', 'create'],
        ['terraform_data.only_in_b[0]', 'create'],
      ]);
    }
  });

  test('two syncs at once on the shared folder each apply their own plan in their own workspace', async () => {
    const dir = join(root, 'sync-infra');
    writeFiles(dir, { 'main.tf': MAIN, 'a.tfvars': 'name = "a-synced"\n', 'b.tfvars': 'name = "b-synced"\n' });
    terraform(dir, env, 'init', '-input=false');
    for (const workspace of ['a', 'b']) terraform(dir, env, 'workspace', 'new', workspace);
    const ctx = { exec: nodeExec, progress: silentProgress, clock: { now: () => new Date() }, env: { ...process.env, ...env } };
    const sync = (name: 'a' | 'b') => {
      const { dir: _dir, ...settings } = TerraformEnvironment.parse({ dir: 'sync-infra', workspace: name, var_files: [`${name}.tfvars`] });
      return syncTerraform({ environment: name, dir, settings, backupDir: join(root, 'backups', name), dryRun: false, lockTimeout: '10s' }, ctx);
    };
    const outcomes = await Promise.all([sync('a'), sync('b')]);
    expect(outcomes.map((outcome) => [outcome.environment, outcome.applied])).toEqual([['a', true], ['b', true]]);
    const stateOf = (workspace: string) => {
      const state = JSON.parse(readFileSync(join(dir, 'terraform.tfstate.d', workspace, 'terraform.tfstate'), 'utf8')) as { resources: { name: string; instances: { attributes: { input: { value: string } } }[] }[] };
      return state.resources.map((resource) => [resource.name, resource.instances.map((instance) => instance.attributes.input.value)]);
    };
    expect(stateOf('a')).toEqual([['app', ['a-synced']]]);
    expect(stateOf('b')).toEqual([['app', ['b-synced']], ['only_in_b', ['b']]]);
  });
});


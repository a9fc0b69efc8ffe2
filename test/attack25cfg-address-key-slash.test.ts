/**
 * An address glob such as `module.payments.*` (the README's own shape) makes everything in the module
 * critical. A Terraform instance key is the author's text and may hold a `/` (a file path, a CIDR):
 * `*` stopping there let `module.payments.terraform_data.file["config/app.json"]` escape the rule.
 * Real terraform makes the plan.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { analyzePlanFile } from '@gitops-sync/engine';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';
import { tempDir } from './support/temp-dir.js';

const CONFIG = `severity:
  rules:
    - id: acme.payments
      severity: critical
      match: { source: terraform-plan, address: 'module.payments.*' }
`;

const payments = (value: string) => `resource "terraform_data" "file" {
  for_each = toset(["config/app.json", "plain"])
  input    = "${value}"
}
`;

describeWithTerraform('an address glob and instance keys with a slash', () => {
  test('every instance of the module is judged by the rule, whatever its key holds', async () => {
    const dir = tempDir('gitops-sync-attack25cfg-');
    const env = offlineTerraformEnv(dir);
    writeFiles(dir, { 'main.tf': 'module "payments" {\n  source = "./payments"\n}\n' });
    writeFiles(join(dir, 'payments'), { 'main.tf': payments('v1') });
    terraform(dir, env, 'init', '-input=false');
    terraform(dir, env, 'apply', '-input=false', '-auto-approve');
    writeFileSync(join(dir, 'payments', 'main.tf'), payments('v2'));
    terraform(dir, env, 'plan', '-input=false', '-out=tfplan');
    writeFileSync(join(dir, 'plan.json'), terraform(dir, env, 'show', '-json', 'tfplan'));

    const report = await analyzePlanFile({ planPath: join(dir, 'plan.json'), environment: 'staging', config: parseConfig(CONFIG, 'gitops-sync.yaml'), fingerprint: false }, {});
    expect(report.changes.map((change) => [change.address, change.severity, change.rule])).toEqual([
      ['module.payments.terraform_data.file["config/app.json"]', 'critical', 'acme.payments'],
      ['module.payments.terraform_data.file["plain"]', 'critical', 'acme.payments'],
    ]);
  }, 120_000);

  test('a resource moved out of the module in the same change is judged by the rule too', async () => {
    const dir = tempDir('gitops-sync-attack25cfg-');
    const env = offlineTerraformEnv(dir);
    writeFiles(dir, { 'main.tf': 'module "payments" {\n  source = "./payments"\n}\n' });
    writeFiles(join(dir, 'payments'), { 'main.tf': 'resource "terraform_data" "api" {\n  input = "v1"\n}\n' });
    terraform(dir, env, 'init', '-input=false');
    terraform(dir, env, 'apply', '-input=false', '-auto-approve');
    // The change takes the resource out of module.payments and changes it.
    writeFiles(dir, { 'main.tf': 'resource "terraform_data" "api" {\n  input = "v2"\n}\nmoved {\n  from = module.payments.terraform_data.api\n  to   = terraform_data.api\n}\n' });
    writeFileSync(join(dir, 'payments', 'main.tf'), '');
    terraform(dir, env, 'plan', '-input=false', '-out=tfplan');
    writeFileSync(join(dir, 'plan.json'), terraform(dir, env, 'show', '-json', 'tfplan'));

    const report = await analyzePlanFile({ planPath: join(dir, 'plan.json'), environment: 'staging', config: parseConfig(CONFIG, 'gitops-sync.yaml'), fingerprint: false }, {});
    expect(report.changes.map((change) => [change.address, change.previous_address, change.severity, change.rule])).toEqual([
      ['terraform_data.api', 'module.payments.terraform_data.api', 'critical', 'acme.payments'],
    ]);
  }, 120_000);
});

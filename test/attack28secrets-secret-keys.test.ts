/**
 * Found by attack28secrets: a secret Terraform copies unmarked (terraform_data's `output`) can become
 * a key: a `for_each` instance key (once the secret is applied, e.g. with -target, Terraform plans it)
 * or a map key. Values holding it were masked, but the resource address and the field path carried
 * the password into every report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';

const STACK = `
variable "db_password" {
  type      = string
  sensitive = true
  default   = "Zq8/hunter2~Xk41"
}
variable "suffix" {
  default = "1"
}
resource "terraform_data" "secret" {
  input = var.db_password
}
resource "terraform_data" "per_key" {
  for_each = toset([terraform_data.secret.output])
  input    = "x\${var.suffix}"
}
resource "terraform_data" "keyed" {
  input = { (terraform_data.secret.output) = var.suffix }
}
`;

let dir: string;
beforeAll(() => {
  dir = tempDir('gitops-sync-attack28-keys-');
  const env = offlineTerraformEnv(dir);
  writeFiles(dir, { 'main.tf': STACK });
  terraform(dir, env, 'init', '-input=false');
  terraform(dir, env, 'apply', '-target=terraform_data.secret', '-auto-approve', '-input=false');
  terraform(dir, env, 'apply', '-auto-approve', '-input=false');
  terraform(dir, env, 'plan', '-var', 'suffix=2', '-out=plan.bin', '-input=false');
  writeFiles(dir, { 'plan.json': terraform(dir, env, 'show', '-json', 'plan.bin') });
  expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toContain('"address":"terraform_data.per_key[\\"Zq8/hunter2~Xk41\\"]"');
}, 120_000);

describeWithTerraform('a secret used as a key', () => {
  test('is (sensitive) in the resource address and in the field path, and the change is still reported', async () => {
    const run = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { affected_resources: string[]; changes: { address: string; fields: { path: string; before: unknown; after: unknown }[] }[] };
    expect(report.affected_resources).toEqual(['terraform_data.keyed', 'terraform_data.per_key["(sensitive)"]']);
    expect(report.changes.map(({ address, fields }) => ({ address, fields: fields.map(({ path, before, after }) => ({ path, before, after })) }))).toEqual([
      { address: 'terraform_data.keyed', fields: [{ path: '/input/(sensitive)', before: '1', after: '2' }] },
      { address: 'terraform_data.per_key["(sensitive)"]', fields: [{ path: '/input', before: 'x1', after: 'x2' }] },
    ]);
  });

  test('appears in no report format, nor in a report written to a file', async () => {
    const forms = ['hunter2', 'Zq8~1hunter2'];
    for (const format of ['json', 'markdown', 'table']) {
      const run = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', format], { cwd: dir });
      expect(run.code).toBe(2);
      for (const form of forms) expect(`${run.stdout}${run.stderr}`).not.toContain(form);
    }
    const streamed = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', 'json', '--output', 'report.json'], { cwd: dir });
    expect(streamed.code).toBe(2);
    for (const form of forms) expect(readFileSync(join(dir, 'report.json'), 'utf8')).not.toContain(form);
  });
});

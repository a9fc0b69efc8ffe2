/**
 * Found by attack28secrets: Terraform marks a sensitive variable's value, but terraform_data's
 * `output` copies it unmarked, and anything built from that output (a connection string, a
 * jsonencode'd policy, a base64encode'd or urlencode'd value) carries the secret unmarked inside a
 * longer string. Only exact copies were masked: the report showed the password inside those strings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';

const SECRET = 'Zq8/hunter2+Xk&41';

const stack = (suffix: string) => `
variable "db_password" {
  type      = string
  sensitive = true
  default   = "${SECRET}"
}
resource "terraform_data" "secret" {
  input = var.db_password
}
resource "terraform_data" "conn" {
  input = "postgres://app:\${terraform_data.secret.output}@db${suffix}:5432/app"
}
resource "terraform_data" "policy" {
  input = jsonencode({ Statement = [{ Sid = "s${suffix}", Condition = { pw = terraform_data.secret.output } }] })
}
resource "terraform_data" "b64" {
  input = base64encode("${suffix}\${terraform_data.secret.output}")
}
resource "terraform_data" "url" {
  input = "https://example.test/?s=${suffix}&p=\${urlencode(terraform_data.secret.output)}"
}
`;

let dir: string;
beforeAll(() => {
  dir = tempDir('gitops-sync-attack28-embedded-');
  const env = offlineTerraformEnv(dir);
  writeFiles(dir, { 'main.tf': stack('1') });
  terraform(dir, env, 'init', '-input=false');
  terraform(dir, env, 'apply', '-auto-approve', '-input=false');
  writeFiles(dir, { 'main.tf': stack('22') });
  terraform(dir, env, 'plan', '-out=plan.bin', '-input=false');
  writeFiles(dir, { 'plan.json': terraform(dir, env, 'show', '-json', 'plan.bin') });
  // The plan really carries the secret unmarked inside longer strings.
  expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toContain('postgres://app:Zq8/hunter2+Xk\\u002641@db22');
}, 120_000);

describeWithTerraform('a secret copied unmarked into a longer string', () => {
  test('is (sensitive) in the report, whether plain, inside JSON, base64- or URL-encoded', async () => {
    const run = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { changes: { address: string; fields: { path: string; before: unknown; after: unknown; sensitive: boolean }[] }[] };
    for (const address of ['terraform_data.conn', 'terraform_data.policy', 'terraform_data.b64', 'terraform_data.url']) {
      const input = report.changes.find((change) => change.address === address)!.fields.find((field) => field.path === '/input');
      expect({ address, ...input }).toEqual({ address, path: '/input', before: '(sensitive)', after: '(sensitive)', sensitive: true });
    }
  });

  test('appears in no report format, nor in a report written to a file', async () => {
    const encoded = ['hunter2', 'Xk\\u002641', encodeURIComponent(SECRET), Buffer.from(`1${SECRET}`).toString('base64'), Buffer.from(`22${SECRET}`).toString('base64')];
    for (const format of ['json', 'markdown', 'table']) {
      const run = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', format], { cwd: dir });
      expect(run.code).toBe(2);
      for (const form of encoded) expect(`${run.stdout}${run.stderr}`).not.toContain(form);
    }
    const streamed = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', 'json', '--output', 'report.json'], { cwd: dir });
    expect(streamed.code).toBe(2);
    const written = readFileSync(join(dir, 'report.json'), 'utf8');
    for (const form of encoded) expect(written).not.toContain(form);
  });
});

/**
 * Found by attack28secrets: a value decrypted from a SOPS var file was masked in the report only where
 * it appeared as is. Terraform's base64encode of it (a user_data, a Secret-like blob in a non-sensitive
 * variable) went into the report, readable by anyone with `base64 -d`.
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from '@jest/globals';
import type { DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { ageKeyPair, sopsEncrypt } from './support/sops.js';
import { describeWithTerraform, offlineTerraformEnv, writeFiles } from './support/terraform.js';
import { tempDir } from './support/temp-dir.js';

const TOKEN = 'tok-3c9e1f-sops-encoded-token';
const encoded = [Buffer.from(TOKEN).toString('base64'), Buffer.from(`#!/bin/sh\nexport TOKEN=${TOKEN}\n`).toString('base64')];

let age: { identity: string; recipient: string };
beforeAll(async () => {
  age = await ageKeyPair();
});

describeWithTerraform('a value from a SOPS var file, base64-encoded by Terraform', () => {
  test('is (sensitive) in the report, and in no output', async () => {
    const dir = tempDir('gitops-sync-attack28-sops-');
    writeFiles(dir, { 'gitops-sync.yaml': 'environments:\n  prod:\n    terraform:\n      dir: infra\n      var_files: [secrets.tfvars.json]\n' });
    writeFiles(join(dir, 'infra'), {
      'main.tf': [
        'variable "api_token" { type = string }',
        'resource "terraform_data" "token" {\n  input = base64encode(var.api_token)\n}',
        'resource "terraform_data" "user_data" {\n  input = base64encode("#!/bin/sh\\nexport TOKEN=${var.api_token}\\n")\n}',
        '',
      ].join('\n'),
      'secrets.tfvars.json': await sopsEncrypt({ api_token: TOKEN }, { format: 'json', age: [age.recipient] }),
    });
    const scratchBefore = readdirSync(tmpdir());
    const run = await cli(['drift', 'prod', '--format', 'json'], { cwd: dir, env: { ...offlineTerraformEnv(tempDir('tf-cli-config-')), SOPS_AGE_KEY: age.identity } });
    expect(run.code).toBe(2);
    for (const form of [TOKEN, ...encoded]) expect(`${run.stdout}${run.stderr}`).not.toContain(form);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.changes.map(({ address, fields }) => ({ address, input: fields.find((field) => field.path === '/input')?.after }))).toEqual([
      { address: 'terraform_data.token', input: '(sensitive)' },
      { address: 'terraform_data.user_data', input: '(sensitive)' },
    ]);
    // This process's scratch folders (named by its id): another Jest worker may be decrypting meanwhile.
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith(`gitops-sync-sops-${process.pid}-`) && !scratchBefore.includes(name))).toEqual([]);
  });
});

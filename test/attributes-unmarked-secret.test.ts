/**
 * Found by a review (attack18): the unchanged attributes severity rules read (an SSM parameter's
 * `/name`, `/type`) are part of the report, and were not scrubbed of unmarked copies of a secret the
 * way fields and outputs are (terraform_data copies a sensitive input into its unmarked output).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { parseTerraformPlan } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

const SECRET = 'prod/alice-db-password-7781';

const entry = (address: string, change: Record<string, unknown>) => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  name: address.split('.')[1],
  provider_name: address.startsWith('terraform_data') ? 'terraform.io/builtin/terraform' : 'registry.terraform.io/hashicorp/aws',
  change: { after_unknown: {}, before_sensitive: {}, after_sensitive: {}, ...change },
});

const plan = JSON.stringify({
  format_version: '1.2',
  terraform_version: '1.9.0',
  resource_changes: [
    entry('terraform_data.source', { actions: ['no-op'], before: { input: SECRET, output: SECRET }, after: { input: SECRET, output: SECRET }, before_sensitive: { input: true }, after_sensitive: { input: true } }),
    entry('aws_ssm_parameter.p', { actions: ['update'], before: { name: SECRET, type: 'String', value: 'a' }, after: { name: SECRET, type: 'String', value: 'b' } }),
  ],
  output_changes: {},
});

test('an attribute severity rules read, holding an unmarked copy of a secret, is (sensitive) in the report and every output', async () => {
  const change = parseTerraformPlan(plan, { label: 'plan' }).changes.find((candidate) => candidate.address === 'aws_ssm_parameter.p')!;
  expect(change.attributes).toEqual({ '/type': 'String', '/name': '(sensitive)' });
  const dir = tempDir('gitops-sync-attributes-secret-');
  writeFileSync(join(dir, 'plan.json'), plan);
  for (const format of ['json', 'markdown', 'table']) {
    const run = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', format], { cwd: dir });
    expect(run.code).toBe(2);
    expect(`${run.stdout}${run.stderr}`).not.toContain('alice-db-password');
  }
  const streamed = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', 'json', '--output', 'report.json'], { cwd: dir });
  expect(streamed.code).toBe(2);
  expect(readFileSync(join(dir, 'report.json'), 'utf8')).not.toContain('alice-db-password');
});

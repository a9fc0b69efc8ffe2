/**
 * Review s23: the scrubber reads an instance key back (terraformUnquoted) whenever it holds any of
 * QUOTING — a backslash, `$${` or `%%{` — but the streamed report re-scrubbed a line only for a
 * backslash in the address or a form of a secret in its text. A forged key that doubles one template
 * opener of a secret and not the other holds neither the secret nor its Terraform quoting, yet reads
 * back as the secret: it was masked in memory and kept in report.json. hasQuotedInstanceKey now uses
 * the scrubber's own rule.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { findsSecrets, hasQuotedInstanceKey, mayHoldSecretsInJson, parseConfig, renderJson, terraformUnquoted, unmarkedSecretScrubber, type UnjudgedChange } from '@gitops-sync/core';
import { analyzePlanFile, analyzePlanFileToJson } from '@gitops-sync/engine';
import { tempDir } from './support/temp-dir.js';

const SECRET = '${db}-pass${word}-42';
// The second `${` doubled (as Terraform writes it), the first not: neither SECRET nor terraformQuoted(SECRET) is in the key.
const KEY = '${db}-pass$${word}-42';
const PERCENT_SECRET = '%{db}-pass%{word}-42';
const PERCENT_KEY = '%{db}-pass%%{word}-42';

const changeAt = (address: string): UnjudgedChange =>
  ({ address, kind: 'aws_instance', source: 'terraform-plan', action: 'update', origin: 'planned', fields: [{ path: '/ami', before: 'a', after: 'b', sensitive: false }] }) as UnjudgedChange;

test.each([
  [SECRET, KEY],
  [PERCENT_SECRET, PERCENT_KEY],
])('the line of a change whose key %s reads back from %s is looked at again whenever the scrubber alters it', (secret, key) => {
  expect(terraformUnquoted(key)).toBe(secret);
  const secrets = new Set([secret]);
  const change = changeAt(`aws_instance.keyed[${JSON.stringify(key)}]`);
  const scrubbed = structuredClone(change);
  unmarkedSecretScrubber(findsSecrets(secrets)).change(scrubbed);
  expect(scrubbed.address).toBe('aws_instance.keyed["(sensitive)"]');
  // As analyzePlanFileToJson decides it.
  const line = Buffer.from(`    ${JSON.stringify(change)},`);
  expect(hasQuotedInstanceKey(change) || mayHoldSecretsInJson(secrets)(line, 0, line.length)).toBe(true);
});

const config = parseConfig('environments: {}\n', 'test');
const clock = { now: () => new Date('2026-03-01T12:00:00Z') };
const dir = tempDir('gitops-sync-review-s23-');

test('a secret in an instance key with only its second `${` doubled: masked in report.json as in memory', async () => {
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.0',
    resource_changes: [
      {
        address: `aws_instance.keyed[${JSON.stringify(KEY)}]`,
        mode: 'managed',
        type: 'aws_instance',
        name: 'keyed',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['create'], before: null, after: { ami: 'b' }, before_sensitive: {}, after_sensitive: {} },
      },
      {
        address: 'aws_db_instance.marked',
        mode: 'managed',
        type: 'aws_db_instance',
        name: 'marked',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['update'], before: { password: 'old-password-value' }, after: { password: SECRET }, before_sensitive: {}, after_sensitive: { password: true } },
      },
    ],
  };
  const planPath = join(dir, 'plan.json');
  writeFileSync(planPath, JSON.stringify(plan));
  const request = { planPath, environment: 'prod', config, fingerprint: false };
  const inMemory = await analyzePlanFile(request, { clock });
  expect(inMemory.changes.map((change) => change.address)).toContain('aws_instance.keyed["(sensitive)"]');
  const output = join(dir, 'report.json');
  await analyzePlanFileToJson(request, { clock }, output);
  const file = readFileSync(output, 'utf8');
  expect(file).not.toContain('-pass${word}-42');
  expect(file).toBe(renderJson(inMemory));
});

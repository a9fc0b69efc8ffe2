/**
 * Terraform writes a string instance key in an address in HCL's quoting (addrs.StringKey): a copy of a
 * secret as a `for_each` key is masked however it was quoted, and the streamed report flags the line
 * too (mayHoldSecretsInJson, or hasQuotedInstanceKey for a key with quoting in it), also where Go's Unicode
 * tables (which characters Terraform escapes) are not this Node's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { findsSecrets, hasQuotedInstanceKey, mayHoldSecretsInJson, parseConfig, renderJson, terraformQuoted, terraformUnquoted, unmarkedSecretScrubber, type UnjudgedChange } from '@gitops-sync/core';
import { analyzePlanFile, analyzePlanFileToJson } from '@gitops-sync/engine';
import { tempDir } from './support/temp-dir.js';

const changeAt = (address: string): UnjudgedChange =>
  ({ address, kind: 'terraform_data', source: 'terraform-plan', action: 'update', origin: 'planned', fields: [{ path: '/input', before: 'a', after: 'b', sensitive: false }] }) as UnjudgedChange;

/** Whether the streamed report looks at the change's line again, as analyzePlanFileToJson decides it. */
const mayHold = (secrets: Set<string>, change: UnjudgedChange) => {
  const bytes = Buffer.from(`    ${JSON.stringify(change)},`);
  return hasQuotedInstanceKey(change) || mayHoldSecretsInJson(secrets)(bytes, 0, bytes.length);
};

// Terraform (Go 1.21+: Unicode 15.0) calls U+2EBF0 (CJK Ext. I, Unicode 15.1) and U+1FAE9 (Unicode 16) unassigned,
// so not printable: it writes \U0002ebf0 / \U0001fae9. Node's RegExp knows them (process.versions.unicode).
test.each([
  ['long secret, CJK Ext I', 'tok-\u{2EBF0}-abcdefgh', 'tok-\\U0002ebf0-abcdefgh'],
  ['long secret, Unicode 16 emoji', 'key-\u{1FAE9}-material', 'key-\\U0001fae9-material'],
  ['short secret', 'pw\u{1FAE9}x1', 'pw\\U0001fae9x1'],
])('%s: the scrubber masks the instance key as Go wrote it, and the search flags its line', (_, secret, goQuoted) => {
  const secrets = new Set([secret]);
  const change = changeAt(`terraform_data.k["${goQuoted}"]`);
  const lineFlagged = mayHold(secrets, change);
  const scrubbed = structuredClone(change);
  unmarkedSecretScrubber(findsSecrets(secrets)).change(scrubbed);
  expect(scrubbed.address).not.toContain(goQuoted);
  expect(lineFlagged).toBe(true);
});

// What Go's toHCLQuotedString writes (addrs.StringKey), worked out by hand from unicode.IsPrint.
test.each([
  ['a${b', 'a$${b'],
  ['a%{b', 'a%%{b'],
  ['$${', '$$${'],
  ['$', '$'],
  ['x\u0000y', 'x\\u0000y'],
  ['\u007f', '\\u007f'],
  ['\u00a0', '\\u00a0'],
  ['\u200d', '\\u200d'],
  ['\ue000', '\\ue000'],
  ['\u{F0000}', '\\U000f0000'],
  ['\u{E0001}', '\\U000e0001'],
  ['é€😀\ufffd', 'é€😀\ufffd'],
  ['"\\\n\r\t', '\\"\\\\\\n\\r\\t'],
  ['\u0008\u000c', '\\u0008\\u000c'],
])('terraformQuoted(%j) is %j and reads back', (key, quoted) => {
  expect(terraformQuoted(key)).toBe(quoted);
  expect(terraformUnquoted(quoted)).toBe(key);
});

test('a for_each key Terraform escaped as \\U0001fae9 is masked in the streamed report as in memory', async () => {
  const dir = tempDir('gitops-sync-review-s21-');
  const secret = 'key-\u{1FAE9}-material';
  const rc = (address: string, before: unknown, after: unknown, afterSensitive: unknown = {}) => ({
    address, mode: 'managed', type: 'terraform_data', name: 'x', provider_name: 'terraform.io/builtin/terraform',
    change: { actions: ['update'], before, after, before_sensitive: {}, after_sensitive: afterSensitive },
  });
  const planJson = { format_version: '1.2', terraform_version: '1.9.0', resource_changes: [
    rc('terraform_data.keyed["key-\\U0001fae9-material"]', { input: 'a' }, { input: 'b' }),
    rc('terraform_data.marked', { input: 'old-password-value' }, { input: secret }, { input: true }),
  ] };
  const planPath = join(dir, 'plan.json');
  writeFileSync(planPath, JSON.stringify(planJson));
  const request = { planPath, environment: 'prod', config: parseConfig('environments: {}\n', 'test'), fingerprint: false };
  const clock = { now: () => new Date('2026-03-01T12:00:00Z') };
  const inMemory = await analyzePlanFile(request, { clock });
  const output = join(dir, 'report.json');
  await analyzePlanFileToJson(request, { clock }, output);
  const file = readFileSync(output, 'utf8');
  expect(renderJson(inMemory)).not.toContain('U0001fae9');
  expect(file).toBe(renderJson(inMemory));
});

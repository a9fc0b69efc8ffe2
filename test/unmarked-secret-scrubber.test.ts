/**
 * The scrubber that masks unmarked copies of a plan's secrets reads instance keys out of resource
 * addresses by hand (a plan has hundreds of thousands of addresses). It must find every key Terraform
 * writes, escaped quotes included, and change nothing in an address that holds none; and the base64
 * forms of a secret must be found at each of the three byte alignments.
 */
import { expect, test } from '@jest/globals';
import { findsSecrets, unmarkedSecretScrubber, type UnjudgedChange } from '@gitops-sync/core';

const SECRET = 'hunter2-Zq8Xk41';
const scrubber = unmarkedSecretScrubber(findsSecrets(new Set([SECRET])));
const scrubbed = (address: string) => {
  const change = { address, fields: [], attributes: {} } as unknown as UnjudgedChange;
  scrubber.change(change);
  return change.address;
};

test('a secret in any instance key of an address is masked, escaped quotes and all', () => {
  expect(scrubbed(`module.app["api"].terraform_data.x["${SECRET}"]`)).toBe('module.app["api"].terraform_data.x["(sensitive)"]');
  expect(scrubbed(`terraform_data.x["a\\"b ${SECRET}"]`)).toBe('terraform_data.x["(sensitive)"]');
  expect(scrubbed(`module.m["${SECRET}"].aws_s3_bucket.b["logs"]`)).toBe('module.m["(sensitive)"].aws_s3_bucket.b["logs"]');
});

test('an address without a secret is returned unchanged, however its brackets look', () => {
  for (const address of ['module.app["api"].aws_iam_role.task', 'aws_s3_bucket.b[3]', 'x["unclosed', 'x["a\\\\"]', `x["${SECRET.slice(0, 7)}"]`]) {
    expect(scrubbed(address)).toBe(address);
  }
});

test('the base64 of a secret is found wherever it starts in the encoded bytes', () => {
  const holds = findsSecrets(new Set([SECRET]));
  for (const prefix of ['', 'a', 'ab', 'abc']) expect(holds(Buffer.from(`${prefix}${SECRET}!`).toString('base64'))).toBe(true);
  expect(holds(Buffer.from('nothing secret in here at all').toString('base64'))).toBe(false);
});

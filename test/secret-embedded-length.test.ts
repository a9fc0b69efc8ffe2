/**
 * A secret Terraform copies unmarked is masked wherever it is built into a longer string, but only
 * when it is long enough to mean something there: a short sensitive value ("admin") inside names and
 * ARNs would mask, and make critical, half a report. Shorter ones are masked as whole values only.
 */
import { expect, test } from '@jest/globals';
import { findsSecrets } from '@gitops-sync/core';

test('a secret of 8 characters or more is found inside a longer string, in its encodings too', () => {
  const holds = findsSecrets(new Set(['hunter2-Zq8Xk41']));
  expect(holds('postgres://app:hunter2-Zq8Xk41@db:5432/app')).toBe(true);
  expect(holds(Buffer.from('password=hunter2-Zq8Xk41\n').toString('base64'))).toBe(true);
  expect(holds('postgres://app:another@db')).toBe(false);
});

test('a short sensitive value is found as a whole value only, not inside names', () => {
  const holds = findsSecrets(new Set(['admin']));
  expect(holds('admin')).toBe(true);
  expect(holds('arn:aws:iam::123456789012:role/admin-role')).toBe(false);
});

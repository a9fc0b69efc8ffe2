/** An environment named production is production (two approvals, never automatic) whether or not it says `production: true`. */
import { expect, test } from '@jest/globals';
import { GitopsSyncConfig } from '@gitops-sync/core';

const load = (policy: string) => GitopsSyncConfig.safeParse({ approval: { environments: { production: JSON.parse(policy) } } });

test.each([
  ['{"required_approvals": 0}', 'a production environment needs required_approvals of at least 1'],
  ['{"auto_approve_safe": true}', 'a production environment cannot set auto_approve_safe or allow_auto_approved'],
  ['{"allow_auto_approved": true}', 'a production environment cannot set auto_approve_safe or allow_auto_approved'],
])('approval.environments.production %s is refused like production: true', (policy, message) => {
  const parsed = load(policy);
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues.map((issue) => issue.message)).toContain(message);
});

test('production with one approval, or another environment with none, still loads', () => {
  expect(load('{"required_approvals": 1}').success).toBe(true);
  expect(GitopsSyncConfig.safeParse({ approval: { environments: { dev: { required_approvals: 0, auto_approve_safe: true } } } }).success).toBe(true);
});

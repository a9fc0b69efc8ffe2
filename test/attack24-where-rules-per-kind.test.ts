/**
 * Found by a review (attack24): the gate asks, for every Terraform change of a drift report, which of
 * the base policy's rules have a `where` for its kind (unreadWhere), and that was worked out again for
 * every change, every rule's kind globs looked up anew: a 100,000-change report against a policy with
 * 300 `where` rules took about 20 s of the gate's time. Found once per kind, as the plan reader does.
 */
import { expect, test } from '@jest/globals';
import { parseConfig, whereAttributePaths, whereRules } from '@gitops-sync/core';
import { rulesFor } from '@gitops-sync/engine';

const RULES = 300;
const policy = parseConfig(
  `severity:\n  rules:\n${Array.from({ length: RULES }, (_, i) => `    - id: r${i}\n      severity: critical\n      match: { source: terraform-plan, kind: [aws_instance, 'aws_db_*'], where: { path: /tags/k${i}, equals: prod } }\n`).join('')}`,
  'gitops-sync.yaml',
);

test("a 100,000-change report's where rules are found in well under a second", () => {
  const rules = rulesFor(policy);
  const started = performance.now();
  let found = 0;
  for (let i = 0; i < 100_000; i++) found += whereRules(rules, 'terraform-plan', i % 2 ? 'aws_instance' : 'aws_s3_bucket').length;
  expect(performance.now() - started).toBeLessThan(1000);
  expect(found).toBe(50_000 * RULES);
  expect(whereAttributePaths(rules, 'terraform-plan', 'aws_db_instance')).toHaveLength(RULES);
  expect(whereAttributePaths(rules, 'terraform-plan', 'aws_s3_bucket')).toEqual([]);
});

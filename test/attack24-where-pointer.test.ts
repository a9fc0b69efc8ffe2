/**
 * Found by a review (attack24): a `where` path with a `~` that is not `~0` or `~1` is no JSON pointer,
 * yet it was taken: the plan reader read the key as written (`cost~center`), while a changed field's
 * path spells it `cost~0center`, so the rule never saw the value a changed attribute had before —
 * `where: { path: /tags/cost~center, equals: prod }` missed a prod resource retagged in the same change.
 * Such a path is now refused in one sentence naming the file and line.
 */
import { expect, test } from '@jest/globals';
import { parseConfig, parseTerraformPlan } from '@gitops-sync/core';
import { judgeCritical, rulesFor } from '@gitops-sync/engine';
import { planJson, resourceUpdate } from './support/plan-json.js';

const config = (path: string) =>
  `severity:\n  rules:\n    - id: prod-instance\n      severity: critical\n      match: { source: terraform-plan, kind: aws_instance, where: { path: '${path}', equals: prod } }\n`;

test('a where path with a bare ~ is refused, saying how to write it', () => {
  expect(() => parseConfig(config('/tags/cost~center'), 'gitops-sync.yaml')).toThrow(
    /^gitops-sync\.yaml:5: severity\.rules\.0\.match\.where\.path: a JSON pointer writes ~ as ~0 and \/ in a key as ~1 \(\/tags\/cost~0center for the key cost~center\)/,
  );
});

test('written as a JSON pointer, the rule sees the value the retagged prod instance had', () => {
  const policy = parseConfig(config('/tags/cost~0center'), 'gitops-sync.yaml');
  const plan = planJson([resourceUpdate('aws_instance.web', { tags: { 'cost~center': 'prod' } }, { tags: { 'cost~center': 'dev' } })]);
  expect(judgeCritical(parseTerraformPlan(plan, { label: 'plan.json', judgedBy: rulesFor(policy) }).changes, policy)).toBe(true);
});

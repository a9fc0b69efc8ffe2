/**
 * Found by a review (attack24): a `where` read only the field at exactly its path, else the unchanged
 * attribute — which the plan reader takes from the resource as it will be. When the field that changed
 * is an ancestor of the path (a dynamic attribute changing shape, `input = { env = "prod" }` →
 * `input = ["prod", "3"]`; or the whole object becoming known only after apply), the value the
 * resource had was never read: `where: { path: /input/env, equals: prod }` missed, and the gate and
 * sync asked the prod resource's change for fewer approvals. The plan below is what `terraform show
 * -json` writes for that change (Terraform 1.x, terraform_data).
 */
import { describe, expect, test } from '@jest/globals';
import { analyzeTerraformPlan, parseConfig, parseTerraformPlan, type SeverityRuleSet } from '@gitops-sync/core';
import { plannedCritical, rulesFor } from '@gitops-sync/engine';

const POLICY = parseConfig(
  'severity:\n  rules:\n    - id: prod-data\n      severity: critical\n      match: { source: terraform-plan, kind: terraform_data, where: { path: /input/env, equals: prod } }\n',
  'gitops-sync.yaml',
);

/** terraform_data.app whose input `{ env, replicas = 2 }` becomes `after` (unknown when `after` is undefined). */
function planJson(env: string, after: unknown): string {
  const unknown = after === undefined;
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: {},
    resource_changes: [
      {
        address: 'terraform_data.app',
        mode: 'managed',
        type: 'terraform_data',
        name: 'app',
        change: {
          actions: ['update'],
          before: { id: 'a1', input: { env, replicas: 2 }, output: { env, replicas: 2 }, triggers_replace: null },
          after: { id: 'a1', input: unknown ? null : after, triggers_replace: null },
          after_unknown: { input: unknown ? true : [false, false], output: true },
          before_sensitive: { input: {}, output: {} },
          after_sensitive: { input: unknown ? false : [false, false], output: [] },
        },
      },
    ],
  });
}

const read = (env: string, after: unknown) => (rules: SeverityRuleSet) => parseTerraformPlan(planJson(env, after), { label: 'plan.json', judgedBy: rules }).changes;

describe("a change whose field is an ancestor of the base policy's where path", () => {
  test('the prod data turned into a list: sync and the gate judge it critical', () => {
    expect(plannedCritical({ changesFor: read('prod', ['prod', '3']), complete: true }, POLICY)).toBe(true);
  });

  test('the prod data turned into a list: the drift report says critical, naming the rule', () => {
    const report = analyzeTerraformPlan(planJson('prod', ['prod', '3']), { label: 'plan.json', environment: 'production', rules: rulesFor(POLICY), generatedAt: '2030-01-01T00:00:00Z' });
    expect(report.changes[0]).toMatchObject({ severity: 'critical', rule: 'prod-data' });
  });

  test('the prod data known only after apply: the drift report still reads the value it had', () => {
    const report = analyzeTerraformPlan(planJson('prod', undefined), { label: 'plan.json', environment: 'production', rules: rulesFor(POLICY), generatedAt: '2030-01-01T00:00:00Z' });
    expect(report.changes[0]).toMatchObject({ severity: 'critical', rule: 'prod-data' });
  });

  test('staging data turned into a list stays not critical', () => {
    expect(plannedCritical({ changesFor: read('staging', ['staging', '3']), complete: true }, POLICY)).toBe(false);
  });
});

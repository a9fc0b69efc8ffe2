import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  analyzeTerraformPlan,
  buildReport,
  defaultRules,
  DriftReport,
  failureReason,
  GITHUB_MARKDOWN_LIMIT,
  GitopsSyncConfig,
  planRemediation,
  renderMarkdown,
  renderTable,
  type Change,
} from '@gitops-sync/core';
import { REPO_ROOT, tofuFixture } from './support/paths.js';

const GENERATED_AT = '2026-11-25T00:00:00.000Z';
const judged = (address: string, severity: Change['severity'], action: Change['action'] = 'update', origin: Change['origin'] = 'planned'): Change => ({
  address,
  kind: 'aws_instance',
  source: 'terraform-plan',
  action,
  origin,
  severity,
  rule: 'test.rule',
  fields: [{ path: '/instance_type', before: 't3.small', after: 't3.large', sensitive: false }],
});

describe('the drift report', () => {
  test('a real plan gives a report that satisfies the published contract', () => {
    const report = analyzeTerraformPlan(readFileSync(tofuFixture('drift')), { label: 'drift.json', environment: 'production', rules: defaultRules(), generatedAt: GENERATED_AT });
    expect(DriftReport.parse(report)).toEqual(report);
    expect(report).toMatchObject({
      schema: 'gitops-sync/drift-report@1',
      environment: 'production',
      drift_detected: true,
      total_changes: 3,
      changes_by_action: { create: 0, update: 3, delete: 0, replace: 0, forget: 0, import: 0 },
      affected_resources: ['test_instance.should_refresh', 'test_instance.no_refresh'],
    });
    expect(Object.keys(report.changes[0])).toEqual(['address', 'kind', 'source', 'action', 'origin', 'severity', 'rule', 'fields']);
  });

  test('the same input gives the same report', () => {
    const options = { label: 'x', environment: 'e', rules: defaultRules(), generatedAt: GENERATED_AT };
    const text = readFileSync(tofuFixture('multi-resource-update'));
    expect(analyzeTerraformPlan(text, options)).toEqual(analyzeTerraformPlan(text, options));
  });

  test('output changes alone are not drift unless the config says so', () => {
    const text = readFileSync(tofuFixture('unknown-output'));
    const options = { label: 'x', environment: 'e', rules: defaultRules(), generatedAt: GENERATED_AT };
    const quiet = analyzeTerraformPlan(text, options);
    expect(quiet.output_changes.length).toBeGreaterThan(0);
    expect(quiet).toMatchObject({ drift_detected: false, total_changes: 0 });
    expect(analyzeTerraformPlan(text, { ...options, outputChangesAreDrift: true }).drift_detected).toBe(true);
  });

  test('the committed JSON Schemas are the ones the zod schemas produce', () => {
    const committed = JSON.parse(readFileSync(resolve(REPO_ROOT, 'schema/drift-report.schema.json'), 'utf8'));
    expect(committed).toMatchObject(z.toJSONSchema(DriftReport, { io: 'output', unrepresentable: 'any' }));
    const config = JSON.parse(readFileSync(resolve(REPO_ROOT, 'schema/gitops-sync.schema.json'), 'utf8'));
    expect(config).toMatchObject(z.toJSONSchema(GitopsSyncConfig, { io: 'input', unrepresentable: 'any' }));
  });
});

describe('the remediation plan', () => {
  test('ordered by priority, critical first with approval and rollback; deletions after the other changes of their priority', () => {
    const steps = planRemediation([judged('a', 'medium'), judged('b', 'high', 'delete'), judged('c', 'critical', 'update', 'outside'), judged('d', 'high'), judged('e', 'low')]);
    expect(steps.map((s) => [s.priority, s.changes, s.approval_required, s.auto_rollback])).toEqual([
      ['immediate', ['c'], true, true],
      ['high', ['d'], true, false],
      ['high', ['b'], true, false],
      ['normal', ['a'], false, false],
      ['low', ['e'], false, false],
    ]);
    expect(steps[0].description).toContain('made outside Git');
    expect(steps[2].description).toBe('Delete 1 high resource with approval, after the other high changes.');
  });

  test('an address two changes share is listed once in its step and among the affected resources; distinct ones all are', () => {
    const shared = buildReport({ environment: 'dev', sources: ['terraform-plan'], changes: [judged('a', 'high', 'update', 'outside'), judged('a', 'high'), judged('b', 'high')], generatedAt: GENERATED_AT });
    expect(shared.affected_resources).toEqual(['a', 'b']);
    expect(shared.remediation_plan.map((step) => step.changes)).toEqual([['a', 'b']]);
    expect(shared.remediation_plan[0].description).toContain('3 high changes');
    const distinct = [judged('a', 'high'), judged('b', 'critical'), judged('c', 'high', 'delete')];
    expect(buildReport({ environment: 'dev', sources: ['terraform-plan'], changes: distinct, generatedAt: GENERATED_AT }).remediation_plan).toEqual(planRemediation(distinct));
  });

  test('the table and the Markdown name the next command to run', () => {
    const risky = buildReport({ environment: 'staging', sources: ['terraform-plan'], changes: [judged('b', 'high', 'delete'), judged('a', 'medium')], generatedAt: GENERATED_AT });
    expect(renderTable(risky)).toContain(
      '\nRemediation plan:\n  1. [high] Delete 1 high resource with approval.\n  2. [normal] Reconcile 1 medium change in the next sync.\n' +
        'Next: gitops-sync sync staging --dry-run to preview, then gitops-sync sync staging --pr N once the pull/merge request is approved.\n',
    );
    expect(renderMarkdown(risky)).toContain('**Next:** `gitops-sync sync staging --dry-run` to preview, then `gitops-sync sync staging --pr N` once the pull/merge request is approved.\n');
    const mild = buildReport({ environment: 'dev', sources: ['terraform-plan'], changes: [judged('a', 'low')], generatedAt: GENERATED_AT });
    expect(renderTable(mild)).toContain('Next: gitops-sync sync dev --dry-run to preview, then gitops-sync sync dev (add --pr N where its policy asks for approvals).\n');
    expect(renderTable(buildReport({ environment: 'dev', sources: ['terraform-plan'], changes: [], generatedAt: GENERATED_AT }))).not.toContain('Next:');
  });
});

describe('rendering', () => {
  const many = buildReport({
    environment: 'production',
    sources: ['terraform-plan'],
    changes: Array.from({ length: 3000 }, (_, i) => judged(`aws_instance.web_${i}`, i % 7 === 0 ? 'critical' : 'medium')),
    generatedAt: GENERATED_AT,
  });

  test('Markdown stays under GitHub\'s limit and says how much it left out', () => {
    const markdown = renderMarkdown(many);
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_MARKDOWN_LIMIT);
    expect(markdown).toMatch(/\d+ more change\(s\) not shown .*the JSON report has all 3000/);
    expect(markdown).toContain('🔴 <code>aws_instance.web_0</code>');
    expect(markdown).not.toContain('🟡 <code>');
  });

  test('Markdown escapes table-breaking and HTML characters from resource values', () => {
    const report = buildReport({
      environment: 'prod',
      sources: ['terraform-plan'],
      changes: [{ ...judged('x', 'low'), fields: [{ path: '/a|b', before: '<script>', after: 'x|y', sensitive: false }] }],
      generatedAt: GENERATED_AT,
    });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('&lt;script&gt;');
    expect(markdown).toContain('x\\|y');
    expect(markdown).not.toContain('<script>');
  });

  test('no drift is a short, quiet report', () => {
    const report = buildReport({ environment: 'prod', sources: ['terraform-plan'], changes: [], generatedAt: GENERATED_AT });
    expect(renderTable(report)).toBe('No drift in prod (terraform-plan).\n');
    expect(renderMarkdown(report)).toContain('✅ No drift in `prod`');
  });

  test('the terminal table lists the most severe first and caps long reports', () => {
    const table = renderTable(many, 5);
    const lines = table.split('\n');
    expect(lines[0]).toBe('Drift in production: 3000 change(s) (429 critical, 0 high, 2571 medium, 0 low) from terraform-plan');
    expect(lines[3]).toMatch(/^critical\s+update\s+planned\s+aws_instance\.web_0\s+test\.rule$/);
    expect(table).toContain('… 2995 more; use --format json for all of them.');
  });
});

describe('fail-on', () => {
  const report = (severity: Change['severity']) => buildReport({ environment: 'prod', sources: [], changes: [judged('a', severity)], generatedAt: GENERATED_AT });
  test.each([
    ['never', 'critical', false],
    ['drift', 'low', true],
    ['high', 'medium', false],
    ['high', 'high', true],
    ['critical', 'high', false],
    ['critical', 'critical', true],
  ] as const)('fail-on %s with a %s change fails: %s', (failOn, severity, fails) => {
    expect(Boolean(failureReason(report(severity), failOn))).toBe(fails);
  });
});

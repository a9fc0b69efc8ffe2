/**
 * Found by a review (attack23): a pull request could make the base policy's `where … equals` rule miss
 * by hiding the attribute it reads, so the gate and sync asked for fewer approvals:
 * - a secret of the same text anywhere in the plan (`output "x" { value = "prod", sensitive = true }`):
 *   every string equal to a secret met is masked (unmarkedSecretScrubber), the attributes rules read too;
 * - `tags = { env = sensitive("prod") }`: Terraform marks the tag sensitive, the value unchanged.
 * A masked value matches no `equals`. The gate now counts a hidden value as the one that makes a rule hold,
 * and so does the drift report: it said `high` where the gate then asked for the critical team, and
 * `fail-on: critical` (or an alert on critical) let the change by.
 */
import { readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { parseConfig, parseTerraformPlan, SENSITIVE, TerraformEnvironment, type SeverityRuleSet } from '@gitops-sync/core';
import { judgeCritical, nodeExec, plannedCritical, rulesFor, silentProgress, syncTerraform, type PlanChangesFor } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';
import { planJson, resourceUpdate } from './support/plan-json.js';

const POLICY = parseConfig(
  'severity:\n  rules:\n    - id: prod-instance\n      severity: critical\n      match: { source: terraform-plan, kind: aws_instance, where: { path: /tags/env, equals: prod } }\n',
  'gitops-sync.yaml',
);

type Hiding = 'none' | 'secret-elsewhere' | 'sensitive-tag';

/** The instance tagged `env` resized, its tags unchanged, hidden as `hiding` says (the shape `terraform show -json` writes). */
function hidingPlan(env: string, hiding: Hiding): string {
  const web = resourceUpdate('aws_instance.web', { instance_type: 't3.small', tags: { env } }, { instance_type: 't3.medium', tags: { env } }, {
    sensitive: hiding === 'sensitive-tag' ? { tags: { env: true } } : { tags: {} },
  });
  const outputs = hiding === 'secret-elsewhere' ? { output_changes: { x: { actions: ['create'], before: null, after: env, after_unknown: false, before_sensitive: false, after_sensitive: true } } } : {};
  return planJson([web], outputs);
}

const read = (env: string, hiding: Hiding) => (rules: SeverityRuleSet) => parseTerraformPlan(hidingPlan(env, hiding), { label: 'plan.json', judgedBy: rules }).changes;

describe("a plan hiding the attribute a base policy's where reads", () => {
  test.each<Hiding>(['none', 'secret-elsewhere', 'sensitive-tag'])('sync judges the prod instance critical (%s)', (hiding) => {
    expect(plannedCritical({ changesFor: read('prod', hiding), complete: true }, POLICY)).toBe(true);
  });

  test.each<Hiding>(['secret-elsewhere', 'sensitive-tag'])('the gate on a drift report judges it critical, the value still masked (%s)', (hiding) => {
    const reported = read('prod', hiding)(rulesFor(POLICY));
    expect(reported[0].attributes).toEqual({ '/tags/env': SENSITIVE });
    expect(judgeCritical(reported, POLICY)).toBe(true);
  });

  test('a value in sight that does not match stays not critical', () => {
    expect(plannedCritical({ changesFor: read('staging', 'none'), complete: true }, POLICY)).toBe(false);
  });
});

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('the drift report of a plan hiding the attribute', () => {
  const root = mkdtempSync(join(tmpdir(), 'gitops-attack23-report-'));
  roots.push(root);
  writeFileSync(join(root, 'gitops-sync.yaml'), 'severity:\n  rules:\n    - id: prod-instance\n      severity: critical\n      match: { source: terraform-plan, kind: aws_instance, where: { path: /tags/env, equals: prod } }\n');

  test.each<Hiding>(['secret-elsewhere', 'sensitive-tag'])('judges the change critical, as the gate will, and drift-detect --fail-on critical fails (%s)', async (hiding) => {
    writeFileSync(join(root, `${hiding}.json`), hidingPlan('prod', hiding));
    const analyzed = await cli(['analyze', '--source', 'terraform-plan', '--input', `${hiding}.json`, '--format', 'json', '--output', `${hiding}-report.json`], { cwd: root });
    expect(analyzed.stderr).toBe('');
    const report = JSON.parse(readFileSync(join(root, `${hiding}-report.json`), 'utf8'));
    expect(report.changes.map((change: { address: string; severity: string; rule: string }) => [change.address, change.severity, change.rule])).toEqual([['aws_instance.web', 'critical', 'prod-instance']]);
    expect(JSON.stringify(report)).not.toContain('"prod"');

    const detected = await cli(['drift-detect', '--terraform-plan-json', `${hiding}.json`, '--fail-on', 'critical', '--output', `${hiding}-out`], { cwd: root });
    expect(detected.code).toBe(1);
  });

  test('a value in sight that does not match stays as the other rules judge it', async () => {
    writeFileSync(join(root, 'staging.json'), hidingPlan('staging', 'none'));
    await cli(['analyze', '--source', 'terraform-plan', '--input', 'staging.json', '--format', 'json', '--output', 'staging-report.json'], { cwd: root });
    expect(JSON.parse(readFileSync(join(root, 'staging-report.json'), 'utf8')).changes.map((change: { severity: string }) => change.severity)).toEqual(['high']);
  });
});

describeWithTerraform('sync of a plan with a sensitive output equal to the attribute (real terraform)', () => {
  test('still critical by the policy', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gitops-attack23-'));
    roots.push(root);
    const dir = join(root, 'infra');
    const env = offlineTerraformEnv(root);
    const main = (replicas: number, decoy: string) => `resource "terraform_data" "app" {\n  input = { env = "prod", replicas = ${replicas} }\n}\n${decoy}`;
    writeFiles(dir, { 'main.tf': main(2, '') });
    terraform(dir, env, 'init', '-input=false');
    terraform(dir, env, 'apply', '-auto-approve', '-input=false');
    writeFiles(dir, { 'main.tf': main(3, 'output "x" {\n  value     = "prod"\n  sensitive = true\n}\n') });

    const policy = parseConfig('severity:\n  rules:\n    - id: prod-data\n      severity: critical\n      match: { source: terraform-plan, kind: terraform_data, where: { path: /input/env, equals: prod } }\n', 'gitops-sync.yaml');
    const verdicts: boolean[] = [];
    const authorise = async (changesFor: PlanChangesFor) => {
      verdicts.push(plannedCritical({ changesFor, complete: true }, policy));
    };
    const { dir: _dir, ...settings } = TerraformEnvironment.parse({ dir: 'infra' });
    await syncTerraform(
      { environment: 'test', dir, settings, backupDir: join(root, 'backups'), dryRun: true, lockTimeout: '1s', authorise },
      { exec: nodeExec, progress: silentProgress, clock: { now: () => new Date('2030-01-02T03:04:05Z') }, env: { ...process.env, ...env } },
    );
    expect(verdicts).toEqual([true]);
  });
});

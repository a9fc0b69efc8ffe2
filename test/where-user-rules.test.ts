/**
 * A severity rule of the config (or of a --rules file) whose `where` reads an attribute that did not
 * change: the Terraform source keeps that attribute for the rules that will judge the change, not only
 * for the shipped ones. Before, only the shipped rules' attributes were kept, so such a rule never
 * matched: a change it makes critical came out as less, and the gate or sync asked for fewer approvals.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { parseConfig, parseTerraformPlan, TerraformEnvironment, type Change, type DriftReport, type SeverityRuleSet } from '@gitops-sync/core';
import { nodeExec, plannedCritical, rulesFor, runSync, silentProgress, syncTerraform, type PlanChangesFor } from '@gitops-sync/engine';
import { GitHubReview } from '@gitops-sync/platforms';
import { cli } from './support/cli.js';
import { approvedByBob, useFakeGitHub } from './support/fake-github.js';
import { git, pullRequestRepo } from './support/git-repo.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';
import { planJson, resourceUpdate } from './support/plan-json.js';

const github = useFakeGitHub();

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
const folder = () => {
  const root = mkdtempSync(join(tmpdir(), 'gitops-where-rules-'));
  roots.push(root);
  return root;
};

const PROD_RULE = `- id: prod-instance
  severity: critical
  match: { source: terraform-plan, kind: aws_instance, where: { path: /tags/env, equals: prod } }
`;
const CONFIG = `severity:\n  rules:\n${PROD_RULE.replace(/^/gm, '    ')}`;

/** Two instances resized, their tags unchanged: one tagged prod, one staging (the shape `terraform show -json` writes). */
function planWithTags(): string {
  const instance = (name: string, env: string) =>
    resourceUpdate(`aws_instance.${name}`, { instance_type: 't3.small', tags: { env, team: 'shop' } }, { instance_type: 't3.medium', tags: { env, team: 'shop' } }, { sensitive: { tags: {} } });
  return planJson([instance('web', 'prod'), instance('test', 'staging')]);
}

const judged = (changes: readonly Change[]) => Object.fromEntries(changes.map((change) => [change.address, [change.severity, change.rule, change.attributes]]));
const PROD_CRITICAL = ['critical', 'prod-instance', { '/tags/env': 'prod' }];
const STAGING = ['high', 'tf.compute.size', { '/tags/env': 'staging' }];

describe("a config rule's where on an unchanged Terraform attribute", () => {
  const dir = folder();
  writeFileSync(join(dir, 'plan.json'), planWithTags());
  writeFileSync(join(dir, 'gitops-sync.yaml'), CONFIG);
  writeFileSync(join(dir, 'rules.yaml'), `rules:\n${PROD_RULE.replace(/^/gm, '  ')}`);
  writeFileSync(join(dir, 'empty.yaml'), '{}\n');
  const analyze = async (...args: string[]) => {
    const run = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', ...args], { cwd: dir });
    expect(run.stderr).toBe('');
    return run;
  };

  test('analyze: the rule matches, and the attribute it read is in the report', async () => {
    const run = await analyze('--format', 'json');
    expect(judged((JSON.parse(run.stdout) as DriftReport).changes)).toEqual({ 'aws_instance.web': PROD_CRITICAL, 'aws_instance.test': STAGING });
  });

  test('analyze --output (the report written as the plan is read) says the same', async () => {
    await analyze('--output', 'report.json');
    const streamed = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as DriftReport;
    expect(judged(streamed.changes)).toEqual({ 'aws_instance.web': PROD_CRITICAL, 'aws_instance.test': STAGING });
  });

  test('a rule from a --rules file is read for too', async () => {
    const run = await analyze('--config', 'empty.yaml', '--rules', 'rules.yaml', '--format', 'json');
    expect(judged((JSON.parse(run.stdout) as DriftReport).changes)['aws_instance.web']).toEqual(PROD_CRITICAL);
  });

  test('drift-detect on the plan: critical, as the gate then counts it', async () => {
    const run = await cli(['drift-detect', '--terraform-plan-json', 'plan.json', '--fail-on', 'critical', '--output', 'out'], { cwd: dir });
    expect(run.stderr).toContain('critical');
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'drift-report-default.json'), 'utf8')) as DriftReport;
    expect(judged(report.changes)['aws_instance.web']).toEqual(PROD_CRITICAL);
    expect(report.changes_by_severity.critical).toBe(1);
  });

  test('without such a rule the attribute is not kept: a report holds what rules read, no more', async () => {
    const run = await analyze('--config', 'empty.yaml', '--format', 'json');
    const changes = (JSON.parse(run.stdout) as DriftReport).changes;
    expect(changes.map((change) => [change.severity, change.attributes])).toEqual([
      ['high', undefined],
      ['high', undefined],
    ]);
  });

  test('a where … equals rule that could judge another source is refused in one sentence, naming the file and line', async () => {
    writeFileSync(join(dir, 'any-source.yaml'), 'severity:\n  rules:\n    - id: prod-deploy\n      severity: critical\n      match: { kind: Deployment, where: { path: /metadata/labels/tier, equals: prod } }\n');
    const run = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'plan.json', '--config', 'any-source.yaml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `gitops-sync: ${join(dir, 'any-source.yaml')}:5: severity.rules.0.match.where: \`where\` with \`equals\` reads an attribute that did not change only in Terraform plans (the other sources keep none, so it would never match there): add \`source: terraform-plan\`, use \`not_equals\` (it holds when the attribute is not there), or for a changed field \`path\` with \`after\`; see the configuration reference in the README.\n`,
    );
  });

  test('the plan reader keeps the attributes of the rules it is given, the shipped ones by default', () => {
    const rules: SeverityRuleSet = rulesFor(parseConfig(CONFIG, 'gitops-sync.yaml'));
    const read = (judgedBy?: SeverityRuleSet) => parseTerraformPlan(planWithTags(), { label: 'plan.json', judgedBy }).changes.map((change) => change.attributes);
    expect(read(rules)).toEqual([{ '/tags/env': 'prod' }, { '/tags/env': 'staging' }]);
    expect(read()).toEqual([undefined, undefined]);
  });
});

describeWithTerraform('sync judges its own plan by the policy it is given (real terraform)', () => {
  test("the plan is read again for the policy's rules: a where on an unchanged attribute makes it critical", async () => {
    const root = folder();
    const dir = join(root, 'infra');
    const env = offlineTerraformEnv(root);
    const main = (replicas: number) => `resource "terraform_data" "app" {\n  input = { env = "prod", replicas = ${replicas} }\n}\n`;
    writeFiles(dir, { 'main.tf': main(2) });
    terraform(dir, env, 'init', '-input=false');
    terraform(dir, env, 'apply', '-auto-approve', '-input=false');
    writeFiles(dir, { 'main.tf': main(3) });

    const policy = parseConfig(
      'severity:\n  rules:\n    - id: prod-data\n      severity: critical\n      match: { source: terraform-plan, kind: terraform_data, where: { path: /input/env, equals: prod } }\n',
      'gitops-sync.yaml',
    );
    const verdicts: boolean[] = [];
    const authorise = async (changesFor: PlanChangesFor) => {
      const planned = { changesFor, complete: true };
      verdicts.push(plannedCritical(planned, policy), plannedCritical(planned, parseConfig('{}', 'gitops-sync.yaml')));
    };
    const { dir: _dir, ...settings } = TerraformEnvironment.parse({ dir: 'infra' });
    const outcome = await syncTerraform(
      { environment: 'test', dir, settings, backupDir: join(root, 'backups'), dryRun: true, lockTimeout: '1s', authorise },
      { exec: nodeExec, progress: silentProgress, clock: { now: () => new Date('2030-01-02T03:04:05Z') }, env: { ...process.env, ...env } },
    );
    expect(outcome.applied).toBe(false);
    expect(verdicts).toEqual([true, false]);
  });
});

describeWithTerraform('a pull request cannot drop the base policy\'s where rule to pass as not critical (real terraform, loopback GitHub)', () => {
  test('sync judges the plan by the rule at the base: the critical team is still needed', async () => {
    const main = (replicas: number) => `resource "terraform_data" "app" {\n  input = { env = "prod", replicas = ${replicas} }\n}\n`;
    const config = (rules: string) => `environments:\n  prod:\n    terraform: { dir: infra }\napproval:\n  environments:\n    prod: { required_approvals: 1, critical_requires_team: owner/security-team }\n${rules}`;
    const policy = config('severity:\n  rules:\n    - id: prod-data\n      severity: critical\n      match: { source: terraform-plan, kind: terraform_data, where: { path: /input/env, equals: prod } }\n');
    // The change resizes the prod resource and, in the same pull request, removes the rule that makes that critical.
    const repo = pullRequestRepo({ 'gitops-sync.yaml': policy, 'infra/main.tf': main(2) }, { 'gitops-sync.yaml': config(''), 'infra/main.tf': main(3) });
    roots.push(repo.dir);
    const env = offlineTerraformEnv(repo.dir);
    git(repo.dir, 'checkout', '-q', repo.baseSha);
    terraform(join(repo.dir, 'infra'), env, 'init', '-input=false');
    terraform(join(repo.dir, 'infra'), env, 'apply', '-auto-approve', '-input=false');
    git(repo.dir, 'checkout', '-q', 'change');

    approvedByBob(github.state, repo);

    const result = await runSync(
      {
        environments: ['prod'],
        config: parseConfig(config(''), 'gitops-sync.yaml'),
        baseDir: repo.dir,
        review: { platform: new GitHubReview({ token: github.state.token, repository: 'owner/repo', number: 3, baseUrl: github.url }), configPath: 'gitops-sync.yaml', cwd: repo.dir },
        dryRun: false,
        parallel: false,
        concurrency: 1,
      },
      { exec: nodeExec, progress: silentProgress, clock: { now: () => new Date('2026-11-25T12:00:00Z') }, env: { ...process.env, ...env }, sleep: async () => {} },
    );
    expect(result.environments[0]).toMatchObject({ status: 'failed', failure_reason: 'gate-denied' });
    expect(result.environments[0].message).toContain('an approval from a member of owner/security-team');
    expect(terraform(join(repo.dir, 'infra'), env, 'show', '-json')).toContain('"replicas":2');
  });
});

/**
 * The GitLab CI/CD component (gitlab-components/templates/drift-detect.yml) run for real by gitlab-ci-local:
 * a throwaway Git project laid out like the catalog project, the component included with inputs, jobs run
 * with the shell executor (no Docker, nothing pulled), and the CLI pointed at this checkout's dist/ build
 * (the machinery is in support/gitlab-ci-local.ts).
 *
 * Needs: git, bash, rsync (gitlab-ci-local copies artifacts with it), and `npm run build` done first.
 * A missing prerequisite fails every test with the reason; nothing is skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  artifact,
  assertPrerequisites,
  CLI_COMMAND,
  componentInclude as include,
  componentProject as newComponentProject,
  jobLog,
  jobStatus,
  NO_STACK_TRACE,
  removeComponentProjects,
  runPipeline,
  type Inputs,
  type Pipeline,
} from './support/gitlab-ci-local.js';
import { tofuFixture } from './support/paths.js';
import { describeWithTerraform, offlineTerraformEnv } from './support/terraform.js';

/** Throws with every reason gitlab-ci-local cannot run this test here, the plan fixtures included. */
const assertCanRun = () => assertPrerequisites([{ path: tofuFixture('drift'), hint: 'shared/ must sit beside the checkout' }]);

/** A committed Git project holding the component under templates/, the given plan fixtures under plans/ and any other files. */
function componentProject(plans: Record<string, string>, files: Record<string, string> = {}) {
  const copies = Object.fromEntries(Object.entries(plans).map(([name, fixture]) => [`plans/${name}.json`, tofuFixture(fixture)]));
  return newComponentProject({ templates: ['drift-detect'], copies, files });
}

const componentInclude = (sha: string, inputs: Inputs) => include(sha, 'drift-detect', inputs);
const dotenvFile = (pipeline: Pipeline, job: string) => artifact(pipeline, job, join('.gitlab-ci-reports', 'dotenv', 'drift.env'));

function dotenv(pipeline: Pipeline, job: string): Record<string, string> {
  const lines = readFileSync(dotenvFile(pipeline, job), 'utf8').trimEnd().split('\n');
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

let drift: Pipeline;
let driftFails: Pipeline;
let missingPlan: Pipeline;
let severities: Pipeline;
let badOption: Pipeline;
let kubernetes: Pipeline;

beforeAll(async () => {
  assertCanRun();
  const cli = CLI_COMMAND;
  const one = componentProject({ drift: 'drift' });
  const two = componentProject({ drift: 'drift' });
  const three = componentProject({ drift: 'drift' });
  const four = componentProject({ drift: 'drift', 'no-drift': 'basic-update' });
  const five = componentProject({ drift: 'drift' });
  const deployment = (image: string, extra = '') =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop${extra}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;
  const six = componentProject({}, { 'k8s/web.yaml': deployment('web@sha256:0f1e'), 'live.yaml': deployment('web:1.0', '\n  uid: 7c1d') });
  // Independent projects, so the pipelines run side by side.
  [drift, driftFails, missingPlan, severities, badOption, kubernetes] = await Promise.all([
    runPipeline(one.dir, [componentInclude(one.sha, { cli, terraform_plan_json: 'plans/drift.json', fail_on: 'never' })]),
    runPipeline(two.dir, [
      componentInclude(two.sha, { cli, terraform_plan_json: 'plans/drift.json', fail_on: 'drift', environment: 'production', output_directory: 'reports', job_name: 'drift-production' }),
    ]),
    runPipeline(three.dir, [componentInclude(three.sha, { cli, terraform_plan_json: 'plans/missing.json', fail_on: 'never' })]),
    runPipeline(four.dir, [
      componentInclude(four.sha, { cli, terraform_plan_json: 'plans/drift.json', environment: 'staging', job_name: 'drift-critical' }),
      componentInclude(four.sha, { cli, terraform_plan_json: 'plans/drift.json', environment: 'production', job_name: 'drift-high', fail_on: 'high' }),
      componentInclude(four.sha, { cli, terraform_plan_json: 'plans/no-drift.json', environment: 'dev', job_name: 'drift-none', fail_on: 'drift' }),
    ]),
    runPipeline(five.dir, [componentInclude(five.sha, { cli, terraform_plan_json: 'plans/drift.json', fail_on: 'sometimes' })]),
    runPipeline(six.dir, [componentInclude(six.sha, { cli, kubernetes_manifests: 'k8s', kubernetes_live_export: 'live.yaml', environment: 'cluster', fail_on: 'high' })]),
  ]);
}, 180_000);

afterAll(removeComponentProjects);

describe('GitLab component drift-detect under gitlab-ci-local', () => {
  test('kubernetes_manifests against kubernetes_live_export: the report, the dotenv and fail_on high', () => {
    expect(jobStatus(kubernetes, 'drift-detect')).toBe('FAIL');
    expect(jobLog(kubernetes, 'drift-detect')).toContain('gitops-sync: Failing because 1 critical or high change(s) in cluster and fail-on is "high".');
    expect(dotenv(kubernetes, 'drift-detect')).toMatchObject({ DRIFT_DETECTED: 'true', TOTAL_CHANGES: '1', HIGH: '1' });
    const report = JSON.parse(readFileSync(artifact(kubernetes, 'drift-detect', 'gitops-sync-reports/drift-report-cluster.json'), 'utf8'));
    expect(report.changes[0]).toMatchObject({ address: 'apps/v1/Deployment/shop/web', source: 'k8s-manifests', rule: 'k8s.image' });
  });

  test('fail_on never: the job passes with drift, uploads the JSON and Markdown reports and the dotenv report', () => {
    expect(drift.output).toMatch(/^\s*PASS\s+drift-detect\s*$/m);
    expect(drift.code).toBe(0);
    const report = JSON.parse(readFileSync(artifact(drift, 'drift-detect', 'gitops-sync-reports/drift-report-default.json'), 'utf8'));
    expect(report).toMatchObject({ schema: 'gitops-sync/drift-report@1', environment: 'default', drift_detected: true, total_changes: 3 });
    expect(readFileSync(artifact(drift, 'drift-detect', 'gitops-sync-reports/drift-report-default.md'), 'utf8')).toContain('default');
    expect(dotenv(drift, 'drift-detect')).toEqual({
      DRIFT_DETECTED: 'true',
      TOTAL_CHANGES: String(report.total_changes),
      CRITICAL: String(report.changes_by_severity.critical),
      HIGH: String(report.changes_by_severity.high),
      MEDIUM: String(report.changes_by_severity.medium),
      LOW: String(report.changes_by_severity.low),
      REPORT_PATH: 'gitops-sync-reports/drift-report-default.json',
      MARKDOWN_PATH: 'gitops-sync-reports/drift-report-default.md',
    });
    expect(dotenv(drift, 'drift-detect')).toMatchObject({ TOTAL_CHANGES: '3', CRITICAL: '0', HIGH: '3' });
  });

  test('fail_on drift: the same plan fails the job, and the reports are still uploaded (when: always)', () => {
    expect(jobStatus(driftFails, 'drift-production')).toBe('FAIL');
    expect(driftFails.code).not.toBe(0);
    expect(jobLog(driftFails, 'drift-production')).toContain('gitops-sync: Failing because drift detected in production (3 change(s)) and fail-on is "drift".');
    expect(JSON.parse(readFileSync(artifact(driftFails, 'drift-production', 'reports/drift-report-production.json'), 'utf8'))).toMatchObject({
      environment: 'production',
      drift_detected: true,
    });
    expect(dotenv(driftFails, 'drift-production')).toMatchObject({ DRIFT_DETECTED: 'true', TOTAL_CHANGES: '3', REPORT_PATH: 'reports/drift-report-production.json' });
  });

  test('a missing plan file fails the job with the CLI one-sentence error and no stack trace', () => {
    expect(jobStatus(missingPlan, 'drift-detect')).toBe('FAIL');
    expect(missingPlan.code).not.toBe(0);
    const log = jobLog(missingPlan, 'drift-detect');
    expect(log).toMatch(/^gitops-sync: \S*plans\/missing\.json does not exist; pass the path of a plan JSON from `terraform show -json <planfile>`\.$/m);
    expect(log).not.toMatch(NO_STACK_TRACE);
    expect(existsSync(dotenvFile(missingPlan, 'drift-detect'))).toBe(false);
    expect(existsSync(artifact(missingPlan, 'drift-detect', 'gitops-sync-reports/drift-report-default.json'))).toBe(false);
  });

  test('fail_on follows severity like the action: three includes of the component in one pipeline', () => {
    // Default critical: 3 high changes, none critical → passes.
    expect(jobStatus(severities, 'drift-critical')).toBe('PASS');
    expect(dotenv(severities, 'drift-critical')).toMatchObject({ DRIFT_DETECTED: 'true', CRITICAL: '0', HIGH: '3' });
    // high: critical + high > 0 → fails.
    expect(jobStatus(severities, 'drift-high')).toBe('FAIL');
    expect(jobLog(severities, 'drift-high')).toContain('gitops-sync: Failing because 3 critical or high change(s) in production and fail-on is "high".');
    // drift with a plan that changes nothing → passes.
    expect(jobStatus(severities, 'drift-none')).toBe('PASS');
    expect(dotenv(severities, 'drift-none')).toMatchObject({ DRIFT_DETECTED: 'false', TOTAL_CHANGES: '0', REPORT_PATH: 'gitops-sync-reports/drift-report-dev.json' });
  });

  test('fail_on outside its options is refused before any job runs', () => {
    expect(badOption.code).not.toBe(0);
    expect(badOption.output).toContain('`fail_on` input: `sometimes` cannot be used because it is not in the list of allowed options.');
    expect(badOption.output).not.toMatch(/starting shell/);
  });
});

describeWithTerraform('GitLab component drift-detect running terraform under gitlab-ci-local', () => {
  let pipeline: Pipeline;
  beforeAll(async () => {
    assertCanRun();
    // terraform_data is built into terraform: init downloads nothing.
    const mainTf = 'resource "terraform_data" "x" {\n  input = "a"\n}\n';
    const project = componentProject({}, {
      'infra/main.tf': mainTf,
      'gitops-sync.yaml': 'environments:\n  prod:\n    terraform: { dir: infra }\n',
    });
    const cli = CLI_COMMAND;
    pipeline = await runPipeline(
      project.dir,
      [
        componentInclude(project.sha, { cli, environment: 'prod', fail_on: 'never', job_name: 'drift-config' }),
        componentInclude(project.sha, { cli, terraform_directory: 'infra', environment: 'ci', fail_on: 'drift', job_name: 'drift-directory' }),
      ],
      { env: offlineTerraformEnv(project.dir) },
    );
  }, 180_000);

  test('with a config file the CLI runs terraform once and writes both reports', () => {
    expect(jobStatus(pipeline, 'drift-config')).toBe('PASS');
    expect(jobLog(pipeline, 'drift-config').match(/gitops-sync: terraform plan in /g)).toHaveLength(1);
    expect(dotenv(pipeline, 'drift-config')).toMatchObject({ DRIFT_DETECTED: 'true', TOTAL_CHANGES: '1', REPORT_PATH: 'gitops-sync-reports/drift-report-prod.json' });
    expect(existsSync(artifact(pipeline, 'drift-config', 'gitops-sync-reports/drift-report-prod.md'))).toBe(true);
  });

  test('terraform_directory plans in that folder and fail_on drift fails the job', () => {
    expect(jobStatus(pipeline, 'drift-directory')).toBe('FAIL');
    expect(jobLog(pipeline, 'drift-directory')).toContain('gitops-sync: Failing because drift detected in ci (1 change(s)) and fail-on is "drift".');
    expect(JSON.parse(readFileSync(artifact(pipeline, 'drift-directory', 'gitops-sync-reports/drift-report-ci.json'), 'utf8'))).toMatchObject({
      environment: 'ci',
      total_changes: 1,
    });
  });
});

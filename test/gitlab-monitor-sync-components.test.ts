/**
 * The drift-monitor and sync GitLab components under gitlab-ci-local: a pipeline schedule runs one
 * monitoring job per environment (parallel:matrix), each writing reports and metrics, and other
 * pipelines do not; a sync dry run says what it would do and changes nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { artifact, assertPrerequisites, CLI_COMMAND, componentInclude, componentProject, jobLog, NO_STACK_TRACE, removeComponentProjects, runPipeline, stateFile, type Pipeline } from './support/gitlab-ci-local.js';

const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;
const CONFIG = `environments:
  shop:
    kubernetes: { manifests: [k8s], live: { export: live.yaml }, namespace: shop }
  cart:
    kubernetes: { manifests: [k8s], live: { export: live.yaml }, namespace: shop }
`;

let scheduled: Pipeline;
let pushed: Pipeline;
let syncDryRun: Pipeline;
beforeAll(async () => {
  assertPrerequisites();
  const files = { 'gitops-sync.yaml': CONFIG, 'k8s/web.yaml': deployment('web:1.1'), 'live.yaml': deployment('web:1.0') };
  const one = componentProject({ templates: ['drift-monitor'], files });
  const two = componentProject({ templates: ['drift-monitor'], files });
  const three = componentProject({ templates: ['sync'], files });
  const include = (sha: string) => [componentInclude(sha, 'drift-monitor', { cli: CLI_COMMAND, environments: ['shop', 'cart'] })];
  [scheduled, pushed, syncDryRun] = await Promise.all([
    runPipeline(one.dir, include(one.sha), { variables: { CI_PIPELINE_SOURCE: 'schedule' } }),
    runPipeline(two.dir, include(two.sha), { variables: { CI_PIPELINE_SOURCE: 'push' } }),
    runPipeline(three.dir, [componentInclude(three.sha, 'sync', { cli: CLI_COMMAND, environment: 'shop', report: '', dry_run: true })]),
  ]);
}, 180_000);
afterAll(() => removeComponentProjects());

test('a schedule runs one monitoring job per environment, each with its report and metrics', () => {
  for (const environment of ['shop', 'cart']) {
    expect(scheduled.output).toMatch(new RegExp(`PASS\\s+drift-monitor: \\[${environment}\\]`));
    // gitlab-ci-local stores a matrix job under a file-safe form of its name ("drift-monitor: [shop]").
    const job = readdirSync(stateFile(scheduled, 'artifacts')).find((name) => name.startsWith('drift-monitor') && name.includes(environment))!;
    expect(jobLog(scheduled, job)).not.toMatch(NO_STACK_TRACE);
    const metrics = readFileSync(artifact(scheduled, job, `gitops-sync-reports/metrics-${environment}.prom`), 'utf8');
    expect(metrics).toContain(`gitops_drift_changes{environment="${environment}",severity="high"} 1`);
    expect(existsSync(artifact(scheduled, job, `gitops-sync-reports/drift-report-${environment}.json`))).toBe(true);
  }
});

test('a push pipeline does not run it', () => {
  expect(pushed.output).not.toMatch(/drift-monitor: \[/);
});

test('sync dry run: the job passes, says what it would do and keeps its decision as an artifact', () => {
  expect(syncDryRun.output).toMatch(/PASS\s+sync/);
  const result = JSON.parse(readFileSync(artifact(syncDryRun, 'sync', 'sync.json'), 'utf8'));
  expect(result).toMatchObject({ ok: true, environments: [{ environment: 'shop', status: 'synced', dry_run: true }] });
  expect(result.environments[0].steps[0]).toBe('would check the gate for shop (no pull/merge request given)');
  expect(jobLog(syncDryRun, 'sync')).not.toMatch(NO_STACK_TRACE);
});

/**
 * Attack on the automatic rollback after a failed rollout: sync rolled back every workload the given
 * report's remediation plan marked auto_rollback, as the report said. Whoever wrote the file sync reads
 * (a pull request's own workflow run, whose artifact a deploy downloads) could add a workload of
 * another namespace that the change never touched, and a rollout that timed out undid it; a change whose
 * severity was lowered by hand was not rolled back. Now only the workloads this sync applied and that did
 * not finish are rolled back, each when the config's rules judge its change critical, whatever the
 * report's plan says. kubectl through the real Exec port against a fake kubectl, the gate against the
 * loopback GitHub (real Octokit), real git.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { buildReport, type Change, type DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { callLines, fakeTools } from './support/fake-kubectl.js';
import { approvedByBob, useFakeGitHub } from './support/fake-github.js';
import { pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';
import { ROLLOUT_CONFIG as CONFIG, syncReviewed, webDeployment as deployment } from './support/reviewed-sync.js';

const github = useFakeGitHub();
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});


/** The change makes web privileged (critical); drift-detect's report for its head. */
async function reviewedChange(): Promise<{ repo: PullRequestRepo; report: DriftReport }> {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': CONFIG, 'k8s/web.yaml': deployment(false) }, { 'k8s/web.yaml': deployment(true) });
  repos.push(repo);
  approvedByBob(github.state, repo);
  writeFileSync(join(repo.dir, 'live.yaml'), deployment(false));
  const analysed = await cli(['drift-detect', '--kubernetes-manifests', 'k8s', '--kubernetes-live-export', 'live.yaml', '--environment', 'prod', '--fail-on', 'never', '--output-directory', '.'], { cwd: repo.dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
  expect(analysed.code).toBe(0);
  const report = JSON.parse(readFileSync(join(repo.dir, 'drift-report-prod.json'), 'utf8')) as DriftReport;
  expect(report.changes.map((change) => [change.address, change.severity])).toEqual([['apps/v1/Deployment/shop/web', 'critical']]);
  return { repo, report };
}

/** The report with other changes, its totals and plan made consistent with them (as a forger would). */
const withChanges = (report: DriftReport, changes: Change[]): DriftReport => ({ ...buildReport({ environment: report.environment, sources: report.sources, changes, generatedAt: report.generated_at }), head_sha: report.head_sha });

async function syncTimingOut(repo: PullRequestRepo, report: DriftReport) {
  writeFileSync(join(repo.dir, 'given-report.json'), JSON.stringify(report));
  const tools = fakeTools({
    kubectl: [
      { match: /^get Deployment\.apps\/\S+ -n \S+ -o yaml/, stdout: deployment(false) },
      { match: /^apply --server-side --field-manager=gitops-sync -f /, stdout: 'deployment.apps/web serverside-applied\n' },
      { match: /^rollout status deployment\/web -n shop --timeout=30s/, times: 1, exit: 1, stderr: 'error: timed out waiting for the condition\n' },
      { match: /^rollout undo /, stdout: 'rolled back\n' },
      { match: /^rollout status /, stdout: 'successfully rolled out\n' },
    ],
  });
  const result = await syncReviewed({ dir: repo.dir, config: CONFIG, report: 'given-report.json', github, env: tools.env });
  expect(result.environments[0]).toMatchObject({ status: 'failed', failure_reason: 'rollout-timeout' });
  return { result: result.environments[0], undone: callLines(tools.calls()).filter((line) => line.startsWith('kubectl rollout undo')) };
}

test('a workload of another namespace the report adds as critical is never rolled back: only the stuck workload sync applied', async () => {
  const { repo, report } = await reviewedChange();
  const coredns = { ...report.changes[0], address: 'apps/v1/Deployment/kube-system/coredns' };
  const { result, undone } = await syncTimingOut(repo, withChanges(report, [...report.changes, coredns]));
  expect(undone).toEqual(['kubectl rollout undo deployment/web -n shop']);
  expect(result.auto_rolled_back).toEqual(['Deployment/web']);
});

test("a critical change whose severity the report lowers by hand is still rolled back: sync judges it by the config's rules", async () => {
  const { repo, report } = await reviewedChange();
  const lowered = { ...report.changes[0], severity: 'low' as const, rule: 'k8s.metadata' };
  const { result, undone } = await syncTimingOut(repo, withChanges(report, [lowered]));
  expect(undone).toEqual(['kubectl rollout undo deployment/web -n shop']);
  expect(result.auto_rolled_back).toEqual(['Deployment/web']);
});

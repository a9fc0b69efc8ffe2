/**
 * Attack on "the reviewed report's deletions are the only prunes allowed": the report file sync is
 * given was checked for its environment and head commit (and, for Terraform, its plan against the one
 * drift-detect commented), but a Kubernetes report carries no plan fingerprint, so its deletions were
 * taken as they stood. Whoever wrote the file sync reads (a pull request's own workflow run, whose
 * artifact a deploy downloads) added a Deployment of another namespace that Git never had; one approval
 * of an image bump, and sync deleted it. drift-detect's comment now names the deletions the reviewers
 * saw, and a report whose deletions are others is refused. kubectl through the real Exec port against a
 * fake kubectl, the gate and the comment against the loopback GitHub (real Octokit), real git.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { buildReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { callLines, fakeTools } from './support/fake-kubectl.js';
import { approvedByBob, useFakeGitHub } from './support/fake-github.js';
import { pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';
import { syncReviewed } from './support/reviewed-sync.js';

const github = useFakeGitHub();
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

const CONFIG = `environments:
  prod:
    kubernetes: { manifests: [k8s], namespace: shop, live: { kubectl: true }, tracking_label: team=shop }
approval:
  environments:
    prod: { required_approvals: 1 }
sync:
  rollout_timeout_seconds: 30
`;
const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop, labels: { team: shop } }\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;
const oldPolicy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: old, namespace: shop, labels: { team: shop } }\nspec:\n  podSelector: {}\n';
const list = (...items: object[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

/** The change: an image bump. drift-detect (with a live export) sees it and a NetworkPolicy Git lacks, and comments on pull request 3. */
async function reviewedChange() {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': CONFIG, 'k8s/web.yaml': deployment('web:1.0') }, { 'k8s/web.yaml': deployment('web:1.1') });
  repos.push(repo);
  approvedByBob(github.state, repo);
  writeFileSync(join(repo.dir, 'drift.yaml'), CONFIG.replace('live: { kubectl: true }', 'live: { export: live.yaml }'));
  writeFileSync(join(repo.dir, 'live.yaml'), `${deployment('web:1.0')}---\n${oldPolicy}`);
  const env = { GITHUB_ACTIONS: '', GITLAB_CI: '', GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url };
  const pr = ['--platform', 'github', '--repo', 'owner/repo', '--pr', '3', '--pr-comment', 'always', '--head-sha', repo.headSha];
  expect((await cli(['drift-detect', '--config', 'drift.yaml', '--environment', 'prod', '--fail-on', 'never', '--output-directory', '.', ...pr], { cwd: repo.dir, env })).code).toBe(0);
  const report = JSON.parse(readFileSync(join(repo.dir, 'drift-report-prod.json'), 'utf8'));
  expect(report.changes.map((change: { address: string; action: string }) => [change.address, change.action])).toEqual([
    ['apps/v1/Deployment/shop/web', 'update'],
    ['networking.k8s.io/v1/NetworkPolicy/shop/old', 'delete'],
  ]);
  return { repo, report };
}

async function syncWith(repo: PullRequestRepo, report: object) {
  writeFileSync(join(repo.dir, 'given-report.json'), JSON.stringify(report));
  const live = (await import('js-yaml')).load(deployment('web:1.0')) as object;
  const tools = fakeTools({
    kubectl: [
      { match: /^get -f \S+ -o json --ignore-not-found/, stdout: list(live) },
      { match: /^get \S+ (-n \S+ )?-o yaml/, stdout: '' },
      { match: /^apply /, stdout: 'applied\n' },
      { match: /^rollout status /, stdout: 'successfully rolled out\n' },
      { match: /^delete /, stdout: 'deleted\n' },
    ],
  });
  const result = await syncReviewed({ dir: repo.dir, config: CONFIG, report: 'given-report.json', github, env: tools.env });
  return { result: result.environments[0], deleted: callLines(tools.calls()).filter((line) => line.startsWith('kubectl delete')) };
}

test('a report with a deletion the commented report did not have deletes nothing', async () => {
  const { repo, report } = await reviewedChange();
  const forged = { ...report.changes[1], address: 'apps/v1/Deployment/payments/billing', kind: 'Deployment' };
  // Its totals and plan made to agree with its changes, as drift-detect would have written them.
  const given = { ...buildReport({ environment: report.environment, sources: report.sources, changes: [...report.changes, forged], generatedAt: report.generated_at }), head_sha: report.head_sha };

  const { result, deleted } = await syncWith(repo, given);

  expect(deleted).toEqual([]);
  expect(result).toMatchObject({ status: 'failed', failure_reason: 'gate-denied' });
  expect(result.message).toBe("The gate denied prod: the drift report's deletions are not the ones drift-detect commented on owner/repo#3.");
});

test('the report drift-detect commented prunes what it lists', async () => {
  const { repo, report } = await reviewedChange();

  const { result, deleted } = await syncWith(repo, report);

  expect(result).toMatchObject({ status: 'synced' });
  expect(deleted).toEqual([expect.stringContaining('kubectl delete NetworkPolicy.networking.k8s.io/old -n shop')]);
});

/**
 * Attacks on what sync's gate judges for Kubernetes: the gate must see every change sync is about to
 * make — a field the (pull request's own) config tells the diff to ignore is still applied, and the
 * report's approved prunes are still deleted. kubectl through the real Exec port against a fake
 * kubectl, the gate against the loopback GitHub (real Octokit), real git.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { GitHubReview } from '@gitops-sync/platforms';
import { nodeExec, runSync, silentProgress } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { callLines, fakeTools, type FakeRule } from './support/fake-kubectl.js';
import { approvedByBob, ghUser, useFakeGitHub } from './support/fake-github.js';
import { pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';

const github = useFakeGitHub();
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

const config = (kubernetesExtra = '') => `environments:
  prod:
    kubernetes: { manifests: [k8s], namespace: shop, live: { kubectl: true }${kubernetesExtra} }
approval:
  environments:
    prod: { required_approvals: 1, critical_requires_team: owner/security-team }
sync:
  rollout_timeout_seconds: 30
`;

const deployment = (privileged: boolean) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop, labels: { team: shop } }\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0\n          securityContext: { privileged: ${privileged} }\n`;
const denyAll = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny-all, namespace: shop, labels: { team: shop } }\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';
const list = (...yamlObjects: object[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: yamlObjects });

/** A sync of prod as the merged checkout configures it; the kubectl calls it made. */
async function syncProd(repo: PullRequestRepo, headConfig: string, kubectl: FakeRule[], reportPath?: string) {
  const tools = fakeTools({ kubectl });
  const result = await runSync(
    {
      environments: ['prod'],
      config: parseConfig(headConfig, 'gitops-sync.yaml'),
      baseDir: repo.dir,
      review: { platform: new GitHubReview({ token: github.state.token, repository: 'owner/repo', number: 3, baseUrl: github.url }), configPath: 'gitops-sync.yaml', cwd: repo.dir },
      reportPath,
      dryRun: false,
      parallel: false,
      concurrency: 1,
    },
    { exec: nodeExec, progress: silentProgress, clock: { now: () => new Date('2026-11-25T12:00:00Z') }, env: tools.env, sleep: async () => {} },
  );
  return { result, kubectl: callLines(tools.calls()) };
}

const anyWrite: FakeRule[] = [
  { match: /^get \S+ -n shop -o yaml/, stdout: '' },
  { match: /^apply /, stdout: 'applied\n' },
  { match: /^rollout status /, stdout: 'successfully rolled out\n' },
  { match: /^delete /, stdout: 'deleted\n' },
];

test('a pull request that adds ignore_differences for the field it makes privileged still needs the critical team', async () => {
  // The change turns on privileged and, in the same pull request, tells the diff to ignore that field.
  const ignoring = config(', ignore_differences: [{ kind: Deployment, json_pointers: [/spec/template/spec/containers/0/securityContext] }]');
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config(), 'k8s/web.yaml': deployment(false) }, { 'gitops-sync.yaml': ignoring, 'k8s/web.yaml': deployment(true) });
  repos.push(repo);
  approvedByBob(github.state, repo);
  const live = (await import('js-yaml')).load(deployment(false)) as object;
  const { result, kubectl } = await syncProd(repo, ignoring, [{ match: /^get -f \S+ -o json --ignore-not-found/, stdout: list(live) }, ...anyWrite]);
  expect(result.environments[0]).toMatchObject({ status: 'failed', failure_reason: 'gate-denied' });
  expect(result.environments[0].message).toContain('an approval from a member of owner/security-team');
  expect(kubectl.filter((line) => /^kubectl (apply|delete)/.test(line))).toEqual([]);
});

test("a critical deletion the reviewed report approves for pruning needs the critical team, even when sync's own diff cannot see it", async () => {
  // drift-detect (on the pull request, with a live export) saw the NetworkPolicy Git dropped: a
  // critical deletion, which sync prunes. Sync's own kubectl diff only lists the kinds Git still has.
  const tracked = config(', tracking_label: team=shop');
  const repo = pullRequestRepo({ 'gitops-sync.yaml': tracked, 'k8s/web.yaml': deployment(false), 'k8s/deny.yaml': denyAll }, { 'k8s/deny.yaml': null });
  repos.push(repo);
  writeFileSync(join(repo.dir, 'drift.yaml'), tracked.replace('live: { kubectl: true }', 'live: { export: live.yaml }'));
  writeFileSync(join(repo.dir, 'live.yaml'), `${deployment(false)}---\n${denyAll}`);
  const analysed = await cli(['drift-detect', '--config', 'drift.yaml', '--environment', 'prod', '--fail-on', 'never', '--output-directory', '.'], { cwd: repo.dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
  expect(analysed.code).toBe(0);
  const report = JSON.parse(readFileSync(join(repo.dir, 'drift-report-prod.json'), 'utf8'));
  expect(report.changes).toEqual([expect.objectContaining({ address: 'networking.k8s.io/v1/NetworkPolicy/shop/deny-all', action: 'delete', severity: 'critical' })]);
  approvedByBob(github.state, repo);
  const live = (await import('js-yaml')).load(deployment(false)) as object;
  const { result, kubectl } = await syncProd(
    repo,
    tracked,
    [{ match: /^get -f \S+ -o json --ignore-not-found/, stdout: list(live) }, { match: /^get \S+ --all-namespaces -l team=shop -o json/, stdout: list(live) }, ...anyWrite],
    join(repo.dir, 'drift-report-prod.json'),
  );
  expect(result.environments[0]).toMatchObject({ status: 'failed', failure_reason: 'gate-denied' });
  expect(result.environments[0].message).toContain('an approval from a member of owner/security-team');
  expect(kubectl.filter((line) => /^kubectl (apply|delete)/.test(line))).toEqual([]);

  github.state.pulls.get(3)!.reviews.push({ id: 2, user: ghUser('carol'), state: 'APPROVED', commit_id: repo.headSha, body: '', submitted_at: '2026-11-25T11:00:00Z' });
  const allowed = await syncProd(repo, tracked, [{ match: /^get -f \S+ -o json --ignore-not-found/, stdout: list(live) }, { match: /^get \S+ --all-namespaces -l team=shop -o json/, stdout: list(live) }, ...anyWrite], join(repo.dir, 'drift-report-prod.json'));
  expect(allowed.result.environments[0]).toMatchObject({ status: 'synced' });
  expect(allowed.kubectl.filter((line) => line.startsWith('kubectl delete'))).toEqual([expect.stringContaining('NetworkPolicy.networking.k8s.io/deny-all -n shop')]);
});

test("sync judges against the cluster it applies to, not a live export in the repository the pull request edits", async () => {
  const exported = config().replace('live: { kubectl: true }', 'live: { export: live.yaml }');
  const repo = pullRequestRepo({ 'gitops-sync.yaml': exported, 'k8s/web.yaml': deployment(false), 'live.yaml': deployment(false) }, { 'k8s/web.yaml': deployment(true), 'live.yaml': deployment(true) });
  repos.push(repo);
  approvedByBob(github.state, repo);
  const live = (await import('js-yaml')).load(deployment(false)) as object;
  const { result, kubectl } = await syncProd(repo, exported, [{ match: /^get -f \S+ -o json --ignore-not-found/, stdout: list(live) }, ...anyWrite]);
  expect(result.environments[0]).toMatchObject({ status: 'failed', failure_reason: 'gate-denied' });
  expect(result.environments[0].message).toContain('an approval from a member of owner/security-team');
  expect(kubectl.filter((line) => /^kubectl (apply|delete)/.test(line))).toEqual([]);
});

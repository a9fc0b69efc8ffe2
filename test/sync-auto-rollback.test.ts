/**
 * A failed rollout during sync rolls back, by itself, the workloads whose changes the reviewed
 * report marks auto_rollback (critical ones) — kubectl through the real Exec port against a fake
 * kubectl, the gate against the loopback GitHub.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { fakeTools, callLines } from './support/fake-kubectl.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';
import { ROLLOUT_CONFIG as CONFIG, syncReviewed, webDeployment as deployment } from './support/reviewed-sync.js';

const github = useFakeGitHub();
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});


test('a rollout timeout rolls back the critical workload of the reviewed report (backup, undo, status)', async () => {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': CONFIG, 'k8s/web.yaml': deployment(false) }, { 'k8s/web.yaml': deployment(true) });
  repos.push(repo);
  writeFileSync(join(repo.dir, 'live.yaml'), deployment(false));
  const analysed = await cli(['drift-detect', '--kubernetes-manifests', 'k8s', '--kubernetes-live-export', 'live.yaml', '--environment', 'prod', '--fail-on', 'never', '--output-directory', '.'], { cwd: repo.dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
  expect(analysed.code).toBe(0);
  const report = JSON.parse(readFileSync(join(repo.dir, 'drift-report-prod.json'), 'utf8'));
  expect(report.remediation_plan[0]).toMatchObject({ auto_rollback: true, changes: ['apps/v1/Deployment/shop/web'] });
  expect(report.head_sha).toBe(repo.headSha);

  github.state.pulls.set(3, ghPullRequest(ghUser('alice'), { number: 3, head: repo.headSha, base: repo.baseSha }, { files: repo.files, reviews: [{ id: 1, user: ghUser('bob'), state: 'APPROVED', commit_id: repo.headSha, body: '', submitted_at: '2026-11-25T10:00:00Z' }], commits: [{ sha: repo.headSha, author: ghUser('alice'), committer: ghUser('alice'), authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }] }));
  github.state.permissions = { alice: 'write', bob: 'write' };
  const tools = fakeTools({
    kubectl: [
      { match: /^get Deployment\.apps\/web -n shop -o yaml/, stdout: deployment(false) },
      { match: /^apply --server-side --field-manager=gitops-sync -f /, stdout: 'deployment.apps/web serverside-applied\n' },
      { match: /^rollout status deployment\/web -n shop --timeout=30s/, exit: 1, stderr: 'error: timed out waiting for the condition\n' },
      { match: /^rollout undo deployment\/web -n shop/, stdout: 'deployment.apps/web rolled back\n' },
    ],
  });

  const result = await syncReviewed({ dir: repo.dir, config: CONFIG, report: 'drift-report-prod.json', github, env: tools.env });
  expect(result.environments[0]).toMatchObject({ status: 'failed', failure_reason: 'rollout-timeout' });
  const kubectl = callLines(tools.calls()).map((line) => line.replace(/ -f \S+/, ' -f FILE'));
  // Sync: backup, apply, status (timeout). Then the automatic rollback: backup, undo, status.
  expect(kubectl.map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual([
    'kubectl get Deployment.apps/web',
    'kubectl apply --server-side',
    'kubectl rollout status',
    'kubectl get Deployment.apps/web',
    'kubectl rollout undo',
    'kubectl rollout status',
  ]);
  // The fake cluster never becomes ready, so the rollback says so rather than pretending.
  expect(result.environments[0].steps.find((step: string) => step.startsWith('automatic rollback'))).toMatch(/^automatic rollback of Deployment\/web failed: deployment\/web in shop did not finish rolling back within 30 s/);
});

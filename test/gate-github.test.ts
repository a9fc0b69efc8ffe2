/**
 * `gitops-sync gate --platform github`: real Octokit against the loopback GitHub, the policy and
 * CODEOWNERS read from the base commit of a real git checkout. Exit 0 allowed, 3 denied, 1 error.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { buildReport, type Change } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub, type GhCommit, type GhReview, type GhUser } from './support/fake-github.js';
import { pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';

const github = useFakeGitHub();
const alice = ghUser('alice');
const bob = ghUser('bob');
const carol = ghUser('carol');
const dave = ghUser('dave');
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

const CONFIG = `approval:
  bots: [deploy-robot]
  environments:
    production:
      production: true
      critical_requires_team: owner/security-team
    staging:
      required_approvals: 1
`;

function commit(sha: string, author: GhUser | null): GhCommit {
  return { sha, author, committer: author, authorName: author?.login ?? 'Mallory', authorEmail: 'x@example.com', committerName: author?.login ?? 'Mallory', committerEmail: 'x@example.com' };
}

let reviewId = 100;
const review = (user: GhUser, sha: string, state: GhReview['state'] = 'APPROVED'): GhReview => ({ id: reviewId++, user, state, commit_id: sha, body: '', submitted_at: new Date(Date.UTC(2026, 10, 25, 12, reviewId % 60)).toISOString() });

function openPull(reviews: (headSha: string) => GhReview[], commits?: (headSha: string) => GhCommit[], config = CONFIG): PullRequestRepo {
  const repo = pullRequestRepo(
    { 'gitops-sync.yaml': config, 'CODEOWNERS': '/terraform/ @bob @owner/infra\n', 'terraform/main.tf': 'a\n' },
    { 'terraform/main.tf': 'b\n' },
  );
  repos.push(repo);
  github.state.pulls.set(9, ghPullRequest(alice, { number: 9, head: repo.headSha, base: repo.baseSha }, { files: repo.files, reviews: reviews(repo.headSha), commits: commits ? commits(repo.headSha) : [commit(repo.headSha, alice)] }));
  github.state.permissions = { alice: 'write', bob: 'write', carol: 'maintain', dave: 'read', 'deploy-robot': 'write', 'helper[bot]': 'write' };
  github.state.teams = { 'owner/security-team': ['carol'], 'owner/infra': ['carol'] };
  return repo;
}

async function gate(repo: PullRequestRepo, ...extra: string[]) {
  const run = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production', '--format', 'json', ...extra], {
    cwd: repo.dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url },
  });
  return { ...run, decision: run.stdout ? JSON.parse(run.stdout) : undefined };
}

test('two independent approvals with write access on the head, one a code owner: allowed (exit 0)', async () => {
  const repo = openPull((head) => [review(bob, head), review(carol, head)]);
  const run = await gate(repo);
  expect(run.code).toBe(0);
  expect(run.decision).toEqual({
    allowed: true,
    environment: 'production',
    pull_request: 9,
    head_sha: repo.headSha,
    required_approvals: 2,
    approvals_counted: [
      { user: 'bob', id: bob.id, reason: 'latest review approves the head commit' },
      { user: 'carol', id: carol.id, reason: 'latest review approves the head commit' },
    ],
    approvals_rejected: [],
    missing: [],
  });
});

describe('bypass attempts are denied (exit 3) with the reason for each rejected approval', () => {
  const cases: [string, (head: string) => GhReview[], ((head: string) => GhCommit[]) | undefined, string][] = [
    ['self-approval', (head) => [review(alice, head), review(bob, head)], undefined, 'alice: is the author of the change'],
    ['approval on an older commit', (head) => [review(bob, head), review(carol, 'e'.repeat(40))], undefined, 'carol: approved an older commit eeeeeeeeeeee, not the head'],
    ['bot approval', (head) => [review(bob, head), review(ghUser('helper[bot]'), head)], undefined, 'helper[bot]: is a bot'],
    ['a configured bot', (head) => [review(bob, head), review(ghUser('deploy-robot'), head)], undefined, 'deploy-robot: is a bot'],
    ['a commit author approving', (head) => [review(bob, head), review(carol, head)], (head) => [commit('1'.repeat(40), alice), commit(head, carol)], 'carol: authored or committed a commit in the change'],
    ['approval from a user without write access', (head) => [review(bob, head), review(dave, head)], undefined, 'dave: has no write permission on the repository'],
  ];
  test.each(cases)('%s', async (_name, reviews, commits, rejected) => {
    const run = await gate(openPull(reviews, commits));
    expect(run.code).toBe(3);
    expect(run.decision.allowed).toBe(false);
    expect(run.decision.approvals_rejected.map((a: { user: string; reason: string }) => `${a.user}: ${a.reason}`)).toEqual([rejected]);
    expect(run.decision.missing).toContain('2 approvals from independent reviewers with write access (have 1)');
  });

  test('the same user approving twice counts once', async () => {
    const run = await gate(openPull((head) => [review(bob, head), review(bob, head)]));
    expect(run.code).toBe(3);
    expect(run.decision.approvals_counted).toHaveLength(1);
  });

  test('changes requested after approving withdraws the approval', async () => {
    const run = await gate(openPull((head) => [review(bob, head), review(carol, head), review(bob, head, 'CHANGES_REQUESTED')]));
    expect(run.code).toBe(3);
    expect(run.decision.approvals_counted.map((a: { user: string }) => a.user)).toEqual(['carol']);
  });

  test('run from a folder inside the clone, still reads CODEOWNERS at the top of the base commit', async () => {
    const repo = openPull((head) => [review(dave, head), review(ghUser('erin'), head)]);
    github.state.permissions = { ...github.state.permissions, dave: 'write', erin: 'admin' };
    const run = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production', '--format', 'json', '--config', '../gitops-sync.yaml'], {
      cwd: join(repo.dir, 'terraform'),
      env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url },
    });
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout).missing).toContain('code owners: an approval from @bob or @owner/infra for terraform/main.tf');
  });

  test('run from a folder inside the clone with the config at the top not named: an error, never the default policy', async () => {
    const repo = openPull((head) => [review(bob, head)]);
    const run = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production', '--format', 'json'], {
      cwd: join(repo.dir, 'terraform'),
      env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("The config terraform/gitops-sync.yaml is not at the base commit but gitops-sync.yaml is, so the change cannot be judged by the repository's policy; run from the repository's top or pass --config with the config's path.");
  });

  test('code owners of the changed paths must approve', async () => {
    // dave gets write here, so two approvals count, but neither is an owner of /terraform/.
    const repo = openPull((head) => [review(dave, head), review(ghUser('erin'), head)]);
    github.state.permissions = { ...github.state.permissions, dave: 'write', erin: 'admin' };
    const run = await gate(repo);
    expect(run.code).toBe(3);
    expect(run.decision.missing).toEqual([
      'no drift report or plan shows what the change does, so it counts as critical: an approval from a member of owner/security-team',
      'code owners: an approval from @bob or @owner/infra for terraform/main.tf',
    ]);
  });
});

describe('critical drift needs the critical team', () => {
  async function criticalReport(dir: string, environment = 'production', ...extra: string[]): Promise<string> {
    writeFileSync(join(dir, 'desired.yaml'), 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: view}\nrules: [{apiGroups: [""], resources: [pods], verbs: [get]}]\n');
    writeFileSync(join(dir, 'live.yaml'), 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: view}\nrules: [{apiGroups: [""], resources: [pods], verbs: ["*"]}]\n');
    const detected = await cli(['drift-detect', '--environment', environment, '--kubernetes-manifests', 'desired.yaml', '--kubernetes-live-export', 'live.yaml', '--fail-on', 'never', '--output-directory', '.', ...extra], { cwd: dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
    expect(detected.code).toBe(0);
    return `drift-report-${environment}.json`;
  }

  test('without a security-team approval a critical report is denied; with one it is allowed', async () => {
    const repo = openPull((head) => [review(bob, head), review(ghUser('erin'), head)]);
    github.state.permissions.erin = 'write';
    const report = await criticalReport(repo.dir);
    const denied = await gate(repo, '--report', report);
    expect(denied.code).toBe(3);
    expect(denied.decision.missing).toEqual(['the drift report has critical changes: an approval from a member of owner/security-team']);

    github.state.pulls.get(9)!.reviews.push(review(carol, repo.headSha));
    const allowed = await gate(repo, '--report', report);
    expect(allowed.code).toBe(0);
  });

  test('a report of another environment, another commit or without a commit is refused, whatever it says', async () => {
    const repo = openPull((head) => [review(bob, head), review(ghUser('erin'), head), review(carol, head)]);
    github.state.permissions.erin = 'write';
    const other = await gate(repo, '--report', await criticalReport(repo.dir, 'staging'));
    expect(other.code).toBe(3);
    expect(other.decision.missing).toEqual(['the drift report given is for environment staging, not production; nothing can be decided on a report of another change']);

    const older = await gate(repo, '--report', await criticalReport(repo.dir, 'production', '--head-sha', repo.baseSha));
    expect(older.code).toBe(3);
    expect(older.decision.missing[0]).toBe(`the drift report given was made at ${repo.baseSha.slice(0, 12)}, not at the head ${repo.headSha.slice(0, 12)} of owner/repo#9; nothing can be decided on a report of another change`);

    const report = await criticalReport(repo.dir);
    const path = join(repo.dir, report);
    const { head_sha: _dropped, ...unbound } = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify(unbound));
    const unknown = await gate(repo, '--report', report);
    expect(unknown.code).toBe(3);
    expect(unknown.decision.missing[0]).toMatch(/^the drift report given names no head commit/);
  });

  test('a report that says nothing is critical does not hide a critical change: the base commit\'s rules judge it again', async () => {
    const repo = openPull((head) => [review(bob, head), review(ghUser('erin'), head)]);
    github.state.permissions.erin = 'write';
    const path = join(repo.dir, await criticalReport(repo.dir));
    const report = JSON.parse(readFileSync(path, 'utf8'));
    const lowered = report.changes.map((change: Change) => ({ ...change, severity: 'low', rule: 'forged' }));
    // Its totals and plan made to agree with the lowered changes, as drift-detect would have written them.
    writeFileSync(path, JSON.stringify({ ...report, ...buildReport({ environment: report.environment, sources: report.sources, changes: lowered, generatedAt: report.generated_at }) }));
    const run = await gate(repo, '--report', path);
    expect(run.code).toBe(3);
    expect(run.decision.missing).toEqual(['the drift report has critical changes: an approval from a member of owner/security-team']);
  });

  test('a report that is not a drift report is refused with exit 1 before any API call', async () => {
    const repo = openPull(() => []);
    writeFileSync(join(repo.dir, 'bad.json'), '{"schema": "something else"}');
    const run = await gate(repo, '--report', 'bad.json');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gitops-sync: .*bad\.json is not a gitops-sync drift report \(.*\); pass the drift-report\.json that drift-detect wrote\.\n$/);
    expect(github.requests).toHaveLength(0);
  });
});

test('an environment missing from approval.environments is an error naming the ones there are', async () => {
  const repo = openPull(() => []);
  const run = await gate(repo, '--env', 'prodution');
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/Environment prodution has no approval\.environments\.prodution entry .*; add one, or pass one of: production, staging\.\n$/);
});

test('team rules need org read access: a 403 on team membership names the permission', async () => {
  const repo = openPull((head) => [review(bob, head), review(carol, head)]);
  github.faults.push({ method: 'GET', path: /\/orgs\/owner\/teams\//, status: 403, times: 5, body: { message: 'Resource not accessible by integration' } });
  const run = await gate(repo);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/GitHub refused to read bob's membership of owner\/(infra|security-team) \(403\); the token needs the "Organization members: read" permission/);
});

test('a critical team named without its organisation is a config error, not a denial nobody can lift', async () => {
  // The report comes from a good config; the change's base commit names the team without its org.
  const good = openPull(() => []);
  const report = join(good.dir, 'report.json');
  writeFileSync(join(good.dir, 'desired.yaml'), 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: view}\nrules: [{apiGroups: [""], resources: [pods], verbs: [get]}]\n');
  writeFileSync(join(good.dir, 'live.yaml'), 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: view}\nrules: [{apiGroups: [""], resources: [pods], verbs: ["*"]}]\n');
  expect((await cli(['analyze', '--source', 'k8s-manifests', '--input', 'desired.yaml', '--live', 'live.yaml', '--output', report], { cwd: good.dir })).code).toBe(2);
  const repo = openPull((head) => [review(bob, head), review(carol, head)], undefined, CONFIG.replace('critical_requires_team: owner/security-team', 'critical_requires_team: security-team'));
  github.state.teams['security-team'] = ['carol'];
  const run = await gate(repo, '--report', report);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('approval.environments.production.critical_requires_team: "security-team" names no organisation, so no approval can ever satisfy it; write it as org/security-team');
});

/**
 * GitHub keeps approvals when a pull request's base branch is changed: the head stays, so each
 * review's commit_id still names the head. A pull request from `feature` approved against `main`
 * and then retargeted to `production` brings main's commits not yet in production under those
 * approvals. The gate must count only approvals given since the latest base change, which the
 * pull request's GraphQL timeline dates (BaseRefChangedEvent).
 */
import { describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub, type GhBaseChange, type GhReview, type GhUser } from './support/fake-github.js';
import type { PullRequestRepo } from './support/git-repo.js';
import { usePullRequestRepos } from './support/pr-repos.js';

const github = useFakeGitHub();
const alice = ghUser('alice');
const bob = ghUser('bob');
const carol = ghUser('carol');
const pullRequestRepo = usePullRequestRepos();

const CONFIG = 'approval:\n  environments:\n    production:\n      production: true\n      branch: production\n';
const RETARGETED_AT = '2026-11-25T12:00:00Z';
const retarget = (at = RETARGETED_AT, from = 'main', to = 'production'): GhBaseChange => ({ from, to, at, actor: alice });
const approval = (user: GhUser, sha: string, at: string): GhReview => ({ id: Date.parse(at) / 1000 + user.id, user, state: 'APPROVED', commit_id: sha, body: '', submitted_at: at });

function openPull(reviews: (head: string) => GhReview[], baseChanges?: GhBaseChange[]): PullRequestRepo {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': CONFIG, 'terraform/main.tf': 'a\n' }, { 'terraform/main.tf': 'b\n' });
  const pull = ghPullRequest(alice, { number: 9, head: repo.headSha, base: repo.baseSha }, { files: repo.files, reviews: reviews(repo.headSha), commits: [{ sha: repo.headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@example.com', committerName: 'alice', committerEmail: 'a@example.com' }], ...(baseChanges ? { baseChanges } : {}) });
  pull.base.ref = 'production';
  github.state.pulls.set(9, pull);
  github.state.permissions = { alice: 'write', bob: 'write', carol: 'write' };
  // The default branch's config names production's branch, so a change targeting it is judged by its base's policy.
  github.state.contents = { 'refs/heads/main:gitops-sync.yaml': CONFIG };
  return repo;
}

async function gate(repo: PullRequestRepo) {
  const run = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production', '--format', 'json'], {
    cwd: repo.dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url },
  });
  return { ...run, decision: run.stdout ? JSON.parse(run.stdout) : undefined };
}

const counted = (decision: { approvals_counted: { user: string }[] }) => decision.approvals_counted.map((a) => a.user);
const rejected = (decision: { approvals_rejected: { user: string; reason: string }[] }) => decision.approvals_rejected.map((a) => `${a.user}: ${a.reason}`);

describe('approvals GitHub kept across a change of the base branch (same head)', () => {
  test('approvals given while the pull request targeted main do not count once it targets production: denied', async () => {
    const repo = openPull((head) => [approval(bob, head, '2026-11-25T10:00:00Z'), approval(carol, head, '2026-11-25T11:00:00Z')], [retarget()]);
    const run = await gate(repo);
    expect(run.code).toBe(3);
    expect(run.decision.allowed).toBe(false);
    expect(counted(run.decision)).toEqual([]);
    expect(rejected(run.decision)).toEqual([
      'bob: approved the change against another base branch main (its target branch changed since), not this one',
      'carol: approved the change against another base branch main (its target branch changed since), not this one',
    ]);
    expect(run.decision.missing).toContain('2 approvals from independent reviewers with write access (have 0)');
  });

  test('approvals given after the base change count: allowed', async () => {
    const repo = openPull((head) => [approval(bob, head, '2026-11-25T12:05:00Z'), approval(carol, head, '2026-11-25T13:00:00Z')], [retarget()]);
    const run = await gate(repo);
    expect(run.code).toBe(0);
    expect(counted(run.decision)).toEqual(['bob', 'carol']);
  });

  test('one approval before and one after: only the later counts, and the earlier names the branch it was given against', async () => {
    // main → staging at 11:00, staging → production at 12:00: bob approved while it targeted staging.
    const repo = openPull((head) => [approval(bob, head, '2026-11-25T11:30:00Z'), approval(carol, head, '2026-11-25T12:30:00Z')], [retarget('2026-11-25T11:00:00Z', 'main', 'staging'), retarget(RETARGETED_AT, 'staging', 'production')]);
    const run = await gate(repo);
    expect(run.code).toBe(3);
    expect(counted(run.decision)).toEqual(['carol']);
    expect(rejected(run.decision)).toEqual(['bob: approved the change against another base branch staging (its target branch changed since), not this one']);
  });

  test("GitHub's own retarget after the old base was merged and deleted is a base change too", async () => {
    const repo = openPull((head) => [approval(bob, head, '2026-11-25T10:00:00Z'), approval(carol, head, '2026-11-25T12:30:00Z')], [{ ...retarget(), automatic: true }]);
    const run = await gate(repo);
    expect(run.code).toBe(3);
    expect(rejected(run.decision)).toEqual(['bob: approved the change against another base branch main (its target branch changed since), not this one']);
  });

  test('no base change: approvals on the head count as before', async () => {
    const repo = openPull((head) => [approval(bob, head, '2026-11-25T10:00:00Z'), approval(carol, head, '2026-11-25T11:00:00Z')]);
    const run = await gate(repo);
    expect(run.code).toBe(0);
    expect(counted(run.decision)).toEqual(['bob', 'carol']);
  });

  test('a timeline GitHub does not answer readably fails closed with one sentence (exit 1)', async () => {
    const repo = openPull((head) => [approval(bob, head, '2026-11-25T12:05:00Z'), approval(carol, head, '2026-11-25T13:00:00Z')], [retarget()]);
    github.faults.push({ method: 'POST', path: /^\/graphql$/, status: 200, times: 1, body: { data: null, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] } });
    const run = await gate(repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').at(-2)).toBe(
      'gitops-sync: GitHub\'s GraphQL API would not list the base branch changes of owner/repo#9 (Resource not accessible by integration), so an approval given against another base cannot be told apart; the token needs the "Pull requests: read" permission (GITHUB_TOKEN: permissions: pull-requests: read).',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('more base changes than one page lists are all read', async () => {
    // 150 retargets back and forth between staging and production, the last at 12:00; bob approved before the last one.
    const changes = Array.from({ length: 150 }, (_, i) => retarget(new Date(Date.parse(RETARGETED_AT) - (149 - i) * 60_000).toISOString().replace('.000', ''), i % 2 ? 'staging' : 'production', i % 2 ? 'production' : 'staging'));
    const repo = openPull((head) => [approval(bob, head, '2026-11-25T11:59:30Z'), approval(carol, head, '2026-11-25T12:30:00Z')], changes);
    const run = await gate(repo);
    expect(run.code).toBe(3);
    expect(rejected(run.decision)).toEqual(['bob: approved the change against another base branch staging (its target branch changed since), not this one']);
  });
});

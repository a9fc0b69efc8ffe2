/**
 * Attack on team names: a GitHub team written as a path of three (`org/parent/child`, as GitLab names
 * subgroups) must not be read as `org/parent`, whose members are not the team the policy names.
 */
import { rmSync } from 'node:fs';
import { afterEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub, type GhReview } from './support/fake-github.js';
import { pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';

const github = useFakeGitHub();
const alice = ghUser('alice');
const bob = ghUser('bob');
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

test('required_teams: [owner/everyone/security-team] on GitHub is not satisfied by a member of owner/everyone', async () => {
  const config = 'approval:\n  environments:\n    staging:\n      required_approvals: 1\n      required_teams: [owner/everyone/security-team]\n';
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config, 'terraform/main.tf': 'a\n' }, { 'terraform/main.tf': 'b\n' });
  repos.push(repo);
  const approval: GhReview = { id: 1, user: bob, state: 'APPROVED', commit_id: repo.headSha, body: '', submitted_at: '2026-11-25T12:00:00Z' };
  github.state.pulls.set(9, ghPullRequest(alice, { number: 9, head: repo.headSha, base: repo.baseSha }, { files: repo.files, reviews: [approval], commits: [{ sha: repo.headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@example.com', committerName: 'alice', committerEmail: 'a@example.com' }] }));
  github.state.permissions = { alice: 'write', bob: 'write', carol: 'write' };
  // GitHub counts a child team's members as members of its parent: the parent is the wider group.
  github.state.teams = { 'owner/everyone': ['bob', 'carol'], 'owner/security-team': ['carol'] };
  const run = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'staging', '--format', 'json'], {
    cwd: repo.dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url },
  });
  expect(run.code).not.toBe(0);
  expect(run.stdout).not.toMatch(/"allowed":\s*true/);
  expect(run.stderr).toMatch(/owner\/everyone\/security-team/);
});

/**
 * A pull request into a branch other than the default one is judged by that branch's policy, which
 * anyone with write access can loosen (`required_approvals: 0`, `branch: y`): the gate and
 * approve-safe trust the base's policy only on the default branch, or on the environment's branch
 * as the config on the default branch names it. Real git, real Octokit against the loopback GitHub.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab } from './support/fake-gitlab.js';
import { pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';

const github = useFakeGitHub();
const gitlab = useFakeGitLab();
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

const config = (staging: string) => `environments:
  staging:
    kubernetes: { manifests: [k8s], namespace: shop, live: { export: live.yaml } }
approval:
  safe_paths: ['docs/**']
  environments:
    staging: { ${staging} }
`;
const strict = config('required_approvals: 2');
const loose = config('required_approvals: 0, branch: y');

function pullInto(baseRef: string, baseConfig: string) {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': baseConfig, 'docs/guide.md': 'old\n' }, { 'docs/guide.md': 'new\n' });
  repos.push(repo);
  const alice = ghUser('alice');
  github.state.pulls.set(
    9,
    ghPullRequest(alice, { number: 9, head: repo.headSha, base: repo.baseSha }, {
      base: { sha: repo.baseSha, ref: baseRef, repoFullName: 'owner/repo' },
      files: repo.files,
      reviews: [],
      commits: [{ sha: repo.headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }],
    }),
  );
  github.state.permissions = { alice: 'write' };
  github.state.contents['main:gitops-sync.yaml'] = strict;
  return repo;
}

const env = () => ({ GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url });
const gate = (repo: PullRequestRepo) => cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'staging', '--format', 'json'], { cwd: repo.dir, env: env() });

test('a pull request into a non-default branch whose config needs no approval (and names itself the branch) is denied, naming both branches', async () => {
  const run = await gate(pullInto('y', loose));
  expect(run.code).toBe(3);
  const decision = JSON.parse(run.stdout);
  expect(decision.allowed).toBe(false);
  expect(decision.missing).toContainEqual(expect.stringMatching(/targets y, not the default branch main.*staging's branch/));
});

test('approve-safe does not approve a pull request into a non-default branch whose own config names it an environment branch', async () => {
  const repo = pullInto('y', loose);
  const run = await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--dry-run', '--format', 'json'], { cwd: repo.dir, env: env() });
  const decision = JSON.parse(run.stdout);
  expect(decision.approved).toBe(false);
  expect(decision.findings).toContainEqual({ path: null, reason: expect.stringMatching(/targets y, not the default branch or an environment's branch \(main\)/) });
});

test('a pull request into the default branch is judged by its policy as before', async () => {
  const run = await gate(pullInto('main', config('required_approvals: 0')));
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout).allowed).toBe(true);
});

test("a pull request into the environment's branch as the config on the default branch names it is judged by its base's policy", async () => {
  const repo = pullInto('y', config('required_approvals: 0, branch: y'));
  github.state.contents['main:gitops-sync.yaml'] = config('required_approvals: 2, branch: y');
  const run = await gate(repo);
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout).allowed).toBe(true);
});

test('on GitLab, a merge request into a non-default branch whose config needs no approval is denied, and one into the default branch is judged as before', async () => {
  const [base, head] = ['b'.repeat(40), 'a'.repeat(40)];
  const gate = async (targetBranch: string) => {
    gitlab.state.mrs.set(5, glMergeRequest(glUser(10, 'alice'), [modifiedDiff('docs/guide.md')], { target_branch: targetBranch }, { head, base }));
    gitlab.state.files = { [`${base}:gitops-sync.yaml`]: loose, 'main:gitops-sync.yaml': strict };
    gitlab.state.members = { 10: 30 };
    const run = await cli(['gate', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--env', 'staging', '--format', 'json'], { cwd: process.cwd(), env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` } });
    return { code: run.code, decision: JSON.parse(run.stdout) };
  };
  const into = await gate('y');
  expect(into.code).toBe(3);
  expect(into.decision.missing).toContainEqual(expect.stringMatching(/targets y, not the default branch main.*staging's branch/));
  const intoDefault = await gate('main');
  expect(intoDefault.code).toBe(0);
  expect(intoDefault.decision.allowed).toBe(true);
});

// Where a decision is recorded is not the targeted branch's to say either: a branch anyone can make could
// send the denial of its own pull requests to a trail no one reads.
test("the gate and approve-safe record a pull request into a non-default branch in the trail the default branch's config names", async () => {
  const repo = pullInto('y', `${loose}audit:\n  store: file\n  file: elsewhere/events.jsonl\n`);
  github.state.contents['main:gitops-sync.yaml'] = `${strict}audit:\n  store: file\n`;
  expect((await gate(repo)).code).toBe(3);
  expect((await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9'], { cwd: repo.dir, env: env() })).code).toBe(0);
  const events = readFileSync(join(repo.dir, '.gitops-sync/audit/events.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { details: { type: string; outcome: string } });
  expect(events.map(({ details }) => `${details.type}:${details.outcome}`)).toEqual(['gate:denied', 'approve-safe:not-approved']);
  expect(existsSync(join(repo.dir, 'elsewhere'))).toBe(false);
});

/**
 * Found by a review (attack23): the gate re-judges a drift report's changes by the policy at the base
 * commit, but the report keeps only the unchanged attributes the rules of the config it was made with
 * read. When the base's rules read another (a rule added on the default branch after the pull request
 * branched off, which the change does not touch), that rule's `where … equals` never matched: a prod
 * instance's resize passed as not critical. Real git, real Octokit against the loopback GitHub.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { git, pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';
import { planJson, resourceUpdate } from './support/plan-json.js';

const github = useFakeGitHub();
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

const PROD_RULE = `severity:
  rules:
    - id: prod-instance
      severity: critical
      match: { source: terraform-plan, kind: aws_instance, where: { path: /tags/env, equals: prod } }
`;
const config = (rules = '') => `environments:
  production:
    terraform: { dir: infra }
approval:
  environments:
    production: { required_approvals: 1, critical_requires_team: owner/security-team }
${rules}`;

/** The prod instance resized, its tags unchanged (`tags` null: an instance without tags). */
const plan = (tags: Record<string, string> | null) =>
  planJson([resourceUpdate('aws_instance.web', { instance_type: 't3.small', tags }, { instance_type: 't3.medium', tags }, { sensitive: { tags: {} } })]);

/** drift-detect on the head, then the gate by the policy at `baseSha`, with one approval from a writer outside the critical team. */
async function gate(repo: PullRequestRepo, baseSha: string, tags: Record<string, string> | null = { env: 'prod' }) {
  writeFileSync(join(repo.dir, 'plan.json'), plan(tags));
  const detected = await cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'plan.json', '--fail-on', 'never', '--output-directory', '.'], { cwd: repo.dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
  expect(detected.stderr).toBe('');
  const alice = ghUser('alice');
  github.state.pulls.set(
    9,
    ghPullRequest(alice, { number: 9, head: repo.headSha, base: baseSha }, {
      files: repo.files,
      reviews: [{ id: 1, user: ghUser('bob'), state: 'APPROVED', commit_id: repo.headSha, body: '', submitted_at: '2026-11-25T12:00:00Z' }],
      commits: [{ sha: repo.headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }],
    }),
  );
  github.state.permissions = { alice: 'write', bob: 'write', carol: 'write' };
  github.state.teams = { 'owner/security-team': ['carol'] };
  return cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production', '--report', 'drift-report-production.json', '--format', 'json'], {
    cwd: repo.dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url },
  });
}

test('a report made with the same rules as the base policy: the rule matches and the critical team must approve', async () => {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config(PROD_RULE), 'infra/main.tf': '# v1\n' }, { 'infra/main.tf': '# v2\n' });
  repos.push(repo);
  const run = await gate(repo, repo.baseSha);
  expect(run.code).toBe(3);
  expect(JSON.parse(run.stdout).missing).toEqual(['the drift report has critical changes: an approval from a member of owner/security-team']);
});

test('an instance without the tag, read for the same rules: the report says so, and one approval is enough', async () => {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config(PROD_RULE), 'infra/main.tf': '# v1\n' }, { 'infra/main.tf': '# v2\n' });
  repos.push(repo);
  const run = await gate(repo, repo.baseSha, null);
  expect(JSON.parse(readFileSync(join(repo.dir, 'drift-report-production.json'), 'utf8')).changes[0].attributes).toEqual({ '/tags/env': null });
  expect(run.code).toBe(0);
});

test('a rule added on the base after the change branched off: the report, read without it, cannot show the change is not critical', async () => {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config(), 'infra/main.tf': '# v1\n' }, { 'infra/main.tf': '# v2\n' });
  repos.push(repo);
  // The default branch moves on: the security team adds the rule. The change does not touch the config.
  git(repo.dir, 'checkout', '-q', 'main');
  writeFileSync(join(repo.dir, 'gitops-sync.yaml'), config(PROD_RULE));
  git(repo.dir, 'commit', '-q', '-am', 'prod instances are critical');
  const newBase = git(repo.dir, 'rev-parse', 'HEAD');
  git(repo.dir, 'checkout', '-q', 'change');
  const run = await gate(repo, newBase);
  expect(run.code).toBe(3);
  expect(JSON.parse(run.stdout).missing).toEqual([
    expect.stringMatching(/^the drift report was made with severity rules that do not read \/tags\/env of aws_instance\.web \(the base.s config changed since, or an older gitops-sync made it\), which rule prod-instance of the policy at the base reads.*: an approval from a member of owner\/security-team$/),
  ]);
});

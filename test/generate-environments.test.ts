/**
 * `gitops-sync generate github-environments` and `generate gitlab-protected-environments`: the approval
 * policy as the platforms' own environment protection, as the JSON bodies of their APIs, and set with
 * --apply, against the loopback GitHub (real Octokit) and GitLab.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { stableId, useFakeGitHub } from './support/fake-github.js';
import { groupId, useFakeGitLab } from './support/fake-gitlab.js';
import { tempDir } from './support/temp-dir.js';

const github = useFakeGitHub(() => ({ teams: { 'owner/platform': ['pat'], 'owner/security': ['sam'] } }));
const gitlab = useFakeGitLab(() => ({ groups: { 'owner/platform': { 7: 30 } } }));

const dir = tempDir('gitops-sync-generate-environments-');
writeFileSync(
  join(dir, 'gitops-sync.yaml'),
  `approval:
  environments:
    production:
      production: true
      required_teams: [owner/platform]
      critical_requires_team: owner/security
      branch: release
      wait_timer: 30
    dev: { required_approvals: 1 }
`,
);

const githubEnv = () => ({ GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'owner/repo', GITHUB_ACTIONS: '', GITLAB_CI: '' });
const gitlabEnv = () => ({ GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4`, CI_PROJECT_ID: '42', GITHUB_ACTIONS: '', GITLAB_CI: '' });
const noTokens = { GITHUB_TOKEN: '', GITLAB_TOKEN: '', GITHUB_REPOSITORY: '', CI_PROJECT_ID: '', GITHUB_ACTIONS: '', GITLAB_CI: '' };

const PRODUCTION_TEAMS = () => [
  { type: 'Team', id: stableId('team:owner/platform') },
  { type: 'Team', id: stableId('team:owner/security') },
];

test('github-environments: per environment the PUT body — its teams as reviewers by id, no self-review, the wait timer, its branch only', async () => {
  const run = await cli(['generate', 'github-environments'], { cwd: dir, env: githubEnv() });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(run.stdout)).toEqual([
    {
      environment: 'production',
      body: { wait_timer: 30, prevent_self_review: true, can_admins_bypass: false, reviewers: PRODUCTION_TEAMS(), deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } },
      deployment_branch_policies: [{ name: 'release', type: 'branch' }],
      missing: [],
    },
    {
      environment: 'dev',
      body: { wait_timer: 0, prevent_self_review: true, can_admins_bypass: false, reviewers: [], deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } },
      deployment_branch_policies: [{ name: 'main', type: 'branch' }],
      missing: [],
    },
  ]);
  expect(github.requests.every((request) => request.method === 'GET')).toBe(true);
});

test('without a token the bodies are printed with what can be known, and what is missing is said', async () => {
  const run = await cli(['generate', 'github-environments', '--environment', 'production'], { cwd: dir, env: noTokens });
  expect(run.code).toBe(0);
  const [production] = JSON.parse(run.stdout);
  expect(production.body.reviewers).toEqual([
    { type: 'Team', id: null },
    { type: 'Team', id: null },
  ]);
  expect(production.missing).toEqual([
    'the id of team owner/platform (GET /orgs/owner/teams/platform: run with GITHUB_TOKEN)',
    'the id of team owner/security (GET /orgs/owner/teams/security: run with GITHUB_TOKEN)',
  ]);
  expect(run.stderr).toBe(`gitops-sync: not known without the API: ${production.missing.join('; ')}. Each stands as null in its body until then.\n`);
  expect(github.requests).toEqual([]);
});

test('--apply sets the environment and its branch policy on GitHub, as GET then shows it', async () => {
  const run = await cli(['generate', 'github-environments', '--environment', 'production', '--apply'], { cwd: dir, env: githubEnv() });
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('gitops-sync: set production on GitHub.\n');
  expect(github.state.environments?.production).toEqual({
    wait_timer: 30,
    prevent_self_review: true,
    can_admins_bypass: false,
    reviewers: PRODUCTION_TEAMS(),
    deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    branch_policies: [{ id: 7001, name: 'release', type: 'branch' }],
  });
  // A second --apply changes nothing: the branch policy is there once.
  expect((await cli(['generate', 'github-environments', '--environment', 'production', '--apply'], { cwd: dir, env: githubEnv() })).code).toBe(0);
  expect(github.state.environments?.production.branch_policies).toHaveLength(1);
});

test('an unknown team (the API answers 404) is one sentence, exit 1, and nothing is set', async () => {
  github.state.teams = { 'owner/platform': ['pat'] };
  const run = await cli(['generate', 'github-environments', '--apply'], { cwd: dir, env: githubEnv() });
  expect(run).toEqual({
    code: 1,
    stdout: '',
    stderr:
      'gitops-sync: GitHub has no team owner/security that this token can see (GET /orgs/owner/teams/security answered 404); fix the team\'s name in approval.environments, or give the token the "Members: read" organization permission.\n',
  });
  expect(github.state.environments).toBeUndefined();
});

test('--apply without a token says what it needs', async () => {
  const run = await cli(['generate', 'github-environments', '--apply'], { cwd: dir, env: noTokens });
  expect(run).toMatchObject({ code: 1, stderr: 'gitops-sync: generate github-environments --apply needs GITHUB_TOKEN and --repo OWNER/REPO (or GITHUB_REPOSITORY).\n' });
});

test('gitlab-protected-environments: Maintainers deploy; the required approvals, and one from each required group by id (direct members)', async () => {
  const run = await cli(['generate', 'gitlab-protected-environments'], { cwd: dir, env: gitlabEnv() });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(run.stdout)).toEqual([
    {
      environment: 'production',
      body: {
        name: 'production',
        deploy_access_levels: [{ access_level: 40 }],
        approval_rules: [
          { access_level: 30, required_approvals: 2 },
          { group_id: groupId('owner/platform'), required_approvals: 1, group_inheritance_type: 0 },
        ],
      },
      missing: [],
    },
    { environment: 'dev', body: { name: 'dev', deploy_access_levels: [{ access_level: 40 }], approval_rules: [{ access_level: 30, required_approvals: 1 }] }, missing: [] },
  ]);
});

test('gitlab-protected-environments --apply protects the environment; an unknown group is one sentence', async () => {
  const run = await cli(['generate', 'gitlab-protected-environments', '--environment', 'production', '--apply'], { cwd: dir, env: gitlabEnv() });
  expect(run.code).toBe(0);
  expect(gitlab.state.protectedEnvironments?.production.approval_rules).toEqual([
    { access_level: 30, required_approvals: 2 },
    { group_id: groupId('owner/platform'), required_approvals: 1, group_inheritance_type: 0 },
  ]);
  gitlab.state.groups = {};
  const unknown = await cli(['generate', 'gitlab-protected-environments', '--environment', 'production'], { cwd: dir, env: gitlabEnv() });
  expect(unknown).toMatchObject({
    code: 1,
    stderr: "gitops-sync: GitLab has no group owner/platform that this token can see (GET /groups/owner%2Fplatform answered 404); fix the group's path in approval.environments, or give the token access to it.\n",
  });
});

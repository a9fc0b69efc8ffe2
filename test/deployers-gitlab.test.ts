/**
 * Who may deploy on GitLab: the CLI (which the GitLab components run) against the loopback GitLab,
 * with GITLAB_USER_ID and group memberships as GitLab's REST API v4 gives them.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { assertPrerequisites, CLI_COMMAND, componentInclude, componentProject, jobLog, jobStatus, NO_STACK_TRACE, removeComponentProjects, runPipeline } from './support/gitlab-ci-local.js';
import { glMergeRequest, glUser, useFakeGitLab } from './support/fake-gitlab.js';
import { git, pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';

const alice = glUser(11, 'alice');
const bob = glUser(12, 'bob');
const dave = glUser(14, 'dave');
const deployBot = glUser(15, 'project_42_bot_deploy', { bot: true });
const DEVELOPER = 30;
const gitlab = useFakeGitLab(() => ({ users: [alice, bob, dave, deployBot], groups: { 'acme/deployers': { [dave.id]: DEVELOPER, [deployBot.id]: DEVELOPER } } }));
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});
afterAll(removeComponentProjects);

const WHERE = 'approval.environments.production.deployers in gitops-sync.yaml';

/** Production's paths changed on main (a fast-forward of merge request 5), with a bare origin to push the rollback to. */
function checkout(deployers = '[alice, acme/deployers]'): PullRequestRepo {
  const config = `environments:\n  production:\n    paths: [app]\napproval:\n  environments:\n    production:\n      deployers: ${deployers}\n`;
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config, 'app/version.txt': 'v1\n' }, { 'app/version.txt': 'v2\n' });
  repos.push(repo);
  git(repo.dir, 'init', '-q', '--bare', '.git/remote.git');
  git(repo.dir, 'remote', 'add', 'origin', join(repo.dir, '.git/remote.git'));
  git(repo.dir, 'checkout', '-q', 'main');
  git(repo.dir, 'merge', '-q', '--ff-only', 'change');
  return repo;
}

/** CI_JOB_TOKEN of a job in a pipeline `user` started, which GET /job answers for. */
function jobToken(user: { id: number }, source = 'web') {
  const token = `job-token-${user.id}-${source}`;
  gitlab.state.jobTokens = { ...gitlab.state.jobTokens, [token]: { user: user.id, source } };
  return { CI_JOB_TOKEN: token };
}

/** The variables a GitLab pipeline `user` started has. */
const pipeline = (user: { id: number; username: string }, source = 'web') => ({
  ...jobToken(user, source),
  GITHUB_ACTIONS: '',
  GITLAB_CI: 'true',
  GITLAB_USER_ID: String(user.id),
  GITLAB_USER_LOGIN: user.username,
  CI_PIPELINE_SOURCE: source,
  CI_PROJECT_ID: '42',
  CI_API_V4_URL: `${gitlab.url}/api/v4`,
  GITLAB_TOKEN: gitlab.state.token,
});

const rollBack = (repo: PullRequestRepo, env: NodeJS.ProcessEnv) => cli(['rollback', 'production', '--to-commit', repo.baseSha, '--direct'], { cwd: repo.dir, env });

test('a direct member of a listed group rolls production back', async () => {
  const repo = checkout();
  const run = await rollBack(repo, pipeline(dave));
  expect(run.stderr).toContain(`deployer: dave (id ${dave.id}) may rollback production (${WHERE})`);
  expect(run.code).toBe(0);
  expect(git(repo.dir, 'rev-parse', 'main')).not.toBe(repo.headSha);
});

test('a user outside the list and its groups is refused with one sentence, and nothing is pushed', async () => {
  const repo = checkout();
  const run = await rollBack(repo, pipeline(bob));
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`production was not rolled back: bob (id ${bob.id}) started the run and is not among the deployers (${WHERE}), nor in a team it names.`);
  expect(git(repo.dir, 'rev-parse', 'main')).toBe(repo.headSha);
});

test('a scheduled pipeline deploys only where the list names its owner by username, not through a group', async () => {
  const refused = await rollBack(checkout(), pipeline(dave, 'schedule'));
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`production was not rolled back: dave (id ${dave.id}) started it as a scheduled pipeline, which deploys only where ${WHERE} names dave.`);

  const allowed = await rollBack(checkout('[alice, dave]'), pipeline(dave, 'schedule'));
  expect(allowed.code).toBe(0);
});

test('a bot user counts only by its own username, never through a group', async () => {
  const run = await rollBack(checkout(), pipeline(deployBot));
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`production was not rolled back: project_42_bot_deploy (id ${deployBot.id}) started it as a bot account, which deploys only where ${WHERE} names project_42_bot_deploy.`);
});

test('a list naming a group that does not exist (404) is refused in one sentence', async () => {
  const run = await rollBack(checkout('[alice, acme/nobody]'), pipeline(alice));
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`production was not rolled back: ${WHERE} names acme/nobody, which is no team GitLab shows the token; correct it (or give the token read access to the team).`);
});

test('a list naming a user who does not exist is refused in one sentence', async () => {
  const run = await rollBack(checkout('[alice, ghost]'), pipeline(alice));
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`production was not rolled back: ${WHERE} names ghost, who is no GitLab user; correct or remove it.`);
});

test('a group membership GitLab will not show refuses the rollback with the reason', async () => {
  gitlab.faults.push({ method: 'GET', path: /\/groups\/acme%2Fdeployers\/members\/12$/, status: 403, times: 1, body: { message: '403 Forbidden' } });
  const run = await rollBack(checkout(), pipeline(bob));
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    "production was not rolled back: bob's membership of acme/deployers could not be read (GitLab refused to read bob's membership of acme/deployers (403); the token needs the read_api scope and at least the Reporter role).",
  );
});

test('deployer_not_author: the author of the merge request that made the commit may not sync it', async () => {
  const config = 'environments:\n  dev:\n    paths: [app]\napproval:\n  environments:\n    dev:\n      required_approvals: 0\n      deployers: [alice, bob]\n      deployer_not_author: true\n';
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config, 'app/version.txt': 'v1\n' }, { 'app/version.txt': 'v2\n' });
  repos.push(repo);
  const origin = join(repo.dir, '.git', 'group', 'project.git');
  git(repo.dir, 'init', '-q', '--bare', origin);
  git(repo.dir, 'remote', 'add', 'origin', origin);
  git(repo.dir, 'checkout', '-q', 'main');
  git(repo.dir, 'merge', '-q', '--ff-only', 'change');
  git(repo.dir, 'push', '-q', 'origin', 'main');
  git(repo.dir, 'fetch', '-q', 'origin');
  gitlab.state.mrs.set(5, glMergeRequest(alice, [], { state: 'merged' }, { iid: 5, head: repo.headSha, base: repo.baseSha }));
  gitlab.state.mergeCommits = { [repo.headSha]: 5 };
  const env = { ...pipeline(alice, 'push'), CI_PROJECT_PATH: 'group/project' };
  const own = await cli(['sync', 'dev'], { cwd: repo.dir, env });
  expect(own.code).toBe(1);
  expect(own.stdout).toContain(`dev: failed [deployer-is-author] — dev was not synced: alice (id ${alice.id}) wrote the change being deployed`);

  const other = await cli(['sync', 'dev'], { cwd: repo.dir, env: { ...env, ...pipeline(bob, 'push') } });
  expect(other.stdout).toContain('dev: synced');
});

test('the rollback component (the CLI under gitlab-ci-local) refuses a pipeline a non-deployer started, in one sentence', async () => {
  assertPrerequisites();
  const config = 'environments:\n  production:\n    paths: [app]\napproval:\n  environments:\n    production:\n      deployers: [alice]\n';
  const project = componentProject({ templates: ['rollback'], files: { 'gitops-sync.yaml': config, 'app/version.txt': 'v1\n' } });
  // GitLab sets GITLAB_CI=true in every job; gitlab-ci-local does not.
  const variables = { ...jobToken(bob), GITLAB_CI: 'true', GITLAB_USER_ID: String(bob.id), GITLAB_USER_LOGIN: 'alice', CI_API_V4_URL: `${gitlab.url}/api/v4`, GITLAB_TOKEN: gitlab.state.token };
  const pipelineRun = await runPipeline(project.dir, [componentInclude(project.sha, 'rollback', { job_name: 'rollback', cli: CLI_COMMAND, environment: 'production', to_commit: project.sha, direct: true })], { manual: ['rollback'], variables });
  expect(jobStatus(pipelineRun, 'rollback')).toBe('FAIL');
  const log = jobLog(pipelineRun, 'rollback');
  // GITLAB_USER_LOGIN says alice, but the id is bob's: the account behind the id is who deploys.
  expect(log).toContain(`production was not rolled back: bob (id ${bob.id}) started the run and is not among the deployers (${WHERE}), nor in a team it names.`);
  expect(log).not.toMatch(NO_STACK_TRACE);
}, 180_000);

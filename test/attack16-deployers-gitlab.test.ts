/**
 * Adversarial review of issue 16 on GitLab: pipeline variables (Run pipeline's form, a trigger, the
 * API) override predefined ones, GITLAB_USER_ID and CI_PIPELINE_SOURCE included; only the job token
 * says whose job this is.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { glUser, useFakeGitLab } from './support/fake-gitlab.js';
import { git, pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';

const alice = glUser(11, 'alice');
const bob = glUser(12, 'bob');
const gitlab = useFakeGitLab(() => ({ users: [alice, bob], groups: { 'acme/deployers': { [alice.id]: 30 } } }));
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

function checkout(deployers = '[alice]'): PullRequestRepo {
  const config = `environments:\n  production:\n    paths: [app]\napproval:\n  environments:\n    production:\n      deployers: ${deployers}\n`;
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config, 'app/version.txt': 'v1\n' }, { 'app/version.txt': 'v2\n' });
  repos.push(repo);
  git(repo.dir, 'init', '-q', '--bare', '.git/remote.git');
  git(repo.dir, 'remote', 'add', 'origin', join(repo.dir, '.git/remote.git'));
  git(repo.dir, 'checkout', '-q', 'main');
  git(repo.dir, 'merge', '-q', '--ff-only', 'change');
  return repo;
}

/** A job of a pipeline `startedBy` ran (its job token), whose variables claim `claimed` started it. */
function job(startedBy: { id: number }, claimed: { id: number; username: string }, source = 'web') {
  const token = `job-token-${startedBy.id}`;
  gitlab.state.jobTokens = { ...gitlab.state.jobTokens, [token]: { user: startedBy.id, source } };
  return {
    GITHUB_ACTIONS: '',
    GITLAB_CI: 'true',
    GITLAB_USER_ID: String(claimed.id),
    GITLAB_USER_LOGIN: claimed.username,
    CI_PIPELINE_SOURCE: source,
    CI_JOB_TOKEN: token,
    CI_PROJECT_ID: '42',
    CI_API_V4_URL: `${gitlab.url}/api/v4`,
    GITLAB_TOKEN: gitlab.state.token,
  };
}

const rollBack = (repo: PullRequestRepo, env: NodeJS.ProcessEnv) => cli(['rollback', 'production', '--to-commit', repo.baseSha, '--direct'], { cwd: repo.dir, env });

test('a pipeline variable GITLAB_USER_ID naming a deployer does not make its starter one: the job token says who started it', async () => {
  const repo = checkout();
  const run = await rollBack(repo, job(bob, alice));
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`production was not rolled back: bob (id ${bob.id}) started the run and is not among the deployers`);
  expect(git(repo.dir, 'rev-parse', 'main')).toBe(repo.headSha);

  const honest = await rollBack(checkout(), job(alice, alice));
  expect(honest.code).toBe(0);
});

test('a pipeline variable CI_PIPELINE_SOURCE hides no schedule: the job token says how the pipeline started', async () => {
  const env = { ...job(alice, alice, 'schedule'), CI_PIPELINE_SOURCE: 'web' };
  const run = await rollBack(checkout('[acme/deployers]'), env);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`alice (id ${alice.id}) started it as a scheduled pipeline`);
});

test('without CI_JOB_TOKEN nothing vouches for who started the job: refused, fail closed', async () => {
  const run = await rollBack(checkout(), { ...job(alice, alice), CI_JOB_TOKEN: '' });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('production was not rolled back: who started this run could not be read (CI_JOB_TOKEN is not set');
});

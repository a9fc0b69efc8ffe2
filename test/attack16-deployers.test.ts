/**
 * Adversarial review of issue 16 (who may deploy): the deployers check against a dishonest deployer.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { GITHUB_ACTIONS_BOT, ghUser, useFakeGitHub } from './support/fake-github.js';
import { git, pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';

const alice = ghUser('alice');
const bob = ghUser('bob');
const dave = ghUser('dave');
const github = useFakeGitHub(() => ({ users: [alice, bob, dave], teams: { 'acme/deployers': ['dave'] } }));
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

/** A main pushed directly (no pull request) to an origin named like the run's repository. */
function pushedMain(config: string): PullRequestRepo {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config, 'app/version.txt': 'v1\n' }, { 'app/version.txt': 'v2\n' });
  repos.push(repo);
  const origin = join(repo.dir, '.git', 'owner', 'repo.git');
  git(repo.dir, 'init', '-q', '--bare', origin);
  git(repo.dir, 'remote', 'add', 'origin', origin);
  git(repo.dir, 'checkout', '-q', 'main');
  git(repo.dir, 'merge', '-q', '--ff-only', 'change');
  git(repo.dir, 'push', '-q', 'origin', 'main');
  git(repo.dir, 'fetch', '-q', 'origin');
  return repo;
}

test('deployer_not_author: a direct push whose commit names a colleague\'s e-mail (git commit --author) does not let its pusher deploy it', async () => {
  const config = 'environments:\n  dev:\n    paths: [app]\napproval:\n  environments:\n    dev:\n      required_approvals: 0\n      deployers: [alice, bob]\n      deployer_not_author: true\n';
  const repo = pushedMain(config);
  // alice wrote and pushed it, but set bob's e-mail as its author: GitHub ties the commit to bob's account.
  github.state.commitAuthors = { [repo.headSha]: bob };
  const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '', GITHUB_REF: 'refs/heads/main', GITHUB_REPOSITORY: 'owner/repo', GITHUB_API_URL: github.url, GITHUB_TOKEN: github.state.token };
  const run = await cli(['sync', 'dev'], { cwd: repo.dir, env: { ...env, GITHUB_ACTOR: alice.login, GITHUB_ACTOR_ID: String(alice.id), GITHUB_TRIGGERING_ACTOR: alice.login } });
  expect(run.code).toBe(1);
  expect(run.stdout).toContain(
    'dev: failed [deployer-is-author] — dev was not synced: who wrote the change being deployed cannot be told, so approval.environments.dev.deployer_not_author in gitops-sync.yaml cannot be kept; deploy a change merged through a pull/merge request.',
  );
});

test('a workflow_run started by a scheduled run deploys as the schedule does, not as whoever last edited the cron line (GITHUB_ACTOR)', async () => {
  const config = 'environments:\n  production:\n    paths: [app]\napproval:\n  environments:\n    production:\n      deployers: [acme/deployers]\n';
  const repo = pushedMain(config);
  const eventPath = join(repo.dir, '.git', 'event.json');
  writeFileSync(eventPath, JSON.stringify({ action: 'completed', workflow_run: { id: 1, event: 'schedule', name: 'nightly' } }));
  const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'owner/repo', GITHUB_API_URL: github.url, GITHUB_TOKEN: github.state.token };
  // dave, a member of acme/deployers, last edited the cron line of the workflow that ran on schedule.
  const run = await cli(['rollback', 'production', '--to-commit', repo.baseSha, '--direct'], { cwd: repo.dir, env: { ...env, GITHUB_ACTOR: dave.login, GITHUB_ACTOR_ID: String(dave.id), GITHUB_TRIGGERING_ACTOR: dave.login } });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`production was not rolled back: github-actions[bot] (id ${GITHUB_ACTIONS_BOT.id}) started it as a scheduled run`);
  expect(git(repo.dir, 'rev-parse', 'main')).toBe(repo.headSha);
});

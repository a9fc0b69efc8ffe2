/**
 * Who may deploy (approval.environments.<env>.deployers, break_glass, deployer_not_author): the sync and
 * rollback GitHub actions and the CLI, against the loopback GitHub and real git.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { run as rollback } from '../actions/rollback/main.js';
import { run as sync } from '../actions/sync/main.js';
import { RecordingIO } from './support/action-io.js';
import { cli } from './support/cli.js';
import { GITHUB_ACTIONS_BOT, ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { git, pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';

const alice = ghUser('alice');
const bob = ghUser('bob');
const carol = ghUser('carol');
const dave = ghUser('dave');
const github = useFakeGitHub(() => ({ users: [alice, bob, carol, dave], teams: { 'acme/deployers': ['dave'] } }));
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

const POLICY = '    production:\n      deployers: [alice, acme/deployers]\n      break_glass: [carol]\n';
const WHERE = 'approval.environments.production.deployers in gitops-sync.yaml';

/** Production's paths changed by merged pull request 4 (by alice), checked out on main, with a bare origin. */
function checkout(policy = POLICY): { repo: PullRequestRepo; env: NodeJS.ProcessEnv } {
  const config = `environments:\n  production:\n    paths: [app]\napproval:\n  environments:\n${policy}`;
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config, 'app/version.txt': 'v1\n' }, { 'app/version.txt': 'v2\n' });
  repos.push(repo);
  git(repo.dir, 'init', '-q', '--bare', '.git/remote.git');
  git(repo.dir, 'remote', 'add', 'origin', join(repo.dir, '.git/remote.git'));
  git(repo.dir, 'checkout', '-q', 'main');
  git(repo.dir, 'merge', '-q', '--ff-only', 'change');
  github.state.pulls.set(4, ghPullRequest(alice, { number: 4, head: repo.headSha, base: repo.baseSha }, { state: 'closed', merged: true, files: repo.files }));
  const eventPath = join(repo.dir, '.git', 'event.json');
  writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 4 } }));
  return {
    repo,
    env: { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'owner/repo', GITHUB_EVENT_PATH: eventPath, GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_API_URL: github.url, GITHUB_TOKEN: github.state.token },
  };
}

/** The variables GitHub sets for a run `user` started. */
const startedBy = (user: { login: string; id: number }) => ({ GITHUB_ACTOR: user.login, GITHUB_ACTOR_ID: String(user.id), GITHUB_TRIGGERING_ACTOR: user.login });

async function rollBack(env: NodeJS.ProcessEnv, repo: PullRequestRepo, inputs: Record<string, string> = {}) {
  const io = new RecordingIO({ environment: 'production', 'to-commit': repo.baseSha, direct: 'true', ...inputs }, repo.dir, env);
  await rollback(io);
  return io;
}

test('a deployer named in the list rolls production back, and the log says why it may', async () => {
  const { repo, env } = checkout();
  const io = await rollBack({ ...env, ...startedBy(alice) }, repo);
  expect(io.failure).toBeUndefined();
  expect(io.outputs).toMatchObject({ 'rolled-back': 'true', emergency: 'false', 'failure-reason': '' });
  expect(io.logs).toContain(`deployer: alice (id ${alice.id}) may rollback production (${WHERE})`);
});

test('a member of a team the list names may roll back', async () => {
  const { repo, env } = checkout();
  const io = await rollBack({ ...env, ...startedBy(dave) }, repo);
  expect(io.failure).toBeUndefined();
  expect(io.outputs['rolled-back']).toBe('true');
  expect(github.requests.some((request) => request.path === '/orgs/acme/teams/deployers/memberships/dave')).toBe(true);
});

test('someone neither listed nor in a listed team is refused with not-a-deployer, before anything changes', async () => {
  const { repo, env } = checkout();
  const io = await rollBack({ ...env, ...startedBy(bob) }, repo);
  expect(io.failure).toBe(`production was not rolled back: bob (id ${bob.id}) started the run and is not among the deployers (${WHERE}), nor in a team it names.`);
  expect(io.outputs['failure-reason']).toBe('not-a-deployer');
  expect(git(repo.dir, 'rev-parse', 'main')).toBe(repo.headSha);
});

test('a re-run by a non-deployer is refused though the run was first started by a deployer', async () => {
  const { repo, env } = checkout();
  const io = await rollBack({ ...env, GITHUB_ACTOR: 'alice', GITHUB_ACTOR_ID: String(alice.id), GITHUB_TRIGGERING_ACTOR: 'bob' }, repo);
  expect(io.failure).toBe(`production was not rolled back: bob (id ${bob.id}) started the run and is not among the deployers (${WHERE}), nor in a team it names.`);
  // GITHUB_ACTOR_ID is alice's: the re-runner's id comes from the API.
  expect(github.requests.some((request) => request.path === '/users/bob')).toBe(true);
});

test('an input claiming a different actor is ignored: the platform says who started the run', async () => {
  const { repo, env } = checkout();
  const io = await rollBack({ ...env, ...startedBy(bob) }, repo, { actor: 'alice', 'actor-id': String(alice.id), 'triggering-actor': 'alice' });
  expect(io.failure).toMatch(/^production was not rolled back: bob \(id \d+\) started the run/);
  expect(git(repo.dir, 'rev-parse', 'main')).toBe(repo.headSha);
});

test('a scheduled run deploys only where the list names github-actions[bot], whoever last edited the cron line', async () => {
  const { repo, env } = checkout();
  const refused = await rollBack({ ...env, ...startedBy(alice), GITHUB_EVENT_NAME: 'schedule' }, repo);
  expect(refused.failure).toBe(
    `production was not rolled back: github-actions[bot] (id ${GITHUB_ACTIONS_BOT.id}) started it as a scheduled run, which deploys only where ${WHERE} names github-actions[bot].`,
  );

  const named = checkout('    production:\n      deployers: [alice, "github-actions[bot]"]\n');
  const allowed = await rollBack({ ...named.env, ...startedBy(alice), GITHUB_EVENT_NAME: 'schedule' }, named.repo);
  expect(allowed.failure).toBeUndefined();
  expect(allowed.outputs['rolled-back']).toBe('true');
});

test('a bot counts only by its own login, never through a team', async () => {
  const renovate = ghUser('renovate[bot]');
  github.state.users!.push(renovate);
  github.state.teams['acme/deployers'].push('renovate[bot]');
  const { repo, env } = checkout();
  const io = await rollBack({ ...env, ...startedBy(renovate) }, repo);
  expect(io.failure).toBe(`production was not rolled back: renovate[bot] (id ${renovate.id}) started it as a bot account, which deploys only where ${WHERE} names renovate[bot].`);
});

test('a break-glass rollback by someone outside the deployers goes through and is flagged an emergency change', async () => {
  const { repo, env } = checkout();
  const io = await rollBack({ ...env, ...startedBy(carol) }, repo);
  expect(io.failure).toBeUndefined();
  expect(io.outputs).toMatchObject({ 'rolled-back': 'true', emergency: 'true' });
  expect(io.logs).toContain(
    `break glass: carol (id ${carol.id}) is not among the deployers but is in approval.environments.production.break_glass in gitops-sync.yaml; this rollback is recorded as an emergency change`,
  );
  expect(io.summary).toContain('| emergency | break glass: recorded as an emergency change |');
});

test('break_glass does not let its members sync', async () => {
  const { repo, env } = checkout();
  const io = new RecordingIO({ environments: 'production' }, repo.dir, { ...env, ...startedBy(carol) });
  await sync(io);
  expect(io.outputs['failure-reason']).toBe('not-a-deployer');
  expect(io.failure).toBe(`Sync of production failed (not-a-deployer): production was not synced: carol (id ${carol.id}) started the run and is not among the deployers (${WHERE}), nor in a team it names.`);
});

test('a deployers list naming a team that does not exist is refused in one sentence, whoever runs it', async () => {
  const { repo, env } = checkout('    production:\n      deployers: [alice, acme/nobody]\n');
  const io = await rollBack({ ...env, ...startedBy(alice) }, repo);
  expect(io.failure).toBe(`production was not rolled back: ${WHERE} names acme/nobody, which is no team GitHub shows the token; correct it (or give the token read access to the team).`);
  expect(io.outputs['failure-reason']).toBe('not-a-deployer');
});

test('a deployers list naming a user who does not exist is refused in one sentence', async () => {
  const { repo, env } = checkout('    production:\n      deployers: [alice, ghost-of-alice]\n');
  const io = await rollBack({ ...env, ...startedBy(alice) }, repo);
  expect(io.failure).toBe(`production was not rolled back: ${WHERE} names ghost-of-alice, who is no GitHub user; correct or remove it.`);
});

test('a membership GitHub will not show refuses the deploy with the reason (fail closed)', async () => {
  const { repo, env } = checkout();
  github.faults.push({ method: 'GET', path: /\/memberships\/bob$/, status: 403, times: 1, body: { message: 'Resource not accessible by integration' } });
  const io = await rollBack({ ...env, ...startedBy(bob) }, repo);
  expect(io.failure).toBe(
    'production was not rolled back: bob\'s membership of acme/deployers could not be read (GitHub refused to read bob\'s membership of acme/deployers (403); the token needs the "Organization members: read" permission (a GitHub App or a token with read:org; GITHUB_TOKEN cannot read teams)).',
  );
  expect(io.outputs['failure-reason']).toBe('not-a-deployer');
});

test('deployer_not_author: the pull request author may not deploy their own change; someone else may', async () => {
  const { repo, env } = checkout('    production:\n      deployers: [alice, bob]\n      deployer_not_author: true\n');
  const own = new RecordingIO({ environments: 'production' }, repo.dir, { ...env, ...startedBy(alice) });
  await sync(own);
  expect(own.outputs['failure-reason']).toBe('deployer-is-author');
  expect(own.failure).toBe(
    `Sync of production failed (deployer-is-author): production was not synced: alice (id ${alice.id}) wrote the change being deployed, and approval.environments.production.deployer_not_author in gitops-sync.yaml asks that someone else deploy it.`,
  );

  const other = new RecordingIO({ environments: 'production' }, repo.dir, { ...env, ...startedBy(bob) });
  await sync(other);
  expect(other.failure).toBeUndefined();
  expect(other.summary).toContain(`- deployer bob is not the change's author alice (approval.environments.production.deployer_not_author in gitops-sync.yaml)`);
});

test('the deployers list is read at the change\'s base: a change that adds its author to it does not let them deploy', async () => {
  const config = `environments:\n  production:\n    paths: [app]\napproval:\n  environments:\n${POLICY}`;
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config }, { 'gitops-sync.yaml': config.replace('deployers: [alice,', 'deployers: [bob, alice,') });
  repos.push(repo);
  github.state.pulls.set(5, ghPullRequest(bob, { number: 5, head: repo.headSha, base: repo.baseSha }, { files: repo.files }));
  const io = new RecordingIO({ environments: 'production', 'pull-request': '5' }, repo.dir, { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'owner/repo', GITHUB_API_URL: github.url, GITHUB_TOKEN: github.state.token, ...startedBy(bob) });
  await sync(io);
  expect(io.outputs['failure-reason']).toBe('not-a-deployer');
});

test('production with no deployers list syncs as before, with a warning suggesting one', async () => {
  const { repo, env } = checkout('    production:\n      required_approvals: 1\n');
  const io = await rollBack({ ...env, ...startedBy(bob) }, repo);
  expect(io.failure).toBeUndefined();
  // An annotation on the run, not a line of its log.
  expect(io.warnings).toContain('anyone who can start this run may deploy production; name who may in approval.environments.production.deployers in gitops-sync.yaml');
  expect(io.logs.join('\n')).not.toContain('anyone who can start');
  // Sync says the same, as an annotation too ([production]: which environment of a run of several).
  const synced = new RecordingIO({ environments: 'production' }, repo.dir, { ...env, ...startedBy(bob) });
  await sync(synced);
  expect(synced.warnings).toContain('[production] anyone who can start this run may deploy production; name who may in approval.environments.production.deployers in gitops-sync.yaml');
});

test('in a terminal, an environment that limits its deployers is refused: no platform says who is running it', async () => {
  const { repo } = checkout();
  const run = await cli(['rollback', 'production', '--to-commit', repo.baseSha, '--direct'], { cwd: repo.dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    'production was not rolled back: who may deploy it is limited (approval.environments.production.deployers in gitops-sync.yaml), but this is not a GitHub Actions or GitLab CI run, so no platform says who started it.',
  );
  expect(git(repo.dir, 'rev-parse', 'main')).toBe(repo.headSha);
});

test('a deployers entry that is neither a login nor a team is refused when the config is read', () => {
  expect(() => parseConfig('approval:\n  environments:\n    production:\n      deployers: ["alice smith"]\n', 'gitops-sync.yaml')).toThrow(
    /approval\.environments\.production\.deployers\.0.*a login \(alice, renovate\[bot\]\) or a team \(org\/team, group\/subgroup\)/,
  );
});

/** A merged main pushed to an origin named like the run's repository (owner/repo), as a CI clone has it. */
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

test('deployer_not_author on a direct push: whoever the commit\'s e-mail names, who wrote it cannot be told, so it is refused', async () => {
  const config = 'environments:\n  dev:\n    paths: [app]\napproval:\n  environments:\n    dev:\n      required_approvals: 0\n      deployers: [alice, bob]\n      deployer_not_author: true\n';
  const repo = pushedMain(config);
  const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '', GITHUB_REF: 'refs/heads/main', GITHUB_REPOSITORY: 'owner/repo', GITHUB_API_URL: github.url, GITHUB_TOKEN: github.state.token };
  const refused =
    'dev: failed [deployer-is-author] — dev was not synced: who wrote the change being deployed cannot be told, so approval.environments.dev.deployer_not_author in gitops-sync.yaml cannot be kept; deploy a change merged through a pull/merge request.';
  for (const author of [alice, null]) {
    github.state.commitAuthors = { [repo.headSha]: author };
    for (const deployer of [alice, bob]) {
      const run = await cli(['sync', 'dev'], { cwd: repo.dir, env: { ...env, ...startedBy(deployer) } });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(refused);
    }
  }
});

test('break_glass without a deployers list is refused when the config is read: it would change nothing', () => {
  expect(() => parseConfig('approval:\n  environments:\n    production:\n      break_glass: [carol]\n', 'gitops-sync.yaml')).toThrow(
    /approval\.environments\.production\.break_glass.*break_glass lets its members roll back outside the deployers list, so set deployers too/,
  );
});

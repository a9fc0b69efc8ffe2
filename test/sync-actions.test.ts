/** The sync and rollback GitHub actions: inputs and event in; outputs, summary and one-sentence failures out. */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { run as rollback } from '../actions/rollback/main.js';
import { run as sync } from '../actions/sync/main.js';
import { RecordingIO } from './support/action-io.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { git, pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';
import { offlineTerraformEnv, terraform, writeFiles, terraformDataApp } from './support/terraform.js';

const github = useFakeGitHub();
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

const app = terraformDataApp;

/** A merged pull request 4; `change` is what it does to infra/main.tf (by default, a real change of plan). */
function checkout(change: [string, string] = [app('v1'), app('v2')]): { repo: PullRequestRepo; env: NodeJS.ProcessEnv } {
  const config = 'environments:\n  dev:\n    terraform: { dir: infra }\napproval:\n  environments:\n    dev: { required_approvals: 1 }\n';
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config, 'infra/main.tf': change[0], '.gitignore': '.terraform*\n*.tfstate*\n' }, { 'infra/main.tf': change[1] });
  repos.push(repo);
  git(repo.dir, 'init', '-q', '--bare', '.git/remote.git');
  git(repo.dir, 'remote', 'add', 'origin', join(repo.dir, '.git/remote.git'));
  github.state.pulls.set(4, ghPullRequest(ghUser('alice'), { number: 4, head: repo.headSha, base: repo.baseSha }, { state: 'closed', merged: true, files: repo.files }));
  const eventPath = join(repo.dir, '.git', 'event.json');
  writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 4 } }));
  return { repo, env: { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'owner/repo', GITHUB_EVENT_PATH: eventPath, GITHUB_API_URL: github.url, GITHUB_TOKEN: github.state.token } };
}

test('sync without approvals fails the step with gate-denied and touches nothing', async () => {
  const { repo, env } = checkout();
  const io = new RecordingIO({ environments: 'dev' }, repo.dir, env);
  await sync(io);
  expect(io.outputs).toMatchObject({ synced: 'false', 'failure-reason': 'gate-denied' });
  expect(io.failure).toBe('Sync of dev failed (gate-denied): The gate denied dev: 1 approval from independent reviewers with write access (have 0).');
  expect(io.summary).toContain('| `dev` | failed |');
  expect(io.secrets).toEqual([github.state.token]);
});

test('a merged change that plans nothing for an environment syncs as nothing to apply, with no reviewed plan needed', async () => {
  const { repo, env } = checkout(['# v1\n', '# v2\n']);
  const io = new RecordingIO({ environments: 'dev' }, repo.dir, { ...env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' });
  await sync(io);
  expect(io.failure).toBeUndefined();
  expect(io.outputs).toMatchObject({ synced: 'true', 'failure-reason': '' });
  expect(io.summary).toContain('no changes: nothing to apply');
});

test('matrix-only sets the fan-out of configured environments and syncs nothing; a typo or a name given twice writes no matrix', async () => {
  const { repo, env } = checkout();
  const environments = (names: string) => Object.fromEntries(names.split(',').map((name) => [name, { terraform: { dir: 'infra' } }]));
  writeFileSync(join(repo.dir, 'gitops-sync.yaml'), JSON.stringify({ environments: { ...environments('dev,staging'), production: { terraform: { dir: 'infra' }, aliases: ['prod'] } } }));
  const io = new RecordingIO({ environments: 'dev, staging,prod', 'matrix-only': 'true' }, repo.dir, env);
  await sync(io);
  expect(io.failure).toBeUndefined();
  expect(JSON.parse(io.outputs.matrix)).toEqual({ include: [{ environment: 'dev' }, { environment: 'staging' }, { environment: 'prod' }] });
  expect(github.requests).toHaveLength(0);

  const typo = new RecordingIO({ environments: 'dev,stagin', 'matrix-only': 'true' }, repo.dir, env);
  await sync(typo);
  expect(typo.failure).toBe('Environment stagin is not in the configuration (it has dev, staging, production); no matrix was written.');
  expect(typo.outputs.matrix).toBeUndefined();
  const twice = new RecordingIO({ environments: 'prod,dev,production', 'matrix-only': 'true' }, repo.dir, env);
  await sync(twice);
  expect(twice.failure).toBe('production is named twice in the matrix (as prod and production), so two jobs would sync it at once; name each environment once.');
  expect(twice.outputs.matrix).toBeUndefined();
  const same = new RecordingIO({ environments: 'dev,dev', 'matrix-only': 'true' }, repo.dir, env);
  await sync(same);
  expect(same.failure).toBe('dev is named twice in the matrix, so two jobs would sync it at once; name each environment once.');
});

test('rollback refuses an unknown mode and a git rollback to a commit outside the branch, in one sentence each', async () => {
  const { repo, env } = checkout();
  const bad = new RecordingIO({ environment: 'dev', mode: 'undo' }, repo.dir, env);
  await rollback(bad);
  expect(bad.failure).toBe('Input mode is "undo"; use one of git, terraform-state, kubernetes, argocd.');

  // The head commit lives on the PR branch only: not an ancestor of main.
  const outside = new RecordingIO({ environment: 'dev', mode: 'git', 'to-commit': repo.headSha, 'dry-run': 'true' }, repo.dir, env);
  await rollback(outside);
  expect(outside.failure).toMatch(/^Commit [0-9a-f]+ is not an ancestor of main; roll back only to a commit in the branch's own history\.$/);
});

test('a git rollback dry run names what it would restore and changes nothing', async () => {
  const { repo, env } = checkout();
  git(repo.dir, 'checkout', '-q', 'main');
  git(repo.dir, 'merge', '-q', '--ff-only', 'change');
  const io = new RecordingIO({ environment: 'dev', mode: 'git', 'to-commit': repo.baseSha, 'dry-run': 'true', direct: 'true' }, repo.dir, env);
  await rollback(io);
  expect(io.failure).toBeUndefined();
  expect(io.outputs).toMatchObject({ 'rolled-back': 'false', from: repo.headSha, to: repo.baseSha });
  expect(git(repo.dir, 'rev-parse', 'main')).toBe(repo.headSha);
});

test('the rollback action defaults to mode git and logs each step once', async () => {
  const { repo, env } = checkout();
  git(repo.dir, 'checkout', '-q', 'main');
  git(repo.dir, 'merge', '-q', '--ff-only', 'change');
  const io = new RecordingIO({ environment: 'dev', 'to-commit': repo.baseSha, direct: 'true' }, repo.dir, env);
  await rollback(io);
  expect(io.failure).toBeUndefined();
  expect(io.outputs).toMatchObject({ 'rolled-back': 'true', from: repo.headSha, to: repo.baseSha });
  expect(io.logs.filter((line) => line.startsWith('Rolling back dev on main from'))).toHaveLength(1);
  expect(io.logs.filter((line) => line.startsWith('Pushed '))).toHaveLength(1);
  expect(new Set(io.logs).size).toBe(io.logs.length);
});

test('a state rollback to an older serial names the action\'s input to force it (force: true), not the CLI flag', async () => {
  const { repo, env } = checkout();
  const tfEnv = { ...offlineTerraformEnv(repo.dir) };
  const infra = join(repo.dir, 'infra');
  writeFiles(infra, { 'main.tf': app('v1') });
  terraform(infra, tfEnv, 'init', '-input=false');
  terraform(infra, tfEnv, 'apply', '-auto-approve', '-input=false');
  mkdirSync(join(repo.dir, 'backups'));
  copyFileSync(join(infra, 'terraform.tfstate'), join(repo.dir, 'backups', 'old.tfstate'));
  writeFiles(infra, { 'main.tf': app('v2') });
  terraform(infra, tfEnv, 'apply', '-auto-approve', '-input=false');
  const io = new RecordingIO({ environment: 'dev', mode: 'terraform-state', 'state-file': 'backups/old.tfstate' }, repo.dir, { ...env, ...tfEnv });
  await rollback(io);
  expect(io.failure).toMatch(/, so it was not pushed; roll back again with `force: true` to push it anyway\.$/);
});

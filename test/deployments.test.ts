/**
 * Deployments GitHub shows: a sync or rollback in GitHub Actions records a GitHub Deployment of the
 * commit it applied, with statuses in_progress → success / failure linking the run, on the loopback
 * GitHub (real Octokit) with real git and real terraform. A refusal of the Deployments API is one
 * warning line and never fails a sync that succeeded.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { run as rollbackAction } from '../actions/rollback/main.js';
import { RecordingIO } from './support/action-io.js';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, terraformDataApp, writeFiles } from './support/terraform.js';

const github = useFakeGitHub();

const CONFIG = 'environments:\n  dev:\n    terraform: { dir: infra }\napproval:\n  environments:\n    dev: { required_approvals: 1 }\n# the runs pose as GitHub Actions, where the git store is the default; these clones have no origin\naudit: { store: file }\n';
/** Plans like any change, fails when applied. */
const FAILS_ON_APPLY = 'resource "terraform_data" "app" {\n  input = "v2"\n  provisioner "local-exec" {\n    command = "exit 3"\n  }\n}\n';

interface World {
  dir: string;
  env: Record<string, string>;
  headSha: string;
}

/** A repository at the change's head (what the job checked out), an approved PR 7, and a GitHub Actions run 99. */
async function world(change = terraformDataApp('v2')): Promise<World> {
  const dir = tempDir('gitops-sync-deployments-');
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'gitops-sync.yaml'), CONFIG);
  writeFileSync(join(dir, '.gitignore'), '.terraform/\n*.tfstate*\n.terraform.lock.hcl\nbackups/\nreports/\nempty.tfrc\n');
  writeFiles(join(dir, 'infra'), { 'main.tf': terraformDataApp('v1') });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD');
  writeFiles(join(dir, 'infra'), { 'main.tf': change });
  git(dir, 'commit', '-q', '-am', 'v2');
  const headSha = git(dir, 'rev-parse', 'HEAD');
  const alice = ghUser('alice');
  github.state.pulls.set(
    7,
    ghPullRequest(alice, { number: 7, head: headSha, base: baseSha }, {
      files: [{ filename: 'infra/main.tf', status: 'modified' }],
      commits: [{ sha: headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }],
      reviews: [{ id: 1, user: ghUser('bob'), state: 'APPROVED', commit_id: headSha, body: '', submitted_at: '2026-11-25T10:00:00Z' }],
    }),
  );
  github.state.permissions = { alice: 'write', bob: 'write' };
  const env = {
    ...offlineTerraformEnv(dir),
    GITHUB_TOKEN: github.state.token,
    GITHUB_API_URL: github.url,
    GITHUB_ACTIONS: '',
    GITLAB_CI: '',
  };
  const review = await cli(['drift-detect', '--environment', 'dev', '--fail-on', 'never', '--output-directory', 'reports'], { cwd: dir, env });
  expect(review.code).toBe(0);
  return { dir, env: { ...env, ...ACTIONS_RUN }, headSha };
}

const ACTIONS_RUN = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'owner/repo', GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '99', GITHUB_EVENT_NAME: 'push' };
const RUN_URL = 'https://github.com/owner/repo/actions/runs/99';

const sync = (w: World, ...extra: string[]) => cli(['sync', 'dev', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--report', 'reports', '--format', 'json', ...extra], { cwd: w.dir, env: w.env });
const deploymentRequests = () => github.requests.filter((request) => request.path.includes('/deployments'));

describeWithTerraform('GitHub Deployments for sync and rollback', () => {
  test('a sync in GitHub Actions records a deployment of the commit it applied to its environment, in_progress then success, linking the run', async () => {
    const w = await world();
    const run = await sync(w);
    expect(run.code).toBe(0);
    expect(github.state.deployments).toHaveLength(1);
    const [deployment] = github.state.deployments!;
    expect(deployment).toMatchObject({ ref: w.headSha, environment: 'dev', auto_merge: false, required_contexts: [], description: 'gitops-sync sync of dev' });
    expect(deployment.statuses.map((status) => [status.state, status.log_url])).toEqual([
      ['in_progress', RUN_URL],
      ['success', RUN_URL],
    ]);
    expect(deployment.statuses[1].description).toBe('synced dev');
  });

  test('a sync whose apply fails ends its deployment with failure, saying why', async () => {
    const w = await world(FAILS_ON_APPLY);
    const run = await sync(w);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).environments[0]).toMatchObject({ status: 'failed', failure_reason: 'apply-failed' });
    const [deployment] = github.state.deployments!;
    expect(deployment.statuses.map((status) => status.state)).toEqual(['in_progress', 'failure']);
    expect(deployment.statuses[1].description).toMatch(/^sync of dev failed: /);
    expect(deployment.statuses[1].description.length).toBeLessThanOrEqual(140);
  });

  test('a sync the gate denies records no deployment: nothing was deployed', async () => {
    const w = await world();
    github.state.pulls.get(7)!.reviews = [];
    const run = await sync(w);
    expect(run.code).toBe(1);
    expect(deploymentRequests()).toEqual([]);
  });

  test('a Deployments API that refuses (no deployments: write) is one warning line; the sync still succeeds', async () => {
    const w = await world();
    github.faults.push({ method: 'POST', path: /\/deployments$/, status: 403, times: 1, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment', status: '403' } });
    const run = await sync(w);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).environments[0].status).toBe('synced');
    const warnings = run.stderr.split('\n').filter((line) => line.includes('warning'));
    expect(warnings).toEqual([
      'gitops-sync: warning: The deployment of dev is not recorded on GitHub: GitHub refused to record the deployment of dev (403); the token needs the "Deployments: write" permission (GITHUB_TOKEN: permissions: deployments: write). The sync or rollback itself is unaffected.',
    ]);
    expect(run.stderr).not.toContain(github.state.token);
  });

  test('a dry run, and a sync outside GitHub Actions, record nothing', async () => {
    const w = await world();
    expect((await sync(w, '--dry-run')).code).toBe(0);
    expect((await cli(['sync', 'dev', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--report', 'reports'], { cwd: w.dir, env: { ...w.env, GITHUB_ACTIONS: '' } })).code).toBe(0);
    expect(deploymentRequests()).toEqual([]);
  });

  test('the rollback action records its state rollback as a deployment of the checked-out commit', async () => {
    const w = await world();
    const infra = join(w.dir, 'infra');
    terraform(infra, w.env, 'init', '-input=false');
    terraform(infra, w.env, 'apply', '-auto-approve', '-input=false');
    mkdirSync(join(w.dir, 'backups'));
    copyFileSync(join(infra, 'terraform.tfstate'), join(w.dir, 'backups', 'old.tfstate'));
    writeFiles(infra, { 'main.tf': terraformDataApp('v3') });
    terraform(infra, w.env, 'apply', '-auto-approve', '-input=false');
    const io = new RecordingIO({ environment: 'dev', mode: 'terraform-state', 'state-file': 'backups/old.tfstate', force: 'true' }, w.dir, { ...process.env, ...w.env });
    await rollbackAction(io);
    expect(io.failure).toBeUndefined();
    expect(io.warnings).toEqual([]);
    const [deployment] = github.state.deployments!;
    expect(deployment).toMatchObject({ ref: w.headSha, environment: 'dev', description: 'gitops-sync rollback of dev (terraform-state)' });
    expect(deployment.statuses.map((status) => [status.state, status.log_url])).toEqual([
      ['in_progress', RUN_URL],
      ['success', RUN_URL],
    ]);
  });
});

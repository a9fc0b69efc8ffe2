/**
 * `sync` without --pr, attacked: a PR author's branch checked out by a job that is not a change
 * request's (a pull_request_target/workflow_run/issue_comment job, a GitLab child or push pipeline).
 * Whatever the working copy says, the policy comes from the protected branch the default branch names,
 * from the file the config is named as, for the environment as defined there.
 */
import { existsSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, offlineTerraformEnv, writeFiles, terraformDataApp } from './support/terraform.js';

const MAIN_CONFIG = `environments:
  dev:
    terraform: { dir: infra/dev }
  staging:
    terraform: { dir: infra/staging }
approval:
  environments:
    dev: { required_approvals: 0 }
    staging: { required_approvals: 2 }
`;

const stack = terraformDataApp;

/** main holds the reviewed policy; the attacker's branch is checked out, as a job for their change would. */
function attackedClone(extraOnMain: Record<string, string> = {}) {
  const dir = tempDir('gitops-sync-attack11-');
  const env = { ...offlineTerraformEnv(dir), GITHUB_ACTIONS: '', GITLAB_CI: '', GITHUB_EVENT_NAME: '', CI_PIPELINE_SOURCE: '', CI_MERGE_REQUEST_IID: '', CI_EXTERNAL_PULL_REQUEST_IID: '' };
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'gitops-sync.yaml'), MAIN_CONFIG);
  writeFileSync(join(dir, '.gitignore'), '.terraform/\n*.tfstate*\n.terraform.lock.hcl\nbackups/\nempty.tfrc\n');
  writeFiles(join(dir, 'infra/dev'), { 'main.tf': stack('v1') });
  writeFiles(join(dir, 'infra/staging'), { 'main.tf': stack('v1') });
  writeFiles(dir, extraOnMain);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'attacker');
  return { dir, env, sync: (...args: string[]) => cli(['sync', ...args], { cwd: dir, env }) };
}

const stagingApplied = (dir: string) => existsSync(join(dir, 'infra/staging/terraform.tfstate'));

describeWithTerraform('sync without a pull/merge request, attacked', () => {
  test('a `branch:` in the working copy cannot move where the policy is read: the default branch names the protected branch', async () => {
    const w = attackedClone();
    writeFileSync(join(w.dir, 'gitops-sync.yaml'), MAIN_CONFIG.replace('staging: { required_approvals: 2 }', 'staging: { required_approvals: 0, branch: attacker }'));
    git(w.dir, 'commit', '-q', '-am', 'my branch is the protected one now');
    const run = await w.sync('staging');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gitops-sync: staging needs 2 approvals by its policy on main \(approval\.environments\.staging in gitops-sync\.yaml\), so it syncs only from its reviewed pull\/merge request/);
    expect(stagingApplied(w.dir)).toBe(false);
  });

  test('a branch the reviewed policy names is where that environment\'s policy is read', async () => {
    const w = attackedClone();
    git(w.dir, 'checkout', '-q', 'main');
    writeFileSync(join(w.dir, 'gitops-sync.yaml'), MAIN_CONFIG.replace('staging: { required_approvals: 2 }', 'staging: { required_approvals: 2, branch: release }'));
    git(w.dir, 'commit', '-q', '-am', 'staging deploys from release');
    git(w.dir, 'branch', 'release');
    git(w.dir, 'checkout', '-q', 'attacker');
    git(w.dir, 'reset', '-q', '--hard', 'main');
    const run = await w.sync('staging');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gitops-sync: staging needs 2 approvals by its policy on release /);
  });

  test('a config that is a symbolic link is read on the branch under its own name, not as the file it leads to', async () => {
    // A loose example config merged to main (**/*.md is a safe path: approve-safe merges it without a human).
    const w = attackedClone({ 'example.md': MAIN_CONFIG.replace('staging: { required_approvals: 2 }', 'staging: { required_approvals: 0 }') });
    unlinkSync(join(w.dir, 'gitops-sync.yaml'));
    symlinkSync('example.md', join(w.dir, 'gitops-sync.yaml'));
    git(w.dir, 'commit', '-q', '-am', 'point the config at the example');
    const run = await w.sync('staging');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gitops-sync: staging needs 2 approvals by its policy on main \(approval\.environments\.staging in gitops-sync\.yaml\)/);
    expect(stagingApplied(w.dir)).toBe(false);
  });

  test('an environment that needs no approval cannot be pointed at another one: its definition must be the one on the branch', async () => {
    const w = attackedClone();
    writeFileSync(join(w.dir, 'gitops-sync.yaml'), MAIN_CONFIG.replace('dev:\n    terraform: { dir: infra/dev }', 'dev:\n    terraform: { dir: infra/staging }'));
    git(w.dir, 'commit', '-q', '-am', 'dev is staging now');
    const run = await w.sync('dev');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'gitops-sync: environments.dev in gitops-sync.yaml is not as on main, where its policy needs no approval, so it syncs only from its reviewed pull/merge request: pass --pr N (with --platform and --repo), merge the change first, or --dry-run to see what would change.\n',
    );
    expect(stagingApplied(w.dir)).toBe(false);
    // Its policy still lets the unchanged definition sync.
    git(w.dir, 'checkout', '-q', 'main', '--', 'gitops-sync.yaml');
    writeFiles(join(w.dir, 'infra/dev'), { 'main.tf': stack('v2') });
    const unchanged = await w.sync('dev');
    expect(unchanged.stderr).not.toMatch(/\n\s+at /);
    expect(unchanged.code).toBe(0);
  });

  test('an alias added in the working copy cannot make one environment stand for another', async () => {
    const w = attackedClone();
    // `sync staging` (a job meant for staging's reviewed changes) lands on dev's no-approval policy.
    // (approval.environments.staging renamed too: a policy keyed by an alias is refused outright, attack14sig.)
    const renamed = MAIN_CONFIG.replace('staging:\n    terraform: { dir: infra/staging }', 'stg:\n    terraform: { dir: infra/staging }')
      .replace('dev:\n    terraform: { dir: infra/dev }', 'dev:\n    terraform: { dir: infra/staging }\n    aliases: [staging]')
      .replace('    staging: { required_approvals: 2 }', '    stg: { required_approvals: 2 }');
    writeFileSync(join(w.dir, 'gitops-sync.yaml'), renamed);
    git(w.dir, 'commit', '-q', '-am', 'staging is dev');
    const run = await w.sync('staging');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/environments\.dev in gitops-sync\.yaml is not as on main/);
    expect(stagingApplied(w.dir)).toBe(false);
  });

  test('on a CI runner only origin counts, and origin must be the repository the run belongs to (not a fork the job cloned)', async () => {
    const w = attackedClone();
    const runner = { ...w.env, GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/estate' };
    const onRunner = (...args: string[]) => cli(['sync', ...args], { cwd: w.dir, env: runner });
    // The fork's main needs no approval for staging; its clone is the job's origin and its local main.
    const fork = join(w.dir, 'remotes', 'mallory', 'estate.git');
    git(w.dir, 'init', '-q', '--bare', fork);
    writeFileSync(join(w.dir, 'gitops-sync.yaml'), MAIN_CONFIG.replace('staging: { required_approvals: 2 }', 'staging: { required_approvals: 0 }'));
    git(w.dir, 'commit', '-q', '-am', 'no approvals');
    git(w.dir, 'branch', '-f', 'main');
    git(w.dir, 'remote', 'add', 'origin', fork);
    git(w.dir, 'push', '-q', 'origin', 'main');
    git(w.dir, 'fetch', '-q', 'origin');
    const forked = await onRunner('staging');
    expect(forked.code).toBe(1);
    expect(forked.stderr).toBe(
      "gitops-sync: The policy of staging could not be read from main (the clone's origin is not acme/estate, the repository this CI run belongs to), so it syncs only from its reviewed pull/merge request: pass --pr N (with --platform and --repo), or --dry-run to see what would change.\n",
    );
    expect(stagingApplied(w.dir)).toBe(false);
    // Without origin, the local main (whoever made it) does not count on a runner.
    git(w.dir, 'remote', 'remove', 'origin');
    expect((await onRunner('staging')).stderr).toMatch(/^gitops-sync: The policy of staging could not be read from main \(there is no origin\/main in the clone at .*; on a CI runner only the remote's branch counts: fetch it \(e\.g\. fetch-depth: 0\)\)/);
    // The run's own repository as origin is read as before.
    const own = join(w.dir, 'remotes', 'acme', 'estate.git');
    git(w.dir, 'init', '-q', '--bare', own);
    git(w.dir, 'remote', 'add', 'origin', own);
    git(w.dir, 'push', '-q', 'origin', 'main');
    git(w.dir, 'fetch', '-q', 'origin');
    expect((await onRunner('dev', '--dry-run')).code).toBe(0);
    const dev = await onRunner('dev');
    expect(dev.stderr).not.toMatch(/\n\s+at /);
    expect(dev.code).toBe(0);
  });
});

/**
 * sync applies a safe change without the gate only when the environment's policy sets
 * `auto_approve_safe`. That policy is the one at the change's base, which the gate trusts, never the
 * checkout's: a branch made before the default branch turned auto_approve_safe off still carries it,
 * and a docs-only change on it lists no change to the config. Real git, real terraform, real Octokit
 * against the loopback GitHub.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { git } from './support/git-repo.js';
import { describeWithTerraform, offlineTerraformEnv, terraformDataApp, writeFiles } from './support/terraform.js';

const github = useFakeGitHub();
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const config = (staging: string) => `environments:
  staging:
    terraform: { dir: infra/staging }
approval:
  environments:
    staging: ${staging}
`;

describeWithTerraform('auto_approve_safe is read from the policy at the base', () => {
  test('a branch whose stale config still sets auto_approve_safe does not skip the gate the base asks for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-attack25cfg-'));
    roots.push(dir);
    const env = { ...offlineTerraformEnv(dir), GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '', GITLAB_CI: '' };
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'gitops-sync.yaml'), config('{ auto_approve_safe: true }'));
    writeFileSync(join(dir, '.gitignore'), '.terraform/\n*.tfstate*\n.terraform.lock.hcl\nbackups/\nreports/\nempty.tfrc\n');
    writeFiles(join(dir, 'infra/staging'), { 'main.tf': terraformDataApp('v1') });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'staging syncs safe changes alone');
    // The pull request's branch: a docs change, made while the default branch still allowed that.
    git(dir, 'checkout', '-q', '-b', 'change');
    writeFiles(join(dir, 'docs'), { 'guide.md': '# Guide\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'docs');
    const head = git(dir, 'rev-parse', 'HEAD');
    // Meanwhile the default branch turns auto_approve_safe off: staging needs one approval.
    git(dir, 'checkout', '-q', 'main');
    writeFileSync(join(dir, 'gitops-sync.yaml'), config('{ required_approvals: 1 }'));
    git(dir, 'commit', '-q', '-am', 'staging needs an approval');
    const base = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'checkout', '-q', 'change');

    const alice = ghUser('alice');
    github.state.pulls.set(7, ghPullRequest(alice, { number: 7, head, base }, { files: [{ filename: 'docs/guide.md', status: 'added' }], commits: [{ sha: head, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }] }));
    github.state.permissions = { alice: 'write' };
    expect((await cli(['drift-detect', '--environment', 'staging', '--fail-on', 'never', '--output-directory', 'reports'], { cwd: dir, env })).code).toBe(0);

    const run = await cli(['sync', 'staging', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--report', 'reports', '--format', 'json'], { cwd: dir, env });
    const [result] = JSON.parse(run.stdout).environments;
    expect(result).toMatchObject({ status: 'failed', failure_reason: 'gate-denied' });
    expect(result.message).toContain('1 approval from independent reviewers with write access (have 0)');
    expect(run.code).toBe(1);
    expect(existsSync(join(dir, 'infra/staging/terraform.tfstate'))).toBe(false);
  }, 120_000);
});

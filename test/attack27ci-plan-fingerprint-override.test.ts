/**
 * Attack on "sync applies exactly the plan the reviewers saw": drift-detect's comment on the pull
 * request names the reviewed plan, and a report given to sync must agree with it — but a fingerprint
 * given instead (`--plan-fingerprint`, the action's `plan-fingerprint` input) replaced it unchecked.
 * After the infrastructure drifted, the plan grew; whoever ran the sync took the new plan's fingerprint
 * from a fresh drift-detect and passed it, and the plan nobody reviewed was applied. Real git, real
 * terraform, real Octokit against the loopback GitHub.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { git } from './support/git-repo.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, terraformDataApp, writeFiles } from './support/terraform.js';

const github = useFakeGitHub();
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const CONFIG = 'environments:\n  staging:\n    terraform: { dir: infra/staging }\napproval:\n  environments:\n    staging: { required_approvals: 1 }\n';
const fingerprintOf = (dir: string, folder: string) => JSON.parse(readFileSync(join(dir, folder, 'drift-report-staging.json'), 'utf8')).plan_fingerprint as string;

describeWithTerraform('a plan fingerprint given to sync against the one commented on the pull request', () => {
  test('a fingerprint that is not the reviewed plan\'s applies nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-attack27ci-fingerprint-'));
    roots.push(dir);
    const env = { ...offlineTerraformEnv(dir), GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '', GITLAB_CI: '' };
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'gitops-sync.yaml'), CONFIG);
    writeFileSync(join(dir, '.gitignore'), '.terraform/\n*.tfstate*\n.terraform.lock.hcl\nbackups/\nreviewed/\nnow/\nempty.tfrc\n');
    writeFiles(join(dir, 'infra/staging'), { 'main.tf': '' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'staging');
    const base = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'checkout', '-q', '-b', 'change');
    writeFiles(join(dir, 'infra/staging'), { 'main.tf': terraformDataApp('v2') });
    git(dir, 'commit', '-q', '-am', 'app v2');
    const head = git(dir, 'rev-parse', 'HEAD');
    const alice = ghUser('alice');
    const bob = ghUser('bob');
    github.state.pulls.set(7, ghPullRequest(alice, { number: 7, head, base }, {
      files: [{ filename: 'infra/staging/main.tf', status: 'modified' }],
      commits: [{ sha: head, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }],
      reviews: [{ id: 1, user: bob, state: 'APPROVED', commit_id: head, body: '', submitted_at: '2026-12-01T12:00:00Z' }],
    }));
    github.state.permissions = { alice: 'write', bob: 'write' };
    const pr = ['--platform', 'github', '--repo', 'owner/repo', '--pr', '7'];

    // What the reviewers saw: drift-detect's comment on the pull request (create terraform_data.app).
    expect((await cli(['drift-detect', '--environment', 'staging', '--fail-on', 'never', '--output-directory', 'reviewed', '--pr-comment', 'always', ...pr], { cwd: dir, env })).code).toBe(0);
    const reviewed = fingerprintOf(dir, 'reviewed');
    // The infrastructure drifts: something else now holds the resource the change was to create.
    writeFiles(join(dir, 'infra/staging'), { 'main.tf': terraformDataApp('by hand') });
    terraform(join(dir, 'infra/staging'), env, 'init', '-input=false');
    terraform(join(dir, 'infra/staging'), env, 'apply', '-auto-approve', '-input=false');
    git(dir, 'checkout', '-q', '--', 'infra/staging/main.tf');
    const drifted = readFileSync(join(dir, 'infra/staging/terraform.tfstate'));
    // The plan now (replace the hand-made one), and its fingerprint, taken from a fresh drift-detect.
    expect((await cli(['drift-detect', '--environment', 'staging', '--fail-on', 'never', '--output-directory', 'now'], { cwd: dir, env })).code).toBe(0);
    const now = fingerprintOf(dir, 'now');
    expect(now).not.toBe(reviewed);

    const run = await cli(['sync', 'staging', ...pr, '--plan-fingerprint', now, '--format', 'json'], { cwd: dir, env });

    expect(readFileSync(join(dir, 'infra/staging/terraform.tfstate')).equals(drifted)).toBe(true);
    const [result] = JSON.parse(run.stdout).environments;
    expect(result).toMatchObject({ status: 'failed', failure_reason: 'plan-changed' });
    expect(result.message).toBe(
      `The plan fingerprint given for staging (${now.slice(0, 19)}…) is not the one drift-detect commented on owner/repo#7 (${reviewed.slice(0, 19)}…), the plan the reviewers saw, so nothing was applied; leave the fingerprint out to apply the reviewed plan, or review the new plan and approve it again.`,
    );
    expect(run.code).toBe(1);
  }, 120_000);
});

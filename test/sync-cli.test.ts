/**
 * `gitops-sync sync` and `rollback` end to end: drift-detect on the pull request records the plan
 * fingerprint, the gate runs against the loopback GitHub (real Octokit), real terraform applies
 * exactly the reviewed plan, environment by environment, and a state rollback restores a backup.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub, type GhReview } from './support/fake-github.js';
import { git } from './support/git-repo.js';
import { describeWithTerraform, offlineTerraformEnv, writeFiles, terraformDataApp } from './support/terraform.js';

const github = useFakeGitHub();
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const CONFIG = `environments:
  dev:
    terraform: { dir: infra/dev }
  staging:
    terraform: { dir: infra/staging }
approval:
  environments:
    dev: { required_approvals: 1 }
    staging: { required_approvals: 2 }
`;

const stack = terraformDataApp;

interface World {
  dir: string;
  env: Record<string, string>;
  headSha: string;
}

/** A repository (base commit with the config, head commit with the change) and an open PR 7 for it. */
function world(config = CONFIG): World {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-sync-cli-'));
  roots.push(dir);
  const env = { ...offlineTerraformEnv(dir), GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '', GITLAB_CI: '' };
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'gitops-sync.yaml'), config);
  writeFileSync(join(dir, '.gitignore'), '.terraform/\n*.tfstate*\n.terraform.lock.hcl\nbackups/\nreports/\nempty.tfrc\n');
  writeFiles(join(dir, 'infra/dev'), { 'main.tf': stack('v1') });
  writeFiles(join(dir, 'infra/staging'), { 'main.tf': stack('v1') });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD');
  writeFiles(join(dir, 'infra/dev'), { 'main.tf': stack('v2') });
  writeFiles(join(dir, 'infra/staging'), { 'main.tf': stack('v2') });
  git(dir, 'commit', '-q', '-am', 'v2');
  const headSha = git(dir, 'rev-parse', 'HEAD');
  const author = ghUser('alice');
  github.state.pulls.set(
    7,
    ghPullRequest(author, { number: 7, head: headSha, base: baseSha }, {
      files: [
        { filename: 'infra/dev/main.tf', status: 'modified' },
        { filename: 'infra/staging/main.tf', status: 'modified' },
      ],
      commits: [{ sha: headSha, author, committer: author, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }],
    }),
  );
  github.state.permissions = { alice: 'write', bob: 'write', carol: 'write' };
  return { dir, env, headSha };
}

const approve = (w: World, login: string): GhReview => ({ id: Math.floor(Math.random() * 1e6), user: ghUser(login), state: 'APPROVED', commit_id: w.headSha, body: '', submitted_at: '2026-11-25T10:00:00Z' });

/** drift-detect on the PR for each environment, as the PR workflow would: reports/drift-report-<env>.json. */
async function reviewPlans(w: World) {
  for (const environment of ['dev', 'staging']) {
    const run = await cli(['drift-detect', '--environment', environment, '--fail-on', 'never', '--output-directory', 'reports'], { cwd: w.dir, env: w.env });
    expect(run.code).toBe(0);
  }
  return JSON.parse(readFileSync(join(w.dir, 'reports/drift-report-dev.json'), 'utf8')) as { plan_fingerprint: string };
}

const sync = (w: World, ...args: string[]) =>
  cli(['sync', ...args, '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--report', 'reports', '--format', 'json'], { cwd: w.dir, env: w.env }).then((run) => ({
    ...run,
    result: run.stdout ? JSON.parse(run.stdout) : undefined,
  }));

const stateOf = (w: World, environment: string) => JSON.parse(readFileSync(join(w.dir, 'infra', environment, 'terraform.tfstate'), 'utf8'));
const appInput = (w: World, environment: string) => stateOf(w, environment).resources[0].instances[0].attributes.input.value ?? stateOf(w, environment).resources[0].instances[0].attributes.input;

describeWithTerraform('sync and rollback through the CLI', () => {
  let w: World;
  beforeEach(() => {
    w = world();
  });

  test('promotion dev → staging: the gate allows each, exactly the reviewed plans are applied after a state backup', async () => {
    const reviewed = await reviewPlans(w);
    expect(reviewed.plan_fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    github.state.pulls.get(7)!.reviews.push(approve(w, 'bob'), approve(w, 'carol'));
    const run = await sync(w, '--environments', 'dev,staging');
    expect(run.stderr).not.toMatch(/Error:|\n\s+at /);
    expect(run.code).toBe(0);
    expect(run.result.environments.map((e: { environment: string; status: string }) => [e.environment, e.status])).toEqual([['dev', 'synced'], ['staging', 'synced']]);
    expect(run.result.environments[0].plan_fingerprint).toBe(reviewed.plan_fingerprint);
    expect(run.result.environments[0].steps[0]).toBe('gate allowed owner/repo#7 (bob, carol)');
    expect(appInput(w, 'dev')).toBe('v2');
    expect(appInput(w, 'staging')).toBe('v2');
  });

  test('the gate denies staging (one approval of two): dev syncs, staging fails with gate-denied and nothing after it runs', async () => {
    await reviewPlans(w);
    github.state.pulls.get(7)!.reviews.push(approve(w, 'bob'));
    const run = await sync(w, '--environments', 'dev,staging');
    expect(run.code).toBe(1);
    expect(run.result.environments[1]).toMatchObject({ environment: 'staging', status: 'failed', failure_reason: 'gate-denied' });
    expect(run.result.environments[1].message).toMatch(/^The gate denied staging: 2 approvals from independent reviewers/);
    expect(existsSync(join(w.dir, 'infra/staging/terraform.tfstate'))).toBe(false);
  });

  test('a config the base commit does not have, while it has gitops-sync.yaml, is an error: the defaults never stand in for its approvals', async () => {
    await reviewPlans(w);
    github.state.pulls.get(7)!.reviews.push(approve(w, 'bob'));
    // The same environments from another folder; the base commit's policy is gitops-sync.yaml at the top (staging: two approvals).
    writeFiles(join(w.dir, 'deploy'), { 'gitops-sync.yaml': CONFIG.replaceAll('dir: infra/', 'dir: ../infra/') });
    const run = await sync(w, 'staging', '--config', 'deploy/gitops-sync.yaml');
    expect(run.code).toBe(1);
    expect(JSON.stringify(run.result ?? run.stderr)).toContain("The config deploy/gitops-sync.yaml is not at the base commit but gitops-sync.yaml is");
    expect(existsSync(join(w.dir, 'infra/staging/terraform.tfstate'))).toBe(false);
  });

  test('a change made after review is refused with plan-changed and says what differs', async () => {
    await reviewPlans(w);
    github.state.pulls.get(7)!.reviews.push(approve(w, 'bob'));
    writeFiles(join(w.dir, 'infra/dev'), { 'main.tf': stack('v3') });
    const run = await sync(w, 'dev');
    expect(run.code).toBe(1);
    expect(run.result.environments[0]).toMatchObject({ status: 'failed', failure_reason: 'plan-changed' });
    expect(run.result.environments[0].detail).toContain('terraform_data.app');
    expect(existsSync(join(w.dir, 'infra/dev/terraform.tfstate'))).toBe(false);
  });

  test('another sync holding the lock: locked, nothing applied', async () => {
    await reviewPlans(w);
    github.state.pulls.get(7)!.reviews.push(approve(w, 'bob'));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(w.dir, 'backups/.locks'), { recursive: true });
    writeFileSync(join(w.dir, 'backups/.locks/dev.lock'), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), since: '2026-11-25T10:00:00Z' }));
    const run = await sync(w, 'dev');
    expect(run.result.environments[0]).toMatchObject({ status: 'failed', failure_reason: 'locked' });
    expect(run.result.environments[0].message).toMatch(/^Another sync of dev holds .*dev\.lock \(process \d+ on .* since 2026-11-25T10:00:00Z\)/);
  });

  test('--dry-run says what would be applied and changes nothing; --matrix prints the fan-out', async () => {
    await reviewPlans(w);
    github.state.pulls.get(7)!.reviews.push(approve(w, 'bob'));
    const run = await sync(w, 'dev', '--dry-run');
    expect(run.code).toBe(0);
    expect(run.result.environments[0]).toMatchObject({ status: 'synced', dry_run: true });
    expect(existsSync(join(w.dir, 'infra/dev/terraform.tfstate'))).toBe(false);
    expect(existsSync(join(w.dir, 'backups/dev'))).toBe(false);
    const matrix = await cli(['sync', '--environments', 'dev,staging', '--matrix'], { cwd: w.dir, env: w.env });
    expect(JSON.parse(matrix.stdout)).toEqual({ include: [{ environment: 'dev' }, { environment: 'staging' }] });
    const typo = await cli(['sync', '--environments', 'dev,stagng', '--matrix'], { cwd: w.dir, env: w.env });
    expect([typo.code, typo.stdout]).toEqual([1, '']);
    expect(typo.stderr).toMatch(/^gitops-sync: Environment stagng is not in the configuration \(it has .*staging.*\); no matrix was written\.\n$/);
  });

  test('rollback --mode terraform-state restores the backup sync took; a wrong file is one sentence', async () => {
    await reviewPlans(w);
    github.state.pulls.get(7)!.reviews.push(approve(w, 'bob'), approve(w, 'carol'));
    expect((await sync(w, 'dev')).code).toBe(0);
    // A second reviewed change (v3) on top, so there is something to roll back from.
    writeFiles(join(w.dir, 'infra/dev'), { 'main.tf': stack('v3') });
    await reviewPlans(w);
    expect((await sync(w, 'dev')).code).toBe(0);
    expect(appInput(w, 'dev')).toBe('v3');
    const backups = readdirSync(join(w.dir, 'backups/dev')).filter((name) => name.endsWith('.tfstate')).sort();
    expect(backups.length).toBeGreaterThanOrEqual(1);
    const latest = join('backups/dev', backups[backups.length - 1]);
    const unforced = await cli(['rollback', 'dev', '--mode', 'terraform-state', '--state-file', latest], { cwd: w.dir, env: w.env });
    expect(unforced.code).toBe(1);
    expect(unforced.stderr.trim().split('\n').pop()).toMatch(/, so it was not pushed; roll back again with --force to push it anyway\.$/);
    const run = await cli(['rollback', 'dev', '--mode', 'terraform-state', '--state-file', latest, '--force', '--format', 'json'], { cwd: w.dir, env: w.env });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ environment: 'dev', mode: 'terraform-state', rolled_back: true });
    expect(result.backup_path).toMatch(/backups\/dev\/.*\.tfstate$/);
    expect(appInput(w, 'dev')).toBe('v2');
    // Each step reaches the progress log exactly once (the state push's are announced as the rollback ends).
    expect(result.steps.length).toBeGreaterThan(1);
    for (const step of result.steps as string[]) expect(run.stderr.split('\n').filter((line) => line === `gitops-sync: ${step}`)).toHaveLength(1);

    const wrong = await cli(['rollback', 'dev', '--mode', 'terraform-state', '--state-file', 'gitops-sync.yaml'], { cwd: w.dir, env: w.env });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n').pop()).toMatch(/^gitops-sync: .*gitops-sync\.yaml.*not a Terraform state/);
  });

  test('sync judges the plan it applies: a critical change needs the critical team with only a fingerprint, and the change cannot lower its own severity', async () => {
    const critical = `environments:
  dev:
    terraform: { dir: infra/dev }
  staging:
    terraform: { dir: infra/staging }
severity:
  rules:
    - { id: app-is-critical, severity: critical, match: { address: ["terraform_data.app"] } }
approval:
  environments:
    dev: { required_approvals: 1, critical_requires_team: owner/security-team }
    staging: { required_approvals: 1 }
`;
    w = world(critical);
    const reviewed = await reviewPlans(w);
    github.state.pulls.get(7)!.reviews.push(approve(w, 'bob'));
    github.state.teams = { 'owner/security-team': ['carol'] };
    // What the checkout says (the merged change) lowers the rule; the base commit's rules judge.
    writeFileSync(join(w.dir, 'gitops-sync.yaml'), critical.replace('severity: critical', 'severity: low'));
    const byFingerprint = () =>
      cli(['sync', 'dev', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--plan-fingerprint', reviewed.plan_fingerprint, '--format', 'json'], { cwd: w.dir, env: w.env });
    const denied = await byFingerprint();
    expect(denied.code).toBe(1);
    expect(JSON.parse(denied.stdout).environments[0]).toMatchObject({
      status: 'failed',
      failure_reason: 'gate-denied',
      message: 'The gate denied dev: the plan sync is about to apply has critical changes: an approval from a member of owner/security-team.',
    });
    expect(existsSync(join(w.dir, 'infra/dev/terraform.tfstate'))).toBe(false);

    github.state.pulls.get(7)!.reviews.push(approve(w, 'carol'));
    const allowed = await byFingerprint();
    expect(allowed.code).toBe(0);
    expect(appInput(w, 'dev')).toBe('v2');
  });

  test('auto_approve_safe applies a docs-only change alone, but never a plan with a critical change', async () => {
    const auto = (rules: string) => `environments:
  dev:
    terraform: { dir: infra/dev }
${rules}approval:
  environments:
    dev: { auto_approve_safe: true, critical_requires_team: owner/security-team }
`;
    const docsOnly = async (config: string) => {
      w = world(config);
      writeFiles(join(w.dir, 'docs'), { 'guide.md': '# Guide\n' });
      git(w.dir, 'add', '-A');
      git(w.dir, 'commit', '-q', '-m', 'docs');
      const head = git(w.dir, 'rev-parse', 'HEAD');
      const author = ghUser('alice');
      github.state.pulls.set(7, ghPullRequest(author, { number: 7, head, base: w.headSha }, { files: [{ filename: 'docs/guide.md', status: 'added' }], commits: [{ sha: head, author, committer: author, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }] }));
      expect((await cli(['drift-detect', '--environment', 'dev', '--fail-on', 'never', '--output-directory', 'reports'], { cwd: w.dir, env: w.env })).code).toBe(0);
      return sync(w, 'dev');
    };
    // The plan creates terraform_data.app (no state yet): routine, so the safe change applies alone.
    const routine = await docsOnly(auto(''));
    expect(routine.result.environments[0]).toMatchObject({ status: 'synced' });
    expect(routine.result.environments[0].steps[0]).toBe('auto_approve_safe: every changed path of owner/repo#7 is safe and the plan has no critical change');

    const critical = await docsOnly(auto('severity:\n  rules:\n    - { id: app-is-critical, severity: critical, match: { address: ["terraform_data.app"] } }\n'));
    expect(critical.result.environments[0]).toMatchObject({ status: 'failed', failure_reason: 'gate-denied' });
    expect(critical.result.environments[0].message).toContain('the plan sync is about to apply has critical changes: an approval from a member of owner/security-team');
    expect(existsSync(join(w.dir, 'infra/dev/terraform.tfstate'))).toBe(false);
  });

  test('a report of another environment or another commit never binds a sync', async () => {
    await reviewPlans(w);
    github.state.pulls.get(7)!.reviews.push(approve(w, 'bob'));
    const staging = JSON.parse(readFileSync(join(w.dir, 'reports/drift-report-staging.json'), 'utf8'));
    writeFileSync(join(w.dir, 'reports/drift-report-dev.json'), JSON.stringify({ ...staging, environment: 'dev', head_sha: 'f'.repeat(40) }));
    const run = await sync(w, 'dev');
    expect(run.result.environments[0]).toMatchObject({ status: 'failed', failure_reason: 'gate-denied' });
    expect(run.result.environments[0].message).toMatch(/^The gate denied dev: the drift report given was made at ffffffffffff, not at the head/);
    expect(existsSync(join(w.dir, 'infra/dev/terraform.tfstate'))).toBe(false);
  });

  test("a chat-ops bot echoing the marker with the fingerprint of an unreviewed plan does not get that plan applied", async () => {
    // The reviewed plan (v2) is in drift-detect's own comment on the pull request.
    const comment = await cli(['drift-detect', '--environment', 'dev', '--fail-on', 'never', '--output-directory', 'reports', '--pr-comment', 'always', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7'], { cwd: w.dir, env: w.env });
    expect(comment.code).toBe(0);
    expect(github.state.comments.map((c) => c.user.login)).toEqual(['github-actions[bot]']);
    github.state.pulls.get(7)!.reviews.push(approve(w, 'bob'));
    // After the review, the folder plans v3; a chat-ops app is made to echo v3's fingerprint with the marker, listed first.
    writeFiles(join(w.dir, 'infra/dev'), { 'main.tf': stack('v3') });
    const unreviewed = await cli(['drift-detect', '--environment', 'dev', '--fail-on', 'never', '--output-directory', 'unreviewed', '--pr-comment', 'off'], { cwd: w.dir, env: w.env });
    const fingerprint = JSON.parse(readFileSync(join(w.dir, 'unreviewed/drift-report-dev.json'), 'utf8')).plan_fingerprint as string;
    expect(unreviewed.code).toBe(0);
    github.state.comments.unshift({
      id: 1,
      issue_number: 7,
      user: ghUser('chatops[bot]'),
      body: `<!-- gitops-sync:drift-comment environment=dev -->\n<!-- gitops-sync:plan-fingerprint ${fingerprint} -->\n> echo from chat`,
      created_at: '2026-11-25T09:00:00Z',
      updated_at: '2026-11-25T09:00:00Z',
    });
    const viaComment = () => cli(['sync', 'dev', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--format', 'json'], { cwd: w.dir, env: w.env }).then((run) => ({ ...run, result: JSON.parse(run.stdout) }));
    const run = await viaComment();
    expect(run.code).toBe(1);
    expect(run.result.environments[0]).toMatchObject({ status: 'failed', failure_reason: 'plan-changed' });
    expect(existsSync(join(w.dir, 'infra/dev/terraform.tfstate'))).toBe(false);

    // Without drift-detect's own comment there is no reviewed plan at all.
    github.state.comments = github.state.comments.filter((c) => c.user.login === 'chatops[bot]');
    const none = await viaComment();
    expect(none.result.environments[0]).toMatchObject({ failure_reason: 'plan-changed', message: expect.stringMatching(/^There is no reviewed plan for dev/) });
    expect(existsSync(join(w.dir, 'infra/dev/terraform.tfstate'))).toBe(false);
  });

  test("a fingerprint someone else edited into drift-detect's own comment is not trusted; drift-detect's own rewrite is", async () => {
    const comment = (dir: string) =>
      cli(['drift-detect', '--environment', 'dev', '--fail-on', 'never', '--output-directory', dir, '--pr-comment', 'always', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7'], { cwd: w.dir, env: w.env });
    expect((await comment('reports')).code).toBe(0);
    github.state.pulls.get(7)!.reviews.push(approve(w, 'bob'));
    // After the review the folder plans v3; someone with write access edits our comment to name v3's plan.
    writeFiles(join(w.dir, 'infra/dev'), { 'main.tf': stack('v3') });
    await cli(['drift-detect', '--environment', 'dev', '--fail-on', 'never', '--output-directory', 'unreviewed'], { cwd: w.dir, env: w.env });
    const unreviewed = JSON.parse(readFileSync(join(w.dir, 'unreviewed/drift-report-dev.json'), 'utf8')).plan_fingerprint as string;
    const ours = github.state.comments.find((c) => c.user.login === 'github-actions[bot]')!;
    ours.body = ours.body.replace(/sha256:[0-9a-f]{64}/, unreviewed);
    ours.editor = ghUser('mallory');
    ours.last_edited_at = '2026-11-25T11:00:00Z';
    const viaComment = () => cli(['sync', 'dev', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--format', 'json'], { cwd: w.dir, env: w.env }).then((run) => ({ ...run, result: JSON.parse(run.stdout) }));
    const edited = await viaComment();
    expect(edited.code).toBe(1);
    expect(edited.result.environments[0]).toMatchObject({ status: 'failed' });
    expect(edited.result.environments[0].message).toMatch(/^gitops-sync's comment on owner\/repo#7 was last edited by mallory, not by github-actions\[bot\], so its plan fingerprint is not trusted/);
    expect(existsSync(join(w.dir, 'infra/dev/terraform.tfstate'))).toBe(false);

    // A person whose login is the bot's without `[bot]` (GraphQL drops the suffix for bots) is not the bot.
    ours.editor = { ...ghUser('github-actions'), type: 'User' };
    const lookalike = await viaComment();
    expect(lookalike.result.environments[0].message).toMatch(/^gitops-sync's comment on owner\/repo#7 was last edited by github-actions, not by github-actions\[bot\]/);
    expect(existsSync(join(w.dir, 'infra/dev/terraform.tfstate'))).toBe(false);

    // drift-detect comments again (the plan reviewers now see): its own edit is trusted.
    expect((await comment('reports')).code).toBe(0);
    const rewritten = await viaComment();
    expect(rewritten.result.environments[0]).toMatchObject({ status: 'synced' });
    expect(appInput(w, 'dev')).toBe('v3');
  });

  test('from a terminal, an environment whose policy on main needs no approval syncs without --pr; one that needs approvals is a usage error naming --pr', async () => {
    const free = world(CONFIG.replace('dev: { required_approvals: 1 }', 'dev: { required_approvals: 0 }'));
    const terminal = (...args: string[]) => cli(['sync', ...args], { cwd: free.dir, env: free.env });
    const dev = await terminal('dev');
    expect(dev.stderr).not.toMatch(/Error:|\n\s+at /);
    expect(dev.code).toBe(0);
    expect(dev.stdout).toMatch(/^dev: synced\n {2}no approval needed: approval\.environments\.dev in gitops-sync\.yaml on main \([0-9a-f]{12}\) requires none\n/);
    expect(appInput(free, 'dev')).toBe('v2');

    const staging = await terminal('staging');
    expect(staging.code).toBe(1);
    expect(staging.stdout).toBe('');
    expect(staging.stderr).toBe(
      'gitops-sync: staging needs 2 approvals by its policy on main (approval.environments.staging in gitops-sync.yaml), so it syncs only from its reviewed pull/merge request: pass --pr N (with --platform and --repo), or --dry-run to see what would change.\n',
    );
    expect(existsSync(join(free.dir, 'infra/staging/terraform.tfstate'))).toBe(false);
    // A promotion is refused before dev is touched.
    expect((await terminal('--environments', 'dev,staging')).stderr).toMatch(/^gitops-sync: staging needs 2 approvals/);
  });

  test('the working copy cannot lower its own policy: an uncommitted or unmerged required_approvals: 0 does not let sync skip the review', async () => {
    writeFileSync(join(w.dir, 'gitops-sync.yaml'), CONFIG.replace('dev: { required_approvals: 1 }', 'dev: { required_approvals: 0 }'));
    const edited = await cli(['sync', 'dev'], { cwd: w.dir, env: w.env });
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/^gitops-sync: dev needs 1 approval by its policy on main .* pass --pr N/);
    git(w.dir, 'checkout', '-q', '-b', 'lower-the-bar');
    git(w.dir, 'commit', '-q', '-am', 'no approvals please');
    expect((await cli(['sync', 'dev'], { cwd: w.dir, env: w.env })).stderr).toMatch(/^gitops-sync: dev needs 1 approval by its policy on main/);
    expect(existsSync(join(w.dir, 'infra/dev/terraform.tfstate'))).toBe(false);
  });

  test('in CI for a pull/merge request, sync always runs the gate, whatever the policy says', async () => {
    const free = world(CONFIG.replace('dev: { required_approvals: 1 }', 'dev: { required_approvals: 0 }'));
    for (const ci of [{ GITHUB_EVENT_NAME: 'pull_request_target' }, { GITHUB_EVENT_NAME: 'merge_group' }, { CI_MERGE_REQUEST_IID: '7' }, { CI_EXTERNAL_PULL_REQUEST_IID: '7' }]) {
      const run = await cli(['sync', 'dev'], { cwd: free.dir, env: { ...free.env, GITHUB_TOKEN: '', GITLAB_TOKEN: '', ...ci } });
      expect(run.code).toBe(1);
      expect(run.stderr).not.toMatch(/no approval needed/);
    }
    expect(existsSync(join(free.dir, 'infra/dev/terraform.tfstate'))).toBe(false);
  });

  test('bad command lines: one sentence, exit 1', async () => {
    const run = (...args: string[]) => cli(args, { cwd: w.dir, env: w.env });
    expect((await run('sync')).stderr).toBe('gitops-sync: gitops-sync sync needs an environment, e.g. `gitops-sync sync staging`, or --environments dev,staging,prod.\n');
    expect((await run('rollback', 'dev', '--mode', 'yolo')).stderr).toBe('gitops-sync: --mode must be one of git, terraform-state, kubernetes, argocd (got "yolo").\n');
    expect((await run('rollback', 'dev', '--mode', 'git')).stderr).toBe('gitops-sync: rollback --mode git needs --to-commit: the commit to restore the environment to.\n');
    expect((await run('sync', 'dev', '--concurrency', '0')).stderr).toMatch(/--concurrency must be a whole number/);
    // Only --parallel reads it: alone, it was ignored without a word.
    for (const command of ['sync', 'drift']) {
      const alone = await run(command, '--environments', 'dev', '--concurrency', '2');
      expect([alone.code, alone.stderr]).toEqual([1, 'gitops-sync: --concurrency 2 sets how many environments run at once with --parallel, which is not given; add --parallel, or drop --concurrency.\n']);
    }
    const noFingerprint = await cli(['sync', 'dev', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--format', 'json'], { cwd: w.dir, env: w.env });
    github.state.pulls.get(7)!.reviews.push(approve(w, 'bob'));
    const again = await cli(['sync', 'dev', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--format', 'json'], { cwd: w.dir, env: w.env });
    expect(noFingerprint.code).toBe(1);
    expect(JSON.parse(again.stdout).environments[0]).toMatchObject({ failure_reason: 'plan-changed', message: expect.stringMatching(/^There is no reviewed plan for dev, and the plan now changes 1 resource\(s\)/) });
  });
});

/**
 * `gitops-sync check-protection`: the live branch protection, rulesets and environment protection on
 * GitHub, the protected branches, environments and approval settings on GitLab, judged against the
 * approval policy — one line per weakness, exit 2 when weaker, 0 when not, 1 on error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { stableId, useFakeGitHub } from './support/fake-github.js';
import { useFakeGitLab } from './support/fake-gitlab.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('gitops-sync-check-protection-');
writeFileSync(join(dir, 'gitops-sync.yaml'), 'approval:\n  environments:\n    production:\n      production: true\n      required_teams: [owner/platform]\n    dev: { required_approvals: 1, branch: develop }\n');

/** GitHub as `generate branch-protection` and `generate github-environments` would set it up. */
const strongGitHub = () => ({
  teams: { 'owner/platform': ['pat'] },
  branchProtection: {
    main: {
      required_pull_request_reviews: { dismiss_stale_reviews: true, require_code_owner_reviews: true, required_approving_review_count: 2, require_last_push_approval: true },
      enforce_admins: { url: '', enabled: true },
      allow_force_pushes: { enabled: false },
      allow_deletions: { enabled: false },
    },
  },
  branchRules: {
    develop: [
      { type: 'non_fast_forward', ruleset_source_type: 'Repository', ruleset_source: 'owner/repo', ruleset_id: 1 },
      { type: 'pull_request', ruleset_source_type: 'Repository', ruleset_source: 'owner/repo', ruleset_id: 1, parameters: { required_approving_review_count: 1, require_last_push_approval: true, dismiss_stale_reviews_on_push: true, require_code_owner_review: true, required_review_thread_resolution: true } },
    ],
  },
  environments: {
    production: { wait_timer: 0, prevent_self_review: true, can_admins_bypass: false, reviewers: [{ type: 'Team' as const, id: stableId('team:owner/platform') }], deployment_branch_policy: null, branch_policies: [] },
    dev: { wait_timer: 0, prevent_self_review: true, can_admins_bypass: false, reviewers: [{ type: 'Team' as const, id: stableId('team:owner/platform') }], deployment_branch_policy: null, branch_policies: [] },
  },
});
const github = useFakeGitHub(strongGitHub);
const gitlab = useFakeGitLab(() => ({
  projectApprovals: { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true },
  protectedBranches: { main: { allow_force_push: false, push_access_level: 0 }, develop: { allow_force_push: false, push_access_level: 0 } },
  approvalRules: [{ name: 'All members', rule_type: 'any_approver', approvals_required: 2 }],
  protectedEnvironments: {
    production: { deploy_access_levels: [{ access_level: 40 }], approval_rules: [{ access_level: 30, required_approvals: 2 }] },
    dev: { deploy_access_levels: [{ access_level: 40 }], approval_rules: [{ access_level: 30, required_approvals: 1 }] },
  },
}));

const onGitHub = (...args: string[]) => cli(['check-protection', '--platform', 'github', '--repo', 'owner/repo', ...args], { cwd: dir, env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url } });
const onGitLab = (...args: string[]) => cli(['check-protection', '--platform', 'gitlab', '--repo', '42', ...args], { cwd: dir, env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` } });

test('GitHub protected as the config asks (branch protection, a ruleset, environments): nothing to report, exit 0', async () => {
  expect(await onGitHub()).toEqual({ code: 0, stdout: '', stderr: '' });
});

test('GitHub weaker than the config: one line per weakness, exit 2', async () => {
  const main = github.state.branchProtection!.main as Record<string, Record<string, unknown>>;
  main.required_pull_request_reviews.required_approving_review_count = 1;
  main.required_pull_request_reviews.require_last_push_approval = false;
  main.enforce_admins.enabled = false;
  main.allow_force_pushes.enabled = true;
  github.state.environments!.production.prevent_self_review = false;
  const run = await onGitHub('--environment', 'production');
  expect(run.code).toBe(2);
  expect(run.stdout.split('\n').filter(Boolean)).toEqual([
    'production: branch main requires 1 approval before a merge; the config asks for 2 [fewer-approvals]',
    "production: branch main's protection does not apply to administrators [admins-not-enforced]",
    'production: branch main allows force pushes [force-push-allowed]',
    'production: the environment lets whoever started a deployment approve it (prevent_self_review is off) [self-review-allowed]',
    'production: branch main lets whoever pushed last approve the change (require_last_push_approval is off) [committers-may-approve]',
  ]);
});

test('an unprotected branch and a missing environment on GitHub are weaknesses too', async () => {
  github.state.branchRules = {};
  delete github.state.environments!.dev;
  const run = await onGitHub('--environment', 'dev', '--format', 'json');
  expect(run.code).toBe(2);
  expect(JSON.parse(run.stdout).map((weakness: { rule: string }) => weakness.rule)).toEqual(['branch-unprotected', 'force-push-allowed', 'environment-unprotected']);
});

test('GitLab protected as the config asks: exit 0; authors and committers allowed to approve, fewer approvals, force pushes: exit 2', async () => {
  expect(await onGitLab()).toEqual({ code: 0, stdout: '', stderr: '' });
  gitlab.state.projectApprovals.merge_requests_author_approval = true;
  gitlab.state.projectApprovals.merge_requests_disable_committers_approval = false;
  gitlab.state.approvalRules = [{ name: 'All members', rule_type: 'any_approver', approvals_required: 1 }];
  gitlab.state.protectedBranches!.main.allow_force_push = true;
  delete gitlab.state.protectedEnvironments!.production;
  const run = await onGitLab('--environment', 'production');
  expect(run.code).toBe(2);
  expect(run.stdout.split('\n').filter(Boolean)).toEqual([
    'production: branch main requires 1 approval before a merge; the config asks for 2 [fewer-approvals]',
    'production: branch main allows force pushes [force-push-allowed]',
    'production: merge request authors may approve their own merge requests [self-review-allowed]',
    'production: users who added commits to a merge request may approve it [committers-may-approve]',
    'production: environment production requires no approval on GitLab before a deployment [environment-unprotected]',
  ]);
});

test('bad input: no token, an environment without a policy, no platform — one sentence each, exit 1', async () => {
  expect(await cli(['check-protection', '--platform', 'github', '--repo', 'owner/repo'], { cwd: dir, env: { GITHUB_TOKEN: '' } })).toEqual({
    code: 1,
    stdout: '',
    stderr: 'gitops-sync: check-protection needs GITHUB_TOKEN and --repo OWNER/REPO (or GITHUB_REPOSITORY).\n',
  });
  expect((await onGitHub('--environment', 'qa')).stderr).toBe('gitops-sync: Environment qa has no approval.environments.qa entry in the config; add one to generate or check its protection.\n');
  expect((await cli(['check-protection'], { cwd: dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } })).stderr).toBe('gitops-sync: check-protection needs --platform github or gitlab outside GitHub Actions and GitLab CI.\n');
});

test('monitoring.check_protection: a scheduled drift-detect reports weakened protection as critical drift; a pull request run does not', async () => {
  const monitored = tempDir('gitops-sync-check-protection-monitor-');
  // A CI checkout: in CI a log no repository holds is never appended to.
  git(monitored, 'init', '-q');
  writeFileSync(join(monitored, 'gitops-sync.yaml'), 'approval:\n  environments:\n    production: { production: true }\nmonitoring:\n  check_protection: true\naudit: { store: file }\n');
  writeFileSync(join(monitored, 'plan.json'), JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', resource_changes: [], output_changes: {} }));
  github.state.environments!.production.prevent_self_review = false;
  const env = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'owner/repo', GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: '', GITLAB_CI: '' };
  const detect = (extra: Record<string, string>) => cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'plan.json', '--output', 'reports', '--fail-on', 'critical'], { cwd: monitored, env: { ...env, ...extra } });
  const run = await detect({});
  expect(run.code).toBe(1);
  const report = JSON.parse(readFileSync(join(monitored, 'reports/drift-report-production.json'), 'utf8'));
  expect(report).toMatchObject({ drift_detected: true, changes_by_severity: { critical: 1 }, sources: ['terraform-plan', 'platform-protection'] });
  expect(report.changes[0]).toMatchObject({
    address: 'github/protection/production/self-review-allowed',
    severity: 'critical',
    rule: 'protection.self-review-allowed',
    fields: [{ path: '/self-review-allowed', before: 'the environment lets whoever started a deployment approve it (prevent_self_review is off)', after: 'as approval.environments.production asks', sensitive: false }],
  });
  const onPullRequest = await detect({ GITHUB_EVENT_NAME: 'pull_request' });
  expect(JSON.parse(readFileSync(join(monitored, 'reports/drift-report-production.json'), 'utf8')).total_changes).toBe(0);
  // What fails this run is the pull request's secrets check, which fails closed outside a clone with no event to name the change.
  expect(onPullRequest.code).toBe(1);
  expect(JSON.parse(readFileSync(join(monitored, 'reports/secrets-report.json'), 'utf8')).findings.map((finding: { rule: string }) => finding.rule)).toEqual(['secrets-check-failed', 'secrets-check-failed']);
  const withoutToken = await detect({ GITHUB_TOKEN: '' });
  expect(withoutToken).toMatchObject({ code: 1, stderr: 'gitops-sync: monitoring.check_protection needs GITHUB_TOKEN and --repo OWNER/REPO (or GITHUB_REPOSITORY).\n' });
});

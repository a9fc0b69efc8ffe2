/**
 * Adversarial review of issue 16: `check-protection` must not say "not weaker" where a platform
 * setting lets someone around the approvals the config asks for.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { stableId, useFakeGitHub } from './support/fake-github.js';
import { useFakeGitLab } from './support/fake-gitlab.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('gitops-sync-attack16-protection-');
writeFileSync(join(dir, 'gitops-sync.yaml'), 'approval:\n  environments:\n    production:\n      production: true\n');

const MAINTAINERS = 40;
const gitlab = useFakeGitLab(() => ({
  projectApprovals: { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true },
  protectedBranches: { main: { allow_force_push: false, push_access_level: 0 } },
  approvalRules: [{ name: 'All members', rule_type: 'any_approver', approvals_required: 2 }],
  protectedEnvironments: { production: { deploy_access_levels: [{ access_level: MAINTAINERS }], approval_rules: [{ access_level: 30, required_approvals: 2 }] } },
}));
const onGitLab = () => cli(['check-protection', '--platform', 'gitlab', '--repo', '42'], { cwd: dir, env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` } });

test('GitLab: a protected branch that lets Maintainers push straight to it skips every merge request approval, so it is weaker', async () => {
  expect(await onGitLab()).toEqual({ code: 0, stdout: '', stderr: '' });
  gitlab.state.protectedBranches!.main.push_access_level = MAINTAINERS;
  const run = await onGitLab();
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('production: branch main lets users push to it without a merge request, so no approval is needed [direct-push-allowed]\n');
});

const github = useFakeGitHub(() => ({
  teams: { 'owner/platform': ['pat'] },
  branchProtection: {
    main: {
      required_pull_request_reviews: { dismiss_stale_reviews: true, require_code_owner_reviews: true, required_approving_review_count: 2, require_last_push_approval: true },
      enforce_admins: { url: '', enabled: true },
      allow_force_pushes: { enabled: false },
      allow_deletions: { enabled: false },
    },
  },
  environments: {
    production: { wait_timer: 0, prevent_self_review: true, can_admins_bypass: false, reviewers: [{ type: 'Team' as const, id: stableId('team:owner/platform') }], deployment_branch_policy: null, branch_policies: [] },
  },
}));
const onGitHub = (...args: string[]) => cli([...args, '--repo', 'owner/repo'], { cwd: dir, env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url } });

test('GitHub: an environment whose administrators may bypass its reviewers (can_admins_bypass, on by default) is weaker; generate --apply turns it off', async () => {
  expect(await onGitHub('check-protection', '--platform', 'github')).toEqual({ code: 0, stdout: '', stderr: '' });
  github.state.environments!.production.can_admins_bypass = true;
  const run = await onGitHub('check-protection', '--platform', 'github');
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('production: administrators may deploy to environment production without its required reviewers (can_admins_bypass is on) [admins-bypass-environment]\n');

  const applied = await onGitHub('generate', 'github-environments', '--apply');
  expect(applied.code).toBe(0);
  expect(github.state.environments!.production.can_admins_bypass).toBe(false);
});

/**
 * Adversarial review of issue 16: `check-protection` must not say "not weaker" where a platform
 * setting lets someone around the approvals the config asks for.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
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

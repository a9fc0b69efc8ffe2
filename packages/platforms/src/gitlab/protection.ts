import { z } from 'zod';
import { maxOf, UserError, type GitLabProtectedEnvironmentSettings, type LiveProtection } from '@gitops-sync/core';
import type { GitLabProtectedEnvironmentsWriter } from '@gitops-sync/engine';
import { orAbsent } from '../api-retry.js';
import { GitLabApi, type GitLabApiOptions } from './api.js';

const READ_API = 'the read_api scope and the Maintainer role';
const WRITE_API = 'the api scope and the Maintainer role';

const PushAccess = z.object({ access_level: z.number().nullish(), user_id: z.number().nullish(), group_id: z.number().nullish(), deploy_key_id: z.number().nullish() });
const ProtectedBranch = z.object({ name: z.string(), allow_force_push: z.boolean().optional(), push_access_levels: z.array(PushAccess).optional() });
/** A push level other than "No one" (0) lets its holders put commits on the branch that no merge request approved; an answer without the list is read as the worst. */
const pushesAllowed = (levels: z.infer<typeof PushAccess>[] | undefined) =>
  levels === undefined || levels.some((level) => (level.access_level ?? 0) > 0 || level.user_id != null || level.group_id != null || level.deploy_key_id != null);
const ApprovalSettings = z.object({
  approvals_before_merge: z.number().nullish(),
  merge_requests_author_approval: z.boolean().nullish(),
  merge_requests_disable_committers_approval: z.boolean().nullish(),
});
const ApprovalRule = z.object({
  rule_type: z.string().optional(),
  approvals_required: z.number(),
  applies_to_all_protected_branches: z.boolean().optional(),
  protected_branches: z.array(z.object({ name: z.string() })).optional(),
});
const ProtectedEnvironment = z.object({
  name: z.string(),
  required_approval_count: z.number().nullish(),
  approval_rules: z.array(z.object({ required_approvals: z.number() })).optional(),
});

/**
 * A project's own protection on GitLab: protected branches, merge request approval settings and rules
 * (https://docs.gitlab.com/api/merge_request_approvals/), protected environments
 * (https://docs.gitlab.com/api/protected_environments/).
 */
export class GitLabProtection implements GitLabProtectedEnvironmentsWriter {
  readonly platform = 'gitlab';
  private readonly api: GitLabApi;

  constructor(options: GitLabApiOptions) {
    this.api = new GitLabApi(options);
  }

  async teamId(group: string): Promise<number> {
    const found = await orAbsent(() => this.api.json({ what: `read group ${group}`, permission: READ_API }, z.object({ id: z.number() }), 'GET', `/groups/${encodeURIComponent(group)}`));
    if (!found) throw new UserError(`GitLab has no group ${group} that this token can see (GET /groups/${encodeURIComponent(group)} answered 404); fix the group's path in approval.environments, or give the token access to it.`);
    return found.data.id;
  }

  async live(environment: string, branch: string): Promise<LiveProtection> {
    const project = this.api.project;
    const protectedBranch = (await orAbsent(() => this.api.json({ what: `read protected branch ${branch}`, permission: READ_API }, ProtectedBranch, 'GET', `${project}/protected_branches/${encodeURIComponent(branch)}`)))?.data;
    const settings = (await this.api.json({ what: 'read the merge request approval settings', permission: READ_API }, ApprovalSettings, 'GET', `${project}/approvals`)).data;
    const rules = await this.api.listAll({ what: 'read the merge request approval rules', permission: READ_API }, ApprovalRule, `${project}/approval_rules`);
    const onBranch = rules.filter(
      (rule) => rule.rule_type !== 'report_approver' && (rule.applies_to_all_protected_branches || !rule.protected_branches?.length || rule.protected_branches.some((known) => known.name === branch)),
    );
    const environmentFound = (await orAbsent(() => this.api.json({ what: `read protected environment ${environment}`, permission: READ_API }, ProtectedEnvironment, 'GET', `${project}/protected_environments/${encodeURIComponent(environment)}`)))?.data;
    return {
      platform: 'gitlab',
      branch,
      branch_protected: protectedBranch !== undefined,
      required_approvals: maxOf(onBranch.map((rule) => rule.approvals_required), settings.approvals_before_merge ?? 0),
      force_push_allowed: protectedBranch === undefined || protectedBranch.allow_force_push === true,
      direct_push_allowed: protectedBranch !== undefined && pushesAllowed(protectedBranch.push_access_levels),
      self_review_allowed: settings.merge_requests_author_approval === true,
      committers_may_approve: settings.merge_requests_disable_committers_approval !== true,
      environment_approvals: environmentFound ? maxOf((environmentFound.approval_rules ?? []).map((rule) => rule.required_approvals), environmentFound.required_approval_count ?? 0) : 0,
    };
  }

  /** POST the protected environment; one that is already protected is left as it is, with the reason. */
  async applyGitlabProtectedEnvironment(settings: GitLabProtectedEnvironmentSettings): Promise<void> {
    if (settings.missing.length) throw new UserError(`The settings of environment ${settings.environment} are not complete (${settings.missing.join('; ')}); nothing was set.`);
    try {
      await this.api.json({ what: `protect environment ${settings.environment}`, permission: WRITE_API }, z.object({ name: z.string() }), 'POST', `${this.api.project}/protected_environments`, settings.body);
    } catch (error) {
      if (error instanceof UserError && /\(HTTP 409\b/.test(error.message)) {
        throw new UserError(`Environment ${settings.environment} is already protected on GitLab and the update API merges entries rather than replacing them, so it was left as it is; compare it with gitops-sync check-protection, or unprotect it and run --apply again.`);
      }
      throw error;
    }
  }
}

import { z } from 'zod';
import { maxOf, UserError, type GitHubEnvironmentSettings, type LiveProtection } from '@gitops-sync/core';
import type { GitHubEnvironmentsWriter } from '@gitops-sync/engine';
import { orAbsent } from '../api-retry.js';
import { GitHubApi, type GitHubApiOptions } from './api.js';

const READ_ADMIN = 'the "Administration: read" repository permission (branch protection and environments; GITHUB_TOKEN cannot have it: use a GitHub App or a fine-grained token)';
const WRITE_ADMIN = 'the "Administration: write" repository permission (a GitHub App or a fine-grained token; GITHUB_TOKEN cannot have it)';
const READ_MEMBERS = 'the "Members: read" organization permission';

const enabled = z.object({ enabled: z.boolean() }).optional();
const BranchProtection = z.object({
  required_pull_request_reviews: z.object({ required_approving_review_count: z.number().optional(), require_last_push_approval: z.boolean().optional() }).optional(),
  enforce_admins: enabled,
  allow_force_pushes: enabled,
});
const Rule = z.object({ type: z.string(), parameters: z.object({ required_approving_review_count: z.number().optional(), require_last_push_approval: z.boolean().optional() }).optional() });
const Environment = z.object({
  can_admins_bypass: z.boolean().optional(),
  protection_rules: z.array(z.object({ type: z.string(), prevent_self_review: z.boolean().optional(), reviewers: z.array(z.unknown()).optional() })).default([]),
});
const Id = z.object({ id: z.number() });
const BranchPolicies = z.object({ branch_policies: z.array(z.object({ name: z.string(), type: z.string().optional() })) });

/**
 * A repository's own protection on GitHub: classic branch protection and the rulesets active on a
 * branch (https://docs.github.com/rest/repos/rules#get-rules-for-a-branch), and environments
 * (https://docs.github.com/rest/deployments/environments).
 */
export class GitHubProtection implements GitHubEnvironmentsWriter {
  readonly platform = 'github';
  private readonly api: GitHubApi;

  constructor(options: GitHubApiOptions) {
    this.api = new GitHubApi(options);
  }

  async teamId(team: string): Promise<number> {
    const [org, ...slug] = team.split('/');
    const found = await orAbsent(() => this.api.call({ what: `read team ${team}`, permission: READ_MEMBERS }, Id, 'GET /orgs/{org}/teams/{team_slug}', { org, team_slug: slug.join('/') }));
    if (!found) throw new UserError(`GitHub has no team ${team} that this token can see (GET /orgs/${org}/teams/${slug.join('/')} answered 404); fix the team's name in approval.environments, or give the token ${READ_MEMBERS}.`);
    return found.data.id;
  }

  async live(environment: string, branch: string): Promise<LiveProtection> {
    const classic = (await orAbsent(() => this.api.call({ what: `read the protection of branch ${branch}`, permission: READ_ADMIN }, BranchProtection, 'GET /repos/{owner}/{repo}/branches/{branch}/protection', { branch })))?.data;
    const rules = await this.api.listAll({ what: `read the rules on branch ${branch}`, permission: 'the "Contents: read" permission' }, Rule, 'GET /repos/{owner}/{repo}/rules/branches/{branch}', { branch });
    const reviews = [classic?.required_pull_request_reviews, ...rules.filter((rule) => rule.type === 'pull_request').map((rule) => rule.parameters)].filter((review) => review !== undefined);
    const noForcePush = rules.some((rule) => rule.type === 'non_fast_forward') || (classic !== undefined && classic.allow_force_pushes?.enabled !== true);
    const found = await orAbsent(() => this.api.call({ what: `read environment ${environment}`, permission: READ_ADMIN }, Environment, 'GET /repos/{owner}/{repo}/environments/{environment_name}', { environment_name: environment }));
    const reviewersRule = found?.data.protection_rules.find((rule) => rule.type === 'required_reviewers' && (rule.reviewers?.length ?? 0) > 0);
    return {
      platform: 'github',
      branch,
      branch_protected: classic !== undefined || rules.length > 0,
      required_approvals: maxOf(reviews.map((review) => review.required_approving_review_count ?? 0), 0),
      admins_enforced: classic ? classic.enforce_admins?.enabled === true : undefined,
      force_push_allowed: !noForcePush,
      self_review_allowed: reviewersRule !== undefined && reviewersRule.prevent_self_review !== true,
      committers_may_approve: reviews.length > 0 && !reviews.some((review) => review.require_last_push_approval === true),
      // GitHub's required reviewers: one approval from any of them lets the job run.
      environment_approvals: reviewersRule ? 1 : 0,
      // An answer without the field comes from a GitHub whose administrators always bypass.
      environment_admins_bypass: found ? found.data.can_admins_bypass !== false : undefined,
    };
  }

  /** PUT the environment, then allow deployments from its branch (each policy once). */
  async applyGithubEnvironment(settings: GitHubEnvironmentSettings): Promise<void> {
    if (settings.missing.length) throw new UserError(`The settings of environment ${settings.environment} are not complete (${settings.missing.join('; ')}); nothing was set.`);
    const name = settings.environment;
    await this.api.call({ what: `set environment ${name}`, permission: WRITE_ADMIN }, z.object({ name: z.string() }), 'PUT /repos/{owner}/{repo}/environments/{environment_name}', { environment_name: name, ...settings.body });
    const existing = await this.api.call({ what: `read the deployment branch policies of ${name}`, permission: READ_ADMIN }, BranchPolicies, 'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies', { environment_name: name, per_page: 100 });
    for (const policy of settings.deployment_branch_policies) {
      if (existing.data.branch_policies.some((known) => known.name === policy.name && (known.type ?? 'branch') === policy.type)) continue;
      await this.api.call({ what: `allow deployments to ${name} from ${policy.name}`, permission: WRITE_ADMIN }, Id, 'POST /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies', { environment_name: name, ...policy });
    }
  }
}

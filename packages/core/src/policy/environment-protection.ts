import { UserError } from '../errors.js';
import type { ApprovalEnvironment, GitopsSyncConfig } from '../config/schema.js';
import { requiredApprovals } from './four-eyes.js';
import { buildReport } from '../report/build.js';
import type { Change, DriftReport } from '../model/report.js';
import { PROTECTION_SOURCE } from '../model/sources.js';

/**
 * The approval policy as the platforms enforce it themselves (GitHub environments, GitLab protected
 * environments), so it holds even for a job that does not run gitops-sync, and the judge of the live
 * settings against it (`check-protection`).
 */

/** The environments to act on: the one named, or every `approval.environments` entry. */
export function protectedEnvironments(config: GitopsSyncConfig, named?: string): [string, ApprovalEnvironment][] {
  const environments = config.approval.environments;
  if (named === undefined) {
    const all = Object.entries(environments);
    if (!all.length) throw new UserError('The config has no approval.environments entry, so there is no protection to generate or check; add one per environment.');
    return all;
  }
  if (!Object.hasOwn(environments, named)) throw new UserError(`Environment ${named} has no approval.environments.${named} entry in the config; add one to generate or check its protection.`);
  return [[named, environments[named]]];
}

/** The teams whose members approve a deployment: the required ones, then the critical one. */
export function approvingTeams(policy: ApprovalEnvironment): string[] {
  return [...new Set([...policy.required_teams, ...(policy.critical_requires_team ? [policy.critical_requires_team] : [])].map((team) => team.replace(/^@/, '')))];
}

/** GitHub allows at most six required reviewers on an environment. */
const GITHUB_REVIEWER_LIMIT = 6;

export interface GitHubEnvironmentSettings {
  environment: string;
  /** `PUT /repos/{owner}/{repo}/environments/{environment_name}` */
  body: {
    wait_timer: number;
    prevent_self_review: boolean;
    /** GitHub lets administrators skip the reviewers unless this is false. */
    can_admins_bypass: boolean;
    reviewers: { type: 'Team' | 'User'; id: number | null }[];
    deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean };
  };
  /** `POST /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies`, each. */
  deployment_branch_policies: { name: string; type: 'branch' }[];
  /** What could not be known (a team's id without a token): the body is not complete until it is. */
  missing: string[];
}

/**
 * An environment's protection on GitHub: its teams as required reviewers (one approval of theirs lets
 * the job run), nobody approving their own run, the wait timer, and deployments from its branch only.
 * `teamIds` holds what the API said (`org/slug` → id); a team not in it is named in `missing`.
 */
export function githubEnvironmentSettings(environment: string, policy: ApprovalEnvironment, teamIds: ReadonlyMap<string, number>): GitHubEnvironmentSettings {
  const teams = approvingTeams(policy);
  if (teams.length > GITHUB_REVIEWER_LIMIT) {
    throw new UserError(`approval.environments.${environment} names ${teams.length} teams, and a GitHub environment takes at most ${GITHUB_REVIEWER_LIMIT} required reviewers; name fewer teams (a parent team covers its child teams).`);
  }
  const missing = teams.filter((team) => !teamIds.has(team)).map((team) => `the id of team ${team} (GET /orgs/${team.split('/')[0]}/teams/${team.split('/').slice(1).join('/')}: run with GITHUB_TOKEN)`);
  return {
    environment,
    body: {
      wait_timer: policy.wait_timer,
      prevent_self_review: true,
      can_admins_bypass: false,
      reviewers: teams.map((team) => ({ type: 'Team', id: teamIds.get(team) ?? null })),
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    },
    deployment_branch_policies: [{ name: policy.branch, type: 'branch' }],
    missing,
  };
}

/** GitLab's access levels (https://docs.gitlab.com/api/protected_environments/#valid-access-levels). */
export const GITLAB_ACCESS = { developer: 30, maintainer: 40 } as const;
/** `group_inheritance_type` 0: direct members only, as the gate counts a group's members. */
const DIRECT_MEMBERS = 0;

export interface GitLabProtectedEnvironmentSettings {
  environment: string;
  /** `POST /projects/:id/protected_environments` */
  body: {
    name: string;
    deploy_access_levels: { access_level: number }[];
    approval_rules: ({ access_level: number; required_approvals: number } | { group_id: number | null; required_approvals: number; group_inheritance_type: number })[];
  };
  missing: string[];
}

/**
 * An environment's protection on GitLab: Maintainers deploy; the required approvals from anyone with
 * Developer access or more, and one from each required group (direct members, as the gate counts).
 * A critical-change team applies only to critical changes, which GitLab cannot tell: the gate keeps it.
 */
export function gitlabProtectedEnvironmentSettings(environment: string, policy: ApprovalEnvironment, groupIds: ReadonlyMap<string, number>): GitLabProtectedEnvironmentSettings {
  const groups = policy.required_teams.map((team) => team.replace(/^@/, ''));
  const count = requiredApprovals(environment, policy);
  return {
    environment,
    body: {
      name: environment,
      deploy_access_levels: [{ access_level: GITLAB_ACCESS.maintainer }],
      approval_rules: [
        ...(count ? [{ access_level: GITLAB_ACCESS.developer, required_approvals: count }] : []),
        ...groups.map((group) => ({ group_id: groupIds.get(group) ?? null, required_approvals: 1, group_inheritance_type: DIRECT_MEMBERS })),
      ],
    },
    missing: groups.filter((group) => !groupIds.has(group)).map((group) => `the id of group ${group} (GET /groups/${encodeURIComponent(group)}: run with GITLAB_TOKEN)`),
  };
}

/**
 * What the platform enforces today for an environment and its branch, read from its API:
 * GitHub's branch protection, rulesets and environment; GitLab's protected branch, protected
 * environment and merge request approval settings. Undefined: the platform has no such setting.
 */
export interface LiveProtection {
  platform: 'github' | 'gitlab';
  branch: string;
  branch_protected: boolean;
  /** The most approvals any rule on the branch requires before a merge. */
  required_approvals: number;
  admins_enforced?: boolean;
  force_push_allowed: boolean;
  /** Someone may push to the protected branch without a merge request (GitLab's push_access_levels); undefined where approvals already stop pushes. */
  direct_push_allowed?: boolean;
  /** Someone may approve their own change or deployment. */
  self_review_allowed: boolean;
  /** Someone who pushed to the change may approve it. */
  committers_may_approve: boolean;
  /** Approvals the platform requires before a deployment to the environment; undefined when it is not protected. */
  environment_approvals?: number;
  /** Administrators may deploy without the environment's approvals (GitHub's can_admins_bypass); undefined where the platform has no such bypass. */
  environment_admins_bypass?: boolean;
}

/** One way the live settings are weaker than the config asks, as data: an id and the sentence. */
interface WeaknessRule {
  id: string;
  weaker: (live: LiveProtection, asked: number) => boolean;
  say: (live: LiveProtection, asked: number, environment: string) => string;
}

const WEAKNESS_RULES: WeaknessRule[] = [
  { id: 'branch-unprotected', weaker: (live) => !live.branch_protected, say: (live) => `branch ${live.branch} is not protected: anyone with write access can push to it` },
  {
    id: 'fewer-approvals',
    weaker: (live, asked) => live.branch_protected && live.required_approvals < asked,
    say: (live, asked) => `branch ${live.branch} requires ${live.required_approvals} approval${live.required_approvals === 1 ? '' : 's'} before a merge; the config asks for ${asked}`,
  },
  { id: 'admins-not-enforced', weaker: (live) => live.branch_protected && live.admins_enforced === false, say: (live) => `branch ${live.branch}'s protection does not apply to administrators` },
  {
    id: 'direct-push-allowed',
    weaker: (live) => live.branch_protected && live.direct_push_allowed === true,
    say: (live) => `branch ${live.branch} lets users push to it without a merge request, so no approval is needed`,
  },
  { id: 'force-push-allowed', weaker: (live) => live.force_push_allowed, say: (live) => `branch ${live.branch} allows force pushes` },
  { id: 'self-review-allowed', weaker: (live) => live.self_review_allowed, say: (live) => (live.platform === 'github' ? 'the environment lets whoever started a deployment approve it (prevent_self_review is off)' : 'merge request authors may approve their own merge requests') },
  {
    id: 'committers-may-approve',
    weaker: (live) => live.committers_may_approve,
    say: (live) => (live.platform === 'github' ? `branch ${live.branch} lets whoever pushed last approve the change (require_last_push_approval is off)` : 'users who added commits to a merge request may approve it'),
  },
  {
    id: 'environment-unprotected',
    weaker: (live, asked) => asked > 0 && (live.environment_approvals ?? 0) === 0,
    say: (live, _asked, environment) => `environment ${environment} requires no approval on ${live.platform === 'github' ? 'GitHub' : 'GitLab'} before a deployment`,
  },
  {
    id: 'admins-bypass-environment',
    weaker: (live, asked) => asked > 0 && (live.environment_approvals ?? 0) > 0 && live.environment_admins_bypass === true,
    say: (_live, _asked, environment) => `administrators may deploy to environment ${environment} without its required reviewers (can_admins_bypass is on)`,
  },
];

export interface ProtectionWeakness {
  environment: string;
  rule: string;
  message: string;
}

/** Where the live protection is weaker than the environment's policy asks; empty when it is not. */
export function protectionWeaknesses(environment: string, policy: ApprovalEnvironment, live: LiveProtection): ProtectionWeakness[] {
  const asked = requiredApprovals(environment, policy);
  return WEAKNESS_RULES.filter((rule) => rule.weaker(live, asked)).map((rule) => ({ environment, rule: rule.id, message: rule.say(live, asked, environment) }));
}

/**
 * Weakened protection as drift (`monitoring.check_protection`): one critical change per weakness,
 * what the platform enforces now (`before`) against what the approval policy asks (`after`).
 */
export function protectionChanges(platform: 'github' | 'gitlab', weaknesses: readonly ProtectionWeakness[]): Change[] {
  return weaknesses.map((weakness) => ({
    address: `${platform}/protection/${weakness.environment}/${weakness.rule}`,
    kind: 'PlatformProtection',
    source: PROTECTION_SOURCE,
    action: 'update',
    origin: 'outside',
    severity: 'critical',
    rule: `protection.${weakness.rule}`,
    fields: [{ path: `/${weakness.rule}`, before: weakness.message, after: `as approval.environments.${weakness.environment} asks`, sensitive: false }],
  }));
}

/** The report with the protection changes added: counts, affected resources and the remediation plan follow. */
export function withProtectionChanges(report: DriftReport, changes: Change[]): DriftReport {
  if (!changes.length) return report;
  const rebuilt = buildReport({ environment: report.environment, sources: [...report.sources, PROTECTION_SOURCE], changes: [...report.changes, ...changes], outputChanges: report.output_changes, generatedAt: report.generated_at });
  return { ...report, ...rebuilt, drift_detected: true };
}

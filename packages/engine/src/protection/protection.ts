import {
  appendAll,
  githubEnvironmentSettings,
  gitlabProtectedEnvironmentSettings,
  protectedEnvironments,
  protectionWeaknesses,
  type ApprovalEnvironment,
  type GitHubEnvironmentSettings,
  type GitLabProtectedEnvironmentSettings,
  type GitopsSyncConfig,
  type LiveProtection,
  type ProtectionWeakness,
} from '@gitops-sync/core';

/**
 * The platform's own protection of an environment (the `ProtectionPlatform` port): what it enforces
 * today, the ids of the teams the config names, and writing an environment's settings.
 */
export interface ProtectionPlatform {
  readonly platform: 'github' | 'gitlab';
  /** Branch protection, rulesets / approval settings and the environment's protection, as they are now. */
  live(environment: string, branch: string): Promise<LiveProtection>;
  /** A team's (GitHub) or group's (GitLab) numeric id; an unknown one is a UserError naming it. */
  teamId(team: string): Promise<number>;
}

export interface GitHubEnvironmentsWriter extends ProtectionPlatform {
  applyGithubEnvironment(settings: GitHubEnvironmentSettings): Promise<void>;
}

export interface GitLabProtectedEnvironmentsWriter extends ProtectionPlatform {
  applyGitlabProtectedEnvironment(settings: GitLabProtectedEnvironmentSettings): Promise<void>;
}

/** `org/team` → id for each team, asked of the platform when there is one; without one, none is known. */
async function teamIds(teams: readonly string[], platform: ProtectionPlatform | undefined): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (!platform) return ids;
  for (const team of new Set(teams)) ids.set(team, await platform.teamId(team));
  return ids;
}

const teamsOf = (policy: ApprovalEnvironment, all: boolean) => [...policy.required_teams, ...(all && policy.critical_requires_team ? [policy.critical_requires_team] : [])].map((team) => team.replace(/^@/, ''));

/** `generate github-environments`: each environment's settings; with `apply`, set on GitHub (all ids resolved first: nothing half-written). */
export async function generateGithubEnvironments(config: GitopsSyncConfig, named: string | undefined, platform?: GitHubEnvironmentsWriter, apply = false): Promise<GitHubEnvironmentSettings[]> {
  const environments = protectedEnvironments(config, named);
  const ids = await teamIds(environments.flatMap(([, policy]) => teamsOf(policy, true)), platform);
  const settings = environments.map(([environment, policy]) => githubEnvironmentSettings(environment, policy, ids));
  if (apply && platform) for (const each of settings) await platform.applyGithubEnvironment(each);
  return settings;
}

/** `generate gitlab-protected-environments`: each environment's protected environment; with `apply`, created on GitLab. */
export async function generateGitlabProtectedEnvironments(config: GitopsSyncConfig, named: string | undefined, platform?: GitLabProtectedEnvironmentsWriter, apply = false): Promise<GitLabProtectedEnvironmentSettings[]> {
  const environments = protectedEnvironments(config, named);
  const ids = await teamIds(environments.flatMap(([, policy]) => teamsOf(policy, false)), platform);
  const settings = environments.map(([environment, policy]) => gitlabProtectedEnvironmentSettings(environment, policy, ids));
  if (apply && platform) for (const each of settings) await platform.applyGitlabProtectedEnvironment(each);
  return settings;
}

/** `check-protection`: where the platform's live protection is weaker than each environment's policy. */
export async function checkProtection(config: GitopsSyncConfig, named: string | undefined, platform: ProtectionPlatform): Promise<ProtectionWeakness[]> {
  const weaknesses: ProtectionWeakness[] = [];
  for (const [environment, policy] of protectedEnvironments(config, named)) {
    appendAll(weaknesses, protectionWeaknesses(environment, policy, await platform.live(environment, policy.branch)));
  }
  return weaknesses;
}

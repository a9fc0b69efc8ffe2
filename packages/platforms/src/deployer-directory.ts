import { UserError } from '@gitops-sync/core';
import type { DeployerDirectory } from '@gitops-sync/engine';
import { apiLimitsFromEnv } from './api-retry.js';
import { GitHubDeployers } from './github/deployers.js';
import { GitLabDeployers } from './gitlab/deployers.js';
import { detectPlatform } from './review-target.js';

/**
 * The directory that says who started this CI run and who is in which team, or why there is none
 * here (a terminal, no token). It asks nothing until an environment limits its deployers.
 */
export function deployerDirectoryFor(env: NodeJS.ProcessEnv, onSecret: (secret: string) => void): DeployerDirectory | { unavailable: string } {
  const platform = detectPlatform(env);
  if (!platform) return { unavailable: 'this is not a GitHub Actions or GitLab CI run, so no platform says who started it' };
  const github = platform === 'github';
  const tokenVar = github ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
  const token = env[tokenVar];
  const repository = github ? env.GITHUB_REPOSITORY : env.CI_PROJECT_ID;
  if (!token || !repository) return { unavailable: `${tokenVar} is not set, so ${github ? 'GitHub' : 'GitLab'} cannot be asked who started the run and who is in which team` };
  onSecret(token);
  if (!github && env.CI_JOB_TOKEN?.trim()) onSecret(env.CI_JOB_TOKEN.trim());
  const limits = apiLimitsFromEnv(env);
  try {
    return github
      ? new GitHubDeployers({ token, repository, baseUrl: env.GITHUB_API_URL, limits }, env)
      : new GitLabDeployers({ token, project: repository, baseUrl: env.CI_API_V4_URL, limits }, env);
  } catch (error) {
    if (error instanceof UserError) return { unavailable: error.message.replace(/\.$/, '') };
    throw error;
  }
}

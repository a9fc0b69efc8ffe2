import { UserError } from '@gitops-sync/core';
import { apiLimitsFromEnv } from './api-retry.js';
import { GitHubProtection } from './github/protection.js';
import { GitLabProtection } from './gitlab/protection.js';

/**
 * The platform's protection API with the run's token (GITHUB_TOKEN / GITLAB_TOKEN) for the repository
 * named (`repo`, else GITHUB_REPOSITORY / CI_PROJECT_ID); undefined without them, or — when `needed`
 * says what for — one sentence naming what is missing.
 */
export function protectionPlatformFor(
  platform: 'github' | 'gitlab',
  env: NodeJS.ProcessEnv,
  options: { repo?: string; onSecret?: (secret: string) => void; needed?: string } = {},
): GitHubProtection | GitLabProtection | undefined {
  const tokenVariable = platform === 'github' ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
  const token = env[tokenVariable];
  const where = options.repo || (platform === 'github' ? env.GITHUB_REPOSITORY : env.CI_PROJECT_ID);
  if (!token || !where) {
    if (options.needed) throw new UserError(`${options.needed} needs ${tokenVariable} and ${platform === 'github' ? '--repo OWNER/REPO (or GITHUB_REPOSITORY)' : '--repo PROJECT (or CI_PROJECT_ID)'}.`);
    return undefined;
  }
  options.onSecret?.(token);
  const limits = apiLimitsFromEnv(env);
  return platform === 'github' ? new GitHubProtection({ token, repository: where, baseUrl: env.GITHUB_API_URL, limits }) : new GitLabProtection({ token, project: where, baseUrl: env.CI_API_V4_URL, limits });
}

import { UserError } from '@gitops-sync/core';
import type { ChangeHistoryPlatform } from '@gitops-sync/engine';
import { apiLimitsFromEnv } from './api-retry.js';
import { GitHubChangeHistory } from './github/change-history.js';
import { GitLabChangeHistory } from './gitlab/change-history.js';
import { detectPlatform } from './review-target.js';

/**
 * The repository history `audit export` reads PRs/MRs, reviews and CI from: `--platform/--repo`, each
 * defaulting from the CI run (GITHUB_REPOSITORY / CI_PROJECT_ID). Undefined outside CI without
 * --platform: then only git and the audit log are read. `onSecret` is told the token.
 */
export function changeHistoryFor(args: { platform?: string; repo?: string }, env: NodeJS.ProcessEnv, onSecret: (secret: string) => void): ChangeHistoryPlatform | undefined {
  const name = args.platform ?? detectPlatform(env);
  if (name === undefined) return undefined;
  if (name !== 'github' && name !== 'gitlab') throw new UserError(`--platform must be github or gitlab (got ${JSON.stringify(name)}).`);
  const github = name === 'github';
  const repo = args.repo ?? (github ? env.GITHUB_REPOSITORY : env.CI_PROJECT_ID);
  if (!repo) throw new UserError(`--repo is required outside a CI run; pass ${github ? 'OWNER/REPO' : 'the project path or id'}.`);
  const tokenVar = github ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
  const token = env[tokenVar];
  if (!token) throw new UserError(`${tokenVar} is not set; audit export reads the ${github ? 'pull requests' : 'merge requests'}, reviews and CI with it (see the README for the read permissions).`);
  onSecret(token);
  const limits = apiLimitsFromEnv(env);
  return github
    ? new GitHubChangeHistory({ token, repository: repo, baseUrl: env.GITHUB_API_URL, limits })
    : new GitLabChangeHistory({ token, project: repo, baseUrl: env.CI_API_V4_URL, limits });
}

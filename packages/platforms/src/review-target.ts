import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from '@gitops-sync/core';
import type { ReviewPlatform } from '@gitops-sync/engine';
import { apiLimitsFromEnv } from './api-retry.js';
import { GitHubReview } from './github/review.js';
import { GitLabReview } from './gitlab/review.js';
import { configuredBotLogin } from './own-identity.js';

/** What names a pull or merge request on the command line; anything left out comes from the CI run. */
export interface ReviewTargetArgs {
  platform?: string;
  repo?: string;
  pr?: string;
}

const PlatformName = z.enum(['github', 'gitlab']);

/** The platform this CI run is on, if it is one. */
export function detectPlatform(env: NodeJS.ProcessEnv): 'github' | 'gitlab' | undefined {
  return env.GITHUB_ACTIONS === 'true' ? 'github' : env.GITLAB_CI === 'true' ? 'gitlab' : undefined;
}

/** The pull request number of a GitHub `pull_request*` event, if this run is one. */
function githubEventPullNumber(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { number?: number }; number?: number };
      const number = event.pull_request?.number ?? event.number;
      if (number) return String(number);
    } catch {
      // Not readable: fall back to the ref below.
    }
  }
  return env.GITHUB_REF?.match(/^refs\/pull\/(\d+)\//)?.[1];
}

/**
 * The review platform for `--platform/--repo/--pr`, defaulting each from the CI run
 * (GITHUB_REPOSITORY and the event on GitHub; CI_PROJECT_ID and CI_MERGE_REQUEST_IID on GitLab).
 * `onSecret` is told the token so it never shows up in output.
 */
export function reviewPlatformFor(args: ReviewTargetArgs, env: NodeJS.ProcessEnv, onSecret: (secret: string) => void): ReviewPlatform {
  const platform = PlatformName.safeParse(args.platform ?? detectPlatform(env));
  if (!platform.success) throw new UserError(`--platform must be github or gitlab${args.platform ? ` (got ${JSON.stringify(args.platform)})` : ''}; it is only detected on a GitHub or GitLab runner.`);
  const github = platform.data === 'github';
  const repo = args.repo ?? (github ? env.GITHUB_REPOSITORY : env.CI_PROJECT_ID);
  const number = args.pr ?? (github ? githubEventPullNumber(env) : env.CI_MERGE_REQUEST_IID);
  const noun = github ? 'pull request' : 'merge request';
  if (!repo) throw new UserError(`--repo is required outside a CI run; pass ${github ? 'OWNER/REPO' : 'the project path or id'}.`);
  if (!number) throw new UserError(`The ${noun} number is unknown: run on a ${noun} event, or pass it (--pr N, or the action's pull-request input).`);
  if (!/^[1-9]\d*$/.test(number)) throw new UserError(`--pr must be the ${noun} number (got ${JSON.stringify(number)}).`);
  const tokenVar = github ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
  const token = env[tokenVar];
  if (!token) throw new UserError(`${tokenVar} is not set; give it a token of a bot identity that is not the ${noun}'s author (see the README for the permissions).`);
  onSecret(token);
  const limits = apiLimitsFromEnv(env);
  return github
    ? new GitHubReview({ token, repository: repo, number: Number(number), baseUrl: env.GITHUB_API_URL, botLogin: configuredBotLogin(env), limits })
    : new GitLabReview({ token, project: repo, iid: Number(number), baseUrl: env.CI_API_V4_URL, limits });
}

import { UserError } from '@gitops-sync/core';

/** What one API call is for, so a refusal can name the permission it needed. */
export interface ApiCall {
  /** "list the pull request's files" */
  what: string;
  /** "Pull requests: read" / "read_api scope" */
  permission: string;
}

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  /** A `retry-after` longer than this is not waited for. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** An HTTP answer that was not a success, as the adapters see it. */
export interface ApiFailure {
  status: number;
  headers: Record<string, string | undefined>;
  message: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** GitHub's secondary rate limits answer 403 (or 429) with a message saying so, or a retry-after. */
function isRateLimited(failure: ApiFailure): boolean {
  if (failure.status === 429) return true;
  if (failure.status !== 403) return false;
  return failure.headers['retry-after'] !== undefined || failure.headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(failure.message);
}

/** Milliseconds to wait before the next attempt, or undefined when the failure is not transient. */
function retryDelay(failure: ApiFailure, attempt: number, policy: RetryPolicy): number | undefined {
  const transient = failure.status >= 500 || failure.status === 0 || isRateLimited(failure);
  if (!transient) return undefined;
  const retryAfter = Number(failure.headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  const reset = Number(failure.headers['x-ratelimit-reset']);
  if (failure.headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset)) return Math.max(0, reset * 1000 - Date.now());
  return policy.baseDelayMs * 2 ** attempt;
}

/**
 * Runs one HTTP request, retrying 5xx answers, network errors (status 0) and rate limits with
 * exponential backoff, honouring `retry-after`. Anything else, or running out of attempts, becomes
 * the UserError `giveUp` words.
 */
export async function retrying<T>(
  request: () => Promise<T>,
  toFailure: (error: unknown) => ApiFailure | undefined,
  giveUp: (failure: ApiFailure, attempts: number) => UserError,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const failure = toFailure(error);
      if (!failure) throw error;
      const delay = retryDelay(failure, attempt, policy);
      if (delay !== undefined && attempt + 1 < policy.attempts && delay <= policy.maxDelayMs) {
        await sleep(delay);
        continue;
      }
      throw giveUp(failure, attempt + 1);
    }
  }
}

/** A review platform API call: a refusal names what was refused and which permission fixes it. */
export function withRetries<T>(
  platform: 'GitHub' | 'GitLab',
  call: ApiCall,
  request: () => Promise<T>,
  toFailure: (error: unknown) => ApiFailure | undefined,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  return retrying(request, toFailure, (failure, attempts) => new UserError(describeApiFailure(platform, call, failure, attempts)), policy);
}

function describeApiFailure(platform: string, call: ApiCall, failure: ApiFailure, attempts: number): string {
  const tokenVar = platform === 'GitHub' ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
  switch (failure.status) {
    case 401:
      return `${platform} rejected the token while trying to ${call.what} (401); set ${tokenVar} to a valid, unexpired token.`;
    case 403:
      return `${platform} refused to ${call.what} (403); the token needs ${call.permission}.`;
    case 404:
      return `${platform} found nothing when trying to ${call.what} (404); check the repository and number, and that the token has ${call.permission} (private projects answer 404 without it).`;
    default: {
      const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
      return `${platform} could not ${call.what} (${failure.status === 0 ? 'network error' : `HTTP ${failure.status}`}${tries}); run it again later.`;
    }
  }
}

/** A lookup whose 404 means "no such thing" (a file, a membership), not a failure. */
export async function orAbsent<T>(lookup: () => Promise<T>): Promise<T | undefined> {
  try {
    return await lookup();
  } catch (error) {
    if (error instanceof UserError && /\(404\)/.test(error.message)) return undefined;
    throw error;
  }
}

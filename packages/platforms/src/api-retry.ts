import { UserError, withoutSecret } from '@gitops-sync/core';
import { DEFAULT_DEADLINE_MS, DEFAULT_REQUEST_TIMEOUT_MS, secondsFromEnv } from '@gitops-sync/core/network-waits';

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
  /** 0 when no answer came: `message` then names what happened on the wire ("connection refused by host:port"). */
  status: number;
  headers: Record<string, string | undefined>;
  message: string;
  /** The command's API deadline has passed: no further attempt. */
  final?: boolean;
}

/** How long API work may take and how far a listing may go. */
export interface ApiLimits {
  /** Each attempt (connect, headers and body) must finish within this. */
  requestTimeoutMs: number;
  /** All of one client's API work (one command's) must finish within this, retries and waits included. */
  deadlineMs: number;
  /** A listing longer than this many pages (of 100) is refused, never read as complete. */
  maxPages: number;
}

export const DEFAULT_LIMITS: ApiLimits = { requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS, deadlineMs: DEFAULT_DEADLINE_MS, maxPages: 100 };

/** The limits, with GITOPS_SYNC_API_TIMEOUT_SECONDS and GITOPS_SYNC_API_DEADLINE_SECONDS from `env` over the defaults. */
export function apiLimitsFromEnv(env: NodeJS.ProcessEnv, given: Partial<ApiLimits> = {}): ApiLimits {
  return {
    requestTimeoutMs: given.requestTimeoutMs ?? secondsFromEnv(env, 'GITOPS_SYNC_API_TIMEOUT_SECONDS') ?? DEFAULT_LIMITS.requestTimeoutMs,
    deadlineMs: given.deadlineMs ?? secondsFromEnv(env, 'GITOPS_SYNC_API_DEADLINE_SECONDS') ?? DEFAULT_LIMITS.deadlineMs,
    maxPages: given.maxPages ?? DEFAULT_LIMITS.maxPages,
  };
}

const formatSeconds = (ms: number) => `${Number((ms / 1000).toFixed(ms < 1000 ? 1 : 0))} s`;

/** Error codes Node and undici put on a failed connection, in words. */
const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused by',
  ECONNRESET: 'connection reset by',
  UND_ERR_SOCKET: 'connection closed without an answer by',
  EPIPE: 'connection closed by',
  ENOTFOUND: 'no such host:',
  EAI_AGAIN: 'could not look up the host',
  EHOSTUNREACH: 'no route to',
  ENETUNREACH: 'no network route to',
};

/** The codes and innermost message along an error's `cause` chain (duck-typed: fetch errors may come from another realm). */
function errorChain(error: unknown): { codes: string[]; message: string } {
  const seen = new Set<unknown>();
  const codes: string[] = [];
  let message = '';
  for (let current = error; typeof current === 'object' && current !== null && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const { code, message: text } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (typeof text === 'string' && text) message = text;
  }
  return { codes, message: message || String(error) };
}

/** One command's API budget: each attempt gets the request timeout, or what is left of the deadline if that is less. */
export class ApiBudget {
  private readonly endsAt: number;

  constructor(
    readonly limits: ApiLimits,
    /** `host:port` of the API, for messages. */
    readonly host: string,
    /** Never repeated in a message (fetch quotes a header value it refuses). */
    private readonly token: string,
  ) {
    this.endsAt = Date.now() + limits.deadlineMs;
  }

  remainingMs(): number {
    return this.endsAt - Date.now();
  }

  /** A signal for one attempt, and how to word that attempt's failure on the wire. */
  attempt(): { signal: AbortSignal; failure: (error: unknown) => ApiFailure } {
    const remaining = this.remainingMs();
    if (remaining <= 0) throw new NetworkFailure(this.deadlinePassed());
    const byDeadline = remaining < this.limits.requestTimeoutMs;
    const signal = AbortSignal.timeout(byDeadline ? remaining : this.limits.requestTimeoutMs);
    return {
      signal,
      failure: (error) => {
        if (signal.aborted) return byDeadline ? this.deadlinePassed() : { status: 0, headers: {}, message: `no answer from ${this.host} (timed out after ${formatSeconds(this.limits.requestTimeoutMs)})` };
        const { codes, message } = errorChain(error);
        const known = codes.find((code) => NETWORK_WORDS[code]);
        if (known) return { status: 0, headers: {}, message: `${NETWORK_WORDS[known]} ${this.host}` };
        if (codes.some((code) => /TIMEOUT/.test(code))) return { status: 0, headers: {}, message: `no answer from ${this.host} (timed out)` };
        const said = (this.token ? withoutSecret(message, this.token) : message).slice(0, 200);
        return { status: 0, headers: {}, message: `${this.host} could not be reached (${codes[0] ? `${codes[0]}: ` : ''}${said})` };
      },
    };
  }

  private deadlinePassed(): ApiFailure {
    return { status: 0, headers: {}, final: true, message: `this command's API calls to ${this.host} ran past their ${formatSeconds(this.limits.deadlineMs)} deadline` };
  }
}

/** Thrown by an attempt that got no answer; adapters map it to its failure. */
export class NetworkFailure extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message);
  }
}

/** `host:port` of an API base URL, as messages name it. */
export function hostOf(base: string): string {
  try {
    return new URL(base).host;
  } catch {
    return base;
  }
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
  if (failure.final) return undefined;
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
 * the UserError `giveUp` words. With a `budget`, no wait runs past its deadline.
 */
export async function retrying<T>(
  request: () => Promise<T>,
  toFailure: (error: unknown) => ApiFailure | undefined,
  giveUp: (failure: ApiFailure, attempts: number) => UserError,
  policy: RetryPolicy = DEFAULT_RETRY,
  budget?: ApiBudget,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const failure = toFailure(error);
      if (!failure) throw error;
      const delay = retryDelay(failure, attempt, policy);
      const inTime = budget === undefined || delay === undefined || delay < budget.remainingMs();
      if (delay !== undefined && attempt + 1 < policy.attempts && delay <= policy.maxDelayMs && inTime) {
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
  budget?: ApiBudget,
): Promise<T> {
  const failureOf = (error: unknown) => (error instanceof NetworkFailure ? error.failure : toFailure(error));
  return retrying(request, failureOf, (failure, attempts) => new UserError(describeApiFailure(platform, call, failure, attempts)), policy, budget);
}

function describeApiFailure(platform: string, call: ApiCall, failure: ApiFailure, attempts: number): string {
  const tokenVar = platform === 'GitHub' ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  if (failure.status === 0) {
    const urlVar = platform === 'GitHub' ? 'GITHUB_API_URL' : 'CI_API_V4_URL';
    return `${platform} could not ${call.what}: ${failure.message}${tries}; check ${urlVar} and that the server is reachable from here, then run it again.`;
  }
  switch (failure.status) {
    case 401:
      return `${platform} rejected the token while trying to ${call.what} (401); set ${tokenVar} to a valid, unexpired token.`;
    case 403:
      return `${platform} refused to ${call.what} (403); the token needs ${call.permission}.`;
    case 404:
      return `${platform} found nothing when trying to ${call.what} (404); check the repository and number, and that the token has ${call.permission} (private projects answer 404 without it).`;
    default:
      return `${platform} could not ${call.what} (HTTP ${failure.status}${tries}); run it again later.`;
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

/** A listing that cannot be read to its end: one sentence, and nothing is decided from the part that was read. */
export function incompleteListing(platform: 'GitHub' | 'GitLab', call: ApiCall, what: string): UserError {
  return new UserError(`${platform} ${what} when asked to ${call.what}; the list is not complete, so nothing is decided from it.`);
}

/** Pages read at most before `incompleteListing`: the bound in words. */
export const pagesBound = (limits: ApiLimits) => `more than ${limits.maxPages} pages of 100`;

import { UserError } from './errors.js';

/**
 * How long a network request may stay silent (GITOPS_SYNC_API_TIMEOUT_SECONDS) and how long all of a
 * command's network work may take (GITOPS_SYNC_API_DEADLINE_SECONDS): every client reads them here, so
 * GitHub, GitLab, Terraform Cloud, AWX and the audit fetch take the same values and refuse the same ones.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_DEADLINE_MS = 600_000;

/** Node's timers hold at most 2^31-1 ms; a longer one fires at once. */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

const DECIMAL_SECONDS = /^\+?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** `env[name]` in whole milliseconds, undefined when unset or blank; one sentence for anything but a positive number a timer can hold. */
export function secondsFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text.trim() === '') return undefined;
  // Decimal only: Number() would also take "0x1e", "0b11" or "0o7", which nobody means as seconds.
  const seconds = DECIMAL_SECONDS.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UserError(`${name} must be a positive number of seconds, not ${JSON.stringify(text)}; unset it to use the default.`);
  if (seconds > MAX_TIMER_SECONDS) throw new UserError(`${name} must be at most ${MAX_TIMER_SECONDS} seconds (about 24 days), not ${JSON.stringify(text)}; lower it or unset it to use the default.`);
  // Timers take whole milliseconds, rounded up; the product is first taken to 15 digits, or "2.007" (2007.0000000000002 in binary) would be 2008.
  return Math.ceil(Number((seconds * 1000).toPrecision(15)));
}

/** The two waits from `env`, each over its default (30 s a request, 600 s in all). */
export function networkWaits(env: NodeJS.ProcessEnv): { requestTimeoutMs: number; deadlineMs: number } {
  return {
    requestTimeoutMs: secondsFromEnv(env, 'GITOPS_SYNC_API_TIMEOUT_SECONDS') ?? DEFAULT_REQUEST_TIMEOUT_MS,
    deadlineMs: secondsFromEnv(env, 'GITOPS_SYNC_API_DEADLINE_SECONDS') ?? DEFAULT_DEADLINE_MS,
  };
}

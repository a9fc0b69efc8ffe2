import { UserError } from '@gitops-sync/core';

/**
 * How long a network request may stay silent (GITOPS_SYNC_API_TIMEOUT_SECONDS, default 30 s) and how long
 * all of a command's network work may take (GITOPS_SYNC_API_DEADLINE_SECONDS, default 600 s), as for the
 * platform APIs: a server that never answers must not hang the run.
 */
export function networkLimits(env: NodeJS.ProcessEnv): { requestTimeoutMs: number; deadlineMs: number } {
  return { requestTimeoutMs: secondsFromEnv(env, 'GITOPS_SYNC_API_TIMEOUT_SECONDS', 30_000), deadlineMs: secondsFromEnv(env, 'GITOPS_SYNC_API_DEADLINE_SECONDS', 600_000) };
}

function secondsFromEnv(env: NodeJS.ProcessEnv, name: string, fallbackMs: number): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallbackMs;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new UserError(`${name} must be a positive number of seconds (at most 86400), not ${JSON.stringify(text)}; unset it to use the default.`);
  }
  return Math.ceil(seconds * 1000);
}

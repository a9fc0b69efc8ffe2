import { UserError } from '@gitops-sync/core';
import type { Progress } from './ports.js';

const DEFAULT_HEARTBEAT_SECONDS = 30;

/** Seconds between "still running" lines: 30, or GITOPS_SYNC_HEARTBEAT_SECONDS. */
export function heartbeatSeconds(env: NodeJS.ProcessEnv): number {
  const value = env.GITOPS_SYNC_HEARTBEAT_SECONDS;
  if (value === undefined || value === '') return DEFAULT_HEARTBEAT_SECONDS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UserError(`GITOPS_SYNC_HEARTBEAT_SECONDS must be a number of seconds above 0, e.g. 30 (got ${JSON.stringify(value)}).`);
  return seconds;
}

/** 45s, 1m30s, 1h02m. */
export function formatElapsed(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}m`;
}

/** Runs a long step (a terraform plan or apply), saying every so often that it is still running and for how long. */
export async function withHeartbeat<T>(progress: Progress, what: string, env: NodeJS.ProcessEnv, action: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const timer = setInterval(() => progress.step(`still running ${what} (${formatElapsed(Date.now() - started)})`), heartbeatSeconds(env) * 1000);
  timer.unref();
  try {
    return await action();
  } finally {
    clearInterval(timer);
  }
}

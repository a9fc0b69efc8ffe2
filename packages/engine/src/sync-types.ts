import { UserError } from '@gitops-sync/core';
import type { Clock, Exec, Progress } from './ports.js';

/** Why a sync did not complete, as the `failure-reason` output says it. */
export const FAILURE_REASONS = ['gate-denied', 'plan-changed', 'apply-failed', 'rollout-timeout', 'validation-drift', 'locked'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** A sync that stopped for a reason the user must act on: one sentence, plus the typed reason. */
export class SyncFailure extends UserError {
  constructor(
    readonly reason: FailureReason,
    message: string,
    /** Longer detail for the job summary (e.g. what differs between two plans); never secrets. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** Exponential backoff for transient failures; defaults from the original design. */
export interface BackoffPolicy {
  limit: number;
  delaySeconds: number;
  factor: number;
  maxDelaySeconds: number;
}
export const DEFAULT_BACKOFF: BackoffPolicy = { limit: 3, delaySeconds: 5, factor: 2, maxDelaySeconds: 180 };

export interface SyncContext {
  exec: Exec;
  progress: Progress;
  clock: Clock;
  env?: NodeJS.ProcessEnv;
  /** Waits between retries; tests pass one that does not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

/** What one part of a sync did (or with dry-run would do). */
export interface SyncOutcome {
  environment: string;
  applied: boolean;
  dryRun: boolean;
  /** Files written before anything changed: state pulls, object YAML. */
  backups: string[];
  /** What was (or would be) done, one line each. */
  steps: string[];
}

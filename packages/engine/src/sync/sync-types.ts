import { UserError, type SecretSink, type Secrets } from '@gitops-sync/core';
import type { Clock, DeploymentRecorder, Exec, Progress } from '../ports.js';

/** Why a sync did not complete, as the `failure-reason` output says it. */
export const FAILURE_REASONS = ['gate-denied', 'plan-changed', 'apply-failed', 'rollout-timeout', 'validation-drift', 'locked', 'not-a-deployer', 'deployer-is-author'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** A sync that stopped for a reason the user must act on: one sentence, plus the typed reason. */
export class SyncFailure extends UserError {
  constructor(
    readonly reason: FailureReason,
    message: string,
    /** Longer detail for the job summary (e.g. what differs between two plans); never secrets. */
    readonly detail?: string,
    /** Backups written before it failed: the result lists them, as they are what to restore from. */
    readonly backups: readonly string[] = [],
    /** Workloads this sync applied that did not finish rolling out, by address: all an automatic rollback may undo. */
    readonly unfinished: readonly string[] = [],
  ) {
    super(message);
  }
}

/** Runs what comes after a backup: a SyncFailure it throws carries the backups written before it. */
export async function keepingBackups<T>(backups: readonly string[], action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof SyncFailure && backups.length && !error.backups.length) throw new SyncFailure(error.reason, error.message, error.detail, backups, error.unfinished);
    throw error;
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
  /** The run's redaction set: decrypted SOPS values are added before anything is printed. */
  onSecret?: SecretSink;
  /** Which CI secrets decrypt SOPS-encrypted inputs (the config's `secrets:`). */
  secrets?: Secrets;
  /** Where each sync or rollback that changes what runs is recorded as a deployment (none by default). */
  deployments?: DeploymentRecorder;
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

import type { AuditEvent, AuditEventDraft } from '@gitops-sync/core';
export interface ExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the program's standard input (e.g. a decrypted state, which never touches the disk). */
  input?: Uint8Array;
  /**
   * The program's standard output goes into this new file (created 0600, never overwritten) instead
   * of `stdout`, which is then empty: for output too large to hold in memory (`terraform show -json`).
   */
  stdoutFile?: string;
  /**
   * Stops the program (and whatever it started) after this long, rejecting with a UserError that
   * says so and ends with `hint` (what to check): for tools that talk to a cloud and could hang.
   */
  timeout?: { ms: number; hint: string; /** Names the program in that sentence; default: the command and its first argument. */ what?: string };
  /** Stops the program (and whatever it started) once its captured output (stdout and stderr) passes `bytes`, rejecting with a UserError of `message`. */
  outputLimit?: { bytes: number; message: string };
}

/** Runs a program with an argument array — never a shell string built from inputs. */
export interface Exec {
  /** Resolves with the exit code whatever it is; rejects with a UserError when the program is not installed. */
  run(command: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>;
}

export interface Clock {
  now(): Date;
}

/** Where a use case says what it is doing (stderr in a terminal, the log on GitHub). */
export interface Progress {
  step(message: string): void;
}

/** The progress of one environment among several running side by side: each line says whose it is. */
export function environmentProgress(progress: Progress, environment: string): Progress {
  return { step: (message) => progress.step(`[${environment}] ${message}`) };
}

/** How a progress step that is a warning starts: an action shows it as an annotation. */
export const WARNING_STEP = 'warning: ';
/** A warning step: `warning: …`, or `[env] warning: …` from environmentProgress. */
const WARNING = new RegExp(`^(\\[[^\\]]*\\] )?${WARNING_STEP}`);

/** A warning step's text without its marker (an environment's `[env] ` kept), or undefined for another step. */
export const warningOf = (step: string): string | undefined => (WARNING.test(step) ? step.replace(WARNING, '$1') : undefined);

export const systemClock: Clock = { now: () => new Date() };
export const silentProgress: Progress = { step: () => {} };

/**
 * The audit trail of one run (the `AuditStore` port): use cases record what they decided or did;
 * the entry point closes it when the run ends (the `git` store commits and pushes then, every store
 * writes its checkpoint). Recording never throws for a use case's sake: a store that fails says so
 * when it is closed.
 */
export interface AuditTrail {
  record(draft: AuditEventDraft): Promise<void>;
  /** Ends the run's recording and returns the events as stored (with seq and hashes). */
  close(): Promise<AuditEvent[]>;
}

/** For callers that keep no trail (unit tests of a use case, `analyze`). */
export const noAuditTrail: AuditTrail = { record: async () => {}, close: async () => [] };

/** How a recorded deployment ended. */
export type DeploymentOutcome = 'success' | 'failure';

/** One deployment the platform keeps a record of, from its start to its outcome. */
export interface DeploymentRecord {
  finish(outcome: DeploymentOutcome, description: string): Promise<void>;
}

/**
 * Records each deployment of an environment where the platform shows its history (a GitHub
 * Deployment and its statuses). Like the audit trail it never throws for a use case's sake: a
 * platform that refuses says so in one warning line, and the sync goes on as it would have.
 */
export interface DeploymentRecorder {
  /** Called once the change is authorised, right before the first thing is applied. */
  start(environment: string, description: string): Promise<DeploymentRecord>;
}

/** Where no platform keeps deployments (a terminal, GitLab: its `environment:` keyword records them). */
export const noDeployments: DeploymentRecorder = { start: async () => ({ finish: async () => {} }) };

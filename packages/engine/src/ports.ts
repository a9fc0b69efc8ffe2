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

export const systemClock: Clock = { now: () => new Date() };
export const silentProgress: Progress = { step: () => {} };

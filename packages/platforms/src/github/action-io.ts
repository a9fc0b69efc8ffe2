import * as core from '@actions/core';
import { githubLogText, UserError } from '@gitops-sync/core';
import { nodeExec, removeScratchFoldersOnSignal, type Exec } from '@gitops-sync/engine';
import { installHelm, type HelmInstallOptions } from './helm-install.js';
import { installTerraform, type TerraformInstallOptions } from './terraform-install.js';

/** Everything an action touches in the outside world; tests pass a recording implementation. */
export interface ActionIO {
  /** The input's value, trimmed; '' when not set. */
  getInput(name: string): string;
  setOutput(name: string, value: string | number | boolean): void;
  /** Masks a value in every later log line. */
  setSecret(value: string): void;
  info(message: string): void;
  /** An error annotation on the run. */
  error(message: string, title: string): void;
  /** A warning annotation: something went wrong that does not fail the step. */
  warning(message: string): void;
  writeSummary(markdown: string): Promise<void>;
  setFailed(message: string): void;
  installTerraform(options: TerraformInstallOptions): Promise<string>;
  installHelm(options: HelmInstallOptions): Promise<string>;
  exec: Exec;
  env: NodeJS.ProcessEnv;
  cwd: string;
}


/**
 * A write to one of the runner's files (outputs, job summary) that failed — the variable names a folder, a file
 * that is not there, a full disk — as one sentence naming the variable, not @actions/core's own error.
 */
const runnerFileRefusal = (variable: string, what: string, error: unknown) =>
  new UserError(`The step's ${what} file ${variable}=${JSON.stringify(process.env[variable] ?? '')} could not be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); run the action on a GitHub Actions runner, which sets it.`);

export function githubIO(): ActionIO {
  removeScratchFoldersOnSignal();
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => {
      try {
        core.setOutput(name, value);
      } catch (error) {
        throw runnerFileRefusal('GITHUB_OUTPUT', 'output', error);
      }
    },
    setSecret: (value) => core.setSecret(value),
    // core.error/warning/setFailed escape their messages; info does not.
    info: (message) => core.info(githubLogText(message)),
    error: (message, title) => core.error(message, { title }),
    warning: (message) => core.warning(message),
    writeSummary: async (markdown) => {
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write().catch((error: unknown) => Promise.reject(runnerFileRefusal('GITHUB_STEP_SUMMARY', 'job summary', error)));
    },
    setFailed: (message) => core.setFailed(message),
    installTerraform: (options) => installTerraform(options),
    installHelm: (options) => installHelm(options),
    exec: nodeExec,
    env: process.env,
    cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
  };
}

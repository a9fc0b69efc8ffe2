import * as core from '@actions/core';
import { githubLogText } from '@gitops-sync/core';
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


export function githubIO(): ActionIO {
  removeScratchFoldersOnSignal();
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => core.setSecret(value),
    // core.error/warning/setFailed escape their messages; info does not.
    info: (message) => core.info(githubLogText(message)),
    error: (message, title) => core.error(message, { title }),
    warning: (message) => core.warning(message),
    writeSummary: async (markdown) => {
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write();
    },
    setFailed: (message) => core.setFailed(message),
    installTerraform: (options) => installTerraform(options),
    installHelm: (options) => installHelm(options),
    exec: nodeExec,
    env: process.env,
    cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
  };
}

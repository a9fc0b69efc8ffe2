import type { ActionIO } from '@gitops-sync/platforms';
import type { HelmInstallOptions, TerraformInstallOptions } from '@gitops-sync/platforms';
import { nodeExec } from '@gitops-sync/engine';

/** An ActionIO that records what the action did, for assertions. */
export class RecordingIO implements ActionIO {
  outputs: Record<string, string> = {};
  secrets: string[] = [];
  logs: string[] = [];
  annotations: { message: string; title: string }[] = [];
  warnings: string[] = [];
  summary = '';
  failure: string | undefined;
  installs: TerraformInstallOptions[] = [];
  exec = nodeExec;

  constructor(
    private readonly inputs: Record<string, string>,
    readonly cwd: string,
    readonly env: NodeJS.ProcessEnv = { ...process.env },
    private readonly install: (options: TerraformInstallOptions) => Promise<string> = async () => {
      throw new Error('installTerraform was not expected');
    },
  ) {}

  getInput = (name: string) => (this.inputs[name] ?? '').trim();
  setOutput = (name: string, value: string | number | boolean) => void (this.outputs[name] = String(value));
  setSecret = (value: string) => void this.secrets.push(value);
  info = (message: string) => void this.logs.push(message);
  error = (message: string, title: string) => void this.annotations.push({ message, title });
  warning = (message: string) => void this.warnings.push(message);
  writeSummary = async (markdown: string) => void (this.summary += markdown);
  setFailed = (message: string) => void (this.failure = message);
  installTerraform = (options: TerraformInstallOptions) => {
    this.installs.push(options);
    return this.install(options);
  };
  helmInstalls: HelmInstallOptions[] = [];
  installHelm = async (options: HelmInstallOptions) => {
    this.helmInstalls.push(options);
    throw new Error('installHelm was not expected');
  };

  /** Everything the action showed a user, for leak checks. */
  everything(): string {
    return JSON.stringify([this.outputs, this.logs, this.annotations, this.summary, this.failure]);
  }
}

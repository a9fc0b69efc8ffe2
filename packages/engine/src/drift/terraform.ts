import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { removeScratchFolder, scratchFolder } from '../files.js';
import { UserError, type SecretSink, type Secrets, type TerraformEnvironment } from '@gitops-sync/core';
import { DecryptedInputs } from '../secrets/sops-decrypt.js';
import type { Exec, ExecResult, Progress } from '../ports.js';
import { lastLines } from '../tool-output.js';
import { withHeartbeat } from '../heartbeat.js';

export interface TerraformRun {
  /** Absolute folder holding the configuration. */
  dir: string;
  settings: Omit<TerraformEnvironment, 'dir'>;
  /** Only what changed outside Terraform (`plan -refresh-only`). */
  driftCheckOnly?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Which CI secrets decrypt SOPS-encrypted var files. */
  secrets?: Secrets;
  /** The run's redaction set: decrypted values are added before anything is printed. */
  onSecret?: SecretSink;
}

/**
 * What terraform runs with for one gitops-sync environment: its own data dir (TF_DATA_DIR: providers,
 * backend settings and the selected workspace, which `workspace select` would change for everyone
 * sharing the folder) and TF_WORKSPACE. Environments on one folder can then run at the same time; what
 * they still share is per configuration (.terraform.lock.hcl, read-only once written) or per workspace
 * already (the local backend's terraform.tfstate.d/<workspace>).
 */
export function terraformEnv(base: NodeJS.ProcessEnv, dataDir: string, workspace: string | undefined): NodeJS.ProcessEnv {
  return { ...base, TF_IN_AUTOMATION: '1', TF_INPUT: '0', TF_DATA_DIR: dataDir, ...(workspace ? { TF_WORKSPACE: workspace } : {}) };
}

/** The terraform commands a drift check runs, in order; the plan file path is filled in later. */
export function terraformCommands(run: TerraformRun, planFile: string): string[][] {
  const { settings } = run;
  const commands = [['init', '-input=false', '-no-color', ...settings.backend_config.map((value) => `-backend-config=${value}`)]];
  commands.push([
    'plan',
    '-input=false',
    '-lock=false',
    '-detailed-exitcode',
    '-no-color',
    ...(run.driftCheckOnly ? ['-refresh-only'] : []),
    ...settings.var_files.map((file) => `-var-file=${file}`),
    `-out=${planFile}`,
  ]);
  commands.push(['show', '-json', '-no-color', planFile]);
  return commands;
}


/** The var files terraform reads: a SOPS-encrypted one replaced by its decrypted copy in a private scratch folder. */
export async function decryptedVarFiles(varFiles: readonly string[], dir: string, inputs: DecryptedInputs): Promise<string[]> {
  const files: string[] = [];
  for (const file of varFiles) {
    const path = resolve(dir, file);
    const decrypted = await inputs.file(path, `the var file ${file}`);
    files.push(decrypted === path ? file : decrypted);
  }
  return files;
}

/**
 * Runs init (which creates the workspace TF_WORKSPACE names), plan and show -json through the Exec
 * port, in a data dir of its own, and returns the plan JSON.
 * `plan -detailed-exitcode` exits 2 when there are changes: that is success here.
 */
export async function planTerraform(run: TerraformRun, exec: Exec, progress: Progress): Promise<Buffer> {
  const binary = run.settings.binary;
  if (!statSync(run.dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UserError(`Terraform directory ${run.dir} does not exist; check terraform.dir in the config or the terraform-directory input.`);
  }
  const scratch = scratchFolder('gitops-sync-plan-');
  const env = terraformEnv(run.env ?? process.env, join(scratch, 'terraform-data'), run.settings.workspace);
  const inputs = new DecryptedInputs({ exec, env: run.env, secrets: run.secrets, onSecret: run.onSecret });
  try {
    const settings = { ...run.settings, var_files: await decryptedVarFiles(run.settings.var_files, run.dir, inputs) };
    let result: ExecResult | undefined;
    for (const args of terraformCommands({ ...run, settings }, join(scratch, 'gitops-sync.tfplan'))) {
      progress.step(`${binary} ${args[0]}${args[0] === 'init' && run.settings.workspace ? ` (workspace ${run.settings.workspace})` : ''} in ${run.dir}`);
      result = await withHeartbeat(progress, `${binary} ${args[0]}`, run.env ?? process.env, () => exec.run(binary, args, { cwd: run.dir, env }));
      const ok = result.exitCode === 0 || (args[0] === 'plan' && result.exitCode === 2);
      if (!ok) {
        throw new UserError(`${binary} ${args[0]} failed in ${run.dir} (exit ${result.exitCode}): ${(lastLines(result.stderr).length ? lastLines(result.stderr) : lastLines(result.stdout.toString('utf8'))).join(' ')}`);
      }
    }
    return result!.stdout;
  } finally {
    inputs.dispose();
    removeScratchFolder(scratch);
  }
}

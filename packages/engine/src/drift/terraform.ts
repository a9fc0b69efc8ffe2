import { mkdirSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { removeScratchFolder, scratchFolder, statOrNothing, withInputChunks } from '../files.js';
import { oneLine, UserError, type PlanReader, type SecretSink, type Secrets, type TerraformEnvironment } from '@gitops-sync/core';
import { DecryptedInputs } from '../secrets/sops-decrypt.js';
import type { Exec, ExecResult, Progress } from '../ports.js';
import { lastLines } from '../tool-output.js';
import { withHeartbeat } from '../heartbeat.js';

export interface TerraformRun {
  /** The gitops-sync environment checked (named in messages). */
  environment: string;
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
  /** A provider plugin cache folder of the run's own (its environments that run one after another share it); used when the user has none. */
  pluginCache?: string;
}

/** How long a drift check's init, plan or show may run unless terraform.timeout_minutes says otherwise. */
const DEFAULT_TIMEOUT_MINUTES = 60;

/**
 * What terraform runs with for one gitops-sync environment: its own data dir (TF_DATA_DIR: providers,
 * backend settings and the selected workspace, which `workspace select` would change for everyone
 * sharing the folder) and TF_WORKSPACE. Environments on one folder can then run at the same time; what
 * they still share is per configuration (.terraform.lock.hcl, read-only once written) or per workspace
 * already (the local backend's terraform.tfstate.d/<workspace>).
 */
export function terraformEnv(base: NodeJS.ProcessEnv, dataDir: string, workspace: string | undefined): NodeJS.ProcessEnv {
  // Terraform runs in each environment's folder and would take a relative cache path from there: a cache per folder, inside the checkout.
  const cache = base.TF_PLUGIN_CACHE_DIR ? { TF_PLUGIN_CACHE_DIR: resolve(base.TF_PLUGIN_CACHE_DIR) } : {};
  return { ...base, ...cache, TF_IN_AUTOMATION: '1', TF_INPUT: '0', TF_DATA_DIR: dataDir, ...(workspace ? { TF_WORKSPACE: workspace } : {}) };
}

/**
 * Refuses a TF_WORKSPACE inherited from the job for settings that name no workspace: terraform would
 * take it, and the environment's plan (or apply) would be another workspace's under its name (in a
 * run of several, every such environment the same one).
 */
export function refuseInheritedWorkspace(base: NodeJS.ProcessEnv, workspace: string | undefined, dir: string): void {
  const inherited = base.TF_WORKSPACE;
  if (workspace || !inherited || inherited === 'default') return;
  throw new UserError(
    `TF_WORKSPACE is set to ${JSON.stringify(inherited)}, but the Terraform settings of ${dir} name no workspace, so its plan would be of workspace ${oneLine(inherited)}; give the environment terraform.workspace in gitops-sync.yaml, or unset TF_WORKSPACE.`,
  );
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

/** Where terraform and OpenTofu read CLI configuration from: the named file or the default ones, and the configuration folder's *.tfrc files. */
function cliConfigFiles(env: NodeJS.ProcessEnv): string[] {
  const home = homedir();
  const named = env.TF_CLI_CONFIG_FILE || env.TERRAFORM_CONFIG;
  const main = named ? [named] : [join(home, '.terraformrc'), join(home, '.tofurc'), join(env.XDG_CONFIG_HOME || join(home, '.config'), 'opentofu', 'tofurc')];
  const folder = join(home, '.terraform.d');
  let more: string[] = [];
  try {
    more = readdirSync(folder)
      .filter((name) => name.endsWith('.tfrc') || name.endsWith('.tfrc.json'))
      .map((name) => join(folder, name));
  } catch {
    // No configuration folder.
  }
  return [...main, ...more];
}

/** plugin_cache_dir, in HCL (quoted or not) or JSON. Reading one where there is none only makes inits wait their turn. */
const PLUGIN_CACHE_SETTING = /(?:^|[{,])\s*"?plugin_cache_dir"?\s*[=:]/m;

function configuresPluginCache(file: string): boolean {
  try {
    return PLUGIN_CACHE_SETTING.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * The provider plugin cache an init uses, and the key its turns are taken under: the user's own
 * (TF_PLUGIN_CACHE_DIR, or plugin_cache_dir in the CLI configuration), else the run's own for the environment's slot,
 * else none (each data dir then has its own copy and inits need not wait for each other).
 */
function pluginCacheFor(env: NodeJS.ProcessEnv, runCache: string | undefined): { key?: string; variables: NodeJS.ProcessEnv } {
  if (env.TF_PLUGIN_CACHE_DIR) {
    // Terraform ignores a cache folder that does not exist; a cache restored from CI may not have created it.
    try {
      mkdirSync(env.TF_PLUGIN_CACHE_DIR, { recursive: true });
      // One key however the folder is spelt (relative, a trailing slash, through a symlink).
      return { key: realpathSync(env.TF_PLUGIN_CACHE_DIR), variables: {} };
    } catch (error) {
      throw new UserError(`TF_PLUGIN_CACHE_DIR (${env.TF_PLUGIN_CACHE_DIR}) is not a folder gitops-sync can create or use (${(error as NodeJS.ErrnoException).code ?? 'error'}); point it at a writable folder, or unset it to let the run share a cache of its own.`);
    }
  }
  if (cliConfigFiles(env).some(configuresPluginCache)) return { key: 'plugin_cache_dir of the CLI configuration', variables: {} };
  return runCache ? { key: resolve(runCache), variables: { TF_PLUGIN_CACHE_DIR: runCache } } : { variables: {} };
}

/** Who is on one plugin cache now, and who waits for it, in the order they came. */
interface CacheTurns {
  running: number;
  installing: boolean;
  waiting: { installs: boolean; start: () => void }[];
}

const cacheTurns = new Map<string, CacheTurns>();

/** Starts the waiting commands that may start, in order: an install alone, other commands side by side. */
function admit(key: string, turns: CacheTurns): void {
  while (turns.waiting.length && !turns.installing) {
    const next = turns.waiting[0];
    if (next.installs && turns.running > 0) break;
    turns.waiting.shift();
    turns.running++;
    turns.installing = next.installs;
    next.start();
  }
  if (turns.running === 0 && !turns.waiting.length) cacheTurns.delete(key);
}

/**
 * Terraform documents the plugin cache as not safe for concurrent installs ("the provider installer's
 * behavior in environments with multiple terraform init calls is undefined"), and an init without a
 * lock file installs again, replacing the provider another environment's plan is running at that
 * moment. So an `init` on a cache runs alone, and every other command (plan, show, apply: they run
 * the installed providers) side by side with the others; each waits its turn in the order it came, so
 * a stream of plans cannot hold an init back for ever. A command must not wait for a turn inside its own
 * (an init queued between them would wait for it, and it for the init).
 */
function onPluginCache<T>(key: string | undefined, installs: boolean, work: () => Promise<T>): Promise<T> {
  if (key === undefined) return work();
  const turns = cacheTurns.get(key) ?? { running: 0, installing: false, waiting: [] };
  cacheTurns.set(key, turns);
  const started = new Promise<void>((start) => turns.waiting.push({ installs, start }));
  admit(key, turns);
  return started.then(work).finally(() => {
    turns.running--;
    turns.installing = false;
    admit(key, turns);
  });
}

/** What terraform says when a provider it installed is gone from under it (the cache entry its data dir links to was replaced). */
const PROVIDER_VANISHED = /fork\/exec \S*terraform-provider-\S*: no such file or directory/;

/** A diagnostic's text on one line: terraform wraps its details (at 78 columns off a terminal) behind `│ `. */
const unwrapped = (output: string) => output.replace(/\s*\n[│\s]*/g, ' ');

/**
 * For a failed command: when a provider vanished while it ran and the plugin cache is the user's, the
 * likely cause and fix (turns are taken within one gitops-sync run only); else ''.
 */
export function sharedCacheHint(env: NodeJS.ProcessEnv, output: string): string {
  if (!PROVIDER_VANISHED.test(unwrapped(output))) return '';
  const { key } = pluginCacheFor(env, undefined);
  if (key === undefined) return '';
  return `; a provider in the plugin cache (${key}) was replaced while the command ran: another job or terraform run was installing into the same cache at that moment (gitops-sync orders its own commands only) — give each concurrent job a cache of its own and run again`;
}

/** Runs a terraform command in its turn on the plugin cache the user configured, if any (sync's commands: they set no cache of their own). */
export function inCacheTurn<T>(env: NodeJS.ProcessEnv, args: readonly string[], command: () => Promise<T>): Promise<T> {
  return onPluginCache(pluginCacheFor(env, undefined).key, args[0] === 'init', command);
}

/**
 * Runs init (which creates the workspace TF_WORKSPACE names), plan and show -json through the Exec
 * port, in a data dir of its own, and hands `analyse` a reader of the plan JSON: show writes it to a
 * file in the run's private scratch folder, read in chunks, so a large plan is never in memory whole.
 * The folder (plan file, plan JSON, data dir) is removed once `analyse` returns.
 * `plan -detailed-exitcode` exits 2 when there are changes: that is success here.
 */
export async function planTerraform<T>(run: TerraformRun, exec: Exec, progress: Progress, analyse: (planJson: PlanReader) => T): Promise<T> {
  const binary = run.settings.binary;
  if (!statOrNothing(run.dir, true)?.isDirectory()) {
    throw new UserError(`Terraform directory ${run.dir} does not exist; check terraform.dir in the config or the terraform-directory input.`);
  }
  const base = run.env ?? process.env;
  refuseInheritedWorkspace(base, run.settings.workspace, run.dir);
  const cache = pluginCacheFor(base, run.pluginCache);
  const scratch = scratchFolder('gitops-sync-plan-');
  const env = { ...terraformEnv(base, join(scratch, 'terraform-data'), run.settings.workspace), ...cache.variables };
  const planJsonFile = join(scratch, 'plan.json');
  const inputs = new DecryptedInputs({ exec, env: run.env, secrets: run.secrets, onSecret: run.onSecret });
  try {
    const settings = { ...run.settings, var_files: await decryptedVarFiles(run.settings.var_files, run.dir, inputs) };
    for (const args of terraformCommands({ ...run, settings }, join(scratch, 'gitops-sync.tfplan'))) {
      const command = args[0];
      progress.step(`${binary} ${command}${command === 'init' && run.settings.workspace ? ` (workspace ${run.settings.workspace})` : ''} in ${run.dir}`);
      const timeout = {
        ms: (run.settings.timeout_minutes ?? DEFAULT_TIMEOUT_MINUTES) * 60_000,
        what: `${binary} ${command} in ${run.dir}`,
        hint: `find what it waits for (a provider's API, the backend), or raise environments.${run.environment}.terraform.timeout_minutes`,
      };
      const options = { cwd: run.dir, env, timeout, ...(command === 'show' ? { stdoutFile: planJsonFile } : {}) };
      const execute = () => withHeartbeat(progress, `${binary} ${command}`, base, () => exec.run(binary, args, options));
      const result: ExecResult = await onPluginCache(cache.key, command === 'init', execute);
      const ok = result.exitCode === 0 || (command === 'plan' && result.exitCode === 2);
      if (!ok) {
        throw new UserError(`${binary} ${command} failed in ${run.dir} (exit ${result.exitCode}): ${(lastLines(result.stderr).length ? lastLines(result.stderr) : lastLines(result.stdout.toString('utf8'))).join(' ')}${sharedCacheHint(base, result.stderr)}`);
      }
    }
    return analyse((consume) => withInputChunks(planJsonFile, `the plan JSON of ${run.dir}`, consume, { kind: 'plan', reuse: true }));
  } finally {
    inputs.dispose();
    removeScratchFolder(scratch);
  }
}

import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import {
  ANSIBLE_CHECK_SOURCE,
  AnsibleChangeCollector,
  UserError,
  parseAnsibleResults,
  requireRunEnd,
  type AnsibleResults,
  type Environment,
  type UnjudgedChange,
} from '@gitops-sync/core';
import { removeScratchFolder, scratchFolder, statOrNothing, withInputChunks } from '../files.js';
import { silentProgress } from '../ports.js';
import { lastLines } from '../tool-output.js';
import { isOnPath } from '../path-lookup.js';
import type { DriftContext } from './drift.js';
// Types only: sources.ts imports this module to list it.
import type { EnvironmentSource, EnvironmentSourceRequest, SavedResultSource } from './sources.js';

export type AnsibleSettings = NonNullable<Environment['ansible']>;

const WHAT = "the output of gitops-sync's Ansible callback (a JSON-lines results file)";
const CALLBACK_NAME = 'gitops_sync';
/**
 * The name the shipped callback is installed and enabled under for gitops-sync's runs: Ansible looks for
 * plugins next to the playbook first, so a copy named gitops_sync.py in the repository's callback_plugins
 * (an old one, or one reporting a clean run) would be loaded in its place.
 */
const RUN_CALLBACK_NAME = 'gitops_sync_run';
/**
 * The variable the callback reads its results path from. gitops-sync keeps GITOPS_SYNC_* variables from
 * the tools it runs, so the run gets this Ansible-style name (the callback also reads GITOPS_SYNC_ANSIBLE_RESULTS).
 */
const RESULTS_VARIABLE = 'ANSIBLE_GITOPS_SYNC_RESULTS';

/** The callback plugin shipped with gitops-sync (bundled beside the code by ncc, like the default rules). */
export function ansibleCallbackSource(): string {
  return readFileSync(new URL('./ansible-callback/gitops_sync.py', import.meta.url), 'utf8');
}

/** Writes the callback into `folder`/callback_plugins and returns that folder, for ANSIBLE_CALLBACK_PLUGINS. */
export function installAnsibleCallback(folder: string): string {
  const plugins = join(folder, 'callback_plugins');
  mkdirSync(plugins, { recursive: true, mode: 0o700 });
  writeFileSync(join(plugins, `${RUN_CALLBACK_NAME}.py`), ansibleCallbackSource(), { mode: 0o600 });
  return plugins;
}

/** The environment of a run with the callback enabled beside the user's own callbacks. */
export function ansibleCallbackEnvironment(env: NodeJS.ProcessEnv, plugins: string, resultsPath: string): NodeJS.ProcessEnv {
  const enabled = (env.ANSIBLE_CALLBACKS_ENABLED ?? '').split(',').map((name) => name.trim()).filter((name) => name && name !== CALLBACK_NAME && name !== RUN_CALLBACK_NAME);
  return {
    ...env,
    ANSIBLE_CALLBACK_PLUGINS: [plugins, env.ANSIBLE_CALLBACK_PLUGINS].filter(Boolean).join(delimiter),
    ANSIBLE_CALLBACKS_ENABLED: [...enabled, RUN_CALLBACK_NAME].join(','),
    [RESULTS_VARIABLE]: resultsPath,
    ANSIBLE_NOCOLOR: '1',
    // A check must not leave <playbook>.retry files in the repository.
    ANSIBLE_RETRY_FILES_ENABLED: 'False',
  };
}

interface ResolvedRun {
  /** A name looked up on PATH, or a path relative to the config. */
  binary: string;
  playbook: string;
  args: string[];
}

function resolvedRun(settings: AnsibleSettings, request: EnvironmentSourceRequest): ResolvedRun {
  const path = (name: string) => resolve(request.baseDir, name);
  const playbook = path(settings.playbook);
  const extraVars = settings.extra_vars === undefined
    ? []
    : Array.isArray(settings.extra_vars)
      ? settings.extra_vars.map((file) => `--extra-vars=@${path(file.slice(1))}`)
      : [`--extra-vars=${JSON.stringify(settings.extra_vars)}`];
  // `--option=value`: a value can never be read as another option.
  const args = ['--check', '--diff', `--inventory=${path(settings.inventory)}`, ...(settings.limit ? [`--limit=${settings.limit}`] : []), ...extraVars, playbook];
  return { binary: settings.binary.includes('/') ? path(settings.binary) : settings.binary, playbook, args };
}

const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

function requireFiles(settings: AnsibleSettings, run: ResolvedRun, request: EnvironmentSourceRequest, env: NodeJS.ProcessEnv): void {
  const key = `environments.${request.environment}.ansible`;
  if (run.binary.includes('/') ? !isExecutable(run.binary) : !isOnPath(run.binary, env)) {
    throw new UserError(`${settings.binary} (${key}.binary) is not installed or not on PATH; install ansible-core (2.14 or later) or set ${key}.binary.`);
  }
  if (!statOrNothing(run.playbook, true)?.isFile()) {
    throw new UserError(`The playbook ${settings.playbook} (${key}.playbook) does not exist in ${request.baseDir}; fix the path in gitops-sync.yaml.`);
  }
  if (!existsSync(resolve(request.baseDir, settings.inventory))) {
    throw new UserError(`The inventory ${settings.inventory} (${key}.inventory) does not exist in ${request.baseDir}; fix the path in gitops-sync.yaml.`);
  }
  for (const file of Array.isArray(settings.extra_vars) ? settings.extra_vars : []) {
    if (!existsSync(resolve(request.baseDir, file.slice(1)))) {
      throw new UserError(`The extra-vars file ${file.slice(1)} (${key}.extra_vars) does not exist in ${request.baseDir}; fix the path in gitops-sync.yaml.`);
    }
  }
}

/** The callback's results file, its changed results handed to `collector` as they are read; undefined when there is none. */
function readResults(path: string, label: string, collector: AnsibleChangeCollector): AnsibleResults | undefined {
  if (!existsSync(path)) return undefined;
  return withInputChunks(path, WHAT, (chunks) => parseAnsibleResults(chunks, label, collector));
}

/** ansible-playbook's exit codes (lib/ansible/cli/__init__.py and the TaskQueueManager). */
const EXIT_MEANING: Record<number, string> = {
  1: 'an error',
  2: 'failed hosts',
  3: 'an error',
  4: 'unreachable hosts, or a playbook it could not parse',
  5: 'bad options',
  99: 'an interruption',
  250: 'an unexpected error',
};

/** Runs the check and turns its results into changes; refuses a run that failed, or never reported its end. */
export async function ansibleChanges(settings: AnsibleSettings, request: EnvironmentSourceRequest, context: DriftContext): Promise<UnjudgedChange[]> {
  const run = resolvedRun(settings, request);
  requireFiles(settings, run, request, context.env ?? process.env);
  const progress = context.progress ?? silentProgress;
  const label = `the Ansible check of ${request.environment}`;
  const scratch = scratchFolder('gitops-sync-ansible-');
  try {
    const resultsPath = join(scratch, 'results.jsonl');
    const env = ansibleCallbackEnvironment(context.env ?? process.env, installAnsibleCallback(scratch), resultsPath);
    progress.step(`running ${settings.binary} --check --diff on ${settings.playbook} for ${request.environment}`);
    // The play's own output (diffs of files that are not no_log among it) stays in the scratch folder: the report shows what the rules allow.
    const result = await context.exec.run(run.binary, run.args, { cwd: dirname(run.playbook), env, stdoutFile: join(scratch, 'stdout.txt') });
    const collector = new AnsibleChangeCollector({ label, onSecret: context.onSecret });
    const parsed = readResults(resultsPath, label, collector);
    // Failed and unreachable hosts are named with their task, from the results, whatever the exit code.
    const changes = parsed ? collector.changes() : [];
    if (result.exitCode !== 0) {
      // Ansible's own sentence (`ERROR! …`) when it wrote one, else its last line.
      const lines = lastLines(result.stderr, 50);
      const said = (lines.find((line) => line.startsWith('ERROR!')) ?? lines.at(-1))?.replace(/[.\s]+$/, '');
      throw new UserError(
        `${settings.binary} exited with ${result.exitCode} (${EXIT_MEANING[result.exitCode] ?? 'an error'}) checking ${settings.playbook} for ${request.environment}${said ? `: ${said}` : ''}; fix the playbook or inventory and run again.`,
      );
    }
    if (!parsed) throw new UserError(`${label}: the Ansible run never reported its end (the gitops_sync callback wrote nothing); check that ${settings.binary} is ansible-core 2.11 or later and that ANSIBLE_CALLBACKS_ENABLED is not overridden.`);
    requireRunEnd(parsed, label);
    return changes;
  } finally {
    removeScratchFolder(scratch);
  }
}

export const ANSIBLE_ENVIRONMENT_SOURCE = {
  name: ANSIBLE_CHECK_SOURCE,
  settingsOf: (environment) => environment.ansible,
  describe(settings, request) {
    const run = resolvedRun(settings, request);
    return [`(cd ${dirname(run.playbook)} && ANSIBLE_CALLBACKS_ENABLED=${CALLBACK_NAME} ${run.binary} ${run.args.join(' ')})`];
  },
  changes: ansibleChanges,
} satisfies EnvironmentSource<AnsibleSettings> as EnvironmentSource<unknown>;

/** `analyze --source ansible-check --input <results file>`: a run saved by the callback. */
export const ANSIBLE_SAVED_SOURCE: SavedResultSource = {
  name: ANSIBLE_CHECK_SOURCE,
  hint: "the results file gitops-sync's Ansible callback wrote (GITOPS_SYNC_ANSIBLE_RESULTS)",
  changes(path, options) {
    const collector = new AnsibleChangeCollector({ label: options.label, onSecret: options.onSecret });
    const parsed = withInputChunks(path, WHAT, (chunks) => parseAnsibleResults(chunks, options.label, collector));
    const changes = collector.changes();
    requireRunEnd(parsed, options.label);
    return changes;
  },
};

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UserError } from '@gitops-sync/core/errors';
import type { Exec, ExecResult } from './ports.js';
import { processAlive } from './processes.js';

/**
 * Variables gitops-sync reads for itself and no tool it runs needs: the platform tokens, the Argo CD
 * token (read through the API, never the argocd CLI), the runner's cache/artifact token and the
 * default notification secrets. Tools get their credentials under their own names (AWS_*, ARM_*,
 * GOOGLE_*, TF_VAR_*, TF_HTTP_PASSWORD, KUBECONFIG…), which pass through.
 */
const WITHHELD_NAMES = new Set([
  'GITHUB_TOKEN',
  'GITLAB_TOKEN',
  'CI_JOB_TOKEN',
  'ARGOCD_AUTH_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'SLACK_WEBHOOK_URL',
  'PAGERDUTY_ROUTING_KEY',
]);
/** Action inputs (the `token` input among them) and gitops-sync's own settings and secrets. */
const WITHHELD_PREFIXES = ['INPUT_', 'GITOPS_SYNC_'];
/** The variables a loaded configuration names as holding secrets (notification keys, SMTP credentials…). */
const configuredSecretNames = new Set<string>();

/** Keeps every later tool run from seeing these variables; loadConfig calls it with the names the configuration reads secrets from. */
export function withholdFromTools(names: Iterable<string>): void {
  for (const name of names) configuredSecretNames.add(name.toUpperCase());
}

/** `env` without what gitops-sync keeps to itself (names compared case-insensitively, as Windows does). */
export function toolEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => {
      const upper = name.toUpperCase();
      return !WITHHELD_NAMES.has(upper) && !configuredSecretNames.has(upper) && !WITHHELD_PREFIXES.some((prefix) => upper.startsWith(prefix));
    }),
  );
}

/**
 * The environment of a git run: git never takes a folder for a repository because of files in it
 * (HEAD, objects/, refs/ — a bare repository, which a pull request can commit into the checkout: git
 * run in that folder would read its config, hooks and fsmonitor, and work on its index and remotes).
 * `safe.bareRepository=explicit` (git 2.38+) goes last in GIT_CONFIG_PARAMETERS, the command line's
 * settings, which git reads after GIT_CONFIG_COUNT's and every config file: nothing set overrides it.
 */
export function gitEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const parameters = [env.GIT_CONFIG_PARAMETERS?.trim(), "'safe.bareRepository=explicit'"].filter(Boolean).join(' ');
  return { ...env, GIT_CONFIG_PARAMETERS: parameters };
}

/** The warning for a `git --version` output older than 2.38, which ignores safe.bareRepository (see gitEnvironment); undefined for 2.38 and later. */
export function oldGitWarning(versionOutput: string): string | undefined {
  const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major > 2 || (major === 2 && minor >= 38)) return undefined;
  return `git ${match[0]} is older than 2.38 and ignores safe.bareRepository: a folder a pull request commits as a bare repository (HEAD, objects/, refs/) could be taken for a repository, with its config and hooks, by a git command gitops-sync runs in it; use git 2.38 or later in this job.`;
}

/** The git programs (by PATH) already asked their version: the warning is said once per process. */
const gitVersionsSeen = new Set<string>();

/** Says oldGitWarning's warning on stderr, once per git program (PATH) a process runs. */
export function warnOfOldGit(env: NodeJS.ProcessEnv): void {
  const key = env.PATH ?? '';
  if (gitVersionsSeen.has(key)) return;
  gitVersionsSeen.add(key);
  let version: string;
  try {
    version = execFileSync('git', ['--version'], { env: toolEnvironment(env), encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    // No git, or one that cannot say its version: the run itself will say what is wrong.
    return;
  }
  const warning = oldGitWarning(version);
  if (warning) process.stderr.write(`gitops-sync: warning: ${warning}\n`);
}

/** A tool run's environment when the tool is git: without gitops-sync's secrets, and with gitEnvironment's setting. */
export const gitToolEnvironment = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => gitEnvironment(toolEnvironment(env));

/** The first line of a tool's output (its stderr, for a sentence saying why it failed). */
export const firstLine = (text: string): string => text.trim().split('\n')[0] ?? '';

/** The tools running now (until their output closes): whether each leads a process group of its own, and which program it is. */
const runningTools = new Map<ChildProcess, { ownGroup: boolean; what: string }>();
/** The signal gitops-sync is being stopped by, once one came: no tool is started after it. */
let stoppedBy: NodeJS.Signals | undefined;

/**
 * The tools that stay in gitops-sync's process group (and session): git may ask for a passphrase or
 * credentials on the terminal. Every other tool leads a group of its own, so that on a signal it hears
 * only gitops-sync's (terraform takes a second interrupt as "exit immediately", losing state).
 */
const TERMINAL_TOOLS = new Set(['git']);

/** Whether Node has seen the tool end (once it has, its pid may be another process's). */
const ended = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function signalTool(child: ChildProcess, ownGroup: boolean, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  if (!ownGroup) {
    if (!ended(child)) child.kill(signal);
    return;
  }
  try {
    // A group outlives its leader while a process of it runs, and its id is not reused meanwhile.
    process.kill(-child.pid, signal);
  } catch {
    // Gone.
  }
}

interface ProcessEntry {
  pid: number;
  group: number;
  state: string;
}

/** Each process's id, process group and state: from /proc (Linux), else `ps`; undefined when neither answers. */
function processTable(): ProcessEntry[] | undefined {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .flatMap((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return [{ pid: Number(pid), group: Number(group), state }];
        } catch {
          return [];
        }
      });
  } catch {
    // No /proc (macOS).
  }
  try {
    return execFileSync('ps', ['-A', '-o', 'pid=,pgid=,stat='], { encoding: 'utf8', timeout: 2_000, stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length >= 3)
      .map(([pid, group, state]) => ({ pid: Number(pid), group: Number(group), state: state! }));
  } catch {
    return undefined;
  }
}

/** Whether a tool, or (leading its own group) any process of its group, still runs: a zombie (state Z) does not. */
function stillRuns(tools: [ChildProcess, { ownGroup: boolean }][]): boolean {
  const table = processTable();
  return tools.some(([child, { ownGroup }]) => {
    const pid = child.pid;
    if (pid === undefined || (!ownGroup && ended(child))) return false;
    return table ? table.some((entry) => (ownGroup ? entry.group === pid : entry.pid === pid) && !entry.state.startsWith('Z')) : processAlive(pid);
  });
}

/** Never notified: Atomics.wait on it is a blocking sleep. */
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * For a signal that stops gitops-sync (a cancelled CI job, Ctrl-C): every tool running gets the signal,
 * from gitops-sync alone (a tool leads a process group of its own, which a terminal's Ctrl-C does not
 * reach: it would go on, an apply unattended, after gitops-sync had gone), so terraform stops as it does
 * on one Ctrl-C. It waits for them here, blocking, up to `graceMs`: nothing else of gitops-sync runs
 * meanwhile (no next environment, request, alert or report; a tool that ended is never answered), then
 * every process left in their groups is killed. `said` hears what it waits for.
 */
export function stopRunningTools(signal: NodeJS.Signals, graceMs: number, said: (line: string) => void = () => {}): void {
  stoppedBy ??= signal;
  const tools = [...runningTools];
  if (tools.length === 0) return;
  for (const [child, { ownGroup }] of tools) signalTool(child, ownGroup, signal);
  if (stillRuns(tools)) {
    said(`stopping (${signal}): waiting up to ${Math.round(graceMs / 1000)} s for ${[...new Set(tools.map(([, tool]) => tool.what))].join(', ')} to stop`);
    for (const end = Date.now() + graceMs; Date.now() < end && stillRuns(tools); ) Atomics.wait(pause, 0, 0, 50);
  }
  for (const [child, { ownGroup }] of tools) signalTool(child, ownGroup, 'SIGKILL');
}

/**
 * The Exec port on Node's child_process: no shell, output captured, ENOENT turned into a UserError.
 * Every tool run goes through here, so this is where the tool's environment loses gitops-sync's secrets.
 */
export const nodeExec: Exec = {
  run(command, args, options = {}) {
    return new Promise<ExecResult>((resolve, reject) => {
      // Stopping: nothing starts, and what ends is not answered (see stopRunningTools).
      if (stoppedBy) return;
      if (command === 'git') warnOfOldGit(options.env ?? process.env);
      const env = (command === 'git' ? gitToolEnvironment : toolEnvironment)(options.env ?? process.env);
      let stdoutFd: number | undefined;
      try {
        stdoutFd = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, 'wx', 0o600);
      } catch (error) {
        reject(new UserError(`Could not create ${options.stdoutFile} for the output of ${command}: ${(error as Error).message}.`));
        return;
      }
      // A tool leads a process group of its own (see TERMINAL_TOOLS), so stopping it stops what it started too
      // (`az` is a shell script running Python: killing the script alone would leave Python holding the pipes).
      // Not on Windows: there a detached tool loses the console, outlives gitops-sync, and -pid names nothing.
      const ownGroup = process.platform !== 'win32' && (!TERMINAL_TOOLS.has(command) || options.timeout !== undefined || options.outputLimit !== undefined);
      let child: ReturnType<typeof spawn>;
      try {
        child = spawn(command, [...args], { cwd: options.cwd, env, stdio: ['pipe', stdoutFd ?? 'pipe', 'pipe'], detached: ownGroup });
        // The program's name alone: an argument may be a value a message must not show.
        runningTools.set(child, { ownGroup, what: basename(command) });
        // Kept until its output closes: a process it started may still hold it (and so run).
        child.once('close', () => runningTools.delete(child));
      } finally {
        // The child has its own copy of the descriptor by now.
        if (stdoutFd !== undefined) closeSync(stdoutFd);
      }
      // Standard input is the given input, or empty. A program that exits without reading it all closes the pipe: not our error.
      child.stdin!.on('error', () => {});
      child.stdin!.end(options.input);
      let stopped = false;
      const stop = (error: UserError) => {
        if (stopped || stoppedBy) return;
        stopped = true;
        if (timer) clearTimeout(timer);
        signalTool(child, ownGroup, 'SIGKILL');
        reject(error);
      };
      const timer = options.timeout && setTimeout(() => {
        const seconds = Number((options.timeout!.ms / 1000).toFixed(3));
        stop(new UserError(`${options.timeout!.what ?? `${command} ${args[0] ?? ''}`} did not answer within ${seconds} s and was stopped; ${options.timeout!.hint}.`));
      }, options.timeout.ms);
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let outputBytes = 0;
      const capture = (into: Buffer[]) => (chunk: Buffer) => {
        if (stopped) return;
        outputBytes += chunk.byteLength;
        if (options.outputLimit && outputBytes > options.outputLimit.bytes) return stop(new UserError(options.outputLimit.message));
        into.push(chunk);
      };
      child.stdout?.on('data', capture(stdout));
      child.stderr!.on('data', capture(stderr));
      child.on('error', (error: NodeJS.ErrnoException) => {
        // Also said when a kill fails: only a tool that never started is forgotten here.
        if (child.pid === undefined) runningTools.delete(child);
        if (timer) clearTimeout(timer);
        if (stoppedBy) return;
        if (error.code === 'ENOENT') reject(new UserError(`${command} is not installed or not on PATH; install it (or, in the drift-detect action, set terraform-version) and run again.`));
        else reject(new UserError(`Could not start ${command}: ${error.message}.`));
      });
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        if (stopped || stoppedBy) return;
        resolve({ exitCode: code ?? (signal ? 128 : 1), stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') });
      });
    });
  },
};

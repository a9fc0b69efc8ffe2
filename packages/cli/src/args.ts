import { parseArgs } from 'node:util';
import { appendAll, closest, oneLine, resolveEnvironmentName, UserError, type GitopsSyncConfig } from '@gitops-sync/core';
import type { Progress } from '@gitops-sync/engine';
import type { CliIO } from './main.js';

export type OptionSpec = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

/** How a command takes its environment: as a positional (`sync production`) or as the `--environment` flag. */
export type EnvironmentTaking = 'positional' | 'flag';

/** Old spellings, kept working: each is rewritten to the one spelling before parsing. */
export const FLAG_ALIASES: Readonly<Record<string, string>> = {
  env: 'environment',
  'output-dir': 'output',
  'output-directory': 'output',
};

/** `--help` (or `-h`) after a command: runCli prints the help built from the command's own option spec. */
export class HelpRequested extends Error {
  constructor(
    readonly options: OptionSpec,
    readonly environment: EnvironmentTaking | undefined,
  ) {
    super('help requested');
  }
}

/** A mistyped or unknown flag; runCli adds which command's help lists the flags. */
export class FlagMistake extends UserError {}

/**
 * The flag an alias stands for: `--output-directory` is the command's own `--output-dir` where it has one
 * (audit export: a folder), else `--output`, as `--output-dir` is.
 */
export const aliasFor = (alias: string, options: OptionSpec): string | undefined =>
  alias === 'output-directory' && Object.hasOwn(options, 'output-dir') ? 'output-dir' : FLAG_ALIASES[alias];

/** `--env=x` / `--env x` → `--environment …` (only where the command has no option of the old name itself). */
function withCanonicalFlags(args: string[], options: OptionSpec, environment: EnvironmentTaking | undefined): string[] {
  const rewritten: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const match = /^--([^=]+)(=.*)?$/.exec(args[i]);
    if (args[i] === '--') {
      appendAll(rewritten, args.slice(i));
      break;
    }
    const canonical = match && !Object.hasOwn(options, match[1]) ? aliasFor(match[1], options) : undefined;
    const name = canonical ?? match?.[1];
    if (name === 'environment' && environment === 'positional' && !Object.hasOwn(options, 'environment')) {
      // The positional's flag spelling: `rollback --environment production` is `rollback production`.
      const value = match![2] !== undefined ? match![2].slice(1) : args[++i];
      if (value === undefined) throw new UserError('--environment needs a value, e.g. --environment production.');
      rewritten.push(value);
    } else rewritten.push(canonical ? `--${canonical}${match![2] ?? ''}` : args[i]);
  }
  return rewritten;
}

/**
 * parseArgs with the house's errors: `--help` anywhere asks for the command's help, the old flag
 * spellings are accepted, and an unknown flag is named with the closest known one.
 */
export function parse(args: string[], options: OptionSpec, environment?: EnvironmentTaking) {
  if (args.includes('--help') || args.includes('-h')) throw new HelpRequested(options, environment);
  try {
    return parseArgs({ args: withCanonicalFlags(args, options, environment), options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '--([^']+)'/.exec(message)?.[1];
    const suggestion = unknown && closest(unknown, Object.keys(options));
    const hint = suggestion ? ` (did you mean --${suggestion}?)` : '';
    throw new FlagMistake(`${message.split(/\.(\s|$)/)[0]}${hint}`);
  }
}

/**
 * --concurrency: at most this many environments at once (a whole number of 1 or more), `fallback` when
 * not given. Only --parallel reads it: given alone, it would be ignored without a word.
 */
export function concurrencyFlag(values: { parallel?: unknown; concurrency?: unknown }, fallback: number): number {
  const value = values.concurrency;
  if (value === undefined) return fallback;
  const concurrency = Number(value);
  if (!/^\d+$/.test(String(value)) || !Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new UserError(`--concurrency must be a whole number of 1 or more (got ${JSON.stringify(value)}).`);
  }
  if (!values.parallel) throw new UserError(`--concurrency ${concurrency} sets how many environments run at once with --parallel, which is not given; add --parallel, or drop --concurrency.`);
  return concurrency;
}

export function stderrProgress(io: CliIO, verbose: boolean): Progress {
  const started = Date.now();
  return { step: (message) => io.stderr(`gitops-sync: ${oneLine(message)}${verbose ? ` (+${((Date.now() - started) / 1000).toFixed(1)}s)` : ''}\n`) };
}

/** Names as typed (or aliases) → the configured names; each alias used is said once, so nobody wonders what `prod` meant. */
export function resolveEnvironmentNames(config: GitopsSyncConfig, names: string[], io: CliIO): string[] {
  const typedAs = new Map<string, string>();
  return names.map((typed) => {
    const { name, alias } = resolveEnvironmentName(config, typed);
    // A GitLab job's environment (and the components' resource group) is named as typed: protecting `production` does not protect `prod`.
    if (alias && io.env.CI_ENVIRONMENT_NAME === alias) {
      throw new UserError(
        `${alias} is an alias of environment ${name}, but this job deploys to the GitLab environment ${alias}, whose protection, variables and resource group are not those of ${name}; name the environment ${name} (the component input environment, or the job's environment:).`,
      );
    }
    // Twice in one run would check (or sync) it twice at once, into the same report files.
    const before = typedAs.get(name);
    if (before !== undefined) {
      const aliases = [...new Set([before, typed])].filter((spelling) => spelling !== name);
      throw new UserError(`${name} is named twice${aliases.length ? ` (${aliases.join(' and ')} ${aliases.length > 1 ? 'are aliases' : 'is an alias'} of ${name})` : ''}; name each environment once.`);
    }
    typedAs.set(name, typed);
    if (alias) io.stderr(`gitops-sync: ${alias} is environment ${name}\n`);
    return name;
  });
}

/** Whether the command line names its config (--config): the default one, in the working folder, may be looked for above it. */
export function configGiven(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return args.slice(0, end < 0 ? undefined : end).some((arg) => arg === '--config' || arg.startsWith('--config='));
}

/** The folder spelling of --output typed (`--output-dir`, `--output-directory`), if any: it always names a folder. */
export function outputFolderFlag(args: string[]): string | undefined {
  const end = args.indexOf('--');
  for (const arg of args.slice(0, end < 0 ? undefined : end)) {
    const folder = /^--(output-dir|output-directory)(=|$)/.exec(arg);
    if (folder) return folder[1];
  }
  return undefined;
}

/** For a command that writes one file: a folder spelling is a mistake, not a file name. */
export function refuseOutputFolder(args: string[], command: string): void {
  const flag = outputFolderFlag(args);
  if (flag) throw new UserError(`--${flag} names a folder, and ${command} writes one file: use --output FILE.`);
}

/** The environments named as positionals or with --environments a,b — one of the two, never both. */
export function environmentsNamed(values: { environments?: unknown }, positionals: string[]): string[] {
  if (values.environments === undefined) return positionals;
  if (positionals.length) throw new UserError(`give the environments either as names (${positionals.join(' ')}) or as --environments ${String(values.environments)}, not both.`);
  return String(values.environments).split(',').map((name) => name.trim()).filter(Boolean);
}

import { closest, describeFailure, githubLogText, Redactor, UserError } from '@gitops-sync/core';
import type { Exec, RunAudit } from '@gitops-sync/engine';
import { FlagMistake, HelpRequested } from './args.js';
import { COMMANDS, renderCommandHelp } from './help.js';
import { expandShorthand, SHORTHANDS } from './shorthand.js';
import packageJson from '../../../package.json' with { type: 'json' };
import { EXIT_AUDIT_TAMPERED, EXIT_ERROR, EXIT_GATE_DENIED, EXIT_NO_DRIFT, EXIT_SECRETS_FOUND } from './exit-codes.js';

/** The version of the package this CLI ships in (ncc bundles the file into dist). */
export const VERSION: string = packageJson.version;

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  exec: Exec;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stdout is a terminal (a person reads it): colour may be used. */
  stdoutIsTerminal?: boolean;
}

const USAGE = `Usage: gitops-sync <command> [flags]   (gitops-sync <command> --help lists every flag)

${Object.entries(COMMANDS)
  .map(([name, help]) => `  ${name.padEnd(22)}${help.summary}`)
  .join('\n')}

The original command lines, kept as shorthands (each prints the command it runs):
${SHORTHANDS.map((line) => `  ${line}`).join('\n')}

Environments are named as in gitops-sync.yaml, or by one of their aliases (environments.<name>.aliases).
Old spellings still work: --env for --environment, --output-dir and --output-directory for --output.
approve-safe, gate and sync on a change: token in GITHUB_TOKEN / GITLAB_TOKEN, API in GITHUB_API_URL /
CI_API_V4_URL; on a CI runner, repository and number come from the run.

Exit codes: 0 no drift, 2 drift found, 1 error. drift-detect exits like a CI job:
0 passed, 1 error or failed by --fail-on. gate: 0 allowed, ${EXIT_GATE_DENIED} denied, 1 error.
sync and rollback: 0 done, 1 error or a failed environment.
audit verify: 0 intact, ${EXIT_AUDIT_TAMPERED} tampered, 1 error.
audit export: 0 every selected control passes, 5 any control has exceptions (the report is still written), 1 error.
secrets check: 0 clean, ${EXIT_SECRETS_FOUND} findings, 1 error.
kubectl-external-diff: diff's, as kubectl reads them: 0 same, 1 different, 2 trouble.`;

/** A command's run; `audit` opens the run's audit trail (loaded only by the commands that record events). */
type Runner = (args: string[], io: CliIO, redactor: Redactor, audit: () => Promise<RunAudit>) => Promise<number>;

// Each command's code loads when it runs: a command does not pay the start-up of the others'
// (a start-up is most of a small analysis, and the platform clients are most of the bundle).
const RUNNERS: Readonly<Record<string, Runner>> = {
  drift: async (args, io, redactor, audit) => (await import('./drift-commands.js')).driftCommand(args, io, redactor, await audit()),
  analyze: async (args, io, redactor) => (await import('./analyze-commands.js')).analyzeCommand(args, io, redactor),
  'drift-detect': async (args, io, redactor, audit) => (await import('./drift-commands.js')).driftDetectCommand(args, io, redactor, await audit()),
  'approve-safe': async (args, io, redactor, audit) => (await import('./review-commands.js')).approveSafeCommand(args, io, redactor, await audit()),
  gate: async (args, io, redactor, audit) => (await import('./review-commands.js')).gateCommand(args, io, redactor, await audit()),
  generate: async (args, io, redactor) => (await import('./review-commands.js')).generateCommand(args, io, redactor),
  'check-protection': async (args, io, redactor) => (await import('./protection-commands.js')).checkProtectionCommand(args, io, redactor),
  sync: async (args, io, redactor, audit) => (await import('./sync-commands.js')).syncCommand(args, io, redactor, await audit()),
  rollback: async (args, io, redactor, audit) => (await import('./sync-commands.js')).rollbackCommand(args, io, redactor, await audit()),
  audit: async (args, io, redactor) => (await import('./audit-commands.js')).auditCommand(args, io, redactor),
  secrets: async (args, io, redactor) => (await import('./secrets-commands.js')).secretsCommand(args, io, redactor),
  'kubectl-external-diff': async (args, io) => {
    if (args.includes('--help') || args.includes('-h')) {
      // With LIVE and MERGED, kubectl runs it (KUBECTL_EXTERNAL_DIFF): help's exit 0 would read as "no differences".
      if (args.filter((arg) => !arg.startsWith('-')).length >= 2) throw new UserError('kubectl-external-diff was given --help together with the LIVE and MERGED folders; remove --help from KUBECTL_EXTERNAL_DIFF.');
      throw new HelpRequested({}, undefined);
    }
    return (await import('./analyze-commands.js')).kubectlExternalDiffCommand(args, io);
  },
};

/** A command's exit code when it fails, where not 1: kubectl reads kubectl-external-diff's codes as diff's, 1 being "differences", 2 trouble. */
const FAILURE_EXIT = new Map([['kubectl-external-diff', 2]]);

function unknownCommand(word: string): UserError {
  const names = Object.keys(RUNNERS);
  const suggestion = closest(word, names);
  const what = `"${word}" is not a gitops-sync command nor an environment in gitops-sync.yaml`;
  return new UserError(suggestion ? `${what}; did you mean \`gitops-sync ${suggestion}\`?` : `${what}; the commands are ${names.join(', ')} (see \`gitops-sync --help\`).`);
}

/** Runs one CLI invocation and returns its exit code; every failure becomes one sentence on stderr. */
export async function runCli(argv: string[], given: CliIO): Promise<number> {
  // In a GitHub Actions step, stderr is the job's log: a message quoting a name or a tool's output must
  // not run as a workflow command. stdout is left as written: it may be a report piped elsewhere.
  const io = given.env.GITHUB_ACTIONS === 'true' ? { ...given, stderr: (text: string) => given.stderr(githubLogText(text)) } : given;
  const redactor = new Redactor();
  // Made for the commands that record events, which open it once they know their config; closed however the run ends.
  let audit: RunAudit | undefined;
  const runAudit = async () => {
    const [{ RunAudit }, { runIdentity }] = await Promise.all([import('@gitops-sync/engine/audit/record'), import('@gitops-sync/platforms/run-identity')]);
    return (audit ??= new RunAudit({ identity: runIdentity(io.env), cwd: io.cwd, redact: (text) => redactor.redact(text), warn: (line) => io.stderr(`gitops-sync: warning: ${line}\n`) }));
  };
  // kubectl appends the words after the program in KUBECTL_EXTERNAL_DIFF *after* LIVE and MERGED,
  // so "gitops-sync kubectl-external-diff" arrives as: LIVE MERGED kubectl-external-diff.
  const externalDiffAt = argv.indexOf('kubectl-external-diff');
  let [command, ...rest] = externalDiffAt > 0 ? ['kubectl-external-diff', ...argv.filter((_, i) => i !== externalDiffAt)] : argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(`${USAGE}\n`);
      return command ? EXIT_NO_DRIFT : EXIT_ERROR;
    }
    if (command === '--version' || command === '-V' || command === 'version') {
      io.stdout(`${VERSION}\n`);
      return EXIT_NO_DRIFT;
    }
    if (!Object.hasOwn(RUNNERS, command)) {
      const expanded = expandShorthand(argv, io);
      if (!expanded) throw command.startsWith('-') ? new UserError(`${command} is not a gitops-sync flag outside a command; run \`gitops-sync --help\` for the commands.`) : unknownCommand(command);
      io.stderr(`→ gitops-sync ${expanded.join(' ')}\n`);
      [command, ...rest] = expanded;
    }
    return await RUNNERS[command](rest, io, redactor, runAudit);
  } catch (error) {
    if (error instanceof HelpRequested) {
      const subcommands = command === 'audit' ? (await import('./audit-commands.js')).AUDIT_SUBCOMMANDS : command === 'secrets' ? (await import('./secrets-commands.js')).SECRETS_SUBCOMMANDS : [];
      const helpKey = subcommands.includes(rest[0]) ? `${command} ${rest[0]}` : command === 'secrets' ? 'secrets check' : command;
      io.stdout(renderCommandHelp(helpKey, error.options, error.environment));
      return EXIT_NO_DRIFT;
    }
    if (error instanceof FlagMistake) {
      io.stderr(`gitops-sync: ${redactor.redact(error.message)}; run \`gitops-sync ${command} --help\` for its flags.\n`);
      return EXIT_ERROR;
    }
    io.stderr(`gitops-sync: ${redactor.redact(describeFailure(error))}\n`);
    return FAILURE_EXIT.get(command) ?? EXIT_ERROR;
  } finally {
    await audit?.close();
  }
}

import { dirname, resolve } from 'node:path';
import { UserError, type Redactor, type SecretsReport } from '@gitops-sync/core';
import { checkSecretsAtRest, loadConfig, secretsPolicyChanges, secretsSettingsChanges } from '@gitops-sync/engine';
import type { CliIO } from './main.js';
import { configGiven, parse } from './args.js';
import { checkFormat } from './review-commands.js';
import { EXIT_SECRETS_FOUND } from './exit-codes.js';

function describeSecrets(report: SecretsReport): string {
  // File names are anyone's to choose: a newline or an escape sequence in one must not forge or hide a line.
  const printable = (text: string) => text.replace(/\p{Cc}/gu, '?');
  const lines = report.findings.map((finding) => printable(`${finding.severity.padEnd(8)} ${finding.rule.padEnd(28)} ${finding.message}`));
  const files = new Set(report.findings.map((finding) => finding.file)).size;
  const checked = `${report.files_checked} file${report.files_checked === 1 ? '' : 's'}`;
  lines.push(report.findings.length ? `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${checked} checked).` : `No secrets at rest in plaintext: ${checked} checked.`);
  return `${lines.join('\n')}\n`;
}

/** The repository's top folder when the command runs inside a clone (where .sops.yaml and .gitattributes live), else the current folder. */
async function repositoryRoot(io: CliIO): Promise<string> {
  const result = await io.exec.run('git', ['rev-parse', '--show-toplevel'], { cwd: io.cwd });
  return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : io.cwd;
}

/** `gitops-sync secrets check [PATH…]`: SOPS files encrypted as .sops.yaml says, git-crypt paths encrypted in git, no plaintext secret elsewhere. */
async function secretsCheckCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, {
    config: { type: 'string', default: 'gitops-sync.yaml' },
    format: { type: 'string', default: 'table' },
    base: { type: 'string' },
    head: { type: 'string' },
  });
  const format = checkFormat(String(values.format));
  if (values.head !== undefined && values.base === undefined) throw new UserError('--head needs --base: give the commit the change starts from (e.g. --base origin/main), or drop --head.');
  const configPath = resolve(io.cwd, String(values.config));
  const config = loadConfig(configPath, configGiven(args));
  const root = await repositoryRoot(io);
  const report = await checkSecretsAtRest({ root, paths: positionals.map((path) => resolve(io.cwd, path)), config, baseDir: dirname(configPath), exec: io.exec });
  // --base: what the change from that commit to --head does to secrets (decrypted files, weakened .sops.yaml / .gitattributes, a widened secrets.allow).
  if (values.base !== undefined) {
    const change = { root, base: String(values.base), head: String(values.head ?? 'HEAD'), exec: io.exec };
    const changes = [...(await secretsPolicyChanges(change)), ...(await secretsSettingsChanges({ ...change, configFile: configPath }))];
    report.findings = [...report.findings, ...changes].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.rule.localeCompare(b.rule)));
  }
  io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : describeSecrets(report));
  return report.findings.length ? EXIT_SECRETS_FOUND : 0;
}

const SUBCOMMANDS: Readonly<Record<string, (args: string[], io: CliIO) => Promise<number>>> = {
  check: secretsCheckCommand,
};
export const SECRETS_SUBCOMMANDS = Object.keys(SUBCOMMANDS);

/** `gitops-sync secrets <subcommand>`. */
export async function secretsCommand(args: string[], io: CliIO, _redactor: Redactor): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') return SUBCOMMANDS.check(['--help'], io);
  if (sub === undefined || sub.startsWith('-')) throw new UserError(`gitops-sync secrets needs a subcommand: ${SECRETS_SUBCOMMANDS.join(', ')} (e.g. \`gitops-sync secrets check\`).`);
  if (!Object.hasOwn(SUBCOMMANDS, sub)) throw new UserError(`"${sub}" is not a gitops-sync secrets subcommand; use ${SECRETS_SUBCOMMANDS.join(', ')}.`);
  return SUBCOMMANDS[sub](rest, io);
}

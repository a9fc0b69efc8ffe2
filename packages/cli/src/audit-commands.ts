import { basename, dirname, relative, resolve } from 'node:path';
import { parseFrameworks, UserError, type AuditLogVerification, type Redactor } from '@gitops-sync/core';
import { AUDIT_FORMATS, auditExport, configuredAuditLogSource, loadConfig, verifyAuditLogSource, type AuditFormat, type AuditLogSource, type AuditVerifyResult } from '@gitops-sync/engine';
import { changeHistoryFor } from '@gitops-sync/platforms';
import type { CliIO } from './main.js';
import { parse, stderrProgress } from './args.js';
import { checkFormat } from './review-commands.js';
import packageJson from '../../../package.json' with { type: 'json' };
import { EXIT_AUDIT_TAMPERED } from './exit-codes.js';

const verifyOptions = {
  log: { type: 'string' },
  'git-ref': { type: 'string' },
  checkpoint: { type: 'string' },
  'public-key': { type: 'string' },
  config: { type: 'string', default: 'gitops-sync.yaml' },
  format: { type: 'string', default: 'text' },
} as const;

function describeCheckpoint(result: AuditVerifyResult, verification: Extract<AuditLogVerification, { intact: true }>): string {
  const { checkpoint } = verification;
  if (!checkpoint) return 'no checkpoint: a truncation of the log would not show (pass --checkpoint)';
  const signature = checkpoint.verified_key_id ? `its signature verified (key ${checkpoint.verified_key_id.slice(0, 16)}…)` : 'its signature not checked (pass --public-key)';
  return `the checkpoint ${result.checkpoint} (${checkpoint.size} events) matches, ${signature}`;
}

function describeVerification(result: AuditVerifyResult): string {
  const { verification } = result;
  if (!verification.intact) return `${result.log} was tampered with: ${verification.reason}.\n`;
  return `${result.log} is intact: ${verification.size} events, Merkle root ${verification.root_hash}; ${describeCheckpoint(result, verification)}.\n`;
}

/** `gitops-sync audit verify`: recomputes every hash, the chain and the Merkle root of the audit log. */
async function auditVerifyCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, verifyOptions);
  const format = checkFormat(String(values.format));
  const gitRef = values['git-ref'] as string | undefined;
  if (gitRef !== undefined && values.log !== undefined) throw new UserError('gitops-sync audit verify reads --log or --git-ref, not both; pass one.');
  const fromCwd = (path: unknown) => (path === undefined ? undefined : resolve(io.cwd, String(path)));
  const log = fromCwd(values.log);
  let source: AuditLogSource | undefined = gitRef !== undefined ? { gitRef, cwd: io.cwd, env: io.env } : log !== undefined ? { log } : undefined;
  let publicKey = fromCwd(values['public-key']);
  const keyIsTrusted = publicKey === undefined;
  if (source === undefined) {
    const configPath = resolve(io.cwd, String(values.config));
    const config = loadConfig(configPath, false);
    source = configuredAuditLogSource(config, configPath, io.cwd, io.env);
    publicKey ??= config.audit.public_key === undefined ? undefined : resolve(configPath, '..', config.audit.public_key);
  }
  const result = await verifyAuditLogSource(
    // The config's audit.public_key is the key the log must be signed by; one given with --public-key may be the wrong one.
    { source, checkpoint: fromCwd(values.checkpoint), publicKey, keyIsTrusted },
    io.exec,
  );
  io.stdout(format === 'json' ? `${JSON.stringify({ log: result.log, checkpoint_file: result.checkpoint, ...result.verification }, null, 2)}\n` : describeVerification(result));
  return result.verification.intact ? 0 : EXIT_AUDIT_TAMPERED;
}

/** The repository's web address from the CI platform's own variables (for links to pushed commits); null in a terminal. */
export function repositoryWebUrl(env: NodeJS.ProcessEnv): { repositoryUrl: string | null; platform: 'github' | 'gitlab' | null } {
  if (env.GITHUB_REPOSITORY) return { repositoryUrl: `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`, platform: 'github' };
  if (env.CI_PROJECT_URL) return { repositoryUrl: env.CI_PROJECT_URL, platform: 'gitlab' };
  return { repositoryUrl: null, platform: null };
}

function parseFormats(list: string): AuditFormat[] {
  const names = list.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!(AUDIT_FORMATS as readonly string[]).includes(name)) throw new UserError(`--format ${name} is not an audit export format; use any of ${AUDIT_FORMATS.join(', ')}.`);
  }
  return names as AuditFormat[];
}

/** `gitops-sync audit export`: exit 0 every selected control passes, 5 any has exceptions (report written), 1 error. */
async function auditExportCommand(args: string[], io: CliIO, redactor: Redactor): Promise<number> {
  const { values, positionals } = parse(args, {
    config: { type: 'string', default: 'gitops-sync.yaml' },
    since: { type: 'string' },
    until: { type: 'string' },
    environment: { type: 'string', multiple: true },
    compliance: { type: 'string', default: 'sox,soc2,pci,iso27001' },
    format: { type: 'string', default: AUDIT_FORMATS.join(',') },
    'output-dir': { type: 'string', default: '.' },
    output: { type: 'string' },
    controls: { type: 'string' },
    platform: { type: 'string' },
    repo: { type: 'string' },
  });
  if (positionals.length) throw new UserError(`gitops-sync audit export takes no ${JSON.stringify(positionals[0])}; name environments with --environment.`);
  const frameworks = parseFrameworks(String(values.compliance));
  const formats = parseFormats(String(values.format));
  // --output names the JSON report (the original `--output audit-report.json`); the other files go beside it.
  const output = values.output === undefined ? undefined : resolve(io.cwd, String(values.output));
  if (output && !output.endsWith('.json')) throw new UserError(`--output ${values.output} must name the JSON report (e.g. audit-report.json); the other files are written beside it, or use --output-dir for a folder.`);
  const history = changeHistoryFor({ platform: values.platform as string | undefined, repo: values.repo as string | undefined }, io.env, redactor.add);
  const result = await auditExport(
    {
      configPath: String(values.config),
      cwd: io.cwd,
      since: values.since as string | undefined,
      until: values.until as string | undefined,
      environments: ((values.environment as string[] | undefined) ?? []).flatMap((name) => name.split(',')).map((name) => name.trim()).filter(Boolean),
      frameworks,
      formats,
      outputDir: output ? dirname(output) : String(values['output-dir']),
      reportFile: output ? basename(output) : undefined,
      controlsPath: values.controls as string | undefined,
      ...repositoryWebUrl(io.env),
      history,
      generatorVersion: packageJson.version,
      now: new Date(),
    },
    { exec: io.exec, env: io.env, progress: stderrProgress(io, false) },
  );
  if (!history) io.stderr('gitops-sync: no platform (--platform github|gitlab, or a GitHub/GitLab run): pull/merge requests, reviews and CI were not read, so every change counts as a direct push.\n');
  const { summary } = result.report;
  io.stdout(`Audit export ${result.report.frameworks.join(', ')}: ${summary.passed} passed, ${summary.failed} failed, ${summary.not_applicable} not applicable; ${summary.exceptions} exceptions over ${summary.changes} changes.\n`);
  for (const file of result.files) io.stdout(`  ${relative(io.cwd, file) || file}\n`);
  // sha256sum's format, so an auditor can check the file with `sha256sum -c`.
  io.stdout(`${result.sha256}  ${redactor.redact(relative(io.cwd, result.reportPath) || result.reportPath)}\n`);
  return result.exitCode;
}

const SUBCOMMANDS: Readonly<Record<string, (args: string[], io: CliIO, redactor: Redactor) => Promise<number>>> = {
  verify: auditVerifyCommand,
  export: auditExportCommand,
};
export const AUDIT_SUBCOMMANDS = Object.keys(SUBCOMMANDS);

/** `gitops-sync audit <subcommand>`. */
export async function auditCommand(args: string[], io: CliIO, redactor: Redactor): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub.startsWith('-')) {
    if (sub === '--help' || sub === '-h') return SUBCOMMANDS.export(['--help'], io, redactor);
    throw new UserError(`gitops-sync audit needs a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')} (e.g. \`gitops-sync audit export --compliance sox\`).`);
  }
  if (!Object.hasOwn(SUBCOMMANDS, sub)) throw new UserError(`"${sub}" is not a gitops-sync audit subcommand; use ${Object.keys(SUBCOMMANDS).join(', ')}.`);
  return SUBCOMMANDS[sub](rest, io, redactor);
}

import { resolve } from 'node:path';
import { UserError, type AuditLogVerification } from '@gitops-sync/core';
import { loadConfig, verifyAuditLogSource, type AuditVerifyResult } from '@gitops-sync/engine';
import type { CliIO } from './main.js';
import { parse } from './args.js';
import { checkFormat } from './review-commands.js';

/** `audit verify`: the log is intact (0), was tampered with (4), or could not be verified (1). */
export const EXIT_AUDIT_TAMPERED = 4;
export const AUDIT_SUBCOMMANDS = ['verify'] as const;

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
  let log = fromCwd(values.log);
  if (gitRef === undefined && log === undefined) {
    const configPath = resolve(io.cwd, String(values.config));
    const { audit } = loadConfig(configPath, false);
    log = audit.store === 'artifact' ? resolve(configPath, '..', audit.artifact_dir, 'events.jsonl') : resolve(configPath, '..', audit.file);
  }
  const result = await verifyAuditLogSource(
    { source: gitRef !== undefined ? { gitRef, cwd: io.cwd } : { log: log! }, checkpoint: fromCwd(values.checkpoint), publicKey: fromCwd(values['public-key']) },
    io.exec,
  );
  io.stdout(format === 'json' ? `${JSON.stringify({ log: result.log, checkpoint_file: result.checkpoint, ...result.verification }, null, 2)}\n` : describeVerification(result));
  return result.verification.intact ? 0 : EXIT_AUDIT_TAMPERED;
}

/** `gitops-sync audit <subcommand>`. */
export async function auditCommand(args: string[], io: CliIO): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === 'verify') return auditVerifyCommand(rest, io);
  if (subcommand === '--help' || subcommand === '-h') parse(args, verifyOptions);
  throw new UserError(`gitops-sync audit needs one of ${AUDIT_SUBCOMMANDS.join(', ')}${subcommand ? ` (got ${JSON.stringify(subcommand)})` : ''}, e.g. \`gitops-sync audit verify --log events.jsonl\`.`);
}

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CorruptAuditLine, merkleRoot, type AuditEvent, type AuditPopulation, type GitopsSyncConfig } from '@gitops-sync/core';
import type { Exec } from '../ports.js';
import { auditStore } from './trail.js';
import { verifyAuditLogSource, type AuditLogSource } from './verify-log.js';

export interface ConfiguredAuditLog {
  events: AuditEvent[];
  /** Its size, Merkle root and whether it verified; null when there is no log yet. */
  log: AuditPopulation['log'];
  /** Where it was read from, as a person would name it. */
  source: string;
}

/** Where the config's store keeps its log: the `git` store's branch (the default in CI), the `artifact` folder's log, or the `file` log. */
export function configuredAuditLogSource(config: GitopsSyncConfig, configPath: string, cwd: string, env: NodeJS.ProcessEnv): AuditLogSource {
  const store = auditStore(config.audit, env);
  if (store === 'git') return { gitRef: config.audit.branch, cwd, env };
  return { log: store === 'artifact' ? join(resolve(dirname(configPath), config.audit.artifact_dir), 'events.jsonl') : resolve(dirname(configPath), config.audit.file) };
}

/**
 * The audit log the config's store keeps (the `git` store's branch, the `artifact` folder or the
 * `file` log), verified as `audit verify` does: its events, and the size, Merkle root and verdict
 * the report names as the log it was built from. No log yet: no events, and no log to name.
 *
 * Of a log that does not verify, only the events its last signed checkpoint vouches for are given
 * (those before a tail appended without the key), and none when anything else broke: a forged event
 * is never evidence, even beside the verdict that the log is not intact.
 */
export async function readConfiguredAuditLog(config: GitopsSyncConfig, configPath: string, cwd: string, context: { env: NodeJS.ProcessEnv; exec: Exec }): Promise<ConfiguredAuditLog> {
  const events: AuditEvent[] = [];
  const source = configuredAuditLogSource(config, configPath, cwd, context.env);
  if ('log' in source && !existsSync(source.log)) return { events, log: null, source: source.log };
  const publicKey = config.audit.public_key === undefined ? undefined : resolve(dirname(configPath), config.audit.public_key);
  const { log, verification } = await verifyAuditLogSource({ source, publicKey, keyIsTrusted: true, onEvent: (event) => events.push(event) }, context.exec);
  const read = {
    size: events.length,
    root_hash: merkleRoot(events.map((event) => event.hash)),
    intact: verification.intact,
    key_id: verification.intact ? (verification.checkpoint?.verified_key_id ?? null) : null,
  };
  if (verification.intact) return { events, log: read, source: log };
  // A line that is not an event (edited, torn) is refused here, as before appending: the export holds nothing of such a log.
  if (verification.kind === 'unreadable') throw new CorruptAuditLine(verification.reason);
  const unsignedTail = verification.kind === 'checkpoint-unsigned' ? verification.seq : null;
  return { events: unsignedTail === null ? [] : events.filter((event) => event.seq < unsignedTail), log: read, source: log };
}

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { merkleRoot, type AuditEvent, type AuditPopulation, type GitopsSyncConfig } from '@gitops-sync/core';
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

/**
 * The audit log the config's store keeps (the `git` store's branch, the `artifact` folder or the
 * `file` log), verified as `audit verify` does: its events, and the size, Merkle root and verdict
 * the report names as the log it was built from. No log yet: no events, and no log to name.
 */
export async function readConfiguredAuditLog(config: GitopsSyncConfig, configPath: string, cwd: string, context: { env: NodeJS.ProcessEnv; exec: Exec }): Promise<ConfiguredAuditLog> {
  const store = auditStore(config.audit, context.env);
  const events: AuditEvent[] = [];
  const source: AuditLogSource =
    store === 'git' ? { gitRef: config.audit.branch, cwd } : { log: store === 'artifact' ? join(resolve(dirname(configPath), config.audit.artifact_dir), 'events.jsonl') : resolve(dirname(configPath), config.audit.file) };
  if ('log' in source && !existsSync(source.log)) return { events, log: null, source: source.log };
  const publicKey = config.audit.public_key === undefined ? undefined : resolve(dirname(configPath), config.audit.public_key);
  const { log, verification } = await verifyAuditLogSource({ source, publicKey, keyIsTrusted: true, onEvent: (event) => events.push(event) }, context.exec);
  return { events, log: { size: events.length, root_hash: merkleRoot(events.map((event) => event.hash)), intact: verification.intact }, source: log };
}

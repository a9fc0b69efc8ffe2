// PLACEHOLDER on branch export-report only: the export-collect branch owns this file and replaces it
// at merge (take theirs). It exists so auditExport compiles before the collector is merged.
import { UserError, type AuditEvent, type AuditPopulation, type GitopsSyncConfig } from '@gitops-sync/core';
import type { Exec } from '../ports.js';

export interface CollectAuditOptions {
  config: GitopsSyncConfig;
  configPath: string;
  cwd: string;
  since: string;
  until: string;
  environments: string[];
  events: AuditEvent[];
  exec: Exec;
  env: NodeJS.ProcessEnv;
}

export async function collectAuditPopulation(_options: CollectAuditOptions): Promise<AuditPopulation> {
  throw new UserError('gitops-sync audit export cannot collect the change population in this build yet.');
}

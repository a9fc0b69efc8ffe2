import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AuditEvent, chainAuditEvent, type AuditEventDraft, type GitopsSyncConfig } from '@gitops-sync/core';
import type { AuditTrail, Exec } from '../ports.js';
import { nodeExec } from '../node-exec.js';
import { gitAuditTrail } from './git-store.js';

export interface AuditTrailOptions {
  config: GitopsSyncConfig;
  /** The config file: the `file` store's path is relative to its folder. */
  configPath: string;
  env: NodeJS.ProcessEnv;
  /** The `git` store: a folder inside the repository (default the config file's folder) and how git runs (default nodeExec). */
  cwd?: string;
  exec?: Exec;
}

/** The last event of a JSONL log, or undefined when it is empty or does not exist. */
function lastEvent(path: string): AuditEvent | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n').filter((line) => line.trim());
  return lines.length ? AuditEvent.parse(JSON.parse(lines[lines.length - 1])) : undefined;
}

/** The `file` store: an append-only JSONL file, one O_APPEND write per event, fsync'd. */
export function fileAuditTrail(path: string): AuditTrail {
  const written: AuditEvent[] = [];
  return {
    async record(draft: AuditEventDraft) {
      mkdirSync(dirname(path), { recursive: true });
      const event = chainAuditEvent(draft, written.at(-1) ?? lastEvent(path));
      const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o644);
      try {
        writeSync(fd, `${JSON.stringify(event)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      written.push(event);
    },
    close: async () => written,
  };
}

/** The run's audit trail as the config chooses it. */
export function openAuditTrail(options: AuditTrailOptions): AuditTrail {
  const { audit } = options.config;
  const file = resolve(dirname(options.configPath), audit.file);
  const inCi = options.env.GITHUB_ACTIONS === 'true' || options.env.GITLAB_CI === 'true';
  if ((audit.store ?? (inCi ? 'git' : 'file')) === 'git') {
    return gitAuditTrail({
      cwd: options.cwd ?? dirname(options.configPath),
      exec: options.exec ?? nodeExec,
      env: options.env,
      branch: audit.branch,
      signCommits: audit.sign_commits,
      signingKeyPem: options.env[audit.signing_key_env] || undefined,
      checkpointEvery: audit.checkpoint_every,
      fallback: { trail: fileAuditTrail(file), path: file },
    });
  }
  return fileAuditTrail(file);
}

import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { GitopsSyncConfig, parseConfig, shellWord, UserError } from '@gitops-sync/core';
import { readInputFile, statOrNothing } from './files.js';
import { withholdFromTools } from './node-exec.js';

/**
 * Reads and validates gitops-sync.yaml; an absent optional file yields the defaults; an absent required one
 * is refused, naming one of the same name above it when `lookAbove` (the default name, in the working folder). Its folder is the
 * base dir every path in it is resolved against, so a symlink may not lead out of it. The variables
 * it names as holding secrets are withheld from every tool run from then on.
 */
export function loadConfig(path: string, required: boolean, lookAbove = false): GitopsSyncConfig {
  if (!existsSync(path)) {
    if (required) {
      const above = lookAbove ? sameNameAbove(path) : undefined;
      if (above) throw new UserError(`${path} does not exist, but ${above} does: run gitops-sync in ${dirname(above)}, or pass --config ${shellWord(above)}.`);
      throw new UserError(`${path} does not exist; create a gitops-sync.yaml (see the README) or pass --config.`);
    }
    return GitopsSyncConfig.parse({});
  }
  const config = parseConfig(readInputFile(path, 'a gitops-sync.yaml configuration', { maxBytes: 1024 * 1024, fixed: true, within: dirname(resolve(path)) }).toString('utf8'), path);
  withholdFromTools(secretVariableNames(config));
  return config;
}

/**
 * A file of the same name in a folder above, up to the repository's top folder (the one holding `.git`):
 * the command was run in a subfolder. It is named, never read; outside a repository there is none.
 */
function sameNameAbove(path: string): string | undefined {
  const above: string[] = [];
  for (let folder = dirname(resolve(path)); !existsSync(join(folder, '.git')); folder = dirname(folder)) {
    if (dirname(folder) === folder) return undefined;
    above.push(join(dirname(folder), basename(path)));
  }
  return above.find((candidate) => statOrNothing(candidate, true)?.isFile());
}

/**
 * The environment variables the configuration reads secrets from: notification keys, the age identity
 * that decrypts backups, the audit checkpoint signing key, the keys that decrypt SOPS inputs.
 */
export function secretVariableNames(config: GitopsSyncConfig): string[] {
  const { slack, pagerduty, email, webhook } = config.monitoring.notifications;
  const identityEnv = config.sync.backup_encryption?.identity_env;
  // awx: each environment's AWX token (token_env).
  const awxTokens = Object.values(config.environments).map((environment) => environment.awx?.token_env);
  return [slack?.webhook_url_env, pagerduty?.routing_key_env, email?.user_env, email?.password_env, webhook?.url_env, webhook?.secret_env, identityEnv, config.audit.signing_key_env, config.secrets.age_identity_env, config.secrets.gpg_key_env, ...awxTokens].filter(
    (name): name is string => name !== undefined,
  );
}

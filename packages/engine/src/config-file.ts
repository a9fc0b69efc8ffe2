import { existsSync } from 'node:fs';
import { GitopsSyncConfig, parseConfig, UserError } from '@gitops-sync/core';
import { readInputFile } from './files.js';

/** Reads and validates gitops-sync.yaml; an absent optional file yields the defaults. */
export function loadConfig(path: string, required: boolean): GitopsSyncConfig {
  if (!existsSync(path)) {
    if (required) throw new UserError(`${path} does not exist; create a gitops-sync.yaml (see the README) or pass --config.`);
    return GitopsSyncConfig.parse({});
  }
  return parseConfig(readInputFile(path, 'a gitops-sync.yaml configuration', 1024 * 1024).toString('utf8'), path);
}

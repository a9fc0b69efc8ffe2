import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GitopsSyncConfig, parseConfig, UserError } from '@gitops-sync/core';
import { readInputFile } from './files.js';

/**
 * Reads and validates gitops-sync.yaml; an absent optional file yields the defaults. Its folder is the
 * base dir every path in it is resolved against, so a symlink may not lead out of it.
 */
export function loadConfig(path: string, required: boolean): GitopsSyncConfig {
  if (!existsSync(path)) {
    if (required) throw new UserError(`${path} does not exist; create a gitops-sync.yaml (see the README) or pass --config.`);
    return GitopsSyncConfig.parse({});
  }
  return parseConfig(readInputFile(path, 'a gitops-sync.yaml configuration', { maxBytes: 1024 * 1024, within: dirname(resolve(path)) }).toString('utf8'), path);
}

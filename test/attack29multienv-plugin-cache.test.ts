/**
 * A relative TF_PLUGIN_CACHE_DIR (`.terraform-plugin-cache`, as one writes it in a CI file): gitops-sync
 * made the folder where it ran, but terraform runs in each environment's folder and took the path from
 * there, so every environment installed its providers into a cache of its own inside the checkout and
 * the cache the job saves stayed empty. Real terraform and the test-only jsonfile provider, offline.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, writeFiles } from './support/terraform.js';
import { installJsonFileProvider, PROVIDER_SOURCE } from './tf-provider/install.js';

const STACK = 'terraform {\n  required_providers {\n    jsonfile = { source = "gitops-sync/jsonfile", version = "0.1.0" }\n  }\n}\n';
const ENVIRONMENTS = ['env1', 'env2'];

describeWithTerraform('a relative TF_PLUGIN_CACHE_DIR', () => {
  let root: string;
  let env: Record<string, string>;
  const startedIn = process.cwd();

  beforeAll(() => {
    root = tempDir('gitops-sync-relative-cache-');
    env = installJsonFileProvider(root).env;
    writeFiles(root, { 'gitops-sync.yaml': `environments:\n${ENVIRONMENTS.map((name) => `  ${name}:\n    terraform:\n      dir: infra/${name}\n`).join('')}` });
    for (const name of ENVIRONMENTS) writeFiles(join(root, 'infra', name), { 'main.tf': STACK });
  });
  afterEach(() => process.chdir(startedIn));

  test('is the folder gitops-sync runs in: every environment installs into that one cache, none into its own folder', async () => {
    // Relative paths in the job's environment are taken from where the command runs, as a shell would.
    process.chdir(root);
    const run = await cli(['drift', '--environments', ENVIRONMENTS.join(','), '--parallel', '--output', 'reports'], { cwd: root, env: { ...env, TF_PLUGIN_CACHE_DIR: '.terraform-plugin-cache' } });
    expect(run.stderr).not.toContain('failed');
    expect(run.code).toBe(0);
    for (const name of ENVIRONMENTS) expect(readdirSync(join(root, 'infra', name))).not.toContain('.terraform-plugin-cache');
    expect(existsSync(join(root, '.terraform-plugin-cache', PROVIDER_SOURCE, '0.1.0'))).toBe(true);
  });
});

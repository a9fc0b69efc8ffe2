/**
 * Two jobs on one runner sharing a TF_PLUGIN_CACHE_DIR are not ordered by gitops-sync (it orders its own
 * commands only): an init of the other job can replace a provider while this job's plan runs it, and
 * terraform then says only "fork/exec …terraform-provider-…: no such file or directory". With the user's
 * cache, the failure names the likely cause and the fix; with the run's own caches (nothing else writes
 * them) it does not.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { writeFiles } from './support/terraform.js';

/** As terraform words it off a terminal: the detail wrapped at 78 columns, behind `│ `. */
const WRAPPED = ['╷', '│ Error: Failed to load plugin schemas', '│ ', '│ Error while loading schemas for plugin components: Failed to obtain provider', '│ schema: Could not load the schema for provider', '│ registry.terraform.io/gitops-sync/jsonfile: failed to instantiate provider', '│ "registry.terraform.io/gitops-sync/jsonfile" to obtain schema: fork/exec', '│ /work/.terraform/providers/registry.terraform.io/gitops-sync/jsonfile/0.1.0/linux_amd64/terraform-provider-jsonfile:', '│ no such file or directory..', '╵'].join('\n');

const VANISHED = 'Error: failed to read schema for jsonfile_file.x in registry.terraform.io/gitops-sync/jsonfile: failed to instantiate provider "registry.terraform.io/gitops-sync/jsonfile" to obtain schema: fork/exec /work/.terraform/providers/registry.terraform.io/gitops-sync/jsonfile/0.1.0/linux_amd64/terraform-provider-jsonfile: no such file or directory';

/** Environments a and b; terraform's init and show succeed, its plan (and apply) fail as when the provider vanished. */
function estate(said = VANISHED) {
  const dir = tempDir('gitops-sync-cache-race-');
  writeFiles(dir, { 'gitops-sync.yaml': 'environments:\n  a:\n    terraform:\n      dir: a\n  b:\n    terraform:\n      dir: b\n' });
  writeFiles(join(dir, 'a'), { 'main.tf': '' });
  writeFiles(join(dir, 'b'), { 'main.tf': '' });
  writeFiles(join(dir, 'bin'), { terraform: `#!/bin/sh\ncase "$1" in\n  init|workspace|version) exit 0 ;;\nesac\ncat >&2 <<'EOF'\n${said}\nEOF\nexit 1\n` });
  chmodSync(join(dir, 'bin', 'terraform'), 0o755);
  return { dir, env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, TF_PLUGIN_CACHE_DIR: '' } };
}

const HINT = 'was replaced while the command ran: another job or terraform run was installing into the same cache at that moment (gitops-sync orders its own commands only) — give each concurrent job a cache of its own and run again';

test('drift with the user TF_PLUGIN_CACHE_DIR: the failure names the shared cache and the fix', async () => {
  const { dir, env } = estate();
  const cache = join(dir, 'user-cache');
  mkdirSync(cache);
  const run = await cli(['drift', 'a'], { cwd: dir, env: { ...env, TF_PLUGIN_CACHE_DIR: cache } });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`a provider in the plugin cache (${cache}) ${HINT}`);
});

test('the same when terraform wrapped its diagnostic over several lines', async () => {
  const { dir, env } = estate(WRAPPED);
  const cache = join(dir, 'user-cache');
  mkdirSync(cache);
  const run = await cli(['drift', 'a'], { cwd: dir, env: { ...env, TF_PLUGIN_CACHE_DIR: cache } });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(HINT);
});

test("drift --parallel on the run's own caches: no such hint (nothing else writes them)", async () => {
  const { dir, env } = estate();
  const run = await cli(['drift', '--environments', 'a,b', '--parallel'], { cwd: dir, env });
  expect(run.code).toBe(1);
  expect(run.stdout + run.stderr).toContain('no such file or directory');
  expect(run.stdout + run.stderr).not.toContain('was replaced while the command ran');
});

test('sync --dry-run with the user cache: the same hint in the environment\'s failure', async () => {
  const { dir, env } = estate();
  const cache = join(dir, 'user-cache');
  mkdirSync(cache);
  const run = await cli(['sync', 'a', '--dry-run'], { cwd: dir, env: { ...env, TF_PLUGIN_CACHE_DIR: cache } });
  expect(run.code).toBe(1);
  expect(run.stdout + run.stderr).toContain(HINT);
});

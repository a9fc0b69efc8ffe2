/**
 * An `init` without a lock file installs its providers into the shared plugin cache again, replacing
 * the folder another environment's plan or show is running the provider from at that moment
 * ("fork/exec …/terraform-provider-jsonfile: no such file or directory", seen in CI). So an init on a
 * cache runs alone: no other environment's command on that cache runs beside it, while plans and
 * shows still run side by side. drift's own caches are one per concurrent slot, so nothing shares one.
 * Real terraform and the test-only jsonfile provider, offline, behind a wrapper that records when each
 * command ran and on which cache; drift's run caches, the user's own cache, and sync.
 */
import { join } from 'node:path';
import { beforeAll, expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { nodeExec, runSync, silentProgress } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, writeFiles } from './support/terraform.js';
import { environmentSpans, mostAtOnce, terraformCalls, timedTerraform, type TerraformCall } from './support/terraform-timeline.js';
import { installJsonFileProvider } from './tf-provider/install.js';

// No resources: plan and show still start the provider for its schema. No lock files: every init installs.
const STACK = 'terraform {\n  required_providers {\n    jsonfile = { source = "gitops-sync/jsonfile", version = "0.1.0" }\n  }\n}\n';
const ENVIRONMENTS = ['env1', 'env2', 'env3'];
const CONFIG = `environments:\n${ENVIRONMENTS.map((name) => `  ${name}:\n    terraform:\n      dir: ${name}\n`).join('')}`;

/** Each init that another environment's command on the same cache overlapped, as "init of envX beside plan of envY". */
function besideInit(calls: TerraformCall[]): string[] {
  return calls
    .filter((init) => init.command === 'init')
    .flatMap((init) =>
      calls
        .filter((other) => other.cache === init.cache && other.environment !== init.environment && other.start < init.end && init.start < other.end)
        .map((other) => `init of ${init.environment} beside ${other.command} of ${other.environment}`),
    );
}

describeWithTerraform('an init on a shared provider plugin cache', () => {
  let root: string;
  let env: Record<string, string>;
  let log: string;

  beforeAll(() => {
    root = tempDir('gitops-sync-cache-turns-');
    const timed = timedTerraform(root);
    log = timed.log;
    env = { ...installJsonFileProvider(root).env, PATH: timed.PATH, TF_PLUGIN_CACHE_DIR: '' };
    writeFiles(root, { 'gitops-sync.yaml': CONFIG });
    for (const name of ENVIRONMENTS) writeFiles(join(root, name), { 'main.tf': STACK });
  });

  const drift = (extra: Record<string, string> = {}) => {
    writeFiles(root, { 'terraform-calls.log': '' });
    return cli(['drift', '--environments', ENVIRONMENTS.join(','), '--parallel', '--concurrency', String(ENVIRONMENTS.length)], { cwd: root, env: { ...env, ...extra } });
  };

  const expectTurns = () => {
    const calls = terraformCalls(log);
    expect(calls.filter((call) => call.command === 'init')).toHaveLength(ENVIRONMENTS.length);
    expect(besideInit(calls)).toEqual([]);
    // Plans and shows still overlap: the environments are not simply run one after another.
    expect(mostAtOnce(calls.filter((call) => call.command !== 'init'))).toBeGreaterThanOrEqual(2);
    expect(mostAtOnce(environmentSpans(calls))).toBeGreaterThanOrEqual(2);
  };

  test("drift's own run caches: one per concurrent slot, so no command ever runs beside another on a cache, and the environments overlap", async () => {
    const run = await drift();
    expect(run.stderr).not.toContain('failed');
    expect(run.code).toBe(0);
    const calls = terraformCalls(log);
    expect(calls.filter((call) => call.command === 'init')).toHaveLength(ENVIRONMENTS.length);
    const caches = [...new Set(calls.map((call) => call.cache))];
    expect(caches).toHaveLength(ENVIRONMENTS.length);
    for (const cache of caches) {
      expect(cache).toContain('gitops-sync-plugins-');
      expect(mostAtOnce(calls.filter((call) => call.cache === cache))).toBe(1);
    }
    expect(mostAtOnce(environmentSpans(calls))).toBeGreaterThanOrEqual(2);
  }, 180_000);

  test("drift's own run caches with fewer slots than environments: a slot's next environment takes its cache", async () => {
    writeFiles(root, { 'terraform-calls.log': '' });
    const run = await cli(['drift', '--environments', ENVIRONMENTS.join(','), '--parallel', '--concurrency', '2'], { cwd: root, env });
    expect(run.code).toBe(0);
    const calls = terraformCalls(log);
    const caches = [...new Set(calls.map((call) => call.cache))];
    expect(caches).toHaveLength(2);
    for (const cache of caches) expect(mostAtOnce(calls.filter((call) => call.cache === cache))).toBe(1);
    expect(besideInit(calls)).toEqual([]);
  }, 180_000);

  test('the user TF_PLUGIN_CACHE_DIR: the same', async () => {
    const run = await drift({ TF_PLUGIN_CACHE_DIR: join(tempDir('gitops-sync-user-cache-'), 'plugins') });
    expect(run.stderr).not.toContain('failed');
    expect(run.code).toBe(0);
    expectTurns();
  }, 180_000);

  test('sync --parallel on the user cache: the same', async () => {
    writeFiles(root, { 'terraform-calls.log': '' });
    const result = await runSync(
      { environments: ENVIRONMENTS, config: parseConfig(CONFIG, 'gitops-sync.yaml'), baseDir: root, dryRun: true, parallel: true, concurrency: ENVIRONMENTS.length },
      { exec: nodeExec, progress: silentProgress, clock: { now: () => new Date() }, env: { ...process.env, ...env, TF_PLUGIN_CACHE_DIR: join(tempDir('gitops-sync-sync-cache-'), 'plugins') } },
    );
    expect(result.environments.map((environment) => `${environment.environment} ${environment.status}`)).toEqual(ENVIRONMENTS.map((name) => `${name} synced`));
    expectTurns();
  }, 180_000);
});

describeWithTerraform('a TF_PLUGIN_CACHE_DIR that cannot be a folder', () => {
  let root: string;
  let env: Record<string, string>;

  beforeAll(() => {
    root = tempDir('gitops-sync-cache-file-');
    env = { ...installJsonFileProvider(root).env, TF_PLUGIN_CACHE_DIR: join(root, 'notafolder', 'plugins') };
    writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  dev:\n    terraform:\n      dir: infra\n', notafolder: 'a file' });
    writeFiles(join(root, 'infra'), { 'main.tf': STACK });
  });

  test.each([
    ['drift', ['drift', 'dev']],
    ['sync --dry-run', ['sync', 'dev', '--dry-run']],
  ])('%s: one sentence naming the variable and the fix, exit 1', async (_name, args) => {
    const run = await cli(args, { cwd: root, env });
    expect(run.code).toBe(1);
    // drift says it on stderr; sync in the environment's result line.
    expect(run.stderr + run.stdout).toContain(`TF_PLUGIN_CACHE_DIR (${join(root, 'notafolder', 'plugins')}) is not a folder gitops-sync can create or use (ENOTDIR); point it at a writable folder, or unset it to let the run share a cache of its own.`);
    expect(run.stderr + run.stdout).not.toContain('bug');
    expect(run.stderr + run.stdout).not.toMatch(/\n\s+at /);
  });
});

/**
 * Attacks on the plugin-cache turns (7b23cb5, 17ce566): an `init` runs alone on a provider plugin
 * cache, every other command side by side, in the order they came. Driven through inCacheTurn (what
 * sync's TerraformSession.run calls) with commands whose end the test decides.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as realOs from 'node:os';
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { parseConfig, UserError } from '@gitops-sync/core';
import type { Exec } from '../packages/engine/src/ports.js';
import { planJson } from './support/plan-json.js';
import { tempDir } from './support/temp-dir.js';

// Jest gives the test a copy of process.env, so setting HOME there does not move os.homedir(), which
// pluginCacheFor reads ~/.terraformrc from: the user's home folder is set here instead.
let fakeHome: string | undefined;
const homedir = () => fakeHome ?? realOs.homedir();
jest.unstable_mockModule('node:os', () => ({ ...realOs, homedir, default: { ...realOs, homedir } }));
const { inCacheTurn } = await import('../packages/engine/src/drift/terraform.js');
const { runSync } = await import('../packages/engine/src/sync/sync.js');

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

interface Command {
  name: string;
  readonly started: boolean;
  done: Promise<string>;
  finish(): void;
  fail(error: Error): void;
}

/** A terraform command on `env`'s cache that runs until the test finishes (or fails) it; `events` records its start and end. */
function command(env: NodeJS.ProcessEnv, args: string[], name: string, events: string[]): Command {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const end = new Promise<string>((resolve, reject) => {
    finish = () => resolve(name);
    fail = reject;
  });
  let started = false;
  const done = inCacheTurn(env, args, () => {
    started = true;
    events.push(`start ${name}`);
    return end.finally(() => events.push(`end ${name}`));
  });
  done.catch(() => undefined);
  return {
    name,
    get started() {
      return started;
    },
    done,
    finish,
    fail,
  };
}

const INIT = ['init', '-input=false', '-no-color'];
const PLAN = ['plan', '-input=false', '-no-color', '-detailed-exitcode'];

/** A fresh user cache in TF_PLUGIN_CACHE_DIR (and an empty CLI config, so nothing else is read). */
function userCacheEnv(): { env: NodeJS.ProcessEnv; cache: string; root: string } {
  const root = tempDir('gitops-sync-attack43-');
  const cache = join(root, 'plugins');
  const cliConfig = join(root, 'empty.tfrc');
  writeFileSync(cliConfig, '');
  return { env: { TF_PLUGIN_CACHE_DIR: cache, TF_CLI_CONFIG_FILE: cliConfig }, cache, root };
}

/** While an init of env A runs, a plan of env B (sharing the cache) must not start; after it ends, it must. */
async function expectInitAlone(initEnv: NodeJS.ProcessEnv, planEnv: NodeJS.ProcessEnv): Promise<void> {
  const events: string[] = [];
  const init = command(initEnv, INIT, 'init A', events);
  const plan = command(planEnv, PLAN, 'plan B', events);
  await settle();
  const besideInit = plan.started;
  init.finish();
  await init.done;
  await settle();
  plan.finish();
  await plan.done;
  expect({ besideInit, events }).toEqual({ besideInit: false, events: ['start init A', 'end init A', 'start plan B', 'end plan B'] });
}

describe('withstood: the turns themselves', () => {
  test('FIFO: an init queued behind a running plan waits for it, and a plan queued after the init waits for the init (no starvation)', async () => {
    const { env } = userCacheEnv();
    const events: string[] = [];
    const plan1 = command(env, PLAN, 'plan 1', events);
    const init = command(env, INIT, 'init', events);
    const plan2 = command(env, PLAN, 'plan 2', events);
    await settle();
    expect([plan1.started, init.started, plan2.started]).toEqual([true, false, false]);
    plan1.finish();
    await settle();
    expect([init.started, plan2.started]).toEqual([true, false]);
    init.finish();
    await settle();
    expect(plan2.started).toBe(true);
    plan2.finish();
    await Promise.all([plan1.done, init.done, plan2.done]);
    expect(events).toEqual(['start plan 1', 'end plan 1', 'start init', 'end init', 'start plan 2', 'end plan 2']);
  });

  test('twelve environments (more than any concurrency): all plans side by side, every init alone, every command runs once', async () => {
    const { env } = userCacheEnv();
    const events: string[] = [];
    const commands = Array.from({ length: 12 }, (_, i) => command(env, i % 4 === 0 ? INIT : PLAN, `${i % 4 === 0 ? 'init' : 'plan'} ${i}`, events));
    const finished = new Set<string>();
    const batches: string[][] = [];
    while (finished.size < commands.length && batches.length < 20) {
      await settle();
      const now = commands.filter((c) => c.started && !finished.has(c.name));
      batches.push(now.map((c) => c.name));
      for (const c of now) {
        c.finish();
        finished.add(c.name);
      }
    }
    await Promise.all(commands.map((c) => c.done));
    expect(batches).toEqual([['init 0'], ['plan 1', 'plan 2', 'plan 3'], ['init 4'], ['plan 5', 'plan 6', 'plan 7'], ['init 8'], ['plan 9', 'plan 10', 'plan 11']]);
    expect(events.filter((e) => e.startsWith('start'))).toHaveLength(12);
  });

  test('a command that throws synchronously, and an init that fails (a timeout), release the turn: the next init and plan still run', async () => {
    const { env } = userCacheEnv();
    const thrown = inCacheTurn(env, PLAN, () => {
      throw new Error('exec threw synchronously');
    });
    await expect(thrown).rejects.toThrow('exec threw synchronously');
    const events: string[] = [];
    const init = command(env, INIT, 'failing init', events);
    const plan = command(env, PLAN, 'plan after', events);
    await settle();
    expect(plan.started).toBe(false);
    init.fail(new UserError('terraform init in x ran longer than 60 minutes and was stopped'));
    await expect(init.done).rejects.toThrow('was stopped');
    await settle();
    expect(plan.started).toBe(true);
    plan.finish();
    await plan.done;
    await expectInitAlone(env, env);
  });

  test('the same cache as a relative path and as an absolute one with a trailing slash: one key', async () => {
    const { env, cache } = userCacheEnv();
    const relativeEnv = { ...env, TF_PLUGIN_CACHE_DIR: relative(process.cwd(), cache) };
    const slashEnv = { ...env, TF_PLUGIN_CACHE_DIR: `${cache}/` };
    await expectInitAlone(relativeEnv, slashEnv);
  });

  test("TF_PLUGIN_CACHE_DIR='' with plugin_cache_dir in TF_CLI_CONFIG_FILE: terraform uses the config's cache, and the turns are taken", async () => {
    const root = tempDir('gitops-sync-attack43-');
    const cliConfig = join(root, 'cli.tfrc');
    writeFileSync(cliConfig, `plugin_cache_dir = "${join(root, 'plugins')}"\n`);
    const env = { TF_PLUGIN_CACHE_DIR: '', TF_CLI_CONFIG_FILE: cliConfig };
    await expectInitAlone(env, env);
  });

  test("TF_PLUGIN_CACHE_DIR='' and no plugin_cache_dir anywhere: no shared cache, so an init does not hold plans back", async () => {
    const root = tempDir('gitops-sync-attack43-');
    const cliConfig = join(root, 'cli.tfrc');
    writeFileSync(cliConfig, '# plugin_cache_dir = "/commented/out"\ndisable_checkpoint = true\n');
    const env = { TF_PLUGIN_CACHE_DIR: '', TF_CLI_CONFIG_FILE: cliConfig };
    const events: string[] = [];
    const init = command(env, INIT, 'init', events);
    const plan = command(env, PLAN, 'plan', events);
    await settle();
    expect([init.started, plan.started]).toEqual([true, true]);
    init.finish();
    plan.finish();
    await Promise.all([init.done, plan.done]);
  });

  test('a TF_PLUGIN_CACHE_DIR that cannot be a folder is a UserError, and leaves no turn behind for a good cache', async () => {
    const { env, root } = userCacheEnv();
    writeFileSync(join(root, 'afile'), 'x');
    const bad = { ...env, TF_PLUGIN_CACHE_DIR: join(root, 'afile', 'plugins') };
    await expect(Promise.resolve().then(() => inCacheTurn(bad, INIT, async () => 'ran'))).rejects.toThrow(UserError);
    await expectInitAlone(env, env);
  });
});

describe('holes', () => {
  afterEach(() => {
    fakeHome = undefined;
  });

  // Terraform (without TF_CLI_CONFIG_FILE) also reads ~/.terraform.d/*.tfrc; checked with terraform 1.11:
  // "Loading CLI configuration from …/.terraform.d/x.tfrc". sync --parallel then shares that cache with no turns.
  test('plugin_cache_dir in ~/.terraform.d/*.tfrc (the CLI config directory): an init still runs alone', async () => {
    const root = tempDir('gitops-sync-attack43-home-');
    mkdirSync(join(root, '.terraform.d'));
    writeFileSync(join(root, '.terraform.d', 'cache.tfrc'), `plugin_cache_dir = "${join(root, 'plugins')}"\n`);
    fakeHome = root;
    const env = { HOME: root };
    await expectInitAlone(env, env);
  });

  // OpenTofu (terraform.binary: tofu) reads ~/.tofurc before ~/.terraformrc.
  test('binary tofu, plugin_cache_dir in ~/.tofurc: an init still runs alone', async () => {
    const root = tempDir('gitops-sync-attack43-home-');
    writeFileSync(join(root, '.tofurc'), `plugin_cache_dir = "${join(root, 'plugins')}"\n`);
    fakeHome = root;
    const env = { HOME: root };
    await expectInitAlone(env, env);
  });

  // Both honoured by terraform 1.11 (checked: "The specified plugin cache dir … cannot be opened"), missed by /^\s*plugin_cache_dir\s*=/m.
  test.each([
    ['JSON (cli.tfrc.json)', 'cli.tfrc.json', (dir: string) => JSON.stringify({ plugin_cache_dir: dir })],
    ['HCL with a quoted key', 'cli.tfrc', (dir: string) => `"plugin_cache_dir" = "${dir}"\n`],
  ])('plugin_cache_dir in TF_CLI_CONFIG_FILE written as %s: an init still runs alone', async (_what, name, text) => {
    const root = tempDir('gitops-sync-attack43-');
    const cliConfig = join(root, name);
    writeFileSync(cliConfig, text(join(root, 'plugins')));
    const env = { TF_CLI_CONFIG_FILE: cliConfig };
    await expectInitAlone(env, env);
  });

  // API-level only: within one CLI run every environment gets the same base env, so one spelling.
  test('the same cache through a symlink and through its real path: one key (low impact)', async () => {
    const { env, cache, root } = userCacheEnv();
    mkdirSync(cache);
    symlinkSync(cache, join(root, 'link'));
    await expectInitAlone(env, { ...env, TF_PLUGIN_CACHE_DIR: join(root, 'link') });
  });
});

/**
 * sync --parallel end to end, with a fake terraform in process: each command takes a few milliseconds,
 * and the test lists every init another environment's command overlapped.
 */
async function syncOverlaps(home: string): Promise<{ statuses: string[]; besideInit: string[] }> {
  const names = ['env1', 'env2', 'env3'];
  const root = tempDir('gitops-sync-attack43-sync-');
  for (const name of names) mkdirSync(join(root, name));
  const config = parseConfig(`environments:\n${names.map((name) => `  ${name}:\n    terraform:\n      dir: ${name}\n`).join('')}`, 'gitops-sync.yaml');
  const calls: { env: string; command: string; start: number; end: number }[] = [];
  let clock = 0;
  const exec: Exec = {
    async run(_binary, args, options) {
      const call = { env: String(options?.cwd).split('/').pop()!, command: args[0], start: clock++, end: Infinity };
      calls.push(call);
      await new Promise((resolve) => setTimeout(resolve, 15));
      call.end = clock++;
      const stdout = Buffer.from(args[0] === 'show' ? planJson([]) : '');
      return { exitCode: 0, stdout, stderr: '' };
    },
  };
  const result = await runSync(
    { environments: names, config, baseDir: root, dryRun: true, parallel: true, concurrency: names.length },
    { exec, progress: { step: () => undefined }, clock: { now: () => new Date() }, env: { HOME: home, PATH: process.env.PATH } },
  );
  const besideInit = calls
    .filter((init) => init.command === 'init')
    .flatMap((init) => calls.filter((other) => other.env !== init.env && other.start < init.end && init.start < other.end).map((other) => `init of ${init.env} beside ${other.command} of ${other.env}`));
  return { statuses: result.environments.map((environment) => `${environment.environment} ${environment.status}`), besideInit };
}

describe('sync --parallel on a cache set in the user CLI configuration', () => {
  afterEach(() => {
    fakeHome = undefined;
  });

  test('withstood: plugin_cache_dir in ~/.terraformrc, no init beside another environment\'s command', async () => {
    const root = tempDir('gitops-sync-attack43-home-');
    writeFileSync(join(root, '.terraformrc'), `plugin_cache_dir = "${join(root, 'plugins')}"\n`);
    fakeHome = root;
    expect(await syncOverlaps(root)).toEqual({ statuses: ['env1 synced', 'env2 synced', 'env3 synced'], besideInit: [] });
  });

  test('hole: plugin_cache_dir in ~/.terraform.d/cache.tfrc, no init beside another environment\'s command', async () => {
    const root = tempDir('gitops-sync-attack43-home-');
    mkdirSync(join(root, '.terraform.d'));
    writeFileSync(join(root, '.terraform.d', 'cache.tfrc'), `plugin_cache_dir = "${join(root, 'plugins')}"\n`);
    fakeHome = root;
    expect(await syncOverlaps(root)).toEqual({ statuses: ['env1 synced', 'env2 synced', 'env3 synced'], besideInit: [] });
  });
});

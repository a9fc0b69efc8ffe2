/**
 * Attack 45 on the day's changes: drift --parallel's provider plugin cache per concurrent slot (b065772),
 * the --output extension picking or refusing the report format (9be66f0), the missing config naming a
 * same-named file above (bd26546), and the short list of embedded forms of a plain secret (8d31296).
 * A failing test here is a hole; a passing one is behaviour a user would notice that withstood the attack.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './support/paths.js';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { findsSecrets, mayHoldSecretsInJson } from '../packages/core/src/secrets/embedded.js';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, writeFiles } from './support/terraform.js';
import { mostAtOnce, terraformCalls, timedTerraform } from './support/terraform-timeline.js';
import { installJsonFileProvider } from './tf-provider/install.js';
import { waitFor } from './support/processes.js';

/** A folder with environments a and b (terraform dirs a/ and b/) and a terraform on the PATH that only notes it ran, and fails. */
function twoEnvironments() {
  const dir = tempDir('gitops-sync-attack45-');
  const bin = join(dir, '.bin');
  const ran = join(dir, 'terraform-ran');
  writeFiles(dir, { 'gitops-sync.yaml': 'environments:\n  a:\n    terraform:\n      dir: a\n  b:\n    terraform:\n      dir: b\n' });
  writeFiles(join(dir, 'a'), { 'main.tf': '' });
  writeFiles(join(dir, 'b'), { 'main.tf': '' });
  writeFiles(bin, { terraform: `#!/bin/sh\ntouch '${ran}'\nexit 1\n` });
  chmodSync(join(bin, 'terraform'), 0o755);
  return { dir, ran, env: { PATH: `${bin}:${process.env.PATH}` } };
}

describe('9be66f0: --output extension picks or refuses the format', () => {
  // --output-dir always names a folder (help: "always when spelled --output-dir"): its name's extension is no report format.
  test('drift --environments a,b --output-dir reports.html is a reports folder, not an HTML report refused', async () => {
    const { dir, ran, env } = twoEnvironments();
    const run = await cli(['drift', '--environments', 'a,b', '--output-dir', 'reports.html'], { cwd: dir, env });
    expect(run.stderr).not.toContain('writes no HTML report');
    expect(existsSync(ran)).toBe(true);
    expect(existsSync(join(dir, 'reports.html', 'summary.md'))).toBe(true);
  });

  // With several environments --output is the reports folder (help: "a folder ... for several environments").
  test('drift --environments a,b --output reports.yaml is the reports folder of several environments, not a YAML report refused', async () => {
    const { dir, ran, env } = twoEnvironments();
    const run = await cli(['drift', '--environments', 'a,b', '--output', 'reports.yaml'], { cwd: dir, env });
    expect(run.stderr).not.toContain('writes no YAML report');
    expect(existsSync(ran)).toBe(true);
    expect(existsSync(join(dir, 'reports.yaml', 'summary.md'))).toBe(true);
  });

  // --output naming a folder that exists is the reports folder even for one environment.
  test('drift a --output drift.csv, a folder that exists, writes its reports there, not refused as CSV', async () => {
    const { dir, ran, env } = twoEnvironments();
    mkdirSync(join(dir, 'drift.csv'));
    const run = await cli(['drift', 'a', '--output', 'drift.csv'], { cwd: dir, env });
    expect(run.stderr).not.toContain('writes no CSV report');
    expect(existsSync(ran)).toBe(true);
    expect(existsSync(join(dir, 'drift.csv', 'summary.md'))).toBe(true);
  });

  test.each([
    ['drift a --output REPORT.YAML', ['drift', 'a', '--output', 'REPORT.YAML'], 'REPORT.YAML', 'YAML'],
    ['drift a --output report.Sarif', ['drift', 'a', '--output', 'report.Sarif'], 'report.Sarif', 'SARIF'],
    ['drift a --output x.PDF --dry-run', ['drift', 'a', '--output', 'x.PDF', '--dry-run'], 'x.PDF', 'PDF'],
    ['analyze --output r.Htm', ['analyze', '--input', 'plan.json', '--output', 'r.Htm'], 'r.Htm', 'HTM'],
  ])('%s: refused in one sentence, whatever the case of the extension, before anything runs or is written', async (_name, args, file, format) => {
    const { dir, ran, env } = twoEnvironments();
    writeFileSync(join(dir, 'plan.json'), '{"format_version":"1.2"');
    const run = await cli(args, { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`gitops-sync: --output ${file}: gitops-sync writes no ${format} report; name the file .json, .md or .txt (the format follows the extension), or pass --format json|markdown|table.\n`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(ran)).toBe(false);
    expect(readdirSync(dir).filter((name) => name !== '.bin' && !['a', 'b', 'gitops-sync.yaml', 'plan.json'].includes(name))).toEqual([]);
  });

  test('drift-detect --output reports.yaml is its reports folder and not refused as YAML (drift-detect does not take the extension)', async () => {
    const { dir, env } = twoEnvironments();
    const run = await cli(['drift-detect', '--environment', 'a', '--output', 'reports.yaml'], { cwd: dir, env });
    expect(run.stderr).not.toContain('writes no YAML report');
  });
});

describe('bd26546: a missing config names a same-named file above', () => {
  test('the same name above being a folder is not offered as --config', async () => {
    const root = tempDir('gitops-sync-attack45-cfg-');
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'gitops-sync.yaml'));
    const sub = join(root, 'repo', 'infra');
    mkdirSync(sub, { recursive: true });
    const run = await cli(['drift', 'prod'], { cwd: sub });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain(`pass --config ${join(root, 'gitops-sync.yaml')}`);
    expect(run.stderr).toContain('does not exist; create a gitops-sync.yaml');
  });

  // The user named the file; the one "above" is another configuration (staging's, the repository's default),
  // and "run gitops-sync in DIR" names the folder they already run in.
  test('an explicit --config deploy/gitops-sync.yaml that is missing is not answered with "run gitops-sync in" the folder the user is already in', async () => {
    const root = tempDir('gitops-sync-attack45-cfg-');
    writeFiles(root, { 'gitops-sync.yaml': 'environments: {}\n' });
    const run = await cli(['drift', 'prod', '--config', 'deploy/gitops-sync.yaml'], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(root, 'deploy', 'gitops-sync.yaml')} does not exist`);
    expect(run.stderr).not.toContain(`run gitops-sync in ${root},`);
  });

  test('a FIFO above is neither read (nothing hangs) nor offered as --config; an unreadable file above is only named', async () => {
    const root = tempDir('gitops-sync-attack45-cfg-');
    mkdirSync(join(root, '.git'));
    execFileSync('mkfifo', [join(root, 'gitops-sync.yaml')]);
    const sub = join(root, 'sub');
    mkdirSync(sub);
    const run = await cli(['drift', 'prod'], { cwd: sub });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('does not exist; create a gitops-sync.yaml');
    rmSync(join(root, 'gitops-sync.yaml'));
    writeFiles(root, { 'gitops-sync.yaml': 'environments: {}\n' });
    chmodSync(join(root, 'gitops-sync.yaml'), 0o000);
    const unreadable = await cli(['drift', 'prod'], { cwd: sub });
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain(`but ${join(root, 'gitops-sync.yaml')} does`);
  });

  test('the look upward stays inside the repository (the folder holding .git): a gitops-sync.yaml above it, or with no repository at all, is not offered', async () => {
    const root = tempDir('gitops-sync-attack45-cfg-');
    writeFiles(root, { 'gitops-sync.yaml': 'environments: {}\n' });
    const repo = join(root, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'infra'));
    const inRepo = await cli(['drift', 'prod'], { cwd: join(repo, 'infra') });
    expect(inRepo.stderr).toContain('does not exist; create a gitops-sync.yaml');
    const outside = join(root, 'plain', 'infra');
    mkdirSync(outside, { recursive: true });
    const noRepo = await cli(['drift', 'prod'], { cwd: outside });
    expect(noRepo.stderr).toContain('does not exist; create a gitops-sync.yaml');
  });

  test('folder names with escape sequences (ESC, BEL) are printed without the escape (terminal-safe) and the run refuses', async () => {
    const root = tempDir('gitops-sync-attack45-cfg-');
    const evil = join(root, 'x\u001b[2J\u001b]0;owned\u0007y');
    mkdirSync(join(evil, '.git'), { recursive: true });
    writeFiles(evil, { 'gitops-sync.yaml': 'environments: {}\n' });
    const sub = join(evil, 'sub');
    mkdirSync(sub);
    const run = await cli(['drift', 'prod'], { cwd: sub });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('\u001b');
    expect(run.stderr).not.toContain('\u0007');
    expect(run.stderr).toContain('does not exist, but');
  });

  test('a symlinked working folder: the hint names the link path above, and --config with that path then works', async () => {
    const root = tempDir('gitops-sync-attack45-cfg-');
    writeFiles(join(root, 'real'), { 'gitops-sync.yaml': 'environments:\n  prod:\n    terraform:\n      dir: .\n' });
    mkdirSync(join(root, 'real', '.git'));
    mkdirSync(join(root, 'real', 'sub'));
    symlinkSync(join(root, 'real'), join(root, 'link'));
    const run = await cli(['drift', 'prod', '--dry-run'], { cwd: join(root, 'link', 'sub') });
    expect(run.code).toBe(1);
    const above = /but (.*) does: run gitops-sync in/.exec(run.stderr)?.[1];
    expect(above).toBe(join(root, 'link', 'gitops-sync.yaml'));
    const again = await cli(['drift', 'prod', '--dry-run', '--config', above!], { cwd: join(root, 'link', 'sub') });
    expect(again.code).toBe(0);
  });
});

describe('8d31296: a secret of letters, digits, _ . - has only itself and its base64 as embedded forms', () => {
  /** The forms as before the change, built independently: itself, JSON, JSON with <>& escaped, both URL encodings, base64 cores. */
  const oldForms = (secret: string): string[] => {
    const json = JSON.stringify(secret).slice(1, -1);
    const html = json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    let urls: string[] = [];
    try {
      const url = encodeURIComponent(secret);
      urls = [url, url.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replaceAll('%20', '+')];
    } catch {
      urls = [];
    }
    return [secret, json, html, ...urls];
  };
  const PLAIN = 'ABCXYZabcxyz0189_.-';
  const ALL = `${PLAIN}~!*'()<>&" \\/+=%@#$:;?,\u00e9\u2028\n\t`;
  const random = (alphabet: string, length: number, seed: number) => {
    let state = seed;
    let out = '';
    for (let i = 0; i < length; i++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      out += alphabet[state % alphabet.length];
    }
    return out;
  };

  test('for such a secret JSON.stringify, the <>& escapes and both URL encodings are the secret itself', () => {
    for (let seed = 1; seed < 3000; seed++) {
      const secret = random(PLAIN, 8 + (seed % 40), seed);
      expect(new Set(oldForms(secret))).toEqual(new Set([secret]));
    }
    // Every single character of the class, and none outside it (ASCII only, no trailing newline).
    for (const char of PLAIN) expect(new Set(oldForms(char.repeat(8)))).toEqual(new Set([char.repeat(8)]));
  });

  test('every form of any secret, plain or not, is still found inside a longer string and in its JSON text', () => {
    for (let seed = 1; seed < 600; seed++) {
      const secret = random(seed % 2 ? PLAIN : ALL, 8 + (seed % 24), seed);
      const holds = findsSecrets(new Set([secret]));
      const inJson = mayHoldSecretsInJson(new Set([secret]));
      const base64 = Buffer.from(`zz${secret}zz`).toString('base64');
      for (const form of [...oldForms(secret), base64]) {
        const text = `prefix-${form}-suffix`;
        expect(holds(text)).toBe(true);
        const bytes = Buffer.from(JSON.stringify(text));
        expect(inJson(bytes, 0, bytes.length)).toBe(true);
      }
    }
  });

  test('a secret with a character outside the class (a space, ~, <, %) is found JSON-escaped, HTML-escaped and URL-encoded', () => {
    const secret = 'pa ss<w>&rd~%2F"x';
    const holds = findsSecrets(new Set([secret]));
    expect(holds(`{"k":"${JSON.stringify(secret).slice(1, -1).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)}"}`)).toBe(true);
    expect(holds(`https://x/?p=${encodeURIComponent(secret)}`)).toBe(true);
    expect(holds(`https://x/?p=${encodeURIComponent(secret).replaceAll('%20', '+')}`)).toBe(true);
  });
});

const STACK = 'terraform {\n  required_providers {\n    jsonfile = { source = "gitops-sync/jsonfile", version = "0.1.0" }\n  }\n}\n';

describeWithTerraform('b065772: a provider plugin cache per concurrent slot', () => {
  let root: string;
  let env: Record<string, string>;
  let log: string;
  let temp: string;

  beforeAll(() => {
    root = tempDir('gitops-sync-attack45-slots-');
    temp = join(root, 'tmp');
    mkdirSync(temp);
    const timed = timedTerraform(root);
    log = timed.log;
    env = { ...installJsonFileProvider(root).env, PATH: timed.PATH, TF_PLUGIN_CACHE_DIR: '' };
    const config = [
      'environments:',
      ...['ok1', 'ok2', 'ok3'].map((name) => `  ${name}:\n    terraform:\n      dir: ${name}`),
      '  broken:\n    terraform:\n      dir: broken',
      '  missing:\n    terraform:\n      dir: no-such-folder',
      '  slow:\n    terraform:\n      dir: slow\n      timeout_minutes: 0.001',
    ].join('\n');
    writeFiles(root, { 'gitops-sync.yaml': `${config}\n` });
    for (const name of ['ok1', 'ok2', 'ok3']) writeFiles(join(root, name), { 'main.tf': STACK });
    // init fails: an unknown provider.
    writeFiles(join(root, 'broken'), { 'main.tf': 'terraform {\n  required_providers {\n    nope = { source = "gitops-sync/nope", version = "9.9.9" }\n  }\n}\n' });
    writeFiles(join(root, 'slow'), { 'main.tf': STACK });
  });

  const caches = () => readdirSync(temp).filter((name) => name.startsWith('gitops-sync-'));
  const drift = (names: string[], concurrency: number, extra: Record<string, string> = {}) => {
    writeFileSync(log, '');
    return cli(['drift', '--environments', names.join(','), '--parallel', '--concurrency', String(concurrency)], { cwd: root, env: { ...env, TMPDIR: temp, ...extra } });
  };

  test('failed, missing and timed-out environments: every slot cache is removed, and the slot\'s next environment is still checked', async () => {
    const run = await drift(['broken', 'ok1', 'missing', 'slow', 'ok2'], 2);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/broken: error: .*init failed/);
    expect(run.stdout).toMatch(/missing: error: .*does not exist/);
    expect(run.stdout).toMatch(/slow: error: .*did not answer within/);
    expect(run.stdout).toContain('ok1');
    expect(run.stdout).not.toMatch(/ok[12]: error/);
    expect(caches()).toEqual([]);
    const calls = terraformCalls(log);
    const used = new Set(calls.map((call) => call.cache));
    expect(used.size).toBeLessThanOrEqual(2);
    for (const cache of used) expect(mostAtOnce(calls.filter((call) => call.cache === cache))).toBe(1);
  }, 180_000);

  test("a slot cache entry left broken by the slot's previous environment (killed mid-install) does not pass or break the next one", async () => {
    // The first environment's init installs, then its cache entry is left as a kill mid-install would (a folder with an empty provider) and init "is killed".
    const wrapper = join(root, 'corrupting-bin');
    mkdirSync(wrapper, { recursive: true });
    writeFileSync(
      join(wrapper, 'terraform'),
      `#!/bin/sh\nif [ "$1" = init ] && [ "$(basename "$PWD")" = ok1 ]; then\n  '${join(root, 'timed-bin', 'terraform')}' "$@"\n  for entry in $(find "$TF_PLUGIN_CACHE_DIR" -path '*jsonfile/0.1.0/*' -prune); do rm -rf "$entry"; mkdir "$entry"; : > "$entry/terraform-provider-jsonfile_v0.1.0"; echo "cut $entry" >> '${join(root, 'cut.log')}'; done\n  exit 137\nfi\nexec '${join(root, 'timed-bin', 'terraform')}' "$@"\n`,
    );
    chmodSync(join(wrapper, 'terraform'), 0o755);
    const run = await drift(['ok1', 'ok2'], 1, { PATH: `${wrapper}:${env.PATH}` });
    expect(readFileSync(join(root, 'cut.log'), 'utf8')).toMatch(/^cut .*gitops-sync-plugins-.*jsonfile\/0\.1\.0\/linux/);
    expect(run.stdout).toMatch(/ok1: error: .*init failed/);
    expect(run.stdout).not.toMatch(/ok2: error/);
    expect(run.code).toBe(1);
    expect(caches()).toEqual([]);
  }, 180_000);

  test('one environment (drift ok3) runs with no plugin cache of the run at all, and leaves nothing', async () => {
    writeFileSync(log, '');
    const run = await cli(['drift', 'ok3'], { cwd: root, env: { ...env, TMPDIR: temp } });
    expect(run.code).toBe(0);
    expect(terraformCalls(log).map((call) => call.cache)).toEqual(['', '', '']);
    expect(caches()).toEqual([]);
  }, 120_000);

  test("the user's TF_PLUGIN_CACHE_DIR is used by every slot and kept; no cache of the run's own is made", async () => {
    const mine = join(root, 'my-cache');
    const run = await drift(['ok1', 'ok2', 'ok3'], 3, { TF_PLUGIN_CACHE_DIR: mine });
    expect(run.code).toBe(0);
    expect(new Set(terraformCalls(log).map((call) => call.cache))).toEqual(new Set([mine]));
    expect(readdirSync(mine).length).toBeGreaterThan(0);
    expect(caches()).toEqual([]);
    expect(readdirSync(tmpdir()).some((name) => name.startsWith(`gitops-sync-plugins-${process.pid}-`))).toBe(false);
    expect(readFileSync(log, 'utf8')).toContain('call ok1 init');
  }, 180_000);

  // SIGTERM (a cancelled CI job) removes the scratch folders, but terraform runs detached (a process group of
  // its own, for the timeout), so it is not stopped: an init in the middle of installing a provider (modelled
  // here by a wrapper whose terraform writes nothing to the closed pipe until done) goes on, and writes the
  // slot cache and the data dir back into TMPDIR after gitops-sync has gone.
  test('SIGTERM during drift --parallel: no slot cache or plan folder is left in TMPDIR, also by the terraform still running', async () => {
    const temp2 = join(root, 'tmp-signal');
    mkdirSync(temp2);
    const real = execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8', env: { ...process.env } }).trim();
    const bin = join(root, 'installing-bin');
    writeFiles(bin, { terraform: `#!/bin/sh\nif [ "$1" = init ]; then touch '${join(root, 'init-started')}'; sleep 3; '${real}' "$@" > /dev/null 2>&1; touch '${join(root, 'init-ended')}'; exit 0; fi\nexec '${real}' "$@"\n` });
    chmodSync(join(bin, 'terraform'), 0o755);
    const child = spawn(process.execPath, ['--import', resolve(REPO_ROOT, 'node_modules/tsx/dist/esm/index.mjs'), resolve(REPO_ROOT, 'packages/cli/src/index.ts'), 'drift', '--environments', 'ok1,ok2', '--parallel', '--concurrency', '2'], {
      cwd: root,
      env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH}`, NODE_OPTIONS: '', TMPDIR: temp2 },
      stdio: 'ignore',
    });
    const left = () => readdirSync(temp2).filter((name) => name.startsWith('gitops-sync-'));
    try {
      expect(await waitFor(() => existsSync(join(root, 'init-started')) && left().filter((name) => name.startsWith('gitops-sync-plugins-')).length === 2, 60_000)).toBe(true);
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      expect(left()).toEqual([]);
      // The terraform gitops-sync started: still running, or stopped with it?
      await waitFor(() => existsSync(join(root, "init-ended")), 8_000);
      expect(left()).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});

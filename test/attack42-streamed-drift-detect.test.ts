/**
 * attack42: drift-detect --terraform-plan-json streams its report (plan-report-file.ts): what it
 * writes and hands on must be byte for byte what the whole report in memory gives, never hold a
 * secret, and leave no scratch folder behind.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from '@jest/globals';
import { MOST_CHANGES_SHOWN, parseConfig, planFingerprint, renderJson, renderMarkdown, renderTable, type DriftReport } from '@gitops-sync/core';
import { analyzePlanFile, nodeExec, reportFingerprint, runDriftDetect, usePlanFingerprintWorker } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { REPO_ROOT } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

const NOW = new Date('2026-12-07T06:00:00.000Z');
const clock = { now: () => NOW };
const HEAD = 'e'.repeat(40);
const LATE = 'Late-Secret-Marked-Last-77x';

const scratchFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith('gitops-sync-') && name.includes(`-${process.pid}-`) && (name.startsWith('gitops-sync-report-') || name.startsWith('gitops-sync-fingerprint-')));

function entry(address: string, before: unknown, after: unknown, extra: Record<string, unknown> = {}, change: Record<string, unknown> = {}) {
  const dot = address.indexOf('.');
  return {
    address,
    mode: 'managed',
    type: address.slice(0, dot),
    name: address.slice(dot + 1).replace(/\[.*$/, ''),
    provider_name: 'registry.terraform.io/hashicorp/aws',
    ...extra,
    change: { actions: ['update'], before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {}, ...change },
  };
}

const plan = (resourceChanges: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', planned_values: {}, resource_changes: resourceChanges, ...extra });

const CONFIG_YAML = 'environments:\n  prod:\n    terraform:\n      dir: infra\n      workspace: blue\n      var_files: [prod.tfvars, shared.tfvars]\n';

async function both(planText: string, options: { worker?: boolean } = {}) {
  const dir = tempDir('gitops-sync-attack42-');
  writeFileSync(join(dir, 'plan.json'), planText);
  writeFileSync(join(dir, 'gitops-sync.yaml'), CONFIG_YAML);
  const config = parseConfig(CONFIG_YAML, 'test');
  if (options.worker) usePlanFingerprintWorker(pathToFileURL(join(REPO_ROOT, 'dist/cli/index.js')).href);
  const before = scratchFolders();
  const secrets: string[] = [];
  const result = await runDriftDetect(
    { environment: 'prod', config: 'gitops-sync.yaml', terraformDirectory: '', terraformPlanJson: 'plan.json', failOn: 'never', outputDirectory: 'out', cwd: dir, headSha: HEAD },
    { exec: nodeExec, env: {}, clock, onSecret: (value) => void secrets.push(value) },
  );
  expect(scratchFolders()).toEqual(before);
  usePlanFingerprintWorker(import.meta.url);
  const whole: DriftReport = await analyzePlanFile({ planPath: join(dir, 'plan.json'), environment: 'prod', config, fingerprint: true }, { clock });
  whole.head_sha = HEAD;
  const json = readFileSync(join(dir, result.reportPath), 'utf8');
  const markdown = readFileSync(join(dir, result.markdownPath), 'utf8');
  return { dir, result, whole, json, markdown, secrets, planText };
}

function expectSame({ result, whole, json, markdown, planText }: Awaited<ReturnType<typeof both>>) {
  expect(json).toBe(renderJson(whole));
  expect(markdown).toBe(renderMarkdown(whole));
  for (const limit of [40_000, 65_536 - 200, 1_000_000]) expect(renderMarkdown(result.report, limit)).toBe(renderMarkdown(whole, limit));
  expect(renderTable(result.report)).toBe(renderTable(whole));
  expect(renderTable(result.report, 100_000)).toBe(renderTable(whole, 100_000));
  expect({ ...result.report, changes: undefined }).toEqual({ ...whole, changes: undefined });
  // The audit event's report fingerprint is the file's.
  expect(reportFingerprint(result.report)).toBe(createHash('sha256').update(json).digest('hex'));
  // The fingerprint sync binds to.
  const expected = planFingerprint(planText, { workspace: 'blue', varFiles: ['prod.tfvars', 'shared.tfvars'] });
  expect(result.report.plan_fingerprint).toBe(expected.fingerprint);
  expect(whole.plan_fingerprint).toBe(expected.fingerprint);
}

describe('attack42: streamed drift-detect is the whole report, byte for byte', () => {
  afterEach(() => usePlanFingerprintWorker(import.meta.url));

  const cases: Record<string, () => string> = {
    'an empty plan': () => plan([]),
    'a no-op plan': () => plan([entry('aws_s3_bucket.a', { x: 1 }, { x: 1 }, {}, { actions: ['no-op'] })]),
    'resource_drift only': () => plan([], { resource_drift: [entry('aws_s3_bucket.d', { x: 1 }, { x: 2 })] }),
    'deposed objects and a replace': () =>
      plan([
        entry('aws_instance.web', { ami: 'a' }, null, { deposed: '00000001' }, { actions: ['delete'] }),
        entry('aws_instance.web', { ami: 'a' }, { ami: 'b' }, {}, { actions: ['delete', 'create'], replace_paths: [['ami']] }),
      ]),
    'moved resources': () => plan([entry('aws_s3_bucket.new["k"]', { x: 1 }, { x: 2 }, { previous_address: 'aws_s3_bucket.old["k"]' })]),
    'output changes only, one sensitive': () =>
      plan([], {
        output_changes: {
          url: { actions: ['update'], before: 'a', after: 'b', after_unknown: false, before_sensitive: false, after_sensitive: false },
          pw: { actions: ['create'], before: null, after: 'output-secret-value-1', after_unknown: false, before_sensitive: false, after_sensitive: true },
        },
      }),
    'unicode addresses': () =>
      plan([
        entry('aws_s3_bucket.b["ünï😀"]', { t: '😀\u2028' }, { t: 'ß\u0000x' }),
        entry('aws_s3_bucket.b["\\u2028x"]', { t: 'a' }, { t: 'b' }),
      ]),
    'a value longer than a read chunk, and a late secret after it': () =>
      plan([
        entry('aws_s3_bucket.big', { v: 'x' }, { v: `${'y'.repeat(5 * 1024 * 1024)}${LATE}` }),
        entry('aws_s3_bucket.copy', { v: 'x' }, { v: LATE }),
        entry('aws_s3_bucket.mark', { p: 'x' }, { p: LATE }, {}, { after_sensitive: { p: true } }),
      ]),
  };
  for (const [name, make] of Object.entries(cases)) {
    test(name, async () => {
      const run = await both(make());
      expectSame(run);
      for (const text of [run.json, run.markdown, JSON.stringify(run.result.report), renderTable(run.result.report, 100_000)]) {
        expect(text).not.toContain(LATE);
        expect(text).not.toContain('output-secret-value-1');
      }
    }, 60_000);
  }

  for (const count of [MOST_CHANGES_SHOWN - 1, MOST_CHANGES_SHOWN, MOST_CHANGES_SHOWN + 1, 2 * MOST_CHANGES_SHOWN + 3]) {
    for (const worker of [false, true]) {
      test(`${count} changes of one severity, a late secret copied into one shown and ones not shown${worker ? ', with the worker' : ''}`, async () => {
        const changes = Array.from({ length: count }, (_, n) =>
          entry(`aws_s3_bucket.b${n}${n === count - 2 ? `["${LATE}"]` : ''}`, { v: 'x', tag: 'a' }, { v: n === 2 || n === count - 3 || n === MOST_CHANGES_SHOWN ? LATE : `v${n}`, tag: `t${n}` }),
        );
        changes.push(entry('aws_s3_bucket.marker', { p: 'x' }, { p: LATE }, {}, { after_sensitive: { p: true } }));
        const run = await both(plan(changes), { worker });
        expectSame(run);
        for (const text of [run.json, run.markdown, JSON.stringify(run.result.report), renderTable(run.result.report, 100_000)]) expect(text).not.toContain(LATE);
        expect(run.secrets).toContain(LATE);
      }, 60_000);
    }
  }
});

const TSX_LOADER = pathToFileURL(join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CLI_SOURCE = join(REPO_ROOT, 'packages', 'cli', 'src', 'index.ts');

function latePlan(count = 5): string {
  const changes = Array.from({ length: count }, (_, n) => entry(`aws_s3_bucket.b${n}`, { v: 'x' }, { v: n === 1 ? LATE : `v${n}` }));
  changes.push(entry('aws_s3_bucket.marker', { p: 'x' }, { p: LATE }, {}, { after_sensitive: { p: true } }));
  return plan(changes);
}

function expectOneSentence(result: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(result.stderr).not.toMatch(/this is a bug|\n\s+at /);
  expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^gitops-sync: .*\.$/)]);
  expect(result.stderr).toMatch(pattern);
  expect(result.code).toBe(1);
  expect(result.stdout + result.stderr).not.toContain(LATE);
}

describe('attack42: streamed drift-detect that fails', () => {
  afterEach(() => usePlanFingerprintWorker(import.meta.url));

  test.each([
    ['a folder that does not exist', (root: string) => join(root, 'missing')],
    ['a regular file', (root: string) => (writeFileSync(join(root, 'file'), ''), join(root, 'file'))],
  ])('TMPDIR naming %s: one sentence naming TMPDIR, exit 1, nothing in the output folder', (_what, tmp) => {
    const dir = tempDir('gitops-sync-attack42-tmp-');
    writeFileSync(join(dir, 'plan.json'), latePlan());
    writeFileSync(join(dir, 'gitops-sync.yaml'), CONFIG_YAML);
    const child = spawnSync(process.execPath, ['--import', TSX_LOADER, CLI_SOURCE, 'drift-detect', '--environment', 'prod', '--terraform-plan-json', 'plan.json', '--head-sha', HEAD, '--output', 'out'], {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: '', TSX_DISABLE_CACHE: '1', TMPDIR: tmp(dir), GITHUB_ACTIONS: '', GITLAB_CI: '', CI: '' },
      encoding: 'utf8',
    });
    expectOneSentence({ code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr }, /TMPDIR/);
    expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([]);
  }, 60_000);

  for (const worker of [false, true]) {
    test(`a truncated plan: one sentence, exit 1, no scratch folder, nothing in the output folder${worker ? ', with the worker' : ''}`, async () => {
      if (worker) usePlanFingerprintWorker(pathToFileURL(join(REPO_ROOT, 'dist/cli/index.js')).href);
      const dir = tempDir('gitops-sync-attack42-trunc-');
      const text = latePlan(300);
      writeFileSync(join(dir, 'plan.json'), text.slice(0, Math.floor(text.length * 0.9)));
      writeFileSync(join(dir, 'gitops-sync.yaml'), CONFIG_YAML);
      const before = scratchFolders();
      const result = await cli(['drift-detect', '--environment', 'prod', '--terraform-plan-json', 'plan.json', '--head-sha', HEAD, '--output', 'out'], { cwd: dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
      expectOneSentence(result, /plan\.json/);
      expect(scratchFolders()).toEqual(before);
      expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([]);
    }, 60_000);
  }

  test('a plan file replaced after it was read, before its fingerprint reads it again: refused, no scratch folder, nothing written', async () => {
    const dir = tempDir('gitops-sync-attack42-swap-');
    writeFileSync(join(dir, 'plan.json'), latePlan());
    writeFileSync(join(dir, 'gitops-sync.yaml'), CONFIG_YAML);
    const before = scratchFolders();
    // The report's clock is read after the plan is read and before the fingerprint is taken.
    const swapping = { now: () => (writeFileSync(join(dir, 'plan.json'), latePlan().replace('"v3"', '"v9"')), NOW) };
    await expect(
      runDriftDetect(
        { environment: 'prod', config: 'gitops-sync.yaml', terraformDirectory: '', terraformPlanJson: 'plan.json', failOn: 'never', outputDirectory: 'out', cwd: dir, headSha: HEAD },
        { exec: nodeExec, env: {}, clock: swapping },
      ),
    ).rejects.toThrow(/changed while/);
    expect(scratchFolders()).toEqual(before);
    expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([]);
  }, 60_000);

  test('a fingerprint worker that throws as it starts: the same files, no scratch folder', async () => {
    const folder = tempDir('gitops-sync-attack42-broken-');
    writeFileSync(join(folder, 'package.json'), '{ "type": "commonjs" }\n');
    mkdirSync(join(folder, 'plan-fingerprint-worker'));
    writeFileSync(join(folder, 'plan-fingerprint-worker', 'index.js'), "throw new Error('broken worker');\n");
    usePlanFingerprintWorker(pathToFileURL(join(folder, 'index.js')).href, { minimumWaitMs: 200 });
    const dir = tempDir('gitops-sync-attack42-');
    writeFileSync(join(dir, 'plan.json'), latePlan(700));
    writeFileSync(join(dir, 'gitops-sync.yaml'), CONFIG_YAML);
    const before = scratchFolders();
    const result = await runDriftDetect(
      { environment: 'prod', config: 'gitops-sync.yaml', terraformDirectory: '', terraformPlanJson: 'plan.json', failOn: 'never', outputDirectory: 'out', cwd: dir, headSha: HEAD },
      { exec: nodeExec, env: {}, clock },
    );
    expect(scratchFolders()).toEqual(before);
    usePlanFingerprintWorker(import.meta.url);
    const whole = await analyzePlanFile({ planPath: join(dir, 'plan.json'), environment: 'prod', config: parseConfig(CONFIG_YAML, 'test'), fingerprint: true }, { clock });
    whole.head_sha = HEAD;
    expect(readFileSync(join(dir, result.reportPath), 'utf8')).toBe(renderJson(whole));
    expect(result.markdown).toBe(renderMarkdown(whole));
  }, 60_000);
});

describe('attack42: values JSON cannot carry', () => {
  test('a number too large for a double (1e400) in a shown change: the Markdown is the whole report\'s', async () => {
    const text = plan([entry('aws_s3_bucket.huge', { n: 1 }, { n: 7 })]).replace('"n":7', '"n":1e400');
    const run = await both(text);
    expectSame(run);
  }, 60_000);
});

/**
 * Run in a process of its own (os.tmpdir() reads the real environment): the fingerprint's scratch
 * folder is made, the report's cannot be (a full or vanishing TMPDIR), with the real worker.
 */
const REPORT_FOLDER_FAILS = `
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
const require = createRequire(import.meta.url);
const os = require('node:os');
const real = os.tmpdir;
os.tmpdir = () => {
  const stack = new Error().stack;
  return stack.includes('plan-report-file') && !stack.includes('plan-fingerprint-pass') ? '/nonexistent-gitops-sync-attack42' : real();
};
syncBuiltinESMExports();
const [dir, repo] = process.argv.slice(2);
const { nodeExec, runDriftDetect, usePlanFingerprintWorker } = await import(pathToFileURL(join(repo, 'packages/engine/src/index.ts')).href);
usePlanFingerprintWorker(pathToFileURL(join(repo, 'dist/cli/index.js')).href);
try {
  await runDriftDetect({ environment: 'prod', config: 'gitops-sync.yaml', terraformDirectory: '', terraformPlanJson: 'plan.json', failOn: 'never', outputDirectory: 'out', cwd: dir, headSha: 'e'.repeat(40) }, { exec: nodeExec, env: {} });
  console.log('no error');
} catch (error) {
  console.log('error: ' + error.message);
}
`;

test('the report scratch folder cannot be made after the fingerprint pass started: one sentence, the process ends, no fingerprint folder left', () => {
  const dir = tempDir('gitops-sync-attack42-full-');
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  writeFileSync(join(dir, 'plan.json'), latePlan(2000));
  writeFileSync(join(dir, 'gitops-sync.yaml'), CONFIG_YAML);
  writeFileSync(join(dir, 'run.mjs'), REPORT_FOLDER_FAILS);
  const child = spawnSync(process.execPath, ['--import', TSX_LOADER, join(dir, 'run.mjs'), dir, REPO_ROOT], {
    cwd: dir,
    env: { ...process.env, NODE_OPTIONS: '', TSX_DISABLE_CACHE: '1', TMPDIR: tmp },
    encoding: 'utf8',
    timeout: 20_000,
  });
  // Before the fix the worker waited for the rest of the plan forever: the run never ended.
  expect(child.signal).toBeNull();
  expect(child.stdout).toMatch(/^error: Could not make a private scratch folder in .*; set TMPDIR to a writable folder\.\n$/);
  expect(readdirSync(tmp).filter((name) => name.startsWith('gitops-sync-'))).toEqual([]);
  expect(existsSync(join(dir, 'out'))).toBe(false);
}, 40_000);

test('a number beyond a double in a change whose line is scrubbed again: judged as the whole report judges it', async () => {
  const yaml = `${CONFIG_YAML}severity:\n  rules:\n    - id: any-size-is-critical\n      severity: critical\n      match: { source: terraform-plan, kind: aws_s3_bucket, where: { path: /size, equals: '*' } }\n`;
  const dir = tempDir('gitops-sync-attack42-inf-');
  const text = plan([
    entry('aws_s3_bucket.huge', null, { size: 7, copy: LATE }, {}, { actions: ['create'] }),
    entry('aws_s3_bucket.marker', { p: 'x' }, { p: LATE }, {}, { after_sensitive: { p: true } }),
  ]).replace('"size":7', '"size":1e400');
  writeFileSync(join(dir, 'plan.json'), text);
  writeFileSync(join(dir, 'gitops-sync.yaml'), yaml);
  const result = await runDriftDetect(
    { environment: 'prod', config: 'gitops-sync.yaml', terraformDirectory: '', terraformPlanJson: 'plan.json', failOn: 'critical', outputDirectory: 'out', cwd: dir, headSha: HEAD },
    { exec: nodeExec, env: {}, clock },
  );
  const whole = await analyzePlanFile({ planPath: join(dir, 'plan.json'), environment: 'prod', config: parseConfig(yaml, 'test'), fingerprint: true }, { clock });
  whole.head_sha = HEAD;
  // The report holds null there (JSON has no 1e400): `where` reads it as the report says, in memory and read back alike.
  expect(whole.changes.find((change) => change.address === 'aws_s3_bucket.huge')!.severity).toBe(result.report.changes.find((change) => change.address === 'aws_s3_bucket.huge')!.severity);
  expect(result.report.changes_by_severity).toEqual(whole.changes_by_severity);
  expect(Boolean(result.failure)).toBe(whole.changes_by_severity.critical > 0);
  expect(readFileSync(join(dir, result.reportPath), 'utf8')).toBe(renderJson(whole));
}, 60_000);

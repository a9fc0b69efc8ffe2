/**
 * Adversarial review of the plan fingerprint's worker thread (plan-fingerprint-thread.ts): whatever
 * a pull request puts in the plan, the worker must give the fingerprint planFingerprint gives (sync
 * compares them), a worker that never answers must not hang the run, and a plan path that cannot be
 * read is one sentence, not "this is a bug".
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mkdirSync } from 'node:fs';
import { parseConfig, planFingerprint, UserError } from '@gitops-sync/core';
import { analyzePlanFile, usePlanFingerprintWorker } from '@gitops-sync/engine';
import { askWorker } from './support/fingerprint-worker.js';
import { seeded } from './support/seeded.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('gitops-sync-attack16-');
const config = parseConfig('environments:\n  prod:\n    terraform:\n      dir: .\n      workspace: blue\n      var_files: [prod.tfvars]\n', 'gitops-sync.yaml');
const settings = { workspace: 'blue', varFiles: ['prod.tfvars'] };


/** Strings worker and in-process could read differently: escapes, lone surrogates, non-ASCII, long. */
const ODD = ['pw', 's3cr3t-value', 'tok"quote', 'back\\slash', 'café ☕', '\ud800lone', 'pair\ud83d\ude00', 'ctl\u0001x', '(sensitive)', '', 'x'.repeat(5000), '"address"', '},{"address":'];
const KEYS = ['password', 'input', 'output', '__proto__', 'constructor', 'toString', 'length', '0', 'a', 'nested', 'café'];

function generatedPlan(seed: number): string {
  const { next, below: int, pick } = seeded(seed);
  const secrets = Array.from({ length: 4 }, (_, n) => `${pick(ODD)}-secret-${seed}-${n}`);
  const leaf = (): unknown => (next() < 0.4 ? pick(secrets) : next() < 0.5 ? pick(ODD) : next() < 0.5 ? int(100) : next() < 0.5 ? null : true);
  const value = (depth: number): unknown => {
    if (depth > 2 || next() < 0.3) return leaf();
    if (next() < 0.4) return Array.from({ length: int(4) }, () => value(depth + 1));
    const object: Record<string, unknown> = {};
    for (let n = int(4); n > 0; n--) Object.defineProperty(object, pick(KEYS), { value: value(depth + 1), enumerable: true, configurable: true, writable: true });
    return object;
  };
  /** A mask of any shape: true, false, an object or array naming keys the value may not have. */
  const mask = (of: unknown, depth: number): unknown => {
    const roll = next();
    if (roll < 0.2) return true;
    if (roll < 0.3) return false;
    if (roll < 0.35) return [true, {}];
    if (depth > 3 || typeof of !== 'object' || of === null) return next() < 0.5 ? {} : { [pick(KEYS)]: true };
    const result: Record<string, unknown> = Array.isArray(of) ? ([] as unknown as Record<string, unknown>) : {};
    for (const key of Object.keys(of)) if (next() < 0.7) Object.defineProperty(result, key, { value: mask((of as Record<string, unknown>)[key], depth + 1), enumerable: true, configurable: true, writable: true });
    if (!Array.isArray(result) && next() < 0.2) Object.defineProperty(result, pick(KEYS), { value: true, enumerable: true, configurable: true, writable: true });
    return result;
  };
  const change = () => {
    const before = value(0);
    const after = next() < 0.5 ? before : value(0);
    return {
      actions: [pick(['update', 'no-op', 'create', 'delete', 'read'])],
      before,
      after,
      after_unknown: next() < 0.1 ? true : {},
      before_sensitive: mask(before, 0),
      after_sensitive: mask(after, 0),
    };
  };
  const entry = (n: number) => ({ address: `terraform_data.r${n}`, mode: next() < 0.1 ? 'data' : 'managed', type: 'terraform_data', name: `r${n}`, change: change() });
  const outputs: Record<string, unknown> = {};
  for (let n = int(3); n > 0; n--) {
    const c = change();
    outputs[`out${n}`] = { ...c, actions: ['update'], sensitive: next() < 0.2 };
  }
  const plan = {
    format_version: '1.2',
    resource_drift: Array.from({ length: int(3) }, (_, n) => entry(100 + n)),
    resource_changes: Array.from({ length: 1 + int(8) }, (_, n) => entry(n)),
    output_changes: outputs,
  };
  const text = JSON.stringify(plan);
  // Pretty-printed (jq .) and with a BOM now and then.
  const shaped = next() < 0.3 ? JSON.stringify(plan, null, 2) : text;
  return next() < 0.1 ? `\ufeff${shaped}` : shaped;
}


describe('generated plans: the worker gives the fingerprint planFingerprint gives', () => {
  const seeds = Array.from({ length: 40 }, (_, n) => n + 1);
  test('every seed', async () => {
    const mismatches: number[] = [];
    let compared = 0;
    for (const seed of seeds) {
      const text = generatedPlan(seed);
      const bytes = Buffer.from(text);
      const secrets: string[] = [];
      let expected: string;
      try {
        expected = planFingerprint(bytes, { ...settings, onSecret: (value) => void secrets.push(value) }).fingerprint;
      } catch (error) {
        if (error instanceof UserError) continue;
        throw error;
      }
      compared++;
      const path = join(dir, `generated-${seed}.json`);
      writeFileSync(path, bytes);
      const answer = await askWorker(path, secrets);
      if (!('fingerprint' in answer) || answer.fingerprint !== expected) mismatches.push(seed);
    }
    expect(compared).toBeGreaterThan(20);
    expect(mismatches).toEqual([]);
  }, 60_000);
});

describe('analyzePlanFile: a plan path that cannot be read is one sentence', () => {
  const plan = join(dir, 'plan.json');
  writeFileSync(plan, '{"format_version":"1.2","resource_changes":[]}');
  const loop = join(dir, 'loop.json');
  symlinkSync(loop, loop);

  test.each([
    ['below a file (ENOTDIR)', join(plan, 'x')],
    ['a symlink to itself (ELOOP)', loop],
  ])('%s, with and without the fingerprint: a UserError', async (_name, path) => {
    for (const fingerprint of [false, true]) {
      await expect(analyzePlanFile({ planPath: path, environment: 'prod', config, fingerprint }, {})).rejects.toBeInstanceOf(UserError);
    }
  });
});

describe('a worker that never answers', () => {
  afterEach(() => usePlanFingerprintWorker(import.meta.url));

  test('does not hang the run: past its time the fingerprint is computed in this thread, the same', async () => {
    const folder = tempDir('gitops-sync-attack16-hang-');
    writeFileSync(join(folder, 'package.json'), '{ "type": "commonjs" }\n');
    mkdirSync(join(folder, 'plan-fingerprint-worker'));
    // Listens (so it stays alive) and never answers.
    writeFileSync(join(folder, 'plan-fingerprint-worker', 'index.js'), "require('node:worker_threads').parentPort.on('message', () => {});\n");
    usePlanFingerprintWorker(pathToFileURL(join(folder, 'index.js')).href, { minimumWaitMs: 200 });
    const path = join(dir, 'hang.json');
    const text = generatedPlan(7);
    writeFileSync(path, text);
    const report = await analyzePlanFile({ planPath: path, environment: 'prod', config, fingerprint: true }, {});
    expect(report.plan_fingerprint).toBe(planFingerprint(Buffer.from(text), settings).fingerprint);
  }, 20_000);
});

describe('an output named __proto__ (a valid Terraform identifier)', () => {
  const plan = (after: string) =>
    `{"format_version":"1.2","resource_changes":[],"output_changes":{"__proto__":{"actions":["update"],"before":"a","after":${JSON.stringify(after)},"before_sensitive":false,"after_sensitive":false,"after_unknown":false}}}`;

  test('is covered by the fingerprint: another value after review is another fingerprint, in the worker too', async () => {
    const reviewed = planFingerprint(plan('reviewed'), settings).fingerprint;
    expect(planFingerprint(plan('not reviewed'), settings).fingerprint).not.toBe(reviewed);
    const path = join(dir, 'proto-output.json');
    writeFileSync(path, plan('reviewed'));
    expect(await askWorker(path, [])).toEqual({ fingerprint: reviewed });
  });
});

describe('a pretty-printed plan over several 4 MB chunks, read by the worker through two reused buffers', () => {
  test('unmarked copies of secrets marked chunks later, a BOM, CRLF: the fingerprint planFingerprint gives', async () => {
    const count = 12_000;
    const resourceChanges = Array.from({ length: count }, (_, n) => ({
      address: `terraform_data.app${n}`,
      mode: 'managed',
      type: 'terraform_data',
      name: `app${n}`,
      change: {
        actions: [n % 4 ? 'no-op' : 'update'],
        // Entry n copies the secret entry n + 9000 marks (chunks later), unmarked.
        before: { input: { password: `pw-${n}-é\ud800`, copy: n + 9000 < count ? `pw-${n + 9000}-é\ud800` : 'plain', long: 'y'.repeat(n % 300) } },
        after: { input: { password: `pw-${n}-é\ud800`, copy: 'plain', long: 'y'.repeat(n % 300) } },
        after_unknown: {},
        before_sensitive: { input: { password: true } },
        after_sensitive: { input: { password: true } },
      },
    }));
    const text = `\ufeff${JSON.stringify({ format_version: '1.2', resource_changes: resourceChanges, output_changes: {} }, null, 2).replaceAll('\n', '\r\n')}`;
    const bytes = Buffer.from(text);
    expect(bytes.length).toBeGreaterThan(3 * 4 * 1024 * 1024);
    const path = join(dir, 'pretty-large.json');
    writeFileSync(path, bytes);
    const secrets: string[] = [];
    const expected = planFingerprint(bytes, { ...settings, onSecret: (value) => void secrets.push(value) }).fingerprint;
    expect(await askWorker(path, secrets)).toEqual({ fingerprint: expected });
    // The copy in app0 was redacted: another secret in its place gives the same fingerprint, a non-secret another one.
    const copyInApp0 = (value: string) => Buffer.from(text.replace('"pw-9000-é\\ud800"', value));
    expect(planFingerprint(copyInApp0('"pw-9001-é\\ud800"'), settings).fingerprint).toBe(expected);
    expect(planFingerprint(copyInApp0('"pw-9000-x"'), settings).fingerprint).not.toBe(expected);
  }, 60_000);
});

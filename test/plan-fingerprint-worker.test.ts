/**
 * drift-detect and `analyze --fingerprint` compute the plan fingerprint in a worker thread beside the
 * analysis (the worker bundle beside dist/cli and dist/drift-detect), from the plan's bytes as the
 * analysis reads them. The fingerprint must be the one planFingerprint gives for the plan the report
 * shows — sync compares it with the plan it is about to apply — whatever the worker does (answers,
 * fails, hangs) and whatever happens to the file meanwhile.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { observePlanForFingerprint, parseConfig, planFingerprint, PlanFingerprinter } from '@gitops-sync/core';
import { analyzePlanFile, usePlanFingerprintWorker } from '@gitops-sync/engine';
import { checkedPlanReader, PIECE_BUFFER_BYTES } from '../packages/engine/src/drift/plan-fingerprint-thread.js';
import { REPO_ROOT, tofuFixture } from './support/paths.js';
import { askWorker, COPY_FIRST_PLAN } from './support/fingerprint-worker.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('gitops-sync-fingerprint-worker-');
const config = parseConfig('environments:\n  prod:\n    terraform:\n      dir: .\n      workspace: blue\n      var_files: [prod.tfvars]\n', 'gitops-sync.yaml');
const settings = { workspace: 'blue', varFiles: ['prod.tfvars'] };

const copyFirst = COPY_FIRST_PLAN;

function planFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/**
 * Entries of several MB: each read chunk reaches the worker in several buffers (PIECE_BUFFER_BYTES),
 * and a secret and its unmarked copy sit across the buffers' edges.
 */
function largeEntriesPlan(): string {
  const plan = JSON.parse(copyFirst) as { resource_changes: { change: { before: Record<string, unknown>; after: Record<string, unknown> } }[] };
  const filler = (size: number) => 'f'.repeat(size);
  for (const [index, entry] of plan.resource_changes.entries()) {
    entry.change.before.notes = filler((index + 1) * PIECE_BUFFER_BYTES + 3);
    entry.change.after.notes = filler((index + 2) * PIECE_BUFFER_BYTES - 7);
  }
  return JSON.stringify(plan);
}

const PLANS: Record<string, string> = {
  'a copy of a secret before the entry that marks it': planFile('copy-first.json', copyFirst),
  'the same with entries of several MB, each in several buffers': planFile('large-entries.json', largeEntriesPlan()),
  'a real OpenTofu plan with sensitive values': planFile('sensitive-values.json', readFileSync(tofuFixture('sensitive-values'), 'utf8')),
  'a real OpenTofu plan with drift': planFile('drift.json', readFileSync(tofuFixture('drift'), 'utf8')),
};
const expected = (path: string) => planFingerprint(readFileSync(path), settings).fingerprint;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The secrets the analysis hands on (what parseTerraformPlan gives onSecret). */
function analysisSecrets(path: string): string[] {
  const secrets: string[] = [];
  planFingerprint(readFileSync(path), { ...settings, onSecret: (value) => void secrets.push(value) });
  return secrets;
}

describe('the worker bundle', () => {
  test.each(Object.keys(PLANS))('%s: the fingerprint planFingerprint gives', async (name) => {
    const path = PLANS[name]!;
    expect(await askWorker(path, analysisSecrets(path))).toEqual({ fingerprint: expected(path) });
  });

  test('a string it took for a secret that the analysis did not: it starts again with exactly the analysis secrets', async () => {
    const path = PLANS['a copy of a secret before the entry that marks it']!;
    // Told of no secrets, the worker must not use hunter22-db, which it found itself: the unmarked copy is written as is.
    const bytes = readFileSync(path);
    const noSecrets = new PlanFingerprinter(settings);
    observePlanForFingerprint(bytes, noSecrets);
    const answer = await askWorker(path, []);
    expect(answer).toEqual({ fingerprint: noSecrets.fingerprint(bytes) });
    expect(answer).not.toEqual({ fingerprint: expected(path) });
  });
});

describe('analyzePlanFile with the worker', () => {
  afterEach(() => usePlanFingerprintWorker(import.meta.url));

  test.each(Object.keys(PLANS))('%s: the real worker gives the fingerprint planFingerprint gives', async (name) => {
    usePlanFingerprintWorker(pathToFileURL(join(REPO_ROOT, 'dist/cli/index.js')).href);
    const report = await analyzePlanFile({ planPath: PLANS[name]!, environment: 'prod', config, fingerprint: true }, {});
    expect(report.plan_fingerprint).toBe(expected(PLANS[name]!));
  });

  test('a plan rewritten while the analysis reads it: the fingerprint is of the plan the report shows', async () => {
    usePlanFingerprintWorker(pathToFileURL(join(REPO_ROOT, 'dist/cli/index.js')).href);
    const read = readFileSync(PLANS['a copy of a secret before the entry that marks it']!, 'utf8');
    const rewritten = read.replaceAll('hunter22-db', 'hunter33-db').replace('"size":"large"', '"size":"huge"');
    const path = planFile('rewritten-while-read.json', read);
    // The analysis meets the plan's first secret once it has read the (one-chunk) file: the file is rewritten then.
    // (This plan needs the worker's second pass, which finds the file changed: the analysis is done again, of the new plan.)
    const onSecret = () => writeFileSync(path, rewritten);
    const report = await analyzePlanFile({ planPath: path, environment: 'prod', config, fingerprint: true }, { onSecret });
    const shown = report.changes.some((change) => change.fields.some((field) => field.after === 'large')) ? read : rewritten;
    expect(report.plan_fingerprint).toBe(planFingerprint(Buffer.from(shown), settings).fingerprint);
  });

  /** A stand-in worker beside a stand-in entry point, answering `answer` (or failing as `body` does). */
  function standIn(name: string, body: string): string {
    const folder = tempDir(`gitops-sync-stand-in-${name}-`);
    writeFileSync(join(folder, 'package.json'), '{ "type": "commonjs" }\n');
    const workerFolder = join(folder, 'plan-fingerprint-worker');
    mkdirSync(workerFolder);
    writeFileSync(join(workerFolder, 'index.js'), `const { parentPort } = require('node:worker_threads');\n${body}\n`);
    return pathToFileURL(join(folder, 'index.js')).href;
  }

  test.each([
    ['answers that it failed', "parentPort.once('message', () => parentPort.postMessage({ failed: 'boom' }));"],
    ['throws as it starts', "throw new Error('worker broke');"],
    ['exits without an answer', 'process.exit(3);'],
    ['answers null', "parentPort.once('message', () => parentPort.postMessage(null));"],
    ['answers a fingerprint that is not one', "parentPort.once('message', () => parentPort.postMessage({ fingerprint: 'sha256:0' }));"],
    ['answers what an older worker did for a plan it read changed', "parentPort.once('message', () => parentPort.postMessage({ changed: true }));"],
  ])('a worker that %s: the fingerprint is computed in this thread, the same', async (_name, body) => {
    usePlanFingerprintWorker(standIn('failing', body));
    const path = PLANS['a copy of a secret before the entry that marks it']!;
    const report = await analyzePlanFile({ planPath: path, environment: 'prod', config, fingerprint: true }, {});
    expect(report.plan_fingerprint).toBe(expected(path));
  });
});

describe('reading the plan again for the fingerprint', () => {
  test('a plan whose bytes are not those first read is refused once read', () => {
    const path = planFile('rewritten.json', copyFirst);
    const reader = checkedPlanReader({ path, what: 'a plan', label: 'plan.json' }, createHash('sha256').update(copyFirst.replace('hunter22', 'hunter33')).digest('hex'));
    expect(() => reader((source) => {
      while (source()) {
        // read to the end
      }
    })).toThrow('plan.json changed while gitops-sync read it;');
    const same = checkedPlanReader({ path, what: 'a plan', label: 'plan.json' }, sha256(path));
    expect(same((source) => {
      let bytes = 0;
      for (let chunk = source(); chunk; chunk = source()) bytes += chunk.length;
      return bytes;
    })).toBe(Buffer.byteLength(copyFirst));
  });
});

describe('the CLI bundle', () => {
  test.each(Object.keys(PLANS))('%s: drift-detect and analyze --fingerprint report the fingerprint planFingerprint gives', (name) => {
    const path = PLANS[name]!;
    const configPath = join(dir, 'gitops-sync.yaml');
    writeFileSync(configPath, 'environments:\n  prod:\n    terraform:\n      dir: .\n      workspace: blue\n      var_files: [prod.tfvars]\n');
    const out = join(dir, `reports-${name.replaceAll(' ', '-')}`);
    const cli = join(REPO_ROOT, 'dist/cli/index.js');
    const driftDetect = spawnSync('node', [cli, 'drift-detect', '--config', configPath, '--environment', 'prod', '--terraform-plan-json', path, '--fail-on', 'never', '--output', out], { encoding: 'utf8', cwd: dir });
    expect(driftDetect.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'drift-report-prod.json'), 'utf8')).plan_fingerprint).toBe(expected(path));
    const analyze = spawnSync('node', [cli, 'analyze', '--config', configPath, '--environment', 'prod', '--source', 'terraform-plan', '--input', path, '--fingerprint', '--format', 'json'], { encoding: 'utf8', cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    expect(JSON.parse(analyze.stdout).plan_fingerprint).toBe(expected(path));
  });
});

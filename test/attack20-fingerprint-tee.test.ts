/**
 * Adversarial review of the plan fingerprint fed by the analysis (readTopLevel's tee, the pieces the
 * worker thread is handed, its second pass checked against them): a plan author must not be able to
 * make the fingerprint differ from planFingerprint of the plan the report shows, nor make the run
 * hang, crawl or run out of memory where the analysis alone would not.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseConfig, planFingerprint } from '@gitops-sync/core';
import { readTopLevel, wholeBytes } from '@gitops-sync/core/json/top-level-reader';
import { FINGERPRINT_INPUT_KEYS } from '@gitops-sync/core/plan/plan-fingerprinter';
import { analyzePlanFile, usePlanFingerprintWorker } from '@gitops-sync/engine';
import { checkedTeeReader } from '../packages/engine/src/drift/plan-fingerprint-thread.js';
import { COPY_FIRST_PLAN } from './support/fingerprint-worker.js';
import { REPO_ROOT } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('gitops-sync-attack20-');
const config = parseConfig('environments:\n  prod:\n    terraform:\n      dir: .\n      workspace: blue\n      var_files: [prod.tfvars]\n', 'gitops-sync.yaml');
const settings = { workspace: 'blue', varFiles: ['prod.tfvars'] };

/** COPY_FIRST_PLAN (its fingerprint needs the second pass) with `"resource_drift":0` repeated `times` before its other members: two tee pieces each. */
const repeatedMembers = (times: number) => COPY_FIRST_PLAN.replace('{', `{${'"resource_drift":0,'.repeat(times)}`);

describe('a member repeated a hundred thousand times (no Terraform writes one; a plan author may)', () => {
  const text = repeatedMembers(100_000);
  const bytes = Buffer.from(text);

  test('reaches the tee in a few large pieces, not two per member (each a message to the worker in a 5 MB buffer: 17 s and 300 MB for a 19 MB plan)', () => {
    const pieces: Buffer[] = [];
    readTopLevel(wholeBytes(bytes), { values: [], arrays: [], onItem: () => {}, tee: { keys: FINGERPRINT_INPUT_KEYS, sink: (piece) => void pieces.push(Buffer.from(piece)) } });
    expect(JSON.parse(Buffer.concat(pieces).toString('utf8'))).toEqual({
      resource_drift: 0,
      resource_changes: JSON.parse(COPY_FIRST_PLAN).resource_changes,
      output_changes: JSON.parse(COPY_FIRST_PLAN).output_changes,
    });
    expect(pieces.length).toBeLessThan(bytes.length / 16_384);
  });

  test("the worker's second pass holds it in a few pieces, not one per member (one ArrayBuffer each: 1.2 GB for a 19 MB plan)", () => {
    const path = join(dir, 'repeated.json');
    writeFileSync(path, bytes);
    const handedOver = createHash('sha256');
    readTopLevel(wholeBytes(bytes), { values: [], arrays: [], onItem: () => {}, tee: { keys: FINGERPRINT_INPUT_KEYS, sink: (piece) => void handedOver.update(piece) } });
    let pieces = 0;
    const read = checkedTeeReader({ path, what: 'a plan', label: path }, handedOver.digest('hex'))((source) => {
      while (source()) pieces++;
      return pieces;
    });
    expect(read).toBeLessThan(bytes.length / 16_384);
  });

  test('analyzePlanFile with the worker: the fingerprint planFingerprint gives, in about the time of the analysis alone', async () => {
    usePlanFingerprintWorker(pathToFileURL(join(REPO_ROOT, 'dist/cli/index.js')).href);
    const path = join(dir, 'repeated-200k.json');
    // Without an entry that makes the worker read the plan again: that pass is the worker bundle's, timed above through the source.
    const { resource_changes: changes } = JSON.parse(COPY_FIRST_PLAN) as { resource_changes: unknown[] };
    const text = `{${'"resource_drift":0,'.repeat(200_000)}"format_version":"1.2","resource_changes":${JSON.stringify(changes.slice(2))}}`;
    writeFileSync(path, text);
    const timed = async (fingerprint: boolean) => {
      const started = performance.now();
      const report = await analyzePlanFile({ planPath: path, environment: 'prod', config, fingerprint }, {});
      return { report, ms: performance.now() - started };
    };
    const alone = await timed(false);
    const withWorker = await timed(true);
    expect(withWorker.report.plan_fingerprint).toBe(planFingerprint(Buffer.from(text), settings).fingerprint);
    // Generous (a shared machine; the worker takes a moment to start): it took 15 times the analysis alone.
    expect(withWorker.ms).toBeLessThan(4 * alone.ms + 1_000);
  }, 60_000);
});

import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { planFingerprint } from '@gitops-sync/core';
import { readTopLevel, wholeBytes } from '@gitops-sync/core/json/top-level-reader';
import { FINGERPRINT_INPUT_KEYS } from '@gitops-sync/core/plan/plan-fingerprinter';
import { PIECE_BUFFER_BYTES, PlanFingerprintThread } from '../packages/engine/src/drift/plan-fingerprint-thread.js';
import { COPY_FIRST_PLAN, WORKER_BUNDLE } from './support/fingerprint-worker.js';
import { seeded } from './support/seeded.js';
import { tempDir } from './support/temp-dir.js';

/*
 * attack21: the tee's pieces reach the worker in PIECE_BUFFER_BYTES buffers, a larger piece in several.
 * Whatever the pieces (empty, tiny, exactly a buffer, a buffer ± 1, several buffers) and wherever the
 * buffers' edges fall (inside a secret, inside a multi-byte character), the worker's fingerprint must be
 * planFingerprint's. The pieces are handed over as the reader hands them: in a buffer it then overwrites.
 */

const dir = tempDir('gitops-sync-attack21-fingerprint-');
const settings = { workspace: 'blue', varFiles: ['prod.tfvars'] };
const MB = PIECE_BUFFER_BYTES;

/** COPY_FIRST_PLAN with notes of several MB of multi-byte text, the secret and its unmarked copy among them. */
function plan(): Buffer {
  const parsed = JSON.parse(COPY_FIRST_PLAN) as { resource_changes: { change: { before: Record<string, unknown>; after: Record<string, unknown> } }[] };
  for (const [index, entry] of parsed.resource_changes.entries()) {
    entry.change.before.notes = `${'é😀x'.repeat(((index + 1) * MB) / 16)}hunter22-db${'€'.repeat(MB / 12)}`;
    entry.change.after.notes = `tok-3141-secret${'ü'.repeat(MB / 8 + index)}`;
  }
  return Buffer.from(JSON.stringify(parsed));
}

const bytes = plan();
const path = join(dir, 'plan.json');
writeFileSync(path, bytes);
const expected = planFingerprint(bytes, settings).fingerprint;
const secrets: string[] = [];
planFingerprint(bytes, { ...settings, onSecret: (secret) => void secrets.push(secret) });

/** What the analysis hands the tee, concatenated. */
const teed = (() => {
  const pieces: Buffer[] = [];
  readTopLevel(wholeBytes(bytes), { values: [], arrays: [], onItem: () => {}, tee: { keys: FINGERPRINT_INPUT_KEYS, sink: (piece) => void pieces.push(Buffer.from(piece)) } });
  return Buffer.concat(pieces);
})();

/** The worker's answer for `teed` handed over in pieces of `sizes` (the rest in one), each from a buffer overwritten after the call. */
async function answerFor(sizes: number[]) {
  const thread = PlanFingerprintThread.start({ path, what: 'a plan', label: path, ...settings }, pathToFileURL(WORKER_BUNDLE))!;
  try {
    const reused = Buffer.alloc(teed.length);
    let from = 0;
    for (const size of [...sizes, teed.length]) {
      const length = Math.min(size, teed.length - from);
      teed.copy(reused, 0, from, from + length);
      thread.tee.sink(reused.subarray(0, length));
      reused.fill(0x7b, 0, length);
      from += length;
      if (from === teed.length) break;
    }
    thread.endOfPlan();
    return await thread.fingerprint({ secrets }, 30_000);
  } finally {
    thread.stop();
  }
}

/** Piece sizes that put a buffer edge `inside` bytes into every occurrence of `text` (a piece starting `inside` + 1 MB before it). */
function edgesInside(text: string, inside: number): number[] {
  const sizes: number[] = [];
  let at = 0;
  for (let found = teed.indexOf(text); found >= 0; found = teed.indexOf(text, found + 1)) {
    const start = found + inside - MB;
    if (start <= at) continue;
    sizes.push(start - at, MB + 5);
    at = start + MB + 5;
  }
  return sizes;
}

describe('attack21: the tee in PIECE_BUFFER_BYTES buffers', () => {
  test('the plan is large enough: its tee spans several buffers, with the secrets and multi-byte text across them', () => {
    expect(teed.length).toBeGreaterThan(3 * MB);
    expect(secrets).toEqual(expect.arrayContaining(['hunter22-db', 'tok-3141-secret']));
    for (const [text, inside] of [['hunter22-db', 4], ['😀', 2]] as const) expect(edgesInside(text, inside).length).toBeGreaterThanOrEqual(4);
  });

  test.each([
    ['pieces of exactly a buffer', Array(8).fill(MB)],
    ['pieces of a buffer + 1', Array(8).fill(MB + 1)],
    ['pieces of a buffer − 1', Array(8).fill(MB - 1)],
    ['empty pieces between pieces of 1, 2 and 3 bytes and two buffers', [0, 1, 0, 0, 2, 3, 0, 2 * MB, 0, 2 * MB + 1, 0]],
    ['500 tiny pieces, then 2 buffers − 1', [...Array.from({ length: 500 }, (_, i) => 1 + (i % 7)), 2 * MB - 1]],
    ['buffer edges inside the secret and its unmarked copy', edgesInside('hunter22-db', 4)],
    ['buffer edges inside a four-byte character', edgesInside('😀', 2)],
  ])('%s: the fingerprint planFingerprint gives', async (_name, sizes) => {
    expect(await answerFor(sizes as number[])).toEqual({ fingerprint: expected });
  });

  test('random piece sizes around the buffer size', async () => {
    const random = seeded(2121);
    const sizes = Array.from({ length: 40 }, () => random.pick([0, 1, MB - 1, MB, MB + 1, 3 * MB + 7]) + random.below(3) * random.below(20_000));
    expect(await answerFor(sizes)).toEqual({ fingerprint: expected });
  });
});

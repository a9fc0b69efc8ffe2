/**
 * A large plan is read in chunks through two buffers that take turns (withInputChunks `reuse`): a
 * fresh 4 MB buffer per chunk cost more than reading the file. That is only right while the plan
 * reader keeps nothing of a chunk once it has asked for the one after it; a reader that did would
 * see the bytes of a later chunk in its place. These tests make the chunks small and odd-sized, so
 * values, batches and secrets fall across chunk edges, and compare with reading the plan whole.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlanFingerprinter, parseConfig, parseTerraformPlan, planFingerprint, wholeBytes, type ByteSource } from '@gitops-sync/core';
import { analyzePlanFile, withInputChunks } from '@gitops-sync/engine';
import { tempDir } from './support/temp-dir.js';

const dir = tempDir('gitops-sync-chunks-reused-');
const options = { workspace: 'default', varFiles: [] };

/** A plan with secrets, unmarked copies of them, multi-byte text and entries long and short. */
function plan(entries: number): string {
  const resourceChanges = Array.from({ length: entries }, (_, n) => ({
    address: `terraform_data.app${n}`,
    mode: 'managed',
    type: 'terraform_data',
    name: `app${n}`,
    provider_name: 'terraform.io/builtin/terraform',
    change: {
      actions: [n % 3 ? 'no-op' : 'update'],
      before: { input: { password: `pw-${n}-old`, note: `café ☕ ${'x'.repeat(n % 97)}`, copy: n === 5 ? 'pw-40-old' : 'plain', size: 'small' } },
      after: { input: { password: `pw-${n}-new`, note: `café ☕ ${'x'.repeat(n % 97)}`, copy: n === 5 ? 'pw-40-old' : 'plain', size: n % 3 ? 'small' : 'large' } },
      after_unknown: {},
      before_sensitive: { input: { password: true } },
      after_sensitive: { input: { password: true } },
    },
  }));
  return JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', planned_values: { root_module: {} }, resource_changes: resourceChanges });
}

/** `bytes` in chunks of `size`, copied into two buffers that take turns, as withInputChunks `reuse` does. */
function reusedChunks(bytes: Uint8Array, size: number): ByteSource {
  const turns = [Buffer.alloc(size), Buffer.alloc(size)];
  let at = 0;
  let handedOut = 0;
  return () => {
    if (at >= bytes.length) return undefined;
    const chunk = turns[handedOut++ % 2]!;
    const length = Math.min(size, bytes.length - at);
    chunk.set(bytes.subarray(at, at + length));
    at += length;
    return chunk.subarray(0, length);
  };
}

const parse = (source: Uint8Array | ByteSource) => parseTerraformPlan(source, { label: 'plan.json' });

describe('a plan read through two buffers that take turns', () => {
  const bytes = Buffer.from(plan(400));

  test.each([97, 1000, 4093, 65_537])('in %i-byte chunks it reads as it does whole: every change and every mask', (size) => {
    const whole = parse(wholeBytes(bytes));
    expect(whole.changes.length).toBeGreaterThan(100);
    expect(parse(reusedChunks(bytes, size))).toEqual(whole);
  });

  test.each([97, 4093])('in %i-byte chunks the fingerprint is the same, unmarked copies of later secrets included', (size) => {
    const fingerprinter = new PlanFingerprinter(options);
    const parsed = parseTerraformPlan(reusedChunks(bytes, size), { label: 'plan.json', onSecret: fingerprinter.onSecret, observer: fingerprinter.observer });
    const fingerprint = fingerprinter.finish(parsed, (consume) => consume(reusedChunks(bytes, size))).fingerprint;
    expect(fingerprint).toBe(planFingerprint(bytes, options).fingerprint);
    // The copy of pw-40-old in app5 comes before app40 marks it: redacted, so another secret there gives the same fingerprint.
    expect(planFingerprint(Buffer.from(plan(400).replaceAll('pw-40-old', 'pw-40-xyz')), options).fingerprint).toBe(fingerprint);
  });

  test('a plan file larger than one 4 MB chunk is analysed as the same plan read whole', async () => {
    const large = Buffer.from(plan(30_000));
    expect(large.length).toBeGreaterThan(3 * 4 * 1024 * 1024);
    const path = join(dir, 'large-plan.json');
    writeFileSync(path, large);
    const reads: number[] = [];
    const chunked = withInputChunks(path, 'a plan', (next) => parse(() => {
      const chunk = next();
      if (chunk) reads.push(chunk.length);
      return chunk;
    }), { reuse: true });
    expect(reads.length).toBeGreaterThan(3);
    expect(chunked).toEqual(parse(wholeBytes(large)));
    const config = parseConfig('environments:\n  default: {}\n', 'gitops-sync.yaml');
    const report = await analyzePlanFile({ planPath: path, environment: 'default', config, fingerprint: true }, {});
    expect(report.plan_fingerprint).toBe(planFingerprint(large, options).fingerprint);
  });
});

/**
 * Attack on "monitoring state: values that do not validate are dropped with a warning": the hidden
 * state block is gzipped base64 in an issue body that anyone with write access can edit (a GitLab
 * description holds up to 1,000,000 characters). Decompressed without a bound, a block of under a
 * megabyte becomes hundreds of megabytes in every monitoring run (a gzip bomb), and JSON whitespace
 * keeps it a valid state. gitops-sync writes at most 16,000 characters of block; more is not ours.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from '@jest/globals';
import { recoverStateBlock, stateBlock, type DriftState } from '@gitops-sync/core';

const STATE: DriftState = {
  schema: 'gitops-sync/drift-state@1',
  environment: 'prod',
  alerting: true,
  alerted_severity: 'critical',
  first_seen: { 'aws_s3_bucket.logs': '2026-11-20T08:00:00.000Z' },
  history: [{ at: '2026-11-20T08:00:00.000Z', critical: 1, high: 0, medium: 0, low: 0 }],
};

describe('a state block inflated to tens of megabytes', () => {
  test('is not decompressed into memory; the run warns and starts fresh', () => {
    const json = JSON.stringify(STATE);
    // Valid JSON: 64 MB of whitespace before the closing brace, about 90,000 base64 characters.
    const inflated = Buffer.concat([Buffer.from(json.slice(0, -1)), Buffer.alloc(64 * 1024 * 1024, 0x20), Buffer.from('}')]);
    const block = gzipSync(inflated, { level: 9 }).toString('base64');
    expect(block.length).toBeLessThan(1_000_000);

    const recovered = recoverStateBlock(`body\n<!-- gitops-sync:drift-state ${block} -->`, 'prod', new Date('2026-11-25T08:00:00Z'));

    expect(recovered.state).toBeUndefined();
    expect(recovered.problems).toEqual([expect.stringMatching(/larger than gitops-sync writes/)]);
  });

  test('a block short enough to fit a GitHub issue body but inflating to 40 MB is refused the same way', () => {
    const json = JSON.stringify(STATE);
    const inflated = Buffer.concat([Buffer.from(json.slice(0, -1)), Buffer.alloc(40 * 1024 * 1024, 0x20), Buffer.from('}')]);
    const block = gzipSync(inflated, { level: 9 }).toString('base64');
    expect(block.length).toBeLessThan(65_536);

    const recovered = recoverStateBlock(`<!-- gitops-sync:drift-state ${block} -->`, 'prod', new Date('2026-11-25T08:00:00Z'));

    expect(recovered.state).toBeUndefined();
    expect(recovered.problems).toEqual(['has a drift state larger than gitops-sync writes; it is replaced and drift ages start now.']);
  });

  test('a state gitops-sync wrote, even at its size limit, still reads back', () => {
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`aws_instance.node[${i}]`, new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString()]));
    const block = stateBlock({ ...STATE, first_seen: many });
    const recovered = recoverStateBlock(block, 'prod', new Date('2026-11-25T08:00:00Z'));
    expect(recovered.problems).toEqual([]);
    expect(Object.keys(recovered.state!.first_seen).length).toBeGreaterThan(100);
  });

  test('one newer resource with a huge address does not push out the oldest first-seen time (helper-139)', () => {
    // 60,000 hex characters that do not compress: the block is past its limit with two entries.
    let hex = '';
    for (let round = 0; hex.length < 60_000; round++) hex += createHash('sha256').update(`${round}`).digest('hex');
    const first_seen = { 'aws_iam_role.old': '2026-11-18T08:00:00.000Z', [`aws_ssm_parameter.p["${hex}"]`]: '2026-11-20T08:00:00.000Z' };
    const kept = recoverStateBlock(stateBlock({ ...STATE, first_seen }), 'prod', new Date('2026-11-20T09:00:00Z')).state!.first_seen;
    expect(kept).toEqual({ 'aws_iam_role.old': '2026-11-18T08:00:00.000Z' });
  });

  test('250,000 drifted resources: the block fits and keeps the oldest first-seen times, by time whatever their offsets', () => {
    // A second apart: those kept span minutes.
    const many: Record<string, string> = Object.fromEntries(Array.from({ length: 250_000 }, (_, i) => [`aws_instance.node[${i}]`, new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString()]));
    // The oldest of all (2026-10-31T23:59Z), written with an offset that sorts it as text after hours of the others.
    many['aws_iam_role.first'] = '2026-11-01T13:59:00+14:00';
    const block = stateBlock({ ...STATE, first_seen: many });
    expect(block.length).toBeLessThan(16_100);
    const kept = recoverStateBlock(block, 'prod', new Date('2027-01-01T00:00:00Z')).state!.first_seen;
    expect(kept['aws_iam_role.first']).toBe('2026-11-01T13:59:00+14:00');
    const nodes = Object.keys(kept).filter((address) => address.startsWith('aws_instance')).length;
    expect(nodes).toBeGreaterThan(100);
    // The oldest ones, without a gap.
    expect(Object.keys(kept).filter((address) => address.startsWith('aws_instance')).sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0])).at(-1)).toBe(`aws_instance.node[${nodes - 1}]`);
  });
});

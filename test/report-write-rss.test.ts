/**
 * The report file is written through one reused buffer (issue 15: a 300k-change plan analysed within
 * 2 x the file's size in memory). What reaches the disk must be exactly the rendered report, whatever
 * the pieces look like: multi-byte characters across the buffer's edge, pieces larger than the buffer.
 */
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { BATCH_CHARS, parseConfig, renderJson, renderJsonChunks, type DriftReport } from '@gitops-sync/core';
import { prettyJsonChunks } from '../packages/core/src/report/pretty-json.js';
import { analyzePlanFile, fileSink, writeFileAtomic, writePieces } from '@gitops-sync/engine';
import { tofuFixture } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

const MB = 1024 * 1024;
const dir = tempDir('gitops-sync-report-write-');

function written(pieces: Iterable<string>): Buffer {
  const path = join(dir, `pieces-${Math.random().toString(36).slice(2)}`);
  const fd = openSync(path, 'w');
  try {
    writePieces(fileSink(fd), pieces);
  } finally {
    closeSync(fd);
  }
  return readFileSync(path);
}

describe('writePieces writes exactly the text it is given', () => {
  test('multi-byte characters falling across the 1 MB buffer edge arrive whole', () => {
    // Pieces of odd sizes, mostly 3-byte (€) and 4-byte (surrogate pair) characters, ~6 MB in all.
    const pieces = Array.from({ length: 40_000 }, (_, i) => `${'€'.repeat(11 + (i % 17))}${'😀'.repeat(i % 3)}${'a'.repeat(i % 5)}\n`);
    expect(written(pieces).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
  });

  test('a piece larger than the buffer, between small ones, keeps its place', () => {
    const big = `${'é'.repeat(MB)}${'x'.repeat(MB)}`;
    const pieces = ['head\n', big, '\nmiddle\n', big, 'tail'];
    expect(written(pieces).toString('utf8')).toBe(pieces.join(''));
  });

  test('nothing to write gives an empty file; one string is written as it is', () => {
    expect(written([]).length).toBe(0);
    expect(written(['{}\n']).toString('utf8')).toBe('{}\n');
  });
});

describe('the report file of a real plan', () => {
  test('analyze of a real OpenTofu plan: the file holds exactly renderJson of the report', async () => {
    const config = parseConfig('environments: {}\n', 'test');
    const report = await analyzePlanFile({ planPath: tofuFixture('multi-resource-update'), environment: 'prod', config, fingerprint: false }, {});
    expect(report.total_changes).toBeGreaterThan(0);
    const path = join(dir, 'report.json');
    writeFileAtomic(path, renderJsonChunks(report));
    expect(readFileSync(path, 'utf8')).toBe(renderJson(report));
  });
});

describe('prettyJsonChunks is JSON.stringify(value, null, 2), indented, in pieces', () => {
  const values: unknown[] = [
    [],
    {},
    null,
    'a "quoted"\nline',
    42,
    true,
    ['x', 1, null, undefined, () => 1, { nested: [[], {}, [1, [2, { deep: 'é😀' }]]] }],
    ['é😀', 'a "quoted"\nline\u2028', 1.5e300, -0, Number.NaN, Infinity, true, false, null, ''],
    { a: undefined, b: 1, c: { d: [{ e: null }], f: undefined }, '': 'empty key', '2': 'numeric key', when: new Date(0) },
    [{ priority: 'urgent', changes: Array.from({ length: 1000 }, (_, i) => `aws_iam_role.ci[${i}]`) }],
  ];
  test.each(values.map((value) => [(JSON.stringify(value) ?? String(value)).slice(0, 60), value]))('%s', (_name, value) => {
    expect([...prettyJsonChunks(value, '  ')].join('')).toBe(JSON.stringify(value, null, 2).replaceAll('\n', '\n  '));
  });

  test('a list of 100,000 addresses (4.5 MB) comes in batches of about 64 KB, never as one string', () => {
    const addresses = Array.from({ length: 100_000 }, (_, i) => `module.app.aws_s3_bucket.logs[${i}]`);
    const pieces = [...prettyJsonChunks(addresses, '  ')];
    expect(pieces.join('')).toBe(JSON.stringify(addresses, null, 2).replaceAll('\n', '\n  '));
    expect(pieces.length).toBeGreaterThan(60);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(BATCH_CHARS + 100);
  });

  test('a report of 20,000 changes: its change lines come in batches, and the placeholder of a one-change report alone', () => {
    const change = (n: number) => ({ address: `aws_s3_bucket.logs[${n}]`, kind: 'aws_s3_bucket', source: 'terraform-plan', action: 'update', origin: 'planned', severity: 'low', rule: 'x', fields: [] });
    const report = { schema: 'gitops-sync/drift-report@1', total_changes: 20_000, changes: Array.from({ length: 20_000 }, (_, n) => change(n)) } as unknown as DriftReport;
    const pieces = [...renderJsonChunks(report)];
    expect(pieces.join('')).toBe(renderJson(report));
    expect(pieces.filter((piece) => piece.includes('"address"')).length).toBeLessThan(100);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(BATCH_CHARS + 200);
    // plan-report-file.ts streams a large report's changes in where this line is.
    const one = [...renderJsonChunks({ ...report, total_changes: 1, changes: ['the placeholder'] } as unknown as DriftReport)];
    expect(one).toContain('    "the placeholder"\n');
  });
});

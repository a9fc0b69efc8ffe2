/**
 * The plan reader's fast paths: ASCII batches are copied as Latin-1 rather than decoded as UTF-8,
 * items are parsed in small batches, chunks are joined in a reused buffer, and a batch whose last
 * boundary is not one between entries falls back to scanning its entries exactly. None of that may
 * change what is read: non-ASCII text, a chunk boundary inside a character or a string, the end of
 * one array and the start of the next, and entries larger than a batch all give the report of the
 * plan read whole.
 */
import { analyzeTerraformPlan, defaultRules, diffValues, parseTerraformPlan, readTopLevel, UserError, type ByteSource } from '@gitops-sync/core';

const GENERATED_AT = '2026-01-01T00:00:00.000Z';
const analyse = (plan: Uint8Array | ByteSource) =>
  analyzeTerraformPlan(plan, { label: 'plan.json', environment: 'production', rules: defaultRules(), generatedAt: GENERATED_AT });
const batched = (plan: Uint8Array | ByteSource) =>
  readTopLevel(plan, { values: [], arrays: ['resource_drift', 'resource_changes'], onItem: () => {} }).itemsInBatches;

function inChunks(bytes: Uint8Array, size: number): ByteSource {
  let at = 0;
  return () => {
    if (at >= bytes.length) return undefined;
    at += size;
    return bytes.subarray(at - size, at);
  };
}

const entry = (n: number, name: string, extra: Record<string, unknown> = {}) => ({
  address: `aws_s3_bucket.b[${n}]`,
  mode: 'managed',
  type: 'aws_s3_bucket',
  name: 'b',
  index: n,
  change: {
    actions: ['update'],
    before: { bucket: `b-${n}`, tags: { Name: 'old' }, ...extra },
    after: { bucket: `b-${n}`, tags: { Name: name }, ...extra },
    after_unknown: {},
    before_sensitive: {},
    after_sensitive: {},
  },
});

/** A plan as Terraform orders it: drift, changes, outputs, then prior_state whose resources also have "address" keys. */
function plan(count: number, name: (n: number) => string, extra: (n: number) => Record<string, unknown> = () => ({})) {
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    resource_drift: [0, 1, 2].map((n) => entry(n, name(n))),
    resource_changes: Array.from({ length: count }, (_, n) => entry(n, name(n), extra(n))),
    output_changes: {},
    prior_state: {
      format_version: '1.0',
      values: { root_module: { resources: Array.from({ length: 50 }, (_, n) => ({ address: `aws_s3_bucket.b[${n}]`, mode: 'managed', type: 'aws_s3_bucket', values: { bucket: `b-${n}` } })) } },
    },
  };
}

const tagsOf = (report: ReturnType<typeof analyse>) => report.changes.map((change) => change.fields.find((field) => field.path === '/tags/Name')?.after);

describe('non-ASCII text in a plan', () => {
  const names = (n: number) => (n % 97 === 5 ? `café ✓ 日本語 🚀 ${n}` : `ascii-${n}`);
  const bytes = Buffer.from(JSON.stringify(plan(2000, names)));

  test('is read exactly, whole or in chunks that split its characters', () => {
    const whole = analyse(bytes);
    expect(whole.total_changes).toBe(2003);
    expect(tagsOf(whole)).toContain('café ✓ 日本語 🚀 5');
    for (const size of [7, 1001, 65536, 65537]) expect(analyse(inChunks(bytes, size))).toEqual(whole);
  });

  test('is still read in batches', () => {
    expect(batched(bytes)).toBeGreaterThan(1990);
  });

  test('pretty-printed, gives the same report', () => {
    const pretty = Buffer.from(JSON.stringify(plan(2000, names), null, 2));
    expect(analyse(inChunks(pretty, 4096))).toEqual(analyse(bytes));
  });
});

describe('array ends within a batch', () => {
  const bytes = Buffer.from(JSON.stringify(plan(400, (n) => `name-${n}`)));

  test('the drift entries, the planned ones and no prior_state resource are read, nearly all in batches', () => {
    const report = analyse(bytes);
    expect(report.total_changes).toBe(403);
    expect(report.changes.filter((change) => change.origin === 'outside')).toHaveLength(3);
    const top = readTopLevel(bytes, { values: [], arrays: ['resource_drift', 'resource_changes'], onItem: () => {} });
    expect(top.itemsInBatches).toBeGreaterThanOrEqual(400);
  });

  test('read in small chunks, the report is the same', () => {
    expect(analyse(inChunks(bytes, 333))).toEqual(analyse(bytes));
  });
});

describe('entries larger than a batch', () => {
  const large = (n: number) => (n % 10 === 0 ? { policy: 'x'.repeat(150_000 + n) } : {});
  const bytes = Buffer.from(JSON.stringify(plan(60, (n) => `name-${n}`, large), null, 2));

  test('are read whole, in batches, whole or in chunks', () => {
    const report = analyse(bytes);
    expect(report.total_changes).toBe(63);
    expect(tagsOf(report)).toContain('name-59');
    expect(batched(bytes)).toBeGreaterThan(50);
    expect(analyse(inChunks(bytes, 100_000))).toEqual(report);
  });
});

describe('a broken entry among batched ones', () => {
  test('is refused with the offset of that entry, as when read one by one', () => {
    const text = JSON.stringify(plan(500, (n) => `name-${n}`));
    const broken = text.replace('"b-250","tags":{"Name":"name-250"}', '"b-250","tags":{"Name":tru}');
    expect(broken).not.toBe(text);
    const refuse = () => parseTerraformPlan(Buffer.from(broken), { label: 'plan.json' });
    expect(refuse).toThrow(UserError);
    const at = broken.indexOf('{"address":"aws_s3_bucket.b[250]"', broken.indexOf('"resource_changes"'));
    expect(refuse).toThrow(`plan.json is not valid JSON`);
    expect(refuse).toThrow(`at byte ${at})`);
  });
});

describe('field paths', () => {
  test('are JSON pointers, escaped, whatever order paths are first met in', () => {
    const before = { '0': { x: 1 }, 'a/b': 1, 'c~d': [1, 2], list: [{ port: 80 }] };
    const after = { '0': { x: 2 }, 'a/b': 2, 'c~d': [1, 3], list: [{ port: 443 }], added: true };
    const paths = diffValues(before, after).map((field) => field.path);
    expect(paths).toEqual(['/0/x', '/a~1b', '/c~0d/1', '/list/0/port', '/added']);
    expect(diffValues({ list: [1] }, { list: [2] }).map((field) => field.path)).toEqual(['/list/0']);
  });
});

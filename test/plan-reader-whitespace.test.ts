/**
 * The plan reader parses runs of resource changes with one JSON.parse when it finds the boundary
 * between two entries. Terraform writes that boundary compactly (`},{"address":`); `jq .` and other
 * pretty-printers put newlines and indentation in it (CRLF on Windows). Either way the report is the
 * same and the entries are read in batches, not one JSON.parse each.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTerraformPlan, defaultRules, readTopLevel, type ByteSource } from '@gitops-sync/core';
import { SHARED_FIXTURES, TOFU_FIXTURES } from './support/paths.js';

const GENERATED_AT = '2026-01-01T00:00:00.000Z';
const analyse = (plan: Uint8Array | string | ByteSource) =>
  analyzeTerraformPlan(plan, { label: 'plan.json', environment: 'production', rules: defaultRules(), generatedAt: GENERATED_AT });

/** How many change entries the reader parsed in batches. */
const batched = (plan: Uint8Array | string | ByteSource) =>
  readTopLevel(typeof plan === 'string' ? Buffer.from(plan) : plan, { values: [], arrays: ['resource_drift', 'resource_changes'], onItem: () => {} }).itemsInBatches;

/** The plan in pieces of `size` bytes, as a file is read. */
function inChunks(text: string, size: number): ByteSource {
  const bytes = Buffer.from(text);
  let at = 0;
  return () => {
    if (at >= bytes.length) return undefined;
    at += size;
    return bytes.subarray(at - size, at);
  };
}

const haveJq = spawnSync('jq', ['--version']).status === 0;
if (!haveJq) console.warn('jq is not installed: the `jq .` cases of plan-reader-whitespace.test.ts are skipped');
const jqPretty = (compact: string) => {
  const result = spawnSync('jq', ['.'], { input: compact, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`jq . failed: ${result.stderr}`);
  return result.stdout;
};

/** Every way of writing the same plan this test covers. */
function layouts(plan: unknown): [string, string][] {
  const compact = JSON.stringify(plan);
  const pretty = JSON.stringify(plan, null, 2);
  const list: [string, string][] = [
    ['compact', compact],
    ['JSON.stringify(plan, null, 2)', pretty],
    ['tab-indented', JSON.stringify(plan, null, '\t')],
    ['CRLF line endings', pretty.replace(/\n/g, '\r\n')],
  ];
  if (haveJq) list.push(['`jq .`', jqPretty(compact)]);
  return list;
}

/** A plan of `count` updates, each with a sensitive password and a list of nested objects. */
function largePlan(count: number) {
  const entry = (n: number) => ({
    address: `aws_instance.web[${n}]`,
    mode: 'managed',
    type: 'aws_instance',
    name: 'web',
    index: n,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {
      actions: ['update'],
      before: { instance_type: 't3.small', tags: { Name: `web-${n}` }, password: `pw-${n}-old`, ebs: [{ size: 8 }, { size: 16 }] },
      after: { instance_type: n % 3 ? 't3.small' : 't3.large', tags: { Name: `web-${n}` }, password: `pw-${n}-new`, ebs: [{ size: 8 }, { size: 32 }] },
      after_unknown: {},
      before_sensitive: { password: true },
      after_sensitive: { password: true },
    },
  });
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: {} },
    resource_drift: [0, 1, 2].map((n) => ({ ...entry(n), change: { ...entry(n).change, actions: ['update'] } })),
    resource_changes: Array.from({ length: count }, (_, n) => entry(n)),
    output_changes: { url: { actions: ['create'], before: null, after: 'https://example.com', after_unknown: false, before_sensitive: false, after_sensitive: false } },
  };
}

describe('plans written with whitespace between their entries', () => {
  const plan = largePlan(300);
  const [[, compact], ...others] = layouts(plan);
  const expected = analyse(compact);

  test('the compact plan is read almost all in batches', () => {
    expect(expected.total_changes).toBe(303);
    expect(batched(compact)).toBeGreaterThan(290);
  });

  test.each(others)('a plan written %s gives the identical report and is read almost all in batches too', (_layout, text) => {
    expect(analyse(text)).toEqual(expected);
    expect(batched(text)).toBeGreaterThan(290);
  });

  test.each(others)('a plan written %s and read in 64 KB pieces gives the identical report, mostly in batches', (_layout, text) => {
    expect(analyse(inChunks(text, 65536))).toEqual(expected);
    expect(batched(inChunks(text, 65536))).toBeGreaterThan(270);
  });
});

describe('real plans, compact and pretty-printed', () => {
  const real = [
    ...readdirSync(TOFU_FIXTURES)
      .filter((name) => name.endsWith('.json') && name !== 'plan-error.json')
      .map((name) => join(TOFU_FIXTURES, name)),
    join(SHARED_FIXTURES, 'terraform', 'tf-summarize', 'tfplan.json'),
  ];
  const cases = real.flatMap((path) => {
    const plan = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    const [[, compact], ...others] = layouts(plan);
    return others.map(([layout, text]) => [`${path.split('/').slice(-2).join('/')} written ${layout}`, compact, text] as const);
  });

  test.each(cases)('%s gives the report of its compact form, with as many entries in batches', (_name, compact, text) => {
    expect(analyse(text)).toEqual(analyse(compact));
    expect(batched(text)).toBe(batched(compact));
  });

  test('the real plans have entries to batch', () => {
    expect(cases.filter(([, compact]) => batched(compact) > 0).length).toBeGreaterThan(10);
  });
});

describe('a boundary between nested objects is not taken for one between entries', () => {
  // An attribute holding a list of objects keyed "address" (e.g. addresses of a network interface)
  // looks like an entry boundary once pretty-printed: `},\n {\n "address":`.
  const nested = (n: number) => ({
    address: `aws_network_interface.eni[${n}]`,
    mode: 'managed',
    type: 'aws_network_interface',
    name: 'eni',
    index: n,
    change: {
      actions: ['update'],
      before: { addresses: [{ address: `10.0.${n}.1` }, { address: `10.0.${n}.2` }], description: 'old' },
      after: { addresses: [{ address: `10.0.${n}.1` }, { address: `10.0.${n}.3` }], description: 'new' },
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: {},
    },
  });
  const plan = { format_version: '1.2', resource_changes: Array.from({ length: 40 }, (_, n) => nested(n)), output_changes: {} };

  test.each(layouts(plan).slice(1))('written %s, every entry and its nested addresses are read whole', (_layout, text) => {
    const report = analyse(text);
    expect(report).toEqual(analyse(JSON.stringify(plan)));
    expect(report.total_changes).toBe(40);
    expect(report.changes[39]!.fields.map((field) => field.path)).toEqual(['/addresses/1/address', '/description']);
  });
});

describe('an array of other items than resource changes (a kubectl JSON List)', () => {
  const configMap = (index: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `config-${index}`, namespace: 'default' }, data: { key: 'x'.repeat(100) } });

  test('is parsed in batches found by its items\' first key, as kubectl writes them (indented)', () => {
    const items = Array.from({ length: 20_000 }, (_, index) => configMap(index));
    const text = JSON.stringify({ kind: 'List', items }, null, 4);
    const seen: unknown[] = [];
    const top = readTopLevel(Buffer.from(text), { values: ['kind'], arrays: ['items'], onItem: (_key, item) => seen.push(item) });
    expect(seen).toEqual(items);
    expect(top.itemsInBatches).toBeGreaterThan(items.length * 0.99);
  });

  test('whose nested objects start with the same key (managedFields, ownerReferences) is read whole, in order and still in batches', () => {
    const entry = (manager: string) => ({ apiVersion: 'apps/v1', fieldsType: 'FieldsV1', manager, operation: 'Update' });
    const items = Array.from({ length: 5_000 }, (_, index) => ({
      ...configMap(index),
      metadata: { name: `config-${index}`, managedFields: [entry('kubectl'), entry('kube-controller-manager')], ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'a' }, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'b' }] },
    }));
    for (const indent of [4, '\t']) {
      const text = JSON.stringify({ kind: 'List', items }, null, indent);
      for (const input of [text, text.replace(/\n/g, '\r\n')]) {
        const seen: unknown[] = [];
        const top = readTopLevel(Buffer.from(input), { values: ['kind'], arrays: ['items'], onItem: (_key, item) => seen.push(item) });
        expect(seen).toEqual(items);
        expect(top.itemsInBatches).toBeGreaterThan(items.length * 0.99);
        // A managedFields entry's `{` is indented deeper than an item's: not taken for a boundary, so no batch is scanned byte by byte.
        expect(top.scannedBatches).toBe(0);
      }
    }
    const compact = JSON.stringify({ kind: 'List', items });
    const seen: unknown[] = [];
    readTopLevel(Buffer.from(compact), { values: ['kind'], arrays: ['items'], onItem: (_key, item) => seen.push(item) });
    expect(seen).toEqual(items);
  });

  test('whose first item is on a line of its own and the others are not is still read in batches', () => {
    const items = Array.from({ length: 5_000 }, (_, index) => configMap(index));
    const text = `{"kind": "List", "items": [\n  ${items.map((item) => JSON.stringify(item)).join(', ')}\n]}`;
    const seen: unknown[] = [];
    const top = readTopLevel(Buffer.from(text), { values: ['kind'], arrays: ['items'], onItem: (_key, item) => seen.push(item) });
    expect(seen).toEqual(items);
    expect(top.itemsInBatches).toBeGreaterThan(items.length * 0.99);
  });

  test('whose first item starts with a key no other item starts with is searched about once per megabyte, not once per item', () => {
    const items: unknown[] = [{ first: true }, ...Array.from({ length: 20_000 }, (_, index) => configMap(index))];
    const text = JSON.stringify({ kind: 'List', items }, null, 4);
    const seen: unknown[] = [];
    const top = readTopLevel(Buffer.from(text), { values: ['kind'], arrays: ['items'], onItem: (_key, item) => seen.push(item) });
    expect(seen).toEqual(items);
    expect(top.itemsInBatches).toBe(0);
    expect(top.boundarySearches).toBeLessThanOrEqual(Math.ceil(text.length / (1 << 20)) + 2);
  });
});

import { isDeepStrictEqual } from 'node:util';
import { describe, expect, test } from '@jest/globals';
import { JsonShapeError, readTopLevel, type ByteSource, type TopLevelSpec } from '@gitops-sync/core/json/top-level-reader';

/*
 * attack34: the array reader's batches are found by the first item's first key and, when that item is
 * on a line of its own, by its newline and indentation. Whatever the bytes and whatever the chunking,
 * what readTopLevel hands out must be what JSON.parse of the whole document gives (or, when JSON.parse
 * refuses it, a JsonShapeError). Documents are written token by token with misleading keys and
 * strings, escapes in keys, mixed items, nested look-alikes, mixed CR/LF/CRLF/tab/space layouts.
 */

/** mulberry32: a seeded PRNG, so a failure names its seed and round. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (random: Rand, n: number) => Math.floor(random() * n);
const pick = <T>(random: Rand, items: readonly T[]): T => items[int(random, items.length)]!;

const LONG_KEY_64 = 'k'.repeat(62); // with its quotes: 64 bytes, the longest batched
const LONG_KEY_65 = 'k'.repeat(63);
const ITEM_KEYS = ['address', 'apiVersion', 'a', ',', ':', '}', '{', ' ', '', '__proto__', 'é', '🚀', LONG_KEY_64, LONG_KEY_65, 'kind', 'x y', '"address"', '\\', 'apiVersion\n'];
const TRICKY = [
  '},{"address":"x"',
  '},\n        {"apiVersion":',
  '},\r\n        {\r\n  "apiVersion": ',
  '}, {"a":',
  '},{",":',
  '"address"',
  '{"address":',
  '\\',
  '\\\\',
  '"',
  'a\\\\"',
  '\\"address\\"',
  'é',
  '🚀',
  '日本',
  '\u2028',
  '\u0000',
  ']',
  '[',
  '},{',
  ',',
  ':',
  '\n        ',
  '\t',
  'apiVersion',
];

/** A layout: how whitespace is written between tokens. */
interface Style {
  newline: string;
  unit: string;
  /** Chance that a gap gets random whitespace instead. */
  noise: number;
  /** Chance of escaping a character of a string as \uXXXX. */
  escape: number;
}

class Writer {
  out: string[] = [];
  constructor(
    readonly random: Rand,
    readonly style: Style,
  ) {}

  gap(depth: number, breakLine: boolean) {
    const { random, style } = this;
    if (random() < style.noise) {
      this.out.push(Array.from({ length: int(random, 4) }, () => pick(random, [' ', '\t', '\n', '\r\n', '\r', '  ', '        '])).join(''));
    } else if (breakLine && style.newline) this.out.push(style.newline + style.unit.repeat(depth));
  }

  string(text: string) {
    let json = JSON.stringify(text);
    if (this.style.escape > 0) {
      const inner = json.slice(1, -1);
      let rewritten = '';
      for (let i = 0; i < inner.length; i++) {
        const ch = inner[i]!;
        if (ch === '\\') {
          // Keep an escape sequence whole.
          const next = inner[i + 1]!;
          const length = next === 'u' ? 6 : 2;
          rewritten += inner.slice(i, i + length);
          i += length - 1;
        } else if (this.random() < this.style.escape) rewritten += ch === '/' ? '\\/' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
        else rewritten += ch;
      }
      json = `"${rewritten}"`;
    }
    this.out.push(json);
  }

  primitive() {
    const random = this.random;
    const roll = random();
    if (roll < 0.5) this.string(Array.from({ length: int(random, 4) }, () => pick(random, TRICKY)).join(''));
    else this.out.push(pick(random, ['1', '-0', '1e2', '1.50', '-12.5E-3', 'true', 'false', 'null', '123456789012345678901234567890']));
  }

  object(depth: number, firstKey: string | undefined, body: () => void) {
    this.out.push('{');
    this.gap(depth + 1, true);
    if (firstKey !== undefined) {
      this.string(firstKey);
      this.gap(depth + 1, false);
      this.out.push(':');
      this.gap(depth + 1, false);
      this.out.push(this.style.unit ? ' ' : '');
      this.value(depth + 1);
    }
    body();
    this.gap(depth, true);
    this.out.push('}');
  }

  /** Members after the first: tricky keys (duplicates too), look-alike nested items. */
  members(depth: number, count: number, hadFirst: boolean) {
    const random = this.random;
    for (let i = 0; i < count; i++) {
      if (hadFirst || i > 0) this.out.push(',');
      this.gap(depth, true);
      this.string(random() < 0.6 ? pick(random, ITEM_KEYS) : pick(random, TRICKY));
      this.gap(depth, false);
      this.out.push(':');
      this.gap(depth, false);
      if (random() < 0.3) this.lookAlikes(depth);
      else this.value(depth);
    }
  }

  /** An array of objects starting with item keys, as managedFields entries start with apiVersion. */
  lookAlikes(depth: number) {
    const random = this.random;
    const key = pick(random, ITEM_KEYS);
    this.array(depth, int(random, 4), () => this.object(depth + 1, key, () => this.members(depth + 2, int(random, 2), true)));
  }

  array(depth: number, count: number, item: (i: number) => void) {
    this.out.push('[');
    for (let i = 0; i < count; i++) {
      if (i > 0) this.out.push(',');
      this.gap(depth + 1, true);
      item(i);
    }
    if (count > 0) this.gap(depth, true);
    this.out.push(']');
  }

  value(depth: number) {
    const random = this.random;
    const roll = random();
    if (depth > 4 || roll < 0.55) return this.primitive();
    if (roll < 0.75) return this.array(depth, int(random, 3), () => this.value(depth + 1));
    const first = random() < 0.7 ? pick(random, ITEM_KEYS) : undefined;
    this.object(depth, first, () => this.members(depth + 1, int(random, 3), first !== undefined));
  }

  /** The items of a top-level array: mostly objects starting with `mainKey`, some not. */
  items(depth: number, count: number, mainKey: string) {
    const random = this.random;
    this.array(depth, count, () => {
      const roll = random();
      if (roll < 0.08) return this.primitive();
      if (roll < 0.12) return this.array(depth + 1, int(random, 3), () => this.value(depth + 2));
      const first = roll < 0.2 ? pick(random, ITEM_KEYS) : roll < 0.23 ? undefined : mainKey;
      const big = random() < 0.02;
      this.object(depth + 1, first, () => {
        this.members(depth + 2, int(random, 4), first !== undefined);
        if (big && first !== undefined) {
          this.out.push(',');
          this.string('big');
          this.out.push(':');
          this.string('},{"address":"x"'.repeat(int(random, 6000)));
        }
      });
    });
  }
}

/** A top-level object with the array keys, a format_version, maybe a prior_state of look-alike entries and other members, shuffled, in one random layout. */
function documentText(random: Rand): string {
  const style: Style = {
    newline: pick(random, ['', '\n', '\r\n', '\n', '\r']),
    unit: pick(random, ['', ' ', '  ', '    ', '\t', ' \t']),
    noise: pick(random, [0, 0, 0.02, 0.2]),
    escape: pick(random, [0, 0, 0.05]),
  };
  const writer = new Writer(random, style);
  const members: Array<() => void> = [];
  const arrayKeys = ['resource_changes', 'resource_drift', 'items'];
  for (const key of arrayKeys) {
    if (random() < 0.85) {
      const mainKey = random() < 0.6 ? pick(random, ['address', 'apiVersion']) : pick(random, ITEM_KEYS);
      members.push(() => {
        writer.string(key);
        writer.out.push(':');
        writer.gap(1, false);
        if (random() < 0.05) writer.value(1);
        else writer.items(1, int(random, 25), mainKey);
      });
    }
  }
  members.push(() => {
    writer.string('format_version');
    writer.out.push(':');
    writer.string('1.2');
  });
  if (random() < 0.5)
    members.push(() => {
      writer.string('prior_state');
      writer.out.push(':');
      writer.items(1, int(random, 5), 'address');
    });
  for (let i = int(random, 3); i > 0; i--)
    members.push(() => {
      writer.string(pick(random, ['kind', 'junk', 'address', '"resource_changes"', 'resource_changes ']));
      writer.out.push(':');
      writer.value(1);
    });
  for (let i = members.length - 1; i > 0; i--) {
    const j = int(random, i + 1);
    [members[i], members[j]] = [members[j]!, members[i]!];
  }
  if (random() < 0.3) writer.out.push(pick(random, ['\n', '\r\n', '\t', ' ', '\r']));
  writer.out.push('{');
  members.forEach((member, i) => {
    if (i > 0) writer.out.push(',');
    writer.gap(1, true);
    member();
  });
  writer.gap(0, true);
  writer.out.push('}');
  if (random() < 0.3) writer.out.push(pick(random, ['\n', '\r\n', ' ']));
  return writer.out.join('');
}

const ARRAYS = ['resource_changes', 'resource_drift', 'items'];
/** Every array key is among the values too, so a non-array value there is parsed (and checked), not skipped. */
const SPEC_VALUES = ['format_version', 'prior_state', 'kind', 'junk', 'address', ...ARRAYS];

/** How much of the fast paths the documents reached: a guard that the test still tests batches. */
const stats = { items: 0, batched: 0, scanned: 0 };

type Outcome = { error: string } | { items: Array<[string, unknown]>; values: Array<[string, unknown]>; keys: string[] };

function read(input: Uint8Array | ByteSource): Outcome {
  const items: Array<[string, unknown]> = [];
  const spec: TopLevelSpec = { values: SPEC_VALUES, arrays: ARRAYS, onItem: (key, item) => items.push([key, item]) };
  try {
    const top = readTopLevel(input, spec);
    stats.batched += top.itemsInBatches;
    stats.scanned += top.scannedBatches;
    stats.items += items.length;
    return { items, values: [...top.values].sort(([a], [b]) => (a < b ? -1 : 1)), keys: [...top.keys].sort() };
  } catch (error) {
    if (error instanceof JsonShapeError) return { error: error.reason };
    throw error;
  }
}

/** What JSON.parse of the whole document says the reader should give (undefined: JSON.parse refuses it). */
function expected(bytes: Uint8Array): Outcome | undefined {
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return { error: 'not-an-object' };
  const object = document as Record<string, unknown>;
  const items: Array<[string, unknown]> = [];
  const values: Array<[string, unknown]> = [];
  // The reader hands out arrays in document order: the order of the keys in the text.
  const keys = Object.keys(object);
  for (const key of keys) {
    if (ARRAYS.includes(key) && Array.isArray(object[key])) for (const item of object[key] as unknown[]) items.push([key, item]);
    else if (SPEC_VALUES.includes(key)) values.push([key, object[key]]);
  }
  return { items, values: values.sort(([a], [b]) => (a < b ? -1 : 1)), keys: [...keys].sort() };
}

/** Ways to hand the bytes over. */
function chunkings(bytes: Buffer, random: Rand): Array<[string, () => Uint8Array | ByteSource]> {
  const sized = (size: () => number) => () => {
    let at = 0;
    return () => {
      if (at >= bytes.length) return undefined;
      const length = Math.max(1, size());
      at += length;
      return bytes.subarray(at - length, at);
    };
  };
  /** Two buffers taking turns (as withInputChunks with reuse): a chunk is overwritten two calls later. */
  const turns = (size: () => number) => () => {
    const buffers = [Buffer.alloc(70_000), Buffer.alloc(70_000)];
    let at = 0;
    let turn = 0;
    return () => {
      if (at >= bytes.length) return undefined;
      const length = Math.min(Math.max(1, size()), bytes.length - at, 70_000);
      const buffer = buffers[turn++ % 2]!;
      buffer.fill(0x7b);
      bytes.copy(buffer, 0, at, at + length);
      at += length;
      return buffer.subarray(0, length);
    };
  };
  return [
    ['whole Buffer', () => bytes],
    ['1 byte', sized(() => 1)],
    ['1-7 bytes', sized(() => 1 + int(random, 7))],
    ['1-300 bytes', sized(() => 1 + int(random, 300))],
    ['1-70000 bytes', sized(() => 1 + int(random, 70_000))],
    ['4096', sized(() => 4096)],
    ['65536', sized(() => 65_536)],
    ['turns 1-9000', turns(() => 1 + int(random, 9000))],
  ];
}

function check(bytes: Buffer, random: Rand, where: string, only?: string[]) {
  const want = expected(bytes);
  for (const [name, input] of chunkings(bytes, random)) {
    if (only && !only.includes(name)) continue;
    const got = read(input());
    if (want === undefined) {
      // JSON.parse refuses it: so must the reader (every top-level key it meets is parsed, none skipped).
      const skipped = 'keys' in got && got.keys.some((key) => !SPEC_VALUES.includes(key));
      if (!('error' in got) && !skipped) throw new Error(`${where} (${name}): JSON.parse refuses ${JSON.stringify(bytes.toString('latin1').slice(0, 3000))} but the reader read it`);
    } else if (!isDeepStrictEqual(got, want)) {
      throw new Error(`${where} (${name}): the reader gave ${JSON.stringify(got).slice(0, 2000)}\nJSON.parse gives ${JSON.stringify(want).slice(0, 2000)}\nfor ${JSON.stringify(bytes.toString('latin1').slice(0, 3000))}`);
    }
  }
}

describe('attack34: batches of array items read as JSON.parse reads them', () => {
  test('generated documents, every chunking', () => {
    const random = prng(34);
    for (let round = 0; round < 120; round++) {
      const text = documentText(random);
      // Some with a byte order mark (JSON.parse is given the text as TextDecoder decodes it: without one).
      check(Buffer.from(random() < 0.1 ? `\ufeff${text}` : text), random, `round ${round}`);
    }
    // Still a test of the batches: most items are read in them, some batches by the exact scan.
    expect(stats.batched).toBeGreaterThan(stats.items / 5);
    expect(stats.scanned).toBeGreaterThan(50);
  });

  test('mutated documents: a byte changed, inserted or removed; truncated', () => {
    const random = prng(3434);
    const MUTANTS = [...'{}[],:"\\ \n\r\t0a-e.', '\u00e9'];
    for (let round = 0; round < 150; round++) {
      const bytes = Buffer.from(documentText(random));
      if (bytes.length === 0) continue;
      const at = int(random, bytes.length);
      const mutant = Buffer.from(pick(random, MUTANTS));
      const roll = random();
      const changed =
        roll < 0.3
          ? Buffer.concat([bytes.subarray(0, at), mutant, bytes.subarray(at + 1)])
          : roll < 0.55
            ? Buffer.concat([bytes.subarray(0, at), mutant, bytes.subarray(at)])
            : roll < 0.8
              ? Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)])
              : bytes.subarray(0, at);
      check(changed, random, `mutant ${round} at ${at}`, ['whole Buffer', '1-7 bytes', '1-300 bytes']);
    }
  });

  test('a small document truncated at every offset', () => {
    const random = prng(77);
    const text = '\r\n{ "resource_changes": [\r\n\t {"address":"a","x":"},\\n {\\"address\\":"},\r\n\t {"address":"b\\\\"},\n\t {"address" :{"address":1}}, 3, [ ], {"\\u0061ddress":2}\r\n], "resource_drift":[{"a":1},{"a":2}]}\n';
    const bytes = Buffer.from(text);
    check(bytes, random, 'whole');
    for (let at = 0; at < bytes.length; at++) check(bytes.subarray(0, at), random, `cut at ${at}`, ['whole Buffer', '1 byte', '1-7 bytes']);
  });

  test('a byte order mark handed over one or two bytes at a time is still skipped (was: "not a JSON object")', () => {
    const bytes = Buffer.from('\ufeff{"items":[{"a":1},{"a":2}]}');
    for (const size of [1, 2, 3, 4, 100]) {
      let at = 0;
      const source: ByteSource = () => (at >= bytes.length ? undefined : bytes.subarray(at, (at += size)));
      expect(read(source)).toEqual({ items: [['items', { a: 1 }], ['items', { a: 2 }]], values: [], keys: ['items'] });
    }
    // Not a BOM: refused, whatever the pieces.
    for (const size of [1, 2, 100]) {
      const odd = Buffer.from([0xef, 0xbb, 0x7b, 0x7d]);
      let at = 0;
      expect(read(() => (at >= odd.length ? undefined : odd.subarray(at, (at += size))))).toEqual({ error: 'not-an-object' });
    }
  });

  /*
   * Where the reader and JSON.parse part, on purpose or harmlessly. A top-level array written twice gives
   * the items of both (JSON.parse keeps the last; attack17 and top-level-tee hold that both are read,
   * teed and fingerprinted as written): every item is judged, never fewer, and the plan analysis refuses
   * an address met twice (terraform-plan-source.test.ts), so a first array's `update` cannot hide a
   * second one's `delete` of the same resource.
   */
  test('a top-level array key written twice gives the items of both arrays, in order', () => {
    const twice = '{"resource_changes":[{"address":"x","change":{"actions":["update"]}}],"resource_changes":[{"address":"y","change":{"actions":["delete"]}}]}';
    expect(read(Buffer.from(twice))).toMatchObject({
      items: [
        ['resource_changes', { address: 'x', change: { actions: ['update'] } }],
        ['resource_changes', { address: 'y', change: { actions: ['delete'] } }],
      ],
    });
  });

  test('an array after an earlier value of the same key replaces it, as JSON.parse keeps the last', () => {
    const text = '{"items":null,"items":[{"a":1}]}';
    expect(read(Buffer.from(text))).toEqual(expected(Buffer.from(text)));
  });
});

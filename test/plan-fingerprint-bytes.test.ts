/**
 * The fingerprint worker writes each resource_changes entry's canonical text from the entry's bytes
 * (ByteEntryWriter) instead of JSON.parse + redactedResourceChange (issue 15). It must write exactly
 * the same bytes, hand on exactly the same secrets and remember exactly the same written strings,
 * for every input: entries it does not fully understand are declined and parsed as before.
 */
import { Buffer } from 'node:buffer';
import { collectMaskedSecrets, MIN_HANDED_ON_SECRET_LENGTH } from '@gitops-sync/core/diff/value-diff';
import { readTopLevel, wholeBytes, type ByteSource } from '@gitops-sync/core/json/top-level-reader';
import { ByteEntryWriter, NEED_MORE, NOT_HANDLED } from '@gitops-sync/core/plan/canonical-bytes';
import { planFingerprint } from '@gitops-sync/core/plan/fingerprint';
import { redactedResourceChange } from '@gitops-sync/core/plan/plan-fingerprinter';
import { SideFingerprint } from '@gitops-sync/core/plan/side-fingerprint';
import { hashed, hashString, type StringSieve } from '@gitops-sync/core/plan/string-sieve';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COPY_FIRST_PLAN } from './support/fingerprint-worker.js';
import { REPO_ROOT, SHARED_FIXTURES, tofuFixture } from './support/paths.js';
import { seeded } from './support/seeded.js';

const options = { workspace: 'blue', varFiles: ['prod.tfvars'] };

/** A sieve that records the (first, step) hash of every string added, as ByteEntryWriter notes them. */
function recordingSieve() {
  const hashes: string[] = [];
  const sieve = {
    add(value: string) {
      hashString(value);
      hashes.push(`${hashed.first}/${hashed.step}`);
    },
  } as unknown as StringSieve;
  return { sieve, hashes };
}

const record = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** What the parsing path gives for an entry: its canonical text, the strings written, the secrets handed on. */
function parsed(text: string, known: readonly string[]) {
  const entry = JSON.parse(text) as unknown;
  const change = record(record(entry).change);
  const handed: string[] = [];
  collectMaskedSecrets(change.before, change.before_sensitive, (value) => handed.push(value));
  collectMaskedSecrets(change.after, change.after_sensitive, (value) => handed.push(value));
  const secrets = new Set([...known, ...handed]);
  const { sieve, hashes } = recordingSieve();
  return { text: redactedResourceChange(entry, secrets, sieve), written: hashes.sort(), handed: handed.sort() };
}

/** What ByteEntryWriter gives for the entry, or its NEED_MORE / NOT_HANDLED. */
function fromBytes(text: string, known: readonly string[]) {
  const secrets = new Set(known);
  const secretHashes = new Set<number>();
  const remember = (value: string) => {
    secrets.add(value);
    hashString(value);
    secretHashes.add(hashed.first);
  };
  for (const secret of known) remember(secret);
  const handed: string[] = [];
  const writer = new ByteEntryWriter();
  const bytes = Buffer.from(text);
  const end = writer.entry(bytes, 0, secrets, secretHashes, (value, mask) => collectMaskedSecrets(value, mask, (secret) => (handed.push(secret), remember(secret))));
  if (end < 0) return end;
  expect(end).toBe(bytes.length);
  const out = Buffer.alloc(writer.textLength());
  writer.writeText(out, 0);
  const written = Array.from({ length: writer.writtenLength / 2 }, (_, index) => `${writer.written[2 * index]}/${writer.written[2 * index + 1]}`);
  return { text: out.toString('utf8'), written: written.sort(), handed: handed.sort() };
}

/** An entry as Terraform writes it (struct order), with `change` given as raw JSON text. */
const entryText = (change: string, extra = '') =>
  `{"address":"terraform_data.x","mode":"managed","type":"terraform_data","name":"x","provider_name":"terraform.io/builtin/terraform"${extra},"change":${change}}`;
const changeText = (before: string, after: string, beforeSensitive = 'false', afterSensitive = '{}', more = '') =>
  `{"actions":["update"],"before":${before},"after":${after},"after_unknown":{}${more},"before_sensitive":${beforeSensitive},"after_sensitive":${afterSensitive}}`;

/** Entries the writer must write itself, and the same as the parsing path. */
const HANDLED: Record<string, [string, string[]]> = {
  'Go escapes \\u003c \\u003e \\u0026 \\u2028, \\/ and a lone surrogate': [entryText(changeText('{"p":"a\\u003cb\\u003e\\u0026c\\u2028"}', '{"p":"x\\/y\\ud800z","q":"\\u00e9\\ud83d\\ude00"}')), []],
  'canonical escapes written as they are': [entryText(changeText('{"p":"say \\"hi\\"\\n\\t\\\\ \\b\\f\\r"}', 'null')), []],
  'raw UTF-8, U+2028, an emoji and U+E000 in strings': [entryText(changeText('{"p":"é\u2028😀\ue000"}', '{"p":"ok"}')), []],
  'numbers as JSON.stringify writes them': [entryText(changeText('{"a":1.0,"b":1e2,"c":-0,"d":1e400,"e":-1.5E-3,"f":100000000000000000000000,"g":123456789012345,"h":1234567890123456789,"i":0,"j":-7}', '[0.5,2E+2,-0.0]')), []],
  'empty objects and arrays, null, booleans': [entryText(changeText('{}', '{"a":[],"b":{},"c":null,"d":true,"e":false,"f":[[],[{}]]}')), []],
  'whitespace, newlines and CRLF between tokens': [
    `{\r\n  "address" : "a.b",\n  "change" : {\n    "actions" : [ "update" ] ,\n    "before" : { "a" : [ 1 , 2.0 , "x" ] , "b" : { } } ,\n    "after" : null,\n    "before_sensitive" : { "a" : [ false , false , true ] }\n  }\n}`,
    [],
  ],
  'masks: true, false, nested, arrays, null under a mask': [
    entryText(changeText('{"a":"s3cr3t-a","b":{"c":"s3cr3t-c","d":"plain"},"e":["x1x","s3cr3t-e"],"f":null,"g":{"h":1}}', '{"a":"s3cr3t-a","g":"s3cr3t-c"}', '{"a":true,"b":{"c":true,"d":false},"e":[false,true],"f":true,"g":true}', '{"a":true}')),
    [],
  ],
  'a whole before/after marked sensitive': [entryText(changeText('{"a":"whole-secret"}', 'null', 'true', 'true')), []],
  'keys __proto__ and constructor, with masks naming them': [
    entryText(changeText('{"__proto__":{"x":"proto-secret"},"constructor":"ctor-secret","length":"len-val"}', '["a0a","b1b"]', '{"__proto__":{"x":true},"constructor":true}', '{"0":true,"length":true}')),
    [],
  ],
  'masks naming keys that are not there, and a mask of the wrong shape': [entryText(changeText('{"a":"x-x"}', '{"b":["y-y"]}', '{"constructor":true,"toString":{"a":true}}', '[true]')), []],
  'strings equal to a known secret, marked or not': [entryText(changeText('{"a":"known-secret","b":"other"}', '{"a":"known-secret","b":"kn\\u006fwn-secret","c":"known-secret-not"}')), ['known-secret']],
  'a secret marked in after, copied unmarked in before': [entryText(changeText('{"copy":"fresh-secret"}', '{"pw":"fresh-secret"}', '{}', '{"pw":true}')), []],
  'change keys and entry keys beyond Terraform\'s, before/after absent': [entryText('{"actions":["create"],"replace_paths":[["a"]],"importing":{"id":"i-1"}}', ',"index":"k\\u003c","action_reason":"x","deposed":"00ab"'), []],
  'deep nesting (100 levels)': [entryText(changeText(`${'{"a":'.repeat(100)}"deep-value"${'}'.repeat(100)}`, `${'['.repeat(100)}1${']'.repeat(100)}`)), []],
  'a long string (sampled hash)': [entryText(changeText(`{"a":"${'x'.repeat(5000)}y"}`, `{"a":"${'é'.repeat(300)}"}`)), []],
};

/** Entries the writer declines (and the parsing path then writes). */
const DECLINED: Record<string, string> = {
  'keys out of order in a value': entryText(changeText('{"b":1,"a":2}', 'null')),
  'a duplicate key in a value': entryText(changeText('{"a":1,"a":2}', 'null')),
  'a duplicate change key': entryText(changeText('null', 'null', 'false', '{}', ',"before":{"a":"twice"}')),
  'a duplicate entry key': entryText(changeText('null', 'null'), ',"address":"again"'),
  'an escaped key': entryText(changeText('{"\\u0061":1}', 'null')),
  'a non-ASCII key (U+E000 sorts after emoji in UTF-8, before them in UTF-16)': entryText(changeText('{"\ue000":1,"😀":2}', 'null')),
  'an entry without change': '{"address":"a.b"}',
  'change not an object': entryText('["update"]'),
  'an entry that is not an object': '["a"]',
  'nesting deeper than the writer goes': entryText(changeText(`${'['.repeat(300)}${']'.repeat(300)}`, 'null')),
};

/** Not JSON: declined, so the parsing path reports it as it always did. */
const INVALID: Record<string, string> = {
  'a raw control character in a string': entryText(changeText('{"a":"x\ty"}', 'null')),
  'a bad escape': entryText(changeText('{"a":"x\\qy"}', 'null')),
  'a short \\u escape': entryText(changeText('{"a":"x\\u12"}', 'null')),
  'a leading zero': entryText(changeText('{"a":01}', 'null')),
  'a trailing comma': entryText(changeText('{"a":1,}', 'null')),
  'a bare word': entryText(changeText('{"a":nope}', 'null')),
  'a missing colon': entryText(changeText('{"a" 1}', 'null')),
};

describe('ByteEntryWriter writes what redactedResourceChange writes', () => {
  test.each(Object.keys(HANDLED))('%s', (name) => {
    const [text, known] = HANDLED[name]!;
    const bytes = fromBytes(text, known);
    expect(bytes).not.toBe(NOT_HANDLED);
    expect(bytes).toEqual(parsed(text, known));
  });

  test('a string with invalid UTF-8 is written as JSON.parse of the decoded text gives it (U+FFFD)', () => {
    const [head, tail] = entryText(changeText('{"a":"bad@","b":"ok"}', 'null')).split('@') as [string, string];
    const text = Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0xc3]), Buffer.from(tail)]);
    const writer = new ByteEntryWriter();
    const end = writer.entry(text, 0, new Set(), new Set());
    // The text as the reader decodes it before JSON.parse.
    const expected = redactedResourceChange(JSON.parse(text.toString('utf8')), new Set());
    expect(end).toBe(text.length);
    const out = Buffer.alloc(writer.textLength());
    writer.writeText(out, 0);
    expect(out.toString('utf8')).toBe(expected);
    expect(expected).toContain('bad\ufffd\ufffd');
  });

  test.each(Object.keys(DECLINED))('declines %s', (name) => {
    expect(fromBytes(DECLINED[name]!, [])).toBe(NOT_HANDLED);
    expect(() => parsed(DECLINED[name]!, [])).not.toThrow();
  });

  test.each(Object.keys(INVALID))('declines invalid JSON: %s', (name) => {
    expect(fromBytes(INVALID[name]!, [])).toBe(NOT_HANDLED);
    expect(() => JSON.parse(INVALID[name]!)).toThrow(SyntaxError);
  });

  test('an entry cut short asks for more bytes, whatever the cut', () => {
    const [text] = HANDLED['masks: true, false, nested, arrays, null under a mask']!;
    for (let length = 1; length < text.length; length++) expect(fromBytes(text.slice(0, length), [])).toBe(NEED_MORE);
  });
});


const KEYS = ['a', 'b', 'id', 'name', 'tags', 'password', 'x_y', 'Z', '0', '10', '__proto__', 'constructor', 'é', '\ue000', '😀', 'k<', 'a/b'];
const STRINGS = ['', 'v', 'plain-value', 'hunter22', 'tok-1234', 'a<b>&c', 'line\nbreak', 'tab\there', 'quote"d', 'back\\slash', 'é😀\ue000', '\u2028\u2029', 'sl/ash', '\u0001ctl', 'x'.repeat(80)];
const NUMBERS = ['0', '1', '-1', '1.0', '1e2', '-0', '2.5E-3', '1e400', '100000000000000000000000', '123456789012345678', '42'];

/** Random JSON text, with the choices a writer of JSON has: key order, spacing, escapes, number forms. */
function randomPlan(seed: number, entries: number): { text: string; entries: string[] } {
  const random = seeded(seed);
  const { below, pick, next } = random;
  const space = () => (next() < 0.1 ? pick([' ', '\n  ', '\r\n', '\t']) : '');
  const str = (value: string) => {
    let text = '';
    for (const char of value) {
      const code = char.codePointAt(0)!;
      const choice = next();
      if (char === '"' || char === '\\') text += `\\${char}`;
      else if (code < 0x20) text += choice < 0.5 ? `\\u${code.toString(16).padStart(4, '0')}` : JSON.stringify(char).slice(1, -1);
      else if ('<>&'.includes(char) && choice < 0.7) text += `\\u${code.toString(16).padStart(4, '0')}`;
      else if (char === '/' && choice < 0.5) text += '\\/';
      else if (code === 0x2028 || code === 0x2029 || (code > 0x7f && choice < 0.3)) text += [...char].map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
      else text += char;
    }
    if (next() < 0.02) text += '\\ud800'; // a lone surrogate
    return `"${text}"`;
  };
  const object = (members: [string, string][]) => {
    let keys = members;
    const sorted = next() < 0.93;
    if (sorted) keys = [...members].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    if (next() < 0.01 && keys.length > 0) keys = [...keys, keys[0]!];
    return `{${space()}${keys.map(([key, value]) => `${str(key)}${space()}:${space()}${value}`).join(`,${space()}`)}${space()}}`;
  };
  /** A value and a mask for it (as JSON texts). */
  const value = (depth: number): [string, string] => {
    const kind = depth > 4 ? below(3) : below(6);
    const leafMask = () => (next() < 0.15 ? 'true' : next() < 0.5 ? 'false' : '{}');
    if (kind === 0) return [str(pick(STRINGS) + (next() < 0.3 ? String(below(50)) : '')), leafMask()];
    if (kind === 1) return [pick(NUMBERS), leafMask()];
    if (kind === 2) return [pick(['null', 'true', 'false']), leafMask()];
    if (kind === 3) {
      const items = Array.from({ length: below(4) }, () => value(depth + 1));
      if (next() < 0.1) return [`[${items.map((item) => item[0]).join(',')}]`, 'true'];
      return [`[${space()}${items.map((item) => item[0]).join(`,${space()}`)}${space()}]`, `[${items.map((item) => item[1]).join(',')}]`];
    }
    const names = [...new Set(Array.from({ length: below(5) }, () => pick(KEYS)))];
    const members = names.map((name) => [name, value(depth + 1)] as const);
    const maskMembers = members.filter(() => next() < 0.6).map(([name, [, mask]]) => [name, mask] as [string, string]);
    if (next() < 0.05) return [object(members.map(([name, [text]]) => [name, text])), 'true'];
    return [object(members.map(([name, [text]]) => [name, text])), `{${maskMembers.map(([name, mask]) => `${JSON.stringify(name)}:${mask}`).join(',')}}`];
  };
  const entryOf = (index: number) => {
    const [before, beforeMask] = next() < 0.1 ? ['null', 'false'] : value(0);
    const [after, afterMask] = next() < 0.1 ? ['null', 'false'] : value(0);
    const members: [string, string][] = [
      ['address', str(`terraform_data.r${index}`)],
      ['mode', '"managed"'],
      ['type', '"terraform_data"'],
      ['name', str(`r${index}`)],
      ['provider_name', '"terraform.io/builtin/terraform"'],
    ];
    const change: [string, string][] = [
      ['actions', pick(['["update"]', '["no-op"]', '["create"]', '["delete","create"]'])],
      ['before', before],
      ['after', after],
      ['after_unknown', '{}'],
      ['before_sensitive', beforeMask],
      ['after_sensitive', afterMask],
    ];
    // Terraform's struct order (not sorted), with a space now and then.
    const members_ = [...members, ['change', `{${change.map(([key, text]) => `"${key}":${space()}${text}`).join(',')}}`] as [string, string]];
    return `{${members_.map(([key, text]) => `${space()}"${key}"${space()}:${space()}${text}`).join(',')}}`;
  };
  const changes = Array.from({ length: entries }, (_, index) => entryOf(index));
  const text = `\ufeff{"format_version":"1.2",${space()}"resource_drift":[${entryOf(9999)}],"resource_changes":[${space()}${changes.join(`,${space()}`)}],"output_changes":{"o":{"actions":["update"],"before":"hunter22","after":${str('tok-12345')},"before_sensitive":true,"after_sensitive":false,"after_unknown":false}}}`;
  return { text, entries: changes };
}

/** The worker's computation (plan-fingerprint-worker.ts), in this thread, on `bytes` read in chunks of `chunk` bytes. */
function workerFingerprint(bytes: Buffer, analysisSecrets: ReadonlySet<string>, chunk: number) {
  const source = (): ByteSource => {
    let at = 0;
    return () => (at >= bytes.length ? undefined : bytes.subarray(at, (at += chunk)));
  };
  const side = new SideFingerprint({ ...options, planBytes: bytes.length });
  side.observe(source());
  const counts = side.entriesWritten;
  return { fingerprint: side.finish(analysisSecrets, (consume) => consume(source())), found: side.found, counts };
}

/** The secrets the worker hands on, as the parsing path finds them (each entry parsed). */
function parsedSecrets(bytes: Buffer): Set<string> {
  const found = new Set<string>();
  const sink = (value: string) => value.length >= MIN_HANDED_ON_SECRET_LENGTH && found.add(value);
  readTopLevel(wholeBytes(bytes), {
    values: [],
    arrays: ['resource_drift', 'resource_changes'],
    onItem: (_key, item) => {
      const change = record(record(item).change);
      collectMaskedSecrets(change.before, change.before_sensitive, sink);
      collectMaskedSecrets(change.after, change.after_sensitive, sink);
    },
  });
  return found;
}

describe('the worker fingerprint, written from bytes, is planFingerprint', () => {
  test.each([1, 2, 3, 4, 5, 6])('a random plan of 300 entries (seed %i), read in small and large chunks', (seed) => {
    const { text } = randomPlan(seed, 300);
    const bytes = Buffer.from(text);
    const analysis = new Set<string>();
    const expected = planFingerprint(bytes, { ...options, onSecret: (secret) => analysis.add(secret) }).fingerprint;
    for (const chunk of [97, 4096, 1 << 22]) {
      const worker = workerFingerprint(bytes, analysis, chunk);
      expect(worker.fingerprint).toBe(expected);
      expect(worker.found).toEqual(parsedSecrets(bytes));
      // Most random entries are written from bytes: the test exercises the writer, not only its fallback.
      expect(worker.counts.fromBytes).toBeGreaterThan(150);
    }
  });

  test("per entry, random entries give the parsing path's text, written strings and secrets", () => {
    let handled = 0;
    let declined = 0;
    for (let seed = 100; seed < 110; seed++) {
      for (const entry of randomPlan(seed, 40).entries) {
        const known = ['hunter22', 'tok-1234', 'plain-value'];
        const bytes = fromBytes(entry, known);
        if (bytes === NOT_HANDLED) declined++;
        else {
          handled++;
          expect(bytes).toEqual(parsed(entry, known));
        }
      }
    }
    expect(handled).toBeGreaterThan(200);
    expect(declined).toBeGreaterThan(0);
  });

  test.each([
    ['opentofu-show-json/sensitive-values.json', tofuFixture('sensitive-values')],
    ['opentofu-show-json/drift.json', tofuFixture('drift')],
    ['tf-summarize/tfplan.json', join(SHARED_FIXTURES, 'terraform', 'tf-summarize', 'tfplan.json')],
    ['examples/demo/recorded-plan.json', join(REPO_ROOT, 'examples/demo/recorded-plan.json')],
  ])('%s, as Terraform/OpenTofu wrote it: every entry written from bytes, the same fingerprint', (_name, path) => {
    const bytes = readFileSync(path);
    const analysis = new Set<string>();
    const expected = planFingerprint(bytes, { ...options, onSecret: (secret) => analysis.add(secret) }).fingerprint;
    const worker = workerFingerprint(bytes, analysis, 1 << 22);
    expect(worker.fingerprint).toBe(expected);
    expect(worker.counts.parsed).toBe(0);
    expect(worker.counts.fromBytes).toBeGreaterThan(0);
  });

  test('a plan pretty-printed as `jq .` writes it, with CRLF line ends and a BOM: every entry written from bytes, the same fingerprint', () => {
    const pretty = `\ufeff${JSON.stringify(JSON.parse(readFileSync(tofuFixture('sensitive-values'), 'utf8')), null, 2).replaceAll('\n', '\r\n')}`;
    const bytes = Buffer.from(pretty);
    const analysis = new Set<string>();
    const expected = planFingerprint(bytes, { ...options, onSecret: (secret) => analysis.add(secret) }).fingerprint;
    expect(expected).toBe(planFingerprint(readFileSync(tofuFixture('sensitive-values')), options).fingerprint);
    const worker = workerFingerprint(bytes, analysis, 128);
    expect(worker.fingerprint).toBe(expected);
    expect(worker.counts.parsed).toBe(0);
  });

  test('a copy of a secret before the entry that marks it: the worker reads again and agrees', () => {
    const bytes = Buffer.from(COPY_FIRST_PLAN);
    const analysis = new Set<string>();
    const expected = planFingerprint(bytes, { ...options, onSecret: (secret) => analysis.add(secret) }).fingerprint;
    const worker = workerFingerprint(bytes, analysis, 64);
    expect(worker.fingerprint).toBe(expected);
    expect(worker.counts).toEqual({ fromBytes: 3, parsed: 0 });
  });
});

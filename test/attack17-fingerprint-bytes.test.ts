/**
 * Adversarial review of the fingerprint worker's byte path (ByteEntryWriter, StringSieve over bytes,
 * readTopLevel's raw items): for every plan the analysis accepts, the worker's flow must give the
 * fingerprint planFingerprint gives, byte for byte, or fail (the main thread then computes it
 * itself); never another fingerprint, never a hang. Plans are built from a seed, so a failure replays.
 */
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIN_HANDED_ON_SECRET_LENGTH } from '@gitops-sync/core/diff/value-diff';
import { wholeBytes, type ByteSource } from '@gitops-sync/core/json/top-level-reader';
import { ByteEntryWriter, NOT_HANDLED } from '@gitops-sync/core/plan/canonical-bytes';
import { planFingerprint } from '@gitops-sync/core/plan/fingerprint';
import { PlanFingerprinter } from '@gitops-sync/core/plan/plan-fingerprinter';
import { parseTerraformPlan } from '@gitops-sync/core/sources/terraform-plan';
import { SideFingerprint } from '@gitops-sync/core/plan/side-fingerprint';
import { askWorker } from './support/fingerprint-worker.js';
import { seeded } from './support/seeded.js';
import { tempDir } from './support/temp-dir.js';

const options = { workspace: 'blue', varFiles: ['prod.tfvars'] };
const dir = tempDir('gitops-sync-attack17-');

/** The worker's computation (plan-fingerprint-worker.ts), in this thread, on `bytes` read in chunks of `chunk` bytes through two reused buffers. */
function workerFingerprint(bytes: Buffer, analysisSecrets: ReadonlySet<string>, chunk: number) {
  const source = (): ByteSource => {
    // Two buffers taken in turn, as withInputChunks({ reuse: true }) hands them out: a chunk kept too long is overwritten.
    const turns = [Buffer.alloc(chunk), Buffer.alloc(chunk)];
    let at = 0;
    let handed = 0;
    return () => {
      if (at >= bytes.length) return undefined;
      const buffer = turns[handed++ % 2]!;
      const length = bytes.copy(buffer, 0, at, Math.min(at + chunk, bytes.length));
      at += length;
      return buffer.subarray(0, length);
    };
  };
  const side = new SideFingerprint({ ...options, planBytes: bytes.length });
  side.observe(source());
  const counts = side.entriesWritten;
  return { fingerprint: side.finish(analysisSecrets, (consume) => consume(source())), counts };
}

/** planFingerprint's answer (and the analysis's secrets), or undefined when it refuses the plan. */
function reference(bytes: Buffer) {
  const secrets = new Set<string>();
  try {
    return { fingerprint: planFingerprint(bytes, { ...options, onSecret: (secret) => secrets.add(secret) }).fingerprint, secrets };
  } catch {
    return undefined;
  }
}

/** How many times the worker's flow failed on a plan planFingerprint accepts (the main thread would then compute it). */
let workerFailures = 0;

/**
 * The worker's flow on `text` in each chunk size agrees with planFingerprint: the same fingerprint,
 * or an error (the main thread's fallback). Returns planFingerprint's fingerprint.
 */
function agrees(text: string | Buffer, chunks: readonly number[] = [61, 4096, 1 << 22]): string | undefined {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const expected = reference(bytes);
  if (!expected) return undefined;
  for (const chunk of chunks) {
    let got: string | undefined;
    try {
      got = workerFingerprint(bytes, expected.secrets, chunk).fingerprint;
    } catch {
      workerFailures++;
      continue;
    }
    expect({ chunk, fingerprint: got }).toEqual({ chunk, fingerprint: expected.fingerprint });
  }
  return expected.fingerprint;
}

const plan = (entries: string[], outputs = '{}', extra = '') =>
  `{"format_version":"1.2"${extra},"resource_changes":[${entries.join(',')}],"output_changes":${outputs}}`;
const entry = (change: string, address = 'terraform_data.x', extra = '') =>
  `{"address":"${address}","mode":"managed","type":"terraform_data","name":"x","provider_name":"terraform.io/builtin/terraform"${extra},"change":${change}}`;
const change = (before: string, after: string, beforeSensitive = 'false', afterSensitive = '{}') =>
  `{"actions":["update"],"before":${before},"after":${after},"after_unknown":{},"before_sensitive":${beforeSensitive},"after_sensitive":${afterSensitive}}`;

const NASTY: Record<string, string> = {
  'number forms 1.0, 1e0, 10E-1, -0, 0.0, 1E+0': plan([entry(change('{"a":1.0,"b":1e0,"c":10E-1,"d":-0,"e":0.0,"f":1E+0}', '[1,1.0,1e0]'))]),
  'integers around 2^53 and 15/16/17 digits': plan([entry(change('{"a":9007199254740993,"b":999999999999999,"c":1000000000000000,"d":-999999999999999,"e":12345678901234567}', 'null'))]),
  'a number with 400 digits and one of 1e-400': plan([entry(change(`{"a":${'9'.repeat(400)},"b":1e-400,"c":-${'1'.repeat(400)}.5}`, 'null'))]),
  'a key escaped ("\\u0061") and a duplicate through it': plan([entry(change('{"a":"x1x","\\u0061":"x2x"}', 'null'))]),
  'duplicate keys in a value: the last wins': plan([entry(change('{"a":"first","a":"last"}', '{"p":"one","p":"two"}'))]),
  'duplicate mask keys: the last wins': plan([entry(change('{"a":"secret-one"}', 'null', '{"a":true,"a":false}'))]),
  'duplicate before (the second is what JSON.parse keeps)': plan([entry(`{"actions":["update"],"before":{"a":"old"},"after":null,"before":{"a":"new-secret"},"before_sensitive":{"a":true}}`)]),
  'duplicate change': plan([entry(change('"a"', '"b"'), 'terraform_data.x', `,"change":${change('"c"', '"d"')}`)]),
  '__proto__ and constructor keys in values, masks, entries and change': plan([
    entry(`{"__proto__":{"x":1},"actions":["update"],"after":{"__proto__":"p-secret","constructor":{"a":"c-secret"}},"after_sensitive":{"__proto__":true,"constructor":{"a":true}},"before":null,"constructor":"x"}`, 'terraform_data.x', ',"__proto__":{"y":2}'),
  ]),
  'U+E000 and U+1F600 keys (UTF-8 and UTF-16 order differ)': plan([entry(change('{"\ue000":"a-a","😀":"b-b","z":"c-c"}', '{"😀":1,"\ue000":2}'))]),
  'keys in UTF-16 order but not byte order, ASCII after non-ASCII': plan([entry(change('{"a":1,"é":2,"\ue000":3,"😀":4}', 'null'))]),
  'a change that is an array, null, a string, a number': plan([entry('["update"]', 'a.a'), entry('null', 'a.b'), entry('"update"', 'a.c'), entry('7', 'a.d')]),
  'masks of every shape: arrays, objects, numbers, "true" strings, null': plan([
    entry(change('{"a":"mask-a-secret","b":["b0b","b1b"]}', '["c0c","c1c"]', '{"a":"true","b":{"1":true}}', '{"0":true,"1":1}'), 'a.a'),
    entry(change('{"a":"m-secret"}', '"whole-after"', '[true]', '"true"'), 'a.b'),
    entry(change('{"a":"n-secret"}', '"whole-after2"', 'null', '1'), 'a.c'),
    entry(change('["q-secret","r-secret"]', 'null', '{"1":true,"length":true}', 'false'), 'a.d'),
  ]),
  'escapes of every kind in strings: \\/, \\u0041, \\u00e9, surrogate pairs, lone surrogates': plan([
    entry(change('{"a":"\\/\\u0041\\u00e9\\ud83d\\ude00","b":"\\udc00x\\ud800","c":"\\u0000nul","d":"\\u001f\\u007f\\u0080"}', '{"a":"\\\\u0041"}')),
  ]),
  'NUL bytes and raw DEL in strings; a raw NUL is not JSON': plan([entry(change('{"a":"x\\u0000y","b":"\u007f"}', 'null'))]),
  'raw invalid UTF-8 and an encoded lone surrogate': '',
  'CR-only line ends and tabs everywhere': plan([entry(change('{\r"a"\r:\r1.50\r,\t"b":\t[\r]\r}', '\rnull\r'))]).replaceAll(',', '\r,\r'),
  'a BOM between tokens is not whitespace': plan([entry(change('{"a":\ufeff1}', 'null'))]),
  'a BOM inside a string is text': plan([entry(change('{"a":"\ufeffx"}', 'null'))]),
  'an entry without change, an empty entry, an entry that is a string': plan(['{"address":"a.a"}', '{}', '"a.b"', entry(change('1', '2'), 'a.c')]),
  'top-level resource_changes twice': `{"format_version":"1.2","resource_changes":[${entry(change('"a1a"', '"b1b"'), 'a.a')}],"resource_changes":[${entry(change('"a2a"', '"b2b"'), 'a.b')}]}`,
  'resource_changes that is not an array': `{"format_version":"1.2","planned_values":{},"resource_changes":{"a":${entry(change('1', '2'))}}}`,
  'a secret copied unmarked in an earlier entry, marked in a later one (as a key too)': plan([
    entry(change('{"copy":"late-secret-1","late-secret-1":"k"}', '"late-secret-1"'), 'a.a'),
    entry(change('{"pw":"late-secret-1"}', 'null', '{"pw":true}'), 'a.b'),
  ]),
  'a secret marked only in resource_drift after resource_changes': `{"format_version":"1.2","resource_changes":[${entry(change('"drift-secret-9"', 'null'), 'a.a')}],"resource_drift":[${entry(change('"drift-secret-9"', 'null', 'true'), 'a.b')}]}`,
  'a secret with escapes, non-ASCII and a copy written with other escapes': plan([
    entry(change('{"a":"s\\u00e9cr\\"et\\/x"}', 'null'), 'a.a'),
    entry(change('{"a":"sécr\\"et/x"}', '{"b":"s\\u00e9cr\\u0022et\\/x"}', '{"a":true}'), 'a.b'),
  ]),
  'secrets shorter than the hand-on minimum': plan([entry(change('{"a":"ab","b":"ab"}', 'null', '{"a":true}'))]),
  'a secret equal to "(sensitive)" and to "null"': plan([entry(change('{"a":"(sensitive)","b":"null","c":null}', '{"a":"(sensitive)","b":"null"}', '{"a":true,"b":true,"c":true}'))]),
  'an output named __proto__ and outputs marking a copy in resource_changes': plan([entry(change('"out-secret-1"', 'null'))], '{"__proto__":{"actions":["update"],"before":"out-secret-1","after":"out-secret-1","before_sensitive":true,"after_sensitive":true}}'),
  'a mask with true only in a string or key, not as a value': plan([entry(change('{"true":"t-secret"}', 'null', '{"true":false,"x":"true"}'))]),
  'forty members in reverse order with a duplicate address, and a change of forty with a duplicate before': plan([
    entry(change('1', '2'), 'a.a', Array.from({ length: 40 }, (_, index) => `,"k${99 - index}":${index}`).join('') + ',"address":"a.z"'),
    entry(`{${Array.from({ length: 40 }, (_, index) => `"k${99 - index}":${index},`).join('')}"actions":["update"],"before":"b1b","after":null,"before":"b2-secret","before_sensitive":true}`, 'a.b'),
  ]),
  'ten thousand members in reverse order in an entry': plan([
    entry(change('1', '2'), 'a.a', Array.from({ length: 10_000 }, (_, index) => `,"k${String(99_999 - index).padStart(5, '0')}":${index}`).join('')),
  ]),
};
/** Those the analysis refuses: the worker only must not crash the run. */
const REFUSED = new Set([
  'a BOM between tokens is not whitespace',
  'an entry without change, an empty entry, an entry that is a string',
  'a change that is an array, null, a string, a number',
]);

describe('hand-written nasty entries: the worker agrees with planFingerprint', () => {
  const CASES = NASTY;
  const invalid = Buffer.from(plan([entry(change('{"a":"bad-@-utf8","b":"sur-#-rogate"}', '{"c":"bad-@-utf8"}', '{"a":true}'))]));
  const spliced = Buffer.concat(
    invalid
      .toString('latin1')
      .split(/([@#])/)
      .map((part) => (part === '@' ? Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82]) : part === '#' ? Buffer.from([0xed, 0xa0, 0x80]) : Buffer.from(part, 'latin1'))),
  );

  afterEach(() => {
    // A plan the analysis accepts has its fingerprint from the worker, not from the fallback.
    expect(workerFailures).toBe(0);
  });

  test.each(Object.keys(CASES).filter((name) => CASES[name] !== ''))('%s', (name) => {
    // Those the analysis refuses only need the worker not to crash the run; the others must agree.
    expect(agrees(CASES[name]!) === undefined).toBe(REFUSED.has(name));
  });

  test('raw invalid UTF-8 and an encoded lone surrogate', () => {
    expect(agrees(spliced)).toBeDefined();
  });

  test('the same plan re-serialised (spaces, escapes, number forms) gives the same fingerprint as written plainly', () => {
    const plain = plan([entry(change('{"a":"x<y","b":10,"c":[1,"é"]}', '{"a":"x<y"}', '{"b":true}'))]);
    const other = plan([entry(change('{ "a" : "x\\u003cy" , "b" : 1E1 , "c" : [ 1.0 , "\\u00e9" ] }', '{"a":"x\\u003Cy"}', '{ "b" : true }'))]).replaceAll(',"', ',\n  "');
    expect(agrees(other)).toBe(agrees(plain));
  });

  test('plans differing in one covered byte give different fingerprints', () => {
    const base = agrees(plan([entry(change('{"a":"v1v","b":1}', 'null'))]));
    expect(agrees(plan([entry(change('{"a":"v2v","b":1}', 'null'))]))).not.toBe(base);
    expect(agrees(plan([entry(change('{"a":"v1v","b":1.5}', 'null'))]))).not.toBe(base);
    expect(agrees(plan([entry(change('{"a":"v1v","b":1}', 'false'))]))).not.toBe(base);
    expect(agrees(plan([entry(change('{"a":"v1v","b":1}', 'null', '{"b":true}'))]))).not.toBe(base);
  });
});

describe('inputs that straddle chunks and nest deep', () => {
  test('a 5 MB string straddling the 4 MB chunks, a secret copied before and after it', () => {
    const secret = 'big-secret-value';
    const text = plan([
      entry(change(`{"a":"${secret}","big":"${'x'.repeat(5 << 20)}"}`, 'null'), 'a.a'),
      entry(change(`{"big":"${'y'.repeat(5 << 20)}\\u00e9","pw":"${secret}"}`, `"${secret}"`, '{"pw":true}'), 'a.b'),
    ]);
    expect(agrees(text, [1 << 22, 65_536 + 7])).toBeDefined();
  });

  test('10,000 levels of nesting: the same fingerprint or a refusal, no crash', () => {
    const deep = (open: string, close: string) => `${open.repeat(10_000)}1${close.repeat(10_000)}`;
    for (const value of [deep('[', ']'), deep('{"a":', '}')]) {
      const text = plan([entry(change(value, 'null'))]);
      const expected = reference(Buffer.from(text));
      try {
        const got = workerFingerprint(Buffer.from(text), expected?.secrets ?? new Set(), 4096).fingerprint;
        if (expected) expect(got).toBe(expected.fingerprint);
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
      }
    }
  });

  test('every truncation of a small plan: the worker never gives a fingerprint for a plan the analysis refuses', () => {
    const text = plan([entry(change('{"a":"t-secret","b":[1.5,{"c":"\\u00e9"}]}', '"t-secret"', '{"a":true}'), 'a.a'), entry(change('2', '3'), 'a.b')]);
    for (let length = 1; length < text.length; length++) {
      const cut = Buffer.from(text.slice(0, length));
      expect(reference(cut)).toBeUndefined();
      expect(() => workerFingerprint(cut, new Set(), 17)).toThrow();
    }
  });
});


const KEYS = ['a', 'b', 'pw', '__proto__', 'constructor', 'length', '0', '1', '10', 'é', '\ue000', '😀', 'true', 'a\u0000'];
const STRINGS = ['sek-ret-1', 'sek-ret-2', 'pub-val', 'x<y', 'é😀', '\ud800', 'q"q', 'b\\s', 'n\nl', '\u0000', '', 'ab', 'z'.repeat(70), '(sensitive)'];
const NUMBERS = ['0', '-0', '1.0', '1e0', '10E-1', '1E+2', '0.1', '123456789012345678901', '1e400', '-1e-400', '5'];

/** A random JSON text for `value`, written one of the ways a tool may write it. */
function writer(seed: number) {
  const { next, below, pick } = seeded(seed);
  const space = () => (next() < 0.08 ? pick([' ', '\n', '\r', '\t', '\r\n  ']) : '');
  const string = (value: string) => {
    let text = '';
    for (const unit of value) {
      const code = unit.codePointAt(0)!;
      if (next() < 0.15) text += [...unit].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, next() < 0.5 ? '0' : '0')}`).join('');
      else if (unit === '"' || unit === '\\') text += `\\${unit}`;
      else if (code < 0x20 || (code >= 0xd800 && code <= 0xdfff)) text += JSON.stringify(unit).slice(1, -1);
      else if (unit === '/' && next() < 0.5) text += '\\/';
      else text += unit;
    }
    return `"${text}"`;
  };
  const value = (depth: number): string => {
    const kind = depth > 3 ? below(3) : below(5);
    if (kind === 0) return string(pick(STRINGS));
    if (kind === 1) return pick(NUMBERS);
    if (kind === 2) return pick(['null', 'true', 'false']);
    if (kind === 3) return `[${space()}${Array.from({ length: below(4) }, () => value(depth + 1)).join(`${space()},${space()}`)}${space()}]`;
    const keys = Array.from({ length: below(4) }, () => pick(KEYS));
    if (next() < 0.8) keys.sort();
    return `{${space()}${keys.map((key) => `${string(key)}${space()}:${space()}${value(depth + 1)}`).join(`,${space()}`)}${space()}}`;
  };
  const mask = (depth: number): string => {
    const roll = next();
    if (roll < 0.2) return 'true';
    if (roll < 0.35) return 'false';
    if (roll < 0.4) return pick(['null', '1', '"true"', '[]']);
    if (depth > 2) return '{}';
    if (roll < 0.6) return `[${Array.from({ length: below(3) }, () => mask(depth + 1)).join(',')}]`;
    return `{${Array.from({ length: below(3) }, () => `${string(pick(KEYS))}:${mask(depth + 1)}`).join(',')}}`;
  };
  const entryText = (index: number) => {
    const members: [string, string][] = [
      ['address', string(`a.r${index}`)],
      ['mode', '"managed"'],
      ['change', `{${space()}${[
        ['actions', '["update"]'],
        ['before', value(0)],
        ['after', value(0)],
        ['before_sensitive', mask(0)],
        ['after_sensitive', mask(0)],
      ]
        .filter(([key]) => key === 'actions' || next() < 0.95)
        .map(([key, text]) => `"${key}"${space()}:${space()}${text}`)
        .join(',')}}`],
    ];
    if (next() < 0.1) members.push(['index', value(1)]);
    return `{${members.map(([key, text]) => `${space()}"${key}"${space()}:${space()}${text}`).join(',')}${space()}}`;
  };
  const entries = Array.from({ length: 5 + below(30) }, (_, index) => entryText(index));
  return `{"format_version":"1.2",${space()}"resource_changes":[${entries.join(`,${space()}`)}],"output_changes":{"o":{"actions":["update"],"before":${string('sek-ret-2')},"after":null,"before_sensitive":true}}}`;
}

describe('differential fuzzing: random plans written every way a tool may write them', () => {
  test('300 seeds, in chunks of 1, 7, 61 and 4 MB: the fingerprint planFingerprint gives', () => {
    let accepted = 0;
    let fromBytes = 0;
    // ATTACK17_SEEDS runs more seeds (a longer hunt); 300 in the suite.
    for (let seed = 1; seed <= Number(process.env.ATTACK17_SEEDS ?? 300); seed++) {
      const text = writer(seed);
      const chunks = seed % 10 === 0 ? [1, 7] : [61, 1 << 22];
      if (agrees(text, chunks) !== undefined) accepted++;
      const bytes = Buffer.from(text);
      const expected = reference(bytes);
      if (expected) fromBytes += workerFingerprint(bytes, expected.secrets, 1 << 22).counts.fromBytes;
    }
    expect(accepted).toBeGreaterThan(250);
    expect(workerFailures).toBe(0);
    expect(fromBytes).toBeGreaterThan(1000);
  });

  test('byte mutations of random plans (flips, cuts, insertions): never a fingerprint other than planFingerprint', () => {
    const { below, pick } = seeded(77);
    const NOISE = ['\ufeff', '\u0000', '\r', ' ', '"', '\\', ',', '}', ']', '{', '1', 'e', '.', '-', '\\u', 'true', '\ud800', '\u00e9'];
    for (let seed = 1; seed <= Number(process.env.ATTACK17_SEEDS ?? 300); seed++) {
      const text = writer(100_000 + seed);
      const at = below(text.length);
      const mutated = below(2) === 0 ? text.slice(0, at) + pick(NOISE) + text.slice(at + below(3)) : text.slice(0, at) + text.slice(at + 1 + below(5));
      agrees(mutated, [61, 1 << 22]);
    }
  });
});

describe('pathological inputs stay fast', () => {
  // Generous bounds (a shared CI machine): the insertion sort these guard against took 40 s.
  test('an entry with 100,000 members in reverse order is written in seconds, not a minute', () => {
    const members = Array.from({ length: 100_000 }, (_, index) => `"k${String(999_999 - index)}":1`).join(',');
    const bytes = Buffer.from(`{"address":"a.a",${members},"change":{}}`);
    const started = performance.now();
    const end = new ByteEntryWriter().entry(bytes, 0, new Set(), new Set());
    expect(performance.now() - started).toBeLessThan(10_000);
    expect([bytes.length, NOT_HANDLED]).toContain(end);
  });

  test('a change with 100,000 members in reverse order is written in seconds, not a minute', () => {
    const members = Array.from({ length: 100_000 }, (_, index) => `"k${String(999_999 - index)}":1`).join(',');
    const bytes = Buffer.from(`{"address":"a.a","change":{${members}}}`);
    const started = performance.now();
    const end = new ByteEntryWriter().entry(bytes, 0, new Set(), new Set());
    expect(performance.now() - started).toBeLessThan(10_000);
    expect([bytes.length, NOT_HANDLED]).toContain(end);
  });

  test('many secrets marked after strings that fill the sieve: the plan is read again rather than searched once per secret', () => {
    // Short distinct strings fill the sieve, so each secret marked later "may" have been written
    // (a suspect); each suspect was searched for in all the text kept: suspects x plan size.
    const strings = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => `"${prefix}${index.toString(36)}"`).join(',');
    const text = plan([entry(change(`[${strings(360_000, '')}]`, 'null'), 'a.f'), entry(change(`[${strings(64_000, 'S')}]`, 'null', 'true'), 'a.s')]);
    expect(agrees(text, [1 << 22])).toBeDefined();
    const bytes = Buffer.from(text);
    const fingerprinter = new PlanFingerprinter({ ...options, planBytes: bytes.length });
    parseTerraformPlan(bytes, { label: 'plan', onSecret: fingerprinter.onSecret, observer: fingerprinter.observer });
    let reads = 0;
    fingerprinter.fingerprint((consume) => {
      reads++;
      return consume(wholeBytes(bytes));
    });
    expect(reads).toBe(1);
  }, 120_000);
});

describe('secrets as object keys', () => {
  // A known limit (README, Limits): an unmarked copy of a secret used as an object key
  // (terraform_data.output copying a map whose keys are secret, marked as a whole in input) is
  // written as it is, in planFingerprint and the worker alike. Taking such keys for secrets was
  // tried and undone (attack18): plan JSON has no types, so a sensitive OBJECT output made every
  // attribute name (name, port, tags) a secret, which hid them in every report and log.
  test.failing('two plans differing only in a secret (marked, and copied unmarked as a key) have the same fingerprint', () => {
    const withSecret = (secret: string) =>
      plan([entry(change(`{"input":{"${secret}":"v"},"output":{"${secret}":"v"}}`, 'null', '{"input":true}'))]);
    expect(agrees(withSecret('key-secret-1'))).toBe(agrees(withSecret('key-secret-2')));
  });

  test('two plans differing only in a secret (marked, and copied unmarked as a value) have the same fingerprint', () => {
    const withSecret = (secret: string) => plan([entry(change(`{"input":{"k":"${secret}"},"output":{"k":"${secret}"}}`, 'null', '{"input":true}'))]);
    expect(agrees(withSecret('value-secret-1'))).toBe(agrees(withSecret('value-secret-2')));
  });
});

describe('through the real worker bundle', () => {
  test.each(Object.keys(NASTY).filter((name) => NASTY[name] !== '' && !REFUSED.has(name)))('%s', async (name) => {
    const bytes = Buffer.from(NASTY[name]!);
    const expected = reference(bytes);
    const path = join(dir, `nasty-${Object.keys(NASTY).indexOf(name)}.json`);
    writeFileSync(path, bytes);
    const answer = await askWorker(path, [...expected!.secrets]);
    expect(answer).toEqual({ fingerprint: expected!.fingerprint });
  });

  test.each([3, 5, 8, 13])('random plan (seed %i): the fingerprint planFingerprint gives', async (seed) => {
    const bytes = Buffer.from(writer(seed));
    const expected = reference(bytes);
    expect(expected).toBeDefined();
    const path = join(dir, `plan-${seed}.json`);
    writeFileSync(path, bytes);
    const answer = await askWorker(path, [...expected!.secrets].filter((secret) => secret.length >= MIN_HANDED_ON_SECRET_LENGTH));
    expect(answer).toEqual({ fingerprint: expected!.fingerprint });
  });
});

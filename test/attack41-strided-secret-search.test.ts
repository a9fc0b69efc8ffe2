/**
 * attack41: findsFormsInBytes and findsForms now hash only every `stride`-th place (stride: the shortest
 * form's length less the hash width, plus one) against a second bit set of every group a form starts
 * with. A place they pass over keeps an unmarked copy of a secret in `analyze --output report.json`
 * (findsFormsInBytes, through mayHoldSecretsInJson) or in the in-memory report (findsForms, through
 * findsSecrets). These cases compare both with a plain search, at the stride's edges and with the inputs
 * a plan's author controls; then whole plans, the streamed report against the in-memory one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { findsSecrets, mayHoldSecretsInJson, parseConfig, renderJson, unmarkedSecretScrubber, type UnjudgedChange } from '@gitops-sync/core';
import { analyzePlanFile, analyzePlanFileToJson } from '@gitops-sync/engine';
import { findsForms, findsFormsInBytes } from '../packages/core/src/secrets/embedded.js';
import { tempDir } from './support/temp-dir.js';
import { seeded } from './support/seeded.js';

/** A deterministic pseudo-random sequence (the same cases every run). */
const random = (seed: number) => seeded(seed).next;

/** Whether bytes[start, end) hold one of `encoded` whole: the answer the search must give. */
function plainBytes(encoded: readonly Buffer[], bytes: Buffer, start: number, end: number): boolean {
  return encoded.some((form) => {
    const at = bytes.subarray(0, end).indexOf(form, start);
    return at >= 0 && at + form.length <= end;
  });
}

/**
 * Alphabets a plan's author can pick: two letters (forms overlap themselves), JSON's quote and backslash
 * and multi-byte characters, characters whose UTF-16 code or UTF-8 bytes go past the hashes' bits
 * (0x80 and up, 0x4000 shifted out of the 21-bit string hash; 0x01 shifted onto 0x80), and surrogates,
 * paired and lone.
 */
const ALPHABETS = [
  ['a', 'b'],
  ['a', 'b', 'c', 'é', '🔑', '"', '\\'],
  ['\u0080', '\u00ff', 'a', '\u07ff', '\u0800', '\uffff'],
  ['x', '\ud800', '\udc00', 'y', '😀'],
  ['A', 'Q', '\u4000', '\u0040', '\u0001', '\u0000', '\u0080'],
];

describe('findsFormsInBytes and findsForms against a plain search', () => {
  // 1500 sets of forms a seed, 60 texts each: 90 000 string cases and 360 000 byte ranges a seed (the
  // attack ran 8 seeds and ~49 million comparisons by hand; two keep the suite's time).
  for (const seed of [1, 2]) {
    test(`seed ${seed}: random forms (stride 1 to 30, nested, prefixes of each other, colliding hashes) and random ranges`, () => {
      let strings = 0;
      let ranges = 0;
      let found = 0;
      for (let trial = 0; trial < 1500; trial++) {
        const next = random(seed * 100_003 + trial);
        const alphabet = ALPHABETS[Math.floor(next() * ALPHABETS.length)];
        const text = (length: number) => {
          let result = '';
          while (result.length < length) result += alphabet[Math.floor(next() * alphabet.length)];
          return result;
        };
        const count = 1 + Math.floor(next() * (next() < 0.2 ? 200 : 8));
        const base = 3 + Math.floor(next() * 20);
        const forms: string[] = [];
        for (let index = 0; index < count; index++) {
          const kind = next();
          const other = forms[Math.floor(next() * forms.length)];
          // A form that is another with a few more characters after or before it (found only inside a longer one).
          if (kind < 0.2 && other) forms.push(other + text(Math.floor(next() * 4)));
          else if (kind < 0.35 && other) forms.push(text(Math.floor(next() * 4)) + other);
          else forms.push(text(base + Math.floor(next() * (next() < 0.5 ? 2 : 15))));
        }
        const byteForms = forms.filter((form) => Buffer.byteLength(form) >= 4);
        const unitForms = forms.filter((form) => form.length >= 3);
        const inBytes = findsFormsInBytes(byteForms);
        const inText = findsForms(unitForms);
        const encoded = byteForms.map((form) => Buffer.from(form));
        for (let round = 0; round < 60; round++) {
          let haystack = text(Math.floor(next() * 6));
          for (let part = Math.floor(next() * 5); part > 0; part--) {
            const form = forms[Math.floor(next() * forms.length)];
            const roll = next();
            if (roll < 0.3) haystack += form;
            else if (roll < 0.6) haystack += form.slice(0, Math.floor(next() * form.length));
            else if (roll < 0.8) haystack += form.slice(Math.floor(next() * form.length));
            else haystack += text(Math.floor(next() * 8));
          }
          haystack += text(Math.floor(next() * 6));
          strings++;
          const expected = unitForms.some((form) => haystack.includes(form));
          if (inText(haystack) !== expected) expect({ forms: unitForms, haystack, found: inText(haystack) }).toEqual({ forms: unitForms, haystack, found: expected });
          const bytes = Buffer.from(haystack);
          for (let range = 0; range < 4; range++) {
            const start = Math.floor(next() * (bytes.length + 1));
            const end = start + Math.floor(next() * (bytes.length - start + 1));
            ranges++;
            const holds = plainBytes(encoded, bytes, start, end);
            if (holds) found++;
            if (inBytes(bytes, start, end) !== holds) expect({ forms: byteForms, haystack, start, end, found: !holds }).toEqual({ forms: byteForms, haystack, start, end, found: holds });
          }
        }
      }
      expect(strings).toBe(90_000);
      expect(ranges).toBe(360_000);
      // Not all misses.
      expect(found).toBeGreaterThan(10_000);
    });
  }

  test('every shortest length from the hash width to 40: a form found at every place and cut at every place, by both ends of the range', () => {
    for (let shortest = 4; shortest <= 40; shortest++) {
      const next = random(shortest);
      const letters = 'ab"é';
      const make = (length: number) => {
        let form = '';
        while (Buffer.byteLength(form) < length) form += letters[Math.floor(next() * letters.length)];
        return Buffer.byteLength(form) === length ? form : form.slice(0, -1) + 'a'.repeat(length - Buffer.byteLength(form.slice(0, -1)));
      };
      const forms = [make(shortest), make(shortest + 1), make(shortest + 7)];
      forms.forEach((form, index) => expect({ index, bytes: Buffer.byteLength(form) }).toEqual({ index, bytes: [shortest, shortest + 1, shortest + 7][index] }));
      const inBytes = findsFormsInBytes(forms);
      const inText = findsForms(forms);
      for (const form of forms) {
        const length = Buffer.byteLength(form);
        for (let at = 0; at < 2 * shortest + 3; at++) {
          const bytes = Buffer.from(`${'z'.repeat(at)}${form}${'z'.repeat(5)}`);
          for (const start of [0, at - 1, at, at + 1].filter((place) => place >= 0)) {
            for (const end of [at + length - 1, at + length, at + length + 1, bytes.length]) {
              const expected = start <= at && at + length <= end;
              const answer = inBytes(bytes, start, end);
              if (answer !== expected) expect({ shortest, form, at, start, end, answer }).toEqual({ shortest, form, at, start, end, answer: expected });
            }
          }
          const haystack = `${'z'.repeat(at)}${form}`;
          expect({ shortest, at, found: inText(haystack) }).toEqual({ shortest, at, found: true });
          expect({ shortest, at, found: inText(haystack.slice(0, -1)) }).toEqual({ shortest, at, found: forms.some((other) => haystack.slice(0, -1).includes(other)) });
        }
      }
    }
  });

  test('forms sharing every hash (bytes and units that collide past the masks) are told apart, the right one found', () => {
    // UTF-8: 0xC2 0x80 … — the byte hash keeps 6 bits a byte shifted over 24 bits; many four-byte groups share one.
    const colliding = ['\u0080\u0080\u0080\u0080\u0080-long-value', '\u0081\u0080\u0080\u0080\u0080-long-value', '\u00c0\u0080\u0080\u0080\u0080-long-value'];
    // UTF-16: 0x4000 shifted by 14 is past the 21-bit mask; 0x01 shifted by 7 is 0x80.
    const units = ['x\u0001\u0000-secret-unit', 'x\u0000\u0080-secret-unit', '\u4000x\u0001\u0000-secret-unit'];
    const inBytes = findsFormsInBytes([colliding[0], colliding[2]]);
    const other = Buffer.from(`pre ${colliding[1]} post`);
    expect(inBytes(other, 0, other.length)).toBe(false);
    const wanted = Buffer.from(`pre ${colliding[1]}${colliding[2]} post`);
    expect(inBytes(wanted, 0, wanted.length)).toBe(true);
    const inText = findsForms([units[0]]);
    expect(inText(`..${units[1]}..`)).toBe(false);
    expect(inText(`..${units[2]}..`)).toBe(true);
    expect(findsForms([units[1]])(`..${units[0]}..`)).toBe(false);
  });

  test('texts and ranges shorter than the shortest form, empty ones, and no forms', () => {
    const inBytes = findsFormsInBytes(['0123456789']);
    const inText = findsForms(['0123456789']);
    const bytes = Buffer.from('0123456789');
    for (let start = 0; start <= 10; start++) for (let end = start; end <= 10; end++) expect({ start, end, found: inBytes(bytes, start, end) }).toEqual({ start, end, found: start === 0 && end === 10 });
    expect(inBytes(Buffer.alloc(0), 0, 0)).toBe(false);
    expect(inText('')).toBe(false);
    expect(inText('012345678')).toBe(false);
    expect(findsForms([])('0123456789')).toBe(false);
    expect(findsFormsInBytes([])(bytes, 0, 10)).toBe(false);
  });

  test('150 000 forms of 10 to 14 characters (stride 7 and 8): each found at any alignment, none found by a near miss', () => {
    const next = random(41);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-_';
    const forms = Array.from({ length: 150_000 }, () => {
      let form = '';
      for (let length = 10 + Math.floor(next() * 5); form.length < length; ) form += alphabet[Math.floor(next() * alphabet.length)];
      return form;
    });
    const inBytes = findsFormsInBytes(forms);
    const inText = findsForms(forms);
    for (let round = 0; round < 300; round++) {
      const form = forms[Math.floor(next() * forms.length)];
      const pad = '~'.repeat(Math.floor(next() * 30));
      const hit = `${pad}${form}${pad}`;
      const bytes = Buffer.from(hit);
      expect({ round, inBytes: inBytes(bytes, 0, bytes.length), inText: inText(hit) }).toEqual({ round, inBytes: true, inText: true });
      // The form with its last character changed (as the plain search answers).
      const near = `${pad}${form.slice(0, -1)}~${pad}`;
      const expected = forms.some((other) => near.includes(other));
      const nearBytes = Buffer.from(near);
      expect({ round, inBytes: inBytes(nearBytes, 0, nearBytes.length), inText: inText(near) }).toEqual({ round, inBytes: expected, inText: expected });
    }
  });
});

describe('mayHoldSecretsInJson at the stride edges: every change the scrubber alters is flagged', () => {
  // Secrets of 8 to 40 characters: the shortest forms (the secret, its base64 cores) set the stride.
  test('one secret of each length from 8 to 40, ASCII and not, copied at every offset into values, keys and addresses', () => {
    const next = random(4141);
    for (let length = 8; length <= 40; length++) {
      for (const letters of [[...'abcdefXYZ0189-'], [...'aé"\\/~🔑<&']]) {
        let secret = '';
        // Whole characters (an emoji is two units): `length` units, or one more.
        while (secret.length < length) secret += letters[Math.floor(next() * letters.length)];
        const secrets = new Set([secret]);
        const mayHold = mayHoldSecretsInJson(secrets);
        const scrubber = unmarkedSecretScrubber(findsSecrets(secrets));
        for (let at = 0; at < 12; at++) {
          const copy = `${'p'.repeat(at)}${[secret, encodeURIComponent(secret), Buffer.from(`${'x'.repeat(at % 3)}${secret}`).toString('base64')][at % 3]}`;
          const change = {
            address: at % 2 ? `aws_instance.k[${JSON.stringify(copy)}]` : 'aws_instance.k',
            kind: 'aws_instance',
            source: 'terraform-plan',
            action: 'update',
            origin: 'planned',
            fields: [{ path: `/tags/${at % 4 === 0 ? copy.replaceAll('~', '~0').replaceAll('/', '~1') : 'name'}`, before: 'a', after: at % 4 === 0 ? 'b' : copy, sensitive: false }],
          } as UnjudgedChange;
          const line = Buffer.from(`xx    ${JSON.stringify(change)},yy`);
          const scrubbed = structuredClone(change);
          scrubber.change(scrubbed);
          const altered = JSON.stringify(scrubbed) !== JSON.stringify(change);
          expect({ length, at, secret, altered }).toEqual({ length, at, secret, altered: true });
          expect({ length, at, secret, flagged: mayHold(line, 2, line.length - 2) }).toEqual({ length, at, secret, flagged: true });
        }
      }
    }
  });
});

const config = parseConfig('environments: {}\n', 'test');
const clock = { now: () => new Date('2026-03-01T12:00:00Z') };
const dir = tempDir('gitops-sync-attack41-');
let plans = 0;

async function bothPaths(plan: unknown) {
  const planPath = join(dir, `plan-${++plans}.json`);
  writeFileSync(planPath, JSON.stringify(plan));
  const request = { planPath, environment: 'prod', config, fingerprint: false };
  const inMemory = await analyzePlanFile(request, { clock });
  const output = join(dir, `report-${plans}.json`);
  await analyzePlanFileToJson(request, { clock }, output);
  return { inMemory, file: readFileSync(output, 'utf8') };
}

const created = (address: string, after: unknown, extra: Record<string, unknown> = {}) => ({
  address,
  mode: 'managed',
  type: 'aws_instance',
  name: 'x',
  provider_name: 'registry.terraform.io/hashicorp/aws',
  change: { actions: ['create'], before: null, after, before_sensitive: {}, after_sensitive: {} },
  ...extra,
});

/** The change that marks `secret` sensitive: after the copies, so they are written before the secret is known. */
const marking = (secret: string, address = 'aws_db_instance.marked') => ({
  ...created(address, { password: secret }),
  type: 'aws_db_instance',
  change: { actions: ['update'], before: { password: 'old-password-value' }, after: { password: secret }, before_sensitive: {}, after_sensitive: { password: true } },
});

const plan = (resourceChanges: unknown[]) => ({ format_version: '1.2', terraform_version: '1.9.0', resource_changes: resourceChanges });

describe('whole plans: the streamed report is the in-memory one', () => {
  test('secrets of 8 to 24 characters (strides 2 to 18 and the base64 cores), copied at every offset into values of lines that start anywhere in the scratch file', async () => {
    const next = random(9041);
    const secrets = Array.from({ length: 17 }, (_, index) => {
      let secret = '';
      const letters = [...'abcXYZ019-_é🔑"'];
      while (secret.length < 8 + index) secret += letters[Math.floor(next() * letters.length)];
      return secret;
    });
    const copies = secrets.flatMap((secret, index) =>
      Array.from({ length: 9 }, (_, at) =>
        created(`aws_instance.c${index}_${at}`, {
          user_data: `${'w'.repeat(at)}${[secret, Buffer.from(`${'-'.repeat(at % 3)}${secret}`).toString('base64'), encodeURIComponent(secret)][at % 3]}${'w'.repeat(8 - at)}`,
        }),
      ),
    );
    const { inMemory, file } = await bothPaths(plan([...copies, ...secrets.map((secret, index) => marking(secret, `aws_db_instance.m${index}`))]));
    expect(file).toBe(renderJson(inMemory));
    for (const secret of secrets) expect(file).not.toContain(JSON.stringify(secret).slice(1, -1));
  });

  // Holes found here (older than the stride): a copy of a secret as an instance key in an address is masked
  // in memory when the key, read back (terraformUnquoted), holds the secret. terraformUnquoted reads any
  // `\uXXXX`, of any case, for any character; the line search (mayHoldSecretsInJson) looked for the key as
  // Terraform quotes it and, only for a non-ASCII secret, for `\\u` followed by a lower-case hex digit, so a
  // plan whose key escaped an ASCII character, or with an upper-case hex digit, kept the copy in report.json.
  // Now every change with quoting in an instance key is scrubbed again (hasQuotedInstanceKey).
  test('an ASCII secret as an instance key with one character written \\u0073: masked in the file as in memory', async () => {
    const secret = 'swordfish-Secret-42';
    const { inMemory, file } = await bothPaths(plan([created('aws_instance.keyed["\\u0073wordfish-Secret-42"]', { ami: 'b' }), marking(secret)]));
    // In memory the key is masked.
    expect(inMemory.changes.map((change) => change.address)).toContain('aws_instance.keyed["(sensitive)"]');
    expect(file).not.toContain('wordfish-Secret-42');
    expect(file).toBe(renderJson(inMemory));
  });

  test('a non-ASCII secret as a previous_address key escaped \\uABCD (upper case): masked in the file as in memory', async () => {
    const secret = 'pw-\uabcd-secret-value';
    const moved = created('aws_instance.moved', { ami: 'b' }, { previous_address: 'aws_instance.old["pw-\\uABCD-secret-value"]' });
    const { inMemory, file } = await bothPaths(plan([moved, marking(secret)]));
    expect(inMemory.changes.find((change) => change.address === 'aws_instance.moved')?.previous_address).toBe('aws_instance.old["(sensitive)"]');
    expect(file).not.toContain('-secret-value');
    expect(file).toBe(renderJson(inMemory));
  });
});

/**
 * findsFormsInBytes decides, for every line of a large plan's report, whether it may hold an unmarked
 * copy of a secret, and findsForms whether a string of a change does: what they pass over keeps the
 * copy. Both hash only every `stride`-th place when every form is long enough; these cases compare them
 * with a plain search of every form, at every alignment, with forms cut off by the range's ends, near
 * misses and non-ASCII text.
 */
import { describe, expect, test } from '@jest/globals';
import { findsForms, findsFormsInBytes } from '../packages/core/src/secrets/embedded.js';
import { seeded } from './support/seeded.js';

/** A deterministic pseudo-random sequence (the same cases every run). */
const random = (seed: number) => seeded(seed).next;

/** Whether bytes[start, end) hold one of `forms` whole: the answer the search must give. */
function plainSearch(forms: readonly string[], bytes: Buffer, start: number, end: number): boolean {
  return forms.some((form) => {
    const encoded = Buffer.from(form);
    const at = bytes.subarray(0, end).indexOf(encoded, start);
    return at >= 0 && at + encoded.length <= end;
  });
}

/** A small alphabet, so random text often starts the way a form does. */
const ALPHABET = ['a', 'b', 'c', 'd', '-', '"', '\\', 'é', '🔑'];

function text(next: () => number, length: number): string {
  let result = '';
  while (result.length < length) result += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return result;
}

describe('findsFormsInBytes', () => {
  // Shortest forms of 4 bytes (every place hashed) up to 24 (every 21st).
  for (const shortest of [4, 5, 6, 8, 11, 16, 24]) {
    test(`forms of ${shortest} bytes or more: the same answer as a plain search for every range`, () => {
      const next = random(shortest * 7919);
      const forms = Array.from({ length: 12 }, (_, index) => {
        let form = text(next, index === 0 ? shortest : shortest + Math.floor(next() * 12));
        // Cut to whole characters within the wanted bytes: the shortest form is exactly `shortest` bytes.
        while (Buffer.byteLength(form) > (index === 0 ? shortest : 64)) form = form.slice(0, -1);
        while (Buffer.byteLength(form) < shortest) form += 'a';
        return form;
      });
      const finds = findsFormsInBytes(forms);
      let found = 0;
      for (let round = 0; round < 400; round++) {
        // Text with a form in it (or a form's first bytes only), at any alignment.
        const form = forms[Math.floor(next() * forms.length)];
        const part = next() < 0.3 ? form.slice(0, Math.max(1, form.length - 1 - Math.floor(next() * 3))) : form;
        const bytes = Buffer.from(`${text(next, Math.floor(next() * 40))}${part}${text(next, Math.floor(next() * 40))}`);
        const start = Math.floor(next() * 12);
        const end = Math.max(start, bytes.length - Math.floor(next() * 12));
        const expected = plainSearch(forms, bytes, start, end);
        if (expected) found++;
        expect({ round, answer: finds(bytes, start, end) }).toEqual({ round, answer: expected });
      }
      // The cases are not all misses (nor all hits).
      expect(found).toBeGreaterThan(50);
      expect(found).toBeLessThan(400);
    });
  }

  test('a form at the very start or the very end of the range is found; one cut by either end is not', () => {
    const form = 'secret-value-0123456789';
    const finds = findsFormsInBytes([form, 'another-long-secret-value']);
    const bytes = Buffer.from(`xx${form}yy`);
    const [start, end] = [2, 2 + form.length];
    expect(finds(bytes, start, end)).toBe(true);
    expect(finds(bytes, 0, bytes.length)).toBe(true);
    expect(finds(bytes, start + 1, end)).toBe(false);
    expect(finds(bytes, start, end - 1)).toBe(false);
    // At each place within a line of text.
    for (let at = 0; at < 40; at++) {
      const line = Buffer.from(`${'z'.repeat(at)}${form}${'z'.repeat(40 - at)}`);
      expect({ at, found: finds(line, 0, line.length) }).toEqual({ at, found: true });
      expect({ at, found: finds(line, at + 1, line.length) }).toEqual({ at, found: false });
    }
  });

  test('no forms: nothing is found', () => {
    expect(findsFormsInBytes([])(Buffer.from('anything at all'), 0, 15)).toBe(false);
  });

  test('a form shorter than the hash is refused when the search is made, not searched for forever', () => {
    expect(() => findsFormsInBytes(['abc', 'long-enough-form'])).toThrow('shorter than 4 bytes');
    expect(() => findsForms(['ab', 'long-enough-form'])).toThrow('shorter than 3 units');
  });
});

describe('findsForms', () => {
  // Shortest forms of 3 units (every place hashed) up to 20 (every 18th).
  for (const shortest of [3, 4, 5, 8, 13, 20]) {
    test(`forms of ${shortest} units or more: the same answer as a plain search of every text`, () => {
      const next = random(shortest * 104729);
      const forms = Array.from({ length: 12 }, (_, index) => {
        const form = text(next, shortest + (index === 0 ? 0 : Math.floor(next() * 12)));
        return index === 0 ? form.slice(0, shortest) : form;
      });
      // A form may end in half of a surrogate pair (text() counts units): a text holding the form holds that half too.
      const finds = findsForms(forms);
      let found = 0;
      for (let round = 0; round < 400; round++) {
        const form = forms[Math.floor(next() * forms.length)];
        const part = next() < 0.3 ? form.slice(0, Math.max(1, form.length - 1 - Math.floor(next() * 3))) : form;
        const haystack = `${text(next, Math.floor(next() * 40))}${part}${text(next, Math.floor(next() * 40))}`;
        const expected = forms.some((candidate) => haystack.includes(candidate));
        if (expected) found++;
        expect({ round, answer: finds(haystack) }).toEqual({ round, answer: expected });
      }
      expect(found).toBeGreaterThan(50);
      expect(found).toBeLessThan(400);
    });
  }

  test('a form at the very start or end of a text is found, at every place in between too', () => {
    const form = 'secret-value-0123456789';
    const finds = findsForms([form, 'another-long-secret-value']);
    for (let at = 0; at < 40; at++) expect({ at, found: finds(`${'z'.repeat(at)}${form}${'z'.repeat(40 - at)}`) }).toEqual({ at, found: true });
    expect(finds(form)).toBe(true);
    expect(finds(form.slice(1))).toBe(false);
    expect(finds(form.slice(0, -1))).toBe(false);
  });
});

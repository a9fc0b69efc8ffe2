import { describe, expect, test } from '@jest/globals';
import { canonicalJson } from '@gitops-sync/core';

/*
 * attack15: canonicalJson now sorts an object's keys only when they are out of order. The fingerprint's
 * definition is unchanged: keys in UTF-16 code-unit order at every level, whatever order the object
 * holds them in (integer-like keys come first in a JS object, non-BMP keys sort by their surrogates).
 */

function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => reference(item ?? null)).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.filter((key) => (value as Record<string, unknown>)[key] !== undefined).map((key) => `${JSON.stringify(key)}:${reference((value as Record<string, unknown>)[key])}`).join(',')}}`;
}

const KEYS = ['10', '9', '0', '01', '4294967295', '4294967294', '-1', 'b', 'B', 'a', '', '__proto__', 'constructor', '\u{1F600}', '\uFFFF', '\uFF61', 'é', 'a/b', 'c~d'];

describe('attack15: canonical key order', () => {
  test.each([
    ['as written', KEYS],
    ['reversed', [...KEYS].reverse()],
    ['already in code-unit order', [...KEYS].sort()],
  ])('keys %s, nested two deep: code-unit order at every level', (_how, keys) => {
    // From JSON text, so that __proto__ is an own key as in a parsed plan.
    const object = (inner: string) => `{${keys.map((key, index) => `${JSON.stringify(key)}:${index % 3 === 0 ? inner : index}`).join(',')}}`;
    const value = JSON.parse(object(object('[1,{"z":1,"y":2}]')));
    expect(canonicalJson(value)).toBe(reference(value));
  });

  test('a non-BMP key sorts before U+FFFF (by its high surrogate), not after it', () => {
    expect(canonicalJson(JSON.parse('{"\uFFFF":1,"\uD83D\uDE00":2}'))).toBe('{"\uD83D\uDE00":2,"\uFFFF":1}');
  });
});

import { describe, expect, test } from '@jest/globals';
import { Redactor } from '@gitops-sync/core';

/*
 * A Redactor with many secrets (a sync of 50,000 workloads, each with its values) sorted all of them and ran
 * a replaceAll per secret for every line it masked. It now tries only the secrets that may be in the text:
 * what it shows must be exactly what masking every secret, longest first, showed.
 */

/** Every secret masked in turn, longest first (then as added): the behaviour the Redactor keeps. */
function maskedOneByOne(secrets: string[], text: string): string {
  let result = text;
  for (const secret of [...new Set(secrets.filter((secret) => secret.length >= 3))].sort((a, b) => b.length - a.length)) result = result.replaceAll(secret, '***');
  return result;
}

/** A deterministic stream of pseudo-random numbers (a test that fails must fail again). */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const ALPHABET = ['a', 'b', 'c', '*', '-', 'é', '\ud83d\ude00', 'x'];

describe('a Redactor with many secrets', () => {
  test('masks exactly what masking every secret in turn masks, across 300 random sets of up to 200 secrets and texts', () => {
    const random = randomFrom(7);
    const word = (length: number) => Array.from({ length }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const secrets = Array.from({ length: 1 + Math.floor(random() * 200) }, () => word(2 + Math.floor(random() * 6)));
      const redactor = new Redactor();
      for (const secret of secrets) redactor.add(secret);
      for (let line = 0; line < 5; line++) {
        // Texts built from the secrets themselves, joined and cut anywhere, so they overlap and nest.
        const text = Array.from({ length: 1 + Math.floor(random() * 8) }, () => (random() < 0.6 ? secrets[Math.floor(random() * secrets.length)] : word(1 + Math.floor(random() * 4)))).join(random() < 0.5 ? '' : ' ');
        expect(redactor.redact(text)).toBe(maskedOneByOne(secrets, text));
      }
    }
  });

  test('a secret that appears only once another is masked (it holds `***`) is masked too', () => {
    const redactor = new Redactor();
    const secrets = ['a***b', 'TOKEN-VALUE', ...Array.from({ length: 100 }, (_, index) => `filler-${index}`)];
    for (const secret of secrets) redactor.add(secret);
    expect(redactor.redact('aTOKEN-VALUEb')).toBe('***');
    expect(redactor.redact('aTOKEN-VALUEb')).toBe(maskedOneByOne(secrets, 'aTOKEN-VALUEb'));
  });

  test('50,000 secrets: a line holding two of them, and a secret added later, are masked', () => {
    const redactor = new Redactor();
    for (let index = 0; index < 50_000; index++) redactor.add(`password-${index}-${'z'.repeat(index % 7)}`);
    expect(redactor.redact('rollout of web-1 with password-17-zzz and password-49999-zzzzz done')).toBe('rollout of web-1 with *** and *** done');
    redactor.add('late-secret');
    expect(redactor.redact('now late-secret and password-3-zzz')).toBe('now *** and ***');
  });
});

/**
 * A large plan's secrets are prepared for the search of its report lines in bulk (issue 15: tens of
 * thousands of secrets took 0.1 s one by one), and the lines are searched a block at a time, lines counted
 * only where something is found. Each shortcut must give what the plain way gives: the base64 of every
 * secret at every alignment, Terraform's quoting of every ASCII key, and the index of every line the
 * search finds something in, wherever the file's 4 MB pieces cut it.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraformQuoted } from '@gitops-sync/core';
import { base64CoresOfAll, whereFormsInBytes } from '../packages/core/src/secrets/embedded.js';
import { linesFound } from '../packages/engine/src/drift/plan-report-file.js';
import { seeded } from './support/seeded.js';

/** The characters of a secret's base64, at alignment `offset`, that depend on its bytes alone: one secret at a time. */
function plainCore(secret: string, offset: number): string {
  const bytes = Buffer.concat([Buffer.alloc(offset), Buffer.from(secret)]);
  const encoded = bytes.toString('base64');
  return encoded.slice(offset === 0 ? 0 : 4, Math.floor(bytes.length / 3) * 4);
}

describe('base64CoresOfAll', () => {
  test('gives each secret the cores it has alone, at all three alignments, ASCII or not, of every length', () => {
    const next = seeded(17).next;
    const alphabet = ['a', 'Z', '0', '-', '/', '+', ' ', 'é', '€', '🔑', '\uD800', '\uDE00', '\n', '"'];
    const secrets = Array.from({ length: 400 }, (_, index) => {
      let secret = '';
      for (let length = index % 23; length > 0; length--) secret += alphabet[Math.floor(next() * alphabet.length)];
      return secret;
    });
    const cores = base64CoresOfAll(secrets);
    secrets.forEach((secret, index) => expect(cores[index]).toEqual([0, 1, 2].map((offset) => plainCore(secret, offset))));
  });

  test('a secret ending in a lone high surrogate before one starting with a lone low one: each keeps its own bytes (helper-136)', () => {
    // Laid end to end as text, the two halves made one character: every later secret's cores were wrong.
    const secrets = ['abcdefghi\ud83d', '\ude00abcdefgh', 'S3cret-Value-123'];
    expect(base64CoresOfAll(secrets)).toEqual(secrets.map((secret) => [0, 1, 2].map((offset) => plainCore(secret, offset))));
    expect(base64CoresOfAll(secrets)[2][0]).toBe(Buffer.from('S3cret-Value-123').toString('base64').slice(0, 20));
  });

  test('all ASCII (the fast path) and one non-ASCII secret among them give the same cores for the others', () => {
    const ascii = ['password-123', 'a', 'token_ABCDEFGHIJ', 'xy'];
    const mixed = [...ascii, 'päss'];
    expect(base64CoresOfAll(mixed).slice(0, ascii.length)).toEqual(base64CoresOfAll(ascii));
  });
});

describe("terraformQuoted's shortcut for keys that need no quoting", () => {
  /** Terraform's quoting (addrs.StringKey) of ASCII, character by character. */
  function plainQuoted(key: string): string {
    let quoted = '';
    for (let index = 0; index < key.length; index++) {
      const char = key[index];
      const code = char.charCodeAt(0);
      const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };
      if (escapes[char]) quoted += escapes[char];
      else if ((char === '$' || char === '%') && key[index + 1] === '{') quoted += char + char;
      else if (code >= 0x20 && code < 0x7f) quoted += char;
      else quoted += `\\u${code.toString(16).padStart(4, '0')}`;
    }
    return quoted;
  }

  test('every ASCII character, alone, before `{` and after `$`/`%`, quotes as Terraform does', () => {
    for (let code = 0; code < 0x80; code++) {
      const char = String.fromCharCode(code);
      for (const key of [char, `${char}{`, `$${char}`, `%${char}`, `a${char}b`, `${char}${char}{x}`]) expect(terraformQuoted(key)).toBe(plainQuoted(key));
    }
  });
});

describe('whereFormsInBytes', () => {
  test('names where the first form found starts, from where the search starts', () => {
    const where = whereFormsInBytes(['secret-one', 'secret-two']);
    const bytes = Buffer.from('xx secret-two yy secret-one');
    expect(where(bytes, 0, bytes.length)).toBe(3);
    expect(where(bytes, 4, bytes.length)).toBe(17);
    expect(where(bytes, 4, bytes.length - 1)).toBe(-1);
  });
});

describe('linesFound', () => {
  const folder = mkdtempSync(join(tmpdir(), 'gitops-sync-lines-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const NEEDLE = 'NEEDLE-secret';
  const where = whereFormsInBytes([NEEDLE]);

  /** What searching each line alone finds. */
  const plainFound = (lists: string[][]) => {
    const found = new Set<number>();
    lists.flat().forEach((line, index) => line.includes(NEEDLE) && found.add(index));
    return found;
  };

  function write(lines: string[], name: string, lastBreak = true): string {
    const path = join(folder, name);
    writeFileSync(path, lines.join('\n') + (lastBreak ? '\n' : ''));
    return path;
  }

  test('finds the same lines as a line-by-line search, across 4 MB pieces and two lists', () => {
    const next = seeded(5).next;
    // Lines of 1-300 KB: some cross the file's 4 MB pieces; needles at starts, ends and middles of lines.
    const makeLines = (count: number) =>
      Array.from({ length: count }, (_, index) => {
        const filler = 'x'.repeat(1 + Math.floor(next() * 300_000));
        const pick = next();
        if (pick < 0.1) return `${NEEDLE}${filler}`;
        if (pick < 0.2) return `${filler}${NEEDLE}`;
        if (pick < 0.3) return `${filler.slice(0, 10)}${NEEDLE}${filler}${NEEDLE}`;
        return `${filler}-${index}`;
      });
    const first = makeLines(60);
    // A line longer than two chunks, with a copy past its first 8 MB, between others.
    first.splice(30, 0, `${'y'.repeat(9_000_000)}${NEEDLE}`, 'short', `${NEEDLE} then ${'z'.repeat(4_500_000)}`);
    const second = makeLines(45);
    const found = linesFound([write(first, 'a.part'), write(second, 'b.part')], where);
    expect([...found].sort((a, b) => a - b)).toEqual([...plainFound([first, second])].sort((a, b) => a - b));
    expect(found.size).toBeGreaterThan(10);
  });

  test('an empty list, short lines and a last line with no line break are counted as lines', () => {
    const first = ['a', NEEDLE, 'b'];
    const second = ['c', `d ${NEEDLE}`];
    const third = ['e', 'no break after me'];
    const found = linesFound([write([], 'empty.part', false), write(first, 'c.part'), write(second, 'd.part', false), write(third, 'e.part', false), write([NEEDLE], 'f.part')], where);
    expect([...found].sort((a, b) => a - b)).toEqual([1, 4, 7]);
  });

  test('a search that cannot tell finds every line', () => {
    const lines = ['one', 'two', 'three'];
    expect([...linesFound([write(lines, 'g.part')], (_bytes, start) => start)]).toEqual([0, 1, 2]);
  });
});

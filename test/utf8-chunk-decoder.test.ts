/**
 * Kubernetes exports are read in chunks and decoded as they come (utf8ChunkDecoder): a character cut
 * between two chunks, a leading BOM and invalid bytes must read exactly as TextDecoder reads the whole.
 */
import { describe, expect, test } from '@jest/globals';
import { utf8ChunkDecoder } from '@gitops-sync/core';

function decodeInChunks(bytes: Uint8Array, cuts: number[]): string {
  const decode = utf8ChunkDecoder();
  let text = '';
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    // One reused buffer, as withInputChunks hands them out: what the decoder keeps it must copy.
    const reused = new Uint8Array(64);
    reused.set(bytes.subarray(start, cut));
    text += decode(reused.subarray(0, cut - start));
    reused.fill(0x41);
    start = cut;
  }
  return text + decode();
}

describe('utf8ChunkDecoder', () => {
  const text = '\uFEFFname: caf\u00e9 \u20ac100 \u{1F600}\nother: ascii\n';
  const bytes = new TextEncoder().encode(text);

  test('every cut of a text with 2-, 3- and 4-byte characters and a BOM reads as TextDecoder reads it whole', () => {
    const whole = new TextDecoder().decode(bytes);
    for (let cut = 0; cut <= bytes.length; cut++) expect(decodeInChunks(bytes, [cut])).toBe(whole);
    for (let cut = 1; cut < bytes.length - 1; cut++) expect(decodeInChunks(bytes, [cut, cut + 1])).toBe(whole);
    expect(whole.startsWith('name')).toBe(true);
  });

  test('a BOM later in the text is kept, and invalid or cut-off bytes at the end read as U+FFFD', () => {
    const later = new TextEncoder().encode('a\uFEFFb');
    expect(decodeInChunks(later, [1])).toBe('a\uFEFFb');
    const cutOff = new Uint8Array([0x61, 0xe2, 0x82]);
    expect(decodeInChunks(cutOff, [2])).toBe(new TextDecoder().decode(cutOff));
    const invalid = new Uint8Array([0x61, 0xff, 0x62, 0xc3]);
    expect(decodeInChunks(invalid, [1, 3])).toBe(new TextDecoder().decode(invalid));
  });
});

import { isDeepStrictEqual } from 'node:util';
import { describe, expect, test } from '@jest/globals';
import { readTopLevel, type ByteSource } from '@gitops-sync/core';

/*
 * attack15: the plan reader's batches (64 KB, ASCII as latin1, a reused join buffer, an exact scan when
 * a batch does not parse) against JSON.parse, on entries made to mislead it: strings holding
 * `},{"address":`, brackets, multi-byte characters, strings longer than a batch, keys __proto__, `~`, `/`.
 */

function inChunks(bytes: Uint8Array, size: () => number): ByteSource {
  let at = 0;
  return () => {
    if (at >= bytes.length) return undefined;
    const length = size();
    at += length;
    return bytes.subarray(at - length, at);
  };
}

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
const TRICKY = ['},{"address":"x"', '"address"', '{"address":', 'é', '🚀', '日本', '\\', '"', '~1/', '\u2028', ']', '[', '},{', 'a'.repeat(70_000)];
const text = () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(TRICKY)).join('');
function value(depth: number): unknown {
  const roll = random();
  if (depth > 3 || roll < 0.4) return pick([text(), 1, null, true, 1e308, -0.5]);
  if (roll < 0.6) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
  const entries = Array.from({ length: Math.floor(random() * 4) }, () => [pick(['address', '__proto__', 'a/b', 'c~d', text().slice(0, 20)]), value(depth + 1)] as const);
  return JSON.parse(`{${entries.map(([key, item]) => `${JSON.stringify(key)}:${JSON.stringify(item)}`).join(',')}}`);
}

describe('attack15: batches never change what is read', () => {
  test('60 misleading plans, each read whole, in 1-9 byte pieces, in pieces up to 70 KB, and at 4 KB / 64 KB edges', () => {
    let compared = 0;
    for (let round = 0; round < 60; round++) {
      const changes = Array.from({ length: Math.floor(random() * 30) }, (_, i) => ({ address: `r.${i}${random() < 0.2 ? text() : ''}`, change: { before: value(0), after: value(0) } }));
      const plan = JSON.stringify({ resource_changes: changes, prior_state: { values: { root_module: { resources: changes.slice(0, 3) } } } });
      const expected = JSON.parse(plan).resource_changes;
      const bytes = Buffer.from(plan);
      for (const size of [() => bytes.length, () => 1 + Math.floor(random() * 9), () => 1 + Math.floor(random() * 70_000), () => 65_536, () => 4096]) {
        const read: unknown[] = [];
        readTopLevel(inChunks(bytes, size), { values: [], arrays: ['resource_changes'], onItem: (_key, item) => read.push(item) });
        expect(isDeepStrictEqual(read, expected)).toBe(true);
        compared++;
      }
    }
    expect(compared).toBe(300);
  }, 120_000);
});

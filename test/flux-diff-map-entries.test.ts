import { describe, expect, test } from '@jest/globals';
import { parseFluxDiff } from '@gitops-sync/core';

/*
 * `flux diff` prints a map's added or removed entries as one YAML block under the map's path. The yaml
 * library's own duplicate-key check compares each key with every key before it: a ConfigMap with 200,000
 * new entries took ten minutes to analyse (helper-138), against seven seconds for the same entries under
 * separate paths. A block with a key twice is still not read as a map (its text is the field's value).
 */

function mapEntriesAdded(keys: string[]): string {
  return ['► ConfigMap/apps/big drifted', '', 'data', `  + ${keys.length} map entries added:`, ...keys.map((key, index) => `    ${key}: value${index}`), ''].join('\n');
}

describe('flux diff map entries', () => {
  test('a map of 50,000 added entries under one path gives a field per entry, in time that grows linearly', () => {
    const keysOf = (count: number) => Array.from({ length: count }, (_, index) => `KEY_${index}`);
    const timed = (count: number) => {
      const text = mapEntriesAdded(keysOf(count));
      const started = performance.now();
      const [change] = parseFluxDiff(text, { label: 'flux.txt' });
      return { change, ms: performance.now() - started };
    };
    timed(5_000);
    const small = timed(5_000);
    const large = timed(50_000);
    expect(large.change.fields).toHaveLength(50_000);
    expect(large.change.fields[49_999]).toEqual({ path: '/data/KEY_49999', before: null, after: 'value49999', sensitive: false });
    // Ten times the entries: about ten times the time; comparing each key with all before it made it two hundred.
    expect(large.ms / small.ms).toBeLessThan(30);
  }, 120_000);

  test.each([
    ['the same key twice', ['A', 'B', 'A']],
    ['a quoted and a plain spelling of one key', ['A', '"A"']],
  ])('a block with %s stays one field holding its text', (_name, keys) => {
    const [change] = parseFluxDiff(mapEntriesAdded(keys), { label: 'flux.txt' });
    expect(change.fields).toEqual([{ path: '/data', before: null, after: keys.map((key, index) => `${key}: value${index}`).join('\n'), sensitive: false }]);
  });
});

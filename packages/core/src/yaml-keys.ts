import { isScalar, visit, type Document } from 'yaml';

/**
 * Whether a map in the document has a key twice: the same scalar value, compared with `===` as the yaml
 * library's `uniqueKeys` compares keys (two `.nan` keys differ; a key-less entry counts). The library's own
 * check compares each key with every key before it: ten minutes for a map of 200,000 keys. Parse with
 * `uniqueKeys: false` and ask this instead.
 */
export function hasKeyTwice(document: Document): boolean {
  let twice = false;
  visit(document, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        const value = isScalar(key) ? key.value : key;
        if (Number.isNaN(value)) continue;
        if (seen.has(value)) {
          twice = true;
          return visit.BREAK;
        }
        seen.add(value);
      }
      return undefined;
    },
  });
  return twice;
}

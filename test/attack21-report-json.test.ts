import { describe, expect, test } from '@jest/globals';
import { renderJson, renderJsonChunks, type DriftReport } from '@gitops-sync/core';
import { BATCH_CHARS } from '@gitops-sync/core/report/batched';
import { prettyJsonChunks } from '@gitops-sync/core/report/pretty-json';
import { seeded } from './support/seeded.js';

/*
 * attack21: a report's lists of scalars are joined into batches as they are rendered (scalarLines);
 * the text must stay JSON.stringify(value, null, 2), indented, whatever the list holds.
 */

const pretty = (value: unknown) => [...prettyJsonChunks(value, '  ')].join('');
const expected = (value: unknown) => JSON.stringify(value, null, 2).replaceAll('\n', '\n  ');

describe('attack21: prettyJsonChunks of lists of scalars', () => {
  test('a sparse list: its holes are null, as JSON.stringify writes them (it wrote `undefined`, which is not JSON)', () => {
    // eslint-disable-next-line no-sparse-arrays
    const holes = ['a', , 'b', ,];
    expect(pretty(holes)).toBe(expected(holes));
    expect(JSON.parse(pretty(holes))).toEqual(['a', null, 'b', null]);
    const sized = new Array<string>(3);
    sized[1] = 'x';
    expect(pretty({ addresses: sized })).toBe(expected({ addresses: sized }));
  });

  test('random lists of odd scalars, holes, extra properties and objects: the same text, in batches of about BATCH_CHARS', () => {
    const random = seeded(21);
    const scalars: unknown[] = ['', 'é😀', '\ud800', 'x\udc00y', '\u2028\u2029', '"\\\n\t', -0, Number.NaN, -Infinity, 1e21, 5e-324, Number.MAX_SAFE_INTEGER + 2, true, false, null, 'a'.repeat(3000)];
    const others: unknown[] = [undefined, () => 1, Symbol('s'), new Date(0), { toJSON: () => 'json' }, { a: [1, { b: undefined }] }, [], {}, [null, [undefined]]];
    for (let round = 0; round < 300; round++) {
      const length = random.below(round % 10 === 0 ? 3000 : 40);
      const list: unknown[] = [];
      for (let i = 0; i < length; i++) {
        const kind = random.below(20);
        if (kind === 0) list.length++;
        else if (kind === 1 && round % 2) list.push(random.pick(others));
        else list.push(random.pick(scalars));
      }
      if (random.below(5) === 0) Object.assign(list, { extra: 'ignored', 7.5: 1 });
      const pieces = [...prettyJsonChunks(list, '  ')];
      expect(pieces.join('')).toBe(expected(list));
      expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(BATCH_CHARS + 4000);
    }
  });

  test('lists of strings only (written a batch per JSON.stringify): the same text, whatever the strings hold', () => {
    const random = seeded(2112);
    // helper-136: an address ending in `",` (JSON `\",`) before the next string was split inside itself.
    const strings = ['', '","', '\\","\\', 'a\\', '\\', '"', '", "', 'aws_instance.a["x",', 'x\\",', '",', 'module.app["a","b"].x', '\ud800', '😀', '\u0000', 'x'.repeat(5000), 'plain.address[0]'];
    for (let round = 0; round < 60; round++) {
      const length = round === 0 ? 1 : random.below(round % 6 === 0 ? 20_000 : 30);
      const list = Array.from({ length }, () => (random.below(3) === 0 ? `${random.pick(strings)}${random.pick(strings)}` : random.pick(strings)));
      for (const indent of ['  ', '      ', ' '.repeat(12)]) {
        const pieces = [...prettyJsonChunks(list, indent)];
        expect(pieces.join('')).toBe(JSON.stringify(list, null, 2).replaceAll('\n', `\n${indent}`));
        expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(6 * BATCH_CHARS);
      }
    }
  });

  test('change lines of odd values, holes included: the text renderJson writes', () => {
    const holed = (...items: unknown[]) => Object.assign(new Array<unknown>(items.length + 1), items);
    const changes = [{ address: 'a', fields: holed(1, '\ud800') }, null, -0, 'é😀', { toJSON: () => ({ address: 'b' }) }, new Date(0)];
    const report = { schema: 'gitops-sync/drift-report@1', total_changes: changes.length, changes, summary: holed('x') } as unknown as DriftReport;
    expect([...renderJsonChunks(report)].join('')).toBe(renderJson(report));
    expect(JSON.parse(renderJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});

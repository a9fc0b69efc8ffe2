/**
 * readTopLevel's tee: the input reduced to the named top-level members, handed on as it is read, in
 * pieces, whatever the chunks the input comes in (the plan fingerprint's worker reads the analysis's
 * plan this way, never the file).
 */
import { readTopLevel, wholeBytes, type ByteSource } from '../packages/core/src/json/top-level-reader.js';

const PLAN = {
  format_version: '1.2',
  planned_values: { root_module: { resources: [{ address: 'a.b', values: { s: 'x"]}', n: 1.5e3 } }] } },
  resource_drift: [{ address: 'a.b', change: { actions: ['update'], before: { t: 'é\\u00e9' }, after: null } }],
  resource_changes: [
    { address: 'a.b', change: { actions: ['update'], before: { v: '[{' }, after: { v: 2 } } },
    { address: 'c.d', change: { actions: ['create'], before: null, after: { list: [1, [2, { x: '}' }]] } } },
  ],
  output_changes: { out: { actions: ['update'], before: 'x', after: 'y' } },
  prior_state: { values: { root_module: {} } },
  errored: false,
};
const KEYS = ['resource_drift', 'resource_changes', 'output_changes'];

function inChunks(bytes: Buffer, size: number): ByteSource {
  let at = 0;
  // Two buffers taking turns, as the engine's withInputChunks hands out a file: a chunk is overwritten two chunks later.
  const turns = [Buffer.alloc(size), Buffer.alloc(size)];
  let handedOut = 0;
  return () => {
    if (at >= bytes.length) return undefined;
    const length = Math.min(size, bytes.length - at);
    const reused = turns[handedOut++ % 2]!;
    bytes.copy(reused, 0, at, at + length);
    at += length;
    return reused.subarray(0, length);
  };
}

function teed(input: Buffer | ByteSource, keys = KEYS): string {
  const pieces: Buffer[] = [];
  readTopLevel(typeof input === 'function' ? input : wholeBytes(input), {
    values: ['format_version', 'output_changes'],
    arrays: ['resource_drift', 'resource_changes'],
    onItem: () => {},
    tee: { keys, sink: (piece) => void pieces.push(Buffer.from(piece)) },
  });
  return Buffer.concat(pieces).toString('utf8');
}

describe('readTopLevel tee', () => {
  const compact = Buffer.from(JSON.stringify(PLAN));
  const pretty = Buffer.from(`${JSON.stringify(PLAN, null, 2).replaceAll('\n', '\r\n')}`);
  const expected = { resource_drift: PLAN.resource_drift, resource_changes: PLAN.resource_changes, output_changes: PLAN.output_changes };

  test.each([1, 2, 3, 7, 64, 100_000])('the members named, bytes as they are, from chunks of %p bytes', (size) => {
    expect(teed(inChunks(compact, size))).toBe(`{"resource_drift":${JSON.stringify(PLAN.resource_drift)},"resource_changes":${JSON.stringify(PLAN.resource_changes)},"output_changes":${JSON.stringify(PLAN.output_changes)}}`);
    expect(JSON.parse(teed(inChunks(pretty, size)))).toEqual(expected);
  });

  test('a plan without the members gives an empty object; members come in the input order, duplicates too', () => {
    expect(teed(Buffer.from('{"format_version":"1.2"}'))).toBe('{}');
    expect(teed(Buffer.from('{"output_changes":{},"resource_changes":[1],"resource_changes":[]}'))).toBe('{"output_changes":{},"resource_changes":[1],"resource_changes":[]}');
  });
});

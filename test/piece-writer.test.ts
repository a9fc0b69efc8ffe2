/**
 * The report writer encodes pieces into one reused buffer: text and bytes come out in order, a half
 * surrogate pair at a piece's end waits for the next piece, and many small byte pieces (a report's
 * change lines copied from a scratch file) go out in a few writes, not one each.
 */
import { expect, test } from '@jest/globals';
import { PieceWriter } from '@gitops-sync/engine';

function written(pieces: (string | Uint8Array)[]) {
  const chunks: Buffer[] = [];
  const writer = new PieceWriter((bytes) => chunks.push(Buffer.from(bytes)));
  for (const piece of pieces) writer.write(piece);
  writer.flush();
  return { text: Buffer.concat(chunks).toString('utf8'), writes: chunks.length };
}

test('text and bytes come out in order, a split surrogate pair joined again', () => {
  const key = '🔑';
  const { text } = written(['a', key[0], key[1], Buffer.from('-bytes-'), 'é', key[0], Buffer.from('x'), Buffer.alloc(200_000, 0x41), 'end']);
  // A half pair followed by bytes is written as JSON.stringify would never write it: the replacement character.
  expect(text).toBe(`a${key}-bytes-é\ufffdx${'A'.repeat(200_000)}end`);
});

test('ten thousand small byte pieces go out in a few writes', () => {
  const line = Buffer.from(`    ${JSON.stringify({ address: 'aws_s3_bucket.logs', severity: 'low' })},\n`);
  const { text, writes } = written(Array.from({ length: 10_000 }, () => line));
  expect(text).toBe(line.toString('utf8').repeat(10_000));
  expect(writes).toBeLessThan(5);
});

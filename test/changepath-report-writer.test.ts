import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@gitops-sync/engine';
import { tempDir } from './support/temp-dir.js';

// writeFileAtomic encodes the pieces of a report straight into a reused buffer: what lands in the
// file must be exactly the UTF-8 of the pieces joined, whatever their sizes and characters.

const MB = 1024 * 1024;
let dir: string;
beforeEach(() => {
  dir = tempDir('changepath-writer-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const written = (pieces: string[]) => {
  const path = join(dir, 'report.json');
  writeFileAtomic(path, pieces);
  return readFileSync(path);
};

describe('writeFileAtomic with pieces (changepath)', () => {
  test('many small pieces across several buffers of multi-byte text are the bytes of the joined text', () => {
    const pieces = Array.from({ length: 40_000 }, (_, i) => `    {"address":"r-${i}","note":"é ü 漢字 🙂 ${'x'.repeat(i % 50)}"},\n`);
    expect(written(pieces).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
  });

  test('a piece larger than the buffer, between small ones, is written whole and in order', () => {
    const pieces = ['{\n', `"${'ä'.repeat(MB)}"`, ',\n', 'y'.repeat(3 * MB), '}\n'];
    expect(written(pieces).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
  });

  test('an emoji split between two pieces is one character in the file, not two replacement marks', () => {
    const emoji = '🙂';
    const pieces = [`a${emoji[0]}`, `${emoji[1]}b`, 'c'];
    expect(written(pieces).toString('utf8')).toBe(`a${emoji}bc`);
  });

  test('no pieces gives an empty file', () => {
    expect(written([]).length).toBe(0);
  });
});

/**
 * inBatches (packages/engine/src/git-objects.ts) against a real repository: blobs read a batch at a time,
 * at most 200 objects and about 64 MB of them per `git cat-file --batch` (a pull request of large files must
 * not hold them all in memory), in the items' order, with what git cannot produce said per object.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { inBatches, type GitRun } from '../packages/engine/src/git-objects.js';
import { nodeExec } from '../packages/engine/src/node-exec.js';
import { git } from './support/git-repo.js';

const MB = 1024 * 1024;
let dir: string;
const objects: Record<string, string> = {};

/** Runs git in the repository, counting each `cat-file --batch` and the bytes it answered. */
function counted() {
  const batches: number[] = [];
  const run: GitRun = async (args, input) => {
    const result = await nodeExec.run('git', args, { cwd: dir, input });
    if (result.exitCode !== 0) throw new Error(result.stderr);
    if (args[1] === '--batch') batches.push(result.stdout.length);
    return result.stdout;
  };
  return { run, batches };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitops-sync-batches-'));
  git(dir, 'init', '-q', '-b', 'main');
  for (let i = 0; i < 5; i++) writeFileSync(join(dir, `large-${i}.bin`), Buffer.alloc(30 * MB, 65 + i));
  for (let i = 0; i < 450; i++) writeFileSync(join(dir, `small-${i}.txt`), `small ${i}\n`);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'files');
  for (const line of git(dir, 'ls-tree', 'HEAD').split('\n')) objects[line.split('\t')[1]!] = line.split(' ')[2]!.split('\t')[0]!;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('large blobs are read about 64 MB at a time, in order', async () => {
  const { run, batches } = counted();
  const names = Array.from({ length: 5 }, (_, i) => `large-${i}.bin`);
  const read: string[] = [];
  for await (const batch of inBatches(run, names, (name) => objects[name])) {
    for (const [name, blob] of batch) read.push(`${name} ${blob instanceof Buffer ? `${blob.length} ${String.fromCharCode(blob[0]!)}` : blob}`);
  }
  expect(read).toEqual(names.map((name, i) => `${name} ${30 * MB} ${String.fromCharCode(65 + i)}`));
  // Two of 30 MB fit in 64 MB, a third does not.
  expect(batches.length).toBe(3);
  expect(Math.max(...batches)).toBeLessThan(64 * MB + 1024);
});

test('small blobs 200 at a time; items without an object and objects git lacks keep their places', async () => {
  const { run, batches } = counted();
  const names = [...Array.from({ length: 450 }, (_, i) => `small-${i}.txt`), 'a-link', 'gone.txt'];
  const objectOf = (name: string) => (name === 'a-link' ? undefined : name === 'gone.txt' ? 'f'.repeat(40) : objects[name]);
  const read: [string, string | undefined][] = [];
  for await (const batch of inBatches(run, names, objectOf)) for (const [name, blob] of batch) read.push([name, typeof blob === 'string' || blob === undefined ? blob : blob.toString('utf8')]);
  expect(read.slice(0, 450)).toEqual(Array.from({ length: 450 }, (_, i) => [`small-${i}.txt`, `small ${i}\n`]));
  expect(read.slice(450)).toEqual([
    ['a-link', undefined],
    ['gone.txt', `the object ${'f'.repeat(40)} is missing`],
  ]);
  expect(batches.length).toBe(3);
});

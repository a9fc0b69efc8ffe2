/**
 * CommitReader.readAll against a real clone: many files at a commit from a few git processes (approve-safe
 * ran four per changed file: 23 s for a pull request of 1,000 files), each as `read` answers for it alone.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { nodeExec } from '../packages/engine/src/node-exec.js';
import type { Exec } from '../packages/engine/src/ports.js';
import { CommitReader } from '../packages/engine/src/review/base-policy.js';
import { git } from './support/git-repo.js';

const MANY = 1200;
const ODD_NAMES = [':/notes.md', ':(glob)*.md', 'with space.md', 'new\nline.md', 'ünïcode/ß.md', '-dash.md', '*.md'];
let dir: string;
let sha: string;
const dirs: string[] = [];

function write(files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** A reader whose git processes are counted. */
function countingReader(cwd = dir) {
  const calls: string[][] = [];
  const exec: Exec = { ...nodeExec, run: (command, args, options) => (calls.push([command, ...args]), nodeExec.run(command, args, options)) };
  return { reader: new CommitReader(undefined, exec, cwd), calls };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitops-sync-reader-'));
  dirs.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  write(Object.fromEntries(Array.from({ length: MANY }, (_, i) => [`docs/page-${i}.md`, `# page ${i}\n`])));
  write(Object.fromEntries(ODD_NAMES.map((name) => [name, `odd ${JSON.stringify(name)}\n`])));
  write({ 'same-a.md': 'same\n', 'same-b.md': 'same\n', 'binary.bin': '\0\x01\x02end' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'files');
  sha = git(dir, 'rev-parse', 'HEAD');
});
afterAll(() => {
  for (const each of dirs) rmSync(each, { recursive: true, force: true });
});

describe('CommitReader.readAll', () => {
  test(`reads ${MANY} files from a few git processes, each as git stores it`, async () => {
    const { reader, calls } = countingReader();
    const paths = Array.from({ length: MANY }, (_, i) => `docs/page-${i}.md`);
    const texts = await reader.readAll(paths, sha);
    expect(paths.every((path, i) => texts.get(path) === `# page ${i}\n`)).toBe(true);
    // cat-file -e for the commit; per group of 500 an ls-tree and a cat-file --batch-check (sizes), and a cat-file --batch per 200.
    expect(calls.length).toBe(1 + 2 * Math.ceil(MANY / 500) + Math.ceil(500 / 200) * Math.floor(MANY / 500) + Math.ceil((MANY % 500) / 200));
  });

  test('takes every path literally, whatever git could read in it', async () => {
    const { reader } = countingReader();
    const texts = await reader.readAll(ODD_NAMES, sha);
    expect(Object.fromEntries(texts)).toEqual(Object.fromEntries(ODD_NAMES.map((name) => [name, `odd ${JSON.stringify(name)}\n`])));
  });

  test('a file not there is undefined; a folder is an error, never "no file"; the same content twice and binary bytes read whole', async () => {
    const { reader } = countingReader();
    const texts = await reader.readAll(['nothing.md', 'docs', 'same-a.md', 'same-b.md', 'binary.bin', 'docs/page-1.md'], sha);
    expect(texts.get('nothing.md')).toBeUndefined();
    expect(texts.has('nothing.md')).toBe(true);
    expect(texts.get('docs')).toBeInstanceOf(Error);
    expect(String(texts.get('docs'))).toContain(`git could not read docs at ${sha.slice(0, 12)}`);
    expect([texts.get('same-a.md'), texts.get('same-b.md'), texts.get('docs/page-1.md')]).toEqual(['same\n', 'same\n', '# page 1\n']);
    expect(texts.get('binary.bin')).toBe('\0\x01\x02end');
    await expect(reader.read('docs', sha)).rejects.toThrow(`git could not read docs at ${sha.slice(0, 12)}`);
  });

  test('a folder asked for beside a file in it, whose own listing fails, is an error, never "no file"', async () => {
    let lsTrees = 0;
    const flaky: Exec = {
      ...nodeExec,
      run: (command, args, options) =>
        args.includes('ls-tree') && ++lsTrees === 2 ? Promise.resolve({ exitCode: 128, stdout: Buffer.alloc(0), stderr: 'fatal: could not fetch a tree from the promisor remote\n' }) : nodeExec.run(command, args, options),
    };
    const texts = await new CommitReader(undefined, flaky, dir).readAll(['docs', 'docs/page-3.md'], sha);
    expect(texts.get('docs/page-3.md')).toBe('# page 3\n');
    expect(String(texts.get('docs'))).toContain('git could not list docs at');
  });

  test('a file whose object is gone (a partial clone) is an error for it alone', async () => {
    // A copy of the clone (its objects loose, as commits leave them) that lost one file's object.
    const copy = mkdtempSync(join(tmpdir(), 'gitops-sync-reader-copy-'));
    dirs.push(copy);
    cpSync(dir, copy, { recursive: true });
    const blob = git(copy, 'rev-parse', `${sha}:docs/page-7.md`);
    rmSync(join(copy, '.git/objects', blob.slice(0, 2), blob.slice(2)));
    const { reader } = countingReader(copy);
    const texts = await reader.readAll(['docs/page-6.md', 'docs/page-7.md', 'docs/page-8.md'], sha);
    expect(texts.get('docs/page-6.md')).toBe('# page 6\n');
    expect(texts.get('docs/page-8.md')).toBe('# page 8\n');
    expect(String(texts.get('docs/page-7.md'))).toContain(`git could not read docs/page-7.md at ${sha.slice(0, 12)}`);
    await expect(reader.read('docs/page-7.md', sha)).rejects.toThrow('git could not read docs/page-7.md');
  });

  test('a commit the clone does not have, without a platform, is an error for each file', async () => {
    const { reader } = countingReader();
    const texts = await reader.readAll(['docs/page-1.md'], 'f'.repeat(40));
    expect(String(texts.get('docs/page-1.md'))).toContain('is not in the clone');
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { maxInputBytes, PEAK_MEMORY_PER_INPUT_BYTE, usableMemoryBytes } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { REPO_ROOT } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

const MB = 1024 * 1024;
const CLI_SOURCE = resolve(REPO_ROOT, 'packages/cli/src/index.ts');
const TSX = pathToFileURL(resolve(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** A plan file of `size` bytes that is not JSON past its first byte: reading it fails at once, unless its size is refused first. */
function sparsePlan(dir: string, size: number): string {
  const path = join(dir, 'big.json');
  writeFileSync(path, '{');
  truncateSync(path, size);
  return path;
}

/** The CLI from source in a node whose heap is `heapMb`: the memory the input bound follows. */
function analyzeWithHeap(dir: string, heapMb: number) {
  const output = join(dir, 'out', 'report.json');
  const run = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', TSX, CLI_SOURCE, 'analyze', '--input', 'big.json', '--output', output], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GITOPS_SYNC_MAX_INPUT_MB: '', NODE_OPTIONS: '' },
  });
  return { ...run, output };
}

/** Runs the in-process CLI with GITOPS_SYNC_MAX_INPUT_MB as given (unset for undefined): the engine reads it from the process environment. */
async function analyzeInProcess(dir: string, maxInputMb: string | undefined) {
  const before = process.env.GITOPS_SYNC_MAX_INPUT_MB;
  if (maxInputMb === undefined) delete process.env.GITOPS_SYNC_MAX_INPUT_MB;
  else process.env.GITOPS_SYNC_MAX_INPUT_MB = maxInputMb;
  try {
    return await cli(['analyze', '--input', 'big.json'], { cwd: dir });
  } finally {
    if (before === undefined) delete process.env.GITOPS_SYNC_MAX_INPUT_MB;
    else process.env.GITOPS_SYNC_MAX_INPUT_MB = before;
  }
}

/** The failure contract: exit 1, one sentence on stderr, no stack trace, nothing written. */
function expectOneSentence(run: ReturnType<typeof analyzeWithHeap>, sentence: RegExp) {
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(sentence);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
  expect(existsSync(run.output)).toBe(false);
  expect(existsSync(join(run.output, '..')) ? readdirSync(join(run.output, '..')) : []).toEqual([]);
}

describe('the plan input bound', () => {
  test('with the defaults it is half the memory the process may use, not a fixed 128 MB', () => {
    expect(PEAK_MEMORY_PER_INPUT_BYTE.plan).toBe(2);
    expect(maxInputBytes('plan', {})).toBe(Math.floor(usableMemoryBytes() / 2));
    expect(maxInputBytes('plan', { GITOPS_SYNC_MAX_INPUT_MB: '64' })).toBe(64 * MB);
  });

  test('a 200 MB plan is read with the defaults where memory allows it', async () => {
    const dir = tempDir('gitops-sync-bound-');
    sparsePlan(dir, 200 * MB);
    expect(maxInputBytes('plan', {})).toBeGreaterThan(200 * MB);
    const run = await analyzeInProcess(dir, undefined);
    expect(run.code).toBe(1);
    // Refused for what it holds, not for its size.
    expect(run.stderr).toMatch(/big\.json is not valid JSON/);
    expect(run.stderr).not.toMatch(/limit/);
  });

  test('the same plan is refused in one sentence where memory does not allow it', () => {
    const dir = tempDir('gitops-sync-bound-');
    sparsePlan(dir, 200 * MB);
    const run = analyzeWithHeap(dir, 256);
    expectOneSentence(run, /^gitops-sync: \S+big\.json is 200\.0 MB, over the \d+(\.\d+)? MB limit for a plan JSON .*; split the input or raise GITOPS_SYNC_MAX_INPUT_MB\.\n$/);
    const limit = Number(/over the ([\d.]+) MB limit/.exec(run.stderr)![1]);
    // Half of a 256 MB old space and V8's other spaces: well under the plan, nowhere near a fixed 128.
    expect(limit).toBeGreaterThan(128);
    expect(limit).toBeLessThan(200);
  });

  test('GITOPS_SYNC_MAX_INPUT_MB sets it outright, either way', async () => {
    const dir = tempDir('gitops-sync-bound-');
    sparsePlan(dir, 200 * MB);
    const over = await analyzeInProcess(dir, '300');
    expect(over.stderr).toMatch(/big\.json is not valid JSON/);
    const under = await analyzeInProcess(dir, '100');
    expect(under.code).toBe(1);
    expect(under.stderr).toMatch(/big\.json is 200\.0 MB, over the 100 MB limit for a plan JSON/);
  });
});

/**
 * The CLI loads each command's module when it runs (main.ts only dispatches). kubectl reads the exit
 * code of KUBECTL_EXTERNAL_DIFF like diff's: 0 no differences, 1 differences, 2 trouble. Any trouble —
 * also the command's module failing to load (a chunk missing beside a copied dist/cli/index.js) — must
 * be 2, never 1: kubectl would take it for differences found. Before the split, the command was in the
 * entry and every failure was caught inside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, jest, test } from '@jest/globals';

jest.unstable_mockModule('../packages/cli/src/analyze-commands.js', () => {
  throw new Error("Cannot find module '/opt/gitops-sync/880.index.js' imported from /opt/gitops-sync/index.js");
});
const { cli } = await import('./support/cli.js');

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-review-cli-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('kubectl-external-diff whose module cannot be loaded exits 2 (trouble), with one sentence, in both argument orders', async () => {
  for (const args of [['kubectl-external-diff', 'LIVE', 'MERGED'], ['LIVE', 'MERGED', 'kubectl-external-diff']]) {
    const run = await cli(args, { cwd: dir, env: { GITHUB_ACTIONS: '' } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^gitops-sync: Cannot find module '\/opt\/gitops-sync\/880\.index\.js'/);
  }
});

test('analyze whose module cannot be loaded stays an error (1) with one sentence', async () => {
  const run = await cli(['analyze', '--input', 'plan.json'], { cwd: dir, env: { GITHUB_ACTIONS: 'true' } });
  expect(run.code).toBe(1);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^gitops-sync: Cannot find module/);
});

/**
 * attack15: `analyze --output <file>.json` of a plan spills its changes to a scratch folder under
 * $TMPDIR (plan-report-file.ts). A sloppy TMPDIR or an unwritable output must end in one sentence,
 * with no scratch folder and no secret left anywhere.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { REPO_ROOT, tofuFixture } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

const TSX_LOADER = pathToFileURL(join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CLI_SOURCE = join(REPO_ROOT, 'packages', 'cli', 'src', 'index.ts');
const dir = tempDir('gitops-sync-attack15-spill-');
const SECRET = 'swordfish-Secret-42';

/** A plan whose unmarked copy of a secret comes before the change that marks it. */
function secretPlan(): string {
  const plan = JSON.parse(readFileSync(tofuFixture('multi-resource-update'), 'utf8'));
  const first = { ...plan.resource_changes[1], type: 'terraform_data', change: { ...plan.resource_changes[1].change, actions: ['update'] } };
  const echo = structuredClone(first);
  echo.address = 'terraform_data.echo';
  echo.change = { ...echo.change, before: { output: 'old' }, after: { output: SECRET }, before_sensitive: {}, after_sensitive: {} };
  const marked = structuredClone(first);
  marked.address = 'terraform_data.marked';
  marked.change = { ...marked.change, before: { input: 'old' }, after: { input: SECRET }, before_sensitive: {}, after_sensitive: { input: true } };
  plan.resource_changes = [echo, ...plan.resource_changes, marked];
  const path = join(dir, 'secret-plan.json');
  writeFileSync(path, JSON.stringify(plan));
  return path;
}

// Setting process.env.TMPDIR in a Jest test does not reach os.tmpdir() (Jest gives the test a copy of
// the environment): in-process runs make their scratch folders in the real tmpdir, looked at here.
// Only this process's: other test files running beside this one make theirs in the same tmpdir.
const scratchFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`gitops-sync-report-${process.pid}-`));
let scratchRoot: string;
let before: string[];
beforeEach(() => {
  scratchRoot = tempDir('gitops-sync-attack15-tmp-');
  before = scratchFolders();
});
const leftOver = () => scratchFolders().filter((name) => !before.includes(name));

const analyze = (planPath: string, output: string) => cli(['analyze', '--source', 'terraform-plan', '--input', planPath, '--format', 'json', '--output', output], { cwd: dir });

function expectOneSentence(result: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^gitops-sync: .*\.$/)]);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/this is a bug|\n\s+at /);
  expect(result.stderr).not.toContain(SECRET);
}

describe('attack15: the scratch folder of analyze --output <file>.json', () => {
  test.each([
    ['a folder that does not exist', () => join(scratchRoot, 'missing')],
    ['a regular file', () => (writeFileSync(join(scratchRoot, 'file'), ''), join(scratchRoot, 'file'))],
  ])('TMPDIR naming %s: one sentence naming TMPDIR, no report', (_what, tmpdir) => {
    // os.tmpdir() reads the real process environment, so the CLI runs in a process of its own.
    const output = join(dir, 'report-bad-tmp.json');
    const child = spawnSync(process.execPath, ['--import', TSX_LOADER, CLI_SOURCE, 'analyze', '--input', secretPlan(), '--format', 'json', '--output', output], {
      cwd: dir,
      // tsx would make (or trip on) its cache folder in TMPDIR first.
      env: { ...process.env, NODE_OPTIONS: '', TSX_DISABLE_CACHE: '1', TMPDIR: tmpdir() },
      encoding: 'utf8',
    });
    expectOneSentence({ code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr }, /TMPDIR/);
    expect(readdirSync(dir)).not.toContain('report-bad-tmp.json');
  });

  test('an output that cannot be written: one sentence, no secret, no scratch folder left, no temporary file beside it', async () => {
    writeFileSync(join(dir, 'not-a-folder'), '');
    expectOneSentence(await analyze(secretPlan(), join(dir, 'not-a-folder', 'report.json')), /Could not write .*not-a-folder.*report\.json/);
    expect(leftOver()).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  test('an unmarked copy of a secret met before the marked one reaches neither the report nor the terminal, and no scratch is left', async () => {
    const output = join(dir, 'report-private.json');
    const result = await analyze(secretPlan(), output);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('terraform_data.echo');
    expect(readFileSync(output, 'utf8')).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(leftOver()).toEqual([]);
  });
});

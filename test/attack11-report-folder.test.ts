/**
 * drift-detect runs on the pull request's head, so the reports folder may be the PR author's: a
 * committed symbolic link (to .git, whose config holds the checkout's token, or anywhere on the
 * runner) would make the job write there and the artifact upload that follows publish what it holds.
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, test } from '@jest/globals';
import { run } from '../actions/drift-detect/main.js';
import { RecordingIO } from './support/action-io.js';
import { tempDir } from './support/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-attack11-reports-');
  writeFileSync(join(dir, 'plan.json'), JSON.stringify({ format_version: '1.2', planned_values: {}, resource_changes: [] }));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'config'), '[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n');
});

test.each([
  ['the reports folder', 'gitops-sync-reports', 'gitops-sync-reports'],
  ['a folder on the way to it', 'out', 'out/reports'],
])('%s being a symbolic link is refused, and nothing is written through it', async (_what, link, outputDirectory) => {
  symlinkSync('.git', join(dir, link));
  const io = new RecordingIO({ 'terraform-plan-json': 'plan.json', 'output-directory': outputDirectory }, dir);
  await run(io);
  expect(io.failure).toBe(
    `The output folder ${outputDirectory} is a symbolic link or passes through one (${link}); reports are written only to a real folder in the workspace: remove the link or choose another output folder.`,
  );
  expect(existsSync(join(dir, '.git', 'drift-report-default.json'))).toBe(false);
  expect(existsSync(join(dir, '.git', 'reports'))).toBe(false);
});

test('a real folder, new or existing, still gets the reports', async () => {
  const io = new RecordingIO({ 'terraform-plan-json': 'plan.json', 'output-directory': 'a/b' }, dir);
  await run(io);
  expect(io.failure).toBeUndefined();
  expect(existsSync(join(dir, 'a/b/drift-report-default.json'))).toBe(true);
});

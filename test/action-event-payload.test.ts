/**
 * Every action's entry refuses an event payload it cannot read in one `::error::` line (helper-131): the
 * library that parses it (@actions/github) does so as it is loaded, before any error handling, and its trace
 * quoted the payload — a line of which the runner takes as a workflow command.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@jest/globals';
import { REPO_ROOT } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

const TSX = pathToFileURL(join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

function runAction(action: string, eventPath: string) {
  const dir = tempDir('gitops-sync-event-payload-');
  const output = join(dir, 'output');
  writeFileSync(output, '');
  const run = spawnSync(process.execPath, ['--import', TSX, join(REPO_ROOT, 'actions', action, 'index.ts')], {
    cwd: dir,
    env: { PATH: process.env.PATH, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir, GITHUB_OUTPUT: output, GITHUB_REPOSITORY: 'acme/infra', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, INPUT_ENVIRONMENT: 'demo' },
    encoding: 'utf8',
  });
  return { ...run, output };
}

test.each(['gate', 'drift-detect', 'sync'])('%s: a payload that is not JSON, or a folder, is one ::error:: line naming the file, never its content', (action) => {
  const dir = tempDir('gitops-sync-event-');
  const event = join(dir, 'event.json');
  writeFileSync(event, '{"pull_request":\n::stop-commands::pwned\n}');
  mkdirSync(join(dir, 'folder'));
  for (const [path, problem] of [[event, 'it is not JSON'], [join(dir, 'folder'), 'it could not be read: EISDIR']]) {
    const run = runAction(action, path);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(`::error::The event payload GITHUB_EVENT_PATH=${JSON.stringify(path)} is not the runner's event: ${problem}; run the action on a GitHub Actions runner, or point GITHUB_EVENT_PATH at the event's JSON.\n`);
    expect(run.stderr).toBe('');
  }
});

test("a runner file that cannot be written (GITHUB_OUTPUT a folder, GITHUB_STEP_SUMMARY missing) is one sentence naming it, not 'a bug in gitops-sync'", () => {
  const dir = tempDir('gitops-sync-runner-files-');
  mkdirSync(join(dir, 'out-folder'));
  const base = { PATH: process.env.PATH, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir, GITHUB_REPOSITORY: 'acme/infra', INPUT_ENVIRONMENT: 'demo', 'INPUT_TERRAFORM-PLAN-JSON': join(REPO_ROOT, 'examples/demo/recorded-plan.json'), 'INPUT_FAIL-ON': 'never', 'INPUT_OUTPUT-DIRECTORY': join(dir, 'reports') };
  const drift = (env: Record<string, string>) => spawnSync(process.execPath, ['--import', TSX, join(REPO_ROOT, 'actions/drift-detect/index.ts')], { cwd: dir, env: { ...base, ...env }, encoding: 'utf8' });
  const output = drift({ GITHUB_OUTPUT: join(dir, 'out-folder') });
  expect(output.status).toBe(1);
  expect(output.stdout).toContain(`::error::The step's output file GITHUB_OUTPUT=${JSON.stringify(join(dir, 'out-folder'))} could not be written (EISDIR); run the action on a GitHub Actions runner, which sets it.`);
  writeFileSync(join(dir, 'output'), '');
  const summary = drift({ GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'missing', 'summary.md') });
  expect(summary.status).toBe(1);
  expect(summary.stdout).toContain(`::error::The step's job summary file GITHUB_STEP_SUMMARY=${JSON.stringify(join(dir, 'missing', 'summary.md'))} could not be written`);
  for (const run of [output, summary]) expect(run.stdout + run.stderr).not.toMatch(/this is a bug|\n\s+at /);
});

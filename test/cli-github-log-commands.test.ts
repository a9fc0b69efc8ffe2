/**
 * The CLI in a GitHub Actions step: its stderr is the job's log, where a line starting with `::` runs as a
 * workflow command and a legacy `##[command]` runs anywhere in a line. A message quoting a name someone
 * else chose (a path, a tool's output) must reach the log as text. Outside Actions, stderr is unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-cli-log-commands-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = 'plan.json\n::error title=Approved::##[add-mask]looks fine';
const analyze = (env: NodeJS.ProcessEnv) => cli(['analyze', '--source', 'terraform-plan', '--input', input], { cwd: dir, env });

test('in GitHub Actions, a quoted name cannot start a workflow command or a legacy one in the log', async () => {
  const run = await analyze({ GITHUB_ACTIONS: 'true' });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('\n: :error title=Approved::# #[add-mask]looks fine');
  expect(run.stderr).not.toMatch(/^\s*::/m);
  expect(run.stderr).not.toContain('##[');
});

test('outside GitHub Actions the message is as written', async () => {
  const run = await analyze({ GITHUB_ACTIONS: '' });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('\n::error title=Approved::##[add-mask]looks fine');
});

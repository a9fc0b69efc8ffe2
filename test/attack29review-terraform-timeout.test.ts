/**
 * terraform.timeout_minutes must stop what a hung terraform started, not only terraform: a provider
 * plugin (here a child the stand-in terraform forks and waits for) that outlived it would hold the
 * output pipes and the runner. A stand-in terraform script: init succeeds, plan forks a sleeping child
 * and waits on it, as terraform waits on a provider that never answers.
 */
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { writeFiles } from './support/terraform.js';

/** Running: neither gone nor a zombie its parent has not reaped yet. */
const running = (pid: string) => {
  const stat = join('/proc', pid, 'stat');
  return existsSync(stat) && readFileSync(stat, 'utf8').split(') ')[1][0] !== 'Z';
};

test('a hung plan is stopped with the provider it started: both are gone, the run fails in one sentence within seconds', async () => {
  const root = tempDir('gitops-sync-attack29review-timeout-');
  const pids = join(root, 'pids');
  writeFiles(join(root, 'bin'), {
    terraform: `#!/bin/sh\ncase "$1" in\n  init) exit 0 ;;\n  plan) sleep 600 & echo "$$ $!" > '${pids}'; wait ;;\n  *) exit 1 ;;\nesac\n`,
  });
  chmodSync(join(root, 'bin', 'terraform'), 0o755);
  writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  hung:\n    terraform:\n      dir: hung\n      timeout_minutes: 0.02\n' });
  writeFiles(join(root, 'hung'), { 'main.tf': '' });

  const started = Date.now();
  const run = await cli(['drift', '--environments', 'hung', '--output', 'reports'], { cwd: root, env: { PATH: `${join(root, 'bin')}:${process.env.PATH}` } });
  expect(Date.now() - started).toBeLessThan(30_000);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain(`hung: error: terraform plan in ${join(root, 'hung')} did not answer within 1.2 s and was stopped;`);
  const [terraform, provider] = readFileSync(pids, 'utf8').trim().split(' ');
  // SIGKILL to the process group is delivered at once; give the kernel a moment to tear them down.
  await new Promise((done) => setTimeout(done, 200));
  expect({ terraform: running(terraform), provider: running(provider) }).toEqual({ terraform: false, provider: false });
});

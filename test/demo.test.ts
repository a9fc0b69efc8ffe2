import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { expect, test } from '@jest/globals';
import { REPO_ROOT } from './support/paths.js';
import { HAS_TERRAFORM } from './support/terraform.js';
import { tempDir } from './support/temp-dir.js';

// The demo keeps its folder for the reader to open its report; here it lives in a folder the test removes.
const demo = (path: string) => spawnSync(process.execPath, [resolve(REPO_ROOT, 'scripts/demo.mjs')], { encoding: 'utf8', env: { ...process.env, PATH: path, TMPDIR: tempDir('gitops-sync-demo-run-') } });

test('without terraform the demo says so and analyses the recorded plan of the same example', () => {
  const run = demo(dirname(process.execPath));
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('terraform is not on PATH, so the demo analyses examples/demo/recorded-plan.json');
  expect(run.stdout).toContain('Drift in demo: 5 change(s) (2 critical, 2 high, 1 medium, 0 low)');
  expect(run.stdout).toContain('exit code 2 (0 no drift, 2 drift found, 1 error)');
});

(HAS_TERRAFORM ? test : test.skip)('with terraform the demo runs a real plan and finds the same drift', () => {
  const run = demo(process.env.PATH ?? '');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('gitops-sync drift demo  (real terraform plan of examples/demo, offline)');
  expect(run.stdout).toContain('Drift in demo: 5 change(s) (2 critical, 2 high, 1 medium, 0 low)');
  expect(run.stdout).toMatch(/critical\s+update\s+planned\s+terraform_data\.firewall\s+demo\.firewall/);
});

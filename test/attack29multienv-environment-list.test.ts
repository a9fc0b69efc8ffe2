/**
 * `drift --environments` with one environment named twice (outright, or once by an alias): two checks of
 * it ran side by side, writing the same report files and recording two drift events, and the summary
 * had two rows for it. Refused in one sentence before anything runs. Real terraform, offline.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, offlineTerraformEnv, terraformDataApp, writeFiles } from './support/terraform.js';
import { terraformCalls, timedTerraform } from './support/terraform-timeline.js';

describeWithTerraform('an environment named twice in --environments', () => {
  let root: string;
  let env: Record<string, string>;
  let log: string;

  beforeAll(() => {
    root = tempDir('gitops-sync-twice-');
    const timed = timedTerraform(root);
    log = timed.log;
    env = { ...offlineTerraformEnv(root), PATH: timed.PATH };
    writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  dev:\n    terraform:\n      dir: dev\n  prod:\n    aliases: [prd]\n    terraform:\n      dir: prod\n' });
    for (const name of ['dev', 'prod']) writeFiles(join(root, name), { 'main.tf': terraformDataApp(name) });
  });

  for (const [list, sentence] of [
    ['dev,prod,prod', 'prod is named twice; name each environment once.'],
    ['prod,dev,prd', 'prod is named twice (prd is an alias of prod); name each environment once.'],
  ]) {
    test(`${list}: refused in one sentence, before any terraform runs or any report is written`, async () => {
      writeFileSync(log, '');
      const run = await cli(['drift', '--environments', list, '--parallel', '--output', 'reports'], { cwd: root, env });
      expect(run.code).toBe(1);
      expect(run.stderr.split('\n').filter((line) => !line.endsWith(' is environment prod'))).toEqual([`gitops-sync: ${sentence}`, '']);
      expect(terraformCalls(log)).toEqual([]);
      expect(existsSync(join(root, 'reports'))).toBe(false);
    });
  }

  test('sync --environments refuses it the same way', async () => {
    const run = await cli(['sync', '--environments', 'prd,prod', '--dry-run'], { cwd: root, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('gitops-sync: prod is named twice (prd is an alias of prod); name each environment once.\n');
  });

  test('each environment once still runs', async () => {
    writeFileSync(log, '');
    const run = await cli(['drift', '--environments', 'dev,prd', '--parallel', '--output', 'reports'], { cwd: root, env });
    expect(run.code).toBe(2);
    expect(readFileSync(join(root, 'reports', 'summary.md'), 'utf8').match(/^\| (dev|prod) \|/gm)).toEqual(['| dev |', '| prod |']);
  });
});

describeWithTerraform('a failed environment in a reports folder that already holds its reports', () => {
  test('its old (or committed) reports are removed, so the folder never shows a report the run did not make; the others land, exit 1', async () => {
    const root = tempDir('gitops-sync-stale-');
    const env = offlineTerraformEnv(root);
    writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  dev:\n    terraform:\n      dir: dev\n  prod:\n    terraform:\n      dir: prod\n' });
    writeFiles(join(root, 'dev'), { 'main.tf': terraformDataApp('dev') });
    writeFiles(join(root, 'prod'), { 'main.tf': 'resource "terraform_data" "broken" {' });
    writeFiles(join(root, 'reports'), { 'drift-report-prod.json': '{"environment":"prod","drift_detected":false}', 'drift-report-prod.md': '## ✅ No drift in `prod`' });
    const run = await cli(['drift', '--environments', 'dev,prod', '--parallel', '--output', 'reports'], { cwd: root, env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^prod: error: terraform init failed in /m);
    expect(readdirSync(join(root, 'reports')).sort()).toEqual(['drift-report-dev.json', 'drift-report-dev.md', 'summary.md']);
  });
});

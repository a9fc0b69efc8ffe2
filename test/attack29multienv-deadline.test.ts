/**
 * An environment whose terraform never answers (a provider waiting on an unreachable API, a backend
 * that hangs): it held the whole `drift --environments` run until the CI job was killed, with no
 * summary and no honest exit code. Now its init, plan and show are stopped after
 * terraform.timeout_minutes, it fails in one sentence, and the others' reports and the summary land.
 * Real terraform behind a wrapper that hangs one environment's plan.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, offlineTerraformEnv, terraformDataApp, writeFiles } from './support/terraform.js';

describeWithTerraform('an environment whose terraform hangs', () => {
  test('is stopped after terraform.timeout_minutes: it fails in one sentence, the others land, summary.md is written, exit 1', async () => {
    const root = tempDir('gitops-sync-hang-');
    const real = execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim();
    const marker = join(root, 'hung-plan-pid');
    writeFiles(join(root, 'bin'), {
      terraform: `#!/bin/sh\nif [ "$(basename "$PWD")" = hung ] && [ "$1" = plan ]; then echo $$ > '${marker}'; exec sleep 600; fi\nexec '${real}' "$@"\n`,
    });
    chmodSync(join(root, 'bin', 'terraform'), 0o755);
    writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  hung:\n    terraform:\n      dir: hung\n      timeout_minutes: 0.05\n  dev:\n    terraform:\n      dir: dev\n' });
    for (const name of ['hung', 'dev']) writeFiles(join(root, name), { 'main.tf': terraformDataApp(name) });

    const started = Date.now();
    const run = await cli(['drift', '--environments', 'hung,dev', '--parallel', '--output', 'reports'], { cwd: root, env: { ...offlineTerraformEnv(root), PATH: `${join(root, 'bin')}:${process.env.PATH}` } });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`hung: error: terraform plan in ${join(root, 'hung')} did not answer within 3 s and was stopped; find what it waits for (a provider's API, the backend), or raise environments.hung.terraform.timeout_minutes.\n`);
    expect(existsSync(join(root, 'reports', 'drift-report-dev.json'))).toBe(true);
    expect(readFileSync(join(root, 'reports', 'summary.md'), 'utf8')).toMatch(/^\| hung \| error: terraform plan in .* did not answer within 3 s/m);
    // Killed: gone, or a zombie its parent has not reaped yet.
    const stat = join('/proc', readFileSync(marker, 'utf8').trim(), 'stat');
    expect(existsSync(stat) ? readFileSync(stat, 'utf8').split(') ')[1][0] : 'gone').toMatch(/^(Z|gone)$/);
  });
});

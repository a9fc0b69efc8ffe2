/**
 * Attack on `rollback --mode terraform-state`: a state backup in another environment's backup folder
 * is refused (the lineage check cannot tell a copied state), but that was judged by the path as given.
 * A symbolic link in backups/production/ (the checkout can carry one) that leads to a backup of
 * staging passed, and production, which had no state yet, was given staging's. Real terraform.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, terraformDataApp, writeFiles } from './support/terraform.js';

const root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack31sync-state-link-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeWithTerraform('a link in backups/production to a backup of staging', () => {
  test('is refused as a backup of staging, naming where it leads; production gets no state', async () => {
    const env = offlineTerraformEnv(root);
    writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  staging:\n    terraform: { dir: infra/staging }\n  production:\n    terraform: { dir: infra/production }\n' });
    for (const name of ['staging', 'production']) {
      writeFiles(join(root, 'infra', name), { 'main.tf': terraformDataApp(name) });
      terraform(join(root, 'infra', name), env, 'init', '-input=false');
    }
    terraform(join(root, 'infra/staging'), env, 'apply', '-auto-approve', '-input=false');
    writeFiles(join(root, 'backups/staging'), { '2026-12-01T10-00-00.000Z.tfstate': terraform(join(root, 'infra/staging'), env, 'state', 'pull') });
    mkdirSync(join(root, 'backups/production'), { recursive: true });
    symlinkSync('../staging/2026-12-01T10-00-00.000Z.tfstate', join(root, 'backups/production/latest.tfstate'));

    const run = await cli(['rollback', 'production', '--mode', 'terraform-state', '--state-file', 'backups/production/latest.tfstate'], { cwd: root, env });

    expect(terraform(join(root, 'infra/production'), env, 'state', 'pull')).toBe('');
    expect({ code: run.code, last: run.stderr.split('\n').at(-2) }).toEqual({
      code: 1,
      last: `gitops-sync: ${join(root, 'backups/production/latest.tfstate')} (a link to ${join(root, 'backups/staging/2026-12-01T10-00-00.000Z.tfstate')}) is in backups/staging, where the backups of staging go, not production's; roll production back with a backup of production (backups/production/…).`,
    });
  }, 60_000);
});

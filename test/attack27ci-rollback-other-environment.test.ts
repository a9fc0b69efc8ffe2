/**
 * Attack on `rollback --mode terraform-state`: a backup of another environment. The lineage check
 * refuses most (each state has its own), but not when production's state was bootstrapped from
 * staging's (a copied state keeps its lineage) and staging's serial is higher — then no --force is
 * needed — nor when production has no state to compare with. Either way staging's state went into
 * production, and production's next apply would act on staging's resources. Real terraform.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, terraformDataApp, writeFiles } from './support/terraform.js';

const CONFIG = 'environments:\n  staging:\n    terraform: { dir: infra/staging }\n  production:\n    terraform: { dir: infra/production }\n';

describeWithTerraform("rollback with another environment's backup (real terraform)", () => {
  let root: string;
  let env: Record<string, string>;
  const apply = (name: string, value: string) => {
    writeFiles(join(root, 'infra', name), { 'main.tf': terraformDataApp(value) });
    terraform(join(root, 'infra', name), env, 'apply', '-auto-approve', '-input=false');
  };
  /** A backup of staging where sync keeps it: backups/staging/<time>.tfstate. */
  const stagingBackup = () => {
    writeFiles(join(root, 'backups/staging'), { '2026-12-01T10-00-00.000Z.tfstate': terraform(join(root, 'infra/staging'), env, 'state', 'pull') });
    return 'backups/staging/2026-12-01T10-00-00.000Z.tfstate';
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack27ci-other-env-'));
    env = offlineTerraformEnv(root);
    writeFiles(root, { 'gitops-sync.yaml': CONFIG });
    for (const name of ['staging', 'production']) {
      writeFiles(join(root, 'infra', name), { 'main.tf': terraformDataApp(name) });
      terraform(join(root, 'infra', name), env, 'init', '-input=false');
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('production bootstrapped from staging (same lineage, older serial) is not given staging\'s state', async () => {
    apply('staging', 'staging-1');
    copyFileSync(join(root, 'infra/staging/terraform.tfstate'), join(root, 'infra/production/terraform.tfstate'));
    apply('production', 'production-1');
    for (const value of ['staging-2', 'staging-3', 'staging-4']) apply('staging', value);
    const backup = stagingBackup();
    const before = readFileSync(join(root, 'infra/production/terraform.tfstate'));

    const run = await cli(['rollback', 'production', '--mode', 'terraform-state', '--state-file', backup], { cwd: root, env });

    expect(readFileSync(join(root, 'infra/production/terraform.tfstate')).equals(before)).toBe(true);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').at(-2)).toBe(
      `gitops-sync: ${join(root, backup)} is in backups/staging, where the backups of staging go, not production's; roll production back with a backup of production (backups/production/…).`,
    );
  });

  test('production without a state is not given staging\'s', async () => {
    apply('staging', 'staging-1');
    const backup = stagingBackup();

    const run = await cli(['rollback', 'production', '--mode', 'terraform-state', '--state-file', backup], { cwd: root, env });

    expect(terraform(join(root, 'infra/production'), env, 'state', 'pull')).toBe('');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`is in backups/staging, where the backups of staging go, not production's`);
  });
});

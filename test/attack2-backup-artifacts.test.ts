/**
 * Attack on "only age-encrypted backups are uploaded": the example workflows and the GitLab
 * components upload `backups/**\/*.age`. A pattern that matches a folder uploads everything in it
 * (@actions/glob's implicitDescendants, on by default in actions/upload-artifact; GitLab's
 * artifacts:paths includes a matched folder's contents). Environment names may contain dots, so an
 * environment named `dev.age` keeps its plaintext backups in `backups/dev.age/`, which the pattern
 * uploads whole. Real terraform.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { appliedTwice, uploadedByArtifactPattern } from './support/backup-artifacts.js';
import { describeWithTerraform, offlineTerraformEnv, writeFiles } from './support/terraform.js';

const SECRET = 'attack2-state-secret';

describeWithTerraform('backups in a folder the artifact pattern matches (real terraform)', () => {
  let root: string;
  let env: Record<string, string>;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack2-artifacts-'));
    env = { ...offlineTerraformEnv(root), TF_VAR_secret: SECRET, GITOPS_SYNC_AGE_IDENTITY: '' };
    writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  dev.age:\n    terraform: { dir: infra }\n' });
    appliedTwice(root, env);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('a rollback never leaves a plaintext state where backups/**/*.age uploads it', async () => {
    const run = await cli(['rollback', 'dev.age', '--mode', 'terraform-state', '--state-file', 'before.tfstate', '--force', '--format', 'json'], { cwd: root, env });

    expect(run.stderr).not.toMatch(/\n\s+at /);
    const leaked = uploadedByArtifactPattern(root).filter((file) => !readFileSync(join(root, file)).subarray(0, 21).equals(Buffer.from('age-encryption.org/v1')));
    expect(leaked).toEqual([]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gitops-sync: The backups of dev\.age would go to backups\/dev\.age, a folder whose name ends in \.age, .*; rename the environment \(or sync\.backups_dir\) so no folder ends in \.age\.\n$/);
  });

  test('sync refuses the environment before anything is planned or applied', async () => {
    const run = await cli(['sync', 'dev.age', '--format', 'json'], { cwd: root, env });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The backups of dev.age would go to backups/dev.age');
    expect(uploadedByArtifactPattern(root)).toEqual([]);
  });
});

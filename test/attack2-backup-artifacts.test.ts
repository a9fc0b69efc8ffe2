/**
 * Attack on "only age-encrypted backups are uploaded": the example workflows and the GitLab
 * components upload `backups/**\/*.age`. A pattern that matches a folder uploads everything in it
 * (@actions/glob's implicitDescendants, on by default in actions/upload-artifact; GitLab's
 * artifacts:paths includes a matched folder's contents). Environment names may contain dots, so an
 * environment named `dev.age` keeps its plaintext backups in `backups/dev.age/`, which the pattern
 * uploads whole. Real terraform.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';

const SECRET = 'attack2-state-secret';

/** Files the artifact pattern `backups/**\/*.age` uploads: those whose own name, or a folder's above them, ends in .age. */
function uploadedByArtifactPattern(root: string): string[] {
  const uploaded: string[] = [];
  const walk = (dir: string, matched: boolean) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const matches = matched || entry.name.endsWith('.age');
      if (entry.isDirectory()) walk(path, matches);
      else if (matches) uploaded.push(relative(root, path));
    }
  };
  walk(join(root, 'backups'), false);
  return uploaded;
}

describeWithTerraform('backups in a folder the artifact pattern matches (real terraform)', () => {
  let root: string;
  let env: Record<string, string>;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack2-artifacts-'));
    env = { ...offlineTerraformEnv(root), TF_VAR_secret: SECRET, GITOPS_SYNC_AGE_IDENTITY: '' };
    writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  dev.age:\n    terraform: { dir: infra }\n' });
    const stack = (version: string) =>
      `variable "secret" {\n  type      = string\n  sensitive = true\n}\nresource "terraform_data" "app" {\n  input = { version = "${version}", password = var.secret }\n}\n`;
    writeFiles(join(root, 'infra'), { 'main.tf': stack('v1') });
    terraform(join(root, 'infra'), env, 'init', '-input=false');
    terraform(join(root, 'infra'), env, 'apply', '-auto-approve', '-input=false');
    writeFiles(root, { 'before.tfstate': readFileSync(join(root, 'infra/terraform.tfstate'), 'utf8') });
    writeFiles(join(root, 'infra'), { 'main.tf': stack('v2') });
    terraform(join(root, 'infra'), env, 'apply', '-auto-approve', '-input=false');
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

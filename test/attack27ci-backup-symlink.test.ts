/**
 * Attack on "plaintext backups stay on the runner": the example workflows and the GitLab components
 * upload `backups/**\/*.age`, and a folder the pattern matches is uploaded whole. An environment
 * named `*.age` is refused (attack2-backup-artifacts), but the checkout itself may carry the folder:
 * a merged change adds `backups/dev` as a symbolic link to `backups/leak.age`. Following it, the
 * plaintext state lands in a folder the pattern uploads (actions/glob and GitLab follow the link too).
 * Real terraform.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';

const SECRET = 'attack27ci-state-secret';

/** Files `backups/**\/*.age` uploads, walking as the uploaders do: through symbolic links, a matched folder whole. */
function uploadedByArtifactPattern(root: string): string[] {
  const uploaded: string[] = [];
  const walk = (dir: string, matched: boolean) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const matches = matched || name.endsWith('.age');
      if (statSync(path).isDirectory()) walk(path, matches);
      else if (matches) uploaded.push(relative(root, path));
    }
  };
  walk(join(root, 'backups'), false);
  return uploaded;
}

describeWithTerraform('a backup folder that is a symbolic link in the checkout (real terraform)', () => {
  let root: string;
  let env: Record<string, string>;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack27ci-link-'));
    env = { ...offlineTerraformEnv(root), TF_VAR_secret: SECRET, GITOPS_SYNC_AGE_IDENTITY: '' };
    writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  dev:\n    terraform: { dir: infra }\n' });
    const stack = (version: string) =>
      `variable "secret" {\n  type      = string\n  sensitive = true\n}\nresource "terraform_data" "app" {\n  input = { version = "${version}", password = var.secret }\n}\n`;
    writeFiles(join(root, 'infra'), { 'main.tf': stack('v1') });
    terraform(join(root, 'infra'), env, 'init', '-input=false');
    terraform(join(root, 'infra'), env, 'apply', '-auto-approve', '-input=false');
    writeFiles(root, { 'before.tfstate': readFileSync(join(root, 'infra/terraform.tfstate'), 'utf8') });
    writeFiles(join(root, 'infra'), { 'main.tf': stack('v2') });
    terraform(join(root, 'infra'), env, 'apply', '-auto-approve', '-input=false');
    // What the merged change committed: a link and the folder it points to.
    mkdirSync(join(root, 'backups/leak.age'), { recursive: true });
    symlinkSync('leak.age', join(root, 'backups/dev'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('a rollback writes no plaintext state through the link into a folder backups/**/*.age uploads', async () => {
    const state = readFileSync(join(root, 'infra/terraform.tfstate'));
    const run = await cli(['rollback', 'dev', '--mode', 'terraform-state', '--state-file', 'before.tfstate', '--force', '--format', 'json'], { cwd: root, env });

    expect(uploadedByArtifactPattern(root)).toEqual([]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'gitops-sync: The backups of dev would go to backups/dev, and backups/dev is a symbolic link (to leak.age), so they could land where the artifact pattern backups/**/*.age uploads them; make backups/dev a real folder (or set sync.backups_dir to an absolute path outside the checkout) and run again.\n',
    );
    // Nothing was pushed.
    expect(readFileSync(join(root, 'infra/terraform.tfstate')).equals(state)).toBe(true);
  });

  test('sync refuses it before anything is planned or applied', async () => {
    const run = await cli(['sync', 'dev', '--format', 'json'], { cwd: root, env });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The backups of dev would go to backups/dev, and backups/dev is a symbolic link (to leak.age)');
    expect(uploadedByArtifactPattern(root)).toEqual([]);
  });
});

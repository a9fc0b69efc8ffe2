/**
 * Attack on "plaintext backups stay on the runner": the example workflows and the GitLab components
 * upload `backups/**\/*.age`, and a folder the pattern matches is uploaded whole. An environment
 * named `*.age` is refused (attack2-backup-artifacts), but the checkout itself may carry the folder:
 * a merged change adds `backups/dev` as a symbolic link to `backups/leak.age`. Following it, the
 * plaintext state lands in a folder the pattern uploads (actions/glob and GitLab follow the link too).
 * Real terraform.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { appliedTwice, uploadedByArtifactPattern } from './support/backup-artifacts.js';
import { describeWithTerraform, offlineTerraformEnv, writeFiles } from './support/terraform.js';

const SECRET = 'attack27ci-state-secret';

describeWithTerraform('a backup folder that is a symbolic link in the checkout (real terraform)', () => {
  let root: string;
  let env: Record<string, string>;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack27ci-link-'));
    env = { ...offlineTerraformEnv(root), TF_VAR_secret: SECRET, GITOPS_SYNC_AGE_IDENTITY: '' };
    writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  dev:\n    terraform: { dir: infra }\n' });
    appliedTwice(root, env);
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

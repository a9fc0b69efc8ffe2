/**
 * The age identity as users keep it: `age-keygen -o key.txt` writes comment lines (created, public
 * key) above the AGE-SECRET-KEY-1… line, and that file is what gets pasted into the CI secret. The
 * rollback must decrypt with it, not claim it is "not an identity of the recipients". Real terraform, real age.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { cli } from './support/cli.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';

describeWithTerraform('rollback with the identity in age-keygen key-file format (real terraform)', () => {
  let root: string;
  let keyFile: string;
  let identity: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack2-keyfile-'));
    identity = await generateX25519Identity();
    const recipient = await identityToRecipient(identity);
    keyFile = `# created: 2026-12-04T18:00:00Z\n# public key: ${recipient}\n${identity}\n`;
    writeFiles(root, { 'gitops-sync.yaml': `environments:\n  dev:\n    terraform: { dir: infra }\nsync:\n  backup_encryption:\n    recipients: [${recipient}]\n` });
    const offline = offlineTerraformEnv(root);
    writeFiles(join(root, 'infra'), { 'main.tf': 'resource "terraform_data" "app" {\n  input = "v1"\n}\n' });
    terraform(join(root, 'infra'), offline, 'init', '-input=false');
    terraform(join(root, 'infra'), offline, 'apply', '-auto-approve', '-input=false');
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    writeFileSync(join(root, 'before.tfstate.age'), await encrypter.encrypt(readFileSync(join(root, 'infra/terraform.tfstate'))));
    env = { ...offline, GITOPS_SYNC_AGE_IDENTITY: keyFile };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('decrypts the backup and restores it; the key never appears in the output', async () => {
    const run = await cli(['rollback', 'dev', '--mode', 'terraform-state', '--state-file', 'before.tfstate.age', '--force', '--format', 'json'], { cwd: root, env });

    expect(run.stderr).not.toContain('could not be decrypted');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ environment: 'dev', mode: 'terraform-state' });
    expect(run.stdout + run.stderr).not.toContain(identity);
  });
});

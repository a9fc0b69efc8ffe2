/**
 * Attack on "tools never see gitops-sync's secrets": the age identity that decrypts a state backup
 * is a secret gitops-sync reads for itself. Under a name the config chooses
 * (`sync.backup_encryption.identity_env`), it must not reach terraform during the very rollback that
 * uses it. Real terraform behind a shim that records its environment, real age.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { cli } from './support/cli.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';

describeWithTerraform('the age identity under a configured name (real terraform)', () => {
  let root: string;
  let dump: string;
  let identity: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack2-env-'));
    dump = join(root, 'terraform-env.txt');
    identity = await generateX25519Identity();
    const recipient = await identityToRecipient(identity);
    const realTerraform = execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim();
    const bin = join(root, 'bin');
    writeFiles(bin, { terraform: `#!/bin/sh\nenv >> '${dump}'\nexec '${realTerraform}' "$@"\n` });
    chmodSync(join(bin, 'terraform'), 0o755);
    writeFiles(root, {
      'gitops-sync.yaml': `environments:\n  dev:\n    terraform: { dir: infra }\nsync:\n  backup_encryption:\n    recipients: [${recipient}]\n    identity_env: TEAM_AGE_KEY\n`,
    });
    writeFiles(join(root, 'infra'), { 'main.tf': 'resource "terraform_data" "app" {\n  input = "v1"\n}\n' });
    const offline = offlineTerraformEnv(root);
    terraform(join(root, 'infra'), offline, 'init', '-input=false');
    terraform(join(root, 'infra'), offline, 'apply', '-auto-approve', '-input=false');
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    writeFileSync(join(root, 'before.tfstate.age'), await encrypter.encrypt(readFileSync(join(root, 'infra/terraform.tfstate'))));
    env = { ...offline, TEAM_AGE_KEY: identity, GITOPS_SYNC_AGE_IDENTITY: '', PATH: `${bin}${delimiter}${process.env.PATH}` };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('rollback --mode terraform-state decrypts with the identity, and terraform never sees it', async () => {
    const run = await cli(['rollback', 'dev', '--mode', 'terraform-state', '--state-file', 'before.tfstate.age', '--force', '--format', 'json'], { cwd: root, env });

    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ environment: 'dev', mode: 'terraform-state' });
    const dumped = readFileSync(dump, 'utf8');
    expect(dumped).toContain('TF_IN_AUTOMATION=1');
    expect({ identityReachedTerraform: dumped.includes(identity) }).toEqual({ identityReachedTerraform: false });
  });
});

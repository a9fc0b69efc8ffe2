/**
 * Attack on the state backup a sync writes before it applies: it is encrypted to
 * sync.backup_encryption.recipients and kept as a CI artifact (backups/**\/*.age). Those recipients
 * were read from the checkout, which the pull request edits: a change that adds its author's age key
 * beside an ordinary change got, once approved, the environment's whole state (its secrets included)
 * in an artifact its author can download and decrypt. Now only the recipients the base's config names
 * too are used. Real git, real terraform, real age, real Octokit against the loopback GitHub.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { Decrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { cli } from './support/cli.js';
import { approvedByBob, useFakeGitHub } from './support/fake-github.js';
import { git } from './support/git-repo.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, terraformDataApp, writeFiles } from './support/terraform.js';

const github = useFakeGitHub();
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const config = (recipients: string[]) => `environments:
  prod:
    terraform: { dir: infra }
approval:
  environments:
    prod: { required_approvals: 1 }
sync:
  backup_encryption: { recipients: [${recipients.join(', ')}] }
`;

/** Whether `identity` decrypts the file. */
async function opens(path: string, identity: string): Promise<boolean> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  return decrypter.decrypt(readFileSync(path)).then(
    () => true,
    () => false,
  );
}

describeWithTerraform('the recipients of the state backup', () => {
  test('a recipient the pull request adds cannot open the backup of the state it deploys; the team\'s still can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-attack31sync-recipients-'));
    roots.push(dir);
    const env = { ...offlineTerraformEnv(dir), GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '', GITLAB_CI: '' };
    const teamKey = await generateIdentity();
    const attackerKey = await generateIdentity();
    const [team, attacker] = [await identityToRecipient(teamKey), await identityToRecipient(attackerKey)];

    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'gitops-sync.yaml'), config([team]));
    writeFileSync(join(dir, '.gitignore'), '.terraform/\n*.tfstate*\n.terraform.lock.hcl\nbackups/\nreports/\nempty.tfrc\n');
    writeFiles(join(dir, 'infra'), { 'main.tf': terraformDataApp('v1') });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'prod');
    const base = git(dir, 'rev-parse', 'HEAD');
    terraform(join(dir, 'infra'), env, 'init', '-input=false');
    terraform(join(dir, 'infra'), env, 'apply', '-input=false', '-auto-approve');
    // The change: v2, and, one line in the config, its author's key among the recipients.
    git(dir, 'checkout', '-q', '-b', 'change');
    writeFileSync(join(dir, 'gitops-sync.yaml'), config([team, attacker]));
    writeFiles(join(dir, 'infra'), { 'main.tf': terraformDataApp('v2') });
    git(dir, 'commit', '-q', '-am', 'app v2');
    const head = git(dir, 'rev-parse', 'HEAD');
    approvedByBob(github.state, { baseSha: base, headSha: head, files: [{ filename: 'gitops-sync.yaml', status: 'modified' }, { filename: 'infra/main.tf', status: 'modified' }] });
    expect((await cli(['drift-detect', '--environment', 'prod', '--fail-on', 'never', '--output-directory', 'reports'], { cwd: dir, env })).code).toBe(0);

    const run = await cli(['sync', 'prod', '--platform', 'github', '--repo', 'owner/repo', '--pr', '3', '--report', 'reports', '--format', 'json'], { cwd: dir, env });
    expect(run.code).toBe(0);
    const [result] = JSON.parse(run.stdout).environments;
    const backups = readdirSync(join(dir, 'backups/prod')).filter((name) => name !== '.gitignore');
    expect(backups).toEqual([expect.stringMatching(/\.tfstate\.age$/)]);
    const backup = join(dir, 'backups/prod', backups[0]);
    expect({ team: await opens(backup, teamKey), attacker: await opens(backup, attackerKey) }).toEqual({ team: true, attacker: false });
    expect(result.steps).toContain(
      `backups are encrypted only to recipients gitops-sync.yaml at the base commit ${base.slice(0, 12)} names too; the one this checkout's sync.backup_encryption.recipients adds is left out, as a change may not choose who can read its backups`,
    );
  }, 120_000);
});

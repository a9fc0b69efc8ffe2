/**
 * Backups hold every secret of the state, and CI keeps them as artifacts anyone who reads the project
 * can download: with `sync.backup_encryption.recipients` they are written only as age files, which the
 * identity in a CI secret decrypts for `rollback --mode terraform-state`; without recipients the
 * plaintext stays on the runner and the result says so. Real terraform, real age, the loopback GitHub.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { Decrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { parseConfig } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub, type GhReview } from './support/fake-github.js';
import { git } from './support/git-repo.js';
import { describeWithTerraform, offlineTerraformEnv, writeFiles } from './support/terraform.js';

const github = useFakeGitHub();
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const SECRET = 'backup-s3cret-in-the-state';
let identity: string;
let recipient: string;
let otherIdentity: string;
beforeAll(async () => {
  identity = await generateX25519Identity();
  recipient = await identityToRecipient(identity);
  otherIdentity = await generateX25519Identity();
});

const config = (encryption: string) => `environments:
  dev:
    terraform: { dir: infra/dev }
approval:
  environments:
    dev: { required_approvals: 1 }
${encryption}`;

/** A resource whose state holds a secret, as a database password would. */
const stack = (value: string, extra = '') => `variable "secret" {
  type      = string
  sensitive = true
}
resource "terraform_data" "app" {
  input = { version = "${value}", password = var.secret }
}
${extra}`;

interface World {
  dir: string;
  env: Record<string, string>;
  headSha: string;
}

/** A repository whose head commit changes dev to `value`, an open PR 7 for it approved by bob, and the reviewed reports. */
async function world(encryption: string, value = 'v2', extra = ''): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-backups-'));
  roots.push(dir);
  const env = { ...offlineTerraformEnv(dir), TF_VAR_secret: SECRET, GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '', GITLAB_CI: '', GITOPS_SYNC_AGE_IDENTITY: '' };
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'gitops-sync.yaml'), config(encryption));
  writeFileSync(join(dir, '.gitignore'), '.terraform/\n*.tfstate*\n.terraform.lock.hcl\nbackups/\nreports/\nempty.tfrc\n');
  writeFiles(join(dir, 'infra/dev'), { 'main.tf': stack('v1') });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD');
  const { terraform } = await import('./support/terraform.js');
  terraform(join(dir, 'infra/dev'), env, 'init', '-input=false');
  terraform(join(dir, 'infra/dev'), env, 'apply', '-auto-approve', '-input=false');
  const headSha = await change(dir, env, value, extra);
  const author = ghUser('alice');
  github.state.pulls.set(
    7,
    ghPullRequest(author, { number: 7, head: headSha, base: baseSha }, {
      files: [{ filename: 'infra/dev/main.tf', status: 'modified' }],
      commits: [{ sha: headSha, author, committer: author, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }],
    }),
  );
  github.state.permissions = { alice: 'write', bob: 'write' };
  const w = { dir, env, headSha };
  github.state.pulls.get(7)!.reviews.push(approve(w));
  await review(w);
  return w;
}

async function change(dir: string, _env: Record<string, string>, value: string, extra: string): Promise<string> {
  writeFiles(join(dir, 'infra/dev'), { 'main.tf': stack(value, extra) });
  git(dir, 'commit', '-q', '-am', value);
  return git(dir, 'rev-parse', 'HEAD');
}

const approve = (w: Pick<World, 'headSha'>): GhReview => ({ id: Math.floor(Math.random() * 1e6), user: ghUser('bob'), state: 'APPROVED', commit_id: w.headSha, body: '', submitted_at: '2026-11-25T10:00:00Z' });

async function review(w: World) {
  const run = await cli(['drift-detect', '--environment', 'dev', '--fail-on', 'never', '--output-directory', 'reports'], { cwd: w.dir, env: w.env });
  expect(run.code).toBe(0);
}

const sync = (w: World) =>
  cli(['sync', 'dev', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--report', 'reports', '--format', 'json'], { cwd: w.dir, env: w.env }).then((run) => ({
    ...run,
    result: run.stdout ? JSON.parse(run.stdout) : undefined,
  }));

/** Every file under backups/ but the lock folder and the .gitignore files gitops-sync puts in the folders it makes, relative to the repository. */
function backupFiles(w: World): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.locks' || entry.name === '.gitignore') continue;
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else found.push(relative(w.dir, join(dir, entry.name)));
    }
  };
  if (existsSync(join(w.dir, 'backups'))) walk(join(w.dir, 'backups'));
  return found.sort();
}

const stateOf = (w: World) => JSON.parse(readFileSync(join(w.dir, 'infra/dev/terraform.tfstate'), 'utf8'));
const versionOf = (state: { resources: { instances: { attributes: { input: { value: { version: string } } } }[] }[] }) => state.resources[0].instances[0].attributes.input.value.version;

async function decrypt(file: string, key: string): Promise<string> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(key);
  return decrypter.decrypt(readFileSync(file), 'text');
}

describeWithTerraform('encrypted backups (real terraform, real age)', () => {
  let w: World;
  const ENCRYPTED = () => `sync:\n  backup_encryption:\n    recipients: [${recipient}]\n`;

  describe('with recipients', () => {
    beforeEach(async () => {
      w = await world(ENCRYPTED());
    });

    test('sync writes the state backup only as an age file, which the identity decrypts to the state from before the apply', async () => {
      const before = stateOf(w);
      const run = await sync(w);
      expect(run.code).toBe(0);
      const [backup] = run.result.environments[0].backups as string[];
      expect(backup).toMatch(/backups\/dev\/[^/]+\.tfstate\.age$/);
      expect(backupFiles(w)).toEqual([relative(w.dir, backup)]);
      expect(statSync(backup).mode & 0o777).toBe(0o600);

      const raw = readFileSync(backup);
      expect(raw.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
      expect(raw.includes(SECRET)).toBe(false);
      const restored = JSON.parse(await decrypt(backup, identity));
      expect({ lineage: restored.lineage, serial: restored.serial, version: versionOf(restored) }).toEqual({ lineage: before.lineage, serial: before.serial, version: 'v1' });
      expect(JSON.stringify(restored)).toContain(SECRET);
      expect(versionOf(stateOf(w))).toBe('v2');
      expect(run.stdout + run.stderr).not.toContain(SECRET);
    });

    test('rollback --mode terraform-state restores the .age backup with the identity from the CI secret, and its safety backup is encrypted too', async () => {
      expect((await sync(w)).code).toBe(0);
      const [backup] = backupFiles(w);
      const run = await cli(['rollback', 'dev', '--mode', 'terraform-state', '--state-file', backup, '--force', '--format', 'json'], {
        cwd: w.dir,
        env: { ...w.env, GITOPS_SYNC_AGE_IDENTITY: identity },
      });
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result).toMatchObject({ environment: 'dev', mode: 'terraform-state', rolled_back: true });
      expect(versionOf(stateOf(w))).toBe('v1');
      expect(result.backup_path).toMatch(/\.tfstate\.age$/);
      expect(versionOf(JSON.parse(await decrypt(result.backup_path, identity)))).toBe('v2');
      expect(backupFiles(w).every((file) => file.endsWith('.age'))).toBe(true);
      expect(run.stdout + run.stderr).not.toContain(identity);
    });

    test('rollback from a .age backup without the identity, or with another one, is one sentence, exit 1, and nothing is pushed', async () => {
      expect((await sync(w)).code).toBe(0);
      const [backup] = backupFiles(w);
      const serial = stateOf(w).serial;
      const rollback = (key: string) => cli(['rollback', 'dev', '--mode', 'terraform-state', '--state-file', backup, '--force'], { cwd: w.dir, env: { ...w.env, GITOPS_SYNC_AGE_IDENTITY: key } });

      const missing = await rollback('');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe(
        `gitops-sync: ${join(w.dir, backup)} is encrypted with age and GITOPS_SYNC_AGE_IDENTITY is not set; set it (a masked CI secret) to the age identity (AGE-SECRET-KEY-1…) of one of sync.backup_encryption.recipients and run the rollback again.\n`,
      );
      const wrong = await rollback(otherIdentity);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toBe(
        `gitops-sync: ${join(w.dir, backup)} could not be decrypted with the identity in GITOPS_SYNC_AGE_IDENTITY (it is not an identity of the recipients the backup was encrypted to, or the file is damaged); set GITOPS_SYNC_AGE_IDENTITY to the age identity of one of sync.backup_encryption.recipients.\n`,
      );
      expect(wrong.stderr).not.toContain(otherIdentity);
      expect(stateOf(w).serial).toBe(serial);
    });
  });

  test('without recipients the plaintext backup stays on the runner, owner-only, and the result says so', async () => {
    w = await world('');
    const run = await sync(w);
    expect(run.code).toBe(0);
    const [backup] = run.result.environments[0].backups as string[];
    expect(backup).toMatch(/\.tfstate$/);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(run.result.environments[0].steps).toContain(
      'the backup is not encrypted, so it stays on this runner only (owner-only, never uploaded); set sync.backup_encryption.recipients to keep an age-encrypted copy as an artifact',
    );
  });

  test('a failed apply lists the backup it wrote in the JSON result', async () => {
    w = await world('', 'v2', `resource "terraform_data" "boom" {
  depends_on = [terraform_data.app]
  provisioner "local-exec" {
    command = "echo migration-step-failed >&2; exit 1"
  }
}
`);
    const run = await sync(w);
    expect(run.code).toBe(1);
    const [environment] = run.result.environments;
    expect(environment).toMatchObject({ status: 'failed', failure_reason: 'apply-failed' });
    expect(environment.backups).toHaveLength(1);
    expect(environment.backups[0]).toMatch(/backups\/dev\/[^/]+\.tfstate$/);
    expect(environment.message).toContain(`the state before it is backed up at ${environment.backups[0]}`);
    expect(versionOf(JSON.parse(readFileSync(environment.backups[0], 'utf8')))).toBe('v1');
  });
});

describe('backup_encryption in the config', () => {
  test('a recipient that is not an age X25519 recipient is refused, naming the key', () => {
    const typo = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8q';
    for (const bad of ['ssh-ed25519 AAAAC3Nza', typo, 'AGE-SECRET-KEY-1QQQ']) {
      expect(() => parseConfig(`sync:\n  backup_encryption:\n    recipients: ["${bad}"]\n`, 'gitops-sync.yaml')).toThrow(
        /^gitops-sync\.yaml:3: sync\.backup_encryption\.recipients\.0: an age X25519 recipient \(age1… as `age-keygen -y` prints it\); /,
      );
    }
    expect(() => parseConfig('sync:\n  backup_encryption:\n    recipients: []\n', 'gitops-sync.yaml')).toThrow(/sync\.backup_encryption\.recipients: at least one age recipient/);
    expect(() => parseConfig(`sync:\n  backup_encryption:\n    recipients: [${'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'}]\n    identity_env: "my key"\n`, 'gitops-sync.yaml')).toThrow(
      /sync\.backup_encryption\.identity_env: an environment variable name/,
    );
    const ok = parseConfig('sync:\n  backup_encryption:\n    recipients: [age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p]\n', 'gitops-sync.yaml');
    expect(ok.sync.backup_encryption).toEqual({ recipients: ['age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'], identity_env: 'GITOPS_SYNC_AGE_IDENTITY' });
  });

  test('the CLI refuses a bad recipient in one sentence, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-backups-config-'));
    roots.push(dir);
    writeFileSync(join(dir, 'gitops-sync.yaml'), `${config('sync:\n  backup_encryption:\n    recipients: [age1notakey]\n')}`);
    const run = await cli(['sync', 'dev', '--dry-run', '--format', 'json'], { cwd: dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gitops-sync: .*gitops-sync\.yaml:9: sync\.backup_encryption\.recipients\.0: an age X25519 recipient .*\n$/);
  });
});

// Adversarial tests for issue 14 (secrets at rest): what a malicious pull-request author or a sloppy
// config could do to `secrets check`, drift-detect's change comparison and the SOPS at-rest check.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { SecretsReport, UserError } from '@gitops-sync/core';
import { decryptSopsText, nodeExec } from '@gitops-sync/engine';
import { secretsPolicyChanges } from '../packages/engine/src/secrets/pr-changes.js';
import { cli } from './support/cli.js';
import { git } from './support/git-repo.js';
import { ageKeyPair, sopsEncrypt } from './support/sops.js';
import { DecryptedInputs } from '../packages/engine/src/secrets/sops-decrypt.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { sopsYaml } from './support/secrets-pr-fixtures.js';
import { driftDetectOnPullRequest } from './support/drift-detect-pr.js';

const github = useFakeGitHub();
import { tempDir } from './support/temp-dir.js';

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const RECIPIENT = `age1${Array.from(randomBytes(58), (byte) => BECH32[byte % 32]).join('')}`;
const b64 = (bytes: number) => randomBytes(bytes).toString('base64');
const enc = (type = 'str') => `ENC[AES256_GCM,data:${b64(12)},iv:${b64(32)},tag:${b64(16)},type:${type}]`;
const METADATA = [
  'sops:',
  '    age:',
  `        - recipient: ${RECIPIENT}`,
  '          enc: |',
  '            -----BEGIN AGE ENCRYPTED FILE-----',
  `            ${b64(48)}`,
  '            -----END AGE ENCRYPTED FILE-----',
  '    lastmodified: "2026-11-30T09:00:00Z"',
  `    mac: ${enc()}`,
  '    unencrypted_suffix: _unencrypted',
  '    version: 3.9.4',
  '',
].join('\n');
const SOPS_CONFIG = `creation_rules:\n  - path_regex: ^secrets/\n    age: ${RECIPIENT}\n`;
/** A GitHub token shape (random, not a real one). */
const TOKEN = `ghp_${randomBytes(27).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 36)}`;
/** Exponential for a backtracking engine on `a` × 27 + `!` (seconds to minutes in V8), linear for RE2. */
const EVIL = '^(a+)+$';
const EVIL_INPUT = `${'a'.repeat(28)}!`;

function repo(files: Record<string, string | Buffer>): string {
  const dir = tempDir('gitops-sync-attack14-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

async function check(dir: string) {
  const started = Date.now();
  const run = await cli(['secrets', 'check', '--format', 'json'], { cwd: dir });
  return { ...run, ms: Date.now() - started, report: run.code === 1 ? undefined : SecretsReport.parse(JSON.parse(run.stdout)) };
}
const summary = (report: SecretsReport | undefined) => report!.findings.map((finding) => `${finding.file}:${finding.line}:${finding.rule}`);

describe('a PR cannot hang the job with a catastrophic regular expression', () => {
  test('a path_regex with nested quantifiers in .sops.yaml is matched in linear time', async () => {
    const dir = repo({ '.sops.yaml': `creation_rules:\n  - path_regex: '${EVIL}'\n    age: ${RECIPIENT}\n`, [EVIL_INPUT]: 'greeting: hello\n' });
    const run = await check(dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.ms).toBeLessThan(4000);
  });

  test('an encrypted_regex with nested quantifiers is matched against long keys in linear time', async () => {
    const dir = repo({
      '.sops.yaml': `creation_rules:\n  - path_regex: ^secrets/\n    encrypted_regex: '^(a|aa)+$'\n    age: ${RECIPIENT}\n`,
      'secrets/app.yaml': `${'a'.repeat(38)}!: plain\n${METADATA}`,
    });
    const run = await check(dir);
    expect(run.stderr).toBe('');
    expect(run.ms).toBeLessThan(4000);
  });

  test('a secrets.rules pattern with nested quantifiers scans long lines in linear time', async () => {
    const dir = repo({
      'gitops-sync.yaml': 'secrets:\n  rules: secret-rules.yaml\n',
      'secret-rules.yaml': `rules:\n  - id: evil\n    description: an evil rule\n    pattern: '${EVIL}'\n`,
      'notes.txt': `${'a'.repeat(31)}!\n`,
    });
    const run = await check(dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.ms).toBeLessThan(4000);
  });

  test('a path_regex with nested quantifiers in the head .sops.yaml does not hang the change comparison', async () => {
    const dir = tempDir('gitops-sync-attack14-git-');
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, '.sops.yaml'), `creation_rules:\n  - path_regex: '${EVIL}'\n    age: ${RECIPIENT}\n`);
    writeFileSync(join(dir, EVIL_INPUT), 'x: 1\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    const base = git(dir, 'rev-parse', 'HEAD');
    writeFileSync(join(dir, 'README.md'), 'hi\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'head');
    const started = Date.now();
    expect(await secretsPolicyChanges({ root: dir, base, head: git(dir, 'rev-parse', 'HEAD'), exec: nodeExec })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a secrets.rules pattern RE2 cannot run in linear time (a backreference) is one sentence, exit 1', async () => {
    const dir = repo({
      'gitops-sync.yaml': 'secrets:\n  rules: secret-rules.yaml\n',
      'secret-rules.yaml': `rules:\n  - id: evil\n    description: an evil rule\n    pattern: '(a+)\\1'\n`,
    });
    const run = await check(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/pattern of secret rule evil is not a valid regular expression/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('plaintext hidden where the scanner does not look', () => {
  test('a high-entropy password behind a YAML alias (the anchor under an innocent key) is found', async () => {
    const dir = repo({ 'app/config.yaml': 'defaults:\n  seed: &pw Xk9mQ2vL7pR4tW8zN3bHq6Ty\napp:\n  password: *pw\n' });
    const run = await check(dir);
    expect(summary(run.report)).toEqual(['app/config.yaml:4:high-entropy-secret-value']);
    expect(run.code).toBe(2);
  });

  test('a SOPS file whose encrypted key is an alias of a plaintext value under an _unencrypted key is not encrypted', async () => {
    const dir = repo({ '.sops.yaml': SOPS_CONFIG, 'secrets/db.yaml': `note_unencrypted: &p hunter2\npassword: *p\nuser: ${enc()}\n${METADATA}` });
    const run = await check(dir);
    expect(summary(run.report)).toEqual(['secrets/db.yaml:2:sops-unencrypted-value']);
  });

  test('an ENC[…] value that is base64 plaintext with a short IV and tag is not taken as encrypted', async () => {
    const fake = `ENC[AES256_GCM,data:${Buffer.from('hunter2').toString('base64')},iv:AA==,tag:AA==,type:str]`;
    const dir = repo({ '.sops.yaml': SOPS_CONFIG, 'secrets/db.yaml': `password: ${fake}\n${METADATA}` });
    const run = await check(dir);
    expect(summary(run.report)).toEqual(['secrets/db.yaml:1:high-entropy-secret-value', 'secrets/db.yaml:1:sops-unencrypted-value']);
  });

  test('a MAC with a short IV is not a valid MAC', async () => {
    const dir = repo({ '.sops.yaml': SOPS_CONFIG, 'secrets/db.yaml': `password: ${enc()}\n${METADATA.replace(/mac: .*/, `mac: ENC[AES256_GCM,data:${b64(64)},iv:AA==,tag:AA==,type:str]`)}` });
    const run = await check(dir);
    expect(summary(run.report)).toEqual(['secrets/db.yaml:0:sops-mac-missing']);
  });

  test('a token in a UTF-16 text file (which has NUL bytes) is found', async () => {
    const dir = repo({ 'docs/notes.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`deploy with\ntoken ${TOKEN}\n`, 'utf16le')]) });
    const run = await check(dir);
    expect(summary(run.report)).toEqual(['docs/notes.txt:2:github-token']);
  });

  test('a token after NUL padding is found', async () => {
    const dir = repo({ 'docs/notes.cfg': Buffer.concat([Buffer.alloc(64), Buffer.from(`token ${TOKEN}\n`)]) });
    const run = await check(dir);
    expect(summary(run.report)).toEqual(['docs/notes.cfg:1:github-token']);
  });

  test('a file over the read cap that starts with a NUL is a finding, not silently clean', async () => {
    const big = Buffer.alloc(9 * 1024 * 1024, 0x61);
    big[0] = 0;
    const dir = repo({ 'blob.dat': big });
    const run = await check(dir);
    expect(summary(run.report)).toEqual(['blob.dat:0:file-too-large']);
  });

  test('a symbolic link where .sops.yaml requires an encrypted file is a finding', async () => {
    const dir = repo({ '.sops.yaml': SOPS_CONFIG, 'plain/db.yaml': 'password: hunter2\n' });
    mkdirSync(join(dir, 'secrets'));
    symlinkSync('../plain/db.yaml', join(dir, 'secrets/db.yaml'));
    const run = await check(dir);
    expect(summary(run.report)).toEqual(['secrets/db.yaml:0:sops-not-encrypted']);
  });
});

describe('git-crypt', () => {
  test('a forged git-crypt header over plaintext led by one unprintable byte is still plaintext', async () => {
    const pem = `${['-----BEGIN', 'OPENSSH PRIVATE KEY-----'].join(' ')}\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n`;
    const dir = repo({ '.gitattributes': 'secrets/** filter=git-crypt diff=git-crypt\n', 'secrets/late.pem': pem });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.gitattributes');
    const forged = join(dir, '.git', 'forged');
    writeFileSync(forged, Buffer.concat([Buffer.from('\0GITCRYPT\0', 'binary'), randomBytes(12), Buffer.from([0x01]), Buffer.from(pem)]));
    const sha = spawnSync('git', ['hash-object', '-w', '--no-filters', forged], { cwd: dir, encoding: 'utf8' }).stdout.trim();
    git(dir, 'update-index', '--add', '--cacheinfo', `100644,${sha},secrets/late.pem`);
    const run = await check(dir);
    expect(summary(run.report)).toEqual(['secrets/late.pem:0:git-crypt-plaintext']);
  });
});

describe('decrypting for rendering', () => {
  test('a folder committed as an absolute symbolic link into the workspace cannot make decryption write plaintext there', async () => {
    const age = await ageKeyPair();
    const dir = tempDir('gitops-sync-attack14-render-');
    const encrypted = await sopsEncrypt({ password: 'pa55-attack14-render' }, { format: 'yaml', age: [age.recipient] });
    mkdirSync(join(dir, 'real/prod'), { recursive: true });
    writeFileSync(join(dir, 'real/prod/secret.yaml'), encrypted);
    // The copy keeps links as they are: an absolute one still points at the workspace.
    symlinkSync(join(dir, 'real'), join(dir, 'overlay'));
    const inputs = new DecryptedInputs({ exec: nodeExec, env: { SOPS_AGE_KEY: age.identity } });
    try {
      const error = await inputs.renderRoot(dir, ['overlay/prod']).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(readFileSync(join(dir, 'real/prod/secret.yaml'), 'utf8')).toBe(encrypted);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toBe('overlay/prod/secret.yaml is SOPS-encrypted and reached through a symbolic link; render from the folder itself, not a link to it, so its decrypted copy stays in the private temporary folder.');
    } finally {
      inputs.dispose();
    }
  });

  test('a GPG key protected by a passphrase: one sentence saying so, not "not a recipient"', async () => {
    const gnupgHome = tempDir('attack14-gpg-');
    const gpg = (args: string[]) => execFileSync('gpg', ['--homedir', gnupgHome, '--batch', '--pinentry-mode', 'loopback', '--passphrase', 'correct horse', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    gpg(['--quick-gen-key', 'Locked <locked@example.test>', 'rsa2048', 'sign,encrypt', 'never']);
    const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg(['--with-colons', '--list-secret-keys', 'locked@example.test']))![1]!;
    const armoredPrivateKey = gpg(['--armor', '--export-secret-keys', fingerprint]);
    const text = await sopsEncrypt({ password: 'pa55-attack14' }, { format: 'yaml', pgp: [{ fingerprint, gnupgHome }] });
    const error = await decryptSopsText(text, 'a.yaml', 'a.yaml', { exec: nodeExec, env: { GITOPS_SYNC_SOPS_GPG_KEY: armoredPrivateKey } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    execFileSync('gpgconf', ['--homedir', gnupgHome, '--kill', 'gpg-agent']);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe('GITOPS_SYNC_SOPS_GPG_KEY holds a GPG key protected by a passphrase, which gitops-sync cannot type in; export the key without a passphrase for CI (gpg --passwd to remove it on a copy) or use an age identity.');
  });
});

describe('drift-detect on a pull request: the change cannot relax the check that judges it', () => {
  const PRIVATE_KEY = ['-----BEGIN', 'OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END', 'OPENSSH PRIVATE KEY-----\n'].join(' ');
  const CONFIG = 'environments:\n  default:\n    terraform: { dir: . }\n';
  const PLAN = JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [], output_changes: {} });

  const pullRequest = (base: Record<string, string>, head: Record<string, string>) =>
    driftDetectOnPullRequest(
      { base: { '.gitignore': 'gitops-sync-reports/\nevent.json\n', 'plan.json': PLAN, ...base }, head },
      { environment: 'default', config: 'gitops-sync.yaml', 'terraform-plan-json': 'plan.json', 'fail-on': 'critical' },
    );

  test('a change that adds its own secret to secrets.allow is a critical finding', async () => {
    const io = await pullRequest({ 'gitops-sync.yaml': CONFIG }, { 'gitops-sync.yaml': `${CONFIG}secrets:\n  allow: ["deploy/**"]\n`, 'deploy/key.txt': PRIVATE_KEY });
    expect(io.summary).toContain('| `gitops-sync.yaml` |  | secrets-allow-widened | critical |');
    // The allow list is read at the base, so the key itself is found too.
    expect(io.summary).toContain('| `deploy/key.txt` | 1 | private-key | critical |');
    expect(io.failure).toMatch(/^Failing because the secrets check has 2 finding/);
  });

  test('a change that replaces a built-in rule through secrets.rules is a critical finding', async () => {
    const io = await pullRequest(
      { 'gitops-sync.yaml': CONFIG },
      { 'gitops-sync.yaml': `${CONFIG}secrets:\n  rules: rules.yaml\n`, 'rules.yaml': "rules:\n  - id: private-key\n    description: nothing\n    pattern: 'x^'\n", 'deploy/key.txt': PRIVATE_KEY },
    );
    expect(io.summary).toContain('| `rules.yaml` |  | secret-rules-changed | critical |');
    // The rules are read at the base, so the built-in rule still finds the key.
    expect(io.summary).toContain('| `deploy/key.txt` | 1 | private-key | critical |');
    expect(io.failure).toMatch(/^Failing because the secrets check has 2 finding/);
  });

  test('secrets check --base flags a change that widens secrets.allow', async () => {
    const dir = tempDir('gitops-sync-attack14-cli-');
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'secrets:\n  allow: ["test/**"]\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'secrets:\n  allow: ["test/**", "./deploy/**"]\n');
    git(dir, 'commit', '-q', '-am', 'widen');
    const run = await cli(['secrets', 'check', '--format', 'json', '--base', 'HEAD~1'], { cwd: dir });
    expect(summary(SecretsReport.parse(JSON.parse(run.stdout)))).toEqual(['gitops-sync.yaml:0:secrets-allow-widened']);
    expect(run.code).toBe(2);
  });

  test('an unchanged allow list and rules file add nothing', async () => {
    const settings = `${CONFIG}secrets:\n  allow: ["test/**"]\n  rules: rules.yaml\n`;
    const rules = 'rules:\n  - id: acme\n    description: an ACME token\n    pattern: acme_[0-9a-f]{16}\n';
    const io = await pullRequest({ 'gitops-sync.yaml': settings, 'rules.yaml': rules }, { 'README.md': 'hello\n' });
    expect(io.outputs['secrets-findings']).toBe('0');
    expect(io.failure).toBeUndefined();
  });
});

describe('approve-safe', () => {
  test('a SOPS file under a safe path renamed and decrypted on the way (the platform reports a rename) is not safe', async () => {
    const dir = tempDir('gitops-sync-attack14-safe-');
    git(dir, 'init', '-q', '-b', 'main');
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'approval:\n  safe_paths: ["docs/**"]\n');
    writeFileSync(join(dir, 'docs/db.enc.yaml'), sopsYaml({ password: '' }));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    const base = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'checkout', '-q', '-b', 'change');
    git(dir, 'rm', '-q', 'docs/db.enc.yaml');
    mkdirSync(join(dir, 'docs'), { recursive: true });
    writeFileSync(join(dir, 'docs/db.yaml'), 'password: hunter2\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'change');
    const head = git(dir, 'rev-parse', 'HEAD');
    github.state.pulls.set(7, ghPullRequest(ghUser('alice'), { number: 7, head, base }, { files: [{ filename: 'docs/db.yaml', status: 'renamed', previous_filename: 'docs/db.enc.yaml' }] }));
    github.state.permissions = { alice: 'write' };
    const run = await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--format', 'json'], { cwd: dir, env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' } });
    const decision = JSON.parse(run.stdout) as { safe: boolean; findings: { path: string | null; reason: string }[] };
    expect(decision.safe).toBe(false);
    expect(decision.findings.map((finding) => finding.reason)).toContain('"docs/db.enc.yaml" is SOPS-encrypted at the base: a change to a secret needs a human who owns it');
    expect(run.stdout + run.stderr).not.toContain('hunter2');
  });
});

test('approve-safe: a token in a UTF-16 file under a safe path is not safe', async () => {
  const dir = tempDir('gitops-sync-attack14-safe16-');
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'approval:\n  safe_paths: ["docs/**"]\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'change');
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'docs/notes.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`deploy with\ntoken ${TOKEN}\n`, 'utf16le')]));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'change');
  const head = git(dir, 'rev-parse', 'HEAD');
  github.state.pulls.set(7, ghPullRequest(ghUser('alice'), { number: 7, head, base }, { files: [{ filename: 'docs/notes.txt', status: 'added' }] }));
  github.state.permissions = { alice: 'write' };
  const run = await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--format', 'json'], { cwd: dir, env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' } });
  const decision = JSON.parse(run.stdout) as { safe: boolean; findings: { path: string | null; reason: string }[] };
  expect(decision.findings.map((finding) => finding.reason)).toEqual([expect.stringMatching(/^a plaintext secret at line 2 \(rule github-token\)/)]);
  expect(decision.safe).toBe(false);
});

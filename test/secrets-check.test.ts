import { randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { SecretsReport, GitopsSyncConfig } from '@gitops-sync/core';
import { checkSecretsAtRest, nodeExec } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { ageKeyPair, sopsEncrypt } from './support/sops.js';
import { tempDir } from './support/temp-dir.js';

// SOPS files built as SOPS writes them (structure only: nothing here decrypts, so random ciphertext does).
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const ageRecipient = () => `age1${Array.from(randomBytes(58), (byte) => BECH32[byte % 32]).join('')}`;
const b64 = (bytes: number) => randomBytes(bytes).toString('base64');
const enc = (type = 'str') => `ENC[AES256_GCM,data:${b64(12)},iv:${b64(32)},tag:${b64(16)},type:${type}]`;
const AGE_BLOCK = ['-----BEGIN AGE ENCRYPTED FILE-----', b64(48), '-----END AGE ENCRYPTED FILE-----'];
const RECIPIENT = ageRecipient();
const STRANGER = ageRecipient();

interface Metadata {
  recipients?: string[];
  mac?: string | null;
  lastmodified?: string | null;
  extra?: string[];
}

function sopsMetadataYaml({ recipients = [RECIPIENT], mac = enc(), lastmodified = '2026-11-30T09:00:00Z', extra = ['unencrypted_suffix: _unencrypted'] }: Metadata = {}): string {
  return [
    'sops:',
    '    age:',
    ...recipients.flatMap((recipient) => [`        - recipient: ${recipient}`, '          enc: |', ...AGE_BLOCK.map((line) => `            ${line}`)]),
    ...(lastmodified === null ? [] : [`    lastmodified: "${lastmodified}"`]),
    ...(mac === null ? [] : [`    mac: ${mac}`]),
    ...extra.map((line) => `    ${line}`),
    '    version: 3.9.4',
    '',
  ].join('\n');
}

function sopsDotenv(values: Record<string, string>, recipient = RECIPIENT): string {
  return [
    ...Object.entries(values).map(([key, value]) => `${key}=${value}`),
    `sops_age__list_0__map_enc=${AGE_BLOCK.join('\\n')}\\n`,
    `sops_age__list_0__map_recipient=${recipient}`,
    'sops_lastmodified=2026-11-30T09:00:00Z',
    `sops_mac=${enc()}`,
    'sops_unencrypted_suffix=_unencrypted',
    'sops_version=3.9.4',
    '',
  ].join('\n');
}

function sopsIni(sections: Record<string, Record<string, string>>, recipient = RECIPIENT): string {
  const body = Object.entries(sections).flatMap(([name, values]) => [`[${name}]`, ...Object.entries(values).map(([key, value]) => `${key} = ${value}`), '']);
  return [...body, '[sops]', `age__list_0__map_enc = ${AGE_BLOCK.join('\\n')}\\n`, `age__list_0__map_recipient = ${recipient}`, 'lastmodified = 2026-11-30T09:00:00Z', `mac = ${enc()}`, 'unencrypted_suffix = _unencrypted', 'version = 3.9.4', ''].join('\n');
}

const SOPS_CONFIG = [
  'creation_rules:',
  '  - path_regex: k8s/.*secret.*\\.yaml$',
  '    encrypted_regex: ^(data|stringData)$',
  `    age: ${RECIPIENT}`,
  '  - path_regex: secrets/.*',
  `    age: ${RECIPIENT}`,
  '',
].join('\n');

function repo(files: Record<string, string>): string {
  const dir = tempDir('gitops-sync-secrets-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const cleanFiles = (): Record<string, string> => ({
  '.sops.yaml': SOPS_CONFIG,
  'k8s/db-secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n    name: db\nstringData:\n    password: ${enc()}\n    port: ${enc('int')}\n${sopsMetadataYaml({ extra: ['encrypted_regex: ^(data|stringData)$'] })}`,
  'secrets/app.yaml': `database:\n    user: ${enc()}\n    password: ${enc()}\n    port_unencrypted: 5432\n${sopsMetadataYaml()}`,
  'secrets/app.json': JSON.stringify({ token: enc(), sops: { age: [{ recipient: RECIPIENT, enc: AGE_BLOCK.join('\n') }], lastmodified: '2026-11-30T09:00:00Z', mac: enc(), unencrypted_suffix: '_unencrypted', version: '3.9.4' } }, null, 4),
  'secrets/app.env': sopsDotenv({ DB_PASSWORD: enc(), API_URL_unencrypted: 'https://api.example.com' }),
  'secrets/app.ini': sopsIni({ db: { password: enc(), host_unencrypted: 'db.internal' } }),
  'secrets/cert.bin': JSON.stringify({ data: enc(), sops: { age: [{ recipient: RECIPIENT, enc: AGE_BLOCK.join('\n') }], lastmodified: '2026-11-30T09:00:00Z', mac: enc(), version: '3.9.4' } }),
  'k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
});

async function check(dir: string, ...args: string[]) {
  const run = await cli(['secrets', 'check', '--format', 'json', ...args], { cwd: dir });
  return { ...run, report: run.code === 1 ? undefined : SecretsReport.parse(JSON.parse(run.stdout)) };
}
const summary = (report: SecretsReport | undefined) => report!.findings.map((finding) => `${finding.file}:${finding.line}:${finding.rule}`);

describe('gitops-sync secrets check: SOPS at rest', () => {
  test('a repository whose .sops.yaml files are all encrypted (YAML, JSON, dotenv, INI, binary) is clean: exit 0', async () => {
    const dir = repo(cleanFiles());
    const run = await check(dir);
    expect(run.stderr).toBe('');
    expect(run.report).toEqual({ schema: 'gitops-sync/secrets-report@1', files_checked: 8, findings: [] });
    expect(run.code).toBe(0);
    const table = await cli(['secrets', 'check'], { cwd: dir });
    expect(table).toEqual({ code: 0, stdout: 'No secrets at rest in plaintext: 8 files checked.\n', stderr: '' });
  });

  test('a file a creation rule names but committed in plaintext is critical, and its values never appear', async () => {
    const dir = repo({ ...cleanFiles(), 'secrets/new.yaml': 'api_token: s3cr3t-value-that-must-not-leak\n' });
    const run = await check(dir);
    expect(run.code).toBe(2);
    expect(run.report!.findings[0]).toEqual({ file: 'secrets/new.yaml', line: 0, rule: 'sops-not-encrypted', severity: 'critical', message: 'secrets/new.yaml is matched by creation rule 2 of .sops.yaml but is not SOPS-encrypted (no sops metadata); encrypt it with `sops --encrypt --in-place secrets/new.yaml` and rotate what it held.' });
    // The plaintext rules still judge what it holds.
    expect(summary(run.report)).toEqual(['secrets/new.yaml:0:sops-not-encrypted', 'secrets/new.yaml:1:high-entropy-secret-value']);
    expect(run.stdout).not.toContain('s3cr3t');
  });

  test('one value left in plaintext inside an encrypted file is found at its line (YAML, JSON, dotenv, INI)', async () => {
    const files = cleanFiles();
    files['secrets/app.yaml'] = files['secrets/app.yaml'].replace(/password: ENC\[[^\]]+\]/, 'password: hunter2-plain');
    files['secrets/app.json'] = files['secrets/app.json'].replace(/"token": "ENC\[[^\]]+\]"/, '"token": "hunter2-plain"');
    files['secrets/app.env'] = `EXTRA=hunter2-plain\n${files['secrets/app.env']}`;
    files['secrets/app.ini'] = files['secrets/app.ini'].replace(/password = ENC\[[^\]]+\]/, 'password = hunter2-plain');
    files['k8s/db-secret.yaml'] = files['k8s/db-secret.yaml'].replace(/port: ENC\[[^\]]+\]/, 'port: 5432');
    const run = await check(repo(files));
    expect(run.code).toBe(2);
    expect(summary(run.report)).toEqual(['k8s/db-secret.yaml:7:sops-unencrypted-value', 'secrets/app.env:1:sops-unencrypted-value', 'secrets/app.ini:2:sops-unencrypted-value', 'secrets/app.json:2:sops-unencrypted-value', 'secrets/app.yaml:3:sops-unencrypted-value']);
    expect(run.report!.findings[4].message).toBe('secrets/app.yaml:3: the value of database.password is in plaintext although creation rule 2 of .sops.yaml says it is encrypted; re-encrypt the file with `sops --encrypt --in-place secrets/app.yaml` and rotate the value.');
    expect(run.stdout).not.toContain('hunter2');
  });

  test('values the rule leaves in plaintext (encrypted_regex, _unencrypted) are fine', async () => {
    // metadata.name in the Secret (outside encrypted_regex) and port_unencrypted are plaintext in cleanFiles.
    const run = await check(repo(cleanFiles()));
    expect(run.report!.findings).toEqual([]);
  });

  test('a SOPS file without its MAC or lastmodified is critical', async () => {
    const files = cleanFiles();
    files['secrets/app.yaml'] = `password: ${enc()}\n${sopsMetadataYaml({ mac: null, lastmodified: null })}`;
    const run = await check(repo(files));
    expect(summary(run.report)).toEqual(['secrets/app.yaml:0:sops-mac-missing', 'secrets/app.yaml:0:sops-metadata-incomplete']);
    expect(run.report!.findings[0].message).toBe('secrets/app.yaml has no valid SOPS MAC in its metadata, so tampering with its values would not be detected; re-encrypt it with `sops --encrypt --in-place secrets/app.yaml`.');
  });

  test('an unknown recipient, and a recipient the rule names but the file lacks, are one sentence each', async () => {
    const files = cleanFiles();
    files['secrets/app.yaml'] = `password: ${enc()}\n${sopsMetadataYaml({ recipients: [STRANGER] })}`;
    const run = await check(repo(files));
    expect(run.report!.findings.map((finding) => finding.message)).toEqual([
      `secrets/app.yaml is encrypted for the age recipient ${STRANGER}, which creation rule 2 of .sops.yaml does not name, so an unknown key holder can decrypt it; run \`sops updatekeys secrets/app.yaml\` and rotate its secrets.`,
      `secrets/app.yaml is not encrypted for the age recipient ${RECIPIENT} that creation rule 2 of .sops.yaml names; run \`sops updatekeys secrets/app.yaml\`.`,
    ]);
    expect(run.code).toBe(2);
  });

  test('a corrupt SOPS file (metadata unreadable) is one sentence', async () => {
    const files = cleanFiles();
    files['secrets/app.yaml'] = files['secrets/app.yaml'].replace('sops:\n    age:', 'sops: [\n    age:');
    files['secrets/app.env'] = 'this line is no KEY=VALUE\n'.replace('=', ' ');
    const run = await check(repo(files));
    expect(run.report!.findings.filter((finding) => finding.rule === 'sops-metadata-unreadable').map((finding) => finding.message)).toEqual([
      'secrets/app.env cannot be read as a SOPS dotenv file (line 1 is not KEY=VALUE), so its SOPS metadata is unreadable; restore it from git history or re-encrypt it with `sops --encrypt --in-place secrets/app.env`.',
      expect.stringMatching(/^secrets\/app\.yaml cannot be read as a SOPS yaml file \(.+\), so its SOPS metadata is unreadable; restore it from git history or re-encrypt it with `sops --encrypt --in-place secrets\/app\.yaml`\.$/),
    ]);
  });

  test('an invalid .sops.yaml is exit 1 with one sentence naming it', async () => {
    const run = await check(repo({ ...cleanFiles(), '.sops.yaml': 'creation_rules:\n  - path_regex: "secrets/(.*"\n' }));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^gitops-sync: \.sops\.yaml: creation_rules\[0\]\.path_regex is not a valid regular expression \(.*\); fix it\.\n$/);
  });

  test('an invalid .sops.yaml that no file falls under still fails the check', async () => {
    const run = await check(repo({ ...cleanFiles(), 'empty/.sops.yaml': 'creation_rules:\n  - path_regex: x\n    age: age1notakey\n' }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gitops-sync: empty\/\.sops\.yaml:3: creation_rules\.0\.age: "age1notakey" is not an age recipient/);
  });

  test('a SOPS file whose own metadata holds a broken encrypted_regex is unreadable, not a crash', async () => {
    const files = cleanFiles();
    files['other/x.yaml'] = `password: ${enc()}\n${sopsMetadataYaml({ extra: ['encrypted_regex: "(broken"'] })}`;
    const run = await check(repo(files));
    expect(run.report!.findings.map((finding) => finding.message)).toEqual([expect.stringMatching(/^other\/x\.yaml: sops encrypted_regex is not a valid regular expression \(.*\), so which values must be encrypted is unknown; re-encrypt it with `sops --encrypt --in-place other\/x\.yaml`\.$/)]);
  });

  test('the nearest .sops.yaml governs a folder, and paths are matched relative to it', async () => {
    const dir = repo({ 'team/.sops.yaml': `creation_rules:\n  - path_regex: ^vault/\n    age: ${RECIPIENT}\n`, 'team/vault/a.yaml': 'plain: text\n', 'vault/b.yaml': 'plain: text\n' });
    expect(summary((await check(dir)).report)).toEqual(['team/vault/a.yaml:0:sops-not-encrypted']);
  });
});

describe('gitops-sync secrets check: SOPS files made with SOPS\'s algorithm and real age keys (test/support/sops.ts)', () => {
  test('YAML, JSON, dotenv and INI encrypted for the rule\'s age recipient are clean; a value put back in plaintext and a rule naming another key are caught', async () => {
    const [team, other] = [await ageKeyPair(), await ageKeyPair()];
    const files: Record<string, string> = {
      '.sops.yaml': `creation_rules:\n  - path_regex: ^k8s/.*\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: ${team.recipient}\n  - path_regex: ^secrets/\n    age: ${team.recipient}\n`,
      'k8s/db.yaml': await sopsEncrypt({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'hunter2-real', empty: '' } }, { format: 'yaml', age: [team.recipient], encryptedRegex: '^(data|stringData)$' }),
      'secrets/app.json': await sopsEncrypt({ token: 'hunter2-real', nested: { list: ['a', 'b'], port: 5432 } }, { format: 'json', age: [team.recipient], unencryptedSuffix: '_unencrypted' }),
      'secrets/app.env': await sopsEncrypt({ DB_PASSWORD: 'hunter2-real', HOST_unencrypted: 'db.internal' }, { format: 'dotenv', age: [team.recipient], unencryptedSuffix: '_unencrypted' }),
      'secrets/app.ini': await sopsEncrypt({ db: { password: 'hunter2-real' } }, { format: 'ini', age: [team.recipient], unencryptedSuffix: '_unencrypted' }),
    };
    const dir = repo(files);
    expect((await check(dir)).report).toEqual({ schema: 'gitops-sync/secrets-report@1', files_checked: 5, findings: [] });

    writeFileSync(join(dir, 'secrets/app.env'), files['secrets/app.env'].replace(/^DB_PASSWORD=.*$/m, 'DB_PASSWORD=hunter2-real'));
    writeFileSync(join(dir, '.sops.yaml'), files['.sops.yaml'].replace(/age: .*\n$/, `age: ${other.recipient}\n`));
    const run = await check(dir);
    expect(summary(run.report)).toEqual([
      'secrets/app.env:0:sops-recipient-mismatch', 'secrets/app.env:0:sops-recipient-mismatch', 'secrets/app.env:1:sops-unencrypted-value',
      'secrets/app.ini:0:sops-recipient-mismatch', 'secrets/app.ini:0:sops-recipient-mismatch',
      'secrets/app.json:0:sops-recipient-mismatch', 'secrets/app.json:0:sops-recipient-mismatch',
    ]);
    expect(run.stdout).not.toContain('hunter2');
  });
});

describe('gitops-sync secrets check: plaintext secrets', () => {
  const token = () => `${'ghp'}_${b64(40).replace(/[^A-Za-z0-9]/g, 'x').slice(0, 36)}`;
  const PEM = ['-----BEGIN', 'OPENSSH PRIVATE KEY-----'].join(' ');

  test('a Secret named like a safe file, a key in a multi-document YAML, a token split across lines: each critical with file and line', async () => {
    const secretToken = token();
    const dir = repo({
      'docs/runbook.md': '# Runbook\n\n```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n```\n',
      'k8s/all.yaml': `kind: ConfigMap\n---\nkind: Service\n---\nkind: ConfigMap\ndata:\n  id: |\n    ${PEM}\n    b3BlbnNzaC1rZXktdjE=\n`,
      'values.yaml': `ci:\n  token: "${secretToken.slice(0, 20)}\\\n    ${secretToken.slice(20)}"\n`,
    });
    const run = await check(dir);
    expect(run.code).toBe(2);
    expect(summary(run.report)).toEqual(['docs/runbook.md:8:kubernetes-secret-plaintext', 'k8s/all.yaml:8:private-key', 'values.yaml:2:github-token']);
    expect(run.stdout).not.toContain(secretToken.slice(4, 20));
    expect(run.stdout).not.toContain('hunter2');
  });

  test('the table names each finding by severity, rule, file and line, and sums up', async () => {
    const run = await cli(['secrets', 'check'], { cwd: repo({ 'id_ed25519': `${PEM}\nAAAA\n` }) });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe(`critical ${'private-key'.padEnd(28)} id_ed25519:1: a private key (PEM or OpenSSH) in plaintext (rule private-key); remove it, rotate it, and keep it encrypted (SOPS, git-crypt, a SealedSecret or an external secret store), or list the path in secrets.allow if it is a test fixture.\n1 finding in 1 file (1 file checked).\n`);
  });

  test('a file name with a newline or an escape sequence cannot forge or hide a line of the table', async () => {
    const run = await cli(['secrets', 'check'], { cwd: repo({ 'a\ncritical forged line\u001b[8m.pem': `${PEM}\n` }) });
    expect(run.stdout.split('\n')).toHaveLength(3);
    expect(run.stdout).toContain('a?critical forged line?[8m.pem:1: a private key');
  });

  test('secrets.allow suppresses test fixtures; secrets.rules adds a rule', async () => {
    const dir = repo({
      'gitops-sync.yaml': 'secrets:\n  allow: ["test/fixtures/**"]\n  rules: secret-rules.yaml\n',
      'secret-rules.yaml': 'rules:\n  - id: acme-token\n    description: an ACME license token\n    pattern: "acme_lic_[0-9a-f]{16}"\n',
      'test/fixtures/key': `${PEM}\n`,
      'app.conf': `license=acme_lic_${'0123456789abcdef'}\n`,
    });
    expect(summary((await check(dir)).report)).toEqual(['app.conf:1:acme-token']);
  });

  test('a secrets.rules file that is invalid is exit 1 with one sentence', async () => {
    const dir = repo({ 'gitops-sync.yaml': 'secrets:\n  rules: secret-rules.yaml\n', 'secret-rules.yaml': 'rules:\n  - id: x\n    description: y\n' });
    const run = await check(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gitops-sync: secret-rules\.yaml:2: rules\.0: a rule has either `pattern` or `key`.*\.\n$/);
  });

  test('symbolic links are never followed: not to /dev/zero, not out of the root', async () => {
    const outside = repo({ 'id_rsa': `${PEM}\n` });
    const dir = repo({ 'ok.txt': 'nothing here\n' });
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    symlinkSync(join(outside, 'id_rsa'), join(dir, 'key.pem'));
    symlinkSync(outside, join(dir, 'linked-folder'));
    const started = Date.now();
    const run = await check(dir);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.report).toEqual({ schema: 'gitops-sync/secrets-report@1', files_checked: 1, findings: [] });
    const named = await check(dir, 'key.pem');
    expect(named.code).toBe(1);
    expect(named.stderr).toBe('gitops-sync: key.pem is a symbolic link, which secrets check never follows; pass the file it points to.\n');
    const escaped = await check(dir, join(outside, 'id_rsa'));
    expect(escaped.stderr).toBe(`gitops-sync: ${join(outside, 'id_rsa')} is outside ${dir}; secrets check reads only the repository it checks.\n`);
  });

  test('a 1 GB text file and a 1 GB binary file are each a finding without being read', async () => {
    const dir = repo({ 'big.log': 'x'.repeat(9000), 'big.bin': '\0binary' });
    truncateSync(join(dir, 'big.log'), 1024 ** 3);
    truncateSync(join(dir, 'big.bin'), 1024 ** 3);
    const started = Date.now();
    const run = await check(dir);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.report!.findings).toEqual([
      { file: 'big.bin', line: 0, rule: 'file-too-large', severity: 'high', message: 'big.bin is 1024.0 MB, over the 8 MB that secrets check reads, so it was not checked for secrets; move it out of the repository or list it in secrets.allow.' },
      { file: 'big.log', line: 0, rule: 'file-too-large', severity: 'high', message: 'big.log is 1024.0 MB, over the 8 MB that secrets check reads, so it was not checked for secrets; move it out of the repository or list it in secrets.allow.' },
    ]);
  });

  test('a file full of secrets lists the first 100 and counts the rest', async () => {
    const run = await check(repo({ 'keys.txt': Array.from({ length: 150 }, () => PEM).join('\n') }));
    expect(run.report!.findings).toHaveLength(101);
    expect(run.report!.findings.find((finding) => finding.rule === 'more-findings')!.message).toBe('keys.txt has 50 more findings than the 100 listed; fix those and run again to see the rest.');
  });

  test('.git and node_modules are not read', async () => {
    const dir = repo({ '.git/config': `${PEM}\n`, 'node_modules/pkg/key.pem': `${PEM}\n`, 'README.md': '# hello\n' });
    expect((await check(dir)).report).toEqual({ schema: 'gitops-sync/secrets-report@1', files_checked: 1, findings: [] });
  });

  test('PATH arguments limit the check to those files and folders', async () => {
    const dir = repo({ 'a/key.pem': `${PEM}\n`, 'b/key.pem': `${PEM}\n` });
    expect(summary((await check(dir, 'b')).report)).toEqual(['b/key.pem:1:private-key']);
  });

  test('the engine entry point is what other use cases call', async () => {
    const dir = repo({ 'k8s/s.yaml': 'apiVersion: v1\nkind: Secret\ndata:\n  k: aGk=\n' });
    const report = await checkSecretsAtRest({ root: dir, config: GitopsSyncConfig.parse({}), baseDir: dir, exec: nodeExec });
    expect(report.findings.map((finding) => finding.rule)).toEqual(['kubernetes-secret-plaintext']);
  });

  test('secrets check --help names the command, its flags and exit codes', async () => {
    const run = await cli(['secrets', 'check', '--help'], { cwd: repo({}) });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^gitops-sync secrets check: Check secrets at rest/);
    expect(run.stdout).toContain('gitops-sync secrets check [PATH...] [--format table|json] [--config FILE]');
    expect((await cli(['--help'], { cwd: repo({}) })).stdout).toContain('secrets check: 0 clean, 2 findings, 1 error.');
    expect((await cli(['secrets'], { cwd: repo({}) })).stderr).toBe('gitops-sync: gitops-sync secrets needs a subcommand: check (e.g. `gitops-sync secrets check`).\n');
  });
});

// Adversarial tests (attack 30): a malicious pull-request author or a sloppy repository against
// `gitops-sync secrets check`, with real git and real git-crypt.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { SecretsReport } from '@gitops-sync/core';
import { nodeExec } from '@gitops-sync/engine';
import { secretsPolicyChanges } from '../packages/engine/src/secrets/pr-changes.js';
import { renderSecretsMarkdown } from '../packages/engine/src/drift/change-secrets.js';
import { cli } from './support/cli.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const RECIPIENT = `age1${Array.from(randomBytes(58), (byte) => BECH32[byte % 32]).join('')}`;
const b64 = (bytes: number) => randomBytes(bytes).toString('base64');
const enc = () => `ENC[AES256_GCM,data:${b64(12)},iv:${b64(32)},tag:${b64(16)},type:str]`;
const METADATA = ['sops:', '    age:', `        - recipient: ${RECIPIENT}`, '          enc: |', '            -----BEGIN AGE ENCRYPTED FILE-----', `            ${b64(48)}`, '            -----END AGE ENCRYPTED FILE-----', '    lastmodified: "2026-11-30T09:00:00Z"', `    mac: ${enc()}`, '    unencrypted_suffix: _unencrypted', '    version: 3.9.4', ''].join('\n');
/** A GitHub token shape (random, not a real one). */
const TOKEN = `ghp_${randomBytes(27).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 36)}`;
const PASSWORD = `Xk9${randomBytes(15).toString('base64').replace(/[^A-Za-z0-9]/g, 'q')}`;

function repo(files: Record<string, string | Buffer>): string {
  const dir = tempDir('gitops-sync-attack30-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

async function check(dir: string) {
  const run = await cli(['secrets', 'check', '--format', 'json'], { cwd: dir });
  expect(run.stdout + run.stderr).not.toContain(TOKEN);
  expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  return { ...run, report: run.code === 1 ? undefined : SecretsReport.parse(JSON.parse(run.stdout)) };
}
const summary = (report: SecretsReport | undefined) => report?.findings.map((finding) => `${finding.file}:${finding.line}:${finding.rule}`);

describe('git-crypt', () => {
  test('a forged git-crypt header over UTF-16 text (half its bytes NUL) is plaintext', async () => {
    const dir = repo({ '.gitattributes': 'secrets/** filter=git-crypt diff=git-crypt\n', 'secrets/token.txt': 'x' });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.gitattributes');
    const forged = join(dir, '.git', 'forged');
    writeFileSync(forged, Buffer.concat([Buffer.from('\0GITCRYPT\0', 'binary'), randomBytes(12), Buffer.from(`deploy token ${TOKEN}\n`, 'utf16le')]));
    const sha = spawnSync('git', ['hash-object', '-w', '--no-filters', forged], { cwd: dir, encoding: 'utf8' }).stdout.trim();
    git(dir, 'update-index', '--add', '--cacheinfo', `100644,${sha},secrets/token.txt`);
    const run = await check(dir);
    expect(summary(run.report)).toEqual(['secrets/token.txt:0:git-crypt-plaintext']);
  });

  test('a path .gitattributes marks filter=git-crypt committed as a symbolic link to a plaintext file is a finding (git-crypt never encrypts a link)', async () => {
    const dir = repo({ '.gitattributes': 'secrets/** filter=git-crypt diff=git-crypt\n', 'plain/key.txt': 'hunter2\n' });
    mkdirSync(join(dir, 'secrets'));
    symlinkSync('../plain/key.txt', join(dir, 'secrets/key.txt'));
    git(dir, 'init', '-q', '-b', 'main');
    expect(spawnSync('git-crypt', ['init'], { cwd: dir }).status).toBe(0);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'link');
    const run = await check(dir);
    expect(run.code).toBe(2);
    expect(run.report!.findings).toEqual([
      {
        file: 'secrets/key.txt',
        line: 0,
        rule: 'git-crypt-plaintext',
        severity: 'critical',
        message: 'secrets/key.txt is marked filter=git-crypt in .gitattributes but is committed as a symbolic link, which git-crypt never encrypts, so a tool reading it follows the link to a plaintext file; commit the file itself at this path, encrypted.',
      },
    ]);
  });
});

describe('SOPS', () => {
  test("a password SOPS leaves in clear by its unencrypted suffix is still a plaintext secret", async () => {
    const dir = repo({ 'db/prod.yaml': `user: ${enc()}\npassword_unencrypted: ${PASSWORD}\nport_unencrypted: 5432\n${METADATA}` });
    const run = await check(dir);
    expect(summary(run.report)).toEqual(['db/prod.yaml:2:high-entropy-secret-value']);
  });

  test('the same in a dotenv file under a custom suffix a creation rule names', async () => {
    const dir = repo({
      '.sops.yaml': `creation_rules:\n  - path_regex: \\.env$\n    age: ${RECIPIENT}\n    unencrypted_suffix: _clear\n`,
      'prod.env': `DB_USER=${enc()}\nDB_PASSWORD_clear=${PASSWORD}\nsops_age__list_0__map_recipient=${RECIPIENT}\nsops_age__list_0__map_enc=x\nsops_lastmodified=2026-11-30T09:00:00Z\nsops_mac=${enc()}\nsops_unencrypted_suffix=_clear\n`,
    });
    const run = await check(dir);
    expect(summary(run.report)).toEqual(['prod.env:2:high-entropy-secret-value']);
  });
});

describe('plaintext', () => {
  test('a token base64-encoded in a value is found, and a base64 image is not a finding', async () => {
    const dir = repo({
      'app/config.yaml': `settings:\n  blob: ${Buffer.from(`GITHUB_TOKEN=${TOKEN}\n`).toString('base64')}\n  logo: ${randomBytes(300).toString('base64')}\n`,
      'app/.env': `BOOT=${Buffer.from(TOKEN).toString('base64')}\n`,
    });
    const run = await check(dir);
    expect(summary(run.report)).toEqual(['app/.env:1:github-token', 'app/config.yaml:2:github-token']);
    expect(run.report!.findings[0].message).toContain('base64-encoded');
  });
});

describe('report', () => {
  test('Markdown in a file name or a recipient the file lists renders as text in the Secrets at rest section', () => {
    const file = 'x/[click](https:/evil.example/a)<img src=x>@admins.yaml';
    const markdown = renderSecretsMarkdown({
      schema: 'gitops-sync/secrets-report@1',
      files_checked: 1,
      findings: [{ file, line: 0, rule: 'sops-recipient-mismatch', severity: 'critical', message: `${file} is encrypted for the age recipient ![p](https://evil.example/p.png), which creation rule 1 of .sops.yaml does not name; run \`sops updatekeys ${file}\`.` }],
    });
    const row = markdown.split('\n').find((line) => line.startsWith('| `x/'))!;
    const message = row.split(' | ').at(-1)!;
    expect(message).not.toMatch(/[[\]<>]|:\/\//);
    expect(message).toContain('&#91;click&#93;');
  });
});

describe('what a change does', () => {
  /** A repository whose base commit holds config/db.yaml SOPS-encrypted (no creation rule names it), and the head commit `after`. */
  async function change(after: string) {
    const dir = repo({ 'config/db.yaml': `user: ${enc()}\npassword: ${enc()}\n${METADATA}` });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'encrypted');
    const base = git(dir, 'rev-parse', 'HEAD');
    writeFileSync(join(dir, 'config/db.yaml'), after);
    git(dir, 'commit', '-q', '-am', 'edit');
    const findings = await secretsPolicyChanges({ root: dir, base, head: git(dir, 'rev-parse', 'HEAD'), exec: nodeExec });
    return findings.map((finding) => `${finding.file}:${finding.rule}`);
  }

  test('a file decrypted in the change behind a fake sops block (no MAC, no ENC values) is decrypted-in-change', async () => {
    expect(await change('user: admin\npassword: hunter2\nsops:\n    lastmodified: "2026-11-30T09:00:00Z"\n')).toEqual(['config/db.yaml:decrypted-in-change']);
  });

  test('one value left in clear behind real-looking metadata that says every value may be (unencrypted_regex: .*) is decrypted-in-change', async () => {
    const weakened = METADATA.replace('    unencrypted_suffix: _unencrypted', "    unencrypted_regex: '.*'");
    expect(await change(`user: ${enc()}\npassword: hunter2\n${weakened}`)).toEqual(['config/db.yaml:decrypted-in-change']);
  });

  test('re-encrypted with new values, the file is still encrypted: no finding', async () => {
    expect(await change(`user: ${enc()}\npassword: ${enc()}\nport_unencrypted: 5432\n${METADATA}`)).toEqual([]);
  });

  test('an encrypted file removed while the change adds its plaintext under another name behind a fake sops block is decrypted-in-change', async () => {
    const dir = repo({ 'config/db.yaml': `user: ${enc()}\npassword: ${enc()}\n${METADATA}` });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'encrypted');
    const base = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'rm', '-q', 'config/db.yaml');
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config/database.yaml'), 'user: admin\npassword: hunter2\nsops:\n    mac: x\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'moved');
    const findings = await secretsPolicyChanges({ root: dir, base, head: git(dir, 'rev-parse', 'HEAD'), exec: nodeExec });
    expect(findings.map((finding) => `${finding.file}:${finding.rule}`)).toEqual(['config/database.yaml:decrypted-in-change']);
  });
});

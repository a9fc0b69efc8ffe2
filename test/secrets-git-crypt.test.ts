import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { SecretsReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

// Real git-crypt (Debian's package) on a real repository: the blob in git is what must be encrypted.
function gitCrypt(cwd: string, ...args: string[]): void {
  const result = spawnSync('git-crypt', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git-crypt ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
}

const PEM = `${['-----BEGIN', 'OPENSSH PRIVATE KEY-----'].join(' ')}\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n`;
const write = (dir: string, path: string, content: string) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), content);
};

/** A repository where secrets/early.pem was committed before .gitattributes named secrets/**, and secrets/late.pem after. */
function gitCryptRepo(): string {
  const dir = tempDir('gitops-sync-git-crypt-');
  git(dir, 'init', '-q', '-b', 'main');
  gitCrypt(dir, 'init');
  write(dir, 'secrets/early.pem', PEM);
  write(dir, 'README.md', '# config\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'before git-crypt');
  write(dir, '.gitattributes', 'secrets/** filter=git-crypt diff=git-crypt\n');
  write(dir, 'secrets/late.pem', PEM);
  git(dir, 'add', '.gitattributes', 'secrets/late.pem');
  git(dir, 'commit', '-q', '-m', 'git-crypt');
  return dir;
}

async function check(dir: string) {
  const run = await cli(['secrets', 'check', '--format', 'json'], { cwd: dir });
  return { ...run, report: run.code === 1 ? undefined : SecretsReport.parse(JSON.parse(run.stdout)) };
}

describe('gitops-sync secrets check: git-crypt', () => {
  test('a path committed before the attribute is plaintext in git: critical, while the one committed encrypted is clean although its working copy is decrypted', async () => {
    const dir = gitCryptRepo();
    expect(readFileSync(join(dir, 'secrets/late.pem'), 'utf8')).toBe(PEM);
    const blob = spawnSync('git', ['cat-file', 'blob', 'HEAD:secrets/late.pem'], { cwd: dir }).stdout as Buffer;
    expect(blob.subarray(0, 10)).toEqual(Buffer.from('\0GITCRYPT\0', 'binary'));
    const run = await check(dir);
    expect(run.code).toBe(2);
    expect(run.report!.findings).toEqual([
      {
        file: 'secrets/early.pem',
        line: 0,
        rule: 'git-crypt-plaintext',
        severity: 'critical',
        message: 'secrets/early.pem is marked filter=git-crypt in .gitattributes but is committed in plaintext (the blob in git has no git-crypt header); run `git-crypt status -f` to re-stage it encrypted, commit, and rotate what it held, since the plaintext stays in git history.',
      },
    ]);
    expect(run.stdout).not.toContain('b3BlbnNzaC1rZXkt');
  });

  test('after `git-crypt status -f` re-stages it, the repository is clean; locked and unlocked alike', async () => {
    const dir = gitCryptRepo();
    const key = join(tempDir('gitops-sync-git-crypt-key-'), 'key');
    gitCrypt(dir, 'status', '-f');
    git(dir, 'commit', '-q', '-m', 'encrypt early.pem');
    expect(await check(dir)).toMatchObject({ code: 0, report: { findings: [] } });
    gitCrypt(dir, 'export-key', key);
    gitCrypt(dir, 'lock');
    expect(readFileSync(join(dir, 'secrets/late.pem')).subarray(0, 10)).toEqual(Buffer.from('\0GITCRYPT\0', 'binary'));
    expect(await check(dir)).toMatchObject({ code: 0, report: { findings: [] } });
    gitCrypt(dir, 'unlock', key);
    expect(await check(dir)).toMatchObject({ code: 0, report: { findings: [] } });
  });

  test('a plaintext file staged over an encrypted path is caught in the index, before it is committed', async () => {
    const dir = gitCryptRepo();
    gitCrypt(dir, 'status', '-f');
    git(dir, 'commit', '-q', '-m', 'encrypt early.pem');
    // Stage a plaintext blob directly, as a tool without the filter (or a hostile one) would.
    const sha = spawnSync('git', ['hash-object', '-w', '--no-filters', 'secrets/late.pem'], { cwd: dir, encoding: 'utf8' }).stdout.trim();
    git(dir, 'update-index', '--cacheinfo', `100644,${sha},secrets/late.pem`);
    expect((await check(dir)).report!.findings.map((finding) => `${finding.file}:${finding.rule}`)).toEqual(['secrets/late.pem:git-crypt-plaintext']);
  });

  test('a plaintext file behind a forged git-crypt header is caught', async () => {
    const dir = gitCryptRepo();
    gitCrypt(dir, 'status', '-f');
    git(dir, 'commit', '-q', '-m', 'encrypt early.pem');
    const forged = join(tempDir('gitops-sync-git-crypt-forged-'), 'forged');
    writeFileSync(forged, Buffer.concat([Buffer.from('\0GITCRYPT\0', 'binary'), Buffer.from('123456789012'), Buffer.from(PEM)]));
    const sha = spawnSync('git', ['hash-object', '-w', '--no-filters', forged], { cwd: dir, encoding: 'utf8' }).stdout.trim();
    git(dir, 'update-index', '--cacheinfo', `100644,${sha},secrets/late.pem`);
    const run = await check(dir);
    expect(run.report!.findings.map((finding) => `${finding.file}:${finding.rule}`)).toEqual(['secrets/late.pem:git-crypt-plaintext']);
    expect(run.report!.findings[0].message).toMatch(/^secrets\/late\.pem starts with git-crypt's header but what follows is text, not ciphertext/);
  });

  test('a .gitattributes naming git-crypt outside a git repository is exit 1 with one sentence', async () => {
    const dir = tempDir('gitops-sync-git-crypt-nogit-');
    write(dir, '.gitattributes', '*.key filter=git-crypt diff=git-crypt\n');
    const run = await check(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`gitops-sync: ${dir} is not a git repository, so the paths .gitattributes marks filter=git-crypt cannot be checked in git; run secrets check in a clone.\n`);
  });
});

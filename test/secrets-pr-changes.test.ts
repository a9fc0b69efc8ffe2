import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nodeExec } from '@gitops-sync/engine';
import { secretsPolicyChanges } from '../packages/engine/src/secrets/pr-changes.js';
import { git } from './support/git-repo.js';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { AGE_A, AGE_B, sopsYaml } from './support/secrets-pr-fixtures.js';


/** A real repository: `base` committed on main, then `change` applied on a branch and committed. */
function repo(setup: (dir: string) => void, change: (dir: string) => void): { dir: string; base: string; head: string } {
  const dir = tempDir('gitops-sync-secretspr-');
  git(dir, 'init', '-q', '-b', 'main');
  setup(dir);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'change');
  change(dir);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'change');
  return { dir, base, head: git(dir, 'rev-parse', 'HEAD') };
}

function write(dir: string, files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

function gitCrypt(dir: string, ...args: string[]) {
  const result = spawnSync('git-crypt', args, { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git-crypt ${args.join(' ')}: ${result.stderr}`);
}

const SOPS_CONFIG = `creation_rules:\n  - path_regex: ^secrets/.*\\.yaml$\n    age: ${AGE_A}\n`;

async function findings(r: { dir: string; base: string; head: string }) {
  return (await secretsPolicyChanges({ root: r.dir, base: r.base, head: r.head, exec: nodeExec })).map(({ file, rule, severity }) => `${severity} ${rule} ${file}`);
}

describe('secretsPolicyChanges: what a change does to secrets at rest', () => {
  it('finds nothing when the change edits an encrypted file and keeps it encrypted', async () => {
    const r = repo(
      (dir) => write(dir, { '.sops.yaml': SOPS_CONFIG, 'secrets/db.yaml': sopsYaml({ password: '' }) }),
      (dir) => write(dir, { 'secrets/db.yaml': sopsYaml({ password: '', user: '' }), 'README.md': 'hello\n' }),
    );
    expect(await findings(r)).toEqual([]);
  });

  it('flags a SOPS file decrypted in place', async () => {
    const r = repo(
      (dir) => write(dir, { '.sops.yaml': SOPS_CONFIG, 'secrets/db.yaml': sopsYaml({ password: '' }) }),
      (dir) => write(dir, { 'secrets/db.yaml': 'password: hunter2-but-longer\n' }),
    );
    const result = await secretsPolicyChanges({ root: r.dir, base: r.base, head: r.head, exec: nodeExec });
    expect(result).toEqual([
      {
        file: 'secrets/db.yaml',
        line: 0,
        rule: 'decrypted-in-change',
        severity: 'critical',
        message: '"secrets/db.yaml" is plaintext at the head, decrypting "secrets/db.yaml", which was SOPS-encrypted at the base; commit it encrypted (sops --encrypt --in-place) and rotate the secrets it holds.',
      },
    ]);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('flags a git-crypt file renamed to a path outside every rule and committed decrypted (real git-crypt)', async () => {
    const r = repo(
      (dir) => {
        gitCrypt(dir, 'init');
        write(dir, { '.gitattributes': 'secrets/** filter=git-crypt diff=git-crypt\n', 'secrets/api-token.env': 'API_TOKEN=abcdef0123456789\n' });
      },
      (dir) => {
        // The working tree is unlocked (plaintext); moved out of secrets/, git-crypt no longer cleans it.
        mkdirSync(join(dir, 'config'), { recursive: true });
        renameSync(join(dir, 'secrets/api-token.env'), join(dir, 'config/api-token.env'));
      },
    );
    expect(git(r.dir, 'cat-file', 'blob', `${r.base}:secrets/api-token.env`).startsWith('\0GITCRYPT\0')).toBe(true);
    expect(await findings(r)).toEqual(['critical decrypted-in-change config/api-token.env']);
  });

  it('flags a SOPS file moved under another name and decrypted, recognised by its keys', async () => {
    const r = repo(
      (dir) => write(dir, { '.sops.yaml': SOPS_CONFIG, 'secrets/db.yaml': sopsYaml({ password: '', user: '' }) }),
      (dir) => {
        rmSync(join(dir, 'secrets/db.yaml'));
        write(dir, { 'app/settings.yaml': 'user: app\npassword: swordfish-swordfish\n' });
      },
    );
    expect(await findings(r)).toEqual(['critical decrypted-in-change app/settings.yaml']);
  });

  it('does not treat a working tree unlocked by git-crypt as plaintext: only the committed blobs count', async () => {
    const r = repo(
      (dir) => {
        gitCrypt(dir, 'init');
        write(dir, { '.gitattributes': 'secrets/** filter=git-crypt diff=git-crypt\n', 'secrets/key.env': 'KEY=one\n' });
      },
      (dir) => write(dir, { 'secrets/key.env': 'KEY=two\n' }),
    );
    expect(git(r.dir, 'cat-file', 'blob', `${r.head}:secrets/key.env`).startsWith('\0GITCRYPT\0')).toBe(true);
    expect(await findings(r)).toEqual([]);
  });

  it('flags a symbolic link committed in place of an encrypted file', async () => {
    const r = repo(
      (dir) => write(dir, { '.sops.yaml': SOPS_CONFIG, 'secrets/db.yaml': sopsYaml({ password: '' }) }),
      (dir) => {
        rmSync(join(dir, 'secrets/db.yaml'));
        write(dir, { 'plain/db.yaml': 'password: hunter2hunter2\n' });
        symlinkSync('../plain/db.yaml', join(dir, 'secrets/db.yaml'));
      },
    );
    expect(await findings(r)).toEqual(['critical decrypted-in-change plain/db.yaml', 'critical encrypted-file-replaced-by-symlink secrets/db.yaml']);
  });

  it('flags a submodule committed in place of an encrypted file', async () => {
    const r = repo(
      (dir) => write(dir, { '.sops.yaml': SOPS_CONFIG, 'secrets/db.yaml': sopsYaml({ password: '' }) }),
      (dir) => {
        // An embedded repository where the file was: `git add` records it as a submodule (gitlink).
        rmSync(join(dir, 'secrets/db.yaml'));
        mkdirSync(join(dir, 'secrets/db.yaml'));
        git(join(dir, 'secrets/db.yaml'), 'init', '-q');
        git(join(dir, 'secrets/db.yaml'), 'commit', '-q', '--allow-empty', '-m', 'inner');
      },
    );
    expect(await findings(r)).toEqual(['critical encrypted-file-replaced-by-submodule secrets/db.yaml']);
  });

  it('flags a change that edits .sops.yaml and adds a plaintext file in one commit', async () => {
    const r = repo(
      (dir) => write(dir, { '.sops.yaml': SOPS_CONFIG, 'secrets/db.yaml': sopsYaml({ password: '' }) }),
      (dir) => write(dir, { '.sops.yaml': `creation_rules:\n  - path_regex: ^secrets/db\\.yaml$\n    age: ${AGE_A}\n`, 'secrets/new.yaml': 'token: plaintext-token-value\n' }),
    );
    const result = await secretsPolicyChanges({ root: r.dir, base: r.base, head: r.head, exec: nodeExec });
    expect(result.map(({ file, line, rule }) => `${rule} ${file}:${line}`)).toEqual(['sops-rule-removed .sops.yaml:0', 'sops-rule-removed secrets/new.yaml:0']);
    expect(result[1].message).toBe('"secrets/new.yaml" matched creation rule 1 (path_regex "^secrets/.*\\\\.yaml$", line 2) of .sops.yaml at the base and matches no rule at the head, so it is no longer required to be encrypted; restore the rule.');
  });

  it('flags rules reordered so an earlier rule without keys now wins', async () => {
    const keyed = `  - path_regex: ^secrets/\n    age: ${AGE_A}\n`;
    const keyless = '  - path_regex: \\.yaml$\n';
    const r = repo(
      (dir) => write(dir, { '.sops.yaml': `creation_rules:\n${keyed}${keyless}`, 'secrets/db.yaml': sopsYaml({ password: '' }), 'other.yaml': 'a: 1\n' }),
      (dir) => write(dir, { '.sops.yaml': `creation_rules:\n${keyless}${keyed}` }),
    );
    expect(await findings(r)).toEqual(['critical sops-rule-without-keys secrets/db.yaml']);
  });

  it('flags a path_regex widened so a rule with other recipients now takes files another rule encrypted', async () => {
    const r = repo(
      (dir) => write(dir, { '.sops.yaml': `creation_rules:\n  - path_regex: ^prod/\n    age: ${AGE_A}\n  - path_regex: ^dev/\n    age: ${AGE_B}\n`, 'prod/db.yaml': sopsYaml({ password: '' }), 'dev/db.yaml': sopsYaml({ password: '' }, AGE_B) }),
      (dir) => write(dir, { '.sops.yaml': `creation_rules:\n  - path_regex: ^(dev|prod)/\n    age: ${AGE_B}\n  - path_regex: ^prod/\n    age: ${AGE_A}\n` }),
    );
    expect(await findings(r)).toEqual(['critical sops-rule-removed .sops.yaml', 'critical sops-rule-widened prod/db.yaml']);
  });

  it('finds nothing when a new rule only adds protection to files no rule covered', async () => {
    const r = repo(
      (dir) => write(dir, { '.sops.yaml': SOPS_CONFIG, 'secrets/db.yaml': sopsYaml({ password: '' }), 'tls/cert.yaml': 'a: 1\n' }),
      (dir) => write(dir, { '.sops.yaml': `${SOPS_CONFIG}  - path_regex: ^tls/\n    age: ${AGE_B}\n` }),
    );
    expect(await findings(r)).toEqual([]);
  });

  it('matches path_regex relative to a nested .sops.yaml, as SOPS does', async () => {
    const r = repo(
      (dir) => write(dir, { 'team/.sops.yaml': `creation_rules:\n  - path_regex: ^vault/\n    age: ${AGE_A}\n`, 'team/vault/a.yaml': sopsYaml({ a: '' }) }),
      (dir) => write(dir, { 'team/.sops.yaml': 'creation_rules:\n  - path_regex: ^nothing/\n    age: ' + AGE_A + '\n' }),
    );
    expect(await findings(r)).toEqual(['critical sops-rule-removed team/.sops.yaml', 'critical sops-rule-removed team/vault/a.yaml']);
  });

  it('flags a git-crypt path undone by a .gitattributes in a subfolder', async () => {
    const r = repo(
      (dir) => write(dir, { '.gitattributes': 'secrets/** filter=git-crypt diff=git-crypt\n', 'secrets/a.env': 'A=1\n', 'secrets/public/readme.txt': 'hi\n' }),
      (dir) => write(dir, { 'secrets/public/.gitattributes': '* !filter !diff\n', 'secrets/public/leak.env': 'B=2\n' }),
    );
    expect(await findings(r)).toEqual(['critical git-crypt-path-removed secrets/public/leak.env', 'critical git-crypt-path-removed secrets/public/readme.txt']);
  });

  it('flags a later .gitattributes line that unsets the filter, and a line removed', async () => {
    const r = repo(
      (dir) => write(dir, { '.gitattributes': 'secrets/** filter=git-crypt diff=git-crypt\n*.key filter=git-crypt\n', 'secrets/a.env': 'A=1\n', 'tls/server.key': 'x\n' }),
      (dir) => write(dir, { '.gitattributes': 'secrets/** filter=git-crypt diff=git-crypt\nsecrets/a.env -filter\n' }),
    );
    expect(await findings(r)).toEqual(['critical git-crypt-path-removed secrets/a.env', 'critical git-crypt-path-removed tls/server.key']);
  });

  it('flags .sops.yaml and .gitattributes deleted', async () => {
    const r = repo(
      (dir) => write(dir, { '.sops.yaml': SOPS_CONFIG, 'deploy/.gitattributes': '*.bin binary\n', 'a.txt': 'a\n' }),
      (dir) => {
        rmSync(join(dir, '.sops.yaml'));
        rmSync(join(dir, 'deploy/.gitattributes'));
      },
    );
    expect(await findings(r)).toEqual(['critical sops-config-deleted .sops.yaml', 'critical sops-rule-removed .sops.yaml', 'critical gitattributes-deleted deploy/.gitattributes']);
  });

  it('fails closed on a .sops.yaml it cannot read at the head', async () => {
    const r = repo(
      (dir) => write(dir, { '.sops.yaml': SOPS_CONFIG }),
      (dir) => write(dir, { '.sops.yaml': 'creation_rules:\n  - path_regex: "(?=x)x"\n' }),
    );
    const result = await secretsPolicyChanges({ root: r.dir, base: r.base, head: r.head, exec: nodeExec });
    expect(result.map((finding) => `${finding.rule}: ${finding.message}`)).toEqual([
      `sops-config-unreadable: .sops.yaml at the head (${r.head.slice(0, 12)}) has creation rule 1 whose path_regex "(?=x)x" is not a regular expression SOPS (RE2) reads, so what this change does to its creation rules cannot be judged; fix the file, or have the change reviewed by whoever owns the secrets.`,
    ]);
  });

  it('says in one sentence when the base commit is not in the clone', async () => {
    const r = repo(
      (dir) => write(dir, { 'a.txt': 'a\n' }),
      (dir) => write(dir, { 'a.txt': 'b\n' }),
    );
    await expect(secretsPolicyChanges({ root: r.dir, base: '0123456789012345678901234567890123456789', head: r.head, exec: nodeExec })).rejects.toThrow(
      'The commit 0123456789012345678901234567890123456789 is not in the clone; fetch it (git fetch, or actions/checkout with fetch-depth: 0) so the change\'s secrets can be compared.',
    );
  });
});

describe('gitops-sync secrets check --base', () => {
  const decrypting = () =>
    repo(
      (dir) => write(dir, { '.sops.yaml': SOPS_CONFIG, 'secrets/db.yaml': sopsYaml({ password: '' }) }),
      (dir) => write(dir, { 'secrets/db.yaml': 'password: swordfish\n' }),
    );

  it('adds what the change does to secrets and exits 2', async () => {
    const r = decrypting();
    const run = await cli(['secrets', 'check', '--base', 'main', '--format', 'json'], { cwd: r.dir });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.findings.map((finding: { rule: string; file: string }) => `${finding.rule} ${finding.file}`)).toContain('decrypted-in-change secrets/db.yaml');
    expect(run.stdout + run.stderr).not.toContain('swordfish');
  });

  it('judges --head, not the working tree', async () => {
    const r = decrypting();
    // The working tree holds the base again; the head commit still decrypts the file.
    git(r.dir, 'checkout', '-q', 'main');
    const run = await cli(['secrets', 'check', '--base', r.base, '--head', r.head, '--format', 'json'], { cwd: r.dir });
    expect(JSON.parse(run.stdout).findings.map((finding: { rule: string }) => finding.rule)).toEqual(['decrypted-in-change']);
    expect(run.code).toBe(2);
  });

  it('says in one sentence when --base names no commit, and when --head comes without --base', async () => {
    const r = decrypting();
    expect(await cli(['secrets', 'check', '--base', 'no-such-branch'], { cwd: r.dir })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'gitops-sync: The commit no-such-branch is not in the clone; fetch it (git fetch, or actions/checkout with fetch-depth: 0) so the change\'s secrets can be compared.\n',
    });
    expect((await cli(['secrets', 'check', '--head', 'HEAD'], { cwd: r.dir })).stderr).toBe('gitops-sync: --head needs --base: give the commit the change starts from (e.g. --base origin/main), or drop --head.\n');
  });
});

/**
 * approve-safe never calls a change that touches secrets at rest "safe": a file encrypted at the base
 * or the head (SOPS, real git-crypt), `.sops.yaml` or `.gitattributes` anywhere, read from the clone
 * or, without one, through the platform.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { git, gitTree } from './support/git-repo.js';
import { sopsYaml } from './support/secrets-pr-fixtures.js';

const github = useFakeGitHub();
const author = ghUser('alice');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const CONFIG = 'approval:\n  safe_paths: ["docs/**"]\n';
// Built at run time so no scanner flags this test file; AWS's documented example key id.
const AWS_KEY_ID = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');

function write(dir: string, files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

interface Pull {
  dir: string;
  baseSha: string;
  headSha: string;
}

/** A real repository (optionally git-crypt initialised) and pull request #7 in the fake GitHub. */
function openPull(base: Record<string, string>, change: (dir: string) => void, options: { gitCrypt?: boolean } = {}): Pull {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-secrets-safe-'));
  dirs.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  if (options.gitCrypt) expect(spawnSync('git-crypt', ['init'], { cwd: dir }).status).toBe(0);
  write(dir, { 'gitops-sync.yaml': CONFIG, ...base });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'change');
  change(dir);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'change');
  const headSha = git(dir, 'rev-parse', 'HEAD');
  const status: Record<string, string> = { A: 'added', M: 'modified', D: 'removed' };
  const files = git(dir, 'diff', '--name-status', '--no-renames', baseSha, headSha)
    .split('\n')
    .filter(Boolean)
    .map((line) => ({ filename: line.split('\t')[1], status: status[line[0]] }))
    // Each file's blob at the head, as GitHub lists it.
    .map((file) => (file.status === 'removed' ? file : { ...file, sha: git(dir, 'rev-parse', `${headSha}:${file.filename}`) }));
  github.state.pulls.set(7, ghPullRequest(author, { number: 7, head: headSha, base: baseSha }, { files }));
  github.state.permissions = { alice: 'write' };
  return { dir, baseSha, headSha };
}

async function approveSafe(cwd: string, ...extra: string[]) {
  const run = await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--format', 'json', ...extra], {
    cwd,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' },
  });
  expect(run.stderr).not.toMatch(/hunter2|swordfish/);
  return JSON.parse(run.stdout) as { safe: boolean; approved: boolean; findings: { path: string | null; reason: string }[] };
}

const reviewsPosted = () => github.requests.filter((request) => request.method === 'POST' && /\/pulls\/7\/reviews$/.test(request.path));
const reasons = (decision: { findings: { path: string | null; reason: string }[] }) => decision.findings.map((finding) => `${finding.path ?? ''}: ${finding.reason}`);

describe('approve-safe and secrets at rest', () => {
  test('a plain docs change is still approved', async () => {
    const pull = openPull({ 'docs/guide.md': '# Guide\n' }, (dir) => write(dir, { 'docs/guide.md': '# Guide, revised\n' }));
    expect(await approveSafe(pull.dir)).toMatchObject({ safe: true, approved: true, findings: [] });
  });

  test('does not approve an edit to a SOPS-encrypted file under a safe path, even kept encrypted', async () => {
    const pull = openPull({ 'docs/creds.yaml': sopsYaml({ password: '' }) }, (dir) => write(dir, { 'docs/creds.yaml': sopsYaml({ password: '', user: '' }) }));
    const decision = await approveSafe(pull.dir);
    expect(decision.safe).toBe(false);
    expect(reasons(decision)).toEqual(['docs/creds.yaml: "docs/creds.yaml" is SOPS-encrypted at the base: a change to a secret needs a human who owns it']);
    expect(reviewsPosted()).toHaveLength(0);
  });

  test('does not approve a SOPS file decrypted under a safe path', async () => {
    const pull = openPull({ 'docs/creds.yaml': sopsYaml({ password: '' }) }, (dir) => write(dir, { 'docs/creds.yaml': 'password: hunter2hunter2\n' }));
    expect(reasons(await approveSafe(pull.dir))).toEqual(['docs/creds.yaml: "docs/creds.yaml" is SOPS-encrypted at the base: a change to a secret needs a human who owns it']);
  });

  test('does not approve a new SOPS-encrypted file', async () => {
    const pull = openPull({ 'docs/guide.md': '# Guide\n' }, (dir) => write(dir, { 'docs/new.env': 'TOKEN=ENC[AES256_GCM,data:eA==,iv:aXY=,tag:dA==,type:str]\nsops_mac=ENC[AES256_GCM,data:eA==,iv:aXY=,tag:dA==,type:str]\nsops_version=3.9.1\n' }));
    expect(reasons(await approveSafe(pull.dir))).toEqual(['docs/new.env: "docs/new.env" is SOPS-encrypted at the head: a change to a secret needs a human who owns it']);
  });

  test('does not approve an edit to a git-crypt file under a safe path (real git-crypt)', async () => {
    const pull = openPull({ '.gitattributes': 'docs/secret.txt filter=git-crypt diff=git-crypt\n', 'docs/secret.txt': 'one\n' }, (dir) => write(dir, { 'docs/secret.txt': 'two\n' }), { gitCrypt: true });
    expect(git(pull.dir, 'cat-file', '-p', `${pull.headSha}:docs/secret.txt`).startsWith('\0GITCRYPT\0')).toBe(true);
    expect(reasons(await approveSafe(pull.dir))).toEqual(['docs/secret.txt: "docs/secret.txt" is git-crypt-encrypted at the base: a change to a secret needs a human who owns it']);
  });

  test('does not approve a git-crypt file moved into a safe path in plaintext (real git-crypt)', async () => {
    const pull = openPull({ '.gitattributes': 'vault/** filter=git-crypt diff=git-crypt\n', 'vault/token.txt': 'abc\n' }, (dir) => {
      mkdirSync(join(dir, 'docs'));
      renameSync(join(dir, 'vault/token.txt'), join(dir, 'docs/token.txt'));
    }, { gitCrypt: true });
    const decision = await approveSafe(pull.dir);
    expect(decision.safe).toBe(false);
    expect(reasons(decision)).toContain('vault/token.txt: the path is not a safe path');
  });

  test.each([['docs/.sops.yaml'], ['docs/sub/.gitattributes'], ['docs/.GITATTRIBUTES']])('does not approve a change to %s under a safe path', async (path) => {
    const pull = openPull({ 'docs/guide.md': '# Guide\n' }, (dir) => write(dir, { [path]: 'creation_rules: []\n' }));
    expect(reasons(await approveSafe(pull.dir))).toEqual([`${path}: the path says which files are encrypted at rest (.sops.yaml or .gitattributes)`]);
  });

  test('does not approve a docs change that adds a plaintext secret, and never shows its value', async () => {
    const pull = openPull({ 'docs/guide.md': '# Guide\n' }, (dir) => write(dir, { 'docs/guide.md': `# Guide\n\nkey id ${AWS_KEY_ID}\n` }));
    const decision = await approveSafe(pull.dir);
    expect(decision.safe).toBe(false);
    expect(reasons(decision)).toEqual([expect.stringMatching(/^docs\/guide\.md: a plaintext secret at line 3 \(rule aws-access-key-id\): /)]);
    expect(JSON.stringify(decision)).not.toContain(AWS_KEY_ID);
  });

  // git reads a path given as `:/notes.md` as pathspec magic (the file notes.md at the top), so the file in the folder `:` was listed as absent.
  test.each([[':/notes.md'], [':/docs/guide.md']])('reads a changed file whose path git could take for pathspec magic (%s), and finds its secret', async (path) => {
    const pull = openPull({ 'gitops-sync.yaml': 'approval:\n  safe_paths: ["**/*.md"]\n', 'docs/guide.md': '# Guide\n' }, (dir) => write(dir, { [path]: `key id ${AWS_KEY_ID}\n` }));
    const decision = await approveSafe(pull.dir);
    expect(decision.safe).toBe(false);
    const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    expect(reasons(decision)).toEqual([expect.stringMatching(new RegExp(`^${escaped}: a plaintext secret at line 1 \\(rule aws-access-key-id\\): `))]);
    expect(reviewsPosted()).toHaveLength(0);
  });

  test('run from a folder inside the clone, reads the changed files at their paths from the top, and finds the secret', async () => {
    const pull = openPull({ 'docs/guide.md': '# Guide\n', 'infra/main.tf': '# infra\n' }, (dir) => write(dir, { 'docs/guide.md': `# Guide\n\nkey id ${AWS_KEY_ID}\n` }));
    const decision = await approveSafe(join(pull.dir, 'infra'), '--config', '../gitops-sync.yaml');
    expect(decision.safe).toBe(false);
    expect(reasons(decision)).toEqual([expect.stringMatching(/^docs\/guide\.md: a plaintext secret at line 3 \(rule aws-access-key-id\): /)]);
  });

  test('run from a folder inside the clone with the config at the top not named, judges nothing safe and says why', async () => {
    const pull = openPull({ 'docs/guide.md': '# Guide\n', 'infra/main.tf': '# infra\n' }, (dir) => write(dir, { 'docs/guide.md': '# Guide, revised\n' }));
    expect(await approveSafe(pull.dir)).toMatchObject({ safe: true });
    const decision = await approveSafe(join(pull.dir, 'infra'));
    expect(decision).toMatchObject({ safe: false, approved: false });
    expect(reasons(decision)).toEqual([": the config infra/gitops-sync.yaml is not at the base commit but gitops-sync.yaml is, so the change cannot be judged by the repository's policy; run from the repository's top or pass --config with the config's path"]);
  });

  test('a config named through a folder that links to the top inside the repository is refused', async () => {
    const pull = openPull({ 'docs/guide.md': '# Guide\n' }, (dir) => write(dir, { 'docs/guide.md': '# Guide, revised\n' }));
    symlinkSync('.', join(pull.dir, 'ci'));
    const run = await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--format', 'json', '--config', 'ci/gitops-sync.yaml'], {
      cwd: pull.dir,
      env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The config ci/gitops-sync.yaml is named through ${join(pull.dir, 'ci')}, a symbolic link in the repository; give its path without links`);
    expect(reviewsPosted()).toHaveLength(0);
  });

  test('a path secrets.allow lists at the base commit (test fixtures) may hold a secret-looking value', async () => {
    const pull = openPull({ 'gitops-sync.yaml': `${CONFIG}secrets:\n  allow: ["docs/fixtures/**"]\n` }, (dir) => write(dir, { 'docs/fixtures/key.txt': `${AWS_KEY_ID}\n` }));
    expect(await approveSafe(pull.dir)).toMatchObject({ safe: true, approved: true });
  });

  test('reads through the platform when run outside a clone, and still finds the encrypted file', async () => {
    const pull = openPull({ 'docs/creds.yaml': sopsYaml({ password: '' }) }, (dir) => write(dir, { 'docs/creds.yaml': sopsYaml({ password: '', user: '' }) }));
    github.state.contents[`${pull.baseSha}:gitops-sync.yaml`] = CONFIG;
    github.state.contents[`${pull.baseSha}:docs/creds.yaml`] = sopsYaml({ password: '' });
    github.state.trees = { [pull.baseSha]: { entries: gitTree(pull.dir, pull.baseSha) }, [pull.headSha]: { entries: gitTree(pull.dir, pull.headSha) } };
    const terminal = mkdtempSync(join(tmpdir(), 'gitops-sync-terminal-'));
    dirs.push(terminal);
    expect(reasons(await approveSafe(terminal))).toEqual(['docs/creds.yaml: "docs/creds.yaml" is SOPS-encrypted at the base: a change to a secret needs a human who owns it']);
  });

  test('fails closed when a changed file cannot be read at the base', async () => {
    const pull = openPull({ 'docs/guide.md': '# Guide\n' }, (dir) => write(dir, { 'docs/guide.md': '# Guide, revised\n' }));
    // A partial clone that lost the base blob: git lists the file but cannot produce it.
    const blob = git(pull.dir, 'rev-parse', `${pull.baseSha}:docs/guide.md`);
    rmSync(join(pull.dir, '.git/objects', blob.slice(0, 2), blob.slice(2)));
    const decision = await approveSafe(pull.dir);
    expect(decision.safe).toBe(false);
    expect(reasons(decision).join('\n')).toContain('docs/guide.md: whether "docs/guide.md" holds a secret at the base cannot be known (git could not read docs/guide.md at');
  });
});

/**
 * `approval.environments.<env>.signed_commits: required`, checked locally: real gpg (throwaway keys
 * in a temporary GNUPGHOME) and real SSH signatures (git's gpg.format ssh, ssh-keygen -Y) against
 * the keys the config names at the base commit, through `gitops-sync gate` and the loopback GitHub.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { GitopsSyncConfig, parseConfig } from '@gitops-sync/core';
import { collectAuditPopulation, commitVerifier, fileAuditTrail, gitAuditTrail, nodeExec, rollbackGit } from '@gitops-sync/engine';
import { gateDraft } from './support/audit-events.js';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub, type GhCommit, type GhUser } from './support/fake-github.js';
import { signedChangeRepo } from './support/signed-change-repo.js';
import { tempDir } from './support/temp-dir.js';

const github = useFakeGitHub();
const people = { alice: ghUser('alice'), bob: ghUser('bob'), carol: ghUser('carol'), dave: ghUser('dave'), erin: ghUser('erin'), rita: ghUser('rita'), sam: ghUser('sam') };
type Name = keyof typeof people;
const email = (name: Name) => `${name}@example.com`;

let work: string;
/** The signers' own keys (and the runner's "own" keyring in one test): never the gate's. */
let signerHome: string;
let keyring: string;
let allowedSigners: string;
const sshKey = (name: Name) => join(work, `ssh-${name}`);

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  return execFileSync(command, args, { cwd: options.cwd, env: { ...process.env, GNUPGHOME: signerHome, ...options.env }, input: options.input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

function gpgKey(name: Name, expire: string, fakedTime?: string): string {
  run('gpg', ['--batch', '--quiet', '--passphrase', '', ...(fakedTime ? ['--faked-system-time', fakedTime] : []), '--quick-gen-key', `${name} <${email(name)}>`, 'ed25519', 'sign', expire]);
  return run('gpg', ['--batch', '--with-colons', '--list-keys', email(name)]).split('\n').find((line) => line.startsWith('fpr:'))!.split(':')[9];
}

const gpgKeys: Partial<Record<Name, string>> = {};

beforeAll(() => {
  work = tempDir('gitops-sync-signed-');
  signerHome = join(work, 'gnupg');
  mkdirSync(signerHome, { mode: 0o700 });
  gpgKeys.alice = gpgKey('alice', '1y');
  gpgKeys.erin = gpgKey('erin', '1y');
  // dave's key expired in 2020: made (and later used) with a faked clock.
  gpgKeys.dave = gpgKey('dave', '1d', '20200101T000000');
  writeFileSync(join(work, 'gpg-2020'), `#!/bin/sh\nexec gpg --faked-system-time 20200101T010000 "$@"\n`);
  chmodSync(join(work, 'gpg-2020'), 0o755);
  keyring = run('gpg', ['--batch', '--armor', '--export', gpgKeys.alice, gpgKeys.dave]);
  const lines: string[] = [];
  for (const name of ['bob', 'carol'] as const) {
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', sshKey(name)]);
    lines.push(`${email(name)} ${readFileSync(`${sshKey(name)}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}`);
  }
  allowedSigners = `${lines.join('\n')}\n`;
}, 60_000);

afterAll(() => {
  spawnSync('gpgconf', ['--homedir', signerHome, '--kill', 'all']);
});

const config = (keys = 'signatures:\n  gpg_keyring: keys/keyring.asc\n  allowed_signers: keys/allowed_signers\n') => `approval:
  environments:
    production:
      required_approvals: 2
      signed_commits: required
${keys}`;

type Signing = { gpg: Name } | { ssh: Name } | { expiredGpg: Name } | 'unsigned';

interface Scene {
  dir: string;
  base: string;
  head: string;
  commits: string[];
}

/** A repository with the config and keys on main, and a change branch of one commit per entry. */
function scene(entries: { author: Name; signing: Signing }[], configText = config()): Scene {
  const { dir, base, git } = signedChangeRepo('gitops-sync-signed-repo-', { config: configText, keyring, allowedSigners }, run);
  const commits = entries.map(({ author, signing }, index) => {
    writeFileSync(join(dir, `change-${index}.txt`), `${index}\n`);
    git(['add', '.']);
    const who = ['-c', `user.name=${author}`, '-c', `user.email=${email(author)}`];
    const sign =
      signing === 'unsigned'
        ? []
        : 'gpg' in signing
          ? ['-c', `user.signingkey=${gpgKeys[signing.gpg]}`]
          : 'expiredGpg' in signing
            ? ['-c', `user.signingkey=${gpgKeys[signing.expiredGpg]}`, '-c', `gpg.program=${join(work, 'gpg-2020')}`]
            : ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${sshKey(signing.ssh)}`];
    git([...who, ...sign, 'commit', '-q', ...(signing === 'unsigned' ? [] : ['-S']), '-m', `change ${index}`]);
    return git(['rev-parse', 'HEAD']);
  });
  return { dir, base, head: commits.at(-1)!, commits };
}

/** Opens the pull request on the loopback GitHub, approved by two independent reviewers; GitHub verifies every commit unless told otherwise. */
function openPull(scene: Scene, authors: Name[], verifications: Record<string, { verified: boolean; reason: 'valid' | 'bad_email' }> = {}) {
  const commit = (sha: string, author: GhUser): GhCommit => ({ sha, author, committer: author, authorName: author.login, authorEmail: email(author.login as Name), committerName: author.login, committerEmail: email(author.login as Name) });
  github.state.pulls.set(
    9,
    ghPullRequest(people.alice, { number: 9, head: scene.head, base: scene.base }, {
      files: scene.commits.map((_, index) => ({ filename: `change-${index}.txt`, status: 'added' })),
      commits: scene.commits.map((sha, index) => commit(sha, people[authors[index]])),
      reviews: [people.rita, people.sam].map((user, index) => ({ id: 500 + index, user, state: 'APPROVED' as const, commit_id: scene.head, body: '', submitted_at: '2026-01-02T00:00:00Z' })),
    }),
  );
  github.state.permissions = { alice: 'write', rita: 'write', sam: 'write' };
  github.state.commitVerifications = Object.fromEntries(scene.commits.map((sha) => [sha, verifications[sha] ?? { verified: true, reason: 'valid' as const }]));
}

async function gate(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production', '--format', 'json'], {
    cwd,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, ...env },
  });
  return { ...result, decision: result.stdout ? JSON.parse(result.stdout) : undefined };
}

async function gateOn(entries: { author: Name; signing: Signing }[], options: { verifications?: (commits: string[]) => Record<string, { verified: boolean; reason: 'valid' | 'bad_email' }>; env?: NodeJS.ProcessEnv; configText?: string } = {}) {
  const made = scene(entries, options.configText);
  openPull(made, entries.map((entry) => entry.author), options.verifications?.(made.commits));
  return { scene: made, ...(await gate(made.dir, options.env)) };
}

test('counts every commit signed by an allowed key of its author, GPG and SSH: allowed, each commit listed', async () => {
  const { scene, code, decision } = await gateOn([
    { author: 'alice', signing: { gpg: 'alice' } },
    { author: 'bob', signing: { ssh: 'bob' } },
  ]);
  expect(code).toBe(0);
  expect(decision.allowed).toBe(true);
  expect(decision.commits_rejected).toEqual([]);
  expect(decision.commits_counted).toEqual([
    { sha: scene.commits[0], reason: 'signed by alice <alice@example.com> (gpg), verified with the configured keys and by GitHub' },
    { sha: scene.commits[1], reason: 'signed by bob@example.com (ssh), verified with the configured keys and by GitHub' },
  ]);
});

describe('denies (exit 3), naming the commit and why', () => {
  test('an unsigned commit in the middle of the pull request', async () => {
    const { scene, code, decision } = await gateOn(
      [
        { author: 'alice', signing: { gpg: 'alice' } },
        { author: 'alice', signing: 'unsigned' },
        { author: 'bob', signing: { ssh: 'bob' } },
      ],
      { verifications: (commits) => ({ [commits[1]]: { verified: false, reason: 'valid' } }) },
    );
    expect(code).toBe(3);
    expect(decision.commits_counted.map((commit: { sha: string }) => commit.sha)).toEqual([scene.commits[0], scene.commits[2]]);
    expect(decision.commits_rejected).toEqual([{ sha: scene.commits[1], reason: 'is not signed; GitHub does not verify its signature (valid)' }]);
    expect(decision.missing).toContain(`signed commits are required: 1 commit not signed by an allowed key of its author (${scene.commits[1].slice(0, 12)} is not signed; GitHub does not verify its signature (valid))`);
  });

  test('a forged signature: a commit edited after it was signed, keeping the signature', async () => {
    const made = scene([{ author: 'alice', signing: { gpg: 'alice' } }]);
    const signed = run('git', ['cat-file', 'commit', made.head], { cwd: made.dir });
    const forged = run('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: made.dir, input: `${signed.replace('change 0', 'change 0, and something else')}\n` });
    run('git', ['update-ref', 'refs/heads/change', forged], { cwd: made.dir });
    const edited = { ...made, head: forged, commits: [forged] };
    openPull(edited, ['alice']);
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: forged, reason: 'has a signature that does not verify (forged, or the commit was changed after it was signed); GitHub verifies it' }]);
  });

  test('a signature whose gpgsig belongs to a different commit', async () => {
    const made = scene([
      { author: 'alice', signing: { gpg: 'alice' } },
      { author: 'alice', signing: 'unsigned' },
    ]);
    const donor = run('git', ['cat-file', 'commit', made.commits[0]], { cwd: made.dir });
    const signature = donor.slice(donor.indexOf('gpgsig '), donor.indexOf('-----END PGP SIGNATURE-----') + '-----END PGP SIGNATURE-----'.length);
    const target = run('git', ['cat-file', 'commit', made.commits[1]], { cwd: made.dir });
    const [header, ...message] = target.split('\n\n');
    const grafted = run('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: made.dir, input: `${header}\n${signature}\n\n${message.join('\n\n')}\n` });
    const edited = { ...made, head: grafted, commits: [made.commits[0], grafted] };
    openPull(edited, ['alice', 'alice']);
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: grafted, reason: 'has a signature that does not verify (forged, or the commit was changed after it was signed); GitHub verifies it' }]);
  });

  test('a signature by an expired GPG key', async () => {
    const { scene, code, decision } = await gateOn([{ author: 'dave', signing: { expiredGpg: 'dave' } }]);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: scene.head, reason: 'was signed with an expired key (or its signature has expired); GitHub verifies it' }]);
  });

  test("a commit signed by another author's allowed SSH key", async () => {
    const { scene, code, decision } = await gateOn([{ author: 'carol', signing: { ssh: 'bob' } }]);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: scene.head, reason: 'is signed by bob@example.com, which is not an allowed signer for its author carol@example.com; GitHub verifies it' }]);
  });

  test("a commit signed by another author's GPG key from the keyring", async () => {
    const { scene, code, decision } = await gateOn([{ author: 'bob', signing: { gpg: 'alice' } }]);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: scene.head, reason: 'is signed by alice <alice@example.com>, which is not an allowed signer for its author bob@example.com; GitHub verifies it' }]);
  });

  test("a key only the runner's own keyring holds (GNUPGHOME) is not trusted", async () => {
    const { scene, code, decision } = await gateOn([{ author: 'erin', signing: { gpg: 'erin' } }], { env: { GNUPGHOME: signerHome } });
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([
      { sha: scene.head, reason: 'was signed by a key that is not among the configured keys (signatures.gpg_keyring / signatures.allowed_signers); GitHub verifies it' },
    ]);
  });

  test('GitHub and the configured keys must agree: GitHub says bad_email for a locally good commit', async () => {
    const { scene, code, decision } = await gateOn([{ author: 'alice', signing: { gpg: 'alice' } }], { verifications: (commits) => ({ [commits[0]]: { verified: false, reason: 'bad_email' } }) });
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: scene.head, reason: 'GitHub does not verify its signature (bad_email); the configured keys verify it' }]);
  });

  test('a shallow clone without the commits: says how to fetch them rather than pass', async () => {
    const made = scene([
      { author: 'alice', signing: { gpg: 'alice' } },
      { author: 'bob', signing: { ssh: 'bob' } },
    ]);
    openPull(made, ['alice', 'bob']);
    const shallow = tempDir('gitops-sync-signed-shallow-');
    run('git', ['clone', '-q', '--depth', '1', '--branch', 'change', `file://${made.dir}`, shallow]);
    github.state.contents = { [`${made.base}:gitops-sync.yaml`]: config(), [`${made.base}:keys/keyring.asc`]: keyring, [`${made.base}:keys/allowed_signers`]: allowedSigners };
    const { code, decision } = await gate(shallow);
    expect(code).toBe(3);
    expect(decision.commits_counted).toEqual([{ sha: made.commits[1], reason: 'signed by bob@example.com (ssh), verified with the configured keys and by GitHub' }]);
    expect(decision.commits_rejected).toEqual([
      { sha: made.commits[0], reason: 'is not in the local clone, so its signature cannot be checked; fetch the whole history (actions/checkout with fetch-depth: 0, or git fetch --unshallow)' },
    ]);
  });
});

describe('the keys', () => {
  test('still read from their old place, audit.signatures', async () => {
    const { code, decision } = await gateOn([{ author: 'bob', signing: { ssh: 'bob' } }], { configText: config('audit:\n  signatures:\n    allowed_signers: keys/allowed_signers\n') });
    expect(code).toBe(0);
    expect(decision.commits_counted).toHaveLength(1);
  });

  test('set in both places: refused, naming the new place', () => {
    const parsed = GitopsSyncConfig.safeParse({ signatures: { gpg_keyring: 'a.asc' }, audit: { signatures: { gpg_keyring: 'b.asc' } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['the commit signature keys now live under signatures: (signatures.gpg_keyring); move audit.signatures.gpg_keyring there']);
  });

  test('a key file the base commit lacks: one sentence, exit 1 (a change cannot bring its own keys)', async () => {
    const { code, stderr } = await gateOn([{ author: 'bob', signing: { ssh: 'bob' } }], { configText: config('signatures:\n  allowed_signers: keys/missing_signers\n') });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toMatch(/signatures\.allowed_signers names keys\/missing_signers, which is not in the base commit [0-9a-f]{12}; commit the file to the base branch first \(keys are read at the base, so a change cannot bring its own\)\.$/);
  });
});

describe('commits gitops-sync makes are signed when the runner has a signing key (user.signingkey)', () => {
  /** A clone of a bare remote with envs/prod changed twice; `signing` configures the clone's git. */
  function clone(signing: boolean) {
    const root = tempDir('gitops-sync-signed-own-');
    const remote = join(root, 'remote.git');
    const work = join(root, 'work');
    run('git', ['init', '-q', '--bare', '-b', 'main', remote]);
    run('git', ['clone', '-q', remote, work]);
    const git = (...args: string[]) => run('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: work });
    git('checkout', '-q', '-b', 'main');
    git('config', 'user.name', 'bob');
    git('config', 'user.email', email('bob'));
    mkdirSync(join(work, 'envs/prod'), { recursive: true });
    writeFileSync(join(work, 'envs/prod/app.yaml'), 'image: app:1\n');
    git('add', '.');
    git('commit', '-q', '-m', 'good');
    const good = git('rev-parse', 'HEAD');
    writeFileSync(join(work, 'envs/prod/app.yaml'), 'image: app:2\n');
    git('commit', '-q', '-am', 'bad');
    git('push', '-q', 'origin', 'main');
    if (signing) {
      git('config', 'gpg.format', 'ssh');
      git('config', 'user.signingkey', sshKey('bob'));
    }
    return { remote, work, good };
  }

  /**
   * The shared check (the gate's and audit export's) against the allowed-signers file, of `rev` as the
   * bare `remote` has it: in a fresh clone (gitops-sync's git runs never take a bare folder for a repository).
   */
  async function checked(remote: string, rev: string) {
    const dir = join(tempDir('gitops-sync-signed-check-'), 'clone');
    run('git', ['clone', '-q', '--mirror', remote, join(dir, '.git')]);
    run('git', ['config', 'core.bare', 'false'], { cwd: dir });
    const verifier = await commitVerifier({ cwd: dir, exec: nodeExec, keys: { allowedSigners: { text: Buffer.from(allowedSigners), where: 'test' } } });
    try {
      return await verifier.verify(run('git', ['rev-parse', rev], { cwd: dir }));
    } finally {
      verifier.dispose();
    }
  }

  const context = { exec: nodeExec, progress: { step: () => {} }, clock: { now: () => new Date('2026-03-01T12:00:00Z') } };

  test('rollback --mode git: the rollback commit carries a good signature by its author', async () => {
    const { remote, work, good } = clone(true);
    const result = await rollbackGit({ environment: 'prod', repoDir: work, toCommit: good, paths: ['envs/prod'], baseBranch: 'main', push: 'direct' }, context);
    expect(result.rolledBack).toBe(true);
    expect(await checked(remote, 'main')).toMatchObject({ status: 'good', format: 'ssh', signer: 'bob@example.com', signer_is_author: true });
  });

  test('rollback --mode git without a signing key: committed unsigned, as before', async () => {
    const { remote, work, good } = clone(false);
    await rollbackGit({ environment: 'prod', repoDir: work, toCommit: good, paths: ['envs/prod'], baseBranch: 'main', push: 'direct' }, context);
    expect(await checked(remote, 'main')).toMatchObject({ status: 'unsigned', signer: null });
  });

  test('rollback --mode git with a signing key git cannot use: one sentence naming user.signingkey, nothing committed', async () => {
    const { work, good } = clone(true);
    run('git', ['config', 'user.signingkey', join(work, 'no-such-key')], { cwd: work });
    const before = run('git', ['rev-parse', 'HEAD'], { cwd: work });
    await expect(rollbackGit({ environment: 'prod', repoDir: work, toCommit: good, paths: ['envs/prod'], baseBranch: 'main', push: 'direct' }, context)).rejects.toThrow(
      /^git could not sign the rollback commit in .+; configure the runner's signing key \(git config user\.signingkey, and gpg\.format ssh for an SSH key\) so git can sign with it, or unset user\.signingkey\.$/,
    );
    expect(run('git', ['rev-parse', 'HEAD'], { cwd: work })).toBe(before);
  });

  test('the audit git store signs its commit whenever a key is configured, even without audit.sign_commits', async () => {
    const { remote, work } = clone(true);
    const fallback = join(work, '..', 'fallback.jsonl');
    const trail = gitAuditTrail({ cwd: work, exec: nodeExec, env: process.env, branch: 'gitops-sync/audit', signCommits: false, fallback: { trail: fileAuditTrail(fallback), path: fallback } });
    await trail.record(gateDraft(1));
    await trail.close();
    expect(await checked(remote, 'gitops-sync/audit')).toMatchObject({ status: 'good', format: 'ssh', signer: 'bob@example.com' });
  });
});

test('audit export records each commit with the same check and the same signatures: keys', async () => {
  const made = scene(
    [
      { author: 'alice', signing: { gpg: 'alice' } },
      { author: 'alice', signing: 'unsigned' },
      { author: 'dave', signing: { expiredGpg: 'dave' } },
      { author: 'bob', signing: { ssh: 'bob' } },
    ],
    `environments:\n  production:\n    paths: [.]\n${config()}`,
  );
  run('git', ['checkout', '-q', 'main'], { cwd: made.dir });
  run('git', ['merge', '-q', '--ff-only', 'change'], { cwd: made.dir });
  const configPath = join(made.dir, 'gitops-sync.yaml');
  const population = await collectAuditPopulation({
    cwd: made.dir,
    config: parseConfig(readFileSync(configPath, 'utf8'), 'gitops-sync.yaml'),
    configPath,
    since: new Date('2025-12-01T00:00:00Z'),
    until: new Date('2026-02-01T00:00:00Z'),
    events: [],
    exec: nodeExec,
    clock: { now: () => new Date('2026-02-01T00:00:00Z') },
  });
  const recorded = population.changes.flatMap((change) => change.commits.map((commit) => ({ sha: commit.sha, ...commit.signature })));
  expect(recorded.filter((commit) => made.commits.includes(commit.sha))).toEqual([
    { sha: made.commits[0], local: 'good', format: 'gpg', signer: 'alice <alice@example.com>', platform: null },
    { sha: made.commits[1], local: 'unsigned', format: null, signer: null, platform: null },
    { sha: made.commits[2], local: 'unknown-key', format: 'gpg', signer: 'dave <dave@example.com>', platform: null },
    { sha: made.commits[3], local: 'good', format: 'ssh', signer: 'bob@example.com', platform: null },
  ]);
});

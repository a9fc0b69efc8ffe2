/**
 * Attacks on `approval.environments.<env>.signed_commits: required`, as a malicious pull request
 * author, a compromised bot or a sloppy config would make them: real gpg, real ssh-keygen -Y
 * signatures, real git, through `gitops-sync gate` and the loopback GitHub.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { GitopsSyncConfig } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub, type GhCommit, type GhPull } from './support/fake-github.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab } from './support/fake-gitlab.js';
import { signedChangeRepo } from './support/signed-change-repo.js';
import { tempDir } from './support/temp-dir.js';

const github = useFakeGitHub();
const gitlab = useFakeGitLab();
const author = ghUser('kim');
const reviewers = [ghUser('rita'), ghUser('sam')];

let work: string;
let signerHome: string;
let keyring: string;
let allowedSigners: string;
const sshKey = (name: string) => join(work, `ssh-${name}`);
const gpgKeys: Record<string, string> = {};

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  return execFileSync(command, args, { cwd: options.cwd, env: { ...process.env, GNUPGHOME: signerHome, ...options.env }, input: options.input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

function gpgKey(name: string, uid: string): void {
  run('gpg', ['--batch', '--quiet', '--passphrase', '', '--quick-gen-key', uid, 'ed25519', 'sign', '1y']);
  gpgKeys[name] = run('gpg', ['--batch', '--with-colons', '--list-keys', '--', uid]).split('\n').find((line) => line.startsWith('fpr:'))!.split(':')[9];
}

const publicKey = (name: string) => readFileSync(`${sshKey(name)}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');

beforeAll(() => {
  work = tempDir('gitops-sync-attack14-');
  signerHome = join(work, 'gnupg');
  mkdirSync(signerHome, { mode: 0o700 });
  gpgKey('kim', 'kim <kim@example.com>');
  // Mallory's key, accepted into the keyring: its uid looks like kim's, with a KELVIN SIGN (U+212A) for the K.
  gpgKey('mallory', 'Mallory <\u212Aim@example.com>');
  // A uid whose comment names kim's address; and a key that once had kim's uid, revoked.
  gpgKey('commenter', 'Mallory (kim@example.com) <mallory@example.com>');
  gpgKey('turncoat', 'Turncoat <turncoat@example.com>');
  run('gpg', ['--batch', '--quiet', '--passphrase', '', '--quick-add-uid', gpgKeys.turncoat, 'kim <kim@example.com>']);
  run('gpg', ['--batch', '--quiet', '--passphrase', '', '--quick-revoke-uid', gpgKeys.turncoat, 'kim <kim@example.com>']);
  gpgKey('listed', 'Mallory <mallory@example.com>, kim@example.com');
  // kim's old key: its primary never expires, its signing subkey expired in 2020 (made with a faked clock).
  run('gpg', ['--batch', '--quiet', '--passphrase', '', '--faked-system-time', '20200101T000000', '--quick-gen-key', 'kim (old) <kim@example.com>', 'ed25519', 'cert', 'never']);
  gpgKeys.old = run('gpg', ['--batch', '--with-colons', '--list-keys', '--', 'kim (old) <kim@example.com>']).split('\n').find((line) => line.startsWith('fpr:'))!.split(':')[9];
  // Minutes after the primary: a faked clock runs on from its start, so a slow key generation made the primary "newer" than a subkey added at the same start.
  run('gpg', ['--batch', '--quiet', '--passphrase', '', '--faked-system-time', '20200101T000500', '--quick-add-key', gpgKeys.old, 'ed25519', 'sign', '1d']);
  gpgKeys.oldSubkey = run('gpg', ['--batch', '--with-colons', '--list-keys', '--', gpgKeys.old]).split('\n').filter((line) => line.startsWith('fpr:'))[1].split(':')[9];
  writeFileSync(join(work, 'gpg-2020'), '#!/bin/sh\nexec gpg --faked-system-time 20200101T010000 "$@"\n', { mode: 0o755 });
  keyring = run('gpg', ['--batch', '--armor', '--export', gpgKeys.kim, gpgKeys.mallory, gpgKeys.commenter, gpgKeys.turncoat, gpgKeys.listed, gpgKeys.old]);
  for (const name of ['kim', 'retired', 'mallory', 'intruder']) run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', sshKey(name)]);
  allowedSigners = [
    `kim@example.com ${publicKey('kim')}`,
    // kim's old key, retired at the start of 2025.
    `kim@example.com valid-before="20250101" ${publicKey('retired')}`,
    `\u212Aim@example.com ${publicKey('mallory')}`,
    '',
  ].join('\n');
}, 60_000);

afterAll(() => {
  spawnSync('gpgconf', ['--homedir', signerHome, '--kill', 'all']);
});

const CONFIG = `approval:
  environments:
    production:
      required_approvals: 2
      signed_commits: required
signatures:
  gpg_keyring: keys/keyring.asc
  allowed_signers: keys/allowed_signers
`;

type Signing = { gpg: string } | { ssh: string } | 'unsigned';

interface Scene {
  dir: string;
  base: string;
  commits: string[];
  git: (args: string[], env?: NodeJS.ProcessEnv) => string;
}

/** main with the config and keys; branch `change` with one commit per entry, authored by kim@example.com. */
function scene(entries: { signing: Signing; committerDate?: string }[], configText = CONFIG): Scene {
  const { dir, base, git } = signedChangeRepo('gitops-sync-attack14-repo-', { config: configText, keyring, allowedSigners }, run);
  const commits = entries.map(({ signing, committerDate }, index) => {
    writeFileSync(join(dir, `change-${index}.txt`), `${index}\n`);
    git(['add', '.']);
    const sign = signing === 'unsigned' ? [] : 'gpg' in signing ? ['-c', `user.signingkey=${gpgKeys[signing.gpg]}`, '-S'] : ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${sshKey(signing.ssh)}`, '-S'];
    git(['-c', 'user.name=kim', '-c', 'user.email=kim@example.com', ...sign.slice(0, -1), 'commit', '-q', ...sign.slice(-1), '-m', `change ${index}`], committerDate ? { GIT_COMMITTER_DATE: committerDate, GIT_AUTHOR_DATE: committerDate } : {});
    return git(['rev-parse', 'HEAD']);
  });
  return { dir, base, commits, git };
}

const ghCommit = (sha: string): GhCommit => ({ sha, author, committer: author, authorName: 'kim', authorEmail: 'kim@example.com', committerName: 'kim', committerEmail: 'kim@example.com' });

/** The pull request of `head`, listing `listed` as its commits (GitHub verifies each), approved at `head` by two reviewers. */
function openPull(made: Scene, head: string, listed: string[], onGet?: (pull: GhPull) => void) {
  const pull = ghPullRequest(author, { number: 9, head, base: made.base }, {
    files: [{ filename: 'change-0.txt', status: 'added' }],
    commits: listed.map(ghCommit),
    reviews: reviewers.map((user, index) => ({ id: 500 + index, user, state: 'APPROVED' as const, commit_id: head, body: '', submitted_at: '2026-01-02T00:00:00Z' })),
  });
  if (onGet) pull.onGet = onGet;
  github.state.pulls.set(9, pull);
  github.state.permissions = { kim: 'write', rita: 'write', sam: 'write' };
  github.state.commitVerifications = Object.fromEntries([...made.commits, ...listed].map((sha) => [sha, { verified: true, reason: 'valid' as const }]));
}

async function gate(cwd: string, environment = 'production') {
  const result = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', environment, '--format', 'json'], {
    cwd,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url },
  });
  return { ...result, decision: result.stdout ? JSON.parse(result.stdout) : undefined };
}

test('control: kim signing with her own GPG and SSH keys is allowed', async () => {
  const made = scene([{ signing: { gpg: 'kim' } }, { signing: { ssh: 'kim' } }]);
  openPull(made, made.commits[1], made.commits);
  const { code, decision } = await gate(made.dir);
  expect(decision.commits_rejected).toEqual([]);
  expect(code).toBe(0);
});

describe('look-alike signers: only ASCII letters fold case, so a KELVIN SIGN is not a K', () => {
  test("Mallory's SSH key whose principal is \u212Aim@example.com does not sign for kim@example.com", async () => {
    const made = scene([{ signing: { ssh: 'mallory' } }]);
    openPull(made, made.commits[0], made.commits);
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: made.commits[0], reason: 'is signed by \u212Aim@example.com, which is not an allowed signer for its author kim@example.com; GitHub verifies it' }]);
  });

  test("Mallory's GPG key whose uid is <\u212Aim@example.com> does not sign for kim@example.com", async () => {
    const made = scene([{ signing: { gpg: 'mallory' } }]);
    openPull(made, made.commits[0], made.commits);
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: made.commits[0], reason: 'is signed by Mallory <\u212Aim@example.com>, which is not an allowed signer for its author kim@example.com; GitHub verifies it' }]);
  });
});

test('an SSH key retired with valid-before does not verify a commit back-dated to before it (the committer date is the signer\u2019s to choose)', async () => {
  const made = scene([{ signing: { ssh: 'retired' }, committerDate: '2024-06-01T00:00:00Z' }]);
  openPull(made, made.commits[0], made.commits);
  const { code, decision } = await gate(made.dir);
  expect(code).toBe(3);
  expect(decision.commits_rejected).toEqual([{ sha: made.commits[0], reason: 'was signed with an expired key (or its signature has expired); GitHub verifies it' }]);
});

describe("the commits judged are the head's: base..head in the clone, whatever the platform lists", () => {
  test('GitHub lists only the signed commit, not the unsigned head: denied, the head rejected', async () => {
    const made = scene([{ signing: { gpg: 'kim' } }, { signing: 'unsigned' }]);
    openPull(made, made.commits[1], [made.commits[0]]);
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: made.commits[1], reason: 'is not signed; GitHub did not report its signature' }]);
  });

  test('the head is force-pushed to signed commits after the head check, before the commits are listed: denied', async () => {
    const made = scene([{ signing: { gpg: 'kim' } }, { signing: 'unsigned' }]);
    let gets = 0;
    // Every GET of the pull request before the commits are listed answers the unsigned head; the listing then sees the new head.
    openPull(made, made.commits[1], made.commits, (pull) => {
      gets += 1;
      if (gets === 2) {
        pull.commits = [ghCommit(made.commits[0])];
        pull.head = { ...pull.head, sha: made.commits[0] };
      }
    });
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected.map((commit: { sha: string }) => commit.sha)).toContain(made.commits[1]);
  });

  test('GitHub lists a signed commit from elsewhere, not between base and head: rejected', async () => {
    const made = scene([{ signing: { gpg: 'kim' } }]);
    made.git(['checkout', '-q', '-b', 'elsewhere', made.base]);
    writeFileSync(join(made.dir, 'elsewhere.txt'), 'x\n');
    made.git(['add', '.']);
    made.git(['-c', 'user.name=kim', '-c', 'user.email=kim@example.com', '-c', `user.signingkey=${gpgKeys.kim}`, 'commit', '-q', '-S', '-m', 'elsewhere']);
    const elsewhere = made.git(['rev-parse', 'HEAD']);
    made.git(['checkout', '-q', 'change']);
    openPull(made, made.commits[0], [made.commits[0], elsewhere]);
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: elsewhere, reason: `is not one of the commits between the base ${made.base.slice(0, 12)} and the head ${made.commits[0].slice(0, 12)}` }]);
  });

  test('a merge commit bringing an unsigned commit from another branch: the unsigned one is judged even if not listed', async () => {
    const made = scene([{ signing: { gpg: 'kim' } }]);
    made.git(['checkout', '-q', '-b', 'side', made.base]);
    writeFileSync(join(made.dir, 'side.txt'), 'x\n');
    made.git(['add', '.']);
    made.git(['-c', 'user.name=kim', '-c', 'user.email=kim@example.com', 'commit', '-q', '-m', 'side, unsigned']);
    const side = made.git(['rev-parse', 'HEAD']);
    made.git(['checkout', '-q', 'change']);
    made.git(['-c', 'user.name=kim', '-c', 'user.email=kim@example.com', '-c', `user.signingkey=${gpgKeys.kim}`, 'merge', '-q', '-S', '--no-ff', '-m', 'merge side', 'side']);
    const merge = made.git(['rev-parse', 'HEAD']);
    made.commits.push(merge);
    openPull(made, merge, [made.commits[0], merge]);
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: side, reason: 'is not signed; GitHub did not report its signature' }]);
  });
});

describe('environment aliases', () => {
  const aliased = (approval: string) => `environments:
  production:
    paths: [.]
    aliases: [prod]
approval:
  environments:
${approval}signatures:
  gpg_keyring: keys/keyring.asc
  allowed_signers: keys/allowed_signers
`;

  test('an approval policy keyed by an alias of another environment is refused: it would be a looser second policy for it', () => {
    const parsed = GitopsSyncConfig.safeParse({ environments: { production: { paths: ['.'], aliases: ['prod'] } }, approval: { environments: { prod: {}, production: { signed_commits: 'required' } } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['"prod" is an alias of environment production; put its approval policy under approval.environments.production']);
  });

  test('gate --env prod judges by production\u2019s policy: the unsigned commit is denied', async () => {
    const made = scene([{ signing: 'unsigned' }], aliased('    production:\n      required_approvals: 2\n      signed_commits: required\n'));
    openPull(made, made.commits[0], made.commits);
    const { code, decision } = await gate(made.dir, 'prod');
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: made.commits[0], reason: 'is not signed; GitHub verifies it' }]);
  });
});

test('the signature format is read from the gpgsig header, not from an author name that imitates an SSH signature', async () => {
  const made = scene([]);
  made.git(['-c', 'user.name=-----BEGIN SSH SIGNATURE-----', '-c', 'user.email=kim@example.com', '-c', `user.signingkey=${gpgKeys.listed}`, 'commit', '-q', '--allow-empty', '-S', '-m', 'x']);
  made.commits.push(made.git(['rev-parse', 'HEAD']));
  openPull(made, made.commits[0], made.commits);
  const { code, decision } = await gate(made.dir);
  expect(code).toBe(3);
  expect(decision.commits_rejected).toEqual([
    { sha: made.commits[0], reason: 'is signed by Mallory <mallory@example.com>, kim@example.com, which is not an allowed signer for its author kim@example.com; GitHub verifies it' },
  ]);
});

describe('sound: each of these is denied as it was before', () => {
  test("a GPG uid whose comment names kim's address does not sign for kim", async () => {
    const made = scene([{ signing: { gpg: 'commenter' } }]);
    openPull(made, made.commits[0], made.commits);
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([
      { sha: made.commits[0], reason: 'is signed by Mallory (kim@example.com) <mallory@example.com>, which is not an allowed signer for its author kim@example.com; GitHub verifies it' },
    ]);
  });

  test("a key whose kim uid is revoked in the base keyring does not sign for kim", async () => {
    const made = scene([{ signing: { gpg: 'turncoat' } }]);
    openPull(made, made.commits[0], made.commits);
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected[0].reason).toMatch(/^is signed by .+, which is not an allowed signer for its author kim@example\.com; GitHub verifies it$/);
  });

  test("a signature by kim's expired signing subkey (the primary key has no expiry)", async () => {
    const made = scene([]);
    made.git(['-c', 'user.name=kim', '-c', 'user.email=kim@example.com', '-c', `user.signingkey=${gpgKeys.oldSubkey}!`, '-c', `gpg.program=${join(work, 'gpg-2020')}`, 'commit', '-q', '--allow-empty', '-S', '-m', 'x'], { GIT_COMMITTER_DATE: '2020-01-01T01:00:00Z', GIT_AUTHOR_DATE: '2020-01-01T01:00:00Z' });
    made.commits.push(made.git(['rev-parse', 'HEAD']));
    openPull(made, made.commits[0], made.commits);
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: made.commits[0], reason: 'was signed with an expired key (or its signature has expired); GitHub verifies it' }]);
  });

  test("kim's own SSH key, but the signature is for the namespace file, not git", async () => {
    const made = scene([{ signing: 'unsigned' }]);
    const payload = made.git(['cat-file', 'commit', made.commits[0]]);
    const signature = run('ssh-keygen', ['-q', '-Y', 'sign', '-n', 'file', '-f', sshKey('kim')], { input: `${payload}\n` });
    const [header, ...message] = payload.split('\n\n');
    const signed = run('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: made.dir, input: `${header}\ngpgsig ${signature.split('\n').join('\n ')}\n\n${message.join('\n\n')}\n` });
    made.commits[0] = signed;
    openPull(made, signed, made.commits);
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: signed, reason: 'has a signature that does not verify (forged, or the commit was changed after it was signed); GitHub verifies it' }]);
  });

  test('a change that adds its own key for kim to the allowed signers file: the base file is used', async () => {
    const made = scene([]);
    writeFileSync(join(made.dir, 'keys/allowed_signers'), `${allowedSigners}kim@example.com ${publicKey('intruder')}\n`);
    made.git(['add', '.']);
    made.git(['-c', 'user.name=kim', '-c', 'user.email=kim@example.com', '-c', 'gpg.format=ssh', '-c', `user.signingkey=${sshKey('intruder')}`, 'commit', '-q', '-S', '-m', 'trust me']);
    made.commits.push(made.git(['rev-parse', 'HEAD']));
    openPull(made, made.commits[0], made.commits);
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([
      { sha: made.commits[0], reason: 'was signed by a key that is not among the configured keys (signatures.gpg_keyring / signatures.allowed_signers); GitHub verifies it' },
    ]);
  });

  test('an unsigned commit whose message imitates gpg and ssh-keygen status lines', async () => {
    const made = scene([]);
    made.git(['-c', 'user.name=kim', '-c', 'user.email=kim@example.com', 'commit', '-q', '--allow-empty', '-m', `x\n\n[GNUPG:] GOODSIG 0123456789ABCDEF kim <kim@example.com>\n[GNUPG:] VALIDSIG ${'A'.repeat(40)}\nGood "git" signature for kim@example.com with ED25519 key SHA256:x\ngpgsig -----BEGIN SSH SIGNATURE-----`]);
    made.commits.push(made.git(['rev-parse', 'HEAD']));
    openPull(made, made.commits[0], made.commits);
    const { code, decision } = await gate(made.dir);
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: made.commits[0], reason: 'is not signed; GitHub verifies it' }]);
  });
});

describe('no keys configured: GitHub and GitLab vouch for the committer, so the author must be the committer', () => {
  const BASE = 'b'.repeat(40);
  const HEAD = 'c'.repeat(40);
  const PLATFORM_ONLY = 'approval:\n  environments:\n    production:\n      required_approvals: 1\n      signed_commits: required\n';

  test('GitHub: authored by kim, committed and signed by mallory, verified: denied', async () => {
    const mallory = ghUser('mallory');
    const commit: GhCommit = { sha: HEAD, author, committer: mallory, authorName: 'kim', authorEmail: 'kim@example.com', committerName: 'mallory', committerEmail: 'mallory@example.com' };
    github.state.pulls.set(9, ghPullRequest(mallory, { number: 9, head: HEAD, base: BASE }, { files: [{ filename: 'a.txt', status: 'modified' }], commits: [commit], reviews: [{ id: 1, user: reviewers[0], state: 'APPROVED', commit_id: HEAD, body: '', submitted_at: '2026-01-02T00:00:00Z' }] }));
    github.state.permissions = { mallory: 'write', rita: 'write' };
    github.state.contents = { [`${BASE}:gitops-sync.yaml`]: PLATFORM_ONLY };
    github.state.commitVerifications = { [HEAD]: { verified: true, reason: 'valid' } };
    const { code, decision } = await gate(tempDir('gitops-sync-attack14-gh-'));
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([
      { sha: HEAD, reason: "is authored by kim@example.com but committed by mallory@example.com: GitHub vouches only for the committer, and no keys are configured (signatures:) to check the author's" },
    ]);
  });

  test('no clone to list base..head: a listing without the head (another head\'s) denies', async () => {
    const OTHER = 'd'.repeat(40);
    const commit: GhCommit = { sha: OTHER, author, committer: author, authorName: 'kim', authorEmail: 'kim@example.com', committerName: 'kim', committerEmail: 'kim@example.com' };
    github.state.pulls.set(9, ghPullRequest(author, { number: 9, head: HEAD, base: BASE }, { files: [{ filename: 'a.txt', status: 'modified' }], commits: [commit], reviews: [{ id: 1, user: reviewers[0], state: 'APPROVED', commit_id: HEAD, body: '', submitted_at: '2026-01-02T00:00:00Z' }] }));
    github.state.permissions = { kim: 'write', rita: 'write' };
    github.state.contents = { [`${BASE}:gitops-sync.yaml`]: PLATFORM_ONLY };
    github.state.commitVerifications = { [OTHER]: { verified: true, reason: 'valid' } };
    const { code, decision } = await gate(tempDir('gitops-sync-attack14-gh-'));
    expect(code).toBe(3);
    expect(decision.missing).toContain(`signed commits are required, but GitHub lists the commits of another head than ${HEAD.slice(0, 12)} (pushed while the gate ran?), so the head's cannot be checked; run the gate again`);
  });

  test('GitLab: authored by kim, committed and signed by mallory, verified: denied', async () => {
    const commits = [{ id: HEAD, author_name: 'kim', author_email: 'kim@example.com', committer_name: 'mallory', committer_email: 'mallory@example.com' }];
    gitlab.state.mrs.set(5, glMergeRequest(glUser(10, 'mallory'), [modifiedDiff('a.txt')], { approvedBy: [glUser(11, 'rita')], commits, sha: HEAD }, { head: HEAD, base: BASE }));
    gitlab.state.files = { [`${BASE}:gitops-sync.yaml`]: PLATFORM_ONLY };
    gitlab.state.members = { 10: 30, 11: 30 };
    gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true };
    gitlab.state.signatures = { [HEAD]: { signature_type: 'SSH', verification_status: 'verified' } };
    const result = await cli(['gate', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--env', 'production', '--format', 'json'], {
      cwd: tempDir('gitops-sync-attack14-gl-'),
      env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` },
    });
    const decision = result.stdout ? JSON.parse(result.stdout) : undefined;
    expect(decision?.commits_rejected).toEqual([
      { sha: HEAD, reason: "is authored by kim@example.com but committed by mallory@example.com: GitLab vouches only for the committer, and no keys are configured (signatures:) to check the author's" },
    ]);
    expect(result.code).toBe(3);
  });
});

/**
 * The `git` audit store with real git: a bare remote (refusing non-fast-forward pushes, so a forced
 * push would fail loudly) and clones of it. Each run appends its events to events.jsonl on the audit
 * branch in one commit, with a checkpoint, without touching the clone's checkout, index or HEAD.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { AuditCheckpoint, AuditEvent, auditEventHash, GENESIS_HASH, GitopsSyncConfig, merkleRoot, verifyAuditLog, type AuditEventDraft } from '@gitops-sync/core';
import { gitAuditTrail, fileAuditTrail, nodeExec, openAuditTrail, verifyAuditLogSource, type Exec, type GitAuditTrailOptions } from '@gitops-sync/engine';
import { gateDraft } from './support/audit-events.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';
import { expectRejection } from './support/user-error.js';

const BRANCH = 'gitops-sync/audit';

interface Fixture {
  root: string;
  remote: string;
  clone(name: string): string;
}

function fixture(): Fixture {
  const root = tempDir('gitops-sync-audit-git-');
  const remote = join(root, 'remote.git');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(remote, 'config', 'receive.denyNonFastForwards', 'true');
  git(remote, 'config', 'receive.denyDeletes', 'true');
  const seed = join(root, 'seed');
  git(root, 'clone', '-q', remote, seed);
  writeFileSync(join(seed, 'main.tf'), 'resource "terraform_data" "a" {}\n');
  git(seed, 'add', 'main.tf');
  git(seed, 'commit', '-q', '-m', 'infrastructure');
  git(seed, 'push', '-q', 'origin', 'main');
  return {
    root,
    remote,
    clone(name) {
      const dir = join(root, name);
      git(root, 'clone', '-q', remote, dir);
      return dir;
    },
  };
}

const draftsFrom = (first: number, count: number): AuditEventDraft[] => Array.from({ length: count }, (_, i) => gateDraft(first + i));

function store(cwd: string, fallback: string, extra: Partial<GitAuditTrailOptions> = {}) {
  return gitAuditTrail({
    cwd,
    exec: nodeExec,
    env: process.env,
    branch: BRANCH,
    signCommits: false,
    fallback: { trail: fileAuditTrail(fallback), path: fallback },
    retryDelayMs: () => 5,
    ...extra,
  });
}

async function run(trail: ReturnType<typeof store>, drafts: AuditEventDraft[]): Promise<AuditEvent[]> {
  for (const draft of drafts) await trail.record(draft);
  return trail.close();
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
const branchEvents = (remote: string) => lines(git(remote, 'show', `${BRANCH}:events.jsonl`)).map((line) => AuditEvent.parse(JSON.parse(line)));
const branchCheckpoints = (remote: string) => lines(git(remote, 'show', `${BRANCH}:checkpoints.jsonl`)).map((line) => AuditCheckpoint.parse(JSON.parse(line)));
const fileEvents = (path: string) => lines(readFileSync(path, 'utf8')).map((line) => AuditEvent.parse(JSON.parse(line)));

/** The whole chain checks (audit verify's own check, and by hand): seq from 1 without gaps, each hash recomputes, each prev_hash is the previous hash. */
function expectIntactChain(events: AuditEvent[], checkpoint?: AuditCheckpoint): void {
  expect(verifyAuditLog(events, { checkpoint })).toMatchObject({ intact: true, size: events.length });
  events.forEach((event, index) => {
    expect(event.seq).toBe(index + 1);
    expect(event.prev_hash).toBe(index === 0 ? GENESIS_HASH : events[index - 1].hash);
    expect(auditEventHash(event)).toBe(event.hash);
  });
}

/**
 * What a user would notice changing in their clone: HEAD, the branch, the index file, the status, their
 * branches and tags, and no ref of ours left behind. (A push updates the remote-tracking ref
 * refs/remotes/origin/<audit branch>, as any fetch would.)
 */
function checkoutState(dir: string) {
  return {
    head: git(dir, 'rev-parse', 'HEAD'),
    branch: git(dir, 'symbolic-ref', 'HEAD'),
    status: git(dir, '--no-optional-locks', 'status', '--porcelain=v1', '--untracked-files=all'),
    index: readFileSync(join(dir, '.git', 'index')).toString('base64'),
    refs: git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags', 'refs/gitops-sync'),
  };
}

/**
 * An Exec per store whose first push waits until every store has reached its push: all of them built
 * their commit on the same tip, so all but one must lose the race and re-append.
 */
function forcedInterleave(stores: number): { exec: () => Exec; pushes: () => number } {
  let release!: () => void;
  const everyoneReady = new Promise<void>((resolve) => (release = resolve));
  let arrived = 0;
  let pushes = 0;
  return {
    pushes: () => pushes,
    exec() {
      let first = true;
      return {
        async run(command, args, options) {
          if (args.includes('push')) {
            pushes += 1;
            if (first) {
              first = false;
              if (++arrived === stores) release();
              await everyoneReady;
            }
          }
          return nodeExec.run(command, args, options);
        },
      };
    },
  };
}

describe('the git audit store', () => {
  test('the first run creates the branch as a root commit with its events and a checkpoint, leaving the checkout, index and HEAD as they were', async () => {
    const fx = fixture();
    const work = fx.clone('work');
    git(work, 'checkout', '-q', '-b', 'feature');
    writeFileSync(join(work, 'main.tf'), 'resource "terraform_data" "b" {}\n');
    git(work, 'add', 'main.tf');
    writeFileSync(join(work, 'main.tf'), 'resource "terraform_data" "c" {}\n');
    writeFileSync(join(work, 'notes.txt'), 'untracked\n');
    const before = checkoutState(work);

    const stored = await run(store(work, join(fx.root, 'fallback.jsonl')), draftsFrom(1, 3));

    expect(stored.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(branchEvents(fx.remote)).toEqual(stored);
    expectIntactChain(stored);
    expect(git(fx.remote, 'rev-list', '--count', BRANCH)).toBe('1');
    expect(git(fx.remote, 'log', '-1', '--format=%P', BRANCH)).toBe('');
    expect(git(fx.remote, 'ls-tree', '--name-only', BRANCH).split('\n')).toEqual(['checkpoints.jsonl', 'events.jsonl']);
    const [checkpoint] = branchCheckpoints(fx.remote);
    expect(checkpoint).toMatchObject({ size: 3, last_seq: 3, last_hash: stored[2].hash, root_hash: merkleRoot(stored.map((event) => event.hash)) });
    expect(checkoutState(work)).toEqual(before);
    expect(existsSync(join(fx.root, 'fallback.jsonl'))).toBe(false);
  });

  test('a second run, from another clone, chains onto the branch: seq continues and prev_hash links to the last event', async () => {
    const fx = fixture();
    const first = await run(store(fx.clone('one'), join(fx.root, 'fallback.jsonl')), draftsFrom(1, 3));
    const second = await run(store(fx.clone('two'), join(fx.root, 'fallback.jsonl')), draftsFrom(4, 2));

    expect(second.map((event) => event.seq)).toEqual([4, 5]);
    expect(second[0].prev_hash).toBe(first[2].hash);
    const events = branchEvents(fx.remote);
    expect(events).toEqual([...first, ...second]);
    expectIntactChain(events);
    expect(git(fx.remote, 'rev-list', '--count', BRANCH)).toBe('2');
    expect(branchCheckpoints(fx.remote).map((checkpoint) => checkpoint.size)).toEqual([3, 5]);
    expect(branchCheckpoints(fx.remote)[1].root_hash).toBe(merkleRoot(events.map((event) => event.hash)));
  });

  test('a shallow clone (what actions/checkout makes by default) appends like a full one', async () => {
    const fx = fixture();
    await run(store(fx.clone('one'), join(fx.root, 'f.jsonl')), draftsFrom(1, 2));
    const shallow = join(fx.root, 'shallow');
    git(fx.root, 'clone', '-q', '--depth', '1', '--single-branch', '--branch', 'main', `file://${fx.remote}`, shallow);
    await run(store(shallow, join(fx.root, 'f.jsonl')), draftsFrom(3, 1));
    expectIntactChain(branchEvents(fx.remote));
    expect(branchEvents(fx.remote)).toHaveLength(3);
  });

  test('git missing from PATH: one sentence, the events in the fallback file', async () => {
    const fx = fixture();
    const fallback = join(fx.root, 'kept.jsonl');
    await expectRejection(run(store(fx.clone('work'), fallback, { env: { ...process.env, PATH: join(fx.root, 'empty') } }), draftsFrom(1, 1)), /\(git is not installed or not on PATH\)/, /kept in/);
    expect(fileEvents(fallback)).toHaveLength(1);
  });

  test('a run that records nothing makes no commit', async () => {
    const fx = fixture();
    expect(await store(fx.clone('work'), join(fx.root, 'fallback.jsonl')).close()).toEqual([]);
    expect(spawnSync('git', ['rev-parse', '--verify', '--quiet', BRANCH], { cwd: fx.remote }).status).not.toBe(0);
  });

  test('checkpoints every N events as well as at the end of the run', async () => {
    const fx = fixture();
    await run(store(fx.clone('one'), join(fx.root, 'f.jsonl'), { checkpointEvery: 4 }), draftsFrom(1, 3));
    await run(store(fx.clone('two'), join(fx.root, 'f.jsonl'), { checkpointEvery: 4 }), draftsFrom(4, 6));
    expect(branchCheckpoints(fx.remote).map((checkpoint) => checkpoint.size)).toEqual([3, 4, 8, 9]);
  });

  test('two runs pushing at once (forced interleave) lose no event: the loser re-fetches, re-chains and pushes again', async () => {
    const fx = fixture();
    await run(store(fx.clone('earlier'), join(fx.root, 'f.jsonl')), draftsFrom(1, 2));
    const race = forcedInterleave(2);
    const [a, b] = await Promise.all([
      run(store(fx.clone('a'), join(fx.root, 'fa.jsonl'), { exec: race.exec() }), draftsFrom(10, 3)),
      run(store(fx.clone('b'), join(fx.root, 'fb.jsonl'), { exec: race.exec() }), draftsFrom(20, 4)),
    ]);

    expect(race.pushes()).toBe(3);
    const events = branchEvents(fx.remote);
    expect(events).toHaveLength(9);
    expectIntactChain(events, branchCheckpoints(fx.remote).at(-1));
    expect(new Set(events.map((event) => event.run.id))).toEqual(new Set(['9001', '9002', ...[...a, ...b].map((event) => event.run.id!)]));
    expect(events.slice(2)).toEqual(a[0].seq === 3 ? [...a, ...b] : [...b, ...a]);
    expect(git(fx.remote, 'rev-list', '--count', BRANCH)).toBe('3');
    expect(existsSync(join(fx.root, 'fa.jsonl')) || existsSync(join(fx.root, 'fb.jsonl'))).toBe(false);
    // What `gitops-sync audit verify --git-ref` says of the branch, against its own last checkpoint.
    const auditor = fx.clone('auditor');
    const verdict = await verifyAuditLogSource({ source: { gitRef: `origin/${BRANCH}`, cwd: auditor } }, nodeExec);
    expect(verdict.verification).toMatchObject({ intact: true, size: 9, checkpoint: { size: 9 } });
  });

  test('four runs at once, with no forced order, lose no event and the chain verifies', async () => {
    const fx = fixture();
    const clones = ['w', 'x', 'y', 'z'].map((name) => fx.clone(name));
    await Promise.all(clones.map((dir, i) => run(store(dir, join(fx.root, `f${i}.jsonl`), { attempts: 10 }), draftsFrom(i * 10 + 1, 2))));
    const events = branchEvents(fx.remote);
    expect(events).toHaveLength(8);
    expectIntactChain(events, branchCheckpoints(fx.remote).at(-1));
    expect(git(fx.remote, 'rev-list', '--count', BRANCH)).toBe('4');
  });

  test('when every attempt loses the race: one sentence, nothing force-pushed, the events kept in the fallback file', async () => {
    const fx = fixture();
    const race = forcedInterleave(2);
    const fallbacks = [join(fx.root, 'fa.jsonl'), join(fx.root, 'fb.jsonl')];
    const results = await Promise.allSettled([
      run(store(fx.clone('a'), fallbacks[0], { exec: race.exec(), attempts: 1 }), draftsFrom(1, 2)),
      run(store(fx.clone('b'), fallbacks[1], { exec: race.exec(), attempts: 1 }), draftsFrom(11, 2)),
    ]);
    const lost = results.findIndex((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    await expectRejection(
      Promise.reject((results[lost] as PromiseRejectedResult).reason),
      /^The 2 audit events of this run were not recorded on branch gitops-sync\/audit of origin \(the push was rejected as not fast-forward/,
      new RegExp(`kept in ${fallbacks[lost].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} instead`),
    );
    expect(fileEvents(fallbacks[lost]).map((event) => event.run.id)).toEqual(lost === 0 ? ['9001', '9002'] : ['9011', '9012']);
    expectIntactChain(fileEvents(fallbacks[lost]));
    expect(branchEvents(fx.remote)).toHaveLength(2);
    expect(existsSync(fallbacks[1 - lost])).toBe(false);
  });

  test('a push the remote refuses (no write access): one sentence naming the permission, the events in the fallback file', async () => {
    const fx = fixture();
    const hook = join(fx.remote, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "You are not allowed to push code to this project." >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const fallback = join(fx.root, 'kept', 'events.jsonl');

    const error = await expectRejection(
      run(store(fx.clone('work'), fallback), draftsFrom(1, 2)),
      /not recorded on branch gitops-sync\/audit of origin \(origin refused the push: You are not allowed to push code to this project\)/,
      /contents: write/,
      /write_repository/,
      /kept in .*kept\/events\.jsonl instead/,
    );
    expect(error.message).not.toMatch(/at .*\.ts:\d+/);
    expect(fileEvents(fallback).map((event) => event.seq)).toEqual([1, 2]);
    expect(spawnSync('git', ['rev-parse', '--verify', '--quiet', BRANCH], { cwd: fx.remote }).status).not.toBe(0);
  });

  test('a repository without an origin remote: one sentence, the events in the fallback file', async () => {
    const dir = tempDir('gitops-sync-audit-noremote-');
    git(dir, 'init', '-q', '-b', 'main');
    const fallback = join(dir, '.gitops-sync', 'audit', 'events.jsonl');
    await expectRejection(run(store(dir, fallback), draftsFrom(1, 1)), /^The audit event of this run was not recorded on branch gitops-sync\/audit of origin/, /has no remote named origin/, /git remote add origin URL/);
    expect(fileEvents(fallback)).toHaveLength(1);
  });

  test('a folder that is not a repository: one sentence, the events in the fallback file', async () => {
    const dir = tempDir('gitops-sync-audit-norepo-');
    const fallback = join(dir, 'events.jsonl');
    await expectRejection(run(store(dir, fallback), draftsFrom(1, 1)), /is not inside a Git working tree/, /audit\.store: file/);
    expect(fileEvents(fallback)).toHaveLength(1);
  });

  test('a branch whose log was damaged is not extended: one sentence naming the line, the events in the fallback file', async () => {
    const fx = fixture();
    await run(store(fx.clone('one'), join(fx.root, 'f.jsonl')), draftsFrom(1, 2));
    const vandal = fx.clone('vandal');
    git(vandal, 'checkout', '-q', BRANCH);
    writeFileSync(join(vandal, 'events.jsonl'), readFileSync(join(vandal, 'events.jsonl'), 'utf8').replace('"seq":2', '"seq":"two"'));
    git(vandal, 'commit', '-q', '-am', 'edit');
    git(vandal, 'push', '-q', 'origin', BRANCH);

    const fallback = join(fx.root, 'kept.jsonl');
    await expectRejection(run(store(fx.clone('two'), fallback), draftsFrom(3, 1)), /line 2 of events\.jsonl on branch gitops-sync\/audit is not a gitops-sync\/audit-event@1/, /audit verify/);
    expect(fileEvents(fallback)).toHaveLength(1);
  });

  test('in GitLab CI the push carries ci.skip, so the audit commit starts no pipeline', async () => {
    const fx = fixture();
    git(fx.remote, 'config', 'receive.advertisePushOptions', 'true');
    const hook = join(fx.remote, 'hooks', 'pre-receive');
    writeFileSync(hook, `#!/bin/sh\necho "$GIT_PUSH_OPTION_COUNT $GIT_PUSH_OPTION_0" > ${JSON.stringify(join(fx.root, 'options'))}\n`);
    chmodSync(hook, 0o755);
    await run(store(fx.clone('work'), join(fx.root, 'f.jsonl'), { env: { ...process.env, GITLAB_CI: 'true' } }), draftsFrom(1, 1));
    expect(readFileSync(join(fx.root, 'options'), 'utf8')).toBe('1 ci.skip\n');
    expect(branchEvents(fx.remote)).toHaveLength(1);
  });

  test('audit.branch naming a code branch (main): refused in one sentence, main unchanged', async () => {
    const fx = fixture();
    const main = git(fx.remote, 'rev-parse', 'main');
    const fallback = join(fx.root, 'kept.jsonl');
    await expectRejection(run(store(fx.clone('work'), fallback, { branch: 'main' }), draftsFrom(1, 1)), /branch main exists on origin but holds no events\.jsonl/, /audit\.branch/);
    expect(git(fx.remote, 'rev-parse', 'main')).toBe(main);
    expect(fileEvents(fallback)).toHaveLength(1);
  });

  test('other files on the audit branch are kept', async () => {
    const fx = fixture();
    await run(store(fx.clone('one'), join(fx.root, 'f.jsonl')), draftsFrom(1, 1));
    const editor = fx.clone('editor');
    git(editor, 'checkout', '-q', BRANCH);
    mkdirSync(join(editor, 'docs'));
    writeFileSync(join(editor, 'docs', 'README.md'), 'The audit log of this repository.\n');
    git(editor, 'add', 'docs');
    git(editor, 'commit', '-q', '-m', 'readme');
    git(editor, 'push', '-q', 'origin', BRANCH);

    await run(store(fx.clone('two'), join(fx.root, 'f.jsonl')), draftsFrom(2, 1));
    expect(git(fx.remote, 'show', `${BRANCH}:docs/README.md`)).toBe('The audit log of this repository.');
    expectIntactChain(branchEvents(fx.remote));
  });

  test('a checkpoint signing key that is not Ed25519: one sentence, the events in the fallback file', async () => {
    const fx = fixture();
    const fallback = join(fx.root, 'kept.jsonl');
    await expectRejection(run(store(fx.clone('work'), fallback, { signingKeyPem: 'not a key' }), draftsFrom(1, 1)), /not a PEM private key/, /Ed25519/);
    expect(fileEvents(fallback)).toHaveLength(1);
  });
});

describe('signed audit commits', () => {
  const gnupgHomes: string[] = [];
  afterAll(() => {
    for (const home of gnupgHomes) spawnSync('gpgconf', ['--kill', 'all'], { env: { ...process.env, GNUPGHOME: home } });
  });

  test('with a GPG key (user.signingkey): git verify-commit accepts the commit on the branch', async () => {
    const fx = fixture();
    const home = join(tempDir('gpg-'), 'g');
    mkdirSync(home, { mode: 0o700 });
    gnupgHomes.push(home);
    const env = { ...process.env, GNUPGHOME: home };
    const made = spawnSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'Audit Bot <audit@example.com>', 'ed25519', 'sign', 'never'], { env, encoding: 'utf8' });
    expect(made.status).toBe(0);
    const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(spawnSync('gpg', ['--batch', '--with-colons', '--list-secret-keys'], { env, encoding: 'utf8' }).stdout)![1];
    const work = fx.clone('work');
    git(work, 'config', 'user.signingkey', fingerprint);

    await run(store(work, join(fx.root, 'f.jsonl'), { signCommits: true, env }), draftsFrom(1, 2));

    const verified = spawnSync('git', ['verify-commit', '--raw', BRANCH], { cwd: fx.remote, env, encoding: 'utf8' });
    expect(verified.status).toBe(0);
    expect(verified.stderr).toContain(`VALIDSIG ${fingerprint}`);
  });

  test('with an SSH key (gpg.format ssh): git verify-commit accepts the commit against an allowed-signers file', async () => {
    const fx = fixture();
    const keys = tempDir('ssh-');
    const key = join(keys, 'audit_ed25519');
    expect(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'audit', '-f', key]).status).toBe(0);
    const allowed = join(keys, 'allowed_signers');
    writeFileSync(allowed, `audit@example.com ${readFileSync(`${key}.pub`, 'utf8')}`);
    const work = fx.clone('work');
    git(work, 'config', 'gpg.format', 'ssh');
    git(work, 'config', 'user.signingkey', key);
    git(work, 'config', 'user.name', 'Audit Bot');
    git(work, 'config', 'user.email', 'audit@example.com');

    await run(store(work, join(fx.root, 'f.jsonl'), { signCommits: true }), draftsFrom(1, 1));

    const verified = spawnSync('git', ['-c', `gpg.ssh.allowedSignersFile=${allowed}`, 'verify-commit', BRANCH], { cwd: fx.remote, encoding: 'utf8' });
    expect(verified.status).toBe(0);
    expect(verified.stderr).toContain('Good "git" signature for audit@example.com');
  });

  test('signing asked for without a usable key: one sentence naming user.signingkey, nothing pushed', async () => {
    const fx = fixture();
    const work = fx.clone('work');
    git(work, 'config', 'gpg.format', 'ssh');
    git(work, 'config', 'user.signingkey', join(fx.root, 'no-such-key'));
    const fallback = join(fx.root, 'kept.jsonl');
    await expectRejection(run(store(work, fallback, { signCommits: true }), draftsFrom(1, 1)), /git could not sign the commit/, /user\.signingkey/, /audit\.sign_commits: false/);
    expect(fileEvents(fallback)).toHaveLength(1);
    expect(spawnSync('git', ['rev-parse', '--verify', '--quiet', BRANCH], { cwd: fx.remote }).status).not.toBe(0);
  });
});

describe('openAuditTrail chooses the store', () => {
  const configIn = (dir: string, audit: object = {}) => {
    const configPath = join(dir, 'gitops-sync.yaml');
    return { config: GitopsSyncConfig.parse({ audit }), configPath };
  };
  const localLog = (dir: string) => join(dir, '.gitops-sync', 'audit', 'events.jsonl');

  test.each([
    ['GitHub Actions', { GITHUB_ACTIONS: 'true' }],
    ['GitLab CI', { GITLAB_CI: 'true' }],
  ])('in %s with audit.store unset: the git store', async (_name, ci) => {
    const fx = fixture();
    const work = fx.clone('work');
    const env = { ...process.env, GITHUB_ACTIONS: undefined, GITLAB_CI: undefined, ...ci };
    const trail = openAuditTrail({ ...configIn(work), env });
    await run(trail, draftsFrom(1, 2));
    expect(branchEvents(fx.remote)).toHaveLength(2);
    expect(existsSync(localLog(work))).toBe(false);
  });

  test('outside CI with audit.store unset: the file store beside the config', async () => {
    const fx = fixture();
    const work = fx.clone('work');
    await run(openAuditTrail({ ...configIn(work), env: { ...process.env, GITHUB_ACTIONS: undefined, GITLAB_CI: undefined } }), draftsFrom(1, 2));
    expect(fileEvents(localLog(work))).toHaveLength(2);
    expect(spawnSync('git', ['rev-parse', '--verify', '--quiet', BRANCH], { cwd: fx.remote }).status).not.toBe(0);
  });

  test('audit.store: file in CI keeps the file store; audit.store: git outside CI uses the branch named by audit.branch', async () => {
    const fx = fixture();
    const work = fx.clone('work');
    await run(openAuditTrail({ ...configIn(work, { store: 'file' }), env: { ...process.env, GITHUB_ACTIONS: 'true' } }), draftsFrom(1, 1));
    expect(fileEvents(localLog(work))).toHaveLength(1);
    await run(openAuditTrail({ ...configIn(work, { store: 'git', branch: 'audit/log' }), env: { ...process.env, GITHUB_ACTIONS: undefined } }), draftsFrom(2, 1));
    expect(git(fx.remote, 'show', 'audit/log:events.jsonl')).toContain('"seq":1');
  });
});

/**
 * `audit export`, collecting: a real repository whose environment branch holds GPG-signed,
 * SSH-signed, unsigned and forged commits, merged through pull requests the loopback GitHub (and
 * once GitLab) serves with their reviews, CI and signature answers, plus audit events written with
 * chainAuditEvent — each change must come out of collectAuditPopulation with the right evidence.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { AUDIT_EVENT_SCHEMA, AuditPopulation, chainAuditEvent, parseConfig, type AuditChange, type AuditDetails, type AuditEvent, type AuditEventDraft, type GitopsSyncConfig } from '@gitops-sync/core';
import { collectAuditPopulation, nodeExec, systemClock, type ChangeHistoryPlatform } from '@gitops-sync/engine';
import { GitHubChangeHistory, GitLabChangeHistory } from '@gitops-sync/platforms';
import { ghPullRequest, ghUser, useFakeGitHub, type GhReview, type GhUser } from './support/fake-github.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab } from './support/fake-gitlab.js';
import { tempDir } from './support/temp-dir.js';
import { expectRejection } from './support/user-error.js';

const github = useFakeGitHub();
const gitlab = useFakeGitLab();

const SINCE = new Date('2026-03-01T00:00:00Z');
const UNTIL = new Date('2026-04-01T00:00:00Z');

const alice = ghUser('alice');
const carol = ghUser('carol');
const dave = ghUser('dave');

function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', input, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout.trim();
}

/** The repository and what each scenario's commit is. */
interface Scene {
  dir: string;
  signerHome: string;
  base: string;
  reviewed: { merge: string; head: string };
  directPush: string;
  selfApproved: { merge: string; head: string };
  olderApproval: { merge: string; older: string; head: string };
  breakGlassFollowedUp: { merge: string; head: string };
  breakGlassAlone: { merge: string; head: string };
  docsOnly: string;
  forged: string;
  signedOriginal: string;
}

let scene: Scene;

/** Builds the repository: main's first-parent history in March 2026, each commit at a fixed time. */
function buildScene(): Scene {
  const dir = tempDir('gitops-sync-audit-repo-');
  const signerHome = tempDir('gitops-sync-audit-signer-');
  const keys = join(dir, 'keys');
  mkdirSync(keys);
  // A throwaway GPG key (alice) and SSH key (bob); only their public halves go to the export's config.
  run(dir, 'gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', 'Alice Signer <alice@example.com>', 'ed25519', 'sign', 'never'], { GNUPGHOME: signerHome });
  writeFileSync(join(keys, 'keyring.asc'), run(dir, 'gpg', ['--armor', '--export', 'alice@example.com'], { GNUPGHOME: signerHome }));
  run(dir, 'ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bob', '-f', join(signerHome, 'bob')]);
  writeFileSync(join(keys, 'allowed_signers'), `bob@example.com namespaces="git" ${readFileSync(join(signerHome, 'bob.pub'), 'utf8').trim()}\n`);

  const when = (time: string) => ({ GIT_AUTHOR_DATE: time, GIT_COMMITTER_DATE: time });
  const git = (args: string[], time: string, who = 'Test') =>
    run(dir, 'git', ['-c', `user.name=${who}`, '-c', `user.email=${who.toLowerCase()}@example.com`, '-c', 'commit.gpgsign=false', ...args], { ...when(time), GNUPGHOME: signerHome });
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
    git(['add', '--', path], '2026-01-01T00:00:00Z');
  };
  const commit = (message: string, time: string, options: { sign?: 'gpg' | 'ssh'; who?: string } = {}) => {
    const signing = options.sign === 'gpg' ? ['-c', 'gpg.format=openpgp', '-c', 'user.signingkey=alice@example.com'] : options.sign === 'ssh' ? ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${join(signerHome, 'bob')}`] : [];
    git([...signing, 'commit', '-q', ...(options.sign ? ['-S'] : []), '-m', message], time, options.who);
    return git(['rev-parse', 'HEAD'], time);
  };
  /** A branch off main with `files` in one or more commits, merged with a merge commit. */
  const pullRequest = (name: string, commits: { file: string; time: string; sign?: 'gpg' }[], mergeTime: string, number: number) => {
    git(['checkout', '-q', '-b', name], mergeTime);
    const shas = commits.map((each) => {
      write(each.file, `# ${name} ${each.time}\n`);
      return commit(`${name}: ${each.file}`, each.time, { sign: each.sign });
    });
    git(['checkout', '-q', 'main'], mergeTime);
    git(['merge', '-q', '--no-ff', '-m', `Merge pull request #${number} from owner/${name}`, name], mergeTime);
    return { merge: git(['rev-parse', 'HEAD'], mergeTime), shas };
  };

  git(['init', '-q', '-b', 'main'], '2026-02-01T00:00:00Z');
  writeFileSync(
    join(dir, 'gitops-sync.yaml'),
    'environments:\n  production:\n    paths: [infra/prod]\naudit:\n  signatures:\n    gpg_keyring: keys/keyring.asc\n    allowed_signers: keys/allowed_signers\n',
  );
  write('gitops-sync.yaml', readFileSync(join(dir, 'gitops-sync.yaml'), 'utf8'));
  write('infra/prod/main.tf', '# base\n');
  write('docs/README.md', '# docs\n');
  const base = commit('base', '2026-02-01T00:00:00Z');

  const reviewed = pullRequest('reviewed', [{ file: 'infra/prod/a.tf', time: '2026-03-02T10:00:00Z', sign: 'gpg' }], '2026-03-02T12:00:00Z', 1);
  write('infra/prod/b.tf', '# pushed\n');
  const directPush = commit('direct push', '2026-03-03T10:00:00Z', { sign: 'ssh' });
  const selfApproved = pullRequest('self-approved', [{ file: 'infra/prod/c.tf', time: '2026-03-04T10:00:00Z' }], '2026-03-04T12:00:00Z', 2);
  const olderApproval = pullRequest(
    'older-approval',
    [
      { file: 'infra/prod/d.tf', time: '2026-03-05T09:00:00Z' },
      { file: 'infra/prod/e.tf', time: '2026-03-05T10:00:00Z' },
    ],
    '2026-03-05T12:00:00Z',
    3,
  );
  const breakGlassFollowedUp = pullRequest('hotfix-1', [{ file: 'infra/prod/f.tf', time: '2026-03-06T10:00:00Z' }], '2026-03-06T12:00:00Z', 4);
  const breakGlassAlone = pullRequest('hotfix-2', [{ file: 'infra/prod/g.tf', time: '2026-03-07T10:00:00Z' }], '2026-03-07T12:00:00Z', 5);
  write('docs/README.md', '# docs, again\n');
  const docsOnly = commit('docs only', '2026-03-08T10:00:00Z');
  // A GPG-signed commit whose object is then rewritten with another message under the same signature.
  write('infra/prod/h.tf', '# signed\n');
  const signedOriginal = commit('gpg signed change', '2026-03-09T10:00:00Z', { sign: 'gpg' });
  const object = run(dir, 'git', ['cat-file', 'commit', signedOriginal]);
  const forged = run(dir, 'git', ['hash-object', '-t', 'commit', '-w', '--stdin'], {}, `${object.replace('gpg signed change', 'gpg signed change, harmless')}\n`);
  run(dir, 'git', ['reset', '-q', '--hard', forged]);
  return {
    dir,
    signerHome,
    base,
    reviewed: { merge: reviewed.merge, head: reviewed.shas[0] },
    directPush,
    selfApproved: { merge: selfApproved.merge, head: selfApproved.shas[0] },
    olderApproval: { merge: olderApproval.merge, older: olderApproval.shas[0], head: olderApproval.shas[1] },
    breakGlassFollowedUp: { merge: breakGlassFollowedUp.merge, head: breakGlassFollowedUp.shas[0] },
    breakGlassAlone: { merge: breakGlassAlone.merge, head: breakGlassAlone.shas[0] },
    docsOnly,
    forged,
    signedOriginal,
  };
}

beforeAll(() => {
  scene = buildScene();
}, 60_000);

afterAll(() => {
  // The gpg-agent the signing started for the throwaway key.
  spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: scene.signerHome } });
});

const review = (id: number, user: GhUser, commit: string, at: string): GhReview => ({ id, user, state: 'APPROVED', commit_id: commit, body: '', submitted_at: at });

/** The pull requests, reviews, CI and signature answers GitHub gives for the scene. */
function seedGitHub(): void {
  const merged = (number: number, author: GhUser, refs: { merge: string; head: string }, reviews: GhReview[], labels: string[] = []) =>
    github.state.pulls.set(
      number,
      ghPullRequest(author, { number, head: refs.head, base: scene.base }, { state: 'closed', merged: true, merge_commit_sha: refs.merge, merged_at: '2026-03-02T12:00:00Z', created_at: '2026-03-01T09:00:00Z', reviews, labels }),
    );
  merged(1, alice, scene.reviewed, [review(11, carol, scene.reviewed.head, '2026-03-02T11:00:00Z')]);
  merged(2, dave, scene.selfApproved, [review(21, dave, scene.selfApproved.head, '2026-03-04T11:00:00Z')]);
  merged(3, alice, { merge: scene.olderApproval.merge, head: scene.olderApproval.head }, [review(31, carol, scene.olderApproval.older, '2026-03-05T09:30:00Z')]);
  merged(4, alice, scene.breakGlassFollowedUp, [review(41, carol, scene.breakGlassFollowedUp.head, '2026-03-07T09:00:00Z')], ['break-glass']);
  merged(5, alice, scene.breakGlassAlone, [review(51, alice, scene.breakGlassAlone.head, '2026-03-07T13:00:00Z')], ['break-glass']);
  github.state.commitStatuses = { [scene.reviewed.head]: [{ state: 'success', context: 'ci/plan' }] };
  github.state.checkRuns = { [scene.reviewed.head]: [{ name: 'test', status: 'completed', conclusion: 'success' }], [scene.selfApproved.head]: [{ name: 'test', status: 'completed', conclusion: 'failure' }] };
  const all = run(scene.dir, 'git', ['rev-list', 'main']).split('\n');
  github.state.repoCommits = Object.fromEntries(
    all.map((sha) => [sha, { author: alice, committer: alice, verification: sha === scene.reviewed.head ? { verified: true, reason: 'valid' } : { verified: false, reason: 'unsigned' } }]),
  );
}

function draft(time: string, actor: string, commits: { head?: string; deployed?: string }, details: AuditDetails): AuditEventDraft {
  return {
    schema: AUDIT_EVENT_SCHEMA,
    time,
    environment: 'production',
    actor: { id: String(ghUser(actor).id), login: actor, token: null },
    run: { platform: 'github', id: '1', attempt: 1, url: null },
    repository: 'owner/repo',
    commits: { base: null, head: commits.head ?? null, deployed: commits.deployed ?? null },
    change_request: null,
    details,
  };
}

/** The audit log: a gate decision on PR #1's head, a drift resolved by a sync dave ran (deploying his own PR #2). */
function auditLog(): AuditEvent[] {
  const drafts = [
    draft('2026-03-02T11:30:00Z', 'github-actions[bot]', { head: scene.reviewed.head }, { type: 'gate', outcome: 'allowed', reason: '1 approval', counted: [], rejected: [], plan_fingerprint: 'sha256:plan1' }),
    draft('2026-03-10T00:05:00Z', 'github-actions[bot]', {}, { type: 'drift', outcome: 'drift', report_fingerprint: null, plan_fingerprint: null, counts: { critical: 0, high: 1, medium: 2, low: 0 }, first_seen: '2026-03-10T00:00:00Z' }),
    draft('2026-03-10T01:00:00Z', 'dave', { head: scene.selfApproved.merge, deployed: scene.selfApproved.merge }, { type: 'sync', outcome: 'succeeded', gate: { outcome: 'allowed', reason: 'ok' }, plan_fingerprint: 'sha256:plan2', backups: [], failure_reason: null }),
    draft('2026-03-10T02:00:00Z', 'github-actions[bot]', {}, { type: 'drift', outcome: 'clean', report_fingerprint: null, plan_fingerprint: null, counts: { critical: 0, high: 0, medium: 0, low: 0 } }),
  ];
  const events: AuditEvent[] = [];
  for (const each of drafts) events.push(chainAuditEvent(each, events.at(-1)));
  return events;
}

function config(extra = ''): GitopsSyncConfig {
  return parseConfig(readFileSync(join(scene.dir, 'gitops-sync.yaml'), 'utf8') + extra, 'gitops-sync.yaml');
}

const collect = (platform: ChangeHistoryPlatform | undefined, overrides: { config?: GitopsSyncConfig; events?: AuditEvent[] } = {}) =>
  collectAuditPopulation({
    cwd: scene.dir,
    config: overrides.config ?? config(),
    configPath: join(scene.dir, 'gitops-sync.yaml'),
    since: SINCE,
    until: UNTIL,
    events: overrides.events ?? auditLog(),
    platform,
    exec: nodeExec,
    clock: systemClock,
  });

const githubHistory = () => new GitHubChangeHistory({ token: github.state.token, repository: 'owner/repo', baseUrl: github.url });
const byId = (population: AuditPopulation, sha: string): AuditChange => {
  const change = population.changes.find((each) => each.sha === sha);
  if (!change) throw new Error(`no change for ${sha}`);
  return change;
};

describe('collectAuditPopulation on GitHub', () => {
  let population: AuditPopulation;
  beforeAll(async () => {
    seedGitHub();
    population = AuditPopulation.parse(await collect(githubHistory()));
  }, 60_000);

  test("lists every change that reached the environment's paths on its branch, and nothing else", () => {
    expect(population.changes.map((change) => change.sha)).toEqual([
      scene.reviewed.merge,
      scene.directPush,
      scene.selfApproved.merge,
      scene.olderApproval.merge,
      scene.breakGlassFollowedUp.merge,
      scene.breakGlassAlone.merge,
      scene.forged,
    ]);
    expect(population.changes.map((change) => change.sha)).not.toContain(scene.docsOnly);
    expect(byId(population, scene.reviewed.merge)).toMatchObject({ id: `production@${scene.reviewed.merge}`, environment: 'production', branch: 'main', paths: ['infra/prod/a.tf'] });
  });

  test('a properly reviewed change: its PR, the approval on the merged head, green CI, the gate decision and a good GPG signature', () => {
    const change = byId(population, scene.reviewed.merge);
    expect(change.change_request).toMatchObject({ number: 1, author: { login: 'alice', id: String(alice.id) }, merged_head_sha: scene.reviewed.head, opened_at: '2026-03-01T09:00:00Z' });
    expect(change.approvals).toEqual([{ id: String(carol.id), login: 'carol', time: '2026-03-02T11:00:00Z', sha: scene.reviewed.head, on_merged_head: true }]);
    expect(change.ci_status).toBe('success');
    expect(change.gate).toEqual({ seq: 1, time: '2026-03-02T11:30:00Z', outcome: 'allowed', plan_fingerprint: 'sha256:plan1' });
    const feature = change.commits.find((commit) => commit.sha === scene.reviewed.head);
    expect(feature?.signature).toEqual({ local: 'good', format: 'gpg', signer: 'Alice Signer <alice@example.com>', platform: { verified: true, reason: 'valid' } });
    expect(feature?.author).toEqual({ name: 'Test', email: 'test@example.com', login: 'alice' });
    // The merge commit itself is there too, unsigned.
    expect(change.commits.find((commit) => commit.sha === scene.reviewed.merge)?.signature.local).toBe('unsigned');
  });

  test('a direct push has no change request, no approvals, and its SSH signature is checked against the allowed signers', () => {
    const change = byId(population, scene.directPush);
    expect(change.change_request).toBeNull();
    expect(change.approvals).toEqual([]);
    expect(change.gate).toBeNull();
    expect(change.commits).toHaveLength(1);
    expect(change.commits[0].signature).toEqual({ local: 'good', format: 'ssh', signer: 'bob@example.com', platform: { verified: false, reason: 'unsigned' } });
  });

  test('a self-approved change, deployed by its author: the approver and the deployer are the PR author, its CI failed, its commit is unsigned', () => {
    const change = byId(population, scene.selfApproved.merge);
    expect(change.change_request?.author.login).toBe('dave');
    expect(change.approvals.map((approval) => approval.login)).toEqual(['dave']);
    expect(change.ci_status).toBe('failure');
    expect(change.deployments).toEqual([{ seq: 3, time: '2026-03-10T01:00:00Z', actor: { id: String(dave.id), login: 'dave' }, deployed_sha: scene.selfApproved.merge, plan_fingerprint: 'sha256:plan2', outcome: 'succeeded' }]);
    expect(change.commits.find((commit) => commit.sha === scene.selfApproved.head)?.signature).toMatchObject({ local: 'unsigned', format: null, signer: null });
  });

  test('a deployment counts for every change its deployed commit contains, and for none after it', () => {
    expect(byId(population, scene.reviewed.merge).deployments.map((deployment) => deployment.seq)).toEqual([3]);
    expect(byId(population, scene.directPush).deployments.map((deployment) => deployment.seq)).toEqual([3]);
    expect(byId(population, scene.olderApproval.merge).deployments).toEqual([]);
  });

  test('an approval given on an older commit of the PR is recorded with that SHA, not on the merged head', () => {
    const change = byId(population, scene.olderApproval.merge);
    expect(change.approvals).toEqual([expect.objectContaining({ login: 'carol', sha: scene.olderApproval.older, on_merged_head: false })]);
    expect(change.commits.map((commit) => commit.sha)).toEqual(expect.arrayContaining([scene.olderApproval.older, scene.olderApproval.head, scene.olderApproval.merge]));
    expect(change.ci_status).toBe('none');
  });

  test("a break-glass change reviewed afterwards has that follow-up; one only its author approved has none", () => {
    expect(byId(population, scene.breakGlassFollowedUp.merge).emergency).toEqual({
      kind: 'break-glass',
      follow_up: { id: String(carol.id), login: 'carol', time: '2026-03-07T09:00:00Z', sha: scene.breakGlassFollowedUp.head, on_merged_head: true },
    });
    expect(byId(population, scene.breakGlassAlone.merge).emergency).toEqual({ kind: 'break-glass', follow_up: null });
    expect(byId(population, scene.reviewed.merge).emergency).toBeNull();
  });

  test('a signed commit rewritten under its old signature is bad', () => {
    const change = byId(population, scene.forged);
    expect(change.commits).toHaveLength(1);
    expect(change.commits[0]).toMatchObject({ subject: 'gpg signed change, harmless', signature: { local: 'bad', format: 'gpg' } });
  });

  test('a drift incident is reported with its severity, how it was resolved and how long it took', () => {
    expect(population.incidents).toEqual([{ environment: 'production', first_seen: '2026-03-10T00:00:00Z', severity: 'high', resolved_at: '2026-03-10T02:00:00Z', resolution: 'sync', seconds_to_resolve: 7200 }]);
  });
});

describe('collectAuditPopulation: rollbacks', () => {
  test('a commit a rollback made is an emergency change, without a follow-up when nobody reviewed it', async () => {
    const log = auditLog();
    const rollback = draft('2026-03-03T10:05:00Z', 'dave', { head: scene.directPush }, { type: 'rollback', outcome: 'succeeded', mode: 'git', from: scene.reviewed.merge, to: scene.base, backups: [], verification: null, failure_reason: null, emergency: true });
    const population = await collect(undefined, { events: [...log, chainAuditEvent(rollback, log.at(-1))] });
    expect(byId(population, scene.directPush).emergency).toEqual({ kind: 'rollback', follow_up: null });
    expect(population.changes.filter((change) => change.emergency !== null).map((change) => change.sha)).toEqual([scene.directPush]);
  });
});

describe('collectAuditPopulation on GitLab', () => {
  test('a merge request: its approval placed on the diff version it was given on, the pipeline and the signature GitLab reports', async () => {
    const carolGl = glUser(7, 'carol');
    const aliceGl = glUser(8, 'alice');
    gitlab.state.mrs.set(
      9,
      glMergeRequest(aliceGl, [modifiedDiff('infra/prod/a.tf')], {
        state: 'merged',
        merge_commit_sha: scene.reviewed.merge,
        created_at: '2026-03-01T09:00:00Z',
        approvedBy: [carolGl],
        versions: [{ head_commit_sha: scene.reviewed.head, base_commit_sha: scene.base, created_at: '2026-03-02T10:05:00Z' }],
      }, { iid: 9, head: scene.reviewed.head, base: scene.base }),
    );
    gitlab.state.notes.push({ id: 6001, mr_iid: 9, author: carolGl, body: 'approved this merge request', system: true, created_at: '2026-03-02T11:00:00.000Z', updated_at: '2026-03-02T11:00:00.000Z' });
    gitlab.state.pipelines = [{ sha: scene.reviewed.head, status: 'failed' }, { sha: scene.reviewed.head, status: 'success' }];
    gitlab.state.signatures = { [scene.reviewed.head]: { signature_type: 'PGP', verification_status: 'verified' } };
    const population = await collect(new GitLabChangeHistory({ token: gitlab.state.token, project: 'group/project', baseUrl: `${gitlab.url}/api/v4` }));
    const change = byId(population, scene.reviewed.merge);
    expect(change.change_request).toMatchObject({ number: 9, author: { id: '8', login: 'alice' }, merged_head_sha: scene.reviewed.head, labels: [] });
    expect(change.approvals).toEqual([{ id: '7', login: 'carol', time: '2026-03-02T11:00:00.000Z', sha: scene.reviewed.head, on_merged_head: true }]);
    expect(change.ci_status).toBe('success');
    expect(change.commits.find((commit) => commit.sha === scene.reviewed.head)?.signature.platform).toEqual({ verified: true, reason: 'verified' });
    expect(byId(population, scene.directPush).change_request).toBeNull();
    expect(byId(population, scene.directPush).commits[0].signature.platform).toEqual({ verified: false, reason: 'unsigned' });
  });
});

describe('collectAuditPopulation: hostile commits', () => {
  test("a subject holding the log's separators cannot forge a record: the commit stays one unsigned change", async () => {
    const dir = tempDir('gitops-sync-audit-hostile-');
    const git = (...args: string[]) => run(dir, 'git', ['-c', 'user.name=Mallory', '-c', 'user.email=mallory@example.com', '-c', 'commit.gpgsign=false', ...args], { GIT_AUTHOR_DATE: '2026-03-02T10:00:00Z', GIT_COMMITTER_DATE: '2026-03-02T10:00:00Z' });
    git('init', '-q', '-b', 'main');
    mkdirSync(join(dir, 'infra'));
    writeFileSync(join(dir, 'infra', 'main.tf'), '# evil\n');
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  production:\n    paths: [infra]\n');
    git('add', '.');
    const fake = `${'f'.repeat(40)}\x1f\x1f2026-03-02T10:00:00Z\x1fG\x1fAlice Signer <alice@example.com>\x1fKEY\x1e`;
    git('commit', '-q', '-m', `innocent\x1e${fake}`);
    const sha = git('rev-parse', 'HEAD');
    const population = await collectAuditPopulation({
      cwd: dir,
      config: parseConfig(readFileSync(join(dir, 'gitops-sync.yaml'), 'utf8'), 'gitops-sync.yaml'),
      configPath: join(dir, 'gitops-sync.yaml'),
      since: SINCE,
      until: UNTIL,
      events: [],
      exec: nodeExec,
      clock: systemClock,
    });
    expect(population.changes.map((change) => change.sha)).toEqual([sha]);
    expect(population.changes[0].commits).toEqual([expect.objectContaining({ sha, author: { name: 'Mallory', email: 'mallory@example.com', login: null }, signature: expect.objectContaining({ local: 'unsigned', signer: null }) })]);
  });
});

describe('collectAuditPopulation: bad input', () => {
  test('a repository without the environment branch: one sentence naming the branch', async () => {
    const withRelease = config('approval:\n  environments:\n    production:\n      branch: release\n');
    await expectRejection(collect(undefined, { config: withRelease }), /^The branch release of environment production is not in the repository at .+; fetch it \(git fetch origin release/);
  });

  test('an environment the config does not have: one sentence naming it', async () => {
    const population = collectAuditPopulation({ cwd: scene.dir, config: config(), configPath: join(scene.dir, 'gitops-sync.yaml'), since: SINCE, until: UNTIL, environments: ['staging'], events: [], exec: nodeExec, clock: systemClock });
    await expectRejection(population, /^Environment "staging" is not in the configuration; add it under environments:/);
  });

  test('an unreadable keyring: one sentence naming the file and the key', async () => {
    const missing = config().audit;
    await expectRejection(
      collect(undefined, { config: { ...config(), audit: { ...missing, signatures: { ...missing.signatures, gpg_keyring: 'keys/missing.asc' } } } }),
      /^The GPG keyring .+keys\/missing\.asc \(audit\.signatures\.gpg_keyring\) cannot be read \(ENOENT\)/,
    );
  });

  test('without the configured keys, no signature is good: the runner keyring does not count', async () => {
    const none = config().audit;
    const population = await collect(undefined, { config: { ...config(), audit: { ...none, signatures: { require_signed: false } } } });
    expect(byId(population, scene.reviewed.merge).commits.find((commit) => commit.sha === scene.reviewed.head)?.signature.local).toBe('unknown-key');
    expect(byId(population, scene.directPush).commits[0].signature.local).toBe('unknown-key');
  });
});

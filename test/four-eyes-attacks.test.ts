/**
 * Security review of the four-eyes issue: attacks on approve-safe and the gate, each written as the
 * test that must hold. A failing test here is a demonstrated bypass (or leak, or crash); a passing
 * one documents an attack that is already blocked and is not covered by the other test files.
 *
 * GitHub: real Octokit against the loopback fake and a real git checkout. GitLab: the REST v4
 * adapter against the loopback fake, the base policy read through the files API.
 */
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { ApprovalEnvironment, BUG_NOTE, evaluateGate, type GateInput, type Person } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { ghUser, listenLoopback, useFakeGitHub, type GhCommit, type GhPull, type GhReview, type GhUser } from './support/fake-github.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab, type GlDiff, type GlMr } from './support/fake-gitlab.js';
import { git, pullRequestRepo, type FileChange, type PullRequestRepo } from './support/git-repo.js';

const github = useFakeGitHub();
const gitlab = useFakeGitLab();

/** A third-party host: records every request it gets, answers 404. */
let evil: { url: string; close: () => Promise<void> };
const evilRequests: { path: string; headers: IncomingHttpHeaders }[] = [];
beforeAll(async () => {
  evil = await listenLoopback(async (req, res) => {
    evilRequests.push({ path: req.url ?? '', headers: req.headers });
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
  });
});
afterAll(async () => {
  await evil.close();
});

const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
  evilRequests.length = 0;
});

// ---------------------------------------------------------------------------------------------
// GitHub
// ---------------------------------------------------------------------------------------------

const alice = ghUser('alice');
const bob = ghUser('bob');
const carol = ghUser('carol');
const dave = ghUser('dave');

const GH_CONFIG = `approval:
  environments:
    production:
      production: true
    staging:
      required_approvals: 1
`;
const GH_BASE: Record<string, FileChange> = {
  'gitops-sync.yaml': GH_CONFIG,
  CODEOWNERS: '/terraform/ @bob\n',
  'terraform/main.tf': 'a\n',
  'docs/guide.md': '# Guide\n',
};

const ghCommit = (sha: string, author: GhUser): GhCommit => ({
  sha,
  author,
  committer: author,
  authorName: author.login,
  authorEmail: `${author.login}@example.com`,
  committerName: author.login,
  committerEmail: `${author.login}@example.com`,
});

let reviewId = 500;
const ghReview = (user: GhUser, sha: string, state: GhReview['state'] = 'APPROVED'): GhReview => ({ id: reviewId++, user, state, commit_id: sha, body: '', submitted_at: '2026-11-25T12:00:00Z' });

/** PR 9 in a real checkout and in the fake API; alice opened it and wrote its one commit. */
function ghPull(head: Record<string, FileChange>, base: Record<string, FileChange> = GH_BASE, pull: Partial<GhPull> = {}): { repo: PullRequestRepo; pull: GhPull } {
  const repo = pullRequestRepo(base, head);
  repos.push(repo);
  const value: GhPull = {
    number: 9,
    user: alice,
    draft: false,
    state: 'open',
    head: { sha: repo.headSha, ref: 'change', repoFullName: 'owner/repo' },
    base: { sha: repo.baseSha, ref: 'main', repoFullName: 'owner/repo' },
    files: repo.files,
    reviews: [],
    commits: [ghCommit(repo.headSha, alice)],
    labels: [],
    requested_reviewers: [],
    requested_teams: [],
    ...pull,
  };
  github.state.pulls.set(9, value);
  github.state.permissions = { alice: 'write', bob: 'write', carol: 'write', dave: 'write' };
  return { repo, pull: value };
}

async function ghRun(repo: PullRequestRepo, command: 'approve-safe' | 'gate', ...extra: string[]) {
  const run = await cli([command, '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--format', 'json', ...extra], {
    cwd: repo.dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' },
  });
  let decision;
  try {
    decision = run.stdout ? JSON.parse(run.stdout) : undefined;
  } catch {
    decision = undefined;
  }
  return { ...run, decision };
}

const ghApprovalsPosted = () => github.requests.filter((request) => request.method === 'POST' && /\/pulls\/9\/reviews$/.test(request.path));

describe('GitHub: approve-safe', () => {
  test('attack: a files page served twice (flaky/malicious pagination) hides an unsafe file, and the count still adds up', async () => {
    const head: Record<string, FileChange> = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`docs/page-${String(i).padStart(3, '0')}.md`, `${i}\n`]));
    head['terraform/main.tf'] = 'resource "terraform_data" "evil" {}\n';
    const { repo, pull } = ghPull(head);
    expect(pull.files).toHaveLength(101);
    expect(pull.files[100].filename).toBe('terraform/main.tf'); // the one file on page 2
    // Page 2 repeats the first file of page 1 instead of the terraform file: 101 listed, changed_files 101.
    github.faults.push({ method: 'GET', path: /\/pulls\/9\/files\?.*page=2/, status: 200, times: 1, body: [{ filename: pull.files[0].filename, status: 'added' }] });
    const run = await ghRun(repo, 'approve-safe');
    expect(run.decision.safe).toBe(false);
    expect(ghApprovalsPosted()).toHaveLength(0);
  }, 30000);

  test('attack: --config ./docs/gitops-sync.yaml: the policy file is read, but not guarded as a control', async () => {
    const base = { 'docs/gitops-sync.yaml': 'approval:\n  safe_paths: ["docs/**"]\n', 'terraform/main.tf': 'a\n' };
    // The head widens the policy; once merged, every later PR is "safe".
    const { repo } = ghPull({ 'docs/gitops-sync.yaml': 'approval:\n  safe_paths: ["**"]\n' }, base);
    const run = await ghRun(repo, 'approve-safe', '--config', './docs/gitops-sync.yaml');
    expect(run.decision.safe).toBe(false);
    expect(ghApprovalsPosted()).toHaveLength(0);
  });

  test('attack: the author picks the base: a PR into a branch they pushed (with a permissive gitops-sync.yaml) is approved, and the approval survives a retarget to main', async () => {
    // attacker-base = main + one commit widening safe_paths; the PR branch forks from main, so the merge
    // base with attacker-base and with main is the same commit and GitHub's stale-review dismissal
    // (merge-base based) does not fire on retarget; the README's workflow does not run on `edited`.
    const attackerBase = { ...GH_BASE, 'gitops-sync.yaml': 'approval:\n  safe_paths: ["**"]\n' };
    const { repo } = ghPull({ 'terraform/main.tf': 'resource "terraform_data" "evil" {}\n' }, attackerBase);
    github.state.pulls.get(9)!.base.ref = 'attacker-base';
    const run = await ghRun(repo, 'approve-safe');
    expect(run.decision.safe).toBe(false);
    expect(ghApprovalsPosted()).toHaveLength(0);
  });

  test('attack (already blocked): paths with a newline or a tab are unsafe, and -z parsing keys modes by the exact path (a symlink with spaces is found)', async () => {
    const { repo, pull } = ghPull({ 'docs/a\nb.md': 'x\n', 'docs/tab\there.md': 'y\n' });
    // repo.files came from --name-status (quoted); list the names as GitHub does.
    pull.files = [
      { filename: 'docs/a\nb.md', status: 'added' },
      { filename: 'docs/tab\there.md', status: 'added' },
    ];
    const run = await ghRun(repo, 'approve-safe');
    expect(run.code).toBe(0);
    expect(run.decision.findings).toEqual([
      { path: 'docs/a\nb.md', reason: expect.stringContaining('printable ASCII') },
      { path: 'docs/tab\there.md', reason: expect.stringContaining('printable ASCII') },
    ]);

    const link = ghPull({ 'docs/link with space -> x': { symlink: '../terraform' } });
    link.pull.files = [{ filename: 'docs/link with space -> x', status: 'added' }];
    const second = await ghRun(link.repo, 'approve-safe');
    expect(second.decision.findings).toEqual([{ path: 'docs/link with space -> x', reason: 'it is a symbolic link' }]);
    expect(ghApprovalsPosted()).toHaveLength(0);
  });
});

describe('GitHub: the gate', () => {
  test('attack: approve-safe run with a machine-user token (type User, as "a separate bot identity" often is) counts as a human approval', async () => {
    const { repo } = ghPull({ 'docs/guide.md': '# Guide, revised\n' });
    github.state.tokenUser = ghUser('gitops-bot');
    github.state.permissions['gitops-bot'] = 'write';
    const approved = await ghRun(repo, 'approve-safe');
    expect(approved.decision.approved).toBe(true);
    // staging: required_approvals 1, allow_auto_approved false → a human must approve. Nobody did.
    const run = await ghRun(repo, 'gate', '--env', 'staging');
    expect(run.decision.approvals_counted).toEqual([]);
    expect(run.code).toBe(3);
  });

  test('attack: more than 3,000 files: the code owners of the files GitHub does not list are never required', async () => {
    const { repo, pull } = ghPull({ 'terraform/main.tf': 'b\n' });
    pull.files = [...Array.from({ length: 3000 }, (_, i) => ({ filename: `docs/${i}.md`, status: 'added' })), { filename: 'terraform/main.tf', status: 'modified' }];
    // Two independent writers approve, neither is @bob, the owner of /terraform/.
    pull.reviews = [ghReview(carol, repo.headSha), ghReview(dave, repo.headSha)];
    const run = await ghRun(repo, 'gate', '--env', 'production');
    expect(run.decision.allowed).toBe(false);
    expect(run.code).toBe(3);
  }, 60000);

  test('attack: more than 250 commits: an author of a commit GitHub does not list approves and is counted', async () => {
    const { repo, pull } = ghPull({ 'terraform/main.tf': 'b\n' });
    pull.commits = [...Array.from({ length: 250 }, (_, i) => ghCommit(String(i).padStart(40, '1'), alice)), ghCommit(repo.headSha, carol)];
    pull.reviews = [ghReview(bob, repo.headSha), ghReview(carol, repo.headSha)];
    const run = await ghRun(repo, 'gate', '--env', 'production');
    expect(run.code).toBe(3);
    expect(run.decision.missing[0]).toMatch(/the authors of 1 commit\(s\) beyond the 250 the API lists/);
  });

  test('attack: a git error reading the base CODEOWNERS (partial clone, blob not fetchable) is taken as "no CODEOWNERS"', async () => {
    // The PR rewrites CODEOWNERS and terraform. The runner checked out the head as a partial clone
    // (filter: blob:none, persist-credentials: false), so the base CODEOWNERS blob cannot be fetched.
    const { repo, pull } = ghPull({ CODEOWNERS: '* @alice\n', 'terraform/main.tf': 'b\n' });
    pull.reviews = [ghReview(carol, repo.headSha), ghReview(dave, repo.headSha)];
    git(repo.dir, 'config', 'uploadpack.allowFilter', 'true');
    const clone = mkdtempSync(join(tmpdir(), 'gitops-sync-partial-'));
    repos.push({ ...repo, dir: clone });
    git(tmpdir(), 'clone', '-q', '--filter=blob:none', '--no-checkout', `file://${repo.dir}`, clone);
    git(clone, 'checkout', '-q', repo.headSha);
    renameSync(repo.dir, `${repo.dir}-gone`); // the remote is unreachable now
    repos.push({ ...repo, dir: `${repo.dir}-gone` });
    const run = await ghRun({ ...repo, dir: clone }, 'gate', '--env', 'production');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/git could not read CODEOWNERS at [0-9a-f]{12} .*; fetch the base commit fully/);
  });

  test.each(['constructor', '__proto__', 'toString'])('bad input: --env %s is read off Object.prototype and fails as a "bug", not as one sentence', async (env) => {
    const { repo } = ghPull({ 'terraform/main.tf': 'b\n' });
    const run = await ghRun(repo, 'gate', '--env', env);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain(BUG_NOTE);
    expect(run.stderr).toMatch(new RegExp(`Environment ${env} has no approval\\.environments`));
  });

  test('attack (already blocked): a review with a null (deleted) user and an approval with commit_id null do not count', async () => {
    const { repo } = ghPull({ 'terraform/main.tf': 'b\n' });
    const json = (user: GhUser) => ({ login: user.login, id: user.id, type: user.type });
    github.faults.push({
      method: 'GET',
      path: /\/pulls\/9\/reviews$/,
      status: 200,
      times: 1,
      body: [
        { id: 1, user: null, state: 'APPROVED', commit_id: repo.headSha, body: '' },
        { id: 2, user: json(bob), state: 'APPROVED', commit_id: null, body: '' },
        { id: 3, user: json(carol), state: 'APPROVED', commit_id: repo.headSha, body: '' },
      ],
    });
    const run = await ghRun(repo, 'gate', '--env', 'production');
    expect(run.code).toBe(3);
    expect(run.decision.approvals_counted.map((approval: { user: string }) => approval.user)).toEqual(['carol']);
    expect(run.decision.approvals_rejected).toEqual([{ user: 'bob', id: bob.id, reason: 'approval not tied to the head commit' }]);
  });

  test('attack (already blocked): a link header pointing at another host is not followed, and a redirect to another host does not carry the token', async () => {
    const { repo, pull } = ghPull({ 'terraform/main.tf': 'b\n' });
    pull.reviews = [ghReview(bob, repo.headSha), ghReview(carol, repo.headSha)];
    github.faults.push({ method: 'GET', path: /\/pulls\/9\/reviews\?.*page=1/, status: 200, times: 1, body: [], headers: { link: `<${evil.url}/repos/owner/repo/pulls/9/reviews?page=2>; rel="next"` } });
    await ghRun(repo, 'gate', '--env', 'production');
    expect(evilRequests).toEqual([]);

    github.faults.push({ method: 'GET', path: /\/pulls\/9$/, status: 302, times: 1, headers: { location: `${evil.url}/repos/owner/repo/pulls/9` } });
    await ghRun(repo, 'gate', '--env', 'production');
    expect(evilRequests.length).toBeGreaterThan(0); // fetch followed the redirect…
    expect(evilRequests.map((request) => request.headers.authorization)).toEqual(evilRequests.map(() => undefined)); // …without the token
  });
});

// ---------------------------------------------------------------------------------------------
// GitLab
// ---------------------------------------------------------------------------------------------

const workdir = mkdtempSync(join(tmpdir(), 'gitops-sync-attacks-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const BASE = 'b'.repeat(40);
const HEAD = 'a'.repeat(40);
const glAlice = glUser(10, 'alice', { public_email: 'alice@example.com' });
const glBob = glUser(11, 'bob', { public_email: 'bob@example.com' });
const glCarol = glUser(12, 'carol', { public_email: 'carol@example.com' });
const glDan = glUser(14, 'dan', { public_email: 'dan@example.com' });

const modified = (path: string): GlDiff => modifiedDiff(path);

function glMr(diffs: GlDiff[], overrides: Partial<GlMr> = {}, files: Record<string, string> = {}): GlMr {
  const mr = glMergeRequest(glAlice, diffs, overrides, { head: HEAD, base: BASE });
  gitlab.state.mrs.set(5, mr);
  gitlab.state.users = [glAlice, glBob, glCarol, glDan];
  gitlab.state.files = {
    [`${BASE}:gitops-sync.yaml`]: 'approval:\n  environments:\n    production: { production: true }\n    staging: { required_approvals: 1 }\n',
    [`${BASE}:CODEOWNERS`]: '[Infra]\n/terraform/ @bob\n',
    ...files,
  };
  gitlab.state.members = { 10: 30, 11: 30, 12: 30, 14: 30 };
  gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true };
  return mr;
}

async function glRun(command: 'approve-safe' | 'gate', ...extra: string[]) {
  const result = await cli([command, '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--format', 'json', ...extra], {
    cwd: workdir,
    env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4`, GITLAB_CI: '' },
  });
  let decision;
  try {
    decision = result.stdout ? JSON.parse(result.stdout) : undefined;
  } catch {
    decision = undefined;
  }
  return { ...result, decision };
}

const glApprovalsPosted = () => gitlab.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/merge_requests/5/approve'));

describe('GitLab: approve-safe', () => {
  test('attack: a CI file included by an included CI file (nested local include) is not a control', async () => {
    glMr([modified('docs/ci/deploy-steps.yml')], {}, {
      [`${BASE}:.gitlab-ci.yml`]: 'include:\n  - local: ci/main.yml\n',
      [`${BASE}:ci/main.yml`]: 'include:\n  - local: docs/ci/deploy-steps.yml\ndeploy:\n  script: [./deploy.sh]\n',
      [`${BASE}:docs/ci/deploy-steps.yml`]: '.steps:\n  script: [echo ok]\n',
    });
    const result = await glRun('approve-safe');
    expect(result.decision.safe).toBe(false);
    expect(glApprovalsPosted()).toHaveLength(0);
  });
});

describe('GitLab: approve-safe and the files a pipeline runs', () => {
  test('attack: a child pipeline file (trigger: include) under docs/ is edited to run `curl … | sh`', async () => {
    glMr([modified('docs/ci/child.yml')], {}, {
      [`${BASE}:.gitlab-ci.yml`]: 'deploy:\n  trigger:\n    include:\n      - local: docs/ci/child.yml\n    strategy: depend\n',
      [`${BASE}:docs/ci/child.yml`]: 'job:\n  script: [echo ok]\n',
    });
    const result = await glRun('approve-safe');
    expect(result.decision.findings).toEqual([{ path: 'docs/ci/child.yml', reason: 'the path is a control (CI, CODEOWNERS or gitops-sync policy)' }]);
    expect(glApprovalsPosted()).toHaveLength(0);
  });

  test('attack: an include whose path is a variable (local: docs/ci/$DEPLOY_TARGET.yml) names files that cannot be known here, so nothing is safe', async () => {
    glMr([modified('docs/ci/prod.yml')], {}, { [`${BASE}:.gitlab-ci.yml`]: 'include:\n  - local: docs/ci/$DEPLOY_TARGET.yml\n' });
    const result = await glRun('approve-safe');
    expect(result.decision.findings).toContainEqual({
      path: null,
      reason: '.gitlab-ci.yml at the base commit has `include: local: docs/ci/$DEPLOY_TARGET.yml`, a variable that cannot be resolved here, so what its pipeline runs cannot be judged',
    });
    expect(glApprovalsPosted()).toHaveLength(0);
  });
});

describe('GitLab: the gate', () => {
  test('attack: approve-safe\'s own approval (a project access token bot; the approvals API has no "bot" field) counts as a human approval', async () => {
    const mr = glMr([modified('docs/guide.md')]);
    gitlab.state.members[gitlab.state.tokenUser.id] = 30; // the bot needs Developer to approve at all
    expect((await glRun('approve-safe')).decision.approved).toBe(true);
    expect(mr.approvedBy.map((user) => user.username)).toEqual(['gitops-bot']);
    // staging: required_approvals 1, allow_auto_approved false → a human must approve. Nobody did.
    const result = await glRun('gate', '--env', 'staging');
    expect(result.decision.approvals_counted).toEqual([]);
    expect(result.code).toBe(3);
  });

  test('attack: a commit author who is not its committer approves and is counted (GitLab\'s setting only bars committers)', async () => {
    glMr([modified('terraform/main.tf')], {
      approvedBy: [glBob, glCarol],
      // carol wrote the change; alice committed (cherry-picked / rebased) it.
      commits: [{ id: HEAD, author_name: 'carol', author_email: 'carol@example.com', committer_name: 'alice', committer_email: 'alice@example.com' }],
    });
    const result = await glRun('gate', '--env', 'production');
    expect(result.code).toBe(3);
    expect(result.decision.missing).toContainEqual(expect.stringMatching(/author carol, who is not its committer/));
  });

  test('attack: changes_count "1000+": the code owners of the diffs GitLab does not list are never required', async () => {
    // GitLab lists only part of the change; the terraform file owned by @bob is beyond the listing.
    glMr([modified('docs/a.md')], { changes_count: '1000+', approvedBy: [glCarol, glDan] });
    const result = await glRun('gate', '--env', 'production');
    expect(result.decision.allowed).toBe(false);
    expect(result.code).toBe(3);
  });
});

describe('GitLab: the token', () => {
  test('attack: a redirect to another host receives the PRIVATE-TOKEN header', async () => {
    glMr([modified('docs/guide.md')]);
    gitlab.faults.push({ method: 'GET', path: /\/merge_requests\/5$/, status: 302, times: 1, headers: { location: `${evil.url}/api/v4/projects/42/merge_requests/5` } });
    const result = await glRun('approve-safe');
    expect(result.code).toBe(1);
    expect(evilRequests).toEqual([]); // the redirect is not followed, so the token never leaves
  });
});

// ---------------------------------------------------------------------------------------------
// Pure rules
// ---------------------------------------------------------------------------------------------

describe('the gate rules', () => {
  const author: Person = { id: 1, login: 'alice', bot: false };
  const input = (environment: string, policy: ApprovalEnvironment): GateInput => ({
    environment,
    policy,
    bots: [],
    request: { number: 7, author, headSha: HEAD, baseSha: BASE, draft: false, open: true, merged: false, fromFork: false, changedFiles: 1, baseRef: 'main' },
    reviews: [],
    commits: [{ sha: HEAD, userIds: [author.id], unresolved: [] }],
    writers: new Set(),
    teams: new Map(),
    owners: [],
    critical: false,
    safe: true,
    platformProblems: [],
  });

  test('attack: an environment named "production" (production: unset) with allow_auto_approved passes with no human, though it needs 2 approvals', () => {
    const policy = ApprovalEnvironment.parse({ allow_auto_approved: true });
    const decision = evaluateGate(input('production', policy));
    expect(decision.required_approvals).toBe(2);
    expect(decision.allowed).toBe(false);
  });

  test('attack (policy hardening): production: true with required_approvals: 0 is accepted and lets anything through', () => {
    const parsed = ApprovalEnvironment.safeParse({ production: true, required_approvals: 0 });
    const decision = parsed.success ? evaluateGate(input('production', parsed.data)) : undefined;
    expect(decision?.allowed ?? false).toBe(false);
  });
});

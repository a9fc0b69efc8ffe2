/**
 * `gitops-sync approve-safe --platform github`: real Octokit (from @actions/github) against a
 * loopback GitHub that serves the documented payloads, and a real git checkout for file modes and
 * the base-commit policy. Every bypass attempt must end without a review being created.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub, type GhPull } from './support/fake-github.js';
import { git, gitTree, pullRequestRepo, type FileChange, type PullRequestRepo } from './support/git-repo.js';

const github = useFakeGitHub();
const author = ghUser('alice');
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

const BASE: Record<string, FileChange> = {
  'gitops-sync.yaml': 'environments:\n  prod:\n    terraform: { dir: terraform }\napproval:\n  safe_paths: ["docs/**", "README*", "**/*.md", "**/values-dev.yaml", "runbooks/**"]\n',
  '.github/CODEOWNERS': '* @owner/platform\n/terraform/ @owner/infra @bob\n/docs/ @carol\n',
  '.github/workflows/ci.yml': 'on: push\n',
  'terraform/main.tf': 'resource "terraform_data" "a" {}\n',
  'terraform/prod.tf': 'resource "terraform_data" "b" {}\n',
  'docs/guide.md': '# Guide\n',
  'apps/web/values-dev.yaml': 'replicas: 1\n',
  'apps/web/values-prod.yaml': 'replicas: 3\n',
};

/** A pull request in both the checkout and the fake API; `pull` tweaks what the API says. */
function openPull(head: Record<string, FileChange>, options: { renames?: Record<string, string>; pull?: Partial<GhPull> } = {}): PullRequestRepo {
  const repo = pullRequestRepo(BASE, head, options.renames);
  repos.push(repo);
  github.state.pulls.set(7, ghPullRequest(author, { number: 7, head: repo.headSha, base: repo.baseSha }, { files: repo.files, ...options.pull }));
  github.state.permissions = { bob: 'write', carol: 'write', alice: 'write' };
  return repo;
}

async function approveSafe(repo: PullRequestRepo, ...extra: string[]) {
  const run = await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--format', 'json', ...extra], {
    cwd: repo.dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' },
  });
  return { ...run, decision: run.code === 0 ? JSON.parse(run.stdout) : undefined };
}

const posted = (path: RegExp, method = 'POST') => github.requests.filter((request) => request.method === method && path.test(request.path));
const reviewsPosted = () => posted(/\/pulls\/7\/reviews$/);

describe('approve-safe approves safe changes exactly once', () => {
  test.each([
    ['docs only', { 'docs/guide.md': '# Guide, revised\n', 'docs/new.md': 'new\n' }],
    ['dev values only', { 'apps/web/values-dev.yaml': 'replicas: 2\n' }],
    ['a path the base config adds (runbooks/**)', { 'runbooks/restart.sh': 'echo restart\n' }],
  ])('%s', async (_name, head) => {
    const repo = openPull(head);
    const first = await approveSafe(repo);
    expect(first.decision).toMatchObject({ safe: true, approved: true, findings: [], head_sha: repo.headSha });
    expect(reviewsPosted()).toHaveLength(1);
    expect(reviewsPosted()[0].body).toMatchObject({ event: 'APPROVE', commit_id: repo.headSha, body: expect.stringContaining('gitops-sync:approve-safe') });

    const second = await approveSafe(repo);
    expect(second.decision.actions).toEqual([`already approved ${repo.headSha.slice(0, 12)}`]);
    expect(reviewsPosted()).toHaveLength(1);
    expect(posted(/\/issues\/7\/comments$/)).toHaveLength(0);
  });
});

describe('approve-safe never approves a bypass attempt', () => {
  const cases: [string, Record<string, FileChange>, { renames?: Record<string, string>; pull?: Partial<GhPull> }, RegExp][] = [
    ['a rename terraform/main.tf → docs/main.md', {}, { renames: { 'terraform/main.tf': 'docs/main.md' } }, /old path "terraform\/main.tf" is not a safe path/],
    ['deleting terraform/prod.tf', { 'terraform/prod.tf': null }, {}, /terraform\/prod.tf: the path is not a safe path/],
    ['a symlink docs/link → ../terraform', { 'docs/link': { symlink: '../terraform' } }, {}, /docs\/link: it is a symbolic link/],
    ['making a doc executable', { 'docs/guide.md': { executable: '# Guide\n' } }, {}, /mode changes from 100644 to 100755/],
    ['editing CODEOWNERS', { '.github/CODEOWNERS': '* @alice\n' }, {}, /\.github\/CODEOWNERS: the path is a control/],
    ['editing a workflow', { '.github/workflows/ci.yml': 'on: pull_request_target\n' }, {}, /ci.yml: the path is a control/],
    ['a unicode look-alike folder', { 'dоcs/guide.md': 'x\n' }, {}, /printable ASCII/],
    ['a draft', { 'docs/guide.md': 'x\n' }, { pull: { draft: true } }, /the change is a draft/],
    ['README.auto.tfvars, which README* matches', { 'README.auto.tfvars': 'allowed_cidr = "0.0.0.0/0"\n' }, {}, /README.auto.tfvars: the path matches safe_paths but is a file Terraform/],
    ['a Markdown file inside the Terraform folder', { 'terraform/notes.md': 'x\n' }, {}, /terraform\/notes.md: the path matches safe_paths but is loaded by environment prod/],
    ['a fork', { 'docs/guide.md': 'x\n' }, { pull: { head: { sha: '', ref: 'change', repoFullName: 'mallory/repo' } } }, /comes from a fork/],
    ['fewer files listed than changed_files', { 'docs/guide.md': 'x\n' }, { pull: { changed_files: 2 } }, /listed 1 files but says 2 changed/],
  ];
  test.each(cases)('%s', async (_name, head, options, reason) => {
    const repo = openPull(head, options);
    const pull = github.state.pulls.get(7)!;
    if (!pull.head.sha) pull.head.sha = repo.headSha;
    const run = await approveSafe(repo);
    expect(run.decision.safe).toBe(false);
    expect(run.decision.findings.map((f: { path: string | null; reason: string }) => `${f.path ?? ''}: ${f.reason}`).join('\n')).toMatch(reason);
    expect(reviewsPosted()).toHaveLength(0);
    expect(posted(/\/issues\/7\/labels$/)[0].body).toEqual({ labels: ['gitops-sync:needs-review'] });
  });

  test('the policy changed in the head to allow everything is ignored: the base commit decides', async () => {
    const repo = openPull({ 'gitops-sync.yaml': 'approval:\n  safe_paths: ["**"]\n', 'terraform/main.tf': 'resource "terraform_data" "evil" {}\n' });
    const run = await approveSafe(repo);
    const reasons = run.decision.findings.map((f: { path: string; reason: string }) => `${f.path}: ${f.reason}`);
    expect(reasons).toEqual(['gitops-sync.yaml: the path is a control (CI, CODEOWNERS or gitops-sync policy)', 'terraform/main.tf: the path is not a safe path']);
    expect(reviewsPosted()).toHaveLength(0);
  });

  test('3,001 files are never approved', async () => {
    const repo = openPull({ 'docs/guide.md': 'x\n' });
    const pull = github.state.pulls.get(7)!;
    pull.files = Array.from({ length: 3001 }, (_, i) => ({ filename: `docs/${i}.md`, status: 'added' }));
    const run = await approveSafe(repo);
    expect(run.decision.findings).toContainEqual({ path: null, reason: 'more than 3000 files changed, more than the API lists' });
    expect(reviewsPosted()).toHaveLength(0);
  });

  test('the head moving while evaluating is not approved', async () => {
    const repo = openPull({ 'docs/guide.md': 'x\n' });
    let gets = 0;
    github.state.pulls.get(7)!.onGet = (pull) => {
      if (++gets === 1) pull.head.sha = 'f'.repeat(40);
    };
    const run = await approveSafe(repo);
    expect(run.decision.findings).toContainEqual({ path: null, reason: expect.stringMatching(/^the head moved from/) });
    expect(reviewsPosted()).toHaveLength(0);
  });

  test('an API error in the middle of the file listing approves nothing and says so', async () => {
    const head = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`docs/page-${i}.md`, `${i}\n`]));
    const repo = openPull(head);
    github.faults.push({ path: /\/pulls\/7\/files\?.*page=2/, status: 502, times: 10 });
    const run = await approveSafe(repo);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\ngitops-sync: GitHub could not list the files of owner\/repo#7 \(HTTP 502 after 4 attempts\); run it again later\.\n$/);
    expect(reviewsPosted()).toHaveLength(0);
  }, 30000);
});

describe('approve-safe without both commits in the clone (a shallow checkout, a terminal) reads file modes through the git trees API', () => {
  /** The pull request's repository as GitHub serves it (base files, both trees), and a depth-1 clone of its head. */
  function shallow(head: Record<string, FileChange>): { repo: PullRequestRepo; clone: string } {
    const repo = openPull(head);
    for (const [path, text] of Object.entries(BASE)) if (typeof text === 'string') github.state.contents[`${repo.baseSha}:${path}`] = text;
    github.state.trees = { [repo.baseSha]: { entries: gitTree(repo.dir, repo.baseSha) }, [repo.headSha]: { entries: gitTree(repo.dir, repo.headSha) } };
    const clone = mkdtempSync(join(tmpdir(), 'gitops-sync-shallow-'));
    repos.push({ ...repo, dir: clone });
    git(tmpdir(), 'clone', '-q', '--depth', '1', '--branch', 'change', `file://${repo.dir}`, clone);
    expect(git(clone, 'rev-parse', '--is-shallow-repository')).toBe('true');
    return { repo, clone };
  }
  const reasons = (decision: { findings: { path: string | null; reason: string }[] }) => decision.findings.map((f) => `${f.path ?? ''}: ${f.reason}`);

  test('a docs-only change is approved from a depth-1 clone and from a directory that is no clone at all', async () => {
    const { repo, clone } = shallow({ 'docs/guide.md': '# Guide, revised\n' });
    const fromClone = await approveSafe({ ...repo, dir: clone }, '--dry-run');
    expect(fromClone.decision).toMatchObject({ safe: true, findings: [] });
    const terminal = mkdtempSync(join(tmpdir(), 'gitops-sync-terminal-'));
    repos.push({ ...repo, dir: terminal });
    const fromTerminal = await approveSafe({ ...repo, dir: terminal });
    expect(fromTerminal.decision).toMatchObject({ safe: true, approved: true, findings: [] });
    expect(reviewsPosted()).toHaveLength(1);
    expect(github.requests.some((request) => request.path === `/repos/owner/repo/git/trees/${repo.headSha}` && request.query.get('recursive') === '1')).toBe(true);
  });

  test.each<[string, Record<string, FileChange>, string]>([
    ['a symlink docs/link → ../terraform', { 'docs/link': { symlink: '../terraform' } }, 'docs/link: it is a symbolic link'],
    ['making a doc executable', { 'docs/guide.md': { executable: '# Guide\n' } }, 'docs/guide.md: its mode changes from 100644 to 100755'],
  ])('%s is still caught', async (_name, head, finding) => {
    const { repo, clone } = shallow(head);
    const run = await approveSafe({ ...repo, dir: clone });
    expect(reasons(run.decision)).toEqual([finding]);
    expect(reviewsPosted()).toHaveLength(0);
  });

  test('a truncated tree is refused: modes unknown, nothing approved, and the sentence says what to do', async () => {
    const { repo, clone } = shallow({ 'docs/guide.md': '# Guide, revised\n' });
    github.state.trees![repo.headSha].truncated = true;
    const run = await approveSafe({ ...repo, dir: clone });
    expect(reasons(run.decision)).toEqual([
      `: the file modes are unknown: GitHub's tree of ${repo.headSha.slice(0, 12)} is truncated (more than 100,000 entries or 7 MB); check out both commits (actions/checkout with fetch-depth: 0)`,
      'docs/guide.md: its file mode is unknown',
    ]);
    expect(reviewsPosted()).toHaveLength(0);
  });
});

describe('approve-safe asks for review and keeps state in step with the head', () => {
  test('unsafe paths get the label, one comment naming the owners, and review requests to them', async () => {
    const repo = openPull({ 'terraform/main.tf': 'changed\n', 'docs/guide.md': 'x\n' });
    const first = await approveSafe(repo);
    expect(first.decision.owners).toEqual([{ path: 'terraform/main.tf', owners: ['@owner/infra', '@bob'] }]);
    const comments = github.state.comments.filter((comment) => comment.issue_number === 7);
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain('| `terraform/main.tf` | the path is not a safe path | @owner/infra @bob |');
    expect(posted(/\/requested_reviewers$/)[0].body).toEqual({ reviewers: ['bob'], team_reviewers: ['infra'] });

    await approveSafe(repo);
    expect(github.state.comments.filter((comment) => comment.issue_number === 7)).toHaveLength(1);
    expect(posted(/\/issues\/comments\/\d+$/, 'PATCH')).toHaveLength(0);
  });

  test('a later push that adds an unsafe path dismisses the earlier approval', async () => {
    const repo = openPull({ 'docs/guide.md': 'x\n' });
    await approveSafe(repo);
    const pull = github.state.pulls.get(7)!;
    expect(pull.reviews.map((review) => review.state)).toEqual(['APPROVED']);
    pull.head.sha = 'c'.repeat(40);
    pull.files = [...pull.files, { filename: 'terraform/main.tf', status: 'modified' }];
    const run = await approveSafe(repo);
    expect(run.decision.safe).toBe(false);
    expect(pull.reviews.map((review) => review.state)).toEqual(['DISMISSED']);
    expect(reviewsPosted()).toHaveLength(1);
  });

  test("only approve-safe's own approval and comment are its: a reviewer's approval and a chat-ops comment quoting its markers are left alone", async () => {
    const repo = openPull({ 'terraform/main.tf': 'changed\n' });
    const pull = github.state.pulls.get(7)!;
    pull.reviews.push({ id: 31, user: ghUser('bob'), state: 'APPROVED', commit_id: repo.headSha, body: 'LGTM <!-- gitops-sync:approve-safe -->', submitted_at: '2026-11-25T10:00:00Z' });
    github.state.comments = [
      { id: 41, issue_number: 7, user: ghUser('chatops[bot]'), body: '<!-- gitops-sync:approve-safe:comment -->\nquoted from chat', created_at: '2026-11-25T10:00:00Z', updated_at: '2026-11-25T10:00:00Z' },
    ];
    const run = await approveSafe(repo);
    expect(run.decision.safe).toBe(false);
    expect(pull.reviews.map((review) => [review.user.login, review.state])).toEqual([['bob', 'APPROVED']]);
    expect(github.state.comments.map((comment) => [comment.user.login, comment.body.includes('quoted from chat')])).toEqual([
      ['chatops[bot]', true],
      ['github-actions[bot]', false],
    ]);
  });

  test('--dry-run decides but changes nothing', async () => {
    const repo = openPull({ 'terraform/main.tf': 'changed\n' });
    const run = await approveSafe(repo, '--dry-run');
    expect(run.decision.actions).toEqual(['would add the label gitops-sync:needs-review', 'would update the explanatory comment', 'would request review from @owner/infra, @bob']);
    expect(github.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });
});

describe('approve-safe talks to GitHub carefully', () => {
  test('a 502 and a secondary rate limit with retry-after are retried, then the change is approved', async () => {
    const repo = openPull({ 'docs/guide.md': 'x\n' });
    github.faults.push({ method: 'GET', path: /\/pulls\/7$/, status: 502, times: 1 });
    github.faults.push({ method: 'GET', path: /\/pulls\/7\/files/, status: 403, times: 1, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit.' } });
    const run = await approveSafe(repo);
    expect(run.decision.approved).toBe(true);
    expect(reviewsPosted()).toHaveLength(1);
  }, 30000);

  test('a rejected token and a refused approval name what to fix, and never print the token', async () => {
    const repo = openPull({ 'docs/guide.md': 'x\n' });
    const bad = await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7'], { cwd: repo.dir, env: { GITHUB_TOKEN: 'ghp_wrongtoken123', GITHUB_API_URL: github.url } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('gitops-sync: Evaluating owner/repo#7\ngitops-sync: GitHub rejected the token while trying to read pull request owner/repo#7 (401); set GITHUB_TOKEN to a valid, unexpired token.\n');

    github.faults.push({ method: 'POST', path: /\/pulls\/7\/reviews$/, status: 403, times: 1, body: { message: 'GitHub Actions is not permitted to approve pull requests.' } });
    const refused = await approveSafe(repo);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/GitHub refused to approve owner\/repo#7 \(403\); the token needs .*Allow GitHub Actions to create and approve pull requests/);
    expect(refused.stderr + refused.stdout).not.toContain(github.state.token);
  });

  test('bad command lines get one sentence', async () => {
    const repo = openPull({ 'docs/guide.md': 'x\n' });
    const env = { GITHUB_TOKEN: 'ghs_unused_token_value', GITHUB_API_URL: github.url, GITHUB_ACTIONS: '', GITLAB_CI: '' };
    expect((await cli(['approve-safe', '--repo', 'owner/repo', '--pr', '7'], { cwd: repo.dir, env })).stderr).toMatch(/--platform must be github or gitlab; it is only detected/);
    expect((await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', 'x7'], { cwd: repo.dir, env })).stderr).toMatch(/--pr must be the pull request number \(got "x7"\)/);
    expect((await cli(['approve-safe', '--platform', 'github', '--repo', 'owner', '--pr', '7'], { cwd: repo.dir, env })).stderr).toMatch(/is not OWNER\/REPO/);
    expect((await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7'], { cwd: repo.dir, env: { ...env, GITHUB_TOKEN: '' } })).stderr).toMatch(/GITHUB_TOKEN is not set/);
  });
});

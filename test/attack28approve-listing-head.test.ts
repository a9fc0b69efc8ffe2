/**
 * approve-safe reads a pull request's head, then its file listing, then the head again. GitHub's
 * files API takes no commit: an author who force-pushes a harmless head B just after the first read
 * and their own head A back before the second gets B's listing judged and A approved (with A's
 * commit_id), unless each listed file is tied to the evaluated head. With a clone that has both
 * commits the modes come from `git diff` of the head and tie it; without one (the README's default
 * depth-1 checkout, a terminal) they come from the git trees API, whose blob shas must then match.
 * Real git for the commits, real Octokit against the loopback GitHub.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { git, gitTree, pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';

const github = useFakeGitHub();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const BASE = {
  'gitops-sync.yaml': 'environments:\n  prod:\n    terraform: { dir: infra }\n',
  'infra/main.tf': 'resource "terraform_data" "a" {}\n',
  'docs/guide.md': '# Guide\n',
  'docs/faq.md': '# FAQ\n',
  '.github/CODEOWNERS': '/infra/ @carol\n',
};
const GUIDE = '# Guide, revised\n';

/** The files of `head` against the base, as GitHub's pull request files API lists them (with each blob's sha). */
function listing(repo: PullRequestRepo, head: string) {
  return git(repo.dir, 'diff', '--name-status', `${repo.baseSha}...${head}`)
    .split('\n')
    .map((line) => line.split('\t')[1])
    .map((filename) => ({ filename, status: 'modified', sha: git(repo.dir, 'rev-parse', `${head}:${filename}`) }));
}

/** GitHub as approve-safe sees it from a directory that is no clone: head A throughout, the listing of `listed`. */
async function approveSafeFromNoClone(repo: PullRequestRepo, listed: string) {
  serve(repo, listed);
  const run = await fromNoClone(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--format', 'json']);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { safe: boolean; approved: boolean; findings: { path: string | null; reason: string }[] };
}

function serve(repo: PullRequestRepo, listed: string) {
  for (const sha of [repo.baseSha, repo.headSha]) {
    github.state.trees = { ...github.state.trees, [sha]: { entries: gitTree(repo.dir, sha) } };
    for (const entry of gitTree(repo.dir, sha)) if (entry.type === 'blob') github.state.contents[`${sha}:${entry.path}`] = git(repo.dir, 'show', `${sha}:${entry.path}`) + '\n';
  }
  github.state.pulls.set(7, ghPullRequest(ghUser('alice'), { number: 7, head: repo.headSha, base: repo.baseSha }, { files: listing(repo, listed) }));
}

function fromNoClone(args: string[], cwd?: string) {
  if (!cwd) {
    cwd = mkdtempSync(join(tmpdir(), 'gitops-sync-terminal-'));
    dirs.push(cwd);
  }
  return cli(args, { cwd, env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' } });
}

/** Head A changes the guide and Terraform; B, the author's decoy, changes the guide the same way and the FAQ. */
function raced(): { repo: PullRequestRepo; decoy: string } {
  const repo = pullRequestRepo(BASE, { 'docs/guide.md': GUIDE, 'infra/main.tf': 'resource "terraform_data" "a" {\n  input = "attacker"\n}\n' });
  dirs.push(repo.dir);
  git(repo.dir, 'checkout', '-q', '-b', 'decoy', repo.baseSha);
  writeFileSync(join(repo.dir, 'docs/guide.md'), GUIDE);
  writeFileSync(join(repo.dir, 'docs/faq.md'), '# FAQ, revised\n');
  git(repo.dir, 'commit', '-q', '-am', 'decoy');
  return { repo, decoy: git(repo.dir, 'rev-parse', 'HEAD') };
}

test('a listing of another head (the author force-pushed a decoy and back) is not approved for the head', async () => {
  const { repo, decoy } = raced();
  const decision = await approveSafeFromNoClone(repo, decoy);
  expect(decision).toMatchObject({ safe: false, approved: false });
  expect(decision.findings).toContainEqual({ path: null, reason: expect.stringMatching(/^GitHub listed docs\/faq\.md as it is not at the head/) });
  expect(github.requests.filter((request) => request.method === 'POST' && /\/pulls\/7\/reviews$/.test(request.path))).toHaveLength(0);
});

test("the head's own listing is still approved from a directory that is no clone", async () => {
  const docsOnly = pullRequestRepo(BASE, { 'docs/guide.md': GUIDE });
  dirs.push(docsOnly.dir);
  expect(await approveSafeFromNoClone(docsOnly, docsOnly.headSha)).toMatchObject({ safe: true, approved: true, findings: [] });
});

test.each([
  ['from a directory that is no clone (modes from the trees API)', false],
  ['from a clone with both commits (modes from git)', true],
])("the gate does not take the decoy's listing for the head's, %s: the Terraform file's code owner is not skipped", async (_where, inClone) => {
  const { repo, decoy } = raced();
  serve(repo, decoy);
  const pull = github.state.pulls.get(7)!;
  const alice = ghUser('alice');
  pull.reviews = [{ id: 1, user: ghUser('bob'), state: 'APPROVED', commit_id: repo.headSha, body: '', submitted_at: '2026-11-25T10:00:00Z' }];
  pull.commits = [{ sha: repo.headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }];
  github.state.permissions = { alice: 'write', bob: 'write', carol: 'write' };
  const run = await fromNoClone(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--env', 'prod', '--format', 'json'], inClone ? repo.dir : undefined);
  expect(run.code).toBe(3);
  expect(JSON.parse(run.stdout).missing).toEqual([expect.stringMatching(/^the changed files are not fully known \(GitHub listed docs\/faq\.md as it is not at the head/)]);
});

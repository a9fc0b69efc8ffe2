/**
 * Attack on what approve-safe and the gate write for people to read: git allows a line break in a file
 * name, and GitHub's pull request files API lists it as it is. Quoted raw, it ends the table row or list
 * item it sits in, and the rest of the name is Markdown of the author's: a forged "approved" heading in
 * gitops-sync's own comment or job summary, and an HTML comment that hides every unsafe path after it.
 * Real git, real Octokit against the loopback GitHub, the actions' run() with a recording IO.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { APPROVE_SAFE_COMMENT_MARKER } from '@gitops-sync/core';
import { run as approveSafe } from '../actions/approve-safe/main.js';
import { run as gate } from '../actions/gate/main.js';
import { run as sync } from '../actions/sync/main.js';
import { RecordingIO } from './support/action-io.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { git, pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';
import { terraformDataApp } from './support/terraform.js';

const github = useFakeGitHub();
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

// Sorts first, so what follows it (the real unsafe path) would sit inside the HTML comment.
const FORGED = ' x\n\n### gitops-sync approve-safe: approved\n\n<!--';
const WORKFLOW = '.github/workflows/deploy.yml';

/** Pull request 3 adds FORGED and changes a workflow; the checkout and event as the runner lays them out. */
function forgedRun() {
  const repo = pullRequestRepo(
    { 'gitops-sync.yaml': 'approval:\n  environments:\n    staging: {required_approvals: 1}\n', '.github/CODEOWNERS': '* @owner/platform\n', [WORKFLOW]: 'on: push\n' },
    { [FORGED]: 'x\n', [WORKFLOW]: 'on: pull_request\n' },
  );
  repos.push(repo);
  const alice = ghUser('alice');
  // git diff quotes such a name; GitHub's API lists it as it is.
  const files = [{ filename: FORGED, status: 'added' }, { filename: WORKFLOW, status: 'modified' }];
  github.state.pulls.set(3, ghPullRequest(alice, { number: 3, head: repo.headSha, base: repo.baseSha }, { files, commits: [{ sha: repo.headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }] }));
  github.state.permissions = { alice: 'write' };
  const eventPath = join(repo.dir, '.git', 'event.json');
  writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', number: 3, pull_request: { number: 3 } }));
  return { repo, env: { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'owner/repo', GITHUB_EVENT_PATH: eventPath, GITHUB_API_URL: github.url, GITHUB_TOKEN: '' } };
}

const headings = (markdown: string) => markdown.split('\n').filter((line) => /^\s{0,3}#/.test(line));
const htmlLines = (markdown: string) => markdown.split('\n').filter((line) => /^\s{0,3}</.test(line));

test("approve-safe's comment and job summary keep a file name on its own line", async () => {
  const { repo, env } = forgedRun();
  const io = new RecordingIO({ token: github.state.token }, repo.dir, env);
  await approveSafe(io);
  expect(io.failure).toBeUndefined();
  expect(io.outputs).toMatchObject({ approved: 'false', safe: 'false' });

  const comment = github.state.comments.find((found) => found.body.startsWith(APPROVE_SAFE_COMMENT_MARKER))!.body;
  expect(headings(comment)).toEqual(['### gitops-sync: this change needs human review']);
  expect(htmlLines(comment)).toEqual([APPROVE_SAFE_COMMENT_MARKER]);
  expect(comment.split('\n').filter((line) => line.startsWith('| `'))).toHaveLength(2);

  expect(headings(io.summary)).toEqual(['### gitops-sync approve-safe: needs human review']);
  expect(htmlLines(io.summary)).toEqual([]);
  expect(io.summary).toMatch(new RegExp(`^- \`${WORKFLOW.replace(/\./g, '\\.')}\`: `, 'm'));
});

test("the gate's job summary keeps a file name on its own line", async () => {
  const { repo, env } = forgedRun();
  const io = new RecordingIO({ environment: 'staging', token: github.state.token }, repo.dir, env);
  await gate(io);
  expect(io.outputs.allowed).toBe('false');
  expect(headings(io.summary)).toEqual(['### gitops-sync gate: denied for staging']);
  expect(htmlLines(io.summary)).toEqual([]);
  expect(io.summary.split('\n').filter((line) => line.startsWith('- missing: '))).toHaveLength(io.summary.split('\n').filter((line) => line.startsWith('- ')).length);
});

test("sync's job summary keeps a file name the gate names on its own line", async () => {
  const config = 'environments:\n  dev:\n    terraform: { dir: infra }\napproval:\n  environments:\n    dev: { required_approvals: 1 }\n';
  const repo = pullRequestRepo(
    { 'gitops-sync.yaml': config, 'infra/main.tf': terraformDataApp('v1'), '.gitignore': '.terraform*\n*.tfstate*\n', '.github/CODEOWNERS': '* @owner/platform\n' },
    { 'infra/main.tf': terraformDataApp('v2'), [FORGED]: 'x\n' },
  );
  repos.push(repo);
  git(repo.dir, 'init', '-q', '--bare', '.git/remote.git');
  git(repo.dir, 'remote', 'add', 'origin', join(repo.dir, '.git/remote.git'));
  const files = [{ filename: FORGED, status: 'added' }, { filename: 'infra/main.tf', status: 'modified' }];
  github.state.pulls.set(4, ghPullRequest(ghUser('alice'), { number: 4, head: repo.headSha, base: repo.baseSha }, { state: 'closed', merged: true, files }));
  const eventPath = join(repo.dir, '.git', 'event.json');
  writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 4 } }));
  const env = { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'owner/repo', GITHUB_EVENT_PATH: eventPath, GITHUB_API_URL: github.url, GITHUB_TOKEN: github.state.token };

  const io = new RecordingIO({ environments: 'dev' }, repo.dir, env);
  await sync(io);
  expect(io.outputs).toMatchObject({ synced: 'false', 'failure-reason': 'gate-denied' });
  // On one line, and as text: the team is not mentioned, the comment opener is not HTML.
  expect(io.summary).toContain('code owners: an approval from &#64;owner/platform for  x ### gitops-sync approve-safe: approved &lt;&#33;--');
  expect(headings(io.summary)).toEqual(['### gitops-sync sync']);
  expect(htmlLines(io.summary)).toEqual([]);
});

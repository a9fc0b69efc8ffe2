/**
 * The approve-safe and gate GitHub actions: inputs and the event context in, outputs, job summary
 * and masked token out, against the loopback GitHub and a real checkout.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { run as approveSafe } from '../actions/approve-safe/main.js';
import { run as gate } from '../actions/gate/main.js';
import { RecordingIO } from './support/action-io.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { pullRequestRepo, type FileChange, type PullRequestRepo } from './support/git-repo.js';

const github = useFakeGitHub();
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

/** A checkout with a pull_request event for PR 3, as the runner lays it out. */
function pullRequestRun(head: Record<string, FileChange>): { repo: PullRequestRepo; env: NodeJS.ProcessEnv } {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': 'approval:\n  environments:\n    staging: {required_approvals: 1}\n', 'docs/a.md': 'a\n', 'main.tf': 'x\n' }, head);
  repos.push(repo);
  github.state.pulls.set(3, ghPullRequest(ghUser('alice'), { number: 3, head: repo.headSha, base: repo.baseSha }, { files: repo.files, commits: [{ sha: repo.headSha, author: ghUser('alice'), committer: ghUser('alice'), authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }] }));
  github.state.permissions = { alice: 'write', bob: 'write' };
  const eventPath = join(repo.dir, '.git', 'event.json');
  writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', number: 3, pull_request: { number: 3 } }));
  const env = { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'owner/repo', GITHUB_EVENT_PATH: eventPath, GITHUB_API_URL: github.url, GITHUB_TOKEN: '' };
  return { repo, env };
}

test('approve-safe approves a docs change from the event context, with the token input masked', async () => {
  const { repo, env } = pullRequestRun({ 'docs/a.md': 'b\n' });
  const io = new RecordingIO({ token: github.state.token }, repo.dir, env);
  await approveSafe(io);
  expect(io.failure).toBeUndefined();
  expect(io.outputs).toMatchObject({ approved: 'true', safe: 'true', 'head-sha': repo.headSha });
  expect(io.secrets).toEqual([github.state.token]);
  expect(io.summary).toContain('### gitops-sync approve-safe: approved');
  expect(github.state.pulls.get(3)!.reviews).toEqual([expect.objectContaining({ state: 'APPROVED', commit_id: repo.headSha })]);
});

test('approve-safe reports an unsafe change without failing the step', async () => {
  const { repo, env } = pullRequestRun({ 'main.tf': 'y\n' });
  const io = new RecordingIO({ token: github.state.token }, repo.dir, env);
  await approveSafe(io);
  expect(io.failure).toBeUndefined();
  expect(io.outputs).toMatchObject({ approved: 'false', safe: 'false' });
  expect(io.summary).toContain('- `main.tf`: the path is not a safe path');
});

test('approve-safe with a bad dry-run input fails with one sentence naming it', async () => {
  const { repo, env } = pullRequestRun({ 'docs/a.md': 'b\n' });
  const io = new RecordingIO({ token: github.state.token, 'dry-run': 'yes' }, repo.dir, env);
  await approveSafe(io);
  expect(io.failure).toMatch(/^Input dry-run is invalid \("yes"\)/);
  expect(github.requests).toHaveLength(0);
});

test('the gate action fails the step with what is missing, and passes once a reviewer approves', async () => {
  const { repo, env } = pullRequestRun({ 'main.tf': 'y\n' });
  const denied = new RecordingIO({ environment: 'staging', token: github.state.token }, repo.dir, env);
  await gate(denied);
  expect(denied.outputs.allowed).toBe('false');
  expect(denied.failure).toBe('The gate denied staging: 1 approval from independent reviewers with write access (have 0).');

  github.state.pulls.get(3)!.reviews.push({ id: 1, user: ghUser('bob'), state: 'APPROVED', commit_id: repo.headSha, body: 'lgtm', submitted_at: '2026-11-25T10:00:00Z' });
  const allowed = new RecordingIO({ environment: 'staging', token: github.state.token }, repo.dir, env);
  await gate(allowed);
  expect(allowed.failure).toBeUndefined();
  expect(allowed.outputs.allowed).toBe('true');
  expect(JSON.parse(allowed.outputs.decision).approvals_counted).toEqual([{ user: 'bob', id: ghUser('bob').id, reason: 'latest review approves the head commit' }]);
  expect(allowed.summary).toContain('- counted **bob**: latest review approves the head commit');
});

test('the gate action needs an environment', async () => {
  const { repo, env } = pullRequestRun({ 'main.tf': 'y\n' });
  const io = new RecordingIO({ token: github.state.token }, repo.dir, env);
  await gate(io);
  expect(io.failure).toBe('Input environment is required: the environment (under approval.environments) the change is to be applied to.');
});

test('outside a pull request event the actions say the number is unknown and call no API', async () => {
  const { repo, env } = pullRequestRun({ 'docs/a.md': 'b\n' });
  const io = new RecordingIO({ token: github.state.token }, repo.dir, { ...env, GITHUB_EVENT_PATH: '', GITHUB_REF: 'refs/heads/main' });
  await approveSafe(io);
  expect(io.failure).toBe("The pull request number is unknown: run on a pull request event, or pass it (--pr N, or the action's pull-request input).");
  expect(github.requests).toHaveLength(0);
});

/**
 * drift-detect on a pull/merge request: one sticky comment per environment, updated in place and
 * carrying the plan fingerprint sync binds to; the drift issue on GitLab.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { GitHubReview, GitLabReview } from '@gitops-sync/platforms';
import { reviewedFingerprint } from '@gitops-sync/engine';
import { readStateBlock, stateBlock } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub, type GhUser } from './support/fake-github.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab, type GlUser } from './support/fake-gitlab.js';
import { tofuFixture } from './support/paths.js';

const github = useFakeGitHub();
const gitlab = useFakeGitLab();
const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-comments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
writeFileSync(join(dir, 'in-sync.json'), JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [], output_changes: {} }));
writeFileSync(join(dir, 'gitops-sync.yaml'), 'monitoring:\n  drift_issue: { enabled: true }\n');

function openPull() {
  github.state.pulls.set(12, ghPullRequest(ghUser('alice'), { number: 12, head: 'a'.repeat(40), base: 'b'.repeat(40) }));
}

const detect = (plan: string, mode: string, extraEnv: Record<string, string> = {}) =>
  cli(['drift-detect', '--environment', 'staging', '--terraform-plan-json', plan, '--fail-on', 'never', '--output-directory', 'reports', '--pr-comment', mode, '--platform', 'github', '--repo', 'owner/repo', '--pr', '12'], {
    cwd: dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '', GITOPS_SYNC_BOT_LOGIN: '', ...extraEnv },
  });

describe('the sticky pull request comment', () => {
  test('changes-only: one comment while drifting, updated in place, none before there is drift; it carries the plan fingerprint', async () => {
    openPull();
    expect((await detect('in-sync.json', 'changes-only')).code).toBe(0);
    expect(github.state.comments).toHaveLength(0);

    await detect('drift.json', 'changes-only');
    await detect('drift.json', 'changes-only');
    expect(github.state.comments).toHaveLength(1);
    const body = github.state.comments[0].body;
    expect(body).toMatch(/^<!-- gitops-sync:drift-comment environment=staging -->\n<!-- gitops-sync:plan-fingerprint sha256:[0-9a-f]{64} -->\n/);
    expect(body.length).toBeLessThanOrEqual(65_536);
    // Reviewers see which plan they approve, as sync names it when it refuses another one.
    const full = body.match(/sha256:[0-9a-f]{64}/)![0];
    expect(body).toContain(`Plan fingerprint \`${full.slice(0, 19)}…\`: sync applies this plan only.`);

    // sync reads the reviewed fingerprint back, from a comment a bot wrote.
    const platform = new GitHubReview({ token: github.state.token, repository: 'owner/repo', number: 12, baseUrl: github.url });
    expect(await reviewedFingerprint(platform, 'staging')).toBe(body.match(/sha256:[0-9a-f]{64}/)![0]);

    // Drift gone: the existing comment is corrected, not left showing old drift.
    await detect('in-sync.json', 'changes-only');
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.comments[0].body).toContain('No drift');
  });

  test('a fingerprint marker in a comment the author wrote is ignored', async () => {
    openPull();
    github.state.comments.push({
      id: 5,
      issue_number: 12,
      user: ghUser('alice'),
      body: `<!-- gitops-sync:drift-comment environment=staging -->\n<!-- gitops-sync:plan-fingerprint sha256:${'e'.repeat(64)} -->`,
      created_at: '2026-11-25T10:00:00Z',
      updated_at: '2026-11-25T10:00:00Z',
    });
    const platform = new GitHubReview({ token: github.state.token, repository: 'owner/repo', number: 12, baseUrl: github.url });
    expect(await reviewedFingerprint(platform, 'staging')).toBeUndefined();
  });

  test('a bad --pr-comment value is one sentence', async () => {
    const run = await detect('drift.json', 'sometimes');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('gitops-sync: --pr-comment must be off, always or changes-only (got "sometimes").\n');
  });
});

/** A scheduled drift-detect with --notify on GitLab (the drift issue is the memory). */
const monitorOnGitLab = (plan: string) =>
  cli(['drift-detect', '--environment', 'staging', '--terraform-plan-json', plan, '--fail-on', 'never', '--output-directory', 'reports', '--notify', '--platform', 'gitlab', '--repo', 'group/project'], {
    cwd: dir,
    env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4`, GITHUB_ACTIONS: '', GITLAB_CI: '' },
  });

describe('the drift issue on GitLab', () => {
  test('opened on drift, closed with a note when it is gone', async () => {
    gitlab.state.tokenUser = glUser(1000, 'project_42_bot', { bot: true });
    const run = monitorOnGitLab;
    expect((await run('drift.json')).stderr).not.toContain('warning');
    expect(gitlab.state.issues).toMatchObject([{ title: 'Drift in staging: 3 high', state: 'opened', labels: ['gitops-sync:drift'] }]);
    await run('drift.json');
    expect(gitlab.state.issues).toHaveLength(1);
    await run('in-sync.json');
    expect(gitlab.state.issues[0].state).toBe('closed');
    expect(gitlab.state.notes.filter((note) => note.issue_iid === gitlab.state.issues[0].iid).map((note) => note.body)).toEqual([expect.stringMatching(/^The drift in `staging` is gone/)]);
  });
});

test('GitLab: an issue another user opened with our label, marker and an alerting state is not our drift issue', async () => {
  gitlab.state.tokenUser = glUser(1000, 'project_42_bot', { bot: true });
  gitlab.state.issues.push({
    iid: 1,
    title: 'Drift in staging',
    description: '<!-- gitops-sync:drift-issue environment=staging -->\nnothing to see',
    labels: ['gitops-sync:drift'],
    state: 'opened',
    author: glUser(8, 'mallory'),
    created_at: '2026-11-25T08:00:00Z',
    updated_at: '2026-11-25T08:00:00Z',
    closed_at: null,
  });
  const run = await monitorOnGitLab('drift.json');
  expect(run.stderr).not.toContain('warning');
  expect(gitlab.state.issues.map((issue) => [issue.iid, issue.author.username, issue.description?.includes('nothing to see')])).toEqual([
    [1, 'mallory', true],
    [2, 'project_42_bot', false],
  ]);
});

test('a comment the author planted with the marker is not the one updated', async () => {
  openPull();
  github.state.comments = [{ id: 9, issue_number: 12, user: ghUser('alice'), body: '<!-- gitops-sync:drift-comment environment=staging -->\nall good, merge it', created_at: '2026-11-25T10:00:00Z', updated_at: '2026-11-25T10:00:00Z' }];
  await detect('drift.json', 'changes-only');
  expect(github.state.comments.map((comment) => [comment.user.login, comment.body.includes('all good')])).toEqual([
    ['alice', true],
    ['github-actions[bot]', false],
  ]);
});

const FINGERPRINT = (digit: string) => `sha256:${digit.repeat(64)}`;
const fingerprintComment = (fingerprint: string) => `<!-- gitops-sync:drift-comment environment=staging -->\n<!-- gitops-sync:plan-fingerprint ${fingerprint} -->\nLooks good!`;
const githubComment = (id: number, user: GhUser, body: string) => ({ id, issue_number: 12, user, body, created_at: '2026-11-25T10:00:00Z', updated_at: '2026-11-25T10:00:00Z' });
const githubReview = (botLogin?: string) => new GitHubReview({ token: github.state.token, repository: 'owner/repo', number: 12, baseUrl: github.url, botLogin });

describe("only drift-detect's own comment names the reviewed plan", () => {
  test("GitHub: a chat-ops bot's comment listed first, echoing the marker with another fingerprint, is not the reviewed plan", async () => {
    openPull();
    github.state.comments = [githubComment(3, ghUser('chatops[bot]'), fingerprintComment(FINGERPRINT('e')))];
    expect(await reviewedFingerprint(githubReview(), 'staging')).toBeUndefined();

    await detect('drift.json', 'changes-only');
    const own = github.state.comments.find((comment) => comment.user.login === 'github-actions[bot]')!;
    expect(await reviewedFingerprint(githubReview(), 'staging')).toBe(own.body.match(/sha256:[0-9a-f]{64}/)![0]);
  });

  test("GitHub: drift-detect updates its own comment, never a chat-ops bot's that carries the marker", async () => {
    openPull();
    github.state.comments = [githubComment(3, ghUser('chatops[bot]'), fingerprintComment(FINGERPRINT('e')))];
    await detect('drift.json', 'changes-only');
    await detect('drift.json', 'changes-only');
    expect(github.state.comments.map((comment) => [comment.user.login, comment.body.includes(FINGERPRINT('e'))])).toEqual([
      ['chatops[bot]', true],
      ['github-actions[bot]', false],
    ]);
  });

  test('a GitHub App: with GITOPS_SYNC_BOT_LOGIN naming its bot, its comment is ours and github-actions[bot] is not', async () => {
    openPull();
    github.state.tokenUser = ghUser('deploy-app[bot]');
    github.state.comments = [githubComment(3, ghUser('github-actions[bot]', 41898282), fingerprintComment(FINGERPRINT('e')))];
    await detect('drift.json', 'changes-only', { GITOPS_SYNC_BOT_LOGIN: 'deploy-app[bot]' });
    await detect('drift.json', 'changes-only', { GITOPS_SYNC_BOT_LOGIN: 'deploy-app[bot]' });
    expect(github.state.comments.map((comment) => comment.user.login)).toEqual(['github-actions[bot]', 'deploy-app[bot]']);
    const own = github.state.comments[1].body.match(/sha256:[0-9a-f]{64}/)![0];
    expect(await reviewedFingerprint(githubReview('deploy-app[bot]'), 'staging')).toBe(own);
    // Without the setting the token is taken for GITHUB_TOKEN (github-actions[bot]), whose comment is then the one read.
    expect(await reviewedFingerprint(githubReview(), 'staging')).toBe(FINGERPRINT('e'));
  });

  test("a personal access token: the token's user (GET /user) is who writes and whose comment is read", async () => {
    openPull();
    github.state.tokenUser = ghUser('deploy-robot');
    github.state.comments = [githubComment(3, ghUser('chatops[bot]'), fingerprintComment(FINGERPRINT('e')))];
    await detect('drift.json', 'changes-only');
    await detect('drift.json', 'changes-only');
    expect(github.state.comments.map((comment) => comment.user.login)).toEqual(['chatops[bot]', 'deploy-robot']);
    expect(await reviewedFingerprint(githubReview(), 'staging')).toBe(github.state.comments[1].body.match(/sha256:[0-9a-f]{64}/)![0]);
  });

  test('a bad GITOPS_SYNC_BOT_LOGIN is one sentence', async () => {
    openPull();
    const run = await detect('drift.json', 'changes-only', { GITOPS_SYNC_BOT_LOGIN: 'not a login' });
    expect(run.stderr).toContain('GITOPS_SYNC_BOT_LOGIN must be a GitHub login such as my-app[bot] (got "not a login").');
    expect(github.state.comments).toEqual([]);
  });

  test("GitLab: another bot's note listed first, echoing the marker, is not the reviewed plan; the token user's is", async () => {
    const alice = glUser(7, 'alice');
    gitlab.state.mrs.set(5, glMergeRequest(alice, [modifiedDiff('infra/main.tf')]));
    const note = (id: number, author: GlUser, body: string) => ({ id, mr_iid: 5, author, body, system: false, created_at: `2026-11-25T10:0${id}:00Z`, updated_at: `2026-11-25T10:0${id}:00Z` });
    gitlab.state.notes = [note(1, glUser(77, 'chatops', { bot: true }), fingerprintComment(FINGERPRINT('e')))];
    const platform = new GitLabReview({ token: gitlab.state.token, project: 'group/project', iid: 5, baseUrl: `${gitlab.url}/api/v4` });
    expect(await reviewedFingerprint(platform, 'staging')).toBeUndefined();
    gitlab.state.notes.push(note(2, gitlab.state.tokenUser, fingerprintComment(FINGERPRINT('c'))));
    expect(await reviewedFingerprint(platform, 'staging')).toBe(FINGERPRINT('c'));

    // The sticky note: the token user's is updated, the other bot's left alone.
    const run = await cli(['drift-detect', '--environment', 'staging', '--terraform-plan-json', 'drift.json', '--fail-on', 'never', '--output-directory', 'reports', '--pr-comment', 'always', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5'], {
      cwd: dir,
      env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4`, GITHUB_ACTIONS: '', GITLAB_CI: '' },
    });
    expect(run.stderr).not.toContain('warning');
    expect(gitlab.state.notes.map((n) => [n.author.username, n.body.includes(FINGERPRINT('e')), n.body.includes(FINGERPRINT('c'))])).toEqual([
      ['chatops', true, false],
      ['gitops-bot', false, false],
    ]);
  });
});

test('GitLab: our drift issue last edited by someone else is not trusted (GraphQL lastEditedBy): warned, every key resolved (the drift is under the thresholds), written again, trusted after', async () => {
  gitlab.state.tokenUser = glUser(1000, 'project_42_bot', { bot: true });
  const run = monitorOnGitLab;
  expect((await run('drift.json')).stderr).not.toContain('warning');
  const issue = gitlab.state.issues[0];
  const quiet = stateBlock({ schema: 'gitops-sync/drift-state@1', environment: 'staging', alerting: true, alerted_severity: 'critical', first_seen: {}, history: [] });
  Object.assign(issue, { description: `<!-- gitops-sync:drift-issue environment=staging -->\n${quiet}`, last_edited_by: glUser(8, 'mallory'), last_edited_at: new Date().toISOString() });

  const edited = await run('drift.json');
  expect(edited.stderr).toContain(`gitops-sync: warning: drift issue: issue #${issue.iid} was last edited by mallory, not by gitops-sync, so the drift state in it is not trusted`);
  // Three high changes are under the default thresholds: whatever the edited state said was alerted is resolved.
  expect(edited.stdout).toContain('Alert: resolve — staging: back under the alert thresholds; 3 high change(s) still drift (the drift issue was edited by mallory, so gitops-sync cannot tell which alerts it sent before)');
  expect(issue.last_edited_by?.username).toBe('project_42_bot');
  expect(readStateBlock(issue.description ?? '', 'staging')).toMatchObject({ alerting: false, alerted_severity: null });

  const after = await run('drift.json');
  expect(after.stderr).not.toContain('warning');
  expect(after.stdout).not.toContain('Alert:');
});

/**
 * GitLab keeps approvals when a merge request is rebased from the UI or the rebase API, even with
 * "Remove all approvals when commits are added" on: the head moves, the approvals stay. A rebase
 * onto another branch (retarget the MR to a branch holding extra commits, rebase, retarget back)
 * brings commits nobody approved under approvals given on an older head. The gate must count an
 * approval only when it was given on the current head: the MR's diff version current at its time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab, type GlMr } from './support/fake-gitlab.js';

const gitlab = useFakeGitLab();
const workdir = mkdtempSync(join(tmpdir(), 'gitops-sync-attack25gl-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const BASE = 'b'.repeat(40);
const OLD_HEAD = 'c'.repeat(40);
const HEAD = 'a'.repeat(40);
const author = glUser(10, 'alice');
const bob = glUser(11, 'bob');
const carol = glUser(12, 'carol');

/** Version 1 (OLD_HEAD) at 10:00; the rebase made version 2 (HEAD) at 12:00. */
const VERSIONS = [
  { head_commit_sha: OLD_HEAD, base_commit_sha: BASE, created_at: '2026-03-01T10:00:00.000Z' },
  { head_commit_sha: HEAD, base_commit_sha: BASE, created_at: '2026-03-01T12:00:00.000Z' },
];

function openMr(overrides: Partial<GlMr>): void {
  gitlab.state.mrs.set(5, glMergeRequest(author, [modifiedDiff('terraform/main.tf')], { approvedBy: [bob, carol], versions: VERSIONS, ...overrides }, { head: HEAD, base: BASE }));
  gitlab.state.files = { [`${BASE}:gitops-sync.yaml`]: 'approval:\n  environments:\n    production: { production: true }\n' };
  gitlab.state.members = { 10: 30, 11: 30, 12: 40 };
  gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true };
}

async function gate() {
  const result = await cli(['gate', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--env', 'production', '--format', 'json'], {
    cwd: workdir,
    env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` },
  });
  return { ...result, decision: result.stdout ? JSON.parse(result.stdout) : undefined };
}

const approvalNote = (id: number, user: typeof bob, at: string) => ({ id, mr_iid: 5, author: user, body: 'approved this merge request', system: true, created_at: at, updated_at: at });
const reasons = (decision: { approvals_rejected: { user: string; reason: string }[] }) => decision.approvals_rejected.map((a) => `${a.user}: ${a.reason}`);

describe('approvals GitLab kept across a rebase (approved_at before the head became the head)', () => {
  test('approvals given on the previous head do not count for the rebased head: denied', async () => {
    openMr({ approvedAt: { 11: '2026-03-01T11:00:00.000Z', 12: '2026-03-01T11:30:00.000Z' } });
    const result = await gate();
    expect(result.code).toBe(3);
    expect(result.decision.approvals_counted).toEqual([]);
    expect(reasons(result.decision)).toEqual([`bob: approved an older commit ${OLD_HEAD.slice(0, 12)}, not the head`, `carol: approved an older commit ${OLD_HEAD.slice(0, 12)}, not the head`]);
  });

  test('one approval given after the rebase and one before: one counts, production needs two', async () => {
    openMr({ approvedAt: { 11: '2026-03-01T12:05:00.000Z', 12: '2026-03-01T11:30:00.000Z' } });
    const result = await gate();
    expect(result.code).toBe(3);
    expect(result.decision.approvals_counted.map((a: { user: string }) => a.user)).toEqual(['bob']);
    expect(result.decision.missing).toContain('2 approvals from independent reviewers with write access (have 1)');
  });

  test('approvals given on the current head count: allowed', async () => {
    openMr({ approvedAt: { 11: '2026-03-01T12:05:00.000Z', 12: '2026-03-01T13:00:00.000Z' } });
    const result = await gate();
    expect(result.code).toBe(0);
    expect(result.decision.approvals_counted.map((a: { user: string }) => a.user)).toEqual(['bob', 'carol']);
  });

  test('an older GitLab without approved_at: the "approved this merge request" system note dates the approval', async () => {
    openMr({});
    gitlab.state.notes.push(approvalNote(1, bob, '2026-03-01T11:00:00.000Z'), approvalNote(2, carol, '2026-03-01T12:30:00.000Z'));
    // bob's own comment with the same words, after the rebase, is not a system note: it dates nothing.
    gitlab.state.notes.push({ ...approvalNote(3, bob, '2026-03-01T12:45:00.000Z'), system: false });
    const result = await gate();
    expect(result.code).toBe(3);
    expect(result.decision.approvals_counted.map((a: { user: string }) => a.user)).toEqual(['carol']);
    expect(reasons(result.decision)).toEqual([`bob: approved an older commit ${OLD_HEAD.slice(0, 12)}, not the head`]);
  });

  test('an approval that nothing dates is not tied to the head', async () => {
    openMr({});
    const result = await gate();
    expect(result.code).toBe(3);
    expect(reasons(result.decision)).toEqual(['bob: approval not tied to the head commit', 'carol: approval not tied to the head commit']);
  });
});

describe('approvals GitLab kept across a retarget (same head, another base)', () => {
  const MAIN_BASE = 'd'.repeat(40);
  test('approvals given while the MR targeted another branch do not count: denied', async () => {
    // Version 1: HEAD against main; the MR retargeted to production's branch at 12:00 (version 2, the same head).
    const retargeted = [
      { head_commit_sha: HEAD, base_commit_sha: MAIN_BASE, created_at: '2026-03-01T10:00:00.000Z' },
      { head_commit_sha: HEAD, base_commit_sha: BASE, created_at: '2026-03-01T12:00:00.000Z' },
    ];
    openMr({ versions: retargeted, approvedAt: { 11: '2026-03-01T11:00:00.000Z', 12: '2026-03-01T12:30:00.000Z' } });
    const result = await gate();
    expect(result.code).toBe(3);
    expect(result.decision.approvals_counted.map((a: { user: string }) => a.user)).toEqual(['carol']);
    expect(reasons(result.decision)).toEqual([`bob: approved the change against another base ${MAIN_BASE.slice(0, 12)} (its target branch changed since), not this one`]);
  });
});

// An approval dated the very instant a push made a new version cannot be told to have seen that version: it was of the head before.
type Version = { head_commit_sha: string; base_commit_sha: string | null; created_at: string };

/** bob alone approves at `approvedAt`; the gate for staging (one approval) answers (found by review25). */
async function stagingGate(versions: Version[], approvedAt: string) {
  gitlab.state.mrs.set(5, glMergeRequest(author, [modifiedDiff('terraform/main.tf')], { approvedBy: [bob], versions, approvedAt: { 11: approvedAt } }, { head: HEAD, base: BASE }));
  gitlab.state.files = { [`${BASE}:gitops-sync.yaml`]: 'approval:\n  environments:\n    staging: {}\n' };
  gitlab.state.members = { 10: 30, 11: 30 };
  gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true };
  const result = await cli(['gate', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--env', 'staging', '--format', 'json'], {
    cwd: workdir,
    env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` },
  });
  const decision = JSON.parse(result.stdout);
  return { code: result.code, counted: decision.approvals_counted, rejected: decision.approvals_rejected.map((a: { user: string; reason: string }) => `${a.user}: ${a.reason}`) };
}

describe('an approval dated exactly when the head became the head', () => {
  test('is not counted for that head: denied', async () => {
    const versions = [
      { head_commit_sha: OLD_HEAD, base_commit_sha: BASE, created_at: '2026-03-01T10:00:00.000Z' },
      { head_commit_sha: HEAD, base_commit_sha: BASE, created_at: '2026-03-01T12:00:00.000Z' },
    ];
    expect(await stagingGate(versions, '2026-03-01T12:00:00.000Z')).toEqual({ code: 3, counted: [], rejected: [`bob: approved an older commit ${OLD_HEAD.slice(0, 12)}, not the head`] });
  });
});

describe('an approval on an older diff version of the same head, a base not given', () => {
  // Same head, a newer version: the MR was retargeted. Without both bases, that it was to the same base cannot be told.
  test.each([
    ['the older version', null, BASE],
    ['the newest version', BASE, null],
  ])('no base_commit_sha on %s: not counted', async (_, older, newest) => {
    const versions = [
      { head_commit_sha: HEAD, base_commit_sha: older, created_at: '2026-03-01T10:00:00.000Z' },
      { head_commit_sha: HEAD, base_commit_sha: newest, created_at: '2026-03-01T12:00:00.000Z' },
    ];
    const result = await stagingGate(versions, '2026-03-01T11:00:00.000Z');
    expect(result.code).toBe(3);
    expect(result.counted).toEqual([]);
    expect(result.rejected).toEqual([expect.stringMatching(/^bob: approved the change against another base .*\(its target branch changed since\), not this one$/)]);
  });

  test('an approval after the newest version counts', async () => {
    const versions = [
      { head_commit_sha: HEAD, base_commit_sha: null, created_at: '2026-03-01T10:00:00.000Z' },
      { head_commit_sha: HEAD, base_commit_sha: null, created_at: '2026-03-01T12:00:00.000Z' },
    ];
    const result = await stagingGate(versions, '2026-03-01T12:30:00.000Z');
    expect(result.code).toBe(0);
  });
});

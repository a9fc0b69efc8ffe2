/**
 * GitLab places an approval on the diff version current at its time. An approval dated the very
 * instant a push made a new version cannot be told to have seen that version: it was of the head before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab } from './support/fake-gitlab.js';

const gitlab = useFakeGitLab();
const workdir = mkdtempSync(join(tmpdir(), 'gitops-sync-review25-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const BASE = 'b'.repeat(40);
const OLD_HEAD = 'c'.repeat(40);
const HEAD = 'a'.repeat(40);
const author = glUser(10, 'alice');
const bob = glUser(11, 'bob');

type Version = { head_commit_sha: string; base_commit_sha: string | null; created_at: string };

/** bob approves at `approvedAt`; the gate for staging (one approval) answers. */
async function gate(versions: Version[], approvedAt: string) {
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
    expect(await gate(versions, '2026-03-01T12:00:00.000Z')).toEqual({ code: 3, counted: [], rejected: [`bob: approved an older commit ${OLD_HEAD.slice(0, 12)}, not the head`] });
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
    const result = await gate(versions, '2026-03-01T11:00:00.000Z');
    expect(result.code).toBe(3);
    expect(result.counted).toEqual([]);
    expect(result.rejected).toEqual([expect.stringMatching(/^bob: approved the change against another base .*\(its target branch changed since\), not this one$/)]);
  });

  test('an approval after the newest version counts', async () => {
    const versions = [
      { head_commit_sha: HEAD, base_commit_sha: null, created_at: '2026-03-01T10:00:00.000Z' },
      { head_commit_sha: HEAD, base_commit_sha: null, created_at: '2026-03-01T12:00:00.000Z' },
    ];
    const result = await gate(versions, '2026-03-01T12:30:00.000Z');
    expect(result.code).toBe(0);
  });
});

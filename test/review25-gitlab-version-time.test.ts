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

describe('an approval dated exactly when the head became the head', () => {
  test('is not counted for that head: denied', async () => {
    const versions = [
      { head_commit_sha: OLD_HEAD, base_commit_sha: BASE, created_at: '2026-03-01T10:00:00.000Z' },
      { head_commit_sha: HEAD, base_commit_sha: BASE, created_at: '2026-03-01T12:00:00.000Z' },
    ];
    gitlab.state.mrs.set(5, glMergeRequest(author, [modifiedDiff('terraform/main.tf')], { approvedBy: [bob], versions, approvedAt: { 11: '2026-03-01T12:00:00.000Z' } }, { head: HEAD, base: BASE }));
    gitlab.state.files = { [`${BASE}:gitops-sync.yaml`]: 'approval:\n  environments:\n    staging: {}\n' };
    gitlab.state.members = { 10: 30, 11: 30 };
    gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true };
    const result = await cli(['gate', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--env', 'staging', '--format', 'json'], {
      cwd: workdir,
      env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` },
    });
    expect(result.code).toBe(3);
    const decision = JSON.parse(result.stdout);
    expect(decision.approvals_counted).toEqual([]);
    expect(decision.approvals_rejected.map((a: { user: string; reason: string }) => `${a.user}: ${a.reason}`)).toEqual([`bob: approved an older commit ${OLD_HEAD.slice(0, 12)}, not the head`]);
  });
});

/**
 * GitLab's `/diffs` lists the newest diff version of a merge request, whichever head that is, and names
 * no commit. The author pushes a docs-only commit and back while approve-safe (or the gate) lists the
 * changes: the listing is the docs-only version's, the head read before and after is the real one, and a
 * Terraform change was judged as docs and approved. The listing now counts only when the newest diff
 * version is of the judged head before and after it.
 *
 * A retarget makes a diff version with the same head and another base, which `/diffs` then lists: the author
 * retargets the Terraform change onto a branch of their own that already holds it, so the files listed are
 * docs only while the policy and the judgement are of the base read first. The version must name the judged
 * base too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab, type GlMr } from './support/fake-gitlab.js';

const gitlab = useFakeGitLab();
const workdir = mkdtempSync(join(tmpdir(), 'gitops-sync-attack32gl-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const BASE = 'b'.repeat(40);
const HEAD = 'a'.repeat(40);
const DOCS_ONLY = 'd'.repeat(40);
const EVIL = 'e'.repeat(40);
const alice = glUser(10, 'alice', { public_email: 'alice@example.com' });
const bob = glUser(11, 'bob', { public_email: 'bob@example.com' });

function mergeRequest(paths: string[]): GlMr {
  const mr = glMergeRequest(alice, paths.map((path) => modifiedDiff(path)), {}, { head: HEAD, base: BASE });
  gitlab.state.mrs.set(5, mr);
  gitlab.state.users = [alice, bob];
  gitlab.state.files = { [`${BASE}:gitops-sync.yaml`]: 'approval:\n  safe_paths: ["docs/**"]\n  environments:\n    production: { production: true }\n' };
  gitlab.state.members = { 10: 30, 11: 30 };
  gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true };
  return mr;
}

const approveSafe = () =>
  cli(['approve-safe', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--format', 'json'], {
    cwd: workdir,
    env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4`, GITLAB_CI: '' },
  });
const approvalsPosted = () => gitlab.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/merge_requests/5/approve'));

describe('GitLab: a push while the changes are listed', () => {
  test('a docs-only merge request is approved (the scene can approve)', async () => {
    mergeRequest(['docs/guide.md']);
    const run = await approveSafe();
    expect(JSON.parse(run.stdout)).toMatchObject({ safe: true });
    expect(approvalsPosted()).toHaveLength(1);
  });

  test('a Terraform change listed from a docs-only version pushed and pushed back meanwhile is not approved', async () => {
    const mr = mergeRequest(['terraform/main.tf']);
    mr.versions = [{ head_commit_sha: HEAD, base_commit_sha: BASE, created_at: '2026-12-06T10:00:00.000Z' }];
    mr.onDiffs = (current) => {
      // The author pushes a docs-only head; GitLab lists its version...
      const real = current.diffs;
      current.versions!.push({ head_commit_sha: DOCS_ONLY, base_commit_sha: BASE, created_at: '2026-12-06T10:00:01.000Z' });
      current.diffs = [modifiedDiff('docs/guide.md')];
      return () => {
        // ...and pushes the real head back before anything reads the merge request again.
        current.versions!.push({ head_commit_sha: HEAD, base_commit_sha: BASE, created_at: '2026-12-06T10:00:02.000Z' });
        current.diffs = real;
        delete current.onDiffs;
      };
    };
    const run = await approveSafe();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`gitops-sync: group/project!5 was pushed to or retargeted while its changes were read (its head ${HEAD.slice(0, 12)} on ${BASE.slice(0, 12)} is not the diff version GitLab listed them from), so nothing was judged; run it again.\n`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(approvalsPosted()).toHaveLength(0);
  });
});

describe('GitLab: a merge request retargeted while its changes are read', () => {
  test('a Terraform change listed against a base the author retargeted to meanwhile is not approved', async () => {
    const mr = mergeRequest(['terraform/main.tf']);
    mr.versions = [{ head_commit_sha: HEAD, base_commit_sha: BASE, created_at: '2026-12-06T10:00:00.000Z' }];
    mr.diffs.push(modifiedDiff('docs/guide.md'));
    mr.onGet = (current) => {
      // Right after the merge request was read: retargeted onto the author's branch, which holds the Terraform change.
      delete current.onGet;
      current.versions!.push({ head_commit_sha: HEAD, base_commit_sha: EVIL, created_at: '2026-12-06T10:00:01.000Z' });
      current.target_branch = 'alice-base';
      current.base_sha = EVIL;
      current.diffs = [modifiedDiff('docs/guide.md')];
    };
    const run = await approveSafe();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('group/project!5 was pushed to or retargeted while its changes were read');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(approvalsPosted()).toHaveLength(0);
  });
});

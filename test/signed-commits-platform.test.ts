/**
 * `signed_commits: required` as the platform reports it: GitHub's `commit.verification` on the pull
 * request's commits, GitLab's commit signature API (404: unsigned), through real Octokit / fetch
 * against the loopback fakes. No keys configured here, so the platform's word alone decides.
 */
import { describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub, type GhCommit, type GhVerification } from './support/fake-github.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab } from './support/fake-gitlab.js';
import { tempDir } from './support/temp-dir.js';

const github = useFakeGitHub();
const gitlab = useFakeGitLab();
const BASE = 'b'.repeat(40);
const sha = (n: number) => n.toString(16).padStart(40, 'c');
const CONFIG = 'approval:\n  environments:\n    production:\n      required_approvals: 1\n      signed_commits: required\n';

describe('GitHub', () => {
  const alice = ghUser('alice');
  const bob = ghUser('bob');
  const commit = (n: number): GhCommit => ({ sha: sha(n), author: alice, committer: alice, authorName: 'alice', authorEmail: 'alice@example.com', committerName: 'alice', committerEmail: 'alice@example.com' });

  async function gate(verifications: Record<string, GhVerification>, count = 3, config = CONFIG) {
    const commits = Array.from({ length: count }, (_, index) => commit(index + 1));
    const head = commits.at(-1)!.sha;
    github.state.pulls.set(9, ghPullRequest(alice, { number: 9, head, base: BASE }, { files: [{ filename: 'a.txt', status: 'modified' }], commits, reviews: [{ id: 1, user: bob, state: 'APPROVED', commit_id: head, body: '', submitted_at: '2026-01-02T00:00:00Z' }] }));
    github.state.permissions = { alice: 'write', bob: 'write' };
    github.state.contents = { [`${BASE}:gitops-sync.yaml`]: config };
    github.state.commitVerifications = verifications;
    const run = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production', '--format', 'json'], {
      cwd: tempDir('gitops-sync-signed-gh-'),
      env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url },
    });
    return { ...run, decision: run.stdout ? JSON.parse(run.stdout) : undefined };
  }
  const valid: GhVerification = { verified: true, reason: 'valid', signature: '-----BEGIN PGP SIGNATURE-----\n…', payload: 'tree …' };

  test('every commit verified by GitHub: allowed, each counted with its reason', async () => {
    const { code, decision } = await gate({ [sha(1)]: valid, [sha(2)]: valid, [sha(3)]: valid });
    expect(code).toBe(0);
    expect(decision.commits_counted).toEqual([1, 2, 3].map((n) => ({ sha: sha(n), reason: 'verified by GitHub (valid); no keys are configured to check it locally' })));
    expect(decision.commits_rejected).toEqual([]);
  });

  const reasons: GhVerification['reason'][] = ['expired_key', 'not_signing_key', 'gpgverify_error', 'gpgverify_unavailable', 'unsigned', 'unknown_signature_type', 'no_user', 'unverified_email', 'bad_email', 'unknown_key', 'malformed_signature', 'invalid'];
  test.each(reasons)('verified: false with reason %s on the middle commit: denied (exit 3), naming it', async (reason) => {
    const { code, decision } = await gate({ [sha(1)]: valid, [sha(2)]: { verified: false, reason, signature: null, payload: null }, [sha(3)]: valid });
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: sha(2), reason: `GitHub does not verify its signature (${reason})` }]);
    expect(decision.missing).toContain(`signed commits are required: 1 commit not signed by an allowed key of its author (${sha(2).slice(0, 12)} GitHub does not verify its signature (${reason}))`);
  });

  test('a commit GitHub reports no verification for counts as unsigned', async () => {
    const { code, decision } = await gate({ [sha(1)]: valid, [sha(2)]: valid });
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: sha(3), reason: 'GitHub does not verify its signature (unsigned)' }]);
  });

  test('more commits than GitHub lists (250): the rest cannot be checked, denied', async () => {
    const all = Object.fromEntries(Array.from({ length: 251 }, (_, index) => [sha(index + 1), valid]));
    const { code, decision } = await gate(all, 251);
    expect(code).toBe(3);
    expect(decision.commits_counted).toHaveLength(250);
    expect(decision.missing).toContain('signed commits are required, but GitHub lists only 250 of the 251 commits, so the signatures of 1 cannot be checked; split the pull request');
  });

  test('signed_commits off (the default): unsigned commits do not matter, and the decision carries no commit lists', async () => {
    const { code, decision } = await gate({}, 3, CONFIG.replace('      signed_commits: required\n', ''));
    expect(code).toBe(0);
    expect(decision).not.toHaveProperty('commits_counted');
    expect(decision).not.toHaveProperty('commits_rejected');
  });
});

describe('GitLab', () => {
  const author = glUser(10, 'alice');
  const bob = glUser(11, 'bob');
  const commits = [1, 2, 3].map((n) => ({ id: sha(n), author_name: 'alice', author_email: 'alice@example.com', committer_name: 'alice', committer_email: 'alice@example.com' }));

  async function gate(signatures: Record<string, { signature_type: 'PGP' | 'SSH' | 'X509'; verification_status: string }>) {
    gitlab.state.mrs.set(5, glMergeRequest(author, [modifiedDiff('a.txt')], { approvedBy: [bob], commits, sha: sha(3) }, { head: sha(3), base: BASE }));
    gitlab.state.files = { [`${BASE}:gitops-sync.yaml`]: CONFIG };
    gitlab.state.members = { 10: 30, 11: 30 };
    gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true };
    gitlab.state.signatures = signatures;
    const run = await cli(['gate', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--env', 'production', '--format', 'json'], {
      cwd: tempDir('gitops-sync-signed-gl-'),
      env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` },
    });
    return { ...run, decision: run.stdout ? JSON.parse(run.stdout) : undefined };
  }

  test('GPG, SSH and GitLab-signed (verified_system) commits: allowed', async () => {
    const { code, decision, stderr } = await gate({
      [sha(1)]: { signature_type: 'PGP', verification_status: 'verified' },
      [sha(2)]: { signature_type: 'SSH', verification_status: 'verified' },
      [sha(3)]: { signature_type: 'SSH', verification_status: 'verified_system' },
    });
    expect({ code, stderr: stderr.includes('rror') }).toEqual({ code: 0, stderr: false });
    expect(decision.commits_counted.map((commit: { reason: string }) => commit.reason)).toEqual([
      'verified by GitLab (verified); no keys are configured to check it locally',
      'verified by GitLab (verified); no keys are configured to check it locally',
      'verified by GitLab (verified_system); no keys are configured to check it locally',
    ]);
  });

  const statuses = ['unverified', 'same_user_different_email', 'other_user', 'unverified_key', 'unknown_key', 'multiple_signatures', 'revoked_key'];
  test.each(statuses)('verification_status %s on one commit: denied, naming it', async (status) => {
    const { code, decision } = await gate({
      [sha(1)]: { signature_type: 'PGP', verification_status: 'verified' },
      [sha(2)]: { signature_type: 'PGP', verification_status: status },
      [sha(3)]: { signature_type: 'SSH', verification_status: 'verified' },
    });
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: sha(2), reason: `GitLab does not verify its signature (${status})` }]);
  });

  test('a commit whose signature GitLab answers 404 for is unsigned: denied', async () => {
    const { code, decision } = await gate({ [sha(1)]: { signature_type: 'PGP', verification_status: 'verified' }, [sha(3)]: { signature_type: 'X509', verification_status: 'verified' } });
    expect(code).toBe(3);
    expect(decision.commits_rejected).toEqual([{ sha: sha(2), reason: 'GitLab does not verify its signature (unsigned)' }]);
    expect(gitlab.requests.some((request) => request.method === 'GET' && request.path.endsWith(`/repository/commits/${sha(2)}/signature`))).toBe(true);
  });
});

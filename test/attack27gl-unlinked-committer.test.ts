/**
 * GitLab's "Prevent approvals by users who add commits" knows a committer only by an e-mail it ties
 * to an account (a confirmed one). Carol commits to Alice's merge request as carol@home.example, an
 * e-mail on no account, then approves it with her account: GitLab lets her, and the gate counted her
 * as an independent reviewer. The gate now asks GitLab (GraphQL `Commit.author`) whose account each
 * commit's e-mail is: a commit tied to none cannot be proven independent of any approver, and one tied
 * to an account makes that account's approval a contributor's, whatever the project setting says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab, type GlCommit } from './support/fake-gitlab.js';

const gitlab = useFakeGitLab();
const workdir = mkdtempSync(join(tmpdir(), 'gitops-sync-attack27gl-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const HEAD = 'a'.repeat(40);
const FIRST = 'c'.repeat(40);
const alice = glUser(10, 'alice');
const bob = glUser(11, 'bob');
const carol = glUser(12, 'carol');

/** Alice's merge request: her commit, then one by `email` on top; bob and carol approved the head. */
function openMr(email: string, settings: { disableCommitters: boolean }): void {
  const commits: GlCommit[] = [
    { id: FIRST, author_name: 'alice', author_email: 'alice@example.com', committer_name: 'alice', committer_email: 'alice@example.com' },
    { id: HEAD, author_name: 'carol', author_email: email, committer_name: 'carol', committer_email: email },
  ];
  gitlab.state.mrs.set(5, glMergeRequest(alice, [modifiedDiff('terraform/main.tf')], { approvedBy: [bob, carol], commits }, { head: HEAD }));
  gitlab.state.files = { [`${'b'.repeat(40)}:gitops-sync.yaml`]: 'approval:\n  environments:\n    production: { production: true }\n' };
  gitlab.state.members = { 10: 30, 11: 30, 12: 40 };
  gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: settings.disableCommitters };
}

async function gate() {
  const result = await cli(['gate', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--env', 'production', '--format', 'json'], {
    cwd: workdir,
    env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` },
  });
  return { ...result, decision: result.stdout ? JSON.parse(result.stdout) : undefined };
}

describe('a commit whose e-mail GitLab ties to no account', () => {
  test("carol's commit as carol@home.example, then her approval: not counted as independent, the gate says why", async () => {
    openMr('carol@home.example', { disableCommitters: true });
    const result = await gate();
    expect(result.code).toBe(3);
    expect(result.decision.missing).toContain(
      `commit ${HEAD.slice(0, 12)} has an author or committer (author carol, whose e-mail GitLab ties to no account) that is no account on the platform, so no approval can be proven independent of it; link the e-mail to an account or rewrite the commit`,
    );
  });

  test("a commit by carol's own (confirmed) e-mail makes her approval a contributor's in the gate itself, not only in GitLab's setting", async () => {
    openMr('carol@example.com', { disableCommitters: true });
    const result = await gate();
    expect(result.code).toBe(3);
    expect(result.decision.approvals_rejected).toContainEqual({ id: 12, user: 'carol', reason: 'authored or committed a commit in the change' });
  });

  test('the same merge request with commits by linked e-mails of people who did not approve: allowed', async () => {
    gitlab.state.users = [glUser(13, 'dave')];
    openMr('dave@example.com', { disableCommitters: true });
    const result = await gate();
    expect(result.code).toBe(0);
    expect(result.decision.approvals_counted.map((approval: { user: string }) => approval.user)).toEqual(['bob', 'carol']);
  });
});

test("a commit GitLab's GraphQL API leaves out (a private fork's branch the token cannot see) denies, saying so", async () => {
  openMr('carol@example.com', { disableCommitters: true });
  gitlab.faults.push({ method: 'POST', path: /\/api\/graphql$/, requestBody: /items: commits\(/, status: 200, times: 1, body: { data: { project: { mergeRequest: { items: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } } } } } });
  const result = await gate();
  expect(result.code).toBe(3);
  expect(result.decision.missing[0]).toContain(`commit ${HEAD.slice(0, 12)} has an author or committer (author carol, whose account GitLab's GraphQL API did not name: it did not list the commit)`);
});

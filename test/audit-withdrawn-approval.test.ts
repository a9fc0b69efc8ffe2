/**
 * Audit export's evidence of a GitHub pull request: an approval its reviewer withdrew by a later
 * request for changes is not evidence of approval (found by attack25gh). GitHub and the gate take each
 * reviewer's latest decision; the export counted every APPROVED review, so a pull request merged past
 * a reviewer's request for changes (by an admin, outside the gate) passed the approvals control.
 */
import { describe, expect, test } from '@jest/globals';
import { GitHubChangeHistory } from '@gitops-sync/platforms';
import { ghPullRequest, ghUser, useFakeGitHub, type GhReview, type GhUser } from './support/fake-github.js';

const github = useFakeGitHub();

const alice = ghUser('alice');
const carol = ghUser('carol');
const dave = ghUser('dave');
const HEAD = 'a'.repeat(40);
const MERGE = 'm'.repeat(40);

const review = (id: number, user: GhUser, state: GhReview['state'], at: string): GhReview => ({ id, user, state, commit_id: HEAD, body: '', submitted_at: at });

async function approvalsOf(reviews: GhReview[]) {
  github.state.pulls.set(7, ghPullRequest(alice, { number: 7, head: HEAD, base: 'b'.repeat(40) }, { state: 'closed', merged: true, merge_commit_sha: MERGE, merged_at: '2026-03-02T12:00:00Z', created_at: '2026-03-01T09:00:00Z', reviews }));
  const history = new GitHubChangeHistory({ token: github.state.token, repository: 'owner/repo', baseUrl: github.url });
  const change = await history.changeRequestFor(MERGE, 'main');
  return change!.approvals.map((approval) => [approval.login, approval.time]);
}

describe('audit export: approvals on a GitHub pull request', () => {
  test('an approval followed by the same reviewer requesting changes is not counted', async () => {
    expect(await approvalsOf([review(1, carol, 'APPROVED', '2026-03-02T10:00:00Z'), review(2, dave, 'APPROVED', '2026-03-02T10:30:00Z'), review(3, carol, 'CHANGES_REQUESTED', '2026-03-02T11:00:00Z')])).toEqual([['dave', '2026-03-02T10:30:00Z']]);
  });

  test('an approval after the request for changes stands; a plain comment withdraws nothing', async () => {
    expect(
      await approvalsOf([
        review(1, carol, 'APPROVED', '2026-03-02T09:00:00Z'),
        review(2, carol, 'CHANGES_REQUESTED', '2026-03-02T10:00:00Z'),
        review(3, carol, 'APPROVED', '2026-03-02T11:00:00Z'),
        review(4, carol, 'COMMENTED', '2026-03-02T11:30:00Z'),
      ]),
    ).toEqual([['carol', '2026-03-02T11:00:00Z']]);
  });
});

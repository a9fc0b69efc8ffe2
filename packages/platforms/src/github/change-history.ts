import { z } from 'zod';
import type { AuditChange } from '@gitops-sync/core';
import type { ChangeHistoryPlatform, PlatformChangeRequest, PlatformCommit } from '@gitops-sync/engine';
import { GitHubApi, type GitHubApiOptions } from './api.js';
import { appendAll } from '@gitops-sync/core';

const User = z.object({ id: z.number(), login: z.string() });
/** A pull request as `GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls` lists it (pull-request-simple). */
const CommitPull = z.object({
  number: z.number(),
  html_url: z.string().nullable().optional(),
  user: User.nullable(),
  labels: z.array(z.object({ name: z.string() })),
  created_at: z.string(),
  merged_at: z.string().nullable(),
  merge_commit_sha: z.string().nullable(),
  head: z.object({ sha: z.string() }),
  base: z.object({ ref: z.string() }),
});
const Review = z.object({ user: User.nullable(), state: z.string(), commit_id: z.string().nullable(), submitted_at: z.string().nullable().optional() });
const CombinedStatus = z.object({ state: z.string(), total_count: z.number(), statuses: z.array(z.object({ state: z.string() })) });
const CheckRuns = z.object({ total_count: z.number(), check_runs: z.array(z.object({ status: z.string(), conclusion: z.string().nullable() })) });
const Commit = z.object({
  author: User.nullable(),
  committer: User.nullable(),
  commit: z.object({ verification: z.object({ verified: z.boolean(), reason: z.string() }).optional() }),
});
const Repository = z.object({ default_branch: z.string().optional() });

const READ_PULLS = 'the "Pull requests: read" permission (GITHUB_TOKEN: permissions: pull-requests: read)';
const READ_CONTENTS = 'the "Contents: read" permission (GITHUB_TOKEN: permissions: contents: read)';
const READ_STATUSES = 'the "Commit statuses: read" permission (GITHUB_TOKEN: permissions: statuses: read)';
const READ_CHECKS = 'the "Checks: read" permission (GITHUB_TOKEN: permissions: checks: read)';

/** Check-run conclusions that mean the check did not pass (REST "check runs": conclusion). */
const FAILED_CHECK = new Set(['action_required', 'cancelled', 'failure', 'timed_out', 'stale', 'startup_failure']);
const MAX_CHECK_PAGES = 10;

const person = (user: z.infer<typeof User> | null) => ({ id: user ? String(user.id) : null, login: user?.login ?? null });

/**
 * The approvals still standing (reviews are listed oldest first): a reviewer's approvals before their
 * later request for changes were withdrawn by it, as GitHub and the gate take them (a dismissed
 * approval already reads DISMISSED; a plain comment withdraws nothing).
 */
function standingApprovals(reviews: readonly z.infer<typeof Review>[]): z.infer<typeof Review>[] {
  const withdrawn = new Set<number>();
  const standing: z.infer<typeof Review>[] = [];
  for (const review of [...reviews].reverse()) {
    if (!review.user) continue;
    if (review.state === 'CHANGES_REQUESTED') withdrawn.add(review.user.id);
    else if (review.state === 'APPROVED' && !withdrawn.has(review.user.id)) standing.unshift(review);
  }
  return standing;
}

/** One repository's history on GitHub, read-only, for `audit export`. */
export class GitHubChangeHistory implements ChangeHistoryPlatform {
  readonly name = 'github' as const;
  private readonly api: GitHubApi;

  constructor(options: GitHubApiOptions) {
    this.api = new GitHubApi(options);
  }

  private get label() {
    return `${this.api.owner}/${this.api.repo}`;
  }

  async defaultBranch(): Promise<string | undefined> {
    return (await this.api.call({ what: `read repository ${this.label}`, permission: READ_CONTENTS }, Repository, 'GET /repos/{owner}/{repo}')).data.default_branch;
  }

  /**
   * The pull request merged into `branch` whose merge (or squash, or last rebased) commit is `sha`.
   * A PR that merely contains the commit does not count: that commit reached the branch some other way.
   */
  async changeRequestFor(sha: string, branch: string): Promise<PlatformChangeRequest | null> {
    const pulls = await this.api.listAll({ what: `list the pull requests of commit ${sha.slice(0, 12)}`, permission: READ_PULLS }, CommitPull, 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { commit_sha: sha });
    const pull = pulls.find((each) => each.merged_at && each.merge_commit_sha === sha && each.base.ref === branch);
    if (!pull) return null;
    const reviews = await this.api.listAll({ what: `list the reviews of ${this.label}#${pull.number}`, permission: READ_PULLS }, Review, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { pull_number: pull.number });
    return {
      number: pull.number,
      url: pull.html_url ?? null,
      author: person(pull.user),
      opened_at: pull.created_at,
      merged_head_sha: pull.head.sha,
      labels: pull.labels.map((label) => label.name),
      approvals: standingApprovals(reviews).flatMap((review) => (review.user && review.commit_id && review.submitted_at ? [{ ...person(review.user), time: review.submitted_at, sha: review.commit_id }] : [])),
    };
  }

  /** The combined commit status and every check run: any failure fails, anything unfinished is pending, nothing at all is none. */
  async ciStatus(sha: string): Promise<AuditChange['ci_status']> {
    const combined = (await this.api.call({ what: `read the combined status of ${sha.slice(0, 12)}`, permission: READ_STATUSES }, CombinedStatus, 'GET /repos/{owner}/{repo}/commits/{ref}/status', { ref: sha, per_page: 100 })).data;
    const runs: z.infer<typeof CheckRuns>['check_runs'] = [];
    let checkTotal = 0;
    for (let page = 1; page <= MAX_CHECK_PAGES; page++) {
      const { data } = await this.api.call({ what: `list the check runs of ${sha.slice(0, 12)}`, permission: READ_CHECKS }, CheckRuns, 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ref: sha, per_page: 100, page });
      appendAll(runs, data.check_runs);
      checkTotal = data.total_count;
      if (runs.length >= data.total_count || !data.check_runs.length) break;
    }
    // The combined state is "pending" when there are no statuses at all (REST "commit statuses"); runs beyond the pages read are unknown, so pending.
    const states = [...(combined.total_count > 0 ? [combined.state] : []), ...(runs.length < checkTotal ? ['pending'] : []), ...runs.map((run) => (run.status !== 'completed' ? 'pending' : FAILED_CHECK.has(run.conclusion ?? '') ? 'failure' : 'success'))];
    if (!states.length) return 'none';
    if (states.some((state) => state === 'failure' || state === 'error')) return 'failure';
    if (states.some((state) => state !== 'success')) return 'pending';
    return 'success';
  }

  async commit(sha: string): Promise<PlatformCommit> {
    const { data } = await this.api.call({ what: `read commit ${sha.slice(0, 12)}`, permission: READ_CONTENTS }, Commit, 'GET /repos/{owner}/{repo}/commits/{ref}', { ref: sha });
    return { verification: data.commit.verification ?? null, authorLogin: data.author?.login ?? null, committerLogin: data.committer?.login ?? null };
  }
}

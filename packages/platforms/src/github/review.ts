import { z } from 'zod';
import { APPROVE_SAFE_MARKER, UserError, type ChangedFile, type ChangeRequest, type CommitIdentity, type PlatformCommitSignature, type Person, type Review } from '@gitops-sync/core';
import type { OwnApproval, ReviewPlatform } from '@gitops-sync/engine';
import { orAbsent, type ApiCall } from '../api-retry.js';
import { githubOwnIdentity, isOwnIdentity, type OwnIdentity } from '../own-identity.js';
import { GitHubApi, type GitHubApiOptions } from './api.js';
import { bodyAndOtherEditor } from './body-editor.js';
import { githubTeamMember } from './team-membership.js';

const User = z.object({ id: z.number(), login: z.string(), type: z.string().optional() });
const Pull = z.object({
  number: z.number(),
  state: z.string(),
  draft: z.boolean().optional(),
  merged: z.boolean().optional(),
  merged_at: z.string().nullable().optional(),
  user: User,
  changed_files: z.number(),
  created_at: z.string().optional(),
  html_url: z.string().optional(),
  commits: z.number().optional(),
  head: z.object({ sha: z.string(), repo: z.object({ full_name: z.string() }).nullable() }),
  base: z.object({ sha: z.string(), ref: z.string(), repo: z.object({ full_name: z.string(), default_branch: z.string().optional() }) }),
});
const PullFile = z.object({ filename: z.string(), status: z.string(), previous_filename: z.string().optional(), sha: z.string().nullable().optional() });
const PullReview = z.object({ id: z.number(), user: User.nullable(), state: z.string(), commit_id: z.string().nullable(), body: z.string().nullable().optional(), submitted_at: z.string().nullable().optional() });
const GitPerson = z.object({ name: z.string().optional(), email: z.string().optional() }).nullable();
const PullCommit = z.object({
  sha: z.string(),
  author: User.nullable(),
  committer: User.nullable(),
  commit: z.object({ author: GitPerson, committer: GitPerson, verification: z.object({ verified: z.boolean(), reason: z.string() }).optional() }),
});
const Permission = z.object({ permission: z.string(), role_name: z.string().optional() });
const Content = z.object({ type: z.string(), encoding: z.string().optional(), content: z.string().optional() });
const Tree = z.object({ tree: z.array(z.object({ path: z.string(), mode: z.string(), type: z.string(), sha: z.string() })), truncated: z.boolean().optional() });
const Comment = z.object({ id: z.number(), node_id: z.string().optional(), body: z.string().nullable().optional(), user: User.nullable().optional() });

/**
 * The pull request's base branch changes, oldest first. GitHub keeps the head and the approvals when the base
 * branch changes (by hand, or its own retarget after the old base was merged and deleted); REST's timeline does
 * not list these events, GraphQL's does.
 */
const BaseChange = z.discriminatedUnion('__typename', [
  z.object({ __typename: z.literal('BaseRefChangedEvent'), createdAt: z.string().datetime({ offset: true }), previousRefName: z.string() }),
  z.object({ __typename: z.literal('AutomaticBaseChangeSucceededEvent'), createdAt: z.string().datetime({ offset: true }), oldBase: z.string() }),
]);
const BaseChanges = z.object({
  data: z
    .object({
      repository: z
        .object({
          pullRequest: z.object({ timelineItems: z.object({ pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }), nodes: z.array(BaseChange) }) }).nullable(),
        })
        .nullable(),
    })
    .nullable()
    .optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});
const BASE_CHANGES_QUERY = `query($owner: String!, $repo: String!, $number: Int!, $after: String) { repository(owner: $owner, name: $repo) { pullRequest(number: $number) {
  timelineItems(first: 100, after: $after, itemTypes: [BASE_REF_CHANGED_EVENT, AUTOMATIC_BASE_CHANGE_SUCCEEDED_EVENT]) {
    pageInfo { hasNextPage endCursor }
    nodes { __typename ... on BaseRefChangedEvent { createdAt previousRefName } ... on AutomaticBaseChangeSucceededEvent { createdAt oldBase } }
  } } } }`;

const READ_PULLS = 'the "Pull requests: read" permission (GITHUB_TOKEN: permissions: pull-requests: read)';
const WRITE_PULLS = 'the "Pull requests: write" permission (GITHUB_TOKEN: permissions: pull-requests: write), and for approving, "Allow GitHub Actions to create and approve pull requests" in the repository settings';
const READ_CONTENTS = 'the "Contents: read" permission';

export interface GitHubReviewOptions extends GitHubApiOptions {
  number: number;
  /** The GitHub App bot the token acts as (`my-app[bot]`), when it is an app's installation token. */
  botLogin?: string;
}

const person = (user: z.infer<typeof User>): Person => ({ id: user.id, login: user.login, bot: user.type === 'Bot' });

const REVIEW_STATES = new Set<Review['state']>(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING']);

/** A pull request through Octokit (the same client @actions/github gives actions). */
export class GitHubReview implements ReviewPlatform {
  readonly name = 'github' as const;
  readonly label: string;
  private readonly api: GitHubApi;
  private identity: Promise<OwnIdentity> | undefined;

  constructor(private readonly options: GitHubReviewOptions) {
    this.api = new GitHubApi(options);
    this.label = `${options.repository}#${options.number}`;
  }

  /** The pull request number where the route has a place for it (anything else would become a query or body parameter). */
  private withNumber(route: string, params: Record<string, unknown>) {
    return route.includes('{pull_number}') ? { pull_number: this.options.number, ...params } : params;
  }

  private call<T extends z.ZodType>(call: ApiCall, schema: T, route: string, params: Record<string, unknown> = {}) {
    return this.api.call(call, schema, route, this.withNumber(route, params));
  }

  private listAll<T extends z.ZodType>(call: ApiCall, item: T, route: string, params: Record<string, unknown> = {}) {
    return this.api.listAll(call, item, route, this.withNumber(route, params));
  }

  /** Who our own comments and approvals are written by. */
  private own() {
    this.identity ??= githubOwnIdentity(this.api, this.options.botLogin);
    return this.identity;
  }

  private async pull() {
    return (await this.call({ what: `read pull request ${this.label}`, permission: READ_PULLS }, Pull, 'GET /repos/{owner}/{repo}/pulls/{pull_number}')).data;
  }

  async getChangeRequest(): Promise<ChangeRequest> {
    const data = await this.pull();
    return {
      number: data.number,
      author: person(data.user),
      headSha: data.head.sha,
      baseSha: data.base.sha,
      draft: data.draft ?? false,
      open: data.state === 'open',
      merged: data.merged === true || Boolean(data.merged_at),
      fromFork: data.head.repo?.full_name !== data.base.repo.full_name,
      changedFiles: data.changed_files,
      baseRef: data.base.ref,
      defaultBranch: data.base.repo.default_branch,
      createdAt: data.created_at,
      url: data.html_url,
    };
  }

  async listChangedFiles(): Promise<ChangedFile[]> {
    const files = await this.listAll({ what: `list the files of ${this.label}`, permission: READ_PULLS }, PullFile, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files');
    return files.map((file) => ({ path: file.filename, previousPath: file.previous_filename, status: file.status, headBlob: file.sha ?? undefined }));
  }

  /** Each change of the base branch, oldest first: when, and the branch it was before. */
  private async baseChanges(): Promise<{ at: number; from: string }[]> {
    const what = `list the base branch changes of ${this.label}`;
    const changes = await this.api.graphqlAll({ what, permission: READ_PULLS }, BaseChanges, BASE_CHANGES_QUERY, { owner: this.api.owner, repo: this.api.repo, number: this.options.number }, ({ data, errors }) => {
      const timeline = data?.repository?.pullRequest?.timelineItems;
      if (timeline) return timeline;
      const why = errors?.map((error) => error.message).join('; ') || 'no pull request in its answer';
      throw new UserError(`GitHub's GraphQL API would not ${what} (${why.slice(0, 300)}), so an approval given against another base cannot be told apart; the token needs ${READ_PULLS}.`);
    });
    return changes
      .map((change) => ({ at: Date.parse(change.createdAt), from: change.__typename === 'BaseRefChangedEvent' ? change.previousRefName : change.oldBase }))
      .sort((a, b) => a.at - b.at);
  }

  /**
   * Reviews, each with the base branch it was given against when that has changed since: the branch before the
   * first change not before it (a review GitHub does not date, or given the same second, counts as before).
   */
  async listReviews(): Promise<Review[]> {
    const [reviews, changes] = await Promise.all([
      this.listAll({ what: `list the reviews of ${this.label}`, permission: READ_PULLS }, PullReview, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews'),
      this.baseChanges(),
    ]);
    return reviews.flatMap((review, order) => {
      if (!review.user || !REVIEW_STATES.has(review.state as Review['state'])) return [];
      const submitted = Date.parse(review.submitted_at ?? '');
      const changedAfter = changes.find((change) => !(change.at < submitted));
      return [{
        user: person(review.user),
        state: review.state as Review['state'],
        commitSha: review.commit_id ?? undefined,
        ...(changedAfter ? { otherBase: { branch: changedAfter.from } } : {}),
        order,
        automatic: Boolean(review.body?.includes(APPROVE_SAFE_MARKER)),
        submittedAt: review.submitted_at ?? undefined,
      }];
    });
  }

  async listCommits(): Promise<CommitIdentity[]> {
    const [commits, pull] = await Promise.all([
      this.listAll({ what: `list the commits of ${this.label}`, permission: READ_PULLS }, PullCommit, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits'),
      this.pull(),
    ]);
    // The API lists at most 250 commits: the authors of the rest are unknown.
    const unlisted = (pull.commits ?? commits.length) - commits.length;
    const missing: CommitIdentity[] = unlisted > 0 ? [{ sha: pull.head.sha, userIds: [], unresolved: [`the authors of ${unlisted} commit(s) beyond the ${commits.length} the API lists`] }] : [];
    return missing.concat(commits.map((commit) => {
      const unresolved: string[] = [];
      if (!commit.author) unresolved.push(`author ${commit.commit.author?.name ?? 'unknown'}`);
      if (!commit.committer) unresolved.push(`committer ${commit.commit.committer?.name ?? 'unknown'}`);
      return { sha: commit.sha, userIds: [commit.author?.id, commit.committer?.id].filter((id): id is number => id !== undefined), unresolved };
    }));
  }

  /** Every commit of the pull request with GitHub's `commit.verification`; the API lists at most 250, the rest cannot be judged. */
  async commitSignatures(): Promise<{ commits: PlatformCommitSignature[]; problem?: string }> {
    const [commits, pull] = await Promise.all([
      this.listAll({ what: `list the commits of ${this.label}`, permission: READ_PULLS }, PullCommit, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits'),
      this.pull(),
    ]);
    const unlisted = (pull.commits ?? commits.length) - commits.length;
    return {
      commits: commits.map((commit) => ({
        sha: commit.sha,
        verified: commit.commit.verification?.verified ?? false,
        reason: commit.commit.verification?.reason ?? 'not reported',
        authorEmail: commit.commit.author?.email,
        committerEmail: commit.commit.committer?.email,
      })),
      ...(unlisted > 0 ? { problem: `GitHub lists only ${commits.length} of the ${pull.commits} commits, so the signatures of ${unlisted} cannot be checked; split the pull request` } : {}),
    };
  }

  async hasWriteAccess(user: Person): Promise<boolean> {
    const found = await orAbsent(() =>
      this.call({ what: `read ${user.login}'s permission`, permission: 'the "Metadata: read" permission' }, Permission, 'GET /repos/{owner}/{repo}/collaborators/{username}/permission', { username: user.login }),
    );
    const { permission, role_name } = found?.data ?? { permission: 'none' };
    return ['admin', 'write'].includes(permission) || ['admin', 'maintain', 'write'].includes(role_name ?? '');
  }

  isTeamMember(team: string, user: Person): Promise<boolean> {
    return githubTeamMember(this.api, team, user.login);
  }

  async readFileAt(path: string, sha: string): Promise<string | undefined> {
    const found = await orAbsent(() => this.call({ what: `read ${path} at ${sha.slice(0, 12)}`, permission: READ_CONTENTS }, Content, 'GET /repos/{owner}/{repo}/contents/{path}', { path, ref: sha }));
    if (!found) return undefined;
    if (found.data.type !== 'file' || found.data.encoding !== 'base64') throw new UserError(`${path} at ${sha.slice(0, 12)} is not a regular file; the policy files must be plain files.`);
    return Buffer.from(found.data.content ?? '', 'base64').toString('utf8');
  }

  async approvalProblems(): Promise<string[]> {
    return [];
  }

  /** The modes and blobs of a commit's files from the git trees API; a truncated listing (GitHub's limit) leaves them unknown. */
  async treeModes(sha: string): Promise<{ modes: Map<string, string>; blobs: Map<string, string> } | { problem: string }> {
    const found = await this.call({ what: `read the file tree of ${sha.slice(0, 12)}`, permission: READ_CONTENTS }, Tree, 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { tree_sha: sha, recursive: '1' }).catch((error: unknown) => {
      if (error instanceof UserError) return { problem: `the file modes are unknown: ${error.message.replace(/\.$/, '')}` };
      throw error;
    });
    if ('problem' in found) return found;
    const { data } = found;
    if (data.truncated !== false) {
      return { problem: `the file modes are unknown: GitHub's tree of ${sha.slice(0, 12)} is truncated (more than 100,000 entries or 7 MB); check out both commits (actions/checkout with fetch-depth: 0)` };
    }
    const files = data.tree.filter((entry) => entry.type !== 'tree');
    return { modes: new Map(files.map((entry) => [entry.path, entry.mode])), blobs: new Map(files.map((entry) => [entry.path, entry.sha])) };
  }

  async ownApprovals(): Promise<OwnApproval[]> {
    const [reviews, own] = await Promise.all([
      this.listAll({ what: `list the reviews of ${this.label}`, permission: READ_PULLS }, PullReview, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews'),
      this.own(),
    ]);
    return reviews.filter((review) => review.state === 'APPROVED' && isOwnIdentity(own, review.user) && review.body?.includes(APPROVE_SAFE_MARKER)).map((review) => ({ id: review.id, sha: review.commit_id ?? undefined }));
  }

  async approve(sha: string, body: string): Promise<void> {
    await this.call({ what: `approve ${this.label}`, permission: WRITE_PULLS }, z.unknown(), 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { commit_id: sha, event: 'APPROVE', body });
  }

  async withdrawApprovals(approvals: OwnApproval[], message: string): Promise<void> {
    for (const { id } of approvals) {
      await this.call({ what: `dismiss review ${id} on ${this.label}`, permission: WRITE_PULLS }, z.unknown(), 'PUT /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals', { review_id: id, message, event: 'DISMISS' });
    }
  }

  async addLabel(label: string): Promise<void> {
    await this.call({ what: `label ${this.label}`, permission: WRITE_PULLS }, z.unknown(), 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { issue_number: this.options.number, labels: [label] });
  }

  async removeLabel(label: string): Promise<void> {
    await orAbsent(() => this.call({ what: `remove a label from ${this.label}`, permission: WRITE_PULLS }, z.unknown(), 'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', { issue_number: this.options.number, name: label }));
  }

  async requestReviewers(owners: string[], author: Person): Promise<void> {
    const names = owners.filter((owner) => owner.startsWith('@')).map((owner) => owner.slice(1));
    const reviewers = names.filter((name) => !name.includes('/') && name.toLowerCase() !== author.login.toLowerCase());
    const teamReviewers = names.filter((name) => name.split('/')[0].toLowerCase() === this.api.owner.toLowerCase() && name.includes('/')).map((name) => name.split('/')[1]);
    if (!reviewers.length && !teamReviewers.length) return;
    await this.call({ what: `request reviewers on ${this.label}`, permission: WRITE_PULLS }, z.unknown(), 'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', { reviewers, team_reviewers: teamReviewers });
  }

  /**
   * Our own comment that starts with `marker`: anyone (the author, a chat-ops app) can post the same marker,
   * and our own comments quote what the author chose (approve-safe's the file names) further down.
   */
  private async ownComment(call: ApiCall, marker: string) {
    const [comments, own] = await Promise.all([this.listAll(call, Comment, 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: this.options.number }), this.own()]);
    return comments.find((comment) => isOwnIdentity(own, comment.user) && comment.body?.startsWith(marker));
  }

  /**
   * Our own comment's body — unless someone else edited it since (anyone with write access can edit
   * a comment on GitHub), which GraphQL's `editor` tells: then it names nothing.
   */
  async ownCommentWith(marker: string): Promise<string | undefined> {
    const call = { what: `read the comments of ${this.label}`, permission: READ_PULLS };
    const comment = await this.ownComment(call, marker);
    if (!comment) return undefined;
    if (!comment.node_id) throw new UserError(`GitHub listed gitops-sync's comment on ${this.label} without its node_id, so who last edited it cannot be checked; nothing is taken from it.`);
    const own = await this.own();
    const { body, editedBy } = await bodyAndOtherEditor(this.api, { what: `read who edited gitops-sync's comment on ${this.label}`, permission: READ_PULLS }, 'IssueComment', comment.node_id, own.login);
    if (editedBy !== undefined) {
      throw new UserError(`gitops-sync's comment on ${this.label} was last edited by ${editedBy}, not by ${own.login}, so its plan fingerprint is not trusted; run drift-detect on the pull request again to rewrite it.`);
    }
    // As GraphQL read it with its editor: the body REST listed may have been rewritten since.
    return body.startsWith(marker) ? body : undefined;
  }

  async upsertComment(marker: string, body: string, createIfMissing = true): Promise<'created' | 'updated' | 'unchanged' | 'absent'> {
    const call = { what: `comment on ${this.label}`, permission: WRITE_PULLS };
    const existing = await this.ownComment(call, marker);
    if (existing?.body === body) return 'unchanged';
    if (existing) {
      await this.call(call, z.unknown(), 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { comment_id: existing.id, body });
      return 'updated';
    }
    if (!createIfMissing) return 'absent';
    await this.call(call, z.unknown(), 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: this.options.number, body });
    return 'created';
  }
}

import { z } from 'zod';
import { appendAll, UserError, type ChangedFile, type ChangeRequest, type CommitIdentity, type PlatformCommitSignature, type Person, type Review } from '@gitops-sync/core';
import type { GitLabCiSettings, OwnApproval, ReviewPlatform } from '@gitops-sync/engine';
import { incompleteListing, orAbsent, pagesBound, type ApiCall } from '../api-retry.js';
import { gitlabCommitVerification } from './commit-signature.js';
import { GitLabApi, type GitLabApiOptions } from './api.js';
import { placedApprovals } from './approval-heads.js';
import { gitlabGroupMember } from './group-membership.js';

const User = z.object({ id: z.number(), username: z.string(), bot: z.boolean().optional() });
const MergeRequest = z.object({
  iid: z.number(),
  state: z.string(),
  draft: z.boolean().optional(),
  work_in_progress: z.boolean().optional(),
  author: User,
  sha: z.string(),
  source_project_id: z.number(),
  target_branch: z.string(),
  target_project_id: z.number(),
  changes_count: z.string().nullable().optional(),
  diff_refs: z.object({ base_sha: z.string(), head_sha: z.string(), start_sha: z.string().optional() }).nullable(),
  created_at: z.string().optional(),
  web_url: z.string().optional(),
});
const Diff = z.object({
  old_path: z.string(),
  new_path: z.string(),
  a_mode: z.string().nullable(),
  b_mode: z.string().nullable(),
  new_file: z.boolean(),
  renamed_file: z.boolean(),
  deleted_file: z.boolean(),
});
const DiffVersion = z.object({ id: z.number(), head_commit_sha: z.string(), base_commit_sha: z.string().nullish(), start_commit_sha: z.string().nullish() });
const ProjectApprovals = z.object({
  reset_approvals_on_push: z.boolean(),
  merge_requests_author_approval: z.boolean().optional(),
  merge_requests_disable_committers_approval: z.boolean().optional(),
});
const Member = z.object({ access_level: z.number() });
const Project = z.object({ default_branch: z.string().nullable().optional(), path_with_namespace: z.string().optional(), ci_config_path: z.string().nullable().optional() });
const MrCommit = z.object({ id: z.string(), author_name: z.string(), author_email: z.string(), committer_email: z.string() });
const TreeEntry = z.object({ path: z.string(), type: z.string() });
const Note = z.object({ id: z.number(), body: z.string(), system: z.boolean(), author: User.optional() });
/** A note's body and who last edited it, in one answer: a body read earlier over REST may have been rewritten since. */
const NoteEdit = z.object({ id: z.string(), body: z.string(), lastEditedAt: z.string().nullable(), lastEditedBy: z.object({ id: z.string(), username: z.string() }).nullable() });
/** A commit of the merge request with the account GitLab ties its author's e-mail to (a confirmed one), or null. */
const CommitAuthor = z.object({ sha: z.string(), author: z.object({ id: z.string(), username: z.string() }).nullable() });
const PageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
/** One page of a merge request's GraphQL connection, asked for under the alias `items`. */
const connectionPage = <T extends z.ZodType>(node: T) =>
  z.object({ project: z.object({ mergeRequest: z.object({ items: z.object({ nodes: z.array(node), pageInfo: PageInfo }) }).nullable() }).nullable() });
const connectionQuery = (connection: 'notes' | 'commits', fields: string) =>
  `query($path: ID!, $iid: String!, $after: String) { project(fullPath: $path) { mergeRequest(iid: $iid) { items: ${connection}(first: 100, after: $after) { nodes { ${fields} } pageInfo { hasNextPage endCursor } } } } }`;
const userIdOf = (gid: string | undefined) => {
  const id = /^gid:\/\/gitlab\/User\/(\d+)$/.exec(gid ?? '')?.[1];
  return id === undefined ? undefined : Number(id);
};

const READ_API = 'the read_api scope and at least the Reporter role';
const WRITE_API = 'the api scope and at least the Developer role (a project or group access token of a bot user, not the author)';
const DEVELOPER = 30;

export interface GitLabReviewOptions extends GitLabApiOptions {
  iid: number;
}

const person = (user: z.infer<typeof User>): Person => ({ id: user.id, login: user.username, bot: user.bot ?? false });

/** A merge request through GitLab's REST API v4. */
export class GitLabReview implements ReviewPlatform {
  readonly name = 'gitlab' as const;
  readonly label: string;
  private readonly api: GitLabApi;
  private readonly project: string;
  private settings: Promise<z.infer<typeof ProjectApprovals>> | undefined;
  private me: Promise<Person> | undefined;
  private readonly accounts = new Map<number, Promise<{ bot: boolean } | { problem: string }>>();

  constructor(private readonly options: GitLabReviewOptions) {
    this.api = new GitLabApi(options);
    this.project = this.api.project;
    this.label = `${options.project}!${options.iid}`;
  }

  private send(call: ApiCall, method: string, path: string, body?: unknown) {
    return this.api.send(call, method, path, body);
  }

  private json<T extends z.ZodType>(call: ApiCall, schema: T, method: string, path: string, body?: unknown) {
    return this.api.json(call, schema, method, path, body);
  }

  private listAll<T extends z.ZodType>(call: ApiCall, item: T, path: string) {
    return this.api.listAll(call, item, path);
  }

  private get mr() {
    return `${this.project}/merge_requests/${this.options.iid}`;
  }

  private projectSettings() {
    this.settings ??= this.json({ what: `read the approval settings of ${this.options.project}`, permission: READ_API }, ProjectApprovals, 'GET', `${this.project}/approvals`).then((result) => result.data);
    return this.settings;
  }

  async getChangeRequest(): Promise<ChangeRequest> {
    const { data } = await this.json({ what: `read merge request ${this.label}`, permission: READ_API }, MergeRequest, 'GET', this.mr);
    const count = data.changes_count ?? '';
    return {
      number: data.iid,
      author: person(data.author),
      headSha: data.sha,
      // The target branch as the MR was last compared: the policy in force for it.
      baseSha: data.diff_refs?.start_sha ?? data.diff_refs?.base_sha ?? '',
      draft: data.draft ?? data.work_in_progress ?? false,
      open: data.state === 'opened',
      merged: data.state === 'merged',
      fromFork: data.source_project_id !== data.target_project_id,
      changedFiles: /^\d+$/.test(count) ? Number(count) : undefined,
      baseRef: data.target_branch,
      createdAt: data.created_at,
      url: data.web_url,
      defaultBranch: (await orAbsent(() => this.json({ what: `read project ${this.options.project}`, permission: READ_API }, Project, 'GET', this.project)))?.data.default_branch ?? undefined,
    };
  }

  /** The CI file the project's pipelines run; a project that does not say cannot have its CI guarded, so that is an error. */
  async ciSettings(): Promise<GitLabCiSettings> {
    const { data } = await this.json({ what: `read the CI/CD settings of ${this.options.project}`, permission: READ_API }, Project, 'GET', this.project);
    if (data.ci_config_path === undefined || data.path_with_namespace === undefined) {
      throw new UserError(`GitLab did not say which CI/CD configuration file ${this.options.project} runs (no ci_config_path in GET /projects/:id), so the CI files cannot be guarded; the token needs ${READ_API}.`);
    }
    return { ciConfigPath: data.ci_config_path ?? '', projectPath: data.path_with_namespace };
  }

  /** The newest diff version (GitLab lists them newest first; ids only grow): one per push, never reused. */
  private async newestVersion(): Promise<z.infer<typeof DiffVersion> | undefined> {
    const { data } = await this.json({ what: `list the diff versions of ${this.label}`, permission: READ_API }, z.array(DiffVersion), 'GET', `${this.mr}/versions`);
    return data.reduce<z.infer<typeof DiffVersion> | undefined>((newest, version) => (!newest || version.id > newest.id ? version : newest), undefined);
  }

  /**
   * `/diffs` lists the newest diff version, whichever head and base that is: with `at`, the listing counts
   * only when the newest version is of that head and base before and after it (a head that moved away and
   * back makes another version; so does a retarget, with the same head and another base), so the files
   * judged are the head's against the base judged.
   */
  async listChangedFiles(at?: { headSha: string; baseSha: string }): Promise<ChangedFile[]> {
    const before = at === undefined ? undefined : await this.newestVersion();
    const diffs = await this.listAll({ what: `list the changes of ${this.label}`, permission: READ_API }, Diff, `${this.mr}/diffs`);
    if (at !== undefined) {
      const after = await this.newestVersion();
      // getChangeRequest's baseSha is diff_refs' start_sha (else base_sha): the newest version's start_commit_sha (else
      // base_commit_sha). A version that names no base (GitLab leaves it null without a merge base) is taken as it is.
      const base = before?.start_commit_sha ?? before?.base_commit_sha;
      if (before?.head_commit_sha !== at.headSha || (base && base !== at.baseSha) || after?.id !== before.id) {
        throw new UserError(`${this.label} was pushed to or retargeted while its changes were read (its head ${at.headSha.slice(0, 12)} on ${at.baseSha.slice(0, 12)} is not the diff version GitLab listed them from), so nothing was judged; run it again.`);
      }
    }
    return diffs.map((diff) => ({
      path: diff.new_path,
      previousPath: diff.renamed_file ? diff.old_path : undefined,
      status: diff.new_file ? 'added' : diff.deleted_file ? 'removed' : diff.renamed_file ? 'renamed' : 'modified',
      oldMode: diff.a_mode ?? undefined,
      newMode: diff.b_mode ?? undefined,
    }));
  }

  /** Each approval on the head it was given on (see placedApprovals): GitLab keeps approvals across a rebase, whatever the project says. */
  async listReviews(): Promise<Review[]> {
    const [placed, me] = await Promise.all([placedApprovals(this.api, this.options.iid, this.label, READ_API), this.currentUser()]);
    return Promise.all(
      placed.map(async ({ user, time, sha, otherBase }, order) => {
        const account = await this.account(user);
        return {
          user: { ...person(user), bot: 'bot' in account && account.bot },
          state: 'APPROVED' as const,
          commitSha: sha,
          otherBase,
          order,
          automatic: user.id === me.id,
          identityProblem: 'problem' in account ? account.problem : undefined,
          submittedAt: time,
        };
      }),
    );
  }

  /**
   * Whether an account is a bot, from `GET /users/:id` (the approvals API says nothing of bots, and
   * access-token bots have had several naming schemes). An account it cannot tell about is a problem, never a person.
   */
  private account(user: z.infer<typeof User>): Promise<{ bot: boolean } | { problem: string }> {
    let found = this.accounts.get(user.id);
    if (!found) {
      const call = { what: `read ${user.username}'s account`, permission: READ_API };
      found = this.json(call, z.object({ bot: z.boolean().optional(), state: z.string().optional() }), 'GET', `/users/${user.id}`).then(({ data }) => {
        if (data.bot === undefined) return { problem: `GitLab's user API did not say whether ${user.username} is a bot` };
        // A blocked, banned or deactivated account has lost its access, whatever its membership still says.
        if (data.state !== 'active') return { problem: `GitLab says ${user.username}'s account is ${data.state ?? 'in no known state'}` };
        return { bot: data.bot };
      },
        (error: unknown) => {
          if (!(error instanceof UserError)) throw error;
          return { problem: error.message.replace(/\.$/, '') };
        },
      );
      this.accounts.set(user.id, found);
    }
    return found;
  }

  /**
   * GitLab itself keeps committers from approving when the project says so (approvalProblems insists
   * on it), but only those whose e-mail it ties to an account: each commit's author is that account
   * here (from GraphQL; REST names only e-mails), and a commit whose e-mail GitLab ties to none, or
   * written by someone other than its committer, cannot be proven independent of any approver.
   */
  async listCommits(): Promise<CommitIdentity[]> {
    const [commits, authors] = await Promise.all([
      this.listAll({ what: `list the commits of ${this.label}`, permission: READ_API }, MrCommit, `${this.mr}/commits`),
      this.connectionNodes({ what: `read the accounts of the commit authors of ${this.label}`, permission: READ_API }, 'commits', 'sha author { id username }', CommitAuthor),
    ]);
    const accountOf = new Map(authors.map((commit) => [commit.sha, userIdOf(commit.author?.id)]));
    return commits.map((commit) => {
      const account = accountOf.get(commit.id);
      const unresolved: string[] = [];
      if (commit.author_email.toLowerCase() !== commit.committer_email.toLowerCase()) unresolved.push(`author ${commit.author_name}, who is not its committer`);
      // GitLab's GraphQL leaves out the commits of a fork's branch the token cannot see (gitlab-org/gitlab#335687).
      else if (!accountOf.has(commit.id)) unresolved.push(`author ${commit.author_name}, whose account GitLab's GraphQL API did not name: it did not list the commit`);
      else if (account === undefined) unresolved.push(`author ${commit.author_name}, whose e-mail GitLab ties to no account`);
      return { sha: commit.id, userIds: account === undefined ? [] : [account], unresolved };
    });
  }

  /** Every commit of the merge request with GitLab's word on its signature (one signature call per commit). */
  async commitSignatures(): Promise<{ commits: PlatformCommitSignature[]; problem?: string }> {
    const commits = await this.listAll({ what: `list the commits of ${this.label}`, permission: READ_API }, MrCommit, `${this.mr}/commits`);
    const signatures: PlatformCommitSignature[] = [];
    // GitLab lists them newest first; the decision lists them as GitHub does, oldest first.
    for (const commit of [...commits].reverse()) signatures.push({ sha: commit.id, authorEmail: commit.author_email, committerEmail: commit.committer_email, ...(await gitlabCommitVerification(this.api, commit.id, READ_API)) });
    return { commits: signatures };
  }

  async approvalProblems(): Promise<string[]> {
    const settings = await this.projectSettings();
    const problems: string[] = [];
    if (!settings.reset_approvals_on_push) problems.push('the project keeps approvals when commits are added, so no approval is tied to the head (turn on "Remove all approvals when commits are added")');
    if (!settings.merge_requests_disable_committers_approval) problems.push('the project lets users who added commits approve (turn on "Prevent approvals by users who add commits")');
    return problems;
  }

  async hasWriteAccess(user: Person): Promise<boolean> {
    const found = await orAbsent(() => this.json({ what: `read ${user.login}'s role`, permission: READ_API }, Member, 'GET', `${this.project}/members/all/${user.id}`));
    return (found?.data.access_level ?? 0) >= DEVELOPER;
  }

  isTeamMember(team: string, user: Person): Promise<boolean> {
    return gitlabGroupMember(this.api, team, user);
  }

  async readFileAt(path: string, sha: string): Promise<string | undefined> {
    const response = await orAbsent(() => this.send({ what: `read ${path} at ${sha.slice(0, 12)}`, permission: READ_API }, 'GET', `${this.project}/repository/files/${encodeURIComponent(path)}/raw?ref=${encodeURIComponent(sha)}`));
    return response?.text();
  }

  /** GET /projects/:id/repository/tree, recursive; a folder GitLab does not find there has no files. */
  async filesUnder(folder: string, sha: string): Promise<string[]> {
    const call = { what: `list the files under ${folder || 'the root'} at ${sha.slice(0, 12)}`, permission: READ_API };
    const entries = await orAbsent(() => this.listAll(call, TreeEntry, `${this.project}/repository/tree?recursive=true&ref=${encodeURIComponent(sha)}${folder ? `&path=${encodeURIComponent(folder)}` : ''}`));
    return (entries ?? []).filter((entry) => entry.type === 'blob').map((entry) => entry.path);
  }

  /** The token's user (see gitlabOwnIdentity): who our own approvals and notes are written by. */
  private currentUser() {
    this.me ??= this.api.currentUser().then(person);
    return this.me;
  }

  async ownApprovals(): Promise<OwnApproval[]> {
    const [me, reviews] = await Promise.all([this.currentUser(), this.listReviews()]);
    // GitLab answers 401 to a second approval by the same user, whatever head the first was given on: one of ours stands.
    return reviews.filter((review) => review.user.id === me.id).map(() => ({}));
  }

  async approve(sha: string): Promise<void> {
    try {
      await this.send({ what: `approve ${this.label}`, permission: WRITE_API }, 'POST', `${this.mr}/approve`, { sha });
    } catch (error) {
      if (error instanceof UserError && /HTTP 409/.test(error.message)) throw new UserError(`The head of ${this.label} moved while it was being evaluated, so it was not approved; the next run evaluates the new head.`);
      throw error;
    }
  }

  async withdrawApprovals(approvals: OwnApproval[]): Promise<void> {
    if (approvals.length) await this.send({ what: `withdraw the approval of ${this.label}`, permission: WRITE_API }, 'POST', `${this.mr}/unapprove`);
  }

  async addLabel(label: string): Promise<void> {
    await this.send({ what: `label ${this.label}`, permission: WRITE_API }, 'PUT', this.mr, { add_labels: label });
  }

  async removeLabel(label: string): Promise<void> {
    await this.send({ what: `remove a label from ${this.label}`, permission: WRITE_API }, 'PUT', this.mr, { remove_labels: label });
  }

  /**
   * Adds the owners who are users (groups and e-mail owners are @-mentioned in the note instead) to
   * the merge request's reviewers, keeping those already there; never the author.
   */
  async requestReviewers(owners: string[], author: Person): Promise<void> {
    const call = { what: `request reviewers on ${this.label}`, permission: WRITE_API };
    const usernames = owners.filter((owner) => /^@[^/@]+$/.test(owner)).map((owner) => owner.slice(1)).filter((name) => name.toLowerCase() !== author.login.toLowerCase());
    if (!usernames.length) return;
    const ids: number[] = [];
    for (const username of usernames) {
      const { data } = await this.json(call, z.array(User), 'GET', `/users?username=${encodeURIComponent(username)}`);
      appendAll(ids, data.map((user) => user.id));
    }
    const { data: mr } = await this.json({ what: `read merge request ${this.label}`, permission: READ_API }, z.object({ reviewers: z.array(User).optional() }), 'GET', this.mr);
    const current = (mr.reviewers ?? []).map((user) => user.id);
    const wanted = [...new Set([...current, ...ids])];
    if (wanted.length !== current.length) await this.send(call, 'PUT', this.mr, { reviewer_ids: wanted });
  }

  /** Our own note that starts with `marker`: anyone (the author, another bot) can post the same marker, and our notes quote file names further down. */
  private async ownNote(call: ApiCall, marker: string) {
    const [notes, me] = await Promise.all([this.listAll(call, Note, `${this.mr}/notes?sort=asc&order_by=created_at`), this.currentUser()]);
    return notes.find((note) => !note.system && note.author?.id === me.id && note.body.startsWith(marker));
  }

  /**
   * Our own note's body — unless someone else edited it since (a Maintainer can edit anyone's note on
   * GitLab), which only GraphQL's `lastEditedBy` tells: then it is not trusted.
   */
  async ownCommentWith(marker: string): Promise<string | undefined> {
    const note = await this.ownNote({ what: `read the notes of ${this.label}`, permission: READ_API }, marker);
    if (!note) return undefined;
    const [edit, me] = await Promise.all([this.lastEdit(note.id), this.currentUser()]);
    if ((edit.lastEditedAt || edit.lastEditedBy) && edit.lastEditedBy?.id !== `gid://gitlab/User/${me.id}`) {
      throw new UserError(`gitops-sync's note on ${this.label} was last edited by ${edit.lastEditedBy?.username ?? 'someone unknown'}, not by ${me.login}, so its plan fingerprint is not trusted; run drift-detect on the merge request again to rewrite it.`);
    }
    return edit.body.startsWith(marker) ? edit.body : undefined;
  }

  /** A note of the merge request as GraphQL gives it with who last edited it (its notes oldest first, 100 a page). */
  private async lastEdit(noteId: number): Promise<z.infer<typeof NoteEdit>> {
    const call = { what: `read who edited gitops-sync's note on ${this.label}`, permission: READ_API };
    const isThisNote = (note: z.infer<typeof NoteEdit>) => note.id.endsWith(`/${noteId}`);
    const found = (await this.connectionNodes(call, 'notes', 'id body lastEditedAt lastEditedBy { id username }', NoteEdit, isThisNote)).find(isThisNote);
    if (!found) throw new UserError(`GitLab's GraphQL API did not list note ${noteId} of ${this.label} when asked to ${call.what}, so who last edited it cannot be checked; nothing is taken from it.`);
    return found;
  }

  /** The nodes of one of the merge request's GraphQL connections, 100 a page, up to the page bound; until a node is `wanted`, when given. */
  private async connectionNodes<T extends z.ZodType>(call: ApiCall, connection: 'notes' | 'commits', fields: string, node: T, wanted?: (node: z.infer<T>) => boolean): Promise<z.infer<T>[]> {
    const path = await this.api.projectPath(call);
    const Page = connectionPage(node);
    const query = connectionQuery(connection, fields);
    const nodes: z.infer<T>[] = [];
    let after: string | null = null;
    for (let read = 1; ; read++) {
      const page: z.infer<typeof Page> = await this.api.graphql(call, Page, query, { path, iid: String(this.options.iid), after });
      const items = page.project?.mergeRequest?.items;
      if (!items) throw new UserError(`GitLab's GraphQL API did not find ${this.label} when asked to ${call.what}; the token needs ${READ_API}.`);
      appendAll(nodes, items.nodes);
      if ((wanted && items.nodes.some(wanted)) || !items.pageInfo.hasNextPage || !items.pageInfo.endCursor) return nodes;
      if (items.pageInfo.endCursor === after) throw incompleteListing('GitLab', call, 'named the same page again');
      if (read >= this.api.limits.maxPages) throw incompleteListing('GitLab', call, `listed ${pagesBound(this.api.limits)}`);
      after = items.pageInfo.endCursor;
    }
  }

  async upsertComment(marker: string, body: string, createIfMissing = true): Promise<'created' | 'updated' | 'unchanged' | 'absent'> {
    const call = { what: `comment on ${this.label}`, permission: WRITE_API };
    const existing = await this.ownNote(call, marker);
    if (existing?.body === body) return 'unchanged';
    if (existing) {
      await this.send(call, 'PUT', `${this.mr}/notes/${existing.id}`, { body });
      return 'updated';
    }
    if (!createIfMissing) return 'absent';
    await this.send(call, 'POST', `${this.mr}/notes`, { body });
    return 'created';
  }
}

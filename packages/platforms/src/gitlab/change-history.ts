import { z } from 'zod';
import type { AuditChange } from '@gitops-sync/core';
import type { ChangeHistoryPlatform, PlatformChangeRequest, PlatformCommit } from '@gitops-sync/engine';
import { GitLabApi, type GitLabApiOptions } from './api.js';
import { gitlabCommitVerification } from './commit-signature.js';

const User = z.object({ id: z.number(), username: z.string() });
/** A merge request as `GET /projects/:id/repository/commits/:sha/merge_requests` lists it. */
const CommitMergeRequest = z.object({
  iid: z.number(),
  web_url: z.string().nullable().optional(),
  author: User,
  created_at: z.string(),
  state: z.string(),
  target_branch: z.string(),
  sha: z.string(),
  merge_commit_sha: z.string().nullable().optional(),
  squash_commit_sha: z.string().nullable().optional(),
  labels: z.array(z.string()),
});
/** `approved_at` only on newer GitLab; older ones say who approved, not when. */
const Approvals = z.object({ approved_by: z.array(z.object({ user: User, approved_at: z.string().nullable().optional() })) });
const Note = z.object({ body: z.string(), system: z.boolean(), created_at: z.string(), author: User.optional() });
const Version = z.object({ head_commit_sha: z.string(), created_at: z.string() });
const Pipeline = z.object({ status: z.string() });
const Project = z.object({ default_branch: z.string().nullable().optional() });

const READ_API = 'the read_api scope and at least the Reporter role';
/** The system note GitLab writes when someone approves a merge request. */
const APPROVED_NOTE = /^approved this merge request$/i;
const PIPELINE: Record<string, AuditChange['ci_status']> = { success: 'success', failed: 'failure', canceled: 'failure', skipped: 'failure' };

const person = (user: z.infer<typeof User>) => ({ id: String(user.id), login: user.username });

/** One project's history on GitLab, read-only, for `audit export`. */
export class GitLabChangeHistory implements ChangeHistoryPlatform {
  readonly name = 'gitlab' as const;
  private readonly api: GitLabApi;

  constructor(private readonly options: GitLabApiOptions) {
    this.api = new GitLabApi(options);
  }

  async defaultBranch(): Promise<string | undefined> {
    return (await this.api.json({ what: `read project ${this.options.project}`, permission: READ_API }, Project, 'GET', this.api.project)).data.default_branch ?? undefined;
  }

  /** The merge request merged into `branch` whose merge, squash or (fast-forward) head commit is `sha`. */
  async changeRequestFor(sha: string, branch: string): Promise<PlatformChangeRequest | null> {
    const listed = await this.api.listAll({ what: `list the merge requests of commit ${sha.slice(0, 12)}`, permission: READ_API }, CommitMergeRequest, `${this.api.project}/repository/commits/${sha}/merge_requests`);
    const mr = listed.find((each) => each.state === 'merged' && each.target_branch === branch && (each.merge_commit_sha === sha || each.squash_commit_sha === sha || (!each.merge_commit_sha && !each.squash_commit_sha && each.sha === sha)));
    if (!mr) return null;
    return {
      number: mr.iid,
      url: mr.web_url ?? null,
      author: person(mr.author),
      opened_at: mr.created_at,
      merged_head_sha: mr.sha,
      labels: mr.labels,
      approvals: await this.approvals(mr.iid),
    };
  }

  /**
   * GitLab's approvals carry no commit: the approved SHA is the MR's head at the approval's time (the
   * newest diff version created by then). The time is `approved_at` when GitLab gives it, else the
   * "approved this merge request" system note. An approval that cannot be placed is left out.
   */
  private async approvals(iid: number): Promise<PlatformChangeRequest['approvals']> {
    const mr = `${this.api.project}/merge_requests/${iid}`;
    const label = `${this.options.project}!${iid}`;
    const [{ data }, notes, versions] = await Promise.all([
      this.api.json({ what: `read the approvals of ${label}`, permission: READ_API }, Approvals, 'GET', `${mr}/approvals`),
      this.api.listAll({ what: `list the notes of ${label}`, permission: READ_API }, Note, `${mr}/notes?sort=asc&order_by=created_at`),
      this.api.listAll({ what: `list the diff versions of ${label}`, permission: READ_API }, Version, `${mr}/versions`),
    ]);
    return data.approved_by.flatMap(({ user, approved_at }) => {
      const time = approved_at ?? notes.filter((note) => note.system && note.author?.id === user.id && APPROVED_NOTE.test(note.body.trim())).at(-1)?.created_at;
      if (!time) return [];
      const head = versions.filter((version) => Date.parse(version.created_at) <= Date.parse(time)).sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
      return head ? [{ ...person(user), time, sha: head.head_commit_sha }] : [];
    });
  }

  /** The latest pipeline for the commit. */
  async ciStatus(sha: string): Promise<AuditChange['ci_status']> {
    const { data } = await this.api.json({ what: `list the pipelines of ${sha.slice(0, 12)}`, permission: READ_API }, z.array(Pipeline), 'GET', `${this.api.project}/pipelines?sha=${sha}&order_by=id&sort=desc&per_page=1`);
    return data.length ? (PIPELINE[data[0].status] ?? 'pending') : 'none';
  }

  /** GitLab answers 404 for an unsigned commit. Its commits name people by email only, so no logins. */
  async commit(sha: string): Promise<PlatformCommit> {
    return { verification: await gitlabCommitVerification(this.api, sha, READ_API), authorLogin: null, committerLogin: null };
  }
}

import { z } from 'zod';
import type { AuditChange } from '@gitops-sync/core';
import type { ChangeHistoryPlatform, PlatformChangeRequest, PlatformCommit } from '@gitops-sync/engine';
import { GitLabApi, type GitLabApiOptions } from './api.js';
import { placedApprovals } from './approval-heads.js';
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
const Pipeline = z.object({ status: z.string() });
const Project = z.object({ default_branch: z.string().nullable().optional() });

const READ_API = 'the read_api scope and at least the Reporter role';
const PIPELINE: Record<string, AuditChange['ci_status']> = { success: 'success', failed: 'failure', canceled: 'failure', skipped: 'failure' };

const person = (user: { id: number; username: string }) => ({ id: String(user.id), login: user.username });

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

  /** Each approval with its time and the head it was given on (see placedApprovals); one that cannot be placed is left out. */
  private async approvals(iid: number): Promise<PlatformChangeRequest['approvals']> {
    const placed = await placedApprovals(this.api, iid, `${this.options.project}!${iid}`, READ_API);
    return placed.flatMap(({ user, time, sha }) => (time && sha ? [{ ...person(user), time, sha }] : []));
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

import { z } from 'zod';
import type { GitLabApi } from './api.js';

const User = z.object({ id: z.number(), username: z.string(), bot: z.boolean().optional() });
/** `approved_at` only on newer GitLab; older ones say who approved, not when. */
const Approvals = z.object({ approved_by: z.array(z.object({ user: User, approved_at: z.string().nullable().optional() })) });
const Note = z.object({ body: z.string(), system: z.boolean(), created_at: z.string(), author: User.optional() });
const Version = z.object({ head_commit_sha: z.string(), base_commit_sha: z.string().nullable().optional(), created_at: z.string() });

/** The system note GitLab writes when someone approves a merge request. */
const APPROVED_NOTE = /^approved this merge request$/i;

/** One approval of a merge request: when it was given and the head it was given on, where GitLab says. */
export interface PlacedApproval {
  user: z.infer<typeof User>;
  time?: string;
  sha?: string;
  /** The base its diff version had, when the newest version has another: the MR's target branch changed since. */
  otherBase?: { sha: string };
}

/**
 * GitLab's approvals carry no commit, and survive a rebase from the UI or API even when the project
 * removes approvals on push: the approved SHA is the MR's head at the approval's time (the newest
 * diff version created before it). The time is `approved_at` when GitLab gives it, else the
 * "approved this merge request" system note; an approval neither dates has no time and no SHA.
 * Retargeting the MR keeps its head and its approvals but makes a version with another base: the
 * approval was of another diff (`otherBase`).
 */
export async function placedApprovals(api: GitLabApi, iid: number, label: string, permission: string): Promise<PlacedApproval[]> {
  const mr = `${api.project}/merge_requests/${iid}`;
  const [{ data }, versions] = await Promise.all([
    api.json({ what: `read the approvals of ${label}`, permission }, Approvals, 'GET', `${mr}/approvals`),
    api.listAll({ what: `list the diff versions of ${label}`, permission }, Version, `${mr}/versions`),
  ]);
  const newestFirst = [...versions].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  const notes = data.approved_by.some(({ approved_at }) => !approved_at) ? await api.listAll({ what: `list the notes of ${label}`, permission }, Note, `${mr}/notes?sort=asc&order_by=created_at`) : [];
  return data.approved_by.map(({ user, approved_at }) => {
    const time = approved_at || notes.filter((note) => note.system && note.author?.id === user.id && APPROVED_NOTE.test(note.body.trim())).at(-1)?.created_at;
    if (!time) return { user };
    // An approval dated the instant a version was made cannot have seen it: it is of the head before (fails closed).
    const head = newestFirst.find((version) => Date.parse(version.created_at) < Date.parse(time));
    // A base GitLab does not give cannot be told to be the newest version's: another, as far as the gate knows.
    const newest = newestFirst[0];
    const otherBase = head && head !== newest && (!head.base_commit_sha || head.base_commit_sha !== newest!.base_commit_sha) ? { sha: head.base_commit_sha ?? 'unknown' } : undefined;
    return { user, time, sha: head?.head_commit_sha, ...(otherBase ? { otherBase } : {}) };
  });
}

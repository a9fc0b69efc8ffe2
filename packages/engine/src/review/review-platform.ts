import type { ChangedFile, ChangeRequest, CommitIdentity, Person, PlatformCommitSignature, Review } from '@gitops-sync/core';

/** An approval approve-safe gave earlier: `id` for GitHub review ids, `sha` when the platform records one. */
export interface OwnApproval {
  id?: number;
  sha?: string;
}

/** GitLab's CI settings of the project: `ci_config_path` as the API gives it ('' for the default), and the project's full path. */
export interface GitLabCiSettings {
  ciConfigPath: string;
  projectPath: string;
}

/**
 * One pull request (GitHub) or merge request (GitLab) on its review platform. Adapters retry
 * transient failures themselves and throw a UserError naming the missing permission otherwise.
 */
export interface ReviewPlatform {
  readonly name: 'github' | 'gitlab';
  getChangeRequest(): Promise<ChangeRequest>;
  /**
   * Every changed file; `oldMode`/`newMode` only where the API says (GitLab; GitHub's come from git or
   * treeModes). With `at`, an adapter whose listing names no commit makes sure it is of that head and base.
   */
  listChangedFiles(at?: { headSha: string; baseSha: string }): Promise<ChangedFile[]>;
  listReviews(): Promise<Review[]>;
  listCommits(): Promise<CommitIdentity[]>;
  /**
   * `signed_commits: required`: every commit of the change with the platform's word on its signature
   * (GitHub `commit.verification`, GitLab's commit signature API), and why some cannot be listed.
   */
  commitSignatures?(): Promise<{ commits: PlatformCommitSignature[]; problem?: string }>;
  hasWriteAccess(user: Person): Promise<boolean>;
  /** `team` is `org/team` (GitHub) or a group path (GitLab), without `@`. */
  isTeamMember(team: string, user: Person): Promise<boolean>;
  /** A file's text at a commit, or undefined when it does not exist there. */
  readFileAt(path: string, sha: string): Promise<string | undefined>;
  /** Every file under `folder` ('' for all) at a commit: what a CI include glob matches when the clone lacks the commit. */
  filesUnder?(folder: string, sha: string): Promise<string[]>;
  /** Settings of the project that make approvals unprovable (GitLab: approvals not reset on push). */
  approvalProblems(): Promise<string[]>;
  /** GitLab: which file the project's pipeline runs (`ci_config_path`), so it and its includes are guarded. */
  ciSettings?(): Promise<GitLabCiSettings>;
  /** GitHub: the git mode and object sha of every file in a commit's tree, or why they cannot be known (a truncated tree). */
  treeModes?(sha: string): Promise<{ modes: Map<string, string>; blobs: Map<string, string> } | { problem: string }>;

  ownApprovals(): Promise<OwnApproval[]>;
  approve(sha: string, body: string): Promise<void>;
  withdrawApprovals(approvals: OwnApproval[], message: string): Promise<void>;
  addLabel(label: string): Promise<void>;
  removeLabel(label: string): Promise<void>;
  /** Owners as written in CODEOWNERS (`@user`, `@org/team`); those a platform cannot ask are mentioned in the comment only. */
  requestReviewers(owners: string[], author: Person): Promise<void>;
  /**
   * The body of our own comment carrying `marker`: written by the identity the token acts as, never
   * by the change's author or another bot echoing the marker.
   */
  ownCommentWith(marker: string): Promise<string | undefined>;
  /** Keeps at most one comment of our own carrying `marker`, with `body`; says what it did. */
  upsertComment(marker: string, body: string, createIfMissing?: boolean): Promise<'created' | 'updated' | 'unchanged' | 'absent'>;
  /** Where the change is, for messages: `owner/repo#12`, `group/project!7`. */
  readonly label: string;
}

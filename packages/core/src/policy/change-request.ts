/** A person or bot on the review platform; `id` is the platform's numeric user id. */
export interface Person {
  id: number;
  login: string;
  bot: boolean;
}

/** A pull request (GitHub) or merge request (GitLab), as much as the four-eyes rules need. */
export interface ChangeRequest {
  number: number;
  author: Person;
  headSha: string;
  baseSha: string;
  draft: boolean;
  open: boolean;
  /** Merged into its base: the gate still judges a merged change when sync applies it. */
  merged: boolean;
  /** The head lives in another repository (a fork), or it was deleted. */
  fromFork: boolean;
  /** How many files the platform says changed; `undefined` when it does not say exactly (GitLab "1000+"). */
  changedFiles: number | undefined;
  /** The branch it merges into, and the repository's default branch when the platform says. */
  baseRef: string;
  defaultBranch?: string;
  /** When it was opened (ISO time) and its web page, as the platform says: for the audit trail. */
  createdAt?: string;
  url?: string;
}

/** `status` is the platform's word; only added, modified, removed and renamed are understood. */
export interface ChangedFile {
  path: string;
  previousPath?: string;
  status: string;
  /** Git file modes (`100644`, `100755`, `120000` symlink, `160000` submodule, `0` absent); undefined when unknown. */
  oldMode?: string;
  newMode?: string;
  /** GitHub: the file's blob at the head as the listing names it; undefined when it names none. */
  headBlob?: string;
}

export interface Review {
  user: Person;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  /** The commit the review was given on; `undefined` when the platform cannot tie it to one. */
  commitSha: string | undefined;
  /**
   * The base the review was given against when the change has another since: its target branch changed,
   * head and approvals kept. GitLab names the base commit (the diff version's), GitHub the branch (its timeline's).
   */
  otherBase?: { sha: string } | { branch: string };
  /** Order of submission (GitHub lists reviews oldest first). */
  order: number;
  /** approve-safe's own approval (its marker, or the token user that gives it): never a human's. */
  automatic?: boolean;
  /** Why the platform could not tell whether the reviewer is a person (so the approval cannot count). */
  identityProblem?: string;
  /** When it was given (ISO time), when the platform says: the end of `gitops_approval_time_seconds`. */
  submittedAt?: string;
}

/** Who wrote or committed one commit of the change; unresolved identities are named by `label`. */
export interface CommitIdentity {
  sha: string;
  userIds: number[];
  /** Identities the platform could not tie to a user (an e-mail with no account). */
  unresolved: string[];
}

/** The marker approve-safe hides in its review body and comment, so it finds its own. */
export const APPROVE_SAFE_MARKER = '<!-- gitops-sync:approve-safe -->';
/** The marker of approve-safe's explanatory comment (a different one, so it is never taken for its review). */
export const APPROVE_SAFE_COMMENT_MARKER = '<!-- gitops-sync:approve-safe:comment -->';

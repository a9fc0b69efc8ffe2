/** An issue that follows one environment's drift. */
export interface TrackedIssue {
  number: number;
  body: string;
  url?: string;
  /**
   * Who last edited its body, when that was not our own identity (anyone with write access can): its
   * hidden state is then not trusted. Unset while only gitops-sync wrote it.
   */
  editedBy?: string;
  /** When it was opened (no one can edit that): no drift it follows was first seen before. */
  createdAt?: string;
}

/**
 * Issues on GitHub or GitLab, as far as drift monitoring needs them. Adapters retry transient
 * failures and throw a UserError naming the missing permission otherwise.
 */
export interface DriftIssues {
  /** The open issue our own identity (the token's, see own-identity.ts) opened whose body carries `marker`, if any, with who else last edited its body. */
  find(marker: string): Promise<TrackedIssue | undefined>;
  create(title: string, body: string): Promise<TrackedIssue>;
  update(number: number, title: string, body: string): Promise<void>;
  comment(number: number, body: string): Promise<void>;
  /** Closes it with this title and body (the state it ends on). */
  close(number: number, title: string, body: string): Promise<void>;
}

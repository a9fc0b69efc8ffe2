/**
 * `approval.environments.<env>.signed_commits: required`: every commit of the change request must
 * carry a signature that verifies, by a key allowed to sign for the commit's author — locally
 * (`git verify-commit` against the configured keys) and as the platform reports it. Both must agree
 * when both are available; anything that cannot be checked counts as not signed.
 */

/** What `git verify-commit` says about a commit against the configured keys (see engine signatures/verify-commit). */
export type LocalSignatureStatus = 'good' | 'bad' | 'expired' | 'revoked' | 'unknown-key' | 'unsigned' | 'missing';

export interface LocalCommitSignature {
  sha: string;
  status: LocalSignatureStatus;
  format: 'gpg' | 'ssh' | 'x509' | null;
  /** The signer as the keys name it (a GPG user id, an allowed-signers principal), when a key matched. */
  signer: string | null;
  author_email: string;
  /** Whether the signing key is allowed to sign for the author's e-mail; null when no key matched. */
  signer_is_author: boolean | null;
}

/** The platform's word on one commit (GitHub `commit.verification`, GitLab's commit signature; 404 = unsigned). */
export interface PlatformCommitSignature {
  sha: string;
  verified: boolean;
  reason: string;
  /** The e-mails the commit names: the platform binds the signing key to the committer's, not the author's. */
  authorEmail?: string;
  committerEmail?: string;
}

/** Only A-Z fold: toLowerCase() would also fold look-alikes (KELVIN SIGN U+212A is k). */
const asciiLowerCase = (text: string) => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/** With no keys to check the author's signer, the platform's word covers the commit only when its author committed it. */
function committerOnly(platform: PlatformCommitSignature, platformName: string): string | undefined {
  const [author, committer] = [platform.authorEmail, platform.committerEmail].map((email) => asciiLowerCase((email ?? '').trim()));
  if (author && author === committer) return undefined;
  return `is authored by ${platform.authorEmail ?? 'someone unnamed'} but committed by ${platform.committerEmail ?? 'someone unnamed'}: ${platformName} vouches only for the committer, and no keys are configured (signatures:) to check the author's`;
}

export interface CommitSignatureVerdict {
  sha: string;
  reason: string;
}

export interface CommitSignatureDecision {
  counted: CommitSignatureVerdict[];
  rejected: CommitSignatureVerdict[];
  /** Why the commits could not all be judged (a truncated listing): each one denies. */
  problems: string[];
}

/** Why a local check does not pass, as a clause; undefined when it does. */
const LOCAL_REASON: Record<Exclude<LocalSignatureStatus, 'good'>, string> = {
  missing: 'is not in the local clone, so its signature cannot be checked; fetch the whole history (actions/checkout with fetch-depth: 0, or git fetch --unshallow)',
  unsigned: 'is not signed',
  bad: 'has a signature that does not verify (forged, or the commit was changed after it was signed)',
  expired: 'was signed with an expired key (or its signature has expired)',
  revoked: 'was signed with a revoked key',
  'unknown-key': 'was signed by a key that is not among the configured keys (signatures.gpg_keyring / signatures.allowed_signers)',
};

function localProblem(local: LocalCommitSignature): string | undefined {
  if (local.status !== 'good') return LOCAL_REASON[local.status];
  if (local.format === 'x509') return 'is signed with an X.509 certificate, which the configured keys cannot vouch for; sign with GPG or SSH';
  if (!local.signer_is_author) return `is signed by ${local.signer ?? 'a configured key'}, which is not an allowed signer for its author ${local.author_email}`;
  return undefined;
}

/**
 * Judges each commit: counted when every available check passes. `local` is undefined when no keys
 * are configured (the platform's word alone then decides); `platform` lacks a commit it did not list.
 */
export function judgeCommitSignatures(input: {
  shas: readonly string[];
  local: ReadonlyMap<string, LocalCommitSignature> | undefined;
  platform: ReadonlyMap<string, PlatformCommitSignature>;
  platformName: string;
  problems?: readonly string[];
  /** The commits between base and head in the clone, when it has both: a commit outside them is another change's. */
  range?: { base: string; head: string; shas: ReadonlySet<string> };
}): CommitSignatureDecision {
  const counted: CommitSignatureVerdict[] = [];
  const rejected: CommitSignatureVerdict[] = [];
  for (const sha of input.shas) {
    if (input.range && !input.range.shas.has(sha)) {
      rejected.push({ sha, reason: `is not one of the commits between the base ${input.range.base.slice(0, 12)} and the head ${input.range.head.slice(0, 12)}` });
      continue;
    }
    const local = input.local?.get(sha);
    const platform = input.platform.get(sha);
    const reasons: string[] = [];
    if (input.local) {
      const problem = local ? localProblem(local) : LOCAL_REASON.missing;
      if (problem) reasons.push(problem);
    }
    if (!platform) reasons.push(`${input.platformName} did not report its signature`);
    else if (!platform.verified) reasons.push(`${input.platformName} does not verify its signature (${platform.reason})`);
    else if (!input.local) {
      const problem = committerOnly(platform, input.platformName);
      if (problem) reasons.push(problem);
    }
    if (reasons.length) {
      // Say so when the two checks disagree: a reviewer should know which side to fix.
      if (local?.status === 'good' && local.signer_is_author && platform && !platform.verified) reasons.push('the configured keys verify it');
      if (platform?.verified && input.local && local?.status !== 'missing') reasons.push(`${input.platformName} verifies it`);
      rejected.push({ sha, reason: reasons.join('; ') });
    } else {
      counted.push({
        sha,
        reason: local ? `signed by ${local.signer} (${local.format}), verified with the configured keys and by ${input.platformName}` : `verified by ${input.platformName} (${platform!.reason}); no keys are configured to check it locally`,
      });
    }
  }
  return { counted, rejected, problems: [...(input.problems ?? [])] };
}

/** The gate's sentence for what is missing, or nothing when every commit is counted. */
export function unsignedCommitsMissing(decision: CommitSignatureDecision): string[] {
  const missing = decision.problems.map((problem) => `signed commits are required, but ${problem}`);
  if (decision.rejected.length) {
    const first = decision.rejected[0];
    missing.push(`signed commits are required: ${decision.rejected.length} commit${decision.rejected.length === 1 ? '' : 's'} not signed by an allowed key of ${decision.rejected.length === 1 ? 'its' : 'their'} author (${first.sha.slice(0, 12)} ${first.reason}${decision.rejected.length > 1 ? '; see commits_rejected' : ''})`);
  }
  return missing;
}

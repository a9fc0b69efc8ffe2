import { isProductionName, type ApprovalEnvironment } from '../config/schema.js';
import type { CommitIdentity, ChangeRequest, Person, Review } from './change-request.js';
import type { OwnerRequirement } from './codeowners.js';
import { unsignedCommitsMissing, type CommitSignatureDecision, type CommitSignatureVerdict } from './signed-commits.js';
import { appendAll } from '../arrays.js';

export interface GateInput {
  environment: string;
  policy: ApprovalEnvironment;
  /** Logins that are bots even without a `[bot]` suffix. */
  bots: readonly string[];
  request: ChangeRequest;
  reviews: readonly Review[];
  commits: readonly CommitIdentity[];
  /** User ids with write (or higher) permission on the repository, among the reviewers. */
  writers: ReadonlySet<number>;
  /** Team (`org/team`, GitLab group path) → user ids of its members, among the reviewers. */
  teams: ReadonlyMap<string, ReadonlySet<number>>;
  /** Code owners of every changed path, from the base commit. */
  owners: readonly { path: string; requirements: OwnerRequirement[] }[];
  /** The change has a critical change (or cannot be shown not to). */
  critical: boolean;
  /** Why it counts as critical, for the sentence; defaults to the drift report. */
  criticalBasis?: string;
  /** approve-safe's own assessment, made again now: every changed path is safe. */
  safe: boolean;
  /** Reasons that make every approval unprovable on this platform (e.g. approvals not reset on push). */
  platformProblems: readonly string[];
  /** Reasons the changed files are not fully known (an incomplete listing): the code owners cannot be checked. */
  listingProblems?: readonly string[];
  /** `signed_commits: required`: each commit's signature, judged (see judgeCommitSignatures). */
  commitSignatures?: CommitSignatureDecision;
}

export interface CountedApproval {
  user: string;
  id: number;
  reason: string;
}

export interface GateDecision {
  allowed: boolean;
  environment: string;
  pull_request: number;
  head_sha: string;
  required_approvals: number;
  approvals_counted: CountedApproval[];
  approvals_rejected: CountedApproval[];
  missing: string[];
  /** Only when the environment requires signed commits: each commit whose signature counts, and each that does not, with why. */
  commits_counted?: CommitSignatureVerdict[];
  commits_rejected?: CommitSignatureVerdict[];
}

/** An environment marked `production: true`, or simply named production (in any letter case). */
export function isProduction(environment: string, policy: Pick<ApprovalEnvironment, 'production'>): boolean {
  return policy.production === true || isProductionName(environment);
}

/** Production needs two people by default; anything else one. */
export function requiredApprovals(environment: string, policy: ApprovalEnvironment): number {
  return policy.required_approvals ?? (isProduction(environment, policy) ? 2 : 1);
}

export function isBot(person: Person, bots: readonly string[]): boolean {
  const login = person.login.toLowerCase();
  return person.bot || login.endsWith('[bot]') || bots.some((bot) => bot.toLowerCase() === login);
}

/**
 * The four-eyes gate. An approval counts only when it is the reviewer's latest word, on the head
 * commit, from a human with write access who neither opened the change nor wrote or committed any
 * of its commits; each user id counts once. Then the count, the teams, the code owners and the
 * critical-change team must all be satisfied.
 */
export function evaluateGate(input: GateInput): GateDecision {
  const { request, policy } = input;
  const required = requiredApprovals(input.environment, policy);
  const counted: CountedApproval[] = [];
  const rejected: CountedApproval[] = [];
  const contributors = new Set(input.commits.flatMap((commit) => commit.userIds));
  for (const review of latestReviews(input.reviews)) {
    const { user } = review;
    const verdict = (reason: string, into: CountedApproval[]) => into.push({ user: user.login, id: user.id, reason });
    if (review.state !== 'APPROVED') continue;
    if (input.platformProblems.length) verdict(input.platformProblems.join('; '), rejected);
    else if (review.commitSha !== request.headSha) verdict(review.commitSha ? `approved an older commit ${review.commitSha.slice(0, 12)}, not the head` : 'approval not tied to the head commit', rejected);
    else if (review.otherBase) verdict(`approved the change against another base ${baseName(review.otherBase)} (its target branch changed since), not this one`, rejected);
    else if (user.id === request.author.id) verdict('is the author of the change', rejected);
    else if (review.automatic) verdict("is approve-safe's automatic approval, not a person's", rejected);
    else if (review.identityProblem) verdict(`could not be confirmed as a person, so the approval does not count (${review.identityProblem})`, rejected);
    else if (isBot(user, input.bots)) verdict('is a bot', rejected);
    else if (contributors.has(user.id)) verdict('authored or committed a commit in the change', rejected);
    else if (!input.writers.has(user.id)) verdict('has no write permission on the repository', rejected);
    else verdict('latest review approves the head commit', counted);
  }

  const missing: string[] = [];
  const unresolved = input.commits.filter((commit) => commit.unresolved.length);
  if (unresolved.length) {
    missing.push(`commit ${unresolved[0].sha.slice(0, 12)} has an author or committer (${unresolved[0].unresolved.join(', ')}) that is no account on the platform, so no approval can be proven independent of it; link the e-mail to an account or rewrite the commit`);
  }
  if (!request.open && !request.merged) missing.push('the change was closed without being merged');
  for (const problem of input.listingProblems ?? []) missing.push(`the changed files are not fully known (${problem}), so their code owners cannot be checked`);
  const autoApproved = policy.allow_auto_approved && !isProduction(input.environment, policy) && input.safe;
  if (counted.length < required && !autoApproved) missing.push(`${required} approval${required === 1 ? '' : 's'} from independent reviewers with write access (have ${counted.length})`);
  const approvers = new Set(counted.map((approval) => approval.id));
  const approvedByMemberOf = (team: string) => [...(input.teams.get(normalizeOwner(team)) ?? [])].some((id) => approvers.has(id));
  for (const team of policy.required_teams) {
    if (!approvedByMemberOf(team)) missing.push(`an approval from a member of ${team}`);
  }
  if (input.critical && policy.critical_requires_team && !approvedByMemberOf(policy.critical_requires_team)) {
    missing.push(`${input.criticalBasis ?? 'the drift report has critical changes'}: an approval from a member of ${policy.critical_requires_team}`);
  }
  appendAll(missing, unmetOwners(input.owners, counted, input.teams));
  if (input.commitSignatures) appendAll(missing, unsignedCommitsMissing(input.commitSignatures));
  return {
    allowed: missing.length === 0,
    environment: input.environment,
    pull_request: request.number,
    head_sha: request.headSha,
    required_approvals: required,
    approvals_counted: counted,
    approvals_rejected: rejected,
    missing,
    ...(input.commitSignatures ? { commits_counted: input.commitSignatures.counted, commits_rejected: input.commitSignatures.rejected } : {}),
  };
}

/** Each user's last review that says something about approval (a plain comment does not withdraw one). */
function latestReviews(reviews: readonly Review[]): Review[] {
  const latest = new Map<number, Review>();
  for (const review of [...reviews].sort((a, b) => a.order - b.order)) {
    if (review.state === 'COMMENTED' || review.state === 'PENDING') continue;
    latest.set(review.user.id, review);
  }
  return [...latest.values()];
}

/** GitLab names the other base by its commit, GitHub by its branch. */
const baseName = (base: NonNullable<Review['otherBase']>) => ('sha' in base ? base.sha.slice(0, 12) : `branch ${base.branch}`);

/** `@org/team` and `org/team` name the same team. */
export function normalizeOwner(owner: string): string {
  return owner.replace(/^@/, '').toLowerCase();
}

function unmetOwners(owners: GateInput['owners'], counted: readonly CountedApproval[], teams: GateInput['teams']): string[] {
  /** Distinct counted approvers among a requirement's owners: users by login, teams by membership. */
  const approversAmong = (requirement: OwnerRequirement) => {
    const named = new Set(requirement.owners.map(normalizeOwner));
    return counted.filter((approval) => named.has(approval.user.toLowerCase()) || [...named].some((owner) => teams.get(owner)?.has(approval.id))).length;
  };
  const missing = new Map<string, string[]>();
  for (const { path, requirements } of owners) {
    for (const requirement of requirements) {
      if (requirement.optional || requirement.owners.length === 0) continue;
      if (approversAmong(requirement) >= requirement.approvals) continue;
      const need = requirement.approvals === 1 ? 'an approval' : `${requirement.approvals} approvals`;
      const key = `${need} from ${requirement.owners.join(' or ')}${requirement.section ? ` (section ${requirement.section})` : ''}`;
      missing.set(key, [...(missing.get(key) ?? []), path]);
    }
  }
  return [...missing].map(([need, paths]) => `code owners: ${need} for ${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ` and ${paths.length - 5} more` : ''}`);
}

import { appendAll, APPROVE_SAFE_COMMENT_MARKER, APPROVE_SAFE_MARKER, assessSafety, markdownCodeName, markdownLine, UserError, type ChangedFile, type ChangeRequest, type GitopsSyncConfig, type UnsafeFinding } from '@gitops-sync/core';
import { auditPolicy, CommitReader, readBasePolicy, readDefaultBranchPolicy, withModes, withTreeModes, type BasePolicy, type DefaultBranchPolicy } from './base-policy.js';
import type { Exec, Progress } from '../ports.js';
import { recordAudit, type AuditContext } from '../audit/record.js';
import type { ReviewPlatform } from './review-platform.js';
import { secretsFindingsForChange } from './secrets-review.js';

export interface ApproveSafeOptions {
  /** The gitops-sync config, relative to the repository root; read at the base commit. */
  configPath: string;
  /** The repository checkout, if any: read when it has the commits, else the platform's API is. */
  cwd: string;
  dryRun: boolean;
  /**
   * Where the decision is recorded (an `approve-safe` event): the trail the default branch's config names
   * (see auditPolicy), never the change's own.
   */
  audit?: (policy: GitopsSyncConfig) => AuditContext;
}

export interface ApproveSafeDecision {
  change: string;
  head_sha: string;
  safe: boolean;
  approved: boolean;
  findings: UnsafeFinding[];
  /** Who is asked to review which unsafe paths (from CODEOWNERS at the base commit). */
  owners: { path: string; owners: string[] }[];
  /** What was done, or with --dry-run what would have been. */
  actions: string[];
  dry_run: boolean;
}

/** Everything approve-safe judges a change by, read once. */
export interface SafetyEvidence {
  request: ChangeRequest;
  files: ChangedFile[];
  policy: BasePolicy;
  /** The policy on the default branch, which alone says which branches are protected; or why it cannot be known. */
  home: DefaultBranchPolicy | { problem: string };
  findings: UnsafeFinding[];
}

/**
 * Reads the change, its files (with modes) and the policy at the base commit, and assesses
 * safety; then reads the change again so a head that moved meanwhile makes it unsafe.
 */
export async function gatherSafetyEvidence(platform: ReviewPlatform, exec: Exec, options: { configPath: string; cwd: string }): Promise<SafetyEvidence> {
  const request = await platform.getChangeRequest();
  const reader = new CommitReader(platform, exec, options.cwd);
  const policy = await readBasePolicy(reader, platform.name, request.baseSha, options.configPath, await platform.ciSettings?.());
  let files = await platform.listChangedFiles({ headSha: request.headSha, baseSha: request.baseSha });
  const findings: UnsafeFinding[] = policy.unjudgeable.map((reason) => ({ path: null, reason }));
  if (platform.name === 'github') {
    const modes = await reader.modes(request.baseSha, request.headSha);
    const found = modes ? withModes(files, modes, request.headSha) : await withTreeModes(platform, files, request.baseSha, request.headSha);
    if ('files' in found) files = found.files;
    else findings.push({ path: null, reason: found.problem });
  }
  const home = await readDefaultBranchPolicy(platform, request, policy);
  if ('problem' in home) findings.push({ path: null, reason: home.problem });
  const environmentBranches = 'problem' in home ? [] : Object.values(home.config.approval.environments).map((environment) => environment.branch);
  const protectedBranches = 'problem' in home ? undefined : [...new Set([home.defaultBranch, ...environmentBranches])];
  const assessment = assessSafety(request, files, { safePaths: policy.config.approval.safe_paths, extraControls: policy.extraControls, environmentInputs: policy.environmentInputs, protectedBranches });
  appendAll(findings, assessment.findings);
  // Only a change that is otherwise safe has its files read: the answer for any other is already "no".
  if (findings.length === 0) appendAll(findings, await secretsFindingsForChange(platform, exec, options.cwd, request, files, policy));
  const now = await platform.getChangeRequest();
  if (now.headSha !== request.headSha) findings.push({ path: null, reason: `the head moved from ${request.headSha.slice(0, 12)} to ${now.headSha.slice(0, 12)} while it was evaluated` });
  return { request, files, policy, home, findings };
}


function ownersOf(evidence: SafetyEvidence): { path: string; owners: string[] }[] {
  const paths = [...new Set(evidence.findings.flatMap((finding) => (finding.path ? [finding.path] : [])))];
  const previous = new Map(evidence.files.map((file) => [file.path, file.previousPath]));
  return paths.map((path) => {
    const owners = [path, previous.get(path)].flatMap((candidate) => (candidate ? (evidence.policy.codeowners?.requirementsFor(candidate) ?? []) : [])).flatMap((requirement) => requirement.owners);
    return { path, owners: [...new Set(owners)] };
  });
}

function explanation(decision: ApproveSafeDecision): string {
  const lines = [APPROVE_SAFE_COMMENT_MARKER, '### gitops-sync: this change needs human review', '', `Evaluated at \`${decision.head_sha.slice(0, 12)}\`. approve-safe approves only changes to safe paths (\`approval.safe_paths\` at the base commit).`, ''];
  const whole = decision.findings.filter((finding) => !finding.path);
  for (const finding of whole) lines.push(`- ${markdownLine(finding.reason)}`);
  if (whole.length) lines.push('');
  const owners = new Map(decision.owners.map((entry) => [entry.path, entry.owners]));
  const perPath = decision.findings.filter((finding) => finding.path);
  if (perPath.length) {
    lines.push('| Path | Why | Review by |', '|---|---|---|');
    for (const finding of perPath.slice(0, 200)) {
      lines.push(`| ${markdownCodeName(finding.path!)} | ${markdownLine(finding.reason).replace(/\|/g, '\\|')} | ${owners.get(finding.path!)?.join(' ') || 'any maintainer'} |`);
    }
    if (perPath.length > 200) lines.push('', `…and ${perPath.length - 200} more paths.`);
  }
  return lines.join('\n');
}

/**
 * approve-safe: approves the change with the evaluated head SHA when every changed path is safe,
 * once per head; otherwise withdraws its earlier approval, labels the change, asks the code
 * owners and keeps one explanatory comment up to date.
 */
async function approveOrAskForReview(platform: ReviewPlatform, exec: Exec, options: ApproveSafeOptions, progress: Progress): Promise<{ decision: ApproveSafeDecision; evidence: SafetyEvidence }> {
  progress.step(`Evaluating ${platform.label}`);
  const evidence = await gatherSafetyEvidence(platform, exec, options);
  const { request, policy } = evidence;
  const safe = evidence.findings.length === 0;
  const decision: ApproveSafeDecision = {
    change: platform.label,
    head_sha: request.headSha,
    safe,
    approved: false,
    findings: evidence.findings,
    owners: safe ? [] : ownersOf(evidence),
    actions: [],
    dry_run: options.dryRun,
  };
  const act = async (description: string, action: () => Promise<unknown>) => {
    decision.actions.push(options.dryRun ? `would ${description}` : description);
    if (!options.dryRun) await action();
  };
  const own = await platform.ownApprovals();
  const label = policy.config.approval.needs_review_label;
  if (safe) {
    decision.approved = true;
    // GitLab approvals carry no SHA; one that stands while every path is safe needs no repeating.
    if (own.some((approval) => approval.sha === request.headSha || approval.sha === undefined)) {
      decision.actions.push(`already approved ${request.headSha.slice(0, 12)}`);
      return { decision, evidence };
    }
    const body = `${APPROVE_SAFE_MARKER}\nApproved by gitops-sync approve-safe: every changed path is safe (evaluated at ${request.headSha}).`;
    await act(`approve ${request.headSha.slice(0, 12)}`, () => platform.approve(request.headSha, body));
    await act(`remove the label ${label}`, () => platform.removeLabel(label));
    await act('mark the review comment resolved', () => platform.upsertComment(APPROVE_SAFE_COMMENT_MARKER, `${APPROVE_SAFE_COMMENT_MARKER}\ngitops-sync approve-safe: every changed path is safe at \`${request.headSha.slice(0, 12)}\`; approved.`, false));
    return { decision, evidence };
  }
  if (own.length) await act('withdraw the earlier approval', () => platform.withdrawApprovals(own, `gitops-sync: ${request.headSha.slice(0, 12)} changes paths that need human review.`));
  await act(`add the label ${label}`, () => platform.addLabel(label));
  const body = explanation(decision);
  if (options.dryRun) decision.actions.push('would update the explanatory comment');
  else decision.actions.push(`${await platform.upsertComment(APPROVE_SAFE_COMMENT_MARKER, body)} the explanatory comment`);
  const owners = [...new Set(decision.owners.flatMap((entry) => entry.owners))];
  if (owners.length) {
    await act(`request review from ${owners.join(', ')}`, () =>
      platform.requestReviewers(owners, request.author).catch((error: unknown) => {
        if (!(error instanceof UserError)) throw error;
        decision.actions.push(`could not request reviewers: ${error.message}`);
      }),
    );
  }
  return { decision, evidence };
}

export async function runApproveSafe(platform: ReviewPlatform, exec: Exec, options: ApproveSafeOptions, progress: Progress): Promise<ApproveSafeDecision> {
  const { decision, evidence } = await approveOrAskForReview(platform, exec, options, progress);
  const { request } = evidence;
  // A dry run decides nothing on the change: only what was done is evidence.
  if (!options.dryRun) {
    await recordAudit(
      options.audit?.(auditPolicy(evidence.home)),
      { commits: { base: request.baseSha, head: request.headSha }, changeRequest: { number: request.number, url: request.url } },
      { type: 'approve-safe', outcome: decision.approved ? 'approved' : 'not-approved', findings: decision.findings.map((finding) => (finding.path ? `${finding.path}: ${finding.reason}` : finding.reason)) },
    );
  }
  return decision;
}

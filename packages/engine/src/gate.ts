import { ApprovalEnvironment, LISTING_PROBLEM, evaluateGate, normalizeOwner, UserError, type GateDecision, type Person } from '@gitops-sync/core';
import { gatherSafetyEvidence } from './approve-safe.js';
import { readDriftReport } from './report-file.js';
import type { Exec, Progress } from './ports.js';
import type { ReviewPlatform } from './review-platform.js';

export interface GateOptions {
  environment: string;
  configPath: string;
  cwd: string;
  /** A drift report (drift-report.json) for this change: critical changes need the critical team. */
  reportPath?: string;
}


/**
 * The four-eyes gate for one environment: reads the change, its reviews and commits, and the
 * policy and CODEOWNERS at the base commit, and decides whether it may be applied.
 */
export async function runGate(platform: ReviewPlatform, exec: Exec, options: GateOptions, progress: Progress): Promise<GateDecision> {
  // Read the report first: a wrong path should fail before any API call.
  const report = options.reportPath ? readDriftReport(options.reportPath, 'the drift-report.json that drift-detect wrote') : undefined;
  progress.step(`Checking approvals of ${platform.label} for ${options.environment}`);
  const evidence = await gatherSafetyEvidence(platform, exec, options);
  const { request, policy, files } = evidence;
  const environments = policy.config.approval.environments;
  const configured = Object.hasOwn(environments, options.environment) ? environments[options.environment] : undefined;
  const environmentPolicy = configured ?? (Object.keys(environments).length ? undefined : ApprovalEnvironment.parse({}));
  if (!environmentPolicy) {
    throw new UserError(`Environment ${options.environment} has no approval.environments.${options.environment} entry in the gitops-sync config at the base commit; add one, or pass one of: ${Object.keys(environments).join(', ')}.`);
  }
  const [reviews, commits, platformProblems] = await Promise.all([platform.listReviews(), platform.listCommits(), platform.approvalProblems()]);

  const approvers = new Map<number, Person>();
  for (const review of reviews) if (review.state === 'APPROVED') approvers.set(review.user.id, review.user);
  const writers = new Set<number>();
  for (const person of approvers.values()) if (await platform.hasWriteAccess(person)) writers.add(person.id);

  const owners = files.map((file) => ({
    path: file.path,
    requirements: [file.path, file.previousPath].flatMap((path) => (path ? (policy.codeowners?.requirementsFor(path) ?? []) : [])),
  }));
  const teamNames = new Set(
    [...environmentPolicy.required_teams, environmentPolicy.critical_requires_team ?? '', ...owners.flatMap((owner) => owner.requirements.flatMap((requirement) => requirement.owners))]
      .filter((owner) => owner.includes('/'))
      .map(normalizeOwner),
  );
  const teams = new Map<string, Set<number>>();
  for (const team of teamNames) {
    const members = new Set<number>();
    for (const person of approvers.values()) if (writers.has(person.id) && (await platform.isTeamMember(team, person))) members.add(person.id);
    teams.set(team, members);
  }

  const decision = evaluateGate({
    environment: options.environment,
    policy: environmentPolicy,
    bots: policy.config.approval.bots,
    request,
    reviews,
    commits,
    writers,
    teams,
    owners,
    critical: (report?.changes_by_severity.critical ?? 0) > 0,
    safe: evidence.findings.length === 0,
    platformProblems,
    listingProblems: evidence.findings.filter((finding) => finding.path === null && LISTING_PROBLEM.test(finding.reason)).map((finding) => finding.reason),
  });
  const moved = evidence.findings.find((finding) => finding.path === null && finding.reason.startsWith('the head moved'));
  if (moved) return { ...decision, allowed: false, missing: [...decision.missing, `${moved.reason}; run the gate again`] };
  return decision;
}

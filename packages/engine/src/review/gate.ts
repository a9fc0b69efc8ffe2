import {
  ApprovalEnvironment,
  LISTING_PROBLEM,
  evaluateGate,
  normalizeOwner,
  SeverityEngine,
  resolveEnvironmentName,
  TERRAFORM_PLAN_SOURCE,
  unjudged,
  UserError,
  whereRules,
  type ChangeRequest,
  type DriftReport,
  type GateDecision,
  type GitopsSyncConfig,
  type Person,
  type SeverityRuleSet,
  type UnjudgedChange,
} from '@gitops-sync/core';
import { posix } from 'node:path';
import { gatherSafetyEvidence } from './approve-safe.js';
import { auditPolicy, environmentBranch, misplacedConfigError, type DefaultBranchPolicy } from './base-policy.js';
import { readDriftReport } from '../report-file.js';
import { deletionsDigest, reviewedComment } from './pr-comment.js';
import { judgeSignedCommits } from './signed-commits.js';
import { rulesFor } from '../rules.js';
import { uncheckedParts } from '../drift/sources.js';
import type { Exec, Progress } from '../ports.js';
import { gateDetails, recordAudit, type AuditContext } from '../audit/record.js';
import type { ReviewPlatform } from './review-platform.js';

export interface GateOptions {
  environment: string;
  configPath: string;
  cwd: string;
  /**
   * The drift report drift-detect wrote for this change: it must be for this environment and this
   * head commit, and carry the reviewed plan; its changes decide whether the critical team must approve.
   */
  reportPath?: string;
  /** What sync is about to apply (its own fresh plan): judged here, whatever any report says. */
  planned?: PlannedChanges;
  /** The fingerprint of the plan the decision is for (sync's own plan), when not the report's. */
  planFingerprint?: string;
  /**
   * Where the decision is recorded (a `gate` event): the trail the default branch's config names (see
   * auditPolicy), never the change's own.
   */
  audit?: (policy: GitopsSyncConfig) => AuditContext;
}

/** Changes a sync computed itself; `complete: false` when some of what it applies cannot be judged (Argo CD, Flux). */
export interface PlannedChanges {
  /** The changes read for the rules that judge them: each keeps the unchanged attributes their `where` read. */
  changesFor(rules: SeverityRuleSet): readonly UnjudgedChange[];
  complete: boolean;
}

/** How critical the change is, and on what grounds (for the decision's sentence). */
interface CriticalVerdict {
  critical: boolean;
  basis: string;
}

/**
 * Judges changes with the rules of the config at the base commit, so a change cannot lower its own
 * severity by editing `severity.rules` in the same pull request.
 */
export function judgeCritical(changes: readonly UnjudgedChange[], config: GitopsSyncConfig): boolean {
  return criticalBy(changes, rulesFor(config));
}

/** judgeCritical of what a sync is about to apply, its plan read for the config's rules. */
export function plannedCritical(planned: PlannedChanges, config: GitopsSyncConfig): boolean {
  const rules = rulesFor(config);
  return criticalBy(planned.changesFor(rules), rules);
}

function criticalBy(changes: readonly UnjudgedChange[], rules: SeverityRuleSet): boolean {
  const engine = new SeverityEngine(rules);
  return changes.some((change) => engine.judge(change).severity === 'critical');
}

/**
 * Why a report's Terraform changes cannot be judged by the policy's rules: the reader keeps the
 * attributes the rules it is given read (a null where there is none), so a report made with other
 * rules (a config the base has changed since) lacks what a critical rule's `where` reads.
 */
function unreadWhere(changes: readonly UnjudgedChange[], rules: SeverityRuleSet): string | undefined {
  for (const change of changes) {
    if (change.source !== TERRAFORM_PLAN_SOURCE) continue;
    for (const rule of whereRules(rules, change.source, change.kind)) {
      const { path } = rule.match.where!;
      if (rule.severity !== 'critical' || (change.attributes && Object.hasOwn(change.attributes, path)) || change.fields.some((field) => field.path === path)) continue;
      return `the drift report was made with severity rules that do not read ${path} of ${change.address} (the base's config changed since, or an older gitops-sync made it), which rule ${rule.id} of the policy at the base reads, so the report cannot show the change is not critical; update the change with its base branch and run drift-detect again`;
    }
  }
  return undefined;
}

/** Why a report cannot stand for the change being decided, or undefined when it can. */
export async function reportMismatch(report: DriftReport, environment: string, request: ChangeRequest, platform: ReviewPlatform): Promise<string | undefined> {
  if (report.environment !== environment) return `the drift report given is for environment ${report.environment}, not ${environment}`;
  if (!report.head_sha) return `the drift report given names no head commit, so it cannot be shown to be this change's; pass the report drift-detect wrote on ${platform.label}`;
  if (report.head_sha !== request.headSha) return `the drift report given was made at ${report.head_sha.slice(0, 12)}, not at the head ${request.headSha.slice(0, 12)} of ${platform.label}`;
  const comment = await reviewedComment(platform, environment);
  const reviewed = comment?.fingerprint;
  if (reviewed && report.plan_fingerprint !== reviewed) return `the drift report's plan (${report.plan_fingerprint?.slice(0, 19) ?? 'none'}) is not the plan drift-detect commented on ${platform.label} (${reviewed.slice(0, 19)})`;
  // Sync prunes the report's Kubernetes deletions, which no plan fingerprint covers: they must be the ones the comment showed.
  const deletions = deletionsDigest(report);
  if (comment && deletions && comment.deletions !== deletions) return `the drift report's deletions are not the ones drift-detect commented on ${platform.label}`;
  return undefined;
}

/** The files that decide what drift-detect's report shows rather than what the change does: the config, and a live export in the repository. */
function reportInputs(config: GitopsSyncConfig, configPath: string, environment: string): string[] {
  const settings = Object.hasOwn(config.environments, environment) ? config.environments[environment] : undefined;
  const live = settings?.kubernetes?.live;
  const exported = live && 'export' in live ? [posix.normalize(posix.join(posix.dirname(configPath), live.export)).replace(/^\.\//, '')] : [];
  return [configPath, ...exported];
}

/**
 * drift-detect makes the report with the checkout's config: when the change edits that config (its
 * sources, ignore_differences…), the report shows what the change chose to show, not what it does.
 */
async function criticalVerdict(options: GateOptions, report: DriftReport | undefined, config: GitopsSyncConfig, editedInput: string | undefined, environment: string): Promise<CriticalVerdict> {
  if (options.planned) {
    if (plannedCritical(options.planned, config)) return { critical: true, basis: 'the plan sync is about to apply has critical changes' };
    if (!options.planned.complete) return { critical: true, basis: 'part of what sync applies (Argo CD or Flux) cannot be judged before it is applied, so it counts as critical' };
    return { critical: false, basis: 'the plan sync is about to apply has no critical change' };
  }
  if (report && editedInput) return { critical: true, basis: `the change edits ${editedInput}, with which drift-detect made the report, so the report cannot show the change is not critical` };
  if (report) {
    const unchecked = uncheckedParts(Object.hasOwn(config.environments, environment) ? config.environments[environment] : undefined, report.sources);
    if (unchecked.length) {
      return { critical: true, basis: `the drift report checked only ${report.sources.join(', ') || 'no source'}, but ${environment} also has ${unchecked.join(' and ')} in the config, which it did not check, so it cannot show the change is not critical` };
    }
    const changes = report.changes.map(unjudged);
    const rules = rulesFor(config);
    const unread = unreadWhere(changes, rules);
    if (unread) return { critical: true, basis: unread };
    const critical = report.changes_by_severity.critical > 0 || criticalBy(changes, rules);
    return { critical, basis: critical ? 'the drift report has critical changes' : 'the drift report has no critical change' };
  }
  return { critical: true, basis: 'no drift report or plan shows what the change does, so it counts as critical' };
}

/**
 * Why the policy at the change's base cannot judge it: the base is neither the default branch nor the
 * environment's branch as the default branch's config names it (a branch anyone with write access can make, with a looser config).
 */
function untrustedBase(home: DefaultBranchPolicy | { problem: string }, request: ChangeRequest, environment: string): string[] {
  if ('problem' in home) return [home.problem];
  const branch = environmentBranch(home, environment);
  if (request.baseRef === home.defaultBranch || request.baseRef === branch) return [];
  return [`the change targets ${request.baseRef}, not the default branch ${home.defaultBranch} or ${environment}'s branch ${branch} (as the config on ${home.defaultBranch} names it), so the policy on ${request.baseRef} cannot judge it; retarget it to ${branch}`];
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
  // The defaults' one approval must never stand in for a policy the run failed to find.
  if (policy.misplacedConfig) throw misplacedConfigError(policy.misplacedConfig);
  const environments = policy.config.approval.environments;
  // An alias (environments.<env>.aliases) is judged by its environment's policy, as sync applies that environment.
  const policyName = resolveEnvironmentName(policy.config, options.environment).name;
  const configured = Object.hasOwn(environments, policyName) ? environments[policyName] : undefined;
  // A name the config does not know (a typo) would get the default policy: one approval, even for a production it misspells.
  const defined = policy.config.environments;
  if (!configured && Object.keys(defined).length && !Object.hasOwn(defined, policyName)) {
    const names = Object.entries(defined).flatMap(([name, settings]) => [name, ...(settings.aliases ?? [])]);
    throw new UserError(`Environment ${options.environment} is not in the gitops-sync config at the base commit, so its policy cannot be known; pass one of: ${names.join(', ')}.`);
  }
  const environmentPolicy = configured ?? (Object.keys(environments).length ? undefined : ApprovalEnvironment.parse({}));
  if (!environmentPolicy) {
    throw new UserError(`Environment ${options.environment} has no approval.environments.${options.environment} entry in the gitops-sync config at the base commit; add one, or pass one of: ${Object.keys(environments).join(', ')}.`);
  }
  const [reviews, commits, platformProblems] = await Promise.all([platform.listReviews(), platform.listCommits(), platform.approvalProblems()]);
  const mismatch = report ? await reportMismatch(report, options.environment, request, platform) : undefined;
  const shaping = reportInputs(policy.config, policy.configPath, policyName);
  const editedInput = files.flatMap((file) => [file.path, file.previousPath]).find((path) => path !== undefined && shaping.includes(path));
  const verdict = await criticalVerdict(options, report, policy.config, editedInput, policyName);
  const commitSignatures = environmentPolicy.signed_commits === 'required' ? await judgeSignedCommits(platform, exec, options.cwd, policy, request) : undefined;

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
    // The environment's own name: an alias of production is production, by its name as by its flag.
    environment: policyName,
    policy: environmentPolicy,
    bots: policy.config.approval.bots,
    request,
    reviews,
    commits,
    writers,
    teams,
    owners,
    critical: verdict.critical,
    criticalBasis: verdict.basis,
    safe: evidence.findings.length === 0,
    platformProblems,
    listingProblems: evidence.findings.filter((finding) => finding.path === null && LISTING_PROBLEM.test(finding.reason)).map((finding) => finding.reason),
    commitSignatures,
  });
  const refusals = [
    ...untrustedBase(evidence.home, request, policyName),
    ...(mismatch ? [`${mismatch}; nothing can be decided on a report of another change`] : []),
    ...evidence.findings.filter((finding) => finding.path === null && finding.reason.startsWith('the head moved')).map((finding) => `${finding.reason}; run the gate again`),
  ];
  const final = refusals.length ? { ...decision, allowed: false, missing: [...decision.missing, ...refusals] } : decision;
  await recordAudit(
    options.audit?.(auditPolicy(evidence.home)),
    { environment: options.environment, commits: { base: request.baseSha, head: request.headSha }, changeRequest: { number: request.number, url: request.url } },
    gateDetails(final, { requestedAt: request.createdAt, approvals: new Map(reviews.filter((review) => review.state === 'APPROVED').map((review) => [review.user.id, review.submittedAt])) }, options.planFingerprint ?? report?.plan_fingerprint ?? null),
  );
  return final;
}

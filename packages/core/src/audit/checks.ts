/**
 * The checks `audit export` runs on a change population. Each finding names its check; the control
 * mapping (controls.yaml) decides which controls a check is evidence for. Judging only: collecting
 * the evidence is the engine's job.
 */
import type { AuditChange, AuditPopulation, DriftIncident } from './change.js';

export const CHANGE_CHECKS = [
  'direct-push',
  'approvals-missing',
  'approval-not-on-head',
  'self-approval',
  'segregation-of-duties',
  'deployed-not-approved',
  'no-gate-decision',
  'ci-not-green',
  'unsigned-commit',
  'emergency-no-follow-up',
] as const;
export const PERIOD_CHECKS = ['audit-log-not-intact', 'drift-unresolved', 'no-drift-detection'] as const;
export const CHECK_IDS = [...CHANGE_CHECKS, ...PERIOD_CHECKS] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** What each check looks at, written into the report as the evidence a control used. */
export const CHECK_EVIDENCE: Readonly<Record<CheckId, string>> = {
  'direct-push': "each change's pull/merge request (none: pushed directly to the branch)",
  'approvals-missing': 'the approvals on the pull/merge request against the required count (the author never counts)',
  'approval-not-on-head': 'the commit each approval was given on against the merged head',
  'self-approval': "the approvers against the change's author and commit authors",
  'segregation-of-duties': 'the actor of each sync in the audit log against the author and the approvers',
  'deployed-not-approved': 'the plan fingerprint each sync applied against the one the gate allowed',
  'no-gate-decision': 'the gate decision the audit log holds for the merged head',
  'ci-not-green': 'the CI status of the merged head, as the platform reports it',
  'unsigned-commit': 'the signature of each commit (git verify-commit against the configured keys)',
  'emergency-no-follow-up': 'rollbacks and break-glass changes against a later review of the same commit',
  'audit-log-not-intact': "the audit log's hash chain and checkpoint (size, Merkle root)",
  'drift-unresolved': 'the drift incidents of the period and their time to resolve',
  'no-drift-detection': 'the drift detection runs the audit log holds for the period',
};

/** The policy the checks judge against, from gitops-sync.yaml. */
export interface AuditSettings {
  /** Approvals required per environment; an environment not listed needs 1. */
  required_approvals: Readonly<Record<string, number>>;
  /** Environments where the author (or an approver) may also deploy. */
  author_may_deploy: readonly string[];
  require_signed_commits: boolean;
  drift_resolution_hours: number;
  /** `approval.bots`: logins that are bots without a `[bot]` suffix; no bot's approval counts, as in the gate. */
  bots?: readonly string[];
}

export interface Finding {
  check: CheckId;
  /** The change's id, or null for a finding about the period (log, drift). */
  change: string | null;
  environment: string | null;
  detail: string;
}

interface PersonLike {
  id: string | null;
  login: string | null;
}

const samePerson = (a: PersonLike, b: PersonLike) => (a.id !== null && b.id !== null ? a.id === b.id : a.login !== null && a.login?.toLowerCase() === b.login?.toLowerCase());
const name = (person: PersonLike) => person.login ?? `user ${person.id ?? '(unknown)'}`;

/** Whoever wrote the change: the PR/MR author and every commit's author. */
function authorsOf(change: AuditChange): PersonLike[] {
  const commitAuthors = change.commits.map((commit) => ({ id: null, login: commit.author.login }));
  return [...(change.change_request ? [change.change_request.author] : []), ...commitAuthors].filter((person) => person.id !== null || person.login !== null);
}

const isBot = (person: PersonLike, bots: readonly string[]) => {
  const login = person.login?.toLowerCase() ?? '';
  return login.endsWith('[bot]') || bots.some((bot) => bot.toLowerCase() === login);
};

/** Distinct approvers (by id, else login), the authors and bots excluded. */
function independentApprovers(change: AuditChange, onHeadOnly: boolean, bots: readonly string[]): PersonLike[] {
  const authors = authorsOf(change);
  const approvers: PersonLike[] = [];
  for (const approval of change.approvals) {
    if (onHeadOnly && !approval.on_merged_head) continue;
    if (isBot(approval, bots)) continue;
    if (authors.some((author) => samePerson(author, approval))) continue;
    if (!approvers.some((seen) => samePerson(seen, approval))) approvers.push(approval);
  }
  return approvers;
}

function changeFindings(change: AuditChange, settings: AuditSettings): Finding[] {
  const found: Finding[] = [];
  const add = (check: CheckId, detail: string) => found.push({ check, change: change.id, environment: change.environment, detail });
  const authors = authorsOf(change);
  const bots = settings.bots ?? [];

  if (!change.change_request) add('direct-push', `${change.sha.slice(0, 12)} was pushed to ${change.branch} without a pull/merge request`);
  else {
    const required = settings.required_approvals[change.environment] ?? 1;
    const approvers = independentApprovers(change, false, bots);
    const onHead = independentApprovers(change, true, bots);
    if (approvers.length < required) add('approvals-missing', `${approvers.length} of ${required} required approvals`);
    else if (onHead.length < required) add('approval-not-on-head', `${onHead.length} of ${required} required approvals on the merged head ${change.change_request.merged_head_sha.slice(0, 12)}; the others approved an older commit`);
    const selfApprovers = change.approvals.filter((approval) => authors.some((author) => samePerson(author, approval)));
    if (selfApprovers.length) add('self-approval', `approved by its author ${name(selfApprovers[0])}`);
  }

  if (!settings.author_may_deploy.includes(change.environment)) {
    const involved = [...authors.map((person) => ({ person, role: 'author' })), ...independentApprovers(change, false, bots).map((person) => ({ person, role: 'approver' }))];
    for (const deployment of change.deployments) {
      const clash = involved.find(({ person }) => samePerson(person, deployment.actor));
      if (clash) add('segregation-of-duties', `deployed by its ${clash.role} ${name(deployment.actor)} (audit log seq ${deployment.seq})`);
    }
  }

  const allowed = change.gate?.outcome === 'allowed' ? change.gate : null;
  if (!allowed) add('no-gate-decision', change.gate ? `the gate denied it (audit log seq ${change.gate.seq})` : 'no gate decision for the merged head in the audit log');
  for (const deployment of change.deployments) {
    if (allowed?.plan_fingerprint && deployment.plan_fingerprint && deployment.plan_fingerprint !== allowed.plan_fingerprint) {
      add('deployed-not-approved', `sync (audit log seq ${deployment.seq}) applied plan ${deployment.plan_fingerprint}, the gate allowed ${allowed.plan_fingerprint}`);
    }
  }
  if (change.ci_status !== 'success') add('ci-not-green', `CI of the merged head: ${change.ci_status}`);
  if (settings.require_signed_commits) {
    const unsigned = change.commits.filter((commit) => commit.signature.local !== 'good');
    if (unsigned.length) add('unsigned-commit', unsigned.map((commit) => `${commit.sha.slice(0, 12)} ${commit.signature.local}`).join(', '));
  }
  if (change.emergency && !change.emergency.follow_up) add('emergency-no-follow-up', `${change.emergency.kind} change without a follow-up review`);
  return found;
}

function incidentFinding(incident: DriftIncident, settings: AuditSettings): Finding | undefined {
  const limit = settings.drift_resolution_hours * 3600;
  const base = { check: 'drift-unresolved' as const, change: null, environment: incident.environment };
  if (incident.resolved_at === null) return { ...base, detail: `${incident.severity} drift first seen ${incident.first_seen} is not resolved` };
  const took = incident.seconds_to_resolve ?? (Date.parse(incident.resolved_at) - Date.parse(incident.first_seen)) / 1000;
  if (took > limit) return { ...base, detail: `${incident.severity} drift first seen ${incident.first_seen} took ${(took / 3600).toFixed(1)} h to resolve (${incident.resolution ?? 'unknown'}), over ${settings.drift_resolution_hours} h` };
  return undefined;
}

/** Every finding of the population; `driftChecks` is how many drift detection runs the log holds for the period. */
export function auditFindings(population: AuditPopulation, settings: AuditSettings, driftChecks: number): Finding[] {
  const found = population.changes.flatMap((change) => changeFindings(change, settings));
  if (!population.log) found.push({ check: 'audit-log-not-intact', change: null, environment: null, detail: 'no audit log was read' });
  else if (!population.log.intact) found.push({ check: 'audit-log-not-intact', change: null, environment: null, detail: `the audit log (${population.log.size} events) does not verify` });
  for (const incident of population.incidents) {
    const finding = incidentFinding(incident, settings);
    if (finding) found.push(finding);
  }
  if (driftChecks === 0) found.push({ check: 'no-drift-detection', change: null, environment: null, detail: 'no drift detection ran in the period' });
  return found;
}

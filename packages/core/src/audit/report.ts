/**
 * The audit report (`gitops-sync/audit-report@1`): every selected control with pass / fail /
 * not-applicable, its population size, its exceptions (each with a link to its change) and the
 * evidence it used, plus the change population an auditor samples from.
 */
import { z } from 'zod';
import { AuditLogSummary, type AuditChange, type AuditPopulation } from './change.js';
import { auditFindings, CHECK_EVIDENCE, CHECK_IDS, CHANGE_CHECKS, type AuditSettings, type CheckId, type Finding } from './checks.js';
import { Framework, type ControlMapping } from './controls.js';

export const AUDIT_REPORT_SCHEMA = 'gitops-sync/audit-report@1';
/** Where the report's JSON Schema is published: the in-toto statement's predicateType. */
export const AUDIT_REPORT_SCHEMA_URL = 'https://github.com/org/gitops-sync/blob/v1/schema/audit-report.schema.json';

const time = z.iso.datetime({ offset: true });
const Check = z.enum(CHECK_IDS);

export const AuditException = z
  .object({
    check: Check,
    /** The change (`<environment>@<sha>`), or null for a finding about the period. */
    change: z.string().nullable(),
    environment: z.string().nullable(),
    /** The PR/MR, else the commit, on the platform. */
    link: z.string().nullable(),
    detail: z.string(),
  })
  .strict();
export type AuditException = z.infer<typeof AuditException>;

export const ControlResult = z
  .object({
    id: z.string(),
    framework: Framework,
    title: z.string(),
    status: z.enum(['pass', 'fail', 'not-applicable']),
    /** How many items the control judged (changes, drift incidents, or log events). */
    population: z.number().int().min(0),
    exceptions: z.array(AuditException),
    evidence: z.array(z.object({ check: Check, what: z.string() }).strict()),
  })
  .strict();
export type ControlResult = z.infer<typeof ControlResult>;

/** One row per change: what an auditor samples from (the CSV has the same columns). */
export const AuditChangeRow = z
  .object({
    id: z.string(),
    environment: z.string(),
    branch: z.string(),
    sha: z.string(),
    time,
    link: z.string().nullable(),
    change_request: z.number().int().nullable(),
    author: z.string().nullable(),
    approvers: z.array(z.string()),
    approved_on_head: z.boolean(),
    gate: z.enum(['allowed', 'denied', 'none']),
    ci_status: z.string(),
    deployed_by: z.array(z.string()),
    deployed_at: z.array(time),
    plan_fingerprint: z.string().nullable(),
    signatures: z.string(),
    emergency: z.string().nullable(),
    findings: z.array(Check),
  })
  .strict();
export type AuditChangeRow = z.infer<typeof AuditChangeRow>;

export const AuditReport = z
  .object({
    schema: z.literal(AUDIT_REPORT_SCHEMA),
    generated_at: time,
    generator: z.object({ name: z.literal('gitops-sync'), version: z.string() }).strict(),
    period: z.object({ since: time, until: time }).strict(),
    environments: z.array(z.string()),
    frameworks: z.array(Framework),
    /** The audit-log checkpoint the report was built from; null when no log was read. */
    log: AuditLogSummary.nullable(),
    /** `built-in`, or the auditor's mapping file, with its sha256. */
    mapping: z.object({ source: z.string(), sha256: z.string() }).strict(),
    summary: z
      .object({
        controls: z.number().int(),
        passed: z.number().int(),
        failed: z.number().int(),
        not_applicable: z.number().int(),
        exceptions: z.number().int(),
        changes: z.number().int(),
        drift_incidents: z.number().int(),
        drift_checks: z.number().int(),
      })
      .strict(),
    controls: z.array(ControlResult),
    changes: z.array(AuditChangeRow),
  })
  .strict();
export type AuditReport = z.infer<typeof AuditReport>;

export interface EvaluationContext {
  settings: AuditSettings;
  /** Drift detection runs in the audit log for the period (and environments). */
  driftChecks: number;
  /** The repository's web URL (https://github.com/o/r, https://gitlab.example.com/group/project), for commit links. */
  repositoryUrl: string | null;
  platform: 'github' | 'gitlab' | null;
  mapping: { source: string; sha256: string };
  generatorVersion: string;
  generatedAt: string;
}

function linkOf(change: AuditChange, context: EvaluationContext): string | null {
  if (change.change_request?.url) return change.change_request.url;
  if (!context.repositoryUrl) return null;
  return `${context.repositoryUrl.replace(/\/+$/, '')}${context.platform === 'gitlab' ? '/-/commit/' : '/commit/'}${change.sha}`;
}

const isChangeCheck = (check: CheckId) => (CHANGE_CHECKS as readonly string[]).includes(check);

function populationOf(checks: readonly CheckId[], population: AuditPopulation, driftChecks: number): number {
  if (checks.some(isChangeCheck)) return population.changes.length;
  if (checks.includes('drift-unresolved')) return population.incidents.length;
  if (checks.includes('no-drift-detection')) return driftChecks;
  if (checks.includes('audit-log-not-intact')) return population.log?.size ?? 0;
  return 0;
}

function changeRow(change: AuditChange, findings: Finding[], context: EvaluationContext): AuditChangeRow {
  const login = (person: { id: string | null; login: string | null }) => person.login ?? person.id ?? '(unknown)';
  const approvers = [...new Set(change.approvals.map(login))];
  const headApprovals = change.approvals.filter((approval) => approval.on_merged_head);
  return {
    id: change.id,
    environment: change.environment,
    branch: change.branch,
    sha: change.sha,
    time: change.time,
    link: linkOf(change, context),
    change_request: change.change_request?.number ?? null,
    author: change.change_request ? login(change.change_request.author) : (change.commits[0]?.author.login ?? change.commits[0]?.author.email ?? null),
    approvers,
    approved_on_head: headApprovals.length > 0 && headApprovals.length === change.approvals.length,
    gate: change.gate?.outcome ?? 'none',
    ci_status: change.ci_status,
    deployed_by: change.deployments.map((deployment) => login(deployment.actor)),
    deployed_at: change.deployments.map((deployment) => deployment.time),
    plan_fingerprint: change.deployments.at(-1)?.plan_fingerprint ?? change.gate?.plan_fingerprint ?? null,
    signatures: change.commits.map((commit) => `${commit.sha.slice(0, 12)}:${commit.signature.local}`).join(' '),
    emergency: change.emergency ? `${change.emergency.kind}${change.emergency.follow_up ? ', reviewed' : ', no follow-up review'}` : null,
    findings: [...new Set(findings.filter((finding) => finding.change === change.id).map((finding) => finding.check))],
  };
}

/** Judges the population against the mapping's controls of the selected frameworks. */
export function evaluateAudit(population: AuditPopulation, mapping: ControlMapping, frameworks: readonly Framework[], context: EvaluationContext): AuditReport {
  const findings = auditFindings(population, context.settings, context.driftChecks);
  const links = new Map(population.changes.map((change) => [change.id, linkOf(change, context)]));
  const controls: ControlResult[] = mapping.controls
    .filter((control) => frameworks.includes(control.framework))
    .map((control) => {
      const exceptions = findings
        .filter((finding) => control.checks.includes(finding.check))
        .map((finding) => ({ ...finding, link: finding.change ? (links.get(finding.change) ?? null) : null }));
      const size = populationOf(control.checks, population, context.driftChecks);
      const applicable = control.checks.length > 0 && (size > 0 || !control.checks.every(isChangeCheck));
      return {
        id: control.id,
        framework: control.framework,
        title: control.title,
        status: exceptions.length ? 'fail' : applicable ? 'pass' : 'not-applicable',
        population: size,
        exceptions,
        evidence: control.checks.map((check) => ({ check, what: CHECK_EVIDENCE[check] })),
      };
    });
  const count = (status: ControlResult['status']) => controls.filter((control) => control.status === status).length;
  return {
    schema: AUDIT_REPORT_SCHEMA,
    generated_at: context.generatedAt,
    generator: { name: 'gitops-sync', version: context.generatorVersion },
    period: { since: population.since, until: population.until },
    environments: population.environments,
    frameworks: [...frameworks],
    log: population.log,
    mapping: context.mapping,
    summary: {
      controls: controls.length,
      passed: count('pass'),
      failed: count('fail'),
      not_applicable: count('not-applicable'),
      exceptions: controls.reduce((total, control) => total + control.exceptions.length, 0),
      changes: population.changes.length,
      drift_incidents: population.incidents.length,
      drift_checks: context.driftChecks,
    },
    controls,
    changes: population.changes.map((change) => changeRow(change, findings, context)),
  };
}

import { isDeepStrictEqual } from 'node:util';
import { ACTIONS, REPORT_SCHEMA_ID, SEVERITIES, type Change, type DriftReport, type OutputChange } from '../model/report.js';
import { planRemediation } from '../plan/remediation.js';

export interface ReportInput {
  environment: string;
  sources: string[];
  changes: Change[];
  outputChanges?: OutputChange[];
  /** ISO timestamp; the caller's clock, so the same input gives the same report. */
  generatedAt: string;
  /** Whether changed outputs alone count as drift (config `report.output_changes_are_drift`). */
  outputChangesAreDrift?: boolean;
}

const zeroCounts = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

export function buildReport(input: ReportInput): DriftReport {
  const outputChanges = input.outputChanges ?? [];
  const bySeverity = zeroCounts(SEVERITIES);
  const byAction = zeroCounts(ACTIONS);
  const affected = new Set<string>();
  for (const change of input.changes) {
    bySeverity[change.severity]++;
    byAction[change.action]++;
    affected.add(change.address);
  }
  return {
    schema: REPORT_SCHEMA_ID,
    environment: input.environment,
    generated_at: input.generatedAt,
    sources: input.sources,
    drift_detected: input.changes.length > 0 || (Boolean(input.outputChangesAreDrift) && outputChanges.length > 0),
    total_changes: input.changes.length,
    changes_by_severity: bySeverity,
    changes_by_action: byAction,
    affected_resources: [...affected],
    output_changes: outputChanges,
    changes: input.changes,
    remediation_plan: planRemediation(input.changes, affected.size === input.changes.length),
  };
}

/**
 * The first of a report's fields derived from its changes (buildReport's) that says something else
 * than its changes, or undefined when all agree: a report edited by hand beside its changes.
 */
export function disagreeingTotal(report: DriftReport): keyof DriftReport | undefined {
  const derived = buildReport({ environment: report.environment, sources: report.sources, changes: report.changes, generatedAt: report.generated_at });
  // Changed outputs alone count as drift when the config says so (report.output_changes_are_drift).
  if (report.drift_detected !== derived.drift_detected && !(report.drift_detected && report.output_changes.length)) return 'drift_detected';
  const fields = ['total_changes', 'changes_by_severity', 'changes_by_action', 'affected_resources', 'remediation_plan'] as const;
  return fields.find((field) => !isDeepStrictEqual(report[field], derived[field]));
}

/** The changes most severe first and in report order within a severity, one at a time: stop early and they are not all sorted. */
export function* inSeverityOrder(changes: readonly Change[]): Generator<Change> {
  for (const severity of SEVERITIES) {
    for (const change of changes) if (change.severity === severity) yield change;
  }
}

/** The first `limit` changes, most severe first and in report order within a severity. */
export function mostSevereFirst(changes: readonly Change[], limit = Infinity): Change[] {
  const result: Change[] = [];
  if (limit <= 0) return result;
  for (const change of inSeverityOrder(changes)) if (result.push(change) >= limit) break;
  return result;
}

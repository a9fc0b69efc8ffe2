import { z } from 'zod';
import type { DriftReport } from '../model/report.js';

export const FailOn = z.enum(['never', 'drift', 'high', 'critical']);
export type FailOn = z.infer<typeof FailOn>;

/** Why the run should fail under `fail-on`, or undefined when it should pass. */
export function failureReason(report: DriftReport, failOn: FailOn): string | undefined {
  const { critical, high } = report.changes_by_severity;
  if (failOn === 'drift' && report.drift_detected) return `drift detected in ${report.environment} (${report.total_changes} change(s)) and fail-on is "drift".`;
  if (failOn === 'high' && critical + high > 0) return `${critical + high} critical or high change(s) in ${report.environment} and fail-on is "high".`;
  if (failOn === 'critical' && critical > 0) return `${critical} critical change(s) in ${report.environment} and fail-on is "critical".`;
  return undefined;
}

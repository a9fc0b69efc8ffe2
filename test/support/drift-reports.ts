import type { Change, DriftReport, Severity } from '@gitops-sync/core';

/** A drift report of `production` with one outside `update` per [address, severity], as a monitoring run sees it. */
export function driftReportOf(changes: [string, Severity][], generatedAt: Date): DriftReport {
  const full: Change[] = changes.map(([address, severity]) => ({ address, kind: 'terraform_data', source: 'terraform-plan', action: 'update', origin: 'outside', severity, rule: `r.${severity}`, fields: [] }));
  const count = (severity: Severity) => full.filter((change) => change.severity === severity).length;
  return {
    schema: 'gitops-sync/drift-report@1',
    environment: 'production',
    generated_at: generatedAt.toISOString(),
    sources: ['terraform-plan'],
    drift_detected: full.length > 0,
    total_changes: full.length,
    changes_by_severity: { critical: count('critical'), high: count('high'), medium: count('medium'), low: count('low') },
    changes_by_action: { create: 0, update: full.length, delete: 0, replace: 0, forget: 0, import: 0 },
    affected_resources: full.map((change) => change.address),
    output_changes: [],
    changes: full,
    remediation_plan: [],
  };
}

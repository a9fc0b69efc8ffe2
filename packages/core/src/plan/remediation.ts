import type { Change, DriftReport, RemediationStep, Severity } from '../model/report.js';

interface StepPolicy {
  priority: RemediationStep['priority'];
  approval_required: boolean;
  auto_rollback: boolean;
  verb: string;
}

const POLICY: Record<Severity, StepPolicy> = {
  critical: { priority: 'immediate', approval_required: true, auto_rollback: true, verb: 'immediately, with approval and automatic rollback' },
  high: { priority: 'high', approval_required: true, auto_rollback: false, verb: 'with approval' },
  medium: { priority: 'normal', approval_required: false, auto_rollback: false, verb: 'in the next sync' },
  low: { priority: 'low', approval_required: false, auto_rollback: false, verb: 'when convenient' },
};

const ORDER: Severity[] = ['critical', 'high', 'medium', 'low'];
const SEVERITY_INDEX = Object.fromEntries(ORDER.map((severity, index) => [severity, index])) as Record<Severity, number>;
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Orders changes into remediation steps by priority, most severe first; within a priority,
 * deletions come after the other changes (so nothing still depends on what is removed). Critical
 * steps need approval and roll back on failure; high steps need approval. With `addressesDistinct`
 * (no two changes share an address: buildReport knows) the addresses are not checked for repeats.
 */
export function planRemediation(changes: readonly Change[], addressesDistinct = false): RemediationStep[] {
  // Groups by severity (in ORDER) and whether they delete: index 2 × severity + (deletes ? 1 : 0).
  const groups: { addresses: string[]; count: number; outside: number }[] = [];
  for (const change of changes) {
    const index = 2 * SEVERITY_INDEX[change.severity] + (change.action === 'delete' ? 1 : 0);
    const group = (groups[index] ??= { addresses: [], count: 0, outside: 0 });
    group.addresses.push(change.address);
    group.count++;
    if (change.origin === 'outside') group.outside++;
  }
  const steps: RemediationStep[] = [];
  ORDER.forEach((severity, severityIndex) => {
    for (const deletions of [false, true]) {
      const group = groups[2 * severityIndex + (deletions ? 1 : 0)];
      if (!group) continue;
      const policy = POLICY[severity];
      const what = deletions ? `Delete ${plural(group.count, `${severity} resource`)}` : `Reconcile ${plural(group.count, `${severity} change`)}`;
      const note = group.outside > 0 ? ` (${group.outside} made outside Git: decide whether to revert them or adopt them in code)` : '';
      steps.push({
        priority: policy.priority,
        description: `${what} ${policy.verb}${deletions && groups[2 * severityIndex] ? `, after the other ${severity} changes` : ''}${note}.`,
        approval_required: policy.approval_required,
        auto_rollback: policy.auto_rollback,
        // Each address once: through a Set only where two changes may share one (a Set of 100,000 addresses took 35 ms).
        changes: addressesDistinct ? group.addresses : [...new Set(group.addresses)],
      });
    }
  });
  return steps;
}

/** What to run after reading the plan: a preview of the sync, then the sync itself (and when). */
export interface NextCommand {
  preview: string;
  apply: string;
  when: string;
}

export function nextCommand(report: Pick<DriftReport, 'environment' | 'remediation_plan'>): NextCommand | undefined {
  if (report.remediation_plan.length === 0) return undefined;
  const sync = `gitops-sync sync ${report.environment}`;
  return report.remediation_plan.some((step) => step.approval_required)
    ? { preview: `${sync} --dry-run`, apply: `${sync} --pr N`, when: 'once the pull/merge request is approved' }
    : { preview: `${sync} --dry-run`, apply: sync, when: '(add --pr N where its policy asks for approvals)' };
}

import type { Change, RemediationStep, Severity } from '../model/report.js';

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
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Orders changes into remediation steps: most severe first, and deletions after everything else
 * (so nothing still depends on what is removed). Critical steps need approval and roll back on
 * failure; high steps need approval.
 */
export function planRemediation(changes: readonly Change[]): RemediationStep[] {
  const groups = new Map<string, Change[]>();
  for (const change of changes) {
    const key = `${change.action === 'delete'} ${change.severity}`;
    const group = groups.get(key);
    if (group) group.push(change);
    else groups.set(key, [change]);
  }
  const steps: RemediationStep[] = [];
  for (const deletions of [false, true]) {
    for (const severity of ORDER) {
      const group = groups.get(`${deletions} ${severity}`);
      if (!group) continue;
      const policy = POLICY[severity];
      const what = deletions ? `Delete ${plural(group.length, `${severity} resource`)}` : `Reconcile ${plural(group.length, `${severity} change`)}`;
      const outside = group.filter((change) => change.origin === 'outside').length;
      const note = outside > 0 ? ` (${outside} made outside Git: decide whether to revert them or adopt them in code)` : '';
      steps.push({
        priority: policy.priority,
        description: `${what} ${policy.verb}${deletions ? ', after all other changes' : ''}${note}.`,
        approval_required: policy.approval_required,
        auto_rollback: policy.auto_rollback,
        changes: [...new Set(group.map((change) => change.address))],
      });
    }
  }
  return steps;
}

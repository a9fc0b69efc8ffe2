// Adversarial review of issue 12: what `audit export` must not let pass as a clean change.
import { describe, expect, it } from '@jest/globals';
import { auditFindings, GitopsSyncConfig } from '@gitops-sync/core';
import { auditSettings } from '@gitops-sync/engine';
import { population, reviewedChange, SETTINGS } from './support/audit-population.js';

const checksOf = (change: ReturnType<typeof reviewedChange>, settings = SETTINGS) => auditFindings(population([change], []), settings, 1).filter((finding) => finding.change === change.id).map((finding) => finding.check);
const approval = (id: string, login: string, head: string) => ({ id, login, time: '2026-10-01T12:00:00Z', sha: head, on_merged_head: true });

describe('approvals audit export counts', () => {
  it('does not count a bot\'s approval ([bot] suffix) as a second pair of eyes', () => {
    const change = reviewedChange('f', 6);
    change.approvals = [approval('49699333', 'dependabot[bot]', change.sha)];
    expect(checksOf(change)).toContain('approvals-missing');
  });

  it('does not count the approval of a login approval.bots names', () => {
    const change = reviewedChange('f', 6);
    change.approvals = [approval('4242', 'Deploy-Helper', change.sha)];
    const config = GitopsSyncConfig.parse({ approval: { bots: ['deploy-helper'], environments: { production: { required_approvals: 1 } } }, environments: { production: {} } });
    const settings = { ...auditSettings(config, ['production']), require_signed_commits: true };
    expect(checksOf(change, settings)).toContain('approvals-missing');
    expect(checksOf(change, { ...settings, bots: [] })).not.toContain('approvals-missing');
  });
});

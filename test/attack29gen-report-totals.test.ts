/**
 * Attack on the report sync and the gate are given: its totals, resource list and remediation plan are
 * what drift-detect derives from its changes, and whoever edits the file by hand could make them say
 * something else (no drift, no critical change, another workload to roll back) beside the changes.
 * Such a report is refused in one sentence before any API call, as one that is not a report at all.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import type { DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

const deployment = (privileged: boolean) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0\n          securityContext: { privileged: ${privileged} }\n`;

async function honestReport(): Promise<{ dir: string; report: DriftReport }> {
  const dir = tempDir('gitops-sync-attack29gen-report-totals-');
  writeFileSync(join(dir, 'web.yaml'), deployment(true));
  writeFileSync(join(dir, 'live.yaml'), deployment(false));
  const run = await cli(['drift-detect', '--kubernetes-manifests', 'web.yaml', '--kubernetes-live-export', 'live.yaml', '--environment', 'prod', '--fail-on', 'never', '--output-directory', '.'], { cwd: dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
  expect(run.code).toBe(0);
  return { dir, report: JSON.parse(readFileSync(join(dir, 'drift-report-prod.json'), 'utf8')) };
}

const gate = (dir: string) =>
  cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '3', '--environment', 'prod', '--report', 'given.json'], {
    cwd: dir,
    // Nothing listens there: a report that is read past its check would fail on the API instead.
    env: { GITHUB_ACTIONS: '', GITLAB_CI: '', GITHUB_TOKEN: 'ghp_test', GITHUB_API_URL: 'http://127.0.0.1:9' },
  });

test.each([
  ['no drift', (report: DriftReport) => ({ ...report, drift_detected: false }), 'drift_detected'],
  ['no change at all', (report: DriftReport) => ({ ...report, total_changes: 0 }), 'total_changes'],
  ['no critical change', (report: DriftReport) => ({ ...report, changes_by_severity: { ...report.changes_by_severity, critical: 0, low: 1 } }), 'changes_by_severity'],
  ['a creation, not an update', (report: DriftReport) => ({ ...report, changes_by_action: { ...report.changes_by_action, update: 0, create: 1 } }), 'changes_by_action'],
  ['other resources', (report: DriftReport) => ({ ...report, affected_resources: ['v1/ConfigMap/shop/settings'] }), 'affected_resources'],
  ['another workload to roll back', (report: DriftReport) => ({ ...report, remediation_plan: [{ ...report.remediation_plan[0], changes: [...report.remediation_plan[0].changes, 'apps/v1/Deployment/kube-system/coredns'] }] }), 'remediation_plan'],
])('a report whose totals say %s beside its changes is refused', async (_, edit, field) => {
  const { dir, report } = await honestReport();
  writeFileSync(join(dir, 'given.json'), JSON.stringify(edit(report)));
  expect(await gate(dir)).toEqual({
    code: 1,
    stdout: '',
    stderr: `gitops-sync: ${join(dir, 'given.json')} is not a drift report as drift-detect writes it: its ${field} does not agree with its changes; pass the drift-report.json that drift-detect wrote.\n`,
  });
});

test('the report as drift-detect wrote it is read, and the gate goes on to the API', async () => {
  const { dir, report } = await honestReport();
  writeFileSync(join(dir, 'given.json'), JSON.stringify(report));
  const run = await gate(dir);
  expect(run.stderr).not.toMatch(/is not a drift report/);
});

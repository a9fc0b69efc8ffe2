// `--until 2026-09-30` (a whole day) ended the period at 23:59:59.000, and the next quarter's
// `--since 2026-10-01` starts at 00:00:00.000: an event in the last second's fraction (events keep
// milliseconds) was in neither export. A drift check run then counted nowhere; a drift incident opened
// then was in no period.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseFrameworks } from '@gitops-sync/core';
import { auditExport, fileAuditTrail, nodeExec, silentProgress, type CollectAuditOptions } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { gateDraft } from './support/audit-events.js';
import { population } from './support/audit-population.js';
import { tempDir } from './support/temp-dir.js';

async function exportQuarter(dir: string, since: string, until: string) {
  const collect = async (options: CollectAuditOptions) => ({ ...population([], []), since: options.since.toISOString(), until: options.until.toISOString(), log: options.log ?? null });
  const { report } = await auditExport(
    { configPath: 'gitops-sync.yaml', cwd: dir, since, until, environments: [], frameworks: parseFrameworks('soc2'), formats: ['json'], outputDir: 'out', repositoryUrl: null, platform: null, generatorVersion: '1.2.3', now: new Date('2026-12-31T00:00:00Z') },
    { exec: nodeExec, env: {}, progress: silentProgress, collect },
  );
  return report;
}

describe('audit export: the last day of a period', () => {
  it('ends at its last millisecond, so consecutive quarters miss nothing between them', async () => {
    const dir = tempDir('attack31audit-period-');
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  production:\n    terraform: { dir: terraform }\naudit:\n  store: file\n');
    const trail = fileAuditTrail(join(dir, '.gitops-sync/audit/events.jsonl'));
    const drift = { type: 'drift', outcome: 'clean', report_fingerprint: null, plan_fingerprint: null, counts: { critical: 0, high: 0, medium: 0, low: 0 } } as const;
    await trail.record({ ...gateDraft(1), environment: 'production', time: '2026-09-30T23:59:59.500Z', details: drift });
    await trail.close();
    const q3 = await exportQuarter(dir, '2026-07-01', '2026-09-30');
    const q4 = await exportQuarter(dir, '2026-10-01', '2026-12-30');
    expect(q3.period.until).toBe('2026-09-30T23:59:59.999Z');
    expect(q3.summary.drift_checks + q4.summary.drift_checks).toBe(1);
  });
});

describe('audit export: a date-time on a day that does not exist', () => {
  // new Date() rolls 2026-02-30T12:00Z over to 2 March: a "February" export took in two days of March.
  it.each([['--until', '2026-02-30T12:00:00Z'], ['--since', '2026-04-31T10:00+02:00']])('%s %s is one sentence, exit 1, nothing written', async (flag, value) => {
    const dir = tempDir('attack31audit-period-datetime-');
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  production:\n    terraform: { dir: terraform }\naudit:\n  store: file\n');
    const result = await cli(['audit', 'export', '--output-dir', 'out', flag, value], { cwd: dir, env: { GITHUB_REPOSITORY: '', CI_PROJECT_URL: '' } });
    expect(result).toEqual({ code: 1, stdout: '', stderr: `gitops-sync: ${flag} "${value}" is not an ISO date; write a date like 2026-09-30 (or a time like 2026-09-30T12:00:00Z).\n` });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

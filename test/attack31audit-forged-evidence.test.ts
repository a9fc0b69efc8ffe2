// A bot whose token may push to the audit log but that has not the signing key appends correctly
// chained events after the last signed checkpoint: `drift clean` runs that never happened, so the
// period looks watched. The log then fails to verify (its own control says so), but the export still
// took those events as evidence: the drift checks counted them and the detection controls passed.
// Only what a signature vouches for may be evidence.
import { appendFileSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { chainAuditEvent, type AuditEvent } from '@gitops-sync/core';
import { gateDraft } from './support/audit-events.js';
import { exportLogOnly } from './support/audit-population.js';
import { ed25519Pems, signedFileLog } from './support/signed-audit-log.js';

const { privatePem, publicPem } = ed25519Pems();

function appendForgedDriftChecks(log: string, count: number) {
  let last = JSON.parse(readFileSync(log, 'utf8').trim().split('\n').at(-1)!) as AuditEvent;
  for (let n = 1; n <= count; n += 1) {
    const draft = { ...gateDraft(10 + n), environment: 'production', time: `2026-06-${String(n).padStart(2, '0')}T00:00:00.000Z` };
    last = chainAuditEvent({ ...draft, details: { type: 'drift', outcome: 'clean', report_fingerprint: null, plan_fingerprint: null, counts: { critical: 0, high: 0, medium: 0, low: 0 } } }, last);
    appendFileSync(log, `${JSON.stringify(last)}\n`);
  }
}

const checks = (report: Awaited<ReturnType<typeof exportLogOnly>>) => report.controls.flatMap((control) => control.exceptions.map((exception) => exception.check));

describe('audit export: events no signature vouches for are not evidence', () => {
  it('does not count drift checks forged after the last signed checkpoint', async () => {
    const { dir, log } = await signedFileLog('attack31audit-forged-', privatePem, publicPem);
    appendForgedDriftChecks(log, 5);
    const report = await exportLogOnly(dir, 'soc2,pci');
    expect(report.log).toMatchObject({ intact: false, size: 8 });
    expect(report.summary.drift_checks).toBe(0);
    expect(checks(report)).toEqual(expect.arrayContaining(['audit-log-not-intact', 'no-drift-detection']));
  });

  it('still counts the drift checks of a log its key vouches for', async () => {
    const { dir, log } = await signedFileLog('attack31audit-vouched-', privatePem, publicPem);
    appendForgedDriftChecks(log, 2);
    // A later run with the key checkpoints the log: those events are now vouched for.
    const { fileAuditTrail } = await import('@gitops-sync/engine');
    const trail = fileAuditTrail(log, { signingKeyPem: privatePem });
    await trail.record({ ...gateDraft(20), time: '2026-07-01T00:00:00.000Z' });
    await trail.close();
    const report = await exportLogOnly(dir, 'soc2');
    expect(report.log).toMatchObject({ intact: true, size: 6 });
    expect(report.summary.drift_checks).toBe(2);
  });
});

// SOC 2 and ISO 27001 had no control on the audit log itself. A bot that appends forged events after the
// last signed checkpoint makes the log fail to verify; the events before it still count as evidence,
// so an export for SOC 2 or ISO 27001 alone passed every control (exit 0) — while saying, in a field
// nobody gates on, that the log did not verify.
import { appendFileSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { chainAuditEvent, type AuditEvent } from '@gitops-sync/core';
import { fileAuditTrail } from '@gitops-sync/engine';
import { gateDraft } from './support/audit-events.js';
import { exportLogOnly } from './support/audit-population.js';
import { ed25519Pems, signedFileLog } from './support/signed-audit-log.js';

const { privatePem, publicPem } = ed25519Pems();
const drift = { type: 'drift', outcome: 'clean', report_fingerprint: null, plan_fingerprint: null, counts: { critical: 0, high: 0, medium: 0, low: 0 } } as const;

/** A signed log with a drift check that ran in the period, and (given `forge`) an event appended after its last signed checkpoint. */
async function watchedLog(forge: boolean) {
  const { dir, log } = await signedFileLog('attack31audit-log-controls-', privatePem, publicPem);
  const run = fileAuditTrail(log, { signingKeyPem: privatePem });
  await run.record({ ...gateDraft(4), environment: 'production', details: drift });
  await run.close();
  if (forge) {
    const last = JSON.parse(readFileSync(log, 'utf8').trim().split('\n').at(-1)!) as AuditEvent;
    appendFileSync(log, `${JSON.stringify(chainAuditEvent(gateDraft(5), last))}\n`);
  }
  return dir;
}

describe('audit export for SOC 2 or ISO 27001 alone: the audit log itself', () => {
  it.each([
    ['soc2', 'soc2.cc7.2'],
    ['iso27001', 'iso27001.a.8.15'],
  ])('%s: a log that does not verify fails %s', async (framework, control) => {
    const report = await exportLogOnly(await watchedLog(true), framework);
    expect(report.log).toMatchObject({ intact: false });
    expect(report.controls.find((each) => each.id === control)).toMatchObject({ status: 'fail', exceptions: [expect.objectContaining({ check: 'audit-log-not-intact' })] });
    expect(report.summary.failed).toBeGreaterThan(0);
  });

  it.each([['soc2'], ['iso27001']])('%s: an intact, signed log passes every control', async (framework) => {
    const report = await exportLogOnly(await watchedLog(false), framework);
    expect(report.summary).toMatchObject({ failed: 0 });
  });
});

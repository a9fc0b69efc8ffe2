// A malicious insider with write access to the audit log but not the signing key appends a forged,
// correctly chained event (a gate "allowed" for a change that never passed the gate) after the last
// signed checkpoint. With audit.public_key configured, the export must not take that event as evidence
// of a log its key vouches for.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { chainAuditEvent, type AuditEvent } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { gateDraft } from './support/audit-events.js';
import { exportLogOnly } from './support/audit-population.js';
import { ed25519Pems, signedFileLog } from './support/signed-audit-log.js';

const { privatePem, publicPem } = ed25519Pems();
const signedLog = () => signedFileLog('attack28audit-tail-', privatePem, publicPem);

const logChecks = (report: Awaited<ReturnType<typeof exportLogOnly>>) => report.controls.flatMap((control) => control.exceptions.map((exception) => exception.check));

async function appendForged(log: string) {
  const last = JSON.parse(readFileSync(log, 'utf8').trim().split('\n').at(-1)!) as AuditEvent;
  const forged = chainAuditEvent({ ...gateDraft(4), commits: { base: 'a'.repeat(40), head: 'c'.repeat(40), deployed: null } }, last);
  appendFileSync(log, `${JSON.stringify(forged)}\n`);
}

describe('audit export: events after the last signed checkpoint', () => {
  it('passes a log that ends at its signed checkpoint', async () => {
    const { dir } = await signedLog();
    const report = await exportLogOnly(dir, 'pci');
    expect(report.log).toMatchObject({ intact: true, size: 3 });
    expect(logChecks(report)).not.toContain('audit-log-not-intact');
  });

  it('fails the log controls when a forged event was appended without the signing key', async () => {
    const { dir, log } = await signedLog();
    await appendForged(log);
    const report = await exportLogOnly(dir, 'pci');
    expect(report.log).toMatchObject({ intact: false });
    expect(logChecks(report)).toContain('audit-log-not-intact');
  });
});

describe('audit verify with the configured public key: events after the last signed checkpoint', () => {
  it('names them in one sentence, exit 4', async () => {
    const { dir, log } = await signedLog();
    await appendForged(log);
    const result = await cli(['audit', 'verify'], { cwd: dir });
    expect(result).toMatchObject({ code: 4, stderr: '' });
    expect(result.stdout).toBe(
      `${log} was tampered with: seq 4 comes after the store's last signed checkpoint (3 events), so no signature vouches for them: they were appended without the signing key, or by a run that did not finish (the next run's checkpoint covers those).\n`,
    );
  });

  it('still verifies a log that grew past an older checkpoint kept elsewhere (--checkpoint)', async () => {
    const { dir, log } = await signedLog();
    const kept = join(dir, 'q1-checkpoint.jsonl');
    writeFileSync(kept, readFileSync(`${log}.checkpoints.jsonl`));
    await appendForged(log);
    expect(await cli(['audit', 'verify', '--checkpoint', kept], { cwd: dir })).toMatchObject({ code: 0, stderr: '' });
  });
});

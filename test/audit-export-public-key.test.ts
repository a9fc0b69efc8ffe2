// audit.public_key: the export judges the log with the key that must have signed its checkpoints, so
// someone who rewrote the log and its (unsigned) checkpoints does not get the log controls passing.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { fileAuditTrail } from '@gitops-sync/engine';
import { gateDraft } from './support/audit-events.js';
import { exportLogOnly } from './support/audit-population.js';
import { tempDir } from './support/temp-dir.js';

const signer = generateKeyPairSync('ed25519');
const privatePem = signer.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = signer.publicKey.export({ type: 'spki', format: 'pem' }).toString();

async function exportSigned(tamper: (checkpoints: string) => string) {
  const dir = tempDir('audit-export-key-');
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  production:\n    terraform: { dir: terraform }\naudit:\n  store: file\n  public_key: audit.pub\n');
  writeFileSync(join(dir, 'audit.pub'), publicPem);
  const log = join(dir, '.gitops-sync/audit/events.jsonl');
  const trail = fileAuditTrail(log, { signingKeyPem: privatePem });
  for (let n = 1; n <= 3; n += 1) await trail.record(gateDraft(n));
  await trail.close();
  const checkpoints = `${log}.checkpoints.jsonl`;
  writeFileSync(checkpoints, tamper(readFileSync(checkpoints, 'utf8')));
  return exportLogOnly(dir, 'pci');
}

const unsigned = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const { signature: _dropped, ...rest } = JSON.parse(line);
      return `${JSON.stringify(rest)}\n`;
    })
    .join('');

describe('audit export with audit.public_key', () => {
  it('passes the log controls when every checkpoint is signed by the configured key', async () => {
    const report = await exportSigned((text) => text);
    expect(report.log).toMatchObject({ intact: true, size: 3 });
    expect(report.controls.flatMap((control) => control.exceptions.map((exception) => exception.check))).not.toContain('audit-log-not-intact');
  });

  it('fails them when the checkpoints were stripped of their signatures', async () => {
    const report = await exportSigned(unsigned);
    expect(report.log).toMatchObject({ intact: false });
    expect(report.controls.flatMap((control) => control.exceptions.map((exception) => exception.check))).toContain('audit-log-not-intact');
  });
});

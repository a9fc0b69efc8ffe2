// audit.public_key: the export judges the log with the key that must have signed its checkpoints, so
// someone who rewrote the log and its (unsigned) checkpoints does not get the log controls passing.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { exportLogOnly } from './support/audit-population.js';
import { ed25519Pems, signedFileLog } from './support/signed-audit-log.js';

const { privatePem, publicPem } = ed25519Pems();

async function exportSigned(tamper: (checkpoints: string) => string) {
  const { dir, checkpoints } = await signedFileLog('audit-export-key-', privatePem, publicPem);
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

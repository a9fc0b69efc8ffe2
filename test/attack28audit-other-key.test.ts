// Someone who rewrote the audit log re-signs its checkpoints with a key of their own. audit.public_key
// names the key an auditor trusts: the export must fail the log controls (report written, exit 5), as the
// README promises, not stop with a message that tells the operator to configure the key that signed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { cli } from './support/cli.js';
import { exportLogOnly } from './support/audit-population.js';
import { ed25519Pems, signedFileLog } from './support/signed-audit-log.js';

const trusted = ed25519Pems();
const attacker = ed25519Pems();

const logSignedBy = async (signingKeyPem: string) => (await signedFileLog('attack28audit-key-', signingKeyPem, trusted.publicPem)).dir;

const checks = (report: Awaited<ReturnType<typeof exportLogOnly>>) => report.controls.flatMap((control) => control.exceptions.map((exception) => exception.check));

describe('audit export with audit.public_key: checkpoints signed by another key', () => {
  it('passes the log controls when the configured key signed them', async () => {
    const report = await exportLogOnly(await logSignedBy(trusted.privatePem), 'pci');
    expect(report.log).toMatchObject({ intact: true });
    expect(checks(report)).not.toContain('audit-log-not-intact');
  });

  it('fails the log controls (the report is written) when another key signed them', async () => {
    const report = await exportLogOnly(await logSignedBy(attacker.privatePem), 'pci');
    expect(report.log).toMatchObject({ intact: false });
    expect(checks(report)).toContain('audit-log-not-intact');
  });
});

describe('audit verify reading audit.public_key: checkpoints signed by another key', () => {
  it('calls the log tampered with, exit 4, rather than asking for the key that signed', async () => {
    const dir = await logSignedBy(attacker.privatePem);
    const result = await cli(['audit', 'verify'], { cwd: dir });
    expect(result).toMatchObject({ code: 4, stderr: '' });
    expect(result.stdout).toMatch(/was tampered with: the checkpoint is signed by key [0-9a-f]{16}…, not by the given public key \([0-9a-f]{16}…\)\.\n$/);
  });

  it('still asks for the right key when one given with --public-key did not sign it, exit 1', async () => {
    const dir = await logSignedBy(trusted.privatePem);
    writeFileSync(join(dir, 'wrong.pub'), attacker.publicPem);
    const result = await cli(['audit', 'verify', '--public-key', 'wrong.pub'], { cwd: dir });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/give the public key that signs this log's checkpoints/);
  });
});

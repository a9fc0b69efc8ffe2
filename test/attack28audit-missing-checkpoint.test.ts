// Someone who rewrote the audit log deletes (or empties) its checkpoints file, which the configured
// audit.public_key would have caught. The export must fail the log controls (report written), and
// `audit verify` reading the config must call the log tampered with, not advise leaving out the key.
import { rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { cli } from './support/cli.js';
import { exportLogOnly } from './support/audit-population.js';
import { ed25519Pems, signedFileLog } from './support/signed-audit-log.js';

const { privatePem, publicPem } = ed25519Pems();
const signedLog = () => signedFileLog('attack28audit-nocp-', privatePem, publicPem);

const removals: [string, (path: string) => void][] = [
  ['deleted', (path) => rmSync(path)],
  ['emptied', (path) => writeFileSync(path, '\n')],
];

describe('audit.public_key and a checkpoints file that is gone', () => {
  for (const [how, remove] of removals) {
    it(`audit export fails the log controls when it was ${how}`, async () => {
      const { dir, checkpoints } = await signedLog();
      remove(checkpoints);
      const report = await exportLogOnly(dir, 'pci');
      expect(report.log).toMatchObject({ intact: false, size: 3 });
      expect(report.controls.flatMap((control) => control.exceptions.map((exception) => exception.check))).toContain('audit-log-not-intact');
    });

    it(`audit verify calls the log tampered with, exit 4, when it was ${how}`, async () => {
      const { dir, checkpoints } = await signedLog();
      remove(checkpoints);
      const result = await cli(['audit', 'verify'], { cwd: dir });
      expect(result).toMatchObject({ code: 4, stderr: '' });
      expect(result.stdout).toMatch(/was tampered with: it has no checkpoint, but audit\.public_key says its checkpoints are signed: they were removed\.\n$/);
    });
  }

  it('audit verify --public-key without a checkpoint is still an error in one sentence, exit 1', async () => {
    const { dir, checkpoints } = await signedLog();
    rmSync(checkpoints);
    const result = await cli(['audit', 'verify', '--public-key', 'audit.pub'], { cwd: dir });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('a public key was given but no checkpoint to verify it against') });
  });
});

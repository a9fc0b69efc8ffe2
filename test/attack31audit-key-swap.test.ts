// The export in CI holds the log to the public key the repository names (audit.public_key). A pull
// request that swaps that file for its author's own key, once merged, lets the author rewrite the whole
// log and sign new checkpoints: every check passes, as it must for a legitimate key rotation. What the
// auditor can still do is compare the key with their own copy — so the report must name the key.
import { createPublicKey } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ed25519KeyId, renderAuditMarkdown } from '@gitops-sync/core';
import { fileAuditTrail } from '@gitops-sync/engine';
import { gateDraft } from './support/audit-events.js';
import { exportLogOnly } from './support/audit-population.js';
import { ed25519Pems, signedFileLog } from './support/signed-audit-log.js';

const original = ed25519Pems();
const swapped = ed25519Pems();
const keyId = (publicPem: string) => ed25519KeyId(createPublicKey(publicPem));

describe('audit export: the key that vouched for the log', () => {
  it('is named in the report and its Markdown', async () => {
    const { dir } = await signedFileLog('attack31audit-key-', original.privatePem, original.publicPem);
    const report = await exportLogOnly(dir, 'pci');
    expect(report.log).toEqual({ size: 3, root_hash: expect.stringMatching(/^[0-9a-f]{64}$/), intact: true, key_id: keyId(original.publicPem) });
    expect(renderAuditMarkdown(report)).toContain(`its checkpoint signed by key ${keyId(original.publicPem)} (audit.public_key)`);
  });

  it('names the swapped key after a rewrite signed with it, so the auditor\'s copy shows the swap', async () => {
    const { dir, log, checkpoints } = await signedFileLog('attack31audit-key-swap-', original.privatePem, original.publicPem);
    const lines = readFileSync(log, 'utf8');
    rmSync(log);
    rmSync(checkpoints);
    const rewrite = fileAuditTrail(log, { signingKeyPem: swapped.privatePem });
    for (let n = 1; n <= 3; n += 1) await rewrite.record({ ...gateDraft(n), actor: { id: '666', login: 'mallory', token: null } });
    await rewrite.close();
    writeFileSync(`${dir}/audit.pub`, swapped.publicPem);
    expect(readFileSync(log, 'utf8')).not.toBe(lines);
    const report = await exportLogOnly(dir, 'pci');
    expect(report.log).toMatchObject({ intact: true, key_id: keyId(swapped.publicPem) });
    expect(report.log?.key_id).not.toBe(keyId(original.publicPem));
  });

  it('is null for a log whose checkpoints no configured key checked', async () => {
    const { dir } = await signedFileLog('attack31audit-key-none-', original.privatePem, original.publicPem);
    writeFileSync(`${dir}/gitops-sync.yaml`, 'environments:\n  production:\n    terraform: { dir: terraform }\naudit:\n  store: file\n');
    expect((await exportLogOnly(dir, 'pci')).log).toMatchObject({ intact: true, key_id: null });
  });
});

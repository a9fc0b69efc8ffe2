import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileAuditTrail } from '@gitops-sync/engine';
import { gateDraft } from './audit-events.js';
import { tempDir } from './temp-dir.js';

/** A fresh Ed25519 key pair as PEM, as `audit.signing_key` and `audit.public_key` take them. */
export function ed25519Pems(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/**
 * A temp folder with a file audit store of three gate events whose checkpoints `signingKeyPem` signs,
 * and a gitops-sync.yaml naming `trustedPublicPem` (written to audit.pub) as `audit.public_key`.
 */
export async function signedFileLog(prefix: string, signingKeyPem: string, trustedPublicPem: string): Promise<{ dir: string; log: string; checkpoints: string }> {
  const dir = tempDir(prefix);
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  production:\n    terraform: { dir: terraform }\naudit:\n  store: file\n  public_key: audit.pub\n');
  writeFileSync(join(dir, 'audit.pub'), trustedPublicPem);
  const log = join(dir, '.gitops-sync/audit/events.jsonl');
  const trail = fileAuditTrail(log, { signingKeyPem });
  for (let n = 1; n <= 3; n += 1) await trail.record(gateDraft(n));
  await trail.close();
  return { dir, log, checkpoints: `${log}.checkpoints.jsonl` };
}

/**
 * An audit checkpoint (`gitops-sync/audit-checkpoint@1`): the size of the log and the Merkle root
 * over its event hashes at that size. A hash chain alone cannot show that events were cut off the
 * end; a checkpoint kept elsewhere (and signed) can. The signature is Ed25519 over the RFC 8785
 * canonical JSON of the checkpoint without `signature`.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { canonicalJson } from '../plan/fingerprint.js';
import { GENESIS_HASH, type AuditEvent } from './event.js';
import { MerkleTree } from './merkle.js';

export const AUDIT_CHECKPOINT_SCHEMA = 'gitops-sync/audit-checkpoint@1';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in lowercase hex');

export const AuditCheckpointSignature = z
  .object({
    algorithm: z.literal('ed25519'),
    /** sha256 (hex) of the raw 32-byte Ed25519 public key that verifies `value`. */
    key_id: sha256Hex,
    /** The signature, base64. */
    value: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
  })
  .strict();
export type AuditCheckpointSignature = z.infer<typeof AuditCheckpointSignature>;

export const AuditCheckpoint = z
  .object({
    schema: z.literal(AUDIT_CHECKPOINT_SCHEMA),
    /** How many events (seq 1 … size) the checkpoint covers. */
    size: z.number().int().min(0),
    /** RFC 6962 Merkle tree hash over the `hash` of events 1 … size. */
    root_hash: sha256Hex,
    /** The `hash` of event `size` (64 zeros for an empty log). */
    last_hash: sha256Hex,
    /** The `seq` of the last event covered (equals `size`; 0 for an empty log). */
    last_seq: z.number().int().min(0),
    time: z.iso.datetime({ offset: true }),
    signature: AuditCheckpointSignature.optional(),
  })
  .strict();
export type AuditCheckpoint = z.infer<typeof AuditCheckpoint>;

/** The bytes a checkpoint's signature covers: its canonical JSON without `signature`. */
function signedBytes(checkpoint: AuditCheckpoint): Buffer {
  const { signature: _ignored, ...unsigned } = checkpoint;
  return Buffer.from(canonicalJson(unsigned), 'utf8');
}

/** sha256 (hex) of the raw Ed25519 public key: names the key that signed a checkpoint. */
export function ed25519KeyId(key: KeyObject): string {
  const raw = Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
  return createHash('sha256').update(raw).digest('hex');
}

/** The Ed25519 key in this PEM text; one sentence (never the key) when it is not one. */
export function ed25519Key(pem: string, kind: 'private' | 'public'): KeyObject {
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    throw new UserError(`the audit checkpoint ${kind} key is not a PEM ${kind} key; give an Ed25519 key (openssl genpkey -algorithm ed25519)`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new UserError(`the audit checkpoint ${kind} key is an ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519; give an Ed25519 key (openssl genpkey -algorithm ed25519)`);
  }
  return key;
}

/** A log as a checkpoint records it: the Merkle tree over its event hashes, and its last event (none when empty). */
export interface AuditLogHead {
  tree: MerkleTree;
  last: Pick<AuditEvent, 'seq' | 'hash'> | undefined;
}

interface CheckpointOptions {
  time: string;
  /** Ed25519 private key (PEM): the checkpoint is signed with it when given. */
  signingKeyPem?: string;
}

/** A checkpoint over all of `events` (which start at seq 1). */
export function createCheckpoint(events: readonly AuditEvent[], options: CheckpointOptions): AuditCheckpoint {
  const tree = new MerkleTree();
  for (const event of events) tree.append(event.hash);
  return checkpointOf({ tree, last: events.at(-1) }, options);
}

/** A checkpoint over the log `head` describes: a store extending a long log keeps its tree instead of its events. */
export function checkpointOf({ tree, last }: AuditLogHead, options: CheckpointOptions): AuditCheckpoint {
  const checkpoint: AuditCheckpoint = {
    schema: AUDIT_CHECKPOINT_SCHEMA,
    size: tree.size,
    root_hash: tree.root(),
    last_hash: last?.hash ?? GENESIS_HASH,
    last_seq: last?.seq ?? 0,
    time: options.time,
  };
  return options.signingKeyPem === undefined ? checkpoint : signCheckpoint(checkpoint, options.signingKeyPem);
}

/** The checkpoint with an Ed25519 signature by this PEM private key (replacing any it had). */
export function signCheckpoint(checkpoint: AuditCheckpoint, signingKeyPem: string): AuditCheckpoint {
  const privateKey = ed25519Key(signingKeyPem, 'private');
  const value = sign(null, signedBytes(checkpoint), privateKey).toString('base64');
  return { ...checkpoint, signature: { algorithm: 'ed25519', key_id: ed25519KeyId(createPublicKey(privateKey)), value } };
}

export type CheckpointSignatureCheck =
  | { valid: true; key_id: string }
  /** `unsigned`: no signature; `other-key`: signed by another key (key_id differs); `invalid`: this key's signature does not match the content. */
  | { valid: false; problem: 'unsigned' | 'other-key' | 'invalid'; reason: string };

/** Whether this PEM Ed25519 public key signed this checkpoint as it is now. */
export function verifyCheckpointSignature(checkpoint: AuditCheckpoint, publicKeyPem: string): CheckpointSignatureCheck {
  const publicKey = ed25519Key(publicKeyPem, 'public');
  const keyId = ed25519KeyId(publicKey);
  const { signature } = checkpoint;
  if (!signature) return { valid: false, problem: 'unsigned', reason: 'the checkpoint is not signed, but a public key was given to verify it' };
  if (signature.key_id !== keyId) {
    return { valid: false, problem: 'other-key', reason: `the checkpoint is signed by key ${signature.key_id.slice(0, 16)}…, not by the given public key (${keyId.slice(0, 16)}…)` };
  }
  const ok = verify(null, signedBytes(checkpoint), publicKey, Buffer.from(signature.value, 'base64'));
  return ok ? { valid: true, key_id: keyId } : { valid: false, problem: 'invalid', reason: 'the checkpoint signature does not verify with the given public key: the checkpoint was altered after it was signed' };
}

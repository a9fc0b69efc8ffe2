/**
 * Verifying an audit log: every event's hash against its content, the hash chain, the seq order and,
 * given a checkpoint, the log's size and Merkle root at that size (and the checkpoint's signature).
 * One pass, O(log n) memory beside the events themselves.
 */
import { UserError } from '../errors.js';
import type { AuditCheckpoint } from './checkpoint.js';
import { verifyCheckpointSignature } from './checkpoint.js';
import { AuditEvent, GENESIS_HASH, auditEventHash } from './event.js';
import { MerkleTree } from './merkle.js';

/** How a log was tampered with; `seq` names the first bad event where one can be named. */
export type AuditTamperKind = 'modified' | 'deleted' | 'inserted' | 'reordered' | 'chain-broken' | 'truncated' | 'checkpoint-mismatch' | 'checkpoint-signature' | 'checkpoint-unsigned';

export interface AuditCheckpointCheck {
  size: number;
  root_hash: string;
  /** The key_id of the signature that was verified; null when no public key was given (the signature, if any, was not checked). */
  verified_key_id: string | null;
}

export type AuditLogVerification =
  | { intact: true; size: number; root_hash: string; checkpoint: AuditCheckpointCheck | null }
  | { intact: false; kind: AuditTamperKind; seq: number | null; reason: string };

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * The events of a JSONL log, each checked against the event schema. A line that is not an audit
 * event is an error (a torn write or a hand edit), not a verdict on the chain.
 */
export function parseAuditLog(text: string, source: string): AuditEvent[] {
  const events: AuditEvent[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UserError(`line ${index + 1} of ${source} is not JSON; the log is corrupt there: restore it from a copy (the git store's branch, a job artifact) before verifying or appending`);
    }
    const parsed = AuditEvent.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(`line ${index + 1} of ${source} is not a gitops-sync/audit-event@1 (${issue.path.join('.') || 'event'}: ${issue.message}); the log is corrupt there: restore it from a copy before verifying or appending`);
    }
    events.push(parsed.data);
  }
  return events;
}

/** The first break in the chain at position `index`, or undefined when the event there is in place. */
function chainBreak(events: readonly AuditEvent[], index: number, previous: AuditEvent | undefined): Omit<Extract<AuditLogVerification, { intact: false }>, 'intact'> | undefined {
  const event = events[index];
  const expected = (previous?.seq ?? 0) + 1;
  if (auditEventHash(event) !== event.hash) {
    return { kind: 'modified', seq: event.seq, reason: `seq ${event.seq} was modified: its hash does not match its content` };
  }
  const after = previous ? `seq ${previous.seq} is followed by seq ${event.seq}` : `the log starts at seq ${event.seq}`;
  // Everything before `expected` has been seen in order, so a smaller seq is a copy.
  if (event.seq < expected) return { kind: 'inserted', seq: event.seq, reason: `seq ${event.seq} appears a second time (${after}): an event was inserted` };
  if (event.seq > expected) {
    const later = events.findIndex((other, position) => position > index && other.seq === expected);
    return later >= 0
      ? { kind: 'reordered', seq: expected, reason: `seq ${expected} is out of place (${after}, and seq ${expected} comes later): the events were reordered` }
      : { kind: 'deleted', seq: expected, reason: `seq ${expected} was deleted (${after})` };
  }
  if (event.prev_hash !== (previous?.hash ?? GENESIS_HASH)) {
    return {
      kind: 'chain-broken',
      seq: event.seq,
      reason: `seq ${event.seq}'s prev_hash is not the hash of ${previous ? `seq ${previous.seq}` : 'the log start'}: an event before it was rewritten, or events were deleted or inserted and the log renumbered`,
    };
  }
  return undefined;
}

/** Checks the log against a checkpoint: its size, its root at that size, and (given a key) its signature. */
function checkpointBreak(
  events: readonly AuditEvent[],
  checkpoint: AuditCheckpoint,
  rootAtSize: string,
  publicKeyPem: string | undefined,
): { tamper?: Omit<Extract<AuditLogVerification, { intact: false }>, 'intact'>; keyId: string | null } {
  if (publicKeyPem !== undefined) {
    const signature = verifyCheckpointSignature(checkpoint, publicKeyPem);
    if (!signature.valid && signature.problem === 'other-key') throw new UserError(`${signature.reason}; give the public key that signs this log's checkpoints`);
    if (!signature.valid) return { tamper: { kind: signature.problem === 'unsigned' ? 'checkpoint-unsigned' : 'checkpoint-signature', seq: null, reason: signature.reason }, keyId: null };
  }
  const keyId = publicKeyPem !== undefined ? checkpoint.signature!.key_id : null;
  if (events.length < checkpoint.size) {
    const missing = events.length + 1 === checkpoint.size ? `seq ${checkpoint.size} was` : `seq ${events.length + 1} to ${checkpoint.size} were`;
    return { tamper: { kind: 'truncated', seq: events.length + 1, reason: `${missing} cut off the end: the checkpoint of ${checkpoint.time} records ${checkpoint.size} events, the log has ${events.length}` }, keyId };
  }
  const last = checkpoint.size ? events[checkpoint.size - 1] : undefined;
  if (rootAtSize !== checkpoint.root_hash || (last?.hash ?? GENESIS_HASH) !== checkpoint.last_hash || (last?.seq ?? 0) !== checkpoint.last_seq) {
    return {
      tamper: {
        kind: 'checkpoint-mismatch',
        seq: null,
        reason: `the log's first ${checkpoint.size} events have Merkle root ${short(rootAtSize)}, the checkpoint of ${checkpoint.time} says ${short(checkpoint.root_hash)}: the log was rewritten, or the checkpoint belongs to another log`,
      },
      keyId,
    };
  }
  return { keyId };
}

/** Whether the log is intact; if not, the first bad seq and why. */
export function verifyAuditLog(events: readonly AuditEvent[], options: { checkpoint?: AuditCheckpoint; publicKeyPem?: string } = {}): AuditLogVerification {
  const { checkpoint, publicKeyPem } = options;
  if (publicKeyPem !== undefined && !checkpoint) throw new UserError('a public key was given but no checkpoint to verify it against; give the checkpoint (--checkpoint) or leave out the key');
  const tree = new MerkleTree();
  let rootAtSize = tree.root();
  for (let index = 0; index < events.length; index += 1) {
    const tamper = chainBreak(events, index, events[index - 1]);
    if (tamper) return { intact: false, ...tamper };
    tree.append(events[index].hash);
    if (tree.size === checkpoint?.size) rootAtSize = tree.root();
  }
  let checked: AuditCheckpointCheck | null = null;
  if (checkpoint) {
    const { tamper, keyId } = checkpointBreak(events, checkpoint, rootAtSize, publicKeyPem);
    if (tamper) return { intact: false, ...tamper };
    checked = { size: checkpoint.size, root_hash: checkpoint.root_hash, verified_key_id: keyId };
  }
  return { intact: true, size: events.length, root_hash: tree.root(), checkpoint: checked };
}

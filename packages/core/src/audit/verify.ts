/**
 * Verifying an audit log: every event's hash against its content, the hash chain, the seq order and,
 * given a checkpoint, the log's size and Merkle root at that size (and the checkpoint's signature).
 * One pass, O(log n) memory beside the events themselves.
 */
import { UserError } from '../errors.js';
import type { AuditCheckpoint, AuditLogHead } from './checkpoint.js';
import { verifyCheckpointSignature } from './checkpoint.js';
import { AuditEvent, GENESIS_HASH, auditEventHash } from './event.js';
import { MerkleTree } from './merkle.js';

/** How a log was tampered with; `seq` names the first bad event where one can be named. */
export type AuditTamperKind =
  | 'modified'
  | 'deleted'
  | 'inserted'
  | 'reordered'
  | 'chain-broken'
  | 'truncated'
  | 'checkpoint-mismatch'
  | 'checkpoint-signature'
  | 'checkpoint-unsigned'
  /** A line that is not an event as gitops-sync writes one: not JSON, not an event, or re-spelled. */
  | 'unreadable';

/**
 * A line of the log that is not an event as gitops-sync writes one (edited, or torn): appending and
 * exporting refuse it as an error; verifying reports it as the log's verdict (not intact).
 */
export class CorruptAuditLine extends UserError {}

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
 * One line of a JSONL log as an event, checked against the event schema. A line that is not an audit
 * event is an error (a torn write or a hand edit), not a verdict on the chain.
 */
export function parseAuditLine(line: string, lineNumber: number, source: string): AuditEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new CorruptAuditLine(`line ${lineNumber} of ${source} is not JSON; the log is corrupt there: restore it from a copy (the git store's branch, a job artifact) before verifying or appending`);
  }
  const parsed = AuditEvent.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CorruptAuditLine(`line ${lineNumber} of ${source} is not a gitops-sync/audit-event@1 (${issue.path.join('.') || 'event'}: ${issue.message}); the log is corrupt there: restore it from a copy before verifying or appending`);
  }
  // The hash covers what JSON reads, and JSON takes a key's last value: a decoy copy of a key put before
  // it would change what a person (or a reader taking the first) sees, unseen by the hash. gitops-sync
  // writes each line as JSON.stringify does, so any other spelling was edited in.
  if (JSON.stringify(value) !== line.trimEnd()) {
    throw new CorruptAuditLine(
      `line ${lineNumber} of ${source} is not written as gitops-sync writes an event (a key twice, or spacing or escapes changed): it was edited; restore the log from a copy (the git store's branch, a job artifact) before verifying or appending`,
    );
  }
  return parsed.data;
}

/** The events of a JSONL log (blank lines skipped). */
export function parseAuditLog(text: string, source: string): AuditEvent[] {
  const events: AuditEvent[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) if (lines[index].trim()) events.push(parseAuditLine(lines[index], index + 1, source));
  return events;
}

type Tamper = Omit<Extract<AuditLogVerification, { intact: false }>, 'intact'>;

/**
 * Checks the log against a checkpoint: its size, its root and last event at that size, and (given a
 * key) its signature. `atSize` is the log's event number `checkpoint.size`, if it has that many.
 */
function checkpointBreak(
  size: number,
  atSize: Pick<AuditEvent, 'seq' | 'hash'> | undefined,
  rootAtSize: string,
  checkpoint: AuditCheckpoint,
  publicKeyPem: string | undefined,
  keyIsTrusted = false,
): { tamper?: Tamper; keyId: string | null } {
  if (publicKeyPem !== undefined) {
    const signature = verifyCheckpointSignature(checkpoint, publicKeyPem);
    if (!signature.valid && signature.problem === 'other-key' && !keyIsTrusted) throw new UserError(`${signature.reason}; give the public key that signs this log's checkpoints`);
    if (!signature.valid) return { tamper: { kind: signature.problem === 'unsigned' ? 'checkpoint-unsigned' : 'checkpoint-signature', seq: null, reason: signature.reason }, keyId: null };
  }
  const keyId = publicKeyPem !== undefined ? checkpoint.signature!.key_id : null;
  if (size < checkpoint.size) {
    const missing = size + 1 === checkpoint.size ? `seq ${checkpoint.size} was` : `seq ${size + 1} to ${checkpoint.size} were`;
    return { tamper: { kind: 'truncated', seq: size + 1, reason: `${missing} cut off the end: the checkpoint of ${checkpoint.time} records ${checkpoint.size} events, the log has ${size}` }, keyId };
  }
  const lastHash = atSize?.hash ?? GENESIS_HASH;
  const lastSeq = atSize?.seq ?? 0;
  const differs =
    rootAtSize !== checkpoint.root_hash
      ? `have Merkle root ${short(rootAtSize)}, the checkpoint of ${checkpoint.time} says ${short(checkpoint.root_hash)}`
      : lastHash !== checkpoint.last_hash
        ? `end in the event hash ${short(lastHash)}, the checkpoint of ${checkpoint.time} says ${short(checkpoint.last_hash)}`
        : lastSeq !== checkpoint.last_seq
          ? `end at seq ${lastSeq}, the checkpoint of ${checkpoint.time} says ${checkpoint.last_seq}`
          : undefined;
  if (differs) {
    return {
      tamper: { kind: 'checkpoint-mismatch', seq: null, reason: `the log's first ${checkpoint.size} events ${differs}: the log was rewritten, or the checkpoint belongs to another log` },
      keyId,
    };
  }
  return { keyId };
}

/**
 * Verifies a log one event at a time, in order, keeping only the previous event and the Merkle
 * tree's frontier, so a log of any length streams through it. After the first break it only looks
 * on for the seq that was missing (it comes later: reordered; never: deleted); `settled` says when
 * reading further cannot change the answer.
 */
export class AuditLogVerifier {
  private previous: Pick<AuditEvent, 'seq' | 'hash'> | undefined;
  private readonly tree = new MerkleTree();
  /** The root and last event at each checkpoint's size, as the log has them. */
  private readonly atSizes = new Map<number, { root: string; event: Pick<AuditEvent, 'seq' | 'hash'> | undefined }>();
  private found: Tamper | undefined;
  private gap: { expected: number; after: string } | undefined;

  constructor(private readonly options: AuditLogVerifyOptions = {}) {
    if (options.publicKeyPem !== undefined && !options.checkpoint && !options.keyIsTrusted) throw new UserError('a public key was given but no checkpoint to verify it against; give the checkpoint (--checkpoint) or leave out the key');
    this.atSizes.set(0, { root: this.tree.root(), event: undefined });
    this.checkpointSizes = new Set([...(options.earlier ?? []), ...(options.checkpoint ? [options.checkpoint] : [])].map((checkpoint) => checkpoint.size));
  }

  /** The sizes of the log the checkpoints were made at (a store writes one a run: as many as the events, or more). */
  private readonly checkpointSizes: ReadonlySet<number>;

  get settled(): boolean {
    return this.found !== undefined;
  }

  push(event: AuditEvent): void {
    if (this.found) return;
    if (this.gap) {
      const { expected, after } = this.gap;
      if (event.seq === expected) this.found = { kind: 'reordered', seq: expected, reason: `seq ${expected} is out of place (${after}, and seq ${expected} comes later): the events were reordered` };
      return;
    }
    const previous = this.previous;
    const expected = (previous?.seq ?? 0) + 1;
    if (auditEventHash(event) !== event.hash) {
      this.found = { kind: 'modified', seq: event.seq, reason: `seq ${event.seq} was modified: its hash does not match its content` };
      return;
    }
    const after = previous ? `seq ${previous.seq} is followed by seq ${event.seq}` : `the log starts at seq ${event.seq}`;
    // Every seq before `expected` has been seen in order, so a smaller one is a copy.
    if (event.seq < expected) {
      this.found = { kind: 'inserted', seq: event.seq, reason: `seq ${event.seq} appears a second time (${after}): an event was inserted` };
      return;
    }
    if (event.seq > expected) {
      this.gap = { expected, after };
      return;
    }
    if (event.prev_hash !== (previous?.hash ?? GENESIS_HASH)) {
      this.found = {
        kind: 'chain-broken',
        seq: event.seq,
        reason: `seq ${event.seq}'s prev_hash is not the hash of ${previous ? `seq ${previous.seq}` : 'the log start'}: an event before it was rewritten, or events were deleted or inserted and the log renumbered`,
      };
      return;
    }
    this.append(event);
  }

  /**
   * The next event of a prefix that a trusted checkpoint covers, by its stored hash alone (its seq taken
   * to be its place): its content, seq and chain link are not checked again, only that these hashes
   * still give that checkpoint's root, last hash and seq — pass the checkpoint in the options. Only
   * before the first `push`.
   */
  pushHash(hash: string): void {
    this.append({ seq: this.tree.size + 1, hash });
  }

  private append(event: Pick<AuditEvent, 'seq' | 'hash'>): void {
    this.tree.append(event.hash);
    if (this.checkpointSizes.has(this.tree.size)) this.atSizes.set(this.tree.size, { root: this.tree.root(), event: { seq: event.seq, hash: event.hash } });
    this.previous = event;
  }

  /** The log as read so far, for a checkpoint over it (a copy: pushing on does not change it). */
  head(): AuditLogHead {
    return { tree: this.tree.clone(), last: this.previous && { seq: this.previous.seq, hash: this.previous.hash } };
  }

  /** The verdict on the events pushed so far, taken as the whole log. */
  result(): AuditLogVerification {
    if (this.gap && !this.found) this.found = { kind: 'deleted', seq: this.gap.expected, reason: `seq ${this.gap.expected} was deleted (${this.gap.after})` };
    if (this.found) return { intact: false, ...this.found };
    const { checkpoint, publicKeyPem } = this.options;
    let checked: AuditCheckpointCheck | null = null;
    const breakOf = (at: AuditCheckpoint, key: string | undefined, keyIsTrusted?: boolean) => {
      const state = this.atSizes.get(at.size);
      return checkpointBreak(this.tree.size, state?.event, state?.root ?? '', at, key, keyIsTrusted);
    };
    // An earlier checkpoint the log no longer matches: rewritten since, even if the last checkpoint was made after the rewrite.
    for (const earlier of this.options.earlier ?? []) {
      const { tamper } = breakOf(earlier, undefined);
      if (tamper) return { intact: false, ...tamper };
    }
    if (!checkpoint && publicKeyPem !== undefined) {
      return { intact: false, kind: 'checkpoint-unsigned', seq: null, reason: 'it has no checkpoint, but audit.public_key says its checkpoints are signed: they were removed' };
    }
    if (checkpoint) {
      const { tamper, keyId } = breakOf(checkpoint, publicKeyPem, this.options.keyIsTrusted);
      if (tamper) return { intact: false, ...tamper };
      checked = { size: checkpoint.size, root_hash: checkpoint.root_hash, verified_key_id: keyId };
    }
    return { intact: true, size: this.tree.size, root_hash: this.tree.root(), checkpoint: checked };
  }
}

export interface AuditLogVerifyOptions {
  /** The checkpoint to verify against (its signature too, given `publicKeyPem`): the latest one. */
  checkpoint?: AuditCheckpoint;
  publicKeyPem?: string;
  /**
   * The key is the one the log must be signed by (`audit.public_key`), not a guess: a checkpoint signed by
   * another key, or none at all, is then tampering, not a wrong key given.
   */
  keyIsTrusted?: boolean;
  /** Earlier checkpoints of the same log (a checkpoints.jsonl's other lines): the log must still match each. */
  earlier?: readonly AuditCheckpoint[];
}

/** Whether the log is intact; if not, the first bad seq and why. */
export function verifyAuditLog(events: Iterable<AuditEvent>, options: AuditLogVerifyOptions = {}): AuditLogVerification {
  const verifier = new AuditLogVerifier(options);
  for (const event of events) {
    verifier.push(event);
    if (verifier.settled) break;
  }
  return verifier.result();
}

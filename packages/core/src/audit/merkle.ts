/**
 * The Merkle tree hash of RFC 6962 §2.1 (RFC 9162 §2.1.1) over the audit log's event hashes:
 * leaf = SHA-256(0x00 || the 32 raw bytes of the event's `hash`), node = SHA-256(0x01 || left || right),
 * split at the largest power of two smaller than n; the empty tree hashes to SHA-256 of nothing.
 * https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1
 */
import { hash } from 'node:crypto';
import { appendAll } from '../arrays.js';

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

// The one-shot crypto.hash: a Hash object per node costs more than the hashing of 65 bytes.
export function merkleLeafHash(eventHash: string): Buffer {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, Buffer.from(eventHash, 'hex')]), 'buffer');
}

export function merkleNodeHash(left: Buffer, right: Buffer): Buffer {
  return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
}

/**
 * The tree hash, built one leaf at a time in O(log n) memory: the stack holds the roots of the
 * perfect subtrees that make up the leaves so far (largest first), which is exactly the RFC's split
 * at the largest power of two, applied again to the rest.
 */
export class MerkleTree {
  private readonly stack: { hash: Buffer; size: number }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  append(eventHash: string): void {
    let entry = { hash: merkleLeafHash(eventHash), size: 1 };
    while (this.stack.length && this.stack[this.stack.length - 1].size === entry.size) {
      const left = this.stack.pop()!;
      entry = { hash: merkleNodeHash(left.hash, entry.hash), size: left.size * 2 };
    }
    this.stack.push(entry);
    this.count += 1;
  }

  /** A tree with the same leaves, to append to without changing this one. */
  clone(): MerkleTree {
    const copy = new MerkleTree();
    appendAll(copy.stack, this.stack);
    copy.count = this.count;
    return copy;
  }

  /** The root hash (lowercase hex) of the leaves appended so far. */
  root(): string {
    if (!this.stack.length) return hash('sha256', '', 'hex');
    let root = this.stack[this.stack.length - 1].hash;
    for (let index = this.stack.length - 2; index >= 0; index -= 1) root = merkleNodeHash(this.stack[index].hash, root);
    return root.toString('hex');
  }
}

/** The Merkle root (lowercase hex) over these event hashes, in order. */
export function merkleRoot(eventHashes: Iterable<string>): string {
  const tree = new MerkleTree();
  for (const hash of eventHashes) tree.append(hash);
  return tree.root();
}

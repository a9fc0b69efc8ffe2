import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { KeptPieces } from '@gitops-sync/core/plan/plan-fingerprinter';

/**
 * A fingerprint's canonical text kept in a file of `folder` (a private scratch folder: the text may
 * hold an unmarked copy of a secret not yet known as one) instead of memory: on a 300,000-change plan
 * that text was most of drift-detect's memory beyond `analyze`'s (issue 15).
 */
export class KeptPiecesFile implements KeptPieces {
  private static files = 0;
  private readonly path: string;
  private fd?: number;
  private lengths: number[] = [];

  constructor(folder: string) {
    this.path = join(folder, `fingerprint-${KeptPiecesFile.files++}.part`);
  }

  add(piece: Buffer): void {
    this.fd ??= openSync(this.path, 'wx+', 0o600);
    for (let written = 0; written < piece.length; ) written += writeSync(this.fd, piece, written, piece.length - written);
    this.lengths.push(piece.length);
  }

  *read(): Iterable<Buffer> {
    if (this.fd === undefined) return;
    let buffer = Buffer.allocUnsafe(0);
    let position = 0;
    for (const length of this.lengths) {
      if (buffer.length < length) buffer = Buffer.allocUnsafe(length);
      for (let read = 0; read < length; ) {
        const got = readSync(this.fd, buffer, read, length - read, position + read);
        if (got === 0) throw new Error(`${this.path} ended before the text kept in it`);
        read += got;
      }
      position += length;
      yield buffer.subarray(0, length);
    }
  }

  clear(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.lengths = [];
    rmSync(this.path, { force: true });
  }
}

import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError, type ByteSource } from '@gitops-sync/core';

const MB = 1024 * 1024;

/** Largest input file read, in MiB; GITOPS_SYNC_MAX_INPUT_MB raises it. */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.GITOPS_SYNC_MAX_INPUT_MB);
  return (Number.isFinite(configured) && configured > 0 ? configured : 128) * MB;
}

function checkInputFile(path: string, what: string, maxBytes: number): void {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new UserError(`${path} does not exist; pass the path of ${what}.`);
  }
  if (stats.isDirectory()) throw new UserError(`${path} is a directory, not a file; pass the path of ${what}.`);
  if (stats.size > maxBytes) {
    throw new UserError(
      `${path} is ${(stats.size / MB).toFixed(1)} MB, over the ${(maxBytes / MB).toFixed(0)} MB limit for ${what}; split the input or raise GITOPS_SYNC_MAX_INPUT_MB.`,
    );
  }
}

/** Reads a whole input file, refusing what is missing, a directory, or too large — each in one sentence. */
export function readInputFile(path: string, what: string, maxBytes = maxInputBytes()): Buffer {
  checkInputFile(path, what, maxBytes);
  return readFileSync(path);
}

const CHUNK_BYTES = 4 * MB;

/**
 * Hands an input file to `consume` in 4 MB chunks, with the same checks as readInputFile, so a large
 * plan is never in memory whole. The file is closed whatever `consume` does.
 */
export function withInputChunks<T>(path: string, what: string, consume: (source: ByteSource) => T, maxBytes = maxInputBytes()): T {
  checkInputFile(path, what, maxBytes);
  const fd = openSync(path, 'r');
  try {
    return consume(() => {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      return read === 0 ? undefined : chunk.subarray(0, read);
    });
  } finally {
    closeSync(fd);
  }
}

const WRITE_BATCH_CHARS = 1 << 20;

/** Joins small pieces into ~1 MB batches: fewer writes, and never one huge string. */
export function* batched(pieces: Iterable<string>, size = WRITE_BATCH_CHARS): Generator<string> {
  let batch = '';
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= size) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

/**
 * Writes through a temporary file and a rename, so a reader never sees half a file. Content given
 * in pieces is written in ~1 MB batches, so a large report never exists as one string.
 */
export function writeFileAtomic(path: string, content: string | Iterable<string>): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(temporary, 'w');
    for (const batch of batched(typeof content === 'string' ? [content] : content)) writeFileSync(fd, batch);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    try {
      if (fd !== undefined) closeSync(fd);
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was written, or the folder itself is the problem: the message below says which.
    }
    throw new UserError(`Could not write ${path}: ${(error as Error).message}; check the output path is writable.`);
  }
}

import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '@gitops-sync/core';

const MB = 1024 * 1024;

/** Largest input file read, in MiB; GITOPS_SYNC_MAX_INPUT_MB raises it. */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.GITOPS_SYNC_MAX_INPUT_MB);
  return (Number.isFinite(configured) && configured > 0 ? configured : 128) * MB;
}

/** Reads a whole input file, refusing what is missing, a directory, or too large — each in one sentence. */
export function readInputFile(path: string, what: string, maxBytes = maxInputBytes()): Buffer {
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
  return readFileSync(path);
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UserError(`Could not write ${path}: ${(error as Error).message}; check the output path is writable.`);
  }
}

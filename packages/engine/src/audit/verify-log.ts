import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AuditCheckpoint, AuditLogVerifier, UserError, ed25519Key, parseAuditLine, type AuditEvent, type AuditLogVerification } from '@gitops-sync/core';
import { readInputFile, withInputChunks } from '../files.js';
import type { Exec } from '../ports.js';

/** Where the log to verify comes from: a JSONL file, or the `git` store's branch in a repository. */
export type AuditLogSource = { log: string } | { gitRef: string; cwd: string };

export interface AuditVerifyRequest {
  source: AuditLogSource;
  /** A checkpoint JSON file, or a checkpoints.jsonl (its last line is used). */
  checkpoint?: string;
  /** A PEM Ed25519 public key file that must have signed the checkpoint. */
  publicKey?: string;
  /** Receives each event read, in order (up to the first tampered one): `audit export` reads the log this way. */
  onEvent?: (event: AuditEvent) => void;
}

export interface AuditVerifyResult {
  /** What was verified, as a person would name it: the file, or `<ref>:events.jsonl`. */
  log: string;
  /** Where the checkpoint came from, if one was used. */
  checkpoint: string | null;
  verification: AuditLogVerification;
}

/** The files of the `git` store at the root of its branch. */
export const GIT_STORE_EVENTS = 'events.jsonl';
export const GIT_STORE_CHECKPOINTS = 'checkpoints.jsonl';

function checkpointValue(value: unknown, source: string): AuditCheckpoint {
  const parsed = AuditCheckpoint.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`${source} is not a gitops-sync/audit-checkpoint@1 (${issue.path.join('.') || 'checkpoint'}: ${issue.message}); pass the checkpoint file the audit store wrote`);
  }
  return parsed.data;
}

/** Every checkpoint of a file holding one checkpoint JSON, or of a checkpoints.jsonl (oldest first). */
export function parseCheckpointsText(text: string, source: string): AuditCheckpoint[] {
  try {
    return [checkpointValue(JSON.parse(text), source)];
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new UserError(`${source} is neither a checkpoint JSON nor a checkpoints.jsonl; pass the checkpoint file the audit store wrote`);
      }
      return checkpointValue(value, source);
    });
}

/** A checkpoint from a file holding one checkpoint JSON, or the last line of a checkpoints.jsonl. */
export function parseCheckpointText(text: string, source: string): AuditCheckpoint {
  const last = parseCheckpointsText(text, source).at(-1);
  if (!last) throw new UserError(`${source} is neither a checkpoint JSON nor a checkpoints.jsonl; pass the checkpoint file the audit store wrote`);
  return last;
}

/** The verifier's checkpoint options from a checkpoints file: the last one, and the earlier ones the log must still match. */
export function checkpointOptions(text: string | undefined, source: string): { checkpoint?: AuditCheckpoint; earlier: AuditCheckpoint[] } {
  const all = text?.trim() ? parseCheckpointsText(text, source) : [];
  return { checkpoint: all.at(-1), earlier: all.slice(0, -1) };
}

/** The checkpoints file an audit store keeps beside a log, if there is one. */
function checkpointsBeside(log: string): string | undefined {
  const candidates = [`${log}.checkpoints.jsonl`, ...(basename(log) === GIT_STORE_EVENTS ? [join(dirname(log), GIT_STORE_CHECKPOINTS)] : [])];
  return candidates.find((path) => existsSync(path));
}

/** The commit the audit ref names here, fetching it from origin when only the remote has it. */
async function auditCommit(ref: string, cwd: string, exec: Exec): Promise<string> {
  if (ref.startsWith('-') || /\s/.test(ref)) throw new UserError(`--git-ref ${JSON.stringify(ref)} is not a branch or ref name; pass the audit branch, e.g. --git-ref gitops-sync/audit`);
  const git = (args: string[]) => exec.run('git', args, { cwd });
  const inRepo = await git(['rev-parse', '--git-dir']);
  if (inRepo.exitCode !== 0) throw new UserError(`${cwd} is not in a git repository, so --git-ref ${ref} cannot be read; run gitops-sync audit verify inside the repository, or pass --log`);
  const local = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (local.exitCode === 0) return local.stdout.toString('utf8').trim();
  const fetched = await git(['fetch', '--quiet', '--no-tags', 'origin', ref]);
  const remote = fetched.exitCode === 0 ? await git(['rev-parse', '--verify', '--quiet', 'FETCH_HEAD^{commit}']) : undefined;
  if (remote?.exitCode === 0) return remote.stdout.toString('utf8').trim();
  throw new UserError(`this repository has no audit branch ${ref}, neither here nor on origin; check audit.branch in gitops-sync.yaml, or that a run with the git store has pushed it`);
}

async function gitFile(commit: string, path: string, cwd: string, exec: Exec): Promise<string | undefined> {
  const shown = await exec.run('git', ['show', `${commit}:${path}`], { cwd });
  return shown.exitCode === 0 ? shown.stdout.toString('utf8') : undefined;
}

function publicKeyPem(path: string): string {
  const pem = readInputFile(path, 'an Ed25519 public key (PEM)', { maxBytes: 64 * 1024 }).toString('utf8');
  try {
    ed25519Key(pem, 'public');
  } catch {
    throw new UserError(`${path} is not an Ed25519 public key in PEM form; pass the public half of the signing key (openssl pkey -in key.pem -pubout)`);
  }
  return pem;
}

/**
 * Splits bytes fed in chunks into lines (UTF-8 never has a newline byte inside a character) and
 * hands each, decoded, with its 1-based number, to `onLine` until that returns true.
 */
function lineSplitter(onLine: (line: string, lineNumber: number) => boolean) {
  let rest: Buffer | undefined;
  let lineNumber = 0;
  let stopped = false;
  return {
    feed(chunk: Uint8Array): boolean {
      if (stopped) return true;
      const data = rest ? Buffer.concat([rest, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let start = 0;
      for (let end = data.indexOf(10, start); end !== -1; end = data.indexOf(10, start)) {
        if (onLine(data.toString('utf8', start, end), ++lineNumber)) return (stopped = true);
        start = end + 1;
      }
      // A copy: the reader may reuse its chunk.
      rest = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
      return false;
    },
    end(): void {
      if (!stopped && rest) onLine(rest.toString('utf8'), lineNumber + 1);
    },
  };
}

/** `gitops-sync audit verify`: reads the log (and its checkpoint) and verifies it, one line at a time. */
export async function verifyAuditLogSource(request: AuditVerifyRequest, exec: Exec): Promise<AuditVerifyResult> {
  let log: string;
  /** Hands the log's text to `feed` piece by piece (a file in 4 MB chunks: a large log is never in memory whole). */
  let read: (feed: (chunk: Uint8Array) => boolean) => void;
  let checkpointText: { text: string; source: string } | undefined;
  if ('gitRef' in request.source) {
    const { gitRef, cwd } = request.source;
    const commit = await auditCommit(gitRef, cwd, exec);
    log = `${gitRef}:${GIT_STORE_EVENTS}`;
    const events = await gitFile(commit, GIT_STORE_EVENTS, cwd, exec);
    if (events === undefined) throw new UserError(`the audit branch ${gitRef} has no ${GIT_STORE_EVENTS} at its root; is ${gitRef} the branch of the git audit store?`);
    read = (feed) => void feed(Buffer.from(events, 'utf8'));
    if (request.checkpoint === undefined) {
      const checkpoints = await gitFile(commit, GIT_STORE_CHECKPOINTS, cwd, exec);
      if (checkpoints?.trim()) checkpointText = { text: checkpoints, source: `${gitRef}:${GIT_STORE_CHECKPOINTS}` };
    }
  } else {
    log = request.source.log;
    const path = log;
    read = (feed) =>
      withInputChunks(path, 'an audit log (events.jsonl)', (next) => {
        for (let chunk = next(); chunk; chunk = next()) if (feed(chunk)) return;
      });
    const beside = request.checkpoint === undefined ? checkpointsBeside(log) : undefined;
    if (beside) checkpointText = { text: readInputFile(beside, 'an audit checkpoints file').toString('utf8'), source: beside };
  }
  if (request.checkpoint !== undefined) checkpointText = { text: readInputFile(request.checkpoint, 'an audit checkpoint').toString('utf8'), source: request.checkpoint };
  const key = request.publicKey === undefined ? undefined : publicKeyPem(request.publicKey);
  const checkpoints = checkpointText ? checkpointOptions(checkpointText.text, checkpointText.source) : { earlier: [] };
  if (checkpointText && !checkpoints.checkpoint) throw new UserError(`${checkpointText.source} is neither a checkpoint JSON nor a checkpoints.jsonl; pass the checkpoint file the audit store wrote`);
  const verifier = new AuditLogVerifier({ ...checkpoints, publicKeyPem: key });
  const lines = lineSplitter((line, lineNumber) => {
    if (line.trim()) {
      const event = parseAuditLine(line, lineNumber, log);
      verifier.push(event);
      request.onEvent?.(event);
    }
    return verifier.settled;
  });
  read(lines.feed);
  lines.end();
  return { log, checkpoint: checkpointText?.source ?? null, verification: verifier.result() };
}

import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  maxOf,
  AuditCheckpoint,
  AuditLogVerifier,
  CorruptAuditLine,
  UserError,
  ed25519Key,
  ed25519KeyId,
  parseAuditLine,
  verifyCheckpointSignature,
  type AuditEvent,
  type AuditLogHead,
  type AuditLogVerification,
} from '@gitops-sync/core';
import { maxInputBytes, readInputFile, withInputChunks } from '../files.js';
import { networkWaits } from '@gitops-sync/core/network-waits';
import type { Exec } from '../ports.js';

/** Where the log to verify comes from: a JSONL file, or the `git` store's branch in a repository. */
/** `env`: the run's environment (the network waits, GITOPS_SYNC_API_*_SECONDS); default process.env. */
export type AuditLogSource = { log: string } | { gitRef: string; cwd: string; env?: NodeJS.ProcessEnv };

/** Hands a log's bytes to `feed` piece by piece, until `feed` returns true. */
export type LogReader = (feed: (chunk: Uint8Array) => boolean) => void;

export interface AuditVerifyRequest {
  source: AuditLogSource;
  /** A checkpoint JSON file, or a checkpoints.jsonl (its last line is used). */
  checkpoint?: string;
  /** A PEM Ed25519 public key file that must have signed the checkpoint. */
  publicKey?: string;
  /** The public key is the configured `audit.public_key`: a checkpoint signed by another key is tampering, not an error. */
  keyIsTrusted?: boolean;
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

/**
 * The commit the audit ref names: as origin has it when the repository has an origin that has it (a
 * local branch can be behind the store's, and then verifies a log that is no longer the one kept), else here.
 */
async function auditCommit(ref: string, cwd: string, runEnv: NodeJS.ProcessEnv, exec: Exec): Promise<{ commit: string; copyHere?: string }> {
  if (ref.startsWith('-') || /\s/.test(ref)) throw new UserError(`--git-ref ${JSON.stringify(ref)} is not a branch or ref name; pass the audit branch, e.g. --git-ref gitops-sync/audit`);
  const git = (args: string[]) => exec.run('git', args, { cwd });
  const inRepo = await git(['rev-parse', '--git-dir']);
  if (inRepo.exitCode !== 0) throw new UserError(`${cwd} is not in a git repository, so --git-ref ${ref} cannot be read; run gitops-sync audit verify inside the repository, or pass --log`);
  const hasOrigin = (await git(['remote', 'get-url', 'origin'])).exitCode === 0;
  let listedOk = false;
  if (hasOrigin) {
    // An origin that never answers (or asks for a password) must not hang the run.
    const limits = networkWaits(runEnv);
    const env = { ...runEnv, GIT_TERMINAL_PROMPT: '0' };
    const hint = 'check that origin answers (git ls-remote origin), or pass --log with a copy of the log; GITOPS_SYNC_API_TIMEOUT_SECONDS and GITOPS_SYNC_API_DEADLINE_SECONDS set the waits';
    const remoteGit = (args: string[], ms: number) => exec.run('git', args, { cwd, env, timeout: { ms, hint, what: `git ${args[0]} origin` } });
    // A bare name is a branch: git would take a tag of that name first (here and on origin), and a tag is not protected as the audit branch is.
    // The commit origin names for it (FETCH_HEAD is not read: a fetch meanwhile in this checkout rewrites it), then its objects.
    const source = ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
    const listed = await remoteGit(['ls-remote', 'origin', source], limits.requestTimeoutMs);
    listedOk = listed.exitCode === 0;
    const named = listed.exitCode === 0 ? listed.stdout.toString('utf8').split('\n').map((line) => line.split('\t')).find(([, name]) => name === source)?.[0] : undefined;
    if (named && /^[0-9a-f]{40,64}$/.test(named)) {
      const fetched = await remoteGit(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', 'origin', source], limits.deadlineMs);
      // The branch may have moved on since it was listed: fast-forward only, so the listed commit came along.
      const remote = fetched.exitCode === 0 ? await git(['rev-parse', '--verify', '--quiet', `${named}^{commit}`]) : undefined;
      if (remote?.exitCode === 0) return { commit: remote.stdout.toString('utf8').trim() };
      throw new UserError(`origin names ${named.slice(0, 12)} for ${source}, but it could not be fetched (the branch was rewritten meanwhile?); run gitops-sync audit verify again`);
    }
  }
  // No origin, or it cannot be read (offline) or lacks the branch: the copy here, which the result then names as such.
  const copyHere = hasOrigin ? (listedOk ? `origin has no ${ref}` : 'origin could not be read') : undefined;
  for (const candidate of ref.startsWith('refs/') ? [ref] : [`refs/heads/${ref}`, `refs/remotes/origin/${ref}`, `refs/remotes/${ref}`]) {
    const local = await git(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
    if (local.exitCode === 0) return { commit: local.stdout.toString('utf8').trim(), ...(copyHere ? { copyHere } : {}) };
  }
  throw new UserError(`this repository has no audit branch ${ref}, neither here nor on origin; check audit.branch in gitops-sync.yaml, or that a run with the git store has pushed it`);
}

/** A file of the audit branch as git has it (a long log is only decoded line by line), read up to the limit for an input file. */
async function gitFile(commit: string, path: string, ref: string, cwd: string, exec: Exec): Promise<Buffer | undefined> {
  const limit = maxInputBytes();
  const outputLimit = { bytes: limit, message: `${ref}:${path} is over the ${Math.round(limit / 1024 / 1024)} MB limit for an audit log; raise GITOPS_SYNC_MAX_INPUT_MB, or restore the branch from its history if it should not be that large.` };
  const shown = await exec.run('git', ['show', `${commit}:${path}`], { cwd, outputLimit });
  return shown.exitCode === 0 ? shown.stdout : undefined;
}

function publicKeyPem(path: string): string {
  const pem = readInputFile(path, 'an Ed25519 public key (PEM)', { maxBytes: 64 * 1024, fixed: true }).toString('utf8');
  try {
    ed25519Key(pem, 'public');
  } catch {
    throw new UserError(`${path} is not an Ed25519 public key in PEM form; pass the public half of the signing key (openssl pkey -in key.pem -pubout)`);
  }
  return pem;
}

/** Far longer than any event gitops-sync writes: a longer line is damage, refused before it is gathered (and decoded) whole. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * Splits bytes fed in chunks into lines (UTF-8 never has a newline byte inside a character) and
 * hands each line's bytes (a view, valid during the call), with its 1-based number, to `onLine`
 * until that returns true.
 */
function lineSplitter(source: string, onLine: (line: Buffer, lineNumber: number) => boolean) {
  // The start of a line that spans chunks, joined once its end comes: joining at every chunk took minutes for a long line.
  let pieces: Buffer[] = [];
  let pending = 0;
  let lineNumber = 0;
  let stopped = false;
  const checkLength = (more: number) => {
    if (pending + more > MAX_LINE_BYTES) {
      throw new CorruptAuditLine(`line ${lineNumber + 1} of ${source} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MB, and no audit event is; the log is corrupt there: restore it from a copy (the git store's branch, a job artifact) before verifying or appending`);
    }
  };
  const whole = (end: Buffer) => {
    checkLength(end.length);
    if (!pending) return end;
    const line = Buffer.concat([...pieces, end]);
    pieces = [];
    pending = 0;
    return line;
  };
  return {
    feed(chunk: Uint8Array): boolean {
      if (stopped) return true;
      const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let start = 0;
      for (let end = data.indexOf(10); end !== -1; end = data.indexOf(10, start)) {
        if (onLine(whole(data.subarray(start, end)), ++lineNumber)) return (stopped = true);
        start = end + 1;
      }
      if (start < data.length) {
        checkLength(data.length - start);
        // A copy: the reader may reuse its chunk.
        pieces.push(Buffer.from(data.subarray(start)));
        pending += data.length - start;
      }
      return false;
    },
    end(): void {
      if (!stopped && pending) onLine(whole(Buffer.alloc(0)), lineNumber + 1);
    },
  };
}

/** A log file, read in 4 MB chunks (two, reused: lines are copied out of them): a large log is never in memory whole. */
export function fileLogReader(path: string): LogReader {
  return (feed) =>
    withInputChunks(
      path,
      'an audit log (events.jsonl)',
      (next) => {
        for (let chunk = next(); chunk; chunk = next()) if (feed(chunk)) return;
      },
      { reuse: true },
    );
}

/** `gitops-sync audit verify`: reads the log (and its checkpoint) and verifies it, one line at a time. */
export async function verifyAuditLogSource(request: AuditVerifyRequest, exec: Exec): Promise<AuditVerifyResult> {
  let log: string;
  let read: LogReader;
  let checkpointText: { text: string; source: string } | undefined;
  let history: ((written: number, events: number) => string | undefined) | undefined;
  if ('gitRef' in request.source) {
    const { gitRef, cwd, env = process.env } = request.source;
    const { commit, copyHere } = await auditCommit(gitRef, cwd, env, exec);
    const sizes = await logSizesInHistory(commit, gitRef, cwd, exec);
    history = (written, events) => {
      const cut = sizes.cut;
      if (cut) return `its commit ${cut.commit.slice(0, 12)} made ${GIT_STORE_EVENTS} smaller (${cut.size} bytes, ${cut.before} before it): events were cut off the end (git show ${cut.commit.slice(0, 12)} shows which)`;
      const extra = (sizes.tip ?? 0) - written;
      if (extra > 0) return `it holds ${extra} bytes besides its ${events} events (blank lines, or spaces after a line), which gitops-sync never writes: an edit, such as padding that hides events cut off the end`;
      return undefined;
    };
    log = `${gitRef}:${GIT_STORE_EVENTS}${copyHere ? ` (the copy here: ${copyHere})` : ''}`;
    const events = await gitFile(commit, GIT_STORE_EVENTS, gitRef, cwd, exec);
    if (events === undefined) throw new UserError(`the audit branch ${gitRef} has no ${GIT_STORE_EVENTS} at its root; is ${gitRef} the branch of the git audit store?`);
    read = (feed) => void feed(events);
    if (request.checkpoint === undefined) {
      const checkpoints = (await gitFile(commit, GIT_STORE_CHECKPOINTS, gitRef, cwd, exec))?.toString('utf8');
      if (checkpoints?.trim()) checkpointText = { text: checkpoints, source: `${gitRef}:${GIT_STORE_CHECKPOINTS}` };
    }
  } else {
    log = request.source.log;
    read = fileLogReader(log);
    const beside = request.checkpoint === undefined ? checkpointsBeside(log) : undefined;
    if (beside) checkpointText = { text: readInputFile(beside, 'an audit checkpoints file').toString('utf8'), source: beside };
  }
  if (request.checkpoint !== undefined) checkpointText = { text: readInputFile(request.checkpoint, 'an audit checkpoint').toString('utf8'), source: request.checkpoint };
  const key = request.publicKey === undefined ? undefined : publicKeyPem(request.publicKey);
  const checkpoints = checkpointText ? checkpointOptions(checkpointText.text, checkpointText.source) : { earlier: [] };
  // An emptied checkpoints file is as good as none: with the configured key, the verdict says so.
  if (checkpointText && !checkpoints.checkpoint && !(key !== undefined && request.keyIsTrusted)) throw new UserError(`${checkpointText.source} is neither a checkpoint JSON nor a checkpoints.jsonl; pass the checkpoint file the audit store wrote`);
  const verifier = new AuditLogVerifier({ ...checkpoints, publicKeyPem: key, keyIsTrusted: request.keyIsTrusted });
  // The bytes gitops-sync would have written for these events: blank lines or trailing spaces added in must not make up for events cut.
  let written = 0;
  try {
    pushLines(read, log, verifier, {
      onEvent: (event, line) => {
        written += Buffer.byteLength(line.trimEnd()) + 1;
        request.onEvent?.(event);
      },
    });
  } catch (error) {
    // An edited or torn line is the verdict on the log (exit 4 from audit verify), not a usage error.
    if (error instanceof CorruptAuditLine) return { log, checkpoint: checkpointText?.source ?? null, verification: { intact: false, kind: 'unreadable', seq: null, reason: error.message } };
    throw error;
  }
  let verification = verifier.result();
  const cut = verification.intact ? history?.(written, verification.size) : undefined;
  if (cut && verification.intact) verification = { intact: false, kind: 'truncated', seq: null, reason: cut };
  const storeCheckpoint = checkpointText !== undefined && request.checkpoint === undefined;
  return { log, checkpoint: checkpointText?.source ?? null, verification: storeCheckpoint && key !== undefined ? signedToTheEnd(verification) : verification };
}

/**
 * The size of events.jsonl at the audit branch's tip, and the newest commit of its history that made
 * it smaller than a parent had it (by the object sizes git keeps: no blob is read). Runs only append,
 * and the branch's protection stops a force-push but not a fast-forward commit that cuts the last
 * events and their checkpoints: the tip alone then looks whole, even once later runs have grown it.
 */
async function logSizesInHistory(commit: string, ref: string, cwd: string, exec: Exec): Promise<{ tip: number | undefined; cut?: { commit: string; size: number; before: number } }> {
  const fetchInFull = `fetch it in full (git fetch --unshallow origin ${ref}, or actions/checkout with fetch-depth: 0) and run again`;
  const listed = await exec.run('git', ['rev-list', '--parents', commit], { cwd });
  if (listed.exitCode !== 0) throw new UserError(`git could not list the history of the audit branch ${ref} (${listed.stderr.trim().split('\n')[0]}); ${fetchInFull}`);
  const lines = listed.stdout.toString('utf8').split('\n').filter(Boolean).map((line) => line.split(' '));
  const commits = lines.map(([each]) => each);
  // A shallow clone's oldest commit looks like a root: a cut before it would not show.
  const shallowFile = resolve(cwd, (await exec.run('git', ['rev-parse', '--git-path', 'shallow'], { cwd })).stdout.toString('utf8').trim());
  const shallow = new Set(existsSync(shallowFile) ? readFileSync(shallowFile, 'utf8').split('\n') : []);
  if (commits.some((each) => shallow.has(each))) throw new UserError(`this clone has only the last commits of the audit branch ${ref}, so events cut off by an older commit would not show; ${fetchInFull}`);
  const sized = await exec.run('git', ['cat-file', '--batch-check=%(objectsize)'], { cwd, input: Buffer.from(commits.map((each) => `${each}:${GIT_STORE_EVENTS}\n`).join('')) });
  const sizeOf = new Map<string, number>();
  sized.stdout
    .toString('utf8')
    .split('\n')
    .forEach((line, index) => {
      if (/^\d+$/.test(line) && commits[index]) sizeOf.set(commits[index], Number(line));
    });
  let cut: { commit: string; size: number; before: number } | undefined;
  for (const [each, ...parents] of lines) {
    const size = sizeOf.get(each) ?? 0;
    const before = maxOf(parents.map((parent) => sizeOf.get(parent) ?? 0), 0);
    if (!cut && before > size) cut = { commit: each, size, before };
  }
  return { tip: sizeOf.get(commit), cut };
}

/**
 * Every run ends with a checkpoint over the whole log, so with a key, events past the store's last
 * signed checkpoint were written without that key (or by a run that did not finish): nothing vouches
 * for them, and the chain alone cannot tell a forged event appended there. (A checkpoint kept
 * elsewhere, given with --checkpoint, may be older than the log.)
 */
function signedToTheEnd(verification: AuditLogVerification): AuditLogVerification {
  if (!verification.intact || !verification.checkpoint || verification.size <= verification.checkpoint.size) return verification;
  const first = verification.checkpoint.size + 1;
  const events = first === verification.size ? `seq ${first} comes` : `seq ${first} to ${verification.size} come`;
  return {
    intact: false,
    kind: 'checkpoint-unsigned',
    seq: first,
    reason: `${events} after the store's last signed checkpoint (${verification.checkpoint.size} events), so no signature vouches for them: they were appended without the signing key, or by a run that did not finish (the next run's checkpoint covers those)`,
  };
}

// How gitops-sync writes an event line: `hash` is its last key (chainAuditEvent adds it last).
const HASH_KEY = Buffer.from(',"hash":"');
const HASH_SUFFIX = HASH_KEY.length + 64 + 2;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The `hash` of an event line written as gitops-sync writes them, read without parsing the line; undefined for any other line. */
function storedHash(line: Buffer): string | undefined {
  const end = line.length;
  if (end < HASH_SUFFIX || line[end - 1] !== 0x7d || line[end - 2] !== 0x22 || !line.subarray(end - HASH_SUFFIX, end - 66).equals(HASH_KEY)) return undefined;
  const hash = line.toString('latin1', end - 66, end - 2);
  return SHA256_HEX.test(hash) ? hash : undefined;
}

/**
 * Pushes a log's events into the verifier in order, each line parsed (one that is not an event is a
 * UserError naming it), until the verifier is settled. The first `trusted` events go by their stored
 * hash alone; false when one of them is not a line whose hash can be read so.
 */
function pushLines(read: LogReader, source: string, verifier: AuditLogVerifier, options: { trusted?: number; onEvent?: (event: AuditEvent, line: string) => void } = {}): boolean {
  const trusted = options.trusted ?? 0;
  let events = 0;
  let readable = true;
  const lines = lineSplitter(source, (bytes, lineNumber) => {
    if (events < trusted) {
      const hash = storedHash(bytes);
      if (hash !== undefined) {
        verifier.pushHash(hash);
        events += 1;
      } else if (bytes.toString('utf8').trim()) readable = false;
      return !readable;
    }
    const line = bytes.toString('utf8');
    if (line.trim()) {
      const event = parseAuditLine(line, lineNumber, source);
      verifier.push(event);
      options.onEvent?.(event, line);
      events += 1;
    }
    return verifier.settled;
  });
  read(lines.feed);
  lines.end();
  return readable;
}

/**
 * The checkpoint a store's new checkpoint builds on, and the ones written after it: the newest that
 * the store's own key signed. For a store without a key, simply the newest: whoever can rewrite the
 * log can rewrite its unsigned checkpoints as well (checking the older ones too, as every run did
 * before, never stopped that), and `audit verify` still holds the log to every one of them.
 * Undefined when there is none, or a line is not a checkpoint, or one written before it covers more
 * events: a store's checkpoints only grow, so that one was moved or copied (an older signed
 * checkpoint put last would otherwise hide the newer one from the log rewritten since).
 */
function trustAnchor(newestFirst: Iterable<string>, source: string, signingKeyPem: string | undefined): { anchor: AuditCheckpoint; later: AuditCheckpoint[] } | undefined {
  let publicKey: KeyObject | undefined;
  try {
    publicKey = signingKeyPem === undefined ? undefined : createPublicKey(ed25519Key(signingKeyPem, 'private'));
  } catch {
    return undefined; // not an Ed25519 key: signing the checkpoint refuses it, in its own words
  }
  const publicKeyPem = publicKey?.export({ type: 'spki', format: 'pem' }).toString();
  const keyId = publicKey && ed25519KeyId(publicKey);
  const later: AuditCheckpoint[] = [];
  let anchor: AuditCheckpoint | undefined;
  for (const line of newestFirst) {
    if (!line.trim()) continue;
    try {
      if (anchor) {
        if (checkpointSize(line, source) > anchor.size) return undefined;
        continue;
      }
      const checkpoint = checkpointValue(JSON.parse(line), source);
      if (publicKeyPem === undefined || (checkpoint.signature?.key_id === keyId && verifyCheckpointSignature(checkpoint, publicKeyPem).valid)) anchor = checkpoint;
      else later.push(checkpoint);
    } catch {
      return undefined;
    }
  }
  return anchor && { anchor, later: later.reverse() };
}

// A checkpoint line as gitops-sync writes it, matched whole with no escape in it: each key once, so JSON
// (which takes a key's last value, and reads "\u0073ize" as "size") cannot see another size than this.
const CHECKPOINT_LINE =
  /^\{"schema":"gitops-sync\/audit-checkpoint@1","size":(0|[1-9]\d*),"root_hash":"[^"\\]*","last_hash":"[^"\\]*","last_seq":\d+,"time":"[^"\\]*"(?:,"signature":\{"algorithm":"[^"\\]*","key_id":"[^"\\]*","value":"[^"\\]*"\})?\}$/;

/** The size a line of a checkpoints file records: read off a line as gitops-sync writes them (a long log has one for every run), else parsed. */
function checkpointSize(line: string, source: string): number {
  const size = CHECKPOINT_LINE.exec(line)?.[1];
  return size === undefined ? checkpointValue(JSON.parse(line), source).size : Number(size);
}

export interface LogToCheckpoint {
  read: LogReader;
  /** The log as a person names it, for messages. */
  source: string;
  /** The lines of its checkpoints file, newest first (usually only the last is needed). */
  checkpointsNewestFirst: () => Iterable<string>;
  /** All of its checkpoints file, undefined when there is none. */
  checkpointsText: () => string | undefined;
  checkpointsSource: string;
  /** The key that signs the store's checkpoints. */
  signingKeyPem?: string;
}

/**
 * A log a store is about to checkpoint (and extend), verified so that a checkpoint over it — signed,
 * maybe — never vouches for a broken log; `head` is what the checkpoint needs (only when intact).
 *
 * Without re-verifying the whole log every run: the events up to the newest checkpoint the store's
 * key signed were verified (content, chain, seq, every earlier checkpoint) when that checkpoint was
 * written, so now their stored hashes only have to give its Merkle root, last hash and seq again — a
 * log rewritten and re-hashed since, or cut short, does not. The last event it covers (the one the
 * chain went on from) and every event after it are parsed and verified in full, and the checkpoints
 * written after it held to the log. An earlier event whose content was changed but not its hash
 * passes here: the new checkpoint vouches for the same hashes the old one did, and `audit verify`
 * still names that event. Only a yes comes from this short way (besides a line it parses that is not
 * an event, refused as ever): with no such checkpoint, or when the log does not match it, the whole
 * log is verified as `audit verify` does, and its verdict (in its words) is the answer.
 */
export function verifyLogToCheckpoint(log: LogToCheckpoint): { verdict: AuditLogVerification; head: AuditLogHead } {
  const found = trustAnchor(log.checkpointsNewestFirst(), log.checkpointsSource, log.signingKeyPem);
  if (found) {
    const { anchor, later } = found;
    const verifier = new AuditLogVerifier({ checkpoint: later.at(-1) ?? anchor, earlier: [anchor, ...later.slice(0, -1)] });
    if (pushLines(log.read, log.source, verifier, { trusted: Math.max(0, anchor.size - 1) })) {
      const verdict = verifier.result();
      if (verdict.intact) return { verdict, head: verifier.head() };
    }
  }
  const verifier = new AuditLogVerifier(checkpointOptions(log.checkpointsText(), log.checkpointsSource));
  pushLines(log.read, log.source, verifier);
  return { verdict: verifier.result(), head: verifier.head() };
}

import { closeSync, fstatSync, fsyncSync, lstatSync, openSync, readFileSync, readSync, writeSync, constants } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AuditEvent, UserError, auditEventHash, chainAuditEvent, checkpointOf, ed25519Key, isUserError, type AuditEventDraft, type GitopsSyncConfig } from '@gitops-sync/core';
import type { AuditTrail, Exec } from '../ports.js';
import { nodeExec } from '../node-exec.js';
import { gitAuditTrail } from './git-store.js';
import { withLogLock, type LogLockOptions } from './log-lock.js';
import { refuseTrackedByGit } from './tracked.js';
import { fileLogReader, verifyLogToCheckpoint } from './verify-log.js';
import { mkdirKeptOutOfGit } from '../files.js';

export interface AuditTrailOptions {
  config: GitopsSyncConfig;
  /** The config file: the `file` store's path is relative to its folder. */
  configPath: string;
  env: NodeJS.ProcessEnv;
  /** The `git` store: a folder inside the repository (default the config file's folder) and how git runs (default nodeExec). */
  cwd?: string;
  /** The folder the run works in (the checkout): no folder from it down to the config file's may be a symbolic link. */
  root?: string;
  exec?: Exec;
}

export interface FileAuditTrailOptions {
  /** Where checkpoints are appended; default `<log>.checkpoints.jsonl`. */
  checkpointsPath?: string;
  /** A checkpoint every this many events of the log (and at close). */
  checkpointEvery?: number;
  /** Ed25519 private key (PEM) that signs the checkpoints; unsigned without. */
  signingKeyPem?: string;
  now?: () => Date;
  lock?: LogLockOptions;
  /** Called before the first write (and before the lock is taken); throws to refuse the log. */
  beforeFirstWrite?: () => void;
}

const TAIL_CHUNK = 64 * 1024;

/** The lines of a file from the last to the first (without their newlines), read from the end in chunks; none when it is empty or missing. */
function* linesFromEnd(path: string): Generator<string> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    let end = fstatSync(fd).size;
    if (end === 0) return;
    // The file's bytes from `end` up to its first newline after `end` (the end of a line not yet whole),
    // as the chunks read, last first: joined once its start is found, not once per chunk (a long line took minutes).
    let rest: Buffer[] = [];
    const line = (start: Buffer) => (rest.length ? Buffer.concat([start, ...rest.reverse()]) : start).toString('utf8');
    while (end > 0) {
      const start = Math.max(0, end - TAIL_CHUNK);
      let bytes = Buffer.alloc(end - start);
      readSync(fd, bytes, 0, bytes.length, start);
      end = start;
      for (let newline = bytes.lastIndexOf(10); newline >= 0; newline = bytes.lastIndexOf(10)) {
        yield line(bytes.subarray(newline + 1));
        rest = [];
        bytes = bytes.subarray(0, newline);
      }
      rest.push(bytes);
    }
    yield line(Buffer.alloc(0));
  } finally {
    closeSync(fd);
  }
}

/**
 * The last line of a file that is not blank (without its trailing white space), and whether the file
 * ends in a newline (one that does not ends in a torn write); undefined when there is none.
 */
function lastLine(path: string): { line: string; terminated: boolean } | undefined {
  let terminated: boolean | undefined;
  for (const line of linesFromEnd(path)) {
    terminated ??= line === '';
    if (line.trim()) return { line: line.trimEnd(), terminated };
  }
  return undefined;
}

/** The log's last event, checked: a chain is never continued from a line that is not an intact event. */
function lastEvent(path: string): AuditEvent | undefined {
  const last = lastLine(path);
  if (last === undefined) return undefined;
  const refuse = (why: string) =>
    new UserError(`the last line of the audit log ${path} ${why}, so nothing was appended to it; run gitops-sync audit verify --log ${path} and restore the log from a copy`);
  if (!last.terminated) throw refuse('does not end in a newline (a torn write or an edit)');
  let value: unknown;
  try {
    value = JSON.parse(last.line);
  } catch {
    throw refuse('is not JSON (a torn write or an edit)');
  }
  const parsed = AuditEvent.safeParse(value);
  if (!parsed.success) throw refuse('is not a gitops-sync/audit-event@1');
  if (auditEventHash(parsed.data) !== parsed.data.hash) throw refuse('does not match its own hash (it was modified)');
  return parsed.data;
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Appends one line with a single O_APPEND write, then fsyncs it. */
function appendLine(path: string, line: string): void {
  mkdirKeptOutOfGit(dirname(path));
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  try {
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    const written = writeSync(fd, bytes);
    if (written !== bytes.length) throw new Error(`only ${written} of ${bytes.length} bytes of an audit line reached ${path}`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The `file` store: an append-only JSONL file. Appenders on one machine take turns through a lock
 * file beside the log, and each chains onto the last event in the file (not the last one it wrote
 * itself), so two runs at once never fork the chain. Checkpoints go to a JSONL file of their own,
 * every `checkpointEvery` events and when the trail is closed.
 */
export function fileAuditTrail(path: string, options: FileAuditTrailOptions = {}): AuditTrail {
  const checkpointsPath = options.checkpointsPath ?? `${path}.checkpoints.jsonl`;
  const now = options.now ?? (() => new Date());
  const written: AuditEvent[] = [];
  let failure: unknown;
  let checkpointedSize = -1;
  let checked = !options.beforeFirstWrite;

  /** Under the lock: a checkpoint over the whole log, which must verify first (a signature never vouches for a broken log). */
  function checkpoint(): void {
    const { verdict, head } = verifyLogToCheckpoint({
      read: fileLogReader(path),
      source: path,
      checkpointsNewestFirst: () => linesFromEnd(checkpointsPath),
      checkpointsText: () => readIfExists(checkpointsPath),
      checkpointsSource: checkpointsPath,
      signingKeyPem: options.signingKeyPem,
    });
    if (!verdict.intact) throw new UserError(`the audit log ${path} is not intact (${verdict.reason}), so no checkpoint was written; run gitops-sync audit verify --log ${path}`);
    if (head.tree.size === checkpointedSize) return;
    appendLine(checkpointsPath, JSON.stringify(checkpointOf(head, { time: now().toISOString(), signingKeyPem: options.signingKeyPem })));
    checkpointedSize = head.tree.size;
  }

  return {
    async record(draft: AuditEventDraft) {
      if (failure) return;
      try {
        if (!checked) {
          options.beforeFirstWrite?.();
          checked = true;
        }
        await withLogLock(
          path,
          () => {
            const event = chainAuditEvent(draft, lastEvent(path));
            appendLine(path, JSON.stringify(event));
            written.push(event);
            if (options.checkpointEvery && event.seq % options.checkpointEvery === 0) checkpoint();
          },
          options.lock,
        );
      } catch (error) {
        failure = error;
      }
    },
    async close() {
      if (!failure && written.length) {
        try {
          await withLogLock(path, checkpoint, options.lock);
        } catch (error) {
          failure = error;
        }
      }
      if (failure) {
        if (isUserError(failure)) throw new UserError(`The audit trail could not be written: ${failure.message.replace(/[.\s]+$/, '')}.`);
        // A system error (EISDIR, EACCES, EROFS…) names no file and no fix of its own.
        const why = (failure instanceof Error ? failure.message : String(failure)).replace(/^Error: /, '');
        throw new UserError(`The audit trail could not be written (${why.replace(/[.\s]+$/, '')}); check that ${path} and ${checkpointsPath} are files this job can write (audit.file, or audit.artifact_dir for the artifact store, in gitops-sync.yaml, says where).`);
      }
      return written;
    },
  };
}

/** The Ed25519 private key that signs checkpoints, from the variable the config names; one sentence (never the value) when it is not one. */
export function auditSigningKey(variable: string, env: NodeJS.ProcessEnv): string | undefined {
  const value = env[variable];
  if (!value?.trim()) return undefined;
  // CI secrets are sometimes stored with the PEM's line breaks escaped.
  const pem = value.includes('\\n') && !value.includes('\n') ? value.replaceAll('\\n', '\n') : value;
  try {
    ed25519Key(pem, 'private');
  } catch {
    throw new UserError(`${variable} does not hold an Ed25519 private key in PEM form (openssl genpkey -algorithm ed25519); fix that secret, or unset it to write unsigned audit checkpoints`);
  }
  return pem;
}

/** Not there (yet): writing it fails later with its own message. */
const absent = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

/** The first symbolic link met going down from `from` along `path` (relative), if any; the walk stops at the first part that does not exist. */
function linkOnTheWay(from: string, path: string): string | undefined {
  let at = from;
  for (const part of path.split(sep)) {
    at = join(at, part);
    try {
      if (lstatSync(at).isSymbolicLink()) return at;
    } catch (error) {
      if (absent(error)) return undefined;
      throw error;
    }
  }
  return undefined;
}

const outside = (relativePath: string) => relativePath === '..' || relativePath.startsWith(`..${sep}`) || isAbsolute(relativePath);

/**
 * A path of the config's `audit:` section, inside the config file's folder (no `..`, not absolute):
 * drift-detect on a pull request opens the trail its own config names, and approve-safe and the gate
 * write into the pull request's checkout, which must not make the run write anywhere else.
 */
function auditPath(base: string, path: string, key: AuditPathKey): string {
  const full = resolve(base, path);
  const inside = relative(base, full);
  if (isAbsolute(path) || !inside || outside(inside)) throw new UserError(`audit.${key} ${JSON.stringify(path)} points outside the folder of the config file; name a path inside it, such as the default`);
  return full;
}

type AuditPathKey = 'file' | 'artifact_dir';

/**
 * Refuses a symbolic link on the way from `from` down to `to` (inside it): a checkout's link would send
 * the store's writes (and the git store's git runs) to the runner's other files or another checkout.
 */
function refuseLinkOnTheWay(from: string, to: string, what: string): void {
  const path = relative(from, to);
  if (!path || outside(path)) return;
  const link = linkOnTheWay(from, path);
  if (link) throw new UserError(`${what} goes through the symbolic link ${relative(from, link)}; make it a folder of the checkout, or name a path without links`);
}

/** The store's own files: a checkout's symbolic link there would redirect the write too. */
function refuseLinks(paths: readonly string[]): void {
  for (const path of paths) {
    let link = false;
    try {
      link = lstatSync(path).isSymbolicLink();
    } catch (error) {
      if (!absent(error)) throw error;
    }
    if (link) throw new UserError(`${path} is a symbolic link, and the audit store writes only regular files; delete it and run again`);
  }
}

/** The run's audit trail as the config chooses it. */
/** The store the config names; unset: `git` in CI, `file` in a terminal. */
export function auditStore(audit: GitopsSyncConfig['audit'], env: NodeJS.ProcessEnv): 'file' | 'git' | 'artifact' {
  const inCi = env.GITHUB_ACTIONS === 'true' || env.GITLAB_CI === 'true';
  return audit.store ?? (inCi ? 'git' : 'file');
}

export function openAuditTrail(options: AuditTrailOptions): AuditTrail {
  const { audit } = options.config;
  const base = dirname(options.configPath);
  const checkpoints = { checkpointEvery: audit.checkpoint_every, signingKeyPem: auditSigningKey(audit.signing_key_env, options.env) };
  const store = auditStore(audit, options.env);
  // The config's folder: the git store runs git there, the file stores write below it.
  if (options.root !== undefined) refuseLinkOnTheWay(resolve(options.root), resolve(base), `the folder of ${options.configPath}`);
  /**
   * The store's files, checked when it first writes (the git store writes its fallback log only when its
   * branch cannot be written: a pull request's link or committed file must not stop the branch too).
   */
  const ownFiles = (key: AuditPathKey, path: string, log: string, checkpointsPath: string) => {
    const files = [log, `${log}.lock`, checkpointsPath];
    const beforeFirstWrite = () => {
      refuseLinkOnTheWay(base, resolve(base, path), `audit.${key} ${JSON.stringify(path)}`);
      refuseLinks(files);
      refuseTrackedByGit(files, options.env);
    };
    return { ...checkpoints, checkpointsPath, beforeFirstWrite };
  };
  if (store === 'artifact') {
    const folder = auditPath(base, audit.artifact_dir, 'artifact_dir');
    const log = join(folder, 'events.jsonl');
    return fileAuditTrail(log, ownFiles('artifact_dir', audit.artifact_dir, log, join(folder, 'checkpoints.jsonl')));
  }
  const file = auditPath(base, audit.file, 'file');
  const fileStore = fileAuditTrail(file, ownFiles('file', audit.file, file, `${file}.checkpoints.jsonl`));
  if (store === 'git') {
    // When the branch cannot be written, the events go to the file store's log.
    return gitAuditTrail({ cwd: options.cwd ?? base, exec: options.exec ?? nodeExec, env: options.env, branch: audit.branch, signCommits: audit.sign_commits, ...checkpoints, fallback: { trail: fileStore, path: file } });
  }
  return fileStore;
}

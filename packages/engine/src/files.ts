import { closeSync, constants, fstatSync, lstatSync, mkdirSync, mkdtempSync, openSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '@gitops-sync/core/errors';
import type { ByteSource } from '@gitops-sync/core/json/top-level-reader';
import { minOf } from '@gitops-sync/core/arrays';
import { stopRunningTools } from './node-exec.js';

const MB = 1024 * 1024;

/**
 * Peak memory the analysis needs per byte of input, as `npm run bench` measures it: the input bound
 * follows from the memory this process may use, so what fits in memory is analysed.
 */
export const PEAK_MEMORY_PER_INPUT_BYTE = { plan: 2, kubernetes: 3 } as const;
export type InputKind = keyof typeof PEAK_MEMORY_PER_INPUT_BYTE;

/** Memory this process may use: the least of the machine's memory, its cgroup limit and V8's heap limit. */
export function usableMemoryBytes(): number {
  const limits = [totalmem(), getHeapStatistics().heap_size_limit];
  const constrained = process.constrainedMemory?.();
  if (constrained && Number.isFinite(constrained) && constrained < Number.MAX_SAFE_INTEGER) limits.push(constrained);
  return minOf(limits);
}

/** Largest input file read: what memory allows for this kind of input; GITOPS_SYNC_MAX_INPUT_MB (MiB) sets it outright. */
export function maxInputBytes(kind: InputKind = 'plan', env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.GITOPS_SYNC_MAX_INPUT_MB);
  if (Number.isFinite(configured) && configured > 0) return configured * MB;
  return Math.floor(usableMemoryBytes() / PEAK_MEMORY_PER_INPUT_BYTE[kind]);
}

export interface InputFileOptions {
  /** Overrides the bound for `kind` (a share of it, or a small limit of its own: see `fixed`). */
  maxBytes?: number;
  /** `maxBytes` is a limit of the file's own (config, rules, keys), which GITOPS_SYNC_MAX_INPUT_MB does not raise. */
  fixed?: boolean;
  /** Which memory bound applies (default `plan`). */
  kind?: InputKind;
  /**
   * The folder the file must stay inside once symlinks are resolved: the base dir (the config's
   * folder) for files the config names, the folder walked for a folder's files. Unset for a path
   * the user named outright, which is read wherever it is.
   */
  within?: string;
  /**
   * A file or folder this input must not be, nor lie inside, once symlinks are resolved, and why: Git's
   * manifests are never read from the live export they are compared with.
   */
  apartFrom?: { path: string; why: string };
}

/** Whether `path` is `folder` or below it (both absolute). */
export const isInside = (path: string, folder: string) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

/**
 * The real path of a `within` folder, resolved once per run: every file of a folder is checked
 * against the same one (11,625 files of a Kubernetes repository were 11,625 more realpath calls).
 */
const realFolders = new Map<string, string>();
export const realPathOf = (path: string) => {
  const absolute = resolve(path);
  let real = realFolders.get(absolute);
  if (real === undefined) {
    try {
      real = realpathSync.native(absolute);
    } catch {
      return absolute;
    }
    if (realFolders.size < 1000) realFolders.set(absolute, real);
  }
  return real;
};

/** Why a path could not be followed to a file, in words (not the errno text, which reads as an internal failure). */
export function unreachablePath(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ELOOP':
      return 'is a symbolic link that leads back to itself (a loop)';
    case 'ENOTDIR':
      return 'does not exist (a part of it is a file, not a folder)';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be reached: permission denied';
    case 'ENAMETOOLONG':
      return 'is too long a path';
    default:
      return 'does not exist';
  }
}

/**
 * Opens an input file for reading, refusing what is missing, a directory, a device, FIFO or
 * socket (which stat calls empty and which never end, or block), or a path that leads out of
 * `within` — before any byte of it is read.
 */
function openInputFile(path: string, what: string, options: InputFileOptions): { fd: number; maxBytes: number; size: number } {
  const maxBytes = Math.floor(options.maxBytes ?? maxInputBytes(options.kind));
  let real: string;
  try {
    real = realpathSync.native(path);
  } catch (error) {
    throw new UserError(`${path} ${unreachablePath(error)}; pass the path of ${what}.`);
  }
  if (options.within !== undefined && !isInside(real, realPathOf(options.within))) {
    throw new UserError(`${path} leads outside ${options.within}, which gitops-sync does not read from; keep ${what} inside it.`);
  }
  if (options.apartFrom && isInside(real, realPathOf(options.apartFrom.path))) throw new UserError(`${path} ${options.apartFrom.why}`);
  const notRegular = () => new UserError(`${path} is a device, FIFO or socket, not a regular file; pass the path of ${what}.`);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: `real` has no symlink left to follow.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') throw notRegular();
    throw new UserError(`${path} could not be opened (${(error as NodeJS.ErrnoException).code ?? 'error'}); pass the path of ${what}.`);
  }
  const stats = fstatSync(fd);
  const refusal = stats.isDirectory()
    ? new UserError(`${path} is a directory, not a file; pass the path of ${what}.`)
    : !stats.isFile()
      ? notRegular()
      : stats.size > maxBytes
        ? new UserError(`${path} is ${(stats.size / MB).toFixed(1)} MB, over the ${megabytes(maxBytes)} MB limit for ${what}; ${remedy(options)}.`)
        : undefined;
  if (refusal) {
    closeSync(fd);
    throw refusal;
  }
  return { fd, maxBytes, size: stats.size };
}

const megabytes = (bytes: number) => String(Number((bytes / MB).toFixed(3)));

/** What to do about a file over its limit. */
const remedy = (options: InputFileOptions) => (options.fixed ? 'that limit is fixed (GITOPS_SYNC_MAX_INPUT_MB does not raise it), so make the file smaller' : 'split the input or raise GITOPS_SYNC_MAX_INPUT_MB');

/** The limit counts bytes read, not what stat says: /proc files say 0 and grow as they are read. */
const overLimit = (path: string, what: string, maxBytes: number, options: InputFileOptions) =>
  new UserError(`${path} is over the ${megabytes(maxBytes)} MB limit for ${what}; ${remedy(options)}.`);

const CHUNK_BYTES = 4 * MB;
/** Past what stat says is left (/proc files say 0), chunks of this size find the end. */
const PROBE_BYTES = 64 * 1024;

/** Reads a whole input file, refusing what is missing, not a regular file, outside `within`, or too large — each in one sentence. */
export function readInputFile(path: string, what: string, options: InputFileOptions = {}): Buffer {
  const { fd, maxBytes, size } = openInputFile(path, what, options);
  try {
    // Into one buffer of the size the file has (one byte more, to see it grow), not chunks joined after:
    // that copy was a tenth of analysing a compliance export. A file that grows is read on, to the bound.
    let buffer = Buffer.allocUnsafe(size + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(Math.min(buffer.length, maxBytes + 1 - total))]);
      const read = readSync(fd, buffer, total, buffer.length - total, null);
      if (read === 0) return buffer.subarray(0, total);
      total += read;
      if (total > maxBytes) throw overLimit(path, what, maxBytes, options);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Hands an input file to `consume` in 4 MB chunks, with the same checks as readInputFile, so a large
 * plan is never in memory whole. The file is closed whatever `consume` does.
 *
 * With `reuse`, two buffers take turns, so a chunk is only valid until the one after it has been
 * handed out: for readers that copy what they keep (readTopLevel). Fresh 4 MB buffers cost more
 * than the read itself (the system maps and zeroes their pages: 160 ms against 20 ms for a 50 MB plan).
 */
export function withInputChunks<T>(path: string, what: string, consume: (source: ByteSource) => T, options: InputFileOptions & { reuse?: boolean } = {}): T {
  const { fd, maxBytes, size } = openInputFile(path, what, options);
  // No larger than what is left: ten thousand small manifests must not cost 4 MB of memory each.
  const chunkBytes = (read: number) => Math.min(CHUNK_BYTES, maxBytes - read + 1, Math.max(size - read + 1, PROBE_BYTES));
  const turns = options.reuse ? [Buffer.allocUnsafeSlow(chunkBytes(0)), Buffer.allocUnsafeSlow(chunkBytes(0))] : undefined;
  let total = 0;
  let handedOut = 0;
  try {
    return consume(() => {
      const length = chunkBytes(total);
      const chunk = turns ? turns[handedOut++ % 2]!.subarray(0, length) : Buffer.allocUnsafe(length);
      const read = readSync(fd, chunk, 0, chunk.length, null);
      total += read;
      if (total > maxBytes) throw overLimit(path, what, maxBytes, options);
      return read === 0 ? undefined : chunk.subarray(0, read);
    });
  } finally {
    closeSync(fd);
  }
}

const WRITE_BUFFER_BYTES = 1 << 20;

/** Where a PieceWriter's bytes go, in order: a file, a hash, or both. */
export type ByteSink = (bytes: Uint8Array) => void;

/** A sink writing to an open file. */
export const fileSink = (fd: number): ByteSink => (bytes) => {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
};

/**
 * Writes text (and bytes) to a sink through one reused 1 MB buffer, each piece encoded straight into it.
 * Joining pieces into large strings first would leave a large string and a Buffer of garbage per
 * megabyte, which V8 collects late (a 130 MB report would add that much again to the peak memory),
 * and cost a third of a large report's writing time. A piece ending in the first half of a surrogate
 * pair keeps it for the next piece, as joining them would.
 */
export class PieceWriter {
  private readonly buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  private used = 0;
  private carried = '';

  constructor(private readonly sink: ByteSink) {}

  write(piece: string | Uint8Array): void {
    if (typeof piece !== 'string') {
      this.writeCarried();
      // Small pieces (a report's lines) are gathered in the buffer, not written a system call each.
      if (piece.length <= this.buffer.length >> 4) {
        if (this.used + piece.length > this.buffer.length) this.drain();
        this.buffer.set(piece, this.used);
        this.used += piece.length;
      } else {
        this.drain();
        this.sink(piece);
      }
      return;
    }
    if (this.carried) [piece, this.carried] = [this.carried + piece, ''];
    const last = piece.charCodeAt(piece.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) [piece, this.carried] = [piece.slice(0, -1), piece.slice(-1)];
    this.writeText(piece);
  }

  /** Writes out what is buffered (and a half surrogate pair no piece completed). */
  flush(): void {
    this.writeCarried();
    this.drain();
  }

  private writeCarried(): void {
    if (!this.carried) return;
    const carried = this.carried;
    this.carried = '';
    this.writeText(carried);
  }

  private writeText(piece: string): void {
    if (piece.length * 3 > this.buffer.length) {
      // UTF-8 takes at most 3 bytes per UTF-16 unit: anything shorter always fits an emptied buffer.
      this.drain();
      this.sink(Buffer.from(piece));
      return;
    }
    if (this.used + piece.length * 3 > this.buffer.length && this.used + Buffer.byteLength(piece) > this.buffer.length) this.drain();
    this.used += this.buffer.write(piece, this.used);
  }

  private drain(): void {
    if (this.used > 0) this.sink(this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

/** Writes `pieces` to `sink` (e.g. fileSink(fd)) as one stream of UTF-8. */
export function writePieces(sink: ByteSink, pieces: Iterable<string | Uint8Array>): void {
  const writer = new PieceWriter(sink);
  for (const piece of pieces) writer.write(piece);
  writer.flush();
}

/** What is at `path` (`follow`: what a link there leads to), or undefined when nothing is or it cannot be looked at. */
export function statOrNothing(path: string, follow: boolean) {
  try {
    return (follow ? statSync : lstatSync)(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Writes through a temporary file and a rename, so a reader never sees half a file. Content given
 * in pieces is encoded piece by piece into a 1 MB buffer, so a large report never exists as one string.
 * `alsoTo` gets every byte written too (e.g. to hash the file as it is written).
 */
export function writeFileAtomic(path: string, content: string | Iterable<string | Uint8Array>, alsoTo?: ByteSink): void {
  // The file is replaced whole (a temporary file renamed over it): what is there must be a file, or nothing, or a
  // link to one or to nothing (the link itself replaced, never written through). A FIFO or a device (/dev/stdout
  // is a link to one) would be replaced by a plain file.
  const there = statOrNothing(path, false);
  const target = there?.isSymbolicLink() ? statOrNothing(path, true) : there;
  if (target?.isDirectory()) throw new UserError(`${path} is a folder, not a file gitops-sync can write; remove it or choose another path.`);
  if (target && !target.isFile()) throw new UserError(`${path} is, or leads to, a device, FIFO or socket (such as /dev/stdout), which gitops-sync does not write to: it replaces files whole; choose a regular file and read it after the run.`);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(temporary, 'w');
    const toFile = fileSink(fd);
    const sink: ByteSink = alsoTo
      ? (bytes) => {
          toFile(bytes);
          alsoTo(bytes);
        }
      : toFile;
    writePieces(sink, typeof content === 'string' ? [content] : content);
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
    throw new UserError(`Could not write ${path}: ${writeProblem(error)}; check the output path is writable.`);
  }
}

/** Why a file could not be written, in words for the common causes (errno text otherwise). */
function writeProblem(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return 'a part of its folder is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return (error as Error).message;
  }
}

const KEPT_OUT_OF_GIT = '# Made by gitops-sync: what it keeps here (state backups, locks, the audit log) may hold secrets and never belongs in a commit.\n*\n';

/**
 * mkdir -p `folder`; the first folder this creates gets a `.gitignore` of `*`, so that what gitops-sync
 * keeps there (a plaintext state backup, locks, the audit log) stays out of `git status` and of a
 * commit made with `git add -A`. A folder that was already there is left as it is.
 */
export function mkdirKeptOutOfGit(folder: string, mode?: number): void {
  const created = mkdirSync(folder, { recursive: true, ...(mode === undefined ? {} : { mode }) });
  if (created === undefined) return;
  try {
    writeFileSync(join(created, '.gitignore'), KEPT_OUT_OF_GIT, { flag: 'wx' });
  } catch (error) {
    // Another run made the folder's .gitignore first.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Scratch folders in use, so a signal that ends the process before their `finally` runs still removes them. */
const scratchFolders = new Set<string>();

/**
 * A private (0700) temp folder for one run's files (a saved plan, TF_DATA_DIR); remove it with
 * removeScratchFolder. Named `<prefix><pid>-<random>`: a folder left behind says which process made it.
 */
export function scratchFolder(prefix: string): string {
  let path: string;
  try {
    path = mkdtempSync(join(tmpdir(), `${prefix}${process.pid}-`));
  } catch (error) {
    throw new UserError(`Could not make a private scratch folder in ${tmpdir()} (${(error as NodeJS.ErrnoException).code ?? 'error'}); set TMPDIR to a writable folder.`);
  }
  scratchFolders.add(path);
  return path;
}

export function removeScratchFolder(path: string): void {
  // Retried: a worker thread being stopped may still be writing its file there (ENOTEMPTY).
  rmSync(path, { recursive: true, force: true, maxRetries: 3 });
  scratchFolders.delete(path);
}

// SIGQUIT too: a terminal's Ctrl-\ no longer reaches the tools, which lead groups of their own.
const STOPPING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
/** How long the tools running get to stop on a signal: GitHub Actions sends SIGTERM 7.5 s after SIGINT, and SIGKILL 2.5 s later. */
const TOOLS_GRACE_MS = 5_000;

/** Said on stderr at once (a write to a pipe may be asynchronous, and the process ends right after). */
const sayNow = (line: string) => writeSync(2, `gitops-sync: ${line}\n`);

/**
 * For an entry point: on SIGINT, SIGTERM, SIGHUP or SIGQUIT (a cancelled CI job, Ctrl-C, Ctrl-\) stop the tools running
 * (stopRunningTools: they get the signal and up to 5 s, then are killed), remove every scratch folder — a
 * saved plan holds sensitive values in plain text — then end as that signal would (SIGQUIT: exit 131, no core). The handlers stay on
 * until then, so a second Ctrl-C cannot end the process half-way (Node would take it as the default).
 */
export function removeScratchFoldersOnSignal(): void {
  let stopping = false;
  for (const signal of STOPPING_SIGNALS) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      try {
        // SIGQUIT would make terraform end at once, its state lock held: the tools get an interrupt instead.
        stopRunningTools(signal === 'SIGQUIT' ? 'SIGINT' : signal, TOOLS_GRACE_MS, sayNow);
        for (const path of scratchFolders) {
          try {
            rmSync(path, { recursive: true, force: true, maxRetries: 3 });
          } catch (error) {
            sayNow(`could not remove ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); remove it by hand: it may hold a saved plan.`);
          }
        }
      } finally {
        for (const other of STOPPING_SIGNALS) process.removeAllListeners(other);
        // SIGQUIT's own end dumps core, and a core of gitops-sync holds its tokens and decrypted values: 128 + 3 instead.
        if (signal === 'SIGQUIT') process.exit(131);
        process.kill(process.pid, signal);
      }
    });
  }
}

/**
 * A reports folder inside the workspace that is, or passes through, a symbolic link is refused: the
 * workspace may be a pull request's head, and a committed link (to .git, or anywhere on the runner)
 * would have the reports written there and the artifact upload after them publish what is there.
 */
export function checkOutputFolder(workspace: string, folder: string): void {
  const root = resolve(workspace);
  const inside = relative(root, resolve(root, folder));
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return;
  let at = root;
  for (const name of inside.split(sep).filter(Boolean)) {
    at = join(at, name);
    if (lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink()) {
      throw new UserError(`The output folder ${folder} is a symbolic link or passes through one (${relative(root, at)}); reports are written only to a real folder in the workspace: remove the link or choose another output folder.`);
    }
  }
}

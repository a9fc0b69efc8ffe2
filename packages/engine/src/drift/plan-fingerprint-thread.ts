/**
 * The plan fingerprint in a worker thread, beside the analysis (issue 15: drift-detect was 1.4× the
 * time of analyze, the fingerprint being most of the difference). As the analysis reads the plan it
 * hands the worker the bytes of the members the fingerprint covers (parseTerraformPlan's `tee`), and
 * the worker writes the canonical text of every entry meanwhile; the main thread then hands over what
 * only its analysis knows (every secret) and takes the fingerprint. The worker never opens the plan:
 * the fingerprint is of the very bytes the report was made from, and nothing is read or hashed twice
 * (a second read of the file, checked by sha256, cost both threads a tenth of their time).
 *
 * The worker is a bundle of its own beside an entry point's bundle (see plan-fingerprint-setup.ts); an entry
 * point that ships it calls usePlanFingerprintWorker. Without it (tests, the library) the
 * fingerprint is computed in the same pass as the analysis.
 */
import { createHash, type Hash } from 'node:crypto';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { UserError } from '@gitops-sync/core/errors';
import { readTopLevel, type ByteSource } from '@gitops-sync/core/json/top-level-reader';
import { FINGERPRINT_INPUT_KEYS, type PlanReader } from '@gitops-sync/core/plan/plan-fingerprinter';
import { withInputChunks } from '../files.js';
import { fingerprintWorkerFile } from './plan-fingerprint-setup.js';

/** What the worker is given when it starts. */
export interface FingerprintTask {
  kind: 'gitops-sync/plan-fingerprint';
  /** The plan file, read only for the rare second pass (checkedTeeReader). */
  path: string;
  what: string;
  maxBytes?: number;
  label: string;
  planBytes?: number;
  workspace: string;
  varFiles: string[];
  /** Where the plan's pieces come (each a Piece), then END; their buffers go back the same way once read. */
  pieces: MessagePort;
  /** Int32 counters shared with the main thread: pieces sent (SENT), and whether it stopped (STOPPED). */
  signal: SharedArrayBuffer;
  /** A private scratch folder the main thread made (and removes) for the canonical text (see KeptPiecesFile); in memory without. */
  scratch?: string;
}

const SENT = 0;
const STOPPED = 1;
const END = 'end';
/** A piece of the plan, in a buffer that goes back to the main thread for the next piece. */
interface Piece {
  buffer: ArrayBuffer;
  length: number;
}
/**
 * The size of the buffers pieces travel in; a larger piece (up to a read chunk and what the reader
 * kept of the last) goes in several. Small buffers keep few in flight: each one is fresh memory the
 * first time, and first touching memory is what copying into it costs most (5 MB buffers: 20-25 MB
 * in flight, 10 MB more peak memory and 15 ms more for the main thread on the 50 MB bench plan).
 */
export const PIECE_BUFFER_BYTES = 1024 * 1024;
/** How long the worker sleeps at most between looks for a piece (or for the main thread having stopped). */
const WAIT_SLICE_MS = 500;

/** What the main thread sends once its analysis is done. */
export interface FingerprintRequest {
  secrets: string[];
}

/** The worker's answer. */
export type FingerprintAnswer = { fingerprint: string } | { failed: string };

/** The message for a plan whose bytes differ between two reads. */
export const planChangedWhileRead = (label: string) =>
  `${label} changed while gitops-sync read it; produce the plan again and do not write to it while gitops-sync runs.`;

/** `source`, its bytes also going into `hash`. */
export function hashedSource(source: ByteSource, hash: Hash): ByteSource {
  return () => {
    const chunk = source();
    if (chunk) hash.update(chunk);
    return chunk;
  };
}

/**
 * The plan file's members the fingerprint covers, as the analysis handed them over (its tee), for the
 * worker's rare second pass: read again, and refused when they are not those first handed over
 * (sha256 `expected`). Held in memory: the case is rare.
 */
export function checkedTeeReader(task: Pick<FingerprintTask, 'path' | 'what' | 'label' | 'maxBytes'>, expected: string): PlanReader {
  return (consume) => {
    const pieces: Uint8Array[] = [];
    const hash = createHash('sha256');
    const sink = (piece: Uint8Array) => {
      hash.update(piece);
      // A copy: the piece is only valid during the call (and a Buffer's own slice is a view).
      pieces.push(Uint8Array.prototype.slice.call(piece));
    };
    withInputChunks(task.path, task.what, (source) => readTopLevel(source, { values: [], arrays: [], onItem: () => {}, tee: { keys: FINGERPRINT_INPUT_KEYS, sink } }), { reuse: true, maxBytes: task.maxBytes });
    if (hash.digest('hex') !== expected) throw new UserError(planChangedWhileRead(task.label));
    let next = 0;
    return consume(() => pieces[next++]);
  };
}

/**
 * Reads the plan file again (for the fingerprint's rare second pass) and refuses it, once read, when
 * its bytes are not those first read (sha256 `expected`).
 */
export function checkedPlanReader(task: { path: string; what: string; label: string; maxBytes?: number }, expected: string): PlanReader {
  return (consume) =>
    withInputChunks(
      task.path,
      task.what,
      (source) => {
        const hash = createHash('sha256');
        const result = consume(hashedSource(source, hash));
        // The readers read to the end of the plan (and refuse data after it), so this covers every byte.
        if (hash.digest('hex') !== expected) throw new UserError(planChangedWhileRead(task.label));
        return result;
      },
      { reuse: true, maxBytes: task.maxBytes },
    );
}

const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;

/** The worker's message as an answer; anything else is a failure. (By hand: zod would weigh the worker's bundle down.) */
function answerOf(message: unknown): FingerprintAnswer {
  if (typeof message === 'object' && message !== null) {
    const { fingerprint, failed } = message as Record<string, unknown>;
    if (typeof fingerprint === 'string' && FINGERPRINT.test(fingerprint)) return { fingerprint };
    if (typeof failed === 'string') return { failed };
  }
  return { failed: 'the worker answered something other than a fingerprint' };
}

/**
 * The pieces the main thread sends, as a byte source (blocking until the next one comes), each also
 * going into `hash`; undefined after END. Throws when the main thread stopped. A piece is valid
 * until the one after it has been handed out (as withInputChunks's reused buffers): its buffer then
 * goes back to the main thread.
 */
export function piecesFromAnalysis(task: Pick<FingerprintTask, 'pieces' | 'signal'>, hash: Hash): ByteSource {
  const signal = new Int32Array(task.signal);
  const handedOut: ArrayBuffer[] = [];
  let ended = false;
  return () => {
    while (!ended) {
      const sent = Atomics.load(signal, SENT);
      const received = receiveMessageOnPort(task.pieces);
      if (received) {
        if (received.message === END) break;
        const { buffer, length } = received.message as Piece;
        if (handedOut.push(buffer) > 2) {
          const done = handedOut.shift()!;
          task.pieces.postMessage(done, [done]);
        }
        const piece = new Uint8Array(buffer, 0, length);
        hash.update(piece);
        return piece;
      }
      if (Atomics.load(signal, STOPPED)) throw new Error('the analysis stopped before the end of the plan');
      Atomics.wait(signal, SENT, sent, WAIT_SLICE_MS);
    }
    ended = true;
    return undefined;
  };
}

/** A fingerprint being computed in a worker thread. */
export class PlanFingerprintThread {
  private readonly answer: Promise<FingerprintAnswer>;
  private readonly signal = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  private readonly pieces: MessagePort;
  private readonly worker: Worker;

  private constructor(file: URL, task: Omit<FingerprintTask, 'kind' | 'pieces' | 'signal'>) {
    const channel = new MessageChannel();
    this.pieces = channel.port1;
    const worker = new Worker(file, {
      workerData: { kind: 'gitops-sync/plan-fingerprint', ...task, pieces: channel.port2, signal: this.signal.buffer as SharedArrayBuffer } satisfies FingerprintTask,
      transferList: [channel.port2],
    });
    this.worker = worker;
    this.answer = new Promise((resolve) => {
      worker.once('message', (message: unknown) => resolve(answerOf(message)));
      worker.once('error', (error) => resolve({ failed: error.message }));
      worker.once('exit', (code) => resolve({ failed: `the worker exited (${code}) without an answer` }));
    });
  }

  /** Starts the worker when the entry point ships one (or `file` is given); undefined otherwise. */
  static start(task: Omit<FingerprintTask, 'kind' | 'pieces' | 'signal'>, file = fingerprintWorkerFile()): PlanFingerprintThread | undefined {
    if (!file) return undefined;
    try {
      return new PlanFingerprintThread(file, task);
    } catch {
      return undefined;
    }
  }

  /** What parseTerraformPlan is given as `tee`: the plan's members the fingerprint covers go to the worker as they are read. */
  readonly tee = {
    keys: FINGERPRINT_INPUT_KEYS,
    sink: (piece: Uint8Array) => {
      // Copied (the reader reuses its buffers) into buffers the worker gave back: fresh memory costs more than the copy.
      for (let from = 0; from < piece.byteLength; from += PIECE_BUFFER_BYTES) {
        const part = piece.subarray(from, Math.min(piece.byteLength, from + PIECE_BUFFER_BYTES));
        const buffer = this.buffer();
        new Uint8Array(buffer).set(part);
        this.pieces.postMessage({ buffer, length: part.byteLength } satisfies Piece, [buffer]);
        this.sent();
      }
    },
  };

  /** A buffer the worker gave back, or a new one. */
  private buffer(): ArrayBuffer {
    for (let back = receiveMessageOnPort(this.pieces); back; back = receiveMessageOnPort(this.pieces)) {
      if (back.message instanceof ArrayBuffer && back.message.byteLength === PIECE_BUFFER_BYTES) return back.message;
    }
    return new ArrayBuffer(PIECE_BUFFER_BYTES);
  }

  /** Tells the worker the plan was read to its end. */
  endOfPlan(): void {
    this.pieces.postMessage(END);
    this.sent();
  }

  private sent(): void {
    Atomics.add(this.signal, SENT, 1);
    Atomics.notify(this.signal, SENT);
  }

  /** Hands over the analysis's secrets; resolves with the worker's answer, or a failure when there is none within `waitMs`. */
  async fingerprint(request: FingerprintRequest, waitMs: number): Promise<FingerprintAnswer> {
    this.worker.postMessage(request);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<FingerprintAnswer>((resolve) => {
      timer = setTimeout(() => resolve({ failed: `the worker did not answer within ${waitMs} ms` }), waitMs);
    });
    try {
      return await Promise.race([this.answer, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  stop(): void {
    Atomics.store(this.signal, STOPPED, 1);
    Atomics.notify(this.signal, SENT);
    this.pieces.close();
    void this.worker.terminate();
  }
}

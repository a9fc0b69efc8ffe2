/**
 * The plan fingerprint in a worker thread, beside the analysis (issue 15: drift-detect was 1.4× the
 * time of analyze, the fingerprint being most of the difference). The worker reads the plan file
 * itself and writes the canonical text of every entry while the main thread analyses; the main
 * thread then hands over what only its analysis knows (every secret, and the sha256 of the bytes it
 * read) and takes the fingerprint. Both reads must be of the same bytes: a plan rewritten between
 * them would have the report show one plan and the fingerprint bind another, so that is refused.
 *
 * The worker is a bundle of its own beside an entry point's bundle (see WORKER_FILE); an entry
 * point that ships it calls usePlanFingerprintWorker. Without it (tests, the library) the
 * fingerprint is computed in the same pass as the analysis.
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { UserError } from '@gitops-sync/core/errors';
import type { ByteSource } from '@gitops-sync/core/json/top-level-reader';
import type { PlanReader } from '@gitops-sync/core/plan/plan-fingerprinter';
import { withInputChunks } from '../files.js';

/** The worker bundle's path, relative to the bundle that starts it (scripts/build.mjs puts it there). */
export const WORKER_FILE = './plan-fingerprint-worker/index.js';

let workerFile: URL | undefined;

/**
 * How long the main thread waits for the worker's answer once its own analysis is done: at least
 * this, or ANALYSIS_TIMES_WAITED × the analysis's time (the worker's remaining work is at most one
 * more read of the plan). Past it the worker is stopped and the fingerprint computed in this thread:
 * a worker that never answers must not hang the run.
 */
const MINIMUM_WAIT_MS = 30_000;
const ANALYSIS_TIMES_WAITED = 3;
let minimumWaitMs = MINIMUM_WAIT_MS;

/** How long to wait for the worker after an analysis that took `analysisMs`. */
export const workerWaitMs = (analysisMs: number) => Math.max(minimumWaitMs, ANALYSIS_TIMES_WAITED * analysisMs);

/**
 * For an entry point (pass its `import.meta.url`): fingerprints are computed in the worker bundle
 * beside it, when the build put one there.
 */
export function usePlanFingerprintWorker(entry: string, options: { minimumWaitMs?: number } = {}): void {
  const file = new URL(WORKER_FILE, entry);
  workerFile = existsSync(file) ? file : undefined;
  minimumWaitMs = options.minimumWaitMs ?? MINIMUM_WAIT_MS;
}

/** What the worker is given when it starts. */
export interface FingerprintTask {
  kind: 'gitops-sync/plan-fingerprint';
  path: string;
  label: string;
  what: string;
  maxBytes?: number;
  planBytes?: number;
  workspace: string;
  varFiles: string[];
}

/** What the main thread sends once its analysis is done. */
export interface FingerprintRequest {
  secrets: string[];
  sha256: string;
}

/** The worker's answer. */
export type FingerprintAnswer = { fingerprint: string } | { changed: true } | { failed: string };

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
 * Reads the plan file again (for the fingerprint's rare second pass) and refuses it, once read, when
 * its bytes are not those first read (sha256 `expected`).
 */
export function checkedPlanReader(task: Pick<FingerprintTask, 'path' | 'what' | 'label' | 'maxBytes'>, expected: string): PlanReader {
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
    const { fingerprint, changed, failed } = message as Record<string, unknown>;
    if (typeof fingerprint === 'string' && FINGERPRINT.test(fingerprint)) return { fingerprint };
    if (changed === true) return { changed: true };
    if (typeof failed === 'string') return { failed };
  }
  return { failed: 'the worker answered something other than a fingerprint' };
}

/** A fingerprint being computed in a worker thread. */
export class PlanFingerprintThread {
  private readonly answer: Promise<FingerprintAnswer>;

  private constructor(private readonly worker: Worker) {
    this.answer = new Promise((resolve) => {
      worker.once('message', (message: unknown) => resolve(answerOf(message)));
      worker.once('error', (error) => resolve({ failed: error.message }));
      worker.once('exit', (code) => resolve({ failed: `the worker exited (${code}) without an answer` }));
    });
  }

  /** Starts the worker when the entry point ships one; undefined otherwise. */
  static start(task: Omit<FingerprintTask, 'kind'>): PlanFingerprintThread | undefined {
    if (!workerFile) return undefined;
    try {
      return new PlanFingerprintThread(new Worker(workerFile, { workerData: { kind: 'gitops-sync/plan-fingerprint', ...task } satisfies FingerprintTask }));
    } catch {
      return undefined;
    }
  }

  /**
   * Hands over the analysis's secrets and the sha256 of the bytes it read; resolves with the worker's
   * answer, or a failure when there is none within `waitMs`.
   */
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
    void this.worker.terminate();
  }
}

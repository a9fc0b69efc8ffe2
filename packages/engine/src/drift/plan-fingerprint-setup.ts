/**
 * Where the plan fingerprint's worker bundle is and how long to wait for it (plan-fingerprint-thread.ts
 * runs it), in a module of its own: an entry point names its worker at start-up without loading the
 * fingerprint's code.
 */
import { existsSync } from 'node:fs';

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

/** The worker bundle usePlanFingerprintWorker found, if any. */
export const fingerprintWorkerFile = (): URL | undefined => workerFile;

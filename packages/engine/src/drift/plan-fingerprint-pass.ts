import { createHash, type Hash } from 'node:crypto';
import { statSync } from 'node:fs';
import { fingerprintSettings, PlanFingerprinter, type GitopsSyncConfig, type PlanObserver, type SecretSink } from '@gitops-sync/core';
import type { ByteSource } from '@gitops-sync/core/json/top-level-reader';
import { maxInputBytes, PEAK_MEMORY_PER_INPUT_BYTE, removeScratchFolder, scratchFolder, usableMemoryBytes } from '../files.js';
import { KeptPiecesFile } from './kept-pieces-file.js';
import { checkedPlanReader, hashedSource, PlanFingerprintThread, type FingerprintAnswer } from './plan-fingerprint-thread.js';
import { workerWaitMs } from './plan-fingerprint-setup.js';

/** Peak memory of the fingerprint's worker per byte of plan, rounded up: kept from when its canonical text waited in memory (it now waits in a file). */
const WORKER_MEMORY_PER_INPUT_BYTE = 2;

export const PLAN_FILE_WHAT = 'a plan JSON from `terraform show -json <planfile>`';

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false })?.size;
  } catch {
    return undefined;
  }
}

/**
 * The plan fingerprint (it covers the workspace and var files of the environment's terraform settings
 * when it has them) taken while one read of the plan is analysed, however the analysis keeps its
 * changes: in a worker thread beside it when the entry point ships one and memory leaves room
 * (plan-fingerprint-thread.ts), else in the same pass. Give parseTerraformPlan `source(…)`,
 * `onSecret`, `observer` and `tee`; call `planRead` as soon as the plan is read (the worker then
 * finishes while the changes are judged), then `fingerprint`; `stop` in every case.
 */
export class PlanFingerprintPass {
  private readonly thread?: PlanFingerprintThread;
  private readonly fingerprinter?: PlanFingerprinter;
  /** In this thread, the fingerprint may read the plan again: those bytes must be the ones analysed. */
  private readonly bytes?: Hash;
  private readonly secrets = new Set<string>();
  private readonly started = performance.now();
  private readonly planPath: string;
  private readonly maxBytes = maxInputBytes();
  private answered?: Promise<FingerprintAnswer>;
  private readonly scratch: string;
  readonly onSecret: SecretSink;

  constructor(request: { planPath: string; environment: string; config: GitopsSyncConfig }, outer: SecretSink | undefined, mayUseWorker: boolean) {
    this.planPath = request.planPath;
    const settings = fingerprintSettings(request.config.environments[request.environment]?.terraform);
    // Only sizes the fingerprint's memory: a path stat cannot follow (ENOTDIR, ELOOP) is refused in one sentence when the plan is read.
    const planBytes = sizeOf(request.planPath);
    // The worker's memory comes on top of the analysis's: only for a plan that leaves room for both.
    const roomForWorker = planBytes !== undefined && planBytes * (PEAK_MEMORY_PER_INPUT_BYTE.plan + WORKER_MEMORY_PER_INPUT_BYTE) <= usableMemoryBytes();
    const label = request.planPath;
    // The canonical text waits in a file, not in memory (it is as large as the plan's changes).
    const scratch = scratchFolder('gitops-sync-fingerprint-');
    this.scratch = scratch;
    this.thread = mayUseWorker && roomForWorker ? PlanFingerprintThread.start({ path: request.planPath, what: PLAN_FILE_WHAT, maxBytes: this.maxBytes, label, planBytes, scratch, ...settings }) : undefined;
    if (!this.thread) {
      this.fingerprinter = new PlanFingerprinter({ ...settings, label, planBytes, keptPieces: () => new KeptPiecesFile(scratch) });
      this.bytes = createHash('sha256');
    }
    this.onSecret = (value) => {
      this.secrets.add(value);
      this.fingerprinter?.onSecret(value);
      outer?.(value);
    };
  }

  source(source: ByteSource): ByteSource {
    return this.bytes ? hashedSource(source, this.bytes) : source;
  }

  get observer(): PlanObserver | undefined {
    return this.fingerprinter?.observer;
  }

  get tee() {
    return this.thread?.tee;
  }

  /** Every secret is known once the plan is read: the worker finishes while the changes are judged. */
  planRead(): void {
    if (!this.thread) return;
    this.thread.endOfPlan();
    this.answered = this.thread.fingerprint({ secrets: [...this.secrets] }, workerWaitMs(performance.now() - this.started));
  }

  /** The fingerprint; undefined when the worker could not answer (it failed to start, broke or took too long): analyse again with no worker. */
  async fingerprint(): Promise<string | undefined> {
    if (this.fingerprinter) {
      return this.fingerprinter.fingerprint(checkedPlanReader({ path: this.planPath, what: PLAN_FILE_WHAT, label: this.planPath, maxBytes: this.maxBytes }, this.bytes!.digest('hex')));
    }
    const answer = await this.answered;
    return answer && 'fingerprint' in answer ? answer.fingerprint : undefined;
  }

  stop(): void {
    this.thread?.stop();
    removeScratchFolder(this.scratch);
  }
}

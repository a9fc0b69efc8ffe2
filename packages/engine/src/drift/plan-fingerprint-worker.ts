/**
 * The worker thread of plan-fingerprint-thread.ts, bundled on its own (scripts/build.mjs): writes each
 * entry's canonical text from the plan's pieces the analysis hands over as it reads them, then
 * finishes the fingerprint with the analysis's secrets (reading the plan file again when it must,
 * checked against what was handed over).
 */
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { SideFingerprint } from '@gitops-sync/core/plan/side-fingerprint';
import { KeptPiecesFile } from './kept-pieces-file.js';
import { checkedTeeReader, piecesFromAnalysis, type FingerprintAnswer, type FingerprintRequest, type FingerprintTask } from './plan-fingerprint-thread.js';

async function fingerprint(task: FingerprintTask): Promise<FingerprintAnswer> {
  const { scratch } = task;
  const keptPieces = scratch === undefined ? undefined : () => new KeptPiecesFile(scratch);
  const side = new SideFingerprint({ workspace: task.workspace, varFiles: task.varFiles, label: task.label, planBytes: task.planBytes, keptPieces });
  const handedOver = createHash('sha256');
  side.observe(piecesFromAnalysis(task, handedOver));
  const [request] = (await once(parentPort!, 'message')) as [FingerprintRequest];
  return { fingerprint: side.finish(new Set(request.secrets), checkedTeeReader(task, handedOver.digest('hex'))) };
}

const task = workerData as FingerprintTask | undefined;
const port = parentPort;
if (port && task?.kind === 'gitops-sync/plan-fingerprint') {
  void fingerprint(task)
    .catch((error: unknown): FingerprintAnswer => ({ failed: error instanceof Error ? error.message : String(error) }))
    .then((answer) => port.postMessage(answer));
}

/**
 * The worker thread of plan-fingerprint-thread.ts, bundled on its own (scripts/build.mjs): reads the
 * plan file and writes each entry's canonical text while the main thread analyses the plan, then
 * finishes the fingerprint with the analysis's secrets.
 */
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { SideFingerprint } from '@gitops-sync/core/plan/side-fingerprint';
import { withInputChunks } from '../files.js';
import { checkedPlanReader, hashedSource, type FingerprintAnswer, type FingerprintRequest, type FingerprintTask } from './plan-fingerprint-thread.js';

async function fingerprint(task: FingerprintTask): Promise<FingerprintAnswer> {
  const side = new SideFingerprint({ workspace: task.workspace, varFiles: task.varFiles, label: task.label, planBytes: task.planBytes });
  const bytes = createHash('sha256');
  withInputChunks(task.path, task.what, (source) => side.observe(hashedSource(source, bytes)), { reuse: true, maxBytes: task.maxBytes });
  const [request] = (await once(parentPort!, 'message')) as [FingerprintRequest];
  if (bytes.digest('hex') !== request.sha256) return { changed: true };
  return { fingerprint: side.finish(new Set(request.secrets), checkedPlanReader(task, request.sha256)) };
}

const task = workerData as FingerprintTask | undefined;
const port = parentPort;
if (port && task?.kind === 'gitops-sync/plan-fingerprint') {
  void fingerprint(task)
    .catch((error: unknown): FingerprintAnswer => ({ failed: error instanceof Error ? error.message : String(error) }))
    .then((answer) => port.postMessage(answer));
}

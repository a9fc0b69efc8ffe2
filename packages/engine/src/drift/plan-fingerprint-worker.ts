/**
 * The worker thread of plan-fingerprint-thread.ts, bundled on its own (scripts/build.mjs): reads the
 * plan file and writes each entry's canonical text while the main thread analyses the plan, then
 * finishes the fingerprint with the analysis's secrets.
 */
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { observePlanForFingerprint, PlanFingerprinter } from '@gitops-sync/core/plan/plan-fingerprinter';
import { withInputChunks } from '../files.js';
import { checkedPlanReader, hashedSource, type FingerprintAnswer, type FingerprintRequest, type FingerprintTask } from './plan-fingerprint-thread.js';

async function fingerprint(task: FingerprintTask): Promise<FingerprintAnswer> {
  const options = { workspace: task.workspace, varFiles: task.varFiles, label: task.label, planBytes: task.planBytes };
  let fingerprinter = new PlanFingerprinter(options);
  const found = new Set<string>();
  const bytes = createHash('sha256');
  withInputChunks(
    task.path,
    task.what,
    (source) =>
      observePlanForFingerprint(hashedSource(source, bytes), fingerprinter, (secret) => {
        found.add(secret);
        fingerprinter.onSecret(secret);
      }),
    { reuse: true, maxBytes: task.maxBytes },
  );
  const [request] = (await once(parentPort!, 'message')) as [FingerprintRequest];
  if (bytes.digest('hex') !== request.sha256) return { changed: true };
  const reader = checkedPlanReader(task, request.sha256);
  const secrets = new Set(request.secrets);
  if ([...found].some((secret) => !secrets.has(secret))) {
    // A string taken for a secret here that the analysis did not take for one: start again with exactly its secrets.
    fingerprinter = new PlanFingerprinter(options);
    for (const secret of secrets) fingerprinter.onSecret(secret);
    const again = fingerprinter;
    reader((source) => observePlanForFingerprint(source, again));
  } else for (const secret of secrets) fingerprinter.onSecret(secret);
  return { fingerprint: fingerprinter.fingerprint(reader) };
}

const task = workerData as FingerprintTask | undefined;
const port = parentPort;
if (port && task?.kind === 'gitops-sync/plan-fingerprint') {
  void fingerprint(task)
    .catch((error: unknown): FingerprintAnswer => ({ failed: error instanceof Error ? error.message : String(error) }))
    .then((answer) => port.postMessage(answer));
}

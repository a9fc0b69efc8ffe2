/**
 * Runs the plan fingerprint's worker bundle (dist/cli/plan-fingerprint-worker, built from
 * packages/engine/src/drift/plan-fingerprint-worker.ts) as the main thread does, and a plan entry
 * shaped as `terraform show -json` writes one for the builtin terraform_data resource.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FingerprintAnswer, FingerprintTask } from '../../packages/engine/src/drift/plan-fingerprint-thread.js';
import { REPO_ROOT } from './paths.js';

export const WORKER_BUNDLE = join(REPO_ROOT, 'dist/cli/plan-fingerprint-worker/index.js');

/** The worker's answer for the plan at `path` once it is handed `secrets` and the sha256 (hex) of the bytes the analysis read. */
export async function askWorker(path: string, secrets: string[], sha256: string): Promise<FingerprintAnswer> {
  const task: FingerprintTask = { kind: 'gitops-sync/plan-fingerprint', path, label: path, what: 'a plan', workspace: 'blue', varFiles: ['prod.tfvars'] };
  const worker = new Worker(WORKER_BUNDLE, { workerData: task });
  try {
    const answer = new Promise<FingerprintAnswer>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    worker.postMessage({ secrets, sha256 });
    return await answer;
  } finally {
    await worker.terminate();
  }
}

/** A resource_changes entry of a terraform_data resource (`terraform_data.<name>`) with `change` over empty masks. */
export const terraformDataEntry = (address: string, change: Record<string, unknown>) => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  name: address.split('.')[1],
  provider_name: 'terraform.io/builtin/terraform',
  change: { after_unknown: {}, before_sensitive: {}, after_sensitive: {}, ...change },
});

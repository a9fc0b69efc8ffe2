/**
 * Runs the plan fingerprint's worker bundle (dist/cli/plan-fingerprint-worker, built from
 * packages/engine/src/drift/plan-fingerprint-worker.ts) as the main thread does, and a plan entry
 * shaped as `terraform show -json` writes one for the builtin terraform_data resource.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseTerraformPlan } from '@gitops-sync/core';
import { withInputChunks } from '../../packages/engine/src/files.js';
import { PlanFingerprintThread, type FingerprintAnswer } from '../../packages/engine/src/drift/plan-fingerprint-thread.js';
import { REPO_ROOT } from './paths.js';

export const WORKER_BUNDLE = join(REPO_ROOT, 'dist/cli/plan-fingerprint-worker/index.js');

/** The worker's answer for the plan at `path`, its pieces handed over as the analysis reads it (in 4 MB chunks), once it is handed `secrets`. */
export async function askWorker(path: string, secrets: string[]): Promise<FingerprintAnswer> {
  const thread = PlanFingerprintThread.start({ path, what: 'a plan', label: path, workspace: 'blue', varFiles: ['prod.tfvars'] }, pathToFileURL(WORKER_BUNDLE));
  if (!thread) throw new Error(`the worker bundle ${WORKER_BUNDLE} did not start`);
  try {
    withInputChunks(path, 'a plan', (source) => parseTerraformPlan(source, { label: path, tee: thread.tee }), { reuse: true });
    thread.endOfPlan();
    return await thread.fingerprint({ secrets }, 30_000);
  } finally {
    thread.stop();
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

/**
 * terraform_data.copy holds the secret unmarked (as terraform_data.output does) and comes before
 * terraform_data.db, the entry that marks it sensitive; the output token's secret only shows up in
 * output_changes, after every resource change, and is copied unmarked into terraform_data.echo.
 */
export const COPY_FIRST_PLAN = JSON.stringify({
  format_version: '1.2',
  terraform_version: '1.11.4',
  resource_changes: [
    terraformDataEntry('terraform_data.copy', { actions: ['update'], before: { input: 'a', output: 'hunter22-db' }, after: { input: 'b', output: 'hunter22-db' } }),
    terraformDataEntry('terraform_data.echo', { actions: ['no-op'], before: { input: 'x', output: 'tok-3141-secret' }, after: { input: 'x', output: 'tok-3141-secret' } }),
    terraformDataEntry('terraform_data.db', {
      actions: ['update'],
      before: { input: { password: 'hunter22-db', size: 'small' } },
      after: { input: { password: 'hunter22-db', size: 'large' } },
      before_sensitive: { input: { password: true } },
      after_sensitive: { input: { password: true } },
    }),
  ],
  output_changes: {
    token: { actions: ['update'], before: 'tok-3141-secret', after: 'tok-2718-secret', before_sensitive: true, after_sensitive: true, after_unknown: false },
    plain: { actions: ['create'], before: null, after: 'hunter22-db', before_sensitive: false, after_sensitive: false, after_unknown: false },
  },
});

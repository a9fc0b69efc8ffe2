import { z } from 'zod';
import { orAbsent } from '../api-retry.js';
import type { GitLabApi } from './api.js';

/** `GET /projects/:id/repository/commits/:sha/signature` (GPG, SSH or X.509); GitLab answers 404 for an unsigned commit. */
const Signature = z.object({ signature_type: z.string().optional(), verification_status: z.string() });

/** GitLab's `verification_status` values that mean the signature is good (`verified_system`: signed by GitLab itself for a web commit). */
const VERIFIED = new Set(['verified', 'verified_system']);

/** GitLab's word on a commit's signature: `reason` is its `verification_status`, or `unsigned`. */
export async function gitlabCommitVerification(api: GitLabApi, sha: string, permission: string): Promise<{ verified: boolean; reason: string }> {
  const signature = await orAbsent(() => api.json({ what: `read the signature of ${sha.slice(0, 12)}`, permission }, Signature, 'GET', `${api.project}/repository/commits/${sha}/signature`));
  const status = signature?.data.verification_status;
  return status === undefined ? { verified: false, reason: 'unsigned' } : { verified: VERIFIED.has(status), reason: status };
}

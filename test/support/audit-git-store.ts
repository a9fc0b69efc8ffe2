// Test set-up for the `git` audit store; apart from audit-events.ts, which scripts run outside Jest import (temp-dir.ts needs Jest).
import { join } from 'node:path';
import { fileAuditTrail, gitAuditTrail, nodeExec, type AuditTrail } from '@gitops-sync/engine';
import { git } from './git-repo.js';
import { tempDir } from './temp-dir.js';

/**
 * A bare remote and a clone of it for the `git` audit store (branch gitops-sync/audit), and a trail
 * appending to it, signed with `signingKeyPem`, its fallback log beside them.
 */
export function auditBranchRemote(prefix: string, signingKeyPem: string): { root: string; remote: string; work: string; fallback: string; store: () => AuditTrail } {
  const root = tempDir(prefix);
  const remote = join(root, 'remote.git');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  const work = join(root, 'work');
  git(root, 'clone', '-q', remote, work);
  const fallback = join(root, 'fallback.jsonl');
  const store = () =>
    gitAuditTrail({ cwd: work, exec: nodeExec, env: process.env, branch: 'gitops-sync/audit', signCommits: false, signingKeyPem, fallback: { trail: fileAuditTrail(fallback), path: fallback }, retryDelayMs: () => 5 });
  return { root, remote, work, fallback, store };
}

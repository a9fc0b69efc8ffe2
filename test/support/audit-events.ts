import { join } from 'node:path';
import { AUDIT_EVENT_SCHEMA, chainAuditEvent, type AuditEvent, type AuditEventDraft } from '@gitops-sync/core';
import { fileAuditTrail, gitAuditTrail, nodeExec, type AuditTrail } from '@gitops-sync/engine';
import { git } from './git-repo.js';
import { tempDir } from './temp-dir.js';

/** A realistic gate event draft; `n` varies its content so every event hashes differently. */
export function gateDraft(n: number): AuditEventDraft {
  return {
    schema: AUDIT_EVENT_SCHEMA,
    time: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
    environment: n % 2 ? 'production' : 'staging',
    actor: { id: '1001', login: 'octocat', token: null },
    run: { platform: 'github', id: String(9000 + n), attempt: 1, url: `https://github.com/acme/infra/actions/runs/${9000 + n}` },
    repository: 'acme/infra',
    commits: { base: 'a'.repeat(40), head: 'b'.repeat(40), deployed: null },
    change_request: { number: n, url: `https://github.com/acme/infra/pull/${n}` },
    details: { type: 'gate', outcome: 'allowed', reason: 'two eligible approvals on the head SHA', counted: [{ id: '2', login: 'alice', reason: 'codeowner' }], rejected: [], plan_fingerprint: null },
  };
}

/** A chained log of `count` events, seq 1 … count. */
export function auditLog(count: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let n = 1; n <= count; n += 1) events.push(chainAuditEvent(gateDraft(n), events.at(-1)));
  return events;
}

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

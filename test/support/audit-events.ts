import { AUDIT_EVENT_SCHEMA, chainAuditEvent, type AuditEvent, type AuditEventDraft } from '@gitops-sync/core';

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

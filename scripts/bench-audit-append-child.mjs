// The audit-append scenario's child (run by scripts/bench.mjs with `node --import tsx`): what a run
// does with the `artifact`/`file` store — append one event to the log through the file trail, and
// close it, which writes the run's closing checkpoint, signed with the key given.
//
//   node --import tsx scripts/bench-audit-append-child.mjs <events.jsonl> <checkpoints.jsonl> <key.pem> <timing.json>
//
// Writes { seconds } (record + close, in this process: node start-up and module loading are not in it) to <timing.json>.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { AUDIT_EVENT_SCHEMA } from '@gitops-sync/core';
import { fileAuditTrail } from '@gitops-sync/engine';

const [log, checkpointsPath, keyPath, timingPath] = process.argv.slice(2);
const draft = {
  schema: AUDIT_EVENT_SCHEMA,
  time: new Date().toISOString(),
  environment: 'production',
  actor: { id: '1001', login: 'octocat', token: null },
  run: { platform: 'github', id: '123456789', attempt: 1, url: 'https://github.com/acme/infra/actions/runs/123456789' },
  repository: 'acme/infra',
  commits: { base: null, head: 'b'.repeat(40), deployed: null },
  change_request: null,
  details: { type: 'drift', outcome: 'drift', report_fingerprint: null, plan_fingerprint: null, counts: { critical: 0, high: 1, medium: 2, low: 0 } },
};

const started = performance.now();
const trail = fileAuditTrail(log, { checkpointsPath, signingKeyPem: readFileSync(keyPath, 'utf8') });
await trail.record(draft);
await trail.close();
writeFileSync(timingPath, JSON.stringify({ seconds: (performance.now() - started) / 1000 }));

#!/usr/bin/env node
// Writes a deterministic audit log for `npm run bench`: N chained events of every type, as the file
// store writes them (one JSON line each), and a checkpoint over all of them signed with a fresh
// Ed25519 key (audit.key beside it, and its public half audit.pub). With --checkpoint-every K, a
// checkpoint after every K events before it too, as a store that checkpoints at the end of each run
// leaves them: unsigned, or signed with the same key given --sign-all (a store with a signing key).
//
//   node scripts/bench-audit-generator.mjs [--out DIR] [--events N] [--checkpoint-every K] [--sign-all]
//
// Hashes, Merkle root and signature are computed here from the formats' definitions
// (gitops-sync/audit-event@1, RFC 8785 for these values, RFC 6962), not with the code under test,
// so a verify that disagrees with them fails the bench instead of passing it.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULTS = { out: 'bench-out/audit', events: 100_000 };

/** RFC 8785 for what events hold (strings, integers, booleans, null): keys sorted by UTF-16 code units. */
function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value).sort().filter((key) => value[key] !== undefined).map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
}
const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();

const SHA = (n) => createHash('sha1').update(String(n)).digest('hex');
const counts = (n) => ({ critical: n % 3, high: n % 5, medium: n % 7, low: n % 11 });
const DETAILS = [
  (n) => ({ type: 'drift', outcome: n % 4 ? 'drift' : 'clean', report_fingerprint: `sha256:${SHA(n)}`, plan_fingerprint: `sha256:${SHA(n + 1)}`, counts: counts(n) }),
  (n) => ({ type: 'approve-safe', outcome: n % 2 ? 'approved' : 'not-approved', findings: n % 2 ? [] : [`terraform/main.tf: not a safe path (${n})`] }),
  (n) => ({
    type: 'gate',
    outcome: 'allowed',
    reason: 'two eligible approvals on the head SHA',
    counted: [{ id: String(n % 97), login: `reviewer-${n % 97}`, reason: 'codeowner of terraform/' }],
    rejected: [{ id: '7', login: 'author', reason: 'the author cannot approve their own change' }],
    plan_fingerprint: `sha256:${SHA(n)}`,
  }),
  (n) => ({ type: 'sync', outcome: 'succeeded', gate: { outcome: 'allowed', reason: 'two approvals' }, plan_fingerprint: `sha256:${SHA(n)}`, backups: [{ path: `backups/state-${n}.tfstate`, sha256: createHash('sha256').update(String(n)).digest('hex') }], failure_reason: null }),
  (n) => ({ type: 'rollback', outcome: 'succeeded', mode: 'git', from: SHA(n), to: SHA(n - 1), backups: [], verification: 'no drift after rollback', failure_reason: null }),
  () => ({ type: 'alert', outcome: 'trigger', severity: 'critical', channels: [{ channel: 'slack', ok: true, error: null }] }),
];

/** The RFC 6962 root of the leaves whose perfect subtrees' roots `stack` holds. */
function rootOf(stack) {
  let root = stack.length ? stack.at(-1).hash : sha256();
  for (let index = stack.length - 2; index >= 0; index--) root = sha256(Buffer.from([1]), stack[index].hash, root);
  return root;
}

export function generateAuditLog({ out = DEFAULTS.out, events = DEFAULTS.events, checkpointEvery = 0, signAll = false } = {}) {
  const started = process.hrtime.bigint();
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = createHash('sha256').update(Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url')).digest('hex');
  const signed = (checkpoint) => ({ ...checkpoint, signature: { algorithm: 'ed25519', key_id: keyId, value: sign(null, Buffer.from(canonical(checkpoint)), privateKey).toString('base64') } });
  mkdirSync(out, { recursive: true });
  const log = join(out, 'events.jsonl');
  const fd = openSync(log, 'w');
  let prev = '0'.repeat(64);
  let bytes = 0;
  let batch = '';
  const stack = []; // RFC 6962 tree hash, one leaf at a time: roots of the perfect subtrees so far
  const earlier = [];
  for (let seq = 1; seq <= events; seq++) {
    const event = {
      schema: 'gitops-sync/audit-event@1',
      time: new Date(Date.UTC(2026, 0, 1) + seq * 60_000).toISOString(),
      environment: ['dev', 'staging', 'production'][seq % 3],
      actor: { id: String(1000 + (seq % 50)), login: `engineer-${seq % 50}`, token: seq % 5 ? null : { id: '41898282', login: 'github-actions[bot]' } },
      run: { platform: 'github', id: String(5_000_000 + seq), attempt: 1, url: `https://github.com/acme/infra/actions/runs/${5_000_000 + seq}/job/${seq}` },
      repository: 'acme/infra',
      commits: { base: SHA(seq - 1), head: SHA(seq), deployed: seq % 6 === 3 ? SHA(seq) : null },
      change_request: seq % 6 === 5 ? null : { number: 1 + (seq % 900), url: `https://github.com/acme/infra/pull/${1 + (seq % 900)}` },
      details: DETAILS[seq % DETAILS.length](seq),
      seq,
      prev_hash: prev,
    };
    event.hash = createHash('sha256').update(canonical(event)).digest('hex');
    prev = event.hash;
    let node = { hash: sha256(Buffer.from([0]), Buffer.from(event.hash, 'hex')), size: 1 };
    while (stack.length && stack.at(-1).size === node.size) node = { hash: sha256(Buffer.from([1]), stack.pop().hash, node.hash), size: node.size * 2 };
    stack.push(node);
    if (checkpointEvery && seq % checkpointEvery === 0 && seq < events) {
      const checkpoint = { schema: 'gitops-sync/audit-checkpoint@1', size: seq, root_hash: rootOf(stack).toString('hex'), last_hash: event.hash, last_seq: seq, time: event.time };
      earlier.push(JSON.stringify(signAll ? signed(checkpoint) : checkpoint));
    }
    batch += `${JSON.stringify(event)}\n`;
    if (batch.length > 1 << 20) {
      bytes += writeSync(fd, batch);
      batch = '';
    }
  }
  bytes += writeSync(fd, batch);
  closeSync(fd);
  const root = rootOf(stack);

  const checkpoint = { schema: 'gitops-sync/audit-checkpoint@1', size: events, root_hash: root.toString('hex'), last_hash: prev, last_seq: events, time: '2026-12-31T23:59:59Z' };
  const checkpointPath = join(out, 'checkpoints.jsonl');
  const publicKeyPath = join(out, 'audit.pub');
  const privateKeyPath = join(out, 'audit.key');
  writeFileSync(checkpointPath, [...earlier, JSON.stringify(signed(checkpoint))].map((line) => `${line}\n`).join(''));
  writeFileSync(publicKeyPath, publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(privateKeyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { log, checkpoint: checkpointPath, publicKey: publicKeyPath, privateKey: privateKeyPath, events, bytes, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = { ...DEFAULTS };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') options.out = argv[++i];
    else if (argv[i] === '--events') options.events = Number(argv[++i]);
    else if (argv[i] === '--checkpoint-every') options.checkpointEvery = Number(argv[++i]);
    else if (argv[i] === '--sign-all') options.signAll = true;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  const result = generateAuditLog(options);
  console.log(`${result.log}: ${result.events} events, ${(result.bytes / 1e6).toFixed(1)} MB in ${result.seconds.toFixed(1)} s`);
}

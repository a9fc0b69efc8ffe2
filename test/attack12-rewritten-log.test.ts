// Adversarial review of issue 12: a log edited and re-hashed from the edit on is caught by the checkpoints
// written before the edit, and no later run signs a checkpoint over it.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { chainAuditEvent, parseAuditLog, type AuditEvent } from '@gitops-sync/core';
import { fileAuditTrail, nodeExec, verifyAuditLogSource } from '@gitops-sync/engine';
import { gateDraft } from './support/audit-events.js';
import { tempDir } from './support/temp-dir.js';

const keys = generateKeyPairSync('ed25519');
const privatePem = keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const publicPem = keys.publicKey.export({ format: 'pem', type: 'spki' }).toString();

async function record(path: string, from: number, count: number) {
  const trail = fileAuditTrail(path, { signingKeyPem: privatePem });
  for (let n = from; n < from + count; n += 1) await trail.record(gateDraft(n));
  return trail.close();
}

/** What an attacker without the key does: change event 2, then re-hash the chain from there on. */
function rewrite(path: string): void {
  const events = parseAuditLog(readFileSync(path, 'utf8'), path);
  const rewritten: AuditEvent[] = [events[0]];
  for (const event of events.slice(1)) {
    const { seq: _seq, prev_hash: _prev, hash: _hash, ...draft } = event;
    const edited = event.seq === 2 ? { ...draft, details: { ...draft.details, reason: 'nothing to see here' } } : draft;
    rewritten.push(chainAuditEvent(edited as Parameters<typeof chainAuditEvent>[0], rewritten.at(-1)));
  }
  writeFileSync(path, rewritten.map((event) => `${JSON.stringify(event)}\n`).join(''));
}

describe('a rewritten and re-hashed audit log', () => {
  it('is refused by the next run instead of being signed over', async () => {
    const path = join(tempDir('attack12-log-'), 'events.jsonl');
    await record(path, 1, 3);
    rewrite(path);
    await expect(record(path, 4, 1)).rejects.toThrow(/checkpoint/);
  });

  it('fails audit verify even after a later checkpoint was appended', async () => {
    const dir = tempDir('attack12-log-');
    const path = join(dir, 'events.jsonl');
    const publicKey = join(dir, 'key.pub');
    writeFileSync(publicKey, publicPem);
    await record(path, 1, 3);
    rewrite(path);
    // The attacker appends a checkpoint of their own over the rewritten log (what an honest run used to do, signed).
    const checkpoints = readFileSync(`${path}.checkpoints.jsonl`, 'utf8');
    const { createCheckpoint } = await import('@gitops-sync/core');
    const forged = createCheckpoint(parseAuditLog(readFileSync(path, 'utf8'), path), { time: new Date().toISOString(), signingKeyPem: privatePem });
    writeFileSync(`${path}.checkpoints.jsonl`, `${checkpoints}${JSON.stringify(forged)}\n`);
    const result = await verifyAuditLogSource({ source: { log: path }, publicKey }, nodeExec);
    expect(result.verification).toMatchObject({ intact: false, kind: 'checkpoint-mismatch' });
  });
});

describe('the git store on a branch with a crafted events.jsonl', () => {
  it('chains nothing onto a forked chain and keeps the events in the fallback file', async () => {
    const { gitAuditTrail } = await import('@gitops-sync/engine');
    const { git } = await import('./support/git-repo.js');
    const root = tempDir('attack12-git-');
    const remote = join(root, 'remote.git');
    git(root, 'init', '-q', '--bare', '-b', 'main', remote);
    const work = join(root, 'work');
    git(root, 'clone', '-q', remote, work);
    git(work, 'checkout', '-q', '--orphan', 'gitops-sync/audit');
    // Two chains forked at seq 2: each line intact on its own, the second seq 2 not chained to the first.
    const first = chainAuditEvent(gateDraft(1), undefined);
    const forked = [first, chainAuditEvent(gateDraft(2), first), chainAuditEvent(gateDraft(3), { seq: 2, hash: 'f'.repeat(64) })];
    writeFileSync(join(work, 'events.jsonl'), forked.map((event) => `${JSON.stringify(event)}\n`).join(''));
    git(work, 'add', 'events.jsonl');
    git(work, '-c', 'user.name=x', '-c', 'user.email=x@example.invalid', 'commit', '-q', '-m', 'crafted');
    git(work, 'push', '-q', 'origin', 'gitops-sync/audit');
    const fallback = join(root, 'fallback.jsonl');
    const trail = gitAuditTrail({ cwd: work, exec: nodeExec, env: process.env, branch: 'gitops-sync/audit', signCommits: false, fallback: { trail: fileAuditTrail(fallback), path: fallback }, retryDelayMs: () => 5 });
    await trail.record(gateDraft(4));
    await expect(trail.close()).rejects.toThrow(/not intact/);
    expect(git(remote, 'show', 'gitops-sync/audit:events.jsonl').trim().split('\n')).toHaveLength(3);
    expect(parseAuditLog(readFileSync(fallback, 'utf8'), fallback)).toHaveLength(1);
  });
});

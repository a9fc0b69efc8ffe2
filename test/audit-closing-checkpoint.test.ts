/**
 * The checkpoint a run writes when it closes its audit trail builds on the newest checkpoint the
 * store's own key signed: the events that checkpoint covers are held to its Merkle root by their
 * stored hashes, not parsed and re-hashed again every run; what came after it is verified in full.
 * A log rewritten, re-hashed or cut short since still gets no checkpoint, and an event whose content
 * was changed behind its hash is still named by `audit verify`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { AuditCheckpoint, chainAuditEvent, parseAuditLog, verifyCheckpointSignature, type AuditEvent } from '@gitops-sync/core';
import { fileAuditTrail, nodeExec, verifyAuditLogSource } from '@gitops-sync/engine';
import { gateDraft } from './support/audit-events.js';
import { auditBranchRemote } from './support/audit-git-store.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';
import { expectRejection } from './support/user-error.js';

const pems = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};
const key = pems();

/** A run appending `count` events and closing its trail; signed with `key` unless `signingKeyPem` is null. */
async function record(log: string, from: number, count: number, signingKeyPem: string | null = key.privatePem) {
  const trail = fileAuditTrail(log, { signingKeyPem: signingKeyPem ?? undefined });
  for (let n = from; n < from + count; n += 1) await trail.record(gateDraft(n));
  return trail.close();
}

const readEvents = (log: string) => parseAuditLog(readFileSync(log, 'utf8'), log);
const writeEvents = (log: string, events: AuditEvent[]) => writeFileSync(log, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
const readCheckpoints = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((line) => AuditCheckpoint.parse(JSON.parse(line)));

/** Event `seq`'s gate reason changed, its hash left as it was: the edit only re-hashing would show. */
function editKeepingHash(events: AuditEvent[], seq: number): AuditEvent[] {
  return events.map((event) => (event.seq === seq ? { ...event, details: { ...event.details, reason: 'nothing to see here' } } as AuditEvent : event));
}

/** What someone without the key does: edit event `seq`, then re-hash the chain from there on, so every line is consistent. */
function rewriteFrom(events: AuditEvent[], seq: number): AuditEvent[] {
  const rewritten = events.filter((event) => event.seq < seq);
  for (const event of editKeepingHash(events, seq).filter((event) => event.seq >= seq)) {
    const { seq: _seq, prev_hash: _prev, hash: _hash, ...draft } = event;
    rewritten.push(chainAuditEvent(draft, rewritten.at(-1)));
  }
  return rewritten;
}

async function auditVerify(dir: string, log: string) {
  writeFileSync(join(dir, 'audit.pub'), key.publicPem);
  return (await verifyAuditLogSource({ source: { log }, publicKey: join(dir, 'audit.pub') }, nodeExec)).verification;
}

const refusal = (log: string, reason: string) => new RegExp(`^The audit trail could not be written: the audit log ${log} is not intact \\(${reason}\\), so no checkpoint was written; run gitops-sync audit verify --log ${log}\\.$`);

describe('the closing checkpoint of the file store', () => {
  it('does not re-hash the events its last signed checkpoint covers: one edited behind its hash gets past it, and audit verify still names it', async () => {
    const dir = tempDir('audit-closing-');
    const log = join(dir, 'events.jsonl');
    await record(log, 1, 5);
    writeEvents(log, editKeepingHash(readEvents(log), 2));

    await record(log, 6, 1);

    const checkpoints = readCheckpoints(`${log}.checkpoints.jsonl`);
    expect(checkpoints.map((checkpoint) => checkpoint.size)).toEqual([5, 6]);
    expect(verifyCheckpointSignature(checkpoints[1], key.publicPem).valid).toBe(true);
    expect(await auditVerify(dir, log)).toEqual({ intact: false, kind: 'modified', seq: 2, reason: 'seq 2 was modified: its hash does not match its content' });
  });

  it('refuses a log rewritten and re-hashed since its last signed checkpoint, in one sentence, appending no checkpoint', async () => {
    const log = join(tempDir('audit-closing-'), 'events.jsonl');
    await record(log, 1, 3);
    writeEvents(log, rewriteFrom(readEvents(log), 2));
    const before = readFileSync(`${log}.checkpoints.jsonl`, 'utf8');

    await expectRejection(
      record(log, 4, 1),
      refusal(log, `the log's first 3 events have Merkle root [0-9a-f]{12}…, the checkpoint of \\S+ says [0-9a-f]{12}…: the log was rewritten, or the checkpoint belongs to another log`),
    );
    expect(readFileSync(`${log}.checkpoints.jsonl`, 'utf8')).toBe(before);
  });

  it('refuses a log cut short below its last signed checkpoint', async () => {
    const log = join(tempDir('audit-closing-'), 'events.jsonl');
    await record(log, 1, 4);
    writeEvents(log, readEvents(log).slice(0, 2));

    await expectRejection(record(log, 3, 1), refusal(log, 'seq 4 was cut off the end: the checkpoint of \\S+ records 4 events, the log has 3'));
    expect(readCheckpoints(`${log}.checkpoints.jsonl`).map((checkpoint) => checkpoint.size)).toEqual([4]);
  });

  it('verifies in full the events after its last signed checkpoint: one edited there is refused', async () => {
    const log = join(tempDir('audit-closing-'), 'events.jsonl');
    await record(log, 1, 3);
    // Two events of a run that never closed its trail: no checkpoint covers them.
    const events = readEvents(log);
    for (const n of [4, 5]) events.push(chainAuditEvent(gateDraft(n), events.at(-1)));
    writeEvents(log, editKeepingHash(events, 4));

    await expectRejection(record(log, 6, 1), refusal(log, 'seq 4 was modified: its hash does not match its content'));
    expect(readCheckpoints(`${log}.checkpoints.jsonl`).map((checkpoint) => checkpoint.size)).toEqual([3]);
  });

  it('holds the checkpoints written after its last signed one to the log', async () => {
    const log = join(tempDir('audit-closing-'), 'events.jsonl');
    await record(log, 1, 3);
    await record(log, 4, 2, null);
    // Events 4 and 5 rewritten and re-hashed: only the unsigned checkpoint at 5 shows it.
    writeEvents(log, rewriteFrom(readEvents(log), 4));

    await expectRejection(
      record(log, 6, 1),
      refusal(log, `the log's first 5 events have Merkle root [0-9a-f]{12}…, the checkpoint of \\S+ says [0-9a-f]{12}…: the log was rewritten, or the checkpoint belongs to another log`),
    );
  });

  it('verifies the whole log again when no checkpoint is signed by its key (the key changed), and builds on its own checkpoint after that', async () => {
    const dir = tempDir('audit-closing-');
    const log = join(dir, 'events.jsonl');
    const newKey = pems();
    await record(log, 1, 5);
    const intact = readFileSync(log, 'utf8');
    writeEvents(log, editKeepingHash(readEvents(log), 2));

    await expectRejection(record(log, 6, 1, newKey.privatePem), refusal(log, 'seq 2 was modified: its hash does not match its content'));

    writeFileSync(log, intact);
    await record(log, 6, 1, newKey.privatePem);
    const checkpoints = readCheckpoints(`${log}.checkpoints.jsonl`);
    expect(checkpoints.map((checkpoint) => [checkpoint.size, verifyCheckpointSignature(checkpoint, newKey.publicPem).valid])).toEqual([
      [5, false],
      [6, true],
    ]);
  });

  it('without a signing key builds on its newest checkpoint: the same edit gets past it, a rewrite does not', async () => {
    const log = join(tempDir('audit-closing-'), 'events.jsonl');
    await record(log, 1, 5, null);
    writeEvents(log, editKeepingHash(readEvents(log), 2));
    await record(log, 6, 1, null);
    expect(readCheckpoints(`${log}.checkpoints.jsonl`).map((checkpoint) => [checkpoint.size, checkpoint.signature])).toEqual([
      [5, undefined],
      [6, undefined],
    ]);

    // Refused: the whole log is then verified, which names the first event that is not intact.
    writeEvents(log, rewriteFrom(readEvents(log), 3));
    await expectRejection(record(log, 7, 1, null), refusal(log, 'seq 2 was modified: its hash does not match its content'));
    expect(readCheckpoints(`${log}.checkpoints.jsonl`)).toHaveLength(2);
  });

  it('does not build on a checkpoint that carries its key id but was altered after signing', async () => {
    const log = join(tempDir('audit-closing-'), 'events.jsonl');
    await record(log, 1, 5);
    writeEvents(log, editKeepingHash(readEvents(log), 2));
    const [signed] = readCheckpoints(`${log}.checkpoints.jsonl`);
    writeFileSync(`${log}.checkpoints.jsonl`, `${JSON.stringify({ ...signed, time: '2020-01-01T00:00:00Z' })}\n`);

    await expectRejection(record(log, 6, 1), refusal(log, 'seq 2 was modified: its hash does not match its content'));
  });
});

describe('the git store', () => {
  it('extends a branch whose log has an event edited behind its hash before its last signed checkpoint, and audit verify names the event', async () => {
    const { root, remote, work, store } = auditBranchRemote('audit-closing-git-', key.privatePem);
    const first = store();
    for (let n = 1; n <= 3; n += 1) await first.record(gateDraft(n));
    await first.close();
    const editor = join(root, 'editor');
    git(root, 'clone', '-q', '-b', 'gitops-sync/audit', remote, editor);
    writeEvents(join(editor, 'events.jsonl'), editKeepingHash(readEvents(join(editor, 'events.jsonl')), 1));
    git(editor, '-c', 'user.name=x', '-c', 'user.email=x@example.invalid', 'commit', '-q', '-am', 'edit');
    git(editor, 'push', '-q', 'origin', 'gitops-sync/audit');

    const second = store();
    await second.record(gateDraft(4));
    await second.close();

    const checkpoints = git(remote, 'show', 'gitops-sync/audit:checkpoints.jsonl').trim().split('\n').map((line) => AuditCheckpoint.parse(JSON.parse(line)));
    expect(checkpoints.map((checkpoint) => [checkpoint.size, verifyCheckpointSignature(checkpoint, key.publicPem).valid])).toEqual([
      [3, true],
      [4, true],
    ]);
    const verdict = await verifyAuditLogSource({ source: { gitRef: 'gitops-sync/audit', cwd: work } }, nodeExec);
    expect(verdict.verification).toMatchObject({ intact: false, kind: 'modified', seq: 1 });
  });
});

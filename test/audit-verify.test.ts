import { createHash, generateKeyPairSync } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from '@jest/globals';
import { auditEventHash, chainAuditEvent, createCheckpoint, parseAuditLog, verifyAuditLog, type AuditEvent } from '@gitops-sync/core';
import { auditLog, gateDraft } from './support/audit-events.js';

const TIME = '2026-02-01T00:00:00Z';
const rehash = (event: AuditEvent): AuditEvent => ({ ...event, hash: auditEventHash(event) });

describe('verifyAuditLog', () => {
  const events = auditLog(10);

  it('finds an untouched log intact, with its size and Merkle root', () => {
    expect(verifyAuditLog(events)).toEqual({ intact: true, size: 10, root_hash: createCheckpoint(events, { time: TIME }).root_hash, checkpoint: null });
    expect(verifyAuditLog([])).toMatchObject({ intact: true, size: 0 });
  });

  it('hashes the RFC 8785 canonical JSON, as the npm canonicalize package writes it, also for non-ASCII text', () => {
    const draft = gateDraft(3);
    const event = chainAuditEvent({ ...draft, details: { ...draft.details, reason: 'zwei Freigaben \u00e4\u20ac\ud83d\ude00 "quoted" \\ \u0007' } as typeof draft.details }, undefined);
    const { hash: _hash, ...unhashed } = event;
    expect(event.hash).toBe(createHash('sha256').update(canonicalize(unhashed)!).digest('hex'));
  });

  it('names a modified event', () => {
    const tampered = events.map((event) => (event.seq === 4 ? { ...event, environment: 'dev' } : event));
    expect(verifyAuditLog(tampered)).toEqual({ intact: false, kind: 'modified', seq: 4, reason: 'seq 4 was modified: its hash does not match its content' });
  });

  it('names a modified and re-hashed event by the chain break after it', () => {
    const tampered = events.map((event) => (event.seq === 4 ? rehash({ ...event, environment: 'dev' }) : event));
    expect(verifyAuditLog(tampered)).toMatchObject({ intact: false, kind: 'chain-broken', seq: 5 });
  });

  it('names a deleted event, also the first one', () => {
    expect(verifyAuditLog(events.filter((event) => event.seq !== 6))).toEqual({ intact: false, kind: 'deleted', seq: 6, reason: 'seq 6 was deleted (seq 5 is followed by seq 7)' });
    expect(verifyAuditLog(events.slice(1))).toMatchObject({ kind: 'deleted', seq: 1, reason: 'seq 1 was deleted (the log starts at seq 2)' });
  });

  it('names an inserted copy of an event', () => {
    const tampered = [...events.slice(0, 7), events[2], ...events.slice(7)];
    expect(verifyAuditLog(tampered)).toEqual({ intact: false, kind: 'inserted', seq: 3, reason: 'seq 3 appears a second time (seq 7 is followed by seq 3): an event was inserted' });
  });

  it('names an inserted forged event that claims the next seq', () => {
    const forged = chainAuditEvent(gateDraft(99), events[4]);
    const tampered = [...events.slice(0, 5), forged, ...events.slice(5)];
    expect(verifyAuditLog(tampered)).toMatchObject({ intact: false, kind: 'inserted', seq: 6 });
  });

  it('names reordered events', () => {
    const tampered = [...events.slice(0, 4), events[5], events[4], ...events.slice(6)];
    expect(verifyAuditLog(tampered)).toEqual({ intact: false, kind: 'reordered', seq: 5, reason: 'seq 5 is out of place (seq 4 is followed by seq 6, and seq 5 comes later): the events were reordered' });
  });

  it('names the first missing event of a log truncated behind its checkpoint', () => {
    const checkpoint = createCheckpoint(events, { time: TIME });
    expect(verifyAuditLog(events.slice(0, 7), { checkpoint })).toEqual({
      intact: false,
      kind: 'truncated',
      seq: 8,
      reason: `seq 8 to 10 were cut off the end: the checkpoint of ${TIME} records 10 events, the log has 7`,
    });
  });

  it('accepts a log that grew after its checkpoint', () => {
    const checkpoint = createCheckpoint(events.slice(0, 6), { time: TIME });
    expect(verifyAuditLog(events, { checkpoint })).toMatchObject({ intact: true, size: 10, checkpoint: { size: 6, verified_key_id: null } });
  });

  it('refuses a checkpoint from another log', () => {
    const other = [chainAuditEvent(gateDraft(500), undefined)];
    for (let n = 501; n < 510; n += 1) other.push(chainAuditEvent(gateDraft(n), other.at(-1)));
    expect(verifyAuditLog(events, { checkpoint: createCheckpoint(other, { time: TIME }) })).toMatchObject({
      intact: false,
      kind: 'checkpoint-mismatch',
      seq: null,
      reason: expect.stringMatching(/^the log's first 10 events have Merkle root [0-9a-f]{12}…, the checkpoint of 2026-02-01T00:00:00Z says [0-9a-f]{12}…: the log was rewritten, or the checkpoint belongs to another log$/),
    });
  });

  it.each([
    ['last_hash', { last_hash: 'f'.repeat(64) }, /^the log's first 10 events end in the event hash [0-9a-f]{12}…, the checkpoint of 2026-02-01T00:00:00Z says ffffffffffff…: /],
    ['last_seq', { last_seq: 9 }, /^the log's first 10 events end at seq 10, the checkpoint of 2026-02-01T00:00:00Z says 9: /],
  ])('a checkpoint with the right root but a wrong %s says what differs', (_name, wrong, reason) => {
    const checkpoint = { ...createCheckpoint(events, { time: TIME }), ...wrong };
    expect(verifyAuditLog(events, { checkpoint })).toMatchObject({ intact: false, kind: 'checkpoint-mismatch', reason: expect.stringMatching(reason) });
  });

  it('finds a log rewritten from the start (every hash recomputed) by its checkpoint', () => {
    const checkpoint = createCheckpoint(events, { time: TIME });
    const rewritten: AuditEvent[] = [];
    for (const event of events) rewritten.push(chainAuditEvent({ ...gateDraft(event.seq), environment: 'dev' }, rewritten.at(-1)));
    expect(verifyAuditLog(rewritten)).toMatchObject({ intact: true });
    expect(verifyAuditLog(rewritten, { checkpoint })).toMatchObject({ intact: false, kind: 'checkpoint-mismatch' });
  });

  describe('with a public key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const signed = createCheckpoint(events, { time: TIME, signingKeyPem: privatePem });

    it('verifies the checkpoint signature and says by which key', () => {
      expect(verifyAuditLog(events, { checkpoint: signed, publicKeyPem: publicPem })).toMatchObject({ intact: true, checkpoint: { verified_key_id: signed.signature!.key_id } });
    });

    it('finds a checkpoint altered after signing (to hide a truncation) tampered', () => {
      const altered = { ...createCheckpoint(events.slice(0, 7), { time: TIME }), signature: signed.signature };
      expect(verifyAuditLog(events.slice(0, 7), { checkpoint: altered, publicKeyPem: publicPem })).toMatchObject({ intact: false, kind: 'checkpoint-signature', seq: null });
    });

    it('finds an unsigned checkpoint tampered when a key is given (its signature may have been stripped)', () => {
      expect(verifyAuditLog(events, { checkpoint: createCheckpoint(events, { time: TIME }), publicKeyPem: publicPem })).toMatchObject({ intact: false, kind: 'checkpoint-unsigned' });
    });

    it('refuses a public key that did not sign the checkpoint, as an error', () => {
      const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(() => verifyAuditLog(events, { checkpoint: signed, publicKeyPem: other })).toThrow(/^the checkpoint is signed by key [0-9a-f]{16}…, not by the given public key \([0-9a-f]{16}…\); give the public key that signs this log's checkpoints$/);
    });

    it('refuses a public key without a checkpoint', () => {
      expect(() => verifyAuditLog(events, { publicKeyPem: publicPem })).toThrow('a public key was given but no checkpoint to verify it against; give the checkpoint (--checkpoint) or leave out the key');
    });
  });
});

describe('parseAuditLog', () => {
  it('reads the events of a JSONL log, skipping blank lines', () => {
    const events = auditLog(3);
    expect(parseAuditLog(`${events.map((event) => JSON.stringify(event)).join('\n')}\n\n`, 'events.jsonl')).toEqual(events);
  });

  it('refuses a line that is not JSON, naming the line', () => {
    const text = `${JSON.stringify(auditLog(1)[0])}\n{"seq": 2, "hash\n`;
    expect(() => parseAuditLog(text, 'events.jsonl')).toThrow('line 2 of events.jsonl is not JSON; the log is corrupt there: restore it from a copy (the git store\'s branch, a job artifact) before verifying or appending');
  });

  it('refuses a line that is not an audit event, naming the line and the field', () => {
    const { seq: _seq, ...noSeq } = auditLog(1)[0];
    expect(() => parseAuditLog(JSON.stringify(noSeq), 'events.jsonl')).toThrow(/^line 1 of events.jsonl is not a gitops-sync\/audit-event@1 \(seq: .+\); the log is corrupt there/);
  });
});

import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { AuditCheckpoint, GitopsSyncConfig, parseAuditLog, verifyAuditLog, verifyCheckpointSignature } from '@gitops-sync/core';
import { fileAuditTrail, openAuditTrail } from '@gitops-sync/engine';
import { gateDraft } from './support/audit-events.js';
import { tempDir } from './support/temp-dir.js';

const run = promisify(execFile);
const readLog = (path: string) => parseAuditLog(readFileSync(path, 'utf8'), path);
const readCheckpoints = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((line) => AuditCheckpoint.parse(JSON.parse(line)));
const record = async (path: string, from: number, count: number, options: Parameters<typeof fileAuditTrail>[1] = {}) => {
  const trail = fileAuditTrail(path, options);
  for (let n = from; n < from + count; n += 1) await trail.record(gateDraft(n));
  return trail.close();
};

describe('the file audit store', () => {
  it('appends one chained line per event that verifies, and a checkpoint every N events and at close', async () => {
    const log = join(tempDir('audit-log-'), 'audit', 'events.jsonl');
    const returned = await record(log, 1, 5, { checkpointEvery: 2 });
    const lines = readFileSync(log, 'utf8').split('\n');
    expect(lines).toHaveLength(6);
    expect(readLog(log)).toEqual(returned);
    expect(verifyAuditLog(returned)).toMatchObject({ intact: true, size: 5 });
    const checkpoints = readCheckpoints(`${log}.checkpoints.jsonl`);
    expect(checkpoints.map((checkpoint) => checkpoint.size)).toEqual([2, 4, 5]);
    for (const checkpoint of checkpoints) expect(verifyAuditLog(returned, { checkpoint })).toMatchObject({ intact: true });
  });

  it('continues the chain of an existing log in a later run', async () => {
    const log = join(tempDir('audit-log-'), 'events.jsonl');
    await record(log, 1, 3);
    await record(log, 4, 3);
    expect(verifyAuditLog(readLog(log))).toMatchObject({ intact: true, size: 6 });
  });

  it('chains onto what another trail appended in between, not onto its own last event', async () => {
    const log = join(tempDir('audit-log-'), 'events.jsonl');
    const first = fileAuditTrail(log);
    const second = fileAuditTrail(log);
    await first.record(gateDraft(1));
    await second.record(gateDraft(2));
    await first.record(gateDraft(3));
    await Promise.all([first.close(), second.close()]);
    expect(verifyAuditLog(readLog(log))).toMatchObject({ intact: true, size: 3 });
  });

  it('keeps one chain when two processes append at once', async () => {
    const log = join(tempDir('audit-log-'), 'events.jsonl');
    const script = join(import.meta.dirname, 'support', 'append-audit-events.ts');
    await Promise.all([run('node', ['--import', 'tsx', script, log, '40', '1']), run('node', ['--import', 'tsx', script, log, '40', '1001'])]);
    const events = readLog(log);
    expect(verifyAuditLog(events)).toMatchObject({ intact: true, size: 80 });
    expect(new Set(events.map((event) => event.run.id)).size).toBe(80);
    const checkpoints = readCheckpoints(`${log}.checkpoints.jsonl`);
    for (const checkpoint of checkpoints) expect(verifyAuditLog(events, { checkpoint })).toMatchObject({ intact: true });
    expect(checkpoints.at(-1)!.size).toBe(80);
    expect(existsSync(`${log}.lock`)).toBe(false);
  }, 60_000);

  it('refuses to append after a corrupt last line, in one sentence, leaving the log as it was', async () => {
    const log = join(tempDir('audit-log-'), 'events.jsonl');
    await record(log, 1, 2);
    appendFileSync(log, '{"seq": 3, "hash": "ab\n');
    const before = readFileSync(log, 'utf8');
    await expect(record(log, 3, 1)).rejects.toThrow(
      `The audit trail could not be written: the last line of the audit log ${log} is not JSON (a torn write or an edit), so nothing was appended to it; run gitops-sync audit verify --log ${log} and restore the log from a copy.`,
    );
    expect(readFileSync(log, 'utf8')).toBe(before);
  });

  it.each(['events.jsonl', 'events.jsonl.checkpoints.jsonl'])('a folder where %s should be: one sentence naming both files and the setting that places them', async (name) => {
    const dir = tempDir('audit-log-');
    const log = join(dir, 'events.jsonl');
    mkdirSync(join(dir, name));
    const refused = record(log, 1, 1);
    await expect(refused).rejects.toThrow(
      new RegExp(`^The audit trail could not be written \\(EISDIR[^)]*\\); check that ${log} and ${log}\\.checkpoints\\.jsonl are files this job can write \\(audit\\.file, or audit\\.artifact_dir for the artifact store, in gitops-sync\\.yaml, says where\\)\\.$`),
    );
  });

  it('refuses to append after a torn last line without its newline, or a modified last event', async () => {
    const log = join(tempDir('audit-log-'), 'events.jsonl');
    await record(log, 1, 2);
    const text = readFileSync(log, 'utf8');
    writeFileSync(log, text.slice(0, -1));
    await expect(record(log, 3, 1)).rejects.toThrow(/the last line of the audit log .* does not end in a newline \(a torn write or an edit\), so nothing was appended/);
    writeFileSync(log, text.replace(/"staging"(?![\s\S]*"staging")/, '"dev"'));
    await expect(record(log, 3, 1)).rejects.toThrow(/the last line of the audit log .* does not match its own hash \(it was modified\), so nothing was appended/);
  });

  it('writes no checkpoint over a log that was tampered with', async () => {
    const log = join(tempDir('audit-log-'), 'events.jsonl');
    await record(log, 1, 3);
    const lines = readFileSync(log, 'utf8').split('\n');
    writeFileSync(log, [lines[0], lines[2], ''].join('\n'));
    await expect(record(log, 4, 1)).rejects.toThrow(/is not intact \(seq 2 was deleted \(seq 1 is followed by seq 3\)\), so no checkpoint was written/);
    expect(readCheckpoints(`${log}.checkpoints.jsonl`).map((checkpoint) => checkpoint.size)).toEqual([3]);
  });

  it('takes over the lock of a process that no longer runs', async () => {
    const log = join(tempDir('audit-log-'), 'events.jsonl');
    writeFileSync(`${log}.lock`, JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    await record(log, 1, 2);
    expect(readLog(log)).toHaveLength(2);
  });

  it('takes over an old lock of another host, but never one of a live process here', async () => {
    const log = join(tempDir('audit-log-'), 'events.jsonl');
    writeFileSync(`${log}.lock`, JSON.stringify({ pid: 1, host: 'another-runner', since: '2026-01-01T00:00:00Z' }));
    utimesSync(`${log}.lock`, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await record(log, 1, 1);
    writeFileSync(`${log}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    utimesSync(`${log}.lock`, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await expect(record(log, 2, 1, { lock: { waitMs: 200 } })).rejects.toThrow(/stayed locked by/);
    expect(readLog(log)).toHaveLength(1);
  });

  it('gives up on a lock held by a live process after the bounded wait, in one sentence', async () => {
    const log = join(tempDir('audit-log-'), 'events.jsonl');
    writeFileSync(`${log}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    await expect(record(log, 1, 1, { lock: { waitMs: 300 } })).rejects.toThrow(
      `The audit trail could not be written: the audit log ${log} stayed locked by ${log}.lock (process ${process.pid} on ${hostname()} since 2026-01-01T00:00:00Z) for 0.3 s; if no gitops-sync is running, delete that lock file and run again.`,
    );
    expect(existsSync(log)).toBe(false);
  });
});

describe('openAuditTrail', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('signs checkpoints with the Ed25519 key in the configured variable', async () => {
    const dir = tempDir('audit-open-');
    const config = GitopsSyncConfig.parse({ audit: { store: 'file', signing_key_env: 'AUDIT_KEY', checkpoint_every: 2 } });
    const trail = openAuditTrail({ config, configPath: join(dir, 'gitops-sync.yaml'), env: { AUDIT_KEY: privatePem } });
    for (let n = 1; n <= 3; n += 1) await trail.record(gateDraft(n));
    await trail.close();
    const checkpoints = readCheckpoints(join(dir, '.gitops-sync/audit/events.jsonl.checkpoints.jsonl'));
    expect(checkpoints.map((checkpoint) => [checkpoint.size, verifyCheckpointSignature(checkpoint, publicPem).valid])).toEqual([
      [2, true],
      [3, true],
    ]);
  });

  it('accepts the key with its line breaks escaped, as some CI secret stores keep it', async () => {
    const dir = tempDir('audit-open-');
    const config = GitopsSyncConfig.parse({ audit: { store: 'file' } });
    const trail = openAuditTrail({ config, configPath: join(dir, 'gitops-sync.yaml'), env: { GITOPS_SYNC_AUDIT_SIGNING_KEY: privatePem.trim().replaceAll('\n', '\\n') } });
    await trail.record(gateDraft(1));
    await trail.close();
    expect(readCheckpoints(join(dir, '.gitops-sync/audit/events.jsonl.checkpoints.jsonl'))[0].signature).toBeDefined();
  });

  it('refuses a signing key that is not Ed25519 in one sentence naming the variable, never its value', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const config = GitopsSyncConfig.parse({ audit: { store: 'file', signing_key_env: 'AUDIT_KEY' } });
    for (const value of [rsa, 'hunter2-not-a-key']) {
      let message = '';
      try {
        openAuditTrail({ config, configPath: '/nowhere/gitops-sync.yaml', env: { AUDIT_KEY: value } });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toBe('AUDIT_KEY does not hold an Ed25519 private key in PEM form (openssl genpkey -algorithm ed25519); fix that secret, or unset it to write unsigned audit checkpoints');
    }
  });

  it('writes the artifact store into the configured folder: the run\'s events.jsonl and checkpoints.jsonl', async () => {
    const dir = tempDir('audit-open-');
    const config = GitopsSyncConfig.parse({ audit: { store: 'artifact', artifact_dir: 'out/audit' } });
    const trail = openAuditTrail({ config, configPath: join(dir, 'gitops-sync.yaml'), env: {} });
    for (let n = 1; n <= 2; n += 1) await trail.record(gateDraft(n));
    const events = await trail.close();
    expect(readLog(join(dir, 'out/audit/events.jsonl'))).toEqual(events);
    expect(verifyAuditLog(events, { checkpoint: readCheckpoints(join(dir, 'out/audit/checkpoints.jsonl'))[0] })).toMatchObject({ intact: true, size: 2 });
  });
});

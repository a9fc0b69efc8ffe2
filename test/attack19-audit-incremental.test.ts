/**
 * Attacks on the incremental closing checkpoint (a run builds on the newest checkpoint its store's key
 * signed): an older signed checkpoint copied to the end of checkpoints.jsonl, or the newest one moved
 * before an older one, must not let a run sign a checkpoint over events rewritten and re-hashed since
 * the newest signed checkpoint that is still in the file — nor chain events after them on the branch.
 */
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { chainAuditEvent, parseAuditLog, type AuditEvent } from '@gitops-sync/core';
import { fileAuditTrail } from '@gitops-sync/engine';
import { gateDraft } from './support/audit-events.js';
import { auditBranchRemote } from './support/audit-git-store.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';
import { expectRejection } from './support/user-error.js';

const { privateKey } = generateKeyPairSync('ed25519');
const signingKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

async function record(log: string, from: number, count: number) {
  const trail = fileAuditTrail(log, { signingKeyPem });
  for (let n = from; n < from + count; n += 1) await trail.record(gateDraft(n));
  return trail.close();
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim());
const toText = (events: AuditEvent[]) => events.map((event) => `${JSON.stringify(event)}\n`).join('');

/** Someone without the key: event `seq` edited and the chain re-hashed from there, every line consistent. */
function rewriteFrom(text: string, seq: number): string {
  const rewritten: AuditEvent[] = [];
  for (const event of parseAuditLog(text, 'log')) {
    if (event.seq < seq) rewritten.push(event);
    else {
      const { seq: _seq, prev_hash: _prev, hash: _hash, ...draft } = event;
      const details = event.seq === seq ? { ...event.details, reason: 'nobody approved this' } : event.details;
      rewritten.push(chainAuditEvent({ ...draft, details } as typeof draft, rewritten.at(-1)));
    }
  }
  return toText(rewritten);
}

const MISMATCH_AT_6 = `the log's first 6 events have Merkle root [0-9a-f]{12}…, the checkpoint of \\S+ says [0-9a-f]{12}…: the log was rewritten, or the checkpoint belongs to another log`;

describe('the file store, its checkpoints file edited', () => {
  /** Two signed runs (checkpoints at 3 and 6), then events 5 and 6 rewritten and re-hashed. */
  async function rewrittenAfterTwoRuns() {
    const log = join(tempDir('attack19-'), 'events.jsonl');
    const checkpoints = `${log}.checkpoints.jsonl`;
    await record(log, 1, 3);
    await record(log, 4, 3);
    writeFileSync(log, rewriteFrom(readFileSync(log, 'utf8'), 5));
    return { log, checkpoints, signed: lines(readFileSync(checkpoints, 'utf8')) };
  }

  const refusal = (log: string) =>
    new RegExp(`^The audit trail could not be written: the audit log ${log} is not intact \\(${MISMATCH_AT_6}\\), so no checkpoint was written; run gitops-sync audit verify --log ${log}\\.$`);

  it('signs no checkpoint when an older signed checkpoint was copied to the end of the file', async () => {
    const { log, checkpoints, signed } = await rewrittenAfterTwoRuns();
    appendFileSync(checkpoints, `${signed[0]}\n`);
    const before = readFileSync(checkpoints, 'utf8');

    await expectRejection(record(log, 7, 1), refusal(log));
    expect(readFileSync(checkpoints, 'utf8')).toBe(before);
  });

  it('signs no checkpoint when the newest signed checkpoint was moved before an older one', async () => {
    const { log, checkpoints, signed } = await rewrittenAfterTwoRuns();
    writeFileSync(checkpoints, `${signed[1]}\n${signed[0]}\n`);

    await expectRejection(record(log, 7, 1), refusal(log));
    expect(lines(readFileSync(checkpoints, 'utf8'))).toEqual([signed[1], signed[0]]);
  });

  it('signs no checkpoint when the moved checkpoint is written with its size twice (the signature still holds: JSON takes the last)', async () => {
    const { log, checkpoints, signed } = await rewrittenAfterTwoRuns();
    const disguised = signed[1].replace('"size":6,', '"size":1,"size":6,');
    writeFileSync(checkpoints, `${disguised}\n${signed[0]}\n`);

    await expectRejection(record(log, 7, 1), refusal(log));
  });
});

describe('the file store, a line of tens of megabytes at the end of its files', () => {
  const LONG = 40 * 1024 * 1024;

  /** A run on a log whose checkpoints file (or log) a pull request replaced, timed: reading it from the end must not copy the long line once per 64 KB. */
  async function timedRun(edit: (log: string) => void) {
    const log = join(tempDir('attack19-long-'), 'events.jsonl');
    await record(log, 1, 2);
    edit(log);
    const started = performance.now();
    const error = await record(log, 3, 1).then(() => undefined, (caught: unknown) => caught);
    return { error, seconds: (performance.now() - started) / 1000 };
  }

  it('refuses a checkpoints file whose last line is not a checkpoint in about the time it takes to read it', async () => {
    const { error, seconds } = await timedRun((log) => appendFileSync(`${log}.checkpoints.jsonl`, `{"note":"${'a'.repeat(LONG)}"}\n`));
    await expectRejection(Promise.reject(error), /checkpoints\.jsonl is not a gitops-sync\/audit-checkpoint@1 \(schema: /);
    expect(seconds).toBeLessThan(5);
  }, 60_000);

  it('refuses a log whose last line is not an event in about the time it takes to read it', async () => {
    const { error, seconds } = await timedRun((log) => appendFileSync(log, `{"note":"${'a'.repeat(LONG)}"}\n`));
    await expectRejection(Promise.reject(error), /the last line of the audit log \S+ is not a gitops-sync\/audit-event@1, so nothing was appended to it/);
    expect(seconds).toBeLessThan(5);
  }, 60_000);
});

describe('the git store, its branch edited by a commit', () => {
  it('chains no event after events rewritten since its newest signed checkpoint when an older one was copied to the end', async () => {
    const { root, remote, fallback, store } = auditBranchRemote('attack19-git-', signingKeyPem);
    const run = async (from: number, count: number) => {
      const trail = store();
      for (let n = from; n < from + count; n += 1) await trail.record(gateDraft(n));
      return trail.close();
    };
    await run(1, 3);
    await run(4, 3);
    const bot = join(root, 'bot');
    git(root, 'clone', '-q', '-b', 'gitops-sync/audit', remote, bot);
    writeFileSync(join(bot, 'events.jsonl'), rewriteFrom(readFileSync(join(bot, 'events.jsonl'), 'utf8'), 5));
    appendFileSync(join(bot, 'checkpoints.jsonl'), `${lines(readFileSync(join(bot, 'checkpoints.jsonl'), 'utf8'))[0]}\n`);
    git(bot, 'commit', '-q', '-am', 'tidy');
    git(bot, 'push', '-q', 'origin', 'gitops-sync/audit');
    const tip = git(remote, 'rev-parse', 'gitops-sync/audit');

    await expectRejection(
      run(7, 1),
      new RegExp(`^The audit event of this run was not recorded on branch gitops-sync/audit of origin \\(events\\.jsonl on branch gitops-sync/audit is not intact \\(${MISMATCH_AT_6}\\), so no new event is chained after it\\) and were kept in ${fallback} instead; `),
    );
    expect(git(remote, 'rev-parse', 'gitops-sync/audit')).toBe(tip);
  });
});

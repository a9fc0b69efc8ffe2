// A log with one enormous line (a hostile edit, or junk written over it): each 4 MB chunk of it was
// joined onto all the ones before, so a 300 MB line took about a minute and a line past 512 MB could
// not be decoded at all. It is refused at 64 MB, far past any event, in one sentence naming the line.
import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { fileAuditTrail } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { gateDraft } from './support/audit-events.js';
import { tempDir } from './support/temp-dir.js';

describe('audit verify: a line longer than any event', () => {
  it('is the verdict in one sentence naming the line, tampered (exit 4), without reading it whole', async () => {
    const dir = tempDir('attack31audit-long-line-');
    const log = join(dir, 'events.jsonl');
    const trail = fileAuditTrail(log);
    for (let n = 1; n <= 2; n += 1) await trail.record(gateDraft(n));
    await trail.close();
    const fd = openSync(log, 'a');
    const block = Buffer.alloc(1024 * 1024, 'x');
    for (let mb = 0; mb < 80; mb += 1) writeSync(fd, block);
    closeSync(fd);
    appendFileSync(log, '\n');
    const started = Date.now();
    const result = await cli(['audit', 'verify', '--log', log], { cwd: dir });
    expect(result).toEqual({
      code: 4,
      stdout: `${log} was tampered with: line 3 of ${log} is longer than 64 MB, and no audit event is; the log is corrupt there: restore it from a copy (the git store's branch, a job artifact) before verifying or appending.\n`,
      stderr: '',
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

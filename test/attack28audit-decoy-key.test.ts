// An insider edits a gate event's line in the log to read `"outcome":"denied","outcome":"allowed"` (or the
// reverse). JSON takes a key's last value, so the event, its hash and the chain are as before and the edit
// went unseen — yet a reader that takes the first value (or a person reading the line) sees another
// decision. `audit verify` must notice that the line is no longer the one gitops-sync wrote.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { fileAuditTrail } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { gateDraft } from './support/audit-events.js';
import { tempDir } from './support/temp-dir.js';

async function logWithLine(edit: (line: string) => string) {
  const dir = tempDir('attack28audit-decoy-');
  const log = join(dir, 'events.jsonl');
  const trail = fileAuditTrail(log);
  for (let n = 1; n <= 3; n += 1) await trail.record(gateDraft(n));
  await trail.close();
  const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
  lines[1] = edit(lines[1]);
  writeFileSync(log, `${lines.join('\n')}\n`);
  return cli(['audit', 'verify', '--log', 'events.jsonl'], { cwd: dir });
}

describe('audit verify: an event line edited without changing what JSON reads from it', () => {
  it('finds the log written by the store intact', async () => {
    expect(await logWithLine((line) => line)).toMatchObject({ code: 0, stdout: expect.stringContaining('is intact: 3 events') });
  });

  it('refuses a line with a decoy copy of a key before the real one, naming the line', async () => {
    const result = await logWithLine((line) => line.replace('"outcome":"allowed"', '"outcome":"denied","outcome":"allowed"'));
    expect(result).toMatchObject({ code: 4, stderr: '' });
    expect(result.stdout).toMatch(/was tampered with: line 2 of \S*events\.jsonl is not written as gitops-sync writes an event \(a key twice, or spacing or escapes changed\): it was edited; restore the log from a copy \(the git store's branch, a job artifact\) before verifying or appending\.\n$/);
  });
});

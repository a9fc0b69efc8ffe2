// Whoever may push to the audit branch can commit an events.jsonl of any size. It was read whole into
// a string: past 512 MB that failed as "a bug in gitops-sync", and there was no bound at all (a file
// on disk is bounded by GITOPS_SYNC_MAX_INPUT_MB). Now it is read as bytes, up to that same bound.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { cli } from './support/cli.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

const saved = process.env.GITOPS_SYNC_MAX_INPUT_MB;
afterEach(() => {
  if (saved === undefined) delete process.env.GITOPS_SYNC_MAX_INPUT_MB;
  else process.env.GITOPS_SYNC_MAX_INPUT_MB = saved;
});

describe('audit verify --git-ref: an events.jsonl over the input limit', () => {
  it('is refused in one sentence naming the limit and how to raise it, exit 1', async () => {
    const dir = tempDir('attack31audit-git-huge-');
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'checkout', '-q', '--orphan', 'gitops-sync/audit');
    writeFileSync(join(dir, 'events.jsonl'), `${'x'.repeat(1023)}\n`.repeat(3 * 1024));
    git(dir, 'add', 'events.jsonl');
    git(dir, 'commit', '-q', '-m', 'Audit: events 1–3');
    git(dir, 'checkout', '-q', '--orphan', 'main');
    process.env.GITOPS_SYNC_MAX_INPUT_MB = '1';
    expect(await cli(['audit', 'verify', '--git-ref', 'gitops-sync/audit'], { cwd: dir })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'gitops-sync: gitops-sync/audit:events.jsonl is over the 1 MB limit for an audit log; raise GITOPS_SYNC_MAX_INPUT_MB, or restore the branch from its history if it should not be that large.\n',
    });
  });
});

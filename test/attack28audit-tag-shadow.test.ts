// An insider who cannot touch the protected audit branch pushes a tag with the branch's name
// (`gitops-sync/audit`) pointing at a log of their own making. Git resolves a bare name to a tag before a
// branch, locally and on fetch, so `audit verify --git-ref gitops-sync/audit` and `audit export` (which
// reads audit.branch) must read the branch, never a tag that shadows it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { fileAuditTrail } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { gateDraft } from './support/audit-events.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

/** The audit files of a log of `count` events, as the store writes them. */
async function auditFiles(count: number): Promise<Record<string, string>> {
  const dir = tempDir('attack28audit-log-');
  const log = join(dir, 'events.jsonl');
  const trail = fileAuditTrail(log);
  for (let n = 1; n <= count; n += 1) await trail.record(gateDraft(n));
  await trail.close();
  return { 'events.jsonl': readFileSync(log, 'utf8'), 'checkpoints.jsonl': readFileSync(`${log}.checkpoints.jsonl`, 'utf8') };
}

/** An origin whose audit branch holds 8 events, and a tag of the same name holding a forged log of 2. */
async function originWithShadowingTag(): Promise<string> {
  const repo = tempDir('attack28audit-origin-');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'commit', '-q', '--allow-empty', '-m', 'main');
  for (const [ref, count] of [['branch', 8], ['tag', 2]] as const) {
    git(repo, 'checkout', '-q', '--orphan', `audit-${ref}`);
    git(repo, 'rm', '-rq', '--cached', '--ignore-unmatch', '.');
    for (const [name, text] of Object.entries(await auditFiles(count))) writeFileSync(join(repo, name), text);
    git(repo, 'add', 'events.jsonl', 'checkpoints.jsonl');
    git(repo, 'commit', '-q', '-m', `audit: ${count} events`);
  }
  git(repo, 'checkout', '-q', 'main');
  git(repo, 'branch', '-q', '-m', 'audit-branch', 'gitops-sync/audit');
  git(repo, 'tag', 'gitops-sync/audit', 'audit-tag');
  git(repo, 'branch', '-q', '-D', 'audit-tag');
  return repo;
}

const verify = (cwd: string) => cli(['audit', 'verify', '--git-ref', 'gitops-sync/audit'], { cwd });

describe('audit verify --git-ref: a tag named like the audit branch', () => {
  it('reads the branch when the clone has the tag too', async () => {
    const origin = await originWithShadowingTag();
    const clone = join(tempDir('attack28audit-clone-'), 'clone');
    git(origin, 'clone', '-q', origin, clone);
    const result = await verify(clone);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('is intact: 8 events');
  });

  it('fetches the branch from origin, not the tag, when the clone has neither', async () => {
    const origin = await originWithShadowingTag();
    const clone = join(tempDir('attack28audit-clone-'), 'clone');
    git(origin, 'clone', '-q', '--no-tags', '--single-branch', '--branch', 'main', origin, clone);
    const result = await verify(clone);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('is intact: 8 events');
  });
});

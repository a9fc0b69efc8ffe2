// `gitops-sync audit verify` with no --log or --git-ref verifies "the configured store's" log. With the
// `git` store (set, or the default in CI) it read the `file` store's path instead — the fallback log,
// which holds only events a push could not deliver — and called that intact while the branch, the
// log the export reads, had its last events cut off.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { fileAuditTrail } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { gateDraft } from './support/audit-events.js';
import { auditBranchRemote } from './support/audit-git-store.js';
import { git } from './support/git-repo.js';
import { ed25519Pems } from './support/signed-audit-log.js';

const { privatePem, publicPem } = ed25519Pems();
const BRANCH = 'gitops-sync/audit';

async function gitStoreWithFallback(store: string) {
  const { work, store: trail } = auditBranchRemote('attack31audit-configured-', privatePem);
  for (let n = 1; n <= 3; n += 1) {
    const run = trail();
    await run.record(gateDraft(n));
    await run.close();
  }
  writeFileSync(join(work, 'gitops-sync.yaml'), `environments:\n  production:\n    terraform: { dir: terraform }\naudit:\n${store}  public_key: audit.pub\n`);
  writeFileSync(join(work, 'audit.pub'), publicPem);
  // An intact fallback log from a run whose push failed.
  const fallback = join(work, '.gitops-sync/audit/events.jsonl');
  mkdirSync(dirname(fallback), { recursive: true });
  const kept = fileAuditTrail(fallback, { signingKeyPem: privatePem });
  await kept.record(gateDraft(9));
  await kept.close();
  // The branch's last event and checkpoint cut off by a fast-forward commit.
  git(work, 'fetch', '-q', 'origin', `${BRANCH}:${BRANCH}`);
  git(work, 'checkout', '-q', BRANCH);
  for (const file of ['events.jsonl', 'checkpoints.jsonl']) writeFileSync(join(work, file), `${readFileSync(join(work, file), 'utf8').trimEnd().split('\n').slice(0, 2).join('\n')}\n`);
  git(work, 'commit', '-q', '-am', 'tidy');
  git(work, 'push', '-q', 'origin', BRANCH);
  git(work, 'checkout', '-q', '--detach');
  git(work, 'branch', '-q', '-D', BRANCH);
  return work;
}

describe('audit verify without --log or --git-ref', () => {
  it('verifies the git store\'s branch when audit.store is git', async () => {
    const work = await gitStoreWithFallback('  store: git\n');
    const result = await cli(['audit', 'verify'], { cwd: work });
    expect(result).toMatchObject({ code: 4, stderr: '' });
    expect(result.stdout).toMatch(/^gitops-sync\/audit:events\.jsonl was tampered with: its commit [0-9a-f]{12} made events\.jsonl smaller/);
  });

  it('verifies the branch in CI, where the git store is the default', async () => {
    const work = await gitStoreWithFallback('');
    const result = await cli(['audit', 'verify'], { cwd: work, env: { GITHUB_ACTIONS: 'true' } });
    expect(result).toMatchObject({ code: 4, stderr: '' });
    expect(result.stdout).toMatch(/^gitops-sync\/audit:events\.jsonl was tampered with/);
  });

  it('still verifies the file at audit.file in a terminal, where the file store is the default', async () => {
    const work = await gitStoreWithFallback('');
    const result = await cli(['audit', 'verify'], { cwd: work, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/\.gitops-sync\/audit\/events\.jsonl is intact: 1 events/);
  });
});

/**
 * `audit verify --git-ref R` fetched R from origin and then read FETCH_HEAD: a fetch run meanwhile in the
 * same checkout (an editor's background fetch, another job on a shared runner's checkout) rewrites FETCH_HEAD,
 * and another branch's commit was verified as the audit branch. The commit is now the one origin named for R.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Exec } from '../packages/engine/src/ports.js';
import { nodeExec } from '../packages/engine/src/node-exec.js';
import { verifyAuditLogSource } from '../packages/engine/src/audit/verify-log.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

describe('audit verify --git-ref: a fetch in the same checkout meanwhile', () => {
  it('verifies the audit branch origin has, not what FETCH_HEAD names afterwards', async () => {
    const origin = tempDir('audit-origin-');
    git(origin, 'init', '-q', '-b', 'main');
    writeFileSync(join(origin, 'events.jsonl'), '{"not":"the audit log"}\n');
    git(origin, 'add', 'events.jsonl');
    git(origin, 'commit', '-q', '-m', 'main');
    const mainSha = git(origin, 'rev-parse', 'HEAD').trim();
    git(origin, 'checkout', '-q', '--orphan', 'gitops-sync/audit');
    writeFileSync(join(origin, 'events.jsonl'), '{"seq":1}\n');
    git(origin, 'commit', '-q', '-am', 'audit');
    const auditSha = git(origin, 'rev-parse', 'HEAD').trim();
    git(origin, 'checkout', '-q', 'main');
    const clone = join(tempDir('audit-clone-'), 'clone');
    git(origin, 'clone', '-q', origin, clone);

    const commits: string[] = [];
    let raced = false;
    const exec: Exec = {
      async run(command, args, options) {
        const result = await nodeExec.run(command, args, options);
        if (command === 'git' && args[0] === 'fetch' && !raced) {
          raced = true;
          git(clone, 'fetch', '-q', 'origin', 'main');
        }
        commits.push(...args.filter((arg) => /^[0-9a-f]{40}/.test(arg)).map((arg) => arg.slice(0, 40)));
        return result;
      },
    };
    await verifyAuditLogSource({ source: { gitRef: 'gitops-sync/audit', cwd: clone } } as Parameters<typeof verifyAuditLogSource>[0], exec).catch(() => undefined);
    expect(raced).toBe(true);
    expect(commits).toContain(auditSha);
    expect(commits).not.toContain(mainSha);
  });
});

// Adversarial review of issue 12: a commit's committer date is whatever its author says, so a direct push
// dated before the period must neither hide itself nor the changes before it from `audit export`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { collectAuditPopulation, nodeExec, systemClock } from '@gitops-sync/engine';
import { tempDir } from './support/temp-dir.js';

function repository() {
  const dir = tempDir('attack12-backdated-');
  const git = (time: string, ...args: string[]) => {
    const result = spawnSync('git', ['-c', 'user.name=Mallory', '-c', 'user.email=mallory@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: time, GIT_COMMITTER_DATE: time },
    });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout.trim();
  };
  git('2026-01-01T00:00:00Z', 'init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'infra'));
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  production:\n    paths: [infra]\n');
  const commit = (file: string, time: string) => {
    writeFileSync(join(dir, 'infra', file), `# ${file}\n`);
    git(time, 'add', '.');
    git(time, 'commit', '-q', '-m', file);
    return git(time, 'rev-parse', 'HEAD');
  };
  const shas = [
    commit('a.tf', '2026-02-20T10:00:00Z'),
    commit('b.tf', '2026-03-02T10:00:00Z'),
    commit('c.tf', '2026-03-03T10:00:00Z'),
    commit('d.tf', '2026-03-04T10:00:00Z'),
    commit('e.tf', '2026-03-05T10:00:00Z'),
    commit('f.tf', '2026-03-06T10:00:00Z'),
    commit('g.tf', '2026-03-07T10:00:00Z'),
    // Pushed on 8 March, dated 2019 (GIT_COMMITTER_DATE), then more honest work on top.
    commit('evil.tf', '2019-01-01T00:00:00Z'),
    commit('h.tf', '2026-03-09T10:00:00Z'),
  ];
  return { dir, shas };
}

describe('audit export on a branch with a backdated commit', () => {
  it('lists the backdated commit and every change of the period before it', async () => {
    const { dir, shas } = repository();
    const population = await collectAuditPopulation({
      cwd: dir,
      config: parseConfig(readFileSync(join(dir, 'gitops-sync.yaml'), 'utf8'), 'gitops-sync.yaml'),
      configPath: join(dir, 'gitops-sync.yaml'),
      since: new Date('2026-03-01T00:00:00Z'),
      until: new Date('2026-04-01T00:00:00Z'),
      events: [],
      exec: nodeExec,
      clock: systemClock,
    });
    expect(population.changes.map((change) => change.sha)).toEqual(shas.slice(1));
  });
});

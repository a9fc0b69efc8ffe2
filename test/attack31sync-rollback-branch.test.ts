/**
 * Attack (a config the rollback misreads) on `rollback --mode git`: an environment that deploys from
 * its own branch (`approval.environments.prod.branch: release`) was rolled back on main unless
 * `--branch` said otherwise. main never had the failed change, so the rollback said "nothing to roll
 * back", exit 0, and production kept running it. Real git with a bare remote.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

test("a rollback without --branch restores the environment on its own branch, not main", async () => {
  const root = tempDir('gitops-sync-attack31sync-branch-');
  const remote = join(root, 'origin.git');
  const work = join(root, 'work');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(root, 'clone', '-q', remote, work);
  git(work, 'checkout', '-q', '-B', 'main');
  writeFileSync(join(work, 'gitops-sync.yaml'), 'environments:\n  prod:\n    paths: [prod]\napproval:\n  environments:\n    prod: { branch: release }\n');
  mkdirSync(join(work, 'prod'));
  writeFileSync(join(work, 'prod/app.txt'), 'v1\n');
  git(work, 'add', '.');
  git(work, 'commit', '-q', '-m', 'prod v1');
  const good = git(work, 'rev-parse', 'HEAD');
  git(work, 'push', '-q', 'origin', 'main');
  git(work, 'checkout', '-q', '-b', 'release');
  writeFileSync(join(work, 'prod/app.txt'), 'v2 (broken)\n');
  git(work, 'commit', '-q', '-am', 'prod v2');
  git(work, 'push', '-q', 'origin', 'release');
  git(work, 'checkout', '-q', 'main');

  const run = await cli(['rollback', 'prod', '--to-commit', good, '--direct'], { cwd: work, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });

  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^prod \(git\): rolled back\n/);
  expect(git(remote, 'show', 'release:prod/app.txt')).toBe('v1');
  expect(git(remote, 'log', '-1', '--format=%s', 'release')).toBe(`Roll back prod to ${good.slice(0, 7)}`);
  expect(git(remote, 'rev-parse', 'main')).toBe(good);
}, 60_000);

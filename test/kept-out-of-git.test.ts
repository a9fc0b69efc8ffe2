/**
 * What gitops-sync keeps in a checkout (the audit log, state backups, locks) may hold secrets: a local
 * run left `.gitops-sync/` and `backups/<env>/<time>.tfstate` (a plaintext state) untracked and
 * unignored, and the README's own `git add -A && git commit` would have committed them (helper-117's
 * newcomer walk). The first folder gitops-sync makes for them now carries a `.gitignore` of `*`.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { mkdirKeptOutOfGit } from '../packages/engine/src/files.js';
import { writeStateBackup } from '../packages/engine/src/sync/sync-terraform.js';
import { cli } from './support/cli.js';
import { commitTerraformEnvironment, git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, offlineTerraformEnv } from './support/terraform.js';

function repository(): string {
  const dir = tempDir('gitops-sync-kept-out-');
  commitTerraformEnvironment(dir, 'dev', 'main');
  return dir;
}

describe('mkdirKeptOutOfGit', () => {
  test('a state backup in a folder it made is neither shown by git status nor committed by git add -A', async () => {
    const dir = repository();
    const backup = await writeStateBackup(join(dir, 'backups', 'dev'), Buffer.from('{"lineage":"l","serial":1,"secret":"hunter2-value"}'), new Date('2026-12-07T09:00:00Z'));
    expect(existsSync(backup)).toBe(true);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    git(dir, 'add', '-A');
    expect(git(dir, 'diff', '--cached', '--name-only')).toBe('');
  });

  test('a folder that was there already (the user may commit into it) is left as it is', () => {
    const dir = repository();
    mkdirSync(join(dir, 'backups'));
    mkdirKeptOutOfGit(join(dir, 'backups'));
    expect(existsSync(join(dir, 'backups', '.gitignore'))).toBe(false);
    // Of a path made deeper, only the first folder made gets it.
    mkdirKeptOutOfGit(join(dir, 'backups', 'dev', 'more'));
    expect(readFileSync(join(dir, 'backups', 'dev', '.gitignore'), 'utf8')).toMatch(/^#.*\n\*\n$/);
    expect(existsSync(join(dir, 'backups', 'dev', 'more', '.gitignore'))).toBe(false);
  });
});

describeWithTerraform('a local drift run in a repository', () => {
  test('leaves git status clean: its audit log is kept out of Git', async () => {
    const dir = repository();
    const run = await cli(['drift', 'dev'], { cwd: dir, env: offlineTerraformEnv(tempDir('gitops-sync-kept-out-tf-')) });
    expect(run.code).toBe(2);
    expect(existsSync(join(dir, '.gitops-sync'))).toBe(true);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });
});

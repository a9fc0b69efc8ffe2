/**
 * gitops-sync's git runs rely on safe.bareRepository=explicit (git 2.38+) so that a folder a pull request
 * commits as a bare repository is never taken for one; older git ignores the setting silently. The first
 * git run of a process with such a git says so once, on stderr, and the run goes on.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, jest, test } from '@jest/globals';
import { nodeExec, oldGitWarning } from '@gitops-sync/engine';
import { tempDir } from './support/temp-dir.js';
import { writeFiles } from './support/terraform.js';

afterEach(() => {
  jest.restoreAllMocks();
});

test('versions before 2.38 get the warning, naming the version and what to do; 2.38 and later, and unreadable output, get none', () => {
  for (const output of ['git version 2.34.1', 'git version 2.30.2', 'git version 2.37.9.windows.1', 'git version 1.8.3.1']) {
    const warning = oldGitWarning(output);
    expect(warning).toContain(`git ${/\d+\.\d+(\.\d+)?/.exec(output)![0]} is older than 2.38 and ignores safe.bareRepository`);
    expect(warning).toContain('use git 2.38 or later in this job.');
  }
  for (const output of ['git version 2.38.0', 'git version 2.39.5', 'git version 2.47.1.windows.2', 'git version 3.0.0', 'git version unknown']) {
    expect(oldGitWarning(output)).toBeUndefined();
  }
});

/** A folder whose `git` says it is `version` and otherwise runs the real git. */
function gitSaying(version: string): string {
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const bin = tempDir('gitops-sync-old-git-');
  writeFiles(bin, { git: `#!/bin/sh\nif [ "$1" = --version ]; then echo 'git version ${version}'; exit 0; fi\nexec '${real}' "$@"\n` });
  chmodSync(join(bin, 'git'), 0o755);
  return bin;
}

function stderrWrites(): string[] {
  const writes: string[] = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  return writes;
}

test('a git run with git 2.34 warns once per process and still runs; the machine\'s own git (2.38+) warns nothing', async () => {
  const repo = tempDir('gitops-sync-old-git-repo-');
  execFileSync('git', ['init', '-q', repo]);
  const writes = stderrWrites();
  const env = { ...process.env, PATH: `${gitSaying('2.34.1')}:${process.env.PATH}` };
  for (let run = 0; run < 3; run++) {
    const result = await nodeExec.run('git', ['rev-parse', '--is-inside-work-tree'], { cwd: repo, env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.toString('utf8').trim()).toBe('true');
  }
  expect(writes.filter((line) => line.includes('safe.bareRepository'))).toEqual([
    'gitops-sync: warning: git 2.34.1 is older than 2.38 and ignores safe.bareRepository: a folder a pull request commits as a bare repository (HEAD, objects/, refs/) could be taken for a repository, with its config and hooks, by a git command gitops-sync runs in it; use git 2.38 or later in this job.\n',
  ]);

  writes.length = 0;
  const own = execFileSync('git', ['--version'], { encoding: 'utf8' });
  const result = await nodeExec.run('git', ['rev-parse', '--is-inside-work-tree'], { cwd: repo, env: { ...process.env, PATH: `${tempDir('gitops-sync-path-')}:${process.env.PATH}` } });
  expect(result.exitCode).toBe(0);
  expect(writes.filter((line) => line.includes('safe.bareRepository'))).toEqual(oldGitWarning(own) ? [expect.any(String)] : []);
});

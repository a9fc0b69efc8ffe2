/** generate codeowners with a config whose path CODEOWNERS reads differently from the file system. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { parseCodeowners } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

const CONFIG = `approval:
  environments:
    production:
      production: true
      required_teams: [acme/platform]
`;

function repoWithConfigAt(folder: string): string {
  const repo = tempDir('gitops-sync-attack11-codeowners-');
  git(repo, 'init', '-q', '-b', 'main');
  mkdirSync(join(repo, folder), { recursive: true });
  writeFileSync(join(repo, folder, 'gitops-sync.yaml'), CONFIG);
  return repo;
}

test('a config in a folder with a space is still owned: the space is escaped, not the end of the pattern', async () => {
  const repo = repoWithConfigAt('ops config');
  const run = await cli(['generate', 'codeowners', '--config', 'ops config/gitops-sync.yaml', '--output', 'CODEOWNERS'], { cwd: repo });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const text = readFileSync(join(repo, 'CODEOWNERS'), 'utf8');
  expect(text).toContain('/ops\\ config/gitops-sync.yaml @acme/platform\n');
  expect(parseCodeowners(text, 'github').requirementsFor('ops config/gitops-sync.yaml')[0].owners).toEqual(['@acme/platform']);
});

test('a config path with a character CODEOWNERS reads as a pattern is refused, in one sentence', async () => {
  const repo = repoWithConfigAt('ops[1]');
  const run = await cli(['generate', 'codeowners', '--config', 'ops[1]/gitops-sync.yaml'], { cwd: repo });
  expect(run).toEqual({
    code: 1,
    stdout: '',
    stderr: 'gitops-sync: The config ops[1]/gitops-sync.yaml has a character CODEOWNERS reads as a pattern ([, ], *, ?, \\ or a control character), so no line could own exactly it; move it to a plain path.\n',
  });
});

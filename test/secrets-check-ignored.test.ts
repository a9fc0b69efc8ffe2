/**
 * `secrets check` in a clone checks what is or may be committed: what git ignores and does not track
 * (`.terraform/` after `terraform init`, with its provider binaries and backend credentials; a local
 * `.env`) is not at rest in the repository, and flagging it failed every drift job that ran Terraform
 * first. A tracked file is checked wherever it is, as is an untracked file git does not ignore, and a
 * path named on the command line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

// Built at run time so no scanner flags this test file; AWS's documented example key id, varied.
const key = (last: string) => ['AKIA', 'IOSFODNN7', 'EXAMPL', last].join('');

function repo(): string {
  const dir = tempDir('gitops-sync-secrets-ignored-');
  const write = (files: Record<string, string | Buffer>) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  };
  git(dir, 'init', '-q', '-b', 'main');
  write({ '.gitignore': '.terraform/\n.env\nbuild/\n', 'infra/main.tf': 'terraform {}\n', 'build/kept.txt': `K=${key('A')}\n` });
  git(dir, 'add', '-A');
  // A file under an ignored folder that was committed anyway is at rest like any other.
  git(dir, 'add', '-f', 'build/kept.txt');
  git(dir, 'commit', '-q', '-m', 'base');
  write({
    'infra/.terraform/terraform.tfstate': JSON.stringify({ version: 3, backend: { type: 's3', config: { access_key: key('B') } } }),
    'infra/.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws': Buffer.alloc(9 * 1024 * 1024, 1),
    '.env': `AWS_ACCESS_KEY_ID=${key('C')}\n`,
    'build/out.txt': `K=${key('D')}\n`,
    'infra/notes.txt': `K=${key('E')}\n`,
  });
  return dir;
}

const found = (stdout: string) => (JSON.parse(stdout) as { findings: { file: string; rule: string }[] }).findings.map((finding) => `${finding.file} ${finding.rule}`);

test('skips what git ignores and does not track; checks tracked files and untracked ones git does not ignore', async () => {
  const dir = repo();
  const run = await cli(['secrets', 'check', '--format', 'json'], { cwd: dir });
  expect(found(run.stdout)).toEqual(['build/kept.txt aws-access-key-id', 'infra/notes.txt aws-access-key-id']);
  expect(run.code).toBe(2);
});

test('checks an ignored path named on the command line', async () => {
  const dir = repo();
  const run = await cli(['secrets', 'check', '--format', 'json', '.env', 'infra/.terraform'], { cwd: dir });
  expect(found(run.stdout).sort()).toEqual([
    '.env aws-access-key-id',
    'infra/.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws file-too-large',
    'infra/.terraform/terraform.tfstate aws-access-key-id',
  ]);
});

test('outside a git work tree, every file is checked', async () => {
  const dir = tempDir('gitops-sync-secrets-no-git-');
  mkdirSync(join(dir, '.terraform'));
  writeFileSync(join(dir, '.gitignore'), '.terraform/\n');
  writeFileSync(join(dir, '.terraform/terraform.tfstate'), `{"access_key":"${key('F')}"}`);
  const run = await cli(['secrets', 'check', '--format', 'json'], { cwd: dir });
  expect(found(run.stdout)).toEqual(['.terraform/terraform.tfstate aws-access-key-id']);
});

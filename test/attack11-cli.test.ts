/**
 * The command line, attacked by a sloppy config or a hurried person: a folder flag that writes a
 * file, and an environment given twice (a name and --environments) where one was silently dropped.
 */
import { cpSync, existsSync, statSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { REPO_ROOT } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, offlineTerraformEnv } from './support/terraform.js';

let estate: string;
let env: Record<string, string>;
beforeEach(() => {
  const work = tempDir('gitops-sync-attack11-cli-');
  estate = join(work, 'estate');
  cpSync(resolve(REPO_ROOT, 'examples/estate'), estate, { recursive: true });
  env = { ...offlineTerraformEnv(work), GITHUB_ACTIONS: '', GITLAB_CI: '', GITHUB_EVENT_NAME: '', CI_MERGE_REQUEST_IID: '', CI_PIPELINE_SOURCE: '' };
});

const run = (...args: string[]) => cli(args, { cwd: estate, env });

describeWithTerraform('--output-dir always names a folder', () => {
  test('drift of one environment with --output-dir or --output-directory writes its reports into that folder', async () => {
    for (const flag of ['--output-dir', '--output-directory']) {
      const result = await run('drift', 'staging', flag, `out${flag}`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.code).toBe(2);
      expect(statSync(join(estate, `out${flag}`)).isDirectory()).toBe(true);
      expect(existsSync(join(estate, `out${flag}`, 'drift-report-staging.json'))).toBe(true);
      expect(existsSync(join(estate, `out${flag}`, 'drift-report-staging.md'))).toBe(true);
      expect(result.stdout).toContain(`Reports written to ${join(estate, `out${flag}`)}\n`);
    }
  });

  test('drift of one environment with --output naming an existing folder writes into it, never over it', async () => {
    cpSync(join(estate, 'staging'), join(estate, 'reports'), { recursive: true });
    const result = await run('drift', 'staging', '--output', 'reports');
    expect(result.code).toBe(2);
    expect(existsSync(join(estate, 'reports', 'drift-report-staging.json'))).toBe(true);
    expect(existsSync(join(estate, 'reports', 'main.tf'))).toBe(true);
  });

  test('a reports folder that is a symbolic link (a pull request may commit one) is refused before anything is written', async () => {
    symlinkSync('production', join(estate, 'out'));
    const result = await run('drift', '--environments', 'dev,staging', '--output-dir', 'out');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/gitops-sync: The output folder .*out is a symbolic link or passes through one \(out\); reports are written only to a real folder in the workspace: remove the link or choose another output folder\.\n$/);
    expect(existsSync(join(estate, 'production', 'summary.md'))).toBe(false);
  });

  test('a command that writes one file refuses --output-dir rather than writing a file by that name', async () => {
    const result = await run('generate', 'ruleset', '--output-dir', 'rules');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('gitops-sync: --output-dir names a folder, and generate writes one file: use --output FILE.\n');
    expect(existsSync(join(estate, 'rules'))).toBe(false);
  });
});

test('an environment named twice, as a name and in --environments, is a usage error, not one of them dropped', async () => {
  for (const command of [['sync'], ['drift'], []]) {
    const result = await run(...command, 'development', '--environments', 'production', '--dry-run');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/gitops-sync: give the environments either as names \(development\) or as --environments production, not both\.\n$/);
  }
});

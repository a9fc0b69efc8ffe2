/**
 * Mistakes a newcomer made walking through the README (helper-117): each is refused in one sentence
 * that says how to fix it, before anything slow runs.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { commitTerraformEnvironment } from './support/git-repo.js';
import { REPO_ROOT } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';
import { writeFiles } from './support/terraform.js';

/** A repository on `master` with one environment, and a terraform on the PATH that only notes it was run. */
function repository() {
  const dir = tempDir('gitops-sync-newcomer-');
  commitTerraformEnvironment(dir, 'staging', 'master');
  const bin = join(dir, '.bin');
  const ran = join(dir, 'terraform-ran');
  writeFiles(bin, { terraform: `#!/bin/sh\ntouch '${ran}'\nexit 1\n` });
  chmodSync(join(bin, 'terraform'), 0o755);
  return { dir, ran, env: { PATH: `${bin}:${process.env.PATH}` } };
}

test.each([
  ['drift staging --format yaml', ['drift', 'staging', '--format', 'yaml']],
  ['drift --environments staging --format yaml', ['drift', '--environments', 'staging', '--format', 'yaml']],
  ['analyze --format yaml', ['analyze', '--input', 'plan.json', '--format', 'yaml']],
])('%s: the format is refused before terraform runs or the input is read', async (_name, args) => {
  const { dir, ran, env } = repository();
  writeFileSync(join(dir, 'plan.json'), '{"format_version":"1.2"');
  const run = await cli(args, { cwd: dir, env });
  expect(run.code).toBe(1);
  expect(run.stderr).toBe('gitops-sync: --format yaml is not a format; use table, markdown or json.\n');
  expect(existsSync(ran)).toBe(false);
});

test.each([
  ['drift staging --output drift.yaml', ['drift', 'staging', '--output', 'drift.yaml'], 'drift.yaml', 'YAML'],
  ['analyze --output report.html', ['analyze', '--input', 'plan.json', '--output', 'report.html'], 'report.html', 'HTML'],
])('%s: an extension naming a format gitops-sync does not write is refused before anything runs, and no file is written', async (_name, args, file, format) => {
  const { dir, ran, env } = repository();
  writeFileSync(join(dir, 'plan.json'), '{"format_version":"1.2"');
  const run = await cli(args, { cwd: dir, env });
  expect(run.code).toBe(1);
  expect(run.stderr).toBe(`gitops-sync: --output ${file}: gitops-sync writes no ${format} report; name the file .json, .md or .txt (the format follows the extension), or pass --format json|markdown|table.\n`);
  expect(existsSync(ran)).toBe(false);
  expect(existsSync(join(dir, file))).toBe(false);
});

test('the --output extension picks the format: .txt a table, .json JSON, .markdown Markdown; --format overrides it', async () => {
  const { dir } = repository();
  writeFileSync(join(dir, 'plan.json'), readFileSync(join(REPO_ROOT, 'examples', 'demo', 'recorded-plan.json')));
  const written = async (...args: string[]) => {
    const output = args[args.indexOf('--output') + 1];
    const run = await cli(['analyze', '--input', 'plan.json', ...args], { cwd: dir });
    expect(run.code).toBe(2);
    return readFileSync(join(dir, output), 'utf8');
  };
  expect(await written('--output', 'report.txt')).toMatch(/^Drift in default: \d+ change\(s\)/);
  expect(JSON.parse(await written('--output', 'report.json')).drift_detected).toBe(true);
  expect(await written('--output', 'report.markdown')).toMatch(/^## /m);
  expect(JSON.parse(await written('--output', 'report.yml', '--format', 'json')).drift_detected).toBe(true);
});

test.each([['drift', 'staging'], ['sync', 'staging', '--dry-run']])('%s from a subfolder of the repository names the gitops-sync.yaml above and how to use it; nothing runs', async (...args) => {
  const { dir, ran, env } = repository();
  const subfolder = join(dir, 'infra', 'modules');
  mkdirSync(subfolder, { recursive: true });
  const run = await cli(args, { cwd: subfolder, env });
  expect(run.code).toBe(1);
  expect(run.stderr + run.stdout).toContain(`${join(subfolder, 'gitops-sync.yaml')} does not exist, but ${join(dir, 'gitops-sync.yaml')} does: run gitops-sync in ${dir}, or pass --config ${join(dir, 'gitops-sync.yaml')}.`);
  expect(existsSync(ran)).toBe(false);
});

test('sync in a clone whose default branch is not main (no origin/HEAD) says where the policy is read from and how to set it', async () => {
  const { dir, env } = repository();
  const run = await cli(['sync', 'staging'], { cwd: dir, env });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('there is no branch main in the clone');
  expect(run.stderr).toContain('the policy is read from the branch origin/HEAD names, else main: `git remote set-head origin --auto` sets it');
});

test('analyze for an environment the config does not have prints no Next: sync line (sync would refuse it); for one it has, it does', async () => {
  const { dir } = repository();
  const plan = join(REPO_ROOT, 'examples', 'demo', 'recorded-plan.json');
  const unknown = await cli(['analyze', '--input', plan], { cwd: dir });
  expect(unknown.code).toBe(2);
  expect(unknown.stdout).toContain('Remediation plan:');
  expect(unknown.stdout).not.toContain('Next:');
  const markdown = await cli(['analyze', '--input', plan, '--environment', 'prod', '--format', 'markdown'], { cwd: dir });
  expect(markdown.stdout).toContain('### Remediation plan');
  expect(markdown.stdout).not.toContain('**Next:**');
  const known = await cli(['analyze', '--input', plan, '--environment', 'staging'], { cwd: dir });
  expect(known.stdout).toContain('Next: gitops-sync sync staging --dry-run');
});

test('drift-detect, likewise: no Next: sync line for an environment the config does not have; one for an environment it has', async () => {
  const { dir } = repository();
  const plan = join(REPO_ROOT, 'examples', 'demo', 'recorded-plan.json');
  const unknown = await cli(['drift-detect', '--environment', 'prod', '--terraform-plan-json', plan, '--fail-on', 'never', '--output', 'reports'], { cwd: dir });
  expect(unknown.code).toBe(0);
  expect(unknown.stdout).toContain('Remediation plan:');
  expect(unknown.stdout).not.toContain('Next:');
  const known = await cli(['drift-detect', '--environment', 'staging', '--terraform-plan-json', plan, '--fail-on', 'never', '--output', 'reports'], { cwd: dir });
  expect(known.code).toBe(0);
  expect(known.stdout).toContain('Next: gitops-sync sync staging --dry-run');
  // An alias of an environment the config has is that environment.
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  staging:\n    aliases: [stg]\n    terraform:\n      dir: infra\n');
  const alias = await cli(['drift-detect', '--environment', 'stg', '--terraform-plan-json', plan, '--fail-on', 'never', '--output', 'reports'], { cwd: dir });
  expect(alias.code).toBe(0);
  expect(alias.stdout).toContain('Next: gitops-sync sync stg --dry-run');
});

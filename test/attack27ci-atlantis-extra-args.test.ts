/**
 * Attack on `generate atlantis`: a var file (or -backend-config value) named in gitops-sync.yaml
 * goes into a built-in step's extra_args. sync hands it to terraform as one argument, but Atlantis
 * runs built-in steps as `sh -c "<terraform> <args joined by spaces>"` (tfclient prepCmd /
 * prepExecCmd), so an unquoted name is split, and `$(…)` in it runs on the Atlantis server. The
 * `atlantis` binary is not installed here; the stand-in builds the command line as Atlantis does and
 * runs it with real terraform.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { cli } from './support/cli.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';

/** A built-in step as Atlantis runs it: its extra_args appended, the line run by `sh -c` in the project's folder. */
function atlantisBuiltIn(dir: string, env: Record<string, string>, args: string[], extraArgs: string[]) {
  const line = ['terraform', ...args, ...extraArgs].join(' ');
  return spawnSync('sh', ['-c', line], { cwd: dir, env: { ...process.env, ...env, DIR: dir }, encoding: 'utf8', timeout: 60_000 });
}

describeWithTerraform('extra_args of the generated atlantis.yaml (real terraform, Atlantis\'s sh -c)', () => {
  let root: string;
  let env: Record<string, string>;
  const varFile = 'vars/prod $(touch PWNED).tfvars';

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gitops-sync-attack27ci-atlantis-'));
    env = offlineTerraformEnv(root);
    writeFiles(root, { 'gitops-sync.yaml': `environments:\n  production:\n    terraform: { dir: infra, var_files: ['${varFile}'] }\n` });
    writeFiles(join(root, 'infra'), { 'main.tf': 'variable "release" {\n  type = string\n}\nresource "terraform_data" "app" {\n  input = var.release\n}\n' });
    writeFiles(join(root, 'infra/vars'), { 'prod $(touch PWNED).tfvars': 'release = "2.0"\n' });
    terraform(join(root, 'infra'), env, 'init', '-input=false');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('a var file name reaches terraform as one literal argument, never as shell', async () => {
    const generated = await cli(['generate', 'atlantis'], { cwd: root });
    expect(generated.code).toBe(0);
    const planStep = parse(generated.stdout).workflows['gitops-sync-production'].plan.steps[1] as { plan: { extra_args: string[] } };

    const plan = atlantisBuiltIn(join(root, 'infra'), env, ['plan', '-input=false', '-no-color', '-out', 'atlantis.tfplan'], planStep.plan.extra_args);

    expect(existsSync(join(root, 'infra/PWNED'))).toBe(false);
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
    expect(plan.stdout).toContain('+ input  = "2.0"');
  });
});

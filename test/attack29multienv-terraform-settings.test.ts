/**
 * What one environment's settings (or the job's environment) can do to another's check, and what a
 * pull request's config or Terraform text can print. Real terraform, offline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, offlineTerraformEnv, writeFiles } from './support/terraform.js';

const WORKSPACE_APP = 'resource "terraform_data" "app" {\n  input = terraform.workspace\n}\n';

describeWithTerraform('Terraform settings across environments', () => {
  let root: string;
  let env: Record<string, string>;

  beforeAll(() => {
    root = tempDir('gitops-sync-settings-');
    env = offlineTerraformEnv(root);
    writeFiles(join(root, 'shared'), { 'main.tf': WORKSPACE_APP });
  });

  test('TF_WORKSPACE in the job does not make an environment without a workspace plan another one: it is refused in one sentence, the others still land, exit 1', async () => {
    writeFiles(root, { 'workspaces.yaml': 'environments:\n  dev:\n    terraform:\n      dir: shared\n  prod:\n    terraform:\n      dir: shared\n      workspace: prodws\n' });
    const run = await cli(['drift', '--config', 'workspaces.yaml', '--environments', 'dev,prod', '--parallel', '--output', 'ws-reports'], { cwd: root, env: { ...env, TF_WORKSPACE: 'prodws' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `dev: error: TF_WORKSPACE is set to "prodws", but the Terraform settings of ${join(root, 'shared')} name no workspace, so its plan would be of workspace prodws; give the environment terraform.workspace in gitops-sync.yaml, or unset TF_WORKSPACE.\n`,
    );
    expect(existsSync(join(root, 'ws-reports', 'drift-report-dev.json'))).toBe(false);
    const prod = JSON.parse(readFileSync(join(root, 'ws-reports', 'drift-report-prod.json'), 'utf8'));
    expect(prod.changes[0].fields).toContainEqual(expect.objectContaining({ path: '/input', after: 'prodws' }));
  });

  test('TF_WORKSPACE=default, or the environment\'s own workspace, is no mistake', async () => {
    writeFiles(root, { 'default.yaml': 'environments:\n  dev:\n    terraform:\n      dir: shared\n' });
    const run = await cli(['drift', 'dev', '--config', 'default.yaml', '--format', 'json'], { cwd: root, env: { ...env, TF_WORKSPACE: 'default' } });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).changes[0].fields).toContainEqual(expect.objectContaining({ path: '/input', after: 'default' }));
  });

  for (const [key, value] of [
    ['dir', 'shared\\n::stop-commands::pwned'],
    ['workspace', 'w\\n::add-mask::x'],
    ['var_files', '["a.tfvars\\r::warning::x"]'],
  ]) {
    test(`terraform.${key} with a line break is refused when the config loads: it would print a line of its own (a CI runner's command) in progress and errors`, async () => {
      const yaml = `environments:\n  dev:\n    terraform:\n      dir: ${key === 'dir' ? `"${value}"` : 'shared'}\n${key === 'dir' ? '' : `      ${key}: ${value.startsWith('[') ? value : `"${value}"`}\n`}`;
      writeFiles(root, { 'lines.yaml': yaml });
      const run = await cli(['drift', '--config', 'lines.yaml', '--environments', 'dev', '--output', 'line-reports'], { cwd: root, env });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`^gitops-sync: [^\\n]*lines\\.yaml:\\d+: environments\\.dev\\.terraform\\.${key}[^\\n]*: [^\\n]*line breaks[^\\n]*\\n$`));
      expect(existsSync(join(root, 'line-reports'))).toBe(false);
    });
  }

  test("a failed environment's Terraform text is one plain cell of summary.md: no table break, no HTML or link of the author's", async () => {
    writeFiles(join(root, 'hostile'), {
      'main.tf': 'variable "x" {\n  default = "a"\n  validation {\n    condition     = var.x == "b"\n    error_message = "bad | col <img src=https://evil.example/p.png> [x](https://evil.example/)."\n  }\n}\n',
    });
    writeFiles(root, { 'hostile.yaml': 'environments:\n  hostile:\n    terraform:\n      dir: hostile\n  dev:\n    terraform:\n      dir: shared\n' });
    const run = await cli(['drift', '--config', 'hostile.yaml', '--environments', 'hostile,dev', '--output', 'hostile-reports'], { cwd: root, env });
    expect(run.code).toBe(1);
    const summary = readFileSync(join(root, 'hostile-reports', 'summary.md'), 'utf8');
    const row = summary.split('\n').find((line) => line.startsWith('| hostile |'))!;
    expect(row).toContain('bad \\| col &lt;img src=https&#58;//evil.example/p.png&gt; &#91;x&#93;(https&#58;//evil.example/).');
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(9);
  });
});

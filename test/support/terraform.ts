import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A block of tests running the real terraform. It always runs: jest's globalSetup (test/support/global-setup.mjs)
 * fails the whole run, naming `npm run setup`, when terraform is not on PATH. Jest's global `describe`, not an import
 * of @jest/globals: scripts (scripts/record-demo-plan.ts) use this module outside Jest.
 */
export function describeWithTerraform(name: string, body: () => void): void {
  describe(name, body);
}

/** Offline Terraform: an empty CLI config (no plugin cache, no credentials) and no version checks. */
export function offlineTerraformEnv(workDir: string): Record<string, string> {
  const cliConfig = join(workDir, 'empty.tfrc');
  writeFileSync(cliConfig, '');
  return { TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
}

/** Runs terraform and throws with its output unless it exits 0. */
export function terraform(dir: string, env: Record<string, string>, ...args: string[]): string {
  const result = spawnSync('terraform', [...args, '-no-color'], { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`terraform ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** One terraform_data resource "app" whose input is `value`: the smallest stack a sync can change. */
export const terraformDataApp = (value: string) => `resource "terraform_data" "app" {\n  input = "${value}"\n}\n`;

/**
 * Real terraform on examples/demo/infra, offline, with the jsonfile test provider: how the demo's
 * recorded plan is made (scripts/record-demo-plan.ts) and checked (test/demo.test.ts).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installJsonFileProvider } from '../tf-provider/install.js';
import { REPO_ROOT } from './paths.js';
import { terraform } from './terraform.js';

export const DEMO_INFRA = join(REPO_ROOT, 'examples/demo/infra');
export const DEMO_RECORDED_PLAN = join(REPO_ROOT, 'examples/demo/recorded-plan.json');

/** Runs `body` in a scratch copy of examples/demo/infra with the provider installed; the copy is removed after. */
function inScratchInfra<T>(body: (dir: string, env: Record<string, string>) => T): T {
  const scratch = mkdtempSync(join(tmpdir(), 'gitops-sync-demo-infra-'));
  try {
    const { env } = installJsonFileProvider(scratch);
    const dir = join(scratch, 'infra');
    cpSync(DEMO_INFRA, dir, { recursive: true });
    return body(dir, env);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `terraform show -json` of a plan of examples/demo/infra as it is in Git: state, objects and main.tf. */
export function planDemoInfra(): string {
  return inScratchInfra((dir, env) => {
    terraform(dir, env, 'init', '-input=false');
    terraform(dir, env, 'plan', '-input=false', '-out=demo.tfplan');
    return terraform(dir, env, 'show', '-json', 'demo.tfplan');
  });
}

/**
 * Re-makes the demo's state and objects: applies applied.tf.txt, then changes the objects outside Git
 * (the firewall opened to everyone, the database object deleted), and records the plan of main.tf.
 */
export function recordDemo(): void {
  inScratchInfra((dir, env) => {
    rmSync(join(dir, 'objects'), { recursive: true, force: true });
    rmSync(join(dir, 'terraform.tfstate'), { force: true });
    cpSync(join(dir, 'applied.tf.txt'), join(dir, 'main.tf'));
    terraform(dir, env, 'init', '-input=false');
    terraform(dir, env, 'apply', '-input=false', '-auto-approve');
    const firewall = join(dir, 'objects/firewall.json');
    const object = JSON.parse(readFileSync(firewall, 'utf8'));
    writeFileSync(firewall, `${JSON.stringify({ ...object, content: { ...object.content, allowed_sources: '0.0.0.0/0' } }, null, 2)}\n`);
    unlinkSync(join(dir, 'objects/database.json'));
    rmSync(join(DEMO_INFRA, 'objects'), { recursive: true, force: true });
    cpSync(join(dir, 'objects'), join(DEMO_INFRA, 'objects'), { recursive: true });
    cpSync(join(dir, 'terraform.tfstate'), join(DEMO_INFRA, 'terraform.tfstate'));
  });
  writeFileSync(DEMO_RECORDED_PLAN, `${JSON.stringify(JSON.parse(planDemoInfra()), null, 2)}\n`);
}

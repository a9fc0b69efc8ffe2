// npm run demo: a real drift check of examples/demo with the built CLI, offline.
// Without terraform on PATH it analyses the plan recorded from the same example instead.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'dist/cli/index.js');
const example = join(root, 'examples/demo');
const hasTerraform = (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, 'terraform')));

const work = mkdtempSync(join(tmpdir(), 'gitops-sync-demo-'));
cpSync(example, work, { recursive: true });
// The recorded state is what "runs now"; main.tf is what Git wants.
renameSync(join(work, 'infra/live.tfstate'), join(work, 'infra/terraform.tfstate'));
const cliConfig = join(work, 'empty.tfrc');
writeFileSync(cliConfig, '');
const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1' };

const args = hasTerraform
  ? ['drift', 'demo', '--config', join(work, 'gitops-sync.yaml'), '--output', join(work, 'drift-report-demo.md')]
  : ['analyze', '--source', 'terraform-plan', '--input', join(work, 'recorded-plan.json'), '--env', 'demo', '--config', join(work, 'gitops-sync.yaml'), '--output', join(work, 'drift-report-demo.md')];

console.log(hasTerraform
  ? '▶ gitops-sync drift demo  (real terraform plan of examples/demo, offline)\n'
  : '▶ terraform is not on PATH, so the demo analyses examples/demo/recorded-plan.json, a plan recorded from the same example:\n  gitops-sync analyze --source terraform-plan --input recorded-plan.json\n');
const result = spawnSync(process.execPath, [cli, ...args], { cwd: work, env, stdio: 'inherit' });
console.log(`\nexit code ${result.status} (0 no drift, 2 drift found, 1 error)`);
if (result.status !== 1) console.log(`Markdown report (what the job summary shows): ${join(work, 'drift-report-demo.md')}`);
if (result.status === 1) rmSync(work, { recursive: true, force: true });
process.exitCode = result.status === 1 ? 1 : 0;

// The command lines gitops-sync was first described with, each run as typed (with real terraform
// and real git) against a temporary copy of examples/estate, asserting on what a user sees.
//
// examples/estate: development (alias dev) needs no approval, staging needs one, production (alias
// prod) is `production: true` (two). Each folder's terraform.tfstate was applied from an older
// configuration, so every plan has something to say.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { git } from './support/git-repo.js';
import { REPO_ROOT } from './support/paths.js';
import { describeWithTerraform, offlineTerraformEnv } from './support/terraform.js';

let work: string;
let estate: string;
let env: Record<string, string>;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'gitops-sync-original-lines-'));
  estate = join(work, 'estate');
  cpSync(resolve(REPO_ROOT, 'examples/estate'), estate, { recursive: true });
  // A clone on main, as a user has it: sync reads the policy as merged on the protected branch, and
  // rollback --mode git commits and pushes (to a local bare "origin").
  git(estate, 'init', '-q', '-b', 'main');
  git(estate, 'add', '-A');
  git(estate, 'commit', '-q', '-m', 'The estate');
  git(work, 'init', '-q', '--bare', 'origin.git');
  git(estate, 'remote', 'add', 'origin', join(work, 'origin.git'));
  git(estate, 'push', '-q', 'origin', 'main');
  // No CI variables: this is a terminal.
  env = { ...offlineTerraformEnv(work), GITHUB_ACTIONS: '', GITLAB_CI: '', GITHUB_EVENT_NAME: '', CI_MERGE_REQUEST_IID: '', CI_PIPELINE_SOURCE: '' };
});

afterEach(() => rmSync(work, { recursive: true, force: true }));

const run = (args: string[]) => cli(args, { cwd: estate, env });
const state = (environment: string) => readFileSync(join(estate, environment, 'terraform.tfstate'), 'utf8');

describeWithTerraform('the original command lines, against examples/estate', () => {
  test('gitops-sync production: runs sync production, which needs the approvals of a pull request (--pr) and applies nothing', async () => {
    const before = state('production');
    const result = await run(['production']);
    expect(result.stderr).toContain('→ gitops-sync sync production\n');
    expect(result.code).toBe(1);
    // production needs two approvals; from a terminal there is no change to count them on.
    expect(result.stdout + result.stderr).toContain('--pr');
    expect(state('production')).toBe(before);
  });

  test('gitops-sync staging --drift-check-only: a refresh-only check; terraform_data changes nothing outside Terraform, so no drift', async () => {
    const result = await run(['staging', '--drift-check-only']);
    expect(result.stderr).toContain('→ gitops-sync drift staging --drift-check-only\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No drift in staging');
    // The full check of the same environment finds the changes Git wants: planned, not drift outside Git.
    const full = await run(['drift', 'staging']);
    expect(full.code).toBe(2);
    expect(full.stdout).toContain('Drift in staging: 2 change(s)');
  });

  test('gitops-sync development --dry-run --verbose: plans the sync of development with timed progress and applies nothing', async () => {
    const before = state('development');
    const result = await run(['development', '--dry-run', '--verbose']);
    expect(result.stderr).toContain('→ gitops-sync sync development --dry-run --verbose\n');
    expect(result.stderr).toMatch(/gitops-sync: terraform plan in .*development \(\+\d+\.\d+s\)/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('development: synced (dry run)');
    expect(state('development')).toBe(before);
  });

  test('gitops-sync development --auto-approve-safe: development\'s policy needs no approval, so it syncs from a terminal', async () => {
    const result = await run(['development', '--auto-approve-safe']);
    expect(result.stderr).toContain('→ gitops-sync sync development\n');
    expect(result.stdout).toContain('development: synced');
    expect(result.code).toBe(0);
    expect(state('development')).toContain('registry.example.com/web:1.6.0-rc.2');
  });

  test('--auto-approve-safe for an environment whose policy does not set it is refused: a flag never loosens the policy', async () => {
    const result = await run(['staging', '--auto-approve-safe']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'gitops-sync: --auto-approve-safe is a policy, not a flag: set approval.environments.staging.auto_approve_safe: true in gitops-sync.yaml (never for production), then run `gitops-sync sync staging`.\n',
    );
  });

  test('gitops-sync production --rollback --to-commit <sha>: a rollback commit on a branch pushed to origin (abc123def replaced by a real sha)', async () => {
    // abc123def does not exist in this repository: the test rolls back to the estate's first commit.
    const good = git(estate, 'rev-parse', 'HEAD');
    const firstVersion = readFileSync(join(estate, 'production/main.tf'), 'utf8');
    const worse = firstVersion.replace(/replicas\s*=\s*6/, 'replicas = 0');
    expect(worse).not.toBe(firstVersion);
    writeFileSync(join(estate, 'production/main.tf'), worse);
    git(estate, 'commit', '-q', '-am', 'Scale production to zero');
    git(estate, 'push', '-q', 'origin', 'main');

    const result = await run(['production', '--rollback', '--to-commit', good]);
    expect(result.stderr).toContain(`→ gitops-sync rollback production --mode git --to-commit ${good}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('production (git): rolled back');
    // Each step is printed once, on stderr as it happens; stdout ends with the outcome.
    expect(result.stderr.split('No pull request was opened (no platform token)')).toHaveLength(2);
    // origin has the rollback branch, with production's configuration as it was at the good commit.
    const pushed = git(join(work, 'origin.git'), 'for-each-ref', '--format=%(refname:short)', 'refs/heads/gitops-sync/');
    expect(pushed).toMatch(new RegExp(`^gitops-sync/rollback-production-${good.slice(0, 7)}`));
    expect(git(join(work, 'origin.git'), 'show', `${pushed}:production/main.tf`)).toBe(firstVersion.trimEnd());
    expect(git(join(work, 'origin.git'), 'show', 'main:production/main.tf')).toBe(worse.trimEnd());
  });

  test('gitops-sync --environments dev,staging,prod --parallel: the drift check of all three side by side, each progress line naming its environment', async () => {
    const result = await run(['--environments', 'dev,staging,prod', '--parallel']);
    expect(result.stderr).toContain('→ gitops-sync drift --environments dev,staging,prod --parallel\n');
    expect(result.stderr).toContain('gitops-sync: dev is environment development\n');
    expect(result.stderr).toContain('gitops-sync: prod is environment production\n');
    const progress = result.stderr.split('\n').filter((line) => /terraform (init|plan|show) in /.test(line));
    expect(progress).toHaveLength(9);
    for (const line of progress) expect(line).toMatch(/^gitops-sync: \[(development|staging|production)\] terraform (init|plan|show) in .*\/(development|staging|production)$/);
    for (const line of progress) expect(line.split(' in ')[1].endsWith(line.match(/\[(\w+)\]/)![1])).toBe(true);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Drift in production: 2 change(s) (1 critical, 1 high, 0 medium, 0 low)');
    const summary = readFileSync(join(estate, 'gitops-sync-reports', 'summary.md'), 'utf8');
    expect(summary).toMatch(/\| development \| drift \| 1 \|/);
    expect(summary).toMatch(/\| staging \| drift \| 2 \|/);
    expect(summary).toMatch(/\| production \| drift \| 2 \| 1 \|/);
  });

  test('gitops-sync --audit-mode --compliance sox,pci --output audit-report.json: runs audit export; the estate has no audit log and no drift check, so exceptions (exit 5), report written', async () => {
    const result = await run(['--audit-mode', '--compliance', 'sox,pci', '--output', 'audit-report.json']);
    expect(result.stderr).toContain('→ gitops-sync audit export --compliance sox,pci --output audit-report.json\n');
    expect(result.code).toBe(5);
    const report = JSON.parse(readFileSync(join(estate, 'audit-report.json'), 'utf8'));
    expect(report).toMatchObject({ schema: 'gitops-sync/audit-report@1', frameworks: ['sox', 'pci'], log: null });
    const failed = report.controls.filter((control: { status: string }) => control.status === 'fail').map((control: { id: string }) => control.id);
    expect(failed).toEqual(expect.arrayContaining(['sox.itgc.change.completeness', 'pci.10.2', 'pci.10.3', 'pci.11.5.2']));
    const digest = result.stdout.trimEnd().split('\n').at(-1);
    expect(digest).toMatch(/^[0-9a-f]{64} {2}audit-report\.json$/);
    expect(JSON.parse(readFileSync(join(estate, 'audit-report.intoto.json'), 'utf8')).subject[0].digest.sha256).toBe(digest!.slice(0, 64));
  });

  test('a word that is neither a command nor an environment of gitops-sync.yaml is refused, with the likely command', async () => {
    const result = await run(['drfit', 'staging']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"drfit" is not a gitops-sync command nor an environment in gitops-sync.yaml; did you mean `gitops-sync drift`?');
  });
});

/**
 * The workflow `generate atlantis` writes, run as Atlantis runs a project's steps (custom-workflows:
 * built-ins as terraform commands in $DIR, `run` through the shell with Atlantis's environment
 * variables). The `atlantis` binary is not installed here; this stands in for it, with real
 * terraform, the real CLI as `gitops-sync` on PATH, and the gate asking the loopback GitHub.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub, type GhReview, type GhUser } from './support/fake-github.js';
import { pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';
import { REPO_ROOT } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';
import { offlineTerraformEnv } from './support/terraform.js';

const github = useFakeGitHub();
const alice = ghUser('alice');
const bob = ghUser('bob');
const carol = ghUser('carol');
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

type Step = string | Record<string, { extra_args?: string[] } | string | { command: string; shell?: string }>;

/** Runs a program and resolves with its exit code and output (asynchronously: the loopback GitHub answers from this process). */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

/** One stage as Atlantis runs it: stops at the first step that fails, as Atlantis does. */
async function runStage(steps: Step[], dir: string, env: NodeJS.ProcessEnv): Promise<{ ran: number; code: number; output: string }> {
  const builtIn: Record<string, string[]> = {
    init: ['init', '-input=false', '-no-color'],
    plan: ['plan', '-input=false', '-no-color', '-out', env.PLANFILE!],
    apply: ['apply', '-input=false', '-no-color', env.PLANFILE!],
  };
  let output = '';
  for (const [index, step] of steps.entries()) {
    const [name, settings] = typeof step === 'string' ? [step, undefined] : Object.entries(step)[0];
    let result;
    if (name === 'run') {
      const command = typeof settings === 'string' ? settings : (settings as { command: string; shell?: string });
      const [shell, script] = typeof command === 'string' ? ['sh', command] : [command.shell ?? 'sh', command.command];
      result = await run(shell, ['-c', script], dir, env);
    } else if (name === 'show') {
      result = await run('sh', ['-c', 'terraform show -json "$PLANFILE" > "$SHOWFILE"'], dir, env);
    } else result = await run('terraform', [...builtIn[name], ...((settings as { extra_args?: string[] } | undefined)?.extra_args ?? [])], dir, env);
    output += result.output;
    if (result.code !== 0) return { ran: index + 1, code: result.code, output };
  }
  return { ran: steps.length, code: 0, output };
}

let reviewId = 1;
const approval = (user: GhUser, sha: string): GhReview => ({ id: reviewId++, user, state: 'APPROVED', commit_id: sha, body: '', submitted_at: '2026-11-25T12:00:00Z' });

async function scene(approvers: GhUser[]) {
  const config = 'environments:\n  production:\n    terraform: { dir: terraform/production }\napproval:\n  environments:\n    production: { production: true }\n';
  const repo = pullRequestRepo(
    { 'gitops-sync.yaml': config, 'terraform/production/main.tf': 'resource "terraform_data" "release" {\n  input = "1.0"\n}\n' },
    { 'terraform/production/main.tf': 'resource "terraform_data" "release" {\n  input = "1.1"\n}\n' },
  );
  repos.push(repo);
  github.state.pulls.set(9, ghPullRequest(alice, { number: 9, head: repo.headSha, base: repo.baseSha }, { files: repo.files, reviews: approvers.map((user) => approval(user, repo.headSha)) }));
  github.state.permissions = { alice: 'write', bob: 'write', carol: 'write' };
  const generated = await cli(['generate', 'atlantis'], { cwd: repo.dir });
  expect(generated.code).toBe(0);
  const atlantis = parse(generated.stdout);
  const project = atlantis.projects[0];
  const dir = join(repo.dir, project.dir);
  const bin = tempDir('gitops-sync-atlantis-bin-');
  writeFileSync(join(bin, 'gitops-sync'), `#!/bin/sh\nexec "${process.execPath}" --import "${resolve(REPO_ROOT, 'node_modules/tsx/dist/esm/index.mjs')}" "${resolve(REPO_ROOT, 'packages/cli/src/index.ts')}" "$@"\n`, { mode: 0o755 });
  const data = join(dir, '.terraform-data');
  mkdirSync(data);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...offlineTerraformEnv(data),
    NODE_OPTIONS: '',
    PATH: `${bin}:${process.env.PATH}`,
    GITHUB_ACTIONS: '',
    GITLAB_CI: '',
    GITHUB_TOKEN: github.state.token,
    GITHUB_API_URL: github.url,
    // Atlantis's own variables (custom-workflows, Native Environment Variables).
    DIR: dir,
    WORKSPACE: project.workspace,
    PLANFILE: join(dir, 'production-default.tfplan'),
    SHOWFILE: join(dir, 'production-default.json'),
    HEAD_COMMIT: repo.headSha,
    PULL_NUM: '9',
    BASE_REPO_OWNER: 'owner',
    BASE_REPO_NAME: 'repo',
    PROJECT_NAME: project.name,
    REPO_REL_DIR: project.dir,
  };
  return { repo, dir, env, workflow: atlantis.workflows[project.workflow] };
}

test('plan judges the plan into the comment; apply without two approvals stops at the gate and changes nothing', async () => {
  const { repo, dir, env, workflow } = await scene([bob]);
  const plan = await runStage(workflow.plan.steps, dir, env);
  expect(plan).toMatchObject({ code: 0, ran: 4 });
  expect(plan.output).toContain('terraform_data.release');
  const report = JSON.parse(readFileSync(join(dir, '.gitops-sync', 'drift-report-production.json'), 'utf8'));
  expect(report).toMatchObject({ environment: 'production', head_sha: repo.headSha, drift_detected: true });
  const apply = await runStage(workflow.apply.steps, dir, env);
  expect(apply).toMatchObject({ code: 3, ran: 1 });
  expect(apply.output).toContain('Denied: production, change 9');
  expect(existsSync(join(repo.dir, 'backups'))).toBe(false);
  expect(existsSync(join(dir, 'terraform.tfstate'))).toBe(false);
}, 120_000);

test('with two approvals the gate allows, the state is backed up owner-only, then applied', async () => {
  const { repo, dir, env, workflow } = await scene([bob, carol]);
  expect((await runStage(workflow.plan.steps, dir, env)).code).toBe(0);
  const apply = await runStage(workflow.apply.steps, dir, env);
  expect(apply).toMatchObject({ code: 0, ran: 3 });
  expect(apply.output).toContain('Allowed: production, change 9');
  const backups = readdirSync(join(repo.dir, 'backups', 'production'));
  expect(backups).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-pr9\.tfstate$/)]);
  expect(statSync(join(repo.dir, 'backups', 'production', backups[0])).mode & 0o777).toBe(0o600);
  expect(JSON.parse(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')).resources[0].instances[0].attributes.input).toEqual({ type: 'string', value: '1.1' });
}, 120_000);

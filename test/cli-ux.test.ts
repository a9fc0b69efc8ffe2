/**
 * What a person sees at a terminal: colour only there (NO_COLOR, FORCE_COLOR, CI logs, files and
 * JSON plain), and a heartbeat with the elapsed time while a terraform step runs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { formatElapsed } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { REPO_ROOT, tofuFixture } from './support/paths.js';
import { describeWithTerraform, offlineTerraformEnv, writeFiles } from './support/terraform.js';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-cli-ux-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ESCAPE = '\x1b[';
const PERSON = { CI: '', GITHUB_ACTIONS: '', GITLAB_CI: '', NO_COLOR: '', FORCE_COLOR: '', TERM: 'xterm-256color' };
const analyze = (extra: string[], env: Record<string, string>, terminal: boolean) =>
  cli(['analyze', '--source', 'terraform-plan', '--input', tofuFixture('drift'), '--env', 'production', ...extra], { cwd: dir, env: { ...PERSON, ...env }, terminal });

describe('colour', () => {
  test('a terminal gets the severities in colour; the words and columns stay the same', async () => {
    const coloured = await analyze([], {}, true);
    const plain = await analyze([], {}, false);
    expect(coloured.stdout).toContain(`${ESCAPE}31mhigh`);
    expect(plain.stdout).not.toContain(ESCAPE);
    const uncoloured = coloured.stdout.split(ESCAPE).map((part, i) => (i === 0 ? part : part.replace(/^\d+m/, ''))).join('');
    expect(uncoloured).toBe(plain.stdout);
  });

  test('NO_COLOR, a CI log, TERM=dumb, JSON and a file get none; FORCE_COLOR forces it, FORCE_COLOR=0 turns it off', async () => {
    expect((await analyze([], { NO_COLOR: '1' }, true)).stdout).not.toContain(ESCAPE);
    expect((await analyze([], { CI: 'true' }, true)).stdout).not.toContain(ESCAPE);
    expect((await analyze([], { GITHUB_ACTIONS: 'true' }, true)).stdout).not.toContain(ESCAPE);
    expect((await analyze([], { TERM: 'dumb' }, true)).stdout).not.toContain(ESCAPE);
    expect((await analyze([], { FORCE_COLOR: '0' }, true)).stdout).not.toContain(ESCAPE);
    expect((await analyze(['--format', 'json'], {}, true)).stdout).not.toContain(ESCAPE);
    const toFile = await analyze(['--format', 'table', '--output', 'report.txt'], {}, true);
    expect(toFile.stdout).toContain(ESCAPE);
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).not.toContain(ESCAPE);
    expect((await analyze([], { FORCE_COLOR: '1', CI: 'true', NO_COLOR: '1' }, false)).stdout).toContain(ESCAPE);
  });
});

describe('heartbeat', () => {
  test('elapsed time reads like 45s, 1m30s, 1h02m', () => {
    expect([formatElapsed(45_900), formatElapsed(90_000), formatElapsed(3_720_000)]).toEqual(['45s', '1m30s', '1h02m']);
  });
});

describeWithTerraform('heartbeat with real terraform', () => {
  const root = join(dir, 'heartbeat');
  writeFiles(join(root, 'infra'), { 'main.tf': 'resource "terraform_data" "app" {\n  input = "v1"\n}\n' });
  writeFileSync(join(root, 'gitops-sync.yaml'), 'environments:\n  dev:\n    terraform: { dir: infra }\n');

  test('a terraform step that runs longer than the interval says it is still running, and for how long', async () => {
    // 1 ms: a plan of one terraform_data takes ~40 ms on a fast runner, under a 50 ms interval.
    const env = { ...offlineTerraformEnv(root), GITOPS_SYNC_HEARTBEAT_SECONDS: '0.001' };
    const run = await cli(['drift', 'dev'], { cwd: root, env });
    expect(run.stderr).toMatch(/^gitops-sync: still running terraform (init|plan|show) \(\d+s\)$/m);
    const quiet = await cli(['drift', 'dev'], { cwd: root, env: offlineTerraformEnv(root) });
    expect(quiet.stderr).not.toContain('still running');
  });

  test('a heartbeat interval that is not a number of seconds is one sentence', async () => {
    const run = await cli(['drift', 'dev'], { cwd: root, env: { ...offlineTerraformEnv(root), GITOPS_SYNC_HEARTBEAT_SECONDS: 'soon' } });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').pop()).toBe('gitops-sync: GITOPS_SYNC_HEARTBEAT_SECONDS must be a number of seconds above 0, e.g. 30 (got "soon").');
  });
});

describe('gate against an API that refuses the connection', () => {
  /** A port nothing listens on: bound, then closed. */
  const closedPort = () =>
    new Promise<number>((done) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => done(port));
      });
    });

  test.each([
    ['github', 'GITHUB_API_URL', 'owner/repo', (url: string) => ({ GITHUB_TOKEN: 't0ken-github', GITHUB_API_URL: url })],
    ['gitlab', 'CI_API_V4_URL', '5', (url: string) => ({ GITLAB_TOKEN: 't0ken-gitlab', CI_API_V4_URL: `${url}/api/v4` })],
  ])('%s: says the connection was refused, names the host and what to check, never "HTTP 500"', async (platform, urlVar, repo, env) => {
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'approval:\n  environments:\n    dev: {}\n');
    const port = await closedPort();
    const run = await cli(['gate', '--env', 'dev', '--platform', platform, '--repo', repo, '--pr', '1'], { cwd: dir, env: { ...PERSON, ...env(`http://127.0.0.1:${port}`) } });
    expect(run.code).toBe(1);
    const last = run.stderr.trim().split('\n').pop();
    expect(last).toMatch(new RegExp(`^gitops-sync: Git(Hub|Lab) could not read (pull|merge) request .*: connection refused by 127\\.0\\.0\\.1:${port} after 4 attempts; check ${urlVar} and that the server is reachable from here, then run it again\\.$`));
    expect(run.stderr).not.toMatch(/HTTP 500|t0ken/);
  }, 60000);
});

test('npm run bench prints its targets and the issue each comes from, next to each figure', () => {
  const run = spawnSync(process.execPath, ['--expose-gc', resolve(REPO_ROOT, 'scripts/bench.mjs'), '--changes', '200', '--runs', '1'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 110_000 });
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^Targets, and where they come from:\n {2}analyse\/parse <= 1\.5 +\(issue 2: .*\)\n {2}peak RSS <= 3 x file size +\(issue 2: .*\)\n {2}k8s analyse\/parse <= 2 +\(issue 3: .*\)\n/);
  expect(run.stdout).toMatch(/(PASS|MISS) {2}analyse\/parse [\d.]+ \(target <= 1\.5, issue 2;/);
  expect(run.stdout).toMatch(/(PASS|MISS) {2}analyse peak RSS \d+ MB = [\d.]+ x file size \(target <= 3 x = \d+ MB, issue 2\)/);
}, 120_000);

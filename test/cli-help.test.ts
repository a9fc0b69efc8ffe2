import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { parse } from '../packages/cli/src/args.js';
import { cli } from './support/cli.js';
import { REPO_ROOT } from './support/paths.js';
import { describeWithTerraform, offlineTerraformEnv } from './support/terraform.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitops-sync-cli-help-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every flag each command takes, as the README documents them. */
const FLAGS: Record<string, string[]> = {
  drift: ['config', 'format', 'output', 'verbose', 'environments', 'parallel', 'concurrency', 'drift-check-only', 'dry-run'],
  analyze: ['config', 'format', 'output', 'verbose', 'source', 'input', 'live', 'namespace', 'tracking-label', 'rules', 'environment', 'argocd-app', 'fingerprint'],
  'drift-detect': [
    'environment', 'config', 'terraform-directory', 'terraform-plan-json', 'kubernetes-manifests', 'kubernetes-live-export', 'kubernetes-namespace',
    'flux-diff-file', 'argocd-app', 'source', 'source-file', 'fail-on', 'output', 'dotenv', 'pr-comment', 'platform', 'repo', 'pr', 'notify', 'drift-issue', 'state-file',
    'metrics-file', 'pushgateway-url', 'run-url', 'head-sha',
  ],
  'approve-safe': ['platform', 'repo', 'pr', 'config', 'format', 'dry-run'],
  gate: ['platform', 'repo', 'pr', 'config', 'format', 'environment', 'report'],
  generate: ['config', 'environment', 'output', 'apply', 'repo', 'platform', 'revision', 'server', 'namespace', 'project', 'source', 'interval', 'workflows'],
  'check-protection': ['config', 'environment', 'platform', 'repo', 'format'],
  sync: ['config', 'environments', 'parallel', 'concurrency', 'platform', 'repo', 'pr', 'report', 'plan-fingerprint', 'dry-run', 'matrix', 'format', 'verbose'],
  rollback: ['config', 'mode', 'to-commit', 'branch', 'direct', 'platform', 'repo', 'state-file', 'force', 'deployment', 'statefulset', 'daemonset', 'namespace', 'to-revision', 'history-id', 'dry-run', 'format'],
  'kubectl-external-diff': [],
};

/** The flags a help text lists, in the order it lists them. */
const listedFlags = (help: string) => [...help.split('\nFlags:\n')[1].matchAll(/^ {2}--([a-z-]+)/gm)].map((match) => match[1]).filter((flag) => flag !== 'help');

describe('gitops-sync <command> --help', () => {
  test.each(Object.keys(FLAGS))('%s --help lists every flag its parser accepts, each with what it does', async (command) => {
    const run = await cli([command, '--help'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^gitops-sync ${command}: `));
    expect(run.stdout).toContain(`\nUsage:\n  gitops-sync ${command}`);
    const listed = listedFlags(run.stdout);
    expect([...listed].sort()).toEqual([...FLAGS[command]].sort());
    for (const line of run.stdout.split('\nFlags:\n')[1].trimEnd().split('\n')) expect(line).toMatch(/^ {2}\S.*\S {2,}\S/);
  });

  test.each(Object.keys(FLAGS).filter((command) => command !== 'kubectl-external-diff'))('%s accepts every flag its help lists', async (command) => {
    const help = (await cli([command, '-h'], { cwd: dir })).stdout;
    for (const flag of listedFlags(help)) {
      // parseArgs stops at the first flag it does not know: a listed flag passes, the sentinel does not.
      const run = await cli([command, `--${flag}`, 'x', '--zz-not-a-flag'], { cwd: dir });
      expect(run.stderr).toContain("Unknown option '--zz-not-a-flag'");
    }
  });

  test('drift-detect --help names the five Kubernetes and Argo CD inputs', async () => {
    const help = (await cli(['drift-detect', '--help'], { cwd: dir })).stdout;
    for (const flag of ['kubernetes-manifests', 'kubernetes-live-export', 'kubernetes-namespace', 'flux-diff-file', 'argocd-app']) expect(help).toContain(`--${flag} `);
  });

  test('help names the old spellings next to the one spelling', async () => {
    expect((await cli(['drift-detect', '--help'], { cwd: dir })).stdout).toMatch(/--output VALUE +the folder the reports are written to \(default: gitops-sync-reports\); also --output-dir, --output-directory\n/);
    expect((await cli(['rollback', '--help'], { cwd: dir })).stdout).toMatch(/<environment> +the environment .*; also --environment, --env\n/);
  });

  test('audit export: --output-directory is its folder, as --output-dir is; each default is printed once', async () => {
    const help = (await cli(['audit', 'export', '--help'], { cwd: dir })).stdout;
    expect(help).toMatch(/--output-dir VALUE +the folder the audit files are written to \(default: \.\); also --output-directory\n/);
    expect(help).toMatch(/--output VALUE +the JSON report file \(the other files are written beside it\)\n/);
    for (const line of help.split('\n')) expect(line.match(/\(default:/g)?.length ?? 0).toBeLessThanOrEqual(1);
    // As its parser reads it: the folder, where it had become the report file's name.
    const spec = { output: { type: 'string' }, 'output-dir': { type: 'string', default: '.' } } as const;
    expect(parse(['--output-directory', 'evidence'], spec).values).toEqual({ 'output-dir': 'evidence' });
    expect(parse(['--output-directory', 'evidence'], { output: { type: 'string' } }).values).toEqual({ output: 'evidence' });
  });

  test('rollback and sync say what their own flags mean', async () => {
    expect((await cli(['rollback', '--help'], { cwd: dir })).stdout).toMatch(/--state-file VALUE +terraform-state: the state backup to restore/);
    expect((await cli(['sync', '--help'], { cwd: dir })).stdout).toMatch(/--concurrency VALUE +at most this many environments at once with --parallel \(default: 4\)/);
  });

  test('gitops-sync --help lists every command and the original command lines', async () => {
    const run = await cli(['--help'], { cwd: dir });
    expect(run.code).toBe(0);
    for (const command of Object.keys(FLAGS)) expect(run.stdout).toContain(`\n  ${command} `);
    expect(run.stdout).toContain('gitops-sync --environments dev,staging,prod --parallel → drift --environments … --parallel');
  });
});

describe('--version and did you mean', () => {
  test('--version prints the bare version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await cli(['--version'], { cwd: dir })).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('a mistyped command gets the command it most likely meant', async () => {
    const run = await cli(['rollbak', 'production'], { cwd: dir });
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'gitops-sync: "rollbak" is not a gitops-sync command nor an environment in gitops-sync.yaml; did you mean `gitops-sync rollback`?\n' });
  });

  test('a mistyped flag gets the flag it most likely meant, and the command whose help lists them', async () => {
    const run = await cli(['sync', 'production', '--dryrun'], { cwd: dir });
    expect(run).toEqual({ code: 1, stdout: '', stderr: "gitops-sync: Unknown option '--dryrun' (did you mean --dry-run?); run `gitops-sync sync --help` for its flags.\n" });
  });

  test('a flag outside a command is named as such', async () => {
    const run = await cli(['--verbose'], { cwd: dir });
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'gitops-sync: --verbose is not a gitops-sync flag outside a command; run `gitops-sync --help` for the commands.\n' });
  });
});

describeWithTerraform('one spelling per idea, the old ones kept', () => {
  let estate: string;
  let env: Record<string, string>;
  beforeEach(() => {
    estate = join(dir, 'estate');
    cpSync(resolve(REPO_ROOT, 'examples/estate'), estate, { recursive: true });
    env = offlineTerraformEnv(dir);
  });

  test('the environment: positional, --environment, --env and an alias all name the same one', async () => {
    const outputs = await Promise.all(
      [['drift', 'production'], ['drift', '--environment', 'production'], ['drift', '--env=production'], ['drift', 'prod']].map((args) => cli([...args, '--dry-run'], { cwd: estate, env })),
    );
    for (const run of outputs) expect(run).toMatchObject({ code: 0, stdout: outputs[0].stdout });
    expect(outputs[0].stdout).toMatch(/^production: would run\n/);
    expect(outputs[3].stderr).toBe('gitops-sync: prod is environment production\n');
  });

  test('an alias taken by two environments is refused when the config is read', async () => {
    const config = readFileSync(join(estate, 'gitops-sync.yaml'), 'utf8').replace('staging:\n    terraform', 'staging:\n    aliases: [dev]\n    terraform');
    expect(config).toContain('aliases: [dev]\n    terraform: { dir: staging }');
    writeFileSync(join(estate, 'gitops-sync.yaml'), config);
    const run = await cli(['drift', 'dev', '--dry-run'], { cwd: estate, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"dev" already names environment development; each alias names one environment');
  });

  test('the output: --output, --output-dir and --output-directory name the reports folder of several environments', async () => {
    for (const flag of ['--output', '--output-dir', '--output-directory']) {
      const run = await cli(['drift', '--environments', 'dev,staging', flag, `out${flag}`], { cwd: estate, env });
      expect(run.code).toBe(2);
      expect(existsSync(join(estate, `out${flag}`, 'drift-report-staging.json'))).toBe(true);
      expect(existsSync(join(estate, `out${flag}`, 'summary.md'))).toBe(true);
    }
  });

  test('the format: text is the table of the drift commands, table is the text of the others', async () => {
    const table = await cli(['drift', 'staging', '--format', 'table'], { cwd: estate, env });
    const text = await cli(['drift', 'staging', '--format', 'text'], { cwd: estate, env });
    expect(text).toMatchObject({ code: 2, stdout: table.stdout });
    expect(table.stdout).toContain('Drift in staging: 2 change(s)');
    // gate checks --format first: `table` passes it and the next thing missing is named.
    expect((await cli(['gate', '--format', 'table'], { cwd: estate, env })).stderr).toBe('gitops-sync: gitops-sync gate needs --environment NAME: the environment the change is to be applied to.\n');
    expect((await cli(['gate', '--format', 'yaml'], { cwd: estate, env })).stderr).toBe('gitops-sync: --format must be text or json (got "yaml").\n');
  });
});

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { REPO_ROOT, tofuFixture } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-cli-');
});

/** Runs `analyze` on a file and checks the failure contract: exit 1, one line on stderr, nothing else written. */
async function expectRefusal(args: string[], sentence: RegExp | string) {
  const output = join(dir, 'out', 'report.json');
  const run = await cli([...args, '--output', output], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  if (typeof sentence === 'string') expect(run.stderr).toBe(`gitops-sync: ${sentence}\n`);
  else expect(run.stderr).toMatch(sentence);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
  expect(existsSync(output)).toBe(false);
  expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([]);
}

const analyze = (input: string) => ['analyze', '--source', 'terraform-plan', '--input', input];

describe('gitops-sync analyze', () => {
  test('exit 2 on drift, and with --format json the report is the only thing on stdout', async () => {
    const run = await cli([...analyze(tofuFixture('drift')), '--format', 'json', '--env', 'production'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ environment: 'production', total_changes: 3, drift_detected: true });
  });

  test('exit 0 when nothing changed', async () => {
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, JSON.stringify({ format_version: '1.2', planned_values: {}, resource_changes: [] }));
    const run = await cli(analyze(plan), { cwd: dir });
    expect(run).toEqual({ code: 0, stdout: 'No drift in default (terraform-plan).\n', stderr: '' });
  });

  test('--output writes the report atomically and prints the table', async () => {
    const run = await cli([...analyze(tofuFixture('requires-replace')), '--output', 'reports/plan.md'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^Drift in default: 1 change\(s\)/);
    expect(readFileSync(join(dir, 'reports', 'plan.md'), 'utf8')).toContain('| <code>/ami</code> | <code>bar</code> | <code>force-replace</code> (forces replacement) |');
    expect(readdirSync(join(dir, 'reports'))).toEqual(['plan.md']);
  });

  test('--rules adds and overrides severity rules', async () => {
    writeFileSync(join(dir, 'rules.yaml'), 'rules:\n  - id: team.ami-is-critical\n    severity: critical\n    match: { path: /ami }\n');
    const run = await cli([...analyze(tofuFixture('drift')), '--rules', 'rules.yaml', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(run.stdout).changes_by_severity.critical).toBe(3);
  });

  test('gitops-sync.yaml severity rules apply to analyze too', async () => {
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'severity:\n  rules:\n    - id: tf.image.version\n      severity: low\n      match: { path: /ami }\n');
    const run = await cli([...analyze(tofuFixture('drift')), '--format', 'json'], { cwd: dir });
    expect(JSON.parse(run.stdout).changes_by_severity).toEqual({ critical: 0, high: 0, medium: 0, low: 3 });
  });
});

describe('bad input gets one sentence, exit 1 and no output file', () => {
  test('an empty file', async () => {
    writeFileSync(join(dir, 'plan.json'), '');
    await expectRefusal(analyze('plan.json'), `${join(dir, 'plan.json')} is empty; pass the output of \`terraform show -json <planfile>\`.`);
  });

  test('truncated JSON', async () => {
    writeFileSync(join(dir, 'plan.json'), readFileSync(tofuFixture('multi-resource-update'), 'utf8').slice(0, 900));
    await expectRefusal(analyze('plan.json'), /^gitops-sync: \S+plan\.json is not complete JSON \(.*\); the file looks truncated/);
  });

  test('a state file', async () => {
    writeFileSync(join(dir, 'terraform.tfstate'), JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'abc', outputs: {}, resources: [] }));
    await expectRefusal(analyze('terraform.tfstate'), /terraform\.tfstate is a Terraform state file, not a plan/);
  });

  test('JSON that is not a plan', async () => {
    writeFileSync(join(dir, 'package.json'), '{"name": "x"}');
    await expectRefusal(analyze('package.json'), /package\.json is not a Terraform plan \(it has no format_version\)/);
  });

  test('an unknown format_version major', async () => {
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ format_version: '3.1', resource_changes: [] }));
    await expectRefusal(analyze('plan.json'), /plan\.json has plan format_version 3\.1, which this version of gitops-sync cannot read/);
  });

  test('a directory', async () => {
    mkdirSync(join(dir, 'plans'));
    await expectRefusal(analyze('plans'), `${join(dir, 'plans')} is a directory, not a file; pass the path of a plan JSON from \`terraform show -json <planfile>\`.`);
  });

  test('a missing file', async () => {
    await expectRefusal(analyze('nope.json'), `${join(dir, 'nope.json')} does not exist; pass the path of a plan JSON from \`terraform show -json <planfile>\`.`);
  });

  test('a plan of 200 MB over the bound GITOPS_SYNC_MAX_INPUT_MB sets', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, '{');
    truncateSync(big, 200 * 1024 * 1024);
    // The engine reads the bound from the process environment, as the CLI's own process has it.
    const before = process.env.GITOPS_SYNC_MAX_INPUT_MB;
    process.env.GITOPS_SYNC_MAX_INPUT_MB = '128';
    try {
      await expectRefusal(analyze('big.json'), /big\.json is 200\.0 MB, over the 128 MB limit for a plan JSON .*; split the input or raise GITOPS_SYNC_MAX_INPUT_MB\.$/m);
    } finally {
      if (before === undefined) delete process.env.GITOPS_SYNC_MAX_INPUT_MB;
      else process.env.GITOPS_SYNC_MAX_INPUT_MB = before;
    }
  });

  test('a config file with an unknown key', async () => {
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  prod:\n    terraform:\n      dir: infra\n      dri: x\n');
    await expectRefusal(['drift', 'prod'], `${join(dir, 'gitops-sync.yaml')}:5: environments.prod.terraform: unknown key "dri"; see the configuration reference in the README.`);
  });

  test('a config file with a wrong type', async () => {
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  prod:\n    terraform:\n      dir: [a, b]\n');
    await expectRefusal(['drift', 'prod'], /gitops-sync\.yaml:4: environments\.prod\.terraform\.dir: Invalid input: expected string, received array; see the configuration reference/);
  });

  test('a missing config file for drift', async () => {
    await expectRefusal(['drift', 'prod'], /gitops-sync\.yaml does not exist; create a gitops-sync\.yaml \(see the README\) or pass --config\./);
  });

  test('an environment that is not configured', async () => {
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  prod:\n    terraform: { dir: infra }\n');
    await expectRefusal(['drift', 'staging'], 'Environment "staging" is not in the configuration (it has prod); add it under environments: or pick one of those.');
  });

  test('an environment name that would escape the output folder', async () => {
    copyFileSync(tofuFixture('drift'), join(dir, 'plan.json'));
    await expectRefusal([...analyze('plan.json'), '--env', '../../x'], 'Environment name "../../x" is not allowed; use letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters.');
    const run = await cli(['drift-detect', '--terraform-plan-json', 'plan.json', '--environment', 'x/../../../tmp/escape'], { cwd: dir });
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(existsSync(join(dir, 'gitops-sync-reports'))).toBe(false);
  });

  test('an output path under a file', async () => {
    writeFileSync(join(dir, 'afile'), '');
    const run = await cli([...analyze(tofuFixture('drift')), '--output', 'afile/report.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gitops-sync: Could not write \S+afile\/report\.json: a part of its folder is a file, not a folder; check the output path is writable\.\n$/);
  });

  test('an unknown source, option, format or command', async () => {
    await expectRefusal(['analyze', '--source', 'pulumi', '--input', 'x'], /^gitops-sync: --source pulumi is not a known source; use one of terraform-plan, k8s-manifests, k8s-dirs.*\.\n$/);
    await expectRefusal(['analyze', '--frobnicate'], /Unknown option '--frobnicate'; run `gitops-sync analyze --help` for its flags\./);
    await expectRefusal([...analyze(tofuFixture('drift')), '--format', 'yaml'], '--format yaml is not a format; use table, markdown or json.');
    await expectRefusal(['deploy'], '"deploy" is not a gitops-sync command nor an environment in gitops-sync.yaml; the commands are drift, analyze, drift-detect, approve-safe, gate, generate, check-protection, sync, rollback, audit, secrets, kubectl-external-diff (see `gitops-sync --help`).');
  });
});

describe('the built CLI bundle', () => {
  const bundle = resolve(REPO_ROOT, 'dist/cli/index.js');

  test('runs from dist/ with the same exit codes and no stack trace on bad input', () => {
    copyFileSync(tofuFixture('drift'), join(dir, 'plan.json'));
    const ok = spawnSync(process.execPath, [bundle, 'analyze', '--input', 'plan.json', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    expect(ok.status).toBe(2);
    expect(JSON.parse(ok.stdout).total_changes).toBe(3);
    writeFileSync(join(dir, 'broken.json'), '{"format_version": "1.0", "resource_changes": [');
    const bad = spawnSync(process.execPath, [bundle, 'analyze', '--input', 'broken.json'], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^gitops-sync: \S+broken\.json is not complete JSON .*\n$/);
  });
});

describe('gitops-sync drift-detect (what the GitLab component runs)', () => {
  test('writes both reports and the dotenv outputs, and passes under fail-on never', async () => {
    copyFileSync(tofuFixture('drift'), join(dir, 'plan.json'));
    const run = await cli(['drift-detect', '--terraform-plan-json', 'plan.json', '--environment', 'staging', '--fail-on', 'never', '--dotenv', 'drift.env'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'drift.env'), 'utf8')).toBe(
      'DRIFT_DETECTED=true\nTOTAL_CHANGES=3\nCRITICAL=0\nHIGH=3\nMEDIUM=0\nLOW=0\nREPORT_PATH=gitops-sync-reports/drift-report-staging.json\nMARKDOWN_PATH=gitops-sync-reports/drift-report-staging.md\n',
    );
    expect(readdirSync(join(dir, 'gitops-sync-reports')).sort()).toEqual(['drift-report-staging.json', 'drift-report-staging.md']);
  });

  test('exits 1 with the reason when fail-on is met, after writing the reports', async () => {
    copyFileSync(tofuFixture('drift'), join(dir, 'plan.json'));
    const run = await cli(['drift-detect', '--terraform-plan-json', 'plan.json', '--fail-on', 'high'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('gitops-sync: Failing because 3 critical or high change(s) in default and fail-on is "high".\n');
    expect(existsSync(join(dir, 'gitops-sync-reports', 'drift-report-default.json'))).toBe(true);
  });

  test('without --fail-on (or with an empty one, as the component passes) the config file decides', async () => {
    copyFileSync(tofuFixture('drift'), join(dir, 'plan.json'));
    writeFileSync(join(dir, 'gitops-sync.yaml'), 'fail_on: high\n');
    for (const args of [[], ['--fail-on', '']]) {
      const run = await cli(['drift-detect', '--terraform-plan-json', 'plan.json', ...args], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('and fail-on is "high".');
    }
  });

  test('refuses an unknown fail-on', async () => {
    const run = await cli(['drift-detect', '--terraform-plan-json', 'plan.json', '--fail-on', 'sometimes'], { cwd: dir });
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'gitops-sync: --fail-on sometimes is not allowed; use one of never, drift, high, critical.\n' });
    expect(existsSync(join(dir, 'gitops-sync-reports'))).toBe(false);
  });
});

test('analyze adds the plan fingerprint only with --fingerprint (drift-detect always does)', async () => {
  const cwd = tempDir('gitops-sync-fingerprint-');
  const plain = await cli([...analyze(tofuFixture('drift')), '--format', 'json'], { cwd });
  expect(JSON.parse(plain.stdout).plan_fingerprint).toBeUndefined();
  const bound = await cli([...analyze(tofuFixture('drift')), '--format', 'json', '--fingerprint'], { cwd });
  expect(JSON.parse(bound.stdout).plan_fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
});

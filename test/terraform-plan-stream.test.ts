/**
 * `terraform show -json` writes the plan JSON into a file in the run's private scratch folder, which
 * the analysis reads in chunks: the plan JSON is never one Buffer in gitops-sync's memory.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { UserError } from '@gitops-sync/core';
import { detectDrift, loadConfig, nodeExec, type Exec, type ExecOptions, type ExecResult } from '@gitops-sync/engine';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, offlineTerraformEnv, terraformDataApp, writeFiles } from './support/terraform.js';

describe('the Exec port: stdoutFile', () => {
  test('standard output goes into a new private file, and none of it comes back in memory', async () => {
    const file = join(tempDir('gitops-sync-stdout-file-'), 'out.json');
    const result = await nodeExec.run(process.execPath, ['-e', 'process.stdout.write("x".repeat(3_000_000)); process.stderr.write("said on stderr")'], { stdoutFile: file });
    expect(result).toEqual({ exitCode: 0, stdout: Buffer.alloc(0), stderr: 'said on stderr' });
    expect(readFileSync(file, 'utf8')).toBe('x'.repeat(3_000_000));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test('an existing file is never overwritten: the run is refused in one sentence and the file kept', async () => {
    const file = join(tempDir('gitops-sync-stdout-file-'), 'out.json');
    writeFileSync(file, 'kept');
    const run = nodeExec.run(process.execPath, ['-e', 'process.stdout.write("new")'], { stdoutFile: file });
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(/^Could not create .*out\.json for the output of .*: EEXIST/);
    expect(readFileSync(file, 'utf8')).toBe('kept');
  });
});

describeWithTerraform('drift reads the plan JSON from the file show wrote', () => {
  let root: string;
  let env: Record<string, string>;
  const limit = process.env.GITOPS_SYNC_MAX_INPUT_MB;
  afterEach(() => {
    if (limit === undefined) delete process.env.GITOPS_SYNC_MAX_INPUT_MB;
    else process.env.GITOPS_SYNC_MAX_INPUT_MB = limit;
  });

  beforeAll(() => {
    root = tempDir('gitops-sync-plan-stream-');
    env = { ...process.env, ...offlineTerraformEnv(root) } as Record<string, string>;
    writeFiles(root, { 'gitops-sync.yaml': 'environments:\n  staging:\n    terraform:\n      dir: infra\n' });
    writeFiles(join(root, 'infra'), { 'main.tf': terraformDataApp('v2') });
  });

  const check = (exec: Exec) => detectDrift({ environment: 'staging', config: loadConfig(join(root, 'gitops-sync.yaml'), true), baseDir: root }, { exec, env });

  test('show sends its output to a file in the scratch folder; the report is made from it and the folder removed', async () => {
    const shows: { options: ExecOptions; result: ExecResult; existed: boolean }[] = [];
    const recording: Exec = {
      async run(command, args, options = {}) {
        const result = await nodeExec.run(command, args, options);
        if (args[0] === 'show') shows.push({ options, result, existed: existsSync(options.stdoutFile ?? '') });
        return result;
      },
    };
    const report = await check(recording);
    expect(report.changes.map((change) => `${change.action} ${change.address}`)).toEqual(['create terraform_data.app']);
    expect(report.plan_fingerprint).toMatch(/^sha256:/);
    expect(shows).toHaveLength(1);
    expect(shows[0].options.stdoutFile).toMatch(new RegExp(`^${tmpdir()}/gitops-sync-plan-[^/]+/plan\\.json$`));
    expect(shows[0].existed).toBe(true);
    expect(shows[0].result.stdout).toHaveLength(0);
    expect(existsSync(shows[0].options.stdoutFile!)).toBe(false);
    // The fingerprint's canonical text waited in a scratch folder of its own, removed too.
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith(`gitops-sync-fingerprint-${process.pid}-`))).toEqual([]);
  });

  test('the plan JSON is held to the input bound like any plan file (GITOPS_SYNC_MAX_INPUT_MB), refused in one sentence', async () => {
    process.env.GITOPS_SYNC_MAX_INPUT_MB = '0.001';
    // A temp dir of this run's own: test files running beside this one make (and remove) plan folders in the shared one.
    const ownTmp = tempDir('gitops-sync-test-own-tmp-');
    const sharedTmp = process.env.TMPDIR;
    process.env.TMPDIR = ownTmp;
    try {
      await expect(check(nodeExec)).rejects.toThrow(/ MB, over the 0\.001 MB limit for the plan JSON of .*\/infra; split the input or raise GITOPS_SYNC_MAX_INPUT_MB\.$/);
    } finally {
      if (sharedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = sharedTmp;
    }
    expect(readdirSync(ownTmp)).toEqual([]);
  });
});

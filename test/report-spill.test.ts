/**
 * `analyze --output report.json` of a plan streams the changes through a private scratch folder
 * (issue 15: a 300k-change plan within 2 x the file in memory). The report file must be exactly what
 * the in-memory path writes, secrets masked the same way, and the scratch folder must be gone however
 * the run ends: success, bad input, SIGTERM.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, test } from '@jest/globals';
import { parseConfig, renderJson } from '@gitops-sync/core';
import { analyzePlanFile, analyzePlanFileToJson } from '@gitops-sync/engine';
import { REPO_ROOT, TOFU_FIXTURES, tofuFixture } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

const TSX_LOADER = pathToFileURL(join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CLI_SOURCE = join(REPO_ROOT, 'packages', 'cli', 'src', 'index.ts');
const config = parseConfig('environments: {}\n', 'test');
const clock = { now: () => new Date('2026-03-01T12:00:00Z') };
const dir = tempDir('gitops-sync-report-spill-');

// scratchFolder() makes its folders in os.tmpdir(). In this process that is the test run's TMPDIR (Jest's
// process.env is the sandbox's copy: setting TMPDIR here would not move them), so what a run left behind
// is a report scratch folder there that was not there before it; a child process gets a TMPDIR of its own.
let scratchRoot: string;
let before: Set<string>;
const reportScratch = (folder: string) => readdirSync(folder).filter((name) => name.startsWith('gitops-sync-report-'));
// Only this process's: other test files running beside this one make theirs in the same tmpdir.
const ownReportScratch = (folder: string) => reportScratch(folder).filter((name) => name.startsWith(`gitops-sync-report-${process.pid}-`));
const leftBehind = () => ownReportScratch(tmpdir()).filter((name) => !before.has(name));
beforeEach(() => {
  scratchRoot = tempDir('gitops-sync-spill-tmp-');
  before = new Set(ownReportScratch(tmpdir()));
});

async function bothPaths(planPath: string) {
  const request = { planPath, environment: 'prod', config, fingerprint: false };
  const inMemory = await analyzePlanFile(request, { clock });
  const output = join(dir, `spilled-${Math.random().toString(36).slice(2)}.json`);
  const spilled = await analyzePlanFileToJson(request, { clock }, output);
  return { inMemory, spilled, file: readFileSync(output, 'utf8') };
}

describe('the report file is the in-memory report, byte for byte', () => {
  test.each(readdirSync(TOFU_FIXTURES).filter((name) => name.endsWith('.json') && name !== 'plan-error.json'))('real OpenTofu plan %s', async (name) => {
    const { inMemory, spilled, file } = await bothPaths(join(TOFU_FIXTURES, name));
    expect(file).toBe(renderJson(inMemory));
    const { changes, ...summary } = spilled;
    expect(summary).toEqual((({ changes: _, ...rest }) => rest)(inMemory));
    expect(changes.map(({ address, severity, rule }) => ({ address, severity, rule }))).toEqual(inMemory.changes.map(({ address, severity, rule }) => ({ address, severity, rule })));
    expect(leftBehind()).toEqual([]);
  });

  test('an unmarked copy of a secret met before the secret itself is masked, and the change judged masked', async () => {
    const plan = JSON.parse(readFileSync(tofuFixture('multi-resource-update'), 'utf8'));
    const first = { ...plan.resource_changes[1], type: 'terraform_data', change: { ...plan.resource_changes[1].change, actions: ['update'] } };
    const echo = structuredClone(first);
    echo.address = 'terraform_data.echo';
    echo.change.before = { output: 'old-echo' };
    echo.change.after = { output: 'swordfish-Secret-42' };
    echo.change.before_sensitive = {};
    echo.change.after_sensitive = {};
    const marked = structuredClone(first);
    marked.address = 'terraform_data.marked';
    marked.change.before = { input: 'old-value' };
    marked.change.after = { input: 'swordfish-Secret-42' };
    marked.change.before_sensitive = {};
    marked.change.after_sensitive = { input: true };
    plan.resource_changes = [echo, ...plan.resource_changes, marked];
    const planPath = join(dir, 'echo-before-secret.json');
    writeFileSync(planPath, JSON.stringify(plan));

    const { inMemory, file } = await bothPaths(planPath);
    expect(file).toBe(renderJson(inMemory));
    expect(file).not.toContain('swordfish');
    expect(file).toContain('terraform_data.echo');
  });

  // Rendered changes are parsed again only where their JSON text may hold a secret met later: that text
  // has the secret JSON-escaped, and in a path also pointer-escaped (`/` is `~1`).
  test('unmarked copies of a secret that JSON and pointers escape are masked wherever they are: a value, an instance key, a map key, an output', async () => {
    const secret = 'sw"ord\\fish/Secret~42-é';
    const plan = JSON.parse(readFileSync(tofuFixture('multi-resource-update'), 'utf8'));
    const base = { ...plan.resource_changes[1], type: 'terraform_data' };
    const copy = (address: string, before: unknown, after: unknown) => ({ ...base, address, change: { actions: ['update'], before, after, before_sensitive: {}, after_sensitive: {} } });
    const copies = [
      copy('terraform_data.value', { output: 'old' }, { output: `prefix ${secret} suffix` }),
      copy(`terraform_data.keyed[${JSON.stringify(secret)}]`, { output: 'a' }, { output: 'b' }),
      copy('terraform_data.map', { tags: { [secret]: 'a' } }, { tags: { [secret]: 'b' } }),
      copy('terraform_data.encoded', { output: 'old' }, { output: JSON.stringify({ password: secret }) }),
    ];
    const marked = { ...copy('terraform_data.marked', { input: 'old-value' }, { input: secret }), change: { actions: ['update'], before: { input: 'old-value' }, after: { input: secret }, before_sensitive: {}, after_sensitive: { input: true } } };
    plan.resource_changes = [...copies, ...plan.resource_changes, marked];
    plan.output_changes = { ...plan.output_changes, leaked: { actions: ['update'], before: 'old', after: `postgres://app:${secret}@db`, before_sensitive: false, after_sensitive: false } };
    const planPath = join(dir, 'escaped-secret-copies.json');
    writeFileSync(planPath, JSON.stringify(plan));

    const { inMemory, file } = await bothPaths(planPath);
    expect(file).toBe(renderJson(inMemory));
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), 'ord\\\\fish', 'Secret~42', 'Secret~042']) expect(file).not.toContain(form);
    for (const address of ['terraform_data.value', 'terraform_data.map', 'terraform_data.encoded']) expect(file).toContain(address);
  });
});

describe('the scratch folder is removed however the run ends', () => {
  test('a truncated plan: one sentence, no report written, no scratch folder left', async () => {
    const planPath = join(dir, 'truncated.json');
    writeFileSync(planPath, readFileSync(tofuFixture('modules'), 'utf8').slice(0, 900));
    const output = join(dir, 'truncated-report.json');
    await expect(analyzePlanFileToJson({ planPath, environment: 'prod', config, fingerprint: false }, { clock }, output)).rejects.toThrow(/is not complete JSON .* the file looks truncated/);
    expect(existsSync(output)).toBe(false);
    expect(leftBehind()).toEqual([]);
  });

  test('SIGTERM while a large plan is analysed: no scratch folder is left, and the report is whole or absent', async () => {
    const plan = JSON.parse(readFileSync(tofuFixture('multi-resource-update'), 'utf8'));
    const template = plan.resource_changes[1];
    plan.resource_changes = Array.from({ length: 60_000 }, (_, i) => ({
      ...template,
      address: `null_resource.bulk[${i}]`,
      index: i,
      change: { ...template.change, after: { ...template.change.after, note: `value ${i} `.repeat(8) } },
    }));
    const planPath = join(dir, 'large.json');
    writeFileSync(planPath, JSON.stringify(plan));
    const output = join(dir, 'large-report.json');

    // In the CLI's own process (not under the tsx wrapper, which would take the signal itself).
    const child = spawn(process.execPath, ['--import', TSX_LOADER, CLI_SOURCE, 'analyze', '--source', 'terraform-plan', '--input', planPath, '--format', 'json', '--output', output], {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: '', TMPDIR: scratchRoot },
      stdio: 'ignore',
    });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const started = Date.now();
    while (reportScratch(scratchRoot).length === 0) {
      if (Date.now() - started > 60_000 || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error('the analysis never made its scratch folder');
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGTERM');
    // The analysis runs synchronously: node delivers the signal to our handler only when the event loop
    // next waits, so the run either ends by it or finishes first — never leaving scratch or half a report.
    expect([null, 'SIGTERM']).toContain(await ended);
    expect(reportScratch(scratchRoot)).toEqual([]);
    // Never half a report: either none or the whole of it.
    if (existsSync(output)) expect(JSON.parse(readFileSync(output, 'utf8')).total_changes).toBe(60_000);
  }, 120_000);
});

/**
 * drift-detect on a plan JSON keeps its changes in scratch files, not in memory (issue 15: on a
 * 300,000-change plan it held 3.3x the plan in memory where `analyze --output` holds 1.3x): what it
 * writes and shows must be exactly what the whole report in memory gives — the JSON byte for byte,
 * the Markdown (job summary, comment) with every field of every change it shows, the fingerprint,
 * and no secret, a late one included.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from '@jest/globals';
import { MOST_CHANGES_SHOWN, parseConfig, renderJson, renderMarkdown, type Change, type DriftReport } from '@gitops-sync/core';
import { analyzePlanFile, analyzePlanFileToJson, nodeExec, runDriftDetect, usePlanFingerprintWorker } from '@gitops-sync/engine';
import { REPO_ROOT } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

const LATE_SECRET = 'late-Secret-copied-9f3k';
const NOW = new Date('2026-12-07T06:00:00.000Z');
const clock = { now: () => NOW };
const HEAD = 'd'.repeat(40);

/** A plan with more changes of two severities than any Markdown shows, drift outside Git, and a secret copied unmarked into the second change but marked only by the last. */
function plan(changes: number): string {
  const entry = (n: number, drift: boolean) => {
    const kind = ['aws_iam_role', 'aws_instance', 'aws_cloudwatch_log_group'][n % 3]!;
    const after = { name: `app-${n}`, tags: { team: `t${n % 7}` }, size: n, copy: n === 1 ? LATE_SECRET : 'none', password: `pw-${n}` };
    return {
      address: `${kind}.r${n}`,
      mode: 'managed',
      type: kind,
      name: `r${n}`,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: [drift ? 'update' : n % 11 === 0 ? 'delete' : 'update'],
        before: { ...after, size: n - 1, tags: { team: 'old' }, copy: 'none' },
        after: n % 11 === 0 && !drift ? null : after,
        after_unknown: {},
        before_sensitive: { password: true },
        after_sensitive: { password: true, ...(n === changes - 1 ? { copy: true } : {}) },
      },
    };
  };
  const resourceChanges = Array.from({ length: changes }, (_, n) => entry(n, false));
  // The secret is marked on the last entry only, and it is the same string the first one holds unmarked.
  (resourceChanges[changes - 1]!.change.after as Record<string, unknown>).copy = LATE_SECRET;
  const resourceDrift = Array.from({ length: 40 }, (_, n) => entry(changes + n, true));
  return JSON.stringify({ format_version: '1.2', resource_drift: resourceDrift, resource_changes: resourceChanges, output_changes: {} });
}

const config = parseConfig('environments: {}\n', 'test');

async function wholeReport(planPath: string): Promise<DriftReport> {
  const report = await analyzePlanFile({ planPath, environment: 'default', config, fingerprint: true }, { clock });
  report.head_sha = HEAD;
  return report;
}

async function driftDetect(dir: string) {
  return runDriftDetect(
    { environment: '', config: 'gitops-sync.yaml', terraformDirectory: '', terraformPlanJson: 'plan.json', failOn: 'never', outputDirectory: 'out', cwd: dir, headSha: HEAD },
    { exec: nodeExec, env: {}, clock },
  );
}

describe('drift-detect on a plan JSON, its changes kept in scratch files', () => {
  afterEach(() => usePlanFingerprintWorker(import.meta.url));

  for (const worker of [false, true]) {
    test(`writes and shows what the whole report gives${worker ? ', with the fingerprint worker' : ''}`, async () => {
      if (worker) usePlanFingerprintWorker(pathToFileURL(join(REPO_ROOT, 'dist/cli/index.js')).href);
      const dir = tempDir('gitops-sync-streamed-');
      writeFileSync(join(dir, 'plan.json'), plan(3000));
      const whole = await wholeReport(join(dir, 'plan.json'));
      // The case this is about: past the changes any Markdown shows, in more than one severity.
      expect(Object.values(whole.changes_by_severity).filter((count) => count > MOST_CHANGES_SHOWN).length).toBeGreaterThanOrEqual(2);
      expect(whole.plan_fingerprint).toMatch(/^sha256:/);

      // The scratch folders (the report's changes, the fingerprint's canonical text) are gone after the run.
      const scratchFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith('gitops-sync-') && name.includes(`-${process.pid}-`));
      const before = scratchFolders();
      const result = await driftDetect(dir);
      expect(scratchFolders()).toEqual(before);
      const json = readFileSync(join(dir, result.reportPath), 'utf8');
      const markdown = readFileSync(join(dir, result.markdownPath), 'utf8');
      expect(json).toBe(renderJson(whole));
      expect(markdown).toBe(renderMarkdown(whole));
      expect(result.markdown).toBe(markdown);
      // What the follow-up renders from the report it is handed (the comment, the drift issue) is the same too.
      expect(renderMarkdown(result.report, 40_000)).toBe(renderMarkdown(whole, 40_000));
      expect({ ...result.report, changes: undefined }).toEqual({ ...whole, changes: undefined });
      expect(result.report.changes.map(({ address, severity, action, origin, rule }) => [address, severity, action, origin, rule])).toEqual(
        whole.changes.map(({ address, severity, action, origin, rule }) => [address, severity, action, origin, rule]),
      );
      // The late secret's unmarked copy (in the second change, shown in the Markdown) is masked everywhere.
      expect(whole.changes.find((change) => change.address === 'aws_instance.r1')!.fields.some((field) => field.path === '/copy' && field.after === '(sensitive)')).toBe(true);
      for (const text of [json, markdown, JSON.stringify(result.report)]) expect(text).not.toContain(LATE_SECRET);
    }, 60_000);
  }

  test('analyze --output --fingerprint is written from scratch files too, byte for byte what the whole report gives', async () => {
    const dir = tempDir('gitops-sync-streamed-');
    writeFileSync(join(dir, 'plan.json'), plan(1500));
    const whole = await analyzePlanFile({ planPath: join(dir, 'plan.json'), environment: 'default', config, fingerprint: true }, { clock });
    const light = await analyzePlanFileToJson({ planPath: join(dir, 'plan.json'), environment: 'default', config, fingerprint: true }, { clock }, join(dir, 'report.json'));
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe(renderJson(whole));
    expect(light.plan_fingerprint).toBe(whole.plan_fingerprint);
  });

  test('a fingerprint worker that never answers: the analysis is run again without it, and the files are the same', async () => {
    const folder = tempDir('gitops-sync-streamed-hang-');
    writeFileSync(join(folder, 'package.json'), '{ "type": "commonjs" }\n');
    mkdirSync(join(folder, 'plan-fingerprint-worker'));
    writeFileSync(join(folder, 'plan-fingerprint-worker', 'index.js'), "require('node:worker_threads').parentPort.on('message', () => {});\n");
    usePlanFingerprintWorker(pathToFileURL(join(folder, 'index.js')).href, { minimumWaitMs: 200 });
    const dir = tempDir('gitops-sync-streamed-');
    writeFileSync(join(dir, 'plan.json'), plan(800));
    const result = await driftDetect(dir);
    usePlanFingerprintWorker(import.meta.url);
    const whole = await wholeReport(join(dir, 'plan.json'));
    expect(readFileSync(join(dir, result.reportPath), 'utf8')).toBe(renderJson(whole));
    expect(result.markdown).toBe(renderMarkdown(whole));
  }, 30_000);
});

test('no Markdown shows more than MOST_CHANGES_SHOWN changes, however short their blocks', () => {
  const change: Change = { address: 'a', kind: 'k', source: 's', action: 'update', origin: 'planned', severity: 'low', rule: 'r', fields: [] };
  const report: DriftReport = {
    schema: 'gitops-sync/drift-report@1',
    environment: 'e',
    generated_at: NOW.toISOString(),
    sources: ['s'],
    drift_detected: true,
    total_changes: 2000,
    changes_by_severity: { critical: 0, high: 0, medium: 0, low: 2000 },
    changes_by_action: { create: 0, update: 2000, delete: 0, replace: 0, forget: 0, import: 0 },
    affected_resources: ['a'],
    output_changes: [],
    changes: Array.from({ length: 2000 }, () => ({ ...change })),
    remediation_plan: [],
  };
  for (const limit of [65_536, 1_000_000]) {
    const shown = renderMarkdown(report, limit).split('<details>').length - 1;
    expect(shown).toBeLessThanOrEqual(MOST_CHANGES_SHOWN);
  }
  // The bound is reached only past GitHub's limit: within it, every block is over 100 characters.
  expect(renderMarkdown(report, 65_536).split('<details>').length - 1).toBeLessThan(MOST_CHANGES_SHOWN);
});

/**
 * drift-detect's extra work over `analyze` made cheaper without changing what it produces: the plan
 * fingerprint keeps each entry's canonical text as bytes while the plan is analysed, and the report's
 * JSON is hashed as it is written instead of being rendered again for the `drift` audit event.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseConfig, PlanFingerprinter, parseTerraformPlan, planFingerprint, renderJson, wholeBytes, type PlanReader } from '@gitops-sync/core';
import { analyzePlanFile, driftDetails, nodeExec, reportFingerprint, runDriftDetect, writeReportJson } from '@gitops-sync/engine';
import { tempDir } from './support/temp-dir.js';

const options = { workspace: 'blue', varFiles: ['prod.tfvars'] };

/**
 * A plan whose canonical text spans several kept pieces (over 1 MB): non-ASCII text, characters JSON
 * escapes, surrogate pairs and a lone surrogate, keys that sort unusually, a deposed object, and an
 * unmarked copy of a secret in the first entry that only the last entry marks sensitive (so the
 * plan is read a second time).
 */
function largePlan(secret: string): string {
  const texts = ['plain', 'ünïcödé ✓', 'tab\there "quoted" back\\slash', 'emoji 🔑 pair', 'lone \ud800 surrogate', 'x'.repeat(300), 'ß'.repeat(400)];
  const entries: unknown[] = [];
  for (let n = 0; n < 2200; n++) {
    const value = { b: texts[n % texts.length], a: n, Z: [true, null, 1.5, texts[(n + 3) % texts.length]], '10': { ü: 'v', '2': n % 2 === 0 }, copy: n === 0 || n === 2199 ? secret : 'none' };
    const change = { actions: [n % 3 ? 'no-op' : 'update'], before: value, after: { ...value, a: n + 1, password: `pw-${n}` }, after_unknown: {}, before_sensitive: {}, after_sensitive: { password: true, ...(n === 2199 ? { copy: true } : {}) } };
    const entry: Record<string, unknown> = { address: `terraform_data.r${n}`, mode: 'managed', type: 'terraform_data', name: `r${n}`, provider_name: 'terraform.io/builtin/terraform', change };
    if (n === 7) entry.deposed = '00000001';
    entries.push(entry);
  }
  return JSON.stringify({ format_version: '1.2', resource_changes: entries, output_changes: { ü: { actions: ['update'], before: 'a', after: secret, before_sensitive: false, after_sensitive: false, after_unknown: false } } });
}

/** Computed by gitops-sync 00ad42c (before this change) for largePlan with `options`. */
const PINNED = 'sha256:0d04d6c0587f7b3a6b157406c4037c8b971d1bc8cbabc72f8979d4ab67d423cd';
/** sha256 of the JSON of largePlan's per-entry digests, as 00ad42c computed them. */
const PINNED_DIGESTS = '1ece03e73abaa075a713df5e2ec5ec4d511f256783ee5919e1a6833ec2c63548';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('the plan fingerprint of a plan spanning several kept pieces', () => {
  test('planFingerprint gives the value earlier releases gave, and the same per-entry digests', () => {
    const result = planFingerprint(largePlan('hunter22-db-secret'), options);
    expect(result.fingerprint).toBe(PINNED);
    expect(sha256(JSON.stringify(result.summary.digests))).toBe(PINNED_DIGESTS);
  });

  test('another secret gives the same fingerprint, and the secret is nowhere in the summary', () => {
    const result = planFingerprint(largePlan('correct-horse-battery'), options);
    expect(result.fingerprint).toBe(PINNED);
    expect(JSON.stringify(result.summary)).not.toContain('correct-horse-battery');
  });

  test('computed while the plan is analysed: the same value, the plan read again for the late secret', () => {
    const bytes = Buffer.from(largePlan('hunter22-db-secret'));
    let reads = 0;
    const reader: PlanReader = (consume) => {
      reads++;
      return consume(wholeBytes(bytes));
    };
    const fingerprinter = new PlanFingerprinter({ ...options, label: 'plan.json', planBytes: bytes.length });
    const plan = reader((source) => parseTerraformPlan(source, { label: 'plan.json', onSecret: fingerprinter.onSecret, observer: fingerprinter.observer }));
    expect(fingerprinter.finish(plan, reader).fingerprint).toBe(PINNED);
    expect(reads).toBe(2);
  });
});

describe('the drift event names the report as drift-detect wrote it', () => {
  test('drift-detect on a plan: the event fingerprint is the sha256 of the JSON file written', async () => {
    const dir = tempDir('fpsame-');
    writeFileSync(join(dir, 'plan.json'), largePlan('hunter22-db-secret'));
    const result = await runDriftDetect(
      { environment: '', config: 'gitops-sync.yaml', terraformDirectory: '', terraformPlanJson: 'plan.json', failOn: 'never', outputDirectory: 'out', cwd: dir, headSha: 'a'.repeat(40) },
      { exec: nodeExec, env: {} },
    );
    const written = readFileSync(join(dir, result.reportPath));
    expect(driftDetails(result.report)).toMatchObject({ type: 'drift', report_fingerprint: sha256(written) });
    // The report was written from scratch files (withStreamedPlanReport): it is what the whole report in memory renders as.
    const whole = await analyzePlanFile({ planPath: join(dir, 'plan.json'), environment: 'default', config: parseConfig('environments: {}\n', 'test'), fingerprint: true }, {});
    expect(written.toString('utf8')).toBe(renderJson({ ...whole, generated_at: result.report.generated_at, head_sha: 'a'.repeat(40) }));
  });

  test('a report never written: its JSON is rendered and hashed', () => {
    const dir = tempDir('fpsame-');
    writeFileSync(join(dir, 'plan.json'), largePlan('hunter22-db-secret'));
    return runDriftDetect(
      { environment: '', config: 'gitops-sync.yaml', terraformDirectory: '', terraformPlanJson: 'plan.json', failOn: 'never', outputDirectory: 'out', cwd: dir, headSha: 'b'.repeat(40) },
      { exec: nodeExec, env: {} },
    ).then(({ report }) => {
      const copy = { ...report, head_sha: 'c'.repeat(40) };
      expect(reportFingerprint(copy)).toBe(sha256(renderJson(copy)));
      writeReportJson(join(dir, 'copy.json'), copy);
      expect(reportFingerprint(copy)).toBe(sha256(readFileSync(join(dir, 'copy.json'))));
    });
  });
});

/**
 * The plan fingerprint is computed while the plan is analysed, in the same read. Its definition does
 * not change: reports reviewed before an upgrade carry fingerprints that sync compares with the plan
 * it is about to apply, so the values pinned here were computed by the earlier, three-pass code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlanFingerprinter, canonicalJson, parseConfig, parseTerraformPlan, planFingerprint, wholeBytes, type PlanReader } from '@gitops-sync/core';
import { analyzePlanFile } from '@gitops-sync/engine';
import { REPO_ROOT, SHARED_FIXTURES, tofuFixture } from './support/paths.js';
import { COPY_FIRST_PLAN, terraformDataEntry } from './support/fingerprint-worker.js';
import { tempDir } from './support/temp-dir.js';

const options = { workspace: 'blue', varFiles: ['prod.tfvars'] };

const entry = terraformDataEntry;
const copyFirst = COPY_FIRST_PLAN;

/** The same plan with other secrets: only if every copy is redacted is its fingerprint the same. */
const copyFirstOtherSecrets = copyFirst.replaceAll('hunter22-db', 'correct-horse').replaceAll('tok-3141-secret', 'tok-1618-other');

/** Secrets met in every entry, each only in its own entry: the common case. */
const ownSecrets = JSON.stringify({
  format_version: '1.2',
  resource_drift: [entry('terraform_data.drifted', { actions: ['update'], before: { input: 'drift-secret-1' }, after: { input: 'drift-secret-2' }, before_sensitive: { input: true }, after_sensitive: { input: true } })],
  resource_changes: Array.from({ length: 50 }, (_, n) =>
    entry(`terraform_data.app${n}`, {
      actions: [n % 5 ? 'no-op' : 'update'],
      before: { input: { password: `pw-${n}-old`, size: 'small', copy: n === 7 ? 'drift-secret-1' : 'plain' } },
      after: { input: { password: `pw-${n}-new`, size: n % 5 ? 'small' : 'large', copy: n === 7 ? 'drift-secret-1' : 'plain' } },
      before_sensitive: { input: { password: true } },
      after_sensitive: { input: { password: true } },
    }),
  ),
  output_changes: {},
});

const PLANS: Record<string, () => string> = {
  'a copy of a secret before the entry that marks it': () => copyFirst,
  'secrets only in their own entries (and one from resource_drift)': () => ownSecrets,
  'opentofu-show-json/sensitive-values.json': () => readFileSync(tofuFixture('sensitive-values'), 'utf8'),
  'opentofu-show-json/drift.json': () => readFileSync(tofuFixture('drift'), 'utf8'),
  'tf-summarize/tfplan.json': () => readFileSync(join(SHARED_FIXTURES, 'terraform', 'tf-summarize', 'tfplan.json'), 'utf8'),
  'examples/demo/recorded-plan.json': () => readFileSync(join(REPO_ROOT, 'examples/demo/recorded-plan.json'), 'utf8'),
};

/** Fingerprints of PLANS with `options`, computed by gitops-sync before the one-pass fingerprint. */
const PINNED: Record<string, string> = {
  'a copy of a secret before the entry that marks it': 'sha256:e6f201d8b9c01e2e34dc13b87cead67ccd7d068eb44e07f291204729e60a00a4',
  'secrets only in their own entries (and one from resource_drift)': 'sha256:45164316961bbb6ebe6ea2f635516d4b82119884ba410c64ab15f1d37672c907',
  'opentofu-show-json/sensitive-values.json': 'sha256:6eb9459979e8d954fce283e28c096209a3f22c09f9358c7b8b1ed4c343762402',
  'opentofu-show-json/drift.json': 'sha256:37fa85f29aa890579c20a9ec3c7138d97ede4e9e5f554f1807930bb91d634cba',
  'tf-summarize/tfplan.json': 'sha256:ee1ce495033c6f58df76c5c04874a7f96a6a86b86d843b0c1da23119bc8b938e',
  'examples/demo/recorded-plan.json': 'sha256:1e4c91acf9670b9b097bd34b257fda95a8552bd63dee6ec1e080fcaf09fac7b4',
};

/** The per-entry digests of copyFirst's summary, as earlier releases computed them. */
const COPY_FIRST_DIGESTS = {
  'terraform_data.copy': '939479a0cb103c7a',
  'terraform_data.db': 'cc18bf0527645886',
  'terraform_data.echo': '6cc401e2b02403a2',
};

describe('the plan fingerprint keeps its definition', () => {
  test.each(Object.keys(PLANS))('%s: planFingerprint gives the fingerprint earlier releases gave', (name) => {
    expect(planFingerprint(PLANS[name]!(), options).fingerprint).toBe(PINNED[name]);
  });

  test('a copy of a secret met before the secret is redacted: other secrets, the same fingerprint', () => {
    expect(planFingerprint(copyFirstOtherSecrets, options).fingerprint).toBe(PINNED['a copy of a secret before the entry that marks it']);
    expect(planFingerprint(copyFirst, options).summary.digests).toEqual(COPY_FIRST_DIGESTS);
  });
});

/** Parses the plan once with a PlanFingerprinter; counts how often finish read it again. */
function onePass(text: string, digests = false) {
  const bytes = Buffer.from(text);
  let reads = 0;
  const reader: PlanReader = (consume) => {
    reads++;
    return consume(wholeBytes(bytes));
  };
  const fingerprinter = new PlanFingerprinter({ ...options, label: 'plan.json', digests, planBytes: bytes.length });
  const secrets: string[] = [];
  const plan = reader((source) =>
    parseTerraformPlan(source, {
      label: 'plan.json',
      onSecret: (value) => {
        secrets.push(value);
        fingerprinter.onSecret(value);
      },
      observer: fingerprinter.observer,
    }),
  );
  const result = fingerprinter.finish(plan, reader);
  return { ...result, rereads: reads - 1, secrets };
}

describe('the fingerprint computed in the pass that analyses the plan', () => {
  test.each(Object.keys(PLANS).filter((name) => !name.startsWith('a copy')))('%s: the same fingerprint, the plan read once', (name) => {
    const result = onePass(PLANS[name]!());
    expect(result.fingerprint).toBe(PINNED[name]);
    expect(result.rereads).toBe(0);
  });

  test('a copy of a secret met before the entry that marks it: the same fingerprint, the plan read a second time for it', () => {
    const result = onePass(copyFirst, true);
    expect(result.fingerprint).toBe(PINNED['a copy of a secret before the entry that marks it']);
    expect(result.summary.digests).toEqual(COPY_FIRST_DIGESTS);
    expect(result.rereads).toBe(1);
    expect(onePass(copyFirstOtherSecrets).fingerprint).toBe(result.fingerprint);
  });

  test('a secret only in output_changes, copied unmarked into an earlier resource change, is redacted there too', () => {
    const onlyOutput = copyFirst.replaceAll('hunter22-db', 'plain-value');
    const other = onlyOutput.replaceAll('tok-3141-secret', 'tok-0000-other');
    expect(onePass(onlyOutput).rereads).toBe(1);
    expect(onePass(other).fingerprint).toBe(onePass(onlyOutput).fingerprint);
    expect(onePass(onlyOutput).fingerprint).toBe(planFingerprint(onlyOutput, options).fingerprint);
  });

  test('a secret that equals a key or a resource name (not a copy) is no reason for another fingerprint', () => {
    const named = copyFirst.replaceAll('hunter22-db', 'size');
    expect(onePass(named).fingerprint).toBe(planFingerprint(named, options).fingerprint);
    expect(JSON.stringify(onePass(named).summary)).not.toContain('tok-3141-secret');
  });

  test('analyzePlanFile and the summary never hold a secret', () => {
    const result = onePass(copyFirst, true);
    expect(result.secrets).toEqual(expect.arrayContaining(['hunter22-db', 'tok-3141-secret']));
    expect(JSON.stringify(result.summary)).not.toMatch(/hunter22|tok-3141|tok-2718/);
  });

  test.each(Object.keys(PLANS))('%s: analyze --fingerprint (analyzePlanFile) reports the pinned fingerprint', async (name) => {
    const dir = tempDir('planread-fingerprint-');
    const planPath = join(dir, 'plan.json');
    writeFileSync(planPath, PLANS[name]!());
    const config = parseConfig('environments:\n  prod:\n    terraform:\n      dir: .\n      workspace: blue\n      var_files: [prod.tfvars]\n', 'gitops-sync.yaml');
    const report = await analyzePlanFile({ planPath, environment: 'prod', config, fingerprint: true }, {});
    expect(report.plan_fingerprint).toBe(PINNED[name]);
    expect((await analyzePlanFile({ planPath, environment: 'prod', config, fingerprint: false }, {})).plan_fingerprint).toBeUndefined();
  });
});

test('canonical JSON writes every string exactly as JSON.stringify does (quotes, control characters, non-ASCII, lone surrogates)', () => {
  const strings = ['plain', 'a"b', 'back\\slash', 'line\nbreak', 'tab\t', '\u0001', 'é', '😀', '\ud800', 'x\udc00y', '\u2028', '\u007f'];
  expect(canonicalJson(strings)).toBe(JSON.stringify(strings));
});

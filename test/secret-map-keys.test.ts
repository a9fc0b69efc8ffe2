/**
 * A value Terraform marks sensitive as a whole can be a map whose KEYS are the secret (a map of
 * user names to passwords, of tokens to roles). Terraform copies such maps unmarked (terraform_data
 * output, a provider attribute echoing its input): the key must then be masked like a copied value,
 * in the report (field paths and values) and in the plan fingerprint (which must not depend on it).
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { MIN_HANDED_ON_SECRET_LENGTH } from '@gitops-sync/core/diff/value-diff';
import type { ByteSource } from '@gitops-sync/core/json/top-level-reader';
import { planFingerprint } from '@gitops-sync/core/plan/fingerprint';
import { observePlanForFingerprint, PlanFingerprinter, type PlanReader } from '@gitops-sync/core/plan/plan-fingerprinter';
import type { FieldChange } from '@gitops-sync/core/model/report';
import { parseTerraformPlan, type ParsedTerraformPlan } from '@gitops-sync/core/sources/terraform-plan';
import { cli } from './support/cli.js';
import { askWorker } from './support/fingerprint-worker.js';
import { tempDir } from './support/temp-dir.js';

const SECRET = 'alice-db-password-7781';
const options = { workspace: 'blue', varFiles: ['prod.tfvars'] };
const dir = tempDir('gitops-sync-secret-keys-');

/** A resource_changes entry as `terraform show -json` writes one. */
const entry = (address: string, change: Record<string, unknown>) => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  name: address.split('.')[1],
  provider_name: address.startsWith('terraform_data') ? 'terraform.io/builtin/terraform' : 'registry.terraform.io/hashicorp/aws',
  change: { after_unknown: {}, before_sensitive: {}, after_sensitive: {}, ...change },
});
const plan = (entries: unknown[], outputs: Record<string, unknown> = {}) =>
  JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', resource_changes: entries, output_changes: outputs });

/** aws_thing.copy: secret_map (marked sensitive as a whole) copied unmarked into labels, its key changing. */
const copiedMap = (secret: string, other = 'v') =>
  plan([
    entry('aws_thing.copy', {
      actions: ['update'],
      before: { secret_map: { 'old-key': 'v' }, labels: { 'old-key': 'v' } },
      after: { secret_map: { [secret]: other }, labels: { [secret]: other } },
      before_sensitive: { secret_map: true },
      after_sensitive: { secret_map: true },
    }),
  ]);

const parsed = (text: string) => parseTerraformPlan(text, { label: 'plan' });
const fieldsOf = (result: ParsedTerraformPlan, address: string): FieldChange[] => result.changes.find((change) => change.address === address)!.fields;

async function allFormats(planText: string): Promise<string[]> {
  const path = join(dir, `plan-${createHash('sha256').update(planText).digest('hex').slice(0, 12)}.json`);
  writeFileSync(path, planText);
  const outputs: string[] = [];
  for (const format of ['json', 'markdown', 'table']) {
    const run = await cli(['analyze', '--source', 'terraform-plan', '--input', path, '--format', format], { cwd: dir });
    expect(run.stderr).not.toContain('Error');
    outputs.push(run.stdout, run.stderr);
  }
  // The report written to a file is made in another way (changes spilled, then masked one by one).
  const file = join(dir, 'report.json');
  const run = await cli(['analyze', '--source', 'terraform-plan', '--input', path, '--format', 'json', '--output', file], { cwd: dir });
  outputs.push(run.stdout, run.stderr, readFileSync(file, 'utf8'));
  return outputs;
}

/** The worker's flow (plan-fingerprint-worker.ts) in this thread, through the bytes path, with the analysis's secrets. */
function workerFlowFingerprint(text: string, analysisSecrets: ReadonlySet<string>, chunk = 61): string {
  const bytes = Buffer.from(text);
  const source = (): ByteSource => {
    let at = 0;
    return () => {
      if (at >= bytes.length) return undefined;
      const piece = Buffer.from(bytes.subarray(at, Math.min(at + chunk, bytes.length)));
      at += piece.length;
      return piece;
    };
  };
  const reader: PlanReader = (consume) => consume(source());
  let fingerprinter = new PlanFingerprinter({ ...options, planBytes: bytes.length });
  const found = new Set<string>();
  observePlanForFingerprint(source(), fingerprinter, (secret) => {
    found.add(secret);
    fingerprinter.onSecret(secret);
  });
  if ([...found].some((secret) => !analysisSecrets.has(secret))) {
    fingerprinter = new PlanFingerprinter({ ...options, planBytes: bytes.length });
    for (const secret of analysisSecrets) fingerprinter.onSecret(secret);
    observePlanForFingerprint(source(), fingerprinter);
  } else for (const secret of analysisSecrets) fingerprinter.onSecret(secret);
  return fingerprinter.fingerprint(reader);
}

/** planFingerprint's fingerprint, checked equal to the worker's flow in this thread (several chunk sizes) and, with `viaBundle`, to the real worker. */
async function fingerprintOf(text: string, viaBundle = false): Promise<string> {
  const secrets = new Set<string>();
  const expected = planFingerprint(Buffer.from(text), { ...options, onSecret: (secret) => secrets.add(secret) }).fingerprint;
  for (const chunk of [61, 4096, 1 << 20]) expect(workerFlowFingerprint(text, secrets, chunk)).toBe(expected);
  if (viaBundle) {
    const path = join(dir, `fp-${createHash('sha256').update(text).digest('hex').slice(0, 12)}.json`);
    writeFileSync(path, text);
    const handedOn = [...secrets].filter((secret) => secret.length >= MIN_HANDED_ON_SECRET_LENGTH);
    expect(await askWorker(path, handedOn, createHash('sha256').update(text).digest('hex'))).toEqual({ fingerprint: expected });
  }
  return expected;
}

describe('the report', () => {
  test('a secret key copied unmarked shows in no format: its parent is one sensitive field', async () => {
    for (const output of await allFormats(copiedMap(SECRET))) expect(output).not.toContain(SECRET);
    const fields = fieldsOf(parsed(copiedMap(SECRET)), 'aws_thing.copy');
    expect(fields.map((field) => field.path)).toEqual(['/secret_map', '/labels']);
    expect(fields[1]).toEqual({ path: '/labels', before: '(sensitive)', after: '(sensitive)', sensitive: true });
  });

  test('several secret keys under one parent collapse into one field, in the order first met', () => {
    const text = plan([
      entry('aws_thing.copy', {
        actions: ['update'],
        before: { secret_map: null, labels: { team: 'a' }, zone: 'a' },
        after: { secret_map: { 'key-one-secret': 'x', 'key-two-secret': 'y' }, labels: { 'key-one-secret': 'x', 'key-two-secret': 'y', team: 'b' }, zone: 'b' },
        before_sensitive: { secret_map: true },
        after_sensitive: { secret_map: true },
      }),
    ]);
    const report = parsed(text);
    expect(JSON.stringify(report)).not.toMatch(/key-(one|two)-secret/);
    expect(fieldsOf(report, 'aws_thing.copy')).toEqual([
      { path: '/secret_map', before: null, after: '(sensitive)', sensitive: true },
      { path: '/labels/team', before: 'a', after: 'b', sensitive: false },
      { path: '/labels', before: null, after: '(sensitive)', sensitive: true },
      { path: '/zone', before: 'a', after: 'b', sensitive: false },
    ]);
  });

  test('a nested secret key, and a secret key deep inside the marked map: masked with what is below it', () => {
    const text = plan([
      entry('aws_thing.deep', {
        actions: ['update'],
        before: { settings: { outer: { 'deep-secret-key': { inner: 'v1' } } }, copy: { outer: { 'deep-secret-key': { inner: 'v1' } } } },
        after: { settings: { outer: { 'deep-secret-key': { inner: 'v2' } } }, copy: { outer: { 'deep-secret-key': { inner: 'v2' } } } },
        before_sensitive: { settings: { outer: true } },
        after_sensitive: { settings: { outer: true } },
      }),
    ]);
    const report = parsed(text);
    expect(JSON.stringify(report)).not.toContain('deep-secret-key');
    expect(fieldsOf(report, 'aws_thing.deep')).toContainEqual({ path: '/settings/outer', before: '(sensitive)', after: '(sensitive)', sensitive: true });
    expect(fieldsOf(report, 'aws_thing.deep')).toContainEqual({ path: '/copy/outer', before: '(sensitive)', after: '(sensitive)', sensitive: true });
  });

  test('a value that is an object holding a secret key is masked (an attribute that went from null to the map)', () => {
    const text = plan([
      entry('aws_thing.copy', {
        actions: ['update'],
        before: { secret_map: { 'obj-secret-key': 'v' }, labels: 'none' },
        after: { secret_map: { 'obj-secret-key': 'v' }, labels: [{ 'obj-secret-key': 'not-the-value' }] },
        before_sensitive: { secret_map: true },
        after_sensitive: { secret_map: true },
      }),
    ]);
    const report = parsed(text);
    expect(JSON.stringify(report)).not.toContain('obj-secret-key');
    expect(fieldsOf(report, 'aws_thing.copy')).toEqual([{ path: '/labels', before: 'none', after: '(sensitive)', sensitive: true }]);
  });

  test('an output holding the secret key unmarked is masked', async () => {
    const text = plan(
      [entry('aws_thing.source', { actions: ['no-op'], before: { secret_map: { 'out-secret-key': 'v' } }, after: { secret_map: { 'out-secret-key': 'v' } }, before_sensitive: { secret_map: true }, after_sensitive: { secret_map: true } })],
      { users: { actions: ['create'], before: null, after: { 'out-secret-key': 'not-the-value' }, before_sensitive: false, after_sensitive: false, after_unknown: false } },
    );
    for (const output of await allFormats(text)) expect(output).not.toContain('out-secret-key');
    const report = parsed(text);
    expect(report.outputChanges).toEqual([expect.objectContaining({ name: 'users', before: null, after: '(sensitive)', sensitive: true })]);
  });

  test('keys equal to no secret are shown as before', () => {
    const text = plan([
      entry('aws_thing.plain', {
        actions: ['update'],
        before: { password: 'not-a-key-secret', labels: { team: 'a' } },
        after: { password: 'not-a-key-secret', labels: { team: 'b', owner: 'c' } },
        before_sensitive: { password: true },
        after_sensitive: { password: true },
      }),
    ]);
    expect(fieldsOf(parsed(text), 'aws_thing.plain')).toEqual([
      { path: '/labels/team', before: 'a', after: 'b', sensitive: false },
      { path: '/labels/owner', before: null, after: 'c', sensitive: false },
    ]);
  });

  test('a short sensitive value ("1") does not hide the second item of every list: paths keep their indexes', () => {
    const text = plan([
      entry('aws_thing.ports', {
        actions: ['update'],
        before: { count_secret: '1', ports: [80, 443] },
        after: { count_secret: '1', ports: [80, 8443] },
        before_sensitive: { count_secret: true },
        after_sensitive: { count_secret: true },
      }),
    ]);
    expect(fieldsOf(parsed(text), 'aws_thing.ports')).toEqual([{ path: '/ports/1', before: 443, after: 8443, sensitive: false }]);
  });
});

describe('the fingerprint', () => {
  test('two plans differing only in the secret key have the same fingerprint (planFingerprint and the worker bundle)', async () => {
    expect(await fingerprintOf(copiedMap('key-secret-1'), true)).toBe(await fingerprintOf(copiedMap('key-secret-2'), true));
    // Only the object keyed by the secret is masked: what is beside it still counts.
    const beside = (zone: string) => copiedMap('key-secret-1').replace('"labels":{"key-secret-1":"v"}', `"labels":{"key-secret-1":"v"},"zone":"${zone}"`);
    expect(beside('a')).not.toBe(copiedMap('key-secret-1'));
    expect(await fingerprintOf(beside('a'))).not.toBe(await fingerprintOf(beside('b')));
  });

  test('terraform_data: the unmarked copy (as a key) comes BEFORE the entry that marks it', async () => {
    const withSecret = (secret: string) =>
      plan([
        entry('terraform_data.copy', { actions: ['update'], before: { input: 'a', output: { [secret]: 'admin' } }, after: { input: 'b', output: { [secret]: 'admin' } } }),
        entry('terraform_data.users', { actions: ['no-op'], before: { input: { [secret]: 'role-x' }, output: null }, after: { input: { [secret]: 'role-x' }, output: null }, before_sensitive: { input: true }, after_sensitive: { input: true } }),
      ]);
    expect(await fingerprintOf(withSecret('late-key-secret-1'), true)).toBe(await fingerprintOf(withSecret('late-key-secret-2'), true));
  });

  test('a nested secret key and one in output_changes', async () => {
    const withSecret = (secret: string) =>
      plan(
        [
          entry('terraform_data.users', { actions: ['update'], before: null, after: { input: { team: { [secret]: 'x' } }, output: { team: { [secret]: 'x' } } }, after_sensitive: { input: true } }),
        ],
        { users: { actions: ['update'], before: { a: 1 }, after: { list: [{ [secret]: 'x' }] }, before_sensitive: false, after_sensitive: false, after_unknown: false } },
      );
    expect(await fingerprintOf(withSecret('nested-key-secret-1'), true)).toBe(await fingerprintOf(withSecret('nested-key-secret-2'), true));
  });

  test('plans whose keys are no secret: different keys, different fingerprints', async () => {
    const withKey = (key: string) => plan([entry('terraform_data.x', { actions: ['update'], before: null, after: { input: { [key]: 'x' }, output: { [key]: 'x' } } })]);
    expect(await fingerprintOf(withKey('plain-key-1'))).not.toBe(await fingerprintOf(withKey('plain-key-2')));
  });
});

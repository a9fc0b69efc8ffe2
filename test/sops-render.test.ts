/**
 * SOPS-encrypted inputs in a real drift run: the real `kubectl kustomize` renders an encrypted Secret
 * and a ConfigMap from an encrypted env file, the real terraform (offline) reads encrypted var files.
 * Decrypted only into a private temporary folder: the workspace is unchanged afterwards, no temporary
 * folder is left, and no decrypted value is in stdout, stderr or the report.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import type { DriftReport } from '@gitops-sync/core';
import { nodeExec, silentProgress, syncTerraform, systemClock } from '@gitops-sync/engine';
import { cli, type CliRun } from './support/cli.js';
import { ageKeyPair, sopsEncrypt } from './support/sops.js';
import { describeWithTerraform, offlineTerraformEnv, writeFiles } from './support/terraform.js';
import { tempDir } from './support/temp-dir.js';

const PASSWORD = 'pa55-sops-render-hunter2';
const TOKEN = 'tok-3c9e1f-sops-render-token';
const b64 = (text: string) => Buffer.from(text).toString('base64');

let age: { identity: string; recipient: string };
let dir: string;
beforeAll(async () => {
  age = await ageKeyPair();
});
beforeEach(() => {
  dir = tempDir('sops-render-');
});

/** Every file under the folder with its content; `.gitops-sync` (the run's own audit log) apart. */
function snapshot(root: string): { workspace: Record<string, string>; audit: string } {
  const workspace: Record<string, string> = {};
  let audit = '';
  const walk = (path: string): void => {
    if (statSync(path).isDirectory()) readdirSync(path).forEach((entry) => walk(join(path, entry)));
    else if (relative(root, path).startsWith('.gitops-sync/')) audit += readFileSync(path, 'utf8');
    else workspace[relative(root, path)] = readFileSync(path, 'utf8');
  };
  walk(root);
  return { workspace, audit };
}

/** Whether a scratch folder (`<prefix><pid>-…`) belongs to another process still running: another test file's, at work beside this one. */
function ofAnotherLiveProcess(name: string): boolean {
  const pid = Number(/-(\d+)-[^-]*$/.exec(name)?.[1]);
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
const scratchFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith('gitops-sync-sops-') && !ofAnotherLiveProcess(name));

/** Runs drift and checks what must hold whatever the outcome: workspace unchanged, nothing left in tmp, no plaintext printed. */
async function drift(env: NodeJS.ProcessEnv, ...extra: string[]): Promise<CliRun> {
  const before = snapshot(dir);
  const scratchBefore = scratchFolders();
  const run = await cli(['drift', 'prod', '--format', 'json', ...extra], { cwd: dir, env });
  const after = snapshot(dir);
  expect(after.workspace).toEqual(before.workspace);
  expect(scratchFolders().filter((name) => !scratchBefore.includes(name))).toEqual([]);
  for (const secret of [PASSWORD, b64(PASSWORD), TOKEN, age.identity]) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
    expect(after.audit).not.toContain(secret);
  }
  return run;
}

const live = (password: string, token: string) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop', uid: 'a1' }, type: 'Opaque', data: { password: b64(password) } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-env', namespace: 'shop', uid: 'b2' }, data: { API_TOKEN: token, LOG_LEVEL: 'info' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'shop', uid: 'c3' }, data: { greeting: 'hello' } },
    ],
  });

async function kustomizeRepo(): Promise<void> {
  writeFiles(dir, {
    'gitops-sync.yaml': 'environments:\n  prod:\n    kubernetes:\n      kustomize: overlays/prod\n      live: { export: live.json }\n',
    'live.json': live('old-password', 'old-token'),
  });
  writeFiles(join(dir, 'base'), { 'kustomization.yaml': 'resources: [web.yaml]\n', 'web.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web }\ndata: { greeting: hello }\n' });
  writeFiles(join(dir, 'overlays', 'prod'), {
    'kustomization.yaml':
      'namespace: shop\nresources: [../../base, db-secret.yaml]\ngeneratorOptions: { disableNameSuffixHash: true }\nconfigMapGenerator:\n  - name: app-env\n    envs: [app.env]\n',
    'db-secret.yaml': await sopsEncrypt(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, type: 'Opaque', data: { password: b64(PASSWORD) } },
      { format: 'yaml', age: [age.recipient], encryptedRegex: '^(data|stringData)$' },
    ),
    'app.env': await sopsEncrypt({ API_TOKEN: TOKEN, LOG_LEVEL_unencrypted: 'info' }, { format: 'dotenv', age: [age.recipient], unencryptedSuffix: '_unencrypted' }),
  });
}

describe('kustomize with SOPS-encrypted inputs (real kubectl kustomize)', () => {
  test('a SOPS Secret and a ConfigMap from a SOPS env file render decrypted; the report masks the values', async () => {
    await kustomizeRepo();
    const run = await drift({ SOPS_AGE_KEY: age.identity });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('gitops-sync: kubectl kustomize overlays/prod');
    const report = JSON.parse(run.stdout) as DriftReport;
    const byAddress = Object.fromEntries(report.changes.map((change) => [change.address, change]));
    expect(Object.keys(byAddress).sort()).toEqual(['v1/ConfigMap/shop/app-env', 'v1/Secret/shop/db']);
    // The decrypted values reached kustomize: the fields changed, and show masked.
    expect(byAddress['v1/Secret/shop/db']!.fields).toEqual([expect.objectContaining({ path: '/data/password', sensitive: true })]);
    expect(byAddress['v1/ConfigMap/shop/app-env']!.fields.map((field) => [field.path, field.after, field.sensitive])).toEqual(
      // A ConfigMap holding a secret is a Secret in all but name: every value of it is masked, even one
      // SOPS left unencrypted (unencrypted_suffix).
      expect.arrayContaining([['/data/API_TOKEN', '(sensitive)', true], ['/data/LOG_LEVEL_unencrypted', '(sensitive)', true]]),
    );
  });

  test('the same values live: no drift', async () => {
    await kustomizeRepo();
    writeFiles(dir, { 'live.json': live(PASSWORD, TOKEN).replace('"LOG_LEVEL":"info"', '"LOG_LEVEL_unencrypted":"info"') });
    const run = await drift({ SOPS_AGE_KEY: age.identity });
    expect(run.code).toBe(0);
  });

  test('no key configured: exit 1, one sentence naming SOPS_AGE_KEY; a key that is not a recipient: unknown recipient', async () => {
    await kustomizeRepo();
    const noKey = await drift({ SOPS_AGE_KEY: '' });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr.trim().split('\n').at(-1)).toMatch(/^gitops-sync: overlays\/prod\/\S+ is SOPS-encrypted and no key to decrypt it is set; set SOPS_AGE_KEY \(an age identity, AGE-SECRET-KEY-1…\) as a masked CI secret/);
    const stranger = await ageKeyPair();
    const wrongKey = await drift({ SOPS_AGE_KEY: stranger.identity });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr.trim().split('\n').at(-1)).toMatch(/^gitops-sync: None of the keys in SOPS_AGE_KEY is a recipient of overlays\/prod\/\S+ \(its recipients: age age1/);
  });

  test('a tampered MAC or a corrupt SOPS file: exit 1, nothing rendered', async () => {
    await kustomizeRepo();
    const secretFile = join(dir, 'overlays', 'prod', 'db-secret.yaml');
    const original = readFileSync(secretFile, 'utf8');
    const otherMac = /mac: (ENC\[.*\])/.exec(await sopsEncrypt({ a: 'b' }, { format: 'yaml', age: [age.recipient] }))![1]!;
    writeFiles(join(dir, 'overlays', 'prod'), { 'db-secret.yaml': original.replace(/mac: ENC\[.*\]/, `mac: ${otherMac}`) });
    const tampered = await drift({ SOPS_AGE_KEY: age.identity });
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('gitops-sync: overlays/prod/db-secret.yaml fails its SOPS integrity check (its MAC does not verify');
    expect(tampered.stderr).not.toContain('kubectl kustomize');
    writeFiles(join(dir, 'overlays', 'prod'), { 'db-secret.yaml': original.replace(/\n {4}lastmodified: .*\n/, '\n') });
    const corrupt = await drift({ SOPS_AGE_KEY: age.identity });
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toContain('gitops-sync: overlays/prod/db-secret.yaml is not a valid SOPS file: its sops metadata has no lastmodified;');
  });

  test('plain manifests: a SOPS-encrypted manifest among plain ones is read decrypted', async () => {
    writeFiles(dir, {
      'gitops-sync.yaml': 'environments:\n  prod:\n    kubernetes:\n      manifests: [k8s]\n      namespace: shop\n      live: { export: live.json }\n',
      'live.json': live('x', 'y'),
    });
    writeFiles(join(dir, 'k8s'), {
      'web.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web }\ndata: { greeting: hello }\n',
      'db.yaml': await sopsEncrypt({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, type: 'Opaque', data: { password: b64(PASSWORD) } }, { format: 'yaml', age: [age.recipient], encryptedRegex: '^data$' }),
    });
    const run = await drift({ SOPS_AGE_KEY: age.identity });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.changes.map((change) => [change.address, change.action])).toEqual(expect.arrayContaining([['v1/Secret/shop/db', 'update']]));
  });
});

describe('a decrypted value outside a field', () => {
  test('a decrypted value as an object name (a hostile change could do it): the report is refused, exit 1', async () => {
    writeFiles(dir, {
      'gitops-sync.yaml': 'environments:\n  prod:\n    kubernetes:\n      manifests: [k8s]\n      namespace: shop\n      live: { export: live.json }\n',
      'live.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }),
    });
    writeFiles(join(dir, 'k8s'), {
      'cm.yaml': await sopsEncrypt({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: PASSWORD }, data: { a: 'b' } }, { format: 'yaml', age: [age.recipient], encryptedRegex: '^name$' }),
    });
    const run = await drift({ SOPS_AGE_KEY: age.identity });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      'gitops-sync: The drift report of prod would show a value decrypted from a SOPS file outside a field value (in an object\'s name, label or address); nothing is reported: keep decrypted values in Secret data or other fields only.',
    );
  });
});

describeWithTerraform('terraform with SOPS-encrypted var files (real terraform, offline)', () => {
  test('.tfvars.json and .tfvars decrypt into the plan; the values are masked in the report', async () => {
    writeFiles(dir, { 'gitops-sync.yaml': 'environments:\n  prod:\n    terraform:\n      dir: infra\n      var_files: [secrets.tfvars.json, prod.tfvars]\n' });
    writeFiles(join(dir, 'infra'), {
      'main.tf':
        'variable "api_token" { type = string }\nvariable "db_password" {\n  type = string\n  sensitive = true\n}\nresource "terraform_data" "app" {\n  input = { token = var.api_token, region = "eu" }\n}\nresource "terraform_data" "db" {\n  input = var.db_password\n}\n',
      'secrets.tfvars.json': await sopsEncrypt({ api_token: TOKEN }, { format: 'json', age: [age.recipient] }),
      // SOPS stores a file of another format whole, as `data` in a JSON document.
      'prod.tfvars': await sopsEncrypt({ data: `db_password = "${PASSWORD}"\n` }, { format: 'json', age: [age.recipient] }),
    });
    const run = await drift({ ...offlineTerraformEnv(tempDir('tf-cli-config-')), SOPS_AGE_KEY: age.identity });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as DriftReport;
    const app = report.changes.find((change) => change.address === 'terraform_data.app')!;
    expect(app.action).toBe('create');
    expect(app.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/input/token', after: '(sensitive)', sensitive: true })]));
    expect(report.changes.map((change) => change.address).sort()).toEqual(['terraform_data.app', 'terraform_data.db']);
  });

  test('sync applies the reviewed plan with the same decrypted var files (its fingerprint matches the drift check)', async () => {
    writeFiles(dir, { 'gitops-sync.yaml': 'environments:\n  prod:\n    terraform:\n      dir: infra\n      var_files: [secrets.tfvars.json]\n' });
    writeFiles(join(dir, 'infra'), {
      'main.tf': 'variable "api_token" { type = string }\nresource "terraform_data" "app" {\n  input = var.api_token\n}\n',
      'secrets.tfvars.json': await sopsEncrypt({ api_token: TOKEN }, { format: 'json', age: [age.recipient] }),
    });
    const env = { ...process.env, ...offlineTerraformEnv(tempDir('tf-cli-config-')), SOPS_AGE_KEY: age.identity };
    const reviewed = JSON.parse((await drift(env)).stdout) as DriftReport;
    const scratchBefore = scratchFolders();
    const redacted: string[] = [];
    const ctx = { exec: nodeExec, progress: silentProgress, clock: systemClock, env, onSecret: (value: string) => redacted.push(value) };
    const settings = { var_files: ['secrets.tfvars.json'], backend_config: [], binary: 'terraform' as const };
    const outcome = await syncTerraform(
      { environment: 'prod', dir: join(dir, 'infra'), settings, backupDir: join(dir, 'backups'), dryRun: false, lockTimeout: '1s', expectedFingerprint: reviewed.plan_fingerprint, reviewedReport: reviewed },
      ctx,
    );
    expect(outcome).toMatchObject({ applied: true, fingerprint: reviewed.plan_fingerprint });
    expect(redacted).toContain(TOKEN);
    expect(outcome.steps.join('\n')).not.toContain(TOKEN);
    expect(readdirSync(join(dir, 'infra')).sort()).toEqual(['main.tf', 'secrets.tfvars.json', 'terraform.tfstate']);
    expect(scratchFolders().filter((name) => !scratchBefore.includes(name))).toEqual([]);
  });

  test('a var file for a key the runner does not hold: exit 1, one sentence', async () => {
    writeFiles(dir, { 'gitops-sync.yaml': 'environments:\n  prod:\n    terraform:\n      dir: infra\n      var_files: [secrets.tfvars.json]\n' });
    writeFiles(join(dir, 'infra'), { 'main.tf': 'variable "api_token" { type = string }\n', 'secrets.tfvars.json': await sopsEncrypt({ api_token: TOKEN }, { format: 'json', age: [age.recipient] }) });
    const run = await drift({ ...offlineTerraformEnv(tempDir('tf-cli-config-')), SOPS_AGE_KEY: (await ageKeyPair()).identity });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^gitops-sync: None of the keys in SOPS_AGE_KEY is a recipient of the var file secrets\.tfvars\.json \(its recipients: age age1\w+\); set the key/);
  });
});

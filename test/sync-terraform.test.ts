/**
 * Terraform sync and state rollback against the real terraform binary, offline with the local
 * backend: the reviewed plan (by fingerprint) is what gets applied, the state is backed up first,
 * and each failure comes back with its typed reason. Out-of-band changes go through the test-only
 * jsonfile provider (test/tf-provider/).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  describeFingerprintDifference,
  parseConfig,
  planFingerprint,
  TerraformEnvironment,
  type DriftReport,
} from '@gitops-sync/core';
import {
  detectDrift,
  nodeExec,
  rollbackTerraformState,
  silentProgress,
  syncTerraform,
  SyncFailure,
  type Exec,
  type SyncContext,
  type TerraformSyncRequest,
} from '@gitops-sync/engine';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';
import { installJsonFileProvider } from './tf-provider/install.js';

const SECRET = 'sync-s3cret-never-shown';
const NOW = new Date('2030-01-02T03:04:05.678Z');
const BACKUP_NAME = '2030-01-02T03-04-05.678Z.tfstate';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

interface Stack {
  root: string;
  dir: string;
  backupDir: string;
  env: Record<string, string>;
  settings: TerraformSyncRequest['settings'];
  ctx: SyncContext;
  tf: (...args: string[]) => string;
  state: () => { serial: number; lineage: string; resources: string[] };
}

/** A folder with `main.tf`, initialised (and applied when `apply`), plus what the use cases need. */
function stack(
  mainTf: string,
  options: { apply?: boolean; env?: Record<string, string>; settings?: Partial<TerraformEnvironment>; files?: Record<string, string>; exec?: Exec } = {},
): Stack {
  const root = mkdtempSync(join(tmpdir(), 'gitops-sync-sync-tf-'));
  roots.push(root);
  const dir = join(root, 'infra');
  const env = { ...offlineTerraformEnv(root), TF_VAR_secret: SECRET, ...options.env };
  writeFiles(dir, { 'main.tf': mainTf, ...options.files });
  const { dir: _dir, ...settings } = TerraformEnvironment.parse({ dir: 'infra', ...options.settings });
  const tf = (...args: string[]) => terraform(dir, env, ...args);
  tf('init', '-input=false');
  if (settings.workspace) tf('workspace', 'new', settings.workspace);
  if (options.apply) tf('apply', '-auto-approve', '-input=false', ...settings.var_files.map((file) => `-var-file=${file}`));
  const state = () => {
    const json = JSON.parse(tf('state', 'pull'));
    return { serial: json.serial, lineage: json.lineage, resources: json.resources.map((r: any) => `${r.type}.${r.name}`).sort() };
  };
  const ctx: SyncContext = { exec: options.exec ?? nodeExec, progress: silentProgress, clock: { now: () => NOW }, env: { ...process.env, ...env } as NodeJS.ProcessEnv };
  return { root, dir, backupDir: join(root, 'backups', 'test'), env, settings, ctx, tf, state };
}

/** The drift check of the stack, as drift-detect runs it on the pull request. */
async function review(s: Stack): Promise<DriftReport> {
  const config = parseConfig(`environments:\n  test:\n    terraform:\n      dir: infra\n${s.settings.workspace ? `      workspace: ${s.settings.workspace}\n` : ''}${s.settings.var_files.length ? `      var_files: [${s.settings.var_files.join(', ')}]\n` : ''}`, 'gitops-sync.yaml');
  return detectDrift({ environment: 'test', config, baseDir: s.root }, { exec: nodeExec, env: s.ctx.env });
}

const request = (s: Stack, extra: Partial<TerraformSyncRequest> = {}): TerraformSyncRequest => ({
  environment: 'test',
  dir: s.dir,
  settings: s.settings,
  backupDir: s.backupDir,
  dryRun: false,
  lockTimeout: '1s',
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<SyncFailure> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SyncFailure);
  return error as SyncFailure;
}

const variables = `variable "secret" {\n  type      = string\n  sensitive = true\n}\nvariable "replicas" { default = 2 }\n`;
const v1 = `${variables}
resource "terraform_data" "app" {
  input = { replicas = var.replicas, image = "app:1.0" }
}
resource "terraform_data" "db" {
  input = { password = var.secret, engine = "postgres" }
}
`;
const v2 = (replicas: number) => `${variables}
resource "terraform_data" "app" {
  input = { replicas = ${replicas}, image = "app:1.1" }
}
resource "terraform_data" "db" {
  input = { password = var.secret, engine = "postgres" }
}
resource "terraform_data" "queue" {
  input = "sqs"
}
output "queue" { value = terraform_data.queue.input }
`;

describe('plan fingerprint (pure)', () => {
  const plan = (password: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        {
          address: 'terraform_data.db',
          mode: 'managed',
          type: 'terraform_data',
          change: {
            actions: ['update'],
            before: { input: { password, engine: 'postgres', size: 'small' } },
            after: { input: { password, engine: 'postgres', size: 'large' } },
            before_sensitive: { input: { password: true } },
            after_sensitive: { input: { password: true } },
            after_unknown: {},
          },
          ...extra,
        },
      ],
      output_changes: { token: { actions: ['update'], before: `${password}-1`, after: `${password}-2`, before_sensitive: true, after_sensitive: true } },
    });
  const options = { workspace: 'default', varFiles: ['prod.tfvars'] };

  test('the same plan gives the same fingerprint whatever its key order or its secrets, and never holds a secret', () => {
    const a = planFingerprint(plan('hunter22-aaa'), options);
    const reordered = JSON.stringify(JSON.parse(plan('other-secret-bbb')), (_key, value) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    );
    expect(a.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(planFingerprint(reordered, options).fingerprint).toBe(a.fingerprint);
    expect(JSON.stringify(a.summary)).not.toContain('hunter22');
    expect(planFingerprint(plan('hunter22-aaa'), { ...options, varFiles: ['dev.tfvars'] }).fingerprint).not.toBe(a.fingerprint);
    expect(planFingerprint(plan('hunter22-aaa'), { ...options, workspace: 'blue' }).fingerprint).not.toBe(a.fingerprint);
  });

  test('the difference names the attribute and the values, never a secret', () => {
    const reviewed = planFingerprint(plan('hunter22-aaa'), options).summary;
    const now = planFingerprint(plan('hunter22-bbb').replace('"large"', '"xlarge"'), { ...options, varFiles: [] }).summary;
    expect(describeFingerprintDifference(reviewed, now)).toEqual([
      'var files: prod.tfvars when reviewed, (none) now',
      '~ terraform_data.db /input/size: "small" → "large" when reviewed, "small" → "xlarge" now',
    ]);
  });
});

describeWithTerraform('terraform sync (real terraform)', () => {
  test('the reviewed plan is applied: the drift check and the sync agree on the fingerprint', async () => {
    const s = stack(v1, { apply: true, settings: { workspace: 'blue', var_files: ['prod.tfvars'] }, files: { 'prod.tfvars': 'replicas = 3\n' } });
    writeFiles(s.dir, { 'main.tf': v2(4) });
    const before = s.state();
    const report = await review(s);
    expect(report.plan_fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(report.changes.map((c) => `${c.action} ${c.address}`).sort()).toEqual(['create terraform_data.queue', 'update terraform_data.app']);

    const outcome = await syncTerraform(request(s, { expectedFingerprint: report.plan_fingerprint, reviewedReport: report }), s.ctx);
    expect(outcome).toMatchObject({ environment: 'test', applied: true, dryRun: false, fingerprint: report.plan_fingerprint, backups: [join(s.backupDir, BACKUP_NAME)] });
    expect(outcome.steps).toEqual(
      expect.arrayContaining(['terraform init (workspace blue)', 'the plan is the reviewed plan (same fingerprint)', 'terraform apply of the saved plan', 'validation plan: no changes']),
    );
    const after = s.state();
    expect(after.resources).toEqual(['terraform_data.app', 'terraform_data.db', 'terraform_data.queue']);
    expect(after.serial).toBeGreaterThan(before.serial);
    expect(JSON.parse(s.tf('show', '-json')).values.root_module.resources.find((r: any) => r.name === 'app').values.input).toEqual({ replicas: 4, image: 'app:1.1' });
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
  });

  test('--dry-run plans and says what it would apply, and changes nothing', async () => {
    const s = stack(v1, { apply: true });
    writeFiles(s.dir, { 'main.tf': v2(5) });
    const before = s.state();
    const outcome = await syncTerraform(request(s, { dryRun: true }), s.ctx);
    expect(outcome).toMatchObject({ applied: false, dryRun: true, backups: [] });
    expect(outcome.steps.slice(-5)).toEqual([
      'would apply the saved plan:',
      '  update terraform_data.app (/input/image, /input/replicas)',
      '  create terraform_data.queue',
      '  create output queue',
      'would run a validation plan and require it to be empty',
    ]);
    expect(s.state()).toEqual(before);
    expect(existsSync(s.backupDir)).toBe(false);
  });

  test('a .tf edited after the review is refused as plan-changed, saying which attribute differs', async () => {
    const s = stack(v1, { apply: true });
    writeFiles(s.dir, { 'main.tf': v2(5) });
    const report = await review(s);
    writeFiles(s.dir, { 'main.tf': v2(7) });
    const before = s.state();

    const refused = await failure(syncTerraform(request(s, { expectedFingerprint: report.plan_fingerprint, reviewedReport: report }), s.ctx));
    expect(refused.reason).toBe('plan-changed');
    expect(refused.message).toMatch(/^The plan for test is not the reviewed plan \(reviewed sha256:[0-9a-f]{12}…, now sha256:[0-9a-f]{12}…\), so nothing was applied; review the new plan and approve it again\.$/);
    expect(refused.detail).toBe('~ terraform_data.app /input/replicas: 2 → 5 when reviewed, 2 → 7 now');
    expect(s.state()).toEqual(before);
    expect(existsSync(s.backupDir)).toBe(false);

    // Without the reviewed report at hand, the detail lists what the new plan would do.
    const blind = await failure(syncTerraform(request(s, { expectedFingerprint: report.plan_fingerprint }), s.ctx));
    expect(blind.detail?.split('\n')).toEqual([
      'the reviewed plan is not at hand to compare; the plan now does:',
      'update terraform_data.app (/input/image, /input/replicas)',
      'create terraform_data.queue',
      'create output queue',
    ]);
  });

  test('an out-of-band change after the review (jsonfile provider) is refused as plan-changed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gitops-sync-sync-oob-'));
    roots.push(root);
    const objects = join(root, 'objects');
    const provider = installJsonFileProvider(root);
    const main = (replicas: string) => `terraform {
  required_providers {
    jsonfile = { source = "gitops-sync/jsonfile", version = "0.1.0" }
  }
}
provider "jsonfile" { directory = ${JSON.stringify(objects)} }
resource "jsonfile_object" "app" {
  name    = "app"
  content = { replicas = "${replicas}", log_level = "info" }
}
`;
    const s = stack(main('2'), { apply: true, env: provider.env });
    writeFiles(s.dir, { 'main.tf': main('3') });
    const report = await review(s);
    expect(report.changes.map((c) => `${c.origin} ${c.action} ${c.address}`)).toEqual(['planned update jsonfile_object.app']);

    // Someone changes the log level by hand: the plan now also puts it back.
    const file = join(objects, 'app.json');
    const app = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...app, content: { ...app.content, log_level: 'debug' } }));
    const refused = await failure(syncTerraform(request(s, { expectedFingerprint: report.plan_fingerprint, reviewedReport: report }), s.ctx));
    expect(refused.reason).toBe('plan-changed');
    expect(refused.detail).toBe('~ jsonfile_object.app /content/log_level: now also changes ("debug" → "info")');
    expect(JSON.parse(readFileSync(file, 'utf8')).content).toEqual({ replicas: '2', log_level: 'debug' });
  });

  test('the state is backed up into a timestamped file before the apply runs', async () => {
    let atApply: { files: string[]; content?: string } | undefined;
    let watched = '';
    const recording: Exec = {
      run: (command, args, options) => {
        if (args[0] === 'apply') {
          const files = existsSync(watched) ? readdirSync(watched) : [];
          atApply = { files, content: files[0] && readFileSync(join(watched, files[0]), 'utf8') };
        }
        return nodeExec.run(command, args, options);
      },
    };
    const s = stack(v1, { apply: true, exec: recording });
    watched = s.backupDir;
    writeFiles(s.dir, { 'main.tf': v2(5) });
    const before = s.state();
    const outcome = await syncTerraform(request(s), s.ctx);

    expect(atApply?.files).toEqual([BACKUP_NAME]);
    const backup = JSON.parse(atApply!.content!);
    expect({ serial: backup.serial, lineage: backup.lineage }).toEqual({ serial: before.serial, lineage: before.lineage });
    expect(backup.resources.map((r: any) => r.name).sort()).toEqual(['app', 'db']);
    expect(outcome.backups).toEqual([join(s.backupDir, BACKUP_NAME)]);
    expect(statSync(outcome.backups[0]).mode & 0o777).toBe(0o600);
    expect(s.state().serial).toBeGreaterThan(before.serial);

    // A second sync in the same millisecond keeps the first backup.
    writeFiles(s.dir, { 'main.tf': v2(6) });
    const again = await syncTerraform(request(s), s.ctx);
    expect(again.backups).toEqual([join(s.backupDir, BACKUP_NAME.replace('.tfstate', '-1.tfstate'))]);
  });

  test('terraform exiting 1 in the middle of the apply is apply-failed with its error, run once, never retried', async () => {
    const applies: string[][] = [];
    const counting: Exec = {
      run: (command, args, options) => {
        if (args[0] === 'apply') applies.push([...args]);
        return nodeExec.run(command, args, options);
      },
    };
    const s = stack(v1, { apply: true, exec: counting });
    writeFiles(s.dir, {
      'main.tf': `${v1}
resource "terraform_data" "first" { input = "created before the failure" }
resource "terraform_data" "boom" {
  depends_on = [terraform_data.first]
  provisioner "local-exec" {
    command = "echo migration-step-failed >&2; exit 1"
  }
}
`,
    });
    const refused = await failure(syncTerraform(request(s), s.ctx));
    expect(refused.reason).toBe('apply-failed');
    expect(refused.message).toBe(
      `terraform apply failed for test (exit 1) and some changes may have been made; the state before it is backed up at ${join(s.backupDir, BACKUP_NAME)} — plan again before retrying.`,
    );
    expect(refused.detail).toMatch(/local-exec provisioner error[\s\S]*exit status\s+1\. Output: migration-step-failed$/);
    expect(applies).toHaveLength(1);
    expect(applies[0].at(-1)).toMatch(/sync\.tfplan$/);
    expect(s.state().resources).toContain('terraform_data.first');
  });

  test('a state lock held by another terraform process is reported as locked', async () => {
    const s = stack(v1, { apply: true });
    writeFiles(s.dir, { 'main.tf': v2(5) });
    const before = s.state();
    // `terraform console` holds the state lock for as long as it runs.
    const holder: ChildProcess = spawn('terraform', ['console'], { cwd: s.dir, env: s.ctx.env, stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      const lockInfo = join(s.dir, '.terraform.tfstate.lock.info');
      for (let waited = 0; !existsSync(lockInfo); waited += 50) {
        if (waited > 20_000) throw new Error('terraform console did not take the state lock');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const refused = await failure(syncTerraform(request(s), s.ctx));
      expect(refused.reason).toBe('locked');
      expect(refused.message).toMatch(
        /^The Terraform state of test is locked by another process \(lock [0-9a-f-]{36}, held by \S+@\S+, since .+\), so nothing was applied; wait for it to finish, or if that run is gone, run `terraform force-unlock [0-9a-f-]{36}` in .+\.$/,
      );
    } finally {
      // Console ends at the end of its input; a stuck one is stopped by its own pid.
      const exited = holder.exitCode === null ? once(holder, 'exit') : Promise.resolve();
      holder.stdin?.end();
      const stuck = setTimeout(() => holder.kill(), 5_000);
      await exited;
      clearTimeout(stuck);
    }
    expect(s.state()).toEqual(before);
    expect(existsSync(s.backupDir)).toBe(false);
  });

  test('a backup folder that cannot be written refuses the sync before anything is applied', async () => {
    const s = stack(v1, { apply: true });
    writeFiles(s.dir, { 'main.tf': v2(5) });
    const before = s.state();
    writeFileSync(join(s.root, 'not-a-folder'), '');
    const backupDir = join(s.root, 'not-a-folder', 'test');
    const refused = await failure(syncTerraform(request(s, { backupDir }), s.ctx));
    expect(refused.reason).toBe('apply-failed');
    expect(refused.message).toMatch(new RegExp(`^The state backup of test could not be written to ${backupDir} \\((ENOTDIR|EEXIST)[^)]*\\); nothing was applied\\.$`));
    expect(s.state()).toEqual(before);
  });

  test('a full disk while writing the backup refuses the sync before anything is applied', async () => {
    const s = stack(v1, { apply: true });
    writeFiles(s.dir, { 'main.tf': v2(5) });
    const before = s.state();
    const disk = join(s.root, 'full-disk');
    mkdirSync(disk);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk], { encoding: 'utf8' });
    if (mount.status !== 0) {
      console.warn(`Skipping the disk-full case: a small tmpfs cannot be mounted here (${(mount.stderr || mount.error?.message || '').trim()}); the unwritable-folder case covers the refusal.`);
      return;
    }
    try {
      writeFileSync(join(disk, 'filler'), Buffer.alloc(64 * 1024));
    } catch {
      // Full now: exactly what the test needs.
    }
    try {
      const refused = await failure(syncTerraform(request(s, { backupDir: join(disk, 'test') }), s.ctx));
      expect(refused.reason).toBe('apply-failed');
      expect(refused.message).toMatch(/^The state backup of test could not be written to .* \(ENOSPC: no space left on device[^)]*\); nothing was applied\.$/);
      expect(s.state()).toEqual(before);
      // Only the .gitignore of the folder gitops-sync made (it fitted): no partial backup.
      expect(readdirSync(join(disk, 'test')).filter((name) => name !== '.gitignore')).toEqual([]);
    } finally {
      spawnSync('umount', [disk]);
    }
  });

  test('a validation plan that is not empty after the apply is validation-drift', async () => {
    // timestamp() is only known at apply time, so every plan replaces this resource again.
    const s = stack('resource "terraform_data" "stamp" {\n  triggers_replace = timestamp()\n}\n');
    const report = await review(s);
    const refused = await failure(syncTerraform(request(s, { expectedFingerprint: report.plan_fingerprint }), s.ctx));
    expect(refused.reason).toBe('validation-drift');
    expect(refused.message).toBe(
      'test was applied, but the validation plan right after it is not empty (1 resource change(s)); find what keeps changing (see the details) and fix the configuration.',
    );
    expect(refused.detail).toBe('replace terraform_data.stamp');
    expect(s.state().resources).toEqual(['terraform_data.stamp']);
  });
});

describeWithTerraform('terraform state rollback (real terraform)', () => {
  /** v1 applied, then v2 synced: its backup holds v1's state. */
  async function syncedTwice() {
    const s = stack(v1, { apply: true });
    const v1State = s.state();
    writeFiles(s.dir, { 'main.tf': v2(5) });
    const { backups } = await syncTerraform(request(s), s.ctx);
    return { s, v1State, backup: backups[0] };
  }
  const rollbackRequest = (s: Stack, stateFile: string, force: boolean) => ({
    environment: 'test',
    dir: s.dir,
    settings: s.settings,
    stateFile,
    force,
    backupDir: join(s.root, 'backups', 'rollback'),
    lockTimeout: '1s',
  });

  test('an older serial needs force; with it the previous serial\'s resources come back, after a safety backup', async () => {
    const { s, v1State, backup } = await syncedTwice();
    const v2State = s.state();
    expect(v2State.resources).toEqual(['terraform_data.app', 'terraform_data.db', 'terraform_data.queue']);

    await expect(rollbackTerraformState(rollbackRequest(s, backup, false), s.ctx)).rejects.toThrow(
      `${backup} has serial ${v1State.serial}, older than the current state's serial ${v2State.serial}, so it was not pushed; roll back again with --force to push it anyway.`,
    );
    expect(s.state()).toEqual(v2State);

    const result = await rollbackTerraformState(rollbackRequest(s, backup, true), s.ctx);
    expect(result).toMatchObject({
      rolledBack: true,
      from: { serial: v2State.serial, lineage: v2State.lineage },
      to: { serial: v1State.serial, lineage: v1State.lineage },
      backupPath: join(s.root, 'backups', 'rollback', BACKUP_NAME),
    });
    const safety = JSON.parse(readFileSync(result.backupPath!, 'utf8'));
    expect(safety.serial).toBe(v2State.serial);
    expect(s.state().resources).toEqual(v1State.resources);

    // The configuration is still v2: the verification plan says so, as a drift report.
    expect(result.verification.consistent).toBe(false);
    expect(result.verification.report?.changes.map((c) => `${c.action} ${c.address}`).sort()).toEqual(['create terraform_data.queue', 'update terraform_data.app']);
    expect(JSON.stringify(result)).not.toContain(SECRET);

    // With the configuration reverted too, the restored state is consistent.
    writeFiles(s.dir, { 'main.tf': v1 });
    const again = await rollbackTerraformState(rollbackRequest(s, backup, true), s.ctx);
    expect(again.verification).toEqual({ consistent: true });
  });

  test('a backup of another state (lineage mismatch) is refused, even with force', async () => {
    const { s } = await syncedTwice();
    const other = stack(v1, { apply: true });
    const foreign = join(other.root, 'foreign.tfstate');
    writeFileSync(foreign, other.tf('state', 'pull'));
    const before = s.state();
    await expect(rollbackTerraformState(rollbackRequest(s, foreign, true), s.ctx)).rejects.toThrow(
      `${foreign} has lineage ${other.state().lineage} but the current state of test has lineage ${before.lineage}: it is a backup of another state, so it was not pushed.`,
    );
    expect(s.state()).toEqual(before);
  });

  test('a file that is not a state is refused in one sentence', async () => {
    const s = stack(v1, { apply: true });
    const notState = join(s.root, 'plan.json');
    writeFileSync(notState, '{"format_version":"1.2"}');
    await expect(rollbackTerraformState(rollbackRequest(s, notState, true), s.ctx)).rejects.toThrow(
      `${notState} is not a Terraform state (it has no lineage and serial); pass a backup written by \`terraform state pull\`.`,
    );
  });
});

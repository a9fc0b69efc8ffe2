import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdirKeptOutOfGit, removeScratchFolder, scratchFolder, statOrNothing } from '../files.js';
import {
  appendAll,
  describeFingerprintDifference,
  describePlanSummary,
  fingerprintSettings,
  shortFingerprint,
  JsonShapeError,
  parseTerraformPlan,
  PlanFingerprinter,
  planSummaryFromReport,
  readTopLevel,
  Redactor,
  UserError,
  type ByteSource,
  type DriftReport,
  type PlanFingerprint,
  type PlanSummary,
  type SeverityRuleSet,
  type TerraformEnvironment,
  type UnjudgedChange,
} from '@gitops-sync/core';
import { alsoTo } from '../drift/drift.js';
import { encryptBackup, ENCRYPTED_SUFFIX } from './backup-encryption.js';
import type { ExecResult } from '../ports.js';
import { keepingBackups, SyncFailure, type SyncContext, type SyncOutcome } from './sync-types.js';
import { decryptedVarFiles, inCacheTurn, refuseInheritedWorkspace, sharedCacheHint, terraformEnv } from '../drift/terraform.js';
import { DecryptedInputs } from '../secrets/sops-decrypt.js';
import { lastLines } from '../tool-output.js';
import { withHeartbeat } from '../heartbeat.js';

/** How long terraform waits for a state lock someone else holds before giving up. */
export const DEFAULT_LOCK_TIMEOUT = '60s';

export interface TerraformSyncRequest {
  environment: string;
  /** Absolute folder holding the configuration. */
  dir: string;
  settings: Omit<TerraformEnvironment, 'dir'>;
  /** The fingerprint of the reviewed plan (drift report `plan_fingerprint`); a different plan is refused. */
  expectedFingerprint?: string;
  /** The reviewed drift report, when at hand: it lets a refusal say what differs from the reviewed plan. */
  reviewedReport?: DriftReport;
  /** Absolute folder the state backup is written into (the caller picks `backups/<env>/`). */
  backupDir: string;
  /** age recipients the backup is encrypted to; none: a plaintext backup that stays on the runner. */
  backupRecipients?: readonly string[];
  dryRun: boolean;
  /** Terraform duration such as `30s` or `5m`; DEFAULT_LOCK_TIMEOUT when not given. */
  lockTimeout?: string;
  /**
   * Decides whether this plan may be applied (the gate, judging the plan's own changes); called only
   * when the plan changes something, before anything is backed up or applied. Throws to refuse.
   */
  authorise?: (changes: PlanChangesFor) => Promise<void>;
  /** Refuse a plan that changes something when no reviewed fingerprint is known (sync always; tests of the steps may not). */
  requireReviewedPlan?: boolean;
}

export type TerraformSyncOutcome = SyncOutcome & { fingerprint: string };

const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;
const DURATION = /^\d+(ms|s|m|h)$/;


/** A SyncFailure('locked') when terraform said it could not get the state lock; undefined otherwise. */
export function stateLockFailure(environment: string, dir: string, output: string, consequence: string): SyncFailure | undefined {
  if (!output.includes('Error acquiring the state lock')) return undefined;
  const field = (name: string) => new RegExp(`^\\s*${name}:[ \\t]*(.*)$`, 'm').exec(output)?.[1]?.trim();
  const id = field('ID');
  const who = field('Who');
  const since = field('Created');
  const holder = [id && `lock ${id}`, who && `held by ${who}`, since && `since ${since}`].filter(Boolean).join(', ');
  return new SyncFailure(
    'locked',
    `The Terraform state of ${environment} is locked by another process${holder ? ` (${holder})` : ''}, so ${consequence}; wait for it to finish, or if that run is gone, run \`terraform force-unlock ${id ?? '<lock id>'}\` in ${dir}.`,
    lastLines(output, 12).join('\n'),
  );
}

/**
 * Writes a pulled state into `<backupDir>/<timestamp>.tfstate` (atomically, owner-only: a state holds
 * secrets) and reads it back, so a short write on a full disk is caught too. With recipients the file
 * is `<timestamp>.tfstate.age`, encrypted to them with age, and the plaintext is never written.
 * Returns the path; throws Error with the reason (e.g. `ENOSPC: no space left on device, write`) when
 * it fails.
 */
export async function writeStateBackup(backupDir: string, state: Buffer, now: Date, recipients: readonly string[] = []): Promise<string> {
  const stamp = now.toISOString().replace(/:/g, '-');
  const suffix = recipients.length ? `.tfstate${ENCRYPTED_SUFFIX}` : '.tfstate';
  let path = join(backupDir, `${stamp}${suffix}`);
  for (let n = 1; existsSync(path); n++) path = join(backupDir, `${stamp}-${n}${suffix}`);
  try {
    const content = recipients.length ? Buffer.from(await encryptBackup(state, recipients)) : state;
    mkdirKeptOutOfGit(backupDir, 0o700);
    writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    if (!readFileSync(path).equals(content)) throw new Error('the file read back differs from the state, the disk may be full');
  } catch (error) {
    try {
      rmSync(path, { force: true });
    } catch {
      // The folder itself is the problem: nothing was written there.
    }
    const message = (error as Error).message;
    throw new Error(/\b(E[A-Z]+: [^;]*)/.exec(message)?.[1] ?? message);
  }
  return path;
}

export interface StateIdentity {
  lineage: string;
  serial: number;
}

/**
 * Lineage and serial of a state's JSON (`terraform state pull` or a backup), read without parsing the
 * resources; undefined when it is not a Terraform state.
 */
export function stateIdentity(state: Uint8Array | ByteSource): StateIdentity | undefined {
  let values;
  try {
    values = readTopLevel(state, { values: ['lineage', 'serial'], arrays: [], onItem: () => {} }).values;
  } catch (error) {
    if (error instanceof JsonShapeError) return undefined;
    throw error;
  }
  const lineage = values.get('lineage');
  const serial = values.get('serial');
  return typeof lineage === 'string' && typeof serial === 'number' && Number.isInteger(serial) ? { lineage, serial } : undefined;
}

/**
 * A plan's resource changes, read for the rules that will judge them: each keeps the unchanged
 * attributes their `where` conditions read (the gate judges by the policy at the change's base).
 */
export type PlanChangesFor = (rules: SeverityRuleSet) => readonly UnjudgedChange[];

/** A saved plan: its fingerprint and summary, whether it changes anything, and the resource changes it makes. */
type SessionPlan = PlanFingerprint & { changes: boolean; resourceChanges: PlanChangesFor };

/** Runs the terraform steps of one environment through the Exec port, naming each in the progress. */
export class TerraformSession {
  readonly redactor = new Redactor();
  readonly steps: string[] = [];
  private readonly env: NodeJS.ProcessEnv;
  private readonly dataDir: string;
  readonly lockTimeout: string;

  constructor(
    readonly environment: string,
    readonly dir: string,
    readonly settings: Omit<TerraformEnvironment, 'dir'>,
    readonly ctx: SyncContext,
    lockTimeout = DEFAULT_LOCK_TIMEOUT,
  ) {
    if (!statOrNothing(dir, true)?.isDirectory()) {
      throw new UserError(`Terraform directory ${dir} does not exist; check terraform.dir of ${environment} in the config.`);
    }
    if (!DURATION.test(lockTimeout)) throw new UserError(`Lock timeout ${JSON.stringify(lockTimeout)} is not a duration; write it like 30s or 5m.`);
    this.lockTimeout = lockTimeout;
    refuseInheritedWorkspace(ctx.env ?? process.env, settings.workspace, dir);
    this.dataDir = scratchFolder('gitops-sync-tfdata-');
    this.env = terraformEnv(ctx.env ?? process.env, this.dataDir, settings.workspace);
  }

  /** Removes the session's terraform data dir (and decrypted var files); call it when the session is done. */
  close(): void {
    this.inputs?.dispose();
    removeScratchFolder(this.dataDir);
  }

  private inputs: DecryptedInputs | undefined;
  private varFiles: string[] | undefined;

  /** `-var-file=` arguments; a SOPS-encrypted file is decrypted once, into the session's private scratch folder. */
  async varFileArgs(): Promise<string[]> {
    if (!this.varFiles) {
      const onSecret = (value: string) => {
        this.redactor.add(value);
        this.ctx.onSecret?.(value);
      };
      this.inputs ??= new DecryptedInputs({ exec: this.ctx.exec, env: this.ctx.env, secrets: this.ctx.secrets, onSecret });
      this.varFiles = await decryptedVarFiles(this.settings.var_files, this.dir, this.inputs);
    }
    return this.varFiles.map((file) => `-var-file=${file}`);
  }

  get binary(): string {
    return this.settings.binary;
  }

  /** Runs one command (in its turn on the plugin cache) and returns its result whatever the exit code. */
  async run(args: readonly string[], what = args[0], input?: Uint8Array): Promise<ExecResult> {
    this.ctx.progress.step(`${this.binary} ${what} in ${this.dir}`);
    return inCacheTurn(this.env, args, () => withHeartbeat(this.ctx.progress, `${this.binary} ${what}`, this.ctx.env ?? process.env, () => this.ctx.exec.run(this.binary, args, { cwd: this.dir, env: this.env, ...(input ? { input } : {}) })));
  }

  /** The last lines of a failed command's output, secrets masked. */
  tail(result: ExecResult, count = 3): string[] {
    const lines = lastLines(result.stderr, count);
    return (lines.length ? lines : lastLines(result.stdout.toString('utf8'), count)).map((line) => this.redactor.redact(line));
  }

  failed(result: ExecResult, what: string, consequence: string): UserError {
    return new UserError(`${this.binary} ${what} failed in ${this.dir} (exit ${result.exitCode}): ${this.tail(result).join(' ')}${sharedCacheHint(this.env, result.stderr)}; ${consequence}.`);
  }

  /** Throws the `locked` failure when the output says the state lock is held. */
  checkLock(result: ExecResult, consequence: string): void {
    const failure = stateLockFailure(this.environment, this.dir, `${result.stderr}\n${result.stdout.toString('utf8')}`, consequence);
    if (failure) throw new SyncFailure(failure.reason, this.redactor.redact(failure.message), failure.detail && this.redactor.redact(failure.detail));
  }

  /** init in the session's own data dir; with TF_WORKSPACE set, init selects (and creates) the workspace. */
  async prepare(): Promise<void> {
    const workspace = this.settings.workspace;
    const what = workspace ? `init (workspace ${workspace})` : 'init';
    const init = await this.run(['init', '-input=false', '-no-color', ...this.settings.backend_config.map((value) => `-backend-config=${value}`)], what);
    if (init.exitCode !== 0) throw this.failed(init, what, 'nothing was changed');
    this.steps.push(`${this.binary} ${what}`);
  }

  /**
   * `plan -detailed-exitcode -out=<file>` with the state lock, then `show -json`: the plan's
   * fingerprint, and whether it changes anything.
   */
  async plan(planFile: string, consequence: string): Promise<SessionPlan> {
    const plan = await this.run([
      'plan',
      '-input=false',
      '-no-color',
      '-detailed-exitcode',
      `-lock-timeout=${this.lockTimeout}`,
      ...(await this.varFileArgs()),
      `-out=${planFile}`,
    ]);
    if (plan.exitCode !== 0 && plan.exitCode !== 2) {
      this.checkLock(plan, consequence);
      throw this.failed(plan, 'plan', consequence);
    }
    const show = await this.run(['show', '-json', '-no-color', planFile], 'show -json');
    if (show.exitCode !== 0) throw this.failed(show, 'show -json', consequence);
    const label = `the plan of ${this.environment}`;
    const fingerprinter = new PlanFingerprinter({ ...fingerprintSettings(this.settings), label, digests: true, planBytes: show.stdout.length });
    const parsed = parseTerraformPlan(show.stdout, { label, onSecret: alsoTo(fingerprinter, this.redactor.add), observer: fingerprinter.observer });
    const planned = fingerprinter.finish(parsed, show.stdout);
    // Its secrets went to the redactor above; read again, the plan is the same bytes.
    const resourceChanges = (rules: SeverityRuleSet) => parseTerraformPlan(show.stdout, { label, judgedBy: rules }).changes;
    return { ...planned, changes: plan.exitCode === 2, resourceChanges };
  }

  /** `terraform state pull`: the current state's JSON (empty when there is none yet). */
  async pullState(consequence: string): Promise<Buffer> {
    const pull = await this.run(['state', 'pull'], 'state pull');
    if (pull.exitCode !== 0) throw this.failed(pull, 'state pull', consequence);
    return pull.stdout;
  }
}


/** A reviewed fingerprint that is not the plan's: plan-changed, with what differs between the two. */
function refuseUnreviewedPlan(request: TerraformSyncRequest, fingerprint: string, summary: PlanSummary): void {
  const { environment, expectedFingerprint } = request;
  if (!expectedFingerprint || expectedFingerprint === fingerprint) return;
  const difference = request.reviewedReport
    ? describeFingerprintDifference(planSummaryFromReport(request.reviewedReport, fingerprintSettings(request.settings)), summary)
    : ['the reviewed plan is not at hand to compare; the plan now does:', ...describePlanSummary(summary)];
  throw new SyncFailure(
    'plan-changed',
    `The plan for ${environment} is not the reviewed plan (reviewed ${shortFingerprint(expectedFingerprint)}, now ${shortFingerprint(fingerprint)}), so nothing was applied; review the new plan and approve it again.`,
    difference.join('\n'),
  );
}

/** The state as it is before the apply, in a timestamped backup: the files written (none without a state). */
async function backUpState(tf: TerraformSession, request: TerraformSyncRequest, ctx: SyncContext): Promise<string[]> {
  const state = await tf.pullState('nothing was applied');
  if (!state.toString('utf8').trim()) {
    tf.steps.push('no state yet: nothing to back up');
    return [];
  }
  let backup: string;
  try {
    backup = await writeStateBackup(request.backupDir, state, ctx.clock.now(), request.backupRecipients);
  } catch (error) {
    throw new SyncFailure('apply-failed', `The state backup of ${request.environment} could not be written to ${request.backupDir} (${(error as Error).message}); nothing was applied.`);
  }
  const identity = stateIdentity(state);
  tf.steps.push(`backed up the state${identity ? ` (serial ${identity.serial})` : ''} to ${backup}`);
  return [backup];
}

/** `apply` of the saved plan — only it, and once: an apply that may have partly succeeded is never retried — then the validation plan. */
async function applySavedPlan(tf: TerraformSession, planFile: string, validationFile: string, backups: string[]): Promise<SessionPlan> {
  const environment = tf.environment;
  const apply = await tf.run(['apply', '-input=false', '-no-color', `-lock-timeout=${tf.lockTimeout}`, planFile], 'apply (the saved plan)');
  if (apply.exitCode !== 0) {
    tf.checkLock(apply, 'nothing was applied');
    const backup = backups.length ? `the state before it is backed up at ${backups[0]}` : 'there was no state before it';
    throw new SyncFailure(
      'apply-failed',
      `${tf.binary} apply failed for ${environment} (exit ${apply.exitCode}) and some changes may have been made; ${backup} — plan again before retrying.`,
      tf.tail(apply, 12).join('\n'),
    );
  }
  tf.steps.push(`${tf.binary} apply of the saved plan`);

  // Applied by now: whatever stops the validation (a lock included) is reported as validation-drift.
  return tf.plan(validationFile, `${environment} was applied but could not be validated`).catch((error: unknown) => {
    if (error instanceof UserError) throw new SyncFailure('validation-drift', error.message, error instanceof SyncFailure ? error.detail : undefined);
    throw error;
  });
}

/**
 * Applies exactly the reviewed Terraform plan of one environment: init, workspace, a fresh plan saved
 * to a file (with the state lock), its fingerprint compared with the reviewed one, the state pulled
 * into a timestamped backup, `apply` of that saved plan (never an implicit plan, never retried), and
 * a validation plan that must be empty. With dryRun it stops after the comparison and says what it
 * would do. Refusals are SyncFailures: plan-changed, apply-failed, validation-drift, locked.
 */
export async function syncTerraform(request: TerraformSyncRequest, ctx: SyncContext): Promise<TerraformSyncOutcome> {
  const { environment, expectedFingerprint } = request;
  if (expectedFingerprint !== undefined && !FINGERPRINT.test(expectedFingerprint)) {
    throw new UserError(`The reviewed plan fingerprint ${JSON.stringify(expectedFingerprint)} is not one; pass the plan_fingerprint of the reviewed drift report (sha256:<64 hex digits>).`);
  }
  const tf = new TerraformSession(environment, request.dir, request.settings, ctx, request.lockTimeout);
  const { steps } = tf;
  const scratch = scratchFolder('gitops-sync-apply-');
  try {
    await tf.prepare();
    const planFile = join(scratch, 'sync.tfplan');
    const plan = await tf.plan(planFile, 'nothing was applied');
    const { fingerprint, summary } = plan;
    steps.push(`${tf.binary} plan: ${summary.changes.length} resource change(s), ${summary.outputs.length} output change(s) (${fingerprint})`);
    refuseUnreviewedPlan(request, fingerprint, summary);
    if (expectedFingerprint) steps.push('the plan is the reviewed plan (same fingerprint)');
    const outcome = (applied: boolean, backups: string[] = []): TerraformSyncOutcome => ({ environment, applied, dryRun: request.dryRun, backups, steps, fingerprint });
    if (!plan.changes) {
      steps.push('no changes: nothing to apply');
      return outcome(false);
    }
    await request.authorise?.(plan.resourceChanges);
    if (request.requireReviewedPlan && !expectedFingerprint && !request.dryRun) {
      throw new SyncFailure(
        'plan-changed',
        `There is no reviewed plan for ${environment}, and the plan now changes ${summary.changes.length} resource(s), so nothing was applied; pass --report with the drift report the reviewers saw, or --plan-fingerprint, or let drift-detect comment on the pull/merge request.`,
        describePlanSummary(summary).join('\n'),
      );
    }
    if (request.dryRun) {
      steps.push(`would back up the state (${tf.binary} state pull) into ${request.backupDir}`);
      steps.push('would apply the saved plan:');
      appendAll(steps, describePlanSummary(summary, 50).map((line) => `  ${line}`));
      steps.push(`would run a validation plan and require it to be empty`);
      return outcome(false);
    }

    const backups = await backUpState(tf, request, ctx);
    const validation = await keepingBackups(backups, () => applySavedPlan(tf, planFile, join(scratch, 'validation.tfplan'), backups));
    if (validation.changes) {
      throw new SyncFailure(
        'validation-drift',
        `${environment} was applied, but the validation plan right after it is not empty (${validation.summary.changes.length} resource change(s)); find what keeps changing (see the details) and fix the configuration.`,
        describePlanSummary(validation.summary).join('\n'),
        backups,
      );
    }
    steps.push('validation plan: no changes');
    return outcome(true, backups);
  } finally {
    removeScratchFolder(scratch);
    tf.close();
  }
}

import { join, resolve } from 'node:path';
import { analyzeTerraformPlan, DEFAULT_AGE_IDENTITY_ENV, defaultRules, UserError, type DriftReport, type SeverityRuleSet, type TerraformEnvironment } from '@gitops-sync/core';
import { decryptBackupFile, isEncryptedBackup, type DecryptionKey } from '../sync/backup-encryption.js';
import { readInputFile, removeScratchFolder, scratchFolder, withInputChunks } from '../files.js';
import { stateIdentity, TerraformSession, writeStateBackup, type StateIdentity } from '../sync/sync-terraform.js';
import type { SyncContext } from '../sync/sync-types.js';

export interface TerraformRollbackRequest {
  environment: string;
  /** Absolute folder holding the configuration. */
  dir: string;
  settings: Omit<TerraformEnvironment, 'dir'>;
  /** The state backup to restore (e.g. one a sync wrote into backups/<env>/). */
  stateFile: string;
  /** Push a backup whose serial is not newer than the current state's (`terraform state push -force`). */
  force: boolean;
  /** How to ask for `force` where this runs, for the message that needs it: `--force` (the CLI, the default) or the action's `force: true`. */
  forceOption?: string;
  /** Absolute folder the safety backup of the current state is written into. */
  backupDir: string;
  /** age recipients the safety backup is encrypted to; none: plaintext on the runner. */
  backupRecipients?: readonly string[];
  /** The identity that decrypts a `.age` state backup (decrypted in memory, pushed through stdin). */
  decryptionKey?: DecryptionKey;
  /** Terraform duration such as `30s`; DEFAULT_LOCK_TIMEOUT when not given. */
  lockTimeout?: string;
  /** Severity rules for the verification report; the default rules when not given. */
  rules?: SeverityRuleSet;
}

export interface RollbackVerification {
  /** The validation plan after the push is empty: configuration and restored state agree. */
  consistent: boolean;
  /** The validation plan as a drift report, when it is not empty. */
  report?: DriftReport;
}

export interface TerraformRollbackResult {
  environment: string;
  rolledBack: boolean;
  /** The state replaced (null when there was none). */
  from: StateIdentity | null;
  /** The backup restored. Terraform writes it with a serial of its own, given in `steps`. */
  to: StateIdentity;
  /** Safety backup of `from`, written before the push. */
  backupPath: string | null;
  verification: RollbackVerification;
  steps: string[];
}

const WHAT = 'a Terraform state backup (.tfstate or .tfstate.age)';

/**
 * Restores a Terraform state backup of one environment: the current state is pulled and backed up
 * first, the backup must have the same lineage, and one whose serial is not newer than the current
 * state's is pushed only with `force` (`state push -force`). A validation plan afterwards says whether
 * the configuration agrees with the restored state; when not, its drift report is returned.
 */
export async function rollbackTerraformState(request: TerraformRollbackRequest, ctx: SyncContext): Promise<TerraformRollbackResult> {
  const { environment } = request;
  const stateFile = resolve(request.stateFile);
  const decrypted = isEncryptedBackup(stateFile)
    ? await decryptBackupFile(stateFile, request.decryptionKey ?? { identity: undefined, env: DEFAULT_AGE_IDENTITY_ENV }, WHAT)
    : undefined;
  const target = decrypted ? stateIdentity(decrypted) : withInputChunks(stateFile, WHAT, (source) => stateIdentity(source));
  if (!target) throw new UserError(`${stateFile} is not a Terraform state (it has no lineage and serial); pass a backup written by \`terraform state pull\`.`);

  const tf = new TerraformSession(environment, request.dir, request.settings, ctx, request.lockTimeout);
  try {
    return await pushStateBackup(tf, request, stateFile, target, decrypted, ctx);
  } finally {
    tf.close();
  }
}

async function pushStateBackup(tf: TerraformSession, request: TerraformRollbackRequest, stateFile: string, target: StateIdentity, decrypted: Buffer | undefined, ctx: SyncContext): Promise<TerraformRollbackResult> {
  const { environment } = request;
  const { steps } = tf;
  await tf.prepare();
  const current = await tf.pullState('nothing was pushed');
  const from = current.toString('utf8').trim() ? (stateIdentity(current) ?? null) : null;
  if (from && from.lineage !== target.lineage) {
    throw new UserError(
      `${stateFile} has lineage ${target.lineage} but the current state of ${environment} has lineage ${from.lineage}: it is a backup of another state, so it was not pushed.`,
    );
  }
  const identical = from !== null && from.serial === target.serial && (decrypted ?? readInputFile(stateFile, WHAT)).equals(current);
  const needsForce = from !== null && target.serial <= from.serial && !identical;
  if (needsForce && !request.force) {
    throw new UserError(
      `${stateFile} has serial ${target.serial}, ${target.serial === from!.serial ? 'the same as' : 'older than'} the current state's serial ${from!.serial}, so it was not pushed; roll back again with ${request.forceOption ?? '--force'} to push it anyway.`,
    );
  }

  let backupPath: string | null = null;
  if (current.toString('utf8').trim()) {
    try {
      backupPath = await writeStateBackup(request.backupDir, current, ctx.clock.now(), request.backupRecipients);
    } catch (error) {
      throw new UserError(`The safety backup of the state of ${environment} could not be written to ${request.backupDir} (${(error as Error).message}); nothing was pushed.`);
    }
    steps.push(`backed up the current state${from ? ` (serial ${from.serial})` : ''} to ${backupPath}`);
  } else steps.push('no current state: nothing to back up');

  let rolledBack = false;
  if (identical) steps.push(`the current state is already ${stateFile}: nothing to push`);
  else {
    // `state push -` reads the state from stdin: a decrypted backup is never written to disk.
    const args = ['state', 'push', '-no-color', `-lock-timeout=${tf.lockTimeout}`, ...(needsForce ? ['-force'] : []), decrypted ? '-' : stateFile];
    const push = await tf.run(args, needsForce ? 'state push -force' : 'state push', decrypted);
    if (push.exitCode !== 0) {
      tf.checkLock(push, 'nothing was pushed');
      throw tf.failed(push, 'state push', `the state of ${environment} was not changed${backupPath ? ` (its backup is ${backupPath})` : ''}`);
    }
    rolledBack = true;
    const now = stateIdentity(await tf.pullState(`${stateFile} was pushed but the state could not be read back`));
    steps.push(`${tf.binary} state push${needsForce ? ' -force' : ''} of ${stateFile} (serial ${target.serial}); the state is now serial ${now?.serial ?? 'unknown'}`);
  }

  const scratch = scratchFolder('gitops-sync-rollback-');
  try {
    const plan = await tf.run(
      ['plan', '-input=false', '-no-color', '-detailed-exitcode', `-lock-timeout=${tf.lockTimeout}`, ...(await tf.varFileArgs()), `-out=${join(scratch, 'verify.tfplan')}`],
      'plan (verification)',
    );
    const consequence = rolledBack ? `the state was restored but could not be verified` : 'nothing was pushed';
    if (plan.exitCode === 0) {
      steps.push('verification plan: no changes, the configuration matches the restored state');
      return { environment, rolledBack, from, to: target, backupPath, verification: { consistent: true }, steps };
    }
    if (plan.exitCode !== 2) {
      tf.checkLock(plan, consequence);
      throw tf.failed(plan, 'plan', consequence);
    }
    const show = await tf.run(['show', '-json', '-no-color', join(scratch, 'verify.tfplan')], 'show -json');
    if (show.exitCode !== 0) throw tf.failed(show, 'show -json', consequence);
    const report = analyzeTerraformPlan(show.stdout, {
      label: `the verification plan of ${environment}`,
      environment,
      rules: request.rules ?? defaultRules(),
      generatedAt: ctx.clock.now().toISOString(),
      onSecret: tf.redactor.add,
    });
    steps.push(`verification plan: ${report.total_changes} change(s), the configuration differs from the restored state`);
    return { environment, rolledBack, from, to: target, backupPath, verification: { consistent: false, report }, steps };
  } finally {
    removeScratchFolder(scratch);
  }
}

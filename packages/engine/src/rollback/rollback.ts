import { join, resolve } from 'node:path';
import { checkEnvironmentName, describeFailure, UserError, type AuditDetails, type Environment, type GitopsSyncConfig } from '@gitops-sync/core';
import { backupEntries, recordAudit, type AuditContext } from '../audit/record.js';
import { argoCdCredentials } from '../argocd-client.js';
import { backupFolder, backupRecipients, identityEnvOf, PLAINTEXT_BACKUP_NOTE } from '../sync/backup-encryption.js';
import { rollbackArgoCdApp } from '../sync/argocd-sync.js';
import { acquireLock } from '../sync/lock.js';
import { rollbackGit, type ChangeRequestOpener } from './rollback-git.js';
import { rollbackDeployment } from './rollback-kubernetes.js';
import { rollbackTerraformState } from './rollback-terraform.js';
import type { SyncContext } from '../sync/sync-types.js';

export const ROLLBACK_MODES = ['git', 'terraform-state', 'kubernetes', 'argocd'] as const;
export type RollbackMode = (typeof ROLLBACK_MODES)[number];

export interface RollbackRequest {
  environment: string;
  mode: RollbackMode;
  config: GitopsSyncConfig;
  baseDir: string;
  dryRun: boolean;
  /** git: the commit to restore the environment's paths to; a PR/MR unless `direct`. */
  toCommit?: string;
  baseBranch?: string;
  direct?: boolean;
  opener?: ChangeRequestOpener;
  /** terraform-state: the backup to push; `force` for an older serial. */
  stateFile?: string;
  force?: boolean;
  /** How to ask for `force` where this runs: `--force` (the CLI, the default) or the action's `force: true`. */
  forceOption?: string;
  /** kubernetes: the workload and revision. */
  workload?: { kind: 'deployment' | 'statefulset' | 'daemonset'; name: string; namespace?: string; toRevision?: number };
  /** argocd: the application's history id. */
  historyId?: number;
  /** Where the rollback is recorded (a `started` event and a final one). */
  audit?: AuditContext;
}

/** What every mode answers, as the action's outputs. */
export interface RollbackResult {
  environment: string;
  mode: RollbackMode;
  rolled_back: boolean;
  from: string;
  to: string;
  backup_path: string;
  /** `consistent`, the rollout status, the PR URL: how the result was checked. */
  verification: string;
  steps: string[];
}

/** The paths a git rollback restores: configured, or the environment's Terraform folder and Kubernetes sources. */
function environmentPaths(settings: Environment, environment: string): string[] {
  if (settings.paths?.length) return settings.paths;
  const kubernetes = settings.kubernetes;
  const paths = [settings.terraform?.dir, ...(kubernetes?.manifests ?? []), kubernetes?.kustomize, kubernetes?.helm?.chart, ...(kubernetes?.helm?.values ?? []), kubernetes?.jsonnet?.file];
  const found = paths.filter((path): path is string => Boolean(path));
  if (!found.length) throw new UserError(`Environment ${environment} has no paths to roll back; set environments.${environment}.paths in gitops-sync.yaml.`);
  return found;
}

function need<T>(value: T | undefined, sentence: string): T {
  if (value === undefined || value === '') throw new UserError(sentence);
  return value;
}

/**
 * `rollback`: brings an environment back to a known-good state, each mode with a safety backup (or
 * a new commit that keeps history) first and a verification after. Every step of the result reaches
 * the progress log exactly once: as it happens, or when the mode ends for steps it only returned.
 */
export async function runRollback(request: RollbackRequest, context: SyncContext): Promise<RollbackResult> {
  const { environment, mode, config } = request;
  checkEnvironmentName(environment);
  const settings = Object.hasOwn(config.environments, environment) ? config.environments[environment] : undefined;
  if (!settings) throw new UserError(`Environment "${environment}" is not in the configuration; add it under environments:.`);
  const backupDir = backupFolder(request.baseDir, config, environment);
  const announced = new Set<string>();
  const announcing: SyncContext = { ...context, progress: { step: (message) => (announced.add(message), context.progress.step(message)) } };
  const details = (outcome: 'started' | 'succeeded' | 'failed', result?: RollbackResult, failure?: string): AuditDetails => ({
    type: 'rollback',
    outcome,
    mode,
    from: result?.from || null,
    to: result?.to || request.toCommit || null,
    backups: backupEntries(result?.backup_path ? [result.backup_path] : [], request.baseDir),
    verification: result?.verification || null,
    failure_reason: failure ?? null,
  });
  // A dry run changes nothing, not even the log (a `file` store may sit in the checkout it promises to leave alone).
  const audit = request.dryRun ? undefined : request.audit;
  const subject = { environment };
  await recordAudit(audit, subject, details('started'));
  let result: RollbackResult;
  try {
    result = mode === 'git' ? await rollbackCommit(request, settings, announcing) : await rollbackLive(request, settings, backupDir, announcing);
  } catch (error) {
    await recordAudit(audit, subject, details('failed', undefined, describeFailure(error)));
    throw error;
  }
  await recordAudit(audit, subject, details('succeeded', result));
  for (const step of result.steps) if (!announced.has(step)) context.progress.step(step);
  return result;
}

/** git: the environment's paths as they were at --to-commit, as a new commit (a PR/MR unless direct). */
async function rollbackCommit(request: RollbackRequest, settings: Environment, context: SyncContext): Promise<RollbackResult> {
  const { environment } = request;
  const toCommit = need(request.toCommit, 'rollback --mode git needs --to-commit: the commit to restore the environment to.');
  const result = await rollbackGit(
    {
      environment,
      repoDir: request.baseDir,
      toCommit,
      paths: environmentPaths(settings, environment),
      baseBranch: request.baseBranch ?? 'main',
      push: request.direct ? 'direct' : 'pull-request',
      dryRun: request.dryRun,
    },
    context,
    request.opener,
  );
  return {
    environment,
    mode: 'git',
    rolled_back: result.rolledBack,
    from: result.from,
    to: result.to,
    backup_path: '',
    verification: result.pullRequestUrl ?? result.commit ?? 'nothing to roll back',
    steps: result.steps,
  };
}

/** terraform-state, kubernetes, argocd: change what runs, under the environment's lock. */
async function rollbackLive(request: RollbackRequest, settings: Environment, backupDir: string, context: SyncContext): Promise<RollbackResult> {
  const { environment, mode, config } = request;
  if (request.dryRun) throw new UserError(`--dry-run is supported by rollback --mode git only; ${mode} changes nothing until it runs.`);
  const release = acquireLock(join(resolve(request.baseDir, config.sync.backups_dir), '.locks', `${environment}.lock`), environment, context.clock.now());
  try {
    if (mode === 'terraform-state') return await rollbackState(request, settings, backupDir, context);
    if (mode === 'kubernetes') return await rollbackWorkload(request, settings, backupDir, context);
    return await rollbackArgoCd(request, settings, context);
  } finally {
    release();
  }
}

/** terraform-state: push a state backup, after backing up the current state; a plan verifies it. */
async function rollbackState(request: RollbackRequest, settings: Environment, backupDir: string, context: SyncContext): Promise<RollbackResult> {
  const { environment, config } = request;
  const terraform = need(settings.terraform, `Environment ${environment} has no terraform settings to roll back.`);
  const stateFile = resolve(request.baseDir, need(request.stateFile, 'rollback --mode terraform-state needs --state-file: a state backup (backups/<env>/*.tfstate.age or *.tfstate).'));
  const identityEnv = identityEnvOf(config);
  const result = await rollbackTerraformState(
    {
      environment,
      dir: resolve(request.baseDir, terraform.dir),
      settings: terraform,
      stateFile,
      force: Boolean(request.force),
      forceOption: request.forceOption,
      backupDir,
      backupRecipients: backupRecipients(config),
      decryptionKey: { identity: context.env?.[identityEnv], env: identityEnv },
    },
    context,
  );
  const identity = (state: { lineage: string; serial: number } | null) => (state ? `${state.lineage} serial ${state.serial}` : 'no state');
  return {
    environment,
    mode: 'terraform-state',
    rolled_back: result.rolledBack,
    from: identity(result.from),
    to: identity(result.to),
    backup_path: result.backupPath ?? '',
    verification: result.verification.consistent ? 'consistent' : `drift: ${result.verification.report?.total_changes ?? 0} change(s) after the rollback`,
    steps: result.backupPath && !backupRecipients(config).length ? [...result.steps, PLAINTEXT_BACKUP_NOTE] : result.steps,
  };
}

/** kubernetes: `kubectl rollout undo` of one workload, after backing up its object. */
async function rollbackWorkload(request: RollbackRequest, settings: Environment, backupDir: string, context: SyncContext): Promise<RollbackResult> {
  const { environment, config } = request;
  const workload = need(request.workload, 'rollback --mode kubernetes needs --deployment NAME (or --statefulset/--daemonset).');
  const result = await rollbackDeployment(
    {
      environment,
      kubernetes: { context: settings.kubernetes?.context },
      namespace: workload.namespace ?? settings.kubernetes?.namespace ?? 'default',
      name: workload.name,
      kind: workload.kind,
      toRevision: workload.toRevision,
      backupDir,
      backupRecipients: backupRecipients(config),
      rolloutTimeoutSeconds: config.sync.rollout_timeout_seconds,
    },
    context,
  );
  const steps = backupRecipients(config).length ? [] : [PLAINTEXT_BACKUP_NOTE];
  return { environment, mode: 'kubernetes', rolled_back: result.rolledBack, from: result.from, to: result.to, backup_path: result.backupPath, verification: result.verification, steps };
}

/** argocd: Argo CD's own rollback to a history id. */
async function rollbackArgoCd(request: RollbackRequest, settings: Environment, context: SyncContext): Promise<RollbackResult> {
  const { environment, config } = request;
  const app = need(settings.argocd?.app, `Environment ${environment} has no argocd.app to roll back.`);
  const id = need(request.historyId, 'rollback --mode argocd needs --history-id: an id from argocd app history.');
  const { server, token } = argoCdCredentials(context.env, 'rollback --mode argocd needs ARGOCD_SERVER and ARGOCD_AUTH_TOKEN.');
  const result = await rollbackArgoCdApp({ server, token, app, id, timeoutSeconds: config.sync.rollout_timeout_seconds, environment }, context);
  return { environment, mode: 'argocd', rolled_back: result.rolledBack, from: String(result.from), to: String(result.to), backup_path: '', verification: String(result.verification), steps: result.steps };
}

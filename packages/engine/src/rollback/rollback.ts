import { lstatSync, realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { appendAll, checkEnvironmentName, describeFailure, environmentPaths, UserError, type AuditDetails, type Environment, type GitopsSyncConfig, type KubernetesEnvironment } from '@gitops-sync/core';
import { backupEntries, recordAudit, type AuditContext } from '../audit/record.js';
import { argoCdCredentials } from '../argocd-client.js';
import { backupFolder, backupRecipients, identityEnvOf, PLAINTEXT_BACKUP_NOTE } from '../sync/backup-encryption.js';
import { rollbackArgoCdApp } from '../sync/argocd-sync.js';
import { acquireLock } from '../sync/lock.js';
import { pauseController, type ControllerRecord } from './controller-pause.js';
import { commitRunningNow, revertGitTo, type GitRevert } from './git-follows.js';
import { rollbackGit, type ChangeRequestOpener } from './rollback-git.js';
import { rollbackDeployment } from './rollback-kubernetes.js';
import { rollbackTerraformState } from './rollback-terraform.js';
import { checkDeployer, deployersWarning, type DeployerDirectory } from '../sync/deployers.js';
import type { SyncContext } from '../sync/sync-types.js';
import { renderDesired } from '../drift/k8s-render.js';
import { silentProgress, type DeploymentOutcome } from '../ports.js';

export const ROLLBACK_MODES = ['git', 'terraform-state', 'kubernetes', 'argocd'] as const;
export type RollbackMode = (typeof ROLLBACK_MODES)[number];

export interface RollbackRequest {
  environment: string;
  mode: RollbackMode;
  config: GitopsSyncConfig;
  baseDir: string;
  dryRun: boolean;
  /**
   * git: the commit to restore the environment's paths to; a PR/MR unless `direct`. kubernetes, argocd:
   * the commit the Git revert goes back to, instead of the one found from what runs.
   */
  toCommit?: string;
  /** The branch the paths are restored on (and, for kubernetes and argocd, Git brought in line on); default the environment's `branch`. */
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
  /** Who may roll back is asked of the platform's directory, or there is none here and why (see runSync). */
  deployers?: DeployerDirectory | { unavailable: string };
  /** The config file as messages name it; default gitops-sync.yaml. */
  configFile?: string;
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
  /** kubernetes, argocd: the Git revert that makes the controller keep the rollback instead of undoing it. */
  git_revert?: GitRevert;
  /** kubernetes, argocd: the controller whose own syncing was suspended for the rollback, and whether it is back on. */
  controller?: ControllerRecord;
  /** Rolled back through break_glass, outside the deployers list: an emergency change (the audit event's `emergency`). */
  emergency: boolean;
  /** git --dry-run: nothing was committed or pushed; `verification` says what would be. */
  dry_run?: true;
}

/** What a mode answers; the deployers check adds `emergency`. */
type ModeResult = Omit<RollbackResult, 'emergency'>;

/** The paths a git rollback restores: configured, or the environment's Terraform folder and Kubernetes sources. */
function rollbackPaths(settings: Environment, environment: string): string[] {
  const found = environmentPaths(settings);
  if (!found.length) throw new UserError(`Environment ${environment} has no paths to roll back; set environments.${environment}.paths in gitops-sync.yaml.`);
  return found;
}

/** What only some modes read: given with another, it would be ignored (a state file with the default mode git rolls back Git). */
const MODE_OPTIONS: readonly { option: string; modes: readonly RollbackRequest['mode'][]; given: (request: RollbackRequest) => boolean }[] = [
  { option: '--state-file', modes: ['terraform-state'], given: (request) => request.stateFile !== undefined },
  { option: '--force', modes: ['terraform-state'], given: (request) => request.force === true },
  { option: '--deployment (or --statefulset, --daemonset)', modes: ['kubernetes'], given: (request) => request.workload !== undefined },
  { option: '--history-id', modes: ['argocd'], given: (request) => request.historyId !== undefined },
  // The Git revert that follows a kubernetes or argocd rollback reads these too.
  { option: '--to-commit', modes: ['git', 'kubernetes', 'argocd'], given: (request) => request.toCommit !== undefined },
  { option: '--direct', modes: ['git', 'kubernetes', 'argocd'], given: (request) => request.direct === true },
  { option: '--branch', modes: ['git', 'kubernetes', 'argocd'], given: (request) => request.baseBranch !== undefined },
];

/** The refusal of a workload's revision or namespace given without the workload (it would be dropped), in the entry point's words. */
export const workloadOptionAlone = (option: string, workload: string) =>
  `${option} goes with ${workload}: the workload rollback --mode kubernetes rolls back; name the workload, or leave it out.`;

function refuseOtherModesOptions(request: RollbackRequest): void {
  const foreign = MODE_OPTIONS.find(({ modes, given }) => !modes.includes(request.mode) && given(request));
  if (foreign) throw new UserError(`rollback --mode ${request.mode} does not use ${foreign.option}, which only --mode ${foreign.modes.join(', ')} ${foreign.modes.length > 1 ? 'read' : 'reads'}; set the mode it belongs to, or leave it out.`);
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
export async function runRollback(given: RollbackRequest, context: SyncContext): Promise<RollbackResult> {
  const { environment, mode, config } = given;
  checkEnvironmentName(environment);
  const settings = Object.hasOwn(config.environments, environment) ? config.environments[environment] : undefined;
  if (!settings) throw new UserError(`Environment "${environment}" is not in the configuration; add it under environments:.`);
  refuseOtherModesOptions(given);
  // The branch the environment deploys from (its policy's `branch`), unless another is named: main may not be it.
  const policy = Object.hasOwn(config.approval.environments, environment) ? config.approval.environments[environment] : undefined;
  const request = { ...given, baseBranch: given.baseBranch ?? policy?.branch ?? 'main' };
  const backupDir = backupFolder(request.baseDir, config, environment);
  const announced = new Set<string>();
  const announcing: SyncContext = { ...context, progress: { step: (message) => (announced.add(message), context.progress.step(message)) } };
  const details = (outcome: 'started' | 'succeeded' | 'failed', result?: ModeResult, failure?: string, emergency?: boolean): AuditDetails => ({
    type: 'rollback',
    outcome,
    mode,
    from: result?.from || null,
    to: result?.to || request.toCommit || null,
    backups: backupEntries(result?.backup_path ? [result.backup_path] : [], request.baseDir),
    verification: result?.verification || null,
    failure_reason: failure ?? null,
    ...(emergency ? { emergency } : {}),
  });
  // A dry run changes nothing, not even the log (a `file` store may sit in the checkout it promises to leave alone).
  const audit = request.dryRun ? undefined : request.audit;
  const subject = { environment };
  await recordAudit(audit, subject, details('started'));
  let deployer: { emergency: boolean; steps: string[] };
  let rolledBack: ModeResult;
  try {
    deployer = await checkRollbackDeployer(request);
    for (const step of deployer.steps) context.progress.step(step);
    rolledBack = mode === 'git' ? await rollbackCommit(request, settings, announcing) : await rollbackLive(request, settings, backupDir, announcing);
  } catch (error) {
    await recordAudit(audit, subject, details('failed', undefined, describeFailure(error)));
    throw error;
  }
  await recordAudit(audit, subject, details('succeeded', rolledBack, undefined, deployer.emergency));
  for (const step of rolledBack.steps) if (!announced.has(step)) context.progress.step(step);
  return { ...rolledBack, steps: [...deployer.steps, ...rolledBack.steps], emergency: deployer.emergency };
}

/**
 * Who may roll the environment back, before anything changes (a dry run changes nothing, so it
 * only warns). The working copy's policy: a rollback has no change under review whose base it could
 * trust, and whoever may pick the ref it runs from also picks the workflow it runs in; the
 * environment protection the platform enforces (`generate github-environments`) is the anchor there.
 */
async function checkRollbackDeployer(request: RollbackRequest): Promise<{ emergency: boolean; steps: string[] }> {
  const { environment, config } = request;
  const configFile = request.configFile ?? 'gitops-sync.yaml';
  const policy = Object.hasOwn(config.approval.environments, environment) ? config.approval.environments[environment] : undefined;
  if (request.dryRun) {
    const warning = deployersWarning(environment, policy, configFile);
    return { emergency: false, steps: warning ? [warning] : [] };
  }
  return checkDeployer({
    environment,
    action: 'rollback',
    policy,
    configFile,
    bots: config.approval.bots,
    directory: request.deployers ?? { unavailable: 'no platform directory was given to ask who started the run' },
  });
}

/** git: the environment's paths as they were at --to-commit, as a new commit (a PR/MR unless direct). */
async function rollbackCommit(request: RollbackRequest, settings: Environment, context: SyncContext): Promise<ModeResult> {
  const { environment } = request;
  const toCommit = need(request.toCommit, 'rollback --mode git needs --to-commit: the commit to restore the environment to.');
  const result = await rollbackGit(
    {
      environment,
      repoDir: request.baseDir,
      toCommit,
      paths: rollbackPaths(settings, environment),
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
    verification:
      result.pullRequestUrl ??
      result.commit ??
      (result.dryRun && result.changedPaths.length > 0 ? `dry run: would restore ${result.changedPaths.length} file(s) on ${result.branch}` : 'nothing to roll back'),
    steps: result.steps,
    ...(result.dryRun ? { dry_run: true as const } : {}),
  };
}

/** terraform-state, kubernetes, argocd: change what runs, under the environment's lock. */
async function rollbackLive(request: RollbackRequest, settings: Environment, backupDir: string, context: SyncContext): Promise<ModeResult> {
  const { environment, mode, config } = request;
  if (request.dryRun) throw new UserError(`--dry-run is supported by rollback --mode git only; ${mode} changes nothing until it runs.`);
  const release = acquireLock(join(resolve(request.baseDir, config.sync.backups_dir), '.locks', `${environment}.lock`), environment, context.clock.now());
  let outcome: { state: DeploymentOutcome; description: string } = { state: 'failure', description: `rollback of ${environment} (${mode}) failed` };
  const deployment = await context.deployments?.start(environment, `gitops-sync rollback of ${environment} (${mode})`);
  try {
    const result = mode === 'terraform-state' ? await rollbackState(request, settings, backupDir, context) : await rollbackThatSticks(request, settings, backupDir, context);
    outcome = { state: 'success', description: result.rolled_back ? `rolled back ${environment} (${mode}) to ${result.to}` : `nothing to roll back in ${environment} (${mode})` };
    return result;
  } catch (error) {
    outcome.description = `rollback of ${environment} (${mode}) failed: ${describeFailure(error)}`;
    throw error;
  } finally {
    release();
    await deployment?.finish(outcome.state, outcome.description);
  }
}

/**
 * kubernetes, argocd: the controller that would undo the rollback is suspended (or the rollback
 * refused) first; then what runs is rolled back, and Git is brought in line with a revert of the
 * environment's paths to the commit now running; then the controller is turned back on — also when
 * the rollback itself failed, and a failure to do so fails the run, saying so. When what runs was
 * rolled back but Git could not follow, it stays suspended, loudly: on, it would undo the rollback.
 */
async function rollbackThatSticks(request: RollbackRequest, settings: Environment, backupDir: string, context: SyncContext): Promise<ModeResult> {
  const { environment, mode } = request;
  // Everything that can be refused is refused before anything changes.
  const paths = rollbackPaths(settings, environment);
  if (mode === 'kubernetes') {
    need(request.workload, 'rollback --mode kubernetes needs --deployment NAME (or --statefulset/--daemonset).');
    if (!settings.kubernetes && !request.toCommit) {
      throw new UserError(`Environment ${environment} has no kubernetes settings to find the commit that runs after the rollback; add them, or pass --to-commit with the commit to bring Git back to.`);
    }
    if (settings.kubernetes) await refuseForeignWorkload(request, settings.kubernetes, context);
  } else {
    need(settings.argocd?.app, `Environment ${environment} has no argocd.app to roll back.`);
    need(request.historyId, 'rollback --mode argocd needs --history-id: an id from argocd app history.');
  }
  const direct = Boolean(request.direct) || settings.rollback?.revert === 'direct';
  const steps: string[] = [];
  const step = (message: string) => (steps.push(message), context.progress.step(message));
  const pause = await pauseController({ environment, settings, direct }, context, step);
  let result: ModeResult | undefined;
  let failure: unknown;
  let rolledBackLive = false;
  try {
    const live = mode === 'kubernetes' ? await rollbackWorkload(request, settings, backupDir, context) : await rollbackArgoCd(request, settings, context);
    rolledBackLive = true;
    // Announced now, so the log reads in order: the live rollback, then Git, then the controller.
    for (const message of live.steps) step(message);
    const to = await runningCommit(request, settings, paths, live, context);
    step(`Bringing Git in line: the paths of ${environment} go back to ${to.commit.slice(0, 7)} (${to.how}).`);
    const gitSteps: string[] = [];
    const revert = await revertGitTo(
      { environment, baseDir: request.baseDir, paths, baseBranch: request.baseBranch ?? 'main', direct, opener: request.opener, to },
      { ...context, progress: { step: (message) => (gitSteps.push(message), context.progress.step(message)) } },
    );
    appendAll(steps, gitSteps);
    const { toRevision: _used, ...shown } = live as ModeResult & { toRevision?: string };
    result = { ...shown, steps, git_revert: revert };
  } catch (error) {
    failure = error;
  }
  if (failure && rolledBackLive && pause) {
    // Turned back on now, the controller would sync the failed version straight back from Git.
    pause.record.note = `left suspended: Git was not brought in line; then run ${pause.resumeCommand}`;
    throw new UserError(
      `${describeFailure(failure).replace(/\.$/, '')}. ${environment} was rolled back, and ${pause.record.controller} is left SUSPENDED so it does not put the failed version back: bring Git in line with what runs now, then run ${pause.resumeCommand}.`,
    );
  }
  try {
    await pause?.resume(result?.git_revert && !result.git_revert.landed ? result.git_revert.pull_request_url || `branch ${result.git_revert.branch}` : undefined);
  } catch (restoring) {
    if (!failure) throw restoring;
    throw new UserError(`${(restoring as Error).message} The rollback itself failed too: ${(failure as Error).message}`);
  }
  if (failure) throw failure;
  return { ...result!, controller: pause?.record };
}

const WORKLOAD_KINDS = { deployment: 'Deployment', statefulset: 'StatefulSet', daemonset: 'DaemonSet' } as const;

/**
 * The workload must be one the environment's own manifests make: the environment's deployers and
 * lock must not reach another environment's namespace, or a workload no environment deploys.
 */
async function refuseForeignWorkload(request: RollbackRequest, kubernetes: KubernetesEnvironment, context: SyncContext): Promise<void> {
  const { environment } = request;
  const workload = request.workload!;
  const kind = WORKLOAD_KINDS[workload.kind];
  const namespace = workload.namespace ?? kubernetes.namespace ?? 'default';
  const objects = await renderDesired(kubernetes, { exec: context.exec, progress: silentProgress, env: context.env, baseDir: request.baseDir, secrets: request.config.secrets, onSecret: context.onSecret });
  if (objects.some((object) => object.kind === kind && object.metadata?.name === workload.name && (object.metadata?.namespace ?? kubernetes.namespace ?? 'default') === namespace)) return;
  throw new UserError(
    `${kind} ${namespace}/${workload.name} is not among the objects the manifests of environment ${environment} make, so nothing was rolled back; roll back the environment it belongs to, or check --${workload.kind} and --namespace.`,
  );
}

/** The commit whose state of the environment's paths runs after the rollback. */
async function runningCommit(request: RollbackRequest, settings: Environment, paths: string[], live: ModeResult & { toRevision?: string }, context: SyncContext): Promise<{ commit: string; how: string }> {
  if (request.toCommit) return { commit: request.toCommit, how: 'given with --to-commit' };
  if (request.mode === 'argocd') {
    const revision = need(live.toRevision, `Argo CD's history entry ${request.historyId} records no Git revision, so Git was not brought in line; pass --to-commit with the commit it deployed.`);
    return { commit: revision, how: `the revision of Argo CD history entry ${request.historyId}` };
  }
  const workload = request.workload!;
  return commitRunningNow(
    {
      environment: request.environment,
      kubernetes: settings.kubernetes!,
      baseDir: request.baseDir,
      baseBranch: request.baseBranch ?? 'main',
      paths,
      kind: WORKLOAD_KINDS[workload.kind],
      namespace: workload.namespace ?? settings.kubernetes?.namespace ?? 'default',
      name: workload.name,
    },
    context,
  );
}

/** terraform-state: push a state backup, after backing up the current state; a plan verifies it. */
async function rollbackState(request: RollbackRequest, settings: Environment, backupDir: string, context: SyncContext): Promise<ModeResult> {
  const { environment, config } = request;
  const terraform = need(settings.terraform, `Environment ${environment} has no terraform settings to roll back.`);
  const stateFile = resolve(request.baseDir, need(request.stateFile, 'rollback --mode terraform-state needs --state-file: a state backup (backups/<env>/*.tfstate.age or *.tfstate).'));
  // The lineage check cannot tell a state copied from another environment (or one pushed where there is none yet).
  // Where the file really is: a link in backups/<env>/ may lead into another environment's folder.
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };
  const target = real(stateFile);
  const owner = Object.keys(config.environments).find((name) => name !== environment && relative(real(resolve(request.baseDir, config.sync.backups_dir, name)), target).split(sep)[0] !== '..');
  if (owner !== undefined) {
    throw new UserError(
      `${target !== stateFile && lstatSync(stateFile, { throwIfNoEntry: false })?.isSymbolicLink() ? `${stateFile} (a link to ${target})` : stateFile} is in ${config.sync.backups_dir}/${owner}, where the backups of ${owner} go, not ${environment}'s; roll ${environment} back with a backup of ${environment} (${config.sync.backups_dir}/${environment}/…).`,
    );
  }
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
async function rollbackWorkload(request: RollbackRequest, settings: Environment, backupDir: string, context: SyncContext): Promise<ModeResult> {
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
async function rollbackArgoCd(request: RollbackRequest, settings: Environment, context: SyncContext): Promise<ModeResult & { toRevision?: string }> {
  const { environment, config } = request;
  const app = need(settings.argocd?.app, `Environment ${environment} has no argocd.app to roll back.`);
  const id = need(request.historyId, 'rollback --mode argocd needs --history-id: an id from argocd app history.');
  const { server, token } = argoCdCredentials(context.env, 'rollback --mode argocd needs ARGOCD_SERVER and ARGOCD_AUTH_TOKEN.');
  const result = await rollbackArgoCdApp({ server, token, app, id, timeoutSeconds: config.sync.rollout_timeout_seconds, environment }, context);
  return { environment, mode: 'argocd', rolled_back: result.rolledBack, from: String(result.from), to: String(result.to), backup_path: '', verification: String(result.verification), steps: result.steps, toRevision: result.toRevision };
}

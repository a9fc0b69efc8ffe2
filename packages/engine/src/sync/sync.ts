import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { appendAll, ApprovalEnvironment, checkEnvironmentName, SeverityEngine, describeFailure, isProduction, parseConfig, requiredApprovals, resolveEnvironmentName, shortFingerprint, unjudged, UserError, type ApprovalPolicy, type DriftReport, type Environment, type GitopsSyncConfig, type KubernetesEnvironment, type SeverityRuleSet, type UnjudgedChange, type AuditDetails } from '@gitops-sync/core';
import { kubernetesChanges } from '../drift/drift.js';
import { gatherSafetyEvidence } from '../review/approve-safe.js';
import { backupFolder, backupRecipients as backupRecipientsOf, PLAINTEXT_BACKUP_NOTE } from './backup-encryption.js';
import { readDriftReport } from '../report-file.js';
import { statOrNothing } from '../files.js';
import { rulesFor } from '../rules.js';
import { plannedCritical, reportMismatch, runGate, type PlannedChanges } from '../review/gate.js';
import { acquireLock } from './lock.js';
import { CommitReader, misplaced, misplacedConfigError, readBranchConfig } from '../review/base-policy.js';
import { checkDeployer, deployersWarning, type DeployerDirectory } from './deployers.js';
import { environmentProgress, warningOf, type DeploymentRecord, type Exec } from '../ports.js';
import { backupEntries, recordAudit, type AuditContext, type AuditSubject } from '../audit/record.js';
import { runAtMost } from '../at-most.js';
import { rollbackDeployment } from '../rollback/rollback-kubernetes.js';
import { reviewedFingerprint } from '../review/pr-comment.js';
import type { ReviewPlatform } from '../review/review-platform.js';
import { argoCdCredentials } from '../argocd-client.js';
import { syncArgoCdApp } from './argocd-sync.js';
import { approvedKubernetesPrunes, reconcileFlux, syncKubernetes } from './sync-kubernetes.js';
import { syncTerraform, type PlanChangesFor } from './sync-terraform.js';
import { SyncFailure, type BackoffPolicy, type FailureReason, type SyncContext } from './sync-types.js';

export interface SyncRequest {
  /** In order: a sequential promotion stops at the first failure. */
  environments: string[];
  config: GitopsSyncConfig;
  /** Folder the config's relative paths start from. */
  baseDir: string;
  /**
   * The change under review. Without it (a terminal, never a CI job for a change request) an
   * environment syncs only when its policy on its protected branch needs no approval (`unreviewed`).
   */
  review?: { platform: ReviewPlatform; configPath: string; cwd: string };
  /** Where the config sits in its clone, to read the policy on the protected branch when there is no change under review. */
  unreviewed?: { configPath: string; cwd: string };
  /**
   * The drift report the reviewers saw (a file, or a folder of drift-report-<env>.json): its plan
   * fingerprint binds the apply, its deletions are the approved prunes.
   */
  reportPath?: string;
  /** The reviewed plan's fingerprint when there is no report file (one environment). */
  planFingerprint?: string;
  dryRun: boolean;
  /** Sync independent environments side by side, at most `concurrency` at a time. */
  parallel: boolean;
  concurrency: number;
  /**
   * Who may deploy is asked of the platform's directory (the CLI and actions build it from the CI
   * run), or there is none here and why; only needed when an environment limits its deployers.
   */
  deployers?: DeployerDirectory | { unavailable: string };
  /** Where each environment's sync is recorded (a `started` event and a final one). */
  audit?: AuditContext;
}

export interface EnvironmentSync {
  environment: string;
  status: 'synced' | 'failed' | 'skipped';
  failure_reason?: FailureReason;
  message?: string;
  /** Longer explanation for the summary (e.g. how the plan changed). */
  detail?: string;
  dry_run: boolean;
  backups: string[];
  steps: string[];
  plan_fingerprint?: string;
  /** Workloads rolled back automatically after a failed rollout (the remediation plan's auto_rollback). */
  auto_rolled_back?: string[];
}

export interface SyncResult {
  environments: EnvironmentSync[];
  ok: boolean;
}

/**
 * `{ include: [{ environment }] }` for a GitHub `strategy.matrix` (or a GitLab child pipeline), each name as
 * given. Every name must be an environment of `config` (or an alias of one), each once: a typo would only
 * fail in its own job, after the others synced, and one environment named twice would be synced by two
 * jobs at once.
 */
export function syncMatrix(config: GitopsSyncConfig, environments: string[]): string {
  if (environments.length === 0) throw new UserError('The sync matrix needs an environment: --environments dev,staging,prod.');
  const resolved = environments.map((name) => resolveEnvironmentName(config, name).name);
  requireConfiguredEnvironments(config, resolved, 'no matrix was written');
  const twice = resolved.find((name, index) => resolved.indexOf(name) !== index);
  if (twice !== undefined) {
    const spellings = [...new Set(environments.filter((_, index) => resolved[index] === twice))];
    const as = spellings.length > 1 ? ` (as ${spellings.join(' and ')})` : '';
    throw new UserError(`${twice} is named twice in the matrix${as}, so two jobs would sync it at once; name each environment once.`);
  }
  return JSON.stringify({ include: environments.map((environment) => ({ environment })) });
}

/** Refuses names that are not environments of `config`, all of them in one sentence, before anything runs. */
function requireConfiguredEnvironments(config: GitopsSyncConfig, environments: readonly string[], consequence: string): void {
  const unknown = environments.filter((environment) => !Object.hasOwn(config.environments, environment));
  if (unknown.length) {
    throw new UserError(`Environment ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in the configuration (it has ${Object.keys(config.environments).join(', ') || 'none'}); ${consequence}.`);
  }
}

const backoffOf = (config: GitopsSyncConfig): BackoffPolicy => ({
  limit: config.sync.retry.limit,
  delaySeconds: config.sync.retry.delay_seconds,
  factor: config.sync.retry.factor,
  maxDelaySeconds: config.sync.retry.max_delay_seconds,
});

/** The environment's report: the file given, or drift-report-<env>.json in the folder given (if there). */
function reportFileFor(path: string | undefined, environment: string): string | undefined {
  if (!path) return undefined;
  if (!statOrNothing(path, true)?.isDirectory()) return path;
  const file = join(path, `drift-report-${environment}.json`);
  return existsSync(file) ? file : undefined;
}

function readReport(file: string, environment: string): DriftReport {
  const report = readDriftReport(file, 'the drift-report.json the reviewers saw');
  if (report.environment !== environment) throw new UserError(`${file} is the drift report of ${report.environment}, not ${environment}; pass a folder of drift-report-<env>.json files for several environments.`);
  return report;
}

/**
 * The gate, judging what this sync is about to apply (`planned`, its own plan), or
 * `auto_approve_safe` for a safe change outside production whose plan has no critical change.
 */
async function authorise(request: SyncRequest, environment: string, reviewed: { path?: string; report?: DriftReport }, planned: PlannedChanges, context: SyncContext, withoutReview: string | undefined): Promise<SyncGate> {
  const environments = request.config.approval.environments;
  const policy = Object.hasOwn(environments, environment) ? environments[environment] : undefined;
  if (!request.review) {
    if (withoutReview) return { outcome: 'not-required', reason: withoutReview };
    if (request.dryRun) return { outcome: 'not-required', reason: `would check the gate for ${environment} (no pull/merge request given)` };
    throw new SyncFailure('gate-denied', `No change to check approvals on for ${environment}; pass --platform/--repo/--pr (or run on the pull request's merge) so the gate can run.`);
  }
  const { platform, configPath, cwd } = request.review;
  const { path: reportPath, report } = reviewed;
  const mismatch = report && (await reportMismatch(report, environment, await platform.getChangeRequest(), platform));
  if (mismatch) throw new SyncFailure('gate-denied', `The gate denied ${environment}: ${mismatch}.`);
  if (policy?.auto_approve_safe && !isProduction(environment, policy) && planned.complete) {
    const evidence = await gatherSafetyEvidence(platform, context.exec, { configPath, cwd });
    // The checkout's config may be older than the base's (a branch made before auto_approve_safe was turned off): the base's decides.
    const based = evidence.policy.config.approval.environments;
    const trusted = Object.hasOwn(based, environment) ? based[environment] : undefined;
    if (trusted?.auto_approve_safe && !isProduction(environment, trusted) && evidence.findings.length === 0 && !plannedCritical(planned, evidence.policy.config)) {
      return { outcome: 'allowed', reason: `auto_approve_safe: every changed path of ${platform.label} is safe and the plan has no critical change` };
    }
  }
  // Sync's own trail: the gate it runs records beside sync's events.
  const auditOfSync = request.dryRun ? undefined : request.audit;
  const decision = await runGate(platform, context.exec, { environment, configPath, cwd, reportPath, planned, audit: auditOfSync && (() => auditOfSync) }, context.progress);
  if (!decision.allowed) throw new SyncFailure('gate-denied', `The gate denied ${environment}: ${decision.missing.join('; ')}.`);
  return { outcome: 'allowed', reason: `gate allowed ${platform.label} (${decision.approvals_counted.map((approval) => approval.user).join(', ')})` };
}

/** What a provider or registry says when it is briefly unavailable, rather than wrong. */
const TRANSIENT = /time(d)? ?out|connection (reset|refused)|temporar|unavailable|\b(429|500|502|503|504)\b|rate limit|TLS handshake|unexpected EOF|no such host/i;

/**
 * Transient failures before anything was applied (init, plan, an API hiccup) are retried with
 * backoff; a SyncFailure — a refusal, or an apply that may have partly happened — never is, and
 * neither is a mistake (a syntax error, a missing variable) that another try cannot fix.
 */
async function withBackoff<T>(policy: BackoffPolicy, context: SyncContext, action: () => Promise<T>): Promise<T> {
  const sleep = context.sleep ?? ((ms: number) => new Promise((done) => setTimeout(done, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (error instanceof SyncFailure || attempt >= policy.limit || !TRANSIENT.test(describeFailure(error))) throw error;
      const delay = Math.min(policy.delaySeconds * policy.factor ** attempt, policy.maxDelaySeconds);
      context.progress.step(`${describeFailure(error)} Retrying in ${delay} s (attempt ${attempt + 2} of ${policy.limit + 1}).`);
      await sleep(delay * 1000);
    }
  }
}

/** What let an environment's change through (or not), as its sync events record it. */
interface SyncGate {
  outcome: 'allowed' | 'denied' | 'not-required';
  reason: string;
}

/** One environment's sync, recorded: a `started` event before anything runs and a final one however it ends. */
async function syncEnvironment(request: SyncRequest, environment: string, context: SyncContext, withoutReview: string | undefined, change: AuditSubject): Promise<EnvironmentSync> {
  const subject = { ...change, environment };
  const gate: { decided?: SyncGate } = {};
  const details = (outcome: 'started' | 'succeeded' | 'failed', result?: EnvironmentSync, failure?: string): AuditDetails => ({
    type: 'sync',
    outcome,
    gate: gate.decided ?? (result?.failure_reason === 'gate-denied' ? { outcome: 'denied', reason: result.message ?? 'denied' } : null),
    plan_fingerprint: result?.plan_fingerprint ?? null,
    backups: backupEntries(result?.backups ?? [], request.baseDir),
    failure_reason: failure ?? null,
  });
  // A dry run changes nothing, not even the log (a `file` store may sit in the checkout).
  const audit = request.dryRun ? undefined : request.audit;
  await recordAudit(audit, subject, details('started'));
  try {
    const result = await applyEnvironment(request, environment, context, withoutReview, gate);
    const failed = result.status === 'failed';
    await recordAudit(audit, subject, details(failed ? 'failed' : 'succeeded', result, failed ? `${result.failure_reason ?? 'error'}: ${result.message ?? ''}` : undefined));
    return result;
  } catch (error) {
    await recordAudit(audit, subject, details('failed', undefined, describeFailure(error)));
    throw error;
  }
}

async function applyEnvironment(request: SyncRequest, environment: string, context: SyncContext, withoutReview: string | undefined, gate: { decided?: SyncGate }): Promise<EnvironmentSync> {
  const result: EnvironmentSync = { environment, status: 'synced', dry_run: request.dryRun, backups: [], steps: [] };
  // runSync has checked that every environment is in the configuration.
  const settings: Environment = request.config.environments[environment];
  const backupDir = backupFolder(request.baseDir, request.config, environment);
  const backupRecipients = backupRecipientsOf(request.config);
  let release = () => {};
  let report: DriftReport | undefined;
  let deployment: DeploymentRecord | undefined;
  try {
    if (!request.dryRun) release = acquireLock(join(resolve(request.baseDir, request.config.sync.backups_dir), '.locks', `${environment}.lock`), environment, context.clock.now());
    const reportPath = reportFileFor(request.reportPath, environment);
    report = reportPath ? readReport(reportPath, environment) : undefined;
    const { changes: otherChanges, complete } = await changesBesideTerraform(request, environment, settings, report, context, result.steps);
    let authorised = false;
    // Once per environment, before the first thing is applied, judging what is about to be applied.
    const authoriseOnce = async (terraformChanges: PlanChangesFor = () => []) => {
      if (authorised) return;
      const planned = { changesFor: (rules: SeverityRuleSet) => [...terraformChanges(rules), ...otherChanges], complete };
      gate.decided = await authorise(request, environment, { path: reportPath, report }, planned, context, withoutReview);
      result.steps.push(gate.decided.reason);
      authorised = true;
      if (!request.dryRun) deployment = await context.deployments?.start(environment, `gitops-sync sync of ${environment}`);
    };
    const backoff = backoffOf(request.config);
    if (settings.terraform) {
      // A report is held to the commented plan by the gate (reportMismatch); a fingerprint given instead is held to it here.
      const review = report ? undefined : request.review;
      const commented = review ? await reviewedFingerprint(review.platform, environment) : undefined;
      if (review && commented && request.planFingerprint && request.planFingerprint !== commented) {
        throw new SyncFailure(
          'plan-changed',
          `The plan fingerprint given for ${environment} (${shortFingerprint(request.planFingerprint)}) is not the one drift-detect commented on ${review.platform.label} (${shortFingerprint(commented)}), the plan the reviewers saw, so nothing was applied; leave the fingerprint out to apply the reviewed plan, or review the new plan and approve it again.`,
        );
      }
      const expectedFingerprint = report?.plan_fingerprint ?? request.planFingerprint ?? commented;
      const outcome = await withBackoff(backoff, context, () =>
        syncTerraform(
          {
            environment,
            dir: resolve(request.baseDir, settings.terraform!.dir),
            settings: settings.terraform!,
            expectedFingerprint,
            reviewedReport: report,
            backupDir,
            backupRecipients,
            dryRun: request.dryRun,
            authorise: authoriseOnce,
            requireReviewedPlan: !withoutReview,
          },
          { ...context, secrets: request.config.secrets },
        ),
      );
      result.plan_fingerprint = outcome.fingerprint;
      appendAll(result.backups, outcome.backups);
      appendAll(result.steps, outcome.steps);
    }
    if (settings.argocd || settings.flux || settings.kubernetes) await authoriseOnce();
    if (settings.argocd) {
      const { server, token } = argoCdCredentials(context.env, `Environment ${environment} syncs through Argo CD; set ARGOCD_SERVER and ARGOCD_AUTH_TOKEN.`);
      const outcome = await syncArgoCdApp(
        { server, token, app: settings.argocd.app, prune: settings.argocd.prune, dryRun: request.dryRun, timeoutSeconds: request.config.sync.rollout_timeout_seconds, backoff, environment },
        context,
      );
      appendAll(result.steps, outcome.steps);
    } else if (settings.flux) {
      const flux = { ...settings.flux, context: settings.kubernetes?.context, timeoutSeconds: request.config.sync.rollout_timeout_seconds, dryRun: request.dryRun, environment };
      appendAll(result.steps, (await reconcileFlux(flux, context)).steps);
    } else if (settings.kubernetes) {
      const approvedPrunes = report ? approvedKubernetesPrunes(report) : [];
      const outcome = await syncKubernetes(
        { environment, kubernetes: settings.kubernetes, baseDir: request.baseDir, secrets: request.config.secrets, approvedPrunes, backupDir, backupRecipients, rolloutTimeoutSeconds: request.config.sync.rollout_timeout_seconds, dryRun: request.dryRun },
        context,
      );
      appendAll(result.backups, outcome.backups);
      appendAll(result.steps, outcome.steps);
    }
  } catch (error) {
    result.status = 'failed';
    result.message = describeFailure(error);
    if (error instanceof SyncFailure) {
      result.failure_reason = error.reason;
      appendAll(result.backups, error.backups.filter((backup) => !result.backups.includes(backup)));
      result.detail = error.detail;
      if (error.reason === 'rollout-timeout' && settings.kubernetes && report) await rollBackWorkloads(result, error.unfinished, report, settings.kubernetes, backupDir, request, context);
    } else if (!(error instanceof UserError)) throw error;
  } finally {
    release();
    // A bug that escapes still ends the deployment: it never stays "in progress" on the platform.
    await deployment?.finish(result.status === 'synced' ? 'success' : 'failure', result.status === 'synced' ? `synced ${environment}` : `sync of ${environment} failed: ${result.message ?? 'an unexpected error'}`);
  }
  if (result.backups.length && !backupRecipients.length) result.steps.push(PLAINTEXT_BACKUP_NOTE);
  return result;
}

/**
 * What the Kubernetes part of an environment would change, when the policy needs to know it (a
 * critical team, or auto_approve_safe): every field the apply sets, compared with the cluster
 * (ignore_differences and a live export are for drift, and the change may write its own), and the
 * report's approved prunes, which sync deletes whether or not its own diff sees them. Argo CD and Flux apply what they render themselves: without a
 * kubernetes source to compare, their changes cannot be judged (`complete: false`).
 */
async function changesBesideTerraform(
  request: SyncRequest,
  environment: string,
  settings: Environment,
  report: DriftReport | undefined,
  context: SyncContext,
  steps: string[],
): Promise<{ changes: UnjudgedChange[]; complete: boolean }> {
  const environments = request.config.approval.environments;
  const policy = Object.hasOwn(environments, environment) ? environments[environment] : undefined;
  if (!settings.kubernetes) return { changes: [], complete: !settings.argocd && !settings.flux };
  if (!policy?.critical_requires_team && !policy?.auto_approve_safe) return { changes: [], complete: false };
  try {
    // Against the cluster kubectl applies to: a live export is a file the change itself may edit.
    const judged = { ...settings.kubernetes, ignore_differences: [], live: { kubectl: true as const } };
    const applied = await kubernetesChanges(judged, environment, request.baseDir, { ...context, secrets: request.config.secrets });
    const pruned = new Set(report && !settings.argocd && !settings.flux ? approvedKubernetesPrunes(report) : []);
    const prunes = (report?.changes ?? []).filter((change) => pruned.has(change.address)).map(unjudged);
    return { changes: [...applied, ...prunes], complete: true };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    steps.push(`the Kubernetes changes could not be judged before syncing (${error.message}); they count as critical`);
    return { changes: [], complete: false };
  }
}

const WORKLOAD = /^apps\/v1\/(Deployment|StatefulSet|DaemonSet)\/([^/]*)\/([^/]+)$/;

/**
 * After a rollout that never became ready: `kubectl rollout undo` each workload this sync applied
 * that did not finish and whose change in the reviewed report is critical (the remediation plan's
 * `auto_rollback`), each with a backup first. The report's own plan and severities are not taken
 * as they stand: whoever wrote the file could name any workload, or lower a change's severity.
 */
async function rollBackWorkloads(result: EnvironmentSync, unfinished: readonly string[], report: DriftReport, kubernetes: KubernetesEnvironment, backupDir: string, request: SyncRequest, context: SyncContext) {
  const engine = new SeverityEngine(rulesFor(request.config));
  const critical = new Set(report.changes.filter((change) => engine.judge(unjudged(change)).severity === 'critical').map((change) => change.address));
  const addresses = unfinished.filter((address) => critical.has(address));
  result.auto_rolled_back = [];
  for (const address of addresses) {
    const workload = WORKLOAD.exec(address);
    if (!workload) continue;
    const [, kind, namespace, name] = workload;
    try {
      const rolledBack = await rollbackDeployment(
        { environment: result.environment, kubernetes, namespace: namespace || kubernetes.namespace, name, kind: kind.toLowerCase() as 'deployment', backupDir, backupRecipients: backupRecipientsOf(request.config), rolloutTimeoutSeconds: request.config.sync.rollout_timeout_seconds },
        context,
      );
      result.auto_rolled_back.push(`${kind}/${name}`);
      result.steps.push(`rolled back ${rolledBack.from} → ${rolledBack.to} (auto_rollback): ${rolledBack.verification}`);
    } catch (error) {
      result.steps.push(`automatic rollback of ${kind}/${name} failed: ${describeFailure(error)}`);
    }
  }
}

/** What an environment's policy asks for before a change may be applied; empty when nothing. */
function approvalsAskedFor(environment: string, config: GitopsSyncConfig): string[] {
  const environments = config.approval.environments;
  const configured = Object.hasOwn(environments, environment) ? environments[environment] : undefined;
  // As the gate reads it: no entry among others is refused there, and no policy at all is the default one.
  if (!configured && Object.keys(environments).length) return ['an approval.environments entry'];
  const policy = configured ?? ApprovalEnvironment.parse({});
  const count = requiredApprovals(environment, policy);
  return [
    ...(count ? [`${count} approval${count === 1 ? '' : 's'}`] : []),
    ...policy.required_teams.map((team) => `an approval from ${team}`),
    ...(policy.critical_requires_team ? [`an approval from ${policy.critical_requires_team} for a critical change`] : []),
  ];
}

/** The branch the clone's origin names as its default (`origin/HEAD`), else main. */
async function defaultBranch(exec: Exec, cwd: string): Promise<string> {
  const head = await exec.run('git', ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD'], { cwd }).catch(() => undefined);
  const ref = head?.exitCode === 0 ? head.stdout.toString('utf8').trim() : '';
  return ref.startsWith('refs/remotes/origin/') ? ref.slice('refs/remotes/origin/'.length) : 'main';
}

const REVIEW_INSTEAD = 'so it syncs only from its reviewed pull/merge request: pass --pr N (with --platform and --repo)';

/**
 * Without a change under review, each environment may sync only when its policy as merged on its
 * protected branch asks for no approval at all, and it is defined there as in the working copy —
 * the working copy's config, which anyone can edit, never decides that: not the policy, not which
 * branch holds it (the default branch's config names it), not what the environment is.
 * Anything else is a usage mistake, said before anything runs.
 */
async function approvalFreeEnvironments(request: SyncRequest, exec: Exec, env: NodeJS.ProcessEnv, trusted: Map<string, TrustedPolicy>): Promise<Map<string, string>> {
  const granted = new Map<string, string>();
  const where = request.unreviewed;
  const home = where ? await defaultBranch(exec, where.cwd) : 'main';
  const runRepository = env.GITHUB_ACTIONS === 'true' ? env.GITHUB_REPOSITORY : env.GITLAB_CI === 'true' ? env.CI_PROJECT_PATH : undefined;
  const read = new Map<string, Awaited<ReturnType<typeof readBranchConfig>>>();
  const readOn = async (branch: string) => {
    if (!read.has(branch)) read.set(branch, where ? await readBranchConfig(exec, where.cwd, branch, where.configPath, runRepository || undefined) : { problem: 'no pull/merge request was given' });
    return read.get(branch)!;
  };
  for (const environment of request.environments) {
    const anchor = await readOn(home);
    const policies = 'problem' in anchor ? {} : anchor.config.approval.environments;
    const branch = Object.hasOwn(policies, environment) ? policies[environment].branch : ApprovalEnvironment.parse({}).branch;
    const merged = 'problem' in anchor ? anchor : await readOn(branch);
    const shownBranch = 'problem' in anchor ? home : branch;
    const asked = 'problem' in merged ? [] : approvalsAskedFor(environment, merged.config);
    const entry = `approval.environments.${environment} in ${'problem' in merged ? 'the config' : merged.configPath}`;
    if ('problem' in merged || asked.length) {
      // Which branch is the default one is the clone's origin/HEAD, never the working copy's word: say so when it is the guess that failed.
      const whereFrom = 'problem' in anchor && anchor.problem.startsWith('there is no branch') ? `; the policy is read from the branch origin/HEAD names, else main: \`git remote set-head origin --auto\` sets it` : '';
      const why = 'problem' in merged ? `The policy of ${environment} could not be read from ${shownBranch} (${merged.problem}${whereFrom})` : `${environment} needs ${asked.join(' and ')} by its policy on ${branch} (${entry})`;
      throw new UserError(`${why}, ${REVIEW_INSTEAD}, or --dry-run to see what would change.`);
    }
    const defined = merged.config.environments;
    if (!Object.hasOwn(defined, environment) || !isDeepStrictEqual(defined[environment], request.config.environments[environment])) {
      throw new UserError(`environments.${environment} in ${merged.configPath} is not as on ${branch}, where its policy needs no approval, ${REVIEW_INSTEAD}, merge the change first, or --dry-run to see what would change.`);
    }
    granted.set(environment, `no approval needed: ${entry} on ${branch} (${merged.sha.slice(0, 12)}) requires none`);
    trusted.set(environment, { approval: merged.config.approval, configFile: merged.configPath, backupRecipients: backupRecipientsOf(merged.config), source: `${merged.configPath} on ${branch}` });
  }
  return granted;
}

/** The change a sync applies, for its events: the pull/merge request (when one is under review) and the checked-out commit. */
async function auditedChange(request: SyncRequest, exec: Exec): Promise<AuditSubject> {
  const head = await exec.run('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: request.baseDir }).catch(() => undefined);
  const deployed = head?.exitCode === 0 ? head.stdout.toString('utf8').trim() : null;
  const change = request.review ? await request.review.platform.getChangeRequest().catch(() => undefined) : undefined;
  return {
    commits: { base: change?.baseSha, head: change?.headSha ?? deployed, deployed },
    changeRequest: change ? { number: change.number, url: change.url } : null,
  };
}

/**
 * `sync`: applies exactly what was reviewed, environment by environment — in order, stopping at
 * the first failure, or side by side with a concurrency limit — each only when its gate allows.
 */
export async function runSync(request: SyncRequest, context: SyncContext): Promise<SyncResult> {
  if (request.environments.length === 0) throw new UserError('sync needs an environment: gitops-sync sync production, or --environments dev,staging,prod.');
  for (const environment of request.environments) checkEnvironmentName(environment);
  // Every name is checked before anything runs: a typo must not surface after dev was applied.
  requireConfiguredEnvironments(request.config, request.environments, 'nothing was synced');
  for (const environment of request.environments) backupFolder(request.baseDir, request.config, environment);
  const trusted = new Map<string, TrustedPolicy>();
  const withoutReview = request.review || request.dryRun ? new Map<string, string>() : await approvalFreeEnvironments(request, context.exec, context.env ?? process.env, trusted);
  const deployers = await checkDeployers(request, context, trusted);
  if ('refused' in deployers) return { environments: deployers.refused, ok: false };
  const change = request.audit && !request.dryRun ? await auditedChange(request, context.exec) : {};
  const results = await syncAll(withTrustedRecipients(request, trusted, deployers.steps), context, withoutReview, change);
  for (const result of results) result.steps = [...(deployers.steps.get(result.environment) ?? []), ...result.steps];
  return { environments: results, ok: results.every((result) => result.status === 'synced') };
}

/** The approval policy a run may trust, the backup recipients beside it, and the file it came from (for sentences). */
interface TrustedPolicy {
  approval: ApprovalPolicy;
  configFile: string;
  backupRecipients: string[];
  /** The file and the commit or branch it was read at. */
  source: string;
}

/**
 * The policy the gate trusts for this run: the change's base commit, or the protected branch's
 * (read by approvalFreeEnvironments); never the working copy a change may edit.
 */
async function trustedPolicy(request: SyncRequest, context: SyncContext, known: Map<string, TrustedPolicy>, environment: string): Promise<TrustedPolicy> {
  const found = known.get(environment);
  if (found) return found;
  if (!request.review) {
    const configFile = request.unreviewed?.configPath ?? 'gitops-sync.yaml';
    return { approval: request.config.approval, configFile, backupRecipients: backupRecipientsOf(request.config), source: configFile };
  }
  const { platform, configPath, cwd } = request.review;
  const base = (await platform.getChangeRequest()).baseSha;
  const reader = new CommitReader(platform, context.exec, cwd);
  const path = (await reader.repositoryPath(configPath)).replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const source = `${path} at the base commit ${base.slice(0, 12)}`;
  const text = await reader.read(path, base);
  const misplacedConfig = text === undefined ? await misplaced(reader, path, base) : undefined;
  if (misplacedConfig) throw misplacedConfigError(misplacedConfig);
  const config = parseConfig(text ?? '{}', source);
  const policy = { approval: config.approval, configFile: path, backupRecipients: backupRecipientsOf(config), source };
  for (const name of request.environments) known.set(name, policy);
  return policy;
}

/**
 * Backups are encrypted only to the checkout's recipients that the trusted config names too: one a
 * change adds would let whoever holds its key read, from the uploaded artifact, the state of what it
 * deploys. The request as synced (those recipients only), and a step for each environment that drops one.
 */
function withTrustedRecipients(request: SyncRequest, trusted: Map<string, TrustedPolicy>, steps: Map<string, string[]>): SyncRequest {
  const recipients = backupRecipientsOf(request.config);
  const untrusted = new Set<string>();
  for (const environment of request.environments) {
    const policy = trusted.get(environment);
    const added = policy ? recipients.filter((recipient) => !policy.backupRecipients.includes(recipient)) : [];
    for (const recipient of added) untrusted.add(recipient);
    if (policy && added.length) {
      steps.get(environment)?.push(
        `backups are encrypted only to recipients ${policy.source} names too; the ${added.length === 1 ? 'one' : added.length} this checkout's sync.backup_encryption.recipients adds ${added.length === 1 ? 'is' : 'are'} left out, as a change may not choose who can read its backups`,
      );
    }
  }
  if (!untrusted.size) return request;
  const backupEncryption = { ...request.config.sync.backup_encryption!, recipients: recipients.filter((recipient) => !untrusted.has(recipient)) };
  return { ...request, config: { ...request.config, sync: { ...request.config.sync, backup_encryption: backupEncryption } } };
}

/** The commit being deployed without a change under review: the clone's HEAD. */
async function headCommit(exec: Exec, cwd: string): Promise<string> {
  const head = await exec.run('git', ['rev-parse', '--verify', 'HEAD^{commit}'], { cwd });
  if (head.exitCode !== 0) throw new UserError(`git could not name the commit being deployed in ${cwd}.`);
  return head.stdout.toString('utf8').trim();
}

/**
 * Who may deploy each environment, checked for all of them before anything runs (a dry run changes
 * nothing, so it only warns): the first refusal fails its environment and skips the rest.
 */
async function checkDeployers(request: SyncRequest, context: SyncContext, known: Map<string, TrustedPolicy>): Promise<{ steps: Map<string, string[]> } | { refused: EnvironmentSync[] }> {
  const steps = new Map<string, string[]>();
  const policyOf = (approval: ApprovalPolicy, environment: string) => (Object.hasOwn(approval.environments, environment) ? approval.environments[environment] : undefined);
  for (const environment of request.environments) {
    if (request.dryRun) {
      const warning = deployersWarning(environment, policyOf(request.config.approval, environment), request.unreviewed?.configPath ?? request.review?.configPath ?? 'gitops-sync.yaml');
      steps.set(environment, warning ? [warning] : []);
      if (warning) environmentProgress(context.progress, environment).step(warning);
      continue;
    }
    try {
      const { approval, configFile } = await trustedPolicy(request, context, known, environment).catch((error: unknown) => {
        if (error instanceof UserError) throw new SyncFailure('not-a-deployer', `${environment} was not synced: who may deploy it could not be read from the trusted policy (${error.message.replace(/\.$/, '')}).`);
        throw error;
      });
      const review = request.review;
      const author = review
        ? async () => {
            const { author: person } = await review.platform.getChangeRequest();
            return { id: String(person.id), login: person.login };
          }
        : async () => (request.deployers && !('unavailable' in request.deployers) && request.unreviewed ? request.deployers.changeAuthor(await headCommit(context.exec, request.unreviewed.cwd)) : undefined);
      const decision = await checkDeployer({
        environment,
        action: 'sync',
        policy: policyOf(approval, environment),
        configFile,
        bots: approval.bots,
        author,
        directory: request.deployers ?? { unavailable: 'no platform directory was given to ask who started the run' },
      });
      steps.set(environment, decision.steps);
      // A warning (anyone may deploy) is shown as it is found; the steps reach the summary.
      for (const step of decision.steps) if (warningOf(step) !== undefined) environmentProgress(context.progress, environment).step(step);
    } catch (error) {
      if (!(error instanceof SyncFailure)) throw error;
      const failed: EnvironmentSync = { environment, status: 'failed', failure_reason: error.reason, message: error.message, dry_run: false, backups: [], steps: [] };
      const others = request.environments.filter((name) => name !== environment);
      return { refused: [failed, ...others.map((name): EnvironmentSync => ({ environment: name, status: 'skipped', message: `not synced: ${environment} was refused first`, dry_run: false, backups: [], steps: [] }))].sort((a, b) => request.environments.indexOf(a.environment) - request.environments.indexOf(b.environment)) };
    }
  }
  return { steps };
}

/** Each environment in turn (stopping at the first failure), or side by side. */
async function syncAll(request: SyncRequest, context: SyncContext, withoutReview: Map<string, string>, change: AuditSubject): Promise<EnvironmentSync[]> {
  const results: EnvironmentSync[] = [];
  if (request.parallel) {
    // Each environment runs terraform with its own data dir and TF_WORKSPACE; those sharing a folder
    // and a workspace share one state, so they run one after the other.
    const groups = new Map<string, string[]>();
    for (const environment of request.environments) {
      const terraform = request.config.environments[environment].terraform;
      const key = terraform ? `terraform:${resolve(request.baseDir, terraform.dir)}:${terraform.workspace ?? 'default'}` : `environment:${environment}`;
      groups.set(key, [...(groups.get(key) ?? []), environment]);
    }
    await runAtMost([...groups.values()], request.concurrency, async (group) => {
      for (const environment of group) results.push(await syncEnvironment(request, environment, { ...context, progress: environmentProgress(context.progress, environment) }, withoutReview.get(environment), change));
    });
    results.sort((a, b) => request.environments.indexOf(a.environment) - request.environments.indexOf(b.environment));
  } else {
    for (const environment of request.environments) {
      const result = await syncEnvironment(request, environment, context, withoutReview.get(environment), change);
      results.push(result);
      if (result.status === 'failed') {
        for (const skipped of request.environments.slice(results.length)) {
          results.push({ environment: skipped, status: 'skipped', message: `not synced: ${environment} failed first`, dry_run: request.dryRun, backups: [], steps: [] });
        }
        break;
      }
    }
  }
  return results;
}

import { relative, resolve } from 'node:path';
import { appendAll, UserError, type Redactor, type TextStyle } from '@gitops-sync/core';
import {
  configBaseDir,
  loadConfig,
  ROLLBACK_MODES,
  runRollback,
  runSync,
  syncMatrix,
  systemClock,
  workloadOptionAlone,
  type RollbackMode,
  type RunAudit,
  type RollbackResult,
  type SyncResult,
} from '@gitops-sync/engine';
import { apiLimitsFromEnv, deployerDirectoryFor, githubDeploymentsFor, GitHubPullOpener, GitLabMergeRequestOpener } from '@gitops-sync/platforms';
import { detectPlatform, reviewPlatformFor } from '@gitops-sync/platforms/review-target';
import type { CliIO } from './main.js';
import { concurrencyFlag, configGiven, environmentsNamed, parse, resolveEnvironmentNames, stderrProgress } from './args.js';
import { checkFormat } from './review-commands.js';
import { stdoutStyle } from './colour.js';

const STATUS_STYLE = { synced: 'good', failed: 'bad', skipped: 'strong' } as const;

function describeSync(result: SyncResult, style: TextStyle): string {
  const lines: string[] = [];
  for (const environment of result.environments) {
    const reason = environment.failure_reason ? ` [${environment.failure_reason}]` : '';
    lines.push(`${environment.environment}: ${style[STATUS_STYLE[environment.status]](environment.status)}${environment.dry_run ? ' (dry run)' : ''}${reason}${environment.message ? ` — ${environment.message}` : ''}`);
    for (const step of environment.steps) lines.push(`  ${step}`);
    for (const backup of environment.backups) lines.push(`  backup: ${backup}`);
    if (environment.detail) appendAll(lines, environment.detail.split('\n').map((line) => `  | ${line}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Whether this run names a pull/merge request (flags, or a CI run of one: GitHub's pull_request*
 * and merge queue events, GitLab's merge request and external pull request pipelines). Such a run
 * always goes through the gate.
 */
function namesChange(values: Record<string, unknown>, env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    values.pr ||
      env.CI_MERGE_REQUEST_IID ||
      env.CI_EXTERNAL_PULL_REQUEST_IID ||
      /^(merge_request_event|external_pull_request_event)$/.test(env.CI_PIPELINE_SOURCE ?? '') ||
      /^(pull_request|merge_group)/.test(env.GITHUB_EVENT_NAME ?? ''),
  );
}

/**
 * A GitLab job whose environment action is not `start` (prepare, verify, access, stop) creates no
 * deployment, so GitLab holds it for none of the environment's deployment approvals: it may not change what runs.
 */
function refuseNonDeploymentJob(env: NodeJS.ProcessEnv, command: string, instead: string): void {
  const action = env.CI_ENVIRONMENT_ACTION;
  if (!action || action === 'start') return;
  throw new UserError(
    `This job's GitLab environment action is ${action}, which creates no deployment, so GitLab holds it for none of the deployment approvals of ${env.CI_ENVIRONMENT_NAME || 'its environment'}, and ${command} changes what runs there; ${instead}.`,
  );
}

/** In GitHub Actions with GITHUB_TOKEN: each deployment recorded on GitHub; a refusal is one warning line. */
function deploymentsFor(io: CliIO, redactor: Redactor) {
  return githubDeploymentsFor(io.env, { exec: io.exec, cwd: io.cwd, warn: (message) => io.stderr(`gitops-sync: warning: ${redactor.redact(message)}\n`), redact: (text) => redactor.redact(text) });
}

/** `gitops-sync sync <env> | --environments a,b,c [--parallel]`: exit 0 when every environment synced, 1 otherwise. */
export async function syncCommand(args: string[], io: CliIO, redactor: Redactor, audit: RunAudit): Promise<number> {
  const { values, positionals } = parse(args, {
    config: { type: 'string', default: 'gitops-sync.yaml' },
    environments: { type: 'string' },
    parallel: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
    platform: { type: 'string' },
    repo: { type: 'string' },
    pr: { type: 'string' },
    report: { type: 'string' },
    'plan-fingerprint': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    matrix: { type: 'boolean', default: false },
    format: { type: 'string', default: 'text' },
    verbose: { type: 'boolean', default: false },
  }, 'positional');
  const named = environmentsNamed(values, positionals);
  if (!named.length) throw new UserError('gitops-sync sync needs an environment, e.g. `gitops-sync sync staging`, or --environments dev,staging,prod.');
  const configPath = resolve(io.cwd, String(values.config));
  const config = loadConfig(configPath, true, !configGiven(args));
  if (values.matrix) {
    io.stdout(`${syncMatrix(config, named)}\n`);
    return 0;
  }
  const concurrency = concurrencyFlag(values, 4);
  const format = checkFormat(String(values.format));
  const environments = resolveEnvironmentNames(config, named, io);
  if (!values['dry-run']) refuseNonDeploymentJob(io.env, 'sync', 'give the job environment action start, or pass --dry-run');
  const reviewed = namesChange(values, io.env);
  const review = reviewed
    ? {
        platform: reviewPlatformFor({ platform: values.platform as string | undefined, repo: values.repo as string | undefined, pr: values.pr as string | undefined }, io.env, redactor.add),
        configPath: relative(io.cwd, configPath) || 'gitops-sync.yaml',
        cwd: io.cwd,
      }
    : undefined;
  const deployments = await deploymentsFor(io, redactor);
  const result = await runSync(
    {
      environments,
      config,
      baseDir: configBaseDir(configPath),
      review,
      unreviewed: reviewed ? undefined : { configPath, cwd: io.cwd },
      reportPath: values.report ? resolve(io.cwd, String(values.report)) : undefined,
      planFingerprint: values['plan-fingerprint'] as string | undefined,
      dryRun: Boolean(values['dry-run']),
      parallel: Boolean(values.parallel),
      concurrency,
      deployers: deployerDirectoryFor(io.env, redactor.add),
      audit: audit.open(config, configPath, io.env),
    },
    { exec: io.exec, progress: stderrProgress(io, Boolean(values.verbose)), clock: systemClock, env: io.env, deployments, onSecret: redactor.add },
  );
  io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : describeSync(result, stdoutStyle(io)));
  return result.ok ? 0 : 1;
}

/** The outcome; the steps are not repeated, the progress log printed each as it happened. */
function describeRollback(result: RollbackResult): string {
  return [
    `${result.environment} (${result.mode}): ${result.rolled_back ? 'rolled back' : result.dry_run ? 'dry run, nothing changed' : 'nothing rolled back'}`,
    `  from: ${result.from}`,
    `  to: ${result.to}`,
    ...(result.backup_path ? [`  backup: ${result.backup_path}`] : []),
    `  verification: ${result.verification}`,
    ...(result.git_revert ? [`  git revert: ${result.git_revert.pull_request_url || result.git_revert.commit || 'Git already matched'} (to ${result.git_revert.to.slice(0, 7)}: ${result.git_revert.how})`] : []),
    ...(result.controller ? [`  ${result.controller.controller}: ${result.controller.note}`] : []),
    ...(result.emergency ? ['  emergency: break glass, recorded as an emergency change'] : []),
    '',
  ].join('\n');
}

/** `gitops-sync rollback <env> [--mode git|terraform-state|kubernetes|argocd] …` (git by default). */
export async function rollbackCommand(args: string[], io: CliIO, redactor: Redactor, audit: RunAudit): Promise<number> {
  const { values, positionals } = parse(args, {
    config: { type: 'string', default: 'gitops-sync.yaml' },
    mode: { type: 'string', default: 'git' },
    'to-commit': { type: 'string' },
    branch: { type: 'string' },
    direct: { type: 'boolean', default: false },
    platform: { type: 'string' },
    repo: { type: 'string' },
    'state-file': { type: 'string' },
    force: { type: 'boolean', default: false },
    deployment: { type: 'string' },
    statefulset: { type: 'string' },
    daemonset: { type: 'string' },
    namespace: { type: 'string' },
    'to-revision': { type: 'string' },
    'history-id': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    format: { type: 'string', default: 'text' },
  }, 'positional');
  const format = checkFormat(String(values.format));
  const environment = positionals[0] && resolveEnvironmentNames(loadConfig(resolve(io.cwd, String(values.config)), true, !configGiven(args)), [positionals[0]], io)[0];
  if (!environment || positionals.length > 1) throw new UserError('gitops-sync rollback takes one environment, e.g. `gitops-sync rollback production --mode git --to-commit abc123`.');
  const mode = values.mode as RollbackMode;
  if (!ROLLBACK_MODES.includes(mode)) throw new UserError(`--mode must be one of ${ROLLBACK_MODES.join(', ')} (got ${JSON.stringify(values.mode)}).`);
  const whole = (name: string) => {
    const value = values[name];
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(String(value))) throw new UserError(`--${name} must be a whole number (got ${JSON.stringify(value)}).`);
    return Number(value);
  };
  const workloadKind = (['deployment', 'statefulset', 'daemonset'] as const).find((kind) => values[kind]);
  const workloadOption = (['to-revision', 'namespace'] as const).find((name) => values[name] !== undefined);
  if (!workloadKind && workloadOption) throw new UserError(workloadOptionAlone(`--${workloadOption}`, '--deployment (or --statefulset, --daemonset)'));
  const configPath = resolve(io.cwd, String(values.config));
  const config = loadConfig(configPath, true, !configGiven(args));
  const platform = (values.platform as string | undefined) ?? detectPlatform(io.env);
  const dryRun = Boolean(values['dry-run']);
  let opener;
  // kubernetes and argocd bring Git in line too: a revert PR/MR unless it is pushed directly.
  const direct = Boolean(values.direct) || (mode !== 'git' && config.environments[environment]?.rollback?.revert === 'direct');
  if (!dryRun && (mode !== 'git' || direct)) {
    refuseNonDeploymentJob(io.env, `rollback --mode ${mode}${direct ? ' --direct' : ''}`, 'give the job environment action start (the rollback component\'s input environment_action: start); prepare is for a git rollback that opens a merge request');
  }
  // A dry run opens nothing, so it needs no token.
  if (mode !== 'terraform-state' && !direct && !dryRun && platform) {
    const token = io.env[platform === 'github' ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN'];
    const repo = (values.repo as string | undefined) ?? (platform === 'github' ? io.env.GITHUB_REPOSITORY : io.env.CI_PROJECT_ID);
    if (!token || !repo) throw new UserError(`Opening the rollback ${platform === 'github' ? 'pull' : 'merge'} request needs ${platform === 'github' ? 'GITHUB_TOKEN and --repo OWNER/REPO' : 'GITLAB_TOKEN and --repo PROJECT'}; or pass --direct to push to the branch.`);
    redactor.add(token);
    opener = platform === 'github' ? new GitHubPullOpener({ token, repository: repo, baseUrl: io.env.GITHUB_API_URL, limits: apiLimitsFromEnv(io.env) }) : new GitLabMergeRequestOpener({ token, project: repo, baseUrl: io.env.CI_API_V4_URL, limits: apiLimitsFromEnv(io.env) });
  }
  const deployments = await deploymentsFor(io, redactor);
  const result = await runRollback(
    {
      environment,
      mode,
      config,
      baseDir: configBaseDir(configPath),
      dryRun,
      toCommit: values['to-commit'] as string | undefined,
      baseBranch: values.branch as string | undefined,
      direct: Boolean(values.direct),
      opener,
      stateFile: values['state-file'] as string | undefined,
      force: Boolean(values.force),
      workload: workloadKind ? { kind: workloadKind, name: String(values[workloadKind]), namespace: values.namespace as string | undefined, toRevision: whole('to-revision') } : undefined,
      historyId: whole('history-id'),
      deployers: deployerDirectoryFor(io.env, redactor.add),
      configFile: relative(io.cwd, configPath) || 'gitops-sync.yaml',
      audit: audit.open(config, configPath, io.env),
    },
    { exec: io.exec, progress: stderrProgress(io, false), clock: systemClock, env: io.env, deployments, onSecret: redactor.add },
  );
  io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : describeRollback(result));
  return 0;
}

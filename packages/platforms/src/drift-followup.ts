import { appendAll, describeFailure, renderMetrics, UserError, type AuditEvent, type DriftReport, type GitopsSyncConfig } from '@gitops-sync/core';
import { commentDriftReport, runMonitor, writeMetricsFile, type DriftIssues, type MonitorResult, type Notifier, type PrCommentMode, type Progress, type AuditContext } from '@gitops-sync/engine';
import { apiLimitsFromEnv } from './api-retry.js';
import { GitHubDriftIssues } from './github/issues.js';
import { GitLabDriftIssues } from './gitlab/issues.js';
import { pushMetrics } from './metrics/pushgateway.js';
import { configuredBotLogin } from './own-identity.js';
import { detectPlatform, reviewPlatformFor, type ReviewTargetArgs } from './review-target.js';

/** What a drift check does after its report, beyond the report files: comment, monitor, alert, measure. */
export interface FollowUpOptions {
  prComment: PrCommentMode;
  /** Thresholds, drift age and alerts (monitoring in the config). */
  notify: boolean;
  /** Keep the environment's drift issue (monitoring.drift_issue, or forced on here). */
  driftIssue: boolean;
  stateFile?: string;
  runUrl?: string;
  target: ReviewTargetArgs;
  now: Date;
  /** Channels built from the config (Slack, PagerDuty, e-mail, webhook). */
  notifiers: Notifier[];
  /** Prometheus metrics: a textfile-collector file and/or a Pushgateway. */
  metrics?: { file?: string; pushgatewayUrl?: string };
  /** How long the drift check took. */
  durationSeconds: number;
  /** Where alerts are recorded, and the log whose gate decisions feed gitops_approval_time_seconds. */
  audit?: AuditContext;
  auditEvents?: readonly AuditEvent[];
  /** drift-detect on a pull/merge request: the secrets section the comment carries too. */
  secrets?: { markdown: string; findings: number };
}

export interface FollowUpResult {
  comment?: string;
  monitor?: MonitorResult;
  /** One sentence each; the drift result stands whatever fails here. */
  failures: string[];
}

/** The link to this CI run, for alerts and comments. */
export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY) return `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
  return env.CI_JOB_URL || undefined;
}

function driftIssuesFor(target: ReviewTargetArgs, env: NodeJS.ProcessEnv, labels: string[], onSecret: (secret: string) => void): DriftIssues {
  const platform = target.platform ?? detectPlatform(env);
  if (platform === 'github') {
    const token = env.GITHUB_TOKEN;
    const repository = target.repo ?? env.GITHUB_REPOSITORY;
    if (!token || !repository) throw new UserError('drift issues on GitHub need GITHUB_TOKEN and the repository (GITHUB_REPOSITORY or --repo).');
    onSecret(token);
    return new GitHubDriftIssues({ token, repository, baseUrl: env.GITHUB_API_URL, botLogin: configuredBotLogin(env), limits: apiLimitsFromEnv(env) }, labels);
  }
  if (platform === 'gitlab') {
    const token = env.GITLAB_TOKEN;
    const project = target.repo ?? env.CI_PROJECT_ID;
    if (!token || !project) throw new UserError('drift issues on GitLab need GITLAB_TOKEN and the project (CI_PROJECT_ID or --repo).');
    onSecret(token);
    return new GitLabDriftIssues({ token, project, baseUrl: env.CI_API_V4_URL, limits: apiLimitsFromEnv(env) }, labels);
  }
  throw new UserError('drift issues need --platform github|gitlab outside a CI run.');
}

/**
 * The sticky pull/merge request comment, then monitoring: drift memory, the drift issue and one
 * alert per change of state. Nothing here can fail the drift check; each failure is one sentence.
 */
export async function followUpDriftCheck(
  report: DriftReport,
  config: GitopsSyncConfig,
  options: FollowUpOptions,
  env: NodeJS.ProcessEnv,
  onSecret: (secret: string) => void,
  progress: Progress,
): Promise<FollowUpResult> {
  const result: FollowUpResult = { failures: [] };
  if (options.prComment !== 'off') {
    try {
      const platform = reviewPlatformFor(options.target, env, onSecret);
      result.comment = await commentDriftReport(platform, report, options.prComment, options.runUrl, options.secrets);
      progress.step(`Pull/merge request comment: ${result.comment}`);
    } catch (error) {
      result.failures.push(`pull/merge request comment: ${describeFailure(error)}`);
    }
  }
  const wantsMetrics = Boolean(options.metrics?.file || options.metrics?.pushgatewayUrl);
  if (!options.notify && !wantsMetrics) return result;
  let issues: DriftIssues | undefined;
  if (options.notify && (options.driftIssue || config.monitoring.drift_issue.enabled)) {
    try {
      issues = driftIssuesFor(options.target, env, config.monitoring.drift_issue.labels, onSecret);
    } catch (error) {
      result.failures.push(`drift issue: ${describeFailure(error)}`);
    }
  }
  result.monitor = await runMonitor(
    { report, monitoring: config.monitoring, now: options.now, runUrl: options.runUrl, stateFile: options.stateFile, durationSeconds: options.durationSeconds, auditEvents: options.auditEvents },
    { notifiers: options.notify ? options.notifiers : [], issues, progress, audit: options.audit },
  );
  appendAll(result.failures, result.monitor.failures);
  if (wantsMetrics && result.monitor.state.metrics) {
    const text = renderMetrics(result.monitor.state.metrics);
    try {
      if (options.metrics?.file) writeMetricsFile(options.metrics.file, text);
      if (options.metrics?.pushgatewayUrl) await pushMetrics(options.metrics.pushgatewayUrl, { job: 'gitops-sync', groupingLabels: { environment: report.environment } }, text);
    } catch (error) {
      result.failures.push(`metrics: ${describeFailure(error)}`);
    }
  }
  return result;
}

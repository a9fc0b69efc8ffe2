import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { describeFailure, FailOn, markdownCell, renderMarkdown, renderTable, resolveEnvironmentName, UserError, type DriftReport, type Redactor } from '@gitops-sync/core';
import {
  checkAlertMemory,
  checkMonitoringRun,
  checkOutputFolder,
  configBaseDir,
  describeDriftCheck,
  detectDrift,
  driftDetails,
  driftDotenv,
  driftFailed,
  driftSubject,
  environmentProgress,
  loadConfig,
  readAuditLogEvents,
  recordAudit,
  removeScratchFolder,
  runAtMost,
  runDriftDetect,
  scratchFolder,
  statOrNothing,
  writeFileAtomic,
  writeReportJson,
  type AuditContext,
  type Progress,
  type RunAudit,
} from '@gitops-sync/engine';
import { z } from 'zod';
import { concurrencyFlag, configGiven, environmentsNamed, outputFolderFlag, parse, resolveEnvironmentNames, stderrProgress } from './args.js';
import { stdoutStyle } from './colour.js';
import { EXIT_DRIFT, EXIT_ERROR, EXIT_NO_DRIFT } from './exit-codes.js';
import type { CliIO } from './main.js';
import { emit, exitFor, parseFormat, REPORT_FLAGS } from './output.js';
// The platform clients (Octokit, undici, nodemailer) load only when drift-detect's follow-up talks to a platform.
type Platforms = typeof import('@gitops-sync/platforms');


/**
 * One environment's drift check and its reports (`write`), then its `drift` event however the writing
 * went: a JSON report written by writeReportJson is hashed as it is written, not rendered again.
 */
async function recordedDriftCheck(check: () => Promise<DriftReport>, audit: AuditContext, environment: string, write: (report: DriftReport) => void): Promise<DriftReport> {
  let report: DriftReport;
  try {
    report = await check();
  } catch (error) {
    await recordAudit(audit, { environment }, driftFailed());
    throw error;
  }
  try {
    write(report);
  } finally {
    await recordAudit(audit, driftSubject(report), driftDetails(report));
  }
  return report;
}

export async function driftCommand(args: string[], io: CliIO, redactor: Redactor, audit: RunAudit): Promise<number> {
  const { values, positionals } = parse(args, {
    ...REPORT_FLAGS,
    environments: { type: 'string' },
    parallel: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
    'drift-check-only': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  }, 'positional');
  // --output-dir (or --output naming a folder) is the reports folder, even for one environment.
  const output = values.output === undefined ? undefined : resolve(io.cwd, String(values.output));
  const intoFolder = Boolean(outputFolderFlag(args)) || (output !== undefined && statOrNothing(output, true)?.isDirectory() === true);
  // One environment's report in one file (or on stdout), else a reports folder.
  const oneFile = !values.environments && !intoFolder;
  // A mistyped --format, or a report file named for a format gitops-sync does not write, is refused before terraform runs.
  parseFormat(values.format as string | undefined, oneFile ? (values.output as string | undefined) : undefined);
  const configPath = resolve(io.cwd, String(values.config));
  const config = loadConfig(configPath, true, !configGiven(args));
  const baseDir = configBaseDir(configPath);
  const named = environmentsNamed(values, positionals);
  const environments = resolveEnvironmentNames(config, named, io);
  if (environments.length === 0) throw new UserError('gitops-sync drift needs an environment, e.g. `gitops-sync drift production`, or --environments dev,prod.');
  if (!values.environments && environments.length > 1) throw new UserError(`gitops-sync drift takes one environment (got ${environments.join(' ')}); use --environments ${environments.join(',')} for several.`);
  const concurrency = concurrencyFlag(values, availableParallelism());
  const driftCheckOnly = Boolean(values['drift-check-only']);
  const progress = stderrProgress(io, Boolean(values.verbose));
  const context = { exec: io.exec, progress, onSecret: redactor.add, env: io.env };

  if (values['dry-run']) {
    for (const environment of environments) {
      io.stdout(`${environment}: would run\n${describeDriftCheck({ environment, config, baseDir, driftCheckOnly }).map((line) => `  ${line}`).join('\n')}\n`);
    }
    return EXIT_NO_DRIFT;
  }
  const trail = audit.open(config, configPath, io.env);
  if (oneFile) {
    const report = await recordedDriftCheck(() => detectDrift({ environment: environments[0], config, baseDir, driftCheckOnly }, context), trail, environments[0], (checked) =>
      emit(io, checked, values.format as string | undefined, values.output as string | undefined, true),
    );
    return exitFor(report);
  }
  const outputDir = output ?? resolve(io.cwd, 'gitops-sync-reports');
  const parallel = Boolean(values.parallel);
  // A provider plugin cache of the run's own per concurrent slot (unless the user has one): a slot's
  // environments run one after another, so an init never replaces a provider that another
  // environment's plan is running, and no environment waits for another's init.
  const slotCaches = new Map<number, string>();
  const cacheOf = (slot: number) => slotCaches.get(slot) ?? slotCaches.set(slot, scratchFolder('gitops-sync-plugins-')).get(slot)!;
  try {
    const check = (environment: string, slot: number) =>
      recordedDriftCheck(() => detectDrift({ environment, config, baseDir, driftCheckOnly }, { ...context, pluginCache: cacheOf(slot), progress: environmentProgress(progress, environment) }), trail, environment, (report) => {
        const [json, markdown] = reportFiles(outputDir, environment);
        writeReportJson(json, report);
        writeFileAtomic(markdown, renderMarkdown(report));
      });
    return await driftSeveral(environments, parallel ? concurrency : 1, outputDir, io, progress, check, redactor);
  } finally {
    for (const cache of slotCaches.values()) removeScratchFolder(cache);
  }
}

/** One environment's reports in a reports folder: JSON, Markdown. */
const reportFiles = (outputDir: string, environment: string) => [join(outputDir, `drift-report-${environment}.json`), join(outputDir, `drift-report-${environment}.md`)];

/**
 * Several environments, at most `concurrency` at a time; each one's reports are written as soon as it
 * is done. A failed one's reports are removed: one left from an earlier run (or committed by a pull
 * request) would be taken for this run's.
 */
async function driftSeveral(
  environments: string[],
  concurrency: number,
  outputDir: string,
  io: CliIO,
  progress: Progress,
  check: (environment: string, slot: number) => Promise<DriftReport>,
  redactor: Redactor,
): Promise<number> {
  checkOutputFolder(io.cwd, outputDir);
  const outcomes: { environment: string; report?: DriftReport; error?: string }[] = [];
  const one = async (environment: string, slot: number) => {
    try {
      outcomes.push({ environment, report: await check(environment, slot) });
    } catch (error) {
      for (const file of reportFiles(outputDir, environment)) rmSync(file, { force: true, recursive: true });
      outcomes.push({ environment, error: redactor.redact(describeFailure(error)) });
    }
    progress.step(`[${environment}] ${outcomes.at(-1)?.error ? 'failed' : 'done'} (${outcomes.length}/${environments.length} environments)`);
  };
  await runAtMost(environments, concurrency, one);
  outcomes.sort((a, b) => environments.indexOf(a.environment) - environments.indexOf(b.environment));

  const rows = outcomes.map(({ environment, report, error }) =>
    report
      ? `| ${environment} | ${report.drift_detected ? 'drift' : 'in sync'} | ${report.total_changes} | ${report.changes_by_severity.critical} | ${report.changes_by_severity.high} | ${report.changes_by_severity.medium} | ${report.changes_by_severity.low} |`
      : `| ${environment} | error: ${markdownCell(error!)} | | | | | |`,
  );
  const summary = `## Drift summary\n\n| Environment | Status | Changes | Critical | High | Medium | Low |\n|---|---|---:|---:|---:|---:|---:|\n${rows.join('\n')}\n`;
  writeFileAtomic(join(outputDir, 'summary.md'), summary);
  for (const { environment, report, error } of outcomes) {
    io.stdout(report ? renderTable(report, undefined, stdoutStyle(io)) : `${environment}: error: ${error}\n`);
  }
  io.stdout(`Reports written to ${outputDir}\n`);
  if (outcomes.some((outcome) => outcome.error)) return EXIT_ERROR;
  return outcomes.some((outcome) => outcome.report?.drift_detected) ? EXIT_DRIFT : EXIT_NO_DRIFT;
}

/** The drift-detect action for other CI systems (the GitLab component runs this). */
export async function driftDetectCommand(args: string[], io: CliIO, redactor: Redactor, audit: RunAudit): Promise<number> {
  const { values } = parse(args, {
    environment: { type: 'string', default: '' },
    config: { type: 'string', default: 'gitops-sync.yaml' },
    'terraform-directory': { type: 'string', default: '' },
    'terraform-plan-json': { type: 'string', default: '' },
    'kubernetes-manifests': { type: 'string', default: '' },
    'kubernetes-live-export': { type: 'string', default: '' },
    'kubernetes-namespace': { type: 'string', default: '' },
    'flux-diff-file': { type: 'string', default: '' },
    'argocd-app': { type: 'string', default: '' },
    source: { type: 'string', default: '' },
    'source-file': { type: 'string', default: '' },
    'fail-on': { type: 'string' },
    output: { type: 'string', default: 'gitops-sync-reports' },
    dotenv: { type: 'string' },
    'pr-comment': { type: 'string', default: 'off' },
    platform: { type: 'string' },
    repo: { type: 'string' },
    pr: { type: 'string' },
    notify: { type: 'boolean', default: false },
    'drift-issue': { type: 'boolean', default: false },
    'state-file': { type: 'string' },
    'metrics-file': { type: 'string' },
    'pushgateway-url': { type: 'string' },
    'run-url': { type: 'string' },
    'head-sha': { type: 'string' },
  });
  const started = Date.now();
  const headSha = values['head-sha'] ? String(values['head-sha']) : undefined;
  if (headSha !== undefined && !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(headSha)) throw new UserError(`--head-sha must be a full commit SHA (40 hex digits), got ${JSON.stringify(headSha)}.`);
  const prComment = z.enum(['off', 'always', 'changes-only']).safeParse(values['pr-comment']);
  if (!prComment.success) throw new UserError(`--pr-comment must be off, always or changes-only (got ${JSON.stringify(values['pr-comment'])}).`);
  // Checked here, not only when a follow-up talks to the platform: a misspelt platform must not pass unnoticed.
  if (values.platform !== undefined && values.platform !== 'github' && values.platform !== 'gitlab') throw new UserError(`--platform must be github or gitlab (got ${JSON.stringify(values.platform)}).`);
  const failOn = FailOn.optional().safeParse(values['fail-on'] || undefined);
  if (!failOn.success) throw new UserError(`--fail-on ${values['fail-on']} is not allowed; use one of ${FailOn.options.join(', ')}.`);
  const configPath = resolve(io.cwd, String(values.config));
  if (values.notify) {
    checkMonitoringRun(io.env);
    checkAlertMemory(loadConfig(configPath, false).monitoring, { driftIssue: Boolean(values['drift-issue']), stateFile: values['state-file'] ? String(values['state-file']) : undefined });
  }
  const result = await runDriftDetect(
    {
      environment: String(values.environment),
      config: String(values.config),
      terraformDirectory: String(values['terraform-directory']),
      terraformPlanJson: String(values['terraform-plan-json']),
      kubernetesManifests: String(values['kubernetes-manifests']),
      kubernetesLiveExport: String(values['kubernetes-live-export']),
      kubernetesNamespace: String(values['kubernetes-namespace']),
      fluxDiffFile: String(values['flux-diff-file']),
      argocdApp: String(values['argocd-app']),
      source: String(values.source),
      sourceFile: String(values['source-file']),
      failOn: failOn.data,
      outputDirectory: String(values.output),
      cwd: io.cwd,
      headSha,
    },
    { exec: io.exec, env: io.env, onSecret: redactor.add, progress: stderrProgress(io, false), protection: async () => protectionOfRun(await import('@gitops-sync/platforms'), io.env, redactor) },
  ).catch(async (error: unknown) => {
    await recordAudit(audit.openBeside(configPath, io.env), { environment: String(values.environment) || null }, driftFailed());
    throw error;
  });
  if (values.dotenv) writeFileAtomic(resolve(io.cwd, String(values.dotenv)), driftDotenv(result, io.cwd));
  const config = loadConfig(configPath, false);
  // `Next: gitops-sync sync <env>` only for an environment the config has: sync would refuse any other.
  io.stdout(renderTable(result.report, undefined, stdoutStyle(io), { next: Object.hasOwn(config.environments, resolveEnvironmentName(config, result.report.environment).name) }));
  io.stdout(`Reports: ${result.reportPath}, ${result.markdownPath}${result.secrets ? `, ${result.secrets.reportPath}` : ''}\n`);
  for (const finding of result.secrets?.report.findings ?? []) io.stderr(`gitops-sync: secrets: ${finding.file}${finding.line ? `:${finding.line}` : ''}: ${finding.message} (rule ${finding.rule}, ${finding.severity})\n`);
  const trail = audit.open(config, configPath, io.env);
  const optional = (name: string) => (values[name] ? String(values[name]) : undefined);
  const wantsMetrics = Boolean(values['metrics-file'] || values['pushgateway-url']);
  // The follow-up (comment, monitoring, metrics) is all platform work: without any, skip loading the clients.
  const platforms = prComment.data !== 'off' || values.notify || wantsMetrics ? await import('@gitops-sync/platforms') : undefined;
  const followUp = !platforms ? { failures: [] } : await platforms.followUpDriftCheck(
    result.report,
    config,
    {
      prComment: prComment.data,
      notify: Boolean(values.notify),
      driftIssue: Boolean(values['drift-issue']),
      stateFile: optional('state-file') && resolve(io.cwd, String(values['state-file'])),
      runUrl: optional('run-url') ?? platforms.runUrl(io.env),
      target: { platform: optional('platform'), repo: optional('repo'), pr: optional('pr') },
      now: new Date(),
      notifiers: values.notify ? platforms.notifiersFromConfig(config.monitoring.notifications, io.env, redactor.add) : [],
      metrics: { file: optional('metrics-file') && resolve(io.cwd, String(values['metrics-file'])), pushgatewayUrl: optional('pushgateway-url') },
      durationSeconds: (Date.now() - started) / 1000,
      audit: trail,
      auditEvents: wantsMetrics ? await readAuditLogEvents(config, configPath, io.cwd, { env: io.env, exec: io.exec }) : undefined,
      secrets: result.secrets && { markdown: result.secrets.markdown, findings: result.secrets.report.findings.length },
    },
    io.env,
    redactor.add,
    stderrProgress(io, false),
  );
  // Without monitoring the drift event has no first-seen time; with it, the monitor recorded it.
  if (!followUp.monitor) await recordAudit(trail, driftSubject(result.report), driftDetails(result.report));
  if (followUp.monitor?.event) io.stdout(`Alert: ${followUp.monitor.event.kind} — ${followUp.monitor.event.summary}\n`);
  for (const failure of followUp.failures) io.stderr(`gitops-sync: warning: ${redactor.redact(failure)}\n`);
  if (!result.failure) return EXIT_NO_DRIFT;
  io.stderr(`gitops-sync: ${result.failure}\n`);
  return EXIT_ERROR;
}

/** The CI platform's protection API for drift-detect's monitoring.check_protection. */
function protectionOfRun({ detectPlatform, protectionPlatformFor }: Platforms, env: NodeJS.ProcessEnv, redactor: Redactor) {
  const platform = detectPlatform(env);
  if (!platform) throw new UserError('monitoring.check_protection is on, but drift-detect runs outside GitHub Actions and GitLab CI; run `gitops-sync check-protection --platform …` instead, or turn the key off.');
  return protectionPlatformFor(platform, env, { onSecret: redactor.add, needed: 'monitoring.check_protection' })!;
}

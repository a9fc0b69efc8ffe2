import { rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { batched, describeFailure, FailOn, githubLogText, markdownCell, Redactor, renderJsonChunks, renderMarkdown, renderTable, UserError, type DriftReport } from '@gitops-sync/core';
import {
  analyzeArgoCdApp,
  argoCdCredentials as readArgoCdCredentials,
  analyzeKubernetes,
  analyzePlanFile,
  analyzePlanFileToJson,
  KUBERNETES_SOURCES,
  removeScratchFolder,
  runAtMost,
  scratchFolder,
  configBaseDir,
  describeDriftCheck,
  detectDrift,
  driftDotenv,
  environmentProgress,
  runDriftDetect,
  checkAlertMemory,
  checkMonitoringRun,
  checkOutputFolder,
  loadConfig,
  loadRulesFile,
  writeFileAtomic,
  writeReportJson,
  driftDetails,
  driftFailed,
  driftSubject,
  readAuditLogEvents,
  recordAudit,
  RunAudit,
  type AuditContext,
  type Exec,
  type Progress,
  type KubernetesSource,
  analyzeSavedResult,
  SAVED_RESULT_SOURCES,
  savedResultSource,
} from '@gitops-sync/engine';
import { z } from 'zod';
import { runIdentity } from '@gitops-sync/platforms/run-identity';
// The platform clients (Octokit, undici, nodemailer) load only for the commands that talk to a platform.
type Platforms = typeof import('@gitops-sync/platforms');
import { closest, concurrencyFlag, environmentsNamed, FlagMistake, HelpRequested, outputFolderFlag, parse, refuseOutputFolder, resolveEnvironmentNames, stderrProgress } from './args.js';
import { COMMANDS, renderCommandHelp } from './help.js';
import { expandShorthand, SHORTHANDS } from './shorthand.js';
import packageJson from '../../../package.json' with { type: 'json' };
import { parseFormat, render } from './output.js';
import { stdoutStyle } from './colour.js';
import { EXIT_AUDIT_TAMPERED, EXIT_GATE_DENIED, EXIT_SECRETS_FOUND } from './exit-codes.js';

export const EXIT_NO_DRIFT = 0;
export const EXIT_ERROR = 1;
export const EXIT_DRIFT = 2;

/** The version of the package this CLI ships in (ncc bundles the file into dist). */
export const VERSION: string = packageJson.version;

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  exec: Exec;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stdout is a terminal (a person reads it): colour may be used. */
  stdoutIsTerminal?: boolean;
}

const USAGE = `Usage: gitops-sync <command> [flags]   (gitops-sync <command> --help lists every flag)

${Object.entries(COMMANDS)
  .map(([name, help]) => `  ${name.padEnd(22)}${help.summary}`)
  .join('\n')}

The original command lines, kept as shorthands (each prints the command it runs):
${SHORTHANDS.map((line) => `  ${line}`).join('\n')}

Environments are named as in gitops-sync.yaml, or by one of their aliases (environments.<name>.aliases).
Old spellings still work: --env for --environment, --output-dir and --output-directory for --output.
approve-safe, gate and sync on a change: token in GITHUB_TOKEN / GITLAB_TOKEN, API in GITHUB_API_URL /
CI_API_V4_URL; on a CI runner, repository and number come from the run.

Exit codes: 0 no drift, 2 drift found, 1 error. drift-detect exits like a CI job:
0 passed, 1 error or failed by --fail-on. gate: 0 allowed, ${EXIT_GATE_DENIED} denied, 1 error.
sync and rollback: 0 done, 1 error or a failed environment.
audit verify: 0 intact, ${EXIT_AUDIT_TAMPERED} tampered, 1 error.
audit export: 0 every selected control passes, 5 any control has exceptions (the report is still written), 1 error.
secrets check: 0 clean, ${EXIT_SECRETS_FOUND} findings, 1 error.`;

const SOURCES: string[] = ['terraform-plan', ...KUBERNETES_SOURCES, ...SAVED_RESULT_SOURCES.map((source) => source.name)];
const INPUT_HINT: Record<string, string> = {
  'terraform-plan': 'the output of `terraform show -json <planfile>`',
  'k8s-manifests': 'manifest files or folders: the Git side',
  'k8s-dirs': "kubectl's MERGED folder: the Git side",
  'flux-diff': 'the output of `flux diff kustomization`',
  'kubectl-diff': 'the output of `kubectl diff`',
  argocd: 'the JSON of Argo CD\'s managed-resources endpoint, or use --argocd-app',
  ...Object.fromEntries(SAVED_RESULT_SOURCES.map((source) => [source.name, source.hint])),
};

const common = {
  config: { type: 'string', default: 'gitops-sync.yaml' },
  format: { type: 'string' },
  output: { type: 'string' },
  verbose: { type: 'boolean', default: false },
} as const;

/** Writes the report to `output` (or stdout); `recorded`: a `drift` event will name its JSON's hash, taken as it is written. */
function emit(io: CliIO, report: DriftReport, format: string | undefined, output: string | undefined, recorded = false) {
  const chosen = parseFormat(format, output);
  if (output) {
    if (chosen === 'json' && recorded) writeReportJson(resolve(io.cwd, output), report);
    else writeFileAtomic(resolve(io.cwd, output), render(report, chosen));
    io.stdout(renderTable(report, undefined, stdoutStyle(io)));
  } else for (const batch of batched(render(report, chosen, stdoutStyle(io)))) io.stdout(batch);
}

const exitFor = (report: DriftReport) => (report.drift_detected ? EXIT_DRIFT : EXIT_NO_DRIFT);

/** Whether `path` is a folder; anything else (missing, a file, a path through a file) is not. */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

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

async function driftCommand(args: string[], io: CliIO, redactor: Redactor, audit: RunAudit): Promise<number> {
  const { values, positionals } = parse(args, {
    ...common,
    environments: { type: 'string' },
    parallel: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
    'drift-check-only': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  }, 'positional');
  const configPath = resolve(io.cwd, String(values.config));
  const config = loadConfig(configPath, true);
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
  // --output-dir (or --output naming a folder) is the reports folder, even for one environment.
  const output = values.output === undefined ? undefined : resolve(io.cwd, String(values.output));
  const intoFolder = Boolean(outputFolderFlag(args)) || (output !== undefined && isFolder(output));
  const trail = audit.open(config, configPath, io.env);
  if (environments.length === 1 && !values.environments && !intoFolder) {
    const report = await recordedDriftCheck(() => detectDrift({ environment: environments[0], config, baseDir, driftCheckOnly }, context), trail, environments[0], (checked) =>
      emit(io, checked, values.format as string | undefined, values.output as string | undefined, true),
    );
    return exitFor(report);
  }
  const outputDir = output ?? resolve(io.cwd, 'gitops-sync-reports');
  const parallel = Boolean(values.parallel);
  // One provider plugin cache for all the environments of the run (unless the user has one).
  const pluginCache = scratchFolder('gitops-sync-plugins-');
  try {
    const check = (environment: string) =>
      recordedDriftCheck(() => detectDrift({ environment, config, baseDir, driftCheckOnly }, { ...context, pluginCache, progress: environmentProgress(progress, environment) }), trail, environment, (report) => {
        const [json, markdown] = reportFiles(outputDir, environment);
        writeReportJson(json, report);
        writeFileAtomic(markdown, renderMarkdown(report));
      });
    return await driftSeveral(environments, parallel ? concurrency : 1, outputDir, io, progress, check, redactor);
  } finally {
    removeScratchFolder(pluginCache);
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
  check: (environment: string) => Promise<DriftReport>,
  redactor: Redactor,
): Promise<number> {
  checkOutputFolder(io.cwd, outputDir);
  const outcomes: { environment: string; report?: DriftReport; error?: string }[] = [];
  const one = async (environment: string) => {
    try {
      outcomes.push({ environment, report: await check(environment) });
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

/** ARGOCD_SERVER and ARGOCD_AUTH_TOKEN, as the argocd CLI reads them; the token is redacted from every message. */
function argoCdCredentials(env: NodeJS.ProcessEnv, redactor: Redactor): { server: string; token: string } {
  const { server, token } = readArgoCdCredentials(env, '--argocd-app needs ARGOCD_SERVER (e.g. https://argocd.example.com) and ARGOCD_AUTH_TOKEN in the environment.', redactor.add);
  return { server: /^https?:\/\//.test(server) ? server : `https://${server}`, token };
}

async function analyzeCommand(args: string[], io: CliIO, redactor: Redactor): Promise<number> {
  const { values } = parse(args, {
    ...common,
    source: { type: 'string', default: 'terraform-plan' },
    input: { type: 'string', multiple: true },
    live: { type: 'string' },
    namespace: { type: 'string', default: 'default' },
    'tracking-label': { type: 'string' },
    rules: { type: 'string' },
    environment: { type: 'string', default: 'default' },
    'argocd-app': { type: 'string' },
    fingerprint: { type: 'boolean', default: false },
  });
  refuseOutputFolder(args, 'analyze');
  const source = String(values.source);
  if (!SOURCES.includes(source)) throw new UserError(`--source ${source} is not a known source; use one of ${SOURCES.join(', ')}.`);
  const inputs = ((values.input as string[] | undefined) ?? []).map((path) => resolve(io.cwd, path));
  const config = loadConfig(resolve(io.cwd, String(values.config)), false);
  const extraRules = values.rules ? loadRulesFile(resolve(io.cwd, String(values.rules))) : [];
  const environment = String(values.environment);
  if (source === 'argocd' && values['argocd-app']) {
    const { server, token } = argoCdCredentials(io.env, redactor);
    const report = await analyzeArgoCdApp({ server, token, app: String(values['argocd-app']), environment, config, extraRules });
    emit(io, report, values.format as string | undefined, values.output as string | undefined);
    return exitFor(report);
  }
  if (inputs.length === 0) throw new UserError(`gitops-sync analyze needs --input (${INPUT_HINT[source]}).`);
  const saved = savedResultSource(source);
  if (saved) {
    if (inputs.length > 1) throw new UserError(`--source ${source} reads one --input (${saved.hint}); got ${inputs.length}.`);
    const report = await analyzeSavedResult(saved, inputs[0], { environment, config, extraRules, onSecret: redactor.add });
    emit(io, report, values.format as string | undefined, values.output as string | undefined);
    return exitFor(report);
  }
  const output = values.output as string | undefined;
  if (source === 'terraform-plan' && output && parseFormat(values.format as string | undefined, output) === 'json') {
    // Streams a large plan's report to the file instead of holding its changes (issue 15).
    const report = await analyzePlanFileToJson({ planPath: inputs[0], environment, config, extraRules, fingerprint: Boolean(values.fingerprint) }, { onSecret: redactor.add }, resolve(io.cwd, output));
    io.stdout(renderTable(report, undefined, stdoutStyle(io)));
    return exitFor(report);
  }
  const report =
    source === 'terraform-plan'
      ? await analyzePlanFile({ planPath: inputs[0], environment, config, extraRules, fingerprint: Boolean(values.fingerprint) }, { onSecret: redactor.add })
      : analyzeKubernetes({
          source: source as KubernetesSource,
          input: inputs,
          live: values.live ? resolve(io.cwd, String(values.live)) : undefined,
          environment,
          config,
          namespace: String(values.namespace),
          trackingLabel: values['tracking-label'] as string | undefined,
          extraRules,
        });
  emit(io, report, values.format as string | undefined, values.output as string | undefined);
  return exitFor(report);
}

/** The drift-detect action for other CI systems (the GitLab component runs this). */
async function driftDetectCommand(args: string[], io: CliIO, redactor: Redactor, audit: RunAudit): Promise<number> {
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
  io.stdout(renderTable(result.report, undefined, stdoutStyle(io)));
  io.stdout(`Reports: ${result.reportPath}, ${result.markdownPath}${result.secrets ? `, ${result.secrets.reportPath}` : ''}\n`);
  for (const finding of result.secrets?.report.findings ?? []) io.stderr(`gitops-sync: secrets: ${finding.file}${finding.line ? `:${finding.line}` : ''}: ${finding.message} (rule ${finding.rule}, ${finding.severity})\n`);
  const config = loadConfig(configPath, false);
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

/**
 * `KUBECTL_EXTERNAL_DIFF="gitops-sync kubectl-external-diff"`: kubectl runs it with the LIVE and
 * MERGED folders and appends its own arguments after them (ignored here). Exits like diff: 0 no
 * differences, 1 differences, 2 trouble — kubectl reads any other code as an error.
 */
function kubectlExternalDiffCommand(args: string[], io: CliIO, redactor: Redactor): number {
  try {
    const [live, merged] = args;
    if (!live || !merged) throw new UserError('kubectl-external-diff needs the LIVE and MERGED folders; set KUBECTL_EXTERNAL_DIFF="gitops-sync kubectl-external-diff" and run kubectl diff.');
    const report = analyzeKubernetes({
      source: 'k8s-dirs',
      input: [resolve(io.cwd, merged)],
      live: resolve(io.cwd, live),
      environment: io.env.GITOPS_SYNC_ENVIRONMENT || 'kubectl',
      config: loadConfig(resolve(io.cwd, io.env.GITOPS_SYNC_CONFIG || 'gitops-sync.yaml'), false),
      namespace: 'default',
    });
    if (io.env.GITOPS_SYNC_REPORT) writeFileAtomic(resolve(io.cwd, io.env.GITOPS_SYNC_REPORT), renderJsonChunks(report));
    io.stdout(renderTable(report, undefined, stdoutStyle(io)));
    return report.drift_detected ? 1 : 0;
  } catch (error) {
    io.stderr(`gitops-sync: ${redactor.redact(describeFailure(error))}\n`);
    return 2;
  }
}

/** The CI platform's protection API for drift-detect's monitoring.check_protection. */
function protectionOfRun({ detectPlatform, protectionPlatformFor }: Platforms, env: NodeJS.ProcessEnv, redactor: Redactor) {
  const platform = detectPlatform(env);
  if (!platform) throw new UserError('monitoring.check_protection is on, but drift-detect runs outside GitHub Actions and GitLab CI; run `gitops-sync check-protection --platform …` instead, or turn the key off.');
  return protectionPlatformFor(platform, env, { onSecret: redactor.add, needed: 'monitoring.check_protection' })!;
}

const RUNNERS: Readonly<Record<string, (args: string[], io: CliIO, redactor: Redactor, audit: RunAudit) => number | Promise<number>>> = {
  drift: driftCommand,
  analyze: analyzeCommand,
  'drift-detect': driftDetectCommand,
  // Loaded when run, so `analyze` and `drift` do not pay for the platform clients these bring in.
  'approve-safe': async (args, io, redactor, audit) => (await import('./review-commands.js')).approveSafeCommand(args, io, redactor, audit),
  gate: async (args, io, redactor, audit) => (await import('./review-commands.js')).gateCommand(args, io, redactor, audit),
  generate: async (args, io, redactor) => (await import('./review-commands.js')).generateCommand(args, io, redactor),
  'check-protection': async (args, io, redactor) => (await import('./protection-commands.js')).checkProtectionCommand(args, io, redactor),
  sync: async (args, io, redactor, audit) => (await import('./sync-commands.js')).syncCommand(args, io, redactor, audit),
  rollback: async (args, io, redactor, audit) => (await import('./sync-commands.js')).rollbackCommand(args, io, redactor, audit),
  audit: async (args, io, redactor) => (await import('./audit-commands.js')).auditCommand(args, io, redactor),
  secrets: async (args, io, redactor) => (await import('./secrets-commands.js')).secretsCommand(args, io, redactor),
  'kubectl-external-diff': (args, io, redactor) => {
    if (args.includes('--help') || args.includes('-h')) throw new HelpRequested({}, undefined);
    return kubectlExternalDiffCommand(args, io, redactor);
  },
};

function unknownCommand(word: string): UserError {
  const names = Object.keys(RUNNERS);
  const suggestion = closest(word, names);
  const what = `"${word}" is not a gitops-sync command nor an environment in gitops-sync.yaml`;
  return new UserError(suggestion ? `${what}; did you mean \`gitops-sync ${suggestion}\`?` : `${what}; the commands are ${names.join(', ')} (see \`gitops-sync --help\`).`);
}

/** Runs one CLI invocation and returns its exit code; every failure becomes one sentence on stderr. */
export async function runCli(argv: string[], given: CliIO): Promise<number> {
  // In a GitHub Actions step, stderr is the job's log: a message quoting a name or a tool's output must
  // not run as a workflow command. stdout is left as written: it may be a report piped elsewhere.
  const io = given.env.GITHUB_ACTIONS === 'true' ? { ...given, stderr: (text: string) => given.stderr(githubLogText(text)) } : given;
  const redactor = new Redactor();
  // Opened by the command once it knows its config; closed however the run ends.
  const audit = new RunAudit({ identity: runIdentity(io.env), redact: (text) => redactor.redact(text), warn: (line) => io.stderr(`gitops-sync: warning: ${line}\n`) });
  // kubectl appends the words after the program in KUBECTL_EXTERNAL_DIFF *after* LIVE and MERGED,
  // so "gitops-sync kubectl-external-diff" arrives as: LIVE MERGED kubectl-external-diff.
  const externalDiffAt = argv.indexOf('kubectl-external-diff');
  let [command, ...rest] = externalDiffAt > 0 ? ['kubectl-external-diff', ...argv.filter((_, i) => i !== externalDiffAt)] : argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(`${USAGE}\n`);
      return command ? EXIT_NO_DRIFT : EXIT_ERROR;
    }
    if (command === '--version' || command === '-V' || command === 'version') {
      io.stdout(`${VERSION}\n`);
      return EXIT_NO_DRIFT;
    }
    if (!Object.hasOwn(RUNNERS, command)) {
      const expanded = expandShorthand(argv, io);
      if (!expanded) throw command.startsWith('-') ? new UserError(`${command} is not a gitops-sync flag outside a command; run \`gitops-sync --help\` for the commands.`) : unknownCommand(command);
      io.stderr(`→ gitops-sync ${expanded.join(' ')}\n`);
      [command, ...rest] = expanded;
    }
    return await RUNNERS[command](rest, io, redactor, audit);
  } catch (error) {
    if (error instanceof HelpRequested) {
      const subcommands = command === 'audit' ? (await import('./audit-commands.js')).AUDIT_SUBCOMMANDS : command === 'secrets' ? (await import('./secrets-commands.js')).SECRETS_SUBCOMMANDS : [];
      const helpKey = subcommands.includes(rest[0]) ? `${command} ${rest[0]}` : command === 'secrets' ? 'secrets check' : command;
      io.stdout(renderCommandHelp(helpKey, error.options, error.environment));
      return EXIT_NO_DRIFT;
    }
    if (error instanceof FlagMistake) {
      io.stderr(`gitops-sync: ${redactor.redact(error.message)}; run \`gitops-sync ${command} --help\` for its flags.\n`);
      return EXIT_ERROR;
    }
    io.stderr(`gitops-sync: ${redactor.redact(describeFailure(error))}\n`);
    return EXIT_ERROR;
  } finally {
    await audit.close();
  }
}

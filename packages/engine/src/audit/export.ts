import { basename, dirname, join, resolve } from 'node:path';
import {
  AUDIT_CHANGES_FILE,
  auditPeriod,
  defaultControlMappingText,
  evaluateAudit,
  parseControlMapping,
  renderAuditCsv,
  renderAuditJson,
  renderAuditMarkdown,
  renderAuditStatement,
  requiredApprovals,
  resolveEnvironmentName,
  sha256Hex,
  UserError,
  ApprovalEnvironment,
  type AuditPopulation,
  type AuditReport,
  type AuditSettings,
  type Framework,
  type GitopsSyncConfig,
} from '@gitops-sync/core';
import { loadConfig } from '../config-file.js';
import { readInputFile, statOrNothing, writeFileAtomic } from '../files.js';
import { systemClock, WARNING_STEP, type Exec, type Progress } from '../ports.js';
import { readConfiguredAuditLog } from './read-log.js';
import { collectAuditPopulation, type ChangeHistoryPlatform, type CollectAuditOptions } from './collect.js';

/** Exit code of `audit export` when any selected control has exceptions (the report is still written). */
export const EXIT_AUDIT_EXCEPTIONS = 5;
export const AUDIT_FORMATS = ['json', 'csv', 'markdown'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export interface AuditExportOptions {
  configPath: string;
  cwd: string;
  /** ISO dates as typed; the default is the 90 days up to `now`. */
  since?: string;
  until?: string;
  /** Environments of gitops-sync.yaml; none: all of them. */
  environments: string[];
  frameworks: Framework[];
  /** The JSON report and its in-toto statement are always written; csv and markdown when listed. */
  formats: AuditFormat[];
  outputDir: string;
  /** The JSON report's file name (the original `--output audit-report.json`). */
  reportFile?: string;
  /** An auditor's control mapping; else `audit.controls`, else the built-in one. */
  controlsPath?: string;
  /** The repository's web URL and platform, for links to commits pushed without a PR/MR. */
  repositoryUrl: string | null;
  platform: 'github' | 'gitlab' | null;
  /** The platform's PRs/MRs, reviews and CI; without it every change reads as a direct push. */
  history?: ChangeHistoryPlatform;
  generatorVersion: string;
  now: Date;
}

export interface AuditExportResult {
  report: AuditReport;
  reportPath: string;
  /** Every file written, the report first. */
  files: string[];
  /** sha256 (hex) of the JSON report file, as the in-toto statement names it. */
  sha256: string;
  markdown: string;
  /** 0 every selected control passes (or is not applicable), 5 any has exceptions. */
  exitCode: 0 | typeof EXIT_AUDIT_EXCEPTIONS;
}

export interface AuditExportContext {
  exec: Exec;
  env: NodeJS.ProcessEnv;
  progress: Progress;
  /** The collector; tests hand in a built population. */
  collect?: (options: CollectAuditOptions) => Promise<AuditPopulation>;
}

/** The environments named (or their aliases) as configured, once each; none named: all of them. */
function selectedEnvironments(config: GitopsSyncConfig, named: string[]): string[] {
  const known = Object.keys(config.environments);
  const names = named.map((typed) => {
    const { name } = resolveEnvironmentName(config, typed);
    if (!known.includes(name)) throw new UserError(`--environment ${typed} is not an environment in gitops-sync.yaml; use one of ${known.join(', ') || '(none configured)'}.`);
    return name;
  });
  return names.length ? [...new Set(names)] : known;
}

export function auditSettings(config: GitopsSyncConfig, environments: string[]): AuditSettings {
  const policies = config.approval.environments;
  const policyOf = (name: string) => (Object.hasOwn(policies, name) ? policies[name] : ApprovalEnvironment.parse({}));
  return {
    required_approvals: Object.fromEntries(environments.map((name) => [name, requiredApprovals(name, policyOf(name))])),
    author_may_deploy: config.audit.author_may_deploy,
    require_signed_commits: config.audit.signatures.require_signed,
    drift_resolution_hours: config.audit.drift_resolution_hours,
    bots: config.approval.bots,
  };
}

function controlMapping(options: AuditExportOptions, config: GitopsSyncConfig, configPath: string) {
  const path = options.controlsPath ? resolve(options.cwd, options.controlsPath) : config.audit.controls ? resolve(dirname(configPath), config.audit.controls) : undefined;
  if (!path) {
    const text = defaultControlMappingText();
    return { mapping: parseControlMapping(text, 'the built-in control mapping'), source: { source: 'built-in', sha256: sha256Hex(text) } };
  }
  const text = readInputFile(path, 'a control mapping (YAML)', { maxBytes: 1024 * 1024, fixed: true }).toString('utf8');
  return { mapping: parseControlMapping(text, path), source: { source: basename(path), sha256: sha256Hex(text) } };
}

/**
 * `audit export`: reads the audit log, collects the period's change population, judges it against
 * the control mapping, and writes the report, its CSV, its Markdown and its in-toto statement.
 */
export async function auditExport(options: AuditExportOptions, context: AuditExportContext): Promise<AuditExportResult> {
  const configPath = resolve(options.cwd, options.configPath);
  const config = loadConfig(configPath, true);
  const period = auditPeriod(options.since, options.until, options.now);
  const environments = selectedEnvironments(config, options.environments);
  const { mapping, source } = controlMapping(options, config, configPath);
  // A framework judged against no control would pass on evidence of nothing: it is left out of the report, and said so.
  const mapped = new Set(mapping.controls.map((control) => control.framework));
  const frameworks = options.frameworks.filter((framework) => mapped.has(framework));
  if (frameworks.length === 0) {
    throw new UserError(`The control mapping (${source.source}) has no control for ${options.frameworks.join(', ')}, so the export would pass on no evidence; ask for a framework it maps (${[...mapped].join(', ')}) or add controls for it.`);
  }
  const unmapped = options.frameworks.filter((framework) => !mapped.has(framework));
  if (unmapped.length) {
    const them = unmapped.length > 1 ? 'them' : 'it';
    context.progress.step(`${WARNING_STEP}the control mapping (${source.source}) has no control for ${unmapped.join(', ')}, so the report leaves ${them} out; add controls for ${them} to judge ${them}`);
  }
  const outputDir = resolve(options.cwd, options.outputDir);
  if (statOrNothing(outputDir, true)?.isFile()) throw new UserError(`--output-dir ${outputDir} is a file; name a folder for the audit report files.`);

  const { events, log, source: logSource } = await readConfiguredAuditLog(config, configPath, options.cwd, context);
  context.progress.step(`read the audit log ${logSource}: ${events.length} events${log && !log.intact ? ', and it is NOT intact (run gitops-sync audit verify)' : ''}`);
  context.progress.step(`collecting the changes of ${environments.join(', ')} from ${period.since} to ${period.until}`);
  const collect = context.collect ?? collectAuditPopulation;
  const population = await collect({
    cwd: options.cwd,
    config,
    configPath,
    since: new Date(period.since),
    until: new Date(period.until),
    environments,
    events,
    platform: options.history,
    log,
    exec: context.exec,
    clock: systemClock,
  });

  const inPeriod = (time: string) => time >= period.since && time <= period.until;
  const driftChecks = events.filter((event) => event.details.type === 'drift' && event.details.outcome !== 'failed' && inPeriod(new Date(event.time).toISOString()) && event.environment !== null && environments.includes(event.environment)).length;
  const report = evaluateAudit(population, mapping, frameworks, {
    settings: auditSettings(config, environments),
    driftChecks,
    repositoryUrl: options.repositoryUrl,
    platform: options.platform,
    mapping: source,
    generatorVersion: options.generatorVersion,
    generatedAt: options.now.toISOString(),
  });

  // Every file's content is made before the first is written: a failure leaves nothing half-done.
  const reportFile = options.reportFile ?? 'audit-report.json';
  const stem = reportFile.replace(/\.json$/i, '');
  const json = renderAuditJson(report);
  const sha256 = sha256Hex(json);
  const markdown = renderAuditMarkdown(report, sha256);
  const files: [string, string][] = [
    [reportFile, json],
    [`${stem}.intoto.json`, renderAuditStatement(report, reportFile, sha256)],
    ...(options.formats.includes('csv') ? [[AUDIT_CHANGES_FILE, renderAuditCsv(report)] as [string, string]] : []),
    ...(options.formats.includes('markdown') ? [[`${stem}.md`, markdown] as [string, string]] : []),
  ];
  for (const [name, content] of files) writeFileAtomic(join(outputDir, name), content);
  return {
    report,
    reportPath: join(outputDir, reportFile),
    files: files.map(([name]) => join(outputDir, name)),
    sha256,
    markdown,
    exitCode: report.summary.failed > 0 ? EXIT_AUDIT_EXCEPTIONS : 0,
  };
}

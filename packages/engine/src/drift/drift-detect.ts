import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { failureReason, protectionChanges, renderMarkdown, UserError, withProtectionChanges, type DriftReport, type FailOn, type GitopsSyncConfig, type SecretsReport } from '@gitops-sync/core';
import { changeRequestCommits, checkChangeSecrets, renderSecretsMarkdown, secretsFailureReason } from './change-secrets.js';
import { checkProtection, type ProtectionPlatform } from '../protection/protection.js';
import { argoCdCredentials } from '../argocd-client.js';
import { loadConfig } from '../config-file.js';
import { analyzePlanFile, configBaseDir, detectDrift, type DriftContext } from './drift.js';
import { checkOutputFolder, isInside, writeFileAtomic } from '../files.js';
import { writeNoted, writeReportJson } from '../report-file.js';
import { withStreamedPlanReport } from './plan-report-file.js';
import { analyzeArgoCdApp, analyzeKubernetes } from './kubernetes.js';
import { analyzeSavedResult, SAVED_RESULT_SOURCES, savedResultSource } from './sources.js';

/** What the drift-detect action and its GitLab component are asked for, already validated. */
export interface DriftDetectRequest {
  /** Empty: `default` without a config file, required with one. */
  environment: string;
  config: string;
  terraformDirectory: string;
  terraformPlanJson: string;
  /** Kubernetes manifests (files or folders, separated by newlines or commas) against `kubernetesLiveExport`. */
  kubernetesManifests?: string;
  kubernetesLiveExport?: string;
  kubernetesNamespace?: string;
  /** The saved output of `flux diff kustomization`. */
  fluxDiffFile?: string;
  /** An Argo CD application, fetched from ARGOCD_SERVER with ARGOCD_AUTH_TOKEN. */
  argocdApp?: string;
  /** A saved result of another source (`source-file`), read as `source` says (one of SAVED_RESULT_SOURCES). */
  source?: string;
  sourceFile?: string;
  /** Undefined: the config file's fail_on (default critical). */
  failOn?: FailOn;
  outputDirectory: string;
  /** Folder the paths above start from (the workspace / project folder). */
  cwd: string;
  /** The commit the report is for; found from the CI run (or git) when not given. */
  headSha?: string;
}

export interface DriftDetectResult {
  report: DriftReport;
  /** Where the reports were written: relative to the workspace (request.cwd) when inside it. */
  reportPath: string;
  markdownPath: string;
  markdown: string;
  /** Why the job should fail under fail-on, or undefined. */
  failure?: string;
  /** On a pull/merge request: the secrets check and what the change does to secrets (`secrets-report.json`). */
  secrets?: { report: SecretsReport; reportPath: string; markdown: string };
}

export interface DriftDetectContext extends DriftContext {
  /** Called before terraform (or tofu, the binary named) runs, e.g. to install it. */
  beforeTerraform?: (binary: 'terraform' | 'tofu') => Promise<void>;
  /** Called before a Helm chart is rendered, e.g. to install helm. */
  beforeHelm?: () => Promise<void>;
  /** The platform's protection API, asked for only when `monitoring.check_protection` is on. */
  protection?: () => ProtectionPlatform | Promise<ProtectionPlatform>;
}

const paths = (list: string | undefined) => (list ?? '').split(/[\n,]/).map((path) => path.trim()).filter(Boolean);

/** The inputs that name what to check directly, instead of an environment of the config file. */
function directInputs(request: DriftDetectRequest): string[] {
  const given = {
    'terraform-plan-json': request.terraformPlanJson,
    'terraform-directory': request.terraformDirectory,
    'kubernetes-manifests': request.kubernetesManifests,
    'flux-diff-file': request.fluxDiffFile,
    'argocd-app': request.argocdApp,
    'source-file': request.sourceFile,
  };
  return Object.entries(given).filter(([, value]) => value).map(([name]) => name);
}

/** A drift check's report and config; `write`, when given, is the only way to write the report's JSON (its changes are in scratch files: see withStreamedPlanReport). */
interface ProducedReport {
  report: DriftReport;
  config: GitopsSyncConfig;
  write?: (path: string) => void;
}

/** The drift check's report, handed to `use` (while a streamed plan report's scratch files last). */
async function withProducedReport<T>(request: DriftDetectRequest, context: DriftDetectContext, use: (produced: ProducedReport) => Promise<T>): Promise<T> {
  const configPath = resolve(request.cwd, request.config);
  if (request.source && !request.sourceFile) throw new UserError(`Input source is ${JSON.stringify(request.source)} but source-file is empty; set source-file to the saved result to read, or leave source empty.`);
  const direct = directInputs(request);
  if (direct.length > 1) throw new UserError(`Inputs ${direct.join(' and ')} were both set; set one of them, or describe the environment in the config file to check several sources together.`);
  const config = loadConfig(configPath, direct.length === 0);
  const environment = request.environment || (direct.length ? 'default' : '');
  if (!environment) throw new UserError(`Input environment is required with a config file; set it to one of the environments in ${request.config}.`);
  const kubernetes = { environment, config, namespace: request.kubernetesNamespace || 'default' };
  if (request.terraformPlanJson) {
    const analyze = { planPath: resolve(request.cwd, request.terraformPlanJson), environment, config, fingerprint: true };
    // With check_protection the report gains changes of its own after the analysis: kept whole in memory.
    if (config.monitoring.check_protection) return use({ report: await analyzePlanFile(analyze, context), config });
    return withStreamedPlanReport(analyze, context, ({ report, write }) => use({ report, config, write: (path) => writeNoted(report, (onBytes) => write(path, onBytes)) }), { markdownChanges: true });
  }
  if (request.kubernetesManifests) {
    if (!request.kubernetesLiveExport) throw new UserError('Input kubernetes-manifests needs kubernetes-live-export: the live objects (kubectl get … -o yaml) to compare with.');
    const input = paths(request.kubernetesManifests).map((path) => resolve(request.cwd, path));
    return use({ report: analyzeKubernetes({ ...kubernetes, source: 'k8s-manifests', input, live: resolve(request.cwd, request.kubernetesLiveExport) }), config });
  }
  if (request.fluxDiffFile) {
    return use({ report: analyzeKubernetes({ ...kubernetes, source: 'flux-diff', input: [resolve(request.cwd, request.fluxDiffFile)], live: undefined }), config });
  }
  if (request.sourceFile) {
    const known = SAVED_RESULT_SOURCES.map((source) => source.name);
    if (!request.source) throw new UserError(`Input source-file needs source: what the file holds, one of ${known.join(', ')}.`);
    const saved = savedResultSource(request.source);
    if (!saved) throw new UserError(`Input source is ${JSON.stringify(request.source)}, which is not a source read from a file; use one of ${known.join(', ')}.`);
    return use({ report: await analyzeSavedResult(saved, resolve(request.cwd, request.sourceFile), { environment, config, onSecret: context.onSecret }), config });
  }
  if (request.argocdApp) {
    const { server, token } = argoCdCredentials(context.env, 'Input argocd-app needs ARGOCD_SERVER and ARGOCD_AUTH_TOKEN in the environment (a secret for the token).', context.onSecret);
    return use({ report: await analyzeArgoCdApp({ server, token, app: request.argocdApp, environment, config }), config });
  }
  const terraform = request.terraformDirectory
    ? { dir: request.terraformDirectory, var_files: [], backend_config: [], binary: 'terraform' as const }
    : config.environments[environment]?.terraform;
  if (terraform) await context.beforeTerraform?.(terraform.binary);
  if (config.environments[environment]?.kubernetes?.helm) await context.beforeHelm?.();
  return use({ report: await detectDrift({ environment, config, baseDir: request.terraformDirectory ? request.cwd : configBaseDir(configPath), terraform: request.terraformDirectory ? terraform : undefined }, context), config });
}

const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * The commit a drift check reviews: the checkout's HEAD, or the pull/merge request's head (GitHub's
 * event, GitLab's source branch SHA) when HEAD is that head or a merge with it as second parent
 * (refs/pull/N/merge, a merged results pipeline). A run that checked out something else — the base,
 * as pull_request_target does — is labelled with what it checked. Without a git checkout, the CI
 * run's own commit.
 */
export async function commitUnderReview(env: NodeJS.ProcessEnv, cwd: string, exec: DriftContext['exec']): Promise<string | undefined> {
  let pullRequestHead: unknown;
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_EVENT_PATH) {
    try {
      pullRequestHead = (JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { head?: { sha?: unknown } } }).pull_request?.head?.sha;
    } catch {
      // No readable event: the checkout says what was checked.
    }
  }
  const head = [env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA, pullRequestHead].find((candidate): candidate is string => typeof candidate === 'string' && COMMIT.test(candidate));
  // HEAD's id and raw commit object from one git process (a spawn costs the busy main thread): the
  // object's parent lines are there even in a shallow clone, where HEAD^2 is not.
  const checkout = await exec.run('git', ['cat-file', '--batch'], { cwd, input: Buffer.from('HEAD\n') }).catch(() => undefined);
  const commit = checkout?.exitCode === 0 ? /^([0-9a-f]+) commit \d+\n([^]*)$/.exec(checkout.stdout.toString('utf8')) : null;
  if (commit) {
    const [, sha, object] = commit;
    const parents = [...object.split('\n\n')[0].matchAll(/^parent ([0-9a-f]+)$/gm)].map((match) => match[1]);
    if (head && (sha === head || (parents.length === 2 && parents[1] === head))) return head;
    return COMMIT.test(sha) ? sha : undefined;
  }
  const ciCommit = [env.GITLAB_CI === 'true' ? env.CI_COMMIT_SHA : undefined, env.GITHUB_ACTIONS === 'true' ? env.GITHUB_SHA : undefined];
  return ciCommit.find((candidate): candidate is string => typeof candidate === 'string' && COMMIT.test(candidate));
}

/** One drift check as CI runs it: the report, written as JSON and Markdown, and the fail-on verdict. */
export async function runDriftDetect(request: DriftDetectRequest, context: DriftDetectContext): Promise<DriftDetectResult> {
  checkOutputFolder(request.cwd, request.outputDirectory);
  // The report's JSON among the manifests would be read as one by the next check (and refused as "no kind").
  const outputDir = resolve(request.cwd, request.outputDirectory);
  const holding = paths(request.kubernetesManifests).find((path) => isInside(outputDir, resolve(request.cwd, path)));
  if (holding !== undefined) throw new UserError(`The output folder ${request.outputDirectory} is inside the Kubernetes manifests ${holding}, where the next check would read the reports as manifests; choose a folder outside them.`);
  // git runs while the report is produced (a large plan's analysis holds the event loop for a while).
  const checkedCommit = request.headSha === undefined ? commitUnderReview(context.env ?? process.env, request.cwd, context.exec) : undefined;
  checkedCommit?.catch(() => undefined);
  return withProducedReport(request, context, async (produced) => {
    const { config } = produced;
    const report = await withProtection(produced.report, config, context);
    const headSha = request.headSha ?? (await checkedCommit);
    if (headSha) report.head_sha = headSha;
    const reportPath = join(outputDir, `drift-report-${report.environment}.json`);
    const markdownPath = join(outputDir, `drift-report-${report.environment}.md`);
    const shown = (path: string) => workspacePath(request.cwd, path);
    const failOn = request.failOn ?? config.fail_on;
    const secrets = await changeSecrets(request, config, headSha, context);
    const secretsPath = join(outputDir, 'secrets-report.json');
    if (secrets) writeFileAtomic(secretsPath, `${JSON.stringify(secrets.report, null, 2)}\n`);
    const markdown = secrets ? `${renderMarkdown(report)}\n${secrets.markdown}` : renderMarkdown(report);
    if (!produced.write) writeReportJson(reportPath, report);
    else if (report === produced.report) produced.write(reportPath);
    else throw new Error('a streamed plan report was replaced before it was written');
    writeFileAtomic(markdownPath, markdown);
    const reasons = [failureReason(report, failOn), secrets && secretsFailureReason(secrets.report, failOn)].filter(Boolean);
    return {
      report,
      reportPath: shown(reportPath),
      markdownPath: shown(markdownPath),
      markdown,
      failure: reasons.length ? `Failing because ${reasons.join(' And ')}` : undefined,
      ...(secrets ? { secrets: { ...secrets, reportPath: shown(secretsPath) } } : {}),
    };
  });
}

/** On a pull/merge request only: secrets at rest in the checkout, and what the change does to them. */
async function changeSecrets(request: DriftDetectRequest, config: GitopsSyncConfig, headSha: string | undefined, context: DriftDetectContext): Promise<{ report: SecretsReport; markdown: string } | undefined> {
  const change = changeRequestCommits(context.env ?? process.env);
  if (!change) return undefined;
  const top = await context.exec.run('git', ['rev-parse', '--show-toplevel'], { cwd: request.cwd }).catch(() => undefined);
  const root = top?.exitCode === 0 ? top.stdout.toString('utf8').trim() : request.cwd;
  context.progress?.step('Checking secrets at rest and what the change does to them');
  const configPath = resolve(request.cwd, request.config);
  const report = await checkChangeSecrets({ root, config, baseDir: configBaseDir(configPath), configPath, base: change.base, head: change.head, checkout: headSha, exec: context.exec });
  return { report, markdown: renderSecretsMarkdown(report) };
}

/**
 * With `monitoring.check_protection`, the platform's branch and environment protection weaker than the
 * environment's approval policy is critical drift too. Asked for and not checkable (no platform, no
 * token) is an error, never a quiet pass.
 */
async function withProtection(report: DriftReport, config: GitopsSyncConfig, context: DriftDetectContext): Promise<DriftReport> {
  if (!config.monitoring.check_protection || !Object.hasOwn(config.approval.environments, report.environment)) return report;
  // Monitoring only: in a pull/merge request's report, a critical change would ask the gate for the critical team.
  const env = context.env ?? process.env;
  if (env.CI_MERGE_REQUEST_IID || /^(pull_request|merge_group)/.test(env.GITHUB_EVENT_NAME ?? '')) return report;
  const platform = await context.protection?.();
  if (!platform) throw new UserError('monitoring.check_protection is on, but this run has no platform to read the protection from; run drift-detect in GitHub Actions or GitLab CI with GITHUB_TOKEN / GITLAB_TOKEN, or turn the key off.');
  return withProtectionChanges(report, protectionChanges(platform.platform, await checkProtection(config, report.environment, platform)));
}

/** A path as outputs show it: relative to the workspace when inside it (as GitLab's artifacts want), else absolute. */
export function workspacePath(workspace: string, path: string): string {
  const inside = relative(resolve(workspace), resolve(workspace, path));
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? resolve(workspace, path) : inside;
}

/** The action's outputs as `NAME=value` lines, for a GitLab dotenv report; paths relative to `cwd` when inside it. */
export function driftDotenv(result: DriftDetectResult, cwd: string): string {
  const { report } = result;
  const shown = (path: string) => workspacePath(cwd, path);
  const lines = [
    `DRIFT_DETECTED=${report.drift_detected}`,
    `TOTAL_CHANGES=${report.total_changes}`,
    ...(['critical', 'high', 'medium', 'low'] as const).map((severity) => `${severity.toUpperCase()}=${report.changes_by_severity[severity]}`),
    `REPORT_PATH=${shown(result.reportPath)}`,
    `MARKDOWN_PATH=${shown(result.markdownPath)}`,
    ...(result.secrets ? [`SECRETS_FINDINGS=${result.secrets.report.findings.length}`, `SECRETS_REPORT_PATH=${shown(result.secrets.reportPath)}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

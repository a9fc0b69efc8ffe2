import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderJsonChunks, renderTable, resolveEnvironmentName, UserError, type Redactor } from '@gitops-sync/core';
import {
  analyzeSavedResult,
  argoCdCredentials as readArgoCdCredentials,
  KUBERNETES_SOURCES,
  loadConfig,
  loadRulesFile,
  SAVED_RESULT_SOURCES,
  savedResultSource,
  statOrNothing,
  writeFileAtomic,
  type KubernetesSource,
} from '@gitops-sync/engine';
import { parse, refuseOutputFolder } from './args.js';
import { stdoutStyle } from './colour.js';
import type { CliIO } from './main.js';
import { emit, exitFor, parseFormat, REPORT_FLAGS } from './output.js';

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

/** ARGOCD_SERVER and ARGOCD_AUTH_TOKEN, as the argocd CLI reads them; the token is redacted from every message. */
function argoCdCredentials(env: NodeJS.ProcessEnv, redactor: Redactor): { server: string; token: string } {
  const { server, token } = readArgoCdCredentials(env, '--argocd-app needs ARGOCD_SERVER (e.g. https://argocd.example.com) and ARGOCD_AUTH_TOKEN in the environment.', redactor.add);
  return { server: /^https?:\/\//.test(server) ? server : `https://${server}`, token };
}

export async function analyzeCommand(args: string[], io: CliIO, redactor: Redactor): Promise<number> {
  const { values } = parse(args, {
    ...REPORT_FLAGS,
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
  const format = parseFormat(values.format as string | undefined, values.output as string | undefined);
  const source = String(values.source);
  if (!SOURCES.includes(source)) throw new UserError(`--source ${source} is not a known source; use one of ${SOURCES.join(', ')}.`);
  const inputs = ((values.input as string[] | undefined) ?? []).map((path) => resolve(io.cwd, path));
  const config = loadConfig(resolve(io.cwd, String(values.config)), false);
  const extraRules = values.rules ? loadRulesFile(resolve(io.cwd, String(values.rules))) : [];
  const environment = String(values.environment);
  // `Next: gitops-sync sync <env>` only for an environment the config has: sync would refuse any other.
  const shown = { next: Object.hasOwn(config.environments, resolveEnvironmentName(config, environment).name) };
  if (source === 'argocd' && values['argocd-app']) {
    const { server, token } = argoCdCredentials(io.env, redactor);
    const { analyzeArgoCdApp } = await import('@gitops-sync/engine/drift/kubernetes');
    const report = await analyzeArgoCdApp({ server, token, app: String(values['argocd-app']), environment, config, extraRules });
    emit(io, report, values.format as string | undefined, values.output as string | undefined, false, shown);
    return exitFor(report);
  }
  if (inputs.length === 0) throw new UserError(`gitops-sync analyze needs --input (${INPUT_HINT[source]}).`);
  const saved = savedResultSource(source);
  if (saved) {
    if (inputs.length > 1) throw new UserError(`--source ${source} reads one --input (${saved.hint}); got ${inputs.length}.`);
    const report = await analyzeSavedResult(saved, inputs[0], { environment, config, extraRules, onSecret: redactor.add });
    emit(io, report, values.format as string | undefined, values.output as string | undefined, false, shown);
    return exitFor(report);
  }
  const output = values.output as string | undefined;
  if (source === 'terraform-plan' && output && format === 'json') {
    // Streams a large plan's report to the file instead of holding its changes (issue 15).
    const { analyzePlanFileToJson } = await import('@gitops-sync/engine/drift/plan-report-file');
    const report = await analyzePlanFileToJson({ planPath: inputs[0], environment, config, extraRules, fingerprint: Boolean(values.fingerprint) }, { onSecret: redactor.add }, resolve(io.cwd, output));
    io.stdout(renderTable(report, undefined, stdoutStyle(io), shown));
    return exitFor(report);
  }
  // Each source's analysis loads when it is the one asked for.
  const report =
    source === 'terraform-plan'
      ? await (await import('@gitops-sync/engine/drift/drift')).analyzePlanFile({ planPath: inputs[0], environment, config, extraRules, fingerprint: Boolean(values.fingerprint) }, { onSecret: redactor.add })
      : (await import('@gitops-sync/engine/drift/kubernetes')).analyzeKubernetes({
          source: source as KubernetesSource,
          input: inputs,
          live: values.live ? resolve(io.cwd, String(values.live)) : undefined,
          environment,
          config,
          namespace: String(values.namespace),
          trackingLabel: values['tracking-label'] as string | undefined,
          extraRules,
        });
  emit(io, report, values.format as string | undefined, values.output as string | undefined, false, shown);
  return exitFor(report);
}

/**
 * `KUBECTL_EXTERNAL_DIFF="gitops-sync kubectl-external-diff"`: kubectl runs it with the LIVE and
 * MERGED folders and appends its own arguments after them (ignored here). Exits like diff: 0 no
 * differences, 1 differences, 2 trouble (runCli's exit for its failures) — kubectl reads any other code as an error.
 */
export async function kubectlExternalDiffCommand(args: string[], io: CliIO): Promise<number> {
  const [live, merged] = args;
  if (!live || !merged) throw new UserError('kubectl-external-diff needs the LIVE and MERGED folders; set KUBECTL_EXTERNAL_DIFF="gitops-sync kubectl-external-diff" and run kubectl diff.');
  const reportPath = io.env.GITOPS_SYNC_REPORT ? resolve(io.cwd, io.env.GITOPS_SYNC_REPORT) : undefined;
  const { analyzeKubernetes } = await import('@gitops-sync/engine/drift/kubernetes');
  try {
    const report = analyzeKubernetes({
      source: 'k8s-dirs',
      input: [resolve(io.cwd, merged)],
      live: resolve(io.cwd, live),
      environment: io.env.GITOPS_SYNC_ENVIRONMENT || 'kubectl',
      config: loadConfig(resolve(io.cwd, io.env.GITOPS_SYNC_CONFIG || 'gitops-sync.yaml'), false),
      namespace: 'default',
    });
    if (reportPath) writeFileAtomic(reportPath, renderJsonChunks(report));
    io.stdout(renderTable(report, undefined, stdoutStyle(io)));
    return report.drift_detected ? 1 : 0;
  } catch (error) {
    if (reportPath) removeEarlierReport(reportPath);
    throw error;
  }
}

/** kubectl diff exits 1 on differences, so CI runs it with `|| true` and reads the report: an earlier run's must not pass for this one's. */
function removeEarlierReport(path: string): void {
  if (!statOrNothing(path, false)?.isFile()) return;
  try {
    rmSync(path, { force: true });
  } catch {
    // The run's own failure is what is said.
  }
}

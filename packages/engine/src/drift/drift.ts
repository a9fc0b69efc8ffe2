import { dirname, resolve } from 'node:path';
import {
  appendAll,
  checkEnvironmentName,
  diffManifests,
  fingerprintSettings,
  K8S_MANIFESTS_SOURCE,
  parseTerraformPlan,
  PlanFingerprinter,
  reportFromChanges,
  TERRAFORM_PLAN_SOURCE,
  UserError,
  type DriftReport,
  type GitopsSyncConfig,
  type KubernetesEnvironment,
  type OutputChange,
  type SecretSink,
  type Secrets,
  type SeverityRule,
  type TerraformEnvironment,
  type UnjudgedChange,
} from '@gitops-sync/core';
import { maxInputBytes, removeScratchFolder, scratchFolder, withInputChunks } from '../files.js';
import { KeptPiecesFile } from './kept-pieces-file.js';
import { PLAN_FILE_WHAT, PlanFingerprintPass } from './plan-fingerprint-pass.js';
import { fetchLive, renderCommand, renderDesired } from './k8s-render.js';
import { diffLiveExport, fieldManagersOf, requireLiveApart } from './kubernetes.js';
import { rulesFor } from '../rules.js';
import { systemClock, silentProgress, type Clock, type Exec, type Progress } from '../ports.js';
import { planTerraform, terraformCommands } from './terraform.js';
import { configuredSources, type EnvironmentSourceRequest } from './sources.js';
import { maskDecryptedValues, refuseDecryptedValueInReport } from '../secrets/sops-decrypt.js';

export interface DriftContext {
  exec: Exec;
  clock?: Clock;
  progress?: Progress;
  onSecret?: SecretSink;
  env?: NodeJS.ProcessEnv;
  /** Which CI secrets decrypt SOPS-encrypted inputs (the config's `secrets:`). */
  secrets?: Secrets;
  /** A provider plugin cache folder of the run's own, shared by environments that run one after another (see planTerraform). */
  pluginCache?: string;
}

export interface DriftRequest {
  environment: string;
  config: GitopsSyncConfig;
  /** Folder the config's relative paths start from. */
  baseDir: string;
  driftCheckOnly?: boolean;
  /** Terraform settings given directly (the action's terraform-directory), used when the config has none. */
  terraform?: TerraformEnvironment;
}

interface EnvironmentParts {
  terraform?: TerraformEnvironment;
  kubernetes?: KubernetesEnvironment;
  /** The other sources configured for the environment (Ansible, AWX, cloud policy services, Terraform Cloud). */
  others: ReturnType<typeof configuredSources>;
}

function environmentParts(request: DriftRequest): EnvironmentParts {
  const configured = request.config.environments[request.environment];
  const parts = { terraform: configured?.terraform ?? request.terraform, kubernetes: configured?.kubernetes, others: configuredSources(configured) };
  if (parts.terraform || parts.kubernetes || parts.others.length) return parts;
  const known = Object.keys(request.config.environments);
  throw new UserError(
    known.length && !configured
      ? `Environment "${request.environment}" is not in the configuration (it has ${known.join(', ')}); add it under environments: or pick one of those.`
      : `Environment "${request.environment}" has nothing to check; add environments.${request.environment}.terraform, .kubernetes or another source to gitops-sync.yaml.`,
  );
}

const sourceRequest = (request: DriftRequest): EnvironmentSourceRequest => ({ environment: request.environment, config: request.config, baseDir: request.baseDir });

/** The commands a drift check would run, for --dry-run. */
export function describeDriftCheck(request: DriftRequest): string[] {
  const { terraform, kubernetes, others } = environmentParts(request);
  const lines: string[] = [];
  if (terraform) {
    const dir = resolve(request.baseDir, terraform.dir);
    const variables = `TF_DATA_DIR=<temporary folder>${terraform.workspace ? ` TF_WORKSPACE=${terraform.workspace}` : ''}`;
    appendAll(lines, terraformCommands({ environment: request.environment, dir, settings: terraform, driftCheckOnly: request.driftCheckOnly }, '<plan file>').map((args) => `(cd ${dir} && ${variables} ${terraform.binary} ${args.join(' ')})`));
  }
  if (kubernetes) {
    const render = renderCommand(kubernetes);
    lines.push(render ? `(cd ${request.baseDir} && ${render[0]} ${render[1].join(' ')})` : `read ${kubernetes.manifests!.join(', ')}`);
    const cluster = kubernetes.context ? ` --context ${kubernetes.context}` : '';
    if ('export' in kubernetes.live) lines.push(`read ${kubernetes.live.export}`);
    else {
      lines.push(`kubectl get -f <rendered objects> -o json --ignore-not-found${cluster} --show-managed-fields`);
      if (kubernetes.tracking_label) {
        lines.push(`kubectl get <the rendered objects' types> --all-namespaces -l ${kubernetes.tracking_label} -o json${cluster} --show-managed-fields`);
      }
    }
  }
  for (const { source, settings } of others) appendAll(lines, source.describe(settings, sourceRequest(request)));
  return lines;
}

/**
 * One environment's drift: a real Terraform plan, and Kubernetes desired state (read or rendered)
 * against live state, judged together into one report.
 */
export async function detectDrift(request: DriftRequest, context: DriftContext): Promise<DriftReport> {
  checkEnvironmentName(request.environment);
  const { terraform, kubernetes, others } = environmentParts(request);
  const progress = context.progress ?? silentProgress;
  const changes: UnjudgedChange[] = [];
  const sources: string[] = [];
  let outputChanges: OutputChange[] = [];
  let fingerprint: string | undefined;
  // What SOPS inputs decrypted to: redacted from every message, and masked in the report.
  const decrypted = new Set<string>();
  const rules = rulesFor(request.config);
  if (terraform) {
    const dir = resolve(request.baseDir, terraform.dir);
    const run = { environment: request.environment, dir, settings: terraform, driftCheckOnly: request.driftCheckOnly, env: context.env, pluginCache: context.pluginCache, secrets: request.config.secrets, onSecret: collecting(decrypted, context.onSecret) };
    await planTerraform(run, context.exec, progress, (planJson) => {
      progress.step(`analysing the plan of ${request.environment}`);
      const label = `the plan of ${request.environment}`;
      // A refresh-only plan can never match the plan a sync applies, so it gets no fingerprint; the
      // fingerprint's canonical text (as large as the plan's changes) waits in a file, not in memory.
      const scratch = request.driftCheckOnly ? undefined : scratchFolder('gitops-sync-fingerprint-');
      try {
        const fingerprinter = scratch === undefined ? undefined : new PlanFingerprinter({ ...fingerprintSettings(terraform), label, keptPieces: () => new KeptPiecesFile(scratch) });
        const plan = planJson((source) => parseTerraformPlan(source, { label, onSecret: alsoTo(fingerprinter, context.onSecret), observer: fingerprinter?.observer, judgedBy: rules }));
        appendAll(changes, plan.changes);
        outputChanges = plan.outputChanges;
        sources.push(TERRAFORM_PLAN_SOURCE);
        fingerprint = fingerprinter?.finish(plan, planJson).fingerprint;
      } finally {
        if (scratch !== undefined) removeScratchFolder(scratch);
      }
    });
  }
  if (kubernetes) {
    appendAll(changes, await kubernetesChanges(kubernetes, request.environment, request.baseDir, { ...context, progress, secrets: request.config.secrets, onSecret: collecting(decrypted, context.onSecret) }));
    sources.push(K8S_MANIFESTS_SOURCE);
  }
  for (const { source, settings } of others) {
    appendAll(changes, await source.changes(settings, sourceRequest(request), { ...context, progress, secrets: request.config.secrets }));
    sources.push(source.name);
  }
  maskDecryptedValues([...changes.flatMap((change) => change.fields), ...outputChanges], decrypted);
  const report = reportFromChanges(changes, {
    environment: request.environment,
    sources,
    rules,
    generatedAt: (context.clock ?? systemClock).now().toISOString(),
    outputChanges,
    outputChangesAreDrift: request.config.report.output_changes_are_drift,
  });
  if (fingerprint) report.plan_fingerprint = fingerprint;
  refuseDecryptedValueInReport(report, decrypted, request.environment);
  return report;
}

/** The desired Kubernetes objects (read or rendered) against the live ones: what a sync would change. */
export async function kubernetesChanges(kubernetes: KubernetesEnvironment, environment: string, baseDir: string, context: DriftContext): Promise<UnjudgedChange[]> {
  const progress = context.progress ?? silentProgress;
  const renderContext = { exec: context.exec, progress, env: context.env, baseDir, secrets: context.secrets, onSecret: context.onSecret };
  const desired = await renderDesired(kubernetes, renderContext);
  const options = {
    desiredLabel: `the desired objects of ${environment}`,
    liveLabel: `the live objects of ${environment}`,
    defaultNamespace: kubernetes.namespace,
    trackingLabel: kubernetes.tracking_label,
    ignoreDifferences: kubernetes.ignore_differences,
    fieldManagers: fieldManagersOf(kubernetes),
  };
  const comparing = () => progress.step(`comparing ${desired.length} Kubernetes object(s) of ${environment} with the cluster`);
  if ('export' in kubernetes.live) {
    const live = resolve(baseDir, kubernetes.live.export);
    // What a renderer reads must not be the export either (manifests are checked file by file as they are read, links followed).
    const rendered = [kubernetes.kustomize, kubernetes.helm?.chart, ...(kubernetes.helm?.values ?? []), kubernetes.jsonnet?.file].filter((path): path is string => path !== undefined);
    requireLiveApart(rendered.map((path) => resolve(baseDir, path)), live);
    // Compared as the export is read, so it is never held whole (fetchLive would read it all first).
    comparing();
    return diffLiveExport(desired, live, options, { within: baseDir });
  }
  const live = await fetchLive(kubernetes, desired, renderContext);
  comparing();
  return diffManifests(desired, live, options);
}

/** A secret sink that also hands each secret to the plan's fingerprinter, when there is one. */
/** A secret sink that also remembers what it was given (what SOPS inputs decrypted to). */
export function collecting(secrets: Set<string>, onSecret?: SecretSink): SecretSink {
  return (value) => {
    secrets.add(value);
    onSecret?.(value);
  };
}

export function alsoTo(fingerprinter: PlanFingerprinter | undefined, onSecret?: SecretSink): SecretSink | undefined {
  if (!fingerprinter) return onSecret;
  return (value) => {
    fingerprinter.onSecret(value);
    onSecret?.(value);
  };
}

export interface AnalyzeRequest {
  planPath: string;
  environment: string;
  config: GitopsSyncConfig;
  extraRules?: SeverityRule[];
  /** Also compute the plan fingerprint sync binds to (in the same pass; drift-detect always does). */
  fingerprint: boolean;
}

/**
 * Analyses a plan JSON someone else produced, read in chunks, and computes its fingerprint (it
 * covers the workspace and var files of the environment's terraform settings when it has them):
 * in a worker thread beside the analysis when the entry point ships one (plan-fingerprint-thread.ts),
 * else in the same pass.
 */
export async function analyzePlanFile(request: AnalyzeRequest, context: Omit<DriftContext, 'exec'>): Promise<DriftReport> {
  return analyzePlanFileWith(request, context, true);
}

async function analyzePlanFileWith(request: AnalyzeRequest, context: Omit<DriftContext, 'exec'>, mayUseWorker: boolean): Promise<DriftReport> {
  checkEnvironmentName(request.environment);
  const label = request.planPath;
  const rules = rulesFor(request.config, request.extraRules);
  const pass = request.fingerprint ? new PlanFingerprintPass(request, context.onSecret, mayUseWorker) : undefined;
  try {
    const plan = withInputChunks(
      request.planPath,
      PLAN_FILE_WHAT,
      (source) => parseTerraformPlan(pass ? pass.source(source) : source, { label, onSecret: pass?.onSecret ?? context.onSecret, observer: pass?.observer, tee: pass?.tee, judgedBy: rules }),
      { reuse: true, maxBytes: maxInputBytes() },
    );
    pass?.planRead();
    const report = reportFromChanges(plan.changes, {
      environment: request.environment,
      sources: [TERRAFORM_PLAN_SOURCE],
      rules,
      generatedAt: (context.clock ?? systemClock).now().toISOString(),
      outputChanges: plan.outputChanges,
      outputChangesAreDrift: request.config.report.output_changes_are_drift,
    });
    if (!pass) return report;
    const fingerprint = await pass.fingerprint();
    if (fingerprint === undefined) {
      pass.stop();
      return await analyzePlanFileWith(request, context, false);
    }
    report.plan_fingerprint = fingerprint;
    return report;
  } finally {
    pass?.stop();
  }
}

export const configBaseDir = (configPath: string) => dirname(resolve(configPath));

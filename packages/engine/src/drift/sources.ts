import { ARGOCD_SOURCE, AWS_CONFIG_SOURCE, AZURE_POLICY_SOURCE, CHANGES_CARRY, GCP_CONFIG_CONNECTOR_SOURCE, checkEnvironmentName, FLUX_DIFF_SOURCE, K8S_DIRS_SOURCE, K8S_MANIFESTS_SOURCE, KUBECTL_DIFF_SOURCE, reportFromChanges, TERRAFORM_PLAN_SOURCE, type DriftReport, type Environment, type GitopsSyncConfig, type SecretSink, type SeverityRule, type UnjudgedChange } from '@gitops-sync/core';
import { systemClock, type Clock } from '../ports.js';
import { rulesFor } from '../rules.js';
import type { DriftContext } from './drift.js';
import { configConnectorEnvironmentSource, configConnectorSavedResult } from './gcp-config-connector.js';
import { terraformCloudSource } from './terraform-cloud.js';
import { awsConfigEnvironmentSource, awsConfigSavedSource, azurePolicyEnvironmentSource, azurePolicySavedSource } from './cloud-policy.js';
import { ANSIBLE_ENVIRONMENT_SOURCE, ANSIBLE_SAVED_SOURCE } from './ansible.js';
import { awxEnvironmentSource, awxJobEventsSource } from './awx.js';

/*
 * The sources beyond Terraform and Kubernetes, as data: each names itself once here and is then
 * offered by `analyze --source` / drift-detect's `source` + `source-file` (a saved result) and by
 * `drift <env>` / drift-detect's `environment` (configured under environments.<env>).
 */

export interface SavedResultOptions {
  /** Names the input in messages (its path). */
  label: string;
  environment: string;
  config: GitopsSyncConfig;
  /** Every sensitive value met: redacted from all output. */
  onSecret?: SecretSink;
}

/** A source read from a file someone saved (the callback output of a run, a CLI's JSON, an API body). */
export interface SavedResultSource {
  /** `--source` name, also the report's `sources` entry and the changes' `source`. */
  name: string;
  /** What `--input` holds, for the help and for "needs --input (…)". */
  hint: string;
  /** Reads the file (through engine/src/files.ts, bounded) into changes; bad input is a UserError of one sentence. */
  changes(path: string, options: SavedResultOptions): UnjudgedChange[] | Promise<UnjudgedChange[]>;
}

export interface EnvironmentSourceRequest {
  environment: string;
  config: GitopsSyncConfig;
  /** Folder the config's relative paths start from. */
  baseDir: string;
}

/** A source configured per environment in gitops-sync.yaml and run by `drift` / drift-detect. */
export interface EnvironmentSource<Settings> {
  /** The report's `sources` entry. */
  name: string;
  /** This environment's settings for the source, undefined when it has none. */
  settingsOf(environment: Environment): Settings | undefined;
  /** The commands (or requests) a check would run, for `drift --dry-run`. */
  describe(settings: Settings, request: EnvironmentSourceRequest): string[];
  /**
   * The source masks its own sensitive values (SENSITIVE in place) and hands each to context.onSecret,
   * which only redacts output (unlike values SOPS decrypted, it is not searched for in every field).
   */
  changes(settings: Settings, request: EnvironmentSourceRequest, context: DriftContext): Promise<UnjudgedChange[]>;
}

/** Erases the settings type so sources of different settings share one list. */
export function environmentSource<Settings>(source: EnvironmentSource<Settings>): EnvironmentSource<unknown> {
  return source as EnvironmentSource<unknown>;
}

export const SAVED_RESULT_SOURCES: readonly SavedResultSource[] = [
  ANSIBLE_SAVED_SOURCE,
  awxJobEventsSource,
  awsConfigSavedSource,
  azurePolicySavedSource,
  configConnectorSavedResult,
];

export const ENVIRONMENT_SOURCES: readonly EnvironmentSource<unknown>[] = [
  ANSIBLE_ENVIRONMENT_SOURCE,
  environmentSource(awxEnvironmentSource),
  environmentSource(awsConfigEnvironmentSource),
  environmentSource(azurePolicyEnvironmentSource),
  environmentSource(configConnectorEnvironmentSource),
  environmentSource(terraformCloudSource),
];

export function savedResultSource(name: string): SavedResultSource | undefined {
  return SAVED_RESULT_SOURCES.find((source) => source.name === name);
}

/** The configured sources of one environment, with their settings. */
export function configuredSources(environment: Environment | undefined): { source: EnvironmentSource<unknown>; settings: unknown }[] {
  if (!environment) return [];
  return ENVIRONMENT_SOURCES.flatMap((source) => {
    const settings = source.settingsOf(environment);
    return settings === undefined ? [] : [{ source, settings }];
  });
}

/** Report sources that compare Git's Kubernetes manifests with the cluster (a `kubernetes` part: any Kubernetes reader). */
const KUBERNETES_REPORT_SOURCES = [K8S_MANIFESTS_SOURCE, K8S_DIRS_SOURCE, KUBECTL_DIFF_SOURCE, ARGOCD_SOURCE, FLUX_DIFF_SOURCE];
const MANIFEST_REPORT_SOURCES = [K8S_MANIFESTS_SOURCE, K8S_DIRS_SOURCE, KUBECTL_DIFF_SOURCE];

/**
 * Sources that only read the estate's standing against a policy (compliance services, Config Connector's
 * status): a change's report cannot show what the change does to them, so a report need not have checked them.
 */
const MONITOR_SOURCES = new Set([AWS_CONFIG_SOURCE, AZURE_POLICY_SOURCE, GCP_CONFIG_CONNECTOR_SOURCE]);

/**
 * The parts of `environment` (as the config describes it) whose change a report of `reportSources` did
 * not check: a report made from one input (drift-detect's terraform-plan-json, say) for an environment
 * that also has Kubernetes, Argo CD, Flux or Ansible cannot show what the whole environment's change does.
 */
export function uncheckedParts(environment: Environment | undefined, reportSources: readonly string[]): string[] {
  if (!environment) return [];
  const shown = new Set(reportSources.flatMap((source) => [source, CHANGES_CARRY[source] ?? source]));
  const unchecked: string[] = [];
  if (environment.terraform && !shown.has(TERRAFORM_PLAN_SOURCE)) unchecked.push('terraform');
  const manifestsShown = MANIFEST_REPORT_SOURCES.some((source) => shown.has(source));
  if (environment.kubernetes && !KUBERNETES_REPORT_SOURCES.some((source) => shown.has(source))) unchecked.push('kubernetes');
  // An Argo CD or Flux part is shown by its own diff, or by the environment's own manifests against the cluster (what it syncs):
  // not by some other manifests a report compared.
  for (const [part, configured, own] of [['argocd', environment.argocd, ARGOCD_SOURCE], ['flux', environment.flux, FLUX_DIFF_SOURCE]] as const) {
    if (configured && !shown.has(own) && !(environment.kubernetes && manifestsShown)) unchecked.push(part);
  }
  for (const { source } of configuredSources(environment)) {
    if (MONITOR_SOURCES.has(source.name)) continue;
    if (!shown.has(source.name) && !shown.has(CHANGES_CARRY[source.name] ?? source.name)) unchecked.push(source.name);
  }
  return unchecked;
}

/** A saved result of one of the sources above, judged into a report (`analyze --source <name>`, drift-detect's `source-file`). */
export async function analyzeSavedResult(
  source: SavedResultSource,
  path: string,
  request: { environment: string; config: GitopsSyncConfig; extraRules?: SeverityRule[]; onSecret?: SecretSink },
  clock: Clock = systemClock,
): Promise<DriftReport> {
  checkEnvironmentName(request.environment);
  const changes = await source.changes(path, { label: path, environment: request.environment, config: request.config, onSecret: request.onSecret });
  return reportFromChanges(changes, {
    environment: request.environment,
    sources: [source.name],
    rules: rulesFor(request.config, request.extraRules),
    generatedAt: clock.now().toISOString(),
  });
}

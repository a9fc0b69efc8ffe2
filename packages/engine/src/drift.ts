import { dirname, resolve } from 'node:path';
import {
  analyzeTerraformPlan,
  checkEnvironmentName,
  defaultRules,
  mergeRules,
  parseYamlWith,
  SeverityRule,
  UserError,
  type DriftReport,
  type GitopsSyncConfig,
  type SecretSink,
  type SeverityRuleSet,
  type TerraformEnvironment,
} from '@gitops-sync/core';
import { z } from 'zod';
import { readInputFile, withInputChunks } from './files.js';
import { systemClock, silentProgress, type Clock, type Exec, type Progress } from './ports.js';
import { planTerraform, terraformCommands } from './terraform.js';

export interface DriftContext {
  exec: Exec;
  clock?: Clock;
  progress?: Progress;
  onSecret?: SecretSink;
  env?: NodeJS.ProcessEnv;
}

export function rulesFor(config: GitopsSyncConfig, extra: readonly SeverityRule[] = []): SeverityRuleSet {
  return mergeRules(defaultRules(), [...config.severity.rules, ...extra]);
}

const RulesFile = z.object({ rules: z.array(SeverityRule) }).strict();

/** Reads a `--rules` file: `rules:` in the same shape as `severity.rules` in gitops-sync.yaml. */
export function loadRulesFile(path: string): SeverityRule[] {
  const text = readInputFile(path, 'a severity rules YAML file', 1024 * 1024).toString('utf8');
  return parseYamlWith(RulesFile, text, path, 'a rules file holds `rules:` entries with id, severity and match.').rules;
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

function terraformSettings(request: DriftRequest): TerraformEnvironment {
  const settings = request.config.environments[request.environment]?.terraform ?? request.terraform;
  if (settings) return settings;
  const known = Object.keys(request.config.environments);
  throw new UserError(
    known.length
      ? `Environment "${request.environment}" is not in the configuration (it has ${known.join(', ')}); add it under environments: or pick one of those.`
      : `Environment "${request.environment}" has no terraform settings; add environments.${request.environment}.terraform.dir to gitops-sync.yaml.`,
  );
}

/** The commands a drift check would run, for --dry-run. */
export function describeDriftCheck(request: DriftRequest): string[] {
  const settings = terraformSettings(request);
  const dir = resolve(request.baseDir, settings.dir);
  return terraformCommands({ dir, settings, driftCheckOnly: request.driftCheckOnly }, '<plan file>').map((args) => `(cd ${dir} && ${settings.binary} ${args.join(' ')})`);
}

/** Runs a real plan for one environment and turns it into a drift report. */
export async function detectDrift(request: DriftRequest, context: DriftContext): Promise<DriftReport> {
  checkEnvironmentName(request.environment);
  const settings = terraformSettings(request);
  const progress = context.progress ?? silentProgress;
  const dir = resolve(request.baseDir, settings.dir);
  const planJson = await planTerraform({ dir, settings, driftCheckOnly: request.driftCheckOnly, env: context.env }, context.exec, progress);
  progress.step(`analysing the plan of ${request.environment}`);
  return analyzeTerraformPlan(planJson, {
    label: `the plan of ${request.environment}`,
    environment: request.environment,
    rules: rulesFor(request.config),
    generatedAt: (context.clock ?? systemClock).now().toISOString(),
    outputChangesAreDrift: request.config.report.output_changes_are_drift,
    onSecret: context.onSecret,
  });
}

export interface AnalyzeRequest {
  planPath: string;
  environment: string;
  config: GitopsSyncConfig;
  extraRules?: SeverityRule[];
}

/** Analyses a plan JSON someone else produced. */
export function analyzePlanFile(request: AnalyzeRequest, context: Omit<DriftContext, 'exec'>): DriftReport {
  checkEnvironmentName(request.environment);
  return withInputChunks(request.planPath, 'a plan JSON from `terraform show -json <planfile>`', (planJson) =>
    analyzeTerraformPlan(planJson, {
      label: request.planPath,
      environment: request.environment,
      rules: rulesFor(request.config, request.extraRules),
      generatedAt: (context.clock ?? systemClock).now().toISOString(),
      outputChangesAreDrift: request.config.report.output_changes_are_drift,
      onSecret: context.onSecret,
    }),
  );
}

export const configBaseDir = (configPath: string) => dirname(resolve(configPath));

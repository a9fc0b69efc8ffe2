import type { SecretSink } from './diff/value-diff.js';
import type { ByteSource } from './json/top-level-reader.js';
import type { DriftReport, OutputChange, UnjudgedChange } from './model/report.js';
import { buildReport } from './report/build.js';
import { SeverityEngine } from './severity/engine.js';
import type { SeverityRuleSet } from './severity/rules.js';
import { TERRAFORM_PLAN_SOURCE } from './model/sources.js';
import { parseTerraformPlan } from './sources/terraform-plan.js';

export interface AnalyzePlanOptions {
  label: string;
  environment: string;
  rules: SeverityRuleSet;
  generatedAt: string;
  outputChangesAreDrift?: boolean;
  onSecret?: SecretSink;
}

export interface JudgeOptions {
  environment: string;
  sources: string[];
  rules: SeverityRuleSet;
  generatedAt: string;
  outputChanges?: OutputChange[];
  outputChangesAreDrift?: boolean;
}

/** Changes from any source → judged → report. */
export function reportFromChanges(changes: readonly UnjudgedChange[], options: JudgeOptions): DriftReport {
  return buildReport({ ...options, changes: new SeverityEngine(options.rules).judgeAll(changes) });
}

/** Plan JSON → judged changes → report: the whole pure pipeline for one Terraform plan. */
export function analyzeTerraformPlan(planJson: Uint8Array | string | ByteSource, options: AnalyzePlanOptions): DriftReport {
  const plan = parseTerraformPlan(planJson, { label: options.label, onSecret: options.onSecret, judgedBy: options.rules });
  return reportFromChanges(plan.changes, { ...options, sources: [TERRAFORM_PLAN_SOURCE], outputChanges: plan.outputChanges });
}

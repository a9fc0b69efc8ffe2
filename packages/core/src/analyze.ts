import type { SecretSink } from './diff/value-diff.js';
import type { ByteSource } from './json/top-level-reader.js';
import type { DriftReport } from './model/report.js';
import { buildReport } from './report/build.js';
import { SeverityEngine } from './severity/engine.js';
import type { SeverityRuleSet } from './severity/rules.js';
import { parseTerraformPlan, TERRAFORM_PLAN_SOURCE } from './sources/terraform-plan.js';

export interface AnalyzePlanOptions {
  label: string;
  environment: string;
  rules: SeverityRuleSet;
  generatedAt: string;
  outputChangesAreDrift?: boolean;
  onSecret?: SecretSink;
}

/** Plan JSON → judged changes → report: the whole pure pipeline for one Terraform plan. */
export function analyzeTerraformPlan(planJson: Uint8Array | string | ByteSource, options: AnalyzePlanOptions): DriftReport {
  const plan = parseTerraformPlan(planJson, { label: options.label, onSecret: options.onSecret });
  return buildReport({
    environment: options.environment,
    sources: [TERRAFORM_PLAN_SOURCE],
    changes: new SeverityEngine(options.rules).judgeAll(plan.changes),
    outputChanges: plan.outputChanges,
    generatedAt: options.generatedAt,
    outputChangesAreDrift: options.outputChangesAreDrift,
  });
}

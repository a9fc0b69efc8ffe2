/**
 * The plan fingerprint (plan-fingerprinter.ts) of a whole plan, and what differs between two plans,
 * for sync to say why a plan is not the one reviewed.
 */
import { SENSITIVE, type DriftReport, type FieldChange } from '../model/report.js';
import { TERRAFORM_PLAN_SOURCE } from '../model/sources.js';
import { parseTerraformPlan } from '../sources/terraform-plan.js';
import { canonicalJson, PlanFingerprinter, readPlan, type FingerprintOptions, type PlanFingerprint, type PlanReader, type PlanSummary } from './plan-fingerprinter.js';
import { appendAll } from '../arrays.js';

export * from './plan-fingerprinter.js';

/**
 * The fingerprint and summary of a `terraform show -json` plan. The same plan, workspace and var
 * files always give the same fingerprint; secrets (marked sensitive, or copies of them) never
 * change it. Throws UserError for anything that is not a complete plan, as parseTerraformPlan does.
 * To analyse the plan too, parse it once with a PlanFingerprinter instead.
 */
export function planFingerprint(planJson: Uint8Array | string | PlanReader, options: FingerprintOptions): PlanFingerprint {
  const label = options.label ?? 'the plan';
  const input = typeof planJson === 'string' ? new TextEncoder().encode(planJson) : planJson;
  const fingerprinter = new PlanFingerprinter({ ...options, label, digests: true, planBytes: typeof input === 'function' ? undefined : input.length });
  const onSecret = (value: string) => {
    fingerprinter.onSecret(value);
    options.onSecret?.(value);
  };
  const plan = readPlan(input, label, (source) => parseTerraformPlan(source, { label, onSecret, observer: fingerprinter.observer }));
  return fingerprinter.finish(plan, input);
}

/**
 * A summary of the Terraform changes a drift report lists (e.g. the reviewed one), to compare with
 * a new plan's. It has no digests, so differences only in unchanged resources are not named.
 */
export function planSummaryFromReport(report: DriftReport, settings: { workspace: string; varFiles: readonly string[] }): PlanSummary {
  return {
    workspace: settings.workspace,
    var_files: [...settings.varFiles],
    changes: report.changes
      .filter((change) => change.source === TERRAFORM_PLAN_SOURCE && change.origin === 'planned')
      .map(({ address, action, fields }) => ({ address, action, fields })),
    outputs: report.output_changes,
  };
}

const MAX_VALUE_CHARS = 40;

function show(value: unknown): string {
  if (value === SENSITIVE) return SENSITIVE;
  const text = JSON.stringify(value ?? null);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

const showChange = (field: { before: unknown; after: unknown }) => `${show(field.before)} → ${show(field.after)}`;

function fieldDifferences(prefix: string, reviewed: readonly FieldChange[], now: readonly FieldChange[]): string[] {
  const lines: string[] = [];
  const before = new Map(reviewed.map((field) => [field.path, field]));
  const after = new Map(now.map((field) => [field.path, field]));
  for (const [path, field] of after) {
    const old = before.get(path);
    if (!old) lines.push(`${prefix} ${path || '/'}: now also changes (${showChange(field)})`);
    else if (canonicalJson([old.before, old.after]) !== canonicalJson([field.before, field.after])) {
      lines.push(`${prefix} ${path || '/'}: ${showChange(old)} when reviewed, ${showChange(field)} now`);
    }
  }
  for (const [path, field] of before) if (!after.has(path)) lines.push(`${prefix} ${path || '/'}: no longer changes (reviewed ${showChange(field)})`);
  return lines;
}

/**
 * What differs between two plans, one short line each, reviewed plan (`a`) first: workspace and
 * var files, resources added to or gone from the plan, changed actions, changed attributes by JSON
 * pointer, changed outputs. Sensitive values read `(sensitive)`: summaries never hold them.
 */
export function describeFingerprintDifference(a: PlanSummary, b: PlanSummary, limit = 20): string[] {
  const lines: string[] = [];
  if (a.workspace !== b.workspace) lines.push(`workspace: ${JSON.stringify(a.workspace)} when reviewed, ${JSON.stringify(b.workspace)} now`);
  if (canonicalJson(a.var_files) !== canonicalJson(b.var_files)) {
    lines.push(`var files: ${a.var_files.join(', ') || '(none)'} when reviewed, ${b.var_files.join(', ') || '(none)'} now`);
  }
  const reviewed = new Map(a.changes.map((change) => [change.address, change]));
  const now = new Map(b.changes.map((change) => [change.address, change]));
  const named = new Set<string>();
  for (const [address, change] of now) {
    const old = reviewed.get(address);
    if (!old) lines.push(`+ ${address}: ${change.action} (not in the reviewed plan)`);
    else if (old.action !== change.action) lines.push(`~ ${address}: ${old.action} when reviewed, ${change.action} now`);
    else {
      const fields = fieldDifferences(`~ ${address}`, old.fields, change.fields);
      if (fields.length === 0) continue;
      appendAll(lines, fields);
    }
    named.add(address);
  }
  for (const [address, change] of reviewed) {
    if (!now.has(address)) {
      lines.push(`- ${address}: ${change.action} in the reviewed plan, no longer planned`);
      named.add(address);
    }
  }
  const oldOutputs = new Map(a.outputs.map((output) => [output.name, output]));
  const newOutputs = new Map(b.outputs.map((output) => [output.name, output]));
  for (const [name, output] of newOutputs) {
    const old = oldOutputs.get(name);
    if (!old) lines.push(`+ output ${name}: ${output.action} (${showChange(output)}) (not in the reviewed plan)`);
    else if (old.action !== output.action || canonicalJson([old.before, old.after]) !== canonicalJson([output.before, output.after])) {
      lines.push(`~ output ${name}: ${old.action} ${showChange(old)} when reviewed, ${output.action} ${showChange(output)} now`);
    }
  }
  for (const [name, output] of oldOutputs) if (!newOutputs.has(name)) lines.push(`- output ${name}: ${output.action} in the reviewed plan, no longer planned`);
  if (a.digests && b.digests) {
    for (const [address, digest] of Object.entries(b.digests)) {
      const old = a.digests[address];
      if (named.has(address) || old === digest) continue;
      lines.push(old === undefined ? `+ ${address}: in the plan now, not in the reviewed one` : `~ ${address}: its planned values differ (e.g. refreshed or unknown attributes) though no changed field shows it`);
    }
    for (const address of Object.keys(a.digests)) {
      if (!named.has(address) && b.digests[address] === undefined) lines.push(`- ${address}: in the reviewed plan, not in the plan now`);
    }
  }
  if (lines.length === 0) lines.push('the planned changes read the same; the plans differ in details the summary does not show (unchanged resources or provider metadata)');
  return lines.length > limit ? [...lines.slice(0, limit), `… and ${lines.length - limit} more difference(s)`] : lines;
}

/** What a plan would do, one line per change (for dry runs and for plans that should have been empty). */
export function describePlanSummary(summary: PlanSummary, limit = 20): string[] {
  const lines = summary.changes.map((change) => {
    const paths = change.fields.map((field) => field.path || '/');
    const shown = paths.slice(0, 4).join(', ');
    return `${change.action} ${change.address}${paths.length && change.action === 'update' ? ` (${shown}${paths.length > 4 ? ', …' : ''})` : ''}`;
  });
  appendAll(lines, summary.outputs.map((output) => `${output.action} output ${output.name}`));
  return lines.length > limit ? [...lines.slice(0, limit), `… and ${lines.length - limit} more`] : lines;
}

/** The workspace and var-file names a fingerprint covers, from an environment's terraform settings. */
export function fingerprintSettings(settings: { workspace?: string; var_files?: readonly string[] } | undefined): { workspace: string; varFiles: string[] } {
  return { workspace: settings?.workspace ?? 'default', varFiles: [...(settings?.var_files ?? [])] };
}

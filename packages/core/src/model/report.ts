import { z } from 'zod';

export const REPORT_SCHEMA_ID = 'gitops-sync/drift-report@1';

import { KNOWN_AFTER_APPLY, SENSITIVE } from './markers.js';

// In a module of their own, so code that needs only them (the fingerprint's worker) does not load zod.
export { KNOWN_AFTER_APPLY, SENSITIVE };

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const ACTIONS = ['create', 'update', 'delete', 'replace', 'forget', 'import'] as const;
export const Action = z.enum(ACTIONS);
export type Action = z.infer<typeof Action>;

export const Origin = z.enum(['planned', 'outside']);
export type Origin = z.infer<typeof Origin>;

export const FieldChange = z.object({
  /** RFC 6901 JSON pointer into the resource's attributes. */
  path: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  sensitive: z.boolean(),
  /** Changing this field forces the resource to be replaced (Terraform's replace_paths). */
  forces_replacement: z.boolean().optional(),
});
export type FieldChange = z.infer<typeof FieldChange>;

export const Change = z.object({
  address: z.string(),
  kind: z.string(),
  source: z.string(),
  action: Action,
  origin: Origin,
  severity: Severity,
  rule: z.string(),
  fields: z.array(FieldChange),
  previous_address: z.string().optional(),
  importing: z.boolean().optional(),
  /**
   * Attributes that did not change but decide how sensitive the resource is (an SSM parameter's
   * `/type`), by JSON pointer: what severity rules' `where` conditions read, null where the resource
   * has no such value. Never sensitive values.
   */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
export type Change = z.infer<typeof Change>;
export type ChangeAttributes = NonNullable<Change['attributes']>;

/** A change as a source produces it, before the severity rules judge it. */
export type UnjudgedChange = Omit<Change, 'severity' | 'rule'>;

/** A judged change without its verdict, to be judged again (by other rules than those it was given). */
export function unjudged({ severity: _severity, rule: _rule, ...change }: Change): UnjudgedChange {
  return change;
}

export const OutputChange = z.object({
  name: z.string(),
  action: Action,
  before: z.unknown(),
  after: z.unknown(),
  sensitive: z.boolean(),
});
export type OutputChange = z.infer<typeof OutputChange>;

export const RemediationStep = z.object({
  priority: z.enum(['immediate', 'high', 'normal', 'low']),
  description: z.string(),
  approval_required: z.boolean(),
  auto_rollback: z.boolean(),
  changes: z.array(z.string()),
});
export type RemediationStep = z.infer<typeof RemediationStep>;

const countsBy = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((key) => [key, z.number().int().nonnegative()])) as Record<T[number], z.ZodNumber>);

export const DriftReport = z.object({
  schema: z.literal(REPORT_SCHEMA_ID),
  environment: z.string(),
  generated_at: z.string(),
  sources: z.array(z.string()),
  drift_detected: z.boolean(),
  total_changes: z.number().int().nonnegative(),
  changes_by_severity: countsBy(SEVERITIES),
  changes_by_action: countsBy(ACTIONS),
  affected_resources: z.array(z.string()),
  output_changes: z.array(OutputChange),
  changes: z.array(Change),
  remediation_plan: z.array(RemediationStep),
  /** Terraform plan fingerprint (`sha256:<hex>`, see plan/fingerprint.ts): sync applies only a plan with the same one. */
  plan_fingerprint: z.string().optional(),
  /** The commit the report was made for (a pull/merge request's head): the gate refuses a report of another commit. */
  head_sha: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/).optional(),
});
export type DriftReport = z.infer<typeof DriftReport>;

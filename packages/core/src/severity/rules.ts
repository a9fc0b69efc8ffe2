import { z } from 'zod';
import { Action, Origin, Severity } from '../model/report.js';

const globList = z.union([z.string(), z.array(z.string()).min(1)]).transform((value) => (typeof value === 'string' ? [value] : value));

export const RuleMatch = z
  .object({
    source: globList.optional(),
    kind: globList.optional(),
    /** Resource address globs (`module.app.*`, `terraform_data.firewall`). */
    address: globList.optional(),
    /** JSON-pointer globs. A rule with `path`, `sensitive` or `after` judges fields; one without judges whole changes. */
    path: globList.optional(),
    /** Only fields whose value is (or is not) sensitive. */
    sensitive: z.boolean().optional(),
    /** Globs over the text of a field's new scalar value (e.g. `**:latest`, `true`). */
    after: globList.optional(),
    /** How an image reference changed: `unpinned` (digest → tag), `registry`, `tag`. */
    image_change: z.array(z.enum(['unpinned', 'registry', 'tag'])).min(1).optional(),
    action: z.union([Action, z.array(Action).min(1)]).transform((value) => (typeof value === 'string' ? [value] : value)).optional(),
    origin: Origin.optional(),
  })
  .strict();

export const SeverityRule = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'rule ids are lower-case words joined by . _ or -'),
    severity: Severity,
    description: z.string().optional(),
    match: RuleMatch,
  })
  .strict();
export type SeverityRule = z.infer<typeof SeverityRule>;
export type SeverityRuleInput = z.input<typeof SeverityRule>;

export const SeverityRuleSet = z
  .object({
    /** Severity of a field or a field-less change that no rule matched. */
    fallback: z.object({ id: z.string(), severity: Severity }).strict(),
    /** A YAML anchor holding the Kubernetes source names, for the rules to refer to. */
    kubernetes_sources: z.array(z.string()).optional(),
    rules: z.array(SeverityRule),
  })
  .strict();
export type SeverityRuleSet = z.infer<typeof SeverityRuleSet>;

/** User rules replace default rules with the same id and are added otherwise. */
export function mergeRules(base: SeverityRuleSet, overrides: readonly SeverityRule[]): SeverityRuleSet {
  const byId = new Map(base.rules.map((rule) => [rule.id, rule]));
  for (const rule of overrides) byId.set(rule.id, rule);
  return { fallback: base.fallback, rules: [...byId.values()] };
}

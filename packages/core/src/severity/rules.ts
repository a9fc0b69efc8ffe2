import { z } from 'zod';
import { Action, Origin, Severity } from '../model/report.js';
import { CHANGE_SOURCES, CHANGES_CARRY } from '../model/sources.js';
import { globAlternatives, globsToRegExp, globToRegExp } from './glob.js';

const globList = z.union([z.string(), z.array(z.string()).min(1)]).transform((value) => (typeof value === 'string' ? [value] : value));

const textList = z.union([z.union([z.string(), z.number(), z.boolean()]), z.array(z.union([z.string(), z.number(), z.boolean()])).min(1)]).transform((value) => (Array.isArray(value) ? value : [value]).map(String));

/**
 * `where: { path: /type, equals: SecureString }`: the text of the resource's attribute at `path` (a
 * JSON pointer) matches one of these globs on either side. `not_equals` matches when a side has
 * another value, or when the value is not known: a rule that keeps something critical fails closed.
 */
export const Where = z
  .object({
    path: z
      .string()
      .startsWith('/', 'a JSON pointer starting with /')
      // A bare ~ would be read as written by the plan reader but spelled ~0 in a changed field's path: the two would never meet.
      .regex(/^(?:[^~]|~[01])*$/, 'a JSON pointer writes ~ as ~0 and / in a key as ~1 (/tags/cost~0center for the key cost~center)'),
    equals: textList.optional(),
    not_equals: textList.optional(),
  })
  .strict()
  .refine((where) => (where.equals === undefined) !== (where.not_equals === undefined), { message: '`where` has either `equals` or `not_equals`' });
export type Where = z.infer<typeof Where>;

/** Whether a path glob can match a JSON pointer at all: one starts with `/` (or a `*` or an alternative that can cross it). */
function canMatchPointer(glob: string): boolean {
  const end = glob.indexOf('}');
  const starts = glob.startsWith('{') && end > 0 ? glob.slice(1, end).split(',') : [glob];
  return starts.every((start) => start === '' || start.startsWith('/') || start.startsWith('*'));
}

const pointerGlobList = globList.superRefine((globs, context) => {
  for (const glob of globs) {
    if (!canMatchPointer(glob)) {
      context.addIssue({ code: 'custom', message: `"${glob}" can never match: a field's path is a JSON pointer, which starts with / (write /${glob}, or **/ before it for any depth)` });
    }
  }
});

/**
 * A rule's `source` globs: each, and each alternative of a `{a,b}` group in it, must match a source
 * some change carries, or the rule would silently never apply there (`{kubectl-diff,flux}` to flux-diff).
 */
const sourceGlobList = globList.superRefine((globs, context) => {
  for (const glob of globs) {
    const reading = [glob, ...globAlternatives(glob)].find((text) => {
      const pattern = globToRegExp(text);
      return !CHANGE_SOURCES.some((source) => pattern.test(source));
    });
    if (reading === undefined) continue;
    const named = reading === glob ? `"${glob}"` : `"${reading}" (an alternative of "${glob}")`;
    const carried = CHANGES_CARRY[reading];
    context.addIssue({
      code: 'custom',
      message: carried
        ? `${named} names a report's source, not a change's: its changes carry source ${carried}, so write ${carried}`
        : `${named} matches no source, so ${reading === glob ? 'the rule' : 'that alternative'} would never apply; a change's source is one of ${CHANGE_SOURCES.join(', ')}`,
    });
  }
});

export const RuleMatch = z
  .object({
    source: sourceGlobList.optional(),
    kind: globList.optional(),
    /** Resource address globs (`module.app.*`, `terraform_data.firewall`). */
    address: globList.optional(),
    /** JSON-pointer globs. A rule with `path`, `sensitive` or a value condition judges fields; one without judges whole changes. */
    path: pointerGlobList.optional(),
    /** Only fields whose value is (or is not) sensitive. */
    sensitive: z.boolean().optional(),
    /** Globs over the text of a field's new scalar value (e.g. `**:latest`, `true`). */
    after: globList.optional(),
    /** Globs over the text of a field's old scalar value: for a Kubernetes change made outside Git, what runs now. */
    before: globList.optional(),
    /** How an image reference changed: `unpinned` (digest → tag, or a pin → no tag at all, the mutable latest), `registry` (or repository), `digest` (one pin → another), `tag`. */
    image_change: z.array(z.enum(['unpinned', 'registry', 'digest', 'tag'])).min(1).optional(),
    /** How address ranges changed: `opened` (to 0.0.0.0/0 or ::/0), `widened` (to addresses the other side does not admit). */
    cidr_change: z.array(z.enum(['opened', 'widened'])).min(1).optional(),
    /**
     * Which way `image_change` and `cidr_change` read: `git` (default) from `before` to `after`, what
     * applying Git does; `live` from `after` to `before`, how what runs departs from what Git wants.
     */
    toward: z.enum(['git', 'live']).optional(),
    /** A condition on another attribute of the same resource (its type, its kind of value), changed or not. */
    where: Where.optional(),
    action: z.union([Action, z.array(Action).min(1)]).transform((value) => (typeof value === 'string' ? [value] : value)).optional(),
    origin: Origin.optional(),
  })
  .strict()
  .refine((match) => match.toward !== 'live' || match.origin === 'outside', {
    message: '`toward: live` judges what runs now, which only a change made outside Git tells: add `origin: outside`',
  })
  // Only the Terraform plan source ('terraform-plan') keeps attributes that did not change (sources/terraform-plan.ts).
  .refine((match) => !match.where?.equals || (match.source !== undefined && match.source.every((source) => source === 'terraform-plan')), {
    message:
      '`where` with `equals` reads an attribute that did not change only in Terraform plans (the other sources keep none, so it would never match there): add `source: terraform-plan`, use `not_equals` (it holds when the attribute is not there), or for a changed field `path` with `after`',
    path: ['where'],
  });

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

/** The rules of a config or a rules file: a rule replaces the one with its id, so a second rule with an id would silently drop the first. */
export const SeverityRuleList = z.array(SeverityRule).superRefine((rules, context) => {
  const seen = new Set<string>();
  for (const [index, rule] of rules.entries()) {
    if (seen.has(rule.id)) {
      context.addIssue({ code: 'custom', path: [index, 'id'], message: `rule id "${rule.id}" is given to an earlier rule too, which this one would replace; give each rule its own id (only a shipped rule is replaced by using its id)` });
    }
    seen.add(rule.id);
  }
});

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

interface WhereOfKind {
  rules: SeverityRule[];
  paths: readonly string[];
}

/** By rule set, source, then kind: looked up for every change, so no key is built from the two names. */
const whereByKind = new WeakMap<SeverityRuleSet, Map<string, Map<string, WhereOfKind>>>();

/** The rules with a `where` that may judge a source's resource kind, and the paths they read; found once per kind (a plan repeats a few kinds). */
function whereOf(ruleSet: SeverityRuleSet, source: string, kind: string): WhereOfKind {
  let bySource = whereByKind.get(ruleSet);
  if (!bySource) whereByKind.set(ruleSet, (bySource = new Map()));
  let byKind = bySource.get(source);
  if (!byKind) bySource.set(source, (byKind = new Map()));
  let found = byKind.get(kind);
  if (!found) {
    const applies = (globs: readonly string[] | undefined, text: string) => !globs || globsToRegExp(globs)!.test(text);
    const rules = ruleSet.rules.filter((rule) => rule.match.where && applies(rule.match.source, source) && applies(rule.match.kind, kind));
    byKind.set(kind, (found = { rules, paths: [...new Set(rules.map((rule) => rule.match.where!.path))] }));
  }
  return found;
}

/** The rules with a `where` that may judge a source's resource kind. */
export function whereRules(ruleSet: SeverityRuleSet, source: string, kind: string): readonly SeverityRule[] {
  return whereOf(ruleSet, source, kind).rules;
}

/**
 * The attributes the rules' `where` conditions read for a source's resource kind (JSON pointers): what
 * the source keeps of such a resource even when they did not change. Read for the rules that will judge
 * the changes (the shipped ones and the config's), or a `where` on an unchanged attribute never matches.
 */
export function whereAttributePaths(ruleSet: SeverityRuleSet, source: string, kind: string): readonly string[] {
  return whereOf(ruleSet, source, kind).paths;
}

import { KNOWN_AFTER_APPLY, SENSITIVE, SEVERITIES, type Change, type FieldChange, type Severity, type UnjudgedChange } from '../model/report.js';
import { stepsFromPointer } from '../diff/json-pointer.js';
import { TERRAFORM_PLAN_SOURCE } from '../model/sources.js';
import { cidrClassifier, type CidrChange } from './cidr-change.js';
import { globsToRegExp } from './glob.js';
import { classifyImageChange } from './image-change.js';
import type { SeverityRule, SeverityRuleSet, Where } from './rules.js';

/** Higher is more severe. */
const RANK = Object.fromEntries(SEVERITIES.map((severity, index) => [severity, SEVERITIES.length - index])) as Record<Severity, number>;

interface CompiledRule {
  rule: SeverityRule;
  /** The verdict this rule gives, made once: verdicts are only read. */
  verdict: Verdict;
  source?: RegExp;
  kind?: RegExp;
  /** Whether the globs below are compiled: only rules that apply to some change need them. */
  complete: boolean;
  address?: RegExp;
  path?: RegExp;
  after?: RegExp;
  before?: RegExp;
}

interface Candidates {
  /** Rules without field conditions that match the change as a whole (address still to test). */
  changeRules: CompiledRule[];
  /** Field rules that depend only on the field's path: their verdicts are cached by path. */
  pathRules: CompiledRule[];
  /** Field rules that also look at the address, the value, its sensitivity or other attributes: tested every time. */
  valueRules: CompiledRule[];
  /** Value rules about what runs now (origin outside): judged first, so on a tie they name the change. */
  liveRules: CompiledRule[];
  pathVerdicts: Map<string, Verdict | undefined>;
  /** The value and live rules whose path glob admits a path, by path: the glob is tested once per path, not once per field. */
  valueRulesByPath: Map<string, CompiledRule[]>;
  liveRulesByPath: Map<string, CompiledRule[]>;
  /** Whether a rule here has a `where` (reads what may be hidden) or an address glob (reads where a moved resource was). */
  readsWhere: boolean;
  readsAddress: boolean;
}

export interface Verdict {
  severity: Severity;
  rule: string;
}

const judgesValues = ({ match }: SeverityRule) =>
  match.after !== undefined || match.before !== undefined || match.image_change !== undefined || match.cidr_change !== undefined;

const judgesFields = ({ rule }: CompiledRule) => rule.match.path !== undefined || rule.match.sensitive !== undefined || judgesValues(rule);

/** A rule about what runs now: it judges the values of a change made outside Git. */
const judgesLiveSide = ({ rule }: CompiledRule) => rule.match.origin === 'outside' && judgesValues(rule);

/**
 * `id` stored one byte per character. V8 keeps strings cut from a YAML file with any non-ASCII
 * character in it (a user's rules in gitops-sync.yaml may have some) two bytes per character, ASCII or not;
 * every change carries its rule's id, and one such id made every report line holding it two-byte too:
 * twice the memory, converted again whenever lines are joined (0.1 s of a 50 MB plan's drift-detect).
 * JSON.parse makes ASCII strings one-byte.
 */
const compactId = (id: string): string => JSON.parse(JSON.stringify(id)) as string;

/** A value `where` reads as text; a number beyond a double's range (a plan's `1e400`) is none: the JSON report holds null there, and a change read back from it must be judged the same. */
const isScalar = (value: unknown) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean';

/** The value at `steps` below a field's side; a marker on the way (a hidden object) stands for all below it. */
function below(value: unknown, steps: readonly string[]): unknown {
  let node = value;
  for (const step of steps) {
    if (node === SENSITIVE || node === KNOWN_AFTER_APPLY) return node;
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[step] : undefined;
  }
  return node;
}

/**
 * The texts the resource's attribute at `path` has: from the change's field when it (or an object
 * holding it, e.g. one that changed shape) changed, else from its unchanged attributes; `hidden`
 * when a side is sensitive or only known after apply.
 */
function attributeTexts(change: UnjudgedChange, path: string): { texts: string[]; hidden: boolean } {
  const field = change.fields.find((candidate) => candidate.path === path || path.startsWith(`${candidate.path}/`));
  const steps = field && field.path !== path ? stepsFromPointer(path.slice(field.path.length)) : [];
  const values = field ? [below(field.before, steps), below(field.after, steps)] : [change.attributes?.[path]];
  const hidden = values.some((value) => value === SENSITIVE || value === KNOWN_AFTER_APPLY);
  return { texts: values.filter((value) => isScalar(value) && value !== SENSITIVE && value !== KNOWN_AFTER_APPLY).map(String), hidden };
}

const wherePatterns = new WeakMap<Where, RegExp>();

/**
 * `equals`: a side is known to match. `not_equals`: a side is not known to match. On a value not known
 * (sensitive, masked as a copy of a secret, known only after apply) either holds as `mayHold` says:
 * a plan can hide the value a rule decides by (a sensitive() or a secret of the same text elsewhere in
 * it), so the engine judges both ways and keeps the worse (see judge).
 */
function whereHolds(where: Where, change: UnjudgedChange, mayHold: boolean): boolean {
  let pattern = wherePatterns.get(where);
  if (!pattern) wherePatterns.set(where, (pattern = globsToRegExp(where.equals ?? where.not_equals)!));
  const { texts, hidden } = attributeTexts(change, where.path);
  if (hidden) return mayHold;
  if (where.equals) return texts.some((text) => pattern.test(text));
  return texts.length === 0 || texts.some((text) => !pattern.test(text));
}

/**
 * Whether an address glob admits the change's address, or with `mayHold` the one it is moved from (a
 * change must not leave a rule's reach by moving out of it; judge keeps the worse of both). A Terraform address has a `/` only inside an instance key,
 * the author's text (a file path, a CIDR), never between its parts, so there `*` and `?` cross it (the
 * address is tried again with each `/` as another character): `module.app.*` admits
 * `module.app.x.y["a/b"]` as it admits `module.app.x.y["b"]`.
 */
function addressMatches(pattern: RegExp, change: UnjudgedChange, mayHold: boolean): boolean {
  return admitsAddress(pattern, change, change.address) || (mayHold && change.previous_address !== undefined && admitsAddress(pattern, change, change.previous_address));
}

// Not a closure in addressMatches: it runs for every change and address rule.
function admitsAddress(pattern: RegExp, change: UnjudgedChange, address: string): boolean {
  return pattern.test(address) || (change.source === TERRAFORM_PLAN_SOURCE && address.includes('/') && pattern.test(address.replaceAll('/', '\u2215')));
}

// A field's path with list indexes as `*`: `/ingress/0/cidr_blocks/1` → `/ingress/*/cidr_blocks/*`.
const listShape = (path: string) => path.replace(/\/\d+(?=\/|$)/g, '/*');

/**
 * Whether the values `toward` reads as the new ones leave address ranges open: the other side is
 * every field of the change the rule's path matches at the same place up to list indexes, so a range
 * moved within a list is no widening, but a range leaving egress does not excuse it entering ingress.
 */
function cidrMatches(compiled: CompiledRule, field: FieldChange, change: UnjudgedChange): boolean {
  const live = compiled.rule.match.toward === 'live';
  let byRule = cidrClassifiers.get(change);
  if (!byRule) cidrClassifiers.set(change, (byRule = new Map()));
  let byShape = byRule.get(compiled);
  if (!byShape) byRule.set(compiled, (byShape = new Map()));
  const shape = listShape(field.path);
  let classify = byShape.get(shape);
  if (!classify) {
    const others = change.fields
      .filter((candidate) => (!compiled.path || compiled.path.test(candidate.path)) && listShape(candidate.path) === shape)
      .map((candidate) => (live ? candidate.after : candidate.before));
    byShape.set(shape, (classify = cidrClassifier(others)));
  }
  return compiled.rule.match.cidr_change!.includes(classify(live ? field.before : field.after)!);
}

/** The other side's ranges, parsed once per change, rule and list: a large rule set repeats the same fields. */
const cidrClassifiers = new WeakMap<UnjudgedChange, Map<CompiledRule, Map<string, (to: unknown) => CidrChange | undefined>>>();

/** Whether a rule matches a field; its path glob is already known to admit the field's path. */
function fieldMatches(compiled: CompiledRule, field: FieldChange, change: UnjudgedChange, mayHold: boolean): boolean {
  const { after, before, address: addressPattern, rule } = compiled;
  const { image_change: imageChange, toward, where } = rule.match;
  return (
    (rule.match.sensitive === undefined || rule.match.sensitive === field.sensitive) &&
    (!after || (isScalar(field.after) && after.test(String(field.after)))) &&
    (!before || (isScalar(field.before) && before.test(String(field.before)))) &&
    (!imageChange || imageChange.includes((toward === 'live' ? classifyImageChange(field.after, field.before) : classifyImageChange(field.before, field.after))!)) &&
    (!rule.match.cidr_change || cidrMatches(compiled, field, change)) &&
    (!addressPattern || addressMatches(addressPattern, change, mayHold)) &&
    (!where || whereHolds(where, change, mayHold))
  );
}

/** The most severe verdict of `rules` (all admitting the field's path) on a field, starting from `verdict`; the first listed wins a tie. */
function judgeField(field: FieldChange, change: UnjudgedChange, rules: readonly CompiledRule[], mayHold: boolean, verdict?: Verdict): Verdict | undefined {
  for (const compiled of rules) {
    if ((!verdict || RANK[verdict.severity] < RANK[compiled.rule.severity]) && fieldMatches(compiled, field, change, mayHold)) verdict = compiled.verdict;
  }
  return verdict;
}

const admitting = (rules: readonly CompiledRule[], path: string) => rules.filter((compiled) => !compiled.path || compiled.path.test(path));

/** `rules` narrowed to those whose path glob admits `path`, cached in `byPath`. */
function rulesForPath(byPath: Map<string, CompiledRule[]>, rules: readonly CompiledRule[], path: string): CompiledRule[] {
  let found = byPath.get(path);
  if (!found) byPath.set(path, (found = admitting(rules, path)));
  return found;
}

/** Compiles a rule's globs other than source and kind, once it applies to some change. */
function complete(compiled: CompiledRule): CompiledRule {
  if (!compiled.complete) {
    const { match } = compiled.rule;
    compiled.address = globsToRegExp(match.address);
    compiled.path = globsToRegExp(match.path);
    compiled.after = globsToRegExp(match.after);
    compiled.before = globsToRegExp(match.before);
    compiled.complete = true;
  }
  return compiled;
}

/**
 * Judges changes with severity rules. The most severe matching rule wins (the first one listed on
 * a tie). A change's verdict is the most severe of: the rules matching it as a whole, and for each
 * field the rule matching that field — or the fallback, so an unexplained field is never quieter
 * than the fallback. For a change made outside Git, rules about what runs now (`origin: outside`
 * with a value condition) are judged first, so the riskier side wins and, on a tie, the live side
 * names the change. Which rules can apply depends only on source, kind, action and origin, and a
 * path-only rule's verdict only on the path, so both are cached: large plans repeat the same few
 * resource types and paths.
 */
export class SeverityEngine {
  private readonly compiled: CompiledRule[];
  private readonly fallback: Verdict;
  /** By kind, source, action, then origin. */
  private readonly candidates = new Map<string, Map<string, Map<string, Map<string, Candidates>>>>();

  constructor(private readonly ruleSet: SeverityRuleSet) {
    this.fallback = { severity: ruleSet.fallback.severity, rule: compactId(ruleSet.fallback.id) };
    this.compiled = ruleSet.rules.map((rule) => ({
      rule,
      verdict: { severity: rule.severity, rule: compactId(rule.id) },
      source: globsToRegExp(rule.match.source),
      kind: globsToRegExp(rule.match.kind),
      complete: false,
      address: undefined,
      path: undefined,
      after: undefined,
      before: undefined,
    }));
  }

  private candidatesFor({ kind, source, action, origin }: UnjudgedChange): Candidates {
    let bySource = this.candidates.get(kind);
    if (!bySource) this.candidates.set(kind, (bySource = new Map()));
    let byAction = bySource.get(source);
    if (!byAction) bySource.set(source, (byAction = new Map()));
    let byOrigin = byAction.get(action);
    if (!byOrigin) byAction.set(action, (byOrigin = new Map()));
    let found = byOrigin.get(origin);
    if (!found) byOrigin.set(origin, (found = this.selectCandidates(kind, source, action, origin)));
    return found;
  }

  private selectCandidates(kind: string, source: string, action: UnjudgedChange['action'], origin: UnjudgedChange['origin']): Candidates {
    const applicable = this.compiled
      .filter(
        ({ rule, source: sourcePattern, kind: kindPattern }) =>
          (!sourcePattern || sourcePattern.test(source)) &&
          (!kindPattern || kindPattern.test(kind)) &&
          (!rule.match.action || rule.match.action.includes(action)) &&
          (!rule.match.origin || rule.match.origin === origin),
      )
      .map(complete);
    const fieldRules = applicable.filter(judgesFields);
    const byValue = (c: CompiledRule) => c.address !== undefined || c.rule.match.sensitive !== undefined || c.rule.match.where !== undefined || judgesValues(c.rule);
    return {
      changeRules: applicable.filter((c) => !judgesFields(c)),
      pathRules: fieldRules.filter((c) => !byValue(c)),
      valueRules: fieldRules.filter((c) => byValue(c) && !judgesLiveSide(c)),
      liveRules: fieldRules.filter(judgesLiveSide),
      pathVerdicts: new Map(),
      valueRulesByPath: new Map(),
      liveRulesByPath: new Map(),
      readsWhere: applicable.some((c) => c.rule.match.where !== undefined),
      readsAddress: applicable.some((c) => c.rule.match.address !== undefined),
    };
  }

  /**
   * What may hold (a `where` on a hidden value, an address glob on the address a moved resource had) is
   * judged both ways, the worse kept: holding raises a verdict by a rule that makes the change more
   * severe, but would lower one that a rule less severe than the fallback takes over.
   */
  judge(change: UnjudgedChange): Verdict {
    const candidates = this.candidatesFor(change);
    const holding = this.judgeWith(change, candidates, true);
    if (!candidates.readsWhere && !(candidates.readsAddress && change.previous_address !== undefined)) return holding;
    const notHolding = this.judgeWith(change, candidates, false);
    return RANK[notHolding.severity] > RANK[holding.severity] ? notHolding : holding;
  }

  private judgeWith(change: UnjudgedChange, candidates: Candidates, mayHold: boolean): Verdict {
    const { changeRules, pathRules, valueRules, liveRules, pathVerdicts } = candidates;
    let best: Verdict | undefined;
    // The live side first: when what runs now is as risky as the change, its rule says why.
    if (liveRules.length) {
      for (const field of change.fields) {
        const verdict = judgeField(field, change, rulesForPath(candidates.liveRulesByPath, liveRules, field.path), mayHold);
        if (verdict && (!best || RANK[verdict.severity] > RANK[best.severity])) best = verdict;
      }
    }
    for (const { rule, address, verdict } of changeRules) {
      if ((!best || RANK[verdict.severity] > RANK[best.severity]) && (!address || addressMatches(address, change, mayHold)) && (!rule.match.where || whereHolds(rule.match.where, change, mayHold))) best = verdict;
    }
    for (const field of change.fields) {
      let verdict = pathVerdicts.get(field.path);
      if (verdict === undefined && !pathVerdicts.has(field.path)) {
        // Path rules read no `where`: their verdict is the same either way.
        verdict = judgeField(field, change, admitting(pathRules, field.path), mayHold);
        pathVerdicts.set(field.path, verdict);
      }
      if (valueRules.length) verdict = judgeField(field, change, rulesForPath(candidates.valueRulesByPath, valueRules, field.path), mayHold, verdict);
      verdict ??= this.fallback;
      if (!best || RANK[verdict.severity] > RANK[best.severity]) best = verdict;
    }
    return best ?? this.fallback;
  }

  judgeAll(changes: readonly UnjudgedChange[]): Change[] {
    return changes.map((change) => {
      const { severity, rule } = this.judge(change);
      const judged: Change = { address: change.address, kind: change.kind, source: change.source, action: change.action, origin: change.origin, severity, rule, fields: change.fields };
      // The source's other keys (previous_address, importing, attributes…) after these, in their order.
      for (const key in change) if (!JUDGED_KEYS.has(key)) (judged as Record<string, unknown>)[key] = (change as Record<string, unknown>)[key];
      return judged;
    });
  }
}

/** The keys judgeAll writes first, and the verdict of a Change judged again (replaced by the new one, in its place). */
const JUDGED_KEYS = new Set(['address', 'kind', 'source', 'action', 'origin', 'severity', 'rule', 'fields']);

import { SEVERITIES, type Change, type FieldChange, type Severity, type UnjudgedChange } from '../model/report.js';
import { globsToRegExp } from './glob.js';
import { classifyImageChange } from './image-change.js';
import type { SeverityRule, SeverityRuleSet } from './rules.js';

const rank = (severity: Severity) => SEVERITIES.length - SEVERITIES.indexOf(severity);

interface CompiledRule {
  rule: SeverityRule;
  source?: RegExp;
  kind?: RegExp;
  address?: RegExp;
  path?: RegExp;
  after?: RegExp;
}

interface Candidates {
  /** Rules without field conditions that match the change as a whole (address still to test). */
  changeRules: CompiledRule[];
  /** Field rules that depend only on the field's path: their verdicts are cached by path. */
  pathRules: CompiledRule[];
  /** Field rules that also look at the address, the value or its sensitivity: tested every time. */
  valueRules: CompiledRule[];
  pathVerdicts: Map<string, Verdict | undefined>;
}

export interface Verdict {
  severity: Severity;
  rule: string;
}

const judgesFields = ({ rule }: CompiledRule) =>
  rule.match.path !== undefined || rule.match.sensitive !== undefined || rule.match.after !== undefined || rule.match.image_change !== undefined;

const isScalar = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function fieldMatches(compiled: CompiledRule, field: FieldChange, address: string): boolean {
  const { path, after, address: addressPattern, rule } = compiled;
  return (
    (!path || path.test(field.path)) &&
    (rule.match.sensitive === undefined || rule.match.sensitive === field.sensitive) &&
    (!after || (isScalar(field.after) && after.test(String(field.after)))) &&
    (!rule.match.image_change || rule.match.image_change.includes(classifyImageChange(field.before, field.after)!)) &&
    (!addressPattern || addressPattern.test(address))
  );
}

function mostSevere(verdict: Verdict | undefined, rule: SeverityRule): Verdict {
  return verdict && rank(verdict.severity) >= rank(rule.severity) ? verdict : { severity: rule.severity, rule: rule.id };
}

function judgeField(field: FieldChange, address: string, rules: readonly CompiledRule[], verdict?: Verdict): Verdict | undefined {
  for (const compiled of rules) if (fieldMatches(compiled, field, address)) verdict = mostSevere(verdict, compiled.rule);
  return verdict;
}

/**
 * Judges changes with severity rules. The most severe matching rule wins (the first one listed on
 * a tie). A change's verdict is the most severe of: the rules matching it as a whole, and for each
 * field the rule matching that field — or the fallback, so an unexplained field is never quieter
 * than the fallback. Which rules can apply depends only on source, kind, action and origin, and a
 * path-only rule's verdict only on the path, so both are cached: large plans repeat the same few
 * resource types and paths.
 */
export class SeverityEngine {
  private readonly compiled: CompiledRule[];
  /** By kind, then by source, action and origin. */
  private readonly candidates = new Map<string, Map<string, Candidates>>();

  constructor(private readonly ruleSet: SeverityRuleSet) {
    this.compiled = ruleSet.rules.map((rule) => ({
      rule,
      source: globsToRegExp(rule.match.source),
      kind: globsToRegExp(rule.match.kind),
      address: globsToRegExp(rule.match.address),
      path: globsToRegExp(rule.match.path),
      after: globsToRegExp(rule.match.after),
    }));
  }

  private candidatesFor(change: UnjudgedChange): Candidates {
    let byKind = this.candidates.get(change.kind);
    if (!byKind) this.candidates.set(change.kind, (byKind = new Map()));
    const key = `${change.source} ${change.action} ${change.origin}`;
    let found = byKind.get(key);
    if (!found) {
      const applicable = this.compiled.filter(
        ({ rule, source, kind }) =>
          (!source || source.test(change.source)) &&
          (!kind || kind.test(change.kind)) &&
          (!rule.match.action || rule.match.action.includes(change.action)) &&
          (!rule.match.origin || rule.match.origin === change.origin),
      );
      const fieldRules = applicable.filter(judgesFields);
      const byValue = (c: CompiledRule) => c.address !== undefined || c.after !== undefined || c.rule.match.sensitive !== undefined || c.rule.match.image_change !== undefined;
      found = {
        changeRules: applicable.filter((c) => !judgesFields(c)),
        pathRules: fieldRules.filter((c) => !byValue(c)),
        valueRules: fieldRules.filter(byValue),
        pathVerdicts: new Map(),
      };
      byKind.set(key, found);
    }
    return found;
  }

  judge(change: UnjudgedChange): Verdict {
    const { changeRules, pathRules, valueRules, pathVerdicts } = this.candidatesFor(change);
    const fallback: Verdict = { severity: this.ruleSet.fallback.severity, rule: this.ruleSet.fallback.id };
    let best: Verdict | undefined;
    const consider = (verdict: Verdict) => {
      if (!best || rank(verdict.severity) > rank(best.severity)) best = verdict;
    };
    for (const { rule, address } of changeRules) if (!address || address.test(change.address)) consider({ severity: rule.severity, rule: rule.id });
    for (const field of change.fields) {
      let verdict = pathVerdicts.get(field.path);
      if (verdict === undefined && !pathVerdicts.has(field.path)) {
        verdict = judgeField(field, change.address, pathRules);
        pathVerdicts.set(field.path, verdict);
      }
      if (valueRules.length) verdict = judgeField(field, change.address, valueRules, verdict);
      consider(verdict ?? fallback);
    }
    return best ?? fallback;
  }

  judgeAll(changes: readonly UnjudgedChange[]): Change[] {
    return changes.map((change) => {
      const { severity, rule } = this.judge(change);
      const { address, kind, source, action, origin, fields, ...extra } = change;
      return { address, kind, source, action, origin, severity, rule, fields, ...extra };
    });
  }
}

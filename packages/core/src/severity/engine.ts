import { SEVERITIES, type Change, type Severity, type UnjudgedChange } from '../model/report.js';
import { globsToRegExp } from './glob.js';
import type { SeverityRule, SeverityRuleSet } from './rules.js';

const rank = (severity: Severity) => SEVERITIES.length - SEVERITIES.indexOf(severity);

interface CompiledRule {
  rule: SeverityRule;
  source?: RegExp;
  kind?: RegExp;
  address?: RegExp;
  path?: RegExp;
}

interface Candidates {
  /** Rules without `path` that match the change as a whole. */
  changeRules: CompiledRule[];
  /** Rules with `path` whose other conditions match; each field is tested against them. */
  fieldRules: CompiledRule[];
  /** Field verdicts by path (the same paths recur across resources of a type); unused with address rules. */
  fieldVerdicts?: Map<string, Verdict | undefined>;
}

export interface Verdict {
  severity: Severity;
  rule: string;
}

function judgeField(path: string, rules: readonly CompiledRule[]): Verdict | undefined {
  let verdict: Verdict | undefined;
  for (const { rule, path: pattern } of rules) {
    if (pattern!.test(path) && (!verdict || rank(rule.severity) > rank(verdict.severity))) verdict = { severity: rule.severity, rule: rule.id };
  }
  return verdict;
}

/**
 * Judges changes with severity rules. The most severe matching rule wins (the first one listed on
 * a tie). A change's verdict is the most severe of: the rules matching it as a whole, and for each
 * field the rule matching that field — or the fallback, so an unexplained field is never quieter
 * than the fallback. Which rules can apply depends only on source, kind, action and origin, so
 * that lookup is cached: large plans repeat the same few resource types.
 */
export class SeverityEngine {
  private readonly compiled: CompiledRule[];
  private readonly candidates = new Map<string, Candidates>();

  constructor(private readonly ruleSet: SeverityRuleSet) {
    this.compiled = ruleSet.rules.map((rule) => ({
      rule,
      source: globsToRegExp(rule.match.source),
      kind: globsToRegExp(rule.match.kind),
      address: globsToRegExp(rule.match.address),
      path: globsToRegExp(rule.match.path),
    }));
  }

  private candidatesFor(change: UnjudgedChange): Candidates {
    const key = `${change.source}\u0000${change.kind}\u0000${change.action}\u0000${change.origin}`;
    let found = this.candidates.get(key);
    if (!found) {
      const applicable = this.compiled.filter(
        ({ rule, source, kind }) =>
          (!source || source.test(change.source)) &&
          (!kind || kind.test(change.kind)) &&
          (!rule.match.action || rule.match.action.includes(change.action)) &&
          (!rule.match.origin || rule.match.origin === change.origin),
      );
      found = { changeRules: applicable.filter((c) => !c.path), fieldRules: applicable.filter((c) => c.path) };
      if (!applicable.some((c) => c.address)) found.fieldVerdicts = new Map();
      this.candidates.set(key, found);
    }
    return found;
  }

  judge(change: UnjudgedChange): Verdict {
    const candidates = this.candidatesFor(change);
    const byAddress = ({ address }: CompiledRule) => !address || address.test(change.address);
    const changeRules = candidates.changeRules.filter(byAddress);
    const fieldRules = candidates.fieldRules.filter(byAddress);
    const fallback: Verdict = { severity: this.ruleSet.fallback.severity, rule: this.ruleSet.fallback.id };
    let best: Verdict | undefined;
    const consider = (verdict: Verdict) => {
      if (!best || rank(verdict.severity) > rank(best.severity)) best = verdict;
    };
    for (const { rule } of changeRules) consider({ severity: rule.severity, rule: rule.id });
    const cache = candidates.fieldVerdicts;
    for (const field of change.fields) {
      let fieldVerdict = cache?.get(field.path);
      if (fieldVerdict === undefined && !cache?.has(field.path)) {
        fieldVerdict = judgeField(field.path, fieldRules);
        cache?.set(field.path, fieldVerdict);
      }
      consider(fieldVerdict ?? fallback);
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

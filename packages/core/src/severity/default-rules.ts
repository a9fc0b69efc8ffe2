import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { globsToRegExp } from './glob.js';
import { SeverityRuleSet } from './rules.js';

let cached: SeverityRuleSet | undefined;

/** The rules shipped with gitops-sync (`default-rules.yaml`, bundled beside the code). */
export function defaultRules(): SeverityRuleSet {
  cached ??= SeverityRuleSet.parse(parse(readFileSync(new URL('./default-rules.yaml', import.meta.url), 'utf8')));
  return cached;
}

const deciding = new Map<string, readonly string[]>();

/**
 * The attributes the default rules' `where` conditions read for a source's resource kind (JSON
 * pointers): what the source keeps of such a resource even when they did not change.
 */
export function decidingAttributePaths(source: string, kind: string): readonly string[] {
  const key = `${source} ${kind}`;
  let paths = deciding.get(key);
  if (!paths) {
    const applies = (globs: readonly string[] | undefined, text: string) => !globs || globsToRegExp(globs)!.test(text);
    const rules = defaultRules().rules.filter((rule) => rule.match.where && applies(rule.match.source, source) && applies(rule.match.kind, kind));
    paths = [...new Set(rules.map((rule) => rule.match.where!.path))];
    deciding.set(key, paths);
  }
  return paths;
}

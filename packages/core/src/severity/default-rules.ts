import { readFileSync } from 'node:fs';
import { globsToRegExp } from './glob.js';
import type { SeverityRuleSet } from './rules.js';

let cached: SeverityRuleSet | undefined;

/**
 * The rules shipped with gitops-sync: `default-rules.yaml`, as `default-rules.validated.json` (bundled beside
 * the code) holds them once validated. scripts/write-schemas.ts writes that file at every build and a
 * test checks it is current: reading and validating the YAML took 30-35 ms of every analysis's start
 * (js-yaml and zod running cold), the JSON takes 1 ms.
 */
export function defaultRules(): SeverityRuleSet {
  cached ??= JSON.parse(readFileSync(new URL('./default-rules.validated.json', import.meta.url), 'utf8')) as SeverityRuleSet;
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

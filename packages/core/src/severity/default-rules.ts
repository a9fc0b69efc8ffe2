import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { globsToRegExp } from './glob.js';
import { SeverityRuleSet } from './rules.js';

let cached: SeverityRuleSet | undefined;

/**
 * The rules shipped with gitops-sync (`default-rules.yaml`, bundled beside the code). Read with
 * js-yaml: the `yaml` package took 170–300 ms of every command's start for this file, js-yaml 15 ms
 * (a test checks both read it the same).
 */
export function defaultRules(): SeverityRuleSet {
  cached ??= SeverityRuleSet.parse(load(readFileSync(new URL('./default-rules.yaml', import.meta.url), 'utf8')));
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

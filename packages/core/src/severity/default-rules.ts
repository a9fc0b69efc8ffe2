import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SeverityRuleSet } from './rules.js';

let cached: SeverityRuleSet | undefined;

/** The rules shipped with gitops-sync (`default-rules.yaml`, bundled beside the code). */
export function defaultRules(): SeverityRuleSet {
  cached ??= SeverityRuleSet.parse(parse(readFileSync(new URL('./default-rules.yaml', import.meta.url), 'utf8')));
  return cached;
}

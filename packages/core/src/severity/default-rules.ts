import { readFileSync } from 'node:fs';
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

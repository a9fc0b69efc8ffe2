import { defaultRules, mergeRules, parseYamlWith, SeverityRuleList, type GitopsSyncConfig, type SeverityRule, type SeverityRuleSet } from '@gitops-sync/core';
import { z } from 'zod';
import { readInputFile } from './files.js';

export function rulesFor(config: GitopsSyncConfig, extra: readonly SeverityRule[] = []): SeverityRuleSet {
  return mergeRules(defaultRules(), [...config.severity.rules, ...extra]);
}

const RulesFile = z.object({ rules: SeverityRuleList }).strict();

/** Reads a `--rules` file: `rules:` in the same shape as `severity.rules` in gitops-sync.yaml. */
export function loadRulesFile(path: string): SeverityRule[] {
  const text = readInputFile(path, 'a severity rules YAML file', { maxBytes: 1024 * 1024, fixed: true }).toString('utf8');
  return parseYamlWith(RulesFile, text, path, 'a rules file holds `rules:` entries with id, severity and match.').rules;
}


/**
 * A rule replaces the rule with the same id, so two rules of one config with the same id (one copied
 * from the other, its id left as it was) kept only the last: the first rule stopped judging anything,
 * silently. Such a config is refused when it loads.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { analyzePlanFile } from '@gitops-sync/engine';
import { planJson, resourceUpdate } from './support/plan-json.js';
import { tempDir } from './support/temp-dir.js';

const CONFIG = `severity:
  rules:
    - id: acme.secrets
      severity: critical
      match: { source: terraform-plan, kind: acme_vault_secret }
    - id: acme.keys
      severity: critical
      match: { source: terraform-plan, kind: acme_kms_key }
`;

test('two rules with one id are refused in one sentence naming the second', () => {
  expect(() => parseConfig(CONFIG.replace('acme.keys', 'acme.secrets'), 'gitops-sync.yaml')).toThrow(
    'gitops-sync.yaml:6: severity.rules.1.id: rule id "acme.secrets" is given to an earlier rule too, which this one would replace; give each rule its own id (only a shipped rule is replaced by using its id); see the configuration reference in the README.',
  );
});

test('with their own ids both rules judge', async () => {
  const planPath = join(tempDir('gitops-sync-attack25cfg-'), 'plan.json');
  writeFileSync(planPath, planJson([resourceUpdate('acme_vault_secret.db', { tags: { a: '1' } }, { tags: { a: '2' } }), resourceUpdate('acme_kms_key.k', { tags: { a: '1' } }, { tags: { a: '2' } })]));
  const report = await analyzePlanFile({ planPath, environment: 'staging', config: parseConfig(CONFIG, 'gitops-sync.yaml'), fingerprint: false }, {});
  expect(report.changes.map((change) => [change.address, change.severity, change.rule])).toEqual([
    ['acme_vault_secret.db', 'critical', 'acme.secrets'],
    ['acme_kms_key.k', 'critical', 'acme.keys'],
  ]);
});

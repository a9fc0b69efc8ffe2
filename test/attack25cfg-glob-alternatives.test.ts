/**
 * `{a,b}` in a severity rule's glob is "either a or b", and each alternative is a glob like the rest: a
 * rule written `kind: '{acme_vault_*,acme_kms_*}'` to make those kinds critical must not silently match
 * nothing (the alternatives were read as literal text, so such a change stayed medium).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { analyzePlanFile } from '@gitops-sync/engine';
import { planJson, resourceUpdate } from './support/plan-json.js';
import { tempDir } from './support/temp-dir.js';

async function judged(rule: string, address: string, before: object, after: object) {
  const config = parseConfig(`severity:\n  rules:\n    - id: acme.own\n      severity: critical\n      match: ${rule}\n`, 'gitops-sync.yaml');
  const planPath = join(tempDir('gitops-sync-attack25cfg-'), 'plan.json');
  writeFileSync(planPath, planJson([resourceUpdate(address, before, after)]));
  const report = await analyzePlanFile({ planPath, environment: 'staging', config, fingerprint: false }, {});
  return report.changes.map((change) => [change.address, change.severity, change.rule]);
}

test.each([
  ["{ source: terraform-plan, kind: '{acme_vault_*,acme_kms_*}' }", 'acme_vault_secret.db', { tags: { a: '1' } }, { tags: { a: '2' } }],
  ["{ source: terraform-plan, kind: acme_app, path: '{/tags/*,/labels/*}' }", 'acme_app.web', { tags: { a: '1' } }, { tags: { a: '2' } }],
  ["{ source: terraform-plan, kind: acme_app, where: { path: /tags/env, equals: '{prod*,live}' } }", 'acme_app.web', { size: 1, tags: { env: 'prod-eu' } }, { size: 2, tags: { env: 'prod-eu' } }],
  ["{ source: terraform-plan, kind: acme_app, path: /image, after: '{*:latest,*:edge}' }", 'acme_app.web', { image: 'nginx:1.27' }, { image: 'nginx:edge' }],
])('a rule matching %s makes %s critical', async (rule, address, before, after) => {
  expect(await judged(rule, address, before, after)).toEqual([[address, 'critical', 'acme.own']]);
});

/**
 * A `where` on a value the plan hides holds (so a rule that makes a change critical cannot be dodged
 * by hiding what it reads). But a rule that judges a field *less* severe than the fallback must not win
 * by the same hidden value: the change is judged as the hidden value may make it, the worse way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import type { DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { planJson, resourceUpdate } from './support/plan-json.js';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-review25-where-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = `severity:
  rules:
    - id: sandbox-monitoring
      severity: low
      match: { source: terraform-plan, kind: aws_instance, path: /monitoring, where: { path: /tags/env, equals: sandbox } }
`;

async function judge(env: string, sensitive: boolean) {
  const tags = { env, team: 'shop' };
  writeFileSync(join(dir, 'plan.json'), planJson([resourceUpdate('aws_instance.web', { monitoring: false, tags }, { monitoring: true, tags }, sensitive ? { sensitive: { tags: { env: true } } } : {})]));
  writeFileSync(join(dir, 'gitops-sync.yaml'), CONFIG);
  const run = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', 'json'], { cwd: dir });
  expect(run.stderr).toBe('');
  const [change] = (JSON.parse(run.stdout) as DriftReport).changes;
  return [change!.severity, change!.rule];
}

describe('a lowering rule whose where reads a hidden value', () => {
  test('a sandbox instance known as such is judged low by the rule', async () => {
    expect(await judge('sandbox', false)).toEqual(['low', 'sandbox-monitoring']);
  });

  test('an instance whose env tag is sensitive keeps the fallback (medium): hiding prod does not make it low', async () => {
    expect(await judge('prod', true)).toEqual(['medium', 'default.unclassified']);
  });
});

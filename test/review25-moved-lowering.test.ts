/**
 * A rule's address glob admits a resource moved out of its reach (so moving a resource out of a
 * critical rule's module does not dodge it). But a rule less severe than the fallback must not take a
 * resource moved *into* another module by the address it had: it is judged the worse way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import type { DriftReport } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { planJson, resourceUpdate } from './support/plan-json.js';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-review25-moved-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = `severity:
  rules:
    - id: sandbox-low
      severity: low
      match: { source: terraform-plan, address: ['module.sandbox.*'], path: ['/**'] }
`;

async function judge(address: string, previous?: string) {
  const change = { ...resourceUpdate('aws_instance.web', { monitoring: false }, { monitoring: true }), address, module_address: address.split('.').slice(0, 2).join('.'), ...(previous ? { previous_address: previous } : {}) };
  writeFileSync(join(dir, 'plan.json'), planJson([change]));
  writeFileSync(join(dir, 'gitops-sync.yaml'), CONFIG);
  const run = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', 'json'], { cwd: dir });
  expect(run.stderr).toBe('');
  const [judged] = (JSON.parse(run.stdout) as DriftReport).changes;
  return [judged!.address, judged!.severity, judged!.rule];
}

describe('a lowering address rule and a moved resource', () => {
  test('a sandbox instance is judged low by the rule', async () => {
    expect(await judge('module.sandbox.aws_instance.web')).toEqual(['module.sandbox.aws_instance.web', 'low', 'sandbox-low']);
  });

  test('an instance moved from the sandbox into prod keeps the fallback (medium), not the sandbox rule', async () => {
    expect(await judge('module.prod.aws_instance.web', 'module.sandbox.aws_instance.web')).toEqual(['module.prod.aws_instance.web', 'medium', 'default.unclassified']);
  });
});

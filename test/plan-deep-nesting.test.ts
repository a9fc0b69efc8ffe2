/**
 * A plan whose values nest thousands of levels deep (no Terraform writes one; a crafted file can) used to
 * end the analysis with "Maximum call stack size exceeded (this is a bug …)". It is bad input: one sentence
 * naming the file, exit 1, and no report written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { describeFailure, parseTerraformPlan } from '@gitops-sync/core';
import { REPO_ROOT } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';
import { expectUserError } from './support/user-error.js';

const dir = tempDir('gitops-sync-deep-plan-');
const CLI = join(REPO_ROOT, 'dist/cli/index.js');
const DEPTH = 20_000;

/** A one-resource plan whose `after` (or `before`) is an object nested DEPTH levels deep. */
function deepPlan(side: 'before' | 'after'): string {
  const deep = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;
  const change = { actions: ['update'], before: { v: 1 }, after: { v: 2 }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} };
  const plan = { format_version: '1.2', terraform_version: '1.9.0', resource_changes: [{ address: 'null_resource.x', mode: 'managed', type: 'null_resource', name: 'x', provider_name: 'registry.terraform.io/hashicorp/null', change }] };
  return JSON.stringify(plan).replace(`"${side}":{"v":${side === 'before' ? 1 : 2}}`, `"${side}":{"v":${deep}}`);
}

const TOO_DEEP = /nests values thousands of levels deep, more than gitops-sync can follow; no tool it reads writes such input, so check where it came from and produce it again\.$/;

describe('a plan nested thousands of levels deep', () => {
  test.each(['before', 'after'] as const)('in %s: parseTerraformPlan refuses it in one sentence naming the plan', (side) => {
    const message = expectUserError(() => parseTerraformPlan(deepPlan(side), { label: 'deep.json' }), TOO_DEEP);
    expect(message.startsWith('deep.json ')).toBe(true);
  });

  test('anything else running out of stack is described as too deep an input, not as a bug', () => {
    const overflow = (depth: number): number => overflow(depth + 1) + 1;
    let caught: unknown;
    try {
      overflow(0);
    } catch (error) {
      caught = error;
    }
    expect(describeFailure(caught)).toMatch(/^The input nests values thousands of levels deep/);
    expect(describeFailure(new RangeError('Invalid array length'))).toContain('this is a bug');
  });

  test.each([
    ['analyze', ['analyze', '--source', 'terraform-plan', '--format', 'json', '--output', 'report.json']],
    ['analyze --fingerprint', ['analyze', '--source', 'terraform-plan', '--fingerprint', '--format', 'json', '--output', 'report.json']],
    ['drift-detect', ['drift-detect', '--environment', 'prod', '--fail-on', 'never', '--output', 'reports']],
  ])('the CLI bundle, %s: exit 1, the sentence, no stack trace, nothing written', (name, args) => {
    const work = join(dir, name.replaceAll(' ', '-'));
    spawnSync('mkdir', ['-p', work]);
    const plan = join(work, 'deep.json');
    writeFileSync(plan, deepPlan('after'));
    writeFileSync(join(work, 'gitops-sync.yaml'), 'environments:\n  prod: {}\n');
    const input = name === 'drift-detect' ? ['--terraform-plan-json', plan] : ['--input', plan];
    const run = spawnSync(process.execPath, [CLI, ...args, ...input], { cwd: work, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(TOO_DEEP);
    expect(run.stderr).toContain(`${plan} nests values`);
    expect(run.stderr).not.toMatch(/this is a bug|\n\s+at |RangeError/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(work, 'report.json'))).toBe(false);
    expect(existsSync(join(work, 'reports')) ? readdirSync(join(work, 'reports')) : []).toEqual([]);
  });
});

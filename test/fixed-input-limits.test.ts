import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

/*
 * Config and rules files have a 1 MB limit of their own. Over it, the refusal told the user to raise
 * GITOPS_SYNC_MAX_INPUT_MB, which does not raise those limits (helper-140: a 1.7 MB rules file refused
 * with the variable already at 500); plans and exports, which it does raise, keep that advice.
 */

const PLAN = '{"format_version":"1.2","resource_changes":[]}';

/** Runs with GITOPS_SYNC_MAX_INPUT_MB set in this process's environment, which the input bound reads. */
async function withInputBound<T>(megabytes: string, run: () => Promise<T>): Promise<T> {
  const before = process.env.GITOPS_SYNC_MAX_INPUT_MB;
  process.env.GITOPS_SYNC_MAX_INPUT_MB = megabytes;
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.GITOPS_SYNC_MAX_INPUT_MB;
    else process.env.GITOPS_SYNC_MAX_INPUT_MB = before;
  }
}

/** A YAML file of about `megabytes` MB: one rule per line. */
function rulesOf(megabytes: number): string {
  const lines = ['rules:'];
  for (let index = 0; lines.join('\n').length < megabytes * 1024 * 1024; index++) {
    lines.push(...Array.from({ length: 1000 }, (_, offset) => `  - { id: custom.rule-${index * 1000 + offset}, severity: low, match: { kind: 'aws_thing_${index * 1000 + offset}' } }`));
  }
  return `${lines.join('\n')}\n`;
}

describe('files with a fixed size limit', () => {
  test('a rules file over 1 MB is refused without the advice to raise GITOPS_SYNC_MAX_INPUT_MB', async () => {
    const dir = tempDir('gitops-sync-fixed-limits-');
    writeFileSync(join(dir, 'plan.json'), PLAN);
    writeFileSync(join(dir, 'rules.yaml'), rulesOf(1.2));
    const run = await withInputBound('500', () => cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--rules', 'rules.yaml'], { cwd: dir }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gitops-sync: \S*\/rules\.yaml is 1\.2 MB, over the 1 MB limit for a severity rules YAML file; that limit is fixed \(GITOPS_SYNC_MAX_INPUT_MB does not raise it\), so make the file smaller\.\n$/);
  });

  test('a gitops-sync.yaml over 1 MB says the same', async () => {
    const dir = tempDir('gitops-sync-fixed-limits-');
    writeFileSync(join(dir, 'plan.json'), PLAN);
    writeFileSync(join(dir, 'gitops-sync.yaml'), `environments: {}\n${rulesOf(1.1).replace(/^rules:/, 'severity_rules:')}`);
    const run = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/over the 1 MB limit for a gitops-sync\.yaml configuration; that limit is fixed \(GITOPS_SYNC_MAX_INPUT_MB does not raise it\), so make the file smaller\.\n$/);
  });

  test('a plan over the input bound still names GITOPS_SYNC_MAX_INPUT_MB', async () => {
    const dir = tempDir('gitops-sync-fixed-limits-');
    writeFileSync(join(dir, 'plan.json'), `${PLAN}${' '.repeat(2 * 1024 * 1024)}`);
    const run = await withInputBound('1', () => cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json'], { cwd: dir }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/over the 1 MB limit for a plan JSON .*; split the input or raise GITOPS_SYNC_MAX_INPUT_MB\.\n$/);
  });
});

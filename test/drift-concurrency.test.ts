/**
 * `drift --environments … --parallel` runs at most --concurrency environments at once (default: the
 * number of CPUs), each progress line names its environment and how many are done. Real terraform
 * (terraform_data only, offline) behind a wrapper that records when each command ran.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { runAtMost } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';
import { describeWithTerraform, offlineTerraformEnv, terraformDataApp, writeFiles } from './support/terraform.js';
import { environmentSpans, mostAtOnce, terraformCalls, timedTerraform } from './support/terraform-timeline.js';

const ENVIRONMENTS = ['env1', 'env2', 'env3', 'env4'];

describe('runAtMost', () => {
  test('never runs more than the limit at once, fills a free slot at once (not per batch), and runs every item once', async () => {
    const finish = new Map<string, () => void>();
    const started: string[] = [];
    const all = runAtMost(['long', 'a', 'b', 'c'], 2, (item) => {
      started.push(item);
      return new Promise<void>((resolve) => finish.set(item, resolve));
    });
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    await settle();
    expect(started).toEqual(['long', 'a']);
    finish.get('a')!();
    await settle();
    expect(started).toEqual(['long', 'a', 'b']);
    finish.get('b')!();
    await settle();
    expect(started).toEqual(['long', 'a', 'b', 'c']);
    finish.get('c')!();
    finish.get('long')!();
    await all;
  });
});

describeWithTerraform('drift --parallel --concurrency', () => {
  let root: string;
  let env: Record<string, string>;
  let log: string;

  beforeAll(() => {
    root = tempDir('gitops-sync-concurrency-');
    const timed = timedTerraform(root);
    log = timed.log;
    env = { ...offlineTerraformEnv(root), PATH: timed.PATH };
    const config = ENVIRONMENTS.map((name) => `  ${name}:\n    terraform:\n      dir: ${name}\n`).join('');
    writeFiles(root, { 'gitops-sync.yaml': `environments:\n${config}` });
    for (const name of ENVIRONMENTS) writeFiles(join(root, name), { 'main.tf': terraformDataApp(name) });
  });

  const drift = (...flags: string[]) => {
    writeFiles(root, { 'terraform-calls.log': '' });
    return cli(['drift', '--environments', ENVIRONMENTS.join(','), '--parallel', ...flags], { cwd: root, env });
  };

  test('--concurrency 2: four environments run two at a time, and every one is checked', async () => {
    const run = await drift('--concurrency', '2');
    expect(run.code).toBe(2);
    const spans = environmentSpans(terraformCalls(log));
    expect(spans.map((span) => span.environment).sort()).toEqual(ENVIRONMENTS);
    expect(mostAtOnce(spans)).toBe(2);
  });

  test('--concurrency 1 with --parallel: one environment after the other', async () => {
    const run = await drift('--concurrency', '1');
    expect(run.code).toBe(2);
    expect(mostAtOnce(environmentSpans(terraformCalls(log)))).toBe(1);
  });

  test('without --concurrency: at most as many environments at once as the machine has CPUs', async () => {
    const run = await drift();
    expect(run.code).toBe(2);
    const most = mostAtOnce(environmentSpans(terraformCalls(log)));
    expect(most).toBeLessThanOrEqual(availableParallelism());
    expect(most).toBeGreaterThanOrEqual(Math.min(2, availableParallelism()));
  });

  test('progress says which environment each line belongs to and how many are done', async () => {
    const run = await drift('--concurrency', '2');
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('gitops-sync: ['));
    expect(lines.length).toBeGreaterThan(0);
    const done = lines.filter((line) => / done \(\d\/4 environments\)$/.test(line));
    expect(done.map((line) => line.match(/\((\d)\/4/)![1])).toEqual(['1', '2', '3', '4']);
    expect(done.map((line) => line.match(/^gitops-sync: \[(\w+)\]/)![1]).sort()).toEqual(ENVIRONMENTS);
    for (const name of ENVIRONMENTS) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^gitops-sync: \\[${name}\\] terraform plan in .*/${name}$`)));
  });

  test('a failed environment counts as done and says so', async () => {
    writeFiles(join(root, 'env3'), { 'main.tf': 'resource "terraform_data" "broken" {' });
    try {
      const run = await drift('--concurrency', '2');
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^gitops-sync: \[env3\] failed \(\d\/4 environments\)$/m);
      expect(run.stderr.match(/ (done|failed) \(\d\/4 environments\)$/gm)).toHaveLength(4);
    } finally {
      writeFiles(join(root, 'env3'), { 'main.tf': terraformDataApp('env3') });
    }
  });

  for (const bad of ['0', 'abc', '-1', '1.5']) {
    test(`--concurrency ${bad} is refused in one sentence, before any terraform runs`, async () => {
      const run = await drift(`--concurrency=${bad}`);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`gitops-sync: --concurrency must be a whole number of 1 or more (got "${bad}").\n`);
      expect(terraformCalls(log)).toEqual([]);
    });
  }
});

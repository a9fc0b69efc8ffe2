import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { fakeTfc, type FakeTfc } from './support/fake-tfc.js';
import { tempDir } from './support/temp-dir.js';

/* attack15: `drift` now writes its reports first and records the drift event in a finally. */

let tfc: FakeTfc | undefined;
afterEach(async () => {
  await tfc?.close();
  tfc = undefined;
});

const PLAN = JSON.stringify({
  format_version: '1.2',
  terraform_version: '1.9.8',
  planned_values: { root_module: {} },
  resource_drift: [{ address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', change: { actions: ['update'], before: { acl: 'private' }, after: { acl: 'public-read' }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } }],
  resource_changes: [],
});

async function scene() {
  tfc = await fakeTfc({ plan: PLAN });
  const dir = tempDir('gitops-sync-attack15-event-');
  writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    terraform_cloud: { organization: acme, workspace: networking-prod, hostname: "${tfc.url}" }\n`);
  const run = (args: string[]) => cli(['drift', 'production', ...args], { cwd: dir, env: { TFE_TOKEN: tfc!.state.token, TFE_HOSTNAME: new URL(tfc!.url).host } });
  const events = () => readFileSync(join(dir, '.gitops-sync/audit/events.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line).details);
  return { dir, run, events };
}

describe('attack15: the drift event and the report written', () => {
  test('written twice in a row: each event names the file as written', async () => {
    const { dir, run, events } = await scene();
    for (const name of ['one.json', 'two.json']) expect((await run(['--format', 'json', '--output', name])).code).toBe(2);
    const hashes = ['one.json', 'two.json'].map((name) => createHash('sha256').update(readFileSync(join(dir, name))).digest('hex'));
    expect(events().map((event) => event.report_fingerprint)).toEqual(hashes);
  });

  test('a report that cannot be written: one sentence, exit 1, and the check is still recorded once', async () => {
    const { dir, run, events } = await scene();
    writeFileSync(join(dir, 'blocker'), '');
    const result = await run(['--format', 'json', '--output', 'blocker/report.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/this is a bug|\n\s+at /);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^gitops-sync: Could not write .*blocker.*report\.json.*\.$/);
    expect(events()).toEqual([expect.objectContaining({ type: 'drift', outcome: 'drift' })]);
  });
});

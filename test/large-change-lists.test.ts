import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { appendAll } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { fakeTfc, type FakeTfc } from './support/fake-tfc.js';
import { tempDir } from './support/temp-dir.js';

/*
 * Lists of changes far past what a function call can take as arguments: `list.push(...changes)` throws
 * RangeError (V8 runs out of stack past about 120,000 arguments), which `drift` turned into "the input
 * nests values thousands of levels deep" for a flat plan of 300,000 changes that `analyze` read fine.
 */

const CHANGES = 200_000;

/** A plan of `count` updated resources, written as `terraform show -json` does (compact). */
function planOf(count: number): string {
  const entries: string[] = [];
  for (let index = 0; index < count; index++) {
    entries.push(
      `{"address":"null_resource.r[${index}]","mode":"managed","type":"null_resource","name":"r","index":${index},"provider_name":"registry.terraform.io/hashicorp/null","change":{"actions":["update"],"before":{"v":1},"after":{"v":2},"after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}`,
    );
  }
  return `{"format_version":"1.2","terraform_version":"1.9.8","resource_changes":[${entries.join(',')}],"errored":false}`;
}

let tfc: FakeTfc | undefined;
afterEach(async () => {
  await tfc?.close();
  tfc = undefined;
});

describe('lists of changes larger than a call takes as arguments', () => {
  test('appendAll appends half a million items in order, where push(...items) throws', () => {
    const items = Array.from({ length: 500_000 }, (_, index) => index);
    expect(() => [].push(...(items as never[]))).toThrow(RangeError);
    const target = [-1];
    expect(appendAll(target, items)).toBe(target);
    expect(target.length).toBe(500_001);
    expect(target[0]).toBe(-1);
    expect(target[500_000]).toBe(499_999);
    expect(appendAll(target, new Set([7]).values()).at(-1)).toBe(7);
  });

  test(`drift of a Terraform Cloud assessment with ${CHANGES.toLocaleString('en')} changes reports them all`, async () => {
    tfc = await fakeTfc({ plan: planOf(CHANGES) });
    const dir = tempDir('gitops-sync-large-changes-');
    writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    terraform_cloud: { organization: acme, workspace: networking-prod, hostname: "${tfc.url}" }\n`);
    const output = join(dir, 'report.json');
    const result = await cli(['drift', 'production', '--format', 'json', '--output', output], {
      cwd: dir,
      env: { TFE_TOKEN: tfc.state.token, TFE_HOSTNAME: new URL(tfc.url).host, GITOPS_SYNC_MAX_INPUT_MB: '200' },
    });
    expect(result.stderr).not.toMatch(/levels deep|out of stack/);
    expect(result.code).toBe(2);
    const report = JSON.parse(readFileSync(output, 'utf8')) as { total_changes: number; changes: { address: string }[] };
    expect(report.total_changes).toBe(CHANGES);
    expect(report.changes.at(-1)?.address).toBe(`null_resource.r[${CHANGES - 1}]`);
  }, 120_000);
});

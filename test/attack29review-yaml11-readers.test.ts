/**
 * Plain values are read with js-yaml when a file has no anchors, and with the `yaml` package when it
 * has: both must give what kubectl (go-yaml v2) applies, or refuse in the same sentence. Numbers
 * with a sign, an upper-case prefix or underscores, explicit tags and numbers past 64 bits were read
 * one way by one path, another by the other, or otherwise than kubectl without a word.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseManifests, readManifestStream, type K8sObject } from '@gitops-sync/core';
import { kubectlDiscovery } from './support/kubectl-discovery.js';
import { expectUserError } from './support/user-error.js';
import { tempDir } from './support/temp-dir.js';

const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n${data}`;
/** The same file with an anchor and an alias: read by the `yaml` package, not js-yaml. */
const anchored = (text: string) => `${text}  copy: &same x\n  again: *same\n`;

/** What reading gives for the value of `v`, or the one sentence it refuses the file with. */
const reading = (text: string): unknown => {
  let objects: K8sObject[];
  try {
    objects = parseManifests(text, 'k8s/app.yaml');
  } catch (error) {
    return {
      refused: expectUserError(() => {
        throw error;
      }),
    };
  }
  return (objects[0].data as Record<string, unknown>).v;
};

// Read alike by kubectl and YAML 1.2: read so by both paths.
const AGREED = ['-.5', '+.5', '._5', '! 0644', '! yes', '!!int 0644', '!!float 0644', '02000000000000000000000', '01777777777777777777777', '0644', '08', '0o17', '1e3', '2001-12-14', '1:20'];
// Read otherwise by kubectl: refused by both paths.
const REFUSED = ['.5_0', '0b-1', '-_0', '1_000.5', '0.5_0', '-0x1F', '+0x1F', '0x1_F', '+0o17', '0O17', '0X1F', '0B101', '-_1', '0_x1F', '1_e3', '1e400', '0xFFFFFFFFFFFFFFFFFF'];

describe('kubectl, js-yaml and the yaml package read a plain value alike, or it is refused', () => {
  test('each value: kubectl’s reading, or one sentence; the same with an anchor in the file', async () => {
    const dir = tempDir('gitops-sync-attack29review-yaml11-');
    const values = [...AGREED, ...REFUSED];
    writeFileSync(join(dir, 'all.yaml'), configMap(values.map((value, n) => `  v${n}: ${value}\n`).join('')));
    const kubectl = await kubectlDiscovery(dir);
    let applied: Record<string, unknown>;
    try {
      applied = JSON.parse(await kubectl.dryRunApply(join(dir, 'all.yaml'), 'json')).data;
    } finally {
      await kubectl.close();
    }
    const ours = values.map((value) => ({ value, plain: reading(configMap(`  v: ${value}\n`)), anchored: reading(anchored(configMap(`  v: ${value}\n`))) }));
    const expected = values.map((value, n) => {
      const refused = REFUSED.includes(value);
      const outcome = refused ? { refused: expect.stringMatching(new RegExp(`^k8s/app\\.yaml:6: ${value.replace(/[.+]/g, '\\$&')} is read as `)) } : applied[`v${n}`];
      return { value, plain: outcome, anchored: outcome };
    });
    expect(ours).toEqual(expected);
  });

  test('the refusals say what kubectl reads: a number, or text where YAML 1.2 reads a number', () => {
    expect(reading(configMap('  v: 0X1F\n'))).toEqual({ refused: 'k8s/app.yaml:6: 0X1F is read as 31 by kubectl (YAML 1.1) and otherwise by other YAML readers; write 31, or quote it if it is text; fix the manifest.' });
    expect(reading(configMap('  v: 1_000.5\n'))).toEqual({ refused: 'k8s/app.yaml:6: 1_000.5 is read as 1000.5 by kubectl (YAML 1.1) and otherwise by other YAML readers; write 1000.5, or quote it if it is text; fix the manifest.' });
    expect(reading(configMap('  v: 1e400\n'))).toEqual({ refused: 'k8s/app.yaml:6: 1e400 is read as text by kubectl (YAML 1.1) and as a number by other YAML readers; quote it; fix the manifest.' });
    // A long value is not repeated whole.
    expect(reading(configMap(`  v: ${'1'.repeat(400)}\n`))).toEqual({ refused: `k8s/app.yaml:6: ${'1'.repeat(40)}… is read as text by kubectl (YAML 1.1) and as a number by other YAML readers; quote it; fix the manifest.` });
  });

  test('a List export read item by item: an item with an anchor reads its values as the others do', () => {
    const item = (name: string, extra: string) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n  data:\n    v: -.5\n    w: !!int 0644\n${extra}`;
    const text = `apiVersion: v1\nkind: List\nitems:\n${item('a', '')}${item('b', '    copy: &same x\n    again: *same\n')}`;
    const objects = readManifestStream((consume) => consume(((done = false) => () => (done ? undefined : ((done = true), Buffer.from(text))))()), 'export.yaml', { listSplitBytes: 0 });
    expect(objects.map((object) => [object.data as Record<string, unknown>].map(({ v, w }) => ({ v, w }))[0])).toEqual([
      { v: -0.5, w: 420 },
      { v: -0.5, w: 420 },
    ]);
  });
});

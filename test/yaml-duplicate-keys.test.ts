/**
 * A mapping with the same key twice is refused by its line, whichever YAML reader reads the file (js-yaml
 * for plain YAML; the `yaml` package once an anchor is in it), and the check costs time in step with the
 * keys: the `yaml` package's own check compared each key with every earlier one (a ConfigMap of 200,000
 * keys, which any pull request may add, held the analysis for thirteen minutes).
 */
import { describe, expect, test } from '@jest/globals';
import { parseManifests } from '@gitops-sync/core';
import { expectUserError } from './support/user-error.js';

const configMap = (anchor: boolean, data: string[]) =>
  ['apiVersion: v1', 'kind: ConfigMap', `metadata: { name: big, labels: ${anchor ? '&labels ' : ''}{ app: web } }`, 'data:', ...data].join('\n') + '\n';

describe('duplicate keys', () => {
  test.each([false, true])('the first key written twice is named by its line (anchor in the file: %s)', (anchor) => {
    const message = expectUserError(() => parseManifests(configMap(anchor, ['  a: "1"', '  nested: { x: 1, x: 2 }', '  b: "2"', '  a: "3"']), 'k8s/cm.yaml'));
    expect(message).toMatch(/^k8s\/cm\.yaml:6: /);
    expect(message).toMatch(/unique|duplicated/i);
  });

  test('100,000 keys and an anchor are read in seconds, not minutes (the old check: over three minutes)', () => {
    const data = Array.from({ length: 100_000 }, (_, i) => `  key${i}: value${i}`);
    const started = performance.now();
    const [object] = parseManifests(configMap(true, data), 'k8s/cm.yaml');
    expect(Object.keys(object.data as object)).toHaveLength(100_000);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});

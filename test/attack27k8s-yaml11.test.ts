/**
 * kubectl and Argo CD read manifests as YAML 1.1 (sigs.k8s.io/yaml, go-yaml v2): an unquoted `yes`,
 * `on` or `y` is true, `0755` is octal, `0_0` is 0. gitops-sync reads YAML 1.2, where they are the
 * text "yes", 755 and the text "0_0". `privileged: yes` was judged as text (no rule for it) and applied
 * as true; such values are refused, naming the line.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseManifests } from '@gitops-sync/core';
import { readManifests } from '@gitops-sync/engine';
import { kubectlDiscovery } from './support/kubectl-discovery.js';
import { expectUserError } from './support/user-error.js';
import { tempDir } from './support/temp-dir.js';

const deployment = (securityContext: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.0
          securityContext:
            ${securityContext}
`;

describe('plain values YAML 1.1 reads otherwise', () => {
  test('the premise: the real kubectl reads yes, on and y as true, 0755 as 493, 0_0 as 0 and 08 as 8', async () => {
    const dir = tempDir('gitops-sync-attack27k8s-yaml11-');
    writeFileSync(join(dir, 'app.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: yes\n  b: on\n  c: y\n  d: 0755\n  e: 0_0\n  f: 08\n');
    const kubectl = await kubectlDiscovery(dir);
    try {
      expect(JSON.parse(await kubectl.dryRunApply(join(dir, 'app.yaml'), 'json')).data).toEqual({ a: true, b: true, c: true, d: 493, e: 0, f: 8 });
    } finally {
      await kubectl.close();
    }
  });

  test.each([
    ['privileged: yes', 'yes', 'true'],
    ['allowPrivilegeEscalation: On', 'On', 'true'],
    ['runAsNonRoot: n', 'n', 'false'],
    ['runAsUser: 0_0', '0_0', '0'],
  ])('%s is refused in one sentence naming the line', (line, value, meant) => {
    expect(expectUserError(() => parseManifests(deployment(line), 'k8s/app.yaml'))).toBe(
      `k8s/app.yaml:11: ${value} is read as ${meant} by kubectl (YAML 1.1) and otherwise by other YAML readers; write ${meant}, or quote it if it is text; fix the manifest.`,
    );
  });

  test('from a file, in a key and in a flow list too', () => {
    const dir = tempDir('gitops-sync-attack27k8s-yaml11-');
    writeFileSync(join(dir, 'app.yaml'), deployment('capabilities: { add: [NET_ADMIN], drop: [ALL] }\n            privileged: Yes'));
    expect(expectUserError(() => readManifests([join(dir, 'app.yaml')], 'Kubernetes manifests'))).toMatch(/app\.yaml:12: Yes is read as true by kubectl/);
    expect(expectUserError(() => parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata: { on: "x" }\n', 'k8s/app.yaml'))).toMatch(/^k8s\/app\.yaml:5: on is read as true/);
    expect(expectUserError(() => parseManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  x: [a, off]\n', 'k8s/app.yaml'))).toMatch(/^k8s\/app\.yaml:6: off is read as false/);
  });

  test('what every reader reads alike is read as before: quoted or tagged text, true, 0, 00, 0o17, 1000', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: "yes"\n  b: true\n  c: 0\n  d: 00\n  e: 0o17\n  f: 1000\n  g: add-on\n  h: turn it on\n  i: !!str on\n';
    expect(parseManifests(text, 'k8s/app.yaml')[0].data).toEqual({ a: 'yes', b: true, c: 0, d: 0, e: 15, f: 1000, g: 'add-on', h: 'turn it on', i: 'on' });
  });

  test('a number with a leading 0 is octal, as kubectl, Argo CD and kustomize read it: a file mode, or a user id', () => {
    const volume = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  volumes:\n    - name: keys\n      secret: { secretName: keys, defaultMode: 0400 }\n  securityContext: { runAsUser: 00 }\n';
    expect(parseManifests(volume, 'k8s/pod.yaml')[0].spec).toEqual({ volumes: [{ name: 'keys', secret: { secretName: 'keys', defaultMode: 256 } }], securityContext: { runAsUser: 0 } });
    expect(parseManifests(deployment('runAsUser: 0100'), 'k8s/app.yaml')[0]).toMatchObject({ spec: { template: { spec: { containers: [{ securityContext: { runAsUser: 64 } }] } } } });
  });

  test('0b101 (5 to js-yaml) and 1_000 are refused as well, and an octal number reads alike with or without anchors in the file', () => {
    expect(expectUserError(() => parseManifests(deployment('runAsUser: 0b101'), 'k8s/app.yaml'))).toMatch(/^k8s\/app\.yaml:11: 0b101 is read as 5 by kubectl/);
    expect(expectUserError(() => parseManifests(deployment('runAsGroup: 1_000'), 'k8s/app.yaml'))).toMatch(/^k8s\/app\.yaml:11: 1_000 is read as 1000 by kubectl/);
    const plain = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  mode: 0644\n  size: 08\n';
    const anchored = `${plain}  copy: &same x\n  again: *same\n`;
    expect(parseManifests(plain, 'k8s/a.yaml')[0].data).toEqual({ mode: 420, size: 8 });
    expect(parseManifests(anchored, 'k8s/a.yaml')[0].data).toEqual({ mode: 420, size: 8, copy: 'x', again: 'x' });
  });
});

/**
 * YAML merge keys (`<<`) are read differently by the tools that apply Git: kubectl and Argo CD
 * (sigs.k8s.io/yaml, go-yaml v2) let a merge override a key set before it, kustomize (and the YAML
 * parser gitops-sync uses) keep the key set first. A key set before a merge that also sets it would
 * be judged one way and applied the other: such a manifest is refused.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseManifests } from '@gitops-sync/core';
import { readManifests } from '@gitops-sync/engine';
import { kubectlDiscovery } from './support/kubectl-discovery.js';
import { expectUserError } from './support/user-error.js';
import { tempDir } from './support/temp-dir.js';

/** A ConfigMap stands for any object (the discovery stand-in knows few kinds): its key is written false, a merge after it sets it true. */
const OVERRIDDEN = `apiVersion: v1
kind: ConfigMap
metadata:
  name: app
  annotations: &evil
    privileged: "true"
data:
  privileged: "false"
  <<: *evil
`;

describe('a key set before a merge key that sets it too', () => {
  test('the premise: the real kubectl applies the merged value', async () => {
    const dir = tempDir('gitops-sync-attack27k8s-merge-');
    writeFileSync(join(dir, 'app.yaml'), OVERRIDDEN);
    const kubectl = await kubectlDiscovery(dir);
    try {
      expect(JSON.parse(await kubectl.dryRunApply(join(dir, 'app.yaml'), 'json')).data).toEqual({ privileged: 'true' });
    } finally {
      await kubectl.close();
    }
  });

  test('is refused in one sentence naming the line, from a string and from a file', () => {
    const sentence = 'k8s/app.yaml:9: privileged is set before a merge key (<<) that sets it too, and YAML readers disagree on which wins (kubectl takes the later); set it once, after the merge key.';
    expect(expectUserError(() => parseManifests(OVERRIDDEN, 'k8s/app.yaml'))).toBe(sentence);
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.0
          securityContext:
            privileged: false
            <<: { privileged: true }
`;
    const dir = tempDir('gitops-sync-attack27k8s-merge-');
    writeFileSync(join(dir, 'app.yaml'), deployment);
    expect(expectUserError(() => readManifests([join(dir, 'app.yaml')], 'Kubernetes manifests'))).toMatch(/app\.yaml:12: privileged is set before a merge key \(<<\) that sets it too, and YAML readers disagree/);
  });

  test('two merge keys that set the same key: kubectl takes the later, so it is refused too', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  annotations: &off { privileged: "false" }\n  labels: &on { privileged: "true" }\ndata:\n  <<: *off\n  <<: *on\n`;
    expect(expectUserError(() => parseManifests(text, 'k8s/app.yaml'))).toMatch(/^k8s\/app\.yaml:9: privileged is set before a merge key \(<<\) that sets it too, and YAML readers disagree/);
  });

  test('a merge first and keys that override it after, as merge keys are meant, read as before', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  annotations: &defaults\n    level: info\n    format: json\ndata:\n  <<: *defaults\n  level: debug\n`;
    expect(parseManifests(text, 'k8s/app.yaml')[0].data).toEqual({ level: 'debug', format: 'json' });
  });
});

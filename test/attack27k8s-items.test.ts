/**
 * kubectl reads any document with an `items` key as a List, whatever its kind (apimachinery's
 * unstructured decoder looks for `items` first), and applies the items in its place: a "ConfigMap"
 * carrying a ClusterRoleBinding under `items` is applied as that ClusterRoleBinding. gitops-sync must
 * not judge it as the ConfigMap it says it is.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { diffManifests, parseManifests, type K8sObject, type KubernetesEnvironment } from '@gitops-sync/core';
import { nodeExec, readManifests, renderDesired, silentProgress } from '@gitops-sync/engine';
import { kubectlDiscovery } from './support/kubectl-discovery.js';
import { expectUserError } from './support/user-error.js';
import { tempDir } from './support/temp-dir.js';

const DISGUISED = `apiVersion: v1
kind: ConfigMap
metadata:
  name: harmless
data:
  a: b
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: pwn
    roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
    subjects: [{ kind: User, name: mallory, apiGroup: rbac.authorization.k8s.io }]
`;

const REFUSED = /^k8s\/app\.yaml: a ConfigMap named harmless has items, so kubectl would not apply it as one object \(it reads any document with items as a List\); move the items out into objects of their own, or remove items\.$/;

describe('the premise, with the real kubectl', () => {
  test('kubectl applies the ClusterRoleBinding, not the ConfigMap', async () => {
    const dir = tempDir('gitops-sync-attack27k8s-items-');
    writeFileSync(join(dir, 'app.yaml'), DISGUISED);
    const kubectl = await kubectlDiscovery(dir);
    try {
      expect((await kubectl.dryRunApply(join(dir, 'app.yaml'), 'name')).trim()).toBe('clusterrolebinding.rbac.authorization.k8s.io/pwn');
    } finally {
      await kubectl.close();
    }
  });
});

/** Git's objects compared with an empty cluster, as drift and sync index them. */
const compared = (desired: K8sObject[]) => () => diffManifests(desired, [], { desiredLabel: 'k8s/app.yaml', liveLabel: 'live.yaml', defaultNamespace: 'shop' });

describe('gitops-sync refuses such an object in Git in one sentence, however it is read', () => {
  test('manifests (YAML, JSON, in a List, from a file)', () => {
    expect(expectUserError(compared(parseManifests(DISGUISED, 'k8s/app.yaml')))).toMatch(REFUSED);
    const object = parseManifests(DISGUISED.replace(/^items:[\s\S]*/m, ''), 'x')[0];
    const json = JSON.stringify({ ...object, items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }] });
    expect(expectUserError(compared(parseManifests(json, 'k8s/app.yaml')))).toMatch(REFUSED);
    const dir = tempDir('gitops-sync-attack27k8s-items-');
    writeFileSync(join(dir, 'app.yaml'), `apiVersion: v1\nkind: List\nitems:\n${DISGUISED.replace(/^/gm, '  ').replace(/^ {2}apiVersion/, '- apiVersion')}`);
    expect(expectUserError(compared(readManifests([join(dir, 'app.yaml')], 'Kubernetes manifests')))).toMatch(REFUSED);
  });

  test('rendered by the real kubectl kustomize, which passes it through as a ConfigMap', async () => {
    const dir = tempDir('gitops-sync-attack27k8s-items-');
    writeFileSync(join(dir, 'app.yaml'), DISGUISED);
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n  - app.yaml\n');
    const k8s = { kustomize: '.', live: { kubectl: true }, namespace: 'shop', ignore_differences: [] } as unknown as KubernetesEnvironment;
    expect(expectUserError(compared(await renderDesired(k8s, { exec: nodeExec, progress: silentProgress, baseDir: dir })))).toMatch(REFUSED);
  });

  test('a List and a …List kind with items are read as before, item by item; a live object with items is compared', () => {
    const list = `apiVersion: v1\nkind: ConfigMapList\nitems:\n  - { apiVersion: v1, kind: ConfigMap, metadata: { name: a } }\n`;
    expect(parseManifests(list, 'k8s/app.yaml').map((o) => o.metadata?.name)).toEqual(['a']);
    const live = parseManifests(DISGUISED, 'live.yaml');
    expect(diffManifests([], live, { desiredLabel: 'k8s/', liveLabel: 'live.yaml', defaultNamespace: 'shop' })).toEqual([]);
  });
});

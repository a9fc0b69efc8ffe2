import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from '@jest/globals';
import { stringify } from 'yaml';
import { defaultRules, parseKubectlDiff, reportFromChanges, SENSITIVE, UNKNOWN_SEGMENT as U } from '@gitops-sync/core';
import { tempDir } from './support/temp-dir.js';

type Obj = Record<string, any>;

let dir: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-kubectl-paths-');
});

/** YAML as kubectl prints it: keys sorted, two spaces, a list's items at their key's column. */
const asKubectl = (object: Obj) => stringify(object, { sortMapEntries: true, indentSeq: false });

/** The text `kubectl diff` prints for one object: GNU `diff -u -N` over LIVE and MERGED folders laid out like kubectl's. */
function kubectlDiff(fileName: string, live: Obj, merged: Obj): string {
  const [liveDir, mergedDir] = [join(dir, 'LIVE-2786513449'), join(dir, 'MERGED-1409934175')];
  mkdirSync(liveDir);
  mkdirSync(mergedDir);
  writeFileSync(join(liveDir, fileName), asKubectl(live));
  writeFileSync(join(mergedDir, fileName), asKubectl(merged));
  const result = spawnSync('diff', ['-u', '-N', liveDir, mergedDir], { encoding: 'utf8' });
  if (result.status !== 1) throw new Error(`diff failed: ${result.stderr}`);
  return result.stdout;
}

const judged = (text: string) =>
  reportFromChanges(parseKubectlDiff(text, { label: 'kubectl-diff.txt' }), { environment: 'prod', sources: ['kubectl-diff'], rules: defaultRules(), generatedAt: '2026-12-05T00:00:00Z' }).changes;

const MANY = { 'app.kubernetes.io/component': 'api', 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'kustomize', 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/part-of': 'store' };

function deployment(change: (object: Obj) => void = () => {}): Obj {
  const object: Obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'shop', namespace: 'default', generation: 4, labels: { ...MANY, tier: 'backend' }, annotations: { 'deployment.kubernetes.io/revision': '4' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'shop' } },
      template: {
        metadata: { labels: { ...MANY, tier: 'backend', 'zone-pinned': 'no' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'shop:1.0.0',
              securityContext: { capabilities: { add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'], drop: ['ALL'] }, runAsNonRoot: true },
            },
          ],
          dnsPolicy: 'ClusterFirst',
        },
      },
    },
  };
  change(object);
  return object;
}

const deploymentFields = (change: (object: Obj) => void) => judged(kubectlDiff('apps.v1.Deployment.default.shop', deployment(), deployment(change)));

describe('kubectl diff hunks that start below their parents: the path from the kind’s structure', () => {
  test('the hunk does not show the enclosing keys (the premise of these tests)', () => {
    const text = kubectlDiff('apps.v1.Deployment.default.shop', deployment(), deployment((o) => (o.metadata.labels.tier = 'frontend')));
    const hunk = text.slice(text.indexOf('@@'));
    expect(hunk).not.toMatch(/^ {2}labels:/m);
    expect(hunk).not.toMatch(/^metadata:/m);
  });

  test('a label deep in the Deployment’s own labels is /metadata/labels/…, judged as a label', () => {
    expect(deploymentFields((o) => (o.metadata.labels.tier = 'frontend')).map((c) => [c.fields.map((f) => [f.path, f.before, f.after]), c.rule])).toEqual([
      [[['/metadata/labels/tier', 'backend', 'frontend']], 'k8s.labels'],
    ]);
  });

  test('a label deep in the pod template is /spec/template/metadata/labels/…', () => {
    expect(deploymentFields((o) => (o.spec.template.metadata.labels.tier = 'frontend'))[0].fields.map((f) => f.path)).toEqual(['/spec/template/metadata/labels/tier']);
  });

  test('an added capability deep in securityContext is matched by the host-access rule: critical', () => {
    const [change] = deploymentFields((o) => o.spec.template.spec.containers[0].securityContext.capabilities.add.splice(4, 0, 'SYS_ADMIN'));
    expect(change.fields.map((f) => [f.path, f.before, f.after])).toEqual([[`/spec/template/spec/containers/${U}/securityContext/capabilities/add/${U}`, null, 'SYS_ADMIN']]);
    expect([change.severity, change.rule]).toEqual(['critical', 'k8s.pod-security.host-access']);
  });

  test('a rule written for /metadata/labels/… applies: a Namespace’s Pod Security label below its other labels', () => {
    const namespace = (level: string): Obj => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop', labels: { ...MANY, 'kubernetes.io/metadata.name': 'shop', 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/warn': 'restricted' } },
      spec: { finalizers: ['kubernetes'] },
    });
    const [change] = judged(kubectlDiff('v1.Namespace..shop', namespace('restricted'), namespace('privileged')));
    expect(change.fields.map((f) => f.path)).toEqual(['/metadata/labels/pod-security.kubernetes.io~1enforce']);
    expect([change.severity, change.rule]).toEqual(['critical', 'k8s.pod-security.namespace-labels']);
  });

  test('a kind it does not know: keys outside metadata keep "…"', () => {
    const widget = (size: number): Obj => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec: { parts: { a: 1, b: 2, c: 3, d: 4, size } } });
    expect(judged(kubectlDiff('example.com.v1.Widget.default.w', widget(1), widget(2)))[0].fields.map((f) => f.path)).toEqual([`/${U}/size`]);
  });

  test('a Secret value whose keys are not shown stays masked, even under a key spelled like a field', () => {
    const secret = (value: string): Obj => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, type: 'Opaque', data: { a: 'YQ==', b: 'Yg==', c: 'Yw==', d: 'ZA==', name: value } });
    const secretValue = Buffer.from('hunter2').toString('base64');
    const text = kubectlDiff('v1.Secret.default.db', secret(Buffer.from('old').toString('base64')), secret(secretValue));
    const changes = parseKubectlDiff(text, { label: 'kubectl-diff.txt' });
    expect(changes[0].fields).toEqual([{ path: `/${U}/name`, before: SENSITIVE, after: SENSITIVE, sensitive: true }]);
    expect(JSON.stringify(changes)).not.toContain(secretValue);
  });
});

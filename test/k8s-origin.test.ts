import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from '@jest/globals';
import { stringify } from 'yaml';
import { diffManifests, parseArgoCdManagedResources, parseConfig, type DriftReport, type K8sObject, type UnjudgedChange } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { expectUserError } from './support/user-error.js';
import { tempDir } from './support/temp-dir.js';

type Obj = Record<string, any>;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const summary = (changes: UnjudgedChange[]) => changes.map((c) => [c.origin, c.address, c.fields.map((f) => [f.path, f.before, f.after])]);

/** The Deployment as Git has it. */
function web(spec: { replicas?: number; image?: string; env?: string } = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
    spec: {
      replicas: spec.replicas ?? 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'sidecar', image: 'envoy:1.29' }, { name: 'app', image: spec.image ?? 'shop:1.0', env: [{ name: 'MODE', value: spec.env ?? 'fast' }] }] },
      },
    },
  };
}

/** managedFields entries as the API server writes them (fieldsType FieldsV1; `k:` a list entry by its merge key). */
const entry = (manager: string, operation: 'Apply' | 'Update', fieldsV1: Obj) => ({ manager, operation, apiVersion: 'apps/v1', time: '2026-12-01T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1 });
const APP = 'k:{"name":"app"}';
/** What `kubectl apply` (client-side) owns after creating the object from Git. */
const clientSideApply = entry('kubectl-client-side-apply', 'Update', {
  'f:metadata': { 'f:annotations': { '.': {}, [`f:${LAST_APPLIED}`]: {} }, 'f:labels': { '.': {}, 'f:app': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:containers': { [APP]: { '.': {}, 'f:env': { '.': {}, 'k:{"name":"MODE"}': { '.': {}, 'f:name': {}, 'f:value': {} } }, 'f:image': {}, 'f:name': {} } } },
    },
  },
});
/** The status and revision annotation the Deployment controller writes. */
const controller = entry('kube-controller-manager', 'Update', { 'f:metadata': { 'f:annotations': { 'f:deployment.kubernetes.io/revision': {} } }, 'f:status': { 'f:replicas': {} } });

/** The object as `kubectl get -o yaml --show-managed-fields` exports it after `kubectl apply` of `applied`, then `change` on the cluster. */
function live(applied: Obj, options: { change?: (object: Obj) => void; managedFields?: Obj[]; lastApplied?: boolean } = {}): Obj {
  const object = structuredClone(applied);
  object.metadata.annotations = { 'deployment.kubernetes.io/revision': '3', ...(options.lastApplied === false ? {} : { [LAST_APPLIED]: `${JSON.stringify(applied)}\n` }) };
  object.metadata.managedFields = options.managedFields ?? [clientSideApply, controller];
  object.metadata.resourceVersion = '4711';
  object.status = { replicas: object.spec.replicas };
  options.change?.(object);
  return object;
}

const compare = (git: Obj, cluster: Obj, fieldManagers?: string[]) =>
  diffManifests([git as K8sObject], [cluster as K8sObject], { desiredLabel: 'git', liveLabel: 'live', defaultNamespace: 'default', fieldManagers });
const ADDRESS = 'apps/v1/Deployment/shop/web';
const APP_IMAGE = '/spec/template/spec/containers/1/image';

/** `kubectl edit` of replicas: the field moves to the kubectl-edit manager. */
const editedReplicas = (replicas: number) => (object: Obj) => {
  object.spec.replicas = replicas;
  object.metadata.managedFields.push(entry('kubectl-edit', 'Update', { 'f:spec': { 'f:replicas': {} } }));
  object.metadata.managedFields[0] = structuredClone(object.metadata.managedFields[0]);
  delete object.metadata.managedFields[0].fieldsV1['f:spec']['f:replicas'];
};

describe('where Kubernetes drift came from: last-applied configuration and managedFields', () => {
  test('replicas changed with kubectl edit is made outside Git', () => {
    expect(summary(compare(web(), live(web(), { change: editedReplicas(5) })))).toEqual([['outside', ADDRESS, [['/spec/replicas', 5, 2]]]]);
  });

  test('an image Git changed since the last apply is planned', () => {
    expect(summary(compare(web({ image: 'shop:1.1' }), live(web())))).toEqual([['planned', ADDRESS, [[APP_IMAGE, 'shop:1.0', 'shop:1.1']]]]);
  });

  test('both in one object: two changes at the same address, each with its own fields', () => {
    const changes = compare(web({ image: 'shop:1.1' }), live(web(), { change: editedReplicas(5) }));
    expect(summary(changes)).toEqual([
      ['outside', ADDRESS, [['/spec/replicas', 5, 2]]],
      ['planned', ADDRESS, [[APP_IMAGE, 'shop:1.0', 'shop:1.1']]],
    ]);
  });

  test('a field both Git and the cluster moved is made outside Git: syncing would overwrite the change', () => {
    expect(summary(compare(web({ replicas: 3 }), live(web(), { change: editedReplicas(5) })))).toEqual([['outside', ADDRESS, [['/spec/replicas', 5, 3]]]]);
  });

  test('list entries merged by key are found by name, whatever their position in the last-applied configuration', () => {
    const applied = web();
    applied.spec.template.spec.containers.reverse();
    const cluster = live(applied, { change: (object) => (object.spec.template.spec.containers[0].env[0].value = 'slow') });
    expect(summary(compare(web({ image: 'shop:1.1' }), cluster))).toEqual([
      ['outside', ADDRESS, [['/spec/template/spec/containers/1/env/0/value', 'slow', 'fast']]],
      ['planned', ADDRESS, [[APP_IMAGE, 'shop:1.0', 'shop:1.1']]],
    ]);
  });

  test('quantities and omitted zeros read as the server keeps them are not a change on the cluster', () => {
    const applied = web();
    applied.spec.template.spec.containers[1].resources = { limits: { cpu: '1000m' } };
    const cluster = live(applied, { change: (object) => (object.spec.template.spec.containers[1].resources.limits.cpu = '1') });
    const git = web();
    git.spec.template.spec.containers[1].resources = { limits: { cpu: '2' } };
    expect(summary(compare(git, cluster))).toEqual([['planned', ADDRESS, [['/spec/template/spec/containers/1/resources/limits/cpu', '1', '2']]]]);
  });

  describe('server-side apply (no last-applied configuration): managedFields alone', () => {
    const serverSide = (manager: string) =>
      entry(manager, 'Apply', {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': { 'f:replicas': {}, 'f:selector': {}, 'f:template': { 'f:spec': { 'f:containers': { [APP]: { '.': {}, 'f:image': {}, 'f:name': {}, 'f:env': { 'k:{"name":"MODE"}': { '.': {}, 'f:name': {}, 'f:value': {} } } } } } } },
      });
    // The API server moves a field whose value an Update changes to that Update's manager.
    const patchedEnv = (object: Obj) => {
      object.spec.template.spec.containers[1].env[0].value = 'slow';
      object.metadata.managedFields[0] = structuredClone(object.metadata.managedFields[0]);
      delete object.metadata.managedFields[0].fieldsV1['f:spec']['f:template']['f:spec']['f:containers'][APP]['f:env']['k:{"name":"MODE"}']['f:value'];
      object.metadata.managedFields.push(entry('kubectl-patch', 'Update', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { [APP]: { 'f:env': { 'k:{"name":"MODE"}': { 'f:value': {} } } } } } } } }));
    };

    test.each(['kubectl', 'argocd-controller', 'kustomize-controller'])('applied by %s: what it owns is planned, what kubectl patch took over is outside', (manager) => {
      const cluster = live(web(), { lastApplied: false, managedFields: [serverSide(manager), controller], change: patchedEnv });
      expect(summary(compare(web({ image: 'shop:1.1' }), cluster))).toEqual([
        ['outside', ADDRESS, [['/spec/template/spec/containers/1/env/0/value', 'slow', 'fast']]],
        ['planned', ADDRESS, [[APP_IMAGE, 'shop:1.0', 'shop:1.1']]],
      ]);
    });

    test('a field manager of your own (field_manager): its fields are Git’s, any other manager’s are not', () => {
      const cluster = live(web(), { lastApplied: false, managedFields: [serverSide('deployer'), controller] });
      const git = web({ image: 'shop:1.1' });
      expect(summary(compare(git, cluster, ['deployer']))).toEqual([['planned', ADDRESS, [[APP_IMAGE, 'shop:1.0', 'shop:1.1']]]]);
      // Not named as an applier, `deployer` is someone changing the cluster outside Git.
      expect(summary(compare(git, cluster))).toEqual([['outside', ADDRESS, [[APP_IMAGE, 'shop:1.0', 'shop:1.1']]]]);
    });

    test('with neither last-applied nor managedFields, every difference is planned (as before)', () => {
      const cluster = live(web(), { lastApplied: false, managedFields: [] });
      cluster.spec.replicas = 5;
      expect(summary(compare(web({ image: 'shop:1.1' }), cluster)).map(([origin]) => origin)).toEqual(['planned']);
    });
  });

  test('a Horizontal Pod Autoscaler’s replicas stay ignored, whoever owns them', () => {
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 9 } };
    const cluster = live(web(), { change: editedReplicas(7) });
    expect(diffManifests([web(), hpa] as K8sObject[], [cluster, hpa] as K8sObject[], { desiredLabel: 'git', liveLabel: 'live', defaultNamespace: 'default' })).toEqual([]);
  });
});

describe('Argo CD managed-resources: liveState keeps the last-applied annotation and managedFields', () => {
  const item = (target: Obj, liveState: Obj) => ({
    group: 'apps',
    kind: 'Deployment',
    namespace: 'shop',
    name: 'web',
    targetState: JSON.stringify(target),
    liveState: JSON.stringify(liveState),
    normalizedLiveState: JSON.stringify(liveState),
    predictedLiveState: JSON.stringify(target),
  });
  const parse = (target: Obj, liveState: Obj, fieldManagers?: string[]) => parseArgoCdManagedResources(JSON.stringify({ items: [item(target, liveState)] }), { label: 'managed-resources.json', fieldManagers });

  test('a server-side sync by argocd-controller, then replicas scaled by hand: outside, and Git’s new image planned', () => {
    const cluster = live(web(), {
      lastApplied: false,
      managedFields: [entry('argocd-controller', 'Apply', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { [APP]: { 'f:image': {} } } } } } }), controller],
      change: (object) => {
        object.spec.replicas = 4;
        object.metadata.managedFields.push(entry('kubectl-scale', 'Update', { 'f:spec': { 'f:replicas': {} } }));
      },
    });
    expect(summary(parse(web({ image: 'shop:1.1' }), cluster))).toEqual([
      ['outside', ADDRESS, [['/spec/replicas', 4, 2]]],
      ['planned', ADDRESS, [[APP_IMAGE, 'shop:1.0', 'shop:1.1']]],
    ]);
  });

  test('a client-side sync (last-applied annotation) with an env value edited live', () => {
    const cluster = live(web(), { change: (object) => (object.spec.template.spec.containers[1].env[0].value = 'slow') });
    expect(summary(parse(web({ image: 'shop:1.1' }), cluster))).toEqual([
      ['outside', ADDRESS, [['/spec/template/spec/containers/1/env/0/value', 'slow', 'fast']]],
      ['planned', ADDRESS, [[APP_IMAGE, 'shop:1.0', 'shop:1.1']]],
    ]);
  });
});

describe('field_manager in gitops-sync.yaml', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('gitops-sync-k8s-origin-');
  });

  const config = (fieldManager: string) => `environments:\n  prod:\n    kubernetes:\n      manifests: [git.yaml]\n      live: { export: live.yaml }\n      field_manager: ${fieldManager}\n`;

  test('analyze judges a field the configured manager does not own as changed outside Git', async () => {
    const ssa = entry('deployer', 'Apply', { 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { [APP]: { 'f:image': {} } } } } } });
    writeFileSync(join(dir, 'git.yaml'), stringify(web({ image: 'shop:1.1' })));
    writeFileSync(join(dir, 'live.yaml'), stringify(live(web(), { lastApplied: false, managedFields: [ssa, controller], change: editedReplicas(5) })));
    writeFileSync(join(dir, 'gitops-sync.yaml'), config('deployer'));
    const run = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'git.yaml', '--live', 'live.yaml', '--env', 'prod', '--format', 'json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.changes.map((c) => [c.origin, c.address, c.fields.map((f) => f.path), c.severity])).toEqual([
      ['outside', ADDRESS, ['/spec/replicas'], 'high'],
      ['planned', ADDRESS, [APP_IMAGE], 'high'],
    ]);
    expect(report.remediation_plan).toEqual([expect.objectContaining({ changes: [ADDRESS], description: expect.stringContaining('1 made outside Git') })]);
  });

  test('a list of managers is accepted; an empty one is refused with the key named', () => {
    expect(parseConfig(config('[kubectl, deployer]'), 'gitops-sync.yaml').environments.prod.kubernetes?.field_manager).toEqual(['kubectl', 'deployer']);
    expectUserError(() => parseConfig(config('[]'), 'gitops-sync.yaml'), /field_manager/);
  });
});

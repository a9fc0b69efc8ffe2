/**
 * Kubernetes drift as a user meets it: secrets kept out of error messages, changes made on the
 * cluster found, changes that are not real kept quiet, cluster-scoped objects addressed right, and
 * bad input answered with one sentence.
 */
import { closeSync, openSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import {
  defaultRules,
  diffManifests,
  parseArgoCdManagedResources,
  parseFluxDiff,
  parseKubectlDiff,
  parseManifests,
  SeverityEngine,
  UserError,
  type KubernetesEnvironment,
  type UnjudgedChange,
} from '@gitops-sync/core';
import { nodeExec, readManifests, renderDesired, silentProgress } from '@gitops-sync/engine';
import { expectUserError } from './support/user-error.js';
import { REPO_ROOT } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

const diff = (desired: string, live: string, defaultNamespace = 'shop') =>
  diffManifests(parseManifests(desired, 'git.yaml'), parseManifests(live, 'live.yaml'), { desiredLabel: 'git.yaml', liveLabel: 'live.yaml', defaultNamespace });
const summary = (changes: UnjudgedChange[]) => changes.map((c) => [c.origin, c.action, c.address, c.fields.map((f) => f.path)]);


const deployment = (container: string, podSpec = '', metadata = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop${metadata}
spec:
  replicas: 2
  template:
    spec:${podSpec}
      containers:
        - name: web
          image: registry.example.com/web:1.0${container}
`;

describe('no secret in an error message', () => {
  const SECRET = 'aHVudGVyMi1zM2NyM3Q';
  const flux = (...lines: string[]) => () => parseFluxDiff(lines.join('\n'), { label: 'flux.txt' });

  test.each([
    ['a value where an object line belongs', flux(`${SECRET}==`)],
    ['a value after a created Secret', flux('► Secret/apps/db created', '', `  password: ${SECRET}`)],
    ['a value where the field path belongs', flux('► Secret/apps/db drifted', '', `  - ${SECRET}`)],
    ['a value where the change description belongs', flux('► Secret/apps/db drifted', '', 'data.password', `- ${SECRET}`, '+ bmV3')],
    ['a value line without its sign', flux('► Secret/apps/db drifted', '', 'data.password', '± value change', `* ${SECRET}`, '+ bmV3')],
  ])('flux diff: %s', (_name, run) => {
    const message = expectUserError(run);
    expect(message).toMatch(/^flux\.txt:\d+: /);
    expect(message).not.toContain(SECRET);
  });

  test('Argo CD: a state or a body that is not JSON is named, not quoted', () => {
    // Short, so that all of it would fit into the snippet JSON.parse quotes.
    const password = 'hunt3r';
    const item = { kind: 'Secret', name: 'db', namespace: 'shop', targetState: 'null', liveState: `{"kind":"Secret","data":{"password":${password}}}` };
    const message = expectUserError(() => parseArgoCdManagedResources(JSON.stringify({ items: [item] }), { label: 'managed.json' }));
    expect(message).toMatch(/^managed\.json: item 0 \(Secret shop\/db\) has a liveState that is not valid JSON; pass/);
    expect(message).not.toContain(password);
    expect(expectUserError(() => parseArgoCdManagedResources(`{"items":[{"password": ${password}}]}`, { label: 'managed.json' }))).not.toContain(password);
  });

  test('jsonnet: a failed render names the file and line, never the message it printed', async () => {
    const dir = tempDir('gitops-sync-review-');
    writeFileSync(join(dir, 'app.jsonnet'), "local password = std.extVar('password');\n{ db: error 'cannot reach the database with ' + password }\n");
    const k8s = { jsonnet: { file: 'app.jsonnet', ext_str: { password: 'hunter2-s3cr3t' }, tla_str: {} }, live: { kubectl: true }, namespace: 'shop', ignore_differences: [] } as KubernetesEnvironment;
    const render = renderDesired(k8s, { exec: nodeExec, progress: silentProgress, baseDir: dir });
    await expect(render).rejects.toThrow(UserError);
    const message = await render.catch((error: Error) => error.message);
    expect(message).toMatch(/^jsonnet app\.jsonnet failed \(exit 1\) at app\.jsonnet:2:\S+; run jsonnet app\.jsonnet to read its message/);
    expect(message).not.toContain('hunter2');
  });
});

describe('changes made on the cluster that Git does not know', () => {
  test('a container added live with privileged: true is critical drift made outside Git', () => {
    const live = deployment('', '').replace('      containers:\n', '      containers:\n        - name: debug\n          image: busybox\n          securityContext: { privileged: true }\n');
    const changes = diff(deployment(''), live);
    expect(summary(changes)).toEqual([['outside', 'update', 'apps/v1/Deployment/shop/web', ['/spec/template/spec/containers/0/securityContext']]]);
    expect(changes[0].fields[0]).toMatchObject({ before: { privileged: true }, after: null });
    expect(new SeverityEngine(defaultRules()).judgeAll(changes)[0].severity).toBe('critical');
  });

  test('a hostPath volume added live is drift, whether Git has other volumes or none', () => {
    const configVolume = '\n      volumes:\n        - name: config\n          configMap: { name: web }';
    const hostVolume = '\n        - name: host\n          hostPath: { path: / }';
    expect(summary(diff(deployment('', configVolume), deployment('', configVolume + hostVolume)))).toEqual([
      ['outside', 'update', 'apps/v1/Deployment/shop/web', ['/spec/template/spec/volumes/1/hostPath']],
    ]);
    expect(summary(diff(deployment(''), deployment('', `\n      volumes:${hostVolume}`)))).toEqual([
      ['outside', 'update', 'apps/v1/Deployment/shop/web', ['/spec/template/spec/volumes/0/hostPath']],
    ]);
  });

  test('fields removed from Git but still live (per the last-applied configuration) are drift', () => {
    const applied = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', annotations: { team: 'a' } },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'registry.example.com/web:1.0', env: [{ name: 'DEBUG', value: '1' }] }] } } },
    };
    const live = deployment('\n          env: [{ name: DEBUG, value: "1" }]\n          imagePullPolicy: IfNotPresent', '', `\n  annotations:\n    team: a\n    kubectl.kubernetes.io/last-applied-configuration: '${JSON.stringify(applied)}'`);
    const changes = diff(deployment('').replace('  namespace: shop\n', ''), live);
    expect(changes.map((c) => [c.origin, c.action, c.fields])).toEqual([
      ['planned', 'update', [
        { path: '/metadata/annotations/team', before: 'a', after: null, sensitive: false },
        { path: '/spec/template/spec/containers/0/env', before: [{ name: 'DEBUG', value: '1' }], after: null, sensitive: false },
      ]],
    ]);
  });

  test('an env entry removed from Git is drift at its live position; a server default never applied is not', () => {
    const applied = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] } };
    const pod = (env: string, extra = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${extra}\nspec:\n  containers:\n    - name: app\n      env: [${env}]\n`;
    const live = pod('{ name: A, value: "1" }, { name: B, value: "2" }', `\n  annotations: { kubectl.kubernetes.io/last-applied-configuration: '${JSON.stringify(applied)}' }`) + '  dnsPolicy: ClusterFirst\n';
    expect(summary(diff(pod('{ name: A, value: "1" }'), live))).toEqual([['planned', 'update', 'v1/Pod/shop/p', ['/spec/containers/0/env/1']]]);
  });
});

describe('differences that are not drift', () => {
  test('equal quantities in resources: 1000m and 1, 1024Mi and 1Gi, 0.5 and 500m, "2" and 2', () => {
    const resources = (cpu: string, memory: string, request: string) => `\n          resources: { limits: { cpu: ${cpu}, memory: ${memory} }, requests: { cpu: ${request}, ephemeral-storage: 2 } }`;
    expect(diff(deployment(resources('1000m', '1024Mi', '0.5')), deployment(resources('"1"', '1Gi', '500m').replace('ephemeral-storage: 2', 'ephemeral-storage: "2"')))).toEqual([]);
    expect(summary(diff(deployment(resources('500m', '1Gi', '0.5')), deployment(resources('"1"', '1Gi', '500m'))))).toEqual([
      ['planned', 'update', 'apps/v1/Deployment/shop/web', ['/spec/template/spec/containers/0/resources/limits/cpu']],
    ]);
  });

  test('"", false and 0 in Git equal an absent live value, except where the zero is a choice', () => {
    const zeros = '\n          workingDir: ""\n          stdin: false\n          securityContext: { privileged: false }';
    expect(diff(deployment(zeros, '\n      hostNetwork: false'), deployment(''))).toEqual([]);
    expect(summary(diff(deployment('\n          securityContext: { runAsUser: 0, allowPrivilegeEscalation: false }'), deployment('')))).toEqual([
      ['planned', 'update', 'apps/v1/Deployment/shop/web', ['/spec/template/spec/containers/0/securityContext/runAsUser', '/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation']],
    ]);
    const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: {${data}}\n`;
    expect(summary(diff(configMap('FLAG: ""'), configMap('')))).toEqual([['planned', 'update', 'v1/ConfigMap/shop/c', ['/data/FLAG']]]);
  });

  test('Secret stringData in Git equals the base64 data live; a different value is reported, never printed', () => {
    const secret = (body: string) => `apiVersion: v1\nkind: Secret\nmetadata: { name: db }\n${body}\n`;
    const live = secret(`data: { password: ${Buffer.from('hunter2').toString('base64')} }`);
    expect(diff(secret('stringData: { password: hunter2 }'), live)).toEqual([]);
    const changes = diff(secret('stringData: { password: s3cr3t-new }'), live);
    expect(changes.map((c) => c.fields)).toEqual([[{ path: '/data/password', before: '(sensitive)', after: '(sensitive)', sensitive: true }]]);
    for (const value of ['hunter2', 's3cr3t-new', Buffer.from('hunter2').toString('base64'), Buffer.from('s3cr3t-new').toString('base64')]) {
      expect(JSON.stringify(changes)).not.toContain(value);
    }
  });

  test('the same object served at another version of its group is not drift', () => {
    expect(diff(deployment(''), deployment('').replace('apps/v1', 'apps/v1beta2'))).toEqual([]);
  });

  test('YAML merge keys in Git are expanded, not compared as a "<<" field', () => {
    const withLabels = (labels: string, template: string) => deployment('').replace('  namespace: shop', `  namespace: shop\n  labels: ${labels}`).replace('  template:\n', `  template:\n    metadata:\n      labels:\n${template}`);
    const live = withLabels('{ app: web }', '        app: web\n        tier: front\n');
    expect(diff(withLabels('&labels { app: web }', '        <<: *labels\n        tier: front\n'), live)).toEqual([]);
    expect(diff(withLabels('{ app: web }', '        <<: { app: web }\n        tier: front\n'), live)).toEqual([]);
  });

  test('kubectl diff: an object whose only changes are server-owned (generation, resourceVersion, last-applied, status) is not drift', () => {
    const text = [
      'diff -u -N /tmp/LIVE-1/apps.v1.Deployment.shop.web /tmp/MERGED-2/apps.v1.Deployment.shop.web',
      '--- /tmp/LIVE-1/apps.v1.Deployment.shop.web',
      '+++ /tmp/MERGED-2/apps.v1.Deployment.shop.web',
      '@@ -3,8 +3,8 @@',
      ' metadata:',
      '   annotations:',
      '-    kubectl.kubernetes.io/last-applied-configuration: \'{"spec":{"replicas":2}}\'',
      '+    kubectl.kubernetes.io/last-applied-configuration: \'{"spec":{"replicas":2},"x":1}\'',
      '-  generation: 4',
      '+  generation: 5',
      '   name: web',
      '-  resourceVersion: "811"',
      '+  resourceVersion: "812"',
      ' status:',
      '-  observedGeneration: 4',
      '+  observedGeneration: 5',
    ].join('\n');
    expect(parseKubectlDiff(text, { label: 'kubectl.diff' })).toEqual([]);
  });
});

describe('cluster-scoped objects', () => {
  test('get no namespace: not the default one, and not one a chart writes into them', () => {
    const objects = [
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com'],
      ['gateway.networking.k8s.io/v1', 'GatewayClass', 'public'],
      ['flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', 'system'],
      ['snapshot.storage.k8s.io/v1', 'VolumeSnapshotClass', 'fast'],
    ].map(([apiVersion, kind, name]) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: ${name} }\n`);
    expect(diff(objects.join('---\n'), '', 'team').map((c) => c.address)).toEqual([
      'apiextensions.k8s.io/v1/CustomResourceDefinition//widgets.example.com',
      'gateway.networking.k8s.io/v1/GatewayClass//public',
      'flowcontrol.apiserver.k8s.io/v1/FlowSchema//system',
      'snapshot.storage.k8s.io/v1/VolumeSnapshotClass//fast',
    ]);
    const role = (namespace: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: view${namespace} }\nrules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]\n`;
    expect(diff(role(', namespace: shop'), role(''))).toEqual([]);
    expect(summary(diff(role(', namespace: shop').replace('get]', 'get, list]'), role('')))).toEqual([
      ['planned', 'update', 'rbac.authorization.k8s.io/v1/ClusterRole//view', ['/rules/0/verbs']],
    ]);
  });

  test('Argo CD: a cluster-scoped target with a namespace written into it is addressed without one', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'view', namespace: 'shop' }, rules: [] };
    const item = { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view', targetState: JSON.stringify(role), liveState: 'null' };
    expect(parseArgoCdManagedResources(JSON.stringify({ items: [item] }), { label: 'managed.json' }).map((c) => c.address)).toEqual(['rbac.authorization.k8s.io/v1/ClusterRole//view']);
  });
});

describe('bad input: one sentence', () => {
  test('flux diff: side-by-side details that lost a column header', () => {
    const text = ['► ConfigMap/apps/settings drifted', '', 'data', '- one map entry removed:   ', 'LOG_LEVEL: debug             LOG_FORMAT: json', ''].join('\n');
    const message = expectUserError(() => parseFluxDiff(text, { label: 'flux.txt' }));
    expect(message).toMatch(/^flux\.txt:4: the details of "data" in ConfigMap\/apps\/settings do not start with a dyff change description/);
  });

  test('a List without items', () => {
    expect(expectUserError(() => parseManifests('apiVersion: v1\nkind: List\nmetadata: {}\n', 'live.yaml'))).toBe('live.yaml:1: a List has no items; put its objects under items: (an empty list is items: []).');
    expect(expectUserError(() => parseManifests('{"apiVersion": "v1", "kind": "List"}', 'live.json'))).toBe('live.json: a List has no items; put its objects under items: (an empty list is items: []).');
  });

  test('a metadata.name YAML reads as a number', () => {
    expect(expectUserError(() => parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 123\n', 'git.yaml'))).toBe(
      'git.yaml:1: the metadata.name of a ConfigMap reads as the number 123, not a string; quote it (name: "123").',
    );
  });
});

describe('the Kubernetes input limit', () => {
  test('the README states that manifests and exports have no fixed limit, and GITOPS_SYNC_MAX_INPUT_MB still sets one', () => {
    const readme = readFileSync(resolve(REPO_ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('A Kubernetes environment');
    const kubernetesSection = readme.slice(start, readme.indexOf('\n### ', start));
    expect(kubernetesSection).toContain('there is no fixed size limit: a file may be up to a third of the memory gitops-sync can use');
    expect(kubernetesSection).toContain('GITOPS_SYNC_MAX_INPUT_MB');
    const dir = tempDir('gitops-sync-review-');
    const file = join(dir, 'live.yaml');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 64 * 1024 * 1024 + 1);
    closeSync(fd);
    const saved = process.env.GITOPS_SYNC_MAX_INPUT_MB;
    process.env.GITOPS_SYNC_MAX_INPUT_MB = '64';
    try {
      expect(() => readManifests([file], 'a live export')).toThrow(/over the 64 MB limit for a live export; split the input or raise GITOPS_SYNC_MAX_INPUT_MB\./);
    } finally {
      if (saved === undefined) delete process.env.GITOPS_SYNC_MAX_INPUT_MB;
      else process.env.GITOPS_SYNC_MAX_INPUT_MB = saved;
    }
  });
});

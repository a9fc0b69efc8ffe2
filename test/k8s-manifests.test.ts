import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { diffKubectlDirs, diffManifests, parseManifests, UserError, type UnjudgedChange } from '@gitops-sync/core';
import { GITOPS_ENGINE_PAIRS } from './support/gitops-engine-pairs.js';
import { SHARED_FIXTURES } from './support/paths.js';

const ENGINE = resolve(SHARED_FIXTURES, 'kubernetes', 'gitops-engine');
const DYFF = resolve(SHARED_FIXTURES, 'kubernetes', 'dyff');
const read = (path: string) => parseManifests(readFileSync(path, 'utf8'), path);
const summary = (changes: UnjudgedChange[]) => changes.map((c) => [c.origin, c.action, c.address, c.fields.map((f) => f.path)]);
const diff = (desired: string, live: string, options: { defaultNamespace?: string; trackingLabel?: string } = {}) =>
  diffManifests(parseManifests(desired, 'git.yaml'), parseManifests(live, 'live.yaml'), { desiredLabel: 'git.yaml', liveLabel: 'live.yaml', defaultNamespace: options.defaultNamespace ?? 'default', trackingLabel: options.trackingLabel });

describe('Argo CD gitops-engine config/live pairs', () => {
  const pairs = GITOPS_ENGINE_PAIRS;

  test('every pair in the fixtures is covered', () => {
    const bases = readdirSync(ENGINE).filter((name) => /-config\.(json|yaml)$/.test(name)).map((name) => name.replace(/-config\.(json|yaml)$/, ''));
    const withLive = bases.filter((base) => readdirSync(ENGINE).some((name) => name.startsWith(`${base}-live.`)));
    expect(pairs.map(([base]) => base).sort()).toEqual(withLive.sort());
  });

  test.each(pairs)('%s', (base, namespace, expected) => {
    const file = (side: string) => readdirSync(ENGINE).find((name) => name === `${base}-${side}.json` || name === `${base}-${side}.yaml`)!;
    const changes = diffManifests(read(resolve(ENGINE, file('config'))), read(resolve(ENGINE, file('live'))), { desiredLabel: 'config', liveLabel: 'live', defaultNamespace: namespace });
    expect(summary(changes)).toEqual(expected);
  });

  test('a live export with every server-populated field and a webhook-injected env entry is not drift', () => {
    const live = JSON.parse(readFileSync(resolve(ENGINE, 'deployment-live.json'), 'utf8'));
    expect(live.metadata.managedFields ?? live.metadata.resourceVersion).toBeDefined();
    expect(live.spec.template.spec.containers[0].env[0].name).toBe('VAR2');
  });
});

describe('dyff manifest sets (from = live, to = Git)', () => {
  const pair = (name: string) => {
    const ext = existsSync(resolve(DYFF, name, 'from.yml')) ? 'yml' : 'yaml';
    return diffManifests(read(resolve(DYFF, name, `to.${ext}`)), read(resolve(DYFF, name, `from.${ext}`)), { desiredLabel: 'to', liveLabel: 'from', defaultNamespace: 'default' });
  };

  test('lists matched by merge key: new ports are additions, not a shift of every entry', () => {
    expect(summary(pair('multi-docs'))).toEqual([
      ['planned', 'update', 'v1/ReplicationController/kube-system/kube-registry-v0', [
        '/spec/template/spec/containers/0/resources/limits/cpu', '/spec/template/spec/containers/0/resources/limits/memory',
        '/spec/template/spec/containers/0/ports/1/containerPort', '/spec/template/spec/containers/0/ports/1/name', '/spec/template/spec/containers/0/ports/1/protocol',
      ]],
      ['planned', 'update', 'v1/Service/kube-system/kube-registry', ['/spec/ports/1/name', '/spec/ports/1/port', '/spec/ports/1/protocol']],
    ]);
  });

  test('config map data, labels in lists and new objects', () => {
    expect(summary(pair('configmaps'))).toEqual([['planned', 'update', 'v1/ConfigMap/pinniped-concierge/pinniped-concierge-config', ['/data/pinniped.yaml']]]);
    expect(summary(pair('lists'))).toEqual([['planned', 'update', 'v1/Pod/foobar/foo-1', ['/metadata/labels/foo']]]);
    expect(summary(pair('multi-docs-file-level')).map(([, action, address]) => [action, address])).toEqual([
      ['update', 'v1/Service/default/foo'],
      ['create', 'v1/Service/default/bar'],
      ['create', 'v1/Service/default/baz'],
    ]);
  });

  test('the same object twice in Git is refused', () => {
    expect(() => pair('multi-docs-versioned-crds')).toThrow(/has some-kind default\/some-item twice; keep one definition of each object\./);
  });
});

describe('drift rules for manifests', () => {
  const deployment = (extra: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.0${extra}
`;

  test('a security setting present live but absent from Git is drift made outside Git', () => {
    const changes = diff(deployment(''), deployment('\n          securityContext: { privileged: true }'));
    expect(summary(changes)).toEqual([['outside', 'update', 'apps/v1/Deployment/shop/web', ['/spec/template/spec/containers/0/securityContext']]]);
    expect(changes[0].fields[0]).toMatchObject({ before: { privileged: true }, after: null });
  });

  test('a server default absent from Git is not drift; an empty value in Git equals an absent one live', () => {
    expect(diff(deployment('\n          resources: {}\n          args: []'), deployment('\n          imagePullPolicy: IfNotPresent\n          terminationMessagePath: /dev/termination-log'))).toEqual([]);
  });

  test('a sidecar injected live does not shift the Git container into a false change', () => {
    const live = deployment('').replace('        - name: web', '        - name: istio-proxy\n          image: istio/proxyv2:1.20\n        - name: web');
    expect(diff(deployment(''), live)).toEqual([]);
  });

  test('a Secret value that YAML reads as an alias is refused without quoting it', () => {
    const parse = () => parseManifests('apiVersion: v1\nkind: Secret\nmetadata: { name: db }\nstringData:\n  password: *Xy9secret\n', 's.yaml');
    expect(parse).toThrow(/^s\.yaml:1: the document uses a YAML alias that is not defined; fix the manifest/);
    expect(parse).not.toThrow(/Xy9secret/);
  });

  test('Secret values never leave the source, not even base64', () => {
    const secret = (value: string, extra = '') => `apiVersion: v1\nkind: Secret\nmetadata: { name: db }\ndata:\n  password: ${value}${extra}\n`;
    const changes = diff(secret('bmV3LXBhc3N3b3Jk', '\n  user: YWRtaW4='), secret('b2xkLXBhc3N3b3Jk'));
    expect(changes[0].fields).toEqual([
      { path: '/data/password', before: '(sensitive)', after: '(sensitive)', sensitive: true },
      { path: '/data/user', before: null, after: '(sensitive)', sensitive: true },
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/bmV3|b2xk|YWRt/);
    expect(diff(secret('""'), 'apiVersion: v1\nkind: Secret\nmetadata: { name: db }\n')).toEqual([]);
  });

  test('live objects missing from Git are deletions only when they carry the tracking label', () => {
    const live = `${deployment('')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: old, namespace: shop, labels: { app.kubernetes.io/instance: shop } }\ndata: { a: b }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: foreign, namespace: shop }\n`;
    expect(diff(deployment(''), live)).toEqual([]);
    expect(summary(diff(deployment(''), live, { trackingLabel: 'app.kubernetes.io/instance=shop' }))).toEqual([['planned', 'delete', 'v1/ConfigMap/shop/old', ['/apiVersion', '/kind', '/metadata', '/data']]]);
  });

  test('objects without a namespace take the default one; cluster-scoped objects have none', () => {
    const changes = diff('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: view }\nrules: []\n', '', { defaultNamespace: 'team' });
    expect(changes.map((c) => c.address)).toEqual(['v1/ConfigMap/team/a', 'rbac.authorization.k8s.io/v1/ClusterRole//view']);
  });

  test('RBAC rules added live are drift made outside Git', () => {
    const role = (rules: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: reader, namespace: shop }\n${rules}`;
    expect(summary(diff(role(''), role('rules: [{ apiGroups: [""], resources: [secrets], verbs: ["*"] }]\n')))).toEqual([['outside', 'update', 'rbac.authorization.k8s.io/v1/Role/shop/reader', ['/rules']]]);
  });
});

describe('JSON exports (kubectl get -o json)', () => {
  test('a JSON List reads the same as its YAML', () => {
    const yamlText = readFileSync(resolve(ENGINE, 'ssd-deploy-nested-live.yaml'), 'utf8');
    const object = parseManifests(yamlText, 'live.yaml')[0];
    expect(parseManifests(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [object] }), 'live.json')).toEqual([object]);
    expect(parseManifests(JSON.stringify(object), 'one.json')).toEqual([object]);
  });
});

describe('bad manifests', () => {
  test.each([
    ['invalid YAML', 'kind: [unclosed\n', /^m\.yaml:\d+: invalid YAML/],
    ['a YAML alias bomb', ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n'), /^m\.yaml:1: .*alias/i],
    ['a document without kind', 'apiVersion: v1\nmetadata: { name: x }\n', 'm.yaml:1: an object has no kind; every manifest needs apiVersion, kind and metadata.name.'],
    ['a document without metadata.name', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', 'm.yaml:1: a ConfigMap has no metadata.name; every manifest needs apiVersion, kind and metadata.name.'],
    ['binary content', 'kind: x\u0000\u0001', 'm.yaml is a binary file, not YAML or JSON manifests; pass Kubernetes manifests.'],
  ])('%s', (_name, text, message) => {
    const parse = () => parseManifests(text, 'm.yaml');
    if (typeof message === 'string') expect(parse).toThrow(new UserError(message));
    else expect(parse).toThrow(message);
  });
});

describe('kubectl external-diff folders', () => {
  const deploymentYaml = (image: string, replicas: number) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n  resourceVersion: "42"\n  generation: ${replicas}\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers:\n      - name: web\n        image: ${image}\n`;

  test('update, create (empty LIVE file), delete (only in LIVE), with every field compared', () => {
    const live = new Map([
      ['apps.v1.Deployment.shop.web', deploymentYaml('web:1.0', 2)],
      ['v1.Service.shop.web', ''],
      ['rbac.authorization.k8s.io.v1.ClusterRole..old-view', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: old-view\nrules: []\n'],
    ]);
    const merged = new Map([
      ['apps.v1.Deployment.shop.web', deploymentYaml('web:1.1', 3)],
      ['v1.Service.shop.web', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n  - port: 80\n'],
    ]);
    expect(summary(diffKubectlDirs(live, merged, { live: 'LIVE', merged: 'MERGED' }))).toEqual([
      ['planned', 'update', 'apps/v1/Deployment/shop/web', ['/spec/replicas', '/spec/template/spec/containers/0/image']],
      ['planned', 'delete', 'rbac.authorization.k8s.io/v1/ClusterRole//old-view', ['/apiVersion', '/kind', '/metadata']],
      ['planned', 'create', 'v1/Service/shop/web', ['/apiVersion', '/kind', '/metadata/name', '/metadata/namespace', '/spec/ports/0/port']],
    ]);
  });

  test('a file not named like kubectl names them is refused', () => {
    expect(() => diffKubectlDirs(new Map(), new Map([['deployment.yaml', 'kind: x']]), { live: 'LIVE', merged: 'MERGED' })).toThrow(
      "MERGED/deployment.yaml is not named like kubectl's diff files ([group.]version.Kind.namespace.name); pass the folders kubectl diff creates.",
    );
  });
});

describe('ignore rules', () => {
  const app = (replicas: number, image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop${extra}
spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
        - name: api
          image: ${image}
`;
  const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api, namespace: shop }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }\n  minReplicas: 2\n  maxReplicas: 10\n';
  const run = (desired: string, live: string, ignoreDifferences: Parameters<typeof diffManifests>[2]['ignoreDifferences'] = []) =>
    summary(diffManifests(parseManifests(desired, 'git'), parseManifests(live, 'live'), { desiredLabel: 'git', liveLabel: 'live', defaultNamespace: 'default', ignoreDifferences }));

  test('replicas of a workload an HPA scales are not drift, other fields still are', () => {
    expect(run(`${app(2, 'api:1')}---\n${hpa}`, `${app(7, 'api:1')}---\n${hpa}`)).toEqual([]);
    expect(run(`${app(2, 'api:2')}---\n${hpa}`, `${app(7, 'api:1')}---\n${hpa}`)).toEqual([['planned', 'update', 'apps/v1/Deployment/shop/api', ['/spec/template/spec/containers/0/image']]]);
    expect(run(app(2, 'api:1'), app(7, 'api:1'))).toEqual([['planned', 'update', 'apps/v1/Deployment/shop/api', ['/spec/replicas']]]);
  });

  test('json_pointers with ~1 escapes, scoped by kind and name', () => {
    const annotated = (value: string) => app(2, 'api:1', `\n  annotations:\n    example.com/rollout: "${value}"`);
    const rule = { kind: 'Deployment', name: 'api', json_pointers: ['/metadata/annotations/example.com~1rollout'], managed_fields_managers: [] };
    expect(run(annotated('a'), annotated('b'), [rule])).toEqual([]);
    expect(run(annotated('a'), annotated('b'), [{ ...rule, name: 'other' }])).toHaveLength(1);
  });

  test('managed_fields_managers ignores the fields a controller owns in the live object', () => {
    const managed = `\n  managedFields:\n    - manager: rollout-controller\n      operation: Update\n      fieldsV1:\n        f:spec:\n          f:template:\n            f:spec:\n              f:containers:\n                k:{"name":"api"}:\n                  .: {}\n                  f:image: {}`;
    const rule = { kind: 'Deployment', json_pointers: [], managed_fields_managers: ['rollout-controller'] };
    expect(run(app(2, 'api:1'), app(2, 'api:9', managed), [rule])).toEqual([]);
    expect(run(app(3, 'api:1'), app(2, 'api:9', managed), [rule])).toEqual([['planned', 'update', 'apps/v1/Deployment/shop/api', ['/spec/replicas']]]);
  });
});

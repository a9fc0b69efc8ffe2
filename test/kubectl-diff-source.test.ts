import { type FieldChange, KUBECTL_DIFF_SOURCE, SENSITIVE, UNKNOWN_SEGMENT, type UnjudgedChange, parseKubectlDiff, refFromKubectlFileName } from '@gitops-sync/core';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expectUserError } from './support/user-error.js';
import { REPO_ROOT } from './support/paths.js';

const FIXTURES = resolve(REPO_ROOT, 'test', 'fixtures', 'kubectl-diff');
/** Saved output of `diff -u -N /tmp/LIVE-2786513449 /tmp/MERGED-1409934175` over live/ and merged/. */
const SAVED_DIFF = readFileSync(resolve(FIXTURES, 'kubectl-diff.txt'), 'utf8');

const parse = (text: string, label = 'kubectl-diff.txt') => parseKubectlDiff(text, { label });
const doc = (...lines: string[]) => `${lines.join('\n')}\n`;
const U = UNKNOWN_SEGMENT;
const field = (path: string, before: unknown, after: unknown, sensitive = false): FieldChange => ({ path, before, after, sensitive });
const byAddress = (changes: UnjudgedChange[], address: string) => changes.find((change) => change.address === address)!;

interface ObjectFiles {
  /** Omitted: no LIVE file (pruned objects have one, created objects an empty one). */
  live?: string;
  merged?: string;
}

/**
 * Lays out two folders exactly as kubectl does (`LIVE-<random>`, `MERGED-<random>`, one file per
 * object named `[<group>.]<version>.<Kind>.<namespace>.<name>`) and runs GNU diff on them the way
 * kubectl runs it, so the text is real diff output.
 */
function kubectlStyleDiff(objects: Record<string, ObjectFiles>, flags = ['-u', '-N']): string {
  const root = mkdtempSync(join(tmpdir(), 'gitops-sync-kubectl-diff-'));
  try {
    const live = mkdtempSync(join(root, 'LIVE-'));
    const merged = mkdtempSync(join(root, 'MERGED-'));
    for (const [name, files] of Object.entries(objects)) {
      if (files.live !== undefined) writeFileSync(join(live, name), files.live);
      if (files.merged !== undefined) writeFileSync(join(merged, name), files.merged);
    }
    const result = spawnSync('diff', [...flags, live, merged], { encoding: 'utf8' });
    if (result.error || (result.status ?? 2) > 1) throw new Error(`diff failed: ${result.error?.message ?? result.stderr}`);
    return result.stdout;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The fixture objects (live/, merged/) as kubectl would lay them out. */
function fixtureObjects(): Record<string, ObjectFiles> {
  const objects: Record<string, ObjectFiles> = {};
  for (const side of ['live', 'merged'] as const) {
    for (const name of readdirSync(resolve(FIXTURES, side))) {
      objects[name] = { ...objects[name], [side]: readFileSync(resolve(FIXTURES, side, name), 'utf8') };
    }
  }
  return objects;
}

// generation and the last-applied annotation change too, but they are the server's and kubectl's, not drift.
const DEPLOYMENT_FIELDS = [
  field('/spec/replicas', 2, 3),
  // The hunk starts inside the container, below `containers:`: no index, the container's name.
  field('/spec/template/spec/containers/web/image', 'nginx:1.25.3', 'nginx:1.26.0'),
];

describe('reading the output of kubectl diff', () => {
  const changes = parse(SAVED_DIFF);

  test('one change per object, in the diff order, with kubectl identities as addresses', () => {
    expect(changes.map((change) => [change.action, change.address, change.kind])).toEqual([
      ['update', 'apps/v1/Deployment/default/web', 'Deployment'],
      ['delete', 'rbac.authorization.k8s.io/v1/ClusterRole//view-extra', 'ClusterRole'],
      ['update', 'v1/ConfigMap/default/app-config', 'ConfigMap'],
      ['update', 'v1/Secret/default/db-credentials', 'Secret'],
      ['create', 'v1/Service/default/web', 'Service'],
    ]);
    for (const change of changes) expect([change.source, change.origin]).toEqual([KUBECTL_DIFF_SOURCE, 'planned']);
  });

  test('a Deployment: image and replicas across three hunks; generation and the last-applied annotation are left out', () => {
    expect(byAddress(changes, 'apps/v1/Deployment/default/web').fields).toEqual(DEPLOYMENT_FIELDS);
  });

  test('a ConfigMap: a changed key, an added key and a changed line of a multi-line value', () => {
    expect(byAddress(changes, 'v1/ConfigMap/default/app-config').fields).toEqual([
      field('/data/LOG_LEVEL', 'info', 'debug'),
      field('/data/REQUEST_TIMEOUT', null, '30s'),
      field('/data/app.properties', 'server.port=8080\ncache.ttl=300\nfeature.search=false', 'server.port=8080\ncache.ttl=600\nfeature.search=false'),
    ]);
  });

  test('a created Service lists every value it will have, with exact paths; empty values are left out', () => {
    const service = byAddress(changes, 'v1/Service/default/web');
    expect(Object.fromEntries(service.fields.map((f) => [f.path, f.after]))).toEqual({
      '/apiVersion': 'v1',
      '/kind': 'Service',
      '/metadata/labels/app': 'web',
      '/metadata/name': 'web',
      '/metadata/namespace': 'default',
      '/spec/clusterIP': '10.96.142.17',
      '/spec/clusterIPs/0': '10.96.142.17',
      '/spec/internalTrafficPolicy': 'Cluster',
      '/spec/ipFamilies/0': 'IPv4',
      '/spec/ipFamilyPolicy': 'SingleStack',
      '/spec/ports/0/name': 'http',
      '/spec/ports/0/port': 80,
      '/spec/ports/0/protocol': 'TCP',
      '/spec/ports/0/targetPort': 8080,
      '/spec/selector/app': 'web',
      '/spec/sessionAffinity': 'None',
      '/spec/type': 'ClusterIP',
    });
    expect(service.fields.every((f) => f.before === null && !f.sensitive)).toBe(true);
  });

  test('a pruned cluster-scoped ClusterRole lists what goes away', () => {
    expect(byAddress(changes, 'rbac.authorization.k8s.io/v1/ClusterRole//view-extra').fields).toEqual([
      field('/apiVersion', 'rbac.authorization.k8s.io/v1', null),
      field('/kind', 'ClusterRole', null),
      field('/metadata/labels/app.kubernetes.io~1managed-by', 'gitops', null),
      field('/metadata/name', 'view-extra', null),
      field('/rules/0/apiGroups/0', '', null),
      field('/rules/0/resources/0', 'pods', null),
      field('/rules/0/resources/1', 'pods/log', null),
      field('/rules/0/verbs/0', 'get', null),
      field('/rules/0/verbs/1', 'list', null),
    ]);
  });

  test('a Secret reports which values changed, never the values, the base64 or the last-applied annotation', () => {
    expect(byAddress(changes, 'v1/Secret/default/db-credentials').fields).toEqual([field('/data/password', SENSITIVE, SENSITIVE, true)]);
    const json = JSON.stringify(changes);
    for (const secret of ['czNjcjN0LW9sZA==', 'bjN3LXMzY3IzdA==', 'czNjcjN0LW9sZA', 'bjN3LXMzY3IzdA', 'YXBw', 's3cr3t-old', 'n3w-s3cr3t']) {
      expect(json).not.toContain(secret);
    }
  });

  test('real GNU diff over folders laid out like kubectl gives the same changes as the saved output', () => {
    expect(parse(kubectlStyleDiff(fixtureObjects()))).toEqual(changes);
  });

  test('kubectl prints nothing when nothing changed, and nothing is no change', () => {
    expect(parse('')).toEqual([]);
    expect(parse('\n\n')).toEqual([]);
    const same = doc('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: same');
    expect(parse(kubectlStyleDiff({ 'v1.ConfigMap.default.same': { live: same, merged: same } }))).toEqual([]);
  });

  test('CRLF line ends (a diff saved on Windows) read the same', () => {
    expect(parse(SAVED_DIFF.replaceAll('\n', '\r\n'))).toEqual(changes);
  });

  test('colordiff output (KUBECTL_EXTERNAL_DIFF="colordiff -N -u") reads the same', () => {
    const colours: Record<string, string> = { '-': '\x1b[0;31m', '+': '\x1b[0;32m', '@': '\x1b[0;36m', d: '\x1b[0;1m' };
    const coloured = SAVED_DIFF.split('\n').map((line) => (colours[line[0]] ? `${colours[line[0]]}${line}\x1b[0m` : line));
    expect(parse(coloured.join('\n'))).toEqual(changes);
  });

  test('without -N, GNU diff writes "Only in" for a pruned object: a delete without fields', () => {
    const text = kubectlStyleDiff(fixtureObjects(), ['-u']);
    expect(text).toMatch(/^Only in .*\/LIVE-[^:]*: rbac\.authorization\.k8s\.io\.v1\.ClusterRole\.\.view-extra$/m);
    const pruned = byAddress(parse(text), 'rbac.authorization.k8s.io/v1/ClusterRole//view-extra');
    expect([pruned.action, pruned.fields]).toEqual(['delete', []]);
  });
});

describe('object identity from kubectl file names', () => {
  test.each([
    ['apps.v1.Deployment.default.web', { group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'default', name: 'web' }],
    ['v1.ConfigMap.default.app-config', { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'app-config' }],
    ['rbac.authorization.k8s.io.v1.ClusterRole..view', { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', namespace: '', name: 'view' }],
    ['rbac.authorization.k8s.io.v1.ClusterRole..system:aggregate-to-view', { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', namespace: '', name: 'system:aggregate-to-view' }],
    ['v1.ConfigMap.default.app.config.v2', { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'app.config.v2' }],
    ['networking.k8s.io.v1.Ingress.shop.www.example.com', { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', namespace: 'shop', name: 'www.example.com' }],
    ['batch.v1beta1.CronJob.ops.nightly', { group: 'batch', version: 'v1beta1', kind: 'CronJob', namespace: 'ops', name: 'nightly' }],
    ['cert-manager.io.v1.ClusterIssuer..letsencrypt.v2', { group: 'cert-manager.io', version: 'v1', kind: 'ClusterIssuer', namespace: '', name: 'letsencrypt.v2' }],
    ['v1.Namespace..v1', { group: '', version: 'v1', kind: 'Namespace', namespace: '', name: 'v1' }],
  ])('%s', (fileName, ref) => {
    expect(refFromKubectlFileName(fileName)).toEqual(ref);
  });

  test.each(['deployment.yaml', 'web', 'v1.ConfigMap.default', 'v1.configmap.default.x', 'apps.v1.Deployment.Default.web', 'apps.v1.Deployment.default.', 'Apps.v1.Deployment.default.web', '.v1.ConfigMap.default.x'])(
    '%s is not in the layout',
    (fileName) => {
      expect(refFromKubectlFileName(fileName)).toBeUndefined();
    },
  );

  test('the address follows the report convention: core group as v1/…, cluster-scoped with an empty namespace', () => {
    const text = kubectlStyleDiff({
      'v1.Namespace..team-a': { live: doc('apiVersion: v1', 'kind: Namespace', 'metadata:', '  labels:', '    tier: a'), merged: doc('apiVersion: v1', 'kind: Namespace', 'metadata:', '  labels:', '    tier: b') },
      'networking.k8s.io.v1.Ingress.shop.www.example.com': { live: doc('spec:', '  ingressClassName: nginx'), merged: doc('spec:', '  ingressClassName: traefik') },
    });
    expect(parse(text).map((change) => [change.address, change.fields])).toEqual([
      ['networking.k8s.io/v1/Ingress/shop/www.example.com', [field('/spec/ingressClassName', 'nginx', 'traefik')]],
      ['v1/Namespace//team-a', [field('/metadata/labels/tier', 'a', 'b')]],
    ]);
  });

  test('names GNU diff has to quote (a space) are unquoted', () => {
    const text = kubectlStyleDiff({ 'v1.ConfigMap.default.odd name': { live: doc('data:', '  a: "1"'), merged: doc('data:', '  a: "2"') } });
    expect(text).toContain('"');
    expect(parse(text).map((change) => change.address)).toEqual(['v1/ConfigMap/default/odd name']);
  });
});

/** A Deployment as kubectl prints it (sorted keys, sequences at their key's indentation), with some lines swapped. */
function deployment(overrides: Record<string, string> = {}): string {
  const lines = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  generation: 7',
    '  labels:',
    '    app: shop',
    '  name: shop',
    '  namespace: default',
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels:',
    '      app: shop',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: shop',
    '    spec:',
    '      containers:',
    '      - args:',
    '        - --port=8080',
    '        - --log-level=info',
    '        image: shop:1.0.0',
    '        name: shop',
    '        ports:',
    '        - containerPort: 8080',
    '          name: http',
    '          protocol: TCP',
    '        - containerPort: 9090',
    '          name: metrics',
    '          protocol: TCP',
    '        - containerPort: 9443',
    '          protocol: TCP',
    '      - image: envoy:1.29',
    '        name: proxy',
    '      dnsPolicy: ClusterFirst',
    '      restartPolicy: Always',
  ];
  return doc(...lines.map((line) => overrides[line] ?? line));
}

const deploymentDiff = (overrides: Record<string, string>, flags?: string[]) =>
  parse(kubectlStyleDiff({ 'apps.v1.Deployment.default.shop': { live: deployment(), merged: deployment(overrides) } }, flags))[0].fields;

describe('field paths from the YAML lines of a hunk (best effort)', () => {
  test('enclosing keys shown in the hunk are exact; those above it are rebuilt from the kind’s structure', () => {
    expect(deploymentDiff({ '  replicas: 2': '  replicas: 5' })).toEqual([field('/spec/replicas', 2, 5)]);
    expect(deploymentDiff({ '      restartPolicy: Always': '      restartPolicy: OnFailure' })).toEqual([field('/spec/template/spec/restartPolicy', 'Always', 'OnFailure')]);
  });

  test('a list index is written when the list key and the items before are in the hunk', () => {
    expect(deploymentDiff({ '        - --port=8080': '        - --port=8081' })).toEqual([field('/spec/template/spec/containers/0/args/0', '--port=8080', '--port=8081')]);
    expect(deploymentDiff({ '        - --log-level=info': '        - --log-level=debug' })).toEqual([field('/spec/template/spec/containers/0/args/1', '--log-level=info', '--log-level=debug')]);
    expect(deploymentDiff({ '          name: http': '          name: web' })).toEqual([field(`/spec/template/spec/containers/${U}/ports/0/name`, 'http', 'web')]);
  });

  test('when the index is unknown, the item is named by its name, else "…"', () => {
    expect(deploymentDiff({ '        - containerPort: 9090': '        - containerPort: 9091' })).toEqual([field(`/spec/template/spec/containers/${U}/ports/metrics/containerPort`, 9090, 9091)]);
    expect(deploymentDiff({ '        - containerPort: 9443': '        - containerPort: 8443' })).toEqual([field(`/spec/template/spec/containers/${U}/ports/${U}/containerPort`, 9443, 8443)]);
    // kubectl sorts `name` after `image`: the name is found further down the item.
    expect(deploymentDiff({ '      - image: envoy:1.29': '      - image: envoy:1.30' })).toEqual([field('/spec/template/spec/containers/proxy/image', 'envoy:1.29', 'envoy:1.30')]);
  });

  test('with more context (diff -U20, diff -U40) more of the path is known', () => {
    expect(deploymentDiff({ '      - image: envoy:1.29': '      - image: envoy:1.30' }, ['-U20', '-N'])).toEqual([
      field('/spec/template/spec/containers/1/image', 'envoy:1.29', 'envoy:1.30'),
    ]);
    expect(deploymentDiff({ '      - image: envoy:1.29': '      - image: envoy:1.30' }, ['-U40', '-N'])).toEqual([
      field('/spec/template/spec/containers/1/image', 'envoy:1.29', 'envoy:1.30'),
    ]);
  });

  test('with no context (diff -U0) only the changed line is known', () => {
    expect(deploymentDiff({ '        image: shop:1.0.0': '        image: shop:1.1.0', '  replicas: 2': '  replicas: 3' }, ['-U0', '-N'])).toEqual([
      field('/spec/replicas', 2, 3),
      field(`/spec/template/spec/containers/${U}/image`, 'shop:1.0.0', 'shop:1.1.0'),
    ]);
  });

  test('an added list item with a nested mapping: index from the hunk, container by name', () => {
    const live = doc('spec:', '  containers:', '  - env:', '    - name: A', '      value: "1"', '    name: app');
    const merged = doc('spec:', '  containers:', '  - env:', '    - name: A', '      value: "1"', '    - name: B', '      valueFrom:', '        secretKeyRef:', '          key: b', '          name: app-secrets', '    name: app');
    const [change] = parse(kubectlStyleDiff({ 'v1.Pod.default.app': { live, merged } }));
    expect(change.fields).toEqual([
      field('/spec/containers/app/env/1/name', null, 'B'),
      field('/spec/containers/app/env/1/valueFrom/secretKeyRef/key', null, 'b'),
      field('/spec/containers/app/env/1/valueFrom/secretKeyRef/name', null, 'app-secrets'),
    ]);
    const [removed] = parse(kubectlStyleDiff({ 'v1.Pod.default.app': { live: merged, merged: live } }, ['-U9', '-N']));
    expect(removed.fields).toEqual([
      field('/spec/containers/0/env/1/name', 'B', null),
      field('/spec/containers/0/env/1/valueFrom/secretKeyRef/key', 'b', null),
      field('/spec/containers/0/env/1/valueFrom/secretKeyRef/name', 'app-secrets', null),
    ]);
  });

  test('sequences indented under their key (other YAML printers) read the same', () => {
    const live = doc('spec:', '  ports:', '    - name: http', '      port: 80', '    - name: https', '      port: 443');
    const merged = doc('spec:', '  ports:', '    - name: http', '      port: 8080', '    - name: https', '      port: 443');
    expect(parse(kubectlStyleDiff({ 'v1.Service.default.web': { live, merged } }))[0].fields).toEqual([field('/spec/ports/0/port', 80, 8080)]);
  });

  test('scalars are read as YAML: quoted numbers stay strings, null is null, flow collections are values', () => {
    const live = doc('data:', '  port: "8080"', '  ratio: 0.5', '  enabled: "true"', '  empty: ""', 'spec:', '  x: null', '  tags: []');
    const merged = doc('data:', '  port: "9090"', '  ratio: 0.75', '  enabled: "false"', '  empty: "set"', 'spec:', '  x: 3', '  tags: [a]');
    expect(parse(kubectlStyleDiff({ 'v1.ConfigMap.default.types': { live, merged } }))[0].fields).toEqual([
      field('/data/port', '8080', '9090'),
      field('/data/ratio', 0.5, 0.75),
      field('/data/enabled', 'true', 'false'),
      field('/data/empty', '', 'set'),
      field('/spec/x', null, 3),
      field('/spec/tags', [], ['a']),
    ]);
  });

  test('a long string kubectl folds over several lines is one value at its key', () => {
    const live = doc('metadata:', '  annotations:', '    description: This service exposes the web frontend to the cluster and', '      is reached through the shared ingress', '  name: web');
    const merged = doc('metadata:', '  annotations:', '    description: This service exposes the web frontend to the cluster and', '      is reached through the internal gateway', '  name: web');
    expect(parse(kubectlStyleDiff({ 'v1.Service.default.web': { live, merged } }))[0].fields).toEqual([
      field(
        '/metadata/annotations/description',
        'This service exposes the web frontend to the cluster and is reached through the shared ingress',
        'This service exposes the web frontend to the cluster and is reached through the internal gateway',
      ),
    ]);
  });

  test('lines that look like YAML inside a | block are text of the block, and a missing final newline is fine', () => {
    const live = 'data:\n  config.yaml: |\n    server:\n      port: 8080\n    debug: false\nkind: ConfigMap';
    const merged = 'data:\n  config.yaml: |\n    server:\n      port: 9090\n    debug: false\nkind: ConfigMap';
    const text = kubectlStyleDiff({ 'v1.ConfigMap.default.cfg': { live, merged } });
    expect(text).toContain('\\ No newline at end of file');
    expect(parse(text)[0].fields).toEqual([field('/data/config.yaml', 'server:\n  port: 8080\ndebug: false', 'server:\n  port: 9090\ndebug: false')]);
  });
});

describe('Secrets', () => {
  const secret = (password: string, extra: string[] = []) =>
    doc(
      'apiVersion: v1',
      'data:',
      '  api-key: YWJjZGVmZ2hpamtsbW5vcA==',
      '  ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
      '  password: ' + password,
      '  username: YWRtaW4=',
      'kind: Secret',
      'metadata:',
      '  annotations:',
      '    kubectl.kubernetes.io/last-applied-configuration: |',
      `      {"apiVersion":"v1","data":{"password":"${password}"},"kind":"Secret","metadata":{"annotations":{},"name":"db","namespace":"prod"}}`,
      '  name: db',
      '  namespace: prod',
      ...extra,
      'type: Opaque',
    );
  const OLD = 'b2xkLXBhc3N3b3JkLTEyMw==';
  const NEW = 'bmV3LXBhc3N3b3JkLTQ1Ng==';

  test.each([
    ['diff -u -N', ['-u', '-N']],
    ['diff -U0 (no context: neither data: nor the annotation key is shown)', ['-U0', '-N']],
    ['diff -U1', ['-U1', '-N']],
  ])('no value leaves the source with %s', (_name, flags) => {
    const text = kubectlStyleDiff({ 'v1.Secret.prod.db': { live: secret(OLD), merged: secret(NEW, ['  labels:', '    rotated: "yes"']) } }, flags);
    expect(text).toContain(OLD);
    const changes = parse(text);
    const json = JSON.stringify(changes);
    for (const value of [OLD, NEW, OLD.replace(/=+$/, ''), NEW.replace(/=+$/, ''), 'old-password-123', 'new-password-456']) expect(json).not.toContain(value);
    for (const f of changes[0].fields.filter((f) => !f.path.endsWith('/rotated'))) expect([f.before, f.after, f.sensitive]).toEqual([SENSITIVE, SENSITIVE, true]);
  });

  test('with full context the paths stay exact and the unrelated label is shown', () => {
    const changes = parse(kubectlStyleDiff({ 'v1.Secret.prod.db': { live: secret(OLD), merged: secret(NEW, ['  labels:', '    rotated: "yes"']) } }));
    expect(changes[0].fields).toEqual([
      field('/data/password', SENSITIVE, SENSITIVE, true),
      field('/metadata/labels/rotated', null, 'yes'),
    ]);
  });

  test("kubectl's own masks ('*** (before)') are masked the same way, an added key reads as added", () => {
    const live = doc('apiVersion: v1', 'data:', "  password: '*** (before)'", "  username: '***'", 'kind: Secret');
    const merged = doc('apiVersion: v1', 'data:', "  password: '*** (after)'", "  token: '***'", "  username: '***'", 'kind: Secret');
    expect(parse(kubectlStyleDiff({ 'v1.Secret.default.app': { live, merged } }))[0].fields).toEqual([
      field('/data/password', SENSITIVE, SENSITIVE, true),
      field('/data/token', null, SENSITIVE, true),
    ]);
  });

  test('a created Secret shows its keys, not its values', () => {
    const [change] = parse(kubectlStyleDiff({ 'v1.Secret.prod.db': { live: '', merged: secret(NEW) } }));
    expect(change.action).toBe('create');
    expect(JSON.stringify(change)).not.toContain(NEW);
    expect(change.fields.filter((f) => f.sensitive).map((f) => f.path)).toEqual([
      '/data/api-key',
      '/data/ca.crt',
      '/data/password',
      '/data/username',
    ]);
  });
});

describe('input that is not a complete kubectl diff', () => {
  const expectRefused = (text: string, message: RegExp) => expectUserError(() => parse(text, 'drift.diff'), /^drift\.diff line \d+/, message);
  const savedLines = SAVED_DIFF.split('\n');

  test('a hunk with fewer lines than its @@ header says (cut in the middle of the output)', () => {
    const cut = savedLines.findIndex((line) => line === '-  replicas: 2');
    expectRefused(
      savedLines.slice(0, cut + 1).join('\n'),
      /^drift\.diff line 16: the hunk "@@ -15,7 \+15,7 @@" of apps\.v1\.Deployment\.default\.web breaks off at line 21 after 4 of its 7 LIVE lines and 3 of its 7 MERGED lines; the diff is truncated/,
    );
  });

  test('a hunk cut short and followed by the next object', () => {
    const lines = savedLines.filter((line) => line !== '   creationTimestamp: "2024-05-02T09:14:27Z"');
    expectRefused(lines.join('\n'), /line 4: the hunk "@@ -4,9 \+4,9 @@" of apps\.v1\.Deployment\.default\.web breaks off at line 15 after 8 of its 9 LIVE lines/);
  });

  test('a diff header without its hunks', () => {
    expectRefused(savedLines.slice(0, 3).join('\n'), /^drift\.diff line 1: the diff of apps\.v1\.Deployment\.default\.web has no hunk; the diff is truncated/);
  });

  test('binary content: a NUL byte', () => {
    expectRefused(`${savedLines.slice(0, 5).join('\n')}\n\0\0\0`, /^drift\.diff line 6 contains a NUL byte, so it is binary data/);
  });

  test('binary content: "Binary files … differ" from real diff', () => {
    const text = kubectlStyleDiff({ 'v1.ConfigMap.default.bin': { live: 'a: 1\n\0', merged: 'a: 2\n\0' } });
    expect(text).toMatch(/^Binary files .* differ$/m);
    expectRefused(text, /^drift\.diff line 1: diff reports binary files/);
  });

  test('a file name that is not in kubectl layout', () => {
    const text = kubectlStyleDiff({ 'deployment.yaml': { live: 'a: 1\n', merged: 'a: 2\n' } });
    expectRefused(text, /^drift\.diff line 1 names the file "deployment\.yaml", which is not in kubectl diff's layout \[<group>\.\]<version>\.<Kind>\.<namespace>\.<name>/);
  });

  test.each([
    ['YAML', doc('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: x'), 1],
    ['a Terraform plan', '{"format_version":"1.2","resource_changes":[]}', 1],
    ['a git diff', doc('diff --git a/x.yaml b/x.yaml', 'index 83db48f..bf269f4 100644', '--- a/x.yaml', '+++ b/x.yaml'), 1],
    ['a diff with garbage after a complete hunk', `${savedLines.slice(0, 15).join('\n')}\nsome words`, 16],
  ])('text that is not a kubectl diff: %s', (_name, text, line) => {
    expectRefused(text, new RegExp(`^drift\\.diff line ${line} (is not kubectl diff output|names the file)`));
  });

  test('a malformed @@ line', () => {
    expectRefused(`${savedLines.slice(0, 3).join('\n')}\n@@ -4,9 +4 @\n`, /^drift\.diff line 4 is not a hunk header/);
  });
});

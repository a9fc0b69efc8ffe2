#!/usr/bin/env node
// Writes a large, deterministic Kubernetes desired-vs-live pair for `npm run bench` (the k8s case).
//
//   node scripts/bench-k8s-generator.mjs [--out DIR] [--objects N] [--seed N] [--drift-rate F] [--verify]
//
// DIR/desired/<namespace>/<app>.yaml  what Git holds: one multi-document file per app (Deployment,
//                                     Service, ConfigMap, often a Role and RoleBinding, now and then a
//                                     ClusterRole), written the way people write manifests (no server
//                                     fields; objects in the `default` namespace name no namespace).
// DIR/live.yaml                       what `kubectl get deploy,svc,cm,role,rolebinding,clusterrole -A
//                                     -o yaml` prints for them: one `kind: List`, keys sorted, with
//                                     everything the API server adds — managedFields, uid,
//                                     resourceVersion, creationTimestamp, generation, status, the
//                                     last-applied-configuration annotation, defaulted fields
//                                     (imagePullPolicy, terminationMessagePath/Policy, restartPolicy,
//                                     dnsPolicy, schedulerName, securityContext: {}, strategy,
//                                     probe defaults, volume defaultMode, Service clusterIP(s),
//                                     sessionAffinity, ipFamilies, ports[].protocol, targetPort) — plus
//                                     the kube-root-ca.crt ConfigMap of each namespace, which is not in
//                                     Git and carries no tracking label (so is no drift).
//
// Exactly round(objects × drift-rate) objects differ for real, one difference each, so a correct
// analysis reports exactly that many changes: a Git-side image tag, env value or ConfigMap data
// change not yet applied, or an out-of-band `kubectl scale` (replicas) or `kubectl edit` (an extra
// RBAC verb). Their addresses are returned (and written to DIR/meta.json by the bench) so the bench
// can tell missed drift from false positives. Every object has its own seeded PRNG; the output is
// the same on every run for the same options.
import { mkdirSync, renameSync, rmSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hex, int, mix, mulberry32, pick } from './bench-random.mjs';

export const DEFAULTS = {
  out: 'bench-out/k8s',
  objects: 10_000,
  seed: 20250613,
  driftRate: 0.1,
};

const uuid = (r) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-${pick(r, ['8', '9', 'a', 'b'])}${hex(r, 3)}-${hex(r, 12)}`;
const clone = (value) => globalThis.structuredClone(value);

function shuffle(r, list) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// YAML out: kubectl's style (go-yaml via sigs.k8s.io/yaml) — sequences not indented under their
// key, multi-line strings as literal blocks, strings quoted only when they would read as something
// else. `sortKeys` for the live side (kubectl prints maps in key order), `indentSequences` for the
// Git side (the Helm/hand-written style), so both styles are parsed.

const AMBIGUOUS =
  /^(?:[-+]?(?:\d[\d_]*(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?|0x[\da-f]+|0o[0-7]+|\.inf|\.nan|[\d_]+(?::[0-5]?\d)+)|true|false|yes|no|on|off|y|n|null|~|\d{4}-\d\d?-\d\d?(?:[t ].*)?)$/i;
const UNSAFE_START = /^(?:[\s,[\]{}#&*!|>'"%@`]|[-?:](?:\s|$))/;
const UNSAFE_INSIDE = /: |:$| #|\s$/;
/** Control characters (other than a newline when `newlineOk`): such strings are double-quoted. */
function hasControl(value, newlineOk) {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && !(newlineOk && code === 0x0a)) || code === 0x7f) return true;
  }
  return false;
}

function scalar(value) {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === '' || AMBIGUOUS.test(value) || UNSAFE_START.test(value) || UNSAFE_INSIDE.test(value) || hasControl(value, false)) return JSON.stringify(value);
  return value;
}

const isMap = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const isBlock = (value) => typeof value === 'string' && value.includes('\n') && !/^[ \t\n]/.test(value) && !/[ \t]\n/.test(value) && !hasControl(value, true);

function block(value, indent, out) {
  const chomp = value.endsWith('\n\n') ? '+' : value.endsWith('\n') ? '' : '-';
  const body = value.endsWith('\n') ? value.slice(0, -1) : value;
  const pad = ' '.repeat(indent);
  for (const line of body.split('\n')) out.push(line ? pad + line : '');
  return chomp;
}

function emitMap(map, indent, out, style, firstPrefix) {
  const keys = style.sortKeys ? Object.keys(map).sort() : Object.keys(map);
  keys.forEach((key, n) => {
    const value = map[key];
    const lead = n === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
    const head = `${lead}${scalar(key)}:`;
    if (isMap(value) && Object.keys(value).length) {
      out.push(head);
      emitMap(value, indent + 2, out, style);
    } else if (Array.isArray(value) && value.length) {
      out.push(head);
      emitSequence(value, style.indentSequences ? indent + 2 : indent, out, style);
    } else if (isBlock(value)) {
      const at = out.push(head) - 1;
      out[at] += ` |${block(value, indent + 2, out)}`;
    } else {
      out.push(`${head} ${isMap(value) ? '{}' : Array.isArray(value) ? '[]' : scalar(value)}`);
    }
  });
}

function emitSequence(list, indent, out, style) {
  const dash = `${' '.repeat(indent)}- `;
  for (const item of list) {
    if (isMap(item) && Object.keys(item).length) emitMap(item, indent + 2, out, style, dash);
    else if (Array.isArray(item) && item.length) {
      out.push(dash.trimEnd());
      emitSequence(item, indent + 2, out, style);
    } else if (isBlock(item)) {
      const at = out.push(dash.trimEnd()) - 1;
      out[at] += ` |${block(item, indent + 2, out)}`;
    } else out.push(dash + (isMap(item) ? '{}' : Array.isArray(item) ? '[]' : scalar(item)));
  }
}

export function toYaml(value, style = {}) {
  const out = [];
  emitMap(value, 0, out, style);
  return `${out.join('\n')}\n`;
}

/** JSON with keys sorted at every level, as kubectl writes the last-applied annotation. */
function sortedJson(value) {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (isMap(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${sortedJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// The Git side

const NAMESPACES = ['default', 'payments', 'search', 'identity', 'platform', 'data', 'growth', 'risk'];
const TEAMS = ['payments', 'search', 'identity', 'platform', 'data', 'growth', 'mobile', 'risk'];
const WORDS = ['api', 'web', 'auth', 'cart', 'pay', 'feed', 'mail', 'cdn', 'ml', 'etl', 'gateway', 'worker', 'billing', 'ledger', 'notify'];
const ROLES = ['frontend', 'backend', 'worker', 'cron', 'proxy'];
const SIDECARS = [
  { name: 'log-shipper', image: 'docker.io/fluent/fluent-bit:3.1.9', port: 2020 },
  { name: 'envoy', image: 'docker.io/envoyproxy/envoy:v1.31.2', port: 9901 },
  { name: 'oauth2-proxy', image: 'quay.io/oauth2-proxy/oauth2-proxy:v7.7.1', port: 4180 },
];
const CPU = ['50m', '100m', '200m', '250m', '500m'];
const MEMORY = ['64Mi', '128Mi', '256Mi', '512Mi', '1Gi'];
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2'];
const RBAC_GROUP = 'rbac.authorization.k8s.io';

const version = (r) => `${int(r, 1, 4)}.${int(r, 0, 30)}.${int(r, 0, 20)}`;

function labels(app) {
  return {
    'app.kubernetes.io/name': app.name,
    'app.kubernetes.io/instance': `${app.name}-prod`,
    'app.kubernetes.io/component': app.role,
    'app.kubernetes.io/part-of': app.team,
    'app.kubernetes.io/managed-by': 'gitops-sync',
  };
}

function meta(app, name, extraLabels = {}) {
  const metadata = { name };
  if (app.namespace !== 'default') metadata.namespace = app.namespace;
  metadata.labels = { ...labels(app), ...extraLabels };
  return metadata;
}

function deployment(app, r) {
  const main = {
    name: 'app',
    image: `registry.example.com/${app.team}/${app.name}:${app.version}`,
    args: [`--config=/etc/${app.name}/app.yaml`, `--listen=:${app.port}`],
    ports: [{ name: 'http', containerPort: app.port }],
    env: [
      { name: 'LOG_LEVEL', value: pick(r, LOG_LEVELS) },
      { name: 'APP_ENV', value: 'production' },
      { name: 'AWS_REGION', value: pick(r, REGIONS) },
      { name: 'MAX_CONNECTIONS', value: String(int(r, 1, 20) * 50) },
      { name: 'FEATURE_NEW_CHECKOUT', value: r() < 0.5 ? 'true' : 'false' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ],
    resources: { requests: { cpu: pick(r, CPU), memory: pick(r, MEMORY) }, limits: { cpu: '1000m', memory: pick(r, MEMORY) } },
    readinessProbe: { httpGet: { path: '/healthz/ready', port: 'http' }, initialDelaySeconds: int(r, 2, 10) },
    livenessProbe: { httpGet: { path: '/healthz/live', port: 'http' }, initialDelaySeconds: int(r, 10, 30) },
    volumeMounts: [{ name: 'config', mountPath: `/etc/${app.name}`, readOnly: true }],
  };
  if (app.metrics) main.ports.push({ name: 'metrics', containerPort: 9090 });
  if (r() < 0.7) main.securityContext = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true };
  const containers = [main];
  if (app.sidecar) {
    const s = app.sidecar;
    containers.push({
      name: s.name,
      image: s.image,
      ports: [{ name: 'sidecar', containerPort: s.port }],
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    });
  }
  const template = { metadata: { labels: { 'app.kubernetes.io/name': app.name, 'app.kubernetes.io/component': app.role } }, spec: {} };
  if (app.metrics) template.metadata.annotations = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' };
  if (app.serviceAccount) template.spec.serviceAccountName = app.name;
  template.spec.containers = containers;
  template.spec.volumes = [{ name: 'config', configMap: { name: `${app.name}-config` } }];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(app, app.name),
    spec: { replicas: app.replicas, selector: { matchLabels: { 'app.kubernetes.io/name': app.name } }, template },
  };
}

function service(app, r) {
  const port = r() < 0.5 ? { name: 'http', port: 80, targetPort: 'http' } : { name: 'http', port: app.port };
  const ports = [port];
  if (app.metrics) ports.push({ name: 'metrics', port: 9090, targetPort: 'metrics' });
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(app, app.name), spec: { selector: { 'app.kubernetes.io/name': app.name }, ports } };
}

function configMap(app, r) {
  const appYaml = [
    'server:',
    `  port: ${app.port}`,
    `  readTimeout: ${int(r, 1, 30)}s`,
    `  writeTimeout: ${int(r, 1, 30)}s`,
    'database:',
    `  host: ${app.name}-db.${app.namespace}.svc.cluster.local`,
    `  pool: ${int(r, 5, 50)}`,
    'cache:',
    `  ttl: ${int(r, 1, 60)}m`,
    `  size: ${int(r, 100, 5000)}`,
    'features:',
    `  newCheckout: ${r() < 0.5}`,
    `  rateLimit: ${int(r, 10, 1000)}`,
    '',
  ].join('\n');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(app, `${app.name}-config`),
    data: { 'app.yaml': appYaml, LOG_FORMAT: 'json', TIMEOUT_SECONDS: String(int(r, 5, 120)), UPSTREAM_URL: `http://${pick(r, WORDS)}.${pick(r, NAMESPACES)}.svc:8080` },
  };
}

function role(app, r) {
  const rules = [
    { apiGroups: [''], resources: ['configmaps', 'endpoints'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] },
  ];
  if (r() < 0.4) rules.push({ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] });
  return { apiVersion: `${RBAC_GROUP}/v1`, kind: 'Role', metadata: meta(app, `${app.name}-reader`), rules };
}

function roleBinding(app) {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: meta(app, `${app.name}-reader`),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: `${app.name}-reader` },
    subjects: [
      { kind: 'ServiceAccount', name: app.name, namespace: app.namespace },
      { apiGroup: RBAC_GROUP, kind: 'Group', name: `team:${app.team}` },
    ],
  };
}

function clusterRole(app, r) {
  const rules = [
    { apiGroups: [''], resources: ['namespaces', 'nodes'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list'] },
  ];
  const extra = r() < 0.5 ? { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } : {};
  const metadata = { name: `${app.namespace}-${app.name}-cluster-reader`, labels: { ...labels(app), ...extra } };
  return { apiVersion: `${RBAC_GROUP}/v1`, kind: 'ClusterRole', metadata, rules };
}

const BUILD = { Deployment: deployment, Service: service, ConfigMap: configMap, Role: role, RoleBinding: roleBinding, ClusterRole: clusterRole };

/** The apps and their objects, in Git order, until there are `count` objects. */
function planObjects(count, seed) {
  const r = mulberry32(seed);
  const specs = [];
  for (let a = 0; specs.length < count; a++) {
    const team = pick(r, TEAMS);
    const app = {
      index: a,
      name: `${pick(r, WORDS)}-${pick(r, ROLES)}-${a}`,
      namespace: pick(r, NAMESPACES),
      team,
      role: pick(r, ROLES),
      port: pick(r, [8080, 8000, 3000, 9000]),
      version: version(r),
      replicas: int(r, 1, 6),
      metrics: r() < 0.5,
      serviceAccount: r() < 0.6,
      sidecar: r() < 0.3 ? pick(r, SIDECARS) : undefined,
    };
    const kinds = ['Deployment', 'Service', 'ConfigMap'];
    if (r() < 0.6) kinds.push('Role', 'RoleBinding');
    if (a % 10 === 3) kinds.push('ClusterRole');
    for (const kind of kinds) if (specs.length < count) specs.push({ kind, app });
  }
  return specs;
}

// ---------------------------------------------------------------------------------------------
// Drift: one real difference per drifted object

const DRIFT_KINDS = { Deployment: ['image', 'replicas', 'env'], ConfigMap: ['configmap-data'], Role: ['rbac-verb'], ClusterRole: ['rbac-verb'] };
/** Git changed and not yet applied (live = last applied), or changed live out of band (Git = last applied). */
const GIT_SIDE = new Set(['image', 'env', 'configmap-data']);

function drift(type, object, r) {
  if (type === 'image') {
    const container = object.spec.template.spec.containers[0];
    const [repo, tag] = container.image.split(/:(?=[^:]+$)/);
    const [major, minor, patch] = tag.split('.').map(Number);
    container.image = `${repo}:${r() < 0.7 ? `${major}.${minor}.${patch + 1}` : `${major}.${minor + 1}.0`}`;
  } else if (type === 'replicas') object.spec.replicas += int(r, 1, 4);
  else if (type === 'env') {
    const env = object.spec.template.spec.containers[0].env;
    const name = pick(r, ['LOG_LEVEL', 'MAX_CONNECTIONS', 'AWS_REGION']);
    const entry = env.find((e) => e.name === name);
    if (entry.name === 'LOG_LEVEL') entry.value = entry.value === 'debug' ? 'info' : 'debug';
    else if (entry.name === 'MAX_CONNECTIONS') entry.value = String(Number(entry.value) + 50);
    else entry.value = REGIONS[(REGIONS.indexOf(entry.value) + 1) % REGIONS.length];
  } else if (type === 'configmap-data') {
    if (r() < 0.5) object.data.TIMEOUT_SECONDS = String(Number(object.data.TIMEOUT_SECONDS) + 30);
    else object.data['app.yaml'] = object.data['app.yaml'].replace(/pool: (\d+)/, (_, n) => `pool: ${Number(n) + 10}`);
  } else if (type === 'rbac-verb') {
    const rule = object.rules[0];
    rule.verbs.push(pick(r, ['create', 'update', 'patch', 'delete']));
  } else throw new Error(`unknown drift ${type}`);
}

// ---------------------------------------------------------------------------------------------
// The live side: what the API server returns

const T0 = Date.UTC(2024, 0, 8, 9, 0, 0);
const timestamp = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** List keys of managedFields (`k:{…}` entries) for the lists the API server merges by key. */
const FIELD_KEYS = {
  containers: (item) => ({ name: item.name }),
  env: (item) => ({ name: item.name }),
  volumes: (item) => ({ name: item.name }),
  volumeMounts: (item) => ({ mountPath: item.mountPath }),
  ports: (item) => (item.containerPort !== undefined ? { containerPort: item.containerPort, protocol: item.protocol } : { port: item.port, protocol: item.protocol }),
  conditions: (item) => ({ type: item.type }),
};
/** Fields owned whole (`f:x: {}`), and structs whose fieldsV1 has no `.` entry. */
const ATOMIC = new Set(['selector', 'roleRef', 'rules', 'subjects', 'args', 'clusterIPs', 'ipFamilies', 'matchLabels']);
const NO_DOT = new Set(['metadata', 'spec', 'template', 'strategy', 'resources', 'status', 'data']);

function fieldsV1(map) {
  const fields = {};
  for (const key of Object.keys(map).sort()) {
    const value = map[key];
    const keyOf = FIELD_KEYS[key];
    if (isMap(value) && Object.keys(value).length && !ATOMIC.has(key)) {
      fields[`f:${key}`] = NO_DOT.has(key) ? fieldsV1(value) : { '.': {}, ...fieldsV1(value) };
    } else if (Array.isArray(value) && keyOf && value.every(isMap)) {
      const items = { '.': {} };
      for (const item of value) items[`k:${JSON.stringify(keyOf(item))}`] = { '.': {}, ...fieldsV1(item) };
      fields[`f:${key}`] = items;
    } else fields[`f:${key}`] = {};
  }
  return fields;
}

function managedEntry(manager, apiVersion, time, fields, extra = {}) {
  return { apiVersion, fieldsType: 'FieldsV1', fieldsV1: fields, manager, operation: 'Update', ...extra, time: timestamp(time) };
}

function defaultContainer(container) {
  const live = { ...clone(container), imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };
  if (live.ports) for (const port of live.ports) port.protocol = 'TCP';
  for (const probe of [live.readinessProbe, live.livenessProbe]) {
    if (!probe) continue;
    Object.assign(probe, { failureThreshold: 3, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 });
    if (probe.httpGet) probe.httpGet.scheme = 'HTTP';
  }
  for (const entry of live.env ?? []) if (entry.valueFrom?.fieldRef) entry.valueFrom.fieldRef.apiVersion = 'v1';
  if (!live.resources) live.resources = {};
  return live;
}

/** `user` as the API server stores it, with server defaults. */
function withDefaults(user, namespace, r) {
  const live = clone(user);
  live.metadata.namespace ??= namespace || undefined;
  if (!namespace) delete live.metadata.namespace;
  if (live.kind === 'Deployment') {
    const spec = live.spec;
    spec.progressDeadlineSeconds = 600;
    spec.revisionHistoryLimit = 10;
    spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
    spec.template.metadata.creationTimestamp = null;
    const pod = spec.template.spec;
    pod.containers = pod.containers.map(defaultContainer);
    for (const volume of pod.volumes ?? []) if (volume.configMap) volume.configMap.defaultMode = 420;
    if (pod.serviceAccountName) pod.serviceAccount = pod.serviceAccountName;
    Object.assign(pod, { dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30 });
  } else if (live.kind === 'Service') {
    const ip = `10.96.${int(r, 0, 255)}.${int(r, 1, 254)}`;
    for (const port of live.spec.ports) {
      port.protocol = 'TCP';
      port.targetPort ??= port.port;
    }
    Object.assign(live.spec, {
      clusterIP: ip,
      clusterIPs: [ip],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      type: 'ClusterIP',
    });
  }
  return live;
}

function liveObject({ applied, current, namespace, driftType, r }) {
  const live = withDefaults(current, namespace, r);
  const created = T0 + Math.floor(r() * 200 * 86400e3);
  const applyTime = created + Math.floor(r() * 30 * 86400e3);
  const lastApplied = clone(applied);
  if (namespace) lastApplied.metadata.namespace = namespace;
  const generation = live.kind === 'Deployment' ? int(r, 1, 12) + (driftType === 'replicas' ? 1 : 0) : undefined;
  const userAnnotations = live.metadata.annotations ?? {};
  const annotations = { ...userAnnotations, 'kubectl.kubernetes.io/last-applied-configuration': `${sortedJson(lastApplied)}\n` };
  if (live.kind === 'Deployment') annotations['deployment.kubernetes.io/revision'] = String(generation);

  const { kind, apiVersion } = live;
  const { metadata: _m, apiVersion: _a, kind: _k, ...body } = withDefaults(applied, namespace, r);
  const appliedFields = fieldsV1({ metadata: { annotations: { ...userAnnotations, 'kubectl.kubernetes.io/last-applied-configuration': '' }, labels: live.metadata.labels }, ...body });
  const managedFields = [managedEntry('kubectl-client-side-apply', apiVersion, applyTime, appliedFields)];

  let status;
  if (kind === 'Deployment') {
    const replicas = live.spec.replicas;
    const updated = timestamp(applyTime + 40e3);
    status = {
      availableReplicas: replicas,
      conditions: [
        { lastTransitionTime: timestamp(created + 30e3), lastUpdateTime: timestamp(created + 30e3), message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' },
        {
          lastTransitionTime: timestamp(created),
          lastUpdateTime: updated,
          message: `ReplicaSet "${live.metadata.name}-${hex(r, 9).replace(/^[0-9]/, 'b')}" has successfully progressed.`,
          reason: 'NewReplicaSetAvailable',
          status: 'True',
          type: 'Progressing',
        },
      ],
      observedGeneration: generation,
      readyReplicas: replicas,
      replicas,
      updatedReplicas: replicas,
    };
    managedFields.push(
      managedEntry('kube-controller-manager', apiVersion, applyTime + 40e3, { 'f:metadata': { 'f:annotations': { 'f:deployment.kubernetes.io/revision': {} } }, 'f:status': fieldsV1(status) }, { subresource: 'status' }),
    );
  } else if (kind === 'Service') status = { loadBalancer: {} };
  if (driftType === 'replicas') managedFields.push(managedEntry('kubectl', apiVersion, applyTime + 86400e3, { 'f:spec': { 'f:replicas': {} } }, { subresource: 'scale' }));
  if (driftType === 'rbac-verb') managedFields.push(managedEntry('kubectl-edit', apiVersion, applyTime + 86400e3, { 'f:rules': {} }));

  live.metadata = {
    ...live.metadata,
    annotations,
    creationTimestamp: timestamp(created),
    ...(generation !== undefined ? { generation } : {}),
    managedFields,
    resourceVersion: String(int(r, 1_000_000, 99_999_999)),
    uid: uuid(r),
  };
  if (status) live.status = status;
  return live;
}

function rootCaConfigMap(namespace, r) {
  const created = T0 - 86400e3;
  const pem = `-----BEGIN CERTIFICATE-----\n${Array.from({ length: 17 }, () => hex(r, 64)).join('\n')}\n-----END CERTIFICATE-----\n`;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' },
      creationTimestamp: timestamp(created),
      managedFields: [managedEntry('kube-controller-manager', 'v1', created, { 'f:data': { '.': {}, 'f:ca.crt': {} }, 'f:metadata': { 'f:annotations': { '.': {}, 'f:kubernetes.io/description': {} } } })],
      name: 'kube-root-ca.crt',
      namespace,
      resourceVersion: String(int(r, 100, 999)),
      uid: uuid(r),
    },
    data: { 'ca.crt': pem },
  };
}

// ---------------------------------------------------------------------------------------------

/** `group/version/Kind/namespace/name`, core group as `v1/Kind/…`, cluster-scoped with an empty namespace. */
const address = (object, namespace) => `${object.apiVersion}/${object.kind}/${namespace}/${object.metadata.name}`;

const LIVE_KIND_ORDER = ['Deployment', 'Service', 'ConfigMap', 'Role', 'RoleBinding', 'ClusterRole'];

export function generateK8s(options = {}) {
  const { out, objects, seed, driftRate } = { ...DEFAULTS, ...options };
  const started = Date.now();
  const specs = planObjects(objects, seed);

  // Which objects drift, and how: exactly round(objects × driftRate), from the kinds that can.
  const eligible = specs.flatMap((spec, i) => (DRIFT_KINDS[spec.kind] ? [i] : []));
  const wanted = Math.round(objects * driftRate);
  if (wanted > eligible.length) throw new Error(`only ${eligible.length} objects can drift; lower --drift-rate`);
  const driftOf = new Map();
  const dr = mulberry32(mix(seed, -1));
  for (const i of shuffle(dr, eligible).slice(0, wanted)) driftOf.set(i, pick(dr, DRIFT_KINDS[specs[i].kind]));

  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'desired'), { recursive: true });

  const files = new Map(); // relative path → documents
  const live = [];
  const counts = {};
  const drifted = { total: 0, byType: {}, addresses: [] };
  specs.forEach((spec, i) => {
    const r = mulberry32(mix(seed, i));
    const { app, kind } = spec;
    const base = BUILD[kind](app, r);
    const namespace = kind === 'ClusterRole' ? '' : app.namespace;
    const type = driftOf.get(i);
    let desired = base;
    let current = base;
    if (type) {
      const changed = clone(base);
      drift(type, changed, mulberry32(mix(seed, i + 1e9)));
      if (GIT_SIDE.has(type)) desired = changed;
      else current = changed;
      drifted.total++;
      drifted.byType[type] = (drifted.byType[type] ?? 0) + 1;
      drifted.addresses.push(address(base, namespace));
    }
    counts[kind] = (counts[kind] ?? 0) + 1;
    const file = join(app.namespace, `${app.name}.yaml`);
    if (!files.has(file)) files.set(file, []);
    files.get(file).push(toYaml(desired, { indentSequences: true }));
    // The last-applied configuration is `base` either way: Git moved on since, or the cluster did.
    live.push({ kind, namespace, name: base.metadata.name, object: liveObject({ applied: base, current, namespace, driftType: type, r }) });
  });

  let desiredBytes = 0;
  for (const [file, documents] of files) {
    const path = join(tmp, 'desired', file);
    mkdirSync(dirname(path), { recursive: true });
    const text = documents.map((doc) => `---\n${doc}`).join('');
    desiredBytes += Buffer.byteLength(text);
    writeFileSync(path, text);
  }

  // The live export: kubectl lists kind by kind, each sorted by namespace and name.
  const ir = mulberry32(mix(seed, -2));
  const usedNamespaces = [...new Set(specs.map((spec) => spec.app.namespace))].sort();
  for (const namespace of usedNamespaces) live.push({ kind: 'ConfigMap', namespace, name: 'kube-root-ca.crt', object: rootCaConfigMap(namespace, ir), liveOnly: true });
  live.sort((a, b) => LIVE_KIND_ORDER.indexOf(a.kind) - LIVE_KIND_ORDER.indexOf(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  const chunks = ['apiVersion: v1\nitems:\n'];
  const style = { sortKeys: true };
  for (const { object } of live) {
    const lines = [];
    emitMap(object, 2, lines, style, '- ');
    chunks.push(`${lines.join('\n')}\n`);
  }
  chunks.push('kind: List\nmetadata:\n  resourceVersion: ""\n');
  const liveText = chunks.join('');
  writeFileSync(join(tmp, 'live.yaml'), liveText);

  rmSync(out, { recursive: true, force: true });
  mkdirSync(dirname(out), { recursive: true });
  renameSync(tmp, out);
  return {
    out,
    desiredDir: join(out, 'desired'),
    livePath: join(out, 'live.yaml'),
    objects: specs.length,
    liveOnly: usedNamespaces.length,
    counts,
    namespaces: usedNamespaces.length,
    files: files.size,
    bytes: { desired: desiredBytes, live: Buffer.byteLength(liveText) },
    drifted,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Reads everything back with the yaml package and checks it against a second, in-memory generation. */
function verify(result) {
  const require = createRequire(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'));
  const { parseAllDocuments } = require('yaml');
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  const parse = (file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      return doc.toJS();
    });
  const desired = walk(result.desiredDir).flatMap(parse);
  const [list] = parse(result.livePath);
  if (desired.length !== result.objects) throw new Error(`desired has ${desired.length} objects, expected ${result.objects}`);
  if (list.kind !== 'List' || list.items.length !== result.objects + result.liveOnly) throw new Error(`live has ${list.items?.length} items`);
  for (const item of list.items) {
    const applied = item.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
    if (applied !== undefined) JSON.parse(applied);
  }
  // Re-emitting what was parsed must give the same text: the emitter lost or misquoted nothing.
  if (toYaml(list, { sortKeys: true }) !== readFileSync(result.livePath, 'utf8')) throw new Error('live.yaml does not round-trip through the yaml package');
  for (const file of walk(result.desiredDir)) {
    const again = parse(file).map((doc) => `---\n${toYaml(doc, { indentSequences: true })}`).join('');
    if (again !== readFileSync(file, 'utf8')) throw new Error(`${file} does not round-trip through the yaml package`);
  }
  return { desired: desired.length, live: list.items.length };
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--out') options.out = value();
    else if (flag === '--objects') options.objects = Number(value());
    else if (flag === '--seed') options.seed = Number(value());
    else if (flag === '--drift-rate') options.driftRate = Number(value());
    else if (flag === '--verify') options.verify = true;
    else throw new Error(`unknown option ${argv[i]}; use --out DIR --objects N --seed N --drift-rate F --verify`);
  }
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { verify: check, ...options } = parseArgs(process.argv.slice(2));
  const result = generateK8s(options);
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  console.log(
    `wrote ${result.out}: ${result.objects} objects (${Object.entries(result.counts).map(([kind, n]) => `${n} ${kind}`).join(', ')}) in ${result.namespaces} namespaces; ` +
      `desired ${mb(result.bytes.desired)} MB in ${result.files} files, live ${mb(result.bytes.live)} MB (+${result.liveOnly} live-only); ` +
      `${result.drifted.total} drifted (${Object.entries(result.drifted.byType).map(([type, n]) => `${n} ${type}`).join(', ')}) in ${result.seconds.toFixed(1)}s`,
  );
  if (check) {
    const counted = verify(result);
    console.log(`verified: ${counted.desired} desired objects, ${counted.live} live items parse back; live.yaml round-trips`);
  }
}

/*
 * The shape of common Kubernetes objects, as data: where a key can sit, so that a field whose
 * enclosing keys a text diff does not show can be placed in its object (kubectl-diff.ts). A map
 * lists its known keys; FREE is a map of any keys to scalars (labels, annotations, data); list(item)
 * a list; SCALAR a plain value; ANY a value not modelled further (anything may sit below it).
 */

export type Shape = { readonly [key: string]: Shape } | ListShape | Opaque;
class ListShape {
  constructor(readonly item: Shape) {}
}
class Opaque {
  constructor(readonly name: string) {}
}

const ANY = new Opaque('any');
/** A string, number or boolean: nothing sits below it. */
const SCALAR = new Opaque('scalar');
const FREE = new Opaque('map of any keys to scalars');
const list = (item: Shape): ListShape => new ListShape(item);
/** Keys holding plain values. */
const keys = (...names: string[]): Record<string, Shape> => Object.fromEntries(names.map((name) => [name, SCALAR]));
/** Keys holding objects or lists not modelled further. */
const opaque = (...names: string[]): Record<string, Shape> => Object.fromEntries(names.map((name) => [name, ANY]));

const objectMeta = {
  // not managedFields: kubectl diff leaves them out (--show-managed-fields=false)
  ...keys('name', 'namespace', 'generateName', 'creationTimestamp', 'deletionTimestamp', 'generation', 'resourceVersion', 'uid', 'selfLink'),
  ownerReferences: list(keys('apiVersion', 'blockOwnerDeletion', 'controller', 'kind', 'name', 'uid')),
  finalizers: list(SCALAR),
  labels: FREE,
  annotations: FREE,
};
const seLinuxOptions = keys('user', 'role', 'type', 'level');
const profile = keys('type', 'localhostProfile');
const containerSecurityContext = {
  ...keys('allowPrivilegeEscalation', 'privileged', 'readOnlyRootFilesystem', 'runAsNonRoot', 'runAsUser', 'runAsGroup', 'procMount'), ...opaque('windowsOptions'),
  capabilities: { add: list(SCALAR), drop: list(SCALAR) },
  seccompProfile: profile,
  appArmorProfile: profile,
  seLinuxOptions,
};
const podSecurityContext = {
  ...keys('fsGroup', 'fsGroupChangePolicy', 'runAsUser', 'runAsGroup', 'runAsNonRoot', 'supplementalGroupsPolicy', 'seLinuxChangePolicy'), ...opaque('windowsOptions'),
  supplementalGroups: list(SCALAR),
  sysctls: list(keys('name', 'value')),
  seccompProfile: profile,
  appArmorProfile: profile,
  seLinuxOptions,
};
const handler = { ...opaque('tcpSocket', 'grpc', 'sleep'), exec: { command: list(SCALAR) }, httpGet: { ...keys('host', 'path', 'port', 'scheme'), httpHeaders: list(keys('name', 'value')) } };
const probe = { ...handler, ...keys('initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds') };
const keyRef = keys('name', 'key', 'optional');
const container = {
  ...keys('name', 'image', 'imagePullPolicy', 'workingDir', 'stdin', 'stdinOnce', 'tty', 'terminationMessagePath', 'terminationMessagePolicy', 'restartPolicy'), ...opaque('resizePolicy'),
  command: list(SCALAR),
  args: list(SCALAR),
  ports: list(keys('containerPort', 'hostPort', 'hostIP', 'name', 'protocol')),
  env: list({ ...keys('name', 'value'), valueFrom: { secretKeyRef: keyRef, configMapKeyRef: keyRef, fieldRef: keys('apiVersion', 'fieldPath'), resourceFieldRef: keys('containerName', 'resource', 'divisor') } }),
  envFrom: list({ prefix: SCALAR, configMapRef: keys('name', 'optional'), secretRef: keys('name', 'optional') }),
  resources: { limits: FREE, requests: FREE, claims: list(keys('name', 'request')) },
  volumeMounts: list(keys('name', 'mountPath', 'subPath', 'subPathExpr', 'readOnly', 'recursiveReadOnly', 'mountPropagation')),
  volumeDevices: list(keys('name', 'devicePath')),
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: { postStart: handler, preStop: handler, stopSignal: SCALAR },
  securityContext: containerSecurityContext,
};
const keyToPath = list(keys('key', 'path', 'mode'));
const volume = {
  ...keys('name'), ...opaque('nfs', 'csi', 'ephemeral', 'projected', 'downwardAPI', 'awsElasticBlockStore', 'gcePersistentDisk', 'azureDisk', 'azureFile', 'iscsi', 'rbd', 'cephfs', 'fc', 'flexVolume'),
  hostPath: keys('path', 'type'),
  emptyDir: keys('medium', 'sizeLimit'),
  configMap: { ...keys('name', 'defaultMode', 'optional'), items: keyToPath },
  secret: { ...keys('secretName', 'defaultMode', 'optional'), items: keyToPath },
  persistentVolumeClaim: keys('claimName', 'readOnly'),
  image: keys('reference', 'pullPolicy'),
};
const podSpec = {
  ...keys('serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'hostNetwork', 'hostPID', 'hostIPC', 'hostUsers', 'shareProcessNamespace', 'dnsPolicy', 'restartPolicy', 'schedulerName', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'priorityClassName', 'priority', 'runtimeClassName', 'enableServiceLinks', 'preemptionPolicy', 'nodeName', 'hostname', 'subdomain', 'setHostnameAsFQDN'), ...opaque('dnsConfig', 'affinity', 'overhead', 'os', 'readinessGates', 'resourceClaims', 'schedulingGates', 'resources'),
  containers: list(container),
  initContainers: list(container),
  ephemeralContainers: list({ ...container, targetContainerName: SCALAR }),
  volumes: list(volume),
  securityContext: podSecurityContext,
  nodeSelector: FREE,
  tolerations: list(keys('key', 'operator', 'value', 'effect', 'tolerationSeconds')),
  imagePullSecrets: list(keys('name')),
  hostAliases: list({ ip: SCALAR, hostnames: list(SCALAR) }),
  topologySpreadConstraints: list({ ...keys('maxSkew', 'topologyKey', 'whenUnsatisfiable', 'minDomains', 'nodeAffinityPolicy', 'nodeTaintsPolicy'), ...opaque('matchLabelKeys'), labelSelector: ANY }),
};
const labelSelector = { matchLabels: FREE, matchExpressions: list({ ...keys('key', 'operator'), values: list(SCALAR) }) };
const podTemplate = { metadata: objectMeta, spec: podSpec };
const rollout = { type: SCALAR, rollingUpdate: keys('maxSurge', 'maxUnavailable', 'partition') };
const jobSpec = {
  ...keys('backoffLimit', 'backoffLimitPerIndex', 'maxFailedIndexes', 'completions', 'parallelism', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'manualSelector', 'suspend', 'completionMode', 'podReplacementPolicy', 'managedBy'), ...opaque('podFailurePolicy', 'successPolicy'),
  selector: labelSelector,
  template: podTemplate,
};

const workload = (spec: Record<string, Shape>) => ({ spec: { ...keys('replicas', 'minReadySeconds', 'revisionHistoryLimit'), selector: labelSelector, template: podTemplate, ...spec } });

/** The top of each kind this knows; every kind has its metadata. */
const KINDS: Record<string, Record<string, Shape>> = {
  Pod: { spec: podSpec },
  Deployment: workload({ ...keys('progressDeadlineSeconds', 'paused'), strategy: rollout }),
  StatefulSet: workload({
    ...keys('serviceName', 'podManagementPolicy'), ...opaque('persistentVolumeClaimRetentionPolicy', 'ordinals'),
    updateStrategy: rollout,
    volumeClaimTemplates: list({ metadata: objectMeta, spec: { ...keys('storageClassName', 'volumeMode', 'volumeName'), ...opaque('accessModes', 'dataSource'), resources: { requests: FREE, limits: FREE }, selector: labelSelector } }),
  }),
  DaemonSet: workload({ updateStrategy: rollout }),
  ReplicaSet: workload({}),
  ReplicationController: { spec: { ...keys('replicas', 'minReadySeconds'), selector: FREE, template: podTemplate } },
  Job: { spec: jobSpec },
  CronJob: {
    spec: {
      ...keys('schedule', 'timeZone', 'concurrencyPolicy', 'suspend', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'startingDeadlineSeconds'),
      jobTemplate: { metadata: objectMeta, spec: jobSpec },
    },
  },
  Service: {
    spec: {
      ...keys('type', 'clusterIP', 'loadBalancerIP', 'externalTrafficPolicy', 'internalTrafficPolicy', 'sessionAffinity', 'ipFamilyPolicy', 'externalName', 'publishNotReadyAddresses', 'allocateLoadBalancerNodePorts', 'healthCheckNodePort', 'loadBalancerClass', 'trafficDistribution'), ...opaque('sessionAffinityConfig'),
      selector: FREE,
      ports: list(keys('name', 'port', 'targetPort', 'protocol', 'nodePort', 'appProtocol')),
      clusterIPs: list(SCALAR),
      externalIPs: list(SCALAR),
      loadBalancerSourceRanges: list(SCALAR),
      ipFamilies: list(SCALAR),
    },
  },
  ConfigMap: { data: FREE, binaryData: FREE, immutable: SCALAR },
  Secret: { data: FREE, stringData: FREE, type: SCALAR, immutable: SCALAR },
  Namespace: { spec: { finalizers: list(SCALAR) } },
};

const isList = (shape: Shape): shape is ListShape => shape instanceof ListShape;
const isMap = (shape: Shape): shape is Record<string, Shape> => !(shape instanceof ListShape) && !(shape instanceof Opaque);

/** Stands for the keys of a kind this does not know (its spec, rules, webhooks, …). */
const OTHER_KEYS = '*';

/** The shape of `kind`'s objects: its kind's top keys, else what every object has and keys not modelled. */
function shapeOf(kind: string): Record<string, Shape> {
  return { ...keys('apiVersion', 'kind', 'status'), metadata: objectMeta, ...(KINDS[kind] ?? { [OTHER_KEYS]: ANY }) };
}

/** Whether `key` may sit in a map of this shape. */
function mayHold(shape: Shape, key: string): boolean {
  if (shape === ANY || shape === FREE) return true;
  return isMap(shape) && Object.hasOwn(shape, key);
}

/** The shape of what sits under `key` (ANY when not modelled). */
function childShape(shape: Shape, key: string): Shape {
  if (shape === FREE) return SCALAR;
  return isMap(shape) ? (shape[key] ?? ANY) : ANY;
}

/** Where a place in an object was reached from: its keys (list items are not written: they add no indentation). */
interface Place {
  /** Keys and list items from the object's root; an item is `null`; a key not known `undefined`. */
  steps: (string | null | undefined)[];
  shape: Shape;
}

/**
 * Every place in `kind`'s objects reached through exactly `depth` keys whose shape is a map
 * (`want: 'map'`) or, reached through `depth` keys ending in a list's key, a list (`want: 'list'`),
 * and every value not modelled above that depth (ANY: the place may be inside it). Places are
 * given in the order of the shape data.
 */
function placesAtDepth(kind: string, depth: number, want: 'map' | 'list'): Place[] {
  const places: Place[] = [];
  const walk = (shape: Shape, steps: (string | null | undefined)[], keyCount: number) => {
    // A value not modelled may hold anything at any depth below it: the place is there, somewhere.
    if (shape === ANY && keyCount <= depth) places.push({ steps, shape });
    if (isList(shape)) {
      if (want === 'list' && keyCount === depth) places.push({ steps, shape });
      if (keyCount <= depth) walk(shape.item, [...steps, null], keyCount);
      return;
    }
    if (want === 'map' && keyCount === depth && (isMap(shape) || shape === FREE)) places.push({ steps, shape });
    if (!isMap(shape) || keyCount >= depth) return;
    for (const [key, child] of Object.entries(shape)) walk(child, [...steps, key === OTHER_KEYS ? undefined : key], keyCount + 1);
  };
  walk(shapeOf(kind), [], 0);
  return places;
}

/** Whether the path below a place (keys; `null` for a list item) fits its shape as far as the shape is known. */
function fitsBelow(shape: Shape, steps: readonly (string | null)[]): boolean {
  let here = shape;
  for (const step of steps) {
    if (here === ANY) return true;
    if (here === SCALAR) return false;
    if (step === null) {
      if (!isList(here)) return false;
      here = here.item;
    } else {
      if (isList(here) || !mayHold(here, step)) return false;
      here = childShape(here, step);
    }
  }
  return true;
}

/** The keys that may sit beside `steps`' last key, in its parent map; undefined when not known. */
function siblingsAt(kind: string, steps: readonly (string | null | undefined)[]): readonly string[] | undefined {
  let here: Shape = shapeOf(kind);
  for (const step of steps.slice(0, -1)) {
    if (here instanceof Opaque || step === undefined) return undefined;
    here = step === null ? (isList(here) ? here.item : ANY) : childShape(here, step);
  }
  return isMap(here) && !Object.hasOwn(here, OTHER_KEYS) ? Object.keys(here) : undefined;
}

/** The first line of a region a hunk shows without its enclosing keys. */
export interface Root {
  col: number;
  /** A list item (`- …`) rather than a key. */
  item: boolean;
  /** The keys and items from the root down to a field (`null` for an item). */
  below: readonly (string | null)[];
}

/** A key printed after the root at a lower (or the same) column: a later sibling of one of the root's ancestors. */
export interface Follower {
  col: number;
  key: string;
}

type Step = string | null | undefined;
/** The key at key depth `at` in steps, `undefined` when not known there. */
function keyAt(steps: readonly Step[], at: number): { key: string | undefined; index: number } | undefined {
  let seen = -1;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i] === null) continue;
    if (++seen === at) return { key: steps[i] ?? undefined, index: i };
  }
  return undefined;
}

/**
 * The most likely keys and items above a root, from the kind's shape: kubectl prints two spaces per
 * key (a list's items at their key's column), so the column says how many keys are above; what the
 * root holds must fit there; each key printed after it at a lower column is a later sibling of the
 * ancestor at that depth (kubectl sorts keys), taken to be the closest one. A place a structure
 * names is likelier than a map of any keys (labels) or a value not modelled. When places still
 * differ in one key only (labels or annotations, containers or initContainers), the first in the
 * shape data is taken: the data lists the likelier first; otherwise the steps they share, then
 * `undefined` for the rest. Undefined when nothing fits or nothing is known.
 */
export function stepsAbove(kind: string, root: Root, followers: readonly Follower[]): Step[] | undefined {
  if (root.col % 2 !== 0 || followers.some((follower) => follower.col % 2 !== 0)) return undefined;
  const depth = root.col / 2 + (root.item ? 1 : 0);
  let places = placesAtDepth(kind, depth, root.item ? 'list' : 'map').filter((place) => place.shape === ANY || fitsBelow(place.shape, root.below));
  for (const follower of followers) {
    const at = follower.col / 2;
    const full = (place: Place): Step[] => (place.shape === ANY ? place.steps : [...place.steps, ...root.below]);
    places = places.filter((place) => {
      const found = keyAt(full(place), at);
      if (!found || found.key === undefined) return place.shape === ANY || found !== undefined;
      if (!(found.key < follower.key)) return false;
      const siblings = siblingsAt(kind, full(place).slice(0, found.index + 1));
      return !siblings || siblings.includes(follower.key);
    });
    if (at < depth) {
      // Closest among the places what the root holds fits; a value not modelled fits anything, so it is no measure.
      const closest = places.filter((place) => place.shape !== ANY).map((place) => keyAt(full(place), at)?.key ?? '').sort().at(-1);
      places = places.filter((place) => place.shape === ANY || keyAt(full(place), at)?.key === closest);
    }
  }
  const structured = places.filter((place) => place.shape !== ANY && place.shape !== FREE);
  if (structured.length > 0) places = structured;
  else if (places.some((place) => place.shape === ANY)) return undefined;
  if (places.length === 0) return undefined;
  if (places.length === 1 || differInOneKey(places)) return places[0].steps;
  const shared: Step[] = [];
  for (let i = 0; places.every((place) => i < place.steps.length && place.steps[i] === places[0].steps[i]); i++) shared.push(places[0].steps[i]);
  return [...shared, undefined];
}

/** Places alike but for one key (`labels` or `annotations`, `containers` or `initContainers`). */
function differInOneKey(places: Place[]): boolean {
  const [first] = places;
  if (!places.every((place) => place.steps.length === first.steps.length)) return false;
  const differing = first.steps.map((_, i) => i).filter((i) => places.some((place) => place.steps[i] !== first.steps[i]));
  return differing.length === 1 && places.every((place) => typeof place.steps[differing[0]] === 'string');
}

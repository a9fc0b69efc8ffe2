import { pointerFromSteps } from '../diff/json-pointer.js';
import { deepEqual } from '../diff/value-diff.js';
import type { FieldChange } from '../model/report.js';

type Path = (string | number)[];
type Item = Record<string, unknown>;

const isObject = (value: unknown): value is Item => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Lists the API server merges by a key rather than by position (strategic merge patch keys), so
 * an entry a webhook or the server adds live does not shift every other entry into a false change.
 */
const MERGE_KEYS: Record<string, (item: Item) => unknown> = {
  containers: (item) => item.name,
  initContainers: (item) => item.name,
  ephemeralContainers: (item) => item.name,
  env: (item) => item.name,
  volumes: (item) => item.name,
  volumeMounts: (item) => item.mountPath,
  volumeDevices: (item) => item.devicePath,
  imagePullSecrets: (item) => item.name,
  hostAliases: (item) => item.ip,
  webhooks: (item) => item.name,
  ports: (item) => `${item.containerPort ?? item.port}/${item.protocol ?? 'TCP'}`,
};

/**
 * Fields where something present live but absent from Git is drift all the same: Pod Security
 * settings, host access, the service account a Pod runs as and RBAC grants are how a cluster is
 * opened up out of band.
 */
const POD_SECURITY_FIELD = new Set([
  'securityContext', 'privileged', 'allowPrivilegeEscalation', 'runAsUser', 'runAsNonRoot', 'runAsGroup', 'procMount', 'capabilities',
  'seccompProfile', 'appArmorProfile', 'seLinuxOptions', 'sysctls', 'hostNetwork', 'hostPID', 'hostIPC', 'hostPath', 'hostPort',
  'hostUsers', 'shareProcessNamespace', 'image', 'serviceAccountName',
]);
/** What the API server writes where Git says nothing: a Pod runs as the `default` service account. */
const SERVER_DEFAULTS: Record<string, unknown> = { serviceAccountName: 'default' };
const isServerDefault = (path: Path, value: unknown) => SERVER_DEFAULTS[String(path[path.length - 1])] === value;
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const RBAC_FIELD = new Set(['rules', 'subjects', 'roleRef']);
/** A network policy's rule lists: where Git has none (deny all), a list added live admits traffic. */
const POLICY_RULES: Record<string, readonly string[]> = { NetworkPolicy: ['ingress', 'egress'], CiliumNetworkPolicy: ['ingress', 'egress'] };

export function isSecurityField(kind: string, path: Path): boolean {
  if (RBAC_KINDS.has(kind) && typeof path[0] === 'string' && RBAC_FIELD.has(path[0])) return true;
  if (path.length === 2 && path[0] === 'spec' && POLICY_RULES[kind]?.includes(String(path[1]))) return true;
  return path.some((step) => typeof step === 'string' && POD_SECURITY_FIELD.has(step));
}

/** null, [], {} and absent are the same; so is "" inside a Secret's data. */
function isEmpty(value: unknown, emptyStringIsAbsent: boolean): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return emptyStringIsAbsent && value === '';
}

/**
 * Fields where "", false or 0 is a choice of its own, not the unset value: `runAsUser: 0` is root,
 * `allowPrivilegeEscalation: false` and `automountServiceAccountToken: false` turn a default off,
 * `storageClassName: ""` turns dynamic provisioning off.
 */
const ZERO_IS_A_CHOICE = new Set([
  'runAsUser', 'runAsGroup', 'fsGroup', 'allowPrivilegeEscalation', 'hostUsers', 'automountServiceAccountToken', 'storageClassName',
  'ttlSecondsAfterFinished', 'replicas',
]);

/** Maps whose entries the API server keeps whatever their value: `""` there is a value. */
const STRING_MAPS = new Set(['data', 'binaryData', 'stringData', 'labels', 'annotations', 'matchLabels', 'nodeSelector', 'selector', 'parameters']);

/** The API server omits "", false and 0 in fields (Go's omitempty), so in Git they equal an absent live value. */
function isOmittedZero(value: unknown, path: Path): boolean {
  const [parent, field] = [path[path.length - 2], path[path.length - 1]];
  return (value === '' || value === false || value === 0) && !ZERO_IS_A_CHOICE.has(String(field)) && !STRING_MAPS.has(String(parent));
}

/** Where Kubernetes expects quantities: resources, ResourceQuota `hard`, LimitRange `limits`, PV `capacity`, emptyDir `sizeLimit`. */
const QUANTITY_PARENTS = new Set(['resources', 'limits', 'hard', 'capacity', 'sizeLimit']);
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d{1,3}|[KMGTPE]i|[numkMGTPE])?$/;
const BINARY_POWER: Record<string, bigint> = { Ki: 1n, Mi: 2n, Gi: 3n, Ti: 4n, Pi: 5n, Ei: 6n };
const DECIMAL_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** A Kubernetes quantity (`500m`, `1Gi`, `0.5`, `1e3`) as digits × 10^exponent, exactly; undefined when it is none. */
function parseQuantity(value: unknown): { digits: bigint; exponent: number } | undefined {
  const match = typeof value === 'string' || typeof value === 'number' ? QUANTITY.exec(String(value)) : null;
  if (!match) return undefined;
  const [, sign, number, suffix = ''] = match;
  const [whole, fraction = ''] = number.split('.');
  let digits = BigInt(`${sign}${whole}${fraction}`);
  let exponent = -fraction.length;
  if (suffix in BINARY_POWER) digits *= 1024n ** BINARY_POWER[suffix];
  else if (/^[eE]/.test(suffix)) exponent += Number(suffix.slice(1));
  else exponent += DECIMAL_EXPONENT[suffix] ?? 0;
  return { digits, exponent };
}

/** `1000m` and `1`, `1Gi` and `1024Mi` are the same quantity: compared as numbers where a quantity is expected. */
export function isSameQuantity(path: Path, a: unknown, b: unknown): boolean {
  if (!path.some((step) => typeof step === 'string' && QUANTITY_PARENTS.has(step))) return false;
  const [x, y] = [parseQuantity(a), parseQuantity(b)];
  if (!x || !y) return false;
  const exponent = Math.min(x.exponent, y.exponent);
  return x.digits * 10n ** BigInt(x.exponent - exponent) === y.digits * 10n ** BigInt(y.exponent - exponent);
}

export interface ObjectDiff {
  /** What Git wants changed: `before` live, `after` Git. */
  planned: FieldChange[];
  /** Security-relevant values present live but absent from Git: changed outside Git. */
  outside: FieldChange[];
}

export interface ObjectDiffOptions {
  /** Compare only what Git sets (server defaults are not drift), except security fields. */
  desiredFieldsOnly: boolean;
  kind: string;
}

/** Field-level differences between a live object and the one Git wants, both normalised. */
export function diffObjects(live: unknown, desired: unknown, options: ObjectDiffOptions): ObjectDiff {
  const result: ObjectDiff = { planned: [], outside: [] };
  new ObjectDiffer(options, result).compare(live, desired, []);
  return result;
}

class ObjectDiffer {
  constructor(
    private readonly options: ObjectDiffOptions,
    private readonly result: ObjectDiff,
  ) {}

  private emptyStringIsAbsent(path: Path) {
    return this.options.kind === 'Secret' && (path[0] === 'data' || path[0] === 'stringData');
  }

  private record(list: FieldChange[], path: Path, before: unknown, after: unknown) {
    list.push({ path: pointerFromSteps(path), before: before ?? null, after: after ?? null, sensitive: false });
  }

  compare(live: unknown, desired: unknown, path: Path): void {
    const emptyStringIsAbsent = this.emptyStringIsAbsent(path);
    if (isEmpty(desired, emptyStringIsAbsent) && isEmpty(live, emptyStringIsAbsent)) return;
    if (isEmpty(live, false) && isOmittedZero(desired, path)) return;
    if (isObject(desired) && (isObject(live) || live === undefined || live === null)) return this.compareObjects(live ?? {}, desired, path);
    if (Array.isArray(desired) && Array.isArray(live)) return this.compareLists(live, desired, path);
    if (Array.isArray(desired) && isEmpty(live, false)) return this.compareLists([], desired, path);
    if (!deepEqual(live, desired) && !isSameQuantity(path, live, desired)) this.record(this.result.planned, path, live, desired);
  }

  private compareObjects(live: Item, desired: Item, path: Path) {
    for (const [key, value] of Object.entries(desired)) {
      path.push(key);
      this.compare(live[key], value, path);
      path.pop();
    }
    for (const [key, value] of Object.entries(live)) {
      if (key in desired) continue;
      path.push(key);
      if (!this.options.desiredFieldsOnly) this.compare(value, undefined, path);
      else if (isSecurityField(this.options.kind, path) && !isEmpty(value, false) && !isServerDefault(path, value)) this.record(this.result.outside, path, value, null);
      else if (Array.isArray(value) && mergeKeyOf(path, value)) this.compareLists(value, [], path);
      path.pop();
    }
  }

  private compareLists(live: unknown[], desired: unknown[], path: Path) {
    const keyOf = mergeKeyOf(path, [...live, ...desired]);
    if (keyOf) return this.compareKeyedLists(live as Item[], desired as Item[], keyOf, path);
    if (live.length !== desired.length || !this.options.desiredFieldsOnly) {
      if (!deepEqual(live, desired)) this.record(this.result.planned, path, live, desired);
      return;
    }
    desired.forEach((item, index) => {
      path.push(index);
      this.compare(live[index], item, path);
      path.pop();
    });
  }

  /** Entries matched by merge key; the pointer uses the Git-side index. */
  private compareKeyedLists(live: Item[], desired: Item[], keyOf: (item: Item) => unknown, path: Path) {
    const liveByKey = new Map(live.map((item) => [String(keyOf(item)), item]));
    const desiredKeys = new Set<string>();
    desired.forEach((item, index) => {
      const key = String(keyOf(item));
      desiredKeys.add(key);
      path.push(index);
      this.compare(liveByKey.get(key), item, path);
      path.pop();
    });
    live.forEach((item, index) => {
      if (desiredKeys.has(String(keyOf(item)))) return;
      path.push(index);
      if (!this.options.desiredFieldsOnly) this.record(this.result.planned, path, item, null);
      else this.compareLiveOnlyEntry(item, path);
      path.pop();
    });
  }

  /**
   * An entry only live (a container or volume added by a webhook or by hand) is checked like a map
   * key Git leaves out: its security fields are drift made outside Git. Its image is not: a sidecar
   * injector picks it, and reporting it would flag every injected sidecar.
   */
  private compareLiveOnlyEntry(item: Item, path: Path) {
    const { image: _image, ...rest } = item;
    this.compareObjects(rest, {}, path);
  }
}

/** How the API server merges the list at `path` (by `name`, `mountPath`, …), when every entry has that key. */
export function mergeKeyOf(path: Path, items: unknown[]): ((item: Item) => unknown) | undefined {
  const name = path[path.length - 1];
  const keyOf = typeof name === 'string' ? MERGE_KEYS[name] : undefined;
  return keyOf && items.every((item) => isObject(item) && keyOf(item) !== undefined) ? keyOf : undefined;
}

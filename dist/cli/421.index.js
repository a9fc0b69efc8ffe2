export const id = 421;
export const ids = [421];
export const modules = {

/***/ 3539:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Np: () => (/* binding */ comparableLive),
/* harmony export */   b4: () => (/* binding */ k8sChange)
/* harmony export */ });
/* unused harmony export withoutControllerFields */
/* harmony import */ var _identity_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5890);
/* harmony import */ var _normalize_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1405);


/** A Kubernetes change as every source reports it: addressed by object, Secret values masked. */
function k8sChange(ref, source, action, origin, fields) {
    return { address: (0,_identity_js__WEBPACK_IMPORTED_MODULE_0__/* .k8sAddress */ .xG)(ref), kind: ref.kind, source, action, origin, fields: (0,_identity_js__WEBPACK_IMPORTED_MODULE_0__/* .maskSecretValues */ .LE)(ref.kind, fields) };
}
/**
 * Fields a controller fills from the desired object, so never drift: the rules of an aggregated
 * ClusterRole come from its aggregationRule (Argo CD users know these as roles stuck "OutOfSync").
 */
function withoutControllerFields(live, desired) {
    if (desired.kind === 'ClusterRole' && desired.aggregationRule && !desired.rules) {
        const { rules: _rules, ...rest } = live;
        return rest;
    }
    return live;
}
/**
 * A live object ready to compare with the desired one: normalised, without controller-filled
 * fields, and at Git's apiVersion \u2014 the API server serves an object at every version of its group,
 * so the version is how it was asked for, not drift.
 */
function comparableLive(live, desired) {
    return { ...withoutControllerFields((0,_normalize_js__WEBPACK_IMPORTED_MODULE_1__/* .normalizeObject */ .F)(live), desired), apiVersion: desired.apiVersion };
}


/***/ }),

/***/ 1929:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aS: () => (/* binding */ splitByOrigin),
/* harmony export */   y9: () => (/* binding */ fieldEvidence)
/* harmony export */ });
/* unused harmony exports DEFAULT_FIELD_MANAGERS, isChangedOutside */
/* harmony import */ var _diff_json_pointer_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1491);
/* harmony import */ var _diff_value_diff_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8146);
/* harmony import */ var _ignore_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4106);
/* harmony import */ var _last_applied_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7864);
/* harmony import */ var _structural_diff_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5923);





/**
 * The field managers that apply Git, when gitops-sync.yaml names none: `kubectl apply`
 * (client-side, and `--server-side`), Argo CD (server-side apply, and its application controller),
 * Flux (Kustomizations and HelmReleases), Helm, and gitops-sync's own sync. Any other manager owning
 * a field is someone or something changing the cluster outside Git (`kubectl-edit`, `kubectl-patch`,
 * `kubectl-scale`, an operator, \u2026).
 */
const DEFAULT_FIELD_MANAGERS = [
    'kubectl-client-side-apply',
    'kubectl',
    'argocd-controller',
    'argocd-application-controller',
    'kustomize-controller',
    'helm-controller',
    'helm',
    'gitops-sync',
];
const MISSING = Symbol('missing');
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const isEmpty = (value) => value === null || value === undefined || (typeof value === 'object' && Object.keys(value).length === 0);
/** Equal as the API server keeps them: `1000m` is `1`; an absent field is empty, or the "", false or 0 it omits. */
const same = (steps, applied, live) => (0,_diff_value_diff_js__WEBPACK_IMPORTED_MODULE_0__/* .deepEqual */ .bD)(applied, live) ||
    (isEmpty(applied) && isEmpty(live)) ||
    (isEmpty(live) && (applied === '' || applied === false || applied === 0)) ||
    (0,_structural_diff_js__WEBPACK_IMPORTED_MODULE_1__/* .isSameQuantity */ .IA)([...steps], applied, live);
/**
 * The value at a field path of the desired object (list indices are Git's), looked up in `other`:
 * entries of a list merged by key are found by their key, as the structural diff pairs them.
 */
function valueAtDesiredPath(other, desired, steps) {
    let [here, wanted] = [other, desired];
    const path = [];
    for (const step of steps) {
        if (Array.isArray(here)) {
            const index = Number(step);
            const entry = Array.isArray(wanted) ? wanted[index] : undefined;
            const keyOf = Array.isArray(wanted) ? (0,_structural_diff_js__WEBPACK_IMPORTED_MODULE_1__/* .mergeKeyOf */ .dh)(path, [...here, ...wanted]) : undefined;
            const at = keyOf && isObject(entry) ? here.findIndex((item) => String(keyOf(item)) === String(keyOf(entry))) : index;
            if (!Number.isInteger(at) || at < 0 || at >= here.length)
                return MISSING;
            [here, wanted] = [here[at], entry];
            path.push(index);
        }
        else if (isObject(here)) {
            if (!(step in here))
                return MISSING;
            [here, wanted] = [here[step], isObject(wanted) ? wanted[step] : undefined];
            path.push(step);
        }
        else
            return MISSING;
    }
    return here;
}
/**
 * The managers owning the field at `path`, at it, under it, or at a parent owned whole (an atomic
 * list or map); owning a list entry or map (`.`) is owning that it exists, not what is inside.
 */
function ownersOf(path, evidence) {
    const owners = [];
    for (const [manager, pointers] of evidence.owned) {
        const leaves = evidence.leaves.get(manager);
        for (const pointer of pointers) {
            if (pointer === path || pointer.startsWith(`${path}/`) || (leaves?.has(pointer) && path.startsWith(`${pointer}/`))) {
                owners.push(manager);
                break;
            }
        }
    }
    return owners;
}
function fieldEvidence(live, desired, options = {}) {
    if (!live)
        return undefined;
    const lastApplied = (0,_last_applied_js__WEBPACK_IMPORTED_MODULE_2__/* .lastAppliedOf */ .p)(live);
    const owned = new Map();
    const leaves = new Map();
    const managedFields = live.metadata?.managedFields;
    if (Array.isArray(managedFields)) {
        for (const entry of managedFields) {
            if (typeof entry?.manager !== 'string' || !isObject(entry.fieldsV1))
                continue;
            const [pointers, whole] = [owned.get(entry.manager) ?? new Set(), leaves.get(entry.manager) ?? new Set()];
            (0,_ignore_js__WEBPACK_IMPORTED_MODULE_3__/* .ownedPointers */ .oX)(entry.fieldsV1, desired, '', pointers, whole);
            owned.set(entry.manager, pointers);
            leaves.set(entry.manager, whole);
        }
    }
    if (!lastApplied && owned.size === 0)
        return undefined;
    const evidence = { lastApplied, owned, leaves, appliers: new Set(options.fieldManagers?.length ? options.fieldManagers : DEFAULT_FIELD_MANAGERS) };
    // Whoever edits the object can rewrite the annotation along with a field, to make the edit look like Git's:
    // it is believed only when an applier wrote it last (or managedFields do not say who did).
    if (lastApplied && writtenOutside(LAST_APPLIED_POINTER, evidence))
        evidence.lastApplied = undefined;
    return evidence;
}
const LAST_APPLIED_POINTER = '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration';
/** A field owned only by managers that do not apply Git: one of them wrote it last. */
function writtenOutside(path, evidence) {
    const owners = ownersOf(path, evidence);
    return owners.length > 0 && !owners.some((owner) => evidence.appliers.has(owner));
}
/**
 * Whether a field where live differs from Git was changed on the cluster (`outside`) or in Git
 * since the last apply (`planned`):
 * 1. the last-applied configuration (when an applier wrote it last), when it has the field: live still equal to it means only Git
 *    moved (planned); live different from it means the cluster was changed after the apply
 *    (outside, also when Git moved as well: syncing would overwrite that change);
 * 2. else managedFields: a field owned only by managers that do not apply Git was last written by
 *    one of them (the API server moves a field to whoever changes its value): outside;
 * 3. else, with nothing to tell, planned.
 */
function isChangedOutside(field, desired, evidence) {
    const steps = (0,_diff_json_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .stepsFromPointer */ .nd)(field.path);
    if (evidence.lastApplied) {
        const applied = valueAtDesiredPath(evidence.lastApplied, desired, steps);
        if (applied !== MISSING)
            return !same(steps, applied, field.before);
    }
    return writtenOutside(field.path, evidence);
}
/** Planned fields split by where they came from: those changed on the cluster move to `outside`. */
function splitByOrigin(planned, desired, evidence) {
    if (!evidence)
        return { planned, outside: [] };
    const outside = [];
    const stillPlanned = [];
    for (const field of planned)
        (isChangedOutside(field, desired, evidence) ? outside : stillPlanned).push(field);
    return { planned: stillPlanned, outside };
}


/***/ }),

/***/ 7965:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ DNS_LABEL),
/* harmony export */   n: () => (/* binding */ refFromKubectlFileName)
/* harmony export */ });
const VERSION = /^v\d+((alpha|beta)\d+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
/** An RFC 1123 label: a namespace's name, or one segment of an object's name. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/**
 * The object a kubectl diff file is about, from its name `[<group>.]<version>.<Kind>.<namespace>.<name>`
 * (`apps.v1.Deployment.default.web`, `v1.ConfigMap.default.app`, cluster-scoped
 * `rbac.authorization.k8s.io.v1.ClusterRole..view`). A name may contain dots, a namespace, kind or
 * version may not, so the version is the first segment that looks like one and is followed by a
 * kind, a namespace and a name; everything before it is the group. `undefined` when it does not fit.
 */
function refFromKubectlFileName(fileName) {
    const segments = fileName.split('.');
    for (let i = 0; i + 3 < segments.length; i++) {
        const [version, kind, namespace] = segments.slice(i, i + 3);
        const groupSegments = segments.slice(0, i);
        const name = segments.slice(i + 3).join('.');
        if (!VERSION.test(version) || !KIND.test(kind) || (namespace !== '' && !DNS_LABEL.test(namespace)))
            continue;
        if (!groupSegments.every((segment) => DNS_LABEL.test(segment)) || name === '')
            continue;
        return { group: groupSegments.join('.'), version, kind, namespace, name };
    }
    return undefined;
}


/***/ }),

/***/ 7864:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ removedFromGit),
/* harmony export */   p: () => (/* binding */ lastAppliedOf)
/* harmony export */ });
/* harmony import */ var _diff_json_pointer_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1491);
/* harmony import */ var _structural_diff_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5923);


const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** null, {}, [] and absent are the same, as in the structural diff. */
const isEmpty = (value) => value === null || value === undefined || (typeof value === 'object' && Object.keys(value).length === 0);
/** The object as `kubectl apply` last applied it, from the live object's annotation; undefined without one. */
function lastAppliedOf(live) {
    const text = live.metadata?.annotations?.[LAST_APPLIED];
    if (typeof text !== 'string')
        return undefined;
    try {
        const value = JSON.parse(text);
        return isObject(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Fields Git dropped that still run: in the last-applied configuration, gone from the desired
 * object, still live. `kubectl apply` deletes exactly these, so they are drift (`after` null).
 * Maps and lists merged by key are followed; other lists are compared whole by the structural diff.
 * `live` is the object as exported (with the annotation), `normalizedLive` what the values come from.
 */
function removedFromGit(live, normalizedLive, desired) {
    const lastApplied = lastAppliedOf(live);
    if (!lastApplied)
        return [];
    // kubectl writes the namespace it applied to into the annotation even when the manifest names none.
    const applied = isObject(lastApplied.metadata) ? { ...lastApplied, metadata: { ...lastApplied.metadata, namespace: undefined } } : lastApplied;
    // kubectl keeps its own annotation in what it applies, so Git always has annotations: only applied keys go.
    const wanted = { ...desired, metadata: { ...desired.metadata, annotations: desired.metadata?.annotations ?? {} } };
    const fields = [];
    collect(applied, wanted, normalizedLive, [], fields);
    return fields;
}
const removed = (path, live) => ({ path: (0,_diff_json_pointer_js__WEBPACK_IMPORTED_MODULE_0__/* .pointerFromSteps */ .x)(path), before: live, after: null, sensitive: false });
function collect(applied, desired, live, path, fields) {
    if (isObject(applied) && isObject(desired) && isObject(live)) {
        for (const [key, value] of Object.entries(applied)) {
            if (isEmpty(value) || isEmpty(live[key]))
                continue;
            path.push(key);
            if (desired[key] === undefined || desired[key] === null)
                fields.push(removed(path, live[key]));
            else
                collect(value, desired[key], live[key], path, fields);
            path.pop();
        }
    }
    else if (Array.isArray(applied) && Array.isArray(desired) && Array.isArray(live)) {
        const keyOf = (0,_structural_diff_js__WEBPACK_IMPORTED_MODULE_1__/* .mergeKeyOf */ .dh)(path, [...applied, ...desired, ...live]);
        if (keyOf)
            collectEntries(applied, desired, live, keyOf, path, fields);
    }
}
/** Entries of a list merged by key: one dropped from Git is reported at its live index, one kept is followed at its Git index. */
function collectEntries(applied, desired, live, keyOf, path, fields) {
    const [desiredKeys, liveKeys] = [desired, live].map((items) => items.map((item) => String(keyOf(item))));
    for (const entry of applied) {
        const key = String(keyOf(entry));
        const [desiredIndex, liveIndex] = [desiredKeys.indexOf(key), liveKeys.indexOf(key)];
        if (liveIndex < 0)
            continue;
        path.push(desiredIndex < 0 ? liveIndex : desiredIndex);
        if (desiredIndex < 0)
            fields.push(removed(path, live[liveIndex]));
        else
            collect(entry, desired[desiredIndex], live[liveIndex], path, fields);
        path.pop();
    }
}


/***/ }),

/***/ 1405:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ isServerOwnedField),
/* harmony export */   F: () => (/* binding */ normalizeObject)
/* harmony export */ });
/* harmony import */ var _objects_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1746);

/** Metadata the API server writes: never drift. */
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];
/** Annotations written by tools and controllers rather than by the user. */
const TOOL_ANNOTATIONS = [
    'kubectl.kubernetes.io/last-applied-configuration',
    'deployment.kubernetes.io/revision',
    'meta.helm.sh/release-name',
    'meta.helm.sh/release-namespace',
];
/** Whether normalizeObject drops the field at these steps from the object's root. */
function isServerOwnedField(steps) {
    const [first, second, third] = steps;
    if (first === 'status')
        return true;
    if (first !== 'metadata')
        return false;
    return SERVER_METADATA.includes(second) || (second === 'annotations' && TOOL_ANNOTATIONS.includes(third));
}
/**
 * A copy of an object without what the server owns (status, server metadata, tool annotations), a
 * cluster-scoped object without the namespace the server drops, and a Secret's `stringData` as the
 * base64 `data` the server stores it as.
 */
function normalizeObject(object) {
    const { status: _status, ...rest } = object;
    const metadata = { ...(object.metadata ?? {}) };
    for (const key of SERVER_METADATA)
        delete metadata[key];
    if (metadata.annotations && typeof metadata.annotations === 'object') {
        const annotations = { ...metadata.annotations };
        for (const key of TOOL_ANNOTATIONS)
            delete annotations[key];
        metadata.annotations = annotations;
    }
    if (typeof object.kind === 'string' && (0,_objects_js__WEBPACK_IMPORTED_MODULE_0__/* .isClusterScoped */ .Z6)(object.kind))
        delete metadata.namespace;
    return object.kind === 'Secret' ? withStringDataEncoded({ ...rest, metadata }) : { ...rest, metadata };
}
/** The API server merges `stringData` into `data`, base64-encoded, its keys winning. */
function withStringDataEncoded(secret) {
    const { stringData, ...rest } = secret;
    if (typeof stringData !== 'object' || stringData === null)
        return secret;
    const encoded = Object.entries(stringData).map(([key, value]) => [key, Buffer.from(String(value ?? '')).toString('base64')]);
    return { ...rest, data: { ...secret.data, ...Object.fromEntries(encoded) } };
}


/***/ }),

/***/ 5923:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IA: () => (/* binding */ isSameQuantity),
/* harmony export */   dh: () => (/* binding */ mergeKeyOf),
/* harmony export */   wc: () => (/* binding */ diffObjects)
/* harmony export */ });
/* unused harmony export isSecurityField */
/* harmony import */ var _diff_json_pointer_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1491);
/* harmony import */ var _diff_value_diff_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8146);


const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * Lists the API server merges by a key rather than by position (strategic merge patch keys), so
 * an entry a webhook or the server adds live does not shift every other entry into a false change.
 */
const MERGE_KEYS = {
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
const SERVER_DEFAULTS = { serviceAccountName: 'default' };
const isServerDefault = (path, value) => SERVER_DEFAULTS[String(path[path.length - 1])] === value;
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const RBAC_FIELD = new Set(['rules', 'subjects', 'roleRef']);
/** A network policy's rule lists: where Git has none (deny all), a list added live admits traffic. */
const POLICY_RULES = { NetworkPolicy: ['ingress', 'egress'], CiliumNetworkPolicy: ['ingress', 'egress'] };
function isSecurityField(kind, path) {
    if (RBAC_KINDS.has(kind) && typeof path[0] === 'string' && RBAC_FIELD.has(path[0]))
        return true;
    if (path.length === 2 && path[0] === 'spec' && POLICY_RULES[kind]?.includes(String(path[1])))
        return true;
    return path.some((step) => typeof step === 'string' && POD_SECURITY_FIELD.has(step));
}
/** null, [], {} and absent are the same; so is "" inside a Secret's data. */
function isEmpty(value, emptyStringIsAbsent) {
    if (value === null || value === undefined)
        return true;
    if (Array.isArray(value))
        return value.length === 0;
    if (isObject(value))
        return Object.keys(value).length === 0;
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
function isOmittedZero(value, path) {
    const [parent, field] = [path[path.length - 2], path[path.length - 1]];
    return (value === '' || value === false || value === 0) && !ZERO_IS_A_CHOICE.has(String(field)) && !STRING_MAPS.has(String(parent));
}
/** Where Kubernetes expects quantities: resources, ResourceQuota `hard`, LimitRange `limits`, PV `capacity`, emptyDir `sizeLimit`. */
const QUANTITY_PARENTS = new Set(['resources', 'limits', 'hard', 'capacity', 'sizeLimit']);
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d{1,3}|[KMGTPE]i|[numkMGTPE])?$/;
const BINARY_POWER = { Ki: 1n, Mi: 2n, Gi: 3n, Ti: 4n, Pi: 5n, Ei: 6n };
const DECIMAL_EXPONENT = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
/** A Kubernetes quantity (`500m`, `1Gi`, `0.5`, `1e3`) as digits \u00d7 10^exponent, exactly; undefined when it is none. */
function parseQuantity(value) {
    const match = typeof value === 'string' || typeof value === 'number' ? QUANTITY.exec(String(value)) : null;
    if (!match)
        return undefined;
    const [, sign, number, suffix = ''] = match;
    const [whole, fraction = ''] = number.split('.');
    let digits = BigInt(`${sign}${whole}${fraction}`);
    let exponent = -fraction.length;
    if (suffix in BINARY_POWER)
        digits *= 1024n ** BINARY_POWER[suffix];
    else if (/^[eE]/.test(suffix))
        exponent += Number(suffix.slice(1));
    else
        exponent += DECIMAL_EXPONENT[suffix] ?? 0;
    return { digits, exponent };
}
/** `1000m` and `1`, `1Gi` and `1024Mi` are the same quantity: compared as numbers where a quantity is expected. */
function isSameQuantity(path, a, b) {
    if (!path.some((step) => typeof step === 'string' && QUANTITY_PARENTS.has(step)))
        return false;
    const [x, y] = [parseQuantity(a), parseQuantity(b)];
    if (!x || !y)
        return false;
    const exponent = Math.min(x.exponent, y.exponent);
    return x.digits * 10n ** BigInt(x.exponent - exponent) === y.digits * 10n ** BigInt(y.exponent - exponent);
}
/** Field-level differences between a live object and the one Git wants, both normalised. */
function diffObjects(live, desired, options) {
    const result = { planned: [], outside: [] };
    new ObjectDiffer(options, result).compare(live, desired, []);
    return result;
}
class ObjectDiffer {
    options;
    result;
    constructor(options, result) {
        this.options = options;
        this.result = result;
    }
    emptyStringIsAbsent(path) {
        return this.options.kind === 'Secret' && (path[0] === 'data' || path[0] === 'stringData');
    }
    record(list, path, before, after) {
        list.push({ path: (0,_diff_json_pointer_js__WEBPACK_IMPORTED_MODULE_0__/* .pointerFromSteps */ .x)(path), before: before ?? null, after: after ?? null, sensitive: false });
    }
    compare(live, desired, path) {
        const emptyStringIsAbsent = this.emptyStringIsAbsent(path);
        if (isEmpty(desired, emptyStringIsAbsent) && isEmpty(live, emptyStringIsAbsent))
            return;
        if (isEmpty(live, false) && isOmittedZero(desired, path))
            return;
        if (isObject(desired) && (isObject(live) || live === undefined || live === null))
            return this.compareObjects(live ?? {}, desired, path);
        if (Array.isArray(desired) && Array.isArray(live))
            return this.compareLists(live, desired, path);
        if (Array.isArray(desired) && isEmpty(live, false))
            return this.compareLists([], desired, path);
        if (!(0,_diff_value_diff_js__WEBPACK_IMPORTED_MODULE_1__/* .deepEqual */ .bD)(live, desired) && !isSameQuantity(path, live, desired))
            this.record(this.result.planned, path, live, desired);
    }
    compareObjects(live, desired, path) {
        for (const [key, value] of Object.entries(desired)) {
            path.push(key);
            this.compare(live[key], value, path);
            path.pop();
        }
        for (const [key, value] of Object.entries(live)) {
            if (key in desired)
                continue;
            path.push(key);
            if (!this.options.desiredFieldsOnly)
                this.compare(value, undefined, path);
            else if (isSecurityField(this.options.kind, path) && !isEmpty(value, false) && !isServerDefault(path, value))
                this.record(this.result.outside, path, value, null);
            else if (Array.isArray(value) && mergeKeyOf(path, value))
                this.compareLists(value, [], path);
            path.pop();
        }
    }
    compareLists(live, desired, path) {
        const keyOf = mergeKeyOf(path, [...live, ...desired]);
        if (keyOf)
            return this.compareKeyedLists(live, desired, keyOf, path);
        if (live.length !== desired.length || !this.options.desiredFieldsOnly) {
            if (!(0,_diff_value_diff_js__WEBPACK_IMPORTED_MODULE_1__/* .deepEqual */ .bD)(live, desired))
                this.record(this.result.planned, path, live, desired);
            return;
        }
        desired.forEach((item, index) => {
            path.push(index);
            this.compare(live[index], item, path);
            path.pop();
        });
    }
    /** Entries matched by merge key; the pointer uses the Git-side index. */
    compareKeyedLists(live, desired, keyOf, path) {
        const liveByKey = new Map(live.map((item) => [String(keyOf(item)), item]));
        const desiredKeys = new Set();
        desired.forEach((item, index) => {
            const key = String(keyOf(item));
            desiredKeys.add(key);
            path.push(index);
            this.compare(liveByKey.get(key), item, path);
            path.pop();
        });
        live.forEach((item, index) => {
            if (desiredKeys.has(String(keyOf(item))))
                return;
            path.push(index);
            if (!this.options.desiredFieldsOnly)
                this.record(this.result.planned, path, item, null);
            else
                this.compareLiveOnlyEntry(item, path);
            path.pop();
        });
    }
    /**
     * An entry only live (a container or volume added by a webhook or by hand) is checked like a map
     * key Git leaves out: its security fields are drift made outside Git. Its image is not: a sidecar
     * injector picks it, and reporting it would flag every injected sidecar.
     */
    compareLiveOnlyEntry(item, path) {
        const { image: _image, ...rest } = item;
        this.compareObjects(rest, {}, path);
    }
}
/** How the API server merges the list at `path` (by `name`, `mountPath`, \u2026), when every entry has that key. */
function mergeKeyOf(path, items) {
    const name = path[path.length - 1];
    const keyOf = typeof name === 'string' ? MERGE_KEYS[name] : undefined;
    return keyOf && items.every((item) => isObject(item) && keyOf(item) !== undefined) ? keyOf : undefined;
}


/***/ }),

/***/ 6275:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ diffManifests),
/* harmony export */   e: () => (/* binding */ ManifestMatcher)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/* harmony import */ var _k8s_changes_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3539);
/* harmony import */ var _k8s_ignore_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4106);
/* harmony import */ var _k8s_field_origin_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1929);
/* harmony import */ var _k8s_last_applied_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7864);
/* harmony import */ var _k8s_normalize_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1405);
/* harmony import */ var _k8s_objects_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1746);
/* harmony import */ var _k8s_structural_diff_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5923);
/* harmony import */ var _model_sources_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9497);









function parseTrackingLabel(trackingLabel) {
    if (!trackingLabel)
        return undefined;
    const at = trackingLabel.indexOf('=');
    if (at <= 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Tracking label ${JSON.stringify(trackingLabel)} is not key=value; write it like app.kubernetes.io/instance=my-app.`);
    return [trackingLabel.slice(0, at), trackingLabel.slice(at + 1)];
}
/** An object's group, kind and name, whatever its namespace. */
const nameKey = (ref) => `${ref.group}/${ref.kind}/${ref.name}`;
const hasLabel = (object, [key, value]) => object.metadata?.labels?.[key] === value;
/**
 * Desired manifests against a live export. Only what Git sets is compared (server defaults are not
 * drift), except security fields, where a value present live only is drift made outside Git. A
 * field that differs is `outside` when the live object's last-applied configuration or
 * managedFields show it was changed on the cluster, else `planned` (see field-origin.ts).
 * Live objects missing from Git count only when they carry the tracking label.
 */
function diffManifests(desired, live, options) {
    const matcher = new ManifestMatcher(desired, options);
    for (const object of live)
        matcher.addLive(object);
    return matcher.changes();
}
/**
 * diffManifests with the live objects handed in one at a time as a stream reads them: each is
 * compared with its desired object on arrival and dropped, so a large export is never held whole.
 * What is kept is the drift found. An HPA may come later in the export than the workload it
 * scales, so `/spec/replicas` of scaled workloads is dropped at the end. Errors about the inputs (a
 * bad tracking label, an object twice) are raised by changes(), after the export was read, in the
 * order diffManifests raises them.
 */
class ManifestMatcher {
    options;
    source;
    tracking;
    desiredIndex = new Map();
    matched = new Map();
    liveKeys = new Set();
    deletes = [];
    scaledByHpa;
    ignore;
    setupError;
    duplicate;
    /**
     * Git's namespaced objects that name no namespace (read as in defaultNamespace), by group, kind and name;
     * those found live there; and where each was found under another namespace.
     */
    defaulted = new Map();
    defaultedFound = new Set();
    elsewhere = new Map();
    constructor(desired, options) {
        this.options = options;
        this.source = options.source ?? _model_sources_js__WEBPACK_IMPORTED_MODULE_1__/* .K8S_MANIFESTS_SOURCE */ .Wr;
        this.scaledByHpa = (0,_k8s_ignore_js__WEBPACK_IMPORTED_MODULE_2__/* .hpaTargets */ .oK)(desired);
        // HPA ownership is applied once every live HPA is known, in changes().
        this.ignore = { rules: options.ignoreDifferences ?? [], scaledByHpa: new Set() };
        try {
            this.tracking = parseTrackingLabel(options.trackingLabel);
            this.desiredIndex = (0,_k8s_objects_js__WEBPACK_IMPORTED_MODULE_3__/* .indexObjects */ .Je)(desired, options.defaultNamespace, options.desiredLabel);
            for (const { ref, object } of this.desiredIndex.values())
                if (ref.namespace !== '' && !object.metadata?.namespace)
                    this.defaulted.set(nameKey(ref), ref);
        }
        catch (error) {
            this.setupError = error;
        }
    }
    addLive(current) {
        if (this.setupError !== undefined || this.duplicate)
            return;
        const ref = (0,_k8s_objects_js__WEBPACK_IMPORTED_MODULE_3__/* .objectRef */ .DA)(current, this.options.defaultNamespace);
        const key = (0,_k8s_objects_js__WEBPACK_IMPORTED_MODULE_3__/* .matchKey */ .LJ)(ref);
        if (this.liveKeys.has(key)) {
            this.duplicate = (0,_k8s_objects_js__WEBPACK_IMPORTED_MODULE_3__/* .duplicateObject */ .tY)(this.options.liveLabel, ref);
            return;
        }
        this.liveKeys.add(key);
        for (const target of (0,_k8s_ignore_js__WEBPACK_IMPORTED_MODULE_2__/* .hpaTargets */ .oK)([current]))
            this.scaledByHpa.add(target);
        const desired = this.desiredIndex.get(key);
        if (desired) {
            this.matched.set(key, this.compare(desired.ref, desired.object, current));
            if (this.defaulted.get(nameKey(ref)) === desired.ref)
                this.defaultedFound.add(nameKey(ref));
        }
        else if (ref.namespace !== '' && this.defaulted.has(nameKey(ref)) && !this.elsewhere.has(nameKey(ref))) {
            this.elsewhere.set(nameKey(ref), ref);
        }
        if (!desired && this.tracking && hasLabel(current, this.tracking)) {
            const { planned: fields } = (0,_k8s_structural_diff_js__WEBPACK_IMPORTED_MODULE_4__/* .diffObjects */ .wc)((0,_k8s_normalize_js__WEBPACK_IMPORTED_MODULE_5__/* .normalizeObject */ .F)(current), {}, { desiredFieldsOnly: false, kind: ref.kind });
            this.deletes.push((0,_k8s_changes_js__WEBPACK_IMPORTED_MODULE_6__/* .k8sChange */ .b4)(ref, this.source, 'delete', 'planned', fields));
        }
    }
    compare(ref, object, current) {
        const wanted = (0,_k8s_normalize_js__WEBPACK_IMPORTED_MODULE_5__/* .normalizeObject */ .F)(object);
        const live = (0,_k8s_changes_js__WEBPACK_IMPORTED_MODULE_6__/* .comparableLive */ .Np)(current, object);
        const diff = (0,_k8s_structural_diff_js__WEBPACK_IMPORTED_MODULE_4__/* .diffObjects */ .wc)(live, wanted, { desiredFieldsOnly: true, kind: ref.kind });
        const removed = (0,_k8s_last_applied_js__WEBPACK_IMPORTED_MODULE_7__/* .removedFromGit */ .$)(current, live, wanted);
        // What Git dropped is Git's change, not one made outside Git.
        const liveOnly = diff.outside.filter((field) => !removed.some(({ path }) => field.path === path || field.path.startsWith(`${path}/`)));
        // Only read when there is a difference: most objects of a large export have none.
        const evidence = diff.planned.length ? (0,_k8s_field_origin_js__WEBPACK_IMPORTED_MODULE_8__/* .fieldEvidence */ .y9)(current, wanted, { fieldManagers: this.options.fieldManagers }) : undefined;
        const byOrigin = (0,_k8s_field_origin_js__WEBPACK_IMPORTED_MODULE_8__/* .splitByOrigin */ .aS)(diff.planned, wanted, evidence);
        const outsideFields = (0,_k8s_ignore_js__WEBPACK_IMPORTED_MODULE_2__/* .withoutIgnored */ .fq)([...byOrigin.outside, ...liveOnly], ref, current, object, this.ignore);
        const plannedFields = (0,_k8s_ignore_js__WEBPACK_IMPORTED_MODULE_2__/* .withoutIgnored */ .fq)([...byOrigin.planned, ...removed], ref, current, object, this.ignore);
        return {
            outside: outsideFields.length ? (0,_k8s_changes_js__WEBPACK_IMPORTED_MODULE_6__/* .k8sChange */ .b4)(ref, this.source, 'update', 'outside', outsideFields) : undefined,
            planned: plannedFields.length ? (0,_k8s_changes_js__WEBPACK_IMPORTED_MODULE_6__/* .k8sChange */ .b4)(ref, this.source, 'update', 'planned', plannedFields) : undefined,
        };
    }
    /** The changes, in diffManifests' order: made outside Git, then planned (creates and updates in Git's order, then deletes). */
    changes() {
        if (this.setupError !== undefined)
            throw this.setupError;
        if (this.duplicate)
            throw this.duplicate;
        // More of Git's objects that name no namespace run under another namespace than are found in the default one:
        // a wrong default namespace (the action's `default`) would show them as to be created and hide what drifted.
        // (One found at home, such as the kube-root-ca.crt ConfigMap every namespace has, does not outweigh the rest.)
        const missing = [...this.elsewhere].filter(([key]) => !this.defaultedFound.has(key));
        if (missing.length > this.defaultedFound.size) {
            const [key, live] = missing[0];
            const wanted = this.defaulted.get(key);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${this.options.liveLabel} holds none of the objects of ${this.options.desiredLabel} that name no namespace in ${wanted.namespace}, where they are read as being, but ${wanted.kind} ${wanted.name} runs in namespace ${live.namespace}; pass --namespace ${live.namespace} (drift-detect's kubernetes-namespace), or export namespace ${wanted.namespace}.`);
        }
        const outside = [];
        const planned = [];
        for (const [key, { ref, object }] of this.desiredIndex) {
            const matched = this.matched.get(key);
            if (!matched) {
                planned.push((0,_k8s_changes_js__WEBPACK_IMPORTED_MODULE_6__/* .k8sChange */ .b4)(ref, this.source, 'create', 'planned', (0,_k8s_structural_diff_js__WEBPACK_IMPORTED_MODULE_4__/* .diffObjects */ .wc)(undefined, (0,_k8s_normalize_js__WEBPACK_IMPORTED_MODULE_5__/* .normalizeObject */ .F)(object), { desiredFieldsOnly: true, kind: ref.kind }).planned));
                continue;
            }
            const scaled = this.scaledByHpa.has((0,_k8s_ignore_js__WEBPACK_IMPORTED_MODULE_2__/* .hpaTargetKey */ .qE)(ref));
            for (const [change, into] of [[matched.outside, outside], [matched.planned, planned]]) {
                if (!change)
                    continue;
                const fields = scaled ? (0,_k8s_ignore_js__WEBPACK_IMPORTED_MODULE_2__/* .withoutFieldsUnder */ .kh)(change.fields, [_k8s_ignore_js__WEBPACK_IMPORTED_MODULE_2__/* .HPA_OWNED_POINTER */ ._K]) : change.fields;
                if (fields.length)
                    into.push({ ...change, fields });
            }
        }
        return [...outside, ...planned, ...this.deletes];
    }
}


/***/ }),

/***/ 899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ hasKeyTwice)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);

/**
 * Whether a map in the document has a key twice: the same scalar value, compared with `===` as the yaml
 * library's `uniqueKeys` compares keys (two `.nan` keys differ; a key-less entry counts). The library's own
 * check compares each key with every key before it: ten minutes for a map of 200,000 keys. Parse with
 * `uniqueKeys: false` and ask this instead.
 */
function hasKeyTwice(document) {
    let twice = false;
    (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR)(document, {
        Map(_key, map) {
            const seen = new Set();
            for (const { key } of map.items) {
                const value = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(key) ? key.value : key;
                if (Number.isNaN(value))
                    continue;
                if (seen.has(value)) {
                    twice = true;
                    return yaml__WEBPACK_IMPORTED_MODULE_0__/* .visit */ .YR.BREAK;
                }
                seen.add(value);
            }
            return undefined;
        },
    });
    return twice;
}


/***/ }),

/***/ 4421:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  analyzeArgoCdApp: () => (/* binding */ analyzeArgoCdApp),
  analyzeKubernetes: () => (/* binding */ analyzeKubernetes),
  diffLiveExport: () => (/* binding */ diffLiveExport),
  fieldManagersOf: () => (/* binding */ fieldManagersOf),
  readKubectlDir: () => (/* binding */ readKubectlDir),
  readManifests: () => (/* binding */ readManifests),
  requireLiveApart: () => (/* binding */ requireLiveApart)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/core/src/k8s/manifest-stream.ts
var manifest_stream = __webpack_require__(7802);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/k8s/objects.ts
var k8s_objects = __webpack_require__(1746);
// EXTERNAL MODULE: ./packages/core/src/sources/k8s-manifests.ts
var k8s_manifests = __webpack_require__(6275);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./packages/core/src/diff/json-pointer.ts
var json_pointer = __webpack_require__(1491);
// EXTERNAL MODULE: ./packages/core/src/k8s/identity.ts
var identity = __webpack_require__(5890);
// EXTERNAL MODULE: ./packages/core/src/model/markers.ts
var markers = __webpack_require__(2788);
// EXTERNAL MODULE: ./packages/core/src/model/sources.ts
var sources = __webpack_require__(9497);
// EXTERNAL MODULE: ./packages/core/src/arrays.ts
var arrays = __webpack_require__(8835);
// EXTERNAL MODULE: ./packages/core/src/yaml-keys.ts
var yaml_keys = __webpack_require__(899);
;// CONCATENATED MODULE: ./packages/core/src/sources/flux-diff.ts








/*
 * Addresses. Flux prints an object as `Kind/namespace/name` (`Kind/name` when it has no namespace)
 * and never its apiVersion, but every other source addresses objects as
 * `group/version/Kind/namespace/name` (k8sAddress), and the same object must get the same address
 * whichever source saw it. So the group and version of well-known kinds come from the table below
 * (the version the API server serves by default); any other kind gets the literal `unknown` for both
 * (`unknown/unknown/Certificate/default/web`): still stable and unique per object, and visibly not a
 * real apiVersion. Without a printed namespace, a known cluster-scoped kind and any unknown kind get
 * the empty namespace segment; a known namespaced kind gets `defaultNamespace`.
 */
const UNKNOWN = 'unknown';
const kinds = (apiVersion, names, clusterScoped = false) => names.map((name) => [name, { apiVersion, clusterScoped }]);
const KNOWN_KINDS = new Map([
    ...kinds('v1', ['ConfigMap', 'Secret', 'Service', 'ServiceAccount', 'PersistentVolumeClaim', 'Pod', 'ResourceQuota', 'LimitRange']),
    ...kinds('v1', ['Namespace', 'PersistentVolume'], true),
    ...kinds('apps/v1', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']),
    ...kinds('batch/v1', ['Job', 'CronJob']),
    ...kinds('autoscaling/v2', ['HorizontalPodAutoscaler']),
    ...kinds('policy/v1', ['PodDisruptionBudget']),
    ...kinds('networking.k8s.io/v1', ['Ingress', 'NetworkPolicy']),
    ...kinds('networking.k8s.io/v1', ['IngressClass'], true),
    ...kinds('rbac.authorization.k8s.io/v1', ['Role', 'RoleBinding']),
    ...kinds('rbac.authorization.k8s.io/v1', ['ClusterRole', 'ClusterRoleBinding'], true),
    ...kinds('storage.k8s.io/v1', ['StorageClass'], true),
    ...kinds('scheduling.k8s.io/v1', ['PriorityClass'], true),
    ...kinds('admissionregistration.k8s.io/v1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], true),
    ...kinds('apiextensions.k8s.io/v1', ['CustomResourceDefinition'], true),
    ...kinds('kustomize.toolkit.fluxcd.io/v1', ['Kustomization']),
    ...kinds('helm.toolkit.fluxcd.io/v2', ['HelmRelease']),
    ...kinds('source.toolkit.fluxcd.io/v1', ['GitRepository', 'HelmRepository']),
]);
/** The object a `\u25ba Kind/namespace/name` subject names, or undefined when it is not one. */
function fluxObjectRef(subject, defaultNamespace = '') {
    const parts = subject.split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some((part) => !part))
        return undefined;
    const [kind, ...rest] = parts;
    const known = KNOWN_KINDS.get(kind);
    const { group, version } = known ? (0,identity/* splitApiVersion */.Np)(known.apiVersion) : { group: UNKNOWN, version: UNKNOWN };
    const namespace = rest.length === 2 ? rest[0] : known && !known.clusterScoped ? defaultNamespace : '';
    return { group, version, kind, namespace, name: rest[rest.length - 1] };
}
const ACTION_BY_VERB = new Map([
    ['created', 'create'],
    ['drifted', 'update'],
    ['deleted', 'delete'],
]);
const OBJECT_LINE = /^\u25ba (\S+) (.+)$/u;
/** `--recursive`: a nested Kustomization whose objects follow (`changed`, `deleted resources`); not a change itself. */
const GROUP_LINE = /^\ud83d\udcc1 \S+ (changed|deleted resources)$/u;
/** `--recursive`: a nested Kustomization for a remote cluster, which flux does not diff. */
const SKIPPED_LINE = /^\u26A0\uFE0F? ?\S+ skipped: .+$/u;
const SECTION_START = /^(\u25ba |\ud83d\udcc1 |\u26A0)/u;
const ENTRIES_HEADER = /^([-+]) (\S+) (list entry|list entries|map entry|map entries|document|documents) (added|removed):$/;
const ORDER_HEADER = '\u21c6 order changed';
/** dyff prints the details of one path side by side when they fit the terminal: later columns start after three spaces. */
const NEXT_COLUMN_HEADER = /(?<= {3})(?:[-+] \S+ (?:list entry|list entries|map entry|map entries|document|documents) (?:added|removed):|\u21c6 order changed)/g;
const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
/** Colours, in case flux was made to print them into a file (bunt honours a forced colour setting). */
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b\[[0-9;]*[A-Za-z]/g;
const MAX_ALIAS_COUNT = 100;
const RERUN = 'pass the complete, unmodified standard output of `flux diff kustomization`';
const isBlank = (text) => text.trim() === '';
const leadingSpaces = (text) => text.length - text.trimStart().length;
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const quote = (text) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
function unreadable(label, line, what) {
    return new errors/* UserError */.yo(`${label}:${line.number}: ${what}; ${RERUN}.`);
}
function truncated(label, line, what) {
    return new errors/* UserError */.yo(`${label}:${line.number}: ${what}, so the output looks cut off; ${RERUN}.`);
}
/**
 * Reads what `flux diff kustomization` prints: one `\u25ba Kind/namespace/name created|drifted|deleted`
 * line per object, each `drifted` one followed by dyff's report of the fields (`-` live, `+` Git).
 * Changes come in the order flux printed them; `created` and `deleted` carry no fields. The `\ud83d\udcc1`
 * and `\u26a0\ufe0f \u2026 skipped` lines of `--recursive` are headings, not changes. Secret values never come
 * out. Field paths are dyff's, turned into JSON pointers as well as the text allows: list entries
 * keep the name dyff shows (`/spec/ports/http/port`), not an index. Throws UserError naming
 * `label` and the line for anything else.
 */
function parseFluxDiff(text, options) {
    const { label } = options;
    const lines = inputLines(text, label);
    const changes = [];
    let index = 0;
    while (index < lines.length) {
        const line = lines[index];
        if (isBlank(line.text)) {
            index += 1;
            continue;
        }
        const end = sectionEnd(lines, index + 1);
        if (GROUP_LINE.test(line.text) || SKIPPED_LINE.test(line.text)) {
            checkNothingFollows(lines.slice(index + 1, end), label, 'a Kustomization heading');
        }
        else {
            const header = objectHeader(line, options);
            changes.push(objectChange(header, lines.slice(index + 1, end), label));
        }
        index = end;
    }
    return changes;
}
function inputLines(text, label) {
    if (text.includes('\u0000') || text.includes('\uFFFD')) {
        throw new errors/* UserError */.yo(`${label} is a binary file, not the output of \`flux diff kustomization\`; ${RERUN}.`);
    }
    return text
        .replace(ANSI_ESCAPE, '')
        .split(/\r?\n/)
        .map((line, index) => ({ text: line, number: index + 1 }));
}
function sectionEnd(lines, from) {
    let end = from;
    while (end < lines.length && !SECTION_START.test(lines[end].text))
        end += 1;
    return end;
}
function objectHeader(line, options) {
    const { label } = options;
    const match = OBJECT_LINE.exec(line.text.trimEnd());
    if (!match) {
        throw unreadable(label, line, 'this is not a line flux diff prints (expected "\u25ba Kind/namespace/name created|drifted|deleted")');
    }
    const [, subject, verb] = match;
    const action = ACTION_BY_VERB.get(verb);
    if (!action) {
        throw new errors/* UserError */.yo(`${label}:${line.number}: flux reported ${subject} in a state gitops-sync does not know (it reads created, drifted and deleted); ${RERUN}, or report the flux version that printed it.`);
    }
    const ref = fluxObjectRef(subject, options.defaultNamespace);
    if (!ref)
        throw unreadable(label, line, `${quote(subject)} is not an object flux prints as Kind/namespace/name or Kind/name`);
    return { subject, action, ref, line };
}
function checkNothingFollows(body, label, what) {
    const stray = body.find((line) => !isBlank(line.text));
    if (stray)
        throw unreadable(label, stray, `text follows ${what}, where flux prints nothing`);
}
function objectChange(header, body, label) {
    if (header.action !== 'update')
        checkNothingFollows(body, label, `a ${header.subject} that is not drifted`);
    const kind = header.ref.kind;
    const fields = header.action === 'update' ? dyffDiffs(body, header, label).flatMap((diff) => diffFields(diff, kind, label)) : [];
    return {
        address: (0,identity/* k8sAddress */.xG)(header.ref),
        kind,
        source: sources/* FLUX_DIFF_SOURCE */.on,
        action: header.action,
        origin: 'planned',
        fields: maskSecretObjectFields((0,identity/* carriesSecretValues */.M2)(kind, fields), (0,identity/* maskSecretValues */.LE)(kind, fields)),
    };
}
/** A path line starts at column 0 after a blank line and is neither a detail header nor a `-`/`+` value. */
function isPathLine(text) {
    return leadingSpaces(text) === 0 && !isDetailHeader(text) && !/^[-+] /.test(text);
}
function isDetailHeader(text) {
    return ENTRIES_HEADER.test(text) || text.startsWith('\u00b1 ') || text === ORDER_HEADER;
}
function dyffDiffs(body, header, label) {
    const diffs = [];
    let afterBlank = true;
    for (const line of body) {
        const current = diffs[diffs.length - 1];
        if (isBlank(line.text)) {
            current?.details.push(line);
            afterBlank = true;
            continue;
        }
        if (afterBlank && isPathLine(line.text)) {
            diffs.push({ subject: header.subject, path: line, details: [] });
        }
        else if (current) {
            current.details.push(line);
        }
        else {
            throw unreadable(label, line, `the report for drifted ${header.subject} starts with this line instead of a field path such as spec.replicas`);
        }
        afterBlank = false;
    }
    for (const diff of diffs)
        diff.details = withoutTrailingBlanks(diff.details);
    return diffs;
}
function withoutTrailingBlanks(lines) {
    let end = lines.length;
    while (end > 0 && isBlank(lines[end - 1].text))
        end -= 1;
    return lines.slice(0, end);
}
function dedent(lines, width) {
    return lines.map((line) => ({ ...line, text: line.text.slice(Math.min(width, leadingSpaces(line.text))) }));
}
function dedentToMinimum(lines) {
    const widths = lines.filter((line) => !isBlank(line.text)).map((line) => leadingSpaces(line.text));
    return dedent(lines, widths.length ? (0,arrays/* minOf */._h)(widths) : 0);
}
function detailBlocks(diff, label) {
    if (diff.details.length === 0)
        throw truncated(label, diff.path, `the report for ${diff.subject} stops after the field path ${quote(diff.path.text)}`);
    const details = dedent(diff.details, leadingSpaces(diff.details[0].text));
    const starts = [0, ...[...details[0].text.matchAll(NEXT_COLUMN_HEADER)].map((match) => match.index)];
    const columns = starts.length > 1 ? starts.map((start, i) => column(details, start, starts[i + 1])) : [details];
    return columns.flatMap((lines) => stackedBlocks(lines, diff, label));
}
function column(lines, start, end) {
    return withoutTrailingBlanks(lines.map((line) => ({ ...line, text: line.text.slice(start, end).trimEnd() })));
}
/** The blocks of one column; it must start with a header, which side-by-side output may have lost. */
function stackedBlocks(lines, diff, label) {
    const blocks = [];
    for (const line of lines) {
        if (leadingSpaces(line.text) === 0 && isDetailHeader(line.text))
            blocks.push({ header: line, body: [] });
        else if (blocks.length > 0)
            blocks[blocks.length - 1].body.push(line);
        else
            throw unreadable(label, line, `the details of ${quote(diff.path.text)} in ${diff.subject} do not start with a dyff change description such as "\u00b1 value change" or "+ one map entry added:" (side-by-side columns each need theirs)`);
    }
    for (const block of blocks)
        block.body = withoutTrailingBlanks(block.body);
    return blocks;
}
function diffFields(diff, kind, label) {
    const steps = dyffPathSteps(diff.path.text, kind);
    const details = detailBlocks(diff, label).map((block) => detail(block, diff, label));
    const fields = [];
    for (const item of details) {
        if (item.type === 'map-entries') {
            for (const [key, value] of Object.entries(item.entries))
                fields.push(fieldChange([...steps, key], item.sign === '-' ? value : null, item.sign === '+' ? value : null));
        }
        else if (item.type === 'change') {
            fields.push(fieldChange(steps, item.before, item.after));
        }
    }
    const listEntries = listEntriesField(steps, details);
    return listEntries ? [...fields, listEntries] : fields;
}
/** Entries removed from and added to one list make one field: the removed ones before, the added ones after. */
function listEntriesField(steps, details) {
    const entries = (sign) => details.flatMap((item) => (item.type === 'list-entries' && item.sign === sign ? item.entries : []));
    const removed = entries('-');
    const added = entries('+');
    if (removed.length === 0 && added.length === 0)
        return undefined;
    return fieldChange(steps, removed.length ? removed : null, added.length ? added : null);
}
function fieldChange(steps, before, after) {
    return { path: (0,json_pointer/* pointerFromSteps */.x)(steps), before, after, sensitive: false };
}
function detail(block, diff, label) {
    const header = block.header.text;
    const entries = ENTRIES_HEADER.exec(header);
    if (entries)
        return entriesDetail(block, entries, diff, label);
    // Newer dyff indents the lines under a header; the first one shows by how much.
    const body = dedent(block.body, leadingSpaces(block.body[0]?.text ?? ''));
    if (header === ORDER_HEADER)
        return orderDetail({ header: block.header, body }, diff, label);
    return modificationDetail({ header: block.header, body }, diff, label);
}
function entriesDetail(block, header, diff, label) {
    const [, sign, count, noun, verb] = header;
    if ((sign === '+') !== (verb === 'added'))
        throw unreadable(label, block.header, `${quote(block.header.text)} mixes up added and removed`);
    if (block.body.length === 0)
        throw truncated(label, block.header, `${quote(block.header.text)} under ${quote(diff.path.text)} lists no entries`);
    const value = yamlValue(dedentToMinimum(block.body).map((line) => line.text).join('\n'));
    const expected = COUNT_WORDS.includes(count) ? COUNT_WORDS.indexOf(count) : Number(count);
    const s = sign;
    if (noun.startsWith('map') && isObject(value)) {
        checkCount(Object.keys(value).length, expected, block, diff, label);
        return { type: 'map-entries', sign: s, entries: value };
    }
    if (!noun.startsWith('map') && Array.isArray(value)) {
        if (noun.startsWith('list'))
            checkCount(value.length, expected, block, diff, label);
        return { type: 'list-entries', sign: s, entries: value };
    }
    return { type: 'change', before: s === '-' ? value : null, after: s === '+' ? value : null };
}
function checkCount(actual, expected, block, diff, label) {
    if (Number.isInteger(expected) && actual < expected) {
        const last = block.body[block.body.length - 1];
        throw truncated(label, last, `${quote(block.header.text)} under ${quote(diff.path.text)} is followed by only ${actual}`);
    }
}
function orderDetail(block, diff, label) {
    const [minus, plus] = block.body.map((line) => line.text.trim());
    if (block.body.length === 2 && minus.startsWith('- ') && plus.startsWith('+ ')) {
        return { type: 'change', before: minus.slice(2).split(', '), after: plus.slice(2).split(', ') };
    }
    const split = columnSplit(block.body);
    if (split === undefined)
        throw truncated(label, block.header, `${quote(block.header.text)} under ${quote(diff.path.text)} does not show the old and the new order`);
    const side = (from, to) => block.body.map((line) => line.text.slice(from, to).trim()).filter(Boolean);
    return { type: 'change', before: side(0, split), after: side(split) };
}
/** Where the second of two side-by-side columns starts: after three spaces on every row, or undefined. */
function columnSplit(lines) {
    const width = (0,arrays/* maxOf */._)(lines.map((line) => line.text.length), 0);
    for (let at = 4; at < width; at += 1) {
        const clear = lines.every((line) => line.text.length <= at - 3 || isBlank(line.text.slice(at - 3, at)));
        if (clear && lines.some((line) => !isBlank(line.text.charAt(at))))
            return at;
    }
    return undefined;
}
/** Where `+ new` starts when it stands to the right of `- old`, or undefined. */
function signedColumnSplit(lines) {
    const first = lines[0]?.text ?? '';
    const at = first.indexOf('   + ') + 3;
    if (!first.startsWith('- ') || at < 3)
        return undefined;
    return lines.every((line) => line.text.length <= at - 3 || isBlank(line.text.slice(at - 3, at))) ? at : undefined;
}
function modificationDetail(block, diff, label) {
    const description = block.header.text.slice(2);
    const typeChange = /^type change from (\S+) to (\S+)$/.exec(description);
    if (description.startsWith('value change in multiline text ('))
        return multilineDetail(block);
    const pair = signedPair(block, diff, label, !(description === 'value change' || typeChange));
    if (description === 'value change')
        return { type: 'change', before: scalarValue(pair.minus), after: scalarValue(pair.plus) };
    if (typeChange)
        return { type: 'change', before: typedValue(pair.minus, typeChange[1]), after: typedValue(pair.plus, typeChange[2]) };
    if (description === 'whitespace only change')
        return { type: 'change', before: visibleWhitespace(pair.minus), after: visibleWhitespace(pair.plus) };
    if (description === 'content change' || description === 'certificate change')
        return { type: 'change', before: pair.minus, after: pair.plus };
    throw unreadable(label, block.header, `${quote(block.header.text)} is a dyff change description gitops-sync does not know`);
}
/**
 * The `- old` and `+ new` text of a modification; a value over several lines continues two spaces
 * in. Whitespace, content and certificate changes may stand side by side.
 */
function signedPair(block, diff, label, sideBySide) {
    const split = sideBySide ? signedColumnSplit(block.body) : undefined;
    const lines = split === undefined ? block.body : [...column(block.body, 0, split), ...column(block.body, split, undefined)];
    const sides = {};
    let current;
    for (const line of lines) {
        const sign = line.text.startsWith('- ') && !sides.minus && !sides.plus ? 'minus' : line.text.startsWith('+ ') && sides.minus && !sides.plus ? 'plus' : undefined;
        if (sign) {
            current = sides[sign] = [line.text.slice(2)];
        }
        else if (current && (line.text.startsWith('  ') || isBlank(line.text))) {
            current.push(line.text.slice(2));
        }
        else {
            throw unreadable(label, line, `this line under ${quote(diff.path.text)} is neither the old ("- ") nor the new ("+ ") value`);
        }
    }
    if (!sides.minus || !sides.plus) {
        const last = lines[lines.length - 1] ?? block.header;
        throw truncated(label, last, `the change of ${quote(diff.path.text)} in ${diff.subject} has no ${sides.minus ? '"+" (new)' : '"-" (old)'} value`);
    }
    return { minus: sides.minus.join('\n'), plus: sides.plus.join('\n') };
}
/** Only the changed lines of a multi-line text: removed ones before, inserted ones after. */
function multilineDetail(block) {
    const side = (sign) => block.body.filter((line) => line.text.startsWith(sign)).map((line) => line.text.slice(2));
    return { type: 'change', before: side('- ').join('\n'), after: side('+ ').join('\n') };
}
const visibleWhitespace = (text) => text.replaceAll('\u21b5', '').replaceAll('\u00b7', ' ');
// ---------------------------------------------------------------------------------------------
// Values as dyff prints them.
/**
 * dyff prints a number or boolean as YAML and a string as it is, unquoted: `9899`, `true`,
 * `ghcr.io/podinfo:6.0.0`. A number is taken only in the canonical form Go writes, so the string
 * `1.10` stays a string; a string that reads as a canonical number (`"80"`) cannot be told apart.
 */
function scalarValue(text) {
    if (text === '<nil>')
        return null;
    if (text.includes('\n') || text === '{}' || text === '[]')
        return yamlValue(text);
    const value = yamlValue(text);
    if (typeof value === 'boolean' || value === null)
        return value;
    if (typeof value === 'number' && String(value) === text)
        return value;
    return text;
}
/** `\u00b1 type change from int to string`: dyff prints both sides as YAML, strings quoted where needed. */
function typedValue(text, type) {
    if (type === '<nil>' || text === '<nil>')
        return null;
    const value = yamlValue(text);
    return type === 'string' && typeof value !== 'string' ? text : value;
}
/** YAML text as a value; text that is not YAML (dyff's `*** (before)`), or a map with a key twice, stays as it is. */
function yamlValue(text) {
    const document = (0,dist/* parseDocument */.Tp)(text, { prettyErrors: false, uniqueKeys: false });
    if (document.errors.length > 0 || (0,yaml_keys/* hasKeyTwice */.O)(document))
        return text;
    try {
        return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    }
    catch {
        return text;
    }
}
// ---------------------------------------------------------------------------------------------
// Paths.
/**
 * dyff's dotted path as JSON pointer steps: `spec.ports.http.port` \u2192 spec, ports, http, port. Keys
 * of string maps may contain dots themselves (`metadata.labels.app.kubernetes.io/name`,
 * `data.config.yaml`); after `labels`/`annotations` in metadata, `matchLabels`, `nodeSelector`,
 * and top-level `data`/`stringData`/`binaryData` of ConfigMaps and Secrets, the rest is one key.
 */
function dyffPathSteps(path, kind) {
    if (path === '(root level)' || path === '(file level)')
        return [];
    const steps = path.split('.');
    const mapAt = steps.findIndex((step, index) => isStringMap(steps, index, kind));
    if (mapAt < 0 || mapAt >= steps.length - 2)
        return steps;
    return [...steps.slice(0, mapAt + 1), steps.slice(mapAt + 1).join('.')];
}
function isStringMap(steps, index, kind) {
    const step = steps[index];
    if (step === 'labels' || step === 'annotations')
        return steps[index - 1] === 'metadata';
    if (step === 'matchLabels' || step === 'nodeSelector')
        return true;
    return index === 0 && (kind === 'ConfigMap' || kind === 'Secret') && ['data', 'stringData', 'binaryData'].includes(step);
}
// ---------------------------------------------------------------------------------------------
// Secrets.
const LAST_APPLIED = 'last-applied-configuration';
/**
 * maskSecretValues covers a Secret's `data` and `stringData` (and a ConfigMap's that holds a secret); the whole object (dyff's root level)
 * and the last-applied annotation carry the same values, so they are masked too.
 */
function maskSecretObjectFields(secret, fields) {
    if (!secret)
        return fields;
    for (const field of fields) {
        if (field.sensitive || !holdsWholeObject(field))
            continue;
        field.before = field.before === null || field.before === undefined ? null : markers/* SENSITIVE */.N;
        field.after = field.after === null || field.after === undefined ? null : markers/* SENSITIVE */.N;
        field.sensitive = true;
    }
    return fields;
}
function holdsWholeObject(field) {
    if (field.path === '')
        return true;
    if (!field.path.startsWith('/metadata'))
        return false;
    return field.path.includes(LAST_APPLIED) || JSON.stringify([field.before, field.after]).includes(LAST_APPLIED);
}

// EXTERNAL MODULE: ./packages/core/src/k8s/kubectl-names.ts
var kubectl_names = __webpack_require__(7965);
// EXTERNAL MODULE: ./packages/core/src/diff/value-diff.ts
var value_diff = __webpack_require__(8146);
// EXTERNAL MODULE: ./packages/core/src/k8s/normalize.ts
var normalize = __webpack_require__(1405);
;// CONCATENATED MODULE: ./packages/core/src/k8s/object-structure.ts
/*
 * The shape of common Kubernetes objects, as data: where a key can sit, so that a field whose
 * enclosing keys a text diff does not show can be placed in its object (kubectl-diff.ts). A map
 * lists its known keys; FREE is a map of any keys to scalars (labels, annotations, data); list(item)
 * a list; SCALAR a plain value; ANY a value not modelled further (anything may sit below it).
 */
class ListShape {
    item;
    constructor(item) {
        this.item = item;
    }
}
class Opaque {
    name;
    constructor(name) {
        this.name = name;
    }
}
const ANY = new Opaque('any');
/** A string, number or boolean: nothing sits below it. */
const SCALAR = new Opaque('scalar');
const FREE = new Opaque('map of any keys to scalars');
const list = (item) => new ListShape(item);
/** Keys holding plain values. */
const keys = (...names) => Object.fromEntries(names.map((name) => [name, SCALAR]));
/** Keys holding objects or lists not modelled further. */
const opaque = (...names) => Object.fromEntries(names.map((name) => [name, ANY]));
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
const workload = (spec) => ({ spec: { ...keys('replicas', 'minReadySeconds', 'revisionHistoryLimit'), selector: labelSelector, template: podTemplate, ...spec } });
/** The top of each kind this knows; every kind has its metadata. */
const KINDS = {
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
const isList = (shape) => shape instanceof ListShape;
const isMap = (shape) => !(shape instanceof ListShape) && !(shape instanceof Opaque);
/** Stands for the keys of a kind this does not know (its spec, rules, webhooks, \u2026). */
const OTHER_KEYS = '*';
/** The shape of `kind`'s objects: its kind's top keys, else what every object has and keys not modelled. */
function shapeOf(kind) {
    return { ...keys('apiVersion', 'kind', 'status'), metadata: objectMeta, ...(KINDS[kind] ?? { [OTHER_KEYS]: ANY }) };
}
/** Whether `key` may sit in a map of this shape. */
function mayHold(shape, key) {
    if (shape === ANY || shape === FREE)
        return true;
    return isMap(shape) && Object.hasOwn(shape, key);
}
/** The shape of what sits under `key` (ANY when not modelled). */
function childShape(shape, key) {
    if (shape === FREE)
        return SCALAR;
    return isMap(shape) ? (shape[key] ?? ANY) : ANY;
}
/**
 * Every place in `kind`'s objects reached through exactly `depth` keys whose shape is a map
 * (`want: 'map'`) or, reached through `depth` keys ending in a list's key, a list (`want: 'list'`),
 * and every value not modelled above that depth (ANY: the place may be inside it). Places are
 * given in the order of the shape data.
 */
function placesAtDepth(kind, depth, want) {
    const places = [];
    const walk = (shape, steps, keyCount) => {
        // A value not modelled may hold anything at any depth below it: the place is there, somewhere.
        if (shape === ANY && keyCount <= depth)
            places.push({ steps, shape });
        if (isList(shape)) {
            if (want === 'list' && keyCount === depth)
                places.push({ steps, shape });
            if (keyCount <= depth)
                walk(shape.item, [...steps, null], keyCount);
            return;
        }
        if (want === 'map' && keyCount === depth && (isMap(shape) || shape === FREE))
            places.push({ steps, shape });
        if (!isMap(shape) || keyCount >= depth)
            return;
        for (const [key, child] of Object.entries(shape))
            walk(child, [...steps, key === OTHER_KEYS ? undefined : key], keyCount + 1);
    };
    walk(shapeOf(kind), [], 0);
    return places;
}
/** Whether the path below a place (keys; `null` for a list item) fits its shape as far as the shape is known. */
function fitsBelow(shape, steps) {
    let here = shape;
    for (const step of steps) {
        if (here === ANY)
            return true;
        if (here === SCALAR)
            return false;
        if (step === null) {
            if (!isList(here))
                return false;
            here = here.item;
        }
        else {
            if (isList(here) || !mayHold(here, step))
                return false;
            here = childShape(here, step);
        }
    }
    return true;
}
/** The keys that may sit beside `steps`' last key, in its parent map; undefined when not known. */
function siblingsAt(kind, steps) {
    let here = shapeOf(kind);
    for (const step of steps.slice(0, -1)) {
        if (here instanceof Opaque || step === undefined)
            return undefined;
        here = step === null ? (isList(here) ? here.item : ANY) : childShape(here, step);
    }
    return isMap(here) && !Object.hasOwn(here, OTHER_KEYS) ? Object.keys(here) : undefined;
}
/** The key at key depth `at` in steps, `undefined` when not known there. */
function keyAt(steps, at) {
    let seen = -1;
    for (let i = 0; i < steps.length; i++) {
        if (steps[i] === null)
            continue;
        if (++seen === at)
            return { key: steps[i] ?? undefined, index: i };
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
function stepsAbove(kind, root, followers) {
    if (root.col % 2 !== 0 || followers.some((follower) => follower.col % 2 !== 0))
        return undefined;
    const depth = root.col / 2 + (root.item ? 1 : 0);
    let places = placesAtDepth(kind, depth, root.item ? 'list' : 'map').filter((place) => place.shape === ANY || fitsBelow(place.shape, root.below));
    for (const follower of followers) {
        const at = follower.col / 2;
        const full = (place) => (place.shape === ANY ? place.steps : [...place.steps, ...root.below]);
        places = places.filter((place) => {
            const found = keyAt(full(place), at);
            if (!found || found.key === undefined)
                return place.shape === ANY || found !== undefined;
            if (!(found.key < follower.key))
                return false;
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
    if (structured.length > 0)
        places = structured;
    else if (places.some((place) => place.shape === ANY))
        return undefined;
    if (places.length === 0)
        return undefined;
    if (places.length === 1 || differInOneKey(places))
        return places[0].steps;
    const shared = [];
    for (let i = 0; places.every((place) => i < place.steps.length && place.steps[i] === places[0].steps[i]); i++)
        shared.push(places[0].steps[i]);
    return [...shared, undefined];
}
/** Places alike but for one key (`labels` or `annotations`, `containers` or `initContainers`). */
function differInOneKey(places) {
    const [first] = places;
    if (!places.every((place) => place.steps.length === first.steps.length))
        return false;
    const differing = first.steps.map((_, i) => i).filter((i) => places.some((place) => place.steps[i] !== first.steps[i]));
    return differing.length === 1 && places.every((place) => typeof place.steps[differing[0]] === 'string');
}

// EXTERNAL MODULE: ./packages/core/src/secrets/plaintext.ts
var plaintext = __webpack_require__(2848);
// EXTERNAL MODULE: ./packages/core/src/secrets/rules.ts
var secrets_rules = __webpack_require__(2560);
;// CONCATENATED MODULE: ./packages/core/src/sources/kubectl-diff.ts












/*
 * Reads the text `kubectl diff` prints: kubectl writes every object as YAML into two temporary
 * folders, LIVE-<random> and MERGED-<random>, one file per object named
 * `[<group>.]<version>.<Kind>.<namespace>.<name>`, and runs `diff -u -N LIVE MERGED`. GNU diff then
 * prints, per changed object, a `diff -u -N <live file> <merged file>` line, `--- `/`+++ ` lines and
 * `@@ -a,b +c,d @@` hunks. A created object has an empty LIVE file (`@@ -0,0 +1,N @@`), a pruned one
 * no MERGED file (`@@ -1,N +0,0 @@`); unchanged objects print nothing.
 *
 * FIELD PATHS FROM A TEXT DIFF ARE BEST EFFORT. A hunk shows the changed lines and a few lines of
 * context, not the whole object, so a path is rebuilt from the YAML indentation of the lines the
 * hunk shows (kubectl prints 2-space mappings and sequences at their key's indentation):
 * - enclosing keys shown in the hunk above a line are exact;
 * - enclosing keys above the hunk's first line are rebuilt from the structure of the object's kind
 *   (k8s/object-structure.ts): the column of the first line says how many keys are above it, what
 *   the lines hold must fit there, and a key printed later at a lower column is a later sibling of
 *   an ancestor (kubectl sorts keys). `        runAsNonRoot: true` in a Deployment is
 *   `/spec/template/spec/containers/\u2026/securityContext/runAsNonRoot` (`\u2026`: an item whose index and
 *   name the hunk does not show). Where places differ in one key only (labels or annotations,
 *   containers or initContainers) the likelier, first in the shape data, is taken; where they differ more, or nothing fits,
 *   the keys not known are ONE `\u2026` segment (`/\u2026/spec/containers/0/image`); nothing is taken from
 *   earlier hunks, because the lines between two hunks are not shown. A Secret's or ConfigMap's keys
 *   are not rebuilt: a line of a file in its data may look like a label, and `\u2026` keeps it masked;
 * - a list item's index is written only when its list's key and every item before it are in the
 *   hunk; otherwise the item's `name` (looked up in the hunk, kubectl sorts `name` after `image`),
 *   else `\u2026`;
 * - a multi-line string (a `|` block or a folded line) is reported at its key's path with the text
 *   the hunk shows of it, from its start (or the hunk's first line) to its end (or the hunk's last);
 * - a key renamed with unchanged content, and a changed `|`/`>` header alone, yield no field;
 *   values equal on both sides, or empty on both (`null`, `{}`, `[]`), are not changes;
 * - what the other sources normalise away (status, generation, resourceVersion, managedFields,
 *   the last-applied annotation, \u2026) is left out.
 * The report model has no flag for this; the source name `kubectl-diff` is what tells it apart.
 */
/** Stands for enclosing keys, or a list index, that the diff does not show. */
const UNKNOWN_SEGMENT = '\u2026';
const FIX = 'pass what `kubectl diff` prints on standard output, unmodified';
const FIX_TRUNCATED = 'the diff is truncated or was edited, save the whole output of `kubectl diff` again';
const LAYOUT = '[<group>.]<version>.<Kind>.<namespace>.<name>';
/**
 * Reads the output of `kubectl diff` (also coloured by colordiff, or run without -N) into one
 * change per object that changed more than server-owned fields, in the diff's order, all
 * `origin: planned`: LIVE is what runs now (`before`), MERGED what applying Git would make it
 * (`after`). Secret `data`/`stringData` values and a Secret's last-applied annotation never leave
 * this function. Throws UserError naming `label` and the line for input that is not kubectl diff
 * output, binary content, a file name outside kubectl's layout and truncated hunks.
 */
function parseKubectlDiff(text, options) {
    const { label } = options;
    rejectBinary(text, label);
    const changes = readObjectDiffs(splitLines(withoutColors(text)), label).map((object) => changeOfObject(checkedKind(object, label)));
    return changes.filter((change) => change.action !== 'update' || change.fields.length > 0);
}
/**
 * `KUBECTL_EXTERNAL_DIFF="colordiff -N -u"` (kubectl's own example) colours the lines; the YAML
 * kubectl prints holds no escape character (it writes one as `\e` in a quoted string).
 */
// eslint-disable-next-line no-control-regex -- the escape character is what a colour code starts with
const COLOR_CODE = /\x1b\[[0-9;]*m/g;
const withoutColors = (text) => (text.includes('\x1b') ? text.replace(COLOR_CODE, '') : text);
function splitLines(text) {
    const lines = text.split(/\r?\n/);
    if (lines.at(-1) === '')
        lines.pop();
    return lines;
}
function rejectBinary(text, label) {
    const nul = text.indexOf('\0');
    if (nul < 0)
        return;
    const line = text.slice(0, nul).split('\n').length;
    throw new errors/* UserError */.yo(`${label} line ${line} contains a NUL byte, so it is binary data, not kubectl diff output; ${FIX}.`);
}
// \u2500\u2500 splitting the text into objects and hunks \u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500
function readObjectDiffs(lines, label) {
    const objects = [];
    let i = 0;
    while (i < lines.length) {
        const line = lines[i];
        const current = objects.at(-1);
        if (line.startsWith('diff '))
            objects.push(objectOfHeader(line, label, i + 1));
        else if (line.startsWith('Only in '))
            objects.push(objectOnlyIn(line, label, i + 1));
        else if (line.startsWith('Binary files '))
            throw binaryFiles(label, i + 1);
        else if (line.startsWith('@@') && current && !current.only) {
            const { hunk, next } = readHunk(lines, i, label, current.fileName);
            current.hunks.push(hunk);
            i = next;
            continue;
        }
        else if (!isFileLine(line, current) && line.trim() !== '')
            throw notADiff(label, i + 1);
        i++;
    }
    const empty = objects.find((object) => !object.only && object.hunks.length === 0);
    if (empty)
        throw new errors/* UserError */.yo(`${label} line ${empty.line}: the diff of ${empty.fileName} has no hunk; ${FIX_TRUNCATED}.`);
    return objects;
}
/** The `--- <live file>` and `+++ <merged file>` lines between an object's header and its first hunk. */
const isFileLine = (line, current) => !!current && !current.only && current.hunks.length === 0 && (line.startsWith('--- ') || line.startsWith('+++ '));
const notADiff = (label, line) => new errors/* UserError */.yo(`${label} line ${line} is not kubectl diff output (expected a "diff -u -N \u2026/LIVE-\u2026/<object> \u2026/MERGED-\u2026/<object>" line and its hunks); ${FIX}.`);
const binaryFiles = (label, line) => new errors/* UserError */.yo(`${label} line ${line}: diff reports binary files, which kubectl diff never writes (it prints YAML); ${FIX}.`);
function objectOfHeader(line, label, lineNumber) {
    const args = headerArguments(line);
    const fileName = baseName(args.at(-1) ?? '');
    if (args.length < 3 || baseName(args.at(-2) ?? '') !== fileName)
        throw layoutError(label, lineNumber, fileName);
    return { ref: refOrThrow(fileName, label, lineNumber), fileName, line: lineNumber, hunks: [] };
}
function objectOnlyIn(line, label, lineNumber) {
    const body = line.slice('Only in '.length);
    const colon = body.lastIndexOf(': ');
    if (colon < 0)
        throw notADiff(label, lineNumber);
    const folder = baseName(body.slice(0, colon).replace(/\/+$/, ''));
    const fileName = body.slice(colon + 2);
    const only = folder.startsWith('LIVE') ? 'delete' : folder.startsWith('MERGED') ? 'create' : undefined;
    if (!only)
        throw notADiff(label, lineNumber);
    return { ref: refOrThrow(fileName, label, lineNumber), fileName, line: lineNumber, hunks: [], only };
}
const baseName = (path) => path.slice(path.lastIndexOf('/') + 1);
function refOrThrow(fileName, label, line) {
    const ref = (0,kubectl_names/* refFromKubectlFileName */.n)(fileName);
    if (!ref)
        throw layoutError(label, line, fileName);
    return ref;
}
const layoutError = (label, line, fileName) => new errors/* UserError */.yo(`${label} line ${line} names the file "${fileName}", which is not in kubectl diff's layout ${LAYOUT}; ${FIX}.`);
/** The arguments of a `diff` line; GNU diff writes names with spaces or special characters C-quoted. */
function headerArguments(line) {
    const args = [];
    let i = 0;
    while (i < line.length) {
        if (line[i] === ' ')
            i++;
        else if (line[i] === '"') {
            const quoted = readQuoted(line, i);
            args.push(quoted.text);
            i = quoted.end;
        }
        else {
            const space = line.indexOf(' ', i);
            const end = space < 0 ? line.length : space;
            args.push(line.slice(i, end));
            i = end;
        }
    }
    return args;
}
const C_ESCAPES = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };
function readQuoted(line, start) {
    const bytes = [];
    const encoder = new TextEncoder();
    let i = start + 1;
    while (i < line.length && line[i] !== '"') {
        if (line[i] !== '\\') {
            const char = String.fromCodePoint(line.codePointAt(i));
            (0,arrays/* appendAll */.u2)(bytes, encoder.encode(char));
            i += char.length;
            continue;
        }
        const octal = /^[0-7]{1,3}/.exec(line.slice(i + 1));
        if (octal)
            bytes.push(parseInt(octal[0], 8));
        else
            bytes.push(C_ESCAPES[line[i + 1]] ?? line.charCodeAt(i + 1));
        i += 1 + (octal ? octal[0].length : 1);
    }
    return { text: new TextDecoder().decode(new Uint8Array(bytes)), end: i + 1 };
}
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
function readHunk(lines, start, label, fileName) {
    const header = lines[start];
    const match = HUNK_HEADER.exec(header);
    if (!match)
        throw new errors/* UserError */.yo(`${label} line ${start + 1} is not a hunk header of the form "@@ -a,b +c,d @@"; ${FIX}.`);
    const [oldStart, oldCount, newStart, newCount] = [match[1], match[2] ?? '1', match[3], match[4] ?? '1'].map(Number);
    const hunk = { header: header.slice(0, match[0].length), line: start + 1, oldStart, oldCount, newStart, newCount, body: [] };
    let [oldLeft, newLeft] = [oldCount, newCount];
    let i = start + 1;
    while (oldLeft > 0 || newLeft > 0) {
        const line = lines[i];
        const mark = line === undefined ? undefined : (line[0] ?? ' ');
        if (mark === '\\') {
            i++;
            continue;
        }
        const fits = mark === ' ' ? oldLeft > 0 && newLeft > 0 : mark === '-' ? oldLeft > 0 : mark === '+' && newLeft > 0;
        if (!fits)
            throw truncatedHunk(label, hunk, fileName, i + 1, oldCount - oldLeft, newCount - newLeft);
        if (mark !== '+')
            oldLeft--;
        if (mark !== '-')
            newLeft--;
        hunk.body.push(line.length ? line : ' ');
        i++;
    }
    while (lines[i]?.startsWith('\\'))
        i++;
    return { hunk, next: i };
}
function truncatedHunk(label, hunk, fileName, stop, oldRead, newRead) {
    return new errors/* UserError */.yo(`${label} line ${hunk.line}: the hunk "${hunk.header}" of ${fileName} breaks off at line ${stop} after ${oldRead} of its ` +
        `${hunk.oldCount} LIVE lines and ${newRead} of its ${hunk.newCount} MERGED lines; ${FIX_TRUNCATED}.`);
}
// \u2500\u2500 one change per object \u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500
/** A top-level `kind:` line of a hunk (the object's own kind), on either side. */
const KIND_LINE = /^[ +-]kind:[ \t]*["']?([^"'\s#]+)/;
/**
 * An object whose hunks show a kind other than its file name's is refused: kubectl names each file after
 * the object in it, and masking goes by the kind (a Secret in a file named as a ConfigMap showed its values).
 */
function checkedKind(object, label) {
    for (const hunk of object.hunks) {
        for (const line of hunk.body) {
            const shown = KIND_LINE.exec(line)?.[1];
            if (shown !== undefined && shown !== object.ref.kind) {
                throw new errors/* UserError */.yo(`${label} line ${hunk.line}: ${object.fileName} shows kind ${shown}, but kubectl names it as a ${object.ref.kind}; ${FIX}.`);
            }
        }
    }
    return object;
}
function changeOfObject(object) {
    return {
        address: (0,identity/* k8sAddress */.xG)(object.ref),
        kind: object.ref.kind,
        source: sources/* KUBECTL_DIFF_SOURCE */.fC,
        action: actionOfObject(object),
        origin: 'planned',
        fields: maskedSecretFields(object.ref.kind, pairedFields(object.hunks.flatMap((hunk) => eventsOfHunk(hunk, object.ref.kind))).filter((field) => !isServerOwned(field.path))),
    };
}
/**
 * Fields the other sources normalise away (status, server metadata, tool annotations), which
 * kubectl prints changed on every apply. When the hunk does not show the enclosing keys, a name of
 * server metadata (`/\u2026/generation`) is taken as metadata's: best effort, like every path here.
 */
function isServerOwned(path) {
    const steps = (0,json_pointer/* stepsFromPointer */.nd)(path);
    if (steps[0] !== UNKNOWN_SEGMENT)
        return (0,normalize/* isServerOwnedField */.$)(steps);
    const rest = steps.slice(1);
    return (0,normalize/* isServerOwnedField */.$)(['metadata', ...rest]) || (0,normalize/* isServerOwnedField */.$)(['metadata', 'annotations', ...rest]);
}
function actionOfObject(object) {
    if (object.only)
        return object.only;
    if (object.hunks.some((hunk) => hunk.oldStart === 0 && hunk.oldCount === 0))
        return 'create';
    if (object.hunks.some((hunk) => hunk.newStart === 0 && hunk.newCount === 0))
        return 'delete';
    return 'update';
}
const LAST_APPLIED_SEGMENT = (0,json_pointer/* appendPointer */.Uc)('', 'kubectl.kubernetes.io/last-applied-configuration').slice(1);
/**
 * Secret values never leave the source: `data`/`stringData`, the last-applied annotation (it holds
 * the data as JSON), and any field whose enclosing keys the diff does not show, since it may be under
 * `data`. A ConfigMap holds a secret when a data entry does (carriesSecretValues) or when what the
 * diff shows of one does (showsConfigSecret).
 */
function maskedSecretFields(kind, fields) {
    if (!(0,identity/* carriesSecretValues */.M2)(kind, fields) && !(kind === 'ConfigMap' && fields.some(showsConfigSecret)))
        return fields;
    for (const field of fields) {
        const segments = field.path.split('/');
        if ((0,identity/* isSecretValuePath */.Td)(field.path) || segments[1] === UNKNOWN_SEGMENT || segments.includes(LAST_APPLIED_SEGMENT))
            (0,identity/* maskField */.LM)(field);
    }
    return fields;
}
/** Whether a ConfigMap field whose enclosing keys the diff does not show (`/\u2026/password`) may be a secret line of a file in its data. */
function showsConfigSecret(field) {
    const steps = (0,json_pointer/* stepsFromPointer */.nd)(field.path);
    if (steps[0] !== UNKNOWN_SEGMENT)
        return false;
    const [key, rules] = [steps.at(-1) ?? '', (0,secrets_rules/* compiledDefaultSecretRules */.o4)()];
    return [field.before, field.after].some((value) => typeof value === 'string' && (0,plaintext/* holdsSecret */.hK)(key, value, rules));
}
function eventsOfHunk(hunk, kind) {
    const before = eventsOfSide(sideLines(hunk.body, '-'), kind).map((event) => ({ ...event, side: 'before' }));
    const after = eventsOfSide(sideLines(hunk.body, '+'), kind).map((event) => ({ ...event, side: 'after' }));
    return [...before, ...after].sort((a, b) => a.at - b.at);
}
const isEmptyValue = (value) => value === null || value === undefined || (typeof value === 'object' && Object.keys(value).length === 0);
/**
 * Removed and added values paired by path (the n-th removal of a path with its n-th addition);
 * fields whose two sides are equal, or both empty (`null`, `{}`, `[]`), are not changes.
 */
function pairedFields(events) {
    const fields = new Map();
    const occurrences = new Map();
    for (const event of events) {
        const sideKey = `${event.side} ${event.path}`;
        const occurrence = occurrences.get(sideKey) ?? 0;
        occurrences.set(sideKey, occurrence + 1);
        const key = `${occurrence} ${event.path}`;
        let field = fields.get(key);
        if (!field)
            fields.set(key, (field = { path: event.path, before: null, after: null, sensitive: false }));
        field[event.side] = event.value;
    }
    return [...fields.values()].filter((field) => !(0,value_diff/* deepEqual */.bD)(field.before, field.after) && !(isEmptyValue(field.before) && isEmptyValue(field.after)));
}
/** One side of a hunk (LIVE: context and '-' lines; MERGED: context and '+' lines), contiguous in its file. */
function sideLines(body, mark) {
    const lines = [];
    body.forEach((line, at) => {
        if (line[0] === ' ' || line[0] === mark)
            lines.push({ text: line.slice(1), changed: line[0] === mark, at });
    });
    return lines;
}
/**
 * The keys printed after a root at ever lower columns (at its own column, for a key root): later
 * siblings of its ancestors. Items of the root's own list are passed over; another list ends it.
 */
function followersOf(root) {
    const followers = [];
    let col = root.col;
    for (const later of root.all.slice(root.index + 1)) {
        if (later.key === undefined) {
            if (later.col === root.col && root.item && followers.length === 0)
                continue;
            if (later.col <= col)
                break;
        }
        else if (later.col < col || (later.col === col && followers.length === 0)) {
            followers.push({ col: later.col, key: later.key });
            col = later.col;
        }
    }
    return followers;
}
const ITEM = /^-(?: +|$)/;
const BLOCK_HEADER = /^[|>][-+1-9]*$/;
const QUOTED_KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'):(?: +(.*))?$/;
const PLAIN_KEY_START = /^(?:[^\s#"'{}[\],&*!|>%@`?:-]|[?:-]\S)/;
const PLAIN_KEY = /^(.+?):(?: +(.*))?$/;
const indentOf = (text) => text.length - text.trimStart().length;
const kubectl_diff_isBlank = (text) => text.trim() === '';
/** The key and raw value of a `key: value` or `key:` line (without its indentation). */
function keyOf(content) {
    const quoted = QUOTED_KEY.exec(content);
    const match = quoted ?? (PLAIN_KEY_START.test(content) ? PLAIN_KEY.exec(content) : null);
    if (!match)
        return undefined;
    const key = quoted ? String(parseScalar(match[1])) : match[1].trimEnd();
    const value = match[2]?.trim();
    return { key, value: value ? value : undefined };
}
const PLAIN_WORD = /^[A-Za-z](?:[\w./@%+-]|:(?!$))*$/;
const YAML_WORD = /^(?:true|false|null)$/i;
const SIMPLE_QUOTED = /^(?:"[^"\\]*"|'[^']*')$/;
const SMALL_INT = /^-?(?:0|[1-9]\d{0,14})$/;
/** A scalar as YAML reads it (`"100"` \u2192 "100", `3` \u2192 3, `null` \u2192 null); text YAML cannot read stays text. */
function parseScalar(text) {
    // Most values kubectl prints are one of these; the YAML parser costs ten times more.
    if (PLAIN_WORD.test(text) && !YAML_WORD.test(text))
        return text;
    if (SIMPLE_QUOTED.test(text))
        return text.slice(1, -1);
    if (SMALL_INT.test(text))
        return Number(text);
    const document = (0,dist/* parseDocument */.Tp)(text);
    return document.errors.length > 0 ? text : document.toJS();
}
/** The changed values of one side of a hunk, each at its best-effort path. */
function eventsOfSide(lines, kind) {
    const events = [];
    const stack = [];
    const roots = [];
    const popWhile = (test) => {
        while (stack.length > 0 && test(stack.at(-1)))
            pushEvent(events, stack.pop());
    };
    lines.forEach((line, index) => readLine(line, { lines, index, stack, roots, popWhile }));
    popWhile(() => true);
    // Placed once the side is read: the keys printed after a root tell where it sits.
    return events.map(({ entry, event }) => ({ ...event, path: placedPath(entry, kind) }));
}
function pushEvent(events, entry) {
    const scalar = entry.scalar;
    if (scalar?.changedAt === undefined)
        return;
    const value = scalar.block ? scalar.parts.join('\n') : parseScalar(scalar.parts.join(' '));
    events.push({ entry, event: { at: scalar.changedAt, path: entry.path, value } });
}
const ROOTED = `/${UNKNOWN_SEGMENT}`;
/**
 * The path of an entry whose root's enclosing keys the hunk does not show: those keys rebuilt from
 * the kind's structure (items among them as `\u2026`), else one `\u2026` segment for all of them.
 */
function placedPath(entry, kind) {
    const root = entry.root;
    // A Secret's or ConfigMap's value whose keys are not shown stays under `\u2026`, so it is masked
    // (maskedSecretFields) even where a data key, or a line of a file in data, is spelled like a field
    // (`name`, `password` sorted among labels) and would be placed outside `data`.
    if (!root || kind === 'Secret' || kind === 'ConfigMap')
        return entry.path.startsWith(`${ROOTED}${ROOTED}`) ? entry.path.slice(ROOTED.length) : entry.path;
    root.above ??= new Map();
    const key = entry.below.join('\u0000');
    if (!root.above.has(key))
        root.above.set(key, stepsAbove(kind, { col: root.col, item: root.item, below: entry.below }, followersOf(root)));
    const above = root.above.get(key);
    const rest = entry.path.slice(ROOTED.length);
    if (!above)
        return rest.startsWith(ROOTED) ? rest : entry.path;
    const prefix = above.reduce((path, step) => (path.endsWith(ROOTED) && step === undefined ? path : (0,json_pointer/* appendPointer */.Uc)(path, step ?? UNKNOWN_SEGMENT)), '');
    return prefix.endsWith(ROOTED) && rest.startsWith(ROOTED) ? `${prefix}${rest.slice(ROOTED.length)}` : `${prefix}${rest}`;
}
function readLine(line, walk) {
    const top = walk.stack.at(-1);
    const col = indentOf(line.text);
    if (top?.scalar && (kubectl_diff_isBlank(line.text) ? top.scalar.block : col > top.col))
        return continueScalar(top.scalar, line);
    if (kubectl_diff_isBlank(line.text))
        return;
    let at = col;
    let rest = line.text.slice(col);
    let item;
    for (let dash = ITEM.exec(rest); dash; dash = ITEM.exec(rest)) {
        item = pushItem(walk, at);
        at += Math.max(dash[0].length, 2);
        rest = rest.slice(dash[0].length);
    }
    if (!rest)
        return;
    const key = keyOf(rest);
    if (key)
        pushKey(walk, at, key, line);
    else if (item)
        item.scalar = { block: false, parts: [rest], changedAt: line.changed ? line.at : undefined };
    else
        pushOrphanText(walk, at, rest, line);
}
function continueScalar(scalar, line) {
    if (!scalar.block)
        scalar.parts.push(line.text.trim());
    else if (kubectl_diff_isBlank(line.text))
        scalar.parts.push('');
    else {
        scalar.contentIndent ??= indentOf(line.text);
        scalar.parts.push(line.text.slice(Math.min(indentOf(line.text), scalar.contentIndent)));
    }
    if (line.changed)
        scalar.changedAt ??= line.at;
}
/** The path of what sits directly under `parent`, or at column `col` of a region the hunk does not show. */
function childPath(parent, col, segment) {
    const base = parent ? parent.path : col === 0 ? '' : ROOTED;
    return (0,json_pointer/* appendPointer */.Uc)(base, segment);
}
/** A new entry under `parent`; without one, at a column other than 0, a new root. */
function newEntry(walk, parent, col, segment, step) {
    const entry = { col, path: childPath(parent, col, segment), item: step === null, items: 0, below: [...(parent?.below ?? []), step] };
    if (parent)
        entry.root = parent.root;
    else if (col > 0) {
        entry.root = { col, item: step === null, key: step ?? undefined, all: walk.roots, index: walk.roots.length };
        walk.roots.push(entry.root);
    }
    return entry;
}
function pushItem(walk, col) {
    walk.popWhile((entry) => entry.col > col || (entry.col === col && (entry.item || !!entry.scalar)));
    const parent = walk.stack.at(-1);
    const segment = parent ? parent.items++ : (itemName(walk.lines, walk.index, col) ?? UNKNOWN_SEGMENT);
    const entry = newEntry(walk, parent, col, segment, null);
    walk.stack.push(entry);
    return entry;
}
function pushKey(walk, col, { key, value }, line) {
    walk.popWhile((entry) => entry.col >= col);
    const entry = newEntry(walk, walk.stack.at(-1), col, key, key);
    const changedAt = line.changed ? line.at : undefined;
    if (value !== undefined)
        entry.scalar = BLOCK_HEADER.test(value) ? { block: true, parts: [], changedAt } : { block: false, parts: [value], changedAt };
    walk.stack.push(entry);
}
/** Text that is neither a key nor a list item: the inside of a multi-line string whose key the hunk does not show. */
function pushOrphanText(walk, col, text, line) {
    walk.popWhile((entry) => entry.col >= col);
    const parent = walk.stack.at(-1);
    const path = parent ? parent.path : ROOTED;
    const scalar = { block: true, parts: [text], contentIndent: col, changedAt: line.changed ? line.at : undefined };
    walk.stack.push({ col: col - 1, path, item: false, items: 0, scalar, below: parent?.below ?? [], root: parent?.root });
}
/**
 * The `name` of the list item starting on line `index` at column `col`, when the item shows it
 * (on its first line or at its keys' column before it ends), for items whose index is unknown.
 */
function itemName(lines, index, col) {
    const first = lines[index].text.slice(col).replace(ITEM, '');
    const keyCol = first ? lines[index].text.length - first.length : col + 2;
    const nameOf = (content) => {
        const entry = keyOf(content);
        return entry?.key === 'name' && entry.value !== undefined ? String(parseScalar(entry.value)) : undefined;
    };
    const own = nameOf(first);
    if (own !== undefined)
        return own;
    for (let i = index + 1; i < lines.length; i++) {
        const text = lines[i].text;
        if (kubectl_diff_isBlank(text))
            continue;
        const indent = indentOf(text);
        if (indent <= col)
            return undefined;
        const name = indent === keyCol ? nameOf(text.slice(indent)) : undefined;
        if (name !== undefined)
            return name;
    }
    return undefined;
}

// EXTERNAL MODULE: ./packages/core/src/json/json-text.ts
var json_text = __webpack_require__(5926);
// EXTERNAL MODULE: ./packages/core/src/k8s/changes.ts
var changes = __webpack_require__(3539);
// EXTERNAL MODULE: ./packages/core/src/k8s/field-origin.ts
var field_origin = __webpack_require__(1929);
// EXTERNAL MODULE: ./packages/core/src/k8s/ignore.ts
var k8s_ignore = __webpack_require__(4106);
// EXTERNAL MODULE: ./packages/core/src/k8s/structural-diff.ts
var structural_diff = __webpack_require__(5923);
;// CONCATENATED MODULE: ./packages/core/src/sources/argocd.ts











const argocd_isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const argocd_FIX = 'pass the unchanged body of GET /api/v1/applications/{name}/managed-resources';
function describe(item, index) {
    const kind = typeof item.kind === 'string' && item.kind ? item.kind : undefined;
    const name = typeof item.name === 'string' && item.name ? item.name : undefined;
    const namespace = typeof item.namespace === 'string' && item.namespace ? `${item.namespace}/` : '';
    return kind && name ? `item ${index} (${kind} ${namespace}${name})` : `item ${index}`;
}
/** A *State field: the object it holds, or undefined for "null", "" and absent. */
function parseState(item, field, where, label) {
    const text = item[field];
    if (text === undefined || text === null || text === '')
        return undefined;
    if (typeof text !== 'string')
        throw new errors/* UserError */.yo(`${label}: ${where} has a ${field} that is not a JSON string; ${argocd_FIX}.`);
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        // JSON.parse's message quotes the text around the error, which may be a Secret's.
        throw new errors/* UserError */.yo(`${label}: ${where} has a ${field} that is not valid JSON; ${argocd_FIX}.`);
    }
    if (value === null)
        return undefined;
    if (!argocd_isObject(value))
        throw new errors/* UserError */.yo(`${label}: ${where} has a ${field} that is not a Kubernetes object; ${argocd_FIX}.`);
    return value;
}
function optionalString(item, field, where, label) {
    const value = item[field];
    if (value === undefined || value === null)
        return undefined;
    if (typeof value !== 'string')
        throw new errors/* UserError */.yo(`${label}: ${where} has a ${field} that is not a string; ${argocd_FIX}.`);
    return value;
}
/** A planned field that the prediction leaves at its live value: syncing would not change it. */
function settledBySync(field, residual) {
    const left = residual.get(field.path);
    return left !== undefined && (0,value_diff/* deepEqual */.bD)(left.before, field.before);
}
function parseItems(json, label) {
    const body = (0,json_text/* parseJsonText */.lk)(json, (why) => new errors/* UserError */.yo(`${label} is not valid JSON (${why}); ${argocd_FIX}.`));
    // The response has `items` and nothing else (`{}` for an application without resources): any other document
    // (a plan, `argocd app get`'s Application) would otherwise read as an application with nothing to sync.
    const other = argocd_isObject(body) ? Object.keys(body).find((key) => key !== 'items') : undefined;
    if (!argocd_isObject(body) || other !== undefined) {
        const why = other === undefined ? '' : ` (it has ${JSON.stringify(other.slice(0, 40))}, which that response never has)`;
        throw new errors/* UserError */.yo(`${label} is not an Argo CD managed-resources response, a JSON object with only items${why}; ${argocd_FIX}.`);
    }
    if (body.items === undefined || body.items === null)
        return [];
    if (!Array.isArray(body.items))
        throw new errors/* UserError */.yo(`${label}: items is not an array; ${argocd_FIX}.`);
    const entries = [];
    body.items.forEach((item, index) => {
        if (!argocd_isObject(item))
            throw new errors/* UserError */.yo(`${label}: item ${index} is not an object; ${argocd_FIX}.`);
        const where = describe(item, index);
        // Argo CD names every resource it manages: an item without a kind or name is not one of its answers.
        if (typeof item.kind !== 'string' || !item.kind || typeof item.name !== 'string' || !item.name)
            throw new errors/* UserError */.yo(`${label}: ${where} names no kind or name; ${argocd_FIX}.`);
        const target = parseState(item, 'targetState', where, label);
        const liveState = parseState(item, 'liveState', where, label);
        const normalized = parseState(item, 'normalizedLiveState', where, label);
        const predicted = parseState(item, 'predictedLiveState', where, label);
        const group = optionalString(item, 'group', where, label);
        const namespace = optionalString(item, 'namespace', where, label);
        const kind = optionalString(item, 'kind', where, label);
        const name = optionalString(item, 'name', where, label);
        if (item.hook === true)
            return;
        const live = liveState && (normalized ?? liveState);
        const object = target ?? live;
        // Argo CD lists what Git renders or what runs: an item with neither is not one of its answers (dropped, its drift would go unseen).
        if (!object)
            throw new errors/* UserError */.yo(`${label}: ${where} has neither a targetState nor a liveState; ${argocd_FIX}.`);
        const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : undefined;
        const fromObject = (0,identity/* splitApiVersion */.Np)(apiVersion ?? '');
        const objectKind = kind || (typeof object.kind === 'string' ? object.kind : '');
        const ref = {
            group: group ?? fromObject.group,
            version: fromObject.version,
            kind: objectKind,
            namespace: (0,k8s_objects/* isClusterScoped */.Z6)(objectKind) ? '' : (namespace ?? (typeof object.metadata?.namespace === 'string' ? object.metadata.namespace : '')),
            name: name || (typeof object.metadata?.name === 'string' ? object.metadata.name : ''),
        };
        if (!ref.kind || !ref.name)
            throw new errors/* UserError */.yo(`${label}: ${where} names no kind or name; ${argocd_FIX}.`);
        if (!ref.version)
            throw new errors/* UserError */.yo(`${label}: ${where} (${ref.kind} ${ref.name}) has an object without apiVersion; ${argocd_FIX}.`);
        entries.push({ ref, target, live, liveRaw: liveState, predicted });
    });
    return entries;
}
/**
 * Changes from the body of Argo CD's managed-resources endpoint: `before` what runs now, `after` what
 * Git wants; resources Argo CD would prune are deletes, resources not yet in the cluster creates.
 */
function parseArgoCdManagedResources(json, options) {
    const source = options.source ?? sources/* ARGOCD_SOURCE */.F4;
    const entries = parseItems(json, options.label);
    const objects = entries.flatMap((entry) => [entry.target, entry.live].filter((object) => object !== undefined));
    const ignore = { rules: options.ignoreDifferences ?? [], scaledByHpa: (0,k8s_ignore/* hpaTargets */.oK)(objects) };
    const change = (ref, action, origin, fields) => (0,changes/* k8sChange */.b4)(ref, source, action, origin, fields);
    const outside = [];
    const planned = [];
    for (const { ref, target, live, liveRaw, predicted } of entries) {
        if (!target) {
            const { planned: fields } = (0,structural_diff/* diffObjects */.wc)((0,normalize/* normalizeObject */.F)(live), {}, { desiredFieldsOnly: false, kind: ref.kind });
            planned.push(change(ref, 'delete', 'planned', fields));
            continue;
        }
        const desired = (0,normalize/* normalizeObject */.F)(target);
        if (!live) {
            planned.push(change(ref, 'create', 'planned', (0,structural_diff/* diffObjects */.wc)(undefined, desired, { desiredFieldsOnly: true, kind: ref.kind }).planned));
            continue;
        }
        const diff = (0,structural_diff/* diffObjects */.wc)((0,changes/* comparableLive */.Np)(live, target), desired, { desiredFieldsOnly: true, kind: ref.kind });
        let plannedFields = diff.planned;
        if (predicted && plannedFields.length) {
            const residual = (0,structural_diff/* diffObjects */.wc)((0,changes/* comparableLive */.Np)(predicted, target), desired, { desiredFieldsOnly: true, kind: ref.kind }).planned;
            const byPath = new Map(residual.map((field) => [field.path, field]));
            plannedFields = plannedFields.filter((field) => !settledBySync(field, byPath));
        }
        const byOrigin = (0,field_origin/* splitByOrigin */.aS)(plannedFields, desired, plannedFields.length ? (0,field_origin/* fieldEvidence */.y9)(liveRaw, desired, { fieldManagers: options.fieldManagers }) : undefined);
        const outsideFields = (0,k8s_ignore/* withoutIgnored */.fq)([...byOrigin.outside, ...diff.outside], ref, liveRaw, target, ignore);
        plannedFields = (0,k8s_ignore/* withoutIgnored */.fq)(byOrigin.planned, ref, liveRaw, target, ignore);
        if (outsideFields.length)
            outside.push(change(ref, 'update', 'outside', outsideFields));
        if (plannedFields.length)
            planned.push(change(ref, 'update', 'planned', plannedFields));
    }
    return [...outside, ...planned];
}

;// CONCATENATED MODULE: ./packages/core/src/sources/k8s-dirs.ts








/**
 * The one object of a kubectl diff file, which must be the object its name says: the address and the
 * masking go by the name (a Secret in a file named as a ConfigMap, or a List of Secrets, showed its values).
 */
function onlyObject(text, label, ref) {
    if (text.trim() === '')
        return undefined;
    const objects = (0,k8s_objects/* parseManifests */.Ye)(text, label);
    if (objects.length !== 1)
        throw new errors/* UserError */.yo(`${label} holds ${objects.length} objects; kubectl writes one object per file.`);
    const [object] = objects;
    const { group, version } = (0,identity/* splitApiVersion */.Np)(typeof object.apiVersion === 'string' ? object.apiVersion : '');
    const metadata = object.metadata ?? {};
    // A namespaced object kubectl read back names its namespace; one that does not is taken to be in the file's.
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : ref.namespace;
    const held = (0,identity/* k8sAddress */.xG)({ group, version, kind: String(object.kind), namespace, name: String(metadata.name) });
    if (held !== (0,identity/* k8sAddress */.xG)(ref))
        throw new errors/* UserError */.yo(`${label} holds ${(0,errors/* oneLine */.TN)(held)}, not the ${(0,errors/* oneLine */.TN)((0,identity/* k8sAddress */.xG)(ref))} its name says; kubectl writes each object to a file named after it: pass the folders kubectl diff creates.`);
    return object;
}
/**
 * The two folders `kubectl diff` hands to KUBECTL_EXTERNAL_DIFF: LIVE (what runs) and MERGED (what
 * the server would have after applying Git). A file only in LIVE, or empty in MERGED, is a
 * deletion; an empty or missing LIVE file is a creation. Every field is compared: MERGED already
 * carries the server's defaults.
 */
function diffKubectlDirs(live, merged, labels, options = {}) {
    const pairs = [...new Set([...merged.keys(), ...live.keys()])].sort().map((name) => {
        const ref = (0,kubectl_names/* refFromKubectlFileName */.n)(name);
        // A file name may hold a line break: a message names it on one line.
        const shown = (0,errors/* oneLine */.TN)(name);
        if (!ref)
            throw new errors/* UserError */.yo(`${merged.has(name) ? labels.merged : labels.live}/${shown} is not named like kubectl's diff files ([group.]version.Kind.namespace.name); pass the folders kubectl diff creates.`);
        return { ref, before: onlyObject(live.get(name) ?? '', `${labels.live}/${shown}`, ref), after: onlyObject(merged.get(name) ?? '', `${labels.merged}/${shown}`, ref) };
    });
    // The environment's ignore_differences, and the replicas of a workload an HPA in the folders scales, as for the other sources.
    const ignore = { rules: options.ignoreDifferences ?? [], scaledByHpa: (0,k8s_ignore/* hpaTargets */.oK)(pairs.flatMap(({ before, after }) => [after ?? before].filter((object) => object !== undefined))) };
    const changes = [];
    for (const { ref, before, after } of pairs) {
        if (!before && !after)
            continue;
        const action = !before ? 'create' : !after ? 'delete' : 'update';
        const { planned } = (0,structural_diff/* diffObjects */.wc)(before && (0,normalize/* normalizeObject */.F)(before), after ? (0,normalize/* normalizeObject */.F)(after) : {}, { desiredFieldsOnly: false, kind: ref.kind });
        const fields = action === 'update' ? (0,k8s_ignore/* withoutIgnored */.fq)(planned, ref, before, after, ignore) : planned;
        if (action === 'update' && fields.length === 0)
            continue;
        changes.push({ address: (0,identity/* k8sAddress */.xG)(ref), kind: ref.kind, source: sources/* K8S_DIRS_SOURCE */.UT, action, origin: 'planned', fields: (0,identity/* maskSecretValues */.LE)(ref.kind, fields) });
    }
    return changes;
}

// EXTERNAL MODULE: ./packages/core/src/config/schema.ts + 1 modules
var schema = __webpack_require__(5688);
// EXTERNAL MODULE: ./packages/core/src/analyze.ts
var analyze = __webpack_require__(8053);
// EXTERNAL MODULE: ./packages/engine/src/files.ts + 1 modules
var files = __webpack_require__(6477);
// EXTERNAL MODULE: ./packages/engine/src/argocd-client.ts
var argocd_client = __webpack_require__(6826);
// EXTERNAL MODULE: ./packages/engine/src/rules.ts
var rules = __webpack_require__(3087);
// EXTERNAL MODULE: ./packages/engine/src/ports.ts
var ports = __webpack_require__(4552);
;// CONCATENATED MODULE: ./packages/engine/src/drift/kubernetes.ts







const MANIFEST_FILE = /\.(ya?ml|json)$/i;
/** Manifest files under a path: the file itself, or every .yaml/.yml/.json below a folder, in name order. */
function manifestFiles(path) {
    if (!(0,files/* statOrNothing */.JR)(path, true)?.isDirectory())
        return [path];
    return (0,external_node_fs_.readdirSync)(path, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((entry) => (entry.isDirectory() ? manifestFiles((0,external_node_path_.join)(path, entry.name)) : MANIFEST_FILE.test(entry.name) ? [(0,external_node_path_.join)(path, entry.name)] : []));
}
/**
 * Every object in the given files and folders. Nothing is read from outside `within` (the base dir,
 * for paths the config names) or, without it, outside each folder given: a symlink may not lead out.
 */
function readManifests(paths, what, within, liveExport) {
    const objects = [];
    const apartFrom = liveExport === undefined ? undefined : { path: liveExport, why: `is, or leads into, the live export ${liveExport}, so Git would be compared with itself; pass what \`kubectl get \u2026 -o yaml\` wrote of what runs apart from the manifests.` };
    eachManifestIn(paths, what, (object) => objects.push(object), { within, apartFrom });
    return objects;
}
/** The folder a file of `path` must stay inside: the one given, else the folder walked (a file named outright is read wherever it is). */
const withinFor = (file, path, within) => within ?? (file === path ? undefined : path);
/** readManifests handing each object to `onObject` as it is read (see eachManifest for itemsBeforeKind). */
function eachManifestIn(paths, what, onObject, options) {
    const maxBytes = (0,files/* maxInputBytes */.qD)('kubernetes'); // once, not for each of thousands of files
    for (const path of paths) {
        for (const file of manifestFiles(path)) {
            const within = withinFor(file, path, options.within);
            (0,manifest_stream/* eachManifest */.t2)((consume) => (0,files/* withInputChunks */.Xn)(file, what, consume, { maxBytes, within, apartFrom: options.apartFrom }), file, onObject, options);
        }
    }
}
/**
 * Refuses manifests given on the command line that hold no object, without a tracking label: with nothing
 * desired and no live object to prune, nothing is compared, and a wrong or empty path would read as "no
 * drift". (A configured environment's render may legitimately be empty: sync must still go on.)
 */
function requireDesiredObjects(desired, options) {
    if (desired.length > 0 || options.trackingLabel)
        return;
    throw new errors/* UserError */.yo(`No Kubernetes object in ${options.desiredLabel}, so nothing would be compared; pass the manifests Git holds (with a tracking label, an empty Git side means every labelled live object is to be pruned).`);
}
/** Refuses a live export that is (or is among, or holds) the manifests themselves, links followed: Git compared with itself shows no drift. */
function requireLiveApart(input, live) {
    const at = (0,files/* realPathOf */.dN)(live);
    const manifests = input.find((path) => (0,files/* isInside */.FK)(at, (0,files/* realPathOf */.dN)(path)) || (0,files/* isInside */.FK)((0,files/* realPathOf */.dN)(path), at));
    if (manifests === undefined)
        return;
    const where = (0,files/* realPathOf */.dN)(manifests) === at ? 'the manifests themselves' : (0,files/* isInside */.FK)(at, (0,files/* realPathOf */.dN)(manifests)) ? 'among the manifests' : 'a folder holding the manifests';
    throw new errors/* UserError */.yo(`The live export ${live} is ${where} (${manifests}), so Git would be compared with itself; pass what \`kubectl get \u2026 -o yaml\` wrote of what runs.`);
}
/**
 * A list kind (kubectl's List, the API's ConfigMapList from `kubectl get --raw`; block, flow or JSON) in any
 * file of `path`: an export of nothing running is an empty list, not an empty file.
 */
function declaresList(path, within) {
    return manifestFiles(path).some((file) => (0,k8s_objects/* declaresListKind */._Y)((0,files/* readInputFile */.jH)(file, 'a live export', { kind: 'kubernetes', within: withinFor(file, path, within) }).toString('utf8')));
}
/**
 * Desired manifests against a live export read as a stream: each live object is compared as it is
 * read and dropped, so the export is never held whole. Should a large document turn out not to be
 * a List after its items were compared, the export is read again, keeping its items.
 */
function diffLiveExport(desired, live, options, read = {}) {
    const compare = (itemsBeforeKind) => {
        const matcher = new k8s_manifests/* ManifestMatcher */.e(desired, options);
        let objects = 0;
        eachManifestIn([live], 'a live export', (object) => {
            objects++;
            matcher.addLive(object);
        }, { ...read, itemsBeforeKind });
        // Read as "nothing runs", an export that holds nothing turns a privileged container patched in by hand into a plain create.
        if (objects === 0 && !declaresList(live, read.within)) {
            throw new errors/* UserError */.yo(`${live} holds no Kubernetes object and no List, as a failed \`kubectl get \u2026 -o yaml > FILE\` leaves it; export it again (asked for kinds, \`kubectl get deploy,svc -n NS -o yaml\`, kubectl writes an empty List when nothing runs; with --ignore-not-found it writes nothing, so write an empty List then: apiVersion: v1, kind: List, items: []).`);
        }
        return matcher.changes();
    };
    try {
        return compare(true);
    }
    catch (error) {
        if (error instanceof manifest_stream/* NotAListError */.zZ)
            return compare(false);
        throw error;
    }
}
/** One of kubectl's diff folders (LIVE or MERGED): file name \u2192 text. */
function readKubectlDir(dir, what) {
    if (!(0,files/* statOrNothing */.JR)(dir, true)?.isDirectory())
        throw new errors/* UserError */.yo(`${dir} is not a folder; pass the ${what} folder kubectl diff creates.`);
    return new Map((0,external_node_fs_.readdirSync)(dir, { withFileTypes: true }).map((entry) => {
        // kubectl writes one regular file per object: anything else skipped would turn its object into a creation or deletion.
        if (!entry.isFile())
            throw new errors/* UserError */.yo(`${(0,external_node_path_.join)(dir, (0,errors/* oneLine */.TN)(entry.name))} is ${entryKind(entry)}, not a regular file; kubectl diff writes one regular file per object: pass the folders it creates.`);
        return [entry.name, (0,files/* readInputFile */.jH)((0,external_node_path_.join)(dir, entry.name), `a file of the ${what} folder`, { kind: 'kubernetes', within: dir }).toString('utf8')];
    }));
}
const entryKind = (entry) => (entry.isSymbolicLink() ? 'a symbolic link' : entry.isDirectory() ? 'a folder' : 'a device, FIFO or socket');
/** Sources that read one text file (a tool's printed output) and need no live side. */
const TEXT_SOURCES = {
    'flux-diff': parseFluxDiff,
    'kubectl-diff': parseKubectlDiff,
    argocd: parseArgoCdManagedResources,
};
/** The environment's `ignore_differences` from gitops-sync.yaml, for every way Kubernetes drift is checked. */
const ignoreRulesOf = (config, environment) => config.environments[environment]?.kubernetes?.ignore_differences ?? [];
/** The environment's `field_manager` from gitops-sync.yaml as a list; undefined for the default appliers. */
const fieldManagersOf = (kubernetes) => (kubernetes?.field_manager === undefined ? undefined : [kubernetes.field_manager].flat());
const fieldManagersIn = (config, environment) => fieldManagersOf(config.environments[environment]?.kubernetes);
function kubernetesChanges(request) {
    const parseText = TEXT_SOURCES[request.source];
    if (parseText) {
        return request.input.flatMap((path) => parseText((0,files/* readInputFile */.jH)(path, `the output of ${request.source}`, { kind: 'kubernetes' }).toString('utf8'), {
            label: path,
            defaultNamespace: request.namespace,
            fieldManagers: fieldManagersIn(request.config, request.environment),
        }));
    }
    if (!request.live)
        throw new errors/* UserError */.yo(`--source ${request.source} needs --live: ${request.source === 'k8s-dirs' ? "kubectl's LIVE folder" : 'a live export (kubectl get \u2026 -o yaml)'}.`);
    if (request.source === 'k8s-dirs') {
        const [merged] = request.input;
        return diffKubectlDirs(readKubectlDir(request.live, 'LIVE'), readKubectlDir(merged, 'MERGED'), { live: request.live, merged }, { ignoreDifferences: ignoreRulesOf(request.config, request.environment) });
    }
    requireLiveApart(request.input, request.live);
    const desired = readManifests(request.input, 'Kubernetes manifests', undefined, request.live);
    requireDesiredObjects(desired, { desiredLabel: request.input.join(', '), trackingLabel: request.trackingLabel });
    return diffLiveExport(desired, request.live, {
        desiredLabel: request.input.join(', '),
        liveLabel: request.live,
        defaultNamespace: request.namespace,
        trackingLabel: request.trackingLabel,
        ignoreDifferences: ignoreRulesOf(request.config, request.environment),
        fieldManagers: fieldManagersIn(request.config, request.environment),
    });
}
/** Desired Kubernetes state against live state, judged into a report. */
function analyzeKubernetes(request, clock = ports/* systemClock */.ml) {
    (0,schema/* checkEnvironmentName */.r0)(request.environment);
    return (0,analyze/* reportFromChanges */.k)(kubernetesChanges(request), {
        environment: request.environment,
        sources: [request.source],
        rules: (0,rules/* rulesFor */.N)(request.config, request.extraRules),
        generatedAt: clock.now().toISOString(),
    });
}
/** An Argo CD application's managed resources, fetched live from its API server, judged into a report. */
async function analyzeArgoCdApp(request, clock = ports/* systemClock */.ml) {
    (0,schema/* checkEnvironmentName */.r0)(request.environment);
    const body = await (0,argocd_client/* fetchManagedResources */.fh)({ server: request.server, app: request.app, token: request.token });
    const changes = parseArgoCdManagedResources(body, {
        label: `Argo CD application ${request.app}`,
        ignoreDifferences: ignoreRulesOf(request.config, request.environment),
        fieldManagers: fieldManagersIn(request.config, request.environment),
    });
    return (0,analyze/* reportFromChanges */.k)(changes, {
        environment: request.environment,
        sources: ['argocd'],
        rules: (0,rules/* rulesFor */.N)(request.config, request.extraRules),
        generatedAt: clock.now().toISOString(),
    });
}


/***/ })

};

import { CORE_SCHEMA, loadAll, Schema, Type } from 'js-yaml';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import { UserError, yamlErrorText } from '../errors.js';
import { splitApiVersion, type ObjectRef } from './identity.js';
import { appendAll } from '../arrays.js';

export type K8sObject = Record<string, unknown> & { apiVersion?: string; kind?: string; metadata?: Record<string, unknown> };

/** Aliases may not expand past this many nodes: a "billion laughs" document is refused, not expanded. */
const MAX_ALIAS_COUNT = 100;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every Kubernetes object in YAML or JSON text: multi-document files, and the items of `List`
 * kinds (`kubectl get -o yaml` output). Each needs `kind` and `metadata.name`.
 */
export function parseManifests(text: string, label: string): K8sObject[] {
  if (text.includes('\u0000')) throw binaryFile(label);
  return parseManifestText(text, label);
}

export const binaryFile = (label: string) => new UserError(`${label} is a binary file, not YAML or JSON manifests; pass Kubernetes manifests.`);

/** parseManifests for text that starts on line `firstLine` of `label` (one document of a file read as a stream). */
export function parseManifestText(text: string, label: string, firstLine = 1): K8sObject[] {
  const fast = parseJsonManifests(text, label) ?? parsePlainYamlManifests(text, label);
  if (fast) return fast;
  const lineOf = (local: number) => local + firstLine - 1;
  const objects: K8sObject[] = [];
  for (const { value, line } of parseYamlDocuments(text, label, lineOf)) {
    if (value === null || value === undefined) continue;
    appendAll(objects, objectsOfDocument(value, `${label}:${line}`));
  }
  return objects;
}

/** The objects one parsed YAML document holds: itself, or the items of a List. */
export function objectsOfDocument(value: unknown, where: string): K8sObject[] {
  if (!isObject(value)) throw new UserError(`${where}: a document is not a Kubernetes object (a mapping with kind and metadata.name); fix the manifest.`);
  return listItems(value, where).map((item) => checkObject(item, where));
}

/**
 * Refuses a List that is one page of a longer listing (the API's `metadata.continue` or
 * `remainingItemCount`, from `kubectl get --raw` or a client with a limit): the objects of the other
 * pages would read as absent. kubectl get reads every page and writes neither.
 */
export function refuseListPage(list: Record<string, unknown>, where: string): void {
  const metadata = isObject(list.metadata) ? list.metadata : {};
  const more = (typeof metadata.continue === 'string' && metadata.continue !== '') || Number(metadata.remainingItemCount) > 0;
  if (more) throw new UserError(`${where}: the ${String(list.kind)} is one page of a longer listing (its metadata.continue or remainingItemCount says more follow), so the objects of the other pages would read as absent; export with kubectl get, which reads every page.`);
}

/** Whether a text names a list kind (`kind: List`, `"kind": "ConfigMapList"`, flow style): an export of nothing is an empty List, not an empty file. */
export const declaresListKind = (text: string) => /\bkind["']?\s*:\s*["']?[A-Za-z]*List\b/.test(text.replace(YAML_COMMENT, '$1'));
/** A YAML comment: `#` at a line's start or after a space, to its end (a List named in a comment is none). */
const YAML_COMMENT = /(^|\s)#.*$/gm;

/** A `…List` kind, whose items are the objects. */
export const isListObject = (value: Record<string, unknown>) => typeof value.kind === 'string' && value.kind.endsWith('List');
/** A List's items (refused when it is one page of several), or the object itself. */
function listItems(value: Record<string, unknown>, where: string): unknown[] {
  if (!isListObject(value) || !Array.isArray(value.items)) return [value];
  refuseListPage(value, where);
  return value.items;
}

/**
 * Each document of YAML text parsed by the `yaml` package, which reports lines: `lineOf` maps a
 * line of `text` to a line of the file. Invalid YAML and aliases past the limit are UserErrors.
 */
export function parseYamlDocuments(text: string, label: string, lineOf: (line: number) => number): { value: unknown; line: number }[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: false });
  if (!Array.isArray(documents)) return [];
  return documents.map((document) => {
    const line = lineOf(lineCounter.linePos(document.range[0]).line);
    const error = document.errors[0];
    if (error) throw new UserError(`${label}:${lineOf(lineCounter.linePos(error.pos[0]).line)}: invalid YAML (${yamlErrorText(error.message)}); fix the manifest.`);
    const duplicate = firstDuplicateKey(document);
    if (duplicate !== undefined) throw new UserError(`${label}:${lineOf(lineCounter.linePos(duplicate).line)}: invalid YAML (Map keys must be unique); fix the manifest.`);
    const otherwise = readOtherwiseByYaml11(document);
    if (otherwise) {
      const text = otherwise.text.length > 40 ? `${otherwise.text.slice(0, 40)}…` : otherwise.text;
      const where = `${label}:${lineOf(lineCounter.linePos(otherwise.at).line)}: ${text} is read as`;
      throw new UserError(
        typeof otherwise.meant === 'string'
          ? `${where} text by kubectl (YAML 1.1) and as a number by other YAML readers; quote it; fix the manifest.`
          : `${where} ${otherwise.meant} by kubectl (YAML 1.1) and otherwise by other YAML readers; write ${otherwise.meant}, or quote it if it is text; fix the manifest.`,
      );
    }
    const overridden = keyBeforeItsMerge(document);
    if (overridden) {
      throw new UserError(
        `${label}:${lineOf(lineCounter.linePos(overridden.at).line)}: ${overridden.key} is set before a merge key (<<) that sets it too, and YAML readers disagree on which wins (kubectl takes the later); set it once, after the merge key.`,
      );
    }
    try {
      return { value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), line };
    } catch (cause) {
      // The parser's message may quote the document (a Secret value starting with `*` reads as an alias), so it is not repeated.
      const reason = /alias count|excessive/i.test((cause as Error).message) ? 'expands YAML aliases past the limit of 100' : 'uses a YAML alias that is not defined';
      throw new UserError(`${label}:${line}: the document ${reason}; fix the manifest (quote values that start with * or &).`);
    }
  });
}

type PlainValue = null | boolean | number | string;

const named = (value: PlainValue, names: string[]) => names.map((name) => [name, value] as const);

/** The plain scalars go-yaml v2 (kubectl and Argo CD read manifests with it) looks up by name: `yes`, `on` and `y` are true. */
const YAML11_NAMES = new Map<string, PlainValue>([
  ...named(true, ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']),
  ...named(false, ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']),
  ...named(null, ['', '~', 'null', 'Null', 'NULL']),
  ...named(NaN, ['.nan', '.NaN', '.NAN']),
  ...named(Infinity, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']),
  ...named(-Infinity, ['-.inf', '-.Inf', '-.INF']),
]);

/** A number Go's strconv.ParseFloat reads when it starts with `.` (underscores only between digits: goDigitUnderscores). */
const GO_DOT_FLOAT = /^\.\d[\d_]*(?:[eE][-+]?\d[\d_]*)?$/;
const goDigitUnderscores = (text: string) => !/_(?!\d)/.test(text);
// split and join: a regular expression's replace takes seconds over a long run of `1_1_1…`.
const withoutUnderscores = (text: string) => (text.includes('_') ? text.split('_').join('') : text);
/** go-yaml v2's yamlStyleFloat, tried on the text without its underscores. */
const YAML11_FLOAT = /^[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?$/;
const finite = (value: number) => (Number.isFinite(value) ? value : undefined);

/** A 64-bit integer as Go reads it: signed, or unsigned when it has no sign (ParseInt, then ParseUint); past that, none. */
const GO_LIMITS: Record<string, bigint> = { '-': 2n ** 63n, '+': 2n ** 63n - 1n, '': 2n ** 64n - 1n };
function goRange(sign: string, magnitude: bigint): number | undefined {
  const limit = GO_LIMITS[sign];
  return magnitude > limit ? undefined : Number(sign === '-' ? -magnitude : magnitude);
}

/**
 * strconv.ParseInt(plain, 0, 64), else ParseUint, as go-yaml v2 tries them: a leading 0 is octal,
 * 0b/0o/0x in either case. Then go-yaml v2's own binary reading, which takes `0b-1` for -1.
 */
function goInteger(plain: string): number | undefined {
  const [, sign, digits] = /^([-+]?)(0[bB][01]+|0[oO][0-7]+|0[xX][\da-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(plain) ?? [];
  if (digits !== undefined) {
    // Past 64 digits no base reads it in 64 bits, and BigInt would take quadratic time over a long one.
    const [, base, significant] = /^(0[bBoOxX]?|)0*(.*)$/.exec(digits)!;
    if (significant.length > 64) return undefined;
    return goRange(sign, BigInt(`${base === '0' ? '0o' : base}${significant || '0'}`));
  }
  const [, binarySign, bits] = /^0b([-+])([01]+)$/.exec(plain) ?? [];
  return bits === undefined ? undefined : goRange(binarySign === '-' ? '-' : '+', BigInt(`0b${bits}`));
}

/**
 * What YAML 1.1 as kubectl and Argo CD read it (go-yaml v2's resolve) makes of a plain scalar: the
 * names above, then numbers with their underscores dropped; past 64 bits or a float's range, text.
 */
function yaml11Reading(text: string): PlainValue {
  const value = YAML11_NAMES.get(text);
  if (value !== undefined) return value;
  // The common case: a decimal number of up to 15 digits, which every reader reads alike.
  if (/^[-+]?(?:0|[1-9]\d{0,14})$/.test(text)) return Number(text);
  if (text.startsWith('.')) return (GO_DOT_FLOAT.test(text) && goDigitUnderscores(text) ? finite(Number(withoutUnderscores(text))) : undefined) ?? text;
  if (!/^[-+\d]/.test(text)) return text;
  const plain = withoutUnderscores(text);
  return goInteger(plain) ?? (YAML11_FLOAT.test(plain) ? finite(Number(plain)) : undefined) ?? text;
}

const YAML12_NAMES = new Map<string, PlainValue>([
  ...named(true, ['true', 'True', 'TRUE']),
  ...named(false, ['false', 'False', 'FALSE']),
  ...named(null, ['', '~', 'null', 'Null', 'NULL']),
  ...named(NaN, ['.nan', '.NaN', '.NAN']),
  ...named(Infinity, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']),
  ...named(-Infinity, ['-.inf', '-.Inf', '-.INF']),
]);

/** What YAML 1.2's core schema (the `yaml` package; kustomize) makes of a plain scalar: js-yaml reads signed hex and `-.5` otherwise, so it is not asked. */
function yaml12Reading(text: string): PlainValue {
  const value = YAML12_NAMES.get(text);
  if (value !== undefined) return value;
  if (!/^[-+.\d]/.test(text)) return text;
  if (/^[-+]?\d+$/.test(text)) return parseInt(text, 10);
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^0x[\da-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  return /^[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?$/.test(text) ? parseFloat(text) : text;
}

/** A leading-zero number: octal to kubectl, Argo CD and kustomize alike (go-yaml v3 still reads it so), so read so here too, not refused. */
const isOctal = (text: string) => /^[-+]?0[0-7]+$/.test(text);

/** How a plain scalar YAML 1.2 reads as `read` is read here: so, when YAML 1.1 agrees; as octal, when it is octal; refused (undefined) otherwise. */
function agreedReading(text: string, read: unknown): { value: unknown } | undefined {
  const meant = yaml11Reading(text);
  if (Object.is(meant, read) || meant === read) return { value: read };
  return isOctal(text) ? { value: meant } : undefined;
}

/** The first characters of the plain scalars js-yaml hands to PLAIN_SCALARS: `true`, `false` and `null` read alike everywhere and are left to js-yaml. */
const MAYBE_READ_OTHERWISE = /^[-+.\dyYnNoO]/;

/**
 * js-yaml's reading of plain scalars that may be numbers or YAML 1.1 names, in place of its own int and
 * float types: YAML 1.2's reading (yaml12Reading, as the `yaml` package reads it), an octal number as
 * octal; a scalar YAML 1.1 reads otherwise throws, so the text goes to the `yaml` package, which says
 * where (readOtherwiseByYaml11). Checking each scalar as it is read costs far less than a regular
 * expression over the whole text (a 230 MB export: ~0.1 s, not ~2.5 s).
 */
const PLAIN_SCALARS = new Type('tag:gitops-sync,2024:plain-scalar', {
  kind: 'scalar',
  resolve: (text: string) => MAYBE_READ_OTHERWISE.test(text) && (yaml12Reading(text) !== text || yaml11Reading(text) !== text),
  construct: (text: string) => {
    const agreed = agreedReading(text, yaml12Reading(text));
    if (!agreed) throw new Error('read otherwise by YAML 1.1');
    return agreed.value;
  },
});
const CORE_TYPES = CORE_SCHEMA as unknown as { implicit: (Type & { tag: string })[]; explicit: Type[] };
const FAST_YAML_SCHEMA = new Schema({
  implicit: [PLAIN_SCALARS, ...CORE_TYPES.implicit.filter((type) => !/:(?:int|float)$/.test(type.tag))],
  explicit: CORE_TYPES.explicit,
});

/**
 * The first plain scalar (key or value) that YAML 1.1 reads otherwise than this document does, and where
 * it is; an octal number is read as octal instead (isOctal).
 */
function readOtherwiseByYaml11(document: Document): { text: string; meant: PlainValue; at: number } | undefined {
  let found: { text: string; meant: PlainValue; at: number } | undefined;
  visit(document, {
    Scalar(_, node) {
      // Tagged text (`!!str yes`, `! 0644`) is text to every reader, and a merge key a merge key.
      if (node.type !== 'PLAIN' || typeof node.source !== 'string' || typeof node.value === 'symbol') return;
      if (node.tag !== undefined && !/^tag:yaml\.org,2002:(?:int|float|bool|null)$/.test(node.tag)) return;
      const agreed = agreedReading(node.source, node.value);
      if (agreed) {
        node.value = agreed.value;
        return;
      }
      found = { text: node.source, meant: yaml11Reading(node.source), at: (node.range ?? [0])[0] };
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Where the first key a mapping has twice is (compared by value, as the `yaml` package compares them).
 * Its own check compares each key with every earlier one: a ConfigMap of 20,000 keys took 2.3 s, one
 * of 200,000 keys thirteen minutes.
 */
function firstDuplicateKey(document: Document): number | undefined {
  let first: number | undefined;
  visit(document, {
    Map(_, map) {
      const keys = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        const at = (key.range ?? [0])[0];
        if (keys.has(key.value) && (first === undefined || at < first)) first = at;
        keys.add(key.value);
      }
    },
  });
  return first;
}

/**
 * A key set before a merge key (`<<`) of the same mapping that sets it too (written, or by an earlier
 * merge key), and where that merge key is. The appliers disagree on it: kubectl and Argo CD (go-yaml
 * v2) let the later merge win, kustomize keeps a written key (and refuses two merge keys), the `yaml`
 * package here keeps the first; a merge first and keys written after it agree.
 */
function keyBeforeItsMerge(document: Document): { key: string; at: number } | undefined {
  const mergedMaps = (node: unknown): unknown[] => (isAlias(node) ? mergedMaps(node.resolve(document)) : isSeq(node) ? node.items.flatMap(mergedMaps) : [node]);
  const keyOf = (node: unknown) => (isScalar(node) ? node.value : node);
  let found: { key: string; at: number } | undefined;
  visit(document, {
    Map(_, map) {
      const written = new Set<unknown>();
      for (const pair of map.items) {
        if (!(isScalar(pair.key) && typeof pair.key.value === 'symbol')) {
          written.add(keyOf(pair.key));
          continue;
        }
        const keys = mergedMaps(pair.value).flatMap((merged) => (isMap(merged) ? merged.items.map((item) => keyOf(item.key)) : []));
        const key = keys.find((name) => written.has(name));
        if (key === undefined) {
          keys.forEach((name) => written.add(name));
          continue;
        }
        found = { key: String(key), at: ((pair.key as Node).range ?? [0])[0] };
        return visit.BREAK;
      }
    },
  });
  return found;
}

/** YAML text holding one document, parsed with js-yaml when it is plain YAML and with the `yaml` package (lines, alias limit) otherwise. */
export function parseYamlValue(text: string, label: string, lineOf: (line: number) => number): unknown {
  if (!NEEDS_YAML_PACKAGE.test(text)) {
    try {
      const values = loadAll(text, undefined, { schema: FAST_YAML_SCHEMA });
      if (values.length <= 1) return values[0];
    } catch {
      // Invalid YAML: the `yaml` package below says where.
    }
  }
  const documents = parseYamlDocuments(text, label, lineOf);
  if (documents.length > 1) throw new UserError(`${label}:${documents[1].line}: invalid YAML (a document starts inside a List item); fix the manifest.`);
  return documents[0]?.value;
}

/**
 * JSON (`kubectl get -o json`) is read with JSON.parse, many times faster than the YAML parser on
 * a large export; text that is not a single JSON value falls through to YAML, which reports lines.
 */
function parseJsonManifests(text: string, label: string): K8sObject[] | undefined {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const items = Array.isArray(value) ? value : isObject(value) ? listItems(value, label) : [value];
  return items.map((item) => checkObject(item, label));
}

/**
 * An anchor (`&x`), alias (`*x`) or merge key (`<<:`) where YAML would read one: the `yaml` package reads
 * those (the alias limit, merge keys as the appliers read them). False positives only cost speed, but
 * the price is the whole file. Plain values YAML 1.1 reads otherwise are caught as js-yaml reads them
 * (PLAIN_SCALARS). A tag (`!!int 0644`, `! 0644`) goes to the `yaml` package too: js-yaml's explicit types
 * are its own (`!!int 0644` is 644 to it, 420 to kubectl).
 */
const NEEDS_YAML_PACKAGE = /(?<![^\s,[{:-])(?:[&*][^\s,\]}]|!)|<<\s*:/;

/**
 * Plain YAML without anchors, aliases or merge keys is read with js-yaml, several times faster than
 * the `yaml` package on a large export. Anything else — aliases (which need the alias limit), merge
 * keys, invalid YAML, an object without kind or name — goes to the `yaml` package, whose messages
 * carry line numbers.
 */
function parsePlainYamlManifests(text: string, label: string): K8sObject[] | undefined {
  if (NEEDS_YAML_PACKAGE.test(text)) return undefined;
  try {
    const objects: K8sObject[] = [];
    for (const value of loadAll(text, undefined, { schema: FAST_YAML_SCHEMA })) {
      if (value === null || value === undefined) continue;
      if (!isObject(value)) return undefined;
      for (const item of listItems(value, label)) objects.push(checkObject(item, label));
    }
    return objects;
  } catch {
    return undefined;
  }
}

/** `value` as a Kubernetes object, or a UserError naming `where`. */
export function checkObject(value: unknown, where: string): K8sObject {
  if (!isObject(value)) throw new UserError(`${where}: a list item is not a Kubernetes object; fix the manifest.`);
  const metadata = value.metadata;
  if (typeof value.kind !== 'string' || !value.kind) throw new UserError(`${where}: an object has no kind; every manifest needs apiVersion, kind and metadata.name.`);
  const name = isObject(metadata) ? metadata.name : undefined;
  if (typeof name === 'number' || typeof name === 'boolean') {
    throw new UserError(`${where}: the metadata.name of a ${value.kind} reads as the ${typeof name} ${name}, not a string; quote it (name: "${name}").`);
  }
  if (typeof name !== 'string' || !name) {
    if (value.kind.endsWith('List')) throw new UserError(`${where}: a ${value.kind} has no items; put its objects under items: (an empty list is items: []).`);
    throw new UserError(`${where}: a ${value.kind} has no metadata.name; every manifest needs apiVersion, kind and metadata.name.`);
  }
  return value as K8sObject;
}

/**
 * Identity of an object; objects without a namespace get `defaultNamespace`. Cluster-scoped objects
 * have none, even when a chart writes one into them: the API server drops it.
 */
export function objectRef(object: K8sObject, defaultNamespace: string, clusterScoped: (kind: string) => boolean = isClusterScoped): ObjectRef {
  const { group, version } = splitApiVersion(typeof object.apiVersion === 'string' ? object.apiVersion : 'v1');
  const kind = object.kind as string;
  const namespace = clusterScoped(kind) ? '' : typeof object.metadata?.namespace === 'string' && object.metadata.namespace ? object.metadata.namespace : defaultNamespace;
  return { group, version, kind, namespace, name: object.metadata!.name as string };
}

/** Matching ignores the version: Git may say `autoscaling/v1` where the cluster answers `v2`. */
export const matchKey = (ref: ObjectRef) => `${ref.group}/${ref.kind}/${ref.namespace}/${ref.name}`;

/** Built-in cluster-scoped kinds, and the cluster-scoped kinds of widespread add-ons (Gateway API, snapshots, cert-manager). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass',
  'PriorityClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'APIService', 'IngressClass',
  'RuntimeClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass', 'CertificateSigningRequest', 'ClusterTrustBundle',
  'PodSecurityPolicy', 'FlowSchema', 'PriorityLevelConfiguration', 'StorageVersion', 'StorageVersionMigration', 'ServiceCIDR',
  'DeviceClass', 'ComponentStatus', 'GatewayClass', 'VolumeSnapshotClass', 'VolumeSnapshotContent', 'ClusterIssuer',
]);

export const isClusterScoped = (kind: string) => CLUSTER_SCOPED.has(kind);

export const duplicateObject = (label: string, ref: ObjectRef) =>
  new UserError(`${label} has ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} twice; keep one definition of each object.`);

/**
 * The objects Git wants, keyed for matching; the same object twice is refused, and so is an object
 * with `items`: kubectl decodes any document with items as a List, whatever its kind, and applies the
 * items in its place (a "ConfigMap" holding a ClusterRoleBinding there would be judged as the ConfigMap).
 */
export function indexObjects(objects: readonly K8sObject[], defaultNamespace: string, label: string): Map<string, { ref: ObjectRef; object: K8sObject }> {
  const index = new Map<string, { ref: ObjectRef; object: K8sObject }>();
  for (const object of objects) {
    const ref = objectRef(object, defaultNamespace);
    if (Object.hasOwn(object, 'items')) {
      throw new UserError(`${label}: a ${ref.kind} named ${ref.name} has items, so kubectl would not apply it as one object (it reads any document with items as a List); move the items out into objects of their own, or remove items.`);
    }
    const key = matchKey(ref);
    if (index.has(key)) throw duplicateObject(label, ref);
    index.set(key, { ref, object });
  }
  return index;
}

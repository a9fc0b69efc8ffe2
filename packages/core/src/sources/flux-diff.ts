import { parseDocument } from 'yaml';
import { UserError } from '../errors.js';
import { pointerFromSteps } from '../diff/json-pointer.js';
import { carriesSecretValues, k8sAddress, maskSecretValues, splitApiVersion, type ObjectRef } from '../k8s/identity.js';
import { SENSITIVE, type Action, type FieldChange, type UnjudgedChange } from '../model/report.js';
import { FLUX_DIFF_SOURCE } from '../model/sources.js';
import { maxOf, minOf } from '../arrays.js';
import { hasKeyTwice } from '../yaml-keys.js';

export interface FluxDiffOptions {
  /** Names the input in error messages, e.g. the file path. */
  label: string;
  /** Namespace for an object of a namespaced kind that flux printed without one (`Kind/name`). */
  defaultNamespace?: string;
}

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

interface KnownKind {
  apiVersion: string;
  clusterScoped: boolean;
}

const kinds = (apiVersion: string, names: string[], clusterScoped = false) =>
  names.map((name): [string, KnownKind] => [name, { apiVersion, clusterScoped }]);

const KNOWN_KINDS = new Map<string, KnownKind>([
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

/** The object a `► Kind/namespace/name` subject names, or undefined when it is not one. */
export function fluxObjectRef(subject: string, defaultNamespace = ''): ObjectRef | undefined {
  const parts = subject.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => !part)) return undefined;
  const [kind, ...rest] = parts;
  const known = KNOWN_KINDS.get(kind);
  const { group, version } = known ? splitApiVersion(known.apiVersion) : { group: UNKNOWN, version: UNKNOWN };
  const namespace = rest.length === 2 ? rest[0] : known && !known.clusterScoped ? defaultNamespace : '';
  return { group, version, kind, namespace, name: rest[rest.length - 1] };
}

interface Line {
  text: string;
  /** 1-based, in the input. */
  number: number;
}

interface ObjectHeader {
  subject: string;
  action: Action;
  ref: ObjectRef;
  line: Line;
}

const ACTION_BY_VERB = new Map<string, Action>([
  ['created', 'create'],
  ['drifted', 'update'],
  ['deleted', 'delete'],
]);

const OBJECT_LINE = /^► (\S+) (.+)$/u;
/** `--recursive`: a nested Kustomization whose objects follow (`changed`, `deleted resources`); not a change itself. */
const GROUP_LINE = /^📁 \S+ (changed|deleted resources)$/u;
/** `--recursive`: a nested Kustomization for a remote cluster, which flux does not diff. */
const SKIPPED_LINE = /^\u26A0\uFE0F? ?\S+ skipped: .+$/u;
const SECTION_START = /^(► |📁 |\u26A0)/u;

const ENTRIES_HEADER = /^([-+]) (\S+) (list entry|list entries|map entry|map entries|document|documents) (added|removed):$/;
const ORDER_HEADER = '⇆ order changed';
/** dyff prints the details of one path side by side when they fit the terminal: later columns start after three spaces. */
const NEXT_COLUMN_HEADER = /(?<= {3})(?:[-+] \S+ (?:list entry|list entries|map entry|map entries|document|documents) (?:added|removed):|⇆ order changed)/g;
const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** Colours, in case flux was made to print them into a file (bunt honours a forced colour setting). */
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b\[[0-9;]*[A-Za-z]/g;
const MAX_ALIAS_COUNT = 100;
const RERUN = 'pass the complete, unmodified standard output of `flux diff kustomization`';

const isBlank = (text: string) => text.trim() === '';
const leadingSpaces = (text: string) => text.length - text.trimStart().length;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const quote = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);

function unreadable(label: string, line: Line, what: string): UserError {
  return new UserError(`${label}:${line.number}: ${what}; ${RERUN}.`);
}

function truncated(label: string, line: Line, what: string): UserError {
  return new UserError(`${label}:${line.number}: ${what}, so the output looks cut off; ${RERUN}.`);
}

/**
 * Reads what `flux diff kustomization` prints: one `► Kind/namespace/name created|drifted|deleted`
 * line per object, each `drifted` one followed by dyff's report of the fields (`-` live, `+` Git).
 * Changes come in the order flux printed them; `created` and `deleted` carry no fields. The `📁`
 * and `⚠️ … skipped` lines of `--recursive` are headings, not changes. Secret values never come
 * out. Field paths are dyff's, turned into JSON pointers as well as the text allows: list entries
 * keep the name dyff shows (`/spec/ports/http/port`), not an index. Throws UserError naming
 * `label` and the line for anything else.
 */
export function parseFluxDiff(text: string, options: FluxDiffOptions): UnjudgedChange[] {
  const { label } = options;
  const lines = inputLines(text, label);
  const changes: UnjudgedChange[] = [];
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
    } else {
      const header = objectHeader(line, options);
      changes.push(objectChange(header, lines.slice(index + 1, end), label));
    }
    index = end;
  }
  return changes;
}

function inputLines(text: string, label: string): Line[] {
  if (text.includes('\u0000') || text.includes('\uFFFD')) {
    throw new UserError(`${label} is a binary file, not the output of \`flux diff kustomization\`; ${RERUN}.`);
  }
  return text
    .replace(ANSI_ESCAPE, '')
    .split(/\r?\n/)
    .map((line, index) => ({ text: line, number: index + 1 }));
}

function sectionEnd(lines: Line[], from: number): number {
  let end = from;
  while (end < lines.length && !SECTION_START.test(lines[end].text)) end += 1;
  return end;
}

function objectHeader(line: Line, options: FluxDiffOptions): ObjectHeader {
  const { label } = options;
  const match = OBJECT_LINE.exec(line.text.trimEnd());
  if (!match) {
    throw unreadable(label, line, 'this is not a line flux diff prints (expected "► Kind/namespace/name created|drifted|deleted")');
  }
  const [, subject, verb] = match;
  const action = ACTION_BY_VERB.get(verb);
  if (!action) {
    throw new UserError(`${label}:${line.number}: flux reported ${subject} in a state gitops-sync does not know (it reads created, drifted and deleted); ${RERUN}, or report the flux version that printed it.`);
  }
  const ref = fluxObjectRef(subject, options.defaultNamespace);
  if (!ref) throw unreadable(label, line, `${quote(subject)} is not an object flux prints as Kind/namespace/name or Kind/name`);
  return { subject, action, ref, line };
}

function checkNothingFollows(body: Line[], label: string, what: string) {
  const stray = body.find((line) => !isBlank(line.text));
  if (stray) throw unreadable(label, stray, `text follows ${what}, where flux prints nothing`);
}

function objectChange(header: ObjectHeader, body: Line[], label: string): UnjudgedChange {
  if (header.action !== 'update') checkNothingFollows(body, label, `a ${header.subject} that is not drifted`);
  const kind = header.ref.kind;
  const fields = header.action === 'update' ? dyffDiffs(body, header, label).flatMap((diff) => diffFields(diff, kind, label)) : [];
  return {
    address: k8sAddress(header.ref),
    kind,
    source: FLUX_DIFF_SOURCE,
    action: header.action,
    origin: 'planned',
    fields: maskSecretObjectFields(carriesSecretValues(kind, fields), maskSecretValues(kind, fields)),
  };
}

// ---------------------------------------------------------------------------------------------
// dyff's report of one drifted object: for each path, a blank line, the path, then its details.

interface DyffDiff {
  subject: string;
  path: Line;
  details: Line[];
}

/** A path line starts at column 0 after a blank line and is neither a detail header nor a `-`/`+` value. */
function isPathLine(text: string): boolean {
  return leadingSpaces(text) === 0 && !isDetailHeader(text) && !/^[-+] /.test(text);
}

function isDetailHeader(text: string): boolean {
  return ENTRIES_HEADER.test(text) || text.startsWith('± ') || text === ORDER_HEADER;
}

function dyffDiffs(body: Line[], header: ObjectHeader, label: string): DyffDiff[] {
  const diffs: DyffDiff[] = [];
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
    } else if (current) {
      current.details.push(line);
    } else {
      throw unreadable(label, line, `the report for drifted ${header.subject} starts with this line instead of a field path such as spec.replicas`);
    }
    afterBlank = false;
  }
  for (const diff of diffs) diff.details = withoutTrailingBlanks(diff.details);
  return diffs;
}

function withoutTrailingBlanks(lines: Line[]): Line[] {
  let end = lines.length;
  while (end > 0 && isBlank(lines[end - 1].text)) end -= 1;
  return lines.slice(0, end);
}

function dedent(lines: Line[], width: number): Line[] {
  return lines.map((line) => ({ ...line, text: line.text.slice(Math.min(width, leadingSpaces(line.text))) }));
}

function dedentToMinimum(lines: Line[]): Line[] {
  const widths = lines.filter((line) => !isBlank(line.text)).map((line) => leadingSpaces(line.text));
  return dedent(lines, widths.length ? minOf(widths) : 0);
}

// ---------------------------------------------------------------------------------------------
// Details: one header (`± value change`, `+ one map entry added:`, …) and the lines under it.

interface DetailBlock {
  header: Line;
  body: Line[];
}

function detailBlocks(diff: DyffDiff, label: string): DetailBlock[] {
  if (diff.details.length === 0) throw truncated(label, diff.path, `the report for ${diff.subject} stops after the field path ${quote(diff.path.text)}`);
  const details = dedent(diff.details, leadingSpaces(diff.details[0].text));
  const starts = [0, ...[...details[0].text.matchAll(NEXT_COLUMN_HEADER)].map((match) => match.index)];
  const columns = starts.length > 1 ? starts.map((start, i) => column(details, start, starts[i + 1])) : [details];
  return columns.flatMap((lines) => stackedBlocks(lines, diff, label));
}

function column(lines: Line[], start: number, end: number | undefined): Line[] {
  return withoutTrailingBlanks(lines.map((line) => ({ ...line, text: line.text.slice(start, end).trimEnd() })));
}

/** The blocks of one column; it must start with a header, which side-by-side output may have lost. */
function stackedBlocks(lines: Line[], diff: DyffDiff, label: string): DetailBlock[] {
  const blocks: DetailBlock[] = [];
  for (const line of lines) {
    if (leadingSpaces(line.text) === 0 && isDetailHeader(line.text)) blocks.push({ header: line, body: [] });
    else if (blocks.length > 0) blocks[blocks.length - 1].body.push(line);
    else throw unreadable(label, line, `the details of ${quote(diff.path.text)} in ${diff.subject} do not start with a dyff change description such as "± value change" or "+ one map entry added:" (side-by-side columns each need theirs)`);
  }
  for (const block of blocks) block.body = withoutTrailingBlanks(block.body);
  return blocks;
}

/** What one detail says: entries added to or removed from a map or list, or a value that changed. */
type Detail =
  | { type: 'map-entries'; sign: '+' | '-'; entries: Record<string, unknown> }
  | { type: 'list-entries'; sign: '+' | '-'; entries: unknown[] }
  | { type: 'change'; before: unknown; after: unknown };

function diffFields(diff: DyffDiff, kind: string, label: string): FieldChange[] {
  const steps = dyffPathSteps(diff.path.text, kind);
  const details = detailBlocks(diff, label).map((block) => detail(block, diff, label));
  const fields: FieldChange[] = [];
  for (const item of details) {
    if (item.type === 'map-entries') {
      for (const [key, value] of Object.entries(item.entries)) fields.push(fieldChange([...steps, key], item.sign === '-' ? value : null, item.sign === '+' ? value : null));
    } else if (item.type === 'change') {
      fields.push(fieldChange(steps, item.before, item.after));
    }
  }
  const listEntries = listEntriesField(steps, details);
  return listEntries ? [...fields, listEntries] : fields;
}

/** Entries removed from and added to one list make one field: the removed ones before, the added ones after. */
function listEntriesField(steps: string[], details: Detail[]): FieldChange | undefined {
  const entries = (sign: '+' | '-') =>
    details.flatMap((item) => (item.type === 'list-entries' && item.sign === sign ? item.entries : []));
  const removed = entries('-');
  const added = entries('+');
  if (removed.length === 0 && added.length === 0) return undefined;
  return fieldChange(steps, removed.length ? removed : null, added.length ? added : null);
}

function fieldChange(steps: string[], before: unknown, after: unknown): FieldChange {
  return { path: pointerFromSteps(steps), before, after, sensitive: false };
}

function detail(block: DetailBlock, diff: DyffDiff, label: string): Detail {
  const header = block.header.text;
  const entries = ENTRIES_HEADER.exec(header);
  if (entries) return entriesDetail(block, entries, diff, label);
  // Newer dyff indents the lines under a header; the first one shows by how much.
  const body = dedent(block.body, leadingSpaces(block.body[0]?.text ?? ''));
  if (header === ORDER_HEADER) return orderDetail({ header: block.header, body }, diff, label);
  return modificationDetail({ header: block.header, body }, diff, label);
}

function entriesDetail(block: DetailBlock, header: RegExpExecArray, diff: DyffDiff, label: string): Detail {
  const [, sign, count, noun, verb] = header;
  if ((sign === '+') !== (verb === 'added')) throw unreadable(label, block.header, `${quote(block.header.text)} mixes up added and removed`);
  if (block.body.length === 0) throw truncated(label, block.header, `${quote(block.header.text)} under ${quote(diff.path.text)} lists no entries`);
  const value = yamlValue(dedentToMinimum(block.body).map((line) => line.text).join('\n'));
  const expected = COUNT_WORDS.includes(count) ? COUNT_WORDS.indexOf(count) : Number(count);
  const s = sign as '+' | '-';
  if (noun.startsWith('map') && isObject(value)) {
    checkCount(Object.keys(value).length, expected, block, diff, label);
    return { type: 'map-entries', sign: s, entries: value };
  }
  if (!noun.startsWith('map') && Array.isArray(value)) {
    if (noun.startsWith('list')) checkCount(value.length, expected, block, diff, label);
    return { type: 'list-entries', sign: s, entries: value };
  }
  return { type: 'change', before: s === '-' ? value : null, after: s === '+' ? value : null };
}

function checkCount(actual: number, expected: number, block: DetailBlock, diff: DyffDiff, label: string) {
  if (Number.isInteger(expected) && actual < expected) {
    const last = block.body[block.body.length - 1];
    throw truncated(label, last, `${quote(block.header.text)} under ${quote(diff.path.text)} is followed by only ${actual}`);
  }
}

function orderDetail(block: DetailBlock, diff: DyffDiff, label: string): Detail {
  const [minus, plus] = block.body.map((line) => line.text.trim());
  if (block.body.length === 2 && minus.startsWith('- ') && plus.startsWith('+ ')) {
    return { type: 'change', before: minus.slice(2).split(', '), after: plus.slice(2).split(', ') };
  }
  const split = columnSplit(block.body);
  if (split === undefined) throw truncated(label, block.header, `${quote(block.header.text)} under ${quote(diff.path.text)} does not show the old and the new order`);
  const side = (from: number, to?: number) => block.body.map((line) => line.text.slice(from, to).trim()).filter(Boolean);
  return { type: 'change', before: side(0, split), after: side(split) };
}

/** Where the second of two side-by-side columns starts: after three spaces on every row, or undefined. */
function columnSplit(lines: Line[]): number | undefined {
  const width = maxOf(lines.map((line) => line.text.length), 0);
  for (let at = 4; at < width; at += 1) {
    const clear = lines.every((line) => line.text.length <= at - 3 || isBlank(line.text.slice(at - 3, at)));
    if (clear && lines.some((line) => !isBlank(line.text.charAt(at)))) return at;
  }
  return undefined;
}

/** Where `+ new` starts when it stands to the right of `- old`, or undefined. */
function signedColumnSplit(lines: Line[]): number | undefined {
  const first = lines[0]?.text ?? '';
  const at = first.indexOf('   + ') + 3;
  if (!first.startsWith('- ') || at < 3) return undefined;
  return lines.every((line) => line.text.length <= at - 3 || isBlank(line.text.slice(at - 3, at))) ? at : undefined;
}

function modificationDetail(block: DetailBlock, diff: DyffDiff, label: string): Detail {
  const description = block.header.text.slice(2);
  const typeChange = /^type change from (\S+) to (\S+)$/.exec(description);
  if (description.startsWith('value change in multiline text (')) return multilineDetail(block);
  const pair = signedPair(block, diff, label, !(description === 'value change' || typeChange));
  if (description === 'value change') return { type: 'change', before: scalarValue(pair.minus), after: scalarValue(pair.plus) };
  if (typeChange) return { type: 'change', before: typedValue(pair.minus, typeChange[1]), after: typedValue(pair.plus, typeChange[2]) };
  if (description === 'whitespace only change') return { type: 'change', before: visibleWhitespace(pair.minus), after: visibleWhitespace(pair.plus) };
  if (description === 'content change' || description === 'certificate change') return { type: 'change', before: pair.minus, after: pair.plus };
  throw unreadable(label, block.header, `${quote(block.header.text)} is a dyff change description gitops-sync does not know`);
}

/**
 * The `- old` and `+ new` text of a modification; a value over several lines continues two spaces
 * in. Whitespace, content and certificate changes may stand side by side.
 */
function signedPair(block: DetailBlock, diff: DyffDiff, label: string, sideBySide: boolean): { minus: string; plus: string } {
  const split = sideBySide ? signedColumnSplit(block.body) : undefined;
  const lines = split === undefined ? block.body : [...column(block.body, 0, split), ...column(block.body, split, undefined)];
  const sides: { minus?: string[]; plus?: string[] } = {};
  let current: string[] | undefined;
  for (const line of lines) {
    const sign = line.text.startsWith('- ') && !sides.minus && !sides.plus ? 'minus' : line.text.startsWith('+ ') && sides.minus && !sides.plus ? 'plus' : undefined;
    if (sign) {
      current = sides[sign] = [line.text.slice(2)];
    } else if (current && (line.text.startsWith('  ') || isBlank(line.text))) {
      current.push(line.text.slice(2));
    } else {
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
function multilineDetail(block: DetailBlock): Detail {
  const side = (sign: string) => block.body.filter((line) => line.text.startsWith(sign)).map((line) => line.text.slice(2));
  return { type: 'change', before: side('- ').join('\n'), after: side('+ ').join('\n') };
}

const visibleWhitespace = (text: string) => text.replaceAll('↵', '').replaceAll('·', ' ');

// ---------------------------------------------------------------------------------------------
// Values as dyff prints them.

/**
 * dyff prints a number or boolean as YAML and a string as it is, unquoted: `9899`, `true`,
 * `ghcr.io/podinfo:6.0.0`. A number is taken only in the canonical form Go writes, so the string
 * `1.10` stays a string; a string that reads as a canonical number (`"80"`) cannot be told apart.
 */
function scalarValue(text: string): unknown {
  if (text === '<nil>') return null;
  if (text.includes('\n') || text === '{}' || text === '[]') return yamlValue(text);
  const value = yamlValue(text);
  if (typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number' && String(value) === text) return value;
  return text;
}

/** `± type change from int to string`: dyff prints both sides as YAML, strings quoted where needed. */
function typedValue(text: string, type: string): unknown {
  if (type === '<nil>' || text === '<nil>') return null;
  const value = yamlValue(text);
  return type === 'string' && typeof value !== 'string' ? text : value;
}

/** YAML text as a value; text that is not YAML (dyff's `*** (before)`), or a map with a key twice, stays as it is. */
function yamlValue(text: string): unknown {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (document.errors.length > 0 || hasKeyTwice(document)) return text;
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Paths.

/**
 * dyff's dotted path as JSON pointer steps: `spec.ports.http.port` → spec, ports, http, port. Keys
 * of string maps may contain dots themselves (`metadata.labels.app.kubernetes.io/name`,
 * `data.config.yaml`); after `labels`/`annotations` in metadata, `matchLabels`, `nodeSelector`,
 * and top-level `data`/`stringData`/`binaryData` of ConfigMaps and Secrets, the rest is one key.
 */
export function dyffPathSteps(path: string, kind: string): string[] {
  if (path === '(root level)' || path === '(file level)') return [];
  const steps = path.split('.');
  const mapAt = steps.findIndex((step, index) => isStringMap(steps, index, kind));
  if (mapAt < 0 || mapAt >= steps.length - 2) return steps;
  return [...steps.slice(0, mapAt + 1), steps.slice(mapAt + 1).join('.')];
}

function isStringMap(steps: string[], index: number, kind: string): boolean {
  const step = steps[index];
  if (step === 'labels' || step === 'annotations') return steps[index - 1] === 'metadata';
  if (step === 'matchLabels' || step === 'nodeSelector') return true;
  return index === 0 && (kind === 'ConfigMap' || kind === 'Secret') && ['data', 'stringData', 'binaryData'].includes(step);
}

// ---------------------------------------------------------------------------------------------
// Secrets.

const LAST_APPLIED = 'last-applied-configuration';

/**
 * maskSecretValues covers a Secret's `data` and `stringData` (and a ConfigMap's that holds a secret); the whole object (dyff's root level)
 * and the last-applied annotation carry the same values, so they are masked too.
 */
function maskSecretObjectFields(secret: boolean, fields: FieldChange[]): FieldChange[] {
  if (!secret) return fields;
  for (const field of fields) {
    if (field.sensitive || !holdsWholeObject(field)) continue;
    field.before = field.before === null || field.before === undefined ? null : SENSITIVE;
    field.after = field.after === null || field.after === undefined ? null : SENSITIVE;
    field.sensitive = true;
  }
  return fields;
}

function holdsWholeObject(field: FieldChange): boolean {
  if (field.path === '') return true;
  if (!field.path.startsWith('/metadata')) return false;
  return field.path.includes(LAST_APPLIED) || JSON.stringify([field.before, field.after]).includes(LAST_APPLIED);
}

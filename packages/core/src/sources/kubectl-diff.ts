import { parseDocument } from 'yaml';
import { refFromKubectlFileName } from '../k8s/kubectl-names.js';
import { UserError } from '../errors.js';
import { appendPointer, stepsFromPointer } from '../diff/json-pointer.js';
import { deepEqual } from '../diff/value-diff.js';
import { carriesSecretValues, isSecretValuePath, k8sAddress, maskField, type ObjectRef } from '../k8s/identity.js';
import { isServerOwnedField } from '../k8s/normalize.js';
import { stepsAbove, type Follower, type Root } from '../k8s/object-structure.js';
import type { Action, FieldChange, UnjudgedChange } from '../model/report.js';
import { KUBECTL_DIFF_SOURCE } from '../model/sources.js';
import { holdsSecret } from '../secrets/plaintext.js';
import { compiledDefaultSecretRules } from '../secrets/rules.js';
import { appendAll } from '../arrays.js';

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
 *   `/spec/template/spec/containers/…/securityContext/runAsNonRoot` (`…`: an item whose index and
 *   name the hunk does not show). Where places differ in one key only (labels or annotations,
 *   containers or initContainers) the likelier, first in the shape data, is taken; where they differ more, or nothing fits,
 *   the keys not known are ONE `…` segment (`/…/spec/containers/0/image`); nothing is taken from
 *   earlier hunks, because the lines between two hunks are not shown. A Secret's or ConfigMap's keys
 *   are not rebuilt: a line of a file in its data may look like a label, and `…` keeps it masked;
 * - a list item's index is written only when its list's key and every item before it are in the
 *   hunk; otherwise the item's `name` (looked up in the hunk, kubectl sorts `name` after `image`),
 *   else `…`;
 * - a multi-line string (a `|` block or a folded line) is reported at its key's path with the text
 *   the hunk shows of it, from its start (or the hunk's first line) to its end (or the hunk's last);
 * - a key renamed with unchanged content, and a changed `|`/`>` header alone, yield no field;
 *   values equal on both sides, or empty on both (`null`, `{}`, `[]`), are not changes;
 * - what the other sources normalise away (status, generation, resourceVersion, managedFields,
 *   the last-applied annotation, …) is left out.
 * The report model has no flag for this; the source name `kubectl-diff` is what tells it apart.
 */

/** Stands for enclosing keys, or a list index, that the diff does not show. */
export const UNKNOWN_SEGMENT = '…';

export interface KubectlDiffOptions {
  /** Names the input in error messages, e.g. the file path. */
  label: string;
}

interface Hunk {
  header: string;
  line: number;
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** The hunk's lines with their ' ', '-' or '+' mark; "\ No newline" lines left out. */
  body: string[];
}

interface ObjectDiff {
  ref: ObjectRef;
  fileName: string;
  line: number;
  hunks: Hunk[];
  /** Set for GNU diff's `Only in <dir>: <file>` (a diff run without -N). */
  only?: Action;
}

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
export function parseKubectlDiff(text: string, options: KubectlDiffOptions): UnjudgedChange[] {
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
const withoutColors = (text: string) => (text.includes('\x1b') ? text.replace(COLOR_CODE, '') : text);

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function rejectBinary(text: string, label: string): void {
  const nul = text.indexOf('\0');
  if (nul < 0) return;
  const line = text.slice(0, nul).split('\n').length;
  throw new UserError(`${label} line ${line} contains a NUL byte, so it is binary data, not kubectl diff output; ${FIX}.`);
}

// ── splitting the text into objects and hunks ─────────────────────────────────────────────

function readObjectDiffs(lines: string[], label: string): ObjectDiff[] {
  const objects: ObjectDiff[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const current = objects.at(-1);
    if (line.startsWith('diff ')) objects.push(objectOfHeader(line, label, i + 1));
    else if (line.startsWith('Only in ')) objects.push(objectOnlyIn(line, label, i + 1));
    else if (line.startsWith('Binary files ')) throw binaryFiles(label, i + 1);
    else if (line.startsWith('@@') && current && !current.only) {
      const { hunk, next } = readHunk(lines, i, label, current.fileName);
      current.hunks.push(hunk);
      i = next;
      continue;
    } else if (!isFileLine(line, current) && line.trim() !== '') throw notADiff(label, i + 1);
    i++;
  }
  const empty = objects.find((object) => !object.only && object.hunks.length === 0);
  if (empty) throw new UserError(`${label} line ${empty.line}: the diff of ${empty.fileName} has no hunk; ${FIX_TRUNCATED}.`);
  return objects;
}

/** The `--- <live file>` and `+++ <merged file>` lines between an object's header and its first hunk. */
const isFileLine = (line: string, current: ObjectDiff | undefined) =>
  !!current && !current.only && current.hunks.length === 0 && (line.startsWith('--- ') || line.startsWith('+++ '));

const notADiff = (label: string, line: number) =>
  new UserError(`${label} line ${line} is not kubectl diff output (expected a "diff -u -N …/LIVE-…/<object> …/MERGED-…/<object>" line and its hunks); ${FIX}.`);

const binaryFiles = (label: string, line: number) =>
  new UserError(`${label} line ${line}: diff reports binary files, which kubectl diff never writes (it prints YAML); ${FIX}.`);

function objectOfHeader(line: string, label: string, lineNumber: number): ObjectDiff {
  const args = headerArguments(line);
  const fileName = baseName(args.at(-1) ?? '');
  if (args.length < 3 || baseName(args.at(-2) ?? '') !== fileName) throw layoutError(label, lineNumber, fileName);
  return { ref: refOrThrow(fileName, label, lineNumber), fileName, line: lineNumber, hunks: [] };
}

function objectOnlyIn(line: string, label: string, lineNumber: number): ObjectDiff {
  const body = line.slice('Only in '.length);
  const colon = body.lastIndexOf(': ');
  if (colon < 0) throw notADiff(label, lineNumber);
  const folder = baseName(body.slice(0, colon).replace(/\/+$/, ''));
  const fileName = body.slice(colon + 2);
  const only: Action | undefined = folder.startsWith('LIVE') ? 'delete' : folder.startsWith('MERGED') ? 'create' : undefined;
  if (!only) throw notADiff(label, lineNumber);
  return { ref: refOrThrow(fileName, label, lineNumber), fileName, line: lineNumber, hunks: [], only };
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function refOrThrow(fileName: string, label: string, line: number): ObjectRef {
  const ref = refFromKubectlFileName(fileName);
  if (!ref) throw layoutError(label, line, fileName);
  return ref;
}

const layoutError = (label: string, line: number, fileName: string) =>
  new UserError(`${label} line ${line} names the file "${fileName}", which is not in kubectl diff's layout ${LAYOUT}; ${FIX}.`);

/** The arguments of a `diff` line; GNU diff writes names with spaces or special characters C-quoted. */
function headerArguments(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') i++;
    else if (line[i] === '"') {
      const quoted = readQuoted(line, i);
      args.push(quoted.text);
      i = quoted.end;
    } else {
      const space = line.indexOf(' ', i);
      const end = space < 0 ? line.length : space;
      args.push(line.slice(i, end));
      i = end;
    }
  }
  return args;
}

const C_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };

function readQuoted(line: string, start: number): { text: string; end: number } {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let i = start + 1;
  while (i < line.length && line[i] !== '"') {
    if (line[i] !== '\\') {
      const char = String.fromCodePoint(line.codePointAt(i)!);
      appendAll(bytes, encoder.encode(char));
      i += char.length;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(line.slice(i + 1));
    if (octal) bytes.push(parseInt(octal[0], 8));
    else bytes.push(C_ESCAPES[line[i + 1]] ?? line.charCodeAt(i + 1));
    i += 1 + (octal ? octal[0].length : 1);
  }
  return { text: new TextDecoder().decode(new Uint8Array(bytes)), end: i + 1 };
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

function readHunk(lines: string[], start: number, label: string, fileName: string): { hunk: Hunk; next: number } {
  const header = lines[start];
  const match = HUNK_HEADER.exec(header);
  if (!match) throw new UserError(`${label} line ${start + 1} is not a hunk header of the form "@@ -a,b +c,d @@"; ${FIX}.`);
  const [oldStart, oldCount, newStart, newCount] = [match[1], match[2] ?? '1', match[3], match[4] ?? '1'].map(Number);
  const hunk: Hunk = { header: header.slice(0, match[0].length), line: start + 1, oldStart, oldCount, newStart, newCount, body: [] };
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
    if (!fits) throw truncatedHunk(label, hunk, fileName, i + 1, oldCount - oldLeft, newCount - newLeft);
    if (mark !== '+') oldLeft--;
    if (mark !== '-') newLeft--;
    hunk.body.push(line.length ? line : ' ');
    i++;
  }
  while (lines[i]?.startsWith('\\')) i++;
  return { hunk, next: i };
}

function truncatedHunk(label: string, hunk: Hunk, fileName: string, stop: number, oldRead: number, newRead: number): UserError {
  return new UserError(
    `${label} line ${hunk.line}: the hunk "${hunk.header}" of ${fileName} breaks off at line ${stop} after ${oldRead} of its ` +
      `${hunk.oldCount} LIVE lines and ${newRead} of its ${hunk.newCount} MERGED lines; ${FIX_TRUNCATED}.`,
  );
}

// ── one change per object ──────────────────────────────────────────────────────────────────

/** A top-level `kind:` line of a hunk (the object's own kind), on either side. */
const KIND_LINE = /^[ +-]kind:[ \t]*["']?([^"'\s#]+)/;

/**
 * An object whose hunks show a kind other than its file name's is refused: kubectl names each file after
 * the object in it, and masking goes by the kind (a Secret in a file named as a ConfigMap showed its values).
 */
function checkedKind(object: ObjectDiff, label: string): ObjectDiff {
  for (const hunk of object.hunks) {
    for (const line of hunk.body) {
      const shown = KIND_LINE.exec(line)?.[1];
      if (shown !== undefined && shown !== object.ref.kind) {
        throw new UserError(`${label} line ${hunk.line}: ${object.fileName} shows kind ${shown}, but kubectl names it as a ${object.ref.kind}; ${FIX}.`);
      }
    }
  }
  return object;
}

function changeOfObject(object: ObjectDiff): UnjudgedChange {
  return {
    address: k8sAddress(object.ref),
    kind: object.ref.kind,
    source: KUBECTL_DIFF_SOURCE,
    action: actionOfObject(object),
    origin: 'planned',
    fields: maskedSecretFields(object.ref.kind, pairedFields(object.hunks.flatMap((hunk) => eventsOfHunk(hunk, object.ref.kind))).filter((field) => !isServerOwned(field.path))),
  };
}

/**
 * Fields the other sources normalise away (status, server metadata, tool annotations), which
 * kubectl prints changed on every apply. When the hunk does not show the enclosing keys, a name of
 * server metadata (`/…/generation`) is taken as metadata's: best effort, like every path here.
 */
function isServerOwned(path: string): boolean {
  const steps = stepsFromPointer(path);
  if (steps[0] !== UNKNOWN_SEGMENT) return isServerOwnedField(steps);
  const rest = steps.slice(1);
  return isServerOwnedField(['metadata', ...rest]) || isServerOwnedField(['metadata', 'annotations', ...rest]);
}

function actionOfObject(object: ObjectDiff): Action {
  if (object.only) return object.only;
  if (object.hunks.some((hunk) => hunk.oldStart === 0 && hunk.oldCount === 0)) return 'create';
  if (object.hunks.some((hunk) => hunk.newStart === 0 && hunk.newCount === 0)) return 'delete';
  return 'update';
}

const LAST_APPLIED_SEGMENT = appendPointer('', 'kubectl.kubernetes.io/last-applied-configuration').slice(1);

/**
 * Secret values never leave the source: `data`/`stringData`, the last-applied annotation (it holds
 * the data as JSON), and any field whose enclosing keys the diff does not show, since it may be under
 * `data`. A ConfigMap holds a secret when a data entry does (carriesSecretValues) or when what the
 * diff shows of one does (showsConfigSecret).
 */
function maskedSecretFields(kind: string, fields: FieldChange[]): FieldChange[] {
  if (!carriesSecretValues(kind, fields) && !(kind === 'ConfigMap' && fields.some(showsConfigSecret))) return fields;
  for (const field of fields) {
    const segments = field.path.split('/');
    if (isSecretValuePath(field.path) || segments[1] === UNKNOWN_SEGMENT || segments.includes(LAST_APPLIED_SEGMENT)) maskField(field);
  }
  return fields;
}

/** Whether a ConfigMap field whose enclosing keys the diff does not show (`/…/password`) may be a secret line of a file in its data. */
function showsConfigSecret(field: FieldChange): boolean {
  const steps = stepsFromPointer(field.path);
  if (steps[0] !== UNKNOWN_SEGMENT) return false;
  const [key, rules] = [steps.at(-1) ?? '', compiledDefaultSecretRules()];
  return [field.before, field.after].some((value) => typeof value === 'string' && holdsSecret(key, value, rules));
}

interface FieldEvent {
  /** Index of the first changed line of the value in the hunk body: orders the fields. */
  at: number;
  path: string;
  value: unknown;
}

interface SidedEvent extends FieldEvent {
  side: 'before' | 'after';
}

function eventsOfHunk(hunk: Hunk, kind: string): SidedEvent[] {
  const before = eventsOfSide(sideLines(hunk.body, '-'), kind).map((event): SidedEvent => ({ ...event, side: 'before' }));
  const after = eventsOfSide(sideLines(hunk.body, '+'), kind).map((event): SidedEvent => ({ ...event, side: 'after' }));
  return [...before, ...after].sort((a, b) => a.at - b.at);
}

const isEmptyValue = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'object' && Object.keys(value as object).length === 0);

/**
 * Removed and added values paired by path (the n-th removal of a path with its n-th addition);
 * fields whose two sides are equal, or both empty (`null`, `{}`, `[]`), are not changes.
 */
function pairedFields(events: SidedEvent[]): FieldChange[] {
  const fields = new Map<string, FieldChange>();
  const occurrences = new Map<string, number>();
  for (const event of events) {
    const sideKey = `${event.side} ${event.path}`;
    const occurrence = occurrences.get(sideKey) ?? 0;
    occurrences.set(sideKey, occurrence + 1);
    const key = `${occurrence} ${event.path}`;
    let field = fields.get(key);
    if (!field) fields.set(key, (field = { path: event.path, before: null, after: null, sensitive: false }));
    field[event.side] = event.value;
  }
  return [...fields.values()].filter((field) => !deepEqual(field.before, field.after) && !(isEmptyValue(field.before) && isEmptyValue(field.after)));
}

// ── field paths from YAML lines ────────────────────────────────────────────────────────────

interface SideLine {
  text: string;
  changed: boolean;
  at: number;
}

/** One side of a hunk (LIVE: context and '-' lines; MERGED: context and '+' lines), contiguous in its file. */
function sideLines(body: string[], mark: '-' | '+'): SideLine[] {
  const lines: SideLine[] = [];
  body.forEach((line, at) => {
    if (line[0] === ' ' || line[0] === mark) lines.push({ text: line.slice(1), changed: line[0] === mark, at });
  });
  return lines;
}

interface ScalarText {
  /** A `|`/`>` block, or text whose key is not in the hunk: its lines are joined with newlines. */
  block: boolean;
  parts: string[];
  contentIndent?: number;
  changedAt?: number;
}

/** A region the hunk shows without its enclosing keys: where it starts, and what follows it further out. */
interface RootEntry extends Omit<Root, 'below'> {
  /** Its key; undefined for an item. */
  key?: string;
  /** Every root of the side, in order, and this one's place among them. */
  all: RootEntry[];
  index: number;
  /** The steps above the root, by what is below it (kept: every line of a hunk may ask). */
  above?: Map<string, (string | null | undefined)[] | undefined>;
}

/**
 * The keys printed after a root at ever lower columns (at its own column, for a key root): later
 * siblings of its ancestors. Items of the root's own list are passed over; another list ends it.
 */
function followersOf(root: RootEntry): Follower[] {
  const followers: Follower[] = [];
  let col = root.col;
  for (const later of root.all.slice(root.index + 1)) {
    if (later.key === undefined) {
      if (later.col === root.col && root.item && followers.length === 0) continue;
      if (later.col <= col) break;
    } else if (later.col < col || (later.col === col && followers.length === 0)) {
      followers.push({ col: later.col, key: later.key });
      col = later.col;
    }
  }
  return followers;
}

/** A mapping key or list item the walk is inside of. */
interface Entry {
  col: number;
  /** From the root of the object, or from `/…` when the root's enclosing keys are not shown. */
  path: string;
  root?: RootEntry;
  /** Keys and items (`null`) from the root entry down to this one. */
  below: (string | null)[];
  item: boolean;
  /** List items met directly under this entry so far. */
  items: number;
  /** Set when the entry holds a scalar: deeper lines continue it. */
  scalar?: ScalarText;
}

const ITEM = /^-(?: +|$)/;
const BLOCK_HEADER = /^[|>][-+1-9]*$/;
const QUOTED_KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'):(?: +(.*))?$/;
const PLAIN_KEY_START = /^(?:[^\s#"'{}[\],&*!|>%@`?:-]|[?:-]\S)/;
const PLAIN_KEY = /^(.+?):(?: +(.*))?$/;

const indentOf = (text: string) => text.length - text.trimStart().length;
const isBlank = (text: string) => text.trim() === '';

/** The key and raw value of a `key: value` or `key:` line (without its indentation). */
function keyOf(content: string): { key: string; value?: string } | undefined {
  const quoted = QUOTED_KEY.exec(content);
  const match = quoted ?? (PLAIN_KEY_START.test(content) ? PLAIN_KEY.exec(content) : null);
  if (!match) return undefined;
  const key = quoted ? String(parseScalar(match[1])) : match[1].trimEnd();
  const value = match[2]?.trim();
  return { key, value: value ? value : undefined };
}

const PLAIN_WORD = /^[A-Za-z](?:[\w./@%+-]|:(?!$))*$/;
const YAML_WORD = /^(?:true|false|null)$/i;
const SIMPLE_QUOTED = /^(?:"[^"\\]*"|'[^']*')$/;
const SMALL_INT = /^-?(?:0|[1-9]\d{0,14})$/;

/** A scalar as YAML reads it (`"100"` → "100", `3` → 3, `null` → null); text YAML cannot read stays text. */
function parseScalar(text: string): unknown {
  // Most values kubectl prints are one of these; the YAML parser costs ten times more.
  if (PLAIN_WORD.test(text) && !YAML_WORD.test(text)) return text;
  if (SIMPLE_QUOTED.test(text)) return text.slice(1, -1);
  if (SMALL_INT.test(text)) return Number(text);
  const document = parseDocument(text);
  return document.errors.length > 0 ? text : document.toJS();
}

/** The changed values of one side of a hunk, each at its best-effort path. */
function eventsOfSide(lines: SideLine[], kind: string): FieldEvent[] {
  const events: { entry: Entry; event: FieldEvent }[] = [];
  const stack: Entry[] = [];
  const roots: RootEntry[] = [];
  const popWhile = (test: (entry: Entry) => boolean) => {
    while (stack.length > 0 && test(stack.at(-1)!)) pushEvent(events, stack.pop()!);
  };
  lines.forEach((line, index) => readLine(line, { lines, index, stack, roots, popWhile }));
  popWhile(() => true);
  // Placed once the side is read: the keys printed after a root tell where it sits.
  return events.map(({ entry, event }) => ({ ...event, path: placedPath(entry, kind) }));
}

function pushEvent(events: { entry: Entry; event: FieldEvent }[], entry: Entry): void {
  const scalar = entry.scalar;
  if (scalar?.changedAt === undefined) return;
  const value = scalar.block ? scalar.parts.join('\n') : parseScalar(scalar.parts.join(' '));
  events.push({ entry, event: { at: scalar.changedAt, path: entry.path, value } });
}

const ROOTED = `/${UNKNOWN_SEGMENT}`;

/**
 * The path of an entry whose root's enclosing keys the hunk does not show: those keys rebuilt from
 * the kind's structure (items among them as `…`), else one `…` segment for all of them.
 */
function placedPath(entry: Entry, kind: string): string {
  const root = entry.root;
  // A Secret's or ConfigMap's value whose keys are not shown stays under `…`, so it is masked
  // (maskedSecretFields) even where a data key, or a line of a file in data, is spelled like a field
  // (`name`, `password` sorted among labels) and would be placed outside `data`.
  if (!root || kind === 'Secret' || kind === 'ConfigMap') return entry.path.startsWith(`${ROOTED}${ROOTED}`) ? entry.path.slice(ROOTED.length) : entry.path;
  root.above ??= new Map();
  const key = entry.below.join('\u0000');
  if (!root.above.has(key)) root.above.set(key, stepsAbove(kind, { col: root.col, item: root.item, below: entry.below }, followersOf(root)));
  const above = root.above.get(key);
  const rest = entry.path.slice(ROOTED.length);
  if (!above) return rest.startsWith(ROOTED) ? rest : entry.path;
  const prefix = above.reduce<string>((path, step) => (path.endsWith(ROOTED) && step === undefined ? path : appendPointer(path, step ?? UNKNOWN_SEGMENT)), '');
  return prefix.endsWith(ROOTED) && rest.startsWith(ROOTED) ? `${prefix}${rest.slice(ROOTED.length)}` : `${prefix}${rest}`;
}

interface Walk {
  lines: SideLine[];
  index: number;
  stack: Entry[];
  roots: RootEntry[];
  popWhile: (test: (entry: Entry) => boolean) => void;
}

function readLine(line: SideLine, walk: Walk): void {
  const top = walk.stack.at(-1);
  const col = indentOf(line.text);
  if (top?.scalar && (isBlank(line.text) ? top.scalar.block : col > top.col)) return continueScalar(top.scalar, line);
  if (isBlank(line.text)) return;
  let at = col;
  let rest = line.text.slice(col);
  let item: Entry | undefined;
  for (let dash = ITEM.exec(rest); dash; dash = ITEM.exec(rest)) {
    item = pushItem(walk, at);
    at += Math.max(dash[0].length, 2);
    rest = rest.slice(dash[0].length);
  }
  if (!rest) return;
  const key = keyOf(rest);
  if (key) pushKey(walk, at, key, line);
  else if (item) item.scalar = { block: false, parts: [rest], changedAt: line.changed ? line.at : undefined };
  else pushOrphanText(walk, at, rest, line);
}

function continueScalar(scalar: ScalarText, line: SideLine): void {
  if (!scalar.block) scalar.parts.push(line.text.trim());
  else if (isBlank(line.text)) scalar.parts.push('');
  else {
    scalar.contentIndent ??= indentOf(line.text);
    scalar.parts.push(line.text.slice(Math.min(indentOf(line.text), scalar.contentIndent)));
  }
  if (line.changed) scalar.changedAt ??= line.at;
}

/** The path of what sits directly under `parent`, or at column `col` of a region the hunk does not show. */
function childPath(parent: Entry | undefined, col: number, segment: string | number): string {
  const base = parent ? parent.path : col === 0 ? '' : ROOTED;
  return appendPointer(base, segment);
}

/** A new entry under `parent`; without one, at a column other than 0, a new root. */
function newEntry(walk: Walk, parent: Entry | undefined, col: number, segment: string | number, step: string | null): Entry {
  const entry: Entry = { col, path: childPath(parent, col, segment), item: step === null, items: 0, below: [...(parent?.below ?? []), step] };
  if (parent) entry.root = parent.root;
  else if (col > 0) {
    entry.root = { col, item: step === null, key: step ?? undefined, all: walk.roots, index: walk.roots.length };
    walk.roots.push(entry.root);
  }
  return entry;
}

function pushItem(walk: Walk, col: number): Entry {
  walk.popWhile((entry) => entry.col > col || (entry.col === col && (entry.item || !!entry.scalar)));
  const parent = walk.stack.at(-1);
  const segment = parent ? parent.items++ : (itemName(walk.lines, walk.index, col) ?? UNKNOWN_SEGMENT);
  const entry = newEntry(walk, parent, col, segment, null);
  walk.stack.push(entry);
  return entry;
}

function pushKey(walk: Walk, col: number, { key, value }: { key: string; value?: string }, line: SideLine): void {
  walk.popWhile((entry) => entry.col >= col);
  const entry = newEntry(walk, walk.stack.at(-1), col, key, key);
  const changedAt = line.changed ? line.at : undefined;
  if (value !== undefined) entry.scalar = BLOCK_HEADER.test(value) ? { block: true, parts: [], changedAt } : { block: false, parts: [value], changedAt };
  walk.stack.push(entry);
}

/** Text that is neither a key nor a list item: the inside of a multi-line string whose key the hunk does not show. */
function pushOrphanText(walk: Walk, col: number, text: string, line: SideLine): void {
  walk.popWhile((entry) => entry.col >= col);
  const parent = walk.stack.at(-1);
  const path = parent ? parent.path : ROOTED;
  const scalar: ScalarText = { block: true, parts: [text], contentIndent: col, changedAt: line.changed ? line.at : undefined };
  walk.stack.push({ col: col - 1, path, item: false, items: 0, scalar, below: parent?.below ?? [], root: parent?.root });
}

/**
 * The `name` of the list item starting on line `index` at column `col`, when the item shows it
 * (on its first line or at its keys' column before it ends), for items whose index is unknown.
 */
function itemName(lines: SideLine[], index: number, col: number): string | undefined {
  const first = lines[index].text.slice(col).replace(ITEM, '');
  const keyCol = first ? lines[index].text.length - first.length : col + 2;
  const nameOf = (content: string) => {
    const entry = keyOf(content);
    return entry?.key === 'name' && entry.value !== undefined ? String(parseScalar(entry.value)) : undefined;
  };
  const own = nameOf(first);
  if (own !== undefined) return own;
  for (let i = index + 1; i < lines.length; i++) {
    const text = lines[i].text;
    if (isBlank(text)) continue;
    const indent = indentOf(text);
    if (indent <= col) return undefined;
    const name = indent === keyCol ? nameOf(text.slice(indent)) : undefined;
    if (name !== undefined) return name;
  }
  return undefined;
}

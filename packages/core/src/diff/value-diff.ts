import type { FieldChange } from '../model/report.js';
import { KNOWN_AFTER_APPLY, SENSITIVE } from '../model/markers.js';
import { appendPointer, pointerFromSteps } from './json-pointer.js';

/**
 * A mask mirrors a value's shape: `true` marks the node (and all below it) as sensitive or
 * unknown, an object or array holds the masks of the children. Terraform writes
 * `before_sensitive`, `after_sensitive` and `after_unknown` this way.
 */
export type Mask = unknown;

export interface Masks {
  beforeSensitive?: Mask;
  afterSensitive?: Mask;
  afterUnknown?: Mask;
}

/** Collects the raw sensitive values met while diffing, so callers can mask them in logs. */
export type SecretSink = (value: string) => void;

/**
 * Shorter secrets are masked in reports (exact values) but not handed on (onSecret): not for log
 * masking, where blanking every "ab" would garble all output, nor to the plan fingerprint.
 */
export const MIN_HANDED_ON_SECRET_LENGTH = 3;

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;
const isAbsent = (value: unknown) => value === null || value === undefined;
const child = (mask: Mask, key: string | number): Mask =>
  isContainer(mask) ? (mask as Record<string, unknown>)[key as string] : undefined;

/**
 * Hands every string under `value` to the sink. Numbers and booleans are not secrets worth
 * masking: masking "true" or "443" would blank unrelated values and log lines.
 */
function collectSecrets(value: unknown, sink: SecretSink | undefined): void {
  if (!sink || isAbsent(value)) return;
  if (isContainer(value)) {
    for (const item of Object.values(value)) collectSecrets(item, sink);
    return;
  }
  if (typeof value === 'string' && value.length > 0) sink(value);
}

/** Collects the values a mask marks sensitive, changed or not. */
export function collectMaskedSecrets(value: unknown, sensitive: Mask, sink: SecretSink | undefined): void {
  if (!sink || isAbsent(sensitive) || sensitive === false) return;
  if (sensitive === true) return collectSecrets(value, sink);
  if (!isContainer(sensitive) || !isContainer(value)) return;
  for (const key of Object.keys(sensitive)) collectMaskedSecrets(child(value, key), child(sensitive, key), sink);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isAbsent(a) && isAbsent(b)) return true;
  if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a).filter((key) => !isAbsent((a as Record<string, unknown>)[key]));
  const bKeys = Object.keys(b).filter((key) => !isAbsent((b as Record<string, unknown>)[key]));
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** A copy of `value` with its sensitive parts replaced by `(sensitive)` and unknown parts by `(known after apply)`. */
export function redactValue(value: unknown, sensitive: Mask, unknown?: Mask, sink?: SecretSink): unknown {
  if (sensitive === true) {
    collectSecrets(value, sink);
    return isAbsent(value) ? null : SENSITIVE;
  }
  if (unknown === true) return KNOWN_AFTER_APPLY;
  if (!isContainer(value)) return value ?? null;
  if (Array.isArray(value)) return value.map((item, i) => redactValue(item, child(sensitive, i), child(unknown, i), sink));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const redacted = redactValue(item, child(sensitive, key), child(unknown, key), sink);
    // A member named __proto__ (JSON.parse makes it an own member) stays one: assigned, it would become the copy's prototype and drop out of the report.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: redacted, enumerable: true, writable: true, configurable: true });
    else copy[key] = redacted;
  }
  return copy;
}

/**
 * The same field paths recur across thousands of resources of a type; sharing one string per path
 * keeps large reports small in memory. Paths are found step by step in a tree of the ones met, so a
 * known path costs a few map look-ups and no string building.
 */
interface PointerNode {
  pointer: string;
  children: Map<string | number, PointerNode>;
}
const pointerRoot: PointerNode = { pointer: '', children: new Map() };
const MAX_INTERNED_POINTERS = 100_000;
let internedPointers = 0;
function internedPointer(steps: readonly (string | number)[]): string {
  let node = pointerRoot;
  for (const step of steps) {
    let next = node.children.get(step);
    if (next === undefined) {
      if (internedPointers >= MAX_INTERNED_POINTERS) return pointerFromSteps(steps);
      next = { pointer: appendPointer(node.pointer, step), children: new Map() };
      node.children.set(step, next);
      internedPointers++;
    }
    node = next;
  }
  return node.pointer;
}

const lengthOf = (value: unknown) => (Array.isArray(value) ? value.length : 0);
const has = (container: unknown, key: string) => isContainer(container) && Object.hasOwn(container, key);

/**
 * Field-level differences between two values as JSON pointers, deepest changed leaves only
 * (arrays compared by index). Absent and null are the same. Sensitive subtrees collapse to one
 * field whose values read `(sensitive)`; their raw values go to `sink` and nowhere else.
 */
export function diffValues(before: unknown, after: unknown, masks: Masks = {}, sink?: SecretSink): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, masks.beforeSensitive, masks.afterSensitive, masks.afterUnknown, sink, [], out);
  return out;
}

/** The recursion of diffValues; `path` is a stack of keys, turned into a pointer only for a field that changed. */
function walk(
  before: unknown,
  after: unknown,
  beforeSensitive: Mask,
  afterSensitive: Mask,
  afterUnknown: Mask,
  sink: SecretSink | undefined,
  path: (string | number)[],
  out: FieldChange[],
): void {
  if (beforeSensitive === true || afterSensitive === true) {
    // Collected even when unchanged: Terraform copies some sensitive values unmarked elsewhere.
    if (beforeSensitive === true) collectSecrets(before, sink);
    if (afterSensitive === true) collectSecrets(after, sink);
    if (afterUnknown === true || !deepEqual(before, after)) {
      out.push({
        path: internedPointer(path),
        before: redactValue(before, beforeSensitive, undefined, sink),
        after: redactValue(after, afterSensitive, afterUnknown, sink),
        sensitive: true,
      });
    }
    return;
  }
  if (afterUnknown === true) {
    out.push({ path: internedPointer(path), before: redactValue(before, beforeSensitive, undefined, sink), after: KNOWN_AFTER_APPLY, sensitive: false });
    return;
  }
  const beforeIsContainer = isContainer(before);
  const afterIsContainer = isContainer(after);
  const sameShape = beforeIsContainer && afterIsContainer && Array.isArray(before) === Array.isArray(after);
  const oneSideAbsent = (beforeIsContainer && isAbsent(after)) || (afterIsContainer && isAbsent(before));
  if (sameShape || oneSideAbsent || (isAbsent(before) && isContainer(afterUnknown))) {
    // Arrays by index; objects by the keys of before, then those only after has, then those only
    // afterUnknown has, each once.
    if (Array.isArray(before) || Array.isArray(after)) {
      const length = Math.max(lengthOf(before), lengthOf(after), lengthOf(afterUnknown));
      for (let index = 0; index < length; index++) walkChild(index, before, after, beforeSensitive, afterSensitive, afterUnknown, sink, path, out);
      return;
    }
    if (beforeIsContainer) for (const key of Object.keys(before)) walkChild(key, before, after, beforeSensitive, afterSensitive, afterUnknown, sink, path, out);
    if (afterIsContainer) {
      for (const key of Object.keys(after)) if (!has(before, key)) walkChild(key, before, after, beforeSensitive, afterSensitive, afterUnknown, sink, path, out);
    }
    if (isContainer(afterUnknown)) {
      for (const key of Object.keys(afterUnknown)) {
        if (!has(before, key) && !has(after, key)) walkChild(key, before, after, beforeSensitive, afterSensitive, afterUnknown, sink, path, out);
      }
    }
    return;
  }
  if (!deepEqual(before, after)) {
    out.push({
      path: internedPointer(path),
      before: redactValue(before, beforeSensitive, undefined, sink),
      after: redactValue(after, afterSensitive, afterUnknown, sink),
      sensitive: false,
    });
  }
}

function walkChild(
  key: string | number,
  before: unknown,
  after: unknown,
  beforeSensitive: Mask,
  afterSensitive: Mask,
  afterUnknown: Mask,
  sink: SecretSink | undefined,
  path: (string | number)[],
  out: FieldChange[],
): void {
  path.push(key);
  walk(child(before, key), child(after, key), child(beforeSensitive, key), child(afterSensitive, key), child(afterUnknown, key), sink, path, out);
  path.pop();
}

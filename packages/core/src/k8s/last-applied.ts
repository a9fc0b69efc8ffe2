import { pointerFromSteps } from '../diff/json-pointer.js';
import type { FieldChange } from '../model/report.js';
import type { K8sObject } from './objects.js';
import { mergeKeyOf } from './structural-diff.js';

type Path = (string | number)[];
type Item = Record<string, unknown>;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const isObject = (value: unknown): value is Item => typeof value === 'object' && value !== null && !Array.isArray(value);
/** null, {}, [] and absent are the same, as in the structural diff. */
const isEmpty = (value: unknown) => value === null || value === undefined || (typeof value === 'object' && Object.keys(value).length === 0);

/** The object as `kubectl apply` last applied it, from the live object's annotation; undefined without one. */
export function lastAppliedOf(live: K8sObject): Item | undefined {
  const text = (live.metadata?.annotations as Item | undefined)?.[LAST_APPLIED];
  if (typeof text !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fields Git dropped that still run: in the last-applied configuration, gone from the desired
 * object, still live. `kubectl apply` deletes exactly these, so they are drift (`after` null).
 * Maps and lists merged by key are followed; other lists are compared whole by the structural diff.
 * `live` is the object as exported (with the annotation), `normalizedLive` what the values come from.
 */
export function removedFromGit(live: K8sObject, normalizedLive: K8sObject, desired: K8sObject): FieldChange[] {
  const lastApplied = lastAppliedOf(live);
  if (!lastApplied) return [];
  // kubectl writes the namespace it applied to into the annotation even when the manifest names none.
  const applied = isObject(lastApplied.metadata) ? { ...lastApplied, metadata: { ...lastApplied.metadata, namespace: undefined } } : lastApplied;
  // kubectl keeps its own annotation in what it applies, so Git always has annotations: only applied keys go.
  const wanted = { ...desired, metadata: { ...desired.metadata, annotations: desired.metadata?.annotations ?? {} } };
  const fields: FieldChange[] = [];
  collect(applied, wanted, normalizedLive, [], fields);
  return fields;
}

const removed = (path: Path, live: unknown): FieldChange => ({ path: pointerFromSteps(path), before: live, after: null, sensitive: false });

function collect(applied: unknown, desired: unknown, live: unknown, path: Path, fields: FieldChange[]): void {
  if (isObject(applied) && isObject(desired) && isObject(live)) {
    for (const [key, value] of Object.entries(applied)) {
      if (isEmpty(value) || isEmpty(live[key])) continue;
      path.push(key);
      if (desired[key] === undefined || desired[key] === null) fields.push(removed(path, live[key]));
      else collect(value, desired[key], live[key], path, fields);
      path.pop();
    }
  } else if (Array.isArray(applied) && Array.isArray(desired) && Array.isArray(live)) {
    const keyOf = mergeKeyOf(path, [...applied, ...desired, ...live]);
    if (keyOf) collectEntries(applied as Item[], desired as Item[], live as Item[], keyOf, path, fields);
  }
}

/** Entries of a list merged by key: one dropped from Git is reported at its live index, one kept is followed at its Git index. */
function collectEntries(applied: Item[], desired: Item[], live: Item[], keyOf: (item: Item) => unknown, path: Path, fields: FieldChange[]): void {
  const [desiredKeys, liveKeys] = [desired, live].map((items) => items.map((item) => String(keyOf(item))));
  for (const entry of applied) {
    const key = String(keyOf(entry));
    const [desiredIndex, liveIndex] = [desiredKeys.indexOf(key), liveKeys.indexOf(key)];
    if (liveIndex < 0) continue;
    path.push(desiredIndex < 0 ? liveIndex : desiredIndex);
    if (desiredIndex < 0) fields.push(removed(path, live[liveIndex]));
    else collect(entry, desired[desiredIndex], live[liveIndex], path, fields);
    path.pop();
  }
}

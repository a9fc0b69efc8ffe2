import { UserError } from '../errors.js';
import { parseJsonText } from '../json/json-text.js';
import { deepEqual } from '../diff/value-diff.js';
import { comparableLive, k8sChange } from '../k8s/changes.js';
import { splitApiVersion, type ObjectRef } from '../k8s/identity.js';
import { fieldEvidence, splitByOrigin, type FieldOriginOptions } from '../k8s/field-origin.js';
import { hpaTargets, withoutIgnored, type IgnoreContext, type IgnoreDifference } from '../k8s/ignore.js';
import { normalizeObject } from '../k8s/normalize.js';
import { isClusterScoped, type K8sObject } from '../k8s/objects.js';
import { diffObjects } from '../k8s/structural-diff.js';
import type { Action, FieldChange, Origin, UnjudgedChange } from '../model/report.js';
import { ARGOCD_SOURCE } from '../model/sources.js';

export interface ArgoCdOptions {
  /** Names the input in messages: a file path, or the application and server it was fetched from. */
  label: string;
  /** gitops-sync's own ignore rules, on top of what Argo CD already normalised away. */
  ignoreDifferences?: readonly IgnoreDifference[];
  /** The field managers that apply Git, to tell a field changed on the cluster from one changed in Git. */
  fieldManagers?: FieldOriginOptions['fieldManagers'];
  source?: string;
}

/*
 * The body of Argo CD's `GET /api/v1/applications/{name}/managed-resources`: `{ "items": [ResourceDiff] }`
 * (argo-cd pkg/apis/application/v1alpha1/types.go). An application without resources answers `{}`:
 * Argo CD's JSON omits empty fields. Each item names its object by group (absent for the core group),
 * kind, namespace (absent when cluster-scoped) and name — no version; the *State fields are JSON
 * texts, "null" when there is no such object:
 *
 * - targetState: what Git renders. "null" when the object is to be pruned.
 * - liveState: the object in the cluster. "null" when it is still to be created. For a Secret, Argo CD
 *   has replaced every data value with a `+` placeholder (equal values get equal placeholders).
 * - normalizedLiveState: liveState after Argo CD's own normalisation (its ignoreDifferences, known types).
 * - predictedLiveState: what the object will be once synced (a server-side dry-run apply with
 *   server-side diff, the three-way merge otherwise): so NOT the live side. "null" for a prune; the
 *   target itself for a create.
 *
 * Before is normalizedLiveState (else liveState), after is targetState, compared as k8s-manifests does:
 * only what Git sets, except security fields present live only (origin outside). predictedLiveState
 * then removes false positives: a field Git sets that the prediction keeps at its live value (the server
 * defaults or normalises it, e.g. `cpu: 1000m` → `1`, or Argo CD ignores it) would not change on sync.
 * `hook` items (PreSync/PostSync Jobs and the like) are left out: Argo CD runs them, it does not sync them.
 */

type Item = Record<string, unknown>;
const isObject = (value: unknown): value is Item => typeof value === 'object' && value !== null && !Array.isArray(value);

type StateName = 'targetState' | 'liveState' | 'normalizedLiveState' | 'predictedLiveState';

const FIX = 'pass the unchanged body of GET /api/v1/applications/{name}/managed-resources';

function describe(item: Item, index: number): string {
  const kind = typeof item.kind === 'string' && item.kind ? item.kind : undefined;
  const name = typeof item.name === 'string' && item.name ? item.name : undefined;
  const namespace = typeof item.namespace === 'string' && item.namespace ? `${item.namespace}/` : '';
  return kind && name ? `item ${index} (${kind} ${namespace}${name})` : `item ${index}`;
}

/** A *State field: the object it holds, or undefined for "null", "" and absent. */
function parseState(item: Item, field: StateName, where: string, label: string): K8sObject | undefined {
  const text = item[field];
  if (text === undefined || text === null || text === '') return undefined;
  if (typeof text !== 'string') throw new UserError(`${label}: ${where} has a ${field} that is not a JSON string; ${FIX}.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be a Secret's.
    throw new UserError(`${label}: ${where} has a ${field} that is not valid JSON; ${FIX}.`);
  }
  if (value === null) return undefined;
  if (!isObject(value)) throw new UserError(`${label}: ${where} has a ${field} that is not a Kubernetes object; ${FIX}.`);
  return value as K8sObject;
}

function optionalString(item: Item, field: string, where: string, label: string): string | undefined {
  const value = item[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new UserError(`${label}: ${where} has a ${field} that is not a string; ${FIX}.`);
  return value;
}


/** A planned field that the prediction leaves at its live value: syncing would not change it. */
function settledBySync(field: FieldChange, residual: ReadonlyMap<string, FieldChange>): boolean {
  const left = residual.get(field.path);
  return left !== undefined && deepEqual(left.before, field.before);
}

interface Entry {
  ref: ObjectRef;
  target?: K8sObject;
  /** normalizedLiveState, else liveState. */
  live?: K8sObject;
  /** liveState as the cluster has it: its last-applied annotation and managedFields tell who changed a field. */
  liveRaw?: K8sObject;
  predicted?: K8sObject;
}

function parseItems(json: string, label: string): Entry[] {
  const body = parseJsonText(json, (why) => new UserError(`${label} is not valid JSON (${why}); ${FIX}.`));
  // The response has `items` and nothing else (`{}` for an application without resources): any other document
  // (a plan, `argocd app get`'s Application) would otherwise read as an application with nothing to sync.
  const other = isObject(body) ? Object.keys(body).find((key) => key !== 'items') : undefined;
  if (!isObject(body) || other !== undefined) {
    const why = other === undefined ? '' : ` (it has ${JSON.stringify(other.slice(0, 40))}, which that response never has)`;
    throw new UserError(`${label} is not an Argo CD managed-resources response, a JSON object with only items${why}; ${FIX}.`);
  }
  if (body.items === undefined || body.items === null) return [];
  if (!Array.isArray(body.items)) throw new UserError(`${label}: items is not an array; ${FIX}.`);
  const entries: Entry[] = [];
  body.items.forEach((item: unknown, index) => {
    if (!isObject(item)) throw new UserError(`${label}: item ${index} is not an object; ${FIX}.`);
    const where = describe(item, index);
    // Argo CD names every resource it manages: an item without a kind or name is not one of its answers.
    if (typeof item.kind !== 'string' || !item.kind || typeof item.name !== 'string' || !item.name) throw new UserError(`${label}: ${where} names no kind or name; ${FIX}.`);
    const target = parseState(item, 'targetState', where, label);
    const liveState = parseState(item, 'liveState', where, label);
    const normalized = parseState(item, 'normalizedLiveState', where, label);
    const predicted = parseState(item, 'predictedLiveState', where, label);
    const group = optionalString(item, 'group', where, label);
    const namespace = optionalString(item, 'namespace', where, label);
    const kind = optionalString(item, 'kind', where, label);
    const name = optionalString(item, 'name', where, label);
    if (item.hook === true) return;
    const live = liveState && (normalized ?? liveState);
    const object = target ?? live;
    // Argo CD lists what Git renders or what runs: an item with neither is not one of its answers (dropped, its drift would go unseen).
    if (!object) throw new UserError(`${label}: ${where} has neither a targetState nor a liveState; ${FIX}.`);
    const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : undefined;
    const fromObject = splitApiVersion(apiVersion ?? '');
    const objectKind = kind || (typeof object.kind === 'string' ? object.kind : '');
    const ref: ObjectRef = {
      group: group ?? fromObject.group,
      version: fromObject.version,
      kind: objectKind,
      namespace: isClusterScoped(objectKind) ? '' : (namespace ?? (typeof object.metadata?.namespace === 'string' ? object.metadata.namespace : '')),
      name: name || (typeof object.metadata?.name === 'string' ? object.metadata.name : ''),
    };
    if (!ref.kind || !ref.name) throw new UserError(`${label}: ${where} names no kind or name; ${FIX}.`);
    if (!ref.version) throw new UserError(`${label}: ${where} (${ref.kind} ${ref.name}) has an object without apiVersion; ${FIX}.`);
    entries.push({ ref, target, live, liveRaw: liveState, predicted });
  });
  return entries;
}

/**
 * Changes from the body of Argo CD's managed-resources endpoint: `before` what runs now, `after` what
 * Git wants; resources Argo CD would prune are deletes, resources not yet in the cluster creates.
 */
export function parseArgoCdManagedResources(json: string, options: ArgoCdOptions): UnjudgedChange[] {
  const source = options.source ?? ARGOCD_SOURCE;
  const entries = parseItems(json, options.label);
  const objects = entries.flatMap((entry) => [entry.target, entry.live].filter((object): object is K8sObject => object !== undefined));
  const ignore: IgnoreContext = { rules: options.ignoreDifferences ?? [], scaledByHpa: hpaTargets(objects) };
  const change = (ref: ObjectRef, action: Action, origin: Origin, fields: FieldChange[]) => k8sChange(ref, source, action, origin, fields);
  const outside: UnjudgedChange[] = [];
  const planned: UnjudgedChange[] = [];
  for (const { ref, target, live, liveRaw, predicted } of entries) {
    if (!target) {
      const { planned: fields } = diffObjects(normalizeObject(live!), {}, { desiredFieldsOnly: false, kind: ref.kind });
      planned.push(change(ref, 'delete', 'planned', fields));
      continue;
    }
    const desired = normalizeObject(target);
    if (!live) {
      planned.push(change(ref, 'create', 'planned', diffObjects(undefined, desired, { desiredFieldsOnly: true, kind: ref.kind }).planned));
      continue;
    }
    const diff = diffObjects(comparableLive(live, target), desired, { desiredFieldsOnly: true, kind: ref.kind });
    let plannedFields = diff.planned;
    if (predicted && plannedFields.length) {
      const residual = diffObjects(comparableLive(predicted, target), desired, { desiredFieldsOnly: true, kind: ref.kind }).planned;
      const byPath = new Map(residual.map((field) => [field.path, field]));
      plannedFields = plannedFields.filter((field) => !settledBySync(field, byPath));
    }
    const byOrigin = splitByOrigin(plannedFields, desired, plannedFields.length ? fieldEvidence(liveRaw, desired, { fieldManagers: options.fieldManagers }) : undefined);
    const outsideFields = withoutIgnored([...byOrigin.outside, ...diff.outside], ref, liveRaw, target, ignore);
    plannedFields = withoutIgnored(byOrigin.planned, ref, liveRaw, target, ignore);
    if (outsideFields.length) outside.push(change(ref, 'update', 'outside', outsideFields));
    if (plannedFields.length) planned.push(change(ref, 'update', 'planned', plannedFields));
  }
  return [...outside, ...planned];
}

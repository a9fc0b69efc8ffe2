import { stepsFromPointer } from '../diff/json-pointer.js';
import { deepEqual } from '../diff/value-diff.js';
import type { FieldChange } from '../model/report.js';
import { ownedPointers } from './ignore.js';
import { lastAppliedOf } from './last-applied.js';
import type { K8sObject } from './objects.js';
import { isSameQuantity, mergeKeyOf } from './structural-diff.js';

type Item = Record<string, unknown>;

/**
 * The field managers that apply Git, when gitops-sync.yaml names none: `kubectl apply`
 * (client-side, and `--server-side`), Argo CD (server-side apply, and its application controller),
 * Flux (Kustomizations and HelmReleases), Helm, and gitops-sync's own sync. Any other manager owning
 * a field is someone or something changing the cluster outside Git (`kubectl-edit`, `kubectl-patch`,
 * `kubectl-scale`, an operator, …).
 */
export const DEFAULT_FIELD_MANAGERS = [
  'kubectl-client-side-apply',
  'kubectl',
  'argocd-controller',
  'argocd-application-controller',
  'kustomize-controller',
  'helm-controller',
  'helm',
  'gitops-sync',
] as const;

export interface FieldOriginOptions {
  /** The field managers that apply Git; DEFAULT_FIELD_MANAGERS when unset. */
  fieldManagers?: readonly string[];
}

const MISSING = Symbol('missing');
const isObject = (value: unknown): value is Item => typeof value === 'object' && value !== null && !Array.isArray(value);
const isEmpty = (value: unknown) => value === null || value === undefined || (typeof value === 'object' && Object.keys(value).length === 0);
/** Equal as the API server keeps them: `1000m` is `1`; an absent field is empty, or the "", false or 0 it omits. */
const same = (steps: readonly string[], applied: unknown, live: unknown) =>
  deepEqual(applied, live) ||
  (isEmpty(applied) && isEmpty(live)) ||
  (isEmpty(live) && (applied === '' || applied === false || applied === 0)) ||
  isSameQuantity([...steps], applied, live);

/**
 * The value at a field path of the desired object (list indices are Git's), looked up in `other`:
 * entries of a list merged by key are found by their key, as the structural diff pairs them.
 */
function valueAtDesiredPath(other: unknown, desired: unknown, steps: readonly string[]): unknown {
  let [here, wanted] = [other, desired];
  const path: (string | number)[] = [];
  for (const step of steps) {
    if (Array.isArray(here)) {
      const index = Number(step);
      const entry = Array.isArray(wanted) ? wanted[index] : undefined;
      const keyOf = Array.isArray(wanted) ? mergeKeyOf(path, [...here, ...wanted]) : undefined;
      const at = keyOf && isObject(entry) ? here.findIndex((item) => String(keyOf(item as Item)) === String(keyOf(entry))) : index;
      if (!Number.isInteger(at) || at < 0 || at >= here.length) return MISSING;
      [here, wanted] = [here[at], entry];
      path.push(index);
    } else if (isObject(here)) {
      if (!(step in here)) return MISSING;
      [here, wanted] = [here[step], isObject(wanted) ? wanted[step] : undefined];
      path.push(step);
    } else return MISSING;
  }
  return here;
}

/**
 * The managers owning the field at `path`, at it, under it, or at a parent owned whole (an atomic
 * list or map); owning a list entry or map (`.`) is owning that it exists, not what is inside.
 */
function ownersOf(path: string, evidence: FieldEvidence): string[] {
  const owners: string[] = [];
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

/** What the live object tells about who set its fields: the last-applied configuration and managedFields. */
export interface FieldEvidence {
  lastApplied?: Item;
  /** Manager → pointers it owns, resolved against the desired object (so indices are Git's). */
  owned: Map<string, Set<string>>;
  /** Manager → the pointers among those it owns whole. */
  leaves: Map<string, Set<string>>;
  appliers: ReadonlySet<string>;
}

export function fieldEvidence(live: K8sObject | undefined, desired: K8sObject, options: FieldOriginOptions = {}): FieldEvidence | undefined {
  if (!live) return undefined;
  const lastApplied = lastAppliedOf(live);
  const owned = new Map<string, Set<string>>();
  const leaves = new Map<string, Set<string>>();
  const managedFields = live.metadata?.managedFields;
  if (Array.isArray(managedFields)) {
    for (const entry of managedFields as { manager?: unknown; fieldsV1?: unknown }[]) {
      if (typeof entry?.manager !== 'string' || !isObject(entry.fieldsV1)) continue;
      const [pointers, whole] = [owned.get(entry.manager) ?? new Set<string>(), leaves.get(entry.manager) ?? new Set<string>()];
      ownedPointers(entry.fieldsV1, desired, '', pointers, whole);
      owned.set(entry.manager, pointers);
      leaves.set(entry.manager, whole);
    }
  }
  if (!lastApplied && owned.size === 0) return undefined;
  const evidence: FieldEvidence = { lastApplied, owned, leaves, appliers: new Set(options.fieldManagers?.length ? options.fieldManagers : DEFAULT_FIELD_MANAGERS) };
  // Whoever edits the object can rewrite the annotation along with a field, to make the edit look like Git's:
  // it is believed only when an applier wrote it last (or managedFields do not say who did).
  if (lastApplied && writtenOutside(LAST_APPLIED_POINTER, evidence)) evidence.lastApplied = undefined;
  return evidence;
}

const LAST_APPLIED_POINTER = '/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration';

/** A field owned only by managers that do not apply Git: one of them wrote it last. */
function writtenOutside(path: string, evidence: FieldEvidence): boolean {
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
export function isChangedOutside(field: FieldChange, desired: K8sObject, evidence: FieldEvidence): boolean {
  const steps = stepsFromPointer(field.path);
  if (evidence.lastApplied) {
    const applied = valueAtDesiredPath(evidence.lastApplied, desired, steps);
    if (applied !== MISSING) return !same(steps, applied, field.before);
  }
  return writtenOutside(field.path, evidence);
}

/** Planned fields split by where they came from: those changed on the cluster move to `outside`. */
export function splitByOrigin(planned: FieldChange[], desired: K8sObject, evidence: FieldEvidence | undefined): { planned: FieldChange[]; outside: FieldChange[] } {
  if (!evidence) return { planned, outside: [] };
  const outside: FieldChange[] = [];
  const stillPlanned: FieldChange[] = [];
  for (const field of planned) (isChangedOutside(field, desired, evidence) ? outside : stillPlanned).push(field);
  return { planned: stillPlanned, outside };
}

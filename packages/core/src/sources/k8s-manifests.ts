import { UserError } from '../errors.js';
import { comparableLive, k8sChange } from '../k8s/changes.js';
import { HPA_OWNED_POINTER, hpaTargetKey, hpaTargets, withoutFieldsUnder, withoutIgnored, type IgnoreContext, type IgnoreDifference } from '../k8s/ignore.js';
import type { ObjectRef } from '../k8s/identity.js';
import { fieldEvidence, splitByOrigin, type FieldOriginOptions } from '../k8s/field-origin.js';
import { removedFromGit } from '../k8s/last-applied.js';
import { normalizeObject } from '../k8s/normalize.js';
import { duplicateObject, indexObjects, matchKey, objectRef, type K8sObject } from '../k8s/objects.js';
import { diffObjects } from '../k8s/structural-diff.js';
import type { UnjudgedChange } from '../model/report.js';
import { K8S_MANIFESTS_SOURCE } from '../model/sources.js';

export interface ManifestDiffOptions {
  /** Names the inputs in messages. */
  desiredLabel: string;
  liveLabel: string;
  /** Namespace of objects that name none. */
  defaultNamespace: string;
  /** `key=value`: live objects with this label and not in Git are reported as to be deleted (pruned). */
  trackingLabel?: string;
  /** Argo CD-style ignore rules; `/spec/replicas` of HPA-scaled workloads is always ignored. */
  ignoreDifferences?: readonly IgnoreDifference[];
  /** The field managers that apply Git, to tell a field changed on the cluster from one changed in Git. */
  fieldManagers?: FieldOriginOptions['fieldManagers'];
  source?: string;
}


function parseTrackingLabel(trackingLabel: string | undefined): [string, string] | undefined {
  if (!trackingLabel) return undefined;
  const at = trackingLabel.indexOf('=');
  if (at <= 0) throw new UserError(`Tracking label ${JSON.stringify(trackingLabel)} is not key=value; write it like app.kubernetes.io/instance=my-app.`);
  return [trackingLabel.slice(0, at), trackingLabel.slice(at + 1)];
}

/** An object's group, kind and name, whatever its namespace. */
const nameKey = (ref: ObjectRef) => `${ref.group}/${ref.kind}/${ref.name}`;

const hasLabel = (object: K8sObject, [key, value]: [string, string]) => (object.metadata?.labels as Record<string, unknown> | undefined)?.[key] === value;


/**
 * Desired manifests against a live export. Only what Git sets is compared (server defaults are not
 * drift), except security fields, where a value present live only is drift made outside Git. A
 * field that differs is `outside` when the live object's last-applied configuration or
 * managedFields show it was changed on the cluster, else `planned` (see field-origin.ts).
 * Live objects missing from Git count only when they carry the tracking label.
 */
export function diffManifests(desired: readonly K8sObject[], live: readonly K8sObject[], options: ManifestDiffOptions): UnjudgedChange[] {
  const matcher = new ManifestMatcher(desired, options);
  for (const object of live) matcher.addLive(object);
  return matcher.changes();
}

interface Matched {
  outside?: UnjudgedChange;
  planned?: UnjudgedChange;
}

/**
 * diffManifests with the live objects handed in one at a time as a stream reads them: each is
 * compared with its desired object on arrival and dropped, so a large export is never held whole.
 * What is kept is the drift found. An HPA may come later in the export than the workload it
 * scales, so `/spec/replicas` of scaled workloads is dropped at the end. Errors about the inputs (a
 * bad tracking label, an object twice) are raised by changes(), after the export was read, in the
 * order diffManifests raises them.
 */
export class ManifestMatcher {
  private readonly source: string;
  private tracking: [string, string] | undefined;
  private desiredIndex = new Map<string, { ref: ObjectRef; object: K8sObject }>();
  private readonly matched = new Map<string, Matched>();
  private readonly liveKeys = new Set<string>();
  private readonly deletes: UnjudgedChange[] = [];
  private readonly scaledByHpa: Set<string>;
  private readonly ignore: IgnoreContext;
  private setupError: unknown;
  private duplicate: UserError | undefined;
  /**
   * Git's namespaced objects that name no namespace (read as in defaultNamespace), by group, kind and name;
   * those found live there; and where each was found under another namespace.
   */
  private readonly defaulted = new Map<string, ObjectRef>();
  private readonly defaultedFound = new Set<string>();
  private readonly elsewhere = new Map<string, ObjectRef>();

  constructor(
    desired: readonly K8sObject[],
    private readonly options: ManifestDiffOptions,
  ) {
    this.source = options.source ?? K8S_MANIFESTS_SOURCE;
    this.scaledByHpa = hpaTargets(desired);
    // HPA ownership is applied once every live HPA is known, in changes().
    this.ignore = { rules: options.ignoreDifferences ?? [], scaledByHpa: new Set() };
    try {
      this.tracking = parseTrackingLabel(options.trackingLabel);
      this.desiredIndex = indexObjects(desired, options.defaultNamespace, options.desiredLabel);
      for (const { ref, object } of this.desiredIndex.values()) if (ref.namespace !== '' && !object.metadata?.namespace) this.defaulted.set(nameKey(ref), ref);
    } catch (error) {
      this.setupError = error;
    }
  }

  addLive(current: K8sObject): void {
    if (this.setupError !== undefined || this.duplicate) return;
    const ref = objectRef(current, this.options.defaultNamespace);
    const key = matchKey(ref);
    if (this.liveKeys.has(key)) {
      this.duplicate = duplicateObject(this.options.liveLabel, ref);
      return;
    }
    this.liveKeys.add(key);
    for (const target of hpaTargets([current])) this.scaledByHpa.add(target);
    const desired = this.desiredIndex.get(key);
    if (desired) {
      this.matched.set(key, this.compare(desired.ref, desired.object, current));
      if (this.defaulted.get(nameKey(ref)) === desired.ref) this.defaultedFound.add(nameKey(ref));
    } else if (ref.namespace !== '' && this.defaulted.has(nameKey(ref)) && !this.elsewhere.has(nameKey(ref))) {
      this.elsewhere.set(nameKey(ref), ref);
    }
    if (!desired && this.tracking && hasLabel(current, this.tracking)) {
      const { planned: fields } = diffObjects(normalizeObject(current), {}, { desiredFieldsOnly: false, kind: ref.kind });
      this.deletes.push(k8sChange(ref, this.source, 'delete', 'planned', fields));
    }
  }

  private compare(ref: ObjectRef, object: K8sObject, current: K8sObject): Matched {
    const wanted = normalizeObject(object);
    const live = comparableLive(current, object);
    const diff = diffObjects(live, wanted, { desiredFieldsOnly: true, kind: ref.kind });
    const removed = removedFromGit(current, live, wanted);
    // What Git dropped is Git's change, not one made outside Git.
    const liveOnly = diff.outside.filter((field) => !removed.some(({ path }) => field.path === path || field.path.startsWith(`${path}/`)));
    // Only read when there is a difference: most objects of a large export have none.
    const evidence = diff.planned.length ? fieldEvidence(current, wanted, { fieldManagers: this.options.fieldManagers }) : undefined;
    const byOrigin = splitByOrigin(diff.planned, wanted, evidence);
    const outsideFields = withoutIgnored([...byOrigin.outside, ...liveOnly], ref, current, object, this.ignore);
    const plannedFields = withoutIgnored([...byOrigin.planned, ...removed], ref, current, object, this.ignore);
    return {
      outside: outsideFields.length ? k8sChange(ref, this.source, 'update', 'outside', outsideFields) : undefined,
      planned: plannedFields.length ? k8sChange(ref, this.source, 'update', 'planned', plannedFields) : undefined,
    };
  }

  /** The changes, in diffManifests' order: made outside Git, then planned (creates and updates in Git's order, then deletes). */
  changes(): UnjudgedChange[] {
    if (this.setupError !== undefined) throw this.setupError;
    if (this.duplicate) throw this.duplicate;
    // More of Git's objects that name no namespace run under another namespace than are found in the default one:
    // a wrong default namespace (the action's `default`) would show them as to be created and hide what drifted.
    // (One found at home, such as the kube-root-ca.crt ConfigMap every namespace has, does not outweigh the rest.)
    const missing = [...this.elsewhere].filter(([key]) => !this.defaultedFound.has(key));
    if (missing.length > this.defaultedFound.size) {
      const [key, live] = missing[0]!;
      const wanted = this.defaulted.get(key)!;
      throw new UserError(
        `${this.options.liveLabel} holds none of the objects of ${this.options.desiredLabel} that name no namespace in ${wanted.namespace}, where they are read as being, but ${wanted.kind} ${wanted.name} runs in namespace ${live.namespace}; pass --namespace ${live.namespace} (drift-detect's kubernetes-namespace), or export namespace ${wanted.namespace}.`,
      );
    }
    const outside: UnjudgedChange[] = [];
    const planned: UnjudgedChange[] = [];
    for (const [key, { ref, object }] of this.desiredIndex) {
      const matched = this.matched.get(key);
      if (!matched) {
        planned.push(k8sChange(ref, this.source, 'create', 'planned', diffObjects(undefined, normalizeObject(object), { desiredFieldsOnly: true, kind: ref.kind }).planned));
        continue;
      }
      const scaled = this.scaledByHpa.has(hpaTargetKey(ref));
      for (const [change, into] of [[matched.outside, outside], [matched.planned, planned]] as const) {
        if (!change) continue;
        const fields = scaled ? withoutFieldsUnder(change.fields, [HPA_OWNED_POINTER]) : change.fields;
        if (fields.length) into.push({ ...change, fields });
      }
    }
    return [...outside, ...planned, ...this.deletes];
  }
}

import { UserError } from '../errors.js';
import { comparableLive, k8sChange } from '../k8s/changes.js';
import { hpaTargets, withoutIgnored, type IgnoreContext, type IgnoreDifference } from '../k8s/ignore.js';
import { removedFromGit } from '../k8s/last-applied.js';
import { normalizeObject } from '../k8s/normalize.js';
import { indexObjects, type K8sObject } from '../k8s/objects.js';
import { diffObjects } from '../k8s/structural-diff.js';
import type { UnjudgedChange } from '../model/report.js';

export const K8S_MANIFESTS_SOURCE = 'k8s-manifests';

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
  source?: string;
}


function parseTrackingLabel(trackingLabel: string | undefined): [string, string] | undefined {
  if (!trackingLabel) return undefined;
  const at = trackingLabel.indexOf('=');
  if (at <= 0) throw new UserError(`Tracking label ${JSON.stringify(trackingLabel)} is not key=value; write it like app.kubernetes.io/instance=my-app.`);
  return [trackingLabel.slice(0, at), trackingLabel.slice(at + 1)];
}

const hasLabel = (object: K8sObject, [key, value]: [string, string]) => (object.metadata?.labels as Record<string, unknown> | undefined)?.[key] === value;


/**
 * Desired manifests against a live export. Only what Git sets is compared (server defaults are not
 * drift), except security fields, where a value present live only is drift made outside Git.
 * Live objects missing from Git count only when they carry the tracking label.
 */
export function diffManifests(desired: readonly K8sObject[], live: readonly K8sObject[], options: ManifestDiffOptions): UnjudgedChange[] {
  const source = options.source ?? K8S_MANIFESTS_SOURCE;
  const tracking = parseTrackingLabel(options.trackingLabel);
  const desiredIndex = indexObjects(desired, options.defaultNamespace, options.desiredLabel);
  const liveIndex = indexObjects(live, options.defaultNamespace, options.liveLabel);
  const outside: UnjudgedChange[] = [];
  const planned: UnjudgedChange[] = [];
  const ignore: IgnoreContext = { rules: options.ignoreDifferences ?? [], scaledByHpa: hpaTargets([...desired, ...live]) };
  for (const [key, { ref, object }] of desiredIndex) {
    const current = liveIndex.get(key);
    const wanted = normalizeObject(object);
    if (!current) {
      planned.push(k8sChange(ref, source, 'create', 'planned', diffObjects(undefined, wanted, { desiredFieldsOnly: true, kind: ref.kind }).planned));
      continue;
    }
    const live = comparableLive(current.object, object);
    const diff = diffObjects(live, wanted, { desiredFieldsOnly: true, kind: ref.kind });
    const removed = removedFromGit(current.object, live, wanted);
    // What Git dropped is Git's change, not one made outside Git.
    const madeOutside = diff.outside.filter((field) => !removed.some(({ path }) => field.path === path || field.path.startsWith(`${path}/`)));
    const outsideFields = withoutIgnored(madeOutside, ref, current.object, object, ignore);
    const plannedFields = withoutIgnored([...diff.planned, ...removed], ref, current.object, object, ignore);
    if (outsideFields.length) outside.push(k8sChange(ref, source, 'update', 'outside', outsideFields));
    if (plannedFields.length) planned.push(k8sChange(ref, source, 'update', 'planned', plannedFields));
  }
  if (tracking) {
    for (const [key, { ref, object }] of liveIndex) {
      if (desiredIndex.has(key) || !hasLabel(object, tracking)) continue;
      const { planned: fields } = diffObjects(normalizeObject(object), {}, { desiredFieldsOnly: false, kind: ref.kind });
      planned.push(k8sChange(ref, source, 'delete', 'planned', fields));
    }
  }
  return [...outside, ...planned];
}

import { oneLine, UserError } from '../errors.js';
import { k8sAddress, maskSecretValues, splitApiVersion, type ObjectRef } from '../k8s/identity.js';
import { refFromKubectlFileName } from '../k8s/kubectl-names.js';
import { normalizeObject } from '../k8s/normalize.js';
import { parseManifests, type K8sObject } from '../k8s/objects.js';
import { diffObjects } from '../k8s/structural-diff.js';
import { hpaTargets, withoutIgnored, type IgnoreContext, type IgnoreDifference } from '../k8s/ignore.js';
import type { Action, UnjudgedChange } from '../model/report.js';
import { K8S_DIRS_SOURCE } from '../model/sources.js';

/** One folder of kubectl's external-diff layout: file name → text. */
export type KubectlDiffDir = ReadonlyMap<string, string>;

/**
 * The one object of a kubectl diff file, which must be the object its name says: the address and the
 * masking go by the name (a Secret in a file named as a ConfigMap, or a List of Secrets, showed its values).
 */
function onlyObject(text: string, label: string, ref: ObjectRef): K8sObject | undefined {
  if (text.trim() === '') return undefined;
  const objects = parseManifests(text, label);
  if (objects.length !== 1) throw new UserError(`${label} holds ${objects.length} objects; kubectl writes one object per file.`);
  const [object] = objects;
  const { group, version } = splitApiVersion(typeof object.apiVersion === 'string' ? object.apiVersion : '');
  const metadata = object.metadata ?? {};
  // A namespaced object kubectl read back names its namespace; one that does not is taken to be in the file's.
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : ref.namespace;
  const held = k8sAddress({ group, version, kind: String(object.kind), namespace, name: String(metadata.name) });
  if (held !== k8sAddress(ref)) throw new UserError(`${label} holds ${oneLine(held)}, not the ${oneLine(k8sAddress(ref))} its name says; kubectl writes each object to a file named after it: pass the folders kubectl diff creates.`);
  return object;
}

/**
 * The two folders `kubectl diff` hands to KUBECTL_EXTERNAL_DIFF: LIVE (what runs) and MERGED (what
 * the server would have after applying Git). A file only in LIVE, or empty in MERGED, is a
 * deletion; an empty or missing LIVE file is a creation. Every field is compared: MERGED already
 * carries the server's defaults.
 */
export function diffKubectlDirs(live: KubectlDiffDir, merged: KubectlDiffDir, labels: { live: string; merged: string }, options: { ignoreDifferences?: readonly IgnoreDifference[] } = {}): UnjudgedChange[] {
  const pairs = [...new Set([...merged.keys(), ...live.keys()])].sort().map((name) => {
    const ref: ObjectRef | undefined = refFromKubectlFileName(name);
    // A file name may hold a line break: a message names it on one line.
    const shown = oneLine(name);
    if (!ref) throw new UserError(`${merged.has(name) ? labels.merged : labels.live}/${shown} is not named like kubectl's diff files ([group.]version.Kind.namespace.name); pass the folders kubectl diff creates.`);
    return { ref, before: onlyObject(live.get(name) ?? '', `${labels.live}/${shown}`, ref), after: onlyObject(merged.get(name) ?? '', `${labels.merged}/${shown}`, ref) };
  });
  // The environment's ignore_differences, and the replicas of a workload an HPA in the folders scales, as for the other sources.
  const ignore: IgnoreContext = { rules: options.ignoreDifferences ?? [], scaledByHpa: hpaTargets(pairs.flatMap(({ before, after }) => [after ?? before].filter((object) => object !== undefined))) };
  const changes: UnjudgedChange[] = [];
  for (const { ref, before, after } of pairs) {
    if (!before && !after) continue;
    const action: Action = !before ? 'create' : !after ? 'delete' : 'update';
    const { planned } = diffObjects(before && normalizeObject(before), after ? normalizeObject(after) : {}, { desiredFieldsOnly: false, kind: ref.kind });
    const fields = action === 'update' ? withoutIgnored(planned, ref, before, after!, ignore) : planned;
    if (action === 'update' && fields.length === 0) continue;
    changes.push({ address: k8sAddress(ref), kind: ref.kind, source: K8S_DIRS_SOURCE, action, origin: 'planned', fields: maskSecretValues(ref.kind, fields) });
  }
  return changes;
}

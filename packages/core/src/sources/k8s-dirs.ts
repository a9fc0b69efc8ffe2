import { UserError } from '../errors.js';
import { k8sAddress, maskSecretValues, type ObjectRef } from '../k8s/identity.js';
import { refFromKubectlFileName } from '../k8s/kubectl-names.js';
import { normalizeObject } from '../k8s/normalize.js';
import { parseManifests, type K8sObject } from '../k8s/objects.js';
import { diffObjects } from '../k8s/structural-diff.js';
import type { Action, UnjudgedChange } from '../model/report.js';
import { K8S_DIRS_SOURCE } from '../model/sources.js';

/** One folder of kubectl's external-diff layout: file name → text. */
export type KubectlDiffDir = ReadonlyMap<string, string>;

function onlyObject(text: string, label: string): K8sObject | undefined {
  if (text.trim() === '') return undefined;
  const objects = parseManifests(text, label);
  if (objects.length !== 1) throw new UserError(`${label} holds ${objects.length} objects; kubectl writes one object per file.`);
  return objects[0];
}

/**
 * The two folders `kubectl diff` hands to KUBECTL_EXTERNAL_DIFF: LIVE (what runs) and MERGED (what
 * the server would have after applying Git). A file only in LIVE, or empty in MERGED, is a
 * deletion; an empty or missing LIVE file is a creation. Every field is compared: MERGED already
 * carries the server's defaults.
 */
export function diffKubectlDirs(live: KubectlDiffDir, merged: KubectlDiffDir, labels: { live: string; merged: string }): UnjudgedChange[] {
  const changes: UnjudgedChange[] = [];
  const names = [...new Set([...merged.keys(), ...live.keys()])].sort();
  for (const name of names) {
    const ref: ObjectRef | undefined = refFromKubectlFileName(name);
    if (!ref) throw new UserError(`${labels.merged}/${name} is not named like kubectl's diff files ([group.]version.Kind.namespace.name); pass the folders kubectl diff creates.`);
    const before = onlyObject(live.get(name) ?? '', `${labels.live}/${name}`);
    const after = onlyObject(merged.get(name) ?? '', `${labels.merged}/${name}`);
    if (!before && !after) continue;
    const action: Action = !before ? 'create' : !after ? 'delete' : 'update';
    const { planned } = diffObjects(before && normalizeObject(before), after ? normalizeObject(after) : {}, { desiredFieldsOnly: false, kind: ref.kind });
    if (action === 'update' && planned.length === 0) continue;
    changes.push({ address: k8sAddress(ref), kind: ref.kind, source: K8S_DIRS_SOURCE, action, origin: 'planned', fields: maskSecretValues(ref.kind, planned) });
  }
  return changes;
}

import { SENSITIVE, type FieldChange } from '../model/report.js';

/** Which object a change is about: what kubectl and Argo CD key objects by. */
export interface ObjectRef {
  /** '' for the core group. */
  group: string;
  version: string;
  kind: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
}

/** Splits `apiVersion` (`apps/v1`, `v1`) into group and version. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The report address of an object: `group/version/Kind/namespace/name`, the core group written as
 * just `v1/Kind/…`, cluster-scoped objects with an empty namespace segment
 * (`rbac.authorization.k8s.io/v1/ClusterRole//view`).
 */
export function k8sAddress(ref: ObjectRef): string {
  const groupVersion = ref.group ? `${ref.group}/${ref.version}` : ref.version;
  return `${groupVersion}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

const SECRET_VALUE_PATH = /^\/(data|stringData)(\/|$)/;

/**
 * Secret values never leave a source, not even base64: for a Secret's `data` and `stringData` the
 * path and whether it was added, removed or changed stay, the values become `(sensitive)`.
 */
export function maskSecretValues(kind: string, fields: FieldChange[]): FieldChange[] {
  if (kind !== 'Secret') return fields;
  for (const field of fields) {
    if (!SECRET_VALUE_PATH.test(field.path)) continue;
    field.before = field.before === null || field.before === undefined ? null : SENSITIVE;
    field.after = field.after === null || field.after === undefined ? null : SENSITIVE;
    field.sensitive = true;
  }
  return fields;
}

import { SENSITIVE, type FieldChange } from '../model/report.js';
import { holdsSecret } from '../secrets/plaintext.js';
import { compiledDefaultSecretRules } from '../secrets/rules.js';

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

const SECRET_VALUE_PATH = /^\/(data|stringData|binaryData)(\/|$)/;
/** Where a Secret or ConfigMap keeps its values. */
export const isSecretValuePath = (path: string) => SECRET_VALUE_PATH.test(path);

/** A field's values become `(sensitive)`; whether it was added, removed or changed stays. */
export function maskField(field: FieldChange): void {
  field.before = field.before === null || field.before === undefined ? null : SENSITIVE;
  field.after = field.after === null || field.after === undefined ? null : SENSITIVE;
  field.sensitive = true;
}

/** A ConfigMap entry's key and its text (binaryData decoded), from a field at `/data/KEY` or a whole `/data` map. */
function configEntries(field: FieldChange): [string, string][] {
  const [, map, ...rest] = field.path.split('/');
  const text = (value: unknown) => (typeof value !== 'string' ? undefined : map === 'binaryData' ? Buffer.from(value, 'base64').toString('utf8') : value);
  const entries: [string, string][] = [];
  for (const side of [field.before, field.after]) {
    const pairs: [string, unknown][] = rest.length ? [[rest.join('/').replace(/~1/g, '/').replace(/~0/g, '~'), side]] : side && typeof side === 'object' ? Object.entries(side) : [];
    for (const [key, value] of pairs) {
      const found = text(value);
      if (found) entries.push([key, found]);
    }
  }
  return entries;
}

/**
 * Whether an object's changed fields carry secret values: a Secret always; a ConfigMap when an entry
 * of its `data` or `binaryData` holds a secret by the built-in plaintext-secret rules (a Secret in
 * everything but name). Check before masking: masked values hold nothing.
 */
export function carriesSecretValues(kind: string, fields: readonly FieldChange[]): boolean {
  if (kind === 'Secret') return true;
  if (kind !== 'ConfigMap') return false;
  const rules = compiledDefaultSecretRules();
  return fields.some((field) => SECRET_VALUE_PATH.test(field.path) && configEntries(field).some(([key, value]) => holdsSecret(key, value, rules)));
}

/**
 * Secret values never leave a source, not even base64: for a Secret's `data` and `stringData`, and
 * every `data` and `binaryData` value of a ConfigMap that holds a secret, the path and whether it
 * was added, removed or changed stay, the values become `(sensitive)`.
 */
export function maskSecretValues(kind: string, fields: FieldChange[]): FieldChange[] {
  if (!carriesSecretValues(kind, fields)) return fields;
  for (const field of fields) if (SECRET_VALUE_PATH.test(field.path)) maskField(field);
  return fields;
}

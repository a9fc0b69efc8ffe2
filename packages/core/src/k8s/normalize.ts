import { isClusterScoped, type K8sObject } from './objects.js';

/** Metadata the API server writes: never drift. */
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];

/** Annotations written by tools and controllers rather than by the user. */
const TOOL_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'meta.helm.sh/release-name',
  'meta.helm.sh/release-namespace',
];

/** Whether normalizeObject drops the field at these steps from the object's root. */
export function isServerOwnedField(steps: readonly string[]): boolean {
  const [first, second, third] = steps;
  if (first === 'status') return true;
  if (first !== 'metadata') return false;
  return SERVER_METADATA.includes(second) || (second === 'annotations' && TOOL_ANNOTATIONS.includes(third));
}

/**
 * A copy of an object without what the server owns (status, server metadata, tool annotations), a
 * cluster-scoped object without the namespace the server drops, and a Secret's `stringData` as the
 * base64 `data` the server stores it as.
 */
export function normalizeObject(object: K8sObject): K8sObject {
  const { status: _status, ...rest } = object;
  const metadata = { ...(object.metadata ?? {}) };
  for (const key of SERVER_METADATA) delete metadata[key];
  if (metadata.annotations && typeof metadata.annotations === 'object') {
    const annotations = { ...(metadata.annotations as Record<string, unknown>) };
    for (const key of TOOL_ANNOTATIONS) delete annotations[key];
    metadata.annotations = annotations;
  }
  if (typeof object.kind === 'string' && isClusterScoped(object.kind)) delete metadata.namespace;
  return object.kind === 'Secret' ? withStringDataEncoded({ ...rest, metadata }) : { ...rest, metadata };
}

/** The API server merges `stringData` into `data`, base64-encoded, its keys winning. */
function withStringDataEncoded(secret: K8sObject): K8sObject {
  const { stringData, ...rest } = secret;
  if (typeof stringData !== 'object' || stringData === null) return secret;
  const encoded = Object.entries(stringData).map(([key, value]) => [key, Buffer.from(String(value ?? '')).toString('base64')]);
  return { ...rest, data: { ...(secret.data as Record<string, unknown> | undefined), ...Object.fromEntries(encoded) } };
}

import type { K8sObject } from './objects.js';

/** Metadata the API server writes: never drift. */
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];

/** Annotations written by tools and controllers rather than by the user. */
const TOOL_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'meta.helm.sh/release-name',
  'meta.helm.sh/release-namespace',
];

/** A copy of an object without what the server owns (status, server metadata, tool annotations). */
export function normalizeObject(object: K8sObject): K8sObject {
  const { status: _status, ...rest } = object;
  const metadata = { ...(object.metadata ?? {}) };
  for (const key of SERVER_METADATA) delete metadata[key];
  if (metadata.annotations && typeof metadata.annotations === 'object') {
    const annotations = { ...(metadata.annotations as Record<string, unknown>) };
    for (const key of TOOL_ANNOTATIONS) delete annotations[key];
    metadata.annotations = annotations;
  }
  return { ...rest, metadata };
}

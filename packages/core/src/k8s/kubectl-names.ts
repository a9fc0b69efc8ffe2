import type { ObjectRef } from './identity.js';

const VERSION = /^v\d+((alpha|beta)\d+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
/** An RFC 1123 label: a namespace's name, or one segment of an object's name. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The object a kubectl diff file is about, from its name `[<group>.]<version>.<Kind>.<namespace>.<name>`
 * (`apps.v1.Deployment.default.web`, `v1.ConfigMap.default.app`, cluster-scoped
 * `rbac.authorization.k8s.io.v1.ClusterRole..view`). A name may contain dots, a namespace, kind or
 * version may not, so the version is the first segment that looks like one and is followed by a
 * kind, a namespace and a name; everything before it is the group. `undefined` when it does not fit.
 */
export function refFromKubectlFileName(fileName: string): ObjectRef | undefined {
  const segments = fileName.split('.');
  for (let i = 0; i + 3 < segments.length; i++) {
    const [version, kind, namespace] = segments.slice(i, i + 3);
    const groupSegments = segments.slice(0, i);
    const name = segments.slice(i + 3).join('.');
    if (!VERSION.test(version) || !KIND.test(kind) || (namespace !== '' && !DNS_LABEL.test(namespace))) continue;
    if (!groupSegments.every((segment) => DNS_LABEL.test(segment)) || name === '') continue;
    return { group: groupSegments.join('.'), version, kind, namespace, name };
  }
  return undefined;
}

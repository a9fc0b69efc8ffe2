import type { ObjectRef } from './identity.js';

const VERSION = /^v\d+((alpha|beta)\d+)?$/;

/**
 * The object a kubectl diff file is about, from its name `[<group>.]<version>.<Kind>.<namespace>.<name>`
 * (kubernetes/kubectl pkg/cmd/diff: cluster-scoped objects have an empty namespace, so two dots).
 * Groups contain dots and names may too, but a namespace cannot, so the version is found from the
 * front. Undefined when the name is not in that layout.
 */
export function refFromKubectlFileName(fileName: string): ObjectRef | undefined {
  const parts = fileName.split('.');
  const versionAt = parts.findIndex((part) => VERSION.test(part));
  if (versionAt < 0 || parts.length < versionAt + 4) return undefined;
  const kind = parts[versionAt + 1];
  const namespace = parts[versionAt + 2];
  const name = parts.slice(versionAt + 3).join('.');
  if (!kind || !name) return undefined;
  return { group: parts.slice(0, versionAt).join('.'), version: parts[versionAt], kind, namespace, name };
}

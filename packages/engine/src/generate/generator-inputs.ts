import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { hpaTargets, splitApiVersion, type KubernetesEnvironment, type ScaledWorkload } from '@gitops-sync/core';
import { renderDesired, type RenderContext } from '../drift/k8s-render.js';

/** `source = "./modules/x"` or `"../shared"`: a module Terraform reads from the repository itself. */
const LOCAL_MODULE = /^\s*source\s*=\s*"(\.\.?\/[^"]*)"/gm;

/** The local module folders the `.tf` files of a Terraform folder call, relative to it, sorted; none when it cannot be read. */
export function localModules(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.tf')).sort();
  } catch {
    return [];
  }
  const modules = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(LOCAL_MODULE)) modules.add(posix.normalize(match[1]).replace(/\/$/, ''));
  }
  return [...modules].sort();
}

/** The workloads of the rendered desired state whose replicas an HPA of the same state scales. */
export async function scaledWorkloads(k8s: KubernetesEnvironment, context: RenderContext): Promise<ScaledWorkload[]> {
  const objects = await renderDesired(k8s, context);
  const targets = hpaTargets(objects);
  const scaled: ScaledWorkload[] = [];
  for (const object of objects) {
    const name = object.metadata?.name;
    const namespace = (object.metadata?.namespace as string | undefined) ?? '';
    if (typeof name !== 'string' || !targets.has(`${object.kind}/${namespace}/${name}`)) continue;
    scaled.push({ group: splitApiVersion(String(object.apiVersion ?? 'v1')).group, kind: String(object.kind), name, namespace });
  }
  return scaled.sort((a, b) => `${a.kind}/${a.namespace}/${a.name}`.localeCompare(`${b.kind}/${b.namespace}/${b.name}`));
}

import { z } from 'zod';
import { appendPointer } from '../diff/json-pointer.js';
import type { FieldChange } from '../model/report.js';
import type { ObjectRef } from './identity.js';
import type { K8sObject } from './objects.js';

/** Argo CD's ignoreDifferences, in gitops-sync.yaml's snake_case. */
export const IgnoreDifference = z
  .object({
    group: z.string().optional(),
    kind: z.string().min(1),
    name: z.string().optional(),
    namespace: z.string().optional(),
    /** RFC 6901 pointers (`~1` for `/`); a field at or under one is ignored. */
    json_pointers: z.array(z.string().regex(/^(\/.*)?$/, 'JSON pointers start with /')).default([]),
    /** Fields owned by these field managers in the live object's managedFields are ignored. */
    managed_fields_managers: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type IgnoreDifference = z.infer<typeof IgnoreDifference>;

const applies = (rule: IgnoreDifference, ref: ObjectRef) =>
  rule.kind === ref.kind && (rule.group === undefined || rule.group === ref.group) && (rule.name === undefined || rule.name === ref.name) && (rule.namespace === undefined || rule.namespace === ref.namespace);

type FieldsV1 = Record<string, unknown>;

function keyMatches(item: unknown, keys: Record<string, unknown>): boolean {
  return typeof item === 'object' && item !== null && Object.entries(keys).every(([key, value]) => (item as Record<string, unknown>)[key] === value);
}

/**
 * The pointers a managedFields `fieldsV1` tree owns, resolved against `object` (so `k:{"name":"web"}`
 * becomes the index of that entry). `f:x` is a field, `k:{…}` a list entry by key, `v:…` a set
 * entry by value, `.` the node itself; an empty `{}` marks an owned leaf (also added to `leaves`:
 * owned whole, an atomic list or map included).
 */
export function ownedPointers(fields: FieldsV1, object: unknown, pointer = '', owned = new Set<string>(), leaves?: Set<string>): Set<string> {
  const entries = Object.entries(fields);
  if (pointer && (entries.length === 0 || '.' in fields)) owned.add(pointer);
  if (pointer && entries.length === 0) leaves?.add(pointer);
  for (const [key, children] of entries) {
    if (key === '.' || typeof children !== 'object' || children === null) continue;
    let step: string | number | undefined;
    let value: unknown;
    if (key.startsWith('f:')) {
      step = key.slice(2);
      value = (object as Record<string, unknown> | undefined)?.[step];
    } else if (key.startsWith('k:') || key.startsWith('v:')) {
      if (!Array.isArray(object)) continue;
      let wanted: unknown;
      try {
        wanted = JSON.parse(key.slice(2));
      } catch {
        continue;
      }
      const index = key.startsWith('k:') ? object.findIndex((item) => keyMatches(item, wanted as Record<string, unknown>)) : object.indexOf(wanted);
      if (index < 0) continue;
      step = index;
      value = object[index];
    }
    if (step !== undefined) ownedPointers(children as FieldsV1, value, appendPointer(pointer, step), owned, leaves);
  }
  return owned;
}

function managerPointers(live: K8sObject | undefined, desired: K8sObject, managers: readonly string[]): string[] {
  const managedFields = live?.metadata?.managedFields;
  if (!managers.length || !Array.isArray(managedFields)) return [];
  const pointers = new Set<string>();
  for (const entry of managedFields as { manager?: string; fieldsV1?: FieldsV1 }[]) {
    if (entry.manager && managers.includes(entry.manager) && entry.fieldsV1) ownedPointers(entry.fieldsV1, desired, '', pointers);
  }
  return [...pointers];
}

/** `/spec/replicas` of every workload an HPA scales: the HPA owns it, not Git. */
export function hpaTargets(objects: readonly K8sObject[]): Set<string> {
  const targets = new Set<string>();
  for (const object of objects) {
    if (object.kind !== 'HorizontalPodAutoscaler') continue;
    const target = (object.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
    const namespace = (object.metadata?.namespace as string | undefined) ?? '';
    if (target?.kind && target.name) targets.add(`${target.kind}/${namespace}/${target.name}`);
  }
  return targets;
}

export interface IgnoreContext {
  rules: readonly IgnoreDifference[];
  /** `Kind/namespace/name` of workloads an HPA scales. */
  scaledByHpa: ReadonlySet<string>;
}

/** The fields that remain once ignore rules, field managers and HPA ownership are applied. */
export function withoutIgnored(fields: FieldChange[], ref: ObjectRef, live: K8sObject | undefined, desired: K8sObject, context: IgnoreContext): FieldChange[] {
  const pointers = context.rules.filter((rule) => applies(rule, ref)).flatMap((rule) => [...rule.json_pointers, ...managerPointers(live, desired, rule.managed_fields_managers)]);
  if (context.scaledByHpa.has(hpaTargetKey(ref))) pointers.push(HPA_OWNED_POINTER);
  return withoutFieldsUnder(fields, pointers);
}

/** How hpaTargets names a workload. */
export const hpaTargetKey = (ref: ObjectRef) => `${ref.kind}/${ref.namespace}/${ref.name}`;
export const HPA_OWNED_POINTER = '/spec/replicas';

/** The fields not at or under any of the pointers. */
export function withoutFieldsUnder(fields: FieldChange[], pointers: readonly string[]): FieldChange[] {
  if (pointers.length === 0) return fields;
  return fields.filter((field) => !pointers.some((pointer) => field.path === pointer || field.path.startsWith(`${pointer}/`)));
}

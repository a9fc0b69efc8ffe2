import { appendPointer } from '../diff/json-pointer.js';
import { parseJsonText } from '../json/json-text.js';
import { UserError } from '../errors.js';
import { SENSITIVE, type FieldChange, type UnjudgedChange } from '../model/report.js';
import type { SecretSink } from '../diff/value-diff.js';
import { SECRET_NAME, secretStrings } from './secret-names.js';

/*
 * What the cloud configuration services (AWS Config, Azure Policy) have in common: each reports
 * "resource R does not comply with rule P", one result per resource and rule. gitops-sync reports
 * one change per resource, made outside Git (the policy is the desired state), whose fields are the
 * settings the evaluations name plus one `/compliance/<rule>` field per rule broken — always there,
 * so a severity rule can be keyed by the rule's name whatever else the evaluation says.
 */

/** One rule a resource breaks: what the service found. */
export interface ComplianceFinding {
  address: string;
  kind: string;
  fields: FieldChange[];
}

/** `/compliance/<rule>` by rule name: a result lists the same few rules thousands of times. */
const compliancePaths = new Map<string, string>();

/** The field naming the broken rule: `/compliance/<rule>` (the rule's name escaped as one pointer token). */
export function complianceField(rule: string, before: string, after: string): FieldChange {
  let path = compliancePaths.get(rule);
  if (path === undefined) {
    path = appendPointer('/compliance', rule);
    if (compliancePaths.size < 10_000) compliancePaths.set(rule, path);
  }
  return { path, before, after, sensitive: false };
}

/**
 * A property path as the services write it (`properties.networkAcls.ipRules[0].value`,
 * `Configuration.SSEAlgorithm`) or a JSON pointer (`/a/b`) → a JSON pointer (`/properties/networkAcls/ipRules/0/value`); `[*]` becomes the token `*`.
 */
export function pointerFromPropertyPath(path: string): string {
  let pointer = pointers.get(path);
  if (pointer === undefined) {
    pointer = toPointer(path);
    if (pointers.size < 10_000) pointers.set(path, pointer);
  }
  return pointer;
}

/** Pointers by property path: the evaluations of one policy name the same few paths thousands of times. */
const pointers = new Map<string, string>();

function toPointer(path: string): string {
  // A pointer is kept only when it is one: a bare `~` (not `~0`/`~1`) is read as a name and escaped.
  if (/^(\/([^~/]|~[01])*)+$/.test(path)) return path;
  let pointer = '';
  for (const segment of path.split('.')) {
    const [name, ...indexes] = segment.split('[');
    if (name) pointer = appendPointer(pointer, name);
    for (const index of indexes) pointer = appendPointer(pointer, index.replace(/\]$/, ''));
  }
  return pointer;
}

/** A value with what lies under secret-named keys of its objects replaced by `(sensitive)` and handed to `onSecret`; the value itself when none. */
function maskedBelow(value: unknown, onSecret?: SecretSink): unknown {
  if (typeof value !== 'object' || value === null) return value;
  let masked: Record<string, unknown> | unknown[] | undefined;
  const entries = Object.entries(value);
  for (const [key, item] of entries) {
    const replaced = !Array.isArray(value) && SECRET_NAME.test(key) && item !== null ? SENSITIVE : maskedBelow(item, onSecret);
    if (replaced === SENSITIVE && item !== SENSITIVE) secretStrings(item, onSecret);
    if (replaced !== item) (masked ??= Array.isArray(value) ? [...value] : { ...value })[key as never] = replaced as never;
  }
  return masked ?? value;
}

/**
 * A field whose path names a secret (a policy may read an admin password's alias; any token of the path,
 * not only the last: `adminPassword.value` and `connectionStrings[0].value` hold the secret too), with its values replaced by `(sensitive)` and handed to `onSecret`;
 * a value that is an object (a condition on `properties.siteConfig`) has what lies under its secret-named keys masked so.
 */
export function maskedIfSecret(field: FieldChange, onSecret?: SecretSink): FieldChange {
  if (!SECRET_NAME.test(field.path)) {
    const [before, after] = [maskedBelow(field.before, onSecret), maskedBelow(field.after, onSecret)];
    return before === field.before && after === field.after ? field : { ...field, before, after, sensitive: true };
  }
  for (const value of [field.before, field.after]) if (typeof value === 'string' && value) onSecret?.(value);
  return { ...field, before: field.before === null ? null : SENSITIVE, after: field.after === null ? null : SENSITIVE, sensitive: true };
}

/** Up to this many fields, a change's paths are compared one by one; past it, through a set. */
const FEW_FIELDS = 16;

/** One change per resource, its findings' fields in the order met (a path already there is kept once). */
export function changesFromFindings(findings: Iterable<ComplianceFinding>, source: string): UnjudgedChange[] {
  const byAddress = new Map<string, UnjudgedChange>();
  /** Only for changes with many fields: most resources break a few rules. */
  const pathSets = new Map<UnjudgedChange, Set<string>>();
  for (const finding of findings) {
    let change = byAddress.get(finding.address);
    if (!change) byAddress.set(finding.address, (change = { address: finding.address, kind: finding.kind, source, action: 'update', origin: 'outside', fields: [] }));
    const { fields } = change;
    for (const field of finding.fields) {
      let paths = pathSets.get(change);
      if (paths) {
        if (paths.has(field.path)) continue;
        paths.add(field.path);
      } else {
        if (fields.some((known) => known.path === field.path)) continue;
        if (fields.length >= FEW_FIELDS) pathSets.set(change, (paths = new Set([...fields.map((known) => known.path), field.path])));
      }
      fields.push(field);
    }
  }
  return [...byAddress.values()];
}

export type JsonObject = Record<string, unknown>;
export const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A saved compliance result's JSON; `fix` says what to pass instead. JSON.parse's own message may quote the file, so it is not shown. */
export function parseComplianceJson(json: string, label: string, fix: string): unknown {
  return parseJsonText(json, (why) => new UserError(`${label} is not valid JSON (${why}); ${fix}.`));
}

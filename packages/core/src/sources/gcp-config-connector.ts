/**
 * GCP Config Connector resources (Kubernetes objects in the `*.cnrm.cloud.google.com` groups) as
 * drift: what the controller says about each resource in its status, against what Git put in its spec.
 * https://cloud.google.com/config-connector/docs/concepts/resources (spec and status, status.conditions)
 */
import { UserError } from '../errors.js';
import { pointerFromSteps } from '../diff/json-pointer.js';
import { deepEqual, type SecretSink } from '../diff/value-diff.js';
import { SENSITIVE, type FieldChange, type UnjudgedChange } from '../model/report.js';
import { k8sAddress, splitApiVersion } from '../k8s/identity.js';
import type { K8sObject } from '../k8s/objects.js';
import { GCP_CONFIG_CONNECTOR_SOURCE } from '../model/sources.js';
import { findsSecrets, unmarkedSecretScrubber } from '../secrets/embedded.js';
import { SECRET_NAME, secretStrings } from './secret-names.js';
import { appendAll } from '../arrays.js';

/** Config Connector's API groups: `storage.cnrm.cloud.google.com`, `iam.cnrm.cloud.google.com`, … */
const CNRM_GROUP = /\.cnrm\.cloud\.google\.com$/;

/** Where a resource's Ready condition goes in a change: the condition, keyed by its type as lists keyed by name are elsewhere. */
export const READY_CONDITION_PATH = '/status/conditions/Ready';
/**
 * A resource waiting for another (DependencyNotReady): not drift of its own but blocked, so it has a
 * path of its own for the rules to judge apart; the dependency is reported with its own reason.
 */
export const DEPENDENCY_CONDITION_PATH = '/status/conditions/Ready/dependency';
export const OBSERVED_GENERATION_PATH = '/status/observedGeneration';

/**
 * Reasons of a Ready condition that is not True which mean "still working on it", not drift: the
 * controller is applying the spec now. A spec it has not seen yet shows as observedGeneration lag.
 */
const IN_PROGRESS_REASONS = new Set(['Updating', 'Deleting', 'Reconciling']);
const BLOCKED_REASONS = new Set(['DependencyNotReady']);
const UP_TO_DATE = 'UpToDate';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether an object is a Config Connector resource (its API group is one of `*.cnrm.cloud.google.com`). */
export function isConfigConnectorObject(object: K8sObject): boolean {
  return typeof object.apiVersion === 'string' && CNRM_GROUP.test(splitApiVersion(object.apiVersion).group);
}

/**
 * The GCP resource a change is about: `status.externalRef` (the resource's full name in GCP, which the
 * direct controllers write) when there is one; otherwise the Kubernetes object's address
 * (`group/version/Kind/namespace/name`). spec.resourceID alone names no resource uniquely (the same
 * name in two projects), so it is not used as one.
 */
export function configConnectorAddress(object: K8sObject): string {
  const status = isObject(object.status) ? object.status : {};
  if (typeof status.externalRef === 'string' && status.externalRef) return status.externalRef;
  const { group, version } = splitApiVersion(object.apiVersion as string);
  const metadata = object.metadata ?? {};
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  return k8sAddress({ group, version, kind: object.kind as string, namespace, name: metadata.name as string });
}

interface Condition {
  type?: unknown;
  status?: unknown;
  reason?: unknown;
  message?: unknown;
}

/** The Ready condition as a field, when it says the resource is not up to date for a reason other than work in progress. */
function readyField(status: Record<string, unknown>): FieldChange | undefined {
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Condition[]) : [];
  const readies = conditions.filter((condition) => isObject(condition) && condition.type === 'Ready');
  // No Ready condition at all: the controller never reconciled it (not installed, not watching the namespace) — unknown, so reported.
  if (readies.length === 0) return { path: READY_CONDITION_PATH, before: 'no Ready condition (Config Connector has not reconciled this resource)', after: UP_TO_DATE, sensitive: false };
  // Conditions are a map by type; a list with Ready twice is read by its worst entry, so a True one cannot hide a failure.
  const ready = readies.find((condition) => condition.status !== 'True');
  if (!ready) return undefined;
  const reason = typeof ready.reason === 'string' && ready.reason ? ready.reason : 'no reason';
  if (IN_PROGRESS_REASONS.has(reason)) return undefined;
  const message = typeof ready.message === 'string' && ready.message ? `: ${ready.message}` : '';
  const path = BLOCKED_REASONS.has(reason) ? DEPENDENCY_CONDITION_PATH : READY_CONDITION_PATH;
  return { path, before: `${reason}${message}`, after: UP_TO_DATE, sensitive: false };
}

/** The generation the controller last acted on, when it is behind the object's: the newest spec is not in GCP yet. */
function generationField(object: K8sObject, status: Record<string, unknown>): FieldChange | undefined {
  const generation = object.metadata?.generation;
  const observed = status.observedGeneration;
  if (typeof generation !== 'number' || typeof observed !== 'number' || observed >= generation) return undefined;
  return { path: OBSERVED_GENERATION_PATH, before: observed, after: generation, sensitive: false };
}

/** Lists of plain values (source ranges, tags, members) are sets to GCP: the API may return them in another order. */
function sameScalarSet(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length || ![...a, ...b].every((value) => !isObject(value) && !Array.isArray(value))) return false;
  const key = (value: unknown) => JSON.stringify(value);
  const sorted = (values: unknown[]) => values.map(key).sort();
  const [x, y] = [sorted(a), sorted(b)];
  return x.every((value, index) => value === y[index]);
}

/** Hands every value under a secret-named key to `onSecret`, changed or not (see ConfigConnectorChanges). */
function collectSecrets(value: unknown, onSecret: SecretSink): void {
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_NAME.test(key)) secretStrings(item, onSecret);
    else collectSecrets(item, onSecret);
  }
}

/**
 * The spec against what the controller observed live, field by field, over only the fields both
 * have: observedState holds output-only fields the spec has not, and the spec references
 * (`networkRef`) the observed state names differently. Before = live, after = Git.
 */
function observedStateFields(spec: Record<string, unknown>, observed: Record<string, unknown>, onSecret: SecretSink | undefined): FieldChange[] {
  const fields: FieldChange[] = [];
  const compare = (live: unknown, desired: unknown, steps: string[]) => {
    if (isObject(live) && isObject(desired)) {
      for (const key of Object.keys(desired)) if (key in live) compare(live[key], desired[key], [...steps, key]);
      return;
    }
    // Lists of objects of the same length (a service's containers, a cluster's authorized networks) item by
    // item: a field inside names what changed (`…/containers/0/image`), which the rules judge by path and value.
    if (Array.isArray(live) && Array.isArray(desired) && live.length === desired.length && desired.every(isObject) && live.every(isObject)) {
      desired.forEach((item, index) => compare(live[index], item, [...steps, String(index)]));
      return;
    }
    if (deepEqual(live, desired) || (Array.isArray(live) && Array.isArray(desired) && sameScalarSet(live, desired))) return;
    const sensitive = steps.some((step) => SECRET_NAME.test(step));
    if (sensitive) {
      secretStrings(live, onSecret);
      secretStrings(desired, onSecret);
    }
    fields.push({
      path: pointerFromSteps(['spec', ...steps]),
      before: sensitive ? SENSITIVE : (live ?? null),
      after: sensitive ? SENSITIVE : (desired ?? null),
      sensitive,
    });
  };
  compare(observed, spec, []);
  return fields;
}

/** What one Config Connector resource's status says differs from Git; undefined when it is up to date. */
export function configConnectorChange(object: K8sObject, onSecret?: SecretSink): UnjudgedChange | undefined {
  const status = isObject(object.status) ? object.status : {};
  const spec = isObject(object.spec) ? object.spec : {};
  const fields: FieldChange[] = [];
  if (isObject(status.observedState)) appendAll(fields, observedStateFields(spec, status.observedState, onSecret));
  const ready = readyField(status);
  if (ready) fields.push(ready);
  const lag = generationField(object, status);
  if (lag) fields.push(lag);
  if (fields.length === 0) return undefined;
  return { address: configConnectorAddress(object), kind: object.kind as string, source: GCP_CONFIG_CONNECTOR_SOURCE, action: 'update', origin: 'outside', fields };
}

/**
 * Changes of the Config Connector resources among objects handed over one by one (as a stream
 * reader reads them). Objects of other API groups are passed over; an input with objects but none of
 * Config Connector's is the wrong document and refused, so it never reads as "no drift".
 */
export class ConfigConnectorChanges {
  private readonly found: UnjudgedChange[] = [];
  private resources = 0;
  private readonly otherKinds = new Set<string>();
  /** The values under secret-named keys of every resource's spec and observed state, changed or not. */
  private readonly secrets = new Set<string>();
  private readonly onSecret: SecretSink;

  constructor(
    private readonly label: string,
    onSecret?: SecretSink,
  ) {
    this.onSecret = (secret) => {
      this.secrets.add(secret);
      onSecret?.(secret);
    };
  }

  add(object: K8sObject): void {
    if (!isConfigConnectorObject(object)) {
      this.otherKinds.add(`${object.kind}`);
      return;
    }
    this.resources++;
    collectSecrets(object.spec, this.onSecret);
    if (isObject(object.status)) collectSecrets(object.status.observedState, this.onSecret);
    const change = configConnectorChange(object, this.onSecret);
    if (change) this.found.push(change);
  }

  /** Whether any object at all was read (an empty List is an answer; an empty file is not). */
  get objects(): number {
    return this.resources + this.otherKinds.size;
  }

  changes(): UnjudgedChange[] {
    if (this.resources === 0 && this.otherKinds.size > 0) {
      const kinds = [...this.otherKinds].slice(0, 3).join(', ');
      throw new UserError(
        `${this.label} has no Config Connector resources (API groups *.cnrm.cloud.google.com), only ${kinds}${this.otherKinds.size > 3 ? ', …' : ''}; export them with kubectl get gcp --all-namespaces -o json.`,
      );
    }
    // The controller may quote an inlined secret (a SQLUser's spec.password.value) in a condition's message:
    // any field holding one, from any resource, is masked as the Terraform plan's unmarked copies are.
    if (this.secrets.size > 0) this.found.forEach(unmarkedSecretScrubber(findsSecrets(this.secrets)).change);
    return this.found;
  }
}

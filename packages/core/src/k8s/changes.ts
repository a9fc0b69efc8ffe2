import type { Action, FieldChange, Origin, UnjudgedChange } from '../model/report.js';
import { k8sAddress, maskSecretValues, type ObjectRef } from './identity.js';
import { normalizeObject } from './normalize.js';
import type { K8sObject } from './objects.js';

/** A Kubernetes change as every source reports it: addressed by object, Secret values masked. */
export function k8sChange(ref: ObjectRef, source: string, action: Action, origin: Origin, fields: FieldChange[]): UnjudgedChange {
  return { address: k8sAddress(ref), kind: ref.kind, source, action, origin, fields: maskSecretValues(ref.kind, fields) };
}

/**
 * Fields a controller fills from the desired object, so never drift: the rules of an aggregated
 * ClusterRole come from its aggregationRule (Argo CD users know these as roles stuck "OutOfSync").
 */
export function withoutControllerFields(live: K8sObject, desired: K8sObject): K8sObject {
  if (desired.kind === 'ClusterRole' && desired.aggregationRule && !desired.rules) {
    const { rules: _rules, ...rest } = live;
    return rest as K8sObject;
  }
  return live;
}

/**
 * A live object ready to compare with the desired one: normalised, without controller-filled
 * fields, and at Git's apiVersion — the API server serves an object at every version of its group,
 * so the version is how it was asked for, not drift.
 */
export function comparableLive(live: K8sObject, desired: K8sObject): K8sObject {
  return { ...withoutControllerFields(normalizeObject(live), desired), apiVersion: desired.apiVersion };
}

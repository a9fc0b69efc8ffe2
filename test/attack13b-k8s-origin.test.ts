import { describe, expect, test } from '@jest/globals';
import { diffManifests, type K8sObject } from '@gitops-sync/core';

/*
 * Adversarial review of issue 13 (Kubernetes field origin): whoever edits a live object can also edit
 * its last-applied annotation, to make the edit look like Git's (planned). The API server's own record
 * (managedFields: the field moved to kubectl-edit) still tells; and a forgery of both is still drift.
 */

type Obj = Record<string, any>;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const APP = 'k:{"name":"app"}';

const git = (): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'registry.example.com/shop@sha256:' + 'a'.repeat(64) }] } } },
});
const entry = (manager: string, fieldsV1: Obj) => ({ manager, operation: 'Update', apiVersion: 'apps/v1', time: '2026-12-01T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1 });
const imageField = { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { [APP]: { 'f:image': {} } } } } } };

/** Applied from Git, then `kubectl edit` of the image and of the last-applied annotation to match it. */
function forged(imageOwner: string): Obj {
  const object = git();
  object.spec.template.spec.containers[0].image = 'evil.example.com/shop:latest';
  object.metadata.annotations = { [LAST_APPLIED]: JSON.stringify(object) };
  object.metadata.managedFields = [
    entry('kubectl-client-side-apply', { 'f:spec': { 'f:replicas': {} } }),
    entry(imageOwner, { 'f:metadata': { 'f:annotations': { [`f:${LAST_APPLIED}`]: {} } }, ...imageField }),
  ];
  return object;
}
const compare = (live: Obj) => diffManifests([git() as K8sObject], [live as K8sObject], { desiredLabel: 'git', liveLabel: 'live', defaultNamespace: 'default' });

describe('a last-applied annotation edited along with the field', () => {
  test('managedFields still say kubectl-edit wrote the image: the change is made outside Git', () => {
    const changes = compare(forged('kubectl-edit'));
    expect(changes.map((change) => [change.origin, change.fields.map((field) => field.path)])).toEqual([['outside', ['/spec/template/spec/containers/0/image']]]);
  });

  test('with managedFields forged as well, the origin cannot tell, but the difference is still drift', () => {
    const changes = compare(forged('kubectl-client-side-apply'));
    expect(changes.flatMap((change) => change.fields)).toEqual([expect.objectContaining({ path: '/spec/template/spec/containers/0/image', before: 'evil.example.com/shop:latest' })]);
  });
});

test('an object created by kubectl create --save-config, since applied from Git: a field Git now changes is planned', () => {
  const applied = git();
  const object = structuredClone(applied);
  object.metadata.annotations = { [LAST_APPLIED]: JSON.stringify(applied) };
  // kubectl-create still owns the fields no apply changed; the apply rewrote the annotation, so it owns that.
  object.metadata.managedFields = [
    entry('kubectl-create', { 'f:spec': { 'f:replicas': {}, ...imageField['f:spec'] } }),
    entry('kubectl-client-side-apply', { 'f:metadata': { 'f:annotations': { [`f:${LAST_APPLIED}`]: {} } } }),
  ];
  const wanted = git();
  wanted.spec.replicas = 3;
  const changes = diffManifests([wanted as K8sObject], [object as K8sObject], { desiredLabel: 'git', liveLabel: 'live', defaultNamespace: 'default' });
  expect(changes.map((change) => [change.origin, change.fields.map((field) => field.path)])).toEqual([['planned', ['/spec/replicas']]]);
});


/**
 * The live export compared as it streams in: each live object is diffed on arrival and dropped,
 * and a List's items are handed over before its kind is known. The changes must be exactly those
 * of comparing both sides parsed whole, on every fixture and on the cases where order matters.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { diffManifests, eachManifest, KubernetesEnvironment, NotAListError, parseManifests, readManifestStream, type ByteSource, type IgnoreDifference, type K8sObject } from '@gitops-sync/core';
import { diffLiveExport, kubernetesChanges } from '@gitops-sync/engine';
import { GITOPS_ENGINE_PAIRS } from './support/gitops-engine-pairs.js';
import { SHARED_FIXTURES } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';
import { expectUserError } from './support/user-error.js';

const ENGINE = resolve(SHARED_FIXTURES, 'kubernetes', 'gitops-engine');
const DYFF = resolve(SHARED_FIXTURES, 'kubernetes', 'dyff');
const dir = tempDir('k8s-streaming-perf-');
let written = 0;

/** `text` in a file of its own, for the engine to read. */
function file(text: string, ext = 'yaml'): string {
  const path = join(dir, `${++written}.${ext}`);
  writeFileSync(path, text);
  return path;
}

interface Options {
  defaultNamespace?: string;
  trackingLabel?: string;
  ignoreDifferences?: IgnoreDifference[];
}

const diffOptions = (options: Options) => ({ desiredLabel: 'git.yaml', liveLabel: 'live.yaml', defaultNamespace: options.defaultNamespace ?? 'default', ...options });

/** Both sides parsed whole, then compared: how the changes were found before the export streamed. */
const whole = (desired: string, live: string, options: Options = {}) => diffManifests(parseManifests(desired, 'git.yaml'), parseManifests(live, 'live.yaml'), diffOptions(options));

/** The live side streamed from a file, with every List split into items (listSplitBytes 0). */
const streamed = (desired: string, live: string, options: Options = {}, ext = 'yaml') =>
  diffLiveExport(parseManifests(desired, 'git.yaml'), file(live, ext), { ...diffOptions(options), liveLabel: 'live.yaml' }, { listSplitBytes: 0 });

/** The objects of a YAML or JSON text as a List export, the way kubectl writes it: `kind` after the items. */
const asYamlList = (objects: K8sObject[]) =>
  `apiVersion: v1\nitems:\n${objects.map((object) => `- ${JSON.stringify(object)}\n`).join('')}kind: List\nmetadata:\n  resourceVersion: ""\n`;
const asJsonList = (objects: K8sObject[]) => JSON.stringify({ apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } }, null, 4);

/** The changes, or the sentence the inputs are refused with. */
function outcome<T>(run: () => T): T | string {
  try {
    return run();
  } catch (error) {
    return expectUserError(() => {
      throw error;
    });
  }
}

/** The same changes (or refusal) from the export as written, and as a YAML and a JSON List export. */
function expectSameChanges(desired: string, live: string, options: Options = {}) {
  const expected = outcome(() => whole(desired, live, options));
  const liveObjects = parseManifests(live, 'live.yaml');
  expect(outcome(() => streamed(desired, live, options))).toEqual(expected);
  expect(outcome(() => streamed(desired, asYamlList(liveObjects), options))).toEqual(expected);
  expect(outcome(() => streamed(desired, asJsonList(liveObjects), options, 'json'))).toEqual(expected);
  if (typeof expected === 'string') throw new Error(`the inputs are refused: ${expected}`);
  return expected;
}

const deployment = (name: string, replicas: number, extra = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers:\n      - name: app\n        image: app:1\n${extra}`;
const hpa = (name: string) =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${name}\n  minReplicas: 1\n  maxReplicas: 9\n`;
const docs = (...texts: string[]) => texts.join('---\n');

describe('the live export compared as it streams gives the changes of comparing it whole', () => {
  test.each(GITOPS_ENGINE_PAIRS.map(([base, namespace]) => [base, namespace]))('gitops-engine pair %s', (base, namespace) => {
    const text = (side: string) => readFileSync(resolve(ENGINE, readdirSync(ENGINE).find((name) => name === `${base}-${side}.json` || name === `${base}-${side}.yaml`)!), 'utf8');
    expectSameChanges(text('config'), text('live'), { defaultNamespace: namespace });
  });

  test('every dyff manifest set, with and without a tracking label', () => {
    for (const name of readdirSync(DYFF)) {
      const ext = existsSync(resolve(DYFF, name, 'from.yml')) ? 'yml' : 'yaml';
      if (!existsSync(resolve(DYFF, name, `from.${ext}`))) continue;
      const [to, from] = ['to', 'from'].map((side) => readFileSync(resolve(DYFF, name, `${side}.${ext}`), 'utf8'));
      for (const options of [{}, { trackingLabel: 'app=foo' }]) {
        const expected = outcome(() => whole(to, from, options));
        expect(outcome(() => streamed(to, from, options))).toEqual(expected);
        expect(outcome(() => streamed(to, asYamlList(parseManifests(from, 'live.yaml')), options))).toEqual(expected);
      }
    }
  });

  test('changes keep their order: outside Git, then creates and updates in Git order, then deletes in export order', () => {
    const desired = docs(deployment('b', 2), deployment('a', 2), deployment('new', 1));
    const live = docs(
      deployment('gone-2', 1).replace('namespace: shop', 'namespace: shop\n  labels:\n    app: shop'),
      deployment('a', 3, '      securityContext:\n        privileged: true\n'),
      deployment('b', 5),
      deployment('gone-1', 1).replace('namespace: shop', 'namespace: shop\n  labels:\n    app: shop'),
    );
    const changes = expectSameChanges(desired, live, { trackingLabel: 'app=shop' });
    expect(changes.map((c) => [c.origin, c.action, c.address])).toEqual([
      ['outside', 'update', 'apps/v1/Deployment/shop/a'],
      ['planned', 'update', 'apps/v1/Deployment/shop/b'],
      ['planned', 'update', 'apps/v1/Deployment/shop/a'],
      ['planned', 'create', 'apps/v1/Deployment/shop/new'],
      ['planned', 'delete', 'apps/v1/Deployment/shop/gone-2'],
      ['planned', 'delete', 'apps/v1/Deployment/shop/gone-1'],
    ]);
  });
});

describe('what the diff reads from a live object is still read', () => {
  test('an HPA later in the export than the Deployment it scales still owns its replicas', () => {
    const desired = docs(deployment('web', 2), deployment('api', 2));
    const live = docs(deployment('web', 7), deployment('api', 7), hpa('web'));
    const changes = expectSameChanges(desired, live);
    expect(changes.map((c) => [c.address, c.fields.map((f) => f.path)])).toEqual([['apps/v1/Deployment/shop/api', ['/spec/replicas']]]);
  });

  test('a managedFields ignore rule still ignores what its manager owns', () => {
    const managed = '  managedFields:\n  - manager: kube-controller-manager\n    operation: Update\n    fieldsType: FieldsV1\n    fieldsV1:\n      f:spec:\n        f:replicas: {}\n';
    const live = deployment('web', 7).replace('namespace: shop\n', `namespace: shop\n${managed}`);
    const rule: IgnoreDifference = { kind: 'Deployment', json_pointers: [], managed_fields_managers: ['kube-controller-manager'] };
    expect(expectSameChanges(deployment('web', 2), live, { ignoreDifferences: [rule] })).toEqual([]);
    expect(expectSameChanges(deployment('web', 2), live).map((c) => c.fields.map((f) => f.path))).toEqual([['/spec/replicas']]);
  });

  test('a live object that differs only in status and server metadata shows no drift', () => {
    const server =
      '  uid: 0b9c3f5e-1111-2222-3333-444455556666\n  resourceVersion: "98231"\n  generation: 4\n  creationTimestamp: "2026-01-02T03:04:05Z"\n' +
      '  annotations:\n    deployment.kubernetes.io/revision: "3"\n';
    const live = deployment('web', 2).replace('namespace: shop\n', `namespace: shop\n${server}`) + 'status:\n  replicas: 2\n  readyReplicas: 1\n  observedGeneration: 4\n';
    expect(expectSameChanges(deployment('web', 2), live)).toEqual([]);
  });
});

describe('List items handed over before the kind is known', () => {
  const chunked = (text: string): ByteSource => {
    const bytes = Buffer.from(text);
    let at = 0;
    return () => (at < bytes.length ? bytes.subarray(at, (at += 5)) : undefined);
  };
  const handedOver = (text: string) => {
    const objects: K8sObject[] = [];
    eachManifest((consume) => consume(chunked(text)), 'live.yaml', (object) => objects.push(object), { listSplitBytes: 0, itemsBeforeKind: true });
    return objects;
  };
  const kept = (text: string) => readManifestStream((consume) => consume(chunked(text)), 'live.yaml', { listSplitBytes: 0 });
  const objects = parseManifests(docs(deployment('web', 2), hpa('web')), 'm.yaml');

  test('a YAML or JSON List gives the same objects as when its items are kept', () => {
    for (const text of [asYamlList(objects), asJsonList(objects), `${asYamlList(objects)}---\n${deployment('after', 1)}`]) expect(handedOver(text)).toEqual(kept(text));
  });

  test('an item that is not an object is refused with the same sentence, once the document is known to be a List', () => {
    for (const list of [asYamlList(objects).replace('items:\n', 'items:\n- 42\n'), asJsonList(objects).replace('"items": [', '"items": [\n42,')]) {
      const refusal = expectUserError(() => kept(list), /list item is not a Kubernetes object/);
      expect(expectUserError(() => handedOver(list))).toBe(refusal);
    }
  });

  test('a document with items that turns out not to be a List is read again, keeping them', () => {
    const bundle = (items: string) => `apiVersion: example.com/v1\nitems:\n${items}kind: Bundle\nmetadata:\n  name: everything\n  namespace: shop\n  labels: { app: shop }\n`;
    expect(() => handedOver(bundle('- a: 1\n- b: 3\n'))).toThrow(NotAListError);
    expect(() => handedOver(JSON.stringify({ ...parseManifests(bundle(''), 'b.yaml')[0], items: objects }))).toThrow(NotAListError);
    // Git cannot hold such an object (kubectl would apply its items instead: attack27k8s-items); one live is pruned, items and all.
    const changes = expectSameChanges('', bundle('- a: 1\n- b: 3\n'), { trackingLabel: 'app=shop' });
    expect(changes.map((c) => [c.action, c.address, c.fields.find((f) => f.path === '/items')?.before])).toEqual([['delete', 'example.com/v1/Bundle/shop/everything', [{ a: 1 }, { b: 3 }]]]);
  });

  test('the same object twice in the export is refused as before', () => {
    const live = docs(deployment('web', 2), deployment('web', 3));
    const refusal = expectUserError(() => whole(deployment('web', 2), live), /twice/);
    expect(expectUserError(() => streamed(deployment('web', 2), live))).toBe(refusal);
  });
});

describe('drift of a Kubernetes environment with a live export', () => {
  test('the export is compared as it streams, with the changes of comparing it whole', async () => {
    const base = tempDir('k8s-streaming-perf-env-');
    mkdirSync(join(base, 'k8s'));
    const desired = docs(deployment('web', 2), deployment('api', 2));
    const live = asYamlList(parseManifests(docs(deployment('web', 7), deployment('api', 7, '      securityContext:\n        privileged: true\n'), hpa('web')), 'live.yaml'));
    writeFileSync(join(base, 'k8s', 'apps.yaml'), desired);
    writeFileSync(join(base, 'live.yaml'), live);
    const environment = KubernetesEnvironment.parse({ manifests: ['k8s'], live: { export: 'live.yaml' }, namespace: 'shop' });
    const changes = await kubernetesChanges(environment, 'shop', base, { exec: () => Promise.reject(new Error('no tool runs for an export')) } as never);
    const expected = diffManifests(parseManifests(desired, 'git.yaml'), parseManifests(live, 'live.yaml'), { ...diffOptions({ defaultNamespace: 'shop' }), desiredLabel: 'the desired objects of shop', liveLabel: 'the live objects of shop' });
    expect(changes).toEqual(expected);
    expect(changes.map((c) => [c.origin, c.address, c.fields.map((f) => f.path)])).toEqual([
      ['outside', 'apps/v1/Deployment/shop/api', ['/spec/template/spec/securityContext']],
      ['planned', 'apps/v1/Deployment/shop/api', ['/spec/replicas']],
    ]);
  });
});

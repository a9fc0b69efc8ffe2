/**
 * Kubernetes, Argo CD and Flux sync and rollback. No API server runs here, so kubectl and flux run
 * through the real Exec port against stand-in executables (test/support/fake-kubectl.ts) that record
 * every call; Argo CD is a loopback HTTP server answering the API's documented shapes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { Decrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { KubernetesEnvironment } from '@gitops-sync/core';
import {
  approvedKubernetesPrunes,
  nodeExec,
  reconcileFlux,
  rollbackArgoCdApp,
  rollbackDeployment,
  SyncFailure,
  syncArgoCdApp,
  syncKubernetes,
  systemClock,
  type Clock,
  type KubernetesSyncRequest,
  type SyncContext,
} from '@gitops-sync/engine';
import { callLines, fakeTools, type FakeRule } from './support/fake-kubectl.js';
import { expectRejection } from './support/user-error.js';
import { tempDir } from './support/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-sync-k8s-');
});

/** A SyncContext on the real Exec port; sleeps are recorded, not waited (and move `clock` on, if given). */
function syncContext(env: NodeJS.ProcessEnv, clock?: { now: number }) {
  const progress: string[] = [];
  const sleeps: number[] = [];
  const theClock: Clock = clock ? { now: () => new Date(clock.now) } : systemClock;
  const context: SyncContext = {
    exec: nodeExec,
    progress: { step: (message) => progress.push(message) },
    clock: theClock,
    env,
    sleep: async (ms) => {
      sleeps.push(ms);
      if (clock) clock.now += ms;
    },
  };
  return { context, progress, sleeps };
}


const SECRET_VALUE = 'super-secret-value';
const OLD_SECRET_VALUE = 'old-secret-value';
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Git's side: files sort app < crd < namespace, so Git lists the Namespace and the CRD last. */
function writeManifests(): void {
  mkdirSync(join(dir, 'git'));
  writeFileSync(
    join(dir, 'git', 'app.yaml'),
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: app-config }\ndata: { mode: fast }',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec:\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [ { name: web, image: "web:1.1" } ] }',
      `apiVersion: v1\nkind: Secret\nmetadata: { name: db-creds }\ndata: { password: ${b64(SECRET_VALUE)} }`,
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w1 }\nspec: { size: 3 }',
    ].join('\n---\n'),
  );
  writeFileSync(
    join(dir, 'git', 'crd.yaml'),
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: widgets.example.com }\nspec:\n  group: example.com\n  names: { kind: Widget, plural: widgets }\n  scope: Namespaced\n  versions: [ { name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } } } ]\n',
  );
  writeFileSync(join(dir, 'git', 'namespace.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n');
}

const LIVE_NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  resourceVersion: "10"\n';
const LIVE_DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n    deployment.kubernetes.io/revision: "5"\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: web:1.0\n';
const LIVE_SECRET = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\n  namespace: shop\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","data":{"password":"${b64(OLD_SECRET_VALUE)}"},"kind":"Secret"}'\ntype: Opaque\ndata:\n  password: ${b64(OLD_SECRET_VALUE)}\n`;
const LIVE_OLD_CONFIG = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old-config\n  namespace: shop\ndata:\n  mode: slow\n';

/** A cluster where the Namespace, the Deployment, the Secret and an old ConfigMap exist and the Widget CRD does not yet. */
function clusterRules(overrides: FakeRule[] = []): FakeRule[] {
  return [
    ...overrides,
    { match: /^get Namespace\/shop -o yaml --ignore-not-found/, stdout: LIVE_NAMESPACE },
    { match: /^get Deployment\.apps\/web -n shop -o yaml --ignore-not-found/, stdout: LIVE_DEPLOYMENT },
    { match: /^get Secret\/db-creds -n shop -o yaml --ignore-not-found/, stdout: LIVE_SECRET },
    { match: /^get ConfigMap\/old-config -n shop -o yaml --ignore-not-found/, stdout: LIVE_OLD_CONFIG },
    { match: /^get Widget\.example\.com\/w1 /, exit: 1, stderr: 'error: the server doesn\'t have a resource type "Widget"\n' },
    { match: /^get \S+ (-n \S+ )?-o yaml --ignore-not-found/, stdout: '' },
    { match: /^apply --server-side --field-manager=gitops-sync -f /, stdout: 'applied (server-side)\n' },
    { match: /^wait --for=condition=Established customresourcedefinition\/widgets\.example\.com/, stdout: 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met\n' },
    { match: /^rollout status deployment\/web -n shop --timeout=120s/, stdout: 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\ndeployment "web" successfully rolled out\n' },
    { match: /^delete ConfigMap\/old-config -n shop/, stdout: 'configmap "old-config" deleted\n' },
  ];
}

function request(overrides: Partial<KubernetesSyncRequest> = {}): KubernetesSyncRequest {
  return {
    environment: 'prod',
    kubernetes: KubernetesEnvironment.parse({ manifests: ['git'], namespace: 'shop', context: 'prod-cluster', live: { kubectl: true } }),
    baseDir: dir,
    approvedPrunes: ['v1/ConfigMap/shop/old-config', 'apps/v1/Deployment/shop/web'],
    backupDir: join(dir, 'backups', 'prod', '20240101T000000Z'),
    rolloutTimeoutSeconds: 120,
    dryRun: false,
    ...overrides,
  };
}

const kubectlCalls = (tools: ReturnType<typeof fakeTools>) => tools.calls().filter((call) => call.tool === 'kubectl');
const items = (file: string | undefined) => (JSON.parse(file ?? '{}') as { items: { kind: string; metadata: { name: string; namespace?: string } }[] }).items;

describe('syncKubernetes', () => {
  test('backs up first, applies Namespaces and CRDs before the rest, waits for rollouts, prunes only the approved object, last', async () => {
    writeManifests();
    const req = request();
    const tools = fakeTools({ kubectl: clusterRules() }, { watchDir: req.backupDir });
    const { context, progress } = syncContext(tools.env);
    const outcome = await syncKubernetes(req, context);

    const lines = callLines(kubectlCalls(tools)).map((line) => line.replace(/-f \S+/, '-f <file>'));
    expect(lines).toEqual([
      'kubectl get Namespace/shop -o yaml --ignore-not-found --context prod-cluster',
      'kubectl get CustomResourceDefinition.apiextensions.k8s.io/widgets.example.com -o yaml --ignore-not-found --context prod-cluster',
      'kubectl get ConfigMap/app-config -n shop -o yaml --ignore-not-found --context prod-cluster',
      'kubectl get Deployment.apps/web -n shop -o yaml --ignore-not-found --context prod-cluster',
      'kubectl get Secret/db-creds -n shop -o yaml --ignore-not-found --context prod-cluster',
      'kubectl get Widget.example.com/w1 -n shop -o yaml --ignore-not-found --context prod-cluster',
      'kubectl get ConfigMap/old-config -n shop -o yaml --ignore-not-found --context prod-cluster',
      'kubectl apply --server-side --field-manager=gitops-sync -f <file> --context prod-cluster',
      'kubectl wait --for=condition=Established customresourcedefinition/widgets.example.com --timeout=120s --context prod-cluster',
      'kubectl apply --server-side --field-manager=gitops-sync -f <file> --context prod-cluster',
      'kubectl rollout status deployment/web -n shop --timeout=120s --context prod-cluster',
      'kubectl delete ConfigMap/old-config -n shop --ignore-not-found --wait=true --timeout=120s --context prod-cluster',
    ]);

    // What each apply carried: Namespace and CRD first; the rest in Git's order, given the environment's namespace.
    const applies = kubectlCalls(tools).filter((call) => call.args[0] === 'apply');
    expect(items(applies[0].file).map((item) => `${item.kind}/${item.metadata.name}`)).toEqual(['Namespace/shop', 'CustomResourceDefinition/widgets.example.com']);
    expect(items(applies[1].file).map((item) => `${item.kind}/${item.metadata.namespace}/${item.metadata.name}`)).toEqual([
      'ConfigMap/shop/app-config',
      'Deployment/shop/web',
      'Secret/shop/db-creds',
      'Widget/shop/w1',
    ]);

    // Every existing object was backed up before the first apply (the fake looked into the folder as it ran).
    const backups = ['apps.v1.Deployment.shop.web.yaml', 'v1.ConfigMap.shop.old-config.yaml', 'v1.Namespace..shop.yaml', 'v1.Secret.shop.db-creds.yaml'];
    expect(applies[0].watched).toEqual(backups);
    expect(outcome.backups.map((path) => path.slice(req.backupDir.length + 1)).sort()).toEqual(backups);
    expect(readFileSync(join(req.backupDir, 'apps.v1.Deployment.shop.web.yaml'), 'utf8')).toBe(LIVE_DEPLOYMENT);
    expect(readFileSync(join(req.backupDir, 'v1.ConfigMap.shop.old-config.yaml'), 'utf8')).toBe(LIVE_OLD_CONFIG);

    // A Secret's backup keeps its keys, not its values (nor the annotation repeating them); no output shows one.
    const secretBackup = readFileSync(join(req.backupDir, 'v1.Secret.shop.db-creds.yaml'), 'utf8');
    expect(secretBackup).toContain('password: (sensitive)');
    expect(secretBackup).toContain('kubectl.kubernetes.io/last-applied-configuration: (sensitive)');
    for (const text of [secretBackup, JSON.stringify(outcome), progress.join('\n')]) {
      for (const value of [OLD_SECRET_VALUE, b64(OLD_SECRET_VALUE), SECRET_VALUE, b64(SECRET_VALUE)]) expect(text).not.toContain(value);
    }

    expect(outcome).toMatchObject({ environment: 'prod', applied: true, dryRun: false, pruned: ['v1/ConfigMap/shop/old-config'], rolledOut: ['deployment/web -n shop'] });
    expect(outcome.appliedObjects).toEqual([
      'v1/Namespace//shop',
      'apiextensions.k8s.io/v1/CustomResourceDefinition//widgets.example.com',
      'v1/ConfigMap/shop/app-config',
      'apps/v1/Deployment/shop/web',
      'v1/Secret/shop/db-creds',
      'example.com/v1/Widget/shop/w1',
    ]);
    expect(outcome.steps).toContain('keep apps/v1/Deployment/shop/web: approved for deletion, but Git still has it');
  });

  test('only approved prunes are deleted: nothing when none is approved, namespaces after what lives in them', async () => {
    writeManifests();
    const none = fakeTools({ kubectl: clusterRules() });
    await syncKubernetes(request({ approvedPrunes: [] }), syncContext(none.env).context);
    expect(kubectlCalls(none).filter((call) => call.args[0] === 'delete')).toEqual([]);

    const some = fakeTools({ kubectl: clusterRules([{ match: /^delete /, stdout: 'deleted\n' }]) });
    await syncKubernetes(request({ approvedPrunes: ['v1/Namespace//old-shop', 'v1/ConfigMap/shop/old-config', 'v1/ConfigMap/shop/old-config'] }), syncContext(some.env).context);
    expect(callLines(kubectlCalls(some).filter((call) => call.args[0] === 'delete'))).toEqual([
      'kubectl delete ConfigMap/old-config -n shop --ignore-not-found --wait=true --timeout=120s --context prod-cluster',
      'kubectl delete Namespace/old-shop --ignore-not-found --wait=true --timeout=120s --context prod-cluster',
    ]);

    const report = { changes: [
      { address: 'v1/ConfigMap/shop/old-config', action: 'delete' },
      { address: 'aws_instance.web', action: 'delete' },
      { address: 'apps/v1/Deployment/shop/web', action: 'update' },
    ] } as Parameters<typeof approvedKubernetesPrunes>[0];
    expect(approvedKubernetesPrunes(report)).toEqual(['v1/ConfigMap/shop/old-config']);
    const bad = await expectRejection(syncKubernetes(request({ approvedPrunes: ['aws_instance.web'] }), syncContext(some.env).context));
    expect(bad.message).toBe('"aws_instance.web" is not a Kubernetes object address (group/version/Kind/namespace/name); pass the addresses the drift report lists.');
  });

  test('an apply that fails is apply-failed: no rollout wait, no deletion, no secret value in the message', async () => {
    writeManifests();
    const tools = fakeTools({
      kubectl: clusterRules([
        {
          match: /^apply .*objects\.json/,
          exit: 1,
          stderr: `Error from server (Invalid): Secret "db-creds" is invalid: data[password]: Invalid value: "${SECRET_VALUE}": too long\n`,
        },
      ]),
    });
    const error = await expectRejection<SyncFailure>(syncKubernetes(request(), syncContext(tools.env).context));
    expect(error).toBeInstanceOf(SyncFailure);
    expect(error.reason).toBe('apply-failed');
    expect(error.message).toMatch(/^kubectl apply of 4 object\(s\) for prod failed \(exit 1: Error from server \(Invalid\): Secret "db-creds" is invalid: data\[password\]: Invalid value: "\*\*\*": too long\); some objects may already be applied, so plan again before retrying; the live YAML from before is in .+\.$/);
    expect(`${error.message} ${error.detail}`).not.toContain(SECRET_VALUE);
    expect(kubectlCalls(tools).filter((call) => call.args[0] === 'rollout' || call.args[0] === 'delete')).toEqual([]);
  });

  test('a rollout that does not finish is rollout-timeout, and the approved deletions are not made', async () => {
    writeManifests();
    const tools = fakeTools({ kubectl: clusterRules([{ match: /^rollout status deployment\/web/, exit: 1, stderr: 'error: timed out waiting for the condition\n' }]) });
    const error = await expectRejection<SyncFailure>(syncKubernetes(request(), syncContext(tools.env).context));
    expect(error.reason).toBe('rollout-timeout');
    expect(error.message).toMatch(
      /^deployment\/web in shop did not finish rolling out within 120 s \(kubectl: error: timed out waiting for the condition\); the 1 approved deletion\(s\) were not made; check the pods \(kubectl describe deployment\/web -n shop\) or roll back; the live YAML from before is in .+\.$/,
    );
    expect(kubectlCalls(tools).filter((call) => call.args[0] === 'delete')).toEqual([]);
  });

  test('dry-run renders and says what would run; kubectl changes nothing, no backup is written', async () => {
    writeManifests();
    const req = request({ dryRun: true });
    const tools = fakeTools({ kubectl: clusterRules() });
    const outcome = await syncKubernetes(req, syncContext(tools.env).context);
    expect(kubectlCalls(tools).filter((call) => call.args[0] === 'apply' || call.args[0] === 'delete')).toEqual([]);
    expect(existsSync(req.backupDir)).toBe(false);
    expect(outcome).toMatchObject({ applied: false, dryRun: true, backups: [] });
    expect(outcome.steps.filter((step) => !step.startsWith('kubectl get '))).toEqual([
      'keep apps/v1/Deployment/shop/web: approved for deletion, but Git still has it',
      'kubectl apply --server-side --field-manager=gitops-sync -f <2 object(s): Namespace shop, CustomResourceDefinition widgets.example.com> --context prod-cluster',
      'kubectl wait --for=condition=Established customresourcedefinition/widgets.example.com --timeout=120s --context prod-cluster',
      'kubectl apply --server-side --field-manager=gitops-sync -f <4 object(s): ConfigMap shop/app-config, Deployment shop/web, Secret shop/db-creds, Widget shop/w1> --context prod-cluster',
      'kubectl rollout status deployment/web -n shop --timeout=120s --context prod-cluster',
      'kubectl delete ConfigMap/old-config -n shop --ignore-not-found --wait=true --timeout=120s --context prod-cluster',
    ]);
  });

  test('a backup that cannot be taken or written stops the sync before anything changes', async () => {
    writeManifests();
    const unreachable = fakeTools({ kubectl: clusterRules([{ match: /^get Deployment/, exit: 1, stderr: 'Unable to connect to the server: dial tcp 10.0.0.1:6443: connect: connection refused\n' }]) });
    const error = await expectRejection(syncKubernetes(request(), syncContext(unreachable.env).context));
    expect(error).not.toBeInstanceOf(SyncFailure);
    expect(error.message).toBe('Could not back up Deployment shop/web before syncing prod (kubectl get exit 1: Unable to connect to the server: dial tcp 10.0.0.1:6443: connect: connection refused); nothing was changed.');
    expect(kubectlCalls(unreachable).filter((call) => call.args[0] !== 'get')).toEqual([]);

    // The backup folder cannot be written (as when the disk is full): refused, nothing applied.
    writeFileSync(join(dir, 'not-a-folder'), '');
    const tools = fakeTools({ kubectl: clusterRules() });
    const unwritable = await expectRejection(syncKubernetes(request({ backupDir: join(dir, 'not-a-folder', 'prod') }), syncContext(tools.env).context));
    expect(unwritable.message).toMatch(/^Could not create the backup folder .*not-a-folder\/prod before syncing prod \(.*\); nothing was changed\.$/);
    expect(kubectlCalls(tools)).toEqual([]);
  });

  test('secretBackups full keeps the Secret as it is, readable by its owner only', async () => {
    writeManifests();
    const req = request({ secretBackups: 'full' });
    const tools = fakeTools({ kubectl: clusterRules() });
    const { context, progress } = syncContext(tools.env);
    const outcome = await syncKubernetes(req, context);
    const path = join(req.backupDir, 'v1.Secret.shop.db-creds.yaml');
    expect(readFileSync(path, 'utf8')).toBe(LIVE_SECRET);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(req.backupDir).mode & 0o777).toBe(0o700);
    expect(`${JSON.stringify(outcome)} ${progress.join('\n')}`).not.toContain(b64(OLD_SECRET_VALUE));
  });
});

describe('encrypted Kubernetes backups', () => {
  test('with recipients every live object is backed up only as <name>.yaml.age, which the identity decrypts', async () => {
    writeManifests();
    const identity = await generateX25519Identity();
    const req = request({ backupRecipients: [await identityToRecipient(identity)], secretBackups: 'full' });
    const tools = fakeTools({ kubectl: clusterRules() });
    const outcome = await syncKubernetes(req, syncContext(tools.env).context);
    const names = readdirSync(req.backupDir).sort();
    expect(names).toEqual(['apps.v1.Deployment.shop.web.yaml.age', 'v1.ConfigMap.shop.old-config.yaml.age', 'v1.Namespace..shop.yaml.age', 'v1.Secret.shop.db-creds.yaml.age']);
    expect(outcome.backups.map((path) => path.slice(req.backupDir.length + 1)).sort()).toEqual(names);
    const secret = readFileSync(join(req.backupDir, 'v1.Secret.shop.db-creds.yaml.age'));
    expect(secret.includes(b64(OLD_SECRET_VALUE))).toBe(false);
    expect(statSync(join(req.backupDir, 'v1.Secret.shop.db-creds.yaml.age')).mode & 0o777).toBe(0o600);
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    expect(await decrypter.decrypt(secret, 'text')).toBe(LIVE_SECRET);
  });

  test('a failed apply carries the backups it wrote, so the sync result lists them', async () => {
    writeManifests();
    const tools = fakeTools({ kubectl: clusterRules([{ match: /^apply .*objects\.json/, exit: 1, stderr: 'Error from server (Invalid): nope\n' }]) });
    const req = request();
    const error = await expectRejection<SyncFailure>(syncKubernetes(req, syncContext(tools.env).context));
    expect(error.reason).toBe('apply-failed');
    expect(error.backups.map((path) => path.slice(req.backupDir.length + 1)).sort()).toEqual([
      'apps.v1.Deployment.shop.web.yaml',
      'v1.ConfigMap.shop.old-config.yaml',
      'v1.Namespace..shop.yaml',
      'v1.Secret.shop.db-creds.yaml',
    ]);
  });
});

describe('rollbackDeployment', () => {
  const rollback = (overrides: Partial<Parameters<typeof rollbackDeployment>[0]> = {}) => ({
    environment: 'prod',
    kubernetes: { context: 'prod-cluster' },
    namespace: 'shop',
    name: 'web',
    toRevision: 3,
    backupDir: join(dir, 'backups', 'prod', 'rollback'),
    rolloutTimeoutSeconds: 60,
    ...overrides,
  });

  test('backs up the object, rollout undo to the revision, then waits for rollout status', async () => {
    const backupDir = join(dir, 'backups', 'prod', 'rollback');
    const tools = fakeTools(
      {
        kubectl: [
          { match: /^get Deployment\.apps\/web -n shop -o yaml --ignore-not-found --context prod-cluster$/, stdout: LIVE_DEPLOYMENT },
          { match: /^rollout undo deployment\/web --to-revision=3 -n shop --context prod-cluster$/, stdout: 'deployment.apps/web rolled back\n' },
          { match: /^rollout status deployment\/web -n shop --timeout=60s --context prod-cluster$/, stdout: 'deployment "web" successfully rolled out\n' },
        ],
      },
      { watchDir: backupDir },
    );
    const result = await rollbackDeployment(rollback(), syncContext(tools.env).context);
    const calls = kubectlCalls(tools);
    expect(calls.map((call) => call.args.slice(0, 2).join(' '))).toEqual(['get Deployment.apps/web', 'rollout undo', 'rollout status']);
    expect(calls[1].watched).toEqual(['apps.v1.Deployment.shop.web.yaml']);
    expect(result).toEqual({
      rolledBack: true,
      from: 'deployment/web revision 5',
      to: 'deployment/web revision 3',
      backupPath: join(backupDir, 'apps.v1.Deployment.shop.web.yaml'),
      verification: 'deployment "web" successfully rolled out',
    });
    expect(readFileSync(result.backupPath, 'utf8')).toBe(LIVE_DEPLOYMENT);
  });

  test('a rollback that never becomes ready is rollout-timeout; an unknown revision is apply-failed; a missing deployment is refused first', async () => {
    const timeout = fakeTools({
      kubectl: [
        { match: /^get /, stdout: LIVE_DEPLOYMENT },
        { match: /^rollout undo deployment\/web -n shop/, stdout: 'deployment.apps/web rolled back\n' },
        { match: /^rollout status /, exit: 1, stderr: 'error: timed out waiting for the condition\n' },
      ],
    });
    const late = await expectRejection<SyncFailure>(rollbackDeployment(rollback({ toRevision: undefined, kubernetes: {} }), syncContext(timeout.env).context));
    expect(late.reason).toBe('rollout-timeout');
    expect(late.message).toMatch(/^deployment\/web in shop did not finish rolling back within 60 s \(kubectl: error: timed out waiting for the condition\); check its pods with kubectl describe deployment\/web -n shop \(its YAML from before is in .+apps\.v1\.Deployment\.shop\.web\.yaml\)\.$/);

    const unknown = fakeTools({ kubectl: [{ match: /^get /, stdout: LIVE_DEPLOYMENT }, { match: /^rollout undo/, exit: 1, stderr: 'error: unable to find specified revision 9 in history\n' }] });
    const refused = await expectRejection<SyncFailure>(rollbackDeployment(rollback({ toRevision: 9 }), syncContext(unknown.env).context));
    expect(refused.reason).toBe('apply-failed');
    expect(refused.message).toMatch(/^kubectl rollout undo deployment\/web in shop failed \(exit 1: error: unable to find specified revision 9 in history\); list its revisions with kubectl rollout history deployment\/web -n shop/);

    const missing = fakeTools({ kubectl: [{ match: /^get /, stdout: '' }] });
    const gone = await expectRejection(rollbackDeployment(rollback(), syncContext(missing.env).context));
    expect(gone.message).toBe('deployment/web was not found in namespace shop (context prod-cluster); check the name and namespace with kubectl get deployment -n shop.');
    expect(kubectlCalls(missing).map((call) => call.args[0])).toEqual(['get']);
  });
});

describe('reconcileFlux', () => {
  test('without the flux CLI: a clear sentence saying to install it', async () => {
    const tools = fakeTools({ kubectl: [] }, { pathAfter: '' });
    const error = await expectRejection(reconcileFlux({ kind: 'kustomization', name: 'apps', namespace: 'flux-system' }, syncContext(tools.env).context));
    expect(error.message).toBe(
      'The flux CLI is not on PATH, and reconciling the Flux kustomization flux-system/apps needs it; install it (https://fluxcd.io/flux/installation/#install-the-flux-cli) and run again.',
    );
  });

  test('with flux: reconcile --with-source; a timeout is rollout-timeout', async () => {
    const tools = fakeTools({ flux: [{ match: /^reconcile helmrelease web -n shop --with-source --timeout=90s --context prod$/, stderr: '► annotating HelmRelease web in shop namespace\n✔ applied revision 1.2.3\n' }] });
    const outcome = await reconcileFlux({ kind: 'helmrelease', name: 'web', namespace: 'shop', timeoutSeconds: 90, context: 'prod' }, syncContext(tools.env).context);
    expect(outcome).toMatchObject({ applied: true, steps: ['flux reconcile helmrelease web -n shop --with-source --timeout=90s --context prod', '✔ applied revision 1.2.3'] });

    const slow = fakeTools({ flux: [{ match: /^reconcile /, exit: 1, stderr: '► annotating Kustomization apps in flux-system namespace\n◎ waiting for Kustomization reconciliation\n✗ timed out waiting for the condition\n' }] });
    const error = await expectRejection<SyncFailure>(reconcileFlux({ kind: 'kustomization', name: 'apps', namespace: 'flux-system' }, syncContext(slow.env).context));
    expect(error.reason).toBe('rollout-timeout');
    expect(error.message).toBe('flux reconcile kustomization apps -n flux-system did not finish (✗ timed out waiting for the condition); check it with flux get kustomizations -n flux-system.');
  });
});

// ---------------------------------------------------------------------------------------------
// Argo CD through a loopback server.

const TOKEN = 'argocd-token-4f1c9e';
interface Recorded {
  method: string;
  url: string;
  auth: string | undefined;
  body: unknown;
}
type Answer = { status: number; body: unknown };

/** An Application as the API answers it: `operation` set while one is requested or running. */
function application(phase: string | undefined, options: { running?: boolean; message?: string; revision?: string } = {}) {
  return {
    metadata: { name: 'guestbook', namespace: 'argocd' },
    spec: { project: 'default', source: { repoURL: 'https://github.com/argoproj/argocd-example-apps', path: 'guestbook', targetRevision: 'HEAD' } },
    ...(options.running ? { operation: { sync: { revision: options.revision ?? 'abc123', prune: true }, initiatedBy: { username: 'admin' } } } : {}),
    status: {
      sync: { status: 'OutOfSync', revision: 'bbb222' },
      health: { status: 'Healthy' },
      history: [
        { id: 1, revision: 'aaa111', deployedAt: '2024-01-01T00:00:00Z' },
        { id: 2, revision: 'bbb222', deployedAt: '2024-01-02T00:00:00Z' },
      ],
      ...(phase
        ? {
            operationState: {
              operation: { sync: { revision: options.revision ?? 'abc123' } },
              phase,
              message: options.message ?? (phase === 'Succeeded' ? 'successfully synced (all tasks run)' : ''),
              startedAt: '2024-01-03T00:00:00Z',
              ...(phase === 'Running' ? {} : { finishedAt: '2024-01-03T00:01:00Z' }),
              syncResult: { revision: options.revision ?? 'abc123' },
            },
          }
        : {}),
    },
  };
}

let server: Server | undefined;
async function closeServer(): Promise<void> {
  if (!server) return;
  const closing = server;
  server = undefined;
  closing.closeAllConnections();
  await new Promise((done) => closing.close(done));
}
afterEach(closeServer);

/** A loopback Argo CD: `answer` decides each reply; every request is recorded. */
async function argocd(answer: (request: Recorded, index: number) => Answer): Promise<{ url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: Recorded = { method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body: text ? JSON.parse(text) : undefined };
      requests.push(recorded);
      const { status, body } = answer(recorded, requests.length - 1);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, requests };
}

/** GETs answer `phases` in turn (the last repeats); a phase of '' means the operation was just requested. */
function operation(phases: string[], options: { message?: string; postFailures?: number; postStatus?: number } = {}) {
  let gets = 0;
  let posts = 0;
  return (request: Recorded): Answer => {
    if (request.auth !== `Bearer ${TOKEN}`) return { status: 401, body: { error: 'invalid session', code: 16, message: 'invalid session: token is invalid' } };
    if (request.method === 'POST') {
      posts++;
      if (posts <= (options.postFailures ?? 0)) return { status: options.postStatus ?? 503, body: { error: 'upstream connect error', code: 14, message: 'upstream connect error' } };
      // The answer still carries the previous operation's final state; `operation` says a new one is pending.
      return { status: 200, body: application('Succeeded', { running: true }) };
    }
    // '' = just requested: the previous operation's final state, with `operation` set.
    const phase = phases[Math.min(gets++, phases.length - 1)];
    const final = phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
    return { status: 200, body: application(phase || 'Succeeded', { running: !final, message: options.message }) };
  };
}

describe('syncArgoCdApp', () => {
  test('POST /sync with prune, dryRun and revision, then polls Running → Succeeded', async () => {
    const { url, requests } = await argocd(operation(['', 'Running', 'Running', 'Succeeded']));
    const { context, progress, sleeps } = syncContext(process.env);
    const outcome = await syncArgoCdApp({ server: url, token: TOKEN, app: 'guestbook', prune: true, dryRun: false, revision: 'abc123', timeoutSeconds: 300, environment: 'prod' }, context);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/v1/applications/guestbook/sync',
      'GET /api/v1/applications/guestbook',
      'GET /api/v1/applications/guestbook',
      'GET /api/v1/applications/guestbook',
      'GET /api/v1/applications/guestbook',
    ]);
    expect(requests[0].body).toEqual({ prune: true, dryRun: false, revision: 'abc123' });
    expect(requests.every((r) => r.auth === `Bearer ${TOKEN}`)).toBe(true);
    expect(sleeps).toEqual([5000, 5000, 5000]);
    expect(outcome).toMatchObject({ environment: 'prod', applied: true, dryRun: false, app: 'guestbook', phase: 'Succeeded', message: 'successfully synced (all tasks run)', revision: 'abc123' });
    expect(`${JSON.stringify(outcome)} ${progress.join('\n')}`).not.toContain(TOKEN);
  });

  test('5xx answers are retried with exponential backoff; too many are apply-failed', async () => {
    const { url, requests } = await argocd(operation(['Succeeded'], { postFailures: 2 }));
    const { context, sleeps } = syncContext(process.env);
    const outcome = await syncArgoCdApp({ server: url, token: TOKEN, app: 'guestbook', prune: false, dryRun: true, timeoutSeconds: 60 }, context);
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(3);
    expect(requests[2].body).toEqual({ prune: false, dryRun: true });
    expect(sleeps).toEqual([5000, 10000]);
    expect(outcome).toMatchObject({ applied: false, dryRun: true, phase: 'Succeeded' });
    expect(outcome.steps).toEqual(['POST /api/v1/applications/guestbook/sync {"prune":false,"dryRun":true}', 'retry after 5 s', 'retry after 10 s', 'Argo CD: Succeeded: successfully synced (all tasks run)']);

    await closeServer();
    const down = await argocd(operation(['Succeeded'], { postFailures: 99, postStatus: 502 }));
    const retried = syncContext(process.env);
    const error = await expectRejection<SyncFailure>(syncArgoCdApp({ server: down.url, token: TOKEN, app: 'guestbook', prune: false, dryRun: false, timeoutSeconds: 60, backoff: { limit: 3, delaySeconds: 1, factor: 3, maxDelaySeconds: 5 } }, retried.context));
    expect(error.reason).toBe('apply-failed');
    expect(error.message).toBe(`Argo CD at ${down.url} answered HTTP 502 (upstream connect error) when asked to sync application "guestbook", 4 times; check the Argo CD server and the application before trying again.`);
    expect(retried.sleeps).toEqual([1000, 3000, 5000]);
    expect(down.requests).toHaveLength(4);
  });

  test('an operation that ends Failed is apply-failed with Argo CD\'s message', async () => {
    const { url } = await argocd(operation(['Running', 'Failed'], { message: 'one or more objects failed to apply, reason: Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1.' }));
    const error = await expectRejection<SyncFailure>(syncArgoCdApp({ server: url, token: TOKEN, app: 'guestbook', prune: false, dryRun: false, timeoutSeconds: 60 }, syncContext(process.env).context));
    expect(error.reason).toBe('apply-failed');
    expect(error.message).toBe(
      `Argo CD at ${url}: the sync of application "guestbook" ended Failed (one or more objects failed to apply, reason: Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1); read the operation's result with argocd app get guestbook and fix it before trying again.`,
    );
  });

  test('an operation that never finishes is rollout-timeout', async () => {
    const { url, requests } = await argocd(operation(['Running'], { message: 'waiting for healthy state of apps/Deployment/web' }));
    const clock = { now: Date.parse('2024-01-03T00:00:00Z') };
    const { context, sleeps } = syncContext(process.env, clock);
    const error = await expectRejection<SyncFailure>(syncArgoCdApp({ server: url, token: TOKEN, app: 'guestbook', prune: false, dryRun: false, timeoutSeconds: 12, pollIntervalSeconds: 5 }, context));
    expect(error.reason).toBe('rollout-timeout');
    expect(error.message).toBe(
      `Argo CD at ${url}: the sync of application "guestbook" did not finish within 12 s (last phase Running: waiting for healthy state of apps/Deployment/web); it may still be running, check it with argocd app get guestbook before trying again.`,
    );
    expect(sleeps).toEqual([5000, 5000, 2000]);
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(4);
  });

  test('refusals are one sentence without the token', async () => {
    const { url } = await argocd(operation(['Succeeded']));
    const refused = await expectRejection(syncArgoCdApp({ server: url, token: 'wrong-token', app: 'guestbook', prune: false, dryRun: false, timeoutSeconds: 60 }, syncContext(process.env).context));
    expect(refused).not.toBeInstanceOf(SyncFailure);
    expect(refused.message).toBe(`Argo CD at ${url} refused the token for application "guestbook" (HTTP 401: invalid session: token is invalid); check ARGOCD_AUTH_TOKEN (a valid, unexpired API token).`);
    expect(refused.message).not.toContain('wrong-token');

    await closeServer();
    const busy = await argocd(() => ({ status: 400, body: { error: 'another operation is already in progress', code: 9, message: 'another operation is already in progress' } }));
    const error = await expectRejection(syncArgoCdApp({ server: busy.url, token: TOKEN, app: 'guestbook', prune: false, dryRun: false, timeoutSeconds: 60 }, syncContext(process.env).context));
    expect(error.message).toBe(`Argo CD at ${busy.url} refused to sync application "guestbook" (HTTP 400: another operation is already in progress); fix what Argo CD says and try again.`);
  });
});

describe('rollbackArgoCdApp', () => {
  test('POST /rollback with the history id, then polls like a sync', async () => {
    const { url, requests } = await argocd(operation(['Succeeded', '', 'Running', 'Succeeded']));
    const result = await rollbackArgoCdApp({ server: url, token: TOKEN, app: 'guestbook', id: 1, timeoutSeconds: 60 }, syncContext(process.env).context);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/applications/guestbook',
      'POST /api/v1/applications/guestbook/rollback',
      'GET /api/v1/applications/guestbook',
      'GET /api/v1/applications/guestbook',
      'GET /api/v1/applications/guestbook',
    ]);
    expect(requests[1].body).toEqual({ id: 1, prune: false, dryRun: false });
    expect(result).toMatchObject({ rolledBack: true, from: 'history 2 (revision bbb222)', to: 'history 1 (revision aaa111)', backupPath: undefined, verification: 'Argo CD operation Succeeded: successfully synced (all tasks run)' });
  });
});

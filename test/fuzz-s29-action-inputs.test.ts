/**
 * What a fuzz of the GitHub actions' inputs found (helper-133): inputs that let drift-detect write a
 * report hiding the drift the demo holds (one critical change: a privileged container patched in on
 * the cluster), each run through the action as a workflow runs it.
 */
import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, test } from '@jest/globals';
import { run as driftDetect } from '../actions/drift-detect/main.js';
import { run as rollback } from '../actions/rollback/main.js';
import { cli } from './support/cli.js';
import { RecordingIO } from './support/action-io.js';
import { REPO_ROOT } from './support/paths.js';
import { tempDir } from './support/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-fuzz-s29-actions-');
  cpSync(join(REPO_ROOT, 'examples', 'demo'), dir, { recursive: true });
});

const detect = async (inputs: Record<string, string>) => {
  const io = new RecordingIO({ 'fail-on': 'never', ...inputs }, dir);
  await driftDetect(io);
  return io;
};

test("the live export given as the manifests themselves is refused: Git compared with itself showed no drift", async () => {
  for (const [live, where] of [['k8s', 'the manifests themselves'], ['k8s/web.yaml', 'among the manifests'], ['.', 'a folder holding the manifests']]) {
    const io = await detect({ 'kubernetes-manifests': 'k8s', 'kubernetes-live-export': live, 'kubernetes-namespace': 'shop' });
    expect(io.outputs['drift-detected']).toBeUndefined();
    expect(io.failure).toBe(`The live export ${join(dir, live)} is ${where} (${join(dir, 'k8s')}), so Git would be compared with itself; pass what \`kubectl get … -o yaml\` wrote of what runs.`);
  }
  // The export beside them is what runs: its critical change shows.
  const io = await detect({ 'kubernetes-manifests': 'k8s', 'kubernetes-live-export': 'cluster-export.yaml', 'kubernetes-namespace': 'shop' });
  expect(io.outputs).toMatchObject({ 'drift-detected': 'true', critical: '1' });
});

test("manifests read in the action's default namespace against an export of another are refused, not shown as creates hiding the critical change", async () => {
  const io = await detect({ 'kubernetes-manifests': 'k8s', 'kubernetes-live-export': 'cluster-export.yaml', 'kubernetes-namespace': 'default' });
  expect(io.outputs['drift-detected']).toBeUndefined();
  expect(io.failure).toBe(
    `${join(dir, 'cluster-export.yaml')} holds none of the objects of ${join(dir, 'k8s')} that name no namespace in default, where they are read as being, but Deployment web runs in namespace shop; pass --namespace shop (drift-detect's kubernetes-namespace), or export namespace default.`,
  );
  // The same through the CLI.
  const analyzed = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'k8s', '--live', 'cluster-export.yaml'], { cwd: dir });
  expect(analyzed.code).toBe(1);
  expect(analyzed.stderr).toMatch(/but Deployment web runs in namespace shop; pass --namespace shop/);
  // A Namespace (cluster-scoped, so found whatever the default) beside them does not hide the mistake.
  writeFileSync(join(dir, 'k8s', 'namespace.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n');
  writeFileSync(join(dir, 'live-with-namespace.yaml'), `${readFileSync(join(dir, 'cluster-export.yaml'), 'utf8').replace('items:\n', 'items:\n  - apiVersion: v1\n    kind: Namespace\n    metadata: { name: shop, uid: 1f }\n')}`);
  const withNamespace = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'k8s', '--live', 'live-with-namespace.yaml'], { cwd: dir });
  expect([withNamespace.code, withNamespace.stderr]).toEqual([1, expect.stringMatching(/but Deployment web runs in namespace shop; pass --namespace shop/)]);
  // One object every namespace has (kube-root-ca.crt), found in the wrong default namespace, does not outweigh the rest (helper-135).
  writeFileSync(join(dir, 'k8s', 'ca.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: kube-root-ca.crt }\ndata: { ca.crt: x }\n');
  writeFileSync(join(dir, 'live-with-ca.yaml'), `${readFileSync(join(dir, 'cluster-export.yaml'), 'utf8').replace('items:\n', 'items:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: { name: kube-root-ca.crt, namespace: default, uid: 2a }\n    data: { ca.crt: x }\n')}`);
  const withCa = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'k8s', '--live', 'live-with-ca.yaml'], { cwd: dir });
  expect([withCa.code, withCa.stderr]).toEqual([1, expect.stringMatching(/but Deployment web runs in namespace shop; pass --namespace shop/)]);
  // Objects that name their namespace are where Git says: new ones there, whatever runs elsewhere, are creates.
  writeFileSync(join(dir, 'staging.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: staging }\nspec: { replicas: 1 }\n');
  const explicit = await cli(['analyze', '--source', 'k8s-manifests', '--input', 'staging.yaml', '--live', 'cluster-export.yaml'], { cwd: dir });
  expect(explicit.code).toBe(2);
  expect(explicit.stdout).toContain('apps/v1/Deployment/staging/web');
});

test("rollback refuses what only another mode reads: a state file with the default mode git rolled back Git instead, without a word", async () => {
  for (const [inputs, option, mode] of [
    [{ 'state-file': 'backups/demo/state.tfstate' }, '--state-file', 'terraform-state'],
    [{ force: 'true' }, '--force', 'terraform-state'],
    [{ deployment: 'web' }, '--deployment (or --statefulset, --daemonset)', 'kubernetes'],
    [{ 'history-id': '3' }, '--history-id', 'argocd'],
  ] as const) {
    const io = new RecordingIO({ environment: 'demo', 'to-commit': 'HEAD', 'dry-run': 'true', ...inputs }, dir);
    await rollback(io);
    expect(io.failure).toBe(`rollback --mode git does not use ${option}, which only --mode ${mode} reads; set the mode it belongs to, or leave it out.`);
  }
  const toCommit = await cli(['rollback', 'demo', '--mode', 'terraform-state', '--state-file', 'x.tfstate', '--to-commit', 'HEAD~1'], { cwd: dir });
  expect([toCommit.code, toCommit.stderr]).toEqual([1, 'gitops-sync: rollback --mode terraform-state does not use --to-commit, which only --mode git, kubernetes, argocd read; set the mode it belongs to, or leave it out.\n']);
  // A workload's revision or namespace without the workload was dropped as well (helper-135).
  const revision = await cli(['rollback', 'demo', '--mode', 'git', '--to-commit', 'HEAD', '--to-revision', '3', '--dry-run'], { cwd: dir });
  expect([revision.code, revision.stderr]).toEqual([1, 'gitops-sync: --to-revision goes with --deployment (or --statefulset, --daemonset): the workload rollback --mode kubernetes rolls back; name the workload, or leave it out.\n']);
  const namespaced = new RecordingIO({ environment: 'demo', 'to-commit': 'HEAD', 'dry-run': 'true', namespace: 'kube-system' }, dir);
  await rollback(namespaced);
  expect(namespaced.failure).toBe('Input namespace goes with the input deployment: the workload rollback --mode kubernetes rolls back; name the workload, or leave it out.');
  const cliRun = await cli(['rollback', 'demo', '--mode', 'kubernetes', '--deployment', 'web', '--state-file', 'x.tfstate'], { cwd: dir });
  expect([cliRun.code, cliRun.stderr]).toEqual([1, 'gitops-sync: rollback --mode kubernetes does not use --state-file, which only --mode terraform-state reads; set the mode it belongs to, or leave it out.\n']);
});

test('an output folder inside the manifests is refused: the next check read the report as a manifest ("an object has no kind")', async () => {
  const io = await detect({ 'kubernetes-manifests': 'k8s', 'kubernetes-live-export': 'cluster-export.yaml', 'kubernetes-namespace': 'shop', 'output-directory': 'k8s/reports' });
  expect(io.failure).toBe('The output folder k8s/reports is inside the Kubernetes manifests k8s, where the next check would read the reports as manifests; choose a folder outside them.');
  expect(io.outputs).toEqual({});
});

test('a live export that is the manifests is refused through a link, and in a configured environment too', async () => {
  symlinkSync('k8s/web.yaml', join(dir, 'live-link.yaml'));
  const linked = await detect({ 'kubernetes-manifests': 'k8s', 'kubernetes-live-export': 'live-link.yaml', 'kubernetes-namespace': 'shop' });
  expect(linked.failure).toMatch(/^The live export .*live-link\.yaml is among the manifests \(.*k8s\), so Git would be compared with itself/);
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  demo:\n    kubernetes: { manifests: [k8s], namespace: shop, live: { export: k8s/web.yaml } }\n');
  const drift = await cli(['drift', 'demo'], { cwd: dir });
  expect([drift.code, drift.stderr.trim().split('\n').at(-1)]).toEqual([1, `gitops-sync: ${join(dir, 'k8s/web.yaml')} is, or leads into, the live export ${join(dir, 'k8s/web.yaml')}, so Git would be compared with itself; pass what \`kubectl get … -o yaml\` wrote of what runs apart from the manifests.`]);
});

test('a manifest that is a link to the live export, inside the manifests folder, is refused; so is an export among what kustomize reads (helper-135)', async () => {
  rmSync(join(dir, 'k8s', 'web.yaml'));
  symlinkSync('../cluster-export.yaml', join(dir, 'k8s', 'web.yaml'));
  const refusal = `gitops-sync: ${join(dir, 'k8s', 'web.yaml')} is, or leads into, the live export ${join(dir, 'cluster-export.yaml')}, so Git would be compared with itself; pass what \`kubectl get … -o yaml\` wrote of what runs apart from the manifests.`;
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  demo:\n    kubernetes: { manifests: [k8s], namespace: shop, live: { export: cluster-export.yaml } }\n');
  const drift = await cli(['drift', 'demo'], { cwd: dir });
  expect([drift.code, drift.stderr.trim().split('\n').at(-1)]).toEqual([1, refusal]);
  // Given on the command line, a manifest may not lead out of its folder at all.
  const direct = await detect({ 'kubernetes-manifests': 'k8s', 'kubernetes-live-export': 'cluster-export.yaml', 'kubernetes-namespace': 'shop' });
  expect(direct.failure).toBe(`${join(dir, 'k8s', 'web.yaml')} leads outside ${join(dir, 'k8s')}, which gitops-sync does not read from; keep Kubernetes manifests inside it.`);

  rmSync(join(dir, 'k8s', 'web.yaml'));
  cpSync(join(dir, 'cluster-export.yaml'), join(dir, 'k8s', 'web.yaml'));
  writeFileSync(join(dir, 'k8s', 'kustomization.yaml'), 'resources: [web.yaml]\n');
  writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  demo:\n    kubernetes: { kustomize: k8s, namespace: shop, live: { export: k8s/web.yaml } }\n');
  const kustomized = await cli(['drift', 'demo'], { cwd: dir });
  expect([kustomized.code, kustomized.stderr.trim().split('\n').at(-1)]).toEqual([1, expect.stringMatching(/^gitops-sync: The live export .*k8s\/web\.yaml is among the manifests \(.*k8s\), so Git would be compared with itself/)]);
});

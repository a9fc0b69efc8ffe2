/**
 * gitops-sync drift for a Kubernetes environment: desired state read or rendered with the real
 * `kubectl kustomize` and `jsonnet`, live state from an export or from `kubectl get` (a stand-in
 * kubectl answers, since no API server runs here), and one report with Terraform.
 */
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, test } from '@jest/globals';
import type { DriftReport } from '@gitops-sync/core';
import { dump, loadAll } from 'js-yaml';
import { cli } from './support/cli.js';
import { REPO_ROOT } from './support/paths.js';
import { describeWithTerraform, offlineTerraformEnv, terraform, writeFiles } from './support/terraform.js';
import { tempDir } from './support/temp-dir.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('gitops-sync-k8s-drift-');
});

const deployment = (image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app.kubernetes.io/instance: shop }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: ${image}
`;

/** The same object as the API server returns it: namespace filled in and server fields added. */
const liveDeployment = (image: string, replicas = 2) =>
  deployment(image, replicas).replace('  name: web\n', '  name: web\n  namespace: shop\n  uid: 6f1c\n  resourceVersion: "812"\n  generation: 4\n  creationTimestamp: "2026-01-01T00:00:00Z"\n') +
  '          imagePullPolicy: IfNotPresent\n          terminationMessagePath: /dev/termination-log\n      restartPolicy: Always\nstatus:\n  readyReplicas: 2\n';

const report = async (env: string, extraEnv: NodeJS.ProcessEnv = {}) => {
  const run = await cli(['drift', env, '--format', 'json'], { cwd: dir, env: extraEnv });
  if (run.code === 1) throw new Error(run.stderr);
  return { code: run.code, report: JSON.parse(run.stdout) as DriftReport, stderr: run.stderr };
};

const config = (kubernetes: string) => `environments:\n  prod:\n    kubernetes:\n${kubernetes.replace(/^/gm, '      ')}\n`;

describe('Kubernetes environments in gitops-sync.yaml', () => {
  test('manifests against an export with every server field: no drift, then an image change', async () => {
    writeFiles(dir, { 'gitops-sync.yaml': config('manifests: [k8s]\nnamespace: shop\nlive: { export: live.yaml }'), 'live.yaml': liveDeployment('web:1.0') });
    writeFiles(join(dir, 'k8s'), { 'web.yaml': deployment('web:1.0') });
    expect((await report('prod')).code).toBe(0);
    writeFiles(join(dir, 'k8s'), { 'web.yaml': deployment('web:1.1') });
    const { code, report: drift } = await report('prod');
    expect(code).toBe(2);
    expect(drift.sources).toEqual(['k8s-manifests']);
    expect(drift.changes).toEqual([
      expect.objectContaining({ address: 'apps/v1/Deployment/shop/web', action: 'update', severity: 'high', rule: 'k8s.image', fields: [{ path: '/spec/template/spec/containers/0/image', before: 'web:1.0', after: 'web:1.1', sensitive: false }] }),
    ]);
  });

  test('kustomize: rendered with the real kubectl kustomize', async () => {
    writeFiles(dir, { 'gitops-sync.yaml': config('kustomize: overlay\nlive: { export: live.yaml }'), 'live.yaml': liveDeployment('web:1.0') });
    writeFiles(join(dir, 'base'), { 'kustomization.yaml': 'resources: [web.yaml]\n', 'web.yaml': deployment('web:1.0') });
    writeFiles(join(dir, 'overlay'), { 'kustomization.yaml': 'namespace: shop\nresources: [../base]\nimages:\n  - name: web\n    newTag: "2.0"\nreplicas:\n  - name: web\n    count: 4\n' });
    const { report: drift, stderr } = await report('prod');
    expect(stderr).toContain('gitops-sync: kubectl kustomize overlay');
    expect(drift.changes.map((c) => c.fields.map((f) => [f.path, f.before, f.after]))).toEqual([
      [['/spec/replicas', 2, 4], ['/spec/template/spec/containers/0/image', 'web:1.0', 'web:2.0']],
    ]);
  });

  test('jsonnet: rendered with the real jsonnet, ext and tla strings passed', async () => {
    writeFiles(dir, {
      'gitops-sync.yaml': config('jsonnet: { file: app.jsonnet, ext_str: { image: "web:3.0" }, tla_str: { replicas: "2" } }\nnamespace: shop\nlive: { export: live.yaml }'),
      'live.yaml': liveDeployment('web:1.0'),
      'app.jsonnet': `function(replicas) { web: std.parseYaml(importstr 'web.yaml') + { spec+: { replicas: std.parseInt(replicas), template+: { spec+: { containers: [{ name: 'web', image: std.extVar('image') }] } } } } }\n`,
      'web.yaml': deployment('placeholder'),
    });
    const { report: drift } = await report('prod');
    expect(drift.changes.map((c) => [c.address, c.fields.map((f) => [f.path, f.after])])).toEqual([['apps/v1/Deployment/shop/web', [['/spec/template/spec/containers/0/image', 'web:3.0']]]]);
  });

  test('helm: rendered with helm template, values files and --set passed', async () => {
    writeFiles(dir, {
      'gitops-sync.yaml': config('helm: { chart: chart, release: web, namespace: shop, values: [prod.yaml], set: [image.tag=2.0] }\nnamespace: shop\nlive: { export: live.yaml }'),
      'live.yaml': liveDeployment('web:1.0'),
      'prod.yaml': 'replicas: 2\n',
    });
    writeFiles(join(dir, 'chart'), { 'Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n', 'values.yaml': 'replicas: 1\nimage: { tag: "1.0" }\n' });
    writeFiles(join(dir, 'chart', 'templates'), { 'web.yaml': deployment('web:{{ .Values.image.tag }}', 2).replace('replicas: 2', 'replicas: {{ .Values.replicas }}') });
    const { report: drift } = await report('prod');
    expect(drift.changes.map((c) => c.fields.map((f) => [f.path, f.after]))).toEqual([[['/spec/template/spec/containers/0/image', 'web:2.0']]]);
  });

  test('helm: the chart `helm create` makes, rendered by the real helm; its test hook is no object of the release', async () => {
    cpSync(join(REPO_ROOT, 'test/fixtures/helm/web'), join(dir, 'web'), { recursive: true });
    // What runs: the release as the API server returns it, with the image changed behind Helm's back.
    const rendered = spawnSync('helm', ['template', 'shop', 'web', '--namespace', 'shop', '--no-hooks'], { cwd: dir, encoding: 'utf8' });
    expect(rendered.stderr).toBe('');
    const live = (loadAll(rendered.stdout) as Record<string, any>[]).filter(Boolean).map((object) => {
      object.metadata = { ...object.metadata, namespace: 'shop', uid: `uid-${object.kind}`, resourceVersion: '7' };
      if (object.kind === 'Deployment') object.spec.template.spec.containers[0].image = 'nginx:1.15.0';
      return object;
    });
    expect(live.map((object) => object.kind)).toEqual(['ServiceAccount', 'Service', 'Deployment']);
    writeFiles(dir, {
      'gitops-sync.yaml': config('helm: { chart: web, release: shop, namespace: shop }\nnamespace: shop\nlive: { export: live.yaml }'),
      'live.yaml': dump({ apiVersion: 'v1', kind: 'List', items: live }),
    });
    const { code, report: drift, stderr } = await report('prod');
    expect(stderr).toContain('gitops-sync: helm template shop');
    expect(code).toBe(2);
    expect(drift.changes.map((c) => [c.address, c.action, c.fields.map((f) => [f.path, f.before, f.after])])).toEqual([
      ['apps/v1/Deployment/shop/shop-web', 'update', [['/spec/template/spec/containers/0/image', 'nginx:1.15.0', 'nginx:1.16.0']]],
    ]);
  });

  test('live state from kubectl get of the rendered objects (through the Exec port)', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFiles(dir, { 'gitops-sync.yaml': config('manifests: [web.yaml]\nnamespace: shop\ncontext: prod-cluster\nlive: { kubectl: true }'), 'web.yaml': deployment('web:1.1'), 'live.yaml': liveDeployment('web:1.0') });
    // Stands in for the API server: checks the arguments gitops-sync passes and answers with the export.
    writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\n[ "$1 $4 $5 $6 $7 $8" = "get -o json --ignore-not-found --context prod-cluster" ] || { echo "unexpected: $*" >&2; exit 1; }\n[ -s "$3" ] || { echo "no -f file" >&2; exit 1; }\nprintf 'apiVersion: v1\\nkind: List\\nitems:\\n'\nsed 's/^/  /; 1s/^  /- /' ${join(dir, 'live.yaml')}\n`);
    chmodSync(join(bin, 'kubectl'), 0o755);
    const { report: drift } = await report('prod', { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin` });
    expect(drift.changes.map((c) => [c.address, c.fields.map((f) => [f.path, f.before, f.after])])).toEqual([
      ['apps/v1/Deployment/shop/web', [['/spec/template/spec/containers/0/image', 'web:1.0', 'web:1.1']]],
    ]);
  });

  test('with a tracking label, kubectl get -l finds labelled objects Git no longer has', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const oldJob = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'old-worker', namespace: 'shop', labels: { 'app.kubernetes.io/instance': 'shop' } }, spec: { replicas: 1 } };
    writeFiles(dir, {
      'gitops-sync.yaml': config('manifests: [web.yaml]\nnamespace: shop\ntracking_label: app.kubernetes.io/instance=shop\nlive: { kubectl: true }'),
      'web.yaml': deployment('web:1.0'),
      'live.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }),
      'labelled.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [oldJob] }),
    });
    // First call: kubectl get -f <file>; second: kubectl get Deployment.apps --all-namespaces -l <label>.
    writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\nif [ "$2" = "-f" ]; then cat ${join(dir, 'live.json')}; exit 0; fi\n[ "$2 $3 $4 $5" = "Deployment.apps --all-namespaces -l app.kubernetes.io/instance=shop" ] || { echo "unexpected: $*" >&2; exit 1; }\ncat ${join(dir, 'labelled.json')}\n`);
    chmodSync(join(bin, 'kubectl'), 0o755);
    const { report: drift } = await report('prod', { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin` });
    expect(drift.changes.map((c) => [c.action, c.address])).toEqual([
      ['create', 'apps/v1/Deployment/shop/web'],
      ['delete', 'apps/v1/Deployment/shop/old-worker'],
    ]);
  });

  test('with a tracking label and an empty render (kubectl live), the check is refused: no kind to look among, and "no drift" would hide what runs', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFiles(dir, { 'gitops-sync.yaml': config('manifests: [k8s]\nnamespace: shop\ntracking_label: app.kubernetes.io/instance=shop\nlive: { kubectl: true }') });
    // A values file that renders nothing: the folder holds no manifest.
    writeFiles(join(dir, 'k8s'), { 'README.md': 'nothing here\n' });
    writeFileSync(join(bin, 'kubectl'), '#!/bin/sh\necho "unexpected: $*" >&2; exit 1\n');
    chmodSync(join(bin, 'kubectl'), 0o755);
    const run = await cli(['drift', 'prod'], { cwd: dir, env: { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin` } });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      'gitops-sync: The Kubernetes render holds no object, so with tracking_label app.kubernetes.io/instance=shop there is no kind to look for labelled objects among, and "no drift" would hide every one still running; fix the render (a wrong path, values that print nothing), or to remove what runs, delete it with kubectl and then the environment\'s kubernetes settings.',
    );
    // Without a tracking label an empty render compares nothing and asks kubectl nothing.
    writeFiles(dir, { 'gitops-sync.yaml': config('manifests: [k8s]\nnamespace: shop\nlive: { kubectl: true }') });
    expect((await report('prod', { PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin` })).code).toBe(0);
    const dryRun = await cli(['drift', 'prod', '--dry-run'], { cwd: dir });
    expect(dryRun.stdout).not.toContain('-l app.kubernetes.io');
    writeFiles(dir, { 'gitops-sync.yaml': config('manifests: [k8s]\nnamespace: shop\ntracking_label: app.kubernetes.io/instance=shop\nlive: { kubectl: true }') });
    expect((await cli(['drift', 'prod', '--dry-run'], { cwd: dir })).stdout).toContain("kubectl get <the rendered objects' types> --all-namespaces -l app.kubernetes.io/instance=shop -o json --show-managed-fields");
  });

  test('a renderer that fails is one sentence; a config with two renderers is refused with its line', async () => {
    writeFiles(dir, { 'gitops-sync.yaml': config('kustomize: missing-folder\nlive: { export: live.yaml }') });
    const run = await cli(['drift', 'prod'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^gitops-sync: kubectl kustomize failed \(exit 1\): .+/);
    writeFiles(dir, { 'gitops-sync.yaml': config('manifests: [a]\nkustomize: b\nlive: { export: live.yaml }') });
    expect((await cli(['drift', 'prod'], { cwd: dir })).stderr).toMatch(/gitops-sync\.yaml:3: environments\.prod\.kubernetes: set exactly one of manifests, kustomize, helm or jsonnet/);
  });

  test('--dry-run lists what would run', async () => {
    writeFiles(dir, { 'gitops-sync.yaml': config('kustomize: overlay\ncontext: prod\nlive: { kubectl: true }') });
    const run = await cli(['drift', 'prod', '--dry-run'], { cwd: dir });
    expect(run.stdout).toBe(`prod: would run\n  (cd ${dir} && kubectl kustomize overlay)\n  kubectl get -f <rendered objects> -o json --ignore-not-found --context prod --show-managed-fields\n`);
  });
});

describeWithTerraform('Terraform and Kubernetes in one environment', () => {
  test('one report with both sources', async () => {
    const env = offlineTerraformEnv(dir);
    writeFiles(dir, {
      'gitops-sync.yaml': 'environments:\n  prod:\n    terraform: { dir: infra }\n    kubernetes:\n      manifests: [web.yaml]\n      namespace: shop\n      live: { export: live.yaml }\n',
      'web.yaml': deployment('web:1.1'),
      'live.yaml': liveDeployment('web:1.0'),
    });
    writeFiles(join(dir, 'infra'), { 'main.tf': 'resource "terraform_data" "x" { input = "a" }\n' });
    terraform(join(dir, 'infra'), env, 'init', '-input=false');
    const { report: drift } = await report('prod', env);
    expect(drift.sources).toEqual(['terraform-plan', 'k8s-manifests']);
    expect(drift.changes.map((c) => [c.source, c.address, c.action])).toEqual([
      ['terraform-plan', 'terraform_data.x', 'create'],
      ['k8s-manifests', 'apps/v1/Deployment/shop/web', 'update'],
    ]);
  });
});

/**
 * `gitops-sync generate argocd-app` and `generate flux-kustomization`: one object per environment
 * with Kubernetes, validated against the controllers' CRD schemas (test/fixtures/crds, cut from the
 * published CRDs) as `kubectl apply --validate=strict` would: unknown fields refused.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parse, parseAllDocuments } from 'yaml';
import { argoCdApplication, GitopsSyncConfig } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { applicationProblem, kustomizationProblem } from './support/crd-schemas.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

const DEPLOYMENT = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name} }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec: { containers: [{ name: app, image: nginx }] }\n`;
const HPA = (target: string) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: ${target} }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${target} }\n  minReplicas: 2\n  maxReplicas: 5\n`;

const CONFIG = `environments:
  dev:
    kubernetes: { kustomize: k8s/dev, live: { kubectl: true }, namespace: dev }
  staging:
    kubernetes:
      manifests: [k8s/staging]
      live: { kubectl: true }
      namespace: staging
      ignore_differences: [{ group: apps, kind: Deployment, name: api, json_pointers: [/spec/template/metadata/annotations] }]
  production:
    kubernetes: { manifests: [k8s/production/app.yaml], live: { kubectl: true }, namespace: shop }
    argocd: { app: shop-production }
    flux: { kind: kustomization, name: shop, namespace: flux-system }
  network:
    terraform: { dir: terraform }
approval:
  environments:
    production: { branch: release }
`;

function scene(config = CONFIG): { repo: string; infra: string } {
  const repo = tempDir('gitops-sync-controllers-');
  const infra = join(repo, 'infra');
  const files: Record<string, string> = {
    'k8s/dev/kustomization.yaml': 'resources: [web.yaml, hpa.yaml]\n',
    'k8s/dev/web.yaml': DEPLOYMENT('web'),
    'k8s/dev/hpa.yaml': HPA('web'),
    'k8s/staging/api.yaml': DEPLOYMENT('api'),
    'k8s/staging/worker.yaml': DEPLOYMENT('worker'),
    'k8s/staging/hpa.yaml': HPA('worker'),
    'k8s/production/app.yaml': DEPLOYMENT('shop'),
    'gitops-sync.yaml': config,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(infra, path, '..'), { recursive: true });
    writeFileSync(join(infra, path), content);
  }
  git(repo, 'init', '-q', '-b', 'main');
  return { repo, infra };
}

const documents = (text: string) => parseAllDocuments(text).map((document) => document.toJS());
const REPO = 'https://git.example.com/acme/shop.git';

describe('generate argocd-app', () => {
  test('an Application per Kubernetes environment: self-healing automated sync that never prunes, retries with backoff, HPA replicas ignored', async () => {
    const { infra } = scene();
    const run = await cli(['generate', 'argocd-app', '--repo', REPO], { cwd: infra });
    expect(run).toMatchObject({ code: 0, stderr: 'gitops-sync: kubectl kustomize k8s/dev\n' });
    const [dev, staging, production, ...rest] = documents(run.stdout);
    expect(rest).toEqual([]);
    const syncPolicy = { automated: { selfHeal: true, prune: false }, syncOptions: ['CreateNamespace=true', 'PruneLast=true'], retry: { limit: 3, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } } };
    expect(dev).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'dev', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: REPO, targetRevision: 'HEAD', path: 'infra/k8s/dev' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'dev' },
        syncPolicy,
        ignoreDifferences: [{ group: 'apps', kind: 'Deployment', name: 'web', jsonPointers: ['/spec/replicas'] }],
      },
    });
    expect(staging.spec.source).toEqual({ repoURL: REPO, targetRevision: 'HEAD', path: 'infra/k8s/staging', directory: { recurse: true } });
    expect(staging.spec.ignoreDifferences).toEqual([
      { group: 'apps', kind: 'Deployment', name: 'worker', jsonPointers: ['/spec/replicas'] },
      { group: 'apps', kind: 'Deployment', name: 'api', jsonPointers: ['/spec/template/metadata/annotations'] },
    ]);
    expect(production.metadata).toEqual({ name: 'shop-production', namespace: 'argocd' });
    expect(production.spec.source).toEqual({ repoURL: REPO, targetRevision: 'release', path: 'infra/k8s/production', directory: { include: 'app.yaml' } });
    expect(production.spec.ignoreDifferences).toBeUndefined();
    for (const application of [dev, staging, production]) expect(applicationProblem(application)).toBeUndefined();
  });

  test('a Helm chart is the source path with its value files and parameters; a Jsonnet file its folder', () => {
    const config = GitopsSyncConfig.parse(
      parse(`environments:
  helm:
    kubernetes: { helm: { chart: charts/shop, release: shop, namespace: shop, values: [charts/shop/values-prod.yaml, values/common.yaml], set: [image.tag=1.2.3] }, live: { kubectl: true } }
  jsonnet:
    kubernetes: { jsonnet: { file: jsonnet/main.jsonnet, ext_str: { env: prod } }, live: { kubectl: true } }
`),
    );
    const request = { configInRepository: 'gitops-sync.yaml', repoURL: REPO, revision: 'main', server: 'https://kubernetes.default.svc', namespace: 'argocd', project: 'default', scaled: [] };
    const helm = argoCdApplication('helm', config.environments.helm as never, config, request) as { spec: Record<string, unknown> };
    expect(helm.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'charts/shop', helm: { releaseName: 'shop', valueFiles: ['values-prod.yaml', '../../values/common.yaml'], parameters: [{ name: 'image.tag', value: '1.2.3' }] } });
    expect(helm.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'shop' });
    const jsonnet = argoCdApplication('jsonnet', config.environments.jsonnet as never, config, request) as { spec: Record<string, unknown> };
    expect(jsonnet.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'jsonnet', directory: { include: 'main.jsonnet', jsonnet: { extVars: [{ name: 'env', value: 'prod' }], tlas: [] } } });
    expect(applicationProblem(helm)).toBeUndefined();
    expect(applicationProblem(jsonnet)).toBeUndefined();
  });

  test('--env picks environments; --output writes one file each, the same bytes every time', async () => {
    const { repo, infra } = scene();
    mkdirSync(join(repo, 'argocd'));
    const run = await cli(['generate', 'argocd-app', '--env', 'dev', '--env', 'production', '--repo', REPO, '--revision', 'v1.0.0', '--output-dir', '../argocd'], { cwd: infra });
    expect(run).toEqual({ code: 0, stdout: '', stderr: 'gitops-sync: kubectl kustomize k8s/dev\ngitops-sync: wrote argocd-app-dev.yaml, argocd-app-production.yaml into ../argocd\n' });
    expect(readdirSync(join(repo, 'argocd')).sort()).toEqual(['argocd-app-dev.yaml', 'argocd-app-production.yaml']);
    const first = readFileSync(join(repo, 'argocd', 'argocd-app-production.yaml'), 'utf8');
    expect(parse(first).spec.source.targetRevision).toBe('v1.0.0');
    await cli(['generate', 'argocd-app', '--env', 'production', '--repo', REPO, '--revision', 'v1.0.0', '--output', join(repo, 'argocd')], { cwd: repo });
    expect(readFileSync(join(repo, 'argocd', 'argocd-app-production.yaml'), 'utf8')).toBe(first);
  });

  test('without --repo the origin remote is the repoURL; a remote with credentials in it is never written', async () => {
    const { repo, infra } = scene();
    git(repo, 'remote', 'add', 'origin', REPO);
    expect(documents((await cli(['generate', 'argocd-app', '--env', 'dev'], { cwd: infra })).stdout)[0].spec.source.repoURL).toBe(REPO);
    git(repo, 'remote', 'set-url', 'origin', 'https://bot:ghp_secret@git.example.com/acme/shop.git');
    const run = await cli(['generate', 'argocd-app', '--env', 'dev'], { cwd: infra });
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'gitops-sync: gitops-sync generate argocd-app needs --repo URL: the Git repository Argo CD reads (there is no origin remote to take it from).\n' });
  });
});

describe('generate flux-kustomization', () => {
  test('a Kustomization per environment with one folder: never prunes, waits within the rollout timeout', async () => {
    const { infra } = scene();
    const run = await cli(['generate', 'flux-kustomization', '--env', 'dev', '--env', 'staging', '--source', 'shop-repo', '--interval', '5m'], { cwd: infra });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [dev, staging] = documents(run.stdout);
    expect(dev).toEqual({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'dev', namespace: 'flux-system' },
      spec: { interval: '5m', sourceRef: { kind: 'GitRepository', name: 'shop-repo' }, path: './infra/k8s/dev', prune: false, wait: true, timeout: '5m', retryInterval: '5s', targetNamespace: 'dev' },
    });
    expect(staging.spec.path).toBe('./infra/k8s/staging');
    for (const kustomization of [dev, staging]) expect(kustomizationProblem(kustomization)).toBeUndefined();
  });

  test('an environment whose objects are not one folder is one sentence, exit 1', async () => {
    const { infra } = scene();
    expect(await cli(['generate', 'flux-kustomization', '--env', 'production'], { cwd: infra })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'gitops-sync: Environment production renders its Kubernetes objects with several manifest paths, and a Flux Kustomization reads one folder; use kubernetes.kustomize or a single manifests folder (or a Flux HelmRelease for a chart).\n',
    });
  });
});

describe('the CRD schemas refuse a wrong object', () => {
  const application = () => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a' }, spec: { project: 'default', source: { repoURL: REPO, path: 'k8s' }, destination: { namespace: 'a' }, syncPolicy: { automated: { selfHeal: true, prune: false }, retry: { limit: 3, backoff: { duration: '5s', factor: 2 } } } } });
  const kustomization = () => ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'a' }, spec: { interval: '10m', sourceRef: { kind: 'GitRepository', name: 'r' }, prune: false } });
  test.each([
    ['a fractional backoff factor', (a: ReturnType<typeof application>) => void (a.spec.syncPolicy.retry.backoff.factor = 1.5), '/spec/syncPolicy/retry/backoff/factor must be integer'],
    ['a misspelt selfHeal', (a: ReturnType<typeof application>) => void ((a.spec.syncPolicy.automated as Record<string, unknown>).selfheal = true), '/spec/syncPolicy/automated must NOT have additional properties'],
    ['no destination', (a: ReturnType<typeof application>) => void delete (a.spec as Partial<typeof a.spec>).destination, '/spec must have required property \'destination\''],
  ])('an Application with %s', (_, spoil, problem) => {
    const document = application();
    expect(applicationProblem(document)).toBeUndefined();
    spoil(document);
    expect(applicationProblem(document)).toBe(problem);
  });
  test.each([
    ['no sourceRef', (k: ReturnType<typeof kustomization>) => void delete (k.spec as Partial<typeof k.spec>).sourceRef, '/spec must have required property \'sourceRef\''],
    ['an interval in words', (k: ReturnType<typeof kustomization>) => void (k.spec.interval = '10 minutes'), '/spec/interval must match pattern "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$"'],
    ['prune as a string', (k: ReturnType<typeof kustomization>) => void ((k.spec as Record<string, unknown>).prune = 'false'), '/spec/prune must be boolean'],
  ])('a Kustomization with %s', (_, spoil, problem) => {
    const document = kustomization();
    expect(kustomizationProblem(document)).toBeUndefined();
    spoil(document);
    expect(kustomizationProblem(document)).toBe(problem);
  });
});

describe('bad input: one sentence, exit 1', () => {
  test('a retry factor Argo CD cannot take', async () => {
    const { infra } = scene(`${CONFIG}sync:\n  retry: { factor: 1.5 }\n`);
    expect((await cli(['generate', 'argocd-app', '--repo', REPO], { cwd: infra })).stderr).toBe("gitops-sync: sync.retry.factor is 1.5, but Argo CD's retry backoff factor is a whole number; set sync.retry.factor to an integer (e.g. 2).\n");
  });

  test('a config without Kubernetes environments, or an environment without Kubernetes', async () => {
    const { infra } = scene('environments:\n  network:\n    terraform: { dir: terraform }\n');
    expect(await cli(['generate', 'flux-kustomization'], { cwd: infra })).toEqual({ code: 1, stdout: '', stderr: 'gitops-sync: No environment in the config has kubernetes:, so gitops-sync generate flux-kustomization has nothing to write; add environments.<name>.kubernetes.\n' });
    expect((await cli(['generate', 'argocd-app', '--env', 'network', '--repo', REPO], { cwd: infra })).stderr).toBe('gitops-sync: Environment network has no kubernetes: settings, so gitops-sync generate argocd-app has nothing to point at; add environments.network.kubernetes.\n');
  });

  test('--output into a folder that does not exist', async () => {
    const { infra } = scene();
    expect(await cli(['generate', 'flux-kustomization', '--env', 'dev', '--output', 'flux'], { cwd: infra })).toEqual({ code: 1, stdout: '', stderr: `gitops-sync: --output ${join(infra, 'flux')} is not an existing folder; create it first, or give a folder that exists.\n` });
  });
});

/**
 * Attacks on `generate argocd-app` and `generate flux-kustomization` through gitops-sync.yaml and
 * the flags: an Application that syncs production by itself, past the gate; an environment whose
 * Application (or Kustomization) takes another environment's name, so applying it re-points that
 * environment; names Kubernetes refuses, or text kubectl reads as YAML 1.1 true, written anyway. Each
 * bad input: one sentence, exit 1, nothing written. Checked against the controllers' CRD schemas.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { cli } from './support/cli.js';
import { applicationProblem, kustomizationProblem } from './support/crd-schemas.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

const REPO = 'https://git.example.com/acme/shop.git';
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web }\ndata: { a: b }\n';

function scene(config: string): string {
  const repo = tempDir('gitops-sync-attack29gen-controllers-');
  for (const env of ['staging', 'production']) {
    mkdirSync(join(repo, 'k8s', env), { recursive: true });
    writeFileSync(join(repo, 'k8s', env, 'web.yaml'), CONFIGMAP);
  }
  mkdirSync(join(repo, 'charts', 'shop', 'templates'), { recursive: true });
  writeFileSync(join(repo, 'charts', 'shop', 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
  writeFileSync(join(repo, 'charts', 'shop', 'templates', 'cm.yaml'), CONFIGMAP);
  writeFileSync(join(repo, 'gitops-sync.yaml'), config);
  mkdirSync(join(repo, 'out'));
  git(repo, 'init', '-q', '-b', 'main');
  return repo;
}

const environment = (name: string, extra = '', namespace = name) => `  ${name}:\n    kubernetes: { manifests: [k8s/${name === 'production' ? 'production' : 'staging'}], live: { kubectl: true }, namespace: ${namespace} }\n${extra}`;
const CONFIG = `environments:\n${environment('staging')}${environment('production', '    argocd: { app: shop-production }\n')}`;
/** kubectl reads manifests as YAML 1.1 (sigs.k8s.io/yaml): what it would apply. */
const asKubectlReads = (text: string) => parseAllDocuments(text, { version: '1.1' }).map((document) => document.toJS());

describe('Argo CD sync policy', () => {
  test('production syncs only when gitops-sync sync triggers it after the gate: no automated sync; others heal by themselves, none prunes', async () => {
    const repo = scene(CONFIG);
    const run = await cli(['generate', 'argocd-app', '--repo', REPO], { cwd: repo });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [staging, production] = asKubectlReads(run.stdout);
    expect(staging.spec.syncPolicy.automated).toEqual({ selfHeal: true, prune: false });
    expect(production.spec.syncPolicy).toEqual({ syncOptions: ['CreateNamespace=true', 'PruneLast=true'], retry: { limit: 3, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } } });
    for (const application of [staging, production]) expect(applicationProblem(application)).toBeUndefined();
  });

  test('an environment marked production: true is production too', async () => {
    const repo = scene(`environments:\n${environment('live')}approval:\n  environments:\n    live: { production: true }\n`);
    const [live] = asKubectlReads((await cli(['generate', 'argocd-app', '--repo', REPO], { cwd: repo })).stdout);
    expect(live.spec.syncPolicy.automated).toBeUndefined();
  });
});

describe("one environment's object under another's name", () => {
  test.each([
    ['argocd-app', 'both set argocd.app: shop-production', `environments:\n${environment('staging', '    argocd: { app: shop-production }\n')}${environment('production', '    argocd: { app: shop-production }\n')}`, 'Application shop-production in argocd', 'environments.staging.argocd.app'],
    ['argocd-app', "staging's argocd.app is production's own name", `environments:\n${environment('staging', '    argocd: { app: production }\n')}${environment('production')}`, 'Application production in argocd', 'environments.staging.argocd.app'],
    ['flux-kustomization', "staging's flux.name is production's own name", `environments:\n${environment('staging', '    flux: { kind: kustomization, name: production }\n')}${environment('production')}`, 'Kustomization production in flux-system', 'environments.staging.flux.name'],
  ])('%s: staging under production\'s name is refused, even generated alone (%s)', async (kind, _, config, object, key) => {
    const repo = scene(config);
    const run = await cli(['generate', kind, '--env', 'staging', '--repo', REPO, '--output', 'out'].filter((arg, index, args) => kind === 'argocd-app' || (arg !== '--repo' && args[index - 1] !== '--repo')), { cwd: repo });
    expect(run).toEqual({ code: 1, stdout: '', stderr: `gitops-sync: Environments staging and production would both be the ${object}, so applying one would re-point the other; give ${key} a name of its own.\n` });
    expect(readdirSync(join(repo, 'out'))).toEqual([]);
  });
});

describe('names and values Kubernetes or the CRD refuse: one sentence, exit 1, nothing written', () => {
  test.each([
    ['argocd-app', 'an app name with a space', environment('production', '    argocd: { app: Shop Prod }\n'), [], 'The Application name "Shop Prod" (environments.production.argocd.app) is not a Kubernetes object name; use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit.'],
    ['argocd-app', 'an environment name Kubernetes cannot take as the app name', environment('Prod_EU', '', 'shop'), [], 'The Application name "Prod_EU" (the environment\'s name) is not a Kubernetes object name; use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit.'],
    ['argocd-app', 'a destination namespace with a space', environment('production', '', 'Shop NS'), [], 'The destination namespace "Shop NS" (environments.production.kubernetes.namespace) is not a Kubernetes namespace name; use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit.'],
    ['argocd-app', 'a --namespace with a space', environment('production'), ['--namespace', 'argo cd'], 'The Application namespace "argo cd" (--namespace) is not a Kubernetes namespace name; use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit.'],
    ['argocd-app', 'a --project that is a path', environment('production'), ['--project', '../default'], 'The Argo CD project "../default" (--project) is not a Kubernetes object name; use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit.'],
    ['flux-kustomization', 'an upper-case flux.namespace', environment('production', '    flux: { kind: kustomization, name: shop, namespace: Flux }\n'), [], 'The Kustomization namespace "Flux" (environments.production.flux.namespace) is not a Kubernetes namespace name; use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit.'],
    ['flux-kustomization', 'a --source with a space', environment('production'), ['--source', 'flux system'], 'The GitRepository name "flux system" (--source) is not a Kubernetes object name; use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit.'],
    ['flux-kustomization', 'an --interval in words', environment('production'), ['--interval', '10 minutes'], '--interval "10 minutes" is not a Go duration as Flux reads it; write it like 10m, 1h or 1h30m.'],
  ])('%s: %s', async (kind, _, environments, flags, sentence) => {
    const repo = scene(`environments:\n${environments}`);
    const run = await cli(['generate', kind, ...(kind === 'argocd-app' ? ['--repo', REPO] : []), ...flags, '--output', 'out'], { cwd: repo });
    expect(run).toEqual({ code: 1, stdout: '', stderr: `gitops-sync: ${sentence}\n` });
    expect(readdirSync(join(repo, 'out'))).toEqual([]);
  });
});

describe('text kubectl (YAML 1.1) would read as true or a number', () => {
  test('a namespace "on" and a Helm parameter "y" stay text in the Application kubectl applies, which passes the CRD', async () => {
    const repo = scene('environments:\n  production:\n    kubernetes: { helm: { chart: charts/shop, release: shop, set: [feature.mode=y, replicas=0755] }, live: { kubectl: true }, namespace: "on" }\n');
    const run = await cli(['generate', 'argocd-app', '--repo', REPO], { cwd: repo });
    expect(run).toMatchObject({ code: 0 });
    const [application] = asKubectlReads(run.stdout);
    expect(application.spec.destination.namespace).toBe('on');
    expect(application.spec.source.helm.parameters).toEqual([{ name: 'feature.mode', value: 'y' }, { name: 'replicas', value: '0755' }]);
    expect(applicationProblem(application)).toBeUndefined();
  });

  test('a Flux targetNamespace "no" stays text', async () => {
    const repo = scene(`environments:\n${environment('production', '', 'no')}`);
    const [kustomization] = asKubectlReads((await cli(['generate', 'flux-kustomization'], { cwd: repo })).stdout);
    expect(kustomization.spec.targetNamespace).toBe('no');
    expect(kustomizationProblem(kustomization)).toBeUndefined();
  });
});

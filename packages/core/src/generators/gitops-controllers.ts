import { posix } from 'node:path';
import { UserError } from '../errors.js';
import type { Environment, GitopsSyncConfig, KubernetesEnvironment } from '../config/schema.js';
import { DNS_LABEL } from '../k8s/kubectl-names.js';
import { isProduction } from '../policy/four-eyes.js';

/** A workload whose `/spec/replicas` an HPA owns (k8s/ignore.ts hpaTargets), with its API group. */
export interface ScaledWorkload {
  group: string;
  kind: string;
  name: string;
  namespace: string;
}

export interface ControllerRequest {
  /** The config's path inside the repository, `/`-separated. */
  configInRepository: string;
  repoURL: string;
  revision: string;
}

/** The environments with `kubernetes:`, or only the named ones (each of which must have it). */
export function kubernetesEnvironments(config: GitopsSyncConfig, named: readonly string[], generator: string): [string, Environment & { kubernetes: KubernetesEnvironment }][] {
  for (const name of named) {
    if (!Object.hasOwn(config.environments, name)) throw new UserError(`Environment ${name} is not in the config's environments; name one of: ${Object.keys(config.environments).join(', ') || '(none)'}.`);
    if (!config.environments[name].kubernetes) throw new UserError(`Environment ${name} has no kubernetes: settings, so ${generator} has nothing to point at; add environments.${name}.kubernetes.`);
  }
  const chosen = Object.entries(config.environments).filter(([name, settings]) => settings.kubernetes && (named.length === 0 || named.includes(name)));
  if (!chosen.length) throw new UserError(`No environment in the config has kubernetes:, so ${generator} has nothing to write; add environments.<name>.kubernetes.`);
  return chosen as [string, Environment & { kubernetes: KubernetesEnvironment }][];
}

function inRepository(configInRepository: string, path: string, what: string): string {
  const joined = posix.normalize(posix.join(posix.dirname(configInRepository), path.split('\\').join('/'))).replace(/\/$/, '') || '.';
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(path)) throw new UserError(`${what} ${path} is outside the repository; the controller reads the repository, so give a path inside it.`);
  return joined;
}

/** An object's name as Kubernetes takes it (an RFC 1123 subdomain), or throws saying which setting gave it. */
function objectName(name: string, what: string, where: string): string {
  if (name.length > 253 || !name.split('.').every((segment) => DNS_LABEL.test(segment))) {
    throw new UserError(`The ${what} ${JSON.stringify(name)} (${where}) is not a Kubernetes object name; use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit.`);
  }
  return name;
}

/** A namespace's name as Kubernetes takes it (an RFC 1123 label), or throws saying which setting gave it. */
function namespaceName(name: string, what: string, where: string): string {
  if (name.length > 63 || !DNS_LABEL.test(name)) {
    throw new UserError(`The ${what} ${JSON.stringify(name)} (${where}) is not a Kubernetes namespace name; use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit.`);
  }
  return name;
}

/**
 * Refuses an object for `environment` that another environment's object would also be (the same
 * kind, name and namespace): applying either would re-point the other's. `named` is each
 * environment's object name and whether the config sets it (or undefined: it has none).
 */
function ownName(config: GitopsSyncConfig, environment: string, object: string, key: string, named: (name: string, settings: Environment) => { name: string; set: boolean } | undefined): void {
  const mine = named(environment, config.environments[environment])!;
  for (const [other, settings] of Object.entries(config.environments)) {
    const theirs = other === environment ? undefined : named(other, settings);
    if (theirs?.name !== mine.name) continue;
    const renamed = mine.set || !theirs.set ? environment : other;
    throw new UserError(`Environments ${environment} and ${other} would both be the ${object}, so applying one would re-point the other; give environments.${renamed}.${key} a name of its own.`);
  }
}

/** A duration as the Flux CRD's pattern takes it (`10m`, `1h30m`, `500ms`). */
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

/** Go's duration as Argo CD and Flux read it, from seconds: `5s`, `3m`, `1h30m`. */
export function goDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of [['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) parts.push(`${Math.floor(rest / size)}${unit}`);
    rest %= size;
  }
  return parts.join('') || `${seconds}s`;
}

/**
 * Argo CD's source for the environment: the kustomize folder, the chart with its values, a folder
 * of manifests (a file: its folder with `directory.include`), or a Jsonnet file's folder.
 */
function argoSources(environment: string, k8s: KubernetesEnvironment, request: ControllerRequest): object[] {
  const where = (path: string, key: string) => inRepository(request.configInRepository, path, `environments.${environment}.kubernetes.${key}`);
  const base = { repoURL: request.repoURL, targetRevision: request.revision };
  if (k8s.kustomize) return [{ ...base, path: where(k8s.kustomize, 'kustomize') }];
  if (k8s.helm) {
    const chart = where(k8s.helm.chart, 'helm.chart');
    const helm = {
      releaseName: k8s.helm.release,
      // Argo CD reads value files relative to the source's path (the chart).
      ...(k8s.helm.values.length ? { valueFiles: k8s.helm.values.map((file) => posix.relative(chart, where(file, 'helm.values'))) } : {}),
      ...(k8s.helm.set.length ? { parameters: k8s.helm.set.map((pair) => ({ name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1) })) } : {}),
    };
    return [{ ...base, path: chart, helm }];
  }
  if (k8s.jsonnet) {
    const file = where(k8s.jsonnet.file, 'jsonnet.file');
    const entries = (values: Record<string, string>) => Object.entries(values).map(([name, value]) => ({ name, value }));
    return [{ ...base, path: posix.dirname(file), directory: { include: posix.basename(file), jsonnet: { extVars: entries(k8s.jsonnet.ext_str), tlas: entries(k8s.jsonnet.tla_str) } } }];
  }
  return (k8s.manifests ?? []).map((path) => {
    const inside = where(path, 'manifests');
    // A file: its folder, with only it included; a folder: all of it, recursively, as drift reads it.
    return /\.(ya?ml|json)$/i.test(inside) ? { ...base, path: posix.dirname(inside), directory: { include: posix.basename(inside) } } : { ...base, path: inside, directory: { recurse: true } };
  });
}

/** sync.retry as Argo CD's retry: exponential backoff, its durations in Go's notation. */
export function argoCdRetry(config: GitopsSyncConfig): object {
  const { retry } = config.sync;
  // The CRD types backoff.factor as an integer (int64).
  if (!Number.isInteger(retry.factor)) throw new UserError(`sync.retry.factor is ${retry.factor}, but Argo CD's retry backoff factor is a whole number; set sync.retry.factor to an integer (e.g. 2).`);
  return { limit: retry.limit, backoff: { duration: goDuration(retry.delay_seconds), factor: retry.factor, maxDuration: goDuration(retry.max_delay_seconds) } };
}

/**
 * An Argo CD Application (argoproj.io/v1alpha1) for one environment: automated sync that heals but
 * never prunes, the namespace created, prunes last, sync.retry as its retry, and the fields Argo CD
 * must not fight over ignored (HPA-owned replicas, the config's ignore_differences).
 */
export function argoCdApplication(environment: string, settings: Environment & { kubernetes: KubernetesEnvironment }, config: GitopsSyncConfig, request: ControllerRequest & { server: string; namespace: string; project: string; scaled: readonly ScaledWorkload[] }): object {
  const k8s = settings.kubernetes;
  const name = objectName(settings.argocd?.app ?? environment, 'Application name', settings.argocd ? `environments.${environment}.argocd.app` : "the environment's name");
  const namespace = namespaceName(request.namespace, 'Application namespace', '--namespace');
  ownName(config, environment, `Application ${name} in ${namespace}`, 'argocd.app', (other, theirs) => (theirs.argocd ? { name: theirs.argocd.app, set: true } : theirs.kubernetes ? { name: other, set: false } : undefined));
  const destination = namespaceName(k8s.helm?.namespace ?? k8s.namespace, 'destination namespace', `environments.${environment}.kubernetes.${k8s.helm?.namespace !== undefined ? 'helm.namespace' : 'namespace'}`);
  const policy = Object.hasOwn(config.approval.environments, environment) ? config.approval.environments[environment] : {};
  const sources = argoSources(environment, k8s, request);
  const ignoreDifferences = [
    ...request.scaled.map((workload) => ({ group: workload.group, kind: workload.kind, name: workload.name, ...(workload.namespace ? { namespace: workload.namespace } : {}), jsonPointers: ['/spec/replicas'] })),
    ...k8s.ignore_differences.map((rule) => ({
      ...(rule.group !== undefined ? { group: rule.group } : {}),
      kind: rule.kind,
      ...(rule.name !== undefined ? { name: rule.name } : {}),
      ...(rule.namespace !== undefined ? { namespace: rule.namespace } : {}),
      ...(rule.json_pointers.length ? { jsonPointers: rule.json_pointers } : {}),
      ...(rule.managed_fields_managers.length ? { managedFieldsManagers: rule.managed_fields_managers } : {}),
    })),
  ];
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace },
    spec: {
      project: objectName(request.project, 'Argo CD project', '--project'),
      ...(sources.length === 1 ? { source: sources[0] } : { sources }),
      destination: { server: request.server, namespace: destination },
      syncPolicy: {
        // Production is applied by gitops-sync sync once its gate allows it, never by Argo CD on its own.
        ...(isProduction(environment, policy) ? {} : { automated: { selfHeal: true, prune: false } }),
        syncOptions: ['CreateNamespace=true', 'PruneLast=true'],
        retry: argoCdRetry(config),
      },
      ...(ignoreDifferences.length ? { ignoreDifferences } : {}),
    },
  };
}

/**
 * A Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) for one environment: the kustomize or
 * manifests folder from a GitRepository, never pruning, waiting for readiness within the rollout timeout.
 */
export function fluxKustomization(environment: string, settings: Environment & { kubernetes: KubernetesEnvironment }, config: GitopsSyncConfig, request: Omit<ControllerRequest, 'repoURL' | 'revision'> & { sourceName: string; interval: string }): object {
  const k8s = settings.kubernetes;
  const folder = k8s.kustomize ?? (k8s.manifests?.length === 1 && !/\.(ya?ml|json)$/i.test(k8s.manifests[0]) ? k8s.manifests[0] : undefined);
  if (folder === undefined) {
    throw new UserError(`Environment ${environment} renders its Kubernetes objects with ${k8s.helm ? 'Helm' : k8s.jsonnet ? 'Jsonnet' : 'several manifest paths'}, and a Flux Kustomization reads one folder; use kubernetes.kustomize or a single manifests folder (or a Flux HelmRelease for a chart).`);
  }
  const path = inRepository(request.configInRepository, folder, `environments.${environment}.kubernetes.${k8s.kustomize ? 'kustomize' : 'manifests'}`);
  const name = objectName(settings.flux?.name ?? environment, 'Kustomization name', settings.flux ? `environments.${environment}.flux.name` : "the environment's name");
  const namespace = namespaceName(settings.flux?.namespace ?? 'flux-system', 'Kustomization namespace', `environments.${environment}.flux.namespace`);
  const fluxObject = (other: string, theirs: Environment) => (theirs.flux ? { name: `${theirs.flux.name} in ${theirs.flux.namespace}`, set: true } : theirs.kubernetes ? { name: `${other} in flux-system`, set: false } : undefined);
  ownName(config, environment, `Kustomization ${name} in ${namespace}`, 'flux.name', fluxObject);
  if (!GO_DURATION.test(request.interval)) throw new UserError(`--interval ${JSON.stringify(request.interval)} is not a Go duration as Flux reads it; write it like 10m, 1h or 1h30m.`);
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace },
    spec: {
      interval: request.interval,
      sourceRef: { kind: 'GitRepository', name: objectName(request.sourceName, 'GitRepository name', '--source') },
      path: path === '.' ? './' : `./${path}`,
      prune: false,
      wait: true,
      timeout: goDuration(config.sync.rollout_timeout_seconds),
      retryInterval: goDuration(Math.max(config.sync.retry.delay_seconds, 1)),
      targetNamespace: k8s.namespace,
    },
  };
}

import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import {
  checkEnvironmentName,
  declaresListKind,
  diffKubectlDirs,
  eachManifest,
  ManifestMatcher,
  NotAListError,
  oneLine,
  parseArgoCdManagedResources,
  parseFluxDiff,
  parseKubectlDiff,
  reportFromChanges,
  UserError,
  type DriftReport,
  type GitopsSyncConfig,
  type K8sObject,
  type ManifestDiffOptions,
  type ManifestStreamOptions,
  type SeverityRule,
  type UnjudgedChange,
} from '@gitops-sync/core';
import { isInside, maxInputBytes, readInputFile, realPathOf, statOrNothing, withInputChunks, type InputFileOptions } from '../files.js';
import { fetchManagedResources } from '../argocd-client.js';
import { rulesFor } from '../rules.js';
import { systemClock, type Clock } from '../ports.js';
import type { KubernetesSource } from './kubernetes-sources.js';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** Manifest files under a path: the file itself, or every .yaml/.yml/.json below a folder, in name order. */
function manifestFiles(path: string): string[] {
  if (!statOrNothing(path, true)?.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? manifestFiles(join(path, entry.name)) : MANIFEST_FILE.test(entry.name) ? [join(path, entry.name)] : []));
}

/**
 * Every object in the given files and folders. Nothing is read from outside `within` (the base dir,
 * for paths the config names) or, without it, outside each folder given: a symlink may not lead out.
 */
export function readManifests(paths: readonly string[], what: string, within?: string, liveExport?: string): K8sObject[] {
  const objects: K8sObject[] = [];
  const apartFrom = liveExport === undefined ? undefined : { path: liveExport, why: `is, or leads into, the live export ${liveExport}, so Git would be compared with itself; pass what \`kubectl get … -o yaml\` wrote of what runs apart from the manifests.` };
  eachManifestIn(paths, what, (object) => objects.push(object), { within, apartFrom });
  return objects;
}

/** The folder a file of `path` must stay inside: the one given, else the folder walked (a file named outright is read wherever it is). */
const withinFor = (file: string, path: string, within: string | undefined) => within ?? (file === path ? undefined : path);

/** readManifests handing each object to `onObject` as it is read (see eachManifest for itemsBeforeKind). */
function eachManifestIn(paths: readonly string[], what: string, onObject: (object: K8sObject) => void, options: Pick<InputFileOptions, 'within' | 'apartFrom'> & ManifestStreamOptions): void {
  const maxBytes = maxInputBytes('kubernetes'); // once, not for each of thousands of files
  for (const path of paths) {
    for (const file of manifestFiles(path)) {
      const within = withinFor(file, path, options.within);
      eachManifest((consume) => withInputChunks(file, what, consume, { maxBytes, within, apartFrom: options.apartFrom }), file, onObject, options);
    }
  }
}

/**
 * Refuses manifests given on the command line that hold no object, without a tracking label: with nothing
 * desired and no live object to prune, nothing is compared, and a wrong or empty path would read as "no
 * drift". (A configured environment's render may legitimately be empty: sync must still go on.)
 */
function requireDesiredObjects(desired: readonly K8sObject[], options: Pick<ManifestDiffOptions, 'desiredLabel' | 'trackingLabel'>): void {
  if (desired.length > 0 || options.trackingLabel) return;
  throw new UserError(`No Kubernetes object in ${options.desiredLabel}, so nothing would be compared; pass the manifests Git holds (with a tracking label, an empty Git side means every labelled live object is to be pruned).`);
}

/** Refuses a live export that is (or is among, or holds) the manifests themselves, links followed: Git compared with itself shows no drift. */
export function requireLiveApart(input: readonly string[], live: string): void {
  const at = realPathOf(live);
  const manifests = input.find((path) => isInside(at, realPathOf(path)) || isInside(realPathOf(path), at));
  if (manifests === undefined) return;
  const where = realPathOf(manifests) === at ? 'the manifests themselves' : isInside(at, realPathOf(manifests)) ? 'among the manifests' : 'a folder holding the manifests';
  throw new UserError(`The live export ${live} is ${where} (${manifests}), so Git would be compared with itself; pass what \`kubectl get … -o yaml\` wrote of what runs.`);
}

/**
 * A list kind (kubectl's List, the API's ConfigMapList from `kubectl get --raw`; block, flow or JSON) in any
 * file of `path`: an export of nothing running is an empty list, not an empty file.
 */
function declaresList(path: string, within: string | undefined): boolean {
  return manifestFiles(path).some((file) =>
    declaresListKind(readInputFile(file, 'a live export', { kind: 'kubernetes', within: withinFor(file, path, within) }).toString('utf8')),
  );
}

/**
 * Desired manifests against a live export read as a stream: each live object is compared as it is
 * read and dropped, so the export is never held whole. Should a large document turn out not to be
 * a List after its items were compared, the export is read again, keeping its items.
 */
export function diffLiveExport(desired: readonly K8sObject[], live: string, options: ManifestDiffOptions, read: { within?: string; listSplitBytes?: number } = {}): UnjudgedChange[] {
  const compare = (itemsBeforeKind: boolean) => {
    const matcher = new ManifestMatcher(desired, options);
    let objects = 0;
    eachManifestIn([live], 'a live export', (object) => {
      objects++;
      matcher.addLive(object);
    }, { ...read, itemsBeforeKind });
    // Read as "nothing runs", an export that holds nothing turns a privileged container patched in by hand into a plain create.
    if (objects === 0 && !declaresList(live, read.within)) {
      throw new UserError(
        `${live} holds no Kubernetes object and no List, as a failed \`kubectl get … -o yaml > FILE\` leaves it; export it again (asked for kinds, \`kubectl get deploy,svc -n NS -o yaml\`, kubectl writes an empty List when nothing runs; with --ignore-not-found it writes nothing, so write an empty List then: apiVersion: v1, kind: List, items: []).`,
      );
    }
    return matcher.changes();
  };
  try {
    return compare(true);
  } catch (error) {
    if (error instanceof NotAListError) return compare(false);
    throw error;
  }
}

/** One of kubectl's diff folders (LIVE or MERGED): file name → text. */
export function readKubectlDir(dir: string, what: string): Map<string, string> {
  if (!statOrNothing(dir, true)?.isDirectory()) throw new UserError(`${dir} is not a folder; pass the ${what} folder kubectl diff creates.`);
  return new Map(
    readdirSync(dir, { withFileTypes: true }).map((entry) => {
      // kubectl writes one regular file per object: anything else skipped would turn its object into a creation or deletion.
      if (!entry.isFile()) throw new UserError(`${join(dir, oneLine(entry.name))} is ${entryKind(entry)}, not a regular file; kubectl diff writes one regular file per object: pass the folders it creates.`);
      return [entry.name, readInputFile(join(dir, entry.name), `a file of the ${what} folder`, { kind: 'kubernetes', within: dir }).toString('utf8')];
    }),
  );
}

const entryKind = (entry: Dirent) => (entry.isSymbolicLink() ? 'a symbolic link' : entry.isDirectory() ? 'a folder' : 'a device, FIFO or socket');

/** Sources that read one text file (a tool's printed output) and need no live side. */
const TEXT_SOURCES: Record<string, (text: string, options: { label: string; defaultNamespace?: string; fieldManagers?: string[] }) => UnjudgedChange[]> = {
  'flux-diff': parseFluxDiff,
  'kubectl-diff': parseKubectlDiff,
  argocd: parseArgoCdManagedResources,
};


export interface KubernetesAnalyzeRequest {
  source: KubernetesSource;
  /** The Git side: manifests (files or folders), or kubectl's MERGED folder. */
  input: string[];
  /** The cluster side: a live export, or kubectl's LIVE folder. */
  live: string | undefined;
  environment: string;
  config: GitopsSyncConfig;
  namespace: string;
  trackingLabel?: string;
  extraRules?: SeverityRule[];
}

/** The environment's `ignore_differences` from gitops-sync.yaml, for every way Kubernetes drift is checked. */
const ignoreRulesOf = (config: GitopsSyncConfig, environment: string) => config.environments[environment]?.kubernetes?.ignore_differences ?? [];

/** The environment's `field_manager` from gitops-sync.yaml as a list; undefined for the default appliers. */
export const fieldManagersOf = (kubernetes: { field_manager?: string | string[] } | undefined) => (kubernetes?.field_manager === undefined ? undefined : [kubernetes.field_manager].flat());
const fieldManagersIn = (config: GitopsSyncConfig, environment: string) => fieldManagersOf(config.environments[environment]?.kubernetes);

function kubernetesChanges(request: KubernetesAnalyzeRequest): UnjudgedChange[] {
  const parseText = TEXT_SOURCES[request.source];
  if (parseText) {
    return request.input.flatMap((path) => parseText(readInputFile(path, `the output of ${request.source}`, { kind: 'kubernetes' }).toString('utf8'), {
        label: path,
        defaultNamespace: request.namespace,
        fieldManagers: fieldManagersIn(request.config, request.environment),
      }),
    );
  }
  if (!request.live) throw new UserError(`--source ${request.source} needs --live: ${request.source === 'k8s-dirs' ? "kubectl's LIVE folder" : 'a live export (kubectl get … -o yaml)'}.`);
  if (request.source === 'k8s-dirs') {
    const [merged] = request.input;
    return diffKubectlDirs(readKubectlDir(request.live, 'LIVE'), readKubectlDir(merged, 'MERGED'), { live: request.live, merged }, { ignoreDifferences: ignoreRulesOf(request.config, request.environment) });
  }
  requireLiveApart(request.input, request.live);
  const desired = readManifests(request.input, 'Kubernetes manifests', undefined, request.live);
  requireDesiredObjects(desired, { desiredLabel: request.input.join(', '), trackingLabel: request.trackingLabel });
  return diffLiveExport(desired, request.live, {
    desiredLabel: request.input.join(', '),
    liveLabel: request.live,
    defaultNamespace: request.namespace,
    trackingLabel: request.trackingLabel,
    ignoreDifferences: ignoreRulesOf(request.config, request.environment),
    fieldManagers: fieldManagersIn(request.config, request.environment),
  });
}

/** Desired Kubernetes state against live state, judged into a report. */
export function analyzeKubernetes(request: KubernetesAnalyzeRequest, clock: Clock = systemClock): DriftReport {
  checkEnvironmentName(request.environment);
  return reportFromChanges(kubernetesChanges(request), {
    environment: request.environment,
    sources: [request.source],
    rules: rulesFor(request.config, request.extraRules),
    generatedAt: clock.now().toISOString(),
  });
}

export interface ArgoCdAppRequest {
  server: string;
  app: string;
  token: string;
  environment: string;
  config: GitopsSyncConfig;
  extraRules?: SeverityRule[];
}

/** An Argo CD application's managed resources, fetched live from its API server, judged into a report. */
export async function analyzeArgoCdApp(request: ArgoCdAppRequest, clock: Clock = systemClock): Promise<DriftReport> {
  checkEnvironmentName(request.environment);
  const body = await fetchManagedResources({ server: request.server, app: request.app, token: request.token });
  const changes = parseArgoCdManagedResources(body, {
    label: `Argo CD application ${request.app}`,
    ignoreDifferences: ignoreRulesOf(request.config, request.environment),
    fieldManagers: fieldManagersIn(request.config, request.environment),
  });
  return reportFromChanges(changes, {
    environment: request.environment,
    sources: ['argocd'],
    rules: rulesFor(request.config, request.extraRules),
    generatedAt: clock.now().toISOString(),
  });
}

import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { maxInputBytes, removeScratchFolder, scratchFolder } from '../files.js';
import { checkObject, parseManifests, UserError, type K8sObject, type KubernetesEnvironment, type SecretSink, type Secrets } from '@gitops-sync/core';
import { withDecryptedInputs } from '../secrets/sops-decrypt.js';
import { readManifests } from './kubernetes.js';
import type { Exec, Progress } from '../ports.js';
import { lastLines } from '../tool-output.js';

export interface RenderContext {
  exec: Exec;
  progress: Progress;
  env?: NodeJS.ProcessEnv;
  /** Folder the config's relative paths start from. */
  baseDir: string;
  /** Which CI secrets decrypt SOPS-encrypted inputs (default: the `secrets:` defaults). */
  secrets?: Secrets;
  /** The run's redaction set: decrypted SOPS values go there before anything is printed. */
  onSecret?: SecretSink;
}


/** Where jsonnet points in its messages: `app.jsonnet:2:43`, `app.jsonnet:1:6-39`, `app.jsonnet:(1:6)-(2:3)`. */
const JSONNET_LOCATION = /[^\s:]+\.(?:jsonnet|libsonnet):(?:\d+:\d+(?:-\d+)?|\(\d+:\d+\)-\(\d+:\d+\))/g;

/**
 * What went wrong in jsonnet, without its message: that may quote the values being evaluated (an
 * `error` built from a secret, the text a parse error last read), so only the locations are kept.
 */
function jsonnetFailure(file: string, exitCode: number, stderr: string): UserError {
  const locations = [...new Set(stderr.match(JSONNET_LOCATION))].slice(0, 3);
  const where = locations.length ? ` at ${locations.join(', ')}` : '';
  return new UserError(`jsonnet ${file} failed (exit ${exitCode})${where}; run jsonnet ${file} to read its message (not repeated here: it may quote values).`);
}

/**
 * Runs a renderer through the Exec port; its stdout, or one sentence when it fails. What it prints is
 * bounded like a manifest file: a chart or a Jsonnet loop of a pull request may print gigabytes.
 */
async function run(command: string, args: string[], context: RenderContext): Promise<string> {
  const what = `${command} ${args[0]}${args[1] ? ` ${args[1]}` : ''}`;
  context.progress.step(what);
  const bytes = maxInputBytes('kubernetes', context.env);
  const outputLimit = { bytes, message: `${what} printed more than ${Math.round(bytes / 1024 / 1024)} MB and was stopped; check fewer objects per environment or raise GITOPS_SYNC_MAX_INPUT_MB.` };
  const result = await context.exec.run(command, args, { cwd: context.baseDir, env: context.env, outputLimit });
  if (result.exitCode === 0) return result.stdout.toString('utf8');
  if (command === 'jsonnet') throw jsonnetFailure(args[0], result.exitCode, result.stderr);
  throw new UserError(`${command} ${args[0]} failed (exit ${result.exitCode}): ${lastLines(result.stderr).join(' ') || 'no message'}`);
}

/** Jsonnet may evaluate to one object, a list, or nested maps of objects (kube-prometheus style). */
function jsonnetObjects(value: unknown, where: string): K8sObject[] {
  if (Array.isArray(value)) return value.flatMap((item) => jsonnetObjects(item, where));
  if (typeof value !== 'object' || value === null) return [];
  const object = value as Record<string, unknown>;
  if (typeof object.kind === 'string') return object.kind.endsWith('List') && Array.isArray(object.items) ? jsonnetObjects(object.items, where) : [checkObject(object, where)];
  return Object.values(object).flatMap((item) => jsonnetObjects(item, where));
}

/** The commands that render the desired state, for --dry-run and for running. */
export function renderCommand(k8s: KubernetesEnvironment): [string, string[]] | undefined {
  if (k8s.kustomize) return ['kubectl', ['kustomize', k8s.kustomize]];
  if (k8s.helm) {
    const { chart, release, namespace, values, set } = k8s.helm;
    // --no-hooks: hooks (tests, pre-install Jobs) are run by Helm, not kept as objects of the release (`helm get manifest`
    // leaves them out too); rendered, a chart's test Pod would show as drift on every check.
    return ['helm', ['template', release, chart, '--namespace', namespace ?? k8s.namespace, '--no-hooks', ...values.flatMap((file) => ['--values', file]), ...set.flatMap((pair) => ['--set', pair])]];
  }
  if (k8s.jsonnet) {
    const { file, ext_str, tla_str } = k8s.jsonnet;
    return ['jsonnet', [file, ...Object.entries(ext_str).flatMap(([k, v]) => ['--ext-str', `${k}=${v}`]), ...Object.entries(tla_str).flatMap(([k, v]) => ['--tla-str', `${k}=${v}`])]];
  }
  return undefined;
}

/** What each renderer reads, relative to the base dir: where SOPS-encrypted inputs are looked for. */
function renderInputs(k8s: KubernetesEnvironment): string[] {
  if (k8s.manifests) return k8s.manifests;
  if (k8s.kustomize) return [k8s.kustomize];
  if (k8s.helm) return k8s.helm.values;
  return k8s.jsonnet ? [dirname(k8s.jsonnet.file)] : [];
}

/**
 * The objects Git wants: manifests read, or rendered with kubectl kustomize, helm template or jsonnet.
 * SOPS-encrypted inputs are decrypted into a private copy of the base dir, removed afterwards.
 */
export async function renderDesired(k8s: KubernetesEnvironment, context: RenderContext): Promise<K8sObject[]> {
  return withDecryptedInputs(context, async (inputs) => {
    const baseDir = await inputs.renderRoot(context.baseDir, renderInputs(k8s));
    return renderFrom(k8s, { ...context, baseDir });
  });
}

async function renderFrom(k8s: KubernetesEnvironment, context: RenderContext): Promise<K8sObject[]> {
  if (k8s.manifests) {
    const liveExport = 'export' in k8s.live ? resolve(context.baseDir, k8s.live.export) : undefined;
    return readManifests(k8s.manifests.map((path) => resolve(context.baseDir, path)), 'Kubernetes manifests', context.baseDir, liveExport);
  }
  const [command, args] = renderCommand(k8s)!;
  const output = await run(command, args, context);
  const label = `the output of ${command} ${args[0]}`;
  if (command !== 'jsonnet') return parseManifests(output, label);
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be a rendered Secret.
    throw new UserError(`${label} is not JSON; check the Jsonnet file evaluates to Kubernetes objects.`);
  }
  return jsonnetObjects(value, label);
}

/** kubectl's resource type for an object: `Deployment.apps`, or just `ConfigMap` for the core group. */
function resourceType(object: K8sObject): string {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : 'v1';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return group ? `${object.kind}.${group}` : String(object.kind);
}

/** kubectl get leaves managedFields out unless asked; they tell who changed a field (field-origin.ts). */
const SHOW_MANAGED_FIELDS = '--show-managed-fields';

/**
 * What runs now: an export file, or `kubectl get` of exactly the objects Git names — plus, with a
 * tracking label, every object of those kinds carrying it, so objects deleted from Git show up as to
 * be pruned (objects of kinds Git no longer has at all are not found this way). With a tracking label
 * and nothing rendered, the kinds to look among are unknown: refused, as "no drift" would hide every
 * labelled object still running.
 */
export async function fetchLive(k8s: KubernetesEnvironment, desired: readonly K8sObject[], context: RenderContext): Promise<K8sObject[]> {
  if ('export' in k8s.live) return readManifests([resolve(context.baseDir, k8s.live.export)], 'a live export', context.baseDir);
  if (desired.length === 0) {
    if (k8s.tracking_label) {
      throw new UserError(
        `The Kubernetes render holds no object, so with tracking_label ${k8s.tracking_label} there is no kind to look for labelled objects among, and "no drift" would hide every one still running; fix the render (a wrong path, values that print nothing), or to remove what runs, delete it with kubectl and then the environment's kubernetes settings.`,
      );
    }
    return [];
  }
  const cluster = k8s.context ? ['--context', k8s.context] : [];
  const scratch = scratchFolder('gitops-sync-live-');
  try {
    const file = join(scratch, 'desired.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: desired }));
    const named = parseManifests(await run('kubectl', ['get', '-f', file, '-o', 'json', '--ignore-not-found', ...cluster, SHOW_MANAGED_FIELDS], context), 'the output of kubectl get');
    if (!k8s.tracking_label) return named;
    const types = [...new Set(desired.map(resourceType))].join(',');
    const labelled = parseManifests(await run('kubectl', ['get', types, '--all-namespaces', '-l', k8s.tracking_label, '-o', 'json', ...cluster, SHOW_MANAGED_FIELDS], context), 'the output of kubectl get -l');
    const key = (object: K8sObject) => `${object.apiVersion}/${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
    const seen = new Set(named.map(key));
    return [...named, ...labelled.filter((object) => !seen.has(key(object)))];
  } finally {
    removeScratchFolder(scratch);
  }
}

import { chmodSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import {
  appendAll,
  checkEnvironmentName,
  indexObjects,
  matchKey,
  parseManifests,
  Redactor,
  SENSITIVE,
  UserError,
  type DriftReport,
  type K8sObject,
  type KubernetesEnvironment,
  type ObjectRef,
  type Secrets,
} from '@gitops-sync/core';
import { encryptBackup, ENCRYPTED_SUFFIX } from './backup-encryption.js';
import { mkdirKeptOutOfGit, removeScratchFolder, scratchFolder, writeFileAtomic } from '../files.js';
import { KLOG_LINE } from '../tool-output.js';
import { renderDesired } from '../drift/k8s-render.js';
import { isOnPath } from '../path-lookup.js';
import { keepingBackups, SyncFailure, type SyncContext, type SyncOutcome } from './sync-types.js';

/**
 * How a live Secret is backed up. `redacted` (the default): its metadata, type and keys, every value
 * (and the last-applied annotation, which repeats them) written as `(sensitive)` — backups travel as
 * CI artifacts, where Secret values must not go. `full`: the live YAML as it is, in a file only its
 * owner can read (0600, folder 0700) — for clusters where the backup is the only copy of a Secret
 * an approved prune deletes.
 */
export type SecretBackups = 'redacted' | 'full';

export interface KubernetesSyncRequest {
  environment: string;
  kubernetes: KubernetesEnvironment;
  /** Folder the config's relative paths start from. */
  baseDir: string;
  /** Which CI secrets decrypt SOPS-encrypted inputs. */
  secrets?: Secrets;
  /**
   * Addresses (`group/version/Kind/namespace/name`) the gate-approved report lists with action
   * `delete` (see approvedKubernetesPrunes). Nothing else live is ever deleted; an address Git still
   * has is kept.
   */
  approvedPrunes: readonly string[];
  /** Absolute folder the live YAML of every object about to change is written into. */
  backupDir: string;
  /** age recipients the live YAML is encrypted to (`<name>.yaml.age`); none: plaintext on the runner. */
  backupRecipients?: readonly string[];
  /** How long `kubectl rollout status` (and a CRD becoming established) may take, per object. */
  rolloutTimeoutSeconds: number;
  /** Render and say what would run; nothing is backed up, applied or deleted. */
  dryRun: boolean;
  secretBackups?: SecretBackups;
}

export interface KubernetesSyncOutcome extends SyncOutcome {
  /** Addresses applied (or, with dry-run, to be applied), in apply order. */
  appliedObjects: string[];
  /** Addresses deleted (or to be deleted). */
  pruned: string[];
  /** Workloads whose rollout was waited for: `deployment/web -n shop`. */
  rolledOut: string[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A name kubectl will not read as a flag or a path: no leading dash, no slash, no space or control character. */
// eslint-disable-next-line no-control-regex
const SAFE_NAME = /^[^-/\s\u0000-\u001f\u007f][^/\s\u0000-\u001f\u007f]*$/;

/** The report address of an object: `apps/v1/Deployment/shop/web`, `v1/Namespace//shop`. */
export function addressOf(ref: ObjectRef): string {
  return `${ref.group ? `${ref.group}/` : ''}${ref.version}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** An address of the drift report back into an object reference, or a UserError saying what is wrong with it. */
export function parseK8sAddress(address: string): ObjectRef {
  const parts = address.split('/');
  const [group, version, kind, namespace, name] = parts.length === 5 ? parts : parts.length === 4 ? ['', ...parts] : [];
  if (
    version === undefined ||
    !/^v\d+((alpha|beta)\d+)?$/.test(version) ||
    !/^[A-Z][A-Za-z0-9]*$/.test(kind) ||
    (group !== '' && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(group)) ||
    (namespace !== '' && !DNS_LABEL.test(namespace)) ||
    !SAFE_NAME.test(name)
  ) {
    throw new UserError(`${JSON.stringify(address)} is not a Kubernetes object address (group/version/Kind/namespace/name); pass the addresses the drift report lists.`);
  }
  return { group, version, kind, namespace, name };
}

/** The addresses a report lists for deletion, for approvedPrunes: only Kubernetes objects, only action `delete`. */
export function approvedKubernetesPrunes(report: Pick<DriftReport, 'changes'>): string[] {
  return report.changes
    .filter((change) => change.action === 'delete')
    .map((change) => change.address)
    .filter((address) => {
      try {
        parseK8sAddress(address);
        return true;
      } catch {
        return false;
      }
    });
}

/** kubectl's name for one object: `Deployment.apps/web`, `ConfigMap/app` for the core group. */
export function kubectlResource(ref: ObjectRef): string {
  return `${ref.kind}${ref.group ? `.${ref.group}` : ''}/${ref.name}`;
}

/** The file an object's backup goes to, named as kubectl diff names its files: `apps.v1.Deployment.shop.web.yaml`. */
export function backupFileName(ref: ObjectRef): string {
  return `${ref.group ? `${ref.group}.` : ''}${ref.version}.${ref.kind}.${ref.namespace}.${ref.name}.yaml`;
}

const describeRef = (ref: ObjectRef) => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
const namespaceArgs = (ref: ObjectRef) => (ref.namespace ? ['-n', ref.namespace] : []);
export const kubeContextArgs = (context: string | undefined) => (context ? ['--context', context] : []);

/** Workloads `kubectl rollout status` understands. */
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const isWorkload = (ref: ObjectRef) => ref.group === 'apps' && WORKLOADS.has(ref.kind);

/** Namespaces first, then CustomResourceDefinitions, then everything else in the order Git has it. */
function applyPhase(ref: ObjectRef): number {
  if (ref.kind === 'Namespace' && ref.group === '') return 0;
  if (ref.kind === 'CustomResourceDefinition' && ref.group === 'apiextensions.k8s.io') return 1;
  return 2;
}

/** What kubectl said when it failed, for one sentence: its error lines, secrets taken out, one line. */
export function kubectlSaid(stderr: string, redactor?: Redactor): string {
  const all = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  // kubectl logs klog lines before its own sentence when the cluster does not answer.
  const said = all.filter((line) => !KLOG_LINE.test(line));
  const lines = said.length ? said : all;
  const errors = lines.filter((line) => /^(error|Error from server|✗)/i.test(line));
  const text = (errors.length ? errors.slice(0, 3) : lines.slice(-3)).join(' ');
  const line = (redactor ? redactor.redact(text) : text).replace(/\s+/g, ' ').replace(/[.\s]+$/, '');
  return (line.length > 300 ? `${line.slice(0, 299)}…` : line) || 'no message';
}

/** kubectl's and flux's ways of saying a wait ran out of time or a rollout stopped progressing. */
export const ROLLOUT_TIMED_OUT = /timed out waiting for the condition|exceeded its progress deadline|context deadline exceeded|timeout waiting for/i;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every value of a Secret (as written and base64-decoded), so no message can quote one. */
function rememberSecretValues(object: K8sObject, redactor: Redactor): void {
  if (object.kind !== 'Secret') return;
  const remember = (value: unknown, encoded: boolean) => {
    if (typeof value !== 'string' || value.length < 4) return;
    redactor.add(value);
    if (!encoded) return;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (decoded.length >= 4) redactor.add(decoded);
  };
  if (isObject(object.data)) for (const value of Object.values(object.data)) remember(value, true);
  if (isObject(object.stringData)) for (const value of Object.values(object.stringData)) remember(value, false);
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A live Secret without its values: keys stay, values (and the annotation that repeats them) become `(sensitive)`. */
function redactedSecret(object: K8sObject): string {
  const copy = structuredClone(object) as Record<string, unknown> & { metadata?: Record<string, unknown> };
  for (const field of ['data', 'stringData']) {
    const values = copy[field];
    if (isObject(values)) copy[field] = Object.fromEntries(Object.keys(values).map((key) => [key, SENSITIVE]));
  }
  const annotations = copy.metadata?.annotations;
  if (isObject(annotations) && LAST_APPLIED in annotations) annotations[LAST_APPLIED] = SENSITIVE;
  return `# gitops-sync: the values of this Secret are not kept in backups; restore them from where they come from.\n${stringifyYaml(copy)}`;
}

export interface BackupOptions {
  context: string | undefined;
  backupDir: string;
  secretBackups: SecretBackups;
  /** age recipients: the file is `<name>.yaml.age`, encrypted to them, and no plaintext is written. */
  recipients: readonly string[];
  redactor: Redactor;
  /** Why: `syncing prod`, `rolling back deployment/web`. */
  purpose: string;
  /** How long one `kubectl get` may wait for the cluster before it is stopped (sync.rollout_timeout_seconds). */
  timeoutSeconds: number;
}

/** The exec timeout of a kubectl call that must not wait forever on a cluster that never answers. */
export const kubectlTimeout = (seconds: number, what: string, hint = 'check that the cluster answers (kubectl cluster-info), or raise sync.rollout_timeout_seconds') => ({ ms: seconds * 1000, what, hint });

/**
 * Writes one object's live YAML (`kubectl get … -o yaml --ignore-not-found`) into the backup folder
 * (encrypted when there are recipients); the path and the YAML as kubectl gave it, or undefined when the object does not exist (or its kind is not known to the cluster yet,
 * as for a custom resource whose CRD this sync installs). A failure to read or write is a UserError
 * that says nothing was changed.
 */
export async function backupLiveObject(ref: ObjectRef, options: BackupOptions, context: SyncContext): Promise<{ path: string; live: string } | undefined> {
  const args = ['get', kubectlResource(ref), ...namespaceArgs(ref), '-o', 'yaml', '--ignore-not-found', ...kubeContextArgs(options.context)];
  const result = await context.exec.run('kubectl', args, { env: context.env, timeout: kubectlTimeout(options.timeoutSeconds, `kubectl get ${describeRef(ref)} (the backup before ${options.purpose})`) });
  if (result.exitCode !== 0) {
    if (/doesn't have a resource type|no matches for kind|could not find the requested resource/i.test(result.stderr)) return undefined;
    throw new UserError(
      `Could not back up ${describeRef(ref)} before ${options.purpose} (kubectl get exit ${result.exitCode}: ${kubectlSaid(result.stderr, options.redactor)}); nothing was changed.`,
    );
  }
  const text = result.stdout.toString('utf8');
  if (!text.trim()) return undefined;
  const encrypted = options.recipients.length > 0;
  const path = join(options.backupDir, `${backupFileName(ref)}${encrypted ? ENCRYPTED_SUFFIX : ''}`);
  let content = text;
  if (ref.kind === 'Secret' && ref.group === '') {
    let live: K8sObject | undefined;
    try {
      [live] = parseManifests(text, `the live ${describeRef(ref)}`);
    } catch {
      live = undefined;
    }
    if (!live) throw new UserError(`Could not back up ${describeRef(ref)} before ${options.purpose}: kubectl get did not answer a Secret; nothing was changed.`);
    rememberSecretValues(live, options.redactor);
    if (options.secretBackups === 'redacted') content = redactedSecret(live);
  }
  try {
    if (encrypted) {
      writeFileSync(path, await encryptBackup(content, options.recipients), { mode: 0o600 });
      chmodSync(path, 0o600);
    } else {
      writeFileAtomic(path, content);
      // Any object's YAML may carry credentials (a Deployment's env values), not only a Secret's.
      chmodSync(path, 0o600);
    }
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/[.\s]+$/, '') : String(error);
    throw new UserError(`Could not back up ${describeRef(ref)} before ${options.purpose} (${why}); nothing was changed.`);
  }
  return { path, live: text };
}

/** Creates the backup folder, readable by its owner only (also when the checkout already carries it). */
export function prepareBackupDir(backupDir: string, purpose: string): void {
  try {
    mkdirKeptOutOfGit(backupDir, 0o700);
    chmodSync(backupDir, 0o700);
  } catch (error) {
    throw new UserError(`Could not create the backup folder ${backupDir} before ${purpose} (${(error as Error).message.replace(/[.\s]+$/, '')}); nothing was changed.`);
  }
}

export interface RolloutWait {
  ref: ObjectRef;
  context: string | undefined;
  timeoutSeconds: number;
}

/** `kubectl rollout status`: the line it ends with on success, or how it failed. */
export async function rolloutStatus(wait: RolloutWait, context: SyncContext): Promise<{ ok: true; said: string } | { ok: false; timedOut: boolean; said: string; exitCode: number }> {
  const { ref } = wait;
  const args = ['rollout', 'status', `${ref.kind.toLowerCase()}/${ref.name}`, ...namespaceArgs(ref), `--timeout=${wait.timeoutSeconds}s`, ...kubeContextArgs(wait.context)];
  context.progress.step(`kubectl ${args.join(' ')}`);
  const result = await context.exec.run('kubectl', args, { env: context.env });
  if (result.exitCode === 0) return { ok: true, said: result.stdout.toString('utf8').trim().split('\n').at(-1) ?? '' };
  // A StatefulSet or DaemonSet with the OnDelete strategy has no rollout to wait for.
  if (/only available for RollingUpdate strategy/i.test(result.stderr)) return { ok: true, said: `no rollout to wait for (${ref.kind} with the OnDelete update strategy)` };
  const said = kubectlSaid(result.stderr || result.stdout.toString('utf8'));
  return { ok: false, timedOut: ROLLOUT_TIMED_OUT.test(result.stderr), said, exitCode: result.exitCode };
}

interface Planned {
  ref: ObjectRef;
  object: K8sObject;
}

/** The object as it is applied: a namespaced object without a namespace gets the environment's. */
function withNamespace({ ref, object }: Planned): K8sObject {
  if (!ref.namespace || (typeof object.metadata?.namespace === 'string' && object.metadata.namespace)) return object;
  return { ...object, metadata: { ...object.metadata, namespace: ref.namespace } };
}

function checkRequest(request: KubernetesSyncRequest): void {
  checkEnvironmentName(request.environment);
  if (!isAbsolute(request.backupDir)) throw new UserError(`The backup folder ${JSON.stringify(request.backupDir)} is not an absolute path; resolve sync.backups_dir against the config file's folder.`);
  if (!Number.isInteger(request.rolloutTimeoutSeconds) || request.rolloutTimeoutSeconds < 1) {
    throw new UserError(`The rollout timeout must be a whole number of seconds, at least 1, not ${request.rolloutTimeoutSeconds}; set sync.rollout_timeout_seconds.`);
  }
  const { context } = request.kubernetes;
  if (context !== undefined && !SAFE_NAME.test(context)) throw new UserError(`The kube context ${JSON.stringify(context)} starts with a dash or contains a space or slash; name the context as kubectl config get-contexts lists it.`);
}

/** What a Kubernetes sync will do, worked out from Git and the approved report before anything changes. */
interface KubernetesSyncPlan {
  environment: string;
  /** The kube context, and `--context` for kubectl when one is set. */
  kubeContext?: string;
  cluster: string[];
  timeout: number;
  backupDir: string;
  /** Every object Git wants, in apply order; `first` (Namespaces and CRDs) and `rest` split it, `crds` are in `first`. */
  planned: Planned[];
  first: Planned[];
  crds: Planned[];
  rest: Planned[];
  /** The Deployments, StatefulSets and DaemonSets applied, whose rollout is waited for. */
  workloads: ObjectRef[];
  /** Approved deletions of objects Git no longer has, in reverse apply order. */
  prunes: ObjectRef[];
  /** Approved deletions of objects Git still has: kept. */
  kept: string[];
  /** Knows the desired Secrets' values, to take them out of anything kubectl says. */
  redactor: Redactor;
}

/**
 * Syncs one environment's Kubernetes objects with kubectl, through the Exec port:
 * 1. render what Git wants (manifests, kustomize, helm, jsonnet);
 * 2. back up the live YAML of every object about to change — applied or approved for deletion —
 *    into `backupDir`, one file each (Secrets as `secretBackups` says); nothing changes if that fails;
 * 3. `kubectl apply --server-side --field-manager=gitops-sync`: Namespaces and CRDs first (then wait
 *    for the CRDs to be established), then the rest;
 * 4. `kubectl rollout status` of every Deployment, StatefulSet and DaemonSet applied;
 * 5. last (PruneLast, once the rollouts are done), `kubectl delete` of the approved prunes Git no
 *    longer has. A rollout that does not finish leaves them in place.
 * Failures are SyncFailures: apply-failed (apply, CRD wait or delete) or rollout-timeout.
 */
export async function syncKubernetes(request: KubernetesSyncRequest, context: SyncContext): Promise<KubernetesSyncOutcome> {
  checkRequest(request);
  const plan = await planKubernetesSync(request, context);
  const steps = plan.kept.map((address) => `keep ${address}: approved for deletion, but Git still has it`);
  const outcome: KubernetesSyncOutcome = {
    environment: request.environment,
    applied: false,
    dryRun: request.dryRun,
    backups: [],
    steps,
    appliedObjects: plan.planned.map(({ ref }) => addressOf(ref)),
    pruned: plan.prunes.map(addressOf),
    rolledOut: plan.workloads.map((ref) => `${ref.kind.toLowerCase()}/${ref.name} -n ${ref.namespace}`),
  };
  if (plan.planned.length === 0 && plan.prunes.length === 0) {
    steps.push('nothing to apply or delete');
    return outcome;
  }
  if (request.dryRun) {
    appendAll(steps, dryRunSteps(plan));
    return outcome;
  }

  appendAll(outcome.backups, await backUpLiveObjects(plan, request, context, steps));
  // A failure from here on lists the backups, as they are what to restore from.
  return keepingBackups(outcome.backups, async () => {
    const run: ApplyRun = { plan, context, steps, backedUp: outcome.backups.length ? `; the live YAML from before is in ${plan.backupDir}` : '' };
    await applyInOrder(run);
    outcome.applied = true;
    await waitForRollouts(run);
    await pruneApproved(run);
    return outcome;
  });
}

/** 1. What Git wants, in apply order (Namespaces, CRDs, the rest), and which approved deletions to make. */
async function planKubernetesSync(request: KubernetesSyncRequest, context: SyncContext): Promise<KubernetesSyncPlan> {
  const k8s = request.kubernetes;
  const redactor = new Redactor();
  const onSecret = (value: string) => {
    redactor.add(value);
    context.onSecret?.(value);
  };
  const desired = await renderDesired(k8s, { exec: context.exec, progress: context.progress, env: context.env, baseDir: request.baseDir, secrets: request.secrets, onSecret });
  // Refuses the same object twice, like drift detection does.
  const index = indexObjects(desired, k8s.namespace, `The desired state of ${request.environment}`);
  const planned: Planned[] = [...index.values()].map(({ ref, object }, order) => ({ ref, object, order })).sort((a, b) => applyPhase(a.ref) - applyPhase(b.ref) || a.order - b.order);
  for (const { ref } of planned) {
    if (!SAFE_NAME.test(ref.name)) throw new UserError(`The ${ref.kind} named ${JSON.stringify(ref.name)} has a name kubectl would misread (a leading dash, a slash or a space); fix the manifest.`);
    if (ref.namespace && !DNS_LABEL.test(ref.namespace)) throw new UserError(`The ${ref.kind} ${ref.name} is in namespace ${JSON.stringify(ref.namespace)}, which is not a valid namespace name; fix the manifest.`);
  }
  for (const { object } of planned) rememberSecretValues(object, redactor);

  const first = planned.filter(({ ref }) => applyPhase(ref) < 2);
  return {
    environment: request.environment,
    kubeContext: k8s.context,
    cluster: kubeContextArgs(k8s.context),
    timeout: request.rolloutTimeoutSeconds,
    backupDir: request.backupDir,
    planned,
    first,
    crds: first.filter(({ ref }) => applyPhase(ref) === 1),
    rest: planned.filter(({ ref }) => applyPhase(ref) === 2),
    workloads: planned.filter(({ ref }) => isWorkload(ref)).map(({ ref }) => ref),
    ...approvedPrunesGitLacks(request.approvedPrunes, index),
    redactor,
  };
}

/** The approved deletions Git no longer has (prunes, in reverse apply order) and those it still has (kept). */
function approvedPrunesGitLacks(approved: readonly string[], desired: ReadonlyMap<string, unknown>): { prunes: ObjectRef[]; kept: string[] } {
  const kept: string[] = [];
  const prunes: ObjectRef[] = [];
  const seen = new Set<string>();
  for (const address of approved) {
    const ref = parseK8sAddress(address);
    const key = matchKey(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    if (desired.has(key)) kept.push(address);
    else prunes.push(ref);
  }
  // The reverse of the apply order: a Namespace or CRD goes after what may live in it.
  prunes.sort((a, b) => applyPhase(b) - applyPhase(a));
  return { prunes, kept };
}

const applyArgs = (plan: KubernetesSyncPlan, file: string) => ['apply', '--server-side', '--field-manager=gitops-sync', '-f', file, ...plan.cluster];
const crdWaitArgs = (plan: KubernetesSyncPlan) => ['wait', '--for=condition=Established', ...plan.crds.map(({ ref }) => `customresourcedefinition/${ref.name}`), `--timeout=${plan.timeout}s`, ...plan.cluster];
const deleteArgs = (plan: KubernetesSyncPlan, ref: ObjectRef) => ['delete', kubectlResource(ref), ...namespaceArgs(ref), '--ignore-not-found', '--wait=true', `--timeout=${plan.timeout}s`, ...plan.cluster];

/** `3 object(s): Namespace shop, …, and 2 more`: a group of objects in a step line. */
function describeGroup(group: Planned[]): string {
  const shown = group.slice(0, 5).map(({ ref }) => describeRef(ref));
  return `${group.length} object(s): ${shown.join(', ')}${group.length > shown.length ? `, and ${group.length - shown.length} more` : ''}`;
}

/** The kubectl commands a real sync would run, one step each. */
function dryRunSteps(plan: KubernetesSyncPlan): string[] {
  const { planned, prunes, first, crds, rest, workloads } = plan;
  const steps: string[] = [];
  for (const { ref } of [...planned, ...prunes.map((ref) => ({ ref }))]) {
    steps.push(`kubectl get ${kubectlResource(ref)}${ref.namespace ? ` -n ${ref.namespace}` : ''} -o yaml --ignore-not-found > ${join(plan.backupDir, backupFileName(ref))}`);
  }
  if (first.length) steps.push(`kubectl ${applyArgs(plan, `<${describeGroup(first)}>`).join(' ')}`);
  if (crds.length && rest.length) steps.push(`kubectl ${crdWaitArgs(plan).join(' ')}`);
  if (rest.length) steps.push(`kubectl ${applyArgs(plan, `<${describeGroup(rest)}>`).join(' ')}`);
  for (const ref of workloads) steps.push(`kubectl rollout status ${ref.kind.toLowerCase()}/${ref.name} -n ${ref.namespace} --timeout=${plan.timeout}s${plan.kubeContext ? ` --context ${plan.kubeContext}` : ''}`);
  for (const ref of prunes) steps.push(`kubectl ${deleteArgs(plan, ref).join(' ')}`);
  return steps;
}

/** 2. The live YAML of every object about to change, before anything changes: the files written. */
async function backUpLiveObjects(plan: KubernetesSyncPlan, request: KubernetesSyncRequest, context: SyncContext, steps: string[]): Promise<string[]> {
  const secretBackups = request.secretBackups ?? 'redacted';
  const purpose = `syncing ${request.environment}`;
  prepareBackupDir(plan.backupDir, purpose);
  const options: BackupOptions = { context: plan.kubeContext, backupDir: plan.backupDir, secretBackups, recipients: request.backupRecipients ?? [], redactor: plan.redactor, purpose, timeoutSeconds: plan.timeout };
  context.progress.step(`back up the live YAML of ${plan.planned.length + plan.prunes.length} object(s) into ${plan.backupDir}`);
  const backups: string[] = [];
  for (const ref of [...plan.planned.map(({ ref }) => ref), ...plan.prunes]) {
    const backup = await backupLiveObject(ref, options, context);
    if (backup) {
      backups.push(backup.path);
      steps.push(`backed up ${describeRef(ref)} to ${backup.path}`);
    }
  }
  return backups;
}

/** What the steps after the backups share: the plan, where they report, and what a failure says about the backups. */
interface ApplyRun {
  plan: KubernetesSyncPlan;
  context: SyncContext;
  steps: string[];
  backedUp: string;
}

/** kubectl with `args`, announced on the progress log by its verb and first arguments. */
function kubectl({ context }: ApplyRun, args: string[]) {
  context.progress.step(`kubectl ${args[0]}${args[0] === 'apply' ? '' : ` ${args.slice(1, 3).join(' ')}`}`);
  return context.exec.run('kubectl', args, { env: context.env });
}

/** 3. Apply: Namespaces and CRDs, then (once the CRDs are established) the rest. A failed apply may have applied part of its objects. */
async function applyInOrder(run: ApplyRun): Promise<void> {
  const { first, crds, rest } = run.plan;
  const scratch = scratchFolder('gitops-sync-apply-');
  try {
    if (first.length) await applyGroup(run, scratch, first, 'namespaces-and-crds');
    if (crds.length && rest.length) await waitForCrds(run);
    if (rest.length) await applyGroup(run, scratch, rest, 'objects');
  } finally {
    removeScratchFolder(scratch);
  }
}

async function applyGroup(run: ApplyRun, scratch: string, group: Planned[], label: string): Promise<void> {
  const { plan, context, steps } = run;
  const file = join(scratch, `${label}.json`);
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: group.map(withNamespace) }), { mode: 0o600 });
  context.progress.step(`kubectl apply --server-side of ${group.length} object(s): ${label}`);
  const result = await context.exec.run('kubectl', applyArgs(plan, file), { env: context.env });
  steps.push(`kubectl ${applyArgs(plan, `<${describeGroup(group)}>`).join(' ')}${result.exitCode === 0 ? '' : ` → exit ${result.exitCode}`}`);
  if (result.exitCode !== 0) {
    throw new SyncFailure(
      'apply-failed',
      `kubectl apply of ${group.length} object(s) for ${plan.environment} failed (exit ${result.exitCode}: ${kubectlSaid(result.stderr, plan.redactor)}); some objects may already be applied, so plan again before retrying${run.backedUp}.`,
      plan.redactor.redact(result.stderr).trim() || undefined,
    );
  }
}

async function waitForCrds(run: ApplyRun): Promise<void> {
  const { plan, steps } = run;
  const result = await kubectl(run, crdWaitArgs(plan));
  steps.push(`kubectl ${crdWaitArgs(plan).join(' ')}${result.exitCode === 0 ? '' : ` → exit ${result.exitCode}`}`);
  if (result.exitCode === 0) return;
  const timedOut = ROLLOUT_TIMED_OUT.test(result.stderr);
  throw new SyncFailure(
    timedOut ? 'rollout-timeout' : 'apply-failed',
    `The CustomResourceDefinitions of ${plan.environment} (${plan.crds.map(({ ref }) => ref.name).join(', ')}) were not established ${timedOut ? `within ${plan.timeout} s` : `(kubectl wait exit ${result.exitCode}: ${kubectlSaid(result.stderr, plan.redactor)})`}; nothing else was applied, check them with kubectl describe customresourcedefinition${run.backedUp}.`,
  );
}

/** 4. Rollouts: every workload is checked, then all that did not finish are reported together. */
async function waitForRollouts(run: ApplyRun): Promise<void> {
  const { plan, context, steps } = run;
  const { redactor, timeout, prunes } = plan;
  const stuck: { ref: ObjectRef; timedOut: boolean; said: string }[] = [];
  for (const ref of plan.workloads) {
    const status = await rolloutStatus({ ref, context: plan.kubeContext, timeoutSeconds: timeout }, context);
    steps.push(`kubectl rollout status ${ref.kind.toLowerCase()}/${ref.name} -n ${ref.namespace}: ${redactor.redact(status.said)}`);
    if (!status.ok) stuck.push({ ref, timedOut: status.timedOut, said: redactor.redact(status.said) });
  }
  if (!stuck.length) return;
  const which = stuck.map(({ ref }) => `${ref.kind.toLowerCase()}/${ref.name} in ${ref.namespace}`).join(', ');
  const notPruned = prunes.length ? `; the ${prunes.length} approved deletion(s) were not made` : '';
  const [one] = stuck;
  if (stuck.every(({ timedOut }) => timedOut)) {
    throw new SyncFailure(
      'rollout-timeout',
      `${stuck.length === 1 ? `${which} did not finish rolling out` : `${stuck.length} workloads did not finish rolling out (${which})`} within ${timeout} s (kubectl: ${one.said})${notPruned}; check the pods (kubectl describe ${one.ref.kind.toLowerCase()}/${one.ref.name} -n ${one.ref.namespace}) or roll back${run.backedUp}.`,
      undefined,
      [],
      stuck.map(({ ref }) => addressOf(ref)),
    );
  }
  const failed = stuck.find(({ timedOut }) => !timedOut)!;
  throw new SyncFailure(
    'apply-failed',
    `kubectl rollout status of ${failed.ref.kind.toLowerCase()}/${failed.ref.name} in ${failed.ref.namespace} failed (${failed.said})${stuck.length > 1 ? `, and ${stuck.length - 1} other workload(s) did not finish (${which})` : ''}${notPruned}; check the workload or roll back${run.backedUp}.`,
  );
}

/** 5. Prune last: only the approved deletions, only objects Git no longer has. */
async function pruneApproved(run: ApplyRun): Promise<void> {
  const { plan, steps } = run;
  for (const ref of plan.prunes) {
    const args = deleteArgs(plan, ref);
    const result = await kubectl(run, args);
    steps.push(`kubectl ${args.join(' ')}${result.exitCode === 0 ? '' : ` → exit ${result.exitCode}`}`);
    if (result.exitCode !== 0) {
      throw new SyncFailure(
        'apply-failed',
        `kubectl delete of ${describeRef(ref)} for ${plan.environment} failed (exit ${result.exitCode}: ${kubectlSaid(result.stderr, plan.redactor)}); everything else was applied, sync again to finish the deletions${run.backedUp}.`,
      );
    }
  }
}

export interface FluxReconcileRequest {
  kind: 'kustomization' | 'helmrelease';
  name: string;
  namespace: string;
  /** kube context (flux --context). */
  context?: string;
  /** flux --timeout; flux's own default (5 m) unless given. */
  timeoutSeconds?: number;
  dryRun?: boolean;
  /** Named in the outcome; `<kind>/<name>` unless given. */
  environment?: string;
}

/**
 * `flux reconcile kustomization|helmrelease <name> -n <namespace> --with-source`: Flux fetches the
 * source and applies it. Needs the flux CLI on PATH; a timeout is a rollout-timeout SyncFailure,
 * another failure an apply-failed one.
 */
export async function reconcileFlux(request: FluxReconcileRequest, context: SyncContext): Promise<SyncOutcome> {
  const { kind, name, namespace } = request;
  if (kind !== 'kustomization' && kind !== 'helmrelease') throw new UserError(`Flux kind ${JSON.stringify(kind)} is not one gitops-sync reconciles; use kustomization or helmrelease.`);
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) throw new UserError(`Flux ${kind} name ${JSON.stringify(name)} is not a valid Kubernetes name; use the name flux get ${kind}s lists.`);
  if (!DNS_LABEL.test(namespace)) throw new UserError(`Namespace ${JSON.stringify(namespace)} of the Flux ${kind} ${name} is not a valid namespace name; use the one flux get ${kind}s -A lists.`);
  if (request.context !== undefined && !SAFE_NAME.test(request.context)) throw new UserError(`The kube context ${JSON.stringify(request.context)} starts with a dash or contains a space or slash; name the context as kubectl config get-contexts lists it.`);
  if (!isOnPath('flux', context.env ?? process.env)) {
    throw new UserError(`The flux CLI is not on PATH, and reconciling the Flux ${kind} ${namespace}/${name} needs it; install it (https://fluxcd.io/flux/installation/#install-the-flux-cli) and run again.`);
  }
  const timeout = request.timeoutSeconds;
  const args = ['reconcile', kind, name, '-n', namespace, '--with-source', ...(timeout ? [`--timeout=${timeout}s`] : []), ...kubeContextArgs(request.context)];
  const outcome: SyncOutcome = { environment: request.environment ?? `${kind}/${name}`, applied: false, dryRun: request.dryRun ?? false, backups: [], steps: [`flux ${args.join(' ')}`] };
  if (request.dryRun) return outcome;
  context.progress.step(`flux reconcile ${kind} ${name} -n ${namespace} --with-source`);
  const result = await context.exec.run('flux', args, { env: context.env });
  if (result.exitCode !== 0) {
    const output = `${result.stderr}\n${result.stdout.toString('utf8')}`;
    const said = kubectlSaid(output);
    if (ROLLOUT_TIMED_OUT.test(output)) {
      throw new SyncFailure('rollout-timeout', `flux reconcile ${kind} ${name} -n ${namespace} did not finish${timeout ? ` within ${timeout} s` : ''} (${said}); check it with flux get ${kind}s -n ${namespace}.`);
    }
    throw new SyncFailure('apply-failed', `flux reconcile ${kind} ${name} -n ${namespace} failed (exit ${result.exitCode}: ${said}); check it with flux get ${kind}s -n ${namespace}.`);
  }
  outcome.applied = true;
  const last = result.stderr.trim().split('\n').at(-1)?.trim();
  if (last) outcome.steps.push(last);
  return outcome;
}

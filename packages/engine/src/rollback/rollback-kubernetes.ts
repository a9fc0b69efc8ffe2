import { checkEnvironmentName, parseManifests, Redactor, UserError, type KubernetesEnvironment, type ObjectRef } from '@gitops-sync/core';
import { SyncFailure, type SyncContext } from '../sync/sync-types.js';
import { backupLiveObject, kubeContextArgs, kubectlSaid, kubectlTimeout, prepareBackupDir, rolloutStatus } from '../sync/sync-kubernetes.js';

export type RollbackWorkloadKind = 'deployment' | 'statefulset' | 'daemonset';

export interface KubernetesRollbackRequest {
  environment: string;
  /** The environment's Kubernetes settings; only `context` is used. */
  kubernetes: Pick<KubernetesEnvironment, 'context'>;
  namespace: string;
  name: string;
  kind?: RollbackWorkloadKind;
  /** A revision from `kubectl rollout history`; the previous one unless given. */
  toRevision?: number;
  /** Absolute folder the object's current YAML is written into first. */
  backupDir: string;
  /** age recipients that backup is encrypted to; none: plaintext on the runner. */
  backupRecipients?: readonly string[];
  rolloutTimeoutSeconds: number;
}

export interface KubernetesRollbackResult {
  /** false when kubectl skipped it: the current template already matches the revision. */
  rolledBack: boolean;
  /** What ran before: `deployment/web revision 5`. */
  from: string;
  /** `deployment/web revision 3`, or `deployment/web previous revision`. */
  to: string;
  /** The object's YAML from before the rollback. */
  backupPath: string;
  /** What `kubectl rollout status` ended with: `deployment "web" successfully rolled out`. */
  verification: string;
}

const KINDS: Record<RollbackWorkloadKind, string> = { deployment: 'Deployment', statefulset: 'StatefulSet', daemonset: 'DaemonSet' };
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The revision running now, from the backed-up object: a Deployment's revision annotation, else its generation. */
function currentRevision(live: string, path: string): string {
  try {
    const [object] = parseManifests(live, path);
    const metadata = object?.metadata ?? {};
    const annotations = (metadata.annotations ?? {}) as Record<string, unknown>;
    const revision = annotations['deployment.kubernetes.io/revision'];
    if (typeof revision === 'string' && revision) return `revision ${revision}`;
    const status = (object?.status ?? {}) as Record<string, unknown>;
    if (typeof status.currentRevision === 'string' && status.currentRevision) return `revision ${status.currentRevision}`;
    return typeof metadata.generation === 'number' ? `generation ${metadata.generation}` : 'the current revision';
  } catch {
    return 'the current revision';
  }
}

/**
 * Rolls a workload back with `kubectl rollout undo`, through the Exec port: its current YAML is
 * backed up first (nothing happens if that fails), then `rollout undo [--to-revision=<n>]`, then
 * `rollout status` verifies it — a rollout that does not finish in time is a rollout-timeout
 * SyncFailure, a refused undo (an unknown revision) an apply-failed one.
 */
export async function rollbackDeployment(request: KubernetesRollbackRequest, context: SyncContext): Promise<KubernetesRollbackResult> {
  checkEnvironmentName(request.environment);
  const kind = request.kind ?? 'deployment';
  const { name, namespace, toRevision } = request;
  if (!(kind in KINDS)) throw new UserError(`kubectl rollout undo works on deployment, statefulset and daemonset, not ${JSON.stringify(kind)}; pass one of them as the kind.`);
  if (!NAME.test(name)) throw new UserError(`${JSON.stringify(name)} is not a valid ${kind} name; use the name kubectl get ${kind} -n ${namespace} lists.`);
  if (!DNS_LABEL.test(namespace)) throw new UserError(`${JSON.stringify(namespace)} is not a valid namespace name; use the namespace the ${kind} runs in.`);
  if (toRevision !== undefined && (!Number.isSafeInteger(toRevision) || toRevision < 1)) {
    throw new UserError(`--to-revision ${toRevision} is not a revision number; pick one from kubectl rollout history ${kind}/${name} -n ${namespace}.`);
  }
  if (!Number.isInteger(request.rolloutTimeoutSeconds) || request.rolloutTimeoutSeconds < 1) {
    throw new UserError(`The rollout timeout must be a whole number of seconds, at least 1, not ${request.rolloutTimeoutSeconds}; set sync.rollout_timeout_seconds.`);
  }
  const kubeContext = request.kubernetes.context;
  if (kubeContext !== undefined && !/^[^-\s/][^\s/]*$/.test(kubeContext)) {
    throw new UserError(`The kube context ${JSON.stringify(kubeContext)} starts with a dash or contains a space or slash; name the context as kubectl config get-contexts lists it.`);
  }
  const ref: ObjectRef = { group: 'apps', version: 'v1', kind: KINDS[kind], namespace, name };
  const workload = `${kind}/${name}`;
  const purpose = `rolling back ${workload} in ${namespace}`;

  prepareBackupDir(request.backupDir, purpose);
  context.progress.step(`back up ${workload} -n ${namespace} into ${request.backupDir}`);
  const backup = await backupLiveObject(
    ref,
    { context: kubeContext, backupDir: request.backupDir, secretBackups: 'redacted', recipients: request.backupRecipients ?? [], redactor: new Redactor(), purpose, timeoutSeconds: request.rolloutTimeoutSeconds },
    context,
  );
  if (!backup) {
    throw new UserError(`${workload} was not found in namespace ${namespace}${kubeContext ? ` (context ${kubeContext})` : ''}; check the name and namespace with kubectl get ${kind} -n ${namespace}.`);
  }
  const backupPath = backup.path;
  const from = `${workload} ${currentRevision(backup.live, backupPath)}`;
  const to = `${workload} ${toRevision === undefined ? 'previous revision' : `revision ${toRevision}`}`;

  const args = ['rollout', 'undo', workload, ...(toRevision === undefined ? [] : [`--to-revision=${toRevision}`]), '-n', namespace, ...kubeContextArgs(kubeContext)];
  context.progress.step(`kubectl ${args.join(' ')}`);
  const undone = `it may or may not have rolled back: check with kubectl rollout history ${workload} -n ${namespace} (its YAML from before is in ${backupPath})`;
  const undo = await context.exec.run('kubectl', args, { env: context.env, timeout: kubectlTimeout(request.rolloutTimeoutSeconds, `kubectl rollout undo ${workload} in ${namespace}`, undone) });
  if (undo.exitCode !== 0) {
    throw new SyncFailure(
      'apply-failed',
      `kubectl rollout undo ${workload} in ${namespace} failed (exit ${undo.exitCode}: ${kubectlSaid(undo.stderr)}); list its revisions with kubectl rollout history ${workload} -n ${namespace} (its YAML from before is in ${backupPath}).`,
    );
  }
  const rolledBack = !/skipped rollback/i.test(undo.stdout.toString('utf8'));

  const status = await rolloutStatus({ ref, context: kubeContext, timeoutSeconds: request.rolloutTimeoutSeconds }, context);
  if (!status.ok) {
    throw new SyncFailure(
      status.timedOut ? 'rollout-timeout' : 'apply-failed',
      `${workload} in ${namespace} did not finish rolling back${status.timedOut ? ` within ${request.rolloutTimeoutSeconds} s` : ''} (kubectl: ${status.said}); check its pods with kubectl describe ${workload} -n ${namespace} (its YAML from before is in ${backupPath}).`,
    );
  }
  return { rolledBack, from, to, backupPath, verification: status.said };
}

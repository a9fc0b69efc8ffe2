import { join } from 'node:path';
import { parseManifests, UserError, type K8sObject, type KubernetesEnvironment } from '@gitops-sync/core';
import { renderDesired } from '../drift/k8s-render.js';
import { removeScratchFolder, scratchFolder } from '../files.js';
import { silentProgress } from '../ports.js';
import { kubeContextArgs, kubectlSaid } from '../sync/sync-kubernetes.js';
import type { SyncContext } from '../sync/sync-types.js';
import { rollbackGit, type ChangeRequestOpener } from './rollback-git.js';

/** The Git side of a kubernetes or argocd rollback: the revert that makes the controller keep it. */
export interface GitRevert {
  /** The commit whose state of the environment's paths runs now, and why it is that one. */
  to: string;
  how: string;
  /** The revert commit; empty when Git already matched. */
  commit: string;
  /** The branch it is on: the rollback branch of the PR/MR, or the environment's branch when pushed directly. */
  branch: string;
  /** The PR/MR that carries it; empty when pushed directly (or when no opener was given). */
  pull_request_url: string;
  /** On the branch the controller follows now (pushed directly, or nothing to revert). */
  landed: boolean;
}

/** How many commits back the search for the running version goes. */
const SEARCH_DEPTH = 20;

export interface RevertRequest {
  environment: string;
  baseDir: string;
  paths: string[];
  baseBranch: string;
  direct: boolean;
  opener?: ChangeRequestOpener;
  /** The commit the environment's paths go back to, and how it was found. */
  to: { commit: string; how: string };
}

/** Restores the environment's paths to `to` as a new commit, the way rollback --mode git does. */
export async function revertGitTo(request: RevertRequest, context: SyncContext): Promise<GitRevert> {
  const result = await rollbackGit(
    { environment: request.environment, repoDir: request.baseDir, toCommit: request.to.commit, paths: request.paths, baseBranch: request.baseBranch, push: request.direct ? 'direct' : 'pull-request' },
    context,
    request.opener,
  );
  return {
    to: result.to,
    how: request.to.how,
    commit: result.commit ?? '',
    branch: result.branch,
    pull_request_url: result.pullRequestUrl ?? '',
    landed: !result.rolledBack || request.direct,
  };
}

/** Every field Git sets has the same value live; the API server's defaults (fields only live has) do not count. */
export function setInLive(git: unknown, live: unknown): boolean {
  if (Array.isArray(git)) return Array.isArray(live) && git.length === live.length && git.every((item, index) => setInLive(item, live[index]));
  if (typeof git === 'object' && git !== null) {
    if (typeof live !== 'object' || live === null || Array.isArray(live)) return false;
    return Object.entries(git).every(([key, value]) => setInLive(value, (live as Record<string, unknown>)[key]));
  }
  return git === live || (git !== null && live !== null && String(git) === String(live));
}

export interface RunningWorkload {
  environment: string;
  kubernetes: KubernetesEnvironment;
  baseDir: string;
  baseBranch: string;
  paths: string[];
  /** kubectl's kind (Deployment), namespace and name of the workload rolled back. */
  kind: string;
  namespace: string;
  name: string;
}

/**
 * The commit whose manifests describe the workload as it runs now (after `rollout undo`): the newest
 * of the last commits that changed the environment's paths on the branch whose rendered pod template
 * is set, field by field, in the live one. Each candidate is rendered from `git archive` of it in a
 * scratch folder, with the environment's own renderer (manifests, kustomize, helm, jsonnet).
 */
export async function commitRunningNow(workload: RunningWorkload, context: SyncContext): Promise<{ commit: string; how: string }> {
  const { environment, kind, namespace, name } = workload;
  const ref = `${kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet' ? `${kind}.apps` : kind}/${name}`;
  const got = await context.exec.run('kubectl', ['get', ref, '-n', namespace, '-o', 'json', '--ignore-not-found', ...kubeContextArgs(workload.kubernetes.context)], { env: context.env });
  if (got.exitCode !== 0 || !got.stdout.length) throw new UserError(`Could not read ${kind} ${namespace}/${name} after the rollback (kubectl: ${kubectlSaid(got.stderr)}); Git was not brought in line, so pass --to-commit with the commit it runs.`);
  const [live] = parseManifests(got.stdout.toString('utf8'), `the live ${kind} ${namespace}/${name}`);
  const git = (args: string[]) => context.exec.run('git', ['--no-pager', ...args], { cwd: workload.baseDir, env: { ...(context.env ?? process.env), GIT_TERMINAL_PROMPT: '0' } });
  const prefix = (await git(['rev-parse', '--show-prefix'])).stdout.toString('utf8').trim();
  // The local branch, else the remote-tracking one (a CI checkout is often detached), as rollbackGit does.
  const local = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `refs/heads/${workload.baseBranch}`]);
  const branch = local.exitCode === 0 ? `refs/heads/${workload.baseBranch}` : `refs/remotes/origin/${workload.baseBranch}`;
  const log = await git(['log', `-n${SEARCH_DEPTH}`, '--format=%H', '--end-of-options', branch, '--', ...workload.paths]);
  if (log.exitCode !== 0) throw new UserError(`Could not read the history of ${workload.baseBranch} in ${workload.baseDir} (git log: ${log.stderr.trim().split('\n')[0]}); fetch it and run again, or pass --to-commit.`);
  const commits = log.stdout.toString('utf8').split('\n').filter(Boolean);
  for (const commit of commits) {
    const objects = await renderAt(commit, prefix, workload, context, git);
    const wanted = objects.find((object) => object.kind === kind && object.metadata?.name === name && (object.metadata?.namespace ?? workload.kubernetes.namespace) === namespace);
    const template = (wanted?.spec as Record<string, unknown> | undefined)?.template;
    if (template !== undefined && setInLive(template, (live.spec as Record<string, unknown> | undefined)?.template)) {
      return { commit, how: `the newest commit on ${workload.baseBranch} whose ${kind} ${namespace}/${name} pod template is the one running now` };
    }
  }
  throw new UserError(
    `None of the last ${commits.length} commits that changed the paths of environment ${environment} on ${workload.baseBranch} describes ${kind} ${namespace}/${name} as it runs now, so Git was not brought in line; pass --to-commit with the commit it runs.`,
  );
}

/** The environment's objects as `commit` renders them. */
async function renderAt(commit: string, prefix: string, workload: RunningWorkload, context: SyncContext, git: (args: string[]) => ReturnType<SyncContext['exec']['run']>): Promise<K8sObject[]> {
  const scratch = scratchFolder('gitops-sync-revision-');
  try {
    const archive = await git(['archive', '--format=tar', commit]);
    if (archive.exitCode !== 0) throw new UserError(`Could not read commit ${commit.slice(0, 7)} (git archive: ${archive.stderr.trim().split('\n')[0]}); fetch the full history and run again.`);
    const untar = await context.exec.run('tar', ['-x', '-C', scratch], { input: archive.stdout });
    if (untar.exitCode !== 0) throw new UserError(`Could not unpack commit ${commit.slice(0, 7)} (tar: ${untar.stderr.trim().split('\n')[0]}); check the scratch folder's disk space and run again.`);
    try {
      return await renderDesired(workload.kubernetes, { exec: context.exec, progress: silentProgress, env: context.env, baseDir: join(scratch, prefix) });
    } catch {
      // A commit whose manifests do not render does not describe what runs.
      return [];
    }
  } finally {
    removeScratchFolder(scratch);
  }
}

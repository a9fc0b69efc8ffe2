import { UserError, type Environment } from '@gitops-sync/core';
import { argoCdCredentials } from '../argocd-client.js';
import { isOnPath } from '../path-lookup.js';
import { readArgoCdApp, setArgoCdAutomatedSync, type ArgoCdConnection } from '../sync/argocd-sync.js';
import { kubeContextArgs, kubectlSaid } from '../sync/sync-kubernetes.js';
import type { SyncContext } from '../sync/sync-types.js';

/** What was done with the controller that would undo a rollback (Argo CD automated sync, a Flux object); on the rollback's result. */
export interface ControllerRecord {
  /** `Argo CD application "guestbook"`, `Flux kustomization flux-system/apps`. */
  controller: string;
  /** Its own syncing was suspended for the rollback… */
  suspended: boolean;
  /** …and turned back on. False with `suspended`: still suspended, `note` says how to resume it. */
  restored: boolean;
  note: string;
}

export interface ControllerPause {
  record: ControllerRecord;
  /** Turns the controller back on; `openRevert`: the URL of a revert that is not merged yet (Flux then stays suspended). */
  resume(openRevert: string | undefined): Promise<void>;
  /** The command that turns it back on by hand. */
  resumeCommand: string;
}

export interface PauseTarget {
  environment: string;
  settings: Environment;
  /** The Git revert is pushed to the branch the controller follows (not a PR/MR). */
  direct: boolean;
}

/**
 * Before a kubernetes or argocd rollback: the environment's controller would put the failed version
 * back (Argo CD with automated sync refuses the rollback outright). Per `rollback.auto_sync` it is
 * suspended — the returned pause turns it back on — or the rollback is refused before anything
 * changes. Undefined when no controller syncs on its own.
 */
export async function pauseController(target: PauseTarget, context: SyncContext, step: (message: string) => void): Promise<ControllerPause | undefined> {
  const { environment, settings } = target;
  const policy = settings.rollback?.auto_sync ?? 'refuse';
  const key = `environments.${environment}.rollback.auto_sync`;
  if (settings.argocd) {
    const { server, token } = argoCdCredentials(context.env, `Rolling back environment ${environment} needs ARGOCD_SERVER and ARGOCD_AUTH_TOKEN, to check the automated sync of its Argo CD application ${settings.argocd.app}.`);
    const connection: ArgoCdConnection = { server, token, app: settings.argocd.app };
    // Read first: an application that does not exist is refused here, before anything changes.
    const { automated } = await readArgoCdApp(connection, context);
    if (!automated) return undefined;
    const name = `Argo CD application "${settings.argocd.app}"`;
    if (policy === 'refuse') {
      throw new UserError(
        `${name} of environment ${environment} has automated sync on, so Argo CD refuses the rollback and would sync the failed version back; set ${key}: suspend in gitops-sync.yaml to suspend it for the rollback, or turn automated sync off first.`,
      );
    }
    if (!target.direct) {
      throw new UserError(
        `${key}: suspend needs the Git revert pushed directly, because automated sync of ${name} comes back when the rollback ends and would sync the failed version back from an unmerged pull request; set environments.${environment}.rollback.revert: direct in gitops-sync.yaml (or pass --direct).`,
      );
    }
    await setArgoCdAutomatedSync(connection, null, context);
    step(`Suspended automated sync of ${name} (was ${JSON.stringify(automated)}) for the rollback.`);
    const record: ControllerRecord = { controller: name, suspended: true, restored: false, note: 'automated sync suspended' };
    const resumeCommand = `argocd app set ${settings.argocd.app}${[' --sync-policy automated', automated.selfHeal ? ' --self-heal' : '', automated.prune ? ' --auto-prune' : ''].join('')}`;
    return {
      record,
      resumeCommand,
      resume: async () => {
        try {
          await setArgoCdAutomatedSync(connection, automated, context);
        } catch (error) {
          record.note = `automated sync is OFF: restoring it failed`;
          throw new UserError(`Automated sync of ${name} is OFF: restoring it after the rollback failed (${(error as Error).message.replace(/\.$/, '')}); turn it back on now with ${resumeCommand}.`);
        }
        record.restored = true;
        record.note = `automated sync restored (${JSON.stringify(automated)})`;
        step(`Restored automated sync of ${name} (${JSON.stringify(automated)}).`);
      },
    };
  }
  if (settings.flux) {
    const { kind, name, namespace } = settings.flux;
    const object = `Flux ${kind} ${namespace}/${name}`;
    const resumeCommand = `flux resume ${kind} ${name} -n ${namespace}`;
    if (policy === 'refuse') {
      throw new UserError(`${object} reconciles environment ${environment} from Git and would put the failed version back; set ${key}: suspend in gitops-sync.yaml to suspend it for the rollback (it is resumed once the Git revert is merged).`);
    }
    if (!isOnPath('flux', context.env ?? process.env)) {
      throw new UserError(`The flux CLI is not on PATH, and suspending ${object} for the rollback needs it; install it (https://fluxcd.io/flux/installation/#install-the-flux-cli) and run again.`);
    }
    const cluster = kubeContextArgs(settings.kubernetes?.context);
    const flux = (verb: 'suspend' | 'resume') => context.exec.run('flux', [verb, kind, name, '-n', namespace, ...cluster], { env: context.env });
    const suspended = await flux('suspend');
    if (suspended.exitCode !== 0) {
      throw new UserError(`flux suspend ${kind} ${name} -n ${namespace} failed (exit ${suspended.exitCode}: ${kubectlSaid(`${suspended.stderr}\n${suspended.stdout.toString('utf8')}`)}), so nothing was rolled back; check the name with flux get ${kind}s -n ${namespace}.`);
    }
    step(`Suspended ${object} for the rollback.`);
    const record: ControllerRecord = { controller: object, suspended: true, restored: false, note: 'suspended' };
    return {
      record,
      resumeCommand,
      resume: async (openRevert) => {
        if (openRevert) {
          record.note = `still suspended until ${openRevert} is merged; then run ${resumeCommand}`;
          step(`${object} stays SUSPENDED until ${openRevert} is merged; then run ${resumeCommand}.`);
          return;
        }
        const resumed = await flux('resume');
        if (resumed.exitCode !== 0) {
          record.note = 'still suspended: resuming it failed';
          throw new UserError(`${object} is still SUSPENDED: ${resumeCommand} failed after the rollback (exit ${resumed.exitCode}: ${kubectlSaid(`${resumed.stderr}\n${resumed.stdout.toString('utf8')}`)}); resume it by hand now.`);
        }
        record.restored = true;
        record.note = 'resumed';
        step(`Resumed ${object}.`);
      },
    };
  }
  return undefined;
}

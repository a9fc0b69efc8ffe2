import { isProduction, UserError, type ApprovalEnvironment } from '@gitops-sync/core';
import { SyncFailure } from './sync-types.js';
import { WARNING_STEP } from '../ports.js';

/** Who started this run, as the platform says (never the run's inputs), resolved to the platform's numeric id. */
export interface RunActor {
  id: string;
  login: string;
  /**
   * Set when no person started the run (a schedule) or the account is a bot: such a run counts only
   * where the deployers list names its login, never through a team. Says which, for the sentence.
   */
  automated?: string;
}

/** A user or team the platform knows; the adapters throw a UserError when the platform cannot be asked. */
export interface DeployerDirectory {
  readonly platform: 'GitHub' | 'GitLab';
  /** Who started this run (GitHub: the re-runner on a re-run). */
  runActor(): Promise<RunActor>;
  /** A user's numeric id by login; undefined when the platform has no such user. */
  userId(login: string): Promise<string | undefined>;
  /** Whether `org/team` (GitHub) or a group path (GitLab) exists, as far as the token may see. */
  teamExists(team: string): Promise<boolean>;
  isTeamMember(team: string, actor: RunActor): Promise<boolean>;
  /** Who wrote the change that put `sha` there: its merged PR/MR's author; undefined when that cannot be told (a direct push names only an e-mail anyone may set). */
  changeAuthor(sha: string): Promise<{ id: string; login: string } | undefined>;
}

export interface DeployerCheck {
  environment: string;
  action: 'sync' | 'rollback';
  /** The environment's policy, from the config the gate trusts for this run. */
  policy: ApprovalEnvironment | undefined;
  /** The config file as messages name it (`gitops-sync.yaml`). */
  configFile: string;
  /** `approval.bots`: logins that are bots without a `[bot]` suffix. */
  bots: readonly string[];
  /** The author of the change deployed (sync only). */
  author?: () => Promise<{ id: string; login: string } | undefined>;
  /** The platform's directory, or why there is none here (a terminal, no token). */
  directory: DeployerDirectory | { unavailable: string };
}

export interface DeployerDecision {
  /** A break-glass rollback: by someone outside the deployers list, recorded as an emergency change. */
  emergency: boolean;
  /** What was decided, one line each, for the result's steps. */
  steps: string[];
}

const isTeam = (name: string) => name.includes('/');

/** Whether the environment limits who deploys at all. */
export function limitsDeployers(policy: ApprovalEnvironment | undefined): policy is ApprovalEnvironment {
  return Boolean(policy && (policy.deployers || policy.break_glass.length || policy.deployer_not_author));
}

/** The warning for an environment held to production rules that anyone who can start the run may deploy. */
export function deployersWarning(environment: string, policy: ApprovalEnvironment | undefined, configFile: string): string | undefined {
  if (policy?.deployers || !isProduction(environment, policy ?? {})) return undefined;
  return `${WARNING_STEP}anyone who can start this run may deploy ${environment}; name who may in approval.environments.${environment}.deployers in ${configFile}`;
}

/**
 * Whether the actor the platform names may sync or roll back the environment, before anything
 * changes: refused (a SyncFailure) when not, and when the platform cannot say (fail closed).
 */
export async function checkDeployer(check: DeployerCheck): Promise<DeployerDecision> {
  const { environment, action, policy, configFile } = check;
  const warning = deployersWarning(environment, policy, configFile);
  if (!limitsDeployers(policy)) return { emergency: false, steps: warning ? [warning] : [] };
  const where = (key: string) => `approval.environments.${environment}.${key} in ${configFile}`;
  const refuse = (why: string) => new SyncFailure('not-a-deployer', `${environment} was not ${action === 'sync' ? 'synced' : 'rolled back'}: ${why}.`);
  if ('unavailable' in check.directory) throw refuse(`who may deploy it is limited (${where(policy.deployers ? 'deployers' : 'deployer_not_author')}), but ${check.directory.unavailable}`);
  const directory = check.directory;
  const asking = async <T>(what: string, ask: () => Promise<T>): Promise<T> => {
    try {
      return await ask();
    } catch (error) {
      if (error instanceof UserError && !(error instanceof SyncFailure)) throw refuse(`${what} could not be read (${error.message.replace(/\.$/, '')})`);
      throw error;
    }
  };
  const actor = await asking('who started this run', () => directory.runActor());
  const automated = actor.automated ?? (check.bots.some((bot) => bot.toLowerCase() === actor.login.toLowerCase()) ? 'a bot account (approval.bots)' : undefined);
  const who = `${actor.login} (id ${actor.id})`;

  /** Whether the actor is named in a list, after checking every name in it exists: a list with a typo is refused whoever runs. */
  const listed = async (names: readonly string[], key: string): Promise<boolean> => {
    const ids = new Set<string>();
    for (const name of names) {
      if (isTeam(name)) {
        if (!(await asking(`team ${name} of ${where(key)}`, () => directory.teamExists(name)))) {
          throw refuse(`${where(key)} names ${name}, which is no team ${directory.platform} shows the token; correct it (or give the token read access to the team)`);
        }
        continue;
      }
      const id = await asking(`user ${name} of ${where(key)}`, () => directory.userId(name));
      if (id === undefined) throw refuse(`${where(key)} names ${name}, who is no ${directory.platform} user; correct or remove it`);
      ids.add(id);
    }
    if (ids.has(actor.id)) return true;
    // A schedule or a bot acts for nobody in a team: only its own login counts.
    if (automated) return false;
    for (const team of names.filter(isTeam)) {
      if (await asking(`${actor.login}'s membership of ${team}`, () => directory.isTeamMember(team, actor))) return true;
    }
    return false;
  };

  const steps = warning ? [warning] : [];
  if (policy.deployers && !(await listed(policy.deployers, 'deployers'))) {
    if (action === 'rollback' && policy.break_glass.length && (await listed(policy.break_glass, 'break_glass'))) {
      return { emergency: true, steps: [...steps, `break glass: ${who} is not among the deployers but is in ${where('break_glass')}; this rollback is recorded as an emergency change`] };
    }
    throw refuse(
      automated
        ? `${who} started it as ${automated}, which deploys only where ${where('deployers')} names ${actor.login}`
        : `${who} started the run and is not among the deployers (${where('deployers')}), nor in a team it names`,
    );
  }
  if (policy.deployers) steps.push(`deployer: ${who} may ${action} ${environment} (${where('deployers')})`);
  // A rollback restores a state that was already deployed: no one wrote it now, so only sync has an author to keep apart.
  if (policy.deployer_not_author && action === 'sync') {
    const author = await asking(`the author of the change deployed to ${environment}`, async () => check.author?.());
    if (!author) throw new SyncFailure('deployer-is-author', `${environment} was not synced: who wrote the change being deployed cannot be told, so ${where('deployer_not_author')} cannot be kept; deploy a change merged through a pull/merge request.`);
    if (author.id === actor.id) throw new SyncFailure('deployer-is-author', `${environment} was not synced: ${who} wrote the change being deployed, and ${where('deployer_not_author')} asks that someone else deploy it.`);
    steps.push(`deployer ${actor.login} is not the change's author ${author.login} (${where('deployer_not_author')})`);
  }
  return { emergency: false, steps };
}

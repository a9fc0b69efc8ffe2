import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UserError, type AuditActor, type AuditRun } from '@gitops-sync/core';
import type { RunActor } from '@gitops-sync/engine';

/**
 * Who started this run and where it runs, as the CI platform's own variables say (never the run's
 * inputs). Outside CI: the local user, platform `local`. Resolving a GitHub login to its numeric id
 * through the API, where the variables lack it, is the deployers check's business.
 */
export interface RunIdentity {
  actor: AuditActor;
  run: AuditRun;
  /** `owner/name` on GitHub, the project path on GitLab. */
  repository: string | null;
}

const value = (text: string | undefined) => (text?.trim() ? text.trim() : null);
const attempt = (text: string | undefined) => {
  const number = Number(text);
  return Number.isInteger(number) && number >= 1 ? number : null;
};

export function runIdentity(env: NodeJS.ProcessEnv): RunIdentity {
  if (env.GITHUB_ACTIONS === 'true') {
    const server = value(env.GITHUB_SERVER_URL) ?? 'https://github.com';
    const repository = value(env.GITHUB_REPOSITORY);
    const runId = value(env.GITHUB_RUN_ID);
    // GITHUB_TRIGGERING_ACTOR differs from GITHUB_ACTOR on a re-run; the re-runner is who started this attempt.
    // GITHUB_ACTOR_ID is GITHUB_ACTOR's, so it goes with the re-runner's login only when they are one account.
    const first = value(env.GITHUB_ACTOR);
    const login = value(env.GITHUB_TRIGGERING_ACTOR) ?? first;
    const sameAccount = Boolean(login && first && login.toLowerCase() === first.toLowerCase());
    return {
      actor: { id: sameAccount ? value(env.GITHUB_ACTOR_ID) : null, login, token: null },
      run: { platform: 'github', id: runId, attempt: attempt(env.GITHUB_RUN_ATTEMPT), url: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : null },
      repository,
    };
  }
  if (env.GITLAB_CI === 'true') {
    return {
      actor: { id: value(env.GITLAB_USER_ID), login: value(env.GITLAB_USER_LOGIN), token: null },
      run: { platform: 'gitlab', id: value(env.CI_PIPELINE_ID), attempt: null, url: value(env.CI_JOB_URL) },
      repository: value(env.CI_PROJECT_PATH),
    };
  }
  return { actor: { id: null, login: value(env.USER) ?? value(env.USERNAME), token: null }, run: { platform: 'local', id: null, attempt: null, url: null }, repository: null };
}

/** An account as the platform's user API gives it. */
export interface PlatformUser {
  id: string;
  login: string;
  bot: boolean;
  /** GitLab's account state (`active`, `blocked`, …); GitHub says none. */
  state?: string;
}

/** What resolving the actor asks of the platform's user API. */
export interface UserLookup {
  /** GitHub `GET /users/{username}`, GitLab `GET /users?username=`; undefined when there is no such user. */
  byLogin(login: string): Promise<PlatformUser | undefined>;
  /** GitLab `GET /users/:id`. */
  byId(id: string): Promise<PlatformUser | undefined>;
}

const WorkflowRunEvent = z.object({ workflow_run: z.object({ event: z.string() }) });

/**
 * Whether a schedule started this GitHub run: itself, or the run whose completion started this
 * workflow_run (whose GITHUB_ACTOR is then, too, whoever last edited the cron line).
 */
function scheduledRun(env: NodeJS.ProcessEnv): boolean {
  const event = value(env.GITHUB_EVENT_NAME);
  if (event !== 'workflow_run') return event === 'schedule';
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(value(env.GITHUB_EVENT_PATH) ?? '', 'utf8'));
  } catch {
    payload = undefined;
  }
  const parsed = WorkflowRunEvent.safeParse(payload);
  if (!parsed.success) throw new UserError('GITHUB_EVENT_PATH holds no workflow_run event, so whether a schedule started this run cannot be told.');
  return parsed.data.workflow_run.event === 'schedule';
}

/** The identity a GitHub scheduled run deploys as: the workflow's own token. */
export const GITHUB_SCHEDULE_LOGIN = 'github-actions[bot]';

/**
 * Who deploys in this run, from the platform's variables (never the run's inputs), resolved to a
 * numeric id through the platform's API where the variables lack it. GitHub: on a re-run by someone
 * else GITHUB_ACTOR_ID is still the first actor's, so the re-runner (GITHUB_TRIGGERING_ACTOR) is
 * looked up; a scheduled run's GITHUB_ACTOR is whoever last edited the cron line, so it deploys as
 * github-actions[bot]. GitLab: GITLAB_USER_ID, whose account must be active.
 */
export async function resolveRunActor(env: NodeJS.ProcessEnv, users: UserLookup): Promise<RunActor> {
  if (env.GITHUB_ACTIONS === 'true') {
    if (scheduledRun(env)) {
      const bot = await users.byLogin(GITHUB_SCHEDULE_LOGIN);
      if (!bot) throw new UserError(`GitHub has no user ${GITHUB_SCHEDULE_LOGIN}, the identity a scheduled run deploys as.`);
      return { id: bot.id, login: bot.login, automated: 'a scheduled run' };
    }
    const actor = value(env.GITHUB_ACTOR);
    const triggering = value(env.GITHUB_TRIGGERING_ACTOR) ?? actor;
    if (!triggering) throw new UserError('GitHub did not say who started this run (GITHUB_ACTOR and GITHUB_TRIGGERING_ACTOR are unset).');
    const actorId = value(env.GITHUB_ACTOR_ID);
    const known = actorId && /^\d+$/.test(actorId) && actor && triggering.toLowerCase() === actor.toLowerCase();
    const user = known ? { id: actorId, login: actor, bot: /\[bot\]$/i.test(actor) } : await users.byLogin(triggering);
    if (!user) throw new UserError(`GitHub has no user ${triggering}, whom GITHUB_TRIGGERING_ACTOR names as starting this run.`);
    return { id: user.id, login: user.login, automated: user.bot ? 'a bot account' : undefined };
  }
  if (env.GITLAB_CI === 'true') {
    const id = value(env.GITLAB_USER_ID);
    if (!id || !/^\d+$/.test(id)) throw new UserError('GitLab did not say who started this pipeline (GITLAB_USER_ID is unset).');
    const user = await users.byId(id);
    if (!user) throw new UserError(`GitLab has no user ${id}, whom GITLAB_USER_ID names as starting this pipeline.`);
    // A blocked, banned or deactivated account has lost its access, whatever its memberships still say.
    if (user.state !== 'active') throw new UserError(`GitLab says ${user.login}'s account is ${user.state ?? 'in no known state'}.`);
    const scheduled = value(env.CI_PIPELINE_SOURCE) === 'schedule';
    return { id, login: user.login, automated: scheduled ? 'a scheduled pipeline' : user.bot ? 'a bot account' : undefined };
  }
  throw new UserError('this is not a GitHub Actions or GitLab CI run, so no platform says who started it.');
}

import type { AuditActor, AuditRun } from '@gitops-sync/core';

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
    return {
      // GITHUB_TRIGGERING_ACTOR differs from GITHUB_ACTOR on a re-run; the re-runner is who started this attempt.
      actor: { id: value(env.GITHUB_ACTOR_ID), login: value(env.GITHUB_TRIGGERING_ACTOR) ?? value(env.GITHUB_ACTOR), token: null },
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

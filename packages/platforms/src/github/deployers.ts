import { z } from 'zod';
import type { DeployerDirectory, RunActor } from '@gitops-sync/engine';
import { orAbsent } from '../api-retry.js';
import { resolveRunActor, type PlatformUser } from '../run-identity.js';
import { GitHubApi, type GitHubApiOptions } from './api.js';
import { githubTeamExists, githubTeamMember } from './team-membership.js';

const User = z.object({ id: z.number(), login: z.string(), type: z.string().optional() });
const CommitPull = z.object({ number: z.number(), user: User, merged_at: z.string().nullable().optional(), merge_commit_sha: z.string().nullable().optional() });
const READ_COMMITS = 'the "Contents: read" and "Pull requests: read" permissions';

/** Who started the run, and who the deployers list names, through GitHub's REST API. */
export class GitHubDeployers implements DeployerDirectory {
  readonly platform = 'GitHub' as const;
  private readonly api: GitHubApi;
  private actor: Promise<RunActor> | undefined;

  constructor(
    options: GitHubApiOptions,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.api = new GitHubApi(options);
  }

  private async byLogin(login: string): Promise<PlatformUser | undefined> {
    const found = await orAbsent(() => this.api.call({ what: `look up the GitHub user ${login}`, permission: 'no permission (public account data)' }, User, 'GET /users/{username}', { username: login }));
    return found && { id: String(found.data.id), login: found.data.login, bot: found.data.type === 'Bot' };
  }

  runActor(): Promise<RunActor> {
    this.actor ??= resolveRunActor(this.env, { byLogin: (login) => this.byLogin(login), byId: async () => undefined });
    return this.actor;
  }

  async userId(login: string): Promise<string | undefined> {
    return (await this.byLogin(login))?.id;
  }

  teamExists(team: string): Promise<boolean> {
    return githubTeamExists(this.api, team);
  }

  isTeamMember(team: string, actor: RunActor): Promise<boolean> {
    return githubTeamMember(this.api, team, actor.login);
  }

  /**
   * The merged pull request that made `sha` (its merge, squash or last rebased commit). A direct push
   * names only the e-mail its pusher chose (`git commit --author`), which ties it to no one: undefined.
   */
  async changeAuthor(sha: string): Promise<{ id: string; login: string } | undefined> {
    const call = { what: `find the pull request of commit ${sha.slice(0, 12)}`, permission: READ_COMMITS };
    const merged = (await this.api.listAll(call, CommitPull, 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { commit_sha: sha })).filter((pull) => pull.merged_at);
    // Several merged pull requests hold it and none made it: whose change it is cannot be told.
    const pull = merged.find((candidate) => candidate.merge_commit_sha === sha) ?? (merged.length === 1 ? merged[0] : undefined);
    return pull && { id: String(pull.user.id), login: pull.user.login };
  }
}

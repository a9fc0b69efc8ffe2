import { z } from 'zod';
import type { DeployerDirectory, RunActor } from '@gitops-sync/engine';
import { orAbsent } from '../api-retry.js';
import { resolveRunActor, type PlatformUser } from '../run-identity.js';
import { GitLabApi, type GitLabApiOptions } from './api.js';
import { gitlabGroupExists, gitlabGroupMember } from './group-membership.js';

const User = z.object({ id: z.number(), username: z.string(), bot: z.boolean().optional(), state: z.string().optional() });
const CommitMr = z.object({
  author: User,
  state: z.string(),
  sha: z.string().nullable().optional(),
  merge_commit_sha: z.string().nullable().optional(),
  squash_commit_sha: z.string().nullable().optional(),
});
const READ_API = 'the read_api scope and at least the Reporter role';

const platformUser = (user: z.infer<typeof User>): PlatformUser => ({ id: String(user.id), login: user.username, bot: user.bot ?? false, state: user.state });

/** Who started the pipeline, and who the deployers list names, through GitLab's REST API v4. */
export class GitLabDeployers implements DeployerDirectory {
  readonly platform = 'GitLab' as const;
  private readonly api: GitLabApi;
  private actor: Promise<RunActor> | undefined;

  constructor(
    options: GitLabApiOptions,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.api = new GitLabApi(options);
  }

  private async byLogin(login: string): Promise<PlatformUser | undefined> {
    const { data } = await this.api.json({ what: `look up the GitLab user ${login}`, permission: READ_API }, z.array(User), 'GET', `/users?username=${encodeURIComponent(login)}`);
    const user = data.find((candidate) => candidate.username.toLowerCase() === login.toLowerCase());
    return user && platformUser(user);
  }

  private async byId(id: string): Promise<PlatformUser | undefined> {
    const found = await orAbsent(() => this.api.json({ what: `read the GitLab user ${id}`, permission: READ_API }, User, 'GET', `/users/${encodeURIComponent(id)}`));
    return found && platformUser(found.data);
  }

  runActor(): Promise<RunActor> {
    this.actor ??= resolveRunActor(this.env, { byLogin: (login) => this.byLogin(login), byId: (id) => this.byId(id) });
    return this.actor;
  }

  async userId(login: string): Promise<string | undefined> {
    return (await this.byLogin(login))?.id;
  }

  teamExists(group: string): Promise<boolean> {
    return gitlabGroupExists(this.api, group);
  }

  isTeamMember(group: string, actor: RunActor): Promise<boolean> {
    return gitlabGroupMember(this.api, group, actor);
  }

  /**
   * The merged merge request that made `sha` (its merge or squash commit, or its head when it
   * fast-forwarded). A direct push names only an e-mail, which cannot be tied to an account: undefined.
   */
  async changeAuthor(sha: string): Promise<{ id: string; login: string } | undefined> {
    const call = { what: `find the merge request of commit ${sha.slice(0, 12)}`, permission: READ_API };
    const requests = await this.api.listAll(call, CommitMr, `${this.api.project}/repository/commits/${encodeURIComponent(sha)}/merge_requests`);
    const made = requests.find((mr) => mr.state === 'merged' && [mr.merge_commit_sha, mr.squash_commit_sha, mr.sha].includes(sha));
    return made && { id: String(made.author.id), login: made.author.username };
  }
}

import { z } from 'zod';
import { UserError } from '@gitops-sync/core';
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
/** `GET /job`: the job whose CI_JOB_TOKEN is sent, with who started its pipeline and how. */
const Job = z.object({ user: z.object({ id: z.number() }), pipeline: z.object({ source: z.string() }) });

const platformUser = (user: z.infer<typeof User>): PlatformUser => ({ id: String(user.id), login: user.username, bot: user.bot ?? false, state: user.state });

/** Who started the pipeline, and who the deployers list names, through GitLab's REST API v4. */
export class GitLabDeployers implements DeployerDirectory {
  readonly platform = 'GitLab' as const;
  private readonly api: GitLabApi;
  private actor: Promise<RunActor> | undefined;

  constructor(
    private readonly options: GitLabApiOptions,
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
    this.actor ??= this.vouchedEnv().then((env) => resolveRunActor(env, { byLogin: (login) => this.byLogin(login), byId: (id) => this.byId(id) }));
    return this.actor;
  }

  /**
   * The job's variables with who started its pipeline and how as the job token says: pipeline
   * variables (Run pipeline's form, a trigger, the API) override GITLAB_USER_ID and CI_PIPELINE_SOURCE.
   */
  private async vouchedEnv(): Promise<NodeJS.ProcessEnv> {
    if (this.env.GITLAB_CI !== 'true') return this.env;
    const token = this.env.CI_JOB_TOKEN?.trim();
    if (!token) throw new UserError('CI_JOB_TOKEN is not set, so GitLab cannot vouch for who started this job; a pipeline variable may set GITLAB_USER_ID.');
    const job = new GitLabApi({ ...this.options, token, tokenHeader: 'JOB-TOKEN' });
    const { data } = await job.json({ what: 'read this job (GET /job)', permission: "this job's CI_JOB_TOKEN" }, Job, 'GET', '/job');
    return { ...this.env, GITLAB_USER_ID: String(data.user.id), CI_PIPELINE_SOURCE: data.pipeline.source };
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

import { z } from 'zod';
import type { DriftIssues, TrackedIssue } from '@gitops-sync/engine';
import { gitlabOwnIdentity, isOwnIdentity } from '../own-identity.js';
import { GitLabApi, type GitLabApiOptions } from './api.js';

const Issue = z.object({ iid: z.number(), description: z.string().nullable().optional(), web_url: z.string().optional(), author: z.object({ id: z.number() }).nullable().optional() });
const API_SCOPE = 'the api scope and at least the Reporter role';

/** Drift issues in a GitLab project, found by label, a hidden marker and the token's user as author. */
export class GitLabDriftIssues implements DriftIssues {
  private readonly api: GitLabApi;

  constructor(options: GitLabApiOptions, private readonly labels: string[]) {
    this.api = new GitLabApi(options);
  }

  private get call() {
    return { what: 'manage drift issues of the project', permission: API_SCOPE };
  }

  async find(marker: string): Promise<TrackedIssue | undefined> {
    const labels = encodeURIComponent(this.labels.join(','));
    const [issues, own] = await Promise.all([this.api.listAll(this.call, Issue, `${this.api.project}/issues?state=opened&labels=${labels}`), gitlabOwnIdentity(this.api)]);
    // Anyone can open an issue with our label and marker: only one we opened holds our memory.
    const found = issues.find((issue) => isOwnIdentity(own, issue.author) && issue.description?.includes(marker));
    return found && { number: found.iid, body: found.description ?? '', url: found.web_url };
  }

  async create(title: string, body: string): Promise<TrackedIssue> {
    const { data } = await this.api.json(this.call, Issue, 'POST', `${this.api.project}/issues`, { title, description: body, labels: this.labels.join(',') });
    return { number: data.iid, body, url: data.web_url };
  }

  async update(number: number, title: string, body: string): Promise<void> {
    await this.api.send(this.call, 'PUT', `${this.api.project}/issues/${number}`, { title, description: body });
  }

  async comment(number: number, body: string): Promise<void> {
    await this.api.send(this.call, 'POST', `${this.api.project}/issues/${number}/notes`, { body });
  }

  async close(number: number): Promise<void> {
    await this.api.send(this.call, 'PUT', `${this.api.project}/issues/${number}`, { state_event: 'close' });
  }
}

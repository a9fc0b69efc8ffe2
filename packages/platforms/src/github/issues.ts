import { z } from 'zod';
import { UserError } from '@gitops-sync/core';
import type { DriftIssues, TrackedIssue } from '@gitops-sync/engine';
import { githubOwnIdentity, isOwnIdentity, type OwnIdentity } from '../own-identity.js';
import { GitHubApi, type GitHubApiOptions } from './api.js';
import { bodyAndOtherEditor } from './body-editor.js';

const Issue = z.object({
  number: z.number(),
  node_id: z.string().optional(),
  body: z.string().nullable().optional(),
  html_url: z.string().optional(),
  created_at: z.string().optional(),
  pull_request: z.unknown().optional(),
  user: z.object({ id: z.number(), login: z.string() }).nullable().optional(),
});
const ISSUES_WRITE = 'the "Issues: write" permission (GITHUB_TOKEN: permissions: issues: write)';

/** Drift issues in a GitHub repository, found by label, a hidden marker and our own identity as author. */
export class GitHubDriftIssues implements DriftIssues {
  private readonly api: GitHubApi;
  private identity: Promise<OwnIdentity> | undefined;

  /** `botLogin`: the GitHub App bot the token acts as, when it is an app's installation token. */
  constructor(private readonly options: GitHubApiOptions & { botLogin?: string }, private readonly labels: string[]) {
    this.api = new GitHubApi(options);
  }

  private own() {
    this.identity ??= githubOwnIdentity(this.api, this.options.botLogin);
    return this.identity;
  }

  private get call() {
    return { what: `manage drift issues of ${this.api.owner}/${this.api.repo}`, permission: ISSUES_WRITE };
  }

  async find(marker: string): Promise<TrackedIssue | undefined> {
    const [issues, own] = await Promise.all([this.api.listAll(this.call, Issue, 'GET /repos/{owner}/{repo}/issues', { state: 'open', labels: this.labels.join(',') }), this.own()]);
    // The issues list includes pull requests; a pull request is never a drift issue. Anyone can open
    // an issue with our label and marker: only one we opened holds our memory.
    const found = issues.find((issue) => !issue.pull_request && isOwnIdentity(own, issue.user) && issue.body?.includes(marker));
    if (!found) return undefined;
    // Anyone with write access can edit its body, and with it the state that decides which alerts are sent.
    if (!found.node_id) throw new UserError(`GitHub listed drift issue #${found.number} without its node_id, so who last edited it cannot be checked; nothing is taken from it.`);
    const { body, editedBy } = await bodyAndOtherEditor(this.api, { what: `read who edited drift issue #${found.number}`, permission: ISSUES_WRITE }, 'Issue', found.node_id, own.login);
    // The body as GraphQL read it with its editor: the one REST listed may have been rewritten since.
    return { number: found.number, body, url: found.html_url, createdAt: found.created_at, ...(editedBy === undefined ? {} : { editedBy }) };
  }

  async create(title: string, body: string): Promise<TrackedIssue> {
    const { data } = await this.api.call(this.call, Issue, 'POST /repos/{owner}/{repo}/issues', { title, body, labels: this.labels });
    return { number: data.number, body, url: data.html_url };
  }

  async update(number: number, title: string, body: string): Promise<void> {
    await this.api.call(this.call, z.unknown(), 'PATCH /repos/{owner}/{repo}/issues/{issue_number}', { issue_number: number, title, body });
  }

  async comment(number: number, body: string): Promise<void> {
    await this.api.call(this.call, z.unknown(), 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: number, body });
  }

  async close(number: number, title: string, body: string): Promise<void> {
    await this.api.call(this.call, z.unknown(), 'PATCH /repos/{owner}/{repo}/issues/{issue_number}', { issue_number: number, title, body, state: 'closed', state_reason: 'completed' });
  }
}

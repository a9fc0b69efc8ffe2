import { z } from 'zod';
import { UserError } from '@gitops-sync/core';
import type { DriftIssues, TrackedIssue } from '@gitops-sync/engine';
import { gitlabOwnIdentity, isOwnIdentity } from '../own-identity.js';
import { GitLabApi, type GitLabApiOptions } from './api.js';

const Issue = z.object({ iid: z.number(), description: z.string().nullable().optional(), web_url: z.string().optional(), created_at: z.string().optional(), author: z.object({ id: z.number() }).nullable().optional() });
const API_SCOPE = 'the api scope and at least the Reporter role';

/**
 * An issue's description and who last edited its title or description, in one answer: GraphQL's description
 * widget (type DESCRIPTION) of the issue as a work item (REST does not say who).
 */
const IssueEdit = z.object({
  project: z
    .object({
      workItems: z.object({
        nodes: z.array(
          z.object({
            widgets: z.array(z.object({ type: z.string(), description: z.string().nullable().optional(), lastEditedAt: z.string().nullable().optional(), lastEditedBy: z.object({ id: z.string(), username: z.string() }).nullable().optional() })).nullable(),
          }),
        ),
      }),
    })
    .nullable(),
});
const ISSUE_EDIT_QUERY = 'query($path: ID!, $iid: String!) { project(fullPath: $path) { workItems(iid: $iid) { nodes { widgets { type ... on WorkItemWidgetDescription { description lastEditedAt lastEditedBy { id username } } } } } } }';

/** A username as GitLab spells one; anything else (a server's odd answer) is not repeated in a message or an alert. */
const shownUsername = (username: string | undefined) => (username && /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}$/.test(username) ? username : 'someone unknown');

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
    if (!found) return undefined;
    // The description as GraphQL read it with its editor: the one REST listed may have been rewritten since.
    const { body, editedBy } = await this.descriptionAndOtherEditor(found.iid, own.id!);
    return { number: found.iid, body, url: found.web_url, createdAt: found.created_at, ...(editedBy === undefined ? {} : { editedBy }) };
  }

  /** The issue's description, and who last edited it (anyone with the Reporter role can) when that was not us (`ownId`): it holds the state that decides which alerts are sent. */
  private async descriptionAndOtherEditor(iid: number, ownId: number): Promise<{ body: string; editedBy?: string }> {
    const call = { what: `read who edited drift issue #${iid}`, permission: API_SCOPE };
    const answer = await this.api.graphql(call, IssueEdit, ISSUE_EDIT_QUERY, { path: await this.api.projectPath(call), iid: String(iid) });
    const widget = answer.project?.workItems.nodes[0]?.widgets?.find((candidate) => candidate.type === 'DESCRIPTION');
    if (!widget) throw new UserError(`GitLab's GraphQL API did not give the description of drift issue #${iid} when asked to ${call.what}, so who last edited it cannot be checked; nothing is taken from it.`);
    const body = widget.description ?? '';
    if ((!widget.lastEditedAt && !widget.lastEditedBy) || widget.lastEditedBy?.id === `gid://gitlab/User/${ownId}`) return { body };
    return { body, editedBy: shownUsername(widget.lastEditedBy?.username) };
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

  async close(number: number, title: string, body: string): Promise<void> {
    await this.api.send(this.call, 'PUT', `${this.api.project}/issues/${number}`, { title, description: body, state_event: 'close' });
  }
}

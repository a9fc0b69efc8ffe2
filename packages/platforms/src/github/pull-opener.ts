import { z } from 'zod';
import { UserError } from '@gitops-sync/core';
import type { ChangeRequestDraft, ChangeRequestOpener, OpenedChangeRequest } from '@gitops-sync/engine';
import { GitHubApi, type GitHubApiOptions } from './api.js';

const Pull = z.object({ number: z.number(), html_url: z.string(), head: z.object({ ref: z.string() }).optional() });
const WRITE_PULLS =
  'the "Pull requests: write" permission (GITHUB_TOKEN: permissions: pull-requests: write) and "Allow GitHub Actions to create and approve pull requests" in the repository settings';

/** Opens pull requests in one GitHub repository; an already open one for the same head branch is returned instead. */
export class GitHubPullOpener implements ChangeRequestOpener {
  private readonly api: GitHubApi;

  constructor(options: GitHubApiOptions) {
    this.api = new GitHubApi(options);
  }

  async open(draft: ChangeRequestDraft): Promise<OpenedChangeRequest> {
    const label = `${this.api.owner}/${this.api.repo}`;
    try {
      const { data } = await this.api.call({ what: `open a pull request from ${draft.head} into ${draft.base} in ${label}`, permission: WRITE_PULLS }, Pull, 'POST /repos/{owner}/{repo}/pulls', {
        title: draft.title,
        head: draft.head,
        base: draft.base,
        body: draft.body,
      });
      return { url: data.html_url, number: data.number };
    } catch (error) {
      // 422 "Validation Failed": among other reasons, "A pull request already exists for owner:branch."
      if (!(error instanceof UserError) || !/\(HTTP 422\b/.test(error.message)) throw error;
      const open = await this.api.listAll({ what: `find the open pull request from ${draft.head} in ${label}`, permission: WRITE_PULLS }, Pull, 'GET /repos/{owner}/{repo}/pulls', {
        head: `${this.api.owner}:${draft.head}`,
        base: draft.base,
        state: 'open',
      });
      const found = open.find((pull) => pull.head?.ref === undefined || pull.head.ref === draft.head);
      if (found) return { url: found.html_url, number: found.number };
      throw new UserError(`GitHub refused to open a pull request from ${draft.head} into ${draft.base} in ${label} (HTTP 422); check that ${draft.head} was pushed and differs from ${draft.base}.`);
    }
  }
}

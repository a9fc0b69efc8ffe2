import { z } from 'zod';
import { UserError } from '@gitops-sync/core';
import type { ChangeRequestDraft, ChangeRequestOpener, OpenedChangeRequest } from '@gitops-sync/engine';
import { GitLabApi, type GitLabApiOptions } from './api.js';

const MergeRequest = z.object({ iid: z.number(), web_url: z.string(), source_branch: z.string().optional(), target_branch: z.string().optional() });
const API_SCOPE = 'the api scope and at least the Developer role';

/** Opens merge requests in one GitLab project (the source branch is removed on merge); an already open one for the same source branch is returned instead. */
export class GitLabMergeRequestOpener implements ChangeRequestOpener {
  private readonly api: GitLabApi;

  constructor(options: GitLabApiOptions) {
    this.api = new GitLabApi(options);
  }

  async open(draft: ChangeRequestDraft): Promise<OpenedChangeRequest> {
    try {
      const { data } = await this.api.json({ what: `open a merge request from ${draft.head} into ${draft.base}`, permission: API_SCOPE }, MergeRequest, 'POST', `${this.api.project}/merge_requests`, {
        source_branch: draft.head,
        target_branch: draft.base,
        title: draft.title,
        description: draft.body,
        remove_source_branch: true,
      });
      return { url: data.web_url, number: data.iid };
    } catch (error) {
      // 409: "Another open merge request already exists for this source branch: !N".
      if (!(error instanceof UserError) || !/\(HTTP 409\b/.test(error.message)) throw error;
      const query = `state=opened&source_branch=${encodeURIComponent(draft.head)}&target_branch=${encodeURIComponent(draft.base)}`;
      const open = await this.api.listAll({ what: `find the open merge request from ${draft.head}`, permission: API_SCOPE }, MergeRequest, `${this.api.project}/merge_requests?${query}`);
      const found = open.find((mr) => (mr.source_branch ?? draft.head) === draft.head && (mr.target_branch ?? draft.base) === draft.base);
      if (found) return { url: found.web_url, number: found.iid };
      throw new UserError(`GitLab refused to open a merge request from ${draft.head} into ${draft.base} (HTTP 409) and none is open for that branch; close the conflicting merge request and run again.`);
    }
  }
}

import { z } from 'zod';
import { UserError } from '@gitops-sync/core';
import type { ApiCall } from '../api-retry.js';
import type { GitHubApi } from './api.js';

/**
 * A comment's or an issue's body and GraphQL's word on who last edited it (REST does not say), in one answer:
 * `editor` is null when nobody did, or when the account is gone. An answer with `errors` says nothing.
 */
const BodyEdit = z.object({
  data: z
    .object({ node: z.object({ body: z.string(), lastEditedAt: z.string().nullable(), editor: z.object({ __typename: z.string(), login: z.string() }).nullable() }).nullable() })
    .nullable()
    .optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});

/**
 * Whether GraphQL's editor is our REST login. GraphQL names a bot `github-actions` where REST says
 * `github-actions[bot]`, and a person may hold that bare name: a `[bot]` login must be a Bot.
 */
const isLogin = (editor: { __typename: string; login: string }, login: string) => {
  const bot = /\[bot\]$/i.test(login);
  return (editor.__typename === 'Bot') === bot && editor.login.toLowerCase() === login.replace(/\[bot\]$/i, '').toLowerCase();
};

/** A login as GitHub spells one (an Enterprise Managed User's has `_shortcode`); anything else (a server's odd answer) is not repeated in a message or an alert. */
const shownLogin = (login: string | undefined) => (login && /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/.test(login) ? login : 'someone unknown');

/**
 * The body of the issue or comment `nodeId` and who last edited it, when that was not `ownLogin` (anyone with
 * write access can edit both), read together: a body read earlier over REST could have been rewritten since.
 */
export async function bodyAndOtherEditor(api: GitHubApi, call: ApiCall, type: 'Issue' | 'IssueComment', nodeId: string, ownLogin: string): Promise<{ body: string; editedBy?: string }> {
  const query = `query($id: ID!) { node(id: $id) { ... on ${type} { body lastEditedAt editor { __typename login } } } }`;
  const answer = (await api.call(call, BodyEdit, api.graphqlRoute(), { query, variables: { id: nodeId } })).data;
  const node = answer.data?.node;
  if (answer.errors?.length || !node) {
    const said = answer.errors?.length ? ` (${answer.errors[0].message.replace(/\s+/g, ' ').slice(0, 200)})` : '';
    throw new UserError(`GitHub's GraphQL API did not answer when asked to ${call.what}${said}, so who last edited it cannot be checked; nothing is taken from it.`);
  }
  if (!node.lastEditedAt || (node.editor && isLogin(node.editor, ownLogin))) return { body: node.body };
  return { body: node.body, editedBy: shownLogin(node.editor?.login) };
}

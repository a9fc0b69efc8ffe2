import { z } from 'zod';
import type { ApiCall } from '../api-retry.js';
import type { GitHubApi } from './api.js';

/** GraphQL's word on who last edited a comment's or an issue's body (REST does not say): `editor` is null when nobody did. */
const BodyEdit = z.object({
  data: z.object({ node: z.object({ lastEditedAt: z.string().nullable(), editor: z.object({ __typename: z.string(), login: z.string() }).nullable() }).nullable() }),
});

/**
 * Whether GraphQL's editor is our REST login. GraphQL names a bot `github-actions` where REST says
 * `github-actions[bot]`, and a person may hold that bare name: a `[bot]` login must be a Bot.
 */
const isLogin = (editor: { __typename: string; login: string }, login: string) => {
  const bot = /\[bot\]$/i.test(login);
  return (editor.__typename === 'Bot') === bot && editor.login.toLowerCase() === login.replace(/\[bot\]$/i, '').toLowerCase();
};

/** A login as GitHub spells one; anything else (a server's odd answer) is not repeated in a message or an alert. */
const shownLogin = (login: string | undefined) => (login && /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/.test(login) ? login : 'someone unknown');

/**
 * Who last edited the body of the issue or comment `nodeId`, when that was not `ownLogin` (anyone with write
 * access can edit both); undefined while nobody else did.
 */
export async function otherEditorOf(api: GitHubApi, call: ApiCall, type: 'Issue' | 'IssueComment', nodeId: string, ownLogin: string): Promise<string | undefined> {
  const query = `query($id: ID!) { node(id: $id) { ... on ${type} { lastEditedAt editor { __typename login } } } }`;
  const { node } = (await api.call(call, BodyEdit, api.graphqlRoute(), { query, variables: { id: nodeId } })).data.data;
  if (!node?.lastEditedAt || (node.editor && isLogin(node.editor, ownLogin))) return undefined;
  return shownLogin(node.editor?.login);
}

import { UserError } from '@gitops-sync/core';
import type { GitHubApi } from './github/api.js';
import type { GitLabApi } from './gitlab/api.js';

/** Names the GitHub App bot whose installation token gitops-sync runs with (the actions' `bot-login` input). */
export const BOT_LOGIN_VARIABLE = 'GITOPS_SYNC_BOT_LOGIN';
/** Who GITHUB_TOKEN comments and opens issues as. */
export const GITHUB_ACTIONS_LOGIN = 'github-actions[bot]';

/**
 * The account gitops-sync's token acts as. Only what this account wrote — the sticky comment with
 * the reviewed plan, approve-safe's comment and approvals, the drift issue and its state — is read
 * back as gitops-sync's own; the same marker from anyone else is data, never a reviewed plan or memory.
 */
export interface OwnIdentity {
  login: string;
  /** Known when the platform says who the token is (GitLab, a GitHub user token). */
  id?: number;
}

/** Whether `author` (a comment's, note's or issue's) is our own identity. GitHub logins are case-insensitive. */
export function isOwnIdentity(own: OwnIdentity, author: { id?: number; login?: string; username?: string } | null | undefined): boolean {
  if (!author) return false;
  if (own.id !== undefined) return author.id === own.id;
  const login = author.login ?? author.username;
  return login !== undefined && login.toLowerCase() === own.login.toLowerCase();
}

/** GITOPS_SYNC_BOT_LOGIN, checked: a GitHub login, usually an app's `<slug>[bot]`. */
export function configuredBotLogin(env: NodeJS.ProcessEnv): string | undefined {
  const login = env[BOT_LOGIN_VARIABLE]?.trim();
  if (!login) return undefined;
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/.test(login)) {
    throw new UserError(`${BOT_LOGIN_VARIABLE} must be a GitHub login such as my-app[bot] (got ${JSON.stringify(login)}).`);
  }
  return login;
}

/**
 * On GitHub: the configured app bot; else the token's user (a personal access token); else, for an
 * installation token that cannot say who it is, `github-actions[bot]` (GITHUB_TOKEN).
 */
export async function githubOwnIdentity(api: GitHubApi, botLogin: string | undefined): Promise<OwnIdentity> {
  if (botLogin) return { login: botLogin };
  const user = await api.tokenUser();
  return user ?? { login: GITHUB_ACTIONS_LOGIN };
}

/** On GitLab: the token's user (GET /user), by id. */
export async function gitlabOwnIdentity(api: GitLabApi): Promise<OwnIdentity> {
  const user = await api.currentUser();
  return { login: user.username, id: user.id };
}

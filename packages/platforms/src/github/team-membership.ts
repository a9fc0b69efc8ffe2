import { z } from 'zod';
import { UserError } from '@gitops-sync/core';
import { orAbsent } from '../api-retry.js';
import type { GitHubApi } from './api.js';

export const READ_MEMBERS = 'the "Organization members: read" permission (a GitHub App or a token with read:org; GITHUB_TOKEN cannot read teams)';

const Membership = z.object({ state: z.string() });
const Team = z.object({ id: z.number(), slug: z.string() });

/** `org/team-slug` split; GitHub has no team paths: a nested team has its own slug, and its parent counts the child's members too. */
function teamParts(team: string): { org: string; slug: string } {
  const [org, slug, ...rest] = team.split('/');
  if (rest.length) throw new UserError(`GitHub names a team org/team-slug, so ${team} names no team (a nested team is named by its own slug, e.g. ${org}/${rest[rest.length - 1]}); fix it in the base commit's gitops-sync.yaml or CODEOWNERS.`);
  return { org, slug };
}

/** Whether `login` is an active member of `org/team` (`GET /orgs/{org}/teams/{team_slug}/memberships/{username}`; a pending invitation is not). */
export async function githubTeamMember(api: GitHubApi, team: string, login: string): Promise<boolean> {
  const { org, slug } = teamParts(team);
  const found = await orAbsent(() => api.call({ what: `read ${login}'s membership of ${team}`, permission: READ_MEMBERS }, Membership, 'GET /orgs/{org}/teams/{team_slug}/memberships/{username}', { org, team_slug: slug, username: login }));
  return found?.data.state === 'active';
}

/** Whether `org/team` exists for the token (`GET /orgs/{org}/teams/{team_slug}`): the membership answer is 404 for a missing team and a non-member alike. */
export async function githubTeamExists(api: GitHubApi, team: string): Promise<boolean> {
  const { org, slug } = teamParts(team);
  return (await orAbsent(() => api.call({ what: `read team ${team}`, permission: READ_MEMBERS }, Team, 'GET /orgs/{org}/teams/{team_slug}', { org, team_slug: slug }))) !== undefined;
}

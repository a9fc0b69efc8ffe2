import { z } from 'zod';
import { orAbsent } from '../api-retry.js';
import type { GitLabApi } from './api.js';

const READ_API = 'the read_api scope and at least the Reporter role';
const Member = z.object({ access_level: z.number() });
const Group = z.object({ id: z.number(), full_path: z.string() });

/** Direct members only: `members/all` also answers for every ancestor group's members, so `acme` would count as `acme/security`. */
export async function gitlabGroupMember(api: GitLabApi, group: string, user: { id: number | string; login: string }): Promise<boolean> {
  const found = await orAbsent(() => api.json({ what: `read ${user.login}'s membership of ${group}`, permission: READ_API }, Member, 'GET', `/groups/${encodeURIComponent(group)}/members/${user.id}`));
  return found !== undefined;
}

/** Whether the group exists for the token (`GET /groups/:id`): the membership answer is 404 for a missing group and a non-member alike. */
export async function gitlabGroupExists(api: GitLabApi, group: string): Promise<boolean> {
  return (await orAbsent(() => api.json({ what: `read group ${group}`, permission: READ_API }, Group, 'GET', `/groups/${encodeURIComponent(group)}`))) !== undefined;
}

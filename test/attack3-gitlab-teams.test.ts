/**
 * Attack on GitLab team requirements: `GET /groups/:id/members/all/:user_id` answers for members of
 * every ancestor group too, so a member of `acme` (everyone) would count as a member of `acme/security`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab } from './support/fake-gitlab.js';

const gitlab = useFakeGitLab();
const workdir = mkdtempSync(join(tmpdir(), 'gitops-sync-attack3-glteams-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const BASE = 'b'.repeat(40);
const HEAD = 'a'.repeat(40);
const author = glUser(10, 'alice');
const bob = glUser(11, 'bob');
const carol = glUser(12, 'carol');

async function gate(approvers: typeof bob[]) {
  gitlab.state.mrs.set(5, glMergeRequest(author, [modifiedDiff('terraform/main.tf')], { approvedBy: approvers }, { head: HEAD, base: BASE }));
  gitlab.state.files = { [`${BASE}:gitops-sync.yaml`]: 'approval:\n  environments:\n    staging:\n      required_approvals: 1\n      required_teams: [acme/security]\n' };
  gitlab.state.members = { 10: 30, 11: 30, 12: 30 };
  gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true };
  // bob is in the whole company's group, carol in its security subgroup.
  gitlab.state.groups = { acme: { [bob.id]: 30 }, 'acme/security': { [carol.id]: 30 } };
  const run = await cli(['gate', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--env', 'staging', '--format', 'json'], {
    cwd: workdir,
    env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` },
  });
  return { code: run.code, decision: JSON.parse(run.stdout) as { allowed: boolean; missing: string[] } };
}

test('required_teams: [acme/security] is not satisfied by a member of the parent group acme', async () => {
  const { code, decision } = await gate([bob]);
  expect(code).toBe(3);
  expect(decision.allowed).toBe(false);
});

test('a member of acme/security satisfies it', async () => {
  const { code, decision } = await gate([carol]);
  expect(decision.missing).toEqual([]);
  expect(code).toBe(0);
});

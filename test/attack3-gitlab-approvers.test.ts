/**
 * Attacks on who counts as an approver on GitLab (GET /users/:id): an account GitLab has blocked,
 * banned or deactivated has no access any more, whatever its membership row still says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab } from './support/fake-gitlab.js';

const gitlab = useFakeGitLab();
const workdir = mkdtempSync(join(tmpdir(), 'gitops-sync-attack3-gl-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const BASE = 'b'.repeat(40);
const HEAD = 'a'.repeat(40);
const author = glUser(10, 'alice');
const bob = glUser(11, 'bob');
const carol = glUser(12, 'carol');

test.each(['blocked', 'banned', 'deactivated', 'ldap_blocked'])('an approval by a %s account does not count', async (state) => {
  gitlab.state.mrs.set(5, glMergeRequest(author, [modifiedDiff('terraform/main.tf')], { approvedBy: [bob, carol] }, { head: HEAD, base: BASE }));
  gitlab.state.files = { [`${BASE}:gitops-sync.yaml`]: 'approval:\n  environments:\n    production: { production: true }\n' };
  gitlab.state.members = { 10: 30, 11: 30, 12: 40 };
  gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true };
  gitlab.faults.push({ method: 'GET', path: /\/users\/12$/, status: 200, times: 5, body: { id: carol.id, username: carol.username, name: carol.name, state, locked: state !== 'active', bot: false } });
  const run = await cli(['gate', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--env', 'production', '--format', 'json'], {
    cwd: workdir,
    env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` },
  });
  const decision = JSON.parse(run.stdout) as { allowed: boolean; approvals_counted: { user: string }[]; approvals_rejected: { user: string; reason: string }[] };
  expect(run.code).toBe(3);
  expect(decision.approvals_counted.map((approval) => approval.user)).toEqual(['bob']);
  expect(decision.approvals_rejected).toEqual([{ user: 'carol', id: carol.id, reason: expect.stringContaining(`GitLab says carol's account is ${state}`) }]);
});

/**
 * On GitLab anyone with the Maintainer role can edit a note someone else wrote, drift-detect's too,
 * and the REST API does not say who did. A Maintainer who authored the merge request edits
 * drift-detect's note to name the fingerprint of a plan nobody reviewed: the gate (and sync) must not
 * take the reviewed plan from a note last edited by anyone but gitops-sync's own identity.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { driftReportOf } from './support/drift-reports.js';
import { interceptingProxy } from './support/fake-github.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab } from './support/fake-gitlab.js';

const gitlab = useFakeGitLab();
const workdir = mkdtempSync(join(tmpdir(), 'gitops-sync-attack25gl-note-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const BASE = 'b'.repeat(40);
const HEAD = 'a'.repeat(40);
const mallory = glUser(10, 'mallory');
const bob = glUser(11, 'bob');
const carol = glUser(12, 'carol');
const REVIEWED = `sha256:${'1'.repeat(64)}`;
const UNREVIEWED = `sha256:${'2'.repeat(64)}`;
const MARKER = '<!-- gitops-sync:drift-comment environment=production -->';
const noteBody = (fingerprint: string) => `${MARKER}\n<!-- gitops-sync:plan-fingerprint ${fingerprint} -->\n### Drift report: production\nNo changes.`;

/** Mallory's MR, approved by bob and carol; drift-detect's note names the reviewed plan; the report given names the unreviewed one. */
function scene(): { reportPath: string } {
  gitlab.state.mrs.set(5, glMergeRequest(mallory, [modifiedDiff('terraform/main.tf')], { approvedBy: [bob, carol] }, { head: HEAD, base: BASE }));
  gitlab.state.files = { [`${BASE}:gitops-sync.yaml`]: 'approval:\n  environments:\n    production: { production: true }\n' };
  gitlab.state.members = { 10: 40, 11: 30, 12: 40 };
  gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true };
  gitlab.state.notes.push({ id: 7001, mr_iid: 5, author: gitlab.state.tokenUser, body: noteBody(REVIEWED), system: false, created_at: '2026-03-01T10:00:00.000Z', updated_at: '2026-03-01T10:00:00.000Z' });
  const reportPath = join(workdir, 'drift-report-production.json');
  writeFileSync(reportPath, JSON.stringify({ ...driftReportOf([], new Date('2026-03-01T10:00:00Z')), head_sha: HEAD, plan_fingerprint: UNREVIEWED }));
  return { reportPath };
}

async function gate(reportPath: string) {
  const result = await cli(['gate', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--env', 'production', '--report', reportPath, '--format', 'json'], {
    cwd: workdir,
    env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` },
  });
  return { ...result, decision: result.stdout ? JSON.parse(result.stdout) : undefined };
}

describe("drift-detect's note edited by someone else names no reviewed plan", () => {
  test('the report of the plan drift-detect commented is the reviewed one; another plan is refused', async () => {
    const { reportPath } = scene();
    const refused = await gate(reportPath);
    expect(refused.code).toBe(3);
    expect(refused.decision.missing.join('\n')).toMatch(/is not the plan drift-detect commented on group\/project!5/);
  });

  test("a Maintainer's edit putting the unreviewed plan's fingerprint into the note stops the gate, saying who edited it", async () => {
    const { reportPath } = scene();
    const note = gitlab.state.notes.find((each) => each.id === 7001)!;
    Object.assign(note, { body: noteBody(UNREVIEWED), last_edited_by: mallory, last_edited_at: '2026-03-01T11:00:00.000Z', updated_at: '2026-03-01T11:00:00.000Z' });
    const edited = await gate(reportPath);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain("gitops-sync's note on group/project!5 was last edited by mallory, not by gitops-bot, so its plan fingerprint is not trusted; run drift-detect on the merge request again to rewrite it.");
    expect(edited.stderr).not.toMatch(/\n\s+at /);
  });

  test("gitops-sync's own rewrite of its note is trusted", async () => {
    const { reportPath } = scene();
    const note = gitlab.state.notes.find((each) => each.id === 7001)!;
    Object.assign(note, { body: noteBody(UNREVIEWED), last_edited_by: gitlab.state.tokenUser, last_edited_at: '2026-03-01T11:00:00.000Z', updated_at: '2026-03-01T11:00:00.000Z' });
    const rewritten = await gate(reportPath);
    expect(rewritten.code).toBe(0);
  });

  test("who edited the note unknown (GraphQL answers with errors): nothing is taken from it, in one sentence", async () => {
    const { reportPath } = scene();
    gitlab.faults.push({ method: 'POST', path: /\/api\/graphql$/, requestBody: /items: notes\(/, status: 200, times: 5, body: { errors: [{ message: 'Field lastEditedBy does not exist' }] } });
    const unknown = await gate(reportPath);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("GitLab's GraphQL API did not answer when asked to read who edited gitops-sync's note on group/project!5: Field lastEditedBy does not exist; the token needs the read_api scope and at least the Reporter role.");
    expect(unknown.stderr).not.toContain(gitlab.state.token);
  });
});

test('the note read over REST and its editor read over GraphQL are one snapshot: a rewrite in between does not launder an edited note', async () => {
  // Mallory put the unreviewed plan's fingerprint into the note; a concurrent drift-detect run rewrites the note
  // (naming the reviewed plan) after this gate listed the notes and before it asked GraphQL who edited it.
  const { reportPath } = scene();
  const note = gitlab.state.notes.find((each) => each.id === 7001)!;
  Object.assign(note, { body: noteBody(UNREVIEWED), last_edited_by: mallory, last_edited_at: '2026-03-01T11:00:00.000Z' });
  const proxy = await interceptingProxy(gitlab.url, (request) => {
    if (request.method === 'POST' && /items: notes\(/.test(request.text)) Object.assign(note, { body: noteBody(REVIEWED), last_edited_by: gitlab.state.tokenUser, last_edited_at: '2026-03-01T11:01:00.000Z' });
  });
  try {
    const result = await cli(['gate', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--env', 'production', '--report', reportPath, '--format', 'json'], {
      cwd: workdir,
      env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${proxy.url}/api/v4` },
    });
    // The note as gitops-sync last wrote it names the reviewed plan, not the report's.
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).missing.join('\n')).toMatch(/is not the plan drift-detect commented on group\/project!5/);
  } finally {
    await proxy.close();
  }
});

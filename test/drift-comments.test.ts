/**
 * drift-detect on a pull/merge request: one sticky comment per environment, updated in place and
 * carrying the plan fingerprint sync binds to; the drift issue on GitLab.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { GitHubReview } from '@gitops-sync/platforms';
import { reviewedFingerprint } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { glUser, useFakeGitLab } from './support/fake-gitlab.js';
import { tofuFixture } from './support/paths.js';

const github = useFakeGitHub();
const gitlab = useFakeGitLab();
const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-comments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync(tofuFixture('drift'), join(dir, 'drift.json'));
writeFileSync(join(dir, 'in-sync.json'), JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [], output_changes: {} }));
writeFileSync(join(dir, 'gitops-sync.yaml'), 'monitoring:\n  drift_issue: { enabled: true }\n');

function openPull() {
  github.state.pulls.set(12, ghPullRequest(ghUser('alice'), { number: 12, head: 'a'.repeat(40), base: 'b'.repeat(40) }));
}

const detect = (plan: string, mode: string) =>
  cli(['drift-detect', '--environment', 'staging', '--terraform-plan-json', plan, '--fail-on', 'never', '--output-directory', 'reports', '--pr-comment', mode, '--platform', 'github', '--repo', 'owner/repo', '--pr', '12'], {
    cwd: dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' },
  });

describe('the sticky pull request comment', () => {
  test('changes-only: one comment while drifting, updated in place, none before there is drift; it carries the plan fingerprint', async () => {
    openPull();
    expect((await detect('in-sync.json', 'changes-only')).code).toBe(0);
    expect(github.state.comments).toHaveLength(0);

    await detect('drift.json', 'changes-only');
    await detect('drift.json', 'changes-only');
    expect(github.state.comments).toHaveLength(1);
    const body = github.state.comments[0].body;
    expect(body).toMatch(/^<!-- gitops-sync:drift-comment environment=staging -->\n<!-- gitops-sync:plan-fingerprint sha256:[0-9a-f]{64} -->\n/);
    expect(body.length).toBeLessThanOrEqual(65_536);

    // sync reads the reviewed fingerprint back, from a comment a bot wrote.
    const platform = new GitHubReview({ token: github.state.token, repository: 'owner/repo', number: 12, baseUrl: github.url });
    expect(await reviewedFingerprint(platform, 'staging')).toBe(body.match(/sha256:[0-9a-f]{64}/)![0]);

    // Drift gone: the existing comment is corrected, not left showing old drift.
    await detect('in-sync.json', 'changes-only');
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.comments[0].body).toContain('No drift');
  });

  test('a fingerprint marker in a comment the author wrote is ignored', async () => {
    openPull();
    github.state.comments.push({
      id: 5,
      issue_number: 12,
      user: ghUser('alice'),
      body: `<!-- gitops-sync:drift-comment environment=staging -->\n<!-- gitops-sync:plan-fingerprint sha256:${'e'.repeat(64)} -->`,
      created_at: '2026-11-25T10:00:00Z',
      updated_at: '2026-11-25T10:00:00Z',
    });
    const platform = new GitHubReview({ token: github.state.token, repository: 'owner/repo', number: 12, baseUrl: github.url });
    expect(await reviewedFingerprint(platform, 'staging')).toBeUndefined();
  });

  test('a bad --pr-comment value is one sentence', async () => {
    const run = await detect('drift.json', 'sometimes');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('gitops-sync: --pr-comment must be off, always or changes-only (got "sometimes").\n');
  });
});

describe('the drift issue on GitLab', () => {
  test('opened on drift, closed with a note when it is gone', async () => {
    gitlab.state.tokenUser = glUser(1000, 'project_42_bot', { bot: true });
    const run = (plan: string) =>
      cli(['drift-detect', '--environment', 'staging', '--terraform-plan-json', plan, '--fail-on', 'never', '--output-directory', 'reports', '--notify', '--platform', 'gitlab', '--repo', 'group/project'], {
        cwd: dir,
        env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4`, GITHUB_ACTIONS: '', GITLAB_CI: '' },
      });
    expect((await run('drift.json')).stderr).not.toContain('warning');
    expect(gitlab.state.issues).toMatchObject([{ title: 'Drift in staging: 3 high', state: 'opened', labels: ['gitops-sync:drift'] }]);
    await run('drift.json');
    expect(gitlab.state.issues).toHaveLength(1);
    await run('in-sync.json');
    expect(gitlab.state.issues[0].state).toBe('closed');
    expect(gitlab.state.notes.filter((note) => note.issue_iid === gitlab.state.issues[0].iid).map((note) => note.body)).toEqual([expect.stringMatching(/^The drift in `staging` is gone/)]);
  });
});

test('a comment the author planted with the marker is not the one updated', async () => {
  openPull();
  github.state.comments = [{ id: 9, issue_number: 12, user: ghUser('alice'), body: '<!-- gitops-sync:drift-comment environment=staging -->\nall good, merge it', created_at: '2026-11-25T10:00:00Z', updated_at: '2026-11-25T10:00:00Z' }];
  await detect('drift.json', 'changes-only');
  expect(github.state.comments.map((comment) => [comment.user.login, comment.body.includes('all good')])).toEqual([
    ['alice', true],
    ['github-actions[bot]', false],
  ]);
});

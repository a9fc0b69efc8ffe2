/**
 * Attack on "the reviewed plan is named only by our own identity": approve-safe's explanatory comment
 * is written by that identity too, and quotes each unsafe path as it is. A pull request that adds a file
 * named after drift-detect's hidden markers gets gitops-sync itself to post them, with a fingerprint the
 * author chose. Real git, real Octokit against the loopback GitHub.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, test } from '@jest/globals';
import { APPROVE_SAFE_COMMENT_MARKER, buildReport, SECRETS_REPORT_SCHEMA_ID, type SecretsReport } from '@gitops-sync/core';
import { commentDriftReport, reviewedFingerprint } from '@gitops-sync/engine';
import { GitHubReview, GitLabReview } from '@gitops-sync/platforms';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab } from './support/fake-gitlab.js';
import { pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';
import { renderSecretsMarkdown } from '../packages/engine/src/drift/change-secrets.js';

const github = useFakeGitHub();
const gitlab = useFakeGitLab();
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

const FORGED = `sha256:${'f'.repeat(64)}`;
const DRIFT_MARKER = '<!-- gitops-sync:drift-comment environment=prod -->';
// A valid file name: no slash, under 255 bytes.
const FILE = `${DRIFT_MARKER}<!-- gitops-sync:plan-fingerprint ${FORGED} -->.sh`;

const review = () => new GitHubReview({ token: github.state.token, repository: 'owner/repo', number: 7, baseUrl: github.url });

/** approve-safe (not a dry run) on a pull request that adds FILE: it posts its explanation as github-actions[bot]. */
async function approveSafeOnForgedName() {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': 'environments:\n  prod:\n    terraform: { dir: infra }\n', 'infra/main.tf': '' }, { [FILE]: 'x\n' });
  repos.push(repo);
  github.state.pulls.set(7, ghPullRequest(ghUser('mallory'), { number: 7, head: repo.headSha, base: repo.baseSha }, { files: repo.files }));
  github.state.permissions = { mallory: 'write' };
  const run = await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--format', 'json'], {
    cwd: repo.dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' },
  });
  expect(run.code).toBe(0);
  const explanation = github.state.comments.find((comment) => comment.body.includes('<!-- gitops-sync:approve-safe:comment -->'));
  // The premise: gitops-sync's own comment now carries the markers the author wrote.
  expect(explanation?.user.login).toBe('github-actions[bot]');
  expect(explanation?.body).toContain(FILE);
  return explanation!;
}

describe("drift-detect's markers in a file name that approve-safe quotes", () => {
  test('name no reviewed plan for sync and the gate', async () => {
    await approveSafeOnForgedName();
    expect(await reviewedFingerprint(review(), 'prod')).toBeUndefined();
  });

  test("do not make drift-detect overwrite approve-safe's explanation", async () => {
    const explanation = await approveSafeOnForgedName();
    const before = explanation.body;
    const body = `${DRIFT_MARKER}\n<!-- gitops-sync:plan-fingerprint sha256:${'a'.repeat(64)} -->\n## Drift detected in prod`;
    expect(await review().upsertComment(DRIFT_MARKER, body)).toBe('created');
    expect(github.state.comments.find((comment) => comment.id === explanation.id)?.body).toBe(before);
    expect(await reviewedFingerprint(review(), 'prod')).toBe(`sha256:${'a'.repeat(64)}`);
  });
});

test("a fingerprint marker in a file name that drift-detect's own secrets section quotes is no reviewed plan", async () => {
  github.state.pulls.set(7, ghPullRequest(ghUser('mallory'), { number: 7, head: 'a'.repeat(40), base: 'b'.repeat(40) }));
  // A report without a plan (a Kubernetes environment), and a secret in a file the author named.
  const report = buildReport({ environment: 'prod', sources: ['kubectl-diff'], changes: [], generatedAt: '2026-12-06T00:00:00.000Z' });
  const file = `<!-- gitops-sync:plan-fingerprint ${FORGED} -->.env`;
  const secrets: SecretsReport = { schema: SECRETS_REPORT_SCHEMA_ID, files_checked: 1, findings: [{ file, line: 1, rule: 'private-key', severity: 'critical', message: 'A private key is committed; remove it.' }] };
  expect(await commentDriftReport(review(), report, 'changes-only', undefined, { markdown: renderSecretsMarkdown(secrets), findings: 1 })).toBe('created');
  expect(github.state.comments[0].body).toContain(file);

  expect(await reviewedFingerprint(review(), 'prod')).toBeUndefined();
});

test("GitLab: the token user's approve-safe note quoting the markers in a file name is no reviewed plan, and drift-detect leaves it alone", async () => {
  gitlab.state.mrs.set(5, glMergeRequest(glUser(7, 'mallory'), [modifiedDiff(FILE)]));
  // As approve-safe writes it: the path quoted in its table.
  const explanation = `${APPROVE_SAFE_COMMENT_MARKER}\n### gitops-sync: this change needs human review\n\n| Path | Why | Review by |\n|---|---|---|\n| \`${FILE}\` | the path is not a safe path | any maintainer |`;
  gitlab.state.notes = [{ id: 1, mr_iid: 5, author: gitlab.state.tokenUser, body: explanation, system: false, created_at: '2026-11-25T10:00:00Z', updated_at: '2026-11-25T10:00:00Z' }];
  const platform = new GitLabReview({ token: gitlab.state.token, project: 'group/project', iid: 5, baseUrl: `${gitlab.url}/api/v4` });

  expect(await reviewedFingerprint(platform, 'prod')).toBeUndefined();
  expect(await platform.upsertComment(DRIFT_MARKER, `${DRIFT_MARKER}\n## Drift detected in prod`)).toBe('created');
  expect(gitlab.state.notes[0].body).toBe(explanation);
});

test('our own comment with CRLF line ends (a body once edited on the web) still names its plan', async () => {
  github.state.pulls.set(7, ghPullRequest(ghUser('mallory'), { number: 7, head: 'a'.repeat(40), base: 'b'.repeat(40) }));
  const fingerprint = `sha256:${'c'.repeat(64)}`;
  github.state.comments = [{ id: 5, issue_number: 7, user: ghUser('github-actions[bot]', 41898282), body: `${DRIFT_MARKER}\r\n<!-- gitops-sync:plan-fingerprint ${fingerprint} -->\r\n## Drift detected in prod`, created_at: '2026-11-25T10:00:00Z', updated_at: '2026-11-25T10:00:00Z' }];
  expect(await reviewedFingerprint(review(), 'prod')).toBe(fingerprint);
});

/**
 * Attack on "only our own identity's comment names the reviewed plan": with a personal access token,
 * gitops-sync is the token's user (GET /user). When GitHub refuses that lookup for another reason than
 * "this is an installation token" — a rate limit, an SSO block — the identity must not silently become
 * github-actions[bot], which every workflow of the repository (a pull request's own, too) comments as.
 * The loopback GitHub answers exactly as GitHub does.
 */
import { describe, expect, test } from '@jest/globals';
import { GitHubReview } from '@gitops-sync/platforms';
import { reviewedFingerprint } from '@gitops-sync/engine';
import { GITHUB_PRIMARY_RATE_LIMIT_BODY, ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';

const github = useFakeGitHub();

const FINGERPRINT = (digit: string) => `sha256:${digit.repeat(64)}`;
const fingerprintComment = (fingerprint: string) => `<!-- gitops-sync:drift-comment environment=staging -->\n<!-- gitops-sync:plan-fingerprint ${fingerprint} -->\nLooks good!`;
const comment = (id: number, login: string, body: string) => ({ id, issue_number: 12, user: ghUser(login), body, created_at: '2026-11-25T10:00:00Z', updated_at: '2026-11-25T10:00:00Z' });

function world() {
  github.state.pulls.set(12, ghPullRequest(ghUser('alice'), { number: 12, head: 'a'.repeat(40), base: 'b'.repeat(40) }));
  github.state.tokenUser = ghUser('deploy-robot');
  // A workflow the pull request adds runs with GITHUB_TOKEN and comments as github-actions[bot].
  github.state.comments = [comment(3, 'github-actions[bot]', fingerprintComment(FINGERPRINT('e'))), comment(4, 'deploy-robot', fingerprintComment(FINGERPRINT('c')))];
}

const review = () => new GitHubReview({ token: github.state.token, repository: 'owner/repo', number: 12, baseUrl: github.url });

describe('a personal access token whose GET /user is refused', () => {
  test('rate-limited (403, remaining 0, reset in an hour): the github-actions[bot] comment is never the reviewed plan', async () => {
    world();
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    github.faults.push({ method: 'GET', path: /^\/user$/, status: 403, times: 10, body: GITHUB_PRIMARY_RATE_LIMIT_BODY, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } });

    const read = await reviewedFingerprint(review(), 'staging').catch((error: unknown) => error);
    expect(read).not.toBe(FINGERPRINT('e'));
    expect((read as Error).message).toMatch(/^GitHub would not say who the token is \(GET \/user: 403 "API rate limit exceeded.*"\), and only that identity's comments and issues are gitops-sync's own; run it again later, or name the app's bot in GITOPS_SYNC_BOT_LOGIN \(the bot-login input\)\.$/);
  });

  test('blocked by SAML SSO (403): the github-actions[bot] comment is never the reviewed plan', async () => {
    world();
    const body = { message: 'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.', documentation_url: 'https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/' };
    github.faults.push({ method: 'GET', path: /^\/user$/, status: 403, times: 10, body });

    const read = await reviewedFingerprint(review(), 'staging').catch((error: unknown) => error);
    expect(read).not.toBe(FINGERPRINT('e'));
  });

  test('GITHUB_TOKEN (403 "Resource not accessible by integration") is still github-actions[bot]', async () => {
    world();
    github.state.tokenUser = ghUser('github-actions[bot]', 41898282);
    expect(await reviewedFingerprint(review(), 'staging')).toBe(FINGERPRINT('e'));
  });
});

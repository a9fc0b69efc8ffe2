/**
 * The GitHub (real Octokit) and GitLab API clients against servers that misbehave: no answer, a
 * refused or reset connection, an endless or looping listing, a next page on another server. Each
 * ends within seconds with a sentence naming what happened and the host; a listing cut short is
 * never read as complete, so the gate errs (exit 1) instead of deciding on part of the list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { GitHubApi } from '@gitops-sync/platforms/github/api';
import { GitLabApi } from '@gitops-sync/platforms/gitlab/api';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub, type GhReview } from './support/fake-github.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab } from './support/fake-gitlab.js';
import { pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';
import { closedPortUrl, httpServer, resettingServer, silentServer, stallingBodyServer, type HostileServer } from './support/hostile-servers.js';

const servers: HostileServer[] = [];
async function serve(server: Promise<HostileServer>): Promise<HostileServer> {
  servers.push(await server);
  return servers[servers.length - 1];
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const FAST_RETRY = { attempts: 2, baseDelayMs: 50, maxDelayMs: 1000 };
const LIMITS = { requestTimeoutMs: 200 };
const CALL = { what: 'list the things', permission: 'Things: read' };
const TOKEN = 'tok-en-secret-1234';

interface Client {
  /** A client of the API at `base` (the server's root URL). */
  at(base: string, options?: { retry?: typeof FAST_RETRY; limits?: object; token?: string }): { read(): Promise<unknown>; list(): Promise<unknown[]> };
  /** The response header that names `page` as the next one. */
  nextPage(page: number, base: string): Record<string, string>;
  urlVar: string;
}

const pageOf = (url: string | undefined) => Number(new URL(url ?? '/', 'http://x').searchParams.get('page') ?? '1');

const clients: Record<'GitHub' | 'GitLab', Client> = {
  GitHub: {
    at(base, { retry = FAST_RETRY, limits = LIMITS, token = TOKEN } = {}) {
      const api = new GitHubApi({ token, repository: 'owner/repo', baseUrl: base, retry, limits });
      return { read: () => api.call(CALL, z.unknown(), 'GET /repos/{owner}/{repo}'), list: () => api.listAll(CALL, z.unknown(), 'GET /repos/{owner}/{repo}/pulls') };
    },
    nextPage: (page, base) => ({ link: `<${base}/repos/owner/repo/pulls?per_page=100&page=${page}>; rel="next"` }),
    urlVar: 'GITHUB_API_URL',
  },
  GitLab: {
    at(base, { retry = FAST_RETRY, limits = LIMITS, token = TOKEN } = {}) {
      const api = new GitLabApi({ token, project: 'group/project', baseUrl: `${base}/api/v4`, retry, limits });
      return { read: () => api.json(CALL, z.unknown(), 'GET', '/projects/group%2Fproject'), list: () => api.listAll(CALL, z.unknown(), '/projects/group%2Fproject/issues') };
    },
    nextPage: (page) => ({ 'x-next-page': String(page) }),
    urlVar: 'CI_API_V4_URL',
  },
};

/** A listing of one item per page; `next(page)` is the page after `page`, or undefined on the last. */
const listing = (client: Client, next: (page: number) => number | undefined) =>
  httpServer((req, res, base) => {
    const following = next(pageOf(req.url));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...(following === undefined ? {} : client.nextPage(following, base)) }).end('[{"id": 1}]');
  });

/** What the command said last: its error, after any progress lines. */
const lastLine = (stderr: string) => `${stderr.trimEnd().split('\n').pop()}\n`;

async function timed<T>(work: Promise<T>): Promise<{ error: Error; ms: number }> {
  const start = Date.now();
  try {
    await work;
  } catch (error) {
    return { error: error as Error, ms: Date.now() - start };
  }
  throw new Error('the call succeeded');
}

describe.each(Object.entries(clients))('%s API client', (platform, client) => {
  test('a server that accepts and never answers: "no answer … (timed out after 0.2 s)" within a second or two', async () => {
    const server = await serve(silentServer());
    const { error, ms } = await timed(client.at(server.url).read());
    expect(error.message).toMatch(new RegExp(`^${platform} could not list the things: no answer from 127\\.0\\.0\\.1:\\d+ \\(timed out after 0\\.2 s\\) after 2 attempts; check ${client.urlVar} and that the server is reachable from here, then run it again\\.$`));
    expect(ms).toBeLessThan(3000);
    expect(server.hits).toBe(2);
  });

  test('a body that stalls after the headers is a timeout too, not an "unexpected shape"', async () => {
    const server = await serve(stallingBodyServer());
    const { error, ms } = await timed(client.at(server.url).read());
    expect(error.message).toMatch(/could not list the things: no answer from 127\.0\.0\.1:\d+ \(timed out after 0\.2 s\) after 2 attempts/);
    expect(ms).toBeLessThan(3000);
  });

  test('a closed port: "connection refused by host:port", never "HTTP 500"', async () => {
    const url = await closedPortUrl();
    const { error } = await timed(client.at(url).read());
    expect(error.message).toBe(`${platform} could not list the things: connection refused by ${new URL(url).host} after 2 attempts; check ${client.urlVar} and that the server is reachable from here, then run it again.`);
  });

  test('a server that resets the connection: "connection reset by host:port"', async () => {
    const server = await serve(resettingServer());
    const { error } = await timed(client.at(server.url).read());
    expect(error.message).toMatch(new RegExp(`could not list the things: connection reset by ${new URL(server.url).host} after 2 attempts`));
    expect(error.message).not.toContain(TOKEN);
  });

  test('a token fetch refuses to send (a pasted line break) is not repeated in the message', async () => {
    const server = await serve(silentServer());
    const { error } = await timed(client.at(server.url, { token: 'first-line\nsecret-second-line' }).read());
    expect(error.message).toMatch(new RegExp(`^${platform} could not list the things: 127\\.0\\.0\\.1:\\d+ could not be reached \\(`));
    expect(error.message).not.toContain('secret-second-line');
    expect(server.hits).toBe(0);
  });

  test('retries stop at the deadline for all of the API work, and later calls fail at once', async () => {
    const server = await serve(silentServer());
    // Many attempts allowed, but the deadline ends them: the second attempt is cut at the deadline. (Half a
    // timeout of slack before it, so a loaded machine's late timers still leave time for that attempt.)
    const api = client.at(server.url, { retry: { attempts: 50, baseDelayMs: 1, maxDelayMs: 60_000 }, limits: { requestTimeoutMs: 400, deadlineMs: 600 } });
    const first = await timed(api.read());
    expect(first.error.message).toMatch(new RegExp(`^${platform} could not list the things: this command's API calls to 127\\.0\\.0\\.1:\\d+ ran past their 0\\.6 s deadline after \\d+ attempts;`));
    expect(first.ms).toBeLessThan(2000);
    // The next call of the same command fails at once.
    const second = await timed(api.read());
    expect(second.error.message).toMatch(/ran past their 0\.6 s deadline;/);
    expect(second.ms).toBeLessThan(100);
  });

  test('an endless chain of next pages is refused after 100 pages, not read forever', async () => {
    const server = await serve(listing(client, (page) => page + 1));
    const { error, ms } = await timed(client.at(server.url, { limits: {} }).list());
    expect(error.message).toBe(`${platform} listed more than 100 pages of 100 when asked to list the things; the list is not complete, so nothing is decided from it.`);
    expect(server.hits).toBe(100);
    expect(ms).toBeLessThan(10_000);
  });

  test('a next page pointing back at a page already read is refused', async () => {
    const server = await serve(listing(client, (page) => (page === 3 ? 2 : page + 1)));
    const { error } = await timed(client.at(server.url, { limits: {} }).list());
    expect(error.message).toMatch(
      platform === 'GitHub'
        ? /^GitHub pointed the next page back at one already read \(\/repos\/owner\/repo\/pulls\?per_page=100&page=2\) when asked to list the things; the list is not complete/
        : /^GitLab named page "2" as the one after page 3 when asked to list the things; the list is not complete/,
    );
    expect(server.hits).toBe(3);
  });

  test('a listing that ends normally is read whole', async () => {
    const server = await serve(listing(client, (page) => (page < 3 ? page + 1 : undefined)));
    expect(await client.at(server.url, { limits: {} }).list()).toHaveLength(3);
  });
});

test('GitHub: a next page on another server is refused and the token is never sent there', async () => {
  const elsewhere = await serve(httpServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('[]')));
  const seenTokens: (string | undefined)[] = [];
  const server = await serve(
    httpServer((req, res) => {
      seenTokens.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json', link: `<${elsewhere.url}/repos/owner/repo/pulls?page=2>; rel="next"` }).end('[{"id": 1}]');
    }),
  );
  const { error } = await timed(clients.GitHub.at(server.url).list());
  expect(error.message).toBe(
    `GitHub pointed the next page at ${elsewhere.url}/repos/owner/repo/pulls, outside ${server.url}, which gitops-sync does not send the token to when asked to list the things; the list is not complete, so nothing is decided from it.`,
  );
  expect(elsewhere.hits).toBe(0);
  expect(seenTokens).toEqual([`token ${TOKEN}`]);
});

test('a GITOPS_SYNC_API_TIMEOUT_SECONDS that is not a number is refused in one sentence', async () => {
  const run = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production'], {
    cwd: tmpdir(),
    env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: 'http://127.0.0.1:9', GITOPS_SYNC_API_TIMEOUT_SECONDS: 'soon' },
  });
  expect(run.code).toBe(1);
  expect(run.stderr).toBe('gitops-sync: GITOPS_SYNC_API_TIMEOUT_SECONDS must be a positive number of seconds, not "soon"; unset it to use the default.\n');
});

describe('gate on GitHub', () => {
  const github = useFakeGitHub();
  const alice = ghUser('alice');
  const bob = ghUser('bob');
  const carol = ghUser('carol');
  const repos: PullRequestRepo[] = [];
  afterEach(() => {
    for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
  });

  /** A pull request bob and carol approved, behind 99 comment reviews so the reviews take two pages. */
  function approvedPull(): PullRequestRepo {
    const repo = pullRequestRepo({ 'gitops-sync.yaml': 'approval:\n  environments:\n    production: { production: true }\n', 'terraform/main.tf': 'a\n' }, { 'terraform/main.tf': 'b\n' });
    repos.push(repo);
    const review = (id: number, user: ReturnType<typeof ghUser>, state: GhReview['state']): GhReview => ({ id, user, state, commit_id: repo.headSha, body: '', submitted_at: '2026-11-25T12:00:00Z' });
    const reviews = [review(1, bob, 'APPROVED'), review(2, carol, 'APPROVED'), ...Array.from({ length: 99 }, (_, i) => review(10 + i, ghUser(`reader${i}`), 'COMMENTED'))];
    github.state.pulls.set(9, ghPullRequest(alice, { number: 9, head: repo.headSha, base: repo.baseSha }, { files: repo.files, reviews, commits: [{ sha: repo.headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@example.com', committerName: 'alice', committerEmail: 'a@example.com' }] }));
    github.state.permissions = { alice: 'write', bob: 'write', carol: 'write' };
    return repo;
  }

  const gate = (repo: PullRequestRepo, env: Record<string, string> = {}) =>
    cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production', '--format', 'json'], { cwd: repo.dir, env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, ...env } });

  test('the pull request is allowed when the listing ends (the control for the tests below)', async () => {
    const run = await gate(approvedPull());
    expect(run.code).toBe(0);
  });

  test('against a server that never answers, gate exits 1 with the timeout sentence in seconds', async () => {
    const repo = approvedPull();
    const server = await serve(silentServer());
    const start = Date.now();
    const run = await gate(repo, { GITHUB_API_URL: server.url, GITOPS_SYNC_API_TIMEOUT_SECONDS: '0.5', GITOPS_SYNC_API_DEADLINE_SECONDS: '3' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(lastLine(run.stderr)).toBe(
      `gitops-sync: GitHub could not read pull request owner/repo#9: no answer from ${new URL(server.url).host} (timed out after 0.5 s) after 2 attempts; check GITHUB_API_URL and that the server is reachable from here, then run it again.\n`,
    );
    expect(Date.now() - start).toBeLessThan(4000);
  });

  test('reviews listed page after page without end: gate errs, never allows', async () => {
    const repo = approvedPull();
    // Pages 2 to 150 are empty and each names the next one.
    for (let page = 2; page <= 150; page++) {
      github.faults.push({ method: 'GET', path: new RegExp(`/pulls/9/reviews\\?per_page=100&page=${page}$`), status: 200, times: 1, body: [], headers: { link: `<${github.url}/repos/owner/repo/pulls/9/reviews?per_page=100&page=${page + 1}>; rel="next"` } });
    }
    const run = await gate(repo);
    expect(lastLine(run.stderr)).toBe('gitops-sync: GitHub listed more than 100 pages of 100 when asked to list the reviews of owner/repo#9; the list is not complete, so nothing is decided from it.\n');
    expect(run.code).toBe(1);
  });

  test('a next page of reviews on another server: gate errs and the token stays here', async () => {
    const repo = approvedPull();
    const elsewhere = await serve(httpServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('[]')));
    github.faults.push({ method: 'GET', path: /\/pulls\/9\/reviews\?per_page=100&page=2$/, status: 200, times: 1, body: [], headers: { link: `<${elsewhere.url}/repos/owner/repo/pulls/9/reviews?page=3>; rel="next"` } });
    const run = await gate(repo);
    expect(lastLine(run.stderr)).toMatch(/^gitops-sync: GitHub pointed the next page at http:\/\/127\.0\.0\.1:\d+\/repos\/owner\/repo\/pulls\/9\/reviews, outside http:\/\/127\.0\.0\.1:\d+, which gitops-sync does not send the token to when asked to list the reviews of owner\/repo#9;/);
    expect(run.code).toBe(1);
    expect(elsewhere.hits).toBe(0);
  });
});

describe('gate on GitLab', () => {
  const gitlab = useFakeGitLab();
  const workdir = mkdtempSync(join(tmpdir(), 'gitops-sync-api-bounds-'));
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));
  const BASE = 'b'.repeat(40);
  const HEAD = 'a'.repeat(40);

  function approvedMr(): void {
    gitlab.state.mrs.set(5, glMergeRequest(glUser(10, 'alice'), [modifiedDiff('terraform/main.tf')], { approvedBy: [glUser(11, 'bob'), glUser(12, 'carol')] }, { head: HEAD, base: BASE }));
    gitlab.state.files = { [`${BASE}:gitops-sync.yaml`]: 'approval:\n  environments:\n    production: { production: true }\n' };
    gitlab.state.members = { 10: 30, 11: 30, 12: 40 };
    gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true };
  }

  const gate = (env: Record<string, string> = {}) =>
    cli(['gate', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--env', 'production', '--format', 'json'], { cwd: workdir, env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4`, ...env } });

  test('the merge request is allowed when the listings end (the control for the tests below)', async () => {
    approvedMr();
    expect((await gate()).code).toBe(0);
  });

  test('against a server that never answers, gate exits 1 with the timeout sentence in seconds', async () => {
    approvedMr();
    const server = await serve(silentServer());
    const start = Date.now();
    const run = await gate({ CI_API_V4_URL: `${server.url}/api/v4`, GITOPS_SYNC_API_TIMEOUT_SECONDS: '0.5', GITOPS_SYNC_API_DEADLINE_SECONDS: '3' });
    expect(run.code).toBe(1);
    expect(lastLine(run.stderr)).toMatch(new RegExp(`^gitops-sync: GitLab could not .*: no answer from ${new URL(server.url).host.replace(/\./g, '\\.')} \\(timed out after 0\\.5 s\\) after 2 attempts; check CI_API_V4_URL`));
    expect(Date.now() - start).toBeLessThan(4000);
  });

  test('changes listed page after page without end: gate errs, never allows', async () => {
    approvedMr();
    for (let page = 1; page <= 150; page++) {
      gitlab.faults.push({ method: 'GET', path: new RegExp(`/merge_requests/5/diffs\\?per_page=100&page=${page}$`), status: 200, times: 1, body: [], headers: { 'x-next-page': String(page + 1) } });
    }
    const run = await gate();
    expect(lastLine(run.stderr)).toBe('gitops-sync: GitLab listed more than 100 pages of 100 when asked to list the changes of group/project!5; the list is not complete, so nothing is decided from it.\n');
    expect(run.code).toBe(1);
  });

  test('commits whose next page goes backwards are not read as the whole list: gate errs', async () => {
    approvedMr();
    gitlab.faults.push({ method: 'GET', path: /\/merge_requests\/5\/commits\?per_page=100&page=1$/, status: 200, times: 1, body: [], headers: { 'x-next-page': '1' } });
    const run = await gate();
    expect(lastLine(run.stderr)).toBe('gitops-sync: GitLab named page "1" as the one after page 1 when asked to list the commits of group/project!5; the list is not complete, so nothing is decided from it.\n');
    expect(run.code).toBe(1);
  });
});

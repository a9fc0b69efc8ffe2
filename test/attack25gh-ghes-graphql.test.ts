/**
 * GitHub Enterprise Server: the REST API is at https://host/api/v3 (GITHUB_API_URL) and GraphQL at
 * https://host/api/graphql, not under /api/v3. Who last edited gitops-sync's comment is asked of
 * GraphQL, so on GHES it must be asked there, or no reviewed plan can ever be read. The loopback GHES
 * here serves the fake GitHub under those two paths and answers 404 elsewhere, as GHES does.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { reviewedFingerprint } from '@gitops-sync/engine';
import { GitHubReview } from '@gitops-sync/platforms';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { httpServer, type HostileServer } from './support/hostile-servers.js';

const github = useFakeGitHub();
let ghes: HostileServer;

beforeAll(async () => {
  ghes = await httpServer((req, res) => {
    const path = req.url ?? '/';
    const target = path === '/api/graphql' ? '/graphql' : path.startsWith('/api/v3/') && !path.startsWith('/api/v3/graphql') ? path.slice('/api/v3'.length) : undefined;
    if (!target) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found', documentation_url: 'https://docs.github.com/enterprise-server@3.14/rest' }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host'));
      fetch(`${github.url}${target}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
        .then(async (answer) => res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer())))
        .catch(() => res.writeHead(502).end());
    });
  });
});
afterAll(() => ghes.close());

test("on GHES the reviewed plan is read from gitops-sync's comment, its editor asked of /api/graphql", async () => {
  github.state.pulls.set(12, ghPullRequest(ghUser('alice'), { number: 12, head: 'a'.repeat(40), base: 'b'.repeat(40) }));
  const fingerprint = `sha256:${'c'.repeat(64)}`;
  const body = `<!-- gitops-sync:drift-comment environment=prod -->\n<!-- gitops-sync:plan-fingerprint ${fingerprint} -->\n## Drift detected in prod`;
  github.state.comments = [{ id: 3, issue_number: 12, user: ghUser('github-actions[bot]', 41898282), body, created_at: '2026-11-25T10:00:00Z', updated_at: '2026-11-25T10:00:00Z' }];
  const review = new GitHubReview({ token: github.state.token, repository: 'owner/repo', number: 12, baseUrl: `${ghes.url}/api/v3` });

  expect(await reviewedFingerprint(review, 'prod')).toBe(fingerprint);
  expect(github.requests.filter((request) => request.path === '/graphql')).toHaveLength(1);
});

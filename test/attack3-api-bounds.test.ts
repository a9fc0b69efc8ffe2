/**
 * Attacks on the API bounds: timeouts given in odd ways, a body that trickles in, retry-after far away.
 */
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { GitHubApi } from '@gitops-sync/platforms/github/api';
import { GitLabApi } from '@gitops-sync/platforms/gitlab/api';
import { cli } from './support/cli.js';
import { httpServer, type HostileServer } from './support/hostile-servers.js';

const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
const CALL = { what: 'read the thing', permission: 'Things: read' };
const TOKEN = 'tok-en-secret-1234';

describe('attack: GITOPS_SYNC_API_TIMEOUT_SECONDS / _DEADLINE_SECONDS out of what a timer can hold', () => {
  test.each([
    ['a fraction of a millisecond', { GITOPS_SYNC_API_TIMEOUT_SECONDS: '0.0005' }],
    ['a deadline with a fraction of a millisecond', { GITOPS_SYNC_API_TIMEOUT_SECONDS: '1', GITOPS_SYNC_API_DEADLINE_SECONDS: '0.0105' }],
    ['more than 2^31 ms', { GITOPS_SYNC_API_TIMEOUT_SECONDS: '5000000', GITOPS_SYNC_API_DEADLINE_SECONDS: '10000000' }],
  ])('%s: the command ends with one sentence, never a RangeError or an instant "timed out"', async (_name, env) => {
    const run = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production'], {
      cwd: tmpdir(),
      env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: 'http://127.0.0.1:9', ...env },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/RangeError|out of range|\n\s+at |timed out/);
    expect(run.stderr.trim().split('\n').pop()).toMatch(/^gitops-sync: /);
  });
});

describe.each(['GitHub', 'GitLab'] as const)('attack: %s API that trickles its body', (platform) => {
  test('one byte every 50 ms: the request timeout covers the whole body, not the gap between bytes', async () => {
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': '100000' });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 50);
      res.on('close', () => clearInterval(timer));
    });
    servers.push(server);
    const options = { token: TOKEN, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 }, limits: { requestTimeoutMs: 300 } };
    const read =
      platform === 'GitHub'
        ? () => new GitHubApi({ ...options, repository: 'owner/repo', baseUrl: server.url }).call(CALL, z.unknown(), 'GET /repos/{owner}/{repo}')
        : () => new GitLabApi({ ...options, project: 'group/project', baseUrl: `${server.url}/api/v4` }).json(CALL, z.unknown(), 'GET', '/projects/1');
    const start = Date.now();
    await expect(read()).rejects.toThrow(/timed out after 0\.3 s/);
    expect(Date.now() - start).toBeLessThan(2000);
  });

  test('retry-after: 99999 is not waited for: the call gives up at once with the status', async () => {
    const server = await httpServer((_req, res) => res.writeHead(503, { 'retry-after': '99999', 'content-type': 'application/json' }).end('{"message":"later"}'));
    servers.push(server);
    const options = { token: TOKEN, retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 1000 }, limits: { requestTimeoutMs: 1000 } };
    const read =
      platform === 'GitHub'
        ? () => new GitHubApi({ ...options, repository: 'owner/repo', baseUrl: server.url }).call(CALL, z.unknown(), 'GET /repos/{owner}/{repo}')
        : () => new GitLabApi({ ...options, project: 'group/project', baseUrl: `${server.url}/api/v4` }).json(CALL, z.unknown(), 'GET', '/projects/1');
    const start = Date.now();
    await expect(read()).rejects.toThrow(/HTTP 503/);
    expect(Date.now() - start).toBeLessThan(2000);
    expect(server.hits).toBe(1);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { httpServer, type HostileServer } from './support/hostile-servers.js';
import { tempDir } from './support/temp-dir.js';

/*
 * Adversarial review of the Terraform Cloud source against a compromised or hostile API host.
 */

const TOKEN = 'tfc-team-token-7f3a9c2e1b.atlasv1.q8Zr2mW5';
const WORKSPACE = { data: { id: 'ws-SihZTyXKfNXUWuUa', type: 'workspaces', attributes: { name: 'networking-prod', 'assessments-enabled': true } } };
const PLAN = JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', planned_values: { root_module: {} }, resource_changes: [] });

const servers: HostileServer[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer);
  for (const server of servers.splice(0)) await server.close();
});

async function run(api: HostileServer, env: Record<string, string> = {}) {
  const dir = tempDir('gitops-attack13-tfc-');
  writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    terraform_cloud: { organization: acme, workspace: networking-prod, hostname: "${api.url}" }\n`);
  return cli(['drift', 'production'], { cwd: dir, env: { TFE_TOKEN: TOKEN, TFE_HOSTNAME: new URL(api.url).host, GITOPS_SYNC_API_TIMEOUT_SECONDS: '1', ...env } });
}

describe('attack: a Terraform Cloud host that trickles its answer', () => {
  test('a body that keeps arriving a byte at a time, never ending, is cut off at the API deadline', async () => {
    const api = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.api+json' });
      // Inside the silence timeout every time, so only a deadline for the whole request can stop it.
      timers.push(setInterval(() => res.write(' '), 200));
    });
    servers.push(api);
    const started = Date.now();
    const result = await run(api, { GITOPS_SYNC_API_DEADLINE_SECONDS: '3' });
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^gitops-sync: .*3 s deadline.*GITOPS_SYNC_API_DEADLINE_SECONDS.*\.$/);
    expect(result.stderr).not.toContain(TOKEN);
  }, 30_000);
});

describe('attack: what a hostile host says reaches the terminal', () => {
  test('escape sequences in a JSON:API error title are not printed', async () => {
    const api = await httpServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/vnd.api+json' });
      res.end(JSON.stringify({ errors: [{ status: '404', title: 'not found\u001b[2J\u001b]0;pwned\u0007', detail: 'gone\u001b[31m' }] }));
    });
    servers.push(api);
    const result = await run(api);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not found/);
    // eslint-disable-next-line no-control-regex
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });

  test('escape sequences in a failed assessment\'s error-msg are not printed', async () => {
    const api = await httpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.api+json' });
      if (req.url?.endsWith('/workspaces/networking-prod')) return res.end(JSON.stringify(WORKSPACE));
      res.end(JSON.stringify({ data: { id: 'asmtres-1', attributes: { drifted: false, succeeded: false, 'error-msg': 'Error:\u001b[2J credentials\u001b]8;;https://evil.example/\u0007' }, links: { 'json-output': '/x' } } }));
    });
    servers.push(api);
    const result = await run(api);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/credentials/);
    // eslint-disable-next-line no-control-regex
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });
});

describe('held: the token stays on the API host', () => {
  test('a json-output link that is an absolute URL on another host gets no token', async () => {
    const seen: (string | undefined)[] = [];
    const elsewhere = await httpServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(PLAN);
    });
    servers.push(elsewhere);
    const api = await httpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.api+json' });
      if (req.url?.endsWith('/workspaces/networking-prod')) return res.end(JSON.stringify(WORKSPACE));
      res.end(JSON.stringify({ data: { id: 'asmtres-1', attributes: { drifted: false, succeeded: true }, links: { 'json-output': `${elsewhere.url}/steal` } } }));
    });
    servers.push(api);
    const result = await run(api);
    expect(seen).toEqual([undefined]);
    expect(result.stderr).not.toContain(TOKEN);
  });
});

describe('attack: a json-output link that is plain http, or no URL, from the start', () => {
  test.each([['http://archivist.example.com/plan.json'], ['http://[']])('%s is refused in one sentence before any request to it', async (link) => {
    const api = await httpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.api+json' });
      if (req.url?.endsWith('/workspaces/networking-prod')) return res.end(JSON.stringify(WORKSPACE));
      res.end(JSON.stringify({ data: { id: 'asmtres-1', attributes: { drifted: false, succeeded: true }, links: { 'json-output': link } } }));
    });
    servers.push(api);
    const result = await run(api);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^gitops-sync: .*json-output link that is not (https|a URL).*\.$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

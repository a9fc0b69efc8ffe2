import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, globalAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { fakeTfc, type FakeTfc, type FakeTfcState } from './support/fake-tfc.js';
import { tempDir } from './support/temp-dir.js';

/* A compromised archivist (or anything between) answering the json-output request with hostile headers. */

let tfc: FakeTfc | undefined;
afterEach(async () => {
  await tfc?.close();
  tfc = undefined;
});

async function scene(state: Partial<FakeTfcState>) {
  tfc = await fakeTfc({ plan: '{}', ...state });
  const dir = tempDir('gitops-sync-attack15-tfc-');
  writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    terraform_cloud: { organization: acme, workspace: networking-prod, hostname: "${tfc.url}" }\n`);
  const token = tfc.state.token;
  const run = () => cli(['drift', 'production'], { cwd: dir, env: { TFE_TOKEN: token, TFE_HOSTNAME: new URL(tfc!.url).host, GITOPS_SYNC_API_TIMEOUT_SECONDS: '10' } });
  return { dir, token, run };
}

function expectOneSentence(result: { code: number; stdout: string; stderr: string }, token: string, dir: string, pattern: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines.at(-1)).toMatch(/^gitops-sync: .*\.$/);
  expect(lines.at(-1)).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toContain(token);
  expect(readdirSync(dir).filter((name) => name !== '.gitops-sync')).toEqual(['gitops-sync.yaml']);
}

describe('attack15: hostile json-output answers from the archivist', () => {
  // A plain-object lookup of the Content-Encoding finds Object.prototype's members: "constructor" is a function.
  test.each(['constructor', '__proto__', 'hasOwnProperty', 'toString'])('a Content-Encoding named like an Object member (%s) is an encoding not asked for', async (encoding) => {
    const { dir, token, run } = await scene({
      serveArchive: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
        res.end('{}');
      },
    });
    expectOneSentence(await run(), token, dir, /came in an encoding gitops-sync did not ask for/);
  });

  test('a redirect without a Location is one sentence, not followed', async () => {
    const { dir, token, run } = await scene({
      serveArchive: (_req, res) => void res.writeHead(302).end(),
    });
    expectOneSentence(await run(), token, dir, /redirected the plan of health assessment .* to a location that is not https \(HTTP 302\)/);
  });

  test('a redirect loop on the archivist ends after a few hops, and the token never reaches the archivist', async () => {
    const { dir, token, run } = await scene({
      serveArchive: (req, res) => void res.writeHead(307, { location: req.url }).end(),
    });
    expectOneSentence(await run(), token, dir, /redirected the plan of health assessment .* more than 3 times/);
    expect(tfc!.requests.filter((request) => request.host === 'archivist').map((request) => request.authorization)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('attack15: slow and lying archivists', () => {
  test('a byte every few hundred milliseconds (never silent long enough for the timeout) is stopped at the deadline', async () => {
    const { dir, token } = await scene({
      serveArchive: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 200);
        res.on('close', () => clearInterval(timer));
      },
    });
    const started = Date.now();
    const result = await cli(['drift', 'production'], {
      cwd: dir,
      env: { TFE_TOKEN: token, TFE_HOSTNAME: new URL(tfc!.url).host, GITOPS_SYNC_API_TIMEOUT_SECONDS: '5', GITOPS_SYNC_API_DEADLINE_SECONDS: '2' },
    });
    expectOneSentence(result, token, dir, /had not finished sending the plan of health assessment .* at the 2 s deadline/);
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 20_000);

  test('a Content-Length shorter than the body sent: the plan read is cut, one sentence', async () => {
    const plan = JSON.stringify({ format_version: '1.2', resource_changes: [], planned_values: {} });
    const { dir, token, run } = await scene({
      serveArchive: (req, _res) => {
        req.socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10\r\n\r\n${plan}`);
        req.socket.end();
      },
    });
    expectOneSentence(await run(), token, dir, /plan of health assessment/);
  });

  test('a chunked body with garbage for a chunk size is one sentence', async () => {
    const { dir, token, run } = await scene({
      serveArchive: (req, _res) => {
        req.socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{"\r\nzz-not-hex\r\nabc\r\n');
        setTimeout(() => req.socket.end(), 50);
      },
    });
    expectOneSentence(await run(), token, dir, /could not be read from 127\.0\.0\.1:\d+/);
  });
});

describe('attack15: an https API does not hand the plan download to plain http', () => {
  test('a json-output redirect from an https API to plain http on a loopback host is refused (loopback http is for an http test API only)', async () => {
    // The fake API behind a TLS front: its json-output 307 names the archivist at http://127.0.0.1:<port>.
    tfc = await fakeTfc({ plan: '{}' });
    const certs = tempDir('gitops-sync-attack15-tls-');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(certs, 'key.pem'), '-out', join(certs, 'cert.pem')], { stdio: 'ignore' });
    const cert = readFileSync(join(certs, 'cert.pem'));
    const plainApi = tfc.url;
    const front = createHttpsServer({ key: readFileSync(join(certs, 'key.pem')), cert }, (req, res) => {
      const upstream = httpRequest(`${plainApi}${req.url}`, { headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.end();
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const savedCa = globalAgent.options.ca;
    globalAgent.options.ca = cert;
    try {
      const host = `127.0.0.1:${(front.address() as AddressInfo).port}`;
      const dir = tempDir('gitops-sync-attack15-tfc-');
      writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    terraform_cloud: { organization: acme, workspace: networking-prod, hostname: "https://${host}" }\n`);
      const token = tfc.state.token;
      const result = await cli(['drift', 'production'], { cwd: dir, env: { TFE_TOKEN: token, TFE_HOSTNAME: host, GITOPS_SYNC_API_TIMEOUT_SECONDS: '10' } });
      expectOneSentence(result, token, dir, /redirected the plan of health assessment .* to a location that is not https \(HTTP 307\)/);
      expect(tfc.requests.filter((request) => request.host === 'archivist')).toEqual([]);
    } finally {
      globalAgent.options.ca = savedCa;
      globalAgent.destroy();
      await new Promise((resolve) => front.close(resolve));
    }
  }, 30_000);
});

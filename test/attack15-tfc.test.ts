import { readdirSync, writeFileSync } from 'node:fs';
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

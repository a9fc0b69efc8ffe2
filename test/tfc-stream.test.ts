import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { fakeTfc, type FakeTfc, type FakeTfcState } from './support/fake-tfc.js';
import { tempDir } from './support/temp-dir.js';

/*
 * The assessment's plan JSON is read as it arrives from the archivist (issue 13's terraform-cloud
 * bench): every bound and failure holds while streaming, and the report is the one `analyze` makes
 * of the same plan saved to a file.
 */

const MB = 1024 * 1024;

/** A refresh-only plan with `count` drifted security groups (about 400 bytes each). */
function driftPlan(count: number): string {
  const resource = (index: number) => ({
    address: `aws_security_group.sg_${index}`,
    mode: 'managed',
    type: 'aws_security_group',
    name: `sg_${index}`,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {
      actions: ['update'],
      before: { name: `sg-${index}`, ingress: [{ from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/8'] }], tags: { team: 'net' } },
      after: { name: `sg-${index}`, ingress: [{ from_port: 22, to_port: 22, cidr_blocks: ['0.0.0.0/0'] }], tags: { team: index % 2 ? 'net' : 'ops' } },
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: {},
    },
  });
  return JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', planned_values: { root_module: {} }, resource_drift: Array.from({ length: count }, (_, index) => resource(index)), resource_changes: [] });
}

let tfc: FakeTfc | undefined;
afterEach(async () => {
  await tfc?.close();
  tfc = undefined;
});

async function scene(state: Partial<FakeTfcState> & { plan: string }) {
  tfc = await fakeTfc(state);
  const dir = tempDir('gitops-sync-tfc-stream-');
  writeFileSync(join(dir, 'gitops-sync.yaml'), `environments:\n  production:\n    terraform_cloud: { organization: acme, workspace: networking-prod, hostname: "${tfc.url}" }\n`);
  const token = tfc.state.token;
  const run = (args: string[] = [], env: Record<string, string> = {}) =>
    cli(['drift', 'production', ...args], { cwd: dir, env: { TFE_TOKEN: token, TFE_HOSTNAME: new URL(tfc!.url).host, GITOPS_SYNC_API_TIMEOUT_SECONDS: '20', ...env } });
  return { dir, token, run };
}

/** One sentence on stderr, exit 1, the token nowhere, no report written. */
function expectOneSentence(result: { code: number; stdout: string; stderr: string }, token: string, dir: string, pattern: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines.at(-1)).toMatch(/^gitops-sync: .*\.$/);
  expect(lines.at(-1)).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toContain(token);
  // .gitops-sync holds the audit trail, which records the failed check.
  expect(readdirSync(dir).filter((name) => name !== '.gitops-sync')).toEqual(['gitops-sync.yaml']);
}

/** Writes `body` in `size`-byte pieces (chunked transfer, no Content-Length), each after the last has drained. */
function trickle(res: ServerResponse, body: Buffer, size: number, then: () => void = () => res.end()) {
  let at = 0;
  const more = () => {
    while (at < body.length) {
      const piece = body.subarray(at, at + size);
      at += piece.length;
      if (!res.write(piece)) return void res.once('drain', more);
    }
    then();
  };
  more();
}

const withoutSource = (report: { changes: { source?: string }[] }) => report.changes.map(({ source: _source, ...change }) => change);

describe('the assessment plan is analysed as it streams in', () => {
  test('a plan sent in small pieces without a Content-Length gives the changes `analyze` gives for the same file', async () => {
    const plan = driftPlan(3000);
    expect(plan.length).toBeGreaterThan(MB);
    const { dir, run } = await scene({
      plan,
      serveArchive: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        trickle(res, Buffer.from(plan), 1000);
      },
    });
    const fetched = await run(['--format', 'json', '--output', 'fetched.json']);
    expect(fetched.stderr).not.toMatch(/gitops-sync: .*(error|could not)/);
    expect(fetched.code).toBe(2);
    writeFileSync(join(dir, 'plan.json'), plan);
    const local = await cli(['analyze', '--source', 'terraform-plan', '--input', 'plan.json', '--format', 'json', '--output', 'local.json'], { cwd: dir });
    expect(local.code).toBe(2);
    const fromTfc = JSON.parse(readFileSync(join(dir, 'fetched.json'), 'utf8'));
    const fromFile = JSON.parse(readFileSync(join(dir, 'local.json'), 'utf8'));
    expect(fromTfc.sources).toEqual(['terraform-cloud']);
    expect(fromTfc.total_changes).toBe(3000);
    expect(withoutSource(fromTfc)).toEqual(withoutSource(fromFile));
    // The audit's drift event names the report written (hashed as it is rendered, in many pieces here).
    const events = readFileSync(join(dir, '.gitops-sync/audit/events.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
    const written = createHash('sha256').update(readFileSync(join(dir, 'fetched.json'))).digest('hex');
    expect(events.map((event) => event.details)).toEqual([expect.objectContaining({ type: 'drift', outcome: 'drift', report_fingerprint: written })]);
  }, 60_000);

  test('a gzip-encoded json-output (the client asks for it) is decoded', async () => {
    const plan = driftPlan(50);
    const { run } = await scene({
      plan,
      serveArchive: (req, res) => {
        if (!/\bgzip\b/.test(String(req.headers['accept-encoding']))) return void res.writeHead(406).end();
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(plan));
      },
    });
    const result = await run(['--format', 'json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).total_changes).toBe(50);
  });
});

describe('bad streams: one sentence, exit 1, nothing half-written', () => {
  test('a chunked json-output whose connection drops mid-stream', async () => {
    const plan = Buffer.from(driftPlan(3000));
    const { dir, token, run } = await scene({
      plan: plan.toString(),
      serveArchive: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        trickle(res, plan.subarray(0, Math.floor(plan.length * 0.7)), 16 * 1024, () => setTimeout(() => res.destroy(), 20));
      },
    });
    expectOneSentence(await run(['--output', 'report.json']), token, dir, /the plan of health assessment .* could not be read from 127\.0\.0\.1:\d+ \(.*\); check the hostname/);
  });

  test('a Content-Length over the input bound is refused before the body is read', async () => {
    const { dir, token, run } = await scene({
      plan: '{}',
      // Headers only: a client that waited for the body would hit the 20 s silence timeout instead.
      serveArchive: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(5 * MB) });
        res.flushHeaders();
      },
    });
    const started = Date.now();
    expectOneSentence(await run([], { GITOPS_SYNC_MAX_INPUT_MB: '1' }), token, dir, /the plan of health assessment .* from 127\.0\.0\.1:\d+ is over the 1 MB limit; raise GITOPS_SYNC_MAX_INPUT_MB/);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  test('a body without a Content-Length that never ends is refused once past the bound, and the connection is dropped', async () => {
    let sent = 0;
    let dropped = false;
    const { dir, token, run } = await scene({
      plan: '{}',
      serveArchive: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.on('close', () => (dropped = true));
        const piece = Buffer.alloc(64 * 1024, ' ');
        const more = () => {
          while (!dropped && sent < 64 * MB) {
            sent += piece.length;
            if (!res.write(piece)) return void res.once('drain', more);
          }
        };
        more();
      },
    });
    expectOneSentence(await run([], { GITOPS_SYNC_MAX_INPUT_MB: '1' }), token, dir, /is over the 1 MB limit; raise GITOPS_SYNC_MAX_INPUT_MB/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(dropped).toBe(true);
    expect(sent).toBeLessThan(16 * MB);
  }, 30_000);

  test('a gzip body that inflates past the bound is refused (the bound counts decoded bytes)', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * MB, ' '));
    expect(bomb.length).toBeLessThan(MB / 8);
    const { dir, token, run } = await scene({
      plan: '{}',
      serveArchive: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
        res.end(bomb);
      },
    });
    expectOneSentence(await run([], { GITOPS_SYNC_MAX_INPUT_MB: '1' }), token, dir, /is over the 1 MB limit; raise GITOPS_SYNC_MAX_INPUT_MB/);
  });

  test('a corrupt gzip body is one sentence', async () => {
    const { dir, token, run } = await scene({
      plan: '{}',
      serveArchive: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(Buffer.from('this is not gzip at all'));
      },
    });
    expectOneSentence(await run(), token, dir, /the plan of health assessment .* could not be read from 127\.0\.0\.1:\d+ \(.*\); check the hostname/);
  });

  test('a content encoding gitops-sync did not ask for is refused, not parsed as JSON', async () => {
    const { dir, token, run } = await scene({
      plan: '{}',
      serveArchive: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'zstd' });
        res.end(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0]));
      },
    });
    expectOneSentence(await run(), token, dir, /the plan of health assessment .* from 127\.0\.0\.1:\d+ came in an encoding gitops-sync did not ask for \(zstd\)/);
  });
});

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as tc from '@actions/tool-cache';
import { UserError } from '@gitops-sync/core/errors';
import { installTerraform } from '../packages/platforms/src/github/terraform-install.js';

// tool-cache 4 reads RUNNER_TOOL_CACHE / RUNNER_TEMP on every call (not at import), so per-test dirs work.
const VERSION = '1.11.4';
const ZIP_NAME = `terraform_${VERSION}_linux_amd64.zip`;
const SUMS_NAME = `terraform_${VERSION}_SHA256SUMS`;
const target = { platform: 'linux' as const, arch: 'x64' };

let root: string;
let zip: Buffer;
let zipDigest: string;
let server: Server;
let baseUrl: string;
let routes: Map<string, string | Buffer>;
let requests: string[];
let stdoutSpy: ReturnType<typeof jest.spyOn>;
const ENV_KEYS = ['PATH', 'RUNNER_TOOL_CACHE', 'RUNNER_TEMP', 'GITHUB_PATH'] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tf-install-'));
  const src = join(root, 'src');
  mkdirSync(src);
  writeFileSync(join(src, 'terraform'), `#!/bin/sh\necho "Terraform v${VERSION}"\n`, { mode: 0o755 });
  execFileSync('/usr/bin/zip', ['-q', join(root, ZIP_NAME), 'terraform'], { cwd: src });
  zip = readFileSync(join(root, ZIP_NAME));
  zipDigest = createHash('sha256').update(zip).digest('hex');

  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = routes.get(req.url ?? '');
    res.writeHead(body === undefined ? 404 : 200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/terraform`;
  // Never wait 10-20 s between download retries (5xx / network errors) should one happen.
  Object.assign(globalThis, { TEST_DOWNLOAD_TOOL_RETRY_MIN_SECONDS: 0, TEST_DOWNLOAD_TOOL_RETRY_MAX_SECONDS: 0 });
  // @actions/core writes ::debug:: / ::add-path:: workflow commands straight to stdout.
  stdoutSpy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterAll(async () => {
  stdoutSpy.mockRestore();
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  const run = mkdtempSync(join(root, 'run-'));
  process.env.RUNNER_TOOL_CACHE = join(run, 'cache');
  process.env.RUNNER_TEMP = join(run, 'temp');
  mkdirSync(process.env.RUNNER_TEMP);
  delete process.env.GITHUB_PATH;
  requests = [];
  routes = new Map([[`/terraform/${VERSION}/${ZIP_NAME}`, zip]]);
});

afterEach(() => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

function serveSums(text: string): void {
  routes.set(`/terraform/${VERSION}/${SUMS_NAME}`, text);
}

describe('installTerraform', () => {
  it('downloads, verifies, caches and adds terraform to PATH, then reuses the cache', async () => {
    serveSums(`${'0'.repeat(64)}  terraform_${VERSION}_darwin_arm64.zip\n${zipDigest}  ${ZIP_NAME}\n`);

    const dir = await installTerraform({ version: VERSION, baseUrl, ...target });

    expect(dir).toBe(tc.find('terraform', VERSION, 'x64'));
    const binary = join(dir, 'terraform');
    accessSync(binary, constants.X_OK);
    expect(execFileSync(binary, ['version'], { encoding: 'utf8' })).toContain(`Terraform v${VERSION}`);
    expect(process.env.PATH?.split(delimiter)).toContain(dir);
    expect(requests).toEqual([`/terraform/${VERSION}/${SUMS_NAME}`, `/terraform/${VERSION}/${ZIP_NAME}`]);
    expect(readdirSync(process.env.RUNNER_TEMP!)).toEqual([]);

    await expect(installTerraform({ version: VERSION, baseUrl, ...target })).resolves.toBe(dir);
    expect(requests).toHaveLength(2);
  });

  it('rejects a checksum mismatch and caches nothing', async () => {
    const wrong = 'f'.repeat(64);
    serveSums(`${wrong}  ${ZIP_NAME}\n`);

    const result = installTerraform({ version: VERSION, baseUrl, ...target });

    await expect(result).rejects.toThrow(UserError);
    await expect(result).rejects.toThrow(new RegExp(`checksum.*${wrong}.*${zipDigest}`));
    expect(tc.find('terraform', VERSION, 'x64')).toBe('');
    expect(readdirSync(process.env.RUNNER_TEMP!)).toEqual([]);
  });

  it('rejects a SHA256SUMS without a line for the platform archive, before downloading it', async () => {
    serveSums(`${zipDigest}  ${ZIP_NAME}\n`);

    const result = installTerraform({ version: VERSION, baseUrl, platform: 'darwin', arch: 'arm64' });

    await expect(result).rejects.toThrow(UserError);
    await expect(result).rejects.toThrow(`no SHA-256 checksum line for terraform_${VERSION}_darwin_arm64.zip`);
    expect(requests).toEqual([`/terraform/${VERSION}/${SUMS_NAME}`]);
  });

  it('turns an HTTP 404 into a UserError naming the URL', async () => {
    const result = installTerraform({ version: '9.9.9', baseUrl, ...target });

    await expect(result).rejects.toThrow(UserError);
    await expect(result).rejects.toThrow(
      `Could not download Terraform 9.9.9 from ${baseUrl}/9.9.9/terraform_9.9.9_SHA256SUMS: HTTP 404; check terraform-version.`,
    );
  });

  it.each(['../1.0', '1.0', 'v1.11.4', 'latest', '1.11.4/../x', ''])('rejects version %j without any request', async (version) => {
    await expect(installTerraform({ version, baseUrl, ...target })).rejects.toThrow(UserError);
    expect(requests).toEqual([]);
  });

  it('rejects an architecture HashiCorp does not publish', async () => {
    await expect(installTerraform({ version: VERSION, baseUrl, platform: 'linux', arch: 'mips' })).rejects.toThrow(
      'Terraform cannot be installed on architecture mips',
    );
  });
});

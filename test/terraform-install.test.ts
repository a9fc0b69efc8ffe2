import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import * as tc from '@actions/tool-cache';
import { UserError } from '@gitops-sync/core/errors';
import { useReleaseServer } from './support/release-server.js';
import { installTerraform } from '../packages/platforms/src/github/terraform-install.js';

const VERSION = '1.11.4';
const ZIP_NAME = `terraform_${VERSION}_linux_amd64.zip`;
const SUMS_NAME = `terraform_${VERSION}_SHA256SUMS`;
const target = { platform: 'linux' as const, arch: 'x64' };
const release = useReleaseServer('terraform');

let zip: Buffer;
let zipDigest: string;

beforeAll(() => {
  const src = join(release.root, 'src');
  mkdirSync(src);
  writeFileSync(join(src, 'terraform'), `#!/bin/sh\necho "Terraform v${VERSION}"\n`, { mode: 0o755 });
  execFileSync('/usr/bin/zip', ['-q', join(release.root, ZIP_NAME), 'terraform'], { cwd: src });
  zip = readFileSync(join(release.root, ZIP_NAME));
  zipDigest = createHash('sha256').update(zip).digest('hex');
});

beforeEach(() => {
  release.routes.set(`/terraform/${VERSION}/${ZIP_NAME}`, zip);
});

function serveSums(text: string): void {
  release.routes.set(`/terraform/${VERSION}/${SUMS_NAME}`, text);
}

describe('installTerraform', () => {
  it('downloads, verifies, caches and adds terraform to PATH, then reuses the cache', async () => {
    serveSums(`${'0'.repeat(64)}  terraform_${VERSION}_darwin_arm64.zip\n${zipDigest}  ${ZIP_NAME}\n`);

    const dir = await installTerraform({ version: VERSION, baseUrl: release.baseUrl, ...target });

    expect(dir).toBe(tc.find('terraform', VERSION, 'x64'));
    const binary = join(dir, 'terraform');
    accessSync(binary, constants.X_OK);
    expect(execFileSync(binary, ['version'], { encoding: 'utf8' })).toContain(`Terraform v${VERSION}`);
    expect(process.env.PATH?.split(delimiter)).toContain(dir);
    expect(release.requests).toEqual([`/terraform/${VERSION}/${SUMS_NAME}`, `/terraform/${VERSION}/${ZIP_NAME}`]);
    expect(readdirSync(process.env.RUNNER_TEMP!)).toEqual([]);

    await expect(installTerraform({ version: VERSION, baseUrl: release.baseUrl, ...target })).resolves.toBe(dir);
    expect(release.requests).toHaveLength(2);
  });

  it('rejects a checksum mismatch and caches nothing', async () => {
    const wrong = 'f'.repeat(64);
    serveSums(`${wrong}  ${ZIP_NAME}\n`);

    const result = installTerraform({ version: VERSION, baseUrl: release.baseUrl, ...target });

    await expect(result).rejects.toThrow(UserError);
    await expect(result).rejects.toThrow(new RegExp(`checksum.*${wrong}.*${zipDigest}`));
    expect(tc.find('terraform', VERSION, 'x64')).toBe('');
    expect(readdirSync(process.env.RUNNER_TEMP!)).toEqual([]);
  });

  it('rejects a SHA256SUMS without a line for the platform archive, before downloading it', async () => {
    serveSums(`${zipDigest}  ${ZIP_NAME}\n`);

    const result = installTerraform({ version: VERSION, baseUrl: release.baseUrl, platform: 'darwin', arch: 'arm64' });

    await expect(result).rejects.toThrow(UserError);
    await expect(result).rejects.toThrow(`no SHA-256 checksum line for terraform_${VERSION}_darwin_arm64.zip`);
    expect(release.requests).toEqual([`/terraform/${VERSION}/${SUMS_NAME}`]);
  });

  it('turns an HTTP 404 into a UserError naming the URL', async () => {
    const result = installTerraform({ version: '9.9.9', baseUrl: release.baseUrl, ...target });

    await expect(result).rejects.toThrow(UserError);
    await expect(result).rejects.toThrow(
      `Could not download Terraform 9.9.9 from ${release.baseUrl}/9.9.9/terraform_9.9.9_SHA256SUMS: HTTP 404; check terraform-version.`,
    );
  });

  it.each(['../1.0', '1.0', 'v1.11.4', 'latest', '1.11.4/../x', ''])('rejects version %j without any request', async (version) => {
    await expect(installTerraform({ version, baseUrl: release.baseUrl, ...target })).rejects.toThrow(UserError);
    expect(release.requests).toEqual([]);
  });

  it('rejects an architecture HashiCorp does not publish', async () => {
    await expect(installTerraform({ version: VERSION, baseUrl: release.baseUrl, platform: 'linux', arch: 'mips' })).rejects.toThrow(
      'Terraform cannot be installed on architecture mips',
    );
  });
});

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import * as tc from '@actions/tool-cache';
import { UserError } from '@gitops-sync/core/errors';
import { useReleaseServer } from './support/release-server.js';
import { installHelm } from '../packages/platforms/src/github/helm-install.js';

const VERSION = '3.16.2';
const TAR_NAME = `helm-v${VERSION}-linux-amd64.tar.gz`;
const ARM_TAR_NAME = `helm-v${VERSION}-linux-arm64.tar.gz`;
const target = { platform: 'linux' as const, arch: 'x64' };
const release = useReleaseServer('helm');

let tarball: Buffer;
let digest: string;

/** A .tar.gz laid out like Helm's: `<dir>/helm` plus LICENSE. */
function makeTarball(name: string, dir: string): Buffer {
  const src = mkdtempSync(join(release.root, 'src-'));
  mkdirSync(join(src, dir));
  writeFileSync(join(src, dir, 'helm'), `#!/bin/sh\necho "v${VERSION}"\n`, { mode: 0o755 });
  writeFileSync(join(src, dir, 'LICENSE'), 'Apache-2.0\n');
  execFileSync('tar', ['-czf', join(release.root, name), dir], { cwd: src });
  return readFileSync(join(release.root, name));
}

beforeAll(() => {
  tarball = makeTarball(TAR_NAME, 'linux-amd64');
  digest = createHash('sha256').update(tarball).digest('hex');
});

beforeEach(() => {
  release.routes.set(`/helm/${TAR_NAME}`, tarball);
});

function serveSum(text: string, archive = TAR_NAME): void {
  release.routes.set(`/helm/${archive}.sha256sum`, text);
}

describe('installHelm', () => {
  it('downloads, verifies, caches and adds helm to PATH, then reuses the cache', async () => {
    serveSum(`${digest}  ${TAR_NAME}\n`);

    const dir = await installHelm({ version: VERSION, baseUrl: `${release.baseUrl}/`, ...target });

    expect(dir).toBe(tc.find('helm', VERSION, 'x64'));
    const binary = join(dir, 'helm');
    accessSync(binary, constants.X_OK);
    expect(execFileSync(binary, ['version'], { encoding: 'utf8' }).trim()).toBe(`v${VERSION}`);
    expect(process.env.PATH?.split(delimiter)).toContain(dir);
    expect(release.requests).toEqual([`/helm/${TAR_NAME}.sha256sum`, `/helm/${TAR_NAME}`]);
    expect(readdirSync(process.env.RUNNER_TEMP!)).toEqual([]);

    await expect(installHelm({ version: VERSION, baseUrl: `${release.baseUrl}/`, ...target })).resolves.toBe(dir);
    expect(release.requests).toHaveLength(2);
  });

  it('accepts a checksum file holding only the hash', async () => {
    serveSum(`${digest.toUpperCase()}\n`);

    const dir = await installHelm({ version: VERSION, baseUrl: `${release.baseUrl}/`, ...target });

    expect(execFileSync(join(dir, 'helm'), { encoding: 'utf8' }).trim()).toBe(`v${VERSION}`);
  });

  it('rejects a checksum mismatch and caches nothing', async () => {
    const wrong = 'f'.repeat(64);
    serveSum(`${wrong}  ${TAR_NAME}\n`);

    const result = installHelm({ version: VERSION, baseUrl: `${release.baseUrl}/`, ...target });

    await expect(result).rejects.toThrow(UserError);
    await expect(result).rejects.toThrow(new RegExp(`checksum.*${wrong}.*${digest}`));
    expect(tc.find('helm', VERSION, 'x64')).toBe('');
    expect(readdirSync(process.env.RUNNER_TEMP!)).toEqual([]);
  });

  it('rejects a checksum line for another file, before downloading the archive', async () => {
    serveSum(`${digest}  helm-v${VERSION}-darwin-arm64.tar.gz\n`);

    const result = installHelm({ version: VERSION, baseUrl: `${release.baseUrl}/`, ...target });

    await expect(result).rejects.toThrow(UserError);
    await expect(result).rejects.toThrow(`${TAR_NAME}.sha256sum at ${release.baseUrl.replace(/\/$/, '')} has no SHA-256 checksum line for ${TAR_NAME}`);
    expect(release.requests).toEqual([`/helm/${TAR_NAME}.sha256sum`]);
    expect(readdirSync(process.env.RUNNER_TEMP!)).toEqual([]);
  });

  it('rejects an archive without <os>-<arch>/helm and caches nothing', async () => {
    const wrongLayout = makeTarball(ARM_TAR_NAME, 'linux-amd64');
    release.routes.set(`/helm/${ARM_TAR_NAME}`, wrongLayout);
    serveSum(`${createHash('sha256').update(wrongLayout).digest('hex')}  ${ARM_TAR_NAME}\n`, ARM_TAR_NAME);

    const result = installHelm({ version: VERSION, baseUrl: `${release.baseUrl}/`, platform: 'linux', arch: 'arm64' });

    await expect(result).rejects.toThrow(UserError);
    await expect(result).rejects.toThrow(`${ARM_TAR_NAME} from ${release.baseUrl.replace(/\/$/, '')} has no linux-arm64/helm`);
    expect(tc.find('helm', VERSION, 'arm64')).toBe('');
    expect(readdirSync(process.env.RUNNER_TEMP!)).toEqual([]);
  });

  it('turns an HTTP 404 into a UserError naming the URL', async () => {
    const result = installHelm({ version: '9.9.9', baseUrl: `${release.baseUrl}/`, ...target });

    await expect(result).rejects.toThrow(UserError);
    await expect(result).rejects.toThrow(
      `Could not download Helm 9.9.9 from ${release.baseUrl}/helm-v9.9.9-linux-amd64.tar.gz.sha256sum: HTTP 404; check helm-version.`,
    );
    expect(readdirSync(process.env.RUNNER_TEMP!)).toEqual([]);
  });

  it.each(['v3.16.2', '3.16', 'latest', '../3.16.2', '3.16.2/../x', '3.16.2+build', ''])(
    'rejects version %j without any request',
    async (version) => {
      await expect(installHelm({ version, baseUrl: `${release.baseUrl}/`, ...target })).rejects.toThrow(UserError);
      expect(release.requests).toEqual([]);
    },
  );

  it('says to drop the leading v', async () => {
    await expect(installHelm({ version: 'v3.16.2', baseUrl: `${release.baseUrl}/`, ...target })).rejects.toThrow(
      'helm-version "v3.16.2" is not a valid Helm release; write it without the leading "v", e.g. 3.16.2.',
    );
  });

  it('rejects a platform Helm does not publish, without any request', async () => {
    await expect(installHelm({ version: VERSION, baseUrl: `${release.baseUrl}/`, platform: 'freebsd', arch: 'x64' })).rejects.toThrow(
      'Helm cannot be installed on platform freebsd; install it yourself and put it on PATH.',
    );
    expect(release.requests).toEqual([]);
  });

  // Helm's signatures (.asc) are made with each release manager's own key, listed in a KEYS file on
  // helm/helm's main branch and uploaded to GitHub releases, not get.helm.sh: transport is what guards Helm.
  it.each(['http://get.helm.sh', 'http://mirror.internal:8080/helm'])('refuses the plain-http download URL %s before any request', async (baseUrl) => {
    const result = installHelm({ version: VERSION, baseUrl, ...target });

    await expect(result).rejects.toThrow(UserError);
    await expect(result).rejects.toThrow(
      `Helm download URL ${new URL(baseUrl).origin} must use https (plain http is allowed only to a loopback address such as 127.0.0.1); change it to an https:// mirror.`,
    );
    expect(release.requests).toEqual([]);
  });
});


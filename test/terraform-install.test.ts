import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import * as tc from '@actions/tool-cache';
import * as openpgp from 'openpgp';
import { UserError } from '@gitops-sync/core/errors';
import { useReleaseServer } from './support/release-server.js';
import { HASHICORP_RELEASE_KEY, HASHICORP_RELEASE_KEY_FINGERPRINT } from '../packages/platforms/src/github/hashicorp-release-key.js';
import { installTerraform } from '../packages/platforms/src/github/terraform-install.js';

const VERSION = '1.11.4';
const ZIP_NAME = `terraform_${VERSION}_linux_amd64.zip`;
const SUMS_NAME = `terraform_${VERSION}_SHA256SUMS`;
const SIG_NAME = `${SUMS_NAME}.sig`;
const target = { platform: 'linux' as const, arch: 'x64' };
const release = useReleaseServer('terraform');

let zip: Buffer;
let zipDigest: string;
/** Stands in for HashiCorp in the tests that install: its public key is handed to installTerraform as the trusted signer. */
let releaseKey: openpgp.PrivateKey;
let trusted: { name: string; keys: string[] };
/** Someone who controls a mirror, with a key of their own. */
let attackerKey: openpgp.PrivateKey;

async function generateKey(name: string): Promise<openpgp.PrivateKey> {
  return (await openpgp.generateKey({ userIDs: [{ name }], format: 'object' })).privateKey;
}

async function detachedSignature(text: string, key: openpgp.PrivateKey): Promise<Uint8Array> {
  return openpgp.sign({ message: await openpgp.createMessage({ binary: Buffer.from(text) }), signingKeys: key, detached: true, format: 'binary' });
}

beforeAll(async () => {
  releaseKey = await generateKey('Test Releases');
  trusted = { name: 'the test release key', keys: [releaseKey.toPublic().armor()] };
  attackerKey = await generateKey('HashiCorp Security');
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

/** Serves SHA256SUMS and, unless `signedBy` is null, its detached signature (by the trusted test key by default). */
async function serveSums(text: string, signedBy: openpgp.PrivateKey | null = releaseKey): Promise<void> {
  release.routes.set(`/terraform/${VERSION}/${SUMS_NAME}`, text);
  if (signedBy) release.routes.set(`/terraform/${VERSION}/${SIG_NAME}`, Buffer.from(await detachedSignature(text, signedBy)));
}

describe('installTerraform', () => {
  it('downloads, verifies, caches and adds terraform to PATH, then reuses the cache', async () => {
    await serveSums(`${'0'.repeat(64)}  terraform_${VERSION}_darwin_arm64.zip\n${zipDigest}  ${ZIP_NAME}\n`);

    const dir = await installTerraform({ version: VERSION, baseUrl: release.baseUrl, ...target }, trusted);

    expect(dir).toBe(tc.find('terraform', VERSION, 'x64'));
    const binary = join(dir, 'terraform');
    accessSync(binary, constants.X_OK);
    expect(execFileSync(binary, ['version'], { encoding: 'utf8' })).toContain(`Terraform v${VERSION}`);
    expect(process.env.PATH?.split(delimiter)).toContain(dir);
    expect(release.requests).toEqual([`/terraform/${VERSION}/${SUMS_NAME}`, `/terraform/${VERSION}/${SIG_NAME}`, `/terraform/${VERSION}/${ZIP_NAME}`]);
    expect(readdirSync(process.env.RUNNER_TEMP!)).toEqual([]);

    await expect(installTerraform({ version: VERSION, baseUrl: release.baseUrl, ...target }, trusted)).resolves.toBe(dir);
    expect(release.requests).toHaveLength(3);
  });

  it('rejects a checksum mismatch and caches nothing', async () => {
    const wrong = 'f'.repeat(64);
    await serveSums(`${wrong}  ${ZIP_NAME}\n`);

    const result = installTerraform({ version: VERSION, baseUrl: release.baseUrl, ...target }, trusted);

    await expect(result).rejects.toThrow(UserError);
    await expect(result).rejects.toThrow(new RegExp(`checksum.*${wrong}.*${zipDigest}`));
    expect(tc.find('terraform', VERSION, 'x64')).toBe('');
    expect(readdirSync(process.env.RUNNER_TEMP!)).toEqual([]);
  });

  it('rejects a SHA256SUMS without a line for the platform archive, before downloading it', async () => {
    await serveSums(`${zipDigest}  ${ZIP_NAME}\n`);

    const result = installTerraform({ version: VERSION, baseUrl: release.baseUrl, platform: 'darwin', arch: 'arm64' }, trusted);

    await expect(result).rejects.toThrow(UserError);
    await expect(result).rejects.toThrow(`no SHA-256 checksum line for terraform_${VERSION}_darwin_arm64.zip`);
    expect(release.requests).toEqual([`/terraform/${VERSION}/${SUMS_NAME}`, `/terraform/${VERSION}/${SIG_NAME}`]);
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

  describe('a mirror that serves a fake terraform with matching checksums', () => {
    const fakeSums = () => `${zipDigest}  ${ZIP_NAME}\n`;

    it("is refused when SHA256SUMS is signed by a key other than HashiCorp's, before the archive is downloaded", async () => {
      await serveSums(fakeSums(), attackerKey);

      const result = installTerraform({ version: VERSION, baseUrl: release.baseUrl, ...target });

      await expect(result).rejects.toThrow(UserError);
      await expect(result).rejects.toThrow(
        `${SUMS_NAME} at ${release.baseUrl}/${VERSION} is not signed by HashiCorp's release key (C874 011F 0AB4 0511 0D02 1055 3436 5D94 72D7 468F) (it was made by key ${attackerKey.getKeyID().toHex().toUpperCase()}, which is not trusted); Terraform was not installed`,
      );
      expect(release.requests).toEqual([`/terraform/${VERSION}/${SUMS_NAME}`, `/terraform/${VERSION}/${SIG_NAME}`]);
      expect(tc.find('terraform', VERSION, 'x64')).toBe('');
      expect(readdirSync(process.env.RUNNER_TEMP!)).toEqual([]);
    });

    it('is refused when SHA256SUMS has no signature', async () => {
      await serveSums(fakeSums(), null);

      const result = installTerraform({ version: VERSION, baseUrl: release.baseUrl, ...target });

      await expect(result).rejects.toThrow(UserError);
      await expect(result).rejects.toThrow(
        `Could not download Terraform ${VERSION} from ${release.baseUrl}/${VERSION}/${SIG_NAME}: HTTP 404; a release mirror must serve ${SIG_NAME} next to ${SUMS_NAME}.`,
      );
      expect(release.requests).not.toContain(`/terraform/${VERSION}/${ZIP_NAME}`);
      expect(tc.find('terraform', VERSION, 'x64')).toBe('');
    });

    it('is refused when SHA256SUMS was changed after it was signed', async () => {
      await serveSums(`${'a'.repeat(64)}  ${ZIP_NAME}\n`);
      release.routes.set(`/terraform/${VERSION}/${SUMS_NAME}`, fakeSums());

      const result = installTerraform({ version: VERSION, baseUrl: release.baseUrl, ...target }, trusted);

      await expect(result).rejects.toThrow(`${SUMS_NAME} at ${release.baseUrl}/${VERSION} is not signed by the test release key`);
      expect(release.requests).not.toContain(`/terraform/${VERSION}/${ZIP_NAME}`);
    });

    it('is refused when the signature file is not a signature', async () => {
      await serveSums(fakeSums());
      release.routes.set(`/terraform/${VERSION}/${SIG_NAME}`, 'trust me');

      await expect(installTerraform({ version: VERSION, baseUrl: release.baseUrl, ...target }, trusted)).rejects.toThrow(
        `${SUMS_NAME} at ${release.baseUrl}/${VERSION} is not signed by the test release key (it is not an OpenPGP signature)`,
      );
    });
  });

  it.each(['http://releases.example.com/terraform', 'http://127.0.0.1.example.com/terraform', 'ftp://127.0.0.1/terraform'])(
    'refuses the download URL %s before any request',
    async (baseUrl) => {
      const result = installTerraform({ version: VERSION, baseUrl, ...target });

      await expect(result).rejects.toThrow(UserError);
      await expect(result).rejects.toThrow(
        `Terraform download URL ${new URL(baseUrl).origin} must use https (plain http is allowed only to a loopback address such as 127.0.0.1); change it to an https:// mirror.`,
      );
      expect(release.requests).toEqual([]);
    },
  );

  it('refuses a download URL that is not a URL', async () => {
    await expect(installTerraform({ version: VERSION, baseUrl: 'releases.hashicorp.com', ...target })).rejects.toThrow(
      'Terraform download URL "releases.hashicorp.com" is not a URL; give an https:// address of a release mirror.',
    );
  });
});

describe("HashiCorp's release key", () => {
  it('is the key with fingerprint C874 011F 0AB4 0511 0D02 1055 3436 5D94 72D7 468F', async () => {
    const key = await openpgp.readKey({ armoredKey: HASHICORP_RELEASE_KEY });

    expect(key.getFingerprint().toUpperCase()).toBe('C874011F0AB405110D02105534365D9472D7468F');
    expect(HASHICORP_RELEASE_KEY_FINGERPRINT).toBe('C874011F0AB405110D02105534365D9472D7468F');
    expect(key.isPrivate()).toBe(false);
    expect(key.getUserIDs()).toEqual(['HashiCorp Security (hashicorp.com/security) <security@hashicorp.com>']);
  });

  it.each(['2021-06-01', '2025-04-15', '2026-03-01', '2029-12-31'])('has a valid signing subkey for releases signed on %s', async (day) => {
    const key = await openpgp.readKey({ armoredKey: HASHICORP_RELEASE_KEY });

    const signingKey = await key.getSigningKey(undefined, new Date(`${day}T12:00:00Z`));

    expect(signingKey.getFingerprint().toUpperCase()).toBe('374EC75B485913604A831CC7C820C6D5CD27AB87');
  });
});

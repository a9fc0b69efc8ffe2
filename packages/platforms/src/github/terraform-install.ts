/**
 * Installs a pinned Terraform release from HashiCorp (or a mirror with the same layout) into the
 * GitHub Actions tool cache, verifying the archive against the release's SHA256SUMS.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import * as core from '@actions/core';
import * as tc from '@actions/tool-cache';
import { UserError } from '@gitops-sync/core';

export interface TerraformInstallOptions {
  /** Exact release, e.g. "1.11.4" or "1.12.0-rc1". */
  version: string;
  /** Defaults to HashiCorp's release site; the release lives at `${baseUrl}/${version}/`. */
  baseUrl?: string;
  /** Node platform name; defaults to process.platform. */
  platform?: NodeJS.Platform;
  /** Node architecture name; defaults to process.arch. */
  arch?: string;
}

export const DEFAULT_TERRAFORM_BASE_URL = 'https://releases.hashicorp.com/terraform';

const VERSION_PATTERN = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?$/;

const HASHICORP_OS: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'linux',
  darwin: 'darwin',
  win32: 'windows',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  sunos: 'solaris',
};

const HASHICORP_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };

/** Returns the directory holding the terraform binary, already added to PATH. Uses the tool cache when that version is cached. */
export async function installTerraform(options: TerraformInstallOptions): Promise<string> {
  const { version } = options;
  if (!VERSION_PATTERN.test(version)) {
    throw new UserError(
      `terraform-version ${JSON.stringify(version)} is not a valid Terraform release; use an exact version such as 1.11.4.`,
    );
  }
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;

  const cached = tc.find('terraform', version, arch);
  if (cached) {
    core.addPath(cached);
    return cached;
  }

  const releaseUrl = `${(options.baseUrl ?? DEFAULT_TERRAFORM_BASE_URL).replace(/\/+$/, '')}/${version}`;
  const zipName = `terraform_${version}_${hashicorpOs(platform)}_${hashicorpArch(arch)}.zip`;
  const sumsName = `terraform_${version}_SHA256SUMS`;

  const sumsPath = await download(`${releaseUrl}/${sumsName}`, version);
  let expected: string | undefined;
  try {
    expected = findDigest(await readFile(sumsPath, 'utf8'), zipName);
  } finally {
    await rm(sumsPath, { force: true });
  }
  if (!expected) {
    throw new UserError(
      `${sumsName} at ${releaseUrl} has no SHA-256 checksum line for ${zipName}; check terraform-version and that Terraform ${version} is published for ${platform}/${arch}.`,
    );
  }

  const zipPath = await download(`${releaseUrl}/${zipName}`, version);
  let extracted: string | undefined;
  try {
    const actual = await sha256File(zipPath);
    if (actual !== expected) {
      throw new UserError(
        `Downloaded ${zipName} failed checksum verification (expected SHA-256 ${expected} from ${sumsName}, got ${actual}); retry, and check that ${releaseUrl} is a trustworthy mirror.`,
      );
    }
    extracted = await tc.extractZip(zipPath);
    const dir = await tc.cacheDir(extracted, 'terraform', version, arch);
    core.addPath(dir);
    return dir;
  } finally {
    await rm(zipPath, { force: true });
    if (extracted) await rm(extracted, { recursive: true, force: true });
  }
}

function hashicorpOs(platform: NodeJS.Platform): string {
  const os = HASHICORP_OS[platform];
  if (!os) throw new UserError(`Terraform cannot be installed on platform ${platform}; install it yourself and put it on PATH.`);
  return os;
}

function hashicorpArch(arch: string): string {
  const mapped = Object.hasOwn(HASHICORP_ARCH, arch) ? HASHICORP_ARCH[arch] : undefined;
  if (!mapped) throw new UserError(`Terraform cannot be installed on architecture ${arch}; install it yourself and put it on PATH.`);
  return mapped;
}

async function download(url: string, version: string): Promise<string> {
  try {
    return await tc.downloadTool(url);
  } catch (error) {
    const reason = error instanceof tc.HTTPError ? `HTTP ${error.httpStatusCode}` : (error as Error).message;
    const hint = error instanceof tc.HTTPError && error.httpStatusCode === 404 ? 'check terraform-version' : 'check the network and the release URL';
    throw new UserError(`Could not download Terraform ${version} from ${url}: ${reason}; ${hint}.`);
  }
}

/** Finds `<sha256hex>  <filename>` (sha256sum format, optional binary-mode `*`) in a SHA256SUMS file. */
function findDigest(sums: string, fileName: string): string | undefined {
  for (const line of sums.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64}) [ *]?(\S+)\s*$/.exec(line.trim());
    if (match && match[2] === fileName) return match[1].toLowerCase();
  }
  return undefined;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

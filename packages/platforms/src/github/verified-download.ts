/**
 * Installs a pinned release of a command-line tool into the GitHub Actions tool cache: checks the version,
 * maps the runner's platform to the release's names, downloads the archive and its published SHA-256,
 * verifies it, extracts, caches and adds the binary's directory to PATH. Temporary files never outlive a call.
 * Each tool (terraform-install.ts, helm-install.ts) only describes its release layout as a PinnedTool.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as core from '@actions/core';
import * as tc from '@actions/tool-cache';
import { isLoopbackHost, UserError } from '@gitops-sync/core';
import { signatureProblem } from './release-signature.js';

export interface PinnedToolOptions {
  /** Exact release without a leading "v", e.g. "1.11.4" or "1.12.0-rc1". */
  version: string;
  /** Where the releases live; defaults to the tool's official download site. */
  baseUrl?: string;
  /** Node platform name; defaults to process.platform. */
  platform?: NodeJS.Platform;
  /** Node architecture name; defaults to process.arch. */
  arch?: string;
}

/** A release for one OS/architecture, in the Go names release sites use ("linux", "amd64"). */
export interface Release {
  version: string;
  os: string;
  arch: string;
  /** True for Windows, where the binary has an .exe suffix. */
  windows: boolean;
  /** The options' baseUrl (or the tool's default) without trailing slashes. */
  baseUrl: string;
}

/** Where one release's files are, relative to `dir`: the archive, the file with its SHA-256, and the binary in it. */
export interface ReleaseLayout {
  /** URL of the directory holding archive and checksum file. */
  dir: string;
  archive: string;
  checksumFile: string;
  /**
   * "sums": sha256sum lines `<sha256>  <file>`, one naming the archive (HashiCorp's SHA256SUMS).
   * "single": a file for just this archive: that line, or the bare hash (Helm's .sha256sum / .sha256).
   */
  checksumFormat: 'sums' | 'single';
  /** Detached OpenPGP signature over checksumFile, next to it; required when the tool has signing keys. */
  checksumSignature?: string;
  extract: (archive: string) => Promise<string>;
  /** Path of the binary inside the extracted archive; the directory holding it is what gets cached and put on PATH. */
  binary: string;
}

export interface PinnedTool {
  /** Tool-cache name, e.g. "helm". */
  name: string;
  /** Name for messages, e.g. "Helm". */
  title: string;
  /** The input that sets the version, named in messages, e.g. "helm-version". */
  versionInput: string;
  /** Shown in the message for an invalid version. */
  exampleVersion: string;
  defaultBaseUrl: string;
  /** Go OS names the project publishes binaries for. */
  os: readonly string[];
  /** Go architecture names the project publishes binaries for. */
  arch: readonly string[];
  layout(release: Release): ReleaseLayout;
}

/** Who signs a tool's checksum files: the checksums count only when one of these keys signed them. */
export interface ReleaseSigner {
  /** Named in messages, e.g. "HashiCorp's release key (C874 011F …)". */
  name: string;
  /** ASCII-armored OpenPGP public keys. */
  keys: readonly string[];
}

/** Semantic version with an optional pre-release; no leading "v", no build metadata, nothing that could leave the URL path. */
const VERSION_PATTERN = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?$/;

const GO_OS: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'linux',
  darwin: 'darwin',
  win32: 'windows',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  netbsd: 'netbsd',
  sunos: 'solaris',
  aix: 'aix',
};

const GO_ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  ia32: '386',
  arm: 'arm',
  // Node reports "ppc64" on little-endian POWER Linux, the only ppc64 Linux Node is built for.
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
};

/** Returns the directory holding the tool's binary, already added to PATH. Uses the tool cache when that version is cached. */
export async function installPinnedTool(tool: PinnedTool, options: PinnedToolOptions, signer?: ReleaseSigner): Promise<string> {
  const { version } = options;
  checkVersion(tool, version);
  const baseUrl = (options.baseUrl ?? tool.defaultBaseUrl).replace(/\/+$/, '');
  checkTransport(tool, baseUrl);
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;

  const cached = tc.find(tool.name, version, arch);
  if (cached) {
    core.addPath(cached);
    return cached;
  }

  const release: Release = {
    version,
    os: mapName(tool, 'platform', platform, GO_OS, tool.os),
    arch: mapName(tool, 'architecture', arch, GO_ARCH, tool.arch),
    windows: platform === 'win32',
    baseUrl,
  };
  const layout = tool.layout(release);
  const expected = await expectedDigest(tool, release, layout, `${platform}/${arch}`, signer);

  const archivePath = await download(tool, version, `${layout.dir}/${layout.archive}`);
  let extracted: string | undefined;
  try {
    const actual = await sha256File(archivePath);
    if (actual !== expected) {
      throw new UserError(
        `Downloaded ${layout.archive} failed checksum verification (expected SHA-256 ${expected} from ${layout.checksumFile}, got ${actual}); retry, and check that ${layout.dir} is a trustworthy mirror.`,
      );
    }
    extracted = await layout.extract(archivePath);
    const binary = join(extracted, layout.binary);
    if (!(await isFile(binary))) {
      throw new UserError(
        `${layout.archive} from ${layout.dir} has no ${layout.binary}; check that the mirror serves ${tool.title} ${version} release archives.`,
      );
    }
    const dir = await tc.cacheDir(dirname(binary), tool.name, version, arch);
    core.addPath(dir);
    return dir;
  } finally {
    await rm(archivePath, { force: true });
    if (extracted) await rm(extracted, { recursive: true, force: true });
  }
}

function checkVersion(tool: PinnedTool, version: string): void {
  if (VERSION_PATTERN.test(version)) return;
  const fix = /^v\d/.test(version) ? 'write it without the leading "v", e.g.' : 'use an exact version such as';
  throw new UserError(
    `${tool.versionInput} ${JSON.stringify(version)} is not a valid ${tool.title} release; ${fix} ${tool.exampleVersion}.`,
  );
}

/**
 * Plain http lets anyone on the path swap the archive and its checksums; loopback (a mirror on the
 * runner itself) is the one place it cannot be intercepted.
 */
function checkTransport(tool: PinnedTool, baseUrl: string): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UserError(`${tool.title} download URL ${JSON.stringify(baseUrl)} is not a URL; give an https:// address of a release mirror.`);
  }
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
  throw new UserError(
    `${tool.title} download URL ${url.origin} must use https (plain http is allowed only to a loopback address such as 127.0.0.1); change it to an https:// mirror.`,
  );
}

function mapName(tool: PinnedTool, kind: string, name: string, table: Record<string, string | undefined>, published: readonly string[]): string {
  const mapped = Object.hasOwn(table, name) ? table[name] : undefined;
  if (!mapped || !published.includes(mapped)) {
    throw new UserError(`${tool.title} cannot be installed on ${kind} ${name}; install it yourself and put it on PATH.`);
  }
  return mapped;
}

/**
 * Downloads and reads the checksum file (and checks its signature when the tool has a signer), and
 * deletes them, before the archive is fetched.
 */
async function expectedDigest(tool: PinnedTool, release: Release, layout: ReleaseLayout, target: string, signer?: ReleaseSigner): Promise<string> {
  const path = await download(tool, release.version, `${layout.dir}/${layout.checksumFile}`);
  let digest: string | undefined;
  try {
    const sums = await readFile(path);
    if (signer) await checkSignature(tool, release, layout, sums, signer);
    digest = findDigest(sums.toString('utf8'), layout.archive, layout.checksumFormat === 'single');
  } finally {
    await rm(path, { force: true });
  }
  if (!digest) {
    throw new UserError(
      `${layout.checksumFile} at ${layout.dir} has no SHA-256 checksum line for ${layout.archive}; check ${tool.versionInput} and that ${tool.title} ${release.version} is published for ${target}.`,
    );
  }
  return digest;
}

async function checkSignature(tool: PinnedTool, release: Release, layout: ReleaseLayout, sums: Buffer, signer: ReleaseSigner): Promise<void> {
  if (!layout.checksumSignature) throw new Error(`${tool.title} has a release signer but its layout names no checksum signature file`);
  const where = `${layout.dir}/${layout.checksumSignature}`;
  const path = await download(tool, release.version, where, `a release mirror must serve ${layout.checksumSignature} next to ${layout.checksumFile}`);
  let problem: string | undefined;
  try {
    problem = await signatureProblem(sums, await readFile(path), signer.keys);
  } finally {
    await rm(path, { force: true });
  }
  if (problem) {
    throw new UserError(
      `${layout.checksumFile} at ${layout.dir} is not signed by ${signer.name} (${problem}); ${tool.title} was not installed: use the official release site or a mirror that serves the release files unmodified.`,
    );
  }
}

async function download(tool: PinnedTool, version: string, url: string, notFoundHint = `check ${tool.versionInput}`): Promise<string> {
  try {
    return await tc.downloadTool(url);
  } catch (error) {
    const http = error instanceof tc.HTTPError;
    const reason = http ? `HTTP ${error.httpStatusCode}` : (error as Error).message;
    const hint = http && error.httpStatusCode === 404 ? notFoundHint : 'check the network and the release URL';
    throw new UserError(`Could not download ${tool.title} ${version} from ${url}: ${reason}; ${hint}.`);
  }
}

/**
 * Finds `<sha256hex>  <fileName>` (sha256sum format, optional binary-mode `*`) among the lines of a checksum file;
 * with `bareHashAllowed`, a file holding nothing but one hash also counts.
 */
export function findDigest(text: string, fileName: string, bareHashAllowed = false): string | undefined {
  if (bareHashAllowed) {
    const bare = /^([0-9a-fA-F]{64})$/.exec(text.trim());
    if (bare) return bare[1].toLowerCase();
  }
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64}) [ *]?(\S+)$/.exec(line.trim());
    if (match && match[2] === fileName) return match[1].toLowerCase();
  }
  return undefined;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

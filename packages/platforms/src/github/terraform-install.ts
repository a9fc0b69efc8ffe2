/**
 * Installs a pinned Terraform release from HashiCorp (or a mirror with the same layout) into the
 * GitHub Actions tool cache, verifying the archive against the release's SHA256SUMS, and those against
 * HashiCorp's signature (SHA256SUMS.sig): a mirror can serve files, but cannot sign them.
 */
import * as tc from '@actions/tool-cache';
import { HASHICORP_RELEASE_KEY } from './hashicorp-release-key.js';
import { installPinnedTool, type PinnedTool, type PinnedToolOptions, type ReleaseSigner } from './verified-download.js';

/** `version` is an exact release, e.g. "1.11.4" or "1.12.0-rc1"; the release lives at `${baseUrl}/${version}/`. */
export type TerraformInstallOptions = PinnedToolOptions;

export const DEFAULT_TERRAFORM_BASE_URL = 'https://releases.hashicorp.com/terraform';

/** https://releases.hashicorp.com/terraform/1.11.4/terraform_1.11.4_linux_amd64.zip, checked against terraform_1.11.4_SHA256SUMS. */
const TERRAFORM: PinnedTool = {
  name: 'terraform',
  title: 'Terraform',
  versionInput: 'terraform-version',
  exampleVersion: '1.11.4',
  defaultBaseUrl: DEFAULT_TERRAFORM_BASE_URL,
  os: ['linux', 'darwin', 'windows', 'freebsd', 'openbsd', 'solaris'],
  arch: ['amd64', 'arm64', '386', 'arm'],
  layout: ({ version, os, arch, windows, baseUrl }) => ({
    dir: `${baseUrl}/${version}`,
    archive: `terraform_${version}_${os}_${arch}.zip`,
    checksumFile: `terraform_${version}_SHA256SUMS`,
    checksumFormat: 'sums',
    checksumSignature: `terraform_${version}_SHA256SUMS.sig`,
    extract: (archive) => tc.extractZip(archive),
    binary: windows ? 'terraform.exe' : 'terraform',
  }),
};

export const HASHICORP_SIGNER: ReleaseSigner = { name: "HashiCorp's release key (C874 011F 0AB4 0511 0D02 1055 3436 5D94 72D7 468F)", keys: [HASHICORP_RELEASE_KEY] };

/**
 * Returns the directory holding the terraform binary, already added to PATH. Uses the tool cache when that version is cached.
 * `signer` exists for tests, which sign their own releases; no input or variable reaches it.
 */
export function installTerraform(options: TerraformInstallOptions, signer: ReleaseSigner = HASHICORP_SIGNER): Promise<string> {
  return installPinnedTool(TERRAFORM, options, signer);
}

/**
 * Installs a pinned Helm release from get.helm.sh (or a mirror with the same layout) into the
 * GitHub Actions tool cache, verifying the archive against its published .sha256sum.
 */
import * as tc from '@actions/tool-cache';
import { installPinnedTool, type PinnedTool, type PinnedToolOptions } from './verified-download.js';

/** `version` is an exact release without the tag's "v", e.g. "3.16.2"; archives live at `${baseUrl}/helm-v${version}-<os>-<arch>.tar.gz`. */
export type HelmInstallOptions = PinnedToolOptions;

export const DEFAULT_HELM_BASE_URL = 'https://get.helm.sh';

/**
 * https://get.helm.sh/helm-v3.16.2-linux-amd64.tar.gz holds linux-amd64/helm; the .sha256sum next to it reads
 * `<sha256>  helm-v3.16.2-linux-amd64.tar.gz` (mirrors that serve only the hash are accepted too).
 */
const HELM: PinnedTool = {
  name: 'helm',
  title: 'Helm',
  versionInput: 'helm-version',
  exampleVersion: '3.16.2',
  defaultBaseUrl: DEFAULT_HELM_BASE_URL,
  os: ['linux', 'darwin', 'windows'],
  arch: ['amd64', 'arm64', '386', 'arm', 'ppc64le', 's390x', 'riscv64', 'loong64'],
  layout: ({ version, os, arch, windows, baseUrl }) => {
    const archive = `helm-v${version}-${os}-${arch}.tar.gz`;
    return {
      dir: baseUrl,
      archive,
      checksumFile: `${archive}.sha256sum`,
      checksumFormat: 'single',
      extract: (file) => tc.extractTar(file),
      binary: `${os}-${arch}/${windows ? 'helm.exe' : 'helm'}`,
    };
  },
};

/** Returns the directory holding the helm binary, already added to PATH. Uses the tool cache when that version is cached. */
export function installHelm(options: HelmInstallOptions): Promise<string> {
  return installPinnedTool(HELM, options);
}

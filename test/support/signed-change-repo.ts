import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

type Run = (command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }) => string;

/**
 * What a signed-commits gate judges: a repository with the config and the signers' keys committed on
 * `main` (the base), checked out on a new branch `change`. `git` runs with fixed dates and signs only
 * where a test asks (`-S`); `run` supplies the signer's GNUPGHOME.
 */
export function signedChangeRepo(
  prefix: string,
  files: { config: string; keyring: string; allowedSigners: string },
  run: Run,
): { dir: string; base: string; git: (args: string[], env?: NodeJS.ProcessEnv) => string } {
  const dir = tempDir(prefix);
  const git = (args: string[], env: NodeJS.ProcessEnv = {}) => run('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: dir, env: { GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z', ...env } });
  git(['init', '-q', '-b', 'main']);
  mkdirSync(join(dir, 'keys'));
  writeFileSync(join(dir, 'gitops-sync.yaml'), files.config);
  writeFileSync(join(dir, 'keys/keyring.asc'), files.keyring);
  writeFileSync(join(dir, 'keys/allowed_signers'), files.allowedSigners);
  git(['add', '.']);
  git(['-c', 'user.name=Base', '-c', 'user.email=base@example.com', 'commit', '-q', '-m', 'base']);
  const base = git(['rev-parse', 'HEAD']);
  git(['checkout', '-q', '-b', 'change']);
  return { dir, base, git };
}

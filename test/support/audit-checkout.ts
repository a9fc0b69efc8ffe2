// A pull request's head as the audit trail meets it (attack36-40): a checkout of committed files, the
// default log in it forged, and one event recorded through openAuditTrail as a run would.
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitopsSyncConfig } from '@gitops-sync/core';
import { openAuditTrail } from '@gitops-sync/engine';
import { auditLog, gateDraft } from './audit-events.js';
import { git } from './git-repo.js';
import { tempDir } from './temp-dir.js';

export const LOG = '.gitops-sync/audit/events.jsonl';
/** A well-chained history of three events, as a pull request would forge one. */
export const forgedLog = () => `${auditLog(3).map((event) => JSON.stringify(event)).join('\n')}\n`;

/** A file's content (text or bytes), or a symlink target. */
export type Content = string | Buffer | { symlink: string };

/** A repository (in `dir`, made when not given) whose head commit holds `files` and the config file `config`. */
export function checkout(files: Record<string, Content>, config = 'gitops-sync.yaml', dir = tempDir('audit-checkout-')): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  const all: Record<string, Content> = { [config]: 'version: 1\n', ...files };
  for (const [path, content] of Object.entries(all)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    if (typeof content === 'string' || Buffer.isBuffer(content)) writeFileSync(join(dir, path), content);
    else symlinkSync(content.symlink, join(dir, path));
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'head of the pull request');
  return dir;
}

/** One event recorded into the trail `audit` names, the run working in `root` (null: none given); the events stored. */
export async function recordOne(dir: string, audit: Record<string, unknown>, configPath = join(dir, 'gitops-sync.yaml'), env: NodeJS.ProcessEnv = process.env, root: string | null = dir) {
  const trail = openAuditTrail({ config: GitopsSyncConfig.parse({ audit }), configPath, env, root: root ?? undefined });
  await trail.record(gateDraft(7));
  return trail.close();
}

/** The checkout pushed to a bare `origin` (for the git store); the remote's path. */
export function withOrigin(dir: string): string {
  const root = tempDir('audit-checkout-remote-');
  const remote = join(root, 'remote.git');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(dir, 'remote', 'add', 'origin', remote);
  git(dir, 'push', '-q', 'origin', 'main');
  return remote;
}

/** An empty but valid git index file (what `git read-tree --empty` writes). */
function emptyIndex(): Buffer {
  const dir = tempDir('audit-checkout-index-');
  git(dir, 'init', '-q');
  const run = spawnSync('git', ['read-tree', '--empty'], { cwd: dir, env: { ...process.env, GIT_INDEX_FILE: join(dir, 'index') } });
  if (run.status !== 0) throw new Error(`git read-tree --empty: ${run.stderr}`);
  return readFileSync(join(dir, 'index'));
}

/**
 * Files that make `folder` a bare repository to git's discovery (HEAD, objects/, refs/), whose config
 * names a work tree: without safe.bareRepository=explicit, git run in `folder` uses it. Any commit can hold them.
 */
export function fakeRepo(folder: string, extraConfig = '', index = true): Record<string, Content> {
  return {
    [`${folder}/HEAD`]: 'ref: refs/heads/main\n',
    [`${folder}/objects/.keep`]: '',
    [`${folder}/refs/.keep`]: '',
    [`${folder}/config`]: `[core]\n\trepositoryformatversion = 0\n\tworktree = .\n${extraConfig}`,
    ...(index ? { [`${folder}/index`]: emptyIndex() } : {}),
  };
}

/**
 * A case- or normalization-insensitive file system (macOS APFS, Windows NTFS) simulated on Linux: the
 * committed spelling (text, or raw bytes) and the spelling the run uses are one file there; here the
 * run's spelling is a hard link to the committed one (the same device and inode, which tracked.ts compares).
 */
export function sameFileAs(dir: string, committed: string | Buffer, used: string): void {
  mkdirSync(join(dir, used, '..'), { recursive: true });
  linkSync(typeof committed === 'string' ? join(dir, committed) : Buffer.concat([Buffer.from(`${dir}/`), committed]), join(dir, used));
}

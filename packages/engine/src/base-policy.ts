import {
  CODEOWNERS_LOCATIONS,
  environmentInputs,
  gitlabLocalIncludes,
  parseCodeowners,
  UserError,
  parseConfig,
  type ChangedFile,
  type Codeowners,
  type EnvironmentInput,
  type GitopsSyncConfig,
} from '@gitops-sync/core';
import { realpathSync } from 'node:fs';
import { isAbsolute, posix, relative } from 'node:path';
import type { Exec } from './ports.js';
import type { ReviewPlatform } from './review-platform.js';

/** The rules that judge a change, all read at its base commit: what the change itself says never counts. */
export interface BasePolicy {
  config: GitopsSyncConfig;
  codeowners: Codeowners | undefined;
  /** Where the config sits in the repository (normalized: no leading `./`). */
  configPath: string;
  /** The config file and the CI files `.gitlab-ci.yml` includes: controls besides the built-in ones. */
  extraControls: string[];
  /** What the configured environments load: never safe. */
  environmentInputs: EnvironmentInput[];
  /** Environment sources outside the repository: nothing can be shown not to change them. */
  unknownInputs: string[];
}

/** Reads files at a commit: from the local clone when it has the commit, else through the platform's API. */
export class CommitReader {
  private local: boolean | undefined;

  constructor(
    private readonly platform: ReviewPlatform,
    private readonly exec: Exec,
    private readonly cwd: string,
  ) {}

  private git(args: string[]) {
    return this.exec.run('git', args, { cwd: this.cwd });
  }

  /**
   * An absolute path (`$CI_PROJECT_DIR/gitops-sync.yaml`) as the repository names it: the base
   * commit has no file at `/builds/…`, and a policy read from nowhere would be the defaults.
   */
  async repositoryPath(path: string): Promise<string> {
    if (!isAbsolute(path)) return path;
    const top = await this.git(['rev-parse', '--show-toplevel']).catch(() => undefined);
    const root = top?.exitCode === 0 ? top.stdout.toString('utf8').trim() : this.cwd;
    const real = (file: string) => {
      try {
        return realpathSync.native(file);
      } catch {
        return file;
      }
    };
    const inside = relative(real(root), real(path));
    if (inside === '' || inside.startsWith('../') || isAbsolute(inside)) throw new UserError(`The config ${path} is outside the repository ${root}; give its path inside the repository (e.g. gitops-sync.yaml), so its policy can be read at the base commit.`);
    return inside;
  }

  async hasCommit(sha: string): Promise<boolean> {
    return (await this.git(['cat-file', '-e', `${sha}^{commit}`]).catch(() => ({ exitCode: 1 }))).exitCode === 0;
  }

  /**
   * A file at a commit, or undefined when the commit has none there. Whether it exists is read from
   * the tree (which even a partial clone has); a blob git then cannot produce is an error, never
   * "no file" — a missing CODEOWNERS must not be mistaken for an unreadable one.
   */
  async read(path: string, sha: string): Promise<string | undefined> {
    this.local ??= await this.hasCommit(sha);
    if (!this.local) return this.platform.readFileAt(path, sha);
    const listing = await this.git(['ls-tree', '-z', sha, '--', path]);
    if (listing.exitCode !== 0) throw new UserError(`git could not list ${path} at ${sha.slice(0, 12)} in ${this.cwd} (${listing.stderr.trim().split('\n')[0]}); fetch the base commit fully (actions/checkout with fetch-depth: 0).`);
    if (!listing.stdout.toString('utf8').split('\0').some((entry) => entry.endsWith(`\t${path}`))) return undefined;
    const blob = await this.git(['cat-file', 'blob', `${sha}:${path}`]);
    if (blob.exitCode !== 0) throw new UserError(`git could not read ${path} at ${sha.slice(0, 12)} in ${this.cwd} (${blob.stderr.trim().split('\n')[0]}); fetch the base commit fully (actions/checkout with fetch-depth: 0, no blob filter).`);
    return blob.stdout.toString('utf8');
  }

  /**
   * Git file modes of each path between the merge base and the head (`git diff --raw`), or
   * undefined when the clone lacks either commit.
   */
  async modes(baseSha: string, headSha: string): Promise<Map<string, { old: string; new: string }> | undefined> {
    if (!(await this.hasCommit(baseSha)) || !(await this.hasCommit(headSha))) return undefined;
    const diff = await this.git(['diff', '--raw', '-z', '--no-renames', '--no-abbrev', '--no-ext-diff', `${baseSha}...${headSha}`]);
    if (diff.exitCode !== 0) return undefined;
    const modes = new Map<string, { old: string; new: string }>();
    const fields = diff.stdout.toString('utf8').split('\0');
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const [oldMode, newMode] = fields[i].replace(/^:/, '').split(' ');
      modes.set(fields[i + 1], { old: oldMode.replace(/^0+$/, '0'), new: newMode.replace(/^0+$/, '0') });
    }
    return modes;
  }
}

/** Fills in GitHub's missing file modes from the clone; a file git does not list keeps an unknown mode. */
export function withModes(files: ChangedFile[], modes: Map<string, { old: string; new: string }>): ChangedFile[] {
  return files.map((file) => ({ ...file, oldMode: modes.get(file.previousPath ?? file.path)?.old, newMode: modes.get(file.path)?.new }));
}

export async function readBasePolicy(reader: CommitReader, flavor: 'github' | 'gitlab', baseSha: string, configPath: string): Promise<BasePolicy> {
  // `./docs/gitops-sync.yaml` and `docs/gitops-sync.yaml` are one file: guard it under the name the API lists.
  configPath = posix.normalize((await reader.repositoryPath(configPath)).replace(/\\/g, '/')).replace(/^(\.\/)+/, '');
  const configText = await reader.read(configPath, baseSha);
  const config = parseConfig(configText ?? '{}', `${configPath} at the base commit ${baseSha.slice(0, 12)}`);
  let codeowners: Codeowners | undefined;
  for (const location of CODEOWNERS_LOCATIONS[flavor]) {
    const text = await reader.read(location, baseSha);
    if (text === undefined) continue;
    codeowners = parseCodeowners(text, flavor, `${location} at the base commit`);
    break;
  }
  const { inputs, unknown } = environmentInputs(config, configPath);
  return { config, codeowners, configPath, extraControls: [configPath, ...(await includedCiFiles(reader, baseSha))], environmentInputs: inputs, unknownInputs: unknown };
}

/** GitLab allows up to 150 included files, nested: every local one the base `.gitlab-ci.yml` reaches is a control. */
const MAX_INCLUDES = 150;

async function includedCiFiles(reader: CommitReader, baseSha: string): Promise<string[]> {
  const found = new Set<string>();
  const queue = ['.gitlab-ci.yml'];
  while (queue.length && found.size < MAX_INCLUDES) {
    const text = await reader.read(queue.shift()!, baseSha);
    for (const include of text ? gitlabLocalIncludes(text) : []) {
      if (found.has(include)) continue;
      found.add(include);
      // Globs (`ci/*.yml`) guard what they match but cannot be read as one file.
      if (!/[*?[{]/.test(include)) queue.push(include);
    }
  }
  return [...found];
}

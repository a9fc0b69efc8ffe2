import {
  CODEOWNERS_LOCATIONS,
  environmentInputs,
  gitlabCiFiles,
  includeGlob,
  isIncludeGlob,
  localCiConfigPath,
  parseCodeowners,
  UserError,
  parseConfig,
  type ChangedFile,
  type ChangeRequest,
  type Codeowners,
  type EnvironmentInput,
  type GitopsSyncConfig,
} from '@gitops-sync/core';
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, posix, resolve } from 'node:path';
import { secretVariableNames } from '../config-file.js';
import { isInside } from '../files.js';
import { inBatches } from '../git-objects.js';
import { withholdFromTools } from '../node-exec.js';
import type { Exec } from '../ports.js';
import type { GitLabCiSettings, ReviewPlatform } from './review-platform.js';

/** The rules that judge a change, all read at its base commit: what the change itself says never counts. */
export interface BasePolicy {
  config: GitopsSyncConfig;
  codeowners: Codeowners | undefined;
  /** Where the config sits in the repository (normalized: no leading `./`). */
  configPath: string;
  /** The config file, the project's CI file and the files it includes: controls besides the built-in ones. */
  extraControls: string[];
  /** What the configured environments load: never safe. */
  environmentInputs: EnvironmentInput[];
  /**
   * Why what the pipeline runs or an environment loads cannot be judged from this repository (an
   * outside CI file, an environment source outside it): then no change is safe.
   */
  unjudgeable: string[];
  /** Why the policy is the defaults when it should not be: the config named is not at the base commit, the repository's is elsewhere. */
  misplacedConfig?: string;
}


/** Reads files at a commit: from the local clone when it has the commit, else through the platform's API (when there is one). */
export class CommitReader {
  private local: boolean | undefined;

  constructor(
    private readonly platform: ReviewPlatform | undefined,
    private readonly exec: Exec,
    private readonly cwd: string,
  ) {}

  /** git's standard output; throws with the first line git wrote to standard error when it fails. */
  private async gitOutput(args: string[], input: Buffer): Promise<Buffer> {
    const result = await this.git(args, input);
    if (result.exitCode !== 0) throw new Error(result.stderr.trim().split('\n')[0] || `git exited ${result.exitCode}`);
    return result.stdout;
  }

  private git(args: string[], input?: Buffer) {
    // Paths are the change's own: `:/notes.md` must name the file in the folder `:`, not be read as pathspec magic (notes.md at the top, or nothing).
    return this.exec.run('git', ['--literal-pathspecs', ...args], { cwd: this.cwd, input });
  }

  /**
   * A path given to the run (absolute, `$CI_PROJECT_DIR/gitops-sync.yaml`, or relative to the folder it
   * runs in) as the repository names it from its top, as every path read at a commit is: the base commit
   * has no file at `/builds/…`, and a policy read from nowhere would be the defaults.
   */
  async repositoryPath(path: string, purpose = 'so its policy can be read at the base commit'): Promise<string> {
    const top = await this.git(['rev-parse', '--show-toplevel']).catch(() => undefined);
    const root = top?.exitCode === 0 ? top.stdout.toString('utf8').trim() : this.cwd;
    const real = (file: string) => {
      try {
        return realpathSync.native(file);
      } catch {
        return file;
      }
    };
    // The path the config is named by, up to the repository's root: a symbolic link on the way (the
    // config itself, or a folder) is not followed, or a link in the working copy could choose which
    // committed file is read as the policy.
    const outside = () => new UserError(`The config ${path} is outside the repository ${root}; give its path inside the repository (e.g. gitops-sync.yaml), ${purpose}.`);
    const realRoot = real(root);
    const names: string[] = [];
    const start = resolve(this.cwd, path);
    for (let at = start; ; at = dirname(at)) {
      // A folder on the way that is a link inside the repository (`ci -> .`) would make another file the policy.
      if (at !== start && lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink() && isInside(real(dirname(at)), realRoot)) {
        throw new UserError(`The config ${path} is named through ${at}, a symbolic link in the repository; give its path without links, ${purpose}.`);
      }
      if (real(at) === realRoot) break;
      if (dirname(at) === at) throw outside();
      names.unshift(basename(at));
    }
    if (!names.length) throw outside();
    return names.join('/');
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
    const text = (await this.readAll([path], sha)).get(path);
    if (text instanceof Error) throw text;
    return text;
  }

  /**
   * Files at a commit, each as `read` gives it: its text, undefined when the commit has none there, or
   * the error `read` throws. From the clone, two git processes for up to PATHS_LISTED_AT_ONCE files,
   * not two for each (a pull request of 1,000 files took 23 s).
   */
  async readAll(paths: readonly string[], sha: string): Promise<Map<string, string | undefined | Error>> {
    const texts = new Map<string, string | undefined | Error>();
    this.local ??= await this.hasCommit(sha);
    if (!this.local) {
      for (const path of new Set(paths)) {
        if (!this.platform) texts.set(path, new UserError(`The commit ${sha.slice(0, 12)} is not in the clone at ${this.cwd}; fetch it (git fetch), so ${path} can be read there.`));
        else texts.set(path, await this.platform.readFileAt(path, sha).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
      }
      return texts;
    }
    for (const group of pathGroups([...new Set(paths)])) {
      const objects = await this.objectsAt(group, sha);
      if (typeof objects === 'string') {
        for (const path of group) texts.set(path, new UserError(`git could not list ${path} at ${sha.slice(0, 12)} in ${this.cwd} (${objects}); fetch the base commit fully (actions/checkout with fetch-depth: 0).`));
        continue;
      }
      // git lists what is inside a folder asked for with a file in it, not the folder itself: asked alone, it is listed.
      const folders = new Set(group.flatMap((path) => path.split('/').slice(0, -1).map((_, depth, parts) => parts.slice(0, depth + 1).join('/'))));
      for (const path of group.filter((each) => !objects.has(each) && folders.has(each))) {
        const alone = await this.objectsAt([path], sha);
        if (typeof alone === 'string') texts.set(path, new UserError(`git could not list ${path} at ${sha.slice(0, 12)} in ${this.cwd} (${alone}); fetch the base commit fully (actions/checkout with fetch-depth: 0).`));
        else if (alone.has(path)) objects.set(path, alone.get(path)!);
      }
      const listed = group.filter((path) => objects.has(path));
      for (const path of group) if (!objects.has(path) && !texts.has(path)) texts.set(path, undefined);
      if (!listed.length) continue;
      const unreadable = (path: string, why: string) => new UserError(`git could not read ${path} at ${sha.slice(0, 12)} in ${this.cwd} (${why}); fetch the base commit fully (actions/checkout with fetch-depth: 0, no blob filter).`);
      try {
        for await (const batch of inBatches((args, input) => this.gitOutput(args, input), listed, (path) => objects.get(path))) {
          for (const [path, blob] of batch) texts.set(path, typeof blob === 'string' || blob === undefined ? unreadable(path, blob ?? 'no answer from git') : blob.toString('utf8'));
        }
      } catch (error) {
        for (const path of listed) if (!texts.has(path)) texts.set(path, unreadable(path, (error as Error).message));
      }
    }
    return texts;
  }

  /** The object listed at each of `paths` at a commit (those listed), or why git could not list them. */
  private async objectsAt(paths: readonly string[], sha: string): Promise<Map<string, string> | string> {
    const listing = await this.git(['ls-tree', '-z', '--full-tree', sha, '--', ...paths]);
    if (listing.exitCode !== 0) return listing.stderr.trim().split('\n')[0] ?? '';
    // `<mode> <type> <object>\t<path>`: each path's object is the one listed at exactly that path.
    const objects = new Map<string, string>();
    for (const entry of listing.stdout.toString('utf8').split('\0')) {
      const tab = entry.indexOf('\t');
      if (tab !== -1) objects.set(entry.slice(tab + 1), entry.slice(0, tab).split(' ')[2] ?? '');
    }
    return objects;
  }

  /** Every file under `folder` ('' for the whole tree) at a commit, or undefined when neither the clone nor the platform can list them. */
  async filesUnder(folder: string, sha: string): Promise<string[] | undefined> {
    this.local ??= await this.hasCommit(sha);
    if (!this.local) return this.platform?.filesUnder?.(folder, sha);
    const listing = await this.git(['ls-tree', '-r', '-z', '--full-tree', '--name-only', sha, '--', ...(folder ? [folder] : [])]);
    if (listing.exitCode !== 0) throw new UserError(`git could not list ${folder || 'the files'} at ${sha.slice(0, 12)} in ${this.cwd} (${listing.stderr.trim().split('\n')[0]}); fetch the base commit fully (actions/checkout with fetch-depth: 0).`);
    return listing.stdout.toString('utf8').split('\0').filter(Boolean);
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

/** How many paths one `git ls-tree` is given, and how many bytes of them: far below any limit on a command line. */
const PATHS_LISTED_AT_ONCE = 500;
const PATH_BYTES_LISTED_AT_ONCE = 64 * 1024;

/** `paths` in groups small enough for one command line each. */
function pathGroups(paths: readonly string[]): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let bytes = 0;
  for (const path of paths) {
    const size = Buffer.byteLength(path) + 1;
    if (group.length && (group.length >= PATHS_LISTED_AT_ONCE || bytes + size > PATH_BYTES_LISTED_AT_ONCE)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(path);
    bytes += size;
  }
  if (group.length) groups.push(group);
  return groups;
}

/**
 * Fills in GitHub's missing file modes from the clone. A listed file git does not diff for the head
 * means GitHub listed another commit (see withTreeModes); with the count of files the pull request
 * gives, a listing of only files the head changes is all of them.
 */
export function withModes(files: ChangedFile[], modes: Map<string, { old: string; new: string }>, headSha: string): { files: ChangedFile[] } | { problem: string } {
  const stale = files.flatMap((file) => [file.path, file.previousPath ?? file.path]).find((path) => !modes.has(path));
  if (stale !== undefined) return { problem: notAtHead(stale, headSha) };
  return { files: files.map((file) => ({ ...file, oldMode: modes.get(file.previousPath ?? file.path)?.old, newMode: modes.get(file.path)?.new })) };
}

const notAtHead = (path: string, headSha: string) =>
  `GitHub listed ${path} as it is not at the head ${headSha.slice(0, 12)}, so the listing may be of another commit (the head moved while it was read); run it again`;

/**
 * Fills in GitHub's missing file modes from the platform's trees of the base and the head, for a clone
 * that lacks either commit. A path missing from a tree is absent (`0`) only where the status says so; otherwise its mode is unknown.
 * GitHub's files API takes no commit, so a listing made while the head was briefly another commit (a
 * force-push and back) would be judged as this head's: each listed file must be as the head's tree has it.
 */
export async function withTreeModes(platform: ReviewPlatform, files: ChangedFile[], baseSha: string, headSha: string): Promise<{ files: ChangedFile[] } | { problem: string }> {
  if (!platform.treeModes) return { problem: 'the file modes are unknown because the checkout lacks the base or head commit (check out both: actions/checkout with fetch-depth: 0)' };
  const [base, head] = await Promise.all([platform.treeModes(baseSha), platform.treeModes(headSha)]);
  if ('problem' in base) return base;
  if ('problem' in head) return head;
  const stale = files.find((file) => (file.status === 'removed' ? head.modes.has(file.path) : file.headBlob === undefined || head.blobs.get(file.path) !== file.headBlob));
  if (stale) return { problem: notAtHead(stale.path, headSha) };
  return {
    files: files.map((file) => ({
      ...file,
      oldMode: base.modes.get(file.previousPath ?? file.path) ?? (file.status === 'added' ? '0' : undefined),
      newMode: head.modes.get(file.path) ?? (file.status === 'removed' ? '0' : undefined),
    })),
  };
}

/** The error a run that must not go on with the defaults stops with (see misplaced). */
export const misplacedConfigError = (reason: string) => new UserError(`${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`);

/** Where a repository's config usually is: a run elsewhere that finds none at its own path may have missed it. */
const TOP_CONFIG = 'gitops-sync.yaml';

/**
 * For a config not at `path` at the commit: why (a reason, as approve-safe lists them; gate and sync stop with
 * misplacedConfigError) the defaults must not stand in for it when the repository's
 * is at the top (a run from a subfolder, a config path mistyped), or undefined (no config anywhere there, or
 * one a change adds: the defaults are right).
 */
export async function misplaced(reader: CommitReader, path: string, sha: string): Promise<string | undefined> {
  if (path === TOP_CONFIG || (await reader.read(TOP_CONFIG, sha)) === undefined) return undefined;
  return `the config ${path} is not at the base commit but ${TOP_CONFIG} is, so the change cannot be judged by the repository's policy; run from the repository's top or pass --config with the config's path`;
}

export async function readBasePolicy(reader: CommitReader, flavor: 'github' | 'gitlab', baseSha: string, configPath: string, gitlab?: GitLabCiSettings): Promise<BasePolicy> {
  // `./docs/gitops-sync.yaml` and `docs/gitops-sync.yaml` are one file: guard it under the name the API lists.
  configPath = posix.normalize((await reader.repositoryPath(configPath)).replace(/\\/g, '/')).replace(/^(\.\/)+/, '');
  const configText = await reader.read(configPath, baseSha);
  const config = parseConfig(configText ?? '{}', `${configPath} at the base commit ${baseSha.slice(0, 12)}`);
  // No config there is the defaults (a repository without one, or a change adding it), but not when the repository's is elsewhere.
  const misplacedConfig = configText === undefined ? await misplaced(reader, configPath, baseSha) : undefined;
  withholdFromTools(secretVariableNames(config));
  let codeowners: Codeowners | undefined;
  for (const location of CODEOWNERS_LOCATIONS[flavor]) {
    const text = await reader.read(location, baseSha);
    if (text === undefined) continue;
    codeowners = parseCodeowners(text, flavor, `${location} at the base commit`);
    break;
  }
  const pipeline = await pipelineFiles(reader, baseSha, gitlab);
  const { inputs, unknown } = environmentInputs(config, configPath);
  return {
    config,
    codeowners,
    configPath,
    extraControls: [configPath, ...pipeline.files],
    environmentInputs: inputs,
    ...(misplacedConfig ? { misplacedConfig } : {}),
    unjudgeable: [
      ...(misplacedConfig ? [misplacedConfig] : []),
      ...pipeline.unjudgeable,
      ...unknown.map((input) => `${input}, so no change can be shown not to affect it`),
    ],
  };
}

/** The config as merged on the repository's default branch: the only one that may say which other branches are protected. */
export interface DefaultBranchPolicy {
  defaultBranch: string;
  config: GitopsSyncConfig;
}

/**
 * The config whose `audit:` says where a change's decision is recorded: the default branch's (a branch a
 * change targets may be one anyone with write access made), or the defaults when that cannot be known.
 */
export function auditPolicy(home: DefaultBranchPolicy | { problem: string }): GitopsSyncConfig {
  return 'problem' in home ? parseConfig('{}', 'the default audit settings') : home.config;
}

/**
 * The config on the repository's default branch, or why it cannot be known. Anyone with write access
 * can make a branch whose config is looser (or names that branch an environment's), so a change's
 * base is trusted only when it is the default branch or a branch the default branch's config names.
 */
export async function readDefaultBranchPolicy(platform: ReviewPlatform, request: ChangeRequest, policy: BasePolicy): Promise<DefaultBranchPolicy | { problem: string }> {
  const defaultBranch = request.defaultBranch;
  if (!defaultBranch) return { problem: `${platform.label} does not say which branch is the repository's default, so the policy of its base branch ${request.baseRef} cannot be trusted` };
  if (request.baseRef === defaultBranch) return { defaultBranch, config: policy.config };
  // Through the platform and by the full ref: a local branch, or a tag of the same name, is not the default branch.
  const text = await platform.readFileAt(policy.configPath, `refs/heads/${defaultBranch}`);
  return { defaultBranch, config: parseConfig(text ?? '{}', `${policy.configPath} on the default branch ${defaultBranch}`) };
}

/** The environment's protected branch as the default branch's config names it (the default when it names none). */
export function environmentBranch(home: DefaultBranchPolicy, environment: string): string {
  const environments = home.config.approval.environments;
  return Object.hasOwn(environments, environment) ? environments[environment].branch : home.defaultBranch;
}

/** GitLab allows up to 150 included files, nested: every local one the base `.gitlab-ci.yml` reaches is a control. */
const MAX_INCLUDES = 150;

/**
 * The project's CI file (GitLab's `ci_config_path`, default `.gitlab-ci.yml`) and every file of this
 * repository it reaches at the base commit through includes and child pipelines.
 */
async function pipelineFiles(reader: CommitReader, baseSha: string, gitlab: GitLabCiSettings | undefined): Promise<{ files: string[]; unjudgeable: string[] }> {
  const unjudgeable: string[] = [];
  const roots = ['.gitlab-ci.yml'];
  if (gitlab) {
    const root = localCiConfigPath(gitlab.ciConfigPath);
    if (root === undefined) unjudgeable.push(`the project's CI/CD configuration file (${gitlab.ciConfigPath}) is not in this repository, so what its pipeline runs cannot be judged here`);
    else roots.push(posix.normalize(root));
  }
  const found = new Set<string>(roots);
  const queue = [...found];
  while (queue.length && found.size < MAX_INCLUDES) {
    const path = queue.shift()!;
    const text = await reader.read(path, baseSha);
    const { files, unresolved, unparseable } = text ? gitlabCiFiles(text, gitlab?.projectPath) : { files: [], unresolved: [] };
    if (unparseable) unjudgeable.push(`${path} at the base commit is not YAML gitops-sync can read, so what its pipeline includes cannot be judged`);
    for (const include of unresolved) unjudgeable.push(`${path} at the base commit has \`${include}\`, a variable that cannot be resolved here, so what its pipeline runs cannot be judged`);
    for (const include of files) {
      if (found.has(include)) continue;
      found.add(include);
      if (!isIncludeGlob(include)) {
        queue.push(include);
        continue;
      }
      // A glob (`ci/*.yml`) guards what it may match later; what it matches now is read for its own includes.
      const glob = includeGlob(include);
      const listed = await reader.filesUnder(glob.folder, baseSha);
      if (listed === undefined) unjudgeable.push(`${path} at the base commit includes \`${include}\`, whose files cannot be listed here, so what its pipeline runs cannot be judged`);
      for (const file of (listed ?? []).filter(glob.matches)) {
        if (!found.has(file)) queue.push(file);
        found.add(file);
      }
    }
  }
  if (queue.length) unjudgeable.push(`the CI files reach more than ${MAX_INCLUDES} others, more than are followed here, so what the pipeline runs cannot be judged`);
  return { files: [...found], unjudgeable };
}

/**
 * The config as merged on a protected branch (`origin/<branch>`, else the local `<branch>`): the base
 * every change request to it is judged against; or why it cannot be read.
 */
export async function readBranchConfig(
  exec: Exec,
  cwd: string,
  branch: string,
  configPath: string,
  runRepository?: string,
): Promise<{ config: GitopsSyncConfig; sha: string; configPath: string } | { problem: string }> {
  const git = (args: string[]) => exec.run('git', args, { cwd }).catch(() => undefined);
  // On a CI runner the job may have cloned anything (a fork, as origin, with its own main): only the
  // run's own repository's branch counts. The URL may hold a token, so it is never shown.
  if (runRepository) {
    const origin = await git(['remote', 'get-url', 'origin']);
    const url = origin?.exitCode === 0 ? origin.stdout.toString('utf8').trim().replace(/\/+$/, '').replace(/\.git$/, '') : '';
    if (url && !url.toLowerCase().endsWith(`/${runRepository.toLowerCase()}`) && !url.toLowerCase().endsWith(`:${runRepository.toLowerCase()}`)) {
      return { problem: `the clone's origin is not ${runRepository}, the repository this CI run belongs to` };
    }
  }
  let sha: string | undefined;
  for (const ref of runRepository ? [`refs/remotes/origin/${branch}`] : [`refs/remotes/origin/${branch}`, `refs/heads/${branch}`]) {
    const found = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (found?.exitCode === 0) {
      sha = found.stdout.toString('utf8').trim();
      break;
    }
  }
  if (!sha && runRepository) return { problem: `there is no origin/${branch} in the clone at ${cwd}; on a CI runner only the remote's branch counts: fetch it (e.g. fetch-depth: 0)` };
  if (!sha) return { problem: `there is no branch ${branch} in the clone at ${cwd} to read its policy from` };
  const reader = new CommitReader(undefined, exec, cwd);
  const path = posix.normalize((await reader.repositoryPath(configPath)).replace(/\\/g, '/')).replace(/^(\.\/)+/, '');
  const text = await reader.read(path, sha);
  if (text === undefined) return { problem: `${path} is not on ${branch}` };
  return { config: parseConfig(text, `${path} on ${branch} (${sha.slice(0, 12)})`), sha, configPath: path };
}

/**
 * Runs this checkout's GitLab CI/CD components (gitlab-components/templates/) for real with gitlab-ci-local: a
 * throwaway Git project laid out like the catalog project, the components included with inputs, jobs run with the
 * shell executor (no Docker, nothing pulled), and the CLI pointed at this checkout's dist/ build.
 *
 * Needs: git, bash, rsync (gitlab-ci-local copies artifacts with it), and `npm run build` done first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { REPO_ROOT } from './paths.js';

export const GITLAB_CI_LOCAL = join(REPO_ROOT, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');
export const CLI = join(REPO_ROOT, 'dist', 'cli', 'index.js');
export const CATALOG = join(REPO_ROOT, 'gitlab-components');
export const TEMPLATES = join(CATALOG, 'templates');
/** The component project's remote: gitlab-ci-local treats `component: <host>/<group>/<project>/<name>@<HEAD sha>` as local. */
export const REMOTE = 'https://gitlab.example.com/acme/gitops-sync.git';
/** The `cli` input is split on spaces, like a command line. */
export const CLI_COMMAND = `${process.execPath} ${CLI}`;
/** What a CLI failure must not print. */
export const NO_STACK_TRACE = /\n\s+at \S|Error:|node:internal/;

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

/** A file the test needs, and how to get it when it is missing. */
export interface RequiredFile {
  path: string;
  hint: string;
}

/** Why gitlab-ci-local cannot run the test here, if it cannot; `files` are the test's own inputs. */
export function missingPrerequisites(files: RequiredFile[] = []): string[] {
  const missing: string[] = [];
  for (const command of ['git', 'bash', 'rsync']) {
    if (!onPath(command)) missing.push(`${command} is not on PATH${command === 'rsync' ? ' (apt-get install -y rsync)' : ''}`);
  }
  if (!existsSync(GITLAB_CI_LOCAL)) missing.push(`${GITLAB_CI_LOCAL} is missing (npm ci installs the gitlab-ci-local devDependency)`);
  if (!existsSync(CLI)) missing.push(`${CLI} is missing (run npm run build first)`);
  for (const file of files) if (!existsSync(file.path)) missing.push(`${file.path} is missing (${file.hint})`);
  for (const path of [process.execPath, CLI]) if (/\s/.test(path)) missing.push(`the path ${path} holds a space, which the cli input cannot carry`);
  return missing;
}

/** Throws, naming every missing prerequisite: nothing is skipped. */
export function assertPrerequisites(files: RequiredFile[] = []): void {
  const missing = missingPrerequisites(files);
  if (missing.length) throw new Error(`gitlab-ci-local cannot run here: ${missing.join('; ')}.`);
}

export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout.trim();
}

const temporaryDirs: string[] = [];

/** Deletes every project componentProject made (call it in afterAll). */
export function removeComponentProjects(): void {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface ComponentProjectOptions {
  /** Component names (templates/<name>.yml of this checkout) copied to templates/. */
  templates: string[];
  /** Project path → file to copy there. */
  copies?: Record<string, string>;
  /** Project path → content. */
  files?: Record<string, string>;
}

export interface ComponentProject {
  dir: string;
  /** The commit holding it all: `@<sha>` in a component include. */
  sha: string;
}

/** A committed Git project holding the chosen components under templates/ and the given files. */
export function componentProject({ templates, copies = {}, files = {} }: ComponentProjectOptions): ComponentProject {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-gitlab-'));
  temporaryDirs.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'ci@example.com');
  git(dir, 'config', 'user.name', 'gitops-sync test');
  git(dir, 'remote', 'add', 'origin', REMOTE);
  mkdirSync(join(dir, 'templates'));
  for (const name of templates) copyFileSync(join(TEMPLATES, `${name}.yml`), join(dir, 'templates', `${name}.yml`));
  const place = (path: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    return join(dir, path);
  };
  for (const [path, source] of Object.entries(copies)) copyFileSync(source, place(path));
  for (const [path, content] of Object.entries(files)) writeFileSync(place(path), content);
  writeFileSync(join(dir, '.gitignore'), '.gitlab-ci-local/\n.gcl-home/\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'component project');
  // A remote default branch, so gitlab-ci-local does not warn that origin/HEAD is unknown.
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  git(dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  return { dir, sha: git(dir, 'rev-parse', 'HEAD') };
}

export type Inputs = Record<string, string | boolean | string[]>;
/** Includes templates/<name>.yml as a CI/CD component of the project at `sha`. */
export const componentInclude = (sha: string, name: string, inputs: Inputs) => ({ component: `$CI_SERVER_FQDN/$CI_PROJECT_PATH/${name}@${sha}`, inputs });

export interface Pipeline {
  dir: string;
  code: number | null;
  /** Everything gitlab-ci-local printed, colour codes removed. */
  output: string;
}

/** gitlab-ci-local's environment: the caller's, minus anything that would make it think it runs inside GitLab CI. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'CI' || name === 'NODE_OPTIONS' || name.startsWith('CI_') || name.startsWith('GITLAB_')) continue;
    env[name] = value;
  }
  return { ...env, NO_COLOR: '1', CHECKPOINT_DISABLE: '1', ...extra };
}

export interface RunOptions {
  /** Extra environment of gitlab-ci-local itself (the shell jobs inherit it). */
  env?: Record<string, string>;
  /**
   * CI/CD variables of every job (`--variable NAME=value`). They override gitlab-ci-local's predefined CI_* variables
   * (CI_PROJECT_ID, CI_PIPELINE_SOURCE, CI_API_V4_URL…), and rules: see them; the "avoid overriding predefined
   * variables" warning is silenced for these names.
   */
  variables?: Record<string, string>;
  /** Jobs with `when: manual` to run as if someone pressed play (`--manual`). */
  manual?: string[];
  /** gitlab-ci-local is killed after this many milliseconds (default 110 s: a busy machine makes gitlab-ci-local slow). */
  timeout?: number;
}

/** Writes .gitlab-ci.yml and runs the whole pipeline with the shell executor, each job in its own copy of the project. */
export async function runPipeline(dir: string, include: object[], options: RunOptions = {}): Promise<Pipeline> {
  writeFileSync(join(dir, '.gitlab-ci.yml'), stringify({ include }));
  const pipeline = await runGitlabCiLocal(dir, options);
  // On a loaded machine gitlab-ci-local now and then fails before running any job (seen once in ~30 CI runs, with
  // three pipelines side by side); a pipeline that ran no job at all is run once more. A pipeline that fails the
  // same way twice is reported by jobLog with what gitlab-ci-local printed.
  return ranNoJob(pipeline) ? runGitlabCiLocal(dir, options) : pipeline;
}

const ranNoJob = (pipeline: Pipeline) => pipeline.code !== 0 && !(existsSync(stateFile(pipeline, 'output')) && readdirSync(stateFile(pipeline, 'output')).length);

/** Runs the pipeline of the project's own .gitlab-ci.yml (`extraArgs`: e.g. `--list`). */
export function runGitlabCiLocal(dir: string, { env = {}, variables = {}, manual = [], timeout = 110_000 }: RunOptions = {}, extraArgs: string[] = []): Promise<Pipeline> {
  const args = [
    GITLAB_CI_LOCAL,
    '--force-shell-executor', // the job's image: is ignored; scripts run in bash on this machine, nothing is pulled
    '--shell-isolation', // each job runs in .gitlab-ci-local/builds/<job>, a fresh copy of the tracked files
    '--no-artifacts-to-source',
    '--no-color',
    '--home',
    join(dir, '.gcl-home'), // not the user's ~/.gitlab-ci-local/variables.yml
  ];
  for (const [name, value] of Object.entries(variables)) args.push('--variable', `${name}=${value}`);
  for (const job of manual) args.push('--manual', job);
  if (Object.keys(variables).length) args.push('--ignore-predefined-vars', Object.keys(variables).join(','));
  args.push(...extraArgs);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: dir, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      // eslint-disable-next-line no-control-regex
      resolve({ dir, code, output: output.replace(/\x1b\[[0-9;]*m/g, '') });
    });
  });
}

/** A file under the pipeline's .gitlab-ci-local/ state folder. */
export const stateFile = (pipeline: Pipeline, ...path: string[]) => join(pipeline.dir, '.gitlab-ci-local', ...path);
/** What the job printed (its script lines and their output). */
export function jobLog(pipeline: Pipeline, job: string): string {
  const log = stateFile(pipeline, 'output', `${job}.log`);
  if (!existsSync(log)) throw new Error(`gitlab-ci-local left no log of job ${job} (exit code ${pipeline.code}); it printed:\n${pipeline.output.slice(-4000)}`);
  return readFileSync(log, 'utf8');
}
/** Where gitlab-ci-local keeps the job's artifact `path`. */
export const artifact = (pipeline: Pipeline, job: string, path: string) => stateFile(pipeline, 'artifacts', job, path);

/** The PASS / FAIL line gitlab-ci-local prints for a job at the end of the pipeline. */
export function jobStatus(pipeline: Pipeline, job: string): string | undefined {
  const escaped = job.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  return new RegExp(`^\\s*(PASS|FAIL)\\s+${escaped}\\s*$`, 'm').exec(pipeline.output)?.[1];
}

/** The npm package the components run by default, `npx --yes @org/gitops-sync@<exact version>`. */
export const NPM_PACKAGE = '@org/gitops-sync';

/**
 * A folder holding an `npx` that stands in for the npm registry (nothing is downloaded): it prints the arguments it
 * got (`npx-stand-in: --yes @org/gitops-sync@1.2.3 drift-detect …`), and for `--yes @org/gitops-sync@<version>`
 * runs this checkout's CLI with the rest, so the job does what the released CLI would. Put it first on PATH.
 */
export function npxStandIn(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-npx-'));
  temporaryDirs.push(dir);
  const script = [
    '#!/bin/sh',
    'echo "npx-stand-in: $*"',
    `case "$2" in ${NPM_PACKAGE}@*) [ "$1" = --yes ] && shift 2 && exec "${process.execPath}" "${CLI}" "$@";; esac`,
    'echo "npx-stand-in: only --yes ${NPM_PACKAGE}@<version> is available here"; exit 127',
  ].join('\n');
  writeFileSync(join(dir, 'npx'), `${script}\n`);
  chmodSync(join(dir, 'npx'), 0o755);
  return dir;
}

/** gitlab-ci-local's environment with the npx stand-in first on PATH. */
export const withNpxStandIn = (env: Record<string, string> = {}) => ({ ...env, PATH: `${npxStandIn()}${delimiter}${process.env.PATH ?? ''}` });

/**
 * The catalog project as GitLab serves it to another project: a bare Git repository holding this checkout's
 * gitlab-components/ with the given release tags, reachable as https://gitlab.example.com/acme/gitops-sync.git
 * through git's url.<base>.insteadOf (in `env`, for gitlab-ci-local's git ls-remote and git clone). A project that
 * includes `gitlab.example.com/acme/gitops-sync/<name>@<ref>` then gets it as a remote component, and
 * gitlab-ci-local resolves `@1` or `@~latest` to the newest matching tag and sets component.version to it, as GitLab does.
 */
export function releasedCatalog(tags: string[]): { env: Record<string, string> } {
  const work = componentProject({ templates: [], copies: {} });
  cpSync(TEMPLATES, join(work.dir, 'templates'), { recursive: true });
  git(work.dir, 'add', '-A');
  git(work.dir, 'commit', '-q', '-m', 'the released components');
  for (const tag of tags) git(work.dir, 'tag', tag);
  const bare = mkdtempSync(join(tmpdir(), 'gitops-sync-catalog-'));
  temporaryDirs.push(bare);
  git(bare, 'clone', '-q', '--bare', work.dir, '.');
  return {
    env: {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: `url.file://${bare}.insteadOf`,
      GIT_CONFIG_VALUE_0: `${REMOTE.replace('gitlab.example.com', 'gitlab.example.com:443')}`,
    },
  };
}

/** A project of another group (acme/app) that includes components from the released catalog. */
export function consumerProject(files: Record<string, string> = {}): ComponentProject {
  const project = componentProject({ templates: [], files });
  git(project.dir, 'remote', 'set-url', 'origin', 'https://gitlab.example.com/acme/app.git');
  return project;
}

/** Includes the released component <name> at `ref` (`1`, `1.2.3`, `~latest`, `main`). */
export const releasedInclude = (name: string, ref: string, inputs: Inputs) => ({ component: `gitlab.example.com/acme/gitops-sync/${name}@${ref}`, inputs });

/** The line every component prints before running the CLI. */
export const RUNNING = (command: string) => `gitops-sync: running ${command}`;
/** The sentence a component fails with when the release to run is not an exact version. */
export const NOT_EXACT = (value: string) =>
  `gitops-sync: the release to run must be an exact version such as 1.2.3, not "${value}"; include the component at a release (@1.2.3, or @1 for the newest 1.x), or set the input cli_version to an exact version (needed on GitLab before 18.6 and at a branch or SHA), or the input cli to a command.`;

/**
 * Runs this checkout's GitLab CI/CD components (gitlab-components/templates/) for real with gitlab-ci-local: a
 * throwaway Git project laid out like the catalog project, the components included with inputs, jobs run with the
 * shell executor (no Docker, nothing pulled), and the CLI pointed at this checkout's dist/ build.
 *
 * Needs: git, bash, rsync (gitlab-ci-local copies artifacts with it), and `npm run build` done first.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { REPO_ROOT } from './paths.js';

export const GITLAB_CI_LOCAL = join(REPO_ROOT, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');
export const CLI = join(REPO_ROOT, 'dist', 'cli', 'index.js');
export const TEMPLATES = join(REPO_ROOT, 'gitlab-components', 'templates');
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
/** Includes templates/<name>.yml as a local file with inputs. */
export const localInclude = (name: string, inputs: Inputs) => ({ local: `templates/${name}.yml`, inputs });

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
}

/** Writes .gitlab-ci.yml and runs the whole pipeline with the shell executor, each job in its own copy of the project. */
export function runPipeline(dir: string, include: object[], { env = {}, variables = {}, manual = [] }: RunOptions = {}): Promise<Pipeline> {
  writeFileSync(join(dir, '.gitlab-ci.yml'), stringify({ include }));
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
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: dir, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
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
export const jobLog = (pipeline: Pipeline, job: string) => readFileSync(stateFile(pipeline, 'output', `${job}.log`), 'utf8');
/** Where gitlab-ci-local keeps the job's artifact `path`. */
export const artifact = (pipeline: Pipeline, job: string, path: string) => stateFile(pipeline, 'artifacts', job, path);

/** The PASS / FAIL line gitlab-ci-local prints for a job at the end of the pipeline. */
export function jobStatus(pipeline: Pipeline, job: string): string | undefined {
  const escaped = job.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  return new RegExp(`^\\s*(PASS|FAIL)\\s+${escaped}\\s*$`, 'm').exec(pipeline.output)?.[1];
}

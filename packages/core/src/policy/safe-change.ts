import { load } from 'js-yaml';
import { globToRegExp } from '../severity/glob.js';
import type { ChangedFile, ChangeRequest } from './change-request.js';
import { CODEOWNERS_LOCATIONS } from './codeowners.js';

/** GitHub's pull request files API lists at most this many files. */
export const MAX_LISTED_FILES = 3000;

const KNOWN_STATUSES = new Set(['added', 'modified', 'removed', 'renamed']);
const SYMLINK = '120000';
const SUBMODULE = '160000';

/**
 * The controls themselves: changing any of them changes what is checked, so it always needs a
 * human, whatever safe_paths says. Matched case-insensitively, so `.GitHub/Workflows/x.yml` is one too.
 */
const CONTROL_GLOBS = [
  '.github/workflows/**',
  '.github/actions/**',
  '.gitlab-ci.yml',
  '.gitlab/**',
  '**/*.gitlab-ci.yml',
  '**/*.gitlab-ci.yaml',
  '**/action.yml',
  '**/action.yaml',
  ...new Set(Object.values(CODEOWNERS_LOCATIONS).flat()),
];

export interface SafetyPolicy {
  safePaths: readonly string[];
  /** The gitops-sync config (which holds this policy) and the CI files the base `.gitlab-ci.yml` includes. */
  extraControls: readonly string[];
  /** Branches a change may target to be approved automatically (the default branch, environment branches). */
  protectedBranches?: readonly string[];
}

/** Whole-change findings that mean the platform's file listing is incomplete or untrustworthy. */
export const LISTING_PROBLEM = /listed .* files but says|more than \d+ files changed|did not say exactly how many|listed no changed files|same file twice/;

export interface UnsafeFinding {
  /** The file, or `null` for a finding about the change as a whole. */
  path: string | null;
  reason: string;
}

export interface SafetyAssessment {
  safe: boolean;
  findings: UnsafeFinding[];
}

/**
 * Decides whether a change may be approved without a human. Fails closed: anything it does not
 * positively recognise as a safe path, a plain file and a known status makes the change unsafe.
 */
export function assessSafety(request: ChangeRequest, files: readonly ChangedFile[], policy: SafetyPolicy): SafetyAssessment {
  const findings: UnsafeFinding[] = [];
  const whole = (reason: string) => findings.push({ path: null, reason });
  if (!request.open) whole('the change is not open');
  if (request.draft) whole('the change is a draft');
  if (request.fromFork) whole('the change comes from a fork');
  if (files.length === 0) whole('the platform listed no changed files');
  if (request.changedFiles === undefined) whole('the platform did not say exactly how many files changed');
  else if (request.changedFiles > MAX_LISTED_FILES || files.length > MAX_LISTED_FILES) {
    whole(`more than ${MAX_LISTED_FILES} files changed, more than the API lists`);
  } else if (request.changedFiles !== files.length) {
    whole(`the platform listed ${files.length} files but says ${request.changedFiles} changed`);
  }
  const listed = files.map((file) => file.path);
  if (new Set(listed).size !== listed.length) whole('the platform listed the same file twice, so the listing cannot be trusted');
  if (policy.protectedBranches && !policy.protectedBranches.includes(request.baseRef)) {
    whole(`the change targets ${request.baseRef}, not the default branch or an environment's branch (${policy.protectedBranches.join(', ')})`);
  }
  const isSafe = pathMatcher(policy.safePaths, false);
  const isControl = pathMatcher([...CONTROL_GLOBS, ...policy.extraControls], true);
  for (const file of files) {
    const reason = fileProblem(file, isSafe, isControl);
    if (reason) findings.push({ path: file.path, reason });
  }
  return { safe: findings.length === 0, findings };
}

function fileProblem(file: ChangedFile, isSafe: (path: string) => boolean, isControl: (path: string) => boolean): string | undefined {
  if (!KNOWN_STATUSES.has(file.status)) return `its status "${file.status}" is not one approve-safe understands`;
  const paths = file.status === 'renamed' ? [file.previousPath, file.path] : [file.path];
  for (const path of paths) {
    if (path === undefined) return 'it was renamed but the old path is unknown';
    const suspicious = suspiciousPath(path);
    if (suspicious) return `${describe(path, file)} ${suspicious}`;
    if (isControl(path)) return `${describe(path, file)} is a control (CI, CODEOWNERS or gitops-sync policy)`;
    if (!isSafe(path)) return `${describe(path, file)} is not a safe path`;
  }
  const modes = [file.oldMode, file.newMode];
  if (modes.some((mode) => mode === undefined)) return 'its file mode is unknown';
  if (modes.includes(SYMLINK)) return 'it is a symbolic link';
  if (modes.includes(SUBMODULE)) return 'it is a submodule';
  if (file.oldMode !== '0' && file.newMode !== '0' && file.oldMode !== file.newMode) return `its mode changes from ${file.oldMode} to ${file.newMode}`;
  return undefined;
}

const describe = (path: string, file: ChangedFile) => (file.status === 'renamed' && path === file.previousPath ? `the old path ${JSON.stringify(path)}` : 'the path');

/** Paths a glob could be fooled by: they never count as safe. */
function suspiciousPath(path: string): string | undefined {
  if (/[^\x20-\x7e]/.test(path)) return 'has characters outside printable ASCII (possible look-alikes)';
  if (path.startsWith('/') || path.includes('\\')) return 'is not a plain relative path';
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') return 'has an empty, "." or ".." segment';
    if (segment.trim() !== segment) return 'has a segment with leading or trailing spaces';
  }
  return undefined;
}

function pathMatcher(globs: readonly string[], ignoreCase: boolean): (path: string) => boolean {
  const patterns = globs.map((glob) => new RegExp(globToRegExp(glob.replace(/^\//, ''), { pathGlobstar: true }).source, ignoreCase ? 'i' : ''));
  return (path) => patterns.some((pattern) => pattern.test(path));
}

/** The local files a `.gitlab-ci.yml` includes (`include: path`, `- local: path`); remote ones need no guarding here. */
export function gitlabLocalIncludes(ciYaml: string): string[] {
  let document: unknown;
  try {
    document = load(ciYaml, { json: true });
  } catch {
    return [];
  }
  const include = (document as { include?: unknown } | null)?.include;
  const entries = Array.isArray(include) ? include : include === undefined ? [] : [include];
  const paths: string[] = [];
  for (const entry of entries) {
    const local = typeof entry === 'string' && !/^https?:/.test(entry) ? entry : (entry as { local?: unknown } | null)?.local;
    if (typeof local === 'string') paths.push(...(Array.isArray(local) ? local : [local]));
  }
  return paths.map((path) => path.replace(/^\//, ''));
}

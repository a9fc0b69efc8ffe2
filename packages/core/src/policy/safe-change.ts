import { posix } from 'node:path';
import type { GitopsSyncConfig } from '../config/schema.js';
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

/**
 * Files a tool loads wherever they sit: Terraform and OpenTofu read every such file of a root or
 * module folder (modules can live anywhere), kustomize, Helm and Jsonnet find theirs by name, and
 * tool-version files pick the binary CI runs. Never safe, whatever `safe_paths` says.
 */
const INFRASTRUCTURE_GLOBS = [
  '**/*.tf',
  '**/*.tf.json',
  '**/*.tofu',
  '**/*.tofu.json',
  '**/*.tfvars',
  '**/*.tfvars.json',
  '**/.terraform.lock.hcl',
  '**/.terraformrc',
  '**/terraform.rc',
  '**/.terraform-version',
  '**/.opentofu-version',
  '**/.tool-versions',
  '**/kustomization.yaml',
  '**/kustomization.yml',
  '**/Kustomization',
  '**/Chart.yaml',
  '**/Chart.lock',
  '**/values.yaml',
  '**/*.jsonnet',
  '**/*.libsonnet',
  '**/jsonnetfile.json',
  '**/helmfile.yaml',
  '.gitmodules',
];

/**
 * Files that say which other files are encrypted at rest (SOPS creation rules, git-crypt's
 * `filter=git-crypt` attributes): a change to them is a change to what is kept secret, so a human
 * who owns the secrets reviews it, whatever `safe_paths` says.
 */
const SECRETS_POLICY_GLOBS = ['**/.sops.yaml', '**/.sops.yml', '**/.gitattributes'];

/** A glob of files one environment's sources load, and which environment loads them. */
export interface EnvironmentInput {
  glob: string;
  environment: string;
}

/**
 * Every file the configured environments render, plan or apply from, as repository-relative globs:
 * the Terraform folder (its `file()` and `templatefile()` read anything in it), its var and backend
 * files, the Kubernetes manifests, kustomize, Helm chart and Jsonnet folders, the values files, the
 * live export, Ansible's playbook folder, inventory (with the group_vars and host_vars beside it),
 * extra-vars files and a binary given as a path, the saved compliance results, and the paths a
 * rollback restores. `configPath` is where the config sits in the repository (its relative paths
 * start from its folder). A path that leaves the repository or is
 * absolute cannot be judged: it is returned in `unknown`.
 */
export function environmentInputs(config: Pick<GitopsSyncConfig, 'environments'>, configPath: string): { inputs: EnvironmentInput[]; unknown: string[] } {
  const base = posix.dirname(configPath);
  const inputs: EnvironmentInput[] = [];
  const unknown: string[] = [];
  for (const [environment, settings] of Object.entries(config.environments)) {
    const add = (path: string, from = base, folder = true) => {
      const joined = posix.normalize(posix.join(from, path.replace(/\\/g, '/')));
      if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || joined === '..' || joined.startsWith('../')) {
        unknown.push(`${environment} loads ${JSON.stringify(path)}, outside the repository`);
        return;
      }
      const clean = joined.replace(/^\.\/?/, '').replace(/\/$/, '');
      if (clean === '' || clean === '.') inputs.push({ glob: '**', environment });
      else {
        inputs.push({ glob: escapeGlob(clean), environment });
        if (folder) inputs.push({ glob: `${escapeGlob(clean)}/**`, environment });
      }
    };
    const { terraform, kubernetes } = settings;
    if (terraform) {
      add(terraform.dir);
      const dir = posix.join(base, terraform.dir);
      for (const file of terraform.var_files) add(file, dir, false);
      for (const value of terraform.backend_config) if (!value.includes('=')) add(value, dir, false);
    }
    if (kubernetes) {
      for (const path of kubernetes.manifests ?? []) add(path);
      if (kubernetes.kustomize) add(kubernetes.kustomize);
      if (kubernetes.helm) {
        add(kubernetes.helm.chart);
        for (const file of kubernetes.helm.values) add(file, base, false);
      }
      if (kubernetes.jsonnet) add(posix.dirname(kubernetes.jsonnet.file));
      if ('export' in kubernetes.live) add(kubernetes.live.export, base, false);
    }
    const { ansible } = settings;
    if (ansible) {
      // ansible-playbook runs in the playbook's folder and reads anything there (roles, templates, ansible.cfg, vars_files).
      add(posix.dirname(ansible.playbook));
      if (!ansible.inventory.includes(',')) {
        add(ansible.inventory);
        const beside = posix.dirname(ansible.inventory);
        for (const folder of ['group_vars', 'host_vars']) add(posix.join(beside, folder));
      }
      if (Array.isArray(ansible.extra_vars)) for (const file of ansible.extra_vars) add(file.slice(1), base, false);
      // A binary named by a path is a file of the repository that drift-detect runs; an absolute one is the runner's.
      if (ansible.binary.includes('/') && !ansible.binary.startsWith('/')) add(ansible.binary, base, false);
    }
    for (const saved of [settings.aws_config?.file, settings.azure_policy?.file, settings.config_connector?.export]) if (saved) add(saved, base, false);
    for (const path of settings.paths ?? []) add(path);
  }
  return { inputs, unknown };
}

/** A literal path as a glob: the glob characters it holds match only themselves. */
const escapeGlob = (path: string) => path.replace(/[*?{]/g, (char) => `{${char}}`);

export interface SafetyPolicy {
  safePaths: readonly string[];
  /** What the configured environments load (`environmentInputs`): never safe. */
  environmentInputs?: readonly EnvironmentInput[];
  /** The gitops-sync config (which holds this policy) and the CI files the base `.gitlab-ci.yml` includes. */
  extraControls: readonly string[];
  /** Branches a change may target to be approved automatically (the default branch, environment branches). */
  protectedBranches?: readonly string[];
}

/** Whole-change findings that mean the platform's file listing is incomplete or untrustworthy. */
export const LISTING_PROBLEM = /listed .* files but says|more than \d+ files changed|did not say exactly how many|listed no changed files|same file twice|as it is not at the head/;

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
  const loadedBy = infrastructureMatcher(policy.environmentInputs ?? []);
  for (const file of files) {
    const reason = fileProblem(file, isSafe, isControl, loadedBy);
    if (reason) findings.push({ path: file.path, reason });
  }
  return { safe: findings.length === 0, findings };
}

const isSecretsPolicy = pathMatcher(SECRETS_POLICY_GLOBS, true);

function fileProblem(file: ChangedFile, isSafe: (path: string) => boolean, isControl: (path: string) => boolean, loadedBy: (path: string) => string | undefined): string | undefined {
  if (!KNOWN_STATUSES.has(file.status)) return `its status "${file.status}" is not one approve-safe understands`;
  const paths = file.status === 'renamed' ? [file.previousPath, file.path] : [file.path];
  for (const path of paths) {
    if (path === undefined) return 'it was renamed but the old path is unknown';
    const suspicious = suspiciousPath(path);
    if (suspicious) return `${describe(path, file)} ${suspicious}`;
    if (isSecretsPolicy(path)) return `${describe(path, file)} says which files are encrypted at rest (.sops.yaml or .gitattributes)`;
    if (isControl(path)) return `${describe(path, file)} is a control (CI, CODEOWNERS or gitops-sync policy)`;
    if (!isSafe(path)) return `${describe(path, file)} is not a safe path`;
    const loader = loadedBy(path);
    if (loader) return `${describe(path, file)} matches safe_paths but is ${loader}, so it can change what is deployed`;
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

/** Which tool or environment loads a path (case-insensitively: a case-insensitive checkout loads `Main.TF` too), or undefined. */
function infrastructureMatcher(inputs: readonly EnvironmentInput[]): (path: string) => string | undefined {
  const isInfrastructure = pathMatcher(INFRASTRUCTURE_GLOBS, true);
  const environments = inputs.map((input) => ({ environment: input.environment, matches: pathMatcher([input.glob], true) }));
  return (path) => {
    const loaders = [...new Set(environments.filter((entry) => entry.matches(path)).map((entry) => entry.environment))];
    if (loaders.length) return `loaded by environment ${loaders.join(', ')}`;
    return isInfrastructure(path) ? 'a file Terraform, OpenTofu, kustomize, Helm, Jsonnet or CI tooling loads by its name' : undefined;
  };
}

function pathMatcher(globs: readonly string[], ignoreCase: boolean): (path: string) => boolean {
  const patterns = globs.map((glob) => new RegExp(globToRegExp(glob.replace(/^\//, ''), { pathGlobstar: true }).source, ignoreCase ? 'i' : ''));
  return (path) => patterns.some((pattern) => pattern.test(path));
}

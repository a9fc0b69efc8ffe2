import { z } from 'zod';

/*
 * Atlantis's repo-level config (atlantis.yaml, version 3), as its documentation describes it. Each
 * rule names its page: [repo] https://www.runatlantis.io/docs/repo-level-atlantis-yaml (Reference),
 * [workflows] https://www.runatlantis.io/docs/custom-workflows (Reference), [requirements]
 * https://www.runatlantis.io/docs/command-requirements. Unknown keys are refused, as Atlantis does.
 */

/** [requirements] "Currently the only supported requirements are approved, mergeable, and undiverged." */
const Requirement = z.enum(['approved', 'mergeable', 'undiverged']);

/** [workflows] Step: `shellArgs` is "string or []string" and "cannot be set without shell". */
const ShellArgs = z.union([z.string(), z.array(z.string())]);
const withShell = <T extends { shell?: string; shellArgs?: unknown }>(step: T) => step.shellArgs === undefined || step.shell !== undefined;

/** [workflows] Custom `run` Command: compact (a string) or full (`command`, `shell`, `shellArgs`, `output`). */
const RunOutput = z.union([z.enum(['show', 'hide', 'strip_refreshing']), z.array(z.union([z.enum(['show', 'hide', 'strip_refreshing']), z.object({ filter_regex: z.string() }).strict()]))]);
const Run = z.union([
  z.string().min(1),
  z
    .object({ command: z.string().min(1), shell: z.string().min(1).optional(), shellArgs: ShellArgs.optional(), output: RunOutput.optional() })
    .strict()
    .refine(withShell, 'run.shellArgs cannot be set without run.shell'),
]);

/** [workflows] `env`: `name`, and `value` or `command` (not both); `shell`/`shellArgs` only with `command`. */
const Env = z
  .object({ name: z.string().min(1), value: z.string().optional(), command: z.string().min(1).optional(), shell: z.string().min(1).optional(), shellArgs: ShellArgs.optional() })
  .strict()
  .refine((env) => (env.value === undefined) !== (env.command === undefined), 'env needs value or command, not both')
  .refine((env) => env.shell === undefined || env.command !== undefined, 'env.shell needs env.command')
  .refine(withShell, 'env.shellArgs cannot be set without env.shell');

/** [workflows] `multienv`: compact, or `command` with `shell`, `shellArgs`, `output` (show|hide). */
const MultiEnv = z.union([
  z.string().min(1),
  z.object({ command: z.string().min(1), shell: z.string().min(1).optional(), shellArgs: ShellArgs.optional(), output: z.enum(['show', 'hide']).optional() }).strict().refine(withShell, 'multienv.shellArgs cannot be set without multienv.shell'),
]);

/**
 * [workflows] Built-In Commands: init, plan, apply, import, state_rm; `show` and `policy_check` are the
 * policy_check stage's (Custom Workflows, "policy checking … show, policy_check").
 */
const BUILT_IN = ['init', 'plan', 'show', 'policy_check', 'apply', 'import', 'state_rm'] as const;
/** [workflows] Built-In Command With Extra Args: "only extra_args is supported as a value". */
const ExtraArgs = z.object({ extra_args: z.array(z.string()) }).strict();

const Step = z.union([
  z.enum(BUILT_IN),
  ...BUILT_IN.map((name) => z.object({ [name]: ExtraArgs }).strict()),
  z.object({ run: Run }).strict(),
  z.object({ env: Env }).strict(),
  z.object({ multienv: MultiEnv }).strict(),
]);

/** [workflows] Stage: `steps`, a list of steps. */
const Stage = z.object({ steps: z.array(Step).default([]) }).strict();

/** [workflows] Workflow: plan, apply, import, state_rm (and policy_check, see policy checking). */
export const AtlantisWorkflow = z.object({ plan: Stage, apply: Stage, policy_check: Stage, import: Stage, state_rm: Stage }).partial().strict();

/**
 * [repo] Project > workspace: "Cannot contain /, \\, .., $, whitespace or control characters, and
 * cannot start with - or ~."
 */
const Workspace = z
  .string()
  .min(1)
  .refine((workspace) => !/[/\\$\s\p{Cc}]|\.\./u.test(workspace) && !/^[-~]/.test(workspace), 'a workspace cannot contain /, \\, .., $, whitespace or control characters, nor start with - or ~');

/** [repo] Project > dir: "relative to the repo root … Use . to indicate the repo root" (Atlantis refuses `..`). */
const ProjectDir = z
  .string()
  .min(1)
  .refine((dir) => !dir.startsWith('/') && !dir.split('/').includes('..'), 'dir is relative to the repository root and cannot contain ..');

/** [repo] Project. */
export const AtlantisProject = z
  .object({
    name: z.string().min(1).optional(),
    /** [repo] "Regex matching projects by the base branch" (written /…/). */
    branch: z.string().regex(/^\/.*\/$/, 'branch is a regex that begins and ends with /').optional(),
    dir: ProjectDir,
    workspace: Workspace.optional(),
    execution_order_group: z.number().int().optional(),
    delete_source_branch_on_merge: z.boolean().optional(),
    repo_locking: z.boolean().optional(),
    /** [repo] RepoLocks > mode: disabled, on_plan or on_apply. */
    repo_locks: z.object({ mode: z.enum(['disabled', 'on_plan', 'on_apply']) }).strict().optional(),
    custom_policy_check: z.boolean().optional(),
    /** [repo] Autoplan: `enabled`, `when_modified` (.dockerignore patterns relative to the project's dir). */
    autoplan: z.object({ enabled: z.boolean().optional(), when_modified: z.array(z.string().min(1)).optional() }).strict().optional(),
    /** [repo] "Must be Semver compatible, ex. v0.11.0, 0.12.0-beta1." */
    terraform_version: z.string().regex(/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'terraform_version is a semantic version, e.g. 1.9.8').optional(),
    /** [repo] Example Using All Keys (terraform_distribution: terraform; Atlantis accepts terraform or opentofu). */
    terraform_distribution: z.enum(['terraform', 'opentofu']).optional(),
    plan_requirements: z.array(Requirement).optional(),
    apply_requirements: z.array(Requirement).optional(),
    import_requirements: z.array(Requirement).optional(),
    /** [repo] "Supported values are: plan, apply." */
    silence_pr_comments: z.array(z.enum(['plan', 'apply'])).optional(),
    workflow: z.string().min(1).optional(),
    /** [repo] Example Using All Keys: depends_on, a list of project names. */
    depends_on: z.array(z.string().min(1)).optional(),
  })
  .strict();

/** [repo] Top-Level Keys (and Example Using All Keys for autodiscover, parallel_*, abort_on_execution_order_fail). */
export const AtlantisRepoConfig = z
  .object({
    /** [repo] "This key is required and must be set to 3." */
    version: z.literal(3),
    automerge: z.boolean().optional(),
    autodiscover: z.object({ mode: z.enum(['auto', 'enabled', 'disabled']).optional(), ignore_paths: z.array(z.string()).optional() }).strict().optional(),
    delete_source_branch_on_merge: z.boolean().optional(),
    parallel_plan: z.boolean().optional(),
    parallel_apply: z.boolean().optional(),
    abort_on_execution_order_fail: z.boolean().optional(),
    projects: z.array(AtlantisProject).optional(),
    workflows: z.record(z.string().min(1), AtlantisWorkflow).optional(),
    allowed_regexp_prefixes: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((config, context) => {
    const projects = config.projects ?? [];
    const names = projects.map((project) => project.name).filter((name): name is string => name !== undefined);
    for (const name of new Set(names.filter((name, index) => names.indexOf(name) !== index))) context.addIssue({ code: 'custom', path: ['projects'], message: `two projects are named ${name}` });
    // [repo] Project > name: "Required if there is more than one project with the same dir and workspace."
    const unnamed = projects.filter((project) => project.name === undefined).map((project) => `${project.dir}@${project.workspace ?? 'default'}`);
    const places = projects.map((project) => `${project.dir}@${project.workspace ?? 'default'}`);
    for (const place of new Set(unnamed)) if (places.filter((other) => other === place).length > 1) context.addIssue({ code: 'custom', path: ['projects'], message: `projects sharing dir and workspace ${place} each need a name` });
    for (const [index, project] of projects.entries()) {
      for (const dependency of project.depends_on ?? []) if (!names.includes(dependency)) context.addIssue({ code: 'custom', path: ['projects', index, 'depends_on'], message: `depends_on names ${dependency}, which is no project's name` });
    }
  });
export type AtlantisRepoConfig = z.infer<typeof AtlantisRepoConfig>;

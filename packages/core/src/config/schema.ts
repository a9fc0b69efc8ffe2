import { posix } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { closest } from '../closest.js';
import { FailOn } from '../policy/fail-on.js';
import { IgnoreDifference } from '../k8s/ignore.js';
import { SeverityRuleList } from '../severity/rules.js';
import { AlertThresholds } from '../monitoring/drift-state.js';
import { isAgeX25519Recipient } from './age-recipient.js';

/** At most 100 characters: the name goes into PagerDuty's dedup_key (255), file and branch names, deployment environments. */
export const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

const nameList = z.array(z.string().min(1));

/** Text progress lines and messages print: a line break in it would print a line of its own, which a CI runner may read as a command (`::stop-commands::`). */
const oneLineText = z
  .string()
  .min(1)
  .regex(/^[^\p{Cc}\u2028\u2029]*$/u, 'no line breaks or other control characters');

export const TerraformEnvironment = z
  .object({
    /** Folder with the Terraform configuration, relative to the config file. */
    dir: oneLineText,
    workspace: oneLineText.optional(),
    var_files: z.array(oneLineText).default([]),
    /** `-backend-config` values: files or `key=value` pairs. */
    backend_config: z.array(oneLineText).default([]),
    /** Binary to run: `terraform` or `tofu`. */
    binary: z.enum(['terraform', 'tofu']).default('terraform'),
    /** How long each of a drift check's init, plan and show may run before it is stopped (an apply never is); default 60. */
    timeout_minutes: z.number().positive().max(24 * 60).optional(),
  })
  .strict();
export type TerraformEnvironment = z.infer<typeof TerraformEnvironment>;

const stringMap = z.record(z.string(), z.string());

export const KubernetesEnvironment = z
  .object({
    /** Desired state, one of: manifest files or folders… */
    manifests: nameList.optional(),
    /** …a kustomization folder (rendered with `kubectl kustomize`)… */
    kustomize: z.string().min(1).optional(),
    /** …a Helm chart (rendered with `helm template`)… */
    helm: z
      .object({ chart: z.string().min(1), release: z.string().min(1), namespace: z.string().optional(), values: nameList.default([]), set: nameList.default([]) })
      .strict()
      .optional(),
    /** …or a Jsonnet file (rendered with `jsonnet`). */
    jsonnet: z.object({ file: z.string().min(1), ext_str: stringMap.default({}), tla_str: stringMap.default({}) }).strict().optional(),
    /** Live state: an export file (`kubectl get … -o yaml`), or `kubectl get` of the rendered objects. */
    live: z.union([z.object({ export: z.string().min(1) }).strict(), z.object({ kubectl: z.literal(true) }).strict()]),
    context: z.string().min(1).optional(),
    namespace: z.string().min(1).default('default'),
    /** `key=value`: live objects with it and not in Git are to be pruned. */
    tracking_label: z.string().regex(/^[^=]+=.*$/, 'write key=value').optional(),
    ignore_differences: z.array(IgnoreDifference).default([]),
    /**
     * The field manager(s) that apply Git to this cluster (`kubectl apply --field-manager`, Argo CD's
     * `argocd-controller`, Flux's `kustomize-controller`): a field another manager owns was changed
     * outside Git. Default: the usual appliers (DEFAULT_FIELD_MANAGERS).
     */
    field_manager: z.union([z.string().min(1), nameList.min(1)]).optional(),
  })
  .strict()
  .refine((k) => [k.manifests, k.kustomize, k.helm, k.jsonnet].filter(Boolean).length === 1, {
    message: 'set exactly one of manifests, kustomize, helm or jsonnet',
  });
export type KubernetesEnvironment = z.infer<typeof KubernetesEnvironment>;

export const RollbackSettings = z
  .object({
    /** `refuse` (default): no rollback while the controller syncs on its own; `suspend`: suspend it for the rollback, then restore it. */
    auto_sync: z.enum(['refuse', 'suspend']).default('refuse'),
    /** `pull-request` (default): the revert goes to a branch with a PR/MR; `direct`: pushed to the branch the controller follows. */
    revert: z.enum(['pull-request', 'direct']).default('pull-request'),
  })
  .strict();
export type RollbackSettings = z.infer<typeof RollbackSettings>;

export const Environment = z
  .object({
    terraform: TerraformEnvironment.optional(),
    kubernetes: KubernetesEnvironment.optional(),
    /** The environment's paths: what a `rollback --mode git` restores and `audit export` follows; defaults to terraform.dir and the Kubernetes sources. */
    paths: nameList.optional(),
    /** sync through Argo CD: trigger the application's sync (ARGOCD_SERVER, ARGOCD_AUTH_TOKEN) instead of kubectl apply. */
    argocd: z.object({ app: z.string().min(1), prune: z.boolean().default(false) }).strict().optional(),
    /** sync through Flux: `flux reconcile <kind> <name> --with-source` instead of kubectl apply. */
    flux: z.object({ kind: z.enum(['kustomization', 'helmrelease']), name: z.string().min(1), namespace: z.string().min(1).default('flux-system') }).strict().optional(),
    /**
     * rollback --mode kubernetes|argocd: what to do when the environment's controller (Argo CD automated
     * sync, a Flux object) would put the failed version back, and how the Git revert that keeps the
     * rollback lands (a pull/merge request, or pushed to the branch).
     */
    rollback: RollbackSettings.optional(),
    /**
     * `ansible-playbook --check --diff` of a playbook against an inventory (paths relative to the config):
     * what check mode reports changed is drift. `extra_vars`: a map (passed as JSON) or `@file` names.
     */
    ansible: z
      .object({
        playbook: z.string().min(1),
        inventory: z.string().min(1),
        limit: z.string().min(1).regex(/^[^-]/, 'a limit does not start with -').optional(),
        extra_vars: z.union([z.record(z.string(), z.unknown()), z.array(z.string().regex(/^@./, 'write each extra-vars file as @path'))]).optional(),
        binary: z.string().min(1).default('ansible-playbook'),
      })
      .strict()
      .optional(),
    /** Drift from an AWX / Ansible Tower / AAP job template run in check mode with diff (see engine drift/awx.ts). */
    awx: z
      .object({
        /** The AWX server: `https://awx.example.com` (a path prefix allowed). */
        url: z.string().url(),
        /** The job template: its numeric id, or its name (looked up with GET /api/v2/job_templates/?name=). */
        job_template: z.union([z.number().int().positive(), z.string().min(1)]),
        /** The environment variable (a CI secret) holding the OAuth2 / personal access token. */
        token_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').default('AWX_TOKEN'),
        limit: z.string().min(1).optional(),
        extra_vars: z.record(z.string(), z.unknown()).optional(),
        /** How long the job may take, from launch until it has finished (default 30); then it is cancelled. */
        timeout_minutes: z.number().positive().max(24 * 60).default(30),
        /** How often the job's status is asked for (default 5). */
        poll_seconds: z.number().positive().max(300).default(5),
      })
      .strict()
      .optional(),
    /**
     * AWS Config compliance as drift: every NON_COMPLIANT resource of the given rules (all rules with
     * a non-compliant resource when none are named), read with the AWS CLI, or `file`: a saved
     * `aws configservice get-compliance-details-by-config-rule` / `describe-compliance-by-resource` JSON.
     */
    aws_config: z
      .object({
        rules: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, 'a Config rule name is letters, digits, - and _')).min(1).optional(),
        resource_types: z.array(z.string().regex(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/, 'a resource type is written AWS::Service::Type')).min(1).optional(),
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'a region is written like eu-west-1').optional(),
        profile: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a profile name is letters, digits, . _ -').optional(),
        file: z.string().min(1).optional(),
        /** Seconds each AWS CLI call may take before it is stopped. */
        timeout_seconds: z.number().int().positive().max(3600).default(300),
      })
      .strict()
      .refine((settings) => !settings.file || !(settings.rules || settings.resource_types || settings.region || settings.profile), {
        message: 'file reads a saved result as it is: leave out rules, resource_types, region and profile, or leave out file to run the AWS CLI',
      })
      .optional(),
    /**
     * Azure Policy compliance as drift: the NonCompliant states (with their evaluation details) of
     * the subscription, resource group or assignment, read with `az policy state list`, or `file`:
     * its saved JSON.
     */
    azure_policy: z
      .object({
        subscription: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, 'a subscription is its id or name').optional(),
        resource_group: z.string().regex(/^[A-Za-z0-9_.()][A-Za-z0-9_.()-]*$/, 'a resource group name is letters, digits, . _ ( ) -').optional(),
        policy_assignment: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a policy assignment name is letters, digits, . _ -').optional(),
        file: z.string().min(1).optional(),
        /** Seconds the az call may take before it is stopped. */
        timeout_seconds: z.number().int().positive().max(3600).default(300),
      })
      .strict()
      .refine((settings) => !settings.file || !(settings.subscription || settings.resource_group || settings.policy_assignment), {
        message: 'file reads a saved result as it is: leave out subscription, resource_group and policy_assignment, or leave out file to run az',
      })
      .optional(),
    /**
     * GCP Config Connector resources: their status against their spec (`drift` runs `kubectl get` of
     * the `gcp` category, or the kinds given; or reads an export saved with `kubectl get gcp -o json`).
     */
    config_connector: z
      .object({
        /** A saved export (`kubectl get gcp --all-namespaces -o json`, or YAML), relative to the config file… */
        export: z.string().min(1).optional(),
        /** …or `kubectl get` run now, with the runner's kubeconfig. */
        kubectl: z.literal(true).optional(),
        /** The kubeconfig context; the current one when unset. */
        context: z.string().min(1).optional(),
        /** Only this namespace; all namespaces when unset. */
        namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Kubernetes namespace name').optional(),
        /** kubectl resource names (`storagebuckets`, `computefirewalls.compute.cnrm.cloud.google.com`); every Config Connector kind (the `gcp` category) when unset. */
        kinds: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'a kubectl resource name such as computefirewalls')).min(1).optional(),
        /** How long kubectl may take before it is stopped. */
        timeout_seconds: z.number().int().positive().max(3600).default(120),
      })
      .strict()
      .refine((settings) => (settings.export === undefined) !== (settings.kubectl === undefined), { message: 'set exactly one of export or kubectl: true' })
      .optional(),
    /**
     * A Terraform Cloud / Enterprise workspace whose current health assessment (its plan JSON) is
     * this environment's drift: `workspace` is a `ws-…` id, or a name with `organization`.
     */
    terraform_cloud: z
      .object({
        organization: z.string().regex(/^[A-Za-z0-9_-]+$/, 'an organization name is letters, digits, - and _').optional(),
        workspace: z.string().regex(/^[A-Za-z0-9_-]+$/, 'a workspace is a ws-… id or a name of letters, digits, - and _'),
        /** app.terraform.io (default), a Terraform Enterprise host (`tfe.example.com`), or an https:// URL. */
        hostname: z.string().min(1).optional(),
        /** The environment variable (a CI secret) holding the API token; default TFE_TOKEN, then TF_TOKEN_<hostname>. */
        token_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').optional(),
      })
      .strict()
      .refine((settings) => settings.workspace.startsWith('ws-') || settings.organization !== undefined, {
        message: 'a workspace given by name needs organization (or give its ws-… id)',
        path: ['organization'],
      })
      .optional(),
    /** Short names the command line accepts for this environment, e.g. `[prod]`; never guessed from a prefix. */
    aliases: z.array(z.string().regex(ENVIRONMENT_NAME, 'an alias is letters, digits, . _ -, at most 100 characters')).optional(),
  })
  .strict();
export type Environment = z.infer<typeof Environment>;

/** The environment's paths as the config names them (relative to it): `paths`, else its Terraform folder and Kubernetes sources; empty when it has none. */
export function environmentPaths(settings: Environment): string[] {
  if (settings.paths?.length) return settings.paths;
  const kubernetes = settings.kubernetes;
  const ansible = settings.ansible;
  const paths = [
    settings.terraform?.dir,
    ...(kubernetes?.manifests ?? []),
    kubernetes?.kustomize,
    kubernetes?.helm?.chart,
    ...(kubernetes?.helm?.values ?? []),
    kubernetes?.jsonnet?.file,
    // The playbook's folder holds its roles and vars (the playbook alone when it sits beside the config);
    // an inventory with a comma is a host list, not a file.
    ansible && (posix.dirname(ansible.playbook) === '.' ? ansible.playbook : posix.dirname(ansible.playbook)),
    ansible && !ansible.inventory.includes(',') ? ansible.inventory : undefined,
    ...(Array.isArray(ansible?.extra_vars) ? ansible.extra_vars.map((file) => file.slice(1)) : []),
  ];
  return paths.filter((path): path is string => Boolean(path));
}

/** Environment names become file names (drift-report-<name>.json), so no path characters. */

export function checkEnvironmentName(name: string): string {
  if (!ENVIRONMENT_NAME.test(name)) {
    throw new UserError(`Environment name ${JSON.stringify(name)} is not allowed; use letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters.`);
  }
  return name;
}

/** Exact names only: a prefix glob like `README*` also matches `README.auto.tfvars`. */
export const DEFAULT_SAFE_PATHS = ['README.md', 'CHANGELOG.md', 'docs/**', '**/*.md'];

/**
 * A team as the platform names it: `org/team` on GitHub, a group path `group/subgroup` on GitLab. A
 * bare name can never be resolved (GitHub has no team outside an org; the gate reads only names with
 * a slash as groups), so it would deny forever without saying why.
 */
const teamName = z.string().superRefine((team, context) => {
  if (/^@?[^/\s]+(\/[^/\s]+)+$/.test(team)) return;
  const bare = team.replace(/^@/, '');
  context.addIssue({
    code: 'custom',
    message: `"${team}" names no organisation, so no approval can ever satisfy it; write it as org/${bare || 'team'} (a GitHub organisation/team, or a GitLab group/subgroup path)`,
  });
});

/**
 * Who may deploy: a user as the platform spells the login (`alice`, a bot as `renovate[bot]`), or a
 * team (`org/team` on GitHub, a group path on GitLab). A leading `@` is dropped.
 */
const deployerName = z
  .string()
  .transform((name) => name.replace(/^@/, ''))
  .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*(\[bot\])?(\/[A-Za-z0-9_.-]+)*$/, 'a login (alice, renovate[bot]) or a team (org/team, group/subgroup)'));

export const ApprovalEnvironment = z
  .object({
    /** Marks a production environment: 2 approvals by default, never auto-approved. */
    production: z.boolean().optional(),
    /** Counted human approvals needed; 2 for production, 1 otherwise. */
    required_approvals: z.number().int().min(0).max(20).optional(),
    /** Teams (`org/team` on GitHub, `group/subgroup` on GitLab) that must each approve. */
    required_teams: z.array(teamName).default([]),
    /** A team one of whose members must approve when the drift report has a critical change. */
    critical_requires_team: teamName.optional(),
    /** Whether a change approve-safe found safe may pass with no human approval. */
    allow_auto_approved: z.boolean().default(false),
    /** sync may apply a change approve-safe finds safe without the gate (never for production). */
    auto_approve_safe: z.boolean().default(false),
    /** Branch to protect (`generate branch-protection|ruleset`). */
    branch: z.string().min(1).default('main'),
    /** Status checks that must pass before merging (`generate`). */
    required_status_checks: nameList.default([]),
    /** Minutes a GitHub environment waits before a deployment job may run (`generate github-environments`; GitHub allows 0 to 43200). */
    wait_timer: z.number().int().min(0).max(43200).default(0),
    /**
     * Who may run sync and rollback for this environment: users and teams. Unset: whoever can start
     * the run. A scheduled or bot-started run counts only where its bot is named here by login.
     */
    deployers: z.array(deployerName).min(1, 'deployers needs at least one user or team; leave it out to let anyone who can start the run deploy').optional(),
    /** Who may roll this environment back outside the deployers list; such a rollback is recorded as an emergency change. */
    break_glass: z.array(deployerName).default([]),
    /** Segregation of duties: whoever deploys may not be the author of the change deployed. */
    deployer_not_author: z.boolean().default(false),
    /** `required`: the gate denies when any commit of the change request is unsigned or its signature does not verify. */
    signed_commits: z.enum(['required', 'off']).default('off'),
  })
  .strict()
  .superRefine((environment, context) => {
    if (environment.production) for (const message of productionMistakes(environment)) context.addIssue({ code: 'custom', message });
    // Without a deployers list anyone who can start the run may roll back already: break_glass would say nothing.
    if (environment.break_glass.length && !environment.deployers) context.addIssue({ code: 'custom', path: ['break_glass'], message: 'break_glass lets its members roll back outside the deployers list, so set deployers too' });
  });
export type ApprovalEnvironment = z.infer<typeof ApprovalEnvironment>;

/** An environment so named is production whatever its policy says: `production` in any letter case. */
export function isProductionName(name: string): boolean {
  return name.toLowerCase() === 'production';
}

/** What a production environment (`production: true`, or named production) may not set. */
function productionMistakes(environment: Pick<ApprovalEnvironment, 'auto_approve_safe' | 'allow_auto_approved' | 'required_approvals'>): string[] {
  return [
    ...(environment.auto_approve_safe || environment.allow_auto_approved ? ['a production environment cannot set auto_approve_safe or allow_auto_approved'] : []),
    ...(environment.required_approvals !== undefined && environment.required_approvals < 1 ? ['a production environment needs required_approvals of at least 1'] : []),
  ];
}

export const ApprovalPolicy = z
  .object({
    /** Globs of paths approve-safe may approve alone; read from the base commit only. */
    safe_paths: nameList.default(DEFAULT_SAFE_PATHS),
    /** Logins that are bots even without a `[bot]` suffix; their approvals never count. */
    bots: nameList.default([]),
    needs_review_label: z.string().min(1).default('gitops-sync:needs-review'),
    /** Owners per path pattern, for `generate codeowners`. */
    codeowners: z.array(z.object({ pattern: z.string().min(1), owners: nameList.min(1) }).strict()).default([]),
    environments: z
      .record(z.string().regex(ENVIRONMENT_NAME, 'environment names are letters, digits, . _ -, at most 100 characters'), ApprovalEnvironment)
      .superRefine((environments, context) => {
        // The name alone makes it production (isProduction), so it is held to the same rules.
        for (const [name, production] of Object.entries(environments)) {
          if (isProductionName(name) && !production.production) for (const message of productionMistakes(production)) context.addIssue({ code: 'custom', path: [name], message });
        }
      })
      .default({}),
  })
  .strict();
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;

/** A host name that never leaves this machine: `localhost`, 127.x.x.x or ::1 (bracketed as a URL writes it, or not). */
export const isLoopbackHost = (host: string) => host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

/**
 * One address, bare or with a display name: nodemailer reads a string as an address list, so a comma
 * mailed whoever followed it and a line break dropped the recipient without a word.
 */
const emailAddress = z
  .string()
  .regex(
    // eslint-disable-next-line no-control-regex
    /^(?:(?:"[^"\x00-\x1f\x7f-\x9f]*" ?|[^@<>,;"\x00-\x1f\x7f-\x9f]*)<[^\s@<>,;"]+@[^\s@<>,;"]+>|[^\s@<>,;"]+@[^\s@<>,;"]+)$/,
    'one e-mail address (name@example.com or Name <name@example.com>) per entry, without line breaks, commas or semicolons',
  );

/** The issue lists filter by a comma-separated `labels`: a label with a comma is asked for as two, and the drift issue is never found again. */
const labelName = z.string().regex(/^[^,]+$/, 'a label without a comma: the issue list filters by a comma-separated list, so the drift issue would never be found again and every run would open another and alert again');

/** Where alerts go. Secrets are never written here: each channel names the environment variable holding its secret. */
export const Notifications = z
  .object({
    slack: z.object({ webhook_url_env: envName.default('SLACK_WEBHOOK_URL') }).strict().optional(),
    pagerduty: z.object({ routing_key_env: envName.default('PAGERDUTY_ROUTING_KEY'), source: z.string().min(1).default('gitops-sync') }).strict().optional(),
    email: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(587),
        /** true: TLS from the start (465); false: STARTTLS, required before the password is sent. */
        secure: z.boolean().default(false),
        /** Send the password without TLS when no STARTTLS is offered: only for a relay on loopback. */
        allow_plaintext_auth: z.boolean().default(false),
        from: emailAddress,
        to: z.array(emailAddress).min(1),
        user_env: envName.optional(),
        password_env: envName.optional(),
      })
      .strict()
      .refine((email) => !email.allow_plaintext_auth || isLoopbackHost(email.host), {
        path: ['allow_plaintext_auth'],
        message: 'is only for a relay on loopback (host 127.0.0.1, ::1 or localhost): to any other host the SMTP password would cross the network in the clear; remove it and use a server that offers STARTTLS (or secure: true on port 465)',
      })
      .optional(),
    webhook: z.object({ url_env: envName.default('GITOPS_SYNC_WEBHOOK_URL'), secret_env: envName.default('GITOPS_SYNC_WEBHOOK_SECRET') }).strict().optional(),
  })
  .strict();
export type Notifications = z.infer<typeof Notifications>;

export const Monitoring = z
  .object({
    alert_thresholds: AlertThresholds.default(AlertThresholds.parse({})),
    notifications: Notifications.default({}),
    /** One issue per environment that follows its drift (GitHub or GitLab). */
    drift_issue: z
      .object({
        enabled: z.boolean().default(false),
        /** Only collaborators can set labels: without one, any issue our identity opened (on GitHub, every workflow's github-actions[bot]) could pass for the drift issue. */
        labels: z.array(labelName).min(1, 'needs at least one label: the drift issue is found among the open issues carrying them, and without one any issue gitops-sync\'s identity opened (on GitHub, any workflow\'s) could pass for it; keep the default [gitops-sync:drift] or name a label').default(['gitops-sync:drift']),
      })
      .strict()
      .default({ enabled: false, labels: ['gitops-sync:drift'] }),
    /** drift-detect also reads the platform's branch and environment protection: weaker than approval.environments asks is critical drift. */
    check_protection: z.boolean().default(false),
  })
  .strict();
export type Monitoring = z.infer<typeof Monitoring>;

export const DEFAULT_AGE_IDENTITY_ENV = 'GITOPS_SYNC_AGE_IDENTITY';

export const BackupEncryption = z
  .object({
    recipients: z
      .array(z.string().refine(isAgeX25519Recipient, 'an age X25519 recipient (age1… as `age-keygen -y` prints it)'))
      .min(1, 'at least one age recipient (age1…)'),
    /** The CI secret holding an age identity (AGE-SECRET-KEY-1…) of one recipient, for rollback from an encrypted backup. */
    identity_env: envName.default(DEFAULT_AGE_IDENTITY_ENV),
  })
  .strict();
export type BackupEncryption = z.infer<typeof BackupEncryption>;

export const Sync = z
  .object({
    /** Retries of transient failures: exponential backoff (the original design's defaults). */
    retry: z
      .object({
        limit: z.number().int().min(0).max(10).default(3),
        delay_seconds: z.number().min(0).default(5),
        factor: z.number().min(1).default(2),
        max_delay_seconds: z.number().min(0).default(180),
      })
      .strict()
      .default({ limit: 3, delay_seconds: 5, factor: 2, max_delay_seconds: 180 }),
    /** How long `kubectl rollout status` may wait per workload. */
    rollout_timeout_seconds: z.number().int().min(1).default(300),
    /** Where backups go, relative to the config file (`backups/<env>/…`). */
    backups_dir: z.string().min(1).default('backups'),
    /**
     * Backups (Terraform state, live YAML) are encrypted with age to these recipients, and only the
     * `.age` files are kept as CI artifacts; without it they stay, in plaintext, on the runner only.
     */
    backup_encryption: BackupEncryption.optional(),
  })
  .strict();
export type Sync = z.infer<typeof Sync>;

/** The keys `audit export` verifies commit signatures against; paths relative to the config file. */
export const AuditSignatures = z
  .object({
    /** The old place of `signatures.allowed_signers` (still read when `signatures:` is not set). */
    allowed_signers: z.string().min(1).optional(),
    /** The old place of `signatures.gpg_keyring` (still read when `signatures:` is not set). */
    gpg_keyring: z.string().min(1).optional(),
    /** Every commit that reaches an environment must carry a good signature. */
    require_signed: z.boolean().default(false),
  })
  .strict();
export type AuditSignatures = z.infer<typeof AuditSignatures>;

/**
 * Where the audit trail is kept (see `gitops-sync audit verify`). `file`: an append-only JSONL file;
 * `git`: a dedicated branch of the same repository, one commit per run; `artifact`: the run's events
 * only, for the job to upload with its artifacts. Unset: `git` in CI, `file` in a terminal.
 */
export const Audit = z
  .object({
    store: z.enum(['file', 'git', 'artifact']).optional(),
    /** The JSONL log of the `file` store, relative to the config file. */
    file: z.string().min(1).default('.gitops-sync/audit/events.jsonl'),
    /** The `artifact` store's folder, relative to the config file: the run's events.jsonl and checkpoints.jsonl, for the job to upload. */
    artifact_dir: z.string().min(1).default('.gitops-sync/audit/run'),
    /** The branch of the `git` store. */
    branch: z.string().min(1).default('gitops-sync/audit'),
    /** A checkpoint (log size + Merkle root) every this many events, and at the end of each run. */
    checkpoint_every: z.number().int().min(1).default(1000),
    /** The CI secret holding the Ed25519 private key (PEM) that signs checkpoints; unsigned when the variable is unset. */
    signing_key_env: envName.default('GITOPS_SYNC_AUDIT_SIGNING_KEY'),
    /**
     * The public half of that key (a PEM file, relative to the config): every checkpoint must then be
     * signed by it — `audit export` checks the log with it, and so does `audit verify` when it reads
     * the config. Without it, an unsigned checkpoint proves nothing to someone who could rewrite the log.
     */
    public_key: z.string().min(1).optional(),
    /** Sign the `git` store's commits with the runner's configured GPG or SSH signing key. */
    sign_commits: z.boolean().default(false),
    /** How `audit export` checks each commit's signature (`git verify-commit`): against these keys only, never the runner's own. */
    signatures: AuditSignatures.default({ require_signed: false }),
    /** The label that marks a change made outside the normal rules (reported as an emergency change). */
    break_glass_label: z.string().min(1).default('break-glass'),
    /** An emergency change needs a follow-up approval of the same commit within this many hours. */
    follow_up_hours: z.number().positive().default(72),
    /** `audit export`: an auditor's control mapping (YAML, relative to the config file) instead of the built-in one. */
    controls: z.string().min(1).optional(),
    /** `audit export`: a drift incident resolved later than this is an exception (CC7.1, PCI 11.5.2, A.8.9). */
    drift_resolution_hours: z.number().positive().default(72),
    /** `audit export`: environments where the author or an approver may also deploy (else a segregation-of-duties exception). */
    author_may_deploy: z.array(z.string().regex(ENVIRONMENT_NAME, 'environment names are letters, digits, . _ -, at most 100 characters')).default([]),
  })
  .strict();
export type Audit = z.infer<typeof Audit>;

/** Secrets at rest: `gitops-sync secrets check` and decrypting SOPS inputs for rendering. */
export const Secrets = z
  .object({
    /** Paths (globs relative to the repository root) whose plaintext-secret findings are allowed, e.g. test fixtures. */
    allow: z.array(z.string().min(1)).default([]),
    /** Extra plaintext-secret rules (YAML, relative to the config file), added to the built-in ones. */
    rules: z.string().min(1).optional(),
    /** The CI secret holding age identities (AGE-SECRET-KEY-1…, as SOPS reads SOPS_AGE_KEY) that decrypt SOPS inputs for rendering. */
    age_identity_env: envName.default('SOPS_AGE_KEY'),
    /** The CI secret holding an armored GPG private key that decrypts SOPS inputs for rendering. */
    gpg_key_env: envName.default('GITOPS_SYNC_SOPS_GPG_KEY'),
  })
  .strict();
export type Secrets = z.infer<typeof Secrets>;

/**
 * The keys commit signatures are checked against (`git verify-commit`), by the gate
 * (`signed_commits: required`) and by `audit export`: these only, never the runner's own. Paths are
 * relative to the config file; the gate reads them at the change's base commit.
 */
export const CommitSignatureKeys = z
  .object({
    /** An SSH allowed-signers file (ssh-keygen(1) ALLOWED SIGNERS): each principal is the e-mail of the author the key may sign for. */
    allowed_signers: z.string().min(1).optional(),
    /** An exported public keyring (`gpg --export --armor`); a key signs for the e-mails of its user ids. */
    gpg_keyring: z.string().min(1).optional(),
  })
  .strict();
export type CommitSignatureKeys = z.infer<typeof CommitSignatureKeys>;

/** The keys in force and where they were set: `signatures:`, else their old place `audit.signatures`. */
export function commitSignatureKeys(config: Pick<GitopsSyncConfig, 'signatures' | 'audit'>): { keys: CommitSignatureKeys; section: 'signatures' | 'audit.signatures' } {
  const { allowed_signers, gpg_keyring } = config.audit.signatures;
  if (!config.signatures && (allowed_signers || gpg_keyring)) return { keys: { allowed_signers, gpg_keyring }, section: 'audit.signatures' };
  return { keys: config.signatures ?? {}, section: 'signatures' };
}

export const GitopsSyncConfig = z
  .object({
    environments: z.record(z.string().regex(ENVIRONMENT_NAME, 'environment names are letters, digits, . _ -, at most 100 characters'), Environment).default({}),
    severity: z.object({ rules: SeverityRuleList.default([]) }).strict().default({ rules: [] }),
    fail_on: FailOn.default('critical'),
    report: z.object({ output_changes_are_drift: z.boolean().default(false) }).strict().default({ output_changes_are_drift: false }),
    approval: ApprovalPolicy.default(ApprovalPolicy.parse({})),
    monitoring: Monitoring.default(Monitoring.parse({})),
    sync: Sync.default(Sync.parse({})),
    audit: Audit.default(Audit.parse({})),
    secrets: Secrets.default(Secrets.parse({})),
    signatures: CommitSignatureKeys.optional(),
  })
  .strict()
  .superRefine((config, context) => {
    for (const key of ['allowed_signers', 'gpg_keyring'] as const) {
      if (config.signatures && config.audit.signatures[key]) {
        context.addIssue({ code: 'custom', path: ['audit', 'signatures', key], message: `the commit signature keys now live under signatures: (signatures.${key}); move audit.signatures.${key} there` });
      }
    }
    const owner = new Map(Object.keys(config.environments).map((name) => [name, name]));
    for (const [name, environment] of Object.entries(config.environments)) {
      for (const alias of environment.aliases ?? []) {
        const taken = owner.get(alias);
        if (taken !== undefined && taken !== name) {
          context.addIssue({ code: 'custom', path: ['environments', name, 'aliases'], message: `"${alias}" already names ${taken === alias ? 'an environment' : `environment ${taken}`}; each alias names one environment` });
        }
        owner.set(alias, name);
        // `sync production` would be judged by the policy of the environment the alias names, which its name does not make production.
        const policy = Object.hasOwn(config.approval.environments, name) ? config.approval.environments[name] : undefined;
        if (isProductionName(alias) && policy?.production !== true) {
          context.addIssue({
            code: 'custom',
            path: ['environments', name, 'aliases'],
            message: `"${alias}" makes an environment production by its name, but it names ${name}, which approval.environments.${name} does not mark production: true; mark it, or choose another alias`,
          });
        }
      }
    }
    // The gate resolves an alias to its environment: a policy under the alias would be a second, looser one for it.
    // A policy under a misspelt name (`stagng`) would apply to nothing, and leave the environment meant on the
    // default policy. A name far from every environment may be one only the CI names (drift-detect --environment).
    const names = Object.keys(config.environments);
    for (const name of Object.keys(config.approval.environments)) {
      const environment = owner.get(name);
      const meant = environment === undefined ? misspeltAs(name, names) : undefined;
      if (environment !== undefined && environment !== name) {
        context.addIssue({ code: 'custom', path: ['approval', 'environments', name], message: `"${name}" is an alias of environment ${environment}; put its approval policy under approval.environments.${environment}` });
      } else if (meant !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['approval', 'environments', name],
          message: `"${name}" is not an environment of this file but looks like ${meant}, which would then be held to the default policy instead of this one; rename it to ${meant}`,
        });
      }
    }
  });
export type GitopsSyncConfig = z.infer<typeof GitopsSyncConfig>;

/**
 * The environment an approval name that is none of them was likely meant as: one a letter or two away.
 * Not one it is the start of (`prod` beside `prod-eu`), nor one it differs from only in digits (`eu-2`
 * beside `eu-1`): those are environments of their own that only the CI names.
 */
function misspeltAs(name: string, environments: readonly string[]): string | undefined {
  const meant = closest(name, environments, { prefixes: false });
  return meant !== undefined && meant.replace(/\d/g, '') === name.replace(/\d/g, '') ? undefined : meant;
}

/**
 * The environment a name on the command line means: the name itself, or the one that lists it
 * under `aliases`. Unknown names are returned unchanged, for the use case to refuse with its own sentence.
 */
export function resolveEnvironmentName(config: GitopsSyncConfig, name: string): { name: string; alias?: string } {
  if (Object.hasOwn(config.environments, name)) return { name };
  const owner = Object.entries(config.environments).find(([, environment]) => environment.aliases?.includes(name));
  return owner ? { name: owner[0], alias: name } : { name };
}

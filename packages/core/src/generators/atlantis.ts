import { posix } from 'node:path';
import { UserError } from '../errors.js';
import type { GitopsSyncConfig, TerraformEnvironment } from '../config/schema.js';
import { isProduction } from '../policy/four-eyes.js';
import { AtlantisRepoConfig } from './atlantis-schema.js';

export interface AtlantisRequest {
  /** The config's path inside the repository, `/`-separated (`deploy/gitops-sync.yaml`). */
  configInRepository: string;
  /** Where the gate asks for approvals: Atlantis's own VCS host. */
  platform: 'github' | 'gitlab';
  /** Per environment: local module folders its Terraform calls, relative to its terraform.dir. */
  modules?: Readonly<Record<string, readonly string[]>>;
}

/** A word for `sh -c`: single-quoted, so a path from the config is never expanded or split. */
export const shellWord = (word: string): string => (/^[A-Za-z0-9_./=:@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** What Atlantis plans on when it changes: the Terraform files, var files and the lock file, relative to the project's dir. */
const TERRAFORM_FILES = ['*.tf', '*.tf.json', '*.tfvars', '*.tfvars.json', '.terraform.lock.hcl'];

/** Where drift-detect leaves the report for the gate, inside the project's folder of Atlantis's checkout. */
const REPORTS = '"$DIR/.gitops-sync"';

/** A repository path from the config's folder: `terraform/prod` for `dir: terraform/prod` beside `gitops-sync.yaml`. */
function inRepository(configInRepository: string, path: string, what: string): string {
  const joined = posix.normalize(posix.join(posix.dirname(configInRepository), path.split('\\').join('/'))).replace(/\/$/, '');
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(path)) throw new UserError(`${what} ${path} is outside the repository; Atlantis runs projects inside it, so give a folder inside it.`);
  return joined;
}

function workflow(environment: string, terraform: TerraformEnvironment, dir: string, config: GitopsSyncConfig, request: AtlantisRequest): object {
  const fromDir = (path: string) => posix.relative(dir, path) || '.';
  const configPath = shellWord(fromDir(request.configInRepository));
  // Atlantis deletes its checkout when the pull request closes: an absolute backups_dir (a volume of the server) outlives it.
  const backups = posix.isAbsolute(config.sync.backups_dir)
    ? posix.join(config.sync.backups_dir, environment)
    : fromDir(inRepository(request.configInRepository, `${config.sync.backups_dir}/${environment}`, 'sync.backups_dir'));
  const recipients = config.sync.backup_encryption?.recipients ?? [];
  const backupFile = `${shellWord(backups)}/"$(date -u +%Y-%m-%dT%H-%M-%SZ)-pr$PULL_NUM.tfstate${recipients.length ? '.age' : ''}"`;
  const pull = `${terraform.binary} state pull`;
  // A state holds secrets: owner-only, and with backup_encryption never written in plaintext (age reads it from the pipe).
  const backup = recipients.length
    ? { run: { command: `set -o pipefail; umask 077 && mkdir -p ${shellWord(backups)} && ${pull} | age ${recipients.map((recipient) => `-r ${recipient}`).join(' ')} -o ${backupFile}`, shell: 'bash', output: 'hide' } }
    : { run: { command: `umask 077 && mkdir -p ${shellWord(backups)} && ${pull} > ${backupFile}`, output: 'hide' } };
  // Atlantis runs a built-in step as `sh -c "<terraform> <args joined by spaces>"`: each extra argument is one quoted word, as sync passes it.
  const init = terraform.backend_config.length ? { init: { extra_args: terraform.backend_config.map((value) => shellWord(`-backend-config=${value}`)) } } : 'init';
  const plan = terraform.var_files.length ? { plan: { extra_args: terraform.var_files.map((file) => shellWord(`-var-file=${file}`)) } } : 'plan';
  const env = shellWord(environment);
  const gate = `gitops-sync gate --config ${configPath} --environment ${env} --platform ${request.platform} --repo "$BASE_REPO_OWNER/$BASE_REPO_NAME" --pr "$PULL_NUM"`;
  // `atlantis import` and `atlantis state rm` change the state too: the gate (no plan, so no report: judged critical) and a backup first.
  const changesState = (command: 'import' | 'state_rm') => ({ steps: [{ run: gate }, init, backup, command] });
  return {
    plan: {
      steps: [
        init,
        plan,
        // The plan as JSON in $SHOWFILE; the judged report goes into Atlantis's own plan comment.
        'show',
        { run: `gitops-sync drift-detect --config ${configPath} --environment ${env} --terraform-plan-json "$SHOWFILE" --head-sha "$HEAD_COMMIT" --fail-on never --output ${REPORTS}` },
      ],
    },
    apply: {
      steps: [
        { run: `${gate} --report ${REPORTS}/drift-report-${env}.json` },
        backup,
        'apply',
      ],
    },
    import: changesState('import'),
    state_rm: changesState('state_rm'),
  };
}

/**
 * atlantis.yaml (version 3) for the environments with Terraform: one project each, planned when its
 * files change, applied only after Atlantis's requirements and gitops-sync's gate, with a state
 * backup first. Checked against Atlantis's documented schema before it is returned.
 */
export function atlantisRepoConfig(config: GitopsSyncConfig, request: AtlantisRequest): AtlantisRepoConfig {
  const environments = Object.entries(config.environments).filter(([, settings]) => settings.terraform);
  if (!environments.length) throw new UserError('No environment in the config has terraform:, so there is no Atlantis project to write; add environments.<name>.terraform.dir.');
  const projects = [];
  const workflows: Record<string, object> = {};
  for (const [environment, settings] of environments) {
    const terraform = settings.terraform!;
    const dir = inRepository(request.configInRepository, terraform.dir, `environments.${environment}.terraform.dir`) || '.';
    const policy = Object.hasOwn(config.approval.environments, environment) ? config.approval.environments[environment] : {};
    const modules = (request.modules?.[environment] ?? []).map((module) => `${posix.normalize(module).replace(/\/$/, '')}/**/*.tf`);
    const extras = [...terraform.var_files, ...terraform.backend_config.filter((value) => !value.includes('='))];
    const name = `gitops-sync-${environment}`;
    // Production also needs the branch up to date with its base, so what was planned is what merges.
    const requirements = ['approved', 'mergeable', ...(isProduction(environment, policy) ? ['undiverged'] : [])];
    projects.push({
      name: environment,
      dir,
      workspace: terraform.workspace ?? 'default',
      ...(terraform.binary === 'tofu' ? { terraform_distribution: 'opentofu' } : {}),
      autoplan: { when_modified: [...new Set([...TERRAFORM_FILES, ...extras, ...modules])], enabled: true },
      apply_requirements: requirements,
      // Atlantis asks nothing of `import` and `state rm` unless told: they change the state as apply does.
      import_requirements: requirements,
      workflow: name,
    });
    workflows[name] = workflow(environment, terraform, dir, config, request);
  }
  const checked = AtlantisRepoConfig.safeParse({ version: 3, projects, workflows });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new UserError(`The atlantis.yaml written from the config would not pass Atlantis's schema${where}: ${issue.message}; fix the environment's terraform settings.`);
  }
  return checked.data;
}

/** The first problem Atlantis's schema finds in a parsed atlantis.yaml, or undefined when it passes. */
export function atlantisConfigProblem(document: unknown): string | undefined {
  const checked = AtlantisRepoConfig.safeParse(document);
  if (checked.success) return undefined;
  const issue = checked.error.issues[0];
  return `${issue.path.join('.') || 'the file'}: ${issue.message}`;
}

import { aliasFor, FLAG_ALIASES, type EnvironmentTaking, type OptionSpec } from './args.js';
import { maxOf } from '@gitops-sync/core';

export interface CommandHelp {
  summary: string;
  usage: string[];
}

/** What each command is for and how it is called; its flags come from the parser's own option spec. */
export const COMMANDS: Readonly<Record<string, CommandHelp>> = {
  drift: {
    summary: 'Check environments for drift: a real terraform plan and the Kubernetes desired state against the live one.',
    usage: ['drift <environment> [--drift-check-only] [--dry-run] [--verbose] [--format table|markdown|json] [--output FILE]', 'drift --environments dev,staging,prod [--parallel] [--concurrency N] [--output DIR]'],
  },
  analyze: {
    summary: 'Judge a saved plan, diff or export without running any tool.',
    usage: [
      'analyze --source terraform-plan --input PLAN.json [--environment NAME] [--rules FILE] [--fingerprint]',
      'analyze --source k8s-manifests --input MANIFESTS... --live EXPORT [--namespace NS] [--tracking-label key=value]',
      'analyze --source k8s-dirs --input MERGED --live LIVE',
      'analyze --source flux-diff|kubectl-diff|argocd --input SAVED-OUTPUT',
      'analyze --source aws-config|azure-policy|gcp-config-connector|ansible-check|awx-job-events --input SAVED-RESULT',
      'analyze --source argocd --argocd-app NAME   (ARGOCD_SERVER, ARGOCD_AUTH_TOKEN)',
    ],
  },
  'drift-detect': {
    summary: 'The drift-detect action for any CI: the report as JSON and Markdown, fail-on, PR comment, alerts, metrics.',
    usage: ['drift-detect [--environment NAME] [--terraform-directory DIR | --kubernetes-manifests PATHS ...] [--fail-on never|drift|high|critical] [--output DIR]'],
  },
  'approve-safe': {
    summary: 'Approve a pull/merge request that only touches safe paths; otherwise ask for review.',
    usage: ['approve-safe [--platform github|gitlab] [--repo OWNER/REPO|PROJECT] [--pr N] [--dry-run] [--format text|json]'],
  },
  gate: {
    summary: 'The four-eyes gate: exit 0 when the change may be applied to the environment, 3 when not.',
    usage: ['gate --environment NAME [--platform …] [--repo …] [--pr N] [--report drift-report.json] [--format text|json]'],
  },
  generate: {
    summary: 'Write branch protection, a ruleset, CODEOWNERS, GitHub environments or GitLab protected environments from the approval policy; atlantis.yaml, Argo CD Applications or Flux Kustomizations from the environments.',
    usage: [
      'generate branch-protection|ruleset|codeowners [--environment production] [--output FILE]',
      'generate github-environments [--environment NAME] [--repo OWNER/REPO] [--apply] [--output FILE]   (GITHUB_TOKEN resolves team ids)',
      'generate gitlab-protected-environments [--environment NAME] [--repo PROJECT] [--apply] [--output FILE]   (GITLAB_TOKEN resolves group ids)',
      'generate atlantis [--platform github|gitlab] [--workflows in-repo|omit|only] [--output atlantis.yaml]',
      'generate argocd-app [--environment NAME ...] [--repo URL] [--revision REF] [--server URL] [--namespace argocd] [--project default] [--output DIR]',
      'generate flux-kustomization [--environment NAME ...] [--source GITREPOSITORY] [--interval 10m] [--output DIR]',
    ],
  },
  'check-protection': {
    summary: 'Report where the platform\'s branch and environment protection is weaker than the approval policy: exit 2 when weaker, 0 when not.',
    usage: ['check-protection [--environment NAME] [--platform github|gitlab] [--repo OWNER/REPO|PROJECT] [--format text|json]'],
  },
  secrets: {
    summary: 'Check secrets at rest: SOPS files encrypted as .sops.yaml says, git-crypt paths encrypted in git, no plaintext secret elsewhere: exit 2 on findings.',
    usage: ['secrets check [PATH...] [--format table|json] [--config FILE] [--base REF [--head REF]]'],
  },
  sync: {
    summary: 'Plan, pass the gate and apply: Terraform, Kubernetes, Argo CD or Flux.',
    usage: ['sync <environment> [--pr N] [--report FILE|DIR] [--plan-fingerprint sha256:…] [--dry-run] [--format text|json]', 'sync --environments dev,staging,prod [--parallel] [--concurrency N] [--matrix]'],
  },
  rollback: {
    summary: 'Bring an environment back to a known-good state, with a backup or a new commit first.',
    usage: [
      'rollback <environment> [--mode git] --to-commit SHA [--branch BRANCH] [--direct] [--dry-run]',
      'rollback <environment> --mode terraform-state --state-file BACKUP.tfstate [--force]',
      'rollback <environment> --mode kubernetes --deployment NAME [--namespace NS] [--to-revision N] [--to-commit SHA] [--direct]',
      'rollback <environment> --mode argocd --history-id N [--to-commit SHA] [--direct]',
    ],
  },
  audit: {
    summary: 'Verify the tamper-evident audit log (exit 0 intact, 4 tampered), or export the audit evidence of a period: SOX / SOC 2 / PCI-DSS / ISO 27001 controls, the change population, an in-toto statement.',
    usage: [
      'audit verify [--log FILE | --git-ref gitops-sync/audit] [--checkpoint FILE] [--public-key KEY.pem] [--format text|json]',
      'audit export [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--environment NAME ...] [--compliance sox,soc2,pci,iso27001] [--format json,csv,markdown] [--output-dir DIR] [--controls FILE] [--platform github|gitlab --repo …]',
    ],
  },
  'kubectl-external-diff': {
    summary: 'Run as KUBECTL_EXTERNAL_DIFF: judge what `kubectl diff` found (report to $GITOPS_SYNC_REPORT).',
    usage: ['kubectl-external-diff LIVE MERGED'],
  },
};

/** One line per flag; a flag's meaning is the same in every command that takes it, except where a command-specific line says otherwise. */
const FLAG_HELP: Readonly<Record<string, string>> = {
  config: 'the gitops-sync.yaml to read',
  environment: 'the environment (a name or one of its aliases from gitops-sync.yaml)',
  environments: 'several environments, comma-separated (names or aliases)',
  parallel: 'run the environments side by side; progress lines are prefixed with [environment]',
  output: 'the file the result is written to (--output-dir and --output-directory name a folder, refused where one file is written)',
  format: 'the output format',
  verbose: 'show the time elapsed on each progress line',
  'drift-check-only': 'only what changed outside Git (terraform plan -refresh-only)',
  'dry-run': 'say what would be done and change nothing',
  source: 'what --input holds: terraform-plan, k8s-manifests, k8s-dirs, flux-diff, kubectl-diff, argocd, aws-config, azure-policy, gcp-config-connector, ansible-check or awx-job-events',
  input: 'the saved tool output (repeatable for manifests)',
  live: 'the live side: a `kubectl get -o yaml` export or kubectl\'s LIVE folder',
  namespace: 'the namespace of objects that name none',
  'tracking-label': 'key=value: live objects with it and not in Git are to be pruned',
  rules: 'extra severity rules (YAML)',
  'argocd-app': 'the Argo CD application to read (ARGOCD_SERVER, ARGOCD_AUTH_TOKEN)',
  fingerprint: 'add the plan fingerprint (sha256 of the redacted canonical plan)',
  'terraform-directory': 'a Terraform folder to plan, when the config names none',
  'terraform-plan-json': 'a saved `terraform show -json` plan instead of planning',
  'kubernetes-manifests': 'Kubernetes manifest files or folders (the Git side)',
  'kubernetes-live-export': 'a `kubectl get -o yaml` export (the live side)',
  'kubernetes-namespace': 'the namespace of manifests that name none',
  'flux-diff-file': 'saved `flux diff kustomization` output',
  'source-file': 'a saved result of another source, read as --source says (drift-detect)',
  'fail-on': 'fail the job on: never, drift, high or critical',
  dotenv: 'write the outputs as NAME=value lines (a GitLab dotenv report)',
  'pr-comment': 'comment the report on the pull/merge request: off, always or changes-only',
  notify: 'send alerts to the channels in gitops-sync.yaml',
  'drift-issue': 'open or update an issue while drift persists',
  'state-file': 'the drift state between runs (for alert thresholds)',
  'metrics-file': 'write Prometheus metrics to this file',
  'pushgateway-url': 'push the metrics to this Prometheus Pushgateway',
  'run-url': 'the CI run to link to in comments and alerts',
  platform: 'github or gitlab (found from the CI run otherwise)',
  repo: 'OWNER/REPO on GitHub, the project on GitLab',
  pr: 'the pull/merge request number',
  'head-sha': 'the commit reviewed (found from CI or git HEAD otherwise)',
  report: 'the drift report the reviewers saw (a file, or a folder of drift-report-<env>.json)',
  'plan-fingerprint': 'the reviewed plan\'s fingerprint (sha256:…) when there is no report',
  concurrency: 'at most this many environments at once with --parallel',
  matrix: 'print a CI matrix of the environments (each in the config, named once) and exit',
  mode: 'git, terraform-state, kubernetes or argocd',
  'to-commit': 'the known-good commit to restore the environment\'s paths to (kubernetes, argocd: instead of the one found from what runs)',
  branch: 'the branch to roll back',
  direct: 'push the rollback commit to the branch instead of opening a pull/merge request',
  force: 'push a state backup even when its serial is not newer',
  deployment: 'the Deployment to roll back',
  statefulset: 'the StatefulSet to roll back',
  daemonset: 'the DaemonSet to roll back',
  'to-revision': 'the rollout revision to go back to (default: the previous one)',
  'history-id': 'the Argo CD history id to roll back to',
  log: 'the audit log (events.jsonl) to verify (default: the log of the audit store gitops-sync.yaml names, the git store\'s branch included)',
  'git-ref': 'verify events.jsonl on this branch of the git audit store (fetched from origin when only it has the branch)',
  checkpoint: 'a checkpoint JSON, or a checkpoints.jsonl (its last line); default: the checkpoints file beside the log or on the branch',
  'public-key': 'the Ed25519 public key (PEM) that must have signed the checkpoint',
  since: 'the first day of the period (an ISO date; default: 90 days before --until)',
  until: 'the last day of the period (an ISO date; default: now)',
  compliance: 'the frameworks to judge, comma-separated: sox, soc2, pci, iso27001',
  controls: 'an auditor\'s control mapping (YAML) instead of the built-in one (or audit.controls)',
  'output-dir': 'the folder the audit files are written to',
};

const COMMAND_FLAG_HELP: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  drift: {
    format: 'table, markdown or json (text is table); default: by --output\'s extension (.md markdown, .txt table, others json), else table',
    'dry-run': 'print the commands the drift check would run, and run none',
    output: 'the report file; a folder (drift-report-<env>.json and .md, summary.md) for several environments, for a folder that exists, and always when spelled --output-dir',
    concurrency: 'at most this many environments at once with --parallel (default: the number of CPUs)',
  },
  analyze: { format: 'table, markdown or json (text is table)' },
  'drift-detect': { output: 'the folder the reports are written to' },
  'approve-safe': { format: 'text or json (table is text)' },
  gate: { format: 'text or json (table is text)' },
  generate: {
    output: 'the file to write (default: print it); argocd-app, flux-kustomization: an existing folder, one file per environment',
    environment: 'the environment whose approval policy to use (branch-protection, ruleset, codeowners: default production; environments: default every one); argocd-app, flux-kustomization: repeatable, default every one with kubernetes:',
    apply: 'set the environments on the platform (GITHUB_TOKEN / GITLAB_TOKEN with admin rights)',
    platform: 'atlantis: where the gate reads approvals, github (default) or gitlab',
    repo: 'github-environments, gitlab-protected-environments: the repository or project; argocd-app: the Git URL Argo CD reads (default: the origin remote)',
    revision: 'argocd-app: the targetRevision (default: the environment\'s approval branch, else HEAD)',
    server: 'argocd-app: the destination cluster (default https://kubernetes.default.svc)',
    namespace: 'argocd-app: the namespace of the Application objects (default argocd)',
    project: 'argocd-app: the Argo CD project (default default)',
    source: 'flux-kustomization: the GitRepository to read (default flux-system)',
    interval: 'flux-kustomization: how often Flux reconciles (default 10m)',
    workflows: 'atlantis: the workflows in atlantis.yaml (in-repo, default), left out of it (omit), or printed alone for the server-side repos.yaml (only)',
  },
  'check-protection': { format: 'text or json (table is text)', environment: 'check one environment (default: every approval.environments entry)' },
  sync: { format: 'text or json (table is text)', 'dry-run': 'plan and check, apply nothing', concurrency: 'at most this many environments at once with --parallel (default: 4)' },
  'audit verify': { format: 'text or json (table is text)' },
  'secrets check': { format: 'table or json (the gitops-sync/secrets-report@1 report; text is table)', config: 'the gitops-sync.yaml for secrets.allow and secrets.rules (optional)', base: 'also judge the change from this commit to --head: files it decrypts, .sops.yaml rules removed, reordered or widened, git-crypt paths dropped (from git objects, never the working tree)', head: 'the change\'s last commit with --base (default HEAD)' },
  rollback: { format: 'text or json (table is text)', 'dry-run': 'say what would be committed and pushed (--mode git)', 'state-file': 'terraform-state: the state backup to restore (one sync took)' },
  'audit export': {
    format: 'the files besides the JSON report and its in-toto statement: any of json, csv, markdown',
    output: 'the JSON report file (the other files are written beside it)',
    environment: 'an environment to export (repeatable, or comma-separated; default: all in gitops-sync.yaml)',
  },
};

/** The aliases that stand for `name` in a command with these options (see aliasFor). */
const aliasesOf = (name: string, options: OptionSpec) =>
  Object.keys(FLAG_ALIASES).filter((alias) => !Object.hasOwn(options, alias) && aliasFor(alias, options) === name).map((alias) => `--${alias}`);

/** A command's help: what it does, how it is called, and every flag its parser accepts. */
export function renderCommandHelp(command: string, options: OptionSpec, environment: EnvironmentTaking | undefined): string {
  // `audit verify` and `audit export` share the audit entry, each with its own flags.
  const help = COMMANDS[command] ?? COMMANDS[command.split(' ')[0]];
  const rows: [string, string][] = Object.entries(options).map(([name, option]) => {
    const value = option.type === 'string' ? ` ${name === 'environment' || name === 'environments' ? 'NAME' : 'VALUE'}` : '';
    // An alias the command takes as a flag of its own (audit export's --output-dir) is not one here.
    const aliases = name === 'environment' || name === 'output' || name === 'output-dir' ? aliasesOf(name, options) : [];
    const also = aliases.length ? `; also ${aliases.join(', ')}` : '';
    const fallback = typeof option.default === 'string' && option.default !== '' ? ` (default: ${option.default})` : '';
    const description = COMMAND_FLAG_HELP[command]?.[name] ?? FLAG_HELP[name] ?? '';
    return [`--${name}${option.multiple ? `${value}...` : value}`, `${description}${fallback}${also}`];
  });
  if (environment === 'positional') rows.unshift(['<environment>', `${FLAG_HELP.environment}; also --environment, --env`]);
  rows.push(['--help, -h', 'this help']);
  const width = maxOf(rows.map(([flag]) => flag.length));
  return [
    `gitops-sync ${command}: ${help.summary}`,
    '',
    'Usage:',
    ...help.usage.map((line) => `  gitops-sync ${line}`),
    '',
    'Flags:',
    ...rows.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`),
    '',
  ].join('\n');
}

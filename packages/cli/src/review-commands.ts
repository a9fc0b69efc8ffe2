import { resolve, sep } from 'node:path';
import { branchProtection, codeownersFile, GENERATORS, ruleset, UserError, type GateDecision, type Redactor } from '@gitops-sync/core';
import { CommitReader, loadConfig, runApproveSafe, runGate, writeFileAtomic, type ApproveSafeDecision, type RunAudit } from '@gitops-sync/engine';
import { reviewPlatformFor } from '@gitops-sync/platforms/review-target';
import type { CliIO } from './main.js';
import { configGiven, parse, refuseOutputFolder, stderrProgress } from './args.js';
import { generateEnvironmentProtection } from './protection-commands.js';
import { generateGitops, GITOPS_GENERATORS, type GitopsGenerator } from './generate-gitops.js';
import { EXIT_GATE_DENIED } from './exit-codes.js';

const target = {
  platform: { type: 'string' },
  repo: { type: 'string' },
  pr: { type: 'string' },
  config: { type: 'string', default: 'gitops-sync.yaml' },
  format: { type: 'string', default: 'text' },
} as const;

/** The text|json family; `table`, the drift commands' word for the human-readable form, means text here. */
export function checkFormat(format: string): 'text' | 'json' {
  if (format === 'table') return 'text';
  if (format !== 'text' && format !== 'json') throw new UserError(`--format must be text or json (got ${JSON.stringify(format)}).`);
  return format;
}

function describeApproveSafe(decision: ApproveSafeDecision): string {
  const lines = [`${decision.change} at ${decision.head_sha.slice(0, 12)}: ${decision.safe ? 'every changed path is safe' : 'needs human review'}`];
  for (const finding of decision.findings) lines.push(`  - ${finding.path ? `${finding.path}: ` : ''}${finding.reason}`);
  for (const action of decision.actions) lines.push(`  ${action}`);
  return `${lines.join('\n')}\n`;
}

function describeGate(decision: GateDecision): string {
  const lines = [`${decision.allowed ? 'Allowed' : 'Denied'}: ${decision.environment}, change ${decision.pull_request} at ${decision.head_sha.slice(0, 12)} (${decision.approvals_counted.length}/${decision.required_approvals} approvals counted)`];
  for (const approval of decision.approvals_counted) lines.push(`  counted  ${approval.user}: ${approval.reason}`);
  for (const approval of decision.approvals_rejected) lines.push(`  rejected ${approval.user}: ${approval.reason}`);
  for (const commit of decision.commits_counted ?? []) lines.push(`  signed   ${commit.sha.slice(0, 12)}: ${commit.reason}`);
  for (const commit of decision.commits_rejected ?? []) lines.push(`  unsigned ${commit.sha.slice(0, 12)}: ${commit.reason}`);
  for (const missing of decision.missing) lines.push(`  missing  ${missing}`);
  return `${lines.join('\n')}\n`;
}

/** `gitops-sync approve-safe`: approves a PR/MR that only touches safe paths, else asks for review. */
export async function approveSafeCommand(args: string[], io: CliIO, redactor: Redactor, audit: RunAudit): Promise<number> {
  const { values } = parse(args, { ...target, 'dry-run': { type: 'boolean', default: false } });
  const format = checkFormat(String(values.format));
  const platform = reviewPlatformFor({ platform: values.platform as string | undefined, repo: values.repo as string | undefined, pr: values.pr as string | undefined }, io.env, redactor.add);
  const decision = await runApproveSafe(platform, io.exec, { configPath: String(values.config), cwd: io.cwd, dryRun: Boolean(values['dry-run']), audit: audit.openByPolicy(resolve(io.cwd, String(values.config)), io.env) }, stderrProgress(io, false));
  io.stdout(format === 'json' ? `${JSON.stringify(decision, null, 2)}\n` : describeApproveSafe(decision));
  return 0;
}

/** `gitops-sync gate`: exit 0 when the change may be applied to the environment, 3 when not. */
export async function gateCommand(args: string[], io: CliIO, redactor: Redactor, audit: RunAudit): Promise<number> {
  const { values } = parse(args, { ...target, environment: { type: 'string' }, report: { type: 'string' } });
  const format = checkFormat(String(values.format));
  if (!values.environment) throw new UserError('gitops-sync gate needs --environment NAME: the environment the change is to be applied to.');
  const platform = reviewPlatformFor({ platform: values.platform as string | undefined, repo: values.repo as string | undefined, pr: values.pr as string | undefined }, io.env, redactor.add);
  const decision = await runGate(
    platform,
    io.exec,
    {
      environment: String(values.environment),
      configPath: String(values.config),
      cwd: io.cwd,
      reportPath: values.report ? resolve(io.cwd, String(values.report)) : undefined,
      audit: audit.openByPolicy(resolve(io.cwd, String(values.config)), io.env),
    },
    stderrProgress(io, false),
  );
  io.stdout(format === 'json' ? `${JSON.stringify(decision, null, 2)}\n` : describeGate(decision));
  return decision.allowed ? 0 : EXIT_GATE_DENIED;
}

/** The config's path from the repository root, as a CODEOWNERS pattern names it (`deploy/gitops-sync.yaml`). */
async function configInRepository(path: string, io: CliIO, purpose = 'so CODEOWNERS can name it'): Promise<string> {
  const inside = await new CommitReader(undefined, io.exec, io.cwd).repositoryPath(path, purpose);
  return inside.split(sep).join('/');
}

/** `gitops-sync generate branch-protection|ruleset|codeowners|github-environments|gitlab-protected-environments --env NAME`, and atlantis|argocd-app|flux-kustomization. */
export async function generateCommand(args: string[], io: CliIO, redactor: Redactor): Promise<number> {
  const { values, positionals } = parse(args, {
    config: { type: 'string', default: 'gitops-sync.yaml' },
    environment: { type: 'string', multiple: true },
    output: { type: 'string' },
    apply: { type: 'boolean', default: false },
    repo: { type: 'string' },
    platform: { type: 'string' },
    revision: { type: 'string' },
    server: { type: 'string' },
    namespace: { type: 'string' },
    project: { type: 'string' },
    source: { type: 'string' },
    interval: { type: 'string' },
    workflows: { type: 'string' },
  });
  const kind = positionals[0];
  if (!GENERATORS.includes(kind as (typeof GENERATORS)[number])) throw new UserError(`gitops-sync generate needs one of ${GENERATORS.join(', ')}${kind ? ` (got ${JSON.stringify(kind)})` : ''}.`);
  const writesFolder = kind === 'argocd-app' || kind === 'flux-kustomization';
  if (!writesFolder) refuseOutputFolder(args, 'generate');
  const configPath = String(values.config);
  const config = loadConfig(resolve(io.cwd, configPath), true, !configGiven(args));
  const environments = (values.environment as string[] | undefined) ?? [];
  const output = values.output as string | undefined;
  if (GITOPS_GENERATORS.includes(kind as GitopsGenerator)) {
    if (values.apply) throw new UserError(`--apply is for github-environments and gitlab-protected-environments; ${kind} is printed (or written with --output) for you to commit.`);
    const options = { environments, output, ...(Object.fromEntries(['platform', 'repo', 'revision', 'server', 'namespace', 'project', 'source', 'interval', 'workflows'].flatMap((name) => (values[name] === undefined ? [] : [[name, String(values[name])]])))) };
    return generateGitops(kind as GitopsGenerator, config, resolve(io.cwd, configPath), await configInRepository(resolve(io.cwd, configPath), io, `so ${kind} can name paths from the repository root`), options, io, redactor);
  }
  if (environments.length > 1) throw new UserError(`generate ${kind} takes one --environment (got ${environments.join(', ')}).`);
  const environment = environments[0];
  if (kind === 'github-environments' || kind === 'gitlab-protected-environments') {
    return generateEnvironmentProtection(kind, config, { environment, apply: Boolean(values.apply), repo: values.repo as string | undefined, output }, io, redactor);
  }
  if (values.apply) throw new UserError(`--apply is for github-environments and gitlab-protected-environments; ${kind} is printed (or written with --output) for you to apply.`);
  const policyEnvironment = environment ?? 'production';
  const text =
    kind === 'codeowners'
      ? codeownersFile(config, policyEnvironment, await configInRepository(resolve(io.cwd, configPath), io))
      : `${JSON.stringify(kind === 'ruleset' ? ruleset(config, policyEnvironment) : branchProtection(config, policyEnvironment), null, 2)}\n`;
  if (output) writeFileAtomic(resolve(io.cwd, output), text);
  else io.stdout(text);
  return 0;
}

import { resolve } from 'node:path';
import { describeFailure, markdownCell, Redactor, UserError } from '@gitops-sync/core';
import { configBaseDir, identityEnvOf, loadConfig, ROLLBACK_MODES, runRollback, SyncFailure, workloadOptionAlone, systemClock, type RollbackResult } from '@gitops-sync/engine';
import { apiLimitsFromEnv, deployerDirectoryFor, githubDeploymentsFor, GitHubPullOpener, type ActionIO } from '@gitops-sync/platforms';
import { z } from 'zod';
import { actionProgress, readActionInputs, secretSink } from '../shared/inputs.js';
import { actionAudit } from '../shared/audit.js';

const wholeOrEmpty = z.string().regex(/^(\d+)?$/, 'a whole number');
const Inputs = z.object({
  environment: z.string().min(1),
  mode: z.enum(ROLLBACK_MODES),
  config: z.string().min(1),
  'to-commit': z.string(),
  branch: z.string(),
  direct: z.enum(['true', 'false']),
  'state-file': z.string(),
  force: z.enum(['true', 'false']),
  deployment: z.string(),
  namespace: z.string(),
  'to-revision': wholeOrEmpty,
  'history-id': wholeOrEmpty,
  'dry-run': z.enum(['true', 'false']),
  token: z.string(),
});

/** The rollback action (for workflow_dispatch or a failed sync): a safety backup first, a verification after. */
/**
 * The job summary. `from`, `to` and `verification` quote the cluster and the tools (a live annotation, a
 * state's lineage, a rollout message): shown as text, never as Markdown.
 */
export function rollbackSummary(result: RollbackResult): string {
  const rows: [string, string][] = [
    ['rolled back', String(result.rolled_back)],
    ['from', markdownCell(result.from)],
    ['to', markdownCell(result.to)],
    ['backup', result.backup_path ? markdownCell(result.backup_path) : '—'],
    ['verification', markdownCell(result.verification)],
  ];
  if (result.emergency) rows.push(['emergency', 'break glass: recorded as an emergency change']);
  if (result.git_revert) rows.push(['git revert', result.git_revert.pull_request_url || result.git_revert.commit || 'Git already matched']);
  if (result.controller) rows.push([markdownCell(result.controller.controller), markdownCell(result.controller.note)]);
  return `### gitops-sync rollback: ${result.environment} (${result.mode})\n\n| | |\n|---|---|\n${rows.map(([name, value]) => `| ${name} | ${value} |\n`).join('')}`;
}

export async function run(io: ActionIO): Promise<void> {
  const redactor = new Redactor();
  const onSecret = secretSink(io, redactor.add);
  const audit = actionAudit(io, redactor);
  try {
    const inputs = readActionInputs(io, Inputs, { mode: 'git', config: 'gitops-sync.yaml', direct: 'false', force: 'false', 'dry-run': 'false' }, (name, value) =>
      name === 'mode' ? `Input mode is ${JSON.stringify(value)}; use one of ${ROLLBACK_MODES.join(', ')}.` : undefined,
    );
    const configPath = resolve(io.cwd, inputs.config);
    const token = inputs.token || io.env.GITHUB_TOKEN;
    if (token) onSecret(token);
    const opener = inputs.mode !== 'terraform-state' && inputs.direct !== 'true' && token && io.env.GITHUB_REPOSITORY ? new GitHubPullOpener({ token, repository: io.env.GITHUB_REPOSITORY, baseUrl: io.env.GITHUB_API_URL, limits: apiLimitsFromEnv(io.env) }) : undefined;
    const number = (value: string) => (value ? Number(value) : undefined);
    const workloadInput = (['to-revision', 'namespace'] as const).find((name) => inputs[name]);
    if (!inputs.deployment && workloadInput) throw new UserError(workloadOptionAlone(`Input ${workloadInput}`, 'the input deployment'));
    const config = loadConfig(configPath, true);
    // The age identity that decrypts a state backup is masked before anything can print it.
    const identity = io.env[identityEnvOf(config)];
    if (identity) onSecret(identity);
    const deployments = await githubDeploymentsFor(io.env, { exec: io.exec, cwd: io.cwd, warn: (message) => io.warning(message), redact: (text) => redactor.redact(text), token });
    const result = await runRollback(
      {
        environment: inputs.environment,
        mode: inputs.mode,
        config,
        baseDir: configBaseDir(configPath),
        dryRun: inputs['dry-run'] === 'true',
        toCommit: inputs['to-commit'] || undefined,
        baseBranch: inputs.branch || undefined,
        direct: inputs.direct === 'true',
        opener,
        stateFile: inputs['state-file'] || undefined,
        force: inputs.force === 'true',
        forceOption: '`force: true`',
        workload: inputs.deployment ? { kind: 'deployment', name: inputs.deployment, namespace: inputs.namespace || undefined, toRevision: number(inputs['to-revision']) } : undefined,
        historyId: number(inputs['history-id']),
        // Who rolls back comes from the runner's variables, never from an input.
        deployers: deployerDirectoryFor({ ...io.env, GITHUB_TOKEN: token }, onSecret),
        configFile: inputs.config,
        audit: audit.open(config, configPath, io.env),
      },
      { exec: io.exec, progress: actionProgress(io), clock: systemClock, env: io.env, deployments, onSecret },
    );
    io.setOutput('rolled-back', result.rolled_back);
    io.setOutput('from', result.from);
    io.setOutput('to', result.to);
    io.setOutput('backup-path', result.backup_path);
    io.setOutput('verification', result.verification);
    io.setOutput('git-revert', result.git_revert ? result.git_revert.pull_request_url || result.git_revert.commit : '');
    io.setOutput('controller', result.controller ? `${result.controller.controller}: ${result.controller.note}` : '');
    io.setOutput('emergency', result.emergency);
    io.setOutput('failure-reason', '');
    await io.writeSummary(rollbackSummary(result));
  } catch (error) {
    if (error instanceof SyncFailure) io.setOutput('failure-reason', error.reason);
    io.setFailed(redactor.redact(describeFailure(error)));
  } finally {
    await audit.close();
  }
}

import { resolve } from 'node:path';
import { appendAll, codeBlock, describeFailure, markdownCell, Redactor, UserError } from '@gitops-sync/core';
import { configBaseDir, loadConfig, runSync, syncMatrix, systemClock, type SyncResult } from '@gitops-sync/engine';
import { deployerDirectoryFor, githubDeploymentsFor, reviewPlatformFor, type ActionIO } from '@gitops-sync/platforms';
import { z } from 'zod';
import { actionProgress, readActionInputs, secretSink, tokenEnvironment } from '../shared/inputs.js';
import { actionAudit } from '../shared/audit.js';

const Inputs = z.object({
  environments: z.string().min(1),
  config: z.string().min(1),
  report: z.string(),
  'plan-fingerprint': z.string(),
  'pull-request': z.string().regex(/^(\d+)?$/, 'a pull request number'),
  token: z.string(),
  'bot-login': z.string(),
  'dry-run': z.enum(['true', 'false']),
  parallel: z.enum(['true', 'false']),
  concurrency: z.string().regex(/^[1-9]\d*$/, 'a whole number of 1 or more'),
  'matrix-only': z.enum(['true', 'false']),
});

/** The job summary. Messages, steps and detail quote tools and names others chose (terraform's errors, file and resource names): shown as text, never as Markdown. */
export function syncSummary(result: SyncResult): string {
  const lines = ['### gitops-sync sync', '', '| Environment | Result | Reason |', '|---|---|---|'];
  for (const environment of result.environments) {
    lines.push(`| \`${environment.environment}\` | ${environment.status}${environment.dry_run ? ' (dry run)' : ''} | ${markdownCell(environment.message ?? '')} |`);
  }
  for (const environment of result.environments) {
    if (environment.steps.length) appendAll(lines, ['', `<details><summary>${environment.environment}</summary>`, '', ...environment.steps.map((step) => `- ${markdownCell(step)}`), '', '</details>']);
    if (environment.detail) lines.push('', codeBlock(environment.detail));
  }
  return `${lines.join('\n')}\n`;
}

/** The sync action: the gate, then exactly the reviewed change, environment by environment. */
export async function run(io: ActionIO): Promise<void> {
  const redactor = new Redactor();
  const onSecret = secretSink(io, redactor.add);
  const audit = actionAudit(io, redactor);
  try {
    const inputs = readActionInputs(io, Inputs, { config: 'gitops-sync.yaml', 'dry-run': 'false', parallel: 'false', concurrency: '4', 'matrix-only': 'false' }, (name) =>
      name === 'environments' ? 'Input environments is required: the environments to sync, in order (e.g. dev,staging,prod).' : undefined,
    );
    const environments = inputs.environments.split(/[\n,]/).map((name) => name.trim()).filter(Boolean);
    const configPath = resolve(io.cwd, inputs.config);
    if (inputs['matrix-only'] === 'true') {
      io.setOutput('matrix', syncMatrix(loadConfig(configPath, true), environments));
      return;
    }
    const platform = reviewPlatformFor({ platform: 'github', pr: inputs['pull-request'] || undefined }, tokenEnvironment(io, inputs), onSecret);
    const deployments = await githubDeploymentsFor(io.env, { exec: io.exec, cwd: io.cwd, warn: (message) => io.warning(message), redact: (text) => redactor.redact(text), token: inputs.token });
    // Who deploys comes from the runner's variables, never from an input.
    const deployers = deployerDirectoryFor(tokenEnvironment(io, inputs), onSecret);
    const config = loadConfig(configPath, true);
    const result = await runSync(
      {
        environments,
        config,
        baseDir: configBaseDir(configPath),
        review: { platform, configPath: inputs.config, cwd: io.cwd },
        reportPath: inputs.report ? resolve(io.cwd, inputs.report) : undefined,
        planFingerprint: inputs['plan-fingerprint'] || undefined,
        dryRun: inputs['dry-run'] === 'true',
        parallel: inputs.parallel === 'true',
        concurrency: Number(inputs.concurrency),
        deployers,
        audit: audit.open(config, configPath, io.env),
      },
      { exec: io.exec, progress: actionProgress(io), clock: systemClock, env: io.env, deployments, onSecret },
    );
    const failed = result.environments.find((environment) => environment.status === 'failed');
    io.setOutput('synced', result.ok);
    io.setOutput('failure-reason', failed?.failure_reason ?? (failed ? 'error' : ''));
    io.setOutput('result', JSON.stringify(result));
    io.setOutput('plan-fingerprint', result.environments.map((environment) => environment.plan_fingerprint).filter(Boolean).join(','));
    await io.writeSummary(syncSummary(result));
    if (failed) throw new UserError(`Sync of ${failed.environment} failed${failed.failure_reason ? ` (${failed.failure_reason})` : ''}: ${failed.message}`);
  } catch (error) {
    io.setFailed(redactor.redact(describeFailure(error)));
  } finally {
    await audit.close();
  }
}

import { describeFailure, markdownLine, Redactor, UserError, type GateDecision } from '@gitops-sync/core';
import { runGate } from '@gitops-sync/engine';
import { reviewPlatformFor, type ActionIO } from '@gitops-sync/platforms';
import { resolve } from 'node:path';
import { z } from 'zod';
import { actionProgress, readActionInputs, secretSink } from '../shared/inputs.js';
import { actionAudit } from '../shared/audit.js';

const Inputs = z.object({
  environment: z.string().min(1),
  config: z.string().min(1),
  report: z.string(),
  token: z.string(),
  'pull-request': z.string().regex(/^(\d+)?$/, 'a pull request number'),
});

function summary(decision: GateDecision): string {
  const lines = [`### gitops-sync gate: ${decision.allowed ? 'allowed' : 'denied'} for ${decision.environment}`, '', `${decision.approvals_counted.length} of ${decision.required_approvals} required approvals counted at \`${decision.head_sha.slice(0, 12)}\`.`, ''];
  for (const approval of decision.approvals_counted) lines.push(`- counted **${approval.user}**: ${markdownLine(approval.reason)}`);
  for (const approval of decision.approvals_rejected) lines.push(`- not counted **${approval.user}**: ${markdownLine(approval.reason)}`);
  for (const missing of decision.missing) lines.push(`- missing: ${markdownLine(missing)}`);
  return `${lines.join('\n')}\n`;
}

/** The gate action: fails the step unless the pull request has the approvals the environment needs. */
export async function run(io: ActionIO): Promise<void> {
  const redactor = new Redactor();
  const onSecret = secretSink(io, redactor.add);
  const audit = actionAudit(io, redactor);
  try {
    const inputs = readActionInputs(io, Inputs, { config: 'gitops-sync.yaml' }, (name) =>
      name === 'environment' ? 'Input environment is required: the environment (under approval.environments) the change is to be applied to.' : undefined,
    );
    const platform = reviewPlatformFor(
      { platform: 'github', pr: inputs['pull-request'] || undefined },
      { ...io.env, GITHUB_TOKEN: inputs.token || io.env.GITHUB_TOKEN },
      onSecret,
    );
    const decision = await runGate(
      platform,
      io.exec,
      { environment: inputs.environment, configPath: inputs.config, cwd: io.cwd, reportPath: inputs.report ? resolve(io.cwd, inputs.report) : undefined, audit: audit.openByPolicy(resolve(io.cwd, inputs.config), io.env) },
      actionProgress(io),
    );
    io.setOutput('allowed', decision.allowed);
    io.setOutput('decision', JSON.stringify(decision));
    await io.writeSummary(summary(decision));
    if (!decision.allowed) throw new UserError(`The gate denied ${inputs.environment}: ${decision.missing.join('; ')}.`);
  } catch (error) {
    io.setFailed(redactor.redact(describeFailure(error)));
  } finally {
    await audit.close();
  }
}

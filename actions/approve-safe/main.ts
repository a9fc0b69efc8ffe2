import { appendAll, describeFailure, markdownCodeName, markdownLine, Redactor } from '@gitops-sync/core';
import { runApproveSafe } from '@gitops-sync/engine';
import { reviewPlatformFor, type ActionIO } from '@gitops-sync/platforms';
import { resolve } from 'node:path';
import { z } from 'zod';
import { actionProgress, readActionInputs, secretSink, tokenEnvironment } from '../shared/inputs.js';
import { actionAudit } from '../shared/audit.js';

const Inputs = z.object({
  config: z.string().min(1),
  token: z.string(),
  'bot-login': z.string(),
  'dry-run': z.enum(['true', 'false']),
});

function summary(decision: Awaited<ReturnType<typeof runApproveSafe>>): string {
  const lines = [`### gitops-sync approve-safe: ${decision.safe ? 'approved' : 'needs human review'}`, '', `\`${decision.change}\` at \`${decision.head_sha.slice(0, 12)}\``, ''];
  for (const finding of decision.findings) lines.push(`- ${finding.path ? `${markdownCodeName(finding.path)}: ` : ''}${markdownLine(finding.reason)}`);
  appendAll(lines, ['', ...decision.actions.map((action) => `- ${markdownLine(action)}`)]);
  return `${lines.join('\n')}\n`;
}

/** The approve-safe action: approve a pull request that only touches safe paths, else ask its code owners. */
export async function run(io: ActionIO): Promise<void> {
  const redactor = new Redactor();
  const onSecret = secretSink(io, redactor.add);
  const audit = actionAudit(io, redactor);
  try {
    const inputs = readActionInputs(io, Inputs, { config: 'gitops-sync.yaml', 'dry-run': 'false' });
    const platform = reviewPlatformFor({ platform: 'github' }, tokenEnvironment(io, inputs), onSecret);
    const decision = await runApproveSafe(platform, io.exec, { configPath: inputs.config, cwd: io.cwd, dryRun: inputs['dry-run'] === 'true', audit: audit.openByPolicy(resolve(io.cwd, inputs.config), io.env) }, actionProgress(io));
    io.setOutput('approved', decision.approved);
    io.setOutput('safe', decision.safe);
    io.setOutput('head-sha', decision.head_sha);
    io.setOutput('decision', JSON.stringify(decision));
    await io.writeSummary(summary(decision));
    io.info(`${decision.change}: ${decision.safe ? 'safe' : `needs review (${decision.findings.length} finding(s))`}; ${decision.actions.join('; ')}`);
  } catch (error) {
    io.setFailed(redactor.redact(describeFailure(error)));
  } finally {
    await audit.close();
  }
}

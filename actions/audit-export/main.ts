import { describeFailure, parseFrameworks, Redactor, UserError } from '@gitops-sync/core';
import { AUDIT_FORMATS, auditExport, EXIT_AUDIT_EXCEPTIONS, type AuditFormat } from '@gitops-sync/engine';
import { changeHistoryFor, type ActionIO } from '@gitops-sync/platforms';
import { z } from 'zod';
import { actionProgress, readActionInputs, secretSink } from '../shared/inputs.js';
import packageJson from '../../package.json' with { type: 'json' };

const list = (text: string) => text.split(/[\s,]+/).filter(Boolean);

const Inputs = z.object({
  since: z.string(),
  until: z.string(),
  environments: z.string(),
  compliance: z.string().min(1),
  format: z.string().transform(list).pipe(z.array(z.enum(AUDIT_FORMATS))),
  'output-dir': z.string().min(1),
  controls: z.string(),
  config: z.string().min(1),
  'fail-on-exceptions': z.enum(['true', 'false']),
  token: z.string(),
});

/** The audit-export action: writes the report files, sets the outputs and the job summary; fails on exceptions unless told not to. */
export async function run(io: ActionIO): Promise<void> {
  const redactor = new Redactor();
  const onSecret = secretSink(io, redactor.add);
  try {
    const inputs = readActionInputs(io, Inputs, {
      compliance: 'sox,soc2,pci,iso27001',
      format: AUDIT_FORMATS.join(','),
      'output-dir': 'audit-export',
      config: 'gitops-sync.yaml',
      'fail-on-exceptions': 'true',
    });
    if (inputs.token) onSecret(inputs.token);
    const env = { ...io.env, GITHUB_TOKEN: inputs.token || io.env.GITHUB_TOKEN };
    const result = await auditExport(
      {
        configPath: inputs.config,
        cwd: io.cwd,
        since: inputs.since || undefined,
        until: inputs.until || undefined,
        environments: list(inputs.environments),
        frameworks: parseFrameworks(inputs.compliance),
        formats: inputs.format as AuditFormat[],
        outputDir: inputs['output-dir'],
        controlsPath: inputs.controls || undefined,
        repositoryUrl: io.env.GITHUB_REPOSITORY ? `${io.env.GITHUB_SERVER_URL || 'https://github.com'}/${io.env.GITHUB_REPOSITORY}` : null,
        platform: 'github',
        history: changeHistoryFor({ platform: 'github' }, env, onSecret),
        generatorVersion: packageJson.version,
        now: new Date(),
      },
      { exec: io.exec, env, progress: actionProgress(io) },
    );
    io.setOutput('report-path', result.reportPath);
    io.setOutput('statement-path', result.files[1]);
    io.setOutput('files', result.files.join('\n'));
    io.setOutput('sha256', result.sha256);
    io.setOutput('exit-code', result.exitCode);
    io.setOutput('controls-failed', result.report.summary.failed);
    io.setOutput('exceptions', result.report.summary.exceptions);
    io.info(`${result.sha256}  ${result.reportPath}`);
    await io.writeSummary(result.markdown);
    if (result.exitCode === EXIT_AUDIT_EXCEPTIONS && inputs['fail-on-exceptions'] === 'true') {
      throw new UserError(`${result.report.summary.failed} of ${result.report.summary.controls} controls have exceptions (${result.report.summary.exceptions} in all); the report is ${result.reportPath}.`);
    }
  } catch (error) {
    io.setFailed(redactor.redact(describeFailure(error)));
  }
}

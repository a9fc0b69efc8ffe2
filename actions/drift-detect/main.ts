import { join, resolve } from 'node:path';
import { describeFailure, failureReason, Redactor, renderJson, renderMarkdown, UserError, type DriftReport } from '@gitops-sync/core';
import { analyzePlanFile, configBaseDir, detectDrift, isOnPath, loadConfig, writeFileAtomic } from '@gitops-sync/engine';
import type { ActionIO } from '@gitops-sync/platforms';
import { readInputs, type DriftDetectInputs } from './inputs.js';

async function ensureTerraform(inputs: DriftDetectInputs, io: ActionIO) {
  if (isOnPath('terraform', io.env)) return;
  if (!inputs['terraform-version']) {
    throw new UserError('terraform is not on PATH; add hashicorp/setup-terraform before this step or set the terraform-version input.');
  }
  io.info(`Installing Terraform ${inputs['terraform-version']}`);
  const dir = await io.installTerraform({ version: inputs['terraform-version'], baseUrl: inputs['terraform-download-url'] || undefined });
  io.env.PATH = `${dir}:${io.env.PATH ?? ''}`;
}

async function produceReport(inputs: DriftDetectInputs, io: ActionIO, onSecret: (value: string) => void): Promise<DriftReport> {
  const configPath = resolve(io.cwd, inputs.config);
  const usesConfig = !inputs['terraform-plan-json'] && !inputs['terraform-directory'];
  const config = loadConfig(configPath, usesConfig);
  const environment = inputs.environment || (usesConfig ? '' : 'default');
  if (!environment) throw new UserError(`Input environment is required with a config file; set it to one of the environments in ${inputs.config}.`);
  if (inputs['terraform-plan-json']) {
    return analyzePlanFile({ planPath: resolve(io.cwd, inputs['terraform-plan-json']), environment, config }, { onSecret });
  }
  await ensureTerraform(inputs, io);
  const terraform = inputs['terraform-directory']
    ? { dir: inputs['terraform-directory'], var_files: [], backend_config: [], binary: 'terraform' as const }
    : undefined;
  return detectDrift(
    { environment, config, baseDir: terraform ? io.cwd : configBaseDir(configPath), terraform },
    { exec: io.exec, env: io.env, onSecret, progress: { step: (message) => io.info(message) } },
  );
}

/** The drift-detect action: inputs → one drift check → report files, outputs, job summary, annotations. */
export async function run(io: ActionIO): Promise<void> {
  const redactor = new Redactor();
  const onSecret = (value: string) => {
    redactor.add(value);
    io.setSecret(value);
  };
  try {
    const inputs = readInputs(io);
    const report = await produceReport(inputs, io, onSecret);
    const outputDir = resolve(io.cwd, inputs['output-directory']);
    const reportPath = join(outputDir, `drift-report-${report.environment}.json`);
    const markdownPath = join(outputDir, `drift-report-${report.environment}.md`);
    const markdown = renderMarkdown(report);
    writeFileAtomic(reportPath, renderJson(report));
    writeFileAtomic(markdownPath, markdown);

    io.setOutput('drift-detected', report.drift_detected);
    io.setOutput('total-changes', report.total_changes);
    for (const severity of ['critical', 'high', 'medium', 'low'] as const) io.setOutput(severity, report.changes_by_severity[severity]);
    io.setOutput('report-path', reportPath);
    io.setOutput('markdown-path', markdownPath);
    await io.writeSummary(markdown);
    for (const change of report.changes.filter((c) => c.severity === 'critical')) {
      io.error(`${change.address}: ${change.action} (${change.origin === 'outside' ? 'changed outside Git' : 'planned'}), critical by rule ${change.rule}.`, 'Critical drift');
    }
    io.info(`${report.environment}: ${report.drift_detected ? `${report.total_changes} change(s)` : 'no drift'}; report at ${reportPath}`);
    const reason = failureReason(report, inputs['fail-on']);
    if (reason) io.setFailed(`Failing because ${reason}`);
  } catch (error) {
    io.setFailed(redactor.redact(describeFailure(error)));
  }
}

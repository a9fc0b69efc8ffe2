import { describeFailure, Redactor, UserError } from '@gitops-sync/core';
import { resolve } from 'node:path';
import { checkAlertMemory, checkMonitoringRun, driftDetails, driftFailed, driftSubject, isOnPath, loadConfig, readAuditLogEvents, recordAudit, runDriftDetect } from '@gitops-sync/engine';
import { followUpDriftCheck, notifiersFromConfig, protectionPlatformFor, runUrl, type ActionIO } from '@gitops-sync/platforms';
import { actionProgress, secretSink, tokenEnvironment } from '../shared/inputs.js';
import { actionAudit } from '../shared/audit.js';
import { readInputs, type DriftDetectInputs } from './inputs.js';

async function ensureTerraform(binary: 'terraform' | 'tofu', inputs: DriftDetectInputs, io: ActionIO) {
  if (isOnPath(binary, io.env)) return;
  if (binary === 'tofu') throw new UserError('tofu is not on PATH; add opentofu/setup-opentofu before this step.');
  if (!inputs['terraform-version']) {
    throw new UserError('terraform is not on PATH; add hashicorp/setup-terraform before this step or set the terraform-version input.');
  }
  io.info(`Installing Terraform ${inputs['terraform-version']}`);
  const dir = await io.installTerraform({ version: inputs['terraform-version'], baseUrl: inputs['terraform-download-url'] || undefined });
  io.env.PATH = `${dir}:${io.env.PATH ?? ''}`;
}

async function ensureHelm(inputs: DriftDetectInputs, io: ActionIO) {
  if (isOnPath('helm', io.env)) return;
  if (!inputs['helm-version']) throw new UserError('helm is not on PATH; add azure/setup-helm before this step or set the helm-version input.');
  io.info(`Installing Helm ${inputs['helm-version']}`);
  const dir = await io.installHelm({ version: inputs['helm-version'] });
  io.env.PATH = `${dir}:${io.env.PATH ?? ''}`;
}

/** The drift-detect action: inputs → one drift check → report files, outputs, job summary, annotations. */
export async function run(io: ActionIO): Promise<void> {
  const redactor = new Redactor();
  const onSecret = secretSink(io, redactor.add);
  const audit = actionAudit(io, redactor);
  try {
    const started = Date.now();
    const inputs = readInputs(io);
    const configPath = resolve(io.cwd, inputs.config);
    if (inputs.notify === 'true') {
      checkMonitoringRun(io.env);
      checkAlertMemory(loadConfig(configPath, false).monitoring, { driftIssue: inputs['drift-issue'] === 'true', stateFile: inputs['state-file'] || undefined });
    }
    const result = await runDriftDetect(
      {
        environment: inputs.environment,
        config: inputs.config,
        terraformDirectory: inputs['terraform-directory'],
        terraformPlanJson: inputs['terraform-plan-json'],
        kubernetesManifests: inputs['kubernetes-manifests'],
        kubernetesLiveExport: inputs['kubernetes-live-export'],
        kubernetesNamespace: inputs['kubernetes-namespace'],
        fluxDiffFile: inputs['flux-diff-file'],
        argocdApp: inputs['argocd-app'],
        source: inputs.source,
        sourceFile: inputs['source-file'],
        failOn: inputs['fail-on'] || undefined,
        outputDirectory: inputs['output-directory'],
        cwd: io.cwd,
      },
      { exec: io.exec, env: io.env, onSecret, progress: actionProgress(io), beforeTerraform: (binary) => ensureTerraform(binary, inputs, io), beforeHelm: () => ensureHelm(inputs, io), protection: () => protectionPlatformFor('github', tokenEnvironment(io, inputs), { onSecret, needed: 'monitoring.check_protection' })! },
    ).catch(async (error: unknown) => {
      await recordAudit(audit.openBeside(configPath, io.env), { environment: inputs.environment || null }, driftFailed());
      throw error;
    });
    const { report } = result;
    io.setOutput('drift-detected', report.drift_detected);
    io.setOutput('total-changes', report.total_changes);
    for (const severity of ['critical', 'high', 'medium', 'low'] as const) io.setOutput(severity, report.changes_by_severity[severity]);
    io.setOutput('report-path', result.reportPath);
    io.setOutput('markdown-path', result.markdownPath);
    if (result.secrets) {
      io.setOutput('secrets-findings', result.secrets.report.findings.length);
      io.setOutput('secrets-report-path', result.secrets.reportPath);
    }
    await io.writeSummary(result.markdown);
    for (const change of report.changes.filter((c) => c.severity === 'critical')) {
      io.error(`${change.address}: ${change.action} (${change.origin === 'outside' ? 'changed outside Git' : 'planned'}), critical by rule ${change.rule}.`, 'Critical drift');
    }
    for (const finding of result.secrets?.report.findings ?? []) io.error(`${finding.file}${finding.line ? `:${finding.line}` : ''}: ${finding.message} (rule ${finding.rule})`, `Secrets: ${finding.severity}`);
    io.info(`${report.environment}: ${report.drift_detected ? `${report.total_changes} change(s)` : 'no drift'}; report at ${result.reportPath}`);
    io.setOutput('plan-fingerprint', report.plan_fingerprint ?? '');
    const config = loadConfig(configPath, false);
    const trail = audit.open(config, configPath, io.env);
    const wantsMetrics = Boolean(inputs['metrics-file'] || inputs['pushgateway-url']);
    const followUp = await followUpDriftCheck(
      report,
      config,
      {
        prComment: inputs['pr-comment'],
        notify: inputs.notify === 'true',
        driftIssue: inputs['drift-issue'] === 'true',
        stateFile: inputs['state-file'] ? resolve(io.cwd, inputs['state-file']) : undefined,
        runUrl: runUrl(io.env),
        target: { platform: 'github' },
        now: new Date(),
        notifiers: inputs.notify === 'true' ? notifiersFromConfig(config.monitoring.notifications, io.env, onSecret) : [],
        durationSeconds: (Date.now() - started) / 1000,
        metrics: { file: inputs['metrics-file'] ? resolve(io.cwd, inputs['metrics-file']) : undefined, pushgatewayUrl: inputs['pushgateway-url'] || undefined },
        audit: trail,
        auditEvents: wantsMetrics ? await readAuditLogEvents(config, configPath, io.cwd, { env: io.env, exec: io.exec }) : undefined,
        secrets: result.secrets && { markdown: result.secrets.markdown, findings: result.secrets.report.findings.length },
      },
      tokenEnvironment(io, inputs),
      onSecret,
      actionProgress(io),
    );
    // Without monitoring the drift event has no first-seen time; with it, the monitor recorded it.
    if (!followUp.monitor) await recordAudit(trail, driftSubject(report), driftDetails(report));
    if (followUp.monitor) {
      io.setOutput('alert', followUp.monitor.event?.kind ?? 'none');
      io.setOutput('drift-age-seconds', followUp.monitor.driftAgeSeconds);
      if (followUp.monitor.issue) io.setOutput('drift-issue', followUp.monitor.issue.url ?? String(followUp.monitor.issue.number));
    }
    for (const failure of followUp.failures) io.warning(failure);
    if (result.failure) io.setFailed(result.failure);
  } catch (error) {
    io.setFailed(redactor.redact(describeFailure(error)));
  } finally {
    await audit.close();
  }
}

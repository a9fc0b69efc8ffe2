import { SEVERITIES, type DriftReport } from '../model/report.js';
import { mostSevereFirst } from './build.js';
import { nextCommand } from '../plan/remediation.js';

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));

/** A compact plain-text table for terminals; `maxRows` keeps huge reports readable. */
export function renderTable(report: DriftReport, maxRows = 50): string {
  const counts = SEVERITIES.map((severity) => `${report.changes_by_severity[severity]} ${severity}`).join(', ');
  const lines: string[] = [];
  if (!report.drift_detected) {
    lines.push(`No drift in ${report.environment} (${report.sources.join(', ')}).`);
    if (report.output_changes.length) lines.push(`${report.output_changes.length} output change(s), not counted as drift.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`Drift in ${report.environment}: ${report.total_changes} change(s) (${counts}) from ${report.sources.join(', ')}`);
  const rows = mostSevereFirst(report.changes, maxRows).map((change) => [change.severity, change.action, change.origin, change.address, change.rule]);
  const header = ['SEVERITY', 'ACTION', 'ORIGIN', 'RESOURCE', 'RULE'];
  const widths = header.map((title, column) => Math.min(60, Math.max(title.length, ...rows.map((row) => row[column].length))));
  lines.push('', header.map((title, i) => pad(title, widths[i])).join('  ').trimEnd());
  for (const row of rows) lines.push(row.map((value, i) => pad(value, widths[i])).join('  ').trimEnd());
  if (report.changes.length > maxRows) lines.push(`… ${report.changes.length - maxRows} more; use --format json for all of them.`);
  if (report.output_changes.length) {
    const shown = report.output_changes.slice(0, 10).map((output) => `${output.name} (${output.action})`);
    const more = report.output_changes.length - shown.length;
    lines.push('', `Outputs: ${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}`);
  }
  if (report.remediation_plan.length) {
    lines.push('', 'Remediation plan:');
    report.remediation_plan.forEach((step, i) => lines.push(`  ${i + 1}. [${step.priority}] ${step.description}`));
    const next = nextCommand(report)!;
    lines.push(`Next: ${next.preview} to preview, then ${next.apply} ${next.when}.`);
  }
  return `${lines.join('\n')}\n`;
}

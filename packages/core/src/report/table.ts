import { SEVERITIES, type DriftReport, type Severity } from '../model/report.js';
import { mostSevereFirst } from './build.js';
import { nextCommand } from '../plan/remediation.js';
import { withFormatCharactersShown } from './visible-text.js';
import { maxOf } from '../arrays.js';

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
/** Text from the sources (resource ids, rule names) as the terminal shows it: no escape sequence, line break or invisible character of its own. */
const printable = (text: string) => withFormatCharactersShown(text).replace(/[\p{Cc}\u2028\u2029]/gu, '?');

/** How a terminal marks up text (colour); plain everywhere else. */
export interface TextStyle {
  severity(severity: Severity, text: string): string;
  strong(text: string): string;
  good(text: string): string;
  bad(text: string): string;
}

const same = (text: string) => text;
export const PLAIN_STYLE: TextStyle = { severity: (_severity, text) => text, strong: same, good: same, bad: same };

/** What the human-readable renderings show: `next: false` leaves out the `Next:` sync commands (for an environment the config does not have, they would be refused). */
export interface ReportTextOptions {
  next?: boolean;
}

/** A compact plain-text table for terminals; `maxRows` keeps huge reports readable. */
export function renderTable(report: DriftReport, maxRows = 50, style: TextStyle = PLAIN_STYLE, options: ReportTextOptions = {}): string {
  const counts = SEVERITIES.map((severity) => `${report.changes_by_severity[severity]} ${severity}`).join(', ');
  const lines: string[] = [];
  if (!report.drift_detected) {
    lines.push(style.good(`No drift in ${report.environment} (${report.sources.join(', ')}).`));
    if (report.output_changes.length) lines.push(`${report.output_changes.length} output change(s), not counted as drift.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(style.strong(`Drift in ${report.environment}: ${report.total_changes} change(s) (${counts}) from ${report.sources.join(', ')}`));
  const rows = mostSevereFirst(report.changes, maxRows).map((change) => [change.severity, change.action, change.origin, printable(change.address), printable(change.rule)]);
  const header = ['SEVERITY', 'ACTION', 'ORIGIN', 'RESOURCE', 'RULE'];
  const widths = header.map((title, column) => Math.min(60, maxOf(rows.map((row) => row[column].length), title.length)));
  lines.push('', header.map((title, i) => pad(title, widths[i])).join('  ').trimEnd());
  // Padded before it is coloured: escape codes take no room on screen.
  for (const row of rows) lines.push(row.map((value, i) => (i === 0 ? style.severity(value as Severity, pad(value, widths[i])) : pad(value, widths[i]))).join('  ').trimEnd());
  if (report.changes.length > maxRows) lines.push(`… ${report.changes.length - maxRows} more; use --format json for all of them.`);
  if (report.output_changes.length) {
    const shown = report.output_changes.slice(0, 10).map((output) => `${printable(output.name)} (${output.action})`);
    const more = report.output_changes.length - shown.length;
    lines.push('', `Outputs: ${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}`);
  }
  if (report.remediation_plan.length) {
    lines.push('', 'Remediation plan:');
    report.remediation_plan.forEach((step, i) => lines.push(`  ${i + 1}. [${step.priority}] ${printable(step.description)}`));
    const next = nextCommand(report)!;
    if (options.next !== false) lines.push(`${style.strong('Next:')} ${next.preview} to preview, then ${next.apply} ${next.when}.`);
  }
  return `${lines.join('\n')}\n`;
}

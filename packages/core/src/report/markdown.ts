import { inSeverityOrder } from './build.js';
import { shortFingerprint } from '../plan/fingerprint.js';
import { nextCommand } from '../plan/remediation.js';
import type { ReportTextOptions } from './table.js';
import { withFormatCharactersShown } from './visible-text.js';
import { ACTIONS, KNOWN_AFTER_APPLY, SENSITIVE, SEVERITIES, type Change, type DriftReport, type Severity } from '../model/report.js';

/** GitHub refuses comments and job summaries longer than this many characters. */
export const GITHUB_MARKDOWN_LIMIT = 65_536;

/**
 * The most changes any Markdown of a report shows (a change's block is well over 100 characters, so
 * GitHub's limit never leaves room for more): a report kept with only these changes in full renders
 * the same Markdown (plan-report-file.ts).
 */
export const MOST_CHANGES_SHOWN = Math.floor(GITHUB_MARKDOWN_LIMIT / 100);

const ICON: Record<Severity, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵' };
const MAX_VALUE_CHARS = 120;

/**
 * Text safe inside a Markdown table cell or `<code>`: no pipes, no HTML, one line (CommonMark also ends
 * one at a lone \r), no control or invisible format characters, and no Markdown of its own — GitHub parses Markdown inside
 * `<code>`, so links, images, emphasis, autolinks and @-mentions (a file named `@org/team.yaml` would ping
 * the team) are written as entities that render as the same text.
 */
export function markdownCell(text: string): string {
  return withFormatCharactersShown(text)
    .replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char]!)
    .replace(/[[\]*`~\\!@]/g, (char) => `&#${char.charCodeAt(0)};`)
    .replace(/:\/\//g, '&#58;//')
    .replace(/\b(www)\./gi, '$1&#46;')
    .replace(/\|/g, '\\|')
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
}

/** Text that quotes names someone else chose (file names) on one Markdown line: a line break in it would start a block of its own. */
export const markdownLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

/** Text someone else chose (a tool's output, file names) as a fenced code block: the fence is longer than any run of backticks in it, so the text cannot close it and go on as Markdown. */
export function codeBlock(text: string): string {
  let longest = 2;
  for (const [run] of text.matchAll(/`+/g)) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${text}\n${fence}`;
}

/** A name someone else chose as inline code in a table cell, on one line: a backtick, pipe or line break would end the code, the cell or the line. */
export const markdownCodeName = (name: string): string => `\`${name.replace(/[`|\r\n]/g, '?')}\``;

/**
 * A value as inline code (so `*` or `_` in it is not Markdown), placeholders as plain text. A number
 * beyond a double's range (a plan's `1e400`) is null in the JSON report, and in a change read back from
 * it (plan-report-file.ts): shown as null is, so every Markdown of a report is the same.
 */
function shortValue(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '—';
  if (value === SENSITIVE || value === KNOWN_AFTER_APPLY) return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `<code>${markdownCell(text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text)}</code>`;
}

/** 65536 as 65,536 (toLocaleString would load the locale data: most of the Markdown's time). */
const thousands = (value: number) => String(value).replace(/\B(?=(\d{3})+$)/g, ',');

function changeDetail(change: Change): string {
  const rows = change.fields.map(
    (field) => `| <code>${markdownCell(field.path || '/')}</code> | ${shortValue(field.before)} | ${shortValue(field.after)}${field.forces_replacement ? ' (forces replacement)' : ''} |`,
  );
  const moved = change.previous_address ? ` · moved from <code>${markdownCell(change.previous_address)}</code>` : '';
  const header = `<details><summary>${ICON[change.severity]} <code>${markdownCell(change.address)}</code> — ${change.action} (${change.origin === 'outside' ? 'changed outside Git' : 'planned'}), ${change.severity} by <code>${markdownCell(change.rule)}</code>${moved}</summary>\n\n`;
  const body = rows.length ? `| Field | Now | Git wants |\n|---|---|---|\n${rows.join('\n')}\n` : '_No field-level detail._\n';
  return `${header}${body}\n</details>\n`;
}

/** The output changes' line stays this short however many there are: the room under a limit is for the changes. */
const OUTPUTS_CHARS = 2_000;

function outputChanges(report: DriftReport): string {
  const shown: string[] = [];
  let length = 0;
  for (const output of report.output_changes) {
    const item = `\`${markdownCell(output.name)}\` ${output.action}`;
    length += item.length + 2;
    if (length > OUTPUTS_CHARS) break;
    shown.push(item);
  }
  const hidden = report.output_changes.length - shown.length;
  const more = hidden ? `${shown.length ? ', ' : ''}and ${hidden} more (the JSON report has them all)` : '';
  return `**Output changes** (${report.output_changes.length}): ${shown.join(', ')}${more}`;
}

function summary(report: DriftReport): string {
  const title = report.drift_detected
    ? `## ${report.changes_by_severity.critical > 0 ? '🔴' : '🟠'} Drift detected in \`${markdownCell(report.environment)}\``
    : `## ✅ No drift in \`${markdownCell(report.environment)}\``;
  const lines = [title, '', `${report.total_changes} change(s) across ${report.affected_resources.length} resource(s) from ${report.sources.join(', ') || 'no source'} · ${report.generated_at}`, ''];
  if (report.plan_fingerprint) lines.push(`Plan fingerprint \`${shortFingerprint(report.plan_fingerprint)}\`: sync applies this plan only.`, '');
  if (report.total_changes > 0) {
    lines.push(`| Severity | ${SEVERITIES.map((s) => `${ICON[s]} ${s}`).join(' | ')} |`, `|---|${SEVERITIES.map(() => '---:').join('|')}|`);
    lines.push(`| Changes | ${SEVERITIES.map((s) => report.changes_by_severity[s]).join(' | ')} |`, '');
    const actions = ACTIONS.filter((action) => report.changes_by_action[action] > 0);
    lines.push(`| Action | ${actions.join(' | ')} |`, `|---|${actions.map(() => '---:').join('|')}|`, `| Changes | ${actions.map((a) => report.changes_by_action[a]).join(' | ')} |`, '');
  }
  if (report.output_changes.length > 0) lines.push(outputChanges(report), '');
  return lines.join('\n');
}

function remediation(report: DriftReport, options: ReportTextOptions): string {
  if (report.remediation_plan.length === 0) return '';
  const rows = report.remediation_plan.map(
    (step, i) => `| ${i + 1} | ${step.priority} | ${markdownCell(step.description)} | ${step.approval_required ? 'yes' : 'no'} | ${step.auto_rollback ? 'yes' : 'no'} | ${step.changes.length} |`,
  );
  const next = nextCommand(report)!;
  const nextLine = options.next === false ? '' : `\n**Next:** \`${next.preview}\` to preview, then \`${next.apply}\` ${next.when}.\n`;
  return `### Remediation plan\n\n| # | Priority | Step | Approval | Auto-rollback | Resources |\n|---|---|---|---|---|---:|\n${rows.join('\n')}\n${nextLine}`;
}

/**
 * The report as GitHub-flavoured Markdown: summary tables, the remediation plan, then each change
 * in a collapsible block, most severe first. Stops adding changes before `limit` characters and
 * says how many were left out.
 */
export function renderMarkdown(report: DriftReport, limit = GITHUB_MARKDOWN_LIMIT, options: ReportTextOptions = {}): string {
  const head = `${summary(report)}\n${remediation(report, options)}`;
  if (report.changes.length === 0) return head;
  const reserve = 300;
  let body = `\n### Changes\n\n`;
  let shown = 0;
  for (const change of inSeverityOrder(report.changes)) {
    if (shown === MOST_CHANGES_SHOWN) break;
    const detail = changeDetail(change);
    if (head.length + body.length + detail.length + reserve > limit) break;
    body += detail;
    shown++;
  }
  const total = report.changes.length;
  const hidden = total - shown;
  const note = hidden > 0 ? `\n> ${hidden} more change(s) not shown to stay under ${thousands(limit)} characters; the JSON report has all ${total}.\n` : '';
  return `${head}${body}${note}`;
}

/**
 * The audit report's files: the JSON, the CSV of changes an auditor samples from, the Markdown
 * summary (exceptions first), and the in-toto Statement v1 that `actions/attest` signs.
 */
import { createHash } from 'node:crypto';
import { markdownCell } from '../report/markdown.js';
import { AUDIT_REPORT_SCHEMA_URL, type AuditReport, type ControlResult } from './report.js';

export const AUDIT_REPORT_FILE = 'audit-report.json';
export const AUDIT_CHANGES_FILE = 'audit-changes.csv';
export const AUDIT_MARKDOWN_FILE = 'audit-report.md';
export const AUDIT_STATEMENT_FILE = 'audit-report.intoto.json';

export function renderAuditJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, or a semicolon (the
 * separator a spreadsheet uses in many locales: unquoted, what follows it is a cell of its own). A cell
 * a spreadsheet would run as a formula (= + - @, or a tab / carriage return before one) gets a leading
 * `'` (OWASP CSV injection).
 */
export function csvField(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const AUDIT_CSV_COLUMNS = [
  'change',
  'environment',
  'branch',
  'sha',
  'time',
  'link',
  'change_request',
  'author',
  'approvers',
  'approved_on_head',
  'gate',
  'ci_status',
  'deployed_by',
  'deployed_at',
  'plan_fingerprint',
  'signatures',
  'emergency',
  'findings',
] as const;

export function renderAuditCsv(report: AuditReport): string {
  const rows = report.changes.map((row) =>
    [
      row.id,
      row.environment,
      row.branch,
      row.sha,
      row.time,
      row.link,
      row.change_request,
      row.author,
      row.approvers.join(' '),
      row.approved_on_head,
      row.gate,
      row.ci_status,
      row.deployed_by.join(' '),
      row.deployed_at.join(' '),
      row.plan_fingerprint,
      row.signatures,
      row.emergency,
      row.findings.join(' '),
    ].map(csvField),
  );
  return [AUDIT_CSV_COLUMNS.join(','), ...rows.map((row) => row.join(','))].map((line) => `${line}\r\n`).join('');
}

/** Table cells: a pipe or a line break would break the row; links stay links. */
const cell = (text: string) => text.replaceAll('|', '\\|').replace(/[\r\n]+/g, ' ');
const STATUS: Record<ControlResult['status'], string> = { pass: 'pass', fail: '**fail**', 'not-applicable': 'not applicable' };

export function renderAuditMarkdown(report: AuditReport, reportSha256?: string): string {
  const { summary } = report;
  const lines = [
    `## Audit export: ${report.frameworks.join(', ')}`,
    '',
    `Period ${report.period.since} – ${report.period.until}, environments ${report.environments.join(', ') || '(none)'}: ${summary.changes} changes, ${summary.drift_incidents} drift incidents, ${summary.drift_checks} drift checks.`,
    `Controls: ${summary.passed} passed, ${summary.failed} failed, ${summary.not_applicable} not applicable; ${summary.exceptions} exceptions.`,
    '',
  ];
  const failed = report.controls.filter((control) => control.exceptions.length);
  if (failed.length) {
    lines.push('### Exceptions', '', '| Control | Check | Change | Detail |', '|---|---|---|---|');
    for (const control of failed) {
      for (const exception of control.exceptions) {
        const change = exception.change ? (exception.link ? `[${exception.change}](${exception.link})` : exception.change) : exception.environment ?? 'period';
        // The detail quotes the audit log and the platform (a plan fingerprint, a login): text, never Markdown or HTML of its own.
        lines.push(`| ${control.id} | ${exception.check} | ${cell(change)} | ${markdownCell(exception.detail)} |`);
      }
    }
    lines.push('');
  }
  lines.push('### Controls', '', '| Control | Framework | Status | Population | Exceptions | Title |', '|---|---|---|---:|---:|---|');
  for (const control of report.controls) lines.push(`| ${control.id} | ${control.framework} | ${STATUS[control.status]} | ${control.population} | ${control.exceptions.length} | ${markdownCell(control.title)} |`);
  lines.push('');
  const key = report.log?.key_id ? `, its checkpoint signed by key ${report.log.key_id} (audit.public_key)` : '';
  const log = report.log ? `audit log checkpoint: ${report.log.size} events, root ${report.log.root_hash}${report.log.intact ? key : ' (does not verify)'}` : 'no audit log was read';
  lines.push(`Built from the ${log}; control mapping ${report.mapping.source} (sha256 ${report.mapping.sha256}); gitops-sync ${report.generator.version}.`);
  if (reportSha256) lines.push(`\`${AUDIT_REPORT_FILE}\` sha256: \`${reportSha256}\``);
  return `${lines.join('\n')}\n`;
}

/** The summary the in-toto statement carries as its predicate. */
export function auditPredicate(report: AuditReport) {
  return {
    schema: report.schema,
    generated_at: report.generated_at,
    generator: report.generator,
    period: report.period,
    environments: report.environments,
    frameworks: report.frameworks,
    log: report.log,
    mapping: report.mapping,
    summary: report.summary,
    controls: report.controls.map((control) => ({ id: control.id, status: control.status, population: control.population, exceptions: control.exceptions.length })),
  };
}

/** in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md) about the report file. */
export function renderAuditStatement(report: AuditReport, reportFileName: string, reportSha256: string): string {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: reportFileName, digest: { sha256: reportSha256 } }],
    predicateType: AUDIT_REPORT_SCHEMA_URL,
    predicate: auditPredicate(report),
  };
  return `${JSON.stringify(statement, null, 2)}\n`;
}

import { extname, resolve } from 'node:path';
import { batched, PLAIN_STYLE, renderJsonChunks, renderMarkdown, renderTable, UserError, type DriftReport, type ReportTextOptions, type TextStyle } from '@gitops-sync/core';
import { writeFileAtomic, writeReportJson } from '@gitops-sync/engine';
import { z } from 'zod';
import { stdoutStyle } from './colour.js';
import { EXIT_DRIFT, EXIT_NO_DRIFT } from './exit-codes.js';
import type { CliIO } from './main.js';

export const Format = z.enum(['json', 'markdown', 'table']);
export type Format = z.infer<typeof Format>;

/** The report format an --output file's extension names; other names get JSON. */
const FORMAT_OF_EXTENSION: Record<string, Format> = { '.md': 'markdown', '.markdown': 'markdown', '.json': 'json', '.txt': 'table' };
/** Extensions of formats gitops-sync does not write: JSON under such a name would be a surprise. */
const UNWRITTEN_FORMATS = new Set(['.yaml', '.yml', '.html', '.htm', '.xml', '.csv', '.toml', '.sarif', '.pdf']);

function formatOfOutput(output: string): Format {
  const extension = extname(output).toLowerCase();
  if (UNWRITTEN_FORMATS.has(extension)) {
    throw new UserError(`--output ${output}: gitops-sync writes no ${extension.slice(1).toUpperCase()} report; name the file .json, .md or .txt (the format follows the extension), or pass --format json|markdown|table.`);
  }
  return FORMAT_OF_EXTENSION[extension] ?? 'json';
}

export function parseFormat(value: string | undefined, output: string | undefined): Format {
  if (value === undefined) return output ? formatOfOutput(output) : 'table';
  // `text`, the review and sync commands' word for the human-readable form, is the table here.
  if (value === 'text') return 'table';
  const parsed = Format.safeParse(value);
  if (!parsed.success) throw new UserError(`--format ${value} is not a format; use table, markdown or json.`);
  return parsed.data;
}

/** The report in a format, in pieces (JSON of a large report is never built as one string); only the table takes a style. */
export function render(report: DriftReport, format: Format, style: TextStyle = PLAIN_STYLE, options: ReportTextOptions = {}): Iterable<string> {
  if (format === 'json') return renderJsonChunks(report);
  if (format === 'markdown') return [renderMarkdown(report, undefined, options)];
  return [renderTable(report, undefined, style, options)];
}

/** The flags `drift` and `analyze` share. */
export const REPORT_FLAGS = {
  config: { type: 'string', default: 'gitops-sync.yaml' },
  format: { type: 'string' },
  output: { type: 'string' },
  verbose: { type: 'boolean', default: false },
} as const;

/** Writes the report to `output` (or stdout); `recorded`: a `drift` event will name its JSON's hash, taken as it is written. */
export function emit(io: CliIO, report: DriftReport, format: string | undefined, output: string | undefined, recorded = false, options: ReportTextOptions = {}) {
  const chosen = parseFormat(format, output);
  if (output) {
    if (chosen === 'json' && recorded) writeReportJson(resolve(io.cwd, output), report);
    else writeFileAtomic(resolve(io.cwd, output), render(report, chosen, PLAIN_STYLE, options));
    io.stdout(renderTable(report, undefined, stdoutStyle(io), options));
  } else for (const batch of batched(render(report, chosen, stdoutStyle(io), options))) io.stdout(batch);
}

export const exitFor = (report: DriftReport) => (report.drift_detected ? EXIT_DRIFT : EXIT_NO_DRIFT);

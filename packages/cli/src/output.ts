import { PLAIN_STYLE, renderJsonChunks, renderMarkdown, renderTable, UserError, type DriftReport, type TextStyle } from '@gitops-sync/core';
import { z } from 'zod';

export const Format = z.enum(['json', 'markdown', 'table']);
export type Format = z.infer<typeof Format>;

export function parseFormat(value: string | undefined, output: string | undefined): Format {
  if (value === undefined) return output?.endsWith('.md') ? 'markdown' : output ? 'json' : 'table';
  // `text`, the review and sync commands' word for the human-readable form, is the table here.
  if (value === 'text') return 'table';
  const parsed = Format.safeParse(value);
  if (!parsed.success) throw new UserError(`--format ${value} is not a format; use table, markdown or json.`);
  return parsed.data;
}

/** The report in a format, in pieces (JSON of a large report is never built as one string); only the table takes a style. */
export function render(report: DriftReport, format: Format, style: TextStyle = PLAIN_STYLE): Iterable<string> {
  if (format === 'json') return renderJsonChunks(report);
  if (format === 'markdown') return [renderMarkdown(report)];
  return [renderTable(report, undefined, style)];
}

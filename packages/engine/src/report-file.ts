import { createHash } from 'node:crypto';
import { disagreeingTotal, DriftReport, renderJsonChunks, UserError } from '@gitops-sync/core';
import { readInputFile, writeFileAtomic, writePieces } from './files.js';

/** A drift-report.json drift-detect wrote; anything else is one sentence ending in "pass <which>". */
export function readDriftReport(path: string, which: string): DriftReport {
  let data: unknown;
  try {
    data = JSON.parse(readInputFile(path, 'a drift report').toString('utf8'));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${path} is not valid JSON; pass ${which}.`);
  }
  const parsed = DriftReport.safeParse(data);
  if (!parsed.success) throw new UserError(`${path} is not a gitops-sync drift report (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}); pass ${which}.`);
  const disagreeing = disagreeingTotal(parsed.data);
  if (disagreeing) throw new UserError(`${path} is not a drift report as drift-detect writes it: its ${disagreeing} does not agree with its changes; pass ${which}.`);
  return parsed.data;
}

/** The fingerprint of each report writeReportJson wrote: the drift event names it without rendering the report again. */
const writtenReports = new WeakMap<DriftReport, string>();

/**
 * Writes the report's JSON to `path` (atomically) and remembers its sha256 for reportFingerprint;
 * write it again after changing it.
 */
export function writeReportJson(path: string, report: DriftReport): void {
  const hash = createHash('sha256');
  writeFileAtomic(path, renderJsonChunks(report), (bytes) => hash.update(bytes));
  writtenReports.set(report, hash.digest('hex'));
}

/** Has `write` write `report` (another writer than writeReportJson: see withStreamedPlanReport) and notes the sha256 of the bytes it wrote. */
export function writeNoted(report: DriftReport, write: (onBytes: (bytes: Uint8Array) => void) => void): void {
  const hash = createHash('sha256');
  write((bytes) => hash.update(bytes));
  writtenReports.set(report, hash.digest('hex'));
}

/** sha256 of the report's JSON exactly as drift-detect writes it. */
export function reportFingerprint(report: DriftReport): string {
  const written = writtenReports.get(report);
  if (written !== undefined) return written;
  const hash = createHash('sha256');
  writePieces((bytes) => hash.update(bytes), renderJsonChunks(report));
  return hash.digest('hex');
}

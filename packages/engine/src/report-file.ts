import { disagreeingTotal, DriftReport, UserError } from '@gitops-sync/core';
import { readInputFile } from './files.js';

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

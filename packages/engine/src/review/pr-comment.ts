import { renderMarkdown, type DriftReport } from '@gitops-sync/core';
import type { ReviewPlatform } from './review-platform.js';

export type PrCommentMode = 'always' | 'changes-only' | 'off';

export const driftCommentMarker = (environment: string) => `<!-- gitops-sync:drift-comment environment=${environment} -->`;

/** The reviewed plan fingerprint drift-detect left in its pull/merge request comment for `environment`: on the line after the marker (CRLF once edited on the web), never in the report below it. */
export async function reviewedFingerprint(platform: ReviewPlatform, environment: string): Promise<string | undefined> {
  const marker = driftCommentMarker(environment);
  const body = await platform.ownCommentWith(marker);
  return body?.slice(marker.length).match(/^\r?\n<!-- gitops-sync:plan-fingerprint (sha256:[0-9a-f]{64}) -->/)?.[1];
}

/** GitHub and GitLab refuse comments over 65,536 characters. */
const COMMENT_LIMIT = 65_536;

/**
 * One sticky comment per environment on the pull/merge request, found by a hidden marker and
 * updated in place. `changes-only` creates none while nothing drifted, but still corrects an
 * earlier one so it never shows stale drift.
 */
export async function commentDriftReport(platform: ReviewPlatform, report: DriftReport, mode: PrCommentMode, fullReportUrl?: string, secrets?: { markdown: string; findings: number }): Promise<'created' | 'updated' | 'unchanged' | 'absent' | 'off'> {
  if (mode === 'off') return 'off';
  const marker = driftCommentMarker(report.environment);
  const fingerprint = report.plan_fingerprint ? `\n<!-- gitops-sync:plan-fingerprint ${report.plan_fingerprint} -->` : '';
  // The secrets section (drift-detect on a pull/merge request) is short: at most 50 findings, never a value.
  const footer = `${secrets ? `\n\n${secrets.markdown}` : ''}${fullReportUrl ? `\n\nFull report: ${fullReportUrl}` : ''}`;
  const body = `${marker}${fingerprint}\n${renderMarkdown(report, COMMENT_LIMIT - marker.length - fingerprint.length - footer.length - 1)}${footer}`;
  return platform.upsertComment(marker, body, report.drift_detected || mode === 'always' || Boolean(secrets?.findings));
}

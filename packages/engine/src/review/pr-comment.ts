import { createHash } from 'node:crypto';
import { renderMarkdown, type DriftReport } from '@gitops-sync/core';
import { approvedKubernetesPrunes } from '../sync/sync-kubernetes.js';
import type { ReviewPlatform } from './review-platform.js';

export type PrCommentMode = 'always' | 'changes-only' | 'off';

export const driftCommentMarker = (environment: string) => `<!-- gitops-sync:drift-comment environment=${environment} -->`;

/** The lines after the marker (CRLF once edited on the web): the plan's fingerprint, then the deletions' digest, each when there is one. */
const REVIEWED = /^(?:\r?\n<!-- gitops-sync:plan-fingerprint (sha256:[0-9a-f]{64}) -->)?(?:\r?\n<!-- gitops-sync:deletions (sha256:[0-9a-f]{64}) -->)?/;

/**
 * What drift-detect's pull/merge request comment for `environment` says the reviewers saw, read on the
 * lines right after its marker, never in the report below it; undefined when there is no such comment.
 */
export async function reviewedComment(platform: ReviewPlatform, environment: string): Promise<{ fingerprint?: string; deletions?: string } | undefined> {
  const marker = driftCommentMarker(environment);
  const body = await platform.ownCommentWith(marker);
  if (body === undefined) return undefined;
  const [, fingerprint, deletions] = REVIEWED.exec(body.slice(marker.length))!;
  return { fingerprint, deletions };
}

/** The reviewed plan fingerprint drift-detect left in its comment for `environment`. */
export async function reviewedFingerprint(platform: ReviewPlatform, environment: string): Promise<string | undefined> {
  return (await reviewedComment(platform, environment))?.fingerprint;
}

/** A digest of the Kubernetes objects a report deletes, which sync prunes: what the comment says the reviewers saw; undefined when none. */
export function deletionsDigest(report: Pick<DriftReport, 'changes'>): string | undefined {
  const deleted = [...new Set(approvedKubernetesPrunes(report))].sort();
  return deleted.length ? `sha256:${createHash('sha256').update(JSON.stringify(deleted)).digest('hex')}` : undefined;
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
  const deletions = deletionsDigest(report);
  const fingerprint = `${report.plan_fingerprint ? `\n<!-- gitops-sync:plan-fingerprint ${report.plan_fingerprint} -->` : ''}${deletions ? `\n<!-- gitops-sync:deletions ${deletions} -->` : ''}`;
  // The secrets section (drift-detect on a pull/merge request) is short: at most 50 findings, never a value.
  const footer = `${secrets ? `\n\n${secrets.markdown}` : ''}${fullReportUrl ? `\n\nFull report: ${fullReportUrl}` : ''}`;
  const body = `${marker}${fingerprint}\n${renderMarkdown(report, COMMENT_LIMIT - marker.length - fingerprint.length - footer.length - 1)}${footer}`;
  return platform.upsertComment(marker, body, report.drift_detected || mode === 'always' || Boolean(secrets?.findings));
}

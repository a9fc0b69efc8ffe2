import { createHash } from 'node:crypto';
import type { AlertEvent } from '@gitops-sync/core';
import type { Notifier } from '@gitops-sync/engine';
import { channelUrl, postJson, type ChannelOptions } from './http.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** PagerDuty's longest dedup_key. */
const DEDUP_KEY_LIMIT = 255;

/**
 * The alert's key within `scope`, the repository the run checks (`@owner/repo`): two repositories with an
 * environment of the same name may share a routing key, and must not resolve each other's incident. A scope
 * that would make the key too long is named by its sha256.
 */
export function scopedDedupKey(key: string, scope: string | undefined): string {
  if (!scope) return key;
  const scoped = `${key}@${scope}`;
  return scoped.length <= DEDUP_KEY_LIMIT ? scoped : `${key}@${createHash('sha256').update(scope).digest('hex').slice(0, 16)}`;
}

/** A resolve of the alert with `dedupKey` (accepted, and nothing done, when none is open). */
const resolveEvent = (routingKey: string, dedupKey: string) => ({ routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey });

/** The Events API v2 event: `trigger` (or `resolve`) with the alert's dedup key (in `scope`, see scopedDedupKey). */
export function pagerDutyEvent(event: AlertEvent, routingKey: string, source: string, scope?: string): object {
  if (event.kind === 'resolve') return resolveEvent(routingKey, scopedDedupKey(event.dedupKey, scope));
  const severity = event.counts.critical > 0 ? 'critical' : event.counts.high > 0 ? 'error' : 'warning';
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: scopedDedupKey(event.dedupKey, scope),
    payload: {
      summary: event.summary.slice(0, 1024),
      source,
      severity,
      timestamp: event.at,
      component: event.environment,
      group: 'gitops-sync',
      class: 'drift',
      custom_details: { counts: event.counts, total_changes: event.totalChanges, drift_age_seconds: event.driftAgeSeconds, reasons: event.reasons, top_changes: event.topChanges },
    },
    ...(event.runUrl && /^https?:\/\//.test(event.runUrl) ? { links: [{ href: event.runUrl, text: 'gitops-sync run' }] } : {}),
  };
}

/**
 * The events to send, in order: the event itself, then a resolve of each other alert it closes (an
 * escalation's trigger opens an incident of its own and closes the lower one; a resolve closes every
 * key the environment's alert may have had, in the order given: the alert's own last, so a failure
 * part-way leaves its incident open, as the state kept after a failed send says).
 */
export function pagerDutyEvents(event: AlertEvent, routingKey: string, source: string, scope?: string): object[] {
  const closing = (key: string) => resolveEvent(routingKey, scopedDedupKey(key, scope));
  if (event.kind === 'resolve' && event.resolves?.includes(event.dedupKey)) return event.resolves.map(closing);
  const others = (event.resolves ?? []).filter((key) => key !== event.dedupKey);
  return [pagerDutyEvent(event, routingKey, source, scope), ...others.map(closing)];
}

/** PagerDuty Events API v2: one open incident per environment (a new one when severity rises), resolved when the drift is gone. */
export class PagerDutyNotifier implements Notifier {
  readonly name = 'pagerduty';

  /** `scope`: the repository the run checks (GITHUB_REPOSITORY, CI_PROJECT_PATH), see scopedDedupKey. */
  constructor(private readonly options: { routingKey: string; source?: string; url?: string; scope?: string } & ChannelOptions) {}

  async send(event: AlertEvent): Promise<void> {
    const url = channelUrl('PagerDuty Events API', this.options.url ?? PAGERDUTY_EVENTS_URL);
    for (const body of pagerDutyEvents(event, this.options.routingKey, this.options.source ?? 'gitops-sync', this.options.scope)) await postJson('PagerDuty', url, body, {}, this.options);
  }
}

import type { AlertEvent } from '@gitops-sync/core';
import type { Notifier } from '@gitops-sync/engine';
import { channelUrl, postJson, type ChannelOptions } from './http.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** The Events API v2 event: `trigger` (or `resolve`) with a dedup key stable per environment. */
export function pagerDutyEvent(event: AlertEvent, routingKey: string, source: string): object {
  if (event.kind === 'resolve') return { routing_key: routingKey, event_action: 'resolve', dedup_key: event.dedupKey };
  const severity = event.counts.critical > 0 ? 'critical' : event.counts.high > 0 ? 'error' : 'warning';
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: event.dedupKey,
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

/** PagerDuty Events API v2: one incident per environment, resolved when the drift is gone. */
export class PagerDutyNotifier implements Notifier {
  readonly name = 'pagerduty';

  constructor(private readonly options: { routingKey: string; source?: string; url?: string } & ChannelOptions) {}

  async send(event: AlertEvent): Promise<void> {
    const url = channelUrl('PagerDuty Events API', this.options.url ?? PAGERDUTY_EVENTS_URL);
    await postJson('PagerDuty', url, pagerDutyEvent(event, this.options.routingKey, this.options.source ?? 'gitops-sync'), {}, this.options);
  }
}

import type { AlertEvent } from '@gitops-sync/core';

/**
 * One alert channel (Slack, PagerDuty, e-mail, a webhook). `send` retries transient failures and
 * times out by itself; it throws a UserError with one sentence that never contains the channel's
 * secret (webhook URL, routing key, password) when it gives up.
 */
export interface Notifier {
  /** `slack`, `pagerduty`, `email`, `webhook` */
  readonly name: string;
  send(event: AlertEvent): Promise<void>;
}

import type { AlertEvent } from '@gitops-sync/core';
import type { Notifier } from '@gitops-sync/engine';
import { channelUrl, postJson, signature, type ChannelOptions } from './http.js';

/** Any endpoint: the AlertEvent as JSON, signed with HMAC-SHA256 over the exact body. */
export class WebhookNotifier implements Notifier {
  readonly name = 'webhook';

  constructor(private readonly options: { url: string; secret: string } & ChannelOptions) {}

  async send(event: AlertEvent): Promise<void> {
    const url = channelUrl('webhook', this.options.url);
    // postJson sends JSON.stringify(event): sign exactly those bytes.
    const headers = { 'X-GitOps-Sync-Signature': signature(this.options.secret, JSON.stringify(event)), 'X-GitOps-Sync-Event': event.kind };
    await postJson('The webhook', url, event, headers, this.options);
  }
}

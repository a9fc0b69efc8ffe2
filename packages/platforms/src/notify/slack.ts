import { clip, oneLine, type AlertEvent } from '@gitops-sync/core';
import type { Notifier } from '@gitops-sync/engine';
import { channelUrl, postJson, type ChannelOptions } from './http.js';

const EMOJI: Record<string, string> = { critical: ':red_circle:', high: ':large_orange_circle:', medium: ':large_yellow_circle:', low: ':white_circle:' };
/** Slack mrkdwn treats &, < and > as markup. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A name someone else chose (a resource address) as inline code on one line: a backtick or line break in it would end the code, or the line. */
const code = (name: string) => `\`${escape(oneLine(name).replace(/`/g, '?'))}\``;

/** Block Kit blocks for one alert: header, counts, the top changes, the run link. */
export function slackMessage(event: AlertEvent): { text: string; blocks: object[] } {
  const counts = (['critical', 'high', 'medium', 'low'] as const).map((severity) => `${EMOJI[severity]} *${event.counts[severity]}* ${severity}`).join('   ');
  const header = event.kind === 'trigger' ? `Drift in ${event.environment}` : event.totalChanges ? `Drift in ${event.environment} is back under the alert thresholds` : `Drift resolved in ${event.environment}`;
  const blocks: object[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(header, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(escape(event.summary), 3000) } },
  ];
  if (event.kind === 'trigger') {
    blocks.push({ type: 'section', fields: [{ type: 'mrkdwn', text: `*Environment*\n${escape(event.environment)}` }, { type: 'mrkdwn', text: `*Changes*\n${counts}` }] });
    const top = event.topChanges.slice(0, 10).map((change) => `${EMOJI[change.severity]} ${code(change.address)} ${change.action}${change.origin === 'outside' ? ' (changed outside Git)' : ''} — ${escape(change.rule)}`);
    if (top.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`*Top changes*\n${top.join('\n')}`, 3000) } });
  }
  if (event.runUrl && /^https?:\/\//.test(event.runUrl)) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the run' }, url: event.runUrl }] });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `gitops-sync · ${event.at}` }] });
  return { text: clip(event.summary, 3000), blocks };
}

/** Slack through an incoming webhook (its URL is the secret). */
export class SlackNotifier implements Notifier {
  readonly name = 'slack';

  constructor(private readonly options: { webhookUrl: string } & ChannelOptions) {}

  async send(event: AlertEvent): Promise<void> {
    await postJson('Slack', channelUrl('Slack incoming webhook', this.options.webhookUrl), slackMessage(event), {}, this.options);
  }
}

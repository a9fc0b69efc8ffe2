import { UserError, type AlertEvent, type Notifications } from '@gitops-sync/core';
import type { Notifier } from '@gitops-sync/engine';
import { EmailNotifier } from './notify/email.js';
import { PagerDutyNotifier } from './notify/pagerduty.js';
import { SlackNotifier } from './notify/slack.js';
import { WebhookNotifier } from './notify/webhook.js';

/** A configured channel whose secret is missing: it fails, once, when there is something to send. */
function missing(name: string, variables: string[]): Notifier {
  return {
    name,
    send: async (_event: AlertEvent) => {
      throw new UserError(`${variables.join(' and ')} ${variables.length > 1 ? 'are' : 'is'} not set, so ${name} was not told; set ${variables.length > 1 ? 'them' : 'it'} as a secret of the job.`);
    },
  };
}

/** The channels `monitoring.notifications` configures, with their secrets from the environment (masked at once). */
export function notifiersFromConfig(notifications: Notifications, env: NodeJS.ProcessEnv, onSecret: (secret: string) => void): Notifier[] {
  const secret = (name: string | undefined) => {
    const value = name ? env[name] : undefined;
    if (value) onSecret(value);
    return value;
  };
  const notifiers: Notifier[] = [];
  const { slack, pagerduty, email, webhook } = notifications;
  if (slack) {
    const url = secret(slack.webhook_url_env);
    notifiers.push(url ? new SlackNotifier({ webhookUrl: url }) : missing('slack', [slack.webhook_url_env]));
  }
  if (pagerduty) {
    const key = secret(pagerduty.routing_key_env);
    notifiers.push(key ? new PagerDutyNotifier({ routingKey: key, source: pagerduty.source, url: env.GITOPS_SYNC_PAGERDUTY_URL, scope: env.GITHUB_REPOSITORY || env.CI_PROJECT_PATH || undefined }) : missing('pagerduty', [pagerduty.routing_key_env]));
  }
  if (webhook) {
    const [url, key] = [secret(webhook.url_env), secret(webhook.secret_env)];
    notifiers.push(url && key ? new WebhookNotifier({ url, secret: key }) : missing('webhook', [webhook.url_env, webhook.secret_env].filter((name) => !env[name])));
  }
  if (email) {
    const user = email.user_env ? secret(email.user_env) : undefined;
    const password = email.password_env ? secret(email.password_env) : undefined;
    notifiers.push(new EmailNotifier({ host: email.host, port: email.port, secure: email.secure, allowPlaintextAuth: email.allow_plaintext_auth, from: email.from, to: email.to, user, password }));
  }
  return notifiers;
}

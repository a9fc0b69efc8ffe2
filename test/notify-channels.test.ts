/**
 * The alert channels against loopback servers that validate what Slack, PagerDuty and a signed
 * webhook document, and a real SMTP server (smtp-server) receiving the e-mail. Faults: a channel
 * that never answers, a 500 then success, a 429 with retry-after, an invalid URL.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { AlertEvent } from '@gitops-sync/core';
import { EmailNotifier, notifiersFromConfig, PagerDutyNotifier, SlackNotifier, WebhookNotifier } from '@gitops-sync/platforms';
import { pagerDutyServer, slackServer, webhookServer, type VendorServer } from './support/vendor-servers.js';

const FAST = { retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 2000 }, timeoutMs: 1000 };
const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';

const trigger: AlertEvent = {
  kind: 'trigger',
  environment: 'production',
  dedupKey: 'gitops-sync/production',
  summary: 'production: 1 critical, 2 high change(s); 1 critical change(s), more than 0',
  reasons: ['1 critical change(s), more than 0'],
  counts: { critical: 1, high: 2, medium: 0, low: 0 },
  totalChanges: 3,
  driftAgeSeconds: 900,
  topChanges: [{ address: 'aws_iam_role.deploy', severity: 'critical', action: 'update', origin: 'outside', rule: 'iam.policy' }],
  runUrl: 'https://github.com/acme/infra/actions/runs/1',
  at: '2026-11-25T12:00:00.000Z',
};
const resolve: AlertEvent = { ...trigger, kind: 'resolve', summary: 'production: drift resolved', reasons: [], counts: { critical: 0, high: 0, medium: 0, low: 0 }, totalChanges: 0, topChanges: [] };

const servers: VendorServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
const started = async (server: Promise<VendorServer>) => {
  const running = await server;
  servers.push(running);
  return running;
};

describe('Slack', () => {
  test('trigger and resolve are valid Block Kit with the counts, the top change and the run link', async () => {
    const slack = await started(slackServer());
    const notifier = new SlackNotifier({ webhookUrl: `${slack.url}/services/T000/B000/XXXX`, ...FAST });
    await notifier.send(trigger);
    await notifier.send(resolve);
    expect(slack.received.map((request) => request.problems)).toEqual([[], []]);
    const blocks = JSON.stringify(slack.received[0].json);
    expect(blocks).toContain('Drift in production');
    expect(blocks).toContain('`aws_iam_role.deploy`');
    expect(blocks).toContain('https://github.com/acme/infra/actions/runs/1');
    expect(JSON.stringify(slack.received[1].json)).toContain('Drift resolved in production');
  });

  test('a 500 then success is retried once; a 429 waits for retry-after', async () => {
    const slack = await started(slackServer());
    slack.script.push({ status: 500, body: 'internal_error' }, { status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } });
    const before = Date.now();
    await new SlackNotifier({ webhookUrl: slack.url, ...FAST }).send(trigger);
    expect(slack.received).toHaveLength(3);
    expect(Date.now() - before).toBeGreaterThanOrEqual(1000);
  });

  test('a channel that never answers fails within the timeout with one secret-free sentence', async () => {
    const slack = await started(slackServer());
    slack.script.push({ hang: true }, { hang: true }, { hang: true });
    const url = `${slack.url}/services/T000/B000/SECRETPART`;
    const error = await new SlackNotifier({ webhookUrl: url, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 100 }, timeoutMs: 300 }).send(trigger).catch((caught: Error) => caught);
    expect((error as Error).message).toBe('Slack did not take the alert (no answer within 0.3 s, after 2 attempts); check its settings in monitoring.notifications and that the service is reachable.');
  });

  test('an invalid webhook URL is one sentence that does not repeat it', async () => {
    const error = await new SlackNotifier({ webhookUrl: 'hooks.slack.com/services/T0/B0/SECRETPART' }).send(trigger).catch((caught: Error) => caught);
    expect((error as Error).message).toBe('The Slack incoming webhook URL is not a valid URL; set it to the https:// address the service gave you.');
    const withCredentials = await new WebhookNotifier({ url: 'https://user:SECRETPW@hooks.example/x', secret: 's' }).send(trigger).catch((caught: Error) => caught);
    expect((withCredentials as Error).message).toBe('The webhook URL carries a user name or password, which is not sent that way; put the credentials where the service expects them.');
  });

  test('plain http is refused except to loopback: the URL, routing key and signed body would cross the network in the clear', async () => {
    const hook = await started(slackServer());
    const plain = await new SlackNotifier({ webhookUrl: 'http://hooks.slack.example/services/T0/B0/SECRETPART', ...FAST }).send(trigger).catch((caught: Error) => caught);
    expect((plain as Error).message).toBe('The Slack incoming webhook URL is plain http to a host that is not loopback, which would send its secret in the clear; use its https:// address.');
    const pagerDuty = await new PagerDutyNotifier({ routingKey: ROUTING_KEY, source: 'gitops-sync', url: 'http://events.pagerduty.example/v2/enqueue', ...FAST }).send(trigger).catch((caught: Error) => caught);
    expect((pagerDuty as Error).message).toMatch(/^The PagerDuty Events API URL is plain http to a host that is not loopback/);
    await new SlackNotifier({ webhookUrl: `${hook.url.replace('127.0.0.1', 'localhost')}/services/T0/B0/SECRETPART`, ...FAST }).send(trigger);
    expect(hook.received).toHaveLength(1);
  });
});

describe('PagerDuty', () => {
  test('trigger then resolve with the same dedup key, as Events API v2 documents', async () => {
    const pagerDuty = await started(pagerDutyServer());
    const notifier = new PagerDutyNotifier({ routingKey: ROUTING_KEY, url: `${pagerDuty.url}/v2/enqueue`, ...FAST });
    await notifier.send(trigger);
    await notifier.send(resolve);
    expect(pagerDuty.received.map((request) => request.problems)).toEqual([[], []]);
    expect(pagerDuty.received.map((request) => request.json)).toMatchObject([
      { event_action: 'trigger', dedup_key: 'gitops-sync/production', payload: { severity: 'critical', source: 'gitops-sync', component: 'production' } },
      { event_action: 'resolve', dedup_key: 'gitops-sync/production' },
    ]);
  });

  test('an escalation triggers its own key, then resolves the alert it supersedes; a resolve closes every key it names', async () => {
    const pagerDuty = await started(pagerDutyServer());
    const notifier = new PagerDutyNotifier({ routingKey: ROUTING_KEY, url: `${pagerDuty.url}/v2/enqueue`, ...FAST });
    await notifier.send({ ...trigger, dedupKey: 'gitops-sync/production/critical', resolves: ['gitops-sync/production', 'gitops-sync/production/high'] });
    await notifier.send({ ...resolve, resolves: ['gitops-sync/production', 'gitops-sync/production/critical'] });
    expect(pagerDuty.received.map((request) => request.problems)).toEqual([[], [], [], [], []]);
    expect(pagerDuty.received.map((request) => request.json)).toMatchObject([
      { event_action: 'trigger', dedup_key: 'gitops-sync/production/critical', payload: { severity: 'critical' } },
      { event_action: 'resolve', dedup_key: 'gitops-sync/production' },
      { event_action: 'resolve', dedup_key: 'gitops-sync/production/high' },
      { event_action: 'resolve', dedup_key: 'gitops-sync/production' },
      { event_action: 'resolve', dedup_key: 'gitops-sync/production/critical' },
    ]);
  });

  test('the key is scoped to the repository the run checks: two repositories sharing a routing key keep their own incidents', async () => {
    const pagerDuty = await started(pagerDutyServer());
    const url = `${pagerDuty.url}/v2/enqueue`;
    const [infra, shop] = ['acme/infra', 'acme/shop'].map((repository) => notifiersFromConfig({ pagerduty: { routing_key_env: 'PD_KEY', source: 'gitops-sync' } }, { PD_KEY: ROUTING_KEY, GITOPS_SYNC_PAGERDUTY_URL: url, GITHUB_REPOSITORY: repository }, () => undefined)[0]);
    const [gitlabProject] = notifiersFromConfig({ pagerduty: { routing_key_env: 'PD_KEY', source: 'gitops-sync' } }, { PD_KEY: ROUTING_KEY, GITOPS_SYNC_PAGERDUTY_URL: url, CI_PROJECT_PATH: 'platform/deep/group/infra' }, () => undefined);
    await infra.send(trigger);
    await shop.send({ ...resolve, resolves: ['gitops-sync/production'] });
    await gitlabProject.send(trigger);
    // A scope too long for PagerDuty's 255 characters is named by its sha256.
    await new PagerDutyNotifier({ routingKey: ROUTING_KEY, url, scope: `group/${'g'.repeat(300)}/project`, ...FAST }).send(trigger);
    const keys = pagerDuty.received.map((request) => (request.json as { dedup_key: string }).dedup_key);
    // shop's resolve closes its own key, never infra's.
    expect(keys.slice(0, 3)).toEqual(['gitops-sync/production@acme/infra', 'gitops-sync/production@acme/shop', 'gitops-sync/production@platform/deep/group/infra']);
    expect(keys[3]).toMatch(/^gitops-sync\/production@[0-9a-f]{16}$/);
    expect(pagerDuty.received.map((request) => request.problems)).toEqual([[], [], [], []]);
  });

  test('a 400 is not retried and says so without the routing key', async () => {
    const pagerDuty = await started(pagerDutyServer());
    const error = await new PagerDutyNotifier({ routingKey: 'short-key', url: pagerDuty.url, ...FAST }).send(trigger).catch((caught: Error) => caught);
    expect(pagerDuty.received).toHaveLength(1);
    expect((error as Error).message).toBe('PagerDuty did not take the alert (HTTP 400); check its settings in monitoring.notifications and that the service is reachable.');
    expect((error as Error).message).not.toContain('short-key');
  });
});

describe('signed webhook', () => {
  test('the body is the event as JSON, signed with HMAC-SHA256 over the exact bytes', async () => {
    const hook = await started(webhookServer('shared-s3cret'));
    await new WebhookNotifier({ url: `${hook.url}/hooks/drift`, secret: 'shared-s3cret', ...FAST }).send(trigger);
    expect(hook.received[0].problems).toEqual([]);
    expect(hook.received[0].headers['x-gitops-sync-event']).toBe('trigger');
    expect(hook.received[0].json).toEqual(trigger);
  });

  test('a wrong secret is refused by the receiver and reported, never printed', async () => {
    const hook = await started(webhookServer('shared-s3cret'));
    const error = await new WebhookNotifier({ url: hook.url, secret: 'wrong-s3cret', ...FAST }).send(trigger).catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(/^The webhook did not take the alert \(HTTP 401: bad signature\)/);
    expect((error as Error).message).not.toMatch(/s3cret|127\.0\.0\.1/);
  });
});

describe('e-mail over a real SMTP server', () => {
  let smtp: SMTPServer;
  let port = 0;
  let busyOnce = false;
  const logins: string[] = [];
  const inbox: { from?: string; to: string[]; subject?: string; text?: string; html?: string | false }[] = [];
  beforeAll(async () => {
    smtp = new SMTPServer({
      disableReverseLookup: true,
      authOptional: false,
      allowInsecureAuth: true,
      // A relay (or a downgrading middlebox) that offers no STARTTLS.
      hideSTARTTLS: true,
      disabledCommands: ['STARTTLS'],
      onAuth: (auth, _session, done) => (logins.push(auth.username ?? ''), auth.username === 'alerts' && auth.password === 'smtp-p4ss' ? done(null, { user: 'alerts' }) : done(new Error('Invalid username or password'))),
      onData: (stream, _session, done) => {
        if (busyOnce) {
          busyOnce = false;
          stream.resume();
          stream.on('end', () => done(Object.assign(new Error('Mailbox busy, try again'), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
            inbox.push({ from: mail.from?.text, to: to.flatMap((address) => address.value.map((entry) => entry.address ?? '')), subject: mail.subject, text: mail.text, html: mail.html });
            done();
          })
          .catch(done);
      },
    });
    await new Promise<void>((ready) => smtp.listen(0, '127.0.0.1', ready));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => new Promise<void>((done) => smtp.close(() => done())));

  test('plain text and HTML reach the inbox, with the subject naming the environment and counts', async () => {
    await new EmailNotifier({ host: '127.0.0.1', port, secure: false, from: 'gitops-sync@acme.test', to: ['sre@acme.test', 'oncall@acme.test'], user: 'alerts', password: 'smtp-p4ss', allowPlaintextAuth: true, timeoutMs: 2000 }).send(trigger);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ from: 'gitops-sync@acme.test', to: ['sre@acme.test', 'oncall@acme.test'], subject: '[gitops-sync] production: 1 critical, 2 high' });
    expect(inbox[0].text).toContain('- critical: aws_iam_role.deploy (update, iam.policy)');
    expect(inbox[0].html).toContain('<code>aws_iam_role.deploy</code>');
  });

  test('a busy server (451) is tried again; a closed port is a sentence naming the cause', async () => {
    busyOnce = true;
    await new EmailNotifier({ host: '127.0.0.1', port, secure: false, from: 'gitops-sync@acme.test', to: ['sre@acme.test'], user: 'alerts', password: 'smtp-p4ss', allowPlaintextAuth: true, timeoutMs: 2000, retry: FAST.retry }).send(trigger);
    expect(inbox.at(-1)?.subject).toBe('[gitops-sync] production: 1 critical, 2 high');
    const closed = await new EmailNotifier({ host: '127.0.0.1', port: 1, secure: false, from: 'a@acme.test', to: ['b@acme.test'], timeoutMs: 500, retry: FAST.retry }).send(trigger).catch((caught: Error) => caught);
    expect((closed as Error).message).toMatch(/^E-mail did not go out through 127\.0\.0\.1:1 \(E[A-Z]+, after 3 attempts\); check monitoring\.notifications\.email and that the server is reachable\.$/);
  });

  test('wrong credentials: one sentence, no password in it', async () => {
    const error = await new EmailNotifier({ host: '127.0.0.1', port, secure: false, from: 'a@acme.test', to: ['b@acme.test'], user: 'alerts', password: 'wrong-p4ss', allowPlaintextAuth: true, timeoutMs: 2000 })
      .send(trigger)
      .catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(/^E-mail did not go out through 127\.0\.0\.1:\d+ \(535\); check the SMTP credentials\.$/);
    expect((error as Error).message).not.toContain('p4ss');
  });

  test('a server without STARTTLS never sees the password: TLS is required before AUTH unless allow_plaintext_auth says otherwise', async () => {
    const [before, sentBefore] = [logins.length, inbox.length];
    const notifiers = notifiersFromConfig(
      { email: { host: '127.0.0.1', port, secure: false, allow_plaintext_auth: false, from: 'gitops-sync@acme.test', to: ['sre@acme.test'], user_env: 'SMTP_USER', password_env: 'SMTP_PASSWORD' } },
      { SMTP_USER: 'alerts', SMTP_PASSWORD: 'smtp-p4ss' },
      () => undefined,
    );
    const error = await notifiers[0].send(trigger).catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(
      /^E-mail did not go out through 127\.0\.0\.1:\d+: TLS is required before the SMTP password is sent, and STARTTLS failed or was not offered; use a server that offers STARTTLS \(or secure: true on port 465\), or set allow_plaintext_auth: true for a relay on loopback\.$/,
    );
    expect(logins.length).toBe(before);
    expect(inbox.length).toBe(sentBefore);
  });
});

test('channels from the config take their secrets from the environment, mask them, and a missing one fails only when used', async () => {
  const masked: string[] = [];
  const notifiers = notifiersFromConfig(
    { slack: { webhook_url_env: 'SLACK_WEBHOOK_URL' }, pagerduty: { routing_key_env: 'PAGERDUTY_ROUTING_KEY', source: 'gitops-sync' } },
    { SLACK_WEBHOOK_URL: 'https://hooks.slack.example/services/T/B/X' },
    (secret) => masked.push(secret),
  );
  expect(notifiers.map((notifier) => notifier.name)).toEqual(['slack', 'pagerduty']);
  expect(masked).toEqual(['https://hooks.slack.example/services/T/B/X']);
  await expect(notifiers[1].send(trigger)).rejects.toThrow('PAGERDUTY_ROUTING_KEY is not set, so pagerduty was not told; set it as a secret of the job.');
});

import { connect, type Socket } from 'node:net';
import { createTransport, type Transporter } from 'nodemailer';
import { appendAll, oneLine, UserError, type AlertEvent } from '@gitops-sync/core';
import type { Notifier } from '@gitops-sync/engine';
import { DEFAULT_RETRY, retrying, type RetryPolicy } from '../api-retry.js';

export interface EmailSettings {
  host: string;
  port: number;
  /** true: TLS from the start (465); false: STARTTLS, which is required before a password is sent. */
  secure: boolean;
  /** Send the password without TLS when the server offers no STARTTLS: only for a relay on loopback. */
  allowPlaintextAuth?: boolean;
  from: string;
  to: string[];
  user?: string;
  password?: string;
  timeoutMs?: number;
  retry?: RetryPolicy;
}

/** SMTP answers worth another try: 421 (service not available) and 45x (mailbox busy, local error, no room). */
const TRANSIENT_SMTP = new Set([421, 450, 451, 452]);
const NETWORK = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'ECONNRESET']);

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function emailContent(event: AlertEvent): { subject: string; text: string; html: string } {
  const counts = (['critical', 'high', 'medium', 'low'] as const).filter((severity) => event.counts[severity]).map((severity) => `${event.counts[severity]} ${severity}`);
  const subject =
    event.kind === 'trigger'
      ? `[gitops-sync] ${event.environment}: ${counts.join(', ') || 'drift'}`
      : event.totalChanges
        ? `[gitops-sync] ${event.environment}: back under the alert thresholds, ${counts.join(', ')} still drift`
        : `[gitops-sync] ${event.environment}: drift resolved`;
  const lines = [event.summary, '', ...event.reasons.map((reason) => `- ${reason}`)];
  if (event.topChanges.length) appendAll(lines, ['', 'Top changes:', ...event.topChanges.map((change) => `- ${change.severity}: ${oneLine(change.address)} (${change.action}, ${oneLine(change.rule)})`)]);
  if (event.runUrl) lines.push('', `Run: ${event.runUrl}`);
  const rows = event.topChanges.map((change) => `<tr><td>${escapeHtml(change.severity)}</td><td><code>${escapeHtml(change.address)}</code></td><td>${escapeHtml(change.action)}</td><td>${escapeHtml(change.rule)}</td></tr>`).join('');
  const html = [
    `<h2>${escapeHtml(subject.replace('[gitops-sync] ', ''))}</h2>`,
    `<p>${escapeHtml(event.summary)}</p>`,
    event.reasons.length ? `<ul>${event.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>` : '',
    rows ? `<table><tr><th>Severity</th><th>Resource</th><th>Action</th><th>Rule</th></tr>${rows}</table>` : '',
    event.runUrl ? `<p><a href="${escapeHtml(event.runUrl)}">Open the run</a></p>` : '',
  ].join('');
  return { subject, text: lines.join('\n'), html };
}

/**
 * One attempt, `timeoutMs` in all: nodemailer's socket timeout only measures silence, so a server
 * trickling reply lines (`250-…`) would hold the run for ever. At the deadline the attempt's socket
 * is destroyed, so nothing is left running.
 */
function sendWithin(transport: Transporter, mail: object, sockets: Socket[], timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' }));
      for (const socket of sockets.splice(0)) socket.destroy();
    }, timeoutMs);
    transport
      .sendMail(mail)
      .then(resolve, reject)
      .finally(() => clearTimeout(timer));
  });
}

/** E-mail over SMTP (nodemailer), plain text and HTML. */
export class EmailNotifier implements Notifier {
  readonly name = 'email';

  constructor(private readonly settings: EmailSettings) {}

  async send(event: AlertEvent): Promise<void> {
    const { host, port, secure, user, password } = this.settings;
    const timeout = this.settings.timeoutMs ?? 10_000;
    const sockets: Socket[] = [];
    const transport = createTransport({
      host,
      port,
      secure,
      // nodemailer sends AUTH in the clear when the server does not offer STARTTLS (or a middlebox strips it).
      requireTLS: Boolean(user) && !secure && !this.settings.allowPlaintextAuth,
      auth: user ? { user, pass: password ?? '' } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      // nodemailer's documented hook for a socket of our own (it upgrades it to TLS as it would its own): one we can destroy.
      getSocket: (_options: unknown, done: (error: Error | null, socket: { connection: Socket }) => void) => {
        const socket = connect({ host, port });
        sockets.push(socket);
        done(null, { connection: socket });
      },
    });
    const mail = { from: this.settings.from, to: this.settings.to, ...emailContent(event) };
    try {
      await retrying(
        () => sendWithin(transport, mail, sockets, timeout),
        (error) => {
          const { responseCode, code } = error as { responseCode?: number; code?: string };
          if (code === 'ETLS') return { status: 400, headers: {}, message: code };
          if (responseCode) return { status: TRANSIENT_SMTP.has(responseCode) ? 503 : 400, headers: {}, message: String(responseCode) };
          return { status: code && NETWORK.has(code) ? 0 : 400, headers: {}, message: code ?? 'error' };
        },
        (failure, attempts) => {
          const what = `${failure.message}${attempts > 1 ? `, after ${attempts} attempts` : ''}`;
          if (failure.message === 'ETLS') {
            return new UserError(
              `E-mail did not go out through ${host}:${port}: TLS is required before the SMTP password is sent, and STARTTLS failed or was not offered; use a server that offers STARTTLS (or secure: true on port 465), or set allow_plaintext_auth: true for a relay on loopback.`,
            );
          }
          const hint = failure.message === '535' || failure.message === 'EAUTH' ? 'the SMTP credentials' : 'monitoring.notifications.email and that the server is reachable';
          return new UserError(`E-mail did not go out through ${host}:${port} (${what}); check ${hint}.`);
        },
        this.settings.retry ?? DEFAULT_RETRY,
      );
    } finally {
      transport.close();
    }
  }
}

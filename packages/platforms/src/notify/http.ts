import { createHmac } from 'node:crypto';
import { isLoopbackHost, UserError } from '@gitops-sync/core';
import { DEFAULT_RETRY, retrying, type ApiFailure, type RetryPolicy } from '../api-retry.js';
import { answerText } from '../http-answer.js';

/** Settings every HTTP channel shares. */
export interface ChannelOptions {
  retry?: RetryPolicy;
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
}

class ChannelFailure extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message);
  }
}

/** The URL, refused in one sentence that never repeats it (for webhooks the URL is the secret). */
export function channelUrl(channel: string, url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`The ${channel} URL is not a valid URL; set it to the https:// address the service gave you.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new UserError(`The ${channel} URL is not an http(s) URL; set it to the https:// address the service gave you.`);
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new UserError(`The ${channel} URL is plain http to a host that is not loopback, which would send its secret in the clear; use its https:// address.`);
  }
  if (parsed.username || parsed.password) throw new UserError(`The ${channel} URL carries a user name or password, which is not sent that way; put the credentials where the service expects them.`);
  return parsed;
}

/** A vendor's short error word (`invalid_blocks`, `no_service`) is worth showing; anything longer might echo a secret. */
function shortAnswer(text: string): string {
  const word = text.trim();
  return /^[A-Za-z][\w .:-]{0,60}$/.test(word) && !/[A-Za-z0-9]{24,}/.test(word) ? `: ${word}` : '';
}

/**
 * POSTs a JSON body to a channel (`channel` starts the sentences: "Slack", "PagerDuty", "The webhook"), retrying 5xx, 429 (honouring retry-after) and network errors,
 * each attempt with a timeout. Gives up with one sentence naming the channel and the status —
 * never the URL, which is itself the secret for webhooks.
 */
export async function postJson(channel: string, url: URL, body: unknown, headers: Record<string, string>, options: ChannelOptions = {}): Promise<string> {
  const text = JSON.stringify(body);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return retrying(
    async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: text,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      }).catch((error: Error & { cause?: { code?: string } }) => {
        const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
        const code = error.cause?.code ? ` (${error.cause.code})` : '';
        throw new ChannelFailure({ status: 0, headers: {}, message: timedOut ? `no answer within ${timeoutMs / 1000} s` : `the connection failed${code}` });
      });
      const answer = await answerText(response);
      if (response.status >= 200 && response.status < 300) return answer;
      throw new ChannelFailure({ status: response.status, headers: Object.fromEntries(response.headers), message: shortAnswer(answer.replace(/\s+/g, ' ')) });
    },
    (error) => (error instanceof ChannelFailure ? error.failure : undefined),
    (failure, attempts) => {
      const what = failure.status === 0 ? failure.message : `HTTP ${failure.status}${failure.message}`;
      return new UserError(`${channel} did not take the alert (${what}${attempts > 1 ? `, after ${attempts} attempts` : ''}); check its settings in monitoring.notifications and that the service is reachable.`);
    },
    options.retry ?? DEFAULT_RETRY,
  );
}

/** `sha256=<hex>` HMAC of the exact body bytes, as X-GitOps-Sync-Signature carries it. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

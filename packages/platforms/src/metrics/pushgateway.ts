import { isLoopbackHost, METRICS_CONTENT_TYPE, UserError, withoutSecret } from '@gitops-sync/core';
import { DEFAULT_RETRY, retrying, type ApiFailure, type RetryPolicy } from '../api-retry.js';
import { answerText } from '../http-answer.js';

/** The group a push replaces: `job` plus grouping labels (`environment`), in the URL path. */
export interface PushGroup {
  job: string;
  groupingLabels: { environment: string } & Record<string, string>;
}

export interface PushMetricsOptions {
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  retry?: RetryPolicy;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

class PushFailure extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message);
  }
}

/**
 * One `/<name>/<value>` pair of the grouping key. A value with a `/` (or a dot segment a URL would
 * resolve away, or nothing at all) goes as `<name>@base64/<base64url>`, as the Pushgateway documents;
 * anything else URL-encoded.
 */
export function groupingSegment(name: string, value: string): string {
  if (value === '') return `${name}@base64/=`;
  if (value.includes('/') || value === '.' || value === '..') return `${name}@base64/${Buffer.from(value, 'utf8').toString('base64url')}`;
  return `${name}/${encodeURIComponent(value)}`;
}

interface Target {
  url: string;
  /** Origin and path without credentials, for messages. */
  shown: string;
  authorization?: string;
  secrets: string[];
}

function decoded(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

function target(baseUrl: string, group: PushGroup): Target {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UserError('The Pushgateway URL is not a valid URL; pass one like http://pushgateway:9091.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`The Pushgateway URL must start with http:// or https://, not ${url.protocol}//.`);
  if (url.protocol === 'http:' && (url.username || url.password) && !isLoopbackHost(url.hostname)) {
    throw new UserError('The Pushgateway URL carries credentials over plain http to a host that is not loopback, which would send them in the clear; use its https:// address.');
  }
  if (!group.job) throw new UserError('The Pushgateway job name is empty; give the push a job name.');
  for (const name of Object.keys(group.groupingLabels)) {
    if (!LABEL_NAME.test(name) || name === 'job' || name.startsWith('__')) throw new UserError(`"${name}" cannot be a Pushgateway grouping label; use a Prometheus label name other than job.`);
  }
  const secrets = [url.username, url.password, decoded(url.username), decoded(url.password)];
  const [, , username, password] = secrets;
  url.username = '';
  url.password = '';
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const path = [groupingSegment('job', group.job), ...Object.entries(group.groupingLabels).map(([name, value]) => groupingSegment(name, value))].join('/');
  return {
    url: `${base}/metrics/${path}`,
    shown: base,
    authorization: username || password ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined,
    // Longest first, so a secret inside another is masked whole.
    secrets: [...new Set(secrets)].filter((secret) => secret.length >= 3).sort((a, b) => b.length - a.length),
  };
}

function networkReason(error: unknown, timeoutMs: number): string {
  // Duck-typed: the DOMException may come from another realm (a test VM), where instanceof fails.
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? code : 'network error';
}

function hint(status: number): string {
  if (status === 0 || status >= 500) return 'check the URL and that the gateway is up, then run it again';
  if (status >= 300 && status < 400) return 'redirects are not followed so credentials stay here; pass the URL the gateway answers on';
  if (status === 401 || status === 403) return 'check the credentials in the Pushgateway URL';
  if (status === 404) return 'check the path of the Pushgateway URL';
  if (status === 400) return 'the gateway rejected the metrics, often because another group pushed the same names with other types or help';
  return 'check the Pushgateway URL';
}

/**
 * Pushes metrics text with an HTTP PUT to `<base>/metrics/job/<job>/<label>/<value>…`, which
 * replaces everything the group held before (so the text must carry cumulative counters).
 * Credentials in the URL (`https://user:password@host`) go as basic auth, never over plain http
 * beyond loopback, and are never printed.
 * 5xx answers, 429 and network errors are retried with backoff; giving up is a UserError with one
 * sentence.
 */
export async function pushMetrics(baseUrl: string, group: PushGroup, text: string, options: PushMetricsOptions = {}): Promise<void> {
  const where = target(baseUrl, group);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const body = text.endsWith('\n') ? text : `${text}\n`;
  const redact = (message: string) => where.secrets.reduce(withoutSecret, message);
  const labels = Object.entries(group.groupingLabels).map(([name, value]) => `${name} ${JSON.stringify(value)}`);
  const what = `job ${JSON.stringify(group.job)}${labels.length ? `, ${labels.join(', ')}` : ''}`;
  await retrying(
    async () => {
      const response = await fetch(where.url, {
        method: 'PUT',
        headers: { 'content-type': METRICS_CONTENT_TYPE, ...(where.authorization ? { authorization: where.authorization } : {}) },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      }).catch((error: unknown) => {
        throw new PushFailure({ status: 0, headers: {}, message: networkReason(error, timeoutMs) });
      });
      const answer = await answerText(response);
      if (response.ok) return;
      // The gateway's own reason, first line only; a proxy echoing the credentials has them masked.
      const reason = redact(answer.trim().split('\n')[0].slice(0, 200)).replace(/[.\s]+$/, '');
      throw new PushFailure({ status: response.status, headers: Object.fromEntries(response.headers), message: reason });
    },
    (error) => (error instanceof PushFailure ? error.failure : undefined),
    (failure, attempts) => {
      const status = failure.status === 0 ? failure.message : `HTTP ${failure.status}${failure.message ? `: ${failure.message}` : ''}`;
      const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
      return new UserError(`Could not push metrics for ${what} to the Pushgateway at ${where.shown} (${status}${tries}); ${hint(failure.status)}.`);
    },
    options.retry ?? DEFAULT_RETRY,
  );
}

import { UserError, withoutSecret } from '@gitops-sync/core';

/** What the client needs of `fetch`; the global one fits, tests may pass their own. */
export type FetchLike = (
  url: string,
  init: { method: 'GET' | 'POST' | 'PATCH'; headers: Record<string, string>; body?: string; redirect: 'manual'; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface ArgoCdFetchOptions {
  /** The Argo CD API server (ARGOCD_SERVER): `https://argocd.example.com`, a root path allowed. */
  server: string;
  /** The application's name. */
  app: string;
  /** For applications outside Argo CD's own namespace (apps in any namespace). */
  appNamespace?: string;
  /** A bearer token (ARGOCD_AUTH_TOKEN). Never printed. */
  token: string;
  /** Accept a self-signed or otherwise unverifiable TLS certificate (argocd --insecure). */
  insecure?: boolean;
  fetch?: FetchLike;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const TOKEN_HINT = 'check ARGOCD_AUTH_TOKEN';

/** ARGOCD_SERVER as a URL, refused in one sentence when it is not a plain http(s) server URL. */
/**
 * ARGOCD_SERVER and ARGOCD_AUTH_TOKEN, as the argocd CLI reads them; `missing` is the sentence when
 * either is unset, and the token goes to `onSecret` so no message ever shows it.
 */
export function argoCdCredentials(env: NodeJS.ProcessEnv | undefined, missing: string, onSecret?: (secret: string) => void): { server: string; token: string } {
  const server = env?.ARGOCD_SERVER;
  const token = env?.ARGOCD_AUTH_TOKEN;
  if (!server || !token) throw new UserError(missing);
  onSecret?.(token);
  return { server, token };
}

export function argoCdServerUrl(server: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(server);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new UserError(`ARGOCD_SERVER ${JSON.stringify(server)} is not an http(s) URL; write it like https://argocd.example.com.`);
  }
  if (url.username || url.password) {
    throw new UserError(`ARGOCD_SERVER ${url.origin} carries credentials in the URL; remove them and pass the token in ARGOCD_AUTH_TOKEN.`);
  }
  if (url.search || url.hash) throw new UserError(`ARGOCD_SERVER ${url.origin}${url.pathname} has a query or fragment; write just the server URL, like https://argocd.example.com.`);
  return url;
}

/** `fetch` for `insecure`: Node's https with certificate checks off, as `argocd --insecure` does. */
export const insecureFetch: FetchLike = async (url, init) => {
  // Loaded when a request is made: node:https (and TLS) would cost every command importing this module ~5 ms at start.
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers, rejectUnauthorized: false, signal: init.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: { get: (name) => [res.headers[name.toLowerCase()]].flat()[0] ?? null },
          text: () => Promise.resolve(body),
        });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
};

/** Refuses a missing token, or one fetch would refuse in a message that quotes it. */
export function checkArgoCdToken(token: string, base: URL): void {
  if (!token) throw new UserError(`No Argo CD token for ${base.origin}; set ARGOCD_AUTH_TOKEN to an API token (argocd account generate-token).`);
  // A header value with control characters makes fetch throw a message that quotes the value.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(token)) throw new UserError(`The Argo CD token contains a line break or control character; ${TOKEN_HINT} (paste the token alone, without a trailing newline).`);
}

const formatSeconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

/** Argo CD's error bodies are `{"error": …, "code": …, "message": …}`; its message, if any. */
export function argoCdErrorMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
    const message = typeof parsed.message === 'string' ? parsed.message : typeof parsed.error === 'string' ? parsed.error : undefined;
    return message?.replace(/\s+/g, ' ').trim().slice(0, 200) || undefined;
  } catch {
    return undefined;
  }
}

/** The innermost message of a fetch failure (`ECONNREFUSED: connect …`), for one sentence. */
export function fetchErrorCause(error: unknown): string {
  const seen = new Set<unknown>();
  let current = error;
  let message = '';
  // Duck-typed: errors from fetch may come from another realm, where instanceof Error fails.
  while (typeof current === 'object' && current !== null && typeof (current as Error).message === 'string' && !seen.has(current)) {
    seen.add(current);
    const { message: text, code, cause } = current as { message: string; code?: unknown; cause?: unknown };
    message = code && !text.includes(String(code)) ? `${String(code)}: ${text}` : text;
    current = cause;
  }
  return message || String(error);
}

/**
 * The body of `GET {server}/api/v1/applications/{app}/managed-resources` (JSON text), for
 * parseArgoCdManagedResources. Every failure is a UserError; none of them contains the token.
 */
export async function fetchManagedResources(options: ArgoCdFetchOptions): Promise<string> {
  const { token, app } = options;
  const base = argoCdServerUrl(options.server);
  if (!app) throw new UserError('No Argo CD application name was given; name the application whose managed resources to compare.');
  checkArgoCdToken(token, base);
  const redact = (text: string) => withoutSecret(text, token);
  const fail = (message: string): never => {
    throw new UserError(redact(message));
  };

  const url = new URL(`${base.pathname.replace(/\/+$/, '')}/api/v1/applications/${encodeURIComponent(app)}/managed-resources`, base);
  if (options.appNamespace) url.searchParams.set('appNamespace', options.appNamespace);
  const where = `Argo CD at ${base.origin}`;
  const application = `application ${JSON.stringify(app)}`;
  const doFetch: FetchLike = options.fetch ?? (options.insecure && url.protocol === 'https:' ? insecureFetch : fetch);

  let response: Awaited<ReturnType<FetchLike>>;
  let body: string;
  try {
    response = await doFetch(url.href, {
      method: 'GET',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      // An Authorization header is not carried to wherever a redirect points.
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    body = await response.text();
  } catch (error) {
    const cause = fetchErrorCause(error);
    if (/certificate|self[- ]signed|CERT_|UNABLE_TO_VERIFY/i.test(cause)) {
      return fail(`${where} could not be reached over TLS (${cause}); trust its certificate (NODE_EXTRA_CA_CERTS) or allow it with insecure.`);
    }
    if ((error as { name?: unknown } | undefined)?.name === 'TimeoutError' || /aborted|timeout/i.test(cause)) {
      return fail(`${where} did not answer within ${formatSeconds(options.timeoutMs ?? DEFAULT_TIMEOUT_MS)}; check ARGOCD_SERVER and that the server is reachable from here.`);
    }
    return fail(`${where} could not be reached (${cause}); check ARGOCD_SERVER and that the server is reachable from here.`);
  }

  const { status } = response;
  const detail = argoCdErrorMessage(body);
  const said = detail ? `: ${detail}` : '';
  if (status === 401) return fail(`${where} refused the token for ${application} (HTTP 401${said}); ${TOKEN_HINT} (a valid, unexpired API token).`);
  if (status === 403) {
    return fail(`${where} denied access to ${application} (HTTP 403${said}); ${TOKEN_HINT}: the token needs get permission on the application (Argo CD also answers so when the application does not exist).`);
  }
  if (status === 404) return fail(`${where}: ${application} not found (HTTP 404${said}); check the application name${options.appNamespace ? ' and its namespace' : ''}.`);
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    let target = '';
    try {
      if (location) target = ` to ${new URL(location, url).origin}`;
    } catch {
      target = '';
    }
    return fail(`${where} redirected the request${target} (HTTP ${status}); set ARGOCD_SERVER to the URL the API is served at.`);
  }
  if (status < 200 || status >= 300) return fail(`${where} answered HTTP ${status} for ${application}${detail ? ` (${detail})` : ''}; check the Argo CD server and try again.`);
  try {
    JSON.parse(body);
  } catch {
    return fail(`${where} did not answer JSON for ${application} (HTTP ${status}); check that ARGOCD_SERVER points at the Argo CD API server, not a proxy or login page.`);
  }
  return body;
}

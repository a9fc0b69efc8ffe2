import { z } from 'zod';
import { UserError, withoutSecret } from '@gitops-sync/core';
import { argoCdErrorMessage, argoCdServerUrl, checkArgoCdToken, fetchErrorCause, insecureFetch, type FetchLike } from '../argocd-client.js';
import { DEFAULT_BACKOFF, SyncFailure, type BackoffPolicy, type SyncContext, type SyncOutcome } from './sync-types.js';

/** Where an Argo CD application is and how to reach it. */
export interface ArgoCdConnection {
  /** The Argo CD API server (ARGOCD_SERVER): `https://argocd.example.com`, a root path allowed. */
  server: string;
  /** A bearer token (ARGOCD_AUTH_TOKEN). Never printed. */
  token: string;
  /** The application's name. */
  app: string;
  /** For applications outside Argo CD's own namespace (apps in any namespace). */
  appNamespace?: string;
  /** Accept a self-signed TLS certificate (argocd --insecure). */
  insecure?: boolean;
  fetch?: FetchLike;
  /** Time limit of one HTTP request; 60 s unless given. */
  requestTimeoutMs?: number;
}

/** How long to wait for Argo CD's operation and how to retry its API's transient failures. */
export interface ArgoCdWaitOptions {
  /** The operation must finish within this many seconds (→ rollout-timeout). */
  timeoutSeconds: number;
  /** Between two reads of the application; 5 s unless given. */
  pollIntervalSeconds?: number;
  /** Retries of 5xx answers and network errors; DEFAULT_BACKOFF unless given. */
  backoff?: BackoffPolicy;
  /** Named in the outcome; the application's name unless given. */
  environment?: string;
}

export interface ArgoCdSyncRequest extends ArgoCdConnection, ArgoCdWaitOptions {
  prune: boolean;
  /** Argo CD runs the sync with --dry-run: nothing in the cluster changes. */
  dryRun: boolean;
  /** Git revision to sync to; the application's target revision unless given. */
  revision?: string;
}

export interface ArgoCdRollbackRequest extends ArgoCdConnection, ArgoCdWaitOptions {
  /** The id of the entry in the application's `status.history` to go back to. */
  id: number;
  prune?: boolean;
  dryRun?: boolean;
}

/** Argo CD's OperationPhase: Running and Terminating are in progress, the others are final. */
export const ARGOCD_FINAL_PHASES = ['Succeeded', 'Failed', 'Error'] as const;

export interface ArgoCdOperationOutcome extends SyncOutcome {
  app: string;
  phase: 'Succeeded';
  /** Argo CD's message for the operation (`successfully synced (all tasks run)`). */
  message: string;
  /** The revision the operation synced, when Argo CD says. */
  revision?: string;
}

export interface ArgoCdRollbackOutcome extends ArgoCdOperationOutcome {
  rolledBack: boolean;
  /** What ran before: `history 4 (revision abc123)`; roll back to that id to undo the rollback. */
  from: string;
  /** `history 2 (revision 0f1e2d)`. */
  to: string;
  /** The Git revision of the history entry rolled back to, when Argo CD recorded one. */
  toRevision?: string;
  /** Argo CD keeps every deployed revision in the application's history: no file is written. */
  backupPath: undefined;
  verification: string;
}

// Application as GET/POST answer it (pkg/apis/application/v1alpha1); only what is read here.
const OperationState = z.object({
  phase: z.string(),
  message: z.string().optional(),
  syncResult: z.object({ revision: z.string().optional() }).optional(),
});
const Application = z.object({
  /** `syncPolicy.automated` set (even `{}`): Argo CD syncs on its own, and refuses a rollback. */
  spec: z.object({ syncPolicy: z.object({ automated: z.record(z.string(), z.unknown()).nullable().optional() }).nullable().optional() }).optional(),
  /** Set while an operation is requested or running; the controller clears it when the operation ends. */
  operation: z.unknown().optional(),
  status: z
    .object({
      operationState: OperationState.optional(),
      sync: z.object({ status: z.string().optional(), revision: z.string().optional() }).optional(),
      history: z.array(z.object({ id: z.union([z.number(), z.string()]), revision: z.string().optional() })).optional(),
    })
    .optional(),
});
type Application = z.infer<typeof Application>;
type OperationState = z.infer<typeof OperationState>;

/** The Argo CD RBAC action each call needs (https://argo-cd.readthedocs.io/en/stable/operator-manual/rbac/). */
const PERMISSION = { GET: 'get', POST: 'sync', PATCH: 'update' } as const;
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const DEFAULT_POLL_SECONDS = 5;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds before retry number `retry` (0-based): delay × factor^retry, at most the maximum. */
export function backoffDelayMs(policy: BackoffPolicy, retry: number): number {
  return Math.round(Math.min(policy.delaySeconds * policy.factor ** retry, policy.maxDelaySeconds) * 1000);
}

/** Text for one sentence: one line, no trailing full stop, at most `max` characters. */
function oneLine(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim().replace(/[.\s]+$/, '');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

class ArgoCdApi {
  readonly base: URL;
  readonly where: string;
  readonly application: string;
  readonly app: string;
  private readonly doFetch: FetchLike;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly connection: ArgoCdConnection,
    private readonly policy: BackoffPolicy,
    context: SyncContext,
    private readonly onSleep: (ms: number) => void,
  ) {
    this.base = argoCdServerUrl(connection.server);
    if (!connection.app) throw new UserError('No Argo CD application name was given; name the application to sync.');
    checkArgoCdToken(connection.token, this.base);
    this.where = `Argo CD at ${this.base.origin}`;
    this.app = connection.app;
    this.application = `application ${JSON.stringify(connection.app)}`;
    this.doFetch = connection.fetch ?? (connection.insecure && this.base.protocol === 'https:' ? insecureFetch : fetch);
    this.sleep = context.sleep ?? realSleep;
  }

  private redact(text: string): string {
    return withoutSecret(text, this.connection.token);
  }

  fail(message: string): never {
    throw new UserError(this.redact(message));
  }

  url(suffix: string): URL {
    return new URL(`${this.base.pathname.replace(/\/+$/, '')}/api/v1/applications/${encodeURIComponent(this.connection.app)}${suffix}`, this.base);
  }

  /**
   * One API call: 5xx answers, 429 and network errors are retried with exponential backoff; other
   * answers that are not a success end in one sentence; the answer is the parsed Application.
   */
  async call(method: 'GET' | 'POST' | 'PATCH', suffix: string, body: Record<string, unknown> | undefined, what: string): Promise<Application> {
    const url = this.url(suffix);
    if (method === 'GET' && this.connection.appNamespace) url.searchParams.set('appNamespace', this.connection.appNamespace);
    const headers: Record<string, string> = { Authorization: `Bearer ${this.connection.token}`, Accept: 'application/json' };
    if (body) headers['Content-Type'] = 'application/json';
    for (let retry = 0; ; retry++) {
      let status: number;
      let text = '';
      let cause = '';
      try {
        const response = await this.doFetch(url.href, {
          method,
          headers,
          body: body ? JSON.stringify(body) : undefined,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.connection.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        cause = fetchErrorCause(error);
        if (/certificate|self[- ]signed|CERT_|UNABLE_TO_VERIFY/i.test(cause)) {
          this.fail(`${this.where} could not be reached over TLS (${cause}); trust its certificate (NODE_EXTRA_CA_CERTS) or allow it with insecure.`);
        }
        status = 0;
      }
      const transient = status === 0 || status === 429 || status >= 500;
      if (transient && retry < this.policy.limit) {
        const delay = backoffDelayMs(this.policy, retry);
        this.onSleep(delay);
        await this.sleep(delay);
        continue;
      }
      const detail = argoCdErrorMessage(text);
      if (transient) {
        const answered = status === 0 ? `could not be reached (${oneLine(cause, 200)})` : `answered HTTP ${status}${detail ? ` (${oneLine(detail, 200)})` : ''}`;
        const attempts = retry + 1;
        throw new SyncFailure(
          'apply-failed',
          this.redact(`${this.where} ${answered} when asked to ${what} ${this.application}, ${attempts} time${attempts === 1 ? '' : 's'}; check the Argo CD server and the application before trying again.`),
        );
      }
      const said = detail ? `: ${oneLine(detail, 200)}` : '';
      if (status === 401) this.fail(`${this.where} refused the token for ${this.application} (HTTP 401${said}); check ARGOCD_AUTH_TOKEN (a valid, unexpired API token).`);
      if (status === 403) {
        this.fail(`${this.where} denied ${what} for ${this.application} (HTTP 403${said}); check ARGOCD_AUTH_TOKEN: the token needs ${PERMISSION[method]} permission on the application (Argo CD also answers so when it does not exist).`);
      }
      if (status === 404) this.fail(`${this.where}: ${this.application} not found (HTTP 404${said}); check the application name${this.connection.appNamespace ? ' and its namespace' : ''}.`);
      if (status >= 300 && status < 400) this.fail(`${this.where} redirected the request (HTTP ${status}); set ARGOCD_SERVER to the URL the API is served at.`);
      if (status < 200 || status >= 300) this.fail(`${this.where} refused to ${what} ${this.application} (HTTP ${status}${said}); fix what Argo CD says and try again.`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        this.fail(`${this.where} did not answer JSON for ${this.application} (HTTP ${status}); check that ARGOCD_SERVER points at the Argo CD API server, not a proxy or login page.`);
      }
      const application = Application.safeParse(parsed);
      if (!application.success) this.fail(`${this.where} answered an application that does not look like Argo CD's for ${this.application}; check that ARGOCD_SERVER points at the Argo CD API server.`);
      return application.data;
    }
  }
}

const isFinal = (state: OperationState | undefined): state is OperationState => (ARGOCD_FINAL_PHASES as readonly string[]).includes(state?.phase ?? '');

/**
 * Reads the application until its operation has ended (Argo CD clears `operation` and leaves a final
 * `status.operationState`) or the time is up. Time is what the clock says or what was slept, the
 * larger: a test's sleep that does not wait still ends the loop.
 */
async function waitForOperation(api: ArgoCdApi, options: ArgoCdWaitOptions, what: 'sync' | 'rollback', context: SyncContext, steps: string[]): Promise<OperationState> {
  const timeoutMs = options.timeoutSeconds * 1000;
  const pollMs = (options.pollIntervalSeconds ?? DEFAULT_POLL_SECONDS) * 1000;
  const sleep = context.sleep ?? realSleep;
  const started = context.clock.now().getTime();
  let slept = 0;
  let lastPhase = '';
  let last: OperationState | undefined;
  for (;;) {
    const application = await api.call('GET', '', undefined, 'read the operation of');
    const state = application.status?.operationState;
    if (state && state.phase !== lastPhase) {
      lastPhase = state.phase;
      context.progress.step(`Argo CD ${what} of ${api.application}: ${state.phase}`);
    }
    if (application.operation == null && isFinal(state)) return state;
    last = state;
    const elapsed = Math.max(slept, context.clock.now().getTime() - started);
    if (elapsed >= timeoutMs) {
      const lastSaid = last ? ` (last phase ${last.phase}${last.message ? `: ${oneLine(last.message, 200)}` : ''})` : '';
      steps.push(`timed out after ${options.timeoutSeconds} s`);
      throw new SyncFailure(
        'rollout-timeout',
        `${api.where}: the ${what} of ${api.application} did not finish within ${options.timeoutSeconds} s${lastSaid}; it may still be running, check it with argocd app get ${api.app} before trying again.`,
      );
    }
    const pause = Math.min(pollMs, timeoutMs - elapsed);
    await sleep(pause);
    slept += pause;
  }
}

function checkTimeout(options: ArgoCdWaitOptions): void {
  if (!(options.timeoutSeconds > 0)) throw new UserError(`The Argo CD timeout must be a positive number of seconds, not ${options.timeoutSeconds}; set sync.rollout_timeout_seconds.`);
}

function finish(api: ArgoCdApi, state: OperationState, what: 'sync' | 'rollback', app: string): { message: string; revision?: string } {
  const message = oneLine(state.message ?? '', 300);
  if (state.phase !== 'Succeeded') {
    throw new SyncFailure(
      'apply-failed',
      `${api.where}: the ${what} of ${api.application} ended ${state.phase}${message ? ` (${message})` : ''}; read the operation's result with argocd app get ${app} and fix it before trying again.`,
    );
  }
  return { message, revision: state.syncResult?.revision };
}

/**
 * Syncs an Argo CD application through its API — `POST /api/v1/applications/{name}/sync` with
 * `prune`, `dryRun` and `revision` (ApplicationSyncRequest) — and waits for the operation:
 * Succeeded returns, Failed or Error is an apply-failed SyncFailure, no end within the timeout a
 * rollout-timeout one. 5xx answers and network errors are retried with exponential backoff.
 */
export async function syncArgoCdApp(request: ArgoCdSyncRequest, context: SyncContext): Promise<ArgoCdOperationOutcome> {
  checkTimeout(request);
  const steps: string[] = [];
  const api = new ArgoCdApi(request, request.backoff ?? DEFAULT_BACKOFF, context, (ms) => steps.push(`retry after ${ms / 1000} s`));
  const body: Record<string, unknown> = { prune: request.prune, dryRun: request.dryRun };
  if (request.revision) body.revision = request.revision;
  if (request.appNamespace) body.appNamespace = request.appNamespace;
  const options = [request.prune && 'prune', request.dryRun && 'dry run', request.revision && `revision ${request.revision}`].filter(Boolean).join(', ');
  context.progress.step(`Argo CD: sync ${api.application}${options ? ` (${options})` : ''}`);
  steps.push(`POST ${api.url('/sync').pathname} ${JSON.stringify(body)}`);
  await api.call('POST', '/sync', body, 'sync');
  const state = await waitForOperation(api, request, 'sync', context, steps);
  const { message, revision } = finish(api, state, 'sync', request.app);
  steps.push(`Argo CD: ${state.phase}${message ? `: ${message}` : ''}`);
  return { environment: request.environment ?? request.app, applied: !request.dryRun, dryRun: request.dryRun, backups: [], steps, app: request.app, phase: 'Succeeded', message, revision };
}

function historyEntry(application: Application, id: number | string | undefined): string {
  const entry = application.status?.history?.find((item) => String(item.id) === String(id));
  return entry ? `history ${entry.id}${entry.revision ? ` (revision ${entry.revision})` : ''}` : `history ${id}`;
}

/**
 * Rolls an Argo CD application back to an entry of its history — `POST
 * /api/v1/applications/{name}/rollback` with the history `id` — and waits for the operation like
 * syncArgoCdApp. Argo CD refuses it while auto-sync is on; its message says so.
 */
export async function rollbackArgoCdApp(request: ArgoCdRollbackRequest, context: SyncContext): Promise<ArgoCdRollbackOutcome> {
  checkTimeout(request);
  if (!Number.isSafeInteger(request.id) || request.id < 0) throw new UserError(`Argo CD history id ${request.id} is not a whole number; pass an id from the application's history (argocd app history).`);
  const steps: string[] = [];
  const api = new ArgoCdApi(request, request.backoff ?? DEFAULT_BACKOFF, context, (ms) => steps.push(`retry after ${ms / 1000} s`));
  // What runs now is the last history entry: rolling back to it undoes this rollback.
  const before = await api.call('GET', '', undefined, 'read');
  const history = before.status?.history ?? [];
  const current = history.at(-1);
  const from = current ? historyEntry(before, current.id) : `revision ${before.status?.sync?.revision ?? 'unknown'}`;
  const to = historyEntry(before, request.id);
  const toRevision = history.find((item) => String(item.id) === String(request.id))?.revision;
  const body: Record<string, unknown> = { id: request.id, prune: request.prune ?? false, dryRun: request.dryRun ?? false };
  if (request.appNamespace) body.appNamespace = request.appNamespace;
  context.progress.step(`Argo CD: roll ${api.application} back to ${to}`);
  steps.push(`POST ${api.url('/rollback').pathname} ${JSON.stringify(body)}`);
  await api.call('POST', '/rollback', body, 'roll back');
  const state = await waitForOperation(api, request, 'rollback', context, steps);
  const { message, revision } = finish(api, state, 'rollback', request.app);
  steps.push(`Argo CD: ${state.phase}${message ? `: ${message}` : ''}`);
  const dryRun = request.dryRun ?? false;
  return {
    environment: request.environment ?? request.app,
    applied: !dryRun,
    dryRun,
    backups: [],
    steps,
    app: request.app,
    phase: 'Succeeded',
    message,
    revision,
    rolledBack: !dryRun,
    from,
    to,
    toRevision,
    backupPath: undefined,
    verification: `Argo CD operation ${state.phase}${message ? `: ${message}` : ''}`,
  };
}

/** What a rollback needs to know of an application before it changes anything. */
export interface ArgoCdAppState {
  /** `spec.syncPolicy.automated` as Argo CD holds it (`{prune, selfHeal, …}`); undefined when auto-sync is off. */
  automated?: Record<string, unknown>;
  history: { id: number | string; revision?: string }[];
}

/** Reads the application (`GET /api/v1/applications/{name}`): its automated sync policy and history. */
export async function readArgoCdApp(connection: ArgoCdConnection, context: SyncContext): Promise<ArgoCdAppState> {
  const api = new ArgoCdApi(connection, DEFAULT_BACKOFF, context, () => {});
  const application = await api.call('GET', '', undefined, 'read');
  const automated = application.spec?.syncPolicy?.automated ?? undefined;
  return { automated, history: application.status?.history ?? [] };
}

/**
 * Sets or clears the application's automated sync: `PATCH /api/v1/applications/{name}` with a JSON
 * merge patch of `spec.syncPolicy.automated` (null removes it), so nothing else of the spec is touched.
 */
export async function setArgoCdAutomatedSync(connection: ArgoCdConnection, automated: Record<string, unknown> | null, context: SyncContext): Promise<void> {
  const api = new ArgoCdApi(connection, DEFAULT_BACKOFF, context, () => {});
  const body: Record<string, unknown> = { name: connection.app, patch: JSON.stringify({ spec: { syncPolicy: { automated } } }), patchType: 'merge' };
  if (connection.appNamespace) body.appNamespace = connection.appNamespace;
  await api.call('PATCH', '', body, 'update');
}

import { hostNamedByEnvironment } from '../trusted-host.js';
import {
  isLoopbackHost,
  parseAssessmentResult,
  parseTerraformCloudWorkspace,
  parseTerraformPlan,
  TERRAFORM_CLOUD_SOURCE,
  terraformCloudErrorOf,
  UserError,
  withoutSecret,
  type AssessmentResult,
  type Environment,
  type SecretSink,
  type SeverityRuleSet,
  type UnjudgedChange,
} from '@gitops-sync/core';
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { fetchErrorCause } from '../argocd-client.js';
import { maxInputBytes } from '../files.js';
import { silentProgress, type Progress } from '../ports.js';
import { networkWaits } from '@gitops-sync/core/network-waits';
import { rulesFor } from '../rules.js';
import type { EnvironmentSource } from './sources.js';

/*
 * Terraform Cloud / Enterprise health assessments as drift: the workspace's current assessment
 * result (GET /api/v2/workspaces/:id/current-assessment-result), then its `json-output` link, the
 * plan JSON, read by the Terraform plan source. API: https://developer.hashicorp.com/terraform/cloud-docs/api-docs/assessment-results
 */

export type TerraformCloudSettings = NonNullable<Environment['terraform_cloud']>;

const DEFAULT_HOSTNAME = 'app.terraform.io';
/** The JSON:API documents are small; the plan JSON gets the plan input bound (files.ts). */
const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
const ATTEMPTS = 4;
const MAX_RETRY_WAIT_MS = 60_000;
const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Transient answers worth another attempt: rate limited (30 requests/s per token), or the service briefly down. */
const RETRIED = new Set([429, 502, 503, 504]);

/** https, or plain http to a loopback host (a test server). */
const isSecure = (url: URL) => url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));

/** The API's base URL: https://<hostname>; an http:// URL only for a loopback host (a test server). */
export function terraformCloudBase(hostname: string = DEFAULT_HOSTNAME): URL {
  const refuse = (why: string): never => {
    throw new UserError(`terraform_cloud.hostname ${JSON.stringify(hostname)} ${why}; write a host like app.terraform.io or tfe.example.com.`);
  };
  let url: URL | undefined;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(hostname) ? hostname : `https://${hostname}`);
  } catch {
    url = undefined;
  }
  if (!url) return refuse('is not a host name');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) return refuse('is not https (plain http would send the token in the clear)');
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return refuse('carries a path, query or credentials');
  return url;
}

/** Terraform CLI's name for a host's token: TF_TOKEN_app_terraform_io (dots to _, hyphens to __; a port has no place in it). */
export function terraformCliTokenVariable(hostname: string): string | undefined {
  if (!/^[A-Za-z0-9.-]+$/.test(hostname)) return undefined;
  return `TF_TOKEN_${hostname.replace(/-/g, '__').replace(/\./g, '_')}`;
}

/** The API token: token_env when set, else TFE_TOKEN, else Terraform CLI's TF_TOKEN_<host>. Handed to onSecret at once. */
export function terraformCloudToken(settings: TerraformCloudSettings, base: URL, env: NodeJS.ProcessEnv, onSecret?: SecretSink): { token: string; variable: string } {
  const cliVariable = terraformCliTokenVariable(base.hostname);
  const names = settings.token_env ? [settings.token_env] : ['TFE_TOKEN', ...(cliVariable ? [cliVariable] : [])];
  const variable = names.find((name) => env[name]) ?? names[0];
  const token = env[variable] ?? '';
  if (!token) {
    throw new UserError(`No Terraform Cloud token for ${base.host}: set ${names.join(' or ')} (a CI secret) to a user or team API token with admin access to the workspace.`);
  }
  onSecret?.(token);
  // TF_TOKEN_<host> names its host itself; any other variable (token_env may name any one) goes only to a host the CI names.
  if (base.hostname !== DEFAULT_HOSTNAME && variable !== cliVariable && !hostNamedByEnvironment(base, env, ['TFE_HOSTNAME'])) {
    throw new UserError(
      `terraform_cloud.hostname names ${base.host}, which the CI environment does not: set TFE_HOSTNAME=${base.host} beside the token${cliVariable ? `, or give the token as ${cliVariable}` : ''} (the config may come from a pull request, so ${variable} only goes to a host the CI names).`,
    );
  }
  // A header value with control characters makes fetch throw a message that quotes it.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(token)) throw new UserError(`The token in ${variable} contains a line break or control character; paste the token alone, without a trailing newline.`);
  return { token, variable };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as the socket gave it (decoded when it came compressed): the plan reader takes these pieces as they are, uncopied. */
  chunks: Buffer[];
}

const formatSeconds = (ms: number) => `${Number((ms / 1000).toFixed(ms < 1000 ? 1 : 0))} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (answer: Answer) => Buffer.concat(answer.chunks).toString('utf8');
/** What fetch asked for and decoded; a body in any other encoding is refused rather than parsed as JSON. */
const DECODERS = new Map<string, () => Transform>([
  ['gzip', createGunzip],
  ['x-gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);
const ACCEPT_ENCODING = 'gzip, deflate, br';
const EMPTY = Buffer.alloc(0);

/** One Terraform Cloud / Enterprise API host, with its token; every failure is one sentence without the token. */
export class TerraformCloudClient {
  private readonly endsAt: number;

  constructor(
    readonly base: URL,
    private readonly token: string,
    private readonly tokenVariable: string,
    private readonly timeoutMs: number,
    private readonly deadlineMs: number,
  ) {
    this.endsAt = Date.now() + deadlineMs;
  }

  private pastDeadlineMessage(what: string): string {
    return `Terraform Cloud at ${this.base.host} had not finished sending ${what} at the ${formatSeconds(this.deadlineMs)} deadline; run it again later (GITOPS_SYNC_API_DEADLINE_SECONDS sets the deadline).`;
  }

  private fail(message: string): never {
    throw this.failure(message);
  }

  private failure(message: string): UserError {
    return new UserError(withoutSecret(message, this.token));
  }

  /**
   * One GET, retried on 429/5xx (honouring Retry-After). No redirect is followed here. The timeout
   * is for silence: it restarts with each chunk of the body, so a large plan may take its time.
   */
  private async get(url: URL, what: string, maxBytes: number, withToken: boolean): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      const answer = await this.attempt(url, what, maxBytes, withToken);
      if (!RETRIED.has(answer.status) || attempt >= ATTEMPTS) return answer;
      const retryAfter = Number(answer.headers['retry-after']);
      const wait = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : 1000 * 2 ** (attempt - 1);
      if (wait > MAX_RETRY_WAIT_MS || Date.now() + wait >= this.endsAt) return answer;
      await sleep(wait);
    }
  }

  /**
   * node:http rather than fetch: its native parser hands over the socket's buffers as they are (no
   * web streams, no WebAssembly parser to compile), which is most of what reading a large plan cost.
   * The body is bounded as it arrives (decoded bytes, so a compressed body cannot inflate past it).
   */
  private async attempt(url: URL, what: string, maxBytes: number, withToken: boolean): Promise<Answer> {
    // Loaded when a request is made: node:https (and TLS) would cost every command importing this module ~5 ms at start.
    const send = url.protocol === 'https:' ? (await import('node:https')).request : (await import('node:http')).request;
    const left = this.endsAt - Date.now();
    if (left <= 0) this.fail(this.pastDeadlineMessage(what));
    const headers: Record<string, string> = { Accept: 'application/vnd.api+json, application/json', 'Accept-Encoding': ACCEPT_ENCODING };
    if (withToken) headers.Authorization = `Bearer ${this.token}`;
    const overLimit = () => `${what} from ${url.host} is over the ${Math.round(maxBytes / 1024 / 1024)} MB limit; raise GITOPS_SYNC_MAX_INPUT_MB if the plan is really that large.`;
    const unreadable = (error: unknown) =>
      `${what} could not be read from ${url.host} (${fetchErrorCause(error).slice(0, 200)}); check the hostname and that it is reachable from here, then run it again.`;
    return new Promise<Answer>((resolve, reject) => {
      let settled = false;
      let request: ClientRequest | undefined;
      let body: Readable | undefined;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(silence);
        clearTimeout(deadline);
        outcome();
      };
      const refuse = (message: string) =>
        settle(() => {
          request?.destroy();
          body?.destroy();
          reject(this.failure(message));
        });
      const deadline = setTimeout(() => refuse(this.pastDeadlineMessage(what)), left);
      const silence = setTimeout(
        () => refuse(`${url.host} did not answer for ${formatSeconds(this.timeoutMs)} while gitops-sync read ${what}; check the hostname and that it is reachable from here (GITOPS_SYNC_API_TIMEOUT_SECONDS sets the wait).`),
        this.timeoutMs,
      );
      const answer = (response: IncomingMessage) => {
        silence.refresh();
        const status = response.statusCode ?? 0;
        if (REDIRECTS.has(status)) {
          response.resume();
          return settle(() => {
            request?.destroy();
            resolve({ status, headers: response.headers, chunks: [] });
          });
        }
        const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
        // A Map: the header is the server's word, and a plain object would find `constructor` in it.
        const decoder = DECODERS.get(encoding);
        if (!decoder && encoding !== 'identity') {
          return refuse(`${what} from ${url.host} came in an encoding gitops-sync did not ask for (${encoding.slice(0, 40).replace(/[^\x21-\x7e]/g, '?')}); check what serves ${url.host}, then run it again.`);
        }
        if (!decoder && Number(response.headers['content-length']) > maxBytes) return refuse(overLimit());
        body = decoder ? response.pipe(decoder()) : response;
        const chunks: Buffer[] = [];
        let total = 0;
        body.on('data', (chunk: Buffer) => {
          if (settled) return;
          silence.refresh();
          total += chunk.length;
          if (total > maxBytes) return refuse(overLimit());
          chunks.push(chunk);
        });
        body.on('error', (error) => refuse(unreadable(error)));
        response.on('error', (error) => refuse(unreadable(error)));
        // A connection closed before the declared length (or the last chunk) is a cut, not an end.
        response.on('close', () => {
          if (!response.complete) refuse(unreadable(new Error('the connection closed before the whole answer arrived')));
        });
        body.on('end', () => settle(() => resolve({ status, headers: response.headers, chunks })));
      };
      try {
        request = send(url, { headers }, answer);
      } catch (error) {
        return refuse(unreadable(error));
      }
      request.on('error', (error) => refuse(unreadable(error)));
      request.end();
    });
  }

  /** A failed answer in one sentence; `notFound` words what a 404 means for this request. */
  private refuse(answer: Answer, what: string, notFound: string): never {
    const detail = terraformCloudErrorOf(text(answer));
    const said = detail ? `: ${detail}` : '';
    const where = `Terraform Cloud at ${this.base.host}`;
    switch (answer.status) {
      case 401:
        return this.fail(`${where} refused the token in ${this.tokenVariable} while reading ${what} (HTTP 401${said}); set it to a valid, unexpired user or team API token.`);
      case 403:
        return this.fail(`${where} denied ${what} (HTTP 403${said}); the token needs admin access to the workspace (organization tokens cannot read assessment plans).`);
      case 404:
        return this.fail(`${where} found no ${what} (HTTP 404${said}); ${notFound}`);
      case 429:
        return this.fail(`${where} kept answering HTTP 429 (rate limited) for ${what} after ${ATTEMPTS} attempts; run it again later.`);
      default:
        return this.fail(`${where} answered HTTP ${answer.status} for ${what}${detail ? ` (${detail})` : ''}; run it again later.`);
    }
  }

  /** GET of a JSON:API document on the API host. */
  async document(path: string, what: string, notFound: string): Promise<string> {
    const answer = await this.get(new URL(path, this.base), what, DOCUMENT_MAX_BYTES, true);
    if (answer.status !== 200) this.refuse(answer, what, notFound);
    return text(answer);
  }

  /** https; plain http to a loopback host only when the API itself is a plain-http test server (never a downgrade from https). */
  private mayRead(url: URL): boolean {
    return url.protocol === 'https:' || (this.base.protocol === 'http:' && isSecure(url));
  }

  /**
   * The plan JSON behind an assessment's json-output link: the API answers 307 to a short-lived
   * archive URL, often on another host; the token goes only to the API's own origin.
   */
  async download(link: string, what: string, notFound: string, maxBytes: number): Promise<Buffer[]> {
    let url: URL;
    try {
      url = new URL(link, this.base);
    } catch {
      return this.fail(`Terraform Cloud at ${this.base.host} gave ${what} a json-output link that is not a URL; run the check again later.`);
    }
    if (!this.mayRead(url)) return this.fail(`Terraform Cloud at ${this.base.host} gave ${what} a json-output link that is not https (${url.protocol}//${url.host}); gitops-sync does not read it.`);
    for (let hops = 0; ; hops++) {
      const answer = await this.get(url, what, maxBytes, url.origin === this.base.origin);
      if (!REDIRECTS.has(answer.status)) {
        if (answer.status !== 200) this.refuse(answer, what, notFound);
        return answer.chunks;
      }
      const location = answer.headers.location;
      let next: URL | undefined;
      try {
        next = location ? new URL(location, url) : undefined;
      } catch {
        next = undefined;
      }
      if (!next || !this.mayRead(next)) {
        return this.fail(`Terraform Cloud at ${this.base.host} redirected ${what} to a location that is not https (HTTP ${answer.status}); gitops-sync does not follow it.`);
      }
      if (hops >= MAX_REDIRECTS) return this.fail(`Terraform Cloud at ${this.base.host} redirected ${what} more than ${MAX_REDIRECTS} times; run it again later.`);
      url = next;
    }
  }
}

/** The plan reader's advice names `terraform show`; for an assessment the document came from Terraform Cloud. */
const PLAN_ADVICE = /; [^;]*`terraform show[^;]*$/;

export interface AssessmentRequest {
  settings: TerraformCloudSettings;
  /** The rules the assessment's changes will be judged by: the plan reader keeps what their `where` read. */
  judgedBy: SeverityRuleSet;
  env: NodeJS.ProcessEnv;
  onSecret?: SecretSink;
  progress?: Progress;
}

/** What the workspace's current health assessment found, as changes judged by the Terraform rules. */
export async function assessmentChanges(request: AssessmentRequest): Promise<UnjudgedChange[]> {
  const { settings } = request;
  const progress = request.progress ?? silentProgress;
  const base = terraformCloudBase(settings.hostname);
  const { token, variable } = terraformCloudToken(settings, base, request.env, request.onSecret);
  // The whole check's budget, as for the platform APIs: a host trickling bytes inside the silence timeout is stopped too.
  const limits = networkWaits(request.env);
  const client = new TerraformCloudClient(base, token, variable, limits.requestTimeoutMs, limits.deadlineMs);
  const named = settings.workspace.startsWith('ws-') ? settings.workspace : `${settings.organization}/${settings.workspace}`;
  const workspace = `workspace ${named}`;
  progress.step(`reading the current health assessment of ${workspace} on ${base.host}`);

  let workspaceId = settings.workspace;
  if (!settings.workspace.startsWith('ws-')) {
    const path = `/api/v2/organizations/${encodeURIComponent(settings.organization!)}/workspaces/${encodeURIComponent(settings.workspace)}`;
    const body = await client.document(path, workspace, 'check the organization and workspace names, and that the token can read the workspace (Terraform Cloud answers 404 without access).');
    const found = parseTerraformCloudWorkspace(body, `The answer for ${workspace} from ${base.host}`);
    if (found.assessmentsEnabled === false) {
      throw new UserError(`Health assessments are off for ${workspace} on ${base.host}; turn them on (workspace Settings → Health) or remove terraform_cloud from this environment.`);
    }
    workspaceId = found.id;
  }

  const notEnabled = 'turn on health assessments for the workspace (Settings → Health) and wait for the first one, or check that the token can read the workspace.';
  const assessmentBody = await client.document(`/api/v2/workspaces/${encodeURIComponent(workspaceId)}/current-assessment-result`, `current health assessment of ${workspace}`, notEnabled);
  const assessment = parseAssessmentResult(assessmentBody, `The current health assessment of ${workspace} from ${base.host}`);
  if (!assessment) throw new UserError(`Terraform Cloud at ${base.host} has no current health assessment for ${workspace}; ${notEnabled}`);
  if (!assessment.succeeded) {
    const said = assessment.errorMessage ? `: ${assessment.errorMessage.slice(0, 300)}` : '';
    throw new UserError(withoutSecret(`The health assessment ${assessment.id} of ${workspace} did not succeed${said}; fix what it reports in Terraform Cloud (workspace → Health) and run the check after the next assessment.`, token));
  }

  const label = `the plan of health assessment ${assessment.id} of ${workspace}`;
  const chunks = await client.download(assessment.jsonOutput, label, 'the assessment has no plan JSON; run the check after the next assessment.', maxInputBytes('plan', request.env));
  let next = 0;
  // Each piece is let go once the reader has it, so the plan is not held twice.
  const source = () => {
    const chunk = chunks[next];
    chunks[next++] = EMPTY;
    return chunk;
  };
  let plan;
  try {
    plan = parseTerraformPlan(source, { label, onSecret: request.onSecret, judgedBy: request.judgedBy });
  } catch (error) {
    if (error instanceof UserError && PLAN_ADVICE.test(error.message)) {
      throw new UserError(error.message.replace(PLAN_ADVICE, `; ${base.host} served an incomplete or wrong document as the assessment's json-output, run the check again later.`));
    }
    throw error;
  }
  checkAgreement(assessment, plan.changes.length, workspace);
  return plan.changes;
}

/** The assessment's own verdict and its plan must agree; when they do not, nothing is decided from either. */
function checkAgreement(assessment: AssessmentResult, changes: number, workspace: string): void {
  if (assessment.drifted === changes > 0) return;
  const verdict = assessment.drifted ? 'found drift (drifted: true)' : 'found no drift (drifted: false)';
  throw new UserError(
    `The health assessment ${assessment.id} of ${workspace} ${verdict}, but its plan has ${changes} change(s); gitops-sync does not guess which is right, look at the assessment in Terraform Cloud and run the check again.`,
  );
}

/** `environments.<env>.terraform_cloud`: `drift <env>` and drift-detect's environment input read the workspace's assessment. */
export const terraformCloudSource: EnvironmentSource<TerraformCloudSettings> = {
  name: TERRAFORM_CLOUD_SOURCE,
  settingsOf: (environment) => environment.terraform_cloud,
  describe(settings) {
    const base = terraformCloudBase(settings.hostname).origin;
    const lookup = settings.workspace.startsWith('ws-')
      ? []
      : [`GET ${base}/api/v2/organizations/${settings.organization}/workspaces/${settings.workspace}`];
    const id = settings.workspace.startsWith('ws-') ? settings.workspace : '<workspace id>';
    return [...lookup, `GET ${base}/api/v2/workspaces/${id}/current-assessment-result`, "GET <its json-output link> (the assessment's plan JSON)"];
  },
  // The plan reader masks sensitive values as it reads them, as for a local plan.
  changes: (settings, request, context) => assessmentChanges({ settings, judgedBy: rulesFor(request.config), env: context.env ?? process.env, onSecret: context.onSecret, progress: context.progress }),
};

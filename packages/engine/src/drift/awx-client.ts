import { appendAll, UserError, withoutSecret } from '@gitops-sync/core';
import { fetchErrorCause, type FetchLike } from '../argocd-client.js';
import type { Progress } from '../ports.js';

/*
 * The AWX / Ansible Tower / AAP REST API (v2), as far as a check-mode drift run needs it:
 * - GET  /api/v2/job_templates/?name=…            a template by name (names are unique per organization only)
 * - GET  /api/v2/job_templates/{id}/launch/       what a launch may set: ask_job_type_on_launch, ask_diff_mode_on_launch,
 *                                                 ask_limit_on_launch, ask_variables_on_launch, survey_enabled, defaults,
 *                                                 passwords_needed_to_start (awx/api/serializers.py JobLaunchSerializer)
 * - POST /api/v2/job_templates/{id}/launch/       201 {job, ignored_fields, …the job}; a field the template does not
 *                                                 prompt for is ignored, not refused (awx/api/views JobTemplateLaunch.post)
 * - GET  /api/v2/jobs/{id}/                       status: new|pending|waiting|running|successful|failed|error|canceled,
 *                                                 job_type, diff_mode, job_explanation, event_processing_finished
 * - POST /api/v2/jobs/{id}/cancel/                (awx/api/templates/api/job_cancel.md)
 * - GET  /api/v2/jobs/{id}/job_events/?page_size= pages {count, next, previous, results} (job_job_events_list.md)
 * Errors are `{"detail": "…"}` (Django REST framework), or `{field: ["…"]}` for a refused launch (400).
 */

export interface AwxApiOptions {
  /** The server, `https://awx.example.com`, a path prefix allowed. */
  url: string;
  token: string;
  /** The environment variable the token came from, for messages. */
  tokenEnv: string;
  /** Where the settings live (`environments.production.awx`), for messages. */
  settingsAt: string;
  requestTimeoutMs: number;
  fetch?: FetchLike;
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const formatDuration = (ms: number) => {
  if (ms < 10_000) return `${Number((ms / 1000).toFixed(1))}s`;
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
};

/** The `detail` (or the first field error) of an AWX error body, short, for one sentence. */
function awxDetail(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (!isRecord(parsed)) return undefined;
    if (typeof parsed.detail === 'string') return parsed.detail.replace(/\s+/g, ' ').trim().slice(0, 200);
    const [field, errors] = Object.entries(parsed)[0] ?? [];
    const first = Array.isArray(errors) ? errors.find((error) => typeof error === 'string') : typeof errors === 'string' ? errors : undefined;
    return field && first ? `${field}: ${String(first).replace(/\s+/g, ' ').trim().slice(0, 200)}` : undefined;
  } catch {
    return undefined;
  }
}

/** An AWX server URL, refused in one sentence when it is not a plain http(s) URL. */
export function awxServerUrl(url: string, settingsAt: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.search || parsed.hash) {
    throw new UserError(`${settingsAt}.url ${JSON.stringify(url)} is not an http(s) server URL; write it like https://awx.example.com.`);
  }
  if (parsed.username || parsed.password) throw new UserError(`${settingsAt}.url carries credentials; remove them and put the token in a CI secret named by token_env.`);
  return parsed;
}

export class AwxApi {
  readonly base: URL;
  private readonly doFetch: FetchLike;

  constructor(private readonly options: AwxApiOptions) {
    this.base = awxServerUrl(options.url, options.settingsAt);
    this.doFetch = options.fetch ?? fetch;
    // A header value with control characters makes fetch throw a message that quotes the value.
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(options.token)) {
      throw new UserError(`The AWX token in ${options.tokenEnv} contains a line break or control character; set it to the token alone, without a trailing newline.`);
    }
  }

  get where(): string {
    return `AWX at ${this.base.origin}`;
  }

  /** `path` below the server (`/api/v2/…`) or a `next` link AWX gave, which must stay on the server. */
  url(path: string): URL {
    const prefix = this.base.pathname.replace(/\/+$/, '');
    const url = path.startsWith('/api/') ? new URL(`${prefix}${path}`, this.base) : new URL(path, this.base);
    // Only this server gets the token: a page link elsewhere is refused, never followed.
    if (url.origin !== this.base.origin) throw new UserError(`${this.where} linked ${url.origin} as the next page, and the token is sent to no other server; check ${this.options.settingsAt}.url.`);
    return url;
  }

  private fail(message: string): never {
    throw new UserError(withoutSecret(message, this.options.token));
  }

  /** One request; a JSON object back, or a UserError naming what was asked (`what`) and how to fix it. */
  async request(method: 'GET' | 'POST', path: string, what: string, body?: Json, notFound?: string): Promise<Json> {
    const url = this.url(path);
    let status: number;
    let text: string;
    let location: string | null = null;
    try {
      const response = await this.doFetch(url.href, {
        method,
        headers: { Authorization: `Bearer ${this.options.token}`, Accept: 'application/json', ...(body && { 'Content-Type': 'application/json' }) },
        ...(body && { body: JSON.stringify(body) }),
        // An Authorization header is not carried to wherever a redirect points.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      status = response.status;
      location = response.headers.get('location');
      text = await response.text();
    } catch (error) {
      const cause = fetchErrorCause(error);
      if ((error as { name?: unknown } | undefined)?.name === 'TimeoutError' || /aborted|timeout/i.test(cause)) {
        return this.fail(`${this.where} did not answer within ${formatDuration(this.options.requestTimeoutMs)} to ${what}; check ${this.options.settingsAt}.url and that the server is reachable, or raise GITOPS_SYNC_API_TIMEOUT_SECONDS.`);
      }
      return this.fail(`${this.where} could not be reached to ${what} (${cause}); check ${this.options.settingsAt}.url and that the server is reachable from here.`);
    }
    const detail = awxDetail(text);
    const said = detail ? `: ${detail}` : '';
    if (status === 401) return this.fail(`${this.where} refused the token in ${this.options.tokenEnv} (HTTP 401${said}); set ${this.options.tokenEnv} to a valid, unexpired AWX token.`);
    if (status === 403) {
      return this.fail(`${this.where} denied the token to ${what} (HTTP 403${said}); the token's user needs execute on the job template and read on its jobs.`);
    }
    if (status === 404) return this.fail(notFound ? `${notFound} (HTTP 404).` : `${this.where} has nothing at ${url.pathname} to ${what} (HTTP 404); check ${this.options.settingsAt}.url.`);
    if (status >= 300 && status < 400) {
      let target = '';
      try {
        if (location) target = ` to ${new URL(location, url).origin}`;
      } catch {
        target = '';
      }
      return this.fail(`${this.where} redirected the request to ${what}${target} (HTTP ${status}); set ${this.options.settingsAt}.url to the URL the API is served at.`);
    }
    if (status === 400) return this.fail(`${this.where} refused to ${what} (HTTP 400${said}); fix the job template or ${this.options.settingsAt} so the launch is accepted.`);
    if (status < 200 || status >= 300) return this.fail(`${this.where} answered HTTP ${status} to ${what}${said}; check the AWX server and try again.`);
    // POST …/cancel/ answers 202 with no body.
    if ((status === 202 || status === 204) && text.trim() === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.fail(`${this.where} did not answer JSON to ${what} (HTTP ${status}, ${text.length} bytes, cut short or not JSON); check ${this.options.settingsAt}.url points at the AWX API, not a proxy or login page.`);
    }
    if (!isRecord(parsed)) return this.fail(`${this.where} answered JSON that is not an object to ${what}; check ${this.options.settingsAt}.url points at the AWX API.`);
    return parsed;
  }
}

export interface AwxCheckRequest {
  jobTemplate: number | string;
  limit?: string;
  extraVars?: Record<string, unknown>;
  timeoutMs: number;
  pollMs: number;
  progress: Progress;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const FINISHED = new Set(['successful', 'failed', 'error', 'canceled']);
const PAGE_SIZE = 200;
/** 1,000 pages of 200: a job of more events than this is refused, never read in part. */
const MAX_PAGES = 1000;

/** The job template's id: the number given, or the one template of that name. */
export async function jobTemplateId(api: AwxApi, jobTemplate: number | string, settingsAt: string): Promise<{ id: number; name: string }> {
  if (typeof jobTemplate === 'number' || /^\d+$/.test(jobTemplate)) return { id: Number(jobTemplate), name: String(jobTemplate) };
  const page = await api.request('GET', `/api/v2/job_templates/?name=${encodeURIComponent(jobTemplate)}`, `find the job template named ${JSON.stringify(jobTemplate)}`);
  const results = Array.isArray(page.results) ? page.results.filter(isRecord) : [];
  if (results.length === 0) {
    throw new UserError(`${api.where} has no job template named ${JSON.stringify(jobTemplate)} that the token can see; check ${settingsAt}.job_template, or give the token's user execute on it.`);
  }
  if (results.length > 1) {
    throw new UserError(`${api.where} has ${results.length} job templates named ${JSON.stringify(jobTemplate)} (in different organizations); set ${settingsAt}.job_template to the id of the one to run (${results.map((t) => String(t.id)).join(', ')}).`);
  }
  if (typeof results[0].id !== 'number') throw new UserError(`${api.where} listed the job template ${JSON.stringify(jobTemplate)} without an id; check ${settingsAt}.url points at the AWX API.`);
  return { id: results[0].id, name: jobTemplate };
}

/** The launch fields gitops-sync sets, the template's switch that lets a launch set each, and its name in the AWX UI. */
const PROMPTS = {
  job_type: { ask: 'ask_job_type_on_launch', label: 'Job Type' },
  diff_mode: { ask: 'ask_diff_mode_on_launch', label: 'Show Changes' },
  limit: { ask: 'ask_limit_on_launch', label: 'Limit' },
  extra_vars: { ask: 'ask_variables_on_launch', label: 'Variables' },
} as const;

/**
 * The launch body: check mode and diff, plus the limit and variables configured. A field the template does not
 * prompt for is refused here, because AWX would ignore it and run the template as it is (a `run` job changes hosts);
 * check mode and diff need no prompt when the template itself is a check job with Show Changes on.
 */
export function checkLaunchBody(launch: Json, template: string, request: Pick<AwxCheckRequest, 'limit' | 'extraVars'>, settingsAt: string): Json {
  const defaults = isRecord(launch.defaults) ? launch.defaults : {};
  const wanted: Json = { job_type: 'check', diff_mode: true, limit: request.limit, extra_vars: request.extraVars };
  const body: Json = {};
  for (const [field, { ask, label }] of Object.entries(PROMPTS)) {
    const value = wanted[field];
    if (value === undefined) continue;
    // A survey takes variables too.
    if (launch[ask] === true || (field === 'extra_vars' && launch.survey_enabled === true)) body[field] = value;
    else if (JSON.stringify(defaults[field]) !== JSON.stringify(value)) {
      const fix = field === 'limit' || field === 'extra_vars' ? `or remove ${field} from ${settingsAt}` : 'or point gitops-sync at a template that is itself a check job with Show Changes on';
      throw new UserError(`Job template ${template} cannot be launched with ${field}${field === 'extra_vars' ? '' : ` ${JSON.stringify(value)}`}: it does not prompt for ${label} (${ask} is false); tick "Prompt on launch" for ${label} on the template, ${fix}.`);
    }
  }
  const passwords = Array.isArray(launch.passwords_needed_to_start) ? launch.passwords_needed_to_start : [];
  if (passwords.length) {
    throw new UserError(`Job template ${template} needs passwords to start (${passwords.map(String).join(', ')}); store them in the template's credentials so it can start without user input.`);
  }
  return body;
}

export interface FinishedAwxJob {
  id: number;
  /** The job's page in the AWX UI, for messages. */
  link: string;
  events: unknown[];
}

/**
 * Launches the job template in check mode with diff, waits for the job to finish (and AWX to have saved all its
 * events), and reads every event. A job that did not succeed, ran in another mode, or outlived the timeout is
 * refused in one sentence (a job left running is cancelled first).
 */
export async function runAwxCheck(api: AwxApi, request: AwxCheckRequest, settingsAt: string): Promise<FinishedAwxJob> {
  const now = request.now ?? Date.now;
  const sleep = request.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const { id: templateId, name } = await jobTemplateId(api, request.jobTemplate, settingsAt);
  const template = `${JSON.stringify(name)}${String(templateId) === name ? '' : ` (id ${templateId})`} on ${api.base.origin}`;
  const launchPath = `/api/v2/job_templates/${templateId}/launch/`;
  const notFound = `${api.where} has no job template ${templateId} that the token can see; check ${settingsAt}.job_template, or give the token's user execute on it`;
  const launchInfo = await api.request('GET', launchPath, `read what job template ${templateId} prompts for`, undefined, notFound);
  const body = checkLaunchBody(launchInfo, template, request, settingsAt);
  const started = now();
  const launched = await api.request('POST', launchPath, `launch job template ${templateId}`, body, notFound);
  const id = typeof launched.job === 'number' ? launched.job : launched.id;
  if (typeof id !== 'number') throw new UserError(`${api.where} launched job template ${templateId} but named no job in its answer; check ${settingsAt}.url points at the AWX API.`);
  const link = `${api.url('/').href.replace(/\/$/, '')}/#/jobs/playbook/${id}/output`;
  /** Cancels the job (best effort) and says how that went. */
  const cancel = async (): Promise<string> => {
    try {
      await api.request('POST', `/api/v2/jobs/${id}/cancel/`, `cancel job ${id}`);
      return 'it was cancelled';
    } catch {
      return 'it could not be cancelled (cancel it by hand)';
    }
  };
  // AWX ignores a field the template does not prompt for: a job not in check mode would change the hosts.
  const ignored = isRecord(launched.ignored_fields) ? Object.keys(launched.ignored_fields).filter((field) => field in body) : [];
  if (ignored.length || (launched.job_type !== undefined && launched.job_type !== 'check')) {
    const what = ignored.length ? `ignored ${ignored.join(', ')}` : `started it as a ${String(launched.job_type)} job`;
    throw new UserError(`${api.where} ${what} for job template ${templateId} (job ${id}), so it is not the check run asked for, and ${await cancel()}; tick "Prompt on launch" for those fields on the template.`);
  }
  request.progress.step(`AWX job ${id} launched from job template ${template} (check mode, diff)`);

  let last = '';
  let lastSaid = started;
  for (;;) {
    const job = await api.request('GET', `/api/v2/jobs/${id}/`, `read the status of job ${id}`);
    const status = typeof job.status === 'string' ? job.status : 'unknown';
    // Real AWX always names the job type; a job that does not say it is a check is not trusted to be one.
    if (job.job_type !== 'check') {
      throw new UserError(`AWX job ${id} runs as a ${String(job.job_type)} job, not a check, and ${await cancel()}; make job template ${templateId} prompt for the job type.`);
    }
    const elapsed = now() - started;
    if (FINISHED.has(status)) {
      if (status !== 'successful') {
        const why = typeof job.job_explanation === 'string' && job.job_explanation ? ` (${job.job_explanation.replace(/\s+/g, ' ').trim().slice(0, 200)})` : '';
        throw new UserError(`AWX job ${id} ended ${status}${why}, so its check results are incomplete; see ${link}, fix the run and try again.`);
      }
      // AWX saves events after the job ends: only once event_processing_finished are they all readable.
      if (job.event_processing_finished !== false) break;
    }
    if (elapsed >= request.timeoutMs) {
      throw new UserError(`AWX job ${id} did not finish within ${formatDuration(request.timeoutMs)} (last status: ${status}) and ${await cancel()}; raise ${settingsAt}.timeout_minutes, or see why it takes so long at ${link}.`);
    }
    if (status !== last || now() - lastSaid >= 30_000) {
      request.progress.step(`AWX job ${id} ${status === last ? 'still ' : ''}${FINISHED.has(status) ? 'saving its events' : status} (${formatDuration(elapsed)})`);
      last = status;
      lastSaid = now();
    }
    await sleep(Math.min(request.pollMs, Math.max(0, request.timeoutMs - elapsed)));
  }

  const events: unknown[] = [];
  let next: string | undefined = `/api/v2/jobs/${id}/job_events/?order_by=counter&page_size=${PAGE_SIZE}`;
  let count: number | undefined;
  const read = new Set<string>();
  for (let page = 1; next; page++) {
    // A next link back to a page already read would go round until MAX_PAGES, and then misname the cause.
    const href = api.url(next).href;
    if (read.has(href)) {
      throw new UserError(`AWX job ${id}: page ${page - 1} of its events links back to a page already read, so its events cannot be read whole; check ${settingsAt}.url points at the AWX API and run the check again.`);
    }
    read.add(href);
    if (page > MAX_PAGES) throw new UserError(`AWX job ${id} has more than ${MAX_PAGES * PAGE_SIZE} events; gitops-sync reads at most that many. Limit the run (${settingsAt}.limit) or split the playbook.`);
    const body: Json = await api.request('GET', next, `read the events of job ${id} (page ${page})`);
    if (!Array.isArray(body.results)) throw new UserError(`${api.where} answered the events of job ${id} (page ${page}) without a results list; check ${settingsAt}.url points at the AWX API.`);
    if (page === 1 && typeof body.count === 'number') count = body.count;
    appendAll(events, body.results as unknown[]);
    next = typeof body.next === 'string' && body.next ? body.next : undefined;
  }
  if (count !== undefined && events.length !== count) {
    throw new UserError(`AWX job ${id} reported ${count} events but its pages held ${events.length}; run the check again (the events changed while they were read).`);
  }
  request.progress.step(`AWX job ${id} successful: ${events.length} events read (${formatDuration(now() - started)})`);
  return { id, link, events };
}

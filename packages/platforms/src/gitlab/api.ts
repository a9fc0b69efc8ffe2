import { z } from 'zod';
import { appendAll, UserError } from '@gitops-sync/core';
import {
  ApiBudget,
  apiLimitsFromEnv,
  DEFAULT_RETRY,
  hostOf,
  incompleteListing,
  NetworkFailure,
  pagesBound,
  withRetries,
  type ApiCall,
  type ApiFailure,
  type ApiLimits,
  type RetryPolicy,
} from '../api-retry.js';

export interface GitLabApiOptions {
  token: string;
  /** Project id or full path (`group/project`). */
  project: string;
  /** `https://gitlab.example.com/api/v4`; defaults to CI_API_V4_URL. */
  baseUrl?: string;
  retry?: RetryPolicy;
  /** Timeouts and the page bound; default from GITOPS_SYNC_API_TIMEOUT_SECONDS / _DEADLINE_SECONDS in the environment. */
  limits?: Partial<ApiLimits>;
  /** How the token is sent: PRIVATE-TOKEN (a personal, project or group token; the default) or JOB-TOKEN (CI_JOB_TOKEN). */
  tokenHeader?: 'PRIVATE-TOKEN' | 'JOB-TOKEN';
}

const TokenUser = z.object({ id: z.number(), username: z.string(), bot: z.boolean().optional() });

/** Statuses whose Response must have a null body. */
const NO_BODY = new Set([101, 204, 205, 304]);

class HttpFailure extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message);
  }
}

/** One project's REST API v4 through fetch: retried, answers checked with zod. Paths start at `/projects/:id` (`project`). */
export class GitLabApi {
  /** `/projects/<url-encoded id or path>` */
  readonly project: string;
  private readonly base: string;
  private readonly retry: RetryPolicy;
  private tokenUser: Promise<z.infer<typeof TokenUser>> | undefined;
  private readonly budget: ApiBudget;

  constructor(private readonly options: GitLabApiOptions) {
    const base = options.baseUrl ?? process.env.CI_API_V4_URL;
    if (!base) throw new UserError('The GitLab API URL is unknown; set CI_API_V4_URL (e.g. https://gitlab.com/api/v4).');
    this.base = base.replace(/\/+$/, '');
    this.project = `/projects/${encodeURIComponent(options.project)}`;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.budget = new ApiBudget(apiLimitsFromEnv(process.env, options.limits), hostOf(this.base), options.token);
  }

  /** One attempt under the budget, its body read before the timeout ends: no answer is a NetworkFailure. */
  private async attempt(method: string, url: string, body: unknown): Promise<Response> {
    const { signal, failure } = this.budget.attempt();
    try {
      const response = await fetch(url, {
        method,
        headers: { [this.options.tokenHeader ?? 'PRIVATE-TOKEN']: this.options.token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        // A redirect would carry PRIVATE-TOKEN to wherever it points: never follow one.
        redirect: 'manual',
        signal,
      });
      const bytes = await response.arrayBuffer();
      return new Response(NO_BODY.has(response.status) ? null : bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      throw new NetworkFailure(failure(error));
    }
  }

  async send(call: ApiCall, method: string, path: string, body?: unknown): Promise<Response> {
    return this.sendTo(call, method, `${this.base}${path}`, body);
  }

  private async sendTo(call: ApiCall, method: string, url: string, body?: unknown): Promise<Response> {
    return withRetries(
      'GitLab',
      call,
      async () => {
        const response = await this.attempt(method, url, body);
        if (response.ok) return response;
        if (response.status >= 300 && response.status < 400) {
          throw new HttpFailure({ status: response.status, headers: {}, message: 'the API answered with a redirect, which is not followed so the token stays here; point CI_API_V4_URL at the API itself' });
        }
        const text = await response.text();
        throw new HttpFailure({ status: response.status, headers: Object.fromEntries(response.headers), message: text.slice(0, 200) });
      },
      (error) => (error instanceof HttpFailure ? error.failure : undefined),
      this.retry,
      this.budget,
    );
  }

  async json<T extends z.ZodType>(call: ApiCall, schema: T, method: string, path: string, body?: unknown): Promise<{ data: z.infer<T>; response: Response }> {
    const response = await this.send(call, method, path, body);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new UserError(`GitLab answered an unexpected shape when asked to ${call.what}; check that CI_API_V4_URL points at the GitLab REST API v4.`);
    return { data: parsed.data, response };
  }

  /**
   * One GraphQL query (`POST /api/graphql`, next to CI_API_V4_URL's `/api/v4`), for what REST does not
   * say; an answer with `errors` or without the data asked for is an error.
   */
  async graphql<T extends z.ZodType>(call: ApiCall, data: T, query: string, variables: Record<string, unknown>): Promise<z.infer<T>> {
    if (!/\/api\/v4$/.test(this.base)) throw new UserError(`The GitLab API URL ${this.base} does not end in /api/v4, so GitLab's GraphQL API cannot be found next to it to ${call.what}; set CI_API_V4_URL to https://<host>/api/v4.`);
    const response = await this.sendTo(call, 'POST', this.base.replace(/\/v4$/, '/graphql'), { query, variables });
    const parsed = z.object({ data: data.nullable().optional(), errors: z.array(z.object({ message: z.string() })).optional() }).safeParse(await response.json().catch(() => undefined));
    if (!parsed.success || parsed.data.errors?.length || parsed.data.data == null) {
      const said = parsed.success && parsed.data.errors?.length ? `: ${parsed.data.errors[0].message.slice(0, 200)}` : '';
      throw new UserError(`GitLab's GraphQL API did not answer when asked to ${call.what}${said}; the token needs ${call.permission}.`);
    }
    return parsed.data.data;
  }

  /** The project's full path (`group/project`), which GraphQL names it by: read from REST when it was given by id. */
  async projectPath(call: ApiCall): Promise<string> {
    if (!/^\d+$/.test(this.options.project)) return this.options.project;
    const { data } = await this.json(call, z.object({ path_with_namespace: z.string() }), 'GET', this.project);
    return data.path_with_namespace;
  }

  /** The timeouts and the page bound every call and listing here is held to. */
  get limits(): ApiLimits {
    return this.budget.limits;
  }

  /** The user the token acts as (GET /user): who gitops-sync's own notes, approvals and issues are written by. */
  currentUser(): Promise<z.infer<typeof TokenUser>> {
    this.tokenUser ??= this.json({ what: 'read the token user', permission: 'the read_api scope' }, TokenUser, 'GET', '/user').then((result) => result.data);
    return this.tokenUser;
  }

  /**
   * Every page, 100 at a time, following `x-next-page` (a page number on this API, so the token stays here)
   * while it moves forward, up to the page bound; any failing page fails the whole list.
   */
  async listAll<T extends z.ZodType>(call: ApiCall, item: T, path: string): Promise<z.infer<T>[]> {
    const items: z.infer<T>[] = [];
    for (let page = 1, read = 1; ; read++) {
      const { data, response } = await this.json(call, z.array(item), 'GET', `${path}${path.includes('?') ? '&' : '?'}per_page=100&page=${page}`);
      appendAll(items, data);
      const said = response.headers.get('x-next-page')?.trim() ?? '';
      if (said === '') return items;
      const next = Number(said);
      if (!Number.isInteger(next) || next <= page) throw incompleteListing('GitLab', call, `named page ${JSON.stringify(said)} as the one after page ${page}`);
      if (read >= this.budget.limits.maxPages) throw incompleteListing('GitLab', call, `listed ${pagesBound(this.budget.limits)}`);
      page = next;
    }
  }
}

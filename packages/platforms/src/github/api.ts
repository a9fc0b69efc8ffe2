import { getOctokit } from '@actions/github';
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

export interface GitHubApiOptions {
  token: string;
  /** `owner/repo` */
  repository: string;
  /** API base; GHES: `https://host/api/v3`. Defaults to GITHUB_API_URL. */
  baseUrl?: string;
  retry?: RetryPolicy;
  /** Timeouts and the page bound; default from GITOPS_SYNC_API_TIMEOUT_SECONDS / _DEADLINE_SECONDS in the environment. */
  limits?: Partial<ApiLimits>;
}

function toFailure(error: unknown): ApiFailure | undefined {
  const failure = error as { status?: number; response?: { headers?: Record<string, string>; data?: { message?: string } }; message?: string };
  if (typeof failure?.status !== 'number') return undefined;
  return { status: failure.status, headers: failure.response?.headers ?? {}, message: failure.response?.data?.message ?? failure.message ?? '' };
}

/** One repository's REST API through Octokit (the client @actions/github gives actions): retried, answers checked with zod. */
export class GitHubApi {
  readonly owner: string;
  readonly repo: string;
  private readonly octokit: ReturnType<typeof getOctokit>;
  private readonly retry: RetryPolicy;
  private readonly base: URL;
  private readonly budget: ApiBudget;

  constructor(options: GitHubApiOptions) {
    const [owner, repo, ...rest] = options.repository.split('/');
    if (!owner || !repo || rest.length) throw new UserError(`Repository ${JSON.stringify(options.repository)} is not OWNER/REPO; pass --repo like octo-org/infra.`);
    this.owner = owner;
    this.repo = repo;
    this.retry = options.retry ?? DEFAULT_RETRY;
    const baseUrl = (options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
    try {
      this.base = new URL(baseUrl);
    } catch {
      throw new UserError(`The GitHub API URL ${JSON.stringify(baseUrl)} is not a URL; set GITHUB_API_URL like https://github.example.com/api/v3.`);
    }
    this.budget = new ApiBudget(apiLimitsFromEnv(process.env, options.limits), hostOf(baseUrl), options.token);
    this.octokit = getOctokit(options.token, { baseUrl });
  }

  /** One attempt under the budget: a failure on the wire (Octokit calls it HTTP 500 without a response) becomes a NetworkFailure. */
  private async attempt(route: string, params: Record<string, unknown>) {
    const { signal, failure } = this.budget.attempt();
    let response;
    try {
      response = await this.octokit.request(route, { ...params, request: { signal } });
    } catch (error) {
      if (signal.aborted || (typeof (error as { status?: unknown }).status === 'number' && !(error as { response?: unknown }).response)) throw new NetworkFailure(failure(error));
      throw error;
    }
    // Octokit reads the body after fetch resolves and drops a read error: a body cut off by the timeout is one too.
    if (signal.aborted) throw new NetworkFailure(failure(undefined));
    return response;
  }

  /** `owner` and `repo` fill the route's placeholders; `params` the rest (the rest become query or body). */
  async call<T extends z.ZodType>(
    call: ApiCall,
    schema: T,
    route: string,
    params: Record<string, unknown> = {},
    failureOf: (error: unknown) => ApiFailure | undefined = toFailure,
  ): Promise<{ data: z.infer<T>; link: string; url: string }> {
    const defaults = Object.fromEntries(Object.entries({ owner: this.owner, repo: this.repo }).filter(([key]) => route.includes(`{${key}}`)));
    const response = await withRetries('GitHub', call, () => this.attempt(route, { ...defaults, ...params }), failureOf, this.retry, this.budget);
    const parsed = schema.safeParse(response.data);
    if (!parsed.success) throw new UserError(`GitHub answered an unexpected shape when asked to ${call.what} (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}); check that the API URL points at the GitHub REST API.`);
    return { data: parsed.data, link: String(response.headers.link ?? ''), url: response.url };
  }

  /** The GraphQL endpoint: `/graphql` on github.com, but `/api/graphql` beside a GHES REST API at `/api/v3`. */
  graphqlRoute(): string {
    const path = this.base.pathname.replace(/\/+$/, '');
    return /\/api\/v3$/.test(path) ? `POST ${this.base.origin}${path.slice(0, -'/v3'.length)}/graphql` : 'POST /graphql';
  }

  /**
   * Every node of one GraphQL connection, `first: 100` a page, asking `after` the last `endCursor` until
   * `hasNextPage` is false, up to the page bound; `connection` picks it out of each answer (and throws on one without it).
   */
  async graphqlAll<T extends z.ZodType, N>(
    call: ApiCall,
    schema: T,
    query: string,
    variables: Record<string, unknown>,
    connection: (data: z.infer<T>) => { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: N[] },
  ): Promise<N[]> {
    const nodes: N[] = [];
    const cursors = new Set<string>();
    for (let after: string | null = null; ; ) {
      const page = connection((await this.call(call, schema, this.graphqlRoute(), { query, variables: { ...variables, after } })).data);
      appendAll(nodes, page.nodes);
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
      if (after === null || cursors.has(after)) throw incompleteListing('GitHub', call, 'gave no new cursor for the next page');
      if (cursors.size + 1 >= this.budget.limits.maxPages) throw incompleteListing('GitHub', call, `listed ${pagesBound(this.budget.limits)}`);
      cursors.add(after);
    }
  }

  /**
   * The account a user token (a personal access token) acts as, or undefined for an installation token
   * (GITHUB_TOKEN, a GitHub App), which GET /user refuses with 403 "Resource not accessible by integration".
   * Any other refusal (a rate limit, an SSO block) leaves the identity unknown: an error, never github-actions[bot].
   */
  async tokenUser(): Promise<{ id: number; login: string } | undefined> {
    let refusal: string | undefined;
    const noting = (error: unknown) => {
      const failure = toFailure(error);
      if (failure?.status === 403) refusal = failure.message;
      return failure;
    };
    try {
      return (await this.call({ what: 'read the token user', permission: 'no permission (a user token)' }, z.object({ id: z.number(), login: z.string() }), 'GET /user', {}, noting)).data;
    } catch (error) {
      if (!(error instanceof UserError) || refusal === undefined) throw error;
      if (/resource not accessible by integration/i.test(refusal)) return undefined;
      throw new UserError(
        `GitHub would not say who the token is (GET /user: 403 ${JSON.stringify(refusal.slice(0, 200))}), and only that identity's comments and issues are gitops-sync's own; run it again later, or name the app's bot in GITOPS_SYNC_BOT_LOGIN (the bot-login input).`,
      );
    }
  }

  /**
   * Every page, 100 at a time, following the `link` header's next page while it stays on this API
   * (the token goes nowhere else) and is new, up to the page bound. Any failing page fails the whole list.
   */
  async listAll<T extends z.ZodType>(call: ApiCall, item: T, route: string, params: Record<string, unknown> = {}): Promise<z.infer<T>[]> {
    let page = await this.call(call, z.array(item), route, { ...params, per_page: 100 });
    const items: z.infer<T>[] = [...page.data];
    const seen = new Set<string>([page.url]);
    for (let read = 1; ; read++) {
      const next = nextLink(page.link);
      if (next === undefined) return items;
      const url = this.onThisApi(call, next);
      if (seen.has(url.href)) throw incompleteListing('GitHub', call, `pointed the next page back at one already read (${url.pathname}${url.search})`);
      if (read >= this.budget.limits.maxPages) throw incompleteListing('GitHub', call, `listed ${pagesBound(this.budget.limits)}`);
      seen.add(url.href);
      page = await this.call(call, z.array(item), `GET ${url.href}`);
      appendAll(items, page.data);
    }
  }

  /** A next-page URL, refused unless it is on this API's origin and under its path. */
  private onThisApi(call: ApiCall, link: string): URL {
    let url: URL | undefined;
    try {
      url = new URL(link, this.base);
    } catch {
      url = undefined;
    }
    const basePath = this.base.pathname.replace(/\/+$/, '');
    if (!url || url.origin !== this.base.origin || !(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))) {
      const where = url ? `${url.origin}${url.pathname}` : JSON.stringify(link);
      throw incompleteListing('GitHub', call, `pointed the next page at ${where}, outside ${this.base.origin}${basePath}, which gitops-sync does not send the token to`);
    }
    return url;
  }
}

/** The `rel="next"` URL of a `link` header (RFC 8288), if any. */
function nextLink(link: string): string | undefined {
  for (const [, url, rel] of link.matchAll(/<([^>]*)>\s*;\s*rel="?([^",;]*)"?/g)) {
    if (rel.split(/\s+/).includes('next')) return url;
  }
  return undefined;
}

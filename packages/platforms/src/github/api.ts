import { getOctokit } from '@actions/github';
import { z } from 'zod';
import { UserError } from '@gitops-sync/core';
import { DEFAULT_RETRY, withRetries, type ApiCall, type ApiFailure, type RetryPolicy } from '../api-retry.js';

export interface GitHubApiOptions {
  token: string;
  /** `owner/repo` */
  repository: string;
  /** API base; GHES: `https://host/api/v3`. Defaults to GITHUB_API_URL. */
  baseUrl?: string;
  retry?: RetryPolicy;
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

  constructor(options: GitHubApiOptions) {
    const [owner, repo, ...rest] = options.repository.split('/');
    if (!owner || !repo || rest.length) throw new UserError(`Repository ${JSON.stringify(options.repository)} is not OWNER/REPO; pass --repo like octo-org/infra.`);
    this.owner = owner;
    this.repo = repo;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.octokit = getOctokit(options.token, { baseUrl: options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com' });
  }

  /** `owner` and `repo` fill the route's placeholders; `params` the rest (the rest become query or body). */
  async call<T extends z.ZodType>(call: ApiCall, schema: T, route: string, params: Record<string, unknown> = {}): Promise<{ data: z.infer<T>; link: string }> {
    const defaults = Object.fromEntries(Object.entries({ owner: this.owner, repo: this.repo }).filter(([key]) => route.includes(`{${key}}`)));
    const response = await withRetries('GitHub', call, () => this.octokit.request(route, { ...defaults, ...params }), toFailure, this.retry);
    const parsed = schema.safeParse(response.data);
    if (!parsed.success) throw new UserError(`GitHub answered an unexpected shape when asked to ${call.what} (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}); check that the API URL points at the GitHub REST API.`);
    return { data: parsed.data, link: String(response.headers.link ?? '') };
  }

  /**
   * The account a user token (a personal access token) acts as, or undefined for an installation token
   * (GITHUB_TOKEN, a GitHub App), which GET /user refuses with 403 "Resource not accessible by integration".
   */
  async tokenUser(): Promise<{ id: number; login: string } | undefined> {
    try {
      return (await this.call({ what: 'read the token user', permission: 'no permission (a user token)' }, z.object({ id: z.number(), login: z.string() }), 'GET /user')).data;
    } catch (error) {
      if (error instanceof UserError && /\(403\)/.test(error.message)) return undefined;
      throw error;
    }
  }

  /** Every page, 100 at a time, following the `link` header; any failing page fails the whole list. */
  async listAll<T extends z.ZodType>(call: ApiCall, item: T, route: string, params: Record<string, unknown> = {}): Promise<z.infer<T>[]> {
    const items: z.infer<T>[] = [];
    for (let page = 1; ; page++) {
      const { data, link } = await this.call(call, z.array(item), route, { ...params, per_page: 100, page });
      items.push(...data);
      if (!/rel="next"/.test(link)) return items;
    }
  }
}

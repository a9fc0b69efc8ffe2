import { z } from 'zod';
import { UserError } from '@gitops-sync/core';
import { DEFAULT_RETRY, withRetries, type ApiCall, type ApiFailure, type RetryPolicy } from '../api-retry.js';

export interface GitLabApiOptions {
  token: string;
  /** Project id or full path (`group/project`). */
  project: string;
  /** `https://gitlab.example.com/api/v4`; defaults to CI_API_V4_URL. */
  baseUrl?: string;
  retry?: RetryPolicy;
}

const TokenUser = z.object({ id: z.number(), username: z.string(), bot: z.boolean().optional() });

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

  constructor(private readonly options: GitLabApiOptions) {
    const base = options.baseUrl ?? process.env.CI_API_V4_URL;
    if (!base) throw new UserError('The GitLab API URL is unknown; set CI_API_V4_URL (e.g. https://gitlab.com/api/v4).');
    this.base = base.replace(/\/+$/, '');
    this.project = `/projects/${encodeURIComponent(options.project)}`;
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  async send(call: ApiCall, method: string, path: string, body?: unknown): Promise<Response> {
    return withRetries(
      'GitLab',
      call,
      async () => {
        const response = await fetch(`${this.base}${path}`, {
          method,
          headers: { 'PRIVATE-TOKEN': this.options.token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          // A redirect would carry PRIVATE-TOKEN to wherever it points: never follow one.
          redirect: 'manual',
        }).catch((error: Error) => {
          throw new HttpFailure({ status: 0, headers: {}, message: error.message });
        });
        if (response.ok) return response;
        if (response.status >= 300 && response.status < 400) {
          throw new HttpFailure({ status: response.status, headers: {}, message: 'the API answered with a redirect, which is not followed so the token stays here; point CI_API_V4_URL at the API itself' });
        }
        const text = await response.text();
        throw new HttpFailure({ status: response.status, headers: Object.fromEntries(response.headers), message: text.slice(0, 200) });
      },
      (error) => (error instanceof HttpFailure ? error.failure : undefined),
      this.retry,
    );
  }

  async json<T extends z.ZodType>(call: ApiCall, schema: T, method: string, path: string, body?: unknown): Promise<{ data: z.infer<T>; response: Response }> {
    const response = await this.send(call, method, path, body);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new UserError(`GitLab answered an unexpected shape when asked to ${call.what}; check that CI_API_V4_URL points at the GitLab REST API v4.`);
    return { data: parsed.data, response };
  }

  /** The user the token acts as (GET /user): who gitops-sync's own notes, approvals and issues are written by. */
  currentUser(): Promise<z.infer<typeof TokenUser>> {
    this.tokenUser ??= this.json({ what: 'read the token user', permission: 'the read_api scope' }, TokenUser, 'GET', '/user').then((result) => result.data);
    return this.tokenUser;
  }

  /** Every page, 100 at a time, following `x-next-page`; any failing page fails the whole list. */
  async listAll<T extends z.ZodType>(call: ApiCall, item: T, path: string): Promise<z.infer<T>[]> {
    const items: z.infer<T>[] = [];
    for (let page = 1; ; ) {
      const { data, response } = await this.json(call, z.array(item), 'GET', `${path}${path.includes('?') ? '&' : '?'}per_page=100&page=${page}`);
      items.push(...data);
      const next = Number(response.headers.get('x-next-page'));
      if (!next || next <= page) return items;
      page = next;
    }
  }
}

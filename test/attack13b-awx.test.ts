import { describe, expect, test } from '@jest/globals';
import { AwxApi, runAwxCheck, type FetchLike } from '@gitops-sync/engine';
import { silentProgress } from '@gitops-sync/engine';

/*
 * Adversarial review of issue 13 (AWX): a server (compromised, or a broken proxy) whose job_events
 * pages link back to a page already read. The pages are AWX's documented shape ({count, next,
 * previous, results}); the rest of the launch is a well-behaved check job.
 */

const EVENTS = '/api/v2/jobs/100/job_events/';

function server(nextOf: (page: number) => string | null): { fetch: FetchLike; eventRequests: () => number } {
  let eventRequests = 0;
  const fetch: FetchLike = async (url, init) => {
    const { pathname, searchParams } = new URL(url);
    let body: unknown;
    if (pathname === '/api/v2/job_templates/7/launch/' && init.method === 'GET') {
      body = { ask_job_type_on_launch: true, ask_diff_mode_on_launch: true, ask_limit_on_launch: false, ask_variables_on_launch: false, survey_enabled: false, defaults: {}, passwords_needed_to_start: [] };
    } else if (pathname === '/api/v2/job_templates/7/launch/') {
      body = { job: 100, id: 100, job_type: 'check', ignored_fields: {} };
    } else if (pathname === '/api/v2/jobs/100/') {
      body = { id: 100, status: 'successful', job_type: 'check', diff_mode: true, event_processing_finished: true };
    } else if (pathname === EVENTS) {
      eventRequests++;
      const page = Number(searchParams.get('page') ?? 1);
      body = { count: 1_000_000, next: nextOf(page), previous: null, results: [{ id: page, counter: page, event: 'verbose', event_data: {} }] };
    } else body = { detail: 'Not found.' };
    const text = JSON.stringify(body);
    return { status: (body as { detail?: string }).detail ? 404 : 200, headers: { get: () => null }, text: async () => text };
  };
  return { fetch, eventRequests: () => eventRequests };
}

const check = (fetch: FetchLike) =>
  runAwxCheck(
    new AwxApi({ url: 'https://awx.example.com', token: 't0ken', tokenEnv: 'AWX_TOKEN', settingsAt: 'environments.production.awx', requestTimeoutMs: 5000, fetch }),
    { jobTemplate: 7, timeoutMs: 60_000, pollMs: 1, progress: silentProgress, sleep: async () => {} },
    'environments.production.awx',
  );

describe('job_events pages whose next link loops', () => {
  test.each([
    ['to the same page', () => `${EVENTS}?order_by=counter&page_size=200`],
    ['back to an earlier page', (page: number) => `${EVENTS}?order_by=counter&page_size=200&page=${page === 3 ? 2 : page + 1}`],
  ])('a next link %s is refused at once, in one sentence', async (_how, next) => {
    const awx = server(next);
    await expect(check(awx.fetch)).rejects.toThrow(/^AWX job 100: page \d+ of its events links back to a page already read, so its events cannot be read whole; check environments\.production\.awx\.url points at the AWX API and run the check again\.$/);
    expect(awx.eventRequests()).toBeLessThanOrEqual(4);
  });
});

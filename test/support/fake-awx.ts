/**
 * A loopback AWX (API v2) for the AWX source, serving the shapes AWX documents and builds:
 * - job template list `{count, next, previous, results}` (awx/api/templates/api/_list_common.md);
 * - GET launch/: the JobLaunchSerializer fields (ask_*_on_launch, defaults, passwords_needed_to_start, …);
 * - POST launch/: 201 `{job, ignored_fields, …the job}`; a field the template does not prompt for is
 *   ignored (listed in ignored_fields) and the job runs with the template's own value — as AWX does;
 * - GET jobs/{id}/: status new → pending → running → successful|failed, event_processing_finished;
 * - job_events pages with relative `next` links, events shaped as JobEventSerializer and ansible-runner's
 *   awx_display callback make them (event_data.res censored for no_log results);
 * - errors as Django REST framework writes them: `{"detail": "…"}` (401, 403, 404).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

export const NO_LOG_CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

export interface FakeJobTemplate {
  id: number;
  name: string;
  ask_job_type_on_launch?: boolean;
  ask_diff_mode_on_launch?: boolean;
  ask_limit_on_launch?: boolean;
  ask_variables_on_launch?: boolean;
  /** The template's own job type (default run). */
  job_type?: 'run' | 'check';
  /** The statuses the job shows on successive polls; the last one repeats (default pending, running, successful). */
  statuses?: string[];
  job_explanation?: string;
  /** The events the job produces (default: none). */
  events?: Record<string, unknown>[];
  /** Polls that still say event_processing_finished: false after the job ended (default 0). */
  processingPolls?: number;
  /** Someone turns the job type prompt off between gitops-sync's GET launch/ and its POST: AWX ignores job_type. */
  promptTurnedOffBeforeLaunch?: boolean;
}

export interface FakeAwxOptions {
  token: string;
  templates: FakeJobTemplate[];
  /** AWX caps page_size (MAX_PAGE_SIZE, 200); a smaller cap makes a few events span pages. */
  maxPageSize?: number;
  /** Answers a request with a broken body: cut short, or an HTML login page in place of JSON. */
  broken?: { path: RegExp; as: 'truncated' | 'html' | 'not-a-page' | 'foreign-next' };
}

export interface FakeAwxRequest {
  method: string;
  path: string;
  body?: Record<string, unknown>;
}

export interface FakeAwx {
  url: string;
  requests: FakeAwxRequest[];
  /** The jobs launched: what each launch asked for and ran as. */
  jobs: { id: number; template: number; job_type: string; diff_mode: boolean; limit: string; extra_vars: unknown; cancelled: boolean }[];
  close(): Promise<void>;
}

let uuidCounter = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++uuidCounter).padStart(12, '0')}`;

/** One job event as GET /api/v2/jobs/{id}/job_events/ lists it. */
export function awxEvent(
  job: number,
  counter: number,
  event: string,
  fields: { host?: string; task?: string; action?: string; res?: Record<string, unknown>; changed?: boolean; eventData?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const { host, task, action } = fields;
  const failed = event === 'runner_on_failed' || event === 'runner_on_unreachable';
  const changed = fields.changed ?? (fields.res?.changed === true);
  const shortAction = action?.slice(action.lastIndexOf('.') + 1);
  return {
    id: job * 1000 + counter,
    type: 'job_event',
    url: `/api/v2/job_events/${job * 1000 + counter}/`,
    related: { job: `/api/v2/jobs/${job}/`, children: `/api/v2/job_events/${job * 1000 + counter}/children/` },
    summary_fields: { job: { id: job, name: 'site check', status: 'successful', failed: false, job_template_id: 7, job_template_name: 'site check' } },
    created: '2026-12-05T04:30:00.000000Z',
    modified: '2026-12-05T04:30:01.000000Z',
    job,
    event,
    counter,
    event_display: event,
    event_data: {
      playbook: 'site.yml',
      playbook_uuid: 'b1',
      play: 'all',
      play_uuid: 'p1',
      play_pattern: 'all',
      ...(task && { task, task_uuid: `t-${task}`, task_action: shortAction, resolved_action: action, task_args: '', task_path: '/runner/project/site.yml:3' }),
      ...(host && { host, remote_addr: host }),
      ...(fields.res && { res: fields.res }),
      ...(host && { start: '2026-12-05T04:30:00.000000+00:00', end: '2026-12-05T04:30:01.000000+00:00', duration: 1.0, event_loop: null }),
      uuid: uuid(),
      ...fields.eventData,
    },
    event_level: host ? 3 : 1,
    failed,
    changed,
    uuid: uuid(),
    parent_uuid: 't1',
    host: host ? 1 : null,
    host_name: host ?? '',
    playbook: 'site.yml',
    play: 'all',
    task: task ?? '',
    role: '',
    stdout: '',
    start_line: counter,
    end_line: counter + 1,
    verbosity: 0,
  };
}

export async function fakeAwx(options: FakeAwxOptions): Promise<FakeAwx> {
  const requests: FakeAwxRequest[] = [];
  const jobs: FakeAwx['jobs'] = [];
  const polls = new Map<number, number>();
  const sockets = new Set<Socket>();
  const maxPageSize = options.maxPageSize ?? 200;

  const send = (res: ServerResponse, status: number, body: unknown, path: string) => {
    let text = JSON.stringify(body);
    const broken = options.broken && options.broken.path.test(path) ? options.broken.as : undefined;
    if (broken === 'truncated') text = text.slice(0, Math.floor(text.length / 2));
    if (broken === 'html') {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end('<html><body>Log in to continue</body></html>');
      return;
    }
    if (broken === 'not-a-page') text = JSON.stringify([{ hello: 'world' }]);
    if (broken === 'foreign-next') text = JSON.stringify({ ...(body as object), next: 'http://collector.example:8080/api/v2/jobs/100/job_events/?page=2' });
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const notFound = (res: ServerResponse, path: string) => send(res, 404, { detail: 'Not found.' }, path);

  const template = (id: number) => options.templates.find((t) => t.id === id);
  const jobOf = (id: number) => jobs.find((j) => j.id === id);

  const jobBody = (id: number) => {
    const job = jobOf(id)!;
    const plan = template(job.template)!;
    const statuses = plan.statuses ?? ['pending', 'running', 'successful'];
    const poll = polls.get(id) ?? 0;
    polls.set(id, poll + 1);
    const status = job.cancelled ? 'canceled' : statuses[Math.min(poll, statuses.length - 1)];
    const ended = ['successful', 'failed', 'error', 'canceled'].includes(status);
    const endedAt = statuses.findIndex((s) => ['successful', 'failed', 'error', 'canceled'].includes(s));
    return {
      id,
      type: 'job',
      url: `/api/v2/jobs/${id}/`,
      related: { job_events: `/api/v2/jobs/${id}/job_events/`, cancel: `/api/v2/jobs/${id}/cancel/` },
      name: plan.name,
      launch_type: 'manual',
      status,
      failed: ['failed', 'error'].includes(status),
      started: '2026-12-05T04:30:00.000000Z',
      finished: ended ? '2026-12-05T04:31:00.000000Z' : null,
      elapsed: 60,
      job_explanation: ended ? (plan.job_explanation ?? '') : '',
      job_type: job.job_type,
      inventory: 1,
      project: 2,
      playbook: 'site.yml',
      limit: job.limit,
      diff_mode: job.diff_mode,
      job_template: plan.id,
      event_processing_finished: ended && poll - endedAt >= (plan.processingPolls ?? 0),
    };
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    requests.push({ method: req.method ?? 'GET', path: `${path}${url.search}`, ...(body && { body }) });
    if (req.headers.authorization !== `Bearer ${options.token}`) return send(res, 401, { detail: 'Authentication credentials were not provided. To establish a login session, visit /api/login/.' }, path);

    if (req.method === 'GET' && path === '/api/v2/job_templates/') {
      const found = options.templates.filter((t) => t.name === url.searchParams.get('name'));
      return send(res, 200, { count: found.length, next: null, previous: null, results: found.map((t) => ({ id: t.id, type: 'job_template', url: `/api/v2/job_templates/${t.id}/`, name: t.name, job_type: t.job_type ?? 'run' })) }, path);
    }
    let match = /^\/api\/v2\/job_templates\/(\d+)\/launch\/$/.exec(path);
    if (match) {
      const plan = template(Number(match[1]));
      if (!plan) return notFound(res, path);
      const asks = {
        ask_scm_branch_on_launch: false,
        ask_variables_on_launch: plan.ask_variables_on_launch ?? false,
        ask_tags_on_launch: false,
        ask_diff_mode_on_launch: plan.ask_diff_mode_on_launch ?? false,
        ask_skip_tags_on_launch: false,
        ask_job_type_on_launch: plan.ask_job_type_on_launch ?? false,
        ask_limit_on_launch: plan.ask_limit_on_launch ?? false,
        ask_verbosity_on_launch: false,
        ask_inventory_on_launch: false,
        ask_credential_on_launch: false,
      };
      if (req.method === 'GET') {
        return send(res, 200, {
          can_start_without_user_input: true,
          passwords_needed_to_start: [],
          ...asks,
          survey_enabled: false,
          variables_needed_to_start: [],
          credential_needed_to_start: false,
          inventory_needed_to_start: false,
          job_template_data: { name: plan.name, id: plan.id, description: '' },
          defaults: { extra_vars: '', diff_mode: false, limit: '', job_tags: '', skip_tags: '', job_type: plan.job_type ?? 'run', verbosity: 0, inventory: { name: 'hosts', id: 1 }, credentials: [], scm_branch: '' },
        }, path);
      }
      // AWX accepts only what the template prompts for and ignores the rest (ignored_fields).
      const given = body ?? {};
      const ignored: Record<string, unknown> = {};
      const accept = <T>(field: string, ask: boolean, fallback: T): T => {
        if (!(field in given)) return fallback;
        if (ask) return given[field] as T;
        ignored[field] = given[field];
        return fallback;
      };
      const id = 100 + jobs.length;
      const job = {
        id,
        template: plan.id,
        job_type: accept('job_type', asks.ask_job_type_on_launch && !plan.promptTurnedOffBeforeLaunch, plan.job_type ?? 'run'),
        diff_mode: accept('diff_mode', asks.ask_diff_mode_on_launch, false),
        limit: accept('limit', asks.ask_limit_on_launch, ''),
        extra_vars: accept('extra_vars', asks.ask_variables_on_launch, ''),
        cancelled: false,
      };
      jobs.push(job);
      const { event_processing_finished: _unused, ...shown } = { ...jobBody(id), status: 'pending' };
      polls.set(id, 0);
      return send(res, 201, { job: id, ignored_fields: ignored, ...shown }, path);
    }
    match = /^\/api\/v2\/jobs\/(\d+)\/$/.exec(path);
    if (match && req.method === 'GET') return jobOf(Number(match[1])) ? send(res, 200, jobBody(Number(match[1])), path) : notFound(res, path);
    match = /^\/api\/v2\/jobs\/(\d+)\/cancel\/$/.exec(path);
    if (match && req.method === 'POST') {
      const job = jobOf(Number(match[1]));
      if (!job) return notFound(res, path);
      job.cancelled = true;
      res.writeHead(202).end();
      return;
    }
    match = /^\/api\/v2\/jobs\/(\d+)\/job_events\/$/.exec(path);
    if (match && req.method === 'GET') {
      const job = jobOf(Number(match[1]));
      if (!job) return notFound(res, path);
      const events = template(job.template)!.events ?? [];
      const size = Math.min(Number(url.searchParams.get('page_size') ?? 25), maxPageSize);
      const page = Number(url.searchParams.get('page') ?? 1);
      const link = (n: number) => {
        const params = new URLSearchParams(url.searchParams);
        params.set('page', String(n));
        return `${path}?${params.toString()}`;
      };
      return send(res, 200, {
        count: events.length,
        next: page * size < events.length ? link(page + 1) : null,
        previous: page > 1 ? link(page - 1) : null,
        results: events.slice((page - 1) * size, page * size),
      }, path);
    }
    return notFound(res, path);
  };

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => handle(req, res, raw));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    jobs,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A secret a no_log task handles: it must appear in no output. */
export const NO_LOG_SECRET = 'hunter2-Sup3rS3cret';

/**
 * The events of `ansible-playbook site.yml --check --diff` on web1 and web2 as AWX stores them: a drifted
 * /etc/motd on web1 (in step on web2), a missing user on web1, a no_log task on each host (web1's censored by
 * ansible-runner, web2's still flagged _ansible_no_log with its values — which must be dropped), and a package
 * loop on web1 where one item would be installed.
 */
export function checkRunEvents(job: number): Record<string, unknown>[] {
  let counter = 0;
  const next = (event: string, fields: Parameters<typeof awxEvent>[3] = {}) => awxEvent(job, ++counter, event, fields);
  const copy = (host: string, before: string, after: string) => ({
    changed: before !== after,
    ...(before !== after && { diff: [{ before, after, before_header: '/etc/motd', after_header: 'motd.j2' }] }),
    invocation: { module_args: { dest: '/etc/motd', src: 'motd.j2', mode: '0644' } },
    dest: '/etc/motd',
    _ansible_no_log: false,
  });
  return [
    next('playbook_on_start'),
    next('playbook_on_play_start', { eventData: { name: 'all', pattern: 'all' } }),
    next('playbook_on_task_start', { task: 'motd', action: 'ansible.builtin.template' }),
    next('runner_on_start', { host: 'web1', task: 'motd', action: 'ansible.builtin.template' }),
    next('runner_on_ok', { host: 'web1', task: 'motd', action: 'ansible.builtin.template', res: copy('web1', 'Welcome to web1\n', 'Authorised use only\n') }),
    next('runner_on_ok', { host: 'web2', task: 'motd', action: 'ansible.builtin.template', res: copy('web2', 'Authorised use only\n', 'Authorised use only\n') }),
    next('playbook_on_task_start', { task: 'deploy user', action: 'ansible.builtin.user' }),
    next('runner_on_ok', {
      host: 'web1',
      task: 'deploy user',
      action: 'ansible.builtin.user',
      res: { changed: true, diff: { before: { state: 'absent' }, after: { state: 'present' } }, invocation: { module_args: { name: 'deploy', shell: '/bin/bash', state: 'present' } }, name: 'deploy' },
    }),
    next('runner_on_ok', { host: 'web2', task: 'deploy user', action: 'ansible.builtin.user', res: { changed: false, invocation: { module_args: { name: 'deploy', state: 'present' } }, name: 'deploy' } }),
    next('playbook_on_task_start', { task: 'app secret', action: 'ansible.builtin.copy' }),
    // ansible-runner replaces a no_log result with {"censored": …}; AWX then sees no `changed` (awx_display.py).
    next('runner_on_ok', { host: 'web1', task: 'app secret', action: 'ansible.builtin.copy', res: { censored: NO_LOG_CENSORED } }),
    next('runner_on_ok', {
      host: 'web2',
      task: 'app secret',
      action: 'ansible.builtin.copy',
      res: {
        _ansible_no_log: true,
        changed: true,
        diff: [{ before: 'PASSWORD=old\n', after: `PASSWORD=${NO_LOG_SECRET}\n` }],
        invocation: { module_args: { dest: '/etc/app/secret.env', content: `PASSWORD=${NO_LOG_SECRET}\n` } },
      },
    }),
    next('playbook_on_task_start', { task: 'packages', action: 'ansible.builtin.apt' }),
    next('runner_on_ok', {
      host: 'web1',
      task: 'packages',
      action: 'ansible.builtin.apt',
      res: {
        changed: true,
        msg: 'All items completed',
        results: [
          { item: 'nginx', changed: true, diff: { prepared: 'The following NEW packages will be installed:\n  nginx\n' }, invocation: { module_args: { name: 'nginx', state: 'present' } }, ansible_loop_var: 'item' },
          { item: 'curl', changed: false, invocation: { module_args: { name: 'curl', state: 'present' } }, ansible_loop_var: 'item' },
        ],
      },
    }),
    next('playbook_on_stats', {
      eventData: { changed: { web1: 4, web2: 1 }, dark: {}, failures: {}, ignored: {}, ok: { web1: 4, web2: 4 }, processed: { web1: 1, web2: 1 }, rescued: {}, skipped: {}, artifact_data: {} },
    }),
  ];
}

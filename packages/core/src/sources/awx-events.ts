import { UserError } from '../errors.js';
import { requireRunEnd } from './ansible-check.js';
import { ANSIBLE_RESULT_SCHEMA, type AnsibleDiff, type AnsibleRunEnd, type AnsibleTaskResult } from './ansible-results.js';

/*
 * AWX / Ansible Tower / AAP job events → Ansible task results (the contract of ansible-results.ts).
 *
 * Shapes, as AWX documents and builds them:
 * - a job_events page is `{count, next, previous, results: [event…]}` (awx/api/templates/api/_list_common.md);
 * - an event carries `event`, `counter`, `host_name`, `changed`, `failed`, `task` and `event_data`
 *   (awx/api/serializers.py JobEventSerializer);
 * - `event_data` is what ansible-runner's awx_display callback captured: `host`, `task`, `task_action`,
 *   `resolved_action` (the FQCN), `res` (the module's result: `changed`, `diff`, `invocation.module_args`, `msg`,
 *   `results` for loops) — and for a `no_log` result `res` is replaced by `{"censored": "the output has been
 *   hidden …"}` (ansible-runner src/ansible_runner/display_callback/callback/awx_display.py, capture_event_data);
 * - `playbook_on_stats` ends the run with per-host counts (`changed`, `dark`, `failures`, `ok`, `skipped`).
 */

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Looked up in a Map: an event named `constructor` or `__proto__` must not find Object's own properties. */
const RESULT_STATUS = new Map<string, AnsibleTaskResult['status'] | 'ok-or-changed'>([
  ['runner_on_ok', 'ok-or-changed'],
  ['runner_on_failed', 'failed'],
  ['runner_on_unreachable', 'unreachable'],
  ['runner_on_skipped', 'skipped'],
]);

/** What ansible-runner writes in place of a `no_log` result; `_ansible_no_log` is Ansible's own flag on one. */
const isCensored = (res: Json): boolean => res._ansible_no_log === true || 'censored' in res;

export interface AwxRun {
  results: AnsibleTaskResult[];
  /** The run's end (`playbook_on_stats`); absent when the events stop before it. */
  end?: AnsibleRunEnd;
}

const NO_RESULT: Json = {};

/** The events of a job (every page's `results`, in order) as Ansible task results, `no_log` results with no values. */
export function ansibleRunFromAwxEvents(events: readonly unknown[], label: string): AwxRun {
  const results: AnsibleTaskResult[] = [];
  /** Per host, the task results that show a change: Ansible counts a loop's task once however many items changed. */
  const shownChanges = new Map<string, number>();
  let end: AnsibleRunEnd | undefined;
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    if (!isRecord(event) || typeof event.event !== 'string') {
      throw new UserError(`${label}: event ${index + 1} is not an AWX job event (an object with "event" and "event_data"); pass the job_events pages as AWX returns them.`);
    }
    if (event.event === 'playbook_on_stats') {
      end = runEnd(isRecord(event.event_data) ? event.event_data : NO_RESULT);
      continue;
    }
    const status = RESULT_STATUS.get(event.event);
    if (status === undefined) continue;
    const first = results.length;
    addTaskResults(results, event, status, label);
    for (let at = first; at < results.length; at++) {
      const { changed, host } = results[at]!;
      if (changed) {
        shownChanges.set(host, (shownChanges.get(host) ?? 0) + 1);
        break;
      }
    }
  }
  if (end) markCensoredChanges(results, end, shownChanges);
  return { results, end };
}

const eventAt = (event: Json, label: string) => `${label}: event ${typeof event.counter === 'number' ? event.counter : '?'} (${event.event as string})`;

function addTaskResults(results: AnsibleTaskResult[], event: Json, status: AnsibleTaskResult['status'] | 'ok-or-changed', label: string): void {
  const data = isRecord(event.event_data) ? event.event_data : NO_RESULT;
  const host = text(event.host_name) ?? text(data.host);
  if (!host) throw new UserError(`${eventAt(event, label)} names no host (host_name / event_data.host); pass the job_events pages as AWX returns them.`);
  // resolved_action is the FQCN (ansible-runner ≥ 2.1 on ansible-core ≥ 2.11); task_action is the module as written.
  const module = text(data.resolved_action) ?? text(data.task_action);
  if (!module) throw new UserError(`${eventAt(event, label)} names no module (event_data.resolved_action / task_action); pass the job_events pages as AWX returns them.`);
  const task = text(data.task) ?? text(event.task) ?? module;
  const res = isRecord(data.res) ? data.res : NO_RESULT;
  // runner_on_failed of a task with ignore_errors: the playbook goes on (ansible-runner's event_data.ignore_errors).
  const ignored = status === 'failed' && data.ignore_errors === true;
  const items = res.results;
  // A loop's result holds one result per item: each item is its own resource (a package, a file).
  if (Array.isArray(items) && items.length > 0 && !isCensored(res)) {
    for (const item of items) results.push(result(host, task, module, isRecord(item) ? item : CENSORED_ITEM, status, false, ignored));
    return;
  }
  results.push(result(host, task, module, res, status, event.changed === true, ignored));
}

const CENSORED_ITEM: Json = { censored: true };

function result(
  host: string,
  task: string,
  module: string,
  res: Json,
  eventStatus: AnsibleTaskResult['status'] | 'ok-or-changed',
  /** AWX's own `changed` on the event (for a loop, the item's result alone says). */
  eventChanged: boolean,
  ignored: boolean,
): AnsibleTaskResult {
  if (isCensored(res)) {
    const record: AnsibleTaskResult = { schema: ANSIBLE_RESULT_SCHEMA, host, task, module, status: eventStatus === 'ok-or-changed' ? 'ok' : eventStatus, changed: false, no_log: true };
    if (ignored) record.ignored = true;
    return record;
  }
  const changed = res.changed === true || eventChanged;
  const status = eventStatus !== 'ok-or-changed' ? eventStatus : res.failed === true ? 'failed' : res.skipped === true ? 'skipped' : changed ? 'changed' : 'ok';
  const record: AnsibleTaskResult = { schema: ANSIBLE_RESULT_SCHEMA, host, task, module, status, changed, no_log: false };
  if (ignored) record.ignored = true;
  const invocation = res.invocation;
  if (isRecord(invocation) && isRecord(invocation.module_args)) record.args = invocation.module_args;
  const diff = diffOf(res.diff);
  if (diff) record.diff = diff;
  if ((status === 'failed' || status === 'unreachable') && text(res.msg)) record.message = res.msg as string;
  return record;
}

function diffOf(value: unknown): AnsibleDiff | AnsibleDiff[] | undefined {
  if (Array.isArray(value)) {
    const diffs = value.filter(isRecord) as AnsibleDiff[];
    return diffs.length ? diffs : undefined;
  }
  if (!isRecord(value)) return undefined;
  for (const _key in value) return value as AnsibleDiff;
  return undefined;
}

const STAT_NAMES: Record<string, string> = { ok: 'ok', changed: 'changed', failures: 'failures', dark: 'unreachable', skipped: 'skipped' };

function runEnd(data: Json): AnsibleRunEnd {
  // Per host in a Map, then own properties: a host named `__proto__` must not reach Object.prototype.
  const stats = new Map<string, Record<string, number>>();
  for (const [awxName, name] of Object.entries(STAT_NAMES)) {
    const perHost = isRecord(data[awxName]) ? (data[awxName] as Json) : NO_RESULT;
    for (const [host, count] of Object.entries(perHost)) {
      if (typeof count !== 'number') continue;
      let counts = stats.get(host);
      if (!counts) stats.set(host, (counts = {}));
      counts[name] = count;
    }
  }
  return { schema: ANSIBLE_RESULT_SCHEMA, end: true, stats: Object.fromEntries(stats) };
}

/**
 * A censored result no longer says whether it changed anything; the run's end still counts it. A host
 * whose end counts more changes than its visible results show has its censored results marked changed:
 * a hidden change is reported (without values), never dropped.
 */
function markCensoredChanges(results: AnsibleTaskResult[], end: AnsibleRunEnd, shownChanges: ReadonlyMap<string, number>): void {
  for (const result of results) {
    if (!result.no_log || result.status !== 'ok') continue;
    const counted = Object.hasOwn(end.stats, result.host) ? (end.stats[result.host]!.changed ?? 0) : 0;
    if (counted > (shownChanges.get(result.host) ?? 0)) {
      result.changed = true;
      result.status = 'changed';
    }
  }
}

/**
 * A saved job_events body: one page (`{count, next, previous, results}`) or a list of pages, in order. The
 * events must be complete — every page of the job, up to its `playbook_on_stats` — or the file is refused.
 */
export function awxEventsFromPages(document: unknown, label: string): unknown[] {
  const pages = Array.isArray(document) ? document : [document];
  if (pages.length === 0 || !pages.every((page) => isRecord(page) && Array.isArray(page.results))) {
    throw new UserError(
      `${label} is not AWX job events (a job_events page {"count", "next", "results": […]} or a list of such pages); save GET /api/v2/jobs/<id>/job_events/ and every page its "next" links to.`,
    );
  }
  const events = (pages as Json[]).flatMap((page) => page.results as unknown[]);
  const last = pages[pages.length - 1] as Json;
  const count = (pages[0] as Json).count;
  if (text(last.next) || (typeof count === 'number' && count !== events.length)) {
    throw new UserError(
      `${label} holds ${events.length} of ${typeof count === 'number' ? count : 'more'} job events; save every page (follow "next" until it is null) into one list of pages.`,
    );
  }
  return events;
}

/** The run's results, refusing events that stop before the run's end (a job still running, or pages missing). */
export function completeAwxRun(events: readonly unknown[], label: string): AwxRun {
  const run = ansibleRunFromAwxEvents(events, label);
  if (!run.end) {
    throw new UserError(`${label} has no playbook_on_stats event: the job had not finished, or its events were not all saved; save the job_events of a finished job, every page.`);
  }
  requireRunEnd({ results: run.results, count: run.results.length, end: run.end }, label);
  return run;
}

import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { ansibleRunFromAwxEvents, ANSIBLE_RESULT_SCHEMA } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { awxEvent, checkRunEvents, NO_LOG_SECRET } from './support/fake-awx.js';
import { tempDir } from './support/temp-dir.js';

/*
 * AWX job events (as GET /api/v2/jobs/{id}/job_events/ lists them) read into Ansible task results, and
 * `analyze --source awx-job-events --input <saved pages>`.
 */

const pages = (events: Record<string, unknown>[], size: number) =>
  Array.from({ length: Math.ceil(events.length / size) }, (_, n) => ({
    count: events.length,
    next: (n + 1) * size < events.length ? `/api/v2/jobs/100/job_events/?page=${n + 2}&page_size=${size}` : null,
    previous: n ? `/api/v2/jobs/100/job_events/?page=${n}&page_size=${size}` : null,
    results: events.slice(n * size, (n + 1) * size),
  }));

describe('AWX job events → Ansible task results', () => {
  const { results, end } = ansibleRunFromAwxEvents(checkRunEvents(100), 'job 100');

  test('runner_on_ok gives the host, the task, the module FQCN (resolved_action), the arguments and the diff', () => {
    expect(results[0]).toEqual({
      schema: ANSIBLE_RESULT_SCHEMA,
      host: 'web1',
      task: 'motd',
      module: 'ansible.builtin.template',
      args: { dest: '/etc/motd', src: 'motd.j2', mode: '0644' },
      status: 'changed',
      changed: true,
      no_log: false,
      diff: [{ before: 'Welcome to web1\n', after: 'Authorised use only\n', before_header: '/etc/motd', after_header: 'motd.j2' }],
    });
    expect(results[1]).toMatchObject({ host: 'web2', status: 'ok', changed: false });
  });

  test('a no_log result keeps no value: neither the censored nor the _ansible_no_log one', () => {
    const hidden = results.filter((result) => result.no_log);
    expect(hidden.map((result) => [result.host, result.module, result.status])).toEqual([
      ['web1', 'ansible.builtin.copy', 'changed'],
      ['web2', 'ansible.builtin.copy', 'changed'],
    ]);
    for (const result of hidden) expect(Object.keys(result).sort()).toEqual(['changed', 'host', 'module', 'no_log', 'schema', 'status', 'task']);
    expect(JSON.stringify(results)).not.toContain(NO_LOG_SECRET);
  });

  test('a censored result is counted changed when the run end counts a change the visible results do not show', () => {
    const events = checkRunEvents(100);
    const stats = events.at(-1) as { event_data: { changed: Record<string, number> } };
    stats.event_data.changed = { web1: 3 };
    const run = ansibleRunFromAwxEvents(events, 'job 100');
    expect(run.results.filter((result) => result.no_log).map((result) => [result.host, result.changed])).toEqual([
      ['web1', false],
      ['web2', false],
    ]);
  });

  test('a loop gives one result per item, each with its own arguments', () => {
    expect(results.filter((result) => result.module === 'ansible.builtin.apt').map((result) => [result.args?.name, result.status])).toEqual([
      ['nginx', 'changed'],
      ['curl', 'ok'],
    ]);
  });

  test('playbook_on_stats is the run end, dark counted as unreachable', () => {
    expect(end).toEqual({ schema: ANSIBLE_RESULT_SCHEMA, end: true, stats: { web1: { ok: 4, changed: 4 }, web2: { ok: 4, changed: 1 } } });
  });

  test('runner_on_failed with ignore_errors, and runner_on_unreachable', () => {
    const run = ansibleRunFromAwxEvents(
      [
        awxEvent(1, 1, 'runner_on_failed', { host: 'db1', task: 'probe', action: 'ansible.builtin.command', res: { failed: true, msg: 'non-zero return code' }, eventData: { ignore_errors: true } }),
        awxEvent(1, 2, 'runner_on_unreachable', { host: 'db2', task: 'probe', action: 'ansible.builtin.command', res: { unreachable: true, msg: 'Failed to connect to the host via ssh' } }),
      ],
      'job 1',
    );
    expect(run.results.map((result) => [result.host, result.status, result.ignored, result.message])).toEqual([
      ['db1', 'failed', true, 'non-zero return code'],
      ['db2', 'unreachable', undefined, 'Failed to connect to the host via ssh'],
    ]);
  });
});

describe('analyze --source awx-job-events', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('gitops-sync-awx-events-');
  });
  afterEach(() => rmSync(join(dir, 'out'), { recursive: true, force: true }));
  const analyze = (content: string) => {
    writeFileSync(join(dir, 'events.json'), content);
    return cli(['analyze', '--source', 'awx-job-events', '--input', 'events.json', '--format', 'json', '--output', join(dir, 'out', 'report.json')], { cwd: dir });
  };
  async function expectRefusal(content: string, sentence: string) {
    const run = await analyze(content);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`gitops-sync: ${sentence}\n`);
    expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([]);
  }

  test('every page saved as a list: the same changes drift <env> reports, judged by the Ansible rules', async () => {
    const run = await analyze(JSON.stringify(pages(checkRunEvents(100), 4)));
    expect(run.code).toBe(2);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as { sources: string[]; changes: { address: string; source: string; severity: string }[] };
    expect(report.sources).toEqual(['awx-job-events']);
    expect(report.changes.map((c) => `${c.address} ${c.source} ${c.severity}`).sort()).toEqual([
      'web1/apt[nginx] awx high',
      'web1/copy awx critical',
      'web1/template[/etc/motd] awx medium',
      'web1/user[deploy] awx critical',
      'web2/copy awx critical',
    ]);
    expect(readFileSync(join(dir, 'out', 'report.json'), 'utf8')).not.toContain(NO_LOG_SECRET);
  });

  test('one page holding every event', async () => {
    expect((await analyze(JSON.stringify(pages(checkRunEvents(100), 200)[0]))).code).toBe(2);
  });

  test('truncated JSON', async () => {
    const file = join(dir, 'events.json');
    await expectRefusal(JSON.stringify(pages(checkRunEvents(100), 200)[0]).slice(0, 700), `${file} is not valid JSON (cut short, or not JSON at all); pass the JSON of GET /api/v2/jobs/<id>/job_events/ from AWX: one page, or a list of every page.`);
  });

  test('a wrong document (the job, not its events)', async () => {
    await expectRefusal(
      JSON.stringify({ id: 100, type: 'job', status: 'successful' }),
      `${join(dir, 'events.json')} is not AWX job events (a job_events page {"count", "next", "results": […]} or a list of such pages); save GET /api/v2/jobs/<id>/job_events/ and every page its "next" links to.`,
    );
  });

  test('only the first of several pages', async () => {
    await expectRefusal(JSON.stringify(pages(checkRunEvents(100), 4)[0]), `${join(dir, 'events.json')} holds 4 of 15 job events; save every page (follow "next" until it is null) into one list of pages.`);
  });

  test('the events of a job that had not finished', async () => {
    await expectRefusal(
      JSON.stringify(pages(checkRunEvents(100).slice(0, -1), 200)),
      `${join(dir, 'events.json')} has no playbook_on_stats event: the job had not finished, or its events were not all saved; save the job_events of a finished job, every page.`,
    );
  });

  test('an event that is not an AWX job event', async () => {
    const events = checkRunEvents(100);
    events.splice(2, 0, { hello: 'world' } as Record<string, unknown>);
    await expectRefusal(
      JSON.stringify(pages(events, 200)),
      `${join(dir, 'events.json')}: event 3 is not an AWX job event (an object with "event" and "event_data"); pass the job_events pages as AWX returns them.`,
    );
  });

  test('a host the check could not reach: no answer on drift for it', async () => {
    const events = checkRunEvents(100);
    events.splice(-1, 0, awxEvent(100, 40, 'runner_on_unreachable', { host: 'web3', task: 'motd', action: 'ansible.builtin.template', res: { unreachable: true, msg: 'Failed to connect to the host via ssh: timed out' } }));
    await expectRefusal(
      JSON.stringify(pages(events, 200)),
      `${join(dir, 'events.json')}: the Ansible check could not reach host web3 in task "motd" (Failed to connect to the host via ssh: timed out), so it cannot tell whether that host drifted; fix the task or the host and run the check again.`,
    );
  });
});

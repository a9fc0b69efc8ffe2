import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { ansibleRunFromAwxEvents, completeAwxRun, utf8Text } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { awxEvent, checkRunEvents } from './support/fake-awx.js';
import { tempDir } from './support/temp-dir.js';
import { expectUserError } from './support/user-error.js';

/*
 * The AWX job events mapping and its saved-file reader, made cheap per event: names that are Object
 * properties (an event type, a host in the run's stats) are data, never Object's own members, and a saved
 * file's text is the same whether it is plain ASCII (copied) or not (decoded).
 */

const page = (events: Record<string, unknown>[]) => ({ count: events.length, next: null, previous: null, results: events });
const statsEvent = (counter: number, changed: Record<string, number>) => JSON.parse(JSON.stringify({ event: 'playbook_on_stats', counter, event_data: { changed, ok: {} } }).replace('"HOST"', '"__proto__"')) as Record<string, unknown>;

describe('names that are Object properties', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).changed;
  });

  test('a host named __proto__ in the run end is a host: Object.prototype is left alone and its counted change is required', () => {
    const events = [...checkRunEvents(100).slice(0, -1), statsEvent(99, { HOST: 5, web1: 0, web2: 0 })];
    expectUserError(() => completeAwxRun(events, 'job 100'), /^job 100: Ansible counts 5 changed tasks on host __proto__ but the results show 0; the callback lost some results/);
    expect(({} as Record<string, unknown>).changed).toBeUndefined();
  });

  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('an event of type %s is not a task result', (type) => {
    const events = [awxEvent(100, 1, type, { host: 'web1', task: 'x', action: 'ansible.builtin.copy', res: { changed: true } }), awxEvent(100, 2, 'runner_on_ok', { host: 'web1', task: 'y', action: 'ansible.builtin.copy', res: { changed: false } })];
    const { results } = ansibleRunFromAwxEvents(events, 'job 100');
    expect(results.map((result) => [result.task, result.status])).toEqual([['y', 'ok']]);
  });
});

describe('the saved file as text', () => {
  test.each([
    ['ASCII', [0x61, 0x7b, 0x22, 0x0a]],
    ['UTF-8', [...Buffer.from('wéb-✓-𝄞\n')]],
    ['bytes that are not UTF-8', [0x61, 0xff, 0xc3, 0x62, 0xe2, 0x82]],
  ])('%s reads as a UTF-8 decoder reads it', (_what, bytes) => {
    const buffer = Buffer.from(bytes);
    expect(utf8Text(buffer)).toBe(buffer.toString('utf8'));
    expect(utf8Text(new Uint8Array(bytes))).toBe(buffer.toString('utf8'));
    expect(utf8Text(Buffer.concat([Buffer.from('xx'), buffer]).subarray(2))).toBe(buffer.toString('utf8'));
  });

  test('analyze --source awx-job-events reads host names and diffs that are not ASCII', async () => {
    const dir = tempDir('gitops-sync-awx-fastpath-');
    const res = { changed: true, diff: [{ before: 'naïve\n', after: 'Grüße ✓\n', before_header: '/etc/motd', after_header: 'motd.j2' }], invocation: { module_args: { dest: '/etc/motd' } } };
    const events = [
      awxEvent(100, 1, 'runner_on_ok', { host: 'wéb1', task: 'motd', action: 'ansible.builtin.template', res }),
      { event: 'playbook_on_stats', counter: 2, event_data: { changed: { 'wéb1': 1 }, ok: { 'wéb1': 1 } } },
    ];
    writeFileSync(join(dir, 'events.json'), JSON.stringify([page(events)]));
    const run = await cli(['analyze', '--source', 'awx-job-events', '--input', 'events.json', '--format', 'json', '--output', join(dir, 'report.json')], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { changes: { address: string; fields: { before: unknown; after: unknown }[] }[] };
    expect(report.changes.map((change) => change.address)).toEqual(['wéb1/template[/etc/motd]']);
    expect(report.changes[0]!.fields.map((field) => [field.before, field.after])).toEqual([['naïve\n', 'Grüße ✓\n']]);
  });
});

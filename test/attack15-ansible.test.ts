import { describe, expect, test } from '@jest/globals';
import { parseAnsibleResults, requireRunEnd } from '@gitops-sync/core';
import { expectUserError } from './support/user-error.js';

/*
 * attack15: the callback's end line is checked by the schema, whose records drop (unchecked) a key
 * named __proto__; an Ansible inventory may name a host that, and the AWX reader already reads it as a host.
 */

const SCHEMA = 'gitops-sync/ansible-result@1';
const result = (host: string, changed: boolean) => JSON.stringify({ schema: SCHEMA, host, task: 'copy', module: 'ansible.builtin.copy', args: { dest: '/etc/motd' }, status: changed ? 'changed' : 'ok', changed });
/** The end line as the callback writes it, with a host called `__proto__` (JSON text: an own key). */
const endLine = (stats: string) => `{"schema":"${SCHEMA}","end":true,"stats":{"web":{"ok":1,"changed":0},${stats}}}`;
const run = (stats: string) => [result('web', false), endLine(stats)].join('\n') + '\n';

describe('attack15: a host named __proto__ in the end line', () => {
  test('counted as failed: the run is refused, not read as clean', () => {
    const parsed = parseAnsibleResults(run('"__proto__":{"ok":0,"failures":1}'), 'results.jsonl');
    expectUserError(() => requireRunEnd(parsed, 'results.jsonl'), /^results\.jsonl: Ansible counts host __proto__ as failed/);
  });

  test('counting changed tasks the results do not show: the lost results are refused', () => {
    const parsed = parseAnsibleResults(run('"__proto__":{"ok":2,"changed":2}'), 'results.jsonl');
    expectUserError(() => requireRunEnd(parsed, 'results.jsonl'), /^results\.jsonl: Ansible counts 2 changed tasks on host __proto__ but the results show 0/);
  });

  test('with counts that are not numbers: a malformed end line', () => {
    expectUserError(() => parseAnsibleResults(run('"__proto__":"many"'), 'results.jsonl'), /^results\.jsonl: line 2 is a malformed end line \(stats\.__proto__: /);
  });

  test('with its changes shown: read as a host, and Object.prototype left alone', () => {
    const parsed = parseAnsibleResults([result('web', false), result('__proto__', true), endLine('"__proto__":{"ok":1,"changed":1}')].join('\n') + '\n', 'results.jsonl');
    expect(Object.keys(requireRunEnd(parsed, 'results.jsonl').stats)).toEqual(['web', '__proto__']);
    expect(({} as Record<string, unknown>).changed).toBeUndefined();
  });
});

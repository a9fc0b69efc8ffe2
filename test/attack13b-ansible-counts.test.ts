import { describe, expect, test } from '@jest/globals';
import { ANSIBLE_RESULT_SCHEMA, parseAnsibleResults, requireRunEnd } from '@gitops-sync/core';
import { expectUserError } from './support/user-error.js';

/*
 * Adversarial review of issue 13 (Ansible): Ansible catches an exception a callback raises, prints a
 * warning and goes on, so a callback that failed on some results still writes the end line. The end
 * line's own counts then show more changes than the results: the file is refused, not read as in sync.
 */

const line = (value: object) => JSON.stringify({ schema: ANSIBLE_RESULT_SCHEMA, ...value });
const changed = (task: string) => line({ host: 'web1', task, module: 'ansible.builtin.copy', status: 'changed', changed: true, args: { dest: `/etc/${task}` } });
const end = (changedCount: number, extra: object = {}) => line({ end: true, stats: { web1: { ok: 3, changed: changedCount, failures: 0, unreachable: 0, skipped: 0, ...extra } } });
const read = (...lines: string[]) => requireRunEnd(parseAnsibleResults(`${lines.join('\n')}\n`, 'results.jsonl'), 'results.jsonl');

describe('an end line counting more changes than the results show', () => {
  test('is refused in one sentence naming the host', () => {
    expectUserError(
      () => read(changed('motd'), end(3)),
      /^results\.jsonl: Ansible counts 3 changed tasks on host web1 but the results show 1; the callback lost some results \(see the warnings in Ansible's output\), so the check cannot tell what drifted; run the check again\.$/,
    );
  });

  test('a run whose results were all lost, with an end line, is refused too', () => {
    expectUserError(() => read(end(1)), /Ansible counts 1 changed task on host web1 but the results show 0/);
  });

  test('items of a loop (counted once by Ansible) and failed tasks the playbook ignores or rescues (counted if changed) are not a loss', () => {
    const item = (name: string) => line({ host: 'web1', task: 'loop', module: 'ansible.builtin.copy', status: 'changed', changed: true, args: { dest: `/srv/${name}` } });
    const ignored = line({ host: 'web1', task: 'ignored', module: 'ansible.builtin.copy', status: 'failed', changed: false, ignored: true });
    expect(() => read(item('a'), item('b'), ignored, end(2, { ignored: 1 }))).not.toThrow();
  });
});

import { describe, expect, test } from '@jest/globals';
import { ANSIBLE_RESULT_SCHEMA, changesFromAnsibleResults, parseAnsibleResults, requireRunEnd, type AnsibleTaskResult } from '@gitops-sync/core';

/*
 * Adversarial review of issue 13 (Ansible): a task or host name is the playbook author's text, and a
 * module's message the host's. In a refusal they stay one line, with no control characters: no line
 * that a CI runner reads as its own command (`::add-mask::`, `::error::`), no terminal escape codes.
 */

const failed = (fields: Partial<AnsibleTaskResult>): AnsibleTaskResult => ({
  schema: ANSIBLE_RESULT_SCHEMA,
  host: 'web1',
  task: 'a task',
  module: 'ansible.builtin.copy',
  status: 'failed',
  changed: false,
  no_log: false,
  ...fields,
});
const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
};
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

describe('names and messages in a refusal are one line of printable text', () => {
  test.each([
    ['task', { task: 'Deploy\n::error title=ok::all good\u001b[2K' }],
    ['host', { host: 'web1\r::add-mask::gitops-sync' }],
    ['message', { message: 'denied\u001b[1A\u001b[2Kcheck passed\r' }],
  ])('a %s with a line break or escape code', (_what, fields) => {
    const message = refusal(() => changesFromAnsibleResults([failed(fields)], { label: 'results.jsonl' }));
    expect(message).not.toMatch(CONTROL);
    expect(message).toMatch(/^results\.jsonl: the Ansible check failed on host /);
  });

  test('a host the end line counts as failed, named with a line break', () => {
    const end = { schema: ANSIBLE_RESULT_SCHEMA, end: true, stats: { 'web1\n::error::x': { failures: 1 } } };
    const parsed = parseAnsibleResults(`${JSON.stringify(end)}\n`, 'results.jsonl');
    expect(refusal(() => requireRunEnd(parsed, 'results.jsonl'))).not.toMatch(CONTROL);
  });
});

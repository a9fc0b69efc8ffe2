import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

/*
 * attack21: the Ansible reader turns changed results into changes as it reads the file
 * (AnsibleChangeCollector). A censored field's values go to onSecret (redacted from every message);
 * handed over while the file was still being read, they redacted a refusal of the file itself, which
 * ac57271 (results read first, changes after) showed whole.
 */

const dir = tempDir('gitops-sync-attack21-ansible-');
writeFileSync(join(dir, 'gitops-sync.yaml'), 'environments:\n  prod:\n    terraform:\n      dir: .\n');
const SCHEMA = 'gitops-sync/ansible-result@1';
const line = (value: unknown) => `${JSON.stringify(value)}\n`;
/** A changed firewall rule whose `direction` Ansible censored: its value on the host, "in", goes to onSecret. */
const CENSORED = line({
  schema: SCHEMA,
  host: 'web1',
  task: 'Allow the agent',
  module: 'community.general.ufw',
  args: { rule: 'allow', port: '8443' },
  status: 'changed',
  changed: true,
  diff: { before: { direction: 'in' }, after: { direction: 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' } },
});

async function analyze(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  const run = await cli(['analyze', '--config', 'gitops-sync.yaml', '--environment', 'prod', '--source', 'ansible-check', '--input', path], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  return run.stderr.replace(`${path}: `, '');
}

describe('attack21: a file refused as it is read, after a censored change', () => {
  test('a line cut off: the sentence whole (it was "l***e 2 is cut off (the file ends ***side …")', async () => {
    expect(await analyze('cut.jsonl', `${CENSORED}{"schema":"${SCHEMA}","host":"we`)).toBe(
      "gitops-sync: line 2 is cut off (the file ends inside a result), so the Ansible run's output is incomplete; run the check again.\n",
    );
  });

  test('a line that is not JSON: the sentence whole', async () => {
    expect(await analyze('not-json.jsonl', `${CENSORED}PLAY RECAP\n`)).toBe(
      "gitops-sync: line 2 is not valid JSON; pass the file gitops-sync's Ansible callback wrote (GITOPS_SYNC_ANSIBLE_RESULTS).\n",
    );
  });

  test('a censored value of one or two characters is masked in the report but not blanked out of every message (as for plans)', async () => {
    const short = CENSORED.replace('"direction":"in"', '"direction":"e"');
    const failed = line({ schema: SCHEMA, host: 'web2', task: 'Register the agent', module: 'ansible.builtin.uri', status: 'failed', changed: false, message: 'the service returned an error' });
    expect(await analyze('short.jsonl', short + failed)).toBe(
      'gitops-sync: the Ansible check failed on host web2 in task "Register the agent" (the service returned an error), so it cannot tell whether that host drifted; fix the task or the host and run the check again.\n',
    );
    const path = join(dir, 'short-report.jsonl');
    writeFileSync(path, `${short}${line({ schema: SCHEMA, end: true, stats: { web1: { ok: 0, changed: 1 } } })}`);
    const report = await cli(['analyze', '--config', 'gitops-sync.yaml', '--environment', 'prod', '--source', 'ansible-check', '--input', path, '--format', 'json'], { cwd: dir });
    const [change] = JSON.parse(report.stdout).changes;
    expect(change.fields).toEqual([{ path: '/direction', before: '(sensitive)', after: '(sensitive)', sensitive: true }]);
  });

  test('a refusal of the run once read still has every censored value redacted', async () => {
    const token = line({ schema: SCHEMA, host: 'web1', task: 'Token', module: 'ansible.builtin.copy', args: { dest: '/etc/agent.token' }, status: 'changed', changed: true, diff: { before: 'tok-123456789', after: '********' } });
    // The failed task's message quotes the token: redacted, as before.
    const failed = line({ schema: SCHEMA, host: 'web2', task: 'Register', module: 'ansible.builtin.uri', status: 'failed', changed: false, message: 'bad token tok-123456789' });
    expect(await analyze('failed.jsonl', token + failed)).toBe(
      'gitops-sync: the Ansible check failed on host web2 in task "Register" (bad token ***), so it cannot tell whether that host drifted; fix the task or the host and run the check again.\n',
    );
  });
});

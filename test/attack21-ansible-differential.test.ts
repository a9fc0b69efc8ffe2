import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { ANSIBLE_RESULT_SCHEMA, changesFromAnsibleResults, parseAnsibleResults, parseConfig, requireRunEnd } from '@gitops-sync/core';
import { ANSIBLE_SAVED_SOURCE } from '../packages/engine/src/drift/ansible.js';
import { seeded } from './support/seeded.js';
import { tempDir } from './support/temp-dir.js';

/*
 * attack21: the Ansible reader turns changed results into changes as it reads the file
 * (AnsibleChangeCollector) and keeps only the failed and unreachable ones. For any results file its
 * outcome must be the one of reading the file whole first, then taking the changes, then checking the
 * end line (as before cb952c3, and as AWX's job events still are): the same changes or the same
 * refusal, the same one of several problems, and the same values handed to onSecret, in order.
 */

const dir = tempDir('gitops-sync-attack21-differential-');
const LABEL = 'results.jsonl';
const config = parseConfig('environments:\n  prod:\n    terraform:\n      dir: .\n', 'gitops-sync.yaml');
const HOSTS = ['web1', 'web2', '__proto__', 'constructor', 'a/b', 'toString'];
const MODULES = ['ansible.builtin.file', 'copy', 'constructor', '__proto__', 'apt', 'x.y.template'];
const VALUES = ['********', '$ANSIBLE_VAULT;1.1;AES256\n6162', 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER', 'plain', 'hunter2-secret', '', '!vault |', 'in'];
const ARGS = [undefined, { path: '/etc/a' }, { path: '/etc/./a' }, { dest: '/etc/a', state: 'absent' }, { name: 'pkg' }, { path: '/l', state: 'link', src: '/t' }, { path: '/l', state: 'link', src: '********' }];

/** A results file: task results (changed, failed, ignored, unreachable, no_log, censored), now and then a bad line, an end line whose counts may be off, maybe cut off. */
function resultsFile(seed: number): string {
  const random = seeded(seed);
  const side = () => random.pick([undefined, null, random.pick(VALUES), { state: random.pick(['absent', 'file']), mode: random.pick(['0644', '0600']), pw: random.pick(VALUES) }, [1, random.pick(VALUES)]]);
  const diff = () => ({ before: side(), after: side(), ...(random.below(4) === 0 && { prepared: random.pick(['', `prepared ${random.pick(VALUES)}`]) }) });
  const lines: string[] = [];
  const stats: Record<string, Record<string, number>> = {};
  const statsOf = (host: string) => {
    if (!Object.hasOwn(stats, host)) Object.defineProperty(stats, host, { value: {}, enumerable: true, writable: true, configurable: true });
    return stats[host]!;
  };
  for (let n = random.below(12); n > 0; n--) {
    if (random.below(4) === 0) {
      const bad = random.below(10);
      if (bad === 0) lines.push('PLAY RECAP');
      if (bad === 1) lines.push('[1]');
      if (bad === 2) lines.push('');
      if (bad === 3) lines.push(JSON.stringify({ schema: ANSIBLE_RESULT_SCHEMA, host: '', task: 't', module: 'copy', status: 'ok', changed: false }));
      if (bad === 4) lines.push(JSON.stringify({ schema: ANSIBLE_RESULT_SCHEMA, end: true, stats: { web1: { changed: random.below(3) } } }));
      if (bad < 5) continue;
    }
    const status = random.below(3) === 0 ? random.pick(['ok', 'changed', 'failed', 'skipped', 'unreachable', 'failed']) : random.pick(['ok', 'changed', 'changed', 'skipped']);
    const host = random.pick(HOSTS);
    const result = {
      schema: ANSIBLE_RESULT_SCHEMA,
      host,
      task: random.pick(['t1', 'Write\nconfig']),
      module: random.pick(MODULES),
      args: random.pick(ARGS),
      status,
      changed: random.below(3) > 0,
      ...(random.below(3) === 0 && { ignored: random.below(2) === 0 }),
      ...(random.below(4) === 0 && { no_log: random.below(2) === 0 }),
      ...(random.below(2) === 0 && { diff: random.below(3) === 0 ? [diff(), diff()] : diff() }),
      ...(random.below(3) === 0 && { message: random.pick(['no space left\nmore', 'boom.', 'bad token hunter2-secret']) }),
      ...(random.below(100) === 0 && { unknown: 1 }),
    };
    lines.push(JSON.stringify(result));
    // Ansible counts a failed task it ignores as changed when it changed; the result does not say so.
    if (result.changed || (status === 'failed' && result.ignored && random.below(2) === 0)) statsOf(host).changed = (statsOf(host).changed ?? 0) + 1;
    if (status === 'failed' && !result.ignored) statsOf(host).failures = 1;
    if (status === 'unreachable') statsOf(host).unreachable = 1;
  }
  if (random.below(4) > 0) {
    for (const counts of Object.values(stats)) {
      const off = random.below(8);
      if (off === 0) counts.changed = (counts.changed ?? 0) + 1;
      if (off === 1) counts.failures = 1;
      if (off === 2) counts.unreachable = 1;
      if (off === 3) delete counts.failures;
    }
    if (random.below(6) === 0) stats.ghost = { failures: random.below(2), changed: random.below(2) };
    lines.push(JSON.stringify({ schema: ANSIBLE_RESULT_SCHEMA, end: true, stats }));
  }
  const text = lines.join('\n') + (random.below(5) === 0 ? '' : '\n');
  return random.below(8) === 0 ? text.slice(0, random.below(text.length)) : text;
}

function outcome(run: (onSecret: (secret: string) => void) => unknown) {
  const secrets: string[] = [];
  try {
    return { changes: run((secret) => void secrets.push(secret)), secrets };
  } catch (error) {
    return { refused: (error as Error).message, type: (error as Error).constructor.name, secrets };
  }
}

test('attack21: random results files read as they stream in come out as read whole first', () => {
  const outcomes = new Set<string>();
  for (let seed = 1; seed <= 1500; seed++) {
    const text = resultsFile(seed);
    const whole = outcome((onSecret) => {
      const parsed = parseAnsibleResults(text, LABEL);
      const changes = changesFromAnsibleResults(parsed.results, { label: LABEL, onSecret });
      requireRunEnd({ results: parsed.results, count: parsed.count, end: parsed.end }, LABEL);
      return changes;
    });
    const path = join(dir, `results-${seed % 10}.jsonl`);
    writeFileSync(path, text);
    const streamed = outcome((onSecret) => ANSIBLE_SAVED_SOURCE.changes(path, { label: LABEL, environment: 'prod', config, onSecret }));
    expect({ seed, ...streamed }).toEqual({ seed, ...whole });
    outcomes.add(whole.refused?.replace(/^.*?: /, '').replace(/\d+/g, 'N').replace(/host \S+/, 'host H').split(' ').slice(0, 6).join(' ') ?? `changes, secrets: ${whole.secrets.length > 0}`);
  }
  // Every kind of outcome came up.
  expect([...outcomes].sort()).toEqual([
    'Ansible counts N changed task on',
    'Ansible counts N changed tasks on',
    'Ansible counts host H as failed,',
    'Ansible counts host H as unreachable,',
    'changes, secrets: false',
    'changes, secrets: true',
    'host H has results that changed,',
    "line N comes after the run's",
    'line N is a malformed task',
    'line N is cut off (the',
    'line N is not a gitops-sync',
    'line N is not valid JSON;',
    'the Ansible check could not reach',
    'the Ansible check failed on host',
    'the Ansible run checked no host',
    'the Ansible run never reported its',
  ]);
});

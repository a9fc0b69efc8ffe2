import { describe, expect, test } from '@jest/globals';
import { ANSIBLE_RESULT_SCHEMA, SeverityEngine, changesFromAnsibleResults, defaultRules, type AnsibleTaskResult } from '@gitops-sync/core';

/*
 * Adversarial review of issue 13 (Ansible): a playbook author writing a critical file through a path
 * the rules did not recognise (relative, climbing out with `..`, a folder holding it, an unusual home)
 * or running a command in the check must not get a medium.
 */

const result = (module: string, args?: Record<string, unknown>): AnsibleTaskResult => ({
  schema: ANSIBLE_RESULT_SCHEMA,
  host: 'web1',
  task: 'a task',
  module,
  status: 'changed',
  changed: true,
  no_log: false,
  ...(args && { args }),
});
const judged = (module: string, args?: Record<string, unknown>) => {
  const [change] = changesFromAnsibleResults([result(module, args)], { label: 'results.jsonl' });
  return { address: change!.address, ...new SeverityEngine(defaultRules()).judge(change!) };
};

describe('a critical file reached through a path the rules did not know', () => {
  test.each([
    ['ansible.builtin.copy', { dest: '../../etc/sudoers.d/deploy' }],
    ['ansible.builtin.copy', { dest: 'foo/../../../etc/ssh/sshd_config' }],
    ['ansible.builtin.copy', { dest: '.ssh/authorized_keys' }],
    ['ansible.builtin.lineinfile', { path: '/var/lib/git/.ssh/authorized_keys' }],
    ['ansible.builtin.copy', { dest: '/etc/' }],
    ['ansible.builtin.copy', { dest: '/etc' }],
    ['ansible.builtin.copy', { dest: '/' }],
    ['ansible.builtin.unarchive', { dest: '/root' }],
    ['ansible.builtin.copy', { dest: '/home/alice/' }],
    ['ansible.builtin.file', { path: '/etc//', mode: '0777' }],
    ['ansible.builtin.copy', { dest: '~/../../etc/sudoers.d/deploy' }],
    ['ansible.builtin.copy', { dest: '~deploy/../../etc/passwd' }],
    ['ansible.builtin.copy', { dest: '~/app/../.ssh/authorized_keys' }],
  ])('%s %j is critical', (module, args) => {
    expect(judged(module, args).severity).toBe('critical');
  });

  test('a relative path is written with its dot segments resolved', () => {
    expect(judged('ansible.builtin.copy', { dest: 'app/./conf//../../../etc/sudoers' }).address).toBe('web1/copy[../etc/sudoers]');
  });

  test.each(['ansible.builtin.command', 'ansible.builtin.shell', 'ansible.builtin.raw', 'ansible.builtin.script', 'ansible.builtin.expect'])(
    'a %s that would run (changed in check mode) is critical: what it changes is unknown',
    (module) => {
      expect(judged(module)).toMatchObject({ severity: 'critical', rule: 'ansible.commands' });
    },
  );

  test('ordinary files, also relative ones, stay medium', () => {
    expect(judged('ansible.builtin.copy', { dest: '/srv/app/etc/app.conf' }).severity).toBe('medium');
    expect(judged('ansible.builtin.copy', { dest: 'app/config.yml' }).severity).toBe('medium');
    expect(judged('ansible.builtin.file', { path: '/home/alice/notes.txt' }).severity).toBe('medium');
  });
});

describe('a link to a critical file: what is written through it lands there', () => {
  test.each([
    [{ path: '/tmp/x', src: '/etc/sudoers.d', state: 'link' }],
    [{ path: '/srv/app/keys', src: '/root/.ssh', state: 'link' }],
    [{ path: '/srv/app/conf', src: '../../etc/ssh', state: 'link' }],
    [{ path: '/tmp/shadow', src: '/etc//shadow', state: 'hard' }],
  ])('file %j is critical, with the target shown', (args) => {
    const [change] = changesFromAnsibleResults([result('ansible.builtin.file', args)], { label: 'results.jsonl' });
    expect(new SeverityEngine(defaultRules()).judge(change!)).toEqual({ severity: 'critical', rule: 'ansible.links' });
    expect(change!.fields).toContainEqual(expect.objectContaining({ path: '/src', after: expect.stringMatching(/etc|ssh/) }));
  });

  test('a link to an ordinary file stays medium', () => {
    expect(judged('ansible.builtin.file', { path: '/srv/app/current', src: '/srv/app/releases/42', state: 'link' }).severity).toBe('medium');
  });
});

test('a known_hosts entry without a path (it goes to the remote user\'s ~/.ssh/known_hosts) is critical, as that file is', () => {
  expect(judged('ansible.builtin.known_hosts', { name: 'github.com', state: 'present' }).severity).toBe('critical');
  expect(judged('ansible.builtin.known_hosts', { path: '/srv/app/known_hosts', name: 'github.com' }).severity).toBe('critical');
});


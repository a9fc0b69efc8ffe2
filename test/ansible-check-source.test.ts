import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import {
  AnsibleChangeCollector,
  ANSIBLE_IDENTIFYING_ARGS,
  ANSIBLE_RESULT_SCHEMA,
  DEFAULT_IDENTIFYING_ARGS,
  LINK_TARGET_ARG,
  SENSITIVE,
  SeverityEngine,
  defaultRules,
  ansibleAddress,
  changesFromAnsibleResults,
  parseAnsibleResults,
  requireRunEnd,
  type AnsibleTaskResult,
} from '@gitops-sync/core';
import { REPO_ROOT } from './support/paths.js';
import { expectUserError } from './support/user-error.js';

/*
 * The Ansible check source on results shaped as the callback writes them (the real callback under a
 * real ansible-playbook is exercised in ansible-drift.test.ts).
 */

const result = (fields: Partial<AnsibleTaskResult> & Pick<AnsibleTaskResult, 'module'>): AnsibleTaskResult => ({
  schema: ANSIBLE_RESULT_SCHEMA,
  host: 'web1',
  task: 'a task',
  status: 'changed',
  changed: true,
  no_log: false,
  ...fields,
});
const END = { schema: ANSIBLE_RESULT_SCHEMA, end: true, stats: { web1: { ok: 2, changed: 1, failures: 0, unreachable: 0, skipped: 0 } } };
const lines = (...values: unknown[]) => values.map((value) => JSON.stringify(value)).join('\n') + '\n';
const LABEL = 'results.jsonl';
const severityOf = (change: ReturnType<typeof changesFromAnsibleResults>[number]) => new SeverityEngine(defaultRules()).judge(change);

describe('changes from Ansible check results', () => {
  test('a file whose content differs is one change with the before (host) and after (playbook) text', () => {
    const changes = changesFromAnsibleResults(
      [result({ module: 'ansible.builtin.copy', args: { dest: '/srv/app/app.conf' }, diff: [{ before: 'port=80\n', after: 'port=8080\n', before_header: '/srv/app/app.conf', after_header: 'app.conf' }] })],
      { label: LABEL },
    );
    expect(changes).toEqual([
      {
        address: 'web1/copy[/srv/app/app.conf]',
        kind: 'ansible.builtin.copy',
        source: 'ansible-check',
        action: 'update',
        origin: 'outside',
        fields: [{ path: '/content', before: 'port=80\n', after: 'port=8080\n', sensitive: false }],
      },
    ]);
  });

  test('a state diff of dicts gives one field per attribute that differs', () => {
    const [change] = changesFromAnsibleResults(
      [result({ module: 'ansible.builtin.file', args: { path: '/srv/app/data' }, diff: { before: { path: '/srv/app/data', mode: '0644' }, after: { path: '/srv/app/data', mode: '0600' } } })],
      { label: LABEL },
    );
    expect(change!.fields).toEqual([{ path: '/mode', before: '0644', after: '0600', sensitive: false }]);
  });

  test('a file the playbook creates or removes is a create or a delete', () => {
    const changes = changesFromAnsibleResults(
      [
        result({ module: 'ansible.builtin.file', args: { path: '/a' }, diff: { before: { path: '/a', state: 'absent' }, after: { path: '/a', state: 'touch' } } }),
        result({ module: 'ansible.builtin.file', args: { path: '/b' }, diff: { before: { path: '/b', state: 'file' }, after: { path: '/b', state: 'absent' } } }),
        result({ module: 'ansible.builtin.user', args: { name: 'old', state: 'absent' } }),
      ],
      { label: LABEL },
    );
    expect(changes.map((change) => [change.address, change.action])).toEqual([
      ['web1/file[/a]', 'create'],
      ['web1/file[/b]', 'delete'],
      ['web1/user[old]', 'delete'],
    ]);
  });

  test('prepared text is the after side, with the before side not reported', () => {
    const [change] = changesFromAnsibleResults([result({ module: 'ansible.builtin.apt', args: { name: ['nginx', 'curl'] }, diff: { prepared: 'The following NEW packages will be installed:\n  nginx\n' } })], { label: LABEL });
    expect(change!.address).toBe('web1/apt[nginx,curl]');
    expect(change!.fields).toEqual([{ path: '/content', before: '(not reported)', after: 'The following NEW packages will be installed:\n  nginx\n', sensitive: false }]);
  });

  test('a changed result without a diff is one change without fields; unchanged, skipped and ignored failures are none', () => {
    const changes = changesFromAnsibleResults(
      [
        result({ module: 'ansible.builtin.service', args: { name: 'nginx', state: 'started' } }),
        result({ module: 'ansible.builtin.service', args: { name: 'cron' }, status: 'ok', changed: false }),
        result({ module: 'ansible.builtin.command', status: 'skipped', changed: false }),
        result({ module: 'ansible.builtin.command', status: 'failed', changed: false, ignored: true, message: 'non-zero return code' }),
      ],
      { label: LABEL },
    );
    expect(changes).toEqual([{ address: 'web1/service[nginx]', kind: 'ansible.builtin.service', source: 'ansible-check', action: 'update', origin: 'outside', fields: [] }]);
  });

  test('results on one host and resource share one change; other hosts have their own', () => {
    const line = (host: string, text: string) => result({ host, module: 'ansible.builtin.lineinfile', args: { path: '/etc/app.ini' }, diff: { before: 'a\n', after: `a\n${text}\n` } });
    const changes = changesFromAnsibleResults([line('web1', 'x=1'), line('web1', 'y=2'), line('web2', 'x=1')], { label: LABEL });
    expect(changes.map((change) => [change.address, change.fields.length])).toEqual([
      ['web1/lineinfile[/etc/app.ini]', 2],
      ['web2/lineinfile[/etc/app.ini]', 1],
    ]);
  });

  test('a no_log task shows that the resource differs and nothing of its values', () => {
    const [change] = changesFromAnsibleResults([result({ module: 'ansible.builtin.copy', no_log: true, args: { dest: '/etc/app/token' }, diff: { before: 'old-token', after: 'new-token' } })], { label: LABEL });
    expect(change!.fields).toEqual([{ path: '', before: SENSITIVE, after: SENSITIVE, sensitive: true }]);
    expect(JSON.stringify(change)).not.toMatch(/token"|old-token|new-token/);
  });

  test('censored and vault-encrypted values are sensitive and handed to the secret sink, never shown', () => {
    const secrets: string[] = [];
    const [change] = changesFromAnsibleResults(
      [
        result({
          module: 'community.mysql.mysql_user',
          args: { name: 'app' },
          diff: [
            { before: { password: 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER', host: 'a' }, after: { password: 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER', host: 'b' } },
            { before: { priv: 'old-secret' }, after: { priv: "the output has been hidden due to the fact that 'no_log: true' was specified for this result" } },
            { before: 'db_password: $ANSIBLE_VAULT;1.1;AES256\n6231323334\n', after: 'db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n3938\n' },
          ],
        }),
      ],
      { label: LABEL, onSecret: (value) => secrets.push(value) },
    );
    expect(change!.fields).toEqual([
      { path: '/host', before: 'a', after: 'b', sensitive: false },
      { path: '/priv', before: SENSITIVE, after: SENSITIVE, sensitive: true },
      { path: '/content', before: SENSITIVE, after: SENSITIVE, sensitive: true },
    ]);
    expect(JSON.stringify(change)).not.toMatch(/old-secret|ANSIBLE_VAULT|VALUE_SPECIFIED|hidden/);
    expect(secrets).toContain('old-secret');
    expect(secrets.some((secret) => secret.includes('$ANSIBLE_VAULT;'))).toBe(true);
    expect(secrets.some((secret) => secret.startsWith('the output has been hidden'))).toBe(false);
  });

  test('a failed or unreachable host is refused: a check that did not run cannot say there is no drift', () => {
    expectUserError(
      () => changesFromAnsibleResults([result({ module: 'ansible.builtin.copy', status: 'failed', changed: false, task: 'Write config', message: 'Destination directory /srv does not exist\nTraceback…' })], { label: LABEL }),
      /^results\.jsonl: the Ansible check failed on host web1 in task "Write config" \(Destination directory \/srv does not exist\), so it cannot tell whether that host drifted; fix the task or the host and run the check again\.$/,
    );
    expectUserError(
      () => changesFromAnsibleResults([result({ module: 'ansible.builtin.ping', status: 'unreachable', changed: false, task: 'Gathering Facts', message: 'ssh: connect to host web1 port 22: Connection refused' })], { label: LABEL }),
      /could not reach host web1 in task "Gathering Facts"/,
    );
  });

  test('the address carries the real path: dot segments and doubled slashes are resolved', () => {
    expect(ansibleAddress({ host: 'h', module: 'ansible.builtin.lineinfile', args: { path: '/etc//sudoers.d/../sudoers' } })).toBe('h/lineinfile[/etc/sudoers]');
    expect(ansibleAddress({ host: 'h', module: 'ansible.builtin.command', args: { cmd: 'true' } })).toBe('h/command');
    expect(ansibleAddress({ host: 'h', module: 'my.collection.thing', args: { name: 'x' } })).toBe('h/thing[x]');
    expect(ansibleAddress({ host: 'rack/1', module: 'ansible.builtin.copy', args: { dest: '/etc/sudoers.d/x' } })).toBe('rack%2F1/copy[/etc/sudoers.d/x]');
  });
});

test('the callback writes every argument that names a resource, and no other but state and a link target', () => {
  const plugin = readFileSync(join(REPO_ROOT, 'packages/engine/src/drift/ansible-callback/gitops_sync.py'), 'utf8');
  const listed = /WRITTEN_ARGS = frozenset\(\[([^\]]*)\]\)/.exec(plugin)![1]!;
  const written = new Set([...listed.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]));
  const identifying = new Set([...Object.values(ANSIBLE_IDENTIFYING_ARGS).flat(), ...DEFAULT_IDENTIFYING_ARGS, 'state', LINK_TARGET_ARG]);
  expect([...written].sort()).toEqual([...identifying].sort());
});

describe('reading the callback output', () => {
  test('task results and the end line, from text or from byte chunks split anywhere', () => {
    const text = lines(result({ module: 'ansible.builtin.copy', args: { dest: '/x' }, diff: { before: 'é', after: 'ü' } }), END);
    const whole = parseAnsibleResults(text, LABEL);
    expect(whole.results).toHaveLength(1);
    expect(whole.end?.stats.web1?.changed).toBe(1);
    const bytes = Buffer.from(text);
    const pieces = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    const chunked = parseAnsibleResults(() => pieces.shift(), LABEL);
    expect(chunked).toEqual(whole);
  });

  test('a truncated last line is refused as cut off', () => {
    const text = lines(result({ module: 'ansible.builtin.copy' })) + JSON.stringify(END).slice(0, 30);
    expectUserError(() => parseAnsibleResults(text, LABEL), /^results\.jsonl: line 2 is cut off \(the file ends inside a result\)/);
  });

  test('a file that is not callback output is refused', () => {
    expectUserError(() => parseAnsibleResults('PLAY [all] ****\n', LABEL), /^results\.jsonl: line 1 is not valid JSON; pass the file gitops-sync's Ansible callback wrote/);
    expectUserError(() => parseAnsibleResults(lines({ format_version: '1.2', resource_changes: [] }), LABEL), /line 1 is not a gitops-sync Ansible result \(schema gitops-sync\/ansible-result@1\)/);
    expectUserError(() => parseAnsibleResults(lines({ schema: ANSIBLE_RESULT_SCHEMA, host: 'h' }), LABEL), /line 1 is a malformed task result \(task: /);
  });

  test('a file without the end line is a run that never reported its end', () => {
    const parsed = parseAnsibleResults(lines(result({ module: 'ansible.builtin.copy' })), LABEL);
    expect(parsed.end).toBeUndefined();
    expectUserError(() => requireRunEnd(parsed, LABEL), /^results\.jsonl holds 1 task results but no end line: the Ansible run never reported its end; run the check again/);
    expectUserError(() => requireRunEnd(parsed, LABEL), /never reported its end/);
  });

  test('unchanged results are counted though only the ones that say something are kept', () => {
    const unchanged = result({ module: 'ansible.builtin.copy', status: 'ok', changed: false });
    const parsed = parseAnsibleResults(lines(unchanged, result({ module: 'ansible.builtin.file' }), unchanged), LABEL);
    expect(parsed.results.map((kept) => kept.module)).toEqual(['ansible.builtin.file']);
    expectUserError(() => requireRunEnd(parsed, LABEL), /^results\.jsonl holds 3 task results but no end line/);
  });

  test('with a collector, changed results become changes as they are read and are not kept; the checks come out as without one', () => {
    const failed = result({ host: 'web2', module: 'ansible.builtin.copy', status: 'failed', changed: true, task: 'Write config', message: 'no space left' });
    const text = (...values: unknown[]) => lines(result({ module: 'ansible.builtin.file', args: { path: '/etc/a' } }), result({ module: 'ansible.builtin.file', args: { path: '/etc/a' }, diff: { before: { mode: '0644' }, after: { mode: '0600' } } }), ...values);
    const collected = (input: string) => {
      const collector = new AnsibleChangeCollector({ label: LABEL });
      return { parsed: parseAnsibleResults(input, LABEL, collector), collector };
    };

    const clean = collected(text(END));
    expect(clean.parsed.results).toEqual([]);
    expect(clean.collector.changes()).toEqual(changesFromAnsibleResults(parseAnsibleResults(text(END), LABEL).results, { label: LABEL }));
    expect(requireRunEnd(clean.parsed, LABEL)).toEqual(END);
    // The end line counts two changed tasks on web1; the results show them, though not kept.
    const lost = collected(text({ ...END, stats: { web1: { ok: 0, changed: 3 } } }));
    expectUserError(() => requireRunEnd(lost.parsed, LABEL), /Ansible counts 3 changed tasks on host web1 but the results show 2/);

    // A failed result is kept, and refused when the changes are taken, as changesFromAnsibleResults refuses it.
    const withFailure = collected(text(failed, { ...END, stats: { ...END.stats, web2: { ok: 0, failures: 1 } } }));
    expect(withFailure.parsed.results).toEqual([failed]);
    expectUserError(() => withFailure.collector.changes(), /the Ansible check failed on host web2 in task "Write config" \(no space left\)/);
    expectUserError(() => requireRunEnd(withFailure.parsed, LABEL), /failed on host web2 in task "Write config"/);
  });

  test('an end line that counts a failed host the results do not show is refused', () => {
    const parsed = parseAnsibleResults(lines({ ...END, stats: { web1: { ok: 1, failures: 1, unreachable: 0 } } }), LABEL);
    expectUserError(() => requireRunEnd(parsed, LABEL), /Ansible counts host web1 as failed, so the check cannot tell whether it drifted/);
  });

  test('lines after the end line (two runs in one file) are refused', () => {
    expectUserError(() => parseAnsibleResults(lines(END, END), LABEL), /line 2 comes after the run's end line/);
  });
});

describe('severity of Ansible changes', () => {
  const judge = (module: string, args: Record<string, unknown>) => severityOf(changesFromAnsibleResults([result({ module, args })], { label: LABEL })[0]!);
  test('a host name with a slash does not hide a sudoers file from the rules', () => {
    const [change] = changesFromAnsibleResults([result({ host: 'dc1/rack2', module: 'ansible.builtin.copy', args: { dest: '/etc/sudoers.d/x' } })], { label: LABEL });
    expect(severityOf(change!)).toEqual({ severity: 'critical', rule: 'ansible.identity.files' });
  });

  test.each([
    ['ansible.builtin.user', { name: 'deploy' }, 'critical'],
    ['ansible.builtin.group', { name: 'wheel' }, 'critical'],
    ['ansible.posix.authorized_key', { user: 'root' }, 'critical'],
    ['ansible.builtin.lineinfile', { path: '/etc/sudoers' }, 'critical'],
    ['ansible.builtin.copy', { dest: '/etc/sudoers.d/deploy' }, 'critical'],
    ['ansible.builtin.template', { dest: '/etc/ssh/sshd_config' }, 'critical'],
    ['ansible.builtin.lineinfile', { path: '/etc/pam.d/sshd' }, 'critical'],
    ['ansible.posix.selinux', { policy: 'targeted' }, 'critical'],
    ['ansible.posix.seboolean', { name: 'httpd_can_network_connect' }, 'critical'],
    ['ansible.posix.firewalld', { service: 'https' }, 'critical'],
    ['ansible.builtin.iptables', { chain: 'INPUT' }, 'critical'],
    ['community.general.ufw', { rule: 'allow' }, 'critical'],
    ['community.crypto.openssl_privatekey', { path: '/etc/pki/app.key' }, 'critical'],
    ['ansible.builtin.copy', { dest: '/etc/nginx/tls/site.pem' }, 'critical'],
    ['ansible.builtin.apt', { name: 'nginx' }, 'high'],
    ['ansible.builtin.pip', { name: 'requests' }, 'high'],
    ['ansible.builtin.systemd', { name: 'nginx' }, 'high'],
    ['ansible.posix.sysctl', { name: 'net.ipv4.ip_forward' }, 'high'],
    ['ansible.posix.mount', { path: '/data' }, 'high'],
    ['ansible.builtin.template', { dest: '/etc/nginx/nginx.conf' }, 'medium'],
    ['ansible.builtin.lineinfile', { path: '/tmp/work/sudoers' }, 'medium'],
    ['ansible.builtin.file', { path: '/srv/app/data' }, 'medium'],
    ['ansible.builtin.lineinfile', { path: '/etc/./ssh//sshd_config' }, 'critical'],
    ['ansible.builtin.copy', { dest: '/etc/ssl/private/' }, 'critical'],
    ['community.general.ini_file', { path: '/home/deploy/.ssh/config' }, 'critical'],
  ])('%s %j is %s', (module, args, severity) => {
    expect(judge(module, args).severity).toBe(severity);
  });
});

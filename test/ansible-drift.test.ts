import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { ansibleCallbackEnvironment, installAnsibleCallback } from '@gitops-sync/engine';
import { cli, type CliRun } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

/*
 * The Ansible source against real ansible-core (`connection: local`, files in a temp folder). Ansible
 * starts in seconds, so the runs are few and shared: one by hand with the shipped callback (its file is
 * then analysed, and cut short for the bad-input cases), one `drift production`, one failing playbook.
 */

const PYTHON = execFileSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).trim();
const SECRET = 's3cr3t-gitops-token-4242';
const VAULTED = 'vaulted-db-password-7731';
const RUN_TIMEOUT = 240_000;

type Report = { changes: { address: string; kind: string; action: string; origin: string; severity: string; rule: string; fields: { path: string; before: unknown; after: unknown; sensitive: boolean }[] }[] };

let dir: string;
let files: string;
let direct: { stdout: string; stderr: string; results: string };
let drift: CliRun;
let report: Report;

function scene(): void {
  dir = tempDir('gitops-sync-ansible-');
  files = join(dir, 'host');
  execFileSync('mkdir', ['-p', files, join(dir, 'playbooks')]);
  writeFileSync(join(files, 'app.conf'), 'port=80\n');
  writeFileSync(join(files, 'data.ini'), 'a=1\n');
  chmodSync(join(files, 'data.ini'), 0o644);
  writeFileSync(join(files, 'sudoers'), 'root ALL=(ALL) ALL\n');
  writeFileSync(join(files, 'token'), 'old-token-value\n');
  writeFileSync(join(dir, 'vault-password'), 'correct horse battery staple\n', { mode: 0o600 });
  const vaulted = execFileSync('ansible-vault', ['encrypt_string', '--vault-password-file', join(dir, 'vault-password'), VAULTED, '--name', 'db_password'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  writeFileSync(join(files, 'db.conf'), 'password=old\n');
  writeFileSync(join(dir, 'inventory.ini'), `localhost ansible_connection=local ansible_python_interpreter=${PYTHON}\n`);
  writeFileSync(
    join(dir, 'playbooks', 'site.yml'),
    `- hosts: all
  gather_facts: false
  vars:
    files: ${files}
    secret_token: ${SECRET}
${vaulted.trimEnd().replace(/^/gm, '    ')}
  tasks:
    - name: Application config
      ansible.builtin.copy: { dest: "{{ files }}/app.conf", content: "port=8080\\n" }
    - name: Data file mode
      ansible.builtin.file: { path: "{{ files }}/data.ini", mode: "0600" }
    - name: A setting in the data file
      ansible.builtin.lineinfile: { path: "{{ files }}/data.ini", line: "b=2" }
    - name: A file merely named like sudoers
      ansible.builtin.lineinfile: { path: "{{ files }}/sudoers", line: "deploy ALL=(ALL) NOPASSWD: ALL" }
    - name: The API token
      ansible.builtin.copy: { dest: "{{ files }}/token", content: "{{ secret_token }}\\n" }
      no_log: true
    - name: Database config, from a vaulted variable without no_log
      ansible.builtin.copy: { dest: "{{ files }}/db.conf", content: "password={{ db_password }}\\n" }
    - name: The deploy user
      ansible.builtin.user: { name: gitops-sync-test-nobody, shell: /bin/false }
    - name: In sync
      ansible.builtin.file: { path: "{{ files }}/app.conf", state: file }
`,
  );
  writeFileSync(
    join(dir, 'playbooks', 'broken.yml'),
    `- hosts: all
  gather_facts: false
  tasks:
    - name: Read the missing config
      ansible.builtin.slurp: { src: ${files}/missing.conf }
`,
  );
  writeFileSync(join(dir, 'playbooks', 'unparsable.yml'), '- hosts: all\n  tasks:\n    - copy: { dest: /x\n');
  // Stands in for a run killed after its first result: the callback's file has no end line.
  const first = JSON.stringify({ schema: 'gitops-sync/ansible-result@1', host: 'localhost', task: 't', module: 'ansible.builtin.copy', status: 'ok', changed: false });
  writeFileSync(join(dir, 'killed-ansible-playbook'), `#!/bin/sh\necho '${first}' > "$ANSIBLE_GITOPS_SYNC_RESULTS"\n`, { mode: 0o755 });
  writeFileSync(
    join(dir, 'gitops-sync.yaml'),
    `environments:
  production:
    ansible: { playbook: playbooks/site.yml, inventory: inventory.ini, extra_vars: { unused_var: 1 } }
  broken:
    ansible: { playbook: playbooks/broken.yml, inventory: inventory.ini }
  missing:
    ansible: { playbook: playbooks/nowhere.yml, inventory: inventory.ini }
  unparsable:
    ansible: { playbook: playbooks/unparsable.yml, inventory: inventory.ini }
  killed:
    ansible: { playbook: playbooks/site.yml, inventory: inventory.ini, binary: ./killed-ansible-playbook }
  nobinary:
    ansible: { playbook: playbooks/site.yml, inventory: inventory.ini, binary: /nonexistent/ansible-playbook }
`,
  );
}

/** ansible-playbook with the shipped callback, as a user would run it to save a results file. */
function runByHand(): void {
  const scratch = join(dir, 'callback');
  const results = join(dir, 'results.jsonl');
  const env = ansibleCallbackEnvironment({ ...process.env, ...VAULT_ENV() }, installAnsibleCallback(scratch), results);
  const run = spawnSync('ansible-playbook', ['--check', '--diff', '-i', join(dir, 'inventory.ini'), join(dir, 'playbooks', 'site.yml')], { env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ansible-playbook failed: ${run.stderr}`);
  const { stdout, stderr } = run;
  direct = { stdout, stderr, results: readFileSync(results, 'utf8') };
}

const VAULT_ENV = () => ({ ANSIBLE_VAULT_PASSWORD_FILE: join(dir, 'vault-password') });
const analyze = (input: string) => cli(['analyze', '--source', 'ansible-check', '--input', input, '--format', 'json', '--environment', 'production'], { cwd: dir });

beforeAll(async () => {
  scene();
  runByHand();
  drift = await cli(['drift', 'production', '--format', 'json'], { cwd: dir, env: VAULT_ENV() });
  if (drift.code !== 2) throw new Error(`drift production: ${drift.code} ${drift.stderr}`);
  report = JSON.parse(drift.stdout) as Report;
}, 2 * RUN_TIMEOUT);

const changeAt = (address: string) => report.changes.find((change) => change.address === address);

describe('drift <env> runs ansible-playbook --check --diff with the shipped callback', () => {
  test('a drifted file is one change with the host text before and the playbook text after', () => {
    expect(drift.code).toBe(2);
    expect(changeAt(`localhost/copy[${files}/app.conf]`)).toMatchObject({
      kind: 'ansible.builtin.copy',
      action: 'update',
      origin: 'outside',
      severity: 'medium',
      rule: 'ansible.files',
      fields: [{ path: '/content', before: 'port=80\n', after: 'port=8080\n', sensitive: false }],
    });
  });

  test('a file mode and a line added to the same file are two changes, by module and path, judged medium', () => {
    expect(changeAt(`localhost/file[${files}/data.ini]`)).toMatchObject({ severity: 'medium', fields: [{ path: '/mode', before: '0644', after: '0600' }] });
    expect(changeAt(`localhost/lineinfile[${files}/data.ini]`)).toMatchObject({ severity: 'medium', fields: [{ path: '/content', before: 'a=1\n', after: 'a=1\nb=2\n' }] });
  });

  test('a user is critical; a file only named like sudoers, outside /etc, is not', () => {
    expect(changeAt('localhost/user[gitops-sync-test-nobody]')).toMatchObject({ kind: 'ansible.builtin.user', severity: 'critical', rule: 'ansible.identity' });
    expect(changeAt(`localhost/lineinfile[${files}/sudoers]`)).toMatchObject({ severity: 'medium', rule: 'ansible.files' });
  });

  test('a no_log task is reported as changed, critical, with nothing of its values; the secret appears in no output', () => {
    const hidden = report.changes.find((change) => change.address === 'localhost/copy');
    expect(hidden).toMatchObject({ severity: 'critical', rule: 'ansible.sensitive', fields: [{ path: '', before: '(sensitive)', after: '(sensitive)', sensitive: true }] });
    for (const text of [drift.stdout, drift.stderr, direct.results, direct.stdout, direct.stderr]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('old-token-value');
    }
  });

  test('an inline-vaulted value written by a task without no_log is masked, critical, and appears in no output', () => {
    expect(changeAt(`localhost/copy[${files}/db.conf]`)).toMatchObject({ severity: 'critical', rule: 'ansible.sensitive', fields: [{ path: '/content', before: '(sensitive)', after: '(sensitive)', sensitive: true }] });
    for (const text of [drift.stdout, drift.stderr, direct.results]) expect(text).not.toContain(VAULTED);
    expect(drift.stdout).not.toContain('password=old');
    expect(direct.results).toContain('password=********');
  });

  test('resources in sync are not changes, and the check changed nothing on the host', () => {
    expect(report.changes).toHaveLength(7);
    expect(readFileSync(join(files, 'app.conf'), 'utf8')).toBe('port=80\n');
    expect(readFileSync(join(files, 'token'), 'utf8')).toBe('old-token-value\n');
  });

  test('drift --dry-run shows the command without running it', async () => {
    const run = await cli(['drift', 'production', '--dry-run'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`ansible-playbook --check --diff --inventory=${join(dir, 'inventory.ini')} --extra-vars={"unused_var":1} ${join(dir, 'playbooks', 'site.yml')}`);
  });
});

describe('analyze --source ansible-check reads a saved results file', () => {
  test('the run saved by the callback gives the same changes as drift', async () => {
    const path = join(dir, 'results.jsonl');
    const run = await analyze(path);
    expect(run.code).toBe(2);
    const saved = JSON.parse(run.stdout) as Report;
    expect(saved.changes.map((change) => [change.address, change.severity])).toEqual(report.changes.map((change) => [change.address, change.severity]));
    expect(run.stdout).not.toContain(SECRET);
  });

  const refused = async (name: string, text: string, sentence: RegExp) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    const run = await analyze(path);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(sentence);
    expect(run.stderr).not.toMatch(/ at .*\.(ts|js):\d+/);
  };

  test('a truncated JSON line is refused in one sentence', async () => {
    await refused('cut.jsonl', direct.results.slice(0, direct.results.length - 40), /line \d+ is cut off \(the file ends inside a result\), so the Ansible run's output is incomplete; run the check again\./);
  });

  test('a file that is not callback output is refused in one sentence', async () => {
    await refused('stdout.txt', direct.stdout, /line \d+ is not valid JSON; pass the file gitops-sync's Ansible callback wrote/);
    await refused('plan.json', '{"format_version":"1.2","resource_changes":[]}\n', /line 1 is not a gitops-sync Ansible result/);
  });

  test('a results file without the end line is a run that never reported its end', async () => {
    const withoutEnd = direct.results.split('\n').filter((line) => line && !line.includes('"end":true')).join('\n') + '\n';
    await refused('no-end.jsonl', withoutEnd, /holds \d+ task results but no end line: the Ansible run never reported its end/);
  });
});

describe('a check that cannot run is refused in one sentence, exit 1', () => {
  test('a failing task names the host and the task', async () => {
    const run = await cli(['drift', 'broken', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/the Ansible check of broken: the Ansible check failed on host localhost in task "Read the missing config" \(.*missing\.conf.*\), so it cannot tell whether that host drifted/);
  }, RUN_TIMEOUT);

  test("a playbook Ansible cannot parse gets Ansible's own sentence", async () => {
    const run = await cli(['drift', 'unparsable'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^gitops-sync: ansible-playbook exited with 4 \(unreachable hosts, or a playbook it could not parse\) checking playbooks\/unparsable\.yml for unparsable: ERROR! .*; fix the playbook or inventory and run again\.$/);
  }, RUN_TIMEOUT);

  test('a run whose callback never reports its end', async () => {
    const run = await cli(['drift', 'killed'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toBe('gitops-sync: the Ansible check of killed holds 1 task results but no end line: the Ansible run never reported its end; run the check again and pass the whole file the callback wrote.');
  });

  test('a missing playbook', async () => {
    const run = await cli(['drift', 'missing'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`gitops-sync: The playbook playbooks/nowhere.yml (environments.missing.ansible.playbook) does not exist in ${dir}; fix the path in gitops-sync.yaml.`);
  });

  test('a missing ansible-playbook binary', async () => {
    const run = await cli(['drift', 'nobinary'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('gitops-sync: /nonexistent/ansible-playbook (environments.nobinary.ansible.binary) is not installed or not on PATH; install ansible-core (2.14 or later) or set environments.nobinary.ansible.binary.');
  });
});

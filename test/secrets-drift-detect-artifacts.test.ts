/**
 * drift-detect on a pull request checks the secrets at rest in the change: the files the checkout
 * tracks. What the job itself wrote beside them before it ran — the plan JSON (`terraform show -json`
 * holds sensitive values in plaintext), the binary plan, `.terraform/` with the backend's credentials —
 * is not in the change, and flagging it failed the pull request's check over its own artifacts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@jest/globals';
import { run as driftDetect } from '../actions/drift-detect/main.js';
import { RecordingIO } from './support/action-io.js';
import { git } from './support/git-repo.js';
import { tempDir } from './support/temp-dir.js';

const PRIVATE_KEY = ['-----BEGIN', 'OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END', 'OPENSSH PRIVATE KEY-----\n'].join(' ');
const AWS_KEY_ID = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const PASSWORD = 'Zq8#vL2!pR9@wX4$kT7';
/** A plan as `terraform show -json` writes it: the sensitive value is there in plaintext, marked only by after_sensitive. */
const PLAN = JSON.stringify({
  format_version: '1.2',
  terraform_version: '1.11.4',
  resource_changes: [
    {
      address: 'aws_db_instance.main',
      mode: 'managed',
      type: 'aws_db_instance',
      name: 'main',
      change: { actions: ['no-op'], before: { password: PASSWORD, username: 'admin' }, after: { password: PASSWORD, username: 'admin' }, after_unknown: {}, before_sensitive: { password: true }, after_sensitive: { password: true } },
    },
  ],
  output_changes: {},
});

async function pullRequest(head: Record<string, string>) {
  const dir = tempDir('gitops-sync-secrets-artifacts-');
  const write = (files: Record<string, string>) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  };
  git(dir, 'init', '-q', '-b', 'main');
  write({ 'gitops-sync.yaml': 'environments:\n  default:\n    terraform: { dir: . }\n', 'main.tf': 'terraform {}\n' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const baseSha = git(dir, 'rev-parse', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'change');
  write(head);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'change');
  // What the job wrote before drift-detect: no .gitignore names any of it.
  write({
    'event.json': JSON.stringify({ pull_request: { number: 7, base: { sha: baseSha }, head: { sha: git(dir, 'rev-parse', 'HEAD') } } }),
    'plan.json': PLAN,
    '.terraform/terraform.tfstate': JSON.stringify({ version: 3, backend: { type: 's3', config: { access_key: AWS_KEY_ID, secret_key: PASSWORD } } }),
  });
  const env = { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(dir, 'event.json'), GITLAB_CI: '', CI_MERGE_REQUEST_IID: '' };
  const io = new RecordingIO({ environment: 'default', config: 'gitops-sync.yaml', 'terraform-plan-json': 'plan.json', 'fail-on': 'critical', 'output-directory': 'reports' }, dir, env);
  await driftDetect(io);
  return io;
}

test("the job's own plan JSON and .terraform/ beside the checkout are not the change's secrets", async () => {
  const io = await pullRequest({ 'README.md': 'hello\n' });
  expect(io.outputs['secrets-findings']).toBe('0');
  expect(io.failure).toBeUndefined();
});

test('a secret the change commits is still found', async () => {
  const io = await pullRequest({ 'deploy/key.txt': PRIVATE_KEY });
  expect(io.summary).toContain('| `deploy/key.txt` | 1 | private-key | critical |');
  expect(io.summary).not.toContain('plan.json');
  expect(io.failure).toMatch(/^Failing because the secrets check has 1 finding/);
});

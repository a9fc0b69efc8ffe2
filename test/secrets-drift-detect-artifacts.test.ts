/**
 * drift-detect on a pull request checks the secrets at rest in the change: the files the checkout
 * tracks. What the job itself wrote beside them before it ran — the plan JSON (`terraform show -json`
 * holds sensitive values in plaintext), the binary plan, `.terraform/` with the backend's credentials —
 * is not in the change, and flagging it failed the pull request's check over its own artifacts.
 */
import { expect, test } from '@jest/globals';
import { driftDetectOnPullRequest } from './support/drift-detect-pr.js';

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

/** The job wrote the plan JSON and `.terraform/` beside the checkout before drift-detect: no .gitignore names them. */
const pullRequest = (head: Record<string, string>) =>
  driftDetectOnPullRequest(
    {
      base: { 'gitops-sync.yaml': 'environments:\n  default:\n    terraform: { dir: . }\n', 'main.tf': 'terraform {}\n' },
      head,
      beside: { 'plan.json': PLAN, '.terraform/terraform.tfstate': JSON.stringify({ version: 3, backend: { type: 's3', config: { access_key: AWS_KEY_ID, secret_key: PASSWORD } } }) },
    },
    { environment: 'default', config: 'gitops-sync.yaml', 'terraform-plan-json': 'plan.json', 'fail-on': 'critical', 'output-directory': 'reports' },
  );

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

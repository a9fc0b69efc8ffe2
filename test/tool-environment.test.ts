/**
 * Tools gitops-sync runs (terraform, kubectl, helm, git, flux…) must not see the secrets gitops-sync
 * reads for itself: a provider plugin or a chart's post-renderer is code from outside the repository.
 * The tools still get what they need: provider credentials, TF_VAR_*, KUBECONFIG, proxies, HOME.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { loadConfig, nodeExec } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { describeWithTerraform, offlineTerraformEnv, writeFiles } from './support/terraform.js';

const CONFIG = `environments:
  test:
    terraform:
      dir: infra
monitoring:
  notifications:
    slack:
      webhook_url_env: TEAM_SLACK_HOOK
    pagerduty: {}
    email:
      host: smtp.example.com
      from: gitops@example.com
      to: [ops@example.com]
      user_env: SMTP_USER
      password_env: SMTP_PASS
    webhook: {}
`;

/** What gitops-sync reads for itself: none of these values may reach a tool. */
const OWN_SECRETS: Record<string, string> = {
  INPUT_TOKEN: 'ghs_input-token-value',
  GITHUB_TOKEN: 'ghs_github-token-value',
  GITLAB_TOKEN: 'glpat-gitlab-token-value',
  CI_JOB_TOKEN: 'ci-job-token-value',
  ARGOCD_AUTH_TOKEN: 'argocd-token-value',
  ACTIONS_RUNTIME_TOKEN: 'actions-runtime-token-value',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/default-hook-value',
  TEAM_SLACK_HOOK: 'https://hooks.slack.com/services/configured-hook-value',
  PAGERDUTY_ROUTING_KEY: 'pagerduty-routing-key-value',
  SMTP_USER: 'smtp-user-value',
  SMTP_PASS: 'smtp-password-value',
  GITOPS_SYNC_WEBHOOK_URL: 'https://hooks.example.com/webhook-url-value',
  GITOPS_SYNC_WEBHOOK_SECRET: 'webhook-hmac-secret-value',
  // secrets.age_identity_env's default: the identity that decrypts SOPS inputs.
  SOPS_AGE_KEY: 'AGE-SECRET-KEY-1SOPSIDENTITYVALUE',
};

/** What tools need: these pass through unchanged. */
const TOOL_CREDENTIALS: Record<string, string> = {
  TF_VAR_region: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEYID',
  AWS_SECRET_ACCESS_KEY: 'aws-secret-access-key-value',
  ARM_CLIENT_SECRET: 'arm-client-secret-value',
  GOOGLE_APPLICATION_CREDENTIALS: '/run/secrets/gcp.json',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token-value',
  KUBECONFIG: '/home/runner/.kube/config',
  HTTPS_PROXY: 'http://proxy.internal:3128',
  SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
};

function realTerraform(): string {
  return execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim();
}

function parseEnvDump(text: string): Map<string, string> {
  return new Map(text.split('\n').filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

function expectNoOwnSecrets(dumped: string): void {
  for (const [name, value] of Object.entries(OWN_SECRETS)) {
    expect({ name, leaked: dumped.includes(value) }).toEqual({ name, leaked: false });
  }
}

describeWithTerraform('the environment of the tools gitops-sync runs', () => {
  let root: string;
  let dump: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gitops-sync-tool-env-'));
    dump = join(root, 'terraform-env.txt');
    // The real terraform behind a shim that records the environment of every run.
    const bin = join(root, 'bin');
    writeFiles(bin, { terraform: `#!/bin/sh\nenv >> '${dump}'\necho '--- end of run ---' >> '${dump}'\nexec '${realTerraform()}' "$@"\n` });
    chmodSync(join(bin, 'terraform'), 0o755);
    writeFiles(root, { 'gitops-sync.yaml': CONFIG });
    writeFiles(join(root, 'infra'), {
      'main.tf': 'variable "region" {}\nresource "terraform_data" "app" {\n  input = var.region\n}\n',
    });
    env = { ...offlineTerraformEnv(root), ...OWN_SECRETS, ...TOOL_CREDENTIALS, PATH: `${bin}${delimiter}${process.env.PATH}` };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("drift runs terraform without gitops-sync's tokens and notification secrets, with the provider credentials and TF_VAR_*", async () => {
    const run = await cli(['drift', 'test', '--format', 'json'], { cwd: root, env });

    expect(run.stderr).not.toContain('Error');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).changes).toEqual([expect.objectContaining({ address: 'terraform_data.app', action: 'create' })]);
    const dumped = readFileSync(dump, 'utf8');
    const runs = dumped.split('--- end of run ---\n').filter((text) => text.trim() !== '');
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expectNoOwnSecrets(dumped);
    for (const runEnv of runs.map(parseEnvDump)) {
      for (const [name, value] of Object.entries(TOOL_CREDENTIALS)) expect({ name, value: runEnv.get(name) }).toEqual({ name, value });
      expect(runEnv.get('HOME')).toBe(process.env.HOME);
      expect([...runEnv.keys()].filter((name) => name.startsWith('INPUT_') || name.startsWith('GITOPS_SYNC_'))).toEqual([]);
    }
  });
});

describe('nodeExec, through which every tool runs', () => {
  test('withholds the same variables when the caller passes an environment of its own, in any letter case', async () => {
    const config = mkdtempSync(join(tmpdir(), 'gitops-sync-tool-env-config-'));
    writeFileSync(join(config, 'gitops-sync.yaml'), CONFIG);
    loadConfig(join(config, 'gitops-sync.yaml'), true);
    rmSync(config, { recursive: true, force: true });

    const result = await nodeExec.run('env', [], { env: { ...process.env, ...OWN_SECRETS, ...TOOL_CREDENTIALS, input_token: 'lower-case-input-value', GIT_TERMINAL_PROMPT: '0' } });

    const dumped = result.stdout.toString('utf8');
    expectNoOwnSecrets(dumped);
    expect(dumped).not.toContain('lower-case-input-value');
    const runEnv = parseEnvDump(dumped);
    expect(runEnv.get('GIT_TERMINAL_PROMPT')).toBe('0');
    expect(runEnv.get('AWS_SECRET_ACCESS_KEY')).toBe(TOOL_CREDENTIALS.AWS_SECRET_ACCESS_KEY);
  });
});

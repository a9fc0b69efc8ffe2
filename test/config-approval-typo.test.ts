/**
 * A policy under a misspelt environment name (`approval.environments.stagng` beside `staging`) applied to
 * nothing: staging was held to the default policy (one approval, no team) and nothing said so. Found by a
 * newcomer's walk through the README (helper-117).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { parseConfig, UserError } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { tempDir } from './support/temp-dir.js';

const ENVIRONMENTS = 'environments:\n  staging:\n    terraform:\n      dir: infra\n  production:\n    terraform:\n      dir: infra\n';
const policy = (name: string) => `approval:\n  environments:\n    ${name}:\n      required_approvals: 3\n      required_teams: [acme/security]\n`;

test.each([
  ['stagng', 'staging'],
  ['prodution', 'production'],
])('approval.environments.%s beside environment %s is refused at its line, naming the environment it likely means', (typo, meant) => {
  expect(() => parseConfig(ENVIRONMENTS + policy(typo), 'gitops-sync.yaml')).toThrow(
    new UserError(
      `gitops-sync.yaml:10: approval.environments.${typo}: "${typo}" is not an environment of this file but looks like ${meant}, which would then be held to the default policy instead of this one; rename it to ${meant}; see the configuration reference in the README.`,
    ),
  );
});

test('a policy for an environment only the CI names (far from every configured name), or in a file with no environments, still parses', () => {
  expect(parseConfig(ENVIRONMENTS + policy('sandbox-eu'), 'gitops-sync.yaml').approval.environments['sandbox-eu']?.required_approvals).toBe(3);
  expect(parseConfig(policy('stagng'), 'gitops-sync.yaml').approval.environments.stagng?.required_approvals).toBe(3);
  expect(parseConfig(ENVIRONMENTS + policy('staging'), 'gitops-sync.yaml').approval.environments.staging?.required_teams).toEqual(['acme/security']);
});

test.each([
  ['sync staging --dry-run', ['sync', 'staging', '--dry-run']],
  ['generate github-environments', ['generate', 'github-environments']],
])('%s refuses the file in one sentence, exit 1, before doing anything', async (_name, args) => {
  const dir = tempDir('gitops-sync-approval-typo-');
  writeFileSync(join(dir, 'gitops-sync.yaml'), ENVIRONMENTS + policy('stagng'));
  const run = await cli(args, { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('approval.environments.stagng: "stagng" is not an environment of this file');
  expect(run.stdout).toBe('');
});

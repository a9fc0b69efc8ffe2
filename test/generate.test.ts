/** `gitops-sync generate branch-protection|ruleset|codeowners`: settings derived from the approval policy. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { parseCodeowners } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { git } from './support/git-repo.js';

const dir = mkdtempSync(join(tmpdir(), 'gitops-sync-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'gitops-sync.yaml'),
  `approval:
  codeowners:
    - { pattern: /terraform/, owners: ["@acme/infra"] }
    - { pattern: "*.md", owners: ["@acme/docs"] }
  environments:
    production:
      production: true
      required_teams: [acme/platform]
      critical_requires_team: acme/security
      branch: release
      required_status_checks: [drift-detect]
    dev: { required_approvals: 1 }
`,
);

test('branch protection for production: two approvals, stale reviews dismissed, owners and last push, no force pushes', async () => {
  const run = await cli(['generate', 'branch-protection', '--env', 'production'], { cwd: dir });
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({
    required_status_checks: { strict: true, contexts: ['drift-detect'] },
    enforce_admins: true,
    required_pull_request_reviews: { dismiss_stale_reviews: true, require_code_owner_reviews: true, required_approving_review_count: 2, require_last_push_approval: true },
    restrictions: null,
    required_conversation_resolution: true,
    allow_force_pushes: false,
    allow_deletions: false,
  });
});

test('a ruleset targets the configured branch with the same rules', async () => {
  const run = await cli(['generate', 'ruleset', '--env', 'dev'], { cwd: dir });
  const ruleset = JSON.parse(run.stdout);
  expect(ruleset.conditions).toEqual({ ref_name: { include: ['refs/heads/main'], exclude: [] } });
  expect(ruleset.rules.map((rule: { type: string }) => rule.type)).toEqual(['deletion', 'non_fast_forward', 'pull_request']);
  expect(ruleset.rules[2].parameters).toMatchObject({ required_approving_review_count: 1, dismiss_stale_reviews_on_push: true, require_code_owner_review: true });
});

test('CODEOWNERS: the configured owners, then the controls owned by the required and critical teams', async () => {
  const run = await cli(['generate', 'codeowners', '--env', 'production', '--output', 'CODEOWNERS'], { cwd: dir });
  expect(run.code).toBe(0);
  const owners = parseCodeowners(readFileSync(join(dir, 'CODEOWNERS'), 'utf8'), 'github');
  expect(owners.requirementsFor('terraform/main.tf')[0].owners).toEqual(['@acme/infra']);
  expect(owners.requirementsFor('docs/x.md')[0].owners).toEqual(['@acme/docs']);
  expect(owners.requirementsFor('.github/workflows/ci.yml')[0].owners).toEqual(['@acme/platform', '@acme/security']);
  expect(owners.requirementsFor('gitops-sync.yaml')[0].owners).toEqual(['@acme/platform', '@acme/security']);
});

test('CODEOWNERS names the config by its path in the repository, however --config gives it; a config outside the repository is refused', async () => {
  const repo = join(dir, 'repo');
  mkdirSync(join(repo, 'deploy'), { recursive: true });
  mkdirSync(join(repo, 'app'), { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  copyFileSync(join(dir, 'gitops-sync.yaml'), join(repo, 'deploy', 'gitops-sync.yaml'));
  const controls = (text: string) => text.split('\n').filter((line) => line.includes('gitops-sync.yaml') && !line.startsWith('#'));
  const absolute = await cli(['generate', 'codeowners', '--config', join(repo, 'deploy', 'gitops-sync.yaml')], { cwd: join(repo, 'app') });
  expect(absolute.code).toBe(0);
  expect(controls(absolute.stdout)).toEqual(['/deploy/gitops-sync.yaml @acme/platform @acme/security']);
  const relative = await cli(['generate', 'codeowners', '--config', '../deploy/gitops-sync.yaml'], { cwd: join(repo, 'app') });
  expect(controls(relative.stdout)).toEqual(['/deploy/gitops-sync.yaml @acme/platform @acme/security']);
  const outside = await cli(['generate', 'codeowners', '--config', join(dir, 'gitops-sync.yaml')], { cwd: repo });
  expect(outside).toEqual({ code: 1, stdout: '', stderr: `gitops-sync: The config ${join(dir, 'gitops-sync.yaml')} is outside the repository ${repo}; give its path inside the repository (e.g. gitops-sync.yaml), so CODEOWNERS can name it.\n` });
});

test('an unknown generator or environment is one sentence and exit 1', async () => {
  expect(await cli(['generate', 'rulez'], { cwd: dir })).toMatchObject({ code: 1, stderr: 'gitops-sync: gitops-sync generate needs one of branch-protection, ruleset, codeowners, github-environments, gitlab-protected-environments, atlantis, argocd-app, flux-kustomization (got "rulez").\n' });
  expect((await cli(['generate', 'ruleset', '--env', 'qa'], { cwd: dir })).stderr).toBe('gitops-sync: Environment qa has no approval.environments.qa entry in the config; add one to generate its settings.\n');
});

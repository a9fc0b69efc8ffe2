/**
 * Attacks on the gate's reading of a drift report (the gate action and `gitops-sync gate`, which
 * have no plan of their own): drift-detect makes the report with the pull request's own config, so
 * a change that edits that config can shape what its report shows. Real git, real Octokit against
 * the loopback GitHub.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { uncheckedParts } from '@gitops-sync/engine';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import { git, pullRequestRepo, type PullRequestRepo } from './support/git-repo.js';

const github = useFakeGitHub();
const repos: PullRequestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) rmSync(repo.dir, { recursive: true, force: true });
});

const config = (kubernetesExtra = '') => `environments:
  production:
    kubernetes: { manifests: [k8s], namespace: shop, live: { export: live.yaml }${kubernetesExtra} }
approval:
  environments:
    production: { required_approvals: 1, critical_requires_team: owner/security-team }
`;
const deployment = (privileged: boolean) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0\n          securityContext: { privileged: ${privileged} }\n`;

test("a pull request that edits the config its report is made with (ignore_differences on the field it makes privileged) still needs the critical team", async () => {
  const ignoring = config(', ignore_differences: [{ kind: Deployment, json_pointers: [/spec/template/spec/containers/0/securityContext] }]');
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config(), 'k8s/web.yaml': deployment(false) }, { 'gitops-sync.yaml': ignoring, 'k8s/web.yaml': deployment(true) });
  repos.push(repo);
  writeFileSync(join(repo.dir, 'live.yaml'), deployment(false));
  // drift-detect on the pull request, as its workflow runs it: with the checkout's (the change's) config.
  const detected = await cli(['drift-detect', '--environment', 'production', '--fail-on', 'never', '--output-directory', '.'], { cwd: repo.dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
  expect(detected.code).toBe(0);
  const alice = ghUser('alice');
  github.state.pulls.set(
    9,
    ghPullRequest(alice, { number: 9, head: repo.headSha, base: repo.baseSha }, {
      files: repo.files,
      reviews: [{ id: 1, user: ghUser('bob'), state: 'APPROVED', commit_id: repo.headSha, body: '', submitted_at: '2026-11-25T12:00:00Z' }],
      commits: [{ sha: repo.headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }],
    }),
  );
  github.state.permissions = { alice: 'write', bob: 'write', carol: 'write' };
  github.state.teams = { 'owner/security-team': ['carol'] };
  const run = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production', '--report', 'drift-report-production.json', '--format', 'json'], {
    cwd: repo.dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url },
  });
  expect(run.code).toBe(3);
  expect(JSON.parse(run.stdout).missing).toEqual([expect.stringMatching(/gitops-sync\.yaml.*: an approval from a member of owner\/security-team$/)]);
});

test('a --config given as an absolute path (`$CI_PROJECT_DIR/gitops-sync.yaml`) still reads the policy at the base commit, and the config stays a control', async () => {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config(), 'k8s/web.yaml': deployment(false), 'k8s/NOTES.md': 'notes\n' }, { 'gitops-sync.yaml': config().replace('required_approvals: 1, critical_requires_team: owner/security-team', 'auto_approve_safe: true'), 'k8s/NOTES.md': 'new notes\n' });
  repos.push(repo);
  const alice = ghUser('alice');
  github.state.pulls.set(9, ghPullRequest(alice, { number: 9, head: repo.headSha, base: repo.baseSha }, { files: repo.files, reviews: [], commits: [{ sha: repo.headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }] }));
  github.state.permissions = { alice: 'write', bob: 'write' };
  const env = { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url };
  const absolute = join(repo.dir, 'gitops-sync.yaml');
  const gate = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production', '--config', absolute, '--format', 'json'], { cwd: repo.dir, env });
  expect(gate.code).toBe(3);
  expect(JSON.parse(gate.stdout).missing).toContain('no drift report or plan shows what the change does, so it counts as critical: an approval from a member of owner/security-team');
  const safe = await cli(['approve-safe', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--config', absolute, '--dry-run', '--format', 'json'], { cwd: repo.dir, env });
  const findings = JSON.parse(safe.stdout).findings.map((finding: { path: string | null; reason: string }) => `${finding.path}: ${finding.reason}`);
  expect(findings).toEqual(expect.arrayContaining([expect.stringMatching(/^gitops-sync\.yaml: .*is a control/), expect.stringMatching(/^k8s\/NOTES\.md: .*loaded by environment production/)]));
});

test("drift-detect labels a report with the pull request's head only when it checked that head (or its merge) out", async () => {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config(), 'k8s/web.yaml': deployment(false) }, { 'k8s/web.yaml': deployment(true) });
  repos.push(repo);
  writeFileSync(join(repo.dir, 'live.yaml'), deployment(false));
  writeFileSync(join(repo.dir, 'event.json'), JSON.stringify({ pull_request: { number: 9, head: { sha: repo.headSha } } }));
  const detect = async () => {
    const run = await cli(['drift-detect', '--environment', 'production', '--fail-on', 'never', '--output-directory', 'out'], {
      cwd: repo.dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: join(repo.dir, 'event.json'), GITHUB_SHA: git(repo.dir, 'rev-parse', 'HEAD'), GITLAB_CI: '' },
    });
    expect(run.code).toBe(0);
    return JSON.parse(readFileSync(join(repo.dir, 'out/drift-report-production.json'), 'utf8')).head_sha;
  };
  // pull_request_target checks out the base by default: that report says nothing about the head.
  git(repo.dir, 'checkout', '-q', repo.baseSha);
  expect(await detect()).toBe(repo.baseSha);
  // pull_request checks out refs/pull/N/merge, whose second parent is the head.
  git(repo.dir, 'merge', '-q', '--no-ff', '-m', 'merge', repo.headSha);
  expect(await detect()).toBe(repo.headSha);
  git(repo.dir, 'checkout', '-q', repo.headSha);
  expect(await detect()).toBe(repo.headSha);
});

test('a pull request that edits the committed live export its report compares with still needs the critical team', async () => {
  // The live export is a file of the repository: the change makes it say the cluster already runs privileged.
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config(), 'k8s/web.yaml': deployment(false), 'live.yaml': deployment(false) }, { 'k8s/web.yaml': deployment(true), 'live.yaml': deployment(true) });
  repos.push(repo);
  const detected = await cli(['drift-detect', '--environment', 'production', '--fail-on', 'never', '--output-directory', '.'], { cwd: repo.dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
  expect(detected.code).toBe(0);
  expect(JSON.parse(readFileSync(join(repo.dir, 'drift-report-production.json'), 'utf8')).changes).toEqual([]);
  const alice = ghUser('alice');
  github.state.pulls.set(9, ghPullRequest(alice, { number: 9, head: repo.headSha, base: repo.baseSha }, { files: repo.files, reviews: [{ id: 1, user: ghUser('bob'), state: 'APPROVED', commit_id: repo.headSha, body: '', submitted_at: '2026-11-25T12:00:00Z' }], commits: [{ sha: repo.headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }] }));
  github.state.permissions = { alice: 'write', bob: 'write', carol: 'write' };
  github.state.teams = { 'owner/security-team': ['carol'] };
  const run = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production', '--report', 'drift-report-production.json', '--format', 'json'], { cwd: repo.dir, env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url } });
  expect(run.code).toBe(3);
  expect(JSON.parse(run.stdout).missing).toEqual([expect.stringMatching(/live\.yaml.*: an approval from a member of owner\/security-team$/)]);
});

test("a report made from one input (a plan JSON) for an environment whose config also has Kubernetes still needs the critical team; the environment's own report is judged by what it shows", async () => {
  // The change makes the Deployment privileged; a report of a Terraform plan alone shows nothing of it.
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config(), 'k8s/web.yaml': deployment(false) }, { 'k8s/web.yaml': deployment(true), 'plan.json': JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: [] }) });
  repos.push(repo);
  writeFileSync(join(repo.dir, 'live.yaml'), deployment(false));
  const fromPlan = await cli(['drift-detect', '--environment', 'production', '--terraform-plan-json', 'plan.json', '--fail-on', 'never', '--output-directory', 'from-plan'], { cwd: repo.dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
  expect(fromPlan.code).toBe(0);
  const alice = ghUser('alice');
  github.state.pulls.set(9, ghPullRequest(alice, { number: 9, head: repo.headSha, base: repo.baseSha }, { files: repo.files, reviews: [{ id: 1, user: ghUser('bob'), state: 'APPROVED', commit_id: repo.headSha, body: '', submitted_at: '2026-11-25T12:00:00Z' }], commits: [{ sha: repo.headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }] }));
  github.state.permissions = { alice: 'write', bob: 'write', carol: 'write' };
  github.state.teams = { 'owner/security-team': ['carol'] };
  const gate = (report: string) => cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--env', 'production', '--report', report, '--format', 'json'], { cwd: repo.dir, env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url } });
  const partial = await gate('from-plan/drift-report-production.json');
  expect(partial.code).toBe(3);
  expect(JSON.parse(partial.stdout).missing).toEqual([
    'the drift report checked only terraform-plan, but production also has kubernetes in the config, which it did not check, so it cannot show the change is not critical: an approval from a member of owner/security-team',
  ]);
  // What the environment's config describes, checked whole: its report shows the privileged container, critical as before.
  await cli(['drift-detect', '--environment', 'production', '--fail-on', 'never', '--output-directory', 'whole'], { cwd: repo.dir, env: { GITHUB_ACTIONS: '', GITLAB_CI: '' } });
  const whole = await gate('whole/drift-report-production.json');
  expect(JSON.parse(whole.stdout).missing).toEqual(['the drift report has critical changes: an approval from a member of owner/security-team']);
});

test('which parts of an environment a report must have checked: Argo CD and Flux count; compliance monitors, which no change report can show, do not', () => {
  const environment = (settings: string) => parseConfig(`environments:\n  production:\n${settings.replace(/^/gm, '    ')}\n`, 'gitops-sync.yaml').environments.production;
  expect(uncheckedParts(environment('terraform: { dir: infra }\nargocd: { app: shop-prod }'), ['terraform-plan'])).toEqual(['argocd']);
  expect(uncheckedParts(environment('terraform: { dir: infra }\nflux: { kind: kustomization, name: shop }'), ['terraform-plan'])).toEqual(['flux']);
  expect(uncheckedParts(environment('terraform: { dir: infra }\nargocd: { app: shop-prod }'), ['terraform-plan', 'argocd'])).toEqual([]);
  // Some other Kubernetes reader does not show the Argo CD app's change (helper-135); the environment's own manifests do.
  expect(uncheckedParts(environment('terraform: { dir: infra }\nargocd: { app: shop-prod }'), ['terraform-plan', 'k8s-manifests'])).toEqual(['argocd']);
  expect(uncheckedParts(environment('terraform: { dir: infra }\nargocd: { app: shop-prod }'), ['terraform-plan', 'flux-diff'])).toEqual(['argocd']);
  expect(uncheckedParts(environment('kubernetes: { manifests: [k8s], live: { kubectl: true } }\nargocd: { app: shop-prod }'), ['k8s-manifests'])).toEqual([]);
  expect(uncheckedParts(environment('terraform: { dir: infra }\naws_config: { rules: [restricted-ssh] }\nazure_policy: {}'), ['terraform-plan'])).toEqual([]);
  expect(uncheckedParts(environment('terraform: { dir: infra }\nansible: { playbook: site.yml, inventory: hosts.ini }'), ['terraform-plan'])).toEqual(['ansible-check']);
});

/**
 * An environment named production is production by its name alone (two approvals by default, never
 * automatic). The gate asked for it by an alias (`gate --env prod`) must hold it to the same: the alias
 * is only another name on the command line, never a second, looser environment; and so must a name
 * spelled in other letter case (`Production`, `PRODUCTION`).
 */
import { describe, expect, test } from '@jest/globals';
import { parseConfig } from '@gitops-sync/core';
import { cli } from './support/cli.js';
import { ghPullRequest, ghUser, useFakeGitHub } from './support/fake-github.js';
import type { PullRequestRepo } from './support/git-repo.js';
import { usePullRequestRepos } from './support/pr-repos.js';

const github = useFakeGitHub();
const alice = ghUser('alice');
const carol = ghUser('carol');

const CONFIG = `environments:
  production:
    paths: [terraform]
    aliases: [prod]
approval:
  environments:
    production: {}
`;

const pullRequestRepo = usePullRequestRepos();

/** PR 9 by alice, changing terraform/main.tf, approved by carol alone (one independent writer). */
function pullApprovedOnce(config = CONFIG): PullRequestRepo {
  const repo = pullRequestRepo({ 'gitops-sync.yaml': config, 'terraform/main.tf': 'a\n' }, { 'terraform/main.tf': 'b\n' });
  const commit = { sha: repo.headSha, author: alice, committer: alice, authorName: 'alice', authorEmail: 'alice@example.com', committerName: 'alice', committerEmail: 'alice@example.com' };
  const pull = ghPullRequest(alice, { number: 9, head: repo.headSha, base: repo.baseSha }, {
    files: repo.files,
    reviews: [{ id: 700, user: carol, state: 'APPROVED', commit_id: repo.headSha, body: '', submitted_at: '2026-11-25T12:00:00Z' }],
    commits: [commit],
  });
  github.state.pulls.set(9, pull);
  github.state.permissions = { alice: 'write', carol: 'write' };
  return repo;
}

async function gate(repo: PullRequestRepo, environment: string) {
  const run = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--format', 'json', '--env', environment], {
    cwd: repo.dir,
    env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' },
  });
  return { ...run, decision: JSON.parse(run.stdout) };
}

test.each(['production', 'prod'])('gate --env %s: production by its name needs two approvals, so one is denied', async (name) => {
  const repo = pullApprovedOnce();
  const { code, decision } = await gate(repo, name);
  expect(decision.required_approvals).toBe(2);
  expect(decision.missing).toContain('2 approvals from independent reviewers with write access (have 1)');
  expect(decision.allowed).toBe(false);
  expect(code).toBe(3);
});

describe('an alias named production', () => {
  const config = (policy: string) => `environments:
  prod-eu:
    paths: [terraform]
    aliases: [production]
approval:
  environments:
    prod-eu: ${policy}
`;

  // `sync production` would apply prod-eu under prod-eu's policy: one approval, auto_approve_safe allowed.
  test.each(['{}', '{ required_approvals: 1, auto_approve_safe: true }'])('is refused when its environment is not marked production: %s', (policy) => {
    expect(() => parseConfig(config(policy), 'gitops-sync.yaml')).toThrow(
      'gitops-sync.yaml:4: environments.prod-eu.aliases: "production" makes an environment production by its name, but it names prod-eu, which approval.environments.prod-eu does not mark production: true; mark it, or choose another alias; see the configuration reference in the README.',
    );
  });

  test('is refused when there is no approval policy at all (every environment gets the default one)', () => {
    expect(() => parseConfig('environments:\n  prod-eu:\n    paths: [terraform]\n    aliases: [production]\n', 'gitops-sync.yaml')).toThrow('"production" makes an environment production by its name');
  });

  test('loads when its environment is marked production: true', () => {
    expect(parseConfig(config('{ production: true }'), 'gitops-sync.yaml').environments['prod-eu'].aliases).toEqual(['production']);
  });
});

describe('production in another letter case', () => {
  test.each(['Production', 'PRODUCTION'])('gate --env %s with no approval policy of its own needs two approvals', async (name) => {
    const repo = pullApprovedOnce(`environments:\n  ${name}:\n    paths: [terraform]\napproval:\n  environments:\n    ${name}: {}\n`);
    const { code, decision } = await gate(repo, name);
    expect(decision.required_approvals).toBe(2);
    expect(decision.allowed).toBe(false);
    expect(code).toBe(3);
  });

  test.each([
    ['{ auto_approve_safe: true }', 'a production environment cannot set auto_approve_safe or allow_auto_approved'],
    ['{ required_approvals: 0 }', 'a production environment needs required_approvals of at least 1'],
  ])('approval.environments.Production %s is refused like production', (policy, message) => {
    expect(() => parseConfig(`approval:\n  environments:\n    Production: ${policy}\n`, 'gitops-sync.yaml')).toThrow(`gitops-sync.yaml:3: approval.environments.Production: ${message}; see the configuration reference in the README.`);
  });

  test('an alias PRODUCTION of an environment not marked production: true is refused', () => {
    expect(() => parseConfig('environments:\n  prod-eu:\n    paths: [terraform]\n    aliases: [PRODUCTION]\n', 'gitops-sync.yaml')).toThrow('"PRODUCTION" makes an environment production by its name');
  });
});

describe('a name the config does not know', () => {
  test('gate --env prodution (a typo) is refused, not judged by the default policy of one approval', async () => {
    const repo = pullApprovedOnce('environments:\n  production:\n    paths: [terraform]\n    aliases: [prod]\n');
    const run = await cli(['gate', '--platform', 'github', '--repo', 'owner/repo', '--pr', '9', '--format', 'json', '--env', 'prodution'], {
      cwd: repo.dir,
      env: { GITHUB_TOKEN: github.state.token, GITHUB_API_URL: github.url, GITHUB_ACTIONS: '' },
    });
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').slice(-2)).toEqual([
      'gitops-sync: Environment prodution is not in the gitops-sync config at the base commit, so its policy cannot be known; pass one of: production, prod.',
      '',
    ]);
    expect(run.code).toBe(1);
  });
});

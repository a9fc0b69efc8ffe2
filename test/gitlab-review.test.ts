/**
 * approve-safe and the gate on GitLab: the REST v4 adapter against a loopback GitLab serving the
 * documented payloads. No local clone here, so the base-commit policy is read through the
 * repository files API, and file modes come from the diffs' a_mode/b_mode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab, type GlDiff, type GlMr } from './support/fake-gitlab.js';

const gitlab = useFakeGitLab();
const workdir = mkdtempSync(join(tmpdir(), 'gitops-sync-gitlab-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const BASE = 'b'.repeat(40);
const HEAD = 'a'.repeat(40);
const author = glUser(10, 'alice');
const bob = glUser(11, 'bob');
const carol = glUser(12, 'carol');
const reporter = glUser(13, 'rita');

const modified = modifiedDiff;

function openMr(diffs: GlDiff[], overrides: Partial<GlMr> = {}): GlMr {
  const mr = glMergeRequest(author, diffs, overrides, { head: HEAD, base: BASE });
  gitlab.state.mrs.set(5, mr);
  gitlab.state.files = {
    [`${BASE}:gitops-sync.yaml`]: 'approval:\n  environments:\n    production: { production: true }\n',
    [`${BASE}:CODEOWNERS`]: '[Infra]\n/terraform/ @bob\n',
    [`${HEAD}:gitops-sync.yaml`]: 'approval:\n  safe_paths: ["**"]\n',
  };
  gitlab.state.members = { 10: 30, 11: 30, 12: 40, 13: 20 };
  gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true };
  return mr;
}

async function run(command: string, ...extra: string[]) {
  const result = await cli([command, '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--format', 'json', ...extra], {
    cwd: workdir,
    env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` },
  });
  return { ...result, decision: result.stdout ? JSON.parse(result.stdout) : undefined };
}

const approvals = () => gitlab.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/merge_requests/5/approve'));

describe('approve-safe on GitLab', () => {
  test('a docs-only merge request is approved once, with the evaluated sha', async () => {
    const mr = openMr([modified('docs/guide.md'), modified('apps/web/notes.md')]);
    expect((await run('approve-safe')).decision).toMatchObject({ safe: true, approved: true });
    expect(approvals().map((request) => request.body)).toEqual([{ sha: HEAD }]);
    expect(mr.approvedBy.map((user) => user.username)).toEqual(['gitops-bot']);
    await run('approve-safe');
    expect(approvals()).toHaveLength(1);
  });

  test.each<[string, GlDiff[], Partial<GlMr>, string]>([
    ['a symlink (b_mode 120000)', [{ ...modified('docs/link'), new_file: true, a_mode: '0', b_mode: '120000' }], {}, 'docs/link: it is a symbolic link'],
    ['a submodule', [modified('docs/vendor', '160000')], {}, 'docs/vendor: it is a submodule'],
    ['a mode change', [{ ...modified('docs/run.md'), b_mode: '100755' }], {}, 'docs/run.md: its mode changes from 100644 to 100755'],
    ['a rename out of terraform/', [{ ...modified('docs/main.md'), old_path: 'terraform/main.tf', renamed_file: true }], {}, 'docs/main.md: the old path "terraform/main.tf" is not a safe path'],
    ['a deleted Terraform file', [{ ...modified('terraform/prod.tf'), deleted_file: true, b_mode: '0' }], {}, 'terraform/prod.tf: the path is not a safe path'],
    ['the policy widened in the head', [modified('gitops-sync.yaml')], {}, 'gitops-sync.yaml: the path is a control (CI, CODEOWNERS or gitops-sync policy)'],
    ['an included CI file', [modified('.gitlab/ci/deploy.yml')], {}, '.gitlab/ci/deploy.yml: the path is a control (CI, CODEOWNERS or gitops-sync policy)'],
    ['more changes than GitLab lists', [modified('docs/a.md')], { changes_count: '1000+' }, ': the platform did not say exactly how many files changed'],
    ['a fork', [modified('docs/a.md')], { source_project_id: 77 }, ': the change comes from a fork'],
  ])('%s is not approved', async (_name, diffs, overrides, finding) => {
    openMr(diffs, overrides);
    const result = await run('approve-safe');
    expect(result.decision.findings.map((f: { path: string | null; reason: string }) => `${f.path ?? ''}: ${f.reason}`)).toContain(finding);
    expect(approvals()).toHaveLength(0);
    const labelled = gitlab.requests.find((request) => request.method === 'PUT' && request.path.endsWith('/merge_requests/5'));
    expect(labelled?.body).toEqual({ add_labels: 'gitops-sync:needs-review' });
    expect(gitlab.state.notes.filter((note) => !note.system && note.body.includes('gitops-sync:approve-safe'))).toHaveLength(1);
  });

  describe('a project whose pipeline runs a custom CI file (ci_config_path)', () => {
    const PIPELINE = {
      [`${BASE}:docs/pipeline.yml`]:
        'include:\n  - local: docs/ci/steps.yml\n  - project: group/project\n    ref: main\n    file: [docs/ci/shared.yml]\n  - component: $CI_SERVER_FQDN/group/project/deploy@main\ndeploy:\n  trigger:\n    include: docs/ci/child.yml\n',
      [`${BASE}:docs/ci/steps.yml`]: 'include: docs/ci/nested.yml\n.steps:\n  script: [echo ok]\n',
    };
    test.each([
      ['the custom CI file itself', 'docs/pipeline.yml'],
      ['a file it includes', 'docs/ci/steps.yml'],
      ['a file an included file includes', 'docs/ci/nested.yml'],
      ['a file it includes from this same project (include: project)', 'docs/ci/shared.yml'],
      ['a child pipeline it triggers (trigger: include)', 'docs/ci/child.yml'],
      ["one of this project's own components it includes", 'templates/deploy.yml'],
    ])('%s is a control: adding `curl … | sh` to it is not approved', async (_name, path) => {
      openMr([modified(path)]);
      Object.assign(gitlab.state.files, PIPELINE);
      gitlab.state.ciConfigPath = 'docs/pipeline.yml';
      const result = await run('approve-safe');
      expect(result.decision.findings).toEqual([{ path, reason: 'the path is a control (CI, CODEOWNERS or gitops-sync policy)' }]);
      expect(approvals()).toHaveLength(0);
    });

    test.each(['.gitlab-ci.yml@group/ci-templates', '.gitlab-ci.yml@group/ci-templates:v2', 'https://ci.example.com/generate/config.yml'])(
      'a CI file outside this repository (%s) cannot be judged here, so nothing is safe',
      async (ciConfigPath) => {
        openMr([modified('docs/guide.md')]);
        gitlab.state.ciConfigPath = ciConfigPath;
        const result = await run('approve-safe');
        expect(result.decision.findings).toEqual([
          { path: null, reason: `the project's CI/CD configuration file (${ciConfigPath}) is not in this repository, so what its pipeline runs cannot be judged here` },
        ]);
        expect(approvals()).toHaveLength(0);
      },
    );
  });

  test('an unsafe push after our approval withdraws it (projects that keep approvals on push)', async () => {
    const mr = openMr([modified('docs/guide.md')]);
    gitlab.state.projectApprovals.reset_approvals_on_push = false;
    await run('approve-safe');
    expect(mr.approvedBy.map((user) => user.username)).toEqual(['gitops-bot']);
    mr.sha = 'c'.repeat(40);
    mr.diffs.push(modified('terraform/main.tf'));
    const result = await run('approve-safe');
    expect(result.decision.actions[0]).toBe('withdraw the earlier approval');
    expect(mr.approvedBy).toEqual([]);
  });

  test('the CODEOWNERS owners of the unsafe paths become reviewers, and the note naming them is updated, not repeated', async () => {
    const mr = openMr([modified('terraform/main.tf')]);
    gitlab.state.users = [bob, carol];
    await run('approve-safe');
    await run('approve-safe');
    const notes = gitlab.state.notes.filter((note) => note.body.includes('gitops-sync:approve-safe'));
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toContain('| `terraform/main.tf` | the path is not a safe path | @bob |');
    expect(mr.reviewers?.map((user) => user.username)).toEqual(['bob']);
    const reviewerUpdates = gitlab.requests.filter((request) => request.method === 'PUT' && (request.body as { reviewer_ids?: number[] })?.reviewer_ids);
    expect(reviewerUpdates.map((request) => request.body)).toEqual([{ reviewer_ids: [bob.id] }]);
  });

  test('a 429 with retry-after is waited out', async () => {
    openMr([modified('docs/guide.md')]);
    gitlab.faults.push({ method: 'GET', path: /\/diffs/, status: 429, times: 1, headers: { 'retry-after': '1' }, body: 'Retry later\n' });
    expect((await run('approve-safe')).decision.approved).toBe(true);
  }, 20000);

  test('the head moving before the approval lands (409) is reported, not approved', async () => {
    openMr([modified('docs/guide.md')]);
    gitlab.faults.push({ method: 'POST', path: /\/approve$/, status: 409, times: 1, body: { message: 'SHA does not match HEAD of source branch' } });
    const result = await run('approve-safe');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The head of group\/project!5 moved while it was being evaluated, so it was not approved/);
  });
});

describe('the gate on GitLab', () => {
  test('two developers who are not the author approve: allowed', async () => {
    openMr([modified('terraform/main.tf')], { approvedBy: [bob, carol] });
    const result = await run('gate', '--env', 'production');
    expect(result.code).toBe(0);
    expect(result.decision.approvals_counted.map((a: { user: string }) => a.user)).toEqual(['bob', 'carol']);
  });

  test('the author and a reporter do not count', async () => {
    openMr([modified('terraform/main.tf')], { approvedBy: [author, reporter, bob] });
    const result = await run('gate', '--env', 'production');
    expect(result.code).toBe(3);
    expect(result.decision.approvals_rejected.map((a: { user: string; reason: string }) => `${a.user}: ${a.reason}`)).toEqual([
      'alice: is the author of the change',
      'rita: has no write permission on the repository',
    ]);
  });

  test('a project that keeps approvals on push or lets committers approve cannot prove four eyes: denied', async () => {
    openMr([modified('terraform/main.tf')], { approvedBy: [bob, carol] });
    gitlab.state.projectApprovals.reset_approvals_on_push = false;
    gitlab.state.projectApprovals.merge_requests_disable_committers_approval = false;
    const result = await run('gate', '--env', 'production');
    expect(result.code).toBe(3);
    expect(result.decision.approvals_counted).toEqual([]);
    expect(result.decision.approvals_rejected[0].reason).toMatch(/Remove all approvals when commits are added.*Prevent approvals by users who add commits/);
  });

  test.each(['project_123_bot1', 'group_4_bot2'])('an access-token bot with an older name (%s) plus one person is not two approvals', async (name) => {
    const bot = glUser(99, name, { bot: true });
    openMr([modified('terraform/main.tf')], { approvedBy: [bob, bot] });
    gitlab.state.members[bot.id] = 30;
    const result = await run('gate', '--env', 'production');
    expect(result.code).toBe(3);
    expect(result.decision.approvals_counted.map((a: { user: string }) => a.user)).toEqual(['bob']);
    expect(result.decision.approvals_rejected).toEqual([{ user: name, id: bot.id, reason: 'is a bot' }]);
  });

  test('an approver GitLab cannot confirm as a person (user lookup refused, or no bot field) does not count, and the decision says why', async () => {
    openMr([modified('terraform/main.tf')], { approvedBy: [bob, carol] });
    const rejected = (decision: { approvals_rejected: { user: string; reason: string }[] }) => decision.approvals_rejected.map((a) => `${a.user}: ${a.reason}`);

    gitlab.faults.push({ method: 'GET', path: /\/users\/12$/, status: 403, times: 1 });
    const refused = await run('gate', '--env', 'production');
    expect(refused.code).toBe(3);
    expect(rejected(refused.decision)).toEqual([
      "carol: could not be confirmed as a person, so the approval does not count (GitLab refused to read carol's account (403); the token needs the read_api scope and at least the Reporter role)",
    ]);

    const { bot: _bot, ...withoutBot } = { id: carol.id, username: carol.username, name: carol.name, state: 'active', bot: false };
    gitlab.faults.push({ method: 'GET', path: /\/users\/12$/, status: 200, times: 1, body: withoutBot });
    const silent = await run('gate', '--env', 'production');
    expect(silent.code).toBe(3);
    expect(rejected(silent.decision)).toEqual(['carol: could not be confirmed as a person, so the approval does not count (GitLab\'s user API did not say whether carol is a bot)']);
  });

  test('a GitLab section needing the code owner is missing without bob', async () => {
    openMr([modified('terraform/main.tf')], { approvedBy: [carol, glUser(14, 'dan')] });
    gitlab.state.members[14] = 30;
    const result = await run('gate', '--env', 'production');
    expect(result.decision.missing).toEqual(['code owners: an approval from @bob (section Infra) for terraform/main.tf']);
  });
});

describe('who counts on GitLab: active accounts, direct members of a team', () => {
  test.each(['blocked', 'banned', 'deactivated', 'ldap_blocked'])('an approval by a %s account does not count', async (state) => {
    openMr([modified('terraform/main.tf')], { approvedBy: [bob, carol] });
    gitlab.faults.push({ method: 'GET', path: /\/users\/12$/, status: 200, times: 5, body: { id: carol.id, username: carol.username, name: carol.name, state, locked: state !== 'active', bot: false } });
    const { code, decision } = await run('gate', '--env', 'production');
    expect(code).toBe(3);
    expect(decision.approvals_counted.map((approval: { user: string }) => approval.user)).toEqual(['bob']);
    expect(decision.approvals_rejected).toEqual([{ user: 'carol', id: carol.id, reason: expect.stringContaining(`GitLab says carol's account is ${state}`) }]);
  });

  /** `GET /groups/:id/members/all/:user_id` answers for members of every ancestor group too: only direct members count. */
  async function teamGate(approvers: (typeof bob)[]) {
    openMr([modified('terraform/main.tf')], { approvedBy: approvers });
    gitlab.state.files = { [`${BASE}:gitops-sync.yaml`]: 'approval:\n  environments:\n    staging:\n      required_approvals: 1\n      required_teams: [acme/security]\n' };
    // bob is in the whole company's group, carol in its security subgroup.
    gitlab.state.groups = { acme: { [bob.id]: 30 }, 'acme/security': { [carol.id]: 30 } };
    return run('gate', '--env', 'staging');
  }

  test('required_teams: [acme/security] is not satisfied by a member of the parent group acme', async () => {
    const { code, decision } = await teamGate([bob]);
    expect(code).toBe(3);
    expect(decision.allowed).toBe(false);
  });

  test('a member of acme/security satisfies it', async () => {
    const { code, decision } = await teamGate([carol]);
    expect(decision.missing).toEqual([]);
    expect(code).toBe(0);
  });
});

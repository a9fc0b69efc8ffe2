/**
 * The pure four-eyes rules: which changes approve-safe may approve alone, and which approvals the
 * gate counts. Each bypass attempt the issue names is a case here; the adapters are tested against
 * loopback APIs in approve-safe.test.ts and gate.test.ts.
 */
import { describe, expect, test } from '@jest/globals';
import {
  ApprovalEnvironment,
  assessSafety,
  DEFAULT_SAFE_PATHS,
  environmentInputs,
  evaluateGate,
  gitlabCiFiles,
  parseCodeowners,
  type ChangedFile,
  type ChangeRequest,
  type GateInput,
  type Person,
  type Review,
} from '@gitops-sync/core';

const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);
const author: Person = { id: 1, login: 'alice', bot: false };
const bob: Person = { id: 2, login: 'bob', bot: false };
const carol: Person = { id: 3, login: 'carol', bot: false };

function request(overrides: Partial<ChangeRequest> = {}, files = 1): ChangeRequest {
  return { number: 7, author, headSha: HEAD, baseSha: OLD, draft: false, open: true, merged: false, fromFork: false, baseRef: 'main', changedFiles: files, ...overrides };
}

const file = (path: string, overrides: Partial<ChangedFile> = {}): ChangedFile => ({ path, status: 'modified', oldMode: '100644', newMode: '100644', ...overrides });

const policy = { safePaths: DEFAULT_SAFE_PATHS, extraControls: ['gitops-sync.yaml'] };

function assess(files: ChangedFile[], overrides: Partial<ChangeRequest> = {}) {
  return assessSafety(request(overrides, files.length), files, policy);
}

describe('approve-safe assessment', () => {
  test.each([
    ['docs/guide.md'],
    ['README.md'],
    ['CHANGELOG.md'],
    ['apps/web/notes.md'],
  ])('%s alone is safe', (path) => {
    expect(assess([file(path)])).toEqual({ safe: true, findings: [] });
  });

  test.each([
    ['terraform/main.tf', 'is not a safe path'],
    ['apps/web/values-prod.yaml', 'is not a safe path'],
    ['apps/web/values-dev.yaml', 'is not a safe path'],
    ['README.auto.tfvars', 'is not a safe path'],
    ['README', 'is not a safe path'],
    ['.github/workflows/ci.yml', 'is a control'],
    ['.GitHub/Workflows/ci.yml', 'is a control'],
    ['docs/CODEOWNERS', 'is a control'],
    ['.github/CODEOWNERS', 'is a control'],
    ['CODEOWNERS', 'is a control'],
    ['.gitlab/CODEOWNERS', 'is a control'],
    ['.gitlab-ci.yml', 'is a control'],
    ['gitops-sync.yaml', 'is a control'],
    ['docs/../terraform/main.tf', '".." segment'],
    ['./docs/x.md', '"." or ".." segment'],
    ['docs//x.md', 'empty'],
    ['docs /x.md', 'trailing spaces'],
    ['docs/x.md ', 'trailing spaces'],
    ['dоcs/x.tf', 'printable ASCII'], // Cyrillic "о"
    ['Docs/main.tf', 'is not a safe path'],
    ['/docs/x.md', 'not a plain relative path'],
  ])('%s is unsafe: %s', (path, reason) => {
    const result = assess([file(path)]);
    expect(result.safe).toBe(false);
    expect(result.findings).toEqual([expect.objectContaining({ path, reason: expect.stringContaining(reason) })]);
  });

  test('a rename needs both paths safe: terraform/main.tf → docs/main.md is not', () => {
    const result = assess([file('docs/main.md', { status: 'renamed', previousPath: 'terraform/main.tf' })]);
    expect(result.findings[0].reason).toMatch(/old path "terraform\/main.tf" is not a safe path/);
    expect(assess([file('docs/b.md', { status: 'renamed', previousPath: 'docs/a.md' })]).safe).toBe(true);
  });

  test('deleting an unsafe path is unsafe; deleting a doc is safe', () => {
    expect(assess([file('terraform/prod.tf', { status: 'removed', newMode: '0' })]).safe).toBe(false);
    expect(assess([file('docs/old.md', { status: 'removed', newMode: '0' })]).safe).toBe(true);
  });

  test('symlinks, submodules, mode changes and unknown modes are unsafe even under docs/', () => {
    expect(assess([file('docs/link', { status: 'added', oldMode: '0', newMode: '120000' })]).findings[0].reason).toBe('it is a symbolic link');
    expect(assess([file('docs/vendor', { oldMode: '160000', newMode: '160000' })]).findings[0].reason).toBe('it is a submodule');
    expect(assess([file('docs/run.md', { newMode: '100755' })]).findings[0].reason).toMatch(/mode changes from 100644 to 100755/);
    expect(assess([file('docs/x.md', { oldMode: undefined })]).findings[0].reason).toBe('its file mode is unknown');
  });

  test.each(['copied', 'changed', 'unchanged', 'typechange'])('status %s is unknown and unsafe', (status) => {
    expect(assess([file('docs/x.md', { status })]).findings[0].reason).toMatch(/not one approve-safe understands/);
  });

  test('the listed files must add up to changed_files and stay within 3,000', () => {
    const files = [file('docs/a.md'), file('docs/b.md')];
    expect(assessSafety(request({ changedFiles: 3 }), files, policy).findings).toEqual([{ path: null, reason: 'the platform listed 2 files but says 3 changed' }]);
    const many = Array.from({ length: 3001 }, (_, i) => file(`docs/${i}.md`));
    expect(assessSafety(request({ changedFiles: 3001 }), many, policy).findings[0].reason).toMatch(/more than 3000 files/);
    expect(assessSafety(request({ changedFiles: undefined }), files, policy).findings[0].reason).toMatch(/did not say exactly/);
  });

  test('forks, drafts and closed changes are never approved', () => {
    const docs = [file('docs/a.md')];
    expect(assess(docs, { fromFork: true }).findings[0].reason).toBe('the change comes from a fork');
    expect(assess(docs, { draft: true }).findings[0].reason).toBe('the change is a draft');
    expect(assess(docs, { open: false }).findings[0].reason).toBe('the change is not open');
  });

  describe('a path safe_paths matches is still unsafe when something loads it', () => {
    const wide = { safePaths: ['README*', 'docs/**', '**/*.md', '**/values-dev.yaml', 'infra/notes/**'], extraControls: ['deploy/gitops-sync.yaml'] };
    const config = {
      environments: {
        prod: { terraform: { dir: '../infra', var_files: ['../docs/prod-vars.txt'], backend_config: ['backend.hcl', 'key=prod'], binary: 'terraform' as const } },
        dev: {
          kubernetes: {
            helm: { chart: '../charts/web', release: 'web', values: ['../apps/web/values-dev.yaml'], set: [] },
            live: { export: 'live/dev.yaml' },
            namespace: 'default',
            ignore_differences: [],
          },
        },
        docs: { kubernetes: { kustomize: '../docs/site', live: { kubectl: true as const }, namespace: 'default', ignore_differences: [] } },
      },
    };
    const { inputs, unknown } = environmentInputs(config, 'deploy/gitops-sync.yaml');
    const withInputs = { ...wide, environmentInputs: inputs };
    test.each([
      ['README.auto.tfvars', 'a file Terraform, OpenTofu, kustomize, Helm, Jsonnet or CI tooling loads by its name'],
      ['docs/README.tf.json', 'a file Terraform'],
      ['docs/modules/net/main.tofu', 'a file Terraform'],
      ['docs/kustomization.yaml', 'loads by its name'],
      ['docs/site/README.md', 'loaded by environment docs'],
      ['infra/notes/README.md', 'loaded by environment prod'],
      ['INFRA/notes/readme.md', 'loaded by environment prod'],
      ['docs/prod-vars.txt', 'loaded by environment prod'],
      ['deploy/backend.hcl', 'not a safe path'],
      ['apps/web/values-dev.yaml', 'loaded by environment dev'],
      ['charts/web/README.md', 'loaded by environment dev'],
      ['deploy/live/dev.yaml', 'not a safe path'],
      ['docs/.sops.yaml', 'encrypted at rest'],
      ['docs/.gitattributes', 'encrypted at rest'],
    ])('%s: %s', (path, reason) => {
      const result = assessSafety(request(), [file(path)], withInputs);
      expect(result.safe).toBe(false);
      expect(result.findings[0].reason).toContain(reason);
    });

    test('plain documentation outside every source stays safe', () => {
      expect(assessSafety(request({}, 2), [file('docs/guide.md'), file('README.md')], withInputs)).toEqual({ safe: true, findings: [] });
      expect(unknown).toEqual([]);
    });

    test('a source outside the repository makes nothing provably safe', () => {
      const outside = environmentInputs({ environments: { prod: { terraform: { dir: '../../elsewhere', var_files: [], backend_config: [], binary: 'terraform' } } } }, 'deploy/gitops-sync.yaml');
      expect(outside.unknown).toEqual(['prod loads "../../elsewhere", outside the repository']);
      const absolute = environmentInputs({ environments: { prod: { kubernetes: { manifests: ['/srv/k8s'], live: { kubectl: true }, namespace: 'default', ignore_differences: [] } } } }, 'gitops-sync.yaml');
      expect(absolute.unknown).toHaveLength(1);
    });
  });

  test('CI files the base .gitlab-ci.yml includes locally are controls', () => {
    const { files: includes } = gitlabCiFiles('include:\n  - local: ci/deploy.yml\n  - project: other/project\n    file: x.yml\n  - /ci/lint.md\n  - https://example.com/remote.yml\n');
    expect(includes).toEqual(['ci/deploy.yml', 'ci/lint.md']);
    const result = assessSafety(request(), [file('ci/lint.md')], { ...policy, extraControls: includes });
    expect(result.findings[0].reason).toMatch(/is a control/);
  });
});

function gateInput(overrides: Partial<GateInput> = {}): GateInput {
  return {
    environment: 'production',
    policy: ApprovalEnvironment.parse({ production: true }),
    bots: ['deploy-robot'],
    request: request(),
    reviews: [],
    commits: [{ sha: HEAD, userIds: [author.id], unresolved: [] }],
    writers: new Set([bob.id, carol.id, 4, 5, 6]),
    teams: new Map(),
    owners: [],
    critical: false,
    safe: false,
    platformProblems: [],
    ...overrides,
  };
}

const approve = (user: Person, order: number, commitSha = HEAD): Review => ({ user, state: 'APPROVED', commitSha, order });

describe('the gate', () => {
  test('two independent approvals on the head allow production', () => {
    const decision = evaluateGate(gateInput({ reviews: [approve(bob, 1), approve(carol, 2)] }));
    expect(decision).toMatchObject({ allowed: true, required_approvals: 2, missing: [] });
    expect(decision.approvals_counted.map((approval) => approval.user)).toEqual(['bob', 'carol']);
  });

  test('a merged change can still pass the gate (sync after merge); one closed unmerged cannot', () => {
    const reviews = [approve(bob, 1), approve(carol, 2)];
    expect(evaluateGate(gateInput({ reviews, request: request({ open: false, merged: true }) })).allowed).toBe(true);
    expect(evaluateGate(gateInput({ reviews, request: request({ open: false, merged: false }) })).missing).toEqual(['the change was closed without being merged']);
  });

  test('production needs two by default, other environments one', () => {
    expect(evaluateGate(gateInput({ reviews: [approve(bob, 1)] })).missing).toEqual(['2 approvals from independent reviewers with write access (have 1)']);
    expect(evaluateGate(gateInput({ environment: 'staging', policy: ApprovalEnvironment.parse({}), reviews: [approve(bob, 1)] })).allowed).toBe(true);
  });

  const bypasses: [string, Partial<GateInput>, string][] = [
    ['self-approval', { reviews: [approve(author, 1), approve(bob, 2)] }, 'is the author of the change'],
    ['approval on an older commit', { reviews: [approve(bob, 1, OLD), approve(carol, 2)] }, 'approved an older commit'],
    ['a bot of type Bot', { reviews: [approve({ id: 9, login: 'renovate', bot: true }, 1), approve(bob, 2)], writers: new Set([9, 2]) }, 'is a bot'],
    ['a [bot] login', { reviews: [approve({ id: 9, login: 'helper[bot]', bot: false }, 1), approve(bob, 2)], writers: new Set([9, 2]) }, 'is a bot'],
    ['a configured bot', { reviews: [approve({ id: 9, login: 'Deploy-Robot', bot: false }, 1), approve(bob, 2)], writers: new Set([9, 2]) }, 'is a bot'],
    ['a commit author approving', { reviews: [approve(bob, 1), approve(carol, 2)], commits: [{ sha: HEAD, userIds: [author.id, carol.id], unresolved: [] }] }, 'authored or committed'],
    ['no write access', { reviews: [approve(bob, 1), approve(carol, 2)], writers: new Set([bob.id]) }, 'no write permission'],
    ['approvals GitLab cannot tie to the head', { reviews: [approve(bob, 1), approve(carol, 2)], platformProblems: ['approvals are kept on push'] }, 'approvals are kept on push'],
  ];
  test.each(bypasses)('%s does not count', (_name, overrides, reason) => {
    const decision = evaluateGate(gateInput(overrides));
    expect(decision.allowed).toBe(false);
    expect(decision.approvals_rejected).toEqual(expect.arrayContaining([expect.objectContaining({ reason: expect.stringContaining(reason) })]));
    expect(decision.approvals_counted.length).toBeLessThan(2);
  });

  test('the same user twice (or renamed) counts once, by numeric id', () => {
    const renamed = { ...bob, login: 'bob-new' };
    const decision = evaluateGate(gateInput({ reviews: [approve(bob, 1), approve(renamed, 2)] }));
    expect(decision.approvals_counted).toHaveLength(1);
    expect(decision.allowed).toBe(false);
  });

  test('only the latest review counts: approve then request changes is no approval; a later comment does not withdraw one', () => {
    const changes: Review = { user: bob, state: 'CHANGES_REQUESTED', commitSha: HEAD, order: 3 };
    expect(evaluateGate(gateInput({ reviews: [approve(bob, 1), approve(carol, 2), changes] })).approvals_counted.map((a) => a.user)).toEqual(['carol']);
    const comment: Review = { user: bob, state: 'COMMENTED', commitSha: HEAD, order: 3 };
    expect(evaluateGate(gateInput({ reviews: [approve(bob, 1), approve(carol, 2), comment] })).allowed).toBe(true);
    const dismissed: Review = { user: bob, state: 'DISMISSED', commitSha: HEAD, order: 3 };
    expect(evaluateGate(gateInput({ reviews: [approve(bob, 1), approve(carol, 2), dismissed] })).allowed).toBe(false);
  });

  test('a commit whose author has no account denies: independence cannot be proven', () => {
    const decision = evaluateGate(gateInput({ reviews: [approve(bob, 1), approve(carol, 2)], commits: [{ sha: HEAD, userIds: [], unresolved: ['author Mallory'] }] }));
    expect(decision.allowed).toBe(false);
    expect(decision.missing[0]).toMatch(/author Mallory/);
  });

  test('required teams and the critical team need an approving member', () => {
    const policy = ApprovalEnvironment.parse({ production: true, required_teams: ['acme/platform'], critical_requires_team: 'acme/security-team' });
    const teams = new Map([['acme/platform', new Set([bob.id])], ['acme/security-team', new Set<number>()]]);
    const reviews = [approve(bob, 1), approve(carol, 2)];
    expect(evaluateGate(gateInput({ policy, teams, reviews })).allowed).toBe(true);
    expect(evaluateGate(gateInput({ policy, teams, reviews, critical: true })).missing).toEqual(['the drift report has critical changes: an approval from a member of acme/security-team']);
    expect(evaluateGate(gateInput({ policy, teams: new Map(), reviews })).missing).toEqual(['an approval from a member of acme/platform']);
  });

  test('every changed path needs an approval from its code owners; GitLab sections count approvals', () => {
    const github = parseCodeowners('*.tf @acme/infra\n/docs/ @carol\n', 'github');
    const owners = [{ path: 'main.tf', requirements: github.requirementsFor('main.tf') }, { path: 'docs/a.md', requirements: github.requirementsFor('docs/a.md') }];
    const teams = new Map([['acme/infra', new Set([bob.id])]]);
    expect(evaluateGate(gateInput({ owners, teams, reviews: [approve(bob, 1), approve(carol, 2)] })).allowed).toBe(true);
    const withoutCarol = evaluateGate(gateInput({ owners, teams, reviews: [approve(bob, 1), approve({ id: 4, login: 'dave', bot: false }, 2)] }));
    expect(withoutCarol.missing).toEqual(['code owners: an approval from @carol for docs/a.md']);

    const gitlab = parseCodeowners('[Infra][2]\n*.tf @bob @carol @dave\n^[Docs]\n*.md @erin\n', 'gitlab');
    const tfOwners = [{ path: 'main.tf', requirements: gitlab.requirementsFor('main.tf') }];
    expect(evaluateGate(gateInput({ owners: tfOwners, reviews: [approve(bob, 1), approve({ id: 5, login: 'frank', bot: false }, 2)] })).missing).toEqual([
      'code owners: 2 approvals from @bob or @carol or @dave (section Infra) for main.tf',
    ]);
    expect(evaluateGate(gateInput({ owners: tfOwners, reviews: [approve(bob, 1), approve(carol, 2)] })).allowed).toBe(true);
  });

  test('allow_auto_approved lets a safe change pass without humans outside production only', () => {
    const staging = ApprovalEnvironment.parse({ allow_auto_approved: true });
    expect(evaluateGate(gateInput({ environment: 'staging', policy: staging, safe: true })).allowed).toBe(true);
    expect(evaluateGate(gateInput({ environment: 'staging', policy: staging, safe: false })).allowed).toBe(false);
    // The config refuses this combination; the gate holds even if it got through.
    expect(() => ApprovalEnvironment.parse({ production: true, allow_auto_approved: true })).toThrow(/production environment cannot/);
    const production = { ...ApprovalEnvironment.parse({ production: true }), allow_auto_approved: true };
    expect(evaluateGate(gateInput({ policy: production, safe: true })).allowed).toBe(false);
  });
});

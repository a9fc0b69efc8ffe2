/**
 * Attacks on how approve-safe finds the files a GitLab pipeline runs (ci_config_path and its includes):
 * CI files GitLab reads fine but a plain YAML parser does not, and include paths written another way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { cli } from './support/cli.js';
import { glMergeRequest, glUser, modifiedDiff, useFakeGitLab, type GlDiff } from './support/fake-gitlab.js';

const gitlab = useFakeGitLab();
const workdir = mkdtempSync(join(tmpdir(), 'gitops-sync-attack3-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const BASE = 'b'.repeat(40);
const HEAD = 'a'.repeat(40);
const author = glUser(10, 'alice');

function openMr(diffs: GlDiff[], ciFiles: Record<string, string>) {
  gitlab.state.mrs.set(5, glMergeRequest(author, diffs, {}, { head: HEAD, base: BASE }));
  gitlab.state.files = {
    [`${BASE}:gitops-sync.yaml`]: 'approval:\n  environments:\n    production: { production: true }\n',
    ...Object.fromEntries(Object.entries(ciFiles).map(([path, text]) => [`${BASE}:${path}`, text])),
  };
  gitlab.state.members = { 10: 30 };
  gitlab.state.projectApprovals = { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: true };
}

async function approveSafe() {
  const result = await cli(['approve-safe', '--platform', 'gitlab', '--repo', 'group/project', '--pr', '5', '--format', 'json'], {
    cwd: workdir,
    env: { GITLAB_TOKEN: gitlab.state.token, CI_API_V4_URL: `${gitlab.url}/api/v4` },
  });
  return JSON.parse(result.stdout) as { safe: boolean; approved: boolean; findings: { path: string | null; reason: string }[] };
}

const approvals = () => gitlab.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/merge_requests/5/approve'));
const CONTROL = 'the path is a control (CI, CODEOWNERS or gitops-sync policy)';

describe('attack: GitLab CI files a plain YAML parser cannot read', () => {
  test.each([
    ['a `!reference` tag in .gitlab-ci.yml', { '.gitlab-ci.yml': 'include:\n  - local: docs/ci/deploy.yml\n.setup:\n  script: [echo setup]\nbuild:\n  script:\n    - !reference [.setup, script]\n' }],
    [
      'an included file with a `spec:` header (two YAML documents)',
      { '.gitlab-ci.yml': 'include:\n  - local: ci/build.yml\n', 'ci/build.yml': 'spec:\n  inputs:\n    stage:\n      default: test\n---\ninclude:\n  - local: docs/ci/deploy.yml\n' },
    ],
    ['an include written `./docs/…`', { '.gitlab-ci.yml': 'include:\n  - local: ./docs/ci/deploy.yml\n' }],
  ])('%s: adding `curl … | sh` to the file it includes under docs/ is not approved', async (_name, ciFiles) => {
    openMr([modifiedDiff('docs/ci/deploy.yml')], ciFiles);
    const result = await approveSafe();
    expect(result.findings).toEqual([{ path: 'docs/ci/deploy.yml', reason: CONTROL }]);
    expect(approvals()).toHaveLength(0);
  });

  test('a base CI file that cannot be parsed at all: nothing is safe (what it includes is unknown)', async () => {
    openMr([modifiedDiff('docs/guide.md')], { '.gitlab-ci.yml': 'include:\n  - local: docs/ci/deploy.yml\njob: [unclosed\n' });
    const result = await approveSafe();
    expect(result.safe).toBe(false);
    expect(result.findings).toEqual([{ path: null, reason: expect.stringContaining('.gitlab-ci.yml at the base commit is not YAML gitops-sync can read') }]);
    expect(approvals()).toHaveLength(0);
  });
});

describe('attack: includes reached through a glob include', () => {
  // `include: local: ci/*.yml` guards the files the glob matches; what those include must be guarded too.
  test('a file a glob-matched include includes is a control', async () => {
    openMr([modifiedDiff('docs/ci/deploy.yml')], { '.gitlab-ci.yml': "include:\n  - local: 'ci/*.yml'\n", 'ci/build.yml': 'include:\n  - local: docs/ci/deploy.yml\n' });
    const result = await approveSafe();
    expect(result.findings).toEqual([{ path: 'docs/ci/deploy.yml', reason: CONTROL }]);
    expect(approvals()).toHaveLength(0);
  });

  test('a glob include that matches nothing today still lets a docs change through', async () => {
    openMr([modifiedDiff('docs/guide.md')], { '.gitlab-ci.yml': "include:\n  - local: 'ci/**/*.yml'\n" });
    const result = await approveSafe();
    expect(result).toMatchObject({ safe: true, approved: true });
  });
});

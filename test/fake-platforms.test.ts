import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GITHUB_SECONDARY_RATE_LIMIT_BODY, ghUser, useFakeGitHub, type GhPull } from './support/fake-github.js';
import { GITLAB_RATE_LIMIT_BODY, glUser, startFakeGitLab, type FakeGitLab, type GlMr } from './support/fake-gitlab.js';

const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);
const alice = ghUser('alice', 101);

function pull(overrides: Partial<GhPull> = {}): GhPull {
  return {
    number: 7,
    user: alice,
    draft: false,
    state: 'open',
    head: { sha: HEAD, ref: 'feature', repoFullName: 'owner/repo' },
    base: { sha: BASE, ref: 'main', repoFullName: 'owner/repo' },
    files: Array.from({ length: 65 }, (_, i) => ({ filename: `envs/prod/app-${i}.yaml`, status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b' })),
    reviews: [],
    commits: [{ sha: HEAD, author: alice, committer: null, authorName: 'Alice', authorEmail: 'alice@example.com', committerName: 'GitHub', committerEmail: 'noreply@github.com' }],
    labels: [],
    requested_reviewers: [],
    requested_teams: [],
    ...overrides,
  };
}

describe('fake GitHub', () => {
  const gh = useFakeGitHub(() => ({ pulls: new Map([[7, pull()]]), permissions: { alice: 'write' }, contents: { 'main:gitops-sync.yaml': 'x'.repeat(100) } }));
  const get = (path: string, token: string | null = gh.state.token) => fetch(`${gh.url}${path}`, { headers: token === null ? {} : { authorization: `token ${token}` } });

  it('paginates with GitHub link headers built from the request host', async () => {
    const first = await get('/repos/owner/repo/pulls/7/files');
    expect(first.status).toBe(200);
    expect(await first.json()).toHaveLength(30);
    const files = `${gh.url}/repos/owner/repo/pulls/7/files`;
    expect(first.headers.get('link')).toBe(`<${files}?page=2>; rel="next", <${files}?page=3>; rel="last"`);

    const middle = await get('/repos/owner/repo/pulls/7/files?per_page=30&page=2');
    expect(middle.headers.get('link')).toBe(
      `<${files}?per_page=30&page=1>; rel="prev", <${files}?per_page=30&page=3>; rel="next", <${files}?per_page=30&page=3>; rel="last", <${files}?per_page=30&page=1>; rel="first"`,
    );
    const last = await get('/repos/owner/repo/pulls/7/files?page=3');
    const lastBody = (await last.json()) as { filename: string; sha: string; changes: number; contents_url: string }[];
    expect(lastBody.map((f) => f.filename)).toEqual(Array.from({ length: 5 }, (_, i) => `envs/prod/app-${60 + i}.yaml`));
    expect(lastBody[0]).toMatchObject({ status: 'modified', additions: 1, deletions: 1, changes: 2, patch: '@@ -1 +1 @@\n-a\n+b' });
    expect(last.headers.get('link')).toBe(`<${files}?page=2>; rel="prev", <${files}?page=1>; rel="first"`);

    const all = await get('/repos/owner/repo/pulls/7/files?per_page=100');
    expect(await all.json()).toHaveLength(65);
    expect(all.headers.get('link')).toBeNull();
    expect(gh.requests.map((r) => [r.method, r.path, r.query.get('page')])).toEqual([
      ['GET', '/repos/owner/repo/pulls/7/files', null],
      ['GET', '/repos/owner/repo/pulls/7/files', '2'],
      ['GET', '/repos/owner/repo/pulls/7/files', '3'],
      ['GET', '/repos/owner/repo/pulls/7/files', null],
    ]);
  });

  it('serves a fault once, then answers normally', async () => {
    gh.faults.push({ method: 'GET', path: /\/pulls\/7\/files\?.*page=2/, status: 403, times: 1, headers: { 'retry-after': '1' }, body: GITHUB_SECONDARY_RATE_LIMIT_BODY });
    expect((await get('/repos/owner/repo/pulls/7/files?page=1')).status).toBe(200);
    const limited = await get('/repos/owner/repo/pulls/7/files?page=2');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual(GITHUB_SECONDARY_RATE_LIMIT_BODY);
    expect(gh.faults).toEqual([]);
    const retried = await get('/repos/owner/repo/pulls/7/files?page=2');
    expect(retried.status).toBe(200);
    expect(await retried.json()).toHaveLength(30);
  });

  it('rejects a missing or wrong token and 404s unknown routes', async () => {
    for (const token of [null, 'nope']) {
      const res = await get('/repos/owner/repo/pulls/7', token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ message: 'Bad credentials' });
    }
    const bearer = await fetch(`${gh.url}/repos/owner/repo`, { headers: { authorization: `Bearer ${gh.state.token}` } });
    expect(await bearer.json()).toMatchObject({ full_name: 'owner/repo', default_branch: 'main', private: true });
    for (const path of ['/repos/owner/repo/nothing-here', '/repos/other/repo/pulls/7', '/repos/owner/repo/pulls/8']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ message: 'Not Found' });
    }
  });

  it('serves the pull request in GitHub’s shape and runs the onGet hook after answering', async () => {
    gh.state.pulls.get(7)!.onGet = (p) => {
      p.head.sha = 'c'.repeat(40);
    };
    const first = (await (await get('/repos/owner/repo/pulls/7')).json()) as Record<string, any>;
    expect(first).toMatchObject({
      number: 7,
      state: 'open',
      draft: false,
      changed_files: 65,
      commits: 1,
      user: { login: 'alice', id: 101, type: 'User' },
      head: { sha: HEAD, ref: 'feature', label: 'owner:feature', repo: { full_name: 'owner/repo', fork: false } },
      base: { sha: BASE, ref: 'main', repo: { full_name: 'owner/repo' } },
      author_association: 'COLLABORATOR',
      mergeable: null,
    });
    const second = (await (await get('/repos/owner/repo/pulls/7')).json()) as Record<string, any>;
    expect(second.head.sha).toBe('c'.repeat(40));
  });

  it('creates a review as the token user and refuses self-approval', async () => {
    const post = (body: unknown) =>
      fetch(`${gh.url}/repos/owner/repo/pulls/7/reviews`, { method: 'POST', headers: { authorization: `token ${gh.state.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = await post({ commit_id: HEAD, event: 'APPROVE', body: 'LGTM' });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ state: 'APPROVED', commit_id: HEAD, body: 'LGTM', user: { login: 'github-actions[bot]', type: 'Bot' } });
    expect(gh.state.pulls.get(7)!.reviews).toHaveLength(1);
    expect(gh.requests.at(-1)?.body).toEqual({ commit_id: HEAD, event: 'APPROVE', body: 'LGTM' });

    gh.state.tokenUser = alice;
    const own = await post({ event: 'APPROVE' });
    expect(own.status).toBe(422);
    expect(await own.json()).toMatchObject({ message: 'Unprocessable Entity', errors: ['Can not approve your own pull request'] });
  });

  it('serves contents as GitHub does (base64 in 60-character lines) and permissions', async () => {
    const file = (await (await get('/repos/owner/repo/contents/gitops-sync.yaml')).json()) as { content: string; encoding: string; size: number };
    expect(file).toMatchObject({ type: 'file', encoding: 'base64', size: 100, path: 'gitops-sync.yaml', name: 'gitops-sync.yaml' });
    expect(file.content.split('\n').map((line) => line.length)).toEqual([60, 60, 16, 0]);
    expect(Buffer.from(file.content, 'base64').toString()).toBe('x'.repeat(100));
    expect((await get('/repos/owner/repo/contents/gitops-sync.yaml?ref=feature')).status).toBe(404);
    expect(await (await get('/repos/owner/repo/collaborators/alice/permission')).json()).toMatchObject({ permission: 'write', role_name: 'write', user: { login: 'alice' } });
    expect(await (await get('/repos/owner/repo/collaborators/github-actions%5Bbot%5D/permission')).json()).toMatchObject({ permission: 'none', role_name: '' });
    expect((await get('/repos/owner/repo/collaborators/nobody/permission')).status).toBe(404);
  });
});

const MR_HEAD = 'd'.repeat(40);
const bob = glUser(7, 'bob', { name: 'Bob' });

function mr(overrides: Partial<GlMr> = {}): GlMr {
  return {
    iid: 3,
    author: bob,
    draft: false,
    state: 'opened',
    sha: MR_HEAD,
    base_sha: BASE,
    source_project_id: 42,
    target_project_id: 42,
    source_branch: 'feature',
    target_branch: 'main',
    diffs: Array.from({ length: 45 }, (_, i) => ({
      old_path: `envs/app-${i}.yaml`,
      new_path: `envs/app-${i}.yaml`,
      a_mode: '100644',
      b_mode: '100644',
      new_file: false,
      renamed_file: false,
      deleted_file: false,
    })),
    approvedBy: [],
    labels: ['b', 'a'],
    commits: [],
    ...overrides,
  };
}

describe('fake GitLab', () => {
  let gl: FakeGitLab;
  beforeAll(async () => {
    gl = await startFakeGitLab();
  });
  afterAll(() => gl.close());
  beforeEach(() => gl.reset({ mrs: new Map([[3, mr()]]), files: { 'main:deploy/app.yaml': 'kind: Deployment\n' } }));

  const call = (method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${gl.url}/api/v4${path}`, {
      method,
      headers: { 'private-token': gl.state.token, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });

  it('paginates with x-* headers and a link header, addressing the project by encoded path', async () => {
    const res = await call('GET', '/projects/group%2Fproject/merge_requests/3/diffs');
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveLength(20);
    expect(Object.fromEntries(['x-page', 'x-per-page', 'x-next-page', 'x-prev-page', 'x-total', 'x-total-pages'].map((h) => [h, res.headers.get(h)]))).toEqual({
      'x-page': '1',
      'x-per-page': '20',
      'x-next-page': '2',
      'x-prev-page': '',
      'x-total': '45',
      'x-total-pages': '3',
    });
    const base = `${gl.url}/api/v4/projects/group%2Fproject/merge_requests/3/diffs?id=group%2Fproject&merge_request_iid=3`;
    expect(res.headers.get('link')).toBe(`<${base}&page=2&per_page=20>; rel="next", <${base}&page=1&per_page=20>; rel="first", <${base}&page=3&per_page=20>; rel="last"`);

    const last = await call('GET', '/projects/42/merge_requests/3/diffs?page=3');
    const diffs = (await last.json()) as { new_path: string }[];
    expect(diffs.map((d) => d.new_path)).toEqual(Array.from({ length: 5 }, (_, i) => `envs/app-${40 + i}.yaml`));
    expect(last.headers.get('x-next-page')).toBe('');
    expect(last.headers.get('link')).toContain('page=2&per_page=20>; rel="prev"');
    expect(last.headers.get('link')).not.toContain('rel="next"');
  });

  it('serves a fault once, then answers normally', async () => {
    gl.faults.push({ path: /\/diffs\?.*page=2/, status: 429, times: 1, headers: { 'retry-after': '1' }, body: GITLAB_RATE_LIMIT_BODY });
    const limited = await call('GET', '/projects/42/merge_requests/3/diffs?page=2');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.text()).toBe('Retry later\n');
    const retried = await call('GET', '/projects/42/merge_requests/3/diffs?page=2');
    expect(retried.status).toBe(200);
    expect(await retried.json()).toHaveLength(20);
    expect(gl.faults).toEqual([]);
  });

  it('rejects a wrong token, accepts Bearer, and 404s unknown routes', async () => {
    const wrong = await call('GET', '/user', { headers: { 'private-token': 'nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ message: '401 Unauthorized' });
    const bearer = await fetch(`${gl.url}/api/v4/user`, { headers: { authorization: `Bearer ${gl.state.token}` } });
    expect(await bearer.json()).toMatchObject({ id: 1000, username: 'gitops-bot', bot: true });
    const unknown = await call('GET', '/projects/42/nothing-here');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: '404 Not found' });
    expect(await (await call('GET', '/projects/other%2Fproject/merge_requests/3')).json()).toEqual({ message: '404 Project Not Found' });
  });

  it('serves the merge request in GitLab’s shape', async () => {
    expect(await (await call('GET', '/projects/42/merge_requests/3')).json()).toMatchObject({
      iid: 3,
      project_id: 42,
      state: 'opened',
      draft: false,
      work_in_progress: false,
      author: { id: 7, username: 'bob' },
      sha: MR_HEAD,
      diff_refs: { base_sha: BASE, head_sha: MR_HEAD, start_sha: BASE },
      changes_count: '45',
      labels: ['a', 'b'],
    });
    expect(await (await call('GET', '/projects/42/repository/files/deploy%2Fapp.yaml/raw?ref=main')).text()).toBe('kind: Deployment\n');
    expect(await (await call('GET', '/projects/42/repository/files/deploy%2Fnope.yaml/raw')).json()).toEqual({ message: '404 File Not Found' });
  });

  it('approves with the head sha only, once, and unapproves', async () => {
    const stale = await call('POST', '/projects/42/merge_requests/3/approve', { body: { sha: 'e'.repeat(40) } });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({ message: `SHA does not match HEAD of source branch: ${MR_HEAD}` });

    const approved = await call('POST', '/projects/42/merge_requests/3/approve', { body: { sha: MR_HEAD } });
    expect(approved.status).toBe(201);
    expect(await approved.json()).toMatchObject({ approved: true, user_has_approved: true, approved_by: [{ user: { id: 1000, username: 'gitops-bot' } }] });
    expect(gl.state.mrs.get(3)!.approvedBy.map((u) => u.id)).toEqual([1000]);
    expect((await call('POST', '/projects/42/merge_requests/3/approve')).status).toBe(401);

    expect((await call('POST', '/projects/42/merge_requests/3/unapprove')).status).toBe(201);
    expect((await call('POST', '/projects/42/merge_requests/3/unapprove')).status).toBe(404);
  });
});

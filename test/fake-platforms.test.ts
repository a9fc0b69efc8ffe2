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

  it('serves issues: create, list by label (pull requests included, with a pull_request key), update, comment, close', async () => {
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${gh.url}${path}`, {
        method,
        headers: { authorization: `token ${gh.state.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
    gh.state.pulls.get(7)!.labels = ['drift'];
    gh.state.issues.push({
      number: 3,
      title: 'Old drift',
      body: null,
      labels: ['drift', 'env:prod'],
      state: 'closed',
      state_reason: 'completed',
      user: alice,
      created_at: '2025-12-01T00:00:00Z',
      updated_at: '2025-12-02T00:00:00Z',
      closed_at: '2025-12-02T00:00:00Z',
    });

    const missing = await send('POST', '/repos/owner/repo/issues', { body: 'no title' });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ message: 'Invalid request.\n\n"title" wasn\'t supplied.', status: '422' });

    const created = await send('POST', '/repos/owner/repo/issues', { title: 'Drift in prod', body: 'details', labels: ['drift', { name: 'env:prod' }] });
    expect(created.status).toBe(201);
    const issue = (await created.json()) as Record<string, any>;
    // Numbers continue after the highest pull or issue number.
    expect(issue).toMatchObject({
      number: 8,
      title: 'Drift in prod',
      body: 'details',
      state: 'open',
      state_reason: null,
      closed_at: null,
      closed_by: null,
      comments: 0,
      locked: false,
      html_url: 'https://github.com/owner/repo/issues/8',
      url: `${gh.url}/repos/owner/repo/issues/8`,
      user: { login: 'github-actions[bot]', type: 'Bot' },
      labels: [{ name: 'drift' }, { name: 'env:prod' }],
      author_association: 'NONE',
    });
    expect(typeof issue.id).toBe('number');
    expect(typeof issue.node_id).toBe('string');
    expect(issue).not.toHaveProperty('pull_request');
    expect(created.headers.get('location')).toBe(`${gh.url}/repos/owner/repo/issues/8`);
    expect(gh.state.issues.map((i) => i.number)).toEqual([3, 8]);

    // Default: open only; the open pull request is listed too, with a pull_request key.
    const open = ((await (await get('/repos/owner/repo/issues?labels=drift')).json()) as Record<string, any>[]).sort((a, b) => b.number - a.number);
    expect(open.map((i) => [i.number, 'pull_request' in i])).toEqual([
      [8, false],
      [7, true],
    ]);
    expect(open[1]).toMatchObject({
      title: 'Pull request #7',
      draft: false,
      pull_request: { url: `${gh.url}/repos/owner/repo/pulls/7`, html_url: 'https://github.com/owner/repo/pull/7', merged_at: null },
    });
    expect(open[1].id).not.toBe(((await (await get('/repos/owner/repo/pulls/7')).json()) as { id: number }).id);
    const both = (await (await get('/repos/owner/repo/issues?state=all&labels=ENV:PROD,drift&direction=asc')).json()) as { number: number }[];
    expect(both.map((i) => i.number)).toEqual([3, 8]);
    expect(((await (await get('/repos/owner/repo/issues?state=closed')).json()) as { number: number }[]).map((i) => i.number)).toEqual([3]);
    expect((await get('/repos/owner/repo/issues?state=opened')).status).toBe(422);
    const paged = await get('/repos/owner/repo/issues?state=all&per_page=1');
    expect(paged.headers.get('link')).toContain('rel="next"');

    const updated = await send('PATCH', '/repos/owner/repo/issues/8', { title: 'Drift in prod (2 apps)', labels: ['drift'] });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ number: 8, title: 'Drift in prod (2 apps)', body: 'details', labels: [{ name: 'drift' }], state: 'open' });

    const comment = await send('POST', '/repos/owner/repo/issues/8/comments', { body: 'still drifting' });
    expect(comment.status).toBe(201);
    expect(await comment.json()).toMatchObject({ body: 'still drifting', html_url: expect.stringMatching(/\/issues\/8#issuecomment-\d+$/), issue_url: `${gh.url}/repos/owner/repo/issues/8` });
    expect(((await (await get('/repos/owner/repo/issues/8/comments')).json()) as { body: string }[]).map((c) => c.body)).toEqual(['still drifting']);
    expect(await (await get('/repos/owner/repo/issues/7/comments')).json()).toEqual([]);
    expect(gh.state.comments.map((c) => c.issue_number)).toEqual([8]);
    expect((await send('POST', '/repos/owner/repo/issues/8/labels', { labels: ['triaged'] })).status).toBe(200);
    expect(gh.state.issues[1].labels).toEqual(['drift', 'triaged']);

    const closed = await send('PATCH', '/repos/owner/repo/issues/8', { state: 'closed', state_reason: 'not_planned' });
    expect(await closed.json()).toMatchObject({ state: 'closed', state_reason: 'not_planned', comments: 1, closed_by: { login: 'github-actions[bot]' }, closed_at: expect.any(String) });
    expect(await (await get('/repos/owner/repo/issues/8')).json()).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    const reopened = await send('PATCH', '/repos/owner/repo/issues/8', { state: 'open' });
    expect(await reopened.json()).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null, closed_by: null });
    expect((await send('PATCH', '/repos/owner/repo/issues/8', { state: 'done' })).status).toBe(422);

    // The Issues API addresses pull requests too; unknown numbers are 404.
    expect(await (await get('/repos/owner/repo/issues/7')).json()).toMatchObject({ number: 7, pull_request: { url: `${gh.url}/repos/owner/repo/pulls/7` } });
    expect((await get('/repos/owner/repo/issues/99')).status).toBe(404);
    expect((await send('POST', '/repos/owner/repo/issues/99/comments', { body: 'x' })).status).toBe(404);
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

  it('serves issues: create, list by label, update, note, close — notes kept apart from merge requests', async () => {
    const missing = await call('POST', '/projects/42/issues', { body: { description: 'no title' } });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'title is missing' });

    const created = await call('POST', '/projects/group%2Fproject/issues', { body: { title: 'Drift in prod', description: 'details', labels: 'drift,env:prod' } });
    expect(created.status).toBe(201);
    const issue = (await created.json()) as Record<string, any>;
    expect(issue).toMatchObject({
      iid: 1,
      project_id: 42,
      title: 'Drift in prod',
      description: 'details',
      state: 'opened',
      labels: ['drift', 'env:prod'],
      author: { id: 1000, username: 'gitops-bot' },
      web_url: `${gl.url}/group/project/-/issues/1`,
      closed_at: null,
      closed_by: null,
      user_notes_count: 0,
      issue_type: 'issue',
      references: { short: '#1', full: 'group/project#1' },
    });
    expect(typeof issue.id).toBe('number');
    expect(issue.created_at).toBe(issue.updated_at);
    const second = await call('POST', '/projects/42/issues', { body: { title: 'Other', labels: 'env:dev' } });
    expect(((await second.json()) as { iid: number }).iid).toBe(2);

    const byLabel = await call('GET', '/projects/42/issues?labels=drift,env:prod&state=opened');
    expect(((await byLabel.json()) as { iid: number }[]).map((i) => i.iid)).toEqual([1]);
    expect(byLabel.headers.get('x-total')).toBe('1');
    const all = await call('GET', '/projects/42/issues?per_page=1');
    expect(((await all.json()) as { iid: number }[]).map((i) => i.iid)).toEqual([2]);
    expect(all.headers.get('x-total-pages')).toBe('2');
    expect(all.headers.get('x-next-page')).toBe('2');

    const updated = await call('PUT', '/projects/42/issues/1', { body: { title: 'Drift in prod (2 apps)', add_labels: 'triaged' } });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ title: 'Drift in prod (2 apps)', description: 'details', labels: ['drift', 'env:prod', 'triaged'], state: 'opened' });
    expect((await call('PUT', '/projects/42/issues/1', { body: { labels: 'drift' } }).then((r) => r.json())) as { labels: string[] }).toMatchObject({ labels: ['drift'] });

    const note = await call('POST', '/projects/42/issues/1/notes', { body: { body: 'still drifting' } });
    expect(note.status).toBe(201);
    expect(await note.json()).toMatchObject({ body: 'still drifting', noteable_type: 'Issue', noteable_iid: 1, system: false, author: { id: 1000 } });
    await call('POST', '/projects/42/merge_requests/3/notes', { body: { body: 'on the MR' } });
    expect(((await (await call('GET', '/projects/42/issues/1/notes')).json()) as { body: string }[]).map((n) => n.body)).toEqual(['still drifting']);
    expect(((await (await call('GET', '/projects/42/merge_requests/3/notes')).json()) as { body: string }[]).map((n) => n.body)).toEqual(['on the MR']);
    expect(await (await call('GET', '/projects/42/issues/2/notes')).json()).toEqual([]);
    expect(gl.state.notes.map((n) => [n.issue_iid, n.mr_iid])).toEqual([
      [1, undefined],
      [undefined, 3],
    ]);

    const closed = await call('PUT', '/projects/42/issues/1', { body: { state_event: 'close' } });
    expect(await closed.json()).toMatchObject({ state: 'closed', closed_at: expect.any(String), closed_by: { id: 1000 }, user_notes_count: 1 });
    expect(((await (await call('GET', '/projects/42/issues?state=closed')).json()) as { iid: number }[]).map((i) => i.iid)).toEqual([1]);
    expect(((await (await call('GET', '/projects/42/issues?state=opened')).json()) as { iid: number }[]).map((i) => i.iid)).toEqual([2]);
    expect(await (await call('GET', '/projects/42/issues/1')).json()).toMatchObject({ iid: 1, state: 'closed' });
    const reopened = await call('PUT', '/projects/42/issues/1', { body: { state_event: 'reopen' } });
    expect(await reopened.json()).toMatchObject({ state: 'opened', closed_at: null, closed_by: null });
    expect((await call('PUT', '/projects/42/issues/1', { body: { state_event: 'done' } })).status).toBe(400);
    expect(await (await call('GET', '/projects/42/issues/9')).json()).toEqual({ message: '404 Issue Not Found' });
  });
});

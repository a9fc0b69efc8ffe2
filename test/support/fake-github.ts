import { createHash, randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// ---------------------------------------------------------------------------------------------
// Shared with fake-gitlab.ts: request log, fault injection, loopback listener.
// ---------------------------------------------------------------------------------------------

/** One request as the fake saw it (faulted and unauthorised requests included). */
export interface FakeRequest {
  method: string;
  /** Path exactly as sent (percent-encoding kept), without the query string. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON (or, for form posts, the form as an object); undefined when the body was empty. */
  body: unknown;
  headers: IncomingHttpHeaders;
}

/**
 * An injected answer, consumed in list order before any normal handling (auth included).
 * `path` is tested against the bare path and against `path?query`, so /pulls\/1\/files\?.*page=2/ works.
 * Each use decrements `times`; an exhausted fault is removed from the list.
 */
export interface FakeFault {
  method?: string;
  path: RegExp;
  status: number;
  times: number;
  headers?: Record<string, string>;
  /** A string is sent as text/plain; anything else as JSON; undefined → the platform's default error body. */
  body?: unknown;
  /** Only requests whose body text matches (e.g. one GraphQL query among others on the same path). */
  requestBody?: RegExp;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** @internal Starts a node:http server on 127.0.0.1:0. */
export async function listenLoopback(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ message: `fake server error: ${error instanceof Error ? error.stack : String(error)}` }));
    });
  });
  // Idle connections stay open until close(): a server closing one just as a slow (loaded) client reuses
  // it resets that request, which no real platform's API does within a test's few seconds.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** @internal Reads the whole request; path keeps its percent-encoding. */
export async function readRaw(req: IncomingMessage): Promise<{ method: string; path: string; rawQuery: string; query: URLSearchParams; text: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  const rawQuery = mark < 0 ? '' : url.slice(mark + 1);
  return { method: (req.method ?? 'GET').toUpperCase(), path, rawQuery, query: new URLSearchParams(rawQuery), text: Buffer.concat(chunks).toString('utf8') };
}

/**
 * A loopback proxy to `target` (a fake's URL) that calls `before` with each request, before forwarding it: a test
 * changes the fake's state there, as a concurrent run or a person would between two requests of one run.
 */
export function interceptingProxy(target: string, before: (request: { method: string; text: string }) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const to = new URL(target);
  return listenLoopback(async (req, res) => {
    const raw = await readRaw(req);
    before(raw);
    await new Promise<void>((resolve, reject) => {
      const headers = { ...req.headers, 'content-length': String(Buffer.byteLength(raw.text)) };
      const forward = httpRequest({ host: to.hostname, port: to.port, method: raw.method, path: `${raw.path}${raw.rawQuery ? `?${raw.rawQuery}` : ''}`, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res).on('finish', resolve).on('error', reject);
      });
      forward.on('error', reject);
      forward.end(raw.text);
    });
  });
}

/** @internal Finds, consumes and returns the first matching fault. */
export function takeFault(faults: FakeFault[], method: string, path: string, rawQuery: string, text = ''): FakeFault | undefined {
  const full = rawQuery ? `${path}?${rawQuery}` : path;
  const index = faults.findIndex((fault) => {
    if (fault.times <= 0) return false;
    if (fault.method && fault.method.toUpperCase() !== method) return false;
    if (fault.requestBody && !fault.requestBody.test(text)) return false;
    fault.path.lastIndex = 0;
    if (fault.path.test(path)) return true;
    fault.path.lastIndex = 0;
    return fault.path.test(full);
  });
  if (index < 0) return undefined;
  const fault = faults[index];
  fault.times -= 1;
  if (fault.times <= 0) faults.splice(index, 1);
  return fault;
}

/** @internal Writes a reply: strings as text/plain, everything else as JSON. */
export function send(res: ServerResponse, reply: Reply, base: Record<string, string>): void {
  const headers: Record<string, string> = { ...base };
  let payload: string | undefined;
  if (typeof reply.body === 'string') {
    headers['content-type'] = 'text/plain; charset=utf-8';
    payload = reply.body;
  } else if (reply.body !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8';
    payload = JSON.stringify(reply.body);
  } else {
    delete headers['content-type'];
  }
  Object.assign(headers, reply.headers);
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers).end(payload);
}

/** @internal `/a/:x/b/*rest` → matcher returning decoded params. */
export function compileRoute(pattern: string): (path: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+)';
      }
      if (part.startsWith('*')) {
        names.push(part.slice(1));
        return '(.+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  const regex = new RegExp(`^${source}/?$`);
  return (path) => {
    const match = regex.exec(path);
    if (!match) return undefined;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(match[i + 1]);
      } catch {
        params[name] = match[i + 1];
      }
    });
    return params;
  };
}

/** @internal Clamps `per_page` / `page` the way both platforms do. */
export function pageParams(query: URLSearchParams, defaultPerPage: number): { page: number; perPage: number } {
  const rawPer = Number.parseInt(query.get('per_page') ?? '', 10);
  const rawPage = Number.parseInt(query.get('page') ?? '', 10);
  const perPage = Number.isFinite(rawPer) && rawPer > 0 ? Math.min(rawPer, 100) : defaultPerPage;
  const page = Number.isFinite(rawPage) && rawPage > 0 ? rawPage : 1;
  return { page, perPage };
}

/** @internal Replaces every own key of `target` with those of `source`, keeping the object's identity. */
export function replaceInPlace<T extends object>(target: T, source: T): void {
  for (const key of Object.keys(target)) delete (target as Record<string, unknown>)[key];
  Object.assign(target, source);
}

export const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
/** Stable small positive integer from a string (ids for synthesised users, labels…). */
export const stableId = (text: string): number => Number.parseInt(sha1(text).slice(0, 7), 16) + 1000;

// ---------------------------------------------------------------------------------------------
// GitHub state
// ---------------------------------------------------------------------------------------------

export interface GhUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface GhPullFile {
  filename: string;
  /** added | removed | modified | renamed | copied | changed | unchanged */
  status: string;
  previous_filename?: string;
  /** Blob sha; default: derived from filename + head sha. */
  sha?: string;
  /** Unified-diff hunks as GitHub sends them (no ---/+++ header). Omitted from the payload when absent, like binary files. */
  patch?: string;
  /** Default: `+` lines of `patch`, else 0. */
  additions?: number;
  /** Default: `-` lines of `patch`, else 0. */
  deletions?: number;
}

export interface GhReview {
  id: number;
  user: GhUser;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commit_id: string;
  body: string;
  submitted_at: string;
}

export interface GhCommit {
  sha: string;
  author: GhUser | null;
  committer: GhUser | null;
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
  /** Default `Commit <short sha>`. */
  message?: string;
  /** ISO date for commit.author/committer.date; default 2026-01-01T00:00:00Z. */
  date?: string;
}

export interface GhPull {
  number: number;
  user: GhUser;
  draft: boolean;
  state: 'open' | 'closed';
  head: { sha: string; ref: string; repoFullName: string };
  base: { sha: string; ref: string; repoFullName: string };
  /** Default files.length (set it higher to simulate GitHub's 3000-file listing cap). */
  changed_files?: number;
  files: GhPullFile[];
  /** Chronological. */
  reviews: GhReview[];
  /** Chronological (oldest first, as GitHub lists them); the listing stops at 250 like GitHub's. */
  commits: GhCommit[];
  labels: string[];
  /** Logins. */
  requested_reviewers: string[];
  /** Team slugs (of the repo owner's org). */
  requested_teams: string[];
  title?: string;
  body?: string | null;
  merged?: boolean;
  /** Test hook: called after each GET of the PR (after the answer is built), e.g. to move the head. */
  onGet?: (pull: GhPull) => void;
  /** Changes of the base branch, oldest first (the GraphQL timeline's); absent: none. `base.ref` is not moved by them. */
  baseChanges?: GhBaseChange[];
}

/**
 * A change of a pull request's base branch: GraphQL's BaseRefChangedEvent (previousRefName → currentRefName), or with
 * `automatic` its AutomaticBaseChangeSucceededEvent (oldBase → newBase), GitHub's own after the old base was merged and deleted.
 */
export interface GhBaseChange {
  from: string;
  to: string;
  /** ISO time (createdAt). */
  at: string;
  actor?: GhUser;
  automatic?: boolean;
}

export interface GhComment {
  id: number;
  issue_number: number;
  user: GhUser;
  body: string;
  created_at: string;
  updated_at: string;
  /** Who last edited the body, and when (GraphQL's IssueComment.editor / lastEditedAt); unset while nobody did. */
  editor?: GhUser;
  last_edited_at?: string;
}

/**
 * An issue (not a pull request). Issue and pull request numbers share one sequence, as on GitHub: keep them distinct.
 * Labels and comments (GhState.comments, by issue_number) work as for pulls.
 */
export interface GhIssue {
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  state: 'open' | 'closed';
  /** Default null. */
  state_reason?: 'completed' | 'not_planned' | 'reopened' | null;
  user: GhUser;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** Who last changed the body, and when (GraphQL's Issue.editor / lastEditedAt); unset while nobody did. */
  editor?: GhUser;
  last_edited_at?: string;
}

export type GhRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface GhState {
  token: string;
  owner: string;
  repo: string;
  /** Who POSTed reviews/comments are made as. */
  tokenUser: GhUser;
  pulls: Map<number, GhPull>;
  /**
   * login → role on the repo. The permission endpoint answers 404 for a login that is neither here nor a user seen
   * anywhere else in the state (GitHub's answer for a non-existent user); a known user missing here gets 'none'.
   */
  permissions: Record<string, GhRole>;
  /** `org/slug` → member logins. */
  teams: Record<string, string[]>;
  /** Comments on pulls and issues alike (issue_number is either's number). */
  comments: GhComment[];
  /** Issues proper; GET …/issues also lists the pulls, with a `pull_request` key, like GitHub. */
  issues: GhIssue[];
  /** `${ref}:${path}` (ref a sha or branch name) → file text. */
  contents: Record<string, string>;
  /** Default 'main'; used when contents are fetched without ?ref=. */
  defaultBranch?: string;
  /** Extra users known to "GitHub" (for the permission endpoint). */
  users?: GhUser[];
  /**
   * Commit sha → its recursive tree for GET …/git/trees/:sha (e.g. from gitTree in git-repo.ts); `truncated` marks
   * a tree beyond GitHub's limit (100,000 entries or 7 MB), served as its first `entries` with `truncated: true`.
   */
  trees?: Record<string, { entries: GhTreeEntry[]; truncated?: boolean }>;
  // --- deployments ---
  /** Deployments made through the fake (POST …/deployments), each with its statuses, oldest first. */
  deployments?: GhDeployment[];
  /** Environments by name (PUT …/environments/:name), as GitHub answers them. */
  environments?: Record<string, GhEnvironment>;
  /** Classic branch protection by branch name, as GET …/branches/:branch/protection answers it; absent: not protected. */
  branchProtection?: Record<string, Record<string, unknown>>;
  /** Rules active on a branch (GET …/rules/branches/:branch), from rulesets. */
  branchRules?: Record<string, Record<string, unknown>[]>;
  // --- end deployments ---
  // --- env-deployers ---
  /** Commit sha → the pull request whose merge (or squash) commit it is, for GET …/commits/:sha/pulls. */
  mergeCommits?: Record<string, number>;
  /** Commit sha → its author's account (null: an e-mail tied to no account), for GET …/commits/:sha. */
  commitAuthors?: Record<string, GhUser | null>;
  // --- signedcommits ---
  /** Commit sha → `commit.verification` of the PR's commits (GET …/pulls/:n/commits); absent: unsigned. */
  commitVerifications?: Record<string, GhVerification>;
  // --- end signedcommits ---
}

// --- signedcommits ---
/** GitHub's signature verification object (REST "Signature verification object"); `reason` as GitHub lists them. */
export interface GhVerification {
  verified: boolean;
  reason: 'valid' | 'expired_key' | 'not_signing_key' | 'gpgverify_error' | 'gpgverify_unavailable' | 'unsigned' | 'unknown_signature_type' | 'no_user' | 'unverified_email' | 'bad_email' | 'unknown_key' | 'malformed_signature' | 'invalid';
  signature?: string | null;
  payload?: string | null;
  verified_at?: string | null;
}

function verificationJson(state: GhState, sha: string): Record<string, unknown> {
  const found = state.commitVerifications?.[sha];
  if (!found) return { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };
  return { signature: null, payload: null, verified_at: found.verified ? EPOCH : null, ...found };
}
// --- end signedcommits ---

// --- deployments ---
export interface GhDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  description: string | null;
  auto_merge: unknown;
  required_contexts: unknown;
  statuses: { id: number; state: string; description: string; log_url: string; environment: string; created_at: string }[];
}

export interface GhEnvironment {
  wait_timer: number;
  prevent_self_review: boolean;
  /** attack16: whether administrators may bypass its protection rules; GitHub's default (absent) is true. */
  can_admins_bypass?: boolean;
  reviewers: { type: 'User' | 'Team'; id: number }[];
  deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
  branch_policies: { id: number; name: string; type: 'branch' | 'tag' }[];
}
// --- end deployments ---

export interface GhTreeEntry {
  path: string;
  mode: string;
  type: string;
  sha: string;
  size?: number;
}

/** `url` is `http://127.0.0.1:<port>`: pass it as Octokit's baseUrl. Empty until the server listens. */
export type FakeGitHub = FakeApi<GhState>;

export const GITHUB_ACTIONS_BOT: GhUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

/** `{login, id, type}` with a stable id derived from the login unless given; `[bot]` logins are Bots. */
export function ghUser(login: string, id = stableId(`gh:${login}`), type: GhUser['type'] = login.endsWith('[bot]') ? 'Bot' : 'User'): GhUser {
  return { login, id, type };
}

export function createGhState(init: Partial<GhState> = {}): GhState {
  return {
    token: 'gh-test-token',
    owner: 'owner',
    repo: 'repo',
    tokenUser: { ...GITHUB_ACTIONS_BOT },
    pulls: new Map(),
    permissions: {},
    teams: {},
    comments: [],
    issues: [],
    contents: {},
    ...init,
  };
}

/** Bodies to put in faults. */
export const GITHUB_SECONDARY_RATE_LIMIT_BODY = {
  message:
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
  documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
  status: '403',
};
export const GITHUB_PRIMARY_RATE_LIMIT_BODY = {
  message: 'API rate limit exceeded for installation ID 1. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
  documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit',
  status: '403',
};

// ---------------------------------------------------------------------------------------------
// GitHub payloads
// ---------------------------------------------------------------------------------------------

const DOCS = 'https://docs.github.com/rest';
const WEB = 'https://github.com';
const EPOCH = '2026-01-01T00:00:00Z';
const ghNow = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const nodeId = (kind: string, id: number | string): string => Buffer.from(`0${kind.length}:${kind}${id}`).toString('base64');
const enc = (text: string): string => encodeURIComponent(text);
const encPath = (path: string): string => path.split('/').map(enc).join('/');

function ghError(status: number, message: string, docs = DOCS, errors?: unknown[]): Reply {
  return { status, body: { message, ...(errors ? { errors } : {}), documentation_url: docs, status: String(status) } };
}
const notFound = (): Reply => ghError(404, 'Not Found');
const unprocessable = (docs: string, ...errors: string[]): Reply => ghError(422, 'Unprocessable Entity', docs, errors);

function userJson(api: string, user: GhUser): Record<string, unknown> {
  const base = `${api}/users/${enc(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type === 'Bot' ? 'Bot' : 'User', user.id),
    avatar_url: `https://avatars.githubusercontent.com/${user.type === 'Bot' ? 'in' : 'u'}/${user.id}?v=4`,
    gravatar_id: '',
    url: base,
    html_url: user.type === 'Bot' ? `${WEB}/apps/${user.login.replace(/\[bot\]$/, '')}` : `${WEB}/${user.login}`,
    followers_url: `${base}/followers`,
    following_url: `${base}/following{/other_user}`,
    gists_url: `${base}/gists{/gist_id}`,
    starred_url: `${base}/starred{/owner}{/repo}`,
    subscriptions_url: `${base}/subscriptions`,
    organizations_url: `${base}/orgs`,
    repos_url: `${base}/repos`,
    events_url: `${base}/events{/privacy}`,
    received_events_url: `${base}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

function ownerOf(fullName: string): GhUser {
  const login = fullName.split('/')[0];
  return ghUser(login, stableId(`gh:${login}`), 'User');
}

function repoJson(api: string, state: GhState, fullName: string): Record<string, unknown> {
  const [owner, name] = fullName.split('/');
  const isBase = fullName.toLowerCase() === `${state.owner}/${state.repo}`.toLowerCase();
  const id = isBase ? 1296269 : stableId(`repo:${fullName}`);
  const url = `${api}/repos/${owner}/${name}`;
  const templates: Record<string, string> = {
    archive_url: '/{archive_format}{/ref}',
    assignees_url: '/assignees{/user}',
    blobs_url: '/git/blobs{/sha}',
    branches_url: '/branches{/branch}',
    collaborators_url: '/collaborators{/collaborator}',
    comments_url: '/comments{/number}',
    commits_url: '/commits{/sha}',
    compare_url: '/compare/{base}...{head}',
    contents_url: '/contents/{+path}',
    contributors_url: '/contributors',
    deployments_url: '/deployments',
    downloads_url: '/downloads',
    events_url: '/events',
    forks_url: '/forks',
    git_commits_url: '/git/commits{/sha}',
    git_refs_url: '/git/refs{/sha}',
    git_tags_url: '/git/tags{/sha}',
    hooks_url: '/hooks',
    issue_comment_url: '/issues/comments{/number}',
    issue_events_url: '/issues/events{/number}',
    issues_url: '/issues{/number}',
    keys_url: '/keys{/key_id}',
    labels_url: '/labels{/name}',
    languages_url: '/languages',
    merges_url: '/merges',
    milestones_url: '/milestones{/number}',
    notifications_url: '/notifications{?since,all,participating}',
    pulls_url: '/pulls{/number}',
    releases_url: '/releases{/id}',
    stargazers_url: '/stargazers',
    statuses_url: '/statuses/{sha}',
    subscribers_url: '/subscribers',
    subscription_url: '/subscription',
    tags_url: '/tags',
    teams_url: '/teams',
    trees_url: '/git/trees{/sha}',
  };
  return {
    id,
    node_id: nodeId('Repository', id),
    name,
    full_name: fullName,
    private: true,
    owner: userJson(api, ownerOf(fullName)),
    html_url: `${WEB}/${fullName}`,
    description: null,
    fork: !isBase,
    url,
    ...Object.fromEntries(Object.entries(templates).map(([key, suffix]) => [key, `${url}${suffix}`])),
    git_url: `git://github.com/${fullName}.git`,
    ssh_url: `git@github.com:${fullName}.git`,
    clone_url: `${WEB}/${fullName}.git`,
    svn_url: `${WEB}/${fullName}`,
    mirror_url: null,
    homepage: null,
    language: null,
    size: 100,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    open_issues_count: 0,
    open_issues: 0,
    default_branch: state.defaultBranch ?? 'main',
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'private',
    license: null,
    topics: [],
    is_template: false,
    allow_forking: true,
    web_commit_signoff_required: false,
    pushed_at: EPOCH,
    created_at: EPOCH,
    updated_at: EPOCH,
  };
}

function labelJson(api: string, state: GhState, name: string): Record<string, unknown> {
  const id = stableId(`label:${name.toLowerCase()}`);
  return {
    id,
    node_id: nodeId('Label', id),
    url: `${api}/repos/${state.owner}/${state.repo}/labels/${enc(name)}`,
    name,
    color: 'ededed',
    default: false,
    description: null,
  };
}

function teamJson(api: string, state: GhState, slug: string): Record<string, unknown> {
  const id = stableId(`team:${state.owner}/${slug}`);
  return {
    id,
    node_id: nodeId('Team', id),
    url: `${api}/organizations/1/team/${id}`,
    html_url: `${WEB}/orgs/${state.owner}/teams/${slug}`,
    name: slug,
    slug,
    description: null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: `${api}/organizations/1/team/${id}/members{/member}`,
    repositories_url: `${api}/organizations/1/team/${id}/repos`,
    parent: null,
    type: 'organization',
  };
}

function teamMembers(state: GhState, slug: string): string[] | undefined {
  const key = `${state.owner}/${slug}`.toLowerCase();
  const entry = Object.entries(state.teams).find(([name]) => name.toLowerCase() === key);
  return entry?.[1];
}

function authorAssociation(state: GhState, login: string): string {
  if (login.toLowerCase() === state.owner.toLowerCase()) return 'OWNER';
  if (Object.values(state.teams).some((members) => members.some((m) => m.toLowerCase() === login.toLowerCase()))) return 'MEMBER';
  const role = roleOf(state, login);
  if (role && role !== 'none') return 'COLLABORATOR';
  if ([...state.pulls.values()].some((pull) => pull.merged && pull.user.login === login)) return 'CONTRIBUTOR';
  return 'NONE';
}

function roleOf(state: GhState, login: string): GhRole | undefined {
  const entry = Object.entries(state.permissions).find(([name]) => name.toLowerCase() === login.toLowerCase());
  return entry?.[1];
}

function knownUsers(state: GhState): Map<string, GhUser> {
  const users = new Map<string, GhUser>();
  const add = (user: GhUser | null | undefined) => {
    if (user && !users.has(user.login.toLowerCase())) users.set(user.login.toLowerCase(), user);
  };
  add(state.tokenUser);
  state.users?.forEach(add);
  for (const pull of state.pulls.values()) {
    add(pull.user);
    pull.reviews.forEach((review) => add(review.user));
    pull.commits.forEach((commit) => {
      add(commit.author);
      add(commit.committer);
    });
  }
  state.issues.forEach((issue) => add(issue.user));
  state.comments.forEach((comment) => add(comment.user));
  for (const members of Object.values(state.teams)) members.forEach((login) => add(ghUser(login)));
  return users;
}

function pullJson(api: string, state: GhState, pull: GhPull): Record<string, unknown> {
  const repoApi = `${api}/repos/${state.owner}/${state.repo}`;
  const html = `${WEB}/${state.owner}/${state.repo}/pull/${pull.number}`;
  const id = 1_000_000 + pull.number;
  const side = (part: GhPull['head']) => {
    const owner = ownerOf(part.repoFullName);
    return { label: `${owner.login}:${part.ref}`, ref: part.ref, sha: part.sha, user: userJson(api, owner), repo: repoJson(api, state, part.repoFullName) };
  };
  const files = pull.files.map(fileStats);
  const known = knownUsers(state);
  return {
    url: `${repoApi}/pulls/${pull.number}`,
    id,
    node_id: nodeId('PullRequest', id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${repoApi}/issues/${pull.number}`,
    commits_url: `${repoApi}/pulls/${pull.number}/commits`,
    review_comments_url: `${repoApi}/pulls/${pull.number}/comments`,
    review_comment_url: `${repoApi}/pulls/comments{/number}`,
    comments_url: `${repoApi}/issues/${pull.number}/comments`,
    statuses_url: `${repoApi}/statuses/${pull.head.sha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title ?? `Pull request #${pull.number}`,
    user: userJson(api, pull.user),
    body: pull.body ?? null,
    labels: pull.labels.map((name) => labelJson(api, state, name)),
    milestone: null,
    active_lock_reason: null,
    created_at: EPOCH,
    updated_at: EPOCH,
    closed_at: pull.state === 'closed' ? EPOCH : null,
    merged_at: pull.merged ? EPOCH : null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: pull.requested_reviewers.map((login) => userJson(api, known.get(login.toLowerCase()) ?? ghUser(login))),
    requested_teams: pull.requested_teams.map((slug) => teamJson(api, state, slug)),
    head: side(pull.head),
    base: side(pull.base),
    _links: {
      self: { href: `${repoApi}/pulls/${pull.number}` },
      html: { href: html },
      issue: { href: `${repoApi}/issues/${pull.number}` },
      comments: { href: `${repoApi}/issues/${pull.number}/comments` },
      review_comments: { href: `${repoApi}/pulls/${pull.number}/comments` },
      review_comment: { href: `${repoApi}/pulls/comments{/number}` },
      commits: { href: `${repoApi}/pulls/${pull.number}/commits` },
      statuses: { href: `${repoApi}/statuses/${pull.head.sha}` },
    },
    author_association: authorAssociation(state, pull.user.login),
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged ?? false,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: state.comments.filter((comment) => comment.issue_number === pull.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pull.commits.length,
    additions: files.reduce((sum, file) => sum + file.additions, 0),
    deletions: files.reduce((sum, file) => sum + file.deletions, 0),
    changed_files: pull.changed_files ?? pull.files.length,
  };
}

function fileStats(file: GhPullFile): { additions: number; deletions: number } {
  const lines = file.patch?.split('\n') ?? [];
  return {
    additions: file.additions ?? lines.filter((line) => line.startsWith('+')).length,
    deletions: file.deletions ?? lines.filter((line) => line.startsWith('-')).length,
  };
}

function fileJson(api: string, state: GhState, pull: GhPull, file: GhPullFile): Record<string, unknown> {
  const { additions, deletions } = fileStats(file);
  const path = encPath(file.filename);
  return {
    sha: file.sha ?? sha1(`${pull.head.sha}:${file.filename}`),
    filename: file.filename,
    status: file.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${WEB}/${state.owner}/${state.repo}/blob/${pull.head.sha}/${path}`,
    raw_url: `${WEB}/${state.owner}/${state.repo}/raw/${pull.head.sha}/${path}`,
    contents_url: `${api}/repos/${state.owner}/${state.repo}/contents/${path}?ref=${pull.head.sha}`,
    ...(file.patch !== undefined ? { patch: file.patch } : {}),
    ...(file.status === 'renamed' && file.previous_filename !== undefined ? { previous_filename: file.previous_filename } : {}),
  };
}

function commitJson(api: string, state: GhState, pull: GhPull, commit: GhCommit, index: number): Record<string, unknown> {
  const repoApi = `${api}/repos/${state.owner}/${state.repo}`;
  const parent = index > 0 ? pull.commits[index - 1].sha : pull.base.sha;
  const date = commit.date ?? EPOCH;
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    commit: {
      author: { name: commit.authorName, email: commit.authorEmail, date },
      committer: { name: commit.committerName, email: commit.committerEmail, date },
      message: commit.message ?? `Commit ${commit.sha.slice(0, 7)}`,
      tree: { sha: sha1(`tree:${commit.sha}`), url: `${repoApi}/git/trees/${sha1(`tree:${commit.sha}`)}` },
      url: `${repoApi}/git/commits/${commit.sha}`,
      comment_count: 0,
      verification: verificationJson(state, commit.sha),
    },
    url: `${repoApi}/commits/${commit.sha}`,
    html_url: `${WEB}/${state.owner}/${state.repo}/commit/${commit.sha}`,
    comments_url: `${repoApi}/commits/${commit.sha}/comments`,
    author: commit.author ? userJson(api, commit.author) : null,
    committer: commit.committer ? userJson(api, commit.committer) : null,
    parents: [{ sha: parent, url: `${repoApi}/commits/${parent}`, html_url: `${WEB}/${state.owner}/${state.repo}/commit/${parent}` }],
  };
}

function reviewJson(api: string, state: GhState, pull: GhPull, review: GhReview): Record<string, unknown> {
  const html = `${WEB}/${state.owner}/${state.repo}/pull/${pull.number}`;
  return {
    id: review.id,
    node_id: nodeId('PullRequestReview', review.id),
    user: userJson(api, review.user),
    body: review.body,
    state: review.state,
    html_url: `${html}#pullrequestreview-${review.id}`,
    pull_request_url: `${api}/repos/${state.owner}/${state.repo}/pulls/${pull.number}`,
    author_association: authorAssociation(state, review.user.login),
    _links: { html: { href: `${html}#pullrequestreview-${review.id}` }, pull_request: { href: `${api}/repos/${state.owner}/${state.repo}/pulls/${pull.number}` } },
    ...(review.state === 'PENDING' ? {} : { submitted_at: review.submitted_at }),
    commit_id: review.commit_id,
  };
}

function commentJson(api: string, state: GhState, comment: GhComment): Record<string, unknown> {
  const repoApi = `${api}/repos/${state.owner}/${state.repo}`;
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url: `${repoApi}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${state.owner}/${state.repo}/${state.pulls.has(comment.issue_number) ? 'pull' : 'issues'}/${comment.issue_number}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userJson(api, comment.user),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    issue_url: `${repoApi}/issues/${comment.issue_number}`,
    author_association: authorAssociation(state, comment.user.login),
    performed_via_github_app: null,
    reactions: {
      url: `${repoApi}/issues/comments/${comment.id}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
  };
}

/** What the Issues API addresses by number: an issue proper or a pull request (every pull request is an issue). */
type GhIssueLike = GhIssue | GhPull;
const isPull = (item: GhIssueLike): item is GhPull => 'head' in item;
/** Issue ids differ from pull request ids (a pull request listed as an issue carries its issue id, like GitHub's). */
const issueId = (number: number): number => 2_000_000 + number;

function reactionsJson(url: string): Record<string, unknown> {
  return { url, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
}

/**
 * The Issues API's issue object, for an issue or a pull request (the latter with `pull_request` and `draft`).
 * `closedBy` is only sent for single-issue answers (GitHub leaves it out of lists).
 */
function issueJson(api: string, state: GhState, item: GhIssueLike, single: { closedBy: GhUser | null } | undefined): Record<string, unknown> {
  const repoApi = `${api}/repos/${state.owner}/${state.repo}`;
  const url = `${repoApi}/issues/${item.number}`;
  const pull = isPull(item) ? item : undefined;
  const html = `${WEB}/${state.owner}/${state.repo}/${pull ? 'pull' : 'issues'}/${item.number}`;
  const id = issueId(item.number);
  const closedAt = pull ? (pull.state === 'closed' ? EPOCH : null) : (item as GhIssue).closed_at;
  return {
    url,
    repository_url: repoApi,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    id,
    node_id: nodeId(pull ? 'PullRequest' : 'Issue', id),
    number: item.number,
    title: pull ? (pull.title ?? `Pull request #${pull.number}`) : (item as GhIssue).title,
    user: userJson(api, item.user),
    labels: item.labels.map((name) => labelJson(api, state, name)),
    state: item.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: state.comments.filter((comment) => comment.issue_number === item.number).length,
    created_at: pull ? EPOCH : (item as GhIssue).created_at,
    updated_at: pull ? EPOCH : (item as GhIssue).updated_at,
    closed_at: closedAt,
    author_association: authorAssociation(state, item.user.login),
    type: null,
    active_lock_reason: null,
    ...(pull
      ? {
          draft: pull.draft,
          pull_request: { url: `${repoApi}/pulls/${pull.number}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, merged_at: pull.merged ? EPOCH : null },
        }
      : {}),
    body: item.body ?? null,
    ...(single ? { closed_by: single.closedBy ? userJson(api, single.closedBy) : null } : {}),
    reactions: reactionsJson(`${url}/reactions`),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: pull ? null : ((item as GhIssue).state_reason ?? null),
  };
}

/** Ruby's Base64.encode64: a newline after every 60 output characters, and at the end. */
function base64Lines(text: string): string {
  const flat = Buffer.from(text, 'utf8').toString('base64');
  return flat.length === 0 ? '' : `${flat.match(/.{1,60}/g)?.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// GitHub server
// ---------------------------------------------------------------------------------------------

interface Ctx {
  state: GhState;
  request: FakeRequest;
  params: Record<string, string>;
  api: string;
  /** Extra response headers (link). */
  headers: Record<string, string>;
}

type Handler = (ctx: Ctx) => Reply;

const PER_PAGE = 30;

/** Slices `items` for the request's page and sets GitHub's link header (prev, next, last, first). */
function paginate<T>(ctx: Ctx, items: T[]): T[] {
  const { page, perPage } = pageParams(ctx.request.query, PER_PAGE);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const href = (target: number) => {
    const query = new URLSearchParams(ctx.request.query);
    query.set('page', String(target));
    return `<${ctx.api}${ctx.request.path}?${query.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${href(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) links.push(`${href(page + 1)}; rel="next"`, `${href(last)}; rel="last"`);
  if (page > 1) links.push(`${href(1)}; rel="first"`);
  if (links.length) ctx.headers.link = links.join(', ');
  return items.slice((page - 1) * perPage, page * perPage);
}

function objectBody(ctx: Ctx): Record<string, unknown> {
  const body = ctx.request.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function withPull(handler: (ctx: Ctx, pull: GhPull) => Reply): Handler {
  return (ctx) => {
    const pull = ctx.state.pulls.get(Number(ctx.params.n));
    return pull && /^\d+$/.test(ctx.params.n) ? handler(ctx, pull) : notFound();
  };
}

/** An issue or a pull request by number (the Issues API serves both); pulls win if a number is (wrongly) in both. */
function findIssueLike(state: GhState, n: string): GhIssueLike | undefined {
  if (!/^\d+$/.test(n)) return undefined;
  const number = Number(n);
  return state.pulls.get(number) ?? state.issues.find((issue) => issue.number === number);
}

function withIssue(handler: (ctx: Ctx, item: GhIssueLike) => Reply): Handler {
  return (ctx) => {
    const item = findIssueLike(ctx.state, ctx.params.n);
    return item ? handler(ctx, item) : notFound();
  };
}

/** Issues and pull requests share one number sequence. */
const nextNumber = (state: GhState): number => Math.max(0, ...state.pulls.keys(), ...state.issues.map((issue) => issue.number)) + 1;

/** Bumps an issue's updated_at after a change (pull requests keep their fixed dates). */
function touch(item: GhIssueLike): void {
  if (!isPull(item)) item.updated_at = ghNow();
}

/** Who closed an issue through the fake (for `closed_by`); issues seeded closed have no closer. */
const closedBy = new WeakMap<GhIssueLike, GhUser>();

/** Label names from a body's `labels`: strings or `{name}` objects. Undefined when absent or not an array. */
function labelNames(raw: unknown): string[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const names: string[] = [];
  for (const item of raw) {
    const name = item && typeof item === 'object' ? String((item as { name?: unknown }).name) : String(item);
    if (!names.some((known) => known.toLowerCase() === name.toLowerCase())) names.push(name);
  }
  return names;
}

// --- deployments ---
function deploymentJson(ctx: Ctx, deployment: GhDeployment): Record<string, unknown> {
  const repoApi = `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}`;
  return {
    url: `${repoApi}/deployments/${deployment.id}`,
    id: deployment.id,
    node_id: nodeId('Deployment', deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: 'deploy',
    payload: {},
    original_environment: deployment.environment,
    environment: deployment.environment,
    description: deployment.description,
    creator: userJson(ctx.api, ctx.state.tokenUser),
    created_at: EPOCH,
    updated_at: EPOCH,
    statuses_url: `${repoApi}/deployments/${deployment.id}/statuses`,
    repository_url: repoApi,
    transient_environment: false,
    production_environment: deployment.environment === 'production',
  };
}

function environmentJson(ctx: Ctx, name: string): Record<string, unknown> {
  const environment = ctx.state.environments![name];
  const id = stableId(`environment:${name}`);
  const users = [...knownUsers(ctx.state).values()];
  const reviewer = (entry: { type: 'User' | 'Team'; id: number }) => {
    if (entry.type === 'User') {
      const user = users.find((candidate) => candidate.id === entry.id) ?? ghUser(`user-${entry.id}`, entry.id);
      return { type: 'User', reviewer: userJson(ctx.api, user) };
    }
    const slug = Object.keys(ctx.state.teams).map((key) => key.split('/')[1]).find((candidate) => stableId(`team:${ctx.state.owner}/${candidate}`) === entry.id) ?? `team-${entry.id}`;
    return { type: 'Team', reviewer: teamJson(ctx.api, ctx.state, slug) };
  };
  const rules: Record<string, unknown>[] = [];
  if (environment.wait_timer) rules.push({ id: id + 1, node_id: nodeId('Gate', id + 1), type: 'wait_timer', wait_timer: environment.wait_timer });
  if (environment.reviewers.length) rules.push({ id: id + 2, node_id: nodeId('Gate', id + 2), prevent_self_review: environment.prevent_self_review, type: 'required_reviewers', reviewers: environment.reviewers.map(reviewer) });
  if (environment.deployment_branch_policy) rules.push({ id: id + 3, node_id: nodeId('Gate', id + 3), type: 'branch_policy' });
  return {
    id,
    node_id: nodeId('Environment', id),
    name,
    url: `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}/environments/${enc(name)}`,
    html_url: `${WEB}/${ctx.state.owner}/${ctx.state.repo}/deployments/activity_log?environments_filter=${enc(name)}`,
    created_at: EPOCH,
    updated_at: EPOCH,
    can_admins_bypass: environment.can_admins_bypass !== false,
    protection_rules: rules,
    deployment_branch_policy: environment.deployment_branch_policy,
  };
}
// --- end deployments ---

/** GraphQL's fields of the two base-change events (PullRequestTimelineItems), scalars only; `actor` as a User. */
function baseChangeNode(pull: GhPull, change: GhBaseChange, index: number): Record<string, unknown> {
  const kind = change.automatic ? 'AutomaticBaseChangeSucceededEvent' : 'BaseRefChangedEvent';
  const refs = change.automatic ? { oldBase: change.from, newBase: change.to } : { previousRefName: change.from, currentRefName: change.to, databaseId: stableId(`base:${pull.number}:${index}`) };
  return { __typename: kind, id: nodeId(kind, stableId(`base:${pull.number}:${index}`)), createdAt: change.at, ...refs, actor: change.actor ? { __typename: change.actor.type, login: change.actor.login.replace(/\[bot\]$/, '') } : null };
}

/**
 * `repository(owner, name) { pullRequest(number) { timelineItems(first, after, itemTypes) { pageInfo { hasNextPage endCursor } nodes { … } } } }`
 * for the base-change item types: each node with the fields its `... on Type { … }` fragment selects, as GitHub answers.
 */
function baseChangesGraphql(ctx: Ctx, query: string, rawVariables: unknown): Reply {
  const variables = (rawVariables && typeof rawVariables === 'object' ? rawVariables : {}) as Record<string, unknown>;
  const error = (message: string, type?: string) => ({ status: 200, body: { ...(type ? { data: { repository: { pullRequest: null } } } : {}), errors: [{ ...(type ? { type, path: ['repository', 'pullRequest'] } : {}), message }] } });
  const first = Number(/\bfirst:\s*(\d+)/.exec(query)?.[1] ?? variables.first);
  if (!Number.isInteger(first) || first < 1) return error('You must provide a `first` or `last` value to properly paginate the `timelineItems` connection.');
  if (first > 100) return error(`Requesting ${first} records on the \`timelineItems\` connection exceeds the \`first\` limit of 100 records.`);
  const types = /itemTypes:\s*\[([^\]]*)\]/.exec(query)?.[1].split(/[\s,]+/).filter(Boolean) ?? [];
  if (String(variables.owner).toLowerCase() !== ctx.state.owner.toLowerCase() || String(variables.repo ?? variables.name).toLowerCase() !== ctx.state.repo.toLowerCase()) {
    return { status: 200, body: { data: { repository: null }, errors: [{ type: 'NOT_FOUND', path: ['repository'], message: `Could not resolve to a Repository with the name '${String(variables.owner)}/${String(variables.repo ?? variables.name)}'.` }] } };
  }
  const pull = ctx.state.pulls.get(Number(variables.number));
  if (!pull) return error(`Could not resolve to a PullRequest with the number of ${String(variables.number)}.`, 'NOT_FOUND');
  const wanted = (change: GhBaseChange) => types.includes(change.automatic ? 'AUTOMATIC_BASE_CHANGE_SUCCEEDED_EVENT' : 'BASE_REF_CHANGED_EVENT');
  const items = (pull.baseChanges ?? []).map((change, index) => ({ change, index })).filter(({ change }) => wanted(change));
  const cursor = (index: number) => Buffer.from(`cursor:v2:${index}`).toString('base64');
  const after = typeof variables.after === 'string' ? Number(/^cursor:v2:(\d+)$/.exec(Buffer.from(variables.after, 'base64').toString())?.[1] ?? Number.NaN) : -1;
  if (Number.isNaN(after)) return error(`\`${String(variables.after)}\` does not appear to be a valid cursor.`);
  const page = items.filter(({ index }) => index > after).slice(0, first);
  const selected = (kind: string) => new RegExp(`\\.\\.\\. on ${kind} \\{([^}]*)\\}`).exec(query)?.[1].split(/\s+/).filter(Boolean) ?? [];
  const nodes = page.map(({ change, index }) => {
    const node = baseChangeNode(pull, change, index);
    const fields = [...(/\b__typename\b/.test(query) ? ['__typename'] : []), ...selected(String(node.__typename))];
    return Object.fromEntries(fields.filter((field) => field in node).map((field) => [field, node[field]]));
  });
  const last = page.at(-1);
  const hasNextPage = last !== undefined && items.some(({ index }) => index > last.index);
  return { status: 200, body: { data: { repository: { pullRequest: { timelineItems: { pageInfo: { hasNextPage, endCursor: last ? cursor(last.index) : null }, nodes } } } } } };
}

const R = '/repos/:o/:r';
const ISSUES_DOCS = `${DOCS}/issues/issues`;
/** GitHub refuses an issue or pull request body over 65,536 characters. */
const tooLongBody = (body: unknown) => typeof body === 'string' && body.length > 65_536;
const bodyTooLong = (docs: string) => ghError(422, 'Validation Failed', docs, [{ resource: 'Issue', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }]);
const STATE_REASONS = ['completed', 'not_planned', 'reopened'] as const;
const REVIEWS_DOCS = `${DOCS}/pulls/reviews`;
const ROUTES: [string, string, Handler][] = [
  [
    // GraphQL, only as far as gitops-sync asks it: who last edited an issue comment or an issue's body. Bots' logins come without `[bot]`, as GitHub's GraphQL gives them.
    'POST',
    '/graphql',
    (ctx) => {
      const { query, variables } = objectBody(ctx) as { query?: unknown; variables?: { id?: unknown } };
      if (typeof query === 'string' && /\btimelineItems\(/.test(query)) return baseChangesGraphql(ctx, query, objectBody(ctx).variables);
      const type = typeof query === 'string' ? /\.\.\. on (IssueComment|Issue) \{ body lastEditedAt editor \{ __typename login \} \}/.exec(query)?.[1] : undefined;
      if (!type) return { status: 200, body: { errors: [{ message: 'the fake answers only the comment and issue editor and timeline queries' }] } };
      const edited = type === 'IssueComment' ? ctx.state.comments.find((c) => nodeId('IssueComment', c.id) === variables?.id) : ctx.state.issues.find((issue) => nodeId('Issue', issueId(issue.number)) === variables?.id);
      const editor = edited?.editor ? { __typename: edited.editor.type === 'Bot' ? 'Bot' : 'User', login: edited.editor.login.replace(/\[bot\]$/, '') } : null;
      return { status: 200, body: { data: { node: edited ? { body: edited.body ?? '', lastEditedAt: edited.last_edited_at ?? null, editor } : null } } };
    },
  ],
  [
    'GET',
    '/user',
    ({ api, state }) =>
      state.tokenUser.type === 'Bot'
        ? ghError(403, 'Resource not accessible by integration', `${DOCS}/users/users#get-the-authenticated-user`)
        : { status: 200, body: { ...userJson(api, state.tokenUser), name: state.tokenUser.login, email: null } },
  ],
  ['GET', R, ({ api, state }) => ({ status: 200, body: repoJson(api, state, `${state.owner}/${state.repo}`) })],
  [
    'GET',
    `${R}/pulls`,
    (ctx) => {
      const wanted = ctx.request.query.get('state') ?? 'open';
      // ?head=user:ref-name and ?base=ref-name filter the list, like GitHub's.
      const head = ctx.request.query.get('head');
      const base = ctx.request.query.get('base');
      const pulls = [...ctx.state.pulls.values()]
        .filter((pull) => wanted === 'all' || pull.state === wanted)
        .filter((pull) => head === null || `${ownerOf(pull.head.repoFullName).login}:${pull.head.ref}`.toLowerCase() === head.toLowerCase())
        .filter((pull) => base === null || pull.base.ref === base)
        .sort((a, b) => b.number - a.number);
      return { status: 200, body: paginate(ctx, pulls).map((pull) => pullJson(ctx.api, ctx.state, pull)) };
    },
  ],
  [
    // Create a pull request (rollback --mode git). Branches are not modelled: head/base shas are derived from the ref names.
    'POST',
    `${R}/pulls`,
    (ctx) => {
      const docs = `${DOCS}/pulls/pulls#create-a-pull-request`;
      const input = objectBody(ctx);
      for (const field of ['head', 'base', 'title'] as const) {
        if (typeof input[field] !== 'string' || input[field] === '') return ghError(422, 'Validation Failed', docs, [{ resource: 'PullRequest', code: 'missing_field', field }]);
      }
      const headInput = String(input.head);
      const headRef = headInput.includes(':') ? headInput.slice(headInput.indexOf(':') + 1) : headInput;
      const headRepo = headInput.includes(':') ? `${headInput.slice(0, headInput.indexOf(':'))}/${ctx.state.repo}` : `${ctx.state.owner}/${ctx.state.repo}`;
      const baseRef = String(input.base);
      if (headRef === baseRef && headRepo.toLowerCase() === `${ctx.state.owner}/${ctx.state.repo}`.toLowerCase()) {
        return ghError(422, 'Validation Failed', docs, [{ resource: 'PullRequest', code: 'custom', message: `No commits between ${baseRef} and ${headRef}` }]);
      }
      const duplicate = [...ctx.state.pulls.values()].some((pull) => pull.state === 'open' && pull.head.ref === headRef && pull.base.ref === baseRef);
      if (duplicate) {
        const owner = headRepo.split('/')[0];
        return ghError(422, 'Validation Failed', docs, [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${owner}:${headRef}.` }]);
      }
      const repository = `${ctx.state.owner}/${ctx.state.repo}`;
      const pull = ghPullRequest(ctx.state.tokenUser, { number: nextNumber(ctx.state), head: sha1(`branch:${headRepo}:${headRef}`), base: sha1(`branch:${repository}:${baseRef}`) }, {
        draft: input.draft === true,
        title: String(input.title),
        body: typeof input.body === 'string' ? input.body : null,
      });
      pull.head = { ...pull.head, ref: headRef, repoFullName: headRepo };
      pull.base = { ...pull.base, ref: baseRef, repoFullName: repository };
      ctx.state.pulls.set(pull.number, pull);
      return { status: 201, body: pullJson(ctx.api, ctx.state, pull), headers: { location: `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}/pulls/${pull.number}` } };
    },
  ],
  [
    'GET',
    `${R}/pulls/:n`,
    withPull((ctx, pull) => {
      const body = pullJson(ctx.api, ctx.state, pull);
      pull.onGet?.(pull);
      return { status: 200, body };
    }),
  ],
  ['GET', `${R}/pulls/:n/files`, withPull((ctx, pull) => ({ status: 200, body: paginate(ctx, pull.files.slice(0, 3000)).map((file) => fileJson(ctx.api, ctx.state, pull, file)) }))],
  [
    'GET',
    `${R}/pulls/:n/commits`,
    withPull((ctx, pull) => {
      const listed = pull.commits.slice(0, 250).map((commit, index) => commitJson(ctx.api, ctx.state, pull, commit, index));
      return { status: 200, body: paginate(ctx, listed) };
    }),
  ],
  [
    'GET',
    `${R}/pulls/:n/reviews`,
    withPull((ctx, pull) => {
      // A pending review is only visible to its author.
      const visible = pull.reviews.filter((review) => review.state !== 'PENDING' || review.user.login === ctx.state.tokenUser.login);
      return { status: 200, body: paginate(ctx, visible).map((review) => reviewJson(ctx.api, ctx.state, pull, review)) };
    }),
  ],
  [
    'GET',
    `${R}/pulls/:n/reviews/:id`,
    withPull((ctx, pull) => {
      const review = pull.reviews.find((r) => String(r.id) === ctx.params.id);
      return review ? { status: 200, body: reviewJson(ctx.api, ctx.state, pull, review) } : notFound();
    }),
  ],
  [
    'POST',
    `${R}/pulls/:n/reviews`,
    withPull((ctx, pull) => {
      const docs = `${REVIEWS_DOCS}#create-a-review-for-a-pull-request`;
      const input = objectBody(ctx);
      const event = input.event;
      const states: Record<string, GhReview['state']> = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' };
      if (event !== undefined && (typeof event !== 'string' || !(event in states))) {
        return ghError(422, `Invalid request.\n\n${JSON.stringify(event)} is not a member of ["APPROVE", "REQUEST_CHANGES", "COMMENT"].`, docs);
      }
      const me = ctx.state.tokenUser;
      const own = me.login.toLowerCase() === pull.user.login.toLowerCase();
      if (own && event === 'APPROVE') return unprocessable(docs, 'Can not approve your own pull request');
      if (own && event === 'REQUEST_CHANGES') return unprocessable(docs, 'Can not request changes on your own pull request');
      if (event === undefined && pull.reviews.some((r) => r.state === 'PENDING' && r.user.login === me.login)) {
        return unprocessable(docs, 'User can only have one pending review per pull request');
      }
      const allIds = [...ctx.state.pulls.values()].flatMap((p) => p.reviews.map((r) => r.id));
      const review: GhReview = {
        id: Math.max(80_000_000, ...allIds) + 1,
        user: me,
        state: event === undefined ? 'PENDING' : states[event as string],
        commit_id: typeof input.commit_id === 'string' ? input.commit_id : pull.head.sha,
        body: typeof input.body === 'string' ? input.body : '',
        submitted_at: ghNow(),
      };
      pull.reviews.push(review);
      if (review.state !== 'PENDING') pull.requested_reviewers = pull.requested_reviewers.filter((login) => login.toLowerCase() !== me.login.toLowerCase());
      return { status: 200, body: reviewJson(ctx.api, ctx.state, pull, review) };
    }),
  ],
  [
    'PUT',
    `${R}/pulls/:n/reviews/:id/dismissals`,
    withPull((ctx, pull) => {
      const docs = `${REVIEWS_DOCS}#dismiss-a-review-for-a-pull-request`;
      const review = pull.reviews.find((r) => String(r.id) === ctx.params.id);
      if (!review) return notFound();
      const input = objectBody(ctx);
      if (typeof input.message !== 'string') return ghError(422, 'Invalid request.\n\n"message" wasn\'t supplied.', docs);
      if (review.state !== 'APPROVED' && review.state !== 'CHANGES_REQUESTED') {
        return ghError(422, `Can not dismiss a ${review.state === 'COMMENTED' ? 'commented' : review.state.toLowerCase()} pull request review`, docs);
      }
      review.state = 'DISMISSED';
      return { status: 200, body: reviewJson(ctx.api, ctx.state, pull, review) };
    }),
  ],
  [
    'GET',
    `${R}/pulls/:n/requested_reviewers`,
    withPull((ctx, pull) => {
      const body = pullJson(ctx.api, ctx.state, pull);
      return { status: 200, body: { users: body.requested_reviewers, teams: body.requested_teams } };
    }),
  ],
  [
    'POST',
    `${R}/pulls/:n/requested_reviewers`,
    withPull((ctx, pull) => {
      const docs = `${DOCS}/pulls/review-requests#request-reviewers-for-a-pull-request`;
      const input = objectBody(ctx);
      const reviewers = Array.isArray(input.reviewers) ? input.reviewers.map(String) : [];
      const teams = Array.isArray(input.team_reviewers) ? input.team_reviewers.map(String) : [];
      if (reviewers.some((login) => login.toLowerCase() === pull.user.login.toLowerCase())) {
        return ghError(422, 'Review cannot be requested from pull request author.', docs);
      }
      const notCollaborator = reviewers.some((login) => (roleOf(ctx.state, login) ?? 'none') === 'none') || teams.some((slug) => !teamMembers(ctx.state, slug));
      if (notCollaborator) {
        return ghError(
          422,
          `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${ctx.state.owner}/${ctx.state.repo} repository.`,
          docs,
        );
      }
      for (const login of reviewers) if (!pull.requested_reviewers.some((l) => l.toLowerCase() === login.toLowerCase())) pull.requested_reviewers.push(login);
      for (const slug of teams) if (!pull.requested_teams.includes(slug)) pull.requested_teams.push(slug);
      return { status: 201, body: pullJson(ctx.api, ctx.state, pull) };
    }),
  ],
  [
    'DELETE',
    `${R}/pulls/:n/requested_reviewers`,
    withPull((ctx, pull) => {
      const input = objectBody(ctx);
      const reviewers = Array.isArray(input.reviewers) ? input.reviewers.map((login) => String(login).toLowerCase()) : [];
      const teams = Array.isArray(input.team_reviewers) ? input.team_reviewers.map(String) : [];
      pull.requested_reviewers = pull.requested_reviewers.filter((login) => !reviewers.includes(login.toLowerCase()));
      pull.requested_teams = pull.requested_teams.filter((slug) => !teams.includes(slug));
      return { status: 200, body: pullJson(ctx.api, ctx.state, pull) };
    }),
  ],
  [
    'GET',
    `${R}/collaborators/:user/permission`,
    (ctx) => {
      const login = ctx.params.user;
      const role = roleOf(ctx.state, login);
      const user = knownUsers(ctx.state).get(login.toLowerCase()) ?? (role !== undefined ? ghUser(login) : undefined);
      if (!user) return notFound();
      const effective = role ?? 'none';
      const rank = ['none', 'read', 'triage', 'write', 'maintain', 'admin'].indexOf(effective);
      const legacy: Record<GhRole, string> = { admin: 'admin', maintain: 'write', write: 'write', triage: 'read', read: 'read', none: 'none' };
      const roleName = effective === 'none' ? '' : effective;
      return {
        status: 200,
        body: {
          permission: legacy[effective],
          role_name: roleName,
          user: {
            ...userJson(ctx.api, user),
            permissions: { admin: rank >= 5, maintain: rank >= 4, push: rank >= 3, triage: rank >= 2, pull: rank >= 1 },
            role_name: roleName,
          },
        },
      };
    },
  ],
  [
    'GET',
    '/orgs/:org/teams/:slug/memberships/:user',
    (ctx) => {
      const key = `${ctx.params.org}/${ctx.params.slug}`.toLowerCase();
      const members = Object.entries(ctx.state.teams).find(([name]) => name.toLowerCase() === key)?.[1];
      if (!members?.some((login) => login.toLowerCase() === ctx.params.user.toLowerCase())) return notFound();
      const teamId = stableId(`team:${key}`);
      return { status: 200, body: { url: `${ctx.api}/organizations/1/team/${teamId}/memberships/${enc(ctx.params.user)}`, role: 'member', state: 'active' } };
    },
  ],
  [
    // Lists issues AND pull requests (the latter with a `pull_request` key), like GitHub: adapters must filter.
    'GET',
    `${R}/issues`,
    (ctx) => {
      const query = ctx.request.query;
      const wanted = query.get('state') ?? 'open';
      const sort = query.get('sort') ?? 'created';
      const direction = query.get('direction') ?? 'desc';
      const allowed: [string, string, string[]][] = [
        ['state', wanted, ['open', 'closed', 'all']],
        ['sort', sort, ['created', 'updated', 'comments']],
        ['direction', direction, ['asc', 'desc']],
      ];
      const bad = allowed.find(([, value, values]) => !values.includes(value));
      if (bad) return ghError(422, 'Validation Failed', `${ISSUES_DOCS}#list-repository-issues`, [{ resource: 'Issue', code: 'invalid', field: bad[0] }]);
      const labels = (query.get('labels') ?? '')
        .split(',')
        .map((label) => label.trim().toLowerCase())
        .filter(Boolean);
      const comments = (item: GhIssueLike) => ctx.state.comments.filter((comment) => comment.issue_number === item.number).length;
      const key = (item: GhIssueLike): string | number => {
        if (sort === 'comments') return comments(item);
        if (isPull(item)) return EPOCH;
        return sort === 'updated' ? item.updated_at : item.created_at;
      };
      const compare = (a: string | number, b: string | number) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)));
      const items: GhIssueLike[] = [...ctx.state.issues, ...ctx.state.pulls.values()]
        .filter((item) => wanted === 'all' || item.state === wanted)
        .filter((item) => labels.every((label) => item.labels.some((name) => name.toLowerCase() === label)))
        .sort((a, b) => (direction === 'asc' ? 1 : -1) * (compare(key(a), key(b)) || a.number - b.number));
      return { status: 200, body: paginate(ctx, items).map((item) => issueJson(ctx.api, ctx.state, item, undefined)) };
    },
  ],
  [
    'POST',
    `${R}/issues`,
    (ctx) => {
      const docs = `${ISSUES_DOCS}#create-an-issue`;
      const input = objectBody(ctx);
      if (input.title === undefined || input.title === null) return ghError(422, 'Invalid request.\n\n"title" wasn\'t supplied.', docs);
      if ((typeof input.title !== 'string' && typeof input.title !== 'number') || String(input.title).trim() === '') {
        return ghError(422, 'Validation Failed', docs, [{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
      }
      if (input.body !== undefined && input.body !== null && typeof input.body !== 'string') {
        return ghError(422, `Invalid request.\n\nFor 'properties/body', ${JSON.stringify(input.body)} is not a string or null.`, docs);
      }
      if (tooLongBody(input.body)) return bodyTooLong(docs);
      const now = ghNow();
      const issue: GhIssue = {
        number: nextNumber(ctx.state),
        title: String(input.title),
        body: typeof input.body === 'string' ? input.body : null,
        labels: labelNames(input.labels) ?? [],
        state: 'open',
        state_reason: null,
        user: ctx.state.tokenUser,
        created_at: now,
        updated_at: now,
        closed_at: null,
      };
      ctx.state.issues.push(issue);
      return {
        status: 201,
        body: issueJson(ctx.api, ctx.state, issue, { closedBy: null }),
        headers: { location: `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}/issues/${issue.number}` },
      };
    },
  ],
  ['GET', `${R}/issues/:n`, withIssue((ctx, item) => ({ status: 200, body: issueJson(ctx.api, ctx.state, item, { closedBy: closedBy.get(item) ?? null }) }))],
  [
    // Works on pull requests too (title, body, state, labels), like GitHub's.
    'PATCH',
    `${R}/issues/:n`,
    withIssue((ctx, item) => {
      const docs = `${ISSUES_DOCS}#update-an-issue`;
      const input = objectBody(ctx);
      if (input.title !== undefined && input.title !== null && ((typeof input.title !== 'string' && typeof input.title !== 'number') || String(input.title).trim() === '')) {
        return ghError(422, 'Validation Failed', docs, [{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
      }
      if (input.state !== undefined && input.state !== 'open' && input.state !== 'closed') {
        return ghError(422, `Invalid request.\n\n${JSON.stringify(input.state)} is not a member of ["open", "closed"].`, docs);
      }
      const reason = input.state_reason;
      if (reason !== undefined && reason !== null && !(STATE_REASONS as readonly unknown[]).includes(reason)) {
        return ghError(422, `Invalid request.\n\n${JSON.stringify(reason)} is not a member of ${JSON.stringify(STATE_REASONS)}.`, docs);
      }
      const labels = input.labels === undefined || input.labels === null ? undefined : labelNames(input.labels);
      if (input.labels !== undefined && input.labels !== null && labels === undefined) {
        return ghError(422, 'Invalid request.\n\nFor \'properties/labels\', value is not an array.', docs);
      }
      if (tooLongBody(input.body)) return bodyTooLong(docs);
      if (input.title !== undefined && input.title !== null) item.title = String(input.title);
      if (input.body !== undefined) {
        const body = typeof input.body === 'string' ? input.body : null;
        if (body !== item.body && !isPull(item)) Object.assign(item, { editor: ctx.state.tokenUser, last_edited_at: ghNow() });
        item.body = body;
      }
      if (labels) item.labels = labels;
      const next = input.state as GhIssueLike['state'] | undefined;
      if (next !== undefined && next !== item.state) {
        item.state = next;
        if (next === 'closed') closedBy.set(item, ctx.state.tokenUser);
        else closedBy.delete(item);
        if (!isPull(item)) {
          // state_reason counts only when the state changes: closing defaults to completed, reopening to reopened.
          item.state_reason = next === 'closed' ? ((reason as GhIssue['state_reason']) ?? 'completed') : ((reason as GhIssue['state_reason']) ?? 'reopened');
          item.closed_at = next === 'closed' ? ghNow() : null;
        }
      }
      touch(item);
      return { status: 200, body: issueJson(ctx.api, ctx.state, item, { closedBy: closedBy.get(item) ?? null }) };
    }),
  ],
  ['GET', `${R}/issues/:n/labels`, withIssue((ctx, item) => ({ status: 200, body: paginate(ctx, item.labels).map((name) => labelJson(ctx.api, ctx.state, name)) }))],
  [
    'POST',
    `${R}/issues/:n/labels`,
    withIssue((ctx, item) => {
      const raw = Array.isArray(ctx.request.body) ? ctx.request.body : objectBody(ctx).labels;
      if (!Array.isArray(raw)) return ghError(422, 'Invalid request.\n\nNo subschema in "anyOf" matched.', `${DOCS}/issues/labels#add-labels-to-an-issue`);
      for (const name of labelNames(raw) ?? []) if (!item.labels.some((l) => l.toLowerCase() === name.toLowerCase())) item.labels.push(name);
      touch(item);
      return { status: 200, body: item.labels.map((name) => labelJson(ctx.api, ctx.state, name)) };
    }),
  ],
  [
    'DELETE',
    `${R}/issues/:n/labels/:name`,
    withIssue((ctx, item) => {
      const index = item.labels.findIndex((l) => l.toLowerCase() === ctx.params.name.toLowerCase());
      if (index < 0) return ghError(404, 'Label does not exist', `${DOCS}/issues/labels#remove-a-label-from-an-issue`);
      item.labels.splice(index, 1);
      touch(item);
      return { status: 200, body: item.labels.map((name) => labelJson(ctx.api, ctx.state, name)) };
    }),
  ],
  [
    'GET',
    `${R}/issues/:n/comments`,
    withIssue((ctx, item) => {
      const comments = ctx.state.comments.filter((c) => c.issue_number === item.number).sort((a, b) => a.id - b.id);
      return { status: 200, body: paginate(ctx, comments).map((c) => commentJson(ctx.api, ctx.state, c)) };
    }),
  ],
  [
    'POST',
    `${R}/issues/:n/comments`,
    withIssue((ctx, item) => {
      const body = objectBody(ctx).body;
      if (typeof body !== 'string') return ghError(422, 'Invalid request.\n\n"body" wasn\'t supplied.', `${DOCS}/issues/comments#create-an-issue-comment`);
      const now = ghNow();
      const comment: GhComment = {
        id: Math.max(1_000_000_000, ...ctx.state.comments.map((c) => c.id)) + 1,
        issue_number: item.number,
        user: ctx.state.tokenUser,
        body,
        created_at: now,
        updated_at: now,
      };
      ctx.state.comments.push(comment);
      touch(item);
      return { status: 201, body: commentJson(ctx.api, ctx.state, comment), headers: { location: `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}/issues/comments/${comment.id}` } };
    }),
  ],
  [
    'GET',
    `${R}/issues/comments/:id`,
    (ctx) => {
      const comment = ctx.state.comments.find((c) => String(c.id) === ctx.params.id);
      return comment ? { status: 200, body: commentJson(ctx.api, ctx.state, comment) } : notFound();
    },
  ],
  [
    'PATCH',
    `${R}/issues/comments/:id`,
    (ctx) => {
      const comment = ctx.state.comments.find((c) => String(c.id) === ctx.params.id);
      if (!comment) return notFound();
      const body = objectBody(ctx).body;
      if (typeof body !== 'string') return ghError(422, 'Invalid request.\n\n"body" wasn\'t supplied.', `${DOCS}/issues/comments#update-an-issue-comment`);
      comment.body = body;
      comment.updated_at = ghNow();
      comment.editor = ctx.state.tokenUser;
      comment.last_edited_at = comment.updated_at;
      return { status: 200, body: commentJson(ctx.api, ctx.state, comment) };
    },
  ],
  [
    // A tree by commit sha (GitHub also takes a tree sha or a ref); without ?recursive only the top level.
    'GET',
    `${R}/git/trees/:sha`,
    (ctx) => {
      const found = ctx.state.trees?.[ctx.params.sha];
      if (!found) return ghError(404, 'Not Found', `${DOCS}/git/trees#get-a-tree`);
      const repoApi = `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}`;
      const entries = ctx.request.query.has('recursive') ? found.entries : found.entries.filter((entry) => !entry.path.includes('/'));
      return {
        status: 200,
        body: {
          sha: sha1(`tree:${ctx.params.sha}`),
          url: `${repoApi}/git/trees/${sha1(`tree:${ctx.params.sha}`)}`,
          tree: entries.map((entry) => ({
            path: entry.path,
            mode: entry.mode,
            type: entry.type,
            sha: entry.sha,
            ...(entry.size === undefined ? {} : { size: entry.size }),
            ...(entry.type === 'commit' ? {} : { url: `${repoApi}/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${entry.sha}` }),
          })),
          truncated: found.truncated === true,
        },
      };
    },
  ],
  [
    'GET',
    `${R}/contents/*path`,
    (ctx) => {
      const path = ctx.params.path.replace(/^\/+|\/+$/g, '');
      const requested = ctx.request.query.get('ref') ?? ctx.state.defaultBranch ?? 'main';
      const ref = requested.replace(/^refs\/heads\//, '');
      const text = ctx.state.contents[`${ref}:${path}`] ?? ctx.state.contents[`${requested}:${path}`];
      if (text === undefined) return ghError(404, 'Not Found', `${DOCS}/repos/contents#get-repository-content`);
      const repoApi = `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}`;
      const size = Buffer.byteLength(text, 'utf8');
      const sha = sha1(`blob ${size}\0${text}`);
      const self = `${repoApi}/contents/${encPath(path)}?ref=${enc(ref)}`;
      const html = `${WEB}/${ctx.state.owner}/${ctx.state.repo}/blob/${ref}/${encPath(path)}`;
      const git = `${repoApi}/git/blobs/${sha}`;
      const tooLarge = size > 1024 * 1024;
      return {
        status: 200,
        body: {
          type: 'file',
          encoding: tooLarge ? 'none' : 'base64',
          size,
          name: path.split('/').pop(),
          path,
          content: tooLarge ? '' : base64Lines(text),
          sha,
          url: self,
          git_url: git,
          html_url: html,
          download_url: `https://raw.githubusercontent.com/${ctx.state.owner}/${ctx.state.repo}/${ref}/${encPath(path)}`,
          _links: { self, git, html },
        },
      };
    },
  ],
  // --- deployments ---
  [
    'POST',
    `${R}/deployments`,
    (ctx) => {
      const body = objectBody(ctx);
      const docs = `${DOCS}/deployments/deployments#create-a-deployment`;
      if (typeof body.ref !== 'string' || !body.ref) return unprocessable(docs, 'ref is missing');
      const deployments = (ctx.state.deployments ??= []);
      const deployment: GhDeployment = {
        id: 1_000 + deployments.length + 1,
        sha: body.ref,
        ref: body.ref,
        environment: typeof body.environment === 'string' ? body.environment : 'production',
        description: typeof body.description === 'string' ? body.description : null,
        auto_merge: body.auto_merge,
        required_contexts: body.required_contexts,
        statuses: [],
      };
      deployments.push(deployment);
      return { status: 201, body: deploymentJson(ctx, deployment) };
    },
  ],
  [
    'GET',
    `${R}/deployments`,
    (ctx) => {
      const environment = ctx.request.query.get('environment');
      const listed = (ctx.state.deployments ?? []).filter((deployment) => !environment || deployment.environment === environment).reverse();
      return { status: 200, body: paginate(ctx, listed).map((deployment) => deploymentJson(ctx, deployment)) };
    },
  ],
  [
    'POST',
    `${R}/deployments/:id/statuses`,
    (ctx) => {
      const deployment = (ctx.state.deployments ?? []).find((candidate) => String(candidate.id) === ctx.params.id);
      if (!deployment) return notFound();
      const body = objectBody(ctx);
      const docs = `${DOCS}/deployments/statuses#create-a-deployment-status`;
      const states = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
      if (typeof body.state !== 'string' || !states.includes(body.state)) return unprocessable(docs, `state is not included in the list`);
      if (typeof body.description === 'string' && body.description.length > 140) return unprocessable(docs, 'description is too long (maximum is 140 characters)');
      const status = {
        id: 5_000 + deployment.statuses.length + 1,
        state: body.state,
        description: typeof body.description === 'string' ? body.description : '',
        log_url: typeof body.log_url === 'string' ? body.log_url : '',
        environment: deployment.environment,
        created_at: ghNow(),
      };
      deployment.statuses.push(status);
      const repoApi = `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}`;
      return {
        status: 201,
        body: {
          url: `${repoApi}/deployments/${deployment.id}/statuses/${status.id}`,
          id: status.id,
          node_id: nodeId('DeploymentStatus', status.id),
          state: status.state,
          creator: userJson(ctx.api, ctx.state.tokenUser),
          description: status.description,
          environment: status.environment,
          target_url: status.log_url,
          created_at: status.created_at,
          updated_at: status.created_at,
          deployment_url: `${repoApi}/deployments/${deployment.id}`,
          repository_url: repoApi,
          environment_url: '',
          log_url: status.log_url,
          performed_via_github_app: null,
        },
      };
    },
  ],
  [
    'GET',
    '/orgs/:org/teams/:slug',
    // https://docs.github.com/rest/teams/teams#get-a-team-by-name
    (ctx) => {
      const key = `${ctx.params.org}/${ctx.params.slug}`.toLowerCase();
      if (!Object.keys(ctx.state.teams).some((name) => name.toLowerCase() === key)) return ghError(404, 'Not Found', `${DOCS}/teams/teams#get-a-team-by-name`);
      return { status: 200, body: { ...teamJson(ctx.api, ctx.state, ctx.params.slug.toLowerCase()), organization: { login: ctx.params.org, id: 1 }, members_count: ctx.state.teams[Object.keys(ctx.state.teams).find((name) => name.toLowerCase() === key)!].length } };
    },
  ],
  [
    // https://docs.github.com/rest/users/users#get-a-user: 404 for a login no account has.
    'GET',
    '/users/:username',
    (ctx) => {
      const user = knownUsers(ctx.state).get(ctx.params.username.toLowerCase());
      return user ? { status: 200, body: { ...userJson(ctx.api, user), name: null, company: null, blog: '', location: null, email: null, hireable: null, bio: null, twitter_username: null, public_repos: 0, public_gists: 0, followers: 0, following: 0, created_at: EPOCH, updated_at: EPOCH } } : ghError(404, 'Not Found', `${DOCS}/users/users#get-a-user`);
    },
  ],
  [
    'PUT',
    `${R}/environments/:name`,
    (ctx) => {
      const body = objectBody(ctx);
      const docs = `${DOCS}/deployments/environments#create-or-update-an-environment`;
      const reviewers = Array.isArray(body.reviewers) ? (body.reviewers as { type?: unknown; id?: unknown }[]) : [];
      if (reviewers.length > 6) return unprocessable(docs, 'reviewers: at most 6');
      if (reviewers.some((reviewer) => (reviewer.type !== 'User' && reviewer.type !== 'Team') || typeof reviewer.id !== 'number')) return unprocessable(docs, 'reviewers need a type (User or Team) and a numeric id');
      const policy = body.deployment_branch_policy as GhEnvironment['deployment_branch_policy'] | undefined;
      if (policy && policy.protected_branches === policy.custom_branch_policies) return unprocessable(docs, 'deployment_branch_policy: protected_branches and custom_branch_policies cannot both be the same');
      const environments = (ctx.state.environments ??= {});
      const existing = environments[ctx.params.name];
      environments[ctx.params.name] = {
        wait_timer: typeof body.wait_timer === 'number' ? body.wait_timer : 0,
        prevent_self_review: body.prevent_self_review === true,
        can_admins_bypass: body.can_admins_bypass !== false,
        reviewers: reviewers as GhEnvironment['reviewers'],
        deployment_branch_policy: policy ?? null,
        branch_policies: existing?.branch_policies ?? [],
      };
      return { status: 200, body: environmentJson(ctx, ctx.params.name) };
    },
  ],
  ['GET', `${R}/environments/:name`, (ctx) => (ctx.state.environments?.[ctx.params.name] ? { status: 200, body: environmentJson(ctx, ctx.params.name) } : notFound())],
  [
    'GET',
    `${R}/environments/:name/deployment-branch-policies`,
    (ctx) => {
      const environment = ctx.state.environments?.[ctx.params.name];
      if (!environment) return notFound();
      return { status: 200, body: { total_count: environment.branch_policies.length, branch_policies: environment.branch_policies.map((policy) => ({ ...policy, node_id: nodeId('DeploymentBranchPolicy', policy.id) })) } };
    },
  ],
  [
    'POST',
    `${R}/environments/:name/deployment-branch-policies`,
    (ctx) => {
      const environment = ctx.state.environments?.[ctx.params.name];
      if (!environment) return notFound();
      const body = objectBody(ctx);
      if (!environment.deployment_branch_policy?.custom_branch_policies) return ghError(404, 'Not Found');
      if (typeof body.name !== 'string') return unprocessable(`${DOCS}/deployments/branch-policies`, 'name is missing');
      const policy = { id: 7_000 + environment.branch_policies.length + 1, name: body.name, type: body.type === 'tag' ? ('tag' as const) : ('branch' as const) };
      environment.branch_policies.push(policy);
      return { status: 200, body: { ...policy, node_id: nodeId('DeploymentBranchPolicy', policy.id) } };
    },
  ],
  [
    'GET',
    `${R}/branches/:branch/protection`,
    (ctx) => {
      const protection = ctx.state.branchProtection?.[ctx.params.branch];
      if (!protection) return ghError(404, 'Branch not protected', `${DOCS}/branches/branch-protection#get-branch-protection`);
      return { status: 200, body: { url: `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}/branches/${enc(ctx.params.branch)}/protection`, ...protection } };
    },
  ],
  ['GET', `${R}/rules/branches/:branch`, (ctx) => ({ status: 200, body: paginate(ctx, ctx.state.branchRules?.[ctx.params.branch] ?? []) })],
  // --- end deployments ---
];

// --- export-collect ---
// What `audit export` reads of a repository's history: the pull requests of a commit, the combined
// commit status, check runs, and a commit with its signature verification (REST: commits, statuses, checks).

export interface GhPull {
  /** Once merged: the merge (or squash, or last rebased) commit on the base branch. */
  merge_commit_sha?: string;
  /** ISO; default the fake's epoch. */
  created_at?: string;
  /** ISO, when `merged`; default the fake's epoch. */
  merged_at?: string;
}

export interface GhCommitStatus {
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
}

export interface GhCheckRun {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  /** Set when completed: success, failure, neutral, cancelled, skipped, timed_out, action_required, stale. */
  conclusion: string | null;
}

export interface GhState {
  /** Commit sha → its statuses, newest first (as GitHub lists them). */
  commitStatuses?: Record<string, GhCommitStatus[]>;
  /** Commit sha → its check runs. */
  checkRuns?: Record<string, GhCheckRun[]>;
  /** Commit sha → the commit GET …/commits/:ref answers: its GitHub users and `commit.verification`. */
  repoCommits?: Record<string, { author: GhUser | null; committer: GhUser | null; verification: { verified: boolean; reason: string }; message?: string }>;
}

/** A pull request as the commit's pulls list gives it (pull-request-simple: no merge state or counts). */
function simplePullJson(api: string, state: GhState, pull: GhPull): Record<string, unknown> {
  const { merged: _merged, mergeable: _mergeable, rebaseable: _rebaseable, mergeable_state: _state, merged_by: _by, comments: _comments, review_comments: _reviewComments, maintainer_can_modify: _modify, commits: _commits, additions: _additions, deletions: _deletions, changed_files: _files, ...simple } = pullJson(api, state, pull);
  return { ...simple, created_at: pull.created_at ?? EPOCH, merged_at: pull.merged ? (pull.merged_at ?? EPOCH) : null, merge_commit_sha: pull.merge_commit_sha ?? null };
}

/** GitHub's combined state: failure if any status errored or failed, pending if any is pending or there are none, else success. */
function combinedState(statuses: GhCommitStatus[]): string {
  if (statuses.some((status) => status.state === 'error' || status.state === 'failure')) return 'failure';
  return statuses.length && statuses.every((status) => status.state === 'success') ? 'success' : 'pending';
}

const EXPORT_COLLECT_ROUTES: [string, string, Handler][] = [
  [
    'GET',
    `${R}/commits/:sha/pulls`,
    (ctx) => {
      const sha = ctx.params.sha;
      const merged = ctx.state.mergeCommits?.[sha];
      const pulls = [...ctx.state.pulls.values()]
        .filter((pull) => pull.merge_commit_sha === sha || pull.number === merged || pull.head.sha === sha || pull.commits.some((commit) => commit.sha === sha))
        .map((pull) => (pull.number === merged ? { ...pull, merge_commit_sha: sha } : pull));
      return { status: 200, body: paginate(ctx, pulls).map((pull) => simplePullJson(ctx.api, ctx.state, pull)) };
    },
  ],
  [
    'GET',
    `${R}/commits/:ref/status`,
    (ctx) => {
      const repoApi = `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}`;
      const sha = ctx.params.ref;
      const statuses = ctx.state.commitStatuses?.[sha] ?? [];
      return {
        status: 200,
        body: {
          state: combinedState(statuses),
          statuses: statuses.map((status, index) => ({
            url: `${repoApi}/statuses/${sha}`,
            avatar_url: null,
            id: stableId(`status:${sha}:${index}`),
            node_id: nodeId('StatusContext', stableId(`status:${sha}:${index}`)),
            state: status.state,
            description: null,
            target_url: null,
            context: status.context,
            created_at: EPOCH,
            updated_at: EPOCH,
          })),
          sha,
          total_count: statuses.length,
          repository: repoJson(ctx.api, ctx.state, `${ctx.state.owner}/${ctx.state.repo}`),
          commit_url: `${repoApi}/commits/${sha}`,
          url: `${repoApi}/commits/${sha}/status`,
        },
      };
    },
  ],
  [
    'GET',
    `${R}/commits/:ref/check-runs`,
    (ctx) => {
      const repoApi = `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}`;
      const sha = ctx.params.ref;
      const runs = ctx.state.checkRuns?.[sha] ?? [];
      return {
        status: 200,
        body: {
          total_count: runs.length,
          check_runs: paginate(ctx, runs).map((run) => {
            const id = stableId(`check:${sha}:${run.name}`);
            return {
              id,
              head_sha: sha,
              node_id: nodeId('CheckRun', id),
              external_id: '',
              url: `${repoApi}/check-runs/${id}`,
              html_url: `${WEB}/${ctx.state.owner}/${ctx.state.repo}/runs/${id}`,
              details_url: `${WEB}/${ctx.state.owner}/${ctx.state.repo}/runs/${id}`,
              status: run.status,
              conclusion: run.status === 'completed' ? run.conclusion : null,
              started_at: EPOCH,
              completed_at: run.status === 'completed' ? EPOCH : null,
              output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: `${repoApi}/check-runs/${id}/annotations` },
              name: run.name,
              check_suite: { id: stableId(`suite:${sha}`) },
              app: null,
              pull_requests: [],
            };
          }),
        },
      };
    },
  ],
  [
    'GET',
    `${R}/commits/:ref`,
    (ctx) => {
      const repoApi = `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}`;
      const sha = ctx.params.ref;
      const commit = ctx.state.repoCommits?.[sha];
      if (!commit && Object.hasOwn(ctx.state.commitAuthors ?? {}, sha)) return authoredCommitReply(ctx, sha);
      if (!commit) return ghError(422, `No commit found for SHA: ${sha}`, `${DOCS}/commits/commits#get-a-commit`);
      const gitPerson = (user: GhUser | null) => ({ name: user?.login ?? 'unknown', email: user ? `${user.id}+${user.login}@users.noreply.github.com` : 'unknown@example.com', date: EPOCH });
      return {
        status: 200,
        body: {
          sha,
          node_id: nodeId('Commit', sha),
          commit: {
            author: gitPerson(commit.author),
            committer: gitPerson(commit.committer),
            message: commit.message ?? `Commit ${sha.slice(0, 7)}`,
            tree: { sha: sha1(`tree:${sha}`), url: `${repoApi}/git/trees/${sha1(`tree:${sha}`)}` },
            url: `${repoApi}/git/commits/${sha}`,
            comment_count: 0,
            verification: { ...commit.verification, signature: null, payload: null, verified_at: commit.verification.verified ? EPOCH : null },
          },
          url: `${repoApi}/commits/${sha}`,
          html_url: `${WEB}/${ctx.state.owner}/${ctx.state.repo}/commit/${sha}`,
          comments_url: `${repoApi}/commits/${sha}/comments`,
          author: commit.author ? userJson(ctx.api, commit.author) : null,
          committer: commit.committer ? userJson(ctx.api, commit.committer) : null,
          parents: [],
          stats: { total: 0, additions: 0, deletions: 0 },
          files: [],
        },
      };
    },
  ],
];
// --- env-deployers ---
/** Users by login, teams, and which pull request made a commit, as GitHub's REST API documents them. */
const ENV_DEPLOYERS_ROUTES: [string, string, Handler][] = [
];

/** GET …/commits/:sha for a commit known only by its author (env-deployers): `author` is the account the commit's e-mail belongs to, or null. */
function authoredCommitReply(ctx: Ctx, sha: string): Reply {
  const authors = ctx.state.commitAuthors ?? {};
  if (!Object.hasOwn(authors, sha)) return ghError(422, `No commit found for SHA: ${sha}`, `${DOCS}/commits/commits#get-a-commit`);
  const author = authors[sha];
  const repoApi = `${ctx.api}/repos/${ctx.state.owner}/${ctx.state.repo}`;
  const person = { name: author?.login ?? 'Someone', email: 'someone@example.com', date: EPOCH };
  return {
    status: 200,
    body: {
      sha: sha,
      node_id: nodeId('Commit', sha),
      commit: { author: person, committer: person, message: 'A direct push', tree: { sha: sha1(`tree:${sha}`), url: `${repoApi}/git/trees/${sha1(`tree:${sha}`)}` }, url: `${repoApi}/git/commits/${sha}`, comment_count: 0 },
      url: `${repoApi}/commits/${sha}`,
      html_url: `${WEB}/${ctx.state.owner}/${ctx.state.repo}/commit/${sha}`,
      author: author ? userJson(ctx.api, author) : null,
      committer: author ? userJson(ctx.api, author) : null,
      parents: [],
      files: [],
    },
  };
}

ROUTES.push(...EXPORT_COLLECT_ROUTES, ...ENV_DEPLOYERS_ROUTES);
// --- end export-collect / env-deployers ---

const COMPILED = ROUTES.map(([method, pattern, handler]) => ({ method, match: compileRoute(pattern), handler }));

function baseHeaders(): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': randomUUID().toUpperCase().slice(0, 23),
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': 'core',
  };
}

function authorised(headers: IncomingHttpHeaders, token: string): boolean {
  const match = /^(?:token|bearer)\s+(.+)$/i.exec(headers.authorization ?? '');
  return match !== null && match[1].trim() === token;
}

async function handle(fake: FakeGitHub, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readRaw(req);
  let body: unknown;
  let badJson = false;
  if (raw.text.trim() !== '') {
    try {
      body = JSON.parse(raw.text);
    } catch {
      badJson = true;
    }
  }
  const request: FakeRequest = { method: raw.method, path: raw.path, query: raw.query, body, headers: req.headers };
  fake.requests.push(request);
  const headers = baseHeaders();

  const fault = takeFault(fake.faults, raw.method, raw.path, raw.rawQuery, raw.text);
  if (fault) {
    const reply = fault.body === undefined ? ghError(fault.status, STATUS_CODES[fault.status] ?? 'Error') : { status: fault.status, body: fault.body };
    send(res, { ...reply, headers: fault.headers }, headers);
    return;
  }
  if (!authorised(req.headers, fake.state.token)) {
    send(res, ghError(401, 'Bad credentials'), headers);
    return;
  }
  if (badJson) {
    send(res, ghError(400, 'Problems parsing JSON'), headers);
    return;
  }
  for (const route of COMPILED) {
    if (route.method !== raw.method) continue;
    const params = route.match(raw.path);
    if (!params) continue;
    const state = fake.state;
    if (params.o !== undefined && `${params.o}/${params.r}`.toLowerCase() !== `${state.owner}/${state.repo}`.toLowerCase()) break;
    const ctx: Ctx = { state, request, params, api: `http://${req.headers.host ?? '127.0.0.1'}`, headers };
    send(res, route.handler(ctx), ctx.headers);
    return;
  }
  send(res, notFound(), headers);
}

/** A loopback fake API: its live state, the requests it saw, faults to inject. */
export interface FakeApi<S> {
  url: string;
  state: S;
  requests: FakeRequest[];
  faults: FakeFault[];
  /** Replaces the state in place (same object) and clears requests and faults. */
  reset(init?: Partial<S>): void;
  close(): Promise<void>;
}

function fakeHandle<S extends object>(createState: (init: Partial<S>) => S, init: Partial<S>): FakeApi<S> {
  const fake: FakeApi<S> = {
    url: '',
    state: createState(init),
    requests: [],
    faults: [],
    reset(next: Partial<S> = {}) {
      replaceInPlace(fake.state, createState(next));
      fake.requests.length = 0;
      fake.faults.length = 0;
    },
    close: async () => undefined,
  };
  return fake;
}

/** Starts a fake API on 127.0.0.1 (random port) answering with `handle`. */
export async function startFake<S extends object>(
  createState: (init: Partial<S>) => S,
  handle: (fake: FakeApi<S>, req: IncomingMessage, res: ServerResponse) => Promise<void>,
  init: Partial<S> = {},
): Promise<FakeApi<S>> {
  const fake = fakeHandle(createState, init);
  const server = await listenLoopback((req, res) => handle(fake, req, res));
  fake.url = server.url;
  fake.close = server.close;
  return fake;
}

/**
 * One fake API for the test file: listens in beforeAll, closes in afterAll, and before each test resets the
 * state (to `createState(init())`) and empties requests and faults. Read `url`/`state` inside tests or hooks.
 * Jest's global hooks, not an import of @jest/globals: the demo (scripts/demo.mjs) starts a fake outside Jest.
 */
export function useFake<S extends object>(start: () => Promise<FakeApi<S>>, createState: (init: Partial<S>) => S, init: () => Partial<S>): FakeApi<S> {
  let started: FakeApi<S> | undefined;
  const handle = fakeHandle(createState, {});
  handle.close = async () => started?.close();
  beforeAll(async () => {
    started = await start();
    // Share the live objects so the handle and the server see the same state, log and faults.
    started.state = handle.state;
    started.requests = handle.requests;
    started.faults = handle.faults;
    handle.url = started.url;
  });
  afterAll(async () => {
    await started?.close();
  });
  beforeEach(() => handle.reset(init()));
  return handle;
}

/** Starts a fake GitHub REST API on 127.0.0.1 (random port). */
export const startFakeGitHub = (init: Partial<GhState> = {}): Promise<FakeGitHub> => startFake(createGhState, handle, init);

/** One fake GitHub for the test file (see useFake). */
export const useFakeGitHub = (init: () => Partial<GhState> = () => ({})): FakeGitHub => useFake(() => startFakeGitHub(), createGhState, init);

/** An open pull request from `author` on owner/repo's branch `change` into `main`; `overrides` replace any field. */
/**
 * Pull request 3 of a repository made by pullRequestRepo, by alice, approved by bob: writers both, and
 * neither in owner/security-team (carol is its only member), so a critical change is denied.
 */
export function approvedByBob(state: GhState, repo: { baseSha: string; headSha: string; files: GhPull['files'] }): void {
  const author = ghUser('alice');
  state.pulls.set(
    3,
    ghPullRequest(author, { number: 3, head: repo.headSha, base: repo.baseSha }, {
      files: repo.files,
      reviews: [{ id: 1, user: ghUser('bob'), state: 'APPROVED', commit_id: repo.headSha, body: '', submitted_at: '2026-11-25T10:00:00Z' }],
      commits: [{ sha: repo.headSha, author, committer: author, authorName: 'alice', authorEmail: 'a@x', committerName: 'alice', committerEmail: 'a@x' }],
    }),
  );
  state.permissions = { alice: 'write', bob: 'write', carol: 'write' };
  state.teams = { 'owner/security-team': ['carol'] };
}

export function ghPullRequest(author: GhUser, refs: { number: number; head: string; base: string }, overrides: Partial<GhPull> = {}): GhPull {
  return {
    number: refs.number,
    user: author,
    draft: false,
    state: 'open',
    head: { sha: refs.head, ref: 'change', repoFullName: 'owner/repo' },
    base: { sha: refs.base, ref: 'main', repoFullName: 'owner/repo' },
    files: [],
    reviews: [],
    commits: [],
    labels: [],
    requested_reviewers: [],
    requested_teams: [],
    ...overrides,
  };
}

import { createHash, randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  compileRoute,
  startFake,
  useFake,
  type FakeApi,
  pageParams,
  readRaw,
  send,
  sha1,
  takeFault,
  type FakeRequest,
  type Reply,
} from './fake-github.js';

export type { FakeFault, FakeRequest } from './fake-github.js';

// ---------------------------------------------------------------------------------------------
// GitLab state
// ---------------------------------------------------------------------------------------------

export interface GlUser {
  id: number;
  username: string;
  name: string;
  bot?: boolean;
  public_email?: string;
  /** The confirmed e-mails GitLab ties to this account (default `<username>@example.com`, the commit e-mail glMergeRequest writes). */
  emails?: string[];
}

export interface GlDiff {
  old_path: string;
  new_path: string;
  a_mode: string;
  b_mode: string;
  new_file: boolean;
  renamed_file: boolean;
  deleted_file: boolean;
  /** Default ''. */
  diff?: string;
}

export interface GlCommit {
  id: string;
  author_name: string;
  author_email: string;
  committer_name: string;
  committer_email: string;
  /** Default `Commit <short id>`; `title` is its first line. */
  message?: string;
  /** ISO date; default 2026-01-01T00:00:00.000Z. */
  date?: string;
}

export interface GlMr {
  iid: number;
  author: GlUser;
  draft: boolean;
  state: 'opened' | 'closed' | 'merged';
  /** Head sha of the source branch. */
  sha: string;
  base_sha: string;
  /** Default base_sha. */
  start_sha?: string;
  source_project_id: number;
  target_project_id: number;
  source_branch: string;
  target_branch: string;
  /** GitLab sends a string; default String(diffs.length); '1000+' when capped. */
  changes_count?: string;
  diffs: GlDiff[];
  approvedBy: GlUser[];
  /**
   * User id → `approved_at` (ISO). Unset for an approver: an hour after the epoch while the MR has no
   * explicit `versions` (its implicit first version is at the epoch); with explicit `versions`, no
   * `approved_at` (GitLab before 16.x), so the "approved this merge request" system note dates it.
   */
  approvedAt?: Record<number, string>;
  /** Set through PUT …/merge_requests/:iid {reviewer_ids}. */
  reviewers?: GlUser[];
  labels: string[];
  /** Chronological (oldest first); served newest first, like GitLab. */
  commits: GlCommit[];
  title?: string;
  description?: string;
  /**
   * Unset: GitLab Free / CE semantics (approvals_required 0, approvals_left 0, approved = anyone approved).
   * Set: Premium semantics (approved = approvals_left === 0).
   */
  approvalsRequired?: number;
  /** Test hook: called after each GET of the MR (after the answer is built), e.g. to move the head. */
  onGet?: (mr: GlMr) => void;
  /** Test hook: called before GET …/diffs builds its answer (e.g. a push while the changes are listed); what it returns runs after. */
  onDiffs?: (mr: GlMr) => (() => void) | void;
}

/** A project issue. Issue iids are their own sequence (independent of MR iids), as on GitLab. */
export interface GlIssue {
  iid: number;
  title: string;
  description: string | null;
  labels: string[];
  state: 'opened' | 'closed';
  author: GlUser;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** Who last changed its title or description (GraphQL's description widget `lastEditedBy`; REST does not say). */
  last_edited_by?: GlUser;
  last_edited_at?: string;
}

/** A note on a merge request (`mr_iid`) or on an issue (`issue_iid`): set exactly one. */
export interface GlNote {
  id: number;
  mr_iid?: number;
  issue_iid?: number;
  author: GlUser;
  body: string;
  system: boolean;
  created_at: string;
  updated_at: string;
  /** Who last changed its body (GraphQL `lastEditedBy`; REST does not say): a Maintainer may edit anyone's note. */
  last_edited_by?: GlUser;
  last_edited_at?: string;
}

export interface GlProjectApprovals {
  reset_approvals_on_push: boolean;
  merge_requests_author_approval: boolean;
  merge_requests_disable_committers_approval: boolean;
}

export interface GlState {
  token: string;
  tokenUser: GlUser;
  projectId: 42;
  projectPath: 'group/project';
  mrs: Map<number, GlMr>;
  /** user id → access_level (10 guest, 20 reporter, 30 developer, 40 maintainer, 50 owner). */
  members: Record<number, number>;
  /** Group full path → its direct members (user id → access_level). */
  groups?: Record<string, Record<number, number>>;
  /**
   * Enforced on POST …/approve: the MR author (merge_requests_author_approval false) or a committer — a commit whose
   * committer_email is the token user's public_email (merge_requests_disable_committers_approval true) — gets 401.
   * reset_approvals_on_push: when a request finds the MR's sha changed since the fake last saw it, approvedBy is emptied.
   */
  projectApprovals: GlProjectApprovals;
  /** Notes on merge requests and issues alike (see GlNote). */
  notes: GlNote[];
  issues: GlIssue[];
  /** `${ref}:${path}` → raw file text. */
  files: Record<string, string>;
  /** Default 'main'; used when a file is fetched without ?ref=. */
  defaultBranch?: string;
  /** Extra users for GET /users/:id and members. */
  users?: GlUser[];
  /** The project's custom CI/CD configuration file (`ci_config_path`); unset: null, GitLab's answer for the default `.gitlab-ci.yml`. */
  ciConfigPath?: string;
  // --- deployments ---
  /** Protected branches by name (GET …/protected_branches/:name); absent: not protected. */
  /** push_access_level: who may push straight to it (0: No one; default 40, Maintainers). */
  protectedBranches?: Record<string, { allow_force_push: boolean; push_access_level?: number }>;
  /** Project-level merge request approval rules (GET …/approval_rules). */
  approvalRules?: { name: string; rule_type: 'any_approver' | 'regular'; approvals_required: number; protected_branches?: string[] }[];
  /** Protected environments by name, each as POSTed (name, deploy_access_levels, approval_rules). */
  protectedEnvironments?: Record<string, { deploy_access_levels: Record<string, unknown>[]; approval_rules: Record<string, unknown>[] }>;
  // --- end deployments ---
  // --- env-deployers ---
  /** Commit sha → the merged merge request whose merge commit it is, for GET …/repository/commits/:sha/merge_requests. */
  mergeCommits?: Record<string, number>;
  // --- attack16 ---
  /** CI_JOB_TOKEN → the user who started the job's pipeline and its source, for GET /job with JOB-TOKEN. */
  jobTokens?: Record<string, { user: number; source: string }>;
  // --- end attack16 ---
}

/** `url` is `http://127.0.0.1:<port>`; the API lives under `${url}/api/v4`. Empty until the server listens. */
export type FakeGitLab = FakeApi<GlState>;

export function glUser(id: number, username: string, extra: Partial<GlUser> = {}): GlUser {
  return { id, username, name: username, ...extra };
}

export function createGlState(init: Partial<GlState> = {}): GlState {
  return {
    token: 'gl-test-token',
    tokenUser: { id: 1000, username: 'gitops-bot', name: 'GitOps Bot', bot: true },
    projectId: 42,
    projectPath: 'group/project',
    mrs: new Map(),
    members: {},
    projectApprovals: { reset_approvals_on_push: true, merge_requests_author_approval: false, merge_requests_disable_committers_approval: false },
    notes: [],
    issues: [],
    files: {},
    ...init,
  };
}

/** GitLab's rack-attack throttle body (text/plain); use with status 429 and e.g. `retry-after: 1`. */
export const GITLAB_RATE_LIMIT_BODY = 'Retry later\n';

// ---------------------------------------------------------------------------------------------
// GitLab payloads
// ---------------------------------------------------------------------------------------------

const EPOCH = '2026-01-01T00:00:00.000Z';
/** approved_at of an approval given no time, on an MR without explicit versions: after its first version. */
const IMPLICIT_APPROVED_AT = '2026-01-01T01:00:00.000Z';
const glError = (status: number, message: string): Reply => ({ status, body: { message } });
const glParamError = (error: string): Reply => ({ status: 400, body: { error } });
const NOT_FOUND = (): Reply => glError(404, '404 Not found');
const UNAUTHORIZED = (): Reply => glError(401, '401 Unauthorized');
const mrGlobalId = (iid: number): number => 10_000 + iid;
const issueGlobalId = (iid: number): number => 20_000 + iid;

function userBasic(web: string, user: GlUser): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: 'active',
    locked: false,
    avatar_url: `https://www.gravatar.com/avatar/${sha1(user.username)}?s=80&d=identicon`,
    web_url: `${web}/${user.username}`,
  };
}

function userFull(web: string, user: GlUser): Record<string, unknown> {
  return {
    ...userBasic(web, user),
    created_at: EPOCH,
    bio: '',
    location: '',
    public_email: user.public_email ?? null,
    linkedin: '',
    twitter: '',
    discord: '',
    website_url: '',
    organization: '',
    job_title: '',
    pronouns: null,
    bot: user.bot ?? false,
    work_information: null,
    local_time: null,
  };
}

function knownUsers(state: GlState): Map<number, GlUser> {
  const users = new Map<number, GlUser>();
  const add = (user: GlUser) => {
    if (!users.has(user.id)) users.set(user.id, user);
  };
  add(state.tokenUser);
  state.users?.forEach(add);
  for (const mr of state.mrs.values()) {
    add(mr.author);
    mr.approvedBy.forEach(add);
  }
  state.issues.forEach((issue) => add(issue.author));
  state.notes.forEach((note) => add(note.author));
  return users;
}

function mrTitle(mr: GlMr): string {
  return mr.title ?? `${mr.draft ? 'Draft: ' : ''}Merge request !${mr.iid}`;
}

/** The fields every merge request answer starts with. */
function mrIdentity(state: GlState, mr: GlMr): Record<string, unknown> {
  return { id: mrGlobalId(mr.iid), iid: mr.iid, project_id: state.projectId, title: mrTitle(mr), description: mr.description ?? '', state: mr.state, created_at: EPOCH, updated_at: EPOCH };
}

function mrJson(web: string, state: GlState, mr: GlMr): Record<string, unknown> {
  const user = (u: GlUser) => userBasic(web, u);
  const notes = state.notes.filter((note) => note.mr_iid === mr.iid && !note.system).length;
  return {
    ...mrIdentity(state, mr),
    merged_by: null,
    merge_user: null,
    merged_at: mr.state === 'merged' ? EPOCH : null,
    closed_by: null,
    closed_at: mr.state === 'closed' ? EPOCH : null,
    target_branch: mr.target_branch,
    source_branch: mr.source_branch,
    user_notes_count: notes,
    upvotes: 0,
    downvotes: 0,
    author: user(mr.author),
    assignees: [],
    assignee: null,
    reviewers: (mr.reviewers ?? []).map(user),
    source_project_id: mr.source_project_id,
    target_project_id: mr.target_project_id,
    labels: [...mr.labels].sort(),
    draft: mr.draft,
    work_in_progress: mr.draft,
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: 'can_be_merged',
    detailed_merge_status: mr.draft ? 'draft_status' : 'mergeable',
    sha: mr.sha,
    merge_commit_sha: null,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: null,
    force_remove_source_branch: false,
    prepared_at: EPOCH,
    reference: `!${mr.iid}`,
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${state.projectPath}!${mr.iid}` },
    web_url: `${web}/${state.projectPath}/-/merge_requests/${mr.iid}`,
    time_stats: { time_estimate: 0, total_time_spent: 0, human_time_estimate: null, human_total_time_spent: null },
    squash: false,
    squash_on_merge: false,
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: false,
    blocking_discussions_resolved: true,
    approvals_before_merge: null,
    subscribed: false,
    changes_count: mr.changes_count ?? String(mr.diffs.length),
    latest_build_started_at: null,
    latest_build_finished_at: null,
    first_deployed_to_production_at: null,
    pipeline: null,
    head_pipeline: null,
    diff_refs: { base_sha: mr.base_sha, head_sha: mr.sha, start_sha: mr.start_sha ?? mr.base_sha },
    merge_error: null,
    first_contribution: false,
    user: { can_merge: true },
  };
}

function diffJson(diff: GlDiff): Record<string, unknown> {
  return {
    diff: diff.diff ?? '',
    collapsed: false,
    too_large: false,
    new_path: diff.new_path,
    old_path: diff.old_path,
    a_mode: diff.a_mode,
    b_mode: diff.b_mode,
    new_file: diff.new_file,
    renamed_file: diff.renamed_file,
    deleted_file: diff.deleted_file,
    generated_file: false,
  };
}

function commitJson(web: string, state: GlState, mr: GlMr, commit: GlCommit, index: number): Record<string, unknown> {
  const message = commit.message ?? `Commit ${commit.id.slice(0, 8)}`;
  const date = commit.date ?? EPOCH;
  return {
    id: commit.id,
    short_id: commit.id.slice(0, 8),
    created_at: date,
    parent_ids: [index > 0 ? mr.commits[index - 1].id : mr.base_sha],
    title: message.split('\n')[0],
    message,
    author_name: commit.author_name,
    author_email: commit.author_email,
    authored_date: date,
    committer_name: commit.committer_name,
    committer_email: commit.committer_email,
    committed_date: date,
    trailers: {},
    extended_trailers: {},
    web_url: `${web}/${state.projectPath}/-/commit/${commit.id}`,
  };
}

function approvalsJson(web: string, state: GlState, mr: GlMr): Record<string, unknown> {
  const count = mr.approvedBy.length;
  const required = mr.approvalsRequired ?? 0;
  const left = Math.max(0, required - count);
  const me = state.tokenUser;
  const hasApproved = mr.approvedBy.some((u) => u.id === me.id);
  return {
    ...mrIdentity(state, mr),
    merge_status: 'can_be_merged',
    approved: mr.approvalsRequired === undefined ? count > 0 : left === 0,
    approvals_required: required,
    approvals_left: left,
    require_password_to_approve: false,
    approved_by: mr.approvedBy.map((u) => {
      const approvedAt = mr.approvedAt?.[u.id] ?? (mr.versions ? undefined : IMPLICIT_APPROVED_AT);
      return { user: userBasic(web, u), ...(approvedAt === undefined ? {} : { approved_at: approvedAt }) };
    }),
    suggested_approvers: [],
    approvers: [],
    approver_groups: [],
    user_has_approved: hasApproved,
    user_can_approve: !hasApproved && approvalRefusal(state, mr) === undefined,
    approval_rules_left: [],
    has_approval_rules: required > 0,
    merge_request_approvers_available: mr.approvalsRequired !== undefined,
    multiple_approval_rules_available: false,
    invalid_approvers_rules: [],
  };
}

/** Why the token user may not approve (author / committer rules), or undefined. */
function approvalRefusal(state: GlState, mr: GlMr): string | undefined {
  const me = state.tokenUser;
  if (mr.author.id === me.id && !state.projectApprovals.merge_requests_author_approval) return 'author';
  if (state.projectApprovals.merge_requests_disable_committers_approval && me.public_email && mr.commits.some((c) => c.committer_email.toLowerCase() === me.public_email?.toLowerCase())) {
    return 'committer';
  }
  return undefined;
}

function noteJson(web: string, state: GlState, note: GlNote): Record<string, unknown> {
  return {
    id: note.id,
    type: null,
    body: note.body,
    author: userBasic(web, note.author),
    created_at: note.created_at,
    updated_at: note.updated_at,
    system: note.system,
    noteable_id: note.issue_iid !== undefined ? issueGlobalId(note.issue_iid) : mrGlobalId(note.mr_iid ?? 0),
    noteable_type: note.issue_iid !== undefined ? 'Issue' : 'MergeRequest',
    project_id: state.projectId,
    resolvable: false,
    confidential: false,
    internal: false,
    imported: false,
    imported_from: 'none',
    noteable_iid: note.issue_iid ?? note.mr_iid,
    commands_changes: {},
  };
}

/** Who closed an issue through the fake (for `closed_by`); issues seeded closed have no closer. */
const closedBy = new WeakMap<GlIssue, GlUser>();

/** GitLab's project-issue object; `subscribed` only on single-issue answers, like GitLab's. */
function issueJson(web: string, state: GlState, issue: GlIssue, single: boolean): Record<string, unknown> {
  const api = `${web}/api/v4/projects/${state.projectId}/issues/${issue.iid}`;
  const closer = issue.state === 'closed' ? closedBy.get(issue) : undefined;
  return {
    id: issueGlobalId(issue.iid),
    iid: issue.iid,
    project_id: state.projectId,
    title: issue.title,
    description: issue.description,
    state: issue.state,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    closed_by: closer ? userBasic(web, closer) : null,
    labels: [...issue.labels].sort(),
    milestone: null,
    assignees: [],
    author: userBasic(web, issue.author),
    type: 'ISSUE',
    assignee: null,
    user_notes_count: state.notes.filter((note) => note.issue_iid === issue.iid && !note.system).length,
    merge_requests_count: 0,
    upvotes: 0,
    downvotes: 0,
    due_date: null,
    confidential: false,
    discussion_locked: null,
    issue_type: 'issue',
    web_url: `${web}/${state.projectPath}/-/issues/${issue.iid}`,
    time_stats: { time_estimate: 0, total_time_spent: 0, human_time_estimate: null, human_total_time_spent: null },
    task_completion_status: { count: 0, completed_count: 0 },
    has_tasks: false,
    task_status: '',
    _links: {
      self: api,
      notes: `${api}/notes`,
      award_emoji: `${api}/award_emoji`,
      project: `${web}/api/v4/projects/${state.projectId}`,
      closed_as_duplicate_of: null,
    },
    references: { short: `#${issue.iid}`, relative: `#${issue.iid}`, full: `${state.projectPath}#${issue.iid}` },
    severity: 'UNKNOWN',
    // The author and commenters are subscribed.
    ...(single ? { subscribed: issue.author.id === state.tokenUser.id || state.notes.some((note) => note.issue_iid === issue.iid && note.author.id === state.tokenUser.id) } : {}),
    moved_to_id: null,
    imported: false,
    imported_from: 'none',
    service_desk_reply_to: null,
  };
}

function memberJson(web: string, user: GlUser, accessLevel: number): Record<string, unknown> {
  return {
    ...userBasic(web, user),
    access_level: accessLevel,
    created_at: EPOCH,
    created_by: null,
    expires_at: null,
    membership_state: 'active',
  };
}

// ---------------------------------------------------------------------------------------------
// GitLab server
// ---------------------------------------------------------------------------------------------

interface Ctx {
  state: GlState;
  request: FakeRequest;
  params: Record<string, string>;
  /** Query and body parameters merged (GitLab accepts either). */
  input: Record<string, unknown>;
  web: string;
  headers: Record<string, string>;
}

type Handler = (ctx: Ctx) => Reply;

const PER_PAGE = 20;

/**
 * Slices `items` and sets GitLab's offset-pagination headers: x-page, x-per-page, x-next-page, x-prev-page, x-total,
 * x-total-pages and a link header (prev, next, first, last) whose query is every param, route ones included, sorted.
 */
function paginate<T>(ctx: Ctx, items: T[], routeParam?: string): T[] {
  const { page, perPage } = pageParams(ctx.request.query, PER_PAGE);
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const next = page < totalPages ? page + 1 : undefined;
  const prev = page > 1 && page <= totalPages ? page - 1 : undefined;
  const href = (target: number) => {
    const params: Record<string, string> = Object.fromEntries(ctx.request.query);
    params.id = ctx.params.id;
    if (routeParam) params[routeParam] = ctx.params.iid;
    params.page = String(target);
    params.per_page = String(perPage);
    const query = new URLSearchParams(Object.keys(params).sort().map((key) => [key, params[key]]));
    return `<${ctx.web}${ctx.request.path}?${query.toString()}>`;
  };
  const links: string[] = [];
  if (prev) links.push(`${href(prev)}; rel="prev"`);
  if (next) links.push(`${href(next)}; rel="next"`);
  links.push(`${href(1)}; rel="first"`, `${href(totalPages)}; rel="last"`);
  Object.assign(ctx.headers, {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-next-page': next ? String(next) : '',
    'x-prev-page': prev ? String(prev) : '',
    'x-total': String(items.length),
    'x-total-pages': String(totalPages),
    link: links.join(', '),
  });
  return items.slice((page - 1) * perPage, page * perPage);
}

const lastSeenSha = new WeakMap<GlMr, string>();
/** An MR without explicit `versions`: one at the epoch for the head first seen, one per push seen since. */
const implicitVersions = new WeakMap<GlMr, NonNullable<GlMr['versions']>>();

/** reset_approvals_on_push: a head that moved since the fake last looked drops every approval. */
function observePush(state: GlState, mr: GlMr): void {
  const seen = lastSeenSha.get(mr);
  if (seen !== undefined && seen !== mr.sha && state.projectApprovals.reset_approvals_on_push) mr.approvedBy = [];
  if (seen === undefined) implicitVersions.set(mr, [{ head_commit_sha: mr.sha, base_commit_sha: mr.base_sha, created_at: EPOCH }]);
  else if (seen !== mr.sha) implicitVersions.get(mr)?.push({ head_commit_sha: mr.sha, base_commit_sha: mr.base_sha, created_at: new Date().toISOString() });
  lastSeenSha.set(mr, mr.sha);
}

function withMr(handler: (ctx: Ctx, mr: GlMr) => Reply): Handler {
  return (ctx) => {
    const mr = /^\d+$/.test(ctx.params.iid) ? ctx.state.mrs.get(Number(ctx.params.iid)) : undefined;
    if (!mr) return NOT_FOUND();
    observePush(ctx.state, mr);
    return handler(ctx, mr);
  };
}

function withIssue(handler: (ctx: Ctx, issue: GlIssue) => Reply): Handler {
  return (ctx) => {
    const issue = /^\d+$/.test(ctx.params.iid) ? ctx.state.issues.find((i) => i.iid === Number(ctx.params.iid)) : undefined;
    return issue ? handler(ctx, issue) : glError(404, '404 Issue Not Found');
  };
}

/** GET …/notes: sort (asc|desc, default desc) and order_by (created_at|updated_at), paginated. */
function listNotes(ctx: Ctx, belongs: (note: GlNote) => boolean): Reply {
  const orderBy = ctx.input.order_by === 'updated_at' ? 'updated_at' : 'created_at';
  const direction = ctx.input.sort === 'asc' ? 1 : -1;
  const notes = ctx.state.notes.filter(belongs).sort((a, b) => direction * (a[orderBy].localeCompare(b[orderBy]) || a.id - b.id));
  return { status: 200, body: paginate(ctx, notes, 'noteable_id').map((note) => noteJson(ctx.web, ctx.state, note)) };
}

/** POST …/notes as the token user; `on` says what the note is attached to. */
function createNote(ctx: Ctx, on: Pick<GlNote, 'mr_iid' | 'issue_iid'>): Reply {
  const body = ctx.input.body;
  if (typeof body !== 'string' || body === '') return glParamError(body === undefined ? 'body is missing' : 'body is empty');
  const now = new Date().toISOString();
  const note: GlNote = { id: Math.max(5000, ...ctx.state.notes.map((n) => n.id)) + 1, ...on, author: ctx.state.tokenUser, body, system: false, created_at: now, updated_at: now };
  ctx.state.notes.push(note);
  return { status: 201, body: noteJson(ctx.web, ctx.state, note) };
}

const commaList = (value: unknown): string[] =>
  (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : []).map((item) => item.trim()).filter(Boolean);

// --- deployments ---
const stableGlId = (text: string): number => Number.parseInt(createHash('sha1').update(text).digest('hex').slice(0, 6), 16) + 100;
/** A group's id: stable, from its full path. */
export const groupId = (path: string): number => stableGlId(`group:${path}`);
const ACCESS_DESCRIPTIONS: Record<number, string> = { 30: 'Developers + Maintainers', 40: 'Maintainers', 60: 'Admins' };
function protectedEnvironmentJson(name: string, environment: NonNullable<GlState['protectedEnvironments']>[string]): Record<string, unknown> {
  const describe = (entry: Record<string, unknown>, index: number) => ({
    id: index + 1,
    access_level: entry.access_level ?? null,
    access_level_description: typeof entry.access_level === 'number' ? ACCESS_DESCRIPTIONS[entry.access_level] : 'a group',
    user_id: entry.user_id ?? null,
    group_id: entry.group_id ?? null,
    group_inheritance_type: entry.group_inheritance_type ?? 0,
  });
  return {
    name,
    deploy_access_levels: environment.deploy_access_levels.map(describe),
    required_approval_count: 0,
    approval_rules: environment.approval_rules.map((rule, index) => ({ ...describe(rule, index), required_approvals: rule.required_approvals ?? 1 })),
  };
}
// --- end deployments ---

const P = '/api/v4/projects/:id';
const MR = `${P}/merge_requests/:iid`;
const ROUTES: [string, string, Handler][] = [
  ['GET', '/api/v4/user', ({ web, state }) => ({ status: 200, body: { ...userFull(web, state.tokenUser), email: state.tokenUser.public_email ?? null, is_admin: false } })],
  // GET /users?username= answers a list: one user, or none (never 404), as GitLab documents.
  ['GET', '/api/v4/users', ({ web, state, input }) => ({ status: 200, body: [...knownUsers(state).values()].filter((u) => u.username === input.username).map((u) => userFull(web, u)) })],
  [
    'GET',
    '/api/v4/users/:uid',
    ({ web, state, params }) => {
      const user = knownUsers(state).get(Number(params.uid));
      return user && /^\d+$/.test(params.uid) ? { status: 200, body: userFull(web, user) } : glError(404, '404 User Not Found');
    },
  ],
  [
    'GET',
    P,
    ({ web, state }) => ({
      status: 200,
      body: {
        id: state.projectId,
        description: '',
        name: state.projectPath.split('/')[1],
        name_with_namespace: state.projectPath.replace('/', ' / '),
        path: state.projectPath.split('/')[1],
        path_with_namespace: state.projectPath,
        created_at: EPOCH,
        default_branch: state.defaultBranch ?? 'main',
        ci_config_path: state.ciConfigPath ?? null,
        web_url: `${web}/${state.projectPath}`,
        http_url_to_repo: `${web}/${state.projectPath}.git`,
        visibility: 'private',
        namespace: { id: 7, name: 'group', path: 'group', kind: 'group', full_path: 'group', web_url: `${web}/groups/group` },
      },
    }),
  ],
  [
    'GET',
    `${P}/merge_requests`,
    (ctx) => {
      const wanted = String(ctx.input.state ?? 'all');
      // ?source_branch= and ?target_branch= filter the list, like GitLab's.
      const source = ctx.input.source_branch;
      const target = ctx.input.target_branch;
      const mrs = [...ctx.state.mrs.values()]
        .filter((mr) => wanted === 'all' || mr.state === wanted)
        .filter((mr) => (source === undefined || mr.source_branch === source) && (target === undefined || mr.target_branch === target))
        .sort((a, b) => b.iid - a.iid);
      mrs.forEach((mr) => observePush(ctx.state, mr));
      return { status: 200, body: paginate(ctx, mrs).map((mr) => mrJson(ctx.web, ctx.state, mr)) };
    },
  ],
  [
    // Create a merge request (rollback --mode git). Branches are not modelled: sha/base_sha are derived from the branch names.
    'POST',
    `${P}/merge_requests`,
    (ctx) => {
      const { input, state } = ctx;
      for (const field of ['source_branch', 'target_branch', 'title'] as const) {
        if (input[field] === undefined) return glParamError(`${field} is missing`);
        if (typeof input[field] !== 'string' || input[field] === '') return glParamError(`${field} is empty`);
      }
      const source = String(input.source_branch);
      const target = String(input.target_branch);
      if (source === target) return { status: 422, body: { message: ["You can't use same project/branch for source and target"] } };
      const open = [...state.mrs.values()].find((mr) => mr.state === 'opened' && mr.source_branch === source);
      if (open) return { status: 409, body: { message: [`Another open merge request already exists for this source branch: !${open.iid}`] } };
      const title = String(input.title);
      const mr: GlMr = {
        iid: Math.max(0, ...state.mrs.keys()) + 1,
        author: state.tokenUser,
        draft: /^(draft:|\[draft\]|\(draft\))/i.test(title),
        state: 'opened',
        sha: sha1(`branch:${source}`),
        base_sha: sha1(`branch:${target}`),
        source_project_id: state.projectId,
        target_project_id: state.projectId,
        source_branch: source,
        target_branch: target,
        diffs: [],
        approvedBy: [],
        labels: commaList(input.labels),
        commits: [],
        title,
        description: typeof input.description === 'string' ? input.description : undefined,
      };
      state.mrs.set(mr.iid, mr);
      return { status: 201, body: mrJson(ctx.web, state, mr) };
    },
  ],
  [
    'GET',
    MR,
    withMr((ctx, mr) => {
      const body = mrJson(ctx.web, ctx.state, mr);
      mr.onGet?.(mr);
      return { status: 200, body };
    }),
  ],
  [
    'PUT',
    MR,
    withMr((ctx, mr) => {
      const { input } = ctx;
      if (input.labels !== undefined) mr.labels = commaList(input.labels);
      for (const label of commaList(input.add_labels)) if (!mr.labels.includes(label)) mr.labels.push(label);
      const remove = commaList(input.remove_labels);
      mr.labels = mr.labels.filter((label) => !remove.includes(label));
      if (typeof input.title === 'string') mr.title = input.title;
      if (typeof input.description === 'string') mr.description = input.description;
      if (Array.isArray(input.reviewer_ids)) {
        const users = knownUsers(ctx.state);
        mr.reviewers = input.reviewer_ids.map((id) => users.get(Number(id))).filter((found): found is GlUser => found !== undefined);
      }
      return { status: 200, body: mrJson(ctx.web, ctx.state, mr) };
    }),
  ],
  [
    'GET',
    `${MR}/diffs`,
    withMr((ctx, mr) => {
      const after = mr.onDiffs?.(mr);
      const body = paginate(ctx, mr.diffs, 'merge_request_iid').map(diffJson);
      after?.();
      return { status: 200, body };
    }),
  ],
  [
    'GET',
    `${MR}/commits`,
    withMr((ctx, mr) => {
      const newestFirst = mr.commits.map((commit, index) => commitJson(ctx.web, ctx.state, mr, commit, index)).reverse();
      return { status: 200, body: paginate(ctx, newestFirst, 'merge_request_iid') };
    }),
  ],
  ['GET', `${MR}/approvals`, withMr((ctx, mr) => ({ status: 200, body: approvalsJson(ctx.web, ctx.state, mr) }))],
  [
    'POST',
    `${MR}/approve`,
    withMr((ctx, mr) => {
      const sha = ctx.input.sha;
      if (typeof sha === 'string' && sha !== '' && sha !== mr.sha) return glError(409, `SHA does not match HEAD of source branch: ${mr.sha}`);
      if (mr.approvedBy.some((u) => u.id === ctx.state.tokenUser.id) || approvalRefusal(ctx.state, mr)) return UNAUTHORIZED();
      mr.approvedBy.push(ctx.state.tokenUser);
      mr.approvedAt = { ...mr.approvedAt, [ctx.state.tokenUser.id]: new Date().toISOString() };
      return { status: 201, body: approvalsJson(ctx.web, ctx.state, mr) };
    }),
  ],
  [
    'POST',
    `${MR}/unapprove`,
    withMr((ctx, mr) => {
      const index = mr.approvedBy.findIndex((u) => u.id === ctx.state.tokenUser.id);
      if (index < 0) return NOT_FOUND();
      mr.approvedBy.splice(index, 1);
      return { status: 201, body: approvalsJson(ctx.web, ctx.state, mr) };
    }),
  ],
  [
    'GET',
    `${MR}/notes`,
    withMr((ctx, mr) => listNotes(ctx, (note) => note.mr_iid === mr.iid)),
  ],
  [
    'POST',
    `${MR}/notes`,
    withMr((ctx, mr) => createNote(ctx, { mr_iid: mr.iid })),
  ],
  [
    'GET',
    `${MR}/notes/:noteId`,
    withMr((ctx, mr) => {
      const note = ctx.state.notes.find((n) => String(n.id) === ctx.params.noteId && n.mr_iid === mr.iid);
      return note ? { status: 200, body: noteJson(ctx.web, ctx.state, note) } : NOT_FOUND();
    }),
  ],
  [
    'PUT',
    `${MR}/notes/:noteId`,
    withMr((ctx, mr) => {
      const note = ctx.state.notes.find((n) => String(n.id) === ctx.params.noteId && n.mr_iid === mr.iid);
      if (!note) return NOT_FOUND();
      const body = ctx.input.body;
      if (typeof body !== 'string' || body === '') return glParamError('body is empty');
      if (note.author.id !== ctx.state.tokenUser.id || note.system) return glError(403, '403 Forbidden');
      note.body = body;
      note.updated_at = new Date().toISOString();
      note.last_edited_by = ctx.state.tokenUser;
      note.last_edited_at = note.updated_at;
      return { status: 200, body: noteJson(ctx.web, ctx.state, note) };
    }),
  ],
  [
    'GET',
    `${P}/issues`,
    (ctx) => {
      const { input } = ctx;
      const wanted = input.state === undefined ? 'all' : String(input.state);
      if (!['opened', 'closed', 'all'].includes(wanted)) return glParamError('state does not have a valid value');
      const orderBy = input.order_by === undefined ? 'created_at' : String(input.order_by);
      if (!['created_at', 'updated_at'].includes(orderBy)) return glParamError('order_by does not have a valid value');
      const sort = input.sort === undefined ? 'desc' : String(input.sort);
      if (!['asc', 'desc'].includes(sort)) return glParamError('sort does not have a valid value');
      // labels=a,b: must have all; None: no label; Any: at least one (case-insensitive keywords), like GitLab's.
      const labels = commaList(input.labels);
      const keyword = labels.length === 1 ? labels[0].toLowerCase() : undefined;
      const labelled = (issue: GlIssue) =>
        keyword === 'none' ? issue.labels.length === 0 : keyword === 'any' ? issue.labels.length > 0 : labels.every((label) => issue.labels.includes(label));
      const key = orderBy as 'created_at' | 'updated_at';
      const issues = ctx.state.issues
        .filter((issue) => wanted === 'all' || issue.state === wanted)
        .filter(labelled)
        .sort((a, b) => (sort === 'asc' ? 1 : -1) * (a[key].localeCompare(b[key]) || a.iid - b.iid));
      return { status: 200, body: paginate(ctx, issues).map((issue) => issueJson(ctx.web, ctx.state, issue, false)) };
    },
  ],
  [
    'POST',
    `${P}/issues`,
    (ctx) => {
      const { input, state } = ctx;
      if (input.title === undefined) return glParamError('title is missing');
      if (typeof input.title !== 'string' || input.title.trim() === '') return glParamError('title is empty');
      const now = new Date().toISOString();
      const issue: GlIssue = {
        iid: Math.max(0, ...state.issues.map((i) => i.iid)) + 1,
        title: input.title,
        description: typeof input.description === 'string' ? input.description : null,
        labels: [...new Set(commaList(input.labels))],
        state: 'opened',
        author: state.tokenUser,
        created_at: now,
        updated_at: now,
        closed_at: null,
      };
      state.issues.push(issue);
      return { status: 201, body: issueJson(ctx.web, state, issue, true) };
    },
  ],
  ['GET', `${P}/issues/:iid`, withIssue((ctx, issue) => ({ status: 200, body: issueJson(ctx.web, ctx.state, issue, true) }))],
  [
    'PUT',
    `${P}/issues/:iid`,
    withIssue((ctx, issue) => {
      const { input } = ctx;
      const event = input.state_event;
      if (event !== undefined && event !== 'close' && event !== 'reopen') return glParamError('state_event does not have a valid value');
      if (input.title !== undefined && (typeof input.title !== 'string' || input.title.trim() === '')) return glParamError('title is empty');
      const before = JSON.stringify(issue);
      const edited = (typeof input.title === 'string' && input.title !== issue.title) || (typeof input.description === 'string' && input.description !== issue.description);
      if (typeof input.title === 'string') issue.title = input.title;
      if (typeof input.description === 'string') issue.description = input.description;
      if (input.labels !== undefined) issue.labels = [...new Set(commaList(input.labels))];
      for (const label of commaList(input.add_labels)) if (!issue.labels.includes(label)) issue.labels.push(label);
      const remove = commaList(input.remove_labels);
      issue.labels = issue.labels.filter((label) => !remove.includes(label));
      const now = new Date().toISOString();
      if (event === 'close' && issue.state === 'opened') {
        issue.state = 'closed';
        issue.closed_at = now;
        closedBy.set(issue, ctx.state.tokenUser);
      } else if (event === 'reopen' && issue.state === 'closed') {
        issue.state = 'opened';
        issue.closed_at = null;
        closedBy.delete(issue);
      }
      if (edited) Object.assign(issue, { last_edited_by: ctx.state.tokenUser, last_edited_at: now });
      if (JSON.stringify(issue) !== before) issue.updated_at = now;
      return { status: 200, body: issueJson(ctx.web, ctx.state, issue, true) };
    }),
  ],
  ['GET', `${P}/issues/:iid/notes`, withIssue((ctx, issue) => listNotes(ctx, (note) => note.issue_iid === issue.iid))],
  [
    'POST',
    `${P}/issues/:iid/notes`,
    withIssue((ctx, issue) => {
      const reply = createNote(ctx, { issue_iid: issue.iid });
      if (reply.status === 201) issue.updated_at = new Date().toISOString();
      return reply;
    }),
  ],
  [
    // Direct members only.
    'GET',
    '/api/v4/groups/:gid/members/:uid',
    ({ web, state, params }) => {
      const level = state.groups?.[params.gid]?.[Number(params.uid)];
      if (level === undefined) return NOT_FOUND();
      return { status: 200, body: memberJson(web, knownUsers(state).get(Number(params.uid)) ?? glUser(Number(params.uid), `user${params.uid}`), level) };
    },
  ],
  [
    // As GitLab documents it: members of the group and of every ancestor group (inherited).
    'GET',
    '/api/v4/groups/:gid/members/all/:uid',
    ({ web, state, params }) => {
      const ancestry = params.gid.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
      const level = ancestry.map((path) => state.groups?.[path]?.[Number(params.uid)]).find((found) => found !== undefined);
      if (level === undefined) return NOT_FOUND();
      return { status: 200, body: memberJson(web, knownUsers(state).get(Number(params.uid)) ?? glUser(Number(params.uid), `user${params.uid}`), level) };
    },
  ],
  [
    'GET',
    `${P}/members/all/:uid`,
    ({ web, state, params }) => {
      if (!/^\d+$/.test(params.uid)) return glParamError('user_id is invalid');
      const id = Number(params.uid);
      const level = state.members[id];
      if (level === undefined) return NOT_FOUND();
      const user = knownUsers(state).get(id) ?? glUser(id, `user${id}`);
      return { status: 200, body: memberJson(web, user, level) };
    },
  ],
  [
    'GET',
    `${P}/approvals`,
    ({ state }) => ({
      status: 200,
      body: {
        approvers: [],
        approver_groups: [],
        approvals_before_merge: 0,
        reset_approvals_on_push: state.projectApprovals.reset_approvals_on_push,
        selective_code_owner_removals: false,
        disable_overriding_approvers_per_merge_request: false,
        merge_requests_author_approval: state.projectApprovals.merge_requests_author_approval,
        merge_requests_disable_committers_approval: state.projectApprovals.merge_requests_disable_committers_approval,
        require_password_to_approve: false,
        require_reauthentication_to_approve: false,
      },
    }),
  ],
  [
    // Recursive listing of a commit's tree under `path`: blobs and the trees holding them, paginated; an unknown path is 404.
    'GET',
    `${P}/repository/tree`,
    (ctx) => {
      const { state, input } = ctx;
      const ref = typeof input.ref === 'string' && input.ref !== '' ? input.ref : (state.defaultBranch ?? 'main');
      const folder = typeof input.path === 'string' ? input.path.replace(/\/+$/, '') : '';
      const blobs = Object.keys(state.files)
        .filter((key) => key.startsWith(`${ref}:`))
        .map((key) => key.slice(ref.length + 1))
        .filter((path) => folder === '' || path.startsWith(`${folder}/`));
      if (folder !== '' && blobs.length === 0) return glError(404, '404 Tree Not Found');
      const trees = [...new Set(blobs.flatMap((path) => path.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))))].filter((path) => path.length > folder.length);
      const entry = (path: string, type: 'blob' | 'tree') => ({ id: createHash('sha1').update(`${ref}:${path}`).digest('hex'), name: path.split('/').pop(), type, path, mode: type === 'tree' ? '040000' : '100644' });
      const entries = [...trees.map((path) => entry(path, 'tree')), ...blobs.map((path) => entry(path, 'blob'))].sort((a, b) => a.path.localeCompare(b.path));
      return { status: 200, body: paginate(ctx, entries) };
    },
  ],
  [
    'GET',
    `${P}/repository/files/:filePath/raw`,
    ({ state, params, input }) => {
      const requested = typeof input.ref === 'string' && input.ref !== '' ? input.ref : (state.defaultBranch ?? 'main');
      const ref = requested.replace(/^refs\/heads\//, '');
      const text = state.files[`${ref}:${params.filePath}`] ?? state.files[`${requested}:${params.filePath}`];
      if (text === undefined) return glError(404, '404 File Not Found');
      return {
        status: 200,
        body: text,
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          'x-gitlab-file-name': params.filePath.split('/').pop() ?? '',
          'x-gitlab-file-path': params.filePath,
          'x-gitlab-ref': ref,
          'x-gitlab-size': String(Buffer.byteLength(text, 'utf8')),
        },
      };
    },
  ],
  // --- deployments ---
  [
    'GET',
    '/api/v4/groups/:gid',
    ({ web, state, params }) => {
      const path = Object.keys(state.groups ?? {}).find((known) => known === params.gid || String(groupId(known)) === params.gid);
      if (!path) return glError(404, '404 Group Not Found');
      return { status: 200, body: { id: groupId(path), web_url: `${web}/groups/${path}`, name: path.split('/').pop(), path: path.split('/').pop(), description: '', visibility: 'private', full_name: path.split('/').join(' / '), full_path: path, parent_id: null } };
    },
  ],
  [
    'GET',
    `${P}/protected_branches/:name`,
    ({ state, params }) => {
      const branch = state.protectedBranches?.[params.name];
      if (!branch) return glError(404, '404 Not found');
      const access = (level: number) => [{ id: 1, access_level: level, access_level_description: level ? 'Maintainers' : 'No one', deploy_key_id: null, user_id: null, group_id: null }];
      const level = access(40);
      return { status: 200, body: { id: stableGlId(`branch:${params.name}`), name: params.name, push_access_levels: access(branch.push_access_level ?? 40), merge_access_levels: level, allow_force_push: branch.allow_force_push, code_owner_approval_required: false } };
    },
  ],
  [
    'GET',
    `${P}/approval_rules`,
    (ctx) => {
      const rules = (ctx.state.approvalRules ?? []).map((rule, index) => ({
        id: 100 + index,
        name: rule.name,
        rule_type: rule.rule_type,
        eligible_approvers: [],
        approvals_required: rule.approvals_required,
        users: [],
        groups: [],
        contains_hidden_groups: false,
        protected_branches: (rule.protected_branches ?? []).map((name) => ({ id: stableGlId(`branch:${name}`), name, push_access_levels: [], merge_access_levels: [], unprotect_access_levels: [], code_owner_approval_required: false })),
        applies_to_all_protected_branches: false,
      }));
      return { status: 200, body: paginate(ctx, rules) };
    },
  ],
  [
    'GET',
    `${P}/protected_environments/:name`,
    ({ state, params }) => {
      const environment = state.protectedEnvironments?.[params.name];
      return environment ? { status: 200, body: protectedEnvironmentJson(params.name, environment) } : glError(404, '404 Not found');
    },
  ],
  [
    'POST',
    `${P}/protected_environments`,
    ({ state, input }) => {
      const name = input.name;
      if (typeof name !== 'string' || name === '') return glParamError('name is missing');
      if (!Array.isArray(input.deploy_access_levels) || input.deploy_access_levels.length === 0) return glParamError('deploy_access_levels is missing');
      const environments = (state.protectedEnvironments ??= {});
      if (environments[name]) return glError(409, 'Protected environment already exists');
      environments[name] = { deploy_access_levels: input.deploy_access_levels as Record<string, unknown>[], approval_rules: Array.isArray(input.approval_rules) ? (input.approval_rules as Record<string, unknown>[]) : [] };
      return { status: 201, body: protectedEnvironmentJson(name, environments[name]) };
    },
  ],
  // --- end deployments ---
];

// --- export-collect ---
// What `audit export` reads of a project's history: the merge requests of a commit, an MR's diff
// versions, pipelines by commit, and a commit's signature (REST v4: commits, merge requests, pipelines).

export interface GlMr {
  /** Once merged: the merge commit (null for a fast-forward merge). */
  merge_commit_sha?: string;
  /** Once merged with squash: the squash commit. */
  squash_commit_sha?: string;
  /** ISO; default the fake's epoch. */
  created_at?: string;
  /** The MR's diff versions, oldest first (one per push). */
  versions?: { head_commit_sha: string; base_commit_sha: string | null; created_at: string }[];
}

export interface GlState {
  /** Pipelines, oldest first (ids ascend in this order). */
  pipelines?: { sha: string; status: 'created' | 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped' | 'manual'; ref?: string }[];
  /** Commit sha → its signature; a commit not here is unsigned (404, as GitLab answers). */
  signatures?: Record<string, { signature_type: 'PGP' | 'SSH' | 'X509'; verification_status: string }>;
}

const EXPORT_COLLECT_ROUTES: [string, string, Handler][] = [
  [
    'GET',
    `${P}/repository/commits/:sha/merge_requests`,
    (ctx) => {
      const sha = ctx.params.sha;
      const merged = ctx.state.mergeCommits?.[sha];
      const mrs = [...ctx.state.mrs.values()]
        .filter((mr) => mr.merge_commit_sha === sha || mr.iid === merged || mr.squash_commit_sha === sha || mr.sha === sha || mr.commits.some((commit) => commit.id === sha))
        .map((mr) => (mr.iid === merged ? { ...mr, merge_commit_sha: sha } : mr));
      return {
        status: 200,
        body: paginate(ctx, mrs).map((mr) => ({ ...mrJson(ctx.web, ctx.state, mr), created_at: mr.created_at ?? EPOCH, merge_commit_sha: mr.merge_commit_sha ?? null, squash_commit_sha: mr.squash_commit_sha ?? null })),
      };
    },
  ],
  [
    'GET',
    `${P}/repository/commits/:sha/signature`,
    (ctx) => {
      const signature = ctx.state.signatures?.[ctx.params.sha];
      if (!signature) return glError(404, '404 Signature Not Found');
      const base = { signature_type: signature.signature_type, verification_status: signature.verification_status, commit_source: 'gitaly' };
      if (signature.signature_type === 'PGP') return { status: 200, body: { ...base, gpg_key_id: 1, gpg_key_primary_keyid: '8254AAB3FBD54AC9', gpg_key_user_name: 'John Doe', gpg_key_user_email: 'johndoe@example.com', gpg_key_subkey_id: null } };
      if (signature.signature_type === 'SSH') return { status: 200, body: { ...base, key: { id: 11, title: 'Key', created_at: EPOCH, expires_at: null, key: 'ssh-ed25519 AAAA…', usage_type: 'auth_and_signing' } } };
      return { status: 200, body: { ...base, x509_certificate: { id: 1, subject: 'CN=gitlab@example.org,OU=Example,O=World', subject_key_identifier: 'BC:BC', email: 'gitlab@example.org', serial_number: 2789695610189013, certificate_status: 'good', x509_issuer: { id: 1, subject: 'CN=PKI,OU=Example,O=World', subject_key_identifier: 'AB:AB', crl_url: 'http://example.com/pki.crl' } } } };
    },
  ],
  [
    'GET',
    `${MR}/versions`,
    withMr((ctx, mr) => ({
      status: 200,
      body: paginate(ctx, [...(mr.versions ?? implicitVersions.get(mr) ?? [])].map((version, index) => ({ version, id: 100 * mr.iid + index + 1 })).reverse(), 'merge_request_iid').map(({ version, id }) => ({
        id,
        head_commit_sha: version.head_commit_sha,
        base_commit_sha: version.base_commit_sha,
        start_commit_sha: version.base_commit_sha,
        created_at: version.created_at,
        merge_request_id: 10_000 + mr.iid,
        state: 'collected',
        real_size: String(mr.diffs.length),
        patch_id_sha: sha1(`${version.base_commit_sha}..${version.head_commit_sha}`),
      })),
    })),
  ],
  [
    'GET',
    `${P}/pipelines`,
    (ctx) => {
      const all = (ctx.state.pipelines ?? []).map((pipeline, index) => ({ ...pipeline, id: 500 + index }));
      const matching = all.filter((pipeline) => (ctx.input.sha === undefined || pipeline.sha === ctx.input.sha) && (ctx.input.ref === undefined || (pipeline.ref ?? 'main') === ctx.input.ref));
      const ordered = ctx.input.sort === 'asc' ? matching : matching.reverse();
      return {
        status: 200,
        body: paginate(ctx, ordered).map((pipeline) => ({
          id: pipeline.id,
          iid: pipeline.id - 499,
          project_id: ctx.state.projectId,
          sha: pipeline.sha,
          ref: pipeline.ref ?? 'main',
          status: pipeline.status,
          source: 'push',
          created_at: EPOCH,
          updated_at: EPOCH,
          web_url: `${ctx.web}/${ctx.state.projectPath}/-/pipelines/${pipeline.id}`,
        })),
      };
    },
  ],
];
// --- env-deployers ---
/** Groups, and which merge request made a commit, as GitLab's REST API v4 documents them. */
const ENV_DEPLOYERS_ROUTES: [string, string, Handler][] = [
  [
    // https://docs.gitlab.com/api/groups/#get-a-single-group: 404 for a group that does not exist (or the token cannot see).
    'GET',
    '/api/v4/groups/:gid',
    ({ web, state, params }) => {
      if (!state.groups || !Object.hasOwn(state.groups, params.gid)) return glError(404, '404 Group Not Found');
      const path = params.gid;
      return { status: 200, body: { id: Number.parseInt(sha1(`group:${path}`).slice(0, 7), 16), name: path.split('/').pop(), path: path.split('/').pop(), full_name: path.replace(/\//g, ' / '), full_path: path, web_url: `${web}/groups/${path}`, visibility: 'private', parent_id: null } };
    },
  ],
];

// --- attack25gl ---
/** The account a commit e-mail belongs to: a user the fake knows whose confirmed e-mails include it, as GitLab's `Commit.author` resolves it. */
function accountOfEmail(state: GlState, mr: GlMr, email: string): GlUser | undefined {
  const known = [state.tokenUser, ...(state.users ?? []), mr.author, ...mr.approvedBy, ...(mr.reviewers ?? [])];
  const wanted = email.toLowerCase();
  return known.find((user) => (user.emails ?? [`${user.username}@example.com`]).some((confirmed) => confirmed.toLowerCase() === wanted));
}

/**
 * POST /api/graphql: an issue's description widget as a work item (`project(fullPath:) { workItems(iid:) { nodes { widgets
 * { type ... on WorkItemWidgetDescription { description lastEditedAt lastEditedBy { id username } } } } } }`), and `project(fullPath:) { mergeRequest(iid:) { items: notes(first:, after:) { nodes { id body lastEditedAt
 * lastEditedBy { id username } } … } } }` (the MR's notes oldest first, GitLab's order) and `items: commits(…) { nodes { sha
 * author { id username } } … }` (newest first; `author` the account of the author's confirmed e-mail, else null).
 */
const GRAPHQL_ROUTES: [string, string, Handler][] = [
  [
    'POST',
    '/api/graphql',
    (ctx) => {
      const query = typeof ctx.input.query === 'string' ? ctx.input.query : '';
      const variables = (ctx.input.variables ?? {}) as { path?: string; iid?: string; after?: string | null };
      if (/workItems\(iid: \$iid\) \{ nodes \{ widgets \{ type \.\.\. on WorkItemWidgetDescription \{ description lastEditedAt lastEditedBy \{ id username \} \} \} \} \}/.test(query)) {
        if (variables.path !== ctx.state.projectPath) return { status: 200, body: { data: { project: null } } };
        const issue = ctx.state.issues.find((candidate) => String(candidate.iid) === variables.iid);
        // Widgets of other kinds answer only their type (the query asks nothing else of them).
        const widgets = issue && [{ type: 'ASSIGNEES' }, { type: 'DESCRIPTION', description: issue.description, lastEditedAt: issue.last_edited_at ?? null, lastEditedBy: issue.last_edited_by ? { id: `gid://gitlab/User/${issue.last_edited_by.id}`, username: issue.last_edited_by.username } : null }, { type: 'LABELS' }];
        return { status: 200, body: { data: { project: { workItems: { nodes: widgets ? [{ widgets }] : [] } } } } };
      }
      const connection = /mergeRequest\(iid: \$iid\)\s*\{\s*items: (notes|commits)\(/.exec(query)?.[1];
      if (!connection) return { status: 200, body: { errors: [{ message: 'the fake answers only the merge request notes and commits queries' }] } };
      const mr = variables.path === ctx.state.projectPath ? ctx.state.mrs.get(Number(variables.iid)) : undefined;
      if (!mr) return { status: 200, body: { data: { project: variables.path === ctx.state.projectPath ? { mergeRequest: null } : null } } };
      const all =
        connection === 'notes'
          ? ctx.state.notes
              .filter((note) => note.mr_iid === mr.iid)
              .sort((a, b) => a.id - b.id)
              .map((note) => ({
                id: `gid://gitlab/${note.system ? 'Note' : 'DiscussionNote'}/${note.id}`,
                body: note.body,
                lastEditedAt: note.last_edited_at ?? null,
                lastEditedBy: note.last_edited_by ? { id: `gid://gitlab/User/${note.last_edited_by.id}`, username: note.last_edited_by.username } : null,
              }))
          : [...mr.commits].reverse().map((commit) => {
              const author = accountOfEmail(ctx.state, mr, commit.author_email);
              return { sha: commit.id, author: author ? { id: `gid://gitlab/User/${author.id}`, username: author.username } : null };
            });
      const start = variables.after ? Number(variables.after) : 0;
      const nodes = all.slice(start, start + 100);
      return { status: 200, body: { data: { project: { mergeRequest: { items: { nodes, pageInfo: { hasNextPage: start + 100 < all.length, endCursor: String(start + nodes.length) } } } } } } };
    },
  ],
];
// --- end attack25gl ---

ROUTES.push(...EXPORT_COLLECT_ROUTES, ...ENV_DEPLOYERS_ROUTES, ...GRAPHQL_ROUTES);
// --- end export-collect / env-deployers ---

const COMPILED = ROUTES.map(([method, pattern, handler]) => ({ method, match: compileRoute(pattern), handler }));

function authorised(headers: IncomingHttpHeaders, token: string): boolean {
  const privateToken = headers['private-token'];
  if (typeof privateToken === 'string') return privateToken === token;
  const match = /^bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return match !== null && match[1].trim() === token;
}

function parseBody(text: string, contentType: string | undefined): { body: unknown; bad: boolean } {
  if (text.trim() === '') return { body: undefined, bad: false };
  if (contentType?.includes('application/x-www-form-urlencoded')) return { body: Object.fromEntries(new URLSearchParams(text)), bad: false };
  try {
    return { body: JSON.parse(text), bad: false };
  } catch {
    return { body: undefined, bad: true };
  }
}

async function handle(fake: FakeGitLab, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readRaw(req);
  const { body, bad } = parseBody(raw.text, req.headers['content-type']);
  const request: FakeRequest = { method: raw.method, path: raw.path, query: raw.query, body, headers: req.headers };
  fake.requests.push(request);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'cache-control': 'max-age=0, private, must-revalidate',
    'x-request-id': randomUUID().replace(/-/g, '').toUpperCase().slice(0, 26),
    'x-runtime': '0.010000',
    vary: 'Origin, Accept-Encoding',
  };

  const fault = takeFault(fake.faults, raw.method, raw.path, raw.rawQuery, raw.text);
  if (fault) {
    const reply = fault.body === undefined ? glError(fault.status, `${fault.status} ${STATUS_CODES[fault.status] ?? 'Error'}`) : { status: fault.status, body: fault.body };
    send(res, { ...reply, headers: fault.headers }, headers);
    return;
  }
  // --- attack16 ---
  // GET /job answers for the job whose token is sent (JOB-TOKEN), with the user who started its pipeline.
  if (raw.method === 'GET' && raw.path === '/api/v4/job') {
    const token = req.headers['job-token'];
    const found = typeof token === 'string' && Object.hasOwn(fake.state.jobTokens ?? {}, token) ? fake.state.jobTokens![token] : undefined;
    const user = found && (fake.state.users ?? []).find((known) => known.id === found.user);
    if (!found || !user) {
      send(res, UNAUTHORIZED(), headers);
      return;
    }
    const web = `http://${req.headers.host ?? '127.0.0.1'}`;
    const pipeline = { id: 9001, iid: 1, project_id: fake.state.projectId, sha: '0'.repeat(40), ref: 'main', status: 'running', source: found.source, web_url: `${web}/${fake.state.projectPath}/-/pipelines/9001` };
    const job = { id: 7001, status: 'running', stage: 'deploy', name: 'rollback', ref: 'main', tag: false, allow_failure: false, created_at: EPOCH, user: { id: user.id, username: user.username, name: user.name, state: 'active', web_url: `${web}/${user.username}` }, pipeline, web_url: `${web}/${fake.state.projectPath}/-/jobs/7001` };
    send(res, { status: 200, body: job }, headers);
    return;
  }
  // --- end attack16 ---
  if (!authorised(req.headers, fake.state.token)) {
    send(res, UNAUTHORIZED(), headers);
    return;
  }
  if (bad) {
    send(res, { status: 400, body: { error: 'The provided content-type \'application/json\' is not supported.' } }, headers);
    return;
  }
  for (const route of COMPILED) {
    if (route.method !== raw.method) continue;
    const params = route.match(raw.path);
    if (!params) continue;
    const state = fake.state;
    if (params.id !== undefined && params.id !== String(state.projectId) && params.id !== state.projectPath) {
      send(res, glError(404, '404 Project Not Found'), headers);
      return;
    }
    const input: Record<string, unknown> = { ...Object.fromEntries(raw.query), ...(body && typeof body === 'object' && !Array.isArray(body) ? body : {}) };
    const ctx: Ctx = { state, request, params, input, web: `http://${req.headers.host ?? '127.0.0.1'}`, headers };
    send(res, route.handler(ctx), ctx.headers);
    return;
  }
  send(res, NOT_FOUND(), headers);
}

/** Starts a fake GitLab REST v4 API on 127.0.0.1 (random port); the API base is `${url}/api/v4`. */
export const startFakeGitLab = (init: Partial<GlState> = {}): Promise<FakeGitLab> => startFake(createGlState, handle, init);

/** One fake GitLab for the test file (see useFake in fake-github.ts). */
export const useFakeGitLab = (init: () => Partial<GlState> = () => ({})): FakeGitLab => useFake(() => startFakeGitLab(), createGlState, init);

/** A modified file as the diffs API lists it. */
export const modifiedDiff = (path: string, mode = '100644'): GlDiff => ({ old_path: path, new_path: path, a_mode: mode, b_mode: mode, new_file: false, renamed_file: false, deleted_file: false });

/** An open merge request !iid from `author` (one commit of theirs), from `base` to `head` on the same project. */
export function glMergeRequest(author: GlUser, diffs: GlDiff[], overrides: Partial<GlMr> = {}, { iid = 5, head = 'a'.repeat(40), base = 'b'.repeat(40) } = {}): GlMr {
  const email = `${author.username}@example.com`;
  return {
    iid,
    author,
    draft: false,
    state: 'opened',
    sha: head,
    base_sha: base,
    source_project_id: 42,
    target_project_id: 42,
    source_branch: 'change',
    target_branch: 'main',
    diffs,
    approvedBy: [],
    labels: [],
    commits: [{ id: head, author_name: author.username, author_email: email, committer_name: author.username, committer_email: email }],
    ...overrides,
  };
}

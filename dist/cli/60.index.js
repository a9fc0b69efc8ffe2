export const id = 60;
export const ids = [60];
export const modules = {

/***/ 2411:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E0: () => (/* binding */ apiLimitsFromEnv),
/* harmony export */   LH: () => (/* binding */ withRetries),
/* harmony export */   Le: () => (/* binding */ incompleteListing),
/* harmony export */   R$: () => (/* binding */ retrying),
/* harmony export */   Re: () => (/* binding */ orAbsent),
/* harmony export */   W1: () => (/* binding */ ApiBudget),
/* harmony export */   ZE: () => (/* binding */ pagesBound),
/* harmony export */   dR: () => (/* binding */ DEFAULT_LIMITS),
/* harmony export */   pM: () => (/* binding */ NetworkFailure),
/* harmony export */   vI: () => (/* binding */ DEFAULT_RETRY),
/* harmony export */   w4: () => (/* binding */ hostOf)
/* harmony export */ });
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8823);

const DEFAULT_RETRY = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000 };
const DEFAULT_LIMITS = { requestTimeoutMs: 30_000, deadlineMs: 600_000, maxPages: 100 };
/** Node's timers hold at most 2^31-1 ms; a longer one fires at once. */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
function secondsFromEnv(env, name) {
    const text = env[name];
    if (text === undefined || text.trim() === '')
        return undefined;
    const seconds = Number(text);
    if (!Number.isFinite(seconds) || seconds <= 0)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot(`${name} must be a positive number of seconds, not ${JSON.stringify(text)}; unset it to use the default.`);
    if (seconds > MAX_TIMER_SECONDS)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot(`${name} must be at most ${MAX_TIMER_SECONDS} seconds (about 24 days), not ${JSON.stringify(text)}; lower it or unset it to use the default.`);
    // Timers take whole milliseconds.
    return Math.ceil(seconds * 1000);
}
/** The limits, with GITOPS_SYNC_API_TIMEOUT_SECONDS and GITOPS_SYNC_API_DEADLINE_SECONDS from `env` over the defaults. */
function apiLimitsFromEnv(env, given = {}) {
    return {
        requestTimeoutMs: given.requestTimeoutMs ?? secondsFromEnv(env, 'GITOPS_SYNC_API_TIMEOUT_SECONDS') ?? DEFAULT_LIMITS.requestTimeoutMs,
        deadlineMs: given.deadlineMs ?? secondsFromEnv(env, 'GITOPS_SYNC_API_DEADLINE_SECONDS') ?? DEFAULT_LIMITS.deadlineMs,
        maxPages: given.maxPages ?? DEFAULT_LIMITS.maxPages,
    };
}
const formatSeconds = (ms) => `${Number((ms / 1000).toFixed(ms < 1000 ? 1 : 0))} s`;
/** Error codes Node and undici put on a failed connection, in words. */
const NETWORK_WORDS = {
    ECONNREFUSED: 'connection refused by',
    ECONNRESET: 'connection reset by',
    UND_ERR_SOCKET: 'connection closed without an answer by',
    EPIPE: 'connection closed by',
    ENOTFOUND: 'no such host:',
    EAI_AGAIN: 'could not look up the host',
    EHOSTUNREACH: 'no route to',
    ENETUNREACH: 'no network route to',
};
/** The codes and innermost message along an error's `cause` chain (duck-typed: fetch errors may come from another realm). */
function errorChain(error) {
    const seen = new Set();
    const codes = [];
    let message = '';
    for (let current = error; typeof current === 'object' && current !== null && !seen.has(current); current = current.cause) {
        seen.add(current);
        const { code, message: text } = current;
        if (typeof code === 'string')
            codes.push(code);
        if (typeof text === 'string' && text)
            message = text;
    }
    return { codes, message: message || String(error) };
}
/** One command's API budget: each attempt gets the request timeout, or what is left of the deadline if that is less. */
class ApiBudget {
    limits;
    host;
    token;
    endsAt;
    constructor(limits, 
    /** `host:port` of the API, for messages. */
    host, 
    /** Never repeated in a message (fetch quotes a header value it refuses). */
    token) {
        this.limits = limits;
        this.host = host;
        this.token = token;
        this.endsAt = Date.now() + limits.deadlineMs;
    }
    remainingMs() {
        return this.endsAt - Date.now();
    }
    /** A signal for one attempt, and how to word that attempt's failure on the wire. */
    attempt() {
        const remaining = this.remainingMs();
        if (remaining <= 0)
            throw new NetworkFailure(this.deadlinePassed());
        const byDeadline = remaining < this.limits.requestTimeoutMs;
        const signal = AbortSignal.timeout(byDeadline ? remaining : this.limits.requestTimeoutMs);
        return {
            signal,
            failure: (error) => {
                if (signal.aborted)
                    return byDeadline ? this.deadlinePassed() : { status: 0, headers: {}, message: `no answer from ${this.host} (timed out after ${formatSeconds(this.limits.requestTimeoutMs)})` };
                const { codes, message } = errorChain(error);
                const known = codes.find((code) => NETWORK_WORDS[code]);
                if (known)
                    return { status: 0, headers: {}, message: `${NETWORK_WORDS[known]} ${this.host}` };
                if (codes.some((code) => /TIMEOUT/.test(code)))
                    return { status: 0, headers: {}, message: `no answer from ${this.host} (timed out)` };
                const said = (this.token ? message.split(this.token).join('***') : message).slice(0, 200);
                return { status: 0, headers: {}, message: `${this.host} could not be reached (${codes[0] ? `${codes[0]}: ` : ''}${said})` };
            },
        };
    }
    deadlinePassed() {
        return { status: 0, headers: {}, final: true, message: `this command's API calls to ${this.host} ran past their ${formatSeconds(this.limits.deadlineMs)} deadline` };
    }
}
/** Thrown by an attempt that got no answer; adapters map it to its failure. */
class NetworkFailure extends Error {
    failure;
    constructor(failure) {
        super(failure.message);
        this.failure = failure;
    }
}
/** `host:port` of an API base URL, as messages name it. */
function hostOf(base) {
    try {
        return new URL(base).host;
    }
    catch {
        return base;
    }
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** GitHub's secondary rate limits answer 403 (or 429) with a message saying so, or a retry-after. */
function isRateLimited(failure) {
    if (failure.status === 429)
        return true;
    if (failure.status !== 403)
        return false;
    return failure.headers['retry-after'] !== undefined || failure.headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(failure.message);
}
/** Milliseconds to wait before the next attempt, or undefined when the failure is not transient. */
function retryDelay(failure, attempt, policy) {
    if (failure.final)
        return undefined;
    const transient = failure.status >= 500 || failure.status === 0 || isRateLimited(failure);
    if (!transient)
        return undefined;
    const retryAfter = Number(failure.headers['retry-after']);
    if (Number.isFinite(retryAfter) && retryAfter >= 0)
        return retryAfter * 1000;
    const reset = Number(failure.headers['x-ratelimit-reset']);
    if (failure.headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset))
        return Math.max(0, reset * 1000 - Date.now());
    return policy.baseDelayMs * 2 ** attempt;
}
/**
 * Runs one HTTP request, retrying 5xx answers, network errors (status 0) and rate limits with
 * exponential backoff, honouring `retry-after`. Anything else, or running out of attempts, becomes
 * the UserError `giveUp` words. With a `budget`, no wait runs past its deadline.
 */
async function retrying(request, toFailure, giveUp, policy = DEFAULT_RETRY, budget) {
    for (let attempt = 0;; attempt++) {
        try {
            return await request();
        }
        catch (error) {
            const failure = toFailure(error);
            if (!failure)
                throw error;
            const delay = retryDelay(failure, attempt, policy);
            const inTime = budget === undefined || delay === undefined || delay < budget.remainingMs();
            if (delay !== undefined && attempt + 1 < policy.attempts && delay <= policy.maxDelayMs && inTime) {
                await sleep(delay);
                continue;
            }
            throw giveUp(failure, attempt + 1);
        }
    }
}
/** A review platform API call: a refusal names what was refused and which permission fixes it. */
function withRetries(platform, call, request, toFailure, policy = DEFAULT_RETRY, budget) {
    const failureOf = (error) => (error instanceof NetworkFailure ? error.failure : toFailure(error));
    return retrying(request, failureOf, (failure, attempts) => new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot(describeApiFailure(platform, call, failure, attempts)), policy, budget);
}
function describeApiFailure(platform, call, failure, attempts) {
    const tokenVar = platform === 'GitHub' ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    if (failure.status === 0) {
        const urlVar = platform === 'GitHub' ? 'GITHUB_API_URL' : 'CI_API_V4_URL';
        return `${platform} could not ${call.what}: ${failure.message}${tries}; check ${urlVar} and that the server is reachable from here, then run it again.`;
    }
    switch (failure.status) {
        case 401:
            return `${platform} rejected the token while trying to ${call.what} (401); set ${tokenVar} to a valid, unexpired token.`;
        case 403:
            return `${platform} refused to ${call.what} (403); the token needs ${call.permission}.`;
        case 404:
            return `${platform} found nothing when trying to ${call.what} (404); check the repository and number, and that the token has ${call.permission} (private projects answer 404 without it).`;
        default:
            return `${platform} could not ${call.what} (HTTP ${failure.status}${tries}); run it again later.`;
    }
}
/** A lookup whose 404 means "no such thing" (a file, a membership), not a failure. */
async function orAbsent(lookup) {
    try {
        return await lookup();
    }
    catch (error) {
        if (error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot && /\(404\)/.test(error.message))
            return undefined;
        throw error;
    }
}
/** A listing that cannot be read to its end: one sentence, and nothing is decided from the part that was read. */
function incompleteListing(platform, call, what) {
    return new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot(`${platform} ${what} when asked to ${call.what}; the list is not complete, so nothing is decided from it.`);
}
/** Pages read at most before `incompleteListing`: the bound in words. */
const pagesBound = (limits) => `more than ${limits.maxPages} pages of 100`;


/***/ }),

/***/ 3794:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ GitHubApi)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8823);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2411);




function toFailure(error) {
    const failure = error;
    if (typeof failure?.status !== 'number')
        return undefined;
    return { status: failure.status, headers: failure.response?.headers ?? {}, message: failure.response?.data?.message ?? failure.message ?? '' };
}
/** One repository's REST API through Octokit (the client @actions/github gives actions): retried, answers checked with zod. */
class GitHubApi {
    owner;
    repo;
    octokit;
    retry;
    base;
    budget;
    constructor(options) {
        const [owner, repo, ...rest] = options.repository.split('/');
        if (!owner || !repo || rest.length)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot(`Repository ${JSON.stringify(options.repository)} is not OWNER/REPO; pass --repo like octo-org/infra.`);
        this.owner = owner;
        this.repo = repo;
        this.retry = options.retry ?? _api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_RETRY */ .vI;
        const baseUrl = (options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
        try {
            this.base = new URL(baseUrl);
        }
        catch {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot(`The GitHub API URL ${JSON.stringify(baseUrl)} is not a URL; set GITHUB_API_URL like https://github.example.com/api/v3.`);
        }
        this.budget = new _api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .ApiBudget */ .W1((0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .apiLimitsFromEnv */ .E0)(process.env, options.limits), (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .hostOf */ .w4)(baseUrl), options.token);
        this.octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(options.token, { baseUrl });
    }
    /** One attempt under the budget: a failure on the wire (Octokit calls it HTTP 500 without a response) becomes a NetworkFailure. */
    async attempt(route, params) {
        const { signal, failure } = this.budget.attempt();
        let response;
        try {
            response = await this.octokit.request(route, { ...params, request: { signal } });
        }
        catch (error) {
            if (signal.aborted || (typeof error.status === 'number' && !error.response))
                throw new _api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .NetworkFailure */ .pM(failure(error));
            throw error;
        }
        // Octokit reads the body after fetch resolves and drops a read error: a body cut off by the timeout is one too.
        if (signal.aborted)
            throw new _api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .NetworkFailure */ .pM(failure(undefined));
        return response;
    }
    /** `owner` and `repo` fill the route's placeholders; `params` the rest (the rest become query or body). */
    async call(call, schema, route, params = {}, failureOf = toFailure) {
        const defaults = Object.fromEntries(Object.entries({ owner: this.owner, repo: this.repo }).filter(([key]) => route.includes(`{${key}}`)));
        const response = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .withRetries */ .LH)('GitHub', call, () => this.attempt(route, { ...defaults, ...params }), failureOf, this.retry, this.budget);
        const parsed = schema.safeParse(response.data);
        if (!parsed.success)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot(`GitHub answered an unexpected shape when asked to ${call.what} (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}); check that the API URL points at the GitHub REST API.`);
        return { data: parsed.data, link: String(response.headers.link ?? ''), url: response.url };
    }
    /**
     * The account a user token (a personal access token) acts as, or undefined for an installation token
     * (GITHUB_TOKEN, a GitHub App), which GET /user refuses with 403 "Resource not accessible by integration".
     * Any other refusal (a rate limit, an SSO block) leaves the identity unknown: an error, never github-actions[bot].
     */
    async tokenUser() {
        let refusal;
        const noting = (error) => {
            const failure = toFailure(error);
            if (failure?.status === 403)
                refusal = failure.message;
            return failure;
        };
        try {
            return (await this.call({ what: 'read the token user', permission: 'no permission (a user token)' }, zod__WEBPACK_IMPORTED_MODULE_3__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig(), login: zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP() }), 'GET /user', {}, noting)).data;
        }
        catch (error) {
            if (!(error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot) || refusal === undefined)
                throw error;
            if (/resource not accessible by integration/i.test(refusal))
                return undefined;
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot(`GitHub would not say who the token is (GET /user: 403 ${JSON.stringify(refusal.slice(0, 200))}), and only that identity's comments and issues are gitops-sync's own; run it again later, or name the app's bot in GITOPS_SYNC_BOT_LOGIN (the bot-login input).`);
        }
    }
    /**
     * Every page, 100 at a time, following the `link` header's next page while it stays on this API
     * (the token goes nowhere else) and is new, up to the page bound. Any failing page fails the whole list.
     */
    async listAll(call, item, route, params = {}) {
        let page = await this.call(call, zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(item), route, { ...params, per_page: 100 });
        const items = [...page.data];
        const seen = new Set([page.url]);
        for (let read = 1;; read++) {
            const next = nextLink(page.link);
            if (next === undefined)
                return items;
            const url = this.onThisApi(call, next);
            if (seen.has(url.href))
                throw (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .incompleteListing */ .Le)('GitHub', call, `pointed the next page back at one already read (${url.pathname}${url.search})`);
            if (read >= this.budget.limits.maxPages)
                throw (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .incompleteListing */ .Le)('GitHub', call, `listed ${(0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .pagesBound */ .ZE)(this.budget.limits)}`);
            seen.add(url.href);
            page = await this.call(call, zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(item), `GET ${url.href}`);
            items.push(...page.data);
        }
    }
    /** A next-page URL, refused unless it is on this API's origin and under its path. */
    onThisApi(call, link) {
        let url;
        try {
            url = new URL(link, this.base);
        }
        catch {
            url = undefined;
        }
        const basePath = this.base.pathname.replace(/\/+$/, '');
        if (!url || url.origin !== this.base.origin || !(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))) {
            const where = url ? `${url.origin}${url.pathname}` : JSON.stringify(link);
            throw (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .incompleteListing */ .Le)('GitHub', call, `pointed the next page at ${where}, outside ${this.base.origin}${basePath}, which gitops-sync does not send the token to`);
        }
        return url;
    }
}
/** The `rel="next"` URL of a `link` header (RFC 8288), if any. */
function nextLink(link) {
    for (const [, url, rel] of link.matchAll(/<([^>]*)>\s*;\s*rel="?([^",;]*)"?/g)) {
        if (rel.split(/\s+/).includes('next'))
            return url;
    }
    return undefined;
}


/***/ }),

/***/ 6036:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ GitHubReview)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8823);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2411);
/* harmony import */ var _own_identity_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(863);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3794);
/* harmony import */ var _team_membership_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5318);






const User = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig(), login: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), type: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional() });
const Pull = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
    number: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig(),
    state: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(),
    draft: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY().optional(),
    merged: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY().optional(),
    merged_at: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().nullable().optional(),
    user: User,
    changed_files: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig(),
    created_at: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional(),
    html_url: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional(),
    commits: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig().optional(),
    head: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ sha: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), repo: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ full_name: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP() }).nullable() }),
    base: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ sha: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), ref: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), repo: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ full_name: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), default_branch: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional() }) }),
});
const PullFile = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ filename: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), status: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), previous_filename: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional() });
const PullReview = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig(), user: User.nullable(), state: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), commit_id: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().nullable(), body: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().nullable().optional(), submitted_at: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().nullable().optional() });
const GitPerson = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ name: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional(), email: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional() }).nullable();
const PullCommit = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
    sha: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(),
    author: User.nullable(),
    committer: User.nullable(),
    commit: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ author: GitPerson, committer: GitPerson, verification: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ verified: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY(), reason: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP() }).optional() }),
});
const Permission = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ permission: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), role_name: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional() });
const Content = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ type: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), encoding: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional(), content: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional() });
const Tree = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ tree: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ path: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), mode: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), type: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP() })), truncated: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY().optional() });
const Comment = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig(), node_id: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional(), body: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().nullable().optional(), user: User.nullable().optional() });
/** GraphQL's word on who last edited a comment (REST does not say): `editor` is null when nobody did. */
const CommentEdit = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
    data: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ node: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ lastEditedAt: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().nullable(), editor: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ __typename: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), login: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP() }).nullable() }).nullable() }),
});
const COMMENT_EDIT_QUERY = 'query($id: ID!) { node(id: $id) { ... on IssueComment { lastEditedAt editor { __typename login } } } }';
/**
 * Whether GraphQL's editor is our REST login. GraphQL names a bot `github-actions` where REST says
 * `github-actions[bot]`, and a person may hold that bare name: a `[bot]` login must be a Bot.
 */
const isLogin = (editor, login) => {
    const bot = /\[bot\]$/i.test(login);
    return (editor.__typename === 'Bot') === bot && editor.login.toLowerCase() === login.replace(/\[bot\]$/i, '').toLowerCase();
};
const READ_PULLS = 'the "Pull requests: read" permission (GITHUB_TOKEN: permissions: pull-requests: read)';
const WRITE_PULLS = 'the "Pull requests: write" permission (GITHUB_TOKEN: permissions: pull-requests: write), and for approving, "Allow GitHub Actions to create and approve pull requests" in the repository settings';
const READ_CONTENTS = 'the "Contents: read" permission';
const person = (user) => ({ id: user.id, login: user.login, bot: user.type === 'Bot' });
const REVIEW_STATES = new Set(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING']);
/** A pull request through Octokit (the same client @actions/github gives actions). */
class GitHubReview {
    options;
    name = 'github';
    label;
    api;
    identity;
    constructor(options) {
        this.options = options;
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_3__/* .GitHubApi */ .y(options);
        this.label = `${options.repository}#${options.number}`;
    }
    /** The pull request number where the route has a place for it (anything else would become a query or body parameter). */
    withNumber(route, params) {
        return route.includes('{pull_number}') ? { pull_number: this.options.number, ...params } : params;
    }
    call(call, schema, route, params = {}) {
        return this.api.call(call, schema, route, this.withNumber(route, params));
    }
    listAll(call, item, route, params = {}) {
        return this.api.listAll(call, item, route, this.withNumber(route, params));
    }
    /** Who our own comments and approvals are written by. */
    own() {
        this.identity ??= (0,_own_identity_js__WEBPACK_IMPORTED_MODULE_2__/* .githubOwnIdentity */ .m_)(this.api, this.options.botLogin);
        return this.identity;
    }
    async pull() {
        return (await this.call({ what: `read pull request ${this.label}`, permission: READ_PULLS }, Pull, 'GET /repos/{owner}/{repo}/pulls/{pull_number}')).data;
    }
    async getChangeRequest() {
        const data = await this.pull();
        return {
            number: data.number,
            author: person(data.user),
            headSha: data.head.sha,
            baseSha: data.base.sha,
            draft: data.draft ?? false,
            open: data.state === 'open',
            merged: data.merged === true || Boolean(data.merged_at),
            fromFork: data.head.repo?.full_name !== data.base.repo.full_name,
            changedFiles: data.changed_files,
            baseRef: data.base.ref,
            defaultBranch: data.base.repo.default_branch,
            createdAt: data.created_at,
            url: data.html_url,
        };
    }
    async listChangedFiles() {
        const files = await this.listAll({ what: `list the files of ${this.label}`, permission: READ_PULLS }, PullFile, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files');
        return files.map((file) => ({ path: file.filename, previousPath: file.previous_filename, status: file.status }));
    }
    async listReviews() {
        const reviews = await this.listAll({ what: `list the reviews of ${this.label}`, permission: READ_PULLS }, PullReview, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews');
        return reviews.flatMap((review, order) => review.user && REVIEW_STATES.has(review.state)
            ? [{ user: person(review.user), state: review.state, commitSha: review.commit_id ?? undefined, order, automatic: Boolean(review.body?.includes(_gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .APPROVE_SAFE_MARKER */ .FKH)), submittedAt: review.submitted_at ?? undefined }]
            : []);
    }
    async listCommits() {
        const [commits, pull] = await Promise.all([
            this.listAll({ what: `list the commits of ${this.label}`, permission: READ_PULLS }, PullCommit, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits'),
            this.pull(),
        ]);
        // The API lists at most 250 commits: the authors of the rest are unknown.
        const unlisted = (pull.commits ?? commits.length) - commits.length;
        const missing = unlisted > 0 ? [{ sha: pull.head.sha, userIds: [], unresolved: [`the authors of ${unlisted} commit(s) beyond the ${commits.length} the API lists`] }] : [];
        return missing.concat(commits.map((commit) => {
            const unresolved = [];
            if (!commit.author)
                unresolved.push(`author ${commit.commit.author?.name ?? 'unknown'}`);
            if (!commit.committer)
                unresolved.push(`committer ${commit.commit.committer?.name ?? 'unknown'}`);
            return { sha: commit.sha, userIds: [commit.author?.id, commit.committer?.id].filter((id) => id !== undefined), unresolved };
        }));
    }
    /** Every commit of the pull request with GitHub's `commit.verification`; the API lists at most 250, the rest cannot be judged. */
    async commitSignatures() {
        const [commits, pull] = await Promise.all([
            this.listAll({ what: `list the commits of ${this.label}`, permission: READ_PULLS }, PullCommit, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits'),
            this.pull(),
        ]);
        const unlisted = (pull.commits ?? commits.length) - commits.length;
        return {
            commits: commits.map((commit) => ({
                sha: commit.sha,
                verified: commit.commit.verification?.verified ?? false,
                reason: commit.commit.verification?.reason ?? 'not reported',
                authorEmail: commit.commit.author?.email,
                committerEmail: commit.commit.committer?.email,
            })),
            ...(unlisted > 0 ? { problem: `GitHub lists only ${commits.length} of the ${pull.commits} commits, so the signatures of ${unlisted} cannot be checked; split the pull request` } : {}),
        };
    }
    async hasWriteAccess(user) {
        const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .orAbsent */ .Re)(() => this.call({ what: `read ${user.login}'s permission`, permission: 'the "Metadata: read" permission' }, Permission, 'GET /repos/{owner}/{repo}/collaborators/{username}/permission', { username: user.login }));
        const { permission, role_name } = found?.data ?? { permission: 'none' };
        return ['admin', 'write'].includes(permission) || ['admin', 'maintain', 'write'].includes(role_name ?? '');
    }
    isTeamMember(team, user) {
        return (0,_team_membership_js__WEBPACK_IMPORTED_MODULE_4__/* .githubTeamMember */ .j3)(this.api, team, user.login);
    }
    async readFileAt(path, sha) {
        const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .orAbsent */ .Re)(() => this.call({ what: `read ${path} at ${sha.slice(0, 12)}`, permission: READ_CONTENTS }, Content, 'GET /repos/{owner}/{repo}/contents/{path}', { path, ref: sha }));
        if (!found)
            return undefined;
        if (found.data.type !== 'file' || found.data.encoding !== 'base64')
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot(`${path} at ${sha.slice(0, 12)} is not a regular file; the policy files must be plain files.`);
        return Buffer.from(found.data.content ?? '', 'base64').toString('utf8');
    }
    async approvalProblems() {
        return [];
    }
    /** The modes of a commit's files from the git trees API; a truncated listing (GitHub's limit) leaves them unknown. */
    async treeModes(sha) {
        const found = await this.call({ what: `read the file tree of ${sha.slice(0, 12)}`, permission: READ_CONTENTS }, Tree, 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { tree_sha: sha, recursive: '1' }).catch((error) => {
            if (error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot)
                return { problem: `the file modes are unknown: ${error.message.replace(/\.$/, '')}` };
            throw error;
        });
        if ('problem' in found)
            return found;
        const { data } = found;
        if (data.truncated !== false) {
            return { problem: `the file modes are unknown: GitHub's tree of ${sha.slice(0, 12)} is truncated (more than 100,000 entries or 7 MB); check out both commits (actions/checkout with fetch-depth: 0)` };
        }
        return { modes: new Map(data.tree.filter((entry) => entry.type !== 'tree').map((entry) => [entry.path, entry.mode])) };
    }
    async ownApprovals() {
        const [reviews, own] = await Promise.all([
            this.listAll({ what: `list the reviews of ${this.label}`, permission: READ_PULLS }, PullReview, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews'),
            this.own(),
        ]);
        return reviews.filter((review) => review.state === 'APPROVED' && (0,_own_identity_js__WEBPACK_IMPORTED_MODULE_2__/* .isOwnIdentity */ .XB)(own, review.user) && review.body?.includes(_gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .APPROVE_SAFE_MARKER */ .FKH)).map((review) => ({ id: review.id, sha: review.commit_id ?? undefined }));
    }
    async approve(sha, body) {
        await this.call({ what: `approve ${this.label}`, permission: WRITE_PULLS }, zod__WEBPACK_IMPORTED_MODULE_5__/* .unknown */ .L5J(), 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { commit_id: sha, event: 'APPROVE', body });
    }
    async withdrawApprovals(approvals, message) {
        for (const { id } of approvals) {
            await this.call({ what: `dismiss review ${id} on ${this.label}`, permission: WRITE_PULLS }, zod__WEBPACK_IMPORTED_MODULE_5__/* .unknown */ .L5J(), 'PUT /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals', { review_id: id, message, event: 'DISMISS' });
        }
    }
    async addLabel(label) {
        await this.call({ what: `label ${this.label}`, permission: WRITE_PULLS }, zod__WEBPACK_IMPORTED_MODULE_5__/* .unknown */ .L5J(), 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { issue_number: this.options.number, labels: [label] });
    }
    async removeLabel(label) {
        await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .orAbsent */ .Re)(() => this.call({ what: `remove a label from ${this.label}`, permission: WRITE_PULLS }, zod__WEBPACK_IMPORTED_MODULE_5__/* .unknown */ .L5J(), 'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', { issue_number: this.options.number, name: label }));
    }
    async requestReviewers(owners, author) {
        const names = owners.filter((owner) => owner.startsWith('@')).map((owner) => owner.slice(1));
        const reviewers = names.filter((name) => !name.includes('/') && name.toLowerCase() !== author.login.toLowerCase());
        const teamReviewers = names.filter((name) => name.split('/')[0].toLowerCase() === this.api.owner.toLowerCase() && name.includes('/')).map((name) => name.split('/')[1]);
        if (!reviewers.length && !teamReviewers.length)
            return;
        await this.call({ what: `request reviewers on ${this.label}`, permission: WRITE_PULLS }, zod__WEBPACK_IMPORTED_MODULE_5__/* .unknown */ .L5J(), 'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', { reviewers, team_reviewers: teamReviewers });
    }
    /** Our own comment carrying `marker`: anyone (the author, a chat-ops app) can post the same marker. */
    async ownComment(call, marker) {
        const [comments, own] = await Promise.all([this.listAll(call, Comment, 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: this.options.number }), this.own()]);
        return comments.find((comment) => (0,_own_identity_js__WEBPACK_IMPORTED_MODULE_2__/* .isOwnIdentity */ .XB)(own, comment.user) && comment.body?.includes(marker));
    }
    /**
     * Our own comment's body — unless someone else edited it since (anyone with write access can edit
     * a comment on GitHub), which GraphQL's `editor` tells: then it names nothing.
     */
    async ownCommentWith(marker) {
        const call = { what: `read the comments of ${this.label}`, permission: READ_PULLS };
        const comment = await this.ownComment(call, marker);
        if (!comment)
            return undefined;
        if (!comment.node_id)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot(`GitHub listed gitops-sync's comment on ${this.label} without its node_id, so who last edited it cannot be checked; nothing is taken from it.`);
        const { node } = (await this.call({ what: `read who edited gitops-sync's comment on ${this.label}`, permission: READ_PULLS }, CommentEdit, 'POST /graphql', { query: COMMENT_EDIT_QUERY, variables: { id: comment.node_id } })).data.data;
        const own = await this.own();
        if (node?.lastEditedAt && !(node.editor && isLogin(node.editor, own.login))) {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot(`gitops-sync's comment on ${this.label} was last edited by ${node.editor?.login ?? 'someone unknown'}, not by ${own.login}, so its plan fingerprint is not trusted; run drift-detect on the pull request again to rewrite it.`);
        }
        return comment.body ?? undefined;
    }
    async upsertComment(marker, body, createIfMissing = true) {
        const call = { what: `comment on ${this.label}`, permission: WRITE_PULLS };
        const existing = await this.ownComment(call, marker);
        if (existing?.body === body)
            return 'unchanged';
        if (existing) {
            await this.call(call, zod__WEBPACK_IMPORTED_MODULE_5__/* .unknown */ .L5J(), 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { comment_id: existing.id, body });
            return 'updated';
        }
        if (!createIfMissing)
            return 'absent';
        await this.call(call, zod__WEBPACK_IMPORTED_MODULE_5__/* .unknown */ .L5J(), 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: this.options.number, body });
        return 'created';
    }
}


/***/ }),

/***/ 5318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DH: () => (/* binding */ READ_MEMBERS),
/* harmony export */   j3: () => (/* binding */ githubTeamMember),
/* harmony export */   nI: () => (/* binding */ githubTeamExists)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8823);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2411);



const READ_MEMBERS = 'the "Organization members: read" permission (a GitHub App or a token with read:org; GITHUB_TOKEN cannot read teams)';
const Membership = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ state: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP() });
const Team = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig(), slug: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP() });
/** `org/team-slug` split; GitHub has no team paths: a nested team has its own slug, and its parent counts the child's members too. */
function teamParts(team) {
    const [org, slug, ...rest] = team.split('/');
    if (rest.length)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot(`GitHub names a team org/team-slug, so ${team} names no team (a nested team is named by its own slug, e.g. ${org}/${rest[rest.length - 1]}); fix it in the base commit's gitops-sync.yaml or CODEOWNERS.`);
    return { org, slug };
}
/** Whether `login` is an active member of `org/team` (`GET /orgs/{org}/teams/{team_slug}/memberships/{username}`; a pending invitation is not). */
async function githubTeamMember(api, team, login) {
    const { org, slug } = teamParts(team);
    const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .orAbsent */ .Re)(() => api.call({ what: `read ${login}'s membership of ${team}`, permission: READ_MEMBERS }, Membership, 'GET /orgs/{org}/teams/{team_slug}/memberships/{username}', { org, team_slug: slug, username: login }));
    return found?.data.state === 'active';
}
/** Whether `org/team` exists for the token (`GET /orgs/{org}/teams/{team_slug}`): the membership answer is 404 for a missing team and a non-member alike. */
async function githubTeamExists(api, team) {
    const { org, slug } = teamParts(team);
    return (await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .orAbsent */ .Re)(() => api.call({ what: `read team ${team}`, permission: READ_MEMBERS }, Team, 'GET /orgs/{org}/teams/{team_slug}', { org, team_slug: slug }))) !== undefined;
}


/***/ }),

/***/ 314:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ GitLabApi)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8823);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2411);



const TokenUser = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig(), username: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(), bot: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().optional() });
/** Statuses whose Response must have a null body. */
const NO_BODY = new Set([101, 204, 205, 304]);
class HttpFailure extends Error {
    failure;
    constructor(failure) {
        super(failure.message);
        this.failure = failure;
    }
}
/** One project's REST API v4 through fetch: retried, answers checked with zod. Paths start at `/projects/:id` (`project`). */
class GitLabApi {
    options;
    /** `/projects/<url-encoded id or path>` */
    project;
    base;
    retry;
    tokenUser;
    budget;
    constructor(options) {
        this.options = options;
        const base = options.baseUrl ?? process.env.CI_API_V4_URL;
        if (!base)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot('The GitLab API URL is unknown; set CI_API_V4_URL (e.g. https://gitlab.com/api/v4).');
        this.base = base.replace(/\/+$/, '');
        this.project = `/projects/${encodeURIComponent(options.project)}`;
        this.retry = options.retry ?? _api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_RETRY */ .vI;
        this.budget = new _api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .ApiBudget */ .W1((0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .apiLimitsFromEnv */ .E0)(process.env, options.limits), (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .hostOf */ .w4)(this.base), options.token);
    }
    /** One attempt under the budget, its body read before the timeout ends: no answer is a NetworkFailure. */
    async attempt(method, path, body) {
        const { signal, failure } = this.budget.attempt();
        try {
            const response = await fetch(`${this.base}${path}`, {
                method,
                headers: { [this.options.tokenHeader ?? 'PRIVATE-TOKEN']: this.options.token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
                body: body === undefined ? undefined : JSON.stringify(body),
                // A redirect would carry PRIVATE-TOKEN to wherever it points: never follow one.
                redirect: 'manual',
                signal,
            });
            const bytes = await response.arrayBuffer();
            return new Response(NO_BODY.has(response.status) ? null : bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
        }
        catch (error) {
            throw new _api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .NetworkFailure */ .pM(failure(error));
        }
    }
    async send(call, method, path, body) {
        return (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .withRetries */ .LH)('GitLab', call, async () => {
            const response = await this.attempt(method, path, body);
            if (response.ok)
                return response;
            if (response.status >= 300 && response.status < 400) {
                throw new HttpFailure({ status: response.status, headers: {}, message: 'the API answered with a redirect, which is not followed so the token stays here; point CI_API_V4_URL at the API itself' });
            }
            const text = await response.text();
            throw new HttpFailure({ status: response.status, headers: Object.fromEntries(response.headers), message: text.slice(0, 200) });
        }, (error) => (error instanceof HttpFailure ? error.failure : undefined), this.retry, this.budget);
    }
    async json(call, schema, method, path, body) {
        const response = await this.send(call, method, path, body);
        const parsed = schema.safeParse(await response.json().catch(() => undefined));
        if (!parsed.success)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot(`GitLab answered an unexpected shape when asked to ${call.what}; check that CI_API_V4_URL points at the GitLab REST API v4.`);
        return { data: parsed.data, response };
    }
    /** The user the token acts as (GET /user): who gitops-sync's own notes, approvals and issues are written by. */
    currentUser() {
        this.tokenUser ??= this.json({ what: 'read the token user', permission: 'the read_api scope' }, TokenUser, 'GET', '/user').then((result) => result.data);
        return this.tokenUser;
    }
    /**
     * Every page, 100 at a time, following `x-next-page` (a page number on this API, so the token stays here)
     * while it moves forward, up to the page bound; any failing page fails the whole list.
     */
    async listAll(call, item, path) {
        const items = [];
        for (let page = 1, read = 1;; read++) {
            const { data, response } = await this.json(call, zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(item), 'GET', `${path}${path.includes('?') ? '&' : '?'}per_page=100&page=${page}`);
            items.push(...data);
            const said = response.headers.get('x-next-page')?.trim() ?? '';
            if (said === '')
                return items;
            const next = Number(said);
            if (!Number.isInteger(next) || next <= page)
                throw (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .incompleteListing */ .Le)('GitLab', call, `named page ${JSON.stringify(said)} as the one after page ${page}`);
            if (read >= this.budget.limits.maxPages)
                throw (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .incompleteListing */ .Le)('GitLab', call, `listed ${(0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .pagesBound */ .ZE)(this.budget.limits)}`);
            page = next;
        }
    }
}


/***/ }),

/***/ 9074:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ gitlabCommitVerification)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2857);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2411);


/** `GET /projects/:id/repository/commits/:sha/signature` (GPG, SSH or X.509); GitLab answers 404 for an unsigned commit. */
const Signature = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ signature_type: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().optional(), verification_status: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() });
/** GitLab's `verification_status` values that mean the signature is good (`verified_system`: signed by GitLab itself for a web commit). */
const VERIFIED = new Set(['verified', 'verified_system']);
/** GitLab's word on a commit's signature: `reason` is its `verification_status`, or `unsigned`. */
async function gitlabCommitVerification(api, sha, permission) {
    const signature = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .orAbsent */ .Re)(() => api.json({ what: `read the signature of ${sha.slice(0, 12)}`, permission }, Signature, 'GET', `${api.project}/repository/commits/${sha}/signature`));
    const status = signature?.data.verification_status;
    return status === undefined ? { verified: false, reason: 'unsigned' } : { verified: VERIFIED.has(status), reason: status };
}


/***/ }),

/***/ 9398:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ gitlabGroupExists),
/* harmony export */   f: () => (/* binding */ gitlabGroupMember)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2857);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2411);


const READ_API = 'the read_api scope and at least the Reporter role';
const Member = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ access_level: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig() });
const Group = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig(), full_path: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() });
/** Direct members only: `members/all` also answers for every ancestor group's members, so `acme` would count as `acme/security`. */
async function gitlabGroupMember(api, group, user) {
    const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .orAbsent */ .Re)(() => api.json({ what: `read ${user.login}'s membership of ${group}`, permission: READ_API }, Member, 'GET', `/groups/${encodeURIComponent(group)}/members/${user.id}`));
    return found !== undefined;
}
/** Whether the group exists for the token (`GET /groups/:id`): the membership answer is 404 for a missing group and a non-member alike. */
async function gitlabGroupExists(api, group) {
    return (await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .orAbsent */ .Re)(() => api.json({ what: `read group ${group}`, permission: READ_API }, Group, 'GET', `/groups/${encodeURIComponent(group)}`))) !== undefined;
}


/***/ }),

/***/ 2732:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ GitLabReview)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8823);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2411);
/* harmony import */ var _commit_signature_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9074);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(314);
/* harmony import */ var _group_membership_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9398);






const User = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig(), username: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), bot: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY().optional() });
const MergeRequest = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
    iid: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig(),
    state: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(),
    draft: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY().optional(),
    work_in_progress: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY().optional(),
    author: User,
    sha: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(),
    source_project_id: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig(),
    target_branch: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(),
    target_project_id: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig(),
    changes_count: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().nullable().optional(),
    diff_refs: zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ base_sha: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), head_sha: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), start_sha: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional() }).nullable(),
    created_at: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional(),
    web_url: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional(),
});
const Diff = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
    old_path: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(),
    new_path: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(),
    a_mode: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().nullable(),
    b_mode: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().nullable(),
    new_file: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY(),
    renamed_file: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY(),
    deleted_file: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY(),
});
const Approvals = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ approved_by: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ user: User, approved_at: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().nullable().optional() })) });
const ProjectApprovals = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({
    reset_approvals_on_push: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY(),
    merge_requests_author_approval: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY().optional(),
    merge_requests_disable_committers_approval: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY().optional(),
});
const Member = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ access_level: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig() });
const Project = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ default_branch: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().nullable().optional(), path_with_namespace: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional(), ci_config_path: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().nullable().optional() });
const MrCommit = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), author_name: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), author_email: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), committer_email: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP() });
const TreeEntry = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ path: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), type: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP() });
const Note = zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_5__/* .number */ .aig(), body: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP(), system: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY(), author: User.optional() });
const READ_API = 'the read_api scope and at least the Reporter role';
const WRITE_API = 'the api scope and at least the Developer role (a project or group access token of a bot user, not the author)';
const DEVELOPER = 30;
const person = (user) => ({ id: user.id, login: user.username, bot: user.bot ?? false });
/** A merge request through GitLab's REST API v4. */
class GitLabReview {
    options;
    name = 'gitlab';
    label;
    api;
    project;
    settings;
    me;
    accounts = new Map();
    constructor(options) {
        this.options = options;
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_3__/* .GitLabApi */ .w(options);
        this.project = this.api.project;
        this.label = `${options.project}!${options.iid}`;
    }
    send(call, method, path, body) {
        return this.api.send(call, method, path, body);
    }
    json(call, schema, method, path, body) {
        return this.api.json(call, schema, method, path, body);
    }
    listAll(call, item, path) {
        return this.api.listAll(call, item, path);
    }
    get mr() {
        return `${this.project}/merge_requests/${this.options.iid}`;
    }
    projectSettings() {
        this.settings ??= this.json({ what: `read the approval settings of ${this.options.project}`, permission: READ_API }, ProjectApprovals, 'GET', `${this.project}/approvals`).then((result) => result.data);
        return this.settings;
    }
    async getChangeRequest() {
        const { data } = await this.json({ what: `read merge request ${this.label}`, permission: READ_API }, MergeRequest, 'GET', this.mr);
        const count = data.changes_count ?? '';
        return {
            number: data.iid,
            author: person(data.author),
            headSha: data.sha,
            // The target branch as the MR was last compared: the policy in force for it.
            baseSha: data.diff_refs?.start_sha ?? data.diff_refs?.base_sha ?? '',
            draft: data.draft ?? data.work_in_progress ?? false,
            open: data.state === 'opened',
            merged: data.state === 'merged',
            fromFork: data.source_project_id !== data.target_project_id,
            changedFiles: /^\d+$/.test(count) ? Number(count) : undefined,
            baseRef: data.target_branch,
            createdAt: data.created_at,
            url: data.web_url,
            defaultBranch: (await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .orAbsent */ .Re)(() => this.json({ what: `read project ${this.options.project}`, permission: READ_API }, Project, 'GET', this.project)))?.data.default_branch ?? undefined,
        };
    }
    /** The CI file the project's pipelines run; a project that does not say cannot have its CI guarded, so that is an error. */
    async ciSettings() {
        const { data } = await this.json({ what: `read the CI/CD settings of ${this.options.project}`, permission: READ_API }, Project, 'GET', this.project);
        if (data.ci_config_path === undefined || data.path_with_namespace === undefined) {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot(`GitLab did not say which CI/CD configuration file ${this.options.project} runs (no ci_config_path in GET /projects/:id), so the CI files cannot be guarded; the token needs ${READ_API}.`);
        }
        return { ciConfigPath: data.ci_config_path ?? '', projectPath: data.path_with_namespace };
    }
    async listChangedFiles() {
        const diffs = await this.listAll({ what: `list the changes of ${this.label}`, permission: READ_API }, Diff, `${this.mr}/diffs`);
        return diffs.map((diff) => ({
            path: diff.new_path,
            previousPath: diff.renamed_file ? diff.old_path : undefined,
            status: diff.new_file ? 'added' : diff.deleted_file ? 'removed' : diff.renamed_file ? 'renamed' : 'modified',
            oldMode: diff.a_mode ?? undefined,
            newMode: diff.b_mode ?? undefined,
        }));
    }
    /** GitLab approvals carry no commit: they are on the head only when the project removes approvals on push. */
    async listReviews() {
        const [{ data }, settings, request, me] = await Promise.all([
            this.json({ what: `read the approvals of ${this.label}`, permission: READ_API }, Approvals, 'GET', `${this.mr}/approvals`),
            this.projectSettings(),
            this.getChangeRequest(),
            this.currentUser(),
        ]);
        return Promise.all(data.approved_by.map(async ({ user, approved_at }, order) => {
            const account = await this.account(user);
            return {
                user: { ...person(user), bot: 'bot' in account && account.bot },
                state: 'APPROVED',
                commitSha: settings.reset_approvals_on_push ? request.headSha : undefined,
                order,
                automatic: user.id === me.id,
                identityProblem: 'problem' in account ? account.problem : undefined,
                submittedAt: approved_at ?? undefined,
            };
        }));
    }
    /**
     * Whether an account is a bot, from `GET /users/:id` (the approvals API says nothing of bots, and
     * access-token bots have had several naming schemes). An account it cannot tell about is a problem, never a person.
     */
    account(user) {
        let found = this.accounts.get(user.id);
        if (!found) {
            const call = { what: `read ${user.username}'s account`, permission: READ_API };
            found = this.json(call, zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ bot: zod__WEBPACK_IMPORTED_MODULE_5__/* .boolean */ .zMY().optional(), state: zod__WEBPACK_IMPORTED_MODULE_5__/* .string */ .YjP().optional() }), 'GET', `/users/${user.id}`).then(({ data }) => {
                if (data.bot === undefined)
                    return { problem: `GitLab's user API did not say whether ${user.username} is a bot` };
                // A blocked, banned or deactivated account has lost its access, whatever its membership still says.
                if (data.state !== 'active')
                    return { problem: `GitLab says ${user.username}'s account is ${data.state ?? 'in no known state'}` };
                return { bot: data.bot };
            }, (error) => {
                if (!(error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot))
                    throw error;
                return { problem: error.message.replace(/\.$/, '') };
            });
            this.accounts.set(user.id, found);
        }
        return found;
    }
    /**
     * GitLab itself keeps committers from approving when the project says so (approvalProblems insists
     * on it), but not authors: a commit written by someone other than its committer names an author
     * that cannot be tied to an account here, so the gate cannot prove independence from them.
     */
    async listCommits() {
        const commits = await this.listAll({ what: `list the commits of ${this.label}`, permission: READ_API }, MrCommit, `${this.mr}/commits`);
        return commits.map((commit) => ({
            sha: commit.id,
            userIds: [],
            unresolved: commit.author_email.toLowerCase() === commit.committer_email.toLowerCase() ? [] : [`author ${commit.author_name}, who is not its committer`],
        }));
    }
    /** Every commit of the merge request with GitLab's word on its signature (one signature call per commit). */
    async commitSignatures() {
        const commits = await this.listAll({ what: `list the commits of ${this.label}`, permission: READ_API }, MrCommit, `${this.mr}/commits`);
        const signatures = [];
        // GitLab lists them newest first; the decision lists them as GitHub does, oldest first.
        for (const commit of [...commits].reverse())
            signatures.push({ sha: commit.id, authorEmail: commit.author_email, committerEmail: commit.committer_email, ...(await (0,_commit_signature_js__WEBPACK_IMPORTED_MODULE_2__/* .gitlabCommitVerification */ .C)(this.api, commit.id, READ_API)) });
        return { commits: signatures };
    }
    async approvalProblems() {
        const settings = await this.projectSettings();
        const problems = [];
        if (!settings.reset_approvals_on_push)
            problems.push('the project keeps approvals when commits are added, so no approval is tied to the head (turn on "Remove all approvals when commits are added")');
        if (!settings.merge_requests_disable_committers_approval)
            problems.push('the project lets users who added commits approve (turn on "Prevent approvals by users who add commits")');
        return problems;
    }
    async hasWriteAccess(user) {
        const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .orAbsent */ .Re)(() => this.json({ what: `read ${user.login}'s role`, permission: READ_API }, Member, 'GET', `${this.project}/members/all/${user.id}`));
        return (found?.data.access_level ?? 0) >= DEVELOPER;
    }
    isTeamMember(team, user) {
        return (0,_group_membership_js__WEBPACK_IMPORTED_MODULE_4__/* .gitlabGroupMember */ .f)(this.api, team, user);
    }
    async readFileAt(path, sha) {
        const response = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .orAbsent */ .Re)(() => this.send({ what: `read ${path} at ${sha.slice(0, 12)}`, permission: READ_API }, 'GET', `${this.project}/repository/files/${encodeURIComponent(path)}/raw?ref=${encodeURIComponent(sha)}`));
        return response?.text();
    }
    /** GET /projects/:id/repository/tree, recursive; a folder GitLab does not find there has no files. */
    async filesUnder(folder, sha) {
        const call = { what: `list the files under ${folder || 'the root'} at ${sha.slice(0, 12)}`, permission: READ_API };
        const entries = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .orAbsent */ .Re)(() => this.listAll(call, TreeEntry, `${this.project}/repository/tree?recursive=true&ref=${encodeURIComponent(sha)}${folder ? `&path=${encodeURIComponent(folder)}` : ''}`));
        return (entries ?? []).filter((entry) => entry.type === 'blob').map((entry) => entry.path);
    }
    /** The token's user (see gitlabOwnIdentity): who our own approvals and notes are written by. */
    currentUser() {
        this.me ??= this.api.currentUser().then(person);
        return this.me;
    }
    async ownApprovals() {
        const [me, reviews] = await Promise.all([this.currentUser(), this.listReviews()]);
        return reviews.filter((review) => review.user.id === me.id).map((review) => ({ sha: review.commitSha }));
    }
    async approve(sha) {
        try {
            await this.send({ what: `approve ${this.label}`, permission: WRITE_API }, 'POST', `${this.mr}/approve`, { sha });
        }
        catch (error) {
            if (error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot && /HTTP 409/.test(error.message))
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot(`The head of ${this.label} moved while it was being evaluated, so it was not approved; the next run evaluates the new head.`);
            throw error;
        }
    }
    async withdrawApprovals(approvals) {
        if (approvals.length)
            await this.send({ what: `withdraw the approval of ${this.label}`, permission: WRITE_API }, 'POST', `${this.mr}/unapprove`);
    }
    async addLabel(label) {
        await this.send({ what: `label ${this.label}`, permission: WRITE_API }, 'PUT', this.mr, { add_labels: label });
    }
    async removeLabel(label) {
        await this.send({ what: `remove a label from ${this.label}`, permission: WRITE_API }, 'PUT', this.mr, { remove_labels: label });
    }
    /**
     * Adds the owners who are users (groups and e-mail owners are @-mentioned in the note instead) to
     * the merge request's reviewers, keeping those already there; never the author.
     */
    async requestReviewers(owners, author) {
        const call = { what: `request reviewers on ${this.label}`, permission: WRITE_API };
        const usernames = owners.filter((owner) => /^@[^/@]+$/.test(owner)).map((owner) => owner.slice(1)).filter((name) => name.toLowerCase() !== author.login.toLowerCase());
        if (!usernames.length)
            return;
        const ids = [];
        for (const username of usernames) {
            const { data } = await this.json(call, zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(User), 'GET', `/users?username=${encodeURIComponent(username)}`);
            ids.push(...data.map((user) => user.id));
        }
        const { data: mr } = await this.json({ what: `read merge request ${this.label}`, permission: READ_API }, zod__WEBPACK_IMPORTED_MODULE_5__/* .object */ .Ikc({ reviewers: zod__WEBPACK_IMPORTED_MODULE_5__/* .array */ .YOg(User).optional() }), 'GET', this.mr);
        const current = (mr.reviewers ?? []).map((user) => user.id);
        const wanted = [...new Set([...current, ...ids])];
        if (wanted.length !== current.length)
            await this.send(call, 'PUT', this.mr, { reviewer_ids: wanted });
    }
    /** Our own note carrying `marker`: anyone (the author, another bot) can post the same marker. */
    async ownNote(call, marker) {
        const [notes, me] = await Promise.all([this.listAll(call, Note, `${this.mr}/notes?sort=asc&order_by=created_at`), this.currentUser()]);
        return notes.find((note) => !note.system && note.author?.id === me.id && note.body.includes(marker));
    }
    async ownCommentWith(marker) {
        return (await this.ownNote({ what: `read the notes of ${this.label}`, permission: READ_API }, marker))?.body;
    }
    async upsertComment(marker, body, createIfMissing = true) {
        const call = { what: `comment on ${this.label}`, permission: WRITE_API };
        const existing = await this.ownNote(call, marker);
        if (existing?.body === body)
            return 'unchanged';
        if (existing) {
            await this.send(call, 'PUT', `${this.mr}/notes/${existing.id}`, { body });
            return 'updated';
        }
        if (!createIfMissing)
            return 'absent';
        await this.send(call, 'POST', `${this.mr}/notes`, { body });
        return 'created';
    }
}


/***/ }),

/***/ 4060:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ApiBudget: () => (/* reexport */ api_retry/* ApiBudget */.W1),
  BOT_LOGIN_VARIABLE: () => (/* reexport */ own_identity/* BOT_LOGIN_VARIABLE */.tE),
  DEFAULT_HELM_BASE_URL: () => (/* reexport */ DEFAULT_HELM_BASE_URL),
  DEFAULT_LIMITS: () => (/* reexport */ api_retry/* DEFAULT_LIMITS */.dR),
  DEFAULT_RETRY: () => (/* reexport */ api_retry/* DEFAULT_RETRY */.vI),
  DEFAULT_TERRAFORM_BASE_URL: () => (/* reexport */ DEFAULT_TERRAFORM_BASE_URL),
  EmailNotifier: () => (/* reexport */ EmailNotifier),
  GITHUB_ACTIONS_LOGIN: () => (/* reexport */ own_identity/* GITHUB_ACTIONS_LOGIN */.qk),
  GITHUB_SCHEDULE_LOGIN: () => (/* reexport */ run_identity/* GITHUB_SCHEDULE_LOGIN */.uo),
  GitHubChangeHistory: () => (/* reexport */ GitHubChangeHistory),
  GitHubDeployers: () => (/* reexport */ GitHubDeployers),
  GitHubDeploymentRecorder: () => (/* reexport */ GitHubDeploymentRecorder),
  GitHubDriftIssues: () => (/* reexport */ GitHubDriftIssues),
  GitHubProtection: () => (/* reexport */ GitHubProtection),
  GitHubPullOpener: () => (/* reexport */ GitHubPullOpener),
  GitHubReview: () => (/* reexport */ review/* GitHubReview */.G),
  GitLabChangeHistory: () => (/* reexport */ GitLabChangeHistory),
  GitLabDeployers: () => (/* reexport */ GitLabDeployers),
  GitLabDriftIssues: () => (/* reexport */ GitLabDriftIssues),
  GitLabMergeRequestOpener: () => (/* reexport */ GitLabMergeRequestOpener),
  GitLabProtection: () => (/* reexport */ GitLabProtection),
  GitLabReview: () => (/* reexport */ gitlab_review/* GitLabReview */.k),
  HASHICORP_SIGNER: () => (/* reexport */ HASHICORP_SIGNER),
  NetworkFailure: () => (/* reexport */ api_retry/* NetworkFailure */.pM),
  PAGERDUTY_EVENTS_URL: () => (/* reexport */ PAGERDUTY_EVENTS_URL),
  PagerDutyNotifier: () => (/* reexport */ PagerDutyNotifier),
  READ_MEMBERS: () => (/* reexport */ team_membership/* READ_MEMBERS */.DH),
  SlackNotifier: () => (/* reexport */ SlackNotifier),
  WebhookNotifier: () => (/* reexport */ WebhookNotifier),
  apiLimitsFromEnv: () => (/* reexport */ api_retry/* apiLimitsFromEnv */.E0),
  changeHistoryFor: () => (/* reexport */ changeHistoryFor),
  channelUrl: () => (/* reexport */ channelUrl),
  configuredBotLogin: () => (/* reexport */ own_identity/* configuredBotLogin */.LU),
  deployerDirectoryFor: () => (/* reexport */ deployerDirectoryFor),
  detectPlatform: () => (/* reexport */ review_target/* detectPlatform */.l),
  emailContent: () => (/* reexport */ emailContent),
  followUpDriftCheck: () => (/* reexport */ followUpDriftCheck),
  githubDeploymentsFor: () => (/* reexport */ githubDeploymentsFor),
  githubIO: () => (/* reexport */ githubIO),
  githubOwnIdentity: () => (/* reexport */ own_identity/* githubOwnIdentity */.m_),
  githubTeamExists: () => (/* reexport */ team_membership/* githubTeamExists */.nI),
  githubTeamMember: () => (/* reexport */ team_membership/* githubTeamMember */.j3),
  gitlabGroupExists: () => (/* reexport */ group_membership/* gitlabGroupExists */.P),
  gitlabGroupMember: () => (/* reexport */ group_membership/* gitlabGroupMember */.f),
  gitlabOwnIdentity: () => (/* reexport */ own_identity/* gitlabOwnIdentity */.yq),
  groupingSegment: () => (/* reexport */ groupingSegment),
  hostOf: () => (/* reexport */ api_retry/* hostOf */.w4),
  incompleteListing: () => (/* reexport */ api_retry/* incompleteListing */.Le),
  installHelm: () => (/* reexport */ installHelm),
  installTerraform: () => (/* reexport */ installTerraform),
  isOwnIdentity: () => (/* reexport */ own_identity/* isOwnIdentity */.XB),
  notifiersFromConfig: () => (/* reexport */ notifiersFromConfig),
  orAbsent: () => (/* reexport */ api_retry/* orAbsent */.Re),
  pagerDutyEvent: () => (/* reexport */ pagerDutyEvent),
  pagesBound: () => (/* reexport */ api_retry/* pagesBound */.ZE),
  postJson: () => (/* reexport */ postJson),
  protectionPlatformFor: () => (/* reexport */ protectionPlatformFor),
  pushMetrics: () => (/* reexport */ pushMetrics),
  resolveRunActor: () => (/* reexport */ run_identity/* resolveRunActor */.bH),
  retrying: () => (/* reexport */ api_retry/* retrying */.R$),
  reviewPlatformFor: () => (/* reexport */ review_target/* reviewPlatformFor */.b),
  runIdentity: () => (/* reexport */ run_identity/* runIdentity */.yK),
  runUrl: () => (/* reexport */ runUrl),
  signature: () => (/* reexport */ signature),
  slackMessage: () => (/* reexport */ slackMessage),
  withRetries: () => (/* reexport */ api_retry/* withRetries */.LH)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: ./packages/core/src/index.ts + 81 modules
var src = __webpack_require__(8823);
// EXTERNAL MODULE: ./packages/engine/src/index.ts + 66 modules
var engine_src = __webpack_require__(7970);
// EXTERNAL MODULE: ./node_modules/@actions/tool-cache/lib/tool-cache.js + 2 modules
var tool_cache = __webpack_require__(9805);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./packages/platforms/src/github/release-signature.ts
/** Undefined when one of `armoredKeys` made `signature` over `data`; otherwise why not, as a clause for a message. */
async function signatureProblem(data, signature, armoredKeys) {
    // Loaded when needed: openpgp takes ~0.13 s to load, which every command not installing a tool would pay.
    const { createMessage, readKeys, readSignature, verify } = await __webpack_require__.e(/* import() */ 74).then(__webpack_require__.bind(__webpack_require__, 3074));
    let parsed;
    try {
        const text = Buffer.from(signature).toString('latin1');
        parsed = text.trimStart().startsWith('-----BEGIN PGP SIGNATURE-----')
            ? await readSignature({ armoredSignature: text })
            : await readSignature({ binarySignature: signature });
    }
    catch {
        return 'it is not an OpenPGP signature';
    }
    const keys = (await Promise.all(armoredKeys.map((armoredKeys) => readKeys({ armoredKeys })))).flat();
    const result = await verify({ message: await createMessage({ binary: data }), signature: parsed, verificationKeys: keys, format: 'binary' });
    if (result.signatures.length === 0)
        return 'it holds no signature';
    const reasons = [];
    for (const { verified, keyID } of result.signatures) {
        try {
            if (await verified)
                return undefined;
        }
        catch (error) {
            const message = error.message;
            const key = keyID.toHex().toUpperCase();
            reasons.push(message.startsWith('Could not find signing key') ? `it was made by key ${key}, which is not trusted` : `the signature by key ${key} does not verify: ${message}`);
        }
    }
    return reasons.join('; ');
}

;// CONCATENATED MODULE: ./packages/platforms/src/github/verified-download.ts
/**
 * Installs a pinned release of a command-line tool into the GitHub Actions tool cache: checks the version,
 * maps the runner's platform to the release's names, downloads the archive and its published SHA-256,
 * verifies it, extracts, caches and adds the binary's directory to PATH. Temporary files never outlive a call.
 * Each tool (terraform-install.ts, helm-install.ts) only describes its release layout as a PinnedTool.
 */









/** Semantic version with an optional pre-release; no leading "v", no build metadata, nothing that could leave the URL path. */
const VERSION_PATTERN = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?$/;
const GO_OS = {
    linux: 'linux',
    darwin: 'darwin',
    win32: 'windows',
    freebsd: 'freebsd',
    openbsd: 'openbsd',
    netbsd: 'netbsd',
    sunos: 'solaris',
    aix: 'aix',
};
const GO_ARCH = {
    x64: 'amd64',
    arm64: 'arm64',
    ia32: '386',
    arm: 'arm',
    // Node reports "ppc64" on little-endian POWER Linux, the only ppc64 Linux Node is built for.
    ppc64: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64',
    loong64: 'loong64',
};
/** Returns the directory holding the tool's binary, already added to PATH. Uses the tool cache when that version is cached. */
async function installPinnedTool(tool, options, signer) {
    const { version } = options;
    checkVersion(tool, version);
    const baseUrl = (options.baseUrl ?? tool.defaultBaseUrl).replace(/\/+$/, '');
    checkTransport(tool, baseUrl);
    const platform = options.platform ?? process.platform;
    const arch = options.arch ?? process.arch;
    const cached = tool_cache/* find */.I6(tool.name, version, arch);
    if (cached) {
        core/* addPath */.fM(cached);
        return cached;
    }
    const release = {
        version,
        os: mapName(tool, 'platform', platform, GO_OS, tool.os),
        arch: mapName(tool, 'architecture', arch, GO_ARCH, tool.arch),
        windows: platform === 'win32',
        baseUrl,
    };
    const layout = tool.layout(release);
    const expected = await expectedDigest(tool, release, layout, `${platform}/${arch}`, signer);
    const archivePath = await download(tool, version, `${layout.dir}/${layout.archive}`);
    let extracted;
    try {
        const actual = await sha256File(archivePath);
        if (actual !== expected) {
            throw new src/* UserError */.yot(`Downloaded ${layout.archive} failed checksum verification (expected SHA-256 ${expected} from ${layout.checksumFile}, got ${actual}); retry, and check that ${layout.dir} is a trustworthy mirror.`);
        }
        extracted = await layout.extract(archivePath);
        const binary = (0,external_node_path_.join)(extracted, layout.binary);
        if (!(await isFile(binary))) {
            throw new src/* UserError */.yot(`${layout.archive} from ${layout.dir} has no ${layout.binary}; check that the mirror serves ${tool.title} ${version} release archives.`);
        }
        const dir = await tool_cache/* cacheDir */.e8((0,external_node_path_.dirname)(binary), tool.name, version, arch);
        core/* addPath */.fM(dir);
        return dir;
    }
    finally {
        await (0,promises_.rm)(archivePath, { force: true });
        if (extracted)
            await (0,promises_.rm)(extracted, { recursive: true, force: true });
    }
}
function checkVersion(tool, version) {
    if (VERSION_PATTERN.test(version))
        return;
    const fix = /^v\d/.test(version) ? 'write it without the leading "v", e.g.' : 'use an exact version such as';
    throw new src/* UserError */.yot(`${tool.versionInput} ${JSON.stringify(version)} is not a valid ${tool.title} release; ${fix} ${tool.exampleVersion}.`);
}
/**
 * Plain http lets anyone on the path swap the archive and its checksums; loopback (a mirror on the
 * runner itself) is the one place it cannot be intercepted.
 */
function checkTransport(tool, baseUrl) {
    let url;
    try {
        url = new URL(baseUrl);
    }
    catch {
        throw new src/* UserError */.yot(`${tool.title} download URL ${JSON.stringify(baseUrl)} is not a URL; give an https:// address of a release mirror.`);
    }
    if (url.protocol === 'https:')
        return;
    if (url.protocol === 'http:' && isLoopback(url.hostname))
        return;
    throw new src/* UserError */.yot(`${tool.title} download URL ${url.origin} must use https (plain http is allowed only to a loopback address such as 127.0.0.1); change it to an https:// mirror.`);
}
function isLoopback(hostname) {
    const host = hostname.replace(/^\[(.*)\]$/, '$1');
    if (host === 'localhost')
        return true;
    if ((0,external_node_net_.isIP)(host) === 4)
        return host.startsWith('127.');
    return (0,external_node_net_.isIP)(host) === 6 && host === '::1';
}
function mapName(tool, kind, name, table, published) {
    const mapped = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!mapped || !published.includes(mapped)) {
        throw new src/* UserError */.yot(`${tool.title} cannot be installed on ${kind} ${name}; install it yourself and put it on PATH.`);
    }
    return mapped;
}
/**
 * Downloads and reads the checksum file (and checks its signature when the tool has a signer), and
 * deletes them, before the archive is fetched.
 */
async function expectedDigest(tool, release, layout, target, signer) {
    const path = await download(tool, release.version, `${layout.dir}/${layout.checksumFile}`);
    let digest;
    try {
        const sums = await (0,promises_.readFile)(path);
        if (signer)
            await checkSignature(tool, release, layout, sums, signer);
        digest = findDigest(sums.toString('utf8'), layout.archive, layout.checksumFormat === 'single');
    }
    finally {
        await (0,promises_.rm)(path, { force: true });
    }
    if (!digest) {
        throw new src/* UserError */.yot(`${layout.checksumFile} at ${layout.dir} has no SHA-256 checksum line for ${layout.archive}; check ${tool.versionInput} and that ${tool.title} ${release.version} is published for ${target}.`);
    }
    return digest;
}
async function checkSignature(tool, release, layout, sums, signer) {
    if (!layout.checksumSignature)
        throw new Error(`${tool.title} has a release signer but its layout names no checksum signature file`);
    const where = `${layout.dir}/${layout.checksumSignature}`;
    const path = await download(tool, release.version, where, `a release mirror must serve ${layout.checksumSignature} next to ${layout.checksumFile}`);
    let problem;
    try {
        problem = await signatureProblem(sums, await (0,promises_.readFile)(path), signer.keys);
    }
    finally {
        await (0,promises_.rm)(path, { force: true });
    }
    if (problem) {
        throw new src/* UserError */.yot(`${layout.checksumFile} at ${layout.dir} is not signed by ${signer.name} (${problem}); ${tool.title} was not installed: use the official release site or a mirror that serves the release files unmodified.`);
    }
}
async function download(tool, version, url, notFoundHint = `check ${tool.versionInput}`) {
    try {
        return await tool_cache/* downloadTool */.bq(url);
    }
    catch (error) {
        const http = error instanceof tool_cache/* HTTPError */.Hl;
        const reason = http ? `HTTP ${error.httpStatusCode}` : error.message;
        const hint = http && error.httpStatusCode === 404 ? notFoundHint : 'check the network and the release URL';
        throw new src/* UserError */.yot(`Could not download ${tool.title} ${version} from ${url}: ${reason}; ${hint}.`);
    }
}
/**
 * Finds `<sha256hex>  <fileName>` (sha256sum format, optional binary-mode `*`) among the lines of a checksum file;
 * with `bareHashAllowed`, a file holding nothing but one hash also counts.
 */
function findDigest(text, fileName, bareHashAllowed = false) {
    if (bareHashAllowed) {
        const bare = /^([0-9a-fA-F]{64})$/.exec(text.trim());
        if (bare)
            return bare[1].toLowerCase();
    }
    for (const line of text.split(/\r?\n/)) {
        const match = /^([0-9a-fA-F]{64}) [ *]?(\S+)$/.exec(line.trim());
        if (match && match[2] === fileName)
            return match[1].toLowerCase();
    }
    return undefined;
}
async function sha256File(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file))
        hash.update(chunk);
    return hash.digest('hex');
}
async function isFile(path) {
    try {
        return (await (0,promises_.stat)(path)).isFile();
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./packages/platforms/src/github/helm-install.ts
/**
 * Installs a pinned Helm release from get.helm.sh (or a mirror with the same layout) into the
 * GitHub Actions tool cache, verifying the archive against its published .sha256sum.
 */


const DEFAULT_HELM_BASE_URL = 'https://get.helm.sh';
/**
 * https://get.helm.sh/helm-v3.16.2-linux-amd64.tar.gz holds linux-amd64/helm; the .sha256sum next to it reads
 * `<sha256>  helm-v3.16.2-linux-amd64.tar.gz` (mirrors that serve only the hash are accepted too).
 */
const HELM = {
    name: 'helm',
    title: 'Helm',
    versionInput: 'helm-version',
    exampleVersion: '3.16.2',
    defaultBaseUrl: DEFAULT_HELM_BASE_URL,
    os: ['linux', 'darwin', 'windows'],
    arch: ['amd64', 'arm64', '386', 'arm', 'ppc64le', 's390x', 'riscv64', 'loong64'],
    layout: ({ version, os, arch, windows, baseUrl }) => {
        const archive = `helm-v${version}-${os}-${arch}.tar.gz`;
        return {
            dir: baseUrl,
            archive,
            checksumFile: `${archive}.sha256sum`,
            checksumFormat: 'single',
            extract: (file) => tool_cache/* extractTar */.nN(file),
            binary: `${os}-${arch}/${windows ? 'helm.exe' : 'helm'}`,
        };
    },
};
/** Returns the directory holding the helm binary, already added to PATH. Uses the tool cache when that version is cached. */
function installHelm(options) {
    return installPinnedTool(HELM, options);
}

;// CONCATENATED MODULE: ./packages/platforms/src/github/hashicorp-release-key.ts
/**
 * HashiCorp's release-signing key, "HashiCorp Security (hashicorp.com/security) <security@hashicorp.com>",
 * fingerprint C874 011F 0AB4 0511 0D02 1055 3436 5D94 72D7 468F, as published at
 * https://www.hashicorp.com/.well-known/pgp-key.txt (and https://www.hashicorp.com/security).
 *
 * The key carries both sets of self-signatures HashiCorp published: those of 2021 (expiring April 2026)
 * and the renewal of February 2026 (expiring 2030). OpenPGP.js judges a signing subkey at the time of
 * the signature, so without the 2021 ones every release signed before the renewal would be refused.
 */
const HASHICORP_RELEASE_KEY_FINGERPRINT = 'C874011F0AB405110D02105534365D9472D7468F';
const HASHICORP_RELEASE_KEY = `-----BEGIN PGP PUBLIC KEY BLOCK-----

xsFNBGB9+xkBEACabYZOWKmgZsHTdRDiyPJxhbuUiKX65GUWkyRMJKi/1dvi
VxOXPG6hBPtF48IFnVgxKpIb7G6NjBousAV+CuLlv5yqFKpOZEGC6sBV+Gx8
Vu1CICplZm+HpQPcIzwBpN+Ar4l/exCG/f/MZq/oxGgH+TyRF3XcYDjG8dbJ
CpHO5nQ5Cy9hQIp3/Bh09kET6lk+4QlofNgHKVT2epV8iK1cXlbQe2tZtfCU
txk+pxvU0UHXp+AB0xc3/gIhjZp/dePmCOyQyGPJbp5bpO4UeAJ6frqhexmN
law9Z897ltZmRLGq1p4aRnWL8FPkBz9SCSKXS8uNyV5oMNVn4G1obCkc106i
WuKBTibffYQzq5TG8FYVJKrhRwWB6piacEB8hl20IIWSxIM3J9tT7CPSnk5R
YYCTRHgA5OOrqZhC7JefudrP8n+MpxkDgNORDu7GCfAuisrf7dXYjLsxG4tu
22DBJJC0c/IpRpXDnOuJN1Q5e/3VUKKWmypNumuQpP5lc1ZFG64TRzb1HR6o
IdHfbrVQfdiQXpvdcFx+Fl57WuUraXRV6qfb4ZmKHX1JEwM/7tu21QE4F1dz
0jroLSricZxfaCTHHWNfvGJoZ30/MZUrpSC0IfB3iQutxbZrwIlTBt+fGLtm
3vDtwMFNWM+Rb1lrOxEQd2eijdxhvBOHtlIcswARAQABzURIYXNoaUNvcnAg
U2VjdXJpdHkgKGhhc2hpY29ycC5jb20vc2VjdXJpdHkpIDxzZWN1cml0eUBo
YXNoaWNvcnAuY29tPsLBlAQTAQoAPhYhBMh0AR8KtAURDQIQVTQ2XZRy10aP
BQJgffsZAhsDBQkJZgGABQsJCAcCBhUKCQgLAgQWAgMBAh4BAheAAAoJEDQ2
XZRy10aPtpcP/0PhJKiHtC1zREpRTrjGizoyk4Sl2SXpBZYhkdrG++abo6zs
buaAG7kgWWChVXBo5E20L7dbstFK7OjVs7vAg/OLgO9dPD8n2M19rpqSbbvK
YWvp0NSgvFTT7lbyDhtPj0/bzpkZEhmvQaDWGBsbDdb2dBHGitCXhGMpdP0B
uuPWEix+QnUMaPwU51q9GM2guL45Tgks9EKNnpDR6ZdCeWcqo1IDmklloidx
T8aKL21UOb8tcD+Bg8iPaAr73bW7Jh8TdcV6s6DBFub+xPJEB/0bVPmq3ZHs
5B4NItroZ3r+h3keVDoSOSIZLl6JtVooOJ2la9ZuMqxchO3mrXLlXxVCo6cG
cSuOmOdQSz4OhQE5zBxxLuzA5ASIjASSeNZaRnffLIHmht17BPslgNPtm6uf
yOk02P5XXwa69UCjA3RYrA2PQNNC+OWZ8qQLnzGldqE4MnRNAxRxV6cFNzv1
4ooKf7+k686LdZrP/3fQu2p3k5rY0xQUXKh1uwMUMtGR867ZBYaxYvwqDrg9
XB7xi3N6aNyNQ+r7zI2lt65lzwG1v9hgFG2AHrDlBkQi/t3wiTS3JOo/GCT8
BjN0nJh0lGaRFtQv2cXOQGVRW8+V/9IpqEJ1qQreftdBFWxvH7VJq2mSOXUJ
yRsoUrjkUuIivaA9Ocdipk2CkP8bpuGz7ZF4wsGUBBMBCgA+AhsDBQsJCAcC
BhUKCQgLAgQWAgMBAh4BAheAFiEEyHQBHwq0BRENAhBVNDZdlHLXRo8FAmmW
R9AFCRCs7LcACgkQNDZdlHLXRo/DqA//cZQQxRrqYJG65I5P1SfOI8i9dh3r
eZw3oDonCbCPwloHaq44KKO8mTDnpRtkrfHUVkht7SEDpVQDA1I2ZIjFUmSK
WDAhhgU7S2cvv1eEh4/uNgXJ1ctnitOLUUOXyWW0C6NM0BF1jxQaDiEaVwz0
6sR5cQUta6Ak2IKEvXkVWjFmohKN525oSrLEZ8mfJXDLzPell+A4N4WvvGzY
2RQgxJ+5GDbhVwvhpbwWu3eNbw/jnLej/l+yLoDDa1nTAP01KCRVzxUPU1FX
15Jn3kG/4DB/0hdr4Kfk4KNzwlz5cX6ct8Gg+zA47sTx0uK4FTDr8bNIsxtW
zyp/wE1cH3Z057VVxxVOqMLErawSlVoeHt75yjx3yUMYEhYwaHs1LpeUY5Gk
Vv9PqDGOM5hRXdIp3hAN5tRQbyQyRvmO4uWM6ir5g4++A0sNktm14WmYf7MH
0Ok5jVi0dkH84P4O3MsxpKXpU8XYufSPlpAbA0O3uyF7IB6xdu7SqfYfkXGi
NJ++FPSRQMpnSaCDnLc5+WDj0yIA6GMsZjQmhwWkF4wgvDbt9vB+kgE/uyJB
YVMUnU76XY1CJYDALbHl9fYRqTIIEmauQ9XaGvicSiA2qD39EOyQhSpylw45
3/QGe2JczJQIIfYCgK3lpxpNDRZToICixk+iM5iG0YaA6B5BJ1+WkxLOwU0E
YH37GQEQAKiSVix+9ZEKM7BLxM4oFN+XybK4/1X24E1vIe5/M0RNuFh5PfcK
PQwYI130Z2hqSfMFAttBVJCiAD6ympW9A/PUw0PXwYh22avQFcQ2JkTtJG+7
vqM2oukrFgAugrY9zfIrQkYPfQdwgiDH6U6h+tU8DZ19U9OPXBe+bSttIYDh
Z3g2Dd3YChEb/BkMBDux1mLUD2GF+6BMVnB+pHdcBgKT49R6gWuQnQ7vCeBq
if7rHYYlV51U86zbH9c5HiX3K0U/ej7kguFWewr4RJUP0BDPZ+EMRTpGG/Nq
q0d76xBxxHehUugZxq2Zrmtt/MfQWGPQm2Rs/tat5B/251iBfFUkpctAVCB6
Xfh6AQYb42VsZI8b6oc5m1ji5Z2UNK+aj7U/3k/hUb8QG16rIFsMMYMaIyzq
UAyDZxQuvA6xvFaOxaRrzLYg3fPWy2UgkW9baSCBT5sqdD6w1CdyWrfDMImN
4MF+5xHdrlZGiMO0agk/oVzeW5S1LtXlMB07Hh2FowVT37TU6gfxl1NGIdnU
rtEV4AiyVLJ3iID/GSE6Eerz0XgQJB/cG3hmEaxcNNoD9WAeZ/cBQtusL3g7
sc2o69NbPAaJYct9zFdCyv6KMgRC+HqscqYkrxH00wepzcvXx4w7puqvMQdb
ReiK71bxiP5a4Hcgp2FyVPfDSk7g+PyBABEBAAHCwXwEGAEKACYWIQTIdAEf
CrQFEQ0CEFU0Nl2UctdGjwUCYH37GQIbDAUJCWYBgAAKCRA0Nl2UctdGj1mc
D/sGZ2lAt5OMSJcQnJbjp5/GVXV/pMef1TnQZZwT215vEJeCZB+75SO7iGt6
W3HoYOL/NtVVXccJrTJonglW8DgsFQslV7fKbq1ddJho58x2SIro/W8mB+kF
D9v+ZYHTK5ZNS1bHXwFBDCU0RBZwZ7yfWUFtiwf2DtCRpxE1vy0pStRtaVBC
xTzC4WCXLbab5VrWc7Y3kL94T9kQfI3XmMRD5DCBCA+srbBOFw4zI0xBf9U0
SvVjdsjbAd9kWOi2Z6Td3tl8/ZWPIO52eYI9DnGN7Nakps3WS+M7dqzbKFxU
p+e9Ajk/kWuPX02AwgYCntfqkXkKyvgVf9XDfXr4AUl30huF+53v0cDKW8XJ
2lxhu9mlJyXvOC2BpcwJW22F7cawbiA7sh3HEQFn8Wbg0ueZvMIhY6w8zH8X
EfTprnf3EWr/UTbWdgWOIqDxrkkWZhT/iZX0xCzhs//eKn1vKLXRX58Qh+nl
wQSZ815V5bkTsnw+ob23issnwVHjImBBRraCzZI1iyNZC7BL8wm8C/h8MqWR
CNCZhEA6nVKzMCfJqmW+uLidyZ8Ox/Svrn+x3pLjSDmUcfwshsbFw4g3qTC2
FJM9Zfz2vjYJtjwbONORp56M0rG/VoKs7nzAC26uw7UOJcK8Fjv411p8xGeg
fAGTnSI+qtWQ0Dx+/5q5HIHb8cLBfAQYAQoAJgIbDBYhBMh0AR8KtAURDQIQ
VTQ2XZRy10aPBQJplkftBQkQrOzUAAoJEDQ2XZRy10aP0dAP/0FtaKQZc1kp
lsMNavULiQNlgiCLPLSSkQzrJoCT7HDac8GRVDdQ39MFjY6otQQ0Xnou5WUx
8FJPnmwZ9G5CNwDZpoGIOywbngLeVFkop4DnPq7ygDd9gQ8wWJDHJEcyUkLJ
nguYZtyd8C0svdLmiJaySRPRiWZH/1tjm/uEkGWfnZ50TyaJA3VtQ7mUvT28
UiySg+XiFhwcSZxTNQph3zn640yfjGL1RjObMUmPEexPhgA4+S/4uDfrUxSS
7kzGAERnwOnfijynDCbYKVD40jAIPJxlIbpHLabgbNu5jiltAgbZifNl/6mE
Tky9Prxk71GH5WIrnHlZYV/5MNCWZzGhuVf5qR6vEsA9O6Qhjn+vY/5jWuRC
9/vj5s4NLNLLcNxGuaQjdHC/5ypKFnIRwX1teVuCTpygCLKcg9bx+u9D+Fn3
lRPQfXerYCkmzP/SZV6EEuWXRvpG3aLInhC4ZlVpr6I8iuyvkcugvcIHflH5
1uY13YjcCltyh7mrrUMJRYR0TTMg4NPHPqSOXpkzE9yFEMhlqPhrJGt06hro
xXAAceyKfphzZjKwpEg/lwtm7870UexXDNPwfX7Iy1/1rbZub0SdXdqAKBD7
8NiGZySF6Trds86OebCU87TbuJVhoA1YLafUlzuWtBOWLxR0DWTeUC3lU0xb
uiO6hvjBNRPyzsFNBGB9/iUBEAC4r5ZU4zKJcVFtjsa12/mtj7er4wgbIic6
1I9D2ut1PpU/Y5XWwgn4D8A6XA7jtTtOUPJNTKGGeh3XY1p6ihu0t3qpFeXN
3Ld2pgF6edd0AymVHyA8pTpoVKr8YxILxo3UY8+pBAhRmK+lZ4/6egMFr+Px
QURZa6u3J0ID8p2yB+Ia1r3sKd06sBlYKpuUUaH7gLoIvImUFZQIkGSaPPMm
s7QEP+1bFwYh05+tboEPGynQLK/MP2WVOR0nBy6kaJXGINHCjfdXNBGyavZN
S1Av/wmpDwfZoYufmlFVBrrCDPBAkoVBIEkwoikIiVD2dghW2zxPS+aPcaDw
sY16F/q+y/1sqAj03qEt2EVDBJ1ir3ONmMc95nkW/gZmqoG4XjZszmoeZzMD
7qSWJh641j5F+6Msh8S0hcOHbaD9o+mexnUVymtnVGHZNsdyWCqHKw6Dx4d0
NEwGbo7aXYxYtQUvKW8WBW94R5hknb8+0+ynKj+woQu5NkQCjhohu0EHuDV9
7EjIMHmKZeDsL0Dp+97eQlVmKf4CATWRrFNz7aPINu7x3lsh/Ziq+HEnqQ4c
Pv1/BRkTXcTX6Sypu1XNEpvUqH/E0RawU6l/ryELqWB0YuUEArmGlejlayE3
noDSt0qOJt/XemowkfUMUW5o58fVHJ0mGA5iAen6QbsE9KIDbQARAQABwsOy
BBgBCgAmAhsCFiEEyHQBHwq0BRENAhBVNDZdlHLXRo8FAmB+G4AFCQHhUNsC
QMF0IAQZAQoAHRYhBLNsupGiwHMMQ1/CgLC0QQl2hbZ2BQJgff4lAAoJELC0
QQl2hbZ2FwYQAJcXo8hV6EMMhqPVPtoPTei1G/7TbR9vUR2McuAN/2VGO3fx
TJAK5oePnX439KfTCc/fGZKbNtJGmD/tmM2JmoszujgOkSHXXBF0A0Qjx5i7
bN9Pe5if7JMfaiwH+q4fSe41nkqljulVujJcfI/Zu7JtwHtTrIzsf5u5RmTo
WOFGH2Otu/iX+1kOddN0LJYENPXrP74UwsdIN+EmBJjFteU3N3go0NtW9THi
Q/1dup6XmpFfIgmdZB2R2sD6v2ggrmBHAnkDjrXk1r5ex12hzIRyMe44znfF
1/VflMbBs9lgiMV/4+xBBHOwgMcADZ1qfY13i38WH461Ae10GbBgneBBx81M
gn+4kSS+zid7c+WfqzpTY0oHIvsnBxHHC2HhQBFfhc/rI+6uHBQH3q5K+4pm
NVxCNCYuT/Kf7kWMP5/LlH+y6y8OU8x5mbE0glGoi+JZUc5AwunFYWH6kFlF
w3f69/OTpBOKGpTTRPp/rcTUcfdq6b11meahWH7+xPeX5bb6V3NIjroDzM8q
H95cKN14uFmSnNQgv4xL4ik0IX591mbpLheZW891dT0HyMRbGHvVmEJqduVx
oHs4186fPQvziHGLFQdSiQCooYG2HR8lDeH0QpjrM5jlMBACkd5OY+F/FeW5
NPLAOvTVVz59qH8cpN2GDjGFlvKLjm516EvECRA0Nl2UctdGjzKbEACG8F9t
Xq1alAzD59bjjT+qODQRKuDMBu3fn0/Oa3NVNEX3igcI7nABP4krWQ0KDGSl
rxoRUfrqMoNS61zSrkjwfNrp4dm6b4+MxJybCWnYsLUoUyg7IpIa3xRCt2gi
vGboaYrt48TBQ4aRc5cbEsGgnBianHcBoVlMdGQFQ9l+9VAhaDlz4xfXzZ6c
vNGDaX5T449kZzmWycgSDNLFiFTHfBeOKpEwEn/CuUG+O1hTebUqXj6uzgpu
7PLvpWGRisEdfCu1ZYrp3UfuWvFwDslFzi+VLA2kAiuC4+JUWnhV7p15dwye
BPuwSs2YUXiS+hLoFeXmhqJwOdk1rRXQfKfu/cD1HiNynHT5kPS5eWYv4wXp
mOG82rJoCszXjLcFj35OloK7wcKbaqIcO9Rw8phsRVJ1D+12GI4nNrFSob/Q
HrzBsnFYMFgYlq6AwkPSWm7Sn8R4SNqfoPq3MsJgaG1iW2bLo0zY4bZnvpDZ
9ZoSbA92yj4ykHwMWk7JAS29FcIFdtfPdU0tQ6vZHTy8KEuFzaWINiyweKfY
Znht37vfjpqsGOaCl7B4lnON3XovWMsWdQAFDiGiHT5KvmBvz4ZRhOGHEGeE
T6ZbQK9B3xoGYZl1ooGxkvuuqVI/jo8rHI9CubQlcVbtH4YRaTpR79C1msQm
55IJEB/Y3zBCZAFjDs7BTQRggFwmARAA1ukTa2VRjV7x1QakojlmsZdVzohK
Ihz7edAIo7ducl2xvtJByBUqEftYOi4dtCUwgoYH0JBho80LxLhtR08NO2Ib
Ly3NKZIzTH7uoCahaMf6IHOd5s+vTsV2rs1EP02duxg1aVAbvhIQyrdbNzrQ
OgY8/3LKKf1Ju4E9Porx8ryf4xnZzxGb/LTbkhP1KPoZ/0PYYPEm73mc6Nwv
lOCnGmwhEhBZfBqumkYvbwH2uuaMQ+YymiM+3MvqcG9JYs6pVux/bUJa93QX
3SHHc4EeeYUxQuf163MCev5x1R/8RrJBGrJ3wkF/EWCjLstFAAycu9k5GW2G
gsfl1yHFQfBkzpiVaAIa00klSwGbKXwp48J0sYrA592c7GK6t3FerFPG/kJS
F+1QI7qxPuXGYlZWsYAo8oSqpRoJqJ50XljgWnAoC/1L7sDJjKeU0y5oi1y0
+7sXhqIxMqApOLDK6q1NY3rx8hpQyR/U2rsdeRiCw8J2BXwLzxfVgoneFGeD
rsI3GsX8rNy8TYmSJVLFzSsEt5oYjES+E0bG7OJOEBPiyDDrGriL3L5vP368
nb0P5FMCIVUx/NFxjh/dPW2LSb2N37nSu0oSMJu2RU3bgSVBuO9xPxZ91ZIU
5gV+vj4zgudB0fx8m8GkQs3w67jHt0wHBP7Uj+QlDm/Qu/j/oT80HA8AEQEA
AcLDsgQYAQoAJhYhBMh0AR8KtAURDQIQVTQ2XZRy10aPBQJggFwmAhsCBQkJ
ZgGAAkAJEDQ2XZRy10aPwXQgBBkBCgAdFiEEN07HW0hZE2BKgxzHyCDG1c0n
q4cFAmCAXCYACgkQyCDG1c0nq4dF8A//YIZ1LKDQrtTrpXKCXR26DGsybw7f
857bXUEp1CwVRJYDOc5NFMr/O8xQc7gskCVi921nrENrhceX0VhDwxH1lXQ6
46UBm9TggkMs9UJTT1f9TNf8YShkvRHl6y/A8BeikxpEcJ9cl4j+ARoH3hSE
B5iXClxGfR5K6TW/JnHsZETr+GiDwMJ/iGhPjR1bbSAZ7nzFy8n6ZFiULSWv
XpYfTzC5Rx57r52C77gKDpIbr7O31wzKXxWdNQvkEr9Xcx5udhkkrREUM2ed
cOHNK2A53mA54gv7EE9cd3T+V3+sMzvhIUTGm5L6E2zKj7ExD8clq9qTbUwW
Ke6X0I7B8YSaUBdMYxjfQt/c+394CRvCCYZz3rpVKhGY4URclWUOv7IlHqu7
7uPnTPyUC/ouyinuy6fVDKxujSzB/pbWqA9/pVZvH3U1MUuTDT6APyPHCtTl
kyR5K6e1f12mO5lLb0J+VdchE+W+G6IM+JzBOli4hTHfu8e94AfmCejBmDbj
vHvzRSuuzHx25NfwIj0wCerObh0UCJGXATxu8uT6X3B6SJcD2AgxmJU2o2V2
5ciq8AbbVZ2CryrJ5crL9dYJUoNA6YRsUCW181qbwTcoTDR+XX33H73d3lyQ
MZw/NRg9s2QK4jCeAL9k33qkNp8XdnXZ9I1+FlR7QLy13woCzNhr3oaOIw//
bGej2c/6xHk77YfPLedKj3AWuG29uV9AeRTt03itiy91Si7hKeZYHXB1aJ63
HamRaGzdQoBibmvE1kqayJIfvAE2fxV0E4tNTcy4R109SEM0qRWmcNIG9n+a
7l8L0z6X180K7NqJmPu7O35AsBj3rL6Ulzyp/b/LoVMA+zRlvw5vo1DPkLQv
xas1+/v0PjrhD4wpVIdXKqKQmRLwCNx452rxq2LlOg4EHY8hk/1A27sGwl6h
8R6I1VZCEhswkxqZgXEGEKoXBUXnSciZbuj0l5QO/vAI4edqIjCd3s+MUrLB
YFEAMjgdeuN9rZuHq6RpgsmpJKEZjFJ96cMfkCKacUZbB854XAkCkd7XG5VK
h976uYuP2QIobrDAmtGK0obcX3Um9d6Cl/qRa2mV78cmZQmuaqEEAVdbKMJj
y9Tdo93UfU1aXU8ghUEr+CnohMZqMLSyI3gqaUQRCnnmByZ5X5Milz4cU1VT
uh/nVOJ1btAEkGdOyokI2yPs06TyhSz6d/9LD0STOe69fmk0u9Yke52TWdX/
C2VdjrxhOnyVbYCdSeDbtNiueLriIVN7YNfu17fiKsEXPa21a6Rx/4RQmAT1
tg9ncQfpNqUJYOTSPk6bF4+Wbp/JEcOUbVW/nS7oh/8ZsQKyHnvCamReauIe
CN9z0hg3Urxl5/VDGOSLI6bCw7IEGAEKACYCGwIWIQTIdAEfCrQFEQ0CEFU0
Nl2UctdGjwUCaZZICgUJEKqL5AJAwXQgBBkBCgAdFiEEN07HW0hZE2BKgxzH
yCDG1c0nq4cFAmCAXCYACgkQyCDG1c0nq4dF8A//YIZ1LKDQrtTrpXKCXR26
DGsybw7f857bXUEp1CwVRJYDOc5NFMr/O8xQc7gskCVi921nrENrhceX0VhD
wxH1lXQ646UBm9TggkMs9UJTT1f9TNf8YShkvRHl6y/A8BeikxpEcJ9cl4j+
ARoH3hSEB5iXClxGfR5K6TW/JnHsZETr+GiDwMJ/iGhPjR1bbSAZ7nzFy8n6
ZFiULSWvXpYfTzC5Rx57r52C77gKDpIbr7O31wzKXxWdNQvkEr9Xcx5udhkk
rREUM2edcOHNK2A53mA54gv7EE9cd3T+V3+sMzvhIUTGm5L6E2zKj7ExD8cl
q9qTbUwWKe6X0I7B8YSaUBdMYxjfQt/c+394CRvCCYZz3rpVKhGY4URclWUO
v7IlHqu77uPnTPyUC/ouyinuy6fVDKxujSzB/pbWqA9/pVZvH3U1MUuTDT6A
PyPHCtTlkyR5K6e1f12mO5lLb0J+VdchE+W+G6IM+JzBOli4hTHfu8e94Afm
CejBmDbjvHvzRSuuzHx25NfwIj0wCerObh0UCJGXATxu8uT6X3B6SJcD2Agx
mJU2o2V25ciq8AbbVZ2CryrJ5crL9dYJUoNA6YRsUCW181qbwTcoTDR+XX33
H73d3lyQMZw/NRg9s2QK4jCeAL9k33qkNp8XdnXZ9I1+FlR7QLy13woCzNhr
3oYJEDQ2XZRy10aPWAoP/iM4aEQZODzxXK49WN4r7OTCtMhlK8d1Qd9O3/6t
MtI1v9FCIEJRC4Rm9p+PoWue1LtsASFxwaofz3hPdK3krQBdaS+wt3or5xsh
B2WcUDbNvqB4lQKTqrHk2BalFzeLQNLsKF4bCX4HC7v6f2k2M2OIdX6tgOCp
tBcbR20bKwHT/eohGAQMcU7Qcm791y17ihetAiqtmuk7B7xbGoWp1T3XwmlJ
RxzxyiIWn1i3CmCpA3EZVn6uGCdMZ1nOTV/9iGGKaH7YHRF5oW+TdTNUGPcd
D0Lr463czIMSFKB2GOv17blOb1Llh+HC1aaCFHD1Eo/IsxJdLGb9RzSYrU25
wCnxNAHAqorM2kKTkh2sFJZFRuM6g4XLPIKxjqBLbzkYKlIjMjf2FN/7eB3B
g+UTp+P4XZNnN2HHrYM+fMHMEecHJhNV0nrj1vHQUWnhD7lNsha3G78BCREP
GZY1B8T7oaB6yGWuFdayHr48YPO37atobrNRP3Xex3PsK3Dh8uOawo5N1PPd
dr2mvyXF8j8m66RKC32j+fcaKuFMHfMTXD8j9e3qTugBKI/fNBK4e0H8Jgpg
cO04JbCOjsk8Qa1v8WSt4o3GyT+nbSOeWsHxZnHGzB2vZWuL02YV7IwNVfuo
XdapP7xoJX0a1LUYIfH/mcYF0PCjESxeqkjchSo9voUO
=oQI5
-----END PGP PUBLIC KEY BLOCK-----
`;

;// CONCATENATED MODULE: ./packages/platforms/src/github/terraform-install.ts
/**
 * Installs a pinned Terraform release from HashiCorp (or a mirror with the same layout) into the
 * GitHub Actions tool cache, verifying the archive against the release's SHA256SUMS, and those against
 * HashiCorp's signature (SHA256SUMS.sig): a mirror can serve files, but cannot sign them.
 */



const DEFAULT_TERRAFORM_BASE_URL = 'https://releases.hashicorp.com/terraform';
/** https://releases.hashicorp.com/terraform/1.11.4/terraform_1.11.4_linux_amd64.zip, checked against terraform_1.11.4_SHA256SUMS. */
const TERRAFORM = {
    name: 'terraform',
    title: 'Terraform',
    versionInput: 'terraform-version',
    exampleVersion: '1.11.4',
    defaultBaseUrl: DEFAULT_TERRAFORM_BASE_URL,
    os: ['linux', 'darwin', 'windows', 'freebsd', 'openbsd', 'solaris'],
    arch: ['amd64', 'arm64', '386', 'arm'],
    layout: ({ version, os, arch, windows, baseUrl }) => ({
        dir: `${baseUrl}/${version}`,
        archive: `terraform_${version}_${os}_${arch}.zip`,
        checksumFile: `terraform_${version}_SHA256SUMS`,
        checksumFormat: 'sums',
        checksumSignature: `terraform_${version}_SHA256SUMS.sig`,
        extract: (archive) => tool_cache/* extractZip */.JE(archive),
        binary: windows ? 'terraform.exe' : 'terraform',
    }),
};
const HASHICORP_SIGNER = { name: "HashiCorp's release key (C874 011F 0AB4 0511 0D02 1055 3436 5D94 72D7 468F)", keys: [HASHICORP_RELEASE_KEY] };
/**
 * Returns the directory holding the terraform binary, already added to PATH. Uses the tool cache when that version is cached.
 * `signer` exists for tests, which sign their own releases; no input or variable reaches it.
 */
function installTerraform(options, signer = HASHICORP_SIGNER) {
    return installPinnedTool(TERRAFORM, options, signer);
}

;// CONCATENATED MODULE: ./packages/platforms/src/github/action-io.ts





/**
 * A log line as text: GitHub runs a line that starts with `::` as a workflow command, and progress
 * lines carry names a cloud account or a server chose (core.error/warning/setFailed escape theirs).
 */
const logText = (message) => (0,src/* terminalText */.eRk)(message).replace(/^(\s*)::/gm, '$1: :');
function githubIO() {
    (0,engine_src/* removeScratchFoldersOnSignal */.XyM)();
    return {
        getInput: (name) => core/* getInput */.V4(name),
        setOutput: (name, value) => core/* setOutput */.uH(name, value),
        setSecret: (value) => core/* setSecret */.Pq(value),
        info: (message) => core/* info */.pq(logText(message)),
        error: (message, title) => core/* error */.z3(message, { title }),
        warning: (message) => core/* warning */.$e(message),
        writeSummary: async (markdown) => {
            if (process.env.GITHUB_STEP_SUMMARY)
                await core/* summary */.z.addRaw(markdown, true).write();
        },
        setFailed: (message) => core/* setFailed */.C1(message),
        installTerraform: (options) => installTerraform(options),
        installHelm: (options) => installHelm(options),
        exec: engine_src/* nodeExec */.U97,
        env: process.env,
        cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    };
}

// EXTERNAL MODULE: ./packages/platforms/src/api-retry.ts
var api_retry = __webpack_require__(2411);
// EXTERNAL MODULE: ./packages/platforms/src/github/review.ts
var review = __webpack_require__(6036);
// EXTERNAL MODULE: ./packages/platforms/src/gitlab/review.ts
var gitlab_review = __webpack_require__(2732);
// EXTERNAL MODULE: ./packages/platforms/src/review-target.ts
var review_target = __webpack_require__(9006);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
// EXTERNAL MODULE: ./packages/platforms/src/own-identity.ts
var own_identity = __webpack_require__(863);
// EXTERNAL MODULE: ./packages/platforms/src/github/api.ts
var api = __webpack_require__(3794);
;// CONCATENATED MODULE: ./packages/platforms/src/github/issues.ts



const Issue = schemas/* object */.Ikc({
    number: schemas/* number */.aig(),
    body: schemas/* string */.YjP().nullable().optional(),
    html_url: schemas/* string */.YjP().optional(),
    pull_request: schemas/* unknown */.L5J().optional(),
    user: schemas/* object */.Ikc({ id: schemas/* number */.aig(), login: schemas/* string */.YjP() }).nullable().optional(),
});
const ISSUES_WRITE = 'the "Issues: write" permission (GITHUB_TOKEN: permissions: issues: write)';
/** Drift issues in a GitHub repository, found by label, a hidden marker and our own identity as author. */
class GitHubDriftIssues {
    options;
    labels;
    api;
    identity;
    /** `botLogin`: the GitHub App bot the token acts as, when it is an app's installation token. */
    constructor(options, labels) {
        this.options = options;
        this.labels = labels;
        this.api = new api/* GitHubApi */.y(options);
    }
    own() {
        this.identity ??= (0,own_identity/* githubOwnIdentity */.m_)(this.api, this.options.botLogin);
        return this.identity;
    }
    get call() {
        return { what: `manage drift issues of ${this.api.owner}/${this.api.repo}`, permission: ISSUES_WRITE };
    }
    async find(marker) {
        const [issues, own] = await Promise.all([this.api.listAll(this.call, Issue, 'GET /repos/{owner}/{repo}/issues', { state: 'open', labels: this.labels.join(',') }), this.own()]);
        // The issues list includes pull requests; a pull request is never a drift issue. Anyone can open
        // an issue with our label and marker: only one we opened holds our memory.
        const found = issues.find((issue) => !issue.pull_request && (0,own_identity/* isOwnIdentity */.XB)(own, issue.user) && issue.body?.includes(marker));
        return found && { number: found.number, body: found.body ?? '', url: found.html_url };
    }
    async create(title, body) {
        const { data } = await this.api.call(this.call, Issue, 'POST /repos/{owner}/{repo}/issues', { title, body, labels: this.labels });
        return { number: data.number, body, url: data.html_url };
    }
    async update(number, title, body) {
        await this.api.call(this.call, schemas/* unknown */.L5J(), 'PATCH /repos/{owner}/{repo}/issues/{issue_number}', { issue_number: number, title, body });
    }
    async comment(number, body) {
        await this.api.call(this.call, schemas/* unknown */.L5J(), 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: number, body });
    }
    async close(number) {
        await this.api.call(this.call, schemas/* unknown */.L5J(), 'PATCH /repos/{owner}/{repo}/issues/{issue_number}', { issue_number: number, state: 'closed', state_reason: 'completed' });
    }
}

// EXTERNAL MODULE: ./packages/platforms/src/gitlab/api.ts
var gitlab_api = __webpack_require__(314);
;// CONCATENATED MODULE: ./packages/platforms/src/gitlab/issues.ts



const issues_Issue = schemas/* object */.Ikc({ iid: schemas/* number */.aig(), description: schemas/* string */.YjP().nullable().optional(), web_url: schemas/* string */.YjP().optional(), author: schemas/* object */.Ikc({ id: schemas/* number */.aig() }).nullable().optional() });
const API_SCOPE = 'the api scope and at least the Reporter role';
/** Drift issues in a GitLab project, found by label, a hidden marker and the token's user as author. */
class GitLabDriftIssues {
    labels;
    api;
    constructor(options, labels) {
        this.labels = labels;
        this.api = new gitlab_api/* GitLabApi */.w(options);
    }
    get call() {
        return { what: 'manage drift issues of the project', permission: API_SCOPE };
    }
    async find(marker) {
        const labels = encodeURIComponent(this.labels.join(','));
        const [issues, own] = await Promise.all([this.api.listAll(this.call, issues_Issue, `${this.api.project}/issues?state=opened&labels=${labels}`), (0,own_identity/* gitlabOwnIdentity */.yq)(this.api)]);
        // Anyone can open an issue with our label and marker: only one we opened holds our memory.
        const found = issues.find((issue) => (0,own_identity/* isOwnIdentity */.XB)(own, issue.author) && issue.description?.includes(marker));
        return found && { number: found.iid, body: found.description ?? '', url: found.web_url };
    }
    async create(title, body) {
        const { data } = await this.api.json(this.call, issues_Issue, 'POST', `${this.api.project}/issues`, { title, description: body, labels: this.labels.join(',') });
        return { number: data.iid, body, url: data.web_url };
    }
    async update(number, title, body) {
        await this.api.send(this.call, 'PUT', `${this.api.project}/issues/${number}`, { title, description: body });
    }
    async comment(number, body) {
        await this.api.send(this.call, 'POST', `${this.api.project}/issues/${number}/notes`, { body });
    }
    async close(number) {
        await this.api.send(this.call, 'PUT', `${this.api.project}/issues/${number}`, { state_event: 'close' });
    }
}

;// CONCATENATED MODULE: ./packages/platforms/src/github/pull-opener.ts



const Pull = schemas/* object */.Ikc({ number: schemas/* number */.aig(), html_url: schemas/* string */.YjP(), head: schemas/* object */.Ikc({ ref: schemas/* string */.YjP() }).optional() });
const WRITE_PULLS = 'the "Pull requests: write" permission (GITHUB_TOKEN: permissions: pull-requests: write) and "Allow GitHub Actions to create and approve pull requests" in the repository settings';
/** Opens pull requests in one GitHub repository; an already open one for the same head branch is returned instead. */
class GitHubPullOpener {
    api;
    constructor(options) {
        this.api = new api/* GitHubApi */.y(options);
    }
    async open(draft) {
        const label = `${this.api.owner}/${this.api.repo}`;
        try {
            const { data } = await this.api.call({ what: `open a pull request from ${draft.head} into ${draft.base} in ${label}`, permission: WRITE_PULLS }, Pull, 'POST /repos/{owner}/{repo}/pulls', {
                title: draft.title,
                head: draft.head,
                base: draft.base,
                body: draft.body,
            });
            return { url: data.html_url, number: data.number };
        }
        catch (error) {
            // 422 "Validation Failed": among other reasons, "A pull request already exists for owner:branch."
            if (!(error instanceof src/* UserError */.yot) || !/\(HTTP 422\b/.test(error.message))
                throw error;
            const open = await this.api.listAll({ what: `find the open pull request from ${draft.head} in ${label}`, permission: WRITE_PULLS }, Pull, 'GET /repos/{owner}/{repo}/pulls', {
                head: `${this.api.owner}:${draft.head}`,
                base: draft.base,
                state: 'open',
            });
            const found = open.find((pull) => pull.head?.ref === undefined || pull.head.ref === draft.head);
            if (found)
                return { url: found.html_url, number: found.number };
            throw new src/* UserError */.yot(`GitHub refused to open a pull request from ${draft.head} into ${draft.base} in ${label} (HTTP 422); check that ${draft.head} was pushed and differs from ${draft.base}.`);
        }
    }
}

;// CONCATENATED MODULE: ./packages/platforms/src/gitlab/mr-opener.ts



const MergeRequest = schemas/* object */.Ikc({ iid: schemas/* number */.aig(), web_url: schemas/* string */.YjP(), source_branch: schemas/* string */.YjP().optional(), target_branch: schemas/* string */.YjP().optional() });
const mr_opener_API_SCOPE = 'the api scope and at least the Developer role';
/** Opens merge requests in one GitLab project (the source branch is removed on merge); an already open one for the same source branch is returned instead. */
class GitLabMergeRequestOpener {
    api;
    constructor(options) {
        this.api = new gitlab_api/* GitLabApi */.w(options);
    }
    async open(draft) {
        try {
            const { data } = await this.api.json({ what: `open a merge request from ${draft.head} into ${draft.base}`, permission: mr_opener_API_SCOPE }, MergeRequest, 'POST', `${this.api.project}/merge_requests`, {
                source_branch: draft.head,
                target_branch: draft.base,
                title: draft.title,
                description: draft.body,
                remove_source_branch: true,
            });
            return { url: data.web_url, number: data.iid };
        }
        catch (error) {
            // 409: "Another open merge request already exists for this source branch: !N".
            if (!(error instanceof src/* UserError */.yot) || !/\(HTTP 409\b/.test(error.message))
                throw error;
            const query = `state=opened&source_branch=${encodeURIComponent(draft.head)}&target_branch=${encodeURIComponent(draft.base)}`;
            const open = await this.api.listAll({ what: `find the open merge request from ${draft.head}`, permission: mr_opener_API_SCOPE }, MergeRequest, `${this.api.project}/merge_requests?${query}`);
            const found = open.find((mr) => (mr.source_branch ?? draft.head) === draft.head && (mr.target_branch ?? draft.base) === draft.base);
            if (found)
                return { url: found.web_url, number: found.iid };
            throw new src/* UserError */.yot(`GitLab refused to open a merge request from ${draft.head} into ${draft.base} (HTTP 409) and none is open for that branch; close the conflicting merge request and run again.`);
        }
    }
}

;// CONCATENATED MODULE: ./packages/platforms/src/metrics/pushgateway.ts


const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
class PushFailure extends Error {
    failure;
    constructor(failure) {
        super(failure.message);
        this.failure = failure;
    }
}
/**
 * One `/<name>/<value>` pair of the grouping key. A value with a `/` (or a dot segment a URL would
 * resolve away, or nothing at all) goes as `<name>@base64/<base64url>`, as the Pushgateway documents;
 * anything else URL-encoded.
 */
function groupingSegment(name, value) {
    if (value === '')
        return `${name}@base64/=`;
    if (value.includes('/') || value === '.' || value === '..')
        return `${name}@base64/${Buffer.from(value, 'utf8').toString('base64url')}`;
    return `${name}/${encodeURIComponent(value)}`;
}
function decoded(component) {
    try {
        return decodeURIComponent(component);
    }
    catch {
        return component;
    }
}
function target(baseUrl, group) {
    let url;
    try {
        url = new URL(baseUrl);
    }
    catch {
        throw new src/* UserError */.yot('The Pushgateway URL is not a valid URL; pass one like http://pushgateway:9091.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new src/* UserError */.yot(`The Pushgateway URL must start with http:// or https://, not ${url.protocol}//.`);
    if (!group.job)
        throw new src/* UserError */.yot('The Pushgateway job name is empty; give the push a job name.');
    for (const name of Object.keys(group.groupingLabels)) {
        if (!LABEL_NAME.test(name) || name === 'job' || name.startsWith('__'))
            throw new src/* UserError */.yot(`"${name}" cannot be a Pushgateway grouping label; use a Prometheus label name other than job.`);
    }
    const secrets = [url.username, url.password, decoded(url.username), decoded(url.password)];
    const [, , username, password] = secrets;
    url.username = '';
    url.password = '';
    const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    const path = [groupingSegment('job', group.job), ...Object.entries(group.groupingLabels).map(([name, value]) => groupingSegment(name, value))].join('/');
    return {
        url: `${base}/metrics/${path}`,
        shown: base,
        authorization: username || password ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined,
        // Longest first, so a secret inside another is masked whole.
        secrets: [...new Set(secrets)].filter((secret) => secret.length >= 3).sort((a, b) => b.length - a.length),
    };
}
function networkReason(error, timeoutMs) {
    // Duck-typed: the DOMException may come from another realm (a test VM), where instanceof fails.
    const name = error?.name;
    if (name === 'TimeoutError' || name === 'AbortError')
        return `no answer within ${timeoutMs / 1000} s`;
    const code = error?.cause?.code;
    return typeof code === 'string' ? code : 'network error';
}
function hint(status) {
    if (status === 0 || status >= 500)
        return 'check the URL and that the gateway is up, then run it again';
    if (status >= 300 && status < 400)
        return 'redirects are not followed so credentials stay here; pass the URL the gateway answers on';
    if (status === 401 || status === 403)
        return 'check the credentials in the Pushgateway URL';
    if (status === 404)
        return 'check the path of the Pushgateway URL';
    if (status === 400)
        return 'the gateway rejected the metrics, often because another group pushed the same names with other types or help';
    return 'check the Pushgateway URL';
}
/**
 * Pushes metrics text with an HTTP PUT to `<base>/metrics/job/<job>/<label>/<value>…`, which
 * replaces everything the group held before (so the text must carry cumulative counters).
 * Credentials in the URL (`https://user:password@host`) go as basic auth and are never printed.
 * 5xx answers, 429 and network errors are retried with backoff; giving up is a UserError with one
 * sentence.
 */
async function pushMetrics(baseUrl, group, text, options = {}) {
    const where = target(baseUrl, group);
    const timeoutMs = options.timeoutMs ?? 10_000;
    const body = text.endsWith('\n') ? text : `${text}\n`;
    const redact = (message) => where.secrets.reduce((redacted, secret) => redacted.split(secret).join('***'), message);
    const labels = Object.entries(group.groupingLabels).map(([name, value]) => `${name} ${JSON.stringify(value)}`);
    const what = `job ${JSON.stringify(group.job)}${labels.length ? `, ${labels.join(', ')}` : ''}`;
    await (0,api_retry/* retrying */.R$)(async () => {
        const response = await fetch(where.url, {
            method: 'PUT',
            headers: { 'content-type': src/* METRICS_CONTENT_TYPE */.THu, ...(where.authorization ? { authorization: where.authorization } : {}) },
            body,
            redirect: 'manual',
            signal: AbortSignal.timeout(timeoutMs),
        }).catch((error) => {
            throw new PushFailure({ status: 0, headers: {}, message: networkReason(error, timeoutMs) });
        });
        const answer = await response.text().catch(() => '');
        if (response.ok)
            return;
        // The gateway's own reason, first line only; a proxy echoing the credentials has them masked.
        const reason = redact(answer.trim().split('\n')[0].slice(0, 200)).replace(/[.\s]+$/, '');
        throw new PushFailure({ status: response.status, headers: Object.fromEntries(response.headers), message: reason });
    }, (error) => (error instanceof PushFailure ? error.failure : undefined), (failure, attempts) => {
        const status = failure.status === 0 ? failure.message : `HTTP ${failure.status}${failure.message ? `: ${failure.message}` : ''}`;
        const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
        return new src/* UserError */.yot(`Could not push metrics for ${what} to the Pushgateway at ${where.shown} (${status}${tries}); ${hint(failure.status)}.`);
    }, options.retry ?? api_retry/* DEFAULT_RETRY */.vI);
}

;// CONCATENATED MODULE: ./packages/platforms/src/drift-followup.ts








/** The link to this CI run, for alerts and comments. */
function runUrl(env) {
    if (env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY)
        return `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
    return env.CI_JOB_URL || undefined;
}
function driftIssuesFor(target, env, labels, onSecret) {
    const platform = target.platform ?? (0,review_target/* detectPlatform */.l)(env);
    if (platform === 'github') {
        const token = env.GITHUB_TOKEN;
        const repository = target.repo ?? env.GITHUB_REPOSITORY;
        if (!token || !repository)
            throw new src/* UserError */.yot('drift issues on GitHub need GITHUB_TOKEN and the repository (GITHUB_REPOSITORY or --repo).');
        onSecret(token);
        return new GitHubDriftIssues({ token, repository, baseUrl: env.GITHUB_API_URL, botLogin: (0,own_identity/* configuredBotLogin */.LU)(env), limits: (0,api_retry/* apiLimitsFromEnv */.E0)(env) }, labels);
    }
    if (platform === 'gitlab') {
        const token = env.GITLAB_TOKEN;
        const project = target.repo ?? env.CI_PROJECT_ID;
        if (!token || !project)
            throw new src/* UserError */.yot('drift issues on GitLab need GITLAB_TOKEN and the project (CI_PROJECT_ID or --repo).');
        onSecret(token);
        return new GitLabDriftIssues({ token, project, baseUrl: env.CI_API_V4_URL, limits: (0,api_retry/* apiLimitsFromEnv */.E0)(env) }, labels);
    }
    throw new src/* UserError */.yot('drift issues need --platform github|gitlab outside a CI run.');
}
/**
 * The sticky pull/merge request comment, then monitoring: drift memory, the drift issue and one
 * alert per change of state. Nothing here can fail the drift check; each failure is one sentence.
 */
async function followUpDriftCheck(report, config, options, env, onSecret, progress) {
    const result = { failures: [] };
    if (options.prComment !== 'off') {
        try {
            const platform = (0,review_target/* reviewPlatformFor */.b)(options.target, env, onSecret);
            result.comment = await (0,engine_src/* commentDriftReport */.ZvL)(platform, report, options.prComment, options.runUrl, options.secrets);
            progress.step(`Pull/merge request comment: ${result.comment}`);
        }
        catch (error) {
            result.failures.push(`pull/merge request comment: ${(0,src/* describeFailure */.IcB)(error)}`);
        }
    }
    const wantsMetrics = Boolean(options.metrics?.file || options.metrics?.pushgatewayUrl);
    if (!options.notify && !wantsMetrics)
        return result;
    let issues;
    if (options.notify && (options.driftIssue || config.monitoring.drift_issue.enabled)) {
        try {
            issues = driftIssuesFor(options.target, env, config.monitoring.drift_issue.labels, onSecret);
        }
        catch (error) {
            result.failures.push(`drift issue: ${(0,src/* describeFailure */.IcB)(error)}`);
        }
    }
    result.monitor = await (0,engine_src/* runMonitor */.aUL)({ report, monitoring: config.monitoring, now: options.now, runUrl: options.runUrl, stateFile: options.stateFile, durationSeconds: options.durationSeconds, auditEvents: options.auditEvents }, { notifiers: options.notify ? options.notifiers : [], issues, progress, audit: options.audit });
    result.failures.push(...result.monitor.failures);
    if (wantsMetrics && result.monitor.state.metrics) {
        const text = (0,src/* renderMetrics */.qFj)(result.monitor.state.metrics);
        try {
            if (options.metrics?.file)
                (0,engine_src/* writeMetricsFile */.bwf)(options.metrics.file, text);
            if (options.metrics?.pushgatewayUrl)
                await pushMetrics(options.metrics.pushgatewayUrl, { job: 'gitops-sync', groupingLabels: { environment: report.environment } }, text);
        }
        catch (error) {
            result.failures.push(`metrics: ${(0,src/* describeFailure */.IcB)(error)}`);
        }
    }
    return result;
}

;// CONCATENATED MODULE: ./packages/platforms/src/notify/http.ts



class ChannelFailure extends Error {
    failure;
    constructor(failure) {
        super(failure.message);
        this.failure = failure;
    }
}
const http_isLoopback = (hostname) => hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
/** The URL, refused in one sentence that never repeats it (for webhooks the URL is the secret). */
function channelUrl(channel, url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw new src/* UserError */.yot(`The ${channel} URL is not a valid URL; set it to the https:// address the service gave you.`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        throw new src/* UserError */.yot(`The ${channel} URL is not an http(s) URL; set it to the https:// address the service gave you.`);
    if (parsed.protocol === 'http:' && !http_isLoopback(parsed.hostname)) {
        throw new src/* UserError */.yot(`The ${channel} URL is plain http to a host that is not loopback, which would send its secret in the clear; use its https:// address.`);
    }
    if (parsed.username || parsed.password)
        throw new src/* UserError */.yot(`The ${channel} URL carries a user name or password, which is not sent that way; put the credentials where the service expects them.`);
    return parsed;
}
/** A vendor's short error word (`invalid_blocks`, `no_service`) is worth showing; anything longer might echo a secret. */
function shortAnswer(text) {
    const word = text.trim();
    return /^[A-Za-z][\w .:-]{0,60}$/.test(word) && !/[A-Za-z0-9]{24,}/.test(word) ? `: ${word}` : '';
}
/**
 * POSTs a JSON body to a channel (`channel` starts the sentences: "Slack", "PagerDuty", "The webhook"), retrying 5xx, 429 (honouring retry-after) and network errors,
 * each attempt with a timeout. Gives up with one sentence naming the channel and the status —
 * never the URL, which is itself the secret for webhooks.
 */
async function postJson(channel, url, body, headers, options = {}) {
    const text = JSON.stringify(body);
    const timeoutMs = options.timeoutMs ?? 10_000;
    return (0,api_retry/* retrying */.R$)(async () => {
        const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: text,
            redirect: 'manual',
            signal: AbortSignal.timeout(timeoutMs),
        }).catch((error) => {
            const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
            const code = error.cause?.code ? ` (${error.cause.code})` : '';
            throw new ChannelFailure({ status: 0, headers: {}, message: timedOut ? `no answer within ${timeoutMs / 1000} s` : `the connection failed${code}` });
        });
        const answer = await response.text().catch(() => '');
        if (response.status >= 200 && response.status < 300)
            return answer;
        throw new ChannelFailure({ status: response.status, headers: Object.fromEntries(response.headers), message: shortAnswer(answer.replace(/\s+/g, ' ')) });
    }, (error) => (error instanceof ChannelFailure ? error.failure : undefined), (failure, attempts) => {
        const what = failure.status === 0 ? failure.message : `HTTP ${failure.status}${failure.message}`;
        return new src/* UserError */.yot(`${channel} did not take the alert (${what}${attempts > 1 ? `, after ${attempts} attempts` : ''}); check its settings in monitoring.notifications and that the service is reachable.`);
    }, options.retry ?? api_retry/* DEFAULT_RETRY */.vI);
}
/** `sha256=<hex>` HMAC of the exact body bytes, as X-GitOps-Sync-Signature carries it. */
function signature(secret, body) {
    return `sha256=${(0,external_node_crypto_.createHmac)('sha256', secret).update(body).digest('hex')}`;
}

;// CONCATENATED MODULE: ./packages/platforms/src/notify/slack.ts

const EMOJI = { critical: ':red_circle:', high: ':large_orange_circle:', medium: ':large_yellow_circle:', low: ':white_circle:' };
const clip = (text, limit) => (text.length > limit ? `${text.slice(0, limit - 1)}…` : text);
/** Slack mrkdwn treats &, < and > as markup. */
const slack_escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Block Kit blocks for one alert: header, counts, the top changes, the run link. */
function slackMessage(event) {
    const counts = ['critical', 'high', 'medium', 'low'].map((severity) => `${EMOJI[severity]} *${event.counts[severity]}* ${severity}`).join('   ');
    const header = event.kind === 'trigger' ? `Drift in ${event.environment}` : `Drift resolved in ${event.environment}`;
    const blocks = [
        { type: 'header', text: { type: 'plain_text', text: clip(header, 150), emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: clip(slack_escape(event.summary), 3000) } },
    ];
    if (event.kind === 'trigger') {
        blocks.push({ type: 'section', fields: [{ type: 'mrkdwn', text: `*Environment*\n${slack_escape(event.environment)}` }, { type: 'mrkdwn', text: `*Changes*\n${counts}` }] });
        const top = event.topChanges.slice(0, 10).map((change) => `${EMOJI[change.severity]} \`${slack_escape(change.address)}\` ${change.action}${change.origin === 'outside' ? ' (changed outside Git)' : ''} — ${slack_escape(change.rule)}`);
        if (top.length)
            blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`*Top changes*\n${top.join('\n')}`, 3000) } });
    }
    if (event.runUrl && /^https?:\/\//.test(event.runUrl))
        blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the run' }, url: event.runUrl }] });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `gitops-sync · ${event.at}` }] });
    return { text: clip(event.summary, 3000), blocks };
}
/** Slack through an incoming webhook (its URL is the secret). */
class SlackNotifier {
    options;
    name = 'slack';
    constructor(options) {
        this.options = options;
    }
    async send(event) {
        await postJson('Slack', channelUrl('Slack incoming webhook', this.options.webhookUrl), slackMessage(event), {}, this.options);
    }
}

;// CONCATENATED MODULE: ./packages/platforms/src/notify/pagerduty.ts

const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
/** The Events API v2 event: `trigger` (or `resolve`) with a dedup key stable per environment. */
function pagerDutyEvent(event, routingKey, source) {
    if (event.kind === 'resolve')
        return { routing_key: routingKey, event_action: 'resolve', dedup_key: event.dedupKey };
    const severity = event.counts.critical > 0 ? 'critical' : event.counts.high > 0 ? 'error' : 'warning';
    return {
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key: event.dedupKey,
        payload: {
            summary: event.summary.slice(0, 1024),
            source,
            severity,
            timestamp: event.at,
            component: event.environment,
            group: 'gitops-sync',
            class: 'drift',
            custom_details: { counts: event.counts, total_changes: event.totalChanges, drift_age_seconds: event.driftAgeSeconds, reasons: event.reasons, top_changes: event.topChanges },
        },
        ...(event.runUrl && /^https?:\/\//.test(event.runUrl) ? { links: [{ href: event.runUrl, text: 'gitops-sync run' }] } : {}),
    };
}
/** PagerDuty Events API v2: one incident per environment, resolved when the drift is gone. */
class PagerDutyNotifier {
    options;
    name = 'pagerduty';
    constructor(options) {
        this.options = options;
    }
    async send(event) {
        const url = channelUrl('PagerDuty Events API', this.options.url ?? PAGERDUTY_EVENTS_URL);
        await postJson('PagerDuty', url, pagerDutyEvent(event, this.options.routingKey, this.options.source ?? 'gitops-sync'), {}, this.options);
    }
}

;// CONCATENATED MODULE: ./packages/platforms/src/notify/webhook.ts

/** Any endpoint: the AlertEvent as JSON, signed with HMAC-SHA256 over the exact body. */
class WebhookNotifier {
    options;
    name = 'webhook';
    constructor(options) {
        this.options = options;
    }
    async send(event) {
        const url = channelUrl('webhook', this.options.url);
        // postJson sends JSON.stringify(event): sign exactly those bytes.
        const headers = { 'X-GitOps-Sync-Signature': signature(this.options.secret, JSON.stringify(event)), 'X-GitOps-Sync-Event': event.kind };
        await postJson('The webhook', url, event, headers, this.options);
    }
}

// EXTERNAL MODULE: ./node_modules/nodemailer/lib/nodemailer.js
var nodemailer = __webpack_require__(6002);
;// CONCATENATED MODULE: ./packages/platforms/src/notify/email.ts



/** SMTP answers worth another try: 421 (service not available) and 45x (mailbox busy, local error, no room). */
const TRANSIENT_SMTP = new Set([421, 450, 451, 452]);
const NETWORK = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'ECONNRESET']);
const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
function emailContent(event) {
    const counts = ['critical', 'high', 'medium', 'low'].filter((severity) => event.counts[severity]).map((severity) => `${event.counts[severity]} ${severity}`);
    const subject = event.kind === 'trigger' ? `[gitops-sync] ${event.environment}: ${counts.join(', ') || 'drift'}` : `[gitops-sync] ${event.environment}: drift resolved`;
    const lines = [event.summary, '', ...event.reasons.map((reason) => `- ${reason}`)];
    if (event.topChanges.length)
        lines.push('', 'Top changes:', ...event.topChanges.map((change) => `- ${change.severity}: ${change.address} (${change.action}, ${change.rule})`));
    if (event.runUrl)
        lines.push('', `Run: ${event.runUrl}`);
    const rows = event.topChanges.map((change) => `<tr><td>${escapeHtml(change.severity)}</td><td><code>${escapeHtml(change.address)}</code></td><td>${escapeHtml(change.action)}</td><td>${escapeHtml(change.rule)}</td></tr>`).join('');
    const html = [
        `<h2>${escapeHtml(subject.replace('[gitops-sync] ', ''))}</h2>`,
        `<p>${escapeHtml(event.summary)}</p>`,
        event.reasons.length ? `<ul>${event.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>` : '',
        rows ? `<table><tr><th>Severity</th><th>Resource</th><th>Action</th><th>Rule</th></tr>${rows}</table>` : '',
        event.runUrl ? `<p><a href="${escapeHtml(event.runUrl)}">Open the run</a></p>` : '',
    ].join('');
    return { subject, text: lines.join('\n'), html };
}
/** E-mail over SMTP (nodemailer), plain text and HTML. */
class EmailNotifier {
    settings;
    name = 'email';
    constructor(settings) {
        this.settings = settings;
    }
    async send(event) {
        const { host, port, secure, user, password } = this.settings;
        const timeout = this.settings.timeoutMs ?? 10_000;
        const transport = (0,nodemailer/* createTransport */.oO)({
            host,
            port,
            secure,
            // nodemailer sends AUTH in the clear when the server does not offer STARTTLS (or a middlebox strips it).
            requireTLS: Boolean(user) && !secure && !this.settings.allowPlaintextAuth,
            auth: user ? { user, pass: password ?? '' } : undefined,
            connectionTimeout: timeout,
            greetingTimeout: timeout,
            socketTimeout: timeout,
        });
        const mail = { from: this.settings.from, to: this.settings.to, ...emailContent(event) };
        try {
            await (0,api_retry/* retrying */.R$)(() => transport.sendMail(mail), (error) => {
                const { responseCode, code } = error;
                if (code === 'ETLS')
                    return { status: 400, headers: {}, message: code };
                if (responseCode)
                    return { status: TRANSIENT_SMTP.has(responseCode) ? 503 : 400, headers: {}, message: String(responseCode) };
                return { status: code && NETWORK.has(code) ? 0 : 400, headers: {}, message: code ?? 'error' };
            }, (failure, attempts) => {
                const what = `${failure.message}${attempts > 1 ? `, after ${attempts} attempts` : ''}`;
                if (failure.message === 'ETLS') {
                    return new src/* UserError */.yot(`E-mail did not go out through ${host}:${port}: TLS is required before the SMTP password is sent, and STARTTLS failed or was not offered; use a server that offers STARTTLS (or secure: true on port 465), or set allow_plaintext_auth: true for a relay on loopback.`);
                }
                const hint = failure.message === '535' || failure.message === 'EAUTH' ? 'the SMTP credentials' : 'monitoring.notifications.email and that the server is reachable';
                return new src/* UserError */.yot(`E-mail did not go out through ${host}:${port} (${what}); check ${hint}.`);
            }, this.settings.retry ?? api_retry/* DEFAULT_RETRY */.vI);
        }
        finally {
            transport.close();
        }
    }
}

;// CONCATENATED MODULE: ./packages/platforms/src/notify/index.ts






;// CONCATENATED MODULE: ./packages/platforms/src/notifiers-from-config.ts





/** A configured channel whose secret is missing: it fails, once, when there is something to send. */
function missing(name, variables) {
    return {
        name,
        send: async (_event) => {
            throw new src/* UserError */.yot(`${variables.join(' and ')} ${variables.length > 1 ? 'are' : 'is'} not set, so ${name} was not told; set ${variables.length > 1 ? 'them' : 'it'} as a secret of the job.`);
        },
    };
}
/** The channels `monitoring.notifications` configures, with their secrets from the environment (masked at once). */
function notifiersFromConfig(notifications, env, onSecret) {
    const secret = (name) => {
        const value = name ? env[name] : undefined;
        if (value)
            onSecret(value);
        return value;
    };
    const notifiers = [];
    const { slack, pagerduty, email, webhook } = notifications;
    if (slack) {
        const url = secret(slack.webhook_url_env);
        notifiers.push(url ? new SlackNotifier({ webhookUrl: url }) : missing('slack', [slack.webhook_url_env]));
    }
    if (pagerduty) {
        const key = secret(pagerduty.routing_key_env);
        notifiers.push(key ? new PagerDutyNotifier({ routingKey: key, source: pagerduty.source, url: env.GITOPS_SYNC_PAGERDUTY_URL }) : missing('pagerduty', [pagerduty.routing_key_env]));
    }
    if (webhook) {
        const [url, key] = [secret(webhook.url_env), secret(webhook.secret_env)];
        notifiers.push(url && key ? new WebhookNotifier({ url, secret: key }) : missing('webhook', [webhook.url_env, webhook.secret_env].filter((name) => !env[name])));
    }
    if (email) {
        const user = email.user_env ? secret(email.user_env) : undefined;
        const password = email.password_env ? secret(email.password_env) : undefined;
        notifiers.push(new EmailNotifier({ host: email.host, port: email.port, secure: email.secure, allowPlaintextAuth: email.allow_plaintext_auth, from: email.from, to: email.to, user, password }));
    }
    return notifiers;
}

// EXTERNAL MODULE: ./packages/platforms/src/run-identity.ts
var run_identity = __webpack_require__(4608);
;// CONCATENATED MODULE: ./packages/platforms/src/github/change-history.ts


const User = schemas/* object */.Ikc({ id: schemas/* number */.aig(), login: schemas/* string */.YjP() });
/** A pull request as `GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls` lists it (pull-request-simple). */
const CommitPull = schemas/* object */.Ikc({
    number: schemas/* number */.aig(),
    html_url: schemas/* string */.YjP().nullable().optional(),
    user: User.nullable(),
    labels: schemas/* array */.YOg(schemas/* object */.Ikc({ name: schemas/* string */.YjP() })),
    created_at: schemas/* string */.YjP(),
    merged_at: schemas/* string */.YjP().nullable(),
    merge_commit_sha: schemas/* string */.YjP().nullable(),
    head: schemas/* object */.Ikc({ sha: schemas/* string */.YjP() }),
    base: schemas/* object */.Ikc({ ref: schemas/* string */.YjP() }),
});
const Review = schemas/* object */.Ikc({ user: User.nullable(), state: schemas/* string */.YjP(), commit_id: schemas/* string */.YjP().nullable(), submitted_at: schemas/* string */.YjP().nullable().optional() });
const CombinedStatus = schemas/* object */.Ikc({ state: schemas/* string */.YjP(), total_count: schemas/* number */.aig(), statuses: schemas/* array */.YOg(schemas/* object */.Ikc({ state: schemas/* string */.YjP() })) });
const CheckRuns = schemas/* object */.Ikc({ total_count: schemas/* number */.aig(), check_runs: schemas/* array */.YOg(schemas/* object */.Ikc({ status: schemas/* string */.YjP(), conclusion: schemas/* string */.YjP().nullable() })) });
const Commit = schemas/* object */.Ikc({
    author: User.nullable(),
    committer: User.nullable(),
    commit: schemas/* object */.Ikc({ verification: schemas/* object */.Ikc({ verified: schemas/* boolean */.zMY(), reason: schemas/* string */.YjP() }).optional() }),
});
const Repository = schemas/* object */.Ikc({ default_branch: schemas/* string */.YjP().optional() });
const READ_PULLS = 'the "Pull requests: read" permission (GITHUB_TOKEN: permissions: pull-requests: read)';
const READ_CONTENTS = 'the "Contents: read" permission (GITHUB_TOKEN: permissions: contents: read)';
const READ_STATUSES = 'the "Commit statuses: read" permission (GITHUB_TOKEN: permissions: statuses: read)';
const READ_CHECKS = 'the "Checks: read" permission (GITHUB_TOKEN: permissions: checks: read)';
/** Check-run conclusions that mean the check did not pass (REST "check runs": conclusion). */
const FAILED_CHECK = new Set(['action_required', 'cancelled', 'failure', 'timed_out', 'stale', 'startup_failure']);
const MAX_CHECK_PAGES = 10;
const person = (user) => ({ id: user ? String(user.id) : null, login: user?.login ?? null });
/** One repository's history on GitHub, read-only, for `audit export`. */
class GitHubChangeHistory {
    name = 'github';
    api;
    constructor(options) {
        this.api = new api/* GitHubApi */.y(options);
    }
    get label() {
        return `${this.api.owner}/${this.api.repo}`;
    }
    async defaultBranch() {
        return (await this.api.call({ what: `read repository ${this.label}`, permission: READ_CONTENTS }, Repository, 'GET /repos/{owner}/{repo}')).data.default_branch;
    }
    /**
     * The pull request merged into `branch` whose merge (or squash, or last rebased) commit is `sha`.
     * A PR that merely contains the commit does not count: that commit reached the branch some other way.
     */
    async changeRequestFor(sha, branch) {
        const pulls = await this.api.listAll({ what: `list the pull requests of commit ${sha.slice(0, 12)}`, permission: READ_PULLS }, CommitPull, 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { commit_sha: sha });
        const pull = pulls.find((each) => each.merged_at && each.merge_commit_sha === sha && each.base.ref === branch);
        if (!pull)
            return null;
        const reviews = await this.api.listAll({ what: `list the reviews of ${this.label}#${pull.number}`, permission: READ_PULLS }, Review, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { pull_number: pull.number });
        return {
            number: pull.number,
            url: pull.html_url ?? null,
            author: person(pull.user),
            opened_at: pull.created_at,
            merged_head_sha: pull.head.sha,
            labels: pull.labels.map((label) => label.name),
            approvals: reviews.flatMap((review) => (review.state === 'APPROVED' && review.user && review.commit_id && review.submitted_at ? [{ ...person(review.user), time: review.submitted_at, sha: review.commit_id }] : [])),
        };
    }
    /** The combined commit status and every check run: any failure fails, anything unfinished is pending, nothing at all is none. */
    async ciStatus(sha) {
        const combined = (await this.api.call({ what: `read the combined status of ${sha.slice(0, 12)}`, permission: READ_STATUSES }, CombinedStatus, 'GET /repos/{owner}/{repo}/commits/{ref}/status', { ref: sha, per_page: 100 })).data;
        const runs = [];
        let checkTotal = 0;
        for (let page = 1; page <= MAX_CHECK_PAGES; page++) {
            const { data } = await this.api.call({ what: `list the check runs of ${sha.slice(0, 12)}`, permission: READ_CHECKS }, CheckRuns, 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ref: sha, per_page: 100, page });
            runs.push(...data.check_runs);
            checkTotal = data.total_count;
            if (runs.length >= data.total_count || !data.check_runs.length)
                break;
        }
        // The combined state is "pending" when there are no statuses at all (REST "commit statuses"); runs beyond the pages read are unknown, so pending.
        const states = [...(combined.total_count > 0 ? [combined.state] : []), ...(runs.length < checkTotal ? ['pending'] : []), ...runs.map((run) => (run.status !== 'completed' ? 'pending' : FAILED_CHECK.has(run.conclusion ?? '') ? 'failure' : 'success'))];
        if (!states.length)
            return 'none';
        if (states.some((state) => state === 'failure' || state === 'error'))
            return 'failure';
        if (states.some((state) => state !== 'success'))
            return 'pending';
        return 'success';
    }
    async commit(sha) {
        const { data } = await this.api.call({ what: `read commit ${sha.slice(0, 12)}`, permission: READ_CONTENTS }, Commit, 'GET /repos/{owner}/{repo}/commits/{ref}', { ref: sha });
        return { verification: data.commit.verification ?? null, authorLogin: data.author?.login ?? null, committerLogin: data.committer?.login ?? null };
    }
}

// EXTERNAL MODULE: ./packages/platforms/src/gitlab/commit-signature.ts
var commit_signature = __webpack_require__(9074);
;// CONCATENATED MODULE: ./packages/platforms/src/gitlab/change-history.ts



const change_history_User = schemas/* object */.Ikc({ id: schemas/* number */.aig(), username: schemas/* string */.YjP() });
/** A merge request as `GET /projects/:id/repository/commits/:sha/merge_requests` lists it. */
const CommitMergeRequest = schemas/* object */.Ikc({
    iid: schemas/* number */.aig(),
    web_url: schemas/* string */.YjP().nullable().optional(),
    author: change_history_User,
    created_at: schemas/* string */.YjP(),
    state: schemas/* string */.YjP(),
    target_branch: schemas/* string */.YjP(),
    sha: schemas/* string */.YjP(),
    merge_commit_sha: schemas/* string */.YjP().nullable().optional(),
    squash_commit_sha: schemas/* string */.YjP().nullable().optional(),
    labels: schemas/* array */.YOg(schemas/* string */.YjP()),
});
/** `approved_at` only on newer GitLab; older ones say who approved, not when. */
const Approvals = schemas/* object */.Ikc({ approved_by: schemas/* array */.YOg(schemas/* object */.Ikc({ user: change_history_User, approved_at: schemas/* string */.YjP().nullable().optional() })) });
const Note = schemas/* object */.Ikc({ body: schemas/* string */.YjP(), system: schemas/* boolean */.zMY(), created_at: schemas/* string */.YjP(), author: change_history_User.optional() });
const Version = schemas/* object */.Ikc({ head_commit_sha: schemas/* string */.YjP(), created_at: schemas/* string */.YjP() });
const Pipeline = schemas/* object */.Ikc({ status: schemas/* string */.YjP() });
const Project = schemas/* object */.Ikc({ default_branch: schemas/* string */.YjP().nullable().optional() });
const READ_API = 'the read_api scope and at least the Reporter role';
/** The system note GitLab writes when someone approves a merge request. */
const APPROVED_NOTE = /^approved this merge request$/i;
const PIPELINE = { success: 'success', failed: 'failure', canceled: 'failure', skipped: 'failure' };
const change_history_person = (user) => ({ id: String(user.id), login: user.username });
/** One project's history on GitLab, read-only, for `audit export`. */
class GitLabChangeHistory {
    options;
    name = 'gitlab';
    api;
    constructor(options) {
        this.options = options;
        this.api = new gitlab_api/* GitLabApi */.w(options);
    }
    async defaultBranch() {
        return (await this.api.json({ what: `read project ${this.options.project}`, permission: READ_API }, Project, 'GET', this.api.project)).data.default_branch ?? undefined;
    }
    /** The merge request merged into `branch` whose merge, squash or (fast-forward) head commit is `sha`. */
    async changeRequestFor(sha, branch) {
        const listed = await this.api.listAll({ what: `list the merge requests of commit ${sha.slice(0, 12)}`, permission: READ_API }, CommitMergeRequest, `${this.api.project}/repository/commits/${sha}/merge_requests`);
        const mr = listed.find((each) => each.state === 'merged' && each.target_branch === branch && (each.merge_commit_sha === sha || each.squash_commit_sha === sha || (!each.merge_commit_sha && !each.squash_commit_sha && each.sha === sha)));
        if (!mr)
            return null;
        return {
            number: mr.iid,
            url: mr.web_url ?? null,
            author: change_history_person(mr.author),
            opened_at: mr.created_at,
            merged_head_sha: mr.sha,
            labels: mr.labels,
            approvals: await this.approvals(mr.iid),
        };
    }
    /**
     * GitLab's approvals carry no commit: the approved SHA is the MR's head at the approval's time (the
     * newest diff version created by then). The time is `approved_at` when GitLab gives it, else the
     * "approved this merge request" system note. An approval that cannot be placed is left out.
     */
    async approvals(iid) {
        const mr = `${this.api.project}/merge_requests/${iid}`;
        const label = `${this.options.project}!${iid}`;
        const [{ data }, notes, versions] = await Promise.all([
            this.api.json({ what: `read the approvals of ${label}`, permission: READ_API }, Approvals, 'GET', `${mr}/approvals`),
            this.api.listAll({ what: `list the notes of ${label}`, permission: READ_API }, Note, `${mr}/notes?sort=asc&order_by=created_at`),
            this.api.listAll({ what: `list the diff versions of ${label}`, permission: READ_API }, Version, `${mr}/versions`),
        ]);
        return data.approved_by.flatMap(({ user, approved_at }) => {
            const time = approved_at ?? notes.filter((note) => note.system && note.author?.id === user.id && APPROVED_NOTE.test(note.body.trim())).at(-1)?.created_at;
            if (!time)
                return [];
            const head = versions.filter((version) => Date.parse(version.created_at) <= Date.parse(time)).sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
            return head ? [{ ...change_history_person(user), time, sha: head.head_commit_sha }] : [];
        });
    }
    /** The latest pipeline for the commit. */
    async ciStatus(sha) {
        const { data } = await this.api.json({ what: `list the pipelines of ${sha.slice(0, 12)}`, permission: READ_API }, schemas/* array */.YOg(Pipeline), 'GET', `${this.api.project}/pipelines?sha=${sha}&order_by=id&sort=desc&per_page=1`);
        return data.length ? (PIPELINE[data[0].status] ?? 'pending') : 'none';
    }
    /** GitLab answers 404 for an unsigned commit. Its commits name people by email only, so no logins. */
    async commit(sha) {
        return { verification: await (0,commit_signature/* gitlabCommitVerification */.C)(this.api, sha, READ_API), authorLogin: null, committerLogin: null };
    }
}

;// CONCATENATED MODULE: ./packages/platforms/src/github/deployments.ts





const WRITE_DEPLOYMENTS = 'the "Deployments: write" permission (GITHUB_TOKEN: permissions: deployments: write)';
const Created = schemas/* object */.Ikc({ id: schemas/* number */.aig() });
/** GitHub refuses a status description over 140 characters. */
const DESCRIPTION_LIMIT = 140;
const deployments_short = (text) => (text.length > DESCRIPTION_LIMIT ? `${text.slice(0, DESCRIPTION_LIMIT - 1)}…` : text);
/**
 * Each sync or rollback as a GitHub Deployment of the commit it applied, with its statuses
 * (`in_progress`, then `success` or `failure`, each linking the run), so the environment's page on
 * GitHub shows its history. https://docs.github.com/rest/deployments/deployments
 */
class GitHubDeploymentRecorder {
    options;
    api;
    constructor(options) {
        this.options = options;
        this.api = new api/* GitHubApi */.y(options);
    }
    async start(environment, description) {
        let id;
        try {
            const created = await this.api.call({ what: `record the deployment of ${environment}`, permission: WRITE_DEPLOYMENTS }, Created, 'POST /repos/{owner}/{repo}/deployments', {
                ref: this.options.sha,
                environment,
                description: this.text(description),
                // The deployed commit, as it is: no merge of the default branch into it, no wait for checks the gate has judged.
                auto_merge: false,
                required_contexts: [],
            });
            id = created.data.id;
            await this.status(environment, id, 'in_progress', description);
        }
        catch (error) {
            this.refused(environment, error);
            return { finish: async () => { } };
        }
        return {
            finish: async (outcome, text) => {
                try {
                    await this.status(environment, id, outcome, text);
                }
                catch (error) {
                    this.refused(environment, error);
                }
            },
        };
    }
    status(environment, id, state, description) {
        return this.api.call({ what: `set the deployment of ${environment} to ${state}`, permission: WRITE_DEPLOYMENTS }, Created, 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
            deployment_id: id,
            state,
            description: this.text(description),
            ...(this.options.runUrl ? { log_url: this.options.runUrl } : {}),
        });
    }
    text(description) {
        return deployments_short(this.redact(description));
    }
    redact(text) {
        return this.options.redact ? this.options.redact(text) : text;
    }
    refused(environment, error) {
        this.options.warn(`The deployment of ${environment} is not recorded on GitHub: ${this.redact((0,src/* describeFailure */.IcB)(error)).replace(/\s+/g, ' ')} The sync or rollback itself is unaffected.`);
    }
}
/** The commit the working copy has checked out (what was applied), else the run's GITHUB_SHA. */
async function deployedCommit(exec, cwd, env) {
    const head = await exec.run('git', ['rev-parse', '--verify', 'HEAD^{commit}'], { cwd }).catch(() => undefined);
    const sha = head?.exitCode === 0 ? head.stdout.toString('utf8').trim() : env.GITHUB_SHA?.trim();
    return sha && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? sha : undefined;
}
/**
 * The recorder for a run in GitHub Actions with a token; none elsewhere (a terminal has no run to
 * link, and GitLab records a job's deployment itself through the job's `environment:`).
 */
async function githubDeploymentsFor(env, where) {
    const token = where.token || env.GITHUB_TOKEN;
    const identity = (0,run_identity/* runIdentity */.yK)(env);
    if (env.GITHUB_ACTIONS !== 'true' || !token || !identity.repository)
        return undefined;
    const sha = await deployedCommit(where.exec, where.cwd, env);
    if (!sha) {
        where.warn('The deployment is not recorded on GitHub: neither the working copy nor GITHUB_SHA names the commit deployed. The sync or rollback itself is unaffected.');
        return undefined;
    }
    return new GitHubDeploymentRecorder({ token, repository: identity.repository, baseUrl: env.GITHUB_API_URL, limits: (0,api_retry/* apiLimitsFromEnv */.E0)(env), sha, runUrl: identity.run.url, warn: where.warn, redact: where.redact });
}

;// CONCATENATED MODULE: ./packages/platforms/src/github/protection.ts




const READ_ADMIN = 'the "Administration: read" repository permission (branch protection and environments; GITHUB_TOKEN cannot have it: use a GitHub App or a fine-grained token)';
const WRITE_ADMIN = 'the "Administration: write" repository permission (a GitHub App or a fine-grained token; GITHUB_TOKEN cannot have it)';
const READ_MEMBERS = 'the "Members: read" organization permission';
const enabled = schemas/* object */.Ikc({ enabled: schemas/* boolean */.zMY() }).optional();
const BranchProtection = schemas/* object */.Ikc({
    required_pull_request_reviews: schemas/* object */.Ikc({ required_approving_review_count: schemas/* number */.aig().optional(), require_last_push_approval: schemas/* boolean */.zMY().optional() }).optional(),
    enforce_admins: enabled,
    allow_force_pushes: enabled,
});
const Rule = schemas/* object */.Ikc({ type: schemas/* string */.YjP(), parameters: schemas/* object */.Ikc({ required_approving_review_count: schemas/* number */.aig().optional(), require_last_push_approval: schemas/* boolean */.zMY().optional() }).optional() });
const Environment = schemas/* object */.Ikc({
    can_admins_bypass: schemas/* boolean */.zMY().optional(),
    protection_rules: schemas/* array */.YOg(schemas/* object */.Ikc({ type: schemas/* string */.YjP(), prevent_self_review: schemas/* boolean */.zMY().optional(), reviewers: schemas/* array */.YOg(schemas/* unknown */.L5J()).optional() })).default([]),
});
const Id = schemas/* object */.Ikc({ id: schemas/* number */.aig() });
const BranchPolicies = schemas/* object */.Ikc({ branch_policies: schemas/* array */.YOg(schemas/* object */.Ikc({ name: schemas/* string */.YjP(), type: schemas/* string */.YjP().optional() })) });
/**
 * A repository's own protection on GitHub: classic branch protection and the rulesets active on a
 * branch (https://docs.github.com/rest/repos/rules#get-rules-for-a-branch), and environments
 * (https://docs.github.com/rest/deployments/environments).
 */
class GitHubProtection {
    platform = 'github';
    api;
    constructor(options) {
        this.api = new api/* GitHubApi */.y(options);
    }
    async teamId(team) {
        const [org, ...slug] = team.split('/');
        const found = await (0,api_retry/* orAbsent */.Re)(() => this.api.call({ what: `read team ${team}`, permission: READ_MEMBERS }, Id, 'GET /orgs/{org}/teams/{team_slug}', { org, team_slug: slug.join('/') }));
        if (!found)
            throw new src/* UserError */.yot(`GitHub has no team ${team} that this token can see (GET /orgs/${org}/teams/${slug.join('/')} answered 404); fix the team's name in approval.environments, or give the token ${READ_MEMBERS}.`);
        return found.data.id;
    }
    async live(environment, branch) {
        const classic = (await (0,api_retry/* orAbsent */.Re)(() => this.api.call({ what: `read the protection of branch ${branch}`, permission: READ_ADMIN }, BranchProtection, 'GET /repos/{owner}/{repo}/branches/{branch}/protection', { branch })))?.data;
        const rules = await this.api.listAll({ what: `read the rules on branch ${branch}`, permission: 'the "Contents: read" permission' }, Rule, 'GET /repos/{owner}/{repo}/rules/branches/{branch}', { branch });
        const reviews = [classic?.required_pull_request_reviews, ...rules.filter((rule) => rule.type === 'pull_request').map((rule) => rule.parameters)].filter((review) => review !== undefined);
        const noForcePush = rules.some((rule) => rule.type === 'non_fast_forward') || (classic !== undefined && classic.allow_force_pushes?.enabled !== true);
        const found = await (0,api_retry/* orAbsent */.Re)(() => this.api.call({ what: `read environment ${environment}`, permission: READ_ADMIN }, Environment, 'GET /repos/{owner}/{repo}/environments/{environment_name}', { environment_name: environment }));
        const reviewersRule = found?.data.protection_rules.find((rule) => rule.type === 'required_reviewers' && (rule.reviewers?.length ?? 0) > 0);
        return {
            platform: 'github',
            branch,
            branch_protected: classic !== undefined || rules.length > 0,
            required_approvals: Math.max(0, ...reviews.map((review) => review.required_approving_review_count ?? 0)),
            admins_enforced: classic ? classic.enforce_admins?.enabled === true : undefined,
            force_push_allowed: !noForcePush,
            self_review_allowed: reviewersRule !== undefined && reviewersRule.prevent_self_review !== true,
            committers_may_approve: reviews.length > 0 && !reviews.some((review) => review.require_last_push_approval === true),
            // GitHub's required reviewers: one approval from any of them lets the job run.
            environment_approvals: reviewersRule ? 1 : 0,
            // An answer without the field comes from a GitHub whose administrators always bypass.
            environment_admins_bypass: found ? found.data.can_admins_bypass !== false : undefined,
        };
    }
    /** PUT the environment, then allow deployments from its branch (each policy once). */
    async applyGithubEnvironment(settings) {
        if (settings.missing.length)
            throw new src/* UserError */.yot(`The settings of environment ${settings.environment} are not complete (${settings.missing.join('; ')}); nothing was set.`);
        const name = settings.environment;
        await this.api.call({ what: `set environment ${name}`, permission: WRITE_ADMIN }, schemas/* object */.Ikc({ name: schemas/* string */.YjP() }), 'PUT /repos/{owner}/{repo}/environments/{environment_name}', { environment_name: name, ...settings.body });
        const existing = await this.api.call({ what: `read the deployment branch policies of ${name}`, permission: READ_ADMIN }, BranchPolicies, 'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies', { environment_name: name, per_page: 100 });
        for (const policy of settings.deployment_branch_policies) {
            if (existing.data.branch_policies.some((known) => known.name === policy.name && (known.type ?? 'branch') === policy.type))
                continue;
            await this.api.call({ what: `allow deployments to ${name} from ${policy.name}`, permission: WRITE_ADMIN }, Id, 'POST /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies', { environment_name: name, ...policy });
        }
    }
}

;// CONCATENATED MODULE: ./packages/platforms/src/gitlab/protection.ts




const protection_READ_API = 'the read_api scope and the Maintainer role';
const WRITE_API = 'the api scope and the Maintainer role';
const PushAccess = schemas/* object */.Ikc({ access_level: schemas/* number */.aig().nullish(), user_id: schemas/* number */.aig().nullish(), group_id: schemas/* number */.aig().nullish(), deploy_key_id: schemas/* number */.aig().nullish() });
const ProtectedBranch = schemas/* object */.Ikc({ name: schemas/* string */.YjP(), allow_force_push: schemas/* boolean */.zMY().optional(), push_access_levels: schemas/* array */.YOg(PushAccess).optional() });
/** A push level other than "No one" (0) lets its holders put commits on the branch that no merge request approved; an answer without the list is read as the worst. */
const pushesAllowed = (levels) => levels === undefined || levels.some((level) => (level.access_level ?? 0) > 0 || level.user_id != null || level.group_id != null || level.deploy_key_id != null);
const ApprovalSettings = schemas/* object */.Ikc({
    approvals_before_merge: schemas/* number */.aig().nullish(),
    merge_requests_author_approval: schemas/* boolean */.zMY().nullish(),
    merge_requests_disable_committers_approval: schemas/* boolean */.zMY().nullish(),
});
const ApprovalRule = schemas/* object */.Ikc({
    rule_type: schemas/* string */.YjP().optional(),
    approvals_required: schemas/* number */.aig(),
    applies_to_all_protected_branches: schemas/* boolean */.zMY().optional(),
    protected_branches: schemas/* array */.YOg(schemas/* object */.Ikc({ name: schemas/* string */.YjP() })).optional(),
});
const ProtectedEnvironment = schemas/* object */.Ikc({
    name: schemas/* string */.YjP(),
    required_approval_count: schemas/* number */.aig().nullish(),
    approval_rules: schemas/* array */.YOg(schemas/* object */.Ikc({ required_approvals: schemas/* number */.aig() })).optional(),
});
/**
 * A project's own protection on GitLab: protected branches, merge request approval settings and rules
 * (https://docs.gitlab.com/api/merge_request_approvals/), protected environments
 * (https://docs.gitlab.com/api/protected_environments/).
 */
class GitLabProtection {
    platform = 'gitlab';
    api;
    constructor(options) {
        this.api = new gitlab_api/* GitLabApi */.w(options);
    }
    async teamId(group) {
        const found = await (0,api_retry/* orAbsent */.Re)(() => this.api.json({ what: `read group ${group}`, permission: protection_READ_API }, schemas/* object */.Ikc({ id: schemas/* number */.aig() }), 'GET', `/groups/${encodeURIComponent(group)}`));
        if (!found)
            throw new src/* UserError */.yot(`GitLab has no group ${group} that this token can see (GET /groups/${encodeURIComponent(group)} answered 404); fix the group's path in approval.environments, or give the token access to it.`);
        return found.data.id;
    }
    async live(environment, branch) {
        const project = this.api.project;
        const protectedBranch = (await (0,api_retry/* orAbsent */.Re)(() => this.api.json({ what: `read protected branch ${branch}`, permission: protection_READ_API }, ProtectedBranch, 'GET', `${project}/protected_branches/${encodeURIComponent(branch)}`)))?.data;
        const settings = (await this.api.json({ what: 'read the merge request approval settings', permission: protection_READ_API }, ApprovalSettings, 'GET', `${project}/approvals`)).data;
        const rules = await this.api.listAll({ what: 'read the merge request approval rules', permission: protection_READ_API }, ApprovalRule, `${project}/approval_rules`);
        const onBranch = rules.filter((rule) => rule.rule_type !== 'report_approver' && (rule.applies_to_all_protected_branches || !rule.protected_branches?.length || rule.protected_branches.some((known) => known.name === branch)));
        const environmentFound = (await (0,api_retry/* orAbsent */.Re)(() => this.api.json({ what: `read protected environment ${environment}`, permission: protection_READ_API }, ProtectedEnvironment, 'GET', `${project}/protected_environments/${encodeURIComponent(environment)}`)))?.data;
        return {
            platform: 'gitlab',
            branch,
            branch_protected: protectedBranch !== undefined,
            required_approvals: Math.max(settings.approvals_before_merge ?? 0, ...onBranch.map((rule) => rule.approvals_required)),
            force_push_allowed: protectedBranch === undefined || protectedBranch.allow_force_push === true,
            direct_push_allowed: protectedBranch !== undefined && pushesAllowed(protectedBranch.push_access_levels),
            self_review_allowed: settings.merge_requests_author_approval === true,
            committers_may_approve: settings.merge_requests_disable_committers_approval !== true,
            environment_approvals: environmentFound ? Math.max(environmentFound.required_approval_count ?? 0, ...(environmentFound.approval_rules ?? []).map((rule) => rule.required_approvals)) : 0,
        };
    }
    /** POST the protected environment; one that is already protected is left as it is, with the reason. */
    async applyGitlabProtectedEnvironment(settings) {
        if (settings.missing.length)
            throw new src/* UserError */.yot(`The settings of environment ${settings.environment} are not complete (${settings.missing.join('; ')}); nothing was set.`);
        try {
            await this.api.json({ what: `protect environment ${settings.environment}`, permission: WRITE_API }, schemas/* object */.Ikc({ name: schemas/* string */.YjP() }), 'POST', `${this.api.project}/protected_environments`, settings.body);
        }
        catch (error) {
            if (error instanceof src/* UserError */.yot && /\(HTTP 409\b/.test(error.message)) {
                throw new src/* UserError */.yot(`Environment ${settings.environment} is already protected on GitLab and the update API merges entries rather than replacing them, so it was left as it is; compare it with gitops-sync check-protection, or unprotect it and run --apply again.`);
            }
            throw error;
        }
    }
}

;// CONCATENATED MODULE: ./packages/platforms/src/protection-target.ts




/**
 * The platform's protection API with the run's token (GITHUB_TOKEN / GITLAB_TOKEN) for the repository
 * named (`repo`, else GITHUB_REPOSITORY / CI_PROJECT_ID); undefined without them, or — when `needed`
 * says what for — one sentence naming what is missing.
 */
function protectionPlatformFor(platform, env, options = {}) {
    const tokenVariable = platform === 'github' ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
    const token = env[tokenVariable];
    const where = options.repo || (platform === 'github' ? env.GITHUB_REPOSITORY : env.CI_PROJECT_ID);
    if (!token || !where) {
        if (options.needed)
            throw new src/* UserError */.yot(`${options.needed} needs ${tokenVariable} and ${platform === 'github' ? '--repo OWNER/REPO (or GITHUB_REPOSITORY)' : '--repo PROJECT (or CI_PROJECT_ID)'}.`);
        return undefined;
    }
    options.onSecret?.(token);
    const limits = (0,api_retry/* apiLimitsFromEnv */.E0)(env);
    return platform === 'github' ? new GitHubProtection({ token, repository: where, baseUrl: env.GITHUB_API_URL, limits }) : new GitLabProtection({ token, project: where, baseUrl: env.CI_API_V4_URL, limits });
}

// EXTERNAL MODULE: ./packages/platforms/src/github/team-membership.ts
var team_membership = __webpack_require__(5318);
;// CONCATENATED MODULE: ./packages/platforms/src/github/deployers.ts





const deployers_User = schemas/* object */.Ikc({ id: schemas/* number */.aig(), login: schemas/* string */.YjP(), type: schemas/* string */.YjP().optional() });
const deployers_CommitPull = schemas/* object */.Ikc({ number: schemas/* number */.aig(), user: deployers_User, merged_at: schemas/* string */.YjP().nullable().optional(), merge_commit_sha: schemas/* string */.YjP().nullable().optional() });
const READ_COMMITS = 'the "Contents: read" and "Pull requests: read" permissions';
/** Who started the run, and who the deployers list names, through GitHub's REST API. */
class GitHubDeployers {
    env;
    platform = 'GitHub';
    api;
    actor;
    constructor(options, env) {
        this.env = env;
        this.api = new api/* GitHubApi */.y(options);
    }
    async byLogin(login) {
        const found = await (0,api_retry/* orAbsent */.Re)(() => this.api.call({ what: `look up the GitHub user ${login}`, permission: 'no permission (public account data)' }, deployers_User, 'GET /users/{username}', { username: login }));
        return found && { id: String(found.data.id), login: found.data.login, bot: found.data.type === 'Bot' };
    }
    runActor() {
        this.actor ??= (0,run_identity/* resolveRunActor */.bH)(this.env, { byLogin: (login) => this.byLogin(login), byId: async () => undefined });
        return this.actor;
    }
    async userId(login) {
        return (await this.byLogin(login))?.id;
    }
    teamExists(team) {
        return (0,team_membership/* githubTeamExists */.nI)(this.api, team);
    }
    isTeamMember(team, actor) {
        return (0,team_membership/* githubTeamMember */.j3)(this.api, team, actor.login);
    }
    /**
     * The merged pull request that made `sha` (its merge, squash or last rebased commit). A direct push
     * names only the e-mail its pusher chose (`git commit --author`), which ties it to no one: undefined.
     */
    async changeAuthor(sha) {
        const call = { what: `find the pull request of commit ${sha.slice(0, 12)}`, permission: READ_COMMITS };
        const merged = (await this.api.listAll(call, deployers_CommitPull, 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { commit_sha: sha })).filter((pull) => pull.merged_at);
        // Several merged pull requests hold it and none made it: whose change it is cannot be told.
        const pull = merged.find((candidate) => candidate.merge_commit_sha === sha) ?? (merged.length === 1 ? merged[0] : undefined);
        return pull && { id: String(pull.user.id), login: pull.user.login };
    }
}

// EXTERNAL MODULE: ./packages/platforms/src/gitlab/group-membership.ts
var group_membership = __webpack_require__(9398);
;// CONCATENATED MODULE: ./packages/platforms/src/gitlab/deployers.ts






const gitlab_deployers_User = schemas/* object */.Ikc({ id: schemas/* number */.aig(), username: schemas/* string */.YjP(), bot: schemas/* boolean */.zMY().optional(), state: schemas/* string */.YjP().optional() });
const CommitMr = schemas/* object */.Ikc({
    author: gitlab_deployers_User,
    state: schemas/* string */.YjP(),
    sha: schemas/* string */.YjP().nullable().optional(),
    merge_commit_sha: schemas/* string */.YjP().nullable().optional(),
    squash_commit_sha: schemas/* string */.YjP().nullable().optional(),
});
const deployers_READ_API = 'the read_api scope and at least the Reporter role';
/** `GET /job`: the job whose CI_JOB_TOKEN is sent, with who started its pipeline and how. */
const Job = schemas/* object */.Ikc({ user: schemas/* object */.Ikc({ id: schemas/* number */.aig() }), pipeline: schemas/* object */.Ikc({ source: schemas/* string */.YjP() }) });
const platformUser = (user) => ({ id: String(user.id), login: user.username, bot: user.bot ?? false, state: user.state });
/** Who started the pipeline, and who the deployers list names, through GitLab's REST API v4. */
class GitLabDeployers {
    options;
    env;
    platform = 'GitLab';
    api;
    actor;
    constructor(options, env) {
        this.options = options;
        this.env = env;
        this.api = new gitlab_api/* GitLabApi */.w(options);
    }
    async byLogin(login) {
        const { data } = await this.api.json({ what: `look up the GitLab user ${login}`, permission: deployers_READ_API }, schemas/* array */.YOg(gitlab_deployers_User), 'GET', `/users?username=${encodeURIComponent(login)}`);
        const user = data.find((candidate) => candidate.username.toLowerCase() === login.toLowerCase());
        return user && platformUser(user);
    }
    async byId(id) {
        const found = await (0,api_retry/* orAbsent */.Re)(() => this.api.json({ what: `read the GitLab user ${id}`, permission: deployers_READ_API }, gitlab_deployers_User, 'GET', `/users/${encodeURIComponent(id)}`));
        return found && platformUser(found.data);
    }
    runActor() {
        this.actor ??= this.vouchedEnv().then((env) => (0,run_identity/* resolveRunActor */.bH)(env, { byLogin: (login) => this.byLogin(login), byId: (id) => this.byId(id) }));
        return this.actor;
    }
    /**
     * The job's variables with who started its pipeline and how as the job token says: pipeline
     * variables (Run pipeline's form, a trigger, the API) override GITLAB_USER_ID and CI_PIPELINE_SOURCE.
     */
    async vouchedEnv() {
        if (this.env.GITLAB_CI !== 'true')
            return this.env;
        const token = this.env.CI_JOB_TOKEN?.trim();
        if (!token)
            throw new src/* UserError */.yot('CI_JOB_TOKEN is not set, so GitLab cannot vouch for who started this job; a pipeline variable may set GITLAB_USER_ID.');
        const job = new gitlab_api/* GitLabApi */.w({ ...this.options, token, tokenHeader: 'JOB-TOKEN' });
        const { data } = await job.json({ what: 'read this job (GET /job)', permission: "this job's CI_JOB_TOKEN" }, Job, 'GET', '/job');
        return { ...this.env, GITLAB_USER_ID: String(data.user.id), CI_PIPELINE_SOURCE: data.pipeline.source };
    }
    async userId(login) {
        return (await this.byLogin(login))?.id;
    }
    teamExists(group) {
        return (0,group_membership/* gitlabGroupExists */.P)(this.api, group);
    }
    isTeamMember(group, actor) {
        return (0,group_membership/* gitlabGroupMember */.f)(this.api, group, actor);
    }
    /**
     * The merged merge request that made `sha` (its merge or squash commit, or its head when it
     * fast-forwarded). A direct push names only an e-mail, which cannot be tied to an account: undefined.
     */
    async changeAuthor(sha) {
        const call = { what: `find the merge request of commit ${sha.slice(0, 12)}`, permission: deployers_READ_API };
        const requests = await this.api.listAll(call, CommitMr, `${this.api.project}/repository/commits/${encodeURIComponent(sha)}/merge_requests`);
        const made = requests.find((mr) => mr.state === 'merged' && [mr.merge_commit_sha, mr.squash_commit_sha, mr.sha].includes(sha));
        return made && { id: String(made.author.id), login: made.author.username };
    }
}

;// CONCATENATED MODULE: ./packages/platforms/src/deployer-directory.ts





/**
 * The directory that says who started this CI run and who is in which team, or why there is none
 * here (a terminal, no token). It asks nothing until an environment limits its deployers.
 */
function deployerDirectoryFor(env, onSecret) {
    const platform = (0,review_target/* detectPlatform */.l)(env);
    if (!platform)
        return { unavailable: 'this is not a GitHub Actions or GitLab CI run, so no platform says who started it' };
    const github = platform === 'github';
    const tokenVar = github ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
    const token = env[tokenVar];
    const repository = github ? env.GITHUB_REPOSITORY : env.CI_PROJECT_ID;
    if (!token || !repository)
        return { unavailable: `${tokenVar} is not set, so ${github ? 'GitHub' : 'GitLab'} cannot be asked who started the run and who is in which team` };
    onSecret(token);
    if (!github && env.CI_JOB_TOKEN?.trim())
        onSecret(env.CI_JOB_TOKEN.trim());
    const limits = (0,api_retry/* apiLimitsFromEnv */.E0)(env);
    try {
        return github
            ? new GitHubDeployers({ token, repository, baseUrl: env.GITHUB_API_URL, limits }, env)
            : new GitLabDeployers({ token, project: repository, baseUrl: env.CI_API_V4_URL, limits }, env);
    }
    catch (error) {
        if (error instanceof src/* UserError */.yot)
            return { unavailable: error.message.replace(/\.$/, '') };
        throw error;
    }
}

;// CONCATENATED MODULE: ./packages/platforms/src/change-history-target.ts





/**
 * The repository history `audit export` reads PRs/MRs, reviews and CI from: `--platform/--repo`, each
 * defaulting from the CI run (GITHUB_REPOSITORY / CI_PROJECT_ID). Undefined outside CI without
 * --platform: then only git and the audit log are read. `onSecret` is told the token.
 */
function changeHistoryFor(args, env, onSecret) {
    const name = args.platform ?? (0,review_target/* detectPlatform */.l)(env);
    if (name === undefined)
        return undefined;
    if (name !== 'github' && name !== 'gitlab')
        throw new src/* UserError */.yot(`--platform must be github or gitlab (got ${JSON.stringify(name)}).`);
    const github = name === 'github';
    const repo = args.repo ?? (github ? env.GITHUB_REPOSITORY : env.CI_PROJECT_ID);
    if (!repo)
        throw new src/* UserError */.yot(`--repo is required outside a CI run; pass ${github ? 'OWNER/REPO' : 'the project path or id'}.`);
    const tokenVar = github ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
    const token = env[tokenVar];
    if (!token)
        throw new src/* UserError */.yot(`${tokenVar} is not set; audit export reads the ${github ? 'pull requests' : 'merge requests'}, reviews and CI with it (see the README for the read permissions).`);
    onSecret(token);
    const limits = (0,api_retry/* apiLimitsFromEnv */.E0)(env);
    return github
        ? new GitHubChangeHistory({ token, repository: repo, baseUrl: env.GITHUB_API_URL, limits })
        : new GitLabChangeHistory({ token, project: repo, baseUrl: env.CI_API_V4_URL, limits });
}

;// CONCATENATED MODULE: ./packages/platforms/src/index.ts































/***/ }),

/***/ 863:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LU: () => (/* binding */ configuredBotLogin),
/* harmony export */   XB: () => (/* binding */ isOwnIdentity),
/* harmony export */   m_: () => (/* binding */ githubOwnIdentity),
/* harmony export */   qk: () => (/* binding */ GITHUB_ACTIONS_LOGIN),
/* harmony export */   tE: () => (/* binding */ BOT_LOGIN_VARIABLE),
/* harmony export */   yq: () => (/* binding */ gitlabOwnIdentity)
/* harmony export */ });
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8823);

/** Names the GitHub App bot whose installation token gitops-sync runs with (the actions' `bot-login` input). */
const BOT_LOGIN_VARIABLE = 'GITOPS_SYNC_BOT_LOGIN';
/** Who GITHUB_TOKEN comments and opens issues as. */
const GITHUB_ACTIONS_LOGIN = 'github-actions[bot]';
/** Whether `author` (a comment's, note's or issue's) is our own identity. GitHub logins are case-insensitive. */
function isOwnIdentity(own, author) {
    if (!author)
        return false;
    if (own.id !== undefined)
        return author.id === own.id;
    const login = author.login ?? author.username;
    return login !== undefined && login.toLowerCase() === own.login.toLowerCase();
}
/** GITOPS_SYNC_BOT_LOGIN, checked: a GitHub login, usually an app's `<slug>[bot]`. */
function configuredBotLogin(env) {
    const login = env[BOT_LOGIN_VARIABLE]?.trim();
    if (!login)
        return undefined;
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/.test(login)) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yot(`${BOT_LOGIN_VARIABLE} must be a GitHub login such as my-app[bot] (got ${JSON.stringify(login)}).`);
    }
    return login;
}
/**
 * On GitHub: the configured app bot; else the token's user (a personal access token); else, for an
 * installation token that cannot say who it is, `github-actions[bot]` (GITHUB_TOKEN).
 */
async function githubOwnIdentity(api, botLogin) {
    if (botLogin)
        return { login: botLogin };
    const user = await api.tokenUser();
    return user ?? { login: GITHUB_ACTIONS_LOGIN };
}
/** On GitLab: the token's user (GET /user), by id. */
async function gitlabOwnIdentity(api) {
    const user = await api.currentUser();
    return { login: user.username, id: user.id };
}


/***/ }),

/***/ 9006:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ reviewPlatformFor),
/* harmony export */   l: () => (/* binding */ detectPlatform)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8823);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2411);
/* harmony import */ var _github_review_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6036);
/* harmony import */ var _gitlab_review_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2732);
/* harmony import */ var _own_identity_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(863);







const PlatformName = zod__WEBPACK_IMPORTED_MODULE_6__/* ["enum"] */ .k5n(['github', 'gitlab']);
/** The platform this CI run is on, if it is one. */
function detectPlatform(env) {
    return env.GITHUB_ACTIONS === 'true' ? 'github' : env.GITLAB_CI === 'true' ? 'gitlab' : undefined;
}
/** The pull request number of a GitHub `pull_request*` event, if this run is one. */
function githubEventPullNumber(env) {
    if (env.GITHUB_EVENT_PATH) {
        try {
            const event = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8'));
            const number = event.pull_request?.number ?? event.number;
            if (number)
                return String(number);
        }
        catch {
            // Not readable: fall back to the ref below.
        }
    }
    return env.GITHUB_REF?.match(/^refs\/pull\/(\d+)\//)?.[1];
}
/**
 * The review platform for `--platform/--repo/--pr`, defaulting each from the CI run
 * (GITHUB_REPOSITORY and the event on GitHub; CI_PROJECT_ID and CI_MERGE_REQUEST_IID on GitLab).
 * `onSecret` is told the token so it never shows up in output.
 */
function reviewPlatformFor(args, env, onSecret) {
    const platform = PlatformName.safeParse(args.platform ?? detectPlatform(env));
    if (!platform.success)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot(`--platform must be github or gitlab${args.platform ? ` (got ${JSON.stringify(args.platform)})` : ''}; it is only detected on a GitHub or GitLab runner.`);
    const github = platform.data === 'github';
    const repo = args.repo ?? (github ? env.GITHUB_REPOSITORY : env.CI_PROJECT_ID);
    const number = args.pr ?? (github ? githubEventPullNumber(env) : env.CI_MERGE_REQUEST_IID);
    const noun = github ? 'pull request' : 'merge request';
    if (!repo)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot(`--repo is required outside a CI run; pass ${github ? 'OWNER/REPO' : 'the project path or id'}.`);
    if (!number)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot(`The ${noun} number is unknown: run on a ${noun} event, or pass it (--pr N, or the action's pull-request input).`);
    if (!/^[1-9]\d*$/.test(number))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot(`--pr must be the ${noun} number (got ${JSON.stringify(number)}).`);
    const tokenVar = github ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
    const token = env[tokenVar];
    if (!token)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yot(`${tokenVar} is not set; give it a token of a bot identity that is not the ${noun}'s author (see the README for the permissions).`);
    onSecret(token);
    const limits = (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .apiLimitsFromEnv */ .E0)(env);
    return github
        ? new _github_review_js__WEBPACK_IMPORTED_MODULE_3__/* .GitHubReview */ .G({ token, repository: repo, number: Number(number), baseUrl: env.GITHUB_API_URL, botLogin: (0,_own_identity_js__WEBPACK_IMPORTED_MODULE_5__/* .configuredBotLogin */ .LU)(env), limits })
        : new _gitlab_review_js__WEBPACK_IMPORTED_MODULE_4__/* .GitLabReview */ .k({ token, project: repo, iid: Number(number), baseUrl: env.CI_API_V4_URL, limits });
}


/***/ })

};

export const id = 306;
export const ids = [306];
export const modules = {

/***/ 6662:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ APPROVE_SAFE_MARKER),
/* harmony export */   j: () => (/* binding */ APPROVE_SAFE_COMMENT_MARKER)
/* harmony export */ });
/** The marker approve-safe hides in its review body and comment, so it finds its own. */
const APPROVE_SAFE_MARKER = '<!-- gitops-sync:approve-safe -->';
/** The marker of approve-safe's explanatory comment (a different one, so it is never taken for its review). */
const APPROVE_SAFE_COMMENT_MARKER = '<!-- gitops-sync:approve-safe:comment -->';


/***/ }),

/***/ 7331:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S0: () => (/* binding */ reviewedFingerprint),
/* harmony export */   Zv: () => (/* binding */ commentDriftReport)
/* harmony export */ });
/* unused harmony export driftCommentMarker */
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7195);

const driftCommentMarker = (environment) => `<!-- gitops-sync:drift-comment environment=${environment} -->`;
/** The reviewed plan fingerprint drift-detect left in its pull/merge request comment for `environment`: on the line after the marker (CRLF once edited on the web), never in the report below it. */
async function reviewedFingerprint(platform, environment) {
    const marker = driftCommentMarker(environment);
    const body = await platform.ownCommentWith(marker);
    return body?.slice(marker.length).match(/^\r?\n<!-- gitops-sync:plan-fingerprint (sha256:[0-9a-f]{64}) -->/)?.[1];
}
/** GitHub and GitLab refuse comments over 65,536 characters. */
const COMMENT_LIMIT = 65_536;
/**
 * One sticky comment per environment on the pull/merge request, found by a hidden marker and
 * updated in place. `changes-only` creates none while nothing drifted, but still corrects an
 * earlier one so it never shows stale drift.
 */
async function commentDriftReport(platform, report, mode, fullReportUrl, secrets) {
    if (mode === 'off')
        return 'off';
    const marker = driftCommentMarker(report.environment);
    const fingerprint = report.plan_fingerprint ? `\n<!-- gitops-sync:plan-fingerprint ${report.plan_fingerprint} -->` : '';
    // The secrets section (drift-detect on a pull/merge request) is short: at most 50 findings, never a value.
    const footer = `${secrets ? `\n\n${secrets.markdown}` : ''}${fullReportUrl ? `\n\nFull report: ${fullReportUrl}` : ''}`;
    const body = `${marker}${fingerprint}\n${(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .renderMarkdown */ .Gc)(report, COMMENT_LIMIT - marker.length - fingerprint.length - footer.length - 1)}${footer}`;
    return platform.upsertComment(marker, body, report.drift_detected || mode === 'always' || Boolean(secrets?.findings));
}


/***/ }),

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
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);

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
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${name} must be a positive number of seconds, not ${JSON.stringify(text)}; unset it to use the default.`);
    if (seconds > MAX_TIMER_SECONDS)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${name} must be at most ${MAX_TIMER_SECONDS} seconds (about 24 days), not ${JSON.stringify(text)}; lower it or unset it to use the default.`);
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
    return retrying(request, failureOf, (failure, attempts) => new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(describeApiFailure(platform, call, failure, attempts)), policy, budget);
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
        if (error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo && /\(404\)/.test(error.message))
            return undefined;
        throw error;
    }
}
/** A listing that cannot be read to its end: one sentence, and nothing is decided from the part that was read. */
function incompleteListing(platform, call, what) {
    return new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${platform} ${what} when asked to ${call.what}; the list is not complete, so nothing is decided from it.`);
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
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7638);
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
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Repository ${JSON.stringify(options.repository)} is not OWNER/REPO; pass --repo like octo-org/infra.`);
        this.owner = owner;
        this.repo = repo;
        this.retry = options.retry ?? _api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_RETRY */ .vI;
        const baseUrl = (options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
        try {
            this.base = new URL(baseUrl);
        }
        catch {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`The GitHub API URL ${JSON.stringify(baseUrl)} is not a URL; set GITHUB_API_URL like https://github.example.com/api/v3.`);
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
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`GitHub answered an unexpected shape when asked to ${call.what} (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}); check that the API URL points at the GitHub REST API.`);
        return { data: parsed.data, link: String(response.headers.link ?? ''), url: response.url };
    }
    /** The GraphQL endpoint: `/graphql` on github.com, but `/api/graphql` beside a GHES REST API at `/api/v3`. */
    graphqlRoute() {
        const path = this.base.pathname.replace(/\/+$/, '');
        return /\/api\/v3$/.test(path) ? `POST ${this.base.origin}${path.slice(0, -'/v3'.length)}/graphql` : 'POST /graphql';
    }
    /**
     * Every node of one GraphQL connection, `first: 100` a page, asking `after` the last `endCursor` until
     * `hasNextPage` is false, up to the page bound; `connection` picks it out of each answer (and throws on one without it).
     */
    async graphqlAll(call, schema, query, variables, connection) {
        const nodes = [];
        const cursors = new Set();
        for (let after = null;;) {
            const page = connection((await this.call(call, schema, this.graphqlRoute(), { query, variables: { ...variables, after } })).data);
            nodes.push(...page.nodes);
            if (!page.pageInfo.hasNextPage)
                return nodes;
            after = page.pageInfo.endCursor;
            if (after === null || cursors.has(after))
                throw (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .incompleteListing */ .Le)('GitHub', call, 'gave no new cursor for the next page');
            if (cursors.size + 1 >= this.budget.limits.maxPages)
                throw (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .incompleteListing */ .Le)('GitHub', call, `listed ${(0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .pagesBound */ .ZE)(this.budget.limits)}`);
            cursors.add(after);
        }
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
            if (!(error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo) || refusal === undefined)
                throw error;
            if (/resource not accessible by integration/i.test(refusal))
                return undefined;
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`GitHub would not say who the token is (GET /user: 403 ${JSON.stringify(refusal.slice(0, 200))}), and only that identity's comments and issues are gitops-sync's own; run it again later, or name the app's bot in GITOPS_SYNC_BOT_LOGIN (the bot-login input).`);
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

/***/ 6143:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ GitHubProtection)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2411);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3794);




const READ_ADMIN = 'the "Administration: read" repository permission (branch protection and environments; GITHUB_TOKEN cannot have it: use a GitHub App or a fine-grained token)';
const WRITE_ADMIN = 'the "Administration: write" repository permission (a GitHub App or a fine-grained token; GITHUB_TOKEN cannot have it)';
const READ_MEMBERS = 'the "Members: read" organization permission';
const enabled = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ enabled: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY() }).optional();
const BranchProtection = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    required_pull_request_reviews: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ required_approving_review_count: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(), require_last_push_approval: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional() }).optional(),
    enforce_admins: enabled,
    allow_force_pushes: enabled,
});
const Rule = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), parameters: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ required_approving_review_count: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(), require_last_push_approval: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional() }).optional() });
const Environment = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    can_admins_bypass: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
    protection_rules: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), prevent_self_review: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(), reviewers: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .unknown */ .L5J()).optional() })).default([]),
});
const Id = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig() });
const BranchPolicies = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ branch_policies: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() })) });
/**
 * A repository's own protection on GitHub: classic branch protection and the rulesets active on a
 * branch (https://docs.github.com/rest/repos/rules#get-rules-for-a-branch), and environments
 * (https://docs.github.com/rest/deployments/environments).
 */
class GitHubProtection {
    platform = 'github';
    api;
    constructor(options) {
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApi */ .y(options);
    }
    async teamId(team) {
        const [org, ...slug] = team.split('/');
        const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => this.api.call({ what: `read team ${team}`, permission: READ_MEMBERS }, Id, 'GET /orgs/{org}/teams/{team_slug}', { org, team_slug: slug.join('/') }));
        if (!found)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`GitHub has no team ${team} that this token can see (GET /orgs/${org}/teams/${slug.join('/')} answered 404); fix the team's name in approval.environments, or give the token ${READ_MEMBERS}.`);
        return found.data.id;
    }
    async live(environment, branch) {
        const classic = (await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => this.api.call({ what: `read the protection of branch ${branch}`, permission: READ_ADMIN }, BranchProtection, 'GET /repos/{owner}/{repo}/branches/{branch}/protection', { branch })))?.data;
        const rules = await this.api.listAll({ what: `read the rules on branch ${branch}`, permission: 'the "Contents: read" permission' }, Rule, 'GET /repos/{owner}/{repo}/rules/branches/{branch}', { branch });
        const reviews = [classic?.required_pull_request_reviews, ...rules.filter((rule) => rule.type === 'pull_request').map((rule) => rule.parameters)].filter((review) => review !== undefined);
        const noForcePush = rules.some((rule) => rule.type === 'non_fast_forward') || (classic !== undefined && classic.allow_force_pushes?.enabled !== true);
        const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => this.api.call({ what: `read environment ${environment}`, permission: READ_ADMIN }, Environment, 'GET /repos/{owner}/{repo}/environments/{environment_name}', { environment_name: environment }));
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
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The settings of environment ${settings.environment} are not complete (${settings.missing.join('; ')}); nothing was set.`);
        const name = settings.environment;
        await this.api.call({ what: `set environment ${name}`, permission: WRITE_ADMIN }, zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }), 'PUT /repos/{owner}/{repo}/environments/{environment_name}', { environment_name: name, ...settings.body });
        const existing = await this.api.call({ what: `read the deployment branch policies of ${name}`, permission: READ_ADMIN }, BranchPolicies, 'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies', { environment_name: name, per_page: 100 });
        for (const policy of settings.deployment_branch_policies) {
            if (existing.data.branch_policies.some((known) => known.name === policy.name && (known.type ?? 'branch') === policy.type))
                continue;
            await this.api.call({ what: `allow deployments to ${name} from ${policy.name}`, permission: WRITE_ADMIN }, Id, 'POST /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies', { environment_name: name, ...policy });
        }
    }
}


/***/ }),

/***/ 6036:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ GitHubReview)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6662);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2411);
/* harmony import */ var _own_identity_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(863);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3794);
/* harmony import */ var _team_membership_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5318);






const User = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), login: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() });
const Pull = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    number: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    draft: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
    merged: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
    merged_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(),
    user: User,
    changed_files: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    created_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    html_url: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    commits: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().optional(),
    head: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), repo: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ full_name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).nullable() }),
    base: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), ref: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), repo: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ full_name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), default_branch: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() }) }),
});
const PullFile = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ filename: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), status: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), previous_filename: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() });
const PullReview = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), user: User.nullable(), state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), commit_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(), body: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(), submitted_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional() });
const GitPerson = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(), email: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() }).nullable();
const PullCommit = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    author: User.nullable(),
    committer: User.nullable(),
    commit: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ author: GitPerson, committer: GitPerson, verification: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ verified: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(), reason: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).optional() }),
});
const Permission = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ permission: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), role_name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() });
const Content = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), encoding: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(), content: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() });
const Tree = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ tree: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), mode: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() })), truncated: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional() });
const Comment = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), node_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(), body: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(), user: User.nullable().optional() });
/** GraphQL's word on who last edited a comment (REST does not say): `editor` is null when nobody did. */
const CommentEdit = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    data: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ node: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ lastEditedAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(), editor: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ __typename: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), login: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).nullable() }).nullable() }),
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
/**
 * The pull request's base branch changes, oldest first. GitHub keeps the head and the approvals when the base
 * branch changes (by hand, or its own retarget after the old base was merged and deleted); REST's timeline does
 * not list these events, GraphQL's does.
 */
const BaseChange = zod__WEBPACK_IMPORTED_MODULE_0__/* .discriminatedUnion */ .gMt('__typename', [
    zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ __typename: zod__WEBPACK_IMPORTED_MODULE_0__/* .literal */ .euz('BaseRefChangedEvent'), createdAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().datetime({ offset: true }), previousRefName: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }),
    zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ __typename: zod__WEBPACK_IMPORTED_MODULE_0__/* .literal */ .euz('AutomaticBaseChangeSucceededEvent'), createdAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().datetime({ offset: true }), oldBase: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }),
]);
const BaseChanges = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    data: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
        repository: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
            pullRequest: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ timelineItems: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ pageInfo: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ hasNextPage: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(), endCursor: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable() }), nodes: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(BaseChange) }) }).nullable(),
        })
            .nullable(),
    })
        .nullable()
        .optional(),
    errors: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ message: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() })).optional(),
});
const BASE_CHANGES_QUERY = `query($owner: String!, $repo: String!, $number: Int!, $after: String) { repository(owner: $owner, name: $repo) { pullRequest(number: $number) {
  timelineItems(first: 100, after: $after, itemTypes: [BASE_REF_CHANGED_EVENT, AUTOMATIC_BASE_CHANGE_SUCCEEDED_EVENT]) {
    pageInfo { hasNextPage endCursor }
    nodes { __typename ... on BaseRefChangedEvent { createdAt previousRefName } ... on AutomaticBaseChangeSucceededEvent { createdAt oldBase } }
  } } } }`;
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
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApi */ .y(options);
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
    /** Each change of the base branch, oldest first: when, and the branch it was before. */
    async baseChanges() {
        const what = `list the base branch changes of ${this.label}`;
        const changes = await this.api.graphqlAll({ what, permission: READ_PULLS }, BaseChanges, BASE_CHANGES_QUERY, { owner: this.api.owner, repo: this.api.repo, number: this.options.number }, ({ data, errors }) => {
            const timeline = data?.repository?.pullRequest?.timelineItems;
            if (timeline)
                return timeline;
            const why = errors?.map((error) => error.message).join('; ') || 'no pull request in its answer';
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`GitHub's GraphQL API would not ${what} (${why.slice(0, 300)}), so an approval given against another base cannot be told apart; the token needs ${READ_PULLS}.`);
        });
        return changes
            .map((change) => ({ at: Date.parse(change.createdAt), from: change.__typename === 'BaseRefChangedEvent' ? change.previousRefName : change.oldBase }))
            .sort((a, b) => a.at - b.at);
    }
    /**
     * Reviews, each with the base branch it was given against when that has changed since: the branch before the
     * first change not before it (a review GitHub does not date, or given the same second, counts as before).
     */
    async listReviews() {
        const [reviews, changes] = await Promise.all([
            this.listAll({ what: `list the reviews of ${this.label}`, permission: READ_PULLS }, PullReview, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews'),
            this.baseChanges(),
        ]);
        return reviews.flatMap((review, order) => {
            if (!review.user || !REVIEW_STATES.has(review.state))
                return [];
            const submitted = Date.parse(review.submitted_at ?? '');
            const changedAfter = changes.find((change) => !(change.at < submitted));
            return [{
                    user: person(review.user),
                    state: review.state,
                    commitSha: review.commit_id ?? undefined,
                    ...(changedAfter ? { otherBase: { branch: changedAfter.from } } : {}),
                    order,
                    automatic: Boolean(review.body?.includes(_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .APPROVE_SAFE_MARKER */ .F)),
                    submittedAt: review.submitted_at ?? undefined,
                }];
        });
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
        const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .orAbsent */ .Re)(() => this.call({ what: `read ${user.login}'s permission`, permission: 'the "Metadata: read" permission' }, Permission, 'GET /repos/{owner}/{repo}/collaborators/{username}/permission', { username: user.login }));
        const { permission, role_name } = found?.data ?? { permission: 'none' };
        return ['admin', 'write'].includes(permission) || ['admin', 'maintain', 'write'].includes(role_name ?? '');
    }
    isTeamMember(team, user) {
        return (0,_team_membership_js__WEBPACK_IMPORTED_MODULE_6__/* .githubTeamMember */ .j3)(this.api, team, user.login);
    }
    async readFileAt(path, sha) {
        const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .orAbsent */ .Re)(() => this.call({ what: `read ${path} at ${sha.slice(0, 12)}`, permission: READ_CONTENTS }, Content, 'GET /repos/{owner}/{repo}/contents/{path}', { path, ref: sha }));
        if (!found)
            return undefined;
        if (found.data.type !== 'file' || found.data.encoding !== 'base64')
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${path} at ${sha.slice(0, 12)} is not a regular file; the policy files must be plain files.`);
        return Buffer.from(found.data.content ?? '', 'base64').toString('utf8');
    }
    async approvalProblems() {
        return [];
    }
    /** The modes of a commit's files from the git trees API; a truncated listing (GitHub's limit) leaves them unknown. */
    async treeModes(sha) {
        const found = await this.call({ what: `read the file tree of ${sha.slice(0, 12)}`, permission: READ_CONTENTS }, Tree, 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { tree_sha: sha, recursive: '1' }).catch((error) => {
            if (error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo)
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
        return reviews.filter((review) => review.state === 'APPROVED' && (0,_own_identity_js__WEBPACK_IMPORTED_MODULE_2__/* .isOwnIdentity */ .XB)(own, review.user) && review.body?.includes(_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .APPROVE_SAFE_MARKER */ .F)).map((review) => ({ id: review.id, sha: review.commit_id ?? undefined }));
    }
    async approve(sha, body) {
        await this.call({ what: `approve ${this.label}`, permission: WRITE_PULLS }, zod__WEBPACK_IMPORTED_MODULE_0__/* .unknown */ .L5J(), 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { commit_id: sha, event: 'APPROVE', body });
    }
    async withdrawApprovals(approvals, message) {
        for (const { id } of approvals) {
            await this.call({ what: `dismiss review ${id} on ${this.label}`, permission: WRITE_PULLS }, zod__WEBPACK_IMPORTED_MODULE_0__/* .unknown */ .L5J(), 'PUT /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals', { review_id: id, message, event: 'DISMISS' });
        }
    }
    async addLabel(label) {
        await this.call({ what: `label ${this.label}`, permission: WRITE_PULLS }, zod__WEBPACK_IMPORTED_MODULE_0__/* .unknown */ .L5J(), 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { issue_number: this.options.number, labels: [label] });
    }
    async removeLabel(label) {
        await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .orAbsent */ .Re)(() => this.call({ what: `remove a label from ${this.label}`, permission: WRITE_PULLS }, zod__WEBPACK_IMPORTED_MODULE_0__/* .unknown */ .L5J(), 'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', { issue_number: this.options.number, name: label }));
    }
    async requestReviewers(owners, author) {
        const names = owners.filter((owner) => owner.startsWith('@')).map((owner) => owner.slice(1));
        const reviewers = names.filter((name) => !name.includes('/') && name.toLowerCase() !== author.login.toLowerCase());
        const teamReviewers = names.filter((name) => name.split('/')[0].toLowerCase() === this.api.owner.toLowerCase() && name.includes('/')).map((name) => name.split('/')[1]);
        if (!reviewers.length && !teamReviewers.length)
            return;
        await this.call({ what: `request reviewers on ${this.label}`, permission: WRITE_PULLS }, zod__WEBPACK_IMPORTED_MODULE_0__/* .unknown */ .L5J(), 'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', { reviewers, team_reviewers: teamReviewers });
    }
    /**
     * Our own comment that starts with `marker`: anyone (the author, a chat-ops app) can post the same marker,
     * and our own comments quote what the author chose (approve-safe's the file names) further down.
     */
    async ownComment(call, marker) {
        const [comments, own] = await Promise.all([this.listAll(call, Comment, 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: this.options.number }), this.own()]);
        return comments.find((comment) => (0,_own_identity_js__WEBPACK_IMPORTED_MODULE_2__/* .isOwnIdentity */ .XB)(own, comment.user) && comment.body?.startsWith(marker));
    }
    /**
     * Our own comment's body \u2014 unless someone else edited it since (anyone with write access can edit
     * a comment on GitHub), which GraphQL's `editor` tells: then it names nothing.
     */
    async ownCommentWith(marker) {
        const call = { what: `read the comments of ${this.label}`, permission: READ_PULLS };
        const comment = await this.ownComment(call, marker);
        if (!comment)
            return undefined;
        if (!comment.node_id)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`GitHub listed gitops-sync's comment on ${this.label} without its node_id, so who last edited it cannot be checked; nothing is taken from it.`);
        const { node } = (await this.call({ what: `read who edited gitops-sync's comment on ${this.label}`, permission: READ_PULLS }, CommentEdit, this.api.graphqlRoute(), { query: COMMENT_EDIT_QUERY, variables: { id: comment.node_id } })).data.data;
        const own = await this.own();
        if (node?.lastEditedAt && !(node.editor && isLogin(node.editor, own.login))) {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`gitops-sync's comment on ${this.label} was last edited by ${node.editor?.login ?? 'someone unknown'}, not by ${own.login}, so its plan fingerprint is not trusted; run drift-detect on the pull request again to rewrite it.`);
        }
        return comment.body ?? undefined;
    }
    async upsertComment(marker, body, createIfMissing = true) {
        const call = { what: `comment on ${this.label}`, permission: WRITE_PULLS };
        const existing = await this.ownComment(call, marker);
        if (existing?.body === body)
            return 'unchanged';
        if (existing) {
            await this.call(call, zod__WEBPACK_IMPORTED_MODULE_0__/* .unknown */ .L5J(), 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { comment_id: existing.id, body });
            return 'updated';
        }
        if (!createIfMissing)
            return 'absent';
        await this.call(call, zod__WEBPACK_IMPORTED_MODULE_0__/* .unknown */ .L5J(), 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: this.options.number, body });
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
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7638);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2411);



const READ_MEMBERS = 'the "Organization members: read" permission (a GitHub App or a token with read:org; GITHUB_TOKEN cannot read teams)';
const Membership = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
const Team = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), slug: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
/** `org/team-slug` split; GitHub has no team paths: a nested team has its own slug, and its parent counts the child's members too. */
function teamParts(team) {
    const [org, slug, ...rest] = team.split('/');
    if (rest.length)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`GitHub names a team org/team-slug, so ${team} names no team (a nested team is named by its own slug, e.g. ${org}/${rest[rest.length - 1]}); fix it in the base commit's gitops-sync.yaml or CODEOWNERS.`);
    return { org, slug };
}
/** Whether `login` is an active member of `org/team` (`GET /orgs/{org}/teams/{team_slug}/memberships/{username}`; a pending invitation is not). */
async function githubTeamMember(api, team, login) {
    const { org, slug } = teamParts(team);
    const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => api.call({ what: `read ${login}'s membership of ${team}`, permission: READ_MEMBERS }, Membership, 'GET /orgs/{org}/teams/{team_slug}/memberships/{username}', { org, team_slug: slug, username: login }));
    return found?.data.state === 'active';
}
/** Whether `org/team` exists for the token (`GET /orgs/{org}/teams/{team_slug}`): the membership answer is 404 for a missing team and a non-member alike. */
async function githubTeamExists(api, team) {
    const { org, slug } = teamParts(team);
    return (await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => api.call({ what: `read team ${team}`, permission: READ_MEMBERS }, Team, 'GET /orgs/{org}/teams/{team_slug}', { org, team_slug: slug }))) !== undefined;
}


/***/ }),

/***/ 314:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ GitLabApi)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7638);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2411);



const TokenUser = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), username: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), bot: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional() });
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
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('The GitLab API URL is unknown; set CI_API_V4_URL (e.g. https://gitlab.com/api/v4).');
        this.base = base.replace(/\/+$/, '');
        this.project = `/projects/${encodeURIComponent(options.project)}`;
        this.retry = options.retry ?? _api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_RETRY */ .vI;
        this.budget = new _api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .ApiBudget */ .W1((0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .apiLimitsFromEnv */ .E0)(process.env, options.limits), (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .hostOf */ .w4)(this.base), options.token);
    }
    /** One attempt under the budget, its body read before the timeout ends: no answer is a NetworkFailure. */
    async attempt(method, url, body) {
        const { signal, failure } = this.budget.attempt();
        try {
            const response = await fetch(url, {
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
            throw new _api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .NetworkFailure */ .pM(failure(error));
        }
    }
    async send(call, method, path, body) {
        return this.sendTo(call, method, `${this.base}${path}`, body);
    }
    async sendTo(call, method, url, body) {
        return (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .withRetries */ .LH)('GitLab', call, async () => {
            const response = await this.attempt(method, url, body);
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
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`GitLab answered an unexpected shape when asked to ${call.what}; check that CI_API_V4_URL points at the GitLab REST API v4.`);
        return { data: parsed.data, response };
    }
    /**
     * One GraphQL query (`POST /api/graphql`, next to CI_API_V4_URL's `/api/v4`), for what REST does not
     * say; an answer with `errors` or without the data asked for is an error.
     */
    async graphql(call, data, query, variables) {
        if (!/\/api\/v4$/.test(this.base))
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`The GitLab API URL ${this.base} does not end in /api/v4, so GitLab's GraphQL API cannot be found next to it to ${call.what}; set CI_API_V4_URL to https://<host>/api/v4.`);
        const response = await this.sendTo(call, 'POST', this.base.replace(/\/v4$/, '/graphql'), { query, variables });
        const parsed = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ data: data.nullable().optional(), errors: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ message: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() })).optional() }).safeParse(await response.json().catch(() => undefined));
        if (!parsed.success || parsed.data.errors?.length || parsed.data.data == null) {
            const said = parsed.success && parsed.data.errors?.length ? `: ${parsed.data.errors[0].message.slice(0, 200)}` : '';
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`GitLab's GraphQL API did not answer when asked to ${call.what}${said}; the token needs ${call.permission}.`);
        }
        return parsed.data.data;
    }
    /** The timeouts and the page bound every call and listing here is held to. */
    get limits() {
        return this.budget.limits;
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
            const { data, response } = await this.json(call, zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(item), 'GET', `${path}${path.includes('?') ? '&' : '?'}per_page=100&page=${page}`);
            items.push(...data);
            const said = response.headers.get('x-next-page')?.trim() ?? '';
            if (said === '')
                return items;
            const next = Number(said);
            if (!Number.isInteger(next) || next <= page)
                throw (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .incompleteListing */ .Le)('GitLab', call, `named page ${JSON.stringify(said)} as the one after page ${page}`);
            if (read >= this.budget.limits.maxPages)
                throw (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .incompleteListing */ .Le)('GitLab', call, `listed ${(0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .pagesBound */ .ZE)(this.budget.limits)}`);
            page = next;
        }
    }
}


/***/ }),

/***/ 4201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ placedApprovals)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);

const User = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), username: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), bot: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional() });
/** `approved_at` only on newer GitLab; older ones say who approved, not when. */
const Approvals = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ approved_by: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ user: User, approved_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional() })) });
const Note = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ body: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), system: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(), created_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), author: User.optional() });
const Version = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ head_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), base_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(), created_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
/** The system note GitLab writes when someone approves a merge request. */
const APPROVED_NOTE = /^approved this merge request$/i;
/**
 * GitLab's approvals carry no commit, and survive a rebase from the UI or API even when the project
 * removes approvals on push: the approved SHA is the MR's head at the approval's time (the newest
 * diff version created before it). The time is `approved_at` when GitLab gives it, else the
 * "approved this merge request" system note; an approval neither dates has no time and no SHA.
 * Retargeting the MR keeps its head and its approvals but makes a version with another base: the
 * approval was of another diff (`otherBase`).
 */
async function placedApprovals(api, iid, label, permission) {
    const mr = `${api.project}/merge_requests/${iid}`;
    const [{ data }, versions] = await Promise.all([
        api.json({ what: `read the approvals of ${label}`, permission }, Approvals, 'GET', `${mr}/approvals`),
        api.listAll({ what: `list the diff versions of ${label}`, permission }, Version, `${mr}/versions`),
    ]);
    const newestFirst = [...versions].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
    const notes = data.approved_by.some(({ approved_at }) => !approved_at) ? await api.listAll({ what: `list the notes of ${label}`, permission }, Note, `${mr}/notes?sort=asc&order_by=created_at`) : [];
    return data.approved_by.map(({ user, approved_at }) => {
        const time = approved_at || notes.filter((note) => note.system && note.author?.id === user.id && APPROVED_NOTE.test(note.body.trim())).at(-1)?.created_at;
        if (!time)
            return { user };
        // An approval dated the instant a version was made cannot have seen it: it is of the head before (fails closed).
        const head = newestFirst.find((version) => Date.parse(version.created_at) < Date.parse(time));
        // A base GitLab does not give cannot be told to be the newest version's: another, as far as the gate knows.
        const newest = newestFirst[0];
        const otherBase = head && head !== newest && (!head.base_commit_sha || head.base_commit_sha !== newest.base_commit_sha) ? { sha: head.base_commit_sha ?? 'unknown' } : undefined;
        return { user, time, sha: head?.head_commit_sha, ...(otherBase ? { otherBase } : {}) };
    });
}


/***/ }),

/***/ 9074:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ gitlabCommitVerification)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2411);


/** `GET /projects/:id/repository/commits/:sha/signature` (GPG, SSH or X.509); GitLab answers 404 for an unsigned commit. */
const Signature = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ signature_type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(), verification_status: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
/** GitLab's `verification_status` values that mean the signature is good (`verified_system`: signed by GitLab itself for a web commit). */
const VERIFIED = new Set(['verified', 'verified_system']);
/** GitLab's word on a commit's signature: `reason` is its `verification_status`, or `unsigned`. */
async function gitlabCommitVerification(api, sha, permission) {
    const signature = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .orAbsent */ .Re)(() => api.json({ what: `read the signature of ${sha.slice(0, 12)}`, permission }, Signature, 'GET', `${api.project}/repository/commits/${sha}/signature`));
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
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2411);


const READ_API = 'the read_api scope and at least the Reporter role';
const Member = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ access_level: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig() });
const Group = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), full_path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
/** Direct members only: `members/all` also answers for every ancestor group's members, so `acme` would count as `acme/security`. */
async function gitlabGroupMember(api, group, user) {
    const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .orAbsent */ .Re)(() => api.json({ what: `read ${user.login}'s membership of ${group}`, permission: READ_API }, Member, 'GET', `/groups/${encodeURIComponent(group)}/members/${user.id}`));
    return found !== undefined;
}
/** Whether the group exists for the token (`GET /groups/:id`): the membership answer is 404 for a missing group and a non-member alike. */
async function gitlabGroupExists(api, group) {
    return (await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .orAbsent */ .Re)(() => api.json({ what: `read group ${group}`, permission: READ_API }, Group, 'GET', `/groups/${encodeURIComponent(group)}`))) !== undefined;
}


/***/ }),

/***/ 6551:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ GitLabProtection)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2411);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(314);




const READ_API = 'the read_api scope and the Maintainer role';
const WRITE_API = 'the api scope and the Maintainer role';
const PushAccess = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ access_level: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullish(), user_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullish(), group_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullish(), deploy_key_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullish() });
const ProtectedBranch = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), allow_force_push: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(), push_access_levels: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(PushAccess).optional() });
/** A push level other than "No one" (0) lets its holders put commits on the branch that no merge request approved; an answer without the list is read as the worst. */
const pushesAllowed = (levels) => levels === undefined || levels.some((level) => (level.access_level ?? 0) > 0 || level.user_id != null || level.group_id != null || level.deploy_key_id != null);
const ApprovalSettings = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    approvals_before_merge: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullish(),
    merge_requests_author_approval: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().nullish(),
    merge_requests_disable_committers_approval: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().nullish(),
});
const ApprovalRule = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    rule_type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    approvals_required: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    applies_to_all_protected_branches: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
    protected_branches: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() })).optional(),
});
const ProtectedEnvironment = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    required_approval_count: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullish(),
    approval_rules: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ required_approvals: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig() })).optional(),
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
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitLabApi */ .w(options);
    }
    async teamId(group) {
        const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => this.api.json({ what: `read group ${group}`, permission: READ_API }, zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig() }), 'GET', `/groups/${encodeURIComponent(group)}`));
        if (!found)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`GitLab has no group ${group} that this token can see (GET /groups/${encodeURIComponent(group)} answered 404); fix the group's path in approval.environments, or give the token access to it.`);
        return found.data.id;
    }
    async live(environment, branch) {
        const project = this.api.project;
        const protectedBranch = (await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => this.api.json({ what: `read protected branch ${branch}`, permission: READ_API }, ProtectedBranch, 'GET', `${project}/protected_branches/${encodeURIComponent(branch)}`)))?.data;
        const settings = (await this.api.json({ what: 'read the merge request approval settings', permission: READ_API }, ApprovalSettings, 'GET', `${project}/approvals`)).data;
        const rules = await this.api.listAll({ what: 'read the merge request approval rules', permission: READ_API }, ApprovalRule, `${project}/approval_rules`);
        const onBranch = rules.filter((rule) => rule.rule_type !== 'report_approver' && (rule.applies_to_all_protected_branches || !rule.protected_branches?.length || rule.protected_branches.some((known) => known.name === branch)));
        const environmentFound = (await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => this.api.json({ what: `read protected environment ${environment}`, permission: READ_API }, ProtectedEnvironment, 'GET', `${project}/protected_environments/${encodeURIComponent(environment)}`)))?.data;
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
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The settings of environment ${settings.environment} are not complete (${settings.missing.join('; ')}); nothing was set.`);
        try {
            await this.api.json({ what: `protect environment ${settings.environment}`, permission: WRITE_API }, zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }), 'POST', `${this.api.project}/protected_environments`, settings.body);
        }
        catch (error) {
            if (error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo && /\(HTTP 409\b/.test(error.message)) {
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Environment ${settings.environment} is already protected on GitLab and the update API merges entries rather than replacing them, so it was left as it is; compare it with gitops-sync check-protection, or unprotect it and run --apply again.`);
            }
            throw error;
        }
    }
}


/***/ }),

/***/ 2732:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ GitLabReview)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2411);
/* harmony import */ var _commit_signature_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9074);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(314);
/* harmony import */ var _approval_heads_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4201);
/* harmony import */ var _group_membership_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9398);







const User = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), username: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), bot: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional() });
const MergeRequest = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    iid: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    draft: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
    work_in_progress: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
    author: User,
    sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    source_project_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    target_branch: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    target_project_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    changes_count: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(),
    diff_refs: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ base_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), head_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), start_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() }).nullable(),
    created_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    web_url: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
});
const Diff = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    old_path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    new_path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    a_mode: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(),
    b_mode: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(),
    new_file: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    renamed_file: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    deleted_file: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
});
const ProjectApprovals = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    reset_approvals_on_push: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
    merge_requests_author_approval: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
    merge_requests_disable_committers_approval: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(),
});
const Member = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ access_level: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig() });
const Project = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ default_branch: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(), path_with_namespace: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(), ci_config_path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional() });
const MrCommit = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), author_name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), author_email: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), committer_email: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
const TreeEntry = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
const Note = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), body: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), system: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(), author: User.optional() });
const NoteEdit = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), lastEditedAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(), lastEditedBy: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), username: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).nullable() });
const NotesPage = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    project: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ mergeRequest: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ notes: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ nodes: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(NoteEdit), pageInfo: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ hasNextPage: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(), endCursor: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable() }) }) }).nullable() }).nullable(),
});
const NOTE_EDITS_QUERY = 'query($path: ID!, $iid: String!, $after: String) { project(fullPath: $path) { mergeRequest(iid: $iid) { notes(first: 100, after: $after) { nodes { id lastEditedAt lastEditedBy { id username } } pageInfo { hasNextPage endCursor } } } } }';
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
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitLabApi */ .w(options);
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
            defaultBranch: (await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => this.json({ what: `read project ${this.options.project}`, permission: READ_API }, Project, 'GET', this.project)))?.data.default_branch ?? undefined,
        };
    }
    /** The CI file the project's pipelines run; a project that does not say cannot have its CI guarded, so that is an error. */
    async ciSettings() {
        const { data } = await this.json({ what: `read the CI/CD settings of ${this.options.project}`, permission: READ_API }, Project, 'GET', this.project);
        if (data.ci_config_path === undefined || data.path_with_namespace === undefined) {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`GitLab did not say which CI/CD configuration file ${this.options.project} runs (no ci_config_path in GET /projects/:id), so the CI files cannot be guarded; the token needs ${READ_API}.`);
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
    /** Each approval on the head it was given on (see placedApprovals): GitLab keeps approvals across a rebase, whatever the project says. */
    async listReviews() {
        const [placed, me] = await Promise.all([(0,_approval_heads_js__WEBPACK_IMPORTED_MODULE_4__/* .placedApprovals */ .o)(this.api, this.options.iid, this.label, READ_API), this.currentUser()]);
        return Promise.all(placed.map(async ({ user, time, sha, otherBase }, order) => {
            const account = await this.account(user);
            return {
                user: { ...person(user), bot: 'bot' in account && account.bot },
                state: 'APPROVED',
                commitSha: sha,
                otherBase,
                order,
                automatic: user.id === me.id,
                identityProblem: 'problem' in account ? account.problem : undefined,
                submittedAt: time,
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
            found = this.json(call, zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ bot: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(), state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() }), 'GET', `/users/${user.id}`).then(({ data }) => {
                if (data.bot === undefined)
                    return { problem: `GitLab's user API did not say whether ${user.username} is a bot` };
                // A blocked, banned or deactivated account has lost its access, whatever its membership still says.
                if (data.state !== 'active')
                    return { problem: `GitLab says ${user.username}'s account is ${data.state ?? 'in no known state'}` };
                return { bot: data.bot };
            }, (error) => {
                if (!(error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo))
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
            signatures.push({ sha: commit.id, authorEmail: commit.author_email, committerEmail: commit.committer_email, ...(await (0,_commit_signature_js__WEBPACK_IMPORTED_MODULE_5__/* .gitlabCommitVerification */ .C)(this.api, commit.id, READ_API)) });
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
        const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => this.json({ what: `read ${user.login}'s role`, permission: READ_API }, Member, 'GET', `${this.project}/members/all/${user.id}`));
        return (found?.data.access_level ?? 0) >= DEVELOPER;
    }
    isTeamMember(team, user) {
        return (0,_group_membership_js__WEBPACK_IMPORTED_MODULE_6__/* .gitlabGroupMember */ .f)(this.api, team, user);
    }
    async readFileAt(path, sha) {
        const response = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => this.send({ what: `read ${path} at ${sha.slice(0, 12)}`, permission: READ_API }, 'GET', `${this.project}/repository/files/${encodeURIComponent(path)}/raw?ref=${encodeURIComponent(sha)}`));
        return response?.text();
    }
    /** GET /projects/:id/repository/tree, recursive; a folder GitLab does not find there has no files. */
    async filesUnder(folder, sha) {
        const call = { what: `list the files under ${folder || 'the root'} at ${sha.slice(0, 12)}`, permission: READ_API };
        const entries = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => this.listAll(call, TreeEntry, `${this.project}/repository/tree?recursive=true&ref=${encodeURIComponent(sha)}${folder ? `&path=${encodeURIComponent(folder)}` : ''}`));
        return (entries ?? []).filter((entry) => entry.type === 'blob').map((entry) => entry.path);
    }
    /** The token's user (see gitlabOwnIdentity): who our own approvals and notes are written by. */
    currentUser() {
        this.me ??= this.api.currentUser().then(person);
        return this.me;
    }
    async ownApprovals() {
        const [me, reviews] = await Promise.all([this.currentUser(), this.listReviews()]);
        // GitLab answers 401 to a second approval by the same user, whatever head the first was given on: one of ours stands.
        return reviews.filter((review) => review.user.id === me.id).map(() => ({}));
    }
    async approve(sha) {
        try {
            await this.send({ what: `approve ${this.label}`, permission: WRITE_API }, 'POST', `${this.mr}/approve`, { sha });
        }
        catch (error) {
            if (error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo && /HTTP 409/.test(error.message))
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The head of ${this.label} moved while it was being evaluated, so it was not approved; the next run evaluates the new head.`);
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
            const { data } = await this.json(call, zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(User), 'GET', `/users?username=${encodeURIComponent(username)}`);
            ids.push(...data.map((user) => user.id));
        }
        const { data: mr } = await this.json({ what: `read merge request ${this.label}`, permission: READ_API }, zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ reviewers: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(User).optional() }), 'GET', this.mr);
        const current = (mr.reviewers ?? []).map((user) => user.id);
        const wanted = [...new Set([...current, ...ids])];
        if (wanted.length !== current.length)
            await this.send(call, 'PUT', this.mr, { reviewer_ids: wanted });
    }
    /** Our own note that starts with `marker`: anyone (the author, another bot) can post the same marker, and our notes quote file names further down. */
    async ownNote(call, marker) {
        const [notes, me] = await Promise.all([this.listAll(call, Note, `${this.mr}/notes?sort=asc&order_by=created_at`), this.currentUser()]);
        return notes.find((note) => !note.system && note.author?.id === me.id && note.body.startsWith(marker));
    }
    /**
     * Our own note's body \u2014 unless someone else edited it since (a Maintainer can edit anyone's note on
     * GitLab), which only GraphQL's `lastEditedBy` tells: then it is not trusted.
     */
    async ownCommentWith(marker) {
        const note = await this.ownNote({ what: `read the notes of ${this.label}`, permission: READ_API }, marker);
        if (!note)
            return undefined;
        const [edit, me] = await Promise.all([this.lastEdit(note.id), this.currentUser()]);
        if ((edit.lastEditedAt || edit.lastEditedBy) && edit.lastEditedBy?.id !== `gid://gitlab/User/${me.id}`) {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`gitops-sync's note on ${this.label} was last edited by ${edit.lastEditedBy?.username ?? 'someone unknown'}, not by ${me.login}, so its plan fingerprint is not trusted; run drift-detect on the merge request again to rewrite it.`);
        }
        return note.body;
    }
    /** Who last edited a note of the merge request, from GraphQL (its notes oldest first, 100 a page). */
    async lastEdit(noteId) {
        const call = { what: `read who edited gitops-sync's note on ${this.label}`, permission: READ_API };
        const path = /^\d+$/.test(this.options.project) ? (await this.json(call, Project, 'GET', this.project)).data.path_with_namespace : this.options.project;
        let after = null;
        for (let read = 1;; read++) {
            const page = await this.api.graphql(call, NotesPage, NOTE_EDITS_QUERY, { path, iid: String(this.options.iid), after });
            const notes = page.project?.mergeRequest?.notes;
            if (!notes)
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`GitLab's GraphQL API did not find ${this.label} when asked to ${call.what}; the token needs ${READ_API}.`);
            const found = notes.nodes.find((node) => node.id.endsWith(`/${noteId}`));
            if (found)
                return found;
            if (!notes.pageInfo.hasNextPage || !notes.pageInfo.endCursor)
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`GitLab's GraphQL API did not list note ${noteId} of ${this.label} when asked to ${call.what}, so who last edited it cannot be checked; nothing is taken from it.`);
            if (notes.pageInfo.endCursor === after)
                throw (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .incompleteListing */ .Le)('GitLab', call, 'named the same page again');
            if (read >= this.api.limits.maxPages)
                throw (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .incompleteListing */ .Le)('GitLab', call, `listed ${(0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .pagesBound */ .ZE)(this.api.limits)}`);
            after = notes.pageInfo.endCursor;
        }
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
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);

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
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${BOT_LOGIN_VARIABLE} must be a GitHub login such as my-app[bot] (got ${JSON.stringify(login)}).`);
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

/***/ 219:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ protectionPlatformFor)
/* harmony export */ });
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2411);
/* harmony import */ var _github_protection_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6143);
/* harmony import */ var _gitlab_protection_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6551);




/**
 * The platform's protection API with the run's token (GITHUB_TOKEN / GITLAB_TOKEN) for the repository
 * named (`repo`, else GITHUB_REPOSITORY / CI_PROJECT_ID); undefined without them, or \u2014 when `needed`
 * says what for \u2014 one sentence naming what is missing.
 */
function protectionPlatformFor(platform, env, options = {}) {
    const tokenVariable = platform === 'github' ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
    const token = env[tokenVariable];
    const where = options.repo || (platform === 'github' ? env.GITHUB_REPOSITORY : env.CI_PROJECT_ID);
    if (!token || !where) {
        if (options.needed)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${options.needed} needs ${tokenVariable} and ${platform === 'github' ? '--repo OWNER/REPO (or GITHUB_REPOSITORY)' : '--repo PROJECT (or CI_PROJECT_ID)'}.`);
        return undefined;
    }
    options.onSecret?.(token);
    const limits = (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .apiLimitsFromEnv */ .E0)(env);
    return platform === 'github' ? new _github_protection_js__WEBPACK_IMPORTED_MODULE_2__/* .GitHubProtection */ .T({ token, repository: where, baseUrl: env.GITHUB_API_URL, limits }) : new _gitlab_protection_js__WEBPACK_IMPORTED_MODULE_3__/* .GitLabProtection */ .X({ token, project: where, baseUrl: env.CI_API_V4_URL, limits });
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
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2411);
/* harmony import */ var _github_review_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6036);
/* harmony import */ var _gitlab_review_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2732);
/* harmony import */ var _own_identity_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(863);







const PlatformName = zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['github', 'gitlab']);
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
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`--platform must be github or gitlab${args.platform ? ` (got ${JSON.stringify(args.platform)})` : ''}; it is only detected on a GitHub or GitLab runner.`);
    const github = platform.data === 'github';
    const repo = args.repo ?? (github ? env.GITHUB_REPOSITORY : env.CI_PROJECT_ID);
    const number = args.pr ?? (github ? githubEventPullNumber(env) : env.CI_MERGE_REQUEST_IID);
    const noun = github ? 'pull request' : 'merge request';
    if (!repo)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`--repo is required outside a CI run; pass ${github ? 'OWNER/REPO' : 'the project path or id'}.`);
    if (!number)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`The ${noun} number is unknown: run on a ${noun} event, or pass it (--pr N, or the action's pull-request input).`);
    if (!/^[1-9]\d*$/.test(number))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`--pr must be the ${noun} number (got ${JSON.stringify(number)}).`);
    const tokenVar = github ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
    const token = env[tokenVar];
    if (!token)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${tokenVar} is not set; give it a token of a bot identity that is not the ${noun}'s author (see the README for the permissions).`);
    onSecret(token);
    const limits = (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .apiLimitsFromEnv */ .E0)(env);
    return github
        ? new _github_review_js__WEBPACK_IMPORTED_MODULE_4__/* .GitHubReview */ .G({ token, repository: repo, number: Number(number), baseUrl: env.GITHUB_API_URL, botLogin: (0,_own_identity_js__WEBPACK_IMPORTED_MODULE_5__/* .configuredBotLogin */ .LU)(env), limits })
        : new _gitlab_review_js__WEBPACK_IMPORTED_MODULE_6__/* .GitLabReview */ .k({ token, project: repo, iid: Number(number), baseUrl: env.CI_API_V4_URL, limits });
}


/***/ })

};

export const id = 365;
export const ids = [365];
export const modules = {

/***/ 9817:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ changeHistoryFor)
/* harmony export */ });
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7638);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2411);
/* harmony import */ var _github_change_history_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2482);
/* harmony import */ var _gitlab_change_history_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3421);
/* harmony import */ var _review_target_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9006);





/**
 * The repository history `audit export` reads PRs/MRs, reviews and CI from: `--platform/--repo`, each
 * defaulting from the CI run (GITHUB_REPOSITORY / CI_PROJECT_ID). Undefined outside CI without
 * --platform: then only git and the audit log are read. `onSecret` is told the token.
 */
function changeHistoryFor(args, env, onSecret) {
    const name = args.platform ?? (0,_review_target_js__WEBPACK_IMPORTED_MODULE_0__/* .detectPlatform */ .l)(env);
    if (name === undefined)
        return undefined;
    if (name !== 'github' && name !== 'gitlab')
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`--platform must be github or gitlab (got ${JSON.stringify(name)}).`);
    const github = name === 'github';
    const repo = args.repo ?? (github ? env.GITHUB_REPOSITORY : env.CI_PROJECT_ID);
    if (!repo)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`--repo is required outside a CI run; pass ${github ? 'OWNER/REPO' : 'the project path or id'}.`);
    const tokenVar = github ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN';
    const token = env[tokenVar];
    if (!token)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${tokenVar} is not set; audit export reads the ${github ? 'pull requests' : 'merge requests'}, reviews and CI with it (see the README for the read permissions).`);
    onSecret(token);
    const limits = (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .apiLimitsFromEnv */ .E0)(env);
    return github
        ? new _github_change_history_js__WEBPACK_IMPORTED_MODULE_3__/* .GitHubChangeHistory */ .W({ token, repository: repo, baseUrl: env.GITHUB_API_URL, limits })
        : new _gitlab_change_history_js__WEBPACK_IMPORTED_MODULE_4__/* .GitLabChangeHistory */ .o({ token, project: repo, baseUrl: env.CI_API_V4_URL, limits });
}


/***/ }),

/***/ 2482:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ GitHubChangeHistory)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3794);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8835);



const User = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), login: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
/** A pull request as `GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls` lists it (pull-request-simple). */
const CommitPull = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    number: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    html_url: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(),
    user: User.nullable(),
    labels: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() })),
    created_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    merged_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(),
    merge_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(),
    head: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }),
    base: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ ref: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }),
});
const Review = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ user: User.nullable(), state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), commit_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(), submitted_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional() });
const CombinedStatus = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), total_count: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), statuses: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() })) });
const CheckRuns = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ total_count: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), check_runs: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ status: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), conclusion: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable() })) });
const Commit = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    author: User.nullable(),
    committer: User.nullable(),
    commit: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ verification: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ verified: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(), reason: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).optional() }),
});
const Repository = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ default_branch: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() });
const READ_PULLS = 'the "Pull requests: read" permission (GITHUB_TOKEN: permissions: pull-requests: read)';
const READ_CONTENTS = 'the "Contents: read" permission (GITHUB_TOKEN: permissions: contents: read)';
const READ_STATUSES = 'the "Commit statuses: read" permission (GITHUB_TOKEN: permissions: statuses: read)';
const READ_CHECKS = 'the "Checks: read" permission (GITHUB_TOKEN: permissions: checks: read)';
/** Check-run conclusions that mean the check did not pass (REST "check runs": conclusion). */
const FAILED_CHECK = new Set(['action_required', 'cancelled', 'failure', 'timed_out', 'stale', 'startup_failure']);
const MAX_CHECK_PAGES = 10;
const person = (user) => ({ id: user ? String(user.id) : null, login: user?.login ?? null });
/**
 * The approvals still standing (reviews are listed oldest first): a reviewer's approvals before their
 * later request for changes were withdrawn by it, as GitHub and the gate take them (a dismissed
 * approval already reads DISMISSED; a plain comment withdraws nothing).
 */
function standingApprovals(reviews) {
    const withdrawn = new Set();
    const standing = [];
    for (const review of [...reviews].reverse()) {
        if (!review.user)
            continue;
        if (review.state === 'CHANGES_REQUESTED')
            withdrawn.add(review.user.id);
        else if (review.state === 'APPROVED' && !withdrawn.has(review.user.id))
            standing.unshift(review);
    }
    return standing;
}
/** One repository's history on GitHub, read-only, for `audit export`. */
class GitHubChangeHistory {
    name = 'github';
    api;
    constructor(options) {
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApi */ .y(options);
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
            approvals: standingApprovals(reviews).flatMap((review) => (review.user && review.commit_id && review.submitted_at ? [{ ...person(review.user), time: review.submitted_at, sha: review.commit_id }] : [])),
        };
    }
    /** The combined commit status and every check run: any failure fails, anything unfinished is pending, nothing at all is none. */
    async ciStatus(sha) {
        const combined = (await this.api.call({ what: `read the combined status of ${sha.slice(0, 12)}`, permission: READ_STATUSES }, CombinedStatus, 'GET /repos/{owner}/{repo}/commits/{ref}/status', { ref: sha, per_page: 100 })).data;
        const runs = [];
        let checkTotal = 0;
        for (let page = 1; page <= MAX_CHECK_PAGES; page++) {
            const { data } = await this.api.call({ what: `list the check runs of ${sha.slice(0, 12)}`, permission: READ_CHECKS }, CheckRuns, 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ref: sha, per_page: 100, page });
            (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .appendAll */ .u2)(runs, data.check_runs);
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


/***/ }),

/***/ 3421:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ GitLabChangeHistory)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(314);
/* harmony import */ var _approval_heads_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4201);
/* harmony import */ var _commit_signature_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9074);




const User = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), username: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
/** A merge request as `GET /projects/:id/repository/commits/:sha/merge_requests` lists it. */
const CommitMergeRequest = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    iid: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
    web_url: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(),
    author: User,
    created_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    target_branch: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    merge_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(),
    squash_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(),
    labels: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()),
});
const Pipeline = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ status: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() });
const Project = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ default_branch: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional() });
const READ_API = 'the read_api scope and at least the Reporter role';
const PIPELINE = { success: 'success', failed: 'failure', canceled: 'failure', skipped: 'failure' };
const person = (user) => ({ id: String(user.id), login: user.username });
/** One project's history on GitLab, read-only, for `audit export`. */
class GitLabChangeHistory {
    options;
    name = 'gitlab';
    api;
    constructor(options) {
        this.options = options;
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitLabApi */ .w(options);
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
            author: person(mr.author),
            opened_at: mr.created_at,
            merged_head_sha: mr.sha,
            labels: mr.labels,
            approvals: await this.approvals(mr.iid),
        };
    }
    /** Each approval with its time and the head it was given on (see placedApprovals); one that cannot be placed is left out. */
    async approvals(iid) {
        const placed = await (0,_approval_heads_js__WEBPACK_IMPORTED_MODULE_2__/* .placedApprovals */ .o)(this.api, iid, `${this.options.project}!${iid}`, READ_API);
        return placed.flatMap(({ user, time, sha }) => (time && sha ? [{ ...person(user), time, sha }] : []));
    }
    /** The latest pipeline for the commit. */
    async ciStatus(sha) {
        const { data } = await this.api.json({ what: `list the pipelines of ${sha.slice(0, 12)}`, permission: READ_API }, zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(Pipeline), 'GET', `${this.api.project}/pipelines?sha=${sha}&order_by=id&sort=desc&per_page=1`);
        return data.length ? (PIPELINE[data[0].status] ?? 'pending') : 'none';
    }
    /** GitLab answers 404 for an unsigned commit. Its commits name people by email only, so no logins. */
    async commit(sha) {
        return { verification: await (0,_commit_signature_js__WEBPACK_IMPORTED_MODULE_3__/* .gitlabCommitVerification */ .C)(this.api, sha, READ_API), authorLogin: null, committerLogin: null };
    }
}


/***/ }),

/***/ 365:
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
  GITHUB_SCHEDULE_LOGIN: () => (/* reexport */ run_identity.GITHUB_SCHEDULE_LOGIN),
  GitHubChangeHistory: () => (/* reexport */ change_history/* GitHubChangeHistory */.W),
  GitHubDeployers: () => (/* reexport */ deployers/* GitHubDeployers */.j),
  GitHubDeploymentRecorder: () => (/* reexport */ deployments/* GitHubDeploymentRecorder */.R),
  GitHubDriftIssues: () => (/* reexport */ GitHubDriftIssues),
  GitHubProtection: () => (/* reexport */ protection/* GitHubProtection */.T),
  GitHubPullOpener: () => (/* reexport */ pull_opener/* GitHubPullOpener */.m),
  GitHubReview: () => (/* reexport */ review/* GitHubReview */.G),
  GitLabChangeHistory: () => (/* reexport */ gitlab_change_history/* GitLabChangeHistory */.o),
  GitLabDeployers: () => (/* reexport */ gitlab_deployers/* GitLabDeployers */.x),
  GitLabDriftIssues: () => (/* reexport */ GitLabDriftIssues),
  GitLabMergeRequestOpener: () => (/* reexport */ mr_opener/* GitLabMergeRequestOpener */.I),
  GitLabProtection: () => (/* reexport */ gitlab_protection/* GitLabProtection */.X),
  GitLabReview: () => (/* reexport */ gitlab_review/* GitLabReview */.k),
  HASHICORP_SIGNER: () => (/* reexport */ HASHICORP_SIGNER),
  NetworkFailure: () => (/* reexport */ api_retry/* NetworkFailure */.pM),
  PAGERDUTY_EVENTS_URL: () => (/* reexport */ PAGERDUTY_EVENTS_URL),
  PagerDutyNotifier: () => (/* reexport */ PagerDutyNotifier),
  READ_MEMBERS: () => (/* reexport */ team_membership/* READ_MEMBERS */.DH),
  SlackNotifier: () => (/* reexport */ SlackNotifier),
  WebhookNotifier: () => (/* reexport */ WebhookNotifier),
  apiLimitsFromEnv: () => (/* reexport */ api_retry/* apiLimitsFromEnv */.E0),
  changeHistoryFor: () => (/* reexport */ change_history_target/* changeHistoryFor */.m),
  channelUrl: () => (/* reexport */ channelUrl),
  configuredBotLogin: () => (/* reexport */ own_identity/* configuredBotLogin */.LU),
  deployerDirectoryFor: () => (/* reexport */ deployer_directory/* deployerDirectoryFor */.b),
  detectPlatform: () => (/* reexport */ review_target/* detectPlatform */.l),
  emailContent: () => (/* reexport */ emailContent),
  followUpDriftCheck: () => (/* reexport */ followUpDriftCheck),
  githubDeploymentsFor: () => (/* reexport */ deployments/* githubDeploymentsFor */.n),
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
  pagerDutyEvents: () => (/* reexport */ pagerDutyEvents),
  pagesBound: () => (/* reexport */ api_retry/* pagesBound */.ZE),
  postJson: () => (/* reexport */ postJson),
  protectionPlatformFor: () => (/* reexport */ protection_target/* protectionPlatformFor */.I),
  pushMetrics: () => (/* reexport */ pushMetrics),
  resolveRunActor: () => (/* reexport */ run_identity.resolveRunActor),
  retrying: () => (/* reexport */ api_retry/* retrying */.R$),
  reviewPlatformFor: () => (/* reexport */ review_target/* reviewPlatformFor */.b),
  runIdentity: () => (/* reexport */ run_identity.runIdentity),
  runUrl: () => (/* reexport */ runUrl),
  scopedDedupKey: () => (/* reexport */ scopedDedupKey),
  signature: () => (/* reexport */ signature),
  slackMessage: () => (/* reexport */ slackMessage),
  withRetries: () => (/* reexport */ api_retry/* withRetries */.LH)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/engine/src/files.ts + 1 modules
var files = __webpack_require__(6477);
// EXTERNAL MODULE: ./packages/engine/src/node-exec.ts
var node_exec = __webpack_require__(9146);
// EXTERNAL MODULE: ./node_modules/@actions/tool-cache/lib/tool-cache.js + 2 modules
var tool_cache = __webpack_require__(9805);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/core/src/config/schema.ts + 1 modules
var schema = __webpack_require__(5688);
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
            throw new errors/* UserError */.yo(`Downloaded ${layout.archive} failed checksum verification (expected SHA-256 ${expected} from ${layout.checksumFile}, got ${actual}); retry, and check that ${layout.dir} is a trustworthy mirror.`);
        }
        extracted = await layout.extract(archivePath);
        const binary = (0,external_node_path_.join)(extracted, layout.binary);
        if (!(await isFile(binary))) {
            throw new errors/* UserError */.yo(`${layout.archive} from ${layout.dir} has no ${layout.binary}; check that the mirror serves ${tool.title} ${version} release archives.`);
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
    throw new errors/* UserError */.yo(`${tool.versionInput} ${JSON.stringify(version)} is not a valid ${tool.title} release; ${fix} ${tool.exampleVersion}.`);
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
        throw new errors/* UserError */.yo(`${tool.title} download URL ${JSON.stringify(baseUrl)} is not a URL; give an https:// address of a release mirror.`);
    }
    if (url.protocol === 'https:')
        return;
    if (url.protocol === 'http:' && (0,schema/* isLoopbackHost */.cW)(url.hostname))
        return;
    throw new errors/* UserError */.yo(`${tool.title} download URL ${url.origin} must use https (plain http is allowed only to a loopback address such as 127.0.0.1); change it to an https:// mirror.`);
}
function mapName(tool, kind, name, table, published) {
    const mapped = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!mapped || !published.includes(mapped)) {
        throw new errors/* UserError */.yo(`${tool.title} cannot be installed on ${kind} ${name}; install it yourself and put it on PATH.`);
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
        throw new errors/* UserError */.yo(`${layout.checksumFile} at ${layout.dir} has no SHA-256 checksum line for ${layout.archive}; check ${tool.versionInput} and that ${tool.title} ${release.version} is published for ${target}.`);
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
        throw new errors/* UserError */.yo(`${layout.checksumFile} at ${layout.dir} is not signed by ${signer.name} (${problem}); ${tool.title} was not installed: use the official release site or a mirror that serves the release files unmodified.`);
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
        throw new errors/* UserError */.yo(`Could not download ${tool.title} ${version} from ${url}: ${reason}; ${hint}.`);
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
 * A write to one of the runner's files (outputs, job summary) that failed \u2014 the variable names a folder, a file
 * that is not there, a full disk \u2014 as one sentence naming the variable, not @actions/core's own error.
 */
const runnerFileRefusal = (variable, what, error) => new errors/* UserError */.yo(`The step's ${what} file ${variable}=${JSON.stringify(process.env[variable] ?? '')} could not be written (${error.code ?? error.message}); run the action on a GitHub Actions runner, which sets it.`);
function githubIO() {
    (0,files/* removeScratchFoldersOnSignal */.Xy)();
    return {
        getInput: (name) => core/* getInput */.V4(name),
        setOutput: (name, value) => {
            try {
                core/* setOutput */.uH(name, value);
            }
            catch (error) {
                throw runnerFileRefusal('GITHUB_OUTPUT', 'output', error);
            }
        },
        setSecret: (value) => core/* setSecret */.Pq(value),
        // core.error/warning/setFailed escape their messages; info does not.
        info: (message) => core/* info */.pq((0,errors/* githubLogText */.bA)(message)),
        error: (message, title) => core/* error */.z3(message, { title }),
        warning: (message) => core/* warning */.$e(message),
        writeSummary: async (markdown) => {
            if (process.env.GITHUB_STEP_SUMMARY)
                await core/* summary */.z.addRaw(markdown, true).write().catch((error) => Promise.reject(runnerFileRefusal('GITHUB_STEP_SUMMARY', 'job summary', error)));
        },
        setFailed: (message) => core/* setFailed */.C1(message),
        installTerraform: (options) => installTerraform(options),
        installHelm: (options) => installHelm(options),
        exec: node_exec/* nodeExec */.U9,
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
// EXTERNAL MODULE: ./packages/platforms/src/github/body-editor.ts
var body_editor = __webpack_require__(6212);
;// CONCATENATED MODULE: ./packages/platforms/src/github/issues.ts





const Issue = schemas/* object */.Ikc({
    number: schemas/* number */.aig(),
    node_id: schemas/* string */.YjP().optional(),
    body: schemas/* string */.YjP().nullable().optional(),
    html_url: schemas/* string */.YjP().optional(),
    created_at: schemas/* string */.YjP().optional(),
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
        if (!found)
            return undefined;
        // Anyone with write access can edit its body, and with it the state that decides which alerts are sent.
        if (!found.node_id)
            throw new errors/* UserError */.yo(`GitHub listed drift issue #${found.number} without its node_id, so who last edited it cannot be checked; nothing is taken from it.`);
        const { body, editedBy } = await (0,body_editor/* bodyAndOtherEditor */.F)(this.api, { what: `read who edited drift issue #${found.number}`, permission: ISSUES_WRITE }, 'Issue', found.node_id, own.login);
        // The body as GraphQL read it with its editor: the one REST listed may have been rewritten since.
        return { number: found.number, body, url: found.html_url, createdAt: found.created_at, ...(editedBy === undefined ? {} : { editedBy }) };
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
    async close(number, title, body) {
        await this.api.call(this.call, schemas/* unknown */.L5J(), 'PATCH /repos/{owner}/{repo}/issues/{issue_number}', { issue_number: number, title, body, state: 'closed', state_reason: 'completed' });
    }
}

// EXTERNAL MODULE: ./packages/platforms/src/gitlab/api.ts
var gitlab_api = __webpack_require__(314);
;// CONCATENATED MODULE: ./packages/platforms/src/gitlab/issues.ts




const issues_Issue = schemas/* object */.Ikc({ iid: schemas/* number */.aig(), description: schemas/* string */.YjP().nullable().optional(), web_url: schemas/* string */.YjP().optional(), created_at: schemas/* string */.YjP().optional(), author: schemas/* object */.Ikc({ id: schemas/* number */.aig() }).nullable().optional() });
const API_SCOPE = 'the api scope and at least the Reporter role';
/**
 * An issue's description and who last edited its title or description, in one answer: GraphQL's description
 * widget (type DESCRIPTION) of the issue as a work item (REST does not say who).
 */
const IssueEdit = schemas/* object */.Ikc({
    project: schemas/* object */.Ikc({
        workItems: schemas/* object */.Ikc({
            nodes: schemas/* array */.YOg(schemas/* object */.Ikc({
                widgets: schemas/* array */.YOg(schemas/* object */.Ikc({ type: schemas/* string */.YjP(), description: schemas/* string */.YjP().nullable().optional(), lastEditedAt: schemas/* string */.YjP().nullable().optional(), lastEditedBy: schemas/* object */.Ikc({ id: schemas/* string */.YjP(), username: schemas/* string */.YjP() }).nullable().optional() })).nullable(),
            })),
        }),
    })
        .nullable(),
});
const ISSUE_EDIT_QUERY = 'query($path: ID!, $iid: String!) { project(fullPath: $path) { workItems(iid: $iid) { nodes { widgets { type ... on WorkItemWidgetDescription { description lastEditedAt lastEditedBy { id username } } } } } } }';
/** A username as GitLab spells one; anything else (a server's odd answer) is not repeated in a message or an alert. */
const shownUsername = (username) => (username && /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}$/.test(username) ? username : 'someone unknown');
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
        if (!found)
            return undefined;
        // The description as GraphQL read it with its editor: the one REST listed may have been rewritten since.
        const { body, editedBy } = await this.descriptionAndOtherEditor(found.iid, own.id);
        return { number: found.iid, body, url: found.web_url, createdAt: found.created_at, ...(editedBy === undefined ? {} : { editedBy }) };
    }
    /** The issue's description, and who last edited it (anyone with the Reporter role can) when that was not us (`ownId`): it holds the state that decides which alerts are sent. */
    async descriptionAndOtherEditor(iid, ownId) {
        const call = { what: `read who edited drift issue #${iid}`, permission: API_SCOPE };
        const answer = await this.api.graphql(call, IssueEdit, ISSUE_EDIT_QUERY, { path: await this.api.projectPath(call), iid: String(iid) });
        const widget = answer.project?.workItems.nodes[0]?.widgets?.find((candidate) => candidate.type === 'DESCRIPTION');
        if (!widget)
            throw new errors/* UserError */.yo(`GitLab's GraphQL API did not give the description of drift issue #${iid} when asked to ${call.what}, so who last edited it cannot be checked; nothing is taken from it.`);
        const body = widget.description ?? '';
        if ((!widget.lastEditedAt && !widget.lastEditedBy) || widget.lastEditedBy?.id === `gid://gitlab/User/${ownId}`)
            return { body };
        return { body, editedBy: shownUsername(widget.lastEditedBy?.username) };
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
    async close(number, title, body) {
        await this.api.send(this.call, 'PUT', `${this.api.project}/issues/${number}`, { title, description: body, state_event: 'close' });
    }
}

// EXTERNAL MODULE: ./packages/platforms/src/github/pull-opener.ts
var pull_opener = __webpack_require__(5875);
// EXTERNAL MODULE: ./packages/platforms/src/gitlab/mr-opener.ts
var mr_opener = __webpack_require__(4555);
// EXTERNAL MODULE: ./packages/core/src/arrays.ts
var arrays = __webpack_require__(8835);
// EXTERNAL MODULE: ./packages/core/src/report/prometheus.ts
var prometheus = __webpack_require__(9166);
// EXTERNAL MODULE: ./packages/engine/src/review/pr-comment.ts
var pr_comment = __webpack_require__(7331);
// EXTERNAL MODULE: ./packages/engine/src/monitor/monitor.ts
var monitor = __webpack_require__(6591);
;// CONCATENATED MODULE: ./packages/engine/src/monitor/metrics.ts

/**
 * Writes metrics text for node_exporter's textfile collector: through a temporary file in the same
 * folder and a rename, so the collector never reads half a file (it only reads `*.prom`, and the
 * temporary file ends in `.tmp`). The file always ends with a line feed, as the format requires.
 * A failure is a UserError naming the path.
 */
function writeMetricsFile(path, text) {
    (0,files/* writeFileAtomic */.Zf)(path, text.endsWith('\n') ? text : `${text}\n`);
}

// EXTERNAL MODULE: ./packages/core/src/redact.ts
var src_redact = __webpack_require__(796);
;// CONCATENATED MODULE: ./packages/platforms/src/http-answer.ts
/** More than any vendor's answer we read (Slack's `ok`, PagerDuty's JSON, a Pushgateway error line). */
const ANSWER_LIMIT = 64 * 1024;
/**
 * The start of an answer's body as text, at most `limit` bytes; the rest is never read, so a server
 * streaming gigabytes costs nothing. A body that breaks off (or outlasts the timeout) gives what came.
 */
async function answerText(response, limit = ANSWER_LIMIT) {
    if (!response.body)
        return '';
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    try {
        while (size < limit) {
            const { done, value } = await reader.read();
            if (done)
                break;
            chunks.push(value);
            size += value.byteLength;
        }
    }
    catch {
        // What came before the break is the answer.
    }
    finally {
        reader.cancel().catch(() => undefined);
    }
    return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
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
        throw new errors/* UserError */.yo('The Pushgateway URL is not a valid URL; pass one like http://pushgateway:9091.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new errors/* UserError */.yo(`The Pushgateway URL must start with http:// or https://, not ${url.protocol}//.`);
    if (url.protocol === 'http:' && (url.username || url.password) && !(0,schema/* isLoopbackHost */.cW)(url.hostname)) {
        throw new errors/* UserError */.yo('The Pushgateway URL carries credentials over plain http to a host that is not loopback, which would send them in the clear; use its https:// address.');
    }
    if (!group.job)
        throw new errors/* UserError */.yo('The Pushgateway job name is empty; give the push a job name.');
    for (const name of Object.keys(group.groupingLabels)) {
        if (!LABEL_NAME.test(name) || name === 'job' || name.startsWith('__'))
            throw new errors/* UserError */.yo(`"${name}" cannot be a Pushgateway grouping label; use a Prometheus label name other than job.`);
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
 * Pushes metrics text with an HTTP PUT to `<base>/metrics/job/<job>/<label>/<value>\u2026`, which
 * replaces everything the group held before (so the text must carry cumulative counters).
 * Credentials in the URL (`https://user:password@host`) go as basic auth, never over plain http
 * beyond loopback, and are never printed.
 * 5xx answers, 429 and network errors are retried with backoff; giving up is a UserError with one
 * sentence.
 */
async function pushMetrics(baseUrl, group, text, options = {}) {
    const where = target(baseUrl, group);
    const timeoutMs = options.timeoutMs ?? 10_000;
    const body = text.endsWith('\n') ? text : `${text}\n`;
    const redact = (message) => where.secrets.reduce(src_redact/* withoutSecret */.Nt, message);
    const labels = Object.entries(group.groupingLabels).map(([name, value]) => `${name} ${JSON.stringify(value)}`);
    const what = `job ${JSON.stringify(group.job)}${labels.length ? `, ${labels.join(', ')}` : ''}`;
    await (0,api_retry/* retrying */.R$)(async () => {
        const response = await fetch(where.url, {
            method: 'PUT',
            headers: { 'content-type': prometheus/* METRICS_CONTENT_TYPE */.TH, ...(where.authorization ? { authorization: where.authorization } : {}) },
            body,
            redirect: 'manual',
            signal: AbortSignal.timeout(timeoutMs),
        }).catch((error) => {
            throw new PushFailure({ status: 0, headers: {}, message: networkReason(error, timeoutMs) });
        });
        const answer = await answerText(response);
        if (response.ok)
            return;
        // The gateway's own reason, first line only; a proxy echoing the credentials has them masked.
        const reason = redact(answer.trim().split('\n')[0].slice(0, 200)).replace(/[.\s]+$/, '');
        throw new PushFailure({ status: response.status, headers: Object.fromEntries(response.headers), message: reason });
    }, (error) => (error instanceof PushFailure ? error.failure : undefined), (failure, attempts) => {
        const status = failure.status === 0 ? failure.message : `HTTP ${failure.status}${failure.message ? `: ${failure.message}` : ''}`;
        const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
        return new errors/* UserError */.yo(`Could not push metrics for ${what} to the Pushgateway at ${where.shown} (${status}${tries}); ${hint(failure.status)}.`);
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
            throw new errors/* UserError */.yo('drift issues on GitHub need GITHUB_TOKEN and the repository (GITHUB_REPOSITORY or --repo).');
        onSecret(token);
        return new GitHubDriftIssues({ token, repository, baseUrl: env.GITHUB_API_URL, botLogin: (0,own_identity/* configuredBotLogin */.LU)(env), limits: (0,api_retry/* apiLimitsFromEnv */.E0)(env) }, labels);
    }
    if (platform === 'gitlab') {
        const token = env.GITLAB_TOKEN;
        const project = target.repo ?? env.CI_PROJECT_ID;
        if (!token || !project)
            throw new errors/* UserError */.yo('drift issues on GitLab need GITLAB_TOKEN and the project (CI_PROJECT_ID or --repo).');
        onSecret(token);
        return new GitLabDriftIssues({ token, project, baseUrl: env.CI_API_V4_URL, limits: (0,api_retry/* apiLimitsFromEnv */.E0)(env) }, labels);
    }
    throw new errors/* UserError */.yo('drift issues need --platform github|gitlab outside a CI run.');
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
            result.comment = await (0,pr_comment/* commentDriftReport */.Zv)(platform, report, options.prComment, options.runUrl, options.secrets);
            progress.step(`Pull/merge request comment: ${result.comment}`);
        }
        catch (error) {
            result.failures.push(`pull/merge request comment: ${(0,errors/* describeFailure */.Ic)(error)}`);
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
            result.failures.push(`drift issue: ${(0,errors/* describeFailure */.Ic)(error)}`);
        }
    }
    result.monitor = await (0,monitor/* runMonitor */.aU)({ report, monitoring: config.monitoring, now: options.now, runUrl: options.runUrl, stateFile: options.stateFile, durationSeconds: options.durationSeconds, auditEvents: options.auditEvents }, { notifiers: options.notify ? options.notifiers : [], issues, progress, audit: options.audit });
    (0,arrays/* appendAll */.u2)(result.failures, result.monitor.failures);
    if (wantsMetrics && result.monitor.state.metrics) {
        const text = (0,prometheus/* renderMetrics */.qF)(result.monitor.state.metrics);
        try {
            if (options.metrics?.file)
                writeMetricsFile(options.metrics.file, text);
            if (options.metrics?.pushgatewayUrl)
                await pushMetrics(options.metrics.pushgatewayUrl, { job: 'gitops-sync', groupingLabels: { environment: report.environment } }, text);
        }
        catch (error) {
            result.failures.push(`metrics: ${(0,errors/* describeFailure */.Ic)(error)}`);
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
/** The URL, refused in one sentence that never repeats it (for webhooks the URL is the secret). */
function channelUrl(channel, url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw new errors/* UserError */.yo(`The ${channel} URL is not a valid URL; set it to the https:// address the service gave you.`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        throw new errors/* UserError */.yo(`The ${channel} URL is not an http(s) URL; set it to the https:// address the service gave you.`);
    if (parsed.protocol === 'http:' && !(0,schema/* isLoopbackHost */.cW)(parsed.hostname)) {
        throw new errors/* UserError */.yo(`The ${channel} URL is plain http to a host that is not loopback, which would send its secret in the clear; use its https:// address.`);
    }
    if (parsed.username || parsed.password)
        throw new errors/* UserError */.yo(`The ${channel} URL carries a user name or password, which is not sent that way; put the credentials where the service expects them.`);
    return parsed;
}
/** A vendor's short error word (`invalid_blocks`, `no_service`) is worth showing; anything longer might echo a secret. */
function shortAnswer(text) {
    const word = text.trim();
    return /^[A-Za-z][\w .:-]{0,60}$/.test(word) && !/[A-Za-z0-9]{24,}/.test(word) ? `: ${word}` : '';
}
/**
 * POSTs a JSON body to a channel (`channel` starts the sentences: "Slack", "PagerDuty", "The webhook"), retrying 5xx, 429 (honouring retry-after) and network errors,
 * each attempt with a timeout. Gives up with one sentence naming the channel and the status \u2014
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
        const answer = await answerText(response);
        if (response.status >= 200 && response.status < 300)
            return answer;
        throw new ChannelFailure({ status: response.status, headers: Object.fromEntries(response.headers), message: shortAnswer(answer.replace(/\s+/g, ' ')) });
    }, (error) => (error instanceof ChannelFailure ? error.failure : undefined), (failure, attempts) => {
        const what = failure.status === 0 ? failure.message : `HTTP ${failure.status}${failure.message}`;
        return new errors/* UserError */.yo(`${channel} did not take the alert (${what}${attempts > 1 ? `, after ${attempts} attempts` : ''}); check its settings in monitoring.notifications and that the service is reachable.`);
    }, options.retry ?? api_retry/* DEFAULT_RETRY */.vI);
}
/** `sha256=<hex>` HMAC of the exact body bytes, as X-GitOps-Sync-Signature carries it. */
function signature(secret, body) {
    return `sha256=${(0,external_node_crypto_.createHmac)('sha256', secret).update(body).digest('hex')}`;
}

;// CONCATENATED MODULE: ./packages/platforms/src/notify/slack.ts


const EMOJI = { critical: ':red_circle:', high: ':large_orange_circle:', medium: ':large_yellow_circle:', low: ':white_circle:' };
/** Slack mrkdwn treats &, < and > as markup. */
const slack_escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A name someone else chose (a resource address) as inline code on one line: a backtick or line break in it would end the code, or the line. */
const code = (name) => `\`${slack_escape((0,errors/* oneLine */.TN)(name).replace(/`/g, '?'))}\``;
/** Block Kit blocks for one alert: header, counts, the top changes, the run link. */
function slackMessage(event) {
    const counts = ['critical', 'high', 'medium', 'low'].map((severity) => `${EMOJI[severity]} *${event.counts[severity]}* ${severity}`).join('   ');
    const header = event.kind === 'trigger' ? `Drift in ${event.environment}` : event.totalChanges ? `Drift in ${event.environment} is back under the alert thresholds` : `Drift resolved in ${event.environment}`;
    const blocks = [
        { type: 'header', text: { type: 'plain_text', text: (0,errors/* clip */.$Q)(header, 150), emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: (0,errors/* clip */.$Q)(slack_escape(event.summary), 3000) } },
    ];
    if (event.kind === 'trigger') {
        blocks.push({ type: 'section', fields: [{ type: 'mrkdwn', text: `*Environment*\n${slack_escape(event.environment)}` }, { type: 'mrkdwn', text: `*Changes*\n${counts}` }] });
        const top = event.topChanges.slice(0, 10).map((change) => `${EMOJI[change.severity]} ${code(change.address)} ${change.action}${change.origin === 'outside' ? ' (changed outside Git)' : ''} \u2014 ${slack_escape(change.rule)}`);
        if (top.length)
            blocks.push({ type: 'section', text: { type: 'mrkdwn', text: (0,errors/* clip */.$Q)(`*Top changes*\n${top.join('\n')}`, 3000) } });
    }
    if (event.runUrl && /^https?:\/\//.test(event.runUrl))
        blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the run' }, url: event.runUrl }] });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `gitops-sync \u00b7 ${event.at}` }] });
    return { text: (0,errors/* clip */.$Q)(event.summary, 3000), blocks };
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
/** PagerDuty's longest dedup_key. */
const DEDUP_KEY_LIMIT = 255;
/**
 * The alert's key within `scope`, the repository the run checks (`@owner/repo`): two repositories with an
 * environment of the same name may share a routing key, and must not resolve each other's incident. A scope
 * that would make the key too long is named by its sha256.
 */
function scopedDedupKey(key, scope) {
    if (!scope)
        return key;
    const scoped = `${key}@${scope}`;
    return scoped.length <= DEDUP_KEY_LIMIT ? scoped : `${key}@${(0,external_node_crypto_.createHash)('sha256').update(scope).digest('hex').slice(0, 16)}`;
}
/** A resolve of the alert with `dedupKey` (accepted, and nothing done, when none is open). */
const resolveEvent = (routingKey, dedupKey) => ({ routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey });
/** The Events API v2 event: `trigger` (or `resolve`) with the alert's dedup key (in `scope`, see scopedDedupKey). */
function pagerDutyEvent(event, routingKey, source, scope) {
    if (event.kind === 'resolve')
        return resolveEvent(routingKey, scopedDedupKey(event.dedupKey, scope));
    const severity = event.counts.critical > 0 ? 'critical' : event.counts.high > 0 ? 'error' : 'warning';
    return {
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key: scopedDedupKey(event.dedupKey, scope),
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
/**
 * The events to send, in order: the event itself, then a resolve of each other alert it closes (an
 * escalation's trigger opens an incident of its own and closes the lower one; a resolve closes every
 * key the environment's alert may have had, in the order given: the alert's own last, so a failure
 * part-way leaves its incident open, as the state kept after a failed send says).
 */
function pagerDutyEvents(event, routingKey, source, scope) {
    const closing = (key) => resolveEvent(routingKey, scopedDedupKey(key, scope));
    if (event.kind === 'resolve' && event.resolves?.includes(event.dedupKey))
        return event.resolves.map(closing);
    const others = (event.resolves ?? []).filter((key) => key !== event.dedupKey);
    return [pagerDutyEvent(event, routingKey, source, scope), ...others.map(closing)];
}
/** PagerDuty Events API v2: one open incident per environment (a new one when severity rises), resolved when the drift is gone. */
class PagerDutyNotifier {
    options;
    name = 'pagerduty';
    /** `scope`: the repository the run checks (GITHUB_REPOSITORY, CI_PROJECT_PATH), see scopedDedupKey. */
    constructor(options) {
        this.options = options;
    }
    async send(event) {
        const url = channelUrl('PagerDuty Events API', this.options.url ?? PAGERDUTY_EVENTS_URL);
        for (const body of pagerDutyEvents(event, this.options.routingKey, this.options.source ?? 'gitops-sync', this.options.scope))
            await postJson('PagerDuty', url, body, {}, this.options);
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

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./node_modules/nodemailer/lib/nodemailer.js
var nodemailer = __webpack_require__(6002);
;// CONCATENATED MODULE: ./packages/platforms/src/notify/email.ts




/** SMTP answers worth another try: 421 (service not available) and 45x (mailbox busy, local error, no room). */
const TRANSIENT_SMTP = new Set([421, 450, 451, 452]);
const NETWORK = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'ECONNRESET']);
const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
function emailContent(event) {
    const counts = ['critical', 'high', 'medium', 'low'].filter((severity) => event.counts[severity]).map((severity) => `${event.counts[severity]} ${severity}`);
    const subject = event.kind === 'trigger'
        ? `[gitops-sync] ${event.environment}: ${counts.join(', ') || 'drift'}`
        : event.totalChanges
            ? `[gitops-sync] ${event.environment}: back under the alert thresholds, ${counts.join(', ')} still drift`
            : `[gitops-sync] ${event.environment}: drift resolved`;
    const lines = [event.summary, '', ...event.reasons.map((reason) => `- ${reason}`)];
    if (event.topChanges.length)
        (0,arrays/* appendAll */.u2)(lines, ['', 'Top changes:', ...event.topChanges.map((change) => `- ${change.severity}: ${(0,errors/* oneLine */.TN)(change.address)} (${change.action}, ${(0,errors/* oneLine */.TN)(change.rule)})`)]);
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
/**
 * One attempt, `timeoutMs` in all: nodemailer's socket timeout only measures silence, so a server
 * trickling reply lines (`250-\u2026`) would hold the run for ever. At the deadline the attempt's socket
 * is destroyed, so nothing is left running.
 */
function sendWithin(transport, mail, sockets, timeoutMs) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            reject(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' }));
            for (const socket of sockets.splice(0))
                socket.destroy();
        }, timeoutMs);
        transport
            .sendMail(mail)
            .then(resolve, reject)
            .finally(() => clearTimeout(timer));
    });
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
        const sockets = [];
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
            // nodemailer's documented hook for a socket of our own (it upgrades it to TLS as it would its own): one we can destroy.
            getSocket: (_options, done) => {
                const socket = (0,external_node_net_.connect)({ host, port });
                sockets.push(socket);
                done(null, { connection: socket });
            },
        });
        const mail = { from: this.settings.from, to: this.settings.to, ...emailContent(event) };
        try {
            await (0,api_retry/* retrying */.R$)(() => sendWithin(transport, mail, sockets, timeout), (error) => {
                const { responseCode, code } = error;
                if (code === 'ETLS')
                    return { status: 400, headers: {}, message: code };
                if (responseCode)
                    return { status: TRANSIENT_SMTP.has(responseCode) ? 503 : 400, headers: {}, message: String(responseCode) };
                return { status: code && NETWORK.has(code) ? 0 : 400, headers: {}, message: code ?? 'error' };
            }, (failure, attempts) => {
                const what = `${failure.message}${attempts > 1 ? `, after ${attempts} attempts` : ''}`;
                if (failure.message === 'ETLS') {
                    return new errors/* UserError */.yo(`E-mail did not go out through ${host}:${port}: TLS is required before the SMTP password is sent, and STARTTLS failed or was not offered; use a server that offers STARTTLS (or secure: true on port 465), or set allow_plaintext_auth: true for a relay on loopback.`);
                }
                const hint = failure.message === '535' || failure.message === 'EAUTH' ? 'the SMTP credentials' : 'monitoring.notifications.email and that the server is reachable';
                return new errors/* UserError */.yo(`E-mail did not go out through ${host}:${port} (${what}); check ${hint}.`);
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
            throw new errors/* UserError */.yo(`${variables.join(' and ')} ${variables.length > 1 ? 'are' : 'is'} not set, so ${name} was not told; set ${variables.length > 1 ? 'them' : 'it'} as a secret of the job.`);
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
        notifiers.push(key ? new PagerDutyNotifier({ routingKey: key, source: pagerduty.source, url: env.GITOPS_SYNC_PAGERDUTY_URL, scope: env.GITHUB_REPOSITORY || env.CI_PROJECT_PATH || undefined }) : missing('pagerduty', [pagerduty.routing_key_env]));
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
// EXTERNAL MODULE: ./packages/platforms/src/github/change-history.ts
var change_history = __webpack_require__(2482);
// EXTERNAL MODULE: ./packages/platforms/src/gitlab/change-history.ts
var gitlab_change_history = __webpack_require__(3421);
// EXTERNAL MODULE: ./packages/platforms/src/github/deployments.ts
var deployments = __webpack_require__(8082);
// EXTERNAL MODULE: ./packages/platforms/src/github/protection.ts
var protection = __webpack_require__(6143);
// EXTERNAL MODULE: ./packages/platforms/src/gitlab/protection.ts
var gitlab_protection = __webpack_require__(6551);
// EXTERNAL MODULE: ./packages/platforms/src/protection-target.ts
var protection_target = __webpack_require__(219);
// EXTERNAL MODULE: ./packages/platforms/src/github/team-membership.ts
var team_membership = __webpack_require__(5318);
// EXTERNAL MODULE: ./packages/platforms/src/github/deployers.ts
var deployers = __webpack_require__(8515);
// EXTERNAL MODULE: ./packages/platforms/src/gitlab/group-membership.ts
var group_membership = __webpack_require__(9398);
// EXTERNAL MODULE: ./packages/platforms/src/gitlab/deployers.ts
var gitlab_deployers = __webpack_require__(3755);
// EXTERNAL MODULE: ./packages/platforms/src/deployer-directory.ts
var deployer_directory = __webpack_require__(9272);
// EXTERNAL MODULE: ./packages/platforms/src/change-history-target.ts
var change_history_target = __webpack_require__(9817);
;// CONCATENATED MODULE: ./packages/platforms/src/index.ts































/***/ })

};

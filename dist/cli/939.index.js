export const id = 939;
export const ids = [939,608];
export const modules = {

/***/ 9272:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ deployerDirectoryFor)
/* harmony export */ });
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7638);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2411);
/* harmony import */ var _github_deployers_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8515);
/* harmony import */ var _gitlab_deployers_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3755);
/* harmony import */ var _review_target_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9006);





/**
 * The directory that says who started this CI run and who is in which team, or why there is none
 * here (a terminal, no token). It asks nothing until an environment limits its deployers.
 */
function deployerDirectoryFor(env, onSecret) {
    const platform = (0,_review_target_js__WEBPACK_IMPORTED_MODULE_0__/* .detectPlatform */ .l)(env);
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
    const limits = (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .apiLimitsFromEnv */ .E0)(env);
    try {
        return github
            ? new _github_deployers_js__WEBPACK_IMPORTED_MODULE_2__/* .GitHubDeployers */ .j({ token, repository, baseUrl: env.GITHUB_API_URL, limits }, env)
            : new _gitlab_deployers_js__WEBPACK_IMPORTED_MODULE_3__/* .GitLabDeployers */ .x({ token, project: repository, baseUrl: env.CI_API_V4_URL, limits }, env);
    }
    catch (error) {
        if (error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo)
            return { unavailable: error.message.replace(/\.$/, '') };
        throw error;
    }
}


/***/ }),

/***/ 8515:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ GitHubDeployers)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2411);
/* harmony import */ var _run_identity_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4608);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3794);
/* harmony import */ var _team_membership_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5318);





const User = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), login: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() });
const CommitPull = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ number: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), user: User, merged_at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(), merge_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional() });
const READ_COMMITS = 'the "Contents: read" and "Pull requests: read" permissions';
/** Who started the run, and who the deployers list names, through GitHub's REST API. */
class GitHubDeployers {
    env;
    platform = 'GitHub';
    api;
    actor;
    constructor(options, env) {
        this.env = env;
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApi */ .y(options);
    }
    async byLogin(login) {
        const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => this.api.call({ what: `look up the GitHub user ${login}`, permission: 'no permission (public account data)' }, User, 'GET /users/{username}', { username: login }));
        return found && { id: String(found.data.id), login: found.data.login, bot: found.data.type === 'Bot' };
    }
    runActor() {
        this.actor ??= (0,_run_identity_js__WEBPACK_IMPORTED_MODULE_3__.resolveRunActor)(this.env, { byLogin: (login) => this.byLogin(login), byId: async () => undefined });
        return this.actor;
    }
    async userId(login) {
        return (await this.byLogin(login))?.id;
    }
    teamExists(team) {
        return (0,_team_membership_js__WEBPACK_IMPORTED_MODULE_4__/* .githubTeamExists */ .nI)(this.api, team);
    }
    isTeamMember(team, actor) {
        return (0,_team_membership_js__WEBPACK_IMPORTED_MODULE_4__/* .githubTeamMember */ .j3)(this.api, team, actor.login);
    }
    /**
     * The merged pull request that made `sha` (its merge, squash or last rebased commit). A direct push
     * names only the e-mail its pusher chose (`git commit --author`), which ties it to no one: undefined.
     */
    async changeAuthor(sha) {
        const call = { what: `find the pull request of commit ${sha.slice(0, 12)}`, permission: READ_COMMITS };
        const merged = (await this.api.listAll(call, CommitPull, 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { commit_sha: sha })).filter((pull) => pull.merged_at);
        // Several merged pull requests hold it and none made it: whose change it is cannot be told.
        const pull = merged.find((candidate) => candidate.merge_commit_sha === sha) ?? (merged.length === 1 ? merged[0] : undefined);
        return pull && { id: String(pull.user.id), login: pull.user.login };
    }
}


/***/ }),

/***/ 8082:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ GitHubDeploymentRecorder),
/* harmony export */   n: () => (/* binding */ githubDeploymentsFor)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2411);
/* harmony import */ var _run_identity_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4608);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3794);





const WRITE_DEPLOYMENTS = 'the "Deployments: write" permission (GITHUB_TOKEN: permissions: deployments: write)';
const Created = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig() });
/** GitHub refuses a status description over 140 characters. */
const DESCRIPTION_LIMIT = 140;
const short = (text) => (text.length > DESCRIPTION_LIMIT ? `${text.slice(0, DESCRIPTION_LIMIT - 1)}\u2026` : text);
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
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApi */ .y(options);
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
        return short(this.redact(description));
    }
    redact(text) {
        return this.options.redact ? this.options.redact(text) : text;
    }
    refused(environment, error) {
        this.options.warn(`The deployment of ${environment} is not recorded on GitHub: ${this.redact((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .describeFailure */ .Ic)(error)).replace(/\s+/g, ' ')} The sync or rollback itself is unaffected.`);
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
    const identity = (0,_run_identity_js__WEBPACK_IMPORTED_MODULE_3__.runIdentity)(env);
    if (env.GITHUB_ACTIONS !== 'true' || !token || !identity.repository)
        return undefined;
    const sha = await deployedCommit(where.exec, where.cwd, env);
    if (!sha) {
        where.warn('The deployment is not recorded on GitHub: neither the working copy nor GITHUB_SHA names the commit deployed. The sync or rollback itself is unaffected.');
        return undefined;
    }
    return new GitHubDeploymentRecorder({ token, repository: identity.repository, baseUrl: env.GITHUB_API_URL, limits: (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .apiLimitsFromEnv */ .E0)(env), sha, runUrl: identity.run.url, warn: where.warn, redact: where.redact });
}


/***/ }),

/***/ 5875:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ GitHubPullOpener)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3794);



const Pull = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ number: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), html_url: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), head: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ ref: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).optional() });
const WRITE_PULLS = 'the "Pull requests: write" permission (GITHUB_TOKEN: permissions: pull-requests: write) and "Allow GitHub Actions to create and approve pull requests" in the repository settings';
/** Opens pull requests in one GitHub repository; an already open one for the same head branch is returned instead. */
class GitHubPullOpener {
    api;
    constructor(options) {
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitHubApi */ .y(options);
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
            if (!(error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo) || !/\(HTTP 422\b/.test(error.message))
                throw error;
            const open = await this.api.listAll({ what: `find the open pull request from ${draft.head} in ${label}`, permission: WRITE_PULLS }, Pull, 'GET /repos/{owner}/{repo}/pulls', {
                head: `${this.api.owner}:${draft.head}`,
                base: draft.base,
                state: 'open',
            });
            const found = open.find((pull) => pull.head?.ref === undefined || pull.head.ref === draft.head);
            if (found)
                return { url: found.html_url, number: found.number };
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`GitHub refused to open a pull request from ${draft.head} into ${draft.base} in ${label} (HTTP 422); check that ${draft.head} was pushed and differs from ${draft.base}.`);
        }
    }
}


/***/ }),

/***/ 3755:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ GitLabDeployers)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7638);
/* harmony import */ var _api_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2411);
/* harmony import */ var _run_identity_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4608);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(314);
/* harmony import */ var _group_membership_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9398);






const User = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), username: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), bot: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional(), state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() });
const CommitMr = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    author: User,
    state: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(),
    merge_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(),
    squash_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(),
});
const READ_API = 'the read_api scope and at least the Reporter role';
/** `GET /job`: the job whose CI_JOB_TOKEN is sent, with who started its pipeline and how. */
const Job = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ user: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig() }), pipeline: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ source: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }) });
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
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitLabApi */ .w(options);
    }
    async byLogin(login) {
        const { data } = await this.api.json({ what: `look up the GitLab user ${login}`, permission: READ_API }, zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(User), 'GET', `/users?username=${encodeURIComponent(login)}`);
        const user = data.find((candidate) => candidate.username.toLowerCase() === login.toLowerCase());
        return user && platformUser(user);
    }
    async byId(id) {
        const found = await (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .orAbsent */ .Re)(() => this.api.json({ what: `read the GitLab user ${id}`, permission: READ_API }, User, 'GET', `/users/${encodeURIComponent(id)}`));
        return found && platformUser(found.data);
    }
    runActor() {
        this.actor ??= this.vouchedEnv().then((env) => (0,_run_identity_js__WEBPACK_IMPORTED_MODULE_3__.resolveRunActor)(env, { byLogin: (login) => this.byLogin(login), byId: (id) => this.byId(id) }));
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
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo('CI_JOB_TOKEN is not set, so GitLab cannot vouch for who started this job; a pipeline variable may set GITLAB_USER_ID.');
        const job = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitLabApi */ .w({ ...this.options, token, tokenHeader: 'JOB-TOKEN' });
        const { data } = await job.json({ what: 'read this job (GET /job)', permission: "this job's CI_JOB_TOKEN" }, Job, 'GET', '/job');
        return { ...this.env, GITLAB_USER_ID: String(data.user.id), CI_PIPELINE_SOURCE: data.pipeline.source };
    }
    async userId(login) {
        return (await this.byLogin(login))?.id;
    }
    teamExists(group) {
        return (0,_group_membership_js__WEBPACK_IMPORTED_MODULE_5__/* .gitlabGroupExists */ .P)(this.api, group);
    }
    isTeamMember(group, actor) {
        return (0,_group_membership_js__WEBPACK_IMPORTED_MODULE_5__/* .gitlabGroupMember */ .f)(this.api, group, actor);
    }
    /**
     * The merged merge request that made `sha` (its merge or squash commit, or its head when it
     * fast-forwarded). A direct push names only an e-mail, which cannot be tied to an account: undefined.
     */
    async changeAuthor(sha) {
        const call = { what: `find the merge request of commit ${sha.slice(0, 12)}`, permission: READ_API };
        const requests = await this.api.listAll(call, CommitMr, `${this.api.project}/repository/commits/${encodeURIComponent(sha)}/merge_requests`);
        const made = requests.find((mr) => mr.state === 'merged' && [mr.merge_commit_sha, mr.squash_commit_sha, mr.sha].includes(sha));
        return made && { id: String(made.author.id), login: made.author.username };
    }
}


/***/ }),

/***/ 4555:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ GitLabMergeRequestOpener)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(314);



const MergeRequest = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ iid: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), web_url: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), source_branch: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(), target_branch: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() });
const API_SCOPE = 'the api scope and at least the Developer role';
/** Opens merge requests in one GitLab project (the source branch is removed on merge); an already open one for the same source branch is returned instead. */
class GitLabMergeRequestOpener {
    api;
    constructor(options) {
        this.api = new _api_js__WEBPACK_IMPORTED_MODULE_1__/* .GitLabApi */ .w(options);
    }
    async open(draft) {
        try {
            const { data } = await this.api.json({ what: `open a merge request from ${draft.head} into ${draft.base}`, permission: API_SCOPE }, MergeRequest, 'POST', `${this.api.project}/merge_requests`, {
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
            if (!(error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo) || !/\(HTTP 409\b/.test(error.message))
                throw error;
            const query = `state=opened&source_branch=${encodeURIComponent(draft.head)}&target_branch=${encodeURIComponent(draft.base)}`;
            const open = await this.api.listAll({ what: `find the open merge request from ${draft.head}`, permission: API_SCOPE }, MergeRequest, `${this.api.project}/merge_requests?${query}`);
            const found = open.find((mr) => (mr.source_branch ?? draft.head) === draft.head && (mr.target_branch ?? draft.base) === draft.base);
            if (found)
                return { url: found.web_url, number: found.iid };
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`GitLab refused to open a merge request from ${draft.head} into ${draft.base} (HTTP 409) and none is open for that branch; close the conflicting merge request and run again.`);
        }
    }
}


/***/ }),

/***/ 4608:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GITHUB_SCHEDULE_LOGIN: () => (/* binding */ GITHUB_SCHEDULE_LOGIN),
/* harmony export */   resolveRunActor: () => (/* binding */ resolveRunActor),
/* harmony export */   runIdentity: () => (/* binding */ runIdentity)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);



const value = (text) => (text?.trim() ? text.trim() : null);
const attempt = (text) => {
    const number = Number(text);
    return Number.isInteger(number) && number >= 1 ? number : null;
};
function runIdentity(env) {
    if (env.GITHUB_ACTIONS === 'true') {
        const server = value(env.GITHUB_SERVER_URL) ?? 'https://github.com';
        const repository = value(env.GITHUB_REPOSITORY);
        const runId = value(env.GITHUB_RUN_ID);
        // GITHUB_TRIGGERING_ACTOR differs from GITHUB_ACTOR on a re-run; the re-runner is who started this attempt.
        // GITHUB_ACTOR_ID is GITHUB_ACTOR's, so it goes with the re-runner's login only when they are one account.
        const first = value(env.GITHUB_ACTOR);
        const login = value(env.GITHUB_TRIGGERING_ACTOR) ?? first;
        const sameAccount = Boolean(login && first && login.toLowerCase() === first.toLowerCase());
        return {
            actor: { id: sameAccount ? value(env.GITHUB_ACTOR_ID) : null, login, token: null },
            run: { platform: 'github', id: runId, attempt: attempt(env.GITHUB_RUN_ATTEMPT), url: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : null },
            repository,
        };
    }
    if (env.GITLAB_CI === 'true') {
        return {
            actor: { id: value(env.GITLAB_USER_ID), login: value(env.GITLAB_USER_LOGIN), token: null },
            run: { platform: 'gitlab', id: value(env.CI_PIPELINE_ID), attempt: null, url: value(env.CI_JOB_URL) },
            repository: value(env.CI_PROJECT_PATH),
        };
    }
    return { actor: { id: null, login: value(env.USER) ?? value(env.USERNAME), token: null }, run: { platform: 'local', id: null, attempt: null, url: null }, repository: null };
}
const WorkflowRunEvent = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ workflow_run: zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ event: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }) });
/**
 * Whether a schedule started this GitHub run: itself, or the run whose completion started this
 * workflow_run (whose GITHUB_ACTOR is then, too, whoever last edited the cron line).
 */
function scheduledRun(env) {
    const event = value(env.GITHUB_EVENT_NAME);
    if (event !== 'workflow_run')
        return event === 'schedule';
    let payload;
    try {
        payload = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(value(env.GITHUB_EVENT_PATH) ?? '', 'utf8'));
    }
    catch {
        payload = undefined;
    }
    const parsed = WorkflowRunEvent.safeParse(payload);
    if (!parsed.success)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo('GITHUB_EVENT_PATH holds no workflow_run event, so whether a schedule started this run cannot be told.');
    return parsed.data.workflow_run.event === 'schedule';
}
/** The identity a GitHub scheduled run deploys as: the workflow's own token. */
const GITHUB_SCHEDULE_LOGIN = 'github-actions[bot]';
/**
 * Who deploys in this run, from the platform's variables (never the run's inputs), resolved to a
 * numeric id through the platform's API where the variables lack it. GitHub: on a re-run by someone
 * else GITHUB_ACTOR_ID is still the first actor's, so the re-runner (GITHUB_TRIGGERING_ACTOR) is
 * looked up; a scheduled run's GITHUB_ACTOR is whoever last edited the cron line, so it deploys as
 * github-actions[bot]. GitLab: GITLAB_USER_ID, whose account must be active.
 */
async function resolveRunActor(env, users) {
    if (env.GITHUB_ACTIONS === 'true') {
        if (scheduledRun(env)) {
            const bot = await users.byLogin(GITHUB_SCHEDULE_LOGIN);
            if (!bot)
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`GitHub has no user ${GITHUB_SCHEDULE_LOGIN}, the identity a scheduled run deploys as.`);
            return { id: bot.id, login: bot.login, automated: 'a scheduled run' };
        }
        const actor = value(env.GITHUB_ACTOR);
        const triggering = value(env.GITHUB_TRIGGERING_ACTOR) ?? actor;
        if (!triggering)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo('GitHub did not say who started this run (GITHUB_ACTOR and GITHUB_TRIGGERING_ACTOR are unset).');
        const actorId = value(env.GITHUB_ACTOR_ID);
        const known = actorId && /^\d+$/.test(actorId) && actor && triggering.toLowerCase() === actor.toLowerCase();
        const user = known ? { id: actorId, login: actor, bot: /\[bot\]$/i.test(actor) } : await users.byLogin(triggering);
        if (!user)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`GitHub has no user ${triggering}, whom GITHUB_TRIGGERING_ACTOR names as starting this run.`);
        return { id: user.id, login: user.login, automated: user.bot ? 'a bot account' : undefined };
    }
    if (env.GITLAB_CI === 'true') {
        const id = value(env.GITLAB_USER_ID);
        if (!id || !/^\d+$/.test(id))
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo('GitLab did not say who started this pipeline (GITLAB_USER_ID is unset).');
        const user = await users.byId(id);
        if (!user)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`GitLab has no user ${id}, whom GITLAB_USER_ID names as starting this pipeline.`);
        // A blocked, banned or deactivated account has lost its access, whatever its memberships still say.
        if (user.state !== 'active')
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`GitLab says ${user.login}'s account is ${user.state ?? 'in no known state'}.`);
        const scheduled = value(env.CI_PIPELINE_SOURCE) === 'schedule';
        return { id, login: user.login, automated: scheduled ? 'a scheduled pipeline' : user.bot ? 'a bot account' : undefined };
    }
    throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo('this is not a GitHub Actions or GitLab CI run, so no platform says who started it.');
}


/***/ })

};

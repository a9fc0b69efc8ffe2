export const id = 608;
export const ids = [608];
export const modules = {

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

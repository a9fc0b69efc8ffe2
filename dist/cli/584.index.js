export const id = 584;
export const ids = [584];
export const modules = {

/***/ 6396:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   jK: () => (/* binding */ stdoutStyle)
/* harmony export */ });
/* unused harmony exports wantsColour, ANSI_STYLE */
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3944);

/**
 * Colour only for a person at a terminal: FORCE_COLOR (not 0/false) forces it anywhere; otherwise
 * NO_COLOR (https://no-color.org), a CI job's log, TERM=dumb or output that is not a terminal
 * (a file, a pipe) get plain text.
 */
function wantsColour(isTerminal, env) {
    const force = env.FORCE_COLOR;
    if (force !== undefined && force !== '')
        return force !== '0' && force !== 'false';
    if (env.NO_COLOR)
        return false;
    if (env.CI || env.GITHUB_ACTIONS || env.GITLAB_CI || env.TERM === 'dumb')
        return false;
    return isTerminal;
}
const ansi = (open, close) => (text) => `\x1b[${open}m${text}\x1b[${close}m`;
const red = ansi(31, 39);
const yellow = ansi(33, 39);
const cyan = ansi(36, 39);
const green = ansi(32, 39);
const bold = ansi(1, 22);
const SEVERITY_COLOUR = { critical: (text) => bold(red(text)), high: red, medium: yellow, low: cyan };
const ANSI_STYLE = {
    severity: (severity, text) => (SEVERITY_COLOUR[severity] ?? ((plain) => plain))(text),
    strong: bold,
    good: green,
    bad: red,
};
/** The style for what this run writes to stdout. */
function stdoutStyle(io) {
    return wantsColour(io.stdoutIsTerminal === true, io.env) ? ANSI_STYLE : _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .PLAIN_STYLE */ .n;
}


/***/ }),

/***/ 8584:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  rollbackCommand: () => (/* binding */ rollbackCommand),
  syncCommand: () => (/* binding */ syncCommand)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/core/src/arrays.ts
var arrays = __webpack_require__(8835);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/engine/src/config-file.ts
var config_file = __webpack_require__(1855);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./packages/core/src/config/schema.ts + 1 modules
var schema = __webpack_require__(5688);
// EXTERNAL MODULE: ./packages/core/src/policy/four-eyes.ts
var four_eyes = __webpack_require__(8113);
// EXTERNAL MODULE: ./packages/core/src/plan/plan-fingerprinter.ts + 2 modules
var plan_fingerprinter = __webpack_require__(9711);
// EXTERNAL MODULE: ./packages/core/src/model/report.ts
var model_report = __webpack_require__(5781);
// EXTERNAL MODULE: ./packages/core/src/severity/engine.ts + 2 modules
var severity_engine = __webpack_require__(5227);
// EXTERNAL MODULE: ./packages/core/src/config/parse.ts
var parse = __webpack_require__(7711);
// EXTERNAL MODULE: ./packages/engine/src/drift/drift.ts
var drift = __webpack_require__(9555);
// EXTERNAL MODULE: ./packages/engine/src/review/approve-safe.ts
var approve_safe = __webpack_require__(3408);
// EXTERNAL MODULE: ./packages/engine/src/sync/backup-encryption.ts
var backup_encryption = __webpack_require__(6274);
// EXTERNAL MODULE: ./packages/engine/src/report-file.ts
var report_file = __webpack_require__(91);
// EXTERNAL MODULE: ./packages/engine/src/files.ts + 1 modules
var files = __webpack_require__(6477);
// EXTERNAL MODULE: ./packages/engine/src/rules.ts
var rules = __webpack_require__(3087);
// EXTERNAL MODULE: ./packages/engine/src/review/gate.ts + 1 modules
var gate = __webpack_require__(8523);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./packages/engine/src/processes.ts
var processes = __webpack_require__(1785);
// EXTERNAL MODULE: ./packages/engine/src/sync/sync-types.ts
var sync_types = __webpack_require__(8595);
;// CONCATENATED MODULE: ./packages/engine/src/sync/lock.ts








/** The lock file's text; undefined when it cannot be read (gone, or a link to /dev/zero or a FIFO the checkout carries). */
function lockText(path) {
    try {
        return (0,files/* readInputFile */.jH)(path, 'a lock file', { maxBytes: 4096, fixed: true }).toString('utf8');
    }
    catch {
        return undefined;
    }
}
/**
 * Removes the lock at `path` if it still holds `stale`, the text of a lock judged stale, and says
 * whether it did. Two syncs can judge the same lock stale: the takeover goes through an exclusive
 * `<lock>.takeover` file, so the later one never deletes the lock the earlier one took meanwhile.
 */
function removeStaleLock(path, stale) {
    const takeover = `${path}.takeover`;
    try {
        (0,external_node_fs_.closeSync)((0,external_node_fs_.openSync)(takeover, 'wx'));
    }
    catch {
        // Another takeover is under way (or one died in it): this sync does not take over.
        return false;
    }
    try {
        if (lockText(path) !== stale)
            return false;
        (0,external_node_fs_.rmSync)(path, { force: true });
        return true;
    }
    finally {
        (0,external_node_fs_.rmSync)(takeover, { force: true });
    }
}
/**
 * One sync per environment at a time on this machine: a lock file created exclusively (`wx`).
 * A lock left by a process of this host that no longer runs is taken over; any other is refused.
 * CI runners are separate machines: there GitHub `concurrency:` / GitLab `resource_group:` do this.
 */
function acquireLock(path, environment, now) {
    const cannot = (error) => new errors/* UserError */.yo(`Could not take the lock ${path} for ${environment} (${error.code ?? 'error'}); check that sync.backups_dir in gitops-sync.yaml names a writable folder, not a file.`);
    try {
        (0,files/* mkdirKeptOutOfGit */.b8)((0,external_node_path_.dirname)(path));
    }
    catch (error) {
        throw cannot(error);
    }
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            const fd = (0,external_node_fs_.openSync)(path, 'wx');
            const owned = JSON.stringify({ pid: process.pid, host: (0,external_node_os_.hostname)(), since: now.toISOString(), token: (0,external_node_crypto_.randomUUID)() });
            (0,external_node_fs_.writeSync)(fd, owned);
            (0,external_node_fs_.closeSync)(fd);
            // Only its own: a lock deleted by hand (as the refusal says to) and taken since is the next sync's.
            return () => {
                if (lockText(path) === owned)
                    (0,external_node_fs_.rmSync)(path, { force: true });
            };
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw cannot(error);
            const text = lockText(path);
            let owner = {};
            try {
                const parsed = JSON.parse(text ?? '{}');
                // Anything but an object (`null` committed as the lock, too) names no owner: held.
                if (typeof parsed === 'object' && parsed !== null)
                    owner = parsed;
            }
            catch {
                // Unreadable: treat as held.
            }
            const stale = text !== undefined && owner.host === (0,external_node_os_.hostname)() && typeof owner.pid === 'number' && !(0,processes/* processAlive */.F)(owner.pid);
            if (attempt === 0 && stale) {
                removeStaleLock(path, text);
                continue;
            }
            const held = `Another sync of ${environment} holds ${path}${owner.pid ? ` (process ${owner.pid} on ${owner.host} since ${owner.since})` : ''}`;
            // A takeover that died part-way leaves its file, which no message would name: every stale lock after it stayed.
            if (stale && (0,external_node_fs_.lstatSync)(`${path}.takeover`, { throwIfNoEntry: false })) {
                throw new sync_types/* SyncFailure */.WK('locked', `${held}, which no longer runs, and ${path}.takeover is there: another sync is taking the lock over, or one died doing so; if no sync of ${environment} runs, delete both files.`);
            }
            throw new sync_types/* SyncFailure */.WK('locked', `${held}; wait for it to finish, or delete the file if that sync is gone.`);
        }
    }
    throw new sync_types/* SyncFailure */.WK('locked', `Could not take the lock ${path} for ${environment}; try again.`);
}

// EXTERNAL MODULE: ./packages/engine/src/review/base-policy.ts + 1 modules
var base_policy = __webpack_require__(3176);
// EXTERNAL MODULE: ./packages/engine/src/ports.ts
var ports = __webpack_require__(4552);
;// CONCATENATED MODULE: ./packages/engine/src/sync/deployers.ts



const isTeam = (name) => name.includes('/');
/** Whether the environment limits who deploys at all. */
function limitsDeployers(policy) {
    return Boolean(policy && (policy.deployers || policy.break_glass.length || policy.deployer_not_author));
}
/** The warning for an environment held to production rules that anyone who can start the run may deploy. */
function deployersWarning(environment, policy, configFile) {
    if (policy?.deployers || !(0,four_eyes/* isProduction */.KV)(environment, policy ?? {}))
        return undefined;
    return `${ports/* WARNING_STEP */.Ac}anyone who can start this run may deploy ${environment}; name who may in approval.environments.${environment}.deployers in ${configFile}`;
}
/**
 * Whether the actor the platform names may sync or roll back the environment, before anything
 * changes: refused (a SyncFailure) when not, and when the platform cannot say (fail closed).
 */
async function checkDeployer(check) {
    const { environment, action, policy, configFile } = check;
    const warning = deployersWarning(environment, policy, configFile);
    if (!limitsDeployers(policy))
        return { emergency: false, steps: warning ? [warning] : [] };
    const where = (key) => `approval.environments.${environment}.${key} in ${configFile}`;
    const refuse = (why) => new sync_types/* SyncFailure */.WK('not-a-deployer', `${environment} was not ${action === 'sync' ? 'synced' : 'rolled back'}: ${why}.`);
    if ('unavailable' in check.directory)
        throw refuse(`who may deploy it is limited (${where(policy.deployers ? 'deployers' : 'deployer_not_author')}), but ${check.directory.unavailable}`);
    const directory = check.directory;
    const asking = async (what, ask) => {
        try {
            return await ask();
        }
        catch (error) {
            if (error instanceof errors/* UserError */.yo && !(error instanceof sync_types/* SyncFailure */.WK))
                throw refuse(`${what} could not be read (${error.message.replace(/\.$/, '')})`);
            throw error;
        }
    };
    const actor = await asking('who started this run', () => directory.runActor());
    const automated = actor.automated ?? (check.bots.some((bot) => bot.toLowerCase() === actor.login.toLowerCase()) ? 'a bot account (approval.bots)' : undefined);
    const who = `${actor.login} (id ${actor.id})`;
    /** Whether the actor is named in a list, after checking every name in it exists: a list with a typo is refused whoever runs. */
    const listed = async (names, key) => {
        const ids = new Set();
        for (const name of names) {
            if (isTeam(name)) {
                if (!(await asking(`team ${name} of ${where(key)}`, () => directory.teamExists(name)))) {
                    throw refuse(`${where(key)} names ${name}, which is no team ${directory.platform} shows the token; correct it (or give the token read access to the team)`);
                }
                continue;
            }
            const id = await asking(`user ${name} of ${where(key)}`, () => directory.userId(name));
            if (id === undefined)
                throw refuse(`${where(key)} names ${name}, who is no ${directory.platform} user; correct or remove it`);
            ids.add(id);
        }
        if (ids.has(actor.id))
            return true;
        // A schedule or a bot acts for nobody in a team: only its own login counts.
        if (automated)
            return false;
        for (const team of names.filter(isTeam)) {
            if (await asking(`${actor.login}'s membership of ${team}`, () => directory.isTeamMember(team, actor)))
                return true;
        }
        return false;
    };
    const steps = warning ? [warning] : [];
    if (policy.deployers && !(await listed(policy.deployers, 'deployers'))) {
        if (action === 'rollback' && policy.break_glass.length && (await listed(policy.break_glass, 'break_glass'))) {
            return { emergency: true, steps: [...steps, `break glass: ${who} is not among the deployers but is in ${where('break_glass')}; this rollback is recorded as an emergency change`] };
        }
        throw refuse(automated
            ? `${who} started it as ${automated}, which deploys only where ${where('deployers')} names ${actor.login}`
            : `${who} started the run and is not among the deployers (${where('deployers')}), nor in a team it names`);
    }
    if (policy.deployers)
        steps.push(`deployer: ${who} may ${action} ${environment} (${where('deployers')})`);
    // A rollback restores a state that was already deployed: no one wrote it now, so only sync has an author to keep apart.
    if (policy.deployer_not_author && action === 'sync') {
        const author = await asking(`the author of the change deployed to ${environment}`, async () => check.author?.());
        if (!author)
            throw new sync_types/* SyncFailure */.WK('deployer-is-author', `${environment} was not synced: who wrote the change being deployed cannot be told, so ${where('deployer_not_author')} cannot be kept; deploy a change merged through a pull/merge request.`);
        if (author.id === actor.id)
            throw new sync_types/* SyncFailure */.WK('deployer-is-author', `${environment} was not synced: ${who} wrote the change being deployed, and ${where('deployer_not_author')} asks that someone else deploy it.`);
        steps.push(`deployer ${actor.login} is not the change's author ${author.login} (${where('deployer_not_author')})`);
    }
    return { emergency: false, steps };
}

// EXTERNAL MODULE: ./packages/engine/src/audit/record.ts
var record = __webpack_require__(163);
// EXTERNAL MODULE: ./packages/engine/src/at-most.ts
var at_most = __webpack_require__(43);
// EXTERNAL MODULE: ./packages/core/src/k8s/objects.ts
var objects = __webpack_require__(1746);
// EXTERNAL MODULE: ./packages/core/src/redact.ts
var redact = __webpack_require__(796);
// EXTERNAL MODULE: ./packages/engine/src/sync/sync-kubernetes.ts
var sync_kubernetes = __webpack_require__(9860);
;// CONCATENATED MODULE: ./packages/engine/src/rollback/rollback-kubernetes.ts



const KINDS = { deployment: 'Deployment', statefulset: 'StatefulSet', daemonset: 'DaemonSet' };
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The revision running now, from the backed-up object: a Deployment's revision annotation, else its generation. */
function currentRevision(live, path) {
    try {
        const [object] = (0,objects/* parseManifests */.Ye)(live, path);
        const metadata = object?.metadata ?? {};
        const annotations = (metadata.annotations ?? {});
        const revision = annotations['deployment.kubernetes.io/revision'];
        if (typeof revision === 'string' && revision)
            return `revision ${revision}`;
        const status = (object?.status ?? {});
        if (typeof status.currentRevision === 'string' && status.currentRevision)
            return `revision ${status.currentRevision}`;
        return typeof metadata.generation === 'number' ? `generation ${metadata.generation}` : 'the current revision';
    }
    catch {
        return 'the current revision';
    }
}
/**
 * Rolls a workload back with `kubectl rollout undo`, through the Exec port: its current YAML is
 * backed up first (nothing happens if that fails), then `rollout undo [--to-revision=<n>]`, then
 * `rollout status` verifies it \u2014 a rollout that does not finish in time is a rollout-timeout
 * SyncFailure, a refused undo (an unknown revision) an apply-failed one.
 */
async function rollbackDeployment(request, context) {
    (0,schema/* checkEnvironmentName */.r0)(request.environment);
    const kind = request.kind ?? 'deployment';
    const { name, namespace, toRevision } = request;
    if (!(kind in KINDS))
        throw new errors/* UserError */.yo(`kubectl rollout undo works on deployment, statefulset and daemonset, not ${JSON.stringify(kind)}; pass one of them as the kind.`);
    if (!NAME.test(name))
        throw new errors/* UserError */.yo(`${JSON.stringify(name)} is not a valid ${kind} name; use the name kubectl get ${kind} -n ${namespace} lists.`);
    if (!DNS_LABEL.test(namespace))
        throw new errors/* UserError */.yo(`${JSON.stringify(namespace)} is not a valid namespace name; use the namespace the ${kind} runs in.`);
    if (toRevision !== undefined && (!Number.isSafeInteger(toRevision) || toRevision < 1)) {
        throw new errors/* UserError */.yo(`--to-revision ${toRevision} is not a revision number; pick one from kubectl rollout history ${kind}/${name} -n ${namespace}.`);
    }
    if (!Number.isInteger(request.rolloutTimeoutSeconds) || request.rolloutTimeoutSeconds < 1) {
        throw new errors/* UserError */.yo(`The rollout timeout must be a whole number of seconds, at least 1, not ${request.rolloutTimeoutSeconds}; set sync.rollout_timeout_seconds.`);
    }
    const kubeContext = request.kubernetes.context;
    if (kubeContext !== undefined && !/^[^-\s/][^\s/]*$/.test(kubeContext)) {
        throw new errors/* UserError */.yo(`The kube context ${JSON.stringify(kubeContext)} starts with a dash or contains a space or slash; name the context as kubectl config get-contexts lists it.`);
    }
    const ref = { group: 'apps', version: 'v1', kind: KINDS[kind], namespace, name };
    const workload = `${kind}/${name}`;
    const purpose = `rolling back ${workload} in ${namespace}`;
    (0,sync_kubernetes/* prepareBackupDir */.d0)(request.backupDir, purpose);
    context.progress.step(`back up ${workload} -n ${namespace} into ${request.backupDir}`);
    const backup = await (0,sync_kubernetes/* backupLiveObject */.kU)(ref, { context: kubeContext, backupDir: request.backupDir, secretBackups: 'redacted', recipients: request.backupRecipients ?? [], redactor: new redact/* Redactor */.pO(), purpose, timeoutSeconds: request.rolloutTimeoutSeconds }, context);
    if (!backup) {
        throw new errors/* UserError */.yo(`${workload} was not found in namespace ${namespace}${kubeContext ? ` (context ${kubeContext})` : ''}; check the name and namespace with kubectl get ${kind} -n ${namespace}.`);
    }
    const backupPath = backup.path;
    const from = `${workload} ${currentRevision(backup.live, backupPath)}`;
    const to = `${workload} ${toRevision === undefined ? 'previous revision' : `revision ${toRevision}`}`;
    const args = ['rollout', 'undo', workload, ...(toRevision === undefined ? [] : [`--to-revision=${toRevision}`]), '-n', namespace, ...(0,sync_kubernetes/* kubeContextArgs */.cu)(kubeContext)];
    context.progress.step(`kubectl ${args.join(' ')}`);
    const undone = `it may or may not have rolled back: check with kubectl rollout history ${workload} -n ${namespace} (its YAML from before is in ${backupPath})`;
    const undo = await context.exec.run('kubectl', args, { env: context.env, timeout: (0,sync_kubernetes/* kubectlTimeout */.Si)(request.rolloutTimeoutSeconds, `kubectl rollout undo ${workload} in ${namespace}`, undone) });
    if (undo.exitCode !== 0) {
        throw new sync_types/* SyncFailure */.WK('apply-failed', `kubectl rollout undo ${workload} in ${namespace} failed (exit ${undo.exitCode}: ${(0,sync_kubernetes/* kubectlSaid */.Sk)(undo.stderr)}); list its revisions with kubectl rollout history ${workload} -n ${namespace} (its YAML from before is in ${backupPath}).`);
    }
    const rolledBack = !/skipped rollback/i.test(undo.stdout.toString('utf8'));
    const status = await (0,sync_kubernetes/* rolloutStatus */.OI)({ ref, context: kubeContext, timeoutSeconds: request.rolloutTimeoutSeconds }, context);
    if (!status.ok) {
        throw new sync_types/* SyncFailure */.WK(status.timedOut ? 'rollout-timeout' : 'apply-failed', `${workload} in ${namespace} did not finish rolling back${status.timedOut ? ` within ${request.rolloutTimeoutSeconds} s` : ''} (kubectl: ${status.said}); check its pods with kubectl describe ${workload} -n ${namespace} (its YAML from before is in ${backupPath}).`);
    }
    return { rolledBack, from, to, backupPath, verification: status.said };
}

// EXTERNAL MODULE: ./packages/engine/src/review/pr-comment.ts
var pr_comment = __webpack_require__(7331);
// EXTERNAL MODULE: ./packages/engine/src/argocd-client.ts
var argocd_client = __webpack_require__(6826);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
;// CONCATENATED MODULE: ./packages/engine/src/sync/argocd-sync.ts




/** Argo CD's OperationPhase: Running and Terminating are in progress, the others are final. */
const ARGOCD_FINAL_PHASES = ['Succeeded', 'Failed', 'Error'];
// Application as GET/POST answer it (pkg/apis/application/v1alpha1); only what is read here.
const OperationState = schemas/* object */.Ikc({
    phase: schemas/* string */.YjP(),
    message: schemas/* string */.YjP().optional(),
    syncResult: schemas/* object */.Ikc({ revision: schemas/* string */.YjP().optional() }).optional(),
});
const Application = schemas/* object */.Ikc({
    /** `syncPolicy.automated` set (even `{}`): Argo CD syncs on its own, and refuses a rollback. */
    spec: schemas/* object */.Ikc({ syncPolicy: schemas/* object */.Ikc({ automated: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).nullable().optional() }).nullable().optional() }).optional(),
    /** Set while an operation is requested or running; the controller clears it when the operation ends. */
    operation: schemas/* unknown */.L5J().optional(),
    status: schemas/* object */.Ikc({
        operationState: OperationState.optional(),
        sync: schemas/* object */.Ikc({ status: schemas/* string */.YjP().optional(), revision: schemas/* string */.YjP().optional() }).optional(),
        history: schemas/* array */.YOg(schemas/* object */.Ikc({ id: schemas/* union */.KCZ([schemas/* number */.aig(), schemas/* string */.YjP()]), revision: schemas/* string */.YjP().optional() })).optional(),
    })
        .optional(),
});
/** The Argo CD RBAC action each call needs (https://argo-cd.readthedocs.io/en/stable/operator-manual/rbac/). */
const PERMISSION = { GET: 'get', POST: 'sync', PATCH: 'update' };
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const DEFAULT_POLL_SECONDS = 5;
const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Milliseconds before retry number `retry` (0-based): delay \u00d7 factor^retry, at most the maximum. */
function backoffDelayMs(policy, retry) {
    return Math.round(Math.min(policy.delaySeconds * policy.factor ** retry, policy.maxDelaySeconds) * 1000);
}
/** Text for one sentence: one line, no trailing full stop, at most `max` characters. */
function oneLine(text, max = 300) {
    const line = text.replace(/\s+/g, ' ').trim().replace(/[.\s]+$/, '');
    return line.length > max ? `${line.slice(0, max - 1)}\u2026` : line;
}
class ArgoCdApi {
    connection;
    policy;
    onSleep;
    base;
    where;
    application;
    app;
    doFetch;
    sleep;
    constructor(connection, policy, context, onSleep) {
        this.connection = connection;
        this.policy = policy;
        this.onSleep = onSleep;
        this.base = (0,argocd_client/* argoCdServerUrl */.$R)(connection.server);
        if (!connection.app)
            throw new errors/* UserError */.yo('No Argo CD application name was given; name the application to sync.');
        (0,argocd_client/* checkArgoCdToken */.eb)(connection.token, this.base);
        this.where = `Argo CD at ${this.base.origin}`;
        this.app = connection.app;
        this.application = `application ${JSON.stringify(connection.app)}`;
        this.doFetch = connection.fetch ?? (connection.insecure && this.base.protocol === 'https:' ? argocd_client/* insecureFetch */.nx : fetch);
        this.sleep = context.sleep ?? realSleep;
    }
    redact(text) {
        return (0,redact/* withoutSecret */.Nt)(text, this.connection.token);
    }
    fail(message) {
        throw new errors/* UserError */.yo(this.redact(message));
    }
    url(suffix) {
        return new URL(`${this.base.pathname.replace(/\/+$/, '')}/api/v1/applications/${encodeURIComponent(this.connection.app)}${suffix}`, this.base);
    }
    /**
     * One API call: 5xx answers, 429 and network errors are retried with exponential backoff; other
     * answers that are not a success end in one sentence; the answer is the parsed Application.
     */
    async call(method, suffix, body, what) {
        const url = this.url(suffix);
        if (method === 'GET' && this.connection.appNamespace)
            url.searchParams.set('appNamespace', this.connection.appNamespace);
        const headers = { Authorization: `Bearer ${this.connection.token}`, Accept: 'application/json' };
        if (body)
            headers['Content-Type'] = 'application/json';
        for (let retry = 0;; retry++) {
            let status;
            let text = '';
            let cause = '';
            try {
                const response = await this.doFetch(url.href, {
                    method,
                    headers,
                    body: body ? JSON.stringify(body) : undefined,
                    redirect: 'manual',
                    signal: AbortSignal.timeout(this.connection.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
                });
                status = response.status;
                text = await response.text();
            }
            catch (error) {
                cause = (0,argocd_client/* fetchErrorCause */.Qo)(error);
                if (/certificate|self[- ]signed|CERT_|UNABLE_TO_VERIFY/i.test(cause)) {
                    this.fail(`${this.where} could not be reached over TLS (${cause}); trust its certificate (NODE_EXTRA_CA_CERTS) or allow it with insecure.`);
                }
                status = 0;
            }
            const transient = status === 0 || status === 429 || status >= 500;
            if (transient && retry < this.policy.limit) {
                const delay = backoffDelayMs(this.policy, retry);
                this.onSleep(delay);
                await this.sleep(delay);
                continue;
            }
            const detail = (0,argocd_client/* argoCdErrorMessage */.gE)(text);
            if (transient) {
                const answered = status === 0 ? `could not be reached (${oneLine(cause, 200)})` : `answered HTTP ${status}${detail ? ` (${oneLine(detail, 200)})` : ''}`;
                const attempts = retry + 1;
                throw new sync_types/* SyncFailure */.WK('apply-failed', this.redact(`${this.where} ${answered} when asked to ${what} ${this.application}, ${attempts} time${attempts === 1 ? '' : 's'}; check the Argo CD server and the application before trying again.`));
            }
            const said = detail ? `: ${oneLine(detail, 200)}` : '';
            if (status === 401)
                this.fail(`${this.where} refused the token for ${this.application} (HTTP 401${said}); check ARGOCD_AUTH_TOKEN (a valid, unexpired API token).`);
            if (status === 403) {
                this.fail(`${this.where} denied ${what} for ${this.application} (HTTP 403${said}); check ARGOCD_AUTH_TOKEN: the token needs ${PERMISSION[method]} permission on the application (Argo CD also answers so when it does not exist).`);
            }
            if (status === 404)
                this.fail(`${this.where}: ${this.application} not found (HTTP 404${said}); check the application name${this.connection.appNamespace ? ' and its namespace' : ''}.`);
            if (status >= 300 && status < 400)
                this.fail(`${this.where} redirected the request (HTTP ${status}); set ARGOCD_SERVER to the URL the API is served at.`);
            if (status < 200 || status >= 300)
                this.fail(`${this.where} refused to ${what} ${this.application} (HTTP ${status}${said}); fix what Argo CD says and try again.`);
            let parsed;
            try {
                parsed = JSON.parse(text);
            }
            catch {
                this.fail(`${this.where} did not answer JSON for ${this.application} (HTTP ${status}); check that ARGOCD_SERVER points at the Argo CD API server, not a proxy or login page.`);
            }
            const application = Application.safeParse(parsed);
            if (!application.success)
                this.fail(`${this.where} answered an application that does not look like Argo CD's for ${this.application}; check that ARGOCD_SERVER points at the Argo CD API server.`);
            return application.data;
        }
    }
}
const isFinal = (state) => ARGOCD_FINAL_PHASES.includes(state?.phase ?? '');
/**
 * Reads the application until its operation has ended (Argo CD clears `operation` and leaves a final
 * `status.operationState`) or the time is up. Time is what the clock says or what was slept, the
 * larger: a test's sleep that does not wait still ends the loop.
 */
async function waitForOperation(api, options, what, context, steps) {
    const timeoutMs = options.timeoutSeconds * 1000;
    const pollMs = (options.pollIntervalSeconds ?? DEFAULT_POLL_SECONDS) * 1000;
    const sleep = context.sleep ?? realSleep;
    const started = context.clock.now().getTime();
    let slept = 0;
    let lastPhase = '';
    let last;
    for (;;) {
        const application = await api.call('GET', '', undefined, 'read the operation of');
        const state = application.status?.operationState;
        if (state && state.phase !== lastPhase) {
            lastPhase = state.phase;
            context.progress.step(`Argo CD ${what} of ${api.application}: ${state.phase}`);
        }
        if (application.operation == null && isFinal(state))
            return state;
        last = state;
        const elapsed = Math.max(slept, context.clock.now().getTime() - started);
        if (elapsed >= timeoutMs) {
            const lastSaid = last ? ` (last phase ${last.phase}${last.message ? `: ${oneLine(last.message, 200)}` : ''})` : '';
            steps.push(`timed out after ${options.timeoutSeconds} s`);
            throw new sync_types/* SyncFailure */.WK('rollout-timeout', `${api.where}: the ${what} of ${api.application} did not finish within ${options.timeoutSeconds} s${lastSaid}; it may still be running, check it with argocd app get ${api.app} before trying again.`);
        }
        const pause = Math.min(pollMs, timeoutMs - elapsed);
        await sleep(pause);
        slept += pause;
    }
}
function checkTimeout(options) {
    if (!(options.timeoutSeconds > 0))
        throw new errors/* UserError */.yo(`The Argo CD timeout must be a positive number of seconds, not ${options.timeoutSeconds}; set sync.rollout_timeout_seconds.`);
}
function finish(api, state, what, app) {
    const message = oneLine(state.message ?? '', 300);
    if (state.phase !== 'Succeeded') {
        throw new sync_types/* SyncFailure */.WK('apply-failed', `${api.where}: the ${what} of ${api.application} ended ${state.phase}${message ? ` (${message})` : ''}; read the operation's result with argocd app get ${app} and fix it before trying again.`);
    }
    return { message, revision: state.syncResult?.revision };
}
/**
 * Syncs an Argo CD application through its API \u2014 `POST /api/v1/applications/{name}/sync` with
 * `prune`, `dryRun` and `revision` (ApplicationSyncRequest) \u2014 and waits for the operation:
 * Succeeded returns, Failed or Error is an apply-failed SyncFailure, no end within the timeout a
 * rollout-timeout one. 5xx answers and network errors are retried with exponential backoff.
 */
async function syncArgoCdApp(request, context) {
    checkTimeout(request);
    const steps = [];
    const api = new ArgoCdApi(request, request.backoff ?? sync_types/* DEFAULT_BACKOFF */.VU, context, (ms) => steps.push(`retry after ${ms / 1000} s`));
    const body = { prune: request.prune, dryRun: request.dryRun };
    if (request.revision)
        body.revision = request.revision;
    if (request.appNamespace)
        body.appNamespace = request.appNamespace;
    const options = [request.prune && 'prune', request.dryRun && 'dry run', request.revision && `revision ${request.revision}`].filter(Boolean).join(', ');
    context.progress.step(`Argo CD: sync ${api.application}${options ? ` (${options})` : ''}`);
    steps.push(`POST ${api.url('/sync').pathname} ${JSON.stringify(body)}`);
    await api.call('POST', '/sync', body, 'sync');
    const state = await waitForOperation(api, request, 'sync', context, steps);
    const { message, revision } = finish(api, state, 'sync', request.app);
    steps.push(`Argo CD: ${state.phase}${message ? `: ${message}` : ''}`);
    return { environment: request.environment ?? request.app, applied: !request.dryRun, dryRun: request.dryRun, backups: [], steps, app: request.app, phase: 'Succeeded', message, revision };
}
function historyEntry(application, id) {
    const entry = application.status?.history?.find((item) => String(item.id) === String(id));
    return entry ? `history ${entry.id}${entry.revision ? ` (revision ${entry.revision})` : ''}` : `history ${id}`;
}
/**
 * Rolls an Argo CD application back to an entry of its history \u2014 `POST
 * /api/v1/applications/{name}/rollback` with the history `id` \u2014 and waits for the operation like
 * syncArgoCdApp. Argo CD refuses it while auto-sync is on; its message says so.
 */
async function rollbackArgoCdApp(request, context) {
    checkTimeout(request);
    if (!Number.isSafeInteger(request.id) || request.id < 0)
        throw new errors/* UserError */.yo(`Argo CD history id ${request.id} is not a whole number; pass an id from the application's history (argocd app history).`);
    const steps = [];
    const api = new ArgoCdApi(request, request.backoff ?? sync_types/* DEFAULT_BACKOFF */.VU, context, (ms) => steps.push(`retry after ${ms / 1000} s`));
    // What runs now is the last history entry: rolling back to it undoes this rollback.
    const before = await api.call('GET', '', undefined, 'read');
    const history = before.status?.history ?? [];
    const current = history.at(-1);
    const from = current ? historyEntry(before, current.id) : `revision ${before.status?.sync?.revision ?? 'unknown'}`;
    const to = historyEntry(before, request.id);
    const toRevision = history.find((item) => String(item.id) === String(request.id))?.revision;
    const body = { id: request.id, prune: request.prune ?? false, dryRun: request.dryRun ?? false };
    if (request.appNamespace)
        body.appNamespace = request.appNamespace;
    context.progress.step(`Argo CD: roll ${api.application} back to ${to}`);
    steps.push(`POST ${api.url('/rollback').pathname} ${JSON.stringify(body)}`);
    await api.call('POST', '/rollback', body, 'roll back');
    const state = await waitForOperation(api, request, 'rollback', context, steps);
    const { message, revision } = finish(api, state, 'rollback', request.app);
    steps.push(`Argo CD: ${state.phase}${message ? `: ${message}` : ''}`);
    const dryRun = request.dryRun ?? false;
    return {
        environment: request.environment ?? request.app,
        applied: !dryRun,
        dryRun,
        backups: [],
        steps,
        app: request.app,
        phase: 'Succeeded',
        message,
        revision,
        rolledBack: !dryRun,
        from,
        to,
        toRevision,
        backupPath: undefined,
        verification: `Argo CD operation ${state.phase}${message ? `: ${message}` : ''}`,
    };
}
/** Reads the application (`GET /api/v1/applications/{name}`): its automated sync policy and history. */
async function readArgoCdApp(connection, context) {
    const api = new ArgoCdApi(connection, sync_types/* DEFAULT_BACKOFF */.VU, context, () => { });
    const application = await api.call('GET', '', undefined, 'read');
    const automated = application.spec?.syncPolicy?.automated ?? undefined;
    return { automated, history: application.status?.history ?? [] };
}
/**
 * Sets or clears the application's automated sync: `PATCH /api/v1/applications/{name}` with a JSON
 * merge patch of `spec.syncPolicy.automated` (null removes it), so nothing else of the spec is touched.
 */
async function setArgoCdAutomatedSync(connection, automated, context) {
    const api = new ArgoCdApi(connection, sync_types/* DEFAULT_BACKOFF */.VU, context, () => { });
    const body = { name: connection.app, patch: JSON.stringify({ spec: { syncPolicy: { automated } } }), patchType: 'merge' };
    if (connection.appNamespace)
        body.appNamespace = connection.appNamespace;
    await api.call('PATCH', '', body, 'update');
}

// EXTERNAL MODULE: ./packages/core/src/json/top-level-reader.ts
var top_level_reader = __webpack_require__(2446);
// EXTERNAL MODULE: ./packages/core/src/plan/fingerprint.ts
var plan_fingerprint = __webpack_require__(2065);
// EXTERNAL MODULE: ./packages/core/src/sources/terraform-plan.ts
var terraform_plan = __webpack_require__(1454);
// EXTERNAL MODULE: ./packages/engine/src/drift/terraform.ts
var terraform = __webpack_require__(4536);
// EXTERNAL MODULE: ./packages/engine/src/secrets/sops-decrypt.ts
var sops_decrypt = __webpack_require__(1495);
// EXTERNAL MODULE: ./packages/engine/src/tool-output.ts
var tool_output = __webpack_require__(3832);
// EXTERNAL MODULE: ./packages/engine/src/heartbeat.ts
var heartbeat = __webpack_require__(7228);
;// CONCATENATED MODULE: ./packages/engine/src/sync/sync-terraform.ts











/** How long terraform waits for a state lock someone else holds before giving up. */
const DEFAULT_LOCK_TIMEOUT = '60s';
const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;
const DURATION = /^\d+(ms|s|m|h)$/;
/** A SyncFailure('locked') when terraform said it could not get the state lock; undefined otherwise. */
function stateLockFailure(environment, dir, output, consequence) {
    if (!output.includes('Error acquiring the state lock'))
        return undefined;
    const field = (name) => new RegExp(`^\\s*${name}:[ \\t]*(.*)$`, 'm').exec(output)?.[1]?.trim();
    const id = field('ID');
    const who = field('Who');
    const since = field('Created');
    const holder = [id && `lock ${id}`, who && `held by ${who}`, since && `since ${since}`].filter(Boolean).join(', ');
    return new sync_types/* SyncFailure */.WK('locked', `The Terraform state of ${environment} is locked by another process${holder ? ` (${holder})` : ''}, so ${consequence}; wait for it to finish, or if that run is gone, run \`terraform force-unlock ${id ?? '<lock id>'}\` in ${dir}.`, (0,tool_output/* lastLines */.w)(output, 12).join('\n'));
}
/**
 * Writes a pulled state into `<backupDir>/<timestamp>.tfstate` (atomically, owner-only: a state holds
 * secrets) and reads it back, so a short write on a full disk is caught too. With recipients the file
 * is `<timestamp>.tfstate.age`, encrypted to them with age, and the plaintext is never written.
 * Returns the path; throws Error with the reason (e.g. `ENOSPC: no space left on device, write`) when
 * it fails.
 */
async function writeStateBackup(backupDir, state, now, recipients = []) {
    const stamp = now.toISOString().replace(/:/g, '-');
    const suffix = recipients.length ? `.tfstate${backup_encryption/* ENCRYPTED_SUFFIX */.TB}` : '.tfstate';
    let path = (0,external_node_path_.join)(backupDir, `${stamp}${suffix}`);
    for (let n = 1; (0,external_node_fs_.existsSync)(path); n++)
        path = (0,external_node_path_.join)(backupDir, `${stamp}-${n}${suffix}`);
    try {
        const content = recipients.length ? Buffer.from(await (0,backup_encryption/* encryptBackup */.I3)(state, recipients)) : state;
        (0,files/* mkdirKeptOutOfGit */.b8)(backupDir, 0o700);
        (0,external_node_fs_.writeFileSync)(path, content, { mode: 0o600, flag: 'wx' });
        (0,external_node_fs_.chmodSync)(path, 0o600);
        if (!(0,external_node_fs_.readFileSync)(path).equals(content))
            throw new Error('the file read back differs from the state, the disk may be full');
    }
    catch (error) {
        try {
            (0,external_node_fs_.rmSync)(path, { force: true });
        }
        catch {
            // The folder itself is the problem: nothing was written there.
        }
        const message = error.message;
        throw new Error(/\b(E[A-Z]+: [^;]*)/.exec(message)?.[1] ?? message);
    }
    return path;
}
/**
 * Lineage and serial of a state's JSON (`terraform state pull` or a backup), read without parsing the
 * resources; undefined when it is not a Terraform state.
 */
function stateIdentity(state) {
    let values;
    try {
        values = (0,top_level_reader/* readTopLevel */.U8)(state, { values: ['lineage', 'serial'], arrays: [], onItem: () => { } }).values;
    }
    catch (error) {
        if (error instanceof top_level_reader/* JsonShapeError */.ir)
            return undefined;
        throw error;
    }
    const lineage = values.get('lineage');
    const serial = values.get('serial');
    return typeof lineage === 'string' && typeof serial === 'number' && Number.isInteger(serial) ? { lineage, serial } : undefined;
}
/** Runs the terraform steps of one environment through the Exec port, naming each in the progress. */
class TerraformSession {
    environment;
    dir;
    settings;
    ctx;
    redactor = new redact/* Redactor */.pO();
    steps = [];
    env;
    dataDir;
    lockTimeout;
    constructor(environment, dir, settings, ctx, lockTimeout = DEFAULT_LOCK_TIMEOUT) {
        this.environment = environment;
        this.dir = dir;
        this.settings = settings;
        this.ctx = ctx;
        if (!(0,files/* statOrNothing */.JR)(dir, true)?.isDirectory()) {
            throw new errors/* UserError */.yo(`Terraform directory ${dir} does not exist; check terraform.dir of ${environment} in the config.`);
        }
        if (!DURATION.test(lockTimeout))
            throw new errors/* UserError */.yo(`Lock timeout ${JSON.stringify(lockTimeout)} is not a duration; write it like 30s or 5m.`);
        this.lockTimeout = lockTimeout;
        (0,terraform/* refuseInheritedWorkspace */.o0)(ctx.env ?? process.env, settings.workspace, dir);
        this.dataDir = (0,files/* scratchFolder */.$B)('gitops-sync-tfdata-');
        this.env = (0,terraform/* terraformEnv */.Ik)(ctx.env ?? process.env, this.dataDir, settings.workspace);
    }
    /** Removes the session's terraform data dir (and decrypted var files); call it when the session is done. */
    close() {
        this.inputs?.dispose();
        (0,files/* removeScratchFolder */.pq)(this.dataDir);
    }
    inputs;
    varFiles;
    /** `-var-file=` arguments; a SOPS-encrypted file is decrypted once, into the session's private scratch folder. */
    async varFileArgs() {
        if (!this.varFiles) {
            const onSecret = (value) => {
                this.redactor.add(value);
                this.ctx.onSecret?.(value);
            };
            this.inputs ??= new sops_decrypt/* DecryptedInputs */.KP({ exec: this.ctx.exec, env: this.ctx.env, secrets: this.ctx.secrets, onSecret });
            this.varFiles = await (0,terraform/* decryptedVarFiles */.vm)(this.settings.var_files, this.dir, this.inputs);
        }
        return this.varFiles.map((file) => `-var-file=${file}`);
    }
    get binary() {
        return this.settings.binary;
    }
    /** Runs one command (in its turn on the plugin cache) and returns its result whatever the exit code. */
    async run(args, what = args[0], input) {
        this.ctx.progress.step(`${this.binary} ${what} in ${this.dir}`);
        return (0,terraform/* inCacheTurn */.nk)(this.env, args, () => (0,heartbeat/* withHeartbeat */.px)(this.ctx.progress, `${this.binary} ${what}`, this.ctx.env ?? process.env, () => this.ctx.exec.run(this.binary, args, { cwd: this.dir, env: this.env, ...(input ? { input } : {}) })));
    }
    /** The last lines of a failed command's output, secrets masked. */
    tail(result, count = 3) {
        const lines = (0,tool_output/* lastLines */.w)(result.stderr, count);
        return (lines.length ? lines : (0,tool_output/* lastLines */.w)(result.stdout.toString('utf8'), count)).map((line) => this.redactor.redact(line));
    }
    failed(result, what, consequence) {
        return new errors/* UserError */.yo(`${this.binary} ${what} failed in ${this.dir} (exit ${result.exitCode}): ${this.tail(result).join(' ')}${(0,terraform/* sharedCacheHint */.lr)(this.env, result.stderr)}; ${consequence}.`);
    }
    /** Throws the `locked` failure when the output says the state lock is held. */
    checkLock(result, consequence) {
        const failure = stateLockFailure(this.environment, this.dir, `${result.stderr}\n${result.stdout.toString('utf8')}`, consequence);
        if (failure)
            throw new sync_types/* SyncFailure */.WK(failure.reason, this.redactor.redact(failure.message), failure.detail && this.redactor.redact(failure.detail));
    }
    /** init in the session's own data dir; with TF_WORKSPACE set, init selects (and creates) the workspace. */
    async prepare() {
        const workspace = this.settings.workspace;
        const what = workspace ? `init (workspace ${workspace})` : 'init';
        const init = await this.run(['init', '-input=false', '-no-color', ...this.settings.backend_config.map((value) => `-backend-config=${value}`)], what);
        if (init.exitCode !== 0)
            throw this.failed(init, what, 'nothing was changed');
        this.steps.push(`${this.binary} ${what}`);
    }
    /**
     * `plan -detailed-exitcode -out=<file>` with the state lock, then `show -json`: the plan's
     * fingerprint, and whether it changes anything.
     */
    async plan(planFile, consequence) {
        const plan = await this.run([
            'plan',
            '-input=false',
            '-no-color',
            '-detailed-exitcode',
            `-lock-timeout=${this.lockTimeout}`,
            ...(await this.varFileArgs()),
            `-out=${planFile}`,
        ]);
        if (plan.exitCode !== 0 && plan.exitCode !== 2) {
            this.checkLock(plan, consequence);
            throw this.failed(plan, 'plan', consequence);
        }
        const show = await this.run(['show', '-json', '-no-color', planFile], 'show -json');
        if (show.exitCode !== 0)
            throw this.failed(show, 'show -json', consequence);
        const label = `the plan of ${this.environment}`;
        const fingerprinter = new plan_fingerprinter/* PlanFingerprinter */.jn({ ...(0,plan_fingerprint/* fingerprintSettings */.SX)(this.settings), label, digests: true, planBytes: show.stdout.length });
        const parsed = (0,terraform_plan/* parseTerraformPlan */.F)(show.stdout, { label, onSecret: (0,drift.alsoTo)(fingerprinter, this.redactor.add), observer: fingerprinter.observer });
        const planned = fingerprinter.finish(parsed, show.stdout);
        // Its secrets went to the redactor above; read again, the plan is the same bytes.
        const resourceChanges = (rules) => (0,terraform_plan/* parseTerraformPlan */.F)(show.stdout, { label, judgedBy: rules }).changes;
        return { ...planned, changes: plan.exitCode === 2, resourceChanges };
    }
    /** `terraform state pull`: the current state's JSON (empty when there is none yet). */
    async pullState(consequence) {
        const pull = await this.run(['state', 'pull'], 'state pull');
        if (pull.exitCode !== 0)
            throw this.failed(pull, 'state pull', consequence);
        return pull.stdout;
    }
}
/** A reviewed fingerprint that is not the plan's: plan-changed, with what differs between the two. */
function refuseUnreviewedPlan(request, fingerprint, summary) {
    const { environment, expectedFingerprint } = request;
    if (!expectedFingerprint || expectedFingerprint === fingerprint)
        return;
    const difference = request.reviewedReport
        ? (0,plan_fingerprint/* describeFingerprintDifference */.Nf)((0,plan_fingerprint/* planSummaryFromReport */.AX)(request.reviewedReport, (0,plan_fingerprint/* fingerprintSettings */.SX)(request.settings)), summary)
        : ['the reviewed plan is not at hand to compare; the plan now does:', ...(0,plan_fingerprint/* describePlanSummary */.fh)(summary)];
    throw new sync_types/* SyncFailure */.WK('plan-changed', `The plan for ${environment} is not the reviewed plan (reviewed ${(0,plan_fingerprinter/* shortFingerprint */.nE)(expectedFingerprint)}, now ${(0,plan_fingerprinter/* shortFingerprint */.nE)(fingerprint)}), so nothing was applied; review the new plan and approve it again.`, difference.join('\n'));
}
/** The state as it is before the apply, in a timestamped backup: the files written (none without a state). */
async function backUpState(tf, request, ctx) {
    const state = await tf.pullState('nothing was applied');
    if (!state.toString('utf8').trim()) {
        tf.steps.push('no state yet: nothing to back up');
        return [];
    }
    let backup;
    try {
        backup = await writeStateBackup(request.backupDir, state, ctx.clock.now(), request.backupRecipients);
    }
    catch (error) {
        throw new sync_types/* SyncFailure */.WK('apply-failed', `The state backup of ${request.environment} could not be written to ${request.backupDir} (${error.message}); nothing was applied.`);
    }
    const identity = stateIdentity(state);
    tf.steps.push(`backed up the state${identity ? ` (serial ${identity.serial})` : ''} to ${backup}`);
    return [backup];
}
/** `apply` of the saved plan \u2014 only it, and once: an apply that may have partly succeeded is never retried \u2014 then the validation plan. */
async function applySavedPlan(tf, planFile, validationFile, backups) {
    const environment = tf.environment;
    const apply = await tf.run(['apply', '-input=false', '-no-color', `-lock-timeout=${tf.lockTimeout}`, planFile], 'apply (the saved plan)');
    if (apply.exitCode !== 0) {
        tf.checkLock(apply, 'nothing was applied');
        const backup = backups.length ? `the state before it is backed up at ${backups[0]}` : 'there was no state before it';
        throw new sync_types/* SyncFailure */.WK('apply-failed', `${tf.binary} apply failed for ${environment} (exit ${apply.exitCode}) and some changes may have been made; ${backup} \u2014 plan again before retrying.`, tf.tail(apply, 12).join('\n'));
    }
    tf.steps.push(`${tf.binary} apply of the saved plan`);
    // Applied by now: whatever stops the validation (a lock included) is reported as validation-drift.
    return tf.plan(validationFile, `${environment} was applied but could not be validated`).catch((error) => {
        if (error instanceof errors/* UserError */.yo)
            throw new sync_types/* SyncFailure */.WK('validation-drift', error.message, error instanceof sync_types/* SyncFailure */.WK ? error.detail : undefined);
        throw error;
    });
}
/**
 * Applies exactly the reviewed Terraform plan of one environment: init, workspace, a fresh plan saved
 * to a file (with the state lock), its fingerprint compared with the reviewed one, the state pulled
 * into a timestamped backup, `apply` of that saved plan (never an implicit plan, never retried), and
 * a validation plan that must be empty. With dryRun it stops after the comparison and says what it
 * would do. Refusals are SyncFailures: plan-changed, apply-failed, validation-drift, locked.
 */
async function syncTerraform(request, ctx) {
    const { environment, expectedFingerprint } = request;
    if (expectedFingerprint !== undefined && !FINGERPRINT.test(expectedFingerprint)) {
        throw new errors/* UserError */.yo(`The reviewed plan fingerprint ${JSON.stringify(expectedFingerprint)} is not one; pass the plan_fingerprint of the reviewed drift report (sha256:<64 hex digits>).`);
    }
    const tf = new TerraformSession(environment, request.dir, request.settings, ctx, request.lockTimeout);
    const { steps } = tf;
    const scratch = (0,files/* scratchFolder */.$B)('gitops-sync-apply-');
    try {
        await tf.prepare();
        const planFile = (0,external_node_path_.join)(scratch, 'sync.tfplan');
        const plan = await tf.plan(planFile, 'nothing was applied');
        const { fingerprint, summary } = plan;
        steps.push(`${tf.binary} plan: ${summary.changes.length} resource change(s), ${summary.outputs.length} output change(s) (${fingerprint})`);
        refuseUnreviewedPlan(request, fingerprint, summary);
        if (expectedFingerprint)
            steps.push('the plan is the reviewed plan (same fingerprint)');
        const outcome = (applied, backups = []) => ({ environment, applied, dryRun: request.dryRun, backups, steps, fingerprint });
        if (!plan.changes) {
            steps.push('no changes: nothing to apply');
            return outcome(false);
        }
        await request.authorise?.(plan.resourceChanges);
        if (request.requireReviewedPlan && !expectedFingerprint && !request.dryRun) {
            throw new sync_types/* SyncFailure */.WK('plan-changed', `There is no reviewed plan for ${environment}, and the plan now changes ${summary.changes.length} resource(s), so nothing was applied; pass --report with the drift report the reviewers saw, or --plan-fingerprint, or let drift-detect comment on the pull/merge request.`, (0,plan_fingerprint/* describePlanSummary */.fh)(summary).join('\n'));
        }
        if (request.dryRun) {
            steps.push(`would back up the state (${tf.binary} state pull) into ${request.backupDir}`);
            steps.push('would apply the saved plan:');
            (0,arrays/* appendAll */.u2)(steps, (0,plan_fingerprint/* describePlanSummary */.fh)(summary, 50).map((line) => `  ${line}`));
            steps.push(`would run a validation plan and require it to be empty`);
            return outcome(false);
        }
        const backups = await backUpState(tf, request, ctx);
        const validation = await (0,sync_types/* keepingBackups */.Pc)(backups, () => applySavedPlan(tf, planFile, (0,external_node_path_.join)(scratch, 'validation.tfplan'), backups));
        if (validation.changes) {
            throw new sync_types/* SyncFailure */.WK('validation-drift', `${environment} was applied, but the validation plan right after it is not empty (${validation.summary.changes.length} resource change(s)); find what keeps changing (see the details) and fix the configuration.`, (0,plan_fingerprint/* describePlanSummary */.fh)(validation.summary).join('\n'), backups);
        }
        steps.push('validation plan: no changes');
        return outcome(true, backups);
    }
    finally {
        (0,files/* removeScratchFolder */.pq)(scratch);
        tf.close();
    }
}

;// CONCATENATED MODULE: ./packages/engine/src/sync/sync.ts
























/**
 * `{ include: [{ environment }] }` for a GitHub `strategy.matrix` (or a GitLab child pipeline), each name as
 * given. Every name must be an environment of `config` (or an alias of one), each once: a typo would only
 * fail in its own job, after the others synced, and one environment named twice would be synced by two
 * jobs at once.
 */
function syncMatrix(config, environments) {
    if (environments.length === 0)
        throw new errors/* UserError */.yo('The sync matrix needs an environment: --environments dev,staging,prod.');
    const resolved = environments.map((name) => (0,schema/* resolveEnvironmentName */.tl)(config, name).name);
    requireConfiguredEnvironments(config, resolved, 'no matrix was written');
    const twice = resolved.find((name, index) => resolved.indexOf(name) !== index);
    if (twice !== undefined) {
        const spellings = [...new Set(environments.filter((_, index) => resolved[index] === twice))];
        const as = spellings.length > 1 ? ` (as ${spellings.join(' and ')})` : '';
        throw new errors/* UserError */.yo(`${twice} is named twice in the matrix${as}, so two jobs would sync it at once; name each environment once.`);
    }
    return JSON.stringify({ include: environments.map((environment) => ({ environment })) });
}
/** Refuses names that are not environments of `config`, all of them in one sentence, before anything runs. */
function requireConfiguredEnvironments(config, environments, consequence) {
    const unknown = environments.filter((environment) => !Object.hasOwn(config.environments, environment));
    if (unknown.length) {
        throw new errors/* UserError */.yo(`Environment ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in the configuration (it has ${Object.keys(config.environments).join(', ') || 'none'}); ${consequence}.`);
    }
}
const backoffOf = (config) => ({
    limit: config.sync.retry.limit,
    delaySeconds: config.sync.retry.delay_seconds,
    factor: config.sync.retry.factor,
    maxDelaySeconds: config.sync.retry.max_delay_seconds,
});
/** The environment's report: the file given, or drift-report-<env>.json in the folder given (if there). */
function reportFileFor(path, environment) {
    if (!path)
        return undefined;
    if (!(0,files/* statOrNothing */.JR)(path, true)?.isDirectory())
        return path;
    const file = (0,external_node_path_.join)(path, `drift-report-${environment}.json`);
    return (0,external_node_fs_.existsSync)(file) ? file : undefined;
}
function readReport(file, environment) {
    const report = (0,report_file/* readDriftReport */.Uo)(file, 'the drift-report.json the reviewers saw');
    if (report.environment !== environment)
        throw new errors/* UserError */.yo(`${file} is the drift report of ${report.environment}, not ${environment}; pass a folder of drift-report-<env>.json files for several environments.`);
    return report;
}
/**
 * The gate, judging what this sync is about to apply (`planned`, its own plan), or
 * `auto_approve_safe` for a safe change outside production whose plan has no critical change.
 */
async function authorise(request, environment, reviewed, planned, context, withoutReview) {
    const environments = request.config.approval.environments;
    const policy = Object.hasOwn(environments, environment) ? environments[environment] : undefined;
    if (!request.review) {
        if (withoutReview)
            return { outcome: 'not-required', reason: withoutReview };
        if (request.dryRun)
            return { outcome: 'not-required', reason: `would check the gate for ${environment} (no pull/merge request given)` };
        throw new sync_types/* SyncFailure */.WK('gate-denied', `No change to check approvals on for ${environment}; pass --platform/--repo/--pr (or run on the pull request's merge) so the gate can run.`);
    }
    const { platform, configPath, cwd } = request.review;
    const { path: reportPath, report } = reviewed;
    const mismatch = report && (await (0,gate/* reportMismatch */.ZF)(report, environment, await platform.getChangeRequest(), platform));
    if (mismatch)
        throw new sync_types/* SyncFailure */.WK('gate-denied', `The gate denied ${environment}: ${mismatch}.`);
    if (policy?.auto_approve_safe && !(0,four_eyes/* isProduction */.KV)(environment, policy) && planned.complete) {
        const evidence = await (0,approve_safe/* gatherSafetyEvidence */.V)(platform, context.exec, { configPath, cwd });
        // The checkout's config may be older than the base's (a branch made before auto_approve_safe was turned off): the base's decides.
        const based = evidence.policy.config.approval.environments;
        const trusted = Object.hasOwn(based, environment) ? based[environment] : undefined;
        if (trusted?.auto_approve_safe && !(0,four_eyes/* isProduction */.KV)(environment, trusted) && evidence.findings.length === 0 && !(0,gate/* plannedCritical */.S6)(planned, evidence.policy.config)) {
            return { outcome: 'allowed', reason: `auto_approve_safe: every changed path of ${platform.label} is safe and the plan has no critical change` };
        }
    }
    // Sync's own trail: the gate it runs records beside sync's events.
    const auditOfSync = request.dryRun ? undefined : request.audit;
    const decision = await (0,gate/* runGate */.Rg)(platform, context.exec, { environment, configPath, cwd, reportPath, planned, audit: auditOfSync && (() => auditOfSync) }, context.progress);
    if (!decision.allowed)
        throw new sync_types/* SyncFailure */.WK('gate-denied', `The gate denied ${environment}: ${decision.missing.join('; ')}.`);
    return { outcome: 'allowed', reason: `gate allowed ${platform.label} (${decision.approvals_counted.map((approval) => approval.user).join(', ')})` };
}
/** What a provider or registry says when it is briefly unavailable, rather than wrong. */
const TRANSIENT = /time(d)? ?out|connection (reset|refused)|temporar|unavailable|\b(429|500|502|503|504)\b|rate limit|TLS handshake|unexpected EOF|no such host/i;
/**
 * Transient failures before anything was applied (init, plan, an API hiccup) are retried with
 * backoff; a SyncFailure \u2014 a refusal, or an apply that may have partly happened \u2014 never is, and
 * neither is a mistake (a syntax error, a missing variable) that another try cannot fix.
 */
async function withBackoff(policy, context, action) {
    const sleep = context.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
    for (let attempt = 0;; attempt++) {
        try {
            return await action();
        }
        catch (error) {
            if (error instanceof sync_types/* SyncFailure */.WK || attempt >= policy.limit || !TRANSIENT.test((0,errors/* describeFailure */.Ic)(error)))
                throw error;
            const delay = Math.min(policy.delaySeconds * policy.factor ** attempt, policy.maxDelaySeconds);
            context.progress.step(`${(0,errors/* describeFailure */.Ic)(error)} Retrying in ${delay} s (attempt ${attempt + 2} of ${policy.limit + 1}).`);
            await sleep(delay * 1000);
        }
    }
}
/** One environment's sync, recorded: a `started` event before anything runs and a final one however it ends. */
async function syncEnvironment(request, environment, context, withoutReview, change) {
    const subject = { ...change, environment };
    const gate = {};
    const details = (outcome, result, failure) => ({
        type: 'sync',
        outcome,
        gate: gate.decided ?? (result?.failure_reason === 'gate-denied' ? { outcome: 'denied', reason: result.message ?? 'denied' } : null),
        plan_fingerprint: result?.plan_fingerprint ?? null,
        backups: (0,record.backupEntries)(result?.backups ?? [], request.baseDir),
        failure_reason: failure ?? null,
    });
    // A dry run changes nothing, not even the log (a `file` store may sit in the checkout).
    const audit = request.dryRun ? undefined : request.audit;
    await (0,record.recordAudit)(audit, subject, details('started'));
    try {
        const result = await applyEnvironment(request, environment, context, withoutReview, gate);
        const failed = result.status === 'failed';
        await (0,record.recordAudit)(audit, subject, details(failed ? 'failed' : 'succeeded', result, failed ? `${result.failure_reason ?? 'error'}: ${result.message ?? ''}` : undefined));
        return result;
    }
    catch (error) {
        await (0,record.recordAudit)(audit, subject, details('failed', undefined, (0,errors/* describeFailure */.Ic)(error)));
        throw error;
    }
}
async function applyEnvironment(request, environment, context, withoutReview, gate) {
    const result = { environment, status: 'synced', dry_run: request.dryRun, backups: [], steps: [] };
    // runSync has checked that every environment is in the configuration.
    const settings = request.config.environments[environment];
    const backupDir = (0,backup_encryption/* backupFolder */.j0)(request.baseDir, request.config, environment);
    const backupRecipients = (0,backup_encryption/* backupRecipients */.xZ)(request.config);
    let release = () => { };
    let report;
    let deployment;
    try {
        if (!request.dryRun)
            release = acquireLock((0,external_node_path_.join)((0,external_node_path_.resolve)(request.baseDir, request.config.sync.backups_dir), '.locks', `${environment}.lock`), environment, context.clock.now());
        const reportPath = reportFileFor(request.reportPath, environment);
        report = reportPath ? readReport(reportPath, environment) : undefined;
        const { changes: otherChanges, complete } = await changesBesideTerraform(request, environment, settings, report, context, result.steps);
        let authorised = false;
        // Once per environment, before the first thing is applied, judging what is about to be applied.
        const authoriseOnce = async (terraformChanges = () => []) => {
            if (authorised)
                return;
            const planned = { changesFor: (rules) => [...terraformChanges(rules), ...otherChanges], complete };
            gate.decided = await authorise(request, environment, { path: reportPath, report }, planned, context, withoutReview);
            result.steps.push(gate.decided.reason);
            authorised = true;
            if (!request.dryRun)
                deployment = await context.deployments?.start(environment, `gitops-sync sync of ${environment}`);
        };
        const backoff = backoffOf(request.config);
        if (settings.terraform) {
            // A report is held to the commented plan by the gate (reportMismatch); a fingerprint given instead is held to it here.
            const review = report ? undefined : request.review;
            const commented = review ? await (0,pr_comment/* reviewedFingerprint */.S0)(review.platform, environment) : undefined;
            if (review && commented && request.planFingerprint && request.planFingerprint !== commented) {
                throw new sync_types/* SyncFailure */.WK('plan-changed', `The plan fingerprint given for ${environment} (${(0,plan_fingerprinter/* shortFingerprint */.nE)(request.planFingerprint)}) is not the one drift-detect commented on ${review.platform.label} (${(0,plan_fingerprinter/* shortFingerprint */.nE)(commented)}), the plan the reviewers saw, so nothing was applied; leave the fingerprint out to apply the reviewed plan, or review the new plan and approve it again.`);
            }
            const expectedFingerprint = report?.plan_fingerprint ?? request.planFingerprint ?? commented;
            const outcome = await withBackoff(backoff, context, () => syncTerraform({
                environment,
                dir: (0,external_node_path_.resolve)(request.baseDir, settings.terraform.dir),
                settings: settings.terraform,
                expectedFingerprint,
                reviewedReport: report,
                backupDir,
                backupRecipients,
                dryRun: request.dryRun,
                authorise: authoriseOnce,
                requireReviewedPlan: !withoutReview,
            }, { ...context, secrets: request.config.secrets }));
            result.plan_fingerprint = outcome.fingerprint;
            (0,arrays/* appendAll */.u2)(result.backups, outcome.backups);
            (0,arrays/* appendAll */.u2)(result.steps, outcome.steps);
        }
        if (settings.argocd || settings.flux || settings.kubernetes)
            await authoriseOnce();
        if (settings.argocd) {
            const { server, token } = (0,argocd_client/* argoCdCredentials */.l7)(context.env, `Environment ${environment} syncs through Argo CD; set ARGOCD_SERVER and ARGOCD_AUTH_TOKEN.`);
            const outcome = await syncArgoCdApp({ server, token, app: settings.argocd.app, prune: settings.argocd.prune, dryRun: request.dryRun, timeoutSeconds: request.config.sync.rollout_timeout_seconds, backoff, environment }, context);
            (0,arrays/* appendAll */.u2)(result.steps, outcome.steps);
        }
        else if (settings.flux) {
            const flux = { ...settings.flux, context: settings.kubernetes?.context, timeoutSeconds: request.config.sync.rollout_timeout_seconds, dryRun: request.dryRun, environment };
            (0,arrays/* appendAll */.u2)(result.steps, (await (0,sync_kubernetes/* reconcileFlux */.Ab)(flux, context)).steps);
        }
        else if (settings.kubernetes) {
            const approvedPrunes = report ? (0,sync_kubernetes/* approvedKubernetesPrunes */.Z3)(report) : [];
            const outcome = await (0,sync_kubernetes/* syncKubernetes */.Uq)({ environment, kubernetes: settings.kubernetes, baseDir: request.baseDir, secrets: request.config.secrets, approvedPrunes, backupDir, backupRecipients, rolloutTimeoutSeconds: request.config.sync.rollout_timeout_seconds, dryRun: request.dryRun }, context);
            (0,arrays/* appendAll */.u2)(result.backups, outcome.backups);
            (0,arrays/* appendAll */.u2)(result.steps, outcome.steps);
        }
    }
    catch (error) {
        result.status = 'failed';
        result.message = (0,errors/* describeFailure */.Ic)(error);
        if (error instanceof sync_types/* SyncFailure */.WK) {
            result.failure_reason = error.reason;
            (0,arrays/* appendAll */.u2)(result.backups, error.backups.filter((backup) => !result.backups.includes(backup)));
            result.detail = error.detail;
            if (error.reason === 'rollout-timeout' && settings.kubernetes && report)
                await rollBackWorkloads(result, error.unfinished, report, settings.kubernetes, backupDir, request, context);
        }
        else if (!(error instanceof errors/* UserError */.yo))
            throw error;
    }
    finally {
        release();
        // A bug that escapes still ends the deployment: it never stays "in progress" on the platform.
        await deployment?.finish(result.status === 'synced' ? 'success' : 'failure', result.status === 'synced' ? `synced ${environment}` : `sync of ${environment} failed: ${result.message ?? 'an unexpected error'}`);
    }
    if (result.backups.length && !backupRecipients.length)
        result.steps.push(backup_encryption/* PLAINTEXT_BACKUP_NOTE */.yE);
    return result;
}
/**
 * What the Kubernetes part of an environment would change, when the policy needs to know it (a
 * critical team, or auto_approve_safe): every field the apply sets, compared with the cluster
 * (ignore_differences and a live export are for drift, and the change may write its own), and the
 * report's approved prunes, which sync deletes whether or not its own diff sees them. Argo CD and Flux apply what they render themselves: without a
 * kubernetes source to compare, their changes cannot be judged (`complete: false`).
 */
async function changesBesideTerraform(request, environment, settings, report, context, steps) {
    const environments = request.config.approval.environments;
    const policy = Object.hasOwn(environments, environment) ? environments[environment] : undefined;
    if (!settings.kubernetes)
        return { changes: [], complete: !settings.argocd && !settings.flux };
    if (!policy?.critical_requires_team && !policy?.auto_approve_safe)
        return { changes: [], complete: false };
    try {
        // Against the cluster kubectl applies to: a live export is a file the change itself may edit.
        const judged = { ...settings.kubernetes, ignore_differences: [], live: { kubectl: true } };
        const applied = await (0,drift.kubernetesChanges)(judged, environment, request.baseDir, { ...context, secrets: request.config.secrets });
        const pruned = new Set(report && !settings.argocd && !settings.flux ? (0,sync_kubernetes/* approvedKubernetesPrunes */.Z3)(report) : []);
        const prunes = (report?.changes ?? []).filter((change) => pruned.has(change.address)).map(model_report/* unjudged */.bC);
        return { changes: [...applied, ...prunes], complete: true };
    }
    catch (error) {
        if (!(error instanceof errors/* UserError */.yo))
            throw error;
        steps.push(`the Kubernetes changes could not be judged before syncing (${error.message}); they count as critical`);
        return { changes: [], complete: false };
    }
}
const WORKLOAD = /^apps\/v1\/(Deployment|StatefulSet|DaemonSet)\/([^/]*)\/([^/]+)$/;
/**
 * After a rollout that never became ready: `kubectl rollout undo` each workload this sync applied
 * that did not finish and whose change in the reviewed report is critical (the remediation plan's
 * `auto_rollback`), each with a backup first. The report's own plan and severities are not taken
 * as they stand: whoever wrote the file could name any workload, or lower a change's severity.
 */
async function rollBackWorkloads(result, unfinished, report, kubernetes, backupDir, request, context) {
    const engine = new severity_engine/* SeverityEngine */.O((0,rules/* rulesFor */.N)(request.config));
    const critical = new Set(report.changes.filter((change) => engine.judge((0,model_report/* unjudged */.bC)(change)).severity === 'critical').map((change) => change.address));
    const addresses = unfinished.filter((address) => critical.has(address));
    result.auto_rolled_back = [];
    for (const address of addresses) {
        const workload = WORKLOAD.exec(address);
        if (!workload)
            continue;
        const [, kind, namespace, name] = workload;
        try {
            const rolledBack = await rollbackDeployment({ environment: result.environment, kubernetes, namespace: namespace || kubernetes.namespace, name, kind: kind.toLowerCase(), backupDir, backupRecipients: (0,backup_encryption/* backupRecipients */.xZ)(request.config), rolloutTimeoutSeconds: request.config.sync.rollout_timeout_seconds }, context);
            result.auto_rolled_back.push(`${kind}/${name}`);
            result.steps.push(`rolled back ${rolledBack.from} \u2192 ${rolledBack.to} (auto_rollback): ${rolledBack.verification}`);
        }
        catch (error) {
            result.steps.push(`automatic rollback of ${kind}/${name} failed: ${(0,errors/* describeFailure */.Ic)(error)}`);
        }
    }
}
/** What an environment's policy asks for before a change may be applied; empty when nothing. */
function approvalsAskedFor(environment, config) {
    const environments = config.approval.environments;
    const configured = Object.hasOwn(environments, environment) ? environments[environment] : undefined;
    // As the gate reads it: no entry among others is refused there, and no policy at all is the default one.
    if (!configured && Object.keys(environments).length)
        return ['an approval.environments entry'];
    const policy = configured ?? schema/* ApprovalEnvironment */.tX.parse({});
    const count = (0,four_eyes/* requiredApprovals */.Ks)(environment, policy);
    return [
        ...(count ? [`${count} approval${count === 1 ? '' : 's'}`] : []),
        ...policy.required_teams.map((team) => `an approval from ${team}`),
        ...(policy.critical_requires_team ? [`an approval from ${policy.critical_requires_team} for a critical change`] : []),
    ];
}
/** The branch the clone's origin names as its default (`origin/HEAD`), else main. */
async function defaultBranch(exec, cwd) {
    const head = await exec.run('git', ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD'], { cwd }).catch(() => undefined);
    const ref = head?.exitCode === 0 ? head.stdout.toString('utf8').trim() : '';
    return ref.startsWith('refs/remotes/origin/') ? ref.slice('refs/remotes/origin/'.length) : 'main';
}
const REVIEW_INSTEAD = 'so it syncs only from its reviewed pull/merge request: pass --pr N (with --platform and --repo)';
/**
 * Without a change under review, each environment may sync only when its policy as merged on its
 * protected branch asks for no approval at all, and it is defined there as in the working copy \u2014
 * the working copy's config, which anyone can edit, never decides that: not the policy, not which
 * branch holds it (the default branch's config names it), not what the environment is.
 * Anything else is a usage mistake, said before anything runs.
 */
async function approvalFreeEnvironments(request, exec, env, trusted) {
    const granted = new Map();
    const where = request.unreviewed;
    const home = where ? await defaultBranch(exec, where.cwd) : 'main';
    const runRepository = env.GITHUB_ACTIONS === 'true' ? env.GITHUB_REPOSITORY : env.GITLAB_CI === 'true' ? env.CI_PROJECT_PATH : undefined;
    const read = new Map();
    const readOn = async (branch) => {
        if (!read.has(branch))
            read.set(branch, where ? await (0,base_policy/* readBranchConfig */.f4)(exec, where.cwd, branch, where.configPath, runRepository || undefined) : { problem: 'no pull/merge request was given' });
        return read.get(branch);
    };
    for (const environment of request.environments) {
        const anchor = await readOn(home);
        const policies = 'problem' in anchor ? {} : anchor.config.approval.environments;
        const branch = Object.hasOwn(policies, environment) ? policies[environment].branch : schema/* ApprovalEnvironment */.tX.parse({}).branch;
        const merged = 'problem' in anchor ? anchor : await readOn(branch);
        const shownBranch = 'problem' in anchor ? home : branch;
        const asked = 'problem' in merged ? [] : approvalsAskedFor(environment, merged.config);
        const entry = `approval.environments.${environment} in ${'problem' in merged ? 'the config' : merged.configPath}`;
        if ('problem' in merged || asked.length) {
            // Which branch is the default one is the clone's origin/HEAD, never the working copy's word: say so when it is the guess that failed.
            const whereFrom = 'problem' in anchor && anchor.problem.startsWith('there is no branch') ? `; the policy is read from the branch origin/HEAD names, else main: \`git remote set-head origin --auto\` sets it` : '';
            const why = 'problem' in merged ? `The policy of ${environment} could not be read from ${shownBranch} (${merged.problem}${whereFrom})` : `${environment} needs ${asked.join(' and ')} by its policy on ${branch} (${entry})`;
            throw new errors/* UserError */.yo(`${why}, ${REVIEW_INSTEAD}, or --dry-run to see what would change.`);
        }
        const defined = merged.config.environments;
        if (!Object.hasOwn(defined, environment) || !(0,external_node_util_.isDeepStrictEqual)(defined[environment], request.config.environments[environment])) {
            throw new errors/* UserError */.yo(`environments.${environment} in ${merged.configPath} is not as on ${branch}, where its policy needs no approval, ${REVIEW_INSTEAD}, merge the change first, or --dry-run to see what would change.`);
        }
        granted.set(environment, `no approval needed: ${entry} on ${branch} (${merged.sha.slice(0, 12)}) requires none`);
        trusted.set(environment, { approval: merged.config.approval, configFile: merged.configPath, backupRecipients: (0,backup_encryption/* backupRecipients */.xZ)(merged.config), source: `${merged.configPath} on ${branch}` });
    }
    return granted;
}
/** The change a sync applies, for its events: the pull/merge request (when one is under review) and the checked-out commit. */
async function auditedChange(request, exec) {
    const head = await exec.run('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: request.baseDir }).catch(() => undefined);
    const deployed = head?.exitCode === 0 ? head.stdout.toString('utf8').trim() : null;
    const change = request.review ? await request.review.platform.getChangeRequest().catch(() => undefined) : undefined;
    return {
        commits: { base: change?.baseSha, head: change?.headSha ?? deployed, deployed },
        changeRequest: change ? { number: change.number, url: change.url } : null,
    };
}
/**
 * `sync`: applies exactly what was reviewed, environment by environment \u2014 in order, stopping at
 * the first failure, or side by side with a concurrency limit \u2014 each only when its gate allows.
 */
async function runSync(request, context) {
    if (request.environments.length === 0)
        throw new errors/* UserError */.yo('sync needs an environment: gitops-sync sync production, or --environments dev,staging,prod.');
    for (const environment of request.environments)
        (0,schema/* checkEnvironmentName */.r0)(environment);
    // Every name is checked before anything runs: a typo must not surface after dev was applied.
    requireConfiguredEnvironments(request.config, request.environments, 'nothing was synced');
    for (const environment of request.environments)
        (0,backup_encryption/* backupFolder */.j0)(request.baseDir, request.config, environment);
    const trusted = new Map();
    const withoutReview = request.review || request.dryRun ? new Map() : await approvalFreeEnvironments(request, context.exec, context.env ?? process.env, trusted);
    const deployers = await checkDeployers(request, context, trusted);
    if ('refused' in deployers)
        return { environments: deployers.refused, ok: false };
    const change = request.audit && !request.dryRun ? await auditedChange(request, context.exec) : {};
    const results = await syncAll(withTrustedRecipients(request, trusted, deployers.steps), context, withoutReview, change);
    for (const result of results)
        result.steps = [...(deployers.steps.get(result.environment) ?? []), ...result.steps];
    return { environments: results, ok: results.every((result) => result.status === 'synced') };
}
/**
 * The policy the gate trusts for this run: the change's base commit, or the protected branch's
 * (read by approvalFreeEnvironments); never the working copy a change may edit.
 */
async function trustedPolicy(request, context, known, environment) {
    const found = known.get(environment);
    if (found)
        return found;
    if (!request.review) {
        const configFile = request.unreviewed?.configPath ?? 'gitops-sync.yaml';
        return { approval: request.config.approval, configFile, backupRecipients: (0,backup_encryption/* backupRecipients */.xZ)(request.config), source: configFile };
    }
    const { platform, configPath, cwd } = request.review;
    const base = (await platform.getChangeRequest()).baseSha;
    const reader = new base_policy/* CommitReader */.fi(platform, context.exec, cwd);
    const path = (await reader.repositoryPath(configPath)).replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    const source = `${path} at the base commit ${base.slice(0, 12)}`;
    const text = await reader.read(path, base);
    const misplacedConfig = text === undefined ? await (0,base_policy/* misplaced */.j5)(reader, path, base) : undefined;
    if (misplacedConfig)
        throw (0,base_policy/* misplacedConfigError */.x1)(misplacedConfig);
    const config = (0,parse/* parseConfig */.o)(text ?? '{}', source);
    const policy = { approval: config.approval, configFile: path, backupRecipients: (0,backup_encryption/* backupRecipients */.xZ)(config), source };
    for (const name of request.environments)
        known.set(name, policy);
    return policy;
}
/**
 * Backups are encrypted only to the checkout's recipients that the trusted config names too: one a
 * change adds would let whoever holds its key read, from the uploaded artifact, the state of what it
 * deploys. The request as synced (those recipients only), and a step for each environment that drops one.
 */
function withTrustedRecipients(request, trusted, steps) {
    const recipients = (0,backup_encryption/* backupRecipients */.xZ)(request.config);
    const untrusted = new Set();
    for (const environment of request.environments) {
        const policy = trusted.get(environment);
        const added = policy ? recipients.filter((recipient) => !policy.backupRecipients.includes(recipient)) : [];
        for (const recipient of added)
            untrusted.add(recipient);
        if (policy && added.length) {
            steps.get(environment)?.push(`backups are encrypted only to recipients ${policy.source} names too; the ${added.length === 1 ? 'one' : added.length} this checkout's sync.backup_encryption.recipients adds ${added.length === 1 ? 'is' : 'are'} left out, as a change may not choose who can read its backups`);
        }
    }
    if (!untrusted.size)
        return request;
    const backupEncryption = { ...request.config.sync.backup_encryption, recipients: recipients.filter((recipient) => !untrusted.has(recipient)) };
    return { ...request, config: { ...request.config, sync: { ...request.config.sync, backup_encryption: backupEncryption } } };
}
/** The commit being deployed without a change under review: the clone's HEAD. */
async function headCommit(exec, cwd) {
    const head = await exec.run('git', ['rev-parse', '--verify', 'HEAD^{commit}'], { cwd });
    if (head.exitCode !== 0)
        throw new errors/* UserError */.yo(`git could not name the commit being deployed in ${cwd}.`);
    return head.stdout.toString('utf8').trim();
}
/**
 * Who may deploy each environment, checked for all of them before anything runs (a dry run changes
 * nothing, so it only warns): the first refusal fails its environment and skips the rest.
 */
async function checkDeployers(request, context, known) {
    const steps = new Map();
    const policyOf = (approval, environment) => (Object.hasOwn(approval.environments, environment) ? approval.environments[environment] : undefined);
    for (const environment of request.environments) {
        if (request.dryRun) {
            const warning = deployersWarning(environment, policyOf(request.config.approval, environment), request.unreviewed?.configPath ?? request.review?.configPath ?? 'gitops-sync.yaml');
            steps.set(environment, warning ? [warning] : []);
            if (warning)
                (0,ports/* environmentProgress */.rD)(context.progress, environment).step(warning);
            continue;
        }
        try {
            const { approval, configFile } = await trustedPolicy(request, context, known, environment).catch((error) => {
                if (error instanceof errors/* UserError */.yo)
                    throw new sync_types/* SyncFailure */.WK('not-a-deployer', `${environment} was not synced: who may deploy it could not be read from the trusted policy (${error.message.replace(/\.$/, '')}).`);
                throw error;
            });
            const review = request.review;
            const author = review
                ? async () => {
                    const { author: person } = await review.platform.getChangeRequest();
                    return { id: String(person.id), login: person.login };
                }
                : async () => (request.deployers && !('unavailable' in request.deployers) && request.unreviewed ? request.deployers.changeAuthor(await headCommit(context.exec, request.unreviewed.cwd)) : undefined);
            const decision = await checkDeployer({
                environment,
                action: 'sync',
                policy: policyOf(approval, environment),
                configFile,
                bots: approval.bots,
                author,
                directory: request.deployers ?? { unavailable: 'no platform directory was given to ask who started the run' },
            });
            steps.set(environment, decision.steps);
            // A warning (anyone may deploy) is shown as it is found; the steps reach the summary.
            for (const step of decision.steps)
                if ((0,ports/* warningOf */.aj)(step) !== undefined)
                    (0,ports/* environmentProgress */.rD)(context.progress, environment).step(step);
        }
        catch (error) {
            if (!(error instanceof sync_types/* SyncFailure */.WK))
                throw error;
            const failed = { environment, status: 'failed', failure_reason: error.reason, message: error.message, dry_run: false, backups: [], steps: [] };
            const others = request.environments.filter((name) => name !== environment);
            return { refused: [failed, ...others.map((name) => ({ environment: name, status: 'skipped', message: `not synced: ${environment} was refused first`, dry_run: false, backups: [], steps: [] }))].sort((a, b) => request.environments.indexOf(a.environment) - request.environments.indexOf(b.environment)) };
        }
    }
    return { steps };
}
/** Each environment in turn (stopping at the first failure), or side by side. */
async function syncAll(request, context, withoutReview, change) {
    const results = [];
    if (request.parallel) {
        // Each environment runs terraform with its own data dir and TF_WORKSPACE; those sharing a folder
        // and a workspace share one state, so they run one after the other.
        const groups = new Map();
        for (const environment of request.environments) {
            const terraform = request.config.environments[environment].terraform;
            const key = terraform ? `terraform:${(0,external_node_path_.resolve)(request.baseDir, terraform.dir)}:${terraform.workspace ?? 'default'}` : `environment:${environment}`;
            groups.set(key, [...(groups.get(key) ?? []), environment]);
        }
        await (0,at_most/* runAtMost */.M)([...groups.values()], request.concurrency, async (group) => {
            for (const environment of group)
                results.push(await syncEnvironment(request, environment, { ...context, progress: (0,ports/* environmentProgress */.rD)(context.progress, environment) }, withoutReview.get(environment), change));
        });
        results.sort((a, b) => request.environments.indexOf(a.environment) - request.environments.indexOf(b.environment));
    }
    else {
        for (const environment of request.environments) {
            const result = await syncEnvironment(request, environment, context, withoutReview.get(environment), change);
            results.push(result);
            if (result.status === 'failed') {
                for (const skipped of request.environments.slice(results.length)) {
                    results.push({ environment: skipped, status: 'skipped', message: `not synced: ${environment} failed first`, dry_run: request.dryRun, backups: [], steps: [] });
                }
                break;
            }
        }
    }
    return results;
}

// EXTERNAL MODULE: ./packages/engine/src/path-lookup.ts
var path_lookup = __webpack_require__(3072);
;// CONCATENATED MODULE: ./packages/engine/src/rollback/controller-pause.ts





/**
 * Before a kubernetes or argocd rollback: the environment's controller would put the failed version
 * back (Argo CD with automated sync refuses the rollback outright). Per `rollback.auto_sync` it is
 * suspended \u2014 the returned pause turns it back on \u2014 or the rollback is refused before anything
 * changes. Undefined when no controller syncs on its own.
 */
async function pauseController(target, context, step) {
    const { environment, settings } = target;
    const policy = settings.rollback?.auto_sync ?? 'refuse';
    const key = `environments.${environment}.rollback.auto_sync`;
    if (settings.argocd) {
        const { server, token } = (0,argocd_client/* argoCdCredentials */.l7)(context.env, `Rolling back environment ${environment} needs ARGOCD_SERVER and ARGOCD_AUTH_TOKEN, to check the automated sync of its Argo CD application ${settings.argocd.app}.`);
        const connection = { server, token, app: settings.argocd.app };
        // Read first: an application that does not exist is refused here, before anything changes.
        const { automated } = await readArgoCdApp(connection, context);
        if (!automated)
            return undefined;
        const name = `Argo CD application "${settings.argocd.app}"`;
        if (policy === 'refuse') {
            throw new errors/* UserError */.yo(`${name} of environment ${environment} has automated sync on, so Argo CD refuses the rollback and would sync the failed version back; set ${key}: suspend in gitops-sync.yaml to suspend it for the rollback, or turn automated sync off first.`);
        }
        if (!target.direct) {
            throw new errors/* UserError */.yo(`${key}: suspend needs the Git revert pushed directly, because automated sync of ${name} comes back when the rollback ends and would sync the failed version back from an unmerged pull request; set environments.${environment}.rollback.revert: direct in gitops-sync.yaml (or pass --direct).`);
        }
        await setArgoCdAutomatedSync(connection, null, context);
        step(`Suspended automated sync of ${name} (was ${JSON.stringify(automated)}) for the rollback.`);
        const record = { controller: name, suspended: true, restored: false, note: 'automated sync suspended' };
        const resumeCommand = `argocd app set ${settings.argocd.app}${[' --sync-policy automated', automated.selfHeal ? ' --self-heal' : '', automated.prune ? ' --auto-prune' : ''].join('')}`;
        return {
            record,
            resumeCommand,
            resume: async () => {
                try {
                    await setArgoCdAutomatedSync(connection, automated, context);
                }
                catch (error) {
                    record.note = `automated sync is OFF: restoring it failed`;
                    throw new errors/* UserError */.yo(`Automated sync of ${name} is OFF: restoring it after the rollback failed (${error.message.replace(/\.$/, '')}); turn it back on now with ${resumeCommand}.`);
                }
                record.restored = true;
                record.note = `automated sync restored (${JSON.stringify(automated)})`;
                step(`Restored automated sync of ${name} (${JSON.stringify(automated)}).`);
            },
        };
    }
    if (settings.flux) {
        const { kind, name, namespace } = settings.flux;
        const object = `Flux ${kind} ${namespace}/${name}`;
        const resumeCommand = `flux resume ${kind} ${name} -n ${namespace}`;
        if (policy === 'refuse') {
            throw new errors/* UserError */.yo(`${object} reconciles environment ${environment} from Git and would put the failed version back; set ${key}: suspend in gitops-sync.yaml to suspend it for the rollback (it is resumed once the Git revert is merged).`);
        }
        if (!(0,path_lookup/* isOnPath */.j)('flux', context.env ?? process.env)) {
            throw new errors/* UserError */.yo(`The flux CLI is not on PATH, and suspending ${object} for the rollback needs it; install it (https://fluxcd.io/flux/installation/#install-the-flux-cli) and run again.`);
        }
        const cluster = (0,sync_kubernetes/* kubeContextArgs */.cu)(settings.kubernetes?.context);
        const flux = (verb) => context.exec.run('flux', [verb, kind, name, '-n', namespace, ...cluster], { env: context.env });
        const suspended = await flux('suspend');
        if (suspended.exitCode !== 0) {
            throw new errors/* UserError */.yo(`flux suspend ${kind} ${name} -n ${namespace} failed (exit ${suspended.exitCode}: ${(0,sync_kubernetes/* kubectlSaid */.Sk)(`${suspended.stderr}\n${suspended.stdout.toString('utf8')}`)}), so nothing was rolled back; check the name with flux get ${kind}s -n ${namespace}.`);
        }
        step(`Suspended ${object} for the rollback.`);
        const record = { controller: object, suspended: true, restored: false, note: 'suspended' };
        return {
            record,
            resumeCommand,
            resume: async (openRevert) => {
                if (openRevert) {
                    record.note = `still suspended until ${openRevert} is merged; then run ${resumeCommand}`;
                    step(`${object} stays SUSPENDED until ${openRevert} is merged; then run ${resumeCommand}.`);
                    return;
                }
                const resumed = await flux('resume');
                if (resumed.exitCode !== 0) {
                    record.note = 'still suspended: resuming it failed';
                    throw new errors/* UserError */.yo(`${object} is still SUSPENDED: ${resumeCommand} failed after the rollback (exit ${resumed.exitCode}: ${(0,sync_kubernetes/* kubectlSaid */.Sk)(`${resumed.stderr}\n${resumed.stdout.toString('utf8')}`)}); resume it by hand now.`);
                }
                record.restored = true;
                record.note = 'resumed';
                step(`Resumed ${object}.`);
            },
        };
    }
    return undefined;
}

// EXTERNAL MODULE: ./packages/engine/src/drift/k8s-render.ts
var k8s_render = __webpack_require__(9977);
// EXTERNAL MODULE: ./packages/core/src/report/markdown.ts
var markdown = __webpack_require__(7195);
// EXTERNAL MODULE: ./packages/engine/src/signatures/sign-commit.ts
var sign_commit = __webpack_require__(5987);
;// CONCATENATED MODULE: ./packages/engine/src/rollback/rollback-git.ts



const DEFAULT_IDENTITY = { name: 'gitops-sync', email: 'gitops-sync@users.noreply.invalid' };
/** First non-empty line of a tool's stderr, trimmed of trailing full stops, for use inside a sentence. */
function firstLine(text) {
    const line = text
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '' && !/^hint:/.test(l));
    return (line ?? 'no message').replace(/^(fatal|error):\s*/, '').replace(/[.\s]+$/, '');
}
const rollback_git_short = (sha) => sha.slice(0, 7);
/** Repository-relative, literal path (no leading "./", no trailing "/"); refuses paths outside the repository. */
function repoPath(environment, prefix, path) {
    const raw = path.replace(/\\/g, '/');
    const joined = external_node_path_.posix.normalize(external_node_path_.posix.join(prefix, raw)).replace(/\/+$/, '');
    if (external_node_path_.posix.isAbsolute(raw) || joined === '..' || joined.startsWith('../') || raw.trim() === '') {
        throw new errors/* UserError */.yo(`Path ${JSON.stringify(path)} of environment ${environment} is outside the repository; list paths relative to the repository root.`);
    }
    return joined === '' ? '.' : joined;
}
/** A git runner bound to one working tree: literal pathspecs, no prompts, no pager. */
class Git {
    exec;
    dir;
    env;
    constructor(exec, dir, env) {
        this.exec = exec;
        this.dir = dir;
        this.env = env;
    }
    run(args) {
        return this.exec.run('git', ['--no-pager', '--literal-pathspecs', '-c', 'core.quotePath=false', ...args], { cwd: this.dir, env: this.env });
    }
    /** stdout of a command that must succeed; otherwise a UserError naming the command. */
    async text(args, what) {
        const result = await this.run(args);
        if (result.exitCode !== 0)
            throw new errors/* UserError */.yo(`Could not ${what} in ${this.dir} (git ${args[0]}: ${firstLine(result.stderr)}); fix the clone and run the rollback again.`);
        return result.stdout.toString('utf8');
    }
    /** The same runner in another folder (the repository root). */
    at(dir) {
        return new Git(this.exec, dir, this.env);
    }
    async ok(args) {
        return (await this.run(args)).exitCode === 0;
    }
    /** The commit `rev` names, or undefined. */
    async commit(rev) {
        const result = await this.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
        return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : undefined;
    }
}
function parseNameStatus(output) {
    const fields = output.split('\0');
    const changed = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
        if (fields[i] === '')
            break;
        changed.push({ status: fields[i], path: fields[i + 1] });
    }
    return changed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
/** Files with tracked changes (anywhere) or untracked files under `paths`: `git status --porcelain -z`. */
async function uncommitted(git, paths) {
    const tracked = await git.text(['status', '--porcelain=v1', '-z', '--untracked-files=no'], 'read the working tree status');
    const untracked = await git.text(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...paths], 'read the working tree status');
    const files = new Set();
    for (const output of [tracked, untracked]) {
        const entries = output.split('\0');
        for (let i = 0; i < entries.length; i++) {
            const entry = entries[i];
            if (entry.length < 4)
                continue;
            files.add(entry.slice(3));
            // Renames and copies carry the original path as the next field.
            if (/^[RC]/.test(entry))
                i++;
        }
    }
    return [...files].sort();
}
/**
 * Rolls an environment back the GitOps way: the environment's paths are restored to their state at
 * `toCommit` as a NEW commit on top of `baseBranch` (files changed since are restored, files added
 * since are removed, everything else is untouched), pushed to a branch with a pull/merge request
 * opened for it (or, for push 'direct', pushed to baseBranch as a fast-forward). History is never
 * rewritten and nothing is ever force-pushed. The checkout is left on the branch it was on.
 */
async function rollbackGit(request, ctx, opener) {
    const environment = (0,schema/* checkEnvironmentName */.r0)(request.environment);
    const remote = request.remote ?? 'origin';
    const dryRun = request.dryRun ?? false;
    const steps = [];
    const step = (message) => {
        steps.push(message);
        ctx.progress.step(message);
    };
    checkRequest(request, environment, remote);
    const env = { ...(ctx.env ?? process.env), GIT_TERMINAL_PROMPT: '0' };
    const { repo, paths } = await openRepository(request, environment, new Git(ctx.exec, request.repoDir, env));
    const remoteConfigured = await checkBranchAndRemote(repo, request.baseBranch, remote, dryRun);
    const plan = await planRollback(repo, request, environment, remote, paths, step);
    const { base, from, to, toShort, branch, changedPaths, removedPaths, diffStat } = plan;
    const result = { rolledBack: false, dryRun, environment, from, to, branch, changedPaths, removedPaths, diffStat, steps };
    if (changedPaths.length === 0) {
        step(`Nothing to roll back: the paths of ${environment} on ${base} (${rollback_git_short(from)}) are already as they were at ${toShort}.`);
        return result;
    }
    if (plan.push === 'pull-request' && (await repo.commit(`refs/heads/${branch}`))) {
        throw new errors/* UserError */.yo(`Branch ${branch} already exists in the clone at ${repo.dir}; delete it, or finish the pull request it belongs to, and run again.`);
    }
    const subject = `Roll back ${environment} to ${toShort}`;
    const toSubject = (await repo.text(['log', '-1', '--format=%s', to], 'read the commit')).trim();
    if (dryRun) {
        describeDryRun(plan, subject, remoteConfigured, step, ctx.progress);
        return result;
    }
    const original = await currentCheckout(repo);
    const commit = await commitRollback(repo, plan, original, { message: commitMessage(plan, subject, toSubject, ctx.clock), author: request.author, env }, step);
    step(`Committed ${rollback_git_short(commit)} "${subject}": ${changedPaths.length - removedPaths.length} restored, ${removedPaths.length} removed.`);
    await pushRollback(repo, plan, commit, original);
    step(`Pushed ${rollback_git_short(commit)} to ${remote}/${branch}.`);
    result.rolledBack = true;
    result.commit = commit;
    if (plan.push === 'pull-request') {
        if (!opener) {
            step(`No pull request was opened (no platform token); open one from ${branch} into ${base}.`);
            return result;
        }
        const opened = await opener.open({ head: branch, base, title: subject, body: changeRequestBody(plan, toSubject) });
        result.pullRequestUrl = opened.url;
        result.pullRequestNumber = opened.number;
        step(`Opened ${opened.url} from ${branch} into ${base}.`);
    }
    return result;
}
/** Refuses a request that cannot be right whatever the clone holds. */
function checkRequest(request, environment, remote) {
    if (request.push !== 'pull-request' && request.push !== 'direct') {
        throw new errors/* UserError */.yo(`Push mode ${JSON.stringify(request.push)} is not known; use pull-request or direct.`);
    }
    if (request.paths.length === 0)
        throw new errors/* UserError */.yo(`Environment ${environment} has no paths to roll back; set environments.${environment}.paths in gitops-sync.yaml.`);
    if (request.toCommit.trim() === '' || request.toCommit.startsWith('-')) {
        throw new errors/* UserError */.yo(`${JSON.stringify(request.toCommit)} is not a commit; pass --to-commit with a commit sha or ref.`);
    }
    if (remote === '' || remote.startsWith('-'))
        throw new errors/* UserError */.yo(`${JSON.stringify(remote)} is not a remote name; pass the name of a configured remote such as origin.`);
}
/** The clone's root, and the environment's paths relative to it (they are given relative to repoDir). */
async function openRepository(request, environment, git) {
    const inside = await git.run(['rev-parse', '--is-inside-work-tree', '--show-prefix']);
    if (inside.exitCode !== 0 || !inside.stdout.toString('utf8').startsWith('true')) {
        throw new errors/* UserError */.yo(`${request.repoDir} is not a Git working tree; run the rollback inside a clone of the repository.`);
    }
    const prefix = inside.stdout.toString('utf8').split('\n')[1] ?? '';
    const top = (await git.text(['rev-parse', '--show-toplevel'], 'find the repository root')).trim();
    const paths = [...new Set(request.paths.map((path) => repoPath(environment, prefix, path)))];
    return { repo: git.at(top), paths };
}
/** Whether the remote is configured: a real rollback pushes to it, a dry run only names it. */
async function checkBranchAndRemote(repo, base, remote, dryRun) {
    if (!(await repo.ok(['check-ref-format', '--branch', base])) || base.startsWith('-')) {
        throw new errors/* UserError */.yo(`${JSON.stringify(base)} is not a valid branch name; pass the branch to roll back, such as main.`);
    }
    const configured = await repo.ok(['remote', 'get-url', '--', remote]);
    if (!configured && !dryRun) {
        throw new errors/* UserError */.yo(`Remote ${remote} is not configured in the clone at ${repo.dir}; add it with git remote add ${remote} URL and run the rollback again.`);
    }
    return configured;
}
/** From where to where, over which paths, and what that changes: everything the commit will do, read from the clone. */
async function planRollback(repo, request, environment, remote, paths, step) {
    const base = request.baseBranch;
    const localBase = await repo.commit(`refs/heads/${base}`);
    const from = localBase ?? (await repo.commit(`refs/remotes/${remote}/${base}`));
    if (!from)
        throw new errors/* UserError */.yo(`Branch ${base} is not in the clone at ${repo.dir}, neither locally nor as ${remote}/${base}; fetch it and run again.`);
    const to = await repo.commit(request.toCommit);
    if (!to) {
        throw new errors/* UserError */.yo(`Commit ${JSON.stringify(request.toCommit)} is not in the clone at ${repo.dir}; pass a commit sha or ref that exists there (in CI, check out with fetch-depth: 0).`);
    }
    const toShort = (await repo.text(['rev-parse', '--short', to], 'abbreviate the commit')).trim() || rollback_git_short(to);
    await refuseUnrelated(repo, to, toShort, from, base);
    step(`Rolling back ${environment} on ${base} from ${rollback_git_short(from)} to ${toShort} (paths: ${paths.join(', ')}).`);
    await refuseUncommittedChanges(repo, paths);
    const existing = await pathsAtEitherEnd(repo, paths, { from, to, toShort, base }, step);
    if (existing.length === 0) {
        throw new errors/* UserError */.yo(`None of the paths of environment ${environment} (${paths.join(', ')}) exist at ${toShort} or on ${base}; check environments.${environment}.paths in gitops-sync.yaml.`);
    }
    // From `from` to `to` over the paths: exactly what the rollback commit will change.
    const changed = parseNameStatus(await repo.text(['diff', '--name-status', '-z', '--no-renames', '--no-ext-diff', from, to, '--', ...existing], 'compare the paths'));
    const diffStat = changed.length
        ? (await repo.text(['diff', '--stat=200', '--no-renames', '--no-ext-diff', '--no-color', from, to, '--', ...existing], 'compare the paths')).replace(/\s+$/, '')
        : '';
    return {
        environment,
        base,
        remote,
        push: request.push,
        from,
        localBase,
        to,
        toShort,
        paths: existing,
        branch: request.push === 'direct' ? base : `gitops-sync/rollback-${environment}-${toShort}`,
        changedPaths: changed.map((c) => c.path),
        removedPaths: changed.filter((c) => c.status === 'D').map((c) => c.path),
        diffStat,
    };
}
/** Only a commit in the branch's own history is a state the environment was in. */
async function refuseUnrelated(repo, to, toShort, from, base) {
    const ancestry = await repo.run(['merge-base', '--is-ancestor', to, from]);
    if (ancestry.exitCode === 1) {
        throw new errors/* UserError */.yo(`Commit ${toShort} is not an ancestor of ${base}; roll back only to a commit in the branch's own history.`);
    }
    if (ancestry.exitCode !== 0)
        throw new errors/* UserError */.yo(`Could not tell whether ${toShort} is an ancestor of ${base} (git merge-base: ${firstLine(ancestry.stderr)}); fetch the full history and run again.`);
}
async function refuseUncommittedChanges(repo, paths) {
    const dirty = await uncommitted(repo, paths);
    if (dirty.length) {
        const more = dirty.length > 1 ? ` and ${dirty.length - 1} more` : '';
        throw new errors/* UserError */.yo(`The working tree at ${repo.dir} has uncommitted changes (${dirty[0]}${more}); commit or stash them before rolling back.`);
    }
}
/** The paths that exist at `to` or on the branch; the others are skipped with a step saying so. */
async function pathsAtEitherEnd(repo, paths, range, step) {
    const existing = [];
    for (const path of paths) {
        const atTo = (await repo.text(['ls-tree', '--name-only', range.to, '--', path], 'list the paths')).trim();
        const atFrom = (await repo.text(['ls-tree', '--name-only', range.from, '--', path], 'list the paths')).trim();
        if (atTo || atFrom || path === '.')
            existing.push(path);
        else
            step(`Path ${path} exists neither at ${range.toShort} nor on ${range.base}; skipped.`);
    }
    return existing;
}
/** What the real rollback would commit, push and open; a dry run contacts no remote. */
function describeDryRun(plan, subject, remoteConfigured, step, progress) {
    const { changedPaths, removedPaths } = plan;
    const target = plan.push === 'direct' ? `${plan.base} on ${plan.remote}` : `branch ${plan.branch} on ${plan.remote}, with a pull request into ${plan.base}`;
    step(`Dry run: would commit "${subject}" (${changedPaths.length} file${changedPaths.length === 1 ? '' : 's'}: ${changedPaths.length - removedPaths.length} restored, ${removedPaths.length} removed) and push it to ${target}; nothing was changed.`);
    if (!remoteConfigured)
        step(`Remote ${plan.remote} is not configured in this clone; add it with git remote add ${plan.remote} URL before the real rollback.`);
    for (const line of plan.diffStat.split('\n'))
        progress.step(`  ${line}`);
}
function commitMessage(plan, subject, toSubject, clock) {
    return [
        subject,
        '',
        `Restores the paths of environment ${plan.environment} to their state at commit ${plan.to}`,
        `(${toSubject}), as a new commit on top of ${plan.base} at ${plan.from}. History is not rewritten.`,
        '',
        'Paths:',
        ...plan.paths.map((path) => `- ${path}`),
        '',
        `Original commit: ${plan.to}`,
        `Rolled back from: ${plan.from}`,
        `Requested at: ${clock.now().toISOString()}`,
    ].join('\n');
}
/** `-c user.name/-c user.email` for the commit: the request's author, else git's own identity, else gitops-sync's. */
async function commitIdentity(repo, author, env) {
    const hasIdentity = author === undefined && ((await repo.ok(['config', '--get', 'user.email'])) || Boolean(env.GIT_COMMITTER_EMAIL ?? env.EMAIL));
    const identity = author ?? (hasIdentity ? undefined : DEFAULT_IDENTITY);
    return identity ? ['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`] : [];
}
async function currentCheckout(repo) {
    const symbolic = await repo.run(['symbolic-ref', '--quiet', '--short', 'HEAD']);
    return symbolic.exitCode === 0 ? { branch: symbolic.stdout.toString('utf8').trim() } : { sha: (await repo.text(['rev-parse', 'HEAD'], 'read HEAD')).trim() };
}
/**
 * On the branch that carries it (created from `from`, or `base` itself), restores the paths to `to`
 * and commits: files changed since are restored, files added since are removed. When anything fails,
 * the checkout is put back as it was and nothing is left behind.
 */
async function commitRollback(repo, plan, original, commit, step) {
    const { base, branch, toShort } = plan;
    let created = false;
    try {
        if (plan.push === 'pull-request') {
            await repo.text(['switch', '--quiet', '--no-track', '--create', branch, plan.from], `create branch ${branch}`);
            created = true;
        }
        else if (!('branch' in original && original.branch === base)) {
            await repo.text(plan.localBase ? ['switch', '--quiet', base] : ['switch', '--quiet', '--create', base, '--track', `${plan.remote}/${base}`], `check out ${base}`);
        }
        step(plan.push === 'pull-request' ? `Created branch ${branch} from ${base} (${rollback_git_short(plan.from)}).` : `Committing on ${base} (${rollback_git_short(plan.from)}).`);
        // restore removes what the source lacks: files added since `to` go.
        await repo.text(['restore', `--source=${plan.to}`, '--staged', '--worktree', '--', ...plan.changedPaths], `restore the paths to ${toShort}`);
        const left = await repo.text(['diff', '--cached', '--name-only', '-z', '--no-renames', plan.to, '--', ...plan.paths], 'verify the restored paths');
        if (left.replace(/\0/g, '') !== '')
            throw new errors/* UserError */.yo(`The paths of ${plan.environment} still differ from ${toShort} after restoring them (${left.split('\0')[0]}); check the clone and run again.`);
        const identity = await commitIdentity(repo, commit.author, commit.env);
        const signing = await (0,sign_commit/* signingArgs */.L)((args) => repo.run(args));
        const made = await repo.run([...identity, 'commit', '--quiet', '--no-edit', '--cleanup=verbatim', ...signing, '-m', commit.message]);
        if (made.exitCode !== 0) {
            const why = firstLine(made.stderr);
            throw new errors/* UserError */.yo(signing.length ? `git could not sign the rollback commit in ${repo.dir} (${why}); ${sign_commit/* SIGNING_FIX */.Q}, or unset user.signingkey.` : `Could not commit the rollback in ${repo.dir} (git commit: ${why}); fix the clone and run the rollback again.`);
        }
        return (await repo.text(['rev-parse', 'HEAD'], 'read the new commit')).trim();
    }
    catch (error) {
        // Nothing was committed: put the checkout back as it was (the tree was clean before we started).
        await repo.run(['reset', '--quiet', '--hard', 'HEAD']);
        await backTo(repo, original);
        if (created)
            await repo.run(['branch', '--quiet', '-D', branch]);
        throw error;
    }
}
/** A plain push is a fast-forward or nothing; never --force. The checkout goes back where it was either way. */
async function pushRollback(repo, plan, commit, original) {
    const { base, branch, remote } = plan;
    const pushed = await repo.run(['push', '--porcelain', '--quiet', remote, `refs/heads/${branch}:refs/heads/${branch}`]);
    await backTo(repo, original);
    if (pushed.exitCode === 0)
        return;
    const rejected = /\[rejected\]|non-fast-forward|fetch first/i.test(pushed.stderr + pushed.stdout.toString('utf8')) ? 'not a fast-forward' : firstLine(pushed.stderr);
    const fix = plan.push === 'direct'
        ? `update ${base} from ${remote} and run the rollback again`
        : `if ${remote} already has ${branch} from an earlier rollback, merge or close its pull request and delete that branch, then run again`;
    throw new errors/* UserError */.yo(`Pushing ${branch} to ${remote} failed (${rejected}); nothing was force-pushed and the rollback commit ${rollback_git_short(commit)} is only in the local ${branch}, so ${fix}.`);
}
function changeRequestBody(plan, toSubject) {
    const { environment, to, from, base } = plan;
    return [
        `Rolls back the paths of environment **${environment}** to commit \`${to}\` (${(0,markdown/* markdownCell */.UZ)(toSubject)}) as a new commit on top of \`${base}\` (\`${from}\`). History is not rewritten; merging this applies the rollback.`,
        '',
        '**Paths:**',
        ...plan.paths.map((path) => `- ${(0,markdown/* markdownCodeName */.wq)(path)}`),
        '',
        (0,markdown/* codeBlock */.DV)(plan.diffStat),
        '',
        `Opened by gitops-sync rollback --mode git (original commit \`${to}\`, rolled back from \`${from}\`).`,
    ].join('\n');
}
async function backTo(git, original) {
    await git.run('branch' in original ? ['switch', '--quiet', original.branch] : ['switch', '--quiet', '--detach', original.sha]);
}

;// CONCATENATED MODULE: ./packages/engine/src/rollback/git-follows.ts







/** How many commits back the search for the running version goes. */
const SEARCH_DEPTH = 20;
/** Restores the environment's paths to `to` as a new commit, the way rollback --mode git does. */
async function revertGitTo(request, context) {
    const result = await rollbackGit({ environment: request.environment, repoDir: request.baseDir, toCommit: request.to.commit, paths: request.paths, baseBranch: request.baseBranch, push: request.direct ? 'direct' : 'pull-request' }, context, request.opener);
    return {
        to: result.to,
        how: request.to.how,
        commit: result.commit ?? '',
        branch: result.branch,
        pull_request_url: result.pullRequestUrl ?? '',
        landed: !result.rolledBack || request.direct,
    };
}
/** Every field Git sets has the same value live; the API server's defaults (fields only live has) do not count. */
function setInLive(git, live) {
    if (Array.isArray(git))
        return Array.isArray(live) && git.length === live.length && git.every((item, index) => setInLive(item, live[index]));
    if (typeof git === 'object' && git !== null) {
        if (typeof live !== 'object' || live === null || Array.isArray(live))
            return false;
        return Object.entries(git).every(([key, value]) => setInLive(value, live[key]));
    }
    return git === live || (git !== null && live !== null && String(git) === String(live));
}
/**
 * The commit whose manifests describe the workload as it runs now (after `rollout undo`): the newest
 * of the last commits that changed the environment's paths on the branch whose rendered pod template
 * is set, field by field, in the live one. Each candidate is rendered from `git archive` of it in a
 * scratch folder, with the environment's own renderer (manifests, kustomize, helm, jsonnet).
 */
async function commitRunningNow(workload, context) {
    const { environment, kind, namespace, name } = workload;
    const ref = `${kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet' ? `${kind}.apps` : kind}/${name}`;
    const got = await context.exec.run('kubectl', ['get', ref, '-n', namespace, '-o', 'json', '--ignore-not-found', ...(0,sync_kubernetes/* kubeContextArgs */.cu)(workload.kubernetes.context)], { env: context.env });
    if (got.exitCode !== 0 || !got.stdout.length)
        throw new errors/* UserError */.yo(`Could not read ${kind} ${namespace}/${name} after the rollback (kubectl: ${(0,sync_kubernetes/* kubectlSaid */.Sk)(got.stderr)}); Git was not brought in line, so pass --to-commit with the commit it runs.`);
    const [live] = (0,objects/* parseManifests */.Ye)(got.stdout.toString('utf8'), `the live ${kind} ${namespace}/${name}`);
    const git = (args) => context.exec.run('git', ['--no-pager', ...args], { cwd: workload.baseDir, env: { ...(context.env ?? process.env), GIT_TERMINAL_PROMPT: '0' } });
    const prefix = (await git(['rev-parse', '--show-prefix'])).stdout.toString('utf8').trim();
    // The local branch, else the remote-tracking one (a CI checkout is often detached), as rollbackGit does.
    const local = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `refs/heads/${workload.baseBranch}`]);
    const branch = local.exitCode === 0 ? `refs/heads/${workload.baseBranch}` : `refs/remotes/origin/${workload.baseBranch}`;
    const log = await git(['log', `-n${SEARCH_DEPTH}`, '--format=%H', '--end-of-options', branch, '--', ...workload.paths]);
    if (log.exitCode !== 0)
        throw new errors/* UserError */.yo(`Could not read the history of ${workload.baseBranch} in ${workload.baseDir} (git log: ${log.stderr.trim().split('\n')[0]}); fetch it and run again, or pass --to-commit.`);
    const commits = log.stdout.toString('utf8').split('\n').filter(Boolean);
    for (const commit of commits) {
        const objects = await renderAt(commit, prefix, workload, context, git);
        const wanted = objects.find((object) => object.kind === kind && object.metadata?.name === name && (object.metadata?.namespace ?? workload.kubernetes.namespace) === namespace);
        const template = wanted?.spec?.template;
        if (template !== undefined && setInLive(template, live.spec?.template)) {
            return { commit, how: `the newest commit on ${workload.baseBranch} whose ${kind} ${namespace}/${name} pod template is the one running now` };
        }
    }
    throw new errors/* UserError */.yo(`None of the last ${commits.length} commits that changed the paths of environment ${environment} on ${workload.baseBranch} describes ${kind} ${namespace}/${name} as it runs now, so Git was not brought in line; pass --to-commit with the commit it runs.`);
}
/** The environment's objects as `commit` renders them. */
async function renderAt(commit, prefix, workload, context, git) {
    const scratch = (0,files/* scratchFolder */.$B)('gitops-sync-revision-');
    try {
        const archive = await git(['archive', '--format=tar', commit]);
        if (archive.exitCode !== 0)
            throw new errors/* UserError */.yo(`Could not read commit ${commit.slice(0, 7)} (git archive: ${archive.stderr.trim().split('\n')[0]}); fetch the full history and run again.`);
        const untar = await context.exec.run('tar', ['-x', '-C', scratch], { input: archive.stdout });
        if (untar.exitCode !== 0)
            throw new errors/* UserError */.yo(`Could not unpack commit ${commit.slice(0, 7)} (tar: ${untar.stderr.trim().split('\n')[0]}); check the scratch folder's disk space and run again.`);
        try {
            return await (0,k8s_render/* renderDesired */.ls)(workload.kubernetes, { exec: context.exec, progress: ports/* silentProgress */.RZ, env: context.env, baseDir: (0,external_node_path_.join)(scratch, prefix) });
        }
        catch {
            // A commit whose manifests do not render does not describe what runs.
            return [];
        }
    }
    finally {
        (0,files/* removeScratchFolder */.pq)(scratch);
    }
}

// EXTERNAL MODULE: ./packages/core/src/analyze.ts
var analyze = __webpack_require__(8053);
// EXTERNAL MODULE: ./packages/core/src/severity/default-rules.ts
var default_rules = __webpack_require__(2934);
;// CONCATENATED MODULE: ./packages/engine/src/rollback/rollback-terraform.ts





const WHAT = 'a Terraform state backup (.tfstate or .tfstate.age)';
/**
 * Restores a Terraform state backup of one environment: the current state is pulled and backed up
 * first, the backup must have the same lineage, and one whose serial is not newer than the current
 * state's is pushed only with `force` (`state push -force`). A validation plan afterwards says whether
 * the configuration agrees with the restored state; when not, its drift report is returned.
 */
async function rollbackTerraformState(request, ctx) {
    const { environment } = request;
    const stateFile = (0,external_node_path_.resolve)(request.stateFile);
    const decrypted = (0,backup_encryption/* isEncryptedBackup */.Fo)(stateFile)
        ? await (0,backup_encryption/* decryptBackupFile */.A2)(stateFile, request.decryptionKey ?? { identity: undefined, env: schema/* DEFAULT_AGE_IDENTITY_ENV */.Pz }, WHAT)
        : undefined;
    const target = decrypted ? stateIdentity(decrypted) : (0,files/* withInputChunks */.Xn)(stateFile, WHAT, (source) => stateIdentity(source));
    if (!target)
        throw new errors/* UserError */.yo(`${stateFile} is not a Terraform state (it has no lineage and serial); pass a backup written by \`terraform state pull\`.`);
    const tf = new TerraformSession(environment, request.dir, request.settings, ctx, request.lockTimeout);
    try {
        return await pushStateBackup(tf, request, stateFile, target, decrypted, ctx);
    }
    finally {
        tf.close();
    }
}
async function pushStateBackup(tf, request, stateFile, target, decrypted, ctx) {
    const { environment } = request;
    const { steps } = tf;
    await tf.prepare();
    const current = await tf.pullState('nothing was pushed');
    const from = current.toString('utf8').trim() ? (stateIdentity(current) ?? null) : null;
    if (from && from.lineage !== target.lineage) {
        throw new errors/* UserError */.yo(`${stateFile} has lineage ${target.lineage} but the current state of ${environment} has lineage ${from.lineage}: it is a backup of another state, so it was not pushed.`);
    }
    const identical = from !== null && from.serial === target.serial && (decrypted ?? (0,files/* readInputFile */.jH)(stateFile, WHAT)).equals(current);
    const needsForce = from !== null && target.serial <= from.serial && !identical;
    if (needsForce && !request.force) {
        throw new errors/* UserError */.yo(`${stateFile} has serial ${target.serial}, ${target.serial === from.serial ? 'the same as' : 'older than'} the current state's serial ${from.serial}, so it was not pushed; roll back again with ${request.forceOption ?? '--force'} to push it anyway.`);
    }
    let backupPath = null;
    if (current.toString('utf8').trim()) {
        try {
            backupPath = await writeStateBackup(request.backupDir, current, ctx.clock.now(), request.backupRecipients);
        }
        catch (error) {
            throw new errors/* UserError */.yo(`The safety backup of the state of ${environment} could not be written to ${request.backupDir} (${error.message}); nothing was pushed.`);
        }
        steps.push(`backed up the current state${from ? ` (serial ${from.serial})` : ''} to ${backupPath}`);
    }
    else
        steps.push('no current state: nothing to back up');
    let rolledBack = false;
    if (identical)
        steps.push(`the current state is already ${stateFile}: nothing to push`);
    else {
        // `state push -` reads the state from stdin: a decrypted backup is never written to disk.
        const args = ['state', 'push', '-no-color', `-lock-timeout=${tf.lockTimeout}`, ...(needsForce ? ['-force'] : []), decrypted ? '-' : stateFile];
        const push = await tf.run(args, needsForce ? 'state push -force' : 'state push', decrypted);
        if (push.exitCode !== 0) {
            tf.checkLock(push, 'nothing was pushed');
            throw tf.failed(push, 'state push', `the state of ${environment} was not changed${backupPath ? ` (its backup is ${backupPath})` : ''}`);
        }
        rolledBack = true;
        const now = stateIdentity(await tf.pullState(`${stateFile} was pushed but the state could not be read back`));
        steps.push(`${tf.binary} state push${needsForce ? ' -force' : ''} of ${stateFile} (serial ${target.serial}); the state is now serial ${now?.serial ?? 'unknown'}`);
    }
    const scratch = (0,files/* scratchFolder */.$B)('gitops-sync-rollback-');
    try {
        const plan = await tf.run(['plan', '-input=false', '-no-color', '-detailed-exitcode', `-lock-timeout=${tf.lockTimeout}`, ...(await tf.varFileArgs()), `-out=${(0,external_node_path_.join)(scratch, 'verify.tfplan')}`], 'plan (verification)');
        const consequence = rolledBack ? `the state was restored but could not be verified` : 'nothing was pushed';
        if (plan.exitCode === 0) {
            steps.push('verification plan: no changes, the configuration matches the restored state');
            return { environment, rolledBack, from, to: target, backupPath, verification: { consistent: true }, steps };
        }
        if (plan.exitCode !== 2) {
            tf.checkLock(plan, consequence);
            throw tf.failed(plan, 'plan', consequence);
        }
        const show = await tf.run(['show', '-json', '-no-color', (0,external_node_path_.join)(scratch, 'verify.tfplan')], 'show -json');
        if (show.exitCode !== 0)
            throw tf.failed(show, 'show -json', consequence);
        const report = (0,analyze/* analyzeTerraformPlan */._)(show.stdout, {
            label: `the verification plan of ${environment}`,
            environment,
            rules: request.rules ?? (0,default_rules/* defaultRules */.Z)(),
            generatedAt: ctx.clock.now().toISOString(),
            onSecret: tf.redactor.add,
        });
        steps.push(`verification plan: ${report.total_changes} change(s), the configuration differs from the restored state`);
        return { environment, rolledBack, from, to: target, backupPath, verification: { consistent: false, report }, steps };
    }
    finally {
        (0,files/* removeScratchFolder */.pq)(scratch);
    }
}

;// CONCATENATED MODULE: ./packages/engine/src/rollback/rollback.ts
















const ROLLBACK_MODES = ['git', 'terraform-state', 'kubernetes', 'argocd'];
/** The paths a git rollback restores: configured, or the environment's Terraform folder and Kubernetes sources. */
function rollbackPaths(settings, environment) {
    const found = (0,schema/* environmentPaths */.Wp)(settings);
    if (!found.length)
        throw new errors/* UserError */.yo(`Environment ${environment} has no paths to roll back; set environments.${environment}.paths in gitops-sync.yaml.`);
    return found;
}
/** What only some modes read: given with another, it would be ignored (a state file with the default mode git rolls back Git). */
const MODE_OPTIONS = [
    { option: '--state-file', modes: ['terraform-state'], given: (request) => request.stateFile !== undefined },
    { option: '--force', modes: ['terraform-state'], given: (request) => request.force === true },
    { option: '--deployment (or --statefulset, --daemonset)', modes: ['kubernetes'], given: (request) => request.workload !== undefined },
    { option: '--history-id', modes: ['argocd'], given: (request) => request.historyId !== undefined },
    // The Git revert that follows a kubernetes or argocd rollback reads these too.
    { option: '--to-commit', modes: ['git', 'kubernetes', 'argocd'], given: (request) => request.toCommit !== undefined },
    { option: '--direct', modes: ['git', 'kubernetes', 'argocd'], given: (request) => request.direct === true },
    { option: '--branch', modes: ['git', 'kubernetes', 'argocd'], given: (request) => request.baseBranch !== undefined },
];
/** The refusal of a workload's revision or namespace given without the workload (it would be dropped), in the entry point's words. */
const workloadOptionAlone = (option, workload) => `${option} goes with ${workload}: the workload rollback --mode kubernetes rolls back; name the workload, or leave it out.`;
function refuseOtherModesOptions(request) {
    const foreign = MODE_OPTIONS.find(({ modes, given }) => !modes.includes(request.mode) && given(request));
    if (foreign)
        throw new errors/* UserError */.yo(`rollback --mode ${request.mode} does not use ${foreign.option}, which only --mode ${foreign.modes.join(', ')} ${foreign.modes.length > 1 ? 'read' : 'reads'}; set the mode it belongs to, or leave it out.`);
}
function need(value, sentence) {
    if (value === undefined || value === '')
        throw new errors/* UserError */.yo(sentence);
    return value;
}
/**
 * `rollback`: brings an environment back to a known-good state, each mode with a safety backup (or
 * a new commit that keeps history) first and a verification after. Every step of the result reaches
 * the progress log exactly once: as it happens, or when the mode ends for steps it only returned.
 */
async function runRollback(given, context) {
    const { environment, mode, config } = given;
    (0,schema/* checkEnvironmentName */.r0)(environment);
    const settings = Object.hasOwn(config.environments, environment) ? config.environments[environment] : undefined;
    if (!settings)
        throw new errors/* UserError */.yo(`Environment "${environment}" is not in the configuration; add it under environments:.`);
    refuseOtherModesOptions(given);
    // The branch the environment deploys from (its policy's `branch`), unless another is named: main may not be it.
    const policy = Object.hasOwn(config.approval.environments, environment) ? config.approval.environments[environment] : undefined;
    const request = { ...given, baseBranch: given.baseBranch ?? policy?.branch ?? 'main' };
    const backupDir = (0,backup_encryption/* backupFolder */.j0)(request.baseDir, config, environment);
    const announced = new Set();
    const announcing = { ...context, progress: { step: (message) => (announced.add(message), context.progress.step(message)) } };
    const details = (outcome, result, failure, emergency) => ({
        type: 'rollback',
        outcome,
        mode,
        from: result?.from || null,
        to: result?.to || request.toCommit || null,
        backups: (0,record.backupEntries)(result?.backup_path ? [result.backup_path] : [], request.baseDir),
        verification: result?.verification || null,
        failure_reason: failure ?? null,
        ...(emergency ? { emergency } : {}),
    });
    // A dry run changes nothing, not even the log (a `file` store may sit in the checkout it promises to leave alone).
    const audit = request.dryRun ? undefined : request.audit;
    const subject = { environment };
    await (0,record.recordAudit)(audit, subject, details('started'));
    let deployer;
    let rolledBack;
    try {
        deployer = await checkRollbackDeployer(request);
        for (const step of deployer.steps)
            context.progress.step(step);
        rolledBack = mode === 'git' ? await rollbackCommit(request, settings, announcing) : await rollbackLive(request, settings, backupDir, announcing);
    }
    catch (error) {
        await (0,record.recordAudit)(audit, subject, details('failed', undefined, (0,errors/* describeFailure */.Ic)(error)));
        throw error;
    }
    await (0,record.recordAudit)(audit, subject, details('succeeded', rolledBack, undefined, deployer.emergency));
    for (const step of rolledBack.steps)
        if (!announced.has(step))
            context.progress.step(step);
    return { ...rolledBack, steps: [...deployer.steps, ...rolledBack.steps], emergency: deployer.emergency };
}
/**
 * Who may roll the environment back, before anything changes (a dry run changes nothing, so it
 * only warns). The working copy's policy: a rollback has no change under review whose base it could
 * trust, and whoever may pick the ref it runs from also picks the workflow it runs in; the
 * environment protection the platform enforces (`generate github-environments`) is the anchor there.
 */
async function checkRollbackDeployer(request) {
    const { environment, config } = request;
    const configFile = request.configFile ?? 'gitops-sync.yaml';
    const policy = Object.hasOwn(config.approval.environments, environment) ? config.approval.environments[environment] : undefined;
    if (request.dryRun) {
        const warning = deployersWarning(environment, policy, configFile);
        return { emergency: false, steps: warning ? [warning] : [] };
    }
    return checkDeployer({
        environment,
        action: 'rollback',
        policy,
        configFile,
        bots: config.approval.bots,
        directory: request.deployers ?? { unavailable: 'no platform directory was given to ask who started the run' },
    });
}
/** git: the environment's paths as they were at --to-commit, as a new commit (a PR/MR unless direct). */
async function rollbackCommit(request, settings, context) {
    const { environment } = request;
    const toCommit = need(request.toCommit, 'rollback --mode git needs --to-commit: the commit to restore the environment to.');
    const result = await rollbackGit({
        environment,
        repoDir: request.baseDir,
        toCommit,
        paths: rollbackPaths(settings, environment),
        baseBranch: request.baseBranch ?? 'main',
        push: request.direct ? 'direct' : 'pull-request',
        dryRun: request.dryRun,
    }, context, request.opener);
    return {
        environment,
        mode: 'git',
        rolled_back: result.rolledBack,
        from: result.from,
        to: result.to,
        backup_path: '',
        verification: result.pullRequestUrl ??
            result.commit ??
            (result.dryRun && result.changedPaths.length > 0 ? `dry run: would restore ${result.changedPaths.length} file(s) on ${result.branch}` : 'nothing to roll back'),
        steps: result.steps,
        ...(result.dryRun ? { dry_run: true } : {}),
    };
}
/** terraform-state, kubernetes, argocd: change what runs, under the environment's lock. */
async function rollbackLive(request, settings, backupDir, context) {
    const { environment, mode, config } = request;
    if (request.dryRun)
        throw new errors/* UserError */.yo(`--dry-run is supported by rollback --mode git only; ${mode} changes nothing until it runs.`);
    const release = acquireLock((0,external_node_path_.join)((0,external_node_path_.resolve)(request.baseDir, config.sync.backups_dir), '.locks', `${environment}.lock`), environment, context.clock.now());
    let outcome = { state: 'failure', description: `rollback of ${environment} (${mode}) failed` };
    const deployment = await context.deployments?.start(environment, `gitops-sync rollback of ${environment} (${mode})`);
    try {
        const result = mode === 'terraform-state' ? await rollbackState(request, settings, backupDir, context) : await rollbackThatSticks(request, settings, backupDir, context);
        outcome = { state: 'success', description: result.rolled_back ? `rolled back ${environment} (${mode}) to ${result.to}` : `nothing to roll back in ${environment} (${mode})` };
        return result;
    }
    catch (error) {
        outcome.description = `rollback of ${environment} (${mode}) failed: ${(0,errors/* describeFailure */.Ic)(error)}`;
        throw error;
    }
    finally {
        release();
        await deployment?.finish(outcome.state, outcome.description);
    }
}
/**
 * kubernetes, argocd: the controller that would undo the rollback is suspended (or the rollback
 * refused) first; then what runs is rolled back, and Git is brought in line with a revert of the
 * environment's paths to the commit now running; then the controller is turned back on \u2014 also when
 * the rollback itself failed, and a failure to do so fails the run, saying so. When what runs was
 * rolled back but Git could not follow, it stays suspended, loudly: on, it would undo the rollback.
 */
async function rollbackThatSticks(request, settings, backupDir, context) {
    const { environment, mode } = request;
    // Everything that can be refused is refused before anything changes.
    const paths = rollbackPaths(settings, environment);
    if (mode === 'kubernetes') {
        need(request.workload, 'rollback --mode kubernetes needs --deployment NAME (or --statefulset/--daemonset).');
        if (!settings.kubernetes && !request.toCommit) {
            throw new errors/* UserError */.yo(`Environment ${environment} has no kubernetes settings to find the commit that runs after the rollback; add them, or pass --to-commit with the commit to bring Git back to.`);
        }
        if (settings.kubernetes)
            await refuseForeignWorkload(request, settings.kubernetes, context);
    }
    else {
        need(settings.argocd?.app, `Environment ${environment} has no argocd.app to roll back.`);
        need(request.historyId, 'rollback --mode argocd needs --history-id: an id from argocd app history.');
    }
    const direct = Boolean(request.direct) || settings.rollback?.revert === 'direct';
    const steps = [];
    const step = (message) => (steps.push(message), context.progress.step(message));
    const pause = await pauseController({ environment, settings, direct }, context, step);
    let result;
    let failure;
    let rolledBackLive = false;
    try {
        const live = mode === 'kubernetes' ? await rollbackWorkload(request, settings, backupDir, context) : await rollbackArgoCd(request, settings, context);
        rolledBackLive = true;
        // Announced now, so the log reads in order: the live rollback, then Git, then the controller.
        for (const message of live.steps)
            step(message);
        const to = await runningCommit(request, settings, paths, live, context);
        step(`Bringing Git in line: the paths of ${environment} go back to ${to.commit.slice(0, 7)} (${to.how}).`);
        const gitSteps = [];
        const revert = await revertGitTo({ environment, baseDir: request.baseDir, paths, baseBranch: request.baseBranch ?? 'main', direct, opener: request.opener, to }, { ...context, progress: { step: (message) => (gitSteps.push(message), context.progress.step(message)) } });
        (0,arrays/* appendAll */.u2)(steps, gitSteps);
        const { toRevision: _used, ...shown } = live;
        result = { ...shown, steps, git_revert: revert };
    }
    catch (error) {
        failure = error;
    }
    if (failure && rolledBackLive && pause) {
        // Turned back on now, the controller would sync the failed version straight back from Git.
        pause.record.note = `left suspended: Git was not brought in line; then run ${pause.resumeCommand}`;
        throw new errors/* UserError */.yo(`${(0,errors/* describeFailure */.Ic)(failure).replace(/\.$/, '')}. ${environment} was rolled back, and ${pause.record.controller} is left SUSPENDED so it does not put the failed version back: bring Git in line with what runs now, then run ${pause.resumeCommand}.`);
    }
    try {
        await pause?.resume(result?.git_revert && !result.git_revert.landed ? result.git_revert.pull_request_url || `branch ${result.git_revert.branch}` : undefined);
    }
    catch (restoring) {
        if (!failure)
            throw restoring;
        throw new errors/* UserError */.yo(`${restoring.message} The rollback itself failed too: ${failure.message}`);
    }
    if (failure)
        throw failure;
    return { ...result, controller: pause?.record };
}
const WORKLOAD_KINDS = { deployment: 'Deployment', statefulset: 'StatefulSet', daemonset: 'DaemonSet' };
/**
 * The workload must be one the environment's own manifests make: the environment's deployers and
 * lock must not reach another environment's namespace, or a workload no environment deploys.
 */
async function refuseForeignWorkload(request, kubernetes, context) {
    const { environment } = request;
    const workload = request.workload;
    const kind = WORKLOAD_KINDS[workload.kind];
    const namespace = workload.namespace ?? kubernetes.namespace ?? 'default';
    const objects = await (0,k8s_render/* renderDesired */.ls)(kubernetes, { exec: context.exec, progress: ports/* silentProgress */.RZ, env: context.env, baseDir: request.baseDir, secrets: request.config.secrets, onSecret: context.onSecret });
    if (objects.some((object) => object.kind === kind && object.metadata?.name === workload.name && (object.metadata?.namespace ?? kubernetes.namespace ?? 'default') === namespace))
        return;
    throw new errors/* UserError */.yo(`${kind} ${namespace}/${workload.name} is not among the objects the manifests of environment ${environment} make, so nothing was rolled back; roll back the environment it belongs to, or check --${workload.kind} and --namespace.`);
}
/** The commit whose state of the environment's paths runs after the rollback. */
async function runningCommit(request, settings, paths, live, context) {
    if (request.toCommit)
        return { commit: request.toCommit, how: 'given with --to-commit' };
    if (request.mode === 'argocd') {
        const revision = need(live.toRevision, `Argo CD's history entry ${request.historyId} records no Git revision, so Git was not brought in line; pass --to-commit with the commit it deployed.`);
        return { commit: revision, how: `the revision of Argo CD history entry ${request.historyId}` };
    }
    const workload = request.workload;
    return commitRunningNow({
        environment: request.environment,
        kubernetes: settings.kubernetes,
        baseDir: request.baseDir,
        baseBranch: request.baseBranch ?? 'main',
        paths,
        kind: WORKLOAD_KINDS[workload.kind],
        namespace: workload.namespace ?? settings.kubernetes?.namespace ?? 'default',
        name: workload.name,
    }, context);
}
/** terraform-state: push a state backup, after backing up the current state; a plan verifies it. */
async function rollbackState(request, settings, backupDir, context) {
    const { environment, config } = request;
    const terraform = need(settings.terraform, `Environment ${environment} has no terraform settings to roll back.`);
    const stateFile = (0,external_node_path_.resolve)(request.baseDir, need(request.stateFile, 'rollback --mode terraform-state needs --state-file: a state backup (backups/<env>/*.tfstate.age or *.tfstate).'));
    // The lineage check cannot tell a state copied from another environment (or one pushed where there is none yet).
    // Where the file really is: a link in backups/<env>/ may lead into another environment's folder.
    const real = (path) => {
        try {
            return (0,external_node_fs_.realpathSync)(path);
        }
        catch {
            return path;
        }
    };
    const target = real(stateFile);
    const owner = Object.keys(config.environments).find((name) => name !== environment && (0,external_node_path_.relative)(real((0,external_node_path_.resolve)(request.baseDir, config.sync.backups_dir, name)), target).split(external_node_path_.sep)[0] !== '..');
    if (owner !== undefined) {
        throw new errors/* UserError */.yo(`${target !== stateFile && (0,external_node_fs_.lstatSync)(stateFile, { throwIfNoEntry: false })?.isSymbolicLink() ? `${stateFile} (a link to ${target})` : stateFile} is in ${config.sync.backups_dir}/${owner}, where the backups of ${owner} go, not ${environment}'s; roll ${environment} back with a backup of ${environment} (${config.sync.backups_dir}/${environment}/\u2026).`);
    }
    const identityEnv = (0,backup_encryption/* identityEnvOf */.XY)(config);
    const result = await rollbackTerraformState({
        environment,
        dir: (0,external_node_path_.resolve)(request.baseDir, terraform.dir),
        settings: terraform,
        stateFile,
        force: Boolean(request.force),
        forceOption: request.forceOption,
        backupDir,
        backupRecipients: (0,backup_encryption/* backupRecipients */.xZ)(config),
        decryptionKey: { identity: context.env?.[identityEnv], env: identityEnv },
    }, context);
    const identity = (state) => (state ? `${state.lineage} serial ${state.serial}` : 'no state');
    return {
        environment,
        mode: 'terraform-state',
        rolled_back: result.rolledBack,
        from: identity(result.from),
        to: identity(result.to),
        backup_path: result.backupPath ?? '',
        verification: result.verification.consistent ? 'consistent' : `drift: ${result.verification.report?.total_changes ?? 0} change(s) after the rollback`,
        steps: result.backupPath && !(0,backup_encryption/* backupRecipients */.xZ)(config).length ? [...result.steps, backup_encryption/* PLAINTEXT_BACKUP_NOTE */.yE] : result.steps,
    };
}
/** kubernetes: `kubectl rollout undo` of one workload, after backing up its object. */
async function rollbackWorkload(request, settings, backupDir, context) {
    const { environment, config } = request;
    const workload = need(request.workload, 'rollback --mode kubernetes needs --deployment NAME (or --statefulset/--daemonset).');
    const result = await rollbackDeployment({
        environment,
        kubernetes: { context: settings.kubernetes?.context },
        namespace: workload.namespace ?? settings.kubernetes?.namespace ?? 'default',
        name: workload.name,
        kind: workload.kind,
        toRevision: workload.toRevision,
        backupDir,
        backupRecipients: (0,backup_encryption/* backupRecipients */.xZ)(config),
        rolloutTimeoutSeconds: config.sync.rollout_timeout_seconds,
    }, context);
    const steps = (0,backup_encryption/* backupRecipients */.xZ)(config).length ? [] : [backup_encryption/* PLAINTEXT_BACKUP_NOTE */.yE];
    return { environment, mode: 'kubernetes', rolled_back: result.rolledBack, from: result.from, to: result.to, backup_path: result.backupPath, verification: result.verification, steps };
}
/** argocd: Argo CD's own rollback to a history id. */
async function rollbackArgoCd(request, settings, context) {
    const { environment, config } = request;
    const app = need(settings.argocd?.app, `Environment ${environment} has no argocd.app to roll back.`);
    const id = need(request.historyId, 'rollback --mode argocd needs --history-id: an id from argocd app history.');
    const { server, token } = (0,argocd_client/* argoCdCredentials */.l7)(context.env, 'rollback --mode argocd needs ARGOCD_SERVER and ARGOCD_AUTH_TOKEN.');
    const result = await rollbackArgoCdApp({ server, token, app, id, timeoutSeconds: config.sync.rollout_timeout_seconds, environment }, context);
    return { environment, mode: 'argocd', rolled_back: result.rolledBack, from: String(result.from), to: String(result.to), backup_path: '', verification: String(result.verification), steps: result.steps, toRevision: result.toRevision };
}

// EXTERNAL MODULE: ./packages/platforms/src/github/deployments.ts
var deployments = __webpack_require__(8082);
// EXTERNAL MODULE: ./packages/platforms/src/deployer-directory.ts
var deployer_directory = __webpack_require__(9272);
// EXTERNAL MODULE: ./packages/platforms/src/github/pull-opener.ts
var pull_opener = __webpack_require__(5875);
// EXTERNAL MODULE: ./packages/platforms/src/api-retry.ts
var api_retry = __webpack_require__(2411);
// EXTERNAL MODULE: ./packages/platforms/src/gitlab/mr-opener.ts
var mr_opener = __webpack_require__(4555);
// EXTERNAL MODULE: ./packages/platforms/src/review-target.ts
var review_target = __webpack_require__(9006);
// EXTERNAL MODULE: ./packages/cli/src/args.ts
var src_args = __webpack_require__(7109);
// EXTERNAL MODULE: ./packages/cli/src/review-commands.ts + 4 modules
var review_commands = __webpack_require__(3622);
// EXTERNAL MODULE: ./packages/cli/src/colour.ts
var colour = __webpack_require__(6396);
;// CONCATENATED MODULE: ./packages/cli/src/sync-commands.ts








const STATUS_STYLE = { synced: 'good', failed: 'bad', skipped: 'strong' };
function describeSync(result, style) {
    const lines = [];
    for (const environment of result.environments) {
        const reason = environment.failure_reason ? ` [${environment.failure_reason}]` : '';
        lines.push(`${environment.environment}: ${style[STATUS_STYLE[environment.status]](environment.status)}${environment.dry_run ? ' (dry run)' : ''}${reason}${environment.message ? ` \u2014 ${environment.message}` : ''}`);
        for (const step of environment.steps)
            lines.push(`  ${step}`);
        for (const backup of environment.backups)
            lines.push(`  backup: ${backup}`);
        if (environment.detail)
            (0,arrays/* appendAll */.u2)(lines, environment.detail.split('\n').map((line) => `  | ${line}`));
    }
    return `${lines.join('\n')}\n`;
}
/**
 * Whether this run names a pull/merge request (flags, or a CI run of one: GitHub's pull_request*
 * and merge queue events, GitLab's merge request and external pull request pipelines). Such a run
 * always goes through the gate.
 */
function namesChange(values, env) {
    return Boolean(values.pr ||
        env.CI_MERGE_REQUEST_IID ||
        env.CI_EXTERNAL_PULL_REQUEST_IID ||
        /^(merge_request_event|external_pull_request_event)$/.test(env.CI_PIPELINE_SOURCE ?? '') ||
        /^(pull_request|merge_group)/.test(env.GITHUB_EVENT_NAME ?? ''));
}
/**
 * A GitLab job whose environment action is not `start` (prepare, verify, access, stop) creates no
 * deployment, so GitLab holds it for none of the environment's deployment approvals: it may not change what runs.
 */
function refuseNonDeploymentJob(env, command, instead) {
    const action = env.CI_ENVIRONMENT_ACTION;
    if (!action || action === 'start')
        return;
    throw new errors/* UserError */.yo(`This job's GitLab environment action is ${action}, which creates no deployment, so GitLab holds it for none of the deployment approvals of ${env.CI_ENVIRONMENT_NAME || 'its environment'}, and ${command} changes what runs there; ${instead}.`);
}
/** In GitHub Actions with GITHUB_TOKEN: each deployment recorded on GitHub; a refusal is one warning line. */
function deploymentsFor(io, redactor) {
    return (0,deployments/* githubDeploymentsFor */.n)(io.env, { exec: io.exec, cwd: io.cwd, warn: (message) => io.stderr(`gitops-sync: warning: ${redactor.redact(message)}\n`), redact: (text) => redactor.redact(text) });
}
/** `gitops-sync sync <env> | --environments a,b,c [--parallel]`: exit 0 when every environment synced, 1 otherwise. */
async function syncCommand(args, io, redactor, audit) {
    const { values, positionals } = (0,src_args/* parse */.qg)(args, {
        config: { type: 'string', default: 'gitops-sync.yaml' },
        environments: { type: 'string' },
        parallel: { type: 'boolean', default: false },
        concurrency: { type: 'string' },
        platform: { type: 'string' },
        repo: { type: 'string' },
        pr: { type: 'string' },
        report: { type: 'string' },
        'plan-fingerprint': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        matrix: { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
        verbose: { type: 'boolean', default: false },
    }, 'positional');
    const named = (0,src_args/* environmentsNamed */.g9)(values, positionals);
    if (!named.length)
        throw new errors/* UserError */.yo('gitops-sync sync needs an environment, e.g. `gitops-sync sync staging`, or --environments dev,staging,prod.');
    const configPath = (0,external_node_path_.resolve)(io.cwd, String(values.config));
    const config = (0,config_file/* loadConfig */.Z)(configPath, true, !(0,src_args/* configGiven */.An)(args));
    if (values.matrix) {
        io.stdout(`${syncMatrix(config, named)}\n`);
        return 0;
    }
    const concurrency = (0,src_args/* concurrencyFlag */.eN)(values, 4);
    const format = (0,review_commands.checkFormat)(String(values.format));
    const environments = (0,src_args/* resolveEnvironmentNames */.Cu)(config, named, io);
    if (!values['dry-run'])
        refuseNonDeploymentJob(io.env, 'sync', 'give the job environment action start, or pass --dry-run');
    const reviewed = namesChange(values, io.env);
    const review = reviewed
        ? {
            platform: (0,review_target/* reviewPlatformFor */.b)({ platform: values.platform, repo: values.repo, pr: values.pr }, io.env, redactor.add),
            configPath: (0,external_node_path_.relative)(io.cwd, configPath) || 'gitops-sync.yaml',
            cwd: io.cwd,
        }
        : undefined;
    const deployments = await deploymentsFor(io, redactor);
    const result = await runSync({
        environments,
        config,
        baseDir: (0,drift.configBaseDir)(configPath),
        review,
        unreviewed: reviewed ? undefined : { configPath, cwd: io.cwd },
        reportPath: values.report ? (0,external_node_path_.resolve)(io.cwd, String(values.report)) : undefined,
        planFingerprint: values['plan-fingerprint'],
        dryRun: Boolean(values['dry-run']),
        parallel: Boolean(values.parallel),
        concurrency,
        deployers: (0,deployer_directory/* deployerDirectoryFor */.b)(io.env, redactor.add),
        audit: audit.open(config, configPath, io.env),
    }, { exec: io.exec, progress: (0,src_args/* stderrProgress */.WZ)(io, Boolean(values.verbose)), clock: ports/* systemClock */.ml, env: io.env, deployments, onSecret: redactor.add });
    io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : describeSync(result, (0,colour/* stdoutStyle */.jK)(io)));
    return result.ok ? 0 : 1;
}
/** The outcome; the steps are not repeated, the progress log printed each as it happened. */
function describeRollback(result) {
    return [
        `${result.environment} (${result.mode}): ${result.rolled_back ? 'rolled back' : result.dry_run ? 'dry run, nothing changed' : 'nothing rolled back'}`,
        `  from: ${result.from}`,
        `  to: ${result.to}`,
        ...(result.backup_path ? [`  backup: ${result.backup_path}`] : []),
        `  verification: ${result.verification}`,
        ...(result.git_revert ? [`  git revert: ${result.git_revert.pull_request_url || result.git_revert.commit || 'Git already matched'} (to ${result.git_revert.to.slice(0, 7)}: ${result.git_revert.how})`] : []),
        ...(result.controller ? [`  ${result.controller.controller}: ${result.controller.note}`] : []),
        ...(result.emergency ? ['  emergency: break glass, recorded as an emergency change'] : []),
        '',
    ].join('\n');
}
/** `gitops-sync rollback <env> [--mode git|terraform-state|kubernetes|argocd] \u2026` (git by default). */
async function rollbackCommand(args, io, redactor, audit) {
    const { values, positionals } = (0,src_args/* parse */.qg)(args, {
        config: { type: 'string', default: 'gitops-sync.yaml' },
        mode: { type: 'string', default: 'git' },
        'to-commit': { type: 'string' },
        branch: { type: 'string' },
        direct: { type: 'boolean', default: false },
        platform: { type: 'string' },
        repo: { type: 'string' },
        'state-file': { type: 'string' },
        force: { type: 'boolean', default: false },
        deployment: { type: 'string' },
        statefulset: { type: 'string' },
        daemonset: { type: 'string' },
        namespace: { type: 'string' },
        'to-revision': { type: 'string' },
        'history-id': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
    }, 'positional');
    const format = (0,review_commands.checkFormat)(String(values.format));
    const environment = positionals[0] && (0,src_args/* resolveEnvironmentNames */.Cu)((0,config_file/* loadConfig */.Z)((0,external_node_path_.resolve)(io.cwd, String(values.config)), true, !(0,src_args/* configGiven */.An)(args)), [positionals[0]], io)[0];
    if (!environment || positionals.length > 1)
        throw new errors/* UserError */.yo('gitops-sync rollback takes one environment, e.g. `gitops-sync rollback production --mode git --to-commit abc123`.');
    const mode = values.mode;
    if (!ROLLBACK_MODES.includes(mode))
        throw new errors/* UserError */.yo(`--mode must be one of ${ROLLBACK_MODES.join(', ')} (got ${JSON.stringify(values.mode)}).`);
    const whole = (name) => {
        const value = values[name];
        if (value === undefined)
            return undefined;
        if (!/^\d+$/.test(String(value)))
            throw new errors/* UserError */.yo(`--${name} must be a whole number (got ${JSON.stringify(value)}).`);
        return Number(value);
    };
    const workloadKind = ['deployment', 'statefulset', 'daemonset'].find((kind) => values[kind]);
    const workloadOption = ['to-revision', 'namespace'].find((name) => values[name] !== undefined);
    if (!workloadKind && workloadOption)
        throw new errors/* UserError */.yo(workloadOptionAlone(`--${workloadOption}`, '--deployment (or --statefulset, --daemonset)'));
    const configPath = (0,external_node_path_.resolve)(io.cwd, String(values.config));
    const config = (0,config_file/* loadConfig */.Z)(configPath, true, !(0,src_args/* configGiven */.An)(args));
    const platform = values.platform ?? (0,review_target/* detectPlatform */.l)(io.env);
    const dryRun = Boolean(values['dry-run']);
    let opener;
    // kubernetes and argocd bring Git in line too: a revert PR/MR unless it is pushed directly.
    const direct = Boolean(values.direct) || (mode !== 'git' && config.environments[environment]?.rollback?.revert === 'direct');
    if (!dryRun && (mode !== 'git' || direct)) {
        refuseNonDeploymentJob(io.env, `rollback --mode ${mode}${direct ? ' --direct' : ''}`, 'give the job environment action start (the rollback component\'s input environment_action: start); prepare is for a git rollback that opens a merge request');
    }
    // A dry run opens nothing, so it needs no token.
    if (mode !== 'terraform-state' && !direct && !dryRun && platform) {
        const token = io.env[platform === 'github' ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN'];
        const repo = values.repo ?? (platform === 'github' ? io.env.GITHUB_REPOSITORY : io.env.CI_PROJECT_ID);
        if (!token || !repo)
            throw new errors/* UserError */.yo(`Opening the rollback ${platform === 'github' ? 'pull' : 'merge'} request needs ${platform === 'github' ? 'GITHUB_TOKEN and --repo OWNER/REPO' : 'GITLAB_TOKEN and --repo PROJECT'}; or pass --direct to push to the branch.`);
        redactor.add(token);
        opener = platform === 'github' ? new pull_opener/* GitHubPullOpener */.m({ token, repository: repo, baseUrl: io.env.GITHUB_API_URL, limits: (0,api_retry/* apiLimitsFromEnv */.E0)(io.env) }) : new mr_opener/* GitLabMergeRequestOpener */.I({ token, project: repo, baseUrl: io.env.CI_API_V4_URL, limits: (0,api_retry/* apiLimitsFromEnv */.E0)(io.env) });
    }
    const deployments = await deploymentsFor(io, redactor);
    const result = await runRollback({
        environment,
        mode,
        config,
        baseDir: (0,drift.configBaseDir)(configPath),
        dryRun,
        toCommit: values['to-commit'],
        baseBranch: values.branch,
        direct: Boolean(values.direct),
        opener,
        stateFile: values['state-file'],
        force: Boolean(values.force),
        workload: workloadKind ? { kind: workloadKind, name: String(values[workloadKind]), namespace: values.namespace, toRevision: whole('to-revision') } : undefined,
        historyId: whole('history-id'),
        deployers: (0,deployer_directory/* deployerDirectoryFor */.b)(io.env, redactor.add),
        configFile: (0,external_node_path_.relative)(io.cwd, configPath) || 'gitops-sync.yaml',
        audit: audit.open(config, configPath, io.env),
    }, { exec: io.exec, progress: (0,src_args/* stderrProgress */.WZ)(io, false), clock: ports/* systemClock */.ml, env: io.env, deployments, onSecret: redactor.add });
    io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : describeRollback(result));
    return 0;
}


/***/ }),

/***/ 3944:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ renderTable),
/* harmony export */   n: () => (/* binding */ PLAIN_STYLE)
/* harmony export */ });
/* harmony import */ var _model_report_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5781);
/* harmony import */ var _build_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4492);
/* harmony import */ var _plan_remediation_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7892);
/* harmony import */ var _visible_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4216);
/* harmony import */ var _arrays_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8835);





const pad = (text, width) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
/** Text from the sources (resource ids, rule names) as the terminal shows it: no escape sequence, line break or invisible character of its own. */
const printable = (text) => (0,_visible_text_js__WEBPACK_IMPORTED_MODULE_0__/* .withFormatCharactersShown */ .l)(text).replace(/[\p{Cc}\u2028\u2029]/gu, '?');
const same = (text) => text;
const PLAIN_STYLE = { severity: (_severity, text) => text, strong: same, good: same, bad: same };
/** A compact plain-text table for terminals; `maxRows` keeps huge reports readable. */
function renderTable(report, maxRows = 50, style = PLAIN_STYLE, options = {}) {
    const counts = _model_report_js__WEBPACK_IMPORTED_MODULE_1__/* .SEVERITIES */ .oC.map((severity) => `${report.changes_by_severity[severity]} ${severity}`).join(', ');
    const lines = [];
    if (!report.drift_detected) {
        lines.push(style.good(`No drift in ${report.environment} (${report.sources.join(', ')}).`));
        if (report.output_changes.length)
            lines.push(`${report.output_changes.length} output change(s), not counted as drift.`);
        return `${lines.join('\n')}\n`;
    }
    lines.push(style.strong(`Drift in ${report.environment}: ${report.total_changes} change(s) (${counts}) from ${report.sources.join(', ')}`));
    const rows = (0,_build_js__WEBPACK_IMPORTED_MODULE_2__/* .mostSevereFirst */ .QX)(report.changes, maxRows).map((change) => [change.severity, change.action, change.origin, printable(change.address), printable(change.rule)]);
    const header = ['SEVERITY', 'ACTION', 'ORIGIN', 'RESOURCE', 'RULE'];
    const widths = header.map((title, column) => Math.min(60, (0,_arrays_js__WEBPACK_IMPORTED_MODULE_3__/* .maxOf */ ._)(rows.map((row) => row[column].length), title.length)));
    lines.push('', header.map((title, i) => pad(title, widths[i])).join('  ').trimEnd());
    // Padded before it is coloured: escape codes take no room on screen.
    for (const row of rows)
        lines.push(row.map((value, i) => (i === 0 ? style.severity(value, pad(value, widths[i])) : pad(value, widths[i]))).join('  ').trimEnd());
    if (report.changes.length > maxRows)
        lines.push(`\u2026 ${report.changes.length - maxRows} more; use --format json for all of them.`);
    if (report.output_changes.length) {
        const shown = report.output_changes.slice(0, 10).map((output) => `${printable(output.name)} (${output.action})`);
        const more = report.output_changes.length - shown.length;
        lines.push('', `Outputs: ${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}`);
    }
    if (report.remediation_plan.length) {
        lines.push('', 'Remediation plan:');
        report.remediation_plan.forEach((step, i) => lines.push(`  ${i + 1}. [${step.priority}] ${printable(step.description)}`));
        const next = (0,_plan_remediation_js__WEBPACK_IMPORTED_MODULE_4__/* .nextCommand */ .h)(report);
        if (options.next !== false)
            lines.push(`${style.strong('Next:')} ${next.preview} to preview, then ${next.apply} ${next.when}.`);
    }
    return `${lines.join('\n')}\n`;
}


/***/ }),

/***/ 43:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ runAtMost)
/* harmony export */ });
/**
 * Runs `work` on every item, at most `limit` at a time, each new one starting as soon as one ends
 * (not in batches). Resolves when all are done; the first rejection rejects (the others still finish
 * what they started, as Promise.all lets them). `slot` (0 \u2026 limit-1) names the lane an item runs in:
 * the items of one slot run one after another.
 */
async function runAtMost(items, limit, work) {
    const queue = [...items];
    const workers = Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, async (_, slot) => {
        while (queue.length)
            await work(queue.shift(), slot);
    });
    await Promise.all(workers);
}


/***/ })

};

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
/* harmony export */   Zv: () => (/* binding */ commentDriftReport),
/* harmony export */   fd: () => (/* binding */ reviewedComment),
/* harmony export */   m0: () => (/* binding */ deletionsDigest)
/* harmony export */ });
/* unused harmony export driftCommentMarker */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7195);
/* harmony import */ var _sync_sync_kubernetes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9860);



const driftCommentMarker = (environment) => `<!-- gitops-sync:drift-comment environment=${environment} -->`;
/** The lines after the marker (CRLF once edited on the web): the plan's fingerprint, then the deletions' digest, each when there is one. */
const REVIEWED = /^(?:\r?\n<!-- gitops-sync:plan-fingerprint (sha256:[0-9a-f]{64}) -->)?(?:\r?\n<!-- gitops-sync:deletions (sha256:[0-9a-f]{64}) -->)?/;
/**
 * What drift-detect's pull/merge request comment for `environment` says the reviewers saw, read on the
 * lines right after its marker, never in the report below it; undefined when there is no such comment.
 */
async function reviewedComment(platform, environment) {
    const marker = driftCommentMarker(environment);
    const body = await platform.ownCommentWith(marker);
    if (body === undefined)
        return undefined;
    const [, fingerprint, deletions] = REVIEWED.exec(body.slice(marker.length));
    return { fingerprint, deletions };
}
/** The reviewed plan fingerprint drift-detect left in its comment for `environment`. */
async function reviewedFingerprint(platform, environment) {
    return (await reviewedComment(platform, environment))?.fingerprint;
}
/** A digest of the Kubernetes objects a report deletes, which sync prunes: what the comment says the reviewers saw; undefined when none. */
function deletionsDigest(report) {
    const deleted = [...new Set((0,_sync_sync_kubernetes_js__WEBPACK_IMPORTED_MODULE_1__/* .approvedKubernetesPrunes */ .Z3)(report))].sort();
    return deleted.length ? `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(JSON.stringify(deleted)).digest('hex')}` : undefined;
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
    const deletions = deletionsDigest(report);
    const fingerprint = `${report.plan_fingerprint ? `\n<!-- gitops-sync:plan-fingerprint ${report.plan_fingerprint} -->` : ''}${deletions ? `\n<!-- gitops-sync:deletions ${deletions} -->` : ''}`;
    // The secrets section (drift-detect on a pull/merge request) is short: at most 50 findings, never a value.
    const footer = `${secrets ? `\n\n${secrets.markdown}` : ''}${fullReportUrl ? `\n\nFull report: ${fullReportUrl}` : ''}`;
    const body = `${marker}${fingerprint}\n${(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .renderMarkdown */ .Gc)(report, COMMENT_LIMIT - marker.length - fingerprint.length - footer.length - 1)}${footer}`;
    return platform.upsertComment(marker, body, report.drift_detected || mode === 'always' || Boolean(secrets?.findings));
}


/***/ }),

/***/ 6274:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A2: () => (/* binding */ decryptBackupFile),
/* harmony export */   Fo: () => (/* binding */ isEncryptedBackup),
/* harmony export */   I3: () => (/* binding */ encryptBackup),
/* harmony export */   TB: () => (/* binding */ ENCRYPTED_SUFFIX),
/* harmony export */   XY: () => (/* binding */ identityEnvOf),
/* harmony export */   j0: () => (/* binding */ backupFolder),
/* harmony export */   xZ: () => (/* binding */ backupRecipients),
/* harmony export */   yE: () => (/* binding */ PLAINTEXT_BACKUP_NOTE)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5688);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6477);




/** Backups are age-encrypted files named `<name>.age`; only those are kept as CI artifacts. */
const ENCRYPTED_SUFFIX = '.age';
/** Where backups stay when they are not encrypted: the step line a sync or rollback prints. */
const PLAINTEXT_BACKUP_NOTE = 'the backup is not encrypted, so it stays on this runner only (owner-only, never uploaded); set sync.backup_encryption.recipients to keep an age-encrypted copy as an artifact';
/** The recipients backups are encrypted to; empty when the config sets none. */
const backupRecipients = (config) => config.sync.backup_encryption?.recipients ?? [];
/** The environment variable holding the age identity that decrypts a backup. */
const identityEnvOf = (config) => config.sync.backup_encryption?.identity_env ?? _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .DEFAULT_AGE_IDENTITY_ENV */ .Pz;
const isEncryptedBackup = (path) => path.endsWith(ENCRYPTED_SUFFIX);
/** Whether `path` is a symbolic link; anything else (missing, a file in the way) is for writing the backup to say. */
function isSymbolicLink(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(path).isSymbolicLink();
    }
    catch {
        return false;
    }
}
/**
 * `<backups_dir>/<environment>`, absolute. A folder named `*.age` is refused: the artifact pattern
 * `backups/**\/*.age` matches the folder and so uploads everything in it, plaintext backups too.
 */
function backupFolder(baseDir, config, environment) {
    const folder = `${config.sync.backups_dir}/${environment}`;
    if (folder.split(/[\\/]/).some((part) => part.endsWith(ENCRYPTED_SUFFIX))) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The backups of ${environment} would go to ${folder}, a folder whose name ends in ${ENCRYPTED_SUFFIX}, which the artifact pattern backups/**/*${ENCRYPTED_SUFFIX} uploads whole, plaintext included; rename the environment (or sync.backups_dir) so no folder ends in ${ENCRYPTED_SUFFIX}.`);
    }
    // A link the checkout carries (backups/<env> -> leak.age) would move plaintext backups where that pattern uploads them.
    // An absolute backups_dir is outside the checkout, where a change cannot put a link.
    if (!(0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(config.sync.backups_dir)) {
        const parts = folder.split(/[\\/]/);
        for (let count = 1; count <= parts.length; count++) {
            const path = parts.slice(0, count).join('/');
            if (!isSymbolicLink((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(baseDir, path)))
                continue;
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The backups of ${environment} would go to ${folder}, and ${path} is a symbolic link (to ${(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(baseDir, path))}), so they could land where the artifact pattern backups/**/*${ENCRYPTED_SUFFIX} uploads them; make ${path} a real folder (or set sync.backups_dir to an absolute path outside the checkout) and run again.`);
        }
    }
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(baseDir, folder);
}
/** The content encrypted with age to every recipient (binary age format). */
async function encryptBackup(content, recipients) {
    // Loaded when needed: age-encryption takes ~0.15 s to load, which every other command would pay.
    const { Encrypter } = await __webpack_require__.e(/* import() */ 539).then(__webpack_require__.bind(__webpack_require__, 1539));
    const encrypter = new Encrypter();
    for (const recipient of recipients)
        encrypter.addRecipient(recipient);
    return encrypter.encrypt(content);
}
/**
 * Reads an age-encrypted backup and decrypts it in memory. A missing or wrong identity is a
 * UserError naming the variable; the identity itself is never in a message.
 */
async function decryptBackupFile(path, key, what = 'an age-encrypted backup') {
    if (!key.identity?.trim()) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${path} is encrypted with age and ${key.env} is not set; set it (a masked CI secret) to the age identity (AGE-SECRET-KEY-1\u2026) of one of sync.backup_encryption.recipients and run the rollback again.`);
    }
    // A regular file within the input limit, like any other input: a FIFO or /dev/zero named *.age must not hang the rollback.
    const encrypted = (0,_files_js__WEBPACK_IMPORTED_MODULE_4__/* .readInputFile */ .jH)(path, what);
    const { Decrypter } = await __webpack_require__.e(/* import() */ 539).then(__webpack_require__.bind(__webpack_require__, 1539));
    const decrypter = new Decrypter();
    try {
        // The secret may hold an age-keygen key file: `# created` and `# public key` comments above the key.
        for (const line of key.identity.split(/\r?\n/).map((text) => text.trim()))
            if (line && !line.startsWith('#'))
                decrypter.addIdentity(line);
        return Buffer.from(await decrypter.decrypt(encrypted));
    }
    catch {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${path} could not be decrypted with the identity in ${key.env} (it is not an identity of the recipients the backup was encrypted to, or the file is damaged); set ${key.env} to the age identity of one of sync.backup_encryption.recipients.`);
    }
}


/***/ }),

/***/ 9860:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ab: () => (/* binding */ reconcileFlux),
/* harmony export */   OI: () => (/* binding */ rolloutStatus),
/* harmony export */   Si: () => (/* binding */ kubectlTimeout),
/* harmony export */   Sk: () => (/* binding */ kubectlSaid),
/* harmony export */   Uq: () => (/* binding */ syncKubernetes),
/* harmony export */   Z3: () => (/* binding */ approvedKubernetesPrunes),
/* harmony export */   cu: () => (/* binding */ kubeContextArgs),
/* harmony export */   d0: () => (/* binding */ prepareBackupDir),
/* harmony export */   kU: () => (/* binding */ backupLiveObject)
/* harmony export */ });
/* unused harmony exports addressOf, parseK8sAddress, kubectlResource, backupFileName, ROLLOUT_TIMED_OUT */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8815);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2788);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1746);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5688);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(8835);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(796);
/* harmony import */ var _backup_encryption_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6274);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6477);
/* harmony import */ var _tool_output_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3832);
/* harmony import */ var _drift_k8s_render_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(9977);
/* harmony import */ var _path_lookup_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(3072);
/* harmony import */ var _sync_types_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(8595);










const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A name kubectl will not read as a flag or a path: no leading dash, no slash, no space or control character. */
// eslint-disable-next-line no-control-regex
const SAFE_NAME = /^[^-/\s\u0000-\u001f\u007f][^/\s\u0000-\u001f\u007f]*$/;
/** The report address of an object: `apps/v1/Deployment/shop/web`, `v1/Namespace//shop`. */
function addressOf(ref) {
    return `${ref.group ? `${ref.group}/` : ''}${ref.version}/${ref.kind}/${ref.namespace}/${ref.name}`;
}
/** An address of the drift report back into an object reference, or a UserError saying what is wrong with it. */
function parseK8sAddress(address) {
    const parts = address.split('/');
    const [group, version, kind, namespace, name] = parts.length === 5 ? parts : parts.length === 4 ? ['', ...parts] : [];
    if (version === undefined ||
        !/^v\d+((alpha|beta)\d+)?$/.test(version) ||
        !/^[A-Z][A-Za-z0-9]*$/.test(kind) ||
        (group !== '' && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(group)) ||
        (namespace !== '' && !DNS_LABEL.test(namespace)) ||
        !SAFE_NAME.test(name)) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${JSON.stringify(address)} is not a Kubernetes object address (group/version/Kind/namespace/name); pass the addresses the drift report lists.`);
    }
    return { group, version, kind, namespace, name };
}
/** The addresses a report lists for deletion, for approvedPrunes: only Kubernetes objects, only action `delete`. */
function approvedKubernetesPrunes(report) {
    return report.changes
        .filter((change) => change.action === 'delete')
        .map((change) => change.address)
        .filter((address) => {
        try {
            parseK8sAddress(address);
            return true;
        }
        catch {
            return false;
        }
    });
}
/** kubectl's name for one object: `Deployment.apps/web`, `ConfigMap/app` for the core group. */
function kubectlResource(ref) {
    return `${ref.kind}${ref.group ? `.${ref.group}` : ''}/${ref.name}`;
}
/** The file an object's backup goes to, named as kubectl diff names its files: `apps.v1.Deployment.shop.web.yaml`. */
function backupFileName(ref) {
    return `${ref.group ? `${ref.group}.` : ''}${ref.version}.${ref.kind}.${ref.namespace}.${ref.name}.yaml`;
}
const describeRef = (ref) => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
const namespaceArgs = (ref) => (ref.namespace ? ['-n', ref.namespace] : []);
const kubeContextArgs = (context) => (context ? ['--context', context] : []);
/** Workloads `kubectl rollout status` understands. */
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const isWorkload = (ref) => ref.group === 'apps' && WORKLOADS.has(ref.kind);
/** Namespaces first, then CustomResourceDefinitions, then everything else in the order Git has it. */
function applyPhase(ref) {
    if (ref.kind === 'Namespace' && ref.group === '')
        return 0;
    if (ref.kind === 'CustomResourceDefinition' && ref.group === 'apiextensions.k8s.io')
        return 1;
    return 2;
}
/** What kubectl said when it failed, for one sentence: its error lines, secrets taken out, one line. */
function kubectlSaid(stderr, redactor) {
    const all = stderr
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    // kubectl logs klog lines before its own sentence when the cluster does not answer.
    const said = all.filter((line) => !_tool_output_js__WEBPACK_IMPORTED_MODULE_4__/* .KLOG_LINE */ .F.test(line));
    const lines = said.length ? said : all;
    const errors = lines.filter((line) => /^(error|Error from server|\u2717)/i.test(line));
    const text = (errors.length ? errors.slice(0, 3) : lines.slice(-3)).join(' ');
    const line = (redactor ? redactor.redact(text) : text).replace(/\s+/g, ' ').replace(/[.\s]+$/, '');
    return (line.length > 300 ? `${line.slice(0, 299)}\u2026` : line) || 'no message';
}
/** kubectl's and flux's ways of saying a wait ran out of time or a rollout stopped progressing. */
const ROLLOUT_TIMED_OUT = /timed out waiting for the condition|exceeded its progress deadline|context deadline exceeded|timeout waiting for/i;
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Every value of a Secret (as written and base64-decoded), so no message can quote one. */
function rememberSecretValues(object, redactor) {
    if (object.kind !== 'Secret')
        return;
    const remember = (value, encoded) => {
        if (typeof value !== 'string' || value.length < 4)
            return;
        redactor.add(value);
        if (!encoded)
            return;
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        if (decoded.length >= 4)
            redactor.add(decoded);
    };
    if (isObject(object.data))
        for (const value of Object.values(object.data))
            remember(value, true);
    if (isObject(object.stringData))
        for (const value of Object.values(object.stringData))
            remember(value, false);
}
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** A live Secret without its values: keys stay, values (and the annotation that repeats them) become `(sensitive)`. */
function redactedSecret(object) {
    const copy = structuredClone(object);
    for (const field of ['data', 'stringData']) {
        const values = copy[field];
        if (isObject(values))
            copy[field] = Object.fromEntries(Object.keys(values).map((key) => [key, _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .SENSITIVE */ .N]));
    }
    const annotations = copy.metadata?.annotations;
    if (isObject(annotations) && LAST_APPLIED in annotations)
        annotations[LAST_APPLIED] = _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .SENSITIVE */ .N;
    return `# gitops-sync: the values of this Secret are not kept in backups; restore them from where they come from.\n${(0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .stringify */ .As)(copy)}`;
}
/** The exec timeout of a kubectl call that must not wait forever on a cluster that never answers. */
const kubectlTimeout = (seconds, what, hint = 'check that the cluster answers (kubectl cluster-info), or raise sync.rollout_timeout_seconds') => ({ ms: seconds * 1000, what, hint });
/**
 * Writes one object's live YAML (`kubectl get \u2026 -o yaml --ignore-not-found`) into the backup folder
 * (encrypted when there are recipients); the path and the YAML as kubectl gave it, or undefined when the object does not exist (or its kind is not known to the cluster yet,
 * as for a custom resource whose CRD this sync installs). A failure to read or write is a UserError
 * that says nothing was changed.
 */
async function backupLiveObject(ref, options, context) {
    const args = ['get', kubectlResource(ref), ...namespaceArgs(ref), '-o', 'yaml', '--ignore-not-found', ...kubeContextArgs(options.context)];
    const result = await context.exec.run('kubectl', args, { env: context.env, timeout: kubectlTimeout(options.timeoutSeconds, `kubectl get ${describeRef(ref)} (the backup before ${options.purpose})`) });
    if (result.exitCode !== 0) {
        if (/doesn't have a resource type|no matches for kind|could not find the requested resource/i.test(result.stderr))
            return undefined;
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Could not back up ${describeRef(ref)} before ${options.purpose} (kubectl get exit ${result.exitCode}: ${kubectlSaid(result.stderr, options.redactor)}); nothing was changed.`);
    }
    const text = result.stdout.toString('utf8');
    if (!text.trim())
        return undefined;
    const encrypted = options.recipients.length > 0;
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(options.backupDir, `${backupFileName(ref)}${encrypted ? _backup_encryption_js__WEBPACK_IMPORTED_MODULE_6__/* .ENCRYPTED_SUFFIX */ .TB : ''}`);
    let content = text;
    if (ref.kind === 'Secret' && ref.group === '') {
        let live;
        try {
            [live] = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .parseManifests */ .Ye)(text, `the live ${describeRef(ref)}`);
        }
        catch {
            live = undefined;
        }
        if (!live)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Could not back up ${describeRef(ref)} before ${options.purpose}: kubectl get did not answer a Secret; nothing was changed.`);
        rememberSecretValues(live, options.redactor);
        if (options.secretBackups === 'redacted')
            content = redactedSecret(live);
    }
    try {
        if (encrypted) {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(path, await (0,_backup_encryption_js__WEBPACK_IMPORTED_MODULE_6__/* .encryptBackup */ .I3)(content, options.recipients), { mode: 0o600 });
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.chmodSync)(path, 0o600);
        }
        else {
            (0,_files_js__WEBPACK_IMPORTED_MODULE_8__/* .writeFileAtomic */ .Zf)(path, content);
            // Any object's YAML may carry credentials (a Deployment's env values), not only a Secret's.
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.chmodSync)(path, 0o600);
        }
    }
    catch (error) {
        const why = error instanceof Error ? error.message.replace(/[.\s]+$/, '') : String(error);
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Could not back up ${describeRef(ref)} before ${options.purpose} (${why}); nothing was changed.`);
    }
    return { path, live: text };
}
/** Creates the backup folder, readable by its owner only (also when the checkout already carries it). */
function prepareBackupDir(backupDir, purpose) {
    try {
        (0,_files_js__WEBPACK_IMPORTED_MODULE_8__/* .mkdirKeptOutOfGit */ .b8)(backupDir, 0o700);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.chmodSync)(backupDir, 0o700);
    }
    catch (error) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Could not create the backup folder ${backupDir} before ${purpose} (${error.message.replace(/[.\s]+$/, '')}); nothing was changed.`);
    }
}
/** `kubectl rollout status`: the line it ends with on success, or how it failed. */
async function rolloutStatus(wait, context) {
    const { ref } = wait;
    const args = ['rollout', 'status', `${ref.kind.toLowerCase()}/${ref.name}`, ...namespaceArgs(ref), `--timeout=${wait.timeoutSeconds}s`, ...kubeContextArgs(wait.context)];
    context.progress.step(`kubectl ${args.join(' ')}`);
    const result = await context.exec.run('kubectl', args, { env: context.env });
    if (result.exitCode === 0)
        return { ok: true, said: result.stdout.toString('utf8').trim().split('\n').at(-1) ?? '' };
    // A StatefulSet or DaemonSet with the OnDelete strategy has no rollout to wait for.
    if (/only available for RollingUpdate strategy/i.test(result.stderr))
        return { ok: true, said: `no rollout to wait for (${ref.kind} with the OnDelete update strategy)` };
    const said = kubectlSaid(result.stderr || result.stdout.toString('utf8'));
    return { ok: false, timedOut: ROLLOUT_TIMED_OUT.test(result.stderr), said, exitCode: result.exitCode };
}
/** The object as it is applied: a namespaced object without a namespace gets the environment's. */
function withNamespace({ ref, object }) {
    if (!ref.namespace || (typeof object.metadata?.namespace === 'string' && object.metadata.namespace))
        return object;
    return { ...object, metadata: { ...object.metadata, namespace: ref.namespace } };
}
function checkRequest(request) {
    (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__/* .checkEnvironmentName */ .r0)(request.environment);
    if (!(0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(request.backupDir))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The backup folder ${JSON.stringify(request.backupDir)} is not an absolute path; resolve sync.backups_dir against the config file's folder.`);
    if (!Number.isInteger(request.rolloutTimeoutSeconds) || request.rolloutTimeoutSeconds < 1) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The rollout timeout must be a whole number of seconds, at least 1, not ${request.rolloutTimeoutSeconds}; set sync.rollout_timeout_seconds.`);
    }
    const { context } = request.kubernetes;
    if (context !== undefined && !SAFE_NAME.test(context))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The kube context ${JSON.stringify(context)} starts with a dash or contains a space or slash; name the context as kubectl config get-contexts lists it.`);
}
/**
 * Syncs one environment's Kubernetes objects with kubectl, through the Exec port:
 * 1. render what Git wants (manifests, kustomize, helm, jsonnet);
 * 2. back up the live YAML of every object about to change \u2014 applied or approved for deletion \u2014
 *    into `backupDir`, one file each (Secrets as `secretBackups` says); nothing changes if that fails;
 * 3. `kubectl apply --server-side --field-manager=gitops-sync`: Namespaces and CRDs first (then wait
 *    for the CRDs to be established), then the rest;
 * 4. `kubectl rollout status` of every Deployment, StatefulSet and DaemonSet applied;
 * 5. last (PruneLast, once the rollouts are done), `kubectl delete` of the approved prunes Git no
 *    longer has. A rollout that does not finish leaves them in place.
 * Failures are SyncFailures: apply-failed (apply, CRD wait or delete) or rollout-timeout.
 */
async function syncKubernetes(request, context) {
    checkRequest(request);
    const plan = await planKubernetesSync(request, context);
    const steps = plan.kept.map((address) => `keep ${address}: approved for deletion, but Git still has it`);
    const outcome = {
        environment: request.environment,
        applied: false,
        dryRun: request.dryRun,
        backups: [],
        steps,
        appliedObjects: plan.planned.map(({ ref }) => addressOf(ref)),
        pruned: plan.prunes.map(addressOf),
        rolledOut: plan.workloads.map((ref) => `${ref.kind.toLowerCase()}/${ref.name} -n ${ref.namespace}`),
    };
    if (plan.planned.length === 0 && plan.prunes.length === 0) {
        steps.push('nothing to apply or delete');
        return outcome;
    }
    if (request.dryRun) {
        (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_10__/* .appendAll */ .u2)(steps, dryRunSteps(plan));
        return outcome;
    }
    (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_10__/* .appendAll */ .u2)(outcome.backups, await backUpLiveObjects(plan, request, context, steps));
    // A failure from here on lists the backups, as they are what to restore from.
    return (0,_sync_types_js__WEBPACK_IMPORTED_MODULE_11__/* .keepingBackups */ .Pc)(outcome.backups, async () => {
        const run = { plan, context, steps, backedUp: outcome.backups.length ? `; the live YAML from before is in ${plan.backupDir}` : '' };
        await applyInOrder(run);
        outcome.applied = true;
        await waitForRollouts(run);
        await pruneApproved(run);
        return outcome;
    });
}
/** 1. What Git wants, in apply order (Namespaces, CRDs, the rest), and which approved deletions to make. */
async function planKubernetesSync(request, context) {
    const k8s = request.kubernetes;
    const redactor = new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_12__/* .Redactor */ .pO();
    const onSecret = (value) => {
        redactor.add(value);
        context.onSecret?.(value);
    };
    const desired = await (0,_drift_k8s_render_js__WEBPACK_IMPORTED_MODULE_13__/* .renderDesired */ .ls)(k8s, { exec: context.exec, progress: context.progress, env: context.env, baseDir: request.baseDir, secrets: request.secrets, onSecret });
    // Refuses the same object twice, like drift detection does.
    const index = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .indexObjects */ .Je)(desired, k8s.namespace, `The desired state of ${request.environment}`);
    const planned = [...index.values()].map(({ ref, object }, order) => ({ ref, object, order })).sort((a, b) => applyPhase(a.ref) - applyPhase(b.ref) || a.order - b.order);
    for (const { ref } of planned) {
        if (!SAFE_NAME.test(ref.name))
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The ${ref.kind} named ${JSON.stringify(ref.name)} has a name kubectl would misread (a leading dash, a slash or a space); fix the manifest.`);
        if (ref.namespace && !DNS_LABEL.test(ref.namespace))
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The ${ref.kind} ${ref.name} is in namespace ${JSON.stringify(ref.namespace)}, which is not a valid namespace name; fix the manifest.`);
    }
    for (const { object } of planned)
        rememberSecretValues(object, redactor);
    const first = planned.filter(({ ref }) => applyPhase(ref) < 2);
    return {
        environment: request.environment,
        kubeContext: k8s.context,
        cluster: kubeContextArgs(k8s.context),
        timeout: request.rolloutTimeoutSeconds,
        backupDir: request.backupDir,
        planned,
        first,
        crds: first.filter(({ ref }) => applyPhase(ref) === 1),
        rest: planned.filter(({ ref }) => applyPhase(ref) === 2),
        workloads: planned.filter(({ ref }) => isWorkload(ref)).map(({ ref }) => ref),
        ...approvedPrunesGitLacks(request.approvedPrunes, index),
        redactor,
    };
}
/** The approved deletions Git no longer has (prunes, in reverse apply order) and those it still has (kept). */
function approvedPrunesGitLacks(approved, desired) {
    const kept = [];
    const prunes = [];
    const seen = new Set();
    for (const address of approved) {
        const ref = parseK8sAddress(address);
        const key = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .matchKey */ .LJ)(ref);
        if (seen.has(key))
            continue;
        seen.add(key);
        if (desired.has(key))
            kept.push(address);
        else
            prunes.push(ref);
    }
    // The reverse of the apply order: a Namespace or CRD goes after what may live in it.
    prunes.sort((a, b) => applyPhase(b) - applyPhase(a));
    return { prunes, kept };
}
const applyArgs = (plan, file) => ['apply', '--server-side', '--field-manager=gitops-sync', '-f', file, ...plan.cluster];
const crdWaitArgs = (plan) => ['wait', '--for=condition=Established', ...plan.crds.map(({ ref }) => `customresourcedefinition/${ref.name}`), `--timeout=${plan.timeout}s`, ...plan.cluster];
const deleteArgs = (plan, ref) => ['delete', kubectlResource(ref), ...namespaceArgs(ref), '--ignore-not-found', '--wait=true', `--timeout=${plan.timeout}s`, ...plan.cluster];
/** `3 object(s): Namespace shop, \u2026, and 2 more`: a group of objects in a step line. */
function describeGroup(group) {
    const shown = group.slice(0, 5).map(({ ref }) => describeRef(ref));
    return `${group.length} object(s): ${shown.join(', ')}${group.length > shown.length ? `, and ${group.length - shown.length} more` : ''}`;
}
/** The kubectl commands a real sync would run, one step each. */
function dryRunSteps(plan) {
    const { planned, prunes, first, crds, rest, workloads } = plan;
    const steps = [];
    for (const { ref } of [...planned, ...prunes.map((ref) => ({ ref }))]) {
        steps.push(`kubectl get ${kubectlResource(ref)}${ref.namespace ? ` -n ${ref.namespace}` : ''} -o yaml --ignore-not-found > ${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(plan.backupDir, backupFileName(ref))}`);
    }
    if (first.length)
        steps.push(`kubectl ${applyArgs(plan, `<${describeGroup(first)}>`).join(' ')}`);
    if (crds.length && rest.length)
        steps.push(`kubectl ${crdWaitArgs(plan).join(' ')}`);
    if (rest.length)
        steps.push(`kubectl ${applyArgs(plan, `<${describeGroup(rest)}>`).join(' ')}`);
    for (const ref of workloads)
        steps.push(`kubectl rollout status ${ref.kind.toLowerCase()}/${ref.name} -n ${ref.namespace} --timeout=${plan.timeout}s${plan.kubeContext ? ` --context ${plan.kubeContext}` : ''}`);
    for (const ref of prunes)
        steps.push(`kubectl ${deleteArgs(plan, ref).join(' ')}`);
    return steps;
}
/** 2. The live YAML of every object about to change, before anything changes: the files written. */
async function backUpLiveObjects(plan, request, context, steps) {
    const secretBackups = request.secretBackups ?? 'redacted';
    const purpose = `syncing ${request.environment}`;
    prepareBackupDir(plan.backupDir, purpose);
    const options = { context: plan.kubeContext, backupDir: plan.backupDir, secretBackups, recipients: request.backupRecipients ?? [], redactor: plan.redactor, purpose, timeoutSeconds: plan.timeout };
    context.progress.step(`back up the live YAML of ${plan.planned.length + plan.prunes.length} object(s) into ${plan.backupDir}`);
    const backups = [];
    for (const ref of [...plan.planned.map(({ ref }) => ref), ...plan.prunes]) {
        const backup = await backupLiveObject(ref, options, context);
        if (backup) {
            backups.push(backup.path);
            steps.push(`backed up ${describeRef(ref)} to ${backup.path}`);
        }
    }
    return backups;
}
/** kubectl with `args`, announced on the progress log by its verb and first arguments. */
function kubectl({ context }, args) {
    context.progress.step(`kubectl ${args[0]}${args[0] === 'apply' ? '' : ` ${args.slice(1, 3).join(' ')}`}`);
    return context.exec.run('kubectl', args, { env: context.env });
}
/** 3. Apply: Namespaces and CRDs, then (once the CRDs are established) the rest. A failed apply may have applied part of its objects. */
async function applyInOrder(run) {
    const { first, crds, rest } = run.plan;
    const scratch = (0,_files_js__WEBPACK_IMPORTED_MODULE_8__/* .scratchFolder */ .$B)('gitops-sync-apply-');
    try {
        if (first.length)
            await applyGroup(run, scratch, first, 'namespaces-and-crds');
        if (crds.length && rest.length)
            await waitForCrds(run);
        if (rest.length)
            await applyGroup(run, scratch, rest, 'objects');
    }
    finally {
        (0,_files_js__WEBPACK_IMPORTED_MODULE_8__/* .removeScratchFolder */ .pq)(scratch);
    }
}
async function applyGroup(run, scratch, group, label) {
    const { plan, context, steps } = run;
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(scratch, `${label}.json`);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: group.map(withNamespace) }), { mode: 0o600 });
    context.progress.step(`kubectl apply --server-side of ${group.length} object(s): ${label}`);
    const result = await context.exec.run('kubectl', applyArgs(plan, file), { env: context.env });
    steps.push(`kubectl ${applyArgs(plan, `<${describeGroup(group)}>`).join(' ')}${result.exitCode === 0 ? '' : ` \u2192 exit ${result.exitCode}`}`);
    if (result.exitCode !== 0) {
        throw new _sync_types_js__WEBPACK_IMPORTED_MODULE_11__/* .SyncFailure */ .WK('apply-failed', `kubectl apply of ${group.length} object(s) for ${plan.environment} failed (exit ${result.exitCode}: ${kubectlSaid(result.stderr, plan.redactor)}); some objects may already be applied, so plan again before retrying${run.backedUp}.`, plan.redactor.redact(result.stderr).trim() || undefined);
    }
}
async function waitForCrds(run) {
    const { plan, steps } = run;
    const result = await kubectl(run, crdWaitArgs(plan));
    steps.push(`kubectl ${crdWaitArgs(plan).join(' ')}${result.exitCode === 0 ? '' : ` \u2192 exit ${result.exitCode}`}`);
    if (result.exitCode === 0)
        return;
    const timedOut = ROLLOUT_TIMED_OUT.test(result.stderr);
    throw new _sync_types_js__WEBPACK_IMPORTED_MODULE_11__/* .SyncFailure */ .WK(timedOut ? 'rollout-timeout' : 'apply-failed', `The CustomResourceDefinitions of ${plan.environment} (${plan.crds.map(({ ref }) => ref.name).join(', ')}) were not established ${timedOut ? `within ${plan.timeout} s` : `(kubectl wait exit ${result.exitCode}: ${kubectlSaid(result.stderr, plan.redactor)})`}; nothing else was applied, check them with kubectl describe customresourcedefinition${run.backedUp}.`);
}
/** 4. Rollouts: every workload is checked, then all that did not finish are reported together. */
async function waitForRollouts(run) {
    const { plan, context, steps } = run;
    const { redactor, timeout, prunes } = plan;
    const stuck = [];
    for (const ref of plan.workloads) {
        const status = await rolloutStatus({ ref, context: plan.kubeContext, timeoutSeconds: timeout }, context);
        steps.push(`kubectl rollout status ${ref.kind.toLowerCase()}/${ref.name} -n ${ref.namespace}: ${redactor.redact(status.said)}`);
        if (!status.ok)
            stuck.push({ ref, timedOut: status.timedOut, said: redactor.redact(status.said) });
    }
    if (!stuck.length)
        return;
    const which = stuck.map(({ ref }) => `${ref.kind.toLowerCase()}/${ref.name} in ${ref.namespace}`).join(', ');
    const notPruned = prunes.length ? `; the ${prunes.length} approved deletion(s) were not made` : '';
    const [one] = stuck;
    if (stuck.every(({ timedOut }) => timedOut)) {
        throw new _sync_types_js__WEBPACK_IMPORTED_MODULE_11__/* .SyncFailure */ .WK('rollout-timeout', `${stuck.length === 1 ? `${which} did not finish rolling out` : `${stuck.length} workloads did not finish rolling out (${which})`} within ${timeout} s (kubectl: ${one.said})${notPruned}; check the pods (kubectl describe ${one.ref.kind.toLowerCase()}/${one.ref.name} -n ${one.ref.namespace}) or roll back${run.backedUp}.`, undefined, [], stuck.map(({ ref }) => addressOf(ref)));
    }
    const failed = stuck.find(({ timedOut }) => !timedOut);
    throw new _sync_types_js__WEBPACK_IMPORTED_MODULE_11__/* .SyncFailure */ .WK('apply-failed', `kubectl rollout status of ${failed.ref.kind.toLowerCase()}/${failed.ref.name} in ${failed.ref.namespace} failed (${failed.said})${stuck.length > 1 ? `, and ${stuck.length - 1} other workload(s) did not finish (${which})` : ''}${notPruned}; check the workload or roll back${run.backedUp}.`);
}
/** 5. Prune last: only the approved deletions, only objects Git no longer has. */
async function pruneApproved(run) {
    const { plan, steps } = run;
    for (const ref of plan.prunes) {
        const args = deleteArgs(plan, ref);
        const result = await kubectl(run, args);
        steps.push(`kubectl ${args.join(' ')}${result.exitCode === 0 ? '' : ` \u2192 exit ${result.exitCode}`}`);
        if (result.exitCode !== 0) {
            throw new _sync_types_js__WEBPACK_IMPORTED_MODULE_11__/* .SyncFailure */ .WK('apply-failed', `kubectl delete of ${describeRef(ref)} for ${plan.environment} failed (exit ${result.exitCode}: ${kubectlSaid(result.stderr, plan.redactor)}); everything else was applied, sync again to finish the deletions${run.backedUp}.`);
        }
    }
}
/**
 * `flux reconcile kustomization|helmrelease <name> -n <namespace> --with-source`: Flux fetches the
 * source and applies it. Needs the flux CLI on PATH; a timeout is a rollout-timeout SyncFailure,
 * another failure an apply-failed one.
 */
async function reconcileFlux(request, context) {
    const { kind, name, namespace } = request;
    if (kind !== 'kustomization' && kind !== 'helmrelease')
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Flux kind ${JSON.stringify(kind)} is not one gitops-sync reconciles; use kustomization or helmrelease.`);
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Flux ${kind} name ${JSON.stringify(name)} is not a valid Kubernetes name; use the name flux get ${kind}s lists.`);
    if (!DNS_LABEL.test(namespace))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`Namespace ${JSON.stringify(namespace)} of the Flux ${kind} ${name} is not a valid namespace name; use the one flux get ${kind}s -A lists.`);
    if (request.context !== undefined && !SAFE_NAME.test(request.context))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The kube context ${JSON.stringify(request.context)} starts with a dash or contains a space or slash; name the context as kubectl config get-contexts lists it.`);
    if (!(0,_path_lookup_js__WEBPACK_IMPORTED_MODULE_14__/* .isOnPath */ .j)('flux', context.env ?? process.env)) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`The flux CLI is not on PATH, and reconciling the Flux ${kind} ${namespace}/${name} needs it; install it (https://fluxcd.io/flux/installation/#install-the-flux-cli) and run again.`);
    }
    const timeout = request.timeoutSeconds;
    const args = ['reconcile', kind, name, '-n', namespace, '--with-source', ...(timeout ? [`--timeout=${timeout}s`] : []), ...kubeContextArgs(request.context)];
    const outcome = { environment: request.environment ?? `${kind}/${name}`, applied: false, dryRun: request.dryRun ?? false, backups: [], steps: [`flux ${args.join(' ')}`] };
    if (request.dryRun)
        return outcome;
    context.progress.step(`flux reconcile ${kind} ${name} -n ${namespace} --with-source`);
    const result = await context.exec.run('flux', args, { env: context.env });
    if (result.exitCode !== 0) {
        const output = `${result.stderr}\n${result.stdout.toString('utf8')}`;
        const said = kubectlSaid(output);
        if (ROLLOUT_TIMED_OUT.test(output)) {
            throw new _sync_types_js__WEBPACK_IMPORTED_MODULE_11__/* .SyncFailure */ .WK('rollout-timeout', `flux reconcile ${kind} ${name} -n ${namespace} did not finish${timeout ? ` within ${timeout} s` : ''} (${said}); check it with flux get ${kind}s -n ${namespace}.`);
        }
        throw new _sync_types_js__WEBPACK_IMPORTED_MODULE_11__/* .SyncFailure */ .WK('apply-failed', `flux reconcile ${kind} ${name} -n ${namespace} failed (exit ${result.exitCode}: ${said}); check it with flux get ${kind}s -n ${namespace}.`);
    }
    outcome.applied = true;
    const last = result.stderr.trim().split('\n').at(-1)?.trim();
    if (last)
        outcome.steps.push(last);
    return outcome;
}


/***/ }),

/***/ 8595:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pc: () => (/* binding */ keepingBackups),
/* harmony export */   VU: () => (/* binding */ DEFAULT_BACKOFF),
/* harmony export */   WK: () => (/* binding */ SyncFailure)
/* harmony export */ });
/* unused harmony export FAILURE_REASONS */
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);

/** Why a sync did not complete, as the `failure-reason` output says it. */
const FAILURE_REASONS = (/* unused pure expression or super */ null && (['gate-denied', 'plan-changed', 'apply-failed', 'rollout-timeout', 'validation-drift', 'locked', 'not-a-deployer', 'deployer-is-author']));
/** A sync that stopped for a reason the user must act on: one sentence, plus the typed reason. */
class SyncFailure extends _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo {
    reason;
    detail;
    backups;
    unfinished;
    constructor(reason, message, 
    /** Longer detail for the job summary (e.g. what differs between two plans); never secrets. */
    detail, 
    /** Backups written before it failed: the result lists them, as they are what to restore from. */
    backups = [], 
    /** Workloads this sync applied that did not finish rolling out, by address: all an automatic rollback may undo. */
    unfinished = []) {
        super(message);
        this.reason = reason;
        this.detail = detail;
        this.backups = backups;
        this.unfinished = unfinished;
    }
}
/** Runs what comes after a backup: a SyncFailure it throws carries the backups written before it. */
async function keepingBackups(backups, action) {
    try {
        return await action();
    }
    catch (error) {
        if (error instanceof SyncFailure && backups.length && !error.backups.length)
            throw new SyncFailure(error.reason, error.message, error.detail, backups, error.unfinished);
        throw error;
    }
}
const DEFAULT_BACKOFF = { limit: 3, delaySeconds: 5, factor: 2, maxDelaySeconds: 180 };


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
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(796);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core_network_waits__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3732);


const DEFAULT_RETRY = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000 };
const DEFAULT_LIMITS = { requestTimeoutMs: _gitops_sync_core_network_waits__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_REQUEST_TIMEOUT_MS */ .Zc, deadlineMs: _gitops_sync_core_network_waits__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_DEADLINE_MS */ .u8, maxPages: 100 };
/** The limits, with GITOPS_SYNC_API_TIMEOUT_SECONDS and GITOPS_SYNC_API_DEADLINE_SECONDS from `env` over the defaults. */
function apiLimitsFromEnv(env, given = {}) {
    return {
        requestTimeoutMs: given.requestTimeoutMs ?? (0,_gitops_sync_core_network_waits__WEBPACK_IMPORTED_MODULE_0__/* .secondsFromEnv */ .Ph)(env, 'GITOPS_SYNC_API_TIMEOUT_SECONDS') ?? DEFAULT_LIMITS.requestTimeoutMs,
        deadlineMs: given.deadlineMs ?? (0,_gitops_sync_core_network_waits__WEBPACK_IMPORTED_MODULE_0__/* .secondsFromEnv */ .Ph)(env, 'GITOPS_SYNC_API_DEADLINE_SECONDS') ?? DEFAULT_LIMITS.deadlineMs,
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
                const said = (this.token ? (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .withoutSecret */ .Nt)(message, this.token) : message).slice(0, 200);
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
    return retrying(request, failureOf, (failure, attempts) => new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(describeApiFailure(platform, call, failure, attempts)), policy, budget);
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
        if (error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo && /\(404\)/.test(error.message))
            return undefined;
        throw error;
    }
}
/** A listing that cannot be read to its end: one sentence, and nothing is decided from the part that was read. */
function incompleteListing(platform, call, what) {
    return new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${platform} ${what} when asked to ${call.what}; the list is not complete, so nothing is decided from it.`);
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
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8835);
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
            (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .appendAll */ .u2)(nodes, page.nodes);
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
            return (await this.call({ what: 'read the token user', permission: 'no permission (a user token)' }, zod__WEBPACK_IMPORTED_MODULE_4__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig(), login: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP() }), 'GET /user', {}, noting)).data;
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
        let page = await this.call(call, zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(item), route, { ...params, per_page: 100 });
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
            page = await this.call(call, zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(item), `GET ${url.href}`);
            (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .appendAll */ .u2)(items, page.data);
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

/***/ 6212:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ bodyAndOtherEditor)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7638);


/**
 * A comment's or an issue's body and GraphQL's word on who last edited it (REST does not say), in one answer:
 * `editor` is null when nobody did, or when the account is gone. An answer with `errors` says nothing.
 */
const BodyEdit = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    data: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ node: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ body: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), lastEditedAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(), editor: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ __typename: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), login: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).nullable() }).nullable() })
        .nullable()
        .optional(),
    errors: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ message: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() })).optional(),
});
/**
 * Whether GraphQL's editor is our REST login. GraphQL names a bot `github-actions` where REST says
 * `github-actions[bot]`, and a person may hold that bare name: a `[bot]` login must be a Bot.
 */
const isLogin = (editor, login) => {
    const bot = /\[bot\]$/i.test(login);
    return (editor.__typename === 'Bot') === bot && editor.login.toLowerCase() === login.replace(/\[bot\]$/i, '').toLowerCase();
};
/** A login as GitHub spells one (an Enterprise Managed User's has `_shortcode`); anything else (a server's odd answer) is not repeated in a message or an alert. */
const shownLogin = (login) => (login && /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/.test(login) ? login : 'someone unknown');
/**
 * The body of the issue or comment `nodeId` and who last edited it, when that was not `ownLogin` (anyone with
 * write access can edit both), read together: a body read earlier over REST could have been rewritten since.
 */
async function bodyAndOtherEditor(api, call, type, nodeId, ownLogin) {
    const query = `query($id: ID!) { node(id: $id) { ... on ${type} { body lastEditedAt editor { __typename login } } } }`;
    const answer = (await api.call(call, BodyEdit, api.graphqlRoute(), { query, variables: { id: nodeId } })).data;
    const node = answer.data?.node;
    if (answer.errors?.length || !node) {
        const said = answer.errors?.length ? ` (${answer.errors[0].message.replace(/\s+/g, ' ').slice(0, 200)})` : '';
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`GitHub's GraphQL API did not answer when asked to ${call.what}${said}, so who last edited it cannot be checked; nothing is taken from it.`);
    }
    if (!node.lastEditedAt || (node.editor && isLogin(node.editor, ownLogin)))
        return { body: node.body };
    return { body: node.body, editedBy: shownLogin(node.editor?.login) };
}


/***/ }),

/***/ 6143:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ GitHubProtection)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2857);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8835);
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
            required_approvals: (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .maxOf */ ._)(reviews.map((review) => review.required_approving_review_count ?? 0), 0),
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
/* harmony import */ var _body_editor_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6212);
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
const PullFile = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ filename: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), status: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), previous_filename: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(), sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional() });
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
const Tree = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ tree: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), mode: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), type: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() })), truncated: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().optional() });
const Comment = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), node_id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(), body: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable().optional(), user: User.nullable().optional() });
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
        return files.map((file) => ({ path: file.filename, previousPath: file.previous_filename, status: file.status, headBlob: file.sha ?? undefined }));
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
    /** The modes and blobs of a commit's files from the git trees API; a truncated listing (GitHub's limit) leaves them unknown. */
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
        const files = data.tree.filter((entry) => entry.type !== 'tree');
        return { modes: new Map(files.map((entry) => [entry.path, entry.mode])), blobs: new Map(files.map((entry) => [entry.path, entry.sha])) };
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
        const own = await this.own();
        const { body, editedBy } = await (0,_body_editor_js__WEBPACK_IMPORTED_MODULE_7__/* .bodyAndOtherEditor */ .F)(this.api, { what: `read who edited gitops-sync's comment on ${this.label}`, permission: READ_PULLS }, 'IssueComment', comment.node_id, own.login);
        if (editedBy !== undefined) {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`gitops-sync's comment on ${this.label} was last edited by ${editedBy}, not by ${own.login}, so its plan fingerprint is not trusted; run drift-detect on the pull request again to rewrite it.`);
        }
        // As GraphQL read it with its editor: the body REST listed may have been rewritten since.
        return body.startsWith(marker) ? body : undefined;
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
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8835);
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
    /** The project's full path (`group/project`), which GraphQL names it by: read from REST when it was given by id. */
    async projectPath(call) {
        if (!/^\d+$/.test(this.options.project))
            return this.options.project;
        const { data } = await this.json(call, zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ path_with_namespace: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }), 'GET', this.project);
        return data.path_with_namespace;
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
            (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .appendAll */ .u2)(items, data);
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
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8835);
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
            required_approvals: (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .maxOf */ ._)(onBranch.map((rule) => rule.approvals_required), settings.approvals_before_merge ?? 0),
            force_push_allowed: protectedBranch === undefined || protectedBranch.allow_force_push === true,
            direct_push_allowed: protectedBranch !== undefined && pushesAllowed(protectedBranch.push_access_levels),
            self_review_allowed: settings.merge_requests_author_approval === true,
            committers_may_approve: settings.merge_requests_disable_committers_approval !== true,
            environment_approvals: environmentFound ? (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .maxOf */ ._)((environmentFound.approval_rules ?? []).map((rule) => rule.required_approvals), environmentFound.required_approval_count ?? 0) : 0,
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
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8835);
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
const DiffVersion = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), head_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), base_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullish(), start_commit_sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullish() });
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
/** A note's body and who last edited it, in one answer: a body read earlier over REST may have been rewritten since. */
const NoteEdit = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), body: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), lastEditedAt: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable(), lastEditedBy: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), username: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).nullable() });
/** A commit of the merge request with the account GitLab ties its author's e-mail to (a confirmed one), or null. */
const CommitAuthor = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), author: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), username: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP() }).nullable() });
const PageInfo = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ hasNextPage: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(), endCursor: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().nullable() });
/** One page of a merge request's GraphQL connection, asked for under the alias `items`. */
const connectionPage = (node) => zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ project: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ mergeRequest: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ items: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ nodes: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(node), pageInfo: PageInfo }) }).nullable() }).nullable() });
const connectionQuery = (connection, fields) => `query($path: ID!, $iid: String!, $after: String) { project(fullPath: $path) { mergeRequest(iid: $iid) { items: ${connection}(first: 100, after: $after) { nodes { ${fields} } pageInfo { hasNextPage endCursor } } } } }`;
const userIdOf = (gid) => {
    const id = /^gid:\/\/gitlab\/User\/(\d+)$/.exec(gid ?? '')?.[1];
    return id === undefined ? undefined : Number(id);
};
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
    /** The newest diff version (GitLab lists them newest first; ids only grow): one per push, never reused. */
    async newestVersion() {
        const { data } = await this.json({ what: `list the diff versions of ${this.label}`, permission: READ_API }, zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(DiffVersion), 'GET', `${this.mr}/versions`);
        return data.reduce((newest, version) => (!newest || version.id > newest.id ? version : newest), undefined);
    }
    /**
     * `/diffs` lists the newest diff version, whichever head and base that is: with `at`, the listing counts
     * only when the newest version is of that head and base before and after it (a head that moved away and
     * back makes another version; so does a retarget, with the same head and another base), so the files
     * judged are the head's against the base judged.
     */
    async listChangedFiles(at) {
        const before = at === undefined ? undefined : await this.newestVersion();
        const diffs = await this.listAll({ what: `list the changes of ${this.label}`, permission: READ_API }, Diff, `${this.mr}/diffs`);
        if (at !== undefined) {
            const after = await this.newestVersion();
            // getChangeRequest's baseSha is diff_refs' start_sha (else base_sha): the newest version's start_commit_sha (else
            // base_commit_sha). A version that names no base (GitLab leaves it null without a merge base) is taken as it is.
            const base = before?.start_commit_sha ?? before?.base_commit_sha;
            if (before?.head_commit_sha !== at.headSha || (base && base !== at.baseSha) || after?.id !== before.id) {
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${this.label} was pushed to or retargeted while its changes were read (its head ${at.headSha.slice(0, 12)} on ${at.baseSha.slice(0, 12)} is not the diff version GitLab listed them from), so nothing was judged; run it again.`);
            }
        }
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
     * on it), but only those whose e-mail it ties to an account: each commit's author is that account
     * here (from GraphQL; REST names only e-mails), and a commit whose e-mail GitLab ties to none, or
     * written by someone other than its committer, cannot be proven independent of any approver.
     */
    async listCommits() {
        const [commits, authors] = await Promise.all([
            this.listAll({ what: `list the commits of ${this.label}`, permission: READ_API }, MrCommit, `${this.mr}/commits`),
            this.connectionNodes({ what: `read the accounts of the commit authors of ${this.label}`, permission: READ_API }, 'commits', 'sha author { id username }', CommitAuthor),
        ]);
        const accountOf = new Map(authors.map((commit) => [commit.sha, userIdOf(commit.author?.id)]));
        return commits.map((commit) => {
            const account = accountOf.get(commit.id);
            const unresolved = [];
            if (commit.author_email.toLowerCase() !== commit.committer_email.toLowerCase())
                unresolved.push(`author ${commit.author_name}, who is not its committer`);
            // GitLab's GraphQL leaves out the commits of a fork's branch the token cannot see (gitlab-org/gitlab#335687).
            else if (!accountOf.has(commit.id))
                unresolved.push(`author ${commit.author_name}, whose account GitLab's GraphQL API did not name: it did not list the commit`);
            else if (account === undefined)
                unresolved.push(`author ${commit.author_name}, whose e-mail GitLab ties to no account`);
            return { sha: commit.id, userIds: account === undefined ? [] : [account], unresolved };
        });
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
            (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .appendAll */ .u2)(ids, data.map((user) => user.id));
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
        return edit.body.startsWith(marker) ? edit.body : undefined;
    }
    /** A note of the merge request as GraphQL gives it with who last edited it (its notes oldest first, 100 a page). */
    async lastEdit(noteId) {
        const call = { what: `read who edited gitops-sync's note on ${this.label}`, permission: READ_API };
        const isThisNote = (note) => note.id.endsWith(`/${noteId}`);
        const found = (await this.connectionNodes(call, 'notes', 'id body lastEditedAt lastEditedBy { id username }', NoteEdit, isThisNote)).find(isThisNote);
        if (!found)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`GitLab's GraphQL API did not list note ${noteId} of ${this.label} when asked to ${call.what}, so who last edited it cannot be checked; nothing is taken from it.`);
        return found;
    }
    /** The nodes of one of the merge request's GraphQL connections, 100 a page, up to the page bound; until a node is `wanted`, when given. */
    async connectionNodes(call, connection, fields, node, wanted) {
        const path = await this.api.projectPath(call);
        const Page = connectionPage(node);
        const query = connectionQuery(connection, fields);
        const nodes = [];
        let after = null;
        for (let read = 1;; read++) {
            const page = await this.api.graphql(call, Page, query, { path, iid: String(this.options.iid), after });
            const items = page.project?.mergeRequest?.items;
            if (!items)
                throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`GitLab's GraphQL API did not find ${this.label} when asked to ${call.what}; the token needs ${READ_API}.`);
            (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .appendAll */ .u2)(nodes, items.nodes);
            if ((wanted && items.nodes.some(wanted)) || !items.pageInfo.hasNextPage || !items.pageInfo.endCursor)
                return nodes;
            if (items.pageInfo.endCursor === after)
                throw (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .incompleteListing */ .Le)('GitLab', call, 'named the same page again');
            if (read >= this.api.limits.maxPages)
                throw (0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .incompleteListing */ .Le)('GitLab', call, `listed ${(0,_api_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .pagesBound */ .ZE)(this.api.limits)}`);
            after = items.pageInfo.endCursor;
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

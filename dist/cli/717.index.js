export const id = 717;
export const ids = [717];
export const modules = {

/***/ 2065:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AX: () => (/* binding */ planSummaryFromReport),
/* harmony export */   Nf: () => (/* binding */ describeFingerprintDifference),
/* harmony export */   SX: () => (/* binding */ fingerprintSettings),
/* harmony export */   fh: () => (/* binding */ describePlanSummary)
/* harmony export */ });
/* unused harmony export planFingerprint */
/* harmony import */ var _model_report_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2788);
/* harmony import */ var _model_sources_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9497);
/* harmony import */ var _plan_fingerprinter_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9711);
/* harmony import */ var _arrays_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8835);
/**
 * The plan fingerprint (plan-fingerprinter.ts) of a whole plan, and what differs between two plans,
 * for sync to say why a plan is not the one reviewed.
 */






/**
 * The fingerprint and summary of a `terraform show -json` plan. The same plan, workspace and var
 * files always give the same fingerprint; secrets (marked sensitive, or copies of them) never
 * change it. Throws UserError for anything that is not a complete plan, as parseTerraformPlan does.
 * To analyse the plan too, parse it once with a PlanFingerprinter instead.
 */
function planFingerprint(planJson, options) {
    const label = options.label ?? 'the plan';
    const input = typeof planJson === 'string' ? new TextEncoder().encode(planJson) : planJson;
    const fingerprinter = new PlanFingerprinter({ ...options, label, digests: true, planBytes: typeof input === 'function' ? undefined : input.length });
    const onSecret = (value) => {
        fingerprinter.onSecret(value);
        options.onSecret?.(value);
    };
    const plan = readPlan(input, label, (source) => parseTerraformPlan(source, { label, onSecret, observer: fingerprinter.observer }));
    return fingerprinter.finish(plan, input);
}
/**
 * A summary of the Terraform changes a drift report lists (e.g. the reviewed one), to compare with
 * a new plan's. It has no digests, so differences only in unchanged resources are not named.
 */
function planSummaryFromReport(report, settings) {
    return {
        workspace: settings.workspace,
        var_files: [...settings.varFiles],
        changes: report.changes
            .filter((change) => change.source === _model_sources_js__WEBPACK_IMPORTED_MODULE_0__/* .TERRAFORM_PLAN_SOURCE */ .de && change.origin === 'planned')
            .map(({ address, action, fields }) => ({ address, action, fields })),
        outputs: report.output_changes,
    };
}
const MAX_VALUE_CHARS = 40;
function show(value) {
    if (value === _model_report_js__WEBPACK_IMPORTED_MODULE_1__/* .SENSITIVE */ .N)
        return _model_report_js__WEBPACK_IMPORTED_MODULE_1__/* .SENSITIVE */ .N;
    const text = JSON.stringify(value ?? null);
    return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}\u2026` : text;
}
const showChange = (field) => `${show(field.before)} \u2192 ${show(field.after)}`;
function fieldDifferences(prefix, reviewed, now) {
    const lines = [];
    const before = new Map(reviewed.map((field) => [field.path, field]));
    const after = new Map(now.map((field) => [field.path, field]));
    for (const [path, field] of after) {
        const old = before.get(path);
        if (!old)
            lines.push(`${prefix} ${path || '/'}: now also changes (${showChange(field)})`);
        else if ((0,_plan_fingerprinter_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalJson */ .dj)([old.before, old.after]) !== (0,_plan_fingerprinter_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalJson */ .dj)([field.before, field.after])) {
            lines.push(`${prefix} ${path || '/'}: ${showChange(old)} when reviewed, ${showChange(field)} now`);
        }
    }
    for (const [path, field] of before)
        if (!after.has(path))
            lines.push(`${prefix} ${path || '/'}: no longer changes (reviewed ${showChange(field)})`);
    return lines;
}
/**
 * What differs between two plans, one short line each, reviewed plan (`a`) first: workspace and
 * var files, resources added to or gone from the plan, changed actions, changed attributes by JSON
 * pointer, changed outputs. Sensitive values read `(sensitive)`: summaries never hold them.
 */
function describeFingerprintDifference(a, b, limit = 20) {
    const lines = [];
    if (a.workspace !== b.workspace)
        lines.push(`workspace: ${JSON.stringify(a.workspace)} when reviewed, ${JSON.stringify(b.workspace)} now`);
    if ((0,_plan_fingerprinter_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalJson */ .dj)(a.var_files) !== (0,_plan_fingerprinter_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalJson */ .dj)(b.var_files)) {
        lines.push(`var files: ${a.var_files.join(', ') || '(none)'} when reviewed, ${b.var_files.join(', ') || '(none)'} now`);
    }
    const reviewed = new Map(a.changes.map((change) => [change.address, change]));
    const now = new Map(b.changes.map((change) => [change.address, change]));
    const named = new Set();
    for (const [address, change] of now) {
        const old = reviewed.get(address);
        if (!old)
            lines.push(`+ ${address}: ${change.action} (not in the reviewed plan)`);
        else if (old.action !== change.action)
            lines.push(`~ ${address}: ${old.action} when reviewed, ${change.action} now`);
        else {
            const fields = fieldDifferences(`~ ${address}`, old.fields, change.fields);
            if (fields.length === 0)
                continue;
            (0,_arrays_js__WEBPACK_IMPORTED_MODULE_3__/* .appendAll */ .u2)(lines, fields);
        }
        named.add(address);
    }
    for (const [address, change] of reviewed) {
        if (!now.has(address)) {
            lines.push(`- ${address}: ${change.action} in the reviewed plan, no longer planned`);
            named.add(address);
        }
    }
    const oldOutputs = new Map(a.outputs.map((output) => [output.name, output]));
    const newOutputs = new Map(b.outputs.map((output) => [output.name, output]));
    for (const [name, output] of newOutputs) {
        const old = oldOutputs.get(name);
        if (!old)
            lines.push(`+ output ${name}: ${output.action} (${showChange(output)}) (not in the reviewed plan)`);
        else if (old.action !== output.action || (0,_plan_fingerprinter_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalJson */ .dj)([old.before, old.after]) !== (0,_plan_fingerprinter_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalJson */ .dj)([output.before, output.after])) {
            lines.push(`~ output ${name}: ${old.action} ${showChange(old)} when reviewed, ${output.action} ${showChange(output)} now`);
        }
    }
    for (const [name, output] of oldOutputs)
        if (!newOutputs.has(name))
            lines.push(`- output ${name}: ${output.action} in the reviewed plan, no longer planned`);
    if (a.digests && b.digests) {
        for (const [address, digest] of Object.entries(b.digests)) {
            const old = a.digests[address];
            if (named.has(address) || old === digest)
                continue;
            lines.push(old === undefined ? `+ ${address}: in the plan now, not in the reviewed one` : `~ ${address}: its planned values differ (e.g. refreshed or unknown attributes) though no changed field shows it`);
        }
        for (const address of Object.keys(a.digests)) {
            if (!named.has(address) && b.digests[address] === undefined)
                lines.push(`- ${address}: in the reviewed plan, not in the plan now`);
        }
    }
    if (lines.length === 0)
        lines.push('the planned changes read the same; the plans differ in details the summary does not show (unchanged resources or provider metadata)');
    return lines.length > limit ? [...lines.slice(0, limit), `\u2026 and ${lines.length - limit} more difference(s)`] : lines;
}
/** What a plan would do, one line per change (for dry runs and for plans that should have been empty). */
function describePlanSummary(summary, limit = 20) {
    const lines = summary.changes.map((change) => {
        const paths = change.fields.map((field) => field.path || '/');
        const shown = paths.slice(0, 4).join(', ');
        return `${change.action} ${change.address}${paths.length && change.action === 'update' ? ` (${shown}${paths.length > 4 ? ', \u2026' : ''})` : ''}`;
    });
    (0,_arrays_js__WEBPACK_IMPORTED_MODULE_3__/* .appendAll */ .u2)(lines, summary.outputs.map((output) => `${output.action} output ${output.name}`));
    return lines.length > limit ? [...lines.slice(0, limit), `\u2026 and ${lines.length - limit} more`] : lines;
}
/** The workspace and var-file names a fingerprint covers, from an environment's terraform settings. */
function fingerprintSettings(settings) {
    return { workspace: settings?.workspace ?? 'default', varFiles: [...(settings?.var_files ?? [])] };
}


/***/ }),

/***/ 8659:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ KeptPiecesFile)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/**
 * A fingerprint's canonical text kept in a file of `folder` (a private scratch folder: the text may
 * hold an unmarked copy of a secret not yet known as one) instead of memory: on a 300,000-change plan
 * that text was most of drift-detect's memory beyond `analyze`'s (issue 15).
 */
class KeptPiecesFile {
    static files = 0;
    path;
    fd;
    lengths = [];
    constructor(folder) {
        this.path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(folder, `fingerprint-${KeptPiecesFile.files++}.part`);
    }
    add(piece) {
        this.fd ??= (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(this.path, 'wx+', 0o600);
        for (let written = 0; written < piece.length;)
            written += (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(this.fd, piece, written, piece.length - written);
        this.lengths.push(piece.length);
    }
    *read() {
        if (this.fd === undefined)
            return;
        let buffer = Buffer.allocUnsafe(0);
        let position = 0;
        for (const length of this.lengths) {
            if (buffer.length < length)
                buffer = Buffer.allocUnsafe(length);
            for (let read = 0; read < length;) {
                const got = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(this.fd, buffer, read, length - read, position + read);
                if (got === 0)
                    throw new Error(`${this.path} ended before the text kept in it`);
                read += got;
            }
            position += length;
            yield buffer.subarray(0, length);
        }
    }
    clear() {
        if (this.fd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(this.fd);
        this.fd = undefined;
        this.lengths = [];
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(this.path, { force: true });
    }
}


/***/ }),

/***/ 4717:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  W: () => (/* binding */ PLAN_FILE_WHAT),
  p: () => (/* binding */ PlanFingerprintPass)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./packages/core/src/plan/fingerprint.ts
var fingerprint = __webpack_require__(2065);
// EXTERNAL MODULE: ./packages/core/src/plan/plan-fingerprinter.ts + 2 modules
var plan_fingerprinter = __webpack_require__(9711);
// EXTERNAL MODULE: ./packages/engine/src/files.ts + 1 modules
var files = __webpack_require__(6477);
// EXTERNAL MODULE: ./packages/engine/src/drift/kept-pieces-file.ts
var kept_pieces_file = __webpack_require__(8659);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/engine/src/drift/plan-fingerprint-setup.ts
var plan_fingerprint_setup = __webpack_require__(504);
;// CONCATENATED MODULE: ./packages/engine/src/drift/plan-fingerprint-thread.ts
/**
 * The plan fingerprint in a worker thread, beside the analysis (issue 15: drift-detect was 1.4\u00d7 the
 * time of analyze, the fingerprint being most of the difference). As the analysis reads the plan it
 * hands the worker the bytes of the members the fingerprint covers (parseTerraformPlan's `tee`), and
 * the worker writes the canonical text of every entry meanwhile; the main thread then hands over what
 * only its analysis knows (every secret) and takes the fingerprint. The worker never opens the plan:
 * the fingerprint is of the very bytes the report was made from, and nothing is read or hashed twice
 * (a second read of the file, checked by sha256, cost both threads a tenth of their time).
 *
 * The worker is a bundle of its own beside an entry point's bundle (see plan-fingerprint-setup.ts); an entry
 * point that ships it calls usePlanFingerprintWorker. Without it (tests, the library) the
 * fingerprint is computed in the same pass as the analysis.
 */







const SENT = 0;
const STOPPED = 1;
const END = 'end';
/**
 * The size of the buffers pieces travel in; a larger piece (up to a read chunk and what the reader
 * kept of the last) goes in several. Small buffers keep few in flight: each one is fresh memory the
 * first time, and first touching memory is what copying into it costs most (5 MB buffers: 20-25 MB
 * in flight, 10 MB more peak memory and 15 ms more for the main thread on the 50 MB bench plan).
 */
const PIECE_BUFFER_BYTES = 1024 * 1024;
/** How long the worker sleeps at most between looks for a piece (or for the main thread having stopped). */
const WAIT_SLICE_MS = 500;
/** The message for a plan whose bytes differ between two reads. */
const planChangedWhileRead = (label) => `${label} changed while gitops-sync read it; produce the plan again and do not write to it while gitops-sync runs.`;
/** `source`, its bytes also going into `hash`. */
function hashedSource(source, hash) {
    return () => {
        const chunk = source();
        if (chunk)
            hash.update(chunk);
        return chunk;
    };
}
/**
 * The plan file's members the fingerprint covers, as the analysis handed them over (its tee), for the
 * worker's rare second pass: read again, and refused when they are not those first handed over
 * (sha256 `expected`). Held in memory: the case is rare.
 */
function checkedTeeReader(task, expected) {
    return (consume) => {
        const pieces = [];
        const hash = createHash('sha256');
        const sink = (piece) => {
            hash.update(piece);
            // A copy: the piece is only valid during the call (and a Buffer's own slice is a view).
            pieces.push(Uint8Array.prototype.slice.call(piece));
        };
        withInputChunks(task.path, task.what, (source) => readTopLevel(source, { values: [], arrays: [], onItem: () => { }, tee: { keys: FINGERPRINT_INPUT_KEYS, sink } }), { reuse: true, maxBytes: task.maxBytes });
        if (hash.digest('hex') !== expected)
            throw new UserError(planChangedWhileRead(task.label));
        let next = 0;
        return consume(() => pieces[next++]);
    };
}
/**
 * Reads the plan file again (for the fingerprint's rare second pass) and refuses it, once read, when
 * its bytes are not those first read (sha256 `expected`).
 */
function checkedPlanReader(task, expected) {
    return (consume) => (0,files/* withInputChunks */.Xn)(task.path, task.what, (source) => {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        const result = consume(hashedSource(source, hash));
        // The readers read to the end of the plan (and refuse data after it), so this covers every byte.
        if (hash.digest('hex') !== expected)
            throw new errors/* UserError */.yo(planChangedWhileRead(task.label));
        return result;
    }, { reuse: true, maxBytes: task.maxBytes });
}
const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;
/** The worker's message as an answer; anything else is a failure. (By hand: zod would weigh the worker's bundle down.) */
function answerOf(message) {
    if (typeof message === 'object' && message !== null) {
        const { fingerprint, failed } = message;
        if (typeof fingerprint === 'string' && FINGERPRINT.test(fingerprint))
            return { fingerprint };
        if (typeof failed === 'string')
            return { failed };
    }
    return { failed: 'the worker answered something other than a fingerprint' };
}
/**
 * The pieces the main thread sends, as a byte source (blocking until the next one comes), each also
 * going into `hash`; undefined after END. Throws when the main thread stopped. A piece is valid
 * until the one after it has been handed out (as withInputChunks's reused buffers): its buffer then
 * goes back to the main thread.
 */
function piecesFromAnalysis(task, hash) {
    const signal = new Int32Array(task.signal);
    const handedOut = [];
    let ended = false;
    return () => {
        while (!ended) {
            const sent = Atomics.load(signal, SENT);
            const received = receiveMessageOnPort(task.pieces);
            if (received) {
                if (received.message === END)
                    break;
                const { buffer, length } = received.message;
                if (handedOut.push(buffer) > 2) {
                    const done = handedOut.shift();
                    task.pieces.postMessage(done, [done]);
                }
                const piece = new Uint8Array(buffer, 0, length);
                hash.update(piece);
                return piece;
            }
            if (Atomics.load(signal, STOPPED))
                throw new Error('the analysis stopped before the end of the plan');
            Atomics.wait(signal, SENT, sent, WAIT_SLICE_MS);
        }
        ended = true;
        return undefined;
    };
}
/** A fingerprint being computed in a worker thread. */
class PlanFingerprintThread {
    answer;
    signal = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
    pieces;
    worker;
    constructor(file, task) {
        const channel = new external_node_worker_threads_.MessageChannel();
        this.pieces = channel.port1;
        const worker = new external_node_worker_threads_.Worker(file, {
            workerData: { kind: 'gitops-sync/plan-fingerprint', ...task, pieces: channel.port2, signal: this.signal.buffer },
            transferList: [channel.port2],
        });
        this.worker = worker;
        this.answer = new Promise((resolve) => {
            worker.once('message', (message) => resolve(answerOf(message)));
            worker.once('error', (error) => resolve({ failed: error.message }));
            worker.once('exit', (code) => resolve({ failed: `the worker exited (${code}) without an answer` }));
        });
    }
    /** Starts the worker when the entry point ships one (or `file` is given); undefined otherwise. */
    static start(task, file = (0,plan_fingerprint_setup/* fingerprintWorkerFile */.tZ)()) {
        if (!file)
            return undefined;
        try {
            return new PlanFingerprintThread(file, task);
        }
        catch {
            return undefined;
        }
    }
    /** What parseTerraformPlan is given as `tee`: the plan's members the fingerprint covers go to the worker as they are read. */
    tee = {
        keys: plan_fingerprinter/* FINGERPRINT_INPUT_KEYS */.ts,
        sink: (piece) => {
            // Copied (the reader reuses its buffers) into buffers the worker gave back: fresh memory costs more than the copy.
            for (let from = 0; from < piece.byteLength; from += PIECE_BUFFER_BYTES) {
                const part = piece.subarray(from, Math.min(piece.byteLength, from + PIECE_BUFFER_BYTES));
                const buffer = this.buffer();
                new Uint8Array(buffer).set(part);
                this.pieces.postMessage({ buffer, length: part.byteLength }, [buffer]);
                this.sent();
            }
        },
    };
    /** A buffer the worker gave back, or a new one. */
    buffer() {
        for (let back = (0,external_node_worker_threads_.receiveMessageOnPort)(this.pieces); back; back = (0,external_node_worker_threads_.receiveMessageOnPort)(this.pieces)) {
            if (back.message instanceof ArrayBuffer && back.message.byteLength === PIECE_BUFFER_BYTES)
                return back.message;
        }
        return new ArrayBuffer(PIECE_BUFFER_BYTES);
    }
    /** Tells the worker the plan was read to its end. */
    endOfPlan() {
        this.pieces.postMessage(END);
        this.sent();
    }
    sent() {
        Atomics.add(this.signal, SENT, 1);
        Atomics.notify(this.signal, SENT);
    }
    /** Hands over the analysis's secrets; resolves with the worker's answer, or a failure when there is none within `waitMs`. */
    async fingerprint(request, waitMs) {
        this.worker.postMessage(request);
        let timer;
        const late = new Promise((resolve) => {
            timer = setTimeout(() => resolve({ failed: `the worker did not answer within ${waitMs} ms` }), waitMs);
        });
        try {
            return await Promise.race([this.answer, late]);
        }
        finally {
            clearTimeout(timer);
        }
    }
    stop() {
        Atomics.store(this.signal, STOPPED, 1);
        Atomics.notify(this.signal, SENT);
        this.pieces.close();
        void this.worker.terminate();
    }
}

;// CONCATENATED MODULE: ./packages/engine/src/drift/plan-fingerprint-pass.ts







/** Peak memory of the fingerprint's worker per byte of plan, rounded up: kept from when its canonical text waited in memory (it now waits in a file). */
const WORKER_MEMORY_PER_INPUT_BYTE = 2;
const PLAN_FILE_WHAT = 'a plan JSON from `terraform show -json <planfile>`';
function sizeOf(path) {
    try {
        return (0,external_node_fs_.statSync)(path, { throwIfNoEntry: false })?.size;
    }
    catch {
        return undefined;
    }
}
/**
 * The plan fingerprint (it covers the workspace and var files of the environment's terraform settings
 * when it has them) taken while one read of the plan is analysed, however the analysis keeps its
 * changes: in a worker thread beside it when the entry point ships one and memory leaves room
 * (plan-fingerprint-thread.ts), else in the same pass. Give parseTerraformPlan `source(\u2026)`,
 * `onSecret`, `observer` and `tee`; call `planRead` as soon as the plan is read (the worker then
 * finishes while the changes are judged), then `fingerprint`; `stop` in every case.
 */
class PlanFingerprintPass {
    thread;
    fingerprinter;
    /** In this thread, the fingerprint may read the plan again: those bytes must be the ones analysed. */
    bytes;
    secrets = new Set();
    started = performance.now();
    planPath;
    maxBytes = (0,files/* maxInputBytes */.qD)();
    answered;
    scratch;
    onSecret;
    constructor(request, outer, mayUseWorker) {
        this.planPath = request.planPath;
        const settings = (0,fingerprint/* fingerprintSettings */.SX)(request.config.environments[request.environment]?.terraform);
        // Only sizes the fingerprint's memory: a path stat cannot follow (ENOTDIR, ELOOP) is refused in one sentence when the plan is read.
        const planBytes = sizeOf(request.planPath);
        // The worker's memory comes on top of the analysis's: only for a plan that leaves room for both.
        const roomForWorker = planBytes !== undefined && planBytes * (files/* PEAK_MEMORY_PER_INPUT_BYTE */.O5.plan + WORKER_MEMORY_PER_INPUT_BYTE) <= (0,files/* usableMemoryBytes */.nb)();
        const label = request.planPath;
        // The canonical text waits in a file, not in memory (it is as large as the plan's changes).
        const scratch = (0,files/* scratchFolder */.$B)('gitops-sync-fingerprint-');
        this.scratch = scratch;
        this.thread = mayUseWorker && roomForWorker ? PlanFingerprintThread.start({ path: request.planPath, what: PLAN_FILE_WHAT, maxBytes: this.maxBytes, label, planBytes, scratch, ...settings }) : undefined;
        if (!this.thread) {
            this.fingerprinter = new plan_fingerprinter/* PlanFingerprinter */.jn({ ...settings, label, planBytes, keptPieces: () => new kept_pieces_file/* KeptPiecesFile */.a(scratch) });
            this.bytes = (0,external_node_crypto_.createHash)('sha256');
        }
        this.onSecret = (value) => {
            this.secrets.add(value);
            this.fingerprinter?.onSecret(value);
            outer?.(value);
        };
    }
    source(source) {
        return this.bytes ? hashedSource(source, this.bytes) : source;
    }
    get observer() {
        return this.fingerprinter?.observer;
    }
    get tee() {
        return this.thread?.tee;
    }
    /** Every secret is known once the plan is read: the worker finishes while the changes are judged. */
    planRead() {
        if (!this.thread)
            return;
        this.thread.endOfPlan();
        this.answered = this.thread.fingerprint({ secrets: [...this.secrets] }, (0,plan_fingerprint_setup/* workerWaitMs */.A4)(performance.now() - this.started));
    }
    /** The fingerprint; undefined when the worker could not answer (it failed to start, broke or took too long): analyse again with no worker. */
    async fingerprint() {
        if (this.fingerprinter) {
            return this.fingerprinter.fingerprint(checkedPlanReader({ path: this.planPath, what: PLAN_FILE_WHAT, label: this.planPath, maxBytes: this.maxBytes }, this.bytes.digest('hex')));
        }
        const answer = await this.answered;
        return answer && 'fingerprint' in answer ? answer.fingerprint : undefined;
    }
    stop() {
        this.thread?.stop();
        (0,files/* removeScratchFolder */.pq)(this.scratch);
    }
}


/***/ })

};

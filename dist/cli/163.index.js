export const id = 163;
export const ids = [163];
export const modules = {

/***/ 8007:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ck: () => (/* binding */ ed25519KeyId),
/* harmony export */   Cz: () => (/* binding */ AuditCheckpoint),
/* harmony export */   S$: () => (/* binding */ checkpointOf),
/* harmony export */   mA: () => (/* binding */ verifyCheckpointSignature),
/* harmony export */   zL: () => (/* binding */ ed25519Key)
/* harmony export */ });
/* unused harmony exports AUDIT_CHECKPOINT_SCHEMA, AuditCheckpointSignature, createCheckpoint, signCheckpoint */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2857);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4377);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7638);
/* harmony import */ var _plan_fingerprint_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9711);
/* harmony import */ var _event_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1481);
/**
 * An audit checkpoint (`gitops-sync/audit-checkpoint@1`): the size of the log and the Merkle root
 * over its event hashes at that size. A hash chain alone cannot show that events were cut off the
 * end; a checkpoint kept elsewhere (and signed) can. The signature is Ed25519 over the RFC 8785
 * canonical JSON of the checkpoint without `signature`.
 */






const AUDIT_CHECKPOINT_SCHEMA = 'gitops-sync/audit-checkpoint@1';
const sha256Hex = zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^[0-9a-f]{64}$/, 'a sha256 in lowercase hex');
const AuditCheckpointSignature = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    algorithm: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz('ed25519'),
    /** sha256 (hex) of the raw 32-byte Ed25519 public key that verifies `value`. */
    key_id: sha256Hex,
    /** The signature, base64. */
    value: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
})
    .strict();
const AuditCheckpoint = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    schema: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz(AUDIT_CHECKPOINT_SCHEMA),
    /** How many events (seq 1 \u2026 size) the checkpoint covers. */
    size: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().min(0),
    /** RFC 6962 Merkle tree hash over the `hash` of events 1 \u2026 size. */
    root_hash: sha256Hex,
    /** The `hash` of event `size` (64 zeros for an empty log). */
    last_hash: sha256Hex,
    /** The `seq` of the last event covered (equals `size`; 0 for an empty log). */
    last_seq: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().min(0),
    time: zod__WEBPACK_IMPORTED_MODULE_2__/* .datetime */ .w$({ offset: true }),
    signature: AuditCheckpointSignature.optional(),
})
    .strict();
/** The bytes a checkpoint's signature covers: its canonical JSON without `signature`. */
function signedBytes(checkpoint) {
    const { signature: _ignored, ...unsigned } = checkpoint;
    return Buffer.from((0,_plan_fingerprint_js__WEBPACK_IMPORTED_MODULE_3__/* .canonicalJson */ .dj)(unsigned), 'utf8');
}
/** sha256 (hex) of the raw Ed25519 public key: names the key that signed a checkpoint. */
function ed25519KeyId(key) {
    const raw = Buffer.from(key.export({ format: 'jwk' }).x, 'base64url');
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(raw).digest('hex');
}
/** The Ed25519 key in this PEM text; one sentence (never the key) when it is not one. */
function ed25519Key(pem, kind) {
    let key;
    try {
        key = kind === 'private' ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)(pem) : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(pem);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the audit checkpoint ${kind} key is not a PEM ${kind} key; give an Ed25519 key (openssl genpkey -algorithm ed25519)`);
    }
    if (key.asymmetricKeyType !== 'ed25519') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the audit checkpoint ${kind} key is an ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519; give an Ed25519 key (openssl genpkey -algorithm ed25519)`);
    }
    return key;
}
/** A checkpoint over all of `events` (which start at seq 1). */
function createCheckpoint(events, options) {
    const tree = new MerkleTree();
    for (const event of events)
        tree.append(event.hash);
    return checkpointOf({ tree, last: events.at(-1) }, options);
}
/** A checkpoint over the log `head` describes: a store extending a long log keeps its tree instead of its events. */
function checkpointOf({ tree, last }, options) {
    const checkpoint = {
        schema: AUDIT_CHECKPOINT_SCHEMA,
        size: tree.size,
        root_hash: tree.root(),
        last_hash: last?.hash ?? _event_js__WEBPACK_IMPORTED_MODULE_5__/* .GENESIS_HASH */ .si,
        last_seq: last?.seq ?? 0,
        time: options.time,
    };
    return options.signingKeyPem === undefined ? checkpoint : signCheckpoint(checkpoint, options.signingKeyPem);
}
/** The checkpoint with an Ed25519 signature by this PEM private key (replacing any it had). */
function signCheckpoint(checkpoint, signingKeyPem) {
    const privateKey = ed25519Key(signingKeyPem, 'private');
    const value = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)(null, signedBytes(checkpoint), privateKey).toString('base64');
    return { ...checkpoint, signature: { algorithm: 'ed25519', key_id: ed25519KeyId((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(privateKey)), value } };
}
/** Whether this PEM Ed25519 public key signed this checkpoint as it is now. */
function verifyCheckpointSignature(checkpoint, publicKeyPem) {
    const publicKey = ed25519Key(publicKeyPem, 'public');
    const keyId = ed25519KeyId(publicKey);
    const { signature } = checkpoint;
    if (!signature)
        return { valid: false, problem: 'unsigned', reason: 'the checkpoint is not signed, but a public key was given to verify it' };
    if (signature.key_id !== keyId) {
        return { valid: false, problem: 'other-key', reason: `the checkpoint is signed by key ${signature.key_id.slice(0, 16)}\u2026, not by the given public key (${keyId.slice(0, 16)}\u2026)` };
    }
    const ok = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(null, signedBytes(checkpoint), publicKey, Buffer.from(signature.value, 'base64'));
    return ok ? { valid: true, key_id: keyId } : { valid: false, problem: 'invalid', reason: 'the checkpoint signature does not verify with the given public key: the checkpoint was altered after it was signed' };
}


/***/ }),

/***/ 1481:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   In: () => (/* binding */ AuditEvent),
/* harmony export */   L6: () => (/* binding */ chainAuditEvent),
/* harmony export */   bW: () => (/* binding */ AUDIT_EVENT_SCHEMA),
/* harmony export */   si: () => (/* binding */ GENESIS_HASH),
/* harmony export */   yK: () => (/* binding */ auditEventHash)
/* harmony export */ });
/* unused harmony exports AuditIdentity, AuditActor, AuditRun, AUDIT_EVENT_TYPES, AuditDetails, AuditEventDraft */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2857);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4377);
/* harmony import */ var _plan_fingerprint_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9711);
/**
 * The audit event (`gitops-sync/audit-event@1`): one line of the tamper-evident log that every use
 * case which decides or changes something appends to. Events are hash-chained: `hash` is the sha256
 * (hex) of the RFC 8785 canonical JSON of the event without `hash`, and `prev_hash` is the previous
 * event's `hash` (64 zeros for the first event of a log).
 */



const AUDIT_EVENT_SCHEMA = 'gitops-sync/audit-event@1';
/** The `prev_hash` of a log's first event. */
const GENESIS_HASH = '0'.repeat(64);
const sha256Hex = zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^[0-9a-f]{64}$/, 'a sha256 in lowercase hex');
const commitSha = zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^[0-9a-f]{7,64}$/, 'a commit SHA').nullable();
/** Who an event is about: the identity that started the run, as the platform names it (never an input of the run). */
const AuditIdentity = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    /** The platform's numeric user id, as a string (GitHub `GITHUB_ACTOR_ID`, GitLab `GITLAB_USER_ID`); null when unknown. */
    id: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
    login: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
})
    .strict();
const AuditActor = AuditIdentity.extend({
    /** The token's own identity when it differs from whoever triggered the run (a bot, an app). */
    token: AuditIdentity.nullable(),
}).strict();
const AuditRun = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    platform: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['github', 'gitlab', 'local']),
    /** GitHub run id / GitLab pipeline id. */
    id: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
    attempt: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().min(1).nullable(),
    /** The job's URL, for an auditor to follow. */
    url: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
})
    .strict();
const AUDIT_EVENT_TYPES = (/* unused pure expression or super */ null && (['drift', 'approve-safe', 'gate', 'sync', 'rollback', 'alert']));
/** A person the gate counted or rejected, and why. */
const GateVoter = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ id: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(), login: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), reason: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), approved_at: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable().optional(), sha: commitSha.optional() }).strict();
const SeverityCounts = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ critical: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int(), high: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int(), medium: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int(), low: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int() }).strict();
const Backup = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ path: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), sha256: sha256Hex }).strict();
/** What each type of event records beside the common fields. */
const AuditDetails = zod__WEBPACK_IMPORTED_MODULE_1__/* .discriminatedUnion */ .gMt('type', [
    zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
        type: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz('drift'),
        outcome: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['clean', 'drift', 'failed']),
        report_fingerprint: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        plan_fingerprint: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        counts: SeverityCounts,
        /** The drift's first-seen time when known (from the drift state), for time-to-resolve. */
        first_seen: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable().optional(),
    })
        .strict(),
    zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ type: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz('approve-safe'), outcome: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['approved', 'not-approved']), findings: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()) }).strict(),
    zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
        type: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz('gate'),
        outcome: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['allowed', 'denied']),
        reason: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
        counted: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(GateVoter),
        rejected: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(GateVoter),
        plan_fingerprint: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        /** When the change request was opened (or the drift first seen): the start of `gitops_approval_time_seconds`. */
        requested_at: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable().optional(),
        /** When the approval that satisfied the gate was given: the end of `gitops_approval_time_seconds`. */
        approved_at: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable().optional(),
    })
        .strict(),
    zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
        type: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz('sync'),
        outcome: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['started', 'succeeded', 'failed', 'dry-run']),
        gate: zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ outcome: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['allowed', 'denied', 'not-required']), reason: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }).strict().nullable(),
        plan_fingerprint: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        backups: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(Backup),
        failure_reason: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
    })
        .strict(),
    zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
        type: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz('rollback'),
        outcome: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['started', 'succeeded', 'failed', 'dry-run']),
        mode: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
        from: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        to: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        backups: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(Backup),
        verification: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        failure_reason: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        /** Run outside the normal rules (break-glass): reported as an emergency change. */
        emergency: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY().optional(),
    })
        .strict(),
    zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
        type: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz('alert'),
        outcome: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['trigger', 'escalate', 'resolve']),
        severity: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        channels: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ channel: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), ok: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY(), error: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable() }).strict()),
    })
        .strict(),
]);
/** What a use case hands to the audit trail: the store adds `seq`, `prev_hash` and `hash`. */
const AuditEventDraft = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    schema: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz(AUDIT_EVENT_SCHEMA),
    time: zod__WEBPACK_IMPORTED_MODULE_2__/* .datetime */ .w$({ offset: true }),
    environment: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
    actor: AuditActor,
    run: AuditRun,
    /** `owner/name` (GitHub) or the project path (GitLab); null outside a repository. */
    repository: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
    commits: zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ base: commitSha, head: commitSha, deployed: commitSha }).strict(),
    change_request: zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({ number: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().min(1), url: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable() }).strict().nullable(),
    details: AuditDetails,
})
    .strict();
const AuditEvent = AuditEventDraft.extend({
    /** Position in the log, from 1, without gaps. */
    seq: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().min(1),
    prev_hash: sha256Hex,
    hash: sha256Hex,
}).strict();
/** sha256 (hex) over the RFC 8785 canonical JSON of the event without its `hash`. */
function auditEventHash(event) {
    const { hash: _ignored, ...unhashed } = event;
    // canonicalJson gives the RFC 8785 form for what an event holds (strings, integers, booleans, null)
    // and is faster than the general `canonicalize`: verification hashes 100,000 events in a breath.
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.hash)('sha256', (0,_plan_fingerprint_js__WEBPACK_IMPORTED_MODULE_3__/* .canonicalJson */ .dj)(unhashed), 'hex');
}
/** Places a draft in the log after `previous` (undefined for the first event). */
function chainAuditEvent(draft, previous) {
    const unhashed = { ...draft, seq: (previous?.seq ?? 0) + 1, prev_hash: previous?.hash ?? GENESIS_HASH };
    return { ...unhashed, hash: auditEventHash(unhashed) };
}


/***/ }),

/***/ 3139:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   nk: () => (/* binding */ merkleRoot),
/* harmony export */   vU: () => (/* binding */ MerkleTree)
/* harmony export */ });
/* unused harmony exports merkleLeafHash, merkleNodeHash */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _arrays_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8835);
/**
 * The Merkle tree hash of RFC 6962 \u00a72.1 (RFC 9162 \u00a72.1.1) over the audit log's event hashes:
 * leaf = SHA-256(0x00 || the 32 raw bytes of the event's `hash`), node = SHA-256(0x01 || left || right),
 * split at the largest power of two smaller than n; the empty tree hashes to SHA-256 of nothing.
 * https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1
 */


const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);
// The one-shot crypto.hash: a Hash object per node costs more than the hashing of 65 bytes.
function merkleLeafHash(eventHash) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.hash)('sha256', Buffer.concat([LEAF_PREFIX, Buffer.from(eventHash, 'hex')]), 'buffer');
}
function merkleNodeHash(left, right) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.hash)('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
}
/**
 * The tree hash, built one leaf at a time in O(log n) memory: the stack holds the roots of the
 * perfect subtrees that make up the leaves so far (largest first), which is exactly the RFC's split
 * at the largest power of two, applied again to the rest.
 */
class MerkleTree {
    stack = [];
    count = 0;
    get size() {
        return this.count;
    }
    append(eventHash) {
        let entry = { hash: merkleLeafHash(eventHash), size: 1 };
        while (this.stack.length && this.stack[this.stack.length - 1].size === entry.size) {
            const left = this.stack.pop();
            entry = { hash: merkleNodeHash(left.hash, entry.hash), size: left.size * 2 };
        }
        this.stack.push(entry);
        this.count += 1;
    }
    /** A tree with the same leaves, to append to without changing this one. */
    clone() {
        const copy = new MerkleTree();
        (0,_arrays_js__WEBPACK_IMPORTED_MODULE_1__/* .appendAll */ .u2)(copy.stack, this.stack);
        copy.count = this.count;
        return copy;
    }
    /** The root hash (lowercase hex) of the leaves appended so far. */
    root() {
        if (!this.stack.length)
            return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.hash)('sha256', '', 'hex');
        let root = this.stack[this.stack.length - 1].hash;
        for (let index = this.stack.length - 2; index >= 0; index -= 1)
            root = merkleNodeHash(this.stack[index].hash, root);
        return root.toString('hex');
    }
}
/** The Merkle root (lowercase hex) over these event hashes, in order. */
function merkleRoot(eventHashes) {
    const tree = new MerkleTree();
    for (const hash of eventHashes)
        tree.append(hash);
    return tree.root();
}


/***/ }),

/***/ 2820:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $0: () => (/* binding */ CorruptAuditLine),
/* harmony export */   bd: () => (/* binding */ parseAuditLine),
/* harmony export */   cL: () => (/* binding */ AuditLogVerifier)
/* harmony export */ });
/* unused harmony exports parseAuditLog, verifyAuditLog */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/* harmony import */ var _checkpoint_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8007);
/* harmony import */ var _event_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1481);
/* harmony import */ var _merkle_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3139);
/**
 * Verifying an audit log: every event's hash against its content, the hash chain, the seq order and,
 * given a checkpoint, the log's size and Merkle root at that size (and the checkpoint's signature).
 * One pass, O(log n) memory beside the events themselves.
 */




/**
 * A line of the log that is not an event as gitops-sync writes one (edited, or torn): appending and
 * exporting refuse it as an error; verifying reports it as the log's verdict (not intact).
 */
class CorruptAuditLine extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo {
}
const short = (hash) => `${hash.slice(0, 12)}\u2026`;
/**
 * One line of a JSONL log as an event, checked against the event schema. A line that is not an audit
 * event is an error (a torn write or a hand edit), not a verdict on the chain.
 */
function parseAuditLine(line, lineNumber, source) {
    let value;
    try {
        value = JSON.parse(line);
    }
    catch {
        throw new CorruptAuditLine(`line ${lineNumber} of ${source} is not JSON; the log is corrupt there: restore it from a copy (the git store's branch, a job artifact) before verifying or appending`);
    }
    const parsed = _event_js__WEBPACK_IMPORTED_MODULE_1__/* .AuditEvent */ .In.safeParse(value);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new CorruptAuditLine(`line ${lineNumber} of ${source} is not a gitops-sync/audit-event@1 (${issue.path.join('.') || 'event'}: ${issue.message}); the log is corrupt there: restore it from a copy before verifying or appending`);
    }
    // The hash covers what JSON reads, and JSON takes a key's last value: a decoy copy of a key put before
    // it would change what a person (or a reader taking the first) sees, unseen by the hash. gitops-sync
    // writes each line as JSON.stringify does, so any other spelling was edited in.
    if (JSON.stringify(value) !== line.trimEnd()) {
        throw new CorruptAuditLine(`line ${lineNumber} of ${source} is not written as gitops-sync writes an event (a key twice, or spacing or escapes changed): it was edited; restore the log from a copy (the git store's branch, a job artifact) before verifying or appending`);
    }
    return parsed.data;
}
/** The events of a JSONL log (blank lines skipped). */
function parseAuditLog(text, source) {
    const events = [];
    const lines = text.split('\n');
    for (let index = 0; index < lines.length; index += 1)
        if (lines[index].trim())
            events.push(parseAuditLine(lines[index], index + 1, source));
    return events;
}
/**
 * Checks the log against a checkpoint: its size, its root and last event at that size, and (given a
 * key) its signature. `atSize` is the log's event number `checkpoint.size`, if it has that many.
 */
function checkpointBreak(size, atSize, rootAtSize, checkpoint, publicKeyPem, keyIsTrusted = false) {
    if (publicKeyPem !== undefined) {
        const signature = (0,_checkpoint_js__WEBPACK_IMPORTED_MODULE_2__/* .verifyCheckpointSignature */ .mA)(checkpoint, publicKeyPem);
        if (!signature.valid && signature.problem === 'other-key' && !keyIsTrusted)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${signature.reason}; give the public key that signs this log's checkpoints`);
        if (!signature.valid)
            return { tamper: { kind: signature.problem === 'unsigned' ? 'checkpoint-unsigned' : 'checkpoint-signature', seq: null, reason: signature.reason }, keyId: null };
    }
    const keyId = publicKeyPem !== undefined ? checkpoint.signature.key_id : null;
    if (size < checkpoint.size) {
        const missing = size + 1 === checkpoint.size ? `seq ${checkpoint.size} was` : `seq ${size + 1} to ${checkpoint.size} were`;
        return { tamper: { kind: 'truncated', seq: size + 1, reason: `${missing} cut off the end: the checkpoint of ${checkpoint.time} records ${checkpoint.size} events, the log has ${size}` }, keyId };
    }
    const lastHash = atSize?.hash ?? _event_js__WEBPACK_IMPORTED_MODULE_1__/* .GENESIS_HASH */ .si;
    const lastSeq = atSize?.seq ?? 0;
    const differs = rootAtSize !== checkpoint.root_hash
        ? `have Merkle root ${short(rootAtSize)}, the checkpoint of ${checkpoint.time} says ${short(checkpoint.root_hash)}`
        : lastHash !== checkpoint.last_hash
            ? `end in the event hash ${short(lastHash)}, the checkpoint of ${checkpoint.time} says ${short(checkpoint.last_hash)}`
            : lastSeq !== checkpoint.last_seq
                ? `end at seq ${lastSeq}, the checkpoint of ${checkpoint.time} says ${checkpoint.last_seq}`
                : undefined;
    if (differs) {
        return {
            tamper: { kind: 'checkpoint-mismatch', seq: null, reason: `the log's first ${checkpoint.size} events ${differs}: the log was rewritten, or the checkpoint belongs to another log` },
            keyId,
        };
    }
    return { keyId };
}
/**
 * Verifies a log one event at a time, in order, keeping only the previous event and the Merkle
 * tree's frontier, so a log of any length streams through it. After the first break it only looks
 * on for the seq that was missing (it comes later: reordered; never: deleted); `settled` says when
 * reading further cannot change the answer.
 */
class AuditLogVerifier {
    options;
    previous;
    tree = new _merkle_js__WEBPACK_IMPORTED_MODULE_3__/* .MerkleTree */ .vU();
    /** The root and last event at each checkpoint's size, as the log has them. */
    atSizes = new Map();
    found;
    gap;
    constructor(options = {}) {
        this.options = options;
        if (options.publicKeyPem !== undefined && !options.checkpoint && !options.keyIsTrusted)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('a public key was given but no checkpoint to verify it against; give the checkpoint (--checkpoint) or leave out the key');
        this.atSizes.set(0, { root: this.tree.root(), event: undefined });
        this.checkpointSizes = new Set([...(options.earlier ?? []), ...(options.checkpoint ? [options.checkpoint] : [])].map((checkpoint) => checkpoint.size));
    }
    /** The sizes of the log the checkpoints were made at (a store writes one a run: as many as the events, or more). */
    checkpointSizes;
    get settled() {
        return this.found !== undefined;
    }
    push(event) {
        if (this.found)
            return;
        if (this.gap) {
            const { expected, after } = this.gap;
            if (event.seq === expected)
                this.found = { kind: 'reordered', seq: expected, reason: `seq ${expected} is out of place (${after}, and seq ${expected} comes later): the events were reordered` };
            return;
        }
        const previous = this.previous;
        const expected = (previous?.seq ?? 0) + 1;
        if ((0,_event_js__WEBPACK_IMPORTED_MODULE_1__/* .auditEventHash */ .yK)(event) !== event.hash) {
            this.found = { kind: 'modified', seq: event.seq, reason: `seq ${event.seq} was modified: its hash does not match its content` };
            return;
        }
        const after = previous ? `seq ${previous.seq} is followed by seq ${event.seq}` : `the log starts at seq ${event.seq}`;
        // Every seq before `expected` has been seen in order, so a smaller one is a copy.
        if (event.seq < expected) {
            this.found = { kind: 'inserted', seq: event.seq, reason: `seq ${event.seq} appears a second time (${after}): an event was inserted` };
            return;
        }
        if (event.seq > expected) {
            this.gap = { expected, after };
            return;
        }
        if (event.prev_hash !== (previous?.hash ?? _event_js__WEBPACK_IMPORTED_MODULE_1__/* .GENESIS_HASH */ .si)) {
            this.found = {
                kind: 'chain-broken',
                seq: event.seq,
                reason: `seq ${event.seq}'s prev_hash is not the hash of ${previous ? `seq ${previous.seq}` : 'the log start'}: an event before it was rewritten, or events were deleted or inserted and the log renumbered`,
            };
            return;
        }
        this.append(event);
    }
    /**
     * The next event of a prefix that a trusted checkpoint covers, by its stored hash alone (its seq taken
     * to be its place): its content, seq and chain link are not checked again, only that these hashes
     * still give that checkpoint's root, last hash and seq \u2014 pass the checkpoint in the options. Only
     * before the first `push`.
     */
    pushHash(hash) {
        this.append({ seq: this.tree.size + 1, hash });
    }
    append(event) {
        this.tree.append(event.hash);
        if (this.checkpointSizes.has(this.tree.size))
            this.atSizes.set(this.tree.size, { root: this.tree.root(), event: { seq: event.seq, hash: event.hash } });
        this.previous = event;
    }
    /** The log as read so far, for a checkpoint over it (a copy: pushing on does not change it). */
    head() {
        return { tree: this.tree.clone(), last: this.previous && { seq: this.previous.seq, hash: this.previous.hash } };
    }
    /** The verdict on the events pushed so far, taken as the whole log. */
    result() {
        if (this.gap && !this.found)
            this.found = { kind: 'deleted', seq: this.gap.expected, reason: `seq ${this.gap.expected} was deleted (${this.gap.after})` };
        if (this.found)
            return { intact: false, ...this.found };
        const { checkpoint, publicKeyPem } = this.options;
        let checked = null;
        const breakOf = (at, key, keyIsTrusted) => {
            const state = this.atSizes.get(at.size);
            return checkpointBreak(this.tree.size, state?.event, state?.root ?? '', at, key, keyIsTrusted);
        };
        // An earlier checkpoint the log no longer matches: rewritten since, even if the last checkpoint was made after the rewrite.
        for (const earlier of this.options.earlier ?? []) {
            const { tamper } = breakOf(earlier, undefined);
            if (tamper)
                return { intact: false, ...tamper };
        }
        if (!checkpoint && publicKeyPem !== undefined) {
            return { intact: false, kind: 'checkpoint-unsigned', seq: null, reason: 'it has no checkpoint, but audit.public_key says its checkpoints are signed: they were removed' };
        }
        if (checkpoint) {
            const { tamper, keyId } = breakOf(checkpoint, publicKeyPem, this.options.keyIsTrusted);
            if (tamper)
                return { intact: false, ...tamper };
            checked = { size: checkpoint.size, root_hash: checkpoint.root_hash, verified_key_id: keyId };
        }
        return { intact: true, size: this.tree.size, root_hash: this.tree.root(), checkpoint: checked };
    }
}
/** Whether the log is intact; if not, the first bad seq and why. */
function verifyAuditLog(events, options = {}) {
    const verifier = new AuditLogVerifier(options);
    for (const event of events) {
        verifier.push(event);
        if (verifier.settled)
            break;
    }
    return verifier.result();
}


/***/ }),

/***/ 765:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ configuredAuditLogSource),
/* harmony export */   o: () => (/* binding */ readConfiguredAuditLog)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3139);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2820);
/* harmony import */ var _trail_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2487);
/* harmony import */ var _verify_log_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6820);





/** Where the config's store keeps its log: the `git` store's branch (the default in CI), the `artifact` folder's log, or the `file` log. */
function configuredAuditLogSource(config, configPath, cwd, env) {
    const store = (0,_trail_js__WEBPACK_IMPORTED_MODULE_2__/* .auditStore */ .bh)(config.audit, env);
    if (store === 'git')
        return { gitRef: config.audit.branch, cwd, env };
    return { log: store === 'artifact' ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(configPath), config.audit.artifact_dir), 'events.jsonl') : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(configPath), config.audit.file) };
}
/**
 * The audit log the config's store keeps (the `git` store's branch, the `artifact` folder or the
 * `file` log), verified as `audit verify` does: its events, and the size, Merkle root and verdict
 * the report names as the log it was built from. No log yet: no events, and no log to name.
 *
 * Of a log that does not verify, only the events its last signed checkpoint vouches for are given
 * (those before a tail appended without the key), and none when anything else broke: a forged event
 * is never evidence, even beside the verdict that the log is not intact.
 */
async function readConfiguredAuditLog(config, configPath, cwd, context) {
    const events = [];
    const source = configuredAuditLogSource(config, configPath, cwd, context.env);
    if ('log' in source && !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(source.log))
        return { events, log: null, source: source.log };
    const publicKey = config.audit.public_key === undefined ? undefined : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(configPath), config.audit.public_key);
    const { log, verification } = await (0,_verify_log_js__WEBPACK_IMPORTED_MODULE_3__/* .verifyAuditLogSource */ .YG)({ source, publicKey, keyIsTrusted: true, onEvent: (event) => events.push(event) }, context.exec);
    const read = {
        size: events.length,
        root_hash: (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .merkleRoot */ .nk)(events.map((event) => event.hash)),
        intact: verification.intact,
        key_id: verification.intact ? (verification.checkpoint?.verified_key_id ?? null) : null,
    };
    if (verification.intact)
        return { events, log: read, source: log };
    // A line that is not an event (edited, torn) is refused here, as before appending: the export holds nothing of such a log.
    if (verification.kind === 'unreadable')
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .CorruptAuditLine */ .$0(verification.reason);
    const unsignedTail = verification.kind === 'checkpoint-unsigned' ? verification.seq : null;
    return { events: unsignedTail === null ? [] : events.filter((event) => event.seq < unsignedTail), log: read, source: log };
}


/***/ }),

/***/ 163:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   RunAudit: () => (/* binding */ RunAudit),
/* harmony export */   approvalWaits: () => (/* binding */ approvalWaits),
/* harmony export */   auditDraft: () => (/* binding */ auditDraft),
/* harmony export */   backupEntries: () => (/* binding */ backupEntries),
/* harmony export */   driftDetails: () => (/* binding */ driftDetails),
/* harmony export */   driftFailed: () => (/* binding */ driftFailed),
/* harmony export */   driftSubject: () => (/* binding */ driftSubject),
/* harmony export */   gateDetails: () => (/* binding */ gateDetails),
/* harmony export */   noAudit: () => (/* binding */ noAudit),
/* harmony export */   readAuditLogEvents: () => (/* binding */ readAuditLogEvents),
/* harmony export */   recordAudit: () => (/* binding */ recordAudit)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1481);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(5688);
/* harmony import */ var _config_file_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(1855);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(6477);
/* harmony import */ var _report_file_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(91);
/* harmony import */ var _ports_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4552);
/* harmony import */ var _trail_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2487);
/* harmony import */ var _read_log_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(765);










const LOCAL = { actor: { id: null, login: null, token: null }, run: { platform: 'local', id: null, attempt: null, url: null }, repository: null };
/** For callers that keep no trail (unit tests of a use case). */
const noAudit = { trail: _ports_js__WEBPACK_IMPORTED_MODULE_3__/* .noAuditTrail */ .HS, clock: _ports_js__WEBPACK_IMPORTED_MODULE_3__/* .systemClock */ .ml, identity: LOCAL, redact: (text) => text };
const COMMIT = /^[0-9a-f]{7,64}$/;
const commit = (sha) => (sha && COMMIT.test(sha) ? sha : null);
function redactStrings(value, redact) {
    if (typeof value === 'string')
        return redact(value);
    if (Array.isArray(value))
        return value.map((item) => redactStrings(item, redact));
    if (value && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)]));
    return value;
}
/** The event a use case records; the store chains it. */
function auditDraft(audit, subject, details) {
    const draft = {
        schema: _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .AUDIT_EVENT_SCHEMA */ .bW,
        time: audit.clock.now().toISOString(),
        environment: subject.environment ?? null,
        actor: audit.identity.actor,
        run: audit.identity.run,
        repository: audit.identity.repository,
        commits: { base: commit(subject.commits?.base), head: commit(subject.commits?.head), deployed: commit(subject.commits?.deployed) },
        change_request: subject.changeRequest ? { number: subject.changeRequest.number, url: subject.changeRequest.url ?? null } : null,
        details: redactStrings(details, audit.redact),
    };
    return draft;
}
/** Records one event; never throws for the use case's sake (the trail says so when it is closed). */
async function recordAudit(audit, subject, details) {
    if (!audit)
        return;
    await audit.trail.record(auditDraft(audit, subject, details));
}
const sha256 = (data) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex');
/** The `drift` event of a report (first_seen: the oldest drift the drift state remembers, when known). */
function driftDetails(report, firstSeen) {
    const times = Object.values(firstSeen ?? {}).sort();
    return {
        type: 'drift',
        outcome: report.drift_detected ? 'drift' : 'clean',
        report_fingerprint: (0,_report_file_js__WEBPACK_IMPORTED_MODULE_5__/* .reportFingerprint */ .DN)(report),
        plan_fingerprint: report.plan_fingerprint ?? null,
        counts: { ...report.changes_by_severity },
        ...(firstSeen ? { first_seen: times[0] ?? null } : {}),
    };
}
const driftSubject = (report) => ({ environment: report.environment, commits: { head: report.head_sha ?? null } });
/** A check that failed before it had a report. */
function driftFailed() {
    return { type: 'drift', outcome: 'failed', report_fingerprint: null, plan_fingerprint: null, counts: { critical: 0, high: 0, medium: 0, low: 0 } };
}
/** Backups as the events list them: each file's path and sha256 (a backup that cannot be read is listed with the hash of nothing). */
function backupEntries(paths, baseDir) {
    return paths.map((path) => {
        let content;
        try {
            content = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(baseDir, path));
        }
        catch {
            content = Buffer.alloc(0);
        }
        return { path, sha256: sha256(content) };
    });
}
/** The `gate` event: who counted, who was rejected and why, and the approval wait. */
function gateDetails(decision, timing, planFingerprint) {
    const voter = (approval) => ({
        id: String(approval.id),
        login: approval.user,
        reason: approval.reason,
        approved_at: timing.approvals.get(approval.id) ?? null,
    });
    // The approval that satisfied the gate: the required_approvals-th counted one, in time order.
    const times = decision.approvals_counted.map((approval) => timing.approvals.get(approval.id)).filter((time) => Boolean(time)).sort();
    const satisfying = decision.allowed ? (times[Math.max(0, decision.required_approvals - 1)] ?? times.at(-1) ?? null) : null;
    return {
        type: 'gate',
        outcome: decision.allowed ? 'allowed' : 'denied',
        reason: decision.allowed ? `${decision.approvals_counted.length} of ${decision.required_approvals} required approvals counted` : decision.missing.join('; '),
        counted: decision.approvals_counted.map(voter),
        rejected: decision.approvals_rejected.map(voter),
        plan_fingerprint: planFingerprint,
        requested_at: timing.requestedAt ?? null,
        approved_at: satisfying,
    };
}
/**
 * The approval waits (approved_at \u2212 requested_at, in seconds) of the gate events that allowed a
 * change to `environment` after `since` (exclusive) up to `until`: `gitops_approval_time_seconds`.
 */
function approvalWaits(events, environment, since, until) {
    return events.flatMap((event) => {
        const { details } = event;
        if (details.type !== 'gate' || details.outcome !== 'allowed' || event.environment !== environment)
            return [];
        const at = Date.parse(event.time);
        if ((since && at <= since.getTime()) || at > until.getTime())
            return [];
        if (!details.requested_at || !details.approved_at)
            return [];
        const seconds = (Date.parse(details.approved_at) - Date.parse(details.requested_at)) / 1000;
        return Number.isFinite(seconds) ? [Math.max(0, seconds)] : [];
    });
}
/**
 * The events of the configured store's log (the `git` store's branch in CI), up to the first that
 * does not verify; none when it cannot be read: a damaged log is `audit verify`'s business, not the metric's.
 */
async function readAuditLogEvents(config, configPath, cwd, context) {
    try {
        return (await (0,_read_log_js__WEBPACK_IMPORTED_MODULE_6__/* .readConfiguredAuditLog */ .o)(config, configPath, cwd, context)).events;
    }
    catch {
        return [];
    }
}
/** A trail whose failures are kept for `close` rather than thrown at a use case. */
function guarded(trail) {
    let failure;
    return {
        async record(draft) {
            if (failure !== undefined)
                return;
            try {
                await trail.record(draft);
            }
            catch (error) {
                failure = error;
            }
        },
        close: () => trail.close(),
        failure: () => failure,
    };
}
/**
 * The audit trail of one run, for an entry point: opened once the config is known, closed when the
 * run ends (also when it fails). A store that fails is one warning, never a different exit code.
 */
class RunAudit {
    options;
    opened;
    constructor(options) {
        this.options = options;
    }
    /** The run's audit context; the first call opens the trail the config chooses. */
    open(config, configPath, env) {
        return this.start(() => (0,_trail_js__WEBPACK_IMPORTED_MODULE_7__/* .openAuditTrail */ .CU)({ config, configPath, env, root: this.options.cwd }));
    }
    start(openTrail) {
        if (!this.opened) {
            let trail;
            try {
                trail = openTrail();
            }
            catch (error) {
                this.options.warn(`the audit trail could not be opened (${this.options.redact((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__/* .describeFailure */ .Ic)(error))}); this run records no events.`);
                trail = _ports_js__WEBPACK_IMPORTED_MODULE_3__/* .noAuditTrail */ .HS;
            }
            const safe = guarded(trail);
            this.opened = { trail: safe, context: { trail: safe, clock: this.options.clock ?? _ports_js__WEBPACK_IMPORTED_MODULE_3__/* .systemClock */ .ml, identity: this.options.identity, redact: this.options.redact } };
        }
        return this.opened.context;
    }
    /**
     * For approve-safe and gate, which read the policy from the repository, not the change: opens, once
     * that is read, the trail the trusted config names (`configPath`, the working copy's, places its file store).
     */
    openByPolicy(configPath, env) {
        return (policy) => this.open(policy, configPath, env);
    }
    /** For a command that failed before its config was read: the trail the config at `configPath` names, or the default one when it does not parse. */
    openBeside(configPath, env) {
        let config;
        try {
            config = (0,_config_file_js__WEBPACK_IMPORTED_MODULE_9__/* .loadConfig */ .Z)(configPath, false);
        }
        catch {
            // A config that does not load names no store: the default one beside it, but only inside the run's folder
            // (an action's `config: ../../../etc/passwd` must not make a folder in /etc).
            const { cwd } = this.options;
            if (cwd !== undefined) {
                if (!(0,_files_js__WEBPACK_IMPORTED_MODULE_10__/* .isInside */ .FK)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(configPath)), (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(cwd))) {
                    this.options.warn(`the config ${configPath} could not be read and is outside ${cwd}, so this run records no events.`);
                    return this.start(() => _ports_js__WEBPACK_IMPORTED_MODULE_3__/* .noAuditTrail */ .HS);
                }
            }
            config = _gitops_sync_core__WEBPACK_IMPORTED_MODULE_11__/* .GitopsSyncConfig */ .Sq.parse({});
        }
        return this.open(config, configPath, env);
    }
    /** Ends the run's recording; returns the events stored (none when nothing was opened or the store failed). */
    async close() {
        const opened = this.opened;
        this.opened = undefined;
        if (!opened)
            return [];
        let problem = opened.trail.failure();
        let events = [];
        try {
            events = await opened.trail.close();
        }
        catch (error) {
            problem ??= error;
        }
        // The store's own sentence may begin as this warning does: said once.
        const why = () => (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__/* .describeFailure */ .Ic)(problem).replace(/^The audit trail could not be written: /, '').replace(/[.\s]+$/, '');
        if (problem !== undefined)
            this.options.warn(`the audit trail could not be written (${this.options.redact(why())}); this run's events may be missing from it.`);
        return events;
    }
}


/***/ }),

/***/ 2487:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  bh: () => (/* binding */ auditStore),
  CU: () => (/* binding */ openAuditTrail)
});

// UNUSED EXPORTS: auditSigningKey, fileAuditTrail

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/audit/event.ts
var audit_event = __webpack_require__(1481);
// EXTERNAL MODULE: ./packages/core/src/audit/checkpoint.ts
var audit_checkpoint = __webpack_require__(8007);
// EXTERNAL MODULE: ./packages/engine/src/node-exec.ts
var node_exec = __webpack_require__(9146);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./packages/core/src/audit/merkle.ts
var merkle = __webpack_require__(3139);
// EXTERNAL MODULE: ./packages/engine/src/ports.ts
var ports = __webpack_require__(4552);
// EXTERNAL MODULE: ./packages/engine/src/audit/verify-log.ts
var verify_log = __webpack_require__(6820);
// EXTERNAL MODULE: ./packages/engine/src/signatures/sign-commit.ts
var sign_commit = __webpack_require__(5987);
;// CONCATENATED MODULE: ./packages/engine/src/audit/git-store.ts
/**
 * The `git` audit store: the log lives on a dedicated branch of the run's own repository, one commit
 * per run appending that run's events to `events.jsonl` (and a checkpoint line to `checkpoints.jsonl`).
 * The commit is built with plumbing (hash-object, mktree, commit-tree) and pushed as
 * `<commit>:refs/heads/<branch>`, so the user's checkout, index and current branch are never touched.
 * Concurrent runs: a push that is not a fast-forward is retried on top of the new tip, never forced.
 */





const REMOTE = 'origin';
const DEFAULT_ATTEMPTS = 5;
const DEFAULT_IDENTITY = { name: 'gitops-sync', email: 'gitops-sync@users.noreply.invalid' };
const WRITE_ACCESS = 'give the job write access to the repository (GitHub: `permissions: contents: write`; GitLab: a token with the write_repository scope, or a CI/CD job token allowed to push to this project) and allow it to push to';
const jitteredDelay = (retry) => Math.min(2000, 150 * 2 ** (retry - 1)) * (0.5 + Math.random());
/** Why the events could not be put on the branch, and what the user does about it; one clause each. */
class NotRecorded extends Error {
    why;
    fix;
    constructor(why, fix) {
        super(why);
        this.why = why;
        this.fix = fix;
    }
}
/** First meaningful line of git's stderr, without "fatal:" and credentials a URL may carry. */
function firstLine(text) {
    const line = text
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '' && !/^hint:/.test(l));
    return withoutCredentials((line ?? 'no message').replace(/^(fatal|error|remote):\s*/, '').replace(/[.\s]+$/, ''));
}
const withoutCredentials = (text) => text.replace(/(\w+:\/\/)[^\s/@]+@/g, '$1***@');
/** A push refused outright (no write access, protected branch, a hook), as opposed to one that lost a race. */
const REFUSED = /\[remote rejected\]|permission|denied|not allowed|forbidden|returned error: 40[13]|authentication failed|could not read username/i;
/** A push that lost a race: not a fast-forward (another run pushed first), or the remote's ref moved while it was updated. */
const OUTRUN = /non-fast-forward|fetch first|stale info|cannot lock ref|failed to update ref|failed to lock|but expected|incorrect old value|reference already exists/i;
/** The reason a refused push gives: the hook's or server's own line, else git's. */
function refusal(output) {
    const remote = output.split('\n').find((line) => /^remote:\s*\S/.test(line.trim()) && !/^remote:\s*(error:\s*)?$/.test(line.trim()));
    const rejected = /\[remote rejected\][^(]*\(([^)]+)\)/.exec(output)?.[1];
    return firstLine(remote ?? (rejected ? `${rejected}` : output));
}
class Git {
    exec;
    dir;
    env;
    constructor(exec, dir, env) {
        this.exec = exec;
        this.dir = dir;
        this.env = env;
    }
    run(args, input) {
        return this.exec.run('git', ['--no-pager', '-c', 'core.quotePath=false', ...args], { cwd: this.dir, env: this.env, input });
    }
    /** stdout of a command that must succeed; otherwise NotRecorded naming what failed. */
    async bytes(args, what, input) {
        const result = await this.run(args, input);
        if (result.exitCode !== 0)
            throw new NotRecorded(`git could not ${what}: ${firstLine(result.stderr)}`, 'fix the clone and run again');
        return result.stdout;
    }
    /** The same, decoded. */
    async text(args, what, input) {
        return (await this.bytes(args, what, input)).toString('utf8');
    }
}
/** The lines of a text from the last to the first. */
function* linesNewestFirst(text) {
    for (let end = text.length;;) {
        const newline = end > 0 ? text.lastIndexOf('\n', end - 1) : -1;
        yield text.slice(newline + 1, end);
        if (newline < 0)
            return;
        end = newline;
    }
}
/**
 * The branch's log, refused unless it is intact and still matches every checkpoint on the branch (or
 * has a line that is not an event): the run's events are never chained after, nor a checkpoint signed
 * over, a log rewritten since. Verified as verifyLogToCheckpoint does: in full only after the newest
 * checkpoint the store's key signed.
 */
function intactHead(tip, branch, signingKeyPem) {
    const log = {
        read: (feed) => void feed(tip.events),
        source: `${verify_log/* GIT_STORE_EVENTS */.bS} on branch ${branch}`,
        checkpointsNewestFirst: () => linesNewestFirst(tip.checkpoints),
        checkpointsText: () => tip.checkpoints,
        checkpointsSource: `${verify_log/* GIT_STORE_CHECKPOINTS */.BS} on branch ${branch}`,
        signingKeyPem,
    };
    const fix = `run gitops-sync audit verify --git-ref ${REMOTE}/${branch} to see what changed and restore the branch from its history`;
    let checked;
    try {
        checked = (0,verify_log/* verifyLogToCheckpoint */.jl)(log);
    }
    catch (error) {
        // A line that is not an event or not a checkpoint: it would be extended past the damage.
        if (!(0,errors/* isUserError */.iU)(error))
            throw error;
        throw new NotRecorded(`${error.message.split('; ')[0]}, so no new event is chained after it`, fix);
    }
    if (!checked.verdict.intact)
        throw new NotRecorded(`${verify_log/* GIT_STORE_EVENTS */.bS} on branch ${branch} is not intact (${checked.verdict.reason}), so no new event is chained after it`, fix);
    return checked.head;
}
/**
 * The lines appended to checkpoints.jsonl: one at every multiple of `checkpointEvery` this run's
 * events reach, and one over the whole log as it stands after the run.
 */
function checkpointLines(head, events, options) {
    const time = (options.clock ?? ports/* systemClock */.ml).now().toISOString();
    const tree = head.tree.clone();
    const lines = [];
    try {
        for (const [index, event] of events.entries()) {
            tree.append(event.hash);
            const every = options.checkpointEvery && tree.size % options.checkpointEvery === 0;
            if (every || index === events.length - 1)
                lines.push(JSON.stringify((0,audit_checkpoint/* checkpointOf */.S$)({ tree, last: event }, { time, signingKeyPem: options.signingKeyPem })));
        }
    }
    catch (error) {
        throw new NotRecorded(firstLine(error.message), 'put the Ed25519 private key (PEM) in the variable audit.signing_key_env names, or unset it');
    }
    return lines;
}
const withNewline = (text) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);
/**
 * The `git` store. Events are buffered by `record`; `close` commits them on the audit branch and
 * pushes. When that fails, the events go to the fallback log and `close` throws one sentence saying so.
 */
function gitAuditTrail(options) {
    const drafts = [];
    return {
        async record(draft) {
            drafts.push(draft);
        },
        async close() {
            if (drafts.length === 0)
                return [];
            try {
                return await appendToBranch(drafts, options);
            }
            catch (error) {
                // Whatever went wrong, the events are kept; a failure that is not a user's to fix (a bug) is rethrown as it is.
                const reason = error instanceof NotRecorded ? error : (0,errors/* isUserError */.iU)(error) ? new NotRecorded(error.message.split('; ')[0].replace(/[.\s]+$/, ''), 'fix that and run again') : undefined;
                const count = drafts.length === 1 ? 'The audit event of this run was' : `The ${drafts.length} audit events of this run were`;
                const where = `branch ${options.branch} of ${REMOTE}`;
                let kept;
                try {
                    for (const draft of drafts)
                        await options.fallback.trail.record(draft);
                    await options.fallback.trail.close();
                    kept = `were kept in ${options.fallback.path} instead`;
                }
                catch (fallbackError) {
                    kept = `could not be kept in ${options.fallback.path} either (${firstLine(fallbackError.message)})`;
                }
                if (!reason)
                    throw error;
                throw new errors/* UserError */.yo(`${count} not recorded on ${where} (${reason.why}) and ${kept}; ${reason.fix}.`);
            }
        },
    };
}
async function appendToBranch(drafts, options) {
    const { branch } = options;
    // LC_ALL=C: git's messages are matched below; no prompt may wait for a password in CI.
    const env = { ...options.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' };
    const git = new Git(options.exec, options.cwd, env);
    await checkRepository(git, options);
    const identity = await commitIdentity(git);
    const commitEnv = { ...env, ...identity };
    const committer = new Git(options.exec, options.cwd, commitEnv);
    const scratchRef = `refs/gitops-sync/audit-fetch/${(0,external_node_crypto_.randomUUID)()}`;
    const attempts = Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS);
    // On GitLab a push starts a pipeline for the audit branch unless it says not to (GitHub starts none for GITHUB_TOKEN pushes).
    let skipPipeline = options.env.GITLAB_CI === 'true' ? ['--push-option=ci.skip'] : [];
    try {
        for (let attempt = 1;; attempt++) {
            const tip = await fetchTip(git, branch, scratchRef);
            const head = tip ? intactHead(tip, branch, options.signingKeyPem) : { tree: new merkle/* MerkleTree */.vU(), last: undefined };
            const events = [];
            for (const draft of drafts)
                events.push((0,audit_event/* chainAuditEvent */.L6)(draft, events.at(-1) ?? head.last));
            const commit = await commitEvents(git, committer, tip, head, events, options);
            const pushed = await git.run(['push', '--porcelain', '--no-verify', ...skipPipeline, REMOTE, `${commit}:refs/heads/${branch}`]);
            if (pushed.exitCode === 0)
                return events;
            const output = `${pushed.stdout.toString('utf8')}\n${pushed.stderr}`;
            if (skipPipeline.length && /does not support push options/i.test(output)) {
                skipPipeline = [];
                attempt -= 1;
                continue;
            }
            if (OUTRUN.test(output)) {
                if (attempt >= attempts) {
                    throw new NotRecorded(`${attempts === 1 ? 'the push was' : `${attempts} pushes were`} rejected as not fast-forward because other runs kept appending to the branch; nothing was force-pushed`, `append them with a later run, or run again when fewer jobs run at once`);
                }
                await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? jitteredDelay)(attempt)));
                continue;
            }
            if (REFUSED.test(output))
                throw new NotRecorded(`${REMOTE} refused the push: ${refusal(output)}`, `${WRITE_ACCESS} ${branch}`);
            throw new NotRecorded(`the push failed: ${firstLine(pushed.stderr)}`, `check that ${REMOTE} is reachable and run again`);
        }
    }
    finally {
        await git.run(['update-ref', '-d', scratchRef]).catch(() => undefined);
    }
}
/** A working tree with an `origin` remote, and a branch name git accepts. */
async function checkRepository(git, options) {
    const inside = await git.run(['rev-parse', '--is-inside-work-tree']);
    if (inside.exitCode !== 0 || !inside.stdout.toString('utf8').startsWith('true')) {
        throw new NotRecorded(`${options.cwd} is not inside a Git working tree`, 'run inside a clone of the repository, or set audit.store: file in gitops-sync.yaml');
    }
    if ((await git.run(['check-ref-format', '--branch', options.branch])).exitCode !== 0 || options.branch.startsWith('-')) {
        throw new NotRecorded(`${JSON.stringify(options.branch)} is not a valid branch name`, 'set audit.branch in gitops-sync.yaml to a branch name such as gitops-sync/audit');
    }
    if ((await git.run(['remote', 'get-url', '--', REMOTE])).exitCode !== 0) {
        throw new NotRecorded(`the repository at ${options.cwd} has no remote named ${REMOTE}`, `add it with git remote add ${REMOTE} URL, or set audit.store: file in gitops-sync.yaml`);
    }
}
/** The committer: git's configured identity, else gitops-sync's (a CI checkout usually has none). */
async function commitIdentity(git) {
    const configured = async (key) => (await git.run(['config', '--get', key])).stdout.toString('utf8').trim();
    const name = (await configured('user.name')) || DEFAULT_IDENTITY.name;
    const email = (await configured('user.email')) || DEFAULT_IDENTITY.email;
    return { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email };
}
/** Fetches the branch into a ref of our own (never the user's branches) and reads our files at its tip. */
async function fetchTip(git, branch, scratchRef) {
    const listed = await git.run(['ls-remote', '--exit-code', REMOTE, `refs/heads/${branch}`]);
    if (listed.exitCode === 2)
        return undefined;
    const unreadable = (stderr) => new NotRecorded(`reading the branch from ${REMOTE} failed: ${firstLine(stderr)}`, `check that the job can read the repository and that ${REMOTE} is reachable`);
    if (listed.exitCode !== 0)
        throw unreadable(listed.stderr);
    const fetched = await git.run(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--no-recurse-submodules', REMOTE, `+refs/heads/${branch}:${scratchRef}`]);
    if (fetched.exitCode !== 0)
        throw unreadable(fetched.stderr);
    const commit = (await git.text(['rev-parse', '--verify', `${scratchRef}^{commit}`], 'read the fetched branch')).trim();
    const entries = (await git.text(['ls-tree', '-z', commit], 'list the branch tip')).split('\0').filter(Boolean);
    const read = async (file) => {
        const entry = entries.find((line) => line.endsWith(`\t${file}`));
        if (!entry)
            return Buffer.alloc(0);
        if (!entry.startsWith('100644 blob ')) {
            throw new NotRecorded(`${file} on branch ${branch} is not a regular file`, `restore ${file} on the branch from its history`);
        }
        return git.bytes(['cat-file', 'blob', entry.split(/\s/)[2]], `read ${file}`);
    };
    if (!entries.some((line) => line.endsWith(`\t${verify_log/* GIT_STORE_EVENTS */.bS}`))) {
        // Fail closed: audit.branch pointed at a code branch (main\u2026) must not get commits from us.
        throw new NotRecorded(`branch ${branch} exists on ${REMOTE} but holds no ${verify_log/* GIT_STORE_EVENTS */.bS}, so it is not an audit log and gitops-sync does not commit to it`, 'set audit.branch in gitops-sync.yaml to a branch used only for the audit log (the default gitops-sync/audit is created on first use)');
    }
    const others = entries.filter((line) => !line.endsWith(`\t${verify_log/* GIT_STORE_EVENTS */.bS}`) && !line.endsWith(`\t${verify_log/* GIT_STORE_CHECKPOINTS */.BS}`));
    return { commit, events: await read(verify_log/* GIT_STORE_EVENTS */.bS), checkpoints: (await read(verify_log/* GIT_STORE_CHECKPOINTS */.BS)).toString('utf8'), others };
}
/** The run's commit: the tip's files with the events (and a checkpoint) appended, on top of the tip or as a root commit. */
async function commitEvents(git, committer, tip, head, events, options) {
    const blob = async (bytes) => (await git.text(['hash-object', '-w', '--stdin'], 'store the log', bytes)).trim();
    const before = tip?.events ?? Buffer.alloc(0);
    const separator = before.length && before[before.length - 1] !== 0x0a ? '\n' : '';
    const eventsText = Buffer.concat([before, Buffer.from(separator + events.map((event) => `${JSON.stringify(event)}\n`).join(''))]);
    const checkpoints = checkpointLines(head, events, options);
    const checkpointsText = Buffer.from(withNewline(tip?.checkpoints ?? '') + checkpoints.map((line) => `${line}\n`).join(''));
    const entries = [
        ...(tip?.others ?? []),
        `100644 blob ${await blob(eventsText)}\t${verify_log/* GIT_STORE_EVENTS */.bS}`,
        `100644 blob ${await blob(checkpointsText)}\t${verify_log/* GIT_STORE_CHECKPOINTS */.BS}`,
    ];
    const tree = (await git.text(['mktree', '-z'], 'build the log tree', Buffer.from(entries.map((entry) => `${entry}\0`).join('')))).trim();
    const first = events[0];
    const last = events[events.length - 1];
    const run = first.run.id ? ` (${first.run.platform} run ${first.run.id}${first.run.attempt ? ` attempt ${first.run.attempt}` : ''})` : '';
    const message = `Audit: events ${first.seq}\u2013${last.seq}${run}\n\n${first.run.url ?? ''}`.trim();
    const signing = await (0,sign_commit/* signingArgs */.L)((args) => committer.run(args), options.signCommits);
    const args = ['commit-tree', tree, ...(tip ? ['-p', tip.commit] : []), '-m', message, ...signing];
    const made = await committer.run(args);
    if (made.exitCode !== 0) {
        if (signing.length) {
            throw new NotRecorded(`git could not sign the commit: ${firstLine(made.stderr)}`, `${sign_commit/* SIGNING_FIX */.Q}${options.signCommits ? ', or set audit.sign_commits: false' : ''}`);
        }
        throw new NotRecorded(`git could not make the commit: ${firstLine(made.stderr)}`, 'fix the clone and run again');
    }
    return made.stdout.toString('utf8').trim();
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./packages/engine/src/files.ts + 1 modules
var files = __webpack_require__(6477);
// EXTERNAL MODULE: ./packages/engine/src/processes.ts
var processes = __webpack_require__(1785);
;// CONCATENATED MODULE: ./packages/engine/src/audit/log-lock.ts






function readOwner(path) {
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch {
        return {};
    }
}
/** Left behind: by a process of this host that no longer runs, or (another host's) too long ago for a live appender. */
function isStale(path, staleMs) {
    let modified;
    try {
        modified = (0,external_node_fs_.statSync)(path).mtimeMs;
    }
    catch {
        return undefined;
    }
    const text = (() => {
        try {
            return (0,external_node_fs_.readFileSync)(path, 'utf8');
        }
        catch {
            return undefined;
        }
    })();
    const owner = readOwner(path);
    const here = owner.host === (0,external_node_os_.hostname)() && typeof owner.pid === 'number';
    // A live appender of this host is waited for, however long it takes (a checkpoint over a large log);
    // age decides only for a lock we cannot check: another host's, or one whose content is unreadable.
    const stale = here ? !(0,processes/* processAlive */.F)(owner.pid) : Date.now() - modified > staleMs;
    return stale ? (text ?? '') : undefined;
}
/**
 * Moves a stale lock aside. Renaming (atomic) rather than deleting: if another appender took the
 * stale lock over in between and made its own, what we moved is that fresh lock, and it is put back
 * (`link` fails if yet another lock exists, so nothing is overwritten).
 */
function breakStaleLock(path, staleText) {
    const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
        (0,external_node_fs_.renameSync)(path, aside);
    }
    catch {
        return;
    }
    let movedText;
    try {
        movedText = (0,external_node_fs_.readFileSync)(aside, 'utf8');
    }
    catch {
        movedText = undefined;
    }
    if (movedText !== staleText) {
        try {
            (0,external_node_fs_.linkSync)(aside, path);
        }
        catch {
            // Someone else holds a newer lock: theirs stands.
        }
    }
    (0,external_node_fs_.rmSync)(aside, { force: true });
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Holds `<log>.lock` (created with O_EXCL) while `work` runs, so that appenders on this machine take
 * turns and each chains onto the event the previous one wrote. Waits for a held lock up to `waitMs`,
 * takes over a stale one, and refuses in one sentence after that.
 */
async function withLogLock(logPath, work, options = {}) {
    const path = `${logPath}.lock`;
    const waitMs = options.waitMs ?? 10_000;
    const staleMs = options.staleMs ?? 30_000;
    const deadline = Date.now() + waitMs;
    (0,files/* mkdirKeptOutOfGit */.b8)((0,external_node_path_.dirname)(path));
    for (;;) {
        let fd;
        try {
            fd = (0,external_node_fs_.openSync)(path, 'wx', 0o644);
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
        }
        if (fd !== undefined) {
            try {
                (0,external_node_fs_.writeSync)(fd, JSON.stringify({ pid: process.pid, host: (0,external_node_os_.hostname)(), since: new Date().toISOString() }));
            }
            finally {
                (0,external_node_fs_.closeSync)(fd);
            }
            try {
                return await work();
            }
            finally {
                (0,external_node_fs_.rmSync)(path, { force: true });
            }
        }
        const staleText = isStale(path, staleMs);
        if (staleText !== undefined) {
            breakStaleLock(path, staleText);
            continue;
        }
        if (Date.now() >= deadline) {
            const owner = readOwner(path);
            throw new errors/* UserError */.yo(`the audit log ${logPath} stayed locked by ${path}${owner.pid ? ` (process ${owner.pid} on ${owner.host} since ${owner.since})` : ''} for ${waitMs / 1000} s; if no gitops-sync is running, delete that lock file and run again`);
        }
        await sleep(5 + Math.random() * 20);
    }
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./packages/engine/src/audit/tracked.ts





/**
 * Variables that tell git where the repository, its index or its work tree is (the one holding the files
 * is meant, found from their folder), or how to read a pathspec.
 */
const IGNORED_VARIABLES = new Set([
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_INDEX_FILE',
    'GIT_COMMON_DIR',
    'GIT_OBJECT_DIRECTORY',
    'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    'GIT_NAMESPACE',
    'GIT_CEILING_DIRECTORIES',
    'GIT_DISCOVERY_ACROSS_FILESYSTEM',
    'GIT_LITERAL_PATHSPECS',
    'GIT_GLOB_PATHSPECS',
    'GIT_NOGLOB_PATHSPECS',
    'GIT_ICASE_PATHSPECS',
]);
/** What git says in a folder no repository holds (not a `.git` file naming a repository that is not there). */
const NO_REPOSITORY = /^fatal: not a git repository \(or any (of the )?parent/m;
/** A file's device and inode; undefined when there is none (a tracked file a sparse checkout left out: no exception per name). */
function fileId(path) {
    try {
        const stat = (0,external_node_fs_.lstatSync)(path, { throwIfNoEntry: false });
        return stat && `${stat.dev}:${stat.ino}`;
    }
    catch {
        return undefined;
    }
}
/** The byte length of a `/`-separated name's first `depth` parts, or -1 when it has fewer. */
function partsLength(name, depth) {
    let end = -1;
    for (let part = 0; part < depth; part++) {
        if (end === name.length)
            return -1;
        const slash = name.indexOf(0x2f, end + 1);
        end = slash === -1 ? name.length : slash;
    }
    return end;
}
function git(args, cwd, env) {
    (0,node_exec/* warnOfOldGit */.$y)(env);
    return (0,external_node_child_process_.spawnSync)('git', args, { cwd, env, timeout: 30_000, maxBuffer: 1024 * 1024 * 1024 });
}
/**
 * Refuses audit files (all in one folder) that git tracks: a commit could write them, so a run on a pull
 * request's head (drift-detect, approve-safe, the gate) would chain its events onto a history the pull
 * request forged, or record nothing behind a broken line it committed.
 *
 * git is asked from the files' folder, so the repository holding them answers (a pull request checked
 * out into a subfolder is its own clone), and finds no repository in the checkout's own files
 * (gitEnvironment: no commit can carry a `.git`). Names are not compared: a case-insensitive file system
 * folds more than git's `icase` (APFS: `\u017f` is `s`, the Kelvin sign is `k`), and git may list bytes that
 * are no UTF-8. Instead every tracked path (submodules' too), whole and cut to the files' depth, is one
 * of them when it is the same file (device and inode): the file itself under any spelling, or at another
 * depth than git lists it (a folder of the checkout bind-mounted in another, which realpath does not
 * see), or a folder at its path holding tracked files.
 *
 * Outside CI, files no repository holds (or with no git) are the user's own. In CI they may have come
 * with the checkout (a pull request's files fetched without git): never vouched for, never appended to.
 */
function refuseTrackedByGit(paths, env) {
    const present = new Map();
    for (const path of paths) {
        const id = fileId(path);
        if (id !== undefined)
            present.set(id, path);
    }
    if (!present.size)
        return;
    const first = [...present.values()][0];
    const folder = (0,external_node_path_.dirname)(first);
    const inCi = env.GITHUB_ACTIONS === 'true' || env.GITLAB_CI === 'true';
    const cannotTell = (why) => new errors/* UserError */.yo(`could not tell whether git tracks ${first} (${why}), and a log a commit can write is never appended to; run where git can see the checkout's repository (or, outside CI, where no repository holds the log)`);
    const gitEnv = { ...(0,node_exec/* gitToolEnvironment */.Ct)(Object.fromEntries(Object.entries(env).filter(([name]) => !IGNORED_VARIABLES.has(name.toUpperCase())))), LC_ALL: 'C', LANGUAGE: 'C' };
    const failure = (run) => (run.error ? run.error.message : (0,node_exec/* firstLine */.TM)(run.stderr.toString('utf8')) || `git exited with ${run.status ?? run.signal}`);
    const top = git(['rev-parse', '--show-toplevel'], folder, gitEnv);
    const noGit = top.error?.code === 'ENOENT';
    if (noGit || (top.status === 128 && NO_REPOSITORY.test(top.stderr.toString('utf8')))) {
        if (!inCi)
            return;
        throw cannotTell(noGit ? 'git is not installed' : 'no git repository holds it');
    }
    if (top.error || top.status !== 0) {
        const why = failure(top);
        // A checkout another user owns (a container job's user): git refuses it, and so does this check.
        if (/dubious ownership/.test(why))
            throw cannotTell(`${why}; git config --global --add safe.directory <the checkout> lets git read it`);
        throw cannotTell(why);
    }
    const root = top.stdout.toString('utf8').replace(/\n$/, '');
    const inside = (0,external_node_path_.relative)(root, (0,external_node_fs_.realpathSync)(folder));
    if (inside === '..' || inside.startsWith(`..${external_node_path_.sep}`) || (0,external_node_path_.isAbsolute)(inside))
        throw cannotTell(`its folder is not under the repository's top ${root}`);
    const depth = (inside ? inside.split(external_node_path_.sep).length : 0) + 1;
    const listing = git(['ls-files', '--recurse-submodules', '--full-name', '-z', '--', ':(top)'], folder, gitEnv);
    if (listing.error || listing.status !== 0)
        throw cannotTell(failure(listing));
    const seen = new Set();
    const rootBytes = Buffer.from(`${root}/`);
    const names = listing.stdout;
    for (let start = 0; start < names.length;) {
        const end = names.indexOf(0, start);
        const name = names.subarray(start, end === -1 ? names.length : end);
        start = end === -1 ? names.length : end + 1;
        // The name itself (the file under another spelling, or at another depth through a mount realpath does
        // not see), then cut to the files' depth: a folder at their path holding tracked files.
        let path = present.get(fileId(Buffer.concat([rootBytes, name])) ?? '');
        const length = partsLength(name, depth);
        if (!path && length >= 0 && length < name.length) {
            const key = name.toString('latin1', 0, length);
            if (!seen.has(key)) {
                seen.add(key);
                path = present.get(fileId(Buffer.concat([rootBytes, name.subarray(0, length)])) ?? '');
            }
        }
        if (path)
            throw new errors/* UserError */.yo(`${path} is a file git tracks, so a commit (a pull request's head) can write what this run would append to; remove it from the repository (git rm --cached) and add .gitops-sync/ to .gitignore`);
    }
}

;// CONCATENATED MODULE: ./packages/engine/src/audit/trail.ts









const TAIL_CHUNK = 64 * 1024;
/** The lines of a file from the last to the first (without their newlines), read from the end in chunks; none when it is empty or missing. */
function* linesFromEnd(path) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(path, 'r');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return;
        throw error;
    }
    try {
        let end = (0,external_node_fs_.fstatSync)(fd).size;
        if (end === 0)
            return;
        // The file's bytes from `end` up to its first newline after `end` (the end of a line not yet whole),
        // as the chunks read, last first: joined once its start is found, not once per chunk (a long line took minutes).
        let rest = [];
        const line = (start) => (rest.length ? Buffer.concat([start, ...rest.reverse()]) : start).toString('utf8');
        while (end > 0) {
            const start = Math.max(0, end - TAIL_CHUNK);
            let bytes = Buffer.alloc(end - start);
            (0,external_node_fs_.readSync)(fd, bytes, 0, bytes.length, start);
            end = start;
            for (let newline = bytes.lastIndexOf(10); newline >= 0; newline = bytes.lastIndexOf(10)) {
                yield line(bytes.subarray(newline + 1));
                rest = [];
                bytes = bytes.subarray(0, newline);
            }
            rest.push(bytes);
        }
        yield line(Buffer.alloc(0));
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/**
 * The last line of a file that is not blank (without its trailing white space), and whether the file
 * ends in a newline (one that does not ends in a torn write); undefined when there is none.
 */
function lastLine(path) {
    let terminated;
    for (const line of linesFromEnd(path)) {
        terminated ??= line === '';
        if (line.trim())
            return { line: line.trimEnd(), terminated };
    }
    return undefined;
}
/** The log's last event, checked: a chain is never continued from a line that is not an intact event. */
function lastEvent(path) {
    const last = lastLine(path);
    if (last === undefined)
        return undefined;
    const refuse = (why) => new errors/* UserError */.yo(`the last line of the audit log ${path} ${why}, so nothing was appended to it; run gitops-sync audit verify --log ${path} and restore the log from a copy`);
    if (!last.terminated)
        throw refuse('does not end in a newline (a torn write or an edit)');
    let value;
    try {
        value = JSON.parse(last.line);
    }
    catch {
        throw refuse('is not JSON (a torn write or an edit)');
    }
    const parsed = audit_event/* AuditEvent */.In.safeParse(value);
    if (!parsed.success)
        throw refuse('is not a gitops-sync/audit-event@1');
    if ((0,audit_event/* auditEventHash */.yK)(parsed.data) !== parsed.data.hash)
        throw refuse('does not match its own hash (it was modified)');
    return parsed.data;
}
function readIfExists(path) {
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
/** Appends one line with a single O_APPEND write, then fsyncs it. */
function appendLine(path, line) {
    (0,files/* mkdirKeptOutOfGit */.b8)((0,external_node_path_.dirname)(path));
    const fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_APPEND | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_NOFOLLOW, 0o644);
    try {
        const bytes = Buffer.from(`${line}\n`, 'utf8');
        const written = (0,external_node_fs_.writeSync)(fd, bytes);
        if (written !== bytes.length)
            throw new Error(`only ${written} of ${bytes.length} bytes of an audit line reached ${path}`);
        (0,external_node_fs_.fsyncSync)(fd);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/**
 * The `file` store: an append-only JSONL file. Appenders on one machine take turns through a lock
 * file beside the log, and each chains onto the last event in the file (not the last one it wrote
 * itself), so two runs at once never fork the chain. Checkpoints go to a JSONL file of their own,
 * every `checkpointEvery` events and when the trail is closed.
 */
function fileAuditTrail(path, options = {}) {
    const checkpointsPath = options.checkpointsPath ?? `${path}.checkpoints.jsonl`;
    const now = options.now ?? (() => new Date());
    const written = [];
    let failure;
    let checkpointedSize = -1;
    let checked = !options.beforeFirstWrite;
    /** Under the lock: a checkpoint over the whole log, which must verify first (a signature never vouches for a broken log). */
    function checkpoint() {
        const { verdict, head } = (0,verify_log/* verifyLogToCheckpoint */.jl)({
            read: (0,verify_log/* fileLogReader */.EX)(path),
            source: path,
            checkpointsNewestFirst: () => linesFromEnd(checkpointsPath),
            checkpointsText: () => readIfExists(checkpointsPath),
            checkpointsSource: checkpointsPath,
            signingKeyPem: options.signingKeyPem,
        });
        if (!verdict.intact)
            throw new errors/* UserError */.yo(`the audit log ${path} is not intact (${verdict.reason}), so no checkpoint was written; run gitops-sync audit verify --log ${path}`);
        if (head.tree.size === checkpointedSize)
            return;
        appendLine(checkpointsPath, JSON.stringify((0,audit_checkpoint/* checkpointOf */.S$)(head, { time: now().toISOString(), signingKeyPem: options.signingKeyPem })));
        checkpointedSize = head.tree.size;
    }
    return {
        async record(draft) {
            if (failure)
                return;
            try {
                if (!checked) {
                    options.beforeFirstWrite?.();
                    checked = true;
                }
                await withLogLock(path, () => {
                    const event = (0,audit_event/* chainAuditEvent */.L6)(draft, lastEvent(path));
                    appendLine(path, JSON.stringify(event));
                    written.push(event);
                    if (options.checkpointEvery && event.seq % options.checkpointEvery === 0)
                        checkpoint();
                }, options.lock);
            }
            catch (error) {
                failure = error;
            }
        },
        async close() {
            if (!failure && written.length) {
                try {
                    await withLogLock(path, checkpoint, options.lock);
                }
                catch (error) {
                    failure = error;
                }
            }
            if (failure) {
                if ((0,errors/* isUserError */.iU)(failure))
                    throw new errors/* UserError */.yo(`The audit trail could not be written: ${failure.message.replace(/[.\s]+$/, '')}.`);
                // A system error (EISDIR, EACCES, EROFS\u2026) names no file and no fix of its own.
                const why = (failure instanceof Error ? failure.message : String(failure)).replace(/^Error: /, '');
                throw new errors/* UserError */.yo(`The audit trail could not be written (${why.replace(/[.\s]+$/, '')}); check that ${path} and ${checkpointsPath} are files this job can write (audit.file, or audit.artifact_dir for the artifact store, in gitops-sync.yaml, says where).`);
            }
            return written;
        },
    };
}
/** The Ed25519 private key that signs checkpoints, from the variable the config names; one sentence (never the value) when it is not one. */
function auditSigningKey(variable, env) {
    const value = env[variable];
    if (!value?.trim())
        return undefined;
    // CI secrets are sometimes stored with the PEM's line breaks escaped.
    const pem = value.includes('\\n') && !value.includes('\n') ? value.replaceAll('\\n', '\n') : value;
    try {
        (0,audit_checkpoint/* ed25519Key */.zL)(pem, 'private');
    }
    catch {
        throw new errors/* UserError */.yo(`${variable} does not hold an Ed25519 private key in PEM form (openssl genpkey -algorithm ed25519); fix that secret, or unset it to write unsigned audit checkpoints`);
    }
    return pem;
}
/** Not there (yet): writing it fails later with its own message. */
const absent = (error) => ['ENOENT', 'ENOTDIR'].includes(error.code ?? '');
/** The first symbolic link met going down from `from` along `path` (relative), if any; the walk stops at the first part that does not exist. */
function linkOnTheWay(from, path) {
    let at = from;
    for (const part of path.split(external_node_path_.sep)) {
        at = (0,external_node_path_.join)(at, part);
        try {
            if ((0,external_node_fs_.lstatSync)(at).isSymbolicLink())
                return at;
        }
        catch (error) {
            if (absent(error))
                return undefined;
            throw error;
        }
    }
    return undefined;
}
const outside = (relativePath) => relativePath === '..' || relativePath.startsWith(`..${external_node_path_.sep}`) || (0,external_node_path_.isAbsolute)(relativePath);
/**
 * A path of the config's `audit:` section, inside the config file's folder (no `..`, not absolute):
 * drift-detect on a pull request opens the trail its own config names, and approve-safe and the gate
 * write into the pull request's checkout, which must not make the run write anywhere else.
 */
function auditPath(base, path, key) {
    const full = (0,external_node_path_.resolve)(base, path);
    const inside = (0,external_node_path_.relative)(base, full);
    if ((0,external_node_path_.isAbsolute)(path) || !inside || outside(inside))
        throw new errors/* UserError */.yo(`audit.${key} ${JSON.stringify(path)} points outside the folder of the config file; name a path inside it, such as the default`);
    return full;
}
/**
 * Refuses a symbolic link on the way from `from` down to `to` (inside it): a checkout's link would send
 * the store's writes (and the git store's git runs) to the runner's other files or another checkout.
 */
function refuseLinkOnTheWay(from, to, what) {
    const path = (0,external_node_path_.relative)(from, to);
    if (!path || outside(path))
        return;
    const link = linkOnTheWay(from, path);
    if (link)
        throw new errors/* UserError */.yo(`${what} goes through the symbolic link ${(0,external_node_path_.relative)(from, link)}; make it a folder of the checkout, or name a path without links`);
}
/** The store's own files: a checkout's symbolic link there would redirect the write too. */
function refuseLinks(paths) {
    for (const path of paths) {
        let link = false;
        try {
            link = (0,external_node_fs_.lstatSync)(path).isSymbolicLink();
        }
        catch (error) {
            if (!absent(error))
                throw error;
        }
        if (link)
            throw new errors/* UserError */.yo(`${path} is a symbolic link, and the audit store writes only regular files; delete it and run again`);
    }
}
/** The run's audit trail as the config chooses it. */
/** The store the config names; unset: `git` in CI, `file` in a terminal. */
function auditStore(audit, env) {
    const inCi = env.GITHUB_ACTIONS === 'true' || env.GITLAB_CI === 'true';
    return audit.store ?? (inCi ? 'git' : 'file');
}
function openAuditTrail(options) {
    const { audit } = options.config;
    const base = (0,external_node_path_.dirname)(options.configPath);
    const checkpoints = { checkpointEvery: audit.checkpoint_every, signingKeyPem: auditSigningKey(audit.signing_key_env, options.env) };
    const store = auditStore(audit, options.env);
    // The config's folder: the git store runs git there, the file stores write below it.
    if (options.root !== undefined)
        refuseLinkOnTheWay((0,external_node_path_.resolve)(options.root), (0,external_node_path_.resolve)(base), `the folder of ${options.configPath}`);
    /**
     * The store's files, checked when it first writes (the git store writes its fallback log only when its
     * branch cannot be written: a pull request's link or committed file must not stop the branch too).
     */
    const ownFiles = (key, path, log, checkpointsPath) => {
        const files = [log, `${log}.lock`, checkpointsPath];
        const beforeFirstWrite = () => {
            refuseLinkOnTheWay(base, (0,external_node_path_.resolve)(base, path), `audit.${key} ${JSON.stringify(path)}`);
            refuseLinks(files);
            refuseTrackedByGit(files, options.env);
        };
        return { ...checkpoints, checkpointsPath, beforeFirstWrite };
    };
    if (store === 'artifact') {
        const folder = auditPath(base, audit.artifact_dir, 'artifact_dir');
        const log = (0,external_node_path_.join)(folder, 'events.jsonl');
        return fileAuditTrail(log, ownFiles('artifact_dir', audit.artifact_dir, log, (0,external_node_path_.join)(folder, 'checkpoints.jsonl')));
    }
    const file = auditPath(base, audit.file, 'file');
    const fileStore = fileAuditTrail(file, ownFiles('file', audit.file, file, `${file}.checkpoints.jsonl`));
    if (store === 'git') {
        // When the branch cannot be written, the events go to the file store's log.
        return gitAuditTrail({ cwd: options.cwd ?? base, exec: options.exec ?? node_exec/* nodeExec */.U9, env: options.env, branch: audit.branch, signCommits: audit.sign_commits, ...checkpoints, fallback: { trail: fileStore, path: file } });
    }
    return fileStore;
}


/***/ }),

/***/ 6820:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BS: () => (/* binding */ GIT_STORE_CHECKPOINTS),
/* harmony export */   EX: () => (/* binding */ fileLogReader),
/* harmony export */   YG: () => (/* binding */ verifyAuditLogSource),
/* harmony export */   bS: () => (/* binding */ GIT_STORE_EVENTS),
/* harmony export */   jl: () => (/* binding */ verifyLogToCheckpoint)
/* harmony export */ });
/* unused harmony exports parseCheckpointsText, parseCheckpointText, checkpointOptions */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8007);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2820);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8835);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6477);
/* harmony import */ var _gitops_sync_core_network_waits__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3732);






/** The files of the `git` store at the root of its branch. */
const GIT_STORE_EVENTS = 'events.jsonl';
const GIT_STORE_CHECKPOINTS = 'checkpoints.jsonl';
function checkpointValue(value, source) {
    const parsed = _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .AuditCheckpoint */ .Cz.safeParse(value);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${source} is not a gitops-sync/audit-checkpoint@1 (${issue.path.join('.') || 'checkpoint'}: ${issue.message}); pass the checkpoint file the audit store wrote`);
    }
    return parsed.data;
}
/** Every checkpoint of a file holding one checkpoint JSON, or of a checkpoints.jsonl (oldest first). */
function parseCheckpointsText(text, source) {
    try {
        return [checkpointValue(JSON.parse(text), source)];
    }
    catch (error) {
        if (!(error instanceof SyntaxError))
            throw error;
    }
    return text
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => {
        let value;
        try {
            value = JSON.parse(line);
        }
        catch {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${source} is neither a checkpoint JSON nor a checkpoints.jsonl; pass the checkpoint file the audit store wrote`);
        }
        return checkpointValue(value, source);
    });
}
/** A checkpoint from a file holding one checkpoint JSON, or the last line of a checkpoints.jsonl. */
function parseCheckpointText(text, source) {
    const last = parseCheckpointsText(text, source).at(-1);
    if (!last)
        throw new UserError(`${source} is neither a checkpoint JSON nor a checkpoints.jsonl; pass the checkpoint file the audit store wrote`);
    return last;
}
/** The verifier's checkpoint options from a checkpoints file: the last one, and the earlier ones the log must still match. */
function checkpointOptions(text, source) {
    const all = text?.trim() ? parseCheckpointsText(text, source) : [];
    return { checkpoint: all.at(-1), earlier: all.slice(0, -1) };
}
/** The checkpoints file an audit store keeps beside a log, if there is one. */
function checkpointsBeside(log) {
    const candidates = [`${log}.checkpoints.jsonl`, ...((0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(log) === GIT_STORE_EVENTS ? [(0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(log), GIT_STORE_CHECKPOINTS)] : [])];
    return candidates.find((path) => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(path));
}
/**
 * The commit the audit ref names: as origin has it when the repository has an origin that has it (a
 * local branch can be behind the store's, and then verifies a log that is no longer the one kept), else here.
 */
async function auditCommit(ref, cwd, runEnv, exec) {
    if (ref.startsWith('-') || /\s/.test(ref))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`--git-ref ${JSON.stringify(ref)} is not a branch or ref name; pass the audit branch, e.g. --git-ref gitops-sync/audit`);
    const git = (args) => exec.run('git', args, { cwd });
    const inRepo = await git(['rev-parse', '--git-dir']);
    if (inRepo.exitCode !== 0)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${cwd} is not in a git repository, so --git-ref ${ref} cannot be read; run gitops-sync audit verify inside the repository, or pass --log`);
    const hasOrigin = (await git(['remote', 'get-url', 'origin'])).exitCode === 0;
    let listedOk = false;
    if (hasOrigin) {
        // An origin that never answers (or asks for a password) must not hang the run.
        const limits = (0,_gitops_sync_core_network_waits__WEBPACK_IMPORTED_MODULE_5__/* .networkWaits */ .Bq)(runEnv);
        const env = { ...runEnv, GIT_TERMINAL_PROMPT: '0' };
        const hint = 'check that origin answers (git ls-remote origin), or pass --log with a copy of the log; GITOPS_SYNC_API_TIMEOUT_SECONDS and GITOPS_SYNC_API_DEADLINE_SECONDS set the waits';
        const remoteGit = (args, ms) => exec.run('git', args, { cwd, env, timeout: { ms, hint, what: `git ${args[0]} origin` } });
        // A bare name is a branch: git would take a tag of that name first (here and on origin), and a tag is not protected as the audit branch is.
        // The commit origin names for it (FETCH_HEAD is not read: a fetch meanwhile in this checkout rewrites it), then its objects.
        const source = ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
        const listed = await remoteGit(['ls-remote', 'origin', source], limits.requestTimeoutMs);
        listedOk = listed.exitCode === 0;
        const named = listed.exitCode === 0 ? listed.stdout.toString('utf8').split('\n').map((line) => line.split('\t')).find(([, name]) => name === source)?.[0] : undefined;
        if (named && /^[0-9a-f]{40,64}$/.test(named)) {
            const fetched = await remoteGit(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', 'origin', source], limits.deadlineMs);
            // The branch may have moved on since it was listed: fast-forward only, so the listed commit came along.
            const remote = fetched.exitCode === 0 ? await git(['rev-parse', '--verify', '--quiet', `${named}^{commit}`]) : undefined;
            if (remote?.exitCode === 0)
                return { commit: remote.stdout.toString('utf8').trim() };
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`origin names ${named.slice(0, 12)} for ${source}, but it could not be fetched (the branch was rewritten meanwhile?); run gitops-sync audit verify again`);
        }
    }
    // No origin, or it cannot be read (offline) or lacks the branch: the copy here, which the result then names as such.
    const copyHere = hasOrigin ? (listedOk ? `origin has no ${ref}` : 'origin could not be read') : undefined;
    for (const candidate of ref.startsWith('refs/') ? [ref] : [`refs/heads/${ref}`, `refs/remotes/origin/${ref}`, `refs/remotes/${ref}`]) {
        const local = await git(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
        if (local.exitCode === 0)
            return { commit: local.stdout.toString('utf8').trim(), ...(copyHere ? { copyHere } : {}) };
    }
    throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`this repository has no audit branch ${ref}, neither here nor on origin; check audit.branch in gitops-sync.yaml, or that a run with the git store has pushed it`);
}
/** A file of the audit branch as git has it (a long log is only decoded line by line), read up to the limit for an input file. */
async function gitFile(commit, path, ref, cwd, exec) {
    const limit = (0,_files_js__WEBPACK_IMPORTED_MODULE_6__/* .maxInputBytes */ .qD)();
    const outputLimit = { bytes: limit, message: `${ref}:${path} is over the ${Math.round(limit / 1024 / 1024)} MB limit for an audit log; raise GITOPS_SYNC_MAX_INPUT_MB, or restore the branch from its history if it should not be that large.` };
    const shown = await exec.run('git', ['show', `${commit}:${path}`], { cwd, outputLimit });
    return shown.exitCode === 0 ? shown.stdout : undefined;
}
function publicKeyPem(path) {
    const pem = (0,_files_js__WEBPACK_IMPORTED_MODULE_6__/* .readInputFile */ .jH)(path, 'an Ed25519 public key (PEM)', { maxBytes: 64 * 1024, fixed: true }).toString('utf8');
    try {
        (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .ed25519Key */ .zL)(pem, 'public');
    }
    catch {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${path} is not an Ed25519 public key in PEM form; pass the public half of the signing key (openssl pkey -in key.pem -pubout)`);
    }
    return pem;
}
/** Far longer than any event gitops-sync writes: a longer line is damage, refused before it is gathered (and decoded) whole. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;
/**
 * Splits bytes fed in chunks into lines (UTF-8 never has a newline byte inside a character) and
 * hands each line's bytes (a view, valid during the call), with its 1-based number, to `onLine`
 * until that returns true.
 */
function lineSplitter(source, onLine) {
    // The start of a line that spans chunks, joined once its end comes: joining at every chunk took minutes for a long line.
    let pieces = [];
    let pending = 0;
    let lineNumber = 0;
    let stopped = false;
    const checkLength = (more) => {
        if (pending + more > MAX_LINE_BYTES) {
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .CorruptAuditLine */ .$0(`line ${lineNumber + 1} of ${source} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MB, and no audit event is; the log is corrupt there: restore it from a copy (the git store's branch, a job artifact) before verifying or appending`);
        }
    };
    const whole = (end) => {
        checkLength(end.length);
        if (!pending)
            return end;
        const line = Buffer.concat([...pieces, end]);
        pieces = [];
        pending = 0;
        return line;
    };
    return {
        feed(chunk) {
            if (stopped)
                return true;
            const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
            let start = 0;
            for (let end = data.indexOf(10); end !== -1; end = data.indexOf(10, start)) {
                if (onLine(whole(data.subarray(start, end)), ++lineNumber))
                    return (stopped = true);
                start = end + 1;
            }
            if (start < data.length) {
                checkLength(data.length - start);
                // A copy: the reader may reuse its chunk.
                pieces.push(Buffer.from(data.subarray(start)));
                pending += data.length - start;
            }
            return false;
        },
        end() {
            if (!stopped && pending)
                onLine(whole(Buffer.alloc(0)), lineNumber + 1);
        },
    };
}
/** A log file, read in 4 MB chunks (two, reused: lines are copied out of them): a large log is never in memory whole. */
function fileLogReader(path) {
    return (feed) => (0,_files_js__WEBPACK_IMPORTED_MODULE_6__/* .withInputChunks */ .Xn)(path, 'an audit log (events.jsonl)', (next) => {
        for (let chunk = next(); chunk; chunk = next())
            if (feed(chunk))
                return;
    }, { reuse: true });
}
/** `gitops-sync audit verify`: reads the log (and its checkpoint) and verifies it, one line at a time. */
async function verifyAuditLogSource(request, exec) {
    let log;
    let read;
    let checkpointText;
    let history;
    if ('gitRef' in request.source) {
        const { gitRef, cwd, env = process.env } = request.source;
        const { commit, copyHere } = await auditCommit(gitRef, cwd, env, exec);
        const sizes = await logSizesInHistory(commit, gitRef, cwd, exec);
        history = (written, events) => {
            const cut = sizes.cut;
            if (cut)
                return `its commit ${cut.commit.slice(0, 12)} made ${GIT_STORE_EVENTS} smaller (${cut.size} bytes, ${cut.before} before it): events were cut off the end (git show ${cut.commit.slice(0, 12)} shows which)`;
            const extra = (sizes.tip ?? 0) - written;
            if (extra > 0)
                return `it holds ${extra} bytes besides its ${events} events (blank lines, or spaces after a line), which gitops-sync never writes: an edit, such as padding that hides events cut off the end`;
            return undefined;
        };
        log = `${gitRef}:${GIT_STORE_EVENTS}${copyHere ? ` (the copy here: ${copyHere})` : ''}`;
        const events = await gitFile(commit, GIT_STORE_EVENTS, gitRef, cwd, exec);
        if (events === undefined)
            throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`the audit branch ${gitRef} has no ${GIT_STORE_EVENTS} at its root; is ${gitRef} the branch of the git audit store?`);
        read = (feed) => void feed(events);
        if (request.checkpoint === undefined) {
            const checkpoints = (await gitFile(commit, GIT_STORE_CHECKPOINTS, gitRef, cwd, exec))?.toString('utf8');
            if (checkpoints?.trim())
                checkpointText = { text: checkpoints, source: `${gitRef}:${GIT_STORE_CHECKPOINTS}` };
        }
    }
    else {
        log = request.source.log;
        read = fileLogReader(log);
        const beside = request.checkpoint === undefined ? checkpointsBeside(log) : undefined;
        if (beside)
            checkpointText = { text: (0,_files_js__WEBPACK_IMPORTED_MODULE_6__/* .readInputFile */ .jH)(beside, 'an audit checkpoints file').toString('utf8'), source: beside };
    }
    if (request.checkpoint !== undefined)
        checkpointText = { text: (0,_files_js__WEBPACK_IMPORTED_MODULE_6__/* .readInputFile */ .jH)(request.checkpoint, 'an audit checkpoint').toString('utf8'), source: request.checkpoint };
    const key = request.publicKey === undefined ? undefined : publicKeyPem(request.publicKey);
    const checkpoints = checkpointText ? checkpointOptions(checkpointText.text, checkpointText.source) : { earlier: [] };
    // An emptied checkpoints file is as good as none: with the configured key, the verdict says so.
    if (checkpointText && !checkpoints.checkpoint && !(key !== undefined && request.keyIsTrusted))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${checkpointText.source} is neither a checkpoint JSON nor a checkpoints.jsonl; pass the checkpoint file the audit store wrote`);
    const verifier = new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .AuditLogVerifier */ .cL({ ...checkpoints, publicKeyPem: key, keyIsTrusted: request.keyIsTrusted });
    // The bytes gitops-sync would have written for these events: blank lines or trailing spaces added in must not make up for events cut.
    let written = 0;
    try {
        pushLines(read, log, verifier, {
            onEvent: (event, line) => {
                written += Buffer.byteLength(line.trimEnd()) + 1;
                request.onEvent?.(event);
            },
        });
    }
    catch (error) {
        // An edited or torn line is the verdict on the log (exit 4 from audit verify), not a usage error.
        if (error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .CorruptAuditLine */ .$0)
            return { log, checkpoint: checkpointText?.source ?? null, verification: { intact: false, kind: 'unreadable', seq: null, reason: error.message } };
        throw error;
    }
    let verification = verifier.result();
    const cut = verification.intact ? history?.(written, verification.size) : undefined;
    if (cut && verification.intact)
        verification = { intact: false, kind: 'truncated', seq: null, reason: cut };
    const storeCheckpoint = checkpointText !== undefined && request.checkpoint === undefined;
    return { log, checkpoint: checkpointText?.source ?? null, verification: storeCheckpoint && key !== undefined ? signedToTheEnd(verification) : verification };
}
/**
 * The size of events.jsonl at the audit branch's tip, and the newest commit of its history that made
 * it smaller than a parent had it (by the object sizes git keeps: no blob is read). Runs only append,
 * and the branch's protection stops a force-push but not a fast-forward commit that cuts the last
 * events and their checkpoints: the tip alone then looks whole, even once later runs have grown it.
 */
async function logSizesInHistory(commit, ref, cwd, exec) {
    const fetchInFull = `fetch it in full (git fetch --unshallow origin ${ref}, or actions/checkout with fetch-depth: 0) and run again`;
    const listed = await exec.run('git', ['rev-list', '--parents', commit], { cwd });
    if (listed.exitCode !== 0)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`git could not list the history of the audit branch ${ref} (${listed.stderr.trim().split('\n')[0]}); ${fetchInFull}`);
    const lines = listed.stdout.toString('utf8').split('\n').filter(Boolean).map((line) => line.split(' '));
    const commits = lines.map(([each]) => each);
    // A shallow clone's oldest commit looks like a root: a cut before it would not show.
    const shallowFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(cwd, (await exec.run('git', ['rev-parse', '--git-path', 'shallow'], { cwd })).stdout.toString('utf8').trim());
    const shallow = new Set((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(shallowFile) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(shallowFile, 'utf8').split('\n') : []);
    if (commits.some((each) => shallow.has(each)))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`this clone has only the last commits of the audit branch ${ref}, so events cut off by an older commit would not show; ${fetchInFull}`);
    const sized = await exec.run('git', ['cat-file', '--batch-check=%(objectsize)'], { cwd, input: Buffer.from(commits.map((each) => `${each}:${GIT_STORE_EVENTS}\n`).join('')) });
    const sizeOf = new Map();
    sized.stdout
        .toString('utf8')
        .split('\n')
        .forEach((line, index) => {
        if (/^\d+$/.test(line) && commits[index])
            sizeOf.set(commits[index], Number(line));
    });
    let cut;
    for (const [each, ...parents] of lines) {
        const size = sizeOf.get(each) ?? 0;
        const before = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__/* .maxOf */ ._)(parents.map((parent) => sizeOf.get(parent) ?? 0), 0);
        if (!cut && before > size)
            cut = { commit: each, size, before };
    }
    return { tip: sizeOf.get(commit), cut };
}
/**
 * Every run ends with a checkpoint over the whole log, so with a key, events past the store's last
 * signed checkpoint were written without that key (or by a run that did not finish): nothing vouches
 * for them, and the chain alone cannot tell a forged event appended there. (A checkpoint kept
 * elsewhere, given with --checkpoint, may be older than the log.)
 */
function signedToTheEnd(verification) {
    if (!verification.intact || !verification.checkpoint || verification.size <= verification.checkpoint.size)
        return verification;
    const first = verification.checkpoint.size + 1;
    const events = first === verification.size ? `seq ${first} comes` : `seq ${first} to ${verification.size} come`;
    return {
        intact: false,
        kind: 'checkpoint-unsigned',
        seq: first,
        reason: `${events} after the store's last signed checkpoint (${verification.checkpoint.size} events), so no signature vouches for them: they were appended without the signing key, or by a run that did not finish (the next run's checkpoint covers those)`,
    };
}
// How gitops-sync writes an event line: `hash` is its last key (chainAuditEvent adds it last).
const HASH_KEY = Buffer.from(',"hash":"');
const HASH_SUFFIX = HASH_KEY.length + 64 + 2;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** The `hash` of an event line written as gitops-sync writes them, read without parsing the line; undefined for any other line. */
function storedHash(line) {
    const end = line.length;
    if (end < HASH_SUFFIX || line[end - 1] !== 0x7d || line[end - 2] !== 0x22 || !line.subarray(end - HASH_SUFFIX, end - 66).equals(HASH_KEY))
        return undefined;
    const hash = line.toString('latin1', end - 66, end - 2);
    return SHA256_HEX.test(hash) ? hash : undefined;
}
/**
 * Pushes a log's events into the verifier in order, each line parsed (one that is not an event is a
 * UserError naming it), until the verifier is settled. The first `trusted` events go by their stored
 * hash alone; false when one of them is not a line whose hash can be read so.
 */
function pushLines(read, source, verifier, options = {}) {
    const trusted = options.trusted ?? 0;
    let events = 0;
    let readable = true;
    const lines = lineSplitter(source, (bytes, lineNumber) => {
        if (events < trusted) {
            const hash = storedHash(bytes);
            if (hash !== undefined) {
                verifier.pushHash(hash);
                events += 1;
            }
            else if (bytes.toString('utf8').trim())
                readable = false;
            return !readable;
        }
        const line = bytes.toString('utf8');
        if (line.trim()) {
            const event = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .parseAuditLine */ .bd)(line, lineNumber, source);
            verifier.push(event);
            options.onEvent?.(event, line);
            events += 1;
        }
        return verifier.settled;
    });
    read(lines.feed);
    lines.end();
    return readable;
}
/**
 * The checkpoint a store's new checkpoint builds on, and the ones written after it: the newest that
 * the store's own key signed. For a store without a key, simply the newest: whoever can rewrite the
 * log can rewrite its unsigned checkpoints as well (checking the older ones too, as every run did
 * before, never stopped that), and `audit verify` still holds the log to every one of them.
 * Undefined when there is none, or a line is not a checkpoint, or one written before it covers more
 * events: a store's checkpoints only grow, so that one was moved or copied (an older signed
 * checkpoint put last would otherwise hide the newer one from the log rewritten since).
 */
function trustAnchor(newestFirst, source, signingKeyPem) {
    let publicKey;
    try {
        publicKey = signingKeyPem === undefined ? undefined : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .ed25519Key */ .zL)(signingKeyPem, 'private'));
    }
    catch {
        return undefined; // not an Ed25519 key: signing the checkpoint refuses it, in its own words
    }
    const publicKeyPem = publicKey?.export({ type: 'spki', format: 'pem' }).toString();
    const keyId = publicKey && (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .ed25519KeyId */ .Ck)(publicKey);
    const later = [];
    let anchor;
    for (const line of newestFirst) {
        if (!line.trim())
            continue;
        try {
            if (anchor) {
                if (checkpointSize(line, source) > anchor.size)
                    return undefined;
                continue;
            }
            const checkpoint = checkpointValue(JSON.parse(line), source);
            if (publicKeyPem === undefined || (checkpoint.signature?.key_id === keyId && (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .verifyCheckpointSignature */ .mA)(checkpoint, publicKeyPem).valid))
                anchor = checkpoint;
            else
                later.push(checkpoint);
        }
        catch {
            return undefined;
        }
    }
    return anchor && { anchor, later: later.reverse() };
}
// A checkpoint line as gitops-sync writes it, matched whole with no escape in it: each key once, so JSON
// (which takes a key's last value, and reads "\u0073ize" as "size") cannot see another size than this.
const CHECKPOINT_LINE = /^\{"schema":"gitops-sync\/audit-checkpoint@1","size":(0|[1-9]\d*),"root_hash":"[^"\\]*","last_hash":"[^"\\]*","last_seq":\d+,"time":"[^"\\]*"(?:,"signature":\{"algorithm":"[^"\\]*","key_id":"[^"\\]*","value":"[^"\\]*"\})?\}$/;
/** The size a line of a checkpoints file records: read off a line as gitops-sync writes them (a long log has one for every run), else parsed. */
function checkpointSize(line, source) {
    const size = CHECKPOINT_LINE.exec(line)?.[1];
    return size === undefined ? checkpointValue(JSON.parse(line), source).size : Number(size);
}
/**
 * A log a store is about to checkpoint (and extend), verified so that a checkpoint over it \u2014 signed,
 * maybe \u2014 never vouches for a broken log; `head` is what the checkpoint needs (only when intact).
 *
 * Without re-verifying the whole log every run: the events up to the newest checkpoint the store's
 * key signed were verified (content, chain, seq, every earlier checkpoint) when that checkpoint was
 * written, so now their stored hashes only have to give its Merkle root, last hash and seq again \u2014 a
 * log rewritten and re-hashed since, or cut short, does not. The last event it covers (the one the
 * chain went on from) and every event after it are parsed and verified in full, and the checkpoints
 * written after it held to the log. An earlier event whose content was changed but not its hash
 * passes here: the new checkpoint vouches for the same hashes the old one did, and `audit verify`
 * still names that event. Only a yes comes from this short way (besides a line it parses that is not
 * an event, refused as ever): with no such checkpoint, or when the log does not match it, the whole
 * log is verified as `audit verify` does, and its verdict (in its words) is the answer.
 */
function verifyLogToCheckpoint(log) {
    const found = trustAnchor(log.checkpointsNewestFirst(), log.checkpointsSource, log.signingKeyPem);
    if (found) {
        const { anchor, later } = found;
        const verifier = new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .AuditLogVerifier */ .cL({ checkpoint: later.at(-1) ?? anchor, earlier: [anchor, ...later.slice(0, -1)] });
        if (pushLines(log.read, log.source, verifier, { trusted: Math.max(0, anchor.size - 1) })) {
            const verdict = verifier.result();
            if (verdict.intact)
                return { verdict, head: verifier.head() };
        }
    }
    const verifier = new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .AuditLogVerifier */ .cL(checkpointOptions(log.checkpointsText(), log.checkpointsSource));
    pushLines(log.read, log.source, verifier);
    return { verdict: verifier.result(), head: verifier.head() };
}


/***/ }),

/***/ 5987:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ signingArgs),
/* harmony export */   Q: () => (/* binding */ SIGNING_FIX)
/* harmony export */ });
/**
 * How every commit gitops-sync makes (a git rollback, the audit log's `git` store) is signed: with
 * the runner's git signing key (`user.signingkey`, and `gpg.format ssh` for an SSH key) when one is
 * configured, so the commits pass the same `signed_commits: required` gate as everyone else's.
 */
/**
 * `-S` when git has a signing key configured; nothing when it has none and signing is not required.
 * `required` (e.g. `audit.sign_commits: true`) asks for `-S` anyway, so git's own error names what is missing.
 */
async function signingArgs(git, required = false) {
    const key = await git(['config', '--get', 'user.signingkey']);
    return required || (key.exitCode === 0 && key.stdout.toString().trim() !== '') ? ['-S'] : [];
}
/** The fix for a commit git could not sign, as a clause. */
const SIGNING_FIX = "configure the runner's signing key (git config user.signingkey, and gpg.format ssh for an SSH key) so git can sign with it";


/***/ })

};

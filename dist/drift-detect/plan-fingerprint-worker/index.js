import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 835:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.appendAll = appendAll;
exports.maxOf = maxOf;
exports.minOf = minOf;
/**
 * `target.push(...items)` without handing the items over as arguments: past about 120,000 of them V8
 * runs out of stack (RangeError), and a plan or an estate can hold more changes than that.
 */
function appendAll(target, items) {
    for (const item of items)
        target.push(item);
    return target;
}
/** `Math.max(floor, ...values)` without handing the values over as arguments (see appendAll). */
function maxOf(values, floor = -Infinity) {
    let most = floor;
    for (const value of values)
        most = Math.max(most, value);
    return most;
}
/** `Math.min(ceiling, ...values)` without handing the values over as arguments (see appendAll). */
function minOf(values, ceiling = Infinity) {
    let least = ceiling;
    for (const value of values)
        least = Math.min(least, value);
    return least;
}


/***/ }),

/***/ 491:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.appendPointer = appendPointer;
exports.pointerFromSteps = pointerFromSteps;
exports.stepsFromPointer = stepsFromPointer;
/** Appends one reference token to an RFC 6901 JSON pointer (`~` \u2192 `~0`, `/` \u2192 `~1`). */
function appendPointer(pointer, token) {
    const text = String(token);
    if (!text.includes('~') && !text.includes('/'))
        return `${pointer}/${text}`;
    return `${pointer}/${text.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
/** Turns a Terraform path such as `["tags", "Name"]` or `["rule", 0, "port"]` into a JSON pointer. */
function pointerFromSteps(steps) {
    return steps.reduce((pointer, step) => appendPointer(pointer, step), '');
}
/** The reference tokens of an RFC 6901 JSON pointer: `/a~1b/c` \u2192 `a/b`, `c`. */
function stepsFromPointer(pointer) {
    return pointer === '' ? [] : pointer.slice(1).split('/').map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}


/***/ }),

/***/ 146:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.MIN_HANDED_ON_SECRET_LENGTH = void 0;
exports.collectMaskedSecrets = collectMaskedSecrets;
exports.deepEqual = deepEqual;
exports.redactValue = redactValue;
exports.diffValues = diffValues;
const markers_js_1 = __nccwpck_require__(788);
const json_pointer_js_1 = __nccwpck_require__(491);
/**
 * Shorter secrets are masked in reports (exact values) but not handed on (onSecret): not for log
 * masking, where blanking every "ab" would garble all output, nor to the plan fingerprint.
 */
exports.MIN_HANDED_ON_SECRET_LENGTH = 3;
const isContainer = (value) => typeof value === 'object' && value !== null;
const isAbsent = (value) => value === null || value === undefined;
const child = (mask, key) => isContainer(mask) ? mask[key] : undefined;
/**
 * Hands every string under `value` to the sink. Numbers and booleans are not secrets worth
 * masking: masking "true" or "443" would blank unrelated values and log lines.
 */
function collectSecrets(value, sink) {
    if (!sink || isAbsent(value))
        return;
    if (isContainer(value)) {
        for (const item of Object.values(value))
            collectSecrets(item, sink);
        return;
    }
    if (typeof value === 'string' && value.length > 0)
        sink(value);
}
/** Collects the values a mask marks sensitive, changed or not. */
function collectMaskedSecrets(value, sensitive, sink) {
    if (!sink || isAbsent(sensitive) || sensitive === false)
        return;
    if (sensitive === true)
        return collectSecrets(value, sink);
    if (!isContainer(sensitive) || !isContainer(value))
        return;
    for (const key of Object.keys(sensitive))
        collectMaskedSecrets(child(value, key), child(sensitive, key), sink);
}
function deepEqual(a, b) {
    if (a === b)
        return true;
    if (isAbsent(a) && isAbsent(b))
        return true;
    if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b))
        return false;
    const aKeys = Object.keys(a).filter((key) => !isAbsent(a[key]));
    const bKeys = Object.keys(b).filter((key) => !isAbsent(b[key]));
    if (aKeys.length !== bKeys.length)
        return false;
    return aKeys.every((key) => deepEqual(a[key], b[key]));
}
/** A copy of `value` with its sensitive parts replaced by `(sensitive)` and unknown parts by `(known after apply)`. */
function redactValue(value, sensitive, unknown, sink) {
    if (sensitive === true) {
        collectSecrets(value, sink);
        return isAbsent(value) ? null : markers_js_1.SENSITIVE;
    }
    if (unknown === true)
        return markers_js_1.KNOWN_AFTER_APPLY;
    if (!isContainer(value))
        return value ?? null;
    if (Array.isArray(value))
        return value.map((item, i) => redactValue(item, child(sensitive, i), child(unknown, i), sink));
    const copy = {};
    for (const [key, item] of Object.entries(value)) {
        const redacted = redactValue(item, child(sensitive, key), child(unknown, key), sink);
        // A member named __proto__ (JSON.parse makes it an own member) stays one: assigned, it would become the copy's prototype and drop out of the report.
        if (key === '__proto__')
            Object.defineProperty(copy, key, { value: redacted, enumerable: true, writable: true, configurable: true });
        else
            copy[key] = redacted;
    }
    return copy;
}
const pointerRoot = { pointer: '', children: new Map() };
const MAX_INTERNED_POINTERS = 100_000;
let internedPointers = 0;
function internedPointer(steps) {
    let node = pointerRoot;
    for (const step of steps) {
        let next = node.children.get(step);
        if (next === undefined) {
            if (internedPointers >= MAX_INTERNED_POINTERS)
                return (0, json_pointer_js_1.pointerFromSteps)(steps);
            next = { pointer: (0, json_pointer_js_1.appendPointer)(node.pointer, step), children: new Map() };
            node.children.set(step, next);
            internedPointers++;
        }
        node = next;
    }
    return node.pointer;
}
const lengthOf = (value) => (Array.isArray(value) ? value.length : 0);
const has = (container, key) => isContainer(container) && Object.hasOwn(container, key);
/**
 * Field-level differences between two values as JSON pointers, deepest changed leaves only
 * (arrays compared by index). Absent and null are the same. Sensitive subtrees collapse to one
 * field whose values read `(sensitive)`; their raw values go to `sink` and nowhere else.
 */
function diffValues(before, after, masks = {}, sink) {
    const out = [];
    walk(before, after, masks.beforeSensitive, masks.afterSensitive, masks.afterUnknown, sink, [], out);
    return out;
}
/** The recursion of diffValues; `path` is a stack of keys, turned into a pointer only for a field that changed. */
function walk(before, after, beforeSensitive, afterSensitive, afterUnknown, sink, path, out) {
    if (beforeSensitive === true || afterSensitive === true) {
        // Collected even when unchanged: Terraform copies some sensitive values unmarked elsewhere.
        if (beforeSensitive === true)
            collectSecrets(before, sink);
        if (afterSensitive === true)
            collectSecrets(after, sink);
        if (afterUnknown === true || !deepEqual(before, after)) {
            out.push({
                path: internedPointer(path),
                before: redactValue(before, beforeSensitive, undefined, sink),
                after: redactValue(after, afterSensitive, afterUnknown, sink),
                sensitive: true,
            });
        }
        return;
    }
    if (afterUnknown === true) {
        out.push({ path: internedPointer(path), before: redactValue(before, beforeSensitive, undefined, sink), after: markers_js_1.KNOWN_AFTER_APPLY, sensitive: false });
        return;
    }
    const beforeIsContainer = isContainer(before);
    const afterIsContainer = isContainer(after);
    const sameShape = beforeIsContainer && afterIsContainer && Array.isArray(before) === Array.isArray(after);
    const oneSideAbsent = (beforeIsContainer && isAbsent(after)) || (afterIsContainer && isAbsent(before));
    if (sameShape || oneSideAbsent || (isAbsent(before) && isContainer(afterUnknown))) {
        // Arrays by index; objects by the keys of before, then those only after has, then those only
        // afterUnknown has, each once.
        if (Array.isArray(before) || Array.isArray(after)) {
            const length = Math.max(lengthOf(before), lengthOf(after), lengthOf(afterUnknown));
            for (let index = 0; index < length; index++)
                walkChild(index, before, after, beforeSensitive, afterSensitive, afterUnknown, sink, path, out);
            return;
        }
        if (beforeIsContainer)
            for (const key of Object.keys(before))
                walkChild(key, before, after, beforeSensitive, afterSensitive, afterUnknown, sink, path, out);
        if (afterIsContainer) {
            for (const key of Object.keys(after))
                if (!has(before, key))
                    walkChild(key, before, after, beforeSensitive, afterSensitive, afterUnknown, sink, path, out);
        }
        if (isContainer(afterUnknown)) {
            for (const key of Object.keys(afterUnknown)) {
                if (!has(before, key) && !has(after, key))
                    walkChild(key, before, after, beforeSensitive, afterSensitive, afterUnknown, sink, path, out);
            }
        }
        return;
    }
    if (!deepEqual(before, after)) {
        out.push({
            path: internedPointer(path),
            before: redactValue(before, beforeSensitive, undefined, sink),
            after: redactValue(after, afterSensitive, afterUnknown, sink),
            sensitive: false,
        });
    }
}
function walkChild(key, before, after, beforeSensitive, afterSensitive, afterUnknown, sink, path, out) {
    path.push(key);
    walk(child(before, key), child(after, key), child(beforeSensitive, key), child(afterSensitive, key), child(afterUnknown, key), sink, path, out);
    path.pop();
}


/***/ }),

/***/ 638:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.yamlErrorText = exports.tooDeeplyNested = exports.isStackOverflow = exports.clip = exports.oneLine = exports.githubLogText = exports.terminalText = exports.BUG_NOTE = exports.UserError = void 0;
exports.isUserError = isUserError;
exports.describeFailure = describeFailure;
/**
 * A mistake the user can fix: bad input, a missing tool, a refused gate.
 * Its message is one sentence that says what, where and how to fix; it is printed without a stack.
 */
class UserError extends Error {
    name = 'UserError';
}
exports.UserError = UserError;
function isUserError(error) {
    return error instanceof UserError;
}
exports.BUG_NOTE = 'this is a bug in gitops-sync, please report it with the command you ran';
/**
 * Text for a terminal or CI log: control characters other than line breaks (escape sequences a
 * server, a cloud account or a tool put in a name or message) shown as `?`.
 */
const terminalText = (text) => text.replace(/[^\P{Cc}\n]/gu, '?');
exports.terminalText = terminalText;
/**
 * A GitHub Actions log line as text: the runner runs a line that starts with `::` as a workflow command,
 * and still runs its legacy `##[command]` anywhere in a line; messages carry names a cloud account, a
 * server or a tool chose.
 */
const githubLogText = (text) => (0, exports.terminalText)(text).replace(/^(\s*)::/gm, '$1: :').replace(/##\[/g, '# #[');
exports.githubLogText = githubLogText;
/** A name someone else chose, on one line of a message: line breaks, other control characters and Unicode line separators become a space. */
const oneLine = (text) => text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
exports.oneLine = oneLine;
/** `text` in at most `limit` characters, an ellipsis marking a cut. */
const clip = (text, limit) => (text.length > limit ? `${text.slice(0, limit - 1)}\u2026` : text);
exports.clip = clip;
/** Whether `error` is JavaScript running out of stack: input nested thousands of levels deep, where code follows it by recursion. */
/** How V8 words running out of stack ("Maximum call stack size exceeded"), also inside other libraries' messages. */
const CALL_STACK = /call stack/i;
const isStackOverflow = (error) => error instanceof RangeError && CALL_STACK.test(error.message);
exports.isStackOverflow = isStackOverflow;
/** What a stack overflow means to the user, for a source that knows which input did it. */
const tooDeeplyNested = (label) => `${label} nests values thousands of levels deep, more than gitops-sync can follow; no tool it reads writes such input, so check where it came from and produce it again.`;
exports.tooDeeplyNested = tooDeeplyNested;
/** What a YAML parser's error says, the stack it ran out of (deep nesting) worded as such: not a JavaScript error's text. */
const yamlErrorText = (message) => CALL_STACK.test(message) ? 'values nested thousands of levels deep, more than gitops-sync can follow' : message.split('\n')[0];
exports.yamlErrorText = yamlErrorText;
/** The one sentence a user sees for a failure: theirs to fix, or ours. Never a stack trace, never an escape sequence. */
function describeFailure(error) {
    if (isUserError(error))
        return (0, exports.terminalText)(error.message);
    // Not told apart from a recursion of our own that never ends: the sentence says both.
    if ((0, exports.isStackOverflow)(error))
        return `The input nests values thousands of levels deep, more than gitops-sync can follow (no tool it reads writes such input: check where it came from), or gitops-sync ran out of stack on its own (${exports.BUG_NOTE}).`;
    const message = error instanceof Error ? error.message : String(error);
    return (0, exports.terminalText)(`${message.replace(/[.\s]+$/, '')} (${exports.BUG_NOTE}).`);
}


/***/ }),

/***/ 730:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.isSpace = exports.NEWLINE = exports.TAB = exports.SPACE = exports.COLON = exports.COMMA = exports.CLOSE_BRACKET = exports.OPEN_BRACKET = exports.CLOSE_BRACE = exports.OPEN_BRACE = exports.BACKSLASH = exports.QUOTE = void 0;
/** The bytes of JSON's structure, for the readers that scan JSON as bytes (top-level-reader.ts, plan/canonical-bytes.ts). */
exports.QUOTE = 0x22;
exports.BACKSLASH = 0x5c;
exports.OPEN_BRACE = 0x7b;
exports.CLOSE_BRACE = 0x7d;
exports.OPEN_BRACKET = 0x5b;
exports.CLOSE_BRACKET = 0x5d;
exports.COMMA = 0x2c;
exports.COLON = 0x3a;
exports.SPACE = 0x20;
exports.TAB = 0x09;
exports.NEWLINE = 0x0a;
/** JSON's whitespace: space, line feed, carriage return, tab. */
const isSpace = (byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
exports.isSpace = isSpace;


/***/ }),

/***/ 446:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


/**
 * Reads a large JSON object without building all of it: the caller names the top-level keys it
 * wants as whole values and the keys whose array items it wants one at a time; every other value
 * is skipped by scanning bytes (strings and nesting only, no allocation). Plans carry two copies of
 * the state (`prior_state`, `planned_values`) and the configuration that drift analysis never
 * needs, so skipping them is most of the work saved.
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.RAW_PARSE = exports.RAW_NEED_MORE = exports.JsonShapeError = void 0;
exports.wholeBytes = wholeBytes;
exports.readTopLevel = readTopLevel;
const utf8_text_js_1 = __nccwpck_require__(145);
const json_bytes_js_1 = __nccwpck_require__(730);
class JsonShapeError extends Error {
    reason;
    offset;
    constructor(reason, offset, detail) {
        super(detail);
        this.reason = reason;
        this.offset = offset;
    }
}
exports.JsonShapeError = JsonShapeError;
exports.RAW_NEED_MORE = -1;
exports.RAW_PARSE = -2;
/** The longest first key of an array's items that batches look for (a longer one: items are read one by one). */
const MAX_ITEM_KEY_BYTES = 64;
/**
 * Items parsed in one JSON.parse call span at most this many bytes. Small batches are faster than
 * large ones: fewer parsed items are still alive when the young generation is collected.
 */
const BATCH_BYTES = 1 << 16;
/** When no boundary is within BATCH_BYTES (an entry larger than that), how far a batch may reach. */
const LARGE_BATCH_BYTES = 1 << 20;
/** A ByteSource over bytes already in memory. */
function wholeBytes(bytes) {
    let given = false;
    return () => {
        if (given)
            return undefined;
        given = true;
        return bytes;
    };
}
function readTopLevel(input, spec) {
    const reader = new Reader(typeof input === 'function' ? input : wholeBytes(input));
    const found = new Map();
    const keys = new Set();
    const tee = spec.tee && { keys: spec.tee.keys, sink: new GatheredSink(spec.tee.sink) };
    let teed = 0;
    reader.skipBom();
    reader.skipSpace();
    if (reader.peek() !== json_bytes_js_1.OPEN_BRACE) {
        if (reader.atEnd())
            throw new JsonShapeError('truncated', reader.at, 'the file is empty');
        throw new JsonShapeError('not-an-object', reader.at, 'the top level is not a JSON object');
    }
    reader.pos++;
    reader.skipSpace();
    if (reader.peek() === json_bytes_js_1.CLOSE_BRACE)
        reader.pos++;
    else {
        for (;;) {
            reader.skipSpace();
            const key = reader.readKey();
            keys.add(key);
            if (tee?.keys.includes(key)) {
                tee.sink.writeText(`${teed++ ? ',' : '{'}${JSON.stringify(key)}:`);
                reader.startTee(tee.sink);
            }
            if (spec.arrays.includes(key) && reader.peek() === json_bytes_js_1.OPEN_BRACKET) {
                // The array replaces a value an earlier member of the same key left (JSON.parse keeps the last).
                found.delete(key);
                const raw = spec.raw?.keys.includes(key) ? spec.raw.onItem : undefined;
                if (raw)
                    reader.readRawItems((bytes, start) => raw(key, bytes, start), (item) => spec.onItem(key, item));
                else
                    reader.readItems((item) => spec.onItem(key, item));
            }
            else if (spec.values.includes(key))
                found.set(key, reader.readValue());
            else
                reader.skipValue();
            reader.endTee();
            reader.skipSpace();
            const next = reader.take();
            if (next === json_bytes_js_1.CLOSE_BRACE)
                break;
            if (next !== json_bytes_js_1.COMMA)
                throw reader.unexpected(next, 'a comma or } after a value');
        }
    }
    reader.skipSpace();
    if (!reader.atEnd())
        throw new JsonShapeError('invalid', reader.at, 'there is more data after the top-level object');
    tee?.sink.writeText(teed ? '}' : '{}');
    tee?.sink.flush();
    return { values: found, keys, itemsInBatches: reader.itemsInBatches, boundarySearches: reader.boundarySearches, scannedBatches: reader.scannedBatches };
}
/** Below this, tee pieces are gathered before they are handed on. */
const TEE_GATHER_BYTES = 1 << 16;
/**
 * Hands pieces on to `sink`, small ones gathered into larger ones first: each piece can cost the sink
 * a message to another thread, and a plan may repeat a member a million times.
 */
class GatheredSink {
    sink;
    gathered = Buffer.allocUnsafe(TEE_GATHER_BYTES);
    used = 0;
    constructor(sink) {
        this.sink = sink;
    }
    /** Hands on `bytes` from `start` to `end`. */
    write(bytes, start, end) {
        const length = end - start;
        if (this.used + length > this.gathered.length)
            this.flush();
        if (length >= this.gathered.length)
            this.sink(bytes.subarray(start, end));
        else
            this.used += bytes.copy(this.gathered, this.used, start, end);
    }
    writeText(text) {
        const bytes = Buffer.from(text);
        this.write(bytes, 0, bytes.length);
    }
    flush() {
        if (this.used > 0)
            this.sink(this.gathered.subarray(0, this.used));
        this.used = 0;
    }
}
/**
 * The last boundary between items that starts at or after `from` and whose first key starts at or
 * before `limit`: `}`, `,`, `{`, the key, `:` with any JSON whitespace between them (Terraform writes
 * none; kubectl, `jq .` and other pretty-printers add newlines and indentation, CRLF on Windows), the
 * `{` indented as the first item's was when it was on a line of its own. Returns the offsets of its
 * `}`, `{` and key, or undefined.
 */
function lastItemBoundary(bytes, from, limit, start) {
    const { key: itemKey, indent } = start;
    for (let key = bytes.lastIndexOf(itemKey, limit); key > from; key = bytes.lastIndexOf(itemKey, key - 1)) {
        let after = key + itemKey.length;
        while ((0, json_bytes_js_1.isSpace)(bytes[after]))
            after++;
        if (bytes[after] !== json_bytes_js_1.COLON)
            continue;
        let before = key - 1;
        while ((0, json_bytes_js_1.isSpace)(bytes[before]))
            before--;
        if (bytes[before] !== json_bytes_js_1.OPEN_BRACE)
            continue;
        const open = before--;
        if (indent && (open - indent.length < from || bytes.compare(indent, 0, indent.length, open - indent.length, open) !== 0))
            continue;
        while ((0, json_bytes_js_1.isSpace)(bytes[before]))
            before--;
        if (bytes[before--] !== json_bytes_js_1.COMMA)
            continue;
        while ((0, json_bytes_js_1.isSpace)(bytes[before]))
            before--;
        if (bytes[before] !== json_bytes_js_1.CLOSE_BRACE || before < from)
            continue;
        return { close: before, open, key };
    }
    return undefined;
}
/**
 * A window over the input: bytes before the current position are dropped when the next chunk
 * arrives, except from `mark` on (the start of the value being read), so memory holds one chunk
 * plus the value in hand, never the whole file.
 */
class Reader {
    next;
    /** Position in the window. */
    pos = 0;
    /** A Buffer view (not a copy), for its multi-byte lastIndexOf. */
    bytes = Buffer.alloc(0);
    /** Where the end of one chunk and the next are joined when a value spans them (see more). */
    joined = Buffer.alloc(0);
    /** Absolute offset of the window's first byte, for messages. */
    offset = 0;
    mark = -1;
    exhausted = false;
    /** Where the value being teed starts in the window (-1: none), and where its bytes go. */
    teeFrom = -1;
    teeSink;
    /** Absolute offset before which a batch failed to parse, so items there are read one by one. */
    noBatchUntil = 0;
    /** How the items of the array being read start (see firstItemStart): what a batch's boundary is found by. */
    itemStart;
    itemsInBatches = 0;
    /** How many times the window was searched for a boundary between items. */
    boundarySearches = 0;
    scannedBatches = 0;
    constructor(next) {
        this.next = next;
    }
    /** Absolute offset of `pos`. */
    get at() {
        return this.offset + this.pos;
    }
    /** Appends the next chunk; false at the end of the input. Window indices shift, so callers reload them. */
    more() {
        if (this.exhausted)
            return false;
        const chunk = this.next();
        if (!chunk) {
            this.exhausted = true;
            return false;
        }
        const keep = this.mark >= 0 ? this.mark : this.pos;
        const rest = this.bytes.length - keep;
        // The window is read to its end only inside a value: what is left of it belongs to the value teed.
        if (this.teeFrom >= 0) {
            if (this.teeFrom < this.bytes.length)
                this.teeSink.write(this.bytes, this.teeFrom, this.bytes.length);
            this.teeFrom = rest;
        }
        if (rest === 0)
            this.bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        else {
            // Joined in a buffer of our own, reused from chunk to chunk: a fresh one each time costs more
            // (the system maps and zeroes its pages) than copying into it.
            const length = rest + chunk.byteLength;
            if (this.joined.length < length) {
                const larger = Buffer.allocUnsafeSlow(length + (length >> 2));
                this.bytes.copy(larger, 0, keep);
                this.joined = larger;
            }
            else
                this.bytes.copy(this.joined, 0, keep);
            this.joined.set(chunk, rest);
            this.bytes = this.joined.subarray(0, length);
        }
        this.offset += keep;
        this.pos -= keep;
        if (this.mark >= 0)
            this.mark -= keep;
        return true;
    }
    atEnd() {
        return this.peek() === undefined;
    }
    /** Hands the bytes of the value starting at `pos` to `sink` as they are read, until endTee. */
    startTee(sink) {
        this.teeFrom = this.pos;
        this.teeSink = sink;
    }
    endTee() {
        if (this.teeFrom < 0)
            return;
        if (this.teeFrom < this.pos)
            this.teeSink.write(this.bytes, this.teeFrom, this.pos);
        this.teeFrom = -1;
    }
    peek() {
        while (this.pos >= this.bytes.length)
            if (!this.more())
                return undefined;
        return this.bytes[this.pos];
    }
    take() {
        const byte = this.peek();
        if (byte === undefined)
            throw new JsonShapeError('truncated', this.at, 'the JSON ends unexpectedly');
        this.pos++;
        return byte;
    }
    unexpected(byte, expected) {
        if (byte === undefined)
            return new JsonShapeError('truncated', this.at, 'the JSON ends unexpectedly');
        return new JsonShapeError('invalid', this.at - 1, `expected ${expected} but found ${JSON.stringify(String.fromCharCode(byte))}`);
    }
    skipBom() {
        if (this.peek() !== 0xef)
            return;
        // The BOM may come in pieces of one or two bytes: the window holds all three before they are compared.
        while (this.bytes.length - this.pos < 3 && this.more())
            ;
        if (this.bytes[this.pos + 1] === 0xbb && this.bytes[this.pos + 2] === 0xbf)
            this.pos += 3;
    }
    skipSpace() {
        for (let byte = this.peek(); byte !== undefined && (0, json_bytes_js_1.isSpace)(byte); byte = this.peek())
            this.pos++;
    }
    /** Moves past a string whose opening quote is at `pos`; the whole string stays in the window. */
    skipString() {
        const ownMark = this.mark < 0;
        if (ownMark)
            this.mark = this.pos;
        this.pos++;
        for (;;) {
            const quote = this.bytes.indexOf(json_bytes_js_1.QUOTE, this.pos);
            if (quote < 0) {
                this.pos = this.bytes.length;
                if (!this.more())
                    throw new JsonShapeError('truncated', this.at, 'a string never ends');
                continue;
            }
            let backslashes = 0;
            while (this.bytes[quote - 1 - backslashes] === json_bytes_js_1.BACKSLASH)
                backslashes++;
            this.pos = quote + 1;
            if (backslashes % 2 === 0)
                break;
        }
        if (ownMark)
            this.mark = -1;
    }
    /** Moves past one value of any kind, checking only that strings end and brackets balance. */
    skipValue() {
        this.skipSpace();
        const first = this.peek();
        if (first === json_bytes_js_1.QUOTE)
            return this.skipString();
        if (first !== json_bytes_js_1.OPEN_BRACE && first !== json_bytes_js_1.OPEN_BRACKET) {
            let length = 0;
            for (let byte = this.peek(); byte !== undefined; byte = this.peek()) {
                if (byte === json_bytes_js_1.COMMA || byte === json_bytes_js_1.CLOSE_BRACE || byte === json_bytes_js_1.CLOSE_BRACKET || (0, json_bytes_js_1.isSpace)(byte))
                    break;
                this.pos++;
                length++;
            }
            if (length === 0)
                throw this.unexpected(this.peek(), 'a value');
            if (this.atEnd())
                throw new JsonShapeError('truncated', this.at, 'the JSON ends unexpectedly');
            return;
        }
        const closers = [];
        do {
            // A tight loop over the window; strings and the window's end leave it to reload.
            const bytes = this.bytes;
            let pos = this.pos;
            let byte = bytes[pos];
            while (byte !== undefined && byte !== json_bytes_js_1.QUOTE) {
                if (byte === json_bytes_js_1.OPEN_BRACE)
                    closers.push(json_bytes_js_1.CLOSE_BRACE);
                else if (byte === json_bytes_js_1.OPEN_BRACKET)
                    closers.push(json_bytes_js_1.CLOSE_BRACKET);
                else if (byte === json_bytes_js_1.CLOSE_BRACE || byte === json_bytes_js_1.CLOSE_BRACKET) {
                    if (closers.pop() !== byte) {
                        this.pos = pos;
                        throw new JsonShapeError('invalid', this.at, 'brackets do not match');
                    }
                    if (closers.length === 0)
                        break;
                }
                byte = bytes[++pos];
            }
            if (byte === json_bytes_js_1.QUOTE) {
                // Fast path: the string ends in this window without escapes before its closing quote.
                const quote = bytes.indexOf(json_bytes_js_1.QUOTE, pos + 1);
                if (quote > 0 && bytes[quote - 1] !== json_bytes_js_1.BACKSLASH) {
                    this.pos = quote + 1;
                    continue;
                }
            }
            this.pos = pos;
            if (byte === json_bytes_js_1.QUOTE)
                this.skipString();
            else if (byte === undefined) {
                if (!this.more())
                    throw new JsonShapeError('truncated', this.at, 'the JSON ends unexpectedly');
            }
            else
                this.pos++;
        } while (closers.length > 0);
    }
    readValue() {
        this.skipSpace();
        this.mark = this.pos;
        this.skipValue();
        return this.parseMarked();
    }
    /** Parses the window from `mark` to `pos` and clears the mark. */
    parseMarked() {
        const start = this.offset + this.mark;
        const text = this.text(this.mark, this.pos);
        this.mark = -1;
        try {
            return JSON.parse(text);
        }
        catch {
            // Not JSON.parse's own message: it quotes the text around the error, which may be part of a secret.
            throw new JsonShapeError('invalid', start, 'a broken value');
        }
    }
    readKey() {
        if (this.peek() !== json_bytes_js_1.QUOTE)
            throw this.unexpected(this.take(), 'a quoted key');
        const key = this.readValue();
        this.skipSpace();
        const colon = this.take();
        if (colon !== json_bytes_js_1.COLON)
            throw this.unexpected(colon, 'a colon after a key');
        this.skipSpace();
        return key;
    }
    /**
     * The window's bytes from `start` to `end` as a string. Plans are nearly always pure ASCII, and
     * copying ASCII bytes into a one-byte string is ten times faster than decoding UTF-8 (the
     * biggest cost after JSON.parse itself).
     */
    text(start, end) {
        return (0, utf8_text_js_1.utf8Text)(this.bytes.subarray(start, end));
    }
    /**
     * Parses the items in the window up to the last boundary between change entries before the batch
     * limit (see lastItemBoundary) with one JSON.parse. A quote inside a JSON string is always escaped,
     * so `"address"` after a `{` is structure, never text; the boundary may still be one between
     * nested objects within an entry, or one in a later array (prior_state after resource_changes),
     * but then the slice cannot parse (a brace stays open, or a `]` closes early): the items before
     * it are then found by scanning them exactly (batchScannedItems). Returns whether it read any.
     */
    readItemBatch(onItem) {
        if (this.at < this.noBatchUntil || this.peek() !== json_bytes_js_1.OPEN_BRACE)
            return false;
        this.itemStart ??= this.firstItemStart();
        if (!this.itemStart)
            return false;
        const limit = Math.min(this.pos + LARGE_BATCH_BYTES, this.bytes.length);
        this.boundarySearches++;
        const start = this.itemStart;
        // Indented as the first item or not (items written on one line after a first on its own).
        const boundary = lastItemBoundary(this.bytes, this.pos, Math.min(this.pos + BATCH_BYTES, limit), start) ??
            lastItemBoundary(this.bytes, this.pos, limit, start) ??
            (start.indent ? lastItemBoundary(this.bytes, this.pos, limit, { key: start.key }) : undefined);
        // No boundary up to the limit (an array of other things, e.g. a Kubernetes List, or one huge
        // entry): the items up to there are read one by one, without searching again for each of them.
        if (!boundary) {
            this.noBatchUntil = this.offset + limit;
            return false;
        }
        const items = this.parseItems(this.pos, boundary.close + 1);
        if (!items)
            return this.batchScannedItems(boundary.close, onItem);
        this.pos = boundary.open;
        this.deliver(items, onItem);
        return true;
    }
    /** The items from `start` to `end` in the window (whole items, comma-separated), or undefined when that is not what they are. */
    parseItems(start, end) {
        try {
            return JSON.parse(`[${this.text(start, end)}]`);
        }
        catch {
            return undefined;
        }
    }
    deliver(items, onItem) {
        this.itemsInBatches += items.length;
        for (const item of items)
            onItem(item);
    }
    /**
     * Scans items one by one (brackets and strings only, no allocation) from `pos` while they end
     * before window index `close`, and parses those followed by a comma with one JSON.parse. Leaves
     * `pos` at the next item. When there are none (the array's last item, or one that goes past
     * `close`), or the bytes do not scan or parse, `pos` is unchanged and the one-by-one path reads
     * the first item (and reports what is wrong).
     */
    batchScannedItems(close, onItem) {
        const start = this.pos;
        const closeAt = this.offset + close;
        this.mark = start;
        let firstEnd = closeAt;
        let lastEnd = -1;
        let nextStart = -1;
        try {
            for (;;) {
                this.skipValue();
                const end = this.at;
                if (lastEnd < 0)
                    firstEnd = end;
                if (end > closeAt + 1)
                    break;
                this.skipSpace();
                if (this.peek() !== json_bytes_js_1.COMMA)
                    break;
                this.pos++;
                this.skipSpace();
                lastEnd = end;
                nextStart = this.at;
            }
        }
        catch (error) {
            if (!(error instanceof JsonShapeError))
                throw error;
        }
        // The window may have moved on (a longer item pulled in the next chunk); `mark` moved with it.
        const base = this.offset;
        const from = this.mark;
        this.mark = -1;
        const items = lastEnd < 0 ? undefined : this.parseItems(from, lastEnd - base);
        if (!items) {
            this.pos = from;
            this.noBatchUntil = lastEnd < 0 ? firstEnd : closeAt;
            return false;
        }
        this.pos = nextStart - base;
        this.scannedBatches++;
        this.deliver(items, onItem);
        return true;
    }
    /** readItems for items handed over as bytes (TopLevelSpec.raw); those declined go to `onItem` parsed. */
    readRawItems(onRaw, onItem) {
        this.pos++;
        this.skipSpace();
        if (this.peek() === json_bytes_js_1.CLOSE_BRACKET) {
            this.pos++;
            return;
        }
        for (;;) {
            let end = onRaw(this.bytes, this.pos);
            if (end === exports.RAW_NEED_MORE) {
                // The item goes on in the next chunk: bring all of it into the window and ask again.
                this.mark = this.pos;
                this.skipValue();
                end = onRaw(this.bytes.subarray(0, this.pos), this.mark);
                if (end < 0)
                    onItem(this.parseMarked());
                else
                    this.mark = -1;
            }
            else if (end < 0)
                onItem(this.readValue());
            else
                this.pos = end;
            this.skipSpace();
            const next = this.take();
            if (next === json_bytes_js_1.CLOSE_BRACKET)
                return;
            if (next !== json_bytes_js_1.COMMA)
                throw this.unexpected(next, 'a comma or ] between array items');
            this.skipSpace();
        }
    }
    /**
     * How the item at `pos` starts (ItemStart), as the bytes say it (a key without escapes), when the
     * window holds it: the items of one array are written alike, so it is likely to start the next ones too.
     */
    firstItemStart() {
        const bytes = this.bytes;
        let at = this.pos;
        if (bytes[at++] !== json_bytes_js_1.OPEN_BRACE)
            return undefined;
        while ((0, json_bytes_js_1.isSpace)(bytes[at]))
            at++;
        if (bytes[at] !== json_bytes_js_1.QUOTE)
            return undefined;
        const close = bytes.indexOf(json_bytes_js_1.QUOTE, at + 1);
        if (close < 0 || close - at + 1 > MAX_ITEM_KEY_BYTES || bytes.subarray(at, close).includes(json_bytes_js_1.BACKSLASH))
            return undefined;
        let lineStart = this.pos;
        while (bytes[lineStart - 1] === json_bytes_js_1.SPACE || bytes[lineStart - 1] === json_bytes_js_1.TAB)
            lineStart--;
        const onItsOwnLine = bytes[lineStart - 1] === json_bytes_js_1.NEWLINE;
        return { key: Buffer.from(bytes.subarray(at, close + 1)), indent: onItsOwnLine ? Buffer.from(bytes.subarray(lineStart - 1, this.pos)) : undefined };
    }
    readItems(onItem) {
        this.pos++;
        this.skipSpace();
        if (this.peek() === json_bytes_js_1.CLOSE_BRACKET) {
            this.pos++;
            return;
        }
        this.itemStart = undefined;
        for (;;) {
            if (this.readItemBatch(onItem))
                continue;
            onItem(this.readValue());
            this.skipSpace();
            const next = this.take();
            if (next === json_bytes_js_1.CLOSE_BRACKET)
                return;
            if (next !== json_bytes_js_1.COMMA)
                throw this.unexpected(next, 'a comma or ] between array items');
            this.skipSpace();
        }
    }
}


/***/ }),

/***/ 145:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.utf8Text = utf8Text;
exports.utf8ChunkDecoder = utf8ChunkDecoder;
const node_buffer_1 = __nccwpck_require__(573);
/**
 * UTF-8 bytes as text. ASCII (most tool output) is copied as latin1, which gives the same text many times
 * faster than decoding UTF-8; anything else is decoded, invalid bytes read as U+FFFD.
 */
function utf8Text(bytes) {
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return (0, node_buffer_1.isAscii)(buffer) ? buffer.toString('latin1') : buffer.toString('utf8');
}
/** How many of `bytes` end on a whole character: a character cut off at the end waits for the next chunk. */
function wholeCharacters(bytes) {
    for (let back = 1; back <= Math.min(4, bytes.length); back++) {
        const byte = bytes[bytes.length - back];
        if ((byte & 0xc0) === 0x80)
            continue; // a continuation byte
        const length = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
        return length > back ? bytes.length - back : bytes.length;
    }
    return bytes.length;
}
/**
 * A decoder of UTF-8 read in chunks (as TextDecoder's stream mode, which drops a leading BOM as the
 * YAML parsers do), through utf8Text: decoding a 230 MB export with TextDecoder took over a second.
 * Call it with each chunk (reused buffers are fine: what it keeps it copies), then without one at the end.
 */
function utf8ChunkDecoder() {
    let pending;
    let started = false;
    return (chunk) => {
        let bytes = chunk ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.alloc(0);
        if (pending)
            bytes = Buffer.concat([pending, bytes]);
        const whole = chunk ? wholeCharacters(bytes) : bytes.length;
        pending = whole < bytes.length ? Buffer.from(bytes.subarray(whole)) : undefined;
        let text = utf8Text(bytes.subarray(0, whole));
        if (!started && text !== '') {
            started = true;
            if (text.charCodeAt(0) === 0xfeff)
                text = text.slice(1);
        }
        return text;
    };
}


/***/ }),

/***/ 788:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.KNOWN_AFTER_APPLY = exports.SENSITIVE = void 0;
/** Written in place of a value that must never leave its source. */
exports.SENSITIVE = '(sensitive)';
/** Written in place of a value Terraform only knows once the plan is applied. */
exports.KNOWN_AFTER_APPLY = '(known after apply)';


/***/ }),

/***/ 841:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ByteEntryWriter = exports.NOT_HANDLED = exports.NEED_MORE = void 0;
/**
 * The canonical text of a resource_changes entry written from the entry's bytes, without JSON.parse
 * (issue 15: parsing was most of the fingerprint worker's time). It writes exactly what
 * redactedResourceChange (plan-fingerprinter.ts) writes for JSON.parse of the same bytes, or
 * declines the entry (NOT_HANDLED) so the caller parses it: whenever the bytes hold anything it
 * does not fully understand (keys out of order, duplicate keys, escaped or non-ASCII keys, deep
 * nesting, invalid JSON). Terraform writes values with their keys sorted, so the canonical text of
 * a value is nearly always its own bytes: they are copied in runs, and only what differs (spaces,
 * numbers such as 1.0, escapes such as \u003c, redacted values) is written anew.
 */
const node_buffer_1 = __nccwpck_require__(573);
const utf8_text_js_1 = __nccwpck_require__(145);
const markers_js_1 = __nccwpck_require__(788);
const string_sieve_js_1 = __nccwpck_require__(987);
const json_bytes_js_1 = __nccwpck_require__(730);
/** ByteEntryWriter.entry's answer when the entry goes past the bytes given. */
exports.NEED_MORE = -1;
/** ByteEntryWriter.entry's answer for an entry to parse instead. */
exports.NOT_HANDLED = -2;
const MORE = new Error('more bytes needed');
const UNHANDLED = new Error('not handled from bytes');
const SKIP = 0;
const PLAIN = 1;
const REDACT = 2;
/** String flags: a canonical escape (\" \\ \b \f \n \r \t), another escape (\/ \uXXXX), a byte >= 0x80. */
const ESCAPE = 1;
const OTHER_ESCAPE = 2;
const NON_ASCII = 4;
const LETTER_T = 0x74;
/** Deeper values are left to JSON.parse and canonical(), which fail on them as they always did. */
const MAX_DEPTH = 256;
const SENSITIVE_TEXT = JSON.stringify(markers_js_1.SENSITIVE);
const isDigit = (byte) => byte !== undefined && byte >= 0x30 && byte <= 0x39;
const isHex = (byte) => byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66));
const isContainer = (value) => typeof value === 'object' && value !== null;
/** The error for byte `byte` where something else was expected: the bytes end there, or they are not what this writer reads. */
const unexpected = (byte) => (byte === undefined ? MORE : UNHANDLED);
/** Copies `source[from, to)` into `target` at `at`; a loop for the short runs most are (Buffer.copy's own cost is larger). */
function copyBytes(source, from, to, target, at) {
    const length = to - from;
    if (length > 48)
        target.set(source.subarray(from, to), at);
    else
        for (let index = 0; index < length; index++)
            target[at + index] = source[from + index];
    return length;
}
const keyBytes = (key) => Buffer.from(key, 'latin1');
const CHANGE = keyBytes('change');
const BEFORE = keyBytes('before');
const AFTER = keyBytes('after');
const BEFORE_SENSITIVE = keyBytes('before_sensitive');
const AFTER_SENSITIVE = keyBytes('after_sensitive');
const NULL = keyBytes('null');
/** The members of one object, in objects reused from entry to entry. */
class Members {
    items = [];
    count = 0;
    add(keySource, keyStart, keyEnd) {
        if (this.count === this.items.length)
            this.items.push({ keySource, keyStart, keyEnd, start: 0, end: 0, inInput: false, from: 0, to: 0 });
        const member = this.items[this.count++];
        member.keySource = keySource;
        member.keyStart = keyStart;
        member.keyEnd = keyEnd;
        return member;
    }
    find(key) {
        for (let index = 0; index < this.count; index++)
            if (keyIs(this.items[index], key))
                return this.items[index];
        return undefined;
    }
    /**
     * Sorts the members by name (byte order, which for ASCII names is the order sort() gives) and
     * says whether their names are distinct (JSON.parse keeps only the last of a duplicate).
     */
    sortDistinct() {
        const items = this.items;
        // Insertion sort is quadratic: beyond Terraform's dozen members (an entry written to be slow), sort.
        if (this.count > 32) {
            const sorted = items.slice(0, this.count).sort((a, b) => (keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0));
            for (let index = 0; index < sorted.length; index++)
                items[index] = sorted[index];
        }
        for (let index = 1; index < this.count; index++) {
            const member = items[index];
            let at = index - 1;
            for (; at >= 0 && keyLess(member, items[at]); at--)
                items[at + 1] = items[at];
            items[at + 1] = member;
        }
        for (let index = 1; index < this.count; index++)
            if (!keyLess(items[index - 1], items[index]))
                return false;
        return true;
    }
}
/** Writes `"name":` at `at`; returns the offset after it. */
function putName(member, target, at) {
    target[at++] = json_bytes_js_1.QUOTE;
    at += copyBytes(member.keySource, member.keyStart, member.keyEnd, target, at);
    target[at++] = json_bytes_js_1.QUOTE;
    target[at++] = json_bytes_js_1.COLON;
    return at;
}
const keyLess = (a, b) => bytesLess(a.keySource, a.keyStart, a.keyEnd, b.keySource, b.keyStart, b.keyEnd);
function keyIs(member, key) {
    if (member.keyEnd - member.keyStart !== key.length)
        return false;
    for (let index = 0; index < key.length; index++)
        if (member.keySource[member.keyStart + index] !== key[index])
            return false;
    return true;
}
/** Whether the bytes a[aStart, aEnd) sort strictly before b[bStart, bEnd). */
function bytesLess(a, aStart, aEnd, b, bStart, bEnd) {
    for (; aStart < aEnd && bStart < bEnd; aStart++, bStart++)
        if (a[aStart] !== b[bStart])
            return a[aStart] < b[bStart];
    return aStart === aEnd && bStart < bEnd;
}
class ByteEntryWriter {
    bytes = Buffer.alloc(0);
    /** The canonical text of each member, one after the other. */
    out = Buffer.allocUnsafe(1 << 16);
    outLength = 0;
    /** Where the run of input bytes copied as they are starts (see flush). */
    run = 0;
    depth = 0;
    flags = 0;
    simpleNumber = false;
    secrets = new Set();
    secretHashes = new Set();
    entryMembers = new Members();
    changeMembers = new Members();
    /** The sieve hashes (first, step) of the strings the entry writes as they are, to add once it is kept. */
    written = new Int32Array(1 << 12);
    writtenLength = 0;
    /**
     * Reads the entry at `bytes[start]`, ready for writeText, and returns the offset after it, or NEED_MORE / NOT_HANDLED with nothing handed on. `secrets` are the strings to
     * redact, `secretHashes` their hashed.first (see hashString); `collect` is called once masks are
     * known, before anything is written with them.
     */
    entry(bytes, start, secrets, secretHashes, collect) {
        this.bytes = bytes;
        this.secrets = secrets;
        this.secretHashes = secretHashes;
        this.outLength = 0;
        this.writtenLength = 0;
        this.depth = 0;
        this.entryMembers.count = 0;
        this.changeMembers.count = 0;
        try {
            const end = this.members(start, this.entryMembers, true);
            if (!this.entryMembers.find(CHANGE))
                return exports.NOT_HANDLED;
            if (!this.entryMembers.sortDistinct() || !this.changeMembers.sortDistinct())
                return exports.NOT_HANDLED;
            this.applyMasks(collect);
            return end;
        }
        catch (error) {
            if (error === MORE)
                return exports.NEED_MORE;
            if (error === UNHANDLED)
                return exports.NOT_HANDLED;
            throw error;
        }
    }
    /**
     * Reads the object at `p` member by member, writing each value's text into `out`: the entry's
     * (`entry`), whose `change` is read the same way into changeMembers, or the change's, whose
     * before/after are written redacted with the secrets known (masks come after them).
     */
    members(p, members, entry) {
        const bytes = this.bytes;
        if (bytes[p] !== json_bytes_js_1.OPEN_BRACE)
            throw unexpected(bytes[p]);
        p = skipSpace(bytes, p + 1);
        if (bytes[p] === json_bytes_js_1.CLOSE_BRACE) {
            if (entry)
                throw UNHANDLED;
            return p + 1;
        }
        for (;;) {
            p = skipSpace(bytes, p);
            if (bytes[p] !== json_bytes_js_1.QUOTE)
                throw unexpected(bytes[p]);
            const keyEnd = this.string(p);
            if (this.flags !== 0)
                throw UNHANDLED;
            const member = members.add(bytes, p + 1, keyEnd - 1);
            p = skipSpace(bytes, keyEnd);
            if (bytes[p] !== json_bytes_js_1.COLON)
                throw unexpected(bytes[p]);
            p = skipSpace(bytes, p + 1);
            member.start = p;
            if (entry && keyIs(member, CHANGE))
                p = this.members(p, this.changeMembers, false);
            else
                p = this.memberValue(member, !entry && (keyIs(member, BEFORE) || keyIs(member, AFTER)) ? REDACT : PLAIN, undefined);
            member.end = p;
            p = skipSpace(bytes, p);
            const next = bytes[p];
            if (next === json_bytes_js_1.CLOSE_BRACE)
                return p + 1;
            if (next !== json_bytes_js_1.COMMA)
                throw unexpected(next);
            p++;
        }
    }
    /**
     * When a mask may mark something sensitive: hands before/after and their masks to `collect`, then
     * writes before/after again with the masks and every secret now known. A mask without the bytes
     * `true` holds no `true` (Terraform writes `false`, `{}`, `[]` for nothing sensitive), and then
     * the text already written is the text. Then adds before/after as `null` when absent.
     */
    applyMasks(collect) {
        const members = this.changeMembers;
        const before = members.find(BEFORE);
        const after = members.find(AFTER);
        const beforeMask = members.find(BEFORE_SENSITIVE);
        const afterMask = members.find(AFTER_SENSITIVE);
        if (this.holdsTrue(beforeMask) || this.holdsTrue(afterMask)) {
            let masks;
            let values = [];
            try {
                masks = [this.parse(beforeMask), this.parse(afterMask)];
                if (collect)
                    values = [this.parse(before), this.parse(after)];
            }
            catch {
                throw UNHANDLED;
            }
            if (collect) {
                collect(values[0], masks[0]);
                collect(values[1], masks[1]);
            }
            this.writtenLength = 0;
            if (before)
                this.memberValue(before, REDACT, masks[0]);
            if (after)
                this.memberValue(after, REDACT, masks[1]);
        }
        for (const [member, key] of [[before, BEFORE], [after, AFTER]]) {
            if (member)
                continue;
            const absent = members.add(key, 0, key.length);
            absent.inInput = false;
            absent.from = this.outLength;
            this.roomInOut(NULL.length);
            this.outLength += copyBytes(NULL, 0, NULL.length, this.out, this.outLength);
            absent.to = this.outLength;
        }
        if (!before || !after)
            members.sortDistinct();
    }
    /** Reads the member's value (see value) and notes where its text is; returns the offset after it. */
    memberValue(member, mode, mask) {
        const from = this.outLength;
        this.run = member.start;
        const end = this.value(member.start, mode, mask);
        member.inInput = this.run === member.start;
        if (member.inInput) {
            member.from = member.start;
            member.to = end;
        }
        else {
            this.flush(end);
            member.from = from;
            member.to = this.outLength;
        }
        return end;
    }
    /** Whether the member's value holds the bytes `true` (masks are small: a loop costs less than a search). */
    holdsTrue(member) {
        if (member === undefined)
            return false;
        const bytes = this.bytes;
        for (let at = member.start; at + 3 < member.end; at++) {
            if (bytes[at] === LETTER_T && bytes[at + 1] === 0x72 && bytes[at + 2] === 0x75 && bytes[at + 3] === 0x65)
                return true;
        }
        return false;
    }
    parse(member) {
        return member === undefined ? undefined : JSON.parse((0, utf8_text_js_1.utf8Text)(this.bytes.subarray(member.start, member.end)));
    }
    /** The length of the entry's text (see writeText). */
    textLength() {
        // `{`, `}` and the commas between members, for the entry and its change.
        let length = 2 + this.entryMembers.count - 1 + 2 + this.changeMembers.count - 1;
        for (const members of [this.entryMembers, this.changeMembers]) {
            for (let index = 0; index < members.count; index++) {
                const member = members.items[index];
                length += member.keyEnd - member.keyStart + 3;
                if (members === this.changeMembers || !keyIs(member, CHANGE))
                    length += member.to - member.from;
            }
        }
        return length;
    }
    /**
     * Writes the entry's text into `target` from `at` (textLength bytes): `{`, the entry's members in
     * order (`"name":` and its text), with `change` as `{`, its members, `}`, then `}`.
     */
    writeText(target, at) {
        target[at++] = json_bytes_js_1.OPEN_BRACE;
        const entry = this.entryMembers;
        for (let index = 0; index < entry.count; index++) {
            const member = entry.items[index];
            if (index > 0)
                target[at++] = json_bytes_js_1.COMMA;
            at = putName(member, target, at);
            if (!keyIs(member, CHANGE)) {
                at += this.copyText(member, target, at);
                continue;
            }
            target[at++] = json_bytes_js_1.OPEN_BRACE;
            const change = this.changeMembers;
            for (let item = 0; item < change.count; item++) {
                if (item > 0)
                    target[at++] = json_bytes_js_1.COMMA;
                at = putName(change.items[item], target, at);
                at += this.copyText(change.items[item], target, at);
            }
            target[at++] = json_bytes_js_1.CLOSE_BRACE;
        }
        target[at++] = json_bytes_js_1.CLOSE_BRACE;
    }
    copyText(member, target, at) {
        return copyBytes(member.inInput ? this.bytes : this.out, member.from, member.to, target, at);
    }
    /** Copies the input bytes from `run` to `to` into `out` as they are. */
    flush(to) {
        const length = to - this.run;
        if (length <= 0)
            return;
        this.roomInOut(length);
        this.outLength += copyBytes(this.bytes, this.run, to, this.out, this.outLength);
    }
    /** Writes `text` in place of the input bytes [from, to). */
    replace(from, to, text) {
        this.flush(from);
        this.roomInOut(3 * text.length);
        this.outLength += this.out.write(text, this.outLength);
        this.run = to;
    }
    roomInOut(length) {
        if (this.outLength + length <= this.out.length)
            return;
        const larger = Buffer.allocUnsafe(2 * (this.outLength + length));
        this.out.copy(larger, 0, 0, this.outLength);
        this.out = larger;
    }
    /** Skips whitespace inside a value being written: it is left out of the text. */
    space(p, mode) {
        if (!(0, json_bytes_js_1.isSpace)(this.bytes[p]))
            return p;
        if (mode !== SKIP)
            this.flush(p);
        p = skipSpace(this.bytes, p);
        if (mode !== SKIP)
            this.run = p;
        return p;
    }
    /**
     * Reads the value at `p` (no whitespace before it) and returns the offset after it. PLAIN writes
     * it canonical, REDACT also redacts what `mask` marks and strings equal to a secret, and notes
     * each string written as it is (`written`); SKIP only checks it is JSON.
     */
    value(p, mode, mask) {
        const bytes = this.bytes;
        if (mode === REDACT && mask === true) {
            const end = this.value(p, SKIP, undefined);
            this.replace(p, end, bytes[p] === 0x6e ? 'null' : SENSITIVE_TEXT);
            return end;
        }
        const first = bytes[p];
        if (first === json_bytes_js_1.QUOTE)
            return this.stringValue(p, mode);
        if (first === json_bytes_js_1.OPEN_BRACE)
            return this.object(p, mode, mask);
        if (first === json_bytes_js_1.OPEN_BRACKET)
            return this.array(p, mode, mask);
        if (first === 0x74)
            return this.literal(p, 'true');
        if (first === 0x66)
            return this.literal(p, 'false');
        if (first === 0x6e)
            return this.literal(p, 'null');
        if (first === 0x2d || isDigit(first)) {
            const end = this.number(p);
            if (mode !== SKIP && !this.simpleNumber) {
                const text = bytes.toString('latin1', p, end);
                const canonical = JSON.stringify(JSON.parse(text));
                if (canonical !== text)
                    this.replace(p, end, canonical);
            }
            return end;
        }
        throw unexpected(first);
    }
    literal(p, word) {
        for (let index = 1; index < word.length; index++) {
            const byte = this.bytes[p + index];
            if (byte !== word.charCodeAt(index))
                throw unexpected(byte);
        }
        return p + word.length;
    }
    /** The offset after the number at `p`; simpleNumber says whether it is canonical as written (an integer JSON.stringify writes the same). */
    number(p) {
        const bytes = this.bytes;
        const negative = bytes[p] === 0x2d;
        let q = negative ? p + 1 : p;
        const digits = q;
        if (bytes[q] === 0x30)
            q++;
        else if (isDigit(bytes[q]))
            while (isDigit(bytes[++q]))
                ;
        else
            throw unexpected(bytes[q]);
        const integerDigits = q - digits;
        let simple = integerDigits <= 15 && !(negative && bytes[digits] === 0x30);
        if (bytes[q] === 0x2e) {
            simple = false;
            if (!isDigit(bytes[++q]))
                throw unexpected(bytes[q]);
            while (isDigit(bytes[++q]))
                ;
        }
        if (bytes[q] === 0x65 || bytes[q] === 0x45) {
            simple = false;
            if (bytes[++q] === 0x2b || bytes[q] === 0x2d)
                q++;
            if (!isDigit(bytes[q]))
                throw unexpected(bytes[q]);
            while (isDigit(bytes[++q]))
                ;
        }
        // The number may go on in the bytes not yet read.
        if (bytes[q] === undefined)
            throw MORE;
        this.simpleNumber = simple;
        return q;
    }
    /** The offset after the string at `p` (its opening quote); `flags` says what it holds (ESCAPE, OTHER_ESCAPE, NON_ASCII). */
    string(p) {
        const bytes = this.bytes;
        let q = p + 1;
        let flags = 0;
        for (;;) {
            let byte = bytes[q];
            while (byte !== undefined && byte >= 0x20 && byte < 0x80 && byte !== json_bytes_js_1.QUOTE && byte !== json_bytes_js_1.BACKSLASH)
                byte = bytes[++q];
            if (byte === json_bytes_js_1.QUOTE)
                break;
            if (byte === undefined)
                throw MORE;
            if (byte >= 0x80) {
                flags |= NON_ASCII;
                q++;
            }
            else if (byte === json_bytes_js_1.BACKSLASH) {
                const escaped = bytes[q + 1];
                if (escaped === 0x75) {
                    for (let index = q + 2; index < q + 6; index++)
                        if (!isHex(bytes[index]))
                            throw unexpected(bytes[index]);
                    flags |= OTHER_ESCAPE;
                    q += 6;
                }
                else if (escaped === 0x2f) {
                    flags |= OTHER_ESCAPE;
                    q += 2;
                }
                else if (escaped === json_bytes_js_1.QUOTE || escaped === json_bytes_js_1.BACKSLASH || escaped === 0x62 || escaped === 0x66 || escaped === 0x6e || escaped === 0x72 || escaped === 0x74) {
                    flags |= ESCAPE;
                    q += 2;
                }
                else
                    throw unexpected(escaped);
            }
            else
                throw UNHANDLED; // a raw control character: not JSON
        }
        this.flags = flags;
        return q + 1;
    }
    stringValue(p, mode) {
        const bytes = this.bytes;
        const end = this.string(p);
        if (mode === SKIP)
            return end;
        const flags = this.flags;
        if (mode === REDACT && flags === 0) {
            (0, string_sieve_js_1.hashAsciiBytes)(bytes, p + 1, end - 1);
            if (this.secretHashes.has(string_sieve_js_1.hashed.first) && this.secrets.has(bytes.toString('latin1', p + 1, end - 1)))
                this.replace(p, end, SENSITIVE_TEXT);
            else
                this.noteWritten();
            return end;
        }
        const asIs = (flags & OTHER_ESCAPE) === 0 && ((flags & NON_ASCII) === 0 || (0, node_buffer_1.isUtf8)(bytes.subarray(p + 1, end - 1)));
        if (mode === PLAIN && asIs)
            return end;
        const value = JSON.parse((0, utf8_text_js_1.utf8Text)(bytes.subarray(p, end)));
        if (mode === REDACT) {
            if (this.secrets.size > 0 && this.secrets.has(value)) {
                this.replace(p, end, SENSITIVE_TEXT);
                return end;
            }
            (0, string_sieve_js_1.hashString)(value);
            this.noteWritten();
        }
        if (!asIs)
            this.replace(p, end, JSON.stringify(value));
        return end;
    }
    /** Notes the string just hashed (hashed) as written. */
    noteWritten() {
        if (this.writtenLength + 2 > this.written.length) {
            const larger = new Int32Array(2 * this.written.length);
            larger.set(this.written);
            this.written = larger;
        }
        this.written[this.writtenLength++] = string_sieve_js_1.hashed.first;
        this.written[this.writtenLength++] = string_sieve_js_1.hashed.step;
    }
    object(p, mode, mask) {
        const bytes = this.bytes;
        if (++this.depth > MAX_DEPTH)
            throw UNHANDLED;
        const masked = mode === REDACT && isContainer(mask);
        let q = this.space(p + 1, mode);
        if (bytes[q] === json_bytes_js_1.CLOSE_BRACE) {
            this.depth--;
            return q + 1;
        }
        let previous = -1;
        let previousEnd = -1;
        for (;;) {
            q = this.space(q, mode);
            if (bytes[q] !== json_bytes_js_1.QUOTE)
                throw unexpected(bytes[q]);
            const keyEnd = this.string(q);
            if (mode !== SKIP) {
                // Keys are written as they are only when byte order is the order JSON.parse + sort gives, with no duplicate.
                if (this.flags !== 0)
                    throw UNHANDLED;
                if (previous >= 0 && !bytesLess(bytes, previous + 1, previousEnd - 1, bytes, q + 1, keyEnd - 1))
                    throw UNHANDLED;
                previous = q;
                previousEnd = keyEnd;
            }
            const childMask = masked ? mask[bytes.toString('latin1', q + 1, keyEnd - 1)] : undefined;
            q = this.space(keyEnd, mode);
            if (bytes[q] !== json_bytes_js_1.COLON)
                throw unexpected(bytes[q]);
            q = this.space(q + 1, mode);
            q = this.space(this.value(q, mode, childMask), mode);
            const next = bytes[q];
            if (next === json_bytes_js_1.COMMA)
                q++;
            else if (next === json_bytes_js_1.CLOSE_BRACE) {
                this.depth--;
                return q + 1;
            }
            else
                throw unexpected(next);
        }
    }
    array(p, mode, mask) {
        const bytes = this.bytes;
        if (++this.depth > MAX_DEPTH)
            throw UNHANDLED;
        const masked = mode === REDACT && isContainer(mask);
        let q = this.space(p + 1, mode);
        if (bytes[q] === json_bytes_js_1.CLOSE_BRACKET) {
            this.depth--;
            return q + 1;
        }
        for (let index = 0;; index++) {
            q = this.space(q, mode);
            q = this.space(this.value(q, mode, masked ? mask[index] : undefined), mode);
            const next = bytes[q];
            if (next === json_bytes_js_1.COMMA)
                q++;
            else if (next === json_bytes_js_1.CLOSE_BRACKET) {
                this.depth--;
                return q + 1;
            }
            else
                throw unexpected(next);
        }
    }
}
exports.ByteEntryWriter = ByteEntryWriter;
function skipSpace(bytes, p) {
    while ((0, json_bytes_js_1.isSpace)(bytes[p]))
        p++;
    return p;
}


/***/ }),

/***/ 768:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.FINGERPRINT_INPUT_KEYS = exports.PlanFingerprinter = exports.shortFingerprint = exports.FINGERPRINT_PREFIX = void 0;
exports.canonicalJson = canonicalJson;
exports.redactedResourceChange = redactedResourceChange;
exports.readPlan = readPlan;
exports.observePlanForFingerprint = observePlanForFingerprint;
/**
 * The plan fingerprint binds a sync to the plan that was reviewed: sha256 of the canonical JSON
 * (object keys sorted at every level, no whitespace) of
 *
 *   { output_changes, resource_changes, var_files, workspace }
 *
 * taken from `terraform show -json <planfile>`, with every sensitive value replaced by `(sensitive)`
 * first, so the fingerprint neither depends on a secret nor could give one away. It is computed one
 * resource change at a time, in the pass that analyses the plan (PlanFingerprinter observes
 * parseTerraformPlan) or beside it in a worker thread (observePlanForFingerprint); the plan is read
 * again only when a secret turned up after an unmarked copy of it had already been written down
 * (see PlanFingerprinter). This module loads no schema library: the worker bundles it on its own.
 */
const node_crypto_1 = __nccwpck_require__(598);
const errors_js_1 = __nccwpck_require__(638);
const top_level_reader_js_1 = __nccwpck_require__(446);
const value_diff_js_1 = __nccwpck_require__(146);
const markers_js_1 = __nccwpck_require__(788);
const canonical_bytes_js_1 = __nccwpck_require__(841);
const plan_instance_js_1 = __nccwpck_require__(760);
const string_sieve_js_1 = __nccwpck_require__(987);
exports.FINGERPRINT_PREFIX = 'sha256:';
/** A fingerprint as people compare it: `sha256:` and its first 12 hex digits. */
const shortFingerprint = (fingerprint) => `${fingerprint.slice(0, exports.FINGERPRINT_PREFIX.length + 12)}\u2026`;
exports.shortFingerprint = shortFingerprint;
const isContainer = (value) => typeof value === 'object' && value !== null;
const child = (mask, key) => (isContainer(mask) ? mask[key] : undefined);
/** A piece of JSON already in canonical form, placed as is by canonicalJson. */
class CanonicalText {
    text;
    constructor(text) {
        this.text = text;
    }
}
/** `"key":` for each object key met: the same few keys recur in every resource change. */
const keyTexts = new Map();
function keyText(key) {
    let text = keyTexts.get(key);
    if (text === undefined) {
        text = `${JSON.stringify(key)}:`;
        if (keyTexts.size < 100_000)
            keyTexts.set(key, text);
    }
    return text;
}
/** An object's keys in code-unit order; Terraform writes most objects sorted already, and checking is cheaper than sorting. */
function sortedKeys(value) {
    const keys = Object.keys(value);
    for (let index = 1; index < keys.length; index++)
        if (keys[index - 1] > keys[index])
            return keys.sort();
    return keys;
}
const NO_SECRETS = new Set();
/** What JSON.stringify escapes in a string: quotes, backslashes, control characters, surrogates (lone ones). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;
const SENSITIVE_TEXT = JSON.stringify(markers_js_1.SENSITIVE);
/**
 * Canonical JSON of `value` with what `mask` marks sensitive replaced by `(sensitive)`, and any string
 * equal to one of `secrets` too (Terraform copies some secrets unmarked, e.g. into
 * terraform_data.output). Undefined object members are left out, as JSON.stringify does. Every
 * string written as is goes into `written`, when given.
 */
function canonical(value, mask, secrets, written) {
    if (mask === true)
        return value === null || value === undefined ? 'null' : SENSITIVE_TEXT;
    if (typeof value === 'string') {
        if (secrets.size > 0 && secrets.has(value))
            return SENSITIVE_TEXT;
        written?.add(value);
        return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
    }
    if (value instanceof CanonicalText)
        return value.text;
    if (!isContainer(value))
        return JSON.stringify(value ?? null);
    const masked = isContainer(mask);
    if (Array.isArray(value)) {
        let text = '[';
        for (let index = 0; index < value.length; index++) {
            if (index > 0)
                text += ',';
            text += canonical(value[index], masked ? child(mask, index) : undefined, secrets, written);
        }
        return `${text}]`;
    }
    const keys = sortedKeys(value);
    let text = '{';
    for (const key of keys) {
        const item = value[key];
        if (item === undefined)
            continue;
        if (text.length > 1)
            text += ',';
        text += keyText(key) + canonical(item, masked ? child(mask, key) : undefined, secrets, written);
    }
    return `${text}}`;
}
/** JSON with object keys sorted at every level and no whitespace; undefined members are left out, as JSON.stringify does. */
function canonicalJson(value) {
    return canonical(value, undefined, NO_SECRETS);
}
const record = (value) => (isContainer(value) && !Array.isArray(value) ? value : {});
/** `keys` with `key` added when missing. */
function withKey(keys, key) {
    if (!keys.includes(key))
        keys.push(key);
    return keys;
}
/**
 * The canonical text of a resource_changes entry with its before/after values redacted: canonicalJson
 * of `{ ...entry, change: { ...change, before: <redacted>, after: <redacted> } }`, written without the
 * copies. Every string of before/after written as is goes into `written`, when given.
 */
function redactedResourceChange(item, secrets, written) {
    const entry = record(item);
    const change = record(entry.change);
    let text = '{';
    for (const key of withKey(Object.keys(entry), 'change').sort()) {
        const value = key === 'change' ? change : entry[key];
        if (value === undefined)
            continue;
        if (text.length > 1)
            text += ',';
        text += keyText(key) + (key === 'change' ? redactedChange(change, secrets, written) : canonical(value, undefined, NO_SECRETS));
    }
    return `${text}}`;
}
function redactedChange(change, secrets, written) {
    let text = '{';
    for (const key of withKey(withKey(Object.keys(change), 'before'), 'after').sort()) {
        const redacted = key === 'before' || key === 'after';
        const value = change[key];
        if (value === undefined && !redacted)
            continue;
        if (text.length > 1)
            text += ',';
        text += keyText(key) + (redacted ? canonical(value, change[`${key}_sensitive`], secrets, written) : canonical(value, undefined, NO_SECRETS));
    }
    return `${text}}`;
}
/** output_changes with before/after redacted; a `sensitive: true` entry is redacted whole. */
function redactedOutputChanges(raw, secrets) {
    // No prototype: an output named __proto__ (a valid Terraform name) is a member like any other, not the object's prototype.
    const entries = Object.create(null);
    for (const [name, value] of Object.entries(record(raw))) {
        const change = record(value);
        const whole = change.sensitive === true;
        entries[name] = {
            ...change,
            before: new CanonicalText(canonical(change.before, whole || change.before_sensitive, secrets)),
            after: new CanonicalText(canonical(change.after, whole || change.after_sensitive, secrets)),
        };
    }
    return canonicalJson(entries);
}
const digestOf = (text) => (0, node_crypto_1.createHash)('sha256').update(text).digest('hex').slice(0, 16);
function entryKey(item) {
    const entry = record(item);
    return (0, plan_instance_js_1.planInstance)(typeof entry.address === 'string' ? entry.address : '(no address)', entry.deposed);
}
function readPlan(input, label, read) {
    try {
        return typeof input === 'function' ? input((source) => read(source)) : read(input);
    }
    catch (error) {
        if (error instanceof top_level_reader_js_1.JsonShapeError)
            throw new errors_js_1.UserError(`${label} could not be read again for its fingerprint (${error.message}); produce the plan again.`);
        throw error;
    }
}
/** More suspects than this (see PlanFingerprinter.stale) and the plan is read again without searching for them. */
const MAX_SUSPECTS_SEARCHED = 16;
/** Canonical text is kept in pieces of about this many bytes. */
const PIECE_BYTES = 1 << 20;
class PiecesInMemory {
    pieces = [];
    add(piece) {
        this.pieces.push(piece);
    }
    read() {
        return this.pieces;
    }
    clear() {
        this.pieces = [];
    }
}
/**
 * Computes the plan fingerprint while parseTerraformPlan analyses the plan: pass `onSecret` to it
 * (as, or from, its onSecret) and `observer` as its observer, then call `finish`.
 *
 * The fingerprint hashes output_changes first (sorted keys), which plans write after
 * resource_changes, so each entry's canonical text is kept (as bytes) until the end. An entry is
 * redacted with every secret met anywhere in the plan, but when it is written only the secrets met
 * so far are known; a later secret matters only if an earlier entry wrote it down unredacted (an
 * unmarked copy met before the entry that marks it). Every string written is remembered in a
 * StringSieve; a new secret it may hold is looked for in the kept text, and only when the text has it
 * is the plan read again, to write every entry with all the secrets.
 */
class PlanFingerprinter {
    options;
    secrets = new Set();
    /** hashed.first of each secret (see hashString), for ByteEntryWriter to look for them in bytes. */
    secretHashes = new Set();
    written;
    bytesWriter;
    /** How many entries were written from their bytes (resourceChangeBytes) and how many parsed (observer.resourceChange). */
    entriesWritten = { fromBytes: 0, parsed: 0 };
    suspects = [];
    pieces;
    /** The piece being filled, up to `filled` bytes. */
    piece = Buffer.allocUnsafe(0);
    filled = 0;
    entries = 0;
    outputs;
    digests = {};
    constructor(options) {
        this.options = options;
        this.written = new string_sieve_js_1.StringSieve(options.planBytes === undefined ? 1 << 23 : Math.min(options.planBytes / 2, 1 << 26));
        this.pieces = options.keptPieces?.() ?? new PiecesInMemory();
    }
    /** Takes each secret parseTerraformPlan hands to its onSecret. */
    onSecret = (value) => {
        if (this.secrets.has(value))
            return;
        this.secrets.add(value);
        (0, string_sieve_js_1.hashString)(value);
        this.secretHashes.add(string_sieve_js_1.hashed.first);
        if (this.entries > 0 && this.written.mightHold(value))
            this.suspects.push(value);
    };
    observer = {
        resourceChange: (item) => {
            this.entriesWritten.parsed++;
            const text = redactedResourceChange(item, this.secrets, this.written);
            this.keep(this.entries++ === 0 ? text : `,${text}`);
            if (this.options.digests)
                this.digests[entryKey(item)] = digestOf(text);
        },
        outputChanges: (raw) => {
            this.outputs = raw;
        },
    };
    /**
     * observer.resourceChange for the entry at `bytes[start]`, written from its bytes (ByteEntryWriter):
     * returns the offset after it, or NEED_MORE / NOT_HANDLED when nothing was done with it (then parse
     * it and call observer.resourceChange). `collect` is called with before/after and their masks
     * before the entry is written, when a mask may mark something.
     */
    resourceChangeBytes(bytes, start, collect) {
        if (this.options.digests)
            return canonical_bytes_js_1.NOT_HANDLED;
        const writer = (this.bytesWriter ??= new canonical_bytes_js_1.ByteEntryWriter());
        const end = writer.entry(bytes, start, this.secrets, this.secretHashes, collect);
        if (end < 0)
            return end;
        this.entriesWritten.fromBytes++;
        for (let index = 0; index < writer.writtenLength; index += 2)
            this.written.addHashed(writer.written[index], writer.written[index + 1]);
        this.keepWritten(writer);
        return end;
    }
    /** keep for the entry text of `writer`, written in place. */
    keepWritten(writer) {
        const comma = this.entries++ === 0 ? 0 : 1;
        const length = writer.textLength() + comma;
        if (this.filled + length > this.piece.length) {
            this.keepPiece();
            this.piece = Buffer.allocUnsafe(Math.max(length, PIECE_BYTES));
        }
        if (comma)
            this.piece[this.filled] = 0x2c;
        writer.writeText(this.piece, this.filled + comma);
        this.filled += length;
    }
    /**
     * Appends one entry's text to the kept bytes. Each entry is encoded on its own (a long string built
     * up entry by entry costs far more to encode) and never split between two pieces, so that a JSON
     * string is always whole in one piece (see stale).
     */
    keep(text) {
        const most = text.length * 3;
        if (this.filled + most <= this.piece.length) {
            this.filled += this.piece.write(text, this.filled);
            return;
        }
        this.keepPiece();
        // An entry too large for a piece is kept on its own, exactly sized.
        if (most > PIECE_BYTES)
            this.pieces.add(Buffer.from(text));
        else {
            this.piece = Buffer.allocUnsafe(PIECE_BYTES);
            this.filled = this.piece.write(text);
        }
    }
    keepPiece() {
        if (this.filled > 0)
            this.pieces.add(this.piece.subarray(0, this.filled));
        this.piece = Buffer.allocUnsafe(0);
        this.filled = 0;
    }
    /** Whether a secret was written down unredacted before it was known to be one. */
    stale() {
        // Each suspect is a search of all the text kept: past a few, reading the plan again costs less
        // (a plan can make every late secret a suspect by filling the sieve).
        if (this.suspects.length > MAX_SUSPECTS_SEARCHED)
            return true;
        if (this.suspects.length === 0)
            return false;
        const tokens = this.suspects.map((secret) => Buffer.from(JSON.stringify(secret)));
        for (const piece of this.pieces.read())
            if (tokens.some((token) => piece.includes(token)))
                return true;
        return false;
    }
    /**
     * The fingerprint and summary of the plan parseTerraformPlan returned; `plan` reads it again in
     * the rare case described above.
     */
    finish(parsed, plan) {
        const fingerprint = this.fingerprint(plan);
        return {
            fingerprint,
            summary: {
                workspace: this.options.workspace,
                var_files: [...this.options.varFiles],
                changes: parsed.changes.filter((change) => change.origin === 'planned').map(({ address, action, fields }) => ({ address, action, fields })),
                outputs: parsed.outputChanges,
                ...(this.options.digests ? { digests: this.digests } : {}),
            },
        };
    }
    /** The fingerprint of the plan observed (`sha256:<64 hex>`); `plan` reads it again in the rare case described above. */
    fingerprint(plan) {
        this.keepPiece();
        const label = this.options.label ?? 'the plan';
        const hash = (0, node_crypto_1.createHash)('sha256');
        hash.update(`{"output_changes":${redactedOutputChanges(this.outputs, this.secrets)},"resource_changes":[`);
        if (!this.stale())
            for (const piece of this.pieces.read())
                hash.update(piece);
        else {
            let first = true;
            readPlan(plan, label, (source) => (0, top_level_reader_js_1.readTopLevel)(source, {
                values: [],
                arrays: ['resource_changes'],
                onItem: (_key, item) => {
                    const text = redactedResourceChange(item, this.secrets);
                    hash.update(first ? text : `,${text}`);
                    first = false;
                    if (this.options.digests)
                        this.digests[entryKey(item)] = digestOf(text);
                },
            }));
        }
        this.pieces.clear();
        hash.update(`],"var_files":${canonicalJson([...this.options.varFiles])},"workspace":${canonicalJson(this.options.workspace)}}`);
        return `${exports.FINGERPRINT_PREFIX}${hash.digest('hex')}`;
    }
}
exports.PlanFingerprinter = PlanFingerprinter;
/** The top-level members of a plan observePlanForFingerprint reads: a plan reduced to them has the same fingerprint. */
exports.FINGERPRINT_INPUT_KEYS = ['resource_drift', 'resource_changes', 'output_changes'];
/**
 * Reads a plan for its fingerprint alone, without analysing it (in a worker thread, beside the
 * analysis), handing each resource_changes entry and output_changes to `fingerprinter`. With
 * `onSecret`, the secrets parseTerraformPlan would hand on are gathered as it gathers them (the
 * sensitive-marked strings of every resource_drift and resource_changes entry, before the entry is
 * written); the caller decides which go to the fingerprinter: parseTerraformPlan stays the
 * authority on which strings are secrets.
 */
function observePlanForFingerprint(source, fingerprinter, onSecret) {
    const sink = onSecret && ((value) => value.length >= value_diff_js_1.MIN_HANDED_ON_SECRET_LENGTH && onSecret(value));
    const collect = sink && ((value, mask) => (0, value_diff_js_1.collectMaskedSecrets)(value, mask, sink));
    const top = (0, top_level_reader_js_1.readTopLevel)(source, {
        values: ['output_changes'],
        arrays: ['resource_drift', 'resource_changes'],
        // Each entry is written from its bytes; those the writer declines are parsed and handed to onItem.
        raw: { keys: ['resource_changes'], onItem: (_key, bytes, start) => fingerprinter.resourceChangeBytes(bytes, start, collect) },
        onItem: (key, item) => {
            const change = record(record(item).change);
            (0, value_diff_js_1.collectMaskedSecrets)(change.before, change.before_sensitive, sink);
            (0, value_diff_js_1.collectMaskedSecrets)(change.after, change.after_sensitive, sink);
            if (key === 'resource_changes')
                fingerprinter.observer.resourceChange(item);
        },
    });
    fingerprinter.observer.outputChanges(top.values.get('output_changes'));
}


/***/ }),

/***/ 760:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.planInstance = void 0;
/**
 * A plan entry's resource instance: its address, with a deposed object's key after it (Terraform lists
 * a deposed object, what create_before_destroy left to delete, under its current object's address).
 */
const planInstance = (address, deposed) => (typeof deposed === 'string' ? `${address} (deposed ${deposed})` : address);
exports.planInstance = planInstance;


/***/ }),

/***/ 439:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.SideFingerprint = void 0;
const plan_fingerprinter_js_1 = __nccwpck_require__(768);
/**
 * The plan fingerprint computed beside the analysis (the worker thread of the engine's
 * plan-fingerprint-thread.ts): `observe` reads the plan, taking for secrets what parseTerraformPlan
 * would, then `finish` takes the secrets the analysis did meet, which decide: parseTerraformPlan is
 * the authority on which strings are secrets.
 */
class SideFingerprint {
    options;
    fingerprinter;
    /** The secrets observe met. */
    found = new Set();
    constructor(options) {
        this.options = options;
        this.fingerprinter = new plan_fingerprinter_js_1.PlanFingerprinter(options);
    }
    observe(source) {
        (0, plan_fingerprinter_js_1.observePlanForFingerprint)(source, this.fingerprinter, (secret) => {
            this.found.add(secret);
            this.fingerprinter.onSecret(secret);
        });
    }
    /** How the entries observed were written: from their bytes, or parsed. */
    get entriesWritten() {
        return { ...this.fingerprinter.entriesWritten };
    }
    /** The fingerprint, given every secret the analysis met; `plan` reads the plan again when it must. */
    finish(analysisSecrets, plan) {
        if (![...this.found].some((secret) => !analysisSecrets.has(secret))) {
            for (const secret of analysisSecrets)
                this.fingerprinter.onSecret(secret);
            return this.fingerprinter.fingerprint(plan);
        }
        // A string taken for a secret here that the analysis did not take for one: start again with exactly its secrets.
        const again = new plan_fingerprinter_js_1.PlanFingerprinter(this.options);
        for (const secret of analysisSecrets)
            again.onSecret(secret);
        plan((source) => (0, plan_fingerprinter_js_1.observePlanForFingerprint)(source, again));
        return again.fingerprint(plan);
    }
}
exports.SideFingerprint = SideFingerprint;


/***/ }),

/***/ 987:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.StringSieve = exports.hashed = void 0;
exports.hashString = hashString;
exports.hashAsciiBytes = hashAsciiBytes;
/**
 * Two 32-bit hashes of (at most ~64 characters sampled from) a string, left in `hashed`: the same
 * figures from a JS string (by char code) and from the bytes of a pure-ASCII string, whose bytes are
 * its char codes.
 */
exports.hashed = { first: 0, step: 0 };
function hashString(value) {
    const length = value.length;
    const stride = length > 64 ? length >>> 5 : 1;
    let a = 0x811c9dc5 ^ length;
    let b = Math.imul(length, 0x9e3779b1);
    for (let index = 0; index < length; index += stride) {
        const code = value.charCodeAt(index);
        a = Math.imul(a ^ code, 0x01000193);
        b = Math.imul(b ^ code, 0x85ebca6b) ^ (b >>> 15);
    }
    if (length > 0)
        a = Math.imul(a ^ value.charCodeAt(length - 1), 0x01000193);
    exports.hashed.first = a;
    exports.hashed.step = b | 1;
}
/** hashString of the ASCII text `bytes[start, end)`. */
function hashAsciiBytes(bytes, start, end) {
    const length = end - start;
    const stride = length > 64 ? length >>> 5 : 1;
    let a = 0x811c9dc5 ^ length;
    let b = Math.imul(length, 0x9e3779b1);
    for (let index = start; index < end; index += stride) {
        const code = bytes[index];
        a = Math.imul(a ^ code, 0x01000193);
        b = Math.imul(b ^ code, 0x85ebca6b) ^ (b >>> 15);
    }
    if (length > 0)
        a = Math.imul(a ^ bytes[end - 1], 0x01000193);
    exports.hashed.first = a;
    exports.hashed.step = b | 1;
}
const SIEVE_PROBES = 4;
/**
 * A set of strings that may answer "maybe" for a string it does not hold, never "no" for one it
 * holds (a Bloom filter): which strings the fingerprint has written unredacted, in fixed memory.
 */
class StringSieve {
    words;
    mask;
    /** `bits` is rounded to a power of two. */
    constructor(bits) {
        const size = 2 ** Math.ceil(Math.log2(Math.max(bits, 1 << 16)));
        this.words = new Int32Array(size >>> 5);
        this.mask = size - 1;
    }
    add(value) {
        hashString(value);
        this.addHashed(exports.hashed.first, exports.hashed.step);
    }
    /** Adds the string whose hashes (see hashString) are `first` and `step`. */
    addHashed(first, step) {
        for (let probe = 0, bit = first; probe < SIEVE_PROBES; probe++, bit += step) {
            const at = bit & this.mask;
            this.words[at >>> 5] |= 1 << (at & 31);
        }
    }
    mightHold(value) {
        hashString(value);
        for (let probe = 0, bit = exports.hashed.first; probe < SIEVE_PROBES; probe++, bit += exports.hashed.step) {
            const at = bit & this.mask;
            if ((this.words[at >>> 5] & (1 << (at & 31))) === 0)
                return false;
        }
        return true;
    }
}
exports.StringSieve = StringSieve;


/***/ }),

/***/ 659:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.KeptPiecesFile = void 0;
const node_fs_1 = __nccwpck_require__(24);
const node_path_1 = __nccwpck_require__(379);
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
        this.path = (0, node_path_1.join)(folder, `fingerprint-${KeptPiecesFile.files++}.part`);
    }
    add(piece) {
        this.fd ??= (0, node_fs_1.openSync)(this.path, 'wx+', 0o600);
        for (let written = 0; written < piece.length;)
            written += (0, node_fs_1.writeSync)(this.fd, piece, written, piece.length - written);
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
                const got = (0, node_fs_1.readSync)(this.fd, buffer, read, length - read, position + read);
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
            (0, node_fs_1.closeSync)(this.fd);
        this.fd = undefined;
        this.lengths = [];
        (0, node_fs_1.rmSync)(this.path, { force: true });
    }
}
exports.KeptPiecesFile = KeptPiecesFile;


/***/ }),

/***/ 504:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.fingerprintWorkerFile = exports.workerWaitMs = exports.WORKER_FILE = void 0;
exports.usePlanFingerprintWorker = usePlanFingerprintWorker;
/**
 * Where the plan fingerprint's worker bundle is and how long to wait for it (plan-fingerprint-thread.ts
 * runs it), in a module of its own: an entry point names its worker at start-up without loading the
 * fingerprint's code.
 */
const node_fs_1 = __nccwpck_require__(24);
/** The worker bundle's path, relative to the bundle that starts it (scripts/build.mjs puts it there). */
exports.WORKER_FILE = './plan-fingerprint-worker/index.js';
let workerFile;
/**
 * How long the main thread waits for the worker's answer once its own analysis is done: at least
 * this, or ANALYSIS_TIMES_WAITED \u00d7 the analysis's time (the worker's remaining work is at most one
 * more read of the plan). Past it the worker is stopped and the fingerprint computed in this thread:
 * a worker that never answers must not hang the run.
 */
const MINIMUM_WAIT_MS = 30_000;
const ANALYSIS_TIMES_WAITED = 3;
let minimumWaitMs = MINIMUM_WAIT_MS;
/** How long to wait for the worker after an analysis that took `analysisMs`. */
const workerWaitMs = (analysisMs) => Math.max(minimumWaitMs, ANALYSIS_TIMES_WAITED * analysisMs);
exports.workerWaitMs = workerWaitMs;
/**
 * For an entry point (pass its `import.meta.url`): fingerprints are computed in the worker bundle
 * beside it, when the build put one there.
 */
function usePlanFingerprintWorker(entry, options = {}) {
    const file = new URL(exports.WORKER_FILE, entry);
    workerFile = (0, node_fs_1.existsSync)(file) ? file : undefined;
    minimumWaitMs = options.minimumWaitMs ?? MINIMUM_WAIT_MS;
}
/** The worker bundle usePlanFingerprintWorker found, if any. */
const fingerprintWorkerFile = () => workerFile;
exports.fingerprintWorkerFile = fingerprintWorkerFile;


/***/ }),

/***/ 37:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.PlanFingerprintThread = exports.planChangedWhileRead = exports.PIECE_BUFFER_BYTES = void 0;
exports.hashedSource = hashedSource;
exports.checkedTeeReader = checkedTeeReader;
exports.checkedPlanReader = checkedPlanReader;
exports.piecesFromAnalysis = piecesFromAnalysis;
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
const node_crypto_1 = __nccwpck_require__(598);
const node_worker_threads_1 = __nccwpck_require__(919);
const errors_1 = __nccwpck_require__(638);
const top_level_reader_1 = __nccwpck_require__(446);
const plan_fingerprinter_1 = __nccwpck_require__(768);
const files_js_1 = __nccwpck_require__(375);
const plan_fingerprint_setup_js_1 = __nccwpck_require__(504);
const SENT = 0;
const STOPPED = 1;
const END = 'end';
/**
 * The size of the buffers pieces travel in; a larger piece (up to a read chunk and what the reader
 * kept of the last) goes in several. Small buffers keep few in flight: each one is fresh memory the
 * first time, and first touching memory is what copying into it costs most (5 MB buffers: 20-25 MB
 * in flight, 10 MB more peak memory and 15 ms more for the main thread on the 50 MB bench plan).
 */
exports.PIECE_BUFFER_BYTES = 1024 * 1024;
/** How long the worker sleeps at most between looks for a piece (or for the main thread having stopped). */
const WAIT_SLICE_MS = 500;
/** The message for a plan whose bytes differ between two reads. */
const planChangedWhileRead = (label) => `${label} changed while gitops-sync read it; produce the plan again and do not write to it while gitops-sync runs.`;
exports.planChangedWhileRead = planChangedWhileRead;
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
        const hash = (0, node_crypto_1.createHash)('sha256');
        const sink = (piece) => {
            hash.update(piece);
            // A copy: the piece is only valid during the call (and a Buffer's own slice is a view).
            pieces.push(Uint8Array.prototype.slice.call(piece));
        };
        (0, files_js_1.withInputChunks)(task.path, task.what, (source) => (0, top_level_reader_1.readTopLevel)(source, { values: [], arrays: [], onItem: () => { }, tee: { keys: plan_fingerprinter_1.FINGERPRINT_INPUT_KEYS, sink } }), { reuse: true, maxBytes: task.maxBytes });
        if (hash.digest('hex') !== expected)
            throw new errors_1.UserError((0, exports.planChangedWhileRead)(task.label));
        let next = 0;
        return consume(() => pieces[next++]);
    };
}
/**
 * Reads the plan file again (for the fingerprint's rare second pass) and refuses it, once read, when
 * its bytes are not those first read (sha256 `expected`).
 */
function checkedPlanReader(task, expected) {
    return (consume) => (0, files_js_1.withInputChunks)(task.path, task.what, (source) => {
        const hash = (0, node_crypto_1.createHash)('sha256');
        const result = consume(hashedSource(source, hash));
        // The readers read to the end of the plan (and refuse data after it), so this covers every byte.
        if (hash.digest('hex') !== expected)
            throw new errors_1.UserError((0, exports.planChangedWhileRead)(task.label));
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
            const received = (0, node_worker_threads_1.receiveMessageOnPort)(task.pieces);
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
        const channel = new node_worker_threads_1.MessageChannel();
        this.pieces = channel.port1;
        const worker = new node_worker_threads_1.Worker(file, {
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
    static start(task, file = (0, plan_fingerprint_setup_js_1.fingerprintWorkerFile)()) {
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
        keys: plan_fingerprinter_1.FINGERPRINT_INPUT_KEYS,
        sink: (piece) => {
            // Copied (the reader reuses its buffers) into buffers the worker gave back: fresh memory costs more than the copy.
            for (let from = 0; from < piece.byteLength; from += exports.PIECE_BUFFER_BYTES) {
                const part = piece.subarray(from, Math.min(piece.byteLength, from + exports.PIECE_BUFFER_BYTES));
                const buffer = this.buffer();
                new Uint8Array(buffer).set(part);
                this.pieces.postMessage({ buffer, length: part.byteLength }, [buffer]);
                this.sent();
            }
        },
    };
    /** A buffer the worker gave back, or a new one. */
    buffer() {
        for (let back = (0, node_worker_threads_1.receiveMessageOnPort)(this.pieces); back; back = (0, node_worker_threads_1.receiveMessageOnPort)(this.pieces)) {
            if (back.message instanceof ArrayBuffer && back.message.byteLength === exports.PIECE_BUFFER_BYTES)
                return back.message;
        }
        return new ArrayBuffer(exports.PIECE_BUFFER_BYTES);
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
exports.PlanFingerprintThread = PlanFingerprintThread;


/***/ }),

/***/ 375:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.PieceWriter = exports.fileSink = exports.realPathOf = exports.isInside = exports.PEAK_MEMORY_PER_INPUT_BYTE = void 0;
exports.usableMemoryBytes = usableMemoryBytes;
exports.maxInputBytes = maxInputBytes;
exports.unreachablePath = unreachablePath;
exports.readInputFile = readInputFile;
exports.withInputChunks = withInputChunks;
exports.writePieces = writePieces;
exports.statOrNothing = statOrNothing;
exports.writeFileAtomic = writeFileAtomic;
exports.mkdirKeptOutOfGit = mkdirKeptOutOfGit;
exports.scratchFolder = scratchFolder;
exports.removeScratchFolder = removeScratchFolder;
exports.removeScratchFoldersOnSignal = removeScratchFoldersOnSignal;
exports.checkOutputFolder = checkOutputFolder;
const node_fs_1 = __nccwpck_require__(24);
const node_os_1 = __nccwpck_require__(161);
const node_v8_1 = __nccwpck_require__(877);
const node_path_1 = __nccwpck_require__(379);
const errors_1 = __nccwpck_require__(638);
const arrays_1 = __nccwpck_require__(835);
const node_exec_js_1 = __nccwpck_require__(765);
const MB = 1024 * 1024;
/**
 * Peak memory the analysis needs per byte of input, as `npm run bench` measures it: the input bound
 * follows from the memory this process may use, so what fits in memory is analysed.
 */
exports.PEAK_MEMORY_PER_INPUT_BYTE = { plan: 2, kubernetes: 3 };
/** Memory this process may use: the least of the machine's memory, its cgroup limit and V8's heap limit. */
function usableMemoryBytes() {
    const limits = [(0, node_os_1.totalmem)(), (0, node_v8_1.getHeapStatistics)().heap_size_limit];
    const constrained = process.constrainedMemory?.();
    if (constrained && Number.isFinite(constrained) && constrained < Number.MAX_SAFE_INTEGER)
        limits.push(constrained);
    return (0, arrays_1.minOf)(limits);
}
/** Largest input file read: what memory allows for this kind of input; GITOPS_SYNC_MAX_INPUT_MB (MiB) sets it outright. */
function maxInputBytes(kind = 'plan', env = process.env) {
    const configured = Number(env.GITOPS_SYNC_MAX_INPUT_MB);
    if (Number.isFinite(configured) && configured > 0)
        return configured * MB;
    return Math.floor(usableMemoryBytes() / exports.PEAK_MEMORY_PER_INPUT_BYTE[kind]);
}
/** Whether `path` is `folder` or below it (both absolute). */
const isInside = (path, folder) => path === folder || path.startsWith(folder.endsWith(node_path_1.sep) ? folder : folder + node_path_1.sep);
exports.isInside = isInside;
/**
 * The real path of a `within` folder, resolved once per run: every file of a folder is checked
 * against the same one (11,625 files of a Kubernetes repository were 11,625 more realpath calls).
 */
const realFolders = new Map();
const realPathOf = (path) => {
    const absolute = (0, node_path_1.resolve)(path);
    let real = realFolders.get(absolute);
    if (real === undefined) {
        try {
            real = node_fs_1.realpathSync.native(absolute);
        }
        catch {
            return absolute;
        }
        if (realFolders.size < 1000)
            realFolders.set(absolute, real);
    }
    return real;
};
exports.realPathOf = realPathOf;
/** Why a path could not be followed to a file, in words (not the errno text, which reads as an internal failure). */
function unreachablePath(error) {
    switch (error.code) {
        case 'ELOOP':
            return 'is a symbolic link that leads back to itself (a loop)';
        case 'ENOTDIR':
            return 'does not exist (a part of it is a file, not a folder)';
        case 'EACCES':
        case 'EPERM':
            return 'cannot be reached: permission denied';
        case 'ENAMETOOLONG':
            return 'is too long a path';
        default:
            return 'does not exist';
    }
}
/**
 * Opens an input file for reading, refusing what is missing, a directory, a device, FIFO or
 * socket (which stat calls empty and which never end, or block), or a path that leads out of
 * `within` \u2014 before any byte of it is read.
 */
function openInputFile(path, what, options) {
    const maxBytes = Math.floor(options.maxBytes ?? maxInputBytes(options.kind));
    let real;
    try {
        real = node_fs_1.realpathSync.native(path);
    }
    catch (error) {
        throw new errors_1.UserError(`${path} ${unreachablePath(error)}; pass the path of ${what}.`);
    }
    if (options.within !== undefined && !(0, exports.isInside)(real, (0, exports.realPathOf)(options.within))) {
        throw new errors_1.UserError(`${path} leads outside ${options.within}, which gitops-sync does not read from; keep ${what} inside it.`);
    }
    if (options.apartFrom && (0, exports.isInside)(real, (0, exports.realPathOf)(options.apartFrom.path)))
        throw new errors_1.UserError(`${path} ${options.apartFrom.why}`);
    const notRegular = () => new errors_1.UserError(`${path} is a device, FIFO or socket, not a regular file; pass the path of ${what}.`);
    let fd;
    try {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: `real` has no symlink left to follow.
        fd = (0, node_fs_1.openSync)(real, node_fs_1.constants.O_RDONLY | node_fs_1.constants.O_NONBLOCK | node_fs_1.constants.O_NOFOLLOW);
    }
    catch (error) {
        if (error.code === 'ENXIO')
            throw notRegular();
        throw new errors_1.UserError(`${path} could not be opened (${error.code ?? 'error'}); pass the path of ${what}.`);
    }
    const stats = (0, node_fs_1.fstatSync)(fd);
    const refusal = stats.isDirectory()
        ? new errors_1.UserError(`${path} is a directory, not a file; pass the path of ${what}.`)
        : !stats.isFile()
            ? notRegular()
            : stats.size > maxBytes
                ? new errors_1.UserError(`${path} is ${(stats.size / MB).toFixed(1)} MB, over the ${megabytes(maxBytes)} MB limit for ${what}; ${remedy(options)}.`)
                : undefined;
    if (refusal) {
        (0, node_fs_1.closeSync)(fd);
        throw refusal;
    }
    return { fd, maxBytes, size: stats.size };
}
const megabytes = (bytes) => String(Number((bytes / MB).toFixed(3)));
/** What to do about a file over its limit. */
const remedy = (options) => (options.fixed ? 'that limit is fixed (GITOPS_SYNC_MAX_INPUT_MB does not raise it), so make the file smaller' : 'split the input or raise GITOPS_SYNC_MAX_INPUT_MB');
/** The limit counts bytes read, not what stat says: /proc files say 0 and grow as they are read. */
const overLimit = (path, what, maxBytes, options) => new errors_1.UserError(`${path} is over the ${megabytes(maxBytes)} MB limit for ${what}; ${remedy(options)}.`);
const CHUNK_BYTES = 4 * MB;
/** Past what stat says is left (/proc files say 0), chunks of this size find the end. */
const PROBE_BYTES = 64 * 1024;
/** Reads a whole input file, refusing what is missing, not a regular file, outside `within`, or too large \u2014 each in one sentence. */
function readInputFile(path, what, options = {}) {
    const { fd, maxBytes, size } = openInputFile(path, what, options);
    try {
        // Into one buffer of the size the file has (one byte more, to see it grow), not chunks joined after:
        // that copy was a tenth of analysing a compliance export. A file that grows is read on, to the bound.
        let buffer = Buffer.allocUnsafe(size + 1);
        let total = 0;
        for (;;) {
            if (total === buffer.length)
                buffer = Buffer.concat([buffer, Buffer.allocUnsafe(Math.min(buffer.length, maxBytes + 1 - total))]);
            const read = (0, node_fs_1.readSync)(fd, buffer, total, buffer.length - total, null);
            if (read === 0)
                return buffer.subarray(0, total);
            total += read;
            if (total > maxBytes)
                throw overLimit(path, what, maxBytes, options);
        }
    }
    finally {
        (0, node_fs_1.closeSync)(fd);
    }
}
/**
 * Hands an input file to `consume` in 4 MB chunks, with the same checks as readInputFile, so a large
 * plan is never in memory whole. The file is closed whatever `consume` does.
 *
 * With `reuse`, two buffers take turns, so a chunk is only valid until the one after it has been
 * handed out: for readers that copy what they keep (readTopLevel). Fresh 4 MB buffers cost more
 * than the read itself (the system maps and zeroes their pages: 160 ms against 20 ms for a 50 MB plan).
 */
function withInputChunks(path, what, consume, options = {}) {
    const { fd, maxBytes, size } = openInputFile(path, what, options);
    // No larger than what is left: ten thousand small manifests must not cost 4 MB of memory each.
    const chunkBytes = (read) => Math.min(CHUNK_BYTES, maxBytes - read + 1, Math.max(size - read + 1, PROBE_BYTES));
    const turns = options.reuse ? [Buffer.allocUnsafeSlow(chunkBytes(0)), Buffer.allocUnsafeSlow(chunkBytes(0))] : undefined;
    let total = 0;
    let handedOut = 0;
    try {
        return consume(() => {
            const length = chunkBytes(total);
            const chunk = turns ? turns[handedOut++ % 2].subarray(0, length) : Buffer.allocUnsafe(length);
            const read = (0, node_fs_1.readSync)(fd, chunk, 0, chunk.length, null);
            total += read;
            if (total > maxBytes)
                throw overLimit(path, what, maxBytes, options);
            return read === 0 ? undefined : chunk.subarray(0, read);
        });
    }
    finally {
        (0, node_fs_1.closeSync)(fd);
    }
}
const WRITE_BUFFER_BYTES = 1 << 20;
/** A sink writing to an open file. */
const fileSink = (fd) => (bytes) => {
    for (let offset = 0; offset < bytes.length;)
        offset += (0, node_fs_1.writeSync)(fd, bytes, offset, bytes.length - offset);
};
exports.fileSink = fileSink;
/**
 * Writes text (and bytes) to a sink through one reused 1 MB buffer, each piece encoded straight into it.
 * Joining pieces into large strings first would leave a large string and a Buffer of garbage per
 * megabyte, which V8 collects late (a 130 MB report would add that much again to the peak memory),
 * and cost a third of a large report's writing time. A piece ending in the first half of a surrogate
 * pair keeps it for the next piece, as joining them would.
 */
class PieceWriter {
    sink;
    buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
    used = 0;
    carried = '';
    constructor(sink) {
        this.sink = sink;
    }
    write(piece) {
        if (typeof piece !== 'string') {
            this.writeCarried();
            // Small pieces (a report's lines) are gathered in the buffer, not written a system call each.
            if (piece.length <= this.buffer.length >> 4) {
                if (this.used + piece.length > this.buffer.length)
                    this.drain();
                this.buffer.set(piece, this.used);
                this.used += piece.length;
            }
            else {
                this.drain();
                this.sink(piece);
            }
            return;
        }
        if (this.carried)
            [piece, this.carried] = [this.carried + piece, ''];
        const last = piece.charCodeAt(piece.length - 1);
        if (last >= 0xd800 && last <= 0xdbff)
            [piece, this.carried] = [piece.slice(0, -1), piece.slice(-1)];
        this.writeText(piece);
    }
    /** Writes out what is buffered (and a half surrogate pair no piece completed). */
    flush() {
        this.writeCarried();
        this.drain();
    }
    writeCarried() {
        if (!this.carried)
            return;
        const carried = this.carried;
        this.carried = '';
        this.writeText(carried);
    }
    writeText(piece) {
        if (piece.length * 3 > this.buffer.length) {
            // UTF-8 takes at most 3 bytes per UTF-16 unit: anything shorter always fits an emptied buffer.
            this.drain();
            this.sink(Buffer.from(piece));
            return;
        }
        if (this.used + piece.length * 3 > this.buffer.length && this.used + Buffer.byteLength(piece) > this.buffer.length)
            this.drain();
        this.used += this.buffer.write(piece, this.used);
    }
    drain() {
        if (this.used > 0)
            this.sink(this.buffer.subarray(0, this.used));
        this.used = 0;
    }
}
exports.PieceWriter = PieceWriter;
/** Writes `pieces` to `sink` (e.g. fileSink(fd)) as one stream of UTF-8. */
function writePieces(sink, pieces) {
    const writer = new PieceWriter(sink);
    for (const piece of pieces)
        writer.write(piece);
    writer.flush();
}
/** What is at `path` (`follow`: what a link there leads to), or undefined when nothing is or it cannot be looked at. */
function statOrNothing(path, follow) {
    try {
        return (follow ? node_fs_1.statSync : node_fs_1.lstatSync)(path, { throwIfNoEntry: false });
    }
    catch {
        return undefined;
    }
}
/**
 * Writes through a temporary file and a rename, so a reader never sees half a file. Content given
 * in pieces is encoded piece by piece into a 1 MB buffer, so a large report never exists as one string.
 * `alsoTo` gets every byte written too (e.g. to hash the file as it is written).
 */
function writeFileAtomic(path, content, alsoTo) {
    // The file is replaced whole (a temporary file renamed over it): what is there must be a file, or nothing, or a
    // link to one or to nothing (the link itself replaced, never written through). A FIFO or a device (/dev/stdout
    // is a link to one) would be replaced by a plain file.
    const there = statOrNothing(path, false);
    const target = there?.isSymbolicLink() ? statOrNothing(path, true) : there;
    if (target?.isDirectory())
        throw new errors_1.UserError(`${path} is a folder, not a file gitops-sync can write; remove it or choose another path.`);
    if (target && !target.isFile())
        throw new errors_1.UserError(`${path} is, or leads to, a device, FIFO or socket (such as /dev/stdout), which gitops-sync does not write to: it replaces files whole; choose a regular file and read it after the run.`);
    const temporary = (0, node_path_1.join)((0, node_path_1.dirname)(path), `.${(0, node_path_1.basename)(path)}.${process.pid}.${Date.now()}.tmp`);
    let fd;
    try {
        (0, node_fs_1.mkdirSync)((0, node_path_1.dirname)(path), { recursive: true });
        fd = (0, node_fs_1.openSync)(temporary, 'w');
        const toFile = (0, exports.fileSink)(fd);
        const sink = alsoTo
            ? (bytes) => {
                toFile(bytes);
                alsoTo(bytes);
            }
            : toFile;
        writePieces(sink, typeof content === 'string' ? [content] : content);
        (0, node_fs_1.closeSync)(fd);
        fd = undefined;
        (0, node_fs_1.renameSync)(temporary, path);
    }
    catch (error) {
        try {
            if (fd !== undefined)
                (0, node_fs_1.closeSync)(fd);
            (0, node_fs_1.rmSync)(temporary, { force: true });
        }
        catch {
            // Nothing was written, or the folder itself is the problem: the message below says which.
        }
        throw new errors_1.UserError(`Could not write ${path}: ${writeProblem(error)}; check the output path is writable.`);
    }
}
/** Why a file could not be written, in words for the common causes (errno text otherwise). */
function writeProblem(error) {
    switch (error.code) {
        case 'EEXIST':
        case 'ENOTDIR':
            return 'a part of its folder is a file, not a folder';
        case 'EACCES':
        case 'EPERM':
            return 'permission denied';
        case 'ENOSPC':
            return 'no space left on the device';
        case 'EROFS':
            return 'the file system is read-only';
        default:
            return error.message;
    }
}
const KEPT_OUT_OF_GIT = '# Made by gitops-sync: what it keeps here (state backups, locks, the audit log) may hold secrets and never belongs in a commit.\n*\n';
/**
 * mkdir -p `folder`; the first folder this creates gets a `.gitignore` of `*`, so that what gitops-sync
 * keeps there (a plaintext state backup, locks, the audit log) stays out of `git status` and of a
 * commit made with `git add -A`. A folder that was already there is left as it is.
 */
function mkdirKeptOutOfGit(folder, mode) {
    const created = (0, node_fs_1.mkdirSync)(folder, { recursive: true, ...(mode === undefined ? {} : { mode }) });
    if (created === undefined)
        return;
    try {
        (0, node_fs_1.writeFileSync)((0, node_path_1.join)(created, '.gitignore'), KEPT_OUT_OF_GIT, { flag: 'wx' });
    }
    catch (error) {
        // Another run made the folder's .gitignore first.
        if (error.code !== 'EEXIST')
            throw error;
    }
}
/** Scratch folders in use, so a signal that ends the process before their `finally` runs still removes them. */
const scratchFolders = new Set();
/**
 * A private (0700) temp folder for one run's files (a saved plan, TF_DATA_DIR); remove it with
 * removeScratchFolder. Named `<prefix><pid>-<random>`: a folder left behind says which process made it.
 */
function scratchFolder(prefix) {
    let path;
    try {
        path = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), `${prefix}${process.pid}-`));
    }
    catch (error) {
        throw new errors_1.UserError(`Could not make a private scratch folder in ${(0, node_os_1.tmpdir)()} (${error.code ?? 'error'}); set TMPDIR to a writable folder.`);
    }
    scratchFolders.add(path);
    return path;
}
function removeScratchFolder(path) {
    // Retried: a worker thread being stopped may still be writing its file there (ENOTEMPTY).
    (0, node_fs_1.rmSync)(path, { recursive: true, force: true, maxRetries: 3 });
    scratchFolders.delete(path);
}
// SIGQUIT too: a terminal's Ctrl-\ no longer reaches the tools, which lead groups of their own.
const STOPPING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
/** How long the tools running get to stop on a signal: GitHub Actions sends SIGTERM 7.5 s after SIGINT, and SIGKILL 2.5 s later. */
const TOOLS_GRACE_MS = 5_000;
/** Said on stderr at once (a write to a pipe may be asynchronous, and the process ends right after). */
const sayNow = (line) => (0, node_fs_1.writeSync)(2, `gitops-sync: ${line}\n`);
/**
 * For an entry point: on SIGINT, SIGTERM, SIGHUP or SIGQUIT (a cancelled CI job, Ctrl-C, Ctrl-\) stop the tools running
 * (stopRunningTools: they get the signal and up to 5 s, then are killed), remove every scratch folder \u2014 a
 * saved plan holds sensitive values in plain text \u2014 then end as that signal would (SIGQUIT: exit 131, no core). The handlers stay on
 * until then, so a second Ctrl-C cannot end the process half-way (Node would take it as the default).
 */
function removeScratchFoldersOnSignal() {
    let stopping = false;
    for (const signal of STOPPING_SIGNALS) {
        process.on(signal, () => {
            if (stopping)
                return;
            stopping = true;
            try {
                // SIGQUIT would make terraform end at once, its state lock held: the tools get an interrupt instead.
                (0, node_exec_js_1.stopRunningTools)(signal === 'SIGQUIT' ? 'SIGINT' : signal, TOOLS_GRACE_MS, sayNow);
                for (const path of scratchFolders) {
                    try {
                        (0, node_fs_1.rmSync)(path, { recursive: true, force: true, maxRetries: 3 });
                    }
                    catch (error) {
                        sayNow(`could not remove ${path} (${error.code ?? 'error'}); remove it by hand: it may hold a saved plan.`);
                    }
                }
            }
            finally {
                for (const other of STOPPING_SIGNALS)
                    process.removeAllListeners(other);
                // SIGQUIT's own end dumps core, and a core of gitops-sync holds its tokens and decrypted values: 128 + 3 instead.
                if (signal === 'SIGQUIT')
                    process.exit(131);
                process.kill(process.pid, signal);
            }
        });
    }
}
/**
 * A reports folder inside the workspace that is, or passes through, a symbolic link is refused: the
 * workspace may be a pull request's head, and a committed link (to .git, or anywhere on the runner)
 * would have the reports written there and the artifact upload after them publish what is there.
 */
function checkOutputFolder(workspace, folder) {
    const root = (0, node_path_1.resolve)(workspace);
    const inside = (0, node_path_1.relative)(root, (0, node_path_1.resolve)(root, folder));
    if (inside === '..' || inside.startsWith(`..${node_path_1.sep}`) || (0, node_path_1.isAbsolute)(inside))
        return;
    let at = root;
    for (const name of inside.split(node_path_1.sep).filter(Boolean)) {
        at = (0, node_path_1.join)(at, name);
        if ((0, node_fs_1.lstatSync)(at, { throwIfNoEntry: false })?.isSymbolicLink()) {
            throw new errors_1.UserError(`The output folder ${folder} is a symbolic link or passes through one (${(0, node_path_1.relative)(root, at)}); reports are written only to a real folder in the workspace: remove the link or choose another output folder.`);
        }
    }
}


/***/ }),

/***/ 765:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.nodeExec = exports.firstLine = exports.gitToolEnvironment = void 0;
exports.withholdFromTools = withholdFromTools;
exports.toolEnvironment = toolEnvironment;
exports.gitEnvironment = gitEnvironment;
exports.oldGitWarning = oldGitWarning;
exports.warnOfOldGit = warnOfOldGit;
exports.stopRunningTools = stopRunningTools;
const node_child_process_1 = __nccwpck_require__(421);
const node_fs_1 = __nccwpck_require__(24);
const node_path_1 = __nccwpck_require__(379);
const errors_1 = __nccwpck_require__(638);
const processes_js_1 = __nccwpck_require__(785);
/**
 * Variables gitops-sync reads for itself and no tool it runs needs: the platform tokens, the Argo CD
 * token (read through the API, never the argocd CLI), the runner's cache/artifact token and the
 * default notification secrets. Tools get their credentials under their own names (AWS_*, ARM_*,
 * GOOGLE_*, TF_VAR_*, TF_HTTP_PASSWORD, KUBECONFIG\u2026), which pass through.
 */
const WITHHELD_NAMES = new Set([
    'GITHUB_TOKEN',
    'GITLAB_TOKEN',
    'CI_JOB_TOKEN',
    'ARGOCD_AUTH_TOKEN',
    'ACTIONS_RUNTIME_TOKEN',
    'SLACK_WEBHOOK_URL',
    'PAGERDUTY_ROUTING_KEY',
]);
/** Action inputs (the `token` input among them) and gitops-sync's own settings and secrets. */
const WITHHELD_PREFIXES = ['INPUT_', 'GITOPS_SYNC_'];
/** The variables a loaded configuration names as holding secrets (notification keys, SMTP credentials\u2026). */
const configuredSecretNames = new Set();
/** Keeps every later tool run from seeing these variables; loadConfig calls it with the names the configuration reads secrets from. */
function withholdFromTools(names) {
    for (const name of names)
        configuredSecretNames.add(name.toUpperCase());
}
/** `env` without what gitops-sync keeps to itself (names compared case-insensitively, as Windows does). */
function toolEnvironment(env) {
    return Object.fromEntries(Object.entries(env).filter(([name]) => {
        const upper = name.toUpperCase();
        return !WITHHELD_NAMES.has(upper) && !configuredSecretNames.has(upper) && !WITHHELD_PREFIXES.some((prefix) => upper.startsWith(prefix));
    }));
}
/**
 * The environment of a git run: git never takes a folder for a repository because of files in it
 * (HEAD, objects/, refs/ \u2014 a bare repository, which a pull request can commit into the checkout: git
 * run in that folder would read its config, hooks and fsmonitor, and work on its index and remotes).
 * `safe.bareRepository=explicit` (git 2.38+) goes last in GIT_CONFIG_PARAMETERS, the command line's
 * settings, which git reads after GIT_CONFIG_COUNT's and every config file: nothing set overrides it.
 */
function gitEnvironment(env) {
    const parameters = [env.GIT_CONFIG_PARAMETERS?.trim(), "'safe.bareRepository=explicit'"].filter(Boolean).join(' ');
    return { ...env, GIT_CONFIG_PARAMETERS: parameters };
}
/** The warning for a `git --version` output older than 2.38, which ignores safe.bareRepository (see gitEnvironment); undefined for 2.38 and later. */
function oldGitWarning(versionOutput) {
    const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(versionOutput);
    if (!match)
        return undefined;
    const [major, minor] = [Number(match[1]), Number(match[2])];
    if (major > 2 || (major === 2 && minor >= 38))
        return undefined;
    return `git ${match[0]} is older than 2.38 and ignores safe.bareRepository: a folder a pull request commits as a bare repository (HEAD, objects/, refs/) could be taken for a repository, with its config and hooks, by a git command gitops-sync runs in it; use git 2.38 or later in this job.`;
}
/** The git programs (by PATH) already asked their version: the warning is said once per process. */
const gitVersionsSeen = new Set();
/** Says oldGitWarning's warning on stderr, once per git program (PATH) a process runs. */
function warnOfOldGit(env) {
    const key = env.PATH ?? '';
    if (gitVersionsSeen.has(key))
        return;
    gitVersionsSeen.add(key);
    let version;
    try {
        version = (0, node_child_process_1.execFileSync)('git', ['--version'], { env: toolEnvironment(env), encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    }
    catch {
        // No git, or one that cannot say its version: the run itself will say what is wrong.
        return;
    }
    const warning = oldGitWarning(version);
    if (warning)
        process.stderr.write(`gitops-sync: warning: ${warning}\n`);
}
/** A tool run's environment when the tool is git: without gitops-sync's secrets, and with gitEnvironment's setting. */
const gitToolEnvironment = (env) => gitEnvironment(toolEnvironment(env));
exports.gitToolEnvironment = gitToolEnvironment;
/** The first line of a tool's output (its stderr, for a sentence saying why it failed). */
const firstLine = (text) => text.trim().split('\n')[0] ?? '';
exports.firstLine = firstLine;
/** The tools running now (until their output closes): whether each leads a process group of its own, and which program it is. */
const runningTools = new Map();
/** The signal gitops-sync is being stopped by, once one came: no tool is started after it. */
let stoppedBy;
/**
 * The tools that stay in gitops-sync's process group (and session): git may ask for a passphrase or
 * credentials on the terminal. Every other tool leads a group of its own, so that on a signal it hears
 * only gitops-sync's (terraform takes a second interrupt as "exit immediately", losing state).
 */
const TERMINAL_TOOLS = new Set(['git']);
/** Whether Node has seen the tool end (once it has, its pid may be another process's). */
const ended = (child) => child.exitCode !== null || child.signalCode !== null;
function signalTool(child, ownGroup, signal) {
    if (child.pid === undefined)
        return;
    if (!ownGroup) {
        if (!ended(child))
            child.kill(signal);
        return;
    }
    try {
        // A group outlives its leader while a process of it runs, and its id is not reused meanwhile.
        process.kill(-child.pid, signal);
    }
    catch {
        // Gone.
    }
}
/** Each process's id, process group and state: from /proc (Linux), else `ps`; undefined when neither answers. */
function processTable() {
    try {
        return (0, node_fs_1.readdirSync)('/proc')
            .filter((name) => /^\d+$/.test(name))
            .flatMap((pid) => {
            try {
                const stat = (0, node_fs_1.readFileSync)(`/proc/${pid}/stat`, 'utf8');
                const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
                return [{ pid: Number(pid), group: Number(group), state }];
            }
            catch {
                return [];
            }
        });
    }
    catch {
        // No /proc (macOS).
    }
    try {
        return (0, node_child_process_1.execFileSync)('ps', ['-A', '-o', 'pid=,pgid=,stat='], { encoding: 'utf8', timeout: 2_000, stdio: ['ignore', 'pipe', 'ignore'] })
            .split('\n')
            .map((line) => line.trim().split(/\s+/))
            .filter((fields) => fields.length >= 3)
            .map(([pid, group, state]) => ({ pid: Number(pid), group: Number(group), state: state }));
    }
    catch {
        return undefined;
    }
}
/** Whether a tool, or (leading its own group) any process of its group, still runs: a zombie (state Z) does not. */
function stillRuns(tools) {
    const table = processTable();
    return tools.some(([child, { ownGroup }]) => {
        const pid = child.pid;
        if (pid === undefined || (!ownGroup && ended(child)))
            return false;
        return table ? table.some((entry) => (ownGroup ? entry.group === pid : entry.pid === pid) && !entry.state.startsWith('Z')) : (0, processes_js_1.processAlive)(pid);
    });
}
/** Never notified: Atomics.wait on it is a blocking sleep. */
const pause = new Int32Array(new SharedArrayBuffer(4));
/**
 * For a signal that stops gitops-sync (a cancelled CI job, Ctrl-C): every tool running gets the signal,
 * from gitops-sync alone (a tool leads a process group of its own, which a terminal's Ctrl-C does not
 * reach: it would go on, an apply unattended, after gitops-sync had gone), so terraform stops as it does
 * on one Ctrl-C. It waits for them here, blocking, up to `graceMs`: nothing else of gitops-sync runs
 * meanwhile (no next environment, request, alert or report; a tool that ended is never answered), then
 * every process left in their groups is killed. `said` hears what it waits for.
 */
function stopRunningTools(signal, graceMs, said = () => { }) {
    stoppedBy ??= signal;
    const tools = [...runningTools];
    if (tools.length === 0)
        return;
    for (const [child, { ownGroup }] of tools)
        signalTool(child, ownGroup, signal);
    if (stillRuns(tools)) {
        said(`stopping (${signal}): waiting up to ${Math.round(graceMs / 1000)} s for ${[...new Set(tools.map(([, tool]) => tool.what))].join(', ')} to stop`);
        for (const end = Date.now() + graceMs; Date.now() < end && stillRuns(tools);)
            Atomics.wait(pause, 0, 0, 50);
    }
    for (const [child, { ownGroup }] of tools)
        signalTool(child, ownGroup, 'SIGKILL');
}
/**
 * The Exec port on Node's child_process: no shell, output captured, ENOENT turned into a UserError.
 * Every tool run goes through here, so this is where the tool's environment loses gitops-sync's secrets.
 */
exports.nodeExec = {
    run(command, args, options = {}) {
        return new Promise((resolve, reject) => {
            // Stopping: nothing starts, and what ends is not answered (see stopRunningTools).
            if (stoppedBy)
                return;
            if (command === 'git')
                warnOfOldGit(options.env ?? process.env);
            const env = (command === 'git' ? exports.gitToolEnvironment : toolEnvironment)(options.env ?? process.env);
            let stdoutFd;
            try {
                stdoutFd = options.stdoutFile === undefined ? undefined : (0, node_fs_1.openSync)(options.stdoutFile, 'wx', 0o600);
            }
            catch (error) {
                reject(new errors_1.UserError(`Could not create ${options.stdoutFile} for the output of ${command}: ${error.message}.`));
                return;
            }
            // A tool leads a process group of its own (see TERMINAL_TOOLS), so stopping it stops what it started too
            // (`az` is a shell script running Python: killing the script alone would leave Python holding the pipes).
            // Not on Windows: there a detached tool loses the console, outlives gitops-sync, and -pid names nothing.
            const ownGroup = process.platform !== 'win32' && (!TERMINAL_TOOLS.has(command) || options.timeout !== undefined || options.outputLimit !== undefined);
            let child;
            try {
                child = (0, node_child_process_1.spawn)(command, [...args], { cwd: options.cwd, env, stdio: ['pipe', stdoutFd ?? 'pipe', 'pipe'], detached: ownGroup });
                // The program's name alone: an argument may be a value a message must not show.
                runningTools.set(child, { ownGroup, what: (0, node_path_1.basename)(command) });
                // Kept until its output closes: a process it started may still hold it (and so run).
                child.once('close', () => runningTools.delete(child));
            }
            finally {
                // The child has its own copy of the descriptor by now.
                if (stdoutFd !== undefined)
                    (0, node_fs_1.closeSync)(stdoutFd);
            }
            // Standard input is the given input, or empty. A program that exits without reading it all closes the pipe: not our error.
            child.stdin.on('error', () => { });
            child.stdin.end(options.input);
            let stopped = false;
            const stop = (error) => {
                if (stopped || stoppedBy)
                    return;
                stopped = true;
                if (timer)
                    clearTimeout(timer);
                signalTool(child, ownGroup, 'SIGKILL');
                reject(error);
            };
            const timer = options.timeout && setTimeout(() => {
                const seconds = Number((options.timeout.ms / 1000).toFixed(3));
                stop(new errors_1.UserError(`${options.timeout.what ?? `${command} ${args[0] ?? ''}`} did not answer within ${seconds} s and was stopped; ${options.timeout.hint}.`));
            }, options.timeout.ms);
            const stdout = [];
            const stderr = [];
            let outputBytes = 0;
            const capture = (into) => (chunk) => {
                if (stopped)
                    return;
                outputBytes += chunk.byteLength;
                if (options.outputLimit && outputBytes > options.outputLimit.bytes)
                    return stop(new errors_1.UserError(options.outputLimit.message));
                into.push(chunk);
            };
            child.stdout?.on('data', capture(stdout));
            child.stderr.on('data', capture(stderr));
            child.on('error', (error) => {
                // Also said when a kill fails: only a tool that never started is forgotten here.
                if (child.pid === undefined)
                    runningTools.delete(child);
                if (timer)
                    clearTimeout(timer);
                if (stoppedBy)
                    return;
                if (error.code === 'ENOENT')
                    reject(new errors_1.UserError(`${command} is not installed or not on PATH; install it (or, in the drift-detect action, set terraform-version) and run again.`));
                else
                    reject(new errors_1.UserError(`Could not start ${command}: ${error.message}.`));
            });
            child.on('close', (code, signal) => {
                if (timer)
                    clearTimeout(timer);
                if (stopped || stoppedBy)
                    return;
                resolve({ exitCode: code ?? (signal ? 128 : 1), stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') });
            });
        });
    },
};


/***/ }),

/***/ 785:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.processAlive = processAlive;
/** Whether a process of this pid runs on this host (one of another user's counts: signalling it is refused with EPERM, not ESRCH). */
function processAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}


/***/ }),

/***/ 573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 379:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 877:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");

/***/ }),

/***/ 919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/compat */
/******/ 
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = new URL('.', import.meta.url).pathname.slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/************************************************************************/
var __webpack_exports__ = {};
// This entry need to be wrapped in an IIFE because it uses a non-standard name for the exports (exports).
(() => {
var exports = __webpack_exports__;

Object.defineProperty(exports, "B", ({ value: true }));
/**
 * The worker thread of plan-fingerprint-thread.ts, bundled on its own (scripts/build.mjs): writes each
 * entry's canonical text from the plan's pieces the analysis hands over as it reads them, then
 * finishes the fingerprint with the analysis's secrets (reading the plan file again when it must,
 * checked against what was handed over).
 */
const node_events_1 = __nccwpck_require__(474);
const node_crypto_1 = __nccwpck_require__(598);
const node_worker_threads_1 = __nccwpck_require__(919);
const side_fingerprint_1 = __nccwpck_require__(439);
const kept_pieces_file_js_1 = __nccwpck_require__(659);
const plan_fingerprint_thread_js_1 = __nccwpck_require__(37);
async function fingerprint(task) {
    const { scratch } = task;
    const keptPieces = scratch === undefined ? undefined : () => new kept_pieces_file_js_1.KeptPiecesFile(scratch);
    const side = new side_fingerprint_1.SideFingerprint({ workspace: task.workspace, varFiles: task.varFiles, label: task.label, planBytes: task.planBytes, keptPieces });
    const handedOver = (0, node_crypto_1.createHash)('sha256');
    side.observe((0, plan_fingerprint_thread_js_1.piecesFromAnalysis)(task, handedOver));
    const [request] = (await (0, node_events_1.once)(node_worker_threads_1.parentPort, 'message'));
    return { fingerprint: side.finish(new Set(request.secrets), (0, plan_fingerprint_thread_js_1.checkedTeeReader)(task, handedOver.digest('hex'))) };
}
const task = node_worker_threads_1.workerData;
const port = node_worker_threads_1.parentPort;
if (port && task?.kind === 'gitops-sync/plan-fingerprint') {
    void fingerprint(task)
        .catch((error) => ({ failed: error instanceof Error ? error.message : String(error) }))
        .then((answer) => port.postMessage(answer));
}

})();

var __webpack_exports___esModule = __webpack_exports__.B;
export { __webpack_exports___esModule as __esModule };

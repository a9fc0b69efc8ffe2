export const id = 903;
export const ids = [903];
export const modules = {

/***/ 6730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hv: () => (/* binding */ OPEN_BRACE),
/* harmony export */   KE: () => (/* binding */ COMMA),
/* harmony export */   WL: () => (/* binding */ OPEN_BRACKET),
/* harmony export */   Xy: () => (/* binding */ NEWLINE),
/* harmony export */   jA: () => (/* binding */ QUOTE),
/* harmony export */   oH: () => (/* binding */ COLON),
/* harmony export */   r_: () => (/* binding */ BACKSLASH),
/* harmony export */   rc: () => (/* binding */ CLOSE_BRACE),
/* harmony export */   t6: () => (/* binding */ SPACE),
/* harmony export */   wn: () => (/* binding */ TAB),
/* harmony export */   wt: () => (/* binding */ CLOSE_BRACKET),
/* harmony export */   xC: () => (/* binding */ isSpace)
/* harmony export */ });
/** The bytes of JSON's structure, for the readers that scan JSON as bytes (top-level-reader.ts, plan/canonical-bytes.ts). */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
/** JSON's whitespace: space, line feed, carriage return, tab. */
const isSpace = (byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;


/***/ }),

/***/ 2446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U8: () => (/* binding */ readTopLevel),
/* harmony export */   ir: () => (/* binding */ JsonShapeError)
/* harmony export */ });
/* unused harmony exports RAW_NEED_MORE, RAW_PARSE, wholeBytes */
/* harmony import */ var _utf8_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3145);
/* harmony import */ var _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6730);
/**
 * Reads a large JSON object without building all of it: the caller names the top-level keys it
 * wants as whole values and the keys whose array items it wants one at a time; every other value
 * is skipped by scanning bytes (strings and nesting only, no allocation). Plans carry two copies of
 * the state (`prior_state`, `planned_values`) and the configuration that drift analysis never
 * needs, so skipping them is most of the work saved.
 */


class JsonShapeError extends Error {
    reason;
    offset;
    constructor(reason, offset, detail) {
        super(detail);
        this.reason = reason;
        this.offset = offset;
    }
}
const RAW_NEED_MORE = -1;
const RAW_PARSE = (/* unused pure expression or super */ null && (-2));
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
    if (reader.peek() !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .OPEN_BRACE */ .Hv) {
        if (reader.atEnd())
            throw new JsonShapeError('truncated', reader.at, 'the file is empty');
        throw new JsonShapeError('not-an-object', reader.at, 'the top level is not a JSON object');
    }
    reader.pos++;
    reader.skipSpace();
    if (reader.peek() === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOSE_BRACE */ .rc)
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
            if (spec.arrays.includes(key) && reader.peek() === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .OPEN_BRACKET */ .WL) {
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
            if (next === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOSE_BRACE */ .rc)
                break;
            if (next !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .COMMA */ .KE)
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
        while ((0,_json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .isSpace */ .xC)(bytes[after]))
            after++;
        if (bytes[after] !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .COLON */ .oH)
            continue;
        let before = key - 1;
        while ((0,_json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .isSpace */ .xC)(bytes[before]))
            before--;
        if (bytes[before] !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .OPEN_BRACE */ .Hv)
            continue;
        const open = before--;
        if (indent && (open - indent.length < from || bytes.compare(indent, 0, indent.length, open - indent.length, open) !== 0))
            continue;
        while ((0,_json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .isSpace */ .xC)(bytes[before]))
            before--;
        if (bytes[before--] !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .COMMA */ .KE)
            continue;
        while ((0,_json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .isSpace */ .xC)(bytes[before]))
            before--;
        if (bytes[before] !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOSE_BRACE */ .rc || before < from)
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
        for (let byte = this.peek(); byte !== undefined && (0,_json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .isSpace */ .xC)(byte); byte = this.peek())
            this.pos++;
    }
    /** Moves past a string whose opening quote is at `pos`; the whole string stays in the window. */
    skipString() {
        const ownMark = this.mark < 0;
        if (ownMark)
            this.mark = this.pos;
        this.pos++;
        for (;;) {
            const quote = this.bytes.indexOf(_json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .QUOTE */ .jA, this.pos);
            if (quote < 0) {
                this.pos = this.bytes.length;
                if (!this.more())
                    throw new JsonShapeError('truncated', this.at, 'a string never ends');
                continue;
            }
            let backslashes = 0;
            while (this.bytes[quote - 1 - backslashes] === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .BACKSLASH */ .r_)
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
        if (first === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .QUOTE */ .jA)
            return this.skipString();
        if (first !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .OPEN_BRACE */ .Hv && first !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .OPEN_BRACKET */ .WL) {
            let length = 0;
            for (let byte = this.peek(); byte !== undefined; byte = this.peek()) {
                if (byte === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .COMMA */ .KE || byte === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOSE_BRACE */ .rc || byte === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOSE_BRACKET */ .wt || (0,_json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .isSpace */ .xC)(byte))
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
            while (byte !== undefined && byte !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .QUOTE */ .jA) {
                if (byte === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .OPEN_BRACE */ .Hv)
                    closers.push(_json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOSE_BRACE */ .rc);
                else if (byte === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .OPEN_BRACKET */ .WL)
                    closers.push(_json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOSE_BRACKET */ .wt);
                else if (byte === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOSE_BRACE */ .rc || byte === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOSE_BRACKET */ .wt) {
                    if (closers.pop() !== byte) {
                        this.pos = pos;
                        throw new JsonShapeError('invalid', this.at, 'brackets do not match');
                    }
                    if (closers.length === 0)
                        break;
                }
                byte = bytes[++pos];
            }
            if (byte === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .QUOTE */ .jA) {
                // Fast path: the string ends in this window without escapes before its closing quote.
                const quote = bytes.indexOf(_json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .QUOTE */ .jA, pos + 1);
                if (quote > 0 && bytes[quote - 1] !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .BACKSLASH */ .r_) {
                    this.pos = quote + 1;
                    continue;
                }
            }
            this.pos = pos;
            if (byte === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .QUOTE */ .jA)
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
        if (this.peek() !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .QUOTE */ .jA)
            throw this.unexpected(this.take(), 'a quoted key');
        const key = this.readValue();
        this.skipSpace();
        const colon = this.take();
        if (colon !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .COLON */ .oH)
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
        return (0,_utf8_text_js__WEBPACK_IMPORTED_MODULE_1__/* .utf8Text */ .H)(this.bytes.subarray(start, end));
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
        if (this.at < this.noBatchUntil || this.peek() !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .OPEN_BRACE */ .Hv)
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
                if (this.peek() !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .COMMA */ .KE)
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
        if (this.peek() === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOSE_BRACKET */ .wt) {
            this.pos++;
            return;
        }
        for (;;) {
            let end = onRaw(this.bytes, this.pos);
            if (end === RAW_NEED_MORE) {
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
            if (next === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOSE_BRACKET */ .wt)
                return;
            if (next !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .COMMA */ .KE)
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
        if (bytes[at++] !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .OPEN_BRACE */ .Hv)
            return undefined;
        while ((0,_json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .isSpace */ .xC)(bytes[at]))
            at++;
        if (bytes[at] !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .QUOTE */ .jA)
            return undefined;
        const close = bytes.indexOf(_json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .QUOTE */ .jA, at + 1);
        if (close < 0 || close - at + 1 > MAX_ITEM_KEY_BYTES || bytes.subarray(at, close).includes(_json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .BACKSLASH */ .r_))
            return undefined;
        let lineStart = this.pos;
        while (bytes[lineStart - 1] === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .SPACE */ .t6 || bytes[lineStart - 1] === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .TAB */ .wn)
            lineStart--;
        const onItsOwnLine = bytes[lineStart - 1] === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .NEWLINE */ .Xy;
        return { key: Buffer.from(bytes.subarray(at, close + 1)), indent: onItsOwnLine ? Buffer.from(bytes.subarray(lineStart - 1, this.pos)) : undefined };
    }
    readItems(onItem) {
        this.pos++;
        this.skipSpace();
        if (this.peek() === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOSE_BRACKET */ .wt) {
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
            if (next === _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .CLOSE_BRACKET */ .wt)
                return;
            if (next !== _json_bytes_js__WEBPACK_IMPORTED_MODULE_0__/* .COMMA */ .KE)
                throw this.unexpected(next, 'a comma or ] between array items');
            this.skipSpace();
        }
    }
}


/***/ }),

/***/ 3145:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ utf8ChunkDecoder),
/* harmony export */   H: () => (/* binding */ utf8Text)
/* harmony export */ });
/* harmony import */ var node_buffer__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4573);
/* harmony import */ var node_buffer__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_buffer__WEBPACK_IMPORTED_MODULE_0__);

/**
 * UTF-8 bytes as text. ASCII (most tool output) is copied as latin1, which gives the same text many times
 * faster than decoding UTF-8; anything else is decoded, invalid bytes read as U+FFFD.
 */
function utf8Text(bytes) {
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return (0,node_buffer__WEBPACK_IMPORTED_MODULE_0__.isAscii)(buffer) ? buffer.toString('latin1') : buffer.toString('utf8');
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

/***/ 3732:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ networkWaits),
/* harmony export */   Ph: () => (/* binding */ secondsFromEnv),
/* harmony export */   Zc: () => (/* binding */ DEFAULT_REQUEST_TIMEOUT_MS),
/* harmony export */   u8: () => (/* binding */ DEFAULT_DEADLINE_MS)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);

/**
 * How long a network request may stay silent (GITOPS_SYNC_API_TIMEOUT_SECONDS) and how long all of a
 * command's network work may take (GITOPS_SYNC_API_DEADLINE_SECONDS): every client reads them here, so
 * GitHub, GitLab, Terraform Cloud, AWX and the audit fetch take the same values and refuse the same ones.
 */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_DEADLINE_MS = 600_000;
/** Node's timers hold at most 2^31-1 ms; a longer one fires at once. */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
const DECIMAL_SECONDS = /^\+?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
/** `env[name]` in whole milliseconds, undefined when unset or blank; one sentence for anything but a positive number a timer can hold. */
function secondsFromEnv(env, name) {
    const text = env[name];
    if (text === undefined || text.trim() === '')
        return undefined;
    // Decimal only: Number() would also take "0x1e", "0b11" or "0o7", which nobody means as seconds.
    const seconds = DECIMAL_SECONDS.test(text.trim()) ? Number(text) : Number.NaN;
    if (!Number.isFinite(seconds) || seconds <= 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${name} must be a positive number of seconds, not ${JSON.stringify(text)}; unset it to use the default.`);
    if (seconds > MAX_TIMER_SECONDS)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${name} must be at most ${MAX_TIMER_SECONDS} seconds (about 24 days), not ${JSON.stringify(text)}; lower it or unset it to use the default.`);
    // Timers take whole milliseconds, rounded up; the product is first taken to 15 digits, or "2.007" (2007.0000000000002 in binary) would be 2008.
    return Math.ceil(Number((seconds * 1000).toPrecision(15)));
}
/** The two waits from `env`, each over its default (30 s a request, 600 s in all). */
function networkWaits(env) {
    return {
        requestTimeoutMs: secondsFromEnv(env, 'GITOPS_SYNC_API_TIMEOUT_SECONDS') ?? DEFAULT_REQUEST_TIMEOUT_MS,
        deadlineMs: secondsFromEnv(env, 'GITOPS_SYNC_API_DEADLINE_SECONDS') ?? DEFAULT_DEADLINE_MS,
    };
}


/***/ }),

/***/ 9711:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ts: () => (/* binding */ FINGERPRINT_INPUT_KEYS),
  jn: () => (/* binding */ PlanFingerprinter),
  dj: () => (/* binding */ canonicalJson),
  nE: () => (/* binding */ shortFingerprint)
});

// UNUSED EXPORTS: FINGERPRINT_PREFIX, observePlanForFingerprint, readPlan, redactedResourceChange

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/json/top-level-reader.ts
var top_level_reader = __webpack_require__(2446);
// EXTERNAL MODULE: ./packages/core/src/model/markers.ts
var markers = __webpack_require__(2788);
// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
// EXTERNAL MODULE: ./packages/core/src/json/utf8-text.ts
var utf8_text = __webpack_require__(3145);
;// CONCATENATED MODULE: ./packages/core/src/plan/string-sieve.ts
/**
 * Two 32-bit hashes of (at most ~64 characters sampled from) a string, left in `hashed`: the same
 * figures from a JS string (by char code) and from the bytes of a pure-ASCII string, whose bytes are
 * its char codes.
 */
const hashed = { first: 0, step: 0 };
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
    hashed.first = a;
    hashed.step = b | 1;
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
    hashed.first = a;
    hashed.step = b | 1;
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
        this.addHashed(hashed.first, hashed.step);
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
        for (let probe = 0, bit = hashed.first; probe < SIEVE_PROBES; probe++, bit += hashed.step) {
            const at = bit & this.mask;
            if ((this.words[at >>> 5] & (1 << (at & 31))) === 0)
                return false;
        }
        return true;
    }
}

// EXTERNAL MODULE: ./packages/core/src/json/json-bytes.ts
var json_bytes = __webpack_require__(6730);
;// CONCATENATED MODULE: ./packages/core/src/plan/canonical-bytes.ts
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





/** ByteEntryWriter.entry's answer when the entry goes past the bytes given. */
const NEED_MORE = -1;
/** ByteEntryWriter.entry's answer for an entry to parse instead. */
const NOT_HANDLED = -2;
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
const SENSITIVE_TEXT = JSON.stringify(markers/* SENSITIVE */.N);
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
    target[at++] = json_bytes/* QUOTE */.jA;
    at += copyBytes(member.keySource, member.keyStart, member.keyEnd, target, at);
    target[at++] = json_bytes/* QUOTE */.jA;
    target[at++] = json_bytes/* COLON */.oH;
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
                return NOT_HANDLED;
            if (!this.entryMembers.sortDistinct() || !this.changeMembers.sortDistinct())
                return NOT_HANDLED;
            this.applyMasks(collect);
            return end;
        }
        catch (error) {
            if (error === MORE)
                return NEED_MORE;
            if (error === UNHANDLED)
                return NOT_HANDLED;
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
        if (bytes[p] !== json_bytes/* OPEN_BRACE */.Hv)
            throw unexpected(bytes[p]);
        p = skipSpace(bytes, p + 1);
        if (bytes[p] === json_bytes/* CLOSE_BRACE */.rc) {
            if (entry)
                throw UNHANDLED;
            return p + 1;
        }
        for (;;) {
            p = skipSpace(bytes, p);
            if (bytes[p] !== json_bytes/* QUOTE */.jA)
                throw unexpected(bytes[p]);
            const keyEnd = this.string(p);
            if (this.flags !== 0)
                throw UNHANDLED;
            const member = members.add(bytes, p + 1, keyEnd - 1);
            p = skipSpace(bytes, keyEnd);
            if (bytes[p] !== json_bytes/* COLON */.oH)
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
            if (next === json_bytes/* CLOSE_BRACE */.rc)
                return p + 1;
            if (next !== json_bytes/* COMMA */.KE)
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
        return member === undefined ? undefined : JSON.parse((0,utf8_text/* utf8Text */.H)(this.bytes.subarray(member.start, member.end)));
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
        target[at++] = json_bytes/* OPEN_BRACE */.Hv;
        const entry = this.entryMembers;
        for (let index = 0; index < entry.count; index++) {
            const member = entry.items[index];
            if (index > 0)
                target[at++] = json_bytes/* COMMA */.KE;
            at = putName(member, target, at);
            if (!keyIs(member, CHANGE)) {
                at += this.copyText(member, target, at);
                continue;
            }
            target[at++] = json_bytes/* OPEN_BRACE */.Hv;
            const change = this.changeMembers;
            for (let item = 0; item < change.count; item++) {
                if (item > 0)
                    target[at++] = json_bytes/* COMMA */.KE;
                at = putName(change.items[item], target, at);
                at += this.copyText(change.items[item], target, at);
            }
            target[at++] = json_bytes/* CLOSE_BRACE */.rc;
        }
        target[at++] = json_bytes/* CLOSE_BRACE */.rc;
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
        if (!(0,json_bytes/* isSpace */.xC)(this.bytes[p]))
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
        if (first === json_bytes/* QUOTE */.jA)
            return this.stringValue(p, mode);
        if (first === json_bytes/* OPEN_BRACE */.Hv)
            return this.object(p, mode, mask);
        if (first === json_bytes/* OPEN_BRACKET */.WL)
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
            while (byte !== undefined && byte >= 0x20 && byte < 0x80 && byte !== json_bytes/* QUOTE */.jA && byte !== json_bytes/* BACKSLASH */.r_)
                byte = bytes[++q];
            if (byte === json_bytes/* QUOTE */.jA)
                break;
            if (byte === undefined)
                throw MORE;
            if (byte >= 0x80) {
                flags |= NON_ASCII;
                q++;
            }
            else if (byte === json_bytes/* BACKSLASH */.r_) {
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
                else if (escaped === json_bytes/* QUOTE */.jA || escaped === json_bytes/* BACKSLASH */.r_ || escaped === 0x62 || escaped === 0x66 || escaped === 0x6e || escaped === 0x72 || escaped === 0x74) {
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
            hashAsciiBytes(bytes, p + 1, end - 1);
            if (this.secretHashes.has(hashed.first) && this.secrets.has(bytes.toString('latin1', p + 1, end - 1)))
                this.replace(p, end, SENSITIVE_TEXT);
            else
                this.noteWritten();
            return end;
        }
        const asIs = (flags & OTHER_ESCAPE) === 0 && ((flags & NON_ASCII) === 0 || (0,external_node_buffer_.isUtf8)(bytes.subarray(p + 1, end - 1)));
        if (mode === PLAIN && asIs)
            return end;
        const value = JSON.parse((0,utf8_text/* utf8Text */.H)(bytes.subarray(p, end)));
        if (mode === REDACT) {
            if (this.secrets.size > 0 && this.secrets.has(value)) {
                this.replace(p, end, SENSITIVE_TEXT);
                return end;
            }
            hashString(value);
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
        this.written[this.writtenLength++] = hashed.first;
        this.written[this.writtenLength++] = hashed.step;
    }
    object(p, mode, mask) {
        const bytes = this.bytes;
        if (++this.depth > MAX_DEPTH)
            throw UNHANDLED;
        const masked = mode === REDACT && isContainer(mask);
        let q = this.space(p + 1, mode);
        if (bytes[q] === json_bytes/* CLOSE_BRACE */.rc) {
            this.depth--;
            return q + 1;
        }
        let previous = -1;
        let previousEnd = -1;
        for (;;) {
            q = this.space(q, mode);
            if (bytes[q] !== json_bytes/* QUOTE */.jA)
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
            if (bytes[q] !== json_bytes/* COLON */.oH)
                throw unexpected(bytes[q]);
            q = this.space(q + 1, mode);
            q = this.space(this.value(q, mode, childMask), mode);
            const next = bytes[q];
            if (next === json_bytes/* COMMA */.KE)
                q++;
            else if (next === json_bytes/* CLOSE_BRACE */.rc) {
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
        if (bytes[q] === json_bytes/* CLOSE_BRACKET */.wt) {
            this.depth--;
            return q + 1;
        }
        for (let index = 0;; index++) {
            q = this.space(q, mode);
            q = this.space(this.value(q, mode, masked ? mask[index] : undefined), mode);
            const next = bytes[q];
            if (next === json_bytes/* COMMA */.KE)
                q++;
            else if (next === json_bytes/* CLOSE_BRACKET */.wt) {
                this.depth--;
                return q + 1;
            }
            else
                throw unexpected(next);
        }
    }
}
function skipSpace(bytes, p) {
    while ((0,json_bytes/* isSpace */.xC)(bytes[p]))
        p++;
    return p;
}

// EXTERNAL MODULE: ./packages/core/src/plan/plan-instance.ts
var plan_instance = __webpack_require__(9760);
;// CONCATENATED MODULE: ./packages/core/src/plan/plan-fingerprinter.ts
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








const FINGERPRINT_PREFIX = 'sha256:';
/** A fingerprint as people compare it: `sha256:` and its first 12 hex digits. */
const shortFingerprint = (fingerprint) => `${fingerprint.slice(0, FINGERPRINT_PREFIX.length + 12)}\u2026`;
const plan_fingerprinter_isContainer = (value) => typeof value === 'object' && value !== null;
const child = (mask, key) => (plan_fingerprinter_isContainer(mask) ? mask[key] : undefined);
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
const plan_fingerprinter_SENSITIVE_TEXT = JSON.stringify(markers/* SENSITIVE */.N);
/**
 * Canonical JSON of `value` with what `mask` marks sensitive replaced by `(sensitive)`, and any string
 * equal to one of `secrets` too (Terraform copies some secrets unmarked, e.g. into
 * terraform_data.output). Undefined object members are left out, as JSON.stringify does. Every
 * string written as is goes into `written`, when given.
 */
function canonical(value, mask, secrets, written) {
    if (mask === true)
        return value === null || value === undefined ? 'null' : plan_fingerprinter_SENSITIVE_TEXT;
    if (typeof value === 'string') {
        if (secrets.size > 0 && secrets.has(value))
            return plan_fingerprinter_SENSITIVE_TEXT;
        written?.add(value);
        return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
    }
    if (value instanceof CanonicalText)
        return value.text;
    if (!plan_fingerprinter_isContainer(value))
        return JSON.stringify(value ?? null);
    const masked = plan_fingerprinter_isContainer(mask);
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
const record = (value) => (plan_fingerprinter_isContainer(value) && !Array.isArray(value) ? value : {});
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
const digestOf = (text) => (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, 16);
function entryKey(item) {
    const entry = record(item);
    return (0,plan_instance/* planInstance */.F)(typeof entry.address === 'string' ? entry.address : '(no address)', entry.deposed);
}
function readPlan(input, label, read) {
    try {
        return typeof input === 'function' ? input((source) => read(source)) : read(input);
    }
    catch (error) {
        if (error instanceof top_level_reader/* JsonShapeError */.ir)
            throw new errors/* UserError */.yo(`${label} could not be read again for its fingerprint (${error.message}); produce the plan again.`);
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
        this.written = new StringSieve(options.planBytes === undefined ? 1 << 23 : Math.min(options.planBytes / 2, 1 << 26));
        this.pieces = options.keptPieces?.() ?? new PiecesInMemory();
    }
    /** Takes each secret parseTerraformPlan hands to its onSecret. */
    onSecret = (value) => {
        if (this.secrets.has(value))
            return;
        this.secrets.add(value);
        hashString(value);
        this.secretHashes.add(hashed.first);
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
            return NOT_HANDLED;
        const writer = (this.bytesWriter ??= new ByteEntryWriter());
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
        const hash = (0,external_node_crypto_.createHash)('sha256');
        hash.update(`{"output_changes":${redactedOutputChanges(this.outputs, this.secrets)},"resource_changes":[`);
        if (!this.stale())
            for (const piece of this.pieces.read())
                hash.update(piece);
        else {
            let first = true;
            readPlan(plan, label, (source) => (0,top_level_reader/* readTopLevel */.U8)(source, {
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
        return `${FINGERPRINT_PREFIX}${hash.digest('hex')}`;
    }
}
/** The top-level members of a plan observePlanForFingerprint reads: a plan reduced to them has the same fingerprint. */
const FINGERPRINT_INPUT_KEYS = ['resource_drift', 'resource_changes', 'output_changes'];
/**
 * Reads a plan for its fingerprint alone, without analysing it (in a worker thread, beside the
 * analysis), handing each resource_changes entry and output_changes to `fingerprinter`. With
 * `onSecret`, the secrets parseTerraformPlan would hand on are gathered as it gathers them (the
 * sensitive-marked strings of every resource_drift and resource_changes entry, before the entry is
 * written); the caller decides which go to the fingerprinter: parseTerraformPlan stays the
 * authority on which strings are secrets.
 */
function observePlanForFingerprint(source, fingerprinter, onSecret) {
    const sink = onSecret && ((value) => value.length >= MIN_HANDED_ON_SECRET_LENGTH && onSecret(value));
    const collect = sink && ((value, mask) => collectMaskedSecrets(value, mask, sink));
    const top = readTopLevel(source, {
        values: ['output_changes'],
        arrays: ['resource_drift', 'resource_changes'],
        // Each entry is written from its bytes; those the writer declines are parsed and handed to onItem.
        raw: { keys: ['resource_changes'], onItem: (_key, bytes, start) => fingerprinter.resourceChangeBytes(bytes, start, collect) },
        onItem: (key, item) => {
            const change = record(record(item).change);
            collectMaskedSecrets(change.before, change.before_sensitive, sink);
            collectMaskedSecrets(change.after, change.after_sensitive, sink);
            if (key === 'resource_changes')
                fingerprinter.observer.resourceChange(item);
        },
    });
    fingerprinter.observer.outputChanges(top.values.get('output_changes'));
}


/***/ }),

/***/ 9760:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ planInstance)
/* harmony export */ });
/**
 * A plan entry's resource instance: its address, with a deposed object's key after it (Terraform lists
 * a deposed object, what create_before_destroy left to delete, under its current object's address).
 */
const planInstance = (address, deposed) => (typeof deposed === 'string' ? `${address} (deposed ${deposed})` : address);


/***/ }),

/***/ 6441:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ BATCH_CHARS),
/* harmony export */   Q: () => (/* binding */ batched)
/* harmony export */ });
/** About how many characters go out in one piece when a report's many small pieces are joined. */
const BATCH_CHARS = 1 << 16;
/** Joins small pieces into batches of about `size` characters (1 MB by default): fewer writes, and never one huge string. */
function* batched(pieces, size = 1 << 20) {
    let batch = '';
    for (const piece of pieces) {
        batch += piece;
        if (batch.length >= size) {
            yield batch;
            batch = '';
        }
    }
    if (batch)
        yield batch;
}


/***/ }),

/***/ 1515:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  r: () => (/* binding */ renderJsonChunks)
});

// UNUSED EXPORTS: renderJson

// EXTERNAL MODULE: ./packages/core/src/report/batched.ts
var batched = __webpack_require__(6441);
;// CONCATENATED MODULE: ./packages/core/src/report/pretty-json.ts

const isPlain = (value) => typeof value === 'object' && value !== null && typeof value.toJSON !== 'function';
/** What JSON.stringify leaves out of an object and writes as null in an array. */
const isOmitted = (value) => value === undefined || typeof value === 'function' || typeof value === 'symbol';
/**
 * `JSON.stringify(value, null, 2)` with every line after the first indented by `indent`, in pieces:
 * a report's list of 300,000 addresses is never one string (nor a second one for the indentation).
 */
function* prettyJsonChunks(value, indent) {
    if (!isPlain(value)) {
        yield `${JSON.stringify(value, null, 2)?.replaceAll('\n', `\n${indent}`)}`;
        return;
    }
    const inner = `${indent}  `;
    if (Array.isArray(value)) {
        if (value.length === 0) {
            yield '[]';
            return;
        }
        // In batches: a report's lists of addresses would otherwise go out a piece per address.
        yield '[\n';
        if (allStrings(value))
            yield* stringLines(value, inner);
        else
            yield* allScalars(value) ? compactJsonLines(value, inner) : (0,batched/* batched */.Q)(arrayLines(value, inner), batched/* BATCH_CHARS */.B);
        yield `${indent}]`;
        return;
    }
    const entries = Object.entries(value).filter(([, entry]) => !isOmitted(entry));
    if (entries.length === 0) {
        yield '{}';
        return;
    }
    yield '{\n';
    for (let i = 0; i < entries.length; i++) {
        const [key, entry] = entries[i];
        yield `${inner}${JSON.stringify(key)}: `;
        yield* prettyJsonChunks(entry, inner);
        yield i < entries.length - 1 ? ',\n' : '\n';
    }
    yield `${indent}}`;
}
const isScalar = (value) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null;
/** Whether every element is a scalar, holes included (`every` skips a sparse array's holes, which JSON writes as null). */
function allScalars(value) {
    for (let i = 0; i < value.length; i++)
        if (!isScalar(value[i]))
            return false;
    return true;
}
/** Whether every element is a string (a sparse array's holes are not). */
function allStrings(value) {
    for (let i = 0; i < value.length; i++)
        if (typeof value[i] !== 'string')
            return false;
    return true;
}
/** The longest indentation JSON.stringify takes (a longer `space` is cut to ten characters). */
const MOST_SPACE = 10;
/**
 * compactJsonLines of strings (a report's lists of addresses): about BATCH_CHARS at a time, each batch
 * written by one JSON.stringify of it with `indent` as its indentation, less the brackets. One
 * JSON.stringify per string took twice as long.
 */
function* stringLines(values, indent) {
    if (indent.length > MOST_SPACE) {
        yield* compactJsonLines(values, indent);
        return;
    }
    for (let start = 0; start < values.length;) {
        let end = start;
        // Escaping may lengthen a string: counted as twice its length, which most strings never reach.
        for (let chars = 0; end < values.length && chars < batched/* BATCH_CHARS */.B; end++)
            chars += values[end].length * 2 + indent.length + 4;
        // `[\n<indent>"a",\n<indent>"b"\n]`
        const text = JSON.stringify(values.slice(start, end), null, indent);
        yield `${text.slice(2, -2)}${end < values.length ? ',' : ''}\n`;
        start = end;
    }
}
/**
 * Each value's compact JSON on a line of its own, indented by `indent`, the lines comma-separated, joined
 * into batches of about BATCH_CHARS as they are rendered: a report's change lines, and its lists of
 * addresses (for scalars this is what arrayLines writes). A generator step per value cost more than
 * rendering it.
 */
function* compactJsonLines(values, indent) {
    const last = values.length - 1;
    let batch = '';
    for (let i = 0; i <= last; i++) {
        batch += `${indent}${JSON.stringify(values[i])}${i < last ? ',' : ''}\n`;
        if (batch.length >= batched/* BATCH_CHARS */.B) {
            yield batch;
            batch = '';
        }
    }
    if (batch)
        yield batch;
}
/** The lines of a non-empty array's elements, each indented by `inner`, as prettyJsonChunks writes them. */
function* arrayLines(value, inner) {
    for (let i = 0; i < value.length; i++) {
        const element = value[i];
        const comma = i < value.length - 1 ? ',' : '';
        if (isPlain(element)) {
            yield inner;
            yield* prettyJsonChunks(element, inner);
            yield `${comma}\n`;
        }
        else
            yield `${inner}${isOmitted(element) ? 'null' : JSON.stringify(element)}${comma}\n`;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/report/json.ts

function* renderJsonChunks(report, rendered) {
    const entries = Object.entries(report);
    yield '{\n';
    for (const [index, [key, value]] of entries.entries()) {
        const comma = index < entries.length - 1 ? ',' : '';
        if (key === 'changes' && Array.isArray(value) && value.length > 0) {
            yield `  "changes": [\n`;
            yield* rendered?.changes === value ? rendered.pieces : compactJsonLines(value, '    ');
            yield `  ]${comma}\n`;
        }
        else {
            yield `  ${JSON.stringify(key)}: `;
            yield* prettyJsonChunks(value, '  ');
            yield `${comma}\n`;
        }
    }
    yield '}\n';
}
function renderJson(report) {
    // Appending keeps V8's string ropes; joining an array of the pieces flattened each one and took 3x longer.
    let text = '';
    for (const piece of renderJsonChunks(report))
        text += piece;
    return text;
}


/***/ }),

/***/ 4552:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ac: () => (/* binding */ WARNING_STEP),
/* harmony export */   HS: () => (/* binding */ noAuditTrail),
/* harmony export */   RZ: () => (/* binding */ silentProgress),
/* harmony export */   aj: () => (/* binding */ warningOf),
/* harmony export */   ml: () => (/* binding */ systemClock),
/* harmony export */   rD: () => (/* binding */ environmentProgress)
/* harmony export */ });
/* unused harmony export noDeployments */
/** The progress of one environment among several running side by side: each line says whose it is. */
function environmentProgress(progress, environment) {
    return { step: (message) => progress.step(`[${environment}] ${message}`) };
}
/** How a progress step that is a warning starts: an action shows it as an annotation. */
const WARNING_STEP = 'warning: ';
/** A warning step: `warning: \u2026`, or `[env] warning: \u2026` from environmentProgress. */
const WARNING = new RegExp(`^(\\[[^\\]]*\\] )?${WARNING_STEP}`);
/** A warning step's text without its marker (an environment's `[env] ` kept), or undefined for another step. */
const warningOf = (step) => (WARNING.test(step) ? step.replace(WARNING, '$1') : undefined);
const systemClock = { now: () => new Date() };
const silentProgress = { step: () => { } };
/** For callers that keep no trail (unit tests of a use case, `analyze`). */
const noAuditTrail = { record: async () => { }, close: async () => [] };
/** Where no platform keeps deployments (a terminal, GitLab: its `environment:` keyword records them). */
const noDeployments = { start: async () => ({ finish: async () => { } }) };


/***/ }),

/***/ 91:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DN: () => (/* binding */ reportFingerprint),
/* harmony export */   Ke: () => (/* binding */ writeNoted),
/* harmony export */   Uo: () => (/* binding */ readDriftReport),
/* harmony export */   eU: () => (/* binding */ writeReportJson)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5781);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4492);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1515);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6477);



/** A drift-report.json drift-detect wrote; anything else is one sentence ending in "pass <which>". */
function readDriftReport(path, which) {
    let data;
    try {
        data = JSON.parse((0,_files_js__WEBPACK_IMPORTED_MODULE_1__/* .readInputFile */ .jH)(path, 'a drift report').toString('utf8'));
    }
    catch (error) {
        if (error instanceof _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo)
            throw error;
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${path} is not valid JSON; pass ${which}.`);
    }
    const parsed = _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .DriftReport */ .SH.safeParse(data);
    if (!parsed.success)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${path} is not a gitops-sync drift report (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}); pass ${which}.`);
    const disagreeing = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .disagreeingTotal */ .rI)(parsed.data);
    if (disagreeing)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${path} is not a drift report as drift-detect writes it: its ${disagreeing} does not agree with its changes; pass ${which}.`);
    return parsed.data;
}
/** The fingerprint of each report writeReportJson wrote: the drift event names it without rendering the report again. */
const writtenReports = new WeakMap();
/**
 * Writes the report's JSON to `path` (atomically) and remembers its sha256 for reportFingerprint;
 * write it again after changing it.
 */
function writeReportJson(path, report) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    (0,_files_js__WEBPACK_IMPORTED_MODULE_1__/* .writeFileAtomic */ .Zf)(path, (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .renderJsonChunks */ .r)(report), (bytes) => hash.update(bytes));
    writtenReports.set(report, hash.digest('hex'));
}
/** Has `write` write `report` (another writer than writeReportJson: see withStreamedPlanReport) and notes the sha256 of the bytes it wrote. */
function writeNoted(report, write) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    write((bytes) => hash.update(bytes));
    writtenReports.set(report, hash.digest('hex'));
}
/** sha256 of the report's JSON exactly as drift-detect writes it. */
function reportFingerprint(report) {
    const written = writtenReports.get(report);
    if (written !== undefined)
        return written;
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    (0,_files_js__WEBPACK_IMPORTED_MODULE_1__/* .writePieces */ .Rx)((bytes) => hash.update(bytes), (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .renderJsonChunks */ .r)(report));
    return hash.digest('hex');
}


/***/ })

};

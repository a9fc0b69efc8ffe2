export const id = 838;
export const ids = [838];
export const modules = {

/***/ 8053:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ analyzeTerraformPlan),
/* harmony export */   k: () => (/* binding */ reportFromChanges)
/* harmony export */ });
/* harmony import */ var _report_build_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4492);
/* harmony import */ var _severity_engine_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5227);
/* harmony import */ var _model_sources_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9497);
/* harmony import */ var _sources_terraform_plan_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1454);




/** Changes from any source \u2192 judged \u2192 report. */
function reportFromChanges(changes, options) {
    return (0,_report_build_js__WEBPACK_IMPORTED_MODULE_0__/* .buildReport */ .FK)({ ...options, changes: new _severity_engine_js__WEBPACK_IMPORTED_MODULE_1__/* .SeverityEngine */ .O(options.rules).judgeAll(changes) });
}
/** Plan JSON \u2192 judged changes \u2192 report: the whole pure pipeline for one Terraform plan. */
function analyzeTerraformPlan(planJson, options) {
    const plan = (0,_sources_terraform_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .parseTerraformPlan */ .F)(planJson, { label: options.label, onSecret: options.onSecret, judgedBy: options.rules });
    return reportFromChanges(plan.changes, { ...options, sources: [_model_sources_js__WEBPACK_IMPORTED_MODULE_3__/* .TERRAFORM_PLAN_SOURCE */ .de], outputChanges: plan.outputChanges });
}


/***/ }),

/***/ 5926:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y4: () => (/* binding */ utf16Words),
/* harmony export */   Yi: () => (/* binding */ withoutByteOrderMark),
/* harmony export */   ZJ: () => (/* binding */ UTF16_WORDS),
/* harmony export */   jQ: () => (/* binding */ looksUtf16),
/* harmony export */   lk: () => (/* binding */ parseJsonText)
/* harmony export */ });
/** Why a file is no JSON when it is UTF-16, as Windows PowerShell 5.1's `>` and Out-File write it. */
const UTF16_WORDS = 'it is UTF-16, as Windows PowerShell 5.1 writes with > or Out-File; write it as UTF-8 (Out-File -Encoding utf8, or PowerShell 7)';
/**
 * Whether a file's first bytes are UTF-16's: its byte order mark, or a NUL beside each of the first two
 * ASCII characters (a file cut short and padded with NULs has them only at its end).
 */
function looksUtf16(head) {
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
        return true;
    if (head.length < 4)
        return false;
    return (head[1] === 0 && head[3] === 0 && head[0] !== 0 && head[2] !== 0) || (head[0] === 0 && head[2] === 0 && head[1] !== 0 && head[3] !== 0);
}
/** UTF16_WORDS for text read as UTF-8 that is UTF-16 (its byte order mark reads as two replacement characters). */
function utf16Words(text) {
    if (text.startsWith('\uFFFD\uFFFD'))
        return UTF16_WORDS;
    const head = Uint8Array.from(text.slice(0, 4), (char) => char.charCodeAt(0) & 0xff);
    return looksUtf16(head) ? UTF16_WORDS : undefined;
}
/** Text without the UTF-8 byte order mark Windows tools write first (RFC 8259 lets a reader ignore it). */
const withoutByteOrderMark = (text) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
/**
 * A whole JSON document read as text. What does not parse is refused by `refuse`, given why in a few
 * words (never JSON.parse's message: it quotes the text around the error, which may be a secret).
 */
function parseJsonText(text, refuse, otherwise = 'truncated or not JSON at all') {
    try {
        return JSON.parse(withoutByteOrderMark(text));
    }
    catch {
        throw refuse(utf16Words(text) ?? otherwise);
    }
}


/***/ }),

/***/ 5890:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LE: () => (/* binding */ maskSecretValues),
/* harmony export */   LM: () => (/* binding */ maskField),
/* harmony export */   M2: () => (/* binding */ carriesSecretValues),
/* harmony export */   Np: () => (/* binding */ splitApiVersion),
/* harmony export */   Td: () => (/* binding */ isSecretValuePath),
/* harmony export */   xG: () => (/* binding */ k8sAddress)
/* harmony export */ });
/* harmony import */ var _model_report_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2788);
/* harmony import */ var _secrets_plaintext_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2848);
/* harmony import */ var _secrets_rules_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2560);



/** Splits `apiVersion` (`apps/v1`, `v1`) into group and version. */
function splitApiVersion(apiVersion) {
    const slash = apiVersion.lastIndexOf('/');
    return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
/**
 * The report address of an object: `group/version/Kind/namespace/name`, the core group written as
 * just `v1/Kind/\u2026`, cluster-scoped objects with an empty namespace segment
 * (`rbac.authorization.k8s.io/v1/ClusterRole//view`).
 */
function k8sAddress(ref) {
    const groupVersion = ref.group ? `${ref.group}/${ref.version}` : ref.version;
    return `${groupVersion}/${ref.kind}/${ref.namespace}/${ref.name}`;
}
const SECRET_VALUE_PATH = /^\/(data|stringData|binaryData)(\/|$)/;
/** Where a Secret or ConfigMap keeps its values. */
const isSecretValuePath = (path) => SECRET_VALUE_PATH.test(path);
/** A field's values become `(sensitive)`; whether it was added, removed or changed stays. */
function maskField(field) {
    field.before = field.before === null || field.before === undefined ? null : _model_report_js__WEBPACK_IMPORTED_MODULE_0__/* .SENSITIVE */ .N;
    field.after = field.after === null || field.after === undefined ? null : _model_report_js__WEBPACK_IMPORTED_MODULE_0__/* .SENSITIVE */ .N;
    field.sensitive = true;
}
/** A ConfigMap entry's key and its text (binaryData decoded), from a field at `/data/KEY` or a whole `/data` map. */
function configEntries(field) {
    const [, map, ...rest] = field.path.split('/');
    const text = (value) => (typeof value !== 'string' ? undefined : map === 'binaryData' ? Buffer.from(value, 'base64').toString('utf8') : value);
    const entries = [];
    for (const side of [field.before, field.after]) {
        const pairs = rest.length ? [[rest.join('/').replace(/~1/g, '/').replace(/~0/g, '~'), side]] : side && typeof side === 'object' ? Object.entries(side) : [];
        for (const [key, value] of pairs) {
            const found = text(value);
            if (found)
                entries.push([key, found]);
        }
    }
    return entries;
}
/**
 * Whether an object's changed fields carry secret values: a Secret always; a ConfigMap when an entry
 * of its `data` or `binaryData` holds a secret by the built-in plaintext-secret rules (a Secret in
 * everything but name). Check before masking: masked values hold nothing.
 */
function carriesSecretValues(kind, fields) {
    if (kind === 'Secret')
        return true;
    if (kind !== 'ConfigMap')
        return false;
    const rules = (0,_secrets_rules_js__WEBPACK_IMPORTED_MODULE_1__/* .compiledDefaultSecretRules */ .o4)();
    return fields.some((field) => SECRET_VALUE_PATH.test(field.path) && configEntries(field).some(([key, value]) => (0,_secrets_plaintext_js__WEBPACK_IMPORTED_MODULE_2__/* .holdsSecret */ .hK)(key, value, rules)));
}
/**
 * Secret values never leave a source, not even base64: for a Secret's `data` and `stringData`, and
 * every `data` and `binaryData` value of a ConfigMap that holds a secret, the path and whether it
 * was added, removed or changed stay, the values become `(sensitive)`.
 */
function maskSecretValues(kind, fields) {
    if (!carriesSecretValues(kind, fields))
        return fields;
    for (const field of fields)
        if (SECRET_VALUE_PATH.test(field.path))
            maskField(field);
    return fields;
}


/***/ }),

/***/ 7802:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t2: () => (/* binding */ eachManifest),
/* harmony export */   zZ: () => (/* binding */ NotAListError)
/* harmony export */ });
/* unused harmony export readManifestStream */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _json_top_level_reader_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2446);
/* harmony import */ var _json_utf8_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3145);
/* harmony import */ var _objects_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1746);
/**
 * Manifests and exports read as a stream of documents, never as one string (a string over 512 MB
 * cannot exist in V8): YAML is cut at its document markers (`---`, `...` at the start of a line,
 * which end a document wherever they stand, even inside a block scalar or a quoted string) and a
 * large `kind: List` document at its items; a JSON List is read item by item. Each piece is parsed
 * as parseManifests parses a whole file, so objects, line numbers and messages are the same.
 */




/** A document whose items were handed over as a List's is not a List; read again without `itemsBeforeKind`. */
class NotAListError extends Error {
    constructor(label) {
        super(`${label}: a document with items turned out not to be a List`);
    }
}
const LIST_SPLIT_BYTES = 8 * 1024 * 1024;
/** Every Kubernetes object in a file read chunk by chunk; the same objects and messages as parseManifests of its text. */
function readManifestStream(read, label, options = {}) {
    const objects = [];
    eachManifest(read, label, (object) => objects.push(object), { ...options, itemsBeforeKind: false });
    return objects;
}
/** readManifestStream handing each object to `onObject` as it is read, in file order, instead of collecting them. */
function eachManifest(read, label, onObject, options = {}) {
    const done = read((source) => readOnce(refusingBinary(source, label), label, onObject, options));
    if (!done)
        for (const object of read((source) => (0,_objects_js__WEBPACK_IMPORTED_MODULE_0__/* .parseManifests */ .Ye)(wholeText(source, label), label)))
            onObject(object);
}
/** False for JSON that is not a single List object (an array, one object, invalid JSON): it is read whole then. */
function readOnce(source, label, onObject, options) {
    try {
        const { first, replay } = firstSignificantByte(source);
        if (first === 0x7b /* { */)
            return readJsonList(replay, label, onObject, options.itemsBeforeKind ?? false);
        if (first === 0x5b /* [ */)
            return false;
        const documents = new YamlDocuments(label, options.listSplitBytes ?? LIST_SPLIT_BYTES, onObject, options.itemsBeforeKind ?? false);
        const lines = new LineReader(replay);
        for (let run = lines.next(documents.skipsIndented()); run; run = lines.next(documents.skipsIndented()))
            documents.add(run.text, run.count);
        documents.end();
        return true;
    }
    catch (error) {
        // A binary file is refused as such, whatever a document before its first NUL byte held.
        while (source())
            ;
        throw error;
    }
}
/** The source, refusing a file with a NUL byte (no YAML or JSON text has one) as soon as it is read. */
function refusingBinary(source, label) {
    return () => {
        const chunk = source();
        if (chunk?.includes(0))
            throw (0,_objects_js__WEBPACK_IMPORTED_MODULE_0__/* .binaryFile */ .qT)(label);
        return chunk;
    };
}
const isSpaceByte = (byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0b || byte === 0x0c;
/** The first byte that is not a BOM or white space, and a source that gives the input again from its start. */
function firstSignificantByte(source) {
    const read = [];
    let first;
    let offset = 0;
    for (let chunk = source(); chunk && first === undefined; chunk = first === undefined ? source() : undefined) {
        read.push(chunk);
        for (let i = 0; i < chunk.length && first === undefined; i++, offset++) {
            const bom = offset < 3 && chunk[i] === [0xef, 0xbb, 0xbf][offset];
            if (!bom && !isSpaceByte(chunk[i]))
                first = chunk[i];
        }
    }
    let given = 0;
    return { first, replay: () => (given < read.length ? read[given++] : source()) };
}
/**
 * A JSON `{"kind": "\u2026List", "items": [...]}` read item by item; false for any other JSON. With
 * `itemsBeforeKind` each item is handed over as it is read, and the first that is not an object
 * is refused only once the document is known to be a List (as when the items are kept).
 */
function readJsonList(source, label, onObject, itemsBeforeKind) {
    const items = [];
    let handedOver = 0;
    let refused;
    const onItem = (_key, item) => {
        if (!itemsBeforeKind)
            items.push(item);
        else if (refused === undefined) {
            let object;
            try {
                object = (0,_objects_js__WEBPACK_IMPORTED_MODULE_0__/* .checkObject */ .gr)(item, label);
            }
            catch (error) {
                refused = error;
                return;
            }
            onObject(object);
            handedOver++;
        }
    };
    const notAList = () => {
        if (handedOver)
            throw new NotAListError(label);
        return false;
    };
    let top;
    try {
        // `items` is among the values too, so an `items` that is not an array is seen as such.
        top = (0,_json_top_level_reader_js__WEBPACK_IMPORTED_MODULE_1__/* .readTopLevel */ .U8)(source, { values: ['kind', 'items', 'metadata'], arrays: ['items'], onItem });
    }
    catch (error) {
        if (error instanceof _json_top_level_reader_js__WEBPACK_IMPORTED_MODULE_1__/* .JsonShapeError */ .ir)
            return notAList();
        throw error;
    }
    const kind = top.values.get('kind');
    const itemsIsArray = top.keys.has('items') && !top.values.has('items');
    if (typeof kind !== 'string' || !kind.endsWith('List') || !itemsIsArray)
        return notAList();
    (0,_objects_js__WEBPACK_IMPORTED_MODULE_0__/* .refuseListPage */ .C$)({ kind, metadata: top.values.get('metadata') }, label);
    if (refused !== undefined)
        throw refused;
    for (const item of items)
        onObject((0,_objects_js__WEBPACK_IMPORTED_MODULE_0__/* .checkObject */ .gr)(item, label));
    return true;
}
/** The whole input as text, for what cannot be read in pieces. */
function wholeText(source, label) {
    const chunks = [];
    let bytes = 0;
    for (let chunk = source(); chunk; chunk = source()) {
        chunks.push(chunk);
        bytes += chunk.length;
    }
    try {
        return Buffer.concat(chunks, bytes).toString('utf8');
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label} is JSON that is not one List object (kind: List with items) and too large to read whole; export it with kubectl get -o json, or as YAML.`);
    }
}
/** A `\n` followed by a line that does not start with a space: where a run of indented lines ends. */
const INDENTED_RUN_END = /\n[^ ]/g;
/** A line that starts with a space, or a sequence entry at column 0 (`- `). */
const startsIndentedRun = (line) => line[0] === ' ' || (line[0] === '-' && (line.length === 1 || ' \t\r\n'.includes(line[1])));
const countLines = (text) => {
    let count = 0;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1))
        count++;
    return count;
};
/**
 * The input's lines, each with its line break; a line longer than a chunk is joined once, at its
 * end. Asked to, it hands out a line that starts an item (`- `) or is indented together with every
 * indented line after it: the items of a List at column 0 are most of an export, and their indented
 * lines change nothing in how documents are split, so they are not looked at one by one.
 */
class LineReader {
    source;
    decode = (0,_json_utf8_text_js__WEBPACK_IMPORTED_MODULE_3__/* .utf8ChunkDecoder */ .$)();
    text = '';
    at = 0;
    ended = false;
    constructor(source) {
        this.source = source;
    }
    next(joinIndented) {
        if (!this.available())
            return undefined;
        const first = [];
        this.restOfLine(first);
        const parts = [first.length === 1 ? first[0] : first.join('')];
        let count = 1;
        if (joinIndented && startsIndentedRun(parts[0])) {
            while (this.available() && this.text.charCodeAt(this.at) === 0x20) {
                INDENTED_RUN_END.lastIndex = this.at;
                const found = INDENTED_RUN_END.exec(this.text);
                const end = found ? found.index + 1 : this.text.lastIndexOf('\n') + 1;
                if (end > this.at) {
                    const run = this.text.slice(this.at, end);
                    parts.push(run);
                    count += countLines(run);
                    this.at = end;
                }
                else {
                    this.restOfLine(parts); // an indented line that goes on in the next chunk
                    count++;
                }
            }
        }
        return { text: parts.length === 1 ? parts[0] : parts.join(''), count };
    }
    /** Whether there is text at `at`, decoding the next chunks as needed; false at the end of the input. */
    available() {
        while (this.at >= this.text.length) {
            if (this.ended)
                return false;
            const chunk = this.source();
            this.text = this.decode(chunk);
            this.ended = !chunk;
            this.at = 0;
        }
        return true;
    }
    /** The rest of the line at `at`, with its break (none at the end of the input), onto `parts`. */
    restOfLine(parts) {
        while (this.available()) {
            const end = this.text.indexOf('\n', this.at);
            const stop = end < 0 ? this.text.length : end + 1;
            parts.push(this.text.slice(this.at, stop));
            this.at = stop;
            if (end >= 0)
                return;
        }
    }
}
const DOCUMENT_START = /^---(?:[ \t\r\n]|$)/;
const DOCUMENT_END = /^\.\.\.(?:[ \t\r\n]|$)/;
/** `---` with nothing after it but a comment: the document is a block mapping, so `items:` at column 0 is its key. */
const BARE_DOCUMENT_START = /^---[ \t]*(?:#.*)?\r?\n?$/;
const ITEMS_KEY = /^items:[ \t]*(?:#.*)?\r?\n?$/;
const SEQUENCE_ENTRY = /^( *)-(?:[ \t\r\n]|$)/;
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?\r?\n?$/;
const DIRECTIVE = /^%/;
const indentOf = (line) => line.length - line.trimStart().length;
/**
 * Splits lines into YAML documents and parses each when it ends. A document with `items:` at
 * column 0 followed by a sequence is a possible List: once it is larger than `listSplitBytes`,
 * every item is parsed as soon as the next begins and its text dropped, so the document is never
 * in memory whole; the rest of the mapping (`apiVersion`, `kind`, `metadata`) is parsed at its end.
 */
class YamlDocuments {
    label;
    listSplitBytes;
    onObject;
    itemsBeforeKind;
    line = 0;
    // The document being read.
    lines = [];
    startLine = 1;
    firstContentLine = 0;
    bytes = 0;
    hasMarker = false;
    hasContent = false;
    // Its List shape: `head` lines up to and including `items:`, then items, then the rest (`tail`).
    phase = 'head';
    headCount = 0;
    itemIndent = -1;
    /** Where each item begins: an index into `lines` and a line of the file. */
    itemStarts = [];
    tailIndex = -1;
    tailLine = 0;
    /** Items already parsed (their text dropped), once the document is over listSplitBytes; empty when they are handed over. */
    parsedItems;
    /** With itemsBeforeKind: the first item that is not an object, refused once the document is known to be a List. */
    refused;
    constructor(label, listSplitBytes, onObject, itemsBeforeKind) {
        this.label = label;
        this.listSplitBytes = listSplitBytes;
        this.onObject = onObject;
        this.itemsBeforeKind = itemsBeforeKind;
    }
    /** Whether an indented line changes nothing here: inside the items of a List at column 0. */
    skipsIndented() {
        return this.phase === 'items' && this.itemIndent === 0;
    }
    /** A line, or (see skipsIndented) an item's first line or an indented line with the `count - 1` indented lines after it. */
    add(text, count = 1) {
        this.addLine(text);
        this.line += count - 1;
    }
    addLine(line) {
        this.line++;
        if (DOCUMENT_START.test(line)) {
            if (this.hasMarker || this.hasContent)
                this.finishDocument();
            this.hasMarker = true;
            if (!BARE_DOCUMENT_START.test(line))
                this.phase = 'plain';
            this.append(line);
            if (this.firstContentLine === 0)
                this.firstContentLine = this.line;
            return;
        }
        const blank = BLANK_OR_COMMENT.test(line);
        if (!blank && this.firstContentLine === 0)
            this.firstContentLine = this.line;
        if (!blank && !DIRECTIVE.test(line))
            this.hasContent = true;
        this.append(line);
        if (!blank)
            this.trackListShape(line);
        if (DOCUMENT_END.test(line))
            this.finishDocument();
        else if (this.parsedItems === undefined && this.bytes > this.listSplitBytes && (this.phase === 'items' || this.phase === 'tail') && this.itemStarts.length) {
            this.parsedItems = [];
            this.parseFinishedItems();
        }
    }
    end() {
        if (this.lines.length)
            this.finishDocument();
    }
    append(line) {
        if (this.lines.length === 0)
            this.startLine = this.line;
        this.lines.push(line);
        this.bytes += line.length;
    }
    trackListShape(line) {
        if (this.phase === 'head') {
            if (ITEMS_KEY.test(line)) {
                this.phase = 'items';
                this.headCount = this.lines.length;
            }
            return;
        }
        if (this.phase !== 'items')
            return;
        const indent = indentOf(line);
        const entry = SEQUENCE_ENTRY.exec(line);
        if (this.itemIndent < 0 && !entry)
            this.phase = 'plain';
        else if (entry && (this.itemIndent < 0 || entry[1].length === this.itemIndent)) {
            this.itemIndent = entry[1].length;
            this.itemStarts.push({ index: this.lines.length - 1, line: this.line });
            if (this.parsedItems)
                this.parseFinishedItems();
        }
        else if (indent > this.itemIndent)
            return;
        else if (indent === 0) {
            this.phase = 'tail';
            this.tailIndex = this.lines.length - 1;
            this.tailLine = this.line;
        }
        else if (this.parsedItems) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${this.label}:${this.line}: invalid YAML (a line of the List's items is indented less than its items); fix the manifest.`);
        }
        else
            this.phase = 'plain';
    }
    /** Parses every item but the one being read (all of them once the items have ended) and drops their lines. */
    parseFinishedItems() {
        const parsed = this.parsedItems;
        const last = this.phase === 'tail' ? this.itemStarts.length : this.itemStarts.length - 1;
        for (let n = 0; n < last; n++) {
            const { index, line } = this.itemStarts[n];
            const end = n + 1 < this.itemStarts.length ? this.itemStarts[n + 1].index : this.tailIndex;
            const value = (0,_objects_js__WEBPACK_IMPORTED_MODULE_0__/* .parseYamlValue */ .ox)(this.lines.slice(index, end).join(''), this.label, (local) => local + line - 1);
            // The text is `- <item>`: a sequence of one.
            const item = Array.isArray(value) ? value[0] : value;
            if (this.itemsBeforeKind)
                this.handOver(item);
            else
                parsed.push(item);
        }
        const keepFrom = this.phase === 'tail' ? this.tailIndex : this.itemStarts[last].index;
        const shift = keepFrom - this.headCount;
        this.lines.splice(this.headCount, shift);
        this.itemStarts = this.itemStarts.slice(last).map(({ index, line }) => ({ index: index - shift, line }));
        if (this.phase === 'tail')
            this.tailIndex -= shift;
    }
    handOver(item) {
        if (this.refused !== undefined)
            return;
        let object;
        try {
            object = (0,_objects_js__WEBPACK_IMPORTED_MODULE_0__/* .checkObject */ .gr)(item, `${this.label}:${this.firstContentLine}`);
        }
        catch (error) {
            this.refused = error;
            return;
        }
        this.onObject(object);
    }
    finishDocument() {
        if (this.parsedItems)
            this.finishSplitList();
        else
            for (const object of (0,_objects_js__WEBPACK_IMPORTED_MODULE_0__/* .parseManifestText */ .k_)(this.lines.join(''), this.label, this.startLine))
                this.onObject(object);
        this.lines = [];
        this.bytes = 0;
        this.firstContentLine = 0;
        this.hasMarker = false;
        this.hasContent = false;
        this.phase = 'head';
        this.headCount = 0;
        this.itemIndent = -1;
        this.itemStarts = [];
        this.tailIndex = -1;
        this.parsedItems = undefined;
        this.refused = undefined;
    }
    /** The mapping around the items (head and tail, as one text), with the items parsed already. */
    finishSplitList() {
        if (this.phase !== 'tail') {
            this.phase = 'tail';
            this.tailIndex = this.lines.length;
            this.tailLine = this.line + 1;
        }
        this.parseFinishedItems();
        const { headCount, startLine, tailLine } = this;
        const lineOf = (local) => (local <= headCount ? startLine + local - 1 : tailLine + local - headCount - 1);
        const value = (0,_objects_js__WEBPACK_IMPORTED_MODULE_0__/* .parseYamlValue */ .ox)(this.lines.join(''), this.label, lineOf);
        const where = `${this.label}:${this.firstContentLine}`;
        const isMapping = typeof value === 'object' && value !== null && !Array.isArray(value);
        if (this.itemsBeforeKind) {
            if (isMapping && (0,_objects_js__WEBPACK_IMPORTED_MODULE_0__/* .isListObject */ .M_)(value)) {
                (0,_objects_js__WEBPACK_IMPORTED_MODULE_0__/* .refuseListPage */ .C$)(value, where);
                if (this.refused !== undefined)
                    throw this.refused;
                return;
            }
            // Its items were handed over (or refused) as a List's: read again, keeping them. One that is no mapping is refused below.
            if (isMapping)
                throw new NotAListError(this.label);
        }
        if (isMapping)
            value.items = this.parsedItems;
        for (const object of (0,_objects_js__WEBPACK_IMPORTED_MODULE_0__/* .objectsOfDocument */ .p3)(value, where))
            this.onObject(object);
    }
}


/***/ }),

/***/ 1746:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C$: () => (/* binding */ refuseListPage),
/* harmony export */   DA: () => (/* binding */ objectRef),
/* harmony export */   Je: () => (/* binding */ indexObjects),
/* harmony export */   LJ: () => (/* binding */ matchKey),
/* harmony export */   M_: () => (/* binding */ isListObject),
/* harmony export */   Ye: () => (/* binding */ parseManifests),
/* harmony export */   Z6: () => (/* binding */ isClusterScoped),
/* harmony export */   _Y: () => (/* binding */ declaresListKind),
/* harmony export */   gr: () => (/* binding */ checkObject),
/* harmony export */   k_: () => (/* binding */ parseManifestText),
/* harmony export */   ox: () => (/* binding */ parseYamlValue),
/* harmony export */   p3: () => (/* binding */ objectsOfDocument),
/* harmony export */   qT: () => (/* binding */ binaryFile),
/* harmony export */   tY: () => (/* binding */ duplicateObject)
/* harmony export */ });
/* unused harmony export parseYamlDocuments */
/* harmony import */ var js_yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3243);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7638);
/* harmony import */ var _identity_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5890);
/* harmony import */ var _arrays_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8835);





/** Aliases may not expand past this many nodes: a "billion laughs" document is refused, not expanded. */
const MAX_ALIAS_COUNT = 100;
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * Every Kubernetes object in YAML or JSON text: multi-document files, and the items of `List`
 * kinds (`kubectl get -o yaml` output). Each needs `kind` and `metadata.name`.
 */
function parseManifests(text, label) {
    if (text.includes('\u0000'))
        throw binaryFile(label);
    return parseManifestText(text, label);
}
const binaryFile = (label) => new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label} is a binary file, not YAML or JSON manifests; pass Kubernetes manifests.`);
/** parseManifests for text that starts on line `firstLine` of `label` (one document of a file read as a stream). */
function parseManifestText(text, label, firstLine = 1) {
    const fast = parseJsonManifests(text, label) ?? parsePlainYamlManifests(text, label);
    if (fast)
        return fast;
    const lineOf = (local) => local + firstLine - 1;
    const objects = [];
    for (const { value, line } of parseYamlDocuments(text, label, lineOf)) {
        if (value === null || value === undefined)
            continue;
        (0,_arrays_js__WEBPACK_IMPORTED_MODULE_3__/* .appendAll */ .u2)(objects, objectsOfDocument(value, `${label}:${line}`));
    }
    return objects;
}
/** The objects one parsed YAML document holds: itself, or the items of a List. */
function objectsOfDocument(value, where) {
    if (!isObject(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${where}: a document is not a Kubernetes object (a mapping with kind and metadata.name); fix the manifest.`);
    return listItems(value, where).map((item) => checkObject(item, where));
}
/**
 * Refuses a List that is one page of a longer listing (the API's `metadata.continue` or
 * `remainingItemCount`, from `kubectl get --raw` or a client with a limit): the objects of the other
 * pages would read as absent. kubectl get reads every page and writes neither.
 */
function refuseListPage(list, where) {
    const metadata = isObject(list.metadata) ? list.metadata : {};
    const more = (typeof metadata.continue === 'string' && metadata.continue !== '') || Number(metadata.remainingItemCount) > 0;
    if (more)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${where}: the ${String(list.kind)} is one page of a longer listing (its metadata.continue or remainingItemCount says more follow), so the objects of the other pages would read as absent; export with kubectl get, which reads every page.`);
}
/** Whether a text names a list kind (`kind: List`, `"kind": "ConfigMapList"`, flow style): an export of nothing is an empty List, not an empty file. */
const declaresListKind = (text) => /\bkind["']?\s*:\s*["']?[A-Za-z]*List\b/.test(text.replace(YAML_COMMENT, '$1'));
/** A YAML comment: `#` at a line's start or after a space, to its end (a List named in a comment is none). */
const YAML_COMMENT = /(^|\s)#.*$/gm;
/** A `\u2026List` kind, whose items are the objects. */
const isListObject = (value) => typeof value.kind === 'string' && value.kind.endsWith('List');
/** A List's items (refused when it is one page of several), or the object itself. */
function listItems(value, where) {
    if (!isListObject(value) || !Array.isArray(value.items))
        return [value];
    refuseListPage(value, where);
    return value.items;
}
/**
 * Each document of YAML text parsed by the `yaml` package, which reports lines: `lineOf` maps a
 * line of `text` to a line of the file. Invalid YAML and aliases past the limit are UserErrors.
 */
function parseYamlDocuments(text, label, lineOf) {
    const lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_1__/* .LineCounter */ .HN();
    const documents = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parseAllDocuments */ .hR)(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: false });
    if (!Array.isArray(documents))
        return [];
    return documents.map((document) => {
        const line = lineOf(lineCounter.linePos(document.range[0]).line);
        const error = document.errors[0];
        if (error)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label}:${lineOf(lineCounter.linePos(error.pos[0]).line)}: invalid YAML (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .yamlErrorText */ .jw)(error.message)}); fix the manifest.`);
        const duplicate = firstDuplicateKey(document);
        if (duplicate !== undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label}:${lineOf(lineCounter.linePos(duplicate).line)}: invalid YAML (Map keys must be unique); fix the manifest.`);
        const otherwise = readOtherwiseByYaml11(document);
        if (otherwise) {
            const text = otherwise.text.length > 40 ? `${otherwise.text.slice(0, 40)}\u2026` : otherwise.text;
            const where = `${label}:${lineOf(lineCounter.linePos(otherwise.at).line)}: ${text} is read as`;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(typeof otherwise.meant === 'string'
                ? `${where} text by kubectl (YAML 1.1) and as a number by other YAML readers; quote it; fix the manifest.`
                : `${where} ${otherwise.meant} by kubectl (YAML 1.1) and otherwise by other YAML readers; write ${otherwise.meant}, or quote it if it is text; fix the manifest.`);
        }
        const overridden = keyBeforeItsMerge(document);
        if (overridden) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label}:${lineOf(lineCounter.linePos(overridden.at).line)}: ${overridden.key} is set before a merge key (<<) that sets it too, and YAML readers disagree on which wins (kubectl takes the later); set it once, after the merge key.`);
        }
        try {
            return { value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), line };
        }
        catch (cause) {
            // The parser's message may quote the document (a Secret value starting with `*` reads as an alias), so it is not repeated.
            const reason = /alias count|excessive/i.test(cause.message) ? 'expands YAML aliases past the limit of 100' : 'uses a YAML alias that is not defined';
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label}:${line}: the document ${reason}; fix the manifest (quote values that start with * or &).`);
        }
    });
}
const named = (value, names) => names.map((name) => [name, value]);
/** The plain scalars go-yaml v2 (kubectl and Argo CD read manifests with it) looks up by name: `yes`, `on` and `y` are true. */
const YAML11_NAMES = new Map([
    ...named(true, ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']),
    ...named(false, ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']),
    ...named(null, ['', '~', 'null', 'Null', 'NULL']),
    ...named(NaN, ['.nan', '.NaN', '.NAN']),
    ...named(Infinity, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']),
    ...named(-Infinity, ['-.inf', '-.Inf', '-.INF']),
]);
/** A number Go's strconv.ParseFloat reads when it starts with `.` (underscores only between digits: goDigitUnderscores). */
const GO_DOT_FLOAT = /^\.\d[\d_]*(?:[eE][-+]?\d[\d_]*)?$/;
const goDigitUnderscores = (text) => !/_(?!\d)/.test(text);
// split and join: a regular expression's replace takes seconds over a long run of `1_1_1\u2026`.
const withoutUnderscores = (text) => (text.includes('_') ? text.split('_').join('') : text);
/** go-yaml v2's yamlStyleFloat, tried on the text without its underscores. */
const YAML11_FLOAT = /^[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?$/;
const finite = (value) => (Number.isFinite(value) ? value : undefined);
/** A 64-bit integer as Go reads it: signed, or unsigned when it has no sign (ParseInt, then ParseUint); past that, none. */
const GO_LIMITS = { '-': 2n ** 63n, '+': 2n ** 63n - 1n, '': 2n ** 64n - 1n };
function goRange(sign, magnitude) {
    const limit = GO_LIMITS[sign];
    return magnitude > limit ? undefined : Number(sign === '-' ? -magnitude : magnitude);
}
/**
 * strconv.ParseInt(plain, 0, 64), else ParseUint, as go-yaml v2 tries them: a leading 0 is octal,
 * 0b/0o/0x in either case. Then go-yaml v2's own binary reading, which takes `0b-1` for -1.
 */
function goInteger(plain) {
    const [, sign, digits] = /^([-+]?)(0[bB][01]+|0[oO][0-7]+|0[xX][\da-fA-F]+|0[0-7]*|[1-9]\d*)$/.exec(plain) ?? [];
    if (digits !== undefined) {
        // Past 64 digits no base reads it in 64 bits, and BigInt would take quadratic time over a long one.
        const [, base, significant] = /^(0[bBoOxX]?|)0*(.*)$/.exec(digits);
        if (significant.length > 64)
            return undefined;
        return goRange(sign, BigInt(`${base === '0' ? '0o' : base}${significant || '0'}`));
    }
    const [, binarySign, bits] = /^0b([-+])([01]+)$/.exec(plain) ?? [];
    return bits === undefined ? undefined : goRange(binarySign === '-' ? '-' : '+', BigInt(`0b${bits}`));
}
/**
 * What YAML 1.1 as kubectl and Argo CD read it (go-yaml v2's resolve) makes of a plain scalar: the
 * names above, then numbers with their underscores dropped; past 64 bits or a float's range, text.
 */
function yaml11Reading(text) {
    const value = YAML11_NAMES.get(text);
    if (value !== undefined)
        return value;
    // The common case: a decimal number of up to 15 digits, which every reader reads alike.
    if (/^[-+]?(?:0|[1-9]\d{0,14})$/.test(text))
        return Number(text);
    if (text.startsWith('.'))
        return (GO_DOT_FLOAT.test(text) && goDigitUnderscores(text) ? finite(Number(withoutUnderscores(text))) : undefined) ?? text;
    if (!/^[-+\d]/.test(text))
        return text;
    const plain = withoutUnderscores(text);
    return goInteger(plain) ?? (YAML11_FLOAT.test(plain) ? finite(Number(plain)) : undefined) ?? text;
}
const YAML12_NAMES = new Map([
    ...named(true, ['true', 'True', 'TRUE']),
    ...named(false, ['false', 'False', 'FALSE']),
    ...named(null, ['', '~', 'null', 'Null', 'NULL']),
    ...named(NaN, ['.nan', '.NaN', '.NAN']),
    ...named(Infinity, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']),
    ...named(-Infinity, ['-.inf', '-.Inf', '-.INF']),
]);
/** What YAML 1.2's core schema (the `yaml` package; kustomize) makes of a plain scalar: js-yaml reads signed hex and `-.5` otherwise, so it is not asked. */
function yaml12Reading(text) {
    const value = YAML12_NAMES.get(text);
    if (value !== undefined)
        return value;
    if (!/^[-+.\d]/.test(text))
        return text;
    if (/^[-+]?\d+$/.test(text))
        return parseInt(text, 10);
    if (/^0o[0-7]+$/.test(text))
        return parseInt(text.slice(2), 8);
    if (/^0x[\da-fA-F]+$/.test(text))
        return parseInt(text.slice(2), 16);
    return /^[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?$/.test(text) ? parseFloat(text) : text;
}
/** A leading-zero number: octal to kubectl, Argo CD and kustomize alike (go-yaml v3 still reads it so), so read so here too, not refused. */
const isOctal = (text) => /^[-+]?0[0-7]+$/.test(text);
/** How a plain scalar YAML 1.2 reads as `read` is read here: so, when YAML 1.1 agrees; as octal, when it is octal; refused (undefined) otherwise. */
function agreedReading(text, read) {
    const meant = yaml11Reading(text);
    if (Object.is(meant, read) || meant === read)
        return { value: read };
    return isOctal(text) ? { value: meant } : undefined;
}
/** The first characters of the plain scalars js-yaml hands to PLAIN_SCALARS: `true`, `false` and `null` read alike everywhere and are left to js-yaml. */
const MAYBE_READ_OTHERWISE = /^[-+.\dyYnNoO]/;
/**
 * js-yaml's reading of plain scalars that may be numbers or YAML 1.1 names, in place of its own int and
 * float types: YAML 1.2's reading (yaml12Reading, as the `yaml` package reads it), an octal number as
 * octal; a scalar YAML 1.1 reads otherwise throws, so the text goes to the `yaml` package, which says
 * where (readOtherwiseByYaml11). Checking each scalar as it is read costs far less than a regular
 * expression over the whole text (a 230 MB export: ~0.1 s, not ~2.5 s).
 */
const PLAIN_SCALARS = new js_yaml__WEBPACK_IMPORTED_MODULE_0__/* .Type */ .ZU('tag:gitops-sync,2024:plain-scalar', {
    kind: 'scalar',
    resolve: (text) => MAYBE_READ_OTHERWISE.test(text) && (yaml12Reading(text) !== text || yaml11Reading(text) !== text),
    construct: (text) => {
        const agreed = agreedReading(text, yaml12Reading(text));
        if (!agreed)
            throw new Error('read otherwise by YAML 1.1');
        return agreed.value;
    },
});
const CORE_TYPES = js_yaml__WEBPACK_IMPORTED_MODULE_0__/* .CORE_SCHEMA */ .OU;
const FAST_YAML_SCHEMA = new js_yaml__WEBPACK_IMPORTED_MODULE_0__/* .Schema */ .Sj({
    implicit: [PLAIN_SCALARS, ...CORE_TYPES.implicit.filter((type) => !/:(?:int|float)$/.test(type.tag))],
    explicit: CORE_TYPES.explicit,
});
/**
 * The first plain scalar (key or value) that YAML 1.1 reads otherwise than this document does, and where
 * it is; an octal number is read as octal instead (isOctal).
 */
function readOtherwiseByYaml11(document) {
    let found;
    (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .visit */ .YR)(document, {
        Scalar(_, node) {
            // Tagged text (`!!str yes`, `! 0644`) is text to every reader, and a merge key a merge key.
            if (node.type !== 'PLAIN' || typeof node.source !== 'string' || typeof node.value === 'symbol')
                return;
            if (node.tag !== undefined && !/^tag:yaml\.org,2002:(?:int|float|bool|null)$/.test(node.tag))
                return;
            const agreed = agreedReading(node.source, node.value);
            if (agreed) {
                node.value = agreed.value;
                return;
            }
            found = { text: node.source, meant: yaml11Reading(node.source), at: (node.range ?? [0])[0] };
            return yaml__WEBPACK_IMPORTED_MODULE_1__/* .visit */ .YR.BREAK;
        },
    });
    return found;
}
/**
 * Where the first key a mapping has twice is (compared by value, as the `yaml` package compares them).
 * Its own check compares each key with every earlier one: a ConfigMap of 20,000 keys took 2.3 s, one
 * of 200,000 keys thirteen minutes.
 */
function firstDuplicateKey(document) {
    let first;
    (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .visit */ .YR)(document, {
        Map(_, map) {
            const keys = new Set();
            for (const { key } of map.items) {
                if (!(0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(key))
                    continue;
                const at = (key.range ?? [0])[0];
                if (keys.has(key.value) && (first === undefined || at < first))
                    first = at;
                keys.add(key.value);
            }
        },
    });
    return first;
}
/**
 * A key set before a merge key (`<<`) of the same mapping that sets it too (written, or by an earlier
 * merge key), and where that merge key is. The appliers disagree on it: kubectl and Argo CD (go-yaml
 * v2) let the later merge win, kustomize keeps a written key (and refuses two merge keys), the `yaml`
 * package here keeps the first; a merge first and keys written after it agree.
 */
function keyBeforeItsMerge(document) {
    const mergedMaps = (node) => ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isAlias */ .Vj)(node) ? mergedMaps(node.resolve(document)) : (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isSeq */ .oP)(node) ? node.items.flatMap(mergedMaps) : [node]);
    const keyOf = (node) => ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(node) ? node.value : node);
    let found;
    (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .visit */ .YR)(document, {
        Map(_, map) {
            const written = new Set();
            for (const pair of map.items) {
                if (!((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(pair.key) && typeof pair.key.value === 'symbol')) {
                    written.add(keyOf(pair.key));
                    continue;
                }
                const keys = mergedMaps(pair.value).flatMap((merged) => ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isMap */ .jh)(merged) ? merged.items.map((item) => keyOf(item.key)) : []));
                const key = keys.find((name) => written.has(name));
                if (key === undefined) {
                    keys.forEach((name) => written.add(name));
                    continue;
                }
                found = { key: String(key), at: (pair.key.range ?? [0])[0] };
                return yaml__WEBPACK_IMPORTED_MODULE_1__/* .visit */ .YR.BREAK;
            }
        },
    });
    return found;
}
/** YAML text holding one document, parsed with js-yaml when it is plain YAML and with the `yaml` package (lines, alias limit) otherwise. */
function parseYamlValue(text, label, lineOf) {
    if (!NEEDS_YAML_PACKAGE.test(text)) {
        try {
            const values = (0,js_yaml__WEBPACK_IMPORTED_MODULE_0__/* .loadAll */ .gh)(text, undefined, { schema: FAST_YAML_SCHEMA });
            if (values.length <= 1)
                return values[0];
        }
        catch {
            // Invalid YAML: the `yaml` package below says where.
        }
    }
    const documents = parseYamlDocuments(text, label, lineOf);
    if (documents.length > 1)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label}:${documents[1].line}: invalid YAML (a document starts inside a List item); fix the manifest.`);
    return documents[0]?.value;
}
/**
 * JSON (`kubectl get -o json`) is read with JSON.parse, many times faster than the YAML parser on
 * a large export; text that is not a single JSON value falls through to YAML, which reports lines.
 */
function parseJsonManifests(text, label) {
    const start = text.trimStart()[0];
    if (start !== '{' && start !== '[')
        return undefined;
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    const items = Array.isArray(value) ? value : isObject(value) ? listItems(value, label) : [value];
    return items.map((item) => checkObject(item, label));
}
/**
 * An anchor (`&x`), alias (`*x`) or merge key (`<<:`) where YAML would read one: the `yaml` package reads
 * those (the alias limit, merge keys as the appliers read them). False positives only cost speed, but
 * the price is the whole file. Plain values YAML 1.1 reads otherwise are caught as js-yaml reads them
 * (PLAIN_SCALARS). A tag (`!!int 0644`, `! 0644`) goes to the `yaml` package too: js-yaml's explicit types
 * are its own (`!!int 0644` is 644 to it, 420 to kubectl).
 */
const NEEDS_YAML_PACKAGE = /(?<![^\s,[{:-])(?:[&*][^\s,\]}]|!)|<<\s*:/;
/**
 * Plain YAML without anchors, aliases or merge keys is read with js-yaml, several times faster than
 * the `yaml` package on a large export. Anything else \u2014 aliases (which need the alias limit), merge
 * keys, invalid YAML, an object without kind or name \u2014 goes to the `yaml` package, whose messages
 * carry line numbers.
 */
function parsePlainYamlManifests(text, label) {
    if (NEEDS_YAML_PACKAGE.test(text))
        return undefined;
    try {
        const objects = [];
        for (const value of (0,js_yaml__WEBPACK_IMPORTED_MODULE_0__/* .loadAll */ .gh)(text, undefined, { schema: FAST_YAML_SCHEMA })) {
            if (value === null || value === undefined)
                continue;
            if (!isObject(value))
                return undefined;
            for (const item of listItems(value, label))
                objects.push(checkObject(item, label));
        }
        return objects;
    }
    catch {
        return undefined;
    }
}
/** `value` as a Kubernetes object, or a UserError naming `where`. */
function checkObject(value, where) {
    if (!isObject(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${where}: a list item is not a Kubernetes object; fix the manifest.`);
    const metadata = value.metadata;
    if (typeof value.kind !== 'string' || !value.kind)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${where}: an object has no kind; every manifest needs apiVersion, kind and metadata.name.`);
    const name = isObject(metadata) ? metadata.name : undefined;
    if (typeof name === 'number' || typeof name === 'boolean') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${where}: the metadata.name of a ${value.kind} reads as the ${typeof name} ${name}, not a string; quote it (name: "${name}").`);
    }
    if (typeof name !== 'string' || !name) {
        if (value.kind.endsWith('List'))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${where}: a ${value.kind} has no items; put its objects under items: (an empty list is items: []).`);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${where}: a ${value.kind} has no metadata.name; every manifest needs apiVersion, kind and metadata.name.`);
    }
    return value;
}
/**
 * Identity of an object; objects without a namespace get `defaultNamespace`. Cluster-scoped objects
 * have none, even when a chart writes one into them: the API server drops it.
 */
function objectRef(object, defaultNamespace, clusterScoped = isClusterScoped) {
    const { group, version } = (0,_identity_js__WEBPACK_IMPORTED_MODULE_4__/* .splitApiVersion */ .Np)(typeof object.apiVersion === 'string' ? object.apiVersion : 'v1');
    const kind = object.kind;
    const namespace = clusterScoped(kind) ? '' : typeof object.metadata?.namespace === 'string' && object.metadata.namespace ? object.metadata.namespace : defaultNamespace;
    return { group, version, kind, namespace, name: object.metadata.name };
}
/** Matching ignores the version: Git may say `autoscaling/v1` where the cluster answers `v2`. */
const matchKey = (ref) => `${ref.group}/${ref.kind}/${ref.namespace}/${ref.name}`;
/** Built-in cluster-scoped kinds, and the cluster-scoped kinds of widespread add-ons (Gateway API, snapshots, cert-manager). */
const CLUSTER_SCOPED = new Set([
    'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass',
    'PriorityClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'APIService', 'IngressClass',
    'RuntimeClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass', 'CertificateSigningRequest', 'ClusterTrustBundle',
    'PodSecurityPolicy', 'FlowSchema', 'PriorityLevelConfiguration', 'StorageVersion', 'StorageVersionMigration', 'ServiceCIDR',
    'DeviceClass', 'ComponentStatus', 'GatewayClass', 'VolumeSnapshotClass', 'VolumeSnapshotContent', 'ClusterIssuer',
]);
const isClusterScoped = (kind) => CLUSTER_SCOPED.has(kind);
const duplicateObject = (label, ref) => new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label} has ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} twice; keep one definition of each object.`);
/**
 * The objects Git wants, keyed for matching; the same object twice is refused, and so is an object
 * with `items`: kubectl decodes any document with items as a List, whatever its kind, and applies the
 * items in its place (a "ConfigMap" holding a ClusterRoleBinding there would be judged as the ConfigMap).
 */
function indexObjects(objects, defaultNamespace, label) {
    const index = new Map();
    for (const object of objects) {
        const ref = objectRef(object, defaultNamespace);
        if (Object.hasOwn(object, 'items')) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${label}: a ${ref.kind} named ${ref.name} has items, so kubectl would not apply it as one object (it reads any document with items as a List); move the items out into objects of their own, or remove items.`);
        }
        const key = matchKey(ref);
        if (index.has(key))
            throw duplicateObject(label, ref);
        index.set(key, { ref, object });
    }
    return index;
}


/***/ }),

/***/ 7195:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DV: () => (/* binding */ codeBlock),
/* harmony export */   Gc: () => (/* binding */ renderMarkdown),
/* harmony export */   Kz: () => (/* binding */ MOST_CHANGES_SHOWN),
/* harmony export */   UZ: () => (/* binding */ markdownCell),
/* harmony export */   iB: () => (/* binding */ markdownLine),
/* harmony export */   wq: () => (/* binding */ markdownCodeName)
/* harmony export */ });
/* unused harmony export GITHUB_MARKDOWN_LIMIT */
/* harmony import */ var _build_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4492);
/* harmony import */ var _plan_fingerprint_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9711);
/* harmony import */ var _plan_remediation_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7892);
/* harmony import */ var _visible_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4216);
/* harmony import */ var _model_report_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2788);
/* harmony import */ var _model_report_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5781);





/** GitHub refuses comments and job summaries longer than this many characters. */
const GITHUB_MARKDOWN_LIMIT = 65_536;
/**
 * The most changes any Markdown of a report shows (a change's block is well over 100 characters, so
 * GitHub's limit never leaves room for more): a report kept with only these changes in full renders
 * the same Markdown (plan-report-file.ts).
 */
const MOST_CHANGES_SHOWN = Math.floor(GITHUB_MARKDOWN_LIMIT / 100);
const ICON = { critical: '\ud83d\udd34', high: '\ud83d\udfe0', medium: '\ud83d\udfe1', low: '\ud83d\udd35' };
const MAX_VALUE_CHARS = 120;
/**
 * Text safe inside a Markdown table cell or `<code>`: no pipes, no HTML, one line (CommonMark also ends
 * one at a lone \r), no control or invisible format characters, and no Markdown of its own \u2014 GitHub parses Markdown inside
 * `<code>`, so links, images, emphasis, autolinks and @-mentions (a file named `@org/team.yaml` would ping
 * the team) are written as entities that render as the same text.
 */
function markdownCell(text) {
    return (0,_visible_text_js__WEBPACK_IMPORTED_MODULE_0__/* .withFormatCharactersShown */ .l)(text)
        .replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char])
        .replace(/[[\]*`~\\!@]/g, (char) => `&#${char.charCodeAt(0)};`)
        .replace(/:\/\//g, '&#58;//')
        .replace(/\b(www)\./gi, '$1&#46;')
        .replace(/\|/g, '\\|')
        .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
}
/** Text that quotes names someone else chose (file names) on one Markdown line: a line break in it would start a block of its own. */
const markdownLine = (text) => text.replace(/[\r\n]+/g, ' ');
/** Text someone else chose (a tool's output, file names) as a fenced code block: the fence is longer than any run of backticks in it, so the text cannot close it and go on as Markdown. */
function codeBlock(text) {
    let longest = 2;
    for (const [run] of text.matchAll(/`+/g))
        longest = Math.max(longest, run.length);
    const fence = '`'.repeat(longest + 1);
    return `${fence}\n${text}\n${fence}`;
}
/** A name someone else chose as inline code in a table cell, on one line: a backtick, pipe or line break would end the code, the cell or the line. */
const markdownCodeName = (name) => `\`${name.replace(/[`|\r\n]/g, '?')}\``;
/**
 * A value as inline code (so `*` or `_` in it is not Markdown), placeholders as plain text. A number
 * beyond a double's range (a plan's `1e400`) is null in the JSON report, and in a change read back from
 * it (plan-report-file.ts): shown as null is, so every Markdown of a report is the same.
 */
function shortValue(value) {
    if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value)))
        return '\u2014';
    if (value === _model_report_js__WEBPACK_IMPORTED_MODULE_1__/* .SENSITIVE */ .N || value === _model_report_js__WEBPACK_IMPORTED_MODULE_1__/* .KNOWN_AFTER_APPLY */ .A)
        return value;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return `<code>${markdownCell(text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}\u2026` : text)}</code>`;
}
/** 65536 as 65,536 (toLocaleString would load the locale data: most of the Markdown's time). */
const thousands = (value) => String(value).replace(/\B(?=(\d{3})+$)/g, ',');
function changeDetail(change) {
    const rows = change.fields.map((field) => `| <code>${markdownCell(field.path || '/')}</code> | ${shortValue(field.before)} | ${shortValue(field.after)}${field.forces_replacement ? ' (forces replacement)' : ''} |`);
    const moved = change.previous_address ? ` \u00b7 moved from <code>${markdownCell(change.previous_address)}</code>` : '';
    const header = `<details><summary>${ICON[change.severity]} <code>${markdownCell(change.address)}</code> \u2014 ${change.action} (${change.origin === 'outside' ? 'changed outside Git' : 'planned'}), ${change.severity} by <code>${markdownCell(change.rule)}</code>${moved}</summary>\n\n`;
    const body = rows.length ? `| Field | Now | Git wants |\n|---|---|---|\n${rows.join('\n')}\n` : '_No field-level detail._\n';
    return `${header}${body}\n</details>\n`;
}
/** The output changes' line stays this short however many there are: the room under a limit is for the changes. */
const OUTPUTS_CHARS = 2_000;
function outputChanges(report) {
    const shown = [];
    let length = 0;
    for (const output of report.output_changes) {
        const item = `\`${markdownCell(output.name)}\` ${output.action}`;
        length += item.length + 2;
        if (length > OUTPUTS_CHARS)
            break;
        shown.push(item);
    }
    const hidden = report.output_changes.length - shown.length;
    const more = hidden ? `${shown.length ? ', ' : ''}and ${hidden} more (the JSON report has them all)` : '';
    return `**Output changes** (${report.output_changes.length}): ${shown.join(', ')}${more}`;
}
function summary(report) {
    const title = report.drift_detected
        ? `## ${report.changes_by_severity.critical > 0 ? '\ud83d\udd34' : '\ud83d\udfe0'} Drift detected in \`${markdownCell(report.environment)}\``
        : `## \u2705 No drift in \`${markdownCell(report.environment)}\``;
    const lines = [title, '', `${report.total_changes} change(s) across ${report.affected_resources.length} resource(s) from ${report.sources.join(', ') || 'no source'} \u00b7 ${report.generated_at}`, ''];
    if (report.plan_fingerprint)
        lines.push(`Plan fingerprint \`${(0,_plan_fingerprint_js__WEBPACK_IMPORTED_MODULE_2__/* .shortFingerprint */ .nE)(report.plan_fingerprint)}\`: sync applies this plan only.`, '');
    if (report.total_changes > 0) {
        lines.push(`| Severity | ${_model_report_js__WEBPACK_IMPORTED_MODULE_3__/* .SEVERITIES */ .oC.map((s) => `${ICON[s]} ${s}`).join(' | ')} |`, `|---|${_model_report_js__WEBPACK_IMPORTED_MODULE_3__/* .SEVERITIES */ .oC.map(() => '---:').join('|')}|`);
        lines.push(`| Changes | ${_model_report_js__WEBPACK_IMPORTED_MODULE_3__/* .SEVERITIES */ .oC.map((s) => report.changes_by_severity[s]).join(' | ')} |`, '');
        const actions = _model_report_js__WEBPACK_IMPORTED_MODULE_3__/* .ACTIONS */ .kl.filter((action) => report.changes_by_action[action] > 0);
        lines.push(`| Action | ${actions.join(' | ')} |`, `|---|${actions.map(() => '---:').join('|')}|`, `| Changes | ${actions.map((a) => report.changes_by_action[a]).join(' | ')} |`, '');
    }
    if (report.output_changes.length > 0)
        lines.push(outputChanges(report), '');
    return lines.join('\n');
}
function remediation(report, options) {
    if (report.remediation_plan.length === 0)
        return '';
    const rows = report.remediation_plan.map((step, i) => `| ${i + 1} | ${step.priority} | ${markdownCell(step.description)} | ${step.approval_required ? 'yes' : 'no'} | ${step.auto_rollback ? 'yes' : 'no'} | ${step.changes.length} |`);
    const next = (0,_plan_remediation_js__WEBPACK_IMPORTED_MODULE_4__/* .nextCommand */ .h)(report);
    const nextLine = options.next === false ? '' : `\n**Next:** \`${next.preview}\` to preview, then \`${next.apply}\` ${next.when}.\n`;
    return `### Remediation plan\n\n| # | Priority | Step | Approval | Auto-rollback | Resources |\n|---|---|---|---|---|---:|\n${rows.join('\n')}\n${nextLine}`;
}
/**
 * The report as GitHub-flavoured Markdown: summary tables, the remediation plan, then each change
 * in a collapsible block, most severe first. Stops adding changes before `limit` characters and
 * says how many were left out.
 */
function renderMarkdown(report, limit = GITHUB_MARKDOWN_LIMIT, options = {}) {
    const head = `${summary(report)}\n${remediation(report, options)}`;
    if (report.changes.length === 0)
        return head;
    const reserve = 300;
    let body = `\n### Changes\n\n`;
    let shown = 0;
    for (const change of (0,_build_js__WEBPACK_IMPORTED_MODULE_5__/* .inSeverityOrder */ .l5)(report.changes)) {
        if (shown === MOST_CHANGES_SHOWN)
            break;
        const detail = changeDetail(change);
        if (head.length + body.length + detail.length + reserve > limit)
            break;
        body += detail;
        shown++;
    }
    const total = report.changes.length;
    const hidden = total - shown;
    const note = hidden > 0 ? `\n> ${hidden} more change(s) not shown to stay under ${thousands(limit)} characters; the JSON report has all ${total}.\n` : '';
    return `${head}${body}${note}`;
}


/***/ }),

/***/ 4216:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ withFormatCharactersShown)
/* harmony export */ });
/**
 * Text with its invisible format characters \u2014 bidirectional controls (U+202E turns what follows
 * around), zero-width spaces and joiners, the byte order mark \u2014 written as their code points
 * (`[U+202E]`), so a name cannot display as another one (https://unicode.org/reports/tr36/).
 */
const withFormatCharactersShown = (text) => text.replace(/\p{Cf}/gu, (char) => `[U+${char.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);


/***/ }),

/***/ 2293:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Cc: () => (/* binding */ findsSecrets),
  RZ: () => (/* binding */ hasQuotedInstanceKey),
  yv: () => (/* binding */ unmarkedSecretScrubber),
  UG: () => (/* binding */ whereSecretsMayBeInJson)
});

// UNUSED EXPORTS: base64CoresOfAll, findsForms, findsFormsInBytes, mayHoldSecretsInJson, whereFormsInBytes

// EXTERNAL MODULE: ./packages/core/src/diff/json-pointer.ts
var json_pointer = __webpack_require__(1491);
// EXTERNAL MODULE: ./packages/core/src/model/markers.ts
var markers = __webpack_require__(2788);
;// CONCATENATED MODULE: ./packages/core/src/plan/instance-key.ts
/*
 * A string instance key as Terraform writes it in a resource address, between `["` and `"]`
 * (addrs.StringKey, HCL's quoting): `\n`, `\r`, `\t`, `\"` and `\\` escaped, `$` and `%` doubled
 * before `{` (so the key is no template), and every character Go does not call printable (letters,
 * marks, numbers, punctuation, symbols and the ASCII space are) as `\uXXXX`, or `\UXXXXXXXX` past
 * the Basic Multilingual Plane. Which characters those are follows Go's Unicode tables: for a character
 * newer than one of them, terraformQuoted (by this Node's tables) and Terraform may differ; reading a
 * key back (terraformUnquoted) does not depend on them.
 */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
/** Printable ASCII but `"` and `\`, with no `${` or `%{`: what Terraform writes as it is (most keys). */
const QUOTED_AS_IS = /^(?:[\x20\x21\x23\x26-\x5b\x5d-\x7e]|[$%](?!\{))*$/;
const ESCAPES = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };
const UNESCAPES = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
/** A key as Terraform quotes it in an address, without the quotes. */
function terraformQuoted(key) {
    if (QUOTED_AS_IS.test(key))
        return key;
    let quoted = '';
    let index = 0;
    for (const char of key) {
        index += char.length;
        if (ESCAPES[char])
            quoted += ESCAPES[char];
        else if ((char === '$' || char === '%') && key[index] === '{')
            quoted += char + char;
        else if (PRINTABLE.test(char))
            quoted += char;
        else {
            const code = char.codePointAt(0);
            quoted += code < 0x10000 ? `\\u${code.toString(16).padStart(4, '0')}` : `\\U${code.toString(16).padStart(8, '0')}`;
        }
    }
    return quoted;
}
/** A quoted key (without its quotes) as the key it stands for; an escape Terraform does not write is kept as written. */
function terraformUnquoted(quoted) {
    let key = '';
    for (let index = 0; index < quoted.length; index++) {
        const char = quoted[index];
        if ((char === '$' || char === '%') && quoted[index + 1] === char && quoted[index + 2] === '{') {
            key += char;
            index++;
            continue;
        }
        if (char !== '\\') {
            key += char;
            continue;
        }
        const next = quoted[index + 1];
        const digits = next === 'u' ? 4 : next === 'U' ? 8 : 0;
        const hex = quoted.slice(index + 2, index + 2 + digits);
        if (UNESCAPES[next] !== undefined) {
            key += UNESCAPES[next];
            index++;
        }
        else if (digits && /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits && Number.parseInt(hex, 16) <= 0x10ffff) {
            key += String.fromCodePoint(Number.parseInt(hex, 16));
            index += 1 + digits;
        }
        else
            key += char;
    }
    return key;
}

// EXTERNAL MODULE: ./packages/core/src/arrays.ts
var arrays = __webpack_require__(8835);
;// CONCATENATED MODULE: ./packages/core/src/secrets/embedded.ts




/**
 * Shorter secrets are found only as a whole string: inside longer ones a short value ("admin", "app")
 * would turn up everywhere and mask, and make critical, half a report.
 */
const MIN_EMBEDDED_LENGTH = 8;
/** How many leading characters of a form the look-up hashes (at most what the shortest form has). */
const HASHED_UNITS = 3;
/** A shorter run of base64 would turn up by chance in unrelated base64 (certificates, user data). */
const MIN_BASE64_CORE = 8;
const hex = (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
const htmlEscapes = (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
/** Zero bytes before and after a secret in base64CoresOfAll: as text (ASCII) and as bytes. */
const ZEROS = ['', '\0', '\0\0'];
const ZERO_BYTES = ZEROS.map((zeros) => Buffer.alloc(zeros.length));
/**
 * The base64 of each secret, wherever it starts in the encoded bytes: at each of the three alignments,
 * the characters that depend on the secret's bytes alone. Made with one conversion per alignment of
 * all the secrets laid end to end, each in slots of whole three-byte groups (a plan can have tens of
 * thousands of secrets: three conversions each cost more than the rest of their forms).
 */
function base64CoresOfAll(secrets) {
    const joined = secrets.join('');
    // All ASCII (most secrets): laid end to end as text. Otherwise each secret is encoded alone first: two
    // secrets' lone surrogates would make one character of their text (helper-136).
    const ascii = Buffer.byteLength(joined) === joined.length;
    const encoded = ascii ? undefined : secrets.map((secret) => Buffer.from(secret));
    const lengths = secrets.map((secret, index) => encoded?.[index].length ?? secret.length);
    const cores = secrets.map(() => []);
    for (let offset = 0; offset < 3; offset++) {
        // Each secret after `offset` zero bytes, its slot filled up to whole groups: the groups it shares with
        // no other byte of it are left out below, so what fills a slot changes none that are kept.
        const slots = [];
        const text = [];
        const pieces = [];
        let at = 0;
        for (let index = 0; index < secrets.length; index++) {
            const slot = Math.ceil((offset + lengths[index]) / 3) * 3;
            const pad = slot - offset - lengths[index];
            slots.push(at);
            if (encoded)
                pieces.push(ZERO_BYTES[offset], encoded[index], ZERO_BYTES[pad]);
            else
                text.push(ZEROS[offset], secrets[index], ZEROS[pad]);
            at += slot;
        }
        const bytes = encoded ? Buffer.concat(pieces) : Buffer.from(text.join(''), 'latin1');
        const base64 = bytes.toString('base64');
        for (let index = 0; index < secrets.length; index++) {
            const first = (slots[index] / 3) * 4;
            cores[index].push(base64.slice(first + (offset === 0 ? 0 : 4), first + Math.floor((offset + lengths[index]) / 3) * 4));
        }
    }
    return cores;
}
/**
 * The forms each secret takes inside a longer string built from it, as Terraform's functions write them:
 * itself, JSON-escaped (jsonencode escapes <, > and & too), URL-encoded (urlencode) and base64 (base64encode).
 */
function embeddedFormsOfAll(secrets) {
    const cores = base64CoresOfAll(secrets);
    return secrets.map((secret, index) => {
        // Most secrets (generated passwords, tokens) are written as they are by all but base64.
        const forms = [secret];
        if (!WRITTEN_AS_IS.test(secret)) {
            const json = JSON.stringify(secret).slice(1, -1);
            forms.push(json, json.replace(/[<>&\u2028\u2029]/g, htmlEscapes));
            (0,arrays/* appendAll */.u2)(forms, urlEncodings(secret));
        }
        for (const core of cores[index])
            if (core.length >= MIN_BASE64_CORE)
                forms.push(core);
        return forms;
    });
}
/** Characters JSON, jsonencode and both URL encodings (JavaScript's, Go's url.QueryEscape) write as they are. */
const WRITTEN_AS_IS = /^[A-Za-z0-9_.-]*$/;
/** As JavaScript and Go (url.QueryEscape) URL-encode it; none for a string with a lone surrogate, which cannot be. */
function urlEncodings(secret) {
    let url;
    try {
        url = encodeURIComponent(secret);
    }
    catch {
        return [];
    }
    return [url, url.replace(/[!'()*]/g, hex).replaceAll('%20', '+')];
}
const SHIFT = 7;
const STARTS = 1 << (SHIFT * HASHED_UNITS);
/**
 * A hash of the HASHED_UNITS UTF-16 units ending at `index`, from the one ending before it: a
 * unit is shifted out after HASHED_UNITS steps. Forms sharing a hash are told apart by startsWith.
 */
const rolled = (hash, text, index) => ((hash << SHIFT) ^ text.charCodeAt(index)) & (STARTS - 1);
/** The hash of the HASHED_UNITS units from `at` (the same as rolling them in one by one). */
const unitsHashAt = (text, at) => ((text.charCodeAt(at) << (2 * SHIFT)) ^ (text.charCodeAt(at + 1) << SHIFT) ^ text.charCodeAt(at + 2)) & (STARTS - 1);
/**
 * Whether a text contains one of `forms` (each HASHED_UNITS characters or more). Forms are found by a
 * hash of their first characters, so a long text costs one array look-up per character (a map look-up
 * where a form may start), however many forms there are. As findsFormsInBytes, when every form is longer
 * than HASHED_UNITS only every `stride`-th place is hashed, against the hashes of each form's first
 * `stride` groups of units.
 */
function findsForms(forms) {
    const byStart = new Map();
    const starts = new Uint8Array(STARTS);
    // No form is shorter than this: a shorter text holds none.
    let shortest = Infinity;
    const distinct = new Set(forms);
    for (const form of distinct) {
        const start = unitsHashAt(form, 0);
        starts[start] = 1;
        const known = byStart.get(start);
        if (known)
            known.push(form);
        else
            byStart.set(start, [form]);
        shortest = Math.min(shortest, form.length);
    }
    /** Whether a form whose first units hash to `hash` starts at `from`. */
    const formAt = (text, from, hash) => starts[hash] !== 0 && byStart.get(hash).some((form) => text.startsWith(form, from));
    const startsAt = (text, from) => formAt(text, from, unitsHashAt(text, from));
    if (shortest < HASHED_UNITS)
        throw new Error(`findsForms was given a form shorter than ${HASHED_UNITS} units`);
    const stride = distinct.size === 0 ? 1 : shortest - HASHED_UNITS + 1;
    // A step of one: rolling the hash on reads each place once (the strided loop would hash it twice).
    if (stride === 1) {
        return (text) => {
            if (text.length < shortest)
                return false;
            let hash = 0;
            for (let index = 0; index < text.length; index++) {
                hash = rolled(hash, text, index);
                const start = index + 1 - HASHED_UNITS;
                if (start >= 0 && formAt(text, start, hash))
                    return true;
            }
            return false;
        };
    }
    const groups = new Uint8Array(STARTS);
    for (const form of distinct)
        for (let at = 0; at < stride; at++)
            groups[unitsHashAt(form, at)] = 1;
    return (text) => {
        if (text.length < shortest)
            return false;
        for (let at = 0; at + HASHED_UNITS <= text.length; at += stride) {
            if (groups[unitsHashAt(text, at)] === 0)
                continue;
            for (let from = Math.max(0, at - stride + 1); from <= at; from++)
                if (startsAt(text, from))
                    return true;
        }
        return false;
    };
}
/**
 * Whether a string holds one of `secrets`: is one, or contains one (of `minEmbedded` characters or
 * more, at least HASHED_UNITS) in any of its embedded forms, however many secrets there are (see findsForms).
 */
function findsSecrets(secrets, minEmbedded = MIN_EMBEDDED_LENGTH) {
    // Made when first needed: a large report's changes are mostly let through by mayHoldSecretsInJson instead.
    let contains;
    const formsFinder = () => {
        const long = [...secrets].filter((secret) => secret.length >= Math.max(minEmbedded, HASHED_UNITS));
        return findsForms(embeddedFormsOfAll(long).flat());
    };
    return (text) => secrets.has(text) || (contains ??= formsFinder())(text);
}
/** Whether JSON, a JSON pointer or Terraform's quoting of an instance key writes a string otherwise than as it is. */
function escapedSomewhere(text) {
    for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        // Outside printable ASCII; `"`, `\`, `/`, `~`; `{` after `$` or `%`.
        if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c || code === 0x2f || code === 0x7e)
            return true;
        if (code === 0x7b && index > 0 && (text[index - 1] === '$' || text[index - 1] === '%'))
            return true;
    }
    return false;
}
/** Inside a JSON string: a form as itself, as a JSON pointer token (`~` \u2192 `~0`, `/` \u2192 `~1`), and as Terraform quotes an instance key. */
const jsonTextForms = (text) => {
    if (!escapedSomewhere(text))
        return [text];
    const inJson = (value) => JSON.stringify(value).slice(1, -1);
    return [...new Set([inJson(text), inJson(text.replaceAll('~', '~0').replaceAll('/', '~1')), inJson(terraformQuoted(text))])];
};
/** A lone surrogate (half of a pair): JSON.stringify escapes it alone, not where its other half follows in a longer string. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Bytes of a form the byte search hashes: a shift-xor hash of the last four bytes (older ones are shifted out), so few places of a text look like the start of one. */
const HASHED_BYTES = 4;
const BYTE_SHIFT = 6;
const BYTE_HASH_MASK = (1 << (HASHED_BYTES * BYTE_SHIFT)) - 1;
/** Slots of the table of forms by hash (a form's slot is the low bits of its hash; a slot's forms are chained). */
const FORM_SLOTS = 1 << 16;
/** The hash of the HASHED_BYTES bytes from `at` (the same as the shift-xor of them one by one). */
const bytesHashAt = (bytes, at) => ((bytes[at] << (3 * BYTE_SHIFT)) ^ (bytes[at + 1] << (2 * BYTE_SHIFT)) ^ (bytes[at + 2] << BYTE_SHIFT) ^ bytes[at + 3]) & BYTE_HASH_MASK;
/** Whether bytes[start, end) contain one of `forms` (see whereFormsInBytes). */
function findsFormsInBytes(forms) {
    const where = whereFormsInBytes(forms);
    return (bytes, start, end) => where(bytes, start, end) !== -1;
}
/**
 * Where in bytes[start, end) one of `forms` (each HASHED_BYTES or more in UTF-8) starts, or -1, found by a hash of
 * their first bytes: a bit set of where forms start, then the forms starting so compared byte by byte.
 * The forms are kept in one buffer and typed arrays: a plan's secrets have a hundred thousand forms.
 *
 * When every form is longer than HASHED_BYTES, only every `stride`-th place is hashed (stride: the
 * shortest form's length less HASHED_BYTES, plus one): a form found anywhere covers one of them with
 * one of its first `stride` groups of HASHED_BYTES bytes, which a second bit set holds; only where it
 * does are the places just before compared as above. Ten-character secrets make this 3-4 times faster.
 */
function whereFormsInBytes(forms) {
    let capacity = 0;
    for (const form of forms)
        capacity += form.length * 3;
    const encoded = Buffer.allocUnsafe(capacity);
    const offsets = new Int32Array(forms.length + 1);
    const hashes = new Int32Array(forms.length);
    const next = new Int32Array(forms.length);
    const firsts = new Int32Array(FORM_SLOTS).fill(-1);
    const buckets = new Uint32Array((BYTE_HASH_MASK + 1) >>> 5);
    let shortest = Infinity;
    // Encoded in one go (a plan's secrets have a hundred thousand forms); when that is all ASCII each form takes as many bytes as characters.
    const joined = forms.join('');
    const ascii = encoded.write(joined) === joined.length;
    for (let form = 0, used = 0; form < forms.length; form++) {
        offsets[form] = used;
        used += ascii ? forms[form].length : encoded.write(forms[form], used);
        offsets[form + 1] = used;
        shortest = Math.min(shortest, used - offsets[form]);
        const hash = bytesHashAt(encoded, offsets[form]);
        buckets[hash >>> 5] |= 1 << (hash & 31);
        hashes[form] = hash;
        next[form] = firsts[hash & (FORM_SLOTS - 1)];
        firsts[hash & (FORM_SLOTS - 1)] = form;
    }
    const formAt = (bytes, from, end, hash) => {
        for (let form = firsts[hash & (FORM_SLOTS - 1)]; form >= 0; form = next[form]) {
            const length = offsets[form + 1] - offsets[form];
            if (hashes[form] !== hash || from + length > end)
                continue;
            let index = 0;
            while (index < length && bytes[from + index] === encoded[offsets[form] + index])
                index++;
            if (index === length)
                return true;
        }
        return false;
    };
    const startsAt = (bytes, from, end) => {
        const hash = bytesHashAt(bytes, from);
        return (buckets[hash >>> 5] & (1 << (hash & 31))) !== 0 && formAt(bytes, from, end, hash);
    };
    if (shortest < HASHED_BYTES)
        throw new Error(`whereFormsInBytes was given a form shorter than ${HASHED_BYTES} bytes`);
    const stride = forms.length === 0 ? 1 : shortest - HASHED_BYTES + 1;
    // A step of one: rolling the hash on reads each place once (the strided loop would hash it twice).
    if (stride === 1) {
        return (bytes, start, end) => {
            // The hash of the last HASHED_BYTES bytes, rolled on a byte at a time.
            let hash = 0;
            for (let index = start; index < end; index++) {
                hash = ((hash << BYTE_SHIFT) ^ bytes[index]) & BYTE_HASH_MASK;
                if ((buckets[hash >>> 5] & (1 << (hash & 31))) !== 0 && index + 1 - HASHED_BYTES >= start && formAt(bytes, index + 1 - HASHED_BYTES, end, hash))
                    return index + 1 - HASHED_BYTES;
            }
            return -1;
        };
    }
    const groups = new Uint32Array((BYTE_HASH_MASK + 1) >>> 5);
    for (let form = 0; form < forms.length; form++) {
        for (let at = offsets[form]; at < offsets[form] + stride; at++) {
            const hash = bytesHashAt(encoded, at);
            groups[hash >>> 5] |= 1 << (hash & 31);
        }
    }
    return (bytes, start, end) => {
        for (let at = start; at + HASHED_BYTES <= end; at += stride) {
            const hash = bytesHashAt(bytes, at);
            if ((groups[hash >>> 5] & (1 << (hash & 31))) === 0)
                continue;
            for (let from = Math.max(start, at - stride + 1); from <= at; from++)
                if (startsAt(bytes, from, end))
                    return from;
        }
        return -1;
    };
}
/**
 * Whether the JSON text of a change (JSON.stringify of it, as UTF-8) may hold what findsSecrets(`secrets`, `minEmbedded`)
 * finds in one of its strings, map keys, path tokens or instance keys: false only where
 * unmarkedSecretScrubber(findsSecrets(\u2026)) would change nothing, so a change already rendered need not be parsed
 * again to be scrubbed. JSON, JSON pointers, Terraform's quoting and UTF-8 encode a string character by
 * character, so a form inside a string is its encoded form inside the text; a form that cannot be looked for
 * so (shorter than the hash, or with a lone surrogate) makes every text "may".
 *
 * Except an address whose instance keys hold quoting (hasQuotedInstanceKey): the scrubber reads such a key
 * back (terraformUnquoted), and what it reads back need not be in its text \u2014 a `\u` escape stands for any
 * character (Terraform writes one for a character Go's Unicode tables call unprintable; a forged plan may
 * escape any), and a forged key may double one `${` of a secret and not another. The caller treats such a
 * change as "may" itself: looking for every escape here would make the search look at every place of every line.
 */
function mayHoldSecretsInJson(secrets, minEmbedded = MIN_EMBEDDED_LENGTH) {
    const where = whereSecretsMayBeInJson(secrets, minEmbedded);
    return (json, start, end) => where(json, start, end) !== -1;
}
/** Where in bytes[start, end) of JSON text mayHoldSecretsInJson finds what may be a secret (`start` when it cannot tell), or -1. */
function whereSecretsMayBeInJson(secrets, minEmbedded = MIN_EMBEDDED_LENGTH) {
    // What findsSecrets looks for: a long secret's embedded forms, a short one only as a whole string.
    const long = [];
    const candidates = [];
    for (const secret of secrets) {
        if (secret.length < Math.max(minEmbedded, HASHED_UNITS))
            candidates.push(secret);
        else
            long.push(secret);
    }
    for (const secretForms of embeddedFormsOfAll(long))
        for (const form of secretForms)
            candidates.push(form);
    // Most forms are ASCII, as many bytes as characters: only when some are not is each measured.
    const joined = candidates.join('');
    const ascii = Buffer.byteLength(joined) === joined.length;
    const forms = [];
    for (const form of candidates) {
        const bytes = ascii ? form.length : Buffer.byteLength(form);
        // A lone surrogate is written in three bytes: an ASCII form (as many bytes as characters) holds none.
        if (bytes < HASHED_BYTES || (bytes !== form.length && LONE_SURROGATE.test(form)))
            return (_json, start) => start;
        if (escapedSomewhere(form))
            (0,arrays/* appendAll */.u2)(forms, jsonTextForms(form));
        else
            forms.push(form);
    }
    return whereFormsInBytes(forms);
}
/** What Terraform's quoting of an instance key can change: an escape, or a doubled `$` or `%`. */
const QUOTING = /\\|\$\$\{|%%\{/;
/**
 * Whether a change's address or previous address holds what the scrubber reads an instance key back
 * from (QUOTING: its rule, not a copy of it), which mayHoldSecretsInJson does not look into.
 */
const hasQuotedInstanceKey = (change) => QUOTING.test(change.address) || (change.previous_address !== undefined && QUOTING.test(change.previous_address));
/** How many keys a scrubber remembers the answer for: a plan's keys are mostly the same few attribute names. */
const MAX_KEYS_REMEMBERED = 100_000;
/** A string instance key of a resource address, `["\u2026"]`, quoted as Terraform quotes it. */
const INSTANCE_KEY = /\["((?:[^"\\]|\\.)*)"\]/g;
/**
 * Terraform does not always carry sensitivity along: `terraform_data.output` copies a sensitive
 * `input` without marking it, so the same secret shows up unmarked elsewhere in the plan, also inside
 * longer strings built from that output (a connection string, a jsonencode'd policy). Any string
 * holding a secret met anywhere in the changes (changed or not; see findsSecrets) is masked too: in
 * the fields, the outputs and the attributes severity rules read, and as a key in an address or a
 * field's path. `holdsSecret` is findsSecrets(the plan's secrets); the scrubber is made once per plan.
 */
function unmarkedSecretScrubber(holdsSecret) {
    // A map's keys as well as its values: a map keyed by a secret (for_each over it) holds it as much.
    const leaks = (value) => {
        if (typeof value === 'string')
            return holdsSecret(value);
        if (typeof value !== 'object' || value === null)
            return false;
        const isMap = !Array.isArray(value);
        for (const key in value)
            if ((isMap && keyHoldsSecret(key)) || leaks(value[key]))
                return true;
        return false;
    };
    const scrub = (entry) => {
        if (leaks(entry.before))
            Object.assign(entry, { before: markers/* SENSITIVE */.N, sensitive: true });
        if (leaks(entry.after))
            Object.assign(entry, { after: markers/* SENSITIVE */.N, sensitive: true });
    };
    // Keys (address instance keys, path steps, map keys) repeat across a plan's changes: each is looked at once (up to a bound).
    const keyHolds = new Map();
    const keyHoldsSecret = (key) => {
        let holds = keyHolds.get(key);
        if (holds === undefined) {
            holds = holdsSecret(key);
            if (keyHolds.size < MAX_KEYS_REMEMBERED)
                keyHolds.set(key, holds);
        }
        return holds;
    };
    // A key can hold one too (`for_each` over it, a map keyed by it): the address and the path keep their shape.
    const scrubKey = (key) => (keyHoldsSecret(key) ? markers/* SENSITIVE */.N : key);
    // Read step by step, without building the steps of the many paths that hold none.
    const pathHoldsSecret = (path) => {
        for (let start = 1, end = 0; start <= path.length; start = end + 1) {
            end = path.indexOf('/', start);
            if (end < 0)
                end = path.length;
            const token = path.slice(start, end);
            if (keyHoldsSecret(token.includes('~') ? token.replaceAll('~1', '/').replaceAll('~0', '~') : token))
                return true;
        }
        return false;
    };
    // A key as written (a long secret is found in its escaped forms too) and as the key it stands for (a short one only as a whole).
    const instanceKeyHoldsSecret = (quoted) => keyHoldsSecret(quoted) || (QUOTING.test(quoted) && keyHoldsSecret(terraformUnquoted(quoted)));
    // Each `["` up to the next unquoted `"`: every key INSTANCE_KEY finds, and perhaps more (scrubAddress then goes by INSTANCE_KEY), without its match arrays.
    const addressHoldsSecret = (address) => {
        for (let open = address.indexOf('["'); open !== -1; open = address.indexOf('["', open + 1)) {
            let close = open + 2;
            while (close < address.length && address[close] !== '"')
                close += address[close] === '\\' ? 2 : 1;
            if (instanceKeyHoldsSecret(address.slice(open + 2, close)))
                return true;
        }
        return false;
    };
    // Most addresses hold no secret: they are left as they are, not rebuilt (a plan has hundreds of thousands).
    const scrubAddress = (address) => {
        if (!address.includes('["') || !addressHoldsSecret(address))
            return address;
        return address.replace(INSTANCE_KEY, (key, quoted) => (instanceKeyHoldsSecret(quoted) ? `["${markers/* SENSITIVE */.N}"]` : key));
    };
    const change = (change) => {
        change.address = scrubAddress(change.address);
        if (change.previous_address)
            change.previous_address = scrubAddress(change.previous_address);
        for (const field of change.fields)
            if (pathHoldsSecret(field.path))
                field.path = (0,json_pointer/* pointerFromSteps */.x)((0,json_pointer/* stepsFromPointer */.nd)(field.path).map(scrubKey));
        change.fields.forEach(scrub);
        // The unchanged values severity rules read are in the report too.
        const attributes = change.attributes;
        if (attributes)
            for (const path in attributes)
                if (leaks(attributes[path]))
                    attributes[path] = markers/* SENSITIVE */.N;
    };
    return { change, output: scrub };
}


/***/ }),

/***/ 2848:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FP: () => (/* binding */ SOPS_ENCRYPTED_VALUE),
/* harmony export */   Xq: () => (/* binding */ scanPlaintext),
/* harmony export */   hK: () => (/* binding */ holdsSecret)
/* harmony export */ });
/* unused harmony export shannonEntropy */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);

/** Bits of Shannon entropy per character. */
function shannonEntropy(text) {
    const counts = new Map();
    for (const char of text)
        counts.set(char, (counts.get(char) ?? 0) + 1);
    let bits = 0;
    for (const count of counts.values()) {
        const share = count / text.length;
        bits -= share * Math.log2(share);
    }
    return bits;
}
/**
 * A SOPS-encrypted value; never a plaintext secret. SOPS's AES-GCM uses a 32-byte IV and a 16-byte tag
 * (aes/cipher.go), base64 with padding: anything shorter is no SOPS ciphertext (`data:` holding base64 plaintext).
 */
const SOPS_ENCRYPTED_VALUE = /^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/]{43}=,tag:[A-Za-z0-9+/]{22}==,type:(?:str|int|float|bool|bytes|time|comment)\]$/;
/** Values that name a secret rather than hold one: references, templates, placeholders. */
const REFERENCE = /^(?:\$\{|\$\(|\{\{|<|%\(|\(sensitive\)$|vault:|ref\+|arn:aws:secretsmanager:)/;
/** SOPS's default `unencrypted_suffix`: it keeps a value in clear, and says nothing of what the value is. */
const SOPS_CLEAR_SUFFIX = '_unencrypted';
/** A key as the key rules judge it: `password_unencrypted` (SOPS leaves it in clear) is still a password. */
const judgedKey = (key, clearSuffixes) => {
    const suffix = [SOPS_CLEAR_SUFFIX, ...clearSuffixes].find((each) => each !== '' && key.endsWith(each) && key.length > each.length);
    return suffix === undefined ? key : key.slice(0, -suffix.length);
};
function keyRuleMatches(rule, key, value) {
    if (!rule.key?.test(key))
        return false;
    if (value === '' || SOPS_ENCRYPTED_VALUE.test(value) || REFERENCE.test(value))
        return false;
    if (rule.value && !rule.value.test(value))
        return false;
    if (rule.minEntropy !== undefined) {
        // A random secret mixes letters with digits or both cases; lower-case words joined by dashes (a name) do not.
        const mixed = /[A-Za-z]/.test(value) && (/\d/.test(value) || (/[a-z]/.test(value) && /[A-Z]/.test(value)));
        if (value.length < rule.minLength || !mixed)
            return false;
        if (shannonEntropy(value) < rule.minEntropy)
            return false;
    }
    return true;
}
const LINE_KEY_VALUE = /^\s*(?:export\s+|-\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([^\s"',;#]*)/;
const YAML_FILE = /\.(?:ya?ml|json)$/i;
const MENTIONS_SECRET_KIND = /["']?\bkind["']?\s*:\s*["']?Secret\b(?![-.\w])/;
const plaintextMessage = (file, line, rule) => `${file}:${line}: ${rule.description} in plaintext (rule ${rule.id}); remove it, rotate it, and keep it encrypted (SOPS, git-crypt, a SealedSecret or an external secret store), or list the path in secrets.allow if it is a test fixture.`;
function scanLines(file, lines, rules, found, clearSuffixes = []) {
    lines.forEach((text, index) => {
        const line = index + 1;
        const pair = LINE_KEY_VALUE.exec(text);
        for (const rule of rules) {
            if (rule.pattern ? rule.pattern.test(text) : pair !== null && keyRuleMatches(rule, judgedKey(pair[1], clearSuffixes), pair[2]))
                found(line, rule.id, plaintextMessage(file, line, rule));
        }
    });
}
/**
 * A run of base64 (standard or URL-safe) long enough to hold a token: 24 characters are 18 bytes. A
 * longer run is taken 4096 characters at a time (whole base64 quanta, so each piece decodes as the
 * run would), which also keeps V8's backtracking stack small on an endless line.
 */
const BASE64_RUN = /[A-Za-z0-9+/_-]{24,4096}={0,2}/g;
/** Text base64 hides in a line, by the pattern rules: a token encoded once is still the token. Binary (an image) is left alone. */
function scanEncodedLines(file, lines, patterns, skipped, found) {
    lines.forEach((text, index) => {
        const line = index + 1;
        if (skipped.has(line))
            return;
        for (const [run] of text.matchAll(BASE64_RUN)) {
            const decoded = Buffer.from(run, 'base64');
            const printable = decoded.reduce((count, byte) => count + (byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte <= 0x7e) ? 1 : 0), 0);
            if (printable < decoded.length * 0.9)
                continue;
            const plain = decoded.toString('latin1');
            for (const rule of patterns) {
                if (rule.pattern.test(plain))
                    found(line, rule.id, plaintextMessage(file, line, { ...rule, description: `${rule.description}, base64-encoded,` }));
            }
        }
    });
}
const keyOf = (pair) => ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(pair.key) ? String(pair.key.value) : undefined);
/** Where a kind keeps encrypted values: never judged as plaintext. */
const ENCRYPTED_FIELDS = { SealedSecret: ['spec', 'encryptedData'] };
/**
 * Parsed YAML/JSON strings are checked too: a value folded, quoted or escaped across lines
 * (`"ghp_\u2026\` + newline + `\u2026"`) is whole only once parsed. Returns whether every document parsed.
 */
function scanParsed(file, text, rules, found, clearSuffixes) {
    const lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    const documents = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseAllDocuments */ .hR)(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
    const documentList = Array.isArray(documents) ? documents : [documents];
    const lineOf = (offset) => (offset === undefined ? 0 : lineCounter.linePos(offset).line);
    let document;
    /** `where` is the node the value is written at: an alias (`password: *seed`) for a value anchored under an innocent key. */
    const visitScalar = (value, key, where) => {
        if (typeof value !== 'string')
            return;
        const [start, , end] = where.range ?? [undefined, undefined, undefined];
        for (const rule of rules) {
            if (rule.pattern ? rule.pattern.test(value) : key !== undefined && keyRuleMatches(rule, judgedKey(key, clearSuffixes), value))
                found(lineOf(start), rule.id, plaintextMessage(file, lineOf(start), rule), lineOf(end));
        }
    };
    const visit = (node, key, skip = []) => {
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node)) {
            const target = document && node.resolve(document);
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(target))
                visitScalar(target.value, key, node);
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(node))
            visitScalar(node.value, key, node);
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
            const kindPair = node.items.find((pair) => keyOf(pair) === 'kind');
            const kind = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(kindPair?.value) ? String(kindPair.value.value) : undefined;
            if (kind === 'Secret') {
                for (const pair of node.items) {
                    const name = keyOf(pair);
                    if (name !== 'data' && name !== 'stringData')
                        continue;
                    // An alias (`data: *shared`) counts as data: what it points to is a map of values somewhere in the file.
                    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(pair.value) || ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(pair.value) && pair.value.items.some((entry) => (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(entry.value) || ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(entry.value) && String(entry.value.value ?? '') !== '')))) {
                        const line = lineOf(pair.key.range?.[0]);
                        found(line, 'kubernetes-secret-plaintext', `${file}:${line}: a Kubernetes Secret with ${name} in plaintext (base64 is not encryption); encrypt it with SOPS, or replace it with a SealedSecret or an ExternalSecret.`);
                    }
                }
            }
            const encrypted = kind === undefined ? skip : (ENCRYPTED_FIELDS[kind] ?? skip);
            // `{ name: DB_PASSWORD, value: \u2026 }` (a container's env, an ECS task's environment): the name says what the value is.
            const namePair = node.items.find((pair) => keyOf(pair) === 'name');
            const valueName = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(namePair?.value) && typeof namePair.value.value === 'string' ? namePair.value.value : undefined;
            for (const pair of node.items) {
                const name = keyOf(pair);
                if (encrypted.length === 1 && encrypted[0] === name)
                    continue;
                visit(pair.value, name === 'value' && valueName !== undefined ? valueName : name, encrypted[0] === name ? encrypted.slice(1) : []);
            }
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node))
            for (const item of node.items)
                visit(item, key);
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isPair */ .tO)(node))
            visit(node.value, undefined);
    };
    let parsed = true;
    for (document of documentList) {
        if (document.errors.length) {
            parsed = false;
            continue;
        }
        const root = document.contents;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(root) && root.items.some((pair) => keyOf(pair) === 'sops')) {
            // A SOPS-encrypted document: its values are checked against .sops.yaml, and its metadata holds no secret.
            for (const pair of root.items)
                if (keyOf(pair) !== 'sops')
                    visit(pair.value, keyOf(pair));
        }
        else
            visit(root, undefined);
    }
    return parsed;
}
/** Without a parse (a Helm template, a broken file): `kind: Secret` and a `data:` or `stringData:` entry holding a literal value. */
function scanUnparsedSecret(file, lines, found) {
    if (!lines.some((line) => MENTIONS_SECRET_KIND.test(line)))
        return;
    lines.forEach((text, index) => {
        const block = /^(\s*)["']?(data|stringData)["']?\s*:\s*(.*)$/.exec(text);
        if (!block)
            return;
        const inline = block[3].trim();
        const next = lines[index + 1] ?? '';
        const literal = inline.startsWith('{') ? /:\s*["']?[^\s{"'}]/.test(inline) && !inline.includes('{{', 1) : inline === '' && /^\s+["']?[\w.-]+["']?\s*:\s*["']?[^\s{"']/.test(next) && !next.includes('{{');
        if (literal)
            found(index + 1, 'kubernetes-secret-plaintext', `${file}:${index + 1}: a Kubernetes Secret with ${block[2]} in plaintext (base64 is not encryption); encrypt it with SOPS, or replace it with a SealedSecret or an ExternalSecret.`);
    });
}
/**
 * Plaintext secrets in one text file: every rule on every line, and on parsed YAML/JSON values.
 * `clearSuffixes`: a SOPS file's `unencrypted_suffix`, left off a key before the key rules judge it.
 */
function scanPlaintext(file, text, rules, clearSuffixes = []) {
    const findings = [];
    const seen = new Set();
    // A value spanning lines is reported once: at the line the line scan saw it, else where it starts.
    const found = (line, rule, message, lastLine = line) => {
        for (let each = line; each <= lastLine; each++)
            if (seen.has(`${rule}\0${each}`))
                return;
        seen.add(`${rule}\0${line}`);
        findings.push({ file, line, rule, severity: 'critical', message });
    };
    const lines = text.split(/\r?\n/);
    const patterns = rules.filter((rule) => rule.pattern);
    const keyRules = rules.filter((rule) => !rule.pattern);
    scanLines(file, lines, patterns, found);
    scanEncodedLines(file, lines, patterns, new Set(findings.map((finding) => finding.line)), found);
    const yamlLike = YAML_FILE.test(file) || MENTIONS_SECRET_KIND.test(text);
    const parsed = yamlLike && scanParsed(file, text, rules, found, clearSuffixes);
    if (!parsed)
        scanLines(file, lines, keyRules, found, clearSuffixes);
    if (yamlLike && !parsed)
        scanUnparsedSecret(file, lines, found);
    // A specific rule says more than "high entropy" about the same line.
    const specific = new Set(findings.filter((finding) => patterns.some((rule) => rule.id === finding.rule)).map((finding) => finding.line));
    return findings
        .filter((finding) => !(specific.has(finding.line) && keyRules.some((rule) => rule.id === finding.rule && rule.minEntropy !== undefined)))
        .sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}
/**
 * Whether one configuration entry (a ConfigMap key and its value) holds a secret by the rules: the
 * entry as a key and value, and each line of the value as a line of a file (`.env`, `credentials`):
 * also a one-line file, or the lines of a file a diff shows.
 */
function holdsSecret(key, value, rules) {
    if (rules.some((rule) => (rule.pattern ? rule.pattern.test(value) : keyRuleMatches(rule, key, value))))
        return true;
    let found = false;
    scanLines(key, value.split(/\r?\n/), rules, () => (found = true));
    return found;
}


/***/ }),

/***/ 2560:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DM: () => (/* binding */ compileRegExp),
/* harmony export */   Gl: () => (/* binding */ mergeSecretRules),
/* harmony export */   WF: () => (/* binding */ allowedPathMatcher),
/* harmony export */   e$: () => (/* binding */ SecretRulesFile),
/* harmony export */   o4: () => (/* binding */ compiledDefaultSecretRules),
/* harmony export */   tK: () => (/* binding */ compileSecretRules)
/* harmony export */ });
/* unused harmony exports SecretRule, defaultSecretRules */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var re2js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2856);
/* harmony import */ var js_yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3243);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2857);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _severity_glob_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4523);






/**
 * A regular expression from outside (`.sops.yaml`, a SOPS file's metadata, `secrets.rules`), compiled
 * with RE2 as SOPS (Go) does: matching takes linear time, so a pattern a pull request writes
 * (`^(a+)+$`) cannot hang the job the way a backtracking engine would. RE2 syntax: `(?i)` and the
 * like, no lookarounds or backreferences. Throws a UserError naming `where` when it does not compile.
 */
function compileRegExp(source, where) {
    try {
        const pattern = re2js__WEBPACK_IMPORTED_MODULE_2__/* .RE2JS */ .L3.compile(source);
        return { test: (text) => pattern.test(text) };
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${where} is not a valid regular expression (${error.message.replace(/^Invalid regular expression: /, '')}); fix it.`);
    }
}
const regexSource = zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1);
const SecretRule = zod__WEBPACK_IMPORTED_MODULE_4__/* .object */ .Ikc({
    id: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().regex(/^[a-z0-9][a-z0-9.-]*$/, 'rule ids are lower-case letters, digits, . and -'),
    description: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1),
    pattern: regexSource.optional(),
    key: regexSource.optional(),
    value: regexSource.optional(),
    min_entropy: zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig().positive().optional(),
    min_length: zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig().int().min(1).default(1),
})
    .strict()
    .refine((rule) => (rule.pattern === undefined) !== (rule.key === undefined), { message: 'a rule has either `pattern` or `key` (with `value` and/or `min_entropy`)' })
    .refine((rule) => rule.key === undefined || rule.value !== undefined || rule.min_entropy !== undefined, { message: 'a `key` rule also needs `value` or `min_entropy`' });
const SecretRulesFile = zod__WEBPACK_IMPORTED_MODULE_4__/* .object */ .Ikc({ rules: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(SecretRule) }).strict();
function compileSecretRules(rules, label) {
    const ids = new Set();
    return rules.map((rule) => {
        if (ids.has(rule.id))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`${label}: the secret rule id ${rule.id} is used twice; give each rule its own id.`);
        ids.add(rule.id);
        const compile = (source, field) => (source === undefined ? undefined : compileRegExp(source, `${label}: ${field} of secret rule ${rule.id}`));
        return {
            id: rule.id,
            description: rule.description,
            pattern: compile(rule.pattern, 'pattern'),
            key: compile(rule.key, 'key'),
            value: compile(rule.value, 'value'),
            minEntropy: rule.min_entropy,
            minLength: rule.min_length,
        };
    });
}
let cached;
/** The plaintext-secret rules shipped with gitops-sync (`default-secret-rules.yaml`, bundled beside the code). */
function defaultSecretRules() {
    cached ??= SecretRulesFile.parse((0,js_yaml__WEBPACK_IMPORTED_MODULE_1__/* .load */ .Hh)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(new URL(/* asset import */ __webpack_require__(977), __webpack_require__.b), 'utf8'))).rules;
    return cached;
}
/** The built-in rules then the extra ones; an extra rule with a built-in id replaces it. */
function mergeSecretRules(extra) {
    const replaced = new Set(extra.map((rule) => rule.id));
    return [...defaultSecretRules().filter((rule) => !replaced.has(rule.id)), ...extra];
}
/** `secrets.allow`: path globs (relative to the repository root; `**` crosses folders) whose plaintext-secret findings are allowed. */
function allowedPathMatcher(globs) {
    const patterns = globs.map((glob) => (0,_severity_glob_js__WEBPACK_IMPORTED_MODULE_5__/* .globToRegExp */ .tL)(glob.replace(/^\.?\//, ''), { pathGlobstar: true }));
    return (path) => patterns.some((pattern) => pattern.test(path));
}
let compiledDefaults;
/** The built-in rules, compiled once. */
function compiledDefaultSecretRules() {
    compiledDefaults ??= compileSecretRules(defaultSecretRules(), 'the built-in secret rules');
    return compiledDefaults;
}


/***/ }),

/***/ 2934:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ defaultRules)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);

let cached;
/**
 * The rules shipped with gitops-sync: `default-rules.yaml`, as `default-rules.validated.json` (bundled beside
 * the code) holds them once validated. scripts/write-schemas.ts writes that file at every build and a
 * test checks it is current: reading and validating the YAML took 30-35 ms of every analysis's start
 * (js-yaml and zod running cold), the JSON takes 1 ms.
 */
function defaultRules() {
    cached ??= JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(new URL(/* asset import */ __webpack_require__(2969), __webpack_require__.b), 'utf8'));
    return cached;
}


/***/ }),

/***/ 5227:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  O: () => (/* binding */ SeverityEngine)
});

// EXTERNAL MODULE: ./packages/core/src/model/report.ts
var report = __webpack_require__(5781);
// EXTERNAL MODULE: ./packages/core/src/model/markers.ts
var markers = __webpack_require__(2788);
// EXTERNAL MODULE: ./packages/core/src/diff/json-pointer.ts
var json_pointer = __webpack_require__(1491);
// EXTERNAL MODULE: ./packages/core/src/model/sources.ts
var sources = __webpack_require__(9497);
;// CONCATENATED MODULE: ./packages/core/src/severity/cidr-change.ts
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
function ipv4(text) {
    const octets = IPV4.exec(text)?.slice(1).map(Number);
    if (!octets || octets.some((octet) => octet > 255))
        return undefined;
    return octets.reduce((value, octet) => (value << 8n) | BigInt(octet), 0n);
}
function ipv6(text) {
    const halves = text.split('::');
    if (halves.length > 2)
        return undefined;
    const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
    // An embedded IPv4 tail (::ffff:10.0.0.1) is two groups.
    const last = groups[groups.length - 1];
    const tail = last.length ? ipv4(last[last.length - 1]) : undefined;
    if (tail !== undefined)
        last.splice(-1, 1, (tail >> 16n).toString(16), (tail & 0xffffn).toString(16));
    const count = groups.reduce((sum, half) => sum + half.length, 0);
    if (halves.length === 1 ? count !== 8 : count > 7)
        return undefined;
    const all = halves.length === 1 ? groups[0] : [...groups[0], ...Array(8 - count).fill('0'), ...groups[1]];
    let value = 0n;
    for (const group of all) {
        if (!/^[0-9a-fA-F]{1,4}$/.test(group))
            return undefined;
        value = (value << 16n) | BigInt(parseInt(group, 16));
    }
    return value;
}
/** `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a /32 or /128); undefined for anything else (a security group id, a tag). */
function parseCidr(text) {
    if (typeof text !== 'string')
        return undefined;
    const [address, prefixText, extra] = text.trim().split('/');
    if (extra !== undefined)
        return undefined;
    const family = address.includes(':') ? 6 : 4;
    const value = family === 4 ? ipv4(address) : ipv6(address);
    const bits = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (value === undefined || !(prefix >= 0 && prefix <= bits))
        return undefined;
    const hostBits = BigInt(bits - prefix);
    return { family, network: (value >> hostBits) << hostBits, prefix };
}
/**
 * Ranges by family and prefix length, so whether a range lies inside one of them takes one lookup
 * per prefix length present, not one comparison per range (a security group may list thousands).
 */
function rangeIndex(ranges) {
    const byPrefix = new Map();
    for (const { family, network, prefix } of ranges) {
        const key = `${family}/${prefix}`;
        let networks = byPrefix.get(key);
        if (!networks)
            byPrefix.set(key, (networks = new Set()));
        networks.add(network);
    }
    const prefixes = [...byPrefix.keys()].map((key) => key.split('/').map(Number));
    return (inner) => prefixes.some(([family, prefix]) => {
        if (family !== inner.family || prefix > inner.prefix)
            return false;
        const hostBits = BigInt((family === 4 ? 32 : 128) - prefix);
        return byPrefix.get(`${family}/${prefix}`).has((inner.network >> hostBits) << hostBits);
    });
}
/**
 * The ranges in a value: the items of a list (a field may hold the whole list), and of a string the
 * comma- or space-separated ranges in it (`service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8,0.0.0.0/0"`).
 */
const rangesIn = (value) => (Array.isArray(value) ? value : [value]).flatMap((item) => (typeof item === 'string' ? item.split(/[\s,]+/) : [item]));
/**
 * Whether `to` admits addresses none of the `from` ranges does: `opened` when it admits any address,
 * `widened` otherwise; undefined when it admits nothing new or holds no address range. A range
 * inside another one of `from` is not wider, so a set that only narrows or reorders is undefined.
 * Parses `from` once, for judging many values against the same ranges.
 */
function cidrClassifier(from) {
    const isKnown = rangeIndex(from.flatMap(rangesIn).map(parseCidr).filter((cidr) => cidr !== undefined));
    return (to) => {
        let result;
        for (const text of rangesIn(to)) {
            const cidr = parseCidr(text);
            if (!cidr || isKnown(cidr))
                continue;
            if (cidr.prefix === 0)
                return 'opened';
            result = 'widened';
        }
        return result;
    };
}
const classifyCidrChange = (from, to) => cidrClassifier(from)(to);

// EXTERNAL MODULE: ./packages/core/src/severity/glob.ts
var glob = __webpack_require__(4523);
;// CONCATENATED MODULE: ./packages/core/src/severity/image-change.ts
/** `[registry/]repository[:tag][@digest]`; Docker's rule: the first segment is a registry when it has a `.` or `:` or is localhost. */
function parseImage(reference) {
    const [name, digest] = reference.split('@', 2);
    const slash = name.indexOf('/');
    const first = slash < 0 ? '' : name.slice(0, slash);
    const isRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
    const rest = isRegistry ? name.slice(slash + 1) : name;
    const colon = rest.lastIndexOf(':');
    const registry = isRegistry ? (DOCKER_HUB_NAMES.has(first) ? 'docker.io' : first) : 'docker.io';
    const repository = colon < 0 ? rest : rest.slice(0, colon);
    const tag = colon < 0 ? undefined : rest.slice(colon + 1);
    // Docker Hub's official images: `nginx` is `library/nginx`.
    return { registry, repository: registry === 'docker.io' && !repository.includes('/') ? `library/${repository}` : repository, tag, digest };
}
/** Names of Docker Hub as image references spell it. */
const DOCKER_HUB_NAMES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** Undefined when either side is not an image reference or nothing but the tag's text is the same. */
function classifyImageChange(before, after) {
    if (typeof before !== 'string' || typeof after !== 'string' || !before || !after || before === after)
        return undefined;
    const from = parseImage(before);
    const to = parseImage(after);
    // No tag and no digest is the mutable `latest`: off any pin.
    if ((from.digest && !to.digest) || ((from.digest || from.tag) && !to.digest && !to.tag))
        return 'unpinned';
    // Another repository is another publisher's image, as another registry is: a tag bump never moves it.
    if (from.registry !== to.registry || from.repository !== to.repository)
        return 'registry';
    // `repo@sha256:a` \u2192 `repo:1.4@sha256:b`: the tag text is no reason to read it as a tag change.
    if (from.digest && to.digest && from.digest !== to.digest)
        return 'digest';
    return 'tag';
}

;// CONCATENATED MODULE: ./packages/core/src/severity/engine.ts






/** Higher is more severe. */
const RANK = Object.fromEntries(report/* SEVERITIES */.oC.map((severity, index) => [severity, report/* SEVERITIES */.oC.length - index]));
const judgesValues = ({ match }) => match.after !== undefined || match.before !== undefined || match.image_change !== undefined || match.cidr_change !== undefined;
const judgesFields = ({ rule }) => rule.match.path !== undefined || rule.match.sensitive !== undefined || judgesValues(rule);
/** A rule about what runs now: it judges the values of a change made outside Git. */
const judgesLiveSide = ({ rule }) => rule.match.origin === 'outside' && judgesValues(rule);
/**
 * `id` stored one byte per character. V8 keeps strings cut from a YAML file with any non-ASCII
 * character in it (a user's rules in gitops-sync.yaml may have some) two bytes per character, ASCII or not;
 * every change carries its rule's id, and one such id made every report line holding it two-byte too:
 * twice the memory, converted again whenever lines are joined (0.1 s of a 50 MB plan's drift-detect).
 * JSON.parse makes ASCII strings one-byte.
 */
const compactId = (id) => JSON.parse(JSON.stringify(id));
/** A value `where` reads as text; a number beyond a double's range (a plan's `1e400`) is none: the JSON report holds null there, and a change read back from it must be judged the same. */
const isScalar = (value) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean';
/** The value at `steps` below a field's side; a marker on the way (a hidden object) stands for all below it. */
function below(value, steps) {
    let node = value;
    for (const step of steps) {
        if (node === markers/* SENSITIVE */.N || node === markers/* KNOWN_AFTER_APPLY */.A)
            return node;
        node = typeof node === 'object' && node !== null ? node[step] : undefined;
    }
    return node;
}
/**
 * The texts the resource's attribute at `path` has: from the change's field when it (or an object
 * holding it, e.g. one that changed shape) changed, else from its unchanged attributes; `hidden`
 * when a side is sensitive or only known after apply.
 */
function attributeTexts(change, path) {
    const field = change.fields.find((candidate) => candidate.path === path || path.startsWith(`${candidate.path}/`));
    const steps = field && field.path !== path ? (0,json_pointer/* stepsFromPointer */.nd)(path.slice(field.path.length)) : [];
    const values = field ? [below(field.before, steps), below(field.after, steps)] : [change.attributes?.[path]];
    const hidden = values.some((value) => value === markers/* SENSITIVE */.N || value === markers/* KNOWN_AFTER_APPLY */.A);
    return { texts: values.filter((value) => isScalar(value) && value !== markers/* SENSITIVE */.N && value !== markers/* KNOWN_AFTER_APPLY */.A).map(String), hidden };
}
const wherePatterns = new WeakMap();
/**
 * `equals`: a side is known to match. `not_equals`: a side is not known to match. On a value not known
 * (sensitive, masked as a copy of a secret, known only after apply) either holds as `mayHold` says:
 * a plan can hide the value a rule decides by (a sensitive() or a secret of the same text elsewhere in
 * it), so the engine judges both ways and keeps the worse (see judge).
 */
function whereHolds(where, change, mayHold) {
    let pattern = wherePatterns.get(where);
    if (!pattern)
        wherePatterns.set(where, (pattern = (0,glob/* globsToRegExp */.kt)(where.equals ?? where.not_equals)));
    const { texts, hidden } = attributeTexts(change, where.path);
    if (hidden)
        return mayHold;
    if (where.equals)
        return texts.some((text) => pattern.test(text));
    return texts.length === 0 || texts.some((text) => !pattern.test(text));
}
/**
 * Whether an address glob admits the change's address, or with `mayHold` the one it is moved from (a
 * change must not leave a rule's reach by moving out of it; judge keeps the worse of both). A Terraform address has a `/` only inside an instance key,
 * the author's text (a file path, a CIDR), never between its parts, so there `*` and `?` cross it (the
 * address is tried again with each `/` as another character): `module.app.*` admits
 * `module.app.x.y["a/b"]` as it admits `module.app.x.y["b"]`.
 */
function addressMatches(pattern, change, mayHold) {
    return admitsAddress(pattern, change, change.address) || (mayHold && change.previous_address !== undefined && admitsAddress(pattern, change, change.previous_address));
}
// Not a closure in addressMatches: it runs for every change and address rule.
function admitsAddress(pattern, change, address) {
    return pattern.test(address) || (change.source === sources/* TERRAFORM_PLAN_SOURCE */.de && address.includes('/') && pattern.test(address.replaceAll('/', '\u2215')));
}
// A field's path with list indexes as `*`: `/ingress/0/cidr_blocks/1` \u2192 `/ingress/*/cidr_blocks/*`.
const listShape = (path) => path.replace(/\/\d+(?=\/|$)/g, '/*');
/**
 * Whether the values `toward` reads as the new ones leave address ranges open: the other side is
 * every field of the change the rule's path matches at the same place up to list indexes, so a range
 * moved within a list is no widening, but a range leaving egress does not excuse it entering ingress.
 */
function cidrMatches(compiled, field, change) {
    const live = compiled.rule.match.toward === 'live';
    let byRule = cidrClassifiers.get(change);
    if (!byRule)
        cidrClassifiers.set(change, (byRule = new Map()));
    let byShape = byRule.get(compiled);
    if (!byShape)
        byRule.set(compiled, (byShape = new Map()));
    const shape = listShape(field.path);
    let classify = byShape.get(shape);
    if (!classify) {
        const others = change.fields
            .filter((candidate) => (!compiled.path || compiled.path.test(candidate.path)) && listShape(candidate.path) === shape)
            .map((candidate) => (live ? candidate.after : candidate.before));
        byShape.set(shape, (classify = cidrClassifier(others)));
    }
    return compiled.rule.match.cidr_change.includes(classify(live ? field.before : field.after));
}
/** The other side's ranges, parsed once per change, rule and list: a large rule set repeats the same fields. */
const cidrClassifiers = new WeakMap();
/** Whether a rule matches a field; its path glob is already known to admit the field's path. */
function fieldMatches(compiled, field, change, mayHold) {
    const { after, before, address: addressPattern, rule } = compiled;
    const { image_change: imageChange, toward, where } = rule.match;
    return ((rule.match.sensitive === undefined || rule.match.sensitive === field.sensitive) &&
        (!after || (isScalar(field.after) && after.test(String(field.after)))) &&
        (!before || (isScalar(field.before) && before.test(String(field.before)))) &&
        (!imageChange || imageChange.includes((toward === 'live' ? classifyImageChange(field.after, field.before) : classifyImageChange(field.before, field.after)))) &&
        (!rule.match.cidr_change || cidrMatches(compiled, field, change)) &&
        (!addressPattern || addressMatches(addressPattern, change, mayHold)) &&
        (!where || whereHolds(where, change, mayHold)));
}
/** The most severe verdict of `rules` (all admitting the field's path) on a field, starting from `verdict`; the first listed wins a tie. */
function judgeField(field, change, rules, mayHold, verdict) {
    for (const compiled of rules) {
        if ((!verdict || RANK[verdict.severity] < RANK[compiled.rule.severity]) && fieldMatches(compiled, field, change, mayHold))
            verdict = compiled.verdict;
    }
    return verdict;
}
const admitting = (rules, path) => rules.filter((compiled) => !compiled.path || compiled.path.test(path));
/** `rules` narrowed to those whose path glob admits `path`, cached in `byPath`. */
function rulesForPath(byPath, rules, path) {
    let found = byPath.get(path);
    if (!found)
        byPath.set(path, (found = admitting(rules, path)));
    return found;
}
/** Compiles a rule's globs other than source and kind, once it applies to some change. */
function complete(compiled) {
    if (!compiled.complete) {
        const { match } = compiled.rule;
        compiled.address = (0,glob/* globsToRegExp */.kt)(match.address);
        compiled.path = (0,glob/* globsToRegExp */.kt)(match.path);
        compiled.after = (0,glob/* globsToRegExp */.kt)(match.after);
        compiled.before = (0,glob/* globsToRegExp */.kt)(match.before);
        compiled.complete = true;
    }
    return compiled;
}
/**
 * Judges changes with severity rules. The most severe matching rule wins (the first one listed on
 * a tie). A change's verdict is the most severe of: the rules matching it as a whole, and for each
 * field the rule matching that field \u2014 or the fallback, so an unexplained field is never quieter
 * than the fallback. For a change made outside Git, rules about what runs now (`origin: outside`
 * with a value condition) are judged first, so the riskier side wins and, on a tie, the live side
 * names the change. Which rules can apply depends only on source, kind, action and origin, and a
 * path-only rule's verdict only on the path, so both are cached: large plans repeat the same few
 * resource types and paths.
 */
class SeverityEngine {
    ruleSet;
    compiled;
    fallback;
    /** By kind, source, action, then origin. */
    candidates = new Map();
    constructor(ruleSet) {
        this.ruleSet = ruleSet;
        this.fallback = { severity: ruleSet.fallback.severity, rule: compactId(ruleSet.fallback.id) };
        this.compiled = ruleSet.rules.map((rule) => ({
            rule,
            verdict: { severity: rule.severity, rule: compactId(rule.id) },
            source: (0,glob/* globsToRegExp */.kt)(rule.match.source),
            kind: (0,glob/* globsToRegExp */.kt)(rule.match.kind),
            complete: false,
            address: undefined,
            path: undefined,
            after: undefined,
            before: undefined,
        }));
    }
    candidatesFor({ kind, source, action, origin }) {
        let bySource = this.candidates.get(kind);
        if (!bySource)
            this.candidates.set(kind, (bySource = new Map()));
        let byAction = bySource.get(source);
        if (!byAction)
            bySource.set(source, (byAction = new Map()));
        let byOrigin = byAction.get(action);
        if (!byOrigin)
            byAction.set(action, (byOrigin = new Map()));
        let found = byOrigin.get(origin);
        if (!found)
            byOrigin.set(origin, (found = this.selectCandidates(kind, source, action, origin)));
        return found;
    }
    selectCandidates(kind, source, action, origin) {
        const applicable = this.compiled
            .filter(({ rule, source: sourcePattern, kind: kindPattern }) => (!sourcePattern || sourcePattern.test(source)) &&
            (!kindPattern || kindPattern.test(kind)) &&
            (!rule.match.action || rule.match.action.includes(action)) &&
            (!rule.match.origin || rule.match.origin === origin))
            .map(complete);
        const fieldRules = applicable.filter(judgesFields);
        const byValue = (c) => c.address !== undefined || c.rule.match.sensitive !== undefined || c.rule.match.where !== undefined || judgesValues(c.rule);
        return {
            changeRules: applicable.filter((c) => !judgesFields(c)),
            pathRules: fieldRules.filter((c) => !byValue(c)),
            valueRules: fieldRules.filter((c) => byValue(c) && !judgesLiveSide(c)),
            liveRules: fieldRules.filter(judgesLiveSide),
            pathVerdicts: new Map(),
            valueRulesByPath: new Map(),
            liveRulesByPath: new Map(),
            readsWhere: applicable.some((c) => c.rule.match.where !== undefined),
            readsAddress: applicable.some((c) => c.rule.match.address !== undefined),
        };
    }
    /**
     * What may hold (a `where` on a hidden value, an address glob on the address a moved resource had) is
     * judged both ways, the worse kept: holding raises a verdict by a rule that makes the change more
     * severe, but would lower one that a rule less severe than the fallback takes over.
     */
    judge(change) {
        const candidates = this.candidatesFor(change);
        const holding = this.judgeWith(change, candidates, true);
        if (!candidates.readsWhere && !(candidates.readsAddress && change.previous_address !== undefined))
            return holding;
        const notHolding = this.judgeWith(change, candidates, false);
        return RANK[notHolding.severity] > RANK[holding.severity] ? notHolding : holding;
    }
    judgeWith(change, candidates, mayHold) {
        const { changeRules, pathRules, valueRules, liveRules, pathVerdicts } = candidates;
        let best;
        // The live side first: when what runs now is as risky as the change, its rule says why.
        if (liveRules.length) {
            for (const field of change.fields) {
                const verdict = judgeField(field, change, rulesForPath(candidates.liveRulesByPath, liveRules, field.path), mayHold);
                if (verdict && (!best || RANK[verdict.severity] > RANK[best.severity]))
                    best = verdict;
            }
        }
        for (const { rule, address, verdict } of changeRules) {
            if ((!best || RANK[verdict.severity] > RANK[best.severity]) && (!address || addressMatches(address, change, mayHold)) && (!rule.match.where || whereHolds(rule.match.where, change, mayHold)))
                best = verdict;
        }
        for (const field of change.fields) {
            let verdict = pathVerdicts.get(field.path);
            if (verdict === undefined && !pathVerdicts.has(field.path)) {
                // Path rules read no `where`: their verdict is the same either way.
                verdict = judgeField(field, change, admitting(pathRules, field.path), mayHold);
                pathVerdicts.set(field.path, verdict);
            }
            if (valueRules.length)
                verdict = judgeField(field, change, rulesForPath(candidates.valueRulesByPath, valueRules, field.path), mayHold, verdict);
            verdict ??= this.fallback;
            if (!best || RANK[verdict.severity] > RANK[best.severity])
                best = verdict;
        }
        return best ?? this.fallback;
    }
    judgeAll(changes) {
        return changes.map((change) => {
            const { severity, rule } = this.judge(change);
            const judged = { address: change.address, kind: change.kind, source: change.source, action: change.action, origin: change.origin, severity, rule, fields: change.fields };
            // The source's other keys (previous_address, importing, attributes\u2026) after these, in their order.
            for (const key in change)
                if (!JUDGED_KEYS.has(key))
                    judged[key] = change[key];
            return judged;
        });
    }
}
/** The keys judgeAll writes first, and the verdict of a Change judged again (replaced by the new one, in its place). */
const JUDGED_KEYS = new Set(['address', 'kind', 'source', 'action', 'origin', 'severity', 'rule', 'fields']);


/***/ }),

/***/ 1454:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ parseTerraformPlan)
/* harmony export */ });
/* unused harmony export classifyActions */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/* harmony import */ var _json_json_text_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5926);
/* harmony import */ var _json_top_level_reader_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2446);
/* harmony import */ var _diff_value_diff_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8146);
/* harmony import */ var _diff_json_pointer_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1491);
/* harmony import */ var _severity_default_rules_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2934);
/* harmony import */ var _severity_rules_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2694);
/* harmony import */ var _model_report_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2788);
/* harmony import */ var _model_sources_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9497);
/* harmony import */ var _plan_plan_instance_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9760);
/* harmony import */ var _secrets_embedded_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(2293);











const mayNeedScrubText = (whereScrubMayBeNeeded, json) => {
    const bytes = Buffer.from(json);
    return whereScrubMayBeNeeded(bytes, 0, bytes.length) !== -1;
};
/**
 * Terraform and OpenTofu write an action list; its order differs between tools and versions
 * (["delete","create"] vs ["create","delete"], ["create","forget"] vs ["forget","create"]), so
 * it is classified as a set. `undefined` means "not a change" (no-op, read).
 */
function classifyActions(actions, importing) {
    const has = (action) => actions.includes(action);
    if (has('create') && (has('delete') || has('forget')))
        return 'replace';
    if (has('delete'))
        return 'delete';
    if (has('forget'))
        return 'forget';
    if (has('create'))
        return 'create';
    if (has('update'))
        return 'update';
    if (has('no-op') && importing)
        return 'import';
    return undefined;
}
const SUPPORTED_MAJORS = new Set(['0', '1']);
/** The actions Terraform and OpenTofu write in a change's `actions`. */
const PLAN_ACTIONS = new Set(['no-op', 'create', 'read', 'update', 'delete', 'forget']);
const PLAN_KEYS = ['planned_values', 'resource_changes', 'resource_drift', 'output_changes', 'errored'];
const STATE_KEYS = ['lineage', 'serial'];
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value) => Array.isArray(value) && value.every((item) => typeof item === 'string');
function malformed(label, what) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${label} is not a valid Terraform plan: ${what}; produce it again with \`terraform show -json <planfile>\`.`);
}
/** The parts of a change entry this source reads, checked by hand: zod per entry would double the time of a large plan. */
function checkChange(label, where, change) {
    if (!isObject(change))
        throw malformed(label, `${where} has no "change" object`);
    if (!isStringList(change.actions))
        throw malformed(label, `${where} has "actions" that is not a list of strings`);
    // An action Terraform does not write (or none) would otherwise read as "not a change": drift unseen.
    const unknown = change.actions.find((action) => !PLAN_ACTIONS.has(action));
    if (unknown !== undefined || change.actions.length === 0) {
        throw malformed(label, `${where} has ${unknown === undefined ? 'no action' : `the action ${JSON.stringify(unknown).slice(0, 60)}, which Terraform does not write`} (it writes ${[...PLAN_ACTIONS].join(', ')})`);
    }
    const paths = change.replace_paths;
    if (paths !== undefined && paths !== null && !(Array.isArray(paths) && paths.every(Array.isArray))) {
        throw malformed(label, `${where} has "replace_paths" that is not a list of paths`);
    }
}
function resourceChange(raw, origin, label, judgedBy, onSecret) {
    const list = origin === 'outside' ? 'resource_drift' : 'resource_changes';
    if (!isObject(raw) || typeof raw.address !== 'string')
        throw malformed(label, `an entry of ${list} has no "address"`);
    const resource = raw;
    checkChange(label, `${list} entry ${resource.address}`, resource.change);
    const change = resource.change;
    const importing = change.importing !== undefined && change.importing !== null;
    const action = resource.mode === 'data' ? undefined : classifyActions(change.actions, importing);
    if (!action) {
        // Not a change, but its sensitive values may be copied unmarked into one.
        (0,_diff_value_diff_js__WEBPACK_IMPORTED_MODULE_1__/* .collectMaskedSecrets */ .LL)(change.before, change.before_sensitive, onSecret);
        (0,_diff_value_diff_js__WEBPACK_IMPORTED_MODULE_1__/* .collectMaskedSecrets */ .LL)(change.after, change.after_sensitive, onSecret);
        return undefined;
    }
    const fields = (0,_diff_value_diff_js__WEBPACK_IMPORTED_MODULE_1__/* .diffValues */ .In)(change.before, change.after, { beforeSensitive: change.before_sensitive, afterSensitive: change.after_sensitive, afterUnknown: change.after_unknown }, onSecret);
    markReplacePaths(fields, change.replace_paths);
    const result = {
        address: resource.address,
        kind: resource.type ?? 'unknown',
        source: _model_sources_js__WEBPACK_IMPORTED_MODULE_2__/* .TERRAFORM_PLAN_SOURCE */ .de,
        action,
        origin,
        fields: resource.type === 'terraform_data' ? fields.filter((field) => !isEcho(field.path)) : fields,
    };
    if (resource.previous_address)
        result.previous_address = resource.previous_address;
    if (importing)
        result.importing = true;
    const attributes = decidingAttributes((0,_severity_rules_js__WEBPACK_IMPORTED_MODULE_3__/* .whereAttributePaths */ .kt)(judgedBy, _model_sources_js__WEBPACK_IMPORTED_MODULE_2__/* .TERRAFORM_PLAN_SOURCE */ .de, result.kind), change, result.fields);
    if (attributes)
        result.attributes = attributes;
    return result;
}
/**
 * The unchanged attributes severity rules decide by (`where`), from the resource as it will be (as
 * it was, for a delete): every path they read that is not a field, so the gate can tell what a report
 * was read for. Plain scalars; a sensitive or unknown value as its marker, never itself, so the gate
 * sees that a value it decides by is hidden; null where there is no scalar.
 */
function decidingAttributes(paths, change, fields) {
    const useAfter = change.after !== null && change.after !== undefined;
    const value = useAfter ? change.after : change.before;
    const sensitive = useAfter ? change.after_sensitive : change.before_sensitive;
    let found;
    for (const path of paths) {
        if (fields.some((field) => field.path === path))
            continue;
        const steps = (0,_diff_json_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .stepsFromPointer */ .nd)(path);
        const attribute = masked(sensitive, steps)
            ? _model_report_js__WEBPACK_IMPORTED_MODULE_5__/* .SENSITIVE */ .N
            : useAfter && masked(change.after_unknown, steps)
                ? _model_report_js__WEBPACK_IMPORTED_MODULE_5__/* .KNOWN_AFTER_APPLY */ .A
                : steps.reduce((node, step) => (typeof node === 'object' && node !== null ? node[step] : undefined), value);
        (found ??= {})[path] = typeof attribute === 'string' || typeof attribute === 'number' || typeof attribute === 'boolean' ? attribute : null;
    }
    return found;
}
/** Whether a Terraform mask marks the node at `steps`, or one above it, `true`. */
function masked(mask, steps) {
    let node = mask;
    for (const step of steps) {
        if (node === true)
            return true;
        node = typeof node === 'object' && node !== null ? node[step] : undefined;
    }
    return node === true;
}
/**
 * terraform_data's `output` attribute only echoes its `input`
 * (https://developer.hashicorp.com/terraform/language/resources/terraform-data): a second row for one change.
 */
const isEcho = (path) => path === '/output' || path.startsWith('/output/');
function markReplacePaths(fields, replacePaths) {
    if (!replacePaths?.length)
        return;
    const pointers = replacePaths.map(_diff_json_pointer_js__WEBPACK_IMPORTED_MODULE_4__/* .pointerFromSteps */ .x);
    for (const field of fields) {
        if (pointers.some((pointer) => field.path === pointer || field.path.startsWith(`${pointer}/`)))
            field.forces_replacement = true;
    }
}
function outputChanges(raw, label, onSecret) {
    if (raw === undefined || raw === null)
        return [];
    if (!isObject(raw))
        throw malformed(label, '"output_changes" is not an object');
    const result = [];
    for (const [name, value] of Object.entries(raw)) {
        checkChange(label, `output_changes entry ${name}`, value);
        const action = classifyActions(value.actions, false);
        if (!action)
            continue;
        result.push({
            name,
            action,
            before: (0,_diff_value_diff_js__WEBPACK_IMPORTED_MODULE_1__/* .redactValue */ .FI)(value.before, value.before_sensitive, undefined, onSecret),
            after: (0,_diff_value_diff_js__WEBPACK_IMPORTED_MODULE_1__/* .redactValue */ .FI)(value.after, value.after_sensitive, value.after_unknown, onSecret),
            sensitive: value.before_sensitive === true || value.after_sensitive === true,
        });
    }
    return result;
}
function shapeErrorMessage(label, error) {
    if (error.reason === 'truncated') {
        return error.offset === 0
            ? `${label} is empty; pass the output of \`terraform show -json <planfile>\`.`
            : `${label} is not complete JSON (${error.message} at byte ${error.offset}); the file looks truncated, produce it again with \`terraform show -json <planfile>\`.`;
    }
    if (error.reason === 'not-an-object')
        return `${label} is not a Terraform plan (${error.message}); pass the output of \`terraform show -json <planfile>\`.`;
    return `${label} is not valid JSON (${error.message} at byte ${error.offset}); pass the output of \`terraform show -json <planfile>\`.`;
}
/**
 * Reads `terraform show -json` / `tofu show -json` plan output (format 0.x and 1.x). Sensitive
 * values are replaced here, before anything else sees them. Changes made outside Terraform come
 * first, then the planned ones, each in the plan's order. Throws UserError naming `label` for
 * anything that is not a complete plan.
 */
function parseTerraformPlan(input, options) {
    try {
        return readTerraformPlan(input, options);
    }
    catch (error) {
        // Values are diffed, redacted and compared by recursion: a plan nested thousands of levels deep (no Terraform writes one) ends it.
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isStackOverflow */ .fF)(error))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .tooDeeplyNested */ .d3)(options.label));
        throw error;
    }
}
function readTerraformPlan(input, options) {
    const { label } = options;
    const secrets = new Set();
    const onSecret = (value) => {
        if (secrets.has(value))
            return;
        secrets.add(value);
        if (value.length >= _diff_value_diff_js__WEBPACK_IMPORTED_MODULE_1__/* .MIN_HANDED_ON_SECRET_LENGTH */ .uP)
            options.onSecret?.(value);
    };
    const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
    const outside = [];
    const planned = [];
    const seen = { outside: new Set(), planned: new Set() };
    const judgedBy = options.judgedBy ?? (0,_severity_default_rules_js__WEBPACK_IMPORTED_MODULE_6__/* .defaultRules */ .Z)();
    const addChange = (key, item) => {
        const origin = key === 'resource_drift' ? 'outside' : 'planned';
        const change = resourceChange(item, origin, label, judgedBy, onSecret);
        if (origin === 'planned')
            options.observer?.resourceChange(item);
        if (!change)
            return;
        // Terraform writes each resource instance once (a deposed object is a change of its own, with its
        // resource's address): of two changes of one instance, one would go unjudged.
        const instance = (0,_plan_plan_instance_js__WEBPACK_IMPORTED_MODULE_7__/* .planInstance */ .F)(change.address, item.deposed);
        // One hash look-up instead of two (has, then add): 100,000 instances are 10-20 ms of a run.
        const instances = seen[origin];
        const distinct = instances.size;
        if (instances.add(instance).size === distinct)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${label} lists ${instance} twice in ${key}, which no plan Terraform writes does; pass the output of \`terraform show -json <planfile>\` as it wrote it.`);
        if (options.onChange)
            options.onChange(change);
        else
            (origin === 'outside' ? outside : planned).push(change);
    };
    // The plan's first bytes, to tell UTF-16 (Windows PowerShell 5.1's `terraform show -json > plan.json`) from other JSON errors.
    let head = typeof bytes === 'function' ? undefined : bytes.subarray(0, 4);
    const source = typeof bytes === 'function'
        ? () => {
            const chunk = bytes();
            head ??= chunk?.slice(0, 4);
            return chunk;
        }
        : bytes;
    let top;
    try {
        top = (0,_json_top_level_reader_js__WEBPACK_IMPORTED_MODULE_8__/* .readTopLevel */ .U8)(source, {
            values: ['format_version', 'terraform_version', 'output_changes', 'errored', 'complete'],
            arrays: ['resource_drift', 'resource_changes'],
            onItem: addChange,
            tee: options.tee,
        });
    }
    catch (error) {
        if (error instanceof _json_top_level_reader_js__WEBPACK_IMPORTED_MODULE_8__/* .JsonShapeError */ .ir && head && error.offset < 4 && (0,_json_json_text_js__WEBPACK_IMPORTED_MODULE_9__/* .looksUtf16 */ .jQ)(head)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${label} is not valid JSON (${_json_json_text_js__WEBPACK_IMPORTED_MODULE_9__/* .UTF16_WORDS */ .ZJ}); pass the output of \`terraform show -json <planfile>\`.`);
        }
        if (error instanceof _json_top_level_reader_js__WEBPACK_IMPORTED_MODULE_8__/* .JsonShapeError */ .ir)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(shapeErrorMessage(label, error));
        throw error;
    }
    const { values, keys } = top;
    options.observer?.outputChanges(values.get('output_changes'));
    const formatVersion = values.get('format_version');
    if (typeof formatVersion !== 'string') {
        if (STATE_KEYS.every((key) => keys.has(key))) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${label} is a Terraform state file, not a plan; pass the output of \`terraform show -json <planfile>\`.`);
        }
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${label} is not a Terraform plan (it has no format_version); pass the output of \`terraform show -json <planfile>\`.`);
    }
    const major = formatVersion.split('.')[0];
    if (!SUPPORTED_MAJORS.has(major)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${label} has plan format_version ${formatVersion}, which this version of gitops-sync cannot read (it reads 0.x and 1.x); upgrade gitops-sync or produce the plan with a Terraform/OpenTofu release that writes format 1.x.`);
    }
    if (!PLAN_KEYS.some((key) => keys.has(key))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${label} is Terraform JSON but not a plan (it has no planned_values or resource_changes); pass the output of \`terraform show -json <planfile>\`, not of \`terraform show -json\` on state.`);
    }
    if (values.get('errored') === true) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${label} is an errored plan: Terraform could not finish planning, so it cannot be trusted for drift; fix the errors \`terraform plan\` printed and plan again.`);
    }
    if (values.get('complete') === false) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${label} is an incomplete plan (Terraform wrote "complete": false: planned with -target, or with changes deferred), so it does not show all drift; plan the whole configuration again, without -target.`);
    }
    const terraformVersion = values.get('terraform_version');
    // Read before the secrets are counted: a sensitive output's value is one of them.
    const outputs = outputChanges(values.get('output_changes'), label, onSecret);
    // Made once per plan (it holds every form of every secret): the streaming caller scrubs its changes with it too.
    const scrubber = secrets.size > 0 ? (0,_secrets_embedded_js__WEBPACK_IMPORTED_MODULE_10__/* .unmarkedSecretScrubber */ .yv)((0,_secrets_embedded_js__WEBPACK_IMPORTED_MODULE_10__/* .findsSecrets */ .Cc)(secrets)) : undefined;
    const result = {
        changes: [...outside, ...planned],
        outputChanges: outputs,
        formatVersion,
        terraformVersion: typeof terraformVersion === 'string' ? terraformVersion : undefined,
        ...(options.onChange && scrubber ? { scrubUnmarked: scrubber.change, whereScrubMayBeNeeded: (0,_secrets_embedded_js__WEBPACK_IMPORTED_MODULE_10__/* .whereSecretsMayBeInJson */ .UG)(secrets) } : {}),
    };
    if (scrubber) {
        result.changes.forEach(scrubber.change);
        for (const output of result.outputChanges)
            if (!result.whereScrubMayBeNeeded || mayNeedScrubText(result.whereScrubMayBeNeeded, JSON.stringify(output)))
                scrubber.output(output);
    }
    return result;
}


/***/ }),

/***/ 6826:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $R: () => (/* binding */ argoCdServerUrl),
/* harmony export */   Qo: () => (/* binding */ fetchErrorCause),
/* harmony export */   eb: () => (/* binding */ checkArgoCdToken),
/* harmony export */   fh: () => (/* binding */ fetchManagedResources),
/* harmony export */   gE: () => (/* binding */ argoCdErrorMessage),
/* harmony export */   l7: () => (/* binding */ argoCdCredentials),
/* harmony export */   nx: () => (/* binding */ insecureFetch)
/* harmony export */ });
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(796);

const DEFAULT_TIMEOUT_MS = 60_000;
const TOKEN_HINT = 'check ARGOCD_AUTH_TOKEN';
/** ARGOCD_SERVER as a URL, refused in one sentence when it is not a plain http(s) server URL. */
/**
 * ARGOCD_SERVER and ARGOCD_AUTH_TOKEN, as the argocd CLI reads them; `missing` is the sentence when
 * either is unset, and the token goes to `onSecret` so no message ever shows it.
 */
function argoCdCredentials(env, missing, onSecret) {
    const server = env?.ARGOCD_SERVER;
    const token = env?.ARGOCD_AUTH_TOKEN;
    if (!server || !token)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(missing);
    onSecret?.(token);
    return { server, token };
}
function argoCdServerUrl(server) {
    let url;
    try {
        url = new URL(server);
    }
    catch {
        url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`ARGOCD_SERVER ${JSON.stringify(server)} is not an http(s) URL; write it like https://argocd.example.com.`);
    }
    if (url.username || url.password) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`ARGOCD_SERVER ${url.origin} carries credentials in the URL; remove them and pass the token in ARGOCD_AUTH_TOKEN.`);
    }
    if (url.search || url.hash)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`ARGOCD_SERVER ${url.origin}${url.pathname} has a query or fragment; write just the server URL, like https://argocd.example.com.`);
    return url;
}
/** `fetch` for `insecure`: Node's https with certificate checks off, as `argocd --insecure` does. */
const insecureFetch = async (url, init) => {
    // Loaded when a request is made: node:https (and TLS) would cost every command importing this module ~5 ms at start.
    const { request } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 4708, 23));
    return new Promise((resolve, reject) => {
        const req = request(url, { method: init.method, headers: init.headers, rejectUnauthorized: false, signal: init.signal }, (res) => {
            const chunks = [];
            res.on('data', (chunk) => chunks.push(chunk));
            res.on('error', reject);
            res.on('end', () => {
                const body = Buffer.concat(chunks).toString('utf8');
                resolve({
                    status: res.statusCode ?? 0,
                    headers: { get: (name) => [res.headers[name.toLowerCase()]].flat()[0] ?? null },
                    text: () => Promise.resolve(body),
                });
            });
        });
        req.on('error', reject);
        req.end(init.body);
    });
};
/** Refuses a missing token, or one fetch would refuse in a message that quotes it. */
function checkArgoCdToken(token, base) {
    if (!token)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`No Argo CD token for ${base.origin}; set ARGOCD_AUTH_TOKEN to an API token (argocd account generate-token).`);
    // A header value with control characters makes fetch throw a message that quotes the value.
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(token))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`The Argo CD token contains a line break or control character; ${TOKEN_HINT} (paste the token alone, without a trailing newline).`);
}
const formatSeconds = (ms) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);
/** Argo CD's error bodies are `{"error": \u2026, "code": \u2026, "message": \u2026}`; its message, if any. */
function argoCdErrorMessage(body) {
    try {
        const parsed = JSON.parse(body);
        const message = typeof parsed.message === 'string' ? parsed.message : typeof parsed.error === 'string' ? parsed.error : undefined;
        return message?.replace(/\s+/g, ' ').trim().slice(0, 200) || undefined;
    }
    catch {
        return undefined;
    }
}
/** The innermost message of a fetch failure (`ECONNREFUSED: connect \u2026`), for one sentence. */
function fetchErrorCause(error) {
    const seen = new Set();
    let current = error;
    let message = '';
    // Duck-typed: errors from fetch may come from another realm, where instanceof Error fails.
    while (typeof current === 'object' && current !== null && typeof current.message === 'string' && !seen.has(current)) {
        seen.add(current);
        const { message: text, code, cause } = current;
        message = code && !text.includes(String(code)) ? `${String(code)}: ${text}` : text;
        current = cause;
    }
    return message || String(error);
}
/**
 * The body of `GET {server}/api/v1/applications/{app}/managed-resources` (JSON text), for
 * parseArgoCdManagedResources. Every failure is a UserError; none of them contains the token.
 */
async function fetchManagedResources(options) {
    const { token, app } = options;
    const base = argoCdServerUrl(options.server);
    if (!app)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('No Argo CD application name was given; name the application whose managed resources to compare.');
    checkArgoCdToken(token, base);
    const redact = (text) => (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .withoutSecret */ .Nt)(text, token);
    const fail = (message) => {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(redact(message));
    };
    const url = new URL(`${base.pathname.replace(/\/+$/, '')}/api/v1/applications/${encodeURIComponent(app)}/managed-resources`, base);
    if (options.appNamespace)
        url.searchParams.set('appNamespace', options.appNamespace);
    const where = `Argo CD at ${base.origin}`;
    const application = `application ${JSON.stringify(app)}`;
    const doFetch = options.fetch ?? (options.insecure && url.protocol === 'https:' ? insecureFetch : fetch);
    let response;
    let body;
    try {
        response = await doFetch(url.href, {
            method: 'GET',
            headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
            // An Authorization header is not carried to wherever a redirect points.
            redirect: 'manual',
            signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        });
        body = await response.text();
    }
    catch (error) {
        const cause = fetchErrorCause(error);
        if (/certificate|self[- ]signed|CERT_|UNABLE_TO_VERIFY/i.test(cause)) {
            return fail(`${where} could not be reached over TLS (${cause}); trust its certificate (NODE_EXTRA_CA_CERTS) or allow it with insecure.`);
        }
        if (error?.name === 'TimeoutError' || /aborted|timeout/i.test(cause)) {
            return fail(`${where} did not answer within ${formatSeconds(options.timeoutMs ?? DEFAULT_TIMEOUT_MS)}; check ARGOCD_SERVER and that the server is reachable from here.`);
        }
        return fail(`${where} could not be reached (${cause}); check ARGOCD_SERVER and that the server is reachable from here.`);
    }
    const { status } = response;
    const detail = argoCdErrorMessage(body);
    const said = detail ? `: ${detail}` : '';
    if (status === 401)
        return fail(`${where} refused the token for ${application} (HTTP 401${said}); ${TOKEN_HINT} (a valid, unexpired API token).`);
    if (status === 403) {
        return fail(`${where} denied access to ${application} (HTTP 403${said}); ${TOKEN_HINT}: the token needs get permission on the application (Argo CD also answers so when the application does not exist).`);
    }
    if (status === 404)
        return fail(`${where}: ${application} not found (HTTP 404${said}); check the application name${options.appNamespace ? ' and its namespace' : ''}.`);
    if (status >= 300 && status < 400) {
        const location = response.headers.get('location');
        let target = '';
        try {
            if (location)
                target = ` to ${new URL(location, url).origin}`;
        }
        catch {
            target = '';
        }
        return fail(`${where} redirected the request${target} (HTTP ${status}); set ARGOCD_SERVER to the URL the API is served at.`);
    }
    if (status < 200 || status >= 300)
        return fail(`${where} answered HTTP ${status} for ${application}${detail ? ` (${detail})` : ''}; check the Argo CD server and try again.`);
    try {
        JSON.parse(body);
    }
    catch {
        return fail(`${where} did not answer JSON for ${application} (HTTP ${status}); check that ARGOCD_SERVER points at the Argo CD API server, not a proxy or login page.`);
    }
    return body;
}


/***/ }),

/***/ 2392:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  bx: () => (/* binding */ SAVED_RESULT_SOURCES),
  Hg: () => (/* binding */ analyzeSavedResult),
  tC: () => (/* binding */ configuredSources),
  M$: () => (/* binding */ savedResultSource),
  Nb: () => (/* binding */ uncheckedParts)
});

// UNUSED EXPORTS: ENVIRONMENT_SOURCES, environmentSource

// EXTERNAL MODULE: ./packages/core/src/model/sources.ts
var sources = __webpack_require__(9497);
// EXTERNAL MODULE: ./packages/core/src/config/schema.ts + 1 modules
var schema = __webpack_require__(5688);
// EXTERNAL MODULE: ./packages/core/src/analyze.ts
var analyze = __webpack_require__(8053);
// EXTERNAL MODULE: ./packages/engine/src/ports.ts
var ports = __webpack_require__(4552);
// EXTERNAL MODULE: ./packages/engine/src/rules.ts
var rules = __webpack_require__(3087);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/diff/json-pointer.ts
var json_pointer = __webpack_require__(1491);
// EXTERNAL MODULE: ./packages/core/src/diff/value-diff.ts
var value_diff = __webpack_require__(8146);
// EXTERNAL MODULE: ./packages/core/src/model/markers.ts
var markers = __webpack_require__(2788);
// EXTERNAL MODULE: ./packages/core/src/k8s/identity.ts
var identity = __webpack_require__(5890);
// EXTERNAL MODULE: ./packages/core/src/secrets/embedded.ts + 1 modules
var embedded = __webpack_require__(2293);
;// CONCATENATED MODULE: ./packages/core/src/sources/secret-names.ts
/**
 * A name that says its value is a secret, in a path or a key: `adminPassword`, `connectionStrings`,
 * `partnerApiKey`, `tls.passphrase`. The cloud sources mask the values under such names.
 */
const SECRET_NAME = /password|passwd|passphrase|secret|token|connectionstring|api_?key|access_?key|private_?key|shared_?key|credential/i;
/** Keys of a reference to where a secret is kept (`password.valueFrom.secretKeyRef: { name, key }`): names, not the secret. */
const SECRET_REFERENCE = /^valueFrom$|Ref$/;
/**
 * The strings of a secret-named value, to `onSecret`; not those of a reference, which as secrets would
 * mask every mention of a Secret's name or key.
 */
function secretStrings(value, onSecret) {
    if (!onSecret)
        return;
    if (typeof value === 'string' && value)
        onSecret(value);
    else if (typeof value === 'object' && value !== null)
        for (const [key, item] of Object.entries(value))
            if (!SECRET_REFERENCE.test(key))
                secretStrings(item, onSecret);
}

// EXTERNAL MODULE: ./packages/core/src/arrays.ts
var arrays = __webpack_require__(8835);
;// CONCATENATED MODULE: ./packages/core/src/sources/gcp-config-connector.ts
/**
 * GCP Config Connector resources (Kubernetes objects in the `*.cnrm.cloud.google.com` groups) as
 * drift: what the controller says about each resource in its status, against what Git put in its spec.
 * https://cloud.google.com/config-connector/docs/concepts/resources (spec and status, status.conditions)
 */









/** Config Connector's API groups: `storage.cnrm.cloud.google.com`, `iam.cnrm.cloud.google.com`, \u2026 */
const CNRM_GROUP = /\.cnrm\.cloud\.google\.com$/;
/** Where a resource's Ready condition goes in a change: the condition, keyed by its type as lists keyed by name are elsewhere. */
const READY_CONDITION_PATH = '/status/conditions/Ready';
/**
 * A resource waiting for another (DependencyNotReady): not drift of its own but blocked, so it has a
 * path of its own for the rules to judge apart; the dependency is reported with its own reason.
 */
const DEPENDENCY_CONDITION_PATH = '/status/conditions/Ready/dependency';
const OBSERVED_GENERATION_PATH = '/status/observedGeneration';
/**
 * Reasons of a Ready condition that is not True which mean "still working on it", not drift: the
 * controller is applying the spec now. A spec it has not seen yet shows as observedGeneration lag.
 */
const IN_PROGRESS_REASONS = new Set(['Updating', 'Deleting', 'Reconciling']);
const BLOCKED_REASONS = new Set(['DependencyNotReady']);
const UP_TO_DATE = 'UpToDate';
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Whether an object is a Config Connector resource (its API group is one of `*.cnrm.cloud.google.com`). */
function isConfigConnectorObject(object) {
    return typeof object.apiVersion === 'string' && CNRM_GROUP.test((0,identity/* splitApiVersion */.Np)(object.apiVersion).group);
}
/**
 * The GCP resource a change is about: `status.externalRef` (the resource's full name in GCP, which the
 * direct controllers write) when there is one; otherwise the Kubernetes object's address
 * (`group/version/Kind/namespace/name`). spec.resourceID alone names no resource uniquely (the same
 * name in two projects), so it is not used as one.
 */
function configConnectorAddress(object) {
    const status = isObject(object.status) ? object.status : {};
    if (typeof status.externalRef === 'string' && status.externalRef)
        return status.externalRef;
    const { group, version } = (0,identity/* splitApiVersion */.Np)(object.apiVersion);
    const metadata = object.metadata ?? {};
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
    return (0,identity/* k8sAddress */.xG)({ group, version, kind: object.kind, namespace, name: metadata.name });
}
/** The Ready condition as a field, when it says the resource is not up to date for a reason other than work in progress. */
function readyField(status) {
    const conditions = Array.isArray(status.conditions) ? status.conditions : [];
    const readies = conditions.filter((condition) => isObject(condition) && condition.type === 'Ready');
    // No Ready condition at all: the controller never reconciled it (not installed, not watching the namespace) \u2014 unknown, so reported.
    if (readies.length === 0)
        return { path: READY_CONDITION_PATH, before: 'no Ready condition (Config Connector has not reconciled this resource)', after: UP_TO_DATE, sensitive: false };
    // Conditions are a map by type; a list with Ready twice is read by its worst entry, so a True one cannot hide a failure.
    const ready = readies.find((condition) => condition.status !== 'True');
    if (!ready)
        return undefined;
    const reason = typeof ready.reason === 'string' && ready.reason ? ready.reason : 'no reason';
    if (IN_PROGRESS_REASONS.has(reason))
        return undefined;
    const message = typeof ready.message === 'string' && ready.message ? `: ${ready.message}` : '';
    const path = BLOCKED_REASONS.has(reason) ? DEPENDENCY_CONDITION_PATH : READY_CONDITION_PATH;
    return { path, before: `${reason}${message}`, after: UP_TO_DATE, sensitive: false };
}
/** The generation the controller last acted on, when it is behind the object's: the newest spec is not in GCP yet. */
function generationField(object, status) {
    const generation = object.metadata?.generation;
    const observed = status.observedGeneration;
    if (typeof generation !== 'number' || typeof observed !== 'number' || observed >= generation)
        return undefined;
    return { path: OBSERVED_GENERATION_PATH, before: observed, after: generation, sensitive: false };
}
/** Lists of plain values (source ranges, tags, members) are sets to GCP: the API may return them in another order. */
function sameScalarSet(a, b) {
    if (a.length !== b.length || ![...a, ...b].every((value) => !isObject(value) && !Array.isArray(value)))
        return false;
    const key = (value) => JSON.stringify(value);
    const sorted = (values) => values.map(key).sort();
    const [x, y] = [sorted(a), sorted(b)];
    return x.every((value, index) => value === y[index]);
}
/** Hands every value under a secret-named key to `onSecret`, changed or not (see ConfigConnectorChanges). */
function collectSecrets(value, onSecret) {
    if (typeof value !== 'object' || value === null)
        return;
    for (const [key, item] of Object.entries(value)) {
        if (SECRET_NAME.test(key))
            secretStrings(item, onSecret);
        else
            collectSecrets(item, onSecret);
    }
}
/**
 * The spec against what the controller observed live, field by field, over only the fields both
 * have: observedState holds output-only fields the spec has not, and the spec references
 * (`networkRef`) the observed state names differently. Before = live, after = Git.
 */
function observedStateFields(spec, observed, onSecret) {
    const fields = [];
    const compare = (live, desired, steps) => {
        if (isObject(live) && isObject(desired)) {
            for (const key of Object.keys(desired))
                if (key in live)
                    compare(live[key], desired[key], [...steps, key]);
            return;
        }
        // Lists of objects of the same length (a service's containers, a cluster's authorized networks) item by
        // item: a field inside names what changed (`\u2026/containers/0/image`), which the rules judge by path and value.
        if (Array.isArray(live) && Array.isArray(desired) && live.length === desired.length && desired.every(isObject) && live.every(isObject)) {
            desired.forEach((item, index) => compare(live[index], item, [...steps, String(index)]));
            return;
        }
        if ((0,value_diff/* deepEqual */.bD)(live, desired) || (Array.isArray(live) && Array.isArray(desired) && sameScalarSet(live, desired)))
            return;
        const sensitive = steps.some((step) => SECRET_NAME.test(step));
        if (sensitive) {
            secretStrings(live, onSecret);
            secretStrings(desired, onSecret);
        }
        fields.push({
            path: (0,json_pointer/* pointerFromSteps */.x)(['spec', ...steps]),
            before: sensitive ? markers/* SENSITIVE */.N : (live ?? null),
            after: sensitive ? markers/* SENSITIVE */.N : (desired ?? null),
            sensitive,
        });
    };
    compare(observed, spec, []);
    return fields;
}
/** What one Config Connector resource's status says differs from Git; undefined when it is up to date. */
function configConnectorChange(object, onSecret) {
    const status = isObject(object.status) ? object.status : {};
    const spec = isObject(object.spec) ? object.spec : {};
    const fields = [];
    if (isObject(status.observedState))
        (0,arrays/* appendAll */.u2)(fields, observedStateFields(spec, status.observedState, onSecret));
    const ready = readyField(status);
    if (ready)
        fields.push(ready);
    const lag = generationField(object, status);
    if (lag)
        fields.push(lag);
    if (fields.length === 0)
        return undefined;
    return { address: configConnectorAddress(object), kind: object.kind, source: sources/* GCP_CONFIG_CONNECTOR_SOURCE */.SQ, action: 'update', origin: 'outside', fields };
}
/**
 * Changes of the Config Connector resources among objects handed over one by one (as a stream
 * reader reads them). Objects of other API groups are passed over; an input with objects but none of
 * Config Connector's is the wrong document and refused, so it never reads as "no drift".
 */
class ConfigConnectorChanges {
    label;
    found = [];
    resources = 0;
    otherKinds = new Set();
    /** The values under secret-named keys of every resource's spec and observed state, changed or not. */
    secrets = new Set();
    onSecret;
    constructor(label, onSecret) {
        this.label = label;
        this.onSecret = (secret) => {
            this.secrets.add(secret);
            onSecret?.(secret);
        };
    }
    add(object) {
        if (!isConfigConnectorObject(object)) {
            this.otherKinds.add(`${object.kind}`);
            return;
        }
        this.resources++;
        collectSecrets(object.spec, this.onSecret);
        if (isObject(object.status))
            collectSecrets(object.status.observedState, this.onSecret);
        const change = configConnectorChange(object, this.onSecret);
        if (change)
            this.found.push(change);
    }
    /** Whether any object at all was read (an empty List is an answer; an empty file is not). */
    get objects() {
        return this.resources + this.otherKinds.size;
    }
    changes() {
        if (this.resources === 0 && this.otherKinds.size > 0) {
            const kinds = [...this.otherKinds].slice(0, 3).join(', ');
            throw new errors/* UserError */.yo(`${this.label} has no Config Connector resources (API groups *.cnrm.cloud.google.com), only ${kinds}${this.otherKinds.size > 3 ? ', \u2026' : ''}; export them with kubectl get gcp --all-namespaces -o json.`);
        }
        // The controller may quote an inlined secret (a SQLUser's spec.password.value) in a condition's message:
        // any field holding one, from any resource, is masked as the Terraform plan's unmarked copies are.
        if (this.secrets.size > 0)
            this.found.forEach((0,embedded/* unmarkedSecretScrubber */.yv)((0,embedded/* findsSecrets */.Cc)(this.secrets)).change);
        return this.found;
    }
}

// EXTERNAL MODULE: ./packages/core/src/k8s/manifest-stream.ts
var manifest_stream = __webpack_require__(7802);
// EXTERNAL MODULE: ./packages/core/src/k8s/objects.ts
var objects = __webpack_require__(1746);
// EXTERNAL MODULE: ./packages/engine/src/files.ts + 1 modules
var files = __webpack_require__(6477);
// EXTERNAL MODULE: ./packages/engine/src/tool-output.ts
var tool_output = __webpack_require__(3832);
;// CONCATENATED MODULE: ./packages/engine/src/drift/gcp-config-connector.ts




/** Every Config Connector kind carries this category: `kubectl get gcp` lists them all (cloud.google.com/config-connector/docs/how-to/monitoring-your-resources). */
const ALL_KINDS = 'gcp';
/**
 * The changes of the Config Connector resources in an export file (a kubectl List, JSON or YAML, or
 * YAML documents), read as a stream: each object is judged as it is read and dropped.
 */
function configConnectorChangesOf(path, options) {
    const label = options.label ?? path;
    const maxBytes = (0,files/* maxInputBytes */.qD)('kubernetes');
    const read = (itemsBeforeKind) => {
        const found = new ConfigConnectorChanges(label, options.onSecret);
        const reader = (consume) => (0,files/* withInputChunks */.Xn)(path, options.what, consume, { maxBytes, kind: 'kubernetes', within: options.within });
        (0,manifest_stream/* eachManifest */.t2)(reader, label, (object) => found.add(object), { itemsBeforeKind });
        // kubectl prints an empty List when there is nothing; a file with no object and no List (nothing, null, [], comments) is an export that failed.
        if (found.objects === 0 && !reader(declaresList))
            throw new errors/* UserError */.yo(`${label} holds no Config Connector resource and no List; export the resources with kubectl get gcp --all-namespaces -o json (an empty List when there are none).`);
        return found.changes();
    };
    try {
        try {
            return read(true);
        }
        catch (error) {
            // A large document whose items were judged turned out not to be a List: read again, keeping them.
            if (error instanceof manifest_stream/* NotAListError */.zZ)
                return read(false);
            throw error;
        }
    }
    catch (error) {
        throw error instanceof errors/* UserError */.yo ? exportAdvice(error) : error;
    }
}
/** Whether the export names a list kind (read only when it held no object: small, or comments). */
function declaresList(source) {
    const chunks = [];
    for (let chunk = source(); chunk; chunk = source())
        chunks.push(Uint8Array.prototype.slice.call(chunk));
    return (0,objects/* declaresListKind */._Y)(Buffer.concat(chunks).toString('utf8'));
}
/** The manifest reader's advice ("fix the manifest") is for files people write; an export is made again instead. */
const MANIFEST_ADVICE = /; (?:fix the manifest|every manifest needs apiVersion, kind and metadata\.name)\.$/;
const EXPORT_AGAIN = 'export the resources again with kubectl get gcp --all-namespaces -o json (a cut-short file reads as invalid).';
function exportAdvice(error) {
    return MANIFEST_ADVICE.test(error.message) ? new errors/* UserError */.yo(error.message.replace(MANIFEST_ADVICE, `; ${EXPORT_AGAIN}`)) : error;
}
/** `kubectl get` of the configured kinds (the `gcp` category by default), JSON on stdout. */
function configConnectorKubectlArgs(settings) {
    return [
        'get',
        (settings.kinds ?? [ALL_KINDS]).join(','),
        '-o',
        'json',
        settings.namespace ? `--namespace=${settings.namespace}` : '--all-namespaces',
        // `=`: a value is never read as a flag of its own.
        ...(settings.context ? [`--context=${settings.context}`] : []),
        `--request-timeout=${settings.timeout_seconds}s`,
    ];
}
const where = (environment) => `environments.${environment}.config_connector`;
/** Runs kubectl into a scratch file (an export of every resource may be hundreds of MB) and reads it as an export. */
async function kubectlChanges(settings, request, context) {
    const args = configConnectorKubectlArgs(settings);
    const command = `kubectl get ${args[1]}`;
    context.progress?.step(command);
    const scratch = (0,files/* scratchFolder */.$B)('gitops-sync-cnrm-');
    try {
        const output = (0,external_node_path_.join)(scratch, 'resources.json');
        const hint = `check the cluster is reachable (kubectl cluster-info) or raise ${where(request.environment)}.timeout_seconds`;
        const result = await context.exec.run('kubectl', args, { cwd: request.baseDir, env: context.env, stdoutFile: output, timeout: { ms: settings.timeout_seconds * 1000, hint, what: command } });
        if (result.exitCode !== 0) {
            throw new errors/* UserError */.yo(`${command} failed (exit ${result.exitCode}): ${(0,tool_output/* lastLines */.w)(result.stderr).join(' ') || 'no message'}; check the runner's kubeconfig and that it may list the *.cnrm.cloud.google.com resources.`);
        }
        return configConnectorChangesOf(output, { what: `the output of ${command}`, label: `the output of ${command}`, onSecret: context.onSecret });
    }
    finally {
        (0,files/* removeScratchFolder */.pq)(scratch);
    }
}
const configConnectorSavedResult = {
    name: sources/* GCP_CONFIG_CONNECTOR_SOURCE */.SQ,
    hint: 'Config Connector resources exported with `kubectl get gcp --all-namespaces -o json` (or -o yaml)',
    changes: (path, options) => configConnectorChangesOf(path, { what: 'a Config Connector export', onSecret: options.onSecret }),
};
const configConnectorEnvironmentSource = {
    name: sources/* GCP_CONFIG_CONNECTOR_SOURCE */.SQ,
    settingsOf: (environment) => environment.config_connector,
    describe: (settings, request) => settings.export !== undefined ? [`read ${(0,external_node_path_.resolve)(request.baseDir, settings.export)}`] : [`kubectl ${configConnectorKubectlArgs(settings).join(' ')}`],
    changes: async (settings, request, context) => {
        if (settings.export === undefined)
            return kubectlChanges(settings, request, context);
        return configConnectorChangesOf((0,external_node_path_.resolve)(request.baseDir, settings.export), { what: `${where(request.environment)}.export`, within: request.baseDir, onSecret: context.onSecret });
    },
};

;// CONCATENATED MODULE: ./packages/engine/src/trusted-host.ts
/*
 * The repository's config may come from the pull request under review, so a host it names is not
 * trusted with a CI secret on its own word: a token goes only to a host the CI environment also
 * names (a variable set beside the secret, in the workflow or CI/CD settings).
 */
/** The host (with port) of a variable's value: a URL, or a bare host. */
function hostOf(value) {
    try {
        return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`).host.toLowerCase();
    }
    catch {
        return undefined;
    }
}
/** Whether one of these variables of the CI environment names the host of `url`. */
function hostNamedByEnvironment(url, env, variables) {
    return variables.some((name) => {
        const value = env[name]?.trim();
        return Boolean(value) && hostOf(value) === url.host.toLowerCase();
    });
}

// EXTERNAL MODULE: ./packages/core/src/redact.ts
var redact = __webpack_require__(796);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
;// CONCATENATED MODULE: ./packages/core/src/sources/terraform-cloud.ts


/**
 * Terraform Cloud / Enterprise health assessments: the JSON:API documents read on the way to the
 * assessment's plan JSON. The plan itself is read by the Terraform plan source, so its changes keep
 * `source: terraform-plan` (and the Terraform severity rules); the report's `sources` says
 * `terraform-cloud`.
 */
// Show workspace (GET /organizations/:org/workspaces/:name, GET /workspaces/:id):
// https://developer.hashicorp.com/terraform/cloud-docs/api-docs/workspaces#show-workspace
const WorkspaceDocument = schemas/* object */.Ikc({
    data: schemas/* object */.Ikc({
        id: schemas/* string */.YjP().regex(/^ws-[A-Za-z0-9]+$/),
        type: schemas/* literal */.euz('workspaces'),
        attributes: schemas/* object */.Ikc({ name: schemas/* string */.YjP(), 'assessments-enabled': schemas/* boolean */.zMY().optional() }).passthrough(),
    }),
});
// Show assessment result: https://developer.hashicorp.com/terraform/cloud-docs/api-docs/assessment-results
// The documented sample puts `id` and `type` beside `data`, not inside it; the JSON:API spec puts
// them inside. Both are read.
const AssessmentResultDocument = schemas/* object */.Ikc({
    id: schemas/* string */.YjP().optional(),
    type: schemas/* string */.YjP().optional(),
    data: schemas/* object */.Ikc({
        id: schemas/* string */.YjP().optional(),
        type: schemas/* string */.YjP().optional(),
        attributes: schemas/* object */.Ikc({
            drifted: schemas/* boolean */.zMY(),
            succeeded: schemas/* boolean */.zMY(),
            'error-msg': schemas/* string */.YjP().nullish(),
            'created-at': schemas/* string */.YjP().optional(),
        })
            .passthrough(),
        links: schemas/* object */.Ikc({ 'json-output': schemas/* string */.YjP().min(1) }).passthrough(),
    }),
});
function parseJson(text, label) {
    try {
        return JSON.parse(text);
    }
    catch {
        throw new errors/* UserError */.yo(`${label} is not JSON; check that the hostname points at Terraform Cloud / Enterprise, not a proxy or login page.`);
    }
}
/** The workspace a Show workspace answer describes. */
function parseTerraformCloudWorkspace(text, label) {
    const parsed = WorkspaceDocument.safeParse(parseJson(text, label));
    if (!parsed.success)
        throw new errors/* UserError */.yo(`${label} is not a Terraform Cloud workspace document (no data.id ws-\u2026 of type workspaces); check the hostname.`);
    const { id, attributes } = parsed.data.data;
    return { id, name: attributes.name, assessmentsEnabled: attributes['assessments-enabled'] };
}
/** The assessment result a Show assessment result answer describes; undefined for `{"data": null}` (none yet). */
function parseAssessmentResult(text, label) {
    const json = parseJson(text, label);
    if (json?.data === null)
        return undefined;
    const parsed = AssessmentResultDocument.safeParse(json);
    if (!parsed.success) {
        throw new errors/* UserError */.yo(`${label} is not a Terraform Cloud assessment result (it needs data.attributes.drifted, succeeded and data.links.json-output); check the hostname.`);
    }
    const { data } = parsed.data;
    const attributes = data.attributes;
    return {
        id: data.id ?? parsed.data.id ?? 'unknown',
        drifted: attributes.drifted,
        succeeded: attributes.succeeded,
        errorMessage: attributes['error-msg'] ? oneLine(attributes['error-msg']) : undefined,
        createdAt: attributes['created-at'],
        jsonOutput: data.links['json-output'],
    };
}
/** What the server wrote, as one line a terminal prints as text: no line breaks, no escape sequences. */
const oneLine = (text) => text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
/** The first error title/detail of a JSON:API error document (`{"errors":[{"status","title","detail"}]}`), kept short. */
function terraformCloudErrorOf(text) {
    try {
        const errors = JSON.parse(text).errors;
        const first = Array.isArray(errors) ? errors[0] : undefined;
        const words = typeof first === 'string' ? first : [first?.title, first?.detail].filter((part) => typeof part === 'string').join(': ');
        return oneLine(words).slice(0, 200) || undefined;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./packages/core/src/sources/terraform-plan.ts
var terraform_plan = __webpack_require__(1454);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./packages/engine/src/argocd-client.ts
var argocd_client = __webpack_require__(6826);
// EXTERNAL MODULE: ./packages/core/src/network-waits.ts
var network_waits = __webpack_require__(3732);
;// CONCATENATED MODULE: ./packages/engine/src/drift/terraform-cloud.ts








const DEFAULT_HOSTNAME = 'app.terraform.io';
/** The JSON:API documents are small; the plan JSON gets the plan input bound (files.ts). */
const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
const ATTEMPTS = 4;
const MAX_RETRY_WAIT_MS = 60_000;
const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Transient answers worth another attempt: rate limited (30 requests/s per token), or the service briefly down. */
const RETRIED = new Set([429, 502, 503, 504]);
/** https, or plain http to a loopback host (a test server). */
const isSecure = (url) => url.protocol === 'https:' || (url.protocol === 'http:' && (0,schema/* isLoopbackHost */.cW)(url.hostname));
/** The API's base URL: https://<hostname>; an http:// URL only for a loopback host (a test server). */
function terraformCloudBase(hostname = DEFAULT_HOSTNAME) {
    const refuse = (why) => {
        throw new errors/* UserError */.yo(`terraform_cloud.hostname ${JSON.stringify(hostname)} ${why}; write a host like app.terraform.io or tfe.example.com.`);
    };
    let url;
    try {
        url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(hostname) ? hostname : `https://${hostname}`);
    }
    catch {
        url = undefined;
    }
    if (!url)
        return refuse('is not a host name');
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (0,schema/* isLoopbackHost */.cW)(url.hostname)))
        return refuse('is not https (plain http would send the token in the clear)');
    if (url.username || url.password || url.search || url.hash || url.pathname !== '/')
        return refuse('carries a path, query or credentials');
    return url;
}
/** Terraform CLI's name for a host's token: TF_TOKEN_app_terraform_io (dots to _, hyphens to __; a port has no place in it). */
function terraformCliTokenVariable(hostname) {
    if (!/^[A-Za-z0-9.-]+$/.test(hostname))
        return undefined;
    return `TF_TOKEN_${hostname.replace(/-/g, '__').replace(/\./g, '_')}`;
}
/** The API token: token_env when set, else TFE_TOKEN, else Terraform CLI's TF_TOKEN_<host>. Handed to onSecret at once. */
function terraformCloudToken(settings, base, env, onSecret) {
    const cliVariable = terraformCliTokenVariable(base.hostname);
    const names = settings.token_env ? [settings.token_env] : ['TFE_TOKEN', ...(cliVariable ? [cliVariable] : [])];
    const variable = names.find((name) => env[name]) ?? names[0];
    const token = env[variable] ?? '';
    if (!token) {
        throw new errors/* UserError */.yo(`No Terraform Cloud token for ${base.host}: set ${names.join(' or ')} (a CI secret) to a user or team API token with admin access to the workspace.`);
    }
    onSecret?.(token);
    // TF_TOKEN_<host> names its host itself; any other variable (token_env may name any one) goes only to a host the CI names.
    if (base.hostname !== DEFAULT_HOSTNAME && variable !== cliVariable && !hostNamedByEnvironment(base, env, ['TFE_HOSTNAME'])) {
        throw new errors/* UserError */.yo(`terraform_cloud.hostname names ${base.host}, which the CI environment does not: set TFE_HOSTNAME=${base.host} beside the token${cliVariable ? `, or give the token as ${cliVariable}` : ''} (the config may come from a pull request, so ${variable} only goes to a host the CI names).`);
    }
    // A header value with control characters makes fetch throw a message that quotes it.
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(token))
        throw new errors/* UserError */.yo(`The token in ${variable} contains a line break or control character; paste the token alone, without a trailing newline.`);
    return { token, variable };
}
const formatSeconds = (ms) => `${Number((ms / 1000).toFixed(ms < 1000 ? 1 : 0))} s`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const terraform_cloud_text = (answer) => Buffer.concat(answer.chunks).toString('utf8');
/** What fetch asked for and decoded; a body in any other encoding is refused rather than parsed as JSON. */
const DECODERS = new Map([
    ['gzip', external_node_zlib_.createGunzip],
    ['x-gzip', external_node_zlib_.createGunzip],
    ['deflate', external_node_zlib_.createInflate],
    ['br', external_node_zlib_.createBrotliDecompress],
]);
const ACCEPT_ENCODING = 'gzip, deflate, br';
const EMPTY = Buffer.alloc(0);
/** One Terraform Cloud / Enterprise API host, with its token; every failure is one sentence without the token. */
class TerraformCloudClient {
    base;
    token;
    tokenVariable;
    timeoutMs;
    deadlineMs;
    endsAt;
    constructor(base, token, tokenVariable, timeoutMs, deadlineMs) {
        this.base = base;
        this.token = token;
        this.tokenVariable = tokenVariable;
        this.timeoutMs = timeoutMs;
        this.deadlineMs = deadlineMs;
        this.endsAt = Date.now() + deadlineMs;
    }
    pastDeadlineMessage(what) {
        return `Terraform Cloud at ${this.base.host} had not finished sending ${what} at the ${formatSeconds(this.deadlineMs)} deadline; run it again later (GITOPS_SYNC_API_DEADLINE_SECONDS sets the deadline).`;
    }
    fail(message) {
        throw this.failure(message);
    }
    failure(message) {
        return new errors/* UserError */.yo((0,redact/* withoutSecret */.Nt)(message, this.token));
    }
    /**
     * One GET, retried on 429/5xx (honouring Retry-After). No redirect is followed here. The timeout
     * is for silence: it restarts with each chunk of the body, so a large plan may take its time.
     */
    async get(url, what, maxBytes, withToken) {
        for (let attempt = 1;; attempt++) {
            const answer = await this.attempt(url, what, maxBytes, withToken);
            if (!RETRIED.has(answer.status) || attempt >= ATTEMPTS)
                return answer;
            const retryAfter = Number(answer.headers['retry-after']);
            const wait = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : 1000 * 2 ** (attempt - 1);
            if (wait > MAX_RETRY_WAIT_MS || Date.now() + wait >= this.endsAt)
                return answer;
            await sleep(wait);
        }
    }
    /**
     * node:http rather than fetch: its native parser hands over the socket's buffers as they are (no
     * web streams, no WebAssembly parser to compile), which is most of what reading a large plan cost.
     * The body is bounded as it arrives (decoded bytes, so a compressed body cannot inflate past it).
     */
    async attempt(url, what, maxBytes, withToken) {
        // Loaded when a request is made: node:https (and TLS) would cost every command importing this module ~5 ms at start.
        const send = url.protocol === 'https:' ? (await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 4708, 23))).request : (await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 7067, 23))).request;
        const left = this.endsAt - Date.now();
        if (left <= 0)
            this.fail(this.pastDeadlineMessage(what));
        const headers = { Accept: 'application/vnd.api+json, application/json', 'Accept-Encoding': ACCEPT_ENCODING };
        if (withToken)
            headers.Authorization = `Bearer ${this.token}`;
        const overLimit = () => `${what} from ${url.host} is over the ${Math.round(maxBytes / 1024 / 1024)} MB limit; raise GITOPS_SYNC_MAX_INPUT_MB if the plan is really that large.`;
        const unreadable = (error) => `${what} could not be read from ${url.host} (${(0,argocd_client/* fetchErrorCause */.Qo)(error).slice(0, 200)}); check the hostname and that it is reachable from here, then run it again.`;
        return new Promise((resolve, reject) => {
            let settled = false;
            let request;
            let body;
            const settle = (outcome) => {
                if (settled)
                    return;
                settled = true;
                clearTimeout(silence);
                clearTimeout(deadline);
                outcome();
            };
            const refuse = (message) => settle(() => {
                request?.destroy();
                body?.destroy();
                reject(this.failure(message));
            });
            const deadline = setTimeout(() => refuse(this.pastDeadlineMessage(what)), left);
            const silence = setTimeout(() => refuse(`${url.host} did not answer for ${formatSeconds(this.timeoutMs)} while gitops-sync read ${what}; check the hostname and that it is reachable from here (GITOPS_SYNC_API_TIMEOUT_SECONDS sets the wait).`), this.timeoutMs);
            const answer = (response) => {
                silence.refresh();
                const status = response.statusCode ?? 0;
                if (REDIRECTS.has(status)) {
                    response.resume();
                    return settle(() => {
                        request?.destroy();
                        resolve({ status, headers: response.headers, chunks: [] });
                    });
                }
                const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
                // A Map: the header is the server's word, and a plain object would find `constructor` in it.
                const decoder = DECODERS.get(encoding);
                if (!decoder && encoding !== 'identity') {
                    return refuse(`${what} from ${url.host} came in an encoding gitops-sync did not ask for (${encoding.slice(0, 40).replace(/[^\x21-\x7e]/g, '?')}); check what serves ${url.host}, then run it again.`);
                }
                if (!decoder && Number(response.headers['content-length']) > maxBytes)
                    return refuse(overLimit());
                body = decoder ? response.pipe(decoder()) : response;
                const chunks = [];
                let total = 0;
                body.on('data', (chunk) => {
                    if (settled)
                        return;
                    silence.refresh();
                    total += chunk.length;
                    if (total > maxBytes)
                        return refuse(overLimit());
                    chunks.push(chunk);
                });
                body.on('error', (error) => refuse(unreadable(error)));
                response.on('error', (error) => refuse(unreadable(error)));
                // A connection closed before the declared length (or the last chunk) is a cut, not an end.
                response.on('close', () => {
                    if (!response.complete)
                        refuse(unreadable(new Error('the connection closed before the whole answer arrived')));
                });
                body.on('end', () => settle(() => resolve({ status, headers: response.headers, chunks })));
            };
            try {
                request = send(url, { headers }, answer);
            }
            catch (error) {
                return refuse(unreadable(error));
            }
            request.on('error', (error) => refuse(unreadable(error)));
            request.end();
        });
    }
    /** A failed answer in one sentence; `notFound` words what a 404 means for this request. */
    refuse(answer, what, notFound) {
        const detail = terraformCloudErrorOf(terraform_cloud_text(answer));
        const said = detail ? `: ${detail}` : '';
        const where = `Terraform Cloud at ${this.base.host}`;
        switch (answer.status) {
            case 401:
                return this.fail(`${where} refused the token in ${this.tokenVariable} while reading ${what} (HTTP 401${said}); set it to a valid, unexpired user or team API token.`);
            case 403:
                return this.fail(`${where} denied ${what} (HTTP 403${said}); the token needs admin access to the workspace (organization tokens cannot read assessment plans).`);
            case 404:
                return this.fail(`${where} found no ${what} (HTTP 404${said}); ${notFound}`);
            case 429:
                return this.fail(`${where} kept answering HTTP 429 (rate limited) for ${what} after ${ATTEMPTS} attempts; run it again later.`);
            default:
                return this.fail(`${where} answered HTTP ${answer.status} for ${what}${detail ? ` (${detail})` : ''}; run it again later.`);
        }
    }
    /** GET of a JSON:API document on the API host. */
    async document(path, what, notFound) {
        const answer = await this.get(new URL(path, this.base), what, DOCUMENT_MAX_BYTES, true);
        if (answer.status !== 200)
            this.refuse(answer, what, notFound);
        return terraform_cloud_text(answer);
    }
    /** https; plain http to a loopback host only when the API itself is a plain-http test server (never a downgrade from https). */
    mayRead(url) {
        return url.protocol === 'https:' || (this.base.protocol === 'http:' && isSecure(url));
    }
    /**
     * The plan JSON behind an assessment's json-output link: the API answers 307 to a short-lived
     * archive URL, often on another host; the token goes only to the API's own origin.
     */
    async download(link, what, notFound, maxBytes) {
        let url;
        try {
            url = new URL(link, this.base);
        }
        catch {
            return this.fail(`Terraform Cloud at ${this.base.host} gave ${what} a json-output link that is not a URL; run the check again later.`);
        }
        if (!this.mayRead(url))
            return this.fail(`Terraform Cloud at ${this.base.host} gave ${what} a json-output link that is not https (${url.protocol}//${url.host}); gitops-sync does not read it.`);
        for (let hops = 0;; hops++) {
            const answer = await this.get(url, what, maxBytes, url.origin === this.base.origin);
            if (!REDIRECTS.has(answer.status)) {
                if (answer.status !== 200)
                    this.refuse(answer, what, notFound);
                return answer.chunks;
            }
            const location = answer.headers.location;
            let next;
            try {
                next = location ? new URL(location, url) : undefined;
            }
            catch {
                next = undefined;
            }
            if (!next || !this.mayRead(next)) {
                return this.fail(`Terraform Cloud at ${this.base.host} redirected ${what} to a location that is not https (HTTP ${answer.status}); gitops-sync does not follow it.`);
            }
            if (hops >= MAX_REDIRECTS)
                return this.fail(`Terraform Cloud at ${this.base.host} redirected ${what} more than ${MAX_REDIRECTS} times; run it again later.`);
            url = next;
        }
    }
}
/** The plan reader's advice names `terraform show`; for an assessment the document came from Terraform Cloud. */
const PLAN_ADVICE = /; [^;]*`terraform show[^;]*$/;
/** What the workspace's current health assessment found, as changes judged by the Terraform rules. */
async function assessmentChanges(request) {
    const { settings } = request;
    const progress = request.progress ?? ports/* silentProgress */.RZ;
    const base = terraformCloudBase(settings.hostname);
    const { token, variable } = terraformCloudToken(settings, base, request.env, request.onSecret);
    // The whole check's budget, as for the platform APIs: a host trickling bytes inside the silence timeout is stopped too.
    const limits = (0,network_waits/* networkWaits */.Bq)(request.env);
    const client = new TerraformCloudClient(base, token, variable, limits.requestTimeoutMs, limits.deadlineMs);
    const named = settings.workspace.startsWith('ws-') ? settings.workspace : `${settings.organization}/${settings.workspace}`;
    const workspace = `workspace ${named}`;
    progress.step(`reading the current health assessment of ${workspace} on ${base.host}`);
    let workspaceId = settings.workspace;
    if (!settings.workspace.startsWith('ws-')) {
        const path = `/api/v2/organizations/${encodeURIComponent(settings.organization)}/workspaces/${encodeURIComponent(settings.workspace)}`;
        const body = await client.document(path, workspace, 'check the organization and workspace names, and that the token can read the workspace (Terraform Cloud answers 404 without access).');
        const found = parseTerraformCloudWorkspace(body, `The answer for ${workspace} from ${base.host}`);
        if (found.assessmentsEnabled === false) {
            throw new errors/* UserError */.yo(`Health assessments are off for ${workspace} on ${base.host}; turn them on (workspace Settings \u2192 Health) or remove terraform_cloud from this environment.`);
        }
        workspaceId = found.id;
    }
    const notEnabled = 'turn on health assessments for the workspace (Settings \u2192 Health) and wait for the first one, or check that the token can read the workspace.';
    const assessmentBody = await client.document(`/api/v2/workspaces/${encodeURIComponent(workspaceId)}/current-assessment-result`, `current health assessment of ${workspace}`, notEnabled);
    const assessment = parseAssessmentResult(assessmentBody, `The current health assessment of ${workspace} from ${base.host}`);
    if (!assessment)
        throw new errors/* UserError */.yo(`Terraform Cloud at ${base.host} has no current health assessment for ${workspace}; ${notEnabled}`);
    if (!assessment.succeeded) {
        const said = assessment.errorMessage ? `: ${assessment.errorMessage.slice(0, 300)}` : '';
        throw new errors/* UserError */.yo((0,redact/* withoutSecret */.Nt)(`The health assessment ${assessment.id} of ${workspace} did not succeed${said}; fix what it reports in Terraform Cloud (workspace \u2192 Health) and run the check after the next assessment.`, token));
    }
    const label = `the plan of health assessment ${assessment.id} of ${workspace}`;
    const chunks = await client.download(assessment.jsonOutput, label, 'the assessment has no plan JSON; run the check after the next assessment.', (0,files/* maxInputBytes */.qD)('plan', request.env));
    let next = 0;
    // Each piece is let go once the reader has it, so the plan is not held twice.
    const source = () => {
        const chunk = chunks[next];
        chunks[next++] = EMPTY;
        return chunk;
    };
    let plan;
    try {
        plan = (0,terraform_plan/* parseTerraformPlan */.F)(source, { label, onSecret: request.onSecret, judgedBy: request.judgedBy });
    }
    catch (error) {
        if (error instanceof errors/* UserError */.yo && PLAN_ADVICE.test(error.message)) {
            throw new errors/* UserError */.yo(error.message.replace(PLAN_ADVICE, `; ${base.host} served an incomplete or wrong document as the assessment's json-output, run the check again later.`));
        }
        throw error;
    }
    checkAgreement(assessment, plan.changes.length, workspace);
    return plan.changes;
}
/** The assessment's own verdict and its plan must agree; when they do not, nothing is decided from either. */
function checkAgreement(assessment, changes, workspace) {
    if (assessment.drifted === changes > 0)
        return;
    const verdict = assessment.drifted ? 'found drift (drifted: true)' : 'found no drift (drifted: false)';
    throw new errors/* UserError */.yo(`The health assessment ${assessment.id} of ${workspace} ${verdict}, but its plan has ${changes} change(s); gitops-sync does not guess which is right, look at the assessment in Terraform Cloud and run the check again.`);
}
/** `environments.<env>.terraform_cloud`: `drift <env>` and drift-detect's environment input read the workspace's assessment. */
const terraformCloudSource = {
    name: sources/* TERRAFORM_CLOUD_SOURCE */.VT,
    settingsOf: (environment) => environment.terraform_cloud,
    describe(settings) {
        const base = terraformCloudBase(settings.hostname).origin;
        const lookup = settings.workspace.startsWith('ws-')
            ? []
            : [`GET ${base}/api/v2/organizations/${settings.organization}/workspaces/${settings.workspace}`];
        const id = settings.workspace.startsWith('ws-') ? settings.workspace : '<workspace id>';
        return [...lookup, `GET ${base}/api/v2/workspaces/${id}/current-assessment-result`, "GET <its json-output link> (the assessment's plan JSON)"];
    },
    // The plan reader masks sensitive values as it reads them, as for a local plan.
    changes: (settings, request, context) => assessmentChanges({ settings, judgedBy: (0,rules/* rulesFor */.N)(request.config), env: context.env ?? process.env, onSecret: context.onSecret, progress: context.progress }),
};

// EXTERNAL MODULE: ./packages/core/src/json/utf8-text.ts
var utf8_text = __webpack_require__(3145);
// EXTERNAL MODULE: ./packages/core/src/json/json-text.ts
var json_text = __webpack_require__(5926);
;// CONCATENATED MODULE: ./packages/core/src/sources/compliance-findings.ts





/** `/compliance/<rule>` by rule name: a result lists the same few rules thousands of times. */
const compliancePaths = new Map();
/** The field naming the broken rule: `/compliance/<rule>` (the rule's name escaped as one pointer token). */
function complianceField(rule, before, after) {
    let path = compliancePaths.get(rule);
    if (path === undefined) {
        path = (0,json_pointer/* appendPointer */.Uc)('/compliance', rule);
        if (compliancePaths.size < 10_000)
            compliancePaths.set(rule, path);
    }
    return { path, before, after, sensitive: false };
}
/**
 * A property path as the services write it (`properties.networkAcls.ipRules[0].value`,
 * `Configuration.SSEAlgorithm`) or a JSON pointer (`/a/b`) \u2192 a JSON pointer (`/properties/networkAcls/ipRules/0/value`); `[*]` becomes the token `*`.
 */
function pointerFromPropertyPath(path) {
    let pointer = pointers.get(path);
    if (pointer === undefined) {
        pointer = toPointer(path);
        if (pointers.size < 10_000)
            pointers.set(path, pointer);
    }
    return pointer;
}
/** Pointers by property path: the evaluations of one policy name the same few paths thousands of times. */
const pointers = new Map();
function toPointer(path) {
    // A pointer is kept only when it is one: a bare `~` (not `~0`/`~1`) is read as a name and escaped.
    if (/^(\/([^~/]|~[01])*)+$/.test(path))
        return path;
    let pointer = '';
    for (const segment of path.split('.')) {
        const [name, ...indexes] = segment.split('[');
        if (name)
            pointer = (0,json_pointer/* appendPointer */.Uc)(pointer, name);
        for (const index of indexes)
            pointer = (0,json_pointer/* appendPointer */.Uc)(pointer, index.replace(/\]$/, ''));
    }
    return pointer;
}
/** A value with what lies under secret-named keys of its objects replaced by `(sensitive)` and handed to `onSecret`; the value itself when none. */
function maskedBelow(value, onSecret) {
    if (typeof value !== 'object' || value === null)
        return value;
    let masked;
    const entries = Object.entries(value);
    for (const [key, item] of entries) {
        const replaced = !Array.isArray(value) && SECRET_NAME.test(key) && item !== null ? markers/* SENSITIVE */.N : maskedBelow(item, onSecret);
        if (replaced === markers/* SENSITIVE */.N && item !== markers/* SENSITIVE */.N)
            secretStrings(item, onSecret);
        if (replaced !== item)
            (masked ??= Array.isArray(value) ? [...value] : { ...value })[key] = replaced;
    }
    return masked ?? value;
}
/**
 * A field whose path names a secret (a policy may read an admin password's alias; any token of the path,
 * not only the last: `adminPassword.value` and `connectionStrings[0].value` hold the secret too), with its values replaced by `(sensitive)` and handed to `onSecret`;
 * a value that is an object (a condition on `properties.siteConfig`) has what lies under its secret-named keys masked so.
 */
function maskedIfSecret(field, onSecret) {
    if (!SECRET_NAME.test(field.path)) {
        const [before, after] = [maskedBelow(field.before, onSecret), maskedBelow(field.after, onSecret)];
        return before === field.before && after === field.after ? field : { ...field, before, after, sensitive: true };
    }
    for (const value of [field.before, field.after])
        if (typeof value === 'string' && value)
            onSecret?.(value);
    return { ...field, before: field.before === null ? null : markers/* SENSITIVE */.N, after: field.after === null ? null : markers/* SENSITIVE */.N, sensitive: true };
}
/** Up to this many fields, a change's paths are compared one by one; past it, through a set. */
const FEW_FIELDS = 16;
/** One change per resource, its findings' fields in the order met (a path already there is kept once). */
function changesFromFindings(findings, source) {
    const byAddress = new Map();
    /** Only for changes with many fields: most resources break a few rules. */
    const pathSets = new Map();
    for (const finding of findings) {
        let change = byAddress.get(finding.address);
        if (!change)
            byAddress.set(finding.address, (change = { address: finding.address, kind: finding.kind, source, action: 'update', origin: 'outside', fields: [] }));
        const { fields } = change;
        for (const field of finding.fields) {
            let paths = pathSets.get(change);
            if (paths) {
                if (paths.has(field.path))
                    continue;
                paths.add(field.path);
            }
            else {
                if (fields.some((known) => known.path === field.path))
                    continue;
                if (fields.length >= FEW_FIELDS)
                    pathSets.set(change, (paths = new Set([...fields.map((known) => known.path), field.path])));
            }
            fields.push(field);
        }
    }
    return [...byAddress.values()];
}
const isJsonObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A saved compliance result's JSON; `fix` says what to pass instead. JSON.parse's own message may quote the file, so it is not shown. */
function parseComplianceJson(json, label, fix) {
    return (0,json_text/* parseJsonText */.lk)(json, (why) => new errors/* UserError */.yo(`${label} is not valid JSON (${why}); ${fix}.`));
}

;// CONCATENATED MODULE: ./packages/core/src/sources/aws-config.ts



/*
 * AWS Config's compliance results, as the AWS CLI prints them with `--output json`
 * (https://docs.aws.amazon.com/config/latest/APIReference/API_GetComplianceDetailsByConfigRule.html,
 * API_DescribeComplianceByResource.html):
 *
 * - get-compliance-details-by-config-rule (and -by-resource): `{ "EvaluationResults": [EvaluationResult], "NextToken"? }`,
 *   an EvaluationResult being `{ EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName,
 *   ResourceType, ResourceId, EvaluationMode? }, OrderingTimestamp, ResourceEvaluationId? }, ComplianceType,
 *   ResultRecordedTime, ConfigRuleInvokedTime, Annotation?, ResultToken? }`.
 * - describe-compliance-by-resource: `{ "ComplianceByResources": [{ ResourceType, ResourceId, Compliance:
 *   { ComplianceType, ComplianceContributorCount: { CappedCount, CapExceeded } } }], "NextToken"? }` \u2014 no rule names.
 *
 * NON_COMPLIANT is drift; COMPLIANT and NOT_APPLICABLE are not; INSUFFICIENT_DATA (the rule could not
 * evaluate the resource) is not a difference either and is left out, unless no result was evaluated (then the
 * whole result is refused: it says nothing of drift). A page with a NextToken is refused:
 * the AWS CLI pages by itself unless --max-items or --no-paginate is given, and half a result would
 * report the rest of the estate as compliant.
 */
const FIX = 'pass the JSON of `aws configservice get-compliance-details-by-config-rule` or `describe-compliance-by-resource` (--output json)';
/**
 * Where a rule's Annotation names the setting it found wrong: `field=<path>` (a JSON pointer or a dotted
 * path), with `actual=<live value>` and `expected=<wanted value>` beside it, each value one word or
 * "double quoted". AWS-managed rules write no such annotation (most write none at all); a custom rule
 * (Lambda or Guard) can, and its finding then names the field instead of only the rule.
 */
const ANNOTATION_KEYS = {
    field: 'field',
    property: 'field',
    actual: 'actual',
    current: 'actual',
    live: 'actual',
    expected: 'expected',
    wanted: 'expected',
    required: 'expected',
};
const ANNOTATION_PAIR = /(?:^|[\s,;(])([A-Za-z]+)=(?:"([^"]*)"|([^\s,;)]+))/g;
/** Fields by annotation text: a custom rule writes the same annotation for every resource it fails. */
const annotatedFields = new Map();
/** The field an annotation names, or undefined; a new object each time (it becomes part of a change). */
function fieldFromAnnotation(annotation) {
    let field = annotatedFields.get(annotation);
    if (field === undefined && !annotatedFields.has(annotation)) {
        field = readAnnotation(annotation);
        if (annotatedFields.size < 10_000)
            annotatedFields.set(annotation, field);
    }
    return field && { ...field };
}
function readAnnotation(annotation) {
    const found = {};
    for (const [, key, quoted, bare] of annotation.matchAll(ANNOTATION_PAIR)) {
        const role = ANNOTATION_KEYS[key.toLowerCase()];
        if (role && found[role] === undefined)
            found[role] = quoted ?? bare;
    }
    if (!found.field)
        return undefined;
    const path = pointerFromPropertyPath(found.field);
    // A rule's own finding is `/compliance/<rule>`: an annotation naming one would stand in for another rule's finding.
    if (path === '/compliance' || path.startsWith('/compliance/'))
        return undefined;
    return { path, before: found.actual ?? null, after: found.expected ?? null, sensitive: false };
}
const named = ({ list, index }) => `${list}[${index}]`;
function aws_config_text(item, key, place, label) {
    const value = item[key];
    if (typeof value !== 'string' || value === '')
        throw new errors/* UserError */.yo(`${label}: ${named(place)} has no ${key}; ${FIX}.`);
    return value;
}
const address = (type, id) => `${type}/${id}`;
/** The values AWS Config writes; anything else (`NonCompliant`, `non_compliant`) is another tool's text, and skipping it would hide the resource. */
const COMPLIANCE_TYPES = new Set(['NON_COMPLIANT', 'COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA']);
/** Whether an item is NON_COMPLIANT; a ComplianceType AWS Config never writes is refused. */
function isNonCompliant(item, place, label, seen) {
    const compliance = aws_config_text(item, 'ComplianceType', place, label);
    if (!COMPLIANCE_TYPES.has(compliance)) {
        throw new errors/* UserError */.yo(`${label}: ${named(place)} has a ComplianceType AWS Config does not write (${JSON.stringify((0,errors/* oneLine */.TN)(compliance).slice(0, 40))}); it writes NON_COMPLIANT, COMPLIANT, NOT_APPLICABLE or INSUFFICIENT_DATA; ${FIX}.`);
    }
    if (compliance === 'INSUFFICIENT_DATA')
        seen.insufficient = true;
    else if (compliance !== 'NOT_APPLICABLE')
        seen.evaluated = true;
    return compliance === 'NON_COMPLIANT';
}
/** Whether a page says more follow: any NextToken but an empty one (a number or an object is no less a page marker). */
const hasNextToken = (document) => document.NextToken !== undefined && document.NextToken !== null && document.NextToken !== '';
function evaluationFindings(results, label, findings, seen, onSecret) {
    const place = { list: 'EvaluationResults', index: 0 };
    for (let index = 0; index < results.length; index++) {
        const result = results[index];
        place.index = index;
        if (!isJsonObject(result))
            throw new errors/* UserError */.yo(`${label}: ${named(place)} is not an object; ${FIX}.`);
        const identifier = result.EvaluationResultIdentifier;
        const qualifier = isJsonObject(identifier) ? identifier.EvaluationResultQualifier : undefined;
        if (!isJsonObject(qualifier))
            throw new errors/* UserError */.yo(`${label}: ${named(place)} has no EvaluationResultIdentifier.EvaluationResultQualifier; ${FIX}.`);
        if (!isNonCompliant(result, place, label, seen))
            continue;
        const rule = aws_config_text(qualifier, 'ConfigRuleName', place, label);
        const kind = aws_config_text(qualifier, 'ResourceType', place, label);
        const id = aws_config_text(qualifier, 'ResourceId', place, label);
        const fields = [complianceField(rule, 'NON_COMPLIANT', 'COMPLIANT')];
        const annotated = typeof result.Annotation === 'string' ? fieldFromAnnotation(result.Annotation) : undefined;
        if (annotated)
            fields.push(maskedIfSecret(annotated, onSecret));
        findings.push({ address: address(kind, id), kind, fields });
    }
}
function resourceFindings(resources, label, findings, seen) {
    const place = { list: 'ComplianceByResources', index: 0 };
    for (let index = 0; index < resources.length; index++) {
        const resource = resources[index];
        place.index = index;
        if (!isJsonObject(resource) || !isJsonObject(resource.Compliance))
            throw new errors/* UserError */.yo(`${label}: ${named(place)} has no Compliance object; ${FIX}.`);
        if (!isNonCompliant(resource.Compliance, place, label, seen))
            continue;
        const kind = aws_config_text(resource, 'ResourceType', place, label);
        const id = aws_config_text(resource, 'ResourceId', place, label);
        // The rules it breaks are not in this answer, only how many: one field for the resource as a whole.
        findings.push({ address: address(kind, id), kind, fields: [{ path: '/compliance', before: 'NON_COMPLIANT', after: 'COMPLIANT', sensitive: false }] });
    }
}
/** The findings of one parsed page (a saved file, or one page the engine fetched). */
function awsConfigFindings(document, label, options = {}) {
    if (!isJsonObject(document))
        throw new errors/* UserError */.yo(`${label} is not an AWS Config compliance result (a JSON object with EvaluationResults or ComplianceByResources); ${FIX}.`);
    if (!options.allowNextToken && hasNextToken(document)) {
        throw new errors/* UserError */.yo(`${label} is one page of several (it has a NextToken), so the resources on the other pages would pass unseen; save the whole result (the AWS CLI pages by itself unless --max-items or --no-paginate is given).`);
    }
    const { EvaluationResults: results, ComplianceByResources: resources } = document;
    if (results === undefined && resources === undefined) {
        throw new errors/* UserError */.yo(`${label} is not an AWS Config compliance result (it has neither EvaluationResults nor ComplianceByResources); ${FIX}.`);
    }
    const findings = [];
    const seen = { evaluated: false, insufficient: false };
    if (results !== undefined) {
        if (!Array.isArray(results))
            throw new errors/* UserError */.yo(`${label}: EvaluationResults is not an array; ${FIX}.`);
        evaluationFindings(results, label, findings, seen, options.onSecret);
    }
    if (resources !== undefined) {
        if (!Array.isArray(resources))
            throw new errors/* UserError */.yo(`${label}: ComplianceByResources is not an array; ${FIX}.`);
        resourceFindings(resources, label, findings, seen);
    }
    // A whole result in which no rule could evaluate any resource (INSUFFICIENT_DATA; NOT_APPLICABLE evaluates nothing either) says nothing of drift.
    if (!options.allowNextToken && seen.insufficient && !seen.evaluated) {
        const count = (results ?? []).length + (resources ?? []).length;
        throw new errors/* UserError */.yo(`${label}: none of its ${count} results was evaluated (INSUFFICIENT_DATA: no rule could evaluate a resource), so it cannot tell whether anything drifted; check the rules' evaluations in AWS Config and save the result again.`);
    }
    return findings;
}
/** Changes from the saved JSON of one AWS Config compliance command: one per non-compliant resource. */
function parseAwsConfigCompliance(json, label, onSecret) {
    return changesFromFindings(awsConfigFindings(parseComplianceJson(json, label, FIX), label, { onSecret }), sources/* AWS_CONFIG_SOURCE */.tx);
}

;// CONCATENATED MODULE: ./packages/core/src/sources/azure-policy.ts



/*
 * Azure Policy's compliance states as `az policy state list -o json` prints them: a JSON array of
 * PolicyState (https://learn.microsoft.com/rest/api/policy/policy-states/list-query-results-for-subscription),
 * each `{ resourceId, resourceType, complianceState: NonCompliant|Compliant|Conflict|Exempt|Unknown\u2026,
 * isCompliant (older API versions), policyDefinitionName, policyDefinitionId, policyAssignmentName,
 * policyDefinitionAction, policyDefinitionReferenceId, policySetDefinitionName, \u2026 }`. The REST body
 * `{ "@odata.context", "@odata.count", "value": [PolicyState], "@odata.nextLink"? }` is read too.
 * With `--expand PolicyEvaluationDetails` each state has `policyEvaluationDetails.evaluatedExpressions[]`:
 * `{ expression, expressionKind, path, expressionValue, targetValue, operator, result }` \u2014 the policy
 * rule's `if` conditions as evaluated. A resource is non-compliant because its `if` held, so the
 * conditions with result "True" are the reasons: `expressionValue` is what runs now, and what the
 * policy wants is the opposite of the condition ("notEquals true" held \u2192 it wants "equals true").
 */
const azure_policy_FIX = 'pass the JSON of `az policy state list` (-o json, best with --expand PolicyEvaluationDetails)';
/** What each policy condition operator asks for when it must NOT hold (the condition held: that is the finding). */
const OPPOSITE_OPERATOR = {
    equals: 'notEquals',
    notequals: 'equals',
    like: 'notLike',
    notlike: 'like',
    match: 'notMatch',
    notmatch: 'match',
    matchinsensitively: 'notMatchInsensitively',
    notmatchinsensitively: 'matchInsensitively',
    contains: 'notContains',
    notcontains: 'contains',
    in: 'notIn',
    notin: 'in',
    containskey: 'notContainsKey',
    notcontainskey: 'containsKey',
    less: 'greaterOrEquals',
    lessorequals: 'greater',
    greater: 'lessOrEquals',
    greaterorequals: 'less',
};
/** The selector every policy rule starts with (`field: type equals \u2026`) says which resources it reads, not what is wrong with them. */
const SELECTOR_PATHS = new Set(['type']);
const valueText = (value) => (typeof value === 'string' ? value : JSON.stringify(value));
/** What the policy wants, as text: the opposite of the condition that held ("equals true", "in [\"westeurope\"]"). */
function wantedByPolicy(operator, target) {
    const key = operator.toLowerCase();
    if (key === 'exists')
        return `exists ${String(target).toLowerCase() === 'true' ? 'false' : 'true'}`;
    const opposite = OPPOSITE_OPERATOR[key];
    return opposite ? `${opposite} ${valueText(target)}` : `not (${operator} ${valueText(target)})`;
}
function reasonFields(state, onSecret) {
    const details = state.policyEvaluationDetails;
    const expressions = isJsonObject(details) && Array.isArray(details.evaluatedExpressions) ? details.evaluatedExpressions : [];
    const fields = [];
    for (const expression of expressions) {
        if (!isJsonObject(expression) || String(expression.result).toLowerCase() !== 'true')
            continue;
        const { path, operator } = expression;
        if (typeof path !== 'string' || !path || SELECTOR_PATHS.has(path) || typeof operator !== 'string')
            continue;
        const field = { path: pointerFromPropertyPath(path), before: expression.expressionValue ?? null, after: wantedByPolicy(operator, expression.targetValue), sensitive: false };
        fields.push(maskedIfSecret(field, onSecret));
    }
    return fields;
}
/**
 * The states Azure Policy writes, in lower case (https://learn.microsoft.com/azure/governance/policy/concepts/compliance-states);
 * anything else (`Non-Compliant`, another tool's word) is refused: skipped, it would hide the resource.
 */
const COMPLIANCE_STATES = new Set(['noncompliant', 'compliant', 'conflict', 'exempt', 'unknown', 'notstarted', 'error', 'protected']);
/**
 * States that say the resource was not (yet) evaluated: a result with some of these and no evaluated state
 * (NonCompliant, Compliant, Conflict) says nothing of drift. A manual policy's Unknown waits for an
 * attestation, not an evaluation; Exempt and Protected evaluate nothing: neither counts either way.
 */
const NOT_EVALUATED = new Set(['unknown', 'notstarted', 'error']);
const EVALUATED = new Set(['noncompliant', 'compliant', 'conflict']);
/** The state in lower case (`noncompliant`, `compliant`, \u2026 from isCompliant too); a state Azure Policy never writes is refused. */
function complianceOf(state, place, label) {
    if (typeof state.complianceState === 'string') {
        const known = state.complianceState.toLowerCase();
        if (!COMPLIANCE_STATES.has(known)) {
            throw new errors/* UserError */.yo(`${label}: ${azure_policy_named(place)} has a complianceState Azure Policy does not write (${JSON.stringify((0,errors/* oneLine */.TN)(state.complianceState).slice(0, 40))}); it writes NonCompliant, Compliant, Conflict, Exempt, Unknown, NotStarted, Error or Protected; ${azure_policy_FIX}.`);
        }
        // Older API versions write isCompliant beside it: one saying the opposite makes the state unreadable.
        if (typeof state.isCompliant === 'boolean' && (known === 'compliant' || known === 'noncompliant') && state.isCompliant !== (known === 'compliant')) {
            throw new errors/* UserError */.yo(`${label}: ${azure_policy_named(place)} says complianceState ${(0,errors/* oneLine */.TN)(state.complianceState)} but isCompliant ${state.isCompliant}; ${azure_policy_FIX}.`);
        }
        return known;
    }
    if (typeof state.isCompliant === 'boolean')
        return state.isCompliant ? 'compliant' : 'noncompliant';
    throw new errors/* UserError */.yo(`${label}: ${azure_policy_named(place)} has neither complianceState nor isCompliant; ${azure_policy_FIX}.`);
}
const azure_policy_named = ({ index, resourceId }) => `state ${index}${resourceId === undefined ? '' : ` (${(0,errors/* oneLine */.TN)(resourceId)})`}`;
function azure_policy_text(state, key, place, label) {
    const value = state[key];
    if (typeof value !== 'string' || value === '')
        throw new errors/* UserError */.yo(`${label}: ${azure_policy_named(place)} has no ${key}; ${azure_policy_FIX}.`);
    return value;
}
/** The states of one parsed document: the CLI's array, or a REST body's `value`. */
function policyStates(document, label, options) {
    if (Array.isArray(document))
        return document;
    if (isJsonObject(document) && Array.isArray(document.value)) {
        // ARM names the link nextLink, Policy Insights' OData answers @odata.nextLink; any value but an empty one is a page marker.
        const link = ['@odata.nextLink', 'odata.nextLink', 'nextLink'].find((key) => document[key] !== undefined && document[key] !== null && document[key] !== '');
        if (!options.allowNextLink && link) {
            throw new errors/* UserError */.yo(`${label} is one page of several (it has ${link === 'nextLink' ? 'a' : 'an'} ${link}), so the resources on the other pages would pass unseen; save the whole result (az policy state list follows the pages itself).`);
        }
        const count = document['@odata.count'];
        if (!options.allowNextLink && typeof count === 'number' && count > document.value.length) {
            throw new errors/* UserError */.yo(`${label} counts ${count} states (@odata.count) but holds ${document.value.length}, so it is one page of several and the resources on the other pages would pass unseen; save the whole result (az policy state list follows the pages itself).`);
        }
        return document.value;
    }
    throw new errors/* UserError */.yo(`${label} is not a list of Azure Policy states (a JSON array, or an object with value); ${azure_policy_FIX}.`);
}
/** The findings of one parsed document (a saved file, or what the engine ran az for). */
function azurePolicyFindings(document, label, options = {}) {
    const findings = [];
    const states = policyStates(document, label, options);
    let evaluated = 0;
    let pending = 0;
    const place = { index: 0, resourceId: undefined };
    for (let index = 0; index < states.length; index++) {
        const state = states[index];
        place.index = index;
        place.resourceId = undefined;
        if (!isJsonObject(state))
            throw new errors/* UserError */.yo(`${label}: ${azure_policy_named(place)} is not an object; ${azure_policy_FIX}.`);
        const resourceId = azure_policy_text(state, 'resourceId', place, label);
        place.resourceId = resourceId;
        const compliance = complianceOf(state, place, label);
        if (EVALUATED.has(compliance))
            evaluated++;
        else if (NOT_EVALUATED.has(compliance) && !(compliance === 'unknown' && String(state.policyDefinitionAction).toLowerCase() === 'manual'))
            pending++;
        if (compliance !== 'noncompliant')
            continue;
        const resourceType = azure_policy_text(state, 'resourceType', place, label);
        const kind = resourceType.startsWith('/') ? resourceType.slice(1) : resourceType;
        const definition = azure_policy_text(state, 'policyDefinitionName', place, label);
        const fields = [complianceField(definition, 'NonCompliant', 'Compliant'), ...reasonFields(state, options.onSecret)];
        findings.push({ address: resourceId, kind, fields });
    }
    if (pending > 0 && evaluated === 0) {
        throw new errors/* UserError */.yo(`${label}: none of its ${states.length} policy states was evaluated (${pending} Unknown, NotStarted or Error, none NonCompliant, Compliant or Conflict), so it cannot tell whether anything drifted; let the evaluation finish (az policy state trigger-scan) or fix what failed it, and list the states again.`);
    }
    return findings;
}
/** Changes from the saved JSON of `az policy state list`: one per non-compliant resource. */
function parseAzurePolicyStates(json, label, onSecret) {
    return changesFromFindings(azurePolicyFindings(parseComplianceJson(json, label, azure_policy_FIX), label, { onSecret }), sources/* AZURE_POLICY_SOURCE */.fl);
}

// EXTERNAL MODULE: ./packages/core/src/generators/atlantis.ts + 1 modules
var atlantis = __webpack_require__(681);
// EXTERNAL MODULE: ./packages/engine/src/path-lookup.ts
var path_lookup = __webpack_require__(3072);
;// CONCATENATED MODULE: ./packages/engine/src/drift/cloud-policy.ts




const AWS_HINT = 'the JSON of `aws configservice get-compliance-details-by-config-rule` or `describe-compliance-by-resource`';
const AZURE_HINT = 'the JSON of `az policy state list --filter "complianceState eq \'NonCompliant\'" --expand PolicyEvaluationDetails`';
/** More pages than any account has rules' results: a NextToken that never ends is a CLI fault, not a reason to loop. */
const MAX_PAGES = 1000;
const AWS_FAILURES = [
    { pattern: /AccessDenied|UnauthorizedOperation|not authorized/i, advice: 'give the role config:DescribeComplianceByConfigRule, config:GetComplianceDetailsByConfigRule and config:DescribeComplianceByResource' },
    { pattern: /Unable to locate credentials|ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|security token/i, advice: 'the AWS credentials are missing or expired: log in first (in CI, aws-actions/configure-aws-credentials with OIDC)' },
    { pattern: /NoSuchConfigRule/, advice: 'that Config rule does not exist in this account and region: check rules and region' },
    { pattern: /You must specify a region/, advice: 'name the region (aws_config.region, or AWS_REGION)' },
    { pattern: /Could not connect to the endpoint URL/, advice: 'the Config endpoint could not be reached: check the network and the region' },
];
const AZURE_FAILURES = [
    { pattern: /AuthorizationFailed|does not have authorization|Forbidden/i, advice: 'give the identity a role with Microsoft.PolicyInsights/policyStates/queryResults/read (Reader, or Resource Policy Contributor) on the scope' },
    { pattern: /az login|AADSTS|expired|No subscription found|credentials/i, advice: 'az is not logged in or its token expired: log in first (in CI, azure/login with OIDC)' },
    { pattern: /SubscriptionNotFound|could not be found|ResourceGroupNotFound|PolicyAssignmentNotFound/i, advice: 'the subscription, resource group or policy assignment does not exist or is not visible to this identity' },
];
/** The error code a CLI printed: `An error occurred (AccessDeniedException) when \u2026` (aws), `ERROR: (AuthorizationFailed) \u2026` (az). */
const ERROR_CODE = /\(([A-Za-z][A-Za-z0-9.]*)\)/;
function cliFailure(tool, description, exitCode, stderr, failures) {
    const code = ERROR_CODE.exec(stderr)?.[1];
    const advice = failures.find(({ pattern }) => pattern.test(stderr))?.advice ?? `run ${description} yourself to read its message (not repeated here: it may name accounts and principals)`;
    return new errors/* UserError */.yo(`${description} failed (exit ${exitCode}${code ? `, ${code}` : ''}); ${advice}.`);
}
async function runCli(call, timeoutSeconds, context, failures) {
    const env = context.env ?? process.env;
    if (!(0,path_lookup/* isOnPath */.j)(call.tool, env)) {
        const install = call.tool === 'aws' ? 'install AWS CLI v2' : 'install the Azure CLI';
        throw new errors/* UserError */.yo(`${call.tool} is not installed or not on PATH; ${install}, or set file: to a saved result of ${call.description}.`);
    }
    context.progress?.step(call.description);
    const login = call.tool === 'aws' ? 'check the network and the AWS credentials' : 'check the network and az login';
    const maxBytes = (0,files/* maxInputBytes */.qD)('plan', env);
    const outputLimit = {
        bytes: maxBytes,
        message: `${call.description} printed more than ${Math.round(maxBytes / 1024 / 1024)} MB and was stopped; narrow what it lists (rules, resource_group, policy_assignment) or raise GITOPS_SYNC_MAX_INPUT_MB.`,
    };
    const result = await context.exec.run(call.tool, call.args, { env, outputLimit, timeout: { ms: timeoutSeconds * 1000, hint: `${login}, or raise timeout_seconds` } });
    if (result.exitCode !== 0)
        throw cliFailure(call.tool, call.description, result.exitCode, result.stderr, failures);
    const text = result.stdout.toString('utf8');
    try {
        return JSON.parse(text);
    }
    catch {
        throw new errors/* UserError */.yo(`${call.description} printed something that is not JSON (cut off, or another --output); run it with --output json to see what it prints.`);
    }
}
const relativeFile = (file, request) => (0,external_node_path_.resolve)(request.baseDir, file);
const readConfiguredFile = (file, request, hint) => (0,utf8_text/* utf8Text */.H)((0,files/* readInputFile */.jH)(relativeFile(file, request), hint, { within: request.baseDir }));
// \u2500\u2500 AWS Config \u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500
function awsCommonArgs(settings) {
    return [...(settings.region ? ['--region', settings.region] : []), ...(settings.profile ? ['--profile', settings.profile] : []), '--output', 'json'];
}
const awsRulesCall = (settings, startingToken) => ({
    tool: 'aws',
    args: ['configservice', 'describe-compliance-by-config-rule', '--compliance-types', 'NON_COMPLIANT', ...(startingToken ? ['--starting-token', startingToken] : []), ...awsCommonArgs(settings)],
    description: 'aws configservice describe-compliance-by-config-rule',
});
const awsDetailsCall = (settings, rule, startingToken) => ({
    tool: 'aws',
    args: [
        'configservice', 'get-compliance-details-by-config-rule', '--config-rule-name', rule, '--compliance-types', 'NON_COMPLIANT',
        ...(startingToken ? ['--starting-token', startingToken] : []), ...awsCommonArgs(settings),
    ],
    description: `aws configservice get-compliance-details-by-config-rule (rule ${rule})`,
});
/**
 * Every page of an AWS CLI listing, each handed to `read`: the CLI pages by itself, but a NextToken
 * it still prints (a profile's or the environment's page size) must be followed, never dropped.
 */
async function eachAwsPage(callFor, settings, context, read) {
    let token;
    for (let page = 1;; page++) {
        const call = callFor(token);
        const answer = await runCli(call, settings.timeout_seconds, context, AWS_FAILURES);
        read(answer, call);
        if (!isJsonObject(answer) || !hasNextToken(answer))
            return;
        if (typeof answer.NextToken !== 'string')
            throw new errors/* UserError */.yo(`${call.description} printed a NextToken that is not text, so its other pages cannot be asked for; run it yourself with --output json to see what it prints.`);
        token = answer.NextToken;
        if (page >= MAX_PAGES)
            throw new errors/* UserError */.yo(`${call.description} still had a NextToken after ${MAX_PAGES} pages; the results are incomplete, so nothing is reported \u2014 run it yourself to see why.`);
    }
}
/** The rules with a non-compliant resource, when the config names none. */
async function nonCompliantRules(settings, context) {
    const rules = [];
    await eachAwsPage((token) => awsRulesCall(settings, token), settings, context, (answer, call) => {
        const list = isJsonObject(answer) ? answer.ComplianceByConfigRules : undefined;
        if (!Array.isArray(list))
            throw new errors/* UserError */.yo(`${call.description} printed no ComplianceByConfigRules list; run it with --output json to see what it prints.`);
        for (const entry of list)
            if (isJsonObject(entry) && typeof entry.ConfigRuleName === 'string' && entry.ConfigRuleName)
                rules.push(entry.ConfigRuleName);
    });
    return rules;
}
async function awsConfigChanges(settings, request, context) {
    if (settings.file)
        return parseAwsConfigCompliance(readConfiguredFile(settings.file, request, AWS_HINT), settings.file, context.onSecret);
    const rules = settings.rules ?? (await nonCompliantRules(settings, context));
    const findings = [];
    for (const rule of rules) {
        await eachAwsPage((token) => awsDetailsCall(settings, rule, token), settings, context, (answer, call) => {
            for (const finding of awsConfigFindings(answer, `the answer of ${call.description}`, { allowNextToken: true, onSecret: context.onSecret }))
                findings.push(finding);
        });
    }
    const types = settings.resource_types && new Set(settings.resource_types);
    return changesFromFindings(types ? findings.filter((finding) => types.has(finding.kind)) : findings, sources/* AWS_CONFIG_SOURCE */.tx);
}
const awsConfigEnvironmentSource = {
    name: sources/* AWS_CONFIG_SOURCE */.tx,
    settingsOf: (environment) => environment.aws_config,
    describe: (settings, request) => {
        if (settings.file)
            return [`read ${relativeFile(settings.file, request)}`];
        const details = `aws ${awsDetailsCall(settings, '<rule>').args.join(' ')}`;
        if (settings.rules)
            return settings.rules.map((rule) => details.replace('<rule>', rule));
        return [`aws ${awsRulesCall(settings).args.join(' ')}`, `${details} (for each rule listed)`];
    },
    changes: awsConfigChanges,
};
const awsConfigSavedSource = {
    name: sources/* AWS_CONFIG_SOURCE */.tx,
    hint: AWS_HINT,
    changes: (path, options) => parseAwsConfigCompliance((0,utf8_text/* utf8Text */.H)((0,files/* readInputFile */.jH)(path, AWS_HINT)), options.label, options.onSecret),
};
// \u2500\u2500 Azure Policy \u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500
const azureCall = (settings) => ({
    tool: 'az',
    args: [
        'policy', 'state', 'list', '--filter', "complianceState eq 'NonCompliant'", '--expand', 'PolicyEvaluationDetails',
        ...(settings.subscription ? ['--subscription', settings.subscription] : []),
        ...(settings.resource_group ? ['--resource-group', settings.resource_group] : []),
        ...(settings.policy_assignment ? ['--policy-assignment', settings.policy_assignment] : []),
        '--output', 'json',
    ],
    description: 'az policy state list',
});
async function azurePolicyChanges(settings, request, context) {
    if (settings.file)
        return parseAzurePolicyStates(readConfiguredFile(settings.file, request, AZURE_HINT), settings.file, context.onSecret);
    const call = azureCall(settings);
    const answer = await runCli(call, settings.timeout_seconds, context, AZURE_FAILURES);
    return changesFromFindings(azurePolicyFindings(answer, `the answer of ${call.description}`, { onSecret: context.onSecret }), sources/* AZURE_POLICY_SOURCE */.fl);
}
const azurePolicyEnvironmentSource = {
    name: sources/* AZURE_POLICY_SOURCE */.fl,
    settingsOf: (environment) => environment.azure_policy,
    // The az command line as a shell would need it quoted (for --dry-run only: the call itself takes an argument array).
    describe: (settings, request) => (settings.file ? [`read ${relativeFile(settings.file, request)}`] : [`az ${azureCall(settings).args.map(atlantis/* shellWord */.r7).join(' ')}`]),
    changes: azurePolicyChanges,
};
const azurePolicySavedSource = {
    name: sources/* AZURE_POLICY_SOURCE */.fl,
    hint: AZURE_HINT,
    changes: (path, options) => parseAzurePolicyStates((0,utf8_text/* utf8Text */.H)((0,files/* readInputFile */.jH)(path, AZURE_HINT)), options.label, options.onSecret),
};

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./packages/core/src/sources/ansible-results.ts

/*
 * One task's result on one host, as gitops-sync's Ansible callback plugin writes it (one JSON object per
 * line, `gitops-sync/ansible-result@1`) and as AWX job events are read into: the contract between the
 * Ansible run (ansible-playbook, AWX) and the source that turns results into changes.
 */
const ANSIBLE_RESULT_SCHEMA = 'gitops-sync/ansible-result@1';
/** Ansible's `diff`: one object or a list of them (`before`/`after`, their headers, or `prepared` text). */
const AnsibleDiff = schemas/* object */.Ikc({
    before: schemas/* unknown */.L5J().optional(),
    after: schemas/* unknown */.L5J().optional(),
    before_header: schemas/* string */.YjP().optional(),
    after_header: schemas/* string */.YjP().optional(),
    prepared: schemas/* string */.YjP().optional(),
})
    .passthrough();
const AnsibleTaskResult = schemas/* object */.Ikc({
    schema: schemas/* literal */.euz(ANSIBLE_RESULT_SCHEMA),
    host: schemas/* string */.YjP().min(1),
    /** The task's name as the playbook gives it (Ansible's default: the action). */
    task: schemas/* string */.YjP(),
    /** The module's fully qualified name when known (`ansible.builtin.copy`), else as written (`copy`). */
    module: schemas/* string */.YjP().min(1),
    /** The task's module arguments, censored: absent for `no_log` tasks. */
    args: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).optional(),
    status: schemas/* enum */.k5n(['ok', 'changed', 'failed', 'skipped', 'unreachable']),
    changed: schemas/* boolean */.zMY(),
    /** A failed task the playbook ignores (`ignore_errors`): not a failure of the check. */
    ignored: schemas/* boolean */.zMY().optional(),
    /** The task had `no_log: true`: no diff, no args, no result values. */
    no_log: schemas/* boolean */.zMY().default(false),
    diff: schemas/* union */.KCZ([AnsibleDiff, schemas/* array */.YOg(AnsibleDiff)]).optional(),
    /** Failure or unreachable message, censored. */
    message: schemas/* string */.YjP().optional(),
})
    .strict();
/** The callback's last line: the run finished (a file without it is a run that never reported its end). */
const AnsibleRunEnd = schemas/* object */.Ikc({
    schema: schemas/* literal */.euz(ANSIBLE_RESULT_SCHEMA),
    end: schemas/* literal */.euz(true),
    /** Per host: ok, changed, failures, unreachable, skipped (Ansible's stats). */
    stats: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* number */.aig())),
})
    .strict();

;// CONCATENATED MODULE: ./packages/core/src/sources/ansible-check.ts









/*
 * `ansible-playbook --check --diff` as a drift source. In check mode a `changed` result says what runs
 * on the host now differs from what the playbook (Git) wants: origin `outside`, `before` = the host,
 * `after` = the playbook. One change per host and resource, the resource being the module and its
 * identifying argument (a file's path, a package's or user's name), so rules can match real paths.
 */
/** Written for a field Ansible does not report, e.g. the `before` of a module's `prepared` diff text. */
const NOT_REPORTED = '(not reported)';
/**
 * The arguments that name the resource a module manages, per module short name: the first one present
 * names it. A module not listed is named by the first of DEFAULT_IDENTIFYING_ARGS it has.
 */
const FILE_ARGS = ['path', 'dest', 'destfile', 'name'];
const NAME_ARGS = ['name'];
const PACKAGE_ARGS = ['name', 'pkg', 'package', 'deb'];
const ANSIBLE_IDENTIFYING_ARGS = {
    // files
    copy: ['dest'],
    template: ['dest'],
    file: FILE_ARGS,
    lineinfile: FILE_ARGS,
    blockinfile: FILE_ARGS,
    replace: FILE_ARGS,
    ini_file: FILE_ARGS,
    xml: ['path', 'dest', 'file'],
    assemble: ['dest'],
    unarchive: ['dest'],
    get_url: ['dest'],
    git: ['dest'],
    known_hosts: ['path', 'name'],
    // packages and repositories
    apt: PACKAGE_ARGS,
    dnf: PACKAGE_ARGS,
    dnf5: PACKAGE_ARGS,
    yum: PACKAGE_ARGS,
    package: PACKAGE_ARGS,
    apk: PACKAGE_ARGS,
    zypper: PACKAGE_ARGS,
    pacman: PACKAGE_ARGS,
    homebrew: PACKAGE_ARGS,
    snap: PACKAGE_ARGS,
    pip: ['name', 'requirements'],
    gem: NAME_ARGS,
    npm: ['name', 'path'],
    apt_repository: ['repo'],
    yum_repository: NAME_ARGS,
    apt_key: ['id', 'url', 'file'],
    rpm_key: ['key'],
    debconf: NAME_ARGS,
    // services and the kernel
    service: NAME_ARGS,
    systemd: NAME_ARGS,
    systemd_service: NAME_ARGS,
    sysvinit: NAME_ARGS,
    sysctl: NAME_ARGS,
    modprobe: NAME_ARGS,
    kernel_blacklist: NAME_ARGS,
    mount: ['path', 'name'],
    filesystem: ['dev'],
    lvg: ['vg'],
    lvol: ['lv'],
    cron: NAME_ARGS,
    hostname: NAME_ARGS,
    timezone: NAME_ARGS,
    alternatives: NAME_ARGS,
    locale_gen: NAME_ARGS,
    // identity and access
    user: NAME_ARGS,
    group: NAME_ARGS,
    authorized_key: ['user'],
    sudoers: NAME_ARGS,
    pamd: NAME_ARGS,
    pam_limits: ['domain'],
    seboolean: NAME_ARGS,
    sefcontext: ['target'],
    seport: ['ports'],
    selinux: ['policy'],
    firewalld: ['service', 'port', 'rich_rule', 'source', 'interface', 'zone'],
    iptables: ['chain'],
    ufw: ['rule', 'port', 'name'],
    // certificates and keys
    openssl_privatekey: ['path'],
    openssl_publickey: ['path'],
    openssl_csr: ['path'],
    openssl_dhparam: ['path'],
    openssl_pkcs12: ['path'],
    x509_certificate: ['path'],
    x509_crl: ['path'],
};
const DEFAULT_IDENTIFYING_ARGS = ['path', 'dest', 'name'];
/** Texts Ansible writes in place of a value it censored (no_log tasks, no_log module parameters). */
const CENSORED_MARKERS = [
    "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
    'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER',
    '********',
];
/** Vault-encrypted values: the ciphertext (`$ANSIBLE_VAULT;1.1;AES256\u2026`) or the YAML tag around it. */
const VAULT_MARKERS = ['$ANSIBLE_VAULT;', '!vault'];
const ansible_check_isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** The module's name without its collection: `ansible.builtin.copy` \u2192 `copy`. */
function moduleShortName(module) {
    return module.slice(module.lastIndexOf('.') + 1);
}
const RELATIVE_DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;
function identifierText(value) {
    if (typeof value === 'string' && value !== '') {
        // `/etc/./sudoers` and `/etc//sudoers.d/../sudoers` are /etc/sudoers: the address carries the real path for the rules;
        // a relative path keeps only its leading `..` (`a/../../etc/x` is `../etc/x`), which the rules judge as reaching anywhere.
        if (value.startsWith('/'))
            return value.includes('//') || value.includes('/.') ? external_node_path_.posix.normalize(value) : value;
        return !value.includes('://') && (value.includes('//') || RELATIVE_DOT_SEGMENT.test(value)) ? external_node_path_.posix.normalize(value) : value;
    }
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    if (Array.isArray(value) && value.length) {
        const items = value.map(identifierText);
        return items.every((item) => item !== undefined) ? items.join(',') : undefined;
    }
    return undefined;
}
/**
 * `<host>/<module short name>[<identifying argument>]`, or `<host>/<module short name>` when no argument
 * names it. A `/` in the host name is written `%2F`, so the address has exactly one `/` before the module
 * and the rules' address globs (one segment for the host, one for the module) match whatever the host is called.
 */
function ansibleAddress(result) {
    return addressOf(escapedSegment(result.host), moduleShortName(result.module), result.args);
}
const escapedSegment = (name) => (name.includes('/') ? name.replaceAll('/', '%2F') : name);
/** Looked up in a Map: a module named `constructor` or `__proto__` must not find Object's own properties. */
const IDENTIFYING_ARGS = new Map(Object.entries(ANSIBLE_IDENTIFYING_ARGS));
function addressOf(host, short, args) {
    const module = escapedSegment(short);
    if (args) {
        for (const name of IDENTIFYING_ARGS.get(short) ?? DEFAULT_IDENTIFYING_ARGS) {
            const identifier = identifierText(args[name]);
            if (identifier !== undefined)
                return `${host}/${module}[${identifier}]`;
        }
    }
    return `${host}/${module}`;
}
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Any censorship or vault marker, in one scan of a text. */
const MARKER = new RegExp([...CENSORED_MARKERS, ...VAULT_MARKERS].map(escapeRegExp).join('|'));
const containsMarker = (value) => {
    if (typeof value === 'string')
        return MARKER.test(value);
    if (Array.isArray(value))
        return value.some(containsMarker);
    if (ansible_check_isObject(value))
        return Object.values(value).some(containsMarker);
    return false;
};
/** Strings that are secrets to redact: everything but Ansible's own censorship texts. */
function ansible_check_collectSecrets(value, sink) {
    if (!sink || value === null || value === undefined)
        return;
    if (typeof value === 'string') {
        // Shorter ones are masked in the report but not handed on, as the plan source does: blanking every "no" would garble all output.
        if (value.length >= value_diff/* MIN_HANDED_ON_SECRET_LENGTH */.uP && !CENSORED_MARKERS.some((marker) => value === marker))
            sink(value);
        return;
    }
    if (typeof value === 'object')
        for (const item of Object.values(value))
            ansible_check_collectSecrets(item, sink);
}
/** A field showing a censored or vault-encrypted value is sensitive: it shows `(sensitive)` and its values go to the sink. */
function guarded(field, sink) {
    if (!containsMarker(field.before) && !containsMarker(field.after))
        return field;
    ansible_check_collectSecrets(field.before, sink);
    ansible_check_collectSecrets(field.after, sink);
    const masked = (value) => (value === null || value === undefined ? null : markers/* SENSITIVE */.N);
    return { ...field, before: masked(field.before), after: masked(field.after), sensitive: true };
}
const CONTENT = '/content';
function fieldsOfDiff(diff) {
    const { before, after, prepared } = diff;
    if (ansible_check_isObject(before) || ansible_check_isObject(after)) {
        if ((ansible_check_isObject(before) || before === undefined) && (ansible_check_isObject(after) || after === undefined))
            return (0,value_diff/* diffValues */.In)(before, after);
    }
    const fields = [];
    if (before !== undefined || after !== undefined) {
        if (before !== after)
            fields.push({ path: CONTENT, before: before ?? null, after: after ?? null, sensitive: false });
    }
    if (prepared !== undefined && prepared !== '')
        fields.push({ path: CONTENT, before: NOT_REPORTED, after: prepared, sensitive: false });
    return fields;
}
/** The argument naming a link's target (`file` with state link or hard), written by the callback beside the identifying ones. */
const LINK_TARGET_ARG = 'src';
/**
 * A link's target as a field: what is later written through the link lands there, so the rules judge it
 * (Ansible's diff of a link shows only its path and state).
 */
function linkTargetField(result, fields) {
    if (moduleShortName(result.module) !== 'file' || (result.args?.state !== 'link' && result.args?.state !== 'hard'))
        return undefined;
    const target = identifierText(result.args[LINK_TARGET_ARG]);
    if (target === undefined || fields.some((field) => field.path === `/${LINK_TARGET_ARG}`))
        return undefined;
    return { path: `/${LINK_TARGET_ARG}`, before: NOT_REPORTED, after: target, sensitive: false };
}
const NO_DIFFS = [];
const diffsOf = (result) => (result.diff === undefined ? NO_DIFFS : Array.isArray(result.diff) ? result.diff : [result.diff]);
const absentAfter = (diff) => ansible_check_isObject(diff.after) && diff.after.state === 'absent';
const absentBefore = (diff) => ansible_check_isObject(diff.before) && diff.before.state === 'absent';
/** What the playbook does to the resource: creates it (it is absent now), deletes it (state absent), or updates it. */
function actionOf(result, diffs) {
    if (!diffs.length)
        return result.args?.state === 'absent' ? 'delete' : 'update';
    if (diffs.every(absentAfter))
        return 'delete';
    if (diffs.every(absentBefore))
        return 'create';
    return 'update';
}
/** The whole resource, hidden: a `no_log` task says it changed and nothing more. */
const HIDDEN_FIELD = { path: '', before: markers/* SENSITIVE */.N, after: markers/* SENSITIVE */.N, sensitive: true };
/**
 * A name or message from the playbook or the host, shown in one line: control characters written as
 * `\uXXXX`, so none breaks the sentence, reads as a CI runner's command (`::add-mask::`) or moves the terminal.
 */
// eslint-disable-next-line no-control-regex
const printable = (text) => text.replace(/[\u0000-\u001f\u007f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
function refuseFailure(result, label) {
    const what = result.status === 'unreachable' ? 'could not reach' : 'failed on';
    // The first line only, bounded: module messages can be long (a traceback, a command's output).
    const reason = printable((result.no_log ? '' : (result.message ?? '').split('\n')[0].trim()).slice(0, 200).replace(/[.\s]+$/, ''));
    throw new errors/* UserError */.yo(`${label}: the Ansible check ${what} host ${printable(result.host)} in task "${printable(result.task)}"${reason ? ` (${reason})` : ''}, so it cannot tell whether that host drifted; fix the task or the host and run the check again.`);
}
/**
 * Builds the changes of an `ansible-playbook --check --diff` run one result at a time (parseAnsibleResults
 * hands each over as it reads it, so the results are not kept): one change per host and resource that
 * check mode reports changed. A failed or unreachable result (not ignored by the playbook) is refused
 * when the changes are taken, the first in the order given: a check that did not run cannot say there
 * is no drift.
 */
class AnsibleChangeCollector {
    options;
    source;
    byAddress = new Map();
    /** Per host name, its address segment: a run has few hosts and many results per host. */
    hostSegments = new Map();
    failure;
    /**
     * The censored values met, handed to onSecret when the changes are taken, as when the file was read
     * whole first: a line refused as the file is read is shown whole, not redacted by them ("in" \u2192 "l***e 2 \u2026").
     */
    secrets = [];
    sink;
    constructor(options) {
        this.options = options;
        this.source = options.source ?? sources/* ANSIBLE_CHECK_SOURCE */.MX;
        if (options.onSecret)
            this.sink = (value) => void this.secrets.push(value);
    }
    add(result) {
        const { status } = result;
        if ((status === 'failed' && !result.ignored) || status === 'unreachable') {
            this.failure ??= result;
            return;
        }
        if (!result.changed || status === 'skipped' || status === 'failed' || this.failure)
            return;
        const { sink } = this;
        let diffs = NO_DIFFS;
        let fields;
        if (result.no_log)
            fields = [HIDDEN_FIELD];
        else {
            diffs = diffsOf(result);
            fields = [];
            for (const diff of diffs)
                for (const field of fieldsOfDiff(diff))
                    fields.push(guarded(field, sink));
            const linkTarget = linkTargetField(result, fields);
            if (linkTarget)
                fields.push(linkTarget);
        }
        let host = this.hostSegments.get(result.host);
        if (host === undefined)
            this.hostSegments.set(result.host, (host = escapedSegment(result.host)));
        const address = addressOf(host, moduleShortName(result.module), result.args);
        const existing = this.byAddress.get(address);
        if (existing) {
            (0,arrays/* appendAll */.u2)(existing.fields, fields);
            return;
        }
        this.byAddress.set(address, { address, kind: result.module, source: this.source, action: actionOf(result, diffs), origin: 'outside', fields });
    }
    /** The changes; refuses the run when a result failed or found its host unreachable. */
    changes() {
        for (const secret of this.secrets.splice(0))
            this.options.onSecret(secret);
        if (this.failure)
            refuseFailure(this.failure, this.options.label);
        return [...this.byAddress.values()];
    }
}
/** AnsibleChangeCollector over results already read (AWX's job events). */
function changesFromAnsibleResults(results, options) {
    const collector = new AnsibleChangeCollector(options);
    for (const result of results)
        collector.add(result);
    return collector.changes();
}
const ansible_check_FIX = 'pass the file gitops-sync\'s Ansible callback wrote (GITOPS_SYNC_ANSIBLE_RESULTS)';
const NEWLINE = 0x0a;
function* linesOfText(text, complete) {
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
        yield { text: text.slice(start, newline), complete: true };
        start = newline + 1;
    }
    if (start < text.length)
        yield { text: text.slice(start), complete };
}
/**
 * Lines of bytes read in chunks: each chunk is cut after its last newline and decoded whole (a newline byte
 * is never part of a multi-byte character, so no character is split); the rest waits for the next chunk.
 */
function* linesOfBytes(next) {
    let pending = [];
    for (let chunk = next(); chunk; chunk = next()) {
        const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        const newline = bytes.lastIndexOf(NEWLINE);
        if (newline < 0) {
            pending.push(bytes);
            continue;
        }
        const whole = pending.length ? Buffer.concat([...pending, bytes.subarray(0, newline + 1)]) : bytes.subarray(0, newline + 1);
        yield* linesOfText((0,utf8_text/* utf8Text */.H)(whole), true);
        pending = newline + 1 < bytes.length ? [bytes.subarray(newline + 1)] : [];
    }
    if (pending.length)
        yield* linesOfText((0,utf8_text/* utf8Text */.H)(Buffer.concat(pending)), false);
}
function* lines(input) {
    if (typeof input === 'function') {
        yield* linesOfBytes(input);
        return;
    }
    let pending = '';
    for (const chunk of typeof input === 'string' ? [input] : input) {
        pending += chunk;
        const newline = pending.lastIndexOf('\n');
        if (newline < 0)
            continue;
        yield* linesOfText(pending.slice(0, newline + 1), true);
        pending = pending.slice(newline + 1);
    }
    if (pending !== '')
        yield { text: pending, complete: false };
}
/**
 * Reads the callback's output: one JSON object per line, task results then the run's end line.
 * Each bad line is refused in one sentence (which line, what is wrong); JSON.parse's own message is
 * not repeated, as it quotes the text around the error, which may be a secret.
 */
function parseAnsibleResults(input, label, collector) {
    const results = [];
    const shown = new Map();
    let count = 0;
    let end;
    let number = 0;
    for (const line of lines(input)) {
        number++;
        const { complete } = line;
        const text = number === 1 ? (0,json_text/* withoutByteOrderMark */.Yi)(line.text) : line.text;
        if (text.trim() === '')
            continue;
        let value;
        try {
            value = JSON.parse(text);
        }
        catch {
            if (!complete)
                throw new errors/* UserError */.yo(`${label}: line ${number} is cut off (the file ends inside a result), so the Ansible run's output is incomplete; run the check again.`);
            const utf16 = (0,json_text/* utf16Words */.Y4)(text);
            throw new errors/* UserError */.yo(`${label}: line ${number} is not valid JSON${utf16 ? ` (${utf16})` : ''}; ${ansible_check_FIX}.`);
        }
        if (!ansible_check_isObject(value) || value.schema !== ANSIBLE_RESULT_SCHEMA) {
            throw new errors/* UserError */.yo(`${label}: line ${number} is not a gitops-sync Ansible result (schema ${ANSIBLE_RESULT_SCHEMA}); ${ansible_check_FIX}.`);
        }
        if (end)
            throw new errors/* UserError */.yo(`${label}: line ${number} comes after the run's end line, so the file holds more than one run; ${ansible_check_FIX}, one run per file.`);
        if ('end' in value) {
            const parsed = AnsibleRunEnd.safeParse(value);
            if (!parsed.success)
                throw new errors/* UserError */.yo(`${label}: line ${number} is a malformed end line (${issueText(parsed.error)}); ${ansible_check_FIX}.`);
            end = parsed.data;
            // zod's record drops a key named __proto__ without checking it; an inventory may name a host that.
            const stats = value.stats;
            if (Object.hasOwn(stats, '__proto__')) {
                const host = AnsibleRunEnd.shape.stats.valueType.safeParse(stats['__proto__']);
                if (!host.success)
                    throw new errors/* UserError */.yo(`${label}: line ${number} is a malformed end line (stats.__proto__: ${host.error.issues[0].message}); ${ansible_check_FIX}.`);
                Object.defineProperty(end.stats, '__proto__', { value: host.data, enumerable: true, writable: true, configurable: true });
            }
            continue;
        }
        let result;
        if (isWellFormedResult(value)) {
            value.no_log ??= false;
            result = value;
        }
        else {
            // The schema decides, and words the refusal; the check above only spares it the lines that are fine.
            const parsed = AnsibleTaskResult.safeParse(value);
            if (!parsed.success)
                throw new errors/* UserError */.yo(`${label}: line ${number} is a malformed task result (${issueText(parsed.error)}); ${ansible_check_FIX}.`);
            result = parsed.data;
        }
        count++;
        if (!saysSomething(result))
            continue;
        noteShown(shown, result);
        if (!collector)
            results.push(result);
        else {
            collector.add(result);
            if (result.status === 'failed' || result.status === 'unreachable')
                results.push(result);
        }
    }
    return { results, shown, count, end };
}
/** A result that changed, failed or found its host unreachable: what the analysis and the run's end line checks read. */
const saysSomething = (result) => result.changed || result.status === 'failed' || result.status === 'unreachable';
const RESULT_KEYS = new Set(['schema', 'host', 'task', 'module', 'args', 'status', 'changed', 'ignored', 'no_log', 'diff', 'message']);
const STATUSES = new Set(['ok', 'changed', 'failed', 'skipped', 'unreachable']);
const optional = (value, type) => value === undefined || typeof value === type;
const isWellFormedDiff = (diff) => ansible_check_isObject(diff) && optional(diff.before_header, 'string') && optional(diff.after_header, 'string') && optional(diff.prepared, 'string');
/**
 * What AnsibleTaskResult accepts, checked by hand: validating 10,000 lines with zod took as long as
 * JSON.parse-ing them (npm run bench, scenario ansible). Lines it does not accept go to the schema.
 */
function isWellFormedResult(value) {
    for (const key in value)
        if (!RESULT_KEYS.has(key))
            return false;
    const { host, task, module, args, status, changed, diff } = value;
    return (typeof host === 'string' && host !== '' &&
        typeof task === 'string' &&
        typeof module === 'string' && module !== '' &&
        typeof status === 'string' && STATUSES.has(status) &&
        typeof changed === 'boolean' &&
        optional(value.no_log, 'boolean') && optional(value.ignored, 'boolean') && optional(value.message, 'string') &&
        (args === undefined || ansible_check_isObject(args)) &&
        (diff === undefined || (Array.isArray(diff) ? diff.every(isWellFormedDiff) : isWellFormedDiff(diff))));
}
function issueText(error) {
    const issue = error.issues[0];
    return `${issue.path.length ? issue.path.map(String).join('.') : 'the line'}: ${issue.message}`;
}
/** Counts `result` for its host when it shows a change Ansible's end line counts (changed, or failed: see requireChangesShown). */
function noteShown(shown, result) {
    if (result.changed || result.status === 'failed')
        shown.set(result.host, (shown.get(result.host) ?? 0) + 1);
}
/**
 * Ansible catches an exception a callback raises and goes on, so a callback that failed on some results
 * still writes the end line: a host whose end line counts more changed tasks than its results show lost
 * results. Ansible counts a loop once and a failed task it ignores or rescues when it changed; the
 * results hold each item and do not say a failed task changed, so they are counted as at least that.
 */
function requireChangesShown(parsed, end, label) {
    let shown = parsed.shown;
    if (!shown) {
        shown = new Map();
        for (const result of parsed.results)
            noteShown(shown, result);
    }
    for (const host of shown.keys()) {
        if (!Object.hasOwn(end.stats, host)) {
            throw new errors/* UserError */.yo(`${label}: host ${printable(host)} has results that changed, but the run's end line does not count that host, so the results are not those of this run; pass the whole file the callback wrote for one run.`);
        }
    }
    for (const [host, stats] of Object.entries(end.stats)) {
        const counted = stats.changed ?? 0;
        const seen = shown.get(host) ?? 0;
        if (counted > seen) {
            throw new errors/* UserError */.yo(`${label}: Ansible counts ${counted} changed task${counted === 1 ? '' : 's'} on host ${printable(host)} but the results show ${seen}; the callback lost some results (see the warnings in Ansible's output), so the check cannot tell what drifted; run the check again.`);
        }
    }
}
/**
 * A finished run: refuses output whose run never reported its end (the run was killed, the file cut
 * short) and an end line that counts failed or unreachable hosts the results do not show.
 */
function requireRunEnd(parsed, label) {
    if (!parsed.end) {
        const held = parsed.count ? `${parsed.count} task results but no end line` : 'no end line';
        throw new errors/* UserError */.yo(`${label} holds ${held}: the Ansible run never reported its end; run the check again and pass the whole file the callback wrote.`);
    }
    // An empty inventory, or a --limit / host pattern that matched nothing: a run that checked nothing says nothing of drift.
    // Skipped, rescued or ignored tasks checked nothing: a run counts only when some host had a task run (ok, changed, failed, unreachable).
    const ran = Object.values(parsed.end.stats).some((host) => [host.ok, host.changed, host.failures, host.unreachable].some((count) => (count ?? 0) > 0));
    if (!ran) {
        throw new errors/* UserError */.yo(`${label}: the Ansible run checked no host (its end line counts none: an empty inventory, or a --limit or host pattern that matched nothing), so it cannot tell whether anything drifted; check the inventory and the limit and run the check again.`);
    }
    for (const [host, stats] of Object.entries(parsed.end.stats)) {
        if ((stats.failures ?? 0) > 0 || (stats.unreachable ?? 0) > 0) {
            const failed = parsed.results.find((result) => result.host === host && (result.status === 'unreachable' || (result.status === 'failed' && !result.ignored)));
            if (failed)
                refuseFailure(failed, label);
            throw new errors/* UserError */.yo(`${label}: Ansible counts host ${printable(host)} as ${(stats.unreachable ?? 0) > 0 ? 'unreachable' : 'failed'}, so the check cannot tell whether it drifted; fix the host and run the check again.`);
        }
    }
    requireChangesShown(parsed, parsed.end, label);
    return parsed.end;
}

;// CONCATENATED MODULE: ./packages/engine/src/drift/ansible.ts







const WHAT = "the output of gitops-sync's Ansible callback (a JSON-lines results file)";
const CALLBACK_NAME = 'gitops_sync';
/**
 * The name the shipped callback is installed and enabled under for gitops-sync's runs: Ansible looks for
 * plugins next to the playbook first, so a copy named gitops_sync.py in the repository's callback_plugins
 * (an old one, or one reporting a clean run) would be loaded in its place.
 */
const RUN_CALLBACK_NAME = 'gitops_sync_run';
/**
 * The variable the callback reads its results path from. gitops-sync keeps GITOPS_SYNC_* variables from
 * the tools it runs, so the run gets this Ansible-style name (the callback also reads GITOPS_SYNC_ANSIBLE_RESULTS).
 */
const RESULTS_VARIABLE = 'ANSIBLE_GITOPS_SYNC_RESULTS';
/** The callback plugin shipped with gitops-sync (bundled beside the code by ncc, like the default rules). */
function ansibleCallbackSource() {
    return (0,external_node_fs_.readFileSync)(__webpack_require__.ab + "gitops_sync.py", 'utf8');
}
/** Writes the callback into `folder`/callback_plugins and returns that folder, for ANSIBLE_CALLBACK_PLUGINS. */
function installAnsibleCallback(folder) {
    const plugins = (0,external_node_path_.join)(folder, 'callback_plugins');
    (0,external_node_fs_.mkdirSync)(plugins, { recursive: true, mode: 0o700 });
    (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(plugins, `${RUN_CALLBACK_NAME}.py`), ansibleCallbackSource(), { mode: 0o600 });
    return plugins;
}
/** The environment of a run with the callback enabled beside the user's own callbacks. */
function ansibleCallbackEnvironment(env, plugins, resultsPath) {
    const enabled = (env.ANSIBLE_CALLBACKS_ENABLED ?? '').split(',').map((name) => name.trim()).filter((name) => name && name !== CALLBACK_NAME && name !== RUN_CALLBACK_NAME);
    return {
        ...env,
        ANSIBLE_CALLBACK_PLUGINS: [plugins, env.ANSIBLE_CALLBACK_PLUGINS].filter(Boolean).join(external_node_path_.delimiter),
        ANSIBLE_CALLBACKS_ENABLED: [...enabled, RUN_CALLBACK_NAME].join(','),
        [RESULTS_VARIABLE]: resultsPath,
        ANSIBLE_NOCOLOR: '1',
        // A check must not leave <playbook>.retry files in the repository.
        ANSIBLE_RETRY_FILES_ENABLED: 'False',
    };
}
function resolvedRun(settings, request) {
    const path = (name) => (0,external_node_path_.resolve)(request.baseDir, name);
    const playbook = path(settings.playbook);
    const extraVars = settings.extra_vars === undefined
        ? []
        : Array.isArray(settings.extra_vars)
            ? settings.extra_vars.map((file) => `--extra-vars=@${path(file.slice(1))}`)
            : [`--extra-vars=${JSON.stringify(settings.extra_vars)}`];
    // `--option=value`: a value can never be read as another option.
    const args = ['--check', '--diff', `--inventory=${path(settings.inventory)}`, ...(settings.limit ? [`--limit=${settings.limit}`] : []), ...extraVars, playbook];
    return { binary: settings.binary.includes('/') ? path(settings.binary) : settings.binary, playbook, args };
}
const isExecutable = (path) => {
    try {
        (0,external_node_fs_.accessSync)(path, external_node_fs_.constants.X_OK);
        return (0,external_node_fs_.statSync)(path).isFile();
    }
    catch {
        return false;
    }
};
function requireFiles(settings, run, request, env) {
    const key = `environments.${request.environment}.ansible`;
    if (run.binary.includes('/') ? !isExecutable(run.binary) : !(0,path_lookup/* isOnPath */.j)(run.binary, env)) {
        throw new errors/* UserError */.yo(`${settings.binary} (${key}.binary) is not installed or not on PATH; install ansible-core (2.14 or later) or set ${key}.binary.`);
    }
    if (!(0,files/* statOrNothing */.JR)(run.playbook, true)?.isFile()) {
        throw new errors/* UserError */.yo(`The playbook ${settings.playbook} (${key}.playbook) does not exist in ${request.baseDir}; fix the path in gitops-sync.yaml.`);
    }
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.resolve)(request.baseDir, settings.inventory))) {
        throw new errors/* UserError */.yo(`The inventory ${settings.inventory} (${key}.inventory) does not exist in ${request.baseDir}; fix the path in gitops-sync.yaml.`);
    }
    for (const file of Array.isArray(settings.extra_vars) ? settings.extra_vars : []) {
        if (!(0,external_node_fs_.existsSync)((0,external_node_path_.resolve)(request.baseDir, file.slice(1)))) {
            throw new errors/* UserError */.yo(`The extra-vars file ${file.slice(1)} (${key}.extra_vars) does not exist in ${request.baseDir}; fix the path in gitops-sync.yaml.`);
        }
    }
}
/** The callback's results file, its changed results handed to `collector` as they are read; undefined when there is none. */
function readResults(path, label, collector) {
    if (!(0,external_node_fs_.existsSync)(path))
        return undefined;
    return (0,files/* withInputChunks */.Xn)(path, WHAT, (chunks) => parseAnsibleResults(chunks, label, collector));
}
/** ansible-playbook's exit codes (lib/ansible/cli/__init__.py and the TaskQueueManager). */
const EXIT_MEANING = {
    1: 'an error',
    2: 'failed hosts',
    3: 'an error',
    4: 'unreachable hosts, or a playbook it could not parse',
    5: 'bad options',
    99: 'an interruption',
    250: 'an unexpected error',
};
/** Runs the check and turns its results into changes; refuses a run that failed, or never reported its end. */
async function ansibleChanges(settings, request, context) {
    const run = resolvedRun(settings, request);
    requireFiles(settings, run, request, context.env ?? process.env);
    const progress = context.progress ?? ports/* silentProgress */.RZ;
    const label = `the Ansible check of ${request.environment}`;
    const scratch = (0,files/* scratchFolder */.$B)('gitops-sync-ansible-');
    try {
        const resultsPath = (0,external_node_path_.join)(scratch, 'results.jsonl');
        const env = ansibleCallbackEnvironment(context.env ?? process.env, installAnsibleCallback(scratch), resultsPath);
        progress.step(`running ${settings.binary} --check --diff on ${settings.playbook} for ${request.environment}`);
        // The play's own output (diffs of files that are not no_log among it) stays in the scratch folder: the report shows what the rules allow.
        const result = await context.exec.run(run.binary, run.args, { cwd: (0,external_node_path_.dirname)(run.playbook), env, stdoutFile: (0,external_node_path_.join)(scratch, 'stdout.txt') });
        const collector = new AnsibleChangeCollector({ label, onSecret: context.onSecret });
        const parsed = readResults(resultsPath, label, collector);
        // Failed and unreachable hosts are named with their task, from the results, whatever the exit code.
        const changes = parsed ? collector.changes() : [];
        if (result.exitCode !== 0) {
            // Ansible's own sentence (`ERROR! \u2026`) when it wrote one, else its last line.
            const lines = (0,tool_output/* lastLines */.w)(result.stderr, 50);
            const said = (lines.find((line) => line.startsWith('ERROR!')) ?? lines.at(-1))?.replace(/[.\s]+$/, '');
            throw new errors/* UserError */.yo(`${settings.binary} exited with ${result.exitCode} (${EXIT_MEANING[result.exitCode] ?? 'an error'}) checking ${settings.playbook} for ${request.environment}${said ? `: ${said}` : ''}; fix the playbook or inventory and run again.`);
        }
        if (!parsed)
            throw new errors/* UserError */.yo(`${label}: the Ansible run never reported its end (the gitops_sync callback wrote nothing); check that ${settings.binary} is ansible-core 2.11 or later and that ANSIBLE_CALLBACKS_ENABLED is not overridden.`);
        requireRunEnd(parsed, label);
        return changes;
    }
    finally {
        (0,files/* removeScratchFolder */.pq)(scratch);
    }
}
const ANSIBLE_ENVIRONMENT_SOURCE = {
    name: sources/* ANSIBLE_CHECK_SOURCE */.MX,
    settingsOf: (environment) => environment.ansible,
    describe(settings, request) {
        const run = resolvedRun(settings, request);
        return [`(cd ${(0,external_node_path_.dirname)(run.playbook)} && ANSIBLE_CALLBACKS_ENABLED=${CALLBACK_NAME} ${run.binary} ${run.args.join(' ')})`];
    },
    changes: ansibleChanges,
};
/** `analyze --source ansible-check --input <results file>`: a run saved by the callback. */
const ANSIBLE_SAVED_SOURCE = {
    name: sources/* ANSIBLE_CHECK_SOURCE */.MX,
    hint: "the results file gitops-sync's Ansible callback wrote (GITOPS_SYNC_ANSIBLE_RESULTS)",
    changes(path, options) {
        const collector = new AnsibleChangeCollector({ label: options.label, onSecret: options.onSecret });
        const parsed = (0,files/* withInputChunks */.Xn)(path, WHAT, (chunks) => parseAnsibleResults(chunks, options.label, collector));
        const changes = collector.changes();
        requireRunEnd(parsed, options.label);
        return changes;
    },
};

;// CONCATENATED MODULE: ./packages/core/src/sources/awx-events.ts



const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const awx_events_text = (value) => (typeof value === 'string' && value !== '' ? value : undefined);
/** Looked up in a Map: an event named `constructor` or `__proto__` must not find Object's own properties. */
const RESULT_STATUS = new Map([
    ['runner_on_ok', 'ok-or-changed'],
    ['runner_on_failed', 'failed'],
    ['runner_on_unreachable', 'unreachable'],
    ['runner_on_skipped', 'skipped'],
]);
/** What ansible-runner writes in place of a `no_log` result; `_ansible_no_log` is Ansible's own flag on one. */
const isCensored = (res) => res._ansible_no_log === true || 'censored' in res;
const NO_RESULT = {};
/** The events of a job (every page's `results`, in order) as Ansible task results, `no_log` results with no values. */
function ansibleRunFromAwxEvents(events, label) {
    const results = [];
    /** Per host, the task results that show a change: Ansible counts a loop's task once however many items changed. */
    const shownChanges = new Map();
    let end;
    for (let index = 0; index < events.length; index++) {
        const event = events[index];
        if (!isRecord(event) || typeof event.event !== 'string') {
            throw new errors/* UserError */.yo(`${label}: event ${index + 1} is not an AWX job event (an object with "event" and "event_data"); pass the job_events pages as AWX returns them.`);
        }
        if (event.event === 'playbook_on_stats') {
            end = runEnd(isRecord(event.event_data) ? event.event_data : NO_RESULT);
            continue;
        }
        const status = RESULT_STATUS.get(event.event);
        if (status === undefined)
            continue;
        const first = results.length;
        addTaskResults(results, event, status, label);
        for (let at = first; at < results.length; at++) {
            const { changed, host } = results[at];
            if (changed) {
                shownChanges.set(host, (shownChanges.get(host) ?? 0) + 1);
                break;
            }
        }
    }
    if (end)
        markCensoredChanges(results, end, shownChanges);
    return { results, end };
}
const eventAt = (event, label) => `${label}: event ${typeof event.counter === 'number' ? event.counter : '?'} (${event.event})`;
function addTaskResults(results, event, status, label) {
    const data = isRecord(event.event_data) ? event.event_data : NO_RESULT;
    const host = awx_events_text(event.host_name) ?? awx_events_text(data.host);
    if (!host)
        throw new errors/* UserError */.yo(`${eventAt(event, label)} names no host (host_name / event_data.host); pass the job_events pages as AWX returns them.`);
    // resolved_action is the FQCN (ansible-runner \u2265 2.1 on ansible-core \u2265 2.11); task_action is the module as written.
    const module = awx_events_text(data.resolved_action) ?? awx_events_text(data.task_action);
    if (!module)
        throw new errors/* UserError */.yo(`${eventAt(event, label)} names no module (event_data.resolved_action / task_action); pass the job_events pages as AWX returns them.`);
    const task = awx_events_text(data.task) ?? awx_events_text(event.task) ?? module;
    const res = isRecord(data.res) ? data.res : NO_RESULT;
    // runner_on_failed of a task with ignore_errors: the playbook goes on (ansible-runner's event_data.ignore_errors).
    const ignored = status === 'failed' && data.ignore_errors === true;
    const items = res.results;
    // A loop's result holds one result per item: each item is its own resource (a package, a file).
    if (Array.isArray(items) && items.length > 0 && !isCensored(res)) {
        for (const item of items)
            results.push(result(host, task, module, isRecord(item) ? item : CENSORED_ITEM, status, false, ignored));
        return;
    }
    results.push(result(host, task, module, res, status, event.changed === true, ignored));
}
const CENSORED_ITEM = { censored: true };
function result(host, task, module, res, eventStatus, 
/** AWX's own `changed` on the event (for a loop, the item's result alone says). */
eventChanged, ignored) {
    if (isCensored(res)) {
        const record = { schema: ANSIBLE_RESULT_SCHEMA, host, task, module, status: eventStatus === 'ok-or-changed' ? 'ok' : eventStatus, changed: false, no_log: true };
        if (ignored)
            record.ignored = true;
        return record;
    }
    const changed = res.changed === true || eventChanged;
    const status = eventStatus !== 'ok-or-changed' ? eventStatus : res.failed === true ? 'failed' : res.skipped === true ? 'skipped' : changed ? 'changed' : 'ok';
    const record = { schema: ANSIBLE_RESULT_SCHEMA, host, task, module, status, changed, no_log: false };
    if (ignored)
        record.ignored = true;
    const invocation = res.invocation;
    if (isRecord(invocation) && isRecord(invocation.module_args))
        record.args = invocation.module_args;
    const diff = diffOf(res.diff);
    if (diff)
        record.diff = diff;
    if ((status === 'failed' || status === 'unreachable') && awx_events_text(res.msg))
        record.message = res.msg;
    return record;
}
function diffOf(value) {
    if (Array.isArray(value)) {
        const diffs = value.filter(isRecord);
        return diffs.length ? diffs : undefined;
    }
    if (!isRecord(value))
        return undefined;
    for (const _key in value)
        return value;
    return undefined;
}
const STAT_NAMES = { ok: 'ok', changed: 'changed', failures: 'failures', dark: 'unreachable', skipped: 'skipped' };
function runEnd(data) {
    // Per host in a Map, then own properties: a host named `__proto__` must not reach Object.prototype.
    const stats = new Map();
    for (const [awxName, name] of Object.entries(STAT_NAMES)) {
        const perHost = isRecord(data[awxName]) ? data[awxName] : NO_RESULT;
        for (const [host, count] of Object.entries(perHost)) {
            if (typeof count !== 'number')
                continue;
            let counts = stats.get(host);
            if (!counts)
                stats.set(host, (counts = {}));
            counts[name] = count;
        }
    }
    return { schema: ANSIBLE_RESULT_SCHEMA, end: true, stats: Object.fromEntries(stats) };
}
/**
 * A censored result no longer says whether it changed anything; the run's end still counts it. A host
 * whose end counts more changes than its visible results show has its censored results marked changed:
 * a hidden change is reported (without values), never dropped.
 */
function markCensoredChanges(results, end, shownChanges) {
    for (const result of results) {
        if (!result.no_log || result.status !== 'ok')
            continue;
        const counted = Object.hasOwn(end.stats, result.host) ? (end.stats[result.host].changed ?? 0) : 0;
        if (counted > (shownChanges.get(result.host) ?? 0)) {
            result.changed = true;
            result.status = 'changed';
        }
    }
}
/**
 * A saved job_events body: one page (`{count, next, previous, results}`) or a list of pages, in order. The
 * events must be complete \u2014 every page of the job, up to its `playbook_on_stats` \u2014 or the file is refused.
 */
function awxEventsFromPages(document, label) {
    const pages = Array.isArray(document) ? document : [document];
    if (pages.length === 0 || !pages.every((page) => isRecord(page) && Array.isArray(page.results))) {
        throw new errors/* UserError */.yo(`${label} is not AWX job events (a job_events page {"count", "next", "results": [\u2026]} or a list of such pages); save GET /api/v2/jobs/<id>/job_events/ and every page its "next" links to.`);
    }
    const events = pages.flatMap((page) => page.results);
    const last = pages[pages.length - 1];
    const count = pages[0].count;
    if (awx_events_text(last.next) || (typeof count === 'number' && count !== events.length)) {
        throw new errors/* UserError */.yo(`${label} holds ${events.length} of ${typeof count === 'number' ? count : 'more'} job events; save every page (follow "next" until it is null) into one list of pages.`);
    }
    return events;
}
/** The run's results, refusing events that stop before the run's end (a job still running, or pages missing). */
function completeAwxRun(events, label) {
    const run = ansibleRunFromAwxEvents(events, label);
    if (!run.end) {
        throw new errors/* UserError */.yo(`${label} has no playbook_on_stats event: the job had not finished, or its events were not all saved; save the job_events of a finished job, every page.`);
    }
    requireRunEnd({ results: run.results, count: run.results.length, end: run.end }, label);
    return run;
}

;// CONCATENATED MODULE: ./packages/engine/src/drift/awx-client.ts


const awx_client_isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const formatDuration = (ms) => {
    if (ms < 10_000)
        return `${Number((ms / 1000).toFixed(1))}s`;
    const seconds = Math.round(ms / 1000);
    return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
};
/** The `detail` (or the first field error) of an AWX error body, short, for one sentence. */
function awxDetail(body) {
    try {
        const parsed = JSON.parse(body);
        if (!awx_client_isRecord(parsed))
            return undefined;
        if (typeof parsed.detail === 'string')
            return parsed.detail.replace(/\s+/g, ' ').trim().slice(0, 200);
        const [field, errors] = Object.entries(parsed)[0] ?? [];
        const first = Array.isArray(errors) ? errors.find((error) => typeof error === 'string') : typeof errors === 'string' ? errors : undefined;
        return field && first ? `${field}: ${String(first).replace(/\s+/g, ' ').trim().slice(0, 200)}` : undefined;
    }
    catch {
        return undefined;
    }
}
/** An AWX server URL, refused in one sentence when it is not a plain http(s) URL. */
function awxServerUrl(url, settingsAt) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.search || parsed.hash) {
        throw new errors/* UserError */.yo(`${settingsAt}.url ${JSON.stringify(url)} is not an http(s) server URL; write it like https://awx.example.com.`);
    }
    if (parsed.username || parsed.password)
        throw new errors/* UserError */.yo(`${settingsAt}.url carries credentials; remove them and put the token in a CI secret named by token_env.`);
    return parsed;
}
class AwxApi {
    options;
    base;
    doFetch;
    constructor(options) {
        this.options = options;
        this.base = awxServerUrl(options.url, options.settingsAt);
        this.doFetch = options.fetch ?? fetch;
        // A header value with control characters makes fetch throw a message that quotes the value.
        // eslint-disable-next-line no-control-regex
        if (/[\u0000-\u001f\u007f]/.test(options.token)) {
            throw new errors/* UserError */.yo(`The AWX token in ${options.tokenEnv} contains a line break or control character; set it to the token alone, without a trailing newline.`);
        }
    }
    get where() {
        return `AWX at ${this.base.origin}`;
    }
    /** `path` below the server (`/api/v2/\u2026`) or a `next` link AWX gave, which must stay on the server. */
    url(path) {
        const prefix = this.base.pathname.replace(/\/+$/, '');
        const url = path.startsWith('/api/') ? new URL(`${prefix}${path}`, this.base) : new URL(path, this.base);
        // Only this server gets the token: a page link elsewhere is refused, never followed.
        if (url.origin !== this.base.origin)
            throw new errors/* UserError */.yo(`${this.where} linked ${url.origin} as the next page, and the token is sent to no other server; check ${this.options.settingsAt}.url.`);
        return url;
    }
    fail(message) {
        throw new errors/* UserError */.yo((0,redact/* withoutSecret */.Nt)(message, this.options.token));
    }
    /** One request; a JSON object back, or a UserError naming what was asked (`what`) and how to fix it. */
    async request(method, path, what, body, notFound) {
        const url = this.url(path);
        let status;
        let text;
        let location = null;
        try {
            const response = await this.doFetch(url.href, {
                method,
                headers: { Authorization: `Bearer ${this.options.token}`, Accept: 'application/json', ...(body && { 'Content-Type': 'application/json' }) },
                ...(body && { body: JSON.stringify(body) }),
                // An Authorization header is not carried to wherever a redirect points.
                redirect: 'manual',
                signal: AbortSignal.timeout(this.options.requestTimeoutMs),
            });
            status = response.status;
            location = response.headers.get('location');
            text = await response.text();
        }
        catch (error) {
            const cause = (0,argocd_client/* fetchErrorCause */.Qo)(error);
            if (error?.name === 'TimeoutError' || /aborted|timeout/i.test(cause)) {
                return this.fail(`${this.where} did not answer within ${formatDuration(this.options.requestTimeoutMs)} to ${what}; check ${this.options.settingsAt}.url and that the server is reachable, or raise GITOPS_SYNC_API_TIMEOUT_SECONDS.`);
            }
            return this.fail(`${this.where} could not be reached to ${what} (${cause}); check ${this.options.settingsAt}.url and that the server is reachable from here.`);
        }
        const detail = awxDetail(text);
        const said = detail ? `: ${detail}` : '';
        if (status === 401)
            return this.fail(`${this.where} refused the token in ${this.options.tokenEnv} (HTTP 401${said}); set ${this.options.tokenEnv} to a valid, unexpired AWX token.`);
        if (status === 403) {
            return this.fail(`${this.where} denied the token to ${what} (HTTP 403${said}); the token's user needs execute on the job template and read on its jobs.`);
        }
        if (status === 404)
            return this.fail(notFound ? `${notFound} (HTTP 404).` : `${this.where} has nothing at ${url.pathname} to ${what} (HTTP 404); check ${this.options.settingsAt}.url.`);
        if (status >= 300 && status < 400) {
            let target = '';
            try {
                if (location)
                    target = ` to ${new URL(location, url).origin}`;
            }
            catch {
                target = '';
            }
            return this.fail(`${this.where} redirected the request to ${what}${target} (HTTP ${status}); set ${this.options.settingsAt}.url to the URL the API is served at.`);
        }
        if (status === 400)
            return this.fail(`${this.where} refused to ${what} (HTTP 400${said}); fix the job template or ${this.options.settingsAt} so the launch is accepted.`);
        if (status < 200 || status >= 300)
            return this.fail(`${this.where} answered HTTP ${status} to ${what}${said}; check the AWX server and try again.`);
        // POST \u2026/cancel/ answers 202 with no body.
        if ((status === 202 || status === 204) && text.trim() === '')
            return {};
        let parsed;
        try {
            parsed = JSON.parse(text);
        }
        catch {
            return this.fail(`${this.where} did not answer JSON to ${what} (HTTP ${status}, ${text.length} bytes, cut short or not JSON); check ${this.options.settingsAt}.url points at the AWX API, not a proxy or login page.`);
        }
        if (!awx_client_isRecord(parsed))
            return this.fail(`${this.where} answered JSON that is not an object to ${what}; check ${this.options.settingsAt}.url points at the AWX API.`);
        return parsed;
    }
}
const FINISHED = new Set(['successful', 'failed', 'error', 'canceled']);
const PAGE_SIZE = 200;
/** 1,000 pages of 200: a job of more events than this is refused, never read in part. */
const awx_client_MAX_PAGES = 1000;
/** The job template's id: the number given, or the one template of that name. */
async function jobTemplateId(api, jobTemplate, settingsAt) {
    if (typeof jobTemplate === 'number' || /^\d+$/.test(jobTemplate))
        return { id: Number(jobTemplate), name: String(jobTemplate) };
    const page = await api.request('GET', `/api/v2/job_templates/?name=${encodeURIComponent(jobTemplate)}`, `find the job template named ${JSON.stringify(jobTemplate)}`);
    const results = Array.isArray(page.results) ? page.results.filter(awx_client_isRecord) : [];
    if (results.length === 0) {
        throw new errors/* UserError */.yo(`${api.where} has no job template named ${JSON.stringify(jobTemplate)} that the token can see; check ${settingsAt}.job_template, or give the token's user execute on it.`);
    }
    if (results.length > 1) {
        throw new errors/* UserError */.yo(`${api.where} has ${results.length} job templates named ${JSON.stringify(jobTemplate)} (in different organizations); set ${settingsAt}.job_template to the id of the one to run (${results.map((t) => String(t.id)).join(', ')}).`);
    }
    if (typeof results[0].id !== 'number')
        throw new errors/* UserError */.yo(`${api.where} listed the job template ${JSON.stringify(jobTemplate)} without an id; check ${settingsAt}.url points at the AWX API.`);
    return { id: results[0].id, name: jobTemplate };
}
/** The launch fields gitops-sync sets, the template's switch that lets a launch set each, and its name in the AWX UI. */
const PROMPTS = {
    job_type: { ask: 'ask_job_type_on_launch', label: 'Job Type' },
    diff_mode: { ask: 'ask_diff_mode_on_launch', label: 'Show Changes' },
    limit: { ask: 'ask_limit_on_launch', label: 'Limit' },
    extra_vars: { ask: 'ask_variables_on_launch', label: 'Variables' },
};
/**
 * The launch body: check mode and diff, plus the limit and variables configured. A field the template does not
 * prompt for is refused here, because AWX would ignore it and run the template as it is (a `run` job changes hosts);
 * check mode and diff need no prompt when the template itself is a check job with Show Changes on.
 */
function checkLaunchBody(launch, template, request, settingsAt) {
    const defaults = awx_client_isRecord(launch.defaults) ? launch.defaults : {};
    const wanted = { job_type: 'check', diff_mode: true, limit: request.limit, extra_vars: request.extraVars };
    const body = {};
    for (const [field, { ask, label }] of Object.entries(PROMPTS)) {
        const value = wanted[field];
        if (value === undefined)
            continue;
        // A survey takes variables too.
        if (launch[ask] === true || (field === 'extra_vars' && launch.survey_enabled === true))
            body[field] = value;
        else if (JSON.stringify(defaults[field]) !== JSON.stringify(value)) {
            const fix = field === 'limit' || field === 'extra_vars' ? `or remove ${field} from ${settingsAt}` : 'or point gitops-sync at a template that is itself a check job with Show Changes on';
            throw new errors/* UserError */.yo(`Job template ${template} cannot be launched with ${field}${field === 'extra_vars' ? '' : ` ${JSON.stringify(value)}`}: it does not prompt for ${label} (${ask} is false); tick "Prompt on launch" for ${label} on the template, ${fix}.`);
        }
    }
    const passwords = Array.isArray(launch.passwords_needed_to_start) ? launch.passwords_needed_to_start : [];
    if (passwords.length) {
        throw new errors/* UserError */.yo(`Job template ${template} needs passwords to start (${passwords.map(String).join(', ')}); store them in the template's credentials so it can start without user input.`);
    }
    return body;
}
/**
 * Launches the job template in check mode with diff, waits for the job to finish (and AWX to have saved all its
 * events), and reads every event. A job that did not succeed, ran in another mode, or outlived the timeout is
 * refused in one sentence (a job left running is cancelled first).
 */
async function runAwxCheck(api, request, settingsAt) {
    const now = request.now ?? Date.now;
    const sleep = request.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const { id: templateId, name } = await jobTemplateId(api, request.jobTemplate, settingsAt);
    const template = `${JSON.stringify(name)}${String(templateId) === name ? '' : ` (id ${templateId})`} on ${api.base.origin}`;
    const launchPath = `/api/v2/job_templates/${templateId}/launch/`;
    const notFound = `${api.where} has no job template ${templateId} that the token can see; check ${settingsAt}.job_template, or give the token's user execute on it`;
    const launchInfo = await api.request('GET', launchPath, `read what job template ${templateId} prompts for`, undefined, notFound);
    const body = checkLaunchBody(launchInfo, template, request, settingsAt);
    const started = now();
    const launched = await api.request('POST', launchPath, `launch job template ${templateId}`, body, notFound);
    const id = typeof launched.job === 'number' ? launched.job : launched.id;
    if (typeof id !== 'number')
        throw new errors/* UserError */.yo(`${api.where} launched job template ${templateId} but named no job in its answer; check ${settingsAt}.url points at the AWX API.`);
    const link = `${api.url('/').href.replace(/\/$/, '')}/#/jobs/playbook/${id}/output`;
    /** Cancels the job (best effort) and says how that went. */
    const cancel = async () => {
        try {
            await api.request('POST', `/api/v2/jobs/${id}/cancel/`, `cancel job ${id}`);
            return 'it was cancelled';
        }
        catch {
            return 'it could not be cancelled (cancel it by hand)';
        }
    };
    // AWX ignores a field the template does not prompt for: a job not in check mode would change the hosts.
    const ignored = awx_client_isRecord(launched.ignored_fields) ? Object.keys(launched.ignored_fields).filter((field) => field in body) : [];
    if (ignored.length || (launched.job_type !== undefined && launched.job_type !== 'check')) {
        const what = ignored.length ? `ignored ${ignored.join(', ')}` : `started it as a ${String(launched.job_type)} job`;
        throw new errors/* UserError */.yo(`${api.where} ${what} for job template ${templateId} (job ${id}), so it is not the check run asked for, and ${await cancel()}; tick "Prompt on launch" for those fields on the template.`);
    }
    request.progress.step(`AWX job ${id} launched from job template ${template} (check mode, diff)`);
    let last = '';
    let lastSaid = started;
    for (;;) {
        const job = await api.request('GET', `/api/v2/jobs/${id}/`, `read the status of job ${id}`);
        const status = typeof job.status === 'string' ? job.status : 'unknown';
        // Real AWX always names the job type; a job that does not say it is a check is not trusted to be one.
        if (job.job_type !== 'check') {
            throw new errors/* UserError */.yo(`AWX job ${id} runs as a ${String(job.job_type)} job, not a check, and ${await cancel()}; make job template ${templateId} prompt for the job type.`);
        }
        const elapsed = now() - started;
        if (FINISHED.has(status)) {
            if (status !== 'successful') {
                const why = typeof job.job_explanation === 'string' && job.job_explanation ? ` (${job.job_explanation.replace(/\s+/g, ' ').trim().slice(0, 200)})` : '';
                throw new errors/* UserError */.yo(`AWX job ${id} ended ${status}${why}, so its check results are incomplete; see ${link}, fix the run and try again.`);
            }
            // AWX saves events after the job ends: only once event_processing_finished are they all readable.
            if (job.event_processing_finished !== false)
                break;
        }
        if (elapsed >= request.timeoutMs) {
            throw new errors/* UserError */.yo(`AWX job ${id} did not finish within ${formatDuration(request.timeoutMs)} (last status: ${status}) and ${await cancel()}; raise ${settingsAt}.timeout_minutes, or see why it takes so long at ${link}.`);
        }
        if (status !== last || now() - lastSaid >= 30_000) {
            request.progress.step(`AWX job ${id} ${status === last ? 'still ' : ''}${FINISHED.has(status) ? 'saving its events' : status} (${formatDuration(elapsed)})`);
            last = status;
            lastSaid = now();
        }
        await sleep(Math.min(request.pollMs, Math.max(0, request.timeoutMs - elapsed)));
    }
    const events = [];
    let next = `/api/v2/jobs/${id}/job_events/?order_by=counter&page_size=${PAGE_SIZE}`;
    let count;
    const read = new Set();
    for (let page = 1; next; page++) {
        // A next link back to a page already read would go round until MAX_PAGES, and then misname the cause.
        const href = api.url(next).href;
        if (read.has(href)) {
            throw new errors/* UserError */.yo(`AWX job ${id}: page ${page - 1} of its events links back to a page already read, so its events cannot be read whole; check ${settingsAt}.url points at the AWX API and run the check again.`);
        }
        read.add(href);
        if (page > awx_client_MAX_PAGES)
            throw new errors/* UserError */.yo(`AWX job ${id} has more than ${awx_client_MAX_PAGES * PAGE_SIZE} events; gitops-sync reads at most that many. Limit the run (${settingsAt}.limit) or split the playbook.`);
        const body = await api.request('GET', next, `read the events of job ${id} (page ${page})`);
        if (!Array.isArray(body.results))
            throw new errors/* UserError */.yo(`${api.where} answered the events of job ${id} (page ${page}) without a results list; check ${settingsAt}.url points at the AWX API.`);
        if (page === 1 && typeof body.count === 'number')
            count = body.count;
        (0,arrays/* appendAll */.u2)(events, body.results);
        next = typeof body.next === 'string' && body.next ? body.next : undefined;
    }
    if (count !== undefined && events.length !== count) {
        throw new errors/* UserError */.yo(`AWX job ${id} reported ${count} events but its pages held ${events.length}; run the check again (the events changed while they were read).`);
    }
    request.progress.step(`AWX job ${id} successful: ${events.length} events read (${formatDuration(now() - started)})`);
    return { id, link, events };
}

;// CONCATENATED MODULE: ./packages/engine/src/drift/awx.ts






const settingsAt = (environment) => `environments.${environment}.awx`;
/** Where the CI names its AWX / controller host, as the awx CLI and the ansible.controller collection read it. */
const AWX_HOST_VARIABLES = ['CONTROLLER_HOST', 'TOWER_HOST'];
/**
 * Changes from a finished job's events. They carry the source `awx`, so the Ansible severity rules
 * (which match `source: [ansible-check, awx]`) judge them as they judge an ansible-playbook check.
 */
function changesFromAwxEvents(events, label, onSecret) {
    const { results } = completeAwxRun(events, label);
    return changesFromAnsibleResults(results, { label, onSecret, source: sources/* AWX_SOURCE */.jt });
}
const templatePath = (jobTemplate) => typeof jobTemplate === 'number' || /^\d+$/.test(jobTemplate) ? `/api/v2/job_templates/${jobTemplate}` : `/api/v2/job_templates/<id of ${JSON.stringify(jobTemplate)}>`;
const awxEnvironmentSource = {
    name: sources/* AWX_SOURCE */.jt,
    settingsOf: (environment) => environment.awx,
    describe(settings) {
        const server = settings.url.replace(/\/+$/, '');
        const fields = ['job_type: check', 'diff_mode: true', ...(settings.limit ? [`limit: ${settings.limit}`] : []), ...(settings.extra_vars ? ['extra_vars'] : [])];
        return [
            ...(templatePath(settings.job_template).includes('<') ? [`GET ${server}/api/v2/job_templates/?name=${encodeURIComponent(String(settings.job_template))}`] : []),
            `POST ${server}${templatePath(settings.job_template)}/launch/ {${fields.join(', ')}} (token from $${settings.token_env})`,
            `GET ${server}/api/v2/jobs/<id>/ until it finishes (at most ${settings.timeout_minutes} min), then GET ${server}/api/v2/jobs/<id>/job_events/ (every page)`,
        ];
    },
    async changes(settings, request, context) {
        const at = settingsAt(request.environment);
        const env = context.env ?? process.env;
        const token = env[settings.token_env];
        if (!token) {
            throw new errors/* UserError */.yo(`${at} needs an AWX token: set ${settings.token_env} (a CI secret) to a token whose user may execute the job template and read its jobs.`);
        }
        context.onSecret?.(token);
        // token_env may name any variable and url any host; the token goes only to a host the CI names too.
        const server = awxServerUrl(settings.url, at);
        if (!hostNamedByEnvironment(server, env, AWX_HOST_VARIABLES)) {
            throw new errors/* UserError */.yo(`${at}.url names ${server.host}, which the CI environment does not: set CONTROLLER_HOST=${server.origin} beside ${settings.token_env} (the config may come from a pull request, so the token only goes to a host the CI names).`);
        }
        const api = new AwxApi({ url: settings.url, token, tokenEnv: settings.token_env, settingsAt: at, requestTimeoutMs: (0,network_waits/* networkWaits */.Bq)(env).requestTimeoutMs });
        const job = await runAwxCheck(api, {
            jobTemplate: settings.job_template,
            limit: settings.limit,
            extraVars: settings.extra_vars,
            timeoutMs: settings.timeout_minutes * 60_000,
            pollMs: settings.poll_seconds * 1000,
            progress: context.progress ?? ports/* silentProgress */.RZ,
        }, at);
        return changesFromAwxEvents(job.events, `AWX job ${job.id} (${job.link})`, context.onSecret);
    },
};
const EVENTS_HINT = 'the JSON of GET /api/v2/jobs/<id>/job_events/ from AWX: one page, or a list of every page';
const awxJobEventsSource = {
    name: sources/* AWX_JOB_EVENTS_SOURCE */.zk,
    hint: EVENTS_HINT,
    changes(path, options) {
        const text = (0,utf8_text/* utf8Text */.H)((0,files/* readInputFile */.jH)(path, `AWX job events (${EVENTS_HINT})`));
        const document = (0,json_text/* parseJsonText */.lk)(text, (why) => new errors/* UserError */.yo(`${path} is not valid JSON (${why}); pass ${EVENTS_HINT}.`), 'cut short, or not JSON at all');
        return changesFromAwxEvents(awxEventsFromPages(document, path), path, options.onSecret);
    },
};

;// CONCATENATED MODULE: ./packages/engine/src/drift/sources.ts








/** Erases the settings type so sources of different settings share one list. */
function environmentSource(source) {
    return source;
}
const SAVED_RESULT_SOURCES = [
    ANSIBLE_SAVED_SOURCE,
    awxJobEventsSource,
    awsConfigSavedSource,
    azurePolicySavedSource,
    configConnectorSavedResult,
];
const ENVIRONMENT_SOURCES = [
    ANSIBLE_ENVIRONMENT_SOURCE,
    environmentSource(awxEnvironmentSource),
    environmentSource(awsConfigEnvironmentSource),
    environmentSource(azurePolicyEnvironmentSource),
    environmentSource(configConnectorEnvironmentSource),
    environmentSource(terraformCloudSource),
];
function savedResultSource(name) {
    return SAVED_RESULT_SOURCES.find((source) => source.name === name);
}
/** The configured sources of one environment, with their settings. */
function configuredSources(environment) {
    if (!environment)
        return [];
    return ENVIRONMENT_SOURCES.flatMap((source) => {
        const settings = source.settingsOf(environment);
        return settings === undefined ? [] : [{ source, settings }];
    });
}
/** Report sources that compare Git's Kubernetes manifests with the cluster (a `kubernetes` part: any Kubernetes reader). */
const KUBERNETES_REPORT_SOURCES = [sources/* K8S_MANIFESTS_SOURCE */.Wr, sources/* K8S_DIRS_SOURCE */.UT, sources/* KUBECTL_DIFF_SOURCE */.fC, sources/* ARGOCD_SOURCE */.F4, sources/* FLUX_DIFF_SOURCE */.on];
const MANIFEST_REPORT_SOURCES = [sources/* K8S_MANIFESTS_SOURCE */.Wr, sources/* K8S_DIRS_SOURCE */.UT, sources/* KUBECTL_DIFF_SOURCE */.fC];
/**
 * Sources that only read the estate's standing against a policy (compliance services, Config Connector's
 * status): a change's report cannot show what the change does to them, so a report need not have checked them.
 */
const MONITOR_SOURCES = new Set([sources/* AWS_CONFIG_SOURCE */.tx, sources/* AZURE_POLICY_SOURCE */.fl, sources/* GCP_CONFIG_CONNECTOR_SOURCE */.SQ]);
/**
 * The parts of `environment` (as the config describes it) whose change a report of `reportSources` did
 * not check: a report made from one input (drift-detect's terraform-plan-json, say) for an environment
 * that also has Kubernetes, Argo CD, Flux or Ansible cannot show what the whole environment's change does.
 */
function uncheckedParts(environment, reportSources) {
    if (!environment)
        return [];
    const shown = new Set(reportSources.flatMap((source) => [source, sources/* CHANGES_CARRY */.wi[source] ?? source]));
    const unchecked = [];
    if (environment.terraform && !shown.has(sources/* TERRAFORM_PLAN_SOURCE */.de))
        unchecked.push('terraform');
    const manifestsShown = MANIFEST_REPORT_SOURCES.some((source) => shown.has(source));
    if (environment.kubernetes && !KUBERNETES_REPORT_SOURCES.some((source) => shown.has(source)))
        unchecked.push('kubernetes');
    // An Argo CD or Flux part is shown by its own diff, or by the environment's own manifests against the cluster (what it syncs):
    // not by some other manifests a report compared.
    for (const [part, configured, own] of [['argocd', environment.argocd, sources/* ARGOCD_SOURCE */.F4], ['flux', environment.flux, sources/* FLUX_DIFF_SOURCE */.on]]) {
        if (configured && !shown.has(own) && !(environment.kubernetes && manifestsShown))
            unchecked.push(part);
    }
    for (const { source } of configuredSources(environment)) {
        if (MONITOR_SOURCES.has(source.name))
            continue;
        if (!shown.has(source.name) && !shown.has(sources/* CHANGES_CARRY */.wi[source.name] ?? source.name))
            unchecked.push(source.name);
    }
    return unchecked;
}
/** A saved result of one of the sources above, judged into a report (`analyze --source <name>`, drift-detect's `source-file`). */
async function analyzeSavedResult(source, path, request, clock = ports/* systemClock */.ml) {
    (0,schema/* checkEnvironmentName */.r0)(request.environment);
    const changes = await source.changes(path, { label: path, environment: request.environment, config: request.config, onSecret: request.onSecret });
    return (0,analyze/* reportFromChanges */.k)(changes, {
        environment: request.environment,
        sources: [source.name],
        rules: (0,rules/* rulesFor */.N)(request.config, request.extraRules),
        generatedAt: clock.now().toISOString(),
    });
}


/***/ }),

/***/ 3072:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ isOnPath)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/** Whether `command` is an executable file in one of PATH's folders. */
function isOnPath(command, env = process.env) {
    return (env.PATH ?? '').split(node_path__WEBPACK_IMPORTED_MODULE_1__.delimiter).some((dir) => {
        if (!dir)
            return false;
        const candidate = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, command);
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.accessSync)(candidate, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK);
            return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(candidate).isFile();
        }
        catch {
            return false;
        }
    });
}


/***/ }),

/***/ 3087:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ loadRulesFile),
/* harmony export */   N: () => (/* binding */ rulesFor)
/* harmony export */ });
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2694);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2934);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7711);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2857);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6477);



function rulesFor(config, extra = []) {
    return (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .mergeRules */ .ub)((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_1__/* .defaultRules */ .Z)(), [...config.severity.rules, ...extra]);
}
const RulesFile = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({ rules: _gitops_sync_core__WEBPACK_IMPORTED_MODULE_0__/* .SeverityRuleList */ .aM }).strict();
/** Reads a `--rules` file: `rules:` in the same shape as `severity.rules` in gitops-sync.yaml. */
function loadRulesFile(path) {
    const text = (0,_files_js__WEBPACK_IMPORTED_MODULE_3__/* .readInputFile */ .jH)(path, 'a severity rules YAML file', { maxBytes: 1024 * 1024, fixed: true }).toString('utf8');
    return (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .parseYamlWith */ .n)(RulesFile, text, path, 'a rules file holds `rules:` entries with id, severity and match.').rules;
}


/***/ }),

/***/ 3832:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ KLOG_LINE),
/* harmony export */   w: () => (/* binding */ lastLines)
/* harmony export */ });
/** A Go client's log line (klog: `E1207 08:58:46.843088   17244 memcache.go:265] "Unhandled Error" \u2026`); kubectl says the same in its `error:` line. */
const KLOG_LINE = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [\w.-]+:\d+\] /;
/**
 * The last non-empty lines a tool printed, without the box drawing terraform puts around its
 * diagnostics, nor the klog lines kubectl and helm log before their own message (unless there is nothing else).
 */
function lastLines(text, count = 3) {
    const lines = text
        .split('\n')
        .map((line) => line.replace(/^[\u2502\u2577\u2575\s]+/, '').trim())
        .filter(Boolean);
    const said = lines.filter((line) => !KLOG_LINE.test(line));
    return (said.length ? said : lines).slice(-count);
}


/***/ }),

/***/ 977:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

module.exports = __webpack_require__.p + "1d6f9c792e4d82d3efeb.yaml";

/***/ }),

/***/ 2969:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

module.exports = __webpack_require__.p + "429b9e77809bfa56a76b.json";

/***/ })

};

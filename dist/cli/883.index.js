export const id = 883;
export const ids = [883];
export const modules = {

/***/ 2883:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ withStreamedPlanReport),
/* harmony export */   analyzePlanFileToJson: () => (/* binding */ analyzePlanFileToJson)
/* harmony export */ });
/* unused harmony export linesFound */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5688);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5227);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1454);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2293);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(4492);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(9497);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(1515);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(7195);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6477);
/* harmony import */ var _rules_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3087);
/* harmony import */ var _ports_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(4552);
/* harmony import */ var _plan_fingerprint_pass_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4717);







const READ_CHUNK_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;
/** A private scratch file written through a PieceWriter. */
class Spill {
    path;
    fd;
    writer;
    constructor(path) {
        this.path = path;
        this.fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, 'wx', 0o600);
        this.writer = new _files_js__WEBPACK_IMPORTED_MODULE_2__/* .PieceWriter */ .Wn((0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .fileSink */ .ao)(this.fd));
    }
    /** Flushes and closes; after a failure (`flush` false) only closes. */
    close(flush = true) {
        try {
            if (flush)
                this.writer.flush();
        }
        finally {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(this.fd);
        }
    }
}
/** Closes every spill, each even when closing another failed (a full disk), and throws the first failure. */
function closeAll(spills, flush = true) {
    const failures = [];
    for (const spill of spills) {
        try {
            spill.close(flush);
        }
        catch (error) {
            failures.push(error);
        }
    }
    if (failures.length)
        throw failures[0];
}
/** A file's bytes in 4 MB chunks; each chunk is only valid until the next is asked for. */
function* bytesOf(path) {
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, 'r');
    try {
        const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
        for (let read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, chunk, 0, chunk.length, null); read > 0; read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, chunk, 0, chunk.length, null))
            yield chunk.subarray(0, read);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/**
 * A file's bytes in pieces of whole lines (the last may have no line break), each only valid until the next is
 * asked for. A line begun in one chunk and ended in the next is a piece of its own: the chunk is not copied for it.
 */
function* blocksOfLines(path) {
    let begun;
    for (const chunk of bytesOf(path)) {
        let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
        if (begun) {
            const firstBreak = bytes.indexOf(NEWLINE);
            if (firstBreak === -1) {
                begun = Buffer.concat([begun, bytes]);
                continue;
            }
            yield Buffer.concat([begun, bytes.subarray(0, firstBreak + 1)]);
            begun = undefined;
            bytes = bytes.subarray(firstBreak + 1);
        }
        const lastBreak = bytes.lastIndexOf(NEWLINE);
        if (lastBreak !== -1)
            yield bytes.subarray(0, lastBreak + 1);
        if (lastBreak + 1 < bytes.length)
            begun = Buffer.from(bytes.subarray(lastBreak + 1));
    }
    if (begun)
        yield begun;
}
/** Each line of a file, without its line break, as a range of bytes only valid until the next is asked for. */
function* lineRangesOf(path) {
    for (const block of blocksOfLines(path)) {
        let start = 0;
        for (let end = block.indexOf(NEWLINE); end !== -1; end = block.indexOf(NEWLINE, start)) {
            yield [block, start, end];
            start = end + 1;
        }
        if (start < block.length)
            yield [block, start, block.length];
    }
}
/**
 * The indexes of the lines of `lists` (one after the other) in which `where` finds something. Each block of
 * lines is searched whole, and lines are counted only to place what it finds: `where` must find nothing that
 * spans a line break.
 */
function linesFound(lists, where) {
    const found = new Set();
    let line = 0;
    for (const list of lists) {
        for (const block of blocksOfLines(list)) {
            // Bytes before `counted` are counted in `line`.
            let counted = 0;
            const countLinesBefore = (at) => {
                for (let lineBreak = block.indexOf(NEWLINE, counted); lineBreak !== -1 && lineBreak < at; lineBreak = block.indexOf(NEWLINE, counted)) {
                    line++;
                    counted = lineBreak + 1;
                }
            };
            for (let at = where(block, 0, block.length); at !== -1; at = counted < block.length ? where(block, counted, block.length) : -1) {
                countLinesBefore(at);
                found.add(line);
                const lineBreak = block.indexOf(NEWLINE, at);
                line++;
                counted = lineBreak === -1 ? block.length : lineBreak + 1;
            }
            countLinesBefore(block.length);
            if (counted < block.length) {
                line++;
                counted = block.length;
            }
        }
    }
    return found;
}
/** A change as a line of the report's list: indented, its JSON, a comma and a line break (the list's last comma is dropped as it is copied out). */
const changeLine = (change) => `    ${JSON.stringify(change)},\n`;
/** The change of a line changeLine wrote, `bytes[start, end)` without its line break. */
const changeOfLine = (bytes, start, end) => JSON.parse(bytes.toString('utf8', start + 4, end - 1));
/** What the terminal summary, alerts and annotations show of a change: all a report built from the scratch files keeps in memory of most changes. */
const lightChange = ({ address, action, severity, origin, rule }) => ({ address, action, severity, origin, rule });
/** The change lines in `paths`, one file after the other, as the pieces of RenderedChanges: the last line's comma dropped. */
function* changeListIn(paths) {
    const sizes = paths.map((path) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).size);
    let last = sizes.length - 1;
    while (last > 0 && sizes[last] === 0)
        last--;
    for (const [index, path] of paths.entries()) {
        // The last line ends in `,\n`: its comma and line break are left out and the line break written after.
        let remaining = sizes[index] - (index === last ? 2 : 0);
        for (const chunk of bytesOf(path)) {
            if (remaining <= 0)
                break;
            const piece = chunk.subarray(0, Math.min(chunk.length, remaining));
            remaining -= piece.length;
            yield piece;
        }
    }
    yield '\n';
}
/**
 * A plan file analysed for a report of any size: each change is judged, rendered and written to a
 * private scratch file as it is read, so the changes are never all in memory (issue 15: peak memory
 * within 2 x the plan file), with the fingerprint when asked (see PlanFingerprintPass). `use` gets the
 * report while the scratch files last.
 */
async function withStreamedPlanReport(request, context, use, options = {}) {
    return streamedWith(request, context, use, options, true);
}
async function streamedWith(request, context, use, options, mayUseWorker) {
    (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .checkEnvironmentName */ .r0)(request.environment);
    const label = request.planPath;
    const rules = (0,_rules_js__WEBPACK_IMPORTED_MODULE_4__/* .rulesFor */ .N)(request.config, request.extraRules);
    const judge = new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .SeverityEngine */ .O(rules);
    // Holds the plan's changes before unmarked copies of secrets are masked: 0700, and removed on a signal too.
    // Made before the fingerprint pass: a pass started when this folder cannot be made would never stop (its worker kept the process alive).
    const folder = (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .scratchFolder */ .$B)('gitops-sync-report-');
    let started;
    try {
        const pass = (started = request.fingerprint ? new _plan_fingerprint_pass_js__WEBPACK_IMPORTED_MODULE_6__/* .PlanFingerprintPass */ .p(request, context.onSecret, mayUseWorker) : undefined);
        // A report lists the changes made outside Git first.
        const read = { outside: new Spill((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(folder, 'outside.part')), planned: new Spill((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(folder, 'planned.part')) };
        const lights = { outside: [], planned: [] };
        // Where each list's changes with quoting in an instance key are (whereSecretsMayBeInJson does not look into those).
        const quotedKeys = { outside: [], planned: [] };
        let plan;
        try {
            plan = (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .withInputChunks */ .Xn)(request.planPath, _plan_fingerprint_pass_js__WEBPACK_IMPORTED_MODULE_6__/* .PLAN_FILE_WHAT */ .W, (planJson) => (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_7__/* .parseTerraformPlan */ .F)(pass ? pass.source(planJson) : planJson, {
                label,
                onSecret: pass?.onSecret ?? context.onSecret,
                observer: pass?.observer,
                tee: pass?.tee,
                judgedBy: rules,
                onChange: (change) => {
                    const [judged] = judge.judgeAll([change]);
                    const origin = judged.origin === 'outside' ? 'outside' : 'planned';
                    read[origin].writer.write(changeLine(judged));
                    if ((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_8__/* .hasQuotedInstanceKey */ .RZ)(judged))
                        quotedKeys[origin].push(lights[origin].length);
                    lights[origin].push(lightChange(judged));
                },
            }), { reuse: true });
        }
        catch (error) {
            closeAll(Object.values(read), false);
            throw error;
        }
        closeAll(Object.values(read));
        pass?.planRead();
        const light = lights.outside.concat(lights.planned);
        let lists = [read.outside.path, read.planned.path];
        const { scrubUnmarked, whereScrubMayBeNeeded } = plan;
        if (scrubUnmarked && whereScrubMayBeNeeded) {
            // A secret met later in the plan may have been copied, unmarked, into a change written before it.
            const flagged = linesFound(lists, whereScrubMayBeNeeded);
            for (const index of quotedKeys.outside)
                flagged.add(index);
            for (const index of quotedKeys.planned)
                flagged.add(lights.outside.length + index);
            const scrubbed = scrubbedLines(lists, flagged, scrubUnmarked, judge, light, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(folder, 'changes.part'));
            if (scrubbed)
                lists = [scrubbed];
        }
        const report = (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__/* .buildReport */ .FK)({
            environment: request.environment,
            sources: [_gitops_sync_core__WEBPACK_IMPORTED_MODULE_10__/* .TERRAFORM_PLAN_SOURCE */ .de],
            changes: light,
            generatedAt: (context.clock ?? _ports_js__WEBPACK_IMPORTED_MODULE_11__/* .systemClock */ .ml).now().toISOString(),
            outputChanges: plan.outputChanges,
            outputChangesAreDrift: request.config.report.output_changes_are_drift,
        });
        if (pass) {
            const fingerprint = await pass.fingerprint();
            if (fingerprint === undefined) {
                pass.stop();
                return await streamedWith(request, context, use, options, false);
            }
            report.plan_fingerprint = fingerprint;
        }
        const { changes } = report;
        if (options.markdownChanges)
            withChangesShown(changes, lists);
        return await use({
            report,
            write: (path, onBytes) => {
                if (report.changes !== changes || changes.length !== light.length)
                    throw new Error('the report of a streamed plan analysis was given other changes than its scratch files hold');
                (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .writeFileAtomic */ .Zf)(path, (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_12__/* .renderJsonChunks */ .r)(report, { changes, pieces: changeListIn(lists) }), onBytes);
            },
        });
    }
    finally {
        started?.stop();
        (0,_files_js__WEBPACK_IMPORTED_MODULE_2__/* .removeScratchFolder */ .pq)(folder);
    }
}
/**
 * `analyze --output <file>.json` of a plan file (withStreamedPlanReport); returns the report with
 * light changes (what the terminal summary shows); the full changes are in the file.
 */
async function analyzePlanFileToJson(request, context, outputPath) {
    return withStreamedPlanReport(request, context, ({ report, write }) => {
        write(outputPath);
        return report;
    });
}
/**
 * Puts in `changes` the full change, read back from the final lists, in place of the light one for the
 * first MOST_CHANGES_SHOWN changes of each severity: any Markdown of the report shows no others.
 */
function withChangesShown(changes, lists) {
    const wanted = new Set();
    const counts = {};
    let last = -1;
    for (let index = 0; index < changes.length; index++) {
        const severity = changes[index].severity;
        counts[severity] = (counts[severity] ?? 0) + 1;
        if (counts[severity] <= _gitops_sync_core__WEBPACK_IMPORTED_MODULE_13__/* .MOST_CHANGES_SHOWN */ .Kz)
            wanted.add((last = index));
    }
    // The lists are read only as far as the last change wanted: usually a small part of a large plan's.
    let index = 0;
    for (const list of lists) {
        for (const [bytes, start, end] of lineRangesOf(list)) {
            if (index > last)
                return;
            if (wanted.has(index))
                changes[index] = changeOfLine(bytes, start, end);
            index++;
        }
    }
}
/**
 * Where a line of `lists` may hold an unmarked secret (`flagged`: see linesFound), the lines again in `path`
 * with those changes scrubbed and judged anew (their entries of `light` replaced); undefined when no line
 * may (the lists stand as they are).
 */
function scrubbedLines(lists, flagged, scrub, judge, light, path) {
    if (flagged.size === 0)
        return undefined;
    const scrubbed = new Spill(path);
    try {
        let index = 0;
        for (const list of lists) {
            for (const [bytes, start, end] of lineRangesOf(list)) {
                if (flagged.has(index)) {
                    const change = changeOfLine(bytes, start, end);
                    scrub(change);
                    const [judged] = judge.judgeAll([change]);
                    light[index] = lightChange(judged);
                    scrubbed.writer.write(changeLine(judged));
                }
                else
                    scrubbed.writer.write(bytes.subarray(start, end + 1));
                index++;
            }
        }
    }
    catch (error) {
        scrubbed.close(false);
        throw error;
    }
    scrubbed.close();
    return path;
}


/***/ })

};

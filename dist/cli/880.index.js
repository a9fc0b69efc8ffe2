export const id = 880;
export const ids = [880];
export const modules = {

/***/ 8880:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  analyzeCommand: () => (/* binding */ analyzeCommand),
  kubectlExternalDiffCommand: () => (/* binding */ kubectlExternalDiffCommand)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
// EXTERNAL MODULE: ./packages/core/src/config/schema.ts + 1 modules
var schema = __webpack_require__(5688);
// EXTERNAL MODULE: ./packages/core/src/report/table.ts
var table = __webpack_require__(3944);
// EXTERNAL MODULE: ./packages/core/src/report/json.ts + 1 modules
var json = __webpack_require__(1515);
;// CONCATENATED MODULE: ./packages/engine/src/drift/kubernetes-sources.ts
/** The Kubernetes sources `analyze` reads, in a module of their own: naming them does not load their analysis (kubernetes.ts). */
const KUBERNETES_SOURCES = ['k8s-manifests', 'k8s-dirs', 'kubectl-diff', 'argocd', 'flux-diff'];

// EXTERNAL MODULE: ./packages/engine/src/drift/sources.ts + 16 modules
var sources = __webpack_require__(2392);
// EXTERNAL MODULE: ./packages/engine/src/argocd-client.ts
var argocd_client = __webpack_require__(6826);
// EXTERNAL MODULE: ./packages/engine/src/config-file.ts
var config_file = __webpack_require__(1855);
// EXTERNAL MODULE: ./packages/engine/src/rules.ts
var rules = __webpack_require__(3087);
// EXTERNAL MODULE: ./packages/engine/src/files.ts + 1 modules
var files = __webpack_require__(6477);
// EXTERNAL MODULE: ./packages/cli/src/args.ts
var src_args = __webpack_require__(7109);
// EXTERNAL MODULE: ./packages/cli/src/colour.ts
var colour = __webpack_require__(6396);
// EXTERNAL MODULE: ./packages/cli/src/output.ts
var src_output = __webpack_require__(7101);
;// CONCATENATED MODULE: ./packages/cli/src/analyze-commands.ts







const SOURCES = ['terraform-plan', ...KUBERNETES_SOURCES, ...sources/* SAVED_RESULT_SOURCES */.bx.map((source) => source.name)];
const INPUT_HINT = {
    'terraform-plan': 'the output of `terraform show -json <planfile>`',
    'k8s-manifests': 'manifest files or folders: the Git side',
    'k8s-dirs': "kubectl's MERGED folder: the Git side",
    'flux-diff': 'the output of `flux diff kustomization`',
    'kubectl-diff': 'the output of `kubectl diff`',
    argocd: 'the JSON of Argo CD\'s managed-resources endpoint, or use --argocd-app',
    ...Object.fromEntries(sources/* SAVED_RESULT_SOURCES */.bx.map((source) => [source.name, source.hint])),
};
/** ARGOCD_SERVER and ARGOCD_AUTH_TOKEN, as the argocd CLI reads them; the token is redacted from every message. */
function argoCdCredentials(env, redactor) {
    const { server, token } = (0,argocd_client/* argoCdCredentials */.l7)(env, '--argocd-app needs ARGOCD_SERVER (e.g. https://argocd.example.com) and ARGOCD_AUTH_TOKEN in the environment.', redactor.add);
    return { server: /^https?:\/\//.test(server) ? server : `https://${server}`, token };
}
async function analyzeCommand(args, io, redactor) {
    const { values } = (0,src_args/* parse */.qg)(args, {
        ...src_output/* REPORT_FLAGS */.d$,
        source: { type: 'string', default: 'terraform-plan' },
        input: { type: 'string', multiple: true },
        live: { type: 'string' },
        namespace: { type: 'string', default: 'default' },
        'tracking-label': { type: 'string' },
        rules: { type: 'string' },
        environment: { type: 'string', default: 'default' },
        'argocd-app': { type: 'string' },
        fingerprint: { type: 'boolean', default: false },
    });
    (0,src_args/* refuseOutputFolder */.M$)(args, 'analyze');
    const format = (0,src_output/* parseFormat */.Xc)(values.format, values.output);
    const source = String(values.source);
    if (!SOURCES.includes(source))
        throw new errors/* UserError */.yo(`--source ${source} is not a known source; use one of ${SOURCES.join(', ')}.`);
    const inputs = (values.input ?? []).map((path) => (0,external_node_path_.resolve)(io.cwd, path));
    const config = (0,config_file/* loadConfig */.Z)((0,external_node_path_.resolve)(io.cwd, String(values.config)), false);
    const extraRules = values.rules ? (0,rules/* loadRulesFile */.C)((0,external_node_path_.resolve)(io.cwd, String(values.rules))) : [];
    const environment = String(values.environment);
    // `Next: gitops-sync sync <env>` only for an environment the config has: sync would refuse any other.
    const shown = { next: Object.hasOwn(config.environments, (0,schema/* resolveEnvironmentName */.tl)(config, environment).name) };
    if (source === 'argocd' && values['argocd-app']) {
        const { server, token } = argoCdCredentials(io.env, redactor);
        const { analyzeArgoCdApp } = await __webpack_require__.e(/* import() */ 421).then(__webpack_require__.bind(__webpack_require__, 4421));
        const report = await analyzeArgoCdApp({ server, token, app: String(values['argocd-app']), environment, config, extraRules });
        (0,src_output/* emit */.Ic)(io, report, values.format, values.output, false, shown);
        return (0,src_output/* exitFor */.Ed)(report);
    }
    if (inputs.length === 0)
        throw new errors/* UserError */.yo(`gitops-sync analyze needs --input (${INPUT_HINT[source]}).`);
    const saved = (0,sources/* savedResultSource */.M$)(source);
    if (saved) {
        if (inputs.length > 1)
            throw new errors/* UserError */.yo(`--source ${source} reads one --input (${saved.hint}); got ${inputs.length}.`);
        const report = await (0,sources/* analyzeSavedResult */.Hg)(saved, inputs[0], { environment, config, extraRules, onSecret: redactor.add });
        (0,src_output/* emit */.Ic)(io, report, values.format, values.output, false, shown);
        return (0,src_output/* exitFor */.Ed)(report);
    }
    const output = values.output;
    if (source === 'terraform-plan' && output && format === 'json') {
        // Streams a large plan's report to the file instead of holding its changes (issue 15).
        const { analyzePlanFileToJson } = await Promise.all(/* import() */[__webpack_require__.e(717), __webpack_require__.e(883)]).then(__webpack_require__.bind(__webpack_require__, 2883));
        const report = await analyzePlanFileToJson({ planPath: inputs[0], environment, config, extraRules, fingerprint: Boolean(values.fingerprint) }, { onSecret: redactor.add }, (0,external_node_path_.resolve)(io.cwd, output));
        io.stdout((0,table/* renderTable */.b)(report, undefined, (0,colour/* stdoutStyle */.jK)(io), shown));
        return (0,src_output/* exitFor */.Ed)(report);
    }
    // Each source's analysis loads when it is the one asked for.
    const report = source === 'terraform-plan'
        ? await (await Promise.all(/* import() */[__webpack_require__.e(421), __webpack_require__.e(717), __webpack_require__.e(555)]).then(__webpack_require__.bind(__webpack_require__, 9555))).analyzePlanFile({ planPath: inputs[0], environment, config, extraRules, fingerprint: Boolean(values.fingerprint) }, { onSecret: redactor.add })
        : (await __webpack_require__.e(/* import() */ 421).then(__webpack_require__.bind(__webpack_require__, 4421))).analyzeKubernetes({
            source: source,
            input: inputs,
            live: values.live ? (0,external_node_path_.resolve)(io.cwd, String(values.live)) : undefined,
            environment,
            config,
            namespace: String(values.namespace),
            trackingLabel: values['tracking-label'],
            extraRules,
        });
    (0,src_output/* emit */.Ic)(io, report, values.format, values.output, false, shown);
    return (0,src_output/* exitFor */.Ed)(report);
}
/**
 * `KUBECTL_EXTERNAL_DIFF="gitops-sync kubectl-external-diff"`: kubectl runs it with the LIVE and
 * MERGED folders and appends its own arguments after them (ignored here). Exits like diff: 0 no
 * differences, 1 differences, 2 trouble (runCli's exit for its failures) \u2014 kubectl reads any other code as an error.
 */
async function kubectlExternalDiffCommand(args, io) {
    const [live, merged] = args;
    if (!live || !merged)
        throw new errors/* UserError */.yo('kubectl-external-diff needs the LIVE and MERGED folders; set KUBECTL_EXTERNAL_DIFF="gitops-sync kubectl-external-diff" and run kubectl diff.');
    const reportPath = io.env.GITOPS_SYNC_REPORT ? (0,external_node_path_.resolve)(io.cwd, io.env.GITOPS_SYNC_REPORT) : undefined;
    const { analyzeKubernetes } = await __webpack_require__.e(/* import() */ 421).then(__webpack_require__.bind(__webpack_require__, 4421));
    try {
        const report = analyzeKubernetes({
            source: 'k8s-dirs',
            input: [(0,external_node_path_.resolve)(io.cwd, merged)],
            live: (0,external_node_path_.resolve)(io.cwd, live),
            environment: io.env.GITOPS_SYNC_ENVIRONMENT || 'kubectl',
            config: (0,config_file/* loadConfig */.Z)((0,external_node_path_.resolve)(io.cwd, io.env.GITOPS_SYNC_CONFIG || 'gitops-sync.yaml'), false),
            namespace: 'default',
        });
        if (reportPath)
            (0,files/* writeFileAtomic */.Zf)(reportPath, (0,json/* renderJsonChunks */.r)(report));
        io.stdout((0,table/* renderTable */.b)(report, undefined, (0,colour/* stdoutStyle */.jK)(io)));
        return report.drift_detected ? 1 : 0;
    }
    catch (error) {
        if (reportPath)
            removeEarlierReport(reportPath);
        throw error;
    }
}
/** kubectl diff exits 1 on differences, so CI runs it with `|| true` and reads the report: an earlier run's must not pass for this one's. */
function removeEarlierReport(path) {
    if (!(0,files/* statOrNothing */.JR)(path, false)?.isFile())
        return;
    try {
        (0,external_node_fs_.rmSync)(path, { force: true });
    }
    catch {
        // The run's own failure is what is said.
    }
}


/***/ }),

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

/***/ 7101:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ed: () => (/* binding */ exitFor),
/* harmony export */   Ic: () => (/* binding */ emit),
/* harmony export */   Xc: () => (/* binding */ parseFormat),
/* harmony export */   d$: () => (/* binding */ REPORT_FLAGS)
/* harmony export */ });
/* unused harmony exports Format, render */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3944);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1515);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7195);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6441);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(91);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6477);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2857);
/* harmony import */ var _colour_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6396);
/* harmony import */ var _exit_codes_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(3067);






const Format = zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['json', 'markdown', 'table']);
/** The report format an --output file's extension names; other names get JSON. */
const FORMAT_OF_EXTENSION = { '.md': 'markdown', '.markdown': 'markdown', '.json': 'json', '.txt': 'table' };
/** Extensions of formats gitops-sync does not write: JSON under such a name would be a surprise. */
const UNWRITTEN_FORMATS = new Set(['.yaml', '.yml', '.html', '.htm', '.xml', '.csv', '.toml', '.sarif', '.pdf']);
function formatOfOutput(output) {
    const extension = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.extname)(output).toLowerCase();
    if (UNWRITTEN_FORMATS.has(extension)) {
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`--output ${output}: gitops-sync writes no ${extension.slice(1).toUpperCase()} report; name the file .json, .md or .txt (the format follows the extension), or pass --format json|markdown|table.`);
    }
    return FORMAT_OF_EXTENSION[extension] ?? 'json';
}
function parseFormat(value, output) {
    if (value === undefined)
        return output ? formatOfOutput(output) : 'table';
    // `text`, the review and sync commands' word for the human-readable form, is the table here.
    if (value === 'text')
        return 'table';
    const parsed = Format.safeParse(value);
    if (!parsed.success)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`--format ${value} is not a format; use table, markdown or json.`);
    return parsed.data;
}
/** The report in a format, in pieces (JSON of a large report is never built as one string); only the table takes a style. */
function render(report, format, style = _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .PLAIN_STYLE */ .n, options = {}) {
    if (format === 'json')
        return (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_5__/* .renderJsonChunks */ .r)(report);
    if (format === 'markdown')
        return [(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_6__/* .renderMarkdown */ .Gc)(report, undefined, options)];
    return [(0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .renderTable */ .b)(report, undefined, style, options)];
}
/** The flags `drift` and `analyze` share. */
const REPORT_FLAGS = {
    config: { type: 'string', default: 'gitops-sync.yaml' },
    format: { type: 'string' },
    output: { type: 'string' },
    verbose: { type: 'boolean', default: false },
};
/** Writes the report to `output` (or stdout); `recorded`: a `drift` event will name its JSON's hash, taken as it is written. */
function emit(io, report, format, output, recorded = false, options = {}) {
    const chosen = parseFormat(format, output);
    if (output) {
        if (chosen === 'json' && recorded)
            (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_7__/* .writeReportJson */ .eU)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, output), report);
        else
            (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_8__/* .writeFileAtomic */ .Zf)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, output), render(report, chosen, _gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .PLAIN_STYLE */ .n, options));
        io.stdout((0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_4__/* .renderTable */ .b)(report, undefined, (0,_colour_js__WEBPACK_IMPORTED_MODULE_1__/* .stdoutStyle */ .jK)(io), options));
    }
    else
        for (const batch of (0,_gitops_sync_core__WEBPACK_IMPORTED_MODULE_9__/* .batched */ .Q)(render(report, chosen, (0,_colour_js__WEBPACK_IMPORTED_MODULE_1__/* .stdoutStyle */ .jK)(io), options)))
            io.stdout(batch);
}
const exitFor = (report) => (report.drift_detected ? _exit_codes_js__WEBPACK_IMPORTED_MODULE_10__/* .EXIT_DRIFT */ .Vi : _exit_codes_js__WEBPACK_IMPORTED_MODULE_10__/* .EXIT_NO_DRIFT */ .Pn);


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


/***/ })

};

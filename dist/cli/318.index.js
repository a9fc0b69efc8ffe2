export const id = 318;
export const ids = [318];
export const modules = {

/***/ 1318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SECRETS_SUBCOMMANDS: () => (/* binding */ SECRETS_SUBCOMMANDS),
/* harmony export */   secretsCommand: () => (/* binding */ secretsCommand)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7638);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1855);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3778);
/* harmony import */ var _gitops_sync_engine__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1414);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7109);
/* harmony import */ var _review_commands_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3622);
/* harmony import */ var _exit_codes_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3067);






function describeSecrets(report) {
    // File names are anyone's to choose: a newline or an escape sequence in one must not forge or hide a line.
    const printable = (text) => text.replace(/\p{Cc}/gu, '?');
    const lines = report.findings.map((finding) => printable(`${finding.severity.padEnd(8)} ${finding.rule.padEnd(28)} ${finding.message}`));
    const files = new Set(report.findings.map((finding) => finding.file)).size;
    const checked = `${report.files_checked} file${report.files_checked === 1 ? '' : 's'}`;
    lines.push(report.findings.length ? `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${checked} checked).` : `No secrets at rest in plaintext: ${checked} checked.`);
    return `${lines.join('\n')}\n`;
}
/** The repository's top folder when the command runs inside a clone (where .sops.yaml and .gitattributes live), else the current folder. */
async function repositoryRoot(io) {
    const result = await io.exec.run('git', ['rev-parse', '--show-toplevel'], { cwd: io.cwd });
    return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : io.cwd;
}
/** `gitops-sync secrets check [PATH\u2026]`: SOPS files encrypted as .sops.yaml says, git-crypt paths encrypted in git, no plaintext secret elsewhere. */
async function secretsCheckCommand(args, io) {
    const { values, positionals } = (0,_args_js__WEBPACK_IMPORTED_MODULE_1__/* .parse */ .qg)(args, {
        config: { type: 'string', default: 'gitops-sync.yaml' },
        format: { type: 'string', default: 'table' },
        base: { type: 'string' },
        head: { type: 'string' },
    });
    const format = (0,_review_commands_js__WEBPACK_IMPORTED_MODULE_2__.checkFormat)(String(values.format));
    if (values.head !== undefined && values.base === undefined)
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('--head needs --base: give the commit the change starts from (e.g. --base origin/main), or drop --head.');
    const configPath = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, String(values.config));
    const config = (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_4__/* .loadConfig */ .Z)(configPath, (0,_args_js__WEBPACK_IMPORTED_MODULE_1__/* .configGiven */ .An)(args));
    const root = await repositoryRoot(io);
    const report = await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_5__/* .checkSecretsAtRest */ .ln)({ root, paths: positionals.map((path) => (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(io.cwd, path)), config, baseDir: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)(configPath), exec: io.exec });
    // --base: what the change from that commit to --head does to secrets (decrypted files, weakened .sops.yaml / .gitattributes, a widened secrets.allow).
    if (values.base !== undefined) {
        const change = { root, base: String(values.base), head: String(values.head ?? 'HEAD'), exec: io.exec };
        const changes = [...(await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_6__/* .secretsPolicyChanges */ .ZC)(change)), ...(await (0,_gitops_sync_engine__WEBPACK_IMPORTED_MODULE_6__/* .secretsSettingsChanges */ .S8)({ ...change, configFile: configPath }))];
        report.findings = [...report.findings, ...changes].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.rule.localeCompare(b.rule)));
    }
    io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : describeSecrets(report));
    return report.findings.length ? _exit_codes_js__WEBPACK_IMPORTED_MODULE_7__/* .EXIT_SECRETS_FOUND */ .Yx : 0;
}
const SUBCOMMANDS = {
    check: secretsCheckCommand,
};
const SECRETS_SUBCOMMANDS = Object.keys(SUBCOMMANDS);
/** `gitops-sync secrets <subcommand>`. */
async function secretsCommand(args, io, _redactor) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h')
        return SUBCOMMANDS.check(['--help'], io);
    if (sub === undefined || sub.startsWith('-'))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`gitops-sync secrets needs a subcommand: ${SECRETS_SUBCOMMANDS.join(', ')} (e.g. \`gitops-sync secrets check\`).`);
    if (!Object.hasOwn(SUBCOMMANDS, sub))
        throw new _gitops_sync_core__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`"${sub}" is not a gitops-sync secrets subcommand; use ${SECRETS_SUBCOMMANDS.join(', ')}.`);
    return SUBCOMMANDS[sub](rest, io);
}


/***/ })

};
